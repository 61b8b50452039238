"""Plan workbook -> Plan. Tables are found by their headers, never by row.

Values are read with python-calamine: ten times faster than openpyxl and it
never evaluates or expands anything in the file.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import messages as m
from .cells import as_text, from_cell
from .errors import PlanError, WorkbookError
from .filecheck import check_workbook_file
from .model import Action, Objective, Plan, Service, ServiceMatcher, as_date
from .schema import (
    ABOUT_LABELS,
    ABOUT_SHEET,
    BULLET,
    COMMITMENTS_LABEL,
    FIELD_FOR_HEADER,
    HEADERS,
    LISTS_SHEET,
    META_SHEET,
    OBJECTIVE_LABEL,
    SERVICE_HEADERS,
    SERVICES_SHEET,
    TABLE_KEY_HEADERS,
)
from .timescale import parse_timescale

Rows = list[list[Any]]


@dataclass
class SheetSet:
    """Every sheet's values as rows (row 1 is index 0), in workbook order."""

    path: Path
    sheets: dict[str, Rows]
    hidden: set[str]


def load_sheets(path: Path, error: type[WorkbookError] = PlanError,
                skip: Collection[str] = ()) -> SheetSet:
    """Read every sheet's values but those named in `skip`, or raise `error` with one clear line."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    check_workbook_file(path, error)
    try:
        wb = CalamineWorkbook.from_path(str(path))
        try:
            sheets = {}
            hidden = set()
            for meta in wb.sheets_metadata:
                if meta.name in skip:
                    continue
                sheet = wb.get_sheet_by_name(meta.name)
                sheets[meta.name] = sheet.to_python(skip_empty_area=False)
                if "Visible" not in str(meta.visible):
                    hidden.add(meta.name)
        finally:
            wb.close()
    except WorkbookError:
        raise
    except Exception:  # calamine raises its own kinds, and ValueError, for bad files
        raise error(path, m.NOT_READABLE_XLSX, m.RESAVE_XLSX) from None
    return SheetSet(path, sheets, hidden)


def _norm_header(value: Any) -> str:
    return re.sub(r"\s+", " ", as_text(value)).strip().casefold()


_CANONICAL = {h.casefold(): h for h in HEADERS}


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
    book = load_sheets(path, skip=(LISTS_SHEET,))
    meta = _read_meta(book.sheets.get(META_SHEET, []))
    plan = Plan(plan_id=meta.get("plan_id") or "")
    _read_about(book, plan)
    if meta.get("revision"):
        plan.revision = _as_int(meta["revision"], plan.revision)
    plan.services = _read_services(book.sheets.get(SERVICES_SHEET, []))
    services = ServiceMatcher(plan.services)
    key_for_sheet = {v: k.split(":", 1)[1] for k, v in meta.items() if k.startswith("objective:")}
    for name, rows in book.sheets.items():
        if name in (ABOUT_SHEET, SERVICES_SHEET, META_SHEET, LISTS_SHEET):
            continue
        header = find_header_row(rows)
        if header is None:
            if any(as_text(v) for row in rows for v in row):
                plan.extra_sheets[name] = _trim(rows)
            continue
        objective, actions = _read_objective(book.path, name, rows, header, services,
                                             key_for_sheet.get(name))
        plan.objectives.append(objective)
        plan.actions.extend(actions)
    if not plan.objectives:
        raise PlanError(book.path, m.NO_OBJECTIVE_SHEET, m.keep_header_row(HEADERS[:4]))
    if not plan.plan_id:
        raise PlanError(book.path, m.NO_PLAN_ID, m.meta_removed(META_SHEET),
                        sheet=META_SHEET)
    return plan


def _trim(rows: Rows) -> Rows:
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
    path: Path, sheet: str, rows: Rows, header: int, services: ServiceMatcher, key: str | None
) -> tuple[Objective, list[Action]]:
    labels = _label_rows(rows[:header])
    role = as_text(rows[0][0]) if rows and rows[0] else sheet
    statement_row = labels.get(OBJECTIVE_LABEL.casefold())
    statement = ""
    if statement_row is not None:
        statement = "\n".join(_text_block(rows, statement_row, header)[:1])
    commitments: list[str] = []
    start = labels.get(COMMITMENTS_LABEL.casefold())
    if start is not None:
        commitments = _text_block(rows, start, header)

    columns = list(header_map(rows[header]).items())  # in column order
    actions: list[Action] = []
    connections: list[str] = []
    in_connections = False
    for i in range(header + 1, len(rows)):
        row = rows[i]
        first = as_text(row[0]) if row else ""
        if first.casefold().startswith("connections"):
            in_connections = True
        if in_connections:
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
    return Objective(key, role, statement, commitments, connections), actions


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
        extra={h: v for h, v in values.items() if h not in FIELD_FOR_HEADER},
        source_row=row_index + 1,
    )
    return action
