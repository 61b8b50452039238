"""Plan -> plan workbook, styled by copying the template's own cells."""

from __future__ import annotations

from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import styles
from .cells import (
    EXCEL_CELL_LIMIT,
    atomic_output,
    looks_like_formula,
    safe_sheet_title,
    strip_illegal,
)
from .errors import PlanError
from .model import (
    COLUMNS,
    EDITABLE_FIELDS,
    HEADER_FOR_FIELD,
    HEADERS,
    SCHEMA_VERSION,
    STATUSES,
    Action,
    Objective,
    Plan,
)
from .template import (
    ABOUT_LABELS,
    ABOUT_SHEET,
    COMMITMENTS_LABEL,
    CONNECTIONS_LABEL,
    LISTS_SHEET,
    META_SHEET,
    OBJECTIVE_LABEL,
    SERVICE_HEADERS,
    SERVICES_SHEET,
    STATUS_RANGE_NAME,
    TEMPLATE_PATH,
    build_template,
)

# How many empty rows below the last action still get the dropdown and
# colours, so an officer can add actions by hand.
SPARE_ROWS = 50
# Columns B..F hold the objective statement and commitments (merged).
STATEMENT_SPAN = 5


@dataclass(frozen=True)
class CellNote:
    """Why a cell is highlighted: shown as the cell's note in Excel."""

    text: str


def write_plan(
    plan: Plan,
    path: Path,
    *,
    template: Path | None = None,
    notes: Mapping[tuple[str, str], CellNote] | None = None,
) -> Path:
    """Write `plan` as a workbook; `notes` highlights (action id, field) cells."""
    from openpyxl import load_workbook

    template = Path(template) if template else _default_template()
    try:
        wb = load_workbook(template)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise PlanError(template, f"cannot be read as a template ({exc.__class__.__name__})",
                        "pass a plan template saved as .xlsx") from None
    proto = _find_prototype(wb, template)
    look = _Look.capture(proto)
    notes = notes or {}

    _fill_about(wb, plan, template)
    taken = {ws.title for ws in wb.worksheets if ws is not proto}
    position = wb.index(proto)
    sheet_names: dict[str, str] = {}
    for objective in plan.objectives:
        title = safe_sheet_title(objective.sheet_name, taken)
        taken.add(title)
        ws = wb.create_sheet(title, position)
        position += 1
        _fill_objective(ws, objective, plan.actions_for(objective.key), look, notes)
        sheet_names[objective.key] = title
    wb.remove(proto)
    _fill_services(wb, plan)
    _fill_extra_sheets(wb, plan)
    _ensure_status_list(wb)
    _fill_meta(wb, plan, sheet_names)
    wb.active = 0

    with atomic_output(Path(path)) as tmp:
        wb.save(tmp)
    return Path(path)


def _default_template() -> Path:
    if TEMPLATE_PATH.exists():
        return TEMPLATE_PATH
    # Installed without the repository's templates/ folder: build one once.
    import tempfile

    cached = Path(tempfile.gettempdir()) / f"edi_workbook_template_v{SCHEMA_VERSION}.xlsx"
    if not cached.exists():
        build_template(cached)
    return cached


def _find_prototype(wb: Any, template: Path) -> Any:
    """The template sheet whose actions table shows how objectives look."""
    for ws in wb.worksheets:
        if ws.title in (ABOUT_SHEET, SERVICES_SHEET, META_SHEET, LISTS_SHEET):
            continue
        if _header_row(ws) is not None:
            return ws
    raise PlanError(template, "has no sheet with the actions table headers",
                    f"keep one objective sheet with the headers {', '.join(HEADERS[:3])}, ...")


def _header_row(ws: Any) -> int | None:
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 200)):
        values = [c.value for c in row]
        if "ID" in values and "Action title" in values:
            return row[0].row
    return None


@dataclass
class _Look:
    """The styles and widths copied from the template's objective sheet."""

    title: Any
    label: Any
    statement: Any
    header: dict[str, Any]
    body: dict[str, Any]
    widths: dict[str, float]
    header_height: float | None

    @classmethod
    def capture(cls, ws: Any) -> _Look:
        h = _header_row(ws)
        header, body, widths = {}, {}, {}
        for cell in ws[h]:
            if cell.value in HEADERS:
                header[cell.value] = copy(cell._style)
                body[cell.value] = copy(ws.cell(h + 1, cell.column)._style)
                dim = ws.column_dimensions.get(cell.column_letter)
                width = dim.width if dim is not None and dim.width else None
                widths[cell.value] = width or styles.COLUMN_WIDTHS.get(cell.value, 12)
        return cls(
            title=copy(ws["A1"]._style),
            label=copy(ws["A2"]._style),
            statement=copy(ws["B2"]._style),
            header=header,
            body=body,
            widths=widths,
            header_height=ws.row_dimensions[h].height,
        )


CUT_MARKER = " … [cut at Excel's cell limit: the whole text is in the summary's Changes sheet]"


def set_value(cell: Any, value: Any) -> None:
    """Store a value; text that looks like a formula stays text.

    Excel cannot hold more than 32,767 characters in a cell; longer text is
    cut with a marker saying where the whole text is (merge reports it).
    """
    if isinstance(value, str):
        value, _ = strip_illegal(value)
        if len(value) > EXCEL_CELL_LIMIT:
            value = value[: EXCEL_CELL_LIMIT - len(CUT_MARKER)] + CUT_MARKER
        cell.value = value
        if looks_like_formula(value):
            cell.data_type = "s"
    else:
        cell.value = value


def cell_value(action: Action, field: str) -> Any:
    """An action's field as it goes in a cell."""
    value = getattr(action, field)
    if field == "services":
        return "; ".join(value)
    if field == "timescale":
        return value.text
    return value if value is not None else None


def _fill_about(wb: Any, plan: Plan, template: Path) -> None:
    if ABOUT_SHEET not in wb.sheetnames:
        raise PlanError(template, f"has no '{ABOUT_SHEET}' sheet", "use the plan template")
    ws = wb[ABOUT_SHEET]
    ws["A1"] = plan.title or "EDI Action Plan"
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    for field, label in ABOUT_LABELS.items():
        row = rows.get(label)
        if row is None:
            continue
        value = getattr(plan, field)
        set_value(ws.cell(row, 2), value if value not in (None, "") else None)
        if isinstance(value, date):
            ws.cell(row, 2).number_format = styles.DATE_FORMAT


def _merged_text(ws: Any, row: int, text: str, style: Any, width: float) -> None:
    cell = ws.cell(row, 2)
    set_value(cell, text)
    cell._style = copy(style)
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=1 + STATEMENT_SPAN)
    ws.row_dimensions[row].height = styles.row_height([text], [width])


def _fill_objective(
    ws: Any,
    objective: Objective,
    actions: list[Action],
    look: _Look,
    notes: Mapping[tuple[str, str], CellNote],
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    extras: list[str] = []
    for action in actions:
        extras.extend(k for k in action.extra if k not in extras and k not in HEADERS)
    headers = [*HEADERS, *extras]
    col_of = {h: i for i, h in enumerate(headers, start=1)}
    span_width = sum(look.widths.get(h, 12) for h in headers[1:1 + STATEMENT_SPAN])
    # Added columns: wide enough for sentences when they hold any.
    extra_widths = {h: styles.WIDE_EXTRA_WIDTH if any(
        len(str(a.extra.get(h, ""))) > 60 for a in actions) else styles.DEFAULT_WIDTH
        for h in extras}

    ws["A1"] = objective.role
    ws["A1"]._style = copy(look.title)
    ws["A2"] = OBJECTIVE_LABEL
    ws["A2"]._style = copy(look.label)
    _merged_text(ws, 2, objective.statement, look.statement, span_width)
    row = 3
    ws.cell(row, 1, COMMITMENTS_LABEL)._style = copy(look.label)
    for commitment in objective.commitments or [""]:
        _merged_text(ws, row, commitment, look.body.get("Actions", look.statement), span_width)
        row += 1

    header_row = row + 1
    for header, col in col_of.items():
        cell = ws.cell(header_row, col, header)
        cell._style = copy(look.header.get(header, look.header["Comments"]))
        width = look.widths.get(header) or extra_widths.get(header, styles.DEFAULT_WIDTH)
        ws.column_dimensions[get_column_letter(col)].width = width
    if look.header_height:
        ws.row_dimensions[header_row].height = look.header_height

    fields = [f for f, _ in COLUMNS]
    changed_fill = PatternFill("solid", fgColor=styles.CHANGED_FILL)
    r = header_row
    for r, action in enumerate(actions, start=header_row + 1):
        for field in fields:
            header = HEADERS[fields.index(field)]
            cell = ws.cell(r, col_of[header])
            cell._style = copy(look.body[header])
            set_value(cell, cell_value(action, field))
            note = notes.get((action.id, field))
            if note:
                cell.fill = changed_fill
                comment = Comment(note.text, "edi-workbook")
                comment.width, comment.height = 300, 120
                cell.comment = comment
        for header in extras:
            cell = ws.cell(r, col_of[header])
            cell._style = copy(look.body["Comments"])
            set_value(cell, action.extra.get(header))
        ws.row_dimensions[r].height = styles.row_height(
            [cell_value(action, f) for f in fields] + [action.extra.get(h) for h in extras],
            [look.widths.get(h, 12) for h in HEADERS] + [extra_widths[h] for h in extras])
    last_row = max(r, header_row + 1)
    last_col = get_column_letter(len(headers))

    ws.freeze_panes = ws.cell(header_row + 1, 3)
    ws.auto_filter.ref = f"A{header_row}:{last_col}{last_row}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    # Fourteen columns of text are ~330 characters wide: A3 keeps them legible.
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    first, spare_end = header_row + 1, last_row + SPARE_ROWS
    status = get_column_letter(col_of["Status"])
    flag = get_column_letter(col_of["Flag"])
    dv = DataValidation(type="list", formula1=f"={STATUS_RANGE_NAME}", allow_blank=True,
                        showErrorMessage=True, errorTitle="Status",
                        error="Choose a status from the list.",
                        promptTitle="Status", prompt="Choose from the list.")
    dv.add(f"{status}{first}:{status}{spare_end}")
    ws.add_data_validation(dv)
    for name in STATUSES:
        fill, font = styles.STATUS_COLOURS[name]
        ws.conditional_formatting.add(
            f"{status}{first}:{status}{spare_end}",
            FormulaRule(formula=[f'${status}{first}="{name}"'], stopIfTrue=True,
                        fill=PatternFill("solid", bgColor=fill, fgColor=fill),
                        font=Font(color=font)))
    # Flags tint the row but for the cells service leads edit: a tint there
    # would hide the highlight on cells the merge changed.
    editable = sorted(col_of[HEADER_FOR_FIELD[f]] for f in EDITABLE_FIELDS)
    before = get_column_letter(editable[0] - 1)
    after = get_column_letter(editable[-1] + 1)
    tinted = f"A{first}:{before}{spare_end} {after}{first}:{last_col}{spare_end}"
    for name, fill in styles.FLAG_COLOURS.items():
        ws.conditional_formatting.add(
            tinted,
            FormulaRule(formula=[f'${flag}{first}="{name}"'],
                        fill=PatternFill("solid", bgColor=fill, fgColor=fill)))

    row = last_row + 2
    ws.cell(row, 1, CONNECTIONS_LABEL)._style = copy(look.label)
    for connection in objective.connections or [""]:
        cell = ws.cell(row, 2)
        set_value(cell, connection)
        cell._style = copy(look.statement)
        cell.font = copy(look_font_plain(cell.font))
        row += 1


def look_font_plain(font: Any) -> Any:
    """The statement's font without bold, for lists under a bold label."""
    plain = copy(font)
    plain.b = False
    return plain


def _fill_services(wb: Any, plan: Plan) -> None:
    if SERVICES_SHEET not in wb.sheetnames:
        wb.create_sheet(SERVICES_SHEET)
    ws = wb[SERVICES_SHEET]
    header_style = [copy(ws.cell(1, c)._style) for c in range(1, len(SERVICE_HEADERS) + 1)]
    body_style = [copy(ws.cell(2, c)._style) for c in range(1, len(SERVICE_HEADERS) + 1)]
    for col, header in enumerate(SERVICE_HEADERS, start=1):
        ws.cell(1, col, header)._style = header_style[col - 1]
    for row, service in enumerate(plan.services, start=2):
        values = (service.name, "; ".join(service.aliases), service.lead, service.email,
                  service.deputy_email)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col)
            set_value(cell, value or None)
            cell._style = copy(body_style[col - 1])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:E{max(2, len(plan.services) + 1)}"
    ws.print_title_rows = "1:1"
    _print_landscape(ws)


def _fill_extra_sheets(wb: Any, plan: Plan) -> None:
    """Sheets the tool does not own, written back as values after Services."""
    from openpyxl.styles import Alignment, Font, PatternFill

    header_font = Font(bold=True, color=styles.HEADER_FONT)
    header_fill = PatternFill("solid", fgColor=styles.HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, rows in plan.extra_sheets.items():
        if name in wb.sheetnames:
            wb.remove(wb[name])
        ws = wb.create_sheet(safe_sheet_title(name, set(wb.sheetnames)))
        ncols = max((len(row) for row in rows), default=0)
        widths = [min(max(10, max((len(str(row[c])) for row in rows[:1] if len(row) > c),
                                  default=8) + 4), 40) for c in range(ncols)]
        for c in range(ncols):
            longest = max((len(str(row[c])) for row in rows if len(row) > c), default=8)
            widths[c] = min(max(widths[c], longest + 2), styles.MAX_WIDTH)
            ws.column_dimensions[ws.cell(1, c + 1).column_letter].width = widths[c]
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(r, c)
                set_value(cell, value if value != "" else None)
                cell.alignment = wrap
                if isinstance(value, date):
                    cell.number_format = styles.DATE_FORMAT
                if r == 1:
                    cell.font, cell.fill = header_font, header_fill
            if r > 1:
                ws.row_dimensions[r].height = styles.row_height(row, widths)
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        _print_landscape(ws)


def _print_landscape(ws: Any) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _ensure_status_list(wb: Any) -> None:
    """The dropdown's source: a hidden sheet behind a defined name."""
    from openpyxl.workbook.defined_name import DefinedName

    if LISTS_SHEET in wb.sheetnames:
        wb.remove(wb[LISTS_SHEET])
    ws = wb.create_sheet(LISTS_SHEET)
    for row, status in enumerate(STATUSES, start=1):
        ws.cell(row, 1, status)
    ws.sheet_state = "hidden"
    ref = f"'{LISTS_SHEET}'!$A$1:$A${len(STATUSES)}"
    if STATUS_RANGE_NAME in wb.defined_names:
        del wb.defined_names[STATUS_RANGE_NAME]
    wb.defined_names[STATUS_RANGE_NAME] = DefinedName(STATUS_RANGE_NAME, attr_text=ref)


def _fill_meta(wb: Any, plan: Plan, sheet_names: dict[str, str]) -> None:
    if META_SHEET in wb.sheetnames:
        wb.remove(wb[META_SHEET])
    ws = wb.create_sheet(META_SHEET)
    rows = [
        ("key", "value"),
        ("plan_id", plan.plan_id),
        ("revision", str(plan.revision)),
        ("schema_version", str(SCHEMA_VERSION)),
    ]
    rows += [(f"objective:{key}", name) for key, name in sheet_names.items()]
    for r, (key, value) in enumerate(rows, start=1):
        ws.cell(r, 1, key)
        set_value(ws.cell(r, 2), value)
    ws.sheet_state = "hidden"
