"""Accessibility check for the .docx and .xlsx files the tool writes, and an officer's own.

A UK council must publish accessible documents (Public Sector Bodies Accessibility
Regulations 2018) and no maintained Python checker exists, so this is a small table
of the rules a program can verify, each with its source (RULES), and one function per
file kind. It reads the parts through `xlsx.package` (defusedxml): fast, and it judges the
file as Word and Excel will see it, not as python-docx or openpyxl rebuild it.

Decisions a rule's source leaves open (see also each rule's `note`):
- A sheet's data tables are its Excel tables and the range under its autofilter
  (the filter buttons sit on the header row). Cells outside them are layout (a
  title, an intro, a colour key) and are not judged for blank rows; a plain row
  of two or more words is still judged for colour (meaning.py).
- An empty cell inside a data table is not flagged on its own: an optional field
  can legitimately be empty. A wholly blank row, or a column with neither heading
  nor data, is spacing, and is flagged. In Word tables GOV.UK asks for no empty
  cells at all, so there each one is counted.
- Hidden sheets are noted, not checked: screen readers skip them.
- Word's text size: 12 pt for text (GOV.UK); table text may be 10 pt (a tip below
  12) so a data table fits A4 without breaking words, which hurts reading more.
- A fill or colour rule is judged only where it can carry meaning alone: a filled
  empty cell that stands out from its row, the same words in different colours
  with nothing else to tell them apart, or a conditional colour driven by a cell
  outside the coloured area, by blanks or by the date. Whether a colour's meaning
  is also in the words of a filled cell needs a person.
- What prints badly is measured, not printed (fit.py, with xlsx/textfit's fonts): text against
  its column and row in Excel's units, a sheet against its page, a Word table
  against its grid. Excel is the measure; estimates err towards saying nothing.
- How text is made to look in Word (wordlook.py): a paragraph made to look like a
  heading, long italics, block capitals, underlining outside links.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..core import messages as m
from ..core.errors import WorkbookError
from ..xlsx import filecheck
from ..xlsx.package import Package
from .docx import check_docx, check_docx_file
from .rules import LEVELS, RULES, Finding, count_levels
from .xlsx import check_xlsx

__all__ = ["LEVELS", "RULES", "Checked", "Finding", "Totals", "check_file", "check_paths",
           "count_levels"]

DOCUMENT_SUFFIXES = (".docx", ".xlsx")


def check_file(path: Path | str) -> list[Finding]:
    """Findings for one .docx or .xlsx, most serious first.

    Raises WorkbookError (what the file is and what to do) when it cannot be read.
    """
    path = Path(path)
    kind = _kind(path)
    if kind == "xlsx":
        filecheck.check_workbook_file(path)
    else:
        check_docx_file(path)
    with Package(path) as package:  # sizes are checked as it opens
        if kind == "docx" and package.find("word/document.xml") is None:
            raise WorkbookError(path, m.NOT_A_DOCX, m.SAVE_AS_DOCX)
        found = check_docx(package) if kind == "docx" else check_xlsx(package)
    return sorted(found, key=lambda f: LEVELS.index(f.level))


@dataclass
class Checked:
    """One file's findings, or the one line that says why it could not be checked."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    problem: str = ""

    def lines(self) -> list[str]:
        if self.problem:
            return [self.problem]
        return [f.line() for f in self.findings] or [f"{self.path}: {m.NOTHING_TO_FIX}"]


@dataclass
class Totals:
    """What a run of `check` found, added up: its last line and its exit status."""

    checked: int = 0
    unreadable: int = 0
    levels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))

    def add(self, result: Checked) -> None:
        if result.problem:
            self.unreadable += 1
            return
        self.checked += 1
        for level, count in count_levels(result.findings).items():
            self.levels[level] += count

    def line(self) -> str:
        return m.check_totals(self.checked, self.levels["error"], self.levels["warning"],
                              self.levels["tip"])

    def fails(self, strict: bool = False) -> bool:
        """An error, a file that could not be checked, or (strict) a warning; tips never."""
        return bool(self.unreadable or self.levels["error"]
                    or (strict and self.levels["warning"]))


def check_paths(paths: Iterable[Path | str]) -> Iterator[Checked]:
    """Check each file named, and every .docx and .xlsx in each folder named, in turn.

    One bad file never stops the rest: it gives its one line and the next is
    checked. A folder without documents says so.
    """
    for path in map(Path, paths):
        if not path.is_dir():
            yield _checked(path)
            continue
        inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in DOCUMENT_SUFFIXES
                        and not p.name.startswith("~$") and p.is_file())
        if not inside:
            yield Checked(path, problem=m.folder_has_no_documents(path))
        for found in inside:
            yield _checked(found)


def _checked(path: Path) -> Checked:
    try:
        return Checked(path, check_file(path))
    except WorkbookError as exc:
        return Checked(path, problem=exc.line())
    except RecursionError:  # elements nested hundreds deep: no real document is
        return Checked(path, problem=WorkbookError(path, m.NESTED_TOO_DEEP,
                                                   m.ASK_SENDER_AGAIN).line())


def _kind(path: Path) -> str:
    if not path.exists():
        raise WorkbookError(path, m.FILE_NOT_FOUND, m.CHECK_NAME_AND_FOLDER)
    if path.is_dir():
        raise WorkbookError(path, m.IS_A_FOLDER, m.NAME_THE_FILE)
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm"):
        return "docx"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    raise WorkbookError(path, m.NOT_DOCX_OR_XLSX, m.CHECK_DOCX_OR_XLSX)
