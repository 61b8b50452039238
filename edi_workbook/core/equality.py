"""The equality duty in the plan: whom an action serves, which aims it advances, and
who the plan reaches. Pure: standard library only.

A council's EDI action plan is how it shows "due regard" to the three aims of
the general equality duty (Equality Act 2010 s.149) for the nine protected
characteristics (s.4); many councils also track it against the four modules
of the LGA's Equality Framework for Local Government (EFLG, 2021). A plan may
carry optional equality columns (schema.EQUALITY_COLUMNS): the characteristics
an action addresses, the aims it advances, its EFLG module, its outcome or
measure of success with baseline and target, whether it is for staff or
service users, and the equality impact assessment it came from.

Four of them are read against a list, and each list belongs to the plan, as
its status list does (`EqualityLists`): the nine characteristics plus the
council's own additions (carers, socio-economic disadvantage, ...), the three
aims in plain words, the four modules, staff and service users. A cell is
read whatever the separator (commas, "/", " & ", " and ", new lines) and in
the council's own words ("Disabled people", "BAME", "LGBTQ+"); words outside
the list are kept as written and named, never dropped (`read_cell`). The cell
itself keeps the council's words: the reading is worked out whenever needed.

`plan_reach` answers the question committees ask first: who does the plan
reach, and whom does it leave out?
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import messages as m
from .schema import EQUALITY_COLUMNS, NO_STATUS

if TYPE_CHECKING:  # model imports this module: no cycle at run time
    from .model import Action, Plan

# The nine protected characteristics, as the Equality Act 2010 s.4 names them.
CHARACTERISTICS: tuple[str, ...] = (
    "Age", "Disability", "Gender reassignment", "Marriage and civil partnership",
    "Pregnancy and maternity", "Race", "Religion or belief", "Sex", "Sexual orientation")
# The three aims of the general equality duty (s.149(1)(a)-(c)), in plain words.
AIMS: tuple[str, ...] = (
    "Eliminate discrimination, harassment and victimisation",
    "Advance equality of opportunity",
    "Foster good relations")
# The four modules of the Equality Framework for Local Government 2021.
EFLG_MODULES: tuple[str, ...] = (
    "Understanding and working with your communities",
    "Leadership, partnership and organisational commitment",
    "Responsive services and customer care",
    "Diverse and engaged workforce")
# The two groups the specific duties' published information covers (SI 2017/353 reg. 4).
STAFF, SERVICE_USERS = "Staff", "Service users"
FACING: tuple[str, ...] = (STAFF, SERVICE_USERS)
# Groups councils add to the nine (the EFLG names caring responsibilities,
# socio-economic inequality and rural isolation): known by their usual spellings,
# and added to a plan's list when its actions name them at import.
ADDITIONS: tuple[str, ...] = (
    "Carers", "Socio-economic disadvantage", "Rural isolation", "Armed forces community",
    "Care experience")

CHARACTERISTICS_KEY, AIMS_KEY, EFLG_KEY, FACING_KEY = "characteristics", "aims", "eflg", "facing"
OUTCOME_KEY, BASELINE_KEY, TARGET_KEY, EIA_KEY = "outcome", "baseline", "target", "eia"
EVIDENCE_KEY = "evidence"
EQUALITY_KEYS: tuple[str, ...] = tuple(k for k, _ in EQUALITY_COLUMNS)
HEADER_FOR_KEY: dict[str, str] = dict(EQUALITY_COLUMNS)
KEY_FOR_HEADER: dict[str, str] = {h: k for k, h in EQUALITY_COLUMNS}
# The columns read against a list, and the columns of the plan's own words.
LISTED: tuple[str, ...] = (CHARACTERISTICS_KEY, AIMS_KEY, EFLG_KEY, FACING_KEY)
# The columns that say who the plan reaches, in the order the report shows them.
REACH_KEYS: tuple[str, ...] = (CHARACTERISTICS_KEY, AIMS_KEY, EFLG_KEY)

# Other spellings councils use, each -> the list words it means. Matched whole,
# whatever the case and hyphens, longest first, before a cell is split.
_SPELLINGS: dict[str, dict[str, tuple[str, ...]]] = {
    CHARACTERISTICS_KEY: {
        "age": ("Age",), "older people": ("Age",), "older residents": ("Age",),
        "young people": ("Age",), "younger people": ("Age",), "children": ("Age",),
        "children and young people": ("Age",), "elderly": ("Age",),
        "disabled": ("Disability",), "disabled people": ("Disability",),
        "disabilities": ("Disability",), "disabled residents": ("Disability",),
        "disabled staff": ("Disability",), "learning disabilities": ("Disability",),
        "neurodivergent": ("Disability",), "neurodiversity": ("Disability",),
        "trans": ("Gender reassignment",), "transgender": ("Gender reassignment",),
        "trans people": ("Gender reassignment",), "gender identity": ("Gender reassignment",),
        "marriage": ("Marriage and civil partnership",),
        "civil partnership": ("Marriage and civil partnership",),
        "marriage and civil partnerships": ("Marriage and civil partnership",),
        "marital status": ("Marriage and civil partnership",),
        "pregnancy": ("Pregnancy and maternity",), "maternity": ("Pregnancy and maternity",),
        "ethnicity": ("Race",), "ethnic origin": ("Race",), "ethnic minorities": ("Race",),
        "ethnic minority": ("Race",), "bame": ("Race",), "bme": ("Race",),
        "black, asian and minority ethnic": ("Race",), "global majority": ("Race",),
        "nationality": ("Race",), "race and ethnicity": ("Race",),
        "religion": ("Religion or belief",), "belief": ("Religion or belief",),
        "faith": ("Religion or belief",), "religion and belief": ("Religion or belief",),
        "religion or beliefs": ("Religion or belief",), "faith and belief": ("Religion or belief",),
        "faith communities": ("Religion or belief",),
        "gender": ("Sex",), "women": ("Sex",), "men": ("Sex",), "women and girls": ("Sex",),
        "sexuality": ("Sexual orientation",), "lgb": ("Sexual orientation",),
        "lesbian, gay and bisexual": ("Sexual orientation",),
        "lgbt": ("Sexual orientation", "Gender reassignment"),
        "lgbt+": ("Sexual orientation", "Gender reassignment"),
        "lgbtq": ("Sexual orientation", "Gender reassignment"),
        "lgbtq+": ("Sexual orientation", "Gender reassignment"),
        "lgbtqia+": ("Sexual orientation", "Gender reassignment"),
        "all protected characteristics": CHARACTERISTICS,
        "all nine protected characteristics": CHARACTERISTICS,
        "all characteristics": CHARACTERISTICS,
        "carer": ("Carers",), "unpaid carers": ("Carers",),
        "caring responsibilities": ("Carers",),
        "socio-economic": ("Socio-economic disadvantage",),
        "socio-economic status": ("Socio-economic disadvantage",),
        "socio-economic inequality": ("Socio-economic disadvantage",),
        "socio-economic deprivation": ("Socio-economic disadvantage",),
        "socioeconomic": ("Socio-economic disadvantage",),
        "low income": ("Socio-economic disadvantage",), "poverty": ("Socio-economic disadvantage",),
        "deprivation": ("Socio-economic disadvantage",),
        "rural": ("Rural isolation",), "rurality": ("Rural isolation",),
        "armed forces": ("Armed forces community",), "veterans": ("Armed forces community",),
        "armed forces covenant": ("Armed forces community",),
        "care experienced": ("Care experience",), "care leavers": ("Care experience",),
    },
    AIMS_KEY: {
        "eliminate discrimination": (AIMS[0],), "eliminate unlawful discrimination": (AIMS[0],),
        "eliminating discrimination": (AIMS[0],), "discrimination": (AIMS[0],),
        "harassment": (AIMS[0],), "victimisation": (AIMS[0],), "eliminate": (AIMS[0],),
        "advance equality": (AIMS[1],), "advancing equality": (AIMS[1],),
        "equality of opportunity": (AIMS[1],), "equal opportunities": (AIMS[1],),
        "advance equality of opportunities": (AIMS[1],), "advance": (AIMS[1],),
        "foster good relations": (AIMS[2],), "fostering good relations": (AIMS[2],),
        "good relations": (AIMS[2],), "community cohesion": (AIMS[2],), "foster": (AIMS[2],),
        "all three aims": AIMS, "all aims": AIMS,
    },
    EFLG_KEY: {
        "understanding and working with communities": (EFLG_MODULES[0],),
        "understanding your communities": (EFLG_MODULES[0],),
        "communities": (EFLG_MODULES[0],),
        "leadership and organisational commitment": (EFLG_MODULES[1],),
        "leadership": (EFLG_MODULES[1],), "organisational commitment": (EFLG_MODULES[1],),
        "responsive services": (EFLG_MODULES[2],), "customer care": (EFLG_MODULES[2],),
        "services": (EFLG_MODULES[2],),
        "diverse workforce": (EFLG_MODULES[3],), "workforce": (EFLG_MODULES[3],),
    },
    FACING_KEY: {
        "staff-facing": (STAFF,), "staff facing": (STAFF,), "employees": (STAFF,),
        "workforce": (STAFF,), "internal": (STAFF,), "employer": (STAFF,),
        "service-facing": (SERVICE_USERS,), "service facing": (SERVICE_USERS,),
        "service user": (SERVICE_USERS,), "service": (SERVICE_USERS,),
        "services": (SERVICE_USERS,), "residents": (SERVICE_USERS,),
        "customers": (SERVICE_USERS,), "public": (SERVICE_USERS,), "external": (SERVICE_USERS,),
        "community": (SERVICE_USERS,), "service provider": (SERVICE_USERS,),
        "staff and service users": FACING, "staff and residents": FACING,
    },
}
# A part alone that names the whole list ("All", "Both"), and short codes ("Aim 2", "b", "3").
_ALL = re.compile(r"^(?:all|everyone|all groups|both)$", re.IGNORECASE)
_CODE = re.compile(r"^(?:aim|module|no\.?|s\.?\s*149\s*\(1\))?\s*\(?([1-4]|[a-d])\)?$",
                   re.IGNORECASE)
_CODED = (AIMS_KEY, EFLG_KEY)
# What separates several values in one cell. " and " / " or " only between
# parts no list word matched: "Marriage and civil partnership" is one word.
_SEPARATORS = re.compile(r"[,;/\n|•+]|\s&\s|\s(?:and|or)\s", re.IGNORECASE)
_TRIM = " .:-–—()[]'\"“”‘’*"


@dataclass(frozen=True)
class EqualityLists:
    """A plan's own lists: what its equality cells are read against.

    The characteristics are the nine and the council's own additions; the
    other lists are the law's and the framework's words unless the plan says
    otherwise. Kept on the About sheet, one word a row, where an officer adds
    to them.
    """

    characteristics: tuple[str, ...] = CHARACTERISTICS
    aims: tuple[str, ...] = AIMS
    eflg: tuple[str, ...] = EFLG_MODULES
    facing: tuple[str, ...] = FACING

    def words(self, key: str) -> tuple[str, ...]:
        return tuple(getattr(self, key))

    def with_words(self, key: str, words: Iterable[str]) -> EqualityLists:
        """These lists with `key`'s list given (blank words and repeats left out)."""
        kept = tuple(dict.fromkeys(w.strip() for w in words if w.strip()))
        return _replace(self, key, kept or DEFAULT_LISTS.words(key))

    def adding(self, key: str, words: Iterable[str]) -> EqualityLists:
        """These lists with `words` added at the end of `key`'s (those it has already kept)."""
        have = {_fold(w) for w in self.words(key)}
        new: list[str] = []
        for word in words:
            if word.strip() and _fold(word) not in have:
                have.add(_fold(word))
                new.append(word.strip())
        return _replace(self, key, (*self.words(key), *new)) if new else self

    def own(self, key: str = CHARACTERISTICS_KEY) -> tuple[str, ...]:
        """The plan's own additions to `key`'s list."""
        standard = {_fold(w) for w in DEFAULT_LISTS.words(key)}
        return tuple(w for w in self.words(key) if _fold(w) not in standard)

    def is_default(self, key: str) -> bool:
        return self.words(key) == DEFAULT_LISTS.words(key)


def _replace(lists: EqualityLists, key: str, words: tuple[str, ...]) -> EqualityLists:
    values = {k: lists.words(k) for k in LISTED}
    values[key] = words
    return EqualityLists(**values)


DEFAULT_LISTS = EqualityLists()


@dataclass
class Equality:
    """The equality columns a plan has (keys of EQUALITY_COLUMNS, in its order) and
    its lists. A plan with no equality columns is read, written and reported as before."""

    columns: tuple[str, ...] = ()
    lists: EqualityLists = field(default_factory=EqualityLists)

    @property
    def present(self) -> bool:
        return bool(self.columns)

    def has(self, key: str) -> bool:
        return key in self.columns

    @classmethod
    def all_columns(cls, lists: EqualityLists | None = None) -> Equality:
        """Every equality column: what `new` offers."""
        return cls(EQUALITY_KEYS, lists or EqualityLists())


def ordered_columns(keys: Iterable[str]) -> tuple[str, ...]:
    """`keys` in EQUALITY_COLUMNS' order, with Evidence whenever there are any."""
    wanted = set(keys)
    if wanted:
        wanted.add(EVIDENCE_KEY)
    return tuple(k for k in EQUALITY_KEYS if k in wanted)


def _fold(text: str) -> str:
    """A spelling as matched: any case, hyphens and runs of spaces alike."""
    return " ".join(re.sub(r"[-‐‑–—]", " ", str(text)).split()).casefold()


# --- reading a cell ----------------------------------------------------------------

@dataclass(frozen=True)
class Reading:
    """What an equality cell names: the list's words, the parts outside the list as
    written, and (as written, list words) for each part read as something else."""

    words: tuple[str, ...] = ()
    outside: tuple[str, ...] = ()
    read_as: tuple[tuple[str, tuple[str, ...]], ...] = ()


def read_cell(text: Any, key: str, words: Sequence[str]) -> Reading:
    """`text` (an equality cell) read against `words`, the plan's list for `key`.

    The plan's own words and the usual spellings of every known word are
    matched first, longest first, so "Marriage and civil partnership" and
    "Black, Asian and minority ethnic" are never split; what is left is split
    on commas, "/", ";", " & ", " and ", " or " and new lines. A part that is
    none of them is kept as written in `outside`. A known word the plan's list
    lacks ("Carers" in a plan of the nine) is outside too, under its own name.
    """
    raw = "" if text is None else str(text).strip()
    if not raw:
        return Reading()
    return _read(raw, key, tuple(words))


@functools.lru_cache(maxsize=2048)  # a plan repeats its cells
def _read(raw: str, key: str, words: tuple[str, ...]) -> Reading:
    listed = {_fold(w) for w in words}
    pattern, meaning = _matcher(key, words)
    found: list[str] = []
    outside: list[str] = []
    read_as: list[tuple[str, tuple[str, ...]]] = []

    def keep(means: tuple[str, ...], written: str) -> None:
        for word in means:
            if _fold(word) in listed:
                found.append(_spelt(word, words))
            else:  # a known word the plan's list lacks: as written, so validate can say so
                outside.append(written if len(means) == 1 else word)
        if len(means) != 1 or _fold(written) != _fold(means[0]):
            read_as.append((written, means))

    # The text between the spellings matched is split on the separators, part by part.
    last = 0
    between: list[str] = []
    for hit in (pattern.finditer(raw) if pattern is not None else ()):
        between.append(raw[last:hit.start()])
        keep(meaning[_fold(hit.group())], hit.group())
        last = hit.end()
    between.append(raw[last:])
    for part in (p for text in between for p in _SEPARATORS.split(text)):
        part = " ".join(part.split()).strip(_TRIM)
        if not part or part.casefold() in ("and", "or", "&"):
            continue
        code = _CODE.match(part) if key in _CODED else None
        if _ALL.match(part):
            keep(_everything(key, words), part)
        elif code is not None and _coded(key, code.group(1)):
            keep(_coded(key, code.group(1)), part)
        else:
            outside.append(part)
    return Reading(tuple(dict.fromkeys(found)), tuple(dict.fromkeys(outside)),
                   tuple(dict.fromkeys(read_as)))


def _spelt(word: str, words: Sequence[str]) -> str:
    """The plan's own spelling of a list word."""
    folded = _fold(word)
    return next((w for w in words if _fold(w) == folded), word)


def _everything(key: str, words: Sequence[str]) -> tuple[str, ...]:
    """What "All" names: the nine (not the plan's additions), or the whole list."""
    return CHARACTERISTICS if key == CHARACTERISTICS_KEY else tuple(words)


def _coded(key: str, code: str) -> tuple[str, ...]:
    """Aim 1-3 (or a-c, s.149(1)'s letters), module 1-4."""
    options = AIMS if key == AIMS_KEY else EFLG_MODULES
    if not code.isdigit() and key != AIMS_KEY:
        return ()
    n = int(code) if code.isdigit() else "abcd".index(code.casefold()) + 1
    return (options[n - 1],) if 1 <= n <= len(options) else ()


@functools.lru_cache(maxsize=64)
def _matcher(key: str, words: tuple[str, ...]) -> tuple[re.Pattern[str] | None,
                                                         dict[str, tuple[str, ...]]]:
    """One regex for the plan's words and every known spelling, longest first."""
    meaning: dict[str, tuple[str, ...]] = {}
    known = (*DEFAULT_LISTS.words(key), *(ADDITIONS if key == CHARACTERISTICS_KEY else ()))
    for word in (*words, *known):
        meaning.setdefault(_fold(word), (word,))
    for spelling, means in _SPELLINGS.get(key, {}).items():
        meaning.setdefault(_fold(spelling), means)
    if not meaning:
        return None, meaning
    alternatives = []
    for spelling in sorted(meaning, key=len, reverse=True):
        parts = [re.escape(p) for p in spelling.split()]
        alternatives.append(r"[\s\-‐‑–—]+".join(parts))
    body = "|".join(alternatives)
    return re.compile(rf"(?<![\w+])(?:{body})(?![\w+])", re.IGNORECASE), meaning


def known_word(text: str, key: str) -> str:
    """The word of the tool's vocabulary a part outside a plan's list means, or ''.

    "Carers" in a plan of the nine is "Carers", one of the usual additions:
    import adds it to the plan's list; validate suggests adding it.
    """
    means = _matcher(key, ())[1].get(_fold(text), ())
    return means[0] if len(means) == 1 else ""


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
        standard = {_fold(w) for w in DEFAULT_LISTS.words(self.key)}
        return [w for w in self.missing() if _fold(w) in standard]

    @property
    def named(self) -> bool:
        """Whether any action names anything in this column."""
        return any(r.ids for r in self.rows)


def status_word(plan: Plan, action: Action) -> str:
    """The status as reports show it: the plan's word, the council's own, or NO_STATUS."""
    return plan.statuses.word_for(action.status) or action.status.strip() or NO_STATUS


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
        rows = {_fold(w): ReachRow(w) for w in words}
        unset = []
        for action in plan.actions:
            reading = action_reading(plan, action, key)
            if not reading.words and not reading.outside:
                unset.append(action.id)
                continue
            status = status_word(plan, action)
            for word in (*reading.words, *(known_word(p, key) or p for p in reading.outside)):
                row = rows.get(_fold(word))
                if row is None:
                    row = rows[_fold(word)] = ReachRow(word, listed=False)
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
    row = ReachRow("", statuses=[status_word(plan, a) for a in plan.actions if a.id in wanted])
    return row.status_counts(order)


def _phrase(word: str) -> str:
    """A status in running text: the tool's words in lower case, a council's own as written."""
    from .model import STATUSES

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
