"""The merge command's work: read the plan and returns, merge, write both outputs together.

Data flows one way: read (plan, returns) -> merge -> flag -> write (merged
plan, summary). Inputs are never modified; every output is written to a
temporary file and renamed into place. The clock is read once, by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import messages as m
from ..core.errors import OutputError
from ..core.flags import FlagRules, flag_plan
from ..core.merge import MergeResult, merge_returns
from ..core.position import Position, boxes_of, position_of
from ..files import keep_backup, pending_path, replace_together, scratch_folder, writable
from ..workbooks.existing import SUMMARY, may_replace_document, may_replace_plan
from ..workbooks.plan_reader import read_plan
from ..xlsx.write import no_collection
from .gather import Gathered, gather_returns, read_returns
from .lock import hold_locks

if TYPE_CHECKING:  # the receipts' module loads only when receipts are asked for
    from ..core.receipts import Thread


@dataclass
class MergeOutcome:
    """What merge_files did: the result, and what it wrote, kept and passed over."""

    result: MergeResult
    skipped: list[str]
    output: Path | None  # None on a dry run
    summary: Path | None
    backup: Path | None = None  # the plan's own copy, when the merged plan replaced it
    # Every output replaced, and the copy kept of it first.
    backups: dict[Path, Path] = field(default_factory=dict)
    # A return that came in an e-mail -> its sender's name, address, the subject.
    senders: dict[Path, tuple[str, str, str]] = field(default_factory=dict)
    # Where the merged plan stands: what the summary, the About sheet and the receipts print.
    position: Position | None = None
    # A return that came in an e-mail -> that message, for a receipt in its thread.
    threads: dict[Path, Thread] = field(default_factory=dict)


def merge_files(
    plan_path: Path,
    return_paths: Iterable[Path],
    *,
    output: Path,
    summary: Path,
    as_of: date,
    template: Path | None = None,
    dry_run: bool = False,
    soon_days: int = 30,
    progress: Callable[[list[Path]], Iterable[Path]] | None = None,
    lock_wait: float = 0.0,
    now: datetime | None = None,
    replace: bool = False,
) -> MergeOutcome:
    """Merge returns into the plan and write the merged plan and the summary.

    The plan and outputs are locked from before the plan is read until the
    outputs are in place, so a second merge cannot work from a stale plan.
    `now` stamps History, notes and backups (the CLI passes the clock's time;
    left out, the start of the as-of day). An existing output is replaced only
    where nothing is lost by it (workbooks/existing.py), or with `replace`;
    a copy of whatever is replaced is kept first.
    """
    plan_path, output, summary = Path(plan_path), Path(output), Path(summary)
    now = (now or datetime.combine(as_of, time.min)).replace(microsecond=0)
    gathered = gather_returns(return_paths)
    check_outputs(plan_path, gathered.inputs, output, summary)  # before anything is read
    # Reading, merging and writing make hundreds of thousands of objects and next to
    # no cycles: the collector, walking an ever larger heap, cost 0.04 s of 1.6 at a county.
    with no_collection():
        if dry_run:
            return _merge(plan_path, gathered, None, None, as_of, now, template, soon_days,
                          progress)
        with hold_locks([plan_path, output, summary], wait=lock_wait):
            return _merge(plan_path, gathered, output, summary, as_of, now, template,
                          soon_days, progress, replace)


def check_outputs(plan: Path, inputs: Iterable[Path], output: Path, summary: Path) -> None:
    """Refuse outputs that would overwrite an input, before anything is read.

    The merged plan may replace its own plan (a backup is kept first); nothing
    may replace a return, and the summary may replace neither the plan nor
    the merged plan.
    """
    returns = {Path(p).resolve() for p in inputs}
    for target, option in ((output, "-o"), (summary, "--summary")):
        writable(target)  # a folder or a device is no output (before any lock is made)
        if target.resolve() in returns:
            raise OutputError(m.output_is_an_input(target.name, option))
    if summary.resolve() in (plan.resolve(), output.resolve()):
        raise OutputError(m.summary_overwrites_plan(summary.name))


def _merge(
    plan_path: Path,
    gathered: Gathered,
    output: Path | None,
    summary: Path | None,
    as_of: date,
    now: datetime,
    template: Path | None,
    soon_days: int,
    progress: Callable[[list[Path]], Iterable[Path]] | None,
    replace: bool = False,
) -> MergeOutcome:
    plan = read_plan(plan_path)
    own = {plan_path.resolve()}
    files = [p for p in gathered.files if p.resolve() not in own]
    returns, file_rejections = read_returns(progress(files) if progress else files)
    file_rejections += gathered.rejected
    senders: dict[Path, tuple[str, str, str]] = {}
    threads: dict[Path, Thread] = {}
    if gathered.messages:  # the e-mail libraries load only when e-mails came in
        from ..mail.inbox import read_messages

        with scratch_folder() as unpacked:  # gone even after a run that was killed
            mail = read_messages(gathered.messages, unpacked)
        returns += mail.returns
        file_rejections += mail.rejected
        senders, threads = mail.senders, mail.threads
    result = merge_returns(plan, returns, as_of, when=now, unread=file_rejections,
                           passed_over=gathered.passed, plan_path=plan_path)
    result.plan = flag_plan(result.plan, FlagRules(as_of, soon_days))
    # Worked out once, from the flags just set: the plan's Flag column and the position agree.
    position = position_of(result.plan, as_of, result=result, reflag=False)
    if output is None or summary is None:
        return MergeOutcome(result, gathered.skipped, None, None, senders=senders,
                            position=position, threads=threads)

    # Nothing a file already there holds is lost: refused, or a copy kept (with --replace).
    keep = [path for path, due in (
        (output, may_replace_plan(output, result.plan, source=plan_path,
                                  source_revision=plan.revision, replace=replace)),
        (summary, may_replace_document(summary, SUMMARY, replace=replace))) if due]
    backups = write_outputs(result, output, summary, template, keep=keep, now=now,
                            position=position)
    own = backups.get(output) if output.resolve() == plan_path.resolve() else None
    return MergeOutcome(result, gathered.skipped, output, summary, own, backups,
                        senders=senders, position=position, threads=threads)


def write_outputs(result: MergeResult, output: Path, summary: Path,
                  template: Path | None = None, keep: Iterable[Path] = (),
                  now: datetime | None = None,
                  position: Position | None = None) -> dict[Path, Path]:
    """The merged plan and the summary, put in place together or not at all.

    Both are written to temporary files first; only when both are whole are
    they renamed into place, and if either cannot be (open in Excel, say)
    neither is, so the plan is never merged without its round's summary.
    Each file in `keep` (an output about to be replaced) is copied first:
    output -> its copy. Both print `position` (by default worked out from the
    merged plan).
    """
    from ..workbooks.plan_writer import write_plan
    from ..workbooks.summary import write_summary

    if position is None:
        position = position_of(result.plan, result.as_of, result=result)
    pending = [pending_path(output), pending_path(summary)]
    try:
        write_plan(result.plan, pending[0], template=template, changed=result.changed_cells(),
                   position=position)
        try:
            write_summary(result, pending[1], position=position)
        except OutputError as exc:  # named as the officer knows it, not by its temporary name
            raise OutputError(str(exc).replace(str(pending[1]), str(summary))) from None
        stamp = (now or result.merged_at or datetime.min).strftime("%Y%m%d-%H%M%S")
        backups = {path: keep_backup(writable(path), stamp) for path in keep
                   if writable(path).exists()}
        replace_together([(pending[0], output), (pending[1], summary)])
        return backups
    finally:
        for path in pending:
            path.unlink(missing_ok=True)


def describe(result: MergeResult) -> str:
    """The merge's last line: clean, or what needs a person."""
    return describe_lines(result)[-1]


def describe_lines(result: MergeResult) -> list[str]:
    """The merge's last lines, from the position's boxes as the summary counts them: one
    when it merged cleanly; else the boxes, then what a person must look at."""
    boxes = boxes_of(result)
    totals = m.boxes_counted(boxes.applied, boxes.unchanged, boxes.conflict, boxes.rejected,
                             boxes.read)
    if not boxes.needs_a_person:
        return [m.merged_cleanly(totals)]
    return [m.merged_with(totals),
            m.needs_a_person(boxes.conflicts, boxes.conflict, boxes.files_refused,
                             boxes.problems - boxes.refused_lines)]
