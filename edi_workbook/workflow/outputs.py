"""The commands' single-file outputs (a plan, a progress update), written only where
nothing is lost by it, with a copy kept of whatever is replaced.

What may be replaced is decided in workbooks/existing.py; the merge's two
outputs go through workflow/merging.py, which also puts them in place together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from ..core.model import Plan
from ..files import keep_backup, writable
from ..workbooks.existing import REPORT, may_replace_document, may_replace_plan


def _stamp(now: datetime | None) -> str:
    return (now or datetime.min).strftime("%Y%m%d-%H%M%S")


def save_plan(plan: Plan, path: Path, *, template: Path | None = None,
              source: Path | None = None, source_revision: int | None = None,
              replace: bool = False, now: datetime | None = None) -> Path | None:
    """Write `plan` to `path`; the copy kept of a file it replaced, or None.

    `source` and `source_revision` name the plan file it was made from and its
    revision (None for a plan made afresh: new, import, rollover), so a later
    revision of the same plan is never written over (OutputExists) unless
    `replace`.
    """
    from ..workbooks.plan_writer import write_plan

    due = may_replace_plan(path, plan, source=source, source_revision=source_revision,
                           replace=replace)
    backup = keep_backup(writable(path), _stamp(now)) if due else None
    write_plan(plan, path, template=template)
    return backup


def save_report(plan: Plan, path: Path, *, as_of: date | None = None,
                template: Path | None = None, include: Sequence[str] = (),
                next_plan: str | None = None, replace: bool = False,
                now: datetime | None = None) -> Path | None:
    """The progress update (report.write_report), over an earlier one the tool wrote and
    nobody has changed since, never over a document of anyone's; the copy kept, or None."""
    from ..report import write_report

    due = may_replace_document(path, REPORT, replace=replace)
    backup = keep_backup(writable(path), _stamp(now)) if due else None
    write_report(plan, path, as_of=as_of, template=template, include=include,
                 next_plan=next_plan)
    return backup
