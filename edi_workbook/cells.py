"""Cell values in and out: the small rules every reader and writer shares."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

# Characters Excel cannot store in a cell (XML 1.0 forbids them).
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# ... and those plus "\r": text that needs cleaning before it is stored.
NEEDS_CLEANING = re.compile(r"[\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_PREFIXES = ("=", "+", "-", "@")
EXCEL_CELL_LIMIT = 32_767
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def clean(value: Any) -> Any:
    """One spelling of 'blank' and of numbers, whichever library read the cell.

    calamine gives "" for blanks and 3.0 for 3, openpyxl None and 3; text is
    stripped because trailing spaces are never meant.
    """
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def as_text(value: Any) -> str:
    """A cell as text: numbers without '.0', dates as ISO."""
    if isinstance(value, str):  # most cells: what clean() would give
        return value.strip()
    value = clean(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def strip_illegal(text: str) -> tuple[str, bool]:
    """Text without the control characters Excel refuses, and whether any went."""
    if ILLEGAL_CHARACTERS.search(text) is None:  # nearly always
        return text, False
    cleaned = ILLEGAL_CHARACTERS.sub("", text)
    return cleaned, cleaned != text


def looks_like_formula(text: Any) -> bool:
    return isinstance(text, str) and text.startswith(FORMULA_PREFIXES)


def safe_sheet_title(name: str, taken: set[str] | None = None) -> str:
    """A title Excel accepts: 31 characters, none of []:*?/\\, unique."""
    title = SHEET_TITLE_FORBIDDEN.sub(" ", name).strip().strip("'") or "Sheet"
    title = title[:31]
    taken = {t.casefold() for t in (taken or set())}
    candidate, n = title, 2
    while candidate.casefold() in taken:
        suffix = f" ({n})"
        candidate = title[: 31 - len(suffix)] + suffix
        n += 1
    return candidate


def safe_file_stem(name: str, limit: int = 80) -> str:
    """A file-name part that cannot leave its folder on any system."""
    stem = re.sub(r'[<>:"/\\|?*\x00-\x1f]', " ", name)
    stem = re.sub(r"\s+", " ", stem).strip(" .")
    if not stem or stem.upper() in {"CON", "PRN", "AUX", "NUL"} or re.fullmatch(
        r"(?i)(COM|LPT)\d", stem
    ):
        stem = f"_{stem}"
    return stem[:limit].rstrip(" .")


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`, renamed into place on success.

    A crash or error leaves the old file (or none) rather than half a file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    # mkstemp makes the file private (0600); outputs are shared like any document.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp_path, 0o666 & ~umask)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, path)
        except PermissionError:
            from .errors import OutputError
            from .messages import file_in_use

            raise OutputError(file_in_use(path.name)) from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
