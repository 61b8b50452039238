from edi_workbook.core import messages as m
from edi_workbook.core.model import STATUSES, Action, Service
from edi_workbook.core.timescale import parse_timescale
from edi_workbook.core.validate import ERROR, WARNING, has_errors, validate_plan


def test_example_plan_is_valid(plan):
    assert validate_plan(plan) == []


def test_problems_are_found_and_named(plan):
    plan.actions.append(Action("CL-01", "CL", services=["Housing"],
                               timescale=parse_timescale("June 2024"), source_row=30))
    plan.actions.append(Action("", "SP", services=["Parks"], timescale=parse_timescale("TBC")))
    plan.actions.append(Action("EM-09", "EM", services=["Housing"],
                               timescale=parse_timescale("June 2024"), status="green"))
    plan.actions.append(Action("EM-10", "EM", services=["Housing"],
                               timescale=parse_timescale("June 2024"), status="Sideways"))
    plan.services.append(Service("Parks and Open Spaces"))
    found = {(p.level, p.where, p.message) for p in validate_plan(plan)}
    assert found >= {
        (ERROR, "Community Leader, row 30 (CL-01)", m.duplicate_id("CL-01", 2)),
        (ERROR, "Service Provider (no ID)", m.NO_ID),
        (ERROR, "Service Provider (no ID)", m.unknown_service("Parks")),
        (WARNING, "Service Provider (no ID)", m.unclear_timescale("TBC")),
        (WARNING, "Employer (EM-09)", m.status_read_as("green", "On track")),
        (ERROR, "Employer (EM-10)", m.unknown_status("Sideways", STATUSES)),
        (WARNING, "Services", m.service_without_email("Parks and Open Spaces")),
    }
    assert has_errors(validate_plan(plan))


def test_warnings_alone_are_not_errors(plan):
    plan.actions[0] = plan.actions[0].replace(timescale=parse_timescale("TBC"))
    problems = validate_plan(plan)
    assert [p.level for p in problems] == [WARNING]
    assert not has_errors(problems)


def test_any_council_id_shape_is_fine_when_unique_and_not_empty(plan):
    for n, action_id in enumerate(("1.1", "A3", "EQ-07", "07", "Action 4")):
        plan.actions[n] = plan.actions[n].replace(id=action_id)
    assert validate_plan(plan) == []


def test_a_timescale_counting_from_an_event_asks_for_a_date(plan):
    plan.actions[0] = plan.actions[0].replace(
        timescale=parse_timescale("Within six months of the new Council"))
    [problem] = validate_plan(plan)
    assert problem.level == WARNING
    assert problem.message == m.relative_timescale("Within six months of the new Council")


def test_recurring_timescales_are_fine(plan):
    plan.actions[0] = plan.actions[0].replace(timescale=parse_timescale("Each March"))
    assert validate_plan(plan) == []
