"""Plan -> the year-end progress update, as the council tables it at committee.

Maidstone's published update (seed 002) goes objective by objective: the role
("As a Community Leader"), "Objective: ...", its "We will" commitments, then
each action's title, its narrative update and one closing sentence saying
whether the action is closed, ongoing or developed in the new plan. Committee
also needs what the published text left to the reader: where things stand
overall, each action's status, lead and timescale, and the date the update
describes. `build_report` does all the deciding, purely; `write_report` hands
the result to the Word writer (report/docx.py) or the workbook one (report/xlsx.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from . import messages
from .cells import folded
from .errors import ReportError
from .messages import join_words
from .model import (
    SERVICE_FIELDS,
    STATUSES,
    Action,
    Plan,
    Status,
    StatusList,
    long_date,
)
from .position import Position, position_of
from .reach import ReachTable, reach_introduction, reach_sentences, reach_tables
from .schema import EVIDENCE_HEADER, FIELD_FOR_HEADER, NO_STATUS

NO_UPDATE = messages.NO_UPDATE_FOR_REPORT

# What happens to an action next, from its status: the closing sentence's kind.
# KIND_NONE: no status (or a word that counts as none of the tool's), so no one has
# said what happens next, and the update does not say it either.
KIND_CLOSED, KIND_DEVELOPED, KIND_ONGOING, KIND_NONE = "closed", "developed", "ongoing", ""
_VERBS = {  # kind -> (singular, plural); {plan} is "the new plan" or its name
    KIND_CLOSED: ("is now closed", "are now closed"),
    KIND_DEVELOPED: ("has now developed in {plan}", "have now developed in {plan}"),
    KIND_ONGOING: ("remains ongoing in {plan}", "remain ongoing in {plan}"),
}
_KIND_ORDER = (KIND_CLOSED, KIND_DEVELOPED, KIND_ONGOING)

# Columns every action shows already; --include of one of them changes nothing.
SHOWN_HEADERS = ("ID", "Action title", "Responsible service(s)", "Timescale", "Status",
                 "Progress update", "Revised timescale")
# Plan columns --include may add, besides the plan's own extra columns.
INCLUDABLE_HEADERS = ("Type", "Actions", "Due", "Comments", "Last updated", "Updated by",
                      "Flag")
# Whose update is split by service into "Housing: ..." blocks when included.
_PER_SERVICE_FIELDS = SERVICE_FIELDS

_BULLET = re.compile(r"^\s*[•\-\u2013\u25cf\u25aa*]\s+")
_PERIOD = re.compile(r"(?<!\d)(\d{4})(\s*[-/–]\s*)(\d{4}|\d{2})(?!\d)")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


@dataclass(frozen=True)
class Commitment:
    """One "We will ..." paragraph and the bullets under it."""

    text: str
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of an update; `label` is a bold run-in (a service or a deliverable's ID)."""

    text: str
    label: str = ""

    def line(self) -> str:
        return f"{self.label}: {self.text}" if self.label else self.text


@dataclass
class ReportRow:
    """One tracked row (an action, or one deliverable of a milestone action)."""

    action_id: str
    title: str
    description: str  # the deliverable, for a milestone; '' otherwise
    services: list[str]
    timescale: str
    revised: str
    status: str  # the word shown: the list's spelling, the council's own, or NO_STATUS
    rank: str  # the status of STATUSES it counts as ('' when none): picks the colour
    kind: str  # KIND_CLOSED, KIND_DEVELOPED, KIND_ONGOING, or KIND_NONE: no closing sentence
    paragraphs: list[Paragraph]
    included: list[tuple[str, list[Paragraph]]] = field(default_factory=list)

    @property
    def has_update(self) -> bool:
        return bool(self.paragraphs)

    @property
    def progress_text(self) -> str:
        return "\n\n".join(p.line() for p in self.paragraphs)

    @property
    def timescale_text(self) -> str:
        """The timescale as shown: the original, then the revised one if any."""
        if self.revised and self.revised != self.timescale:
            first = self.timescale or "not set"
            return f"{first}; revised to {self.revised}"
        return self.timescale or "Not set"


@dataclass
class ReportItem:
    """One action as the update reports it; a milestone action has a row per deliverable."""

    action_id: str
    title: str
    rows: list[ReportRow]
    grouped: bool = False  # a milestone action: rows are its deliverables

    @property
    def has_update(self) -> bool:
        """Whether any of its rows has a progress update."""
        return any(r.paragraphs for r in self.rows)

    @property
    def kinds(self) -> set[str]:
        """How its rows end; KIND_NONE (no status given) ends without a closing sentence."""
        return {r.kind for r in self.rows}


@dataclass
class ReportSection:
    key: str
    role: str
    sheet_name: str
    statement: str
    commitments: list[Commitment]
    items: list[ReportItem]

    @property
    def rows(self) -> list[ReportRow]:
        return [r for item in self.items for r in item.rows]


@dataclass
class Report:
    title: str
    organisation: str
    period: str
    as_of: date
    next_plan: str  # "EDI Action Plan 2024-25", or '' when it cannot be told
    sections: list[ReportSection]
    included: list[str] = field(default_factory=list)
    statuses: StatusList = field(default_factory=StatusList)
    # Who the plan reaches (a plan with the equality columns): the tables, what they
    # show in sentences, and the introduction's sentence on it.
    reach: list[ReachTable] = field(default_factory=list)
    reach_said: list[str] = field(default_factory=list)
    reach_intro: str = ""
    # The introduction of the plan as the council published it (kept by import).
    plan_introduction: list[str] = field(default_factory=list)
    # Where the plan stands: the counts every output prints (core/position.py).
    position: Position | None = None

    @property
    def rows(self) -> list[ReportRow]:
        return [r for s in self.sections for r in s.rows]

    @property
    def document_title(self) -> str:
        return f"{self.title}: progress update"

    def status_words(self) -> list[str]:
        """The plan's statuses in its list's order, then words outside it, then NO_STATUS."""
        return list(self._position().words)

    def rank_of(self, word: str) -> str:
        """The tool's status a word counts as ('' when none): it picks the colour."""
        return self.statuses.means(word) or ""

    def status_table(self) -> list[list[Any]]:
        """[status, one count per section, total] per status, then a Total row.

        Statuses are rows and objectives columns, so the table stays narrow
        enough for A4 portrait with the usual three to four objectives. Every
        status of the list is a row, none or not; the chart shows the same rows.
        """
        return self._position().table()

    def status_totals(self) -> list[tuple[str, int]]:
        """(status, count) for every status in the table, in table order, zeros too."""
        return self._position().by_status()

    def _position(self) -> Position:
        if self.position is None:
            raise ReportError(messages.REPORT_WITHOUT_POSITION)
        return self.position

    def closing(self, kind: str, subject: str = "This action", plural: bool = False) -> str:
        """The closing sentence for `kind`; '' when no status says what happens next."""
        return closing_text(kind, self.next_plan, subject, plural) if kind else ""


# --- deciding --------------------------------------------------------------------

def closing_kind(status: str, statuses: StatusList | None = None) -> str:
    """What happens to an action next, as its status says: closed when done, developed
    when carried forward, ongoing while under way; KIND_NONE when no status (or a word
    that counts as none of the tool's) says."""
    statuses = statuses or StatusList()
    normal = statuses.means(status)
    if not normal:
        return KIND_NONE
    if statuses.done(status):
        return KIND_CLOSED
    if normal == Status.CARRIED_FORWARD.value:
        return KIND_DEVELOPED
    return KIND_ONGOING


def closing_text(kind: str, next_plan: str = "", subject: str = "This action",
                 plural: bool = False) -> str:
    """The published closing sentence, naming the next plan when it is known.

    "This action remains ongoing in the new plan." becomes "... in the new EDI
    Action Plan 2024-25." so committee knows which plan picks the action up.
    """
    verb = _VERBS[kind][1 if plural else 0]
    plan = f"the new {next_plan}" if next_plan else "the new plan"
    return f"{subject} {verb.format(plan=plan)}."


def closings_by_id(rows: Sequence[ReportRow], next_plan: str) -> list[str]:
    """One sentence per kind for rows that end differently: "EM-04.1 is now closed.".
    Rows with no status get none."""
    sentences = []
    for kind in _KIND_ORDER:
        ids = [r.action_id for r in rows if r.kind == kind]
        if ids:
            sentences.append(closing_text(kind, next_plan, join_words(ids), len(ids) > 1))
    return sentences


def next_plan_name(title: str, period: str) -> str:
    """The plan that follows: "EDI Action Plan 2023-24" -> "EDI Action Plan 2024-25".

    A plan of several years ("2015 – 2019") is followed by one as long that
    starts where it ends ("2019 – 2023"); a calendar year by the next. The
    period in the title is replaced, else the next period is added to the
    title; '' when neither the period nor the title holds a year.
    """
    title = (title or "").strip()
    own = _years(period or "")
    for m in [*_PERIOD.finditer(title), *_YEAR.finditer(title)]:
        if own is None or m.group(1) == own.group(1):
            following = _next_period(m.group(0))
            rest = title[m.end():]
            if re.match(r"\s*[:–—|]|\s+-\s", rest):  # "...2024-26: progress tracker"
                rest = ""  # a subtitle of this year's document, not the plan's name
            return f"{title[:m.start()]}{following}{rest}" if following else ""
    following = _next_period(own.group(0)) if own else ""
    return f"{title} {following}".strip() if following else ""


def _years(text: str) -> re.Match[str] | None:
    return _PERIOD.search(text) or _YEAR.search(text)


def _next_period(text: str) -> str:
    """'2023-24' -> '2024-25', '2015 – 2019' -> '2019 – 2023', '2024' -> '2025'."""
    m = _PERIOD.fullmatch(text)
    if m is None:
        return str(int(text) + 1) if _YEAR.fullmatch(text) else ""
    first, sep, second = int(m.group(1)), m.group(2), m.group(3)
    if len(second) == 4:
        span = int(second) - first
        return f"{second}{sep}{int(second) + span}" if span > 0 else ""
    last = first // 100 * 100 + int(second)
    if last <= first:
        last += 100
    span = last - first
    return f"{last}{sep}{(last + span) % 100:02d}"


def service_updates(action: Action, field_name: str) -> Iterator[tuple[str, str]]:
    """(service, text) for each service's part of an action's update; '' names no service.

    The action's own text first (a single service's update, or the plan's own
    words on a shared action), then each service's own record on a shared
    action, in the order its services are listed. This is the one place that
    knows how updates are kept.
    """
    own = str(getattr(action, field_name) or "").strip()
    if own:
        yield "", own
    records = action.updates
    for name in [*action.services, *sorted(s for s in records if s not in action.services)]:
        record = records.get(name)
        words = record.get(field_name).strip() if record else ""
        if words:
            yield name, words


def update_paragraphs(action: Action, field_name: str) -> list[Paragraph]:
    """The update as paragraphs, each service's first one labelled with the service.

    On a shared action every service's words are named, even words that start
    with the service's own name ("Housing: Housing and the CAB ..."): committee
    must never be left to guess whose words they are. No label when one service
    leads and answers.
    """
    parts = list(service_updates(action, field_name))
    label_them = len(action.services) > 1 or sum(1 for s, _ in parts if s) > 1
    paragraphs = []
    for service, text in parts:
        for i, para in enumerate(p.strip() for p in re.split(r"\n\s*\n", text)):
            if not para:
                continue
            label = service if service and label_them and i == 0 else ""
            paragraphs.append(Paragraph(para, label))
    return paragraphs


def resolve_includes(plan: Plan, names: Sequence[str]) -> list[str]:
    """The headers `--include` names, spelt as the plan spells them, in the order given.

    Raises ReportError naming the columns that exist when a name matches none.
    """
    extras = list(dict.fromkeys(h for a in plan.actions for h in a.extra))
    # A plan with the equality columns: the leads' Evidence too (each service's own).
    evidence = [EVIDENCE_HEADER] if plan.equality.present else []
    choices = [*INCLUDABLE_HEADERS, *evidence, *extras]
    lookup = {folded(h): h for h in [*SHOWN_HEADERS, *choices]}
    chosen: list[str] = []
    for name in names:
        if not name.strip():
            continue
        header = lookup.get(folded(name))
        if header is None:
            raise ReportError(messages.unknown_report_column(name.strip(), choices))
        if header not in SHOWN_HEADERS and header not in chosen:
            chosen.append(header)
    return chosen


def build_report(plan: Plan, *, as_of: date, include: Sequence[str] = (),
                 next_plan: str | None = None) -> Report:
    """The year-end update of `plan` as at `as_of`: sections per objective, items, rows.

    `include` names extra columns to show under each update (see
    resolve_includes); `next_plan` names the plan that picks up ongoing actions
    (default: worked out from the title and period).
    """
    included = resolve_includes(plan, include)
    known = {o.key for o in plan.objectives}
    sections = []
    for objective in plan.objectives:
        sections.append(ReportSection(
            key=objective.key, role=objective.role, sheet_name=objective.sheet_name,
            statement=objective.statement,
            commitments=[_commitment(c) for c in objective.commitments if c.strip()],
            items=_items(plan.actions_for(objective.key), included, plan.statuses)))
    # Rows whose objective the plan does not list are still reported, not lost.
    for key in dict.fromkeys(a.objective for a in plan.actions if a.objective not in known):
        sections.append(ReportSection(key, key, key, "", [],
                                      _items(plan.actions_for(key), included, plan.statuses)))
    name = next_plan_name(plan.title, plan.period) if next_plan is None else next_plan
    report = Report(plan.title, plan.organisation, plan.period, as_of, name.strip(), sections,
                    included, plan.statuses, position=position_of(plan, as_of))
    report.reach = reach_tables(plan, report.status_words())
    report.reach_said = reach_sentences(plan)
    report.reach_intro = reach_introduction(plan)
    report.plan_introduction = [p for p in plan.introduction if p.strip()]
    return report


def _commitment(text: str) -> Commitment:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    body = [line for line in lines if not _BULLET.match(line)]
    bullets = tuple(_BULLET.sub("", line) for line in lines if _BULLET.match(line))
    return Commitment(" ".join(body), bullets)


def _row(action: Action, included: list[str], statuses: StatusList) -> ReportRow:
    rank = statuses.means(action.status)
    word = statuses.word_for(action.status) or action.status.strip() or NO_STATUS
    description = ""
    if action.is_milestone:
        description = action.description.strip().split("\n")[0].strip()
    shown = []
    for header in included:
        paragraphs = _included(action, header)
        if paragraphs:
            shown.append((header, paragraphs))
    return ReportRow(
        action_id=action.id, title=action.title.strip(), description=description,
        services=list(action.services), timescale=action.timescale.text.strip(),
        revised=str(action.revised_timescale or "").strip(), status=word, rank=rank or "",
        kind=closing_kind(action.status, statuses),
        paragraphs=update_paragraphs(action, "progress"), included=shown)


def _included(action: Action, header: str) -> list[Paragraph]:
    name = FIELD_FOR_HEADER.get(header)
    if name in _PER_SERVICE_FIELDS:
        return update_paragraphs(action, name)
    value = action.get(name) if name else action.extra.get(header)
    if name == "description":
        lines = [line.strip() for line in str(value or "").split("\n")]
        return [Paragraph(line) for line in lines if line]
    text = format_value(value)
    return [Paragraph(text)] if text else []


def format_value(value: Any) -> str:
    """A cell as committee reads it: dates in words, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _items(actions: list[Action], included: list[str],
           statuses: StatusList) -> list[ReportItem]:
    """One item per action; milestones join their parent's item, at the first one's place."""
    items: dict[str, ReportItem] = {}
    for action in actions:
        row = _row(action, included, statuses)
        key = action.parent_id
        item = items.get(key)
        if item is None:
            item = items[key] = ReportItem(key, action.title.strip(), [],
                                           grouped=action.is_milestone)
        if action.is_milestone:
            item.grouped = True
        if not action.is_milestone:
            item.title = action.title.strip() or item.title
            item.rows.insert(0, row)  # the parent's own row leads its deliverables
        else:
            item.rows.append(row)
    return list(items.values())


# --- the words up front ---------------------------------------------------------

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten")


def introduction(report: Report) -> list[str]:
    """What the update is, what it shows for each action, and what the closing sentences mean."""
    whose = (f"{report.organisation}’s {report.title}" if report.organisation
             else f"the {report.title}")
    plan = f"the new {report.next_plan}" if report.next_plan else "the new plan"
    return [
        f"This is the progress update on {whose}, showing the position as at"
        f" {format_value(report.as_of)}.",
        # The plan's own introduction, as the council published it, where import kept it.
        *report.plan_introduction,
        f"{_objectives_sentence(report.sections)} For each, this update gives the objective"
        " and the commitments made, then each action with its reference, status, lead service"
        " or services, timescale and the update those services gave.",
        "Where a status was given, each action ends by saying what happens to it next, as"
        f" that status says: it is now closed, it remains ongoing in {plan}, or it has"
        " developed into a new action in that plan.",
        *([report.reach_intro] if report.reach_intro else []),
    ]


def _objectives_sentence(sections: Sequence[ReportSection]) -> str:
    roles = [s.role for s in sections]
    count = NUMBER_WORDS[len(roles)] if len(roles) < len(NUMBER_WORDS) else str(len(roles))
    if roles and all(role.lower().startswith(("as a ", "as an ")) for role in roles):
        named = join_words(["as" + role[2:] for role in roles])
        return f"The plan sets out what the Council will do in its {count} roles: {named}."
    names = [s.sheet_name for s in sections]
    if len(names) == 1:
        return f"The plan has one objective: {names[0]}."
    return f"The plan has {count} objectives: {join_words(names)}."


def summary_sentences(report: Report) -> list[str]:
    """Where things stand, in a few sentences committee can quote."""
    rows = report.rows
    items = [item for s in report.sections for item in s.items]
    when = format_value(report.as_of)
    sentences = []
    groups = [item for item in items if item.grouped]
    if groups:
        some = NUMBER_WORDS[len(groups)] if len(groups) < len(NUMBER_WORDS) else len(groups)
        sentences.append(
            f"The plan has {len(items)} actions. {str(some).capitalize()} of them"
            f" {'is' if len(groups) == 1 else 'are'} made up of deliverables tracked one by"
            f" one, so the figures below count {len(rows)} actions and deliverables.")
    else:
        sentences.append(f"The plan has {len(rows)} actions.")
    position = report._position()
    counted = [(w, n) for w, n in position.by_status() if w != NO_STATUS and n]
    if counted:
        parts = [f"{n} {_status_phrase(w)}" for w, n in counted]
        sentences.append(f"As at {when}: {join_words(parts)}.")
    blank = position.count(NO_STATUS)
    if blank:
        sentences.append(f"No status was given for {blank}; they are shown as “{NO_STATUS}”.")
    sentences += [s for s in (position.attention_sentence(), position.revised_sentence()) if s]
    if position.no_update:
        sentences.append(f"No update was given for {len(position.no_update)} of the"
                         f" {position.total}; actions with no update at all are listed together"
                         " at the end of each objective.")
    return sentences


def _status_phrase(word: str) -> str:
    """'on track', 'complete': the list's words in running text; a council's own as written."""
    return word.lower() if word in STATUSES else word
