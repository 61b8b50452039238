"""The plan's memory: every change applied in every round, and every return merged.

Both live in the plan workbook itself (the History and Returns log sheets),
so in month nine anyone can answer "who changed this, and when?" and a
return already merged is recognised when it turns up again. Pure: plain
data, no I/O. A row an officer retyped or cut up is kept as it stands, with
what is wrong with it, never dropped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

NOTE_CHANGES = 3  # a cell's note shows its latest few changes, from any round
# Heads this tool's part of a cell's note, so an officer's own note on the same
# cell (before it) is told apart however the author was saved.
NOTE_MARK = "Changes (edi-workbook):"


@dataclass(frozen=True)
class Change:
    """One applied change to one cell of the plan: a row of the History sheet."""

    round: date | None  # when that round's returns were sent out
    revision: int | None  # the plan revision the merge made
    date: date | None  # the merge's as-of date
    action_id: str
    field: str  # the column's header: "Status", "Progress update", ...
    old: str
    new: str
    service: str  # who changed it; several, "; "-separated, when they agreed
    file: str  # the return's file name(s)
    return_id: str = ""  # the Returns log's reference of the return(s)
    # A row that no longer reads as a change (typed over by hand): its cells,
    # kept as they were, and what is wrong with it for `validate`.
    raw: tuple[Any, ...] = ()
    problem: str = ""


@dataclass(frozen=True)
class ReturnRecord:
    """One return merged into the plan: a row of the Returns log sheet."""

    service: str
    file: str
    saved: datetime | None  # the file's own saved time (document properties, else the file's)
    round: date | None  # when the return was sent out
    issued_revision: int | None  # the plan revision it was issued from
    merged_revision: int | None  # the plan revision the merge made
    merged_on: date | None
    applied: int = 0
    unchanged: int = 0
    conflicts: int = 0
    rejected: int = 0
    outcome: str = ""  # "merged", "second version: replaces the first", ...
    content_hash: str = ""  # what was in it: the same content is the same return
    raw: tuple[Any, ...] = ()
    problem: str = ""

    @property
    def reference(self) -> str:
        """A short name for this return, as History's "Return" column gives it."""
        return self.content_hash[:12]


def note_text(changes: list[Change], limit: int = NOTE_CHANGES) -> str:
    """A cell's note: its latest changes, who made them, when and from which file."""
    lines = [NOTE_MARK]
    for change in changes[:limit]:
        when = _day(change.date) if change.date else "date not known"
        old = change.old if change.old else "(blank)"
        new = change.new if change.new else "(blank)"
        lines.append(f"{when}, revision {change.revision if change.revision is not None else '?'}"
                     f": {change.service} changed it from {_short(old)} to {_short(new)}"
                     f" ({change.file})")
    if len(changes) > limit:
        more = len(changes) - limit
        lines.append(f"… and {more} earlier {'change' if more == 1 else 'changes'} on the"
                     " History sheet")
    return "\n".join(lines)


@functools.lru_cache(maxsize=256)
def _day(day: date) -> str:
    """dd/mm/yyyy: a plan's changes fall on a few dates, formatted once each."""
    return f"{day:%d/%m/%Y}"


def _short(text: str, limit: int = 80) -> str:
    """The text on one line, cut to `limit` characters with an ellipsis."""
    if len(text) > 2 * limit:  # a long text: its start, on one line, is nearly always enough
        start = " ".join(text[:2 * limit].split())
        if len(start) > limit:  # so the whole text, on one line, begins with it
            return f"'{start[:limit - 1]}…'"
    text = " ".join(text.split())
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit - 1]}…'"
