"""Year-end rollover: what leaves, what carries, what needs a person's eye."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from edi_workbook.core.model import Plan
from edi_workbook.core.rollover import (
    CLOSED_HEADER,
    EARLIER_TIMESCALES,
    HISTORY,
    LINEAGE_HEADER,
    PASSED,
    RECURRING_REVIEW,
    REVIEW,
    REWORD,
    UNCLEAR_REVIEW,
    rollover_plan,
    rollover_report,
)
from edi_workbook.core.timescale import parse_timescale
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan

AS_OF = date(2024, 3, 20)


@pytest.fixture
def year_end(plan: Plan) -> Plan:
    """The example plan as it stands at year end, with a status on most actions."""
    updates = {
        "CL-01": ("On track", "Second advisor recruited."),
        "CL-02": ("Closed", "Folded into the customer strategy."),
        "CL-03": ("Complete", "Community Insight live for all members."),
        "CL-05": ("Carried forward", "Needs a new shape next year."),
        "CL-10": ("At risk", "Data late."),
        "EM-04.2": ("On track", "Survey out."),
        "SP-05": ("Off track", "Strategy review slipped."),
    }
    actions = []
    for a in plan.actions:
        status, progress = updates.get(a.id, ("", ""))
        actions.append(a.replace(status=status, progress=progress, comments="c",
                                 last_updated=date(2024, 3, 1) if status else None,
                                 updated_by="lead@example.org" if status else "",
                                 flag="Overdue", due=date(2024, 3, 31)))
    actions = [a.replace(revised_timescale="June 2025") if a.id == "SP-05" else a
               for a in actions]
    return plan.replace(actions=actions, extra_sheets={"Notes": [["Note"], ["keep me"]]})


def test_new_identity_period_and_title(year_end: Plan) -> None:
    new = rollover_plan(year_end, "2024-25", as_of=AS_OF)
    assert new.title == "EDI Action Plan 2024-25"
    assert new.period == "2024-25"
    assert new.annual_update == date(2025, 3, 31)
    assert new.revision == year_end.revision + 1
    assert new.plan_id != year_end.plan_id and len(new.plan_id) == 36
    assert new.objectives == year_end.objectives
    assert new.services == year_end.services
    assert new.extra_sheets["Notes"] == [["Note"], ["keep me"]]


def test_title_without_the_period_is_kept(year_end: Plan) -> None:
    new = rollover_plan(year_end.replace(title="Our EDI plan"), "2024-25", as_of=AS_OF)
    assert new.title == "Our EDI plan"


@pytest.mark.parametrize("period, words", [
    ("next year", "not a year like"),
    ("2025-24", "must follow"),
    ("2023-24", "does not come after"),
    ("2022-23", "does not come after"),
])
def test_bad_period_is_a_clear_error(year_end: Plan, period: str, words: str) -> None:
    with pytest.raises(ValueError, match=words) as info:
        rollover_plan(year_end, period, as_of=AS_OF)
    assert str(info.value).startswith("cannot roll the plan over")


def test_closed_and_complete_leave_the_plan(year_end: Plan) -> None:
    new = rollover_plan(year_end, "2024-25", as_of=AS_OF)
    ids = [a.id for a in new.actions]
    assert "CL-02" not in ids and "CL-03" not in ids
    assert len(ids) == len(year_end.actions) - 2
    assert new.extra_sheets["Closed last year"] == [
        CLOSED_HEADER,
        ["CL-02", "As a Community Leader", year_end.action_index()["CL-02"].title, "Closed",
         "Folded into the customer strategy.", date(2024, 3, 1)],
        ["CL-03", "As a Community Leader", year_end.action_index()["CL-03"].title,
         "Complete", "Community Insight live for all members.", date(2024, 3, 1)],
    ]


def test_carried_actions_start_blank_with_history(year_end: Plan) -> None:
    new = rollover_plan(year_end, "2024-25", as_of=AS_OF)
    old = year_end.action_index()
    for a in new.actions:
        before = old[a.id]
        assert (a.title, a.description, a.services, a.objective) == (
            before.title, before.description, before.services, before.objective)
        assert a.type == "Ongoing"
        assert (a.status, a.progress, a.revised_timescale, a.comments) == ("", "", "", "")
        assert (a.last_updated, a.updated_by, a.flag, a.due) == (None, "", "", None)
    cl01 = new.action_index()["CL-01"]
    assert cl01.extra[HISTORY] == "2023-24: On track\nSecond advisor recruited."
    # Nothing said last year: nothing to repeat ("No status: No progress update" helps nobody).
    assert HISTORY not in new.action_index()["CL-04"].extra


def test_history_is_newest_first(year_end: Plan) -> None:
    once = rollover_plan(year_end, "2024-25", as_of=AS_OF)
    actions = [a.replace(status="At risk", progress="Year two.") if a.id == "CL-01" else a
               for a in once.actions]
    twice = rollover_plan(once.replace(actions=actions), "2025-26", as_of=date(2025, 3, 20))
    assert twice.title == "EDI Action Plan 2025-26"
    assert twice.action_index()["CL-01"].extra[HISTORY] == (
        "2024-25: At risk\nYear two.\n\n2023-24: On track\nSecond advisor recruited.")
    # Both years' lineage is kept, under one header.
    lineage = twice.extra_sheets["Lineage"]
    assert lineage[0] == LINEAGE_HEADER
    assert [r[1] for r in lineage[1:]].count("2023-24") == len(year_end.actions)
    assert [r[1] for r in lineage[1:]].count("2024-25") == len(once.actions)


def test_review_marks(year_end: Plan) -> None:
    new = rollover_plan(year_end, "2024-25", as_of=AS_OF)
    review = {a.id: a.extra.get(REVIEW) for a in new.actions if a.extra.get(REVIEW)}
    # CL-05 was carried forward; CL-08.x were due March 2024; EM-04.2's July
    # 2024 and SP-05's revised June 2025 are still ahead.
    assert review == {"CL-05": REWORD, "CL-08.1": PASSED, "CL-08.2": PASSED,
                      "CL-08.3": PASSED}
    sp05 = new.action_index()["SP-05"]
    assert sp05.timescale.text == "June 2025" and sp05.timescale.due == date(2025, 6, 30)


def test_late_rollover_sees_more_deadlines_passed(year_end: Plan) -> None:
    new = rollover_plan(year_end, "2024-25", as_of=date(2024, 8, 1))
    assert new.action_index()["EM-01"].extra.get(REVIEW) is None  # October 2024
    assert new.action_index()["EM-04.2"].extra[REVIEW] == PASSED  # July 2024


def test_lineage_rows(year_end: Plan) -> None:
    new = rollover_plan(year_end, "2024-25", as_of=AS_OF)
    rows = new.extra_sheets["Lineage"]
    assert rows[0] == LINEAGE_HEADER
    by_id = {r[2]: r for r in rows[1:]}
    assert len(by_id) == len(year_end.actions)
    assert by_id["CL-02"] == [year_end.plan_id, "2023-24", "CL-02", "", "closed"]
    assert by_id["CL-05"] == [year_end.plan_id, "2023-24", "CL-05", "CL-05", "reworded"]
    assert by_id["CL-01"][3:] == ["CL-01", "carried forward"]


def test_input_is_not_mutated(year_end: Plan) -> None:
    before = copy.deepcopy(year_end)
    new = rollover_plan(year_end, "2024-25", as_of=AS_OF)
    assert year_end == before
    new.objectives[0].commitments.append("x")
    new.actions[0].extra["y"] = 1
    assert year_end == before


def test_report_lists_closed_and_review(year_end: Plan) -> None:
    text = rollover_report(rollover_plan(year_end, "2024-25", as_of=AS_OF))
    assert "2 actions closed last year and left the plan: CL-02, CL-03" in text
    assert f"{len(year_end.actions) - 2} actions carried forward into 2024-25." in text
    assert "  CL-05: Reword for the new plan" in text


def test_written_and_read_back(tmp_path: Path, year_end: Plan) -> None:
    new = rollover_plan(year_end, "2024-25", as_of=AS_OF)
    path = write_plan(new, tmp_path / "next.xlsx")
    wb = load_workbook(path)
    assert [c.value for c in wb["Lineage"][1]] == LINEAGE_HEADER
    assert [c.value for c in wb["Closed last year"][1]] == CLOSED_HEADER
    back = read_plan(path)
    assert [o.key for o in back.objectives] == ["CL", "EM", "SP"]
    assert back.extra_sheets["Closed last year"][1][0] == "CL-02"
    assert len(back.actions) == len(new.actions)
    assert back.plan_id == new.plan_id and back.period == "2024-25"
    assert back.action_index()["CL-05"].extra[REVIEW] == REWORD
    assert back.action_index()["CL-01"].extra[HISTORY].startswith("2023-24: On track")
    assert len(back.extra_sheets["Lineage"]) == len(year_end.actions) + 1


def test_revised_timescale_keeps_the_wording_it_replaces(year_end: Plan) -> None:
    once = rollover_plan(year_end, "2024-25", as_of=AS_OF)
    sp05 = once.action_index()["SP-05"]
    original = year_end.action_index()["SP-05"].timescale.text
    assert sp05.timescale.text == "June 2025"
    assert sp05.extra[EARLIER_TIMESCALES] == f"2023-24: {original}"
    assert EARLIER_TIMESCALES not in once.action_index()["CL-01"].extra  # never revised
    # Revised again next year: both earlier wordings are kept, newest first.
    actions = [a.replace(revised_timescale="September 2025") if a.id == "SP-05" else a
               for a in once.actions]
    twice = rollover_plan(once.replace(actions=actions), "2025-26", as_of=date(2025, 3, 20))
    assert twice.action_index()["SP-05"].timescale.text == "September 2025"
    assert twice.action_index()["SP-05"].extra[EARLIER_TIMESCALES] == (
        f"2024-25: June 2025\n2023-24: {original}")


def test_unclear_and_recurring_timescales_are_marked_for_review(year_end: Plan) -> None:
    texts = {"CL-01": "By end of March annually", "CL-04": "Within six months of the new Council",
             "EM-01": "Quarterly"}
    actions = [a.replace(timescale=parse_timescale(texts[a.id])) if a.id in texts else a
               for a in year_end.actions]
    new = rollover_plan(year_end.replace(actions=actions), "2024-25", as_of=AS_OF)
    index = new.action_index()
    assert index["CL-01"].extra[REVIEW] == RECURRING_REVIEW
    assert index["CL-01"].timescale.kind == "recurring"  # recurring stays recurring
    assert index["CL-01"].timescale.text == "By end of March annually"
    assert index["EM-01"].extra[REVIEW] == RECURRING_REVIEW
    assert index["CL-04"].extra[REVIEW] == UNCLEAR_REVIEW


def test_closed_actions_keep_their_added_columns(year_end: Plan, tmp_path: Path) -> None:
    extras = {"CL-02": {"Outcome": "Strategy adopted", "Completed": date(2024, 1, 15)},
              "CL-03": {"Outcome": "Live", "Partner": "CVS"}}
    actions = [a.replace(extra=extras[a.id]) if a.id in extras else a
               for a in year_end.actions]
    new = rollover_plan(year_end.replace(actions=actions), "2024-25", as_of=AS_OF)
    rows = new.extra_sheets["Closed last year"]
    assert rows[0] == [*CLOSED_HEADER, "Outcome", "Completed", "Partner"]
    assert rows[1][-3:] == ["Strategy adopted", date(2024, 1, 15), ""]
    assert rows[2][-3:] == ["Live", "", "CVS"]
    back = read_plan(write_plan(new, tmp_path / "next.xlsx"))
    assert back.extra_sheets["Closed last year"][1][6:8] == ["Strategy adopted",
                                                              date(2024, 1, 15)]


@pytest.mark.parametrize("title, old, new, expected", [
    ("EDI Action Plan 2023-24", "2023-24", "2024-25", "EDI Action Plan 2024-25"),
    ("Diversity and Equality Action Plan 2015 – 2019", "2015-19", "2016-19",
     "Diversity and Equality Action Plan 2016-19"),
    ("Equality Plan 2024", "2024", "2025", "Equality Plan 2025"),
    ("Our plan", "2024", "2025", "Our plan"),
    ("Plan 2010 for 2024", "2024", "2025", "Plan 2010 for 2025"),
])
def test_title_follows_the_period(title: str, old: str, new: str, expected: str) -> None:
    from edi_workbook.core.rollover import _retitled

    assert _retitled(title, old, new) == expected


def test_multi_year_and_calendar_plans_roll_over(year_end: Plan) -> None:
    four_years = year_end.replace(title="Equality Plan 2015 – 2019", period="2015-19")
    new = rollover_plan(four_years, "2016-19", as_of=date(2016, 3, 20))
    assert (new.title, new.period, new.annual_update) == (
        "Equality Plan 2016-19", "2016-19", date(2017, 3, 31))
    calendar = year_end.replace(title="Equality Plan 2024", period="2024")
    new = rollover_plan(calendar, "2025", as_of=date(2024, 12, 20))
    assert (new.title, new.period, new.annual_update) == (
        "Equality Plan 2025", "2025", date(2025, 12, 31))
