"""Timescale parser: got/expected tables, then properties over any text."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edi_workbook.core.timescale import (
    DEADLINE,
    ONGOING,
    RECURRING,
    START,
    UNCLEAR,
    Recurrence,
    Timescale,
    is_relative,
    parse_timescale,
)

D = date

# Every timescale in the real (seed) plan, exactly as written: note the en dash.
SEED = [
    ("Ongoing – Update to be provided as part of EDI Annual update", ONGOING, None, None),
    ("June 2024", DEADLINE, None, D(2024, 6, 30)),
    (
        "First round of project to be deliver by 31/3/24 with further projects to be agreed",
        DEADLINE,
        None,
        D(2024, 3, 31),
    ),
    ("March 2024", DEADLINE, None, D(2024, 3, 31)),
    ("October 2024", DEADLINE, None, D(2024, 10, 31)),
    (
        "– Update to be provided as part of EDI Annual update and Workforce Strategy "
        "Annual Update",
        ONGOING,
        None,
        None,
    ),
    ("June/July 2024", DEADLINE, None, D(2024, 7, 31)),
    ("Due July 2025", DEADLINE, None, D(2025, 7, 31)),
    ("July 2024", DEADLINE, None, D(2024, 7, 31)),
    (
        "Ongoing – Update to be provided as part of EDI Annual update and Workforce "
        "Strategy Annual Update",
        ONGOING,
        None,
        None,
    ),
    ("Start date April 2024", START, D(2024, 4, 1), None),
]

# The grammar table of the product design, one row per phrasing.
GRAMMAR = [
    ("October 2024", DEADLINE, None, D(2024, 10, 31)),
    ("Oct 24", DEADLINE, None, D(2024, 10, 31)),
    ("10/2024", DEADLINE, None, D(2024, 10, 31)),
    ("Q3 2024/25", DEADLINE, None, D(2024, 12, 31)),
    ("2024/25", DEADLINE, None, D(2025, 3, 31)),
    ("2024-25", DEADLINE, None, D(2025, 3, 31)),
    ("end of 2024-25", DEADLINE, None, D(2025, 3, 31)),
    ("Spring 2024", DEADLINE, None, D(2024, 5, 31)),
    ("Summer 2024", DEADLINE, None, D(2024, 8, 31)),
    ("Autumn 2024", DEADLINE, None, D(2024, 11, 30)),
    ("Winter 2024", DEADLINE, None, D(2025, 2, 28)),
    ("Winter 2023", DEADLINE, None, D(2024, 2, 29)),  # leap year
    ("TBC", UNCLEAR, None, None),
    ("", UNCLEAR, None, None),
    ("as required", UNCLEAR, None, None),
    ("Within six months of the new Council", UNCLEAR, None, None),
]

# Repeats: no due date of their own; flags.py finds the next occurrence.
RECURRING_TEXTS = [
    ("By end of March annually", Recurrence(12, 3)),
    ("By end of December annually", Recurrence(12, 12)),
    ("each March", Recurrence(12, 3)),
    ("every August", Recurrence(12, 8)),
    ("Every August in line with the annual progress report", Recurrence(12, 8)),
    ("31 August (annually)", Recurrence(12, 8, 31)),
    ("March (annually)", Recurrence(12, 3)),
    ("Every year in September", Recurrence(12, 9)),
    ("Quarterly", Recurrence(3, 3)),
    ("quarterly report to CMT", Recurrence(3, 3)),
    ("every quarter", Recurrence(3, 3)),
    ("Six monthly", Recurrence(6, 3)),
    ("six-monthly", Recurrence(6, 3)),
    ("Half yearly", Recurrence(6, 3)),
    ("twice a year", Recurrence(6, 3)),
    ("Monthly", Recurrence(1, 1)),
    ("every month", Recurrence(1, 1)),
]
# Repeats that are not read: never guess.
NOT_RECURRING = [
    ("every March and September", UNCLEAR),  # two months
    ("30 February annually", UNCLEAR),  # no such day
    ("Quarterly from April 2024", START),  # a date wins
    ("Within six months of the new Council", UNCLEAR),
    ("Within three months of the Commission approving the scheme", UNCLEAR),
    ("annually", ONGOING),  # no month: due at the plan's annual update
    ("Bi-annually", ONGOING),  # twice a year or every two years? left as "annual"
]

# What officers commonly write besides the seed's phrasings.
PHRASINGS = [
    # day-month-year, in words and digits
    ("31 March 2024", DEADLINE, None, D(2024, 3, 31)),
    ("31st March 2024", DEADLINE, None, D(2024, 3, 31)),
    ("March 31 2024", DEADLINE, None, D(2024, 3, 31)),
    ("March 31st, 2024", DEADLINE, None, D(2024, 3, 31)),
    ("31-Mar-25", DEADLINE, None, D(2025, 3, 31)),
    ("31/03/2024", DEADLINE, None, D(2024, 3, 31)),
    ("31.3.24", DEADLINE, None, D(2024, 3, 31)),
    ("2024-03-31", DEADLINE, None, D(2024, 3, 31)),
    ("1/4/2024", DEADLINE, None, D(2024, 4, 1)),  # day first: 1 April, not 4 January
    ("04/05/2024", DEADLINE, None, D(2024, 5, 4)),
    ("1 April 2024 - 30 June 2025", DEADLINE, None, D(2025, 6, 30)),
    # abbreviated months
    ("Sept 2024", DEADLINE, None, D(2024, 9, 30)),
    ("Sep 24", DEADLINE, None, D(2024, 9, 30)),
    ("Mar-25", DEADLINE, None, D(2025, 3, 31)),
    ("Oct '24", DEADLINE, None, D(2024, 10, 31)),
    ("Feb 2024", DEADLINE, None, D(2024, 2, 29)),
    # ranges of months: due at the end of the last month
    ("April - June 2025", DEADLINE, None, D(2025, 6, 30)),
    ("April – June 2025", DEADLINE, None, D(2025, 6, 30)),
    ("Jan to Mar 2025", DEADLINE, None, D(2025, 3, 31)),
    ("June and July 2024", DEADLINE, None, D(2024, 7, 31)),
    ("Nov - Jan 2025", DEADLINE, None, D(2025, 1, 31)),
    ("December 2024 - February 2025", DEADLINE, None, D(2025, 2, 28)),
    ("Oct 24 - Mar 25", DEADLINE, None, D(2025, 3, 31)),
    # financial years and quarters (UK: 1 April to 31 March)
    ("Q1 2025/26", DEADLINE, None, D(2025, 6, 30)),
    ("Q2 2024/25", DEADLINE, None, D(2024, 9, 30)),
    ("Q4 2024-25", DEADLINE, None, D(2025, 3, 31)),
    ("q4 fy24/25", DEADLINE, None, D(2025, 3, 31)),
    ("2024/2025", DEADLINE, None, D(2025, 3, 31)),
    ("FY 2024/25", DEADLINE, None, D(2025, 3, 31)),
    ("2024 / 2025", DEADLINE, None, D(2025, 3, 31)),
    ("Q1 2025 - 2026", DEADLINE, None, D(2025, 6, 30)),
    ("FY24/25", DEADLINE, None, D(2025, 3, 31)),
    ("financial year 2024-25", DEADLINE, None, D(2025, 3, 31)),
    ("end of March 2025", DEADLINE, None, D(2025, 3, 31)),
    # "end of ..." forms and calendar years
    ("end of 2024", DEADLINE, None, D(2024, 12, 31)),
    ("by end of June 2024", DEADLINE, None, D(2024, 6, 30)),
    ("by the end of Q2 2024/25", DEADLINE, None, D(2024, 9, 30)),
    ("2025", DEADLINE, None, D(2025, 12, 31)),
    ("By December 2025", DEADLINE, None, D(2025, 12, 31)),
    # ongoing
    ("Ongoing", ONGOING, None, None),
    ("ongoing.", ONGOING, None, None),
    ("On-going", ONGOING, None, None),
    ("Annual", ONGOING, None, None),
    ("annually", ONGOING, None, None),
    # start: the first day of the period named
    ("Start date April 2024", START, D(2024, 4, 1), None),
    ("From April 2024", START, D(2024, 4, 1), None),
    ("Starting Sept 2024", START, D(2024, 9, 1), None),
    ("April 2024 onwards", START, D(2024, 4, 1), None),
    ("Commencing 2024/25", START, D(2024, 4, 1), None),
    # a start and an end: a deadline with both dates
    ("Start April 2024, complete by March 2025", DEADLINE, D(2024, 4, 1), D(2025, 3, 31)),
    ("From April 2024 to March 2025", DEADLINE, D(2024, 4, 1), D(2025, 3, 31)),
    ("From April to June 2025", DEADLINE, D(2025, 4, 1), D(2025, 6, 30)),
    # several dates: the whole deliverable is due at the latest one
    ("July 2024 and October 2024", DEADLINE, None, D(2024, 10, 31)),
    ("October 2024, July 2024", DEADLINE, None, D(2024, 10, 31)),
    ("Due July 2025 July 2024 October 2024", DEADLINE, None, D(2025, 7, 31)),
    # a date wins over "ongoing": the officer has told us when
    ("Ongoing until March 2025", DEADLINE, None, D(2025, 3, 31)),
    ("Ongoing from April 2024", START, D(2024, 4, 1), None),
    # tolerant of case, spacing, dashes and trailing full stops
    ("  OCTOBER   2024.  ", DEADLINE, None, D(2024, 10, 31)),
    ("june/july 2024", DEADLINE, None, D(2024, 7, 31)),
    ("April — June 2025.", DEADLINE, None, D(2025, 6, 30)),
    ("Ongoing—update to be provided", ONGOING, None, None),
    ("31\u00a0March\u00a02024", DEADLINE, None, D(2024, 3, 31)),
]

# Never guess: anything vague, impossible or half-written is unclear.
UNCLEAR_TEXTS = [
    "TBC",
    "tba",
    "To be confirmed",
    "As required",
    "as and when needed",
    "N/A",
    "   ",
    "-",
    "Soon",
    "Next year",
    "Year end",
    # vague parts of a year: we choose unclear rather than invent a day
    "early 2025",
    "mid 2025",
    "Mid-2025",
    "late 2024",
    "start of 2025",
    # a date with a hedge
    "March 2025 (TBC)",
    "March 2025?",
    "Approx. June 2024",
    "~March 2025",
    # impossible dates never raise
    "31/02/2024",
    "30.2.24",
    "13/2024",
    "2024-13-01",
    "0/2024",
    "32 March 2024",
    # not financial years: the second year must follow the first
    "2024/26",
    "2025/24",
    # half-written: a month or day with no year, a quarter with no financial year
    "June",
    "31st March",
    "March 31st",
    "1 April - 30 June 2025",  # the first day has no year, and "30" is not read as 2030
    "Q3",
    "Q3 2024",  # calendar or financial Q3? we do not guess
    "Quarter 3 2024/25",
    "H1 2025",
    "FY 2025",
    "Spring term 2025",
    "Winter 2024/25",
    "10/24",
    "2024 - 25",  # a spaced two-digit year is not read as a financial year, nor dropped
    "1.2.3",
    # relative, or a start that names no start date
    "6 months from April 2024",
    "March 2025 start",
    # a start after the due date
    "Start April 2025, complete by March 2024",
    "Ongoing, as required",
]


def as_tuple(ts: Timescale) -> tuple[str, date | None, date | None]:
    return ts.kind, ts.start, ts.due


@pytest.mark.parametrize(("text", "kind", "start", "due"), SEED)
def test_seed_timescales(text: str, kind: str, start: date | None, due: date | None) -> None:
    got = parse_timescale(text)
    assert as_tuple(got) == (kind, start, due)
    assert got.text == text


@pytest.mark.parametrize(("text", "kind", "start", "due"), GRAMMAR)
def test_grammar_table(text: str, kind: str, start: date | None, due: date | None) -> None:
    assert as_tuple(parse_timescale(text)) == (kind, start, due)


@pytest.mark.parametrize(("text", "kind", "start", "due"), PHRASINGS)
def test_common_phrasings(text: str, kind: str, start: date | None, due: date | None) -> None:
    assert as_tuple(parse_timescale(text)) == (kind, start, due)


@pytest.mark.parametrize(("text", "recurrence"), RECURRING_TEXTS)
def test_recurring(text: str, recurrence: Recurrence) -> None:
    got = parse_timescale(text)
    assert got == Timescale(text, RECURRING, None, None, recurrence)


@pytest.mark.parametrize(("text", "kind"), NOT_RECURRING)
def test_not_recurring(text: str, kind: str) -> None:
    got = parse_timescale(text)
    assert got.kind == kind and got.recurrence is None


@pytest.mark.parametrize(("text", "relative"), [
    ("Within six months of the new Council", True),
    ("Within one month of approval", True),
    ("12 weeks after the launch", True),
    ("By end of March annually", False),
    ("March 2025", False),
    ("TBC", False),
    ("", False),
])
def test_relative_timescales(text: str, relative: bool) -> None:
    assert is_relative(text) is relative


@pytest.mark.parametrize("text", UNCLEAR_TEXTS)
def test_unclear_is_never_guessed(text: str) -> None:
    assert parse_timescale(text) == Timescale(text, UNCLEAR)


@pytest.mark.parametrize(
    ("value", "text", "kind", "due"),
    [
        (None, "", UNCLEAR, None),
        (2025, "2025", DEADLINE, D(2025, 12, 31)),
        (45382.0, "45382.0", UNCLEAR, None),  # an Excel serial number is not read as a date
        (date(2024, 3, 31), "2024-03-31", DEADLINE, D(2024, 3, 31)),
        (datetime(2024, 3, 31), "2024-03-31 00:00:00", DEADLINE, D(2024, 3, 31)),
    ],
)
def test_cells_that_are_not_text(value: object, text: str, kind: str, due: date | None) -> None:
    got = parse_timescale(value)
    assert (got.text, got.kind, got.due) == (text, kind, due)


def test_an_object_whose_str_fails_is_unclear() -> None:
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("no text")

    assert parse_timescale(Broken()) == Timescale("", UNCLEAR)


def test_text_is_kept_verbatim() -> None:
    text = "  Ongoing – Update to be provided.  "
    assert parse_timescale(text).text == text


@pytest.mark.parametrize("text", [
    "June/July 2024", "  June/July 2024 ", "Start date April 2024 " + "x" * 300,
    "By " + " " * 300 + "March 2025", "31/02/2024", "", "TBC",
])
def test_remembered_answers_are_the_answers(text: str) -> None:
    """Cached for str (and only short str): the same Timescale as reading afresh."""
    from edi_workbook.core.timescale import _parse_text

    fresh = _parse_text.__wrapped__(text)
    assert parse_timescale(text) == fresh
    assert parse_timescale(text) == fresh

    class Text(str):
        def __str__(self) -> str:
            return "something else"

    assert parse_timescale(Text(text)) == Timescale("something else", *as_tuple(
        parse_timescale("something else")))


def check_invariants(value: object) -> None:
    got = parse_timescale(value)
    assert got.text == ("" if value is None else str(value))
    assert got.kind in (DEADLINE, ONGOING, START, RECURRING, UNCLEAR)
    if got.start is not None and got.due is not None:
        assert got.start <= got.due
    if got.kind == UNCLEAR or got.kind == ONGOING:
        assert got.start is None and got.due is None
    if got.kind == DEADLINE:
        assert got.due is not None
    if got.kind == START:
        assert got.start is not None and got.due is None
    if got.kind == RECURRING:
        assert got.start is None and got.due is None and got.recurrence is not None
    else:
        assert got.recurrence is None


WORDS = st.sampled_from(
    [
        "January", "Feb", "March", "Mar", "April", "May", "June", "Jul", "Sept", "Sep",
        "October", "Dec", "Spring", "Summer", "Autumn", "Winter", "Q1", "Q4", "FY",
        "financial year", "end of", "by", "the", "Start date", "From", "Starting",
        "onwards", "complete by", "Due", "Ongoing", "Annual", "TBC", "mid", "to", "and",
        "31st", "29", "0", "00", "13", "24", "25", "99", "2023", "2024", "2025", "2099",
        "1899", "9999", "31/02/2024", "31/3/24", "2024-25", "2024/2025", "10/2024",
    ]
)
SEPARATORS = st.sampled_from([" ", "/", "-", "–", "—", ".", ",", "  ", "", "'", " to "])
MIXED = st.lists(st.tuples(WORDS, SEPARATORS), max_size=8).map(
    lambda parts: "".join(word + sep for word, sep in parts)
)


@given(st.text())
def test_any_text_parses(text: str) -> None:
    check_invariants(text)


@given(MIXED)
def test_date_like_text_parses(text: str) -> None:
    check_invariants(text)


@given(st.one_of(st.none(), st.integers(), st.floats(), st.dates(), st.datetimes()))
def test_any_cell_value_parses(value: object) -> None:
    check_invariants(value)
