"""Every sheet's values, read with python-calamine: the one fast reader of a workbook.

Ten times faster than openpyxl, and it never evaluates or expands anything in
the file. The file is vetted first (`filecheck`): zip bombs, entities and files
that are not workbooks are refused with one clear line before calamine sees them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import messages as m
from ..core.errors import PlanError, WorkbookError
from .filecheck import check_workbook_file, vet_workbook
from .package import Package

Rows = list[list[Any]]


@dataclass
class SheetSet:
    """Every sheet's values as rows (row 1 is index 0), in workbook order."""

    path: Path
    sheets: dict[str, Rows]
    hidden: set[str]
    # Merged areas per sheet, ((first row, first col), (last row, last col)), 0-based;
    # only when asked for (a tracker keeps one lead for several rows in one cell).
    merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = field(
        default_factory=dict)


def load_sheets(path: Path, error: type[WorkbookError] = PlanError,
                skip: Collection[str] = (), merged: bool = False,
                only: Collection[str] | None = None) -> SheetSet:
    """Read every sheet's values but those named in `skip` (or only those named in
    `only`), or raise `error` with one clear line. `hidden` names every hidden sheet,
    read or not, and `sheets` holds an empty list for each sheet not read."""
    path = Path(path)
    check_workbook_file(path, error)
    return _read_values(path, error, skip, merged, only)


@contextmanager
def open_sheets(path: Path, error: type[WorkbookError] = PlanError,
                skip: Collection[str] = (), merged: bool = False,
                only: Collection[str] | None = None) -> Iterator[tuple[SheetSet, Package]]:
    """`load_sheets`, with the package it vetted still open for what calamine does not
    give (`parts.open_parts(..., package=)`): the zip is opened and each sheet
    inflated once for the checks and the parts both. Closed at the end of the block."""
    path = Path(path)
    package = vet_workbook(path, error)
    try:
        yield _read_values(path, error, skip, merged, only), package
    finally:
        package.close()


def _read_values(path: Path, error: type[WorkbookError], skip: Collection[str],
                 merged: bool, only: Collection[str] | None) -> SheetSet:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        try:
            sheets = {}
            hidden = set()
            areas = {}
            for meta in wb.sheets_metadata:
                if meta.name in skip:
                    continue
                # "SheetVisibleEnum.Hidden": the enum's own name holds "Visible" too
                if str(meta.visible).rsplit(".", 1)[-1] != "Visible":
                    hidden.add(meta.name)
                if only is not None and meta.name not in only:
                    sheets[meta.name] = []
                    continue
                sheet = wb.get_sheet_by_name(meta.name)
                sheets[meta.name] = sheet.to_python(skip_empty_area=False)
                if merged:  # python-calamine 0.3 and later
                    areas[meta.name] = list(getattr(sheet, "merged_cell_ranges", None) or [])
        finally:
            wb.close()
    except WorkbookError:
        raise
    except Exception:  # calamine raises its own kinds, and ValueError, for bad files
        raise error(path, m.NOT_READABLE_XLSX, m.RESAVE_XLSX) from None
    return SheetSet(path, sheets, hidden, areas)
