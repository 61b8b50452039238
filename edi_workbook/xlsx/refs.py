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


def column_index(letters: str) -> int:
    """"A" -> 1, "ab" -> 28."""
    return xl_cell_to_rowcol(f"{letters.upper()}1")[1] + 1
