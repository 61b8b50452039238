"""The three-way merge, on returns built by hand from the example plan."""

from __future__ import annotations

import copy
import random
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from edi_workbook.core import messages as m
from edi_workbook.core.merge import (
    ALREADY_MERGED,
    MERGED,
    NEWER_THAN_PLAN,
    NOT_IN_PLAN,
    OTHER_PLAN,
    MergeResult,
    merge_returns,
)
from edi_workbook.core.model import (
    EDITABLE_FIELDS,
    SERVICE_SEPARATOR,
    STATUSES,
    Plan,
    ServiceUpdate,
)
from edi_workbook.core.returns import Rejection, ReturnRow, ReturnWorkbook
from edi_workbook.workflow.example import example_plan

AS_OF = date(2024, 10, 1)
WHEN = datetime(2024, 10, 1, 9, 30)
HOUSING = "Housing"
RB = "Revenues and Benefits"
PCE = "Policy, Communities and Engagement"
COLUMN = {"status": "H", "progress": "I", "revised_timescale": "J", "comments": "K"}


# -- factories ---------------------------------------------------------------

def issued_value(plan: Plan, action_id: str, name: str, service: str) -> str:
    """What the return shows: a shared action's own words for that service, else the value."""
    return plan.action_index()[action_id].own_words(name, service)


def issue(plan: Plan, service: str, name: str | None = None) -> ReturnWorkbook:
    """The return as sent to `service`: values equal to the base."""
    rows = []
    for n, action in enumerate(plan.actions_of_service(service), start=6):
        base = {f: issued_value(plan, action.id, f, service) for f in EDITABLE_FIELDS}
        rows.append(ReturnRow(
            id=action.id, values=dict(base), base=base,
            cells={"id": f"A{n}", **{f: f"{c}{n}" for f, c in COLUMN.items()}}, row=n))
    return ReturnWorkbook(
        path=Path("/returns") / (name or f"EDI plan – {service}.xlsx"),
        plan_id=plan.plan_id, revision=plan.revision, service=service,
        issued=date(2024, 9, 1), rows=rows, sheet="Return")


def edit(ret: ReturnWorkbook, action_id: str, **values: Any) -> ReturnWorkbook:
    """Type `values` into the return's row for `action_id`, as the service would."""
    row = next(r for r in ret.rows if r.id == action_id)
    row.values.update(values)
    return ret


def with_values(plan: Plan, action_id: str, **values: Any) -> Plan:
    """A copy of `plan` with one action's fields set (master edited)."""
    actions = [a.replace(**values) if a.id == action_id else a for a in plan.actions]
    return plan.replace(actions=actions)


def with_words(plan: Plan, action_id: str, service: str, **values: str) -> Plan:
    """A copy of `plan` with one service's own words on a shared action set."""
    actions = []
    for a in plan.actions:
        if a.id == action_id:
            updates = {k: copy.copy(u) for k, u in a.updates.items()}
            update = updates.setdefault(service, ServiceUpdate(action_id, service))
            for name, value in values.items():
                setattr(update, name, value)
            a = a.replace(updates=updates)
        actions.append(a)
    return plan.replace(actions=actions)


def action(result: MergeResult, action_id: str):
    return result.plan.action_index()[action_id]


def assert_adds_up(result: MergeResult, returns: list[ReturnWorkbook]) -> None:
    """Every editable cell of every return ends in exactly one outcome, per return too."""
    counts = result.counts()
    total = sum(r.editable_cells for r in returns)
    assert sum(counts.values()) == total == result.cells_read
    for ret in result.returns:
        assert sum(result.by_return[ret.path].values()) == ret.editable_cells, ret.path


@pytest.fixture
def plan() -> Plan:
    return example_plan()


# -- the four outcomes -------------------------------------------------------

def test_untouched_return_changes_nothing_but_the_revision(plan: Plan) -> None:
    ret = issue(plan, HOUSING)
    result = merge_returns(plan, [ret], AS_OF, WHEN)
    assert result.applied == [] and result.conflicts == [] and result.rejected == []
    assert result.unchanged == len(ret.rows) * 4
    assert result.plan.revision == plan.revision + 1
    assert result.plan.actions == plan.actions
    assert result.before is plan
    assert_adds_up(result, [ret])


def test_edit_is_applied_and_recorded(plan: Plan) -> None:
    ret = edit(issue(plan, HOUSING), "CL-01", status="On track",
               progress="Survey sent to 400 tenants", revised_timescale="March 2025")
    result = merge_returns(plan, [ret], AS_OF, WHEN)
    merged = action(result, "CL-01")
    assert merged.status == "On track"
    assert merged.progress == "Survey sent to 400 tenants"
    assert merged.revised_timescale == "March 2025"
    assert merged.last_updated == AS_OF
    assert merged.updated_by == HOUSING
    assert [c.field for c in result.applied] == ["status", "progress", "revised_timescale"]
    change = result.applied[1]
    assert (change.action_id, change.objective, change.old, change.new) == (
        "CL-01", "CL", "", "Survey sent to 400 tenants")
    assert change.title == plan.action_index()["CL-01"].title
    assert (change.service, change.source, change.when) == (HOUSING, ret.path, WHEN)
    # Untouched actions keep their dates and authors.
    assert action(result, "EM-01").last_updated is None
    assert result.counts() == {"applied": 3, "unchanged": len(ret.rows) * 4 - 3,
                               "conflict": 0, "rejected": 0}
    assert_adds_up(result, [ret])


def test_stale_return_keeps_masters_newer_value(plan: Plan) -> None:
    ret = issue(plan, HOUSING)  # issued while CL-01 was blank
    master = with_values(plan, "CL-01", status="At risk", progress="Officer's note")
    result = merge_returns(master, [ret], AS_OF, WHEN)
    merged = action(result, "CL-01")
    assert (merged.status, merged.progress) == ("At risk", "Officer's note")
    assert result.applied == [] and result.conflicts == []
    assert merged.last_updated is None


def test_both_changed_is_a_conflict_and_master_wins(plan: Plan) -> None:
    ret = edit(issue(plan, HOUSING), "CL-01", progress="Housing's words")
    master = with_values(plan, "CL-01", progress="Officer's words")
    result = merge_returns(master, [ret], AS_OF, WHEN)
    assert action(result, "CL-01").progress == "Officer's words"
    [conflict] = result.conflicts
    assert (conflict.action_id, conflict.field, conflict.base, conflict.mine,
            conflict.theirs) == ("CL-01", "progress", "", "Officer's words", "Housing's words")
    assert (conflict.service, conflict.source) == (HOUSING, ret.path)
    assert result.needs_attention
    assert_adds_up(result, [ret])


def test_same_change_on_both_sides_is_unchanged(plan: Plan) -> None:
    ret = edit(issue(plan, HOUSING), "CL-01", comments="Agreed at DMT")
    master = with_values(plan, "CL-01", comments="Agreed at DMT")
    result = merge_returns(master, [ret], AS_OF, WHEN)
    assert result.applied == [] and result.conflicts == []


def test_blank_none_and_spaces_are_alike(plan: Plan) -> None:
    ret = issue(plan, HOUSING)
    row = ret.rows[0]
    row.base = {f: None for f in EDITABLE_FIELDS}
    row.values = {"status": "  ", "progress": None, "revised_timescale": "",
                  "comments": "\n"}
    result = merge_returns(plan, [ret], AS_OF, WHEN)
    assert result.applied == [] and result.conflicts == []


def test_cleared_cell_is_applied(plan: Plan) -> None:
    master = with_values(plan, "CL-01", comments="Old remark")
    ret = edit(issue(master, HOUSING), "CL-01", comments=None)
    result = merge_returns(master, [ret], AS_OF, WHEN)
    assert action(result, "CL-01").comments == ""
    [change] = result.plan.history
    assert (change.action_id, change.field, change.old, change.new) == (
        "CL-01", "Comments", "Old remark", "")


def test_numbers_and_dates_compare_as_text(plan: Plan) -> None:
    master = with_values(plan, "CL-01", revised_timescale="2025-03-31", comments="3")
    ret = issue(master, HOUSING)
    edit(ret, "CL-01", revised_timescale=date(2025, 3, 31), comments=3.0)
    result = merge_returns(master, [ret], AS_OF, WHEN)
    assert result.applied == []


# -- statuses ----------------------------------------------------------------

@pytest.mark.parametrize(("typed", "stored"), [
    ("complete", "Complete"), ("Green", "On track"), ("on-track", "On track"),
    (" AT RISK ", "At risk"),
])
def test_status_variants_are_normalised(plan: Plan, typed: str, stored: str) -> None:
    ret = edit(issue(plan, HOUSING), "CL-01", status=typed)
    result = merge_returns(plan, [ret], AS_OF, WHEN)
    assert action(result, "CL-01").status == stored
    [change] = result.applied
    assert change.new == stored


def test_base_status_is_normalised_too(plan: Plan) -> None:
    master = with_values(plan, "CL-01", status="On track")
    ret = issue(master, HOUSING)
    row = ret.rows[0]
    row.base["status"] = "green"
    row.values["status"] = "GREEN"
    result = merge_returns(master, [ret], AS_OF, WHEN)
    assert result.applied == [] and result.conflicts == []


def test_unknown_status_is_rejected_and_the_rest_merges(plan: Plan) -> None:
    ret = edit(issue(plan, HOUSING), "CL-01", status="Nearly there", progress="Half done")
    result = merge_returns(plan, [ret], AS_OF, WHEN)
    [rejection] = result.rejected
    assert rejection.reason == m.bad_status("Nearly there")
    assert rejection.advice == m.choose_status(STATUSES)
    assert (rejection.action_id, rejection.field, rejection.value, rejection.cells) == (
        "CL-01", "status", "Nearly there", 1)
    assert (rejection.cell, rejection.sheet, rejection.service) == ("H6", "Return", HOUSING)
    merged = action(result, "CL-01")
    assert (merged.status, merged.progress) == ("", "Half done")
    assert result.counts()["rejected"] == 1
    assert_adds_up(result, [ret])


# -- shared actions ----------------------------------------------------------

def test_shared_progress_keeps_each_services_own_words(plan: Plan) -> None:
    housing = edit(issue(plan, HOUSING), "CL-02", progress="Two drop-in sessions held")
    rb = edit(issue(plan, RB), "CL-02", progress="Leaflet translated into Polish")
    result = merge_returns(plan, [housing, rb], AS_OF, WHEN)
    merged = action(result, "CL-02")
    assert merged.progress == ""  # the plan's own words: none
    assert merged.updates[HOUSING].progress == "Two drop-in sessions held"
    assert merged.updates[RB].progress == "Leaflet translated into Polish"
    assert merged.updates[HOUSING].last_updated == AS_OF
    assert merged.shown("progress") == ("Housing: Two drop-in sessions held\n\n"
                                        "Revenues and Benefits: Leaflet translated into Polish")
    assert [(c.owner, c.old, c.new) for c in result.applied] == [
        (HOUSING, "", "Two drop-in sessions held"),
        (RB, "", "Leaflet translated into Polish")]
    assert merged.updated_by == "Housing; Revenues and Benefits"
    assert result.conflicts == []
    assert [(h.service, h.field) for h in result.plan.history] == [
        (HOUSING, "Progress update"), (RB, "Progress update")]


def test_shared_edit_leaves_other_services_words_alone(plan: Plan) -> None:
    master = with_words(with_words(plan, "CL-02", HOUSING, progress="old"), "CL-02", RB,
                        progress="theirs")
    ret = edit(issue(master, HOUSING), "CL-02", progress="new")
    assert ret.rows[1].base["progress"] == "old"
    result = merge_returns(master, [ret], AS_OF, WHEN)
    merged = action(result, "CL-02")
    assert (merged.updates[HOUSING].progress, merged.updates[RB].progress) == ("new", "theirs")
    [change] = result.applied
    assert (change.old, change.new) == ("old", "new")


def test_a_leads_words_are_never_searched_for_service_names(plan: Plan) -> None:
    """Issue 12: "[Revenues and Benefits] to add the leaflet to bills" typed by Housing
    is Housing's words, whole; Revenues and Benefits' own words are untouched."""
    master = with_words(plan, "CL-02", RB, progress="Leaflet drafted")
    typed = "[Revenues and Benefits] to add the leaflet to bills\nHousing will post it"
    ret = edit(issue(master, HOUSING), "CL-02", progress=typed)
    result = merge_returns(master, [ret], AS_OF, WHEN)
    merged = action(result, "CL-02")
    assert merged.updates[HOUSING].progress == typed
    assert merged.updates[RB].progress == "Leaflet drafted"
    assert result.counts()["applied"] == 1 and not result.needs_attention
    # Next round the lead is shown their own words, whole, and nothing is lost.
    again = issue(result.plan, HOUSING)
    row = next(r for r in again.rows if r.id == "CL-02")
    assert row.base["progress"] == typed
    second = merge_returns(result.plan, [again], AS_OF, WHEN)
    assert action(second, "CL-02").updates[HOUSING].progress == typed


def test_shared_conflict_is_per_service(plan: Plan) -> None:
    master = with_words(plan, "CL-02", HOUSING, progress="officer edit")
    ret = edit(issue(plan, HOUSING), "CL-02", progress="housing edit")
    result = merge_returns(master, [ret], AS_OF, WHEN)
    [conflict] = result.conflicts
    assert (conflict.base, conflict.mine, conflict.theirs, conflict.owner) == (
        "", "officer edit", "housing edit", HOUSING)
    # Another service's words are untouched by the officer's edit of Housing's.
    rb = edit(issue(plan, RB), "CL-02", progress="rb edit")
    result = merge_returns(master, [rb], AS_OF, WHEN)
    merged = action(result, "CL-02")
    assert (merged.updates[HOUSING].progress, merged.updates[RB].progress) == (
        "officer edit", "rb edit")


def test_shared_status_differing_is_a_conflict_and_neither_applies(plan: Plan) -> None:
    housing = edit(issue(plan, HOUSING), "CL-02", status="On track")
    rb = edit(issue(plan, RB), "CL-02", status="At risk")
    for returns in ([housing, rb], [rb, housing]):
        result = merge_returns(plan, returns, AS_OF, WHEN)
        assert action(result, "CL-02").status == ""
        [conflict] = result.conflicts
        assert [(p.service, p.value, p.base) for p in conflict.proposals] == [
            (HOUSING, "On track", ""), (RB, "At risk", "")]
        assert conflict.mine == ""
        assert result.counts()["conflict"] == 2
        assert action(result, "CL-02").updated_by == ""
        assert_adds_up(result, returns)


def test_shared_status_agreeing_is_applied_once(plan: Plan) -> None:
    housing = edit(issue(plan, HOUSING), "CL-02", status="complete")
    rb = edit(issue(plan, RB), "CL-02", status="Complete")
    result = merge_returns(plan, [housing, rb], AS_OF, WHEN)
    assert result.conflicts == []
    [change] = result.applied
    assert (change.new, change.service) == ("Complete", "Housing; Revenues and Benefits")
    assert result.counts()["applied"] == 2
    assert action(result, "CL-02").updated_by == "Housing; Revenues and Benefits"
    assert_adds_up(result, [housing, rb])


# -- whole returns -----------------------------------------------------------

def test_return_for_another_plan_is_rejected_whole(plan: Plan) -> None:
    good = edit(issue(plan, RB), "CL-02", comments="ok")
    other = edit(issue(plan, HOUSING), "CL-01", progress="should not land")
    other.plan_id = "not-this-plan"
    other.rejected.append(Rejection(other.path, "row added", cells=4))
    result = merge_returns(plan, [other, good], AS_OF, WHEN)
    rejection, *words = result.rejected
    assert rejection.reason == OTHER_PLAN
    assert rejection.advice == m.CHECK_WHICH_PLAN
    # One rejection stands for the whole file, read-time ones included.
    assert rejection.cells == other.editable_cells == len(other.rows) * 4 + 4
    # What the lead wrote in it is listed beside it, counting no cells.
    assert [(w.action_id, w.value, w.cells) for w in words] == [
        ("CL-01", "Progress update: should not land", 0), ("", "", 0)]
    assert action(result, "CL-01").progress == ""
    assert result.returns == [good]
    assert result.received == [RB]
    assert HOUSING in result.expected
    assert_adds_up(result, [other, good])


def test_return_newer_than_plan_is_rejected_whole(plan: Plan) -> None:
    ret = edit(issue(plan.replace(revision=3), HOUSING), "CL-01", status="On track")
    result = merge_returns(plan, [ret], AS_OF, WHEN)
    rejection, words = result.rejected
    assert rejection.reason == NEWER_THAN_PLAN
    assert (words.action_id, words.value) == ("CL-01", "Status: On track")
    assert action(result, "CL-01").status == ""
    assert result.returns == []
    assert_adds_up(result, [ret])


def test_older_return_still_merges(plan: Plan) -> None:
    ret = edit(issue(plan, HOUSING), "CL-01", status="On track")
    result = merge_returns(plan.replace(revision=5), [ret], AS_OF, WHEN)
    assert action(result, "CL-01").status == "On track"
    assert result.plan.revision == 6


def test_read_time_rejections_are_carried(plan: Plan) -> None:
    ret = issue(plan, HOUSING)
    dropped = ret.rows.pop()
    ret.rejected.append(Rejection(ret.path, "row added", cells=4, action_id=dropped.id))
    ret.rejected.append(Rejection(ret.path, "locked column edited", cells=0))
    result = merge_returns(plan, [ret], AS_OF, WHEN)
    assert result.rejected == ret.rejected
    assert_adds_up(result, [ret])


def test_row_no_longer_in_plan_is_rejected(plan: Plan) -> None:
    ret = edit(issue(plan, HOUSING), "CL-01", progress="gone")
    master = plan.replace(actions=[a for a in plan.actions if a.id != "CL-01"])
    result = merge_returns(master, [ret], AS_OF, WHEN)
    [rejection] = result.rejected
    assert (rejection.reason, rejection.cells, rejection.action_id, rejection.cell) == (
        NOT_IN_PLAN, 4, "CL-01", "A6")
    assert_adds_up(result, [ret])


def test_formula_like_text_is_kept_verbatim(plan: Plan) -> None:
    ret = edit(issue(plan, HOUSING), "CL-01", progress="=SUM(A1:A3)", comments="-2 staff")
    result = merge_returns(plan, [ret], AS_OF, WHEN)
    merged = action(result, "CL-01")
    assert merged.progress == "=SUM(A1:A3)" and isinstance(merged.progress, str)
    assert merged.comments == "-2 staff"


def test_expected_lists_services_with_actions_in_plan_order(plan: Plan) -> None:
    result = merge_returns(plan, [], AS_OF)
    assert result.expected == [s.name for s in plan.services
                               if plan.actions_of_service(s.name)]
    assert result.expected[0] == HOUSING
    assert result.plan.revision == plan.revision + 1
    assert result.as_of == AS_OF
    assert result.received == []


def test_inputs_are_not_mutated(plan: Plan) -> None:
    housing = edit(issue(plan, HOUSING), "CL-02", progress="h", status="Green")
    rb = edit(issue(plan, RB), "CL-02", progress="r", status="red")
    other = issue(plan, PCE)
    other.plan_id = "else"
    returns = [housing, rb, other]
    plan_before, returns_before = copy.deepcopy(plan), copy.deepcopy(returns)
    result = merge_returns(plan, returns, AS_OF, WHEN)
    assert plan == plan_before
    assert returns == returns_before
    assert plan.revision == plan_before.revision
    assert action(result, "CL-02") is not plan.action_index()["CL-02"]
    assert plan.action_index()["CL-02"].progress == ""


def test_when_defaults_to_as_of_not_the_clock(plan: Plan) -> None:
    ret = edit(issue(plan, HOUSING), "CL-01", status="On track")
    result = merge_returns(plan, [ret], AS_OF)
    assert result.applied[0].when == datetime(2024, 10, 1)


def test_merging_twice_changes_nothing_the_second_time(plan: Plan) -> None:
    ret = edit(issue(plan, HOUSING), "CL-01", status="complete", progress="Done")
    edit(ret, "CL-02", progress="Shared bit")
    first = merge_returns(plan, [ret], AS_OF, WHEN)
    assert [f.outcome for f in first.files] == [MERGED]
    second = merge_returns(first.plan, [ret], date(2024, 11, 1), WHEN)
    assert second.applied == [] and second.conflicts == [] and second.rejected == []
    assert second.returns == [] and sum(second.counts().values()) == 0
    [outcome] = second.files
    assert outcome.outcome == ALREADY_MERGED
    assert outcome.detail == m.already_merged(first.plan.revision, "01/10/2024")
    assert second.plan.actions == first.plan.actions
    assert second.plan.history == first.plan.history
    assert action(second, "CL-01").last_updated == AS_OF


# -- notes, counts, direction of travel --------------------------------------

def test_history_says_old_new_who_when_and_file(plan: Plan) -> None:
    master = with_values(plan, "CL-01", progress="Earlier")
    ret = edit(issue(master, HOUSING), "CL-01", progress="Later", status="On track")
    result = merge_returns(master, [ret], AS_OF, WHEN)
    status, progress = result.plan.history
    assert (progress.round, progress.revision, progress.date, progress.action_id,
            progress.field, progress.old, progress.new, progress.service, progress.file) == (
        date(2024, 9, 1), master.revision + 1, AS_OF, "CL-01", "Progress update", "Earlier",
        "Later", HOUSING, "EDI plan – Housing.xlsx")
    assert (status.field, status.old, status.new) == ("Status", "", "On track")
    assert progress.return_id == ret.content_hash[:12]
    [record] = result.plan.returns_log
    assert (record.service, record.file, record.issued_revision, record.merged_revision,
            record.applied, record.unchanged, record.conflicts, record.rejected) == (
        HOUSING, "EDI plan – Housing.xlsx", master.revision, master.revision + 1, 2,
        ret.editable_cells - 2, 0, 0)


@pytest.mark.parametrize(("old", "new", "travel"), [
    ("At risk", "On track", "improved"),
    ("On track", "Off track", "worse"),
    ("Not started", "Complete", "improved"),
    ("On track", "Carried forward", "same"),
    ("Complete", "Closed", "same"),
    ("", "Off track", "first update"),
])
def test_direction_of_travel(plan: Plan, old: str, new: str, travel: str) -> None:
    master = with_values(plan, "CL-01", status=old)
    ret = edit(issue(master, HOUSING), "CL-01", status=new)
    result = merge_returns(master, [ret], AS_OF, WHEN)
    directions = result.direction_of_travel()
    assert directions["CL-01"] == travel
    assert directions["CL-02"] == "same"
    assert set(directions) == {a.id for a in plan.actions}


# -- property: random returns never break the rules --------------------------

VALUES = st.one_of(
    st.sampled_from(["", None, "  ", "=1+1", "-minus", "@here", "Line 1\nLine 2",
                     " padded ", 3.0, 7]),
    st.text(alphabet="abc XYZ.,'-\n", max_size=12),
)
STATUS_TYPED = st.sampled_from(
    [*STATUSES, "complete", "GREEN", "on-track", "amber", "", None, "  red ",
     "Nearly there", "?"])


EXAMPLE = example_plan()


@st.composite
def scenario(draw: st.DrawFn) -> tuple[Plan, list[ReturnWorkbook]]:
    plan = EXAMPLE  # never mutated: every edit below makes a new Plan
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    ids = [a.id for a in plan.actions]
    # The plan as issued: some cells already filled in.
    for action_id in rng.sample(ids, 8):
        a = plan.action_index()[action_id]
        plan = with_values(plan, action_id, status=rng.choice(STATUSES),
                           progress="" if a.is_shared else "said",
                           comments=rng.choice(["", "note"]))
        for service in a.services[:2] if a.is_shared else ():
            plan = with_words(plan, action_id, service, progress=f"{service[:3]} said")
    services = draw(st.lists(st.sampled_from([s.name for s in plan.services
                                              if plan.actions_of_service(s.name)]),
                             min_size=1, max_size=6, unique=True))
    returns = [issue(plan, s) for s in services]
    for ret in returns:
        for row in ret.rows:
            for name in EDITABLE_FIELDS:
                if draw(st.integers(0, 3)) == 0:
                    row.values[name] = draw(STATUS_TYPED if name == "status" else VALUES)
        if ret.rows and draw(st.booleans()):
            ret.rows.pop(rng.randrange(len(ret.rows)))
        if draw(st.booleans()):
            ret.rows.append(ReturnRow(id="ZZ-99", values={"status": "On track"},
                                      base={}, row=99))
        rng.shuffle(ret.rows)
        if draw(st.integers(0, 9)) == 0:
            ret.plan_id = "another"
    # The master moved on after issue: stale returns and conflicts.
    for action_id in rng.sample(ids, draw(st.integers(0, 4))):
        plan = with_values(plan, action_id, progress=rng.choice(["", "officer", "[Housing] o"]),
                           status=rng.choice(["", "At risk"]))
        a = plan.action_index()[action_id]
        if a.is_shared:
            plan = with_words(plan, action_id, a.services[0], comments="officer's")
    return plan, returns


# No shrinking: the case is drawn from one random seed, so shrinking only
# spins; the assertion messages name the cell that went wrong.
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(scenario())
def test_random_returns_merge_soundly(case: tuple[Plan, list[ReturnWorkbook]]) -> None:
    plan, returns = case
    plan_before, returns_before = copy.deepcopy(plan), copy.deepcopy(returns)
    result = merge_returns(plan, returns, AS_OF, WHEN)
    assert plan == plan_before and returns == returns_before
    assert_adds_up(result, returns)
    merged = result.plan.action_index()
    for change in result.applied:
        a = merged[change.action_id]
        value = a.own_words(change.field, change.owner) if change.owner else a.get(change.field)
        assert value == change.new, (change, a.get(change.field), a.services)
        assert a.last_updated == AS_OF
        assert set(change.service.split(SERVICE_SEPARATOR)) <= set(
            a.updated_by.split(SERVICE_SEPARATOR))
    for a in result.plan.actions:
        assert a.status in ("", *STATUSES)
    # The same returns, in any order, make the same plan.
    shuffled = list(reversed(returns))
    assert merge_returns(plan, shuffled, AS_OF, WHEN).plan == result.plan
    again = merge_returns(result.plan, returns, AS_OF, WHEN)
    assert again.applied == []
    assert again.plan.actions == result.plan.actions
    assert {f.outcome for f in again.files} <= {ALREADY_MERGED, "rejected"}


def test_words_for_an_action_deleted_from_the_plan_are_listed_with_the_rejection(
        plan: Plan) -> None:
    """Before: the rejection's 'What was typed' was empty and the words were nowhere."""
    ret = edit(issue(plan, HOUSING), "CL-04", status="At risk", progress="DELETED-ACTION words",
               comments="and a comment")
    gone = plan.replace(actions=[a for a in plan.actions if a.id != "CL-04"])
    result = merge_returns(gone, [ret], AS_OF, WHEN)
    [rejection] = result.rejected
    assert rejection.reason == NOT_IN_PLAN and rejection.cells == 4
    assert rejection.value == ("Status: At risk\nProgress update: DELETED-ACTION words\n"
                               "Comments: and a comment")
    assert_adds_up(result, [ret])
