"""What a cell holds: one definition, read (`from_cell`) and written (`to_cell`).

Every reader turns what its library gives into `from_cell`'s one spelling
(calamine gives "" for a blank and 3.0 for 3, openpyxl None and 3), and every
writer stores what `to_cell` gives. `as_text` is the text form the merge
compares and the model keeps. Pure: standard library only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

# Characters Excel cannot store in a cell (XML 1.0 forbids them).
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# ... and those plus "\r": text that needs cleaning before it is stored.
NEEDS_CLEANING = re.compile(r"[\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXCEL_CELL_LIMIT = 32_767
CUT_MARKER = " … [cut at Excel's cell limit: the whole text is in the summary's Changes sheet]"
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Formula:
    """A formula an officer typed in a column or sheet of their own: kept a formula.

    Never made from a return: what a lead types is always text.
    """

    text: str  # as typed, "=SUM(B2:B9)"
    shown: Any = ""  # the value it last showed, for readers that do not calculate


# What a writer may be handed as a cell's value, once through to_cell.
PLAIN_TYPES = frozenset({str, int, float, bool, date, datetime, time, timedelta, type(None),
                         Formula})


def folded(text: str) -> str:
    """A name as compared: any case, runs of spaces alike (a service, a header)."""
    return " ".join(text.split()).casefold()


def from_cell(value: Any) -> Any:
    """One spelling of a cell's value, whichever library read it.

    Blank is "", text is stripped (trailing spaces are never meant) with
    "\\n" line ends, whole floats are ints and a midnight datetime is a date.
    """
    kind = type(value)  # the usual kinds first, by their exact type: a big plan's History
    if kind is float:  # sheet alone is a hundred thousand numbers and dates
        if value.is_integer():
            return int(value)
        return value if math.isfinite(value) else ""
    if kind is int or kind is date:
        return value
    if isinstance(value, str):
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return value if math.isfinite(value) else ""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value


def as_text(value: Any) -> str:
    """A cell's value as text: numbers without '.0', dates as ISO, blank as ""."""
    kind = type(value)
    if kind is str and "\r" not in value:  # most cells: what from_cell would give
        return value.strip()
    if kind is int:  # then revisions and counts, and dates: as the steps below give them
        return str(value)
    if kind is date:
        return value.isoformat()
    value = from_cell(value)
    if isinstance(value, str):
        return value
    if isinstance(value, Formula):
        return as_text(value.shown)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_cell(value: Any) -> Any:
    """A value as a writer stores it: a plain type, text Excel can hold.

    Text loses the control characters Excel refuses, gets "\\n" line ends and
    is cut, with a marker saying where the whole text is, when longer than a
    cell holds (the merge reports it). Odd types become their text; NaN and
    infinity, which no cell can hold, become blank.
    """
    if isinstance(value, str):
        if type(value) is not str:  # a StrEnum member, say: its text
            value = str.__str__(value)
        if NEEDS_CLEANING.search(value):
            value = strip_illegal(value.replace("\r\n", "\n").replace("\r", "\n"))[0]
        if len(value) > EXCEL_CELL_LIMIT // 2 and excel_length(value) > EXCEL_CELL_LIMIT:
            value = cut_to(value, EXCEL_CELL_LIMIT - excel_length(CUT_MARKER)) + CUT_MARKER
        return value
    if value is None or isinstance(value, (bool, int, date, time, timedelta, Formula)):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return to_cell(float(value))
    return to_cell(str(value))


def to_cells(values: Sequence[Any]) -> Sequence[Any]:
    """`[to_cell(v) for v in values]`, with one look at the row when it needs nothing.

    Writers store hundreds of thousands of cells; nearly every row is plain
    text and numbers already (tests check this agrees with `to_cell`).
    """
    texts = []
    for v in values:
        kind = type(v)
        if kind is str:
            texts.append(v)
        elif (kind not in PLAIN_TYPES or (kind is float and not math.isfinite(v))
              or (kind is datetime and v.tzinfo is not None)):
            return [to_cell(v) for v in values]
    text = "".join(texts)
    # Printable text (no line ends: most rows) holds none of NEEDS_CLEANING's characters,
    # all of them control or non-characters: isprintable says so twice as fast.
    if len(text) > EXCEL_CELL_LIMIT // 2 or (not text.isprintable()
                                              and NEEDS_CLEANING.search(text) is not None):
        return [to_cell(v) for v in values]
    return values


_ILLEGAL_RUN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]+")


def strip_illegal(text: str) -> tuple[str, bool]:
    """Text without the control characters Excel refuses, and whether any went.

    Where one separated two words ("Bell\\x07here") a space takes its place,
    so the words are not glued together; elsewhere it simply goes.
    """
    if ILLEGAL_CHARACTERS.search(text) is None:  # nearly always
        return text, False

    def replace(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        return "" if before.isspace() or after.isspace() else " "

    return _ILLEGAL_RUN.sub(replace, text), True


def excel_length(text: str) -> int:
    """Length as Excel counts it: UTF-16 units, so an emoji counts twice."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def cut_to(text: str, units: int) -> str:
    """The longest start of `text` within `units` UTF-16 units, never half a character."""
    if excel_length(text) <= units:
        return text
    count = 0
    for i, ch in enumerate(text):
        count += 2 if ord(ch) > 0xFFFF else 1
        if count > units:
            return text[:i]
    return text


def split_for_cell(text: str, limit: int = EXCEL_CELL_LIMIT) -> list[str]:
    """`text` in pieces a cell can hold, which join back to `text` exactly.

    Excel counts UTF-16 units, so a character beyond the BMP (an emoji) counts
    twice; a piece never splits one.
    """
    if len(text) * 2 <= limit or len(text.encode("utf-16-le")) // 2 <= limit:
        return [text]
    pieces: list[str] = []
    start = units = 0
    for i, ch in enumerate(text):
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > limit:
            pieces.append(text[start:i])
            start, units = i, 0
        units += width
    pieces.append(text[start:])
    return pieces


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


# Names Windows keeps for devices, whatever follows them after a dot ("NUL.tar.xlsx"
# opens the NUL device too) or spaces: Microsoft's list ("Naming Files, Paths, and
# Namespaces"), with the superscript digits it names and the console's CONIN$ and CONOUT$.
WINDOWS_DEVICE = re.compile(r"(?i)(?:CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|(?:COM|LPT)[0-9¹²³])")
# What no file name may hold, on any system: Windows' reserved characters, every
# control character (C0, DEL, C1) and the marks that turn text right to left.
NOT_IN_FILE_NAMES = re.compile('[<>:"/\\\\|?*\x00-\x1f\x7f-\x9f\u061c\u200e\u200f'
                               '\u2028\u2029\u202a-\u202e\u2066-\u2069]')


def safe_file_stem(name: str, limit: int = 80) -> str:
    """A file-name part that cannot leave its folder, or name a device, on any system."""
    stem = NOT_IN_FILE_NAMES.sub(" ", name)
    stem = re.sub(r"\s+", " ", stem).strip(" .")
    stem = stem[:limit].rstrip(" .")
    if not stem or WINDOWS_DEVICE.fullmatch(stem.split(".", 1)[0].rstrip(" ")):
        stem = f"_{stem}"
    return stem
