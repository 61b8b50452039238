"""Return workbooks as plain data: what a service sent back, before it is merged.

A return carries its identity (plan id, revision, service, issue date) and the
values as issued (the merge base); `return_writer` writes one and
`return_reader` reads one back. This module is pure: the merge uses it
without loading any file library.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .cells import as_text, to_cell
from .equality import (
    AIMS_KEY,
    BASELINE_KEY,
    CHARACTERISTICS_KEY,
    EFLG_KEY,
    EIA_KEY,
    FACING_KEY,
    HEADER_FOR_KEY,
    LISTED,
    OUTCOME_KEY,
    TARGET_KEY,
)
from .model import EDITABLE_FIELDS, EQUALITY_EDITABLE_FIELDS, Action, Plan
from .reach import action_reading, action_value
from .schema import (
    EQUALITY_FOCUS_HEADER,
    EVIDENCE_HEADER,
    FIELD_FOR_RETURN_HEADER,
    LAST_UPDATE_HEADER,
    RETURN_EQUALITY_FIELDS,
    RETURN_HEADERS,
)

# The return's white boxes, by header, and their field -> header.
EDITABLE_HEADERS = tuple(h for h, f in FIELD_FOR_RETURN_HEADER.items() if f in EDITABLE_FIELDS)
EDITABLE_HEADER_FOR_FIELD = {FIELD_FOR_RETURN_HEADER[h]: h for h in EDITABLE_HEADERS}
# Every box a return may have, in the merge's order: Evidence where the plan has
# the equality columns.
ALL_EDITABLE_FIELDS = (*EDITABLE_FIELDS, *EQUALITY_EDITABLE_FIELDS)
ALL_EDITABLE_HEADERS = (*EDITABLE_HEADERS, EVIDENCE_HEADER)

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
    # False when the hidden sheet's values as issued were edited: the merge then
    # cannot tell what the lead changed, and lists each difference for a person.
    base_trusted: bool = True


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
    # When the round it belongs to was sent out: a reminder's fresh copy
    # belongs to the round it chases, though issued later. None: `issued`.
    round: date | None = None
    saved: datetime | None = None  # the file's own saved time, to order versions
    origin: str = ""  # where it came from when not a file of its own: "reply.eml, from ..."
    due: date | None = None  # the date it was asked back by, as issued
    # The boxes it was issued with: Evidence too where the plan has the equality columns.
    fields: tuple[str, ...] = EDITABLE_FIELDS

    @property
    def round_sent(self) -> date | None:
        return self.round or self.issued

    @property
    def identity(self) -> tuple[str, str, str]:
        """Two files with one identity are versions of one service's return for one round."""
        sent = self.round_sent
        return (self.plan_id, self.service, sent.isoformat() if sent else str(self.revision))

    @property
    def content_hash(self) -> str:
        """What the return says, whatever file it is in: the same words are the same return.

        Built from the identity and every value read (the edits, the values as
        issued, what was rejected), never from the file's bytes, which change
        on every save.
        """
        content = {
            "identity": [self.plan_id, self.service, str(self.revision),
                         self.round_sent.isoformat() if self.round_sent else ""],
            "rows": sorted([row.id, _texts(row.values), _texts(row.base)] for row in self.rows),
            "rejected": sorted([r.sheet, r.cell, r.action_id, r.field, as_text(r.value), r.reason]
                               for r in self.rejected),
        }
        data = json.dumps(content, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    @property
    def typed_nothing(self) -> bool:
        """The workbook as it was issued: every box as sent, nothing typed anywhere else."""
        return not self.rejected and all(
            row.base_trusted and all(as_text(row.values.get(f)) == as_text(row.base.get(f))
                                     for f in EDITABLE_FIELDS)
            for row in self.rows)

    @property
    def editable_cells(self) -> int:
        """Editable cells read: matched rows' plus those rejected whole."""
        return len(self.rows) * len(self.fields) + sum(r.cells for r in self.rejected)


def box_words(boxes: Iterable[tuple[str, Any]]) -> str:
    """Every non-empty box of a row with its words, "Header: words", one a line: what a
    rejected row held, listed in full so no word a lead typed is lost."""
    return "\n".join(f"{header}: {text}" for header, value in boxes
                     if (text := as_text(value)))


def stored_text(value: Any) -> str:
    """A value as the text a return's hidden sheet stores, and as a locked cell is compared."""
    return to_cell(as_text(value))


# json.dumps(..., ensure_ascii=False) makes an encoder per call: one is kept for the
# check of every row of every return.
_ROW_JSON = json.JSONEncoder(ensure_ascii=False)


def row_check(plan_id: str, values: list[str]) -> str:
    """A short check of one row of the values as issued, kept beside them in the hidden
    sheet: a row edited there no longer matches it, so an edited base is never trusted."""
    data = _ROW_JSON.encode([plan_id, *values])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]


def _texts(values: dict[str, Any]) -> list[list[str]]:
    return sorted([k, as_text(v)] for k, v in values.items())


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
    """Header -> value as issued to `service`; on a shared action, that service's own words.

    "Progress update" is the merge base; the return shows it as the Last update
    and leaves the box for the new words empty (`shown_value`, `typed_value`).
    """
    try:
        objective = plan.objective(action.objective).sheet_name
    except KeyError:
        objective = action.objective
    return {
        "ID": action.id,
        "Objective": objective,
        "Action title": action.title,
        "Actions": action.description,
        "Responsible service(s)": "; ".join(action.services),
        "Timescale": action.timescale.text,
        "Due": action.due or action.timescale.due,
        LAST_UPDATE_HEADER: action.own_words("progress", service),
        "Status": action.status,
        "Progress update": action.own_words("progress", service),
        "Revised timescale": action.revised_timescale,
        "Comments": action.own_words("comments", service),
        **(_equality_values(plan, action, service) if plan.equality.present else {}),
    }


def return_headers(plan: Plan) -> tuple[str, ...]:
    """A return's table: RETURN_HEADERS, and where the plan has the equality columns
    the read-only Equality focus after Actions and the Evidence box after Comments."""
    if not plan.equality.present:
        return RETURN_HEADERS
    at = RETURN_HEADERS.index("Actions") + 1
    return (*RETURN_HEADERS[:at], EQUALITY_FOCUS_HEADER, *RETURN_HEADERS[at:], EVIDENCE_HEADER)


def field_for_return_header(header: str) -> str:
    """The field a return's column holds (the read-only Equality focus's own name)."""
    return FIELD_FOR_RETURN_HEADER.get(header) or RETURN_EQUALITY_FIELDS[header]


# What the Equality focus shows, one line each where the action has it: whom it is
# for and what it advances, then how its success is measured.
_FOCUS = (CHARACTERISTICS_KEY, AIMS_KEY, EFLG_KEY, FACING_KEY, EIA_KEY, OUTCOME_KEY,
          BASELINE_KEY, TARGET_KEY)


def _equality_values(plan: Plan, action: Action, service: str) -> dict[str, Any]:
    """The equality context a lead reads (locked) and their Evidence box. A listed
    column shows the list's words it was read as ("2" is "Advance equality of
    opportunity"), and any words outside the list as written."""
    def text(key: str) -> str:
        if key in LISTED:
            reading = action_reading(plan, action, key)
            return "; ".join((*reading.words, *reading.outside))
        value = action_value(action, key)
        return value.strftime("%d/%m/%Y") if isinstance(value, date) else as_text(value)

    focus = [f"{HEADER_FOR_KEY[k]}: {text(k)}" for k in _FOCUS if text(k)]
    return {EQUALITY_FOCUS_HEADER: "\n".join(focus),
            EVIDENCE_HEADER: action.own_words("evidence", service)}


# Each box's header as the lead sees it (Evidence too): what a rejection names.
HEADER_FOR_BOX = {field_for_return_header(h): h for h in ALL_EDITABLE_HEADERS}
