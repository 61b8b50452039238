"""Importing a council's plan from Word (published plan, progress update) or CSV."""

# SEED_002 at the end keeps the council's lines verbatim, however long.
# ruff: noqa: E501

from __future__ import annotations

import csv
import tomllib
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from edi_workbook.core import messages as m
from edi_workbook.core.errors import WorkbookError
from edi_workbook.core.leads import builtin_split, resolve_services
from edi_workbook.core.model import Plan, Service, Status, StatusList
from edi_workbook.core.schema import HEADERS
from edi_workbook.importing import import_source
from edi_workbook.importing.assembly import (
    find_period,
    objective_key,
    read_completed,
    read_status,
)
from edi_workbook.importing.source import CSV, DOCX
from edi_workbook.importing.word import parse_title, role_key
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow.example import EXAMPLE_TOML

HEADER_ROW = ["Commitments", "Action Title", "Actions", "Responsible Service",
              "Timescale for delivery"]


def _toml_actions() -> list[dict[str, Any]]:
    with open(EXAMPLE_TOML, "rb") as handle:
        data = tomllib.load(handle)
    return [a for o in data["objectives"] for a in o["actions"]]


def _fill(cell: Any, lines: list[str]) -> None:
    """Lines into a cell as paragraphs; '• ' lines become Word list items."""
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if line.startswith("• "):
            p.style = "List Bullet"
            line = line[2:]
        p.add_run(line)


def _raw_services(plan: Plan) -> dict[str, str]:
    return {a["id"]: a["services"] for a in _toml_actions()}


def build_published_docx(path: Path, plan: Plan, *, struck: bool = True) -> Path:
    """The example plan laid out like the council's published plan (seed 000)."""
    toml = {a["id"]: a for a in _toml_actions()}
    raw = _raw_services(plan)
    doc = Document()
    doc.add_paragraph("Appendix 2 – EDI Action Plan 2023-24.")
    for n, objective in enumerate(plan.objectives):
        groups: dict[str, list[Any]] = {}
        for action in plan.actions_for(objective.key):
            groups.setdefault(action.parent_id, []).append(action)
        count = sum(len(g) for g in groups.values())
        table = doc.add_table(rows=4 + count, cols=5)
        for r, text in ((0, objective.role), (1, f"Objective: {objective.statement}")):
            merged = table.cell(r, 0).merge(table.cell(r, 4))
            _fill(merged, [text])
        for c, text in enumerate(HEADER_ROW):
            if n == 2 and c == 4:
                continue  # seed 000's third table lost its last header
            _fill(table.cell(2, c), [text])
        commitments = table.cell(3, 0).merge(table.cell(2 + count, 0))
        lines = [line for c in objective.commitments for line in c.split("\n")]
        if struck and objective.key == "SP":
            lines = [line.replace(" Maidstone.", " Maidstone.[struck]") for line in lines]
        _fill(commitments, lines)
        for p in commitments.paragraphs:  # a struck-through run the import leaves out
            if p.text.endswith("[struck]"):
                p.runs[0].text = p.runs[0].text.removesuffix("[struck]")
                p.add_run(" including a specific work stream on communities.").font.strike = True
        row = 3
        for actions in groups.values():
            first = row
            for i, action in enumerate(actions):
                entry = toml[action.id]
                if i == 0:
                    marker = f" {entry['marker']}" if entry["marker"] else ""
                    _fill(table.cell(row, 1), [entry["title"] + marker])
                _fill(table.cell(row, 2), action.description.split("\n"))
                if i == 0 or raw[action.id] != raw[actions[0].id]:
                    _fill(table.cell(row, 3), [raw[action.id]])
                _fill(table.cell(row, 4), [action.timescale.text])
                row += 1
            shared = len({raw[a.id] for a in actions}) == 1
            if len(actions) > 1 and shared:  # one service cell for every milestone
                table.cell(first, 3).merge(table.cell(row - 1, 3))
        connections = table.cell(row, 0).merge(table.cell(row, 4))
        _fill(connections, ["Connections to other plans and Strategies",
                            *(f"• {c}" for c in objective.connections)])
    doc.save(str(path))
    return path


def _compare(imported: Plan, expected: Plan) -> None:
    assert [a.id for a in imported.actions] == [a.id for a in expected.actions]
    for got, exp in zip(imported.actions, expected.actions, strict=True):
        assert (got.objective, got.title, got.type, got.description) == (
            exp.objective, exp.title, exp.type, exp.description), got.id
        assert got.timescale == exp.timescale, got.id
    for got, exp in zip(imported.objectives, expected.objectives, strict=True):
        assert (got.key, got.role, got.statement) == (exp.key, exp.role, exp.statement)
        assert got.commitments == exp.commitments
        assert got.connections == exp.connections


def test_published_docx_with_services_list(tmp_path: Path, plan: Plan) -> None:
    source = build_published_docx(tmp_path / "plan.docx", plan)
    imported = import_source(source, organisation="Maidstone Borough Council",
                             services=plan.services).plan
    _compare(imported, plan)
    assert [a.services for a in imported.actions] == [a.services for a in plan.actions]
    assert imported.services == plan.services
    assert imported.services is not plan.services
    assert (imported.title, imported.period, imported.organisation) == (
        "EDI Action Plan 2023-24", "2023-24", "Maidstone Borough Council")
    assert imported.annual_update == plan.annual_update
    assert imported.plan_id != plan.plan_id


def test_published_docx_with_builtin_split(tmp_path: Path, plan: Plan) -> None:
    imported = import_source(build_published_docx(tmp_path / "plan.docx", plan)).plan
    _compare(imported, plan)
    # Every name found is a name or alias of the example's services, and
    # resolves to the same services the example plan gives each action.
    for got, exp in zip(imported.actions, plan.actions, strict=True):
        assert [plan.service(n).name for n in got.services] == exp.services, got.id
    assert [s.name for s in imported.services][:3] == [
        "Housing", "Revenues and Benefits", "Policy, Communities and Engagement"]


def test_imported_plan_writes_and_reads_back(tmp_path: Path, plan: Plan) -> None:
    imported = import_source(build_published_docx(tmp_path / "plan.docx", plan),
                             services=plan.services).plan
    back = read_plan(write_plan(imported, tmp_path / "plan.xlsx"))
    assert [a.id for a in back.actions] == [a.id for a in plan.actions]
    assert back.action_index()["EM-04.2"].timescale.text == "July 2024"


def test_title_and_period_arguments_win(tmp_path: Path, plan: Plan) -> None:
    source = build_published_docx(tmp_path / "plan.docx", plan)
    imported = import_source(source, title="Our plan", period="2024-25").plan
    assert (imported.title, imported.period) == ("Our plan", "2024-25")
    with pytest.raises(ValueError, match="not a year like"):
        import_source(source, period="next year")


def test_one_row_with_several_deliverables(tmp_path: Path) -> None:
    """Seed 000's EM-04: three action paragraphs against three timescale paragraphs."""
    doc = Document()
    table = doc.add_table(rows=4, cols=5)
    _fill(table.cell(0, 0), ["As an Employer"])
    _fill(table.cell(1, 0), ["Objective: To lead."])
    for c, text in enumerate(HEADER_ROW):
        _fill(table.cell(2, c), [text])
    _fill(table.cell(3, 1), ["Maintain understanding of staff need. NEW"])
    _fill(table.cell(3, 2), ["Survey.", "Carers survey.", "Listening exercises"])
    _fill(table.cell(3, 3), ["HR"])
    _fill(table.cell(3, 4), ["Due July 2025", "July 2024", "October 2024"])
    doc.save(str(tmp_path / "em.docx"))
    imported = import_source(tmp_path / "em.docx").plan
    assert [(a.id, a.description, a.timescale.text, a.type) for a in imported.actions] == [
        ("EM-01.1", "Survey.", "Due July 2025", "New"),
        ("EM-01.2", "Carers survey.", "July 2024", "New"),
        ("EM-01.3", "Listening exercises", "October 2024", "New"),
    ]
    assert [o.key for o in imported.objectives] == ["EM"]
    assert imported.title == "EDI Action Plan" and imported.period == ""


@pytest.mark.parametrize("role, key", [
    ("As a Community Leader", "CL"), ("As an Employer", "EM"),
    ("As a Service Provider", "SP"), ("As a Partner", "PA"),
])
def test_role_key(role: str, key: str) -> None:
    assert role_key(role) == key


def test_every_marker_of_the_example_is_read() -> None:
    for entry in _toml_actions():
        text = f"{entry['title']} {entry['marker']}" if entry["marker"] else entry["title"]
        assert parse_title(text) == (entry["title"], entry["marker"], entry["type"])
    # Seed 000 also writes the dash against the title, and NEW must be capitals.
    assert parse_title("key internal teams- Ongoing Project") == (
        "key internal teams", "- Ongoing Project", "Ongoing")
    assert parse_title("Plan something New") == ("Plan something New", "", "")


# Every "Responsible Service" cell of seed 000 (rows split by a page break
# joined), and the names the built-in split gives when all are read together.
SEED_SERVICE_CELLS = [
    ("Housing", ["Housing"]),
    ("Housing, Revenues and Benefits, Policy, Communities and Engagement.",
     ["Housing", "Revenues and Benefits", "Policy, Communities and Engagement"]),
    ("Data Analytics/Democratic Services", ["Data Analytics", "Democratic Services"]),
    ("Housing/ICT/Policy, Communities and Engagement",
     ["Housing", "ICT", "Policy, Communities and Engagement"]),
    ("Policy, Communities and Engagement", ["Policy, Communities and Engagement"]),
    ("HR/L&D, Comms and Events, Museums, Civic team, Economic Development, Communities lead",
     ["HR", "L&D", "Comms and Events", "Museums", "Civic team", "Economic Development",
      "Communities lead"]),
    ("Policy, Communities and Engagement/HR", ["Policy, Communities and Engagement", "HR"]),
    ("Policy, Communities and Engagement/ Data Analytics/ Climate Change and Biodiversity",
     ["Policy, Communities and Engagement", "Data Analytics",
      "Climate Change and Biodiversity"]),
    ("Housing/Human Resources", ["Housing", "Human Resources"]),
    ("Human Resources/ Policy, Communities and Engagement",
     ["Human Resources", "Policy, Communities and Engagement"]),
    ("Democratic Services/ Policy, Communities and Engagement",
     ["Democratic Services", "Policy, Communities and Engagement"]),
    ("Policy, Communities and Engagement/ Human Resources",
     ["Policy, Communities and Engagement", "Human Resources"]),
    ("Human Resources", ["Human Resources"]),
    ("Data Analytics/Information Governance/ Policy, Communities and Engagement",
     ["Data Analytics", "Information Governance", "Policy, Communities and Engagement"]),
    ("Policy, Communities and Engagement/Communication and Events",
     ["Policy, Communities and Engagement", "Communication and Events"]),
    ("Policy, Communities and Engagement/Data Analytics",
     ["Policy, Communities and Engagement", "Data Analytics"]),
]


def test_builtin_split_on_every_seed_cell() -> None:
    cells = [c for c, _ in SEED_SERVICE_CELLS]
    assert resolve_services(cells, None)[0] == [names for _, names in SEED_SERVICE_CELLS]
    assert {a["services"] for a in _toml_actions()} == set(cells)


@pytest.mark.parametrize("text, names", [
    ("Policy, Communities and Engagement", ["Policy, Communities and Engagement"]),
    ("Housing; ICT", ["Housing", "ICT"]),
    ("Museums, Civic team", ["Museums", "Civic team"]),
    ("Housing, partners", ["Housing, partners"]),  # not all capitalised: kept whole
    # Alone, the cell with two 'and' names cannot be told apart: it splits on
    # every comma. Read with the other cells, it splits right (above).
    ("Housing, Revenues and Benefits, Policy, Communities and Engagement",
     ["Housing", "Revenues and Benefits", "Policy", "Communities and Engagement"]),
])
def test_builtin_split_rule(text: str, names: list[str]) -> None:
    assert [n for _, n in builtin_split(text)] == names


# ---------------------------------------------------------------- CSV

def _write_csv(path: Path, plan: Plan, *, with_objective: bool = True) -> Path:
    raw = _raw_services(plan)
    roles = {o.key: o.role for o in plan.objectives}
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([*HEADERS, "Notes", *(["Objective"] if with_objective else [])])
        for a in plan.actions:
            values = {"ID": a.id, "Action title": a.title, "Type": a.type,
                      "Actions": a.description, "Responsible service(s)": raw[a.id],
                      "Timescale": a.timescale.text, "Status": "green" if a.id == "CL-01" else "",
                      "Last updated": "31/03/2024" if a.id == "CL-01" else ""}
            out.writerow([*(values.get(h, "") for h in HEADERS), f"n {a.id}",
                          *([roles[a.objective]] if with_objective else [])])
    return path


@pytest.mark.parametrize("with_objective", [True, False])
def test_csv_round_trip(tmp_path: Path, plan: Plan, with_objective: bool) -> None:
    source = _write_csv(tmp_path / "plan.csv", plan, with_objective=with_objective)
    imported = import_source(source, title="EDI Action Plan 2023-24",
                             services=plan.services).plan
    assert [(a.id, a.title, a.type, a.description, a.services, a.timescale)
            for a in imported.actions] == [
        (a.id, a.title, a.type, a.description, a.services, a.timescale)
        for a in plan.actions]
    if with_objective:
        assert [a.objective for a in imported.actions] == [a.objective for a in plan.actions]
        assert [(o.key, o.role) for o in imported.objectives] == [
            (o.key, o.role) for o in plan.objectives]
    else:  # nothing says which objective: one, named after the document, no made-up role
        assert [(o.key, o.role) for o in imported.objectives] == [
            ("EAP", "EDI Action Plan 2023-24")]
        assert {a.objective for a in imported.actions} == {"EAP"}
    cl01 = imported.action_index()["CL-01"]
    # "green" is the source's own word: the plan keeps it (as "Green"), counting as On track.
    assert cl01.status == "Green" and cl01.last_updated.isoformat() == "2024-03-31"
    assert imported.statuses.pairs() == [("Green", "On track"), ("Amber", "At risk"),
                                         ("Red", "Off track"), ("Complete", "Complete")]
    assert cl01.extra == {"Notes": "n CL-01"}
    assert imported.period == "2023-24"


def test_csv_repeated_ids_are_made_again_and_kept(tmp_path: Path) -> None:
    """Refs that repeat are not IDs: IDs are made per objective, the refs kept beside."""
    path = tmp_path / "plan.csv"
    path.write_text("ID,Action title,Actions,Responsible service(s),Timescale\n"
                    "CL-01,a,b,Housing,2024\nCL-01,c,d,Housing,2024\n", encoding="utf-8")
    imported = import_source(path, title="Equality plan")
    assert [a.id for a in imported.plan.actions] == ["EP-01", "EP-02"]
    assert [a.extra for a in imported.plan.actions] == [{"ID (as imported)": "CL-01"}] * 2
    assert m.import_ids_made("EP-01", m.refs_repeat(["CL-01"])) in imported.report.lines()


def test_csv_with_a_title_only_imports_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("ID,Action title\nCL-01,a\n", encoding="utf-8")
    imported = import_source(path)
    assert [(a.id, a.title, a.services) for a in imported.plan.actions] == [("CL-01", "a", [])]
    assert imported.report.warnings() == [m.import_no_lead(1, "CL-01"),
                                          m.import_unclear(1, "CL-01")]


def test_csv_in_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes("Action,Lead\nCaf\xe9 \u2019drop-in\u2019 for \xa3 advice,JS\n".encode(
        "cp1252"))
    imported = import_source(path)
    assert imported.plan.actions[0].title == "Café ’drop-in’ for £ advice"
    assert imported.report.lines()[0] == m.import_read("plan.csv", CSV, 1, "", "Windows-1252")


def test_unknown_sources_are_one_line_errors(tmp_path: Path) -> None:
    for name, data in (("plan.pdf", b"%PDF"), ("plan.docx", b"not a zip")):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(WorkbookError) as info:
            import_source(tmp_path / name)
        assert "\n" not in str(info.value) and str(info.value).startswith(name)
    doc = Document()
    doc.add_paragraph("Minutes of the meeting")
    doc.save(str(tmp_path / "minutes.docx"))
    with pytest.raises(WorkbookError) as info:
        import_source(tmp_path / "minutes.docx")
    assert (info.value.reason, info.value.advice) == (m.NO_PLAN_TABLE, m.IMPORT_WHAT)


# ------------------------------------------------------ progress update

def build_update_docx(path: Path) -> Path:
    """Seed 002's text, a paragraph per line; indented lines are list items."""
    doc = Document()
    for line in SEED_002.splitlines():
        if not line.strip():
            continue
        p = doc.add_paragraph(line.strip())
        if line[:1].isspace():  # the seed indents bullets with no-break spaces
            p.style = "List Bullet"
    doc.save(str(path))
    return path


def test_progress_update_statuses(tmp_path: Path) -> None:
    imported = import_source(build_update_docx(tmp_path / "update.docx"),
                             title="EDI Action Plan 2022-23 progress").plan
    # Counted in seed 002: 7 "now closed", 8 "remains ongoing", 2 "now developed".
    assert Counter(a.status for a in imported.actions) == {
        Status.CLOSED.value: 7, Status.ON_TRACK.value: 8, Status.CARRIED_FORWARD.value: 2}
    closing = Counter(line.strip().rstrip(".") for line in SEED_002.splitlines()
                      if line.startswith("This action"))
    assert closing == {"This action is now closed": 7,
                       "This action remains ongoing in the new plan": 8,
                       "This action has now developed in the new plan": 2}
    assert [o.key for o in imported.objectives] == ["CL", "EM", "SP"]
    assert [len(imported.actions_for(k)) for k in ("CL", "EM", "SP")] == [7, 4, 6]
    assert imported.period == "2022-23"


def test_progress_update_titles_and_text(tmp_path: Path) -> None:
    imported = import_source(build_update_docx(tmp_path / "update.docx")).plan
    by_title = {a.title: a for a in imported.actions}
    # A title broken over two lines is joined; the closing sentence is kept as a comment.
    trinity = by_title["Provide access to digital training and support at Trinity House."]
    assert trinity.id == "CL-03" and trinity.status == "Closed"
    assert trinity.progress.startswith("The Training suite up at Trinity House")
    assert trinity.comments == "This action is now closed"
    armed = by_title["Provide guidance to enable all staff to support Armed Forces Community"]
    assert armed.progress.startswith("Armed Forced pages have been updated")
    cl = imported.objective("CL")
    assert cl.statement.startswith("To lead by example")
    assert len(cl.commitments) == 4
    assert cl.commitments[0].endswith(
        "\n• Increase volunteering opportunities and participation, funding and support.")
    assert cl.commitments[1].endswith("representative of Maidstone’s demographic.")
    assert len(imported.objective("EM").commitments) == 3
    assert imported.objective("SP").commitments[2].endswith("work stream on communities.")


def test_progress_update_without_closing_sentence(tmp_path: Path) -> None:
    doc = Document()
    for text in ("As an Employer", "Objective: To lead.", "We will train our staff.",
                 "Deliver the Culture change project", "The project has been delivered.",
                 "Introduce a staff survey", "Carried out the first survey.",
                 "This action is now closed"):
        doc.add_paragraph(text)
    doc.save(str(tmp_path / "u.docx"))
    imported = import_source(tmp_path / "u.docx").plan
    assert [(a.title, a.status) for a in imported.actions] == [
        ("Deliver the Culture change project", ""),
        ("Introduce a staff survey", "Closed"),
    ]


# Seed 002 (Maidstone's 2022-23 EDI progress update, text as extracted),
# blank lines removed; indented lines were bullets.
SEED_002 = """\
As a Community Leader
Objective: To lead by example, to ensure every individual resident is connected and supported
We will work closely with our partners (Voluntary and Community Sector, Anchor Institutions, Parishes and Church and Faith groups) to:
       Identify opportunities for joined up working and improving our ability to share information to support and engage our wider communities.
       Increase volunteering opportunities and participation, funding and support.
We will undertake a review of consultation and engagement activities to ensure that they maximise resident participation and are representative of
Maidstone’s demographic.
We will support and promote diversity and inclusion in the borough through our communications and events – with a focus on our seldom-heard communities.
We will support our serving and veteran communities through our commitment to the Armed Forces Covenant and responsibilities under the Armed Forces Act 2021 with guidance provided to staff across all services.
Ongoing delivery of One View project.
The Housing team continue to work on developing the OneView system A second advisor was recruited to support he project. Join up has been created with Housing Associations to deliver hardship payments. The project has won an award and has been identified was also recently reviewed by The Equality and Human Rights Commission (EHRC) have reviewed this project and highlighted it as an example of a project using innovative technology is advancing equality of opportunity and are currently working with Maidstone to develop it as a case study. Further project areas were identified, Violence Reduction, Health Inequalities, Food Insecurity and Damp and Mould.
This action remains ongoing in the new plan.
Implement no wrong door (local campaign to signpost to services) – increasing access to services.
There is join up between several frontline services and other local service providers.  For example, Housing and the CAB have undertaken a Debt advice Pilot at Trinity.
The Welfare Officer role which supports delivery of the Council’s Hardship Fund works closely with community groups, community wardens and is the point of contact for those experiencing immediate financial need and support.  The role also works closely with internal services including Housing and Revenues and Benefits to maximise support and support the prevention of homelessness.
The role is supported by Policy in Practice’s Low Income Family Tracker (LIFT dashboard) which enables the Council to identify families and individuals who are impacted by Welfare Reforms, struggling financially, and could be missing out on benefits.
This action remains ongoing in the new plan.
Provide access to digital training and
support at Trinity House.
The Training suite up at Trinity House is now up and running.  Training and Support has been offered and a pilot with Digital Kent Volunteer Programme to support residents at Trinity House has been undertaken.
This action is now closed
Increase response rates from underrepresented groups though us of Let’s Talk Maidstone (the Council’s new public engagement platform)
The Let’s Talk Maidstone site was launched in 2022 and provides a variety of engagement tools for Public consultation and engagement activities.
It is recognised that there are some groups that remain difficult to reach.  Analysis has been undertaken of all consultation demographics to identify those seldom heard groups.  Support has been sought from the consultation institute to best approach engagement and new action has been identified for year 2023-24.
This action has now developed in the new plan.
Expand internal Equality Diversity and Inclusion Group to provide internal direction and challenge.
The group continues to meet and has informed the development of the new action plan. It has been expanded to include wider group of front-line service areas providing expertise and insight on community and seldom heard groups.
This action has now developed in the new plan.
Annual calendar of events to celebrate diversity and promote inclusion in Maidstone.
Google calendar developed for Intranet and website. Further work is required on this to embed the calendar of events both internally and externally.
This action remains ongoing in the new plan.
Provide guidance to enable all staff to support Armed Forces Community
Armed Forced pages have been updated on the Website.  It has been identified that Forces Connect App not sufficient in terms of information for Veterans in local community so more work needs to be done.
This action remains ongoing in the new plan.
As an Employer
Objective: To lead a diverse and inclusive workforce that is reflective of the borough of Maidstone where residents and colleagues feel safe, confident, and empowered to challenge and bring about change.
We will train our staff so that they are skilled in inclusive practice, to work with communities who are less able, or willing, to participate in life in their local neighbourhoods.
We will provide training and support to staff so they can recognise and manage unacceptable behaviours.
We will look after the mental health of our staff and recognise when this offer needs to change
Introduce Equalities Champions (including elected member and senior leadership)
A Senior Leader Champion and a Member Champion agreed.
This action is now closed
Deliver the Culture change project.
The culture change project has been delivered and new actions are identified in the refreshed Workforce Strategy to support Inclusion and Belonging for staff.
This action is now closed
Introduce Bi-Annual staff EDI survey to identify need and benchmark progress
Carried out first EDI Staff Survey (the detailed questions considered best practice are not included in the biannual staff survey).  The survey is intended to provide a baseline understand of the organisations diversity and provide the basis for exploring and responding to staff need.
This action is now closed
Provide training and support for Mental Health Champions
The Staff EDI Survey suggests that employee Mental Health is better than national picture (1 in 6) however there has been an increase in Mental Health sick days and an increase in counselling referrals.  There has been continued provision of Mental Health Champions (including training and development of mental health first aiders).  The use of Mental Health Champions has been low and it has been identified that support is required for managers in terms of training and resilience.  So further work is required here.
This action remains ongoing in the new plan.
As a Service Provider
Objective: To deliver inclusive services in accordance with the Council’s values
We will use specific and meaningful language when referring to diverse communities.
We will support access to services and support through ICT process, communication and join up with partners.
We will take an evidence-based approach to leading recovery supporting financial inclusion and social well-being in Maidstone. including a specific work
stream on communities.
We will review the Equalities Impact Assessment processes.
We will review and identify our policies where we consider equalities impacts and identify how we can improve outcomes through revisions to policy.
Adopt of LGA Inclusive Language Guide
The inclusive language guide has not yet been released for adoption. This has been retained as an action with alternative options to be explored in place of the LGA guide.
This action remains ongoing in the new plan.
Proactively use ‘neutral spaces’ to increase access to support and services for residents
Face to face support has been provided at Trinity House and other sites for debt advice, and digital services.  Cost-of-living events, Community Larders, Council tax, Welfare support and Housing.  This action will be retained/
This action remains ongoing in the new plan.
Identify emerging needs from Census data.
Analysis of the Census data has been undertaken.  Results have been published of all high-level data on dashboards on the Council’s website.  Significant engagement with Unit Managers, Wider Leadership Team, Inclusion Board and EDI staff group on how to use census to understand resident need.
This action is now closed
Include ‘Poverty’ as a local protected characteristic with the EqIA process
9 protected characteristics were expanded to include Poverty (and Armed Forces) to ensure we continue to look beyond existing perceptions of vulnerable groups.
EqIA template document and guidance updated to support data led decision making.  Training was rolled out to Unit managers.
This action is now closed
Include Armed Forces Act 2021 in Equality, Diversity and Inclusion Policy
Armed Forces included in revised Policy and guidance and template documents for EqIAs alongside Poverty as ‘local protected characteristics.
This action is now closed
Prioritise existing policies by review date and implement process of review for equalities
The process has been reactive to date rather than priority.  It has been identified that further work is required to support unit managers to implement EDI into policy and service development so this action has been broadened to include working with services to increase knowledge.
This action remains ongoing in the new plan.
"""


# ---------------------------------------------------------- any council's plan

def test_maidstones_import_says_how_it_was_read(tmp_path: Path, plan: Plan) -> None:
    report = import_source(build_published_docx(tmp_path / "plan.docx", plan)).report
    assert report.lines()[:1 + len(m.PUBLISHED_MAPPING)] == [
        m.import_read("plan.docx", DOCX, 3, m.LAYOUT_PUBLISHED, ""),
        *(f"  {m.import_column(header, what)}" for header, what in m.PUBLISHED_MAPPING)]
    assert m.import_objectives([o.role for o in plan.objectives], m.FROM_ROLES) in report.lines()
    assert report.warnings() == []


@pytest.mark.parametrize("text, status, day", [
    ("Green", "On track", None),
    ("G", "On track", None),
    ("BLUE", "Complete", None),
    ("B", "Complete", None),  # BRAG
    ("amber", "At risk", None),
    ("Red", "Off track", None),
    ("complete", "Complete", None),
    ("Completed on 12/03/2024", "Complete", date(2024, 3, 12)),
    ("completed - March 2024", "Complete", date(2024, 3, 31)),
    ("Done 1/4/24", "Complete", date(2024, 4, 1)),
    ("Closed March 2024", "Closed", date(2024, 3, 31)),
    ("Achieved", "Complete", None),
    ("Ongoing", "On track", None),
    ("", "", None),
])
def test_read_status(text: str, status: str, day: date | None) -> None:
    assert read_status(text) == (status, day)


@pytest.mark.parametrize("text", ["Sort of done", "Completely rethought", "N/A", "Yes"])
def test_statuses_that_are_not_read(text: str) -> None:
    assert read_status(text) is None


@pytest.mark.parametrize("value, read", [
    ("15/10/2015", ("Complete", date(2015, 10, 15))),
    (datetime(2015, 10, 15, 0, 0), ("Complete", date(2015, 10, 15))),
    (date(2015, 10, 15), ("Complete", date(2015, 10, 15))),
    ("Presented and approved by CMT on 19/10/2015", ("Complete", date(2015, 10, 19))),
    ("Completed January 2016", ("Complete", date(2016, 1, 31))),
    ("February 15", ("Complete", date(2015, 2, 28))),
    ("Yes", ("Complete", None)),
    ("✓", ("Complete", None)),
    ("Ongoing", ("On track", None)),
    ("To be confirmed", None),
    ("Scheme in place", None),
    ("", None),
])
def test_read_completed(value: object, read: tuple[str, date | None] | None) -> None:
    assert read_completed(value) == read


@pytest.mark.parametrize("text, lone_year, period", [
    ("EDI Action Plan 2023-24", True, "2023-24"),
    ("Diversity and Equality Action Plan 2015 – 2019", True, "2015-19"),
    ("Equality Objectives 2023-27", True, "2023-27"),
    ("Equality Plan 2025 – 2029", True, "2025-29"),
    ("Equality Action Plan 2025", True, "2025"),
    ("Equality Action Plan 2025", False, ""),
    ("Plan for 2024/25", True, "2024-25"),
    ("Updated 31/03/2024", True, ""),  # a date is not a period
    ("Plan 2024-03-31", True, ""),
    ("Plan 2020 and 2024", True, ""),  # two years: which?
    ("equality-actions-2024-25", True, "2024-25"),
    ("No years here", True, ""),
])
def test_find_period(text: str, lone_year: bool, period: str) -> None:
    assert find_period(text, lone_year) == period


@pytest.mark.parametrize("role, key", [
    ("Objective one", "O1"), ("Objective 12", "O12"), ("Priority 2", "P2"),
    ("Equality Objective 3", "EO3"), ("Theme B", "TB"), ("As a Community Leader", "CL"),
    ("As an Employer", "EM"), ("Workforce", "WO"),
    ("Diversity and Equality Action Plan 2015 – 2019", "DEAP"),
    ("Understanding our communities", "UC"), ("2024", "A"),
])
def test_objective_key(role: str, key: str) -> None:
    assert objective_key(role) == key


def write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_refs_kept_when_unique_else_made_per_objective(tmp_path: Path) -> None:
    rows = [["Objective", "Ref", "Action"], ["Priority 1 – Data", "1.1", "a"],
            ["Priority 1 – Data", "1.2", "b"], ["Priority 2 – Staff", "A3", "c"]]
    kept = import_source(write_rows(tmp_path / "a.csv", rows)).plan
    assert [(a.id, a.objective, a.extra) for a in kept.actions] == [
        ("1.1", "P1", {}), ("1.2", "P1", {}), ("A3", "P2", {})]
    assert [(o.key, o.role, o.statement) for o in kept.objectives] == [
        ("P1", "Priority 1", "Data"), ("P2", "Priority 2", "Staff")]
    rows[3][1] = ""
    made = import_source(write_rows(tmp_path / "b.csv", rows))
    assert [(a.id, a.extra) for a in made.plan.actions] == [
        ("P1-01", {"Ref": "1.1"}), ("P1-02", {"Ref": "1.2"}), ("P2-01", {})]
    assert m.import_ids_made("P1-01", m.some_refs_blank(1)) in made.report.lines()
    assert f"  {m.import_column('Ref', m.ref_kept('Ref'))}" in made.report.lines()


def test_added_columns_never_clash(tmp_path: Path) -> None:
    rows = [["Action", "Notes", "Notes", "", "Comments"], ["a", "one", "two", "three", "four"]]
    plan = import_source(write_rows(tmp_path / "a.csv", rows),
                         columns={"Comments": "extra"}).plan
    assert plan.actions[0].extra == {"Notes": "one", "Notes (2)": "two", "Column 4": "three",
                                     "Comments (as imported)": "four"}
    assert plan.actions[0].comments == ""


def test_services_from_an_existing_plan_take_the_leads(tmp_path: Path) -> None:
    rows = [["Action", "Responsible officer"], ["a", "ZW"], ["b", "Zoe West and Directors"],
            ["c", "ZW and Directors"]]
    sheet = [Service("Human Resources", ["HR", "ZW"], "Zoe West", "hr@example.org")]
    imported = import_source(write_rows(tmp_path / "a.csv", rows), services=sheet)
    assert [a.services for a in imported.plan.actions] == [
        ["Human Resources"], ["Zoe West and Directors"], ["Human Resources", "Directors"]]
    assert [s.name for s in imported.plan.services] == [
        "Human Resources", "Zoe West and Directors", "Directors"]


def test_a_tracker_imports(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Council EDI tracker 2024"])
    ws.append(["Action", "Service area", "Progress"])
    ws.append(["a", "Housing", "Green"])
    ws.append(["b", "Housing", "We met twice; amber overall"])
    wb.save(tmp_path / "t.xlsx")
    imported = import_source(tmp_path / "t.xlsx")
    plan = imported.plan
    assert (plan.title, plan.period, plan.annual_update) == (
        "Council EDI tracker 2024", "2024", date(2024, 12, 31))
    # Half sentences: "Progress" is the progress update, and that is said.
    assert [a.progress for a in plan.actions] == ["Green", "We met twice; amber overall"]
    assert m.choice_made("Progress", "the progress update", "the status", "status") in (
        imported.report.lines())
    settled = import_source(tmp_path / "t.xlsx", columns={"progress": "status"}).plan
    assert [a.status for a in settled.actions] == ["Green", "We met twice; amber overall"]
    tool = import_source(tmp_path / "t.xlsx", columns={"progress": "status"},
                         statuses=StatusList()).plan
    assert [a.status for a in tool.actions] == ["On track", "We met twice; amber overall"]
    assert tool.statuses.is_default


def test_unknown_files_and_bad_columns(tmp_path: Path) -> None:
    (tmp_path / "plan.odt").write_bytes(b"x")
    with pytest.raises(WorkbookError) as info:
        import_source(tmp_path / "plan.odt")
    assert (info.value.path.name, info.value.reason, info.value.advice) == (
        "plan.odt", m.cannot_import(".odt"), m.IMPORT_WHAT)
    path = write_rows(tmp_path / "a.csv", [["Action", "Lead"], ["a", "AB"]])
    with pytest.raises(WorkbookError) as info:
        import_source(path, columns={"By when": "timescale"})
    assert (info.value.path.name, info.value.reason, info.value.advice) == (
        "a.csv", m.columns_not_found(["By when"]), m.columns_there(["Action", "Lead"]))


# --- Word plans past the limits: refused from the zip's directory, at once -------------

import sys  # noqa: E402
import time  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from make_hostile import case as hostile_case  # noqa: E402


@pytest.mark.parametrize("name, reason", [
    # 1.5 MB holding a 1.5 GB picture: python-docx peaked at 3.1 GB.
    ("picture-1.5gb.docx", m.too_big("word/media/image1.png", 1536 * 1024 * 1024,
                                     64 * 1024 * 1024)),
    # A 1 GB document.xml peaked at 2.1 GB.
    ("document-1gb.docx", m.too_big("word/document.xml", 1024 * 1024 * 1024,
                                    32 * 1024 * 1024)),
    # 40 MB of text is past what import parses, though a workbook part may be bigger.
    ("document-40mb.docx", m.too_big("word/document.xml", 41_943_247, 32 * 1024 * 1024)),
])
def test_a_word_plan_past_the_limits_is_refused_before_it_is_unpacked(tmp_path, name, reason):
    path = tmp_path / name
    hostile_case(name).make(path, b"")
    start = time.perf_counter()
    with pytest.raises(WorkbookError) as caught:
        import_source(path)
    assert time.perf_counter() - start < 5
    assert (caught.value.reason, caught.value.advice) == (reason, m.ASK_SENDER_AGAIN)


@pytest.mark.parametrize("name, titles", [
    ("table-without-grid.docx", ["Train"]),  # python-docx: "something unexpected went wrong"
    ("nested-tables-500.docx", ["Train every manager"]),
])
def test_odd_word_tables_still_import(tmp_path, name, titles):
    path = tmp_path / name
    hostile_case(name).make(path, b"")
    assert [a.title for a in import_source(path).plan.actions] == titles
