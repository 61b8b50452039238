"""A plan the council already has, in Word, CSV or a workbook, turned into a Plan.

Councils publish and keep their plans in many shapes: a flat table (Action |
By when | Responsible officer | Completed | Outcome), numbered objectives each
with a Target | Target date table, a tracker workbook with title rows, RAG
colours and refs, a CSV with an Objective column. The readers (word.py,
tables.py) give any of them as texts and tables in order (source.py); this
module assembles the plan from that, using only what the source has:

* columns by meaning (columns.py); every column it does not map is kept as
  an extra column of the plan;
* objectives from an objective column, from headings ("Objective one: ...",
  "Priority 2 – ..."), from sheet names, else one named after the document;
* the source's own refs as IDs when they are unique, else IDs made per
  objective from 01;
* statuses from RAG words and "completed on <date>"; a Completed column with
  a date makes the action Complete on that date;
* services from service areas and leads (leads.py);
* the period from the title ("2023-24", "2015 – 2019", "2024").

Everything it decided is in the ImportReport, for `import` to print.
Maidstone's published plan and progress update keep their own readers
(word.py) and import exactly as they always have. Pure: the readers have
done all the reading (`importing.import_source` picks one by suffix).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core import messages as m
from ..core.cells import as_text, from_cell
from ..core.equality import (
    ADDITIONS,
    CHARACTERISTICS_KEY,
    HEADER_FOR_KEY,
    LISTED,
    Equality,
    EqualityLists,
    ordered_columns,
    read_cell,
)
from ..core.errors import WorkbookError
from ..core.leads import resolve_leads, resolve_services
from ..core.model import (
    STATUSES,
    Action,
    Objective,
    Plan,
    Service,
    Status,
    StatusList,
    annual_update_for,
    as_date,
    normalise_status,
    period_bounds,
    period_name,
)
from ..core.schema import EQUALITY_HEADERS, HEADER_FOR_FIELD, HEADERS
from ..core.timescale import DEADLINE, RECURRING, UNCLEAR, is_relative, parse_timescale
from . import columns as c
from .source import DOCX, Draft, Row, Source, Table, Text, objective_heading

NOTES_SHEET = "Notes from the source"
NOTES_HEADER = ["Where", "Text"]
DEFAULT_TITLE = "EDI Action Plan"


@dataclass
class ImportReport:
    """What import read and decided, for the officer to check."""

    source: str
    kind: str
    layout: str = ""  # a named layout read by its own rules, or "" for tables
    encoding: str = ""
    tables: int = 0
    mapping: list[tuple[str, str]] = field(default_factory=list)  # header, what it became
    choices: list[str] = field(default_factory=list)
    statuses: Counter[tuple[str, str]] = field(default_factory=Counter)  # text, status
    unknown_statuses: Counter[str] = field(default_factory=Counter)
    status_list: StatusList = field(default_factory=StatusList)
    # action id -> (the source's status text, the tool's status it means, its date)
    status_read: dict[str, tuple[str, str, date | None]] = field(default_factory=dict)
    own_statuses: bool = False  # the list is the source's own words
    completed: list[tuple[str, date]] = field(default_factory=list)  # id, date
    splits: list[tuple[str, list[str]]] = field(default_factory=list)
    kept_leads: list[tuple[str, str, str]] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    objectives_from: str = ""
    ids: str = ""
    period: str = ""
    period_from: str = ""
    annual_update: date | None = None
    cells_read: int = 0
    cells_kept: int = 0
    notes: int = 0  # texts kept on the notes sheet
    skipped_paragraphs: int = 0
    introduction: int = 0  # paragraphs kept as the plan's introduction (About sheet)
    # The equality columns: the plan's own additions to the nine, how each listed
    # column's words were read ((header, as written) -> list words, count), and the
    # words outside the lists ((header, as written) -> action ids).
    own_characteristics: tuple[str, ...] = ()
    equality_read: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    equality_outside: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    sheets_kept: list[str] = field(default_factory=list)
    without_lead: list[str] = field(default_factory=list)  # action ids
    unclear: list[str] = field(default_factory=list)  # action ids
    relative: list[str] = field(default_factory=list)
    recurring: int = 0

    def lines(self) -> list[str]:
        """The report as lines for the terminal, most useful first."""
        out = [m.import_read(self.source, self.kind, self.tables, self.layout, self.encoding)]
        out += [f"  {m.import_column(header, what)}" for header, what in self.mapping]
        out += self.choices
        if self.splits:
            out.append(m.import_splits(f"'{cell}' → {' | '.join(names)}"
                                       for cell, names in self.splits))
        out += [m.import_kept_lead(s, had, given) for s, had, given in self.kept_leads]
        if self.own_statuses:
            out.append(m.import_status_list(f"{w} ({c.lower()})"
                                            for w, c in self.status_list.pairs()))
        if self.statuses:
            out.append(m.import_statuses(f"'{text}' → {status} ({n})"
                                         for (text, status), n in self.statuses.items()))
        if self.completed:
            out.append(m.import_completed(len(self.completed)))
        out += self._equality_lines()
        if self.objectives:
            out.append(m.import_objectives(self.objectives, self.objectives_from))
        if self.ids:
            out.append(self.ids)
        out.append(self._period_line())
        if self.tables:
            out.append(m.import_cells(self.cells_read, self.cells_kept))
        if self.notes:
            out.append(m.import_notes(self.notes, NOTES_SHEET))
        if self.sheets_kept:
            out.append(m.import_sheets_kept(self.sheets_kept))
        if self.introduction:
            out.append(m.import_introduction(self.introduction))
        if self.skipped_paragraphs:
            out.append(m.import_skipped_paragraphs(self.skipped_paragraphs))
        if self.recurring:
            out.append(m.import_recurring(self.recurring))
        out += [m.warning(line) for line in self.warnings()]
        return out

    def _equality_lines(self) -> list[str]:
        """How the equality columns' words were read, and the plan's own additions."""
        out = []
        if self.own_characteristics:
            out.append(m.import_own_characteristics(self.own_characteristics))
        by_header: dict[str, list[str]] = {}
        for (header, written, words), n in self.equality_read.items():
            by_header.setdefault(header, []).append(f"'{written}' → {words} ({n})")
        out += [m.import_equality_words(header, said) for header, said in by_header.items()]
        return out

    def _period_line(self) -> str:
        if not self.period:
            return m.IMPORT_NO_PERIOD
        start, end = period_bounds(self.period)
        return m.import_period(self.period, _uk(start), _uk(end), self.period_from,
                               _uk(self.annual_update) if self.annual_update else "")

    def warnings(self) -> list[str]:
        found = []
        if self.without_lead:
            found.append(m.import_no_lead(len(self.without_lead), m.first_few(self.without_lead)))
        for text, n in self.unknown_statuses.items():
            found.append(m.import_unknown_status(text, n))
        if self.relative:
            found.append(m.import_relative(len(self.relative), m.first_few(self.relative)))
        if self.unclear:
            found.append(m.import_unclear(len(self.unclear), m.first_few(self.unclear)))
        for (header, written), ids in self.equality_outside.items():
            found.append(m.import_equality_outside(written, header, m.first_few(ids)))
        return found


@dataclass
class Imported:
    plan: Plan
    report: ImportReport


def assemble(source: Path, read: Draft | Source, *, title: str | None = None,
             organisation: str = "", period: str | None = None,
             services: list[Service] | None = None, columns: dict[str, str] | None = None,
             statuses: StatusList | None = None) -> Imported:
    """The plan in what a reader made of the council's document, and how it was read.

    `source` is the document's path, for the report's words only. `services`
    (an existing plan's) maps names, other spellings and lead officers to the
    services it lists and keeps their leads. `columns` (header -> field, from
    columns.parse_overrides) settles what a column holds. The period, when not
    given, is read from the title ('2023-24', '2015 – 2019', '2024'). `statuses`
    is the plan's status list; by default the source's own words ("Green",
    "Amber", "Red", "Complete") when it uses words of its own.
    """
    if isinstance(read, Draft):
        imported = _from_draft(source, read, title, organisation, period, services)
    else:
        imported = _Assembler(read, title, columns or {}, services).build(organisation, period)
    _status_words(imported, statuses)
    _finish(imported.report, imported.plan)
    return imported


def _from_draft(source: Path, draft: Draft, title: str | None, organisation: str,
                period: str | None, services: list[Service] | None) -> Imported:
    """Maidstone's layouts, as they have always been imported."""
    plan_title = title or draft.title or DEFAULT_TITLE
    published = any(draft.service_cells)
    report = ImportReport(source.name, DOCX, m.LAYOUT_PUBLISHED if published
                          else m.LAYOUT_PROGRESS)
    report.mapping = list(m.PUBLISHED_MAPPING if published else m.PROGRESS_MAPPING)
    report.objectives_from = m.FROM_ROLES
    plan_period, report.period_from = _period(plan_title, [], source, period)
    names, plan_services = resolve_services(draft.service_cells, services)
    actions = [a.replace(services=n) for a, n in zip(draft.actions, names, strict=True)]
    plan = Plan(title=plan_title, organisation=organisation, period=plan_period,
                annual_update=annual_update_for(plan_period) if plan_period else None,
                objectives=draft.objectives, services=plan_services, actions=actions)
    report.status_read = {a.id: (a.status, a.status, None) for a in actions if a.status}
    report.objectives = [o.role for o in plan.objectives]
    return Imported(plan, report)


def _finish(report: ImportReport, plan: Plan) -> None:
    """The parts of the report every layout shares: period, leads, timescales."""
    report.period, report.annual_update = plan.period, plan.annual_update
    report.without_lead = [a.id for a in plan.actions if not a.services]
    for a in plan.actions:
        if a.timescale.kind == UNCLEAR and not plan.statuses.done(a.status):
            (report.relative if is_relative(a.timescale.text) else report.unclear).append(a.id)
    report.recurring = sum(a.timescale.kind == RECURRING for a in plan.actions)


# ---------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------

_SPAN = re.compile(r"(?<![\d/.])(\d{4})(?:\s*[-/–—]\s*|\s+to\s+)(\d{4}|\d{2})(?![\d/.])")
_YEAR = re.compile(r"(?<![\d/.\-])((?:19|20)\d{2})(?![\d/.\-])")


def find_period(text: str, lone_year: bool = True) -> str:
    """'2023-24' in 'EDI Action Plan 2023-24', '2015-19' in '... 2015 – 2019', '2024'
    in 'Equality Plan 2024' (when `lone_year`); '' when none is named."""
    for m_ in _SPAN.finditer(text or ""):
        try:  # "2023 to 2024" is written as GOV.UK style writes a financial year
            return period_name(f"{m_.group(1)}-{m_.group(2)}")
        except ValueError:
            continue
    if lone_year:
        years = _YEAR.findall(text or "")
        if len(years) == 1:
            return years[0]
    return ""


def _period(title: str, texts: list[str], path: Path, given: str | None) -> tuple[str, str]:
    """The plan's period and where it was found: given, the title, the first
    lines of the document, or the file's name."""
    if given is not None:
        return (period_name(given) if given.strip() else ""), m.FROM_OPTION
    found = find_period(title)
    if found:
        return found, m.FROM_TITLE
    for text in texts[:10]:
        found = find_period(text, lone_year=False)
        if found:
            return found, m.FROM_TEXT
    found = find_period(path.stem.replace("_", " "))
    return found, m.FROM_FILE_NAME if found else ""


# ---------------------------------------------------------------------------
# Statuses
# ---------------------------------------------------------------------------

_DONE = re.compile(r"^\s*(complete[d]?|done|achieved|closed|finished)\b[\s:,.\-–—]*(?:on\s+)?(.*)$",
                   re.IGNORECASE | re.DOTALL)
_YES = re.compile(r"^\s*(?:y|yes|x|✓|✔|tick)\s*$", re.IGNORECASE)


def read_status(value: Any) -> tuple[str, date | None] | None:
    """(status, date) of a status cell, or None when it is none of the tool's words.

    'Green' -> On track, 'B' (BRAG blue) -> Complete, 'Completed on 12/03/2024'
    -> Complete on that day, 'Closed March 2024' -> Closed on 31 March 2024.
    """
    text = as_text(value)
    status = normalise_status(text)
    if status is not None:
        return status, None
    if text.strip().casefold() == "b":
        return Status.COMPLETE.value, None
    done = _DONE.match(text)
    if done:
        word = done.group(1).casefold()
        status = Status.CLOSED.value if word == "closed" else Status.COMPLETE.value
        return status, _date_in(done.group(2))
    return None


# Single letters of a RAG or BRAG key, written out as the list's words.
_LETTERS = {"r": "Red", "a": "Amber", "g": "Green", "b": "Blue"}
_RAG = ("Green", "Amber", "Red")


def own_status_list(texts: Counter[str]) -> StatusList:
    """The plan's list from the status words a source uses, when they are its own.

    One word per meaning, its most used spelling ('G' counts as Green);
    ordered as the tool's list; a RAG key gets its three colours (over words
    meaning the same: 'On track' is read as Green) and every list a word for
    done, so a lead can always say so. The tool's list when the source uses
    only the tool's words.
    """
    spellings: dict[str, Counter[str]] = {}
    for text, n in texts.items():
        raw = text.strip()
        word = _LETTERS.get(raw.casefold()) or (raw[:1].upper() + raw[1:] if raw.islower()
                                                  else raw)
        meaning = read_status(word)
        if meaning is None or meaning[1] is not None or not _plain(raw):
            continue
        spellings.setdefault(meaning[0], Counter())[word] += n
    tool = {t.casefold() for t in STATUSES}
    if all(w.casefold() in tool for c in spellings.values() for w in c):
        return StatusList()
    chosen = {meaning: c.most_common(1)[0][0] for meaning, c in spellings.items()}
    if any(w in _RAG for c in spellings.values() for w in c):  # a RAG key: its colours win
        for colour in _RAG:
            meaning = read_status(colour)[0]  # type: ignore[index]
            chosen[meaning] = colour
    if not any(s in chosen for s in (Status.COMPLETE.value, Status.CLOSED.value)):
        chosen[Status.COMPLETE.value] = Status.COMPLETE.value
    order = sorted(chosen, key=STATUSES.index)
    return StatusList(tuple(chosen[s] for s in order), tuple(order))


def _plain(text: str) -> bool:
    """A status word, not a sentence ('Complete - see notes') or a date."""
    return bool(re.fullmatch(r"[^\W\d_]+(?:[\s\-][^\W\d_]+){0,3}", text.strip()))


def _status_words(imported: Imported, statuses: StatusList | None) -> None:
    """Put every action's status in the plan's list: the one given, or the source's own."""
    report, plan = imported.report, imported.plan
    read = report.status_read
    if statuses is None:
        statuses = own_status_list(Counter(text for text, _, _ in read.values()))
        report.own_statuses = not statuses.is_default
    report.status_list = statuses
    plan.statuses = statuses
    actions = []
    for action in plan.actions:
        text, meaning, when = read.get(action.id, ("", action.status, None))
        word = (statuses.word_for(_LETTERS.get(text.strip().casefold(), text)) if text
                else None) or statuses.word_meaning(meaning) or meaning
        if text and text != word:
            report.statuses[(text, word + (" " + m.on_day(_uk(when)) if when else ""))] += 1
        actions.append(action.replace(status=word) if word != action.status else action)
    plan.actions = actions


def read_completed(value: Any) -> tuple[str, date | None] | None:
    """What a Completed cell says: a date (or text with one) is Complete on that day;
    'Yes' is Complete; a status word ('Ongoing') is that status; anything else None."""
    if isinstance(value, (date, datetime)):
        return Status.COMPLETE.value, value.date() if isinstance(value, datetime) else value
    text = as_text(value)
    when = _date_in(text)
    if when is not None:
        return Status.COMPLETE.value, when
    if _YES.match(text):
        return Status.COMPLETE.value, None
    return read_status(text) if text else None


def _date_in(text: str) -> date | None:
    """The day a text names: '15/10/2015', 'approved by CMT on 19/10/2015', 'January 2016'
    (the month's last day); None when it names none or is vague."""
    day = as_date(text.strip())
    if day is not None:
        return day
    timescale = parse_timescale(text)
    return timescale.due if timescale.kind == DEADLINE else None


# ---------------------------------------------------------------------------
# Objectives and IDs
# ---------------------------------------------------------------------------

_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "our",
                          "the", "to", "we", "will", "with"})


def objective_key(role: str) -> str:
    """A short key for an objective: 'O1' for 'Objective one', 'P2' for 'Priority 2',
    'CL' for 'As a Community Leader', 'DEAP' for 'Diversity and Equality Action Plan'."""
    heading = objective_heading(role)
    if heading:
        label, number, _ = heading
        kind = label.rsplit(None, 1)[0]  # "Equality Objective" of "Equality Objective 3"
        return "".join(w[0] for w in re.findall(r"[A-Za-z]+", kind)).upper() + number
    name = re.sub(r"^\s*As an?\s+", "", role, flags=re.IGNORECASE)
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.casefold() not in _SMALL_WORDS]
    if len(words) == 1:
        return words[0][:2].upper()
    return "".join(w[0] for w in words[:4]).upper() or "A"


@dataclass
class _Pending:
    """A heading waiting for its first action: it names the next objective."""

    role: str
    statement: list[str]
    texts: list[tuple[str, str]]  # (where, text) as read, for the notes if unused


@dataclass
class _Entry:
    """One action row as read, before IDs and services are settled."""

    objective: Objective
    row: Row
    cmap: c.ColumnMap


class _Assembler:
    """A Source becomes a plan, one block at a time."""

    def __init__(self, source: Source, title: str | None, overrides: dict[str, str],
                 services: list[Service] | None) -> None:
        self.src = source
        self.overrides = overrides
        self.services = services
        self.report = ImportReport(source.path.name, source.kind, layout=source.layout,
                                   encoding=source.encoding, tables=len(source.tables()))
        self.title = title or source.title or _title_row(source)
        self.objectives: dict[str, Objective] = {}
        self.entries: list[_Entry] = []
        self.notes: list[list[str]] = []
        self.texts: list[str] = []  # every text outside the tables, for the period
        self.maps: list[c.ColumnMap] = []
        self.pending: _Pending | None = None
        self.current: Objective | None = None
        self.sheet = ""
        self.keep_refs = False  # the refs are not the IDs: keep them in their own column
        # A Word document's paragraphs before its first table or objective: its own
        # introduction, kept on the About sheet for the report's introduction.
        self.introduction: list[str] = []
        self.started = False
        self._extra_cache: dict[tuple[int, bool], dict[int, str]] = {}

    # -- the walk ------------------------------------------------------------

    def build(self, organisation: str, period: str | None) -> Imported:
        self._check_overrides()
        with_tables = [s for s in self.src.sections if any(isinstance(b, Table)
                                                            for b in s.blocks)]
        for section in self.src.sections:
            self.pending, self.current = None, None
            self.sheet = section.name if len(with_tables) > 1 else ""
            for block in section.blocks:
                if isinstance(block, Text):
                    self._text(block, in_table=False)
                else:
                    self._table(block)
            self._drop_pending()
        title = self.title or DEFAULT_TITLE
        plan_period, self.report.period_from = _period(title, self.texts, self.src.path,
                                                       period)
        actions = self._actions()
        leads = resolve_leads([self._cell(e, c.SERVICE) for e in self.entries],
                              [self._cell(e, c.LEAD) for e in self.entries], self.services)
        self.report.splits, self.report.kept_leads = leads.splits, leads.kept_leads
        actions = [a.replace(services=n) for a, n in zip(actions, leads.names, strict=True)]
        self._count(actions)
        sheets = dict(self.src.sheets)
        self.report.sheets_kept = list(sheets)
        if self.notes:
            sheets[NOTES_SHEET] = [NOTES_HEADER, *self.notes]
            self.report.notes = len(self.notes)
        objectives = [o for o in self.objectives.values() if any(
            a.objective == o.key for a in actions)]
        plan = Plan(title=title, organisation=organisation, period=plan_period,
                    annual_update=annual_update_for(plan_period) if plan_period else None,
                    objectives=objectives, services=leads.services, actions=actions,
                    extra_sheets=sheets, introduction=self.introduction)
        plan.equality = self._equality(plan)
        self.report.introduction = len(self.introduction)
        self.report.mapping = self._mapping()
        self.report.objectives = [o.role for o in objectives]
        return Imported(plan, self.report)

    def _check_overrides(self) -> None:
        """Every header `--columns` names is in some table."""
        headers = c.header_names(t.header for t in self.src.tables())
        missing = [h for h in self.overrides if c.fold(h) not in headers]
        if missing:
            raise WorkbookError(self.src.path, m.columns_not_found(missing),
                                m.columns_there(sorted({h for t in self.src.tables()
                                                        for h in t.header if h})))

    def _text(self, block: Text, in_table: bool) -> None:
        """A paragraph, title row or heading row: a title, an objective heading, an
        objective's statement, or a note."""
        text = block.text.strip()
        if not in_table:
            self.texts.append(text)
        if text == self.title:  # the title, or a sheet repeating it
            return
        heading = objective_heading(text)
        if heading or in_table:
            self.started = True
        if heading:
            self._drop_pending()
            label, _, statement = heading
            self.pending = _Pending(label, [statement] if statement else [],
                                    [(block.where, text)])
        elif self.pending is not None and (in_table or block.heading or self.src.kind == DOCX):
            self.pending.statement.append(text)
            self.pending.texts.append((block.where, text))
        elif in_table:
            self._drop_pending()
            self.pending = _Pending(text, [], [(block.where, text)])
        elif self.src.kind == DOCX and not self.started:
            self.introduction.append(text)
        else:  # a title row, or a paragraph after the plan has begun: kept as a note
            self.notes.append([block.where, text])

    def _drop_pending(self) -> None:
        """A heading no action followed: its texts are kept as notes."""
        if self.pending is not None:
            self.notes.extend([where, text] for where, text in self.pending.texts)
            self.pending = None

    def _table(self, table: Table) -> None:
        self.started = True
        rows = [r for r in table.rows if isinstance(r, Row)]
        cmap = c.map_columns(table.header, [r.values for r in rows], self.overrides)
        self.maps.append(cmap)
        objective_at = cmap.index(c.OBJECTIVE)
        above = ""
        for item in table.rows:
            if isinstance(item, Text):
                self._text(item, in_table=True)
                continue
            value = _text_of(item.values, objective_at)
            if objective_at is not None:
                value = value or above  # a merged or blank cell carries the one above
                above = value
            self.entries.append(_Entry(self._objective_for(value), item, cmap))

    def _objective_for(self, value: str) -> Objective:
        """The objective of the next action: its own cell, the heading above it, the
        objective before it, the sheet, or the document."""
        if value:
            heading = objective_heading(value)
            role, statement = (heading[0], heading[2]) if heading else (value, "")
            return self._objective(role, statement, m.FROM_COLUMN)
        if self.pending is not None:
            pending, self.pending = self.pending, None
            self.current = self._objective(pending.role, "\n".join(pending.statement),
                                           m.FROM_HEADINGS)
        elif self.current is None:
            self.current = (self._objective(self.sheet, "", m.FROM_SHEETS) if self.sheet
                            else self._objective(self.title or DEFAULT_TITLE, "",
                                                 m.FROM_DOCUMENT))
        return self.current

    def _objective(self, role: str, statement: str, how: str) -> Objective:
        fold = " ".join(role.split()).casefold()
        objective = self.objectives.get(fold)
        if objective is None:
            key = base = objective_key(role)
            taken = {o.key for o in self.objectives.values()}
            n = 2
            while key in taken:
                key, n = f"{base}{n}", n + 1
            objective = self.objectives[fold] = Objective(key, role, statement)
            if how not in self.report.objectives_from:
                self.report.objectives_from = " and ".join(
                    x for x in (self.report.objectives_from, how) if x)
        elif statement and not objective.statement:
            objective.statement = statement
        return objective

    # -- actions -------------------------------------------------------------

    def _cell(self, entry: _Entry, field_name: str) -> str:
        return _text_of(entry.row.values, entry.cmap.index(field_name))

    def _actions(self) -> list[Action]:
        ids = self._ids()
        actions = []
        for entry, action_id in zip(self.entries, ids, strict=True):
            actions.append(self._action(entry, action_id))
        return actions

    def _ids(self) -> list[str]:
        """The source's refs when every action has one and none repeats; otherwise
        IDs made per objective from 01, and the refs kept in their own column."""
        refs = [self._cell(e, c.ID) for e in self.entries]
        has_refs = any(refs)
        if has_refs and all(refs) and len(set(refs)) == len(refs):
            headers = dict.fromkeys(col.header for e in self.entries
                                    for col in [e.cmap.column(c.ID)] if col)
            self.report.ids = m.import_ids_kept(", ".join(f"'{h}'" for h in headers))
            return refs
        self.keep_refs = has_refs
        counts: Counter[str] = Counter()
        ids = []
        for entry in self.entries:
            key = entry.objective.key
            counts[key] += 1
            ids.append(f"{key}-{counts[key]:02d}")
        if not has_refs:
            reason = m.NO_REF_COLUMN
        elif not all(refs):
            reason = m.some_refs_blank(sum(1 for r in refs if not r))
        else:
            reason = m.refs_repeat(sorted(r for r, n in Counter(refs).items() if n > 1))
        self.report.ids = m.import_ids_made(ids[0] if ids else "", reason)
        return ids

    def _action(self, entry: _Entry, action_id: str) -> Action:
        values, cmap, report = entry.row.values, entry.cmap, self.report

        def text(field_name: str) -> str:
            return self._cell(entry, field_name)

        status, when = "", None
        raw_status = text(c.STATUS)
        if raw_status:
            read = read_status(raw_status)
            if read is None:
                status = raw_status
                report.unknown_statuses[raw_status] += 1
            else:
                status, when = read
                report.status_read[action_id] = (raw_status, status, when)
        completed_at = cmap.index(c.COMPLETED)
        if completed_at is not None and completed_at < len(values):
            read = read_completed(values[completed_at])
            if read is not None and (read[1] is not None or not status):
                status, when = read[0], read[1] or when
                report.status_read.pop(action_id, None)  # the Completed column's say
                if read[1] is not None:
                    report.completed.append((action_id, read[1]))
        extra = {name: values[i] for i, name in self._extra_names(cmap).items()
                 if i < len(values) and values[i] != ""}
        # The equality columns go under the plan's own headers, as written.
        for column in cmap.columns:
            if column.field in c.EQUALITY_FIELDS and column.field != c.EVIDENCE:
                value = _text_of(values, column.index)
                if value:
                    extra[HEADER_FOR_KEY[column.field]] = value
        last_updated = as_date(_value(values, cmap.index(c.LAST_UPDATED))) or when
        return Action(
            id=action_id, objective=entry.objective.key, title=text(c.TITLE),
            type=text(c.TYPE), description=text(c.DESCRIPTION),
            timescale=parse_timescale(text(c.TIMESCALE)),
            due=as_date(_value(values, cmap.index(c.DUE))), status=status,
            progress=text(c.PROGRESS), revised_timescale=text(c.REVISED),
            comments=text(c.COMMENTS), last_updated=last_updated,
            updated_by=text(c.UPDATED_BY), flag=text(c.FLAG), extra=extra,
            evidence=text(c.EVIDENCE), source_row=entry.row.number)

    def _equality(self, plan: Plan) -> Equality:
        """The equality columns the source has, and the plan's lists: the nine and the
        usual additions its actions name (carers, socio-economic disadvantage, ...).
        How the words were read, and the words outside the lists, go in the report."""
        keys = {col.field for cmap in self.maps for col in cmap.columns
                if col.field in c.EQUALITY_FIELDS}
        if not keys:
            return Equality()
        lists = EqualityLists()
        for action in plan.actions:
            reading = read_cell(action.extra.get(HEADER_FOR_KEY[CHARACTERISTICS_KEY]),
                                CHARACTERISTICS_KEY, (*lists.characteristics, *ADDITIONS))
            lists = lists.adding(CHARACTERISTICS_KEY,
                                 [w for w in reading.words if w in ADDITIONS])
        self.report.own_characteristics = lists.own()
        for action in plan.actions:
            for key in LISTED:
                reading = read_cell(action.extra.get(HEADER_FOR_KEY[key]), key,
                                    lists.words(key))
                for written, words in reading.read_as:
                    self.report.equality_read[(HEADER_FOR_KEY[key], written,
                                               ", ".join(words))] += 1
                for part in reading.outside:
                    self.report.equality_outside.setdefault(
                        (HEADER_FOR_KEY[key], part), []).append(action.id)
        return Equality(ordered_columns(keys), lists)

    def _extra_names(self, cmap: c.ColumnMap) -> dict[int, str]:
        """Column index -> header of each column kept as an added column: the
        unmapped ones, Completed, and the refs when they are not the IDs.

        Worked out once per table (every row asks), each name against those
        taken so far in one set: a header of hundreds of alike names took
        time growing with the cube of their number.
        """
        key = (id(cmap), self.keep_refs)
        cached = self._extra_cache.get(key)
        if cached is not None:
            return cached
        names: dict[int, str] = {}
        taken: set[str] = set()
        counters: dict[str, int] = {}
        for column in cmap.columns:
            if column.field in (c.EXTRA, c.COMPLETED) or (column.field == c.ID
                                                           and self.keep_refs):
                names[column.index] = _extra_name(column, taken, counters)
                taken.add(names[column.index].casefold())
        self._extra_cache[key] = names
        return names

    def _count(self, actions: list[Action]) -> None:
        """Cells read, and kept where the officer will find them: in a field, an
        added column, the objective's sheet, or (an officer beside a service
        area) the Services sheet."""
        for entry, action in zip(self.entries, actions, strict=True):
            for column in entry.cmap.columns:
                i = column.index
                if i >= len(entry.row.values) or entry.row.values[i] == "":
                    continue
                self.report.cells_read += 1
                if column.field != c.LEAD or action.services:
                    self.report.cells_kept += 1

    def _mapping(self) -> list[tuple[str, str]]:
        """(source header, what it became) once per header, in table order; and the
        choices made, for the report."""
        seen: dict[str, str] = {}
        for cmap in self.maps:
            fields = {col.field for col in cmap.columns}
            for column in cmap.columns:
                what = _describe(column, fields, self.keep_refs)
                if column.header and column.header not in seen:
                    seen[column.header] = what
                note = _choice(column, cmap)
                if note and note not in self.report.choices:
                    self.report.choices.append(note)
        return list(seen.items())


_TITLE_WORDS = re.compile(r"\b(?:plan|strategy|scheme|objectives|framework|tracker)\b",
                          re.IGNORECASE)


def _title_row(source: Source) -> str:
    """A tracker's title: the first title row above its first table that names a
    plan ("EDI Action Plan 2024-26: progress tracker"), else the first title row."""
    if source.kind == DOCX or not source.sections:
        return ""
    rows = []
    for block in source.sections[0].blocks:
        if isinstance(block, Table):
            break
        rows.append(block.text.strip())
    return next((r for r in rows if _TITLE_WORDS.search(r)), rows[0] if rows else "")


def _describe(column: c.Column, fields: set[str], keep_refs: bool) -> str:
    """What a column became, in the plan's words."""
    name = column.field
    if name == c.EXTRA:
        return m.kept_as_column(column.header or m.UNNAMED)
    if name == c.LEAD:
        return m.LEAD_OF_SERVICE if c.SERVICE in fields else m.LEAD_AS_SERVICE
    if name == c.OBJECTIVE:
        return m.ONE_SHEET_EACH
    if name == c.COMPLETED:
        return m.completed_column(column.header)
    if name == c.ID and keep_refs:
        return m.ref_kept(column.header)
    if name in c.EQUALITY_FIELDS:
        return HEADER_FOR_KEY[name]
    return HEADER_FOR_FIELD[name]


def _choice(column: c.Column, cmap: c.ColumnMap) -> str:
    """The sentence telling the officer a choice was made, or ''."""
    if not column.noteworthy():
        return ""
    chosen, other = c.FIELD_WORDS[column.field], c.FIELD_WORDS[column.choice]
    if column.why == c.TAKEN:
        return m.choice_taken(column.header, other, column.rival, chosen)
    if column.why == c.OVERRIDDEN:
        return ""
    return m.choice_made(column.header, chosen, other, c.FIELD_KEYS.get(column.choice, ""))


def _value(values: list[Any], index: int | None) -> Any:
    return values[index] if index is not None and index < len(values) else ""


def _text_of(values: list[Any], index: int | None) -> str:
    """A cell as text; a date as an officer writes it (31/03/2025)."""
    value = _value(values, index)
    if isinstance(value, (date, datetime)):
        return _uk(value if not isinstance(value, datetime) else value.date())
    return as_text(from_cell(value))


_FOLDED_HEADERS = frozenset(h.casefold() for h in (*HEADERS, *EQUALITY_HEADERS))


def _extra_name(column: c.Column, taken: set[str],
                counters: dict[str, int] | None = None) -> str:
    """An added column's header: the source's own, unless the plan or the table
    already has a column of that name (then '... (as imported)', '... (2)'), or
    'Column 3' when it has none. `taken` holds the names given so far, casefolded;
    `counters` the next number to try for each name."""
    counters = {} if counters is None else counters
    name = column.header or m.unnamed_column(column.index + 1)
    if name.casefold() in _FOLDED_HEADERS:
        name = m.as_imported(name)
    base = name
    n = counters.get(base.casefold(), 2)
    while name.casefold() in taken:
        name, n = f"{base} ({n})", n + 1
    counters[base.casefold()] = n
    return name


def _uk(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


