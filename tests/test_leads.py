"""Leads and services split out of a cell, and the Services sheet they make."""

from __future__ import annotations

import pytest

from edi_workbook.core.leads import resolve_leads, split_leads
from edi_workbook.core.model import Service


@pytest.mark.parametrize("text, names", [
    ("AG/ZW", ["AG", "ZW"]),
    ("ZW and Directors", ["ZW", "Directors"]),
    ("CD and Directors", ["CD", "Directors"]),
    ("AB & CD", ["AB", "CD"]),
    ("AB+CD", ["AB+CD"]),  # no spaces: one name, as "L&D" is
    ("L&D", ["L&D"]),
    ("CT", ["CT"]),
    ("Portfolio holder", ["Portfolio holder"]),
    ("Jane Smith", ["Jane Smith"]),
    ("Jane Smith, Tom Brown", ["Jane Smith", "Tom Brown"]),
    ("Jane Smith; Tom Brown\nAmir Khan", ["Jane Smith", "Tom Brown", "Amir Khan"]),
    # job titles stay whole, however they are joined inside
    ("Head of HR and Organisational Development", ["Head of HR and Organisational Development"]),
    ("Head of HR & OD", ["Head of HR & OD"]),
    ("Head of HR & OD/Chief Executive", ["Head of HR & OD", "Chief Executive"]),
    ("Policy Officer / Chief Executive", ["Policy Officer", "Chief Executive"]),
    ("Policy and Performance", ["Policy and Performance"]),
    ("Policy, Communities and Engagement", ["Policy, Communities and Engagement"]),
    ("housing, partners", ["housing, partners"]),
    ("AG/AG", ["AG"]),
    ("", []),
    (" / ", []),
])
def test_split_leads(text: str, names: list[str]) -> None:
    assert split_leads(text) == names


def test_leads_alone_are_the_services() -> None:
    leads = resolve_leads(["", "", ""], ["AG/ZW", "ZW and Directors", "ag"], None)
    assert leads.names == [["AG", "ZW"], ["ZW", "Directors"], ["AG"]]
    assert [s.name for s in leads.services] == ["AG", "ZW", "Directors"]
    assert leads.splits == [("AG/ZW", ["AG", "ZW"]), ("ZW and Directors", ["ZW", "Directors"])]


def test_a_service_area_is_the_service_and_the_officer_its_lead() -> None:
    leads = resolve_leads(["Human Resources", "Human Resources", "Customer Services", ""],
                          ["Sam Patel", "Jo King/Sam Patel", "Amir Khan", "Lee Brown"], None)
    assert leads.names == [["Human Resources"], ["Human Resources"], ["Customer Services"],
                           ["Lee Brown"]]  # no area: the officer is the service
    assert [(s.name, s.lead) for s in leads.services] == [
        ("Human Resources", "Sam Patel; Jo King"), ("Customer Services", "Amir Khan"),
        ("Lee Brown", "")]


def test_services_from_maps_initials_names_and_officers() -> None:
    sheet = [Service("Human Resources", ["HR", "ZW"], "Zoe West", "hr@example.org"),
             Service("Policy", [], "Ann Green; Ade Gold", "policy@example.org")]
    leads = resolve_leads(["", "", "", ""], ["ZW", "Zoe West and CT", "ann green", "AB & CD"],
                          sheet)
    assert leads.names == [["Human Resources"], ["Zoe West and CT"], ["Policy"], ["AB", "CD"]]
    assert [s.name for s in leads.services] == ["Human Resources", "Policy", "Zoe West and CT",
                                                "AB", "CD"]
    assert leads.services[0].email == "hr@example.org"
    assert sheet[0].lead == "Zoe West"  # the given list is not changed


def test_a_lead_on_the_services_sheet_stands() -> None:
    sheet = [Service("Human Resources", [], "Zoe West", "hr@example.org")]
    leads = resolve_leads(["HR", "Human Resources"], ["Sam Patel", "Zoe West"],
                          [Service("Human Resources", ["HR"], "Zoe West", "hr@example.org")])
    assert leads.names == [["Human Resources"], ["Human Resources"]]
    assert leads.services[0].lead == "Zoe West"
    assert leads.kept_leads == [("Human Resources", "Zoe West", "Sam Patel")]
    assert sheet[0].lead == "Zoe West"


def test_services_split_in_time_proportional_to_the_plan() -> None:
    """Every name was tried as a pattern on every cell: 10,000 rows took 5 minutes."""
    import time

    from edi_workbook.core.leads import resolve_services

    cells = [["Housing", "Human Resources/Policy", "Revenues and Benefits, Policy"][i % 3]
             for i in range(10_000)] + [f"Team {i}" for i in range(3_000)]
    start = time.perf_counter()
    names, services = resolve_services(cells, None)
    assert time.perf_counter() - start < 10
    assert names[:3] == [["Housing"], ["Human Resources", "Policy"],
                         ["Revenues and Benefits", "Policy"]]
    assert names[-1] == ["Team 2999"] and len(services) == 3_004


@pytest.mark.parametrize("cell, lookup, found", [
    ("HR and Housing", [("HR", "Human Resources"), ("Housing", "Housing")],
     [(1, "Human Resources"), (8, "Housing")]),
    ("ıT team", [("IT", "ICT")], [(1, "ICT")]),  # re matches dotless ı with I
    ("STRASSE", [("straße", "Roads")], []),  # ... but never ß with SS
    ("Comms/Events", [("Comms", "Comms"), ("Comms/Events", "Events")], [(1, "Events")]),
])
def test_known_names_are_found_as_before(cell, lookup, found) -> None:
    from edi_workbook.core.leads import _Known

    assert sorted(_Known(lookup).take(cell)[0]) == found
