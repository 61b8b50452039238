"""What an .xlsx holds besides cell values, read straight from its XML parts.

python-calamine gives values and merged ranges only. To list everything a lead
typed (a note, a formula) and to keep what an officer added to the plan (notes,
formulas, column widths, hidden columns, filters), the rest is read here:
workbook.xml and its relationships for the sheet-to-part map, styles.xml for
number formats, each sheet's comments (and Excel 365's threaded comments), and
the sheet XML's own <cols>, <mergeCells> and <autoFilter>.

A plan of 10,000 actions is ~30 MB of sheet XML, nearly all of it <sheetData>.
So a sheet is split once: the small skeleton around <sheetData> is parsed
whole with defusedxml, and <sheetData> itself is only scanned with targeted
byte patterns (formulas, and the style of the cells asked for), never turned
into objects. `filecheck.check_workbook_file` is expected to have vetted the
file first (sizes, entity declarations); defusedxml is the second guard.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..core import messages as m
from ..core.errors import WorkbookError
from .builtin_formats import GENERAL, builtin_format
from .package import Package, Relationship
from .refs import column_index, column_letter

# Relationship types end the same in transitional and strict OOXML.
REL_WORKSHEET = "/worksheet"
REL_CHARTSHEET = "/chartsheet"
REL_DIALOGSHEET = "/dialogsheet"
REL_MACROSHEET = "/xlMacrosheet"
REL_STYLES = "/styles"
REL_COMMENTS = "/comments"
REL_THREADED_COMMENTS = "/threadedComment"
REL_PERSON = "/person"
SHEET_KINDS = {REL_WORKSHEET: "worksheet", REL_CHARTSHEET: "chartsheet",
               REL_DIALOGSHEET: "dialogsheet", REL_MACROSHEET: "macrosheet"}

_PREFIX = rb"(?:[A-Za-z_][\w.-]*:)?"
_SHEET_DATA = re.compile(rb"<(" + _PREFIX + rb")sheetData(?=[\s/>])([^>]*)>")
_CELL_OR_ROW = re.compile(rb"<" + _PREFIX + rb"(c|row)(?=[\s/>])([^>]*)>")
_CELL = re.compile(rb"<" + _PREFIX + rb"c(?=[\s/>])([^>]*)>")
_FORMULA = re.compile(rb"<(" + _PREFIX + rb")f(?=[\s/>])([^>]*)>")
_ATTR = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ATTR_R = re.compile(rb"""\sr\s*=\s*["']([^"']*)["']""")
_ATTR_S = re.compile(rb"""\ss\s*=\s*["']([0-9]*)["']""")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]+)")
_ENTITY = re.compile(rb"&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {b"amp": "&", b"lt": "<", b"gt": ">", b"quot": '"', b"apos": "'"}
MAX_COLUMN = 16_384
MAX_ROW = 1_048_576


# --- What is returned ----------------------------------------------------------

@dataclass(frozen=True)
class SheetEntry:
    """One sheet as workbook.xml lists it, with the zip part that holds it."""
    name: str
    part: str  # "xl/worksheets/sheet2.xml"; "" when the workbook names a missing part
    kind: str = "worksheet"  # or "chartsheet", "dialogsheet", "macrosheet"


@dataclass(frozen=True)
class Reply:
    """A reply in a threaded comment."""

    author: str
    text: str


@dataclass(frozen=True)
class Note:
    """A note on a cell (Excel's "comment"); a threaded comment keeps its replies."""
    cell: str
    text: str
    author: str = ""  # "" when not known (LibreOffice blanks it)
    replies: tuple[Reply, ...] = ()


@dataclass(frozen=True)
class Formula:
    """A cell's formula: `text` as the formula bar shows it, `stored` to write it back."""
    text: str  # "=XLOOKUP(A2,B:B,C:C)"
    stored: str  # "_xlfn.XLOOKUP(A2,B:B,C:C)": as in the file, without "="
    kind: str = "normal"  # "normal", "shared" (expanded for this cell), "array", "dataTable"
    ref: str = ""  # the range an array formula fills; a shared formula's whole range
    dynamic: bool = False  # an array formula of Excel 365 that spills, not one typed with
    # Ctrl+Shift+Enter (the cell carries cm=, pointing at xl/metadata.xml)


@dataclass(frozen=True)
class ColumnSpan:
    """One <col> element: columns first..last (1-based) share these settings."""
    first: int
    last: int
    width: float | None = None
    hidden: bool = False
    custom_width: bool = False
    style: int = 0

    def covers(self, column: int) -> bool:
        return self.first <= column <= self.last


@dataclass(frozen=True)
class FilterColumn:
    """The criteria on one column of an autofilter."""
    column: int  # 1-based sheet column
    kind: str  # "values", "custom", "top10", "dynamic", "colour", "icon"
    values: tuple[str, ...] = ()  # "values": the ticked items; dates as "2024", "2024-06", ...
    blank: bool = False  # "values": (Blanks) ticked too


@dataclass(frozen=True)
class AutoFilter:
    """A sheet's autofilter: its range and each filtered column."""

    ref: str
    columns: tuple[FilterColumn, ...] = ()


# --- Opening a workbook ----------------------------------------------------------

# Number formats by styles part: each return `send` wrote has the same one.
_FORMATS_SEEN: dict[bytes, tuple[str, ...]] = {}
_KEEP_FORMATS = 64


def open_parts(path: Path | str, error: type[WorkbookError] = WorkbookError,
               package: Package | None = None) -> WorkbookParts:
    """The workbook's parts, ready to read sheet by sheet; use it in a `with` block.

    A missing or unreadable required part (workbook.xml, a sheet) raises
    `error` with a reason and advice; missing optional parts (styles,
    comments, persons) read as empty. `package`: the file already open and
    vetted (`values.open_sheets`), read on rather than opened again; closing
    the parts closes it.
    """
    return WorkbookParts(Path(path), error, package)


class WorkbookParts:
    """An open .xlsx: the sheet list, styles and persons, and each sheet's parts on request."""

    def __init__(self, path: Path, error: type[WorkbookError] = WorkbookError,
                 package: Package | None = None) -> None:
        self.path = Path(path)
        damaged = (m.NOT_READABLE_XLSX, m.RESAVE_XLSX)
        if package is None:
            package = Package(self.path, error=error, damaged=damaged)
        else:  # from here on, refused as the parts' reader refuses
            package.error, package.damaged = error, damaged
        self._package = package
        try:
            self.workbook_part = self._package.main_part("xl/workbook.xml")
            root = self._package.xml(self.workbook_part)
            if root is None:
                raise error(self.path, m.NOT_READABLE_XLSX, m.RESAVE_XLSX)
            rels = self._package.rels(self.workbook_part)
            self.sheets = tuple(self._sheet_entries(root, rels))
            props = _first(root, "workbookPr")
            self.date1904 = props is not None and _true(props.get("date1904"))
            self._styles_part = next((r.target for r in rels.values()
                                      if not r.external and r.type.endswith(REL_STYLES)), "")
            self._person_parts = [r.target for r in rels.values()
                                  if not r.external and r.type.endswith(REL_PERSON)]
        except BaseException:
            self._package.close()
            raise
        self._formats: tuple[str, ...] | None = None
        self._persons: dict[str, str] | None = None

    def __enter__(self) -> WorkbookParts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._package.close()

    def sheet_names(self) -> list[str]:
        return [entry.name for entry in self.sheets]

    def entry(self, name: str) -> SheetEntry:
        """The sheet called `name` (Excel's names ignore case); KeyError if none."""
        for entry in self.sheets:
            if entry.name == name:
                return entry
        for entry in self.sheets:
            if entry.name.casefold() == name.casefold():
                return entry
        raise KeyError(name)

    def sheet(self, name: str) -> SheetParts:
        """One sheet's parts. Its XML is read once and kept, so the result outlives `close`."""
        entry = self.entry(name)
        data = self._package.take(entry.part) if entry.part else b""
        rels = self._package.rels(entry.part) if data else {}
        return SheetParts(entry, data, self._style_formats(), self._package.parse,
                          notes=self._notes(rels))

    def persons(self) -> dict[str, str]:
        """Threaded-comment person id -> display name (Excel 365's xl/persons part)."""
        if self._persons is None:
            self._persons = {}
            for part in self._person_parts:
                root = self._package.xml(part)
                for person in _all(root, "person"):
                    self._persons[person.get("id", "")] = person.get("displayName", "")
        return self._persons

    def _sheet_entries(self, root: Any, rels: dict[str, Relationship]) -> Iterator[SheetEntry]:
        for sheet in _all(root, "sheet"):
            rel = rels.get(_attr(sheet, "id"))
            target, kind = (rel.target, rel.type) if rel and not rel.external else ("", "")
            name = self._package.find(target) if target else None
            sheet_kind = next((k for suffix, k in SHEET_KINDS.items() if kind.endswith(suffix)),
                              "worksheet")
            yield SheetEntry(sheet.get("name", ""), name or "", sheet_kind)

    @property
    def package(self) -> Package:
        """The package the parts are read from: document properties, any part."""
        return self._package

    def part(self, name: str) -> bytes | None:
        """A part's bytes, its name in any case ("docProps/core.xml"); None when there is none."""
        return self._package.read(name) if self._package.find(name) else None

    def notes(self, name: str) -> dict[str, Note]:
        """The notes on the sheet called `name`, without reading the sheet itself."""
        entry = self.entry(name)
        return self._notes(self._package.rels(entry.part)) if entry.part else {}

    def _style_formats(self) -> tuple[str, ...]:
        """Format code of each cellXfs entry, in order: a cell's s= indexes it.

        Returns written by one `send` share one styles part: it is read once."""
        if self._formats is None:
            data = self._package.read(self._styles_part) if self._styles_part else b""
            known = _FORMATS_SEEN.get(data)
            if known is None:
                known = self._parse_formats(data)
                if len(_FORMATS_SEEN) >= _KEEP_FORMATS:
                    _FORMATS_SEEN.clear()
                _FORMATS_SEEN[data] = known
            self._formats = known
        return self._formats

    def _parse_formats(self, data: bytes) -> tuple[str, ...]:
        """Format code of each cellXfs entry of a styles part."""
        root = self._package.parse(data, self._styles_part) if data else None
        custom = {}
        for fmt in _all(root, "numFmt"):
            try:
                custom[int(fmt.get("numFmtId", ""))] = fmt.get("formatCode", GENERAL)
            except ValueError:
                continue
        formats = []
        xfs = _first(root, "cellXfs")
        for xf in _children(xfs, "xf"):
            try:
                number = int(xf.get("numFmtId", "0"))
            except ValueError:
                number = 0
            formats.append(custom.get(number) or builtin_format(number))
        return tuple(formats)

    def _notes(self, rels: dict[str, Relationship]) -> dict[str, Note]:
        notes: dict[str, Note] = {}
        threads: dict[str, Note] = {}
        for rel in rels.values():
            if rel.external:
                continue
            if rel.type.endswith(REL_COMMENTS):
                notes.update(_legacy_notes(self._package.xml(rel.target)))
            elif rel.type.endswith(REL_THREADED_COMMENTS):
                threads.update(_threaded_notes(self._package.xml(rel.target), self.persons()))
        for cell, thread in threads.items():
            notes[cell] = thread  # the legacy mirror says the same, less well
        return notes


# --- One sheet -------------------------------------------------------------------

class SheetParts:
    """One sheet: notes, merged ranges, columns and filter at once;
    formulas and number formats scanned from the sheet XML on request."""

    def __init__(self, entry: SheetEntry, data: bytes, formats: Sequence[str],
                 parse: Callable[[bytes, str], Any], *,
                 notes: dict[str, Note] | None = None) -> None:
        self.entry = entry
        self.name = entry.name
        self._data = data
        self._formats = formats
        self.notes: dict[str, Note] = notes or {}  # cell ref -> note, legacy and threaded
        self._formulas: dict[str, Formula] | None = None
        self._positions: list[tuple[int, str]] | None = None
        start, end = _sheet_data_span(data)
        self._start, self._end = start, end
        skeleton = parse(data[:start] + data[end:], entry.part) if data else None
        self.merged: tuple[str, ...] = tuple(
            c.get("ref", "") for c in _all(skeleton, "mergeCell") if c.get("ref"))
        self.columns: tuple[ColumnSpan, ...] = tuple(_columns(skeleton))
        found = _first(skeleton, "autoFilter")
        self.autofilter: AutoFilter | None = _autofilter(found) if found is not None else None

    def column(self, index: int) -> ColumnSpan | None:
        """The <col> settings of a 1-based column, or None when it has the defaults."""
        return next((span for span in self.columns if span.covers(index)), None)

    def has_formulas(self) -> bool:
        # A formula's tag is "<f" or "<x:f": nearly every sheet has neither string, and a
        # plain search for them is many times quicker than the pattern over the sheet.
        if self._data.find(b"<f", self._start, self._end) < 0 and \
                self._data.find(b":f", self._start, self._end) < 0:
            return False
        return bool(_FORMULA.search(self._data, self._start, self._end))

    def formulas(self) -> dict[str, Formula]:
        """Cell ref -> formula, shared formulas expanded to every cell they cover."""
        if self._formulas is None:
            self._formulas = self._scan_formulas()
        return self._formulas

    def number_formats(self, cells: Iterable[str]) -> dict[str, str]:
        """Cell ref -> the format code it shows its value with, for the cells asked.

        A cell the sheet does not hold is empty: General. Only the cell tags
        are scanned, and not at all when every style is General.
        """
        found = dict.fromkeys((ref if ref.isupper() and "$" not in ref else _normal_ref(ref)
                               for ref in cells), GENERAL)
        special = [str(i).encode() for i, code in enumerate(self._formats)
                   if code.casefold() != GENERAL.casefold()]
        if not found or not special or not self._data:
            return found
        for plain in (True, False):
            # Excel, LibreOffice, openpyxl and xlsxwriter all write ' s="4"': a literal
            # search for that is several times quicker than a pattern allowing s = '4'.
            seen = False
            for tag, attrs, style in self._styled_cells(tuple(special), plain):
                seen = True
                named = _ATTR_R.search(attrs)
                ref = named.group(1).decode("ascii", "replace").upper() if named is not None \
                    else self._ref_at(tag)
                if ref in found:
                    found[ref] = self._formats[style]
            if seen or self._data.find(b' s="', self._start, self._end) >= 0:
                break  # no other spelling in a file that uses this one
        return found

    def _styled_cells(self, styles: tuple[bytes, ...], plain: bool
                      ) -> Iterator[tuple[int, bytes, int]]:
        """(tag position, attributes, style) of each cell tag with one of `styles`."""
        data, start, end = self._data, self._start, self._end
        for match in _style_attribute(styles, plain).finditer(data, start, end):
            tag = data.rfind(b"<", start, match.start())
            cell = _CELL.match(data, tag) if tag >= 0 else None
            if cell is not None and cell.end() > match.start():  # not a row's style, not text
                yield tag, cell.group(1), int(match.group(1))

    # -- scanning <sheetData> ---------------------------------------------------------

    def _cells(self) -> Iterator[tuple[str, int, bytes]]:
        """(ref, position, attributes) of every cell tag; a cell without r= (allowed,
        rarely written) is placed after the one before it."""
        row = column = 0
        last: bytes | None = None  # the r= of the cell before, parsed only when needed
        for match in _CELL_OR_ROW.finditer(self._data, self._start, self._end):
            attrs = match.group(2)
            named = _ATTR_R.search(attrs)
            if match.group(1) == b"row":
                number = named.group(1) if named is not None else b""
                row = int(number) if number.isdigit() else row + 1
                column, last = 0, None
                continue
            if named is not None:
                last = named.group(1)
                yield last.decode("ascii", "replace").upper(), match.start(), attrs
                continue
            if last is not None:
                parsed = _split_ref(last.decode("ascii", "replace"))
                column, last = (parsed[1] if parsed else column), None
            column += 1
            yield f"{column_letter(column)}{max(row, 1)}", match.start(), attrs

    def _ref_at(self, position: int) -> str:
        """The ref of the cell whose tag starts at `position`."""
        if self._positions is None:
            self._positions = [(start, ref) for ref, start, _ in self._cells()]
        index = bisect_right(self._positions, (position, "\uffff")) - 1
        return self._positions[index][1] if index >= 0 else "A1"

    def _scan_formulas(self) -> dict[str, Formula]:
        data = self._data
        found: dict[str, Formula] = {}
        masters: dict[str, tuple[str, int, int, str]] = {}  # si -> (stored, row, col, ref)
        seen: dict[bytes, dict[str, str]] = {}  # a filled-down column repeats its attributes
        for match in _FORMULA.finditer(data, self._start, self._end):
            raw = match.group(2)
            attrs = seen.get(raw)
            if attrs is None:
                attrs = seen[raw] = _attrs(raw)
            self_closing = raw.rstrip().endswith(b"/")
            stored = ""
            if not self_closing:
                close = data.find(b"<", match.end(), self._end)
                stored = _unescape(data[match.end():close if close >= 0 else self._end])
            cell_start = data.rfind(b"<", self._start, match.start())
            cell = _CELL.match(data, cell_start) if cell_start >= 0 else None
            named = _ATTR_R.search(cell.group(1)) if cell else None
            ref = named.group(1).decode("ascii", "replace").upper() if named else \
                self._ref_at(cell_start)
            kind = attrs.get("t", "normal")
            span = attrs.get("ref", "")
            if kind == "shared":
                index = attrs.get("si", "")
                here = _split_ref(ref)
                if stored:  # the master, with its text and the range it covers
                    if span and here is not None:
                        masters[index] = (stored, here[0], here[1], span)
                elif index in masters and here is not None:
                    text, row, col, span = masters[index]
                    stored = shift_formula(text, here[0] - row, here[1] - col)
                else:
                    continue  # a cell before its master: Excel never writes one
            elif kind not in ("array", "dataTable"):
                kind = "normal"
            dynamic = kind == "array" and cell is not None and b"cm=" in cell.group(1)
            found[ref] = Formula(_shown(stored), stored, kind, span, dynamic)
        return found


@lru_cache(maxsize=64)
def _style_attribute(styles: tuple[bytes, ...], plain: bool) -> re.Pattern[bytes]:
    """An s= attribute naming one of `styles`: only those cells can show other than General."""
    choice = b"|".join(re.escape(style) for style in styles)
    if plain:
        return re.compile(rb' s="(' + choice + rb')"')
    return re.compile(rb"""\ss\s*=\s*["'](""" + choice + rb""")["']""")


# --- Formula references -----------------------------------------------------------

_REF_TOKEN = re.compile(
    r"""(?P<string>"(?:[^"]|"")*")"""
    r"""|(?P<sheet>'(?:[^']|'')*')"""
    r"""|(?P<bracket>\[)"""
    r"""|(?P<error>\#[A-Z0-9/]+[!?]?)"""
    r"""|(?<![A-Za-z0-9_.$])(?P<cols>\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3})(?![A-Za-z0-9_.(!\[])"""
    r"""|(?<![A-Za-z0-9_.$:])(?P<rows>\$?[0-9]{1,7}:\$?[0-9]{1,7})(?![A-Za-z0-9_.(])"""
    r"""|(?<![A-Za-z0-9_.$])(?P<cell>\$?[A-Za-z]{1,3}\$?[0-9]{1,7})(?![A-Za-z0-9_.(!\[])""")


def shift_formula(formula: str, rows: int, cols: int) -> str:
    """`formula` copied `rows` down and `cols` right, as Excel fills it: relative
    references move, $-anchored ones stay, one pushed off the sheet is #REF!."""
    if not rows and not cols:
        return formula
    out: list[str] = []
    for piece in _compile_formula(formula):
        if isinstance(piece, str):
            out.append(piece)
        elif len(piece) == 4:  # a cell: ($col, column, $row, row)
            col_abs, column, row_abs, row = piece
            column += 0 if col_abs else cols
            row += 0 if row_abs else rows
            if 1 <= column <= MAX_COLUMN and 1 <= row <= MAX_ROW:
                out.append(f"{col_abs}{column_letter(column)}{row_abs}{row}")
            else:
                out.append("#REF!")
        else:  # whole columns or rows: (is_column, $, first, $, last)
            is_column, first_abs, first, last_abs, last = piece
            step, limit = (cols, MAX_COLUMN) if is_column else (rows, MAX_ROW)
            ends = []
            for anchored, index in ((first_abs, first), (last_abs, last)):
                index += 0 if anchored else step
                if not 1 <= index <= limit:
                    ends = ["#REF!"]
                    break
                ends.append(anchored + (column_letter(index) if is_column else str(index)))
            out.append(":".join(ends))
    return "".join(out)


@lru_cache(maxsize=256)
def _compile_formula(formula: str) -> tuple[Any, ...]:
    """The formula as text pieces and references, so a shared formula's master is
    read once however many cells it fills."""
    pieces: list[Any] = []
    pos = 0
    while True:
        match = _REF_TOKEN.search(formula, pos)
        if match is None:
            pieces.append(formula[pos:])
            return tuple(pieces)
        pieces.append(formula[pos:match.start()])
        pos = match.end()
        kind, text = match.lastgroup, match.group()
        if kind == "bracket":
            pos = _bracket_end(formula, match.start())
            pieces.append(formula[match.start():pos])
        elif kind == "cell":
            cell = re.fullmatch(r"(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)", text)
            assert cell is not None
            column, row = column_index(cell.group(2)), int(cell.group(4))
            if column <= MAX_COLUMN and 1 <= row <= MAX_ROW:
                pieces.append((cell.group(1), column, cell.group(3), row))
            else:
                pieces.append(text)  # a name such as LOG10 or XYZ9999999, not a reference
        elif kind in ("cols", "rows"):
            first, last = text.split(":")
            is_column = kind == "cols"
            value = column_index if is_column else int
            pieces.append((is_column, "$" if first.startswith("$") else "",
                           value(first.lstrip("$")), "$" if last.startswith("$") else "",
                           value(last.lstrip("$"))))
        else:
            pieces.append(text)


def _bracket_end(text: str, start: int) -> int:
    depth = 0
    for index in range(start, len(text)):
        if text[index] == "[":
            depth += 1
        elif text[index] == "]":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def _split_ref(ref: str) -> tuple[int, int] | None:
    """(row, column) of "B7", 1-based; None if it is not a cell reference."""
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        return None
    return int(match.group(2)), column_index(match.group(1))


def _normal_ref(ref: str) -> str:
    return ref.replace("$", "").upper()


def _shown(stored: str) -> str:
    """What the formula bar shows: "=" and no _xlfn./_xlws. prefixes of newer functions."""
    text = re.sub(r"_xl(?:fn|ws|pm)\.", "", stored)
    return "=" + text


# --- Parsing helpers ----------------------------------------------------------------

def _sheet_data_span(data: bytes) -> tuple[int, int]:
    """Where <sheetData> starts and ends; (len, len) when the sheet has none."""
    match = _SHEET_DATA.search(data)
    if match is None:
        return len(data), len(data)
    if match.group(2).rstrip().endswith(b"/"):
        return match.start(), match.end()
    closing = b"</" + match.group(1) + b"sheetData>"
    end = data.rfind(closing)
    if end < match.end():
        return match.start(), len(data)  # cut short: the parse then says it is damaged
    return match.start(), end + len(closing)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _all(root: Any, name: str) -> Iterator[Any]:
    if root is None:
        return iter(())
    # `_local(el.tag) == name`, without splitting every tag of a plan's thousands of notes.
    suffix = "}" + name
    return (el for el in root.iter()
            if el.tag == name or (type(el.tag) is str and el.tag.endswith(suffix)))


def _first(root: Any, name: str) -> Any:
    return next(_all(root, name), None)


def _children(parent: Any, name: str) -> Iterator[Any]:
    if parent is None:
        return iter(())
    suffix = "}" + name  # as in `_all`
    return (el for el in parent
            if el.tag == name or (type(el.tag) is str and el.tag.endswith(suffix)))


def _attr(element: Any, name: str) -> str:
    """An attribute in any namespace (r:id in transitional or strict OOXML)."""
    for key, value in element.attrib.items():
        if key == name or key.endswith("}" + name):
            return value
    return ""


def _attrs(raw: bytes) -> dict[str, str]:
    found = {}
    for match in _ATTR.finditer(raw):
        key = match.group(1).decode("ascii", "replace").rsplit(":", 1)[-1]
        value = match.group(2) if match.group(2) is not None else match.group(3)
        found[key] = _unescape(value)
    return found


def _unescape(raw: bytes) -> str:
    def entity(match: re.Match[bytes]) -> str:
        name = match.group(1)
        if name.startswith(b"#x"):
            return chr(int(name[2:], 16))
        if name.startswith(b"#"):
            return chr(int(name[1:]))
        return _NAMED[name]

    if b"&" not in raw:
        return raw.decode("utf-8", "replace")
    return _ENTITY.sub(lambda m_: entity(m_).encode("utf-8"), raw).decode("utf-8", "replace")


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true")


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _text(element: Any) -> str:
    """A note's text: its runs' <t> joined, phonetic guides (<rPh>) left out."""
    if element is None:
        return ""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            name = _local(child.tag)
            if name == "rPh":
                continue
            if name == "t":
                parts.append(child.text or "")
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _legacy_notes(root: Any) -> dict[str, Note]:
    authors = [(a.text or "").strip() for a in _children(_first(root, "authors"), "author")]
    notes = {}
    for comment in _all(root, "comment"):
        ref = _normal_ref(comment.get("ref", ""))
        index = _int(comment.get("authorId"), -1)
        author = authors[index] if 0 <= index < len(authors) else ""
        if author.startswith("tc="):  # Excel 365's mirror of a threaded comment
            author = ""
        notes[ref] = Note(ref, _text(_first(comment, "text")), author)
    return notes


def _threaded_notes(root: Any, persons: dict[str, str]) -> dict[str, Note]:
    firsts: dict[str, tuple[str, str, str]] = {}  # id -> (ref, author, text)
    replies: dict[str, list[Reply]] = {}
    order: list[str] = []
    for comment in _all(root, "threadedComment"):
        author = persons.get(comment.get("personId", ""), "")
        text = _text_of_threaded(comment)
        parent = comment.get("parentId")
        if parent:
            replies.setdefault(parent, []).append(Reply(author, text))
        else:
            ident = comment.get("id", "")
            firsts[ident] = (_normal_ref(comment.get("ref", "")), author, text)
            order.append(ident)
    notes = {}
    for ident in order:
        ref, author, text = firsts[ident]
        notes[ref] = Note(ref, text, author, tuple(replies.get(ident, ())))
    return notes


def _text_of_threaded(comment: Any) -> str:
    found = next(_children(comment, "text"), None)
    return (found.text or "") if found is not None else ""


def _columns(root: Any) -> Iterator[ColumnSpan]:
    for col in _all(root, "col"):
        first = _int(col.get("min"), 0)
        last = _int(col.get("max"), first)
        if first < 1:
            continue
        yield ColumnSpan(first, max(last, first), _float(col.get("width")),
                         _true(col.get("hidden")), _true(col.get("customWidth")),
                         _int(col.get("style")))


def _autofilter(element: Any) -> AutoFilter:
    ref = element.get("ref", "")
    start = _split_ref(ref.split(":")[0].replace("$", "")) if ref else None
    first_column = start[1] if start else 1
    columns = []
    for column in _children(element, "filterColumn"):
        columns.append(_filter_column(column, first_column + _int(column.get("colId"))))
    return AutoFilter(ref, tuple(columns))


def _filter_column(column: Any, number: int) -> FilterColumn:
    for child in column:
        name = _local(child.tag)
        if name == "filters":
            values = [f.get("val", "") for f in _children(child, "filter")]
            for group in _children(child, "dateGroupItem"):
                parts = [group.get(k) for k in ("year", "month", "day", "hour", "minute",
                                                "second")]
                depth = {"year": 1, "month": 2, "day": 3, "hour": 4, "minute": 5,
                         "second": 6}.get(group.get("dateTimeGrouping", "year"), 1)
                shown = [p or "" for p in parts[:depth]]
                values.append("-".join([shown[0], *(s.zfill(2) for s in shown[1:])]))
            return FilterColumn(number, "values", tuple(values), _true(child.get("blank")))
        if name == "customFilters":
            return FilterColumn(number, "custom")
        kinds = {"top10": "top10", "dynamicFilter": "dynamic", "colorFilter": "colour",
                 "iconFilter": "icon"}
        if name in kinds:
            return FilterColumn(number, kinds[name])
    return FilterColumn(number, "values")

