"""Who the plan reaches: its actions by the equality columns' words (characteristic,
aim, EFLG module), the words no action names, and the sentences and tables the
summary and the report print of them. Pure: standard library only.

`plan_reach` answers the question committees ask first: who does the plan reach,
and whom does it leave out? The columns and their words are core/equality.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import messages as m
from .equality import (
    ADDITIONS,
    AIMS_KEY,
    CHARACTERISTICS,
    CHARACTERISTICS_KEY,
    DEFAULT_LISTS,
    EVIDENCE_KEY,
    HEADER_FOR_KEY,
    LISTED,
    REACH_KEYS,
    Reading,
    fold,
    known_word,
    read_cell,
)
from .model import STATUSES, Action, Plan
from .schema import NO_STATUS


def action_value(action: Action, key: str) -> Any:
    """An action's equality cell: its added column of that header ('' when none)."""
    if key == EVIDENCE_KEY:
        return action.evidence
    return action.extra.get(HEADER_FOR_KEY[key], "")


def action_reading(plan: Plan, action: Action, key: str) -> Reading:
    return read_cell(action_value(action, key), key, plan.equality.lists.words(key))


# --- who the plan reaches -------------------------------------------------------

@dataclass
class ReachRow:
    """One word of a list (or outside it) and the actions that name it."""

    word: str
    ids: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)  # each action's status word, in order
    listed: bool = True  # False: a word outside the plan's list, as the actions write it

    def status_counts(self, order: Sequence[str]) -> list[tuple[str, int]]:
        """(status, count) of its actions, in `order` then any others."""
        counts = {s: self.statuses.count(s) for s in dict.fromkeys(
            [*order, *self.statuses])}
        return [(s, n) for s, n in counts.items() if n]


@dataclass
class Reach:
    """The actions by one list: each word's actions, in the list's order."""

    key: str
    rows: list[ReachRow]
    unset: list[str]  # ids of actions naming nothing in this column
    counted: int  # actions looked at

    @property
    def header(self) -> str:
        return HEADER_FOR_KEY[self.key]

    def missing(self) -> list[str]:
        """The list's words no action names."""
        return [r.word for r in self.rows if r.listed and not r.ids]

    def missing_standard(self) -> list[str]:
        """Of the nine (or the law's and framework's words), those no action names."""
        standard = {fold(w) for w in DEFAULT_LISTS.words(self.key)}
        return [w for w in self.missing() if fold(w) in standard]

    @property
    def named(self) -> bool:
        """Whether any action names anything in this column."""
        return any(r.ids for r in self.rows)


def plan_reach(plan: Plan) -> list[Reach]:
    """Who the plan reaches: the actions by characteristic, by aim and by EFLG module
    (each of these columns the plan has). Every word of the list has a row, those
    no action names too; words outside the list follow, as the actions write them.
    An action naming several words counts under each. [] for a plan without them."""
    found = []
    for key in REACH_KEYS:
        if not plan.equality.has(key):
            continue
        words = plan.equality.lists.words(key)
        rows = {fold(w): ReachRow(w) for w in words}
        unset = []
        for action in plan.actions:
            reading = action_reading(plan, action, key)
            if not reading.words and not reading.outside:
                unset.append(action.id)
                continue
            status = plan.status_word(action)
            for word in (*reading.words, *(known_word(p, key) or p for p in reading.outside)):
                row = rows.get(fold(word))
                if row is None:
                    row = rows[fold(word)] = ReachRow(word, listed=False)
                row.ids.append(action.id)
                row.statuses.append(status)
        found.append(Reach(key, list(rows.values()), unset, len(plan.actions)))
    return found


def outside_words(plan: Plan) -> list[tuple[Action, str, str, str]]:
    """(action, header, part as written, known word or '') for every part of an
    equality cell outside the plan's list: `validate` names each."""
    found = []
    for action in plan.actions:
        for key in LISTED:
            if not plan.equality.has(key):
                continue
            for part in action_reading(plan, action, key).outside:
                found.append((action, HEADER_FOR_KEY[key], part, known_word(part, key)))
    return found


# --- who the plan reaches, as reports show it --------------------------------------

@dataclass(frozen=True)
class ReachLine:
    """One row of a reach table: the word, how many actions, where they stand, which."""

    label: str
    count: int
    where: str  # "2 on track, 1 complete", or NO_ACTION
    ids: str  # "CL-01, EM-02"
    missing: bool = False  # a word of the list no action names


@dataclass(frozen=True)
class ReachTable:
    """One table of who an action reaches, as the report lays it out."""

    key: str
    title: str  # "By protected characteristic"
    label: str  # the first column's header
    lines: tuple[ReachLine, ...]

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.label, *m.REACH_COLUMNS)

    @property
    def caption(self) -> str:
        return m.reach_caption(self.title)

    def rows(self) -> list[list[Any]]:
        return [[line.label, line.count, line.where, line.ids] for line in self.lines]


def reach_tables(plan: Plan, status_order: Sequence[str] = ()) -> list[ReachTable]:
    """The reach of `plan` as tables: every word of each list (those with no action
    say so), words outside the list, and the actions naming none. Statuses in
    `status_order` (the plan's list's by default), then any others."""
    order = list(status_order or plan.statuses.words)
    tables = []
    for reach in plan_reach(plan):
        lines = []
        for row in reach.rows:
            label = row.word if row.listed else m.not_in_list(row.word)
            where = (_where_they_stand((_phrase(w), n) for w, n in row.status_counts(order))
                     if row.ids else m.NO_ACTION)
            lines.append(ReachLine(label, len(row.ids), where, ", ".join(row.ids) or m.NO_IDS,
                                   missing=row.listed and not row.ids))
        if reach.unset:
            lines.append(ReachLine(m.NONE_NAMED, len(reach.unset), _where_they_stand(
                (_phrase(w), n) for w, n in _counts(plan, reach.unset, order)),
                ", ".join(reach.unset)))
        tables.append(ReachTable(reach.key, m.REACH_TITLES[reach.key],
                                 m.REACH_LABELS[reach.key], tuple(lines)))
    return tables


def _where_they_stand(counts: Iterable[tuple[str, int]]) -> str:
    """'2 on track, 1 complete': where a row's actions stand."""
    return ", ".join(f"{n} {word}" for word, n in counts)


def _counts(plan: Plan, ids: list[str], order: Sequence[str]) -> list[tuple[str, int]]:
    wanted = set(ids)
    row = ReachRow("", statuses=[plan.status_word(a) for a in plan.actions if a.id in wanted])
    return row.status_counts(order)


def _phrase(word: str) -> str:
    """A status in running text: the tool's words in lower case, a council's own as written."""
    if word == NO_STATUS:
        return m.WITH_NO_STATUS
    return word.lower() if word in STATUSES else word


def _lower(word: str) -> str:
    """A characteristic in running text: the Act's and the usual additions' in lower case."""
    return word.lower() if word in (*CHARACTERISTICS, *ADDITIONS) else word


def reach_sentences(plan: Plan) -> list[str]:
    """What the reach tables show, in sentences committee can quote: the characteristics
    with no action named, then the aims and modules, the actions naming none, and
    words outside the plan's lists."""
    said: list[str] = []
    outside: list[str] = []
    for reach in plan_reach(plan):
        if not reach.named:
            said.append(m.reach_nothing_named(reach.header))
            continue
        if reach.key == CHARACTERISTICS_KEY:
            nine = [r for r in reach.rows if r.listed and r.word in CHARACTERISTICS]
            said.append(m.reach_characteristics(
                sum(1 for r in nine if r.ids), len(nine),
                [_lower(w) for w in reach.missing_standard()]))
            own = [r for r in reach.rows if r.listed and r.word not in CHARACTERISTICS]
            if any(r.ids for r in own):
                said.append(m.reach_own_named([_lower(r.word) for r in own if r.ids]))
            if not all(r.ids for r in own):
                said.append(m.reach_own_missing([_lower(r.word) for r in own if not r.ids]))
        elif reach.missing():
            said.append((m.reach_missing_aims if reach.key == AIMS_KEY
                         else m.reach_missing_modules)(reach.missing()))
        if reach.unset:
            said.append(m.reach_unset(len(reach.unset), reach.counted,
                                      m.REACH_NOUNS[reach.key], m.first_few(reach.unset)))
        outside += [r.word for r in reach.rows if not r.listed]
    if outside:
        said.append(m.reach_outside(dict.fromkeys(outside)))
    return said


def reach_introduction(plan: Plan) -> str:
    """The introduction's sentence on who the plan reaches; '' when the plan does not
    say whom its actions address."""
    for reach in plan_reach(plan):
        if reach.key == CHARACTERISTICS_KEY and reach.named:
            nine = [r for r in reach.rows if r.listed and r.word in CHARACTERISTICS]
            return m.reach_introduction(sum(1 for r in nine if r.ids), len(nine),
                                        [_lower(w) for w in reach.missing_standard()])
    return ""


def reach_sheet_rows(tables: Sequence[ReachTable]) -> tuple[tuple[str, ...], list[list[Any]]]:
    """The reach tables as one table for a workbook, a first column saying which list
    each row is of (so a filter shows one): headers and rows."""
    rows = [[table.label, *row] for table in tables for row in table.rows()]
    return (*m.REACH_BY, *m.REACH_COLUMNS), rows
