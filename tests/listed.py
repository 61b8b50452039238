"""Reading a table the tool wrote, as dicts by header or as plain rows (shared by several
test modules)."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def sheet_rows(path: Path, sheet: str) -> list[dict]:
    """A sheet's table as dicts by header: the first row with three or more cells filled
    is the header (the summary's list sheets have a title and a line of words above)."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if sum(v is not None for v in r) >= 3)
    return [dict(zip(rows[head], r, strict=False)) for r in rows[head + 1:]
            if any(v is not None for v in r) and r[0] != "Nothing to show"]


def sheet_values(path: Path, name: str) -> list[list]:
    """A sheet's values, each row without its trailing blanks."""
    rows = []
    for row in openpyxl.load_workbook(path)[name].iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        rows.append(values)
    return rows
