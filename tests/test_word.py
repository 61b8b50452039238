"""Word plans in any layout but Maidstone's (tests/test_importer.py holds those)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from edi_workbook.core import messages as m
from edi_workbook.core.errors import WorkbookError
from edi_workbook.importing.source import Draft, Row, Source, Text
from edi_workbook.importing.word import read_docx


def table(document: Any, rows: list[list[str]]) -> Any:
    t = document.add_table(rows=0, cols=len(rows[0]))
    for values in rows:
        cells = t.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    return t


def test_paragraphs_headings_and_tables_in_order(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Equality Plan 2024")
    doc.add_heading("Objective one: Fair services", level=2)
    t = table(doc, [["Objective one: Fair services", "", ""],
                    ["Action", "By when", "Lead"],
                    ["Publish the statement", "March 2025", "AG"],
                    ["Action", "By when", "Lead"],  # the header repeated after a page break
                    ["Priority 2 – Training", "", ""],
                    ["Train staff", "", "ZW"]])
    merged = t.rows[0].cells[0].merge(t.rows[0].cells[2])
    merged.text = "Objective one: Fair services"
    t.rows[4].cells[0].merge(t.rows[4].cells[2])
    p = t.rows[2].cells[0].paragraphs[0]
    p.add_run(" and withdraw the old one").font.strike = True
    t.rows[2].cells[0].add_paragraph("Easy read too", style="List Bullet")
    # Word split the table at a page break: no header, same columns.
    table(doc, [["Review the plan", "Annually", "CT"]])
    doc.add_paragraph("We will report each year.")
    doc.save(str(tmp_path / "p.docx"))

    source = read_docx(tmp_path / "p.docx")
    assert isinstance(source, Source) and source.title == "Equality Plan 2024"
    blocks = source.sections[0].blocks
    assert [(type(b).__name__, getattr(b, "text", "")) for b in blocks] == [
        ("Text", "Equality Plan 2024"), ("Text", "Objective one: Fair services"),
        ("Text", "Objective one: Fair services"), ("Table", ""),
        ("Text", "We will report each year.")]
    assert [b.heading for b in blocks if isinstance(b, Text)] == [False, True, True, False]
    [t] = source.tables()
    assert t.header == ["Action", "By when", "Lead"]
    assert [(type(r).__name__, r.values if isinstance(r, Row) else r.text) for r in t.rows] == [
        ("Row", ["Publish the statement\n• Easy read too", "March 2025", "AG"]),
        ("Text", "Priority 2 – Training"),
        ("Row", ["Train staff", "", "ZW"]),
        ("Row", ["Review the plan", "Annually", "CT"]),
    ]
    assert t.rows[0].number == 3 and t.rows[3].number == 1


def test_a_generic_action_title_table_is_not_read_as_maidstones(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("As a Community Leader")  # a role, but not Maidstone's header
    table(doc, [["Action title", "Lead", "Deadline"], ["Publish", "AG", "May 2025"]])
    doc.save(str(tmp_path / "p.docx"))
    source = read_docx(tmp_path / "p.docx")
    assert isinstance(source, Source)  # the generic reader, not Maidstone's Draft
    [t] = source.tables()
    assert t.header == ["Action title", "Lead", "Deadline"]
    assert [(r.values, r.number) for r in t.rows] == [(["Publish", "AG", "May 2025"], 2)]


def test_maidstones_header_with_roles_keeps_its_reader(tmp_path: Path) -> None:
    doc = Document()
    table(doc, [["As an Employer", "", "", "", ""],
                ["Commitments", "Action Title", "Actions", "Responsible Service",
                 "Timescale for delivery"],
                ["We will train", "Train staff NEW", "Courses", "HR", "June 2024"]])
    doc.save(str(tmp_path / "p.docx"))
    draft = read_docx(tmp_path / "p.docx")
    assert isinstance(draft, Draft)
    assert [(a.id, a.title, a.type) for a in draft.actions] == [("EM-01", "Train staff", "New")]


def test_actions_before_any_role_take_the_documents_name(tmp_path: Path) -> None:
    """Not a made-up 'As an Organisation': the document's own title."""
    doc = Document()
    doc.add_paragraph("EDI Action Plan 2024-25")
    table(doc, [["Commitments", "Action Title", "Actions", "Responsible Service",
                 "Timescale for delivery"],
                ["", "Train staff", "Courses", "HR", "June 2024"],
                ["As an Employer", "", "", "", ""]])
    doc.save(str(tmp_path / "p.docx"))
    draft = read_docx(tmp_path / "p.docx")
    assert isinstance(draft, Draft)
    assert [o.role for o in draft.objectives][:1] == ["EDI Action Plan 2024-25"]


@pytest.mark.parametrize("data", [b"not a zip", b""])
def test_not_a_word_document(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "p.docx").write_bytes(data)
    with pytest.raises(WorkbookError) as info:
        read_docx(tmp_path / "p.docx")
    # What the Word library said is put in as it stands: any words will do.
    anything = re.escape(m.not_a_word_document("\0")).replace("\0", ".*")
    assert info.value.path.name == "p.docx"
    assert re.fullmatch(anything, info.value.reason), info.value.reason
    assert info.value.advice == m.SAVE_AS_DOCX


@pytest.mark.parametrize("declaration", [
    b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    b'<!DOCTYPE w [<!ENTITY b SYSTEM "file:///etc/passwd">]>',
])
def test_entity_declarations_are_refused(tmp_path: Path, declaration: bytes) -> None:
    """An entity bomb or an external entity is refused, not expanded, in the words
    `edi-workbook check` has for it."""
    import zipfile

    doc = Document()
    doc.add_paragraph("As a Community Leader")
    doc.add_paragraph("Train staff &b;")
    doc.save(str(tmp_path / "plain.docx"))
    with zipfile.ZipFile(tmp_path / "plain.docx") as source, \
            zipfile.ZipFile(tmp_path / "p.docx", "w") as bomb:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                head, _, rest = data.partition(b"?>")
                data = head + b"?>" + declaration + rest.replace(b"&amp;b;", b"&b;")
            bomb.writestr(item, data)
    with pytest.raises(WorkbookError) as info:
        read_docx(tmp_path / "p.docx")
    assert info.value.path.name == "p.docx"
    assert info.value.reason == m.declares_entities("word/document.xml")
    assert info.value.advice == m.ASK_SENDER_AGAIN
