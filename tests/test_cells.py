"""What a cell holds: from_cell, as_text and to_cell, and the fast path checked against them."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edi_workbook.core.cells import (
    CUT_MARKER,
    EXCEL_CELL_LIMIT,
    ILLEGAL_CHARACTERS,
    PLAIN_TYPES,
    as_text,
    from_cell,
    to_cell,
    to_cells,
)


class Colour(StrEnum):
    RED = "Red"


@pytest.mark.parametrize(("read", "held"), [
    (None, ""), ("", ""), ("  padded  ", "padded"), ("a\r\nb\rc", "a\nb\nc"), (3.0, 3),
    (3.5, 3.5), (float("nan"), ""), (True, True), (datetime(2024, 5, 1), date(2024, 5, 1)),
    (datetime(2024, 5, 1, 9, 30), datetime(2024, 5, 1, 9, 30)), (7, 7),
])
def test_from_cell_one_spelling_whichever_library_read_it(read, held):
    assert from_cell(read) == held
    assert type(from_cell(read)) is type(held)


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), (3.0, "3"), (2.5, "2.5"), (date(2024, 5, 1), "2024-05-01"),
    (datetime(2024, 5, 1, 9, 30), "2024-05-01 09:30:00"), (True, "True"), (" x\r\n", "x"),
])
def test_as_text(value, text):
    assert as_text(value) == text


@pytest.mark.parametrize(("value", "stored"), [
    ("plain", "plain"), ("a\r\nb", "a\nb"), ("bell\x07 and \x00null", "bell and null"),
    (Colour.RED, "Red"), (Decimal("2.50"), 2.5), (float("inf"), None), (None, None),
    (datetime(2024, 5, 1, 9, tzinfo=UTC), datetime(2024, 5, 1, 9)),
    (time(9, 30), time(9, 30)), (timedelta(hours=2), timedelta(hours=2)), (("a", 1), "('a', 1)"),
])
def test_to_cell_gives_what_a_cell_can_hold(value, stored):
    assert to_cell(value) == stored
    assert type(to_cell(value)) in PLAIN_TYPES


def test_to_cell_cuts_overlong_text_with_the_marker():
    text = to_cell("y" * (EXCEL_CELL_LIMIT + 5))
    assert len(text) == EXCEL_CELL_LIMIT and text.endswith(CUT_MARKER)


CELL = st.one_of(
    st.text(st.sampled_from(list("ab 01-/\r\n\t\x00\x07\x1fé\ufffe🙂"))), st.none(), st.booleans(),
    st.integers(), st.floats(), st.dates(),
    st.datetimes(timezones=st.none() | st.just(UTC)),
    st.times(), st.timedeltas(), st.decimals(allow_nan=False),
    st.text(max_size=3).map(lambda t: t * 12_000))


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, max_size=6))
def test_the_row_fast_path_agrees_with_to_cell(values):
    fast, slow = list(to_cells(values)), [to_cell(v) for v in values]
    assert len(fast) == len(slow)
    for a, b in zip(fast, slow, strict=True):
        assert type(a) is type(b)
        assert a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))


@settings(max_examples=300, deadline=None)
@given(CELL)
def test_what_to_cell_stores_is_always_storable(value):
    stored = to_cell(value)
    assert type(stored) in PLAIN_TYPES
    if isinstance(stored, str):
        assert len(stored) <= EXCEL_CELL_LIMIT and "\r" not in stored
        assert ILLEGAL_CHARACTERS.search(stored) is None
    if isinstance(stored, float):
        assert math.isfinite(stored)
    # What a reader then holds is what was stored, in from_cell's spelling.
    assert as_text(stored) == as_text(from_cell(stored))


def test_the_cell_limit_counts_utf16_units_as_excel_does():
    """Issue 13: emoji text of 34,010 UTF-16 units was written uncut."""
    text = "🙂" * 17_005  # 17,005 characters, 34,010 units
    stored = to_cell(text)
    assert len(stored.encode("utf-16-le")) // 2 <= EXCEL_CELL_LIMIT
    assert stored.endswith(CUT_MARKER)
    assert stored[:-len(CUT_MARKER)] == "🙂" * len(stored[:-len(CUT_MARKER)])  # no half emoji
    assert to_cell("🙂" * 16_000) == "🙂" * 16_000  # 32,000 units: fits


@pytest.mark.parametrize(("typed", "stored"), [
    ("Bell\x07here", "Bell here"), ("Bell \x07here", "Bell here"), ("end\x07", "end"),
    ("\x00start", "start"), ("a\x01\x02b", "a b"), ("line\x0b\nnext", "line\nnext"),
])
def test_a_removed_control_character_leaves_a_space_between_words(typed, stored):
    from edi_workbook.core.cells import strip_illegal

    assert strip_illegal(typed) == (stored, True)
    assert to_cell(typed) == stored


# --- Names the tool builds: safe on every system -----------------------------------

from edi_workbook.core.cells import safe_file_stem  # noqa: E402


@pytest.mark.parametrize("name, stem", [
    ("Housing", "Housing"),
    ("Policy, Communities and Engagement", "Policy, Communities and Engagement"),
    ("../../etc/passwd", "etc passwd"),
    ("a:b*c?", "a b c"),
    ("CON", "_CON"),
    ("nul", "_nul"),
    # Windows opens the device whatever follows a dot: these were kept as they were.
    ("NUL.tar", "_NUL.tar"),
    ("CON.foo", "_CON.foo"),
    ("CONIN$", "_CONIN$"),
    ("CONOUT$.bak", "_CONOUT$.bak"),
    ("COM¹", "_COM¹"),
    ("LPT³.old", "_LPT³.old"),
    ("lpt0", "_lpt0"),
    ("AUX .x", "_AUX .x"),
    ("COM10", "COM10"),  # not a device
    ("CONSOLE", "CONSOLE"),
    # Control characters and direction overrides never reach a name.
    ("\x1b]0;pwned\x07\rHousing\x08", "]0;pwned Housing"),
    ("Housing\u202egpj", "Housing gpj"),
    ("....", "_"),
])
def test_safe_file_stem(name: str, stem: str) -> None:
    assert safe_file_stem(name) == stem


@given(st.text(max_size=120))
@settings(max_examples=300)
def test_safe_file_stem_never_leaves_a_folder_or_names_a_device(name: str) -> None:
    import re

    stem = safe_file_stem(name)
    assert stem and len(stem) <= 81
    assert not re.search('[<>:"/\\\\|?*\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]', stem)
    assert stem not in (".", "..") and not stem.endswith((" ", "."))
    first = stem.split(".", 1)[0].rstrip(" ").upper()
    assert first not in {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    assert not re.fullmatch(r"(COM|LPT)[0-9¹²³]", first)
