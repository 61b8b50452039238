"""The year-end progress update as a committee reads it: Word (.docx) or Excel (.xlsx).

The report's content is built once by `core.report`; these writers only lay
it out. `write_report` picks the writer from the file's suffix.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..core import messages as m
from ..core.errors import OutputError, ReportError
from ..core.model import Plan
from ..files import atomic_output

REPORT_SUFFIXES = (".docx", ".xlsx")


def write_report(plan: Plan, path: Path, *, as_of: date | None = None,
                 template: Path | None = None, include: Sequence[str] = (),
                 next_plan: str | None = None) -> Path:
    """Write the progress update of `plan` to a .docx or .xlsx `path`, atomically.

    `as_of` (default today) is the "position as at" date; `template` is a Word
    document whose styles the .docx report uses.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise OutputError(m.report_suffix(path.name))
    if template is not None and suffix != ".docx":
        raise ReportError(m.TEMPLATE_NEEDS_DOCX)
    from ..core.report import build_report

    report = build_report(plan, as_of=as_of or date.today(), include=include,
                          next_plan=next_plan)
    if suffix == ".docx":
        from ..report.docx import load_template

        base = load_template(template)  # a bad template is named before anything is written
    try:
        with atomic_output(path) as tmp:
            if suffix == ".docx":
                _write_docx(report, tmp, base)
            else:
                _write_xlsx(report, tmp)
    except OSError as exc:
        raise OutputError(m.report_not_written(path, exc)) from None
    return path


def _write_docx(report: Any, path: Path, base: Any) -> None:
    from ..report.docx import write_docx

    write_docx(report, path, base)


def _write_xlsx(report: Any, path: Path) -> None:
    from ..report.xlsx import write_xlsx

    write_xlsx(report, path)
