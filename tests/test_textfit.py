"""textfit counts lines without building them: the count must be the wrapping's own."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from hypothesis import given, settings
from hypothesis import strategies as st

from edi_workbook.xlsx import textfit


class Status(StrEnum):
    ON_TRACK = "On track"


# Letters wide and narrow, spaces (runs of them too), dashes, a full-width character
# and a combining accent: what trips a greedy wrap.
TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz WMIil.,–— \u4e00\u0301", max_size=300)


@settings(max_examples=400, deadline=None)
@given(text=TEXT, width=st.sampled_from([3, 8, 15, 30, 60]),
       size=st.sampled_from([8.0, 9.5, 11.0]), bold=st.booleans())
def test_counting_lines_agrees_with_wrapping(text: str, width: int, size: float,
                                              bold: bool) -> None:
    room = textfit.text_room_px(width)
    for font in (textfit.CALIBRI, textfit.ARIAL):
        assert textfit._count_lines(text, room, size, bold, font) == len(
            list(textfit._wrap_line(text, room, size, bold, font)))
        assert textfit.line_count(text, width, size, bold, font) == max(
            1, len(textfit.wrap(text, width, size, bold, font)))
    assert textfit.line_count(text, width, size, bold) == max(
        1, len(textfit.wrap(text, width, size, bold)))


def test_a_long_word_breaks_between_characters_and_is_counted() -> None:
    word = "x" * 200
    lines = textfit.wrap(word, 10)
    assert len(lines) > 1 and "".join(lines) == word
    assert textfit.line_count(word, 10) == len(lines)


def test_measured_words_are_remembered_but_long_runs_are_not() -> None:
    textfit.text_px("Housing and Inclusion " + "y" * 60)
    assert "Housing" in textfit.CALIBRI.words[False]
    assert "y" * 60 not in textfit.CALIBRI.words[False]


def test_a_row_takes_the_lines_of_its_tallest_text() -> None:
    name = "Policy, Communities and Engagement; Human Resources"  # 3 lines at 24, as Excel
    values = [name, 42, None, "", "short", date(2024, 1, 1), Status.ON_TRACK]
    widths = [24, 10, 10, 10, 10, 12, 5]
    assert textfit.line_count(name, 24) == 3
    assert textfit.max_lines(values, widths) == 3
    assert textfit.max_lines(values[1:], widths[1:]) == textfit.line_count("On track", 5) == 3
    assert textfit.max_lines([None, 7], [10, 10], at_least=5) == 5


def test_counted_lines_are_forgotten_when_there_are_too_many(monkeypatch) -> None:
    monkeypatch.setattr(textfit, "_KEEP_COUNTS", 3)
    for n in range(10):
        assert textfit.line_count(f"text number {n}", 10) == 2
    assert sum(map(len, textfit._LINES.values())) <= 3
    textfit.forget_counts()
