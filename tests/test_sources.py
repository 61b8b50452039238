"""Five councils' own plans, imported as they are and taken round a whole year.

Built by tests/fixtures/make_sources.py (its docstring names the councils
whose layouts each follows). Each is imported with no options, checked cell
by cell against the rows it was built from (every source text reaches the
plan workbook), then sent, one return filled, merged and rolled over.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from edi_workbook.cli import cli
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workflow.example import fill_return

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
import make_sources as ms  # noqa: E402
from listed import sheet_values  # noqa: E402

SOURCES = FIXTURES / "sources"


def run(*args: Any) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def imported(tmp_path: Path, name: str, *options: str,
             folder: Path = SOURCES) -> tuple[Path, str]:
    """The source copied (inputs are never changed) and imported as it is."""
    source = shutil.copy(folder / name, tmp_path / name)
    before = Path(source).read_bytes()
    out = tmp_path / f"{folder.name}-plan.xlsx"
    result = run("import", source, "-o", out, *options)
    assert result.exit_code == 0, result.output
    assert Path(source).read_bytes() == before
    return out, result.output


def tables(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Sheet -> action ID -> header -> value, read with openpyxl as Excel would show it."""
    wb = openpyxl.load_workbook(path)
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for ws in wb.worksheets:
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        head = next((i for i, r in enumerate(rows) if "ID" in r and "Action title" in r), None)
        if head is None:
            continue
        header = rows[head]
        found[ws.title] = {}
        for row in rows[head + 1:]:
            if row[0] in (None, "") or str(row[0]).startswith("Connections"):
                continue
            found[ws.title][row[0]] = {h: v for h, v in zip(header, row, strict=False) if h}
    return found


def by_id(path: Path) -> dict[str, dict[str, Any]]:
    return {i: cells for sheet in tables(path).values() for i, cells in sheet.items()}



def every_text(path: Path) -> set[str]:
    """Every cell's text in the workbook, dates as an officer reads them."""
    texts = set()
    for ws in openpyxl.load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                value = c.value.date() if hasattr(c.value, "date") else c.value
                text = value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)
                texts.update([text, *text.split("; ")])  # "AG; ZW": services, officers
    return texts


def assert_every_text_arrives(path: Path, output: str, rows: list[list[Any]]) -> None:
    """Each source cell is a cell of the workbook, or its reading is printed
    (a RAG word, a split lead)."""
    texts = every_text(path)
    for row in rows:
        for value in row:
            if value in ("", None):
                continue
            text = value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)
            assert text in texts or f"'{text}' →" in output, text


def services_sheet(path: Path) -> dict[str, str]:
    """Service -> lead."""
    return {r[0]: (r[2] if len(r) > 2 else None) or "" for r in sheet_values(path, "Services")[1:]
            if r and r[0]}


def send_fill_merge(tmp_path: Path, plan: Path, service: str, edits: dict[str, dict[str, Any]],
                    as_of: str) -> Path:
    sent = tmp_path / "sent"
    result = run("send", plan, "--out", sent)
    assert result.exit_code == 0, result.output
    [workbook] = [p for p in sent.glob("*.xlsx") if p.stem.endswith(f"– {service}")]
    filled = fill_return(workbook, edits, tmp_path / "returned.xlsx")
    merged = tmp_path / "merged.xlsx"
    result = run("merge", plan, filled, "-o", merged, "--summary", tmp_path / "summary.xlsx",
                 "--as-of", as_of)
    assert result.exit_code == 0, result.output
    reported(tmp_path, merged, edits, as_of)
    return merged


def reported(tmp_path: Path, merged: Path, edits: dict[str, dict[str, Any]],
             as_of: str) -> None:
    """The merged plan's progress update for committee: every action, with the return's words."""
    from docx import Document

    out = tmp_path / "update.docx"
    result = run("report", merged, "-o", out, "--as-of", as_of)
    assert result.exit_code == 0, result.output
    document = Document(str(out))
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    for action_id in by_id(merged):
        assert action_id in text, f"{action_id} is not in the report"
    for values in edits.values():
        assert values["Progress update"] in text


# --- 1. A flat Word table with initials --------------------------------------

def test_flat_word_table_with_initials(tmp_path: Path) -> None:
    plan, output = imported(tmp_path, "flat-word-initials.docx")
    lines = output.splitlines()
    assert lines[:6] == [
        "Read flat-word-initials.docx (Word document): 1 table",
        "  Action → Action title",
        "  By when → Timescale",
        "  Responsible officer → Responsible service(s): each lead gets a return of their own",
        "  Completed → Status and Last updated (a date makes the action Complete on that day);"
        " kept as column 'Completed'",
        "  Outcome → kept as column 'Outcome'",
    ]
    assert ("Leads split: 'AG/ZW' → AG | ZW; 'ZW and Directors' → ZW | Directors;"
            " 'AB & CD' → AB | CD") in lines
    assert "Cells: 45 read, 45 kept" in lines
    assert ("Objectives: 1 (named after the document, which has no objectives of its own):"
            " 'Equality and Diversity Action Plan 2025'") in lines
    assert ("Period: 2025 (01/01/2025 to 31/12/2025), from the title; annual update date"
            " 31/12/2025: change it on the About sheet") in lines

    sheets = tables(plan)
    assert list(sheets) == ["Equality and Diversity Action P"]  # 31 characters
    rows = by_id(plan)
    assert list(rows) == [f"EDAP-{n:02d}" for n in range(1, 11)]
    for cells, source in zip(rows.values(), ms.FLAT_ROWS, strict=True):
        title, when, officer, completed, outcome = source
        assert cells["Action title"] == title
        assert cells["Timescale"] == when
        assert (cells["Completed"] or "") == completed
        assert cells["Outcome"] == outcome
        assert cells["Responsible service(s)"] == {
            "AG/ZW": "AG; ZW", "ZW and Directors": "ZW; Directors", "AB & CD": "AB; CD",
        }.get(officer, officer)
    assert_every_text_arrives(plan, output, ms.FLAT_ROWS)
    # A date in Completed: Complete on that day, so never Overdue.
    assert (rows["EDAP-01"]["Status"], rows["EDAP-01"]["Last updated"].date()) == (
        "Complete", date(2025, 10, 15))
    assert rows["EDAP-03"]["Last updated"].date() == date(2025, 10, 21)
    assert rows["EDAP-05"]["Last updated"].date() == date(2025, 2, 28)
    assert rows["EDAP-02"]["Status"] == "On track"  # "Ongoing"
    assert rows["EDAP-04"]["Status"] is None
    assert list(services_sheet(plan)) == ["AG", "ZW", "Directors", "CT", "AB", "CD",
                                          "Portfolio holder"]
    about = {r[0]: r[1] for r in sheet_values(plan, "About") if len(r) > 1}
    assert (about["Period"], about["Annual update date"].date()) == ("2025", date(2025, 12, 31))

    result = run("flag", plan, "-o", tmp_path / "flagged.xlsx", "--as-of", "2025-11-01")
    flags = {i: c["Flag"] for i, c in by_id(tmp_path / "flagged.xlsx").items()}
    assert flags["EDAP-01"] is None and flags["EDAP-03"] is None  # completed in October
    assert flags["EDAP-09"] == "Overdue"  # September, and not completed
    assert flags["EDAP-02"] == "No update"  # recurring: due 31 December, no update yet
    assert by_id(tmp_path / "flagged.xlsx")["EDAP-08"]["Due"].date() == date(2026, 3, 31)
    assert flags["EDAP-10"] == "Unclear timescale"

    merged = send_fill_merge(tmp_path, plan, "ZW", {"EDAP-06": {
        "Status": "At risk", "Progress update": "Councillor sessions moved to spring.",
        "Revised timescale": "June 2026"}}, "2025-11-01")
    after = by_id(merged)
    # Shared with Directors: ZW's update is kept as ZW's own.
    assert (after["EDAP-06"]["Status"], after["EDAP-06"]["Progress update"]) == (
        "At risk", "ZW: Councillor sessions moved to spring.")
    assert after["EDAP-06"]["Outcome"] == "All staff trained as the matrix requires"

    result = run("rollover", merged, "-o", tmp_path / "next.xlsx", "--period", "2026",
                 "--as-of", "2026-01-05")
    assert result.exit_code == 0, result.output
    nxt = by_id(tmp_path / "next.xlsx")
    assert sorted(nxt) == ["EDAP-02", "EDAP-04", "EDAP-06", "EDAP-08", "EDAP-09", "EDAP-10"]
    assert nxt["EDAP-06"]["Timescale"] == "June 2026"
    assert nxt["EDAP-06"]["Earlier timescales"] == "2025: By 2026"
    assert nxt["EDAP-02"]["Review"] == "Recurring timescale: check it still applies"
    assert nxt["EDAP-02"]["Timescale"] == "By end of December annually"
    assert nxt["EDAP-10"]["Review"] == "Timescale is unclear: give it a date"
    assert nxt["EDAP-09"]["Review"] == "Timescale has passed: set a new one"
    closed = sheet_values(tmp_path / "next.xlsx", "Closed last year")
    assert closed[0][-2:] == ["Completed", "Outcome"]
    assert [(r[0], r[-2], r[-1]) for r in closed[1:]] == [
        ("EDAP-01", "15/10/2025", "Compliance with legislation"),
        ("EDAP-03", "Presented and approved by CMT on 21/10/2025",
         "Scheme in place and compliant"),
        ("EDAP-05", "February 2025", "Matrix approved by CMT"),
        ("EDAP-07", "Approved in January 2025", "Compliance with equal pay law")]
    assert read_plan(tmp_path / "next.xlsx").annual_update == date(2026, 12, 31)


# --- 2. Numbered objectives, Target | Target date, no lead -------------------

def test_numbered_objectives_without_leads(tmp_path: Path) -> None:
    plan, output = imported(tmp_path, "numbered-objectives.docx")
    lines = output.splitlines()
    assert lines[1:3] == ["  Target → Action title", "  Target date → Timescale"]
    assert ("Chose: 'Target' could be the action or the timescale: read as the action — give"
            " --columns \"Target=timescale\" to read it as the timescale") in lines
    assert ("Warning: 9 actions have no lead or service (O1-01, O1-02, O1-03, O2-01, O2-02,"
            " and 4 more): send will refuse until each has one in Responsible service(s)"
            ) in lines
    assert ("Warning: 1 timescale counts from an event (O3-03): put the date in Revised"
            " timescale once it is known") in lines

    sheets = tables(plan)
    assert list(sheets) == ["Objective one", "Objective two", "Objective three"]
    wb = openpyxl.load_workbook(plan)
    for (heading, why, rows), (sheet, actions) in zip(ms.NUMBERED, sheets.items(), strict=True):
        label, statement = heading.split(": ", 1)
        assert wb[sheet]["A1"].value == label
        # One line a row, the further line in column C (no merged cells); read back whole.
        assert (wb[sheet]["B2"].value, wb[sheet]["C3"].value) == (statement, why)
        key = next(o.key for o in read_plan(plan).objectives if o.sheet_name == sheet
                   or o.role == label)
        assert read_plan(plan).objective(key).statement == f"{statement}\n{why}"
        assert [(c["Action title"], c["Timescale"]) for c in actions.values()] == [
            tuple(r) for r in rows]
    assert list(by_id(plan)) == ["O1-01", "O1-02", "O1-03", "O2-01", "O2-02", "O2-03",
                                 "O3-01", "O3-02", "O3-03"]
    about = {r[0]: r[1] for r in sheet_values(plan, "About") if len(r) > 1}
    assert (about["Title"], about["Period"], about["Annual update date"].date()) == (
        "Equality Objectives 2023-27", "2023-27", date(2024, 3, 31))

    result = run("validate", plan)
    assert result.exit_code == 1
    row = next(c.row for c in wb["Objective one"]["A"] if c.value == "O1-01")
    assert f"error: Objective one, row {row} (O1-01): no responsible service" in result.output
    result = run("send", plan, "--out", tmp_path / "sent")
    assert result.exit_code == 1
    assert result.output == (
        "Error: 9 actions have no responsible service (O1-01, O1-02, O1-03, O2-01, O2-02,"
        " and 4 more), so no return would reach them — fill in Responsible service(s) on the"
        " plan and the Services sheet, then send again\n")
    assert not list((tmp_path / "sent").glob("*.xlsx"))

    # The officer fills in who leads each target, as the warning says.
    wb = openpyxl.load_workbook(plan)
    leads = {"Objective one": "Digital Services", "Objective two": "Policy",
             "Objective three": "Human Resources"}
    for sheet, lead in leads.items():
        ws = wb[sheet]
        header = next(r for r in ws.iter_rows() if any(c.value == "ID" for c in r))
        column = next(c.column for c in header if c.value == "Responsible service(s)")
        for r in range(header[0].row + 1, ws.max_row + 1):
            if str(ws.cell(r, 1).value or "").startswith("O"):
                ws.cell(r, column).value = lead
    for n, lead in enumerate(leads.values(), start=2):
        wb["Services"].cell(n, 1).value = lead
        wb["Services"].cell(n, 4).value = f"{lead.split()[0].lower()}@example.org"
    wb.save(plan)
    assert run("validate", plan).exit_code == 0

    merged = send_fill_merge(tmp_path, plan, "Human Resources", {
        "O3-03": {"Status": "On track", "Revised timescale": "November 2027",
                  "Progress update": "Network chair found."}}, "2024-03-20")
    after = by_id(merged)
    assert (after["O3-03"]["Status"], after["O3-03"]["Revised timescale"]) == (
        "On track", "November 2027")

    result = run("rollover", merged, "-o", tmp_path / "next.xlsx", "--period", "2024-27",
                 "--as-of", "2024-04-02")
    assert result.exit_code == 0, result.output
    nxt = by_id(tmp_path / "next.xlsx")
    assert (nxt["O3-03"]["Timescale"], nxt["O3-03"]["Earlier timescales"]) == (
        "November 2027", "2023-27: Within six months of the new Council")
    assert nxt["O1-03"]["Review"] == "Recurring timescale: check it still applies"
    assert nxt["O1-01"]["Review"] == "Timescale has passed: set a new one"
    assert nxt["O2-03"]["Review"] == "Timescale is unclear: give it a date"
    assert read_plan(tmp_path / "next.xlsx").title == "Equality Objectives 2024-27"


# --- 3. A tracker workbook with title rows, RAG and refs ---------------------

def test_tracker_workbook(tmp_path: Path) -> None:
    plan, output = imported(tmp_path, "tracker.xlsx")
    lines = output.splitlines()
    assert lines[:9] == [
        "Read tracker.xlsx (workbook): 3 tables",
        "  Ref → ID",
        "  Action → Action title",
        "  Lead officer → lead on the Services sheet, for the service beside it",
        "  Service area → Responsible service(s)",
        "  Deadline → Timescale",
        "  RAG → Status",
        "  Latest update → Progress update",
        "  Notes → kept as column 'Notes'",
    ]
    # The council's BRAG words are the plan's list; a letter and a dated word join them.
    assert ("Status list: the source's own words, kept for the drop-downs: Green (on track);"
            " Amber (at risk); Red (off track); Blue (complete) (--statuses tool uses the"
            " tool's list instead)") in lines
    assert ("Status words: 'G' → Green (1); 'Completed on 14/06/2024' → Blue on 14/06/2024 (1)"
            ) in lines
    assert "IDs: the source's own refs, from 'Ref'" in lines
    assert "Cells: 58 read, 58 kept" in lines

    sheets = tables(plan)
    assert {s: list(rows) for s, rows in sheets.items()} == {
        "Workforce": ["A1", "A2", "A3", "A4"], "Theme B": ["B1", "B2"], "Theme C": ["C1", "C2"]}
    wb = openpyxl.load_workbook(plan)
    assert (wb["Theme B"]["A1"].value, wb["Theme B"]["B2"].value) == (
        "Theme B", "Accessible services")
    statuses = {"Blue": "Blue", "Green": "Green", "Amber": "Amber", "Red": "Red",
                "G": "Green", "Completed on 14/06/2024": "Blue"}
    rows = by_id(plan)
    source = [*ms.TRACKER_WORKFORCE, *(r for _, rs in ms.TRACKER_THEMES for r in rs)]
    for row in source:
        ref, action, officer, area, deadline, rag, update, notes = row
        cells = rows[ref]
        assert cells["Action title"] == action
        assert cells["Responsible service(s)"] == area
        assert cells["Timescale"] == (deadline.strftime("%d/%m/%Y")
                                      if isinstance(deadline, date) else deadline)
        assert cells["Status"] == statuses[rag]
        assert cells["Progress update"] == update
        assert (cells.get("Notes") or "") == notes
    assert_every_text_arrives(plan, output, source)
    assert rows["C2"]["Last updated"].date() == date(2024, 6, 14)
    assert services_sheet(plan) == {
        "Human Resources": "Sam Patel", "Organisational Development": "Jo King; Sam Patel",
        "Customer Services": "Amir Khan", "Digital Services": "Amir Khan",
        "Community Safety": "Lee Brown", "Communities": "Lee Brown"}  # C2's merged cell
    assert sheet_values(plan, "Key") == ms.TRACKER_KEY
    assert sheet_values(plan, "Notes from the source") == [
        ["Where", "Text"], ["sheet 'Workforce', row 1", ms.TRACKER_COUNCIL],
        ["sheet 'Workforce', row 3", ms.TRACKER_UPDATED]]
    about = {r[0]: r[1] for r in sheet_values(plan, "About") if len(r) > 1}
    assert (about["Title"], about["Period"]) == (ms.TRACKER_TITLE, "2024-26")

    # The return's drop-down is the council's list; the merge reads the lead's word.
    merged = send_fill_merge(tmp_path, plan, "Organisational Development", {
        "A4": {"Status": "Amber", "Progress update": "Chair found for the LGBT+ network."}},
        "2024-09-10")
    after = by_id(merged)
    assert after["A4"]["Status"] == "Amber"
    assert after["A2"]["Notes"] == "Links to the People Strategy"

    result = run("rollover", merged, "-o", tmp_path / "next.xlsx", "--period", "2025-26",
                 "--as-of", "2025-04-01")
    assert result.exit_code == 0, result.output
    closed = sheet_values(tmp_path / "next.xlsx", "Closed last year")
    assert [(r[0], r[3]) for r in closed[1:]] == [("A1", "Blue"), ("C2", "Blue")]
    assert closed[0][-1] == "Notes" and closed[2][-1] == "Pride moved to June"
    nxt = by_id(tmp_path / "next.xlsx")
    assert nxt["A3"]["Review"] == "Recurring timescale: check it still applies"
    assert nxt["B1"]["Review"] == "Timescale has passed: set a new one"


# --- 4. A CSV with an Objective column -------------------------------------

def test_csv_with_an_objective_column(tmp_path: Path) -> None:
    plan, output = imported(tmp_path, "objective-column-2024-25.csv")
    lines = output.splitlines()
    assert lines[0] == "Read objective-column-2024-25.csv (CSV file, Windows-1252): 1 table"
    assert lines[1] == "  Objective → one sheet per objective"
    assert ("Leads split: 'Head of HR & OD/Chief Executive' → Head of HR & OD | Chief Executive"
            ) in lines
    assert ("Period: 2024-25 (01/04/2024 to 31/03/2025), from the file's name; annual update"
            " date 31/03/2025: change it on the About sheet") in lines
    sheets = tables(plan)
    assert {s: list(rows) for s, rows in sheets.items()} == {
        "Understanding our communities": ["EQ-01", "EQ-02", "EQ-03"],
        "Fair and accessible services": ["EQ-04", "EQ-05", "EQ-06"],
        "An inclusive workplace": ["EQ-07", "EQ-08", "EQ-09"]}
    rows = by_id(plan)
    # A RAG key with the odd "On track": the colours are the list, "On track" reads as Green.
    statuses = {"complete": "Complete", "completed on 12/03/2024": "Complete", "Amber": "Amber",
                "Red": "Red", "Green": "Green", "On track": "Green"}
    sheet_of = {ref: sheet for sheet, refs in sheets.items() for ref in refs}
    for objective, ref, what, lead, when, status, update in ms.CSV_ROWS:
        cells = rows[ref]
        assert sheet_of[ref] == objective
        assert (cells["Action title"], cells["Timescale"]) == (what, when)
        assert (cells["Status"] or "") == statuses.get(status, status)
        assert (cells["Progress update"] or "") == update
        assert cells["Responsible service(s)"] == lead.replace("/", "; ")
    assert_every_text_arrives(plan, output, ms.CSV_ROWS)
    assert rows["EQ-01"]["Progress update"] == "Published in June; £2,000 spent on design."
    assert rows["EQ-05"]["Last updated"].date() == date(2024, 3, 12)

    merged = send_fill_merge(tmp_path, plan, "Head of HR & OD", {
        "EQ-09": {"Status": "Complete", "Progress update": "Policy agreed with unions."}},
        "2024-11-01")
    assert by_id(merged)["EQ-09"]["Status"] == "Complete"
    result = run("rollover", merged, "-o", tmp_path / "next.xlsx", "--period", "2025-26",
                 "--as-of", "2025-04-01")
    assert result.exit_code == 0, result.output
    nxt = by_id(tmp_path / "next.xlsx")
    assert sorted(nxt) == ["EQ-02", "EQ-03", "EQ-04", "EQ-06", "EQ-07", "EQ-08"]
    assert nxt["EQ-07"]["Review"] == "Recurring timescale: check it still applies"


# --- 5. A multi-year plan ------------------------------------------------------

def test_multi_year_plan(tmp_path: Path) -> None:
    plan, output = imported(tmp_path, "multi-year-2015-2019.docx")
    lines = output.splitlines()
    assert ("Period: 2015-19 (01/04/2015 to 31/03/2019), from the title; annual update date"
            " 31/03/2016: change it on the About sheet") in lines
    assert ("Objectives: 3 (from the headings above the tables): 'Priority 1'; 'Priority 2';"
            " 'Priority 3'") in lines
    assert ("Leads split: 'Policy Officer / Chief Executive' → Policy Officer | Chief Executive;"
            " 'Head of HR and Organisational Development / Policy Officer' → Head of HR and"
            " Organisational Development | Policy Officer") in lines
    sheets = tables(plan)
    wb = openpyxl.load_workbook(plan)
    for (heading, rows), (sheet, actions) in zip(ms.MULTI, sheets.items(), strict=True):
        label, statement = heading.split(" – ")
        assert (sheet, wb[sheet]["A1"].value, wb[sheet]["B2"].value) == (label, label, statement)
        assert [(c["Action title"], c["Timescale"]) for c in actions.values()] == [
            (r[0], r[2]) for r in rows]
    assert_every_text_arrives(plan, output, [r for _, rows in ms.MULTI for r in rows])
    assert list(services_sheet(plan)) == [
        "Policy Officer", "Chief Executive", "Head of HR and Organisational Development"]

    result = run("flag", plan, "-o", tmp_path / "flagged.xlsx", "--as-of", "2015-09-01")
    flagged = by_id(tmp_path / "flagged.xlsx")
    assert flagged["P1-01"]["Due"].date() == date(2016, 8, 31)  # 31 August (annually)
    assert flagged["P2-03"]["Due"].date() == date(2016, 3, 31)  # March (annually)
    assert flagged["P2-02"]["Flag"] == "Unclear timescale"  # within six months of ...

    merged = send_fill_merge(tmp_path, plan, "Policy Officer", {
        "P1-03": {"Status": "Complete", "Progress update": "Published on the website."}},
        "2015-10-01")
    result = run("rollover", merged, "-o", tmp_path / "next.xlsx", "--period", "2016-19",
                 "--as-of", "2016-04-01")
    assert result.exit_code == 0, result.output
    nxt = read_plan(tmp_path / "next.xlsx")
    assert (nxt.title, nxt.period, nxt.annual_update) == (
        "Equality Scheme Action Plan 2016-19", "2016-19", date(2017, 3, 31))
    index = nxt.action_index()
    assert "P1-03" not in index
    assert index["P1-01"].timescale.kind == "recurring"
    assert index["P2-02"].extra["Review"] == "Timescale is unclear: give it a date"


def test_the_corpus_is_what_the_script_builds(tmp_path: Path) -> None:
    """The committed sources and the script agree: rebuilt, each imports to the same rows."""
    assert sorted(p.name for p in SOURCES.iterdir()) == sorted(ms.SOURCES)
    ms.build_all(tmp_path / "built")
    for name in ms.SOURCES:
        (tmp_path / name).mkdir()
        committed, _ = imported(tmp_path / name, name)
        rebuilt, _ = imported(tmp_path / name, name, folder=tmp_path / "built")
        assert by_id(committed) == by_id(rebuilt), name


@pytest.mark.parametrize("columns, field, value, chose", [
    ("Target date=extra", "Target date", "March 2024", True),
    ("target=DESCRIPTION", "Actions",
     "Publish an accessibility statement for every council website", False),
])
def test_columns_settles_a_choice(tmp_path: Path, columns: str, field: str, value: str,
                                  chose: bool) -> None:
    plan, output = imported(tmp_path, "numbered-objectives.docx", "--columns", columns)
    assert by_id(plan)["O1-01"][field] == value
    assert ("Chose: 'Target'" in output) is chose


def test_columns_naming_no_header_is_an_error(tmp_path: Path) -> None:
    source = shutil.copy(SOURCES / "numbered-objectives.docx", tmp_path / "n.docx")
    result = run("import", source, "-o", tmp_path / "p.xlsx", "--columns", "By when=timescale")
    assert result.exit_code == 1
    assert result.output == ("Error: n.docx: --columns names 'By when', which no table has —"
                             " the tables' headers are 'Target', 'Target date'\n")
    result = run("import", source, "-o", tmp_path / "p.xlsx", "--columns", "Target=colour")
    assert result.exit_code == 2
    assert "cannot read 'Target=colour': write HEADER=FIELD" in result.output
    assert not (tmp_path / "p.xlsx").exists()
