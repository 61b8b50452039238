"""Which plan field a source column holds, read from its header. Pure: no I/O.

Councils head their columns in their own words: "By when", "Target date",
"Responsible officer", "RAG". A table of synonyms, matched without regard to
case and punctuation, says what each holds. Some headers could be two things
("Progress": a RAG word or a paragraph? "Service area": the service or who
leads it?); the choice is made from what the column holds or what else the
table has, and is said, so the officer can settle it with `--columns`.
A column no synonym names is kept as an extra column of the plan, never
dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core.schema import COLUMN_FIELDS

# The plan fields a column can feed, named as Action names them; LEAD,
# OBJECTIVE and COMPLETED feed the Services sheet, the sheets and the status.
# EXTRA: kept as a column of its own.
ID = "id"
TITLE = "title"
DESCRIPTION = "description"
SERVICE = "services"
LEAD = "lead"
TIMESCALE = "timescale"
STATUS = "status"
PROGRESS = "progress"
REVISED = "revised_timescale"
COMMENTS = "comments"
OBJECTIVE = "objective"
COMPLETED = "completed"
TYPE = "type"
LAST_UPDATED = "last_updated"
UPDATED_BY = "updated_by"
DUE = "due"
FLAG = "flag"
EXTRA = "extra"
# The equality columns (core/equality.py), named as the plan's keys name them: each
# goes to the plan under its own header (schema.EQUALITY_COLUMNS).
CHARACTERISTICS = "characteristics"
AIMS = "aims"
EFLG = "eflg"
OUTCOME = "outcome"
BASELINE = "baseline"
TARGET = "target"
FACING = "facing"
EIA = "eia"
EVIDENCE = "evidence"
EQUALITY_FIELDS = (CHARACTERISTICS, AIMS, EFLG, OUTCOME, BASELINE, TARGET, FACING, EIA, EVIDENCE)

# Header synonyms, folded by `fold`. A header in several lists could be
# several things: `AMBIGUOUS` orders them. The plan's own headers are here
# too, so a plan exported to CSV imports as itself.
SYNONYMS: dict[str, tuple[str, ...]] = {
    ID: ("id", "ref", "refs", "ref no", "reference", "reference no", "reference number",
         "no", "number", "action no", "action number", "action ref", "action id", "item",
         "paragraph number"),
    TITLE: ("action title", "action", "title", "target", "targets", "what we will do",
            "what will we do", "measure", "measures", "measures proposed", "task",
            "activity", "key action", "commitment", "numbered paragraph"),
    DESCRIPTION: ("actions", "description", "action description", "detail", "details",
                  "action detail", "action details", "how we will do it",
                  "how will we do it", "how", "key actions", "activities", "steps",
                  "milestones", "deliverables"),
    SERVICE: ("responsible services", "responsible service", "services", "service",
              "service area", "service areas", "department", "directorate", "team",
              "responsible team", "lead service", "lead department", "lead team",
              "service responsible"),
    LEAD: ("lead", "lead officer", "lead officers", "responsible officer",
           "responsible officers", "owner", "action owner", "officer", "responsible",
           "responsibility", "lead responsibility", "who", "by whom", "accountable officer",
           "responsible person", "lead member", "lead person", "contact", "lead contact"),
    TIMESCALE: ("timescale", "timescales", "timescale for delivery", "by when", "when",
                "target date", "target dates", "deadline", "due date", "due by", "date",
                "timeframe", "time frame", "timetable", "delivery date", "target completion",
                "target completion date", "completion by", "milestone date",
                # A target, however it is worded, is the timescale: never a completion.
                "achieved by", "to be achieved by", "to be achieved", "achieve by",
                "to be completed by", "complete by", "to be delivered by", "deliver by",
                "delivered by", "delivery by", "finish by", "end date", "target end date",
                "expected completion", "expected completion date", "planned completion",
                "planned completion date", "completion target", "due for completion",
                "target for completion"),
    STATUS: ("status", "rag", "rag status", "rag rating", "brag", "brag status",
             "brag rating", "progress status", "rating", "current status", "progress"),
    PROGRESS: ("progress update", "update", "updates", "latest update", "commentary",
               "progress to date", "progress made", "progress commentary", "narrative",
               "position statement", "current position", "update on progress",
               "progress notes", "progress comments", "comments on progress"),
    REVISED: ("revised timescale", "revised deadline", "revised date", "revised target date",
              "new deadline", "new target date"),
    COMMENTS: ("comments", "comment", "remarks"),
    OBJECTIVE: ("objective", "objectives", "equality objective", "equality objectives",
                "strategic objective", "priority", "priorities", "priority area", "theme",
                "themes", "aim", "aims", "strand", "workstream", "outcome area", "goal",
                "domain", "eds domain"),
    COMPLETED: ("completed", "date completed", "completion date", "completed date",
                "completed on", "date achieved", "achieved", "done", "date closed",
                "actual completion date", "date actually completed"),
    TYPE: ("type", "action type", "new or ongoing"),
    LAST_UPDATED: ("last updated", "date updated", "updated on", "last update",
                   "date of update"),
    UPDATED_BY: ("updated by",),
    DUE: ("due",),
    FLAG: ("flag",),
    CHARACTERISTICS: ("protected characteristics", "protected characteristic",
                      "protected characteristics addressed", "protected groups",
                      "protected group", "equality groups", "equality group",
                      "equality characteristics", "characteristics", "characteristic",
                      "who benefits", "who will benefit", "beneficiaries", "target group",
                      "target groups", "groups affected", "communities of interest",
                      "equality strands"),
    AIMS: ("equality duty aims", "equality duty aim", "aims of the equality duty",
           "aim of the equality duty", "psed aim", "psed aims", "psed", "general duty",
           "general duty aim", "general duty aims", "general equality duty",
           "s149 aim", "s149 aims", "section 149 aim", "section 149 aims", "equality act aim",
           "equality act aims", "equality aim", "equality aims",
           "public sector equality duty", "psed objective", "duty aim", "duty aims"),
    EFLG: ("eflg module", "eflg modules", "eflg", "eflg area", "eflg theme",
           "equality framework module", "equality framework", "framework module",
           "equality framework for local government", "eflg reference"),
    OUTCOME: ("outcome or measure of success", "measure of success", "measures of success",
              "success measure", "success measures", "measurable outcome",
              "measurable outcome or indicator of progress", "indicator of progress",
              "indicators of progress", "performance indicator", "performance indicators",
              "performance measure", "kpi", "kpis", "key performance indicator",
              "success criteria", "how we will measure success", "how will we measure success",
              "how we will know", "how will we know", "expected outcome", "expected outcomes",
              "intended outcome", "intended outcomes", "outcome measure", "outcome measures"),
    BASELINE: ("baseline", "baseline data", "current baseline", "baseline position",
               "starting point", "baseline figure"),
    TARGET: ("target value", "target level", "target figure", "success target",
             "target measure", "target outcome"),
    FACING: ("staff or service users", "staff or service", "staff service",
             "staff or service facing", "staff facing or service facing", "service or staff",
             "internal or external", "internal external", "staff or customer",
             "staff or community", "workforce or community", "employer or service provider"),
    EIA: ("equality impact assessment", "equality impact assessments", "eqia", "eia",
          "eia reference", "eqia reference", "eia ref", "eqia ref", "eia link", "eqia link",
          "equality impact assessment reference", "impact assessment", "equality analysis",
          "eia no", "eqia no"),
    EVIDENCE: ("evidence", "evidence of progress", "evidence of impact", "supporting evidence",
               "evidence link", "link to evidence", "evidence links"),
}

# Headers that could be two things, the likelier first. The choice is
# revisited from the column's values (`_by_content`) or the other columns.
AMBIGUOUS: dict[str, tuple[str, ...]] = {
    "progress": (STATUS, PROGRESS),
    # "Target" beside an action title and a timescale is the measure's target.
    "target": (TITLE, TIMESCALE, TARGET),
    "targets": (TITLE, TIMESCALE, TARGET),
    "service area": (SERVICE, LEAD),
    "service areas": (SERVICE, LEAD),
    "responsible": (LEAD, SERVICE),
    "responsibility": (LEAD, SERVICE),
    "lead responsibility": (LEAD, SERVICE),
    "date": (TIMESCALE, COMPLETED),
    "completion date": (TIMESCALE, COMPLETED),
    "completed by": (TIMESCALE, COMPLETED),
    "priority": (OBJECTIVE, EXTRA),
    "priorities": (OBJECTIVE, EXTRA),
    "action": (TITLE, DESCRIPTION),
    "actions": (DESCRIPTION, TITLE),
    "description": (DESCRIPTION, TITLE),
    "details": (DESCRIPTION, TITLE),
}

# What `--columns "By when=timescale"` may name, folded.
FIELD_NAMES: dict[str, str] = {
    "id": ID, "ref": ID, "title": TITLE, "action": TITLE, "action title": TITLE,
    "description": DESCRIPTION, "actions": DESCRIPTION, "service": SERVICE,
    "services": SERVICE, "responsible services": SERVICE, "lead": LEAD, "officer": LEAD,
    "lead officer": LEAD, "timescale": TIMESCALE, "status": STATUS, "progress": PROGRESS,
    "progress update": PROGRESS, "update": PROGRESS, "revised timescale": REVISED,
    "comments": COMMENTS, "objective": OBJECTIVE, "completed": COMPLETED, "type": TYPE,
    "last updated": LAST_UPDATED, "updated by": UPDATED_BY, "due": DUE, "flag": FLAG,
    "extra": EXTRA, "column": EXTRA, "keep": EXTRA,
    "characteristics": CHARACTERISTICS, "protected characteristics": CHARACTERISTICS,
    "aims": AIMS, "aim": AIMS, "eflg": EFLG, "eflg module": EFLG, "outcome": OUTCOME,
    "measure of success": OUTCOME, "baseline": BASELINE, "target": TARGET, "facing": FACING,
    "staff or service": FACING, "eia": EIA, "evidence": EVIDENCE,
}
FIELD_CHOICES = COLUMN_FIELDS  # the fields --columns names, in core.schema for the CLI

# Each field as --columns names it (the first of FIELD_NAMES that gives it).
FIELD_KEYS: dict[str, str] = {}
for _name in FIELD_CHOICES:
    FIELD_KEYS.setdefault(FIELD_NAMES[_name], _name)
# Each field as a sentence names it ("read as the lead").
FIELD_WORDS: dict[str, str] = {
    ID: "the ref", TITLE: "the action", DESCRIPTION: "the action's detail",
    SERVICE: "the service", LEAD: "the lead", TIMESCALE: "the timescale", STATUS: "the status",
    PROGRESS: "the progress update", REVISED: "a revised timescale", COMMENTS: "comments",
    OBJECTIVE: "the objective", COMPLETED: "the completion", TYPE: "the type",
    LAST_UPDATED: "the last update's date", UPDATED_BY: "who updated it", DUE: "the due date",
    FLAG: "the flag", EXTRA: "a column of its own",
    CHARACTERISTICS: "the protected characteristics", AIMS: "the equality duty aims",
    EFLG: "the EFLG module", OUTCOME: "the outcome or measure of success",
    BASELINE: "the baseline", TARGET: "the target", FACING: "staff or service users",
    EIA: "the equality impact assessment", EVIDENCE: "the evidence",
}

_LOOKUP: dict[str, tuple[str, ...]] = {}
for _field, _names in SYNONYMS.items():
    for _name in _names:
        _LOOKUP.setdefault(_name, (_field,))
_LOOKUP.update(AMBIGUOUS)
_ACTION_FIELDS = frozenset({TITLE, DESCRIPTION})
# A status column's values: RAG words, letters and the usual phrases.
_STATUS_WORD = re.compile(
    r"^(?:red|amber|green|blue|grey|gray|purple|r|a|g|b|complete[d]?|done|closed|on ?track"
    r"|off ?track|at risk|not (?:yet )?started|in progress|ongoing|delayed|carried forward"
    r"|overdue|behind|achieved|n/?a)\b", re.IGNORECASE)
_RATING = re.compile(r"^(?:high|medium|med|low|h|m|l|critical|[1-5])$", re.IGNORECASE)


def fold(text: str) -> str:
    """A header as the synonym table spells it: 'Service(s):' -> 'services'."""
    text = str(text or "").casefold().replace("(s)", "s").replace("&", " and ")
    text = re.sub(r"[.'’]", "", text.replace("#", " no "))  # "R.A.G." is "rag", "No." "no"
    return " ".join(re.sub(r"[^\w\s]|_", " ", text).split())


def _candidates(header: str) -> tuple[tuple[str, ...], int]:
    """The fields a header may name, and how closely (0 exact, 1 without brackets, 2 prefix)."""
    folded = fold(header)
    if folded in _LOOKUP:
        return _LOOKUP[folded], 0
    bare = fold(re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(header or "")))
    if bare in _LOOKUP:
        return _LOOKUP[bare], 1
    words = bare.split()
    for n in range(len(words) - 1, 0, -1):  # the longest leading words that name a field
        prefix = " ".join(words[:n])
        if prefix in _LOOKUP and (n > 1 or len(prefix) > 3):
            found = _LOOKUP[prefix]
            if COMPLETED in found:
                # "Achieved by", "Completed (target)": a header's first words never make
                # a completion column (it would mark actions Complete on a guess); kept
                # as a column of its own, and the officer is told how to say otherwise.
                return (EXTRA, COMPLETED), 2
            return found, 2
    return (), 3


@dataclass(frozen=True)
class Column:
    """One source column and what it became."""

    index: int
    header: str  # as written in the source
    field: str  # a field above, or EXTRA
    choice: str = ""  # the other thing it could have been, when there was a choice
    why: str = ""  # VALUES, OTHERS, OVERRIDDEN, TAKEN, or "" for the synonym table's order
    rival: str = ""  # TAKEN: the header that holds `choice`

    def noteworthy(self) -> bool:
        """Whether the officer should hear of the choice: "Action" read as the
        title rather than its description goes without saying."""
        return bool(self.choice) and (bool(self.why) or fold(self.header) not in QUIET)


VALUES = "values"
OTHERS = "other columns"
OVERRIDDEN = "--columns"
TAKEN = "taken"
# Two-way headers whose usual reading goes without saying.
QUIET = frozenset({"action", "actions", "description", "details"})


@dataclass
class ColumnMap:
    columns: list[Column] = field(default_factory=list)

    def index(self, field_name: str) -> int | None:
        for column in self.columns:
            if column.field == field_name:
                return column.index
        return None

    def column(self, field_name: str) -> Column | None:
        return next((col for col in self.columns if col.field == field_name), None)

    def extras(self) -> list[Column]:
        return [c for c in self.columns if c.field == EXTRA]


def is_header_row(cells: Sequence[object]) -> bool:
    """Whether a row is an actions table's header row.

    Two or more of its cells are headers as the synonym table spells them
    (one of them an action column), and most of its filled cells name a
    field: a data row that happens to start "Action plan ..." does not.
    """
    texts = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    if len(texts) < 2 or any(len(t) > 60 for t in texts):
        return False
    exact: list[tuple[str, ...]] = []
    named = 0
    for text in texts:
        fields, rank = _candidates(text)
        named += bool(fields)
        if rank <= 1:
            exact.append(fields)
    return (len(exact) >= 2 and any(set(f) & _ACTION_FIELDS for f in exact)
            and named * 2 >= len(texts))


def is_detail_header(cells: Sequence[object]) -> bool:
    """Whether a row heads an action's own table, the action being the numbered
    paragraph above it: Lead team | Category | Measurable outcome | Achieved by.

    Two or more of its cells are headers as the synonym table spells them, most
    of its cells name a field, and none names the action itself.
    """
    texts = [str(c).strip() for c in cells if c is not None and str(c).strip()]
    if len(texts) < 2 or any(len(t) > 60 for t in texts):
        return False
    found = [_candidates(text) for text in texts]
    exact = [fields for fields, rank in found if rank <= 1]
    named = sum(1 for fields, _ in found if fields)
    return (len(exact) >= 2 and not any(set(f) & _ACTION_FIELDS for f, _ in found)
            and named * 2 >= len(texts))


def parse_overrides(text: str) -> dict[str, str]:
    """`--columns "By when=timescale,Service area=service"` as header -> field.

    Raises ValueError naming the part it cannot read.
    """
    overrides: dict[str, str] = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        header, sep, name = part.rpartition("=")
        field_name = FIELD_NAMES.get(fold(name))
        if not sep or not header.strip() or field_name is None:
            raise ValueError(part.strip())
        overrides[header.strip()] = field_name
    return overrides


def map_columns(header: Sequence[object], values: Sequence[Sequence[object]] = (),
                overrides: dict[str, str] | None = None) -> ColumnMap:
    """What each column of a table holds. `values` are its body rows, for the choices
    only the values can settle ("Progress": RAG words or sentences?); `overrides`
    (header -> field, from `parse_overrides`) settle the rest."""
    overrides = {fold(h): f for h, f in (overrides or {}).items()}
    headers = [str(h).strip() if h is not None else "" for h in header]
    width = max([len(headers), *(len(r) for r in values)])
    headers += [""] * (width - len(headers))  # cells beyond the header are kept too
    taken: dict[str, int] = {}
    chosen: dict[int, Column] = {}
    # --columns first, then the closest matches, left to right.
    order = []
    for i, text in enumerate(headers):
        if fold(text) in overrides:
            chosen[i] = Column(i, text, overrides[fold(text)], why=OVERRIDDEN)
            if chosen[i].field != EXTRA:
                taken[chosen[i].field] = i
            continue
        fields, rank = _candidates(text)
        if fields and text:
            order.append((rank, i, _by_content(fields, [_at(r, i) for r in values])))
    for _, i, (fields, why) in sorted(order):
        text = headers[i]
        free = [f for f in fields if f == EXTRA or f not in taken]
        field_name = free[0] if free else EXTRA
        if field_name == COMPLETED and fields[0] != COMPLETED:
            # A completion only where the header says so first ("Completed", "Date
            # completed"): a header that could be a target as well is asked about.
            chosen[i] = Column(i, text, EXTRA, COMPLETED)
            continue
        others = [f for f in fields if f != field_name]
        if field_name != EXTRA:
            taken[field_name] = i
        if fields[0] != field_name and fields[0] in taken:
            chosen[i] = Column(i, text, field_name, fields[0], TAKEN, headers[taken[fields[0]]])
        else:
            chosen[i] = Column(i, text, field_name, others[0] if others else "",
                               why if others else "")
    for i, text in enumerate(headers):
        if i not in chosen and (text or any(_at(r, i) not in ("", None) for r in values)):
            chosen[i] = Column(i, text, EXTRA)
    columns = [chosen[i] for i in sorted(chosen)]
    return ColumnMap(_settle(columns))


def _at(row: Sequence[object], i: int) -> object:
    return row[i] if i < len(row) else ""


def _by_content(fields: tuple[str, ...], values: list[object]) -> tuple[tuple[str, ...], str]:
    """Reorder a two-way header's fields by what the column holds."""
    texts = [str(v).strip() for v in values if v not in ("", None) and str(v).strip()]
    if len(fields) < 2 or not texts:
        return fields, ""
    if set(fields) == {STATUS, PROGRESS}:
        words = sum(1 for t in texts if len(t) <= 40 and _STATUS_WORD.match(t))
        first = STATUS if words * 3 >= len(texts) * 2 else PROGRESS
        return (first, *[f for f in fields if f != first]), VALUES
    if set(fields) == {OBJECTIVE, EXTRA}:
        first = EXTRA if all(_RATING.match(t) for t in texts) else OBJECTIVE
        return (first, *[f for f in fields if f != first]), VALUES
    return fields, ""


def _settle(columns: list[Column]) -> list[Column]:
    """Choices the other columns settle.

    A table with a service column and a lead column: "Service area" is the
    service and "Responsible" its lead. A table with no action-title column
    but a description column ("Actions") reads that as the title.
    """
    fields = {c.field for c in columns}
    settled = []
    for c in columns:
        if c.why == OVERRIDDEN:
            settled.append(c)
        elif c.field == DESCRIPTION and TITLE not in fields and c.choice == TITLE:
            settled.append(Column(c.index, c.header, TITLE, DESCRIPTION, OTHERS))
            fields.add(TITLE)
        else:
            settled.append(c)
    return settled


def header_names(rows: Iterable[Sequence[object]]) -> set[str]:
    """Every folded header in some header rows, to check `--columns` names one."""
    return {fold(str(v)) for row in rows for v in row if v not in ("", None)}
