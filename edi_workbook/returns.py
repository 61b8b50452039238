"""Return workbooks: one per service, sent out and read back.

A return carries its identity (plan id, revision, service, issue date) and
the values as issued (the merge base) in a hidden sheet, repeated in custom
document properties stored as text: both survive a re-save by Excel and
LibreOffice (see shared/notes/ROUNDTRIP.md).

The dataclasses here are pure; xlsxwriter and calamine load inside the
functions that need them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


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

    @property
    def editable_cells(self) -> int:
        """Editable cells read: matched rows' plus those rejected whole."""
        from .model import EDITABLE_FIELDS

        return len(self.rows) * len(EDITABLE_FIELDS) + sum(r.cells for r in self.rejected)
