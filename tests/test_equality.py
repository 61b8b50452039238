"""The equality fields: the lists, a cell read whatever its separator, the plan's own
list kept on the About sheet, and who the plan reaches."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from edi_workbook.core.equality import (
    AIMS,
    CHARACTERISTICS,
    EFLG_MODULES,
    FACING,
    Equality,
    EqualityLists,
    read_cell,
)
from edi_workbook.core.model import Action, Plan, Service, new_plan
from edi_workbook.core.reach import plan_reach
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan

OWN = CHARACTERISTICS + ("Carers", "Rural isolation")


def test_the_lists_are_the_acts_and_the_frameworks() -> None:
    assert CHARACTERISTICS == (
        "Age", "Disability", "Gender reassignment", "Marriage and civil partnership",
        "Pregnancy and maternity", "Race", "Religion or belief", "Sex", "Sexual orientation")
    assert AIMS == ("Eliminate discrimination, harassment and victimisation",
                    "Advance equality of opportunity", "Foster good relations")
    assert EFLG_MODULES == ("Understanding and working with your communities",
                            "Leadership, partnership and organisational commitment",
                            "Responsive services and customer care",
                            "Diverse and engaged workforce")
    assert FACING == ("Staff", "Service users")


# got / expected: (cell, the list's words it names, parts kept outside the list)
CHARACTERISTIC_CELLS = [
    ("Age, Disability", ("Age", "Disability"), ()),
    ("Age/Disability", ("Age", "Disability"), ()),
    ("Age & Disability", ("Age", "Disability"), ()),
    ("Age and Disability", ("Age", "Disability"), ()),
    ("Age\nDisability", ("Age", "Disability"), ()),
    ("Age; Disability; Race", ("Age", "Disability", "Race"), ()),
    # Words that hold "and" or "or" themselves are never split.
    ("Marriage and civil partnership and Pregnancy and maternity",
     ("Marriage and civil partnership", "Pregnancy and maternity"), ()),
    ("Religion or belief or Sex", ("Religion or belief", "Sex"), ()),
    ("Black, Asian and minority ethnic & women", ("Race", "Sex"), ()),
    # A council's own words.
    ("Disabled people, BAME", ("Disability", "Race"), ()),
    ("LGBTQ+", ("Sexual orientation", "Gender reassignment"), ()),
    ("older people & young people", ("Age",), ()),
    ("All", CHARACTERISTICS, ()),
    ("all protected characteristics", CHARACTERISTICS, ()),
    # Words outside the list: kept as written, never dropped.
    ("Age, Residents", ("Age",), ("Residents",)),
    ("Care leavers", (), ("Care leavers",)),
    ("Carers, rural", ("Carers", "Rural isolation"), ()),  # in OWN
    ("", (), ()),
]


@pytest.mark.parametrize(("cell", "words", "outside"), CHARACTERISTIC_CELLS)
def test_a_characteristics_cell_whatever_the_separator(cell: str, words: tuple[str, ...],
                                                        outside: tuple[str, ...]) -> None:
    reading = read_cell(cell, "characteristics", OWN)
    assert (reading.words, reading.outside) == (words, outside)


def test_words_read_as_something_else_are_said() -> None:
    reading = read_cell("Disabled people, Age", "characteristics", CHARACTERISTICS)
    assert reading.read_as == (("Disabled people", ("Disability",)),)


@pytest.mark.parametrize(("key", "cell", "words", "outside"), [
    ("aims", "1, 3", (AIMS[0], AIMS[2]), ()),
    ("aims", "(a) and (b)", (AIMS[0], AIMS[1]), ()),
    ("aims", "Advance equality of opportunity / foster good relations", AIMS[1:], ()),
    ("aims", "Eliminate discrimination, harassment and victimisation", AIMS[:1], ()),
    ("aims", "Aim 4", (), ("Aim 4",)),
    ("eflg", "Module 4", EFLG_MODULES[3:], ()),
    ("eflg", "Leadership, partnership and organisational commitment", EFLG_MODULES[1:2], ()),
    ("eflg", "Workforce", EFLG_MODULES[3:], ()),
    ("facing", "Both", FACING, ()),
    ("facing", "Staff", ("Staff",), ()),
    ("facing", "Residents", ("Service users",), ()),
])
def test_the_other_lists(key: str, cell: str, words: tuple[str, ...],
                         outside: tuple[str, ...]) -> None:
    default = EqualityLists().words(key)
    reading = read_cell(cell, key, default)
    assert (reading.words, reading.outside) == (words, outside)


def test_a_plans_own_list_adds_to_the_nine() -> None:
    lists = EqualityLists().adding("characteristics", ["Carers", "carers", "Age"])
    assert lists.characteristics == (*CHARACTERISTICS, "Carers")
    assert lists.own() == ("Carers",)
    assert lists.with_words("characteristics", []).characteristics == CHARACTERISTICS


def _plan() -> Plan:
    plan = new_plan("EDI Action Plan 2024-25", "Northfield", "2024-25", equality=Equality(
        ("characteristics", "aims", "outcome", "evidence"),
        EqualityLists().adding("characteristics", ["Carers"])))
    plan.services = [Service("Housing"), Service("HR")]
    cells = [("CL-01", "Age, Disability", "2", "On track"),
             ("CL-02", "Disability / Carers", "Advance equality", "Complete"),
             ("EM-01", "Race & Residents", "1, 3", ""),
             ("EM-02", "", "", "At risk")]
    for action_id, who, aims, status in cells:
        plan.actions.append(Action(action_id, action_id[:2], f"Action {action_id}",
                                   services=["Housing"], status=status,
                                   extra={"Protected characteristics": who,
                                          "Equality duty aims": aims}))
    return plan


def test_who_the_plan_reaches() -> None:
    by_characteristic, by_aim = plan_reach(_plan())
    rows = {r.word: r for r in by_characteristic.rows}
    assert list(rows) == [*CHARACTERISTICS, "Carers", "Residents"]
    assert rows["Disability"].ids == ["CL-01", "CL-02"]
    assert rows["Disability"].statuses == ["On track", "Complete"]
    assert rows["Residents"].listed is False and rows["Residents"].ids == ["EM-01"]
    assert by_characteristic.unset == ["EM-02"]
    assert by_characteristic.missing() == ["Gender reassignment", "Marriage and civil partnership",
                                           "Pregnancy and maternity", "Religion or belief",
                                           "Sex", "Sexual orientation"]
    assert by_aim.missing() == []
    assert [r.ids for r in by_aim.rows] == [["EM-01"], ["CL-01", "CL-02"], ["EM-01"]]
    assert rows["Race"].statuses == ["No status"]


def test_a_plan_without_the_columns_reaches_nobody_in_particular() -> None:
    assert plan_reach(new_plan()) == []


def test_the_columns_lists_and_introduction_survive_the_workbook(tmp_path: Path) -> None:
    plan = _plan()
    plan.introduction = ["This plan sets out our equality objectives.", "We review it yearly."]
    plan.actions[0].evidence = "https://example.org/survey"
    write_plan(plan, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    ws = wb["Community Leader"]
    header = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == "ID")
    assert list(header) == ["ID", "Action title", "Type", "Actions", "Responsible service(s)",
                            "Timescale", "Due", "Status", "Progress update",
                            "Revised timescale", "Comments", "Last updated", "Updated by",
                            "Flag", "Protected characteristics", "Equality duty aims",
                            "Outcome or measure of success", "Evidence"]
    about = [r for r in wb["About"].iter_rows(values_only=True)]
    label = "This plan's protected characteristics (add your own below the nine)"
    at = next(i for i, r in enumerate(about) if r[0] == label)
    assert [r[1] for r in about[at + 1:at + 11]] == [*CHARACTERISTICS, "Carers"]
    assert about[at + 11][1] is None
    label = "Introduction, from the plan as published (the report's introduction)"
    at = next(i for i, r in enumerate(about) if r[0] == label)
    assert [r[1] for r in about[at + 1:at + 3]] == plan.introduction

    back = read_plan(tmp_path / "plan.xlsx")
    assert back.equality == plan.equality
    assert back.introduction == plan.introduction
    assert back.actions[0].evidence == "https://example.org/survey"
    assert back.actions[2].extra["Protected characteristics"] == "Race & Residents"


def test_a_plan_without_the_columns_is_written_as_before(tmp_path: Path) -> None:
    plan = new_plan("T", "O", "2024-25")
    plan.actions.append(Action("CL-01", "CL", "x", services=["Housing"]))
    write_plan(plan, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    header = next(r for r in wb["Community Leader"].iter_rows(values_only=True)
                  if r and r[0] == "ID")
    assert header[-1] == "Flag"
    assert not any("This plan's" in str(r[0]) for r in wb["About"].iter_rows(
        values_only=True))
    assert read_plan(tmp_path / "plan.xlsx").equality == Equality()


def test_validate_names_words_outside_the_list(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from edi_workbook.cli import cli

    plan = _plan()
    plan.actions[3].extra["Protected characteristics"] = "care leavers"
    write_plan(plan, tmp_path / "plan.xlsx")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "plan.xlsx")])
    lines = result.output.splitlines()
    sheet = openpyxl.load_workbook(tmp_path / "plan.xlsx")["Employer"]
    rows = {r[0].value: r[0].row for r in sheet.iter_rows() if r[0].value}
    assert [line for line in lines if "Protected characteristics" in line] == [
        f"warning: Employer, row {rows['EM-01']} (EM-01): 'Residents' in Protected"
        " characteristics is none of"
        " the plan's list — correct it, or add it to the list on the About sheet if it is one"
        " of yours",
        f"warning: Employer, row {rows['EM-02']} (EM-02): 'care leavers' in Protected"
        " characteristics means"
        " Care experience, which is not in the plan's list — add 'Care experience' to the list"
        " on the About sheet, or correct the cell",
    ]


@pytest.mark.parametrize(("text", "due"), [
    # A financial year as GOV.UK style writes it, and its quarters.
    ("Q3 2023 to 2024", date(2023, 12, 31)),
    ("Q4 2023 to 2024", date(2024, 3, 31)),
    ("Q1 2024 to 2025", date(2024, 6, 30)),
    ("2023 to 2024", date(2024, 3, 31)),
    ("By the end of 2023 to 2024", date(2024, 3, 31)),
    # Years that do not follow each other are calendar years, as before.
    ("2023 to 2025", date(2025, 12, 31)),
])
def test_a_financial_year_written_with_to(text: str, due: date) -> None:
    from edi_workbook.core.timescale import DEADLINE, parse_timescale

    assert (parse_timescale(text).kind, parse_timescale(text).due) == (DEADLINE, due)


@pytest.mark.parametrize(("title", "period"), [
    ("Our Action Plan 2023 to 2024", "2023-24"),
    ("Equality, Diversity and Inclusion Policy 2022 to 2026", "2022-26"),
    ("EDI Action Plan 2023-24", "2023-24"),
])
def test_a_period_written_with_to(title: str, period: str) -> None:
    from edi_workbook.importing.assembly import find_period

    assert find_period(title) == period


@pytest.mark.parametrize(("header", "field"), [
    # A target is the timescale, however it is worded.
    (["Action", "Achieved by"], "timescale"),
    (["Action", "To be achieved by"], "timescale"),
    (["Action", "Target date"], "timescale"),
    (["Action", "To be completed by"], "timescale"),
    (["Action", "Expected completion date"], "timescale"),
    # A completion only where the header says so first.
    (["Action", "Completed"], "completed"),
    (["Action", "Date completed"], "completed"),
    # Either: asked (a Chose: line), read as the timescale, never a completion.
    (["Action", "Completion date"], "timescale"),
    (["Action", "Date"], "timescale"),
    # Beside a timescale, a header that might be a completion is kept as a column,
    # and the officer told how to say it is one.
    (["Action", "Target date", "Completion date"], "extra"),
    (["Action", "Completed actions"], "extra"),
    # The equality columns, in councils' words.
    (["Action", "Protected characteristic(s)"], "characteristics"),
    (["Action", "Equality groups"], "characteristics"),
    (["Action", "PSED aim"], "aims"),
    (["Action", "s.149 aim(s)"], "aims"),
    (["Action", "EFLG module"], "eflg"),
    (["Action", "Measurable outcome or indicator of progress"], "outcome"),
    (["Action", "How will we measure success?"], "outcome"),
    (["Action", "Baseline"], "baseline"),
    (["Action", "Timescale", "Target"], "target"),
    (["Action", "Staff or service users"], "facing"),
    (["Action", "EqIA ref"], "eia"),
    (["Action", "Evidence"], "evidence"),
    # "Outcome" alone is kept as a column of the plan, as it always was.
    (["Action", "Outcome"], "extra"),
])
def test_columns_by_meaning(header: list[str], field: str) -> None:
    from edi_workbook.importing.columns import map_columns

    column = map_columns(header, [["x"] * len(header)]).columns[-1]
    assert column.field == field
    if field == "extra" and "omplet" in header[-1]:
        assert (column.choice, column.noteworthy()) == ("completed", True)


def test_maidstones_plan_has_none_of_it(tmp_path: Path) -> None:
    """The example plan has no equality columns: its summary, report and returns are
    as they were, with no word of who the plan reaches."""
    from datetime import date

    from docx import Document

    from edi_workbook.core.merge import merge_returns
    from edi_workbook.core.returns import return_headers
    from edi_workbook.core.schema import RETURN_HEADERS
    from edi_workbook.report import write_report
    from edi_workbook.workbooks.summary import write_summary
    from edi_workbook.workflow.example import example_plan

    plan = example_plan()
    assert plan.equality == Equality() and plan.introduction == []
    assert return_headers(plan) == RETURN_HEADERS
    result = merge_returns(plan, [], date(2024, 3, 15))
    write_summary(result, tmp_path / "summary.xlsx")
    assert "Who the plan reaches" not in openpyxl.load_workbook(tmp_path / "summary.xlsx")
    write_report(plan, tmp_path / "update.docx", as_of=date(2024, 3, 31))
    text = [p.text for p in Document(str(tmp_path / "update.docx")).paragraphs]
    assert not any("who the plan reaches" in t.casefold() for t in text)
    write_report(plan, tmp_path / "update.xlsx", as_of=date(2024, 3, 31))
    assert openpyxl.load_workbook(tmp_path / "update.xlsx").sheetnames == [
        "Counts", "Progress update"]


def test_the_report_can_include_the_evidence(tmp_path: Path) -> None:
    from datetime import date

    from edi_workbook.core.report import build_report

    plan = _plan()
    plan.actions[0].evidence = "https://example.org/survey"
    report = build_report(plan, as_of=date(2025, 3, 31), include=["evidence",
                                                                 "Protected characteristics"])
    assert report.included == ["Evidence", "Protected characteristics"]
    row = report.sections[0].items[0].rows[0]
    assert [(h, [p.text for p in ps]) for h, ps in row.included] == [
        ("Evidence", ["https://example.org/survey"]),
        ("Protected characteristics", ["Age, Disability"])]
