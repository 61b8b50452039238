"""Free-text timescales ("June/July 2024", "Ongoing – Update ...") as dates.

Pure: no I/O, never raises on text. What it cannot read is `unclear`: a wrong
due date in a council's plan is worse than none, so this module never guesses.

How a text is read, in order:
1. Hedges ("TBC", "as required", "mid 2025", "?") make it unclear.
2. Every period it names (a date, month, month range, season, quarter,
   financial year or calendar year) is found and blotted out; a date-like
   fragment left behind ("June" with no year, "31/02/2024", "Q3 2024")
   makes the whole text unclear.
3. No period: `recurring` if it names a repeat ("By end of March annually",
   "every August", "quarterly", "six monthly"), `ongoing` if it says so
   ("Ongoing", "Annual update"), else unclear. A leftover month with no
   year is read only here.
4. A start word ("Start date", "From", "Starting", "onwards") marks which
   period is the start; the latest of the others is the due date.
5. Otherwise it is a deadline: due is the last day of the latest period named.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

DEADLINE = "deadline"
ONGOING = "ongoing"
START = "start"
RECURRING = "recurring"
UNCLEAR = "unclear"


@dataclass(frozen=True)
class Recurrence:
    """A repeat with no year: "each March" is (12, 3, None), "quarterly" (3, 3, None).

    Due in every month that is a multiple of `months` from `month` (1-12), on
    `day`, or on the month's last day when `day` is None. The next occurrence
    depends on the date it is asked for, so the parser never computes it.
    """

    months: int  # 1, 3, 6 or 12
    month: int
    day: int | None = None


@dataclass(frozen=True)
class Timescale:
    """A timescale as typed, and what it was read to mean (a deadline, ongoing, ...)."""

    text: str  # always the original text, verbatim
    kind: str  # DEADLINE, ONGOING, START, RECURRING or UNCLEAR
    start: date | None = None
    due: date | None = None
    recurrence: Recurrence | None = None  # set for RECURRING only


@dataclass(frozen=True)
class _Period:
    """A stretch of time the text names: starts use `first`, dues `last`."""

    first: date
    last: date
    at: int  # where it begins in the text, to tell "from X" from "by Y"
    ranged: bool  # "April - June 2025" names both of its ends


_MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = r"\b(" + _MONTH_NAMES + r")\b"
_YEAR = r"(\d{4}|\d{2})\b"
# A year after a month or season: "Sept. 2024", "Mar-25", "Oct '24".  A two-digit
# year must sit close, so "1 April - 30 June 2025" never reads "30" as 2030.
_THEN_YEAR = r"(?:[\s,.'/-]*(?=\d{4}\b)|[\s-]|\.\s?|\s?')" + _YEAR
_FY_WORD = r"(?:fy|financial year)"
# 2024/25, 2024-25, 2024 / 2025; a spaced dash before two digits is something else,
# as in "1 April 2024 - 30 June 2025".
_FY_SLASH = r"(?:\s*[/-]\s*(?=\d{4}\b)|[/-])"
_MONTH_TO = r"\s*(?:-|/|&|\bto\b|\btill\b|\buntil\b|\band\b|\bor\b)\s*"
_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_FLAGS = re.ASCII | re.IGNORECASE


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)


_UNSURE = _re(
    r"\b(?:tb[cad]|to be (?:confirmed|determined)|as (?:required|needed)|as and when"
    r"|n/a|unknown|early|mid|middle|late|(?:start|beginning) of|approx\w*|circa"
    r"|around|about|possibly|maybe|perhaps)\b|[?~]"  # "~March 2025" is approximate
)
_LEFTOVER = _re(
    _MONTH + r"|\b(?:spring|summer|autumn|winter|q[1-4]|h[12]|quarter|half|fy"
    r"|financial year)\b|[\d~]\s*[/.-]\s*\d|\d(?:st|nd|rd|th)\b"  # ~: a period read
    r"|\d\s*(?:days?|weeks?|months?|years?)\b"
)
_ONGOING = _re(
    r"\b(?:on-?\s?going|annual(?:ly)?|yearly|(?:every|each) year|continu\w*"
    r"|business as usual|bau|update to be provided)\b"
)
_START = _re(r"\b(?:start(?:s|ing|ed)?|from|commenc\w*|onwards?)\b")
# Repeats. Quarters and half years end with the financial year's: June,
# September, December, March. "Bi-annual" is left out: it means twice a year
# to some and every two years to others.
_EVERY_MONTHS = (
    (6, _re(r"\b(?:six|6)[\s-]*monthly\b|\bhalf[\s-]*yearly\b|\btwice\s+(?:a|per|each)\s+year\b"
            r"|\b(?:every|each)\s+(?:six|6)\s+months\b")),
    (3, _re(r"\bquarterly\b|\b(?:every|each)\s+(?:quarter|(?:three|3)\s+months)\b")),
    (1, _re(r"\bmonthly\b|\b(?:every|each)\s+month\b")),
)
_YEARLY = _re(r"\b(?:annual(?:ly)?|yearly|(?:every|each)\s+(?:year|" + _MONTH_NAMES + r"))\b")
_DAY_OF_MONTH = _re(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH)
# "Within six months of the new Council": counts from an event, so no date yet.
_RELATIVE = _re(r"\b(?:within|after|following|before|prior to|once)\b.*"
                r"\b(?:of|after|from|following)\b|\b(?:days?|weeks?|months?|years?)\s+(?:of|after|from|following)\b")


def _year(text: str) -> int:
    """Two-digit years are 20xx; anything outside 1900-2099 is not a plan's."""
    year = int(text) + (2000 if len(text) == 2 else 0)
    if not 1900 <= year <= 2099:
        raise ValueError(f"implausible year {text}")
    return year


_MONTH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun",
               "jul", "aug", "sep", "oct", "nov", "dec")


def _month(name: str) -> int:
    return _MONTH_ABBR.index(name[:3].lower()) + 1


def _span(y1: int, m1: int, y2: int, m2: int) -> tuple[date, date]:
    """From the first day of month m1 to the last day of month m2."""
    return date(y1, m1, 1), date(y2, m2, calendar.monthrange(y2, m2)[1])


def _day(day: str, month: int, year: str) -> tuple[date, date]:
    """One day; date() raises on 31/02/2024, which the caller reads as unclear."""
    d = date(_year(year), month, int(day))
    return d, d


def _fy(first: str, second: str) -> int:
    """The first calendar year of financial year "2024/25"; the second must follow."""
    year = _year(first)
    if _year(second) != year + 1:
        raise ValueError(f"not a financial year: {first}/{second}")
    return year


def _financial_year(first: str, second: str) -> tuple[date, date]:
    """1 April of the first year to 31 March of the second."""
    year = _fy(first, second)
    return _span(year, 4, year + 1, 3)


def _quarter(q: str, first: str, second: str) -> tuple[date, date]:
    """UK financial quarters: Q1 is Apr-Jun, Q4 is Jan-Mar of the second year."""
    year, n = _fy(first, second), int(q)
    if n == 4:
        return _span(year + 1, 1, year + 1, 3)
    return _span(year, 3 * n + 1, year, 3 * n + 3)


def _years_to(first: str, second: str) -> tuple[date, date]:
    """"2023 to 2024", as GOV.UK style writes a financial year: 1 April to 31 March when
    the years follow each other; several calendar years ("2023 to 2025") otherwise."""
    a, b = _year(first), _year(second)
    if b == a + 1:
        return _span(a, 4, b, 3)
    if b < a:
        raise ValueError(f"a range that ends before it starts: {first} to {second}")
    return _span(a, 1, b, 12)


def _month_range(m1: str, m2: str, y: str) -> tuple[date, date]:
    """A range that wraps the new year ("Nov - Jan 2025") starts the year before."""
    a, b, year = _month(m1), _month(m2), _year(y)
    return _span(year if a <= b else year - 1, a, year, b)


def _season(name: str, y: str) -> tuple[date, date]:
    """Meteorological seasons; winter 2024 runs Dec 2024 to Feb 2025."""
    m, year = _SEASON_MONTH[name.lower()], _year(y)
    if m == 12:
        return _span(year, 12, year + 1, 2)
    return _span(year, m, year, m + 2)


# Most specific first: each match is blotted out before the next pattern runs,
# so "2024-03-31" is never also read as the financial year "2024-03".
_Reader = Callable[..., tuple[date, date]]
_READERS: list[tuple[re.Pattern[str], _Reader, bool]] = [
    (_re(r"\b(\d{4})([/.-])(\d{1,2})\2(\d{1,2})\b"),  # ISO 2024-03-31
     lambda y, _, m, d: _day(d, int(m), y), False),
    (_re(r"\bq([1-4])\s*(?:of\s+)?(?:" + _FY_WORD + r"\s*)?" + _YEAR + _FY_SLASH + _YEAR),
     _quarter, False),
    # "Q3 2023 to 2024", "2023 to 2024": a financial year as GOV.UK style writes it.
    (_re(r"\bq([1-4])\s*(?:of\s+)?(?:" + _FY_WORD + r"\s*)?(\d{4})\s+to\s+(\d{4})\b"),
     _quarter, False),
    (_re(r"\b(?:" + _FY_WORD + r"\s*)?(\d{4})\s+to\s+(\d{4})\b"), _years_to, True),
    (_re(r"\b(?:" + _FY_WORD + r"\s*" + _YEAR + r"|(\d{4}))" + _FY_SLASH + _YEAR),
     lambda a, b, c: _financial_year(a or b, c), False),
    (_re(r"\b(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*" + _YEAR),  # 31/3/24, 31.03.2024
     lambda d, _, m, y: _day(d, int(m), y), False),
    (_re(r"\b(\d{1,2})\s*[/.-]\s*(\d{4})\b"),  # 10/2024
     lambda m, y: _span(_year(y), int(m), _year(y), int(m)), False),
    (_re(r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of\s+|\s+|-)" + _MONTH + _THEN_YEAR),
     lambda d, m, y: _day(d, _month(m), y), False),
    (_re(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?\b,?\s+(\d{4})\b"),  # March 31 2024
     lambda m, d, y: _day(d, _month(m), y), False),
    (_re(_MONTH + _MONTH_TO + _MONTH + _THEN_YEAR), _month_range, True),  # June/July 2024
    (_re(_MONTH + _THEN_YEAR),
     lambda m, y: _span(_year(y), _month(m), _year(y), _month(m)), False),
    (_re(r"\b(spring|summer|autumn|winter)" + _THEN_YEAR), _season, False),
    (_re(r"\b(20\d{2})\b"), lambda y: _span(int(y), 1, int(y), 12), False),  # 2025
]


def _periods(text: str) -> tuple[list[_Period], str]:
    """Every period the text names, in order, and the text with them blotted out."""
    found: list[_Period] = []
    for pattern, reader, ranged in _READERS:

        def blot(m: re.Match[str], reader: _Reader = reader, ranged: bool = ranged) -> str:
            first, last = reader(*m.groups())
            found.append(_Period(first, last, m.start(), ranged))
            return "~" * len(m.group())  # same length, so positions still line up

        text = pattern.sub(blot, text)
    return sorted(found, key=lambda p: p.at), text


def _normalise(raw: str) -> str:
    """One spelling of dashes, quotes and spaces; no trailing full stop."""
    text = raw.translate({0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-",
                          0x2212: "-", 0x2018: "'", 0x2019: "'"})
    return " ".join(text.split()).rstrip(". ")


def _read(text: str) -> tuple[str, date | None, date | None]:
    """(kind, start, due) for normalised text; may raise ValueError on bad dates."""
    if not text or _UNSURE.search(text):
        return UNCLEAR, None, None
    periods, rest = _periods(text)
    if not periods and _recurrence(text) is not None:
        return RECURRING, None, None
    if _LEFTOVER.search(rest):
        return UNCLEAR, None, None
    if not periods:
        return (ONGOING if _ONGOING.search(text) else UNCLEAR), None, None
    marker = _START.search(text)
    if marker is None:  # several dates: the whole deliverable is due at the latest
        return DEADLINE, None, max(p.last for p in periods)
    if marker.group().lower().startswith("onward"):  # "April 2024 onwards"
        candidates = [p for p in periods if p.at < marker.start()][-1:]
    else:  # "Start date April 2024", "From April 2024"
        candidates = [p for p in periods if p.at >= marker.end()][:1]
    if not candidates:
        return UNCLEAR, None, None
    begins = candidates[0]
    ends = [p.last for p in periods if p is not begins or p.ranged]
    if not ends:
        return START, begins.first, None
    if max(ends) < begins.first:
        return UNCLEAR, None, None
    return DEADLINE, begins.first, max(ends)


def _recurrence(text: str) -> Recurrence | None:
    """The repeat a text with no year names, or None.

    "By end of March annually", "31 August (annually)", "every August":
    yearly in that month (one month only). "Quarterly", "six monthly",
    "monthly": the ends of the financial year's quarters, halves or months.
    A bare "annually" is not a repeat here: it is `ongoing`, due at the
    plan's annual update.
    """
    if _RELATIVE.search(text):
        return None
    months = {_month(m.group(1)) for m in re.finditer(_MONTH, text, _FLAGS)}
    for every, pattern in _EVERY_MONTHS:
        if pattern.search(text):
            return Recurrence(every, 3 if every > 1 else 1) if not months else None
    if len(months) != 1 or not _YEARLY.search(text):
        return None
    month = months.pop()
    day = _DAY_OF_MONTH.search(text)
    if day is None:
        return Recurrence(12, month)
    number = int(day.group(1))
    if not 1 <= number <= calendar.monthrange(2024, month)[1]:  # 29 February is allowed
        return None
    return Recurrence(12, month, number)


def is_relative(text: str) -> bool:
    """Whether a timescale counts from an event ("within six months of the new Council")."""
    return bool(_RELATIVE.search(_normalise(text or "")))


def parse_timescale(text: object) -> Timescale:
    """Read a timescale cell; never raises, and keeps the text exactly as given."""
    if type(text) is not str:
        try:
            text = "" if text is None else str(text)
        except Exception:  # noqa: BLE001 - an object whose __str__ fails has no text to read
            return Timescale("", UNCLEAR)
    if len(text) <= _CACHED_TEXT:
        return _parse_text(text)
    return _parse_text.__wrapped__(text)


_CACHED_TEXT = 200  # plans repeat their timescales; longer text is rare


@functools.lru_cache(maxsize=4096)
def _parse_text(raw: str) -> Timescale:
    """A Timescale is frozen, so one answer can serve every cell with this text."""
    text = _normalise(raw)
    try:
        kind, start, due = _read(text)
    except (ValueError, OverflowError):  # an impossible date such as 31/02/2024
        kind, start, due = UNCLEAR, None, None
    if kind == RECURRING:
        return Timescale(raw, kind, recurrence=_recurrence(text))
    return Timescale(raw, kind, start, due)
