"""Excel (.xlsx): the checks Microsoft's checker, GOV.UK and the Analysis Function ask for.

Sheets are read from their XML as Excel will show them: data tables are the
Excel tables and the ranges under an autofilter; the rest is layout.
"""

from __future__ import annotations

import colorsys
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from ..core import messages as m
from ..core.errors import WorkbookError
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
from .rules import (
    ON_OFF_FALSE,
    Finding,
    Findings,
    alt_problem,
    is_decorative,
    link_problem,
    listing,
    number_list,
)

_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
_FORMULA_REF = re.compile(r"(?<![A-Za-z_.!\]])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\d(A-Za-z_])")
_DEFAULT_SHEET = re.compile(r"^(sheet|chart|macro|dialog|tabelle|feuil|hoja|foglio|planilha|"
                            r"blad|arkusz|лист)\s*\d*$", re.IGNORECASE)
_CODE_LIKE = re.compile(r"[0-9a-f]{8,}|\d{6,}", re.IGNORECASE)
_BLANK_TEST = re.compile(r'=\s*""|ISBLANK\(|LEN\(', re.IGNORECASE)
# Paper sizes in points (width, height) by pageSetup@paperSize.
_PAPER = {1: ("Letter", 612, 792), 5: ("Legal", 612, 1008), 8: ("A3", 842, 1191),
          9: ("A4", 595, 842), 11: ("A5", 420, 595)}
_INDEXED = ["000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
            "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
            "800000", "008000", "000080", "808000", "800080", "008080", "C0C0C0", "808080"]
_MIN_CELL_SIZE, _MIN_PRINT_SIZE = 10.0, 8.0


def _ref(ref: str) -> tuple[int, int] | None:
    match = _CELL_REF.match(ref.strip().upper())
    return (int(match.group(2)), column_index(match.group(1))) if match else None


def _range(text: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of 'A1:B2' or 'A1'."""
    first, _, last = text.replace("$", "").partition(":")
    start, end = _ref(first), _ref(last or first)
    if start is None or end is None:
        return None
    return start[0], start[1], end[0], end[1]


def _cells(cells: Iterable[tuple[int, int]], limit: int = 6) -> str:
    """'F5:F9, H12 and 3 more': runs down a column joined into ranges."""
    by_column: dict[int, list[int]] = defaultdict(list)
    for row, column in cells:
        by_column[column].append(row)
    parts: list[tuple[int, int, str]] = []
    for column, rows in by_column.items():
        rows.sort()
        start = previous = rows[0]
        for row in rows[1:] + [None]:  # type: ignore[list-item]
            if row is not None and row == previous + 1:
                previous = row
                continue
            letters = column_letter(column)
            text = f"{letters}{start}" if start == previous else \
                f"{letters}{start}:{letters}{previous}"
            parts.append((start, column, text))
            if row is not None:
                start = previous = row
    parts.sort()
    return listing([text for _, _, text in parts], limit)


@dataclass
class _Cell:
    text: str
    style: int
    formula: str = ""
    shared: int = -1  # index into the shared strings, for rich-text sizes


@dataclass
class _XlStyles:
    fonts: list[tuple[float, str | None, bool]]  # size, colour, bold
    fills: list[str | None]
    xfs: list[tuple[int, int]]  # font, fill
    dxfs: list[tuple[str | None, str | None]]  # font colour, fill colour
    locked: list[bool]

    def font(self, style: int) -> tuple[float, str | None, bool]:
        font_id = self.xfs[style][0] if style < len(self.xfs) else 0
        return self.fonts[font_id] if font_id < len(self.fonts) else (11.0, None, False)

    def fill(self, style: int) -> str | None:
        fill_id = self.xfs[style][1] if style < len(self.xfs) else 0
        return self.fills[fill_id] if fill_id < len(self.fills) else None


class _ExcelCheck:
    def __init__(self, package: Package, out: Findings) -> None:
        self.package = package
        self.out = out
        self.theme = self._theme()
        self.styles = self._styles()
        self.shared, self.shared_sizes = self._shared_strings()

    def run(self) -> None:
        if not _title(self.package):
            self.out.add("xlsx.title", "workbook properties", m.NO_TITLE_XLSX)
        workbook = self.package.xml("xl/workbook.xml")
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
                                 self._colour(font.find(S + "color")),
                                 font.find(S + "b") is not None
                                 and font.find(S + "b").get("val", "1") not in ON_OFF_FALSE))
        styles.fills = [self._fill_colour(fill) for fill in root.findall(f"{S}fills/{S}fill")]
        for xf in root.findall(f"{S}cellXfs/{S}xf"):
            styles.xfs.append((int(xf.get("fontId", "0")), int(xf.get("fillId", "0"))))
            protection = xf.find(S + "protection")
            styles.locked.append(protection is None
                                 or protection.get("locked", "1") not in ON_OFF_FALSE)
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
        self._merged(root, tables, where)
        self._conditional(root, cells, where)
        self._cell_colours(cells, where)
        self._cell_sizes(cells, where)
        self._print_size(root, cells, where, print_area)
        self._hyperlinks(root, cells, rels, where)

    def _read_cells(self, root: Element) -> dict[tuple[int, int], _Cell]:
        cells: dict[tuple[int, int], _Cell] = {}
        data = root.find(S + "sheetData")
        row_number = 0
        for row in [] if data is None else data.findall(S + "row"):
            row_number = int(row.get("r", row_number + 1))
            column = 0
            for c in row.findall(S + "c"):
                position = _ref(c.get("r", "")) or (row_number, column + 1)
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
                                        index)
        return cells

    def _data_tables(self, root: Element, rels: dict[str, Relationship],
                     where: str) -> list[tuple[tuple[int, int, int, int], bool, str]]:
        tables = []
        for part in root.findall(f"{S}tableParts/{S}tablePart"):
            kind, target = kind_and_target(rels, part.get(R_ID, ""))
            table = self.package.xml(target) if kind == "table" else None
            bounds = None if table is None else _range(table.get("ref", ""))
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
        bounds = None if autofilter is None else _range(autofilter.get("ref", ""))
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
                self.out.add("xlsx.table-header", where, m.empty_header_cells(_cells(missing)))
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
                         m.colour_without_text(_cells(places), colour_name(colour)))

    def _merged(self, root: Element, tables: list[tuple[tuple[int, int, int, int], bool, str]],
                where: str) -> None:
        inside: list[tuple[int, int, str]] = []
        outside: list[tuple[int, int, str]] = []
        for merge in root.findall(f"{S}mergeCells/{S}mergeCell"):
            ref = merge.get("ref", "")
            bounds = _range(ref)
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
            areas = [b for b in (_range(part) for part in sqref.split()) if b]
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
        for position, cell in cells.items():
            if not cell.text.strip():
                continue
            fill = self.styles.fill(cell.style)
            size, colour, bold = self.styles.font(cell.style)
            if fill is None and colour is None:
                continue
            fg, bg = colour or "000000", fill or "FFFFFF"
            needed = 3.0 if size >= 18 or (bold and size >= 14) else 4.5
            if contrast(fg, bg) < needed:
                pairs[(fg, bg, f"{needed:g}")].append(position)
        for (fg, bg, needed), places in pairs.items():
            self.out.add("xlsx.contrast", f"{where}, {_cells(places, 4)}",
                         m.low_contrast(colour_name(fg), colour_name(bg),
                                        f"{contrast(fg, bg):.1f}", needed))

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
            self.out.add("xlsx.font-size", where, m.small_cell_text(f"{size:g}", _cells(places)))

    def _print_size(self, root: Element, cells: dict[tuple[int, int], _Cell], where: str,
                    print_area: str) -> None:
        texts = [(p, c) for p, c in cells.items() if c.text.strip()]
        if not texts:
            return
        area = _range(print_area.split(",")[0].split("!")[-1]) if print_area else None
        if area is None:
            rows = [p[0] for p, _ in texts]
            columns = [p[1] for p, _ in texts]
            area = (min(rows), min(columns), max(rows), max(columns))
        top, left, bottom, right = area
        sizes = Counter(self.styles.font(c.style)[0] for p, c in texts
                        if top <= p[0] <= bottom and left <= p[1] <= right)
        if not sizes:
            return
        typical = sizes.most_common(1)[0][0]
        scale, paper = _print_scale(root, area)
        if typical * scale < _MIN_PRINT_SIZE:
            self.out.add("xlsx.print-size", where, m.small_print(f"{typical * scale:.1f}", paper))

    def _hyperlinks(self, root: Element, cells: dict[tuple[int, int], _Cell],
                    rels: dict[str, Relationship], where: str) -> None:
        for link in root.findall(f"{S}hyperlinks/{S}hyperlink"):
            position = _ref(link.get("ref", "").split(":")[0])
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
                    self.out.add("xlsx.link-text", f"{where}, cell {_cells([position])}",
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


def _print_scale(root: Element, area: tuple[int, int, int, int]) -> tuple[float, str]:
    """How much printing shrinks the sheet, and the paper it goes on."""
    setup = root.find(S + "pageSetup")
    paper_code = int(setup.get("paperSize", "9")) if setup is not None else 9
    paper, width, height = _PAPER.get(paper_code, _PAPER[9])
    landscape = setup is not None and setup.get("orientation") == "landscape"
    if landscape:
        width, height = height, width
    margins = root.find(S + "pageMargins")

    def margin(side: str, default: float) -> float:
        return float(margins.get(side, default)) * 72 if margins is not None else default * 72

    printable_w = width - margin("left", 0.7) - margin("right", 0.7)
    printable_h = height - margin("top", 0.75) - margin("bottom", 0.75)
    top, left, bottom, right = area
    fmt = root.find(S + "sheetFormatPr")
    default_width = float(fmt.get("defaultColWidth", 0) or 0) if fmt is not None else 0.0
    if not default_width:
        base = float(fmt.get("baseColWidth", 8)) if fmt is not None else 8.0
        default_width = base + 0.71
    widths = dict.fromkeys(range(left, right + 1), default_width)
    for col in root.findall(f"{S}cols/{S}col"):
        for number in range(int(col.get("min", "1")), int(col.get("max", "1")) + 1):
            if number in widths:
                hidden = col.get("hidden") in ("1", "true")
                widths[number] = 0.0 if hidden else float(col.get("width", default_width))
    total_w = sum((w * 7 + 5) * 0.75 for w in widths.values() if w)
    default_height = float(fmt.get("defaultRowHeight", 15)) if fmt is not None else 15.0
    heights = dict.fromkeys(range(top, bottom + 1), default_height)
    data = root.find(S + "sheetData")
    for row in [] if data is None else data.findall(S + "row"):
        number = int(row.get("r", "0"))
        if number in heights:
            heights[number] = 0.0 if row.get("hidden") in ("1", "true") else float(
                row.get("ht", default_height))
    total_h = sum(heights.values())
    page_setup_pr = root.find(f"{S}sheetPr/{S}pageSetUpPr")
    fit = page_setup_pr is not None and page_setup_pr.get("fitToPage") in ("1", "true")
    if fit:
        scale = 1.0
        pages_wide = int(setup.get("fitToWidth", "1")) if setup is not None else 1
        pages_tall = int(setup.get("fitToHeight", "1")) if setup is not None else 1
        if pages_wide and total_w:
            scale = min(scale, printable_w * pages_wide / total_w)
        if pages_tall and total_h:
            scale = min(scale, printable_h * pages_tall / total_h)
        scale = max(scale, 0.1)
        how = f"{paper} {'landscape' if landscape else 'portrait'}, fitted to the page"
    else:
        scale = int(setup.get("scale", "100")) / 100 if setup is not None else 1.0
        how = f"{paper} {'landscape' if landscape else 'portrait'} at {scale:.0%}"
    return scale, how


def check_xlsx(package: Package) -> list[Finding]:
    out = Findings(package.path)
    _ExcelCheck(package, out).run()
    return out.items


def _title(package: Package) -> str:
    return package.core_properties().get("title", "")
