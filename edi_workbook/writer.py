"""Plan -> plan workbook, written with xlsxwriter in the template's look.

The look (fonts, fills, borders, widths) comes from the template, so an
officer who restyles a copy and passes `--template` keeps it. The shipped
template's look is also built here from styles.py (`_Look.default`), so the
usual case never loads a workbook or imports openpyxl; a test keeps the two
in step. Action rows go through `xlsx.BulkSheet`, which writes them in one
pass at save time: a merged plan holds tens of thousands of cells and notes.
"""

from __future__ import annotations

import colorsys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.utility import xl_col_to_name

from . import messages as m
from . import styles
from .cells import (
    EXCEL_CELL_LIMIT,
    ILLEGAL_CHARACTERS,
    NEEDS_CLEANING,
    atomic_output,
    safe_sheet_title,
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
    HOW_TO_USE,
    HOW_TO_USE_LABEL,
    LISTS_SHEET,
    META_SHEET,
    OBJECTIVE_LABEL,
    SERVICE_HEADERS,
    SERVICES_SHEET,
    STATUS_RANGE_NAME,
    TEMPLATE_PATH,
)
from .xlsx import BulkSheet, FastWorkbook, in_memory, no_collection

# How many empty rows below the last action still get the dropdown and
# colours, so an officer can add actions by hand.
SPARE_ROWS = 50
# Columns B..F hold the objective statement and commitments (merged).
STATEMENT_SPAN = 5
OWNED_SHEETS = (ABOUT_SHEET, SERVICES_SHEET, META_SHEET, LISTS_SHEET)
# Notes: by whom, and big enough for a few lines (pixels).
NOTE_OPTIONS = {"author": "edi-workbook", "width": 300, "height": 120}

_PLAIN = frozenset({str, int, float, bool, date, datetime, type(None)})  # what it leaves

CUT_MARKER = " … [cut at Excel's cell limit: the whole text is in the summary's Changes sheet]"

Props = dict[str, Any]  # xlsxwriter format properties


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
    look = _look_for(template)
    path = Path(path)
    # write_string is used for user text anyway; no generic write() may ever
    # turn "=..." into a formula or "1e5" into a number either.
    options = {"strings_to_formulas": False, "strings_to_numbers": False,
               "strings_to_urls": False, "in_memory": in_memory(len(plan.actions))}
    with atomic_output(path) as tmp, no_collection():
        try:
            with FastWorkbook(str(tmp), options) as wb:
                _fill_workbook(wb, plan, look, notes or {})
        except FileCreateError as exc:  # xlsxwriter wraps the OSError from saving
            raise (exc.args[0] if exc.args and isinstance(exc.args[0], OSError)
                   else OSError(str(exc))) from None
    return path


def cell_value(action: Action, field: str) -> Any:
    """An action's field as it goes in a cell."""
    value = getattr(action, field)
    if field == "services":
        return "; ".join(value)
    if field == "timescale":
        return value.text
    return value


def cell_text(value: Any) -> Any:
    """A value as a cell holds it: text cleaned and cut to fit, odd types as text.

    Excel cannot hold more than 32,767 characters in a cell; longer text is
    cut with a marker saying where the whole text is (merge reports it).
    Line ends are stored as "\\n", as every reader of the old files saw them.
    """
    if isinstance(value, str):
        if type(value) is not str:  # a StrEnum member, say: its text
            value = str.__str__(value)
        if ILLEGAL_CHARACTERS.search(value):
            value = ILLEGAL_CHARACTERS.sub("", value)
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if len(value) > EXCEL_CELL_LIMIT:
            value = value[: EXCEL_CELL_LIMIT - len(CUT_MARKER)] + CUT_MARKER
        return value
    if value is None or isinstance(value, (int, float, date, time, timedelta)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return cell_text(str(value))


def _typed(value: Any) -> Props:
    """The number format a date, time or duration needs to show as one."""
    if isinstance(value, date):
        return {"num_format": styles.DATE_FORMAT}
    if isinstance(value, time):
        return {"num_format": styles.TIME_FORMAT}
    if isinstance(value, timedelta):
        return {"num_format": styles.DURATION_FORMAT}
    return {}


# --- the look ----------------------------------------------------------------

@dataclass
class _Look:
    """Format properties and widths for every kind of cell the writer makes.

    Widths are the file's own <col width> values, as the template holds them.
    """

    title: Props
    label: Props
    statement: Props
    header: dict[str, Props]
    body: dict[str, Props]
    widths: dict[str, float]
    header_height: float | None
    services_header: tuple[Props, ...]
    services_body: tuple[Props, ...]
    services_widths: tuple[float, ...]
    about_title: Props
    about_label: Props
    about_value: Props
    about_text: Props
    about_widths: tuple[float, ...]
    # A restyled template's own extra sheets, carried as values.
    sheets: dict[str, list[list[Any]]] = field(default_factory=dict)

    @classmethod
    def default(cls) -> _Look:
        """The shipped template's look, as template.build_template styles it."""
        side = {"style": 1, "color": styles.BORDER_COLOUR}
        border = {k: v for s in ("left", "right", "top", "bottom")
                  for k, v in ((s, side["style"]), (f"{s}_color", side["color"]))}
        top = {"text_wrap": True, "valign": "top"}
        header = {"bold": True, "font_color": styles.HEADER_FONT,
                  "bg_color": styles.HEADER_FILL, "text_wrap": True, "valign": "vcenter",
                  **border}
        body = {**top, **border}
        dated = {**body, "num_format": styles.DATE_FORMAT}
        title = {"bold": True, "font_size": styles.TITLE_SIZE}
        return cls(
            title=title,
            label={"bold": True, **top},
            statement={"bold": True, **top},
            header={h: dict(header) for h in HEADERS},
            body={h: dict(dated if h in _DATE_HEADERS else body) for h in HEADERS},
            widths=dict(styles.COLUMN_WIDTHS),
            header_height=None,
            services_header=tuple(dict(header) for _ in SERVICE_HEADERS),
            services_body=tuple(dict(body) for _ in SERVICE_HEADERS),
            services_widths=tuple(styles.SERVICES_WIDTHS),
            about_title=dict(title),
            about_label={"bold": True},
            about_value={"align": "left"},
            about_text=dict(top),
            about_widths=tuple(styles.ABOUT_WIDTHS),
        )

    @classmethod
    def read(cls, template: Path) -> _Look:
        """The look of a restyled template, read with openpyxl."""
        from openpyxl import load_workbook

        try:
            wb = load_workbook(template)
        except Exception as exc:  # openpyxl raises many kinds for a bad file
            raise PlanError(template, m.unreadable_template(exc.__class__.__name__),
                            m.USE_A_TEMPLATE_XLSX) from None
        if ABOUT_SHEET not in wb.sheetnames:
            raise PlanError(template, m.template_sheet_missing(ABOUT_SHEET), m.USE_THE_TEMPLATE)
        proto = next((ws for ws in wb.worksheets
                      if ws.title not in OWNED_SHEETS and _header_row(ws) is not None), None)
        if proto is None:
            raise PlanError(template, m.NO_TEMPLATE_TABLE, m.keep_template_table(HEADERS[:3]))
        props = _Translator(wb).props
        base = cls.default()

        h = _header_row(proto)
        header, body, widths = dict(base.header), dict(base.body), dict(base.widths)
        proto_widths = _widths(proto)
        for cell in proto[h]:
            if cell.value in HEADERS:
                header[cell.value] = props(cell)
                body[cell.value] = props(proto.cell(h + 1, cell.column))
                widths[cell.value] = proto_widths.get(cell.column) or styles.COLUMN_WIDTHS.get(
                    cell.value, 12)
        for name in _DATE_HEADERS:  # a date shown as a serial number helps nobody
            body[name].setdefault("num_format", styles.DATE_FORMAT)

        services_header, services_body = base.services_header, base.services_body
        services_widths = base.services_widths
        if SERVICES_SHEET in wb.sheetnames:
            ws = wb[SERVICES_SHEET]
            columns = range(1, len(SERVICE_HEADERS) + 1)
            services_header = tuple(props(ws.cell(1, c)) for c in columns)
            services_body = tuple(props(ws.cell(2, c)) for c in columns)
            found = _widths(ws)
            services_widths = tuple(found.get(c, w) for c, w in zip(columns, services_widths,
                                                                    strict=True))

        about = wb[ABOUT_SHEET]
        about_widths = _widths(about)
        labels = {about.cell(r, 1).value: r for r in range(1, about.max_row + 1)}
        label_row = labels.get(ABOUT_LABELS["title"])
        text_row = labels.get(HOW_TO_USE_LABEL)
        return cls(
            title=props(proto["A1"]),
            label=props(proto["A2"]),
            statement=props(proto["B2"]),
            header=header,
            body=body,
            widths=widths,
            header_height=proto.row_dimensions[h].height,
            services_header=services_header,
            services_body=services_body,
            services_widths=services_widths,
            about_title=props(about["A1"]),
            about_label=props(about.cell(label_row, 1)) if label_row else base.about_label,
            about_value=props(about.cell(label_row, 2)) if label_row else base.about_value,
            about_text=props(about.cell(text_row + 1, 1)) if text_row else base.about_text,
            about_widths=tuple(about_widths.get(c, w)
                               for c, w in enumerate(base.about_widths, start=1)),
            sheets={ws.title: values for ws in wb.worksheets
                    if ws is not proto and ws.title not in OWNED_SHEETS
                    and (values := _values(ws))},
        )


_DATE_HEADERS = ("Due", "Last updated")


def _look_for(template: Path | None) -> _Look:
    if template is None:
        return _Look.default()
    template = Path(template)
    try:
        shipped = template.resolve() == TEMPLATE_PATH
    except OSError:
        shipped = False
    return _Look.default() if shipped else _Look.read(template)


def _header_row(ws: Any) -> int | None:
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 200)):
        values = [c.value for c in row]
        if "ID" in values and "Action title" in values:
            return row[0].row
    return None


def _widths(ws: Any) -> dict[int, float]:
    """Column number -> width; Excel saves equal neighbours as one <col min max>."""
    found: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        if dim.width and dim.min:
            found.update(dict.fromkeys(range(dim.min, (dim.max or dim.min) + 1), dim.width))
    return found


def _values(ws: Any) -> list[list[Any]]:
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    for row in rows:
        while row and row[-1] in (None, ""):
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


# openpyxl's names -> xlsxwriter's, for the styles a template cell may carry.
_BORDER_STYLES = ("thin", "medium", "dashed", "dotted", "thick", "double", "hair",
                  "mediumDashed", "dashDot", "mediumDashDot", "dashDotDot",
                  "mediumDashDotDot", "slantDashDot")
_HORIZONTAL = {"left": "left", "center": "center", "right": "right", "fill": "fill",
               "justify": "justify", "centerContinuous": "center_across",
               "distributed": "distributed"}
_VERTICAL = {"top": "top", "center": "vcenter", "justify": "vjustify",
             "distributed": "vdistributed"}
_UNDERLINE = {"single": 1, "double": 2, "singleAccounting": 33, "doubleAccounting": 34}


class _Translator:
    """An openpyxl cell's style as xlsxwriter format properties.

    Theme colours are resolved against the template's own theme, so the
    colours are the ones the officer picked whatever theme the output has.
    """

    def __init__(self, wb: Any) -> None:
        self.theme = _theme_colours(wb.loaded_theme)

    def props(self, cell: Any) -> Props:
        out: Props = {}
        font = cell.font
        if font.b:
            out["bold"] = True
        if font.i:
            out["italic"] = True
        if font.u in _UNDERLINE:
            out["underline"] = _UNDERLINE[font.u]
        if font.strike:
            out["font_strikeout"] = True
        if font.sz and float(font.sz) != 11:
            out["font_size"] = float(font.sz)
        if font.name and font.name != "Calibri":
            out["font_name"] = font.name
        plain_text = font.color is not None and font.color.type == "theme" and (
            font.color.theme == 1 and not font.color.tint)
        colour = None if plain_text else self.colour(font.color)
        if colour:
            out["font_color"] = colour
        if getattr(cell.fill, "fill_type", None) == "solid":
            colour = self.colour(cell.fill.fgColor)
            if colour:
                out["bg_color"] = colour
        align = cell.alignment
        if align.wrap_text:
            out["text_wrap"] = True
        if align.horizontal in _HORIZONTAL:
            out["align"] = _HORIZONTAL[align.horizontal]
        if align.vertical in _VERTICAL:
            out["valign"] = _VERTICAL[align.vertical]
        if align.indent:
            out["indent"] = int(align.indent)
        for name in ("left", "right", "top", "bottom"):
            side = getattr(cell.border, name)
            if side is not None and side.style in _BORDER_STYLES:
                out[name] = _BORDER_STYLES.index(side.style) + 1
                colour = self.colour(side.color)
                if colour:
                    out[f"{name}_color"] = colour
        if cell.number_format and cell.number_format != "General":
            out["num_format"] = cell.number_format
        return out

    def colour(self, color: Any) -> str | None:
        """RRGGBB, or None for automatic / unknown."""
        from openpyxl.styles.colors import COLOR_INDEX

        if color is None:
            return None
        if color.type == "rgb" and isinstance(color.rgb, str):
            rgb = color.rgb[-6:].upper()
        elif color.type == "indexed" and color.indexed < 64:
            rgb = COLOR_INDEX[color.indexed][-6:]
        elif color.type == "theme" and color.theme < len(self.theme):
            rgb = self.theme[color.theme]
        else:
            return None
        return _tinted(rgb, color.tint) if color.tint else rgb


def _theme_colours(loaded: Any) -> list[str]:
    """Theme colours by Excel's index: light 1, dark 1, light 2, dark 2, accents, links."""
    import xml.etree.ElementTree as ET

    from openpyxl.writer.theme import theme_xml

    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    try:
        scheme = ET.fromstring(loaded or theme_xml).find(f".//{a}clrScheme")
    except ET.ParseError:
        return []
    colours = []
    for slot in scheme if scheme is not None else ():
        # <a:srgbClr val="1F497D"/>, or <a:sysClr val="windowText" lastClr="000000"/>
        value = next(iter(slot), None)
        rgb = value.get("lastClr") or value.get("val") if value is not None else None
        colours.append((rgb or "000000").upper())
    if len(colours) >= 4:  # the file lists dark 1 first; Excel's index has light 1 first
        colours[0:4] = colours[1], colours[0], colours[3], colours[2]
    return colours


def _tinted(rgb: str, tint: float) -> str:
    """Excel's tint: lighten (> 0) or darken (< 0) a colour's luminance."""
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    h, lum, s = colorsys.rgb_to_hls(r, g, b)
    lum = lum * (1 + tint) if tint < 0 else lum * (1 - tint) + tint
    return "".join(f"{round(v * 255):02X}" for v in colorsys.hls_to_rgb(h, lum, s))


# --- writing -----------------------------------------------------------------

class _Formats:
    """One xlsxwriter format per distinct set of properties."""

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.made: dict[tuple[Any, ...], Any] = {}

    def __call__(self, *parts: Props) -> Any:
        props: Props = {}
        for part in parts:
            props.update(part)
        key = tuple(sorted(props.items()))
        fmt = self.made.get(key)
        if fmt is None:
            fmt = self.made[key] = self.wb.add_format(props)
        return fmt


def _fill_workbook(wb: Any, plan: Plan, look: _Look,
                   notes: Mapping[tuple[str, str], CellNote]) -> None:
    fmt = _Formats(wb)
    noted: dict[str, list[tuple[str, CellNote]]] = {}
    for (action_id, name), note in notes.items():
        noted.setdefault(action_id, []).append((name, note))
    _fill_about(wb.add_worksheet(ABOUT_SHEET), plan, look, fmt)
    sheet_names: dict[str, str] = {}
    for objective in plan.objectives:
        # The template's own sheets keep their names: objectives go round them.
        title = safe_sheet_title(objective.sheet_name,
                                 {*OWNED_SHEETS, *look.sheets, *sheet_names.values()})
        ws = wb.add_worksheet(title, worksheet_class=BulkSheet)
        _fill_objective(ws, objective, plan.actions_for(objective.key), look, fmt, noted)
        sheet_names[objective.key] = title
    _fill_services(wb.add_worksheet(SERVICES_SHEET, worksheet_class=BulkSheet), plan, look, fmt)
    extra = {name: rows for name, rows in look.sheets.items() if name not in plan.extra_sheets}
    extra.update(plan.extra_sheets)
    taken = {*OWNED_SHEETS, *sheet_names.values()}
    for name, rows in extra.items():
        title = safe_sheet_title(name, taken)
        taken.add(title)
        _fill_extra_sheet(wb.add_worksheet(title, worksheet_class=BulkSheet), rows, fmt)
    _fill_lists(wb)
    _fill_meta(wb, plan, sheet_names)


def _put(ws: Any, row: int, col: int, value: Any, cell_format: Any) -> None:
    """One cell of user data by its type: text is always text, never a formula."""
    value = cell_text(value)
    if value is None or value == "":
        ws.write_blank(row, col, None, cell_format)
    elif isinstance(value, str):
        ws.write_string(row, col, value, cell_format)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, cell_format)
    elif isinstance(value, (date, time, timedelta)):
        ws.write_datetime(row, col, value, cell_format)
    else:
        ws.write_number(row, col, value, cell_format)


def _set_width(ws: Any, col: int, width: float) -> None:
    """A <col width> as given: set_column would add Excel's 5-pixel padding on top."""
    ws.set_column_pixels(col, col, round(width * 7))


def _print_setup(ws: Any) -> None:
    """Landscape, one page wide; the margins the workbook has always had."""
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.75, right=0.75, top=1, bottom=1)
    ws.set_header("", margin=0.5)
    ws.set_footer("", margin=0.5)


def _fill_about(ws: Any, plan: Plan, look: _Look, fmt: _Formats) -> None:
    ws.write_string(0, 0, cell_text(plan.title or "EDI Action Plan"), fmt(look.about_title))
    label, value_fmt = fmt(look.about_label), fmt(look.about_value)
    dated = fmt(look.about_value, {"num_format": styles.DATE_FORMAT})
    for row, (name, text) in enumerate(ABOUT_LABELS.items(), start=2):
        ws.write_string(row, 0, text, label)
        value = getattr(plan, name)
        _put(ws, row, 1, value, dated if isinstance(value, date) else value_fmt)
    start = 3 + len(ABOUT_LABELS)
    ws.write_string(start, 0, HOW_TO_USE_LABEL, label)
    text = fmt(look.about_text)
    for row, line in enumerate(HOW_TO_USE, start=start + 1):
        ws.merge_range(row, 0, row, 1, line, text)
        ws.set_row(row, styles.row_height([line], [sum(look.about_widths)]))
    for col, width in enumerate(look.about_widths):
        _set_width(ws, col, width)
    _print_setup(ws)


def _fill_objective(
    ws: Any,
    objective: Objective,
    actions: list[Action],
    look: _Look,
    fmt: _Formats,
    noted: Mapping[str, list[tuple[str, CellNote]]],
) -> None:
    """One objective: statement, actions table, dropdown, colours, connections."""
    extras: list[str] = []
    seen = set(HEADERS)
    for action in actions:
        for key in action.extra:
            if key not in seen:
                seen.add(key)
                extras.append(key)
    headers = [*HEADERS, *extras]
    col_of = {h: i for i, h in enumerate(headers)}
    span_width = sum(look.widths.get(h, 12) for h in headers[1:1 + STATEMENT_SPAN])
    # Added columns: wide enough for sentences when they hold any.
    extra_widths = {h: styles.WIDE_EXTRA_WIDTH if any(
        len(str(a.extra.get(h, ""))) > 60 for a in actions) else styles.DEFAULT_WIDTH
        for h in extras}
    widths = [look.widths.get(h, 12) for h in HEADERS] + [extra_widths[h] for h in extras]

    label = fmt(look.label)
    ws.write_string(0, 0, cell_text(objective.role), fmt(look.title))
    ws.write_string(1, 0, OBJECTIVE_LABEL, label)
    _merged_text(ws, 1, objective.statement, fmt(look.statement), span_width)
    row = 2
    ws.write_string(row, 0, COMMITMENTS_LABEL, label)
    commitment = fmt(look.body.get("Actions", look.statement))
    for text in objective.commitments or [""]:
        _merged_text(ws, row, text, commitment, span_width)
        row += 1

    head = row + 1
    for header, col in col_of.items():
        ws.write_string(head, col, cell_text(header),
                        fmt(look.header.get(header, look.header["Comments"])))
        _set_width(ws, col, look.widths.get(header) or extra_widths[header])
    if look.header_height:
        ws.set_row(head, look.header_height)

    fields = [f for f, _ in COLUMNS]
    body = [fmt(look.body[h]) for h in HEADERS]
    extra_body = fmt(look.body["Comments"])
    changed = {f: fmt(look.body[h], {"bg_color": styles.CHANGED_FILL})
               for f, h in zip(fields, HEADERS, strict=True)}
    body_formats = body + [extra_body] * len(extras)
    r = head
    for r, action in enumerate(actions, start=head + 1):
        values = [cell_value(action, f) for f in fields]
        # One look at the row's text: it nearly always needs no cleaning.
        text = "".join([v for v in values if type(v) is str])
        if (len(text) > EXCEL_CELL_LIMIT or NEEDS_CLEANING.search(text)
                or not all(type(v) in _PLAIN for v in values)):
            values = [cell_text(v) for v in values]
        values += [cell_text(action.extra.get(h)) for h in extras]
        formats = body_formats
        if extras and any(_typed(v) for v in values[len(fields):]):
            formats = body + [fmt(look.body["Comments"], _typed(v))
                              for v in values[len(fields):]]
        for name, note in noted.get(action.id, ()):
            if name in changed:
                col = fields.index(name)
                formats = list(formats)
                formats[col] = changed[name]
                ws.write_comment(r, col, cell_text(note.text), NOTE_OPTIONS)
        ws.add_row(r, values, formats, styles.row_height(values, widths))
    last_row = max(r, head + 1)
    last_col = len(headers) - 1

    ws.freeze_panes(head + 1, 2)
    ws.autofilter(head, 0, last_row, last_col)
    ws.repeat_rows(head)
    _print_setup(ws)
    # Fourteen columns of text are ~330 characters wide: A3 keeps them legible.
    ws.set_paper(8)

    first, spare_end = head + 1, last_row + SPARE_ROWS
    status, flag = col_of["Status"], col_of["Flag"]
    ws.data_validation(first, status, spare_end, status, {
        "validate": "list", "source": f"={STATUS_RANGE_NAME}", "ignore_blank": True,
        "show_input": False, "input_title": "Status", "input_message": "Choose from the list.",
        "show_error": True, "error_title": "Status",
        "error_message": "Choose a status from the list."})
    status_cell = f"${xl_col_to_name(status)}{first + 1}"
    for name in STATUSES:
        fill, font = styles.STATUS_COLOURS[name]
        ws.conditional_format(first, status, spare_end, status, {
            "type": "formula", "criteria": f'={status_cell}="{name}"', "stop_if_true": True,
            "format": fmt({"bg_color": fill, "font_color": font})})
    # Flags tint the row but for the cells service leads edit: a tint there
    # would hide the highlight on cells the merge changed.
    editable = sorted(col_of[HEADER_FOR_FIELD[f]] for f in EDITABLE_FIELDS)
    before, after = editable[0] - 1, editable[-1] + 1
    tinted = (f"A{first + 1}:{xl_col_to_name(before)}{spare_end + 1} "
              f"{xl_col_to_name(after)}{first + 1}:{xl_col_to_name(last_col)}{spare_end + 1}")
    flag_cell = f"${xl_col_to_name(flag)}{first + 1}"
    for name, fill in styles.FLAG_COLOURS.items():
        ws.conditional_format(first, 0, spare_end, before, {
            "type": "formula", "criteria": f'={flag_cell}="{name}"', "multi_range": tinted,
            "format": fmt({"bg_color": fill})})

    row = last_row + 2
    ws.write_string(row, 0, CONNECTIONS_LABEL, label)
    connection = fmt(look.statement, {"bold": False})
    for text in objective.connections or [""]:
        _put(ws, row, 1, text, connection)
        row += 1


def _merged_text(ws: Any, row: int, text: str, cell_format: Any, width: float) -> None:
    text = cell_text(text)
    ws.merge_range(row, 1, row, STATEMENT_SPAN, "", cell_format)
    _put(ws, row, 1, text, cell_format)
    ws.set_row(row, styles.row_height([text], [width]))


def _fill_services(ws: Any, plan: Plan, look: _Look, fmt: _Formats) -> None:
    for col, header in enumerate(SERVICE_HEADERS):
        ws.write_string(0, col, header, fmt(look.services_header[col]))
        _set_width(ws, col, look.services_widths[col])
    body = [fmt(props) for props in look.services_body]
    for row, service in enumerate(plan.services, start=1):
        values = (service.name, "; ".join(service.aliases), service.lead, service.email,
                  service.deputy_email)
        ws.add_row(row, [cell_text(v) for v in values], body)
    if not plan.services:  # the template's styled empty row, ready to fill in
        ws.add_row(1, [None] * len(body), body)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(plan.services)), len(SERVICE_HEADERS) - 1)
    ws.repeat_rows(0)
    _print_setup(ws)


def _fill_extra_sheet(ws: Any, rows: Sequence[Sequence[Any]], fmt: _Formats) -> None:
    """A sheet the tool does not own, written back as values after Services."""
    ncols = max((len(row) for row in rows), default=0)
    widths = [min(max(10, max((len(str(row[c])) for row in rows[:1] if len(row) > c),
                              default=8) + 4), 40) for c in range(ncols)]
    for c in range(ncols):
        longest = max((len(str(row[c])) for row in rows if len(row) > c), default=8)
        widths[c] = min(max(widths[c], longest + 2), styles.MAX_WIDTH)
        _set_width(ws, c, widths[c])
    wrap = {"text_wrap": True, "valign": "top"}
    head = {"bold": True, "font_color": styles.HEADER_FONT, "bg_color": styles.HEADER_FILL}
    for r, row in enumerate(rows):
        values = [cell_text(v) for v in row]
        formats = [fmt(wrap, head if r == 0 else {}, _typed(v)) for v in values]
        ws.add_row(r, values, formats, styles.row_height(row, widths) if r else None)
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)
    _print_setup(ws)


def _fill_lists(wb: Any) -> None:
    """The dropdown's source: a hidden sheet behind a defined name."""
    ws = wb.add_worksheet(LISTS_SHEET)
    for row, status in enumerate(STATUSES):
        ws.write_string(row, 0, status)
    ws.hide()
    wb.define_name(STATUS_RANGE_NAME, f"='{LISTS_SHEET}'!$A$1:$A${len(STATUSES)}")


def _fill_meta(wb: Any, plan: Plan, sheet_names: dict[str, str]) -> None:
    ws = wb.add_worksheet(META_SHEET)
    rows = [
        ("key", "value"),
        ("plan_id", plan.plan_id),
        ("revision", str(plan.revision)),
        ("schema_version", str(SCHEMA_VERSION)),
    ]
    rows += [(f"objective:{key}", name) for key, name in sheet_names.items()]
    for r, (key, value) in enumerate(rows):
        ws.write_string(r, 0, cell_text(key))
        _put(ws, r, 1, value, None)
    ws.hide()
