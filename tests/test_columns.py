"""Column headers read by meaning: got/expected tables over columns.map_columns."""

from __future__ import annotations

import pytest

from edi_workbook.importing.columns import (
    COMPLETED,
    DESCRIPTION,
    EXTRA,
    ID,
    LEAD,
    OBJECTIVE,
    OTHERS,
    OVERRIDDEN,
    PROGRESS,
    SERVICE,
    STATUS,
    TAKEN,
    TIMESCALE,
    TITLE,
    VALUES,
    fold,
    is_header_row,
    map_columns,
    parse_overrides,
)


@pytest.mark.parametrize("header, folded", [
    ("Responsible Service(s):", "responsible services"),
    ("  By   when? ", "by when"),
    ("R.A.G.", "rag"),
    ("No.", "no"),
    ("#", "no"),
    ("Lead officer / team", "lead officer team"),
    ("Policy & Performance", "policy and performance"),
    ("Action_Title", "action title"),
    ("", ""),
])
def test_fold(header: str, folded: str) -> None:
    assert fold(header) == folded


def fields(header: list[str], values: list[list[object]] = ()) -> list[str]:
    return [c.field for c in map_columns(header, values).columns]


@pytest.mark.parametrize("header, expected", [
    # The synonyms, each in a real plan's words.
    (["Action", "By when", "Responsible officer", "Completed", "Outcome"],
     [TITLE, TIMESCALE, LEAD, COMPLETED, EXTRA]),
    (["Target", "Target date"], [TITLE, TIMESCALE]),
    (["What we will do", "Deadline", "Owner", "Latest update"],
     [TITLE, TIMESCALE, LEAD, PROGRESS]),
    (["Ref", "Action", "Lead officer", "Service area", "Deadline", "RAG", "Latest update",
      "Notes"], [ID, TITLE, LEAD, SERVICE, TIMESCALE, STATUS, PROGRESS, EXTRA]),
    (["Equality objective", "No.", "Action title", "Actions", "Lead", "When",
      "Commentary"], [OBJECTIVE, ID, TITLE, DESCRIPTION, LEAD, TIMESCALE, PROGRESS]),
    (["Theme", "ID", "Measure", "Responsible service", "Timescale", "BRAG status", "Update"],
     [OBJECTIVE, ID, TITLE, SERVICE, TIMESCALE, STATUS, PROGRESS]),
    (["Priority", "Task", "Department", "Target date (revised)", "Status (RAG)"],
     [OBJECTIVE, TITLE, SERVICE, TIMESCALE, STATUS]),
    # The plan's own headers read as themselves.
    (["ID", "Action title", "Type", "Actions", "Responsible service(s)", "Timescale", "Due",
      "Status", "Progress update", "Revised timescale", "Comments", "Last updated",
      "Updated by", "Flag"],
     [ID, TITLE, "type", DESCRIPTION, SERVICE, TIMESCALE, "due", STATUS, PROGRESS,
      "revised_timescale", "comments", "last_updated", "updated_by", "flag"]),
    # Headers no synonym names, and none at all, are kept.
    (["Action", "Cost (£)", "", "Partner"], [TITLE, EXTRA, EXTRA, EXTRA]),
])
def test_headers_by_meaning(header: list[str], expected: list[str]) -> None:
    assert fields(header, [["x"] * len(header)]) == expected


@pytest.mark.parametrize("values, field, other", [
    ([["a", "Green"], ["b", "Amber"], ["c", ""]], STATUS, PROGRESS),
    ([["a", "Complete"], ["b", "Not started"]], STATUS, PROGRESS),
    ([["a", "We met the forum twice and agreed terms."], ["b", "Amber"]], PROGRESS, STATUS),
])
def test_progress_is_read_by_what_it_holds(values, field: str, other: str) -> None:
    column = map_columns(["Action", "Progress"], values).columns[1]
    assert (column.field, column.choice, column.why) == (field, other, VALUES)
    assert column.noteworthy()


def test_priority_holding_ratings_is_not_an_objective() -> None:
    assert fields(["Priority", "Action"], [["High", "a"], ["low", "b"]]) == [EXTRA, TITLE]
    assert fields(["Priority", "Action"], [["Safer communities", "a"]]) == [OBJECTIVE, TITLE]


def test_other_columns_settle_a_choice() -> None:
    # "Service area" beside a lead officer is the service; alone, too.
    assert fields(["Action", "Service area", "Lead officer"]) == [TITLE, SERVICE, LEAD]
    # No action-title column: the description column is the title, and that is said.
    [actions, lead] = map_columns(["Actions", "Lead"]).columns
    assert (actions.field, actions.choice, actions.why) == (TITLE, DESCRIPTION, OTHERS)
    assert actions.noteworthy() and not lead.noteworthy()
    # "Actions" beside "Action title" is the detail, without a word; "Action" is too,
    # and that is said, as it could have been the title.
    actions = map_columns(["Action title", "Actions"]).columns[1]
    assert (actions.field, actions.noteworthy()) == (DESCRIPTION, False)
    action = map_columns(["Action title", "Action"]).columns[1]
    assert (action.field, action.why, action.rival) == (DESCRIPTION, TAKEN, "Action title")


def test_two_columns_for_one_field() -> None:
    [_, lead, officer] = map_columns(["Action", "Lead", "Lead officer"]).columns
    assert lead.field == LEAD
    assert (officer.field, officer.choice, officer.why, officer.rival) == (
        EXTRA, LEAD, TAKEN, "Lead")


def test_cells_beyond_the_header_are_a_column() -> None:
    columns = map_columns(["Action", "Lead"], [["a", "AB", "a note"]]).columns
    assert [(c.index, c.header, c.field) for c in columns] == [
        (0, "Action", TITLE), (1, "Lead", LEAD), (2, "", EXTRA)]


def test_overrides_settle_it() -> None:
    overrides = parse_overrides(" By when = timescale, Service area=LEAD ,Notes=extra,")
    assert overrides == {"By when": TIMESCALE, "Service area": LEAD, "Notes": EXTRA}
    columns = map_columns(["By when", "Service area", "Action", "notes"], [], overrides).columns
    assert [(c.field, c.why) for c in columns] == [
        (TIMESCALE, OVERRIDDEN), (LEAD, OVERRIDDEN), (TITLE, ""), (EXTRA, OVERRIDDEN)]
    assert parse_overrides("") == {}


@pytest.mark.parametrize("text, bad", [
    ("By when", "By when"), ("=timescale", "=timescale"), ("When=colour", "When=colour"),
    ("Lead=lead,Notes", "Notes"),
])
def test_overrides_that_cannot_be_read(text: str, bad: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_overrides(text)
    assert str(info.value) == bad


@pytest.mark.parametrize("row, header", [
    (["Action", "By when", "Responsible officer", "Completed", "Outcome"], True),
    (["Target", "Target date"], True),
    (["Ref", "Action", "Lead officer", "", None, "RAG"], True),
    (["Measure", "Lead responsibility", "Timetable"], True),
    # no action column
    (["Lead", "Deadline", "Status"], False),
    # one header is not a table
    (["Action"], False),
    (["Action", "a sentence about something the council did"], False),
    # data rows that start like headers
    (["Action plan published", "Progress report to Cabinet"], False),
    (["Annual review of the scheme", "By end of October 2015", "AG/ZW", "15/10/2015"], False),
    # a title row that happens to name fields
    (["EDI Action Plan 2024-26: progress tracker"], False),
])
def test_header_rows(row: list[object], header: bool) -> None:
    assert is_header_row(row) is header


def test_every_field_has_its_name_for_columns():
    """--columns offers every field the importer can map, equality fields included (the
    list lives in core.schema so --help need not load the importer)."""
    from edi_workbook.core.schema import COLUMN_FIELDS
    from edi_workbook.importing.columns import FIELD_NAMES

    worked_out = {"due", "flag"}  # the tool fills them from the timescale: never imported
    fields = set(FIELD_NAMES.values()) - worked_out
    assert {FIELD_NAMES[name] for name in COLUMN_FIELDS} == fields
