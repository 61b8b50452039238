"""Big tables for xlsxwriter, written straight to the sheet's XML.

xlsxwriter spends about 8 µs on a cell: a cell object, a shared string, then
generic XML writing with an escape pass per attribute. The merged plan and the
summary's Changes sheet hold hundreds of thousands of cells, so that cost was
most of a merge. `BulkSheet` is an xlsxwriter worksheet that also takes whole
rows of plain values and writes them, at save time, as inline strings in one
pass. Everything else on the sheet (headers written the usual way, widths,
notes, validation, conditional formats, print setup) is xlsxwriter's own.

Excel, LibreOffice, openpyxl and python-calamine all read inline strings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

# Excel's own escapes: a control character is written _xHHHH_, and literal
# text of that shape gets its underscore escaped so it reads back unchanged.
_ESCAPED_LOOKALIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_NEEDS_CARE = re.compile(r"[\x00-\x08\x0b-\x1f&<>]|_x")


def _xml_text(text: str) -> str:
    """`text` as the body of a <t> element."""
    if _NEEDS_CARE.search(text) is None:  # nearly always: plain words
        return text
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in text:
        text = _ESCAPED_LOOKALIKE.sub(r"_x005F\1", text)
    return _CONTROL.sub(_control_escape, text)


def _control_escape(match: re.Match[str]) -> str:
    return f"_x{ord(match.group(0)):04X}_"


class BulkSheet(Worksheet):
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
        self._bulk[row] = (values, formats, height)
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
        for row in rows:
            if row > start:
                self._write_own_rows(start, row - 1)
            self._write_bulk_row(row)
            start = row + 1
        if start <= high:
            self._write_own_rows(start, high)
        self.dim_rowmin, self.dim_rowmax = low, high
        self._xml_end_tag("sheetData")

    def _write_own_rows(self, first: int, last: int) -> None:
        self.dim_rowmin, self.dim_rowmax = first, last
        self._write_rows()

    def _write_bulk_row(self, row: int) -> None:
        values, formats, height = self._bulk.pop(row)
        r = row + 1
        out = [f'<row r="{r}" ht="{height:g}" customHeight="1">' if height
               else f'<row r="{r}">']
        # One search for the whole row: most rows need no escaping at all.
        plain = _NEEDS_CARE.search(" ".join(v for v in values if isinstance(v, str))) is None
        for col, value in enumerate(values):
            fmt = formats[col] if col < len(formats) else None
            style = f' s="{fmt._get_xf_index()}"' if fmt is not None else ""
            if value is None or value == "":
                if style:
                    out.append(f'<c r="{_column(col)}{r}"{style}/>')
            elif isinstance(value, str):
                space = (' xml:space="preserve"'
                         if value[0].isspace() or value[-1].isspace() else "")
                out.append(f'<c r="{_column(col)}{r}"{style} t="inlineStr"><is><t{space}>'
                           f"{value if plain else _xml_text(value)}</t></is></c>")
            elif isinstance(value, bool):
                out.append(f'<c r="{_column(col)}{r}"{style} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (datetime, date)):
                serial = self._convert_date_time(value)
                out.append(f'<c r="{_column(col)}{r}"{style}><v>{serial:.16g}</v></c>')
            else:
                out.append(f'<c r="{_column(col)}{r}"{style}><v>{float(value):.16g}</v></c>')
        out.append("</row>")
        self.fh.write("".join(out))


_COLUMNS: list[str] = []


def _column(col: int) -> str:
    """Column letters, cached: the innermost loop asks for them once per cell."""
    try:
        return _COLUMNS[col]
    except IndexError:
        _COLUMNS.extend(xl_col_to_name(c) for c in range(len(_COLUMNS), col + 1))
        return _COLUMNS[col]
