"""What a council's own document holds before it is a plan: texts and tables, in order.

The Word, CSV and workbook readers all give this one shape, so one assembler
(importing/assembly.py) turns any of them into a plan. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.cells import as_text, from_cell
from ..core.model import Action, Objective
from .columns import DESCRIPTION, TITLE, is_header_row, map_columns


@dataclass
class Text:
    """A paragraph, a title row, or a row that spans a table (a section heading)."""

    text: str
    where: str
    heading: bool = False  # Word heading style, or a row spanning a table


@dataclass
class Row:
    """One row of a table's body: a value per column, as read."""

    number: int  # 1-based, in the sheet or the Word table, for messages
    values: list[Any]


@dataclass
class Table:
    where: str  # "table 2", "sheet 'Workforce', row 4": where its header row is
    header: list[str]
    rows: list[Row | Text] = field(default_factory=list)


@dataclass
class Section:
    """A sheet of a workbook, or the whole of a document or CSV file."""

    name: str
    blocks: list[Text | Table] = field(default_factory=list)


@dataclass
class Source:
    path: Path
    kind: str  # DOCX, CSV or XLSX
    title: str = ""
    sections: list[Section] = field(default_factory=list)
    # Sheets with no actions table ("Key", "Instructions"), kept as they are.
    sheets: dict[str, list[list[Any]]] = field(default_factory=dict)
    encoding: str = ""  # a CSV file's, as it was read
    layout: str = ""  # how its actions were found, when not as a table's rows

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]


DOCX = "Word document"
CSV = "CSV file"
XLSX = "workbook"

_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve")
# "Objective one: ...", "Priority 2 – ...", "Equality Objective 3", "Theme A - ...",
# "Domain 1: Commissioned or provided services".
_HEADING = re.compile(
    r"^\s*((?:(?:equality|strategic|corporate|our)\s+)?"
    r"(?:objective|priority|theme|aim|outcome|strand|workstream|goal|commitment|area"
    r"|domain))"  # "Domain 1: ...": the NHS Equality Delivery System's
    r"\s+(?:no\.?\s*|number\s+)?(\d{1,2}|[A-Z]\b|" + "|".join(_NUMBER_WORDS) + r")\b"
    r"\s*(?:[:.)\-–—]\s*(.*))?$", re.IGNORECASE | re.DOTALL)


def objective_heading(text: str) -> tuple[str, str, str] | None:
    """(label, number, statement) of a heading naming an objective, or None.

    'Objective one: To make ...' -> ('Objective one', '1', 'To make ...').
    """
    m = _HEADING.match(text or "")
    if not m:
        return None
    number, statement = m.group(2), (m.group(3) or "").strip()
    label = " ".join(text[:m.end(2)].split())
    if number.casefold() in _NUMBER_WORDS:
        number = str(_NUMBER_WORDS.index(number.casefold()) + 1)
    return label, number.upper(), statement


def blocks_from_rows(rows: Sequence[Sequence[Any]], where: str) -> list[Text | Table]:
    """A sheet's (or CSV file's) rows as title rows, tables and section headings.

    A header row (found by columns.is_header_row) starts a table. Below it, a
    row whose one filled cell reads as an objective heading, or is text in
    the first column when that is not an action column ("Workforce" above a
    group of refs), is a heading; every other filled row is an action, even
    one with a single cell. Rows above the first header are title rows.
    """
    blocks: list[Text | Table] = []
    table: Table | None = None
    action_columns: set[int] = set()
    for i, row in enumerate(rows):
        values = [from_cell(v) for v in row]
        while values and values[-1] == "":
            values.pop()
        filled = [j for j, v in enumerate(values) if v != ""]
        if not filled:
            continue
        texts = [as_text(v) for v in values]
        place = f"{where}row {i + 1}"
        if is_header_row(texts):
            table = Table(place, texts)
            blocks.append(table)
            action_columns = {c.index for c in map_columns(texts).columns
                              if c.field in (TITLE, DESCRIPTION)}
            continue
        if table is None:
            blocks.append(Text(" ".join(texts[j] for j in filled), place))
            continue
        only = filled[0]
        if len(filled) == 1 and isinstance(values[only], str) and (
                objective_heading(values[only]) or (only == 0 and 0 not in action_columns)):
            table.rows.append(Text(texts[filled[0]], place, heading=True))
            continue
        table.rows.append(Row(i + 1, values))
    return blocks


@dataclass
class Draft:
    """What a Maidstone-layout source says, before services are resolved."""

    objectives: list[Objective] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    service_cells: list[str] = field(default_factory=list)  # one per action
    title: str = ""
