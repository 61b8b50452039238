"""Sheets and CSV rows read as title rows, tables and headings."""

from __future__ import annotations

from datetime import date

import pytest

from edi_workbook.importing.source import Row, Table, Text, blocks_from_rows, objective_heading


@pytest.mark.parametrize("text, heading", [
    ("Objective one: Everyone can use our services", ("Objective one", "1",
                                                       "Everyone can use our services")),
    ("Objective 2 - Fair decisions", ("Objective 2", "2", "Fair decisions")),
    ("Priority 2 – Training", ("Priority 2", "2", "Training")),
    ("Equality Objective 3", ("Equality Objective 3", "3", "")),
    ("Theme B: Accessible services", ("Theme B", "B", "Accessible services")),
    ("Theme b: Accessible services", ("Theme b", "B", "Accessible services")),
    ("OUTCOME TWELVE. A fairer council", ("OUTCOME TWELVE", "12", "A fairer council")),
    ("Aim 1) Know our communities", ("Aim 1", "1", "Know our communities")),
    ("Objective: To lead by example", None),  # Maidstone's: no number
    ("Objectives", None),
    ("Priority areas for 2024", None),
    ("Theme Accessible services", None),
    ("Workforce", None),
    ("", None),
])
def test_objective_headings(text: str, heading: tuple[str, str, str] | None) -> None:
    assert objective_heading(text) == heading


HEADER = ["Ref", "Action", "Lead", "Deadline"]


def test_title_rows_tables_and_headings() -> None:
    rows = [
        ["Northfield District Council", "", ""],
        ["EDI Action Plan 2024-26", None, "Last updated 01/09/2024"],
        [],
        ["Theme A: Workforce"],
        HEADER,
        ["A1", "Publish the profile", "SP", date(2024, 7, 31)],
        ["", "", "", ""],
        ["", "Run a survey"],  # an action with only its title
        ["Communities"],  # text alone in the ref column: a heading
        ["A2", "Translate leaflets", "AK", "Each March"],
        [None, None, None, date(2025, 3, 31)],  # a date alone is part of the table
        ["", "", "Objective 2: Safer places"],  # an objective heading anywhere
        HEADER,  # the header again: a new table
        ["B1", "Hate crime sessions", "LB", 2025.0],
    ]
    blocks = blocks_from_rows(rows, "sheet 'S', ")
    assert [type(b).__name__ for b in blocks] == ["Text", "Text", "Text", "Table", "Table"]
    assert [b.text for b in blocks[:3]] == [
        "Northfield District Council", "EDI Action Plan 2024-26 Last updated 01/09/2024",
        "Theme A: Workforce"]
    assert blocks[0].where == "sheet 'S', row 1"
    first, second = blocks[3], blocks[4]
    assert isinstance(first, Table) and first.header == HEADER and first.where == (
        "sheet 'S', row 5")
    assert [(type(r).__name__, r.number if isinstance(r, Row) else r.text)
            for r in first.rows] == [
        ("Row", 6), ("Row", 8), ("Text", "Communities"), ("Row", 10), ("Row", 11),
        ("Text", "Objective 2: Safer places")]
    assert first.rows[0].values == ["A1", "Publish the profile", "SP", date(2024, 7, 31)]
    assert all(r.heading for r in first.rows if isinstance(r, Text))
    assert second.rows[0].values == ["B1", "Hate crime sessions", "LB", 2025]


def test_no_header_row_gives_only_texts() -> None:
    blocks = blocks_from_rows([["Key"], ["Blue", "Complete"]], "")
    assert [(b.text, b.where) for b in blocks] == [("Key", "row 1"), ("Blue Complete", "row 2")]
