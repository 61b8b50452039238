"""A plan the council already has, in Word or CSV, turned into a Plan.

Three sources are read:

* the published plan (.docx): per role a table with a role row ("As a
  Community Leader"), an "Objective: ..." row, a header row (Commitments |
  Action Title | Actions | Responsible Service | Timescale for delivery), the
  action rows and a "Connections to other plans" row;
* the year-end progress update (.docx): the same roles as paragraphs, each
  action a title, narrative paragraphs and a closing sentence ("This action
  is now closed");
* a CSV with the plan's own headers (ID, Action title, Actions, ...).

Word text is read paragraph by paragraph: list paragraphs become "• " lines,
struck-through words are left out (the council strikes words it withdrew).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import WorkbookError
from .model import (
    DEFAULT_OBJECTIVES,
    Action,
    ActionType,
    Objective,
    Plan,
    Service,
    Status,
    as_date,
    normalise_status,
    period_bounds,
)
from .schema import HEADERS
from .timescale import parse_timescale

BULLET = "• "
# "- Ongoing Project", "NEW", "– ongoing Action", "- Ongoing Project NEW FOCUS"
# at the end of a title. NEW must be in capitals: "New" may end a real title.
_MARKER = re.compile(
    r"(?:\s*[-–—]\s*|\s+)((?i:ongoing\s+(?:project|action))(?:\s+NEW\s+FOCUS)?"
    r"|NEW\s+FOCUS|NEW)\s*$")
_ROLE = re.compile(r"^As an?\s+\S", re.IGNORECASE)
_OBJECTIVE = re.compile(r"^Objective\s*:\s*", re.IGNORECASE)
_CONNECTIONS = re.compile(
    r"^Connections?\s+to\s+other\s+plans(?:\s+and\s+strategies)?\s*:?\s*", re.IGNORECASE)
_CLOSING = re.compile(r"^This action\b", re.IGNORECASE)
_WE_WILL = re.compile(r"^We will\b", re.IGNORECASE)
# A paragraph ending in one of these words runs on into the next one.
_RUNS_ON = re.compile(r"\b(?:a|an|and|at|by|for|from|in|of|on|or|the|to|with|work)$",
                      re.IGNORECASE)
_TITLE_LIMIT = 200
_PERIOD = re.compile(r"(\d{4})\s*[-/–]\s*(\d{4}|\d{2})\b")


@dataclass
class _Draft:
    """What a source says, before services are resolved."""

    objectives: list[Objective] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    service_cells: list[str] = field(default_factory=list)  # one per action
    title: str = ""


def import_plan(source: Path, *, title: str | None = None, organisation: str = "",
                period: str | None = None, services: list[Service] | None = None) -> Plan:
    """The plan in a Word .docx (published plan or progress update) or a CSV.

    `services` (an existing plan's) resolves "HR" to "Human Resources" and
    keeps their leads; without it names are split by `split_service_cells`.
    The period, when not given, is read from the title ("... 2023-24").
    """
    source = Path(source)
    suffix = source.suffix.lower()
    if suffix == ".docx":
        draft = _read_docx(source)
    elif suffix == ".csv":
        draft = _read_csv(source)
    else:
        raise WorkbookError(source, f"cannot import a '{suffix or 'no suffix'}' file",
                            "give the plan as a Word .docx or a .csv with the plan's headers")
    plan_title = title or draft.title or "EDI Action Plan"
    plan_period = period if period is not None else _period_in(plan_title)
    annual_update = period_bounds(plan_period)[1] if plan_period else None
    names, plan_services = resolve_services(draft.service_cells, services)
    actions = [a.replace(services=n) for a, n in zip(draft.actions, names, strict=True)]
    return Plan(title=plan_title, organisation=organisation, period=plan_period,
                annual_update=annual_update, objectives=draft.objectives,
                services=plan_services, actions=actions)


def _period_in(text: str) -> str:
    """'2023-24' from 'EDI Action Plan 2023-24', '' when none is named."""
    for m in _PERIOD.finditer(text):
        candidate = f"{m.group(1)}-{int(m.group(2)) % 100:02d}"
        try:
            period_bounds(candidate)
        except ValueError:
            continue
        return candidate
    return ""


def parse_title(text: str) -> tuple[str, str, str]:
    """(title, marker, type) of a published title: the marker is cut off the end.

    'X - Ongoing Project NEW FOCUS' -> ('X', '- Ongoing Project NEW FOCUS', 'New focus').
    """
    text = " ".join(text.split())
    m = _MARKER.search(text)
    if not m or not text[:m.start()].strip():
        return text, "", ""
    marker = m.group(1).upper()
    kind = (ActionType.NEW_FOCUS if "FOCUS" in marker
            else ActionType.NEW if marker.startswith("NEW") else ActionType.ONGOING)
    return text[:m.start()].rstrip(), text[m.start():].strip(), kind.value


def role_key(role: str) -> str:
    """'CL' for 'As a Community Leader', 'EM' for 'As an Employer'."""
    name = re.sub(r"^\s*As an?\s+", "", role, flags=re.IGNORECASE)
    words = re.findall(r"[A-Za-z]+", name)
    if len(words) == 1:
        return words[0][:2].upper()
    return "".join(w[0] for w in words).upper() or "OB"


# --------------------------------------------------------------------------
# Word
# --------------------------------------------------------------------------

@dataclass
class _Para:
    text: str
    bullet: bool = False

    def line(self) -> str:
        return BULLET + self.text if self.bullet else self.text


def _paragraph(p: Any) -> _Para:
    """A Word paragraph's text without struck-out words, and whether it is a list item."""
    runs = list(p.runs)
    if any(r.font.strike for r in runs):
        text = "".join(r.text for r in runs if not r.font.strike)
    else:
        text = p.text
    text = " ".join(text.split())
    style = (p.style.name if p.style is not None else "") or ""
    ppr = p._p.pPr
    bullet = style.startswith("List") or (ppr is not None and ppr.numPr is not None)
    if re.match(r"^[•·▪◦]\s*", text):
        bullet, text = True, re.sub(r"^[•·▪◦]\s*", "", text)
    return _Para(text, bullet)


def _cell_paras(cell: Any) -> list[_Para]:
    return [p for p in map(_paragraph, cell.paragraphs) if p.text]


def _read_docx(path: Path) -> _Draft:
    try:
        import docx
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several kinds
        raise WorkbookError(path, f"cannot be opened as a Word document ({exc})",
                            "save it from Word as a .docx") from None
    title = _document_title(document)
    blocks = list(document.iter_inner_content())
    tables = [b for b in blocks if hasattr(b, "rows")]
    if any(_header_columns(row) for table in tables for row in table.rows):
        draft = _tables_layout(blocks)
    else:
        paras = [p for b in blocks if not hasattr(b, "rows")
                 for p in [_paragraph(b)] if p.text]
        draft = _progress_layout(paras)
    if not draft.actions:
        raise WorkbookError(
            path, "has neither a plan table (with an 'Action Title' header) nor a progress"
            " update ('As a ...' headings, 'Objective: ...' and action paragraphs)",
            "import the council's published plan or progress update, or a CSV")
    draft.title = title
    return draft


def _document_title(document: Any) -> str:
    """A short 'Action Plan' paragraph ('Appendix 2 – EDI Action Plan 2023-24.'), else the
    document's Title property."""
    for p in document.paragraphs:
        text = " ".join(p.text.split())
        if "action plan" in text.casefold() and len(text) < 120:
            return re.sub(r"^Appendix\s+\w+\s*[-–—:]\s*", "", text).rstrip(" .")
    return (document.core_properties.title or "").strip()


def _header_columns(row: Any) -> dict[str, int]:
    """Column index of each header in a header row; {} for any other row."""
    texts = [" ".join(c.text.split()).casefold() for c in row.cells]
    if "action title" not in texts:
        return {}
    columns: dict[str, int] = {}
    for i, text in enumerate(texts):
        for key, start in (("commitments", "commitment"), ("title", "action title"),
                           ("actions", "actions"), ("services", "responsible"),
                           ("timescale", "timescale")):
            if text.startswith(start) and key not in columns:
                columns[key] = i
    if "timescale" not in columns and "services" in columns:
        # A header row that lost its last heading still has the column.
        columns["timescale"] = columns["services"] + 1
    return columns


class _Builder:
    """Objectives and actions as the rows arrive."""

    def __init__(self) -> None:
        self.draft = _Draft()
        self.objective: Objective | None = None
        self.count = 0

    def role(self, text: str) -> None:
        key = base = role_key(text)
        taken = {o.key for o in self.draft.objectives}
        n = 2
        while key in taken:
            key, n = f"{base}{n}", n + 1
        self.objective = Objective(key, text)
        self.draft.objectives.append(self.objective)
        self.count = 0

    def ensure(self) -> Objective:
        if self.objective is None:
            self.role("As an Organisation")
        assert self.objective is not None
        return self.objective

    def next_id(self) -> str:
        self.count += 1
        return f"{self.ensure().key}-{self.count:02d}"

    def add(self, action: Action, services: str) -> None:
        self.draft.actions.append(action)
        self.draft.service_cells.append(services)


def _add_commitments(objective: Objective, paras: list[_Para]) -> None:
    """'We will' starts a commitment; bullets and run-on lines join the one before."""
    for p in paras:
        if objective.commitments and p.bullet:
            objective.commitments[-1] += "\n" + p.line()
        elif objective.commitments and not _WE_WILL.match(p.text) and _runs_on(
                objective.commitments[-1], p.text):
            objective.commitments[-1] += " " + p.text
        else:
            objective.commitments.append(p.line())


def _runs_on(before: str, after: str) -> bool:
    """Whether `after` continues the sentence `before` breaks off."""
    before = before.rstrip()
    if not before or before[-1] in ".!?:":
        return False
    return after[:1].islower() or bool(_RUNS_ON.search(before))


def _add_connections(objective: Objective, paras: list[_Para]) -> None:
    for p in paras:
        text = _CONNECTIONS.sub("", p.text).strip()
        if text:
            objective.connections.append(text)


def _tables_layout(blocks: list[Any]) -> _Draft:
    """The published plan: one table per role (role and objective rows may also
    be paragraphs before it). A row with an empty title continues the action
    above as its next milestone: EM-04.1, EM-04.2, ..."""
    b = _Builder()
    columns: dict[str, int] = {}
    in_connections = False
    seen_commitments: list[Any] = []
    group: list[dict[str, Any]] = []
    title_tc: Any = None

    def flush() -> None:
        if group:
            _add_group(b, group)
            group.clear()

    def single(text: str) -> bool:
        """Role, objective and connections rows; True when `text` was one."""
        nonlocal in_connections, columns
        if _ROLE.match(text) and len(text) <= 80:
            flush()
            b.role(text)
            in_connections, columns = False, {}
        elif _OBJECTIVE.match(text):
            b.ensure().statement = _OBJECTIVE.sub("", text)
        elif _CONNECTIONS.match(text):
            flush()
            in_connections = True
        else:
            return False
        return True

    for block in blocks:
        if not hasattr(block, "rows"):
            para = _paragraph(block)
            if para.text and not single(para.text) and in_connections:
                _add_connections(b.ensure(), [para])
            continue
        for row in block.rows:
            cells = list(row.cells)
            distinct = [c for i, c in enumerate(cells)
                        if c.text.strip() and all(c._tc is not d._tc for d in cells[:i])]
            if not distinct:
                continue
            header = _header_columns(row)
            if header:
                flush()
                columns, in_connections = header, False
                continue
            first = _cell_paras(distinct[0])
            if len(distinct) == 1 and first and single(first[0].text):
                if in_connections:
                    _add_connections(b.ensure(), first)
                continue
            if in_connections or not columns:
                if in_connections:
                    _add_connections(b.ensure(), [p for c in distinct for p in _cell_paras(c)])
                continue
            def at(key: str, cells: list[Any] = cells,
                   columns: dict[str, int] = columns) -> Any:
                i = columns.get(key)
                return cells[i] if i is not None and i < len(cells) else None

            commitments = at("commitments")
            if commitments is not None and all(commitments._tc is not t
                                               for t in seen_commitments):
                seen_commitments.append(commitments._tc)
                _add_commitments(b.ensure(), _cell_paras(commitments))
            title_cell = at("title")
            title = " ".join(p.text for p in _cell_paras(title_cell)) if title_cell else ""
            parts = {k: _cell_paras(at(k)) if at(k) is not None else []
                     for k in ("actions", "services", "timescale")}
            if title and (title_cell._tc is not title_tc or not group):
                flush()
                title_tc = title_cell._tc
                group.append({"title": title, **parts})
            elif group and any(parts.values()):
                group.append({"title": "", **parts})
    flush()
    return b.draft


def _add_group(b: _Builder, rows: list[dict[str, Any]]) -> None:
    """One titled action and its continuation rows; several rows are milestones."""
    title, _, kind = parse_title(rows[0]["title"])
    if len(rows) == 1:
        rows = _split_one_row(rows[0])
    parent = b.next_id()
    services = "\n".join(p.text for p in rows[0]["services"])
    timescale = " ".join(p.text for p in rows[0]["timescale"])
    for n, row in enumerate(rows, start=1):
        services = "\n".join(p.text for p in row["services"]) or services
        timescale = " ".join(p.text for p in row["timescale"]) or timescale
        action = Action(
            id=parent if len(rows) == 1 else f"{parent}.{n}",
            objective=b.ensure().key, title=title, type=kind,
            description="\n".join(p.line() for p in row["actions"]),
            timescale=parse_timescale(timescale))
        b.add(action, services)


def _split_one_row(row: dict[str, Any]) -> list[dict[str, Any]]:
    """A row with as many timescale paragraphs as plain action paragraphs (two or
    more) holds that many deliverables, one per paragraph."""
    actions, times = row["actions"], row["timescale"]
    if len(times) < 2 or len(actions) != len(times) or any(p.bullet for p in actions):
        return [row]
    return [{"title": row["title"], "actions": [a], "services": row["services"],
             "timescale": [t]} for a, t in zip(actions, times, strict=True)]


def _closing_status(text: str) -> str:
    """The status a progress update's closing sentence gives."""
    words = text.casefold()
    if "closed" in words:
        return Status.CLOSED.value
    if "complete" in words:
        return Status.COMPLETE.value
    if "developed" in words or "carried" in words:
        return Status.CARRIED_FORWARD.value
    if "ongoing" in words:
        return Status.ON_TRACK.value
    return ""


def _progress_layout(paras: list[_Para]) -> _Draft:
    """The year-end progress update, paragraphs only.

    After a role heading and its 'Objective:' paragraph come 'We will ...'
    commitments (bullets and run-on lines join them). The first other
    paragraph starts the actions. An action runs to its closing sentence
    ("This action is now closed" -> Closed, "... remains ongoing in the new
    plan" -> On track, "... has now developed in the new plan" -> Carried
    forward): its first paragraph is the title (with any run-on line), the
    rest the progress. Where a closing sentence is missing, a short
    paragraph (under 200 characters, no final full stop) after a finished
    sentence and followed by more text starts a new action.
    """
    b = _Builder()
    in_commitments = False
    block: list[_Para] = []

    def close(closing: str = "") -> None:
        parts = _split_titles(block)
        for i, part in enumerate(parts):
            _add_update(b, part, closing if i == len(parts) - 1 else "")
        block.clear()

    for p in paras:
        if _ROLE.match(p.text) and len(p.text) <= 80 and not p.text.endswith("."):
            close()
            b.role(p.text)
            in_commitments = False
        elif b.objective is None:
            continue  # a cover page or introduction before the first role
        elif _OBJECTIVE.match(p.text) and not block:
            b.ensure().statement = _OBJECTIVE.sub("", p.text)
            in_commitments = True
        elif in_commitments and (_WE_WILL.match(p.text) or p.bullet or (
                b.ensure().commitments and _runs_on(b.ensure().commitments[-1], p.text))):
            _add_commitments(b.ensure(), [p])
        elif _CLOSING.match(p.text) and len(p.text) < 150 and block:
            close(p.text)
        else:
            in_commitments = False
            block.append(p)
    close()
    return b.draft


def _split_titles(block: list[_Para]) -> list[list[_Para]]:
    """A block's actions: a new one starts at a short unfinished paragraph that
    follows a finished sentence and is followed by more text."""
    parts: list[list[_Para]] = []
    for i, p in enumerate(block):
        title_like = (len(p.text) < _TITLE_LIMIT and not p.bullet
                      and p.text[-1:] not in ".:;!?" and i + 1 < len(block))
        if not parts or (title_like and len(parts[-1]) > 1
                         and parts[-1][-1].text[-1:] in ".!?"):
            parts.append([p])
        else:
            parts[-1].append(p)
    return parts


def _add_update(b: _Builder, paras: list[_Para], closing: str) -> None:
    if not paras:
        return
    title, rest = paras[0].text, paras[1:]
    while rest and not rest[0].bullet and _runs_on(title, rest[0].text):
        title, rest = f"{title} {rest[0].text}", rest[1:]
    action = Action(id=b.next_id(), objective=b.ensure().key, title=title,
                    status=_closing_status(closing),
                    progress="\n".join(p.line() for p in rest), comments=closing)
    b.add(action, "")


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------

_REQUIRED = ("ID", "Action title", "Actions", "Responsible service(s)", "Timescale")
_DATE_HEADERS = ("Due", "Last updated")


def _read_csv(path: Path) -> _Draft:
    """Rows with the plan's headers; the optional 'Objective' column names the role."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except UnicodeDecodeError:
        raise WorkbookError(path, "is not UTF-8 text",
                            "save it from Excel as 'CSV UTF-8 (Comma delimited)'") from None
    if not rows:
        raise WorkbookError(path, "is empty", f"give the columns {', '.join(_REQUIRED)}")
    canonical = {h.casefold(): h for h in (*HEADERS, "Objective")}
    header = [canonical.get(" ".join(h.split()).casefold(), h.strip()) for h in rows[0]]
    missing = [h for h in _REQUIRED if h not in header]
    if missing:
        raise WorkbookError(path, f"has no {', '.join(repr(h) for h in missing)} column",
                            f"the first row must hold the headers {', '.join(_REQUIRED)}")
    defaults = dict(DEFAULT_OBJECTIVES)
    draft = _Draft()
    objectives: dict[str, Objective] = {}
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        values = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        if not any(values.values()):
            continue
        action_id = values["ID"]
        role = values.get("Objective", "")
        prefix = re.match(r"([A-Za-z]+)-", action_id)
        if not action_id or action_id in seen:
            problem = "has no ID" if not action_id else f"repeats the ID {action_id}"
            raise WorkbookError(path, f"row {number} {problem}",
                                "give every action its own ID, such as CL-01")
        if not prefix and not role:
            raise WorkbookError(path, f"row {number}: cannot tell the objective of {action_id}",
                                "start the ID with the objective's key (CL-01) or fill "
                                "the Objective column")
        seen.add(action_id)
        key = prefix.group(1).upper() if prefix else role_key(role)
        if key not in objectives:
            objectives[key] = Objective(key, role or defaults.get(key, key))
            draft.objectives.append(objectives[key])
        status = values.get("Status", "")
        extra = {h: v for h, v in values.items() if h not in HEADERS and h != "Objective"}
        draft.actions.append(Action(
            id=action_id, objective=key, title=values["Action title"],
            type=values.get("Type", ""), description=values["Actions"],
            timescale=parse_timescale(values["Timescale"]),
            due=as_date(values.get("Due")), status=normalise_status(status) or status,
            progress=values.get("Progress update", ""),
            revised_timescale=values.get("Revised timescale", ""),
            comments=values.get("Comments", ""),
            last_updated=as_date(values.get("Last updated")),
            updated_by=values.get("Updated by", ""), flag=values.get("Flag", ""),
            extra=extra, source_row=number))
        draft.service_cells.append(values["Responsible service(s)"])
    return draft


# --------------------------------------------------------------------------
# Services
# --------------------------------------------------------------------------

def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_group(pieces: list[str]) -> bool:
    """'Policy, Communities and Engagement': single words, then one 'Y and Z'."""
    return (len(pieces) >= 2 and " and " in pieces[-1]
            and all(" " not in p for p in pieces[:-1]))


def builtin_split(text: str) -> list[tuple[int, str]]:
    """(position, name) of each service in `text`, with no services list.

    The rule: split on '/', ';' and new lines. A part with commas stays one
    name when it reads "X, Y and Z" (single words, then one 'and' phrase: a
    name such as "Policy, Communities and Engagement"); otherwise it is
    split on the commas when every piece starts with a capital, and kept
    whole when not.
    """
    found: list[tuple[int, str]] = []
    for m in re.finditer(r"[^/;\n]+", text or ""):
        part = m.group()
        pieces = [(m.start() + p.start(), p.group().strip(" .,"))
                  for p in re.finditer(r"[^,]+", part) if p.group().strip(" .,")]
        names = [n for _, n in pieces]
        if not pieces:
            continue
        if len(pieces) == 1 or _is_group(names) or not all(n[:1].isupper() for n in names):
            found.append((pieces[0][0], ", ".join(names)))
        else:
            found.extend(pieces)
    return found


def _take_known(text: str, lookup: list[tuple[str, str]]) -> tuple[list[tuple[int, str]], str]:
    """Known names (longest first) found in `text`, and the text with them blotted to '/'."""
    found: list[tuple[int, str]] = []
    rest = " " + " ".join((text or "").split()) + " "
    for alias, canonical in sorted(lookup, key=lambda pair: len(pair[0]), reverse=True):
        pattern = re.compile(r"(?<![\w&])" + re.escape(alias) + r"(?![\w&])", re.IGNORECASE)
        for m in pattern.finditer(rest):
            found.append((m.start(), canonical))
        rest = pattern.sub(lambda m: "/" + " " * (len(m.group()) - 1), rest)
    return found, rest


def split_service_cells(cells: list[str]) -> list[list[str]]:
    """Each cell's service names, with no services list: see `resolve_services`."""
    return resolve_services(cells, None)[0]


def resolve_services(cells: list[str], services: list[Service] | None
                     ) -> tuple[list[list[str]], list[Service]]:
    """Each cell's canonical service names, and the plan's services list.

    Names already known are matched first, wherever they sit in a cell: the
    given `services` (names and aliases), or, without them, every name that
    some cell writes unambiguously (between '/' or ';', or an "X, Y and Z"
    group). That is how "Housing, Revenues and Benefits, Policy, Communities
    and Engagement" splits in three. What is left is split by
    `builtin_split`, and each new name joins the list as it is met.
    """
    plan_services = [Service(s.name, list(s.aliases), s.lead, s.email, s.deputy_email)
                     for s in services or []]
    lookup = [(alias, s.name) for s in plan_services for alias in s.names()]
    if services is None:
        for cell in cells:
            for part in re.split(r"[/;\n]", cell or ""):
                part = part.strip(" .")
                pieces = [p.strip(" .") for p in part.split(",")]
                if part and ("," not in part or _is_group(pieces)):
                    lookup.append((part, part))
    canonical = {_fold(s.name): s.name for s in plan_services}
    result: list[list[str]] = []
    for cell in cells:
        found, rest = _take_known(cell, lookup)
        names: list[str] = []
        for _, name in sorted(found + builtin_split(rest)):
            if _fold(name) not in canonical:
                canonical[_fold(name)] = name
                plan_services.append(Service(name))
                lookup.append((name, name))
            name = canonical[_fold(name)]
            if name not in names:
                names.append(name)
        result.append(names)
    return result, plan_services
