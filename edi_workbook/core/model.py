"""The plan in the council's own words: plain data, no I/O.

Readers turn workbooks into these objects and writers turn them back; the
merge and the flags work on them alone, so they can be tested without a file.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from .cells import folded
from .equality import Equality
from .history import Change, ReturnRecord
from .schema import NO_STATUS
from .timescale import Timescale, parse_timescale


class Status(StrEnum):
    """The statuses a service lead may choose; the order is the dropdown's."""

    NOT_STARTED = "Not started"
    ON_TRACK = "On track"
    AT_RISK = "At risk"
    OFF_TRACK = "Off track"
    COMPLETE = "Complete"
    CLOSED = "Closed"
    CARRIED_FORWARD = "Carried forward"


STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
DONE_STATUSES = frozenset({Status.COMPLETE.value, Status.CLOSED.value})

# How far a status is along, for the direction of travel: higher is better.
# Carried forward ranks with On track (alive and planned, just in a later
# year); Complete and Closed are both done.
STATUS_RANK: dict[str, int] = {
    Status.OFF_TRACK.value: 0,
    Status.AT_RISK.value: 1,
    Status.NOT_STARTED.value: 2,
    Status.ON_TRACK.value: 3,
    Status.CARRIED_FORWARD.value: 3,
    Status.COMPLETE.value: 4,
    Status.CLOSED.value: 4,
}

# Words people type instead of the list's own, folded to lower case with
# spaces, hyphens and underscores removed.  RAG colour names map to the
# status that colour stands for.
_STATUS_VARIANTS = {
    "notstarted": Status.NOT_STARTED,
    "notyetstarted": Status.NOT_STARTED,
    "grey": Status.NOT_STARTED,
    "gray": Status.NOT_STARTED,
    "ontrack": Status.ON_TRACK,
    "green": Status.ON_TRACK,
    "g": Status.ON_TRACK,
    "inprogress": Status.ON_TRACK,
    "ongoing": Status.ON_TRACK,
    "atrisk": Status.AT_RISK,
    "amber": Status.AT_RISK,
    "a": Status.AT_RISK,
    "offtrack": Status.OFF_TRACK,
    "red": Status.OFF_TRACK,
    "r": Status.OFF_TRACK,
    "delayed": Status.OFF_TRACK,
    "complete": Status.COMPLETE,
    "completed": Status.COMPLETE,
    "done": Status.COMPLETE,
    "blue": Status.COMPLETE,
    "closed": Status.CLOSED,
    "carriedforward": Status.CARRIED_FORWARD,
    "carryforward": Status.CARRIED_FORWARD,
    "purple": Status.CARRIED_FORWARD,
}


def normalise_status(text: object) -> str | None:
    """The list's spelling of a typed status, '' for blank, None if unknown."""
    if text is None:
        return ""
    return _normalise_status(str(text))


@functools.lru_cache(maxsize=1024)  # asked for every status cell of every return
def _normalise_status(text: str) -> str | None:
    raw = text.strip()
    if not raw:
        return ""
    status = _STATUS_VARIANTS.get(_fold_status(raw))
    return status.value if status else None


def _fold_status(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text).lower()


@dataclass(frozen=True)
class StatusList:
    """A plan's own status words, each counting as one of the tool's STATUSES.

    A council that writes "Green / Amber / Red / Complete" or "Not started /
    In progress / Done" keeps its words: they fill the dropdowns of the plan
    and its returns; what each counts as drives flags, the direction of
    travel, colours and the report. The default is the tool's own list.
    """

    words: tuple[str, ...] = STATUSES
    counts_as: tuple[str, ...] = STATUSES  # one of STATUSES per word

    @classmethod
    def of(cls, pairs: list[tuple[str, str]]) -> StatusList:
        """From (word, counts as) pairs; a pair counting as no known status is dropped."""
        kept = [(w.strip(), normalise_status(c) or "") for w, c in pairs if w.strip()]
        kept = [(w, c) for w, c in dict(kept).items() if c]
        return cls(tuple(w for w, _ in kept), tuple(c for _, c in kept)) if kept else cls()

    @classmethod
    def parse(cls, text: str) -> StatusList:
        """'Green=On track, Amber=At risk, Red=Off track, Complete' -> a list.

        A word without '=' counts as what it usually means ("Done", "Amber");
        'tool' or '' is the tool's own list. Raises ValueError naming a word
        that counts as none of the tool's statuses.
        """
        if text.strip().casefold() in ("", "tool"):
            return cls()
        pairs = []
        for part in re.split(r"[,;\n]", text):
            word, _, meaning = part.partition("=")
            word = word.strip()
            if not word:
                continue
            counts_as = normalise_status(meaning.strip() or word)
            if not counts_as:
                raise ValueError(f"{word!r} counts as none of {', '.join(STATUSES)}:"
                                 f" write it as '{word}=On track' (or another of those)")
            pairs.append((word, counts_as))
        return cls.of(pairs)

    @property
    def is_default(self) -> bool:
        return self.words == STATUSES and self.counts_as == STATUSES

    def word_meaning(self, meaning: str) -> str | None:
        """The plan's first word counting as one of the tool's statuses."""
        for word, counts_as in zip(self.words, self.counts_as, strict=True):
            if counts_as == meaning:
                return word
        return None

    def pairs(self) -> list[tuple[str, str]]:
        return list(zip(self.words, self.counts_as, strict=True))

    def word_for(self, text: object) -> str | None:
        """The plan's word for a typed status: '' for blank, None if it is none of them.

        The plan's own words first (any case or spacing), then the usual
        variants ("complete", "Green", "on-track") when exactly one of the
        plan's words counts as what the variant means.
        """
        raw = "" if text is None else str(text).strip()
        return _word_for(self, raw) if raw else ""

    def means(self, word: object) -> str | None:
        """The tool's status a word (or a typed variant of one) counts as."""
        found = self.word_for(word)
        if not found:
            return None
        return self.counts_as[self.words.index(found)]

    def done(self, word: object) -> bool:
        return self.means(word) in DONE_STATUSES

    def rank(self, word: object) -> int | None:
        meaning = self.means(word)
        return STATUS_RANK.get(meaning) if meaning else None


@functools.lru_cache(maxsize=4096)  # asked for every status cell of every return
def _word_for(statuses: StatusList, raw: str) -> str | None:
    folded = _fold_status(raw)
    for word in statuses.words:
        if _fold_status(word) == folded:
            return word
    meaning = normalise_status(raw)
    if meaning:
        words = [w for w, c in statuses.pairs() if c == meaning]
        if len(words) == 1:
            return words[0]
    return None


class ActionType(StrEnum):
    NEW = "New"
    ONGOING = "Ongoing"
    NEW_FOCUS = "New focus"


# The cells a service lead fills in; everything else in a return is context.
EDITABLE_FIELDS: tuple[str, ...] = ("status", "progress", "revised_timescale", "comments")

SERVICE_SEPARATOR = "; "


@dataclass
class Service:
    """A service leads return to: its name, the other names it goes by, its lead."""

    name: str
    aliases: list[str] = field(default_factory=list)
    lead: str = ""
    email: str = ""
    deputy_email: str = ""

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


# The fields a shared action keeps per service: each service's own words.
SERVICE_FIELDS: tuple[str, ...] = ("progress", "comments", "evidence")
# The box a lead fills in where the plan has the equality columns: a link or words
# showing the action's outcome, merged like Comments (each service's own).
EQUALITY_EDITABLE_FIELDS: tuple[str, ...] = ("evidence",)


@dataclass
class ServiceUpdate:
    """One service's own progress update and comments on a shared action.

    Kept apart from every other service's, so a return shows a lead only their
    own words and nothing they type is ever searched for another service's name.
    """

    action_id: str
    service: str
    progress: str = ""
    comments: str = ""
    last_updated: date | None = None
    evidence: str = ""
    # A row of the Service updates sheet that no longer fits the plan (its
    # action or service is gone): kept, and `validate` says why.
    problem: str = ""

    def get(self, field_name: str) -> str:
        return getattr(self, field_name)


@dataclass
class Action:
    """One tracked row of the plan; a milestone is an Action with id 'EM-04.1'."""

    id: str
    objective: str
    title: str = ""
    type: str = ""
    description: str = ""
    services: list[str] = field(default_factory=list)
    timescale: Timescale = field(default_factory=lambda: parse_timescale(""))
    due: date | None = None
    status: str = ""
    progress: str = ""
    revised_timescale: str = ""
    comments: str = ""
    last_updated: date | None = None
    updated_by: str = ""
    flag: str = ""
    # Evidence of the action's outcome, where the plan has the equality columns.
    evidence: str = ""
    # Columns a user added to the table, header -> value, in their order; the
    # equality columns' values too, under their headers (core/equality.py).
    extra: dict[str, Any] = field(default_factory=dict)
    # A shared action's own words per service (progress and comments), by
    # service; `progress` and `comments` then hold the plan's own words only.
    updates: dict[str, ServiceUpdate] = field(default_factory=dict)
    # The officer's own notes on this action's cells, by column header.
    notes: dict[str, str] = field(default_factory=dict)
    # Where the row stood when read (1-based), for messages; not plan data.
    source_row: int | None = field(default=None, compare=False, repr=False)

    @property
    def parent_id(self) -> str:
        """'EM-04' for milestone 'EM-04.2', the id itself otherwise.

        A council's own section numbers ('1.2', '3.10') are refs, not
        milestones: a milestone's parent holds a letter.
        """
        head, dot, tail = self.id.partition(".")
        if dot and tail.isdigit() and not head.isdigit():
            return head
        return self.id

    @property
    def is_milestone(self) -> bool:
        return self.parent_id != self.id

    def get(self, field_name: str) -> Any:
        return getattr(self, field_name)

    def replace(self, **changes: Any) -> Action:
        return dataclasses.replace(self, **changes)

    @property
    def is_shared(self) -> bool:
        return len(self.services) > 1

    def keeps_own_words(self, service: str) -> bool:
        """Whether `service`'s progress and comments are its own record, not the action's:
        on a shared action, and wherever it has a record (a service taken off a shared
        action, or the one left on it, keeps its own words apart)."""
        return self.is_shared or service in self.updates

    def own_words(self, field_name: str, service: str) -> str:
        """What `service` last said in `field_name`: its own record where it keeps one."""
        if field_name in SERVICE_FIELDS and self.keeps_own_words(service):
            update = self.updates.get(service)
            return update.get(field_name) if update else ""
        return getattr(self, field_name)

    def shown(self, field_name: str) -> str:
        """The text the objective sheet shows: the plan's own words, then each
        service's, "Service: words", in the order the services are listed."""
        own = getattr(self, field_name)
        if field_name not in SERVICE_FIELDS or not self.updates:
            return own
        parts = [own] if own else []
        order = [*self.services, *sorted(s for s in self.updates if s not in self.services)]
        for name in order:
            update = self.updates.get(name)
            words = update.get(field_name) if update else ""
            if words:
                parts.append(f"{name}: {words}")
        return "\n\n".join(parts)


@dataclass(frozen=True)
class AddedColumn:
    """How an officer set out a column they added to an actions table."""

    width: float | None = None
    hidden: bool = False
    filter_values: tuple[str, ...] = ()  # the values its filter shows; () for no filter


@dataclass(frozen=True)
class BelowTable:
    """A row typed below an objective's actions table that is neither an action nor a
    connection (or words typed in the colour key above it): kept as it stands through
    every write, below the table, never read as plan data, and named (`validate`,
    `send`, `merge`) when it holds anything like an action's ID."""

    row: int  # 1-based, where it was read
    cells: tuple[Any, ...]  # its values, column by column from column A
    words: str  # "Header: words" for each non-empty cell, by the table's headers
    id_like: str = ""  # the first text in it shaped like an ID ("CL-11", "1.4"), or ""
    # Typed in the colour key above the table, which the tool rewrites: kept below instead.
    from_key: bool = False


# An action's ID as councils write them: letters and digits joined by - . / _ ("CL-11",
# "EQ-07", "O1-01", "A3", "1.4", "3.10"), a digit in it, short, no spaces; a bare number
# ("2024") is not one.
_ID_SHAPE = re.compile(r"(?=.*[0-9])(?:(?=.*[A-Za-z])|(?=.*[.]))"
                       r"[A-Za-z0-9]+(?:[-./_][A-Za-z0-9]+)*")


def looks_like_id(text: str) -> bool:
    """Whether a cell's text is shaped like an action's ID (see _ID_SHAPE)."""
    text = text.strip()
    return 0 < len(text) <= 12 and _ID_SHAPE.fullmatch(text) is not None


@dataclass
class Objective:
    """One objective of the plan: a sheet of actions with its own words above them."""

    key: str
    role: str  # "As a Community Leader"
    statement: str = ""
    commitments: list[str] = field(default_factory=list)
    connections: list[str] = field(default_factory=list)
    # The officer's added columns: header -> width, hidden, filter, kept through writes.
    added_columns: dict[str, AddedColumn] = field(default_factory=dict)
    # Rows typed below the table that are not connections, kept as they stand.
    below: list[BelowTable] = field(default_factory=list)

    @property
    def sheet_name(self) -> str:
        """'Community Leader' for 'As a Community Leader'."""
        name = re.sub(r"^\s*As an?\s+", "", self.role, flags=re.IGNORECASE).strip()
        return name or self.key


_PERIOD = re.compile(r"\s*(\d{4})\s*(?:[-/–—]\s*(\d{4}|\d{2}))?\s*")
MAX_PERIOD_YEARS = 10


def period_bounds(period: str) -> tuple[date, date]:
    """First and last day of a plan's period.

    '2023-24' or '2023/2024' is a UK financial year (1 April to 31 March);
    '2015 – 2019' or '2023-27' several financial years, April to March;
    '2024' a calendar year.
    """
    m = _PERIOD.fullmatch(period or "")
    if not m:
        raise ValueError(f"period {period!r} is not a year like 2024, 2024-25 or 2023-27")
    first = int(m.group(1))
    if m.group(2) is None:
        return date(first, 1, 1), date(first, 12, 31)
    second = int(m.group(2))
    if len(m.group(2)) == 2:
        second += first - first % 100
        if second < first:
            second += 100
    if not first < second <= first + MAX_PERIOD_YEARS:
        raise ValueError(f"period {period!r}: the second year must follow the first")
    return date(first, 4, 1), date(second, 3, 31)


def period_name(period: str) -> str:
    """One spelling of a period: '2015-19' for '2015 – 2019', '2024' for ' 2024'."""
    start, end = period_bounds(period)
    if start.month == 1:
        return str(start.year)
    return f"{start.year}-{end.year % 100:02d}"


def annual_update_for(period: str) -> date:
    """The end of the period's first year: a multi-year plan is updated every year."""
    start, _ = period_bounds(period)
    first_year_end = start.replace(year=start.year + 1) - timedelta(days=1)
    return first_year_end


@dataclass
class Plan:
    """The whole action plan as read: objectives, actions, services and its history."""

    title: str = "EDI Action Plan"
    organisation: str = ""
    period: str = ""
    annual_update: date | None = None
    revision: int = 0
    plan_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    objectives: list[Objective] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    # Sheets the tool does not own (a user's notes, rollover's "Closed last
    # year" and "Lineage"), name -> rows of values, kept through every write.
    extra_sheets: dict[str, list[list[Any]]] = field(default_factory=dict)
    # The council's own status words and what each counts as.
    statuses: StatusList = field(default_factory=StatusList)
    # Every change applied by every merge, newest first, and every return merged.
    history: list[Change] = field(default_factory=list)
    returns_log: list[ReturnRecord] = field(default_factory=list)
    # Service updates rows whose action or service is no longer in the plan.
    loose_updates: list[ServiceUpdate] = field(default_factory=list)
    # The officer's notes on cells outside the actions tables: sheet -> cell -> text.
    sheet_notes: dict[str, dict[str, str]] = field(default_factory=dict)
    # What of the officer's own work in the workbook could not be kept, for the summary.
    not_kept: list[str] = field(default_factory=list)
    # The date Due and Flag were last worked out for (flag or merge's --as-of).
    as_at: date | None = None
    # Who signs the e-mails to service leads: the plan owner's name and job title.
    owner_name: str = ""
    owner_role: str = ""
    # The equality columns the plan has, and its lists (core/equality.py).
    equality: Equality = field(default_factory=Equality)
    # The introduction of the council's own document, kept by import (About sheet).
    introduction: list[str] = field(default_factory=list)

    def objective(self, key: str) -> Objective:
        for objective in self.objectives:
            if objective.key == key:
                return objective
        raise KeyError(key)

    def actions_for(self, key: str) -> list[Action]:
        return [a for a in self.actions if a.objective == key]

    def status_word(self, action: Action) -> str:
        """The word an action's status is shown and counted under: the list's spelling,
        the council's own words for a status outside the list, or NO_STATUS."""
        return self.statuses.word_for(action.status) or action.status.strip() or NO_STATUS

    def action_index(self) -> dict[str, Action]:
        return {a.id: a for a in self.actions}

    def service(self, name: str) -> Service | None:
        """The service called `name` or known by it as an alias, any case."""
        wanted = folded(name)
        for service in self.services:
            if any(folded(n) == wanted for n in service.names()):
                return service
        return None

    def actions_of_service(self, name: str) -> list[Action]:
        return [a for a in self.actions if name in a.services]

    def replace(self, **changes: Any) -> Plan:
        return dataclasses.replace(self, **changes)


def split_services(text: str, services: list[Service]) -> tuple[list[str], list[str]]:
    """Canonical service names in `text`, and the parts no service matched.

    Plans write "Housing/Human Resources" or "Housing, Revenues and Benefits,
    Policy, Communities and Engagement." Service names may themselves hold
    commas, so known names (and aliases) are matched longest first before the
    text is split on '/', ';', ',' and newlines. To split many texts against
    one list, build a `ServiceMatcher` once instead.
    """
    return ServiceMatcher(services)(text)


class ServiceMatcher:
    """`split_services` against one list of services, its lookups built once.

    A plan reader splits thousands of cells against the same services, and
    the same few texts recur: answers are remembered per text.
    """

    def __init__(self, services: list[Service]) -> None:
        self._pairs = tuple((alias, s.name) for s in services for alias in s.names())
        self._canonical = frozenset(name for _, name in self._pairs)
        self._seen: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._pattern: tuple[re.Pattern[str] | None, dict[str, str]] | None = None

    def __call__(self, text: str) -> tuple[list[str], list[str]]:
        key = text or ""
        answer = self._seen.get(key)
        if answer is None:
            found, unknown = self._split(key)
            answer = self._seen[key] = (tuple(found), tuple(unknown))
        return list(answer[0]), list(answer[1])

    def _split(self, text: str) -> tuple[list[str], list[str]]:
        parts = text.split(SERVICE_SEPARATOR)
        if all(part in self._canonical for part in parts):  # as this tool writes it: fast
            return list(dict.fromkeys(parts)), []
        if self._pattern is None:
            self._pattern = _service_pattern(self._pairs)
        pattern, lookup = self._pattern
        found: list[str] = []
        rest = " " + re.sub(r"\s+", " ", text) + " "
        if pattern is not None:
            for m in pattern.finditer(rest):
                name = lookup[m.group(0).casefold()]
                if name not in found:
                    found.append(name)
            rest = pattern.sub("/", rest)
        unknown = [part.strip(" .") for part in re.split(r"[/;,\n]", rest) if part.strip(" .")]
        return found, unknown


@functools.lru_cache(maxsize=32)
def _service_pattern(
    pairs: tuple[tuple[str, str], ...],
) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex for every name and alias, longest first so the longest wins."""
    lookup = {alias.casefold(): name for alias, name in pairs}
    if not lookup:
        return None, lookup
    ordered = sorted(lookup, key=len, reverse=True)
    body = "|".join(re.escape(alias) for alias in ordered)
    return re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", re.IGNORECASE), lookup


def long_date(day: date) -> str:
    """'8 March 2024': a date as GOV.UK writes it, for people to read (never 08/03/2024,
    which a reader abroad takes for 3 August)."""
    return f"{day.day} {day:%B %Y}"


def as_date(value: Any) -> date | None:
    """A cell value as a date: real dates, datetimes and ISO or UK text."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if _ISO_DATE.fullmatch(text):  # as this tool writes dates: skip strptime
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    if len(text) <= _CACHED_DATE_TEXT:
        return _date_from_text(text)
    return _date_from_text.__wrapped__(text)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CACHED_DATE_TEXT = 64  # longer text is never a date worth remembering


@functools.lru_cache(maxsize=1024)
def _date_from_text(text: str) -> date | None:
    """strptime is slow and a plan repeats its dates: answers are remembered."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    return None


# The three roles of the Equality Framework plans councils publish (seed 000).
DEFAULT_OBJECTIVES = (
    ("CL", "As a Community Leader"),
    ("EM", "As an Employer"),
    ("SP", "As a Service Provider"),
)


def new_plan(title: str = "EDI Action Plan", organisation: str = "",
             period: str | None = None, statuses: StatusList | None = None,
             equality: Equality | None = None) -> Plan:
    """A blank plan with the usual three objectives and no actions (and, given
    `equality`, its equality columns and lists)."""
    annual_update = annual_update_for(period) if period else None
    return Plan(
        title=title,
        organisation=organisation,
        period=period or "",
        annual_update=annual_update,
        objectives=[Objective(key, role) for key, role in DEFAULT_OBJECTIVES],
        statuses=statuses or StatusList(),
        equality=equality or Equality(),
    )


# Shared actions: each service's progress update is kept as its own block,
# "[Housing] text", so one service's return never overwrites another's.
def service_parts(text: str, service_names: list[str]) -> dict[str, str]:
    """'[Housing] a\\n[ICT] b' -> {'Housing': 'a', 'ICT': 'b'}; unprefixed text under ''."""
    if "[" not in (text or ""):  # no blocks at all: the common case, asked per cell
        return {"": text.strip()} if text and text.strip() else {}
    parts: dict[str, list[str]] = {}
    current = ""
    known = sorted(service_names, key=len, reverse=True)
    for line in (text or "").split("\n"):
        for name in known:
            prefix = f"[{name}]"
            if line.startswith(prefix):
                current = name
                line = line[len(prefix):].lstrip(" ")
                break
        parts.setdefault(current, []).append(line)
    return {k: "\n".join(v).strip() for k, v in parts.items() if "\n".join(v).strip()}
