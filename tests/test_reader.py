"""Reading plans: round trips, and the ways people rearrange workbooks."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from edi_workbook.core import messages as m
from edi_workbook.core.errors import PlanError
from edi_workbook.core.model import new_plan
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan


def all_values(path):
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def test_round_trip_reads_the_same_plan(plan_path, plan):
    assert read_plan(plan_path) == plan


def test_write_read_write_is_identical_cell_by_cell(tmp_path, plan_path):
    again = write_plan(read_plan(plan_path), tmp_path / "again.xlsx")
    assert all_values(again) == all_values(plan_path)


def test_round_trip_with_updates_dates_and_extras(tmp_path, plan):
    plan.actions[3] = plan.actions[3].replace(
        status="At risk", progress="Line one\nLine two", last_updated=date(2024, 2, 1),
        updated_by="Housing", due=date(2024, 3, 31), flag="Due soon",
        extra={"Budget": 1200, "Owner": "Jo"})
    plan.revision = 4
    path = write_plan(plan, tmp_path / "p.xlsx")
    got = read_plan(path)
    assert got.actions[3] == plan.actions[3]
    assert got.revision == 4
    # The added columns stay on the sheet: other rows read them as blank.
    assert got.actions[0].extra == {"Budget": "", "Owner": ""}
    assert [a.replace(extra={}) for a in got.actions] == [
        a.replace(extra={}) for a in plan.actions]


def test_blank_plan_from_new_round_trips(tmp_path):
    plan = new_plan("T", "O", "2024-25")
    assert read_plan(write_plan(plan, tmp_path / "new.xlsx")) == plan


def _header(ws):
    return next(r[0].row for r in ws.iter_rows() if r[0].value == "ID")


def test_tolerates_reordered_columns_sheets_blank_rows_and_keeps_added_columns(
        tmp_path, plan_path, plan):
    wb = openpyxl.load_workbook(plan_path)
    ws = wb["Employer"]
    h = _header(ws)
    # Swap the Timescale and Action title columns, values and all.
    for row in ws.iter_rows(min_row=h, max_row=h + 7):
        row[1].value, row[5].value = row[5].value, row[1].value
    # A column the officer added, with values.
    ws.cell(h, 16, "Budget (£)")
    ws.cell(h + 1, 16, 2500)
    # A stray blank row in the middle of the table.
    ws.insert_rows(h + 3)
    # Sheets moved about.
    wb.move_sheet("Employer", offset=2)
    wb.save(tmp_path / "moved.xlsx")

    got = read_plan(tmp_path / "moved.xlsx")
    by_id = got.action_index()
    for action in plan.actions:
        again = by_id[action.id]
        assert again.replace(extra={}) == action
    assert by_id["EM-01"].extra == {"Budget (£)": 2500}
    assert {o.key for o in got.objectives} == {"CL", "EM", "SP"}
    # ... and the added column survives the next write.
    path = write_plan(got, tmp_path / "next.xlsx")
    assert read_plan(path).action_index()["EM-01"].extra == {"Budget (£)": 2500}


def test_header_row_found_wherever_it_is(tmp_path, plan_path, plan):
    wb = openpyxl.load_workbook(plan_path)
    wb["Service Provider"].insert_rows(2, amount=4)
    wb.save(tmp_path / "lower.xlsx")
    assert read_plan(tmp_path / "lower.xlsx").actions_for("SP") == plan.actions_for("SP")


def test_not_a_workbook_is_one_clear_error(tmp_path):
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(PlanError) as info:
        read_plan(bad)
    assert (info.value.path.name, info.value.reason, info.value.advice) == (
        "plan.xlsx", m.DAMAGED, m.FRESH_OR_LAST_GOOD)


def test_missing_file(tmp_path):
    with pytest.raises(PlanError) as info:
        read_plan(tmp_path / "missing.xlsx")
    assert (info.value.path.name, info.value.reason, info.value.advice) == (
        "missing.xlsx", m.FILE_NOT_FOUND, m.CHECK_NAME_AND_FOLDER)


def test_workbook_without_actions_table(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(PlanError) as info:
        read_plan(tmp_path / "other.xlsx")
    assert info.value.reason == m.NO_OBJECTIVE_SHEET


def test_sheets_the_tool_does_not_own_are_kept(tmp_path, plan_path):
    wb = openpyxl.load_workbook(plan_path)
    notes = wb.create_sheet("Officer notes")
    notes.append(["Date", "Note"])
    notes.append([date(2024, 1, 5), "=Ask HR about the carers survey"])
    notes["B2"].data_type = "s"  # typed as text, as Excel stores '=... with a quote prefix
    wb.save(tmp_path / "notes.xlsx")
    plan = read_plan(tmp_path / "notes.xlsx")
    assert plan.extra_sheets == {"Officer notes": [["Date", "Note"], [
        date(2024, 1, 5), "=Ask HR about the carers survey"]]}
    again = write_plan(plan, tmp_path / "again.xlsx")
    ws = openpyxl.load_workbook(again)["Officer notes"]
    assert ws["B2"].value == "=Ask HR about the carers survey" and ws["B2"].data_type == "s"
    assert read_plan(again).extra_sheets == plan.extra_sheets


def test_hidden_sheets_are_known(tmp_path):
    import openpyxl

    from edi_workbook.xlsx.values import load_sheets

    wb = openpyxl.Workbook()
    wb.create_sheet("Hidden").sheet_state = "hidden"
    wb.create_sheet("Very").sheet_state = "veryHidden"
    wb.save(tmp_path / "h.xlsx")
    assert load_sheets(tmp_path / "h.xlsx").hidden == {"Hidden", "Very"}


def test_the_officers_own_work_survives_a_merge(tmp_path):
    """Issue 13: the officer's notes, formulas in added columns and added sheets, and the
    width, hidden state and filter of added columns are kept; what cannot be, listed."""
    from datetime import date

    import openpyxl
    from openpyxl.comments import Comment

    from edi_workbook.workbooks.plan_writer import write_plan
    from edi_workbook.workflow.example import RETURNS_DIR, example_plan
    from edi_workbook.workflow.merging import merge_files

    plan_path = write_plan(example_plan(), tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(plan_path)
    ws = wb["Employer"]
    head = next(r[0].row for r in ws.iter_rows() if r[0].value == "ID")
    col = {c.value: c.column for c in ws[head]}
    rows = {ws.cell(r, 1).value: r for r in range(head + 1, ws.max_row + 1)}
    budget, outcome = ws.max_column + 1, ws.max_column + 2
    ws.cell(head, budget, "Budget")
    ws.cell(head, outcome, "Outcome")
    for action_id, r in rows.items():
        if action_id and action_id.startswith("EM-"):
            ws.cell(r, budget, f"={r}*100")
            ws.cell(r, outcome, "Done" if action_id == "EM-01" else "Open")
    letter = openpyxl.utils.get_column_letter
    ws.column_dimensions[letter(budget)].width = 30
    ws.column_dimensions[letter(budget)].hidden = True
    ws.auto_filter.ref = f"A{head}:{letter(outcome)}{ws.max_row}"
    ws.auto_filter.add_filter_column(outcome - 1, ["Open"])
    ws.cell(rows["EM-02"], col["Status"]).comment = Comment("Chase HR in May", "Officer")
    ws.cell(rows["EM-03"], col["Comments"]).value = "=1+1"  # a formula in the tool's own column
    wb["About"]["A1"].comment = Comment("Draft: check with the Head of Policy", "Officer")
    mine = wb.create_sheet("Officer notes")
    mine["A1"], mine["A2"], mine["B2"] = "Budget total", "=SUM(1,2,3)", "as at May"
    wb.save(plan_path)

    outcome_ = merge_files(plan_path, [RETURNS_DIR], output=tmp_path / "merged.xlsx",
                           summary=tmp_path / "summary.xlsx", as_of=date(2024, 3, 15))
    out = openpyxl.load_workbook(tmp_path / "merged.xlsx")
    em = out["Employer"]
    head = next(r[0].row for r in em.iter_rows() if r[0].value == "ID")
    col = {c.value: c.column for c in em[head]}
    rows = {em.cell(r, 1).value: r for r in range(head + 1, em.max_row + 1)}
    budget_cell = em.cell(rows["EM-02"], col["Budget"])
    assert budget_cell.data_type == "f" and budget_cell.value.startswith("=")
    dims = next(d for d in em.column_dimensions.values()
                if d.min <= col["Budget"] <= d.max)
    assert dims.hidden and abs(dims.width - 30) < 1
    assert em.row_dimensions[rows["EM-01"]].hidden  # "Done": filtered out, as left
    assert not em.row_dimensions[rows["EM-02"]].hidden
    assert em.auto_filter.filterColumn[0].filters.filter == ["Open"]
    assert em.cell(rows["EM-02"], col["Status"]).comment.text.startswith("Chase HR in May")
    assert out["About"]["A1"].comment.text == "Draft: check with the Head of Policy"
    assert out["Officer notes"]["A2"].data_type == "f"
    assert out["Officer notes"]["A2"].value == "=SUM(1,2,3)"
    # The formula in the tool's own Comments column could not stay a formula: said so.
    listed = [r.reason for r in outcome_.result.rejected if r.path == plan_path]
    assert any("=1+1" in reason and "'Employer'" in reason for reason in listed)
    rejected = openpyxl.load_workbook(tmp_path / "summary.xlsx")["Rejected"]
    assert any("=1+1" in str(c.value) for row in rejected.iter_rows() for c in row)


def test_words_typed_beside_above_and_below_the_table_survive_two_writes(tmp_path, plan_path):
    """Before: text in a column without a heading, in the colour key, on a second line
    of the objective's statement, or in several cells under the connections was dropped
    by the next write (all but one cell of the last, read as a connection)."""
    wb = openpyxl.load_workbook(plan_path)
    ws = wb["Employer"]
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "ID")
    key = next(r[0].row for r in ws.iter_rows() if r[0].value == "Key")
    statement = next(r[0].row for r in ws.iter_rows() if r[0].value == "Objective")
    ws.cell(header + 1, ws.max_column + 2).value = "BESIDE-WORDS"
    ws.cell(key, 9).value = "KEY-WORDS"
    ws.cell(statement + 1, 2).value = "STATEMENT-SECOND-LINE"
    last = ws.max_row + 1
    ws.cell(last, 3).value = "BELOW-A"
    ws.cell(last, 7).value = "BELOW-B"
    wb.save(plan_path)
    once = write_plan(read_plan(plan_path), tmp_path / "once.xlsx")
    twice = write_plan(read_plan(once), tmp_path / "twice.xlsx")
    texts = [v for row in all_values(twice)["Employer"] for v in row if isinstance(v, str)]
    for words in ("BESIDE-WORDS", "KEY-WORDS", "BELOW-A", "BELOW-B"):
        assert texts.count(words) == 1, words
    assert any("STATEMENT-SECOND-LINE" in t for t in texts)
    assert all_values(twice) == all_values(write_plan(read_plan(twice), tmp_path / "3.xlsx"))
