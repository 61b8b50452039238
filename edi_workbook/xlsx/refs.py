"""Cell and column references, computed one way: xlsxwriter's own helpers.

Writers count rows and columns from 0 (`xl_col_to_name`, `xl_rowcol_to_cell`);
the XML of a file numbers them from 1 as Excel shows them (`column_letter`,
`column_index`). Both go through the same library functions, so "AB" is
spelled the same wherever a reference is made or read.
"""

from __future__ import annotations

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell

__all__ = ["column_index", "column_letter", "xl_col_to_name", "xl_rowcol_to_cell"]


def column_letter(index: int) -> str:
    """1 -> "A", 28 -> "AB" (columns numbered as Excel shows them)."""
    return xl_col_to_name(index - 1)


MAX_LETTERS = 3  # "XFD", Excel's last column; a file may name columns past it


def column_index(letters: str | bytes) -> int:
    """"A" -> 1, "ab" -> 28; letters past Excel's last column ("XFDA", seen in hostile
    files) give a number past 16,384, capped where it only matters that it is far."""
    text = letters.decode("ascii", "replace") if isinstance(letters, bytes) else letters
    text = text.upper()
    if len(text) > MAX_LETTERS:
        return FAR_COLUMN if len(text) > 5 else (
            (column_index(text[:-MAX_LETTERS]) * 26**MAX_LETTERS)
            + column_index(text[-MAX_LETTERS:]))
    return xl_cell_to_rowcol(f"{text}1")[1] + 1 if text else 0


FAR_COLUMN = 26**5  # any column named with more than five letters
