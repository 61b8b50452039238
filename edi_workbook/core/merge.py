"""The three-way merge of returns into the plan. Pure: model objects in, a result out.

Per editable cell: base = the value as issued, mine = the plan now, theirs =
the return. Every return's proposal for a cell is gathered before any is
applied, so the outcome never depends on the order the returns are given:
proposals that agree are applied once, proposals that differ are a
conflict and the plan keeps its value. Every editable cell read ends in
exactly one of applied, unchanged, conflict or rejected, and the counts add up.

The plan remembers: a return already merged (the same content) is not
merged again; a newer version of one replaces it, taking what the earlier
version left as its base, so what the new version removes is removed; two
versions in one merge are taken in the order of the files' own saved times.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from . import messages as m
from .cells import EXCEL_CELL_LIMIT, as_text, excel_length, strip_illegal
from .history import Change, ReturnRecord
from .model import (
    SERVICE_FIELDS,
    SERVICE_SEPARATOR,
    Action,
    Plan,
    ServiceUpdate,
)
from .returns import (
    ALL_EDITABLE_FIELDS,
    HEADER_FOR_BOX,
    Rejection,
    ReturnRow,
    ReturnWorkbook,
    box_words,
)
from .rollover import earlier_years
from .schema import HEADER_FOR_FIELD

APPLIED = "applied"
UNCHANGED = "unchanged"
CONFLICT = "conflict"
REJECTED = "rejected"

# What happened to each file given to the merge.
MERGED = "merged"
NEWER_VERSION = "newer version"  # merged, replacing a version merged before
ALREADY_MERGED = "already merged"
REPLACED = "replaced"  # an older version of a return merged (now or before)
AS_ISSUED = "as issued"  # nothing typed in it, beside a version with words: passed over
FILE_REJECTED = "rejected"
PASSED_OVER = "passed over"  # a lock file left by an open spreadsheet

# The value as issued of a row whose hidden copy was edited: equal to nothing a
# cell can hold, so every difference is a conflict for a person.
UNKNOWN_BASE = "\x00 value as issued not known"

# Kept here too: callers and tests name the whole-file reasons by these.
OTHER_PLAN = m.OTHER_PLAN
NEWER_THAN_PLAN = m.NEWER_THAN_PLAN
NOT_IN_PLAN = m.NOT_IN_PLAN


@dataclass(frozen=True)
class CellChange:
    """One applied edit to one cell of the plan: a row of the Changes sheet."""

    action_id: str
    objective: str
    title: str
    field: str
    old: Any
    new: Any
    service: str  # who proposed it; several, "; "-separated, when they agreed
    source: Path  # the (first) return it came from
    when: datetime
    owner: str = ""  # on a shared action's progress or comments: whose words these are
    sources: tuple[Path, ...] = ()
    returns: tuple[str, ...] = ()  # the returns' references (content hashes)
    round: date | None = None


@dataclass(frozen=True)
class Proposal:
    """What one return said a cell should hold."""

    service: str
    value: str
    base: str  # the value as issued to it (or as its earlier version left it)
    source: Path
    cell: str = ""


@dataclass(frozen=True)
class Conflict:
    """Returns disagree with each other, or with a plan changed since issue: the plan
    kept its value, and every proposal is listed."""

    action_id: str
    objective: str
    title: str
    field: str
    mine: Any  # the plan's value, kept
    proposals: tuple[Proposal, ...]
    owner: str = ""

    # The first proposal, for one-line reports.
    @property
    def service(self) -> str:
        return self.proposals[0].service

    @property
    def theirs(self) -> str:
        return self.proposals[0].value

    @property
    def base(self) -> str:
        return self.proposals[0].base

    @property
    def source(self) -> Path:
        return self.proposals[0].source


@dataclass(frozen=True)
class FileOutcome:
    """What the merge did with one file, in one line an officer can read."""

    path: Path
    service: str
    outcome: str  # MERGED, NEWER_VERSION, ALREADY_MERGED, REPLACED, FILE_REJECTED
    detail: str = ""
    saved: datetime | None = None
    round: date | None = None
    origin: str = ""


@dataclass
class MergeResult:
    """Everything a merge did: the merged plan, and each cell and file accounted for."""

    before: Plan
    plan: Plan  # the merged plan, revision + 1
    returns: list[ReturnWorkbook]  # the returns merged this time
    applied: list[CellChange] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    files: list[FileOutcome] = field(default_factory=list)
    as_of: date | None = None
    merged_at: datetime | None = None  # when the merge ran (the as-of date is the data's)
    # Editable cells by outcome, over all returns merged, and per return.
    tally: Counter[str] = field(default_factory=Counter)
    by_return: dict[Path, Counter[str]] = field(default_factory=dict)

    @property
    def unchanged(self) -> int:
        return self.tally[UNCHANGED]

    @property
    def expected(self) -> list[str]:
        """Services that were sent a return: every service with an action."""
        plan = self.before
        return [s.name for s in plan.services
                if any(s.name in a.services for a in plan.actions)]

    @property
    def round(self) -> date | None:
        """The round this merge belongs to: the latest round among the returns merged,
        else the latest in the plan's returns log."""
        rounds = [r.round_sent for r in self.returns if r.round_sent]
        if not rounds:
            rounds = [r.round for r in self.before.returns_log if r.round and not r.problem]
        return max(rounds, default=None)

    @property
    def received(self) -> list[str]:
        """Services with a return for this round: merged now, or already in the log."""
        current = self.round
        now = {r.service for r in self.returns if current is None or r.round_sent == current}
        logged = {r.service for r in self.before.returns_log
                  if current is not None and r.round == current and not r.problem}
        return sorted(now | logged)

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
        return {APPLIED: self.tally[APPLIED], UNCHANGED: self.tally[UNCHANGED],
                CONFLICT: self.tally[CONFLICT], REJECTED: self.cells_rejected}

    def changed_cells(self) -> set[tuple[str, str]]:
        """(action id, field) of every cell this merge changed, to highlight."""
        return {(c.action_id, c.field) for c in self.applied}

    def direction_of_travel(self) -> dict[str, str]:
        """Action id -> 'improved', 'same', 'worse' or 'first update', by status before and after.

        Ranks: model.STATUS_RANK, by what each of the plan's words counts as. A blank
        status before and one after is a first update, not "same"; an unknown status
        on either side has no direction.
        """
        before = {a.id: a.status for a in self.before.actions}
        statuses = self.plan.statuses
        travel: dict[str, str] = {}
        for action in self.plan.actions:
            old_text = statuses.word_for(before.get(action.id, "")) or ""
            old, new = statuses.rank(old_text), statuses.rank(action.status)
            if old_text == "" and new is not None:
                travel[action.id] = "first update"
            elif old is None or new is None or old == new:
                travel[action.id] = "same"
            else:
                travel[action.id] = "improved" if new > old else "worse"
        return travel


def merge_returns(plan: Plan, returns: list[ReturnWorkbook], as_of: date,
                  when: datetime | None = None, *, unread: Sequence[Rejection] = (),
                  passed_over: Sequence[tuple[Path, str]] = (),
                  plan_path: Path | None = None) -> MergeResult:
    """Merge every return into a copy of `plan`; the inputs are left untouched.

    Each return is compared with its own base (the values as issued), never
    with the running merged value: comparing with the merged value would let
    an untouched return undo another service's edit. `when` stamps the
    Changes rows; it defaults to midnight of `as_of` so the function never
    reads the clock.

    The result accounts for every file given, not only the returns read:
    `unread` are files (or an e-mail's attachments) that could not be read
    as returns, each rejected and listed among the files; `passed_over` are
    files set aside on purpose, with why. What the officer kept in the plan
    that the merged plan cannot carry (`plan.not_kept`) is listed against
    `plan_path`. So the totals add up whoever calls.
    """
    when = when or datetime.combine(as_of, time.min)
    result = _Merger(plan, as_of, when).run(returns)
    result.rejected[:0] = unread
    result.rejected.extend(_overlong(result))
    result.rejected += [Rejection(plan_path or Path(plan.title), text, m.REST_OF_YOUR_WORK)
                        for text in plan.not_kept]
    result.rejected += [Rejection(plan_path or Path(plan.title), m.ACTION_BELOW_TABLE,
                                  m.MOVE_INTO_TABLE, objective.sheet_name, f"A{below.row}",
                                  below.id_like, value=below.words)
                        for objective in plan.objectives for below in objective.below
                        if below.id_like]
    result.files += [FileOutcome(r.path, "", FILE_REJECTED, r.reason) for r in unread
                     if not r.action_id]
    result.files += [FileOutcome(path, "", PASSED_OVER, why) for path, why in passed_over]
    return result


def _overlong(result: MergeResult) -> list[Rejection]:
    """Merged text too long for one Excel cell: the plan shows the start only."""
    found = []
    index = result.plan.action_index()
    lengths: dict[tuple[str, str], int] = {}  # a cell's length, once however many changed it
    for change in result.applied:
        cell = (change.action_id, change.field)
        length = lengths.get(cell)
        if length is None:
            action = index[change.action_id]
            text = (action.shown(change.field) if change.field in SERVICE_FIELDS
                    else as_text(action.get(change.field)))
            # At most two UTF-16 units a character: a short text needs no counting.
            length = lengths[cell] = (len(text) if len(text) <= EXCEL_CELL_LIMIT // 2
                                      else excel_length(text))
        if length > EXCEL_CELL_LIMIT:
            found.append(Rejection(
                change.source, m.too_long(length, EXCEL_CELL_LIMIT),
                m.WHOLE_TEXT_IN_CHANGES, action_id=change.action_id,
                field=change.field, cells=0, service=change.service))
    return found


# A cell of the plan a return can change: (action id, field, owner), where
# owner is the service for a shared action's progress and comments, else "".
Key = tuple[str, str, str]


@dataclass
class _Pending:
    """A return's proposal for one cell, before the decision."""

    ret: ReturnWorkbook
    proposal: Proposal
    mine: str


class _Merger:
    def __init__(self, plan: Plan, as_of: date, when: datetime) -> None:
        self.plan = plan
        self.as_of = as_of
        self.when = when
        self.revision = plan.revision + 1
        self.index = {a.id: a for a in plan.actions}
        self.logged: dict[str, ReturnRecord] = {
            r.content_hash: r for r in plan.returns_log if r.content_hash and not r.problem}
        self.touched: dict[str, list[str]] = {}  # action id -> services that changed it
        self.hashes: dict[int, str] = {}
        self.words: dict[str, str | None] = {}  # typed status -> the plan's word for it
        # Returns saved within a minute of a version merged before: merged beside it, not
        # over it (their base is as issued), with the line that says so.
        self.alongside: dict[int, str] = {}
        self.result = MergeResult(before=plan, plan=plan, returns=[], as_of=as_of,
                                  merged_at=when)

    # --- which files are merged ------------------------------------------------

    def hash(self, ret: ReturnWorkbook) -> str:
        """The return's content hash, worked out once: it reads every value."""
        found = self.hashes.get(id(ret))
        if found is None:
            found = self.hashes[id(ret)] = ret.content_hash
        return found

    def run(self, returns: list[ReturnWorkbook]) -> MergeResult:
        # Versions of one return given together are taken in turn, oldest first:
        # stage n merges every return's n-th version, all proposals together.
        stages = self._choose(returns)
        left: dict[tuple[tuple[str, str, str], Key], str] = {}
        changes: list[CellChange] = []
        for stage in stages:
            proposals: dict[Key, list[_Pending]] = {}
            for ret in stage:
                self.result.returns.append(ret)
                self.result.by_return[ret.path] = Counter()
                self.result.rejected.extend(ret.rejected)
                self.result.by_return[ret.path][REJECTED] += sum(r.cells for r in ret.rejected)
                bases = self._earlier_version_bases(ret)
                bases.update({key: value for (identity, key), value in left.items()
                              if identity == ret.identity})
                for row in ret.rows:
                    self._read_row(ret, row, bases, proposals)
            decided = self._decide(proposals)
            by_hash = {self.hash(r)[:12]: r.identity for r in stage}
            for change in decided:
                for ref in change.returns:
                    left[(by_hash[ref], (change.action_id, change.field, change.owner))] = (
                        change.new)
            self._apply(decided)
            changes += decided
        return self._finish(changes)

    def _choose(self, returns: list[ReturnWorkbook]) -> list[list[ReturnWorkbook]]:
        """The returns to merge, in stages: whole-file rejections, files already
        merged and versions older than one merged before set aside, each with
        its line in `files`; several versions given together, oldest first."""
        ordered = sorted(returns, key=lambda r: (*_order(r), self.hash(r)))
        candidates: dict[tuple[str, str, str], list[ReturnWorkbook]] = {}
        for ret in ordered:
            whole = _whole_rejection(self.plan, ret)
            if whole is not None:
                # The one rejection accounts for all the file's cells; what the lead
                # wrote in it is listed beside it, row by row, so no word is lost.
                self.result.rejected.append(whole)
                self.result.rejected.extend(_words_of_rejected_file(ret, whole))
                self._file(ret, FILE_REJECTED, whole.reason)
                continue
            record = self.logged.get(self.hash(ret))
            if record is not None:
                self._file(ret, ALREADY_MERGED, m.already_merged(
                    record.merged_revision, _day(record.merged_on)))
                continue
            candidates.setdefault(ret.identity, []).append(ret)
        stages: list[list[ReturnWorkbook]] = []
        for identity, versions in candidates.items():
            # Oldest first, by the files' own saved times.
            versions.sort(key=lambda r: (_saved_key(r.saved), self.hash(r)))
            earlier = self._logged_versions(identity)
            versions = self._set_aside_as_issued(versions, earlier)
            if earlier:
                latest = earlier[-1]
                late = [v for v in versions if _saved_key(v.saved) < _saved_key(latest.saved)
                        and not _same_minute(v.saved, latest.saved)]
                for ret in late:
                    self._file(ret, REPLACED, m.older_than_merged(
                        _when(latest.saved), latest.merged_revision))
                versions = [v for v in versions if v not in late]
                for ret in versions:
                    if _same_minute(ret.saved, latest.saved):
                        # Which is newer cannot be told: this one takes nothing out
                        # that the one merged before put in (its base is as issued).
                        self.alongside[id(ret)] = m.same_minute(latest.file,
                                                                _when(latest.saved))
            groups = _by_minute(versions)
            for n, group in enumerate(groups):
                for ret in group:
                    if n + 1 < len(groups):
                        self._file(ret, REPLACED, m.replaced_by_newer(
                            _when(groups[n + 1][0].saved)))
                    elif id(ret) in self.alongside:
                        self._file(ret, MERGED, self.alongside[id(ret)])
                    elif len(group) > 1:
                        other = next(v for v in group if v is not ret)
                        self._file(ret, NEWER_VERSION if earlier or n else MERGED,
                                   m.same_minute(file_name(other.path), _when(other.saved)))
                    elif earlier or n:
                        self._file(ret, NEWER_VERSION, m.second_version(ret.service,
                                                                        _when(ret.saved)))
                    else:
                        self._file(ret, MERGED, "")
                while len(stages) <= n:
                    stages.append([])
                stages[n].extend(group)
        return stages

    def _set_aside_as_issued(self, versions: list[ReturnWorkbook],
                             earlier: list[ReturnRecord]) -> list[ReturnWorkbook]:
        """A version identical to what was issued never replaces one with words in it:
        beside one (given now, or merged before) it is passed over, with a line."""
        worded = [v for v in versions if not v.typed_nothing]
        had_words = [r for r in earlier if r.applied or r.conflicts or r.rejected]
        if not worded and not had_words:
            return versions
        if worded:
            kept = worded[-1]
            why = m.as_issued_passed_over(kept.service, file_name(kept.path),
                                          _when(kept.saved))
        else:
            record = had_words[-1]
            why = m.as_issued_after_merged(record.service, record.file,
                                           record.merged_revision)
        for ret in versions:
            if ret.typed_nothing:
                self._file(ret, AS_ISSUED, why)
        return worded

    def _file(self, ret: ReturnWorkbook, outcome: str, detail: str) -> None:
        self.result.files.append(FileOutcome(ret.path, ret.service, outcome, detail, ret.saved,
                                             ret.round_sent, ret.origin))

    def _logged_versions(self, identity: tuple[str, str, str]) -> list[ReturnRecord]:
        plan_id, service, sent = identity
        found = [r for r in self.plan.returns_log if not r.problem and r.service == service
                 and (r.round.isoformat() if r.round else str(r.issued_revision)) == sent]
        return sorted(found, key=lambda r: _saved_key(r.saved))

    def _earlier_version_bases(self, ret: ReturnWorkbook) -> dict[Key, str]:
        """What earlier versions of this return left in the plan, cell by cell: the
        newer version's base, so what it no longer says is taken out again."""
        if id(ret) in self.alongside:
            return {}
        refs = {r.reference for r in self._logged_versions(ret.identity)}
        if not refs:
            return {}
        field_for = {h: f for f, h in HEADER_FOR_FIELD.items()}
        bases: dict[Key, str] = {}
        for change in reversed(self.plan.history):  # oldest first: the latest wins
            if change.problem or not refs & set(change.return_id.split(SERVICE_SEPARATOR)):
                continue
            name = field_for.get(change.field)
            action = self.index.get(change.action_id)
            if name is None or action is None:
                continue
            bases[_key(action, name, ret.service)] = change.new
        return bases

    # --- gathering proposals -----------------------------------------------------

    def _read_row(self, ret: ReturnWorkbook, row: ReturnRow, bases: dict[Key, str],
                  proposals: dict[Key, list[_Pending]]) -> None:
        tally = self.result.by_return[ret.path]
        action = self.index.get(row.id)
        if action is None:
            rejection = Rejection(
                path=ret.path, reason=NOT_IN_PLAN, advice=m.REMOVED_AFTER_SENDING,
                sheet=ret.sheet, cell=row.cells.get("id", ""), action_id=row.id,
                value=row_words(row), cells=len(ret.fields), service=ret.service)
            self.result.rejected.append(rejection)
            tally[REJECTED] += rejection.cells
            return
        # Whose record the row's progress and comments go to (`_key`), once for the row.
        service = ret.service
        owner = service if (action.keeps_own_words(service)
                            or service not in action.services) else ""
        total = self.result.tally
        values, issued = row.values, row.base
        for name in ret.fields:  # Evidence too, in a return issued with it
            own = owner if name in SERVICE_FIELDS else ""
            key = (action.id, name, own)
            theirs, removed = strip_illegal(as_text(values.get(name)))
            if removed:
                self.result.rejected.append(Rejection(
                    path=ret.path, reason=m.CONTROL_CHARACTERS, advice=m.CHECK_TEXT,
                    sheet=ret.sheet, cell=row.cells.get(name, ""), action_id=row.id,
                    field=name, value=theirs, cells=0, service=service))
            if not row.base_trusted:
                base = UNKNOWN_BASE
            else:
                base = bases.get(key) if bases else None
                if base is None:
                    base = as_text(issued.get(name))
            if own:
                update = action.updates.get(own)
                mine = as_text(update.get(name) if update else "")
            else:
                mine = as_text(getattr(action, name))
            if name == "status":
                word_for = self.status_word
                normalised = word_for(theirs)
                if normalised is None:
                    self.result.rejected.append(_bad_status(ret, row, values.get(name),
                                                            self.plan.statuses.words))
                    tally[REJECTED] += 1
                    continue
                theirs = normalised
                base = word_for(base) or base
                mine = word_for(mine) or mine
            if theirs == base or theirs == mine:
                total[UNCHANGED] += 1  # `_count`, inline: once per cell of every return
                tally[UNCHANGED] += 1
                continue
            proposals.setdefault(key, []).append(_Pending(ret, Proposal(
                ret.service, theirs, base, ret.path, row.cells.get(name, "")), mine))

    def status_word(self, text: str) -> str | None:
        """The plan's word for a typed status (`StatusList.word_for`), once per text."""
        try:
            return self.words[text]
        except KeyError:
            found = self.words[text] = self.plan.statuses.word_for(text)
            return found

    def _count(self, ret: ReturnWorkbook, outcome: str, n: int = 1) -> None:
        self.result.tally[outcome] += n
        self.result.by_return[ret.path][outcome] += n

    # --- deciding, all proposals for a cell together ---------------------------

    def _decide(self, proposals: dict[Key, list[_Pending]]) -> list[CellChange]:
        changes = []
        order = {a.id: i for i, a in enumerate(self.plan.actions)}
        rank = {name: i for i, name in enumerate(ALL_EDITABLE_FIELDS)}
        refs: dict[int, str] = {}  # a return's reference: its hash's start, once per return
        for key in sorted(proposals, key=lambda k: (order[k[0]], rank[k[1]], k[2])):
            pending = proposals[key]
            action = self.index[key[0]]
            if len(pending) == 1:  # nearly always: one return's edit, taken unless stale
                p = pending[0]
                proposal = p.proposal
                if p.mine != proposal.base:
                    self._count(p.ret, CONFLICT)
                    self.result.conflicts.append(Conflict(
                        action.id, action.objective, action.title, key[1], _raw(action, key),
                        (proposal,), key[2]))
                    continue
                self._count(p.ret, APPLIED)
                ref = refs.get(id(p.ret))
                if ref is None:
                    ref = refs[id(p.ret)] = self.hash(p.ret)[:12]
                changes.append(CellChange(
                    action_id=action.id, objective=action.objective, title=action.title,
                    field=key[1], old=_raw(action, key), new=proposal.value,
                    service=proposal.service, source=proposal.source, when=self.when,
                    owner=key[2], sources=(proposal.source,), returns=(ref,),
                    round=p.ret.round_sent or None))
                continue
            pending = sorted(pending, key=lambda p: (p.proposal.service,
                                                     str(p.proposal.source)))
            values = {p.proposal.value for p in pending}
            agreed = len(values) == 1 and any(p.mine == p.proposal.base for p in pending)
            if not agreed:
                # Different proposals, or the plan changed since every one of them was
                # issued: the plan keeps its value and each proposal is listed.
                for p in pending:
                    self._count(p.ret, CONFLICT)
                self.result.conflicts.append(Conflict(
                    action.id, action.objective, action.title, key[1], _raw(action, key),
                    tuple(p.proposal for p in pending), key[2]))
                continue
            for p in pending:
                self._count(p.ret, APPLIED)
            value = pending[0].proposal.value
            services = _services_in_order(action, [p.proposal.service for p in pending])
            changes.append(CellChange(
                action_id=action.id, objective=action.objective, title=action.title,
                field=key[1], old=_raw(action, key), new=value,
                service=SERVICE_SEPARATOR.join(services), source=pending[0].proposal.source,
                when=self.when, owner=key[2],
                sources=tuple(dict.fromkeys(p.proposal.source for p in pending)),
                returns=tuple(dict.fromkeys(self.hash(p.ret)[:12] for p in pending)),
                round=max((p.ret.round_sent for p in pending if p.ret.round_sent), default=None)))
        return changes

    # --- the merged plan ---------------------------------------------------------

    def _apply(self, changes: list[CellChange]) -> None:
        """Put this stage's decisions into (copies of) the plan's actions."""
        for change in changes:
            if change.action_id not in self.touched:
                # Copies: the input plan is never changed. The updates are copied
                # one level down, as only their strings are reassigned.
                action = copy.copy(self.index[change.action_id])
                action.updates = {s: copy.copy(u) for s, u in action.updates.items()}
                self.index[change.action_id] = action
                self.touched[change.action_id] = []
            action = self.index[change.action_id]
            if change.owner:
                update = action.updates.get(change.owner)
                if update is None:
                    update = action.updates[change.owner] = ServiceUpdate(action.id, change.owner)
                setattr(update, change.field, change.new)
                update.last_updated = self.as_of
            else:
                setattr(action, change.field, change.new)
            for service in change.service.split(SERVICE_SEPARATOR):
                if service not in self.touched[change.action_id]:
                    self.touched[change.action_id].append(service)

    def _finish(self, changes: list[CellChange]) -> MergeResult:
        actions = [self.index[a.id] if a.id in self.touched else a for a in self.plan.actions]
        for action_id, services in self.touched.items():
            action = self.index[action_id]
            action.last_updated = self.as_of
            # "; " as in the services column: service names hold commas.
            action.updated_by = SERVICE_SEPARATOR.join(_services_in_order(action, services))
        history = [self._history(c) for c in changes] + list(self.plan.history)
        log = [self._record(ret) for ret in self.result.returns] + list(self.plan.returns_log)
        self.result.plan = self.plan.replace(
            revision=self.revision, actions=actions, objectives=list(self.plan.objectives),
            services=list(self.plan.services), history=history, returns_log=log)
        self.result.applied = changes
        return self.result

    def _history(self, change: CellChange) -> Change:
        return Change(
            round=change.round, revision=self.revision, date=self.as_of,
            action_id=change.action_id, field=HEADER_FOR_FIELD[change.field],
            old=as_text(change.old), new=as_text(change.new),
            service=change.owner or change.service,
            file=SERVICE_SEPARATOR.join(file_name(s) for s in change.sources),
            return_id=SERVICE_SEPARATOR.join(change.returns))

    def _record(self, ret: ReturnWorkbook) -> ReturnRecord:
        tally = self.result.by_return[ret.path]
        outcome = next(f for f in self.result.files if f.path == ret.path)
        return ReturnRecord(
            service=ret.service, file=file_name(ret.path), saved=ret.saved,
            round=ret.round_sent, issued_revision=ret.revision,
            merged_revision=self.revision, merged_on=self.as_of,
            applied=tally[APPLIED], unchanged=tally[UNCHANGED], conflicts=tally[CONFLICT],
            rejected=tally[REJECTED], outcome=outcome.outcome,
            content_hash=self.hash(ret))


@functools.lru_cache(maxsize=4096)
def file_name(path: Path) -> str:
    """A return's file as the officer knows it: "reply.eml → Housing.xlsx" when it
    came attached to a saved e-mail (its path is then message/attachment).

    Cached: every change and conflict names its return's file, and a county's
    merge asks for a few dozen files' names 20,000 times."""
    path = Path(path)
    if path.parent.suffix.lower() in (".eml", ".msg"):
        return f"{path.parent.name} → {path.name}"
    return path.name


def _key(action: Action, name: str, service: str) -> Key:
    """The plan cell a service's edit of `name` goes to: its own record for a shared
    action's progress and comments (or an action it no longer shares, or one it kept a
    record on), else the action's."""
    if name in SERVICE_FIELDS and (action.keeps_own_words(service)
                                   or service not in action.services):
        return (action.id, name, service)
    return (action.id, name, "")


def _raw(action: Action, key: Key) -> str:
    if key[2]:
        update = action.updates.get(key[2])
        return update.get(key[1]) if update else ""
    return action.get(key[1])


def _services_in_order(action: Action, services: list[str]) -> list[str]:
    """The action's own order of services, then any others by name."""
    unique = list(dict.fromkeys(services))
    if len(unique) == 1:  # nearly always: one service's change
        return unique
    known = [s for s in action.services if s in unique]
    return known + sorted(s for s in unique if s not in known)


def _order(ret: ReturnWorkbook) -> tuple[Any, ...]:
    """A fixed order for returns, whatever order they were given in (then by content)."""
    return (ret.service, ret.identity, _saved_key(ret.saved), str(ret.path))


def _saved_key(saved: datetime | None) -> datetime:
    if saved is None:
        return datetime.min
    return saved.replace(tzinfo=None) if saved.tzinfo else saved


SAME_MINUTE = timedelta(minutes=1)


def _same_minute(a: datetime | None, b: datetime | None) -> bool:
    """Saved too close together to say which is newer: within a minute, or either not known
    (a file system's time, a copy's, or a clock a little off, can be that far out)."""
    if a is None or b is None:
        return True
    return abs(_saved_key(a) - _saved_key(b)) < SAME_MINUTE


def _by_minute(versions: list[ReturnWorkbook]) -> list[list[ReturnWorkbook]]:
    """Versions, oldest first, in groups saved within a minute of the one before: each
    group is merged together, so where its versions differ both are listed."""
    groups: list[list[ReturnWorkbook]] = []
    for ret in versions:
        if groups and _same_minute(groups[-1][-1].saved, ret.saved):
            groups[-1].append(ret)
        else:
            groups.append([ret])
    return groups


def _when(saved: datetime | None) -> str:
    return f"{saved:%d/%m/%Y %H:%M}" if saved else "time not known"


def _day(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "a date not recorded"


def _whole_rejection(plan: Plan, ret: ReturnWorkbook) -> Rejection | None:
    """A Rejection for the whole file when it cannot be merged into `plan`."""
    earlier = earlier_years(plan)
    if ret.plan_id != plan.plan_id and ret.plan_id in earlier:
        # A late return for a year since rolled over: named as such, its words listed.
        latest = ret.plan_id == next(reversed(earlier))
        reason = m.earlier_year(earlier[ret.plan_id], plan.period, latest)
        advice, value = m.MERGE_INTO_THAT_YEAR, ""
    elif ret.plan_id != plan.plan_id:
        reason, advice, value = OTHER_PLAN, m.CHECK_WHICH_PLAN, ret.plan_id
    elif ret.revision > plan.revision:
        reason, advice, value = NEWER_THAN_PLAN, m.MERGE_INTO_LATEST, ret.revision
    else:
        return None
    return Rejection(path=ret.path, reason=reason, advice=advice, sheet=ret.sheet,
                     value=value, cells=ret.editable_cells, service=ret.service)


def row_words(row: ReturnRow) -> str:
    """The words in a row's boxes, "Header: words", one a line: what a lead wrote that a
    rejection lists. An empty Progress update box (read as the words as issued) wrote none."""
    return box_words((HEADER_FOR_BOX[name], value)
                     for name, value in ((n, row.values.get(n)) for n in ALL_EDITABLE_FIELDS)
                     if not (name == "progress" and as_text(value) == as_text(
                         row.base.get(name))))


def _words_of_rejected_file(ret: ReturnWorkbook, whole: Rejection) -> list[Rejection]:
    """What a file refused whole holds, listed with its words: each row's boxes, and what
    was found when it was read (typed outside the boxes, rows added). Each counts no
    cells: the whole rejection counts them all."""
    found = [Rejection(ret.path, m.IN_A_REFUSED_FILE, whole.advice, ret.sheet,
                       row.cells.get("id", ""), row.id, value=words, service=ret.service)
             for row in ret.rows if (words := row_words(row))]
    found += [dataclasses.replace(r, cells=0) for r in ret.rejected]
    return found


def _bad_status(ret: ReturnWorkbook, row: ReturnRow, raw: Any,
                words: tuple[str, ...]) -> Rejection:
    return Rejection(
        path=ret.path, reason=m.bad_status(as_text(raw)), advice=m.choose_status(words),
        sheet=ret.sheet, cell=row.cells.get("status", ""), action_id=row.id,
        field="status", value=raw, cells=1, service=ret.service)

