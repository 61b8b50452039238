"""What is already at an output's name, and whether writing over it would lose anything.

Every command that writes a file asks here first. An existing output is
replaced only where nothing is lost by it: an earlier revision of the same
plan, a later one whose every word the new one carries (core/replacing.py),
or a summary or report this tool wrote that nobody has saved since. Never a
later revision that holds more, another plan, or a file the tool did not
write, unless the officer says so (`replace`); whatever is replaced is backed
up first (`files.keep_backup`). A name that is no file at all (a folder, a
device) is refused whatever is asked (`files.writable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core import messages as m
from ..core.errors import OutputExists, WorkbookError
from ..core.model import Plan
from ..core.schema import IDENTITY_SHEET, META_SHEET
from ..files import writable

PLAN = "plan"
SUMMARY = "merge summary"
REPORT = "progress update"
RETURN = "return"
DRAFT = "e-mail draft"
OTHER = "other"

# The titles the tool's own documents carry (document properties).
SUMMARY_TITLE_END = ": merge summary"
REPORT_TITLE_END = ": progress update"


@dataclass(frozen=True)
class Existing:
    """A file already at an output's name, as far as the tool can tell what it is."""

    path: Path
    kind: str  # PLAN, SUMMARY, REPORT, RETURN, DRAFT or OTHER
    # Written by this tool and saved by nobody since: its document properties' created
    # and modified times are still the one time the tool stamped on both.
    untouched: bool = False
    plan_id: str = ""
    revision: int | None = None
    title: str = ""


def existing(path: Path) -> Existing | None:
    """What is at `path`: None when nothing is. Refuses a name that is not a file."""
    path = writable(path)
    if not path.exists():
        return None
    suffix = path.suffix.lower()
    if suffix == ".eml":
        head = path.read_bytes()[:65536]
        return Existing(path, DRAFT if b"\nX-Unsent: 1" in head or head.startswith(
            b"X-Unsent: 1") else OTHER)
    if suffix not in (".xlsx", ".docx"):
        return Existing(path, OTHER)
    from ..xlsx.package import Package

    try:
        with Package(path) as package:
            props = package.core_properties()
    except (WorkbookError, OSError):
        return Existing(path, OTHER)
    title = props.get("title", "")
    untouched = bool(props.get("created")) and props.get("created") == props.get("modified")
    if suffix == ".xlsx" and untouched:
        untouched = _zip_dates_unset(path)
    if suffix == ".docx":
        return Existing(path, REPORT if title.endswith(REPORT_TITLE_END) else OTHER, untouched,
                        title=title)
    return _workbook(path, title, untouched)


def _zip_dates_unset(path: Path) -> bool:
    """Whether every part of a workbook carries the zip's 'no date' (1980-01-01), as the
    tool's writer leaves them; openpyxl and LibreOffice stamp the time they saved at
    (Excel does not, but it moves the modified time on, which the caller checks)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            return all(info.date_time[:3] == (1980, 1, 1) for info in zf.infolist())
    except (zipfile.BadZipFile, OSError):
        return False


def _workbook(path: Path, title: str, untouched: bool) -> Existing:
    from ..xlsx.values import load_sheets

    try:
        book = load_sheets(path, only=(META_SHEET,))
    except (WorkbookError, OSError):
        return Existing(path, OTHER, title=title)
    if IDENTITY_SHEET in book.sheets:
        return Existing(path, RETURN, untouched, title=title)
    meta = {str(r[0]): r[1] for r in book.sheets.get(META_SHEET, []) if len(r) >= 2 and r[0]}
    if meta.get("plan_id"):
        try:
            revision: int | None = int(float(str(meta.get("revision", ""))))
        except ValueError:
            revision = None
        return Existing(path, PLAN, untouched, str(meta["plan_id"]), revision, title)
    if title.endswith(SUMMARY_TITLE_END):
        return Existing(path, SUMMARY, untouched, title=title)
    if title.endswith(REPORT_TITLE_END):
        return Existing(path, REPORT, untouched, title=title)
    return Existing(path, OTHER, title=title)


def may_replace_plan(path: Path, plan: Plan, *, source: Path | None = None,
                     source_revision: int | None = None, replace: bool = False) -> bool:
    """Whether `plan` may be written at `path`, and so whether a backup is due (True when
    a file is there). Raises OutputExists, naming what would be lost, when it may not.

    `source` is the plan file it was made from and `source_revision` that plan's
    revision (None for a plan made afresh: new, import, rollover).
    """
    found = existing(path)
    if found is None:
        return False
    if replace or (source is not None and found.path.resolve() == Path(source).resolve()):
        return True
    name = Path(path).name
    if found.kind != PLAN:
        raise OutputExists(_not_a_plan(name, found))
    if found.plan_id != plan.plan_id or source_revision is None:
        raise OutputExists(m.output_is_another_plan(name, found.title, found.revision))
    if found.revision is not None and found.revision <= source_revision:
        return True  # an earlier (or the same) revision: the new one carries it on
    # A later revision: replaced only if the new plan carries all of it (the same merge
    # run again, or with more returns given).
    lost = _lost(found.path, plan)
    if not lost:
        return True
    source_name = Path(source).name if source is not None else "the plan"
    raise OutputExists(m.output_is_later(name, found.revision, source_name, source_revision,
                                         m.first_few(lost)))


def _lost(path: Path, plan: Plan) -> list[str]:
    """What of the plan at `path` writing `plan` over it would lose."""
    from ..core.replacing import lost_by_replacing
    from .plan_reader import read_plan

    try:
        return lost_by_replacing(read_plan(path), plan)
    except WorkbookError:
        return [m.UNREADABLE_OUTPUT]


def may_replace_document(path: Path, kind: str, *, replace: bool = False) -> bool:
    """Whether a summary or report (`kind`) may be written at `path`: over one of its own
    kind the tool wrote and nobody has saved since. True when a backup is due."""
    found = existing(path)
    if found is None:
        return False
    if replace:
        return True
    name = Path(path).name
    if found.kind == kind and found.untouched:
        return True
    if found.kind == kind:
        raise OutputExists(m.output_changed_since(name, kind))
    if found.kind == PLAN:
        raise OutputExists(m.output_is_another_plan(name, found.title, found.revision))
    raise OutputExists(_not_a_plan(name, found))


def may_replace_in_folder(path: Path) -> bool:
    """Whether send, chase or a receipt may write `path` in its folder: over a return or
    draft of its own nobody has changed (it writes them afresh), never over anything
    else, such as a lead's filled return saved there. True when a file is there."""
    found = existing(path)
    if found is None:
        return False
    if (found.kind == RETURN and found.untouched) or found.kind == DRAFT:
        return True
    raise OutputExists(m.folder_file_kept(str(path)))


def _not_a_plan(name: str, found: Existing) -> str:
    if found.kind == RETURN:
        return m.output_is_a_return(name)
    if found.kind in (SUMMARY, REPORT):
        return m.output_is_a_document(name, found.kind)
    return m.output_not_ours(name)
