"""Plan workbook -> Plan. Tables are found by their headers, never by row.

Values are read with python-calamine: ten times faster than openpyxl and it
never evaluates or expands anything in the file.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..core import messages as m
from ..core.cells import CUT_MARKER, Formula, as_text, folded, from_cell
from ..core.equality import KEY_FOR_HEADER, LISTED, Equality, EqualityLists, ordered_columns
from ..core.errors import PlanError
from ..core.history import Change, ReturnRecord
from ..core.model import (
    SERVICE_FIELDS,
    Action,
    AddedColumn,
    BelowTable,
    Objective,
    Plan,
    Service,
    ServiceMatcher,
    ServiceUpdate,
    StatusList,
    as_date,
    looks_like_id,
    service_parts,
)
from ..core.returns import box_words
from ..core.schema import (
    ABOUT_LABELS,
    ABOUT_SHEET,
    BULLET,
    CHANGED_KEY,
    COMMITMENTS_LABEL,
    EQUALITY_HEADERS,
    EQUALITY_LIST_LABELS,
    EVIDENCE_HEADER,
    FIELD_FOR_HEADER,
    FLAG_KEYS,
    HEADERS,
    HISTORY_HEADERS,
    HISTORY_SHEET,
    INTRODUCTION_LABEL,
    KEY_LABEL,
    LISTS_SHEET,
    META_SHEET,
    OBJECTIVE_LABEL,
    RETURNS_LOG_HEADERS,
    RETURNS_LOG_SHEET,
    SERVICE_HEADERS,
    SERVICE_UPDATES_HEADERS,
    SERVICE_UPDATES_SHEET,
    SERVICES_SHEET,
    STATUS_KEY,
    TABLE_KEY_HEADERS,
)
from ..core.timescale import parse_timescale
from ..xlsx.values import Rows, SheetSet, open_sheets

# The plan's own sheets, read by their own rules rather than as objectives.
_OWN_SHEETS = (ABOUT_SHEET, SERVICES_SHEET, META_SHEET, LISTS_SHEET, SERVICE_UPDATES_SHEET,
               HISTORY_SHEET, RETURNS_LOG_SHEET)


def _norm_header(value: Any) -> str:
    return folded(as_text(value))


_CANONICAL = {h.casefold(): h for h in (*HEADERS, *EQUALITY_HEADERS)}


def find_header_row(rows: Rows, required: tuple[str, ...] = TABLE_KEY_HEADERS) -> int | None:
    """Index of the first row holding all `required` headers (any case)."""
    wanted = {h.casefold() for h in required}
    for i, row in enumerate(rows[:500]):
        if wanted <= {_norm_header(v) for v in row}:
            return i
    return None


def header_map(row: list[Any]) -> dict[int, str]:
    """Column index -> header as spelled by SPEC (or as typed, for added columns)."""
    found: dict[int, str] = {}
    for i, value in enumerate(row):
        text = as_text(value)
        if text:
            found[i] = _CANONICAL.get(_norm_header(text), text)
    return found


def _label_rows(rows: Rows) -> dict[str, int]:
    labels: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row and as_text(row[0]):
            labels.setdefault(as_text(row[0]).casefold(), i)
    return labels


def _first_text(row: list[Any], start: int = 1) -> str:
    for value in row[start:]:
        text = as_text(value)
        if text:
            return text
    return ""


def read_plan(path: Path) -> Plan:
    """Read a plan workbook written by this tool or edited by hand."""
    # The zip is opened and vetted once: calamine reads the values, the parts the rest.
    with open_sheets(path, skip=(LISTS_SHEET,)) as (book, package):
        return _read_book(book, package)


def _read_book(book: SheetSet, package: Any) -> Plan:
    meta = _read_meta(book.sheets.get(META_SHEET, []))
    plan = Plan(plan_id=meta.get("plan_id") or "")
    _read_about(book, plan)
    if meta.get("revision"):
        plan.revision = _as_int(meta["revision"], plan.revision)
    plan.services = _read_services(book.sheets.get(SERVICES_SHEET, []))
    plan.statuses = StatusList.of([(k[len(STATUS_KEY):], v) for k, v in meta.items()
                                   if k.startswith(STATUS_KEY)])
    services = ServiceMatcher(plan.services)
    key_for_sheet = {v: k.split(":", 1)[1] for k, v in meta.items() if k.startswith("objective:")}
    layouts: dict[str, _Layout] = {}
    for name, rows in book.sheets.items():
        if name in _OWN_SHEETS:
            continue
        header = find_header_row(rows)
        if header is None:
            if any(as_text(v) for row in rows for v in row):
                plan.extra_sheets[name] = trim_rows(rows)
            continue
        objective, actions = _read_objective(book.path, name, rows, header, services,
                                             key_for_sheet.get(name), plan.statuses.words)
        plan.objectives.append(objective)
        plan.actions.extend(actions)
        layouts[name] = _Layout(objective, header, header_map(rows[header]),
                                {a.source_row: a for a in actions if a.source_row})
    if not plan.objectives:
        raise PlanError(book.path, m.NO_OBJECTIVE_SHEET, m.keep_header_row(HEADERS[:4]))
    _read_equality(plan, book, layouts)
    if not plan.plan_id:
        raise PlanError(book.path, m.NO_PLAN_ID, m.meta_removed(META_SHEET),
                        sheet=META_SHEET)
    schema = _as_int(meta.get("schema_version", "1"), 1)
    _read_service_updates(plan, book.sheets.get(SERVICE_UPDATES_SHEET, []), schema)
    plan.history = read_history(book.sheets.get(HISTORY_SHEET, []))
    plan.returns_log = read_returns_log(book.sheets.get(RETURNS_LOG_SHEET, []))
    _read_officer_work(plan, book.path, layouts, package)
    return plan


@dataclass
class _Layout:
    """Where an objective sheet's actions table sits, to place a cell in it."""

    objective: Objective
    header: int  # zero-based row of the headers
    headers: dict[int, str]  # zero-based column -> header
    actions: dict[int, Action]  # one-based row -> the action on it

    def place(self, ref: str) -> tuple[Action, str] | None:
        from ..xlsx.refs import column_index

        match = re.fullmatch(r"\$?([A-Z]{1,3})\$?([0-9]+)", ref.upper())
        if match is None:
            return None
        action = self.actions.get(int(match.group(2)))
        header = self.headers.get(column_index(match.group(1)) - 1)
        return (action, header) if action is not None and header else None

    def added(self) -> dict[int, str]:
        """Zero-based column -> header of the columns the officer added."""
        return {c: h for c, h in self.headers.items() if h not in FIELD_FOR_HEADER}


def _read_officer_work(plan: Plan, path: Path, layouts: dict[str, _Layout],
                       package: Any = None) -> None:
    """What calamine does not give, kept so the next write loses none of it: the
    officer's notes on cells, formulas in columns and sheets of their own, and
    the widths, hidden state and filters of the columns they added. What cannot
    be kept is said in `plan.not_kept`, for the summary.
    """
    from ..core.history import NOTE_MARK
    from ..xlsx.parts import open_parts

    with open_parts(path, PlanError, package) as parts:
        for name in parts.sheet_names():
            if name in (META_SHEET, LISTS_SHEET):
                continue
            sheet = parts.sheet(name)
            layout = layouts.get(name)
            for ref, note in sheet.notes.items():
                text = note.text.split(NOTE_MARK, 1)[0].strip()  # the tool's part is remade
                if not text:
                    continue
                placed = layout.place(ref) if layout else None
                if placed:
                    placed[0].notes[placed[1]] = text
                else:
                    plan.sheet_notes.setdefault(name, {})[ref] = text
            formulas = sheet.formulas() if sheet.has_formulas() else {}
            if layout is not None:
                _added_columns(plan, name, layout, sheet, formulas)
            elif name in plan.extra_sheets:
                _sheet_formulas(plan.extra_sheets[name], formulas)
            elif formulas:
                plan.not_kept.append(m.formulas_not_kept(name))


def _added_columns(plan: Plan, name: str, layout: _Layout, sheet: Any,
                   formulas: dict[str, Any]) -> None:
    added = layout.added()
    for ref, formula in formulas.items():
        placed = layout.place(ref)
        if placed and placed[1] in added.values():
            action, header = placed
            action.extra[header] = Formula(formula.text, action.extra.get(header, ""))
        else:
            plan.not_kept.append(m.formula_not_kept(name, ref, formula.text))
    filters = {f.column - 1: f for f in (sheet.autofilter.columns if sheet.autofilter else ())}
    for col, header in added.items():
        span = sheet.column(col + 1)
        chosen = filters.pop(col, None)
        values: tuple[str, ...] = ()
        if chosen is not None:
            if chosen.kind == "values" and not chosen.blank:
                values = chosen.values
            else:
                plan.not_kept.append(m.filter_not_kept(name, header))
        if span is not None or values:
            layout.objective.added_columns[header] = AddedColumn(
                span.width if span and span.custom_width else None,
                bool(span and span.hidden), values)
    for col in filters:
        plan.not_kept.append(m.filter_not_kept(name, layout.headers.get(col, "")))


def _sheet_formulas(rows: Rows, formulas: dict[str, Any]) -> None:
    """A sheet of the officer's own: each formula kept as one, with the value it showed."""
    from ..xlsx.refs import column_index

    for ref, formula in formulas.items():
        match = re.fullmatch(r"\$?([A-Z]{1,3})\$?([0-9]+)", ref.upper())
        if match is None:
            continue
        r, c = int(match.group(2)) - 1, column_index(match.group(1)) - 1
        while len(rows) <= r:
            rows.append([])
        rows[r].extend([""] * (c + 1 - len(rows[r])))
        rows[r][c] = Formula(formula.text, rows[r][c])


def _read_equality(plan: Plan, book: SheetSet, layouts: dict[str, _Layout]) -> None:
    """The equality columns the objective sheets have, the plan's lists and the
    introduction kept from its document (About sheet blocks)."""
    found = {KEY_FOR_HEADER[h] for layout in layouts.values() for h in layout.headers.values()
             if h in KEY_FOR_HEADER}
    blocks = about_blocks(book.sheets.get(ABOUT_SHEET, []))
    lists = EqualityLists()
    for key in LISTED:
        words = blocks.get(EQUALITY_LIST_LABELS[key].casefold())
        if words:
            lists = lists.with_words(key, words)
    plan.equality = Equality(ordered_columns(found) if found else (), lists)
    plan.introduction = blocks.get(INTRODUCTION_LABEL.casefold(), [])


def about_blocks(rows: Rows) -> dict[str, list[str]]:
    """Folded label -> the texts of its block: column B of the label's row (where an
    officer typed one there) and of each row after it, up to a row with a label of its
    own or nothing in column B."""
    wanted = {label.casefold() for label in (*EQUALITY_LIST_LABELS.values(), INTRODUCTION_LABEL)}
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for row in rows:
        label = as_text(row[0]).casefold() if row else ""
        text = as_text(row[1]) if len(row) > 1 else ""
        if label:
            current = blocks.setdefault(label, []) if label in wanted else None
        elif not text:
            current = None
        if current is not None and text:
            current.append(text)
    return blocks


def _read_service_updates(plan: Plan, rows: Rows, schema: int) -> None:
    """Each service's own words on shared actions, and the plan's own beside them.

    A plan written before schema 2 kept "[Service] words" blocks in one cell:
    they are split once, here. Otherwise the objective sheet shows the plan's
    own words followed by each service's, as `Action.shown` writes them; if
    the officer typed over that combined text, their text becomes the plan's
    own and stands in for the services' separate words (nothing is lost:
    their words are in it).
    """
    index = plan.action_index()
    header = find_header_row(rows, ("ID", "Service")) if rows else None
    if header is not None:
        columns = {_norm_header(v): i for i, v in enumerate(rows[header])}
        col = [columns.get(h.casefold()) for h in (*SERVICE_UPDATES_HEADERS, EVIDENCE_HEADER)]

        def get(row: list[Any], n: int) -> Any:
            i = col[n]
            return from_cell(row[i]) if i is not None and i < len(row) else ""

        for row in rows[header + 1:]:
            action_id, service = as_text(get(row, 0)), as_text(get(row, 1))
            if not action_id and not service and not any(as_text(v) for v in row):
                continue
            update = ServiceUpdate(action_id, service, as_text(get(row, 2)),
                                   as_text(get(row, 3)), as_date(get(row, 4)),
                                   evidence=as_text(get(row, 5)))
            action = index.get(action_id)
            if action is None or not service:
                update.problem = (m.update_without_action(action_id) if action is None
                                  else m.UPDATE_WITHOUT_SERVICE)
                plan.loose_updates.append(update)
            else:
                action.updates[service] = update
    for action in plan.actions:
        if schema < 2:
            if action.is_shared:
                _split_blocks(action)
            continue
        for name in SERVICE_FIELDS:
            _own_words_from_shown(action, name)


def _own_words_from_shown(action: Action, name: str) -> None:
    """The plan's own words in a cell that shows them followed by each service's block
    ("Housing: words"), whatever order the blocks stand in (the officer may have
    reordered the action's services since). A block found whole is that service's
    record; one not found was typed over by the officer, whose text (in the plan's own
    words, with everything else not found) stands for it."""
    shown = action.get(name)
    blocks = {service: f"{service}: {words}" for service, update in action.updates.items()
              if (words := update.get(name))}
    if not blocks:
        return
    setattr(action, name, "")
    if shown.endswith(CUT_MARKER) or shown == action.shown(name):  # the usual case
        return
    rest = f"\n\n{shown}\n\n"
    for service, block in sorted(blocks.items(), key=lambda b: -len(b[1])):
        needle = f"\n\n{block}\n\n"
        if needle in rest:
            rest = rest.replace(needle, "\n\n", 1)
        else:  # typed over: the officer's text stands for theirs
            setattr(action.updates[service], name, "")
    setattr(action, name, rest.strip("\n"))


def _split_blocks(action: Action) -> None:
    """A schema-1 shared action: "[Housing] words" blocks become Housing's own record."""
    for name in SERVICE_FIELDS:
        parts = service_parts(action.get(name), action.services)
        setattr(action, name, parts.pop("", ""))
        for service, words in parts.items():
            update = action.updates.setdefault(service, ServiceUpdate(action.id, service))
            setattr(update, name, words)


def _table(rows: Rows, headers: tuple[str, ...]) -> tuple[list[list[Any]], list[int | None]]:
    """The rows under a header row holding `headers`' first three, and each header's column."""
    header = find_header_row(rows, headers[:3]) if rows else None
    if header is None:
        return [], []
    columns = {_norm_header(v): i for i, v in enumerate(rows[header])}
    col = [columns.get(h.casefold()) for h in headers]
    body = []
    for row in rows[header + 1:]:
        if any(v != "" and v is not None for v in row):
            # Plain text the quick way; a "\r" (a cell saved on Windows) as from_cell reads it.
            body.append([v.strip() if type(v) is str and "\r" not in v else from_cell(v)
                         for v in row])
    return body, col


def _cell(row: list[Any], col: list[int | None], n: int) -> Any:
    i = col[n]
    return row[i] if i is not None and i < len(row) else ""


def _int_or_none(value: Any) -> int | None:
    try:
        return int(float(as_text(value)))
    except ValueError:
        return None


def _datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    day = as_date(value)
    if day is not None:
        return datetime.combine(day, datetime.min.time())
    try:
        return datetime.fromisoformat(as_text(value))
    except ValueError:
        return None


def read_history(rows: Rows) -> list[Change]:
    """The History sheet, newest first, however it was sorted; an unreadable row kept.

    A plan remembers every change of every round: tens of thousands of rows
    for a big plan, so each row is read in one pass.
    """
    body, col = _table(rows, HISTORY_HEADERS)
    n = len(HISTORY_HEADERS)
    changes = []
    for row in body:
        width = len(row)
        get = [row[i] if i is not None and i < width else "" for i in col]
        text = [v if type(v) is str else as_text(v) for v in get]
        revision = get[1] if type(get[1]) is int else _int_or_none(get[1])
        problem = ""
        if not text[3]:
            problem = m.HISTORY_WITHOUT_ID
        elif text[4] not in FIELD_FOR_HEADER:
            problem = m.history_unknown_field(text[4])
        elif revision is None:
            problem = m.history_without_revision(text[1])
        changes.append(Change(
            round=as_date(get[0]), revision=revision, date=as_date(get[2]),
            action_id=text[3], field=text[4], old=text[5], new=text[6], service=text[7],
            file=text[8], return_id=text[9] if n > 9 else "",
            raw=tuple(row) if problem else (), problem=problem))
    good = sorted((c for c in changes if not c.problem), key=lambda c: -(c.revision or 0))
    return good + [c for c in changes if c.problem]


def read_returns_log(rows: Rows) -> list[ReturnRecord]:
    """The Returns log sheet, newest first; an unreadable row kept, with why."""
    body, col = _table(rows, RETURNS_LOG_HEADERS)
    records = []
    for row in body:
        get = [_cell(row, col, n) for n in range(len(RETURNS_LOG_HEADERS))]
        merged = _int_or_none(get[5])
        content_hash = as_text(get[13])
        problem = ""
        if not as_text(get[0]):
            problem = m.LOG_WITHOUT_SERVICE
        elif merged is None:
            problem = m.log_without_revision(as_text(get[5]))
        counts = [_int_or_none(v) or 0 for v in get[7:11]]
        records.append(ReturnRecord(
            service=as_text(get[0]), file=as_text(get[1]), saved=_datetime(get[2]),
            round=as_date(get[3]), issued_revision=_int_or_none(get[4]),
            merged_revision=merged, merged_on=as_date(get[6]), applied=counts[0],
            unchanged=counts[1], conflicts=counts[2], rejected=counts[3],
            outcome=as_text(get[11]), content_hash=content_hash,
            raw=tuple(row) if problem else (), problem=problem))
    good = sorted((r for r in records if not r.problem), key=lambda r: -(r.merged_revision or 0))
    return good + [r for r in records if r.problem]


def trim_rows(rows: Rows) -> Rows:
    """Rows without trailing blank rows and cells, values cleaned."""
    cleaned = [[from_cell(v) for v in row] for row in rows]
    for row in cleaned:
        while row and row[-1] == "":
            row.pop()
    while cleaned and not cleaned[-1]:
        cleaned.pop()
    return cleaned


def _as_int(value: Any, default: int) -> int:
    try:
        return int(float(as_text(value)))
    except ValueError:
        return default


def _read_meta(rows: Rows) -> dict[str, str]:
    return {as_text(r[0]): as_text(r[1]) for r in rows if len(r) >= 2 and as_text(r[0])}


def _read_about(book: SheetSet, plan: Plan) -> None:
    rows = book.sheets.get(ABOUT_SHEET)
    if rows is None:
        return
    if rows and rows[0]:
        plan.title = as_text(rows[0][0]) or plan.title
    by_label = {label.casefold(): field for field, label in ABOUT_LABELS.items()}
    for row in rows:
        if len(row) < 2:
            continue
        field = by_label.get(as_text(row[0]).casefold())
        if field is None:
            continue
        value = from_cell(row[1])
        if field in ("annual_update", "as_at"):
            setattr(plan, field, as_date(value))
        elif field == "revision":
            plan.revision = _as_int(value, 0) if value != "" else 0
        elif field == "plan_id":
            plan.plan_id = plan.plan_id or as_text(value)
        else:
            setattr(plan, field, as_text(value))


def _read_services(rows: Rows) -> list[Service]:
    header = find_header_row(rows, ("Service",))
    if header is None:
        return []
    cols = {as_text(v).casefold(): i for i, v in enumerate(rows[header])}
    index = [cols.get(h.casefold()) for h in SERVICE_HEADERS]

    def get(row: list[Any], n: int) -> str:
        i = index[n]
        return as_text(row[i]) if i is not None and i < len(row) else ""

    services = []
    for row in rows[header + 1:]:
        name = get(row, 0)
        if not name:
            continue
        aliases = [a.strip() for a in re.split(r"[;\n]", get(row, 1)) if a.strip()]
        services.append(Service(name, aliases, get(row, 2), get(row, 3), get(row, 4)))
    return services


def _read_objective(
    path: Path, sheet: str, rows: Rows, header: int, services: ServiceMatcher, key: str | None,
    status_words: tuple[str, ...] = (),
) -> tuple[Objective, list[Action]]:
    labels = _label_rows(rows[:header])
    role = as_text(rows[0][0]) if rows and rows[0] else sheet
    statement_row = labels.get(OBJECTIVE_LABEL.casefold())
    statement = ""
    if statement_row is not None:
        statement = "\n".join(_text_block(rows, statement_row, header))
    commitments: list[str] = []
    start = labels.get(COMMITMENTS_LABEL.casefold())
    if start is not None:
        commitments = _text_block(rows, start, header)

    columns = _with_unheaded(list(header_map(rows[header]).items()), rows, header)
    actions: list[Action] = []
    connections: list[str] = []
    below = _typed_in_key(rows, labels.get(KEY_LABEL.casefold()), header, dict(columns),
                          status_words)
    in_connections = False
    for i in range(header + 1, len(rows)):
        row = rows[i]
        first = as_text(row[0]) if row else ""
        if not in_connections and first.casefold().startswith("connections"):
            in_connections = True
            text = _first_text(row)
            if text:
                connections.append(text)
            continue
        if in_connections:
            filled = [c for c, v in enumerate(row) if as_text(v)]
            if filled and filled != [1]:
                # Not a connection (one text, in column B): typed below the table.
                below.append(_below_table(row, i, dict(columns)))
                continue
            text = _first_text(row)
            if text:
                connections.append(text)
            continue
        width = len(row)
        values = {h: from_cell(row[c]) for c, h in columns if c < width}
        if all(v == "" for v in values.values()):
            continue  # stray blank row
        actions.append(_action_from_cells(values, services, i))
    if key is None:
        key = _guess_key(sheet, actions)
    for action in actions:
        action.objective = key
    return Objective(key, role, statement, commitments, connections, below=below), actions


def _with_unheaded(columns: list[tuple[int, str]], rows: Rows,
                   header: int) -> list[tuple[int, str]]:
    """The table's columns, and any column without a heading that the officer typed in
    beside the actions: kept as an added column named by its letter ("Typed in column P"), so
    the words are not lost on the next write."""
    from ..xlsx.refs import xl_col_to_name

    headed = {c for c, _ in columns}
    body = []
    for row in rows[header + 1:]:
        if row and as_text(row[0]).casefold().startswith("connections"):
            break
        body.append(row)
    width = max((len(r) for r in body), default=0)
    spare = [c for c in range(width) if c not in headed]
    if not spare:  # the usual case: nothing beside the table
        return columns
    typed = {c for row in body for c in spare if c < len(row) and as_text(row[c])}
    added = [(c, f"Typed in column {xl_col_to_name(c)}") for c in sorted(typed)]
    return sorted(columns + added)


def _typed_in_key(rows: Rows, start: int | None, header: int, headers: dict[int, str],
                  status_words: tuple[str, ...]) -> list[BelowTable]:
    """Words typed in the colour key's rows, which every write makes afresh: all but the
    key's own words, row by row, to be kept below the table instead."""
    if start is None:
        return []
    own = {KEY_LABEL, CHANGED_KEY, *FLAG_KEYS, *status_words}
    found = []
    for i in range(start, header):
        row = rows[i]
        typed = [v if as_text(v) not in own else "" for v in row]
        if any(as_text(v) for v in typed):
            found.append(dataclasses.replace(_below_table(typed, i, headers), from_key=True))
    return found


def _below_table(row: list[Any], index: int, headers: dict[int, str]) -> BelowTable:
    """A row typed under the connections, as it stands, with its words by the table's
    headers (a cell outside them by its column's letter)."""
    from ..xlsx.refs import xl_col_to_name

    cells = trim_rows([row])[0] if any(as_text(v) for v in row) else []
    texts = [(headers.get(c) or f"Column {xl_col_to_name(c)}", as_text(v))
             for c, v in enumerate(cells)]
    id_like = next((t for _, t in texts if looks_like_id(t)), "")
    return BelowTable(index + 1, tuple(cells), box_words(texts), id_like)


def _text_block(rows: Rows, start: int, end: int) -> list[str]:
    """The texts of a labelled block above the table (Objective, Commitments).

    The block runs from its label's row to the next row labelled in column A.
    Each text starts in column B; a line written on its own row continues the
    text above it: a bullet sub-item ("• ...") in column B, any other line in
    column C or beyond with column B empty. An older plan keeps each text whole
    in one cell of column B.
    """
    texts: list[str] = []
    for i in range(start, end):
        row = rows[i]
        if i > start and row and as_text(row[0]):
            break  # the next label: "Commitments", "Key", ...
        first = as_text(row[1]) if len(row) > 1 else ""
        if first:
            if texts and first.startswith(BULLET):
                texts[-1] += "\n" + first
            else:
                texts.append(first)
            continue
        rest = _first_text(row, 2)
        if rest and texts:
            texts[-1] += "\n" + rest
        elif rest:
            texts.append(rest)
    return texts


def _guess_key(sheet: str, actions: list[Action]) -> str:
    for action in actions:
        m = re.match(r"([A-Za-z]+)-", action.id)
        if m:
            return m.group(1).upper()
    words = re.findall(r"[A-Za-z]+", sheet)
    if len(words) == 1:
        return words[0][:2].upper()
    return "".join(w[0] for w in words).upper() or sheet


def _action_from_cells(values: dict[str, Any], services: ServiceMatcher,
                       row_index: int) -> Action:
    resolved, unknown = services(as_text(values.get("Responsible service(s)", "")))
    action = Action(
        id=as_text(values.get("ID", "")),
        objective="",
        title=as_text(values.get("Action title", "")),
        type=as_text(values.get("Type", "")),
        description=as_text(values.get("Actions", "")),
        services=resolved + unknown,
        timescale=parse_timescale(as_text(values.get("Timescale", ""))),
        due=as_date(values.get("Due")),
        status=as_text(values.get("Status", "")),
        progress=as_text(values.get("Progress update", "")),
        revised_timescale=as_text(values.get("Revised timescale", "")),
        comments=as_text(values.get("Comments", "")),
        last_updated=as_date(values.get("Last updated")),
        updated_by=as_text(values.get("Updated by", "")),
        flag=as_text(values.get("Flag", "")),
        evidence=as_text(values.get(EVIDENCE_HEADER, "")),
        extra={h: v for h, v in values.items() if h not in FIELD_FOR_HEADER},
        source_row=row_index + 1,
    )
    return action
