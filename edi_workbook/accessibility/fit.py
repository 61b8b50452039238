"""Excel: does every cell's text show whole, on screen and on paper?

A program cannot print, but it can measure. Each cell's text is measured as
Excel lays it out (`xlsx.textfit`: the font's widths, 7 pixels a character of
column width, lines wrapped at spaces) against its column's width and its row's
height, and the sheet against its page:

- a word wider than its column, in a wrapped cell, is broken mid-word
  ("Communicatio / n") (xlsx.word-broken);
- wrapped text needing more lines than its row shows is cut off at the bottom,
  and unwrapped text wider than its column is cut off by the next cell when that
  cell holds something (xlsx.text-cut);
- a number or date wider than its column shows as "#####" (xlsx.hashes);
- a row far taller than its text leaves a gap on screen and on paper
  (xlsx.row-height, a tip);
- on paper, a column wider than the page, a row taller than it, or text running
  past the last printed column is cut off at the page's edge (xlsx.page-edge).

Decisions:
- Excel is the measure. LibreOffice gives a column a little more room per
  character, so what fits in Excel fits there too.
- A row written with a height is that tall: Excel keeps it, and so does
  LibreOffice when it is marked custom (as the writers mark it). A row written
  without one is grown to fit its wrapped text when the file opens, so it is not
  judged. A line counts as shown when three quarters of it is.
- Text in a font with no table in textfit (Calibri, Arial) is measured as
  Calibri, the narrower, and General numbers are not judged (Excel shows fewer
  decimals rather than "#####"): estimates that err towards saying nothing.
- Rotated text and "shrink to fit" cells are not judged.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol
from xml.etree.ElementTree import Element

from ..core import messages as m
from ..xlsx import numfmt, textfit
from ..xlsx.package import S
from ..xlsx.refs import column_index, column_letter
from ..xlsx.textfit import address_or_code
from .rules import Findings, cell_list, listing, number_list

# Paper sizes in points (width, height) by pageSetup@paperSize.
PAPER = {1: ("Letter", 612, 792), 5: ("Legal", 612, 1008), 8: ("A3", 842, 1191),
         9: ("A4", 595, 842), 11: ("A5", 420, 595)}
Bounds = tuple[int, int, int, int]  # first row, first column, last row, last column
Position = tuple[int, int]  # row, column
_SHOWN = 0.75  # a line counts as shown when this much of it is
# Excel keeps 5 pixels of a column clear; textfit keeps one more so that its writers
# err towards room to spare. The checks give the pixel back: they err towards quiet.
_EXCEL_PX = 1 / textfit.DIGIT_PX
BREAKS = re.compile(r"(?<=[-–])")  # Excel and LibreOffice also break a line after a hyphen
_TALL_GAP_LINES, _TALL_FACTOR = 4, 2.0  # a row this many lines and times taller is a gap
_WIDEST_EM = 2079 / 2048  # no letter of Calibri or Arial is wider ("@" in Arial)


@dataclass(frozen=True)
class Look:
    """What a cell's style does to the room its text takes."""

    size: float = textfit.DEFAULT_SIZE
    bold: bool = False
    wrap: bool = False
    horizontal: str = "general"
    turned: bool = False  # rotated or shrunk to fit: not judged
    number_format: str = numfmt.GENERAL
    font: textfit.Font = textfit.CALIBRI

    def px(self, text: str) -> float:
        return textfit.text_px(text, self.size, self.bold, self.font)

    def could_be_wider(self, word: str, room: float) -> bool:
        """Whether `word` might not fit `room` pixels: as wide as its letters could be."""
        return len(word) * self.size * _WIDEST_EM * textfit.DPI / 72 > room

    def lines(self, text: str, width: float) -> int:
        return textfit.line_count(text, width, self.size, self.bold, self.font)

    def wrapped(self, text: str, width: float) -> list[str]:
        return textfit.wrap(text, width, self.size, self.bold, self.font)


class Shown(Protocol):
    """A cell as the fit checks need it: what it shows, how, and whether it is a number."""

    text: str
    style: int  # index into the workbook's cell styles
    number: float | None  # a value Excel formats with the number format


class SheetLayout:
    """Column widths (characters), row heights (points) and merges of one sheet."""

    def __init__(self, root: Element) -> None:
        fmt = root.find(S + "sheetFormatPr")
        base = float(fmt.get("baseColWidth", "8") or 8) if fmt is not None else 8.0
        explicit = fmt.get("defaultColWidth") if fmt is not None else None
        # Excel's default column: the base width in digits plus 5 pixels of margin,
        # rounded up to a multiple of 8 pixels (64 pixels, "8.43", for the base of 8).
        self.default_width = (float(explicit) if explicit else
                              math.ceil((base * textfit.DIGIT_PX + 5) / 8) * 8
                              / textfit.DIGIT_PX)
        self.default_height = float(fmt.get("defaultRowHeight", "15") or 15) \
            if fmt is not None else 15.0
        self._cols: list[tuple[int, int, float]] = []
        for col in root.findall(f"{S}cols/{S}col"):
            hidden = col.get("hidden") in ("1", "true")
            width = 0.0 if hidden else float(col.get("width") or self.default_width)
            self._cols.append((int(col.get("min", "1")), int(col.get("max", "1")), width))
        self._widths: dict[int, float] = {}
        self.heights: dict[int, float] = {}  # rows given a height, hidden ones as 0
        data = root.find(S + "sheetData")
        number = 0
        for row in [] if data is None else data.findall(S + "row"):
            number = int(row.get("r", number + 1))
            if row.get("hidden") in ("1", "true"):
                self.heights[number] = 0.0
            elif row.get("ht"):
                self.heights[number] = float(row.get("ht") or 0)
        self.merged: dict[Position, Bounds] = {}
        for merge in root.findall(f"{S}mergeCells/{S}mergeCell"):
            bounds = bounds_of(merge.get("ref", ""))
            if bounds is not None:
                self.merged[(bounds[0], bounds[1])] = bounds

    def width(self, column: int) -> float:
        if column not in self._widths:
            self._widths[column] = next((w for low, high, w in self._cols
                                         if low <= column <= high), self.default_width)
        return self._widths[column]

    def height(self, row: int) -> float:
        return self.heights.get(row, self.default_height)

    def covered(self, position: Position) -> bool:
        """Inside a merged range but not its first cell: Excel shows nothing there."""
        row, column = position
        return any(top <= row <= bottom and left <= column <= right
                   and (row, column) != (top, left)
                   for top, left, bottom, right in self.merged.values())

    def room(self, position: Position) -> tuple[float, float]:
        """(width in characters, height in points) a cell's text has, merges included."""
        bounds = self.merged.get(position)
        if bounds is None:
            return self.width(position[1]), self.height(position[0])
        top, left, bottom, right = bounds
        return (sum(self.width(c) for c in range(left, right + 1)),
                sum(self.height(r) for r in range(top, bottom + 1)))


@dataclass(frozen=True)
class Page:
    """How a sheet prints: the paper, the room between its margins, and the scale."""

    how: str  # "A4 landscape, fitted to the page"
    width: float  # points between the margins
    height: float
    scale: float


def print_setup(root: Element, area: Bounds, layout: SheetLayout) -> Page:
    """How much printing shrinks the sheet, and the paper it goes on.

    Column widths here are Excel's printed widths (7 pixels a character plus 5 of
    margin), which err towards a smaller scale.
    """
    setup = root.find(S + "pageSetup")
    paper_code = int(setup.get("paperSize", "9")) if setup is not None else 9
    paper, width, height = PAPER.get(paper_code, PAPER[9])
    landscape = setup is not None and setup.get("orientation") == "landscape"
    if landscape:
        width, height = height, width
    margins = root.find(S + "pageMargins")

    def margin(side: str, default: float) -> float:
        return float(margins.get(side, default)) * 72 if margins is not None else default * 72

    printable_w = width - margin("left", 0.7) - margin("right", 0.7)
    printable_h = height - margin("top", 0.75) - margin("bottom", 0.75)
    top, left, bottom, right = area
    total_w = sum(column_points(layout.width(c)) for c in range(left, right + 1))
    total_h = sum(layout.height(r) for r in range(top, bottom + 1))
    page_setup_pr = root.find(f"{S}sheetPr/{S}pageSetUpPr")
    orientation = "landscape" if landscape else "portrait"
    if page_setup_pr is not None and page_setup_pr.get("fitToPage") in ("1", "true"):
        scale = 1.0
        pages_wide = int(setup.get("fitToWidth", "1")) if setup is not None else 1
        pages_tall = int(setup.get("fitToHeight", "1")) if setup is not None else 1
        if pages_wide and total_w:
            scale = min(scale, printable_w * pages_wide / total_w)
        if pages_tall and total_h:
            scale = min(scale, printable_h * pages_tall / total_h)
        scale = max(scale, 0.1)  # Excel's smallest
        how = f"{paper} {orientation}, fitted to the page"
    else:
        scale = int(setup.get("scale", "100")) / 100 if setup is not None else 1.0
        how = f"{paper} {orientation} at {scale:.0%}"
    return Page(how, printable_w, printable_h, scale)


def column_points(width: float) -> float:
    """A column's printed width: 7 pixels a character and 5 of margin, at 0.75 pt a pixel."""
    return (width * textfit.DIGIT_PX + 5) * 0.75 if width else 0.0


class FitCheck:
    """The fit checks of one worksheet; findings are added grouped, one per kind and place."""

    def __init__(self, out: Findings, where: str, layout: SheetLayout,
                 look: Callable[[int], Look], date1904: bool = False) -> None:
        self.out = out
        self.where = where
        self.layout = layout
        self.look = look
        self.date1904 = date1904
        self.broken: dict[int, list[tuple[Position, str, Look]]] = defaultdict(list)
        self.short_rows: list[tuple[Position, int, int]] = []
        self.next_cell: dict[int, list[Position]] = defaultdict(list)
        self.hashes: dict[int, list[tuple[Position, str, int]]] = defaultdict(list)
        self.past_area: list[Position] = []
        self.needed: dict[int, float] = {}  # row -> points its tallest text needs

    def run(self, cells: Mapping[Position, Shown], area: Bounds | None,
            page: Page | None, area_set: bool = False) -> None:
        """`area` is what prints: the print area when `area_set`, else the cells in use
        (text running past those is not judged: Excel may print it)."""
        for position, shown in cells.items():
            if shown.text.strip():
                self._cell(position, shown, cells, area if area_set else None)
        self._report()
        if area is not None and page is not None:
            self._page_edges(area, page, cells)

    # One cell.
    def _cell(self, position: Position, shown: Shown, cells: Mapping[Position, Shown],
              area: Bounds | None) -> None:
        width, height = self.layout.room(position)
        if not width or not height or self.layout.covered(position):
            return  # hidden, or under a merge
        width += _EXCEL_PX
        look = self.look(shown.style)
        if look.turned:
            return
        line = textfit.POINTS_PER_LINE * look.size / textfit.DEFAULT_SIZE
        row = position[0]
        if shown.number is not None:
            self._number(position, shown, look, width)
            self.needed[row] = max(self.needed.get(row, 0.0), line)
            return
        text = shown.text
        room = textfit.text_room_px(width)
        one_line = "\n" not in text and "\r" not in text
        px = look.px(text) if one_line else math.inf  # most cells: one measure
        if look.wrap or look.horizontal in ("justify", "distributed"):
            lines = 1 if px <= room else look.lines(text, width)
            self.needed[row] = max(self.needed.get(row, 0.0), lines * line)
            if px > room:
                words = [piece for w in text.split() if not address_or_code(w)
                         for piece in BREAKS.split(w) if look.could_be_wider(piece, room)]
                word = max(words, key=look.px, default="")
                if word and look.px(word) > room:
                    self.broken[position[1]].append((position, word, look))
            shows = math.floor(height / line + (1 - _SHOWN))
            if lines > shows and self._given(position):
                self.short_rows.append((position, lines, shows))
            return
        self.needed[row] = max(self.needed.get(row, 0.0), line)
        if height / line + (1 - _SHOWN) < 1 and self._given(position):
            self.short_rows.append((position, 1, 0))
        over = (px if one_line else look.px(text.replace("\r", "\n").split("\n")[0])) - room
        if over <= 0 or look.horizontal in ("fill", "centerContinuous"):
            return
        self._spill(position, over, look.horizontal, cells, area)

    def _extent(self, column: int, cells: Mapping[Position, Shown]) -> float:
        """Pixels the widest line of a column's text takes (wrapped text: at most the column)."""
        widest = 0.0
        room = textfit.text_room_px(self.layout.width(column) + _EXCEL_PX)
        for (_, at), shown in cells.items():
            if at != column or not shown.text.strip():
                continue
            look = self.look(shown.style)
            px = max(map(look.px, shown.text.replace("\r", "\n").split("\n")))
            widest = max(widest, min(px, room) if look.wrap else px)
        return widest

    def _given(self, position: Position) -> bool:
        """Whether the cell's rows were written with a height (others grow to fit)."""
        bounds = self.layout.merged.get(position)
        rows = range(bounds[0], bounds[2] + 1) if bounds else (position[0],)
        return all(r in self.layout.heights for r in rows)

    def _number(self, position: Position, shown: Shown, look: Look, width: float) -> None:
        if look.number_format.casefold() == "general" or shown.number is None:
            return
        text = _formatted(shown.number, look.number_format, self.date1904)
        px = look.px(text)
        if text and px > textfit.text_room_px(width):
            self.hashes[position[1]].append((position, text, _characters(px)))

    def _spill(self, position: Position, over: float, horizontal: str,
               cells: Mapping[Position, Shown], area: Bounds | None) -> None:
        """Unwrapped text wider than its cell runs on into empty neighbours, or is cut."""
        row, column = position
        sides = ((1, over / 2), (-1, over / 2)) if horizontal == "center" else \
            ((-1, over),) if horizontal == "right" else ((1, over),)
        for step, left_over in sides:
            at = column
            while left_over > 0:
                at += step
                if at < 1:
                    break
                neighbour = cells.get((row, at))
                if neighbour is not None and neighbour.text.strip():
                    self.next_cell[column].append(position)
                    return
                if area is not None and not area[1] <= at <= area[3]:
                    self.past_area.append(position)
                    return
                left_over -= textfit.column_px(self.layout.width(at))

    # Findings, grouped.
    def _report(self) -> None:
        for column, found in sorted(self.broken.items()):
            places = [p for p, _, _ in found]
            position, word, look = max(found, key=lambda f: f[2].px(f[1]))
            head, *rest = look.wrapped(word, self.layout.room(position)[0] + _EXCEL_PX)
            needed = _characters(look.px(word))
            self.out.add("xlsx.word-broken", f"{self.where}, {cell_list(places)}",
                         m.word_broken(word, f"{head} / {''.join(rest)}",
                                       column_letter(column), needed))
        if self.short_rows:
            places = [p for p, _, _ in self.short_rows]
            position, lines, shows = max(self.short_rows, key=lambda f: f[1] - f[2])
            self.out.add("xlsx.text-cut", f"{self.where}, {cell_list(places)}",
                         m.text_cut_by_row(cell_list([position]), lines, shows))
        for column, places in sorted(self.next_cell.items()):
            self.out.add("xlsx.text-cut", f"{self.where}, {cell_list(places)}",
                         m.text_cut_by_next_cell(column_letter(column)))
        for column, found in sorted(self.hashes.items()):
            places = [p for p, _, _ in found]
            _, text, needed = max(found, key=lambda f: f[2])
            self.out.add("xlsx.hashes", f"{self.where}, {cell_list(places)}",
                         m.shows_hashes(text, column_letter(column), needed))
        tall = [(row, height, self.needed[row]) for row, height in self.layout.heights.items()
                if row in self.needed and height > max(
                    self.needed[row] * _TALL_FACTOR,
                    self.needed[row] + _TALL_GAP_LINES * textfit.POINTS_PER_LINE)]
        if tall:
            row, height, needed = max(tall, key=lambda t: t[1] - t[2])
            rows = number_list(r for r, _, _ in tall)
            self.out.add("xlsx.row-height", f"{self.where}, rows {rows}",
                         m.rows_too_tall(row, f"{height:g}", f"{math.ceil(needed):g}"))

    def _page_edges(self, area: Bounds, page: Page, cells: Mapping[Position, Shown]) -> None:
        top, left, bottom, right = area
        wide = [c for c in range(left, right + 1)
                if column_points(self.layout.width(c)) * page.scale > page.width
                and self._extent(c, cells) * 0.75 * page.scale > page.width]
        if wide:
            self.out.add("xlsx.page-edge", f"{self.where}, column"
                         f"{'s' if len(wide) > 1 else ''} "
                         f"{listing([column_letter(c) for c in wide])}",
                         m.column_wider_than_page(page.how))
        tall = [r for r in range(top, bottom + 1) if r in self.layout.heights
                and self.layout.heights[r] * page.scale > page.height]
        if tall:
            self.out.add("xlsx.page-edge", f"{self.where}, rows {number_list(tall)}",
                         m.row_taller_than_page(page.how))
        if self.past_area:
            self.out.add("xlsx.page-edge", f"{self.where}, {cell_list(self.past_area)}",
                         m.text_past_print_area(column_letter(right)))


@functools.lru_cache(maxsize=1 << 12)
def _formatted(number: float, code: str, date1904: bool) -> str:
    """A value as its number format shows it, remembered: dates and counts recur."""
    return numfmt.format_value(number, code, date1904=date1904)


def _characters(px: float) -> int:
    """The column width, in characters, that gives `px` pixels of text room."""
    return math.ceil((px + textfit.CELL_PADDING_PX) / textfit.DIGIT_PX)


_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def position_of(ref: str) -> Position | None:
    """(row, column) of 'B7' or '$B$7'."""
    match = _CELL_REF.match(ref.strip().upper())
    return (int(match.group(2)), _column(match.group(1))) if match else None


@functools.lru_cache(maxsize=1 << 12)
def _column(letters: str) -> int:
    """Column letters to a number, remembered: every cell of a sheet asks."""
    return column_index(letters)


def bounds_of(text: str) -> Bounds | None:
    """(first row, first column, last row, last column) of 'A1:B2' or 'A1'."""
    first, _, last = text.replace("$", "").partition(":")
    start, end = position_of(first), position_of(last or first)
    if start is None or end is None:
        return None
    return start[0], start[1], end[0], end[1]
