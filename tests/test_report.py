"""The year-end progress update: built from a merged-like plan, written as .docx and .xlsx.

The Word tests read the written document's XML for what committee and a
screen reader rely on (A4, English (UK), page numbers, header rows, heading
order, title, alt text, status words beside colours); where LibreOffice is
installed the document is also printed to PDF and read back word by word.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import unicodedata
import zipfile
import zlib
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from edi_workbook.core import messages as m
from edi_workbook.core.errors import OutputError, ReportError
from edi_workbook.core.model import STATUSES, Action, Objective, Plan, ServiceUpdate
from edi_workbook.core.report import (
    INCLUDABLE_HEADERS,
    NO_STATUS,
    NO_UPDATE,
    Paragraph,
    build_report,
    closing_kind,
    closing_text,
    next_plan_name,
    service_updates,
    update_paragraphs,
)
from edi_workbook.report import write_report
from edi_workbook.workflow.example import example_plan
from edi_workbook.xlsx import styles

ROLES = ["As a Community Leader", "As an Employer", "As a Service Provider"]
AS_OF = date(2024, 3, 15)
NEXT = "EDI Action Plan 2024-25"
FORMULA = "=SUM(A1:A9) was the old grant total"
HOUSING = "Housing and the CAB have undertaken a Debt advice pilot at Trinity House."
BENEFITS = "The Welfare Officer works with community wardens."
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The closing sentences of the council's published progress update (the second seed).
CLOSED = "This action is now closed."
DEVELOPED = "This action has now developed in the new plan."
ONGOING = "This action remains ongoing in the new plan."

UPDATES = {
    "CL-01": ("Complete", "The Housing team continue to work on developing the OneView system."),
    # A shared action: each service's own words kept as its own record.
    "CL-02": ("On track", {"Housing": HOUSING, "Revenues and Benefits": BENEFITS}),
    "CL-04": ("Carried forward", "The training suite at Trinity House is up and running."),
    "CL-05": ("on track", FORMULA),
    "CL-09": ("At risk", "More work is needed for veterans."),
    "EM-04.1": ("Complete", "Carried out the first EDI Staff Survey."),
    "EM-04.2": ("On track", "Carers survey drafted."),
    "SP-01": ("Off track", "The LGA guide has not been released."),
}


def _updated(action: Action, status: str, words: str | dict[str, str],
             field_name: str = "progress") -> Action:
    """`action` with a status and an update: plain text, or each service's own words."""
    if isinstance(words, str):
        return action.replace(status=status, **{field_name: words})
    updates = {name: ServiceUpdate(action.id, name) for name in words}
    for name, text in words.items():
        setattr(updates[name], field_name, text)
    return action.replace(status=status, updates=updates)


@pytest.fixture
def merged() -> Plan:
    """The example plan as a merge leaves it: some statuses and updates filled in."""
    plan = example_plan()
    plan.actions = [_updated(a, *UPDATES[a.id]) if a.id in UPDATES else a
                    for a in plan.actions]
    return plan


def _item(report, action_id):
    return next(i for s in report.sections for i in s.items if i.action_id == action_id)


def _report(plan, **kwargs):
    return build_report(plan, as_of=AS_OF, **kwargs)


# --- deciding ------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "sentence"), [
    ("Complete", CLOSED), ("Closed", CLOSED), ("closed", CLOSED),
    ("Carried forward", DEVELOPED), ("On track", ONGOING), ("At risk", ONGOING),
    ("Not started", ONGOING),
])
def test_closing_sentence(status: str, sentence: str) -> None:
    assert closing_text(closing_kind(status)) == sentence


@pytest.mark.parametrize("status", ["", "Whatever"])
def test_no_status_no_closing_sentence(status: str) -> None:
    """What happens next comes from a status someone chose, never by default."""
    assert closing_kind(status) == ""
    assert _report(example_plan()).closing(closing_kind(status)) == ""


def test_closing_sentence_names_the_next_plan() -> None:
    assert closing_text(closing_kind("On track"), NEXT) == (
        "This action remains ongoing in the new EDI Action Plan 2024-25.")
    assert closing_text(closing_kind("Carried forward"), NEXT) == (
        "This action has now developed in the new EDI Action Plan 2024-25.")
    assert closing_text(closing_kind("Complete"), NEXT) == CLOSED
    assert closing_text("ongoing", NEXT, "These actions", plural=True) == (
        "These actions remain ongoing in the new EDI Action Plan 2024-25.")


@pytest.mark.parametrize(("title", "period", "expected"), [
    ("EDI Action Plan 2023-24", "2023-24", "EDI Action Plan 2024-25"),
    ("EDI Action Plan 2023/24", "2023-24", "EDI Action Plan 2024/25"),
    ("EDI Action Plan", "2023-24", "EDI Action Plan 2024-25"),
    ("Equality Action Plan 2099-00", "2099-00", "Equality Action Plan 2100-01"),
    ("Equality Strategy 2015 – 2019", "", "Equality Strategy 2019 – 2023"),
    ("Equality Objectives 2023-27", "2023-27", "Equality Objectives 2027-31"),
    ("Inclusion Plan 2024", "2024", "Inclusion Plan 2025"),
    ("EDI Action Plan 2024-26: progress tracker", "2024-26", "EDI Action Plan 2026-28"),
    ("EDI Plan 2024-25 – Appendix 2", "2024-25", "EDI Plan 2025-26"),
    ("Plan 2024-25 for the Borough", "2024-25", "Plan 2025-26 for the Borough"),
    ("Equality Act 2010 action plan", "2023-24", "Equality Act 2010 action plan 2024-25"),
    ("EDI Action Plan", "", ""),
])
def test_next_plan_name(title: str, period: str, expected: str) -> None:
    assert next_plan_name(title, period) == expected


def test_build_report_sections_items_and_milestones(merged: Plan) -> None:
    report = _report(merged)
    assert report.next_plan == NEXT
    assert [s.role for s in report.sections] == ROLES
    cl = report.sections[0]
    assert cl.statement.startswith("To lead by example")
    assert cl.commitments[0].text.startswith("We will work closely with our partners")
    assert len(cl.commitments[0].bullets) == 2
    assert cl.commitments[0].bullets[1].startswith("Increase volunteering")

    cl03 = _item(report, "CL-03")
    assert cl03.rows[0].paragraphs == [] and not cl03.has_update
    assert cl03.rows[0].status == NO_STATUS and cl03.rows[0].kind == ""

    em04 = _item(report, "EM-04")
    assert em04.grouped
    assert [r.action_id for r in em04.rows] == ["EM-04.1", "EM-04.2", "EM-04.3"]
    assert em04.title == "Maintain understanding of the organisation's diversity and staff need."
    assert em04.rows[0].description.startswith("Bi-Annual staff EDI survey")
    assert [r.kind for r in em04.rows] == ["closed", "ongoing", ""]
    assert em04.rows[2].paragraphs == []
    cl08 = _item(report, "CL-08")
    assert len(cl08.rows) == 3 and not cl08.has_update
    # Each milestone group is reported once, under its parent id.
    ids = [i.action_id for s in report.sections for i in s.items]
    assert ids.count("EM-04") == 1 and "EM-04.2" not in ids
    assert len(report.rows) == len(merged.actions)


def test_status_table_by_status_and_objective(merged: Plan) -> None:
    table = _report(merged).status_table()
    rows = {r[0]: r[1:] for r in table}
    # columns: Community Leader, Employer, Service Provider, Total
    assert [r[0] for r in table] == [*STATUSES, NO_STATUS, "Total"]
    assert rows["Complete"] == [1, 1, 0, 2]
    assert rows["Carried forward"] == [1, 0, 0, 1]
    assert rows["On track"] == [2, 1, 0, 3]
    assert rows["Off track"] == [0, 0, 1, 1]
    assert rows["Total"][-1] == len(merged.actions)
    assert rows[NO_STATUS][-1] == len(merged.actions) - len(UPDATES)


def test_service_updates_are_pairs(merged: Plan) -> None:
    cl02 = merged.action_index()["CL-02"]
    assert list(service_updates(cl02, "progress")) == [
        ("Housing", HOUSING), ("Revenues and Benefits", BENEFITS)]
    # The plan's own words first; services in the action's order, then any other.
    cl02 = cl02.replace(progress="Officer's note.")
    cl02.updates["ICT"] = ServiceUpdate("CL-02", "ICT", "Kit ordered.")
    cl02.updates["Housing"].progress = ""
    assert list(service_updates(cl02, "progress")) == [
        ("", "Officer's note."), ("Revenues and Benefits", BENEFITS), ("ICT", "Kit ordered.")]


def test_every_service_is_named_on_a_shared_action(merged: Plan) -> None:
    """Housing's words began 'Housing and the CAB ...' and went unnamed, beside Revenues and
    Benefits' named ones: committee could not tell whose they were."""
    cl02 = merged.action_index()["CL-02"]
    assert update_paragraphs(cl02, "progress") == [
        Paragraph(HOUSING, "Housing"), Paragraph(BENEFITS, "Revenues and Benefits")]
    # One service leading and answering: no label at all.
    single = cl02.replace(services=["Housing"], progress="Pilot done.", updates={})
    assert update_paragraphs(single, "progress") == [Paragraph("Pilot done.")]
    # Several leads, one answered: its name says who.
    shared = _updated(cl02, "On track", {"Housing": "Pilot done."})
    assert update_paragraphs(shared, "progress") == [Paragraph("Pilot done.", "Housing")]


def test_blank_lines_make_paragraphs(merged: Plan) -> None:
    action = merged.actions[0].replace(progress="First paragraph.\n\n Second paragraph.\n"
                                       "Same paragraph, next line.")
    assert [p.line() for p in update_paragraphs(action, "progress")] == [
        "First paragraph.", "Second paragraph.\nSame paragraph, next line."]
    assert update_paragraphs(action.replace(progress="  \n "), "progress") == []


def test_include_names_columns_in_any_case(merged: Plan) -> None:
    merged.actions[0].extra["Outcome"] = "Fewer evictions"
    report = _report(merged, include=["outcome", " Comments ", "Status", "Outcome"])
    assert report.included == ["Outcome", "Comments"]
    row = _item(report, "CL-01").rows[0]
    assert row.included == [("Outcome", [Paragraph("Fewer evictions")])]


def test_include_unknown_column_names_the_choices(merged: Plan) -> None:
    merged.actions[0].extra["Outcome"] = "x"
    with pytest.raises(ReportError) as exc:
        _report(merged, include=["Outcomes"])
    assert str(exc.value) == m.unknown_report_column("Outcomes", [*INCLUDABLE_HEADERS, "Outcome"])


# --- the Word document: read back from its XML -----------------------------------------

def _xml(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def _parts(path: Path, prefix: str) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [n for n in z.namelist() if n.startswith(prefix)]


def _texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


@pytest.fixture
def docx_path(tmp_path: Path, merged: Plan) -> Path:
    merged.actions = [a.replace(revised_timescale="December 2024") if a.id == "EM-01" else a
                      for a in merged.actions]
    return write_report(merged, tmp_path / "update.docx", as_of=AS_OF)


def test_docx_is_a4_english_uk_with_a_title(docx_path: Path) -> None:
    document = _xml(docx_path, "word/document.xml")
    sizes = re.findall(r"<w:pgSz [^>]*/>", document)
    assert sizes and all('w:w="11906"' in s and 'w:h="16838"' in s for s in sizes)
    styles_xml = _xml(docx_path, "word/styles.xml")
    assert re.search(r'<w:rPrDefault>.*<w:lang w:val="en-GB"', styles_xml, re.S)
    assert 'w:val="en-US"' not in styles_xml
    assert '<w:themeFontLang w:val="en-GB"' in _xml(docx_path, "word/settings.xml")
    core = Document(str(docx_path)).core_properties
    assert core.title == "EDI Action Plan 2023-24: progress update"
    assert core.language == "en-GB" and core.author == "Maidstone Borough Council"
    assert "python-docx" not in _xml(docx_path, "docProps/core.xml")
    with zipfile.ZipFile(docx_path) as z:  # no part still says en-US
        assert not [n for n in z.namelist() if b'w:val="en-US"' in z.read(n)]


def test_docx_council_style(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    normal = doc.styles["Normal"].font
    assert normal.name == "Arial" and normal.size.pt == 12
    for name in ("Title", "Heading 1", "Heading 2"):
        assert doc.styles[name].font.name == "Arial"
        assert str(doc.styles[name].font.color.rgb) == styles.REPORT_HEADING_COLOUR
    assert "asciiTheme" not in _xml(docx_path, "word/styles.xml")
    # GOV.UK: no italics for emphasis.
    assert not any(run.italic for p in doc.paragraphs for run in p.runs)
    assert "<w:i/>" not in _xml(docx_path, "word/document.xml")


def test_docx_footer_numbers_pages(docx_path: Path) -> None:
    footers = [_xml(docx_path, name) for name in _parts(docx_path, "word/footer")]
    assert footers
    text = "".join(footers)
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", text)
    assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", text)
    assert "position as at 15 March 2024" in text
    assert "footerReference" in _xml(docx_path, "word/document.xml")


def test_docx_cover_introduction_and_summary_come_first(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paras[0] == ("Title", "EDI Action Plan 2023-24: progress update")
    assert paras[1] == ("Subtitle", "Maidstone Borough Council")
    assert paras[2] == ("Subtitle", "Position as at 15 March 2024")
    headings1 = [t for s, t in paras if s == "Heading 1"]
    assert headings1 == ["Introduction", "Summary of progress", *ROLES]
    texts = [t for _, t in paras]
    assert any(f"remains ongoing in the new {NEXT}" in t for t in
               texts[texts.index("Introduction"):texts.index("Summary of progress")])
    summary = texts[texts.index("Summary of progress"):texts.index(ROLES[0])]
    assert ("The plan has 21 actions. Two of them are made up of deliverables tracked one"
            " by one, so the figures below count 25 actions and deliverables.") in summary
    assert ("As at 15 March 2024: 3 on track, 1 at risk, 1 off track, 2 complete and 1"
            " carried forward.") in summary
    assert "Needing attention: CL-09 is at risk; SP-01 is off track." in summary
    assert "Timescales were revised for EM-01 (to December 2024)." in summary


def test_docx_headings_in_order(docx_path: Path) -> None:
    levels = []
    for p in Document(str(docx_path)).paragraphs:
        name = p.style.name
        if name == "Title":
            levels.append(0)
        elif name.startswith("Heading"):
            levels.append(int(name.split()[-1]))
    assert levels[0] == 0 and levels.count(0) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, (before, after)


def test_docx_tables_have_repeating_header_rows_and_fit_a4(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    text_width = (11906 - 2 * 1134) / 1440 * 2.54  # cm
    assert len(doc.tables) == 1 + 7 + 3  # status; actions with an update; no update
    for table in doc.tables:
        rows = table._tbl.findall(f"{W}tr")
        assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
        assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
        assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
        assert table._tbl.tblPr.find(f"{W}tblCaption") is not None
        grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert sum(grid) / 1440 * 2.54 <= text_width + 0.05
        # no merged cells
        assert "gridSpan" not in table._tbl.xml and "vMerge" not in table._tbl.xml
        header = [c.text for c in table.rows[0].cells]
        assert all(header) and table.rows[0].cells[0].paragraphs[0].runs[0].bold


def test_docx_status_table_and_words_beside_colours(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Status", "Community Leader", "Employer", "Service Provider", "Total"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in table.rows[1:]}
    assert rows["Complete"] == ["1", "1", "0", "2"]
    assert rows["Total"][-1] == "25"
    shaded = 0
    for t in doc.tables:
        for row in t.rows[1:]:
            for cell in row.cells:
                m = re.search(r'<w:shd [^>]*w:fill="([0-9A-F]{6})"', cell._tc.xml)
                if m:
                    shaded += 1
                    # colour never alone: the cell says the status its colour stands for
                    assert cell.text in styles.STATUS_COLOURS, cell.text
                    assert styles.STATUS_COLOURS[cell.text][0] == m.group(1)
    assert shaded == 7 + len(UPDATES)  # the status table's seven and every status given


def test_docx_chart_has_alt_text_and_status_labels(docx_path: Path) -> None:
    charts = _parts(docx_path, "word/charts/chart")
    assert len(charts) == 1
    chart = _xml(docx_path, charts[0])
    labels = re.findall(r"<c:cat>.*?</c:cat>", chart, re.S)[0]
    # Every status of the table, none or not: the chart and the table show the same rows.
    assert re.findall(r"<c:v>([^<]+)</c:v>", labels) == [*STATUSES, NO_STATUS]
    assert '<c:showVal val="1"/>' in chart
    document = _xml(docx_path, "word/document.xml")
    descr = re.findall(r'<wp:docPr [^>]*descr="([^"]+)"', document)
    assert descr == [html.escape(
        "Bar chart of actions by status, as at 15 March 2024: Not started 0; On track 3; At"
        " risk 1; Off track 1; Complete 2; Closed 0; Carried forward 1; No status 17; 25 in"
        " all. The table above gives the same figures by objective.", quote=True)]
    rels = _xml(docx_path, "word/_rels/document.xml.rels")
    assert "relationships/chart" in rels
    assert _parts(docx_path, "word/embeddings/")  # Word's "Edit Data" has its figures
    with zipfile.ZipFile(docx_path) as z:
        assert "word/charts/chart1.xml" in z.read("[Content_Types].xml").decode()


def test_docx_actions_with_id_status_lead_and_timescale(docx_path: Path,
                                                        merged: Plan) -> None:
    doc = Document(str(docx_path))
    text = "\n".join([*_texts(docx_path),
                      *(c.text for t in doc.tables for r in t.rows for c in r.cells)])
    for action in merged.actions:
        assert re.search(rf"\b{re.escape(action.id)}\b", text), action.id
    headings2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "CL-01 Delivery of One View project" in headings2
    assert "Actions with no update" in headings2
    texts = _texts(docx_path)

    def after(title: str) -> list[str]:
        start = texts.index(title) + 1
        end = next(i for i in range(start, len(doc.paragraphs))
                   if doc.paragraphs[i].style.name.startswith("Heading"))
        return texts[start:end]

    assert after("CL-01 Delivery of One View project") == [UPDATES["CL-01"][1], CLOSED]
    cl02 = after("CL-02 Implement no wrong door (local campaign to signpost to services) –"
                 " increasing access to services")
    assert cl02 == [f"Housing: {HOUSING}", f"Revenues and Benefits: {BENEFITS}",
                    f"This action remains ongoing in the new {NEXT}."]
    assert after("CL-04 Provide access to digital training and support at Trinity"
                 " House.")[-1] == f"This action has now developed in the new {NEXT}."
    assert after("CL-05 Increase engagement from our Seldom Heard Communities")[0] == FORMULA
    em04 = after("EM-04 Maintain understanding of the organisation's diversity and staff"
                 " need.")
    assert em04 == [f"EM-04.1: {UPDATES['EM-04.1'][1]}", f"EM-04.2: {UPDATES['EM-04.2'][1]}",
                    "No update was given for this report on EM-04.3.",
                    CLOSED.replace("This action", "EM-04.1"),
                    f"EM-04.2 remains ongoing in the new {NEXT}."]
    closing = next(p for p in doc.paragraphs if p.text == CLOSED)
    assert closing.style.name == "Closing sentence"

    # The facts table under each action: status word, lead(s), timescale.
    heading = "SP-01 Adopt Inclusive Language Guide"
    table = next(t for t in doc.tables if t._tbl.getprevious() is not None
                 and t._tbl.getprevious().xpath("string(.)") == heading)
    assert [c.text for c in table.rows[0].cells] == ["Status", "Lead service(s)", "Timescale"]
    assert [c.text for c in table.rows[1].cells] == [
        "Off track", "Policy, Communities and Engagement", "October 2024"]
    # A revised timescale is shown beside the original, here among the actions with no update.
    em01 = next(r for t in doc.tables for r in t.rows if r.cells[0].text == "EM-01")
    assert [c.text for c in em01.cells] == [
        "EM-01", "Provide Staff training in Cultural Competencies", "Housing\nHuman Resources",
        "October 2024; revised to December 2024", "No status"]


def test_docx_no_update_worded_once_and_grouped(docx_path: Path) -> None:
    doc = Document(str(docx_path))
    texts = _texts(docx_path)
    everything = "\n".join([*texts, *(c.text for t in doc.tables for r in t.rows
                                      for c in r.cells)])
    # Said once above each objective's table and once for EM-04.3, never action by action.
    assert everything.count(NO_UPDATE[:-1]) == 3 + 1
    assert sum(t.startswith("No update was given for 17 of the 25") for t in texts) == 1
    # Each objective ends with its actions that have no update, in one table.
    grouped = [t for t in doc.tables if t._tbl.tblPr.find(f"{W}tblCaption").get(
        f"{W}val") == "Actions with no update"]
    assert len(grouped) == 3
    ids = [r.cells[0].text for r in grouped[0].rows[1:]]
    assert ids[:2] == ["CL-03", "CL-06"] and "CL-08.1\nCL-08.2\nCL-08.3" in ids
    # Nobody gave them a status: the update does not say they carry on.
    assert not [t for t in texts if "remain ongoing" in t and t.startswith("These actions")]


def test_docx_include_and_next_plan(tmp_path: Path, merged: Plan) -> None:
    merged.actions[0].extra["Outcome"] = "Fewer households evicted"
    cl02 = merged.actions[1]
    cl02.updates["Housing"].comments = "Propose closing."
    cl02.updates["Revenues and Benefits"].comments = "Keep open."
    path = write_report(merged, tmp_path / "u.docx", as_of=AS_OF,
                        include=["Outcome", "Comments"], next_plan="Equality Strategy 2025")
    texts = _texts(path)
    assert "Outcome: Fewer households evicted" in texts
    assert "Comments, Housing: Propose closing." in texts
    assert "Comments, Revenues and Benefits: Keep open." in texts
    assert "This action remains ongoing in the new Equality Strategy 2025." in texts
    assert not any("2024-25" in t for t in texts)
    xlsx = load_workbook(write_report(merged, tmp_path / "u.xlsx", as_of=AS_OF,
                                      include=["Outcome"]))["Progress update"]
    header = [c.value for c in xlsx[1]]
    assert header[-1] == "Outcome"
    assert xlsx.cell(2, len(header)).value == "Fewer households evicted"


def _many_objectives(plan: Plan, names: list[str]) -> Plan:
    keys = [f"O{i}" for i in range(len(names))]
    plan.objectives += [Objective(k, n) for k, n in zip(keys, names, strict=True)]
    plan.actions += [plan.actions[0].replace(id=f"{k}-01", objective=k) for k in keys]
    return plan


@pytest.mark.parametrize(("names", "transposed", "landscape"), [
    ([], False, False),  # Maidstone's three roles: statuses down the side, A4 portrait
    (["Neighbourhoods", "Employment", "Environment"], False, True),
    ([f"Objective number {i}" for i in range(4)], False, True),
    ([f"Objective number {i}" for i in range(8)], True, True),
])
def test_status_table_layout(merged: Plan, names, transposed, landscape) -> None:
    from edi_workbook.report.docx import status_layout, word_width

    report = _report(_many_objectives(merged, names))
    layout = status_layout(report, 17.0, 25.7)
    assert (layout.transposed, layout.landscape) == (transposed, landscape)
    assert sum(layout.widths) == pytest.approx(25.7 if landscape else 17.0)
    headers = ([s.sheet_name for s in report.sections] if not transposed
               else [r[0] for r in report.status_table()[:-1]])
    for header, width in zip(headers, layout.widths[1:-1], strict=True):
        assert width >= word_width(header)  # no header word broken


def test_fit_widths_keeps_every_word_whole() -> None:
    from edi_workbook.report.docx import fit_widths

    # The narrow column takes what it needs from the others, in proportion to their room.
    assert fit_widths([5, 5, 5], [1, 6, 1]) == pytest.approx([4.5, 6, 4.5])
    assert fit_widths([6, 2, 4], [1, 3, 3]) == pytest.approx([6 - 5 / 6, 3, 4 - 1 / 6])
    # Needs past the page: the needs, wider than the page, rather than a broken word.
    assert fit_widths([1, 1], [2, 2]) == [2, 2]


def test_a_table_too_wide_at_12pt_is_set_smaller(tmp_path: Path, merged: Plan) -> None:
    """A word too long for its column at 12 pt (CL-03 is in a table of actions with no
    update) shrinks that table's text, to 10 pt at the least, rather than breaking."""
    long_word = "Interdepartmentalisationcounterresponsibilityholders"
    merged.actions = [a.replace(title=f"{long_word} review") if a.id == "CL-03" else a
                      for a in merged.actions]
    path = write_report(merged, tmp_path / "u.docx", as_of=AS_OF)
    tables = Document(str(path)).tables
    table = next(t for t in tables if any(long_word in c.text for c in t.columns[1].cells))
    sizes = {run.font.size.pt for r in table.rows for c in r.cells for p in c.paragraphs
             for run in p.runs}
    assert sizes == {10.0}
    others = {run.font.size for t in tables if t is not table for r in t.rows
              for c in r.cells for p in c.paragraphs for run in p.runs}
    assert others == {None}  # the style's 12 pt


def test_docx_many_objectives_get_a_landscape_page(tmp_path: Path, merged: Plan) -> None:
    plan = _many_objectives(merged, [f"Objective number {i}" for i in range(8)])
    path = write_report(plan, tmp_path / "u.docx", as_of=AS_OF)
    sizes = re.findall(r'<w:pgSz [^>]*/>', _xml(path, "word/document.xml"))
    assert len(sizes) == 3
    assert 'w:w="16838"' in sizes[1] and 'w:orient="landscape"' in sizes[1]
    assert 'w:w="11906"' in sizes[0] and 'w:w="11906"' in sizes[2]
    table = Document(str(path)).tables[0]
    grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
    assert sum(grid) / 1440 * 2.54 <= 29.7 - 4 + 0.05
    # Eleven objectives: objectives down the side, the statuses across in their colours.
    assert [c.text for c in table.rows[0].cells] == ["Objective", *STATUSES, NO_STATUS,
                                                     "Total"]
    assert [c.text for c in table.columns[0].cells][1:] == [
        "Community Leader", "Employer", "Service Provider",
        *(f"Objective number {i}" for i in range(8)), "Total"]
    on_track = table.rows[0].cells[2]._tc.xml
    assert f'w:fill="{styles.STATUS_COLOURS["On track"][0]}"' in on_track
    text = _texts(path)
    assert ("The plan has 11 objectives: Community Leader, Employer, Service Provider,"
            " Objective number 0, Objective number 1,") in " ".join(text)


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_report_passes_the_accessibility_check(tmp_path: Path, merged: Plan,
                                               suffix: str) -> None:
    """Every rule of `edi-workbook check`, tips included (issue 15 item 2)."""
    from edi_workbook.accessibility import check_file

    merged.actions[0].extra["Outcome"] = "Fewer evictions"
    path = write_report(merged, tmp_path / f"u{suffix}", as_of=AS_OF,
                        include=["Outcome", "Comments"])
    # Pending the layout fixes (PENDING in test_accessibility.py): the Counts sheet's
    # heading "Community Leader" is wider than its column.
    pending = ("sheet 'Counts', B1", "xlsx.word-broken")
    assert [f.line() for f in check_file(path) if (f.where.endswith(pending[0]), f.rule)
            != (True, pending[1])] == []


# --- an officer's template ---------------------------------------------------------

def _template(path: Path) -> Path:
    """A template as Word saves one: few styles defined, Letter paper, a numbered footer."""
    import docx
    from docx.shared import Inches, Pt

    doc = docx.Document()
    doc.styles["Normal"].font.name = "Georgia"
    doc.styles["Normal"].font.size = Pt(13)
    doc.add_paragraph("Delete me: the template's own text")
    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    section.left_margin = Inches(1.25)
    footer = section.footer.paragraphs[0]
    footer.text = "Maidstone Borough Council "
    footer._p.append(_simple_field("PAGE"))
    # Word stores only the styles a document uses.
    root = doc.styles.element
    for style in root.findall(f"{W}style"):
        if style.get(f"{W}styleId") in ("ListBullet", "Subtitle", "TableGrid", "Heading2"):
            root.remove(style)
    doc.save(str(path))
    return path


def _simple_field(instr: str):
    from docx.oxml import parse_xml

    return parse_xml(f'<w:fldSimple xmlns:w="{W[1:-1]}" w:instr=" {instr} ">'
                     '<w:r><w:t>1</w:t></w:r></w:fldSimple>')


def test_template_styles_are_used(tmp_path: Path, merged: Plan) -> None:
    template = _template(tmp_path / "council.docx")
    path = write_report(merged, tmp_path / "u.docx", as_of=AS_OF, template=template)
    doc = Document(str(path))
    assert doc.styles["Normal"].font.name == "Georgia"
    assert doc.styles["Normal"].font.size.pt == 13
    texts = _texts(path)
    assert "Delete me: the template's own text" not in texts
    assert texts[0] == "EDI Action Plan 2023-24: progress update"
    # Styles Word did not store are added, in the template's font; bullets become text.
    for name in ("Heading 2", "Table text", "Closing sentence"):
        assert doc.styles[name].font.name is None  # from Normal: Georgia
    assert doc.styles["Heading 2"].font.bold
    assert any(t.startswith("• Increase volunteering") for t in texts)
    # A4 now, the template's margins kept; its own numbered footer kept, not doubled.
    section = doc.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    assert abs(section.left_margin.inches - 1.25) < 0.01
    # ... and the tables fit between those margins.
    text_width = section.page_width - section.left_margin - section.right_margin
    for table in doc.tables:
        grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        assert sum(grid) * 635 <= text_width + 635 * 20  # twips to EMU, a twentieth of slack
    footer = "".join(_xml(path, n) for n in _parts(path, "word/footer"))
    assert "Maidstone Borough Council" in footer and "NUMPAGES" not in footer
    assert 'w:val="en-GB"' in _xml(path, "word/styles.xml")


def test_a_previous_report_can_be_the_template(tmp_path: Path, merged: Plan) -> None:
    first = write_report(merged, tmp_path / "first.docx", as_of=AS_OF)
    again = write_report(merged, tmp_path / "again.docx", as_of=date(2024, 3, 31),
                         template=first)
    assert [t.replace("31 March", "15 March") for t in _texts(again)] == _texts(first)
    assert len(_parts(again, "word/charts/chart")) == 1  # the old chart went with the text
    assert len(_parts(again, "word/embeddings/")) == 1
    footer = "".join(_xml(again, n) for n in _parts(again, "word/footer"))
    assert footer.count(" PAGE ") == 1
    assert "position as at 31 March 2024" in footer and "15 March" not in footer


@pytest.mark.parametrize(("name", "data", "message"), [
    ("t.docx", b"not a zip", m.unreadable_report_template("t.docx", "PackageNotFoundError")),
    ("t.dotx", b"x", m.report_template_not_docx("t.dotx")),
])
def test_bad_template(tmp_path: Path, merged: Plan, name: str, data: bytes,
                      message: str) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(ReportError) as exc:
        write_report(merged, tmp_path / "u.docx", template=tmp_path / name)
    assert str(exc.value) == message
    assert not (tmp_path / "u.docx").exists()


def _rewritten(source: Path, path: Path, part: str, change) -> Path:
    """`source` with one part's bytes changed."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            new.writestr(item, change(data) if item.filename == part else data)
    return path


def test_style_names_match_whatever_their_case(tmp_path: Path, merged: Plan) -> None:
    """LibreOffice saves 'Heading 1' where Word writes 'heading 1': a report re-saved
    there still works as a template, its own heading styles used."""
    first = write_report(merged, tmp_path / "first.docx", as_of=AS_OF)
    resaved = _rewritten(first, tmp_path / "resaved.docx", "word/styles.xml",
                         lambda data: re.sub(rb'w:val="(heading|footer)', lambda m: (
                             b'w:val="' + m.group(1).capitalize()), data))
    again = write_report(merged, tmp_path / "again.docx", as_of=AS_OF, template=resaved)
    assert _texts(again) == _texts(first)
    assert _xml(again, "word/styles.xml").count('w:styleId="Heading1"') == 1


def test_template_without_a_language_gets_one(tmp_path: Path, merged: Plan) -> None:
    """A template whose settings name no language (w:themeFontLang) gets en-GB there, in
    its schema place, its own prefixes and declarations kept."""
    template = _rewritten(_template(tmp_path / "council.docx"), tmp_path / "t.docx",
                          "word/settings.xml",
                          lambda data: re.sub(rb"<w:themeFontLang [^>]*/>", b"", data))
    path = write_report(merged, tmp_path / "u.docx", as_of=AS_OF, template=template)
    settings = _xml(path, "word/settings.xml")
    assert re.search(r'<w:themeFontLang w:val="en-GB"/><w:clrSchemeMapping ', settings)
    assert 'mc:Ignorable="w14"' in settings and "xmlns:w14=" in settings
    footer = "".join(_xml(path, n) for n in _parts(path, "word/footer"))
    assert 'mc:Ignorable="w14 wp14"' in footer and "xmlns:wp14=" in footer


def test_template_declaring_entities_is_refused(tmp_path: Path, merged: Plan) -> None:
    template = _rewritten(_template(tmp_path / "council.docx"), tmp_path / "t.docx",
                          "word/styles.xml", lambda data: data.replace(
                              b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaa">]>', 1))
    with pytest.raises(ReportError) as exc:
        write_report(merged, tmp_path / "u.docx", template=template)
    assert str(exc.value).startswith("t.docx: cannot be read as a Word document"
                                     " (UnsafeXmlError)")


def test_template_needs_a_docx_report(tmp_path: Path, merged: Plan) -> None:
    template = _template(tmp_path / "council.docx")
    with pytest.raises(ReportError) as exc:
        write_report(merged, tmp_path / "u.xlsx", template=template)
    assert str(exc.value) == m.TEMPLATE_NEEDS_DOCX


# --- the workbook form ------------------------------------------------------------

def test_xlsx_report(tmp_path: Path, merged: Plan) -> None:
    path = write_report(merged, tmp_path / "update.xlsx", as_of=AS_OF)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Counts", "Progress update"]  # the counts print first
    assert wb.properties.title == "EDI Action Plan 2023-24: progress update"
    ws = wb["Progress update"]
    assert [c.value for c in ws[1]] == ["Objective", "Action ID", "Action title", "Status",
                                        "Responsible service(s)", "Timescale",
                                        "Progress update", "Closing sentence"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["CL-01"] == (
        "Community Leader", "CL-01", "Delivery of One View project", "Complete", "Housing",
        "Ongoing – Update to be provided as part of EDI Annual update", UPDATES["CL-01"][1],
        CLOSED)
    assert rows["CL-02"][6] == f"Housing: {HOUSING}\n\nRevenues and Benefits: {BENEFITS}"
    assert rows["CL-03"][6] == NO_UPDATE
    assert rows["CL-03"][7] == m.NO_CLOSING  # no status: nobody said what happens next
    assert rows["CL-04"][7] == f"This action has now developed in the new {NEXT}."
    assert rows["EM-04.1"][2].startswith("Maintain understanding of the organisation's"
                                         " diversity and staff need.\nDeliverable: Bi-Annual")
    assert rows["EM-04.1"][7] == CLOSED and rows["EM-04.2"][3] == "On track"
    assert "EM-04" not in rows
    assert len(rows) == len(merged.actions)
    assert all(v not in (None, "") for r in rows.values() for v in r)  # no blank cells

    # Formula-looking text is stored as text, not a formula.
    cell = next(r[6] for r in ws.iter_rows(min_row=2) if r[1].value == "CL-05")
    assert cell.value == FORMULA and cell.data_type == "s"
    # Status: the word, and its colour.
    status = next(r[3] for r in ws.iter_rows(min_row=2) if r[1].value == "SP-01")
    assert status.value == "Off track"
    assert status.fill.fgColor.rgb.endswith(styles.STATUS_COLOURS["Off track"][0])

    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:H{ws.max_row}"
    assert ws.column_dimensions["G"].width > ws.column_dimensions["B"].width
    assert ws["G2"].alignment.wrap_text
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("1F4E78")
    cl02 = next(r[0].row for r in ws.iter_rows(min_row=2) if r[1].value == "CL-02")
    assert ws.row_dimensions[cl02].height >= 3 * 15

    counts = wb["Counts"]
    header = [c.value for c in counts[1]]
    assert header == ["Status", "Community Leader", "Employer", "Service Provider", "Total"]
    table = {r[0]: r for r in counts.iter_rows(min_row=2, values_only=True)}
    assert table["Complete"][1:] == (1, 1, 0, 2)
    assert table["Total"][-1] == len(merged.actions)
    assert counts.freeze_panes == "A2"


def _printed_pt(ws) -> float:
    """The body text's printed size: its font size times the print scale.

    Fit to width: the scale Excel works out from the stored column widths
    (7 pixels a character, 0.75 points a pixel), over the pages across it is given.
    """
    size = ws["A2"].font.sz
    if ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage:
        assert ws.page_setup.fitToHeight == 0
        pages = ws.page_setup.fitToWidth or 1
        points = sum(ws.column_dimensions[c.column_letter].width * 7 for c in ws[1]) * 0.75
        return size * min(1.0, (842 - 2 * 72 * 0.4) * pages / points)
    return size * int(ws.page_setup.scale or 100) / 100


@pytest.mark.parametrize("include", [[], ["Comments", "Actions", "Outcome"]])
def test_xlsx_prints_on_a4_at_8pt_or_more(tmp_path: Path, merged: Plan, include) -> None:
    merged.actions[0].extra["Outcome"] = "x"
    wb = load_workbook(write_report(merged, tmp_path / "u.xlsx", as_of=AS_OF,
                                    include=include))
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
        assert _printed_pt(ws) >= 8
        assert ws.print_title_rows == "$1:$1"
        assert "Page &P of &N" in ws.oddFooter.center.text
        assert "Position as at 15 March 2024" in ws.oddHeader.right.text
    ws = wb["Progress update"]
    # The usual columns fit across one page; three more go on to a second, IDs repeated.
    assert (ws.page_setup.fitToWidth or 1) == (2 if include else 1)
    if include:
        assert ws.print_title_cols == "$A:$B"


def test_illegal_characters_are_dropped(tmp_path: Path, merged: Plan) -> None:
    merged.actions[0] = merged.actions[0].replace(progress="Bell\x07 rang")
    assert "Bell rang" in _texts(write_report(merged, tmp_path / "u.docx", as_of=AS_OF))
    ws = load_workbook(write_report(merged, tmp_path / "u.xlsx", as_of=AS_OF))[
        "Progress update"]
    assert ws["G2"].value == "Bell rang"


@pytest.mark.parametrize("name", ["REPORT.pdf", "report", "report.xls"])
def test_bad_suffix(tmp_path: Path, merged: Plan, name: str) -> None:
    with pytest.raises(OutputError) as exc:
        write_report(merged, tmp_path / name)
    assert str(exc.value) == m.report_suffix(name)
    assert not (tmp_path / name).exists()


def test_failed_write_leaves_old_file(tmp_path: Path, merged: Plan, monkeypatch) -> None:
    path = tmp_path / "update.docx"
    path.write_bytes(b"old")
    import edi_workbook.report as report_module

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(report_module, "_write_docx", boom)
    with pytest.raises(OutputError) as exc:
        write_report(merged, path)
    assert str(exc.value) == m.report_not_written(path, OSError("disk full"))
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["update.docx"]


# --- printed: LibreOffice renders the report to PDF ------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="needs LibreOffice (soffice) and poppler (pdftotext) to print the report")


def _to_pdf(source: Path, tmp_path: Path) -> Path:
    """Print `source` with LibreOffice and a profile of its own; skip if it has no Writer."""
    out = tmp_path / "pdf"
    profile = tmp_path / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), str(source)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180,
                   check=False)
    pdf = out / f"{source.stem}.pdf"
    if not pdf.exists() and source.suffix == ".docx":
        pytest.skip("LibreOffice cannot open Word documents here: install"
                    " libreoffice-writer-nogui")
    assert pdf.exists(), f"LibreOffice did not print {source.name}"
    return pdf


def _pdf_words(pdf: Path) -> list[str]:
    """Each word as printed, never re-joined across lines as plain pdftotext does."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [html.unescape(text) for text in re.findall(r"<word [^>]*>([^<]*)</word>", out)]


def _font_sizes(pdf: Path) -> list[float]:
    """The size of every font the PDF sets text in (its "/F1 7.9 Tf" operators)."""
    data = pdf.read_bytes()
    sizes = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text = zlib.decompress(stream)
        except zlib.error:
            continue
        sizes += [float(size) for size in re.findall(rb"/F\d+ ([\d.]+) Tf", text)]
    return sizes


def _letters(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", unicodedata.normalize("NFKC", text))


def broken_words(docx_path: Path, pdf: Path) -> list[str]:
    """Printed pieces of words that are not words of the document: a word broken in two."""
    with zipfile.ZipFile(docx_path) as z:
        source = " ".join(html.unescape(t) for n in z.namelist() if n.endswith(".xml")
                          for t in re.findall(r">([^<]+)<", z.read(n).decode("utf-8")))
    vocabulary = set(_letters(source))
    return sorted({w for text in _pdf_words(pdf) for w in _letters(text)} - vocabulary)


@needs_soffice
def test_printed_report_breaks_no_word(tmp_path: Path, docx_path: Path) -> None:
    pdf = _to_pdf(docx_path, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout \
        if shutil.which("pdfinfo") else ""
    if info:
        assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    words = _pdf_words(pdf)
    assert "Objec" not in words and "Objective:" in words
    assert broken_words(docx_path, pdf) == []
    assert min(_font_sizes(pdf)) >= 10  # body 12 pt, tables 11 pt, footer 10 pt
    printed = " ".join(words)
    assert "Page 1 of" in printed and "Page 2 of" in printed  # the footer's fields


@needs_soffice
@pytest.mark.parametrize("names", [
    ["Homes", "Jobs", "Place"],
    [f"Objective number {i}" for i in range(4)],
    [f"Objective number {i}" for i in range(8)],
])
def test_printed_landscape_summary_breaks_no_word(tmp_path: Path, merged: Plan,
                                                   names) -> None:
    path = write_report(_many_objectives(merged, names), tmp_path / "u.docx", as_of=AS_OF)
    assert broken_words(path, _to_pdf(path, tmp_path)) == []


@needs_soffice
def test_broken_word_check_finds_a_broken_word(tmp_path: Path) -> None:
    """The check above can fail: a column too narrow for its words is caught."""
    import docx
    from docx.shared import Cm

    doc = docx.Document()
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, (Cm(1.0), Cm(15)), strict=True):
        cell.width = width
    table.columns[0].width = Cm(1.0)
    table.rows[0].cells[0].text = "Objective Responsibilities"
    path = tmp_path / "narrow.docx"
    doc.save(str(path))
    assert broken_words(path, _to_pdf(path, tmp_path)) != []


@needs_soffice
@pytest.mark.parametrize("include", [[], ["Comments", "Actions"]])
def test_printed_workbook_text_is_8pt_or_more(tmp_path: Path, merged: Plan, include) -> None:
    path = write_report(merged, tmp_path / "u.xlsx", as_of=AS_OF, include=include)
    sizes = _font_sizes(_to_pdf(path, tmp_path))
    assert sizes and min(sizes) >= 7.95, sorted(set(sizes))
