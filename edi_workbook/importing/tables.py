"""A council's tracker as it keeps it: a CSV file or a workbook, read into a Source.

A tracker has title rows above its header, one or several sheets, sometimes
several tables on a sheet with a heading above each; the header row is found
by what its cells say (columns.is_header_row), never by its position.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import Any

from ..core import messages as m
from ..core.errors import WorkbookError
from ..core.limits import SOURCE_LIMITS, SourceLimits
from .source import CSV, XLSX, Section, Source, Table, blocks_from_rows

# Tried in order: what Excel's "CSV UTF-8" and plain "CSV" save on Windows.
_ENCODINGS = (("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1"))


def decode(data: bytes) -> tuple[str, str]:
    """Text of a CSV file, and the name of the encoding it was in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    for encoding, name in _ENCODINGS:
        try:
            return data.decode(encoding), name
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def read_csv(path: Path, limits: SourceLimits = SOURCE_LIMITS) -> Source:
    """The rows of a CSV file in any common encoding, comma, semicolon or tab separated.

    Its size is checked before it is read, and its rows and cells as they are
    (`core.limits.SourceLimits`): a file far past any plan is refused in one line.
    """
    path = Path(path)
    size = path.stat().st_size
    if size > limits.csv_bytes:
        raise WorkbookError(path, m.source_too_large(size, limits.csv_bytes), m.IMPORT_A_PART)
    text, encoding = decode(path.read_bytes())
    if not text.strip():
        raise WorkbookError(path, m.EMPTY_SOURCE, m.GIVE_A_HEADER_ROW)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = _csv_rows(path, text, dialect, limits)
    source = Source(path, CSV, sections=[Section("", blocks_from_rows(rows, ""))],
                    encoding=encoding)
    if not source.tables():
        raise WorkbookError(path, m.NO_ACTIONS_HEADER, m.GIVE_A_HEADER_ROW)
    return source


def _csv_rows(path: Path, text: str, dialect: Any, limits: SourceLimits) -> list[list[str]]:
    """Every row, checked for its count and its cells' lengths as it is read."""
    rows: list[list[str]] = []
    cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            if "field limit" in str(exc):  # longer than csv's own cap, 131,072
                raise WorkbookError(path, m.csv_cell_too_long(len(rows) + 1, limits.cell_chars),
                                    m.CLOSE_THE_QUOTE) from None
            raise WorkbookError(path, m.not_csv(str(exc)), m.SAVE_AS_CSV) from None
        if len(rows) >= limits.rows + 1:  # the header row, then the most rows read
            raise WorkbookError(path, m.source_too_many_rows(limits.rows), m.IMPORT_A_PART)
        if any(len(cell) > limits.cell_chars for cell in row):
            raise WorkbookError(path, m.csv_cell_too_long(len(rows) + 1, limits.cell_chars),
                                m.CLOSE_THE_QUOTE)
        cells += _width(row)
        _check_width(path, row, len(rows) + 1, cells, limits)
        rows.append(row)


def _width(row: list[Any]) -> int:
    """Cells up to the row's last filled one: what import works through."""
    width = len(row)
    while width and row[width - 1] in ("", None):
        width -= 1
    return width


def _check_width(path: Path, row: list[Any], number: int, cells: int,
                 limits: SourceLimits, sheet: str = "") -> None:
    if _width(row) > limits.columns:
        raise WorkbookError(path, m.source_too_wide(limits.columns, number, sheet),
                            m.IMPORT_A_PART)
    if cells > limits.cells:
        raise WorkbookError(path, m.source_too_many_cells(cells, limits.cells, sheet),
                            m.IMPORT_A_PART)


def read_workbook(path: Path, limits: SourceLimits = SOURCE_LIMITS) -> Source:
    """Every visible sheet: those with an actions table are read as tables, the
    others ("Key", "Instructions") kept as they are. A sheet of more rows than
    any plan has (`core.limits.SourceLimits`) is refused."""
    from ..core.schema import META_SHEET
    from ..workbooks.plan_reader import trim_rows
    from ..xlsx.values import load_sheets

    book = load_sheets(path, WorkbookError, merged=True)
    if META_SHEET in book.sheets and book.sheets[META_SHEET]:
        raise WorkbookError(path, m.ALREADY_A_PLAN, m.USE_THE_PLAN)
    source = Source(Path(path), XLSX)
    for name, rows in book.sheets.items():
        if name in book.hidden:
            continue
        if len(rows) > limits.rows + 1 and len(trim_rows(rows)) > limits.rows + 1:
            raise WorkbookError(path, m.source_too_many_rows(limits.rows, name),
                                m.IMPORT_A_PART)
        cells = 0
        for number, row in enumerate(rows, start=1):
            cells += _width(row)
            _check_width(path, row, number, cells, limits, name)
        rows = _fill_merged(rows, book.merged.get(name, []))
        blocks = blocks_from_rows(rows, f"sheet '{name}', ")
        if any(isinstance(b, Table) for b in blocks):
            source.sections.append(Section(name, blocks))
        elif any(v not in ("", None) for row in rows for v in row):
            source.sheets[name] = trim_rows(rows)
    if not source.tables():
        raise WorkbookError(path, m.NO_ACTIONS_HEADER, m.GIVE_A_HEADER_ROW)
    return source


def _fill_merged(rows: list[list[Any]], areas: list[Any]) -> list[list[Any]]:
    """A cell merged down a column holds its value in every row it covers.

    Merges across columns (a title, a heading row) stay in their first cell,
    so a heading row still reads as one cell.
    """
    rows = [list(r) for r in rows]
    for (top, left), (bottom, right) in areas:
        if left != right or top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top + 1, bottom + 1):
            while len(rows) <= r:
                rows.append([])
            while len(rows[r]) <= left:
                rows[r].append("")
            rows[r][left] = value
    return rows
