"""The summary workbook: written from a hand-built MergeResult, read back with openpyxl."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from edi_workbook import styles
from edi_workbook.cells import EXCEL_CELL_LIMIT, split_for_cell
from edi_workbook.errors import OutputError
from edi_workbook.example import example_plan
from edi_workbook.merge import CellChange, Conflict, MergeResult, Proposal
from edi_workbook.model import Plan
from edi_workbook.returns import Rejection, ReturnRow, ReturnWorkbook
from edi_workbook.summary import (
    CHANGES_HEADERS,
    CONFLICTS_HEADERS,
    CONTINUED,
    NOT_RETURNED_HEADERS,
    OVERDUE_HEADERS,
    REJECTED_HEADERS,
    SHEETS,
    write_summary,
)

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
                       conflicts=[conflict], rejected=[bad], as_of=AS_OF,
                       tally=Counter({"applied": 3, "unchanged": (16 - 3 - 1) + 3,
                                      "conflict": 1}))


def _flagged(plan: Plan) -> list:
    ids = {"CL-03": "Overdue", "CL-10": "Due soon", "EM-02": "Unclear timescale",
           "SP-01": "Overdue"}
    return [a.replace(flag=ids[a.id], due=date(2024, 3, 31)) for a in plan.actions if a.id in ids]


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


def test_sheets_in_order_with_headers(tmp_path: Path, result: MergeResult) -> None:
    path = write_summary(result, tmp_path / "summary.xlsx", flagged=_flagged(result.plan))
    wb = load_workbook(path)
    assert wb.sheetnames == list(SHEETS)
    for name, headers in [("Changes", CHANGES_HEADERS), ("Conflicts", CONFLICTS_HEADERS),
                          ("Rejected", REJECTED_HEADERS), ("Not returned", NOT_RETURNED_HEADERS),
                          ("Overdue", OVERDUE_HEADERS)]:
        assert tuple(c.value for c in wb[name][1]) == headers, name
    assert [wb["Summary"]["A1"].value, wb["Summary"]["B1"].value] == ["Item", "Value"]


def test_every_sheet_frozen_filtered_sized_and_printable(tmp_path: Path,
                                                          result: MergeResult) -> None:
    wb = load_workbook(write_summary(result, tmp_path / "s.xlsx"))
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert all(_width(ws, c) for c in range(1, ws.max_column + 1)), ws.title
        assert ws.page_setup.orientation == "landscape", ws.title
        # Fit to one page wide (1 is the default, so only the height of 0 is written).
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows.replace("$", "") == "1:1", ws.title
    changes = wb["Changes"]
    assert changes.auto_filter.ref == "A1:I4"
    assert _width(changes, 6) == pytest.approx(styles.SUMMARY_COLUMN_WIDTHS["New value"], abs=1)
    assert _width(changes, 9) == pytest.approx(styles.SUMMARY_COLUMN_WIDTHS["When"], abs=1)
    assert changes["F2"].alignment.wrap_text


def test_changes_rows_look_like_tracked_changes(tmp_path: Path, result: MergeResult) -> None:
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Changes"]
    assert [c.value for c in ws[2]] == [
        "CL-01", "Community Leader", result.applied[0].title, "Status", "On track", "Complete",
        "Housing", result.returns[0].path.name, WHEN]
    old, new = ws["E2"], ws["F2"]
    assert old.font.strike is True
    assert old.font.color.rgb.endswith(styles.OLD_VALUE_FONT)
    assert new.fill.fgColor.rgb.endswith(styles.NEW_VALUE_FILL)
    assert not new.font.strike
    assert ws["I2"].is_date and "hh:mm" in ws["I2"].number_format
    assert ws["D4"].value == "Progress update"


def test_formula_text_is_stored_as_a_string(tmp_path: Path, result: MergeResult) -> None:
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Changes"]
    cell = ws["F4"]
    assert cell.data_type == "s"
    assert cell.value == "=cmd|' /C calc'!A0"


def test_long_text_goes_on_continued_rows_and_rejoins(tmp_path: Path,
                                                       result: MergeResult) -> None:
    long = "".join(f"word{i} " for i in range(6000))[:40_000]
    assert len(long) == 40_000
    result.applied = [_change(result.before, "SP-02", "progress", "short", long, "Policy",
                              result.returns[0].path)]
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Changes"]
    rows = _rows(ws)[1:]
    assert len(rows) == 2
    assert [r[0] for r in rows] == ["SP-02", "SP-02"]
    assert rows[0][3] == "Progress update" and rows[1][3] == f"Progress update {CONTINUED}"
    assert rows[0][4] == "short" and rows[1][4] is None
    assert all(len(r[5]) <= EXCEL_CELL_LIMIT for r in rows)
    assert "".join(r[5] for r in rows) == long


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
    assert ws["F2"].value == "a b c"  # a space where each separated two words


def test_summary_counts_add_up(tmp_path: Path, result: MergeResult) -> None:
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Summary"]
    got = {ws.cell(_find(ws, k), 1).value: ws.cell(_find(ws, k), 2).value
           for k in ("Applied", "Unchanged", "Conflict", "Rejected")}
    assert got == {"Applied": 3, "Unchanged": 15, "Conflict": 1, "Rejected": 1}
    total_row = _find(ws, "Applied") + 4
    assert ws.cell(total_row, 1).value == "Total" and ws.cell(total_row, 2).value == 20
    assert ws.cell(total_row + 1, 1).value.startswith(
        "Check: every editable cell read is counted once (20 read, 20 counted)")


def test_summary_says_when_the_counts_do_not_add_up(tmp_path: Path,
                                                    result: MergeResult) -> None:
    result.tally["unchanged"] -= 2
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Summary"]
    check = ws.cell(_find(ws, "Applied") + 5, 1).value
    assert check.startswith("Check failed: 20 editable cells were read but 18 counted")


def test_summary_header_and_services(tmp_path: Path, result: MergeResult) -> None:
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Summary"]
    about = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 7)}
    assert about["Plan"] == "EDI Action Plan 2023-24"
    assert about["Organisation"] == "Maidstone Borough Council"
    assert about["Revision"] == "0 -> 1"
    assert about["As of"] == datetime(2024, 5, 1)
    housing = _find(ws, "Housing")
    assert [ws.cell(housing, c).value for c in (1, 2, 3, 4)] == [
        "Housing", 1, "yes", result.returns[0].path.name]
    museums = _find(ws, "Museums")
    assert [ws.cell(museums, c).value for c in (2, 3, 4)] == [1, "no", None]
    total = _find(ws, "Returns by service") + 2 + 15
    assert [ws.cell(total, c).value for c in (1, 2, 3)] == ["Total", 15, 2]


def test_status_table_and_chart(tmp_path: Path, result: MergeResult) -> None:
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Summary"]
    header = _find(ws, "Status of actions by objective") + 1
    headers = [ws.cell(header, c).value for c in range(1, 11)]
    assert headers == ["Objective", "Not started", "On track", "At risk", "Off track",
                       "Complete", "Closed", "Carried forward", "No status", "Total"]
    cl = [ws.cell(header + 1, c).value for c in range(1, 11)]
    # CL-01 Complete, CL-02 Off track, CL-04 On track, the other nine blank.
    assert cl == ["Community Leader", 0, 1, 0, 1, 1, 0, 0, 9, 12]
    assert ws.cell(header + 2, 1).value == "Employer"
    assert ws.cell(header + 2, 2).value == 1  # EM-01 Not started
    assert ws._charts, "the status chart is missing"
    chart = ws._charts[0]
    assert len(chart.series) == 8
    fills = [s.graphicalProperties.solidFill.srgbClr for s in chart.series[:7]]
    assert fills == [styles.STATUS_COLOURS[s][0] for s in headers[1:8]]


def test_direction_of_travel_and_flags(tmp_path: Path, result: MergeResult) -> None:
    path = write_summary(result, tmp_path / "s.xlsx", flagged=_flagged(result.plan))
    ws = load_workbook(path)["Summary"]
    header = _find(ws, "Direction of travel since the last revision") + 1
    assert [ws.cell(header, c).value for c in range(1, 6)] == [
        "Objective", "Improved", "Same", "Worse", "First update"]
    # CL-01 On track -> Complete improved; CL-02 At risk -> Off track worse;
    # CL-04 blank -> On track is a first update, not "same".
    assert [ws.cell(header + 1, c).value for c in range(1, 6)] == [
        "Community Leader", 1, 9, 1, 1]
    flags = _find(ws, "Actions that need a person's eye") + 2
    assert {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(flags, flags + 4)} == {
        "Overdue": 2, "Due soon": 1, "Unclear timescale": 1, "No update": 0}


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
    sp = _find(ws, "Direction of travel since the last revision") + 4
    assert [ws.cell(sp, c).value for c in range(1, 5)] == ["Service Provider", 0, 0, 1]


def test_conflicts_rejected_not_returned_overdue(tmp_path: Path, result: MergeResult) -> None:
    wb = load_workbook(write_summary(result, tmp_path / "s.xlsx", flagged=_flagged(result.plan)))
    assert [c.value for c in wb["Conflicts"][2]] == [
        "EM-01", "Employer", "Equality in recruitment", "Progress update", "old text",
        "master text", "return text", "Housing", result.returns[0].path.name,
        "decide which value is right and edit the plan"]
    assert [c.value for c in wb["Rejected"][2]] == [
        "x – ICT.xlsx", "ICT", "H5", "CL-04", "Status", "Greenish",
        "'Greenish' is not a status", "choose a status from the list"]
    not_returned = _rows(wb["Not returned"])[1:]
    assert len(not_returned) == 13
    assert not_returned[0] == ["Revenues and Benefits", "Placeholder name",
                               "revenues.benefits@example.org", 1]
    overdue = _rows(wb["Overdue"])[1:]
    assert [r[0] for r in overdue] == ["CL-03", "SP-01"]
    assert overdue[0][1:6] == ["Community Leader", result.plan.action_index()["CL-03"].title,
                               "Data Analytics; Democratic Services", "June 2024",
                               datetime(2024, 3, 31)]
    assert wb["Overdue"]["F2"].number_format == styles.DATE_FORMAT


def test_empty_sheets_say_none(tmp_path: Path) -> None:
    plan = example_plan()
    empty = MergeResult(before=plan, plan=plan.replace(revision=1), returns=[])
    wb = load_workbook(write_summary(empty, tmp_path / "s.xlsx"))
    for name in SHEETS[1:5]:
        if name == "Not returned":
            continue
        assert wb[name]["A2"].value == "none", name
        assert wb[name].auto_filter.ref.endswith("2"), name
    # Nobody replied: every service with actions is still to return.
    assert wb["Not returned"].max_row == 16
    assert wb["Overdue"]["A2"].value == "none"
    summary = wb["Summary"]
    assert summary.cell(_find(summary, "Total") - 1, 3).value == "no"


def test_no_plan_objectives_or_services_still_writes(tmp_path: Path) -> None:
    plan = Plan(title="Empty")
    empty = MergeResult(before=plan, plan=plan, returns=[])
    wb = load_workbook(write_summary(empty, tmp_path / "s.xlsx"))
    ws = wb["Summary"]
    assert ws.cell(_find(ws, "Returns by service") + 2, 1).value == "none"
    assert ws.cell(_find(ws, "Status of actions by objective") + 2, 1).value == "none"
    assert not ws._charts
    assert wb["Not returned"]["A2"].value == "none"


def test_written_atomically_and_errors_are_one_line(tmp_path: Path, result: MergeResult) -> None:
    target = tmp_path / "out" / "s.xlsx"
    write_summary(result, target)
    assert [p.name for p in target.parent.iterdir()] == ["s.xlsx"]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="the summary cannot be written"):
        write_summary(result, blocker / "s.xlsx")


def test_rows_grow_for_wrapped_text(tmp_path: Path, result: MergeResult) -> None:
    result.applied = [_change(result.before, "CL-01", "progress", "", "word " * 200, "Housing",
                              result.returns[0].path),
                      _change(result.before, "CL-02", "progress", "", "x " * 40_000, "Housing",
                              result.returns[0].path)]
    ws = load_workbook(write_summary(result, tmp_path / "s.xlsx"))["Changes"]
    assert 100 < ws.row_dimensions[2].height < 409
    assert ws.row_dimensions[3].height == pytest.approx(409, abs=1)  # Excel's tallest row
