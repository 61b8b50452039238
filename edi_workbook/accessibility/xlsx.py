"""Excel (.xlsx): the checks Microsoft's checker, GOV.UK and the Analysis Function ask for.

Sheets are read from their XML as Excel will show them: data tables are the
Excel tables and the ranges under an autofilter; the rest is layout.
"""

from __future__ import annotations

import colorsys
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from ..core import messages as m
from ..core.errors import WorkbookError
from ..xlsx import numfmt, textfit
from ..xlsx.package import (
    R_ID,
    XDR,
    A,
    Package,
    Relationship,
    S,
    kind_and_target,
    target_of,
)
from ..xlsx.refs import column_index, column_letter
from .colour import colour_name, contrast
from .fit import (
    Bounds,
    FitCheck,
    Look,
    Page,
    SheetLayout,
    bounds_of,
    position_of,
    print_setup,
)
from .meaning import Paint, colour_only
from .rules import (
    ON_OFF_FALSE,
    Finding,
    Findings,
    alt_problem,
    cell_list,
    generic_title,
    is_decorative,
    link_problem,
    listing,
    number_list,
    quote,
)

_FORMULA_REF = re.compile(r"(?<![A-Za-z_.!\]])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\d(A-Za-z_])")
_DEFAULT_SHEET = re.compile(r"^(sheet|chart|macro|dialog|tabelle|feuil|hoja|foglio|planilha|"
                            r"blad|arkusz|лист)\s*\d*$", re.IGNORECASE)
_CODE_LIKE = re.compile(r"[0-9a-f]{8,}|\d{6,}", re.IGNORECASE)
_BLANK_TEST = re.compile(r'=\s*""|ISBLANK\(|LEN\(', re.IGNORECASE)
_BY_DATE = re.compile(r"\b(TODAY|NOW)\(", re.IGNORECASE)
_INDEXED = ["000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
            "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
            "800000", "008000", "000080", "808000", "800080", "008080", "C0C0C0", "808080"]
_MIN_CELL_SIZE, _MIN_PRINT_SIZE = 10.0, 8.0


@dataclass
class _Cell:
    text: str
    style: int
    formula: str = ""
    shared: int = -1  # index into the shared strings, for rich-text sizes
    number: float | None = None  # a numeric value, shown through the number format


@dataclass
class _XlStyles:
    fonts: list[tuple[float, str | None, bool]]  # size, colour, bold
    families: list[textfit.Font]  # the table each font is measured with
    fills: list[str | None]
    xfs: list[tuple[int, int]]  # font, fill
    dxfs: list[tuple[str | None, str | None]]  # font colour, fill colour
    looks: list[Look] = field(default_factory=list)  # per xf: the room its text takes
    # Per xf: what sets a cell apart other than colour (border, bold, italic, underline,
    # strike-through); per font: its italic, underline and strike-through.
    marks: list[tuple[object, ...]] = field(default_factory=list)
    font_marks: list[tuple[bool, bool, bool]] = field(default_factory=list)

    def font(self, style: int) -> tuple[float, str | None, bool]:
        font_id = self.xfs[style][0] if style < len(self.xfs) else 0
        return self.fonts[font_id] if font_id < len(self.fonts) else (11.0, None, False)

    def fill(self, style: int) -> str | None:
        fill_id = self.xfs[style][1] if style < len(self.xfs) else 0
        return self.fills[fill_id] if fill_id < len(self.fills) else None

    def look(self, style: int) -> Look:
        return self.looks[style] if style < len(self.looks) else Look()

    def mark(self, style: int) -> tuple[object, ...]:
        return self.marks[style] if style < len(self.marks) else ()


class _ExcelCheck:
    def __init__(self, package: Package, out: Findings) -> None:
        self.package = package
        self.out = out
        self.date1904 = False
        self.theme = self._theme()
        self.styles = self._styles()
        self.shared, self.shared_sizes = self._shared_strings()

    def run(self) -> None:
        title = self.package.core_properties().get("title", "")
        if not title:
            self.out.add("xlsx.title", "workbook properties", m.NO_TITLE_XLSX)
        elif generic_title(title):
            self.out.add("xlsx.title", "workbook properties", m.generic_title_xlsx(title))
        workbook = self.package.xml("xl/workbook.xml")
        properties = workbook.find(S + "workbookPr") if workbook is not None else None
        self.date1904 = properties is not None and properties.get("date1904") in ("1", "true")
        if workbook is None:
            raise WorkbookError(self.package.path, m.NOT_READABLE_XLSX, m.RESAVE_XLSX)
        rels = self.package.rels("xl/workbook.xml")
        print_areas: dict[int, str] = {}
        for name in workbook.iter(S + "definedName"):
            if name.get("name") == "_xlnm.Print_Area" and name.get("localSheetId", "").isdigit():
                print_areas[int(name.get("localSheetId", "0"))] = name.text or ""
        for index, sheet in enumerate(workbook.iter(S + "sheet")):
            name = sheet.get("name", "")
            where = f"sheet '{name}'"
            if sheet.get("state") in ("hidden", "veryHidden"):
                self.out.add("xlsx.hidden-sheet", where, m.HIDDEN_SHEET)
                continue
            if _DEFAULT_SHEET.match(name.strip()) or not re.search(r"[^\W\d_]", name) \
                    or _CODE_LIKE.search(name):
                self.out.add("xlsx.sheet-name", where, m.sheet_name_not_meaningful(name))
            kind, part = kind_and_target(rels, sheet.get(R_ID, ""))
            root = self.package.xml(part)
            if root is None:
                continue
            sheet_rels = self.package.rels(part)
            self._drawings(root, sheet_rels, where)
            if kind == "worksheet":
                self._worksheet(root, sheet_rels, where, print_areas.get(index, ""))

    # Workbook-wide parts.
    def _theme(self) -> list[str]:
        root = self.package.xml("xl/theme/theme1.xml")
        scheme = None if root is None else root.find(f"{A}themeElements/{A}clrScheme")
        colours = []
        for slot in [] if scheme is None else list(scheme):
            srgb, sys = slot.find(A + "srgbClr"), slot.find(A + "sysClr")
            colours.append((srgb.get("val") if srgb is not None else
                            sys.get("lastClr") if sys is not None else None) or "000000")
        if len(colours) >= 4:  # SpreadsheetML numbers lt1, dk1, lt2, dk2, accents...
            colours[0], colours[1], colours[2], colours[3] = (colours[1], colours[0],
                                                              colours[3], colours[2])
        return colours

    def _colour(self, element: Element | None) -> str | None:
        """RRGGBB of an Excel colour element, or None when it cannot be known."""
        if element is None or element.get("auto") in ("1", "true"):
            return None
        rgb = element.get("rgb")
        if rgb and len(rgb) in (6, 8):
            colour = rgb[-6:].upper()
        elif element.get("theme", "").isdigit() and int(element.get("theme", "0")) < len(
                self.theme):
            colour = self.theme[int(element.get("theme", "0"))].upper()
        elif element.get("indexed", "").isdigit():
            index = int(element.get("indexed", "0"))
            colour = _INDEXED[index] if index < len(_INDEXED) else (
                "000000" if index == 64 else None)
        else:
            return None
        tint = float(element.get("tint", "0") or 0)
        if colour and tint:
            r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
            hue, light, sat = colorsys.rgb_to_hls(r, g, b)
            light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
            colour = "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, light,
                                                                                  sat))
        return colour

    def _fill_colour(self, fill: Element | None, dxf: bool = False) -> str | None:
        pattern = None if fill is None else fill.find(S + "patternFill")
        if pattern is None:
            return None
        kind = pattern.get("patternType", "solid" if dxf else "none")
        if kind == "none":
            return None
        first, second = ("bgColor", "fgColor") if dxf else ("fgColor", "bgColor")
        colour = self._colour(pattern.find(S + first)) or self._colour(pattern.find(S + second))
        return None if colour == "FFFFFF" else colour

    def _styles(self) -> _XlStyles:
        root = self.package.xml("xl/styles.xml")
        styles = _XlStyles([], [], [], [], [])
        if root is None:
            return styles
        for font in root.findall(f"{S}fonts/{S}font"):
            size = font.find(S + "sz")
            styles.fonts.append((float(size.get("val", "11")) if size is not None else 11.0,
                                 self._colour(font.find(S + "color")), _flag(font, "b")))
            name = font.find(S + "name")
            styles.families.append(textfit.font_named(None if name is None else name.get("val")))
            underline = font.find(S + "u")
            styles.font_marks.append((_flag(font, "i"), underline is not None and underline.get(
                "val", "single") != "none", _flag(font, "strike")))
        styles.fills = [self._fill_colour(fill) for fill in root.findall(f"{S}fills/{S}fill")]
        formats = {int(f.get("numFmtId", "0")): f.get("formatCode", numfmt.GENERAL)
                   for f in root.findall(f"{S}numFmts/{S}numFmt")
                   if f.get("numFmtId", "").isdigit()}
        for xf in root.findall(f"{S}cellXfs/{S}xf"):
            font_id, fill_id = int(xf.get("fontId", "0")), int(xf.get("fillId", "0"))
            styles.xfs.append((font_id, fill_id))
            size, _, bold = styles.fonts[font_id] if font_id < len(styles.fonts) else (
                11.0, None, False)
            align = xf.find(S + "alignment")
            get = (lambda key, default="": default) if align is None else align.get
            rotation = get("textRotation", "0") or "0"
            format_id = int(xf.get("numFmtId", "0") or 0)
            styles.looks.append(Look(
                size, bold, get("wrapText", "0") in ("1", "true"), get("horizontal", "general"),
                rotation not in ("0", "") or get("shrinkToFit", "0") in ("1", "true"),
                formats.get(format_id) or numfmt.builtin_format(format_id),
                styles.families[font_id] if font_id < len(styles.families) else textfit.CALIBRI))
            font_marks = (styles.font_marks[font_id] if font_id < len(styles.font_marks)
                          else (False, False, False))
            styles.marks.append((xf.get("borderId", "0"), bold, *font_marks))
        for dxf in root.findall(f"{S}dxfs/{S}dxf"):
            font = dxf.find(S + "font")
            styles.dxfs.append((self._colour(None if font is None else font.find(S + "color")),
                                self._fill_colour(dxf.find(S + "fill"), dxf=True)))
        return styles

    def _shared_strings(self) -> tuple[list[str], list[float | None]]:
        root = self.package.xml("xl/sharedStrings.xml")
        texts: list[str] = []
        sizes: list[float | None] = []
        for item in [] if root is None else root.findall(S + "si"):
            texts.append("".join(t.text or "" for t in item.iter(S + "t")
                                 if t not in item.findall(f"{S}rPh/{S}t")))
            run_sizes = [float(sz.get("val", "11")) for sz in item.iter(S + "sz")]
            sizes.append(min(run_sizes) if run_sizes else None)
        return texts, sizes

    # One worksheet.
    def _worksheet(self, root: Element, rels: dict[str, Relationship], where: str,
                   print_area: str) -> None:
        cells = self._read_cells(root)
        tables = self._data_tables(root, rels, where)
        for bounds, has_header, label in tables:
            self._table(cells, bounds, has_header, f"{where}, {label}")
        self._colour_meaning(cells, tables, self._notes(rels), where)
        self._merged(root, tables, where)
        self._conditional(root, cells, where)
        self._cell_colours(cells, where)
        self._cell_sizes(cells, where)
        layout = SheetLayout(root)
        area = _print_area(cells, print_area)
        page = None if area is None else print_setup(root, area, layout)
        if area is not None and page is not None:
            self._print_size(cells, where, area, page)
        self._hyperlinks(root, cells, rels, where)
        FitCheck(self.out, where, layout, self.styles.look, self.date1904).run(
            cells, area, page, area_set=bool(print_area))

    def _read_cells(self, root: Element) -> dict[tuple[int, int], _Cell]:
        cells: dict[tuple[int, int], _Cell] = {}
        data = root.find(S + "sheetData")
        row_number = 0
        for row in [] if data is None else data.findall(S + "row"):
            row_number = int(row.get("r", row_number + 1))
            column = 0
            for c in row.findall(S + "c"):
                position = position_of(c.get("r", "")) or (row_number, column + 1)
                column = position[1]
                kind = c.get("t", "n")
                value = c.find(S + "v")
                formula = c.find(S + "f")
                index = -1
                if kind == "s" and value is not None and (value.text or "").isdigit():
                    index = int(value.text or "0")
                    text = self.shared[index] if index < len(self.shared) else ""
                elif kind == "inlineStr":
                    text = "".join(t.text or "" for t in c.iter(S + "t"))
                else:
                    text = (value.text or "") if value is not None else ""
                if formula is not None and not text:
                    text = "="  # a formula shows something once calculated
                cells[position] = _Cell(text, int(c.get("s", "0")),
                                        formula.text or "" if formula is not None else "",
                                        index, _number(text) if kind == "n" else None)
        return cells

    def _data_tables(self, root: Element, rels: dict[str, Relationship],
                     where: str) -> list[tuple[tuple[int, int, int, int], bool, str]]:
        tables = []
        for part in root.findall(f"{S}tableParts/{S}tablePart"):
            kind, target = kind_and_target(rels, part.get(R_ID, ""))
            table = self.package.xml(target) if kind == "table" else None
            bounds = None if table is None else bounds_of(table.get("ref", ""))
            if table is None or bounds is None:
                continue
            name = table.get("displayName") or table.get("name") or ""
            has_header = table.get("headerRowCount", "1") != "0"
            label = f"table '{name}' ({table.get('ref')})"
            if re.match(r"^Table\d*$", name, re.IGNORECASE):
                self.out.add("xlsx.table-name", f"{where}, {label}", m.default_table_name(name))
            if not has_header:
                self.out.add("xlsx.table-header", f"{where}, {label}", m.NO_TABLE_HEADER)
            tables.append((bounds, has_header, label))
        autofilter = root.find(S + "autoFilter")
        bounds = None if autofilter is None else bounds_of(autofilter.get("ref", ""))
        if bounds is not None:
            tables.append((bounds, True, f"table {autofilter.get('ref')}"))
        return tables

    def _table(self, cells: dict[tuple[int, int], _Cell], bounds: tuple[int, int, int, int],
               has_header: bool, where: str) -> None:
        top, left, bottom, right = bounds
        first_data = top + 1 if has_header else top

        def filled(row: int, column: int) -> bool:
            cell = cells.get((row, column))
            return cell is not None and bool(cell.text.strip())

        columns = range(left, right + 1)
        blank_columns = [c for c in columns
                         if not any(filled(r, c) for r in range(top, bottom + 1))]
        if has_header:
            missing = [(top, c) for c in columns if not filled(top, c) and c not in blank_columns]
            if missing:
                self.out.add("xlsx.table-header", where, m.empty_header_cells(cell_list(missing)))
        blank_rows = [r for r in range(first_data, bottom + 1)
                      if not any(filled(r, c) for c in columns)]
        if blank_rows:
            self.out.add("xlsx.blank-rows", where, m.blank_rows("rows " + number_list(blank_rows)))
        if blank_columns and len(blank_columns) < len(columns):
            self.out.add("xlsx.blank-rows", where, m.blank_columns(
                listing([column_letter(c) for c in blank_columns])))
        by_colour: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for row in range(first_data, bottom + 1):
            fills = {c: self.styles.fill(cells[(row, c)].style) if (row, c) in cells else None
                     for c in columns}
            counts = Counter(fills.values())
            most = max(counts.values())
            usual = None if counts.get(None) == most else counts.most_common(1)[0][0]
            for column, colour in fills.items():
                if colour and colour != usual and not filled(row, column):
                    by_colour[colour].append((row, column))
        for colour, places in by_colour.items():
            self.out.add("xlsx.colour-only", where,
                         m.colour_without_text(cell_list(places), colour_name(colour)))

    def _colour_meaning(self, cells: dict[tuple[int, int], _Cell],
                        tables: list[tuple[Bounds, bool, str]], notes: set[tuple[int, int]],
                        where: str) -> None:
        """Colour alone: filled empty cells in plain data rows, same words in other colours."""
        def in_tables(position: tuple[int, int]) -> bool:
            return any(t[0] <= position[0] <= t[2] and t[1] <= position[1] <= t[3]
                       for t, _, _ in tables)

        def paint(style: int) -> Paint:
            return Paint(self.styles.fill(style), self.styles.font(style)[1],
                         self.styles.mark(style))

        empty_filled, same_words = colour_only(cells, paint, [(t, h) for t, h, _ in tables],
                                               notes, in_tables)
        for colour, places in empty_filled.items():
            self.out.add("xlsx.colour-only", where,
                         m.colour_without_text(cell_list(places), colour_name(colour)))
        for text, places in same_words.items():
            self.out.add("xlsx.colour-only", where,
                         m.colour_same_words(cell_list(places), quote(text, 30)))

    def _notes(self, rels: dict[str, Relationship]) -> set[tuple[int, int]]:
        """Cells with a note (comment): its words say what a colour means."""
        found: set[tuple[int, int]] = set()
        for rel in rels.values():
            part = self.package.xml(rel.target) if rel.kind == "comments" else None
            for comment in [] if part is None else part.iter(S + "comment"):
                position = position_of(comment.get("ref", ""))
                if position:
                    found.add(position)
        return found

    def _merged(self, root: Element, tables: list[tuple[tuple[int, int, int, int], bool, str]],
                where: str) -> None:
        inside: list[tuple[int, int, str]] = []
        outside: list[tuple[int, int, str]] = []
        for merge in root.findall(f"{S}mergeCells/{S}mergeCell"):
            ref = merge.get("ref", "")
            bounds = bounds_of(ref)
            if bounds is None:
                continue
            overlaps = any(bounds[0] <= t[2] and t[0] <= bounds[2] and bounds[1] <= t[3]
                           and t[1] <= bounds[3] for t, _, _ in tables)
            (inside if overlaps else outside).append((bounds[0], bounds[1], ref))  # sheet order
        if inside:
            self.out.add("xlsx.merged-cells", where, m.merged_cells_in_table(
                listing([ref for _, _, ref in sorted(inside)], 6)))
        if outside:
            self.out.add("xlsx.merged-cells", where, m.merged_cells(
                listing([ref for _, _, ref in sorted(outside)], 6)))

    def _conditional(self, root: Element, cells: dict[tuple[int, int], _Cell],
                     where: str) -> None:
        pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
        for block in root.iter(S + "conditionalFormatting"):
            sqref = block.get("sqref", "")
            areas = [b for b in (bounds_of(part) for part in sqref.split()) if b]
            if not areas:
                continue
            columns = {c for a in areas for c in range(a[1], a[3] + 1)}
            for rule in block.findall(S + "cfRule"):
                dxf_id = rule.get("dxfId", "")
                if not dxf_id.isdigit() or int(dxf_id) >= len(self.styles.dxfs):
                    continue
                font_colour, fill_colour = self.styles.dxfs[int(dxf_id)]
                if fill_colour:
                    first = cells.get((areas[0][0], areas[0][1]))
                    text_colour = font_colour or (self.styles.font(first.style)[1]
                                                  if first else None) or "000000"
                    ratio = contrast(text_colour, fill_colour)
                    if ratio < 4.5:
                        pairs[(text_colour, fill_colour)].append(sqref)
                if not (fill_colour or font_colour):
                    continue
                kind = rule.get("type", "")
                formula = " ".join(f.text or "" for f in rule.findall(S + "formula"))
                if kind == "containsBlanks" or (kind == "expression"
                                                and _BLANK_TEST.search(formula)):
                    if fill_colour:
                        self.out.add("xlsx.colour-only", where,
                                     m.colour_marks_blanks(sqref.replace(" ", ", ")))
                elif kind == "timePeriod" or (kind in ("expression", "cellIs")
                                              and _BY_DATE.search(formula)):
                    self.out.add("xlsx.colour-only", where,
                                 m.colour_by_date(sqref.replace(" ", ", ")))
                elif kind == "expression":
                    source = _outside_reference(formula, columns)
                    if source:
                        self.out.add("xlsx.colour-only", where,
                                     m.colour_from_other_cell(sqref.replace(" ", ", "), source))
        for (fg, bg), refs in pairs.items():
            ratio = contrast(fg, bg)
            self.out.add("xlsx.contrast", f"{where}, {listing(sorted(set(refs)), 3)}",
                         m.low_contrast(colour_name(fg), colour_name(bg), f"{ratio:.1f}",
                                        "4.5"))

    def _cell_colours(self, cells: dict[tuple[int, int], _Cell], where: str) -> None:
        pairs: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
        low: dict[int, tuple[str, str, str] | None] = {}  # style -> its pair when too low
        for position, cell in cells.items():
            if cell.style not in low:
                low[cell.style] = self._low_contrast(cell.style)
            pair = low[cell.style]
            if pair is not None and cell.text.strip():
                pairs[pair].append(position)
        for (fg, bg, needed), places in pairs.items():
            self.out.add("xlsx.contrast", f"{where}, {cell_list(places, 4)}",
                         m.low_contrast(colour_name(fg), colour_name(bg),
                                        f"{contrast(fg, bg):.1f}", needed))

    def _low_contrast(self, style: int) -> tuple[str, str, str] | None:
        """(text colour, fill, ratio needed) of a style whose contrast is too low."""
        fill = self.styles.fill(style)
        size, colour, bold = self.styles.font(style)
        if fill is None and colour is None:
            return None
        fg, bg = colour or "000000", fill or "FFFFFF"
        needed = 3.0 if size >= 18 or (bold and size >= 14) else 4.5
        return (fg, bg, f"{needed:g}") if contrast(fg, bg) < needed else None

    def _text_size(self, cell: _Cell) -> float:
        """The cell's font size, or the smallest size inside its rich text."""
        size = self.styles.font(cell.style)[0]
        if 0 <= cell.shared < len(self.shared_sizes):
            rich = self.shared_sizes[cell.shared]
            if rich is not None:
                size = min(size, rich)
        return size

    def _cell_sizes(self, cells: dict[tuple[int, int], _Cell], where: str) -> None:
        small: dict[float, list[tuple[int, int]]] = defaultdict(list)
        for position, cell in cells.items():
            if cell.text.strip():
                size = self._text_size(cell)
                if size < _MIN_CELL_SIZE:
                    small[size].append(position)
        for size, places in sorted(small.items()):
            self.out.add("xlsx.font-size", where, m.small_cell_text(f"{size:g}", cell_list(places)))

    def _print_size(self, cells: dict[tuple[int, int], _Cell], where: str,
                    area: Bounds, page: Page) -> None:
        top, left, bottom, right = area
        sizes = Counter(self.styles.font(c.style)[0] for p, c in cells.items()
                        if c.text.strip() and top <= p[0] <= bottom and left <= p[1] <= right)
        if not sizes:
            return
        typical = sizes.most_common(1)[0][0]
        if typical * page.scale < _MIN_PRINT_SIZE:
            self.out.add("xlsx.print-size", where,
                         m.small_print(f"{typical * page.scale:.1f}", page.how))

    def _hyperlinks(self, root: Element, cells: dict[tuple[int, int], _Cell],
                    rels: dict[str, Relationship], where: str) -> None:
        for link in root.findall(f"{S}hyperlinks/{S}hyperlink"):
            position = position_of(link.get("ref", "").split(":")[0])
            cell = cells.get(position) if position else None
            text = link.get("display") or (cell.text if cell else "")
            target = target_of(rels, link.get(R_ID, "")) or link.get("location", "")
            problem = link_problem(text, target)
            if problem:
                self.out.add("xlsx.link-text", f"{where}, cell {link.get('ref')}", problem)
        for position, cell in cells.items():
            if "HYPERLINK(" in cell.formula.upper():
                args = re.findall(r'"([^"]*)"', cell.formula)
                text = cell.text if cell.text != "=" else (args[1] if len(args) > 1 else "")
                problem = link_problem(text, args[0] if args else "")
                if problem:
                    self.out.add("xlsx.link-text", f"{where}, cell {cell_list([position])}",
                                 problem)

    def _drawings(self, root: Element, rels: dict[str, Relationship], where: str) -> None:
        for drawing in root.findall(S + "drawing"):
            kind, target = kind_and_target(rels, drawing.get(R_ID, ""))
            part = self.package.xml(target) if kind == "drawing" else None
            for anchor in [] if part is None else list(part):
                position = anchor.find(f"{XDR}from")
                near = ""
                if position is not None:
                    col, row = position.find(XDR + "col"), position.find(XDR + "row")
                    if col is not None and row is not None:
                        near = f" near cell {column_letter(int(col.text or 0) + 1)}" \
                               f"{int(row.text or 0) + 1}"
                for item in list(anchor):
                    self._drawing_item(item, f"{where}{near}")

    def _drawing_item(self, item: Element, where: str) -> None:
        local = item.tag.rsplit("}", 1)[-1]
        kinds = {"pic": "picture", "graphicFrame": "chart", "sp": "shape", "grpSp": "group",
                 "cxnSp": "shape"}
        if local not in kinds:
            return
        if local == "sp" and "".join(t.text or "" for t in item.iter(A + "t")).strip():
            return  # a text box: its text is read out
        c_nv_pr = next((n for n in item.iter() if n.tag == XDR + "cNvPr"), None)
        if c_nv_pr is None or is_decorative(c_nv_pr):
            return
        kind = kinds[local]
        if local == "graphicFrame":
            data = item.find(f"{A}graphic/{A}graphicData")
            uri = "" if data is None else data.get("uri", "")
            kind = "chart" if uri.endswith("/chart") else "object"
        problem = alt_problem(kind, c_nv_pr.get("descr") or c_nv_pr.get("title") or "")
        if problem:
            name = c_nv_pr.get("name", "")
            self.out.add("xlsx.alt-text", f"{where}, {kind} '{name}'" if name else where,
                         problem)


def _outside_reference(formula: str, columns: set[int]) -> str:
    """The first cell a colour rule reads that is not shown in the coloured cells' rows."""
    formula = re.sub(r'"[^"]*"', '""', formula)
    if "!" in formula:
        sheet = re.split(r"[=(,+\-*/&<> ]", formula.split("!")[0])[-1].strip("'")
        return f"a cell on the '{sheet}' sheet"
    for absolute_col, letters, absolute_row, row in _FORMULA_REF.findall(formula):
        if column_index(letters) not in columns or absolute_row:
            return f"{absolute_col}{letters}{absolute_row}{row}".replace("$", "")
    return ""


def _print_area(cells: dict[tuple[int, int], _Cell], print_area: str) -> Bounds | None:
    """The print area's first range, or the cells that hold text; None when none does."""
    area = bounds_of(print_area.split(",")[0].split("!")[-1]) if print_area else None
    if area is not None:
        return area
    texts = [p for p, c in cells.items() if c.text.strip()]
    if not texts:
        return None
    rows, columns = [p[0] for p in texts], [p[1] for p in texts]
    return min(rows), min(columns), max(rows), max(columns)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _flag(element: Element, tag: str) -> bool:
    """A font's on/off property (<b/>, <i val="0"/>)."""
    found = element.find(S + tag)
    return found is not None and found.get("val", "1") not in ON_OFF_FALSE


def check_xlsx(package: Package) -> list[Finding]:
    out = Findings(package.path)
    _ExcelCheck(package, out).run()
    return out.items
