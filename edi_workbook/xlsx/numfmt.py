"""A cell's value as Excel shows it, from its number format code. Pure: stdlib only.

A lead types 75%, "June 2024" or 01/06/2024; the file keeps 0.75, a date
serial and a format code, and every reader hands back the bare value. To merge
"values as the lead saw them" the code has to be applied again: this module is
that one rule, with UK Excel's answers (built-in format 14 is dd/mm/yyyy, the
built-in currency formats show £). `format_value` never raises: a code it
cannot read is shown as General, because a merge must not stop on a format.

What is left out on purpose: column width (General shows at most 11
characters, as in a standard-width cell; the '#' fill of a narrow column is
never shown), colours and the padding Excel adds to line up columns (`_x`,
`*x`, '?'), which would only add spaces to merged text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from .builtin_formats import BUILTIN_FORMATS as BUILTIN_FORMATS  # known here too
from .builtin_formats import GENERAL, builtin_format

# What Windows shows for [$-F800] (system long date) and [$-F400] (system
# time) with UK regional settings.
SYSTEM_LONG_DATE = "dd mmmm yyyy"
SYSTEM_TIME = "hh:mm:ss"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
DAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
MAX_SERIAL = 2_958_465  # 31/12/9999, the last day Excel shows
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits
GENERAL_WIDTH = 11  # characters General fills in a standard-width cell
PAD = "\x00"  # marks alignment padding until the end, where it is trimmed


def format_value(value: Any, code: str | int | None = GENERAL, *,
                 date1904: bool = False) -> str:
    """`value` as Excel shows it in a cell with number format `code` (or a built-in id).

    Values are what the readers give: numbers, bool, str, date, datetime,
    time, timedelta or None. Booleans are TRUE/FALSE, blanks "", and any
    code that cannot be applied falls back to General.
    """
    try:
        return _format(value, code, date1904)
    except Exception:  # a format must never stop a merge
        try:
            return _format(value, GENERAL, date1904)
        except Exception:
            return str(value)


def is_month_year_format(code: str | int | None) -> bool:
    """Whether a date in this format shows its month and year and nothing else ("June 2024")."""
    return date_parts(code) == {"year", "month"}


def date_parts(code: str | int | None) -> frozenset[str]:
    """Which of year, month, day, hour, minute, second a positive number shows in `code`."""
    try:
        parsed = _parse(_code_text(code))
    except Exception:
        return frozenset()
    section = parsed.numeric[0] if parsed.numeric else None
    return section.date_parts if section is not None else frozenset()


# --- Parsing -----------------------------------------------------------------

@dataclass
class Token:
    kind: str  # lit, pad, text, digit, point, comma, percent, exp, slash, date, ampm, general
    text: str = ""


@dataclass
class Section:
    tokens: list[Token] = field(default_factory=list)
    condition: tuple[str, float] | None = None
    is_date: bool = False
    has_text: bool = False
    date_parts: frozenset[str] = frozenset()


@dataclass
class Parsed:
    numeric: list[Section]
    text: Section | None


_CONDITION = re.compile(r"\s*(<=|>=|<>|<|>|=)\s*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*")
_ELAPSED = re.compile(r"(h+|m+|s+)", re.IGNORECASE)
_DATE_LETTERS = "ymdhs"


def _code_text(code: str | int | None) -> str:
    if code is None:
        return GENERAL
    if isinstance(code, int) and not isinstance(code, bool):
        return builtin_format(code)
    return str(code) if str(code).strip() else GENERAL


@lru_cache(maxsize=512)
def _parse(code: str) -> Parsed:
    sections = [_finish(tokens, condition) for tokens, condition in _tokenize(code)]
    text = None
    if len(sections) >= 4:
        text = sections[3]
        sections = sections[:3]
    elif sections and sections[-1].has_text:
        text = sections.pop()
    if not sections:
        sections = [_finish([Token("general")], None)]
    return Parsed(sections, text)


# Characters that are a token by themselves: the kind each is.
_ONE_CHARACTER = {"0": "digit", "#": "digit", "?": "digit", ".": "point", ",": "comma",
                  "%": "percent", "@": "text", "/": "slash"}


def _tokenize(code: str) -> list[tuple[list[Token], tuple[str, float] | None]]:
    sections: list[tuple[list[Token], tuple[str, float] | None]] = []
    tokens: list[Token] = []
    condition: tuple[str, float] | None = None
    i, n = 0, len(code)
    while i < n:
        c = code[i]
        low = c.lower()
        if c == ";":
            sections.append((tokens, condition))
            tokens, condition = [], None
            i += 1
        elif c == '"':
            end = code.find('"', i + 1)
            end = n if end < 0 else end
            tokens.append(Token("lit", code[i + 1:end]))
            i = end + 1
        elif c == "\\":
            tokens.append(Token("lit", code[i + 1:i + 2]))
            i += 2
        elif c == "_":
            tokens.append(Token("pad"))
            i += 2
        elif c == "*":
            i += 2  # fill: repeats a character to the cell's width
        elif c == "[":
            end = code.find("]", i + 1)
            end = n if end < 0 else end
            inner = code[i + 1:end]
            i = end + 1
            if _ELAPSED.fullmatch(inner) and len(set(inner.lower())) == 1:
                tokens.append(Token("date", "[" + inner.lower() + "]"))
            elif inner.startswith("$"):
                symbol, _, locale = inner[1:].partition("-")
                if locale.upper() == "F800":
                    return _tokenize(SYSTEM_LONG_DATE)
                if locale.upper() == "F400":
                    return _tokenize(SYSTEM_TIME)
                if symbol:
                    tokens.append(Token("lit", symbol))
            elif match := _CONDITION.fullmatch(inner):
                condition = (match.group(1), float(match.group(2)))
            # colours, [DBNum1] and other directives change nothing in text
        elif code[i:i + 7].lower() == "general":
            tokens.append(Token("general"))
            i += 7
        elif code[i:i + 5].upper() == "AM/PM":
            tokens.append(Token("ampm", code[i:i + 5]))
            i += 5
        elif code[i:i + 3].upper() == "A/P":
            tokens.append(Token("ampm", code[i:i + 3]))
            i += 3
        elif c in _ONE_CHARACTER:
            tokens.append(Token(_ONE_CHARACTER[c], c))
            i += 1
        elif low == "e" and code[i + 1:i + 2] in ("+", "-"):
            tokens.append(Token("exp", code[i + 1]))
            i += 2
        elif low in _DATE_LETTERS:
            j = i
            while j < n and code[j].lower() == low:
                j += 1
            tokens.append(Token("date", low * (j - i)))
            i = j
        else:
            tokens.append(Token("lit", c))
            i += 1
    sections.append((tokens, condition))
    return sections


def _finish(tokens: list[Token], condition: tuple[str, float] | None) -> Section:
    section = Section(tokens, condition)
    section.has_text = any(t.kind == "text" for t in tokens)
    dates = [t for t in tokens if t.kind == "date"]
    section.is_date = bool(dates) or any(t.kind == "ampm" for t in tokens)
    if section.is_date:
        _resolve_minutes(tokens)
        names = {"y": "year", "m": "month", "d": "day", "h": "hour", "n": "minute",
                 "s": "second"}
        section.date_parts = frozenset(names[t.text.strip("[]")[0]] for t in dates)
        if any(t.kind == "ampm" for t in tokens):
            section.date_parts |= {"hour"}
    return section


def _resolve_minutes(tokens: list[Token]) -> None:
    """'m' and 'mm' mean minutes just after an hour or just before a second ('n')."""
    dated = [t for t in tokens if t.kind == "date"]
    for k, token in enumerate(dated):
        text = token.text
        if text.startswith("[m"):
            token.text = "[" + "n" * (len(text) - 2) + "]"
        elif text[0] == "m" and len(text) <= 2:
            before = dated[k - 1].text.strip("[")[0] if k > 0 else ""
            after = dated[k + 1].text.strip("[")[0] if k + 1 < len(dated) else ""
            if before == "h" or after == "s":
                token.text = "n" * len(text)


# --- Formatting --------------------------------------------------------------

def _format(value: Any, code: str | int | None, date1904: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    parsed = _parse(_code_text(code))
    if isinstance(value, str):
        if parsed.text is None:
            return value
        return _finish_text("".join(value if t.kind == "text" else _literal(t)
                                    for t in parsed.text.tokens))
    number = _as_number(value, date1904)
    if number is None:
        return str(value)
    if isinstance(number, float) and not math.isfinite(number):
        return "#NUM!"
    section, signed = _choose(parsed.numeric, number)
    shown = -number if (number < 0 and not signed) else number
    if section.is_date:
        elapsed = any(t.kind == "date" and t.text.startswith("[") for t in section.tokens)
        if abs(shown) >= MAX_SERIAL + 1 or (shown < 0 and not elapsed):
            return _general(number)  # Excel fills the cell with '#'
        if shown < 0:  # Excel fills the cell with '#', LibreOffice shows -5:00
            return "-" + _finish_text(_date(section, -shown, date1904))
        return _finish_text(_date(section, shown, date1904))
    kinds = {t.kind for t in section.tokens}
    if "general" in kinds:
        return _finish_text("".join(_general(shown) if t.kind == "general" else _literal(t)
                                    for t in section.tokens))
    if not kinds & {"digit", "point"}:
        return _finish_text("".join(_literal(t) for t in section.tokens))
    return _finish_text(_number(section, shown))


def _finish_text(text: str) -> str:
    return text.replace(PAD, " ").strip()


def _literal(token: Token) -> str:
    if token.kind == "pad":
        return PAD
    if token.kind in ("lit", "slash", "point", "comma", "percent"):
        return token.text
    if token.kind == "digit":
        return "" if token.text == "#" else token.text
    return ""


def _as_number(value: Any, date1904: bool) -> float | int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        day = _serial_of_date(value.date(), date1904)
        return day + (value.hour * 3600 + value.minute * 60 + value.second
                      + value.microsecond / 1e6) / 86400
    if isinstance(value, date):
        return _serial_of_date(value, date1904)
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second
                + value.microsecond / 1e6) / 86400
    if isinstance(value, timedelta):
        return value.total_seconds() / 86400
    return None


def _serial_of_date(day: date, date1904: bool) -> int:
    if date1904:
        return (day - date(1904, 1, 1)).days
    serial = (day - date(1899, 12, 30)).days
    return serial - 1 if serial < 61 else serial  # Excel's 29/02/1900 that never was


def _choose(sections: list[Section], number: float | int) -> tuple[Section, bool]:
    """The section for `number`, and whether it shows a minus sign of its own accord."""
    if any(s.condition for s in sections):
        for index, section in enumerate(sections):
            condition = section.condition
            if condition is None:
                return section, index != 1
            if _holds(number, *condition):  # a section for negatives shows no sign: [<0]
                return section, not (condition[0] in ("<", "<=") and condition[1] <= 0)
        return sections[-1], True
    if len(sections) == 1 or number > 0 or (number == 0 and len(sections) == 2):
        return sections[0], True
    if number < 0:
        return sections[1], False
    return sections[2], True


def _holds(number: float | int, op: str, limit: float) -> bool:
    return {"<": number < limit, ">": number > limit, "=": number == limit,
            "<=": number <= limit, ">=": number >= limit, "<>": number != limit}[op]


def _decimal(number: float | int) -> Decimal:
    """The number as Excel holds it: 15 significant digits, so 0.1+0.2 is 0.3."""
    if isinstance(number, int) and abs(number) < 10 ** EXCEL_DIGITS:
        return Decimal(number)
    return Decimal(f"{float(number):.{EXCEL_DIGITS}g}")


def _round(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _general(number: float | int) -> str:
    """Excel's General in a standard-width cell: up to 11 characters, then scientific."""
    if isinstance(number, float) and not math.isfinite(number):
        return "#NUM!"
    sign = "-" if number < 0 else ""
    exact = abs(_decimal(number))
    if exact == 0:
        return "0"
    if exact >= Decimal("1e11") or exact < Decimal("1e-9"):
        return sign + _scientific_general(exact)
    whole = len(str(int(exact))) if exact >= 1 else 1
    places = max(GENERAL_WIDTH - 1 - whole, 0)
    shown = _plain(_round(exact, places))
    if exact < Decimal("0.0001"):
        sci = _scientific_general(exact)
        if _significant(sci) > _significant(shown):
            return sign + sci
    return sign + shown


def _plain(number: Decimal) -> str:
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _significant(text: str) -> int:
    digits = text.split("E")[0].replace(".", "").lstrip("0")
    return len(digits.rstrip("0")) if "E" not in text else len(digits)


def _scientific_general(exact: Decimal) -> str:
    exponent = exact.adjusted()
    mantissa = _round(exact.scaleb(-exponent), 5)
    if mantissa >= 10:
        mantissa, exponent = _round(mantissa / 10, 5), exponent + 1
    sign = "+" if exponent >= 0 else "-"
    return f"{_plain(mantissa)}E{sign}{abs(exponent):02d}"


def _number(section: Section, number: float | int) -> str:
    tokens = section.tokens
    kinds = [t.kind for t in tokens]
    exact = abs(_decimal(number))
    negative = number < 0
    last_digit = max((i for i, k in enumerate(kinds) if k == "digit"), default=-1)
    scaling = sum(1 for i, k in enumerate(kinds) if k == "comma" and i > last_digit)
    exact = exact * Decimal(100) ** kinds.count("percent") / Decimal(1000) ** scaling
    if "exp" in kinds:
        text = _scientific(tokens, exact)
    elif "slash" in kinds and _fraction_at(tokens) is not None:
        text = _fraction(tokens, exact)
    else:
        text = _decimal_text(tokens, exact, last_digit)
    return "-" + text if negative and exact != 0 else text


def _split_point(tokens: list[Token], end: int | None = None) -> tuple[list[int], list[int]]:
    """Indexes of digit placeholders before and after the decimal point."""
    stop = len(tokens) if end is None else end
    point = next((i for i in range(stop) if tokens[i].kind == "point"), stop)
    before = [i for i in range(point) if tokens[i].kind == "digit"]
    after = [i for i in range(point + 1, stop) if tokens[i].kind == "digit"]
    return before, after


def _integer_parts(tokens: list[Token], places: list[int], digits: str) -> dict[int, str]:
    """What each integer placeholder shows; spare digits go to the leftmost one."""
    shown: dict[int, str] = {}
    rest = digits
    for index in reversed(places):
        kind = tokens[index].text
        if rest:
            shown[index], rest = rest[-1], rest[:-1]
        else:
            shown[index] = {"0": "0", "?": PAD, "#": ""}[kind]
    if places and rest:
        shown[places[0]] = rest + shown[places[0]]
    return shown


def _decimal_text(tokens: list[Token], exact: Decimal, last_digit: int) -> str:
    before, after = _split_point(tokens)
    rounded = _round(exact, len(after))
    whole, _, frac = f"{rounded:f}".partition(".")
    whole = whole.lstrip("0")
    frac = frac.ljust(len(after), "0")
    grouping = any(t.kind == "comma" and before and before[0] < i < before[-1]
                   for i, t in enumerate(tokens))
    if grouping:
        zeros = next((len(before) - k for k, i in enumerate(before) if tokens[i].text == "0"), 0)
        padded = whole.zfill(zeros)
        shown = {i: "" for i in before}
        shown[before[0]] = _group(padded) if padded else ""
    else:
        shown = _integer_parts(tokens, before, whole)
    keep = len(frac.rstrip("0"))
    for k, index in enumerate(after):
        kind = tokens[index].text
        if k < keep or kind == "0":
            shown[index] = frac[k]
        else:
            shown[index] = PAD if kind == "?" else ""
    out = []
    for i, token in enumerate(tokens):
        if i in shown:
            out.append(shown[i])
        elif token.kind == "comma":
            continue
        elif token.kind == "point":
            out.append(".")
        elif token.kind == "percent":
            out.append("%")
        else:
            out.append(_literal(token))
    return "".join(out)


def _group(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.append(digits[-3:])
        digits = digits[:-3]
    groups.append(digits)
    return ",".join(reversed(groups))


def _scientific(tokens: list[Token], exact: Decimal) -> str:
    at = next(i for i, t in enumerate(tokens) if t.kind == "exp")
    before, after = _split_point(tokens, at)
    exp_digits = [i for i in range(at + 1, len(tokens)) if tokens[i].kind == "digit"]
    width = max(len(before), 1)
    if exact == 0:
        exponent = 0
    else:
        exponent = exact.adjusted()
        if width > 1 and any(tokens[i].text == "#" for i in before):
            exponent -= exponent % width  # engineering: ##0.0E+0 gives 12.3E+3
        else:
            exponent -= width - 1
    mantissa = _round(exact.scaleb(-exponent), len(after))
    if exact != 0 and mantissa >= Decimal(10) ** width:
        exponent += width if width > 1 and any(tokens[i].text == "#" for i in before) else 1
        mantissa = _round(exact.scaleb(-exponent), len(after))
    mantissa_tokens = tokens[:at]
    text = _decimal_text(mantissa_tokens, mantissa, -1) if mantissa_tokens else ""
    sign = "-" if exponent < 0 else ("+" if tokens[at].text == "+" else "")
    power = str(abs(exponent)).zfill(len(exp_digits))
    tail = "".join(_literal(t) for t in tokens[at + 1:] if t.kind != "digit")
    return f"{text}E{sign}{power}{tail}"


def _fraction_at(tokens: list[Token]) -> tuple[int, int, int | None, int] | None:
    """(slash index, numerator placeholders, fixed denominator, denominator placeholders)."""
    slash = next(i for i, t in enumerate(tokens) if t.kind == "slash")
    numerator = 0
    i = slash - 1
    while i >= 0 and tokens[i].kind == "digit":
        numerator, i = numerator + 1, i - 1
    if not numerator:
        return None
    j = slash + 1
    digits = ""
    while j < len(tokens) and (tokens[j].kind == "digit"
                               or (tokens[j].kind == "lit" and tokens[j].text.isdigit())):
        digits += tokens[j].text
        j += 1
    if not digits:
        return None
    fixed = int(digits) if all(ch.isdigit() for ch in digits) and int(digits) > 0 else None
    return slash, numerator, fixed, len(digits)


def _fraction(tokens: list[Token], exact: Decimal) -> str:
    found = _fraction_at(tokens)
    assert found is not None
    slash, numerator_places, fixed, denominator_places = found
    numerator_start = slash - numerator_places
    whole_places = [i for i in range(numerator_start) if tokens[i].kind == "digit"]
    value = Fraction(exact)
    whole = 0
    if whole_places:
        whole = int(value)
        value -= whole
    if fixed:
        part = Fraction(round(value * fixed), fixed)
        num, den = part.numerator * (fixed // part.denominator), fixed
    else:
        part = value.limit_denominator(10 ** denominator_places - 1)
        num, den = part.numerator, part.denominator
    if whole_places and num == den:
        whole, num = whole + 1, 0
    out = []
    if whole_places:
        shown = _integer_parts(tokens, whole_places, str(whole) if whole else "")
        if not whole and not num:
            shown[whole_places[-1]] = "0"
        for i in range(numerator_start):
            out.append(shown.get(i, _literal(tokens[i])) if tokens[i].kind != "comma" else "")
    else:
        out.extend(_literal(t) for t in tokens[:numerator_start])
    if num or not whole_places:
        out.append(f"{num}/{den}")
    end = slash + 1
    while end < len(tokens) and (tokens[end].kind == "digit"
                                 or (tokens[end].kind == "lit" and tokens[end].text.isdigit())):
        end += 1
    out.extend(_literal(t) for t in tokens[end:])
    return "".join(out)


# --- Dates and times ---------------------------------------------------------

def _date(section: Section, serial: float | int, date1904: bool) -> str:
    tokens = section.tokens
    places = _second_places(tokens)
    exact = _decimal(serial)
    days = int(exact)
    seconds = _round(_round((exact - days) * 86400, 6), places)  # to the microsecond first
    if seconds >= 86400:
        days, seconds = days + 1, seconds - 86400
    total = days * 86400 + seconds  # for [h], [m], [s]
    ymd = _ymd(days, date1904)
    whole_seconds = int(seconds)
    fraction = seconds - whole_seconds
    hour, rest = divmod(whole_seconds, 3600)
    minute, second = divmod(rest, 60)
    twelve = any(t.kind == "ampm" for t in tokens)
    out = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        text = token.text
        if token.kind == "date":
            out.append(_date_part(text, ymd, hour, minute, second, total, twelve))
            zeros = _fraction_digits(tokens, k)
            if zeros:
                digits = f"{_round(fraction, places):f}".partition(".")[2]
                out.append("." + digits.ljust(zeros, "0")[:zeros])
                k += 2 + zeros
                continue
        elif token.kind == "ampm":
            am, pm = token.text.split("/")
            out.append(pm if hour >= 12 else am)
        else:
            out.append(_literal(token) if token.kind != "digit" else token.text)
        k += 1
    return "".join(out)


def _second_places(tokens: list[Token]) -> int:
    """Decimal places of the seconds shown (at most 3, as Excel)."""
    return min(max((_fraction_digits(tokens, k) for k in range(len(tokens))), default=0), 3)


def _fraction_digits(tokens: list[Token], k: int) -> int:
    """How many '0's follow a seconds token at `k` after a point: 2 for "ss.00"."""
    token = tokens[k]
    if token.kind != "date" or token.text.lstrip("[")[0] != "s":
        return 0
    if k + 1 >= len(tokens) or tokens[k + 1].kind != "point":
        return 0
    zeros = 0
    while k + 2 + zeros < len(tokens) and tokens[k + 2 + zeros].kind == "digit":
        zeros += 1
    return zeros


def _ymd(days: int, date1904: bool) -> tuple[int, int, int, int]:
    """(year, month, day, weekday with Sunday 0) of a serial day, with Excel's 1900 quirks."""
    if date1904:
        day = date(1904, 1, 1) + timedelta(days=days)
        return day.year, day.month, day.day, (day.weekday() + 1) % 7
    weekday = (days + 6) % 7
    if days == 0:
        return 1900, 1, 0, weekday
    if days == 60:
        return 1900, 2, 29, weekday
    day = date(1899, 12, 31 if days < 60 else 30) + timedelta(days=days)
    return day.year, day.month, day.day, weekday


def _date_part(text: str, ymd: tuple[int, int, int, int], hour: int, minute: int,
               second: int, total: Decimal, twelve: bool) -> str:
    year, month, day, weekday = ymd
    if text.startswith("["):
        letter, width = text[1], len(text) - 2
        unit = {"h": 3600, "n": 60, "s": 1}[letter]
        return str(int(total // unit)).zfill(width)
    letter, width = text[0], len(text)
    if letter == "y":
        return f"{year % 100:02d}" if width <= 2 else f"{year:04d}"
    if letter == "m":
        if width <= 2:
            return str(month).zfill(width)
        name = MONTHS[month - 1]
        return name[:3] if width == 3 else name[0] if width == 5 else name
    if letter == "d":
        if width <= 2:
            return str(day).zfill(width)
        name = DAYS[weekday]
        return name[:3] if width == 3 else name
    if letter == "h":
        shown = hour % 12 or 12 if twelve else hour
        return str(shown).zfill(min(width, 2))
    if letter == "n":
        return str(minute).zfill(min(width, 2))
    return str(second).zfill(min(width, 2))

