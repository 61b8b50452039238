"""The commands' work with files: gather returns, merge them, write the outputs.

Data flows one way: read (plan, returns) -> merge -> flag -> write (merged
plan, summary). Inputs are never modified; every output is written to a
temporary file and renamed into place.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import messages as m
from .cells import EXCEL_CELL_LIMIT, atomic_output
from .errors import EdiWorkbookError, OutputError, ReturnError
from .flags import FlagRules, flag_plan, flagged
from .lock import hold_locks
from .merge import MergeResult, merge_returns
from .reader import read_plan
from .returns import Rejection, ReturnWorkbook, read_return

LOCK_FILE_PREFIXES = ("~$", ".~lock.")  # Excel's and LibreOffice's owner files


@dataclass
class Gathered:
    files: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each, for the officer


def gather_returns(paths: Iterable[Path]) -> Gathered:
    """Files named, and the .xlsx files inside folders named, in a stable order.

    Lock files and other files found in folders are skipped with a word; a
    file named explicitly is always tried, so a bad one gets its own reason.
    """
    found = Gathered()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.name.startswith(LOCK_FILE_PREFIXES):
                    found.skipped.append(m.skipped_lock_file(child.name))
                elif child.is_dir() or child.name.startswith("."):
                    continue
                elif child.suffix.lower() != ".xlsx":
                    found.skipped.append(m.skipped_not_xlsx(child.name))
                else:
                    add(child)
        elif path.name.startswith(LOCK_FILE_PREFIXES):
            found.skipped.append(m.skipped_lock_file(path.name))
        else:
            add(path)
    return found


def read_returns(
    files: Iterable[Path],
) -> tuple[list[ReturnWorkbook], list[Rejection]]:
    """Every readable return, and one rejection per file that is not."""
    returns: list[ReturnWorkbook] = []
    rejected: list[Rejection] = []
    for path in files:
        try:
            returns.append(read_return(path))
        except ReturnError as exc:
            rejected.append(Rejection(Path(path), exc.reason, exc.advice, exc.sheet or "",
                                      exc.cell or ""))
    return returns, rejected


@dataclass
class MergeOutcome:
    result: MergeResult
    skipped: list[str]
    output: Path | None  # None on a dry run
    summary: Path | None
    backup: Path | None = None


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
) -> MergeOutcome:
    """Merge returns into the plan and write the merged plan and the summary.

    The plan and outputs are locked from before the plan is read until the
    outputs are in place, so a second merge cannot work from a stale plan.
    """
    plan_path, output, summary = Path(plan_path), Path(output), Path(summary)
    if summary.resolve() in (plan_path.resolve(), output.resolve()):
        raise OutputError(m.summary_overwrites_plan(summary.name))
    if dry_run:
        return _merge(plan_path, return_paths, None, None, as_of, template, soon_days,
                      progress)
    with hold_locks([plan_path, output, summary], wait=lock_wait):
        return _merge(plan_path, return_paths, output, summary, as_of, template, soon_days,
                      progress)


def _merge(
    plan_path: Path,
    return_paths: Iterable[Path],
    output: Path | None,
    summary: Path | None,
    as_of: date,
    template: Path | None,
    soon_days: int,
    progress: Callable[[list[Path]], Iterable[Path]] | None,
) -> MergeOutcome:
    plan = read_plan(plan_path)
    gathered = gather_returns(return_paths)
    own = {plan_path.resolve()} | {p.resolve() for p in (output, summary) if p}
    files = [p for p in gathered.files if p.resolve() not in own]
    returns, file_rejections = read_returns(progress(files) if progress else files)
    result = merge_returns(plan, returns, as_of, when=datetime.now().replace(microsecond=0))
    result.rejected[:0] = file_rejections
    result.rejected.extend(_overlong(result))
    result.plan = flag_plan(result.plan, FlagRules(as_of, soon_days))
    if output is None or summary is None:
        return MergeOutcome(result, gathered.skipped, None, None)

    backup = None
    if output.exists() and output.resolve() == plan_path.resolve():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = output.with_name(f"{output.stem}.backup-{stamp}{output.suffix}")
        shutil.copy2(output, backup)
    write_outputs(result, output, summary, template)
    return MergeOutcome(result, gathered.skipped, output, summary, backup)


# Below this many rows to write (plan rows, changes, conflicts), starting a
# second process costs more than it saves: at 60 actions / 15 returns a merge
# took 0.22 s in two processes and 0.18 s in one; at 2,000 / 60, 1.07 s and 1.50 s.
PARALLEL_FROM_ROWS = 2_000


def write_outputs(result: MergeResult, output: Path, summary: Path,
                  template: Path | None = None) -> None:
    """The merged plan, then the summary.

    They are independent and each takes seconds at national scale, so where
    the machine has a spare core and can fork, a child process writes the
    summary while this one writes the plan. Either way the order is the same:
    the summary is renamed into place only after the plan is, so a plan that
    cannot be written leaves the old summary, and a summary that cannot be
    written leaves the new plan and one line saying so.
    """
    from .summary import write_summary
    from .writer import CellNote, write_plan

    notes = {key: CellNote(text) for key, text in result.notes().items()}
    actions = flagged(result.plan)
    wait = None
    rows = len(result.plan.actions) + len(result.applied) + len(result.conflicts)
    with atomic_output(summary) as pending:
        if rows >= PARALLEL_FROM_ROWS and can_write_in_parallel():
            try:
                wait = _in_child(write_summary, result, pending, flagged=actions)
            except OSError:  # no fork to be had (out of processes or memory): one process
                wait = None
        try:
            write_plan(result.plan, output, template=template, notes=notes)
        finally:
            error = wait() if wait else None
            if error is not None:  # a child killed mid-write leaves its own temporary file
                for left in pending.parent.glob(f".{pending.stem}.*{pending.suffix}"):
                    left.unlink(missing_ok=True)
        if wait is None:
            try:
                write_summary(result, pending, flagged=actions)
            except OutputError as exc:
                error = exc
        if error is not None:  # named as the officer knows it, not by its temporary name
            raise OutputError(str(error).replace(str(pending), str(summary))) from None


def can_write_in_parallel() -> bool:
    """fork() is cheap and safe on Linux; elsewhere (Windows, macOS) one process is simpler.

    EDI_WORKBOOK_PROCESSES=1 keeps a merge to one process (a shared server); a
    daemon process (a multiprocessing pool's worker) may not start children.
    """
    if os.environ.get("EDI_WORKBOOK_PROCESSES", "").strip() == "1":
        return False
    if not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2:
        return False
    import multiprocessing

    return not multiprocessing.current_process().daemon


def _in_child(work: Callable[..., object], *args: object,
              **kwargs: object) -> Callable[[], EdiWorkbookError | None]:
    """Start `work` in a forked child; the function returned waits and gives its error."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def run() -> None:
        try:
            work(*args, **kwargs)
            send.send(None)
        except EdiWorkbookError as exc:
            send.send(str(exc))  # one line for the officer, whatever the class
        except BaseException as exc:  # noqa: BLE001 - reported in the parent, not lost
            send.send(m.summary_failed(f"{exc.__class__.__name__}: {exc}"))

    child = context.Process(target=run, daemon=True)
    child.start()
    send.close()

    def wait() -> EdiWorkbookError | None:
        try:
            said = receive.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            child.join()
            said = m.summary_failed(f"the writing process stopped with status {child.exitcode}")
        child.join()
        receive.close()
        return None if said is None else OutputError(said)

    return wait


def _overlong(result: MergeResult) -> list[Rejection]:
    """Merged text too long for one Excel cell: the plan shows the start only."""
    found = []
    index = result.plan.action_index()
    for change in result.applied:
        action = index[change.action_id]
        text = str(action.get(change.field))
        if len(text) > EXCEL_CELL_LIMIT:
            found.append(Rejection(
                change.source, m.too_long(len(text), EXCEL_CELL_LIMIT), m.WHOLE_TEXT_IN_CHANGES,
                action_id=change.action_id,
                field=change.field, cells=0, service=change.service))
    return found


def describe(result: MergeResult) -> str:
    """The merge's last line: clean, or what needs a person."""
    counts = result.counts()
    totals = (f"{counts['applied']} applied, {counts['unchanged']} unchanged,"
              f" {counts['conflict']} conflict(s), {counts['rejected']} rejected")
    if not result.needs_attention:
        return m.merged_cleanly(totals)
    files = sum(1 for r in result.rejected if not r.action_id and not r.field)
    parts = []
    if result.conflicts:
        parts.append(f"{len(result.conflicts)} conflict(s)")
    if result.rejected:
        parts.append(f"{len(result.rejected)} rejection(s)"
                     + (f" including {files} whole file(s)" if files else ""))
    return m.needs_a_person(" and ".join(parts), totals)
