"""Where the plan stands: one set of facts that every output prints. Pure.

Committee reads the progress update, managers the summary, the officer the
About sheet and the merge's last line, each lead a receipt. Each used to
count for itself, and they disagreed: the update said "no update was
provided for 10", the summary "No update (5 actions)" (it counted a flag);
the summary said ten services had "Not yet" returned, the Not returned sheet
and `chase` nine. A Position is worked out once, from the plan (as at a
date) and, after a merge, from the MergeResult; every writer prints from it,
so there is one answer to each question:

* how many actions (and deliverables) stand at each status, by objective;
* which have no progress update from anyone;
* which are at risk or off track, which had their timescale revised;
* which carry each flag (an action carries only the first that applies);
* which services were sent a return, which returned it this round, which
  still owe one, and which need not (every action of theirs is done);
* what each service still owes: an update, or a new timescale for an
  overdue action;
* what became of the boxes the leads filled in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import messages as m
from .flags import DUE_SOON, NO_UPDATE, OVERDUE, UNCLEAR, FlagRules, annual_update_date
from .flags import due_date as _due_date
from .flags import flag_for as _flag_for
from .merge import APPLIED, CONFLICT, FILE_REJECTED, REJECTED, UNCHANGED, MergeResult
from .model import Action, Plan, Status
from .schema import NO_STATUS

FLAGS = (OVERDUE, DUE_SOON, UNCLEAR, NO_UPDATE)
ATTENTION = (Status.AT_RISK.value, Status.OFF_TRACK.value)

# What a service owes on an action.
OWES_UPDATE = "update"
OWES_TIMESCALE = "timescale"  # overdue: a revised timescale


@dataclass(frozen=True)
class Owed:
    """One action a service still owes something on."""

    action_id: str
    title: str
    owes: str  # OWES_UPDATE or OWES_TIMESCALE
    due: date | None = None


@dataclass(frozen=True)
class Section:
    """One objective's rows: its key, the name its sheet and tables use, its rows' IDs
    and the status word each is counted under (NO_STATUS when none)."""

    key: str
    name: str
    ids: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class Returns:
    """Who was sent a return, who sent it back this round, and who still owes one."""

    expected: tuple[str, ...]  # services sent a return: every service with an action
    returned: tuple[str, ...]  # returned this round (merged now, or earlier)
    owing: tuple[str, ...]  # not returned, with an action still open
    not_needed: tuple[str, ...]  # not returned, but every action of theirs is done

    def state(self, service: str) -> str:
        """'returned', 'owing', 'not needed' or '' (not sent one)."""
        if service in self.returned:
            return "returned"
        if service in self.owing:
            return "owing"
        if service in self.not_needed:
            return "not needed"
        return ""


@dataclass(frozen=True)
class Boxes:
    """What became of the boxes the leads filled in, and what a person must look at."""

    applied: int
    unchanged: int
    conflict: int  # answers in conflict (a cell two services answered differently: two)
    rejected: int
    read: int  # boxes read; the four above add up to it
    conflicts: int  # cells of the plan left for a person to decide
    files_refused: int  # files not merged at all
    problems: int  # lines on the Rejected sheet: a box, a row, a file, words outside the boxes
    refused_lines: int  # of those, the lines of files not merged at all
    by_service: Mapping[str, Mapping[str, int]] = field(default_factory=dict)

    @property
    def counted(self) -> int:
        return self.applied + self.unchanged + self.conflict + self.rejected

    @property
    def needs_a_person(self) -> bool:
        return bool(self.conflicts or self.problems)


@dataclass(frozen=True)
class Position:
    """The plan's position as at a date: the facts every output prints."""

    as_of: date | None
    words: tuple[str, ...]  # the status words counted, in the order every table lists them
    sections: tuple[Section, ...]
    no_update: tuple[str, ...]  # rows no one has given a progress update for
    attention: tuple[tuple[str, tuple[str, ...]], ...]  # (At risk, IDs), (Off track, IDs)
    revised: tuple[tuple[str, str], ...]  # (ID, the revised timescale)
    flags: tuple[tuple[str, tuple[str, ...]], ...]  # each flag, the rows it is first for
    owed: Mapping[str, tuple[Owed, ...]]  # service -> what it still owes
    returns: Returns | None = None  # after a merge
    boxes: Boxes | None = None  # after a merge

    @property
    def ids(self) -> list[str]:
        return [i for s in self.sections for i in s.ids]

    @property
    def total(self) -> int:
        return sum(len(s.ids) for s in self.sections)

    def count(self, word: str, section: Section | None = None) -> int:
        """Rows counted under `word`, in one objective or in all."""
        if section is not None:
            return section.words.count(word)
        return sum(s.words.count(word) for s in self.sections)

    def by_status(self) -> list[tuple[str, int]]:
        """(status, count) for every status counted, zeros too, in the tables' order."""
        return [(w, self.count(w)) for w in self.words]

    def table(self) -> list[list[object]]:
        """[status, one count per objective, total] per status, then the Total row."""
        rows: list[list[object]] = []
        for word in self.words:
            counts = [self.count(word, s) for s in self.sections]
            rows.append([word, *counts, sum(counts)])
        totals = [len(s.ids) for s in self.sections]
        return [*rows, ["Total", *totals, sum(totals)]]

    def flagged(self, flag: str) -> tuple[str, ...]:
        return dict(self.flags).get(flag, ())

    def no_update_flags(self) -> list[tuple[str, int]]:
        """(flag, how many rows with no update carry it first; '' for none): why the
        No update flag's count is smaller than the rows with no update."""
        first = {i: f for f, ids in self.flags for i in ids}
        tally = Counter(first.get(i, "") for i in self.no_update)
        order = (NO_UPDATE, *(f for f in FLAGS if f != NO_UPDATE), "")
        return [(f, tally[f]) for f in order if tally[f]]

    # --- the same sentences wherever they are printed -----------------------------

    def status_explained(self) -> str:
        """No status and No update, told apart, with the flags the rows with no update carry."""
        flagged = [f"{n} under {flag}" if flag else f"{n} with no flag (done)"
                   for flag, n in self.no_update_flags()]
        return m.status_words_explained(self.count(NO_STATUS), len(self.no_update), flagged)

    def attention_sentence(self) -> str:
        found = dict(self.attention)
        return m.needing_attention(found.get(ATTENTION[0], ()), found.get(ATTENTION[1], ()))

    def revised_sentence(self) -> str:
        return m.timescales_revised(f"{i} (to {words})" for i, words in self.revised)


# --- working it out ----------------------------------------------------------------

def position_of(plan: Plan, as_of: date | None = None, *, result: MergeResult | None = None,
                soon_days: int | None = None, reflag: bool = True) -> Position:
    """The position of `plan` as at `as_of` (default: the date it was last flagged).

    `result` is the MergeResult whose merged plan `plan` is: it adds who has
    returned and what became of the boxes. Flags are worked out here, as at
    `as_of`, so a position never reads a flag another date left in the file;
    `reflag=False` takes the flags the plan holds (the About sheet, which
    prints none, of a plan written at its own date).
    """
    as_of = as_of or plan.as_at
    statuses = plan.statuses
    sections = _sections(plan)
    seen = {w for section in sections for w in section.words}
    own = sorted(seen - {*statuses.words, NO_STATUS})
    words = (*statuses.words, *own, *([NO_STATUS] if NO_STATUS in seen else []))
    order = [i for s in sections for i in s.ids]
    index = plan.action_index()
    no_update = tuple(i for i in order if not index[i].shown("progress").strip())
    attention = tuple(
        (meaning, tuple(i for i in order if statuses.means(index[i].status) == meaning))
        for meaning in ATTENTION)
    revised = tuple((i, index[i].revised_timescale.strip()) for i in order
                    if index[i].revised_timescale.strip()
                    and index[i].revised_timescale.strip() != index[i].timescale.text.strip())
    flag_of = _flags(plan, as_of if reflag else None, soon_days)
    flags = tuple((f, tuple(i for i in order if flag_of.get(i) == f)) for f in FLAGS)
    returns = boxes = None
    returned: set[str] = set()
    if result is not None:
        returned = set(result.received)
        boxes = boxes_of(result)
    overdue = {i for i, f in flag_of.items() if f == OVERDUE}
    owed: dict[str, list[Owed]] = {name: [] for name in services_sent(plan)}
    for action in plan.actions:
        if statuses.done(action.status):
            continue
        for name in action.services:
            found = _owes(action, name, returned=name in returned, overdue=overdue)
            if found is not None:
                owed.setdefault(name, []).append(found)
    if result is not None:
        returns = _returns(plan, returned, owed)
    return Position(as_of, words, sections, no_update, attention, revised, flags,
                    {name: tuple(items) for name, items in owed.items()}, returns, boxes)


def _sections(plan: Plan) -> tuple[Section, ...]:
    """Each objective's rows; rows under an objective the plan does not list still count."""
    known = [o.key for o in plan.objectives]
    keys = [(o.key, o.sheet_name) for o in plan.objectives]
    keys += [(k, k) for k in dict.fromkeys(a.objective for a in plan.actions
                                           if a.objective not in known)]
    sections = []
    for key, name in keys:
        actions = plan.actions_for(key)
        sections.append(Section(key, name, tuple(a.id for a in actions),
                                tuple(plan.status_word(a) for a in actions)))
    return tuple(sections)


def _flags(plan: Plan, as_of: date | None, soon_days: int | None) -> dict[str, str]:
    if as_of is None:  # a plan never flagged: the flags it holds
        return {a.id: a.flag for a in plan.actions if a.flag}
    rules = FlagRules(as_of) if soon_days is None else FlagRules(as_of, soon_days)
    anchor = annual_update_date(plan)
    found = {}
    for action in plan.actions:
        flag = _flag_for(action, _due_date(action, anchor, as_of), rules, plan.statuses)
        if flag:
            found[action.id] = flag
    return found


def services_sent(plan: Plan) -> list[str]:
    """Service names with at least one action, the Services list's order first: each is
    sent a return."""
    named = {n for a in plan.actions for n in a.services}
    names = [s.name for s in plan.services if s.name in named]
    names += [n for a in plan.actions for n in a.services]
    return list(dict.fromkeys(names))


def owed_by(plan: Plan, service: str, *, returned: bool, done: Iterable[str] = ()) -> list[Owed]:
    """What `service` still owes (see _owes); `done` adds actions done elsewhere (a return
    not merged yet says so), as `chase` knows them."""
    finished = set(done)
    found = []
    for action in plan.actions_of_service(service):
        if plan.statuses.done(action.status) or action.id in finished:
            continue
        owes = _owes(action, service, returned=returned, overdue=set())
        if owes is not None:
            found.append(owes)
    return found


def _owes(action: Action, service: str, *, returned: bool, overdue: set[str]) -> Owed | None:
    """What `service` owes on an open action: an update when its return has not come
    back, or came back with no words of its own for it; a new timescale when the
    action is overdue; else nothing."""
    if not returned or not action.own_words("progress", service).strip():
        return Owed(action.id, action.title, OWES_UPDATE)
    if action.id in overdue:
        return Owed(action.id, action.title, OWES_TIMESCALE, action.due)
    return None


def _returns(plan: Plan, returned: set[str], owed: Mapping[str, Sequence[Owed]]) -> Returns:
    expected = services_sent(plan)
    back = [s for s in expected if s in returned]
    back += sorted(s for s in returned if s not in expected)
    waiting = [s for s in expected if s not in returned]
    return Returns(tuple(expected), tuple(back),
                   tuple(s for s in waiting if owed.get(s)),
                   tuple(s for s in waiting if not owed.get(s)))


def boxes_of(result: MergeResult) -> Boxes:
    """What became of the boxes in a merge: the merge's last lines and the summary's."""
    counts = result.counts()
    refused = {Path(f.path) for f in result.files if f.outcome == FILE_REJECTED}
    by_service: dict[str, Counter[str]] = {}
    for ret in result.returns:
        by_service.setdefault(ret.service, Counter()).update(result.by_return.get(ret.path, {}))
    return Boxes(
        applied=counts[APPLIED], unchanged=counts[UNCHANGED], conflict=counts[CONFLICT],
        rejected=counts[REJECTED], read=result.cells_read, conflicts=len(result.conflicts),
        files_refused=len(refused), problems=len(result.rejected),
        refused_lines=sum(1 for r in result.rejected if Path(r.path) in refused),
        by_service={s: dict(c) for s, c in by_service.items()})
