"""The year-end progress update: built from a merged-like plan, written as .docx and .xlsx."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from edi_workbook.errors import OutputError
from edi_workbook.example import example_plan
from edi_workbook.model import Plan
from edi_workbook.report import (
    CLOSED,
    COUNT_COLUMNS,
    DEVELOPED,
    NO_UPDATE,
    ONGOING,
    build_report,
    closing_sentence,
    progress_paragraphs,
    write_report,
)

ROLES = ["As a Community Leader", "As an Employer", "As a Service Provider"]
FORMULA = "=SUM(A1:A9) was the old grant total"
HOUSING = "Debt advice pilot with the CAB at Trinity."
BENEFITS = "The Welfare Officer works with community wardens."

UPDATES = {
    "CL-01": ("Complete", "The Housing team continue to work on developing the OneView system."),
    "CL-02": ("On track", f"[Housing] {HOUSING}\n[Revenues and Benefits] {BENEFITS}"),
    "CL-04": ("Carried forward", "The training suite at Trinity House is up and running."),
    "CL-05": ("on track", FORMULA),
    "EM-04.1": ("Complete", "Carried out the first EDI Staff Survey."),
    "EM-04.2": ("On track", "Carers survey drafted."),
    "SP-01": ("Closed", "The guide was adopted in June."),
}


@pytest.fixture
def merged() -> Plan:
    """The example plan as a merge leaves it: some statuses and updates filled in."""
    plan = example_plan()
    plan.actions = [a.replace(status=UPDATES[a.id][0], progress=UPDATES[a.id][1])
                    if a.id in UPDATES else a for a in plan.actions]
    return plan


def _item(report, action_id):
    return next(i for s in report.sections for i in s.items if i.action_id == action_id)


@pytest.mark.parametrize(("status", "sentence"), [
    ("Complete", CLOSED), ("Closed", CLOSED), ("closed", CLOSED),
    ("Carried forward", DEVELOPED), ("On track", ONGOING), ("At risk", ONGOING),
    ("", ONGOING), ("Whatever", ONGOING),
])
def test_closing_sentence(status: str, sentence: str) -> None:
    assert closing_sentence(status) == sentence


def test_closing_sentences_are_the_published_wording() -> None:
    assert CLOSED == "This action is now closed."
    assert DEVELOPED == "This action has now developed in the new plan."
    assert ONGOING == "This action remains ongoing in the new plan."


def test_build_report_sections_items_and_milestones(merged: Plan) -> None:
    report = build_report(merged)
    assert [s.role for s in report.sections] == ROLES
    cl = report.sections[0]
    assert cl.statement.startswith("To lead by example")
    assert cl.commitments[0].text.startswith("We will work closely with our partners")
    assert len(cl.commitments[0].bullets) == 2
    assert cl.commitments[0].bullets[1].startswith("Increase volunteering")

    assert _item(report, "CL-02").paragraphs == [f"Housing: {HOUSING}",
                                                 f"Revenues and Benefits: {BENEFITS}"]
    assert _item(report, "CL-03").paragraphs == [NO_UPDATE]
    assert _item(report, "CL-03").closing == ONGOING

    em04 = _item(report, "EM-04")
    assert [m.action_id for m in em04.milestones] == ["EM-04.1", "EM-04.2", "EM-04.3"]
    assert em04.title == "Maintain understanding of the organisation's diversity and staff need."
    assert em04.milestones[0].description.startswith("Bi-Annual staff EDI survey")
    assert [m.closing for m in em04.milestones] == [CLOSED, ONGOING, ONGOING]
    assert em04.closing == ""  # mixed: each milestone says its own
    assert em04.milestones[2].paragraphs == [NO_UPDATE]
    cl08 = _item(report, "CL-08")
    assert len(cl08.milestones) == 3 and cl08.closing == ONGOING
    # Each milestone group is reported once, under its parent id.
    ids = [i.action_id for s in report.sections for i in s.items]
    assert ids.count("EM-04") == 1 and "EM-04.2" not in ids


def test_counts_by_objective_and_status(merged: Plan) -> None:
    rows = {r[0]: dict(zip(["Objective", *COUNT_COLUMNS, "Total"], r, strict=True))
            for r in build_report(merged).count_rows()}
    assert rows["Community Leader"]["Complete"] == 1
    assert rows["Community Leader"]["Carried forward"] == 1
    assert rows["Community Leader"]["On track"] == 2
    assert rows["Employer"]["Complete"] == 1
    assert rows["Service Provider"]["Closed"] == 1
    assert rows["Total"]["Total"] == len(merged.actions)
    assert rows["Total"]["No status"] == len(merged.actions) - len(UPDATES)


def test_unprefixed_text_and_blank_lines_make_paragraphs(merged: Plan) -> None:
    action = merged.actions[0].replace(
        progress="First paragraph.\n\nSecond paragraph.\n[Housing] Housing's part.",
        services=["Housing"])
    assert progress_paragraphs(action, []) == ["First paragraph.", "Second paragraph.",
                                               "Housing: Housing's part."]
    assert progress_paragraphs(action.replace(progress="  \n "), []) == [NO_UPDATE]


def _docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def test_docx_report(tmp_path: Path, merged: Plan) -> None:
    path = write_report(merged, tmp_path / "update.docx")
    doc = Document(str(path))
    paras = _docx_paragraphs(path)
    texts = [t for _, t in paras]

    assert paras[0] == ("Title", "EDI Action Plan 2023-24: progress update")
    assert "Maidstone Borough Council, 2023-24" in texts
    headings1 = [t for s, t in paras if s == "Heading 1"]
    assert headings1 == [*ROLES, "Actions by status"]
    assert ("Normal", "Objective: To lead by example, to ensure every individual resident is"
            " connected and supported") in paras
    assert any(t.startswith("We will undertake a review of consultation") for t in texts)
    assert ("List Bullet", "Increase volunteering opportunities and participation, funding"
            " and support.") in paras

    headings2 = [t for s, t in paras if s == "Heading 2"]
    assert headings2[0] == "Delivery of One View project"
    assert "Provide Staff training in Cultural Competencies" in headings2
    assert headings2.count("Maintain understanding of the organisation's diversity and"
                           " staff need.") == 1
    assert len(headings2) == len(build_report(merged).sections[0].items) + 5 + 6

    def after(title: str) -> list[str]:
        start = texts.index(title) + 1
        end = next(i for i in range(start, len(paras)) if paras[i][0].startswith("Heading"))
        return texts[start:end]

    assert after("Delivery of One View project") == [UPDATES["CL-01"][1], CLOSED]
    assert after("Implement no wrong door (local campaign to signpost to services) –"
                 " increasing access to services") == [f"Housing: {HOUSING}",
                                                      f"Revenues and Benefits: {BENEFITS}",
                                                      ONGOING]
    assert after("Provide access to digital training and support at Trinity House.")[-1] \
        == DEVELOPED
    assert after("Develop a greater understanding of our communities through the"
                 " Implementation of the Community Insight system") == [NO_UPDATE, ONGOING]
    assert after("Increase engagement from our Seldom Heard Communities")[0] == FORMULA
    em04 = after("Maintain understanding of the organisation's diversity and staff need.")
    assert em04[:3] == ["Bi-Annual staff EDI survey to respond to need and benchmark progress.",
                        UPDATES["EM-04.1"][1], CLOSED]
    assert em04.count(NO_UPDATE) == 1 and em04[-1] == ONGOING

    # Closing sentences are in italics.
    closing = next(p for p in doc.paragraphs if p.text == CLOSED)
    assert all(run.italic for run in closing.runs)
    bullet = next(p for p in doc.paragraphs if p.text.startswith("Bi-Annual staff EDI"))
    assert bullet.style.name == "List Bullet" and bullet.runs[0].bold

    table = doc.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Objective", *COUNT_COLUMNS, "Total"]
    cells = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert cells["Community Leader"][header.index("Complete")] == "1"
    assert cells["Service Provider"][header.index("Closed")] == "1"
    assert cells["Total"][-1] == str(len(merged.actions))
    first = table.rows[0].cells[0]
    assert first.paragraphs[0].runs[0].bold
    assert 'w:fill="1F4E78"' in first._tc.xml


def test_xlsx_report(tmp_path: Path, merged: Plan) -> None:
    path = write_report(merged, tmp_path / "update.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Progress update", "Counts"]
    ws = wb["Progress update"]
    assert [c.value for c in ws[1]] == ["Objective", "Action ID", "Action title",
                                        "Progress update", "Status", "Closing sentence"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["CL-01"] == ("Community Leader", "CL-01", "Delivery of One View project",
                             UPDATES["CL-01"][1], "Complete", CLOSED)
    assert rows["CL-02"][3] == f"Housing: {HOUSING}\n\nRevenues and Benefits: {BENEFITS}"
    assert rows["CL-03"][3] == NO_UPDATE and rows["CL-03"][5] == ONGOING
    assert rows["CL-04"][5] == DEVELOPED
    assert rows["EM-04.1"][2] == ("Maintain understanding of the organisation's diversity"
                                  " and staff need.")
    assert rows["EM-04.1"][3].endswith(UPDATES["EM-04.1"][1])
    assert rows["EM-04.1"][5] == CLOSED and rows["EM-04.2"][5] == ONGOING
    assert "EM-04" not in rows
    assert len(rows) == len(merged.actions)

    # Formula-looking text is stored as text, not a formula.
    cell = next(r[3] for r in ws.iter_rows(min_row=2) if r[1].value == "CL-05")
    assert cell.value == FORMULA and cell.data_type == "s"

    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:F{ws.max_row}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.column_dimensions["D"].width > ws.column_dimensions["B"].width
    assert ws["D2"].alignment.wrap_text
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("1F4E78")
    cl02 = next(r[0].row for r in ws.iter_rows(min_row=2) if r[1].value == "CL-02")
    assert ws.row_dimensions[cl02].height >= 3 * 15

    counts = wb["Counts"]
    header = [c.value for c in counts[1]]
    assert header == ["Objective", *COUNT_COLUMNS, "Total"]
    table = {r[0]: r for r in counts.iter_rows(min_row=2, values_only=True)}
    assert table["Community Leader"][header.index("Complete")] == 1
    assert table["Employer"][header.index("Complete")] == 1
    assert table["Total"][-1] == len(merged.actions)
    assert counts.freeze_panes == "A2"


def test_illegal_characters_are_dropped(tmp_path: Path, merged: Plan) -> None:
    merged.actions[0] = merged.actions[0].replace(progress="Bell\x07 rang")
    doc = Document(str(write_report(merged, tmp_path / "u.docx")))
    assert "Bell rang" in [p.text for p in doc.paragraphs]
    ws = load_workbook(write_report(merged, tmp_path / "u.xlsx"))["Progress update"]
    assert ws["D2"].value == "Bell rang"


@pytest.mark.parametrize("name", ["REPORT.pdf", "report", "report.xls"])
def test_bad_suffix(tmp_path: Path, merged: Plan, name: str) -> None:
    with pytest.raises(OutputError) as exc:
        write_report(merged, tmp_path / name)
    assert str(exc.value) == f"{name}: choose a .docx or .xlsx file name"
    assert not (tmp_path / name).exists()


def test_failed_write_leaves_old_file(tmp_path: Path, merged: Plan, monkeypatch) -> None:
    path = tmp_path / "update.docx"
    path.write_bytes(b"old")
    import edi_workbook.report as report

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(report, "_write_docx", boom)
    with pytest.raises(OutputError, match="update.docx: the report cannot be written"):
        write_report(merged, path)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["update.docx"]
