from datetime import date

import openpyxl
import pytest

from edi_workbook.core.flags import (
    DUE_SOON,
    NO_UPDATE,
    OVERDUE,
    UNCLEAR,
    FlagRules,
    flag_plan,
    flag_table,
    next_annual_update,
    next_occurrence,
)
from edi_workbook.core.model import Action, Plan
from edi_workbook.core.timescale import Recurrence, parse_timescale
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan

AS_OF = date(2024, 6, 1)


def flag_of(timescale="October 2024", status="", progress="Some progress",
            last_updated=date(2024, 5, 20), revised="", soon=30, as_of=AS_OF):
    action = Action("CL-01", "CL", timescale=parse_timescale(timescale), status=status,
                    progress=progress, last_updated=last_updated, revised_timescale=revised)
    plan = Plan(period="2023-24", annual_update=date(2024, 3, 31), actions=[action])
    [got] = flag_plan(plan, FlagRules(as_of, soon_days=soon)).actions
    return got.flag, got.due


@pytest.mark.parametrize(
    ("kwargs", "flag", "due"),
    [
        ({"timescale": "March 2024"}, OVERDUE, date(2024, 3, 31)),
        ({"timescale": "June 2024"}, DUE_SOON, date(2024, 6, 30)),
        ({"timescale": "July 2024"}, "", date(2024, 7, 31)),
        ({"timescale": "July 2024", "soon": 60}, DUE_SOON, date(2024, 7, 31)),
        ({"timescale": "TBC"}, UNCLEAR, None),
        ({"timescale": "October 2024", "progress": ""}, NO_UPDATE, date(2024, 10, 31)),
        ({"timescale": "October 2024", "last_updated": date(2024, 1, 1)}, NO_UPDATE,
         date(2024, 10, 31)),
        # Overdue comes before the other flags.
        ({"timescale": "March 2024", "progress": ""}, OVERDUE, date(2024, 3, 31)),
        # Complete and Closed are never flagged, however late.
        ({"timescale": "March 2024", "status": "Complete"}, "", date(2024, 3, 31)),
        ({"timescale": "TBC", "status": "Closed"}, "", None),
        # A revised timescale replaces the original for flagging.
        ({"timescale": "March 2024", "revised": "December 2024"}, "", date(2024, 12, 31)),
        # Ongoing items are due at the next annual update, never overdue by themselves.
        ({"timescale": "Ongoing – Update to be provided as part of EDI Annual update"}, "",
         date(2025, 3, 31)),
        ({"timescale": "Ongoing", "as_of": date(2024, 3, 10)}, DUE_SOON, date(2024, 3, 31)),
        ({"timescale": "Start date April 2024"}, "", None),
        # Recurring items are due at their next occurrence on or after the as-of date.
        ({"timescale": "By end of March annually"}, "", date(2025, 3, 31)),
        ({"timescale": "every June"}, DUE_SOON, date(2024, 6, 30)),
        ({"timescale": "Quarterly"}, DUE_SOON, date(2024, 6, 30)),
        ({"timescale": "Six monthly", "progress": ""}, NO_UPDATE, date(2024, 9, 30)),
        ({"timescale": "31 May (annually)"}, "", date(2025, 5, 31)),
        # Counts from an event: unclear until someone adds a date.
        ({"timescale": "Within six months of the new Council"}, UNCLEAR, None),
        ({"timescale": "Within six months of the new Council", "revised": "May 2025"}, "",
         date(2025, 5, 31)),
    ],
)
def test_flag_rules(kwargs, flag, due):
    assert flag_of(**kwargs) == (flag, due)


@pytest.mark.parametrize(("recurrence", "as_of", "due"), [
    (Recurrence(12, 3), date(2024, 3, 31), date(2024, 3, 31)),  # on the day: still due
    (Recurrence(12, 3), date(2024, 4, 1), date(2025, 3, 31)),
    (Recurrence(12, 8, 31), date(2024, 9, 1), date(2025, 8, 31)),
    (Recurrence(12, 2, 29), date(2025, 1, 1), date(2025, 2, 28)),  # no 29th: month's end
    (Recurrence(3, 3), date(2024, 10, 1), date(2024, 12, 31)),
    (Recurrence(3, 3), date(2025, 1, 15), date(2025, 3, 31)),
    (Recurrence(6, 3), date(2024, 10, 1), date(2025, 3, 31)),
    (Recurrence(6, 3), date(2024, 4, 1), date(2024, 9, 30)),
    (Recurrence(1, 1), date(2024, 2, 10), date(2024, 2, 29)),
    (Recurrence(1, 1), date(2024, 12, 31), date(2024, 12, 31)),
])
def test_next_occurrence(recurrence, as_of, due):
    assert next_occurrence(recurrence, as_of) == due


def test_annual_update_falls_back_to_the_first_year_of_the_period():
    from edi_workbook.core.flags import annual_update_date

    assert annual_update_date(Plan(period="2015-19")) == date(2016, 3, 31)
    assert annual_update_date(Plan(period="2024")) == date(2024, 12, 31)
    assert annual_update_date(Plan(period="")) is None
    assert annual_update_date(Plan(period="2015-19", annual_update=date(2015, 9, 30))) == (
        date(2015, 9, 30))


def test_next_annual_update_rolls_forward():
    anchor = date(2024, 3, 31)
    assert next_annual_update(anchor, date(2024, 3, 31)) == date(2024, 3, 31)
    assert next_annual_update(anchor, date(2024, 4, 1)) == date(2025, 3, 31)
    assert next_annual_update(anchor, date(2023, 1, 1)) == date(2024, 3, 31)
    assert next_annual_update(None, date(2024, 4, 1)) is None


def test_flag_plan_does_not_change_its_input(plan):
    before = [a.flag for a in plan.actions]
    flag_plan(plan, FlagRules(AS_OF))
    assert [a.flag for a in plan.actions] == before


def test_flagged_plan_written_with_due_dates_and_flags(tmp_path, plan):
    flagged = flag_plan(plan, FlagRules(date(2024, 3, 10)))
    path = write_plan(flagged, tmp_path / "flagged.xlsx")
    ws = openpyxl.load_workbook(path)["Employer"]
    h = next(r[0].row for r in ws.iter_rows() if r[0].value == "ID")
    rows = {ws.cell(r, 1).value: ws.cell(r, 7) for r in range(h + 1, h + 8)}
    assert rows["EM-04.2"].value.date() == date(2024, 7, 31)
    assert rows["EM-04.2"].is_date
    assert ws.cell(rows["EM-05"].row, 14).value == DUE_SOON
    again = read_plan(path).action_index()
    assert again["EM-04.2"].due == date(2024, 7, 31)
    assert again["EM-05"].flag == DUE_SOON


def test_flag_table_lists_flagged_actions():
    actions = [Action("EM-01", "EM", title="Provide Staff training", flag=OVERDUE,
                      due=date(2024, 10, 31), status="At risk")]
    table = flag_table(actions).splitlines()
    assert table[0].split() == ["ID", "Flag", "Due", "Status", "Action", "title"]
    assert table[1].split()[:4] == ["EM-01", "Overdue", "31/10/2024", "At"]
    assert flag_table([]) == "No actions flagged."


def test_a_shared_action_with_only_a_services_own_words_has_an_update():
    """CL-03's update came from Data Analytics, as its own record: not "No update"."""
    from edi_workbook.core.model import ServiceUpdate
    from edi_workbook.workflow.example import example_plan

    plan = example_plan()
    action = plan.action_index()["CL-03"]
    assert action.is_shared and not action.progress
    rules = FlagRules(date(2024, 1, 10))
    before = flag_plan(plan, rules).action_index()["CL-03"].flag
    action.updates = {"Data Analytics": ServiceUpdate("CL-03", "Data Analytics", "Dashboard live")}
    action.last_updated = date(2024, 1, 5)
    after = flag_plan(plan, rules).action_index()["CL-03"].flag
    assert (before, after) == ("No update", "")
