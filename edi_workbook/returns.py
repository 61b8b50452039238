"""Return workbooks as plain data: what a service sent back, before it is merged.

A return carries its identity (plan id, revision, service, issue date) and the
values as issued (the merge base); `return_writer` writes one and
`return_reader` reads one back. This module is pure: the merge uses it
without loading any file library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .cells import as_text, to_cell
from .model import EDITABLE_FIELDS, Action, Plan, service_parts
from .schema import FIELD_FOR_RETURN_HEADER, LAST_UPDATE_HEADER

# The return's white boxes, by header, and their field -> header.
EDITABLE_HEADERS = tuple(h for h, f in FIELD_FOR_RETURN_HEADER.items() if f in EDITABLE_FIELDS)
EDITABLE_HEADER_FOR_FIELD = {FIELD_FOR_RETURN_HEADER[h]: h for h in EDITABLE_HEADERS}

@dataclass
class Rejection:
    """Something in a return that was not merged, with the reason and the fix."""

    path: Path
    reason: str
    advice: str = ""
    sheet: str = ""
    cell: str = ""
    action_id: str = ""
    field: str = ""  # Action field name, '' for a whole row or file
    value: Any = ""
    # How many editable cells this accounts for (0 for a locked-column edit
    # or a whole unreadable file, 4 for an unknown row, 1 for a bad status).
    cells: int = 0
    service: str = ""


@dataclass
class ReturnRow:
    """One action as a service sent it back."""

    id: str
    values: dict[str, Any]  # editable field -> value returned (cleaned)
    base: dict[str, Any]  # editable field -> value as issued
    cells: dict[str, str] = field(default_factory=dict)  # field -> 'H12'
    row: int = 0  # 1-based row in the sheet


@dataclass
class ReturnWorkbook:
    """A service's returned workbook, read but not yet merged."""

    path: Path
    plan_id: str
    revision: int
    service: str
    issued: date | None
    rows: list[ReturnRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    sheet: str = ""
    due: date | None = None  # the date it was asked back by, as issued

    @property
    def editable_cells(self) -> int:
        """Editable cells read: matched rows' plus those rejected whole."""
        return len(self.rows) * len(EDITABLE_FIELDS) + sum(r.cells for r in self.rejected)


def stored_text(value: Any) -> str:
    """A value as the text a return's hidden sheet stores, and as a locked cell is compared."""
    return to_cell(as_text(value))


def typed_value(field: str, typed: str, issued: dict[str, str]) -> str:
    """What a lead's box says, given the row as issued.

    A return that shows the Last update beside it issues the Progress update box
    empty, for the new words; the box left empty means no new words, so it reads
    as the value as issued (the merge base): untouched, it merges as unchanged.
    """
    if field == "progress" and not typed.strip() and LAST_UPDATE_HEADER in issued:
        return issued.get("Progress update", "")
    return typed


def shown_value(header: str, value: Any) -> Any:
    """A value as a return's table shows it: the Progress update box issued empty."""
    return "" if header == "Progress update" else value


def issued_values(plan: Plan, action: Action, service: str) -> dict[str, Any]:
    """Header -> value as issued to `service`; a shared action's text is that service's block.

    "Progress update" is the merge base; the return shows it as the Last update
    and leaves the box for the new words empty (`shown_value`, `typed_value`).
    """
    try:
        objective = plan.objective(action.objective).sheet_name
    except KeyError:
        objective = action.objective
    shared = len(action.services) > 1

    def own(text: str) -> str:
        return service_parts(text, action.services).get(service, "") if shared else text

    return {
        "ID": action.id,
        "Objective": objective,
        "Action title": action.title,
        "Actions": action.description,
        "Responsible service(s)": "; ".join(action.services),
        "Timescale": action.timescale.text,
        "Due": action.due or action.timescale.due,
        LAST_UPDATE_HEADER: own(action.progress),
        "Status": action.status,
        "Progress update": own(action.progress),
        "Revised timescale": action.revised_timescale,
        "Comments": own(action.comments),
    }

