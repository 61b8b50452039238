"""The three-way merge of returns into the plan. Pure: model objects in, a result out.

Per editable cell: base = value as issued, mine = master now, theirs = the
return. Every editable cell read ends in exactly one of applied, unchanged,
conflict or rejected, and the four counts add up.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from . import messages as m
from .cells import as_text, strip_illegal
from .model import (
    EDITABLE_FIELDS,
    SERVICE_SEPARATOR,
    STATUS_RANK,
    STATUSES,
    Action,
    Plan,
    join_service_parts,
    normalise_status,
    service_parts,
)
from .returns import Rejection, ReturnRow, ReturnWorkbook

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
    as_of: date | None = None

    @property
    def expected(self) -> list[str]:
        """Services that were sent a return: every service with an action."""
        plan = self.before
        return [s.name for s in plan.services
                if any(s.name in a.services for a in plan.actions)]

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
    def cells_read(self) -> int:
        """Editable cells read: each merged return's, plus those of files rejected whole.

        The Summary checks that `counts()` adds up to this.
        """
        paths = {r.path for r in self.returns}
        return (sum(r.editable_cells for r in self.returns)
                + sum(rej.cells for rej in self.rejected if rej.path not in paths))

    @property
    def needs_attention(self) -> bool:
        return bool(self.conflicts or self.rejected)

    def counts(self) -> dict[str, int]:
        """Editable cells by outcome; they add up to the cells read."""
        return {
            APPLIED: len(self.applied),
            UNCHANGED: self.unchanged,
            CONFLICT: len(self.conflicts),
            REJECTED: self.cells_rejected,
        }

    def notes(self) -> dict[tuple[str, str], str]:
        """Note text per changed (action id, field): previous value, who, when, from.

        Plain strings so this module stays free of the writer; two changes to
        one cell (two services' blocks of a shared action) share one note.
        """
        notes: dict[tuple[str, str], str] = {}
        names: dict[object, str] = {}  # Path() and strftime per change cost 0.15 s at 9,000
        days: dict[object, str] = {}
        for change in self.applied:
            name = names.get(change.source) or names.setdefault(
                change.source, Path(change.source).name)
            day = days.get(change.when) or days.setdefault(
                change.when, f"{change.when:%d/%m/%Y}")
            old = change.old if change.old not in (None, "") else "(blank)"
            text = (f"Previous value: {old}\nChanged by: {change.service}\nOn: {day}"
                    f"\nFrom: {name}")
            key = (change.action_id, change.field)
            notes[key] = f"{notes[key]}\n\n{text}" if key in notes else text
        return notes

    def direction_of_travel(self) -> dict[str, str]:
        """Action id -> 'improved', 'same' or 'worse', by status before and after.

        Ranks (higher is better): Off track 0, At risk 1, Not started 2,
        On track and Carried forward 3, Complete and Closed 4.  A blank or
        unknown status on either side has no direction: 'same'.
        """
        before = {a.id: a.status for a in self.before.actions}
        travel: dict[str, str] = {}
        for action in self.plan.actions:
            old, new = _rank(before.get(action.id)), _rank(action.status)
            if old is None or new is None or old == new:
                travel[action.id] = "same"
            else:
                travel[action.id] = "improved" if new > old else "worse"
        return travel


# Fields where a shared action keeps one "[Service] text" block per service,
# so one service's return never overwrites another's words.
BLOCK_FIELDS = frozenset({"progress", "comments"})

# Kept here too: callers and tests name the whole-file reasons by these.
OTHER_PLAN = m.OTHER_PLAN
NEWER_THAN_PLAN = m.NEWER_THAN_PLAN
NOT_IN_PLAN = m.NOT_IN_PLAN


def merge_returns(plan: Plan, returns: list[ReturnWorkbook], as_of: date,
                  when: datetime | None = None) -> MergeResult:
    """Merge every return into a copy of `plan`; the inputs are left untouched.

    Returns merge in the order given, each against its own base (the values
    as issued), never against the running merged value: comparing with the
    merged value would let an untouched return undo another service's edit.
    `when` stamps the Changes rows; it defaults to midnight of `as_of` so the
    function never reads the clock.
    """
    when = when or datetime.combine(as_of, time.min)
    merger = _Merger(plan, as_of, when)
    for ret in returns:
        merger.merge(ret)
    return merger.result()


class _Merger:
    """The running state of one merge: copies of the actions it changed."""

    def __init__(self, plan: Plan, as_of: date, when: datetime) -> None:
        self.plan = plan
        self.as_of = as_of
        self.when = when
        self.actions = list(plan.actions)
        self.where: dict[str, int] = {}
        for i, action in enumerate(self.actions):
            self.where.setdefault(action.id, i)
        self.copied: set[str] = set()
        self.updated_by: dict[str, list[str]] = {}
        self.merged: list[ReturnWorkbook] = []
        self.applied: list[CellChange] = []
        self.unchanged = 0
        self.conflicts: list[Conflict] = []
        self.rejected: list[Rejection] = []

    def merge(self, ret: ReturnWorkbook) -> None:
        whole = _whole_rejection(self.plan, ret)
        if whole is not None:
            # The file's own read-time rejections are moot once it is refused
            # whole; the one rejection accounts for all its cells.
            self.rejected.append(whole)
            return
        self.merged.append(ret)
        self.rejected.extend(ret.rejected)
        for row in ret.rows:
            if row.id not in self.where:
                self.rejected.append(Rejection(
                    path=ret.path, reason=NOT_IN_PLAN,
                    advice=m.REMOVED_AFTER_SENDING,
                    sheet=ret.sheet, cell=row.cells.get("id", ""), action_id=row.id,
                    cells=len(EDITABLE_FIELDS), service=ret.service))
                continue
            for name in EDITABLE_FIELDS:
                self._merge_cell(ret, row, name)

    def _merge_cell(self, ret: ReturnWorkbook, row: ReturnRow, name: str) -> None:
        action = self.actions[self.where[row.id]]
        service = ret.service
        current = as_text(action.get(name))
        theirs, removed = strip_illegal(as_text(row.values.get(name)))
        if removed:
            self.rejected.append(Rejection(
                path=ret.path, reason=m.CONTROL_CHARACTERS, advice=m.CHECK_TEXT,
                sheet=ret.sheet, cell=row.cells.get(name, ""), action_id=row.id, field=name,
                value=theirs, cells=0, service=service))
        base = as_text(row.base.get(name))
        mine = current
        if name == "status":
            normalised = normalise_status(theirs)
            if normalised is None:
                self.rejected.append(_bad_status(ret, row, row.values.get(name)))
                return
            theirs = normalised
            base = normalise_status(base) or base
            mine = normalise_status(mine) or mine
        blocks = _block_names(action, service) if name in BLOCK_FIELDS else None
        if blocks:
            parts = service_parts(current, blocks)
            mine = parts.get(service, "")
            theirs = _own_block(theirs, service, blocks)
            base = _own_block(base, service, blocks)

        if theirs == mine or theirs == base:
            self.unchanged += 1
            return
        if mine != base:
            # Both sides changed the cell, differently: master keeps its value.
            # For a shared action's status this is how "differing statuses are
            # a conflict" comes about: the first service's status is applied,
            # the second then finds master changed since its base.
            self.conflicts.append(Conflict(
                action_id=action.id, objective=action.objective, title=action.title,
                field=name, base=base, mine=mine, theirs=theirs, service=service,
                source=ret.path))
            return

        if blocks:
            parts[service] = theirs
            value = join_service_parts(parts, blocks)
        else:
            value = theirs
        self._set(action.id, name, value, service)
        self.applied.append(CellChange(
            action_id=action.id, objective=action.objective, title=action.title,
            field=name, old=mine if blocks else current, new=theirs, service=service,
            source=ret.path, when=self.when))

    def _set(self, action_id: str, name: str, value: str, service: str) -> None:
        i = self.where[action_id]
        if action_id not in self.copied:
            # A shallow copy is enough: only str fields are ever reassigned.
            self.actions[i] = copy.copy(self.actions[i])
            self.copied.add(action_id)
        setattr(self.actions[i], name, value)
        who = self.updated_by.setdefault(action_id, [])
        if service not in who:
            who.append(service)

    def result(self) -> MergeResult:
        for action_id, services in self.updated_by.items():
            action = self.actions[self.where[action_id]]
            action.last_updated = self.as_of
            # "; " as in the services column: service names hold commas.
            action.updated_by = SERVICE_SEPARATOR.join(services)
        merged = self.plan.replace(
            revision=self.plan.revision + 1,
            actions=self.actions,
            objectives=list(self.plan.objectives),
            services=list(self.plan.services),
        )
        return MergeResult(
            before=self.plan, plan=merged, returns=self.merged, applied=self.applied,
            unchanged=self.unchanged, conflicts=self.conflicts, rejected=self.rejected,
            as_of=self.as_of)


def _whole_rejection(plan: Plan, ret: ReturnWorkbook) -> Rejection | None:
    """A Rejection for the whole file when it cannot be merged into `plan`."""
    if ret.plan_id != plan.plan_id:
        reason, advice, value = OTHER_PLAN, m.CHECK_WHICH_PLAN, ret.plan_id
    elif ret.revision > plan.revision:
        reason, advice, value = NEWER_THAN_PLAN, m.MERGE_INTO_LATEST, ret.revision
    else:
        return None
    return Rejection(path=ret.path, reason=reason, advice=advice, sheet=ret.sheet,
                     value=value, cells=ret.editable_cells, service=ret.service)


def _bad_status(ret: ReturnWorkbook, row: ReturnRow, raw: Any) -> Rejection:
    return Rejection(
        path=ret.path, reason=m.bad_status(as_text(raw)), advice=m.choose_status(STATUSES),
        sheet=ret.sheet, cell=row.cells.get("status", ""), action_id=row.id,
        field="status", value=raw, cells=1, service=ret.service)


def _block_names(action: Action, service: str) -> list[str] | None:
    """The services whose blocks share this action's text, None if unshared.

    A return from a service no longer responsible (the action was
    reassigned after issue) still gets its own block rather than
    overwriting the new owner's words.
    """
    names = list(action.services)
    if service not in names:
        names.append(service)
    return names if len(names) > 1 else None


def _own_block(text: str, service: str, names: list[str]) -> str:
    """The service's part of a returned shared text.

    A return may show the service only its own block, or the whole text with
    every service's "[Name]" block; both read the same here.
    """
    parts = service_parts(text, names)
    if set(parts) <= {""}:
        return text
    return parts.get(service, "")


def _rank(status: Any) -> int | None:
    return STATUS_RANK.get(normalise_status(status) or "")
