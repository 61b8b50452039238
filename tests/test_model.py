from datetime import date

import pytest

from edi_workbook.model import (
    STATUSES,
    Service,
    join_service_parts,
    new_plan,
    normalise_status,
    period_bounds,
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


def test_period_bounds():
    assert period_bounds("2023-24") == (date(2023, 4, 1), date(2024, 3, 31))
    assert period_bounds("2024/2025") == (date(2024, 4, 1), date(2025, 3, 31))
    with pytest.raises(ValueError):
        period_bounds("2024-26")
    with pytest.raises(ValueError):
        period_bounds("next year")


def test_new_plan_has_three_objectives_and_annual_update():
    plan = new_plan("T", "O", "2024-25")
    assert [o.sheet_name for o in plan.objectives] == [
        "Community Leader", "Employer", "Service Provider"]
    assert plan.annual_update == date(2025, 3, 31)


def test_service_parts_round_trip():
    text = join_service_parts({"Housing": "a\nb", "": "officer note", "ICT": "c"},
                              ["ICT", "Housing"])
    assert text == "officer note\n[ICT] c\n[Housing] a\nb"
    assert service_parts(text, ["Housing", "ICT"]) == {
        "": "officer note", "ICT": "c", "Housing": "a\nb"}


def test_pure_core_imports_no_io_library():
    import subprocess
    import sys

    code = ("import sys; import edi_workbook.model, edi_workbook.timescale, "
            "edi_workbook.flags, edi_workbook.merge, edi_workbook.validate; "
            "print(sorted(m for m in ('openpyxl', 'xlsxwriter', 'python_calamine', 'click', "
            "'pandas', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr
