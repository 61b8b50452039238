"""Every file given to a merge, sorted by what it is: workbooks, saved e-mails, the rest.

Nothing found is ignored: what is not read is listed with the reason, so the
summary can account for every file the officer gave or put in a folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core import messages as m
from ..core.errors import ReturnError
from ..core.returns import Rejection, ReturnWorkbook
from ..workbooks.return_reader import read_return


@dataclass
class Gathered:
    """Every file given or found in a folder given, sorted by what it is."""

    files: list[Path] = field(default_factory=list)  # workbooks, read as returns
    messages: list[Path] = field(default_factory=list)  # saved e-mails, .eml and .msg
    passed: list[tuple[Path, str]] = field(default_factory=list)  # (file, why) for the summary
    rejected: list[Rejection] = field(default_factory=list)  # the wrong format, with the fix

    @property
    def skipped(self) -> list[str]:
        """One line each for the screen."""
        return [f"{path.name}: {why}" for path, why in self.passed]

    @property
    def inputs(self) -> list[Path]:
        return [*self.files, *self.messages]


def gather_returns(paths: Iterable[Path]) -> Gathered:
    """Every file named, and every file in the folders named, sorted by what it is.

    Nothing found is ignored: workbooks are read, saved e-mails opened, a
    file in the wrong format (.ods, .xls, .csv, ...) is listed with what it
    really is and how to fix it, Excel's and LibreOffice's lock files are
    passed over with a word (the return itself is open), and so are e-mail
    drafts never sent (those `send` writes beside each return: their workbook
    is the one issued, and read as a return it could replace the lead's).
    Only this tool's own files and the operating system's pass quietly.
    """
    from ..xlsx.filecheck import Kind, identify_file

    found = Gathered()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key in seen:
            return
        seen.add(key)
        kind = identify_file(path)
        if kind.kind == Kind.WORKBOOK:
            found.files.append(path)
        elif kind.kind == Kind.MESSAGE:
            found.messages.append(path)
        elif kind.kind == Kind.OPEN_LOCK:
            found.passed.append((path, m.LOCK_FILE_PASSED))
        elif kind.kind == Kind.DRAFT:
            found.passed.append((path, m.DRAFT_PASSED))
        elif kind.kind == Kind.REJECTED:
            found.rejected.append(Rejection(path, kind.reason, kind.advice))

    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file():
                    add(child)
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
