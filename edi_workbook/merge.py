"""The three-way merge of returns into the plan. Pure: model objects in, a result out.

Per editable cell: base = value as issued, mine = master now, theirs = the
return. Every editable cell read ends in exactly one of applied, unchanged,
conflict or rejected, and the four counts add up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .model import Plan
from .returns import Rejection, ReturnWorkbook

APPLIED = "applied"
UNCHANGED = "unchanged"
CONFLICT = "conflict"
REJECTED = "rejected"


@dataclass(frozen=True)
class CellChange:
    """One applied edit: a row of the Changes sheet."""

    action_id: str
    objective: str
    title: str
    field: str
    old: Any
    new: Any
    service: str
    source: Path
    when: datetime


@dataclass(frozen=True)
class Conflict:
    """Master and a return both changed a cell; master kept its value."""

    action_id: str
    objective: str
    title: str
    field: str
    base: Any
    mine: Any
    theirs: Any
    service: str
    source: Path


@dataclass
class MergeResult:
    before: Plan
    plan: Plan  # the merged plan, revision + 1
    returns: list[ReturnWorkbook]
    applied: list[CellChange] = field(default_factory=list)
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)  # services sent a return
    as_of: date | None = None

    @property
    def received(self) -> list[str]:
        return sorted({r.service for r in self.returns})

    @property
    def not_returned(self) -> list[str]:
        got = set(self.received)
        return [s for s in self.expected if s not in got]

    @property
    def cells_rejected(self) -> int:
        return sum(r.cells for r in self.rejected)

    @property
    def needs_attention(self) -> bool:
        return bool(self.conflicts or self.rejected)


def merge_returns(plan: Plan, returns: list[ReturnWorkbook], as_of: date,
                  when: datetime | None = None) -> MergeResult:
    raise NotImplementedError
