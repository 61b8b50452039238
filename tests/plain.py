"""Plain definitions of cell rules, as they were before the fast paths.

tests/test_returns.py and tests/test_model.py check that the fast versions in
the package (_text, _same, as_text, as_date) agree with these on inputs
likely to trip one.
"""

from __future__ import annotations

import re
from datetime import date, datetime


def plain_as_text(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def plain_text(value):
    text = plain_as_text(value).replace("\r\n", "\n")
    # A control character between two words leaves a space; elsewhere it goes.
    word = r"[^\s\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
    text = re.sub(rf"(?<={word})[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]+(?={word})", " ", text)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
    if len(text) > 32_767:  # cut with a marker saying where the whole text is
        from edi_workbook.core.cells import CUT_MARKER

        text = text[: 32_767 - len(CUT_MARKER)] + CUT_MARKER
    return text


def plain_as_date(value):
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%y"):
        try:
            return datetime.strptime(str(value).strip(), fmt).date()
        except ValueError:
            pass
    return None
