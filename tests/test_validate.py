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


# --- What would break an e-mail to a lead: errors, before anything is sent ----------

import dataclasses  # noqa: E402

import pytest  # noqa: E402

from edi_workbook.core.validate import mail_problems  # noqa: E402


def housing(plan, **values):
    """The plan with Housing's row on the Services sheet changed."""
    at = next(i for i, s in enumerate(plan.services) if s.name == "Housing")
    plan.services[at] = dataclasses.replace(plan.services[at], **values)
    return plan


@pytest.mark.parametrize("values, line", [
    # validate said 0 errors; send then stopped half way with "Header values may not
    # contain linefeed" after one workbook.
    ({"lead": "Jo\nBcc: evil@x.test"},
     "error: Services: Housing's Lead holds a line break or a control character"
     " ('Jo\\nBcc: evil@x.test'), which cannot go in an e-mail: keep it to one line of plain"
     " text"),
    # Sent to both addresses (RCPT TO held two).
    ({"email": "housing@example.org, evil@x.test"},
     "error: Services: Housing's E-mail holds more than one address ('housing@example.org,"
     " evil@x.test'): keep one here, and put a second person's in Deputy e-mail"),
    # The second deputy was silently dropped.
    ({"deputy_email": "dep1@example.org; dep2@example.org"},
     "error: Services: Housing's Deputy e-mail holds more than one address"
     " ('dep1@example.org; dep2@example.org'): keep one: the drafts copy in one deputy"),
    # Every draft's To: line was longer than e-mail's 998.
    ({"lead": "J" * 20_000},
     "error: Services: Housing's Lead is 20,000 characters long, more than an e-mail's To or"
     " Subject line can carry (the most is 200): shorten it"),
    ({"email": "housing at example.org"},
     "error: Services: Housing's E-mail ('housing at example.org') is not an e-mail address:"
     " write it as name@council.gov.uk"),
    ({"email": "x" * 300 + "@example.org"},
     "error: Services: Housing's E-mail is 312 characters long, more than an e-mail's To or"
     " Subject line can carry (the most is 254): shorten it"),
])
def test_services_values_that_would_break_an_email_are_errors(plan, values, line):
    lines = [p.line() for p in validate_plan(housing(plan, **values))]
    assert lines == [line]


def test_a_title_with_a_line_break_is_an_error(plan):
    plan.title = "EDI Plan\r\nBcc: evil@x.test"
    assert [p.line() for p in validate_plan(plan)] == [
        "error: About: " + m.breaks_header("the plan's title", plan.title)]


def test_an_empty_address_is_a_warning_not_an_error(plan):
    housing(plan, email="")
    assert mail_problems(plan) == []
    assert [p.level for p in validate_plan(plan)] == [WARNING]
