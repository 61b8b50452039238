"""The summary workbook: written from a hand-built MergeResult, read back with openpyxl."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from edi_workbook.core.cells import EXCEL_CELL_LIMIT, split_for_cell
from edi_workbook.core.merge import CellChange, Conflict, MergeResult, Proposal
from edi_workbook.core.model import Plan
from edi_workbook.core.position import Position, position_of
from edi_workbook.core.returns import Rejection, ReturnRow, ReturnWorkbook
from edi_workbook.workbooks.summary import (
    CHANGES_HEADERS,
    CONFLICTS_HEADERS,
    CONTINUED,
    FILES_HEADERS,
    NONE,
    NOT_RETURNED_HEADERS,
    OVERDUE_HEADERS,
    REJECTED_HEADERS,
    write_summary,
)
from edi_workbook.workflow.example import example_plan
from edi_workbook.xlsx import styles

WHEN = datetime(2024, 5, 1, 14, 30)
AS_OF = date(2024, 5, 1)


def _set(plan: Plan, statuses: dict[str, str]) -> Plan:
    return plan.replace(actions=[a.replace(status=statuses.get(a.id, a.status))
                                 for a in plan.actions])


def _return(tmp_path: Path, plan: Plan, service: str, ids: list[str],
            rejected: list[Rejection] | None = None) -> ReturnWorkbook:
    empty = {f: "" for f in ("status", "progress", "revised_timescale", "comments")}
    return ReturnWorkbook(
        path=tmp_path / f"{plan.title} – {service}.xlsx", plan_id=plan.plan_id, revision=0,
        service=service, issued=date(2024, 4, 1),
        rows=[ReturnRow(id=i, values=dict(empty), base=dict(empty)) for i in ids],
        rejected=rejected or [])


def _change(plan: Plan, action_id: str, field: str, old: object, new: object,
            service: str, source: Path) -> CellChange:
    action = plan.action_index()[action_id]
    return CellChange(action_id, action.objective, action.title, field, old, new, service,
                      source, WHEN)


@pytest.fixture
def result(tmp_path: Path) -> MergeResult:
    """Housing and ICT replied (ICT with a bad status); everyone else did not."""
    before = _set(example_plan(), {"CL-01": "On track", "CL-02": "At risk", "EM-01": "Not started"})
    after = _set(before, {"CL-01": "Complete", "CL-02": "Off track", "CL-04": "On track"})
    after = after.replace(revision=1)
    bad = Rejection(path=tmp_path / "x – ICT.xlsx", reason="'Greenish' is not a status",
                    advice="choose a status from the list", sheet="ICT", cell="H5",
                    action_id="CL-04", field="status", value="Greenish", cells=1, service="ICT")
    housing = _return(tmp_path, before, "Housing", ["CL-01", "CL-02", "CL-04", "EM-01"])
    ict = _return(tmp_path, before, "ICT", ["CL-04"])  # its status is the rejected cell
    ict.path = bad.path
    applied = [
        _change(before, "CL-01", "status", "On track", "Complete", "Housing", housing.path),
        _change(before, "CL-02", "status", "At risk", "Off track", "Housing", housing.path),
        _change(before, "CL-04", "progress", "", "=cmd|' /C calc'!A0", "Housing", housing.path),
    ]
    conflict = Conflict("EM-01", "EM", "Equality in recruitment", "progress", "master text",
                        (Proposal("Housing", "return text", "old text", housing.path),))
    return MergeResult(before=before, plan=after, returns=[housing, ict], applied=applied,
                       conflicts=[conflict], rejected=[bad], as_of=AS_OF, merged_at=WHEN,
                       tally=Counter({"applied": 3, "unchanged": (16 - 3 - 1) + 3,
                                      "conflict": 1}))


def _flagged(result: MergeResult) -> Position:
    """The merged plan flagged as the tests want it, and its position (the flags it holds)."""
    ids = {"CL-03": "Overdue", "CL-10": "Due soon", "EM-02": "Unclear timescale",
           "SP-01": "Overdue"}
    result.plan = result.plan.replace(actions=[
        a.replace(flag=ids[a.id], due=date(2024, 3, 31)) if a.id in ids else a
        for a in result.plan.actions])
    return position_of(result.plan, AS_OF, result=result, reflag=False)


def _rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _width(ws, col: int) -> float | None:
    """The width set for a column; openpyxl files same-width neighbours under the first."""
    for dim in ws.column_dimensions.values():
        if dim.min and dim.max and dim.min <= col <= dim.max and dim.customWidth:
            return dim.width
    return None


def _find(ws, text: str) -> int:
    """The 1-based row whose column A holds `text`."""
    for row in ws.iter_rows(min_col=1, max_col=1):
        if row[0].value == text:
            return row[0].row
    raise AssertionError(f"{text!r} not in column A of {ws.title}")


HEAD = 4  # list sheets: title, a line of plain words, a blank row, then the header row


def _table(ws) -> list[list]:
    """A list sheet's data rows, under its header row."""
    return [list(r) for r in ws.iter_rows(min_row=HEAD + 1, values_only=True)]


def test_sheets_in_order_with_titles_words_and_headers(tmp_path: Path,
                                                        result: MergeResult) -> None:
    path = write_summary(result, tmp_path / "summary.xlsx", position=_flagged(result))
    wb = load_workbook(path)
    assert wb.sheetnames == ["Summary", "Changes", "Conflicts", "Rejected", "Files",
                             "Not returned", "Overdue"]
    assert wb.properties.title == "EDI Action Plan 2023-24: merge summary"
    for name, headers in [("Changes", CHANGES_HEADERS), ("Conflicts", CONFLICTS_HEADERS),
                          ("Rejected", REJECTED_HEADERS), ("Files", FILES_HEADERS),
                          ("Not returned", NOT_RETURNED_HEADERS), ("Overdue", OVERDUE_HEADERS)]:
        ws = wb[name]
        assert ws["A1"].value == name and ws["A1"].font.b, name
        assert ws["A2"].value and ws["A2"].value.endswith("."), name  # a line of plain words
        assert tuple(c.value for c in ws[HEAD]) == headers, name
    summary = wb["Summary"]
    assert summary["A1"].value == "EDI Action Plan 2023-24: what this merge did"
    assert summary["A2"].value == ("Maidstone Borough Council; position as at 01/05/2024;"
                                   " merged on 01/05/2024 14:30; the plan is now at revision 1.")


def test_no_merged_cells_and_every_sheet_prints_at_8pt_with_header_and_footer(
        tmp_path: Path, result: MergeResult) -> None:
    wb = load_workbook(write_summary(result, tmp_path / "s.xlsx"))
    for ws in wb.worksheets:
        assert not ws.merged_cells.ranges, ws.title
        assert ws.page_setup.paperSize == 9, ws.title  # A4
        assert "&P of &N" in ws.oddFooter.center.text, ws.title
        assert ws.oddHeader.left.text == "EDI Action Plan 2023-24", ws.title
        assert ws.oddHeader.right.text == "Position as at 01/05/2024", ws.title
        assert ws.oddHeader.center.text == "&A", ws.title  # the sheet's name
        widths = [_width(ws, c) or 8.43 for c in range(1, ws.max_column + 1)]
        inches = sum(int(w * 7 + 5) for w in widths) / 96
        printable = (11.69 if ws.page_setup.orientation == "landscape" else 8.27) - 0.8
        if ws.sheet_properties.pageSetUpPr.fitToPage:
            scale = min(1, printable / inches)
        else:
            scale = ws.page_setup.scale / 100
        assert 11 * scale >= 8, (ws.title, scale)


def test_list_sheets_frozen_filtered_and_sized(tmp_path: Path, result: MergeResult) -> None:
    wb = load_workbook(write_summary(result, tmp_path / "s.xlsx"))
    for ws in wb.worksheets[1:]:
        assert ws.freeze_panes == f"A{HEAD + 1}", ws.title
        assert ws.auto_filter.ref.startswith(f"A{HEAD}:"), ws.title
        assert all(_width(ws, c) for c in range(1, len(list(ws[HEAD])) + 1)), ws.title
        assert ws.print_title_rows.replace("$", "") == f"1:{HEAD}", ws.title
    assert wb["Changes"].auto_filter.ref == f"A{HEAD}:G{HEAD + 3}"
    assert wb["Changes"]["E5"].alignment.wrap_text


def test_changes_rows_look_like_tracked_changes(tmp_path: Path, result: MergeResult) -> None:
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Changes"]
    assert [c.value for c in ws[HEAD + 1]] == [
        "CL-01", result.applied[0].title, "Status", "On track", "Complete", "Housing",
        result.returns[0].path.name]
    old, new = ws["D5"], ws["E5"]
    assert old.font.strike is True
    assert old.font.color.rgb.endswith(styles.OLD_VALUE_FONT)
    assert new.fill.fgColor.rgb.endswith(styles.NEW_VALUE_FILL)
    assert not new.font.strike
    assert ws["C7"].value == "Progress update"


def test_changes_are_ordered_by_objective_and_action(tmp_path: Path,
                                                     result: MergeResult) -> None:
    path = result.returns[0].path
    result.applied = [
        _change(result.before, "SP-01", "status", "", "On track", "Housing", path),
        _change(result.before, "CL-04", "progress", "", "Started", "Housing", path),
        _change(result.before, "EM-01", "status", "", "At risk", "Housing", path),
        _change(result.before, "CL-01", "status", "", "On track", "Housing", path)]
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Changes"]
    assert [r[0] for r in _table(ws)] == ["CL-01", "CL-04", "EM-01", "SP-01"]


def test_formula_text_is_stored_as_a_string(tmp_path: Path, result: MergeResult) -> None:
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Changes"]
    cell = ws["E7"]
    assert cell.data_type == "s"
    assert cell.value == "=cmd|' /C calc'!A0"


def test_long_text_goes_on_continued_rows_and_rejoins(tmp_path: Path,
                                                       result: MergeResult) -> None:
    long = "".join(f"word{i} " for i in range(6000))[:40_000]
    assert len(long) == 40_000
    result.applied = [_change(result.before, "SP-02", "progress", "short", long, "Policy",
                              result.returns[0].path)]
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Changes"]
    rows = _table(ws)
    assert len(rows) == 2
    assert [r[0] for r in rows] == ["SP-02", "SP-02"]
    assert rows[0][2] == "Progress update" and rows[1][2] == f"Progress update {CONTINUED}"
    assert rows[0][3] == "short" and rows[1][3] is None
    assert all(len(r[4]) <= EXCEL_CELL_LIMIT for r in rows)
    assert "".join(r[4] for r in rows) == long


def test_split_for_cell_counts_as_excel_does() -> None:
    assert split_for_cell("abc", 2) == ["ab", "c"]
    assert split_for_cell("", 2) == [""]
    emoji = "a\U0001F600b"  # the emoji is two UTF-16 units
    assert split_for_cell(emoji, 2) == ["a", "\U0001F600", "b"]
    text = "x" * (EXCEL_CELL_LIMIT * 2 + 1)
    assert [len(p) for p in split_for_cell(text)] == [EXCEL_CELL_LIMIT, EXCEL_CELL_LIMIT, 1]


def test_control_characters_are_dropped(tmp_path: Path, result: MergeResult) -> None:
    result.applied = [_change(result.before, "CL-01", "comments", "", "a\x01b\x0bc", "Housing",
                              result.returns[0].path)]
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Changes"]
    assert ws["E5"].value == "a b c"  # a space where each separated two words


def test_summary_counts_add_up_in_plain_words(tmp_path: Path, result: MergeResult) -> None:
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Summary"]
    header = _find(ws, "What happened to each box the leads filled in") + 1
    assert [ws.cell(header, c).value for c in (1, 2, 3)] == ["Outcome", "Boxes",
                                                             "What it means"]
    got = {ws.cell(_find(ws, k), 1).value: ws.cell(_find(ws, k), 2).value
           for k in ("Applied", "Unchanged", "Conflict", "Rejected")}
    assert got == {"Applied": 3, "Unchanged": 15, "Conflict": 1, "Rejected": 1}
    assert ws.cell(_find(ws, "Applied"), 3).value == "taken into the plan"
    total_row = _find(ws, "Applied") + 4
    assert ws.cell(total_row, 1).value == "Total" and ws.cell(total_row, 2).value == 20
    assert ws.cell(total_row + 1, 1).value == (
        "Every box read is counted once (20 read, 20 counted).")


def test_summary_says_when_the_counts_do_not_add_up(tmp_path: Path,
                                                    result: MergeResult) -> None:
    result.tally["unchanged"] -= 2
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Summary"]
    check = ws.cell(_find(ws, "Applied") + 5, 1).value
    assert check.startswith("Check failed: 20 boxes were read but 18 counted")


def test_who_has_returned(tmp_path: Path, result: MergeResult) -> None:
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Summary"]
    header = _find(ws, "Who has returned this round") + 1
    assert [ws.cell(header, c).value for c in (1, 2, 3)] == [
        "Service", "Return expected", "Returned"]
    housing = _find(ws, "Housing")
    assert [ws.cell(housing, c).value for c in (1, 2, 3)] == ["Housing", "Yes", "Yes"]
    museums = _find(ws, "Museums")
    assert [ws.cell(museums, c).value for c in (2, 3)] == ["Yes", "Not yet"]
    total = header + 1 + 15
    assert [ws.cell(total, c).value for c in (1, 2, 3)] == ["Total", 15, 2]


def test_status_table_with_totals_explained_and_a_described_chart(tmp_path: Path,
                                                                   result: MergeResult) -> None:
    path = write_summary(result, tmp_path / "s.xlsx", position=_flagged(result))
    ws = load_workbook(path)["Summary"]
    header = _find(ws, "Status of actions by objective") + 1
    headers = [ws.cell(header, c).value for c in range(1, 11)]
    assert headers == ["Objective", "Not started", "On track", "At risk", "Off track",
                       "Complete", "Closed", "Carried forward", "No status", "Total"]
    cl = [ws.cell(header + 1, c).value for c in range(1, 11)]
    # CL-01 Complete, CL-02 Off track, CL-04 On track, the other nine blank.
    assert cl == ["Community Leader", 0, 1, 0, 1, 1, 0, 0, 9, 12]
    total = header + 4
    assert ws.cell(total, 1).value == "Total" and ws.cell(total, 10).value == 25
    position = position_of(result.plan, AS_OF, result=result, reflag=False)
    assert ws.cell(total + 1, 1).value == position.status_explained()
    assert ws.cell(total + 1, 1).value.startswith(
        f"No status: no status chosen yet ({ws.cell(total, 9).value} actions). No update:")
    assert ws._charts, "the status chart is missing"
    chart = ws._charts[0]
    assert len(chart.series) == 8
    fills = [s.graphicalProperties.solidFill.srgbClr for s in chart.series[:7]]
    assert fills == [styles.STATUS_COLOURS[s][0] for s in headers[1:8]]
    import zipfile

    with zipfile.ZipFile(path) as z:
        drawing = z.read("xl/drawings/drawing1.xml").decode()
    assert 'descr="Bar chart of the status of actions by objective. Community Leader: 9' in (
        drawing)


def test_direction_of_travel_and_flags(tmp_path: Path, result: MergeResult) -> None:
    path = write_summary(result, tmp_path / "s.xlsx", position=_flagged(result))
    ws = load_workbook(path)["Summary"]
    header = _find(ws, "Direction of travel since the last merge") + 1
    assert [ws.cell(header, c).value for c in range(1, 6)] == [
        "Objective", "Improved", "Same", "Worse", "First update"]
    # CL-01 On track -> Complete improved; CL-02 At risk -> Off track worse;
    # CL-04 blank -> On track is a first update, not "same".
    assert [ws.cell(header + 1, c).value for c in range(1, 6)] == [
        "Community Leader", 1, 9, 1, 1]
    flags = _find(ws, "Actions to look at") + 2
    assert {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(flags, flags + 4)} == {
        "Overdue": 2, "Due soon": 1, "Unclear timescale": 1, "No update": 0}
    assert ws.cell(flags, 3).value == "its due date has passed"


def test_summary_takes_counts_and_direction_from_merge_result(tmp_path: Path,
                                                             result: MergeResult) -> None:
    class Told(MergeResult):
        def counts(self) -> dict[str, int]:
            return {"applied": 7, "unchanged": 0, "conflict": 0, "rejected": 0}

        def direction_of_travel(self) -> dict[str, str]:
            return {"SP-01": "worse"}

    told = Told(**{k: getattr(result, k) for k in result.__dataclass_fields__})
    ws = load_workbook(write_summary(told, tmp_path / "s.xlsx"))["Summary"]
    assert ws.cell(_find(ws, "Applied"), 2).value == 7
    sp = _find(ws, "Direction of travel since the last merge") + 4
    assert [ws.cell(sp, c).value for c in range(1, 5)] == ["Service Provider", 0, 0, 1]


def test_conflicts_rejected_not_returned_overdue(tmp_path: Path, result: MergeResult) -> None:
    wb = load_workbook(write_summary(result, tmp_path / "s.xlsx", position=_flagged(result)))
    assert _table(wb["Conflicts"])[0] == [
        "EM-01", "Equality in recruitment", "Progress update", "old text",
        "master text", "return text", "Housing", result.returns[0].path.name,
        "decide which value is right and edit the plan"]
    assert _table(wb["Rejected"])[0] == [
        "x – ICT.xlsx", "ICT", "H5", "CL-04", "Status", "Greenish",
        "'Greenish' is not a status", "choose a status from the list"]
    not_returned = _table(wb["Not returned"])
    # Only services with actions outstanding: every one here has some.
    assert len(not_returned) == 13 and all(r[3] >= 1 for r in not_returned)
    assert not_returned[0] == ["Revenues and Benefits", "Placeholder name",
                               "revenues.benefits@example.org", 1]
    overdue = _table(wb["Overdue"])
    assert [r[0] for r in overdue] == ["CL-03", "SP-01"]
    assert overdue[0][1:5] == [result.plan.action_index()["CL-03"].title,
                               "Data Analytics; Democratic Services", "June 2024",
                               datetime(2024, 3, 31)]
    assert wb["Overdue"]["E5"].number_format == styles.DATE_FORMAT


def test_a_service_with_nothing_outstanding_is_not_listed_as_not_returned(
        tmp_path: Path, result: MergeResult) -> None:
    done = {a.id: "Complete" for a in result.plan.actions_of_service("ICT")}
    result.plan = _set(result.plan, done)
    result.returns = [r for r in result.returns if r.service != "ICT"]
    wb = load_workbook(write_summary(result, tmp_path / "s.xlsx"))
    assert "ICT" not in [r[0] for r in _table(wb["Not returned"])]


def test_empty_sheets_say_nothing_to_show_in_one_line(tmp_path: Path) -> None:
    plan = example_plan()
    empty = MergeResult(before=plan, plan=plan.replace(revision=1), returns=[])
    wb = load_workbook(write_summary(empty, tmp_path / "s.xlsx"))
    for name in ("Changes", "Conflicts", "Rejected", "Files", "Overdue"):
        assert _table(wb[name]) == [["Nothing to show", *[None] * (wb[name].max_column - 1)]]
    # Nobody replied: every service with actions still open is still to return.
    assert len(_table(wb["Not returned"])) == 15


def test_no_plan_objectives_or_services_still_writes(tmp_path: Path) -> None:
    plan = Plan(title="Empty")
    empty = MergeResult(before=plan, plan=plan, returns=[])
    wb = load_workbook(write_summary(empty, tmp_path / "s.xlsx"))
    ws = wb["Summary"]
    assert ws.cell(_find(ws, "Who has returned this round") + 2, 1).value == NONE
    assert ws.cell(_find(ws, "Status of actions by objective") + 2, 1).value == NONE
    assert not ws._charts
    assert _table(wb["Not returned"])[0][0] == NONE


def test_the_summary_passes_the_accessibility_check(tmp_path: Path,
                                                    result: MergeResult) -> None:
    from edi_workbook.accessibility import check_file

    path = write_summary(result, tmp_path / "s.xlsx", position=_flagged(result))
    findings = [f for f in check_file(path) if f.level in ("error", "warning")]
    assert findings == [], [f.line() for f in findings]
