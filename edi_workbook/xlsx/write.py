"""Writing .xlsx with xlsxwriter: one way to open a workbook and store a cell,
and a fast path where a merge is big (table rows and cell notes).

xlsxwriter spends about 8 µs on a cell: a cell object, a shared string, then
generic XML writing with an escape pass per attribute. The merged plan and the
summary's Changes sheet hold hundreds of thousands of cells, so that cost was
most of a merge. `BulkSheet` is an xlsxwriter worksheet that also takes whole
rows of plain values and writes them, at save time, as inline strings in one
pass. Everything else on the sheet (headers written the usual way, widths,
notes, validation, conditional formats, print setup) is xlsxwriter's own.

Excel, LibreOffice, openpyxl and python-calamine all read inline strings
(openpyxl alone does not undo Excel's _xHHHH_ escapes in them, so text
such as "_x000D_" reads back escaped there; Excel and calamine read it as typed).

`FastWorkbook` writes each cell note in one string rather than element by
element, and a big workbook is deflated at zlib's quickest level
(`QuickZip`). All three lean on xlsxwriter internals (setup.cfg pins the
minor version they were checked against); tests/test_xlsx.py compares what
they write, byte for byte, with xlsxwriter's own for the same cells and
notes, so a new xlsxwriter that changes what they rely on fails there first.
They write every table and every note: even a council's merge of 45 actions
spent a fifth of its time in xlsxwriter's cell by cell path.
"""

from __future__ import annotations

import gc
import math
import re
import types
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.comments import Comments, CommentType
from xlsxwriter.exceptions import FileCreateError, XlsxWriterException
from xlsxwriter.packager import Packager
from xlsxwriter.utility import _utf16_len
from xlsxwriter.vml import Vml
from xlsxwriter.worksheet import Worksheet

from ..core.cells import Formula, to_cell
from .refs import xl_col_to_name, xl_rowcol_to_cell

# Where the fast paths pay (medians of 5, one process, 14 columns of plan text):
# rows by BulkSheet vs xlsxwriter's cells, 100 rows 6 vs 17 ms, 200 rows 14 vs
# 34 ms, 500 rows 21 vs 73 ms; notes by FastWorkbook vs xlsxwriter, 200 notes 7
# vs 13 ms, 500 notes 16 vs 28 ms, 1,000 notes 26 vs 55 ms. A council's merge
# (45 actions) took 27 ms less with them than without, of 0.12 s: they are
# used from the first row and note (the thresholds stay for tests to compare).
BULK_FROM_ROWS = 0
FAST_NOTES_FROM = 0
# A smaller workbook deflates in milliseconds at any level: a return, which goes by
# e-mail, keeps zlib's default. The merge's outputs ask for the quick level whatever
# their size: a council's plan and summary took 7 ms to deflate at the default, 2 at 1.
QUICK_ZIP_FROM_ROWS = 200

# Excel's own escapes: a control character is written _xHHHH_, and literal
# text of that shape gets its underscore escaped so it reads back unchanged.
_ESCAPED_LOOKALIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
# U+FFFE and U+FFFF are not XML characters either: escaped the same way.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")
# What a text needs escaped, but for "_x" (looked for apart: a pattern with an
# alternative cannot skip ahead to the next candidate character, and was three
# times slower over a merge's megabytes of text).
_NEEDS_CARE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff&<>]")


def _plain(text: str) -> bool:
    """Whether `text` goes into XML as it is: nearly always, for plain words.

    Printable text (most rows: those without line ends) holds no control or
    non-character, so only "&<>" are looked for, each at memchr's speed, and "_x"
    only where there is an underscore: 1.1 µs for a row of 800 characters, where
    the regular expression and "_x" took 2.9.
    """
    if text.isprintable():
        return ("&" not in text and "<" not in text and ">" not in text
                and ("_" not in text or "_x" not in text))
    return _NEEDS_CARE.search(text) is None and ("_" not in text or "_x" not in text)


def _xml_text(text: str) -> str:
    """`text` as the body of a <t> element."""
    if _plain(text):
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text:
        text = _ESCAPED_LOOKALIKE.sub(r"_x005F\1", text)
    return _CONTROL.sub(_control_escape, text)


def _control_escape(match: re.Match[str]) -> str:
    return f"_x{ord(match.group(0)):04X}_"


class Sheet(Worksheet):
    """xlsxwriter's worksheet, without 30 ms of regular expressions a process.

    xlsxwriter rewrites new Excel functions in every formula with 29 regular
    expressions, compiled on first use: 30 ms of a small merge, for the
    conditional formats' formulas, which call no function and so have
    nothing to rewrite. tests/test_xlsx.py checks the XML is xlsxwriter's own.
    """

    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        if "(" in formula:
            return super()._prepare_formula(formula, expand_future_functions)
        return formula.removeprefix("{").removeprefix("=").removesuffix("}")

    def write_comment(self, *args: Any, **kwargs: Any) -> int:
        """xlsxwriter's write_comment, each note a copy of one made once for its options.

        xlsxwriter parses a note's options (its colour, its size) again for every note:
        a fifth of the cost of the thousands of notes a merge writes. A note placed by
        hand, or by a cell reference ("B3"), goes xlsxwriter's own way.
        """
        if (kwargs or not 3 <= len(args) <= 4 or type(args[0]) is not int
                or type(args[1]) is not int):
            return super().write_comment(*args, **kwargs)
        row, col, comment = args[:3]
        key = _note_key(args[3] if len(args) == 4 else None)
        if key is None:
            return super().write_comment(*args)
        if self._check_dimensions(row, col):
            return -1
        if _utf16_len(comment) > self.xls_strmax:
            return -2
        self.has_vml = True
        self.has_comments = True
        prototype = _NOTES.get(key)
        if prototype is None:
            prototype = _NOTES[key] = CommentType(0, 0, "", dict(key))
        note = object.__new__(CommentType)
        note.__dict__.update(prototype.__dict__)
        note.row, note.col, note.text, note.vertices = row, col, comment, []
        note.set_offsets(row, col)
        self.comments[row][col] = note
        return 0


class GrowingSheet(Sheet):
    """A worksheet whose rows' heights are where they start, not fixed.

    xlsxwriter marks every row given a height as custom, and a custom row keeps its
    height whatever is typed into it. Here the mark is left off: both programs open
    the row at its height, and Excel and LibreOffice grow it to fit the words a lead
    types (a protected sheet stops the lead from resizing it in LibreOffice).
    """

    def _xml_start_tag_unencoded(self, tag: str, attributes: Any = None) -> None:
        if tag == "row" and attributes:
            attributes = [a for a in attributes if a[0] != "customHeight"]
        super()._xml_start_tag_unencoded(tag, attributes or [])

    def _xml_empty_tag_unencoded(self, tag: str, attributes: Any = None) -> None:
        if tag == "row" and attributes:
            attributes = [a for a in attributes if a[0] != "customHeight"]
        super()._xml_empty_tag_unencoded(tag, attributes or [])


# A note's prototype by its options; options that place a note themselves are not here.
_NOTES: dict[tuple[Any, ...], CommentType] = {}
_PLACING = frozenset({"x_offset", "y_offset", "start_row", "start_col", "start_cell"})


def _note_key(options: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """Options as a key for their note's prototype; None when a note cannot share one."""
    if not options:
        return ()
    if _PLACING & options.keys():
        return None
    key = tuple(options.items())
    try:
        hash(key)
    except TypeError:
        return None
    return key


class BulkSheet(Sheet):
    """A worksheet that also holds rows of values, written fast when the file is saved.

    Rows added with `add_row` must not be touched by xlsxwriter's own cell
    methods or `set_row` (notes with `write_comment` are fine): each row is
    written exactly once, in row order, at save time.
    """

    def __init__(self) -> None:
        super().__init__()
        self._bulk: dict[int, tuple[Sequence[Any], Sequence[Any], float | None]] = {}

    def add_row(self, row: int, values: Sequence[Any], formats: Sequence[Any],
                height: float | None = None) -> None:
        """Values (str, int, float, date, datetime or None) from column A, each with its format.

        Text must already fit a cell (32,767 characters) and hold no
        characters XML forbids; callers cut or split it as they report.
        """
        # As set_row records it, in whole pixels: notes' boxes are anchored by row
        # heights, and the file says the height those pixels make in points.
        pixels = int(height * 4 / 3 + 0.5) if height else None
        self._bulk[row] = (values, formats, pixels)
        if pixels:
            self.row_sizes[row] = [pixels, False]
        self._check_dimensions(row, 0)
        self._check_dimensions(row, max(len(values) - 1, 0))

    # --- called by xlsxwriter while saving -----------------------------------

    def _write_sheet_data(self) -> None:
        if not self._bulk:
            super()._write_sheet_data()
            return
        self._xml_start_tag("sheetData")
        rows = sorted(self._bulk)
        low, high = self.dim_rowmin, self.dim_rowmax
        # xlsxwriter's own rows before, between and after ours, in row order.
        start = low
        tags: dict[tuple[Any, ...], list[tuple[str, str]]] = {}
        serials: dict[date | time | timedelta, float] = {}
        for row in rows:
            if row > start:
                self._write_own_rows(start, row - 1)
            self._write_bulk_row(row, tags, serials)
            start = row + 1
        if start <= high:
            self._write_own_rows(start, high)
        self.dim_rowmin, self.dim_rowmax = low, high
        self._xml_end_tag("sheetData")

    def _write_own_rows(self, first: int, last: int) -> None:
        self.dim_rowmin, self.dim_rowmax = first, last
        self._write_rows()

    def _write_bulk_row(self, row: int, tags: dict[tuple[Any, ...], list[tuple[str, str]]],
                        serials: dict[date | time | timedelta, float]) -> None:
        values, formats, pixels = self._bulk.pop(row)
        r = row + 1
        # A table's rows have a few combinations of formats: each one's tags are made once.
        key = (*formats, len(values))
        cells = tags.get(key)
        if cells is None:
            cells = tags[key] = _cell_tags(formats, len(values))
        out = [f'<row r="{r}" ht="{pixels * 0.75:.16g}" customHeight="1">' if pixels
               else f'<row r="{r}">']
        # One search for the whole row: most rows need no escaping at all.
        plain = _plain(" ".join([v for v in values if isinstance(v, str)]))
        for (tag, style), value in zip(cells, values, strict=True):
            kind = type(value)
            if kind is not str and isinstance(value, str):  # a StrEnum member: its text
                value, kind = str.__str__(value), str
            if kind is str and value:
                space = (' xml:space="preserve"'
                         if value[0].isspace() or value[-1].isspace() else "")
                out.append(f'{tag}{r}"{style} t="inlineStr"><is><t{space}>'
                           f"{value if plain else _xml_text(value)}</t></is></c>")
            elif value is None or value == "":
                if style:
                    out.append(f'{tag}{r}"{style}/>')
            elif kind is bool:
                out.append(f'{tag}{r}"{style} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (date, time, timedelta)):
                serial = serials.get(value)
                if serial is None:  # a plan's dates repeat: Due, Last updated
                    serial = serials[value] = self._convert_date_time(value)
                out.append(f'{tag}{r}"{style}><v>{serial:.16G}</v></c>')
            elif math.isfinite(value):
                out.append(f'{tag}{r}"{style}><v>{float(value):.16G}</v></c>')
            elif style:  # NaN and infinity have no cell value: blank, as xlsxwriter leaves them
                out.append(f'{tag}{r}"{style}/>')
        out.append("</row>")
        self.fh.write("".join(out))


def _cell_tags(formats: Sequence[Any], width: int) -> list[tuple[str, str]]:
    """Each column's cell tag up to its row number ('<c r="B') and its style (' s="3"')."""
    tags = []
    for col in range(width):
        fmt = formats[col] if col < len(formats) else None
        tags.append((f'<c r="{_column(col)}', f' s="{fmt._get_xf_index()}"' if fmt else ""))
    return tags


_COLUMNS: list[str] = []


def _column(col: int) -> str:
    """Column letters, cached: the innermost loop asks for them once per cell."""
    try:
        return _COLUMNS[col]
    except IndexError:
        _COLUMNS.extend(xl_col_to_name(c) for c in range(len(_COLUMNS), col + 1))
        return _COLUMNS[col]


# --- one way to open a workbook and store a cell -------------------------------

# No generic write() may ever turn "=..." into a formula, "1e5" into a number
# or an address into a link: user text is always stored as typed.
_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False}


@contextmanager
def new_workbook(path: Path, *, rows: int = 0, notes: int = 0,
                 quick_zip: bool = False) -> Iterator[Any]:
    """An xlsxwriter workbook for about `rows` table rows and `notes` cell notes.

    Saved when the block ends; an OSError while saving is raised as itself
    (xlsxwriter wraps it), and xlsxwriter's own errors as an OSError, so
    callers can say which file could not be written without knowing the library.
    A big one, or any with `quick_zip`, is deflated quickly (`QuickZip`).
    """
    quick = quick_zip or rows >= QUICK_ZIP_FROM_ROWS
    cls = _WORKBOOKS[notes >= FAST_NOTES_FROM, quick]
    wb = cls(str(path), {**_OPTIONS, "in_memory": in_memory(rows)})
    wb.worksheet_class = Sheet
    try:
        with no_collection():
            yield wb
            wb.close()
    except FileCreateError as exc:
        raise (exc.args[0] if exc.args and isinstance(exc.args[0], OSError)
               else OSError(str(exc))) from None
    except XlsxWriterException as exc:
        raise OSError(str(exc)) from None
    finally:
        if not wb.fileclosed:
            wb.fileclosed = True  # an error inside the block: nothing to save


def sheet_class(rows: int) -> type[Worksheet]:
    """BulkSheet for a table of BULK_FROM_ROWS rows or more, else xlsxwriter's own
    worksheet (less its formula rewriting)."""
    return BulkSheet if rows >= BULK_FROM_ROWS else Sheet


def write_cell(ws: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
    """One cell by the type `to_cell` gives it: text is always text, never a formula."""
    value = to_cell(value)
    if isinstance(value, Formula):  # an officer's own, in a column or sheet of theirs
        ws.write_formula(row, col, value.text, fmt, to_cell(value.shown))
    elif value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (date, time, timedelta)):
        ws.write_datetime(row, col, value, fmt)
    else:
        ws.write_number(row, col, value, fmt)


def write_row(ws: Any, row: int, values: Sequence[Any], formats: Sequence[Any],
              height: float | None = None, hidden: bool = False) -> None:
    """A row of `to_cell` values from column A, each with its format.

    On a BulkSheet the row goes to the fast path (unless it holds an officer's
    formula: then xlsxwriter writes it); elsewhere cell by cell. Either way the
    file holds the same values, formats and height.
    """
    if isinstance(ws, BulkSheet) and not hidden and Formula not in map(type, values):
        ws.add_row(row, values, formats, height)
        return
    for col, value in enumerate(values):
        write_cell(ws, row, col, value, formats[col] if col < len(formats) else None)
    if height or hidden:
        ws.set_row(row, height, None, {"hidden": True} if hidden else None)


def in_memory(rows: int) -> bool:
    """Whether xlsxwriter should build a workbook of `rows` table rows in memory.

    Its temporary file per part costs more than writing a small workbook
    (15 returns: 0.35 s -> 0.25 s); a national plan's tens of megabytes of
    XML are better kept off the heap.
    """
    return rows < 2_000


@contextmanager
def no_collection() -> Iterator[None]:
    """Cycle collection paused while writing (or a whole merge): nothing made here
    needs it sooner.

    After a merge the heap is large, and each collection the writer's
    allocations trigger walks all of it (0.35 s of a 10,000-action write).
    Cycles made meanwhile are collected once it is over.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- deflating a big workbook quickly ------------------------------------------
# zlib's default level spent ~0.25 s of a county's merge deflating its 27 MB of
# XML; level 1 takes a third of that for files about a third bigger (2.4 MB
# rather than 1.7 for the plan). A small workbook, such as a return that goes by
# e-mail, keeps the default: its few hundred KB deflate in milliseconds.
QUICK_ZIP_LEVEL = 1


class QuickZip(zipfile.ZipFile):
    """A zip that deflates at QUICK_ZIP_LEVEL unless told otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("compresslevel", QUICK_ZIP_LEVEL)
        super().__init__(*args, **kwargs)

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        # xlsxwriter hands each part built in memory over with a ZipInfo of its own,
        # whose level is unset: the zip's level applies, as it does to files it writes.
        super().writestr(zinfo_or_arcname, data, compress_type,
                         self.compresslevel if compresslevel is None else compresslevel)


# xlsxwriter's own Workbook._store_workbook, run against a copy of its module's names
# in which ZipFile is QuickZip: the method has no other way in, and nothing of
# xlsxwriter's is changed for anyone else. tests/test_xlsx.py checks the parts are
# the bytes xlsxwriter writes.
_store_quickly = types.FunctionType(
    xlsxwriter.workbook.Workbook._store_workbook.__code__,
    {**vars(xlsxwriter.workbook), "ZipFile": QuickZip}, "_store_workbook")


# --- notes, one string each --------------------------------------------------
# A merge leaves a note on every changed cell: 34,000 at 10,000 actions.
# xlsxwriter writes each note's XML element by element (about 40 µs a note,
# most of writing the plan), so these subclasses write the same bytes in one
# string per note; tests/test_writer.py compares them with xlsxwriter's own.

class FastWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter Workbook whose notes are written one string each (see above)."""

    def _get_packager(self) -> Packager:  # xlsxwriter's hook for its packager
        return _Packager()


class QuickWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter Workbook deflated quickly (see QuickZip)."""

    _store_workbook = _store_quickly


class QuickFastWorkbook(FastWorkbook):
    """FastWorkbook, deflated quickly."""

    _store_workbook = _store_quickly


# (notes >= FAST_NOTES_FROM, deflated quickly) -> the workbook class to use
_WORKBOOKS: dict[tuple[bool, bool], type[xlsxwriter.Workbook]] = {
    (False, False): xlsxwriter.Workbook, (True, False): FastWorkbook,
    (False, True): QuickWorkbook, (True, True): QuickFastWorkbook}


class _Packager(Packager):
    def _write_comment_files(self) -> None:
        index = 1
        for ws in self.workbook.worksheets():
            if ws.has_comments:
                comments = _Comments()
                comments._set_xml_writer(self._filename(f"xl/comments{index}.xml"))
                comments._assemble_xml_file(ws.comments_list)
                index += 1

    def _write_vml_files(self) -> None:
        sheets = self.workbook.worksheets()
        if any(ws.has_header_vml or ws.buttons_list for ws in sheets):
            super()._write_vml_files()  # pictures in headers, buttons: not ours
            return
        index = 1
        for ws in sheets:
            if ws.has_vml:
                vml = _Vml()
                vml._set_xml_writer(self._filename(f"xl/drawings/vmlDrawing{index}.vml"))
                vml._assemble_xml_file(ws.vml_data_id, ws.vml_shape_id, ws.comments_list)
                index += 1


class _Comments(Comments):
    def _write_comment(self, comment: Any, author_id: int) -> None:
        text = comment.text
        if not _plain(text):  # most notes need no escaping
            text = self._escape_control_characters(self._escape_data(text))
        raw = comment.text
        space = ' xml:space="preserve"' if raw[:1].isspace() or raw[-1:].isspace() else ""
        author = f' authorId="{author_id}"' if author_id != -1 else ""
        self.fh.write(
            f'<comment ref="{xl_rowcol_to_cell(comment.row, comment.col)}"{author}><text><r>'
            f'<rPr><sz val="{comment.font_size}"/><color indexed="81"/>'
            f'<rFont val="{comment.font_name}"/><family val="{comment.font_family}"/></rPr>'
            f"<t{space}>{text}</t></r></text></comment>")


class _Vml(Vml):
    def _write_comment_shape(self, shape_id: int, z_index: int, comment: Any) -> None:
        left, top, width, height = self._pixels_to_points(comment.vertices)
        col1, row1, x1, y1, col2, row2, x2, y2 = comment.vertices[:8]
        shown = "visible" if comment.is_visible else "hidden"
        self.fh.write(
            f'<v:shape id="_x0000_s{shape_id}" type="#_x0000_t202" style="position:absolute;'
            f"margin-left:{left:.15g}pt;margin-top:{top:.15g}pt;width:{width:.15g}pt;"
            f'height:{height:.15g}pt;z-index:{z_index};visibility:{shown}" '
            f'fillcolor="{comment.color._vml_rgb_hex_value()}" o:insetmode="auto">'
            '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
            '<div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note">'
            f"<x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{col1}, {x1}, {row1}, {y1}, "
            f"{col2}, {x2}, {row2}, {y2}</x:Anchor><x:AutoFill>False</x:AutoFill>"
            f"<x:Row>{comment.row}</x:Row><x:Column>{comment.col}</x:Column>"
            f"{'<x:Visible/>' if comment.is_visible else ''}</x:ClientData></v:shape>")
