"""A plan from the document the council already keeps: Word, CSV or a tracker workbook.

Each reader turns its file into one shape (`source.Source`: texts and tables
in order) and one assembler (`assembly`) makes the plan from it, so every
format is read by the same rules.
"""

from __future__ import annotations

from pathlib import Path

from ..core import messages as m
from ..core.errors import WorkbookError
from ..core.limits import SOURCE_LIMITS
from ..core.model import Service, StatusList, period_bounds
from .assembly import Imported, ImportReport, assemble
from .source import Draft, Source

__all__ = ["ImportReport", "Imported", "import_source"]


def import_source(source: Path, *, title: str | None = None, organisation: str = "",
                  period: str | None = None, services: list[Service] | None = None,
                  columns: dict[str, str] | None = None,
                  statuses: StatusList | None = None) -> Imported:
    """The plan in a council's own document (.docx, .csv, .xlsx), and how it was read.

    The reader is chosen by the file's suffix; everything after reading is
    `assembly.assemble`'s. Raises WorkbookError for a file it cannot import and
    ValueError for a bad `period` (before anything is read).
    """
    source = Path(source)
    suffix = source.suffix.lower()
    if period is not None:
        period_bounds(period)  # a bad period fails before any reading
    read: Draft | Source
    if suffix == ".docx":
        from .word import read_docx

        _check_parts(source)
        read = read_docx(source)
    elif suffix == ".csv":
        from .tables import read_csv

        read = read_csv(source)
    elif suffix in (".xlsx", ".xlsm"):
        from .tables import read_workbook

        read = read_workbook(source)
    else:
        raise WorkbookError(source, m.cannot_import(suffix or m.NO_SUFFIX), m.IMPORT_WHAT)
    return assemble(source, read, title=title, organisation=organisation, period=period,
                    services=services, columns=columns, statuses=statuses)


def _check_parts(source: Path) -> None:
    """A Word plan's parts against the limits for sources, from the zip's directory alone.

    The document's text is parsed whole, so its XML parts are held to less than
    a workbook's (`core.limits.SourceLimits`); a file that is no zip at all is
    left for the Word reader to name.
    """
    from ..xlsx.package import Package

    try:
        with Package(source, error=WorkbookError, part_bytes=SOURCE_LIMITS.part_bytes,
                     xml_part_bytes=SOURCE_LIMITS.xml_part_bytes):
            pass
    except WorkbookError as exc:
        if exc.reason != m.DAMAGED:
            raise

