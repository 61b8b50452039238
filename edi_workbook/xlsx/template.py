"""The plan's look: the shipped template's, or an officer's restyled copy.

`templates/plan_template.xlsx` is the plan writer's own output for a blank
plan (`make template`), so the shipped look is defined once, in styles.py,
and the writer needs no template file for it. An officer who restyles a copy
and passes it with `--template` keeps their look: `Look.read` turns its
cells' styles into format properties (openpyxl, loaded only then) that
override styles.py's named formats.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import messages as m
from ..core.errors import PlanError
from ..core.schema import (
    ABOUT_LABELS,
    ABOUT_SHEET,
    DATE_HEADERS,
    HEADERS,
    HISTORY_SHEET,
    HOW_TO_USE_LABEL,
    LISTS_SHEET,
    META_SHEET,
    RETURNS_LOG_SHEET,
    SERVICE_HEADERS,
    SERVICE_UPDATES_SHEET,
    SERVICES_SHEET,
    TABLE_KEY_HEADERS,
)
from .styles import DATE_FORMAT, Props

TEMPLATE_PATH = Path(__file__).resolve().parents[2] / "templates" / "plan_template.xlsx"
OWNED_SHEETS = (ABOUT_SHEET, SERVICES_SHEET, SERVICE_UPDATES_SHEET, HISTORY_SHEET,
                RETURNS_LOG_SHEET, META_SHEET, LISTS_SHEET)


@dataclass
class Look:
    """What a restyled template changes; empty for the shipped look (styles.py's).

    `parts` overrides styles.FORMATS by name ("title", "sheet_label",
    "statement", "about_title", "about_label", "about_value", "about_text");
    the rest is per column. Widths are the file's own <col width> values.
    """

    parts: dict[str, Props] = field(default_factory=dict)
    header: dict[str, Props] = field(default_factory=dict)
    body: dict[str, Props] = field(default_factory=dict)
    widths: dict[str, float] = field(default_factory=dict)
    header_height: float | None = None
    services_header: tuple[Props, ...] = ()
    services_body: tuple[Props, ...] = ()
    services_widths: tuple[float, ...] = ()
    about_widths: tuple[float, ...] = ()
    # A restyled template's own extra sheets, carried as values.
    sheets: dict[str, list[list[Any]]] = field(default_factory=dict)

    @classmethod
    def read(cls, template: Path) -> Look:
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
        h = _header_row(proto)
        header, body, widths = {}, {}, {}
        proto_widths = _widths(proto)
        for cell in proto[h]:
            if cell.value in HEADERS:
                header[cell.value] = props(cell)
                body[cell.value] = props(proto.cell(h + 1, cell.column))
                if proto_widths.get(cell.column):
                    widths[cell.value] = proto_widths[cell.column]
        for name in DATE_HEADERS:  # a date shown as a serial number helps nobody
            if name in body:
                body[name].setdefault("num_format", DATE_FORMAT)

        services_header: tuple[Props, ...] = ()
        services_body: tuple[Props, ...] = ()
        services_widths: tuple[float, ...] = ()
        if SERVICES_SHEET in wb.sheetnames:
            ws = wb[SERVICES_SHEET]
            columns = range(1, len(SERVICE_HEADERS) + 1)
            services_header = tuple(props(ws.cell(1, c)) for c in columns)
            services_body = tuple(props(ws.cell(2, c)) for c in columns)
            found = _widths(ws)
            services_widths = tuple(found.get(c, 0.0) for c in columns)

        about = wb[ABOUT_SHEET]
        labels = {about.cell(r, 1).value: r for r in range(1, about.max_row + 1)}
        label_row = labels.get(ABOUT_LABELS["title"])
        text_row = labels.get(HOW_TO_USE_LABEL)
        parts = {"title": props(proto["A1"]), "sheet_label": props(proto["A2"]),
                 "statement": props(proto["B2"]), "about_title": props(about["A1"])}
        if label_row:
            parts["about_label"] = props(about.cell(label_row, 1))
            parts["about_value"] = props(about.cell(label_row, 2))
        if text_row:
            # How-to-use lines sit beside their label (older templates: below it, merged).
            beside = about.cell(text_row, 2)
            parts["about_text"] = props(beside if beside.value else about.cell(text_row + 1, 1))
        about_widths = _widths(about)
        return cls(
            parts=parts, header=header, body=body, widths=widths,
            header_height=proto.row_dimensions[h].height,
            services_header=services_header, services_body=services_body,
            services_widths=services_widths,
            about_widths=tuple(about_widths.get(c, 0.0) for c in (1, 2)),
            sheets={ws.title: values for ws in wb.worksheets
                    if ws is not proto and ws.title not in OWNED_SHEETS
                    and (values := _values(ws))},
        )


def look_for(template: Path | None) -> Look:
    """The look to write with: styles.py's for no template or the shipped one."""
    if template is None:
        return Look()
    template = Path(template)
    try:
        shipped = template.resolve() == TEMPLATE_PATH
    except OSError:
        shipped = False
    return Look() if shipped else Look.read(template)


def _header_row(ws: Any) -> int | None:
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 200)):
        values = [c.value for c in row]
        if all(h in values for h in TABLE_KEY_HEADERS):
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

