import re
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from plain import plain_as_date

from edi_workbook.core.model import (
    STATUSES,
    Action,
    Service,
    ServiceMatcher,
    annual_update_for,
    as_date,
    new_plan,
    normalise_status,
    period_bounds,
    period_name,
    service_parts,
    split_services,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("On track", "On track"),
        ("on track", "On track"),
        ("on-track", "On track"),
        ("ON_TRACK", "On track"),
        ("Green", "On track"),
        ("complete", "Complete"),
        ("Completed", "Complete"),
        ("amber", "At risk"),
        ("Red", "Off track"),
        ("carried forward", "Carried forward"),
        ("  Closed ", "Closed"),
        ("", ""),
        (None, ""),
        ("Maybe", None),
        ("=1+1", None),
    ],
)
def test_normalise_status(typed, expected):
    assert normalise_status(typed) == expected


def test_every_status_normalises_to_itself():
    assert [normalise_status(s) for s in STATUSES] == list(STATUSES)


SERVICES = [
    Service("Housing"),
    Service("Revenues and Benefits"),
    Service("Policy, Communities and Engagement"),
    Service("Human Resources", ["HR"]),
    Service("Learning and Development", ["L&D"]),
    Service("Communication and Events", ["Comms and Events"]),
]


@pytest.mark.parametrize(
    ("text", "names", "unknown"),
    [
        ("Housing/Human Resources", ["Housing", "Human Resources"], []),
        ("Housing, Revenues and Benefits, Policy, Communities and Engagement.",
         ["Housing", "Revenues and Benefits", "Policy, Communities and Engagement"], []),
        ("HR/L&D, Comms and Events", ["Human Resources", "Learning and Development",
                                       "Communication and Events"], []),
        ("Policy, Communities and Engagement/HR",
         ["Policy, Communities and Engagement", "Human Resources"], []),
        ("housing; Parks", ["Housing"], ["Parks"]),
        ("", [], []),
    ],
)
def test_split_services(text, names, unknown):
    assert split_services(text, SERVICES) == (names, unknown)
    assert ServiceMatcher(SERVICES)(text) == (names, unknown)


def plain_split_services(text, services):
    """split_services as first written: everything rebuilt on every call."""
    pairs = [(alias, s.name) for s in services for alias in s.names()]
    parts = (text or "").split("; ")
    if all(part in {name for _, name in pairs} for part in parts):
        return list(dict.fromkeys(parts)), []
    lookup = {alias.casefold(): name for alias, name in pairs}
    body = "|".join(re.escape(a) for a in sorted(lookup, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", re.IGNORECASE)
    rest = " " + re.sub(r"\s+", " ", text or "") + " "
    found = []
    for m in pattern.finditer(rest):
        if lookup[m.group(0).casefold()] not in found:
            found.append(lookup[m.group(0).casefold()])
    rest = pattern.sub("/", rest)
    return found, [p.strip(" .") for p in re.split(r"[/;,\n]", rest) if p.strip(" .")]


SERVICE_TEXT = st.lists(
    st.sampled_from(["Housing", "housing", "HR", "Human Resources", "L&D", "Parks",
                     "Policy, Communities and Engagement", "Revenues and Benefits", ""]),
    max_size=5,
).flatmap(lambda names: st.sampled_from(["; ", "/", ", ", "\n", " and "]).map(
    lambda sep: sep.join(names)))


@given(SERVICE_TEXT)
def test_service_matcher_agrees_with_the_plain_definition(text):
    matcher = ServiceMatcher(SERVICES)
    expected = plain_split_services(text, SERVICES)
    assert matcher(text) == expected
    assert matcher(text) == expected  # the remembered answer too
    assert split_services(text, SERVICES) == expected


def test_service_matcher_answers_are_the_callers_own():
    matcher = ServiceMatcher(SERVICES)
    names, unknown = matcher("Housing; Parks")
    names.append("changed")
    unknown.clear()
    assert matcher("Housing; Parks") == (["Housing"], ["Parks"])


@pytest.mark.parametrize("value", [
    "2024-05-01", " 2024-05-01\n", "2024-5-1", "2024-02-29", "2023-02-29", "0000-01-01",
    "9999-12-31", "２０２４-05-01", "20240501", "2024-W18-3", "2024-05-01T00:00",
    "2024-05-01 00:00:00", "2024-05-01  12:30:00", "01/05/2024", "1/5/24", "31/02/2024",
    "x" * 100, " " * 100 + "2024-05-01", 45000.0, 45000, True, None, "",
    date(2024, 5, 1), datetime(2024, 5, 1, 12, 30),
])
def test_as_date_agrees_with_strptime(value):
    assert as_date(value) == plain_as_date(value)
    assert as_date(value) == plain_as_date(value)  # the remembered answer too


@given(st.text(st.sampled_from(list("0123456789-/: ２T"))))
def test_as_date_agrees_with_strptime_on_any_date_like_text(text):
    assert as_date(text) == plain_as_date(text)


def test_period_bounds():
    assert period_bounds("2023-24") == (date(2023, 4, 1), date(2024, 3, 31))
    assert period_bounds("2024/2025") == (date(2024, 4, 1), date(2025, 3, 31))
    with pytest.raises(ValueError, match="must follow"):
        period_bounds("2025-24")
    with pytest.raises(ValueError, match="must follow"):
        period_bounds("2024-2040")  # no plan runs for sixteen years
    with pytest.raises(ValueError, match="not a year like"):
        period_bounds("next year")


@pytest.mark.parametrize("period, start, end, name, annual_update", [
    # several financial years, April to March, however the span is written
    ("2015 – 2019", date(2015, 4, 1), date(2019, 3, 31), "2015-19", date(2016, 3, 31)),
    ("2023-27", date(2023, 4, 1), date(2027, 3, 31), "2023-27", date(2024, 3, 31)),
    ("2025-2029", date(2025, 4, 1), date(2029, 3, 31), "2025-29", date(2026, 3, 31)),
    ("2099-01", date(2099, 4, 1), date(2101, 3, 31), "2099-01", date(2100, 3, 31)),
    # one financial year, as before
    ("2023/2024", date(2023, 4, 1), date(2024, 3, 31), "2023-24", date(2024, 3, 31)),
    # a calendar year
    ("2024", date(2024, 1, 1), date(2024, 12, 31), "2024", date(2024, 12, 31)),
])
def test_periods_of_any_length(period, start, end, name, annual_update):
    assert period_bounds(period) == (start, end)
    assert period_name(period) == name
    assert annual_update_for(period) == annual_update


def test_new_plan_has_three_objectives_and_annual_update():
    plan = new_plan("T", "O", "2024-25")
    assert [o.sheet_name for o in plan.objectives] == [
        "Community Leader", "Employer", "Service Provider"]
    assert plan.annual_update == date(2025, 3, 31)


def test_service_parts():
    text = "officer note\n[ICT] c\n[Housing] a\nb"
    assert service_parts(text, ["Housing", "ICT"]) == {
        "": "officer note", "ICT": "c", "Housing": "a\nb"}


@pytest.mark.parametrize("action_id, parent, milestone", [
    ("EM-04.2", "EM-04", True),
    ("A3.1", "A3", True),
    ("EM-04", "EM-04", False),
    ("1.1", "1.1", False),  # a council's own section number, not a milestone of "1"
    ("3.10", "3.10", False),
    ("1.1.2", "1.1.2", False),
    ("EQ-07.x", "EQ-07.x", False),
])
def test_milestones_and_section_numbers(action_id, parent, milestone):
    action = Action(action_id, "O1")
    assert (action.parent_id, action.is_milestone) == (parent, milestone)
