"""Property: whatever a service lead does to a real return file, the merge holds.

Random edits through openpyxl (values, sorting, deleted and added rows,
cleared cells, statuses in any case, locked cells changed with protection
removed), then read_return + merge_returns: never raises, the four counts add
up, merging twice equals merging once, every applied value is in the plan.
"""

from __future__ import annotations

from datetime import date

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edi_workbook.core.merge import merge_returns
from edi_workbook.core.model import STATUSES
from edi_workbook.workbooks.return_reader import read_return
from edi_workbook.workbooks.return_writer import write_return
from edi_workbook.workflow.example import example_plan

SERVICE = "Policy, Communities and Engagement"  # the service with the most actions
EDITABLE = ["Status", "Progress update", "Revised timescale", "Comments"]
LOCKED = ["Action title", "Actions", "Timescale"]

# Control characters are covered by the fixture corpus: openpyxl cannot type them.
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
status_text = st.sampled_from(STATUSES).flatmap(
    lambda s: st.sampled_from([s, s.lower(), s.upper(), s.replace(" ", "-")])) | text
edit = st.one_of(
    st.tuples(st.just("set"), st.integers(0, 30), st.sampled_from(EDITABLE[1:]), text),
    st.tuples(st.just("status"), st.integers(0, 30), st.just("Status"), status_text),
    st.tuples(st.just("clear"), st.integers(0, 30), st.sampled_from(EDITABLE), st.none()),
    st.tuples(st.just("locked"), st.integers(0, 30), st.sampled_from(LOCKED), text),
    st.tuples(st.just("delete"), st.integers(0, 30), st.none(), st.none()),
    st.tuples(st.just("add"), st.integers(0, 30), st.none(), text),
    st.tuples(st.just("sort"), st.integers(0, 1), st.none(), st.none()),
)


def apply_edits(path, edits):
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    header = next(r for r in ws.iter_rows() if any(c.value == "Status" for c in r))
    h = header[0].row
    col = {c.value: c.column for c in header}
    width = len(header)
    for kind, n, heading, value in edits:
        last = max(h + 1, ws.max_row)
        row = h + 1 + n % max(1, last - h)
        if kind in ("set", "status", "clear"):
            cell = ws.cell(row, col[heading])
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # typed text, never a formula
        elif kind == "locked":
            ws.protection.sheet = False
            ws.cell(row, col[heading]).value = value or "changed"
        elif kind == "delete":
            ws.delete_rows(row)
        elif kind == "add":
            ws.cell(last + 1, col["Progress update"]).value = value or "new row"
        elif kind == "sort":
            rows = [[ws.cell(r, c).value for c in range(1, width + 1)]
                    for r in range(h + 1, ws.max_row + 1)]
            rows.sort(key=lambda v: str(v[0]), reverse=bool(n))
            for i, values in enumerate(rows):
                for c, v in enumerate(values, start=1):
                    ws.cell(h + 1 + i, c).value = v
    wb.save(path)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(edit, max_size=12))
def test_any_edited_return_merges_soundly(tmp_path, edits):
    plan = example_plan()
    path = write_return(plan, SERVICE, tmp_path / "r.xlsx", issued=date(2024, 2, 19),
                        due=None)
    apply_edits(path, edits)
    ret = read_return(path)
    result = merge_returns(plan, [ret], date(2024, 3, 15))

    counts = result.counts()
    assert sum(counts.values()) == ret.editable_cells
    merged = result.plan.action_index()
    for change in result.applied:
        action = merged[change.action_id]
        value = action.own_words(change.field, change.owner) if change.owner else action.get(
            change.field)
        assert value == change.new

    again = merge_returns(result.plan, [ret], date(2024, 3, 15))
    assert again.applied == [] and again.conflicts == []
    assert [(a.id, a.status, a.progress, a.revised_timescale, a.comments)
            for a in again.plan.actions] == [
        (a.id, a.status, a.progress, a.revised_timescale, a.comments)
        for a in result.plan.actions]
