"""What reaches the terminal: every character a terminal would act on shown as its escape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edi_workbook.core.screen import UNSAFE, for_screen, lines_for_screen


@pytest.mark.parametrize("got, shown", [
    ("Housing.xlsx", "Housing.xlsx"),
    ("Café – £5 ‘drop-in’ ✓ 👍", "Café – £5 ‘drop-in’ ✓ 👍"),
    ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),  # sets the window's title
    ("\x1b[2J", "\\x1b[2J"),  # clears the screen
    ("ok\rforged", "ok\\x0dforged"),
    ("a\x08\x08b", "a\\x08\\x08b"),
    ("one\ntwo", "one\\x0atwo"),  # a line is one line: no forged "Merged cleanly"
    ("tab\there", "tab\\x09here"),
    ("\x7f\x9b", "\\x7f\\x9b"),  # DEL, and CSI as one C1 character
    ("Housing\u202egpj.xlsx", "Housing\\u202egpj.xlsx"),  # shows as Housingxslx.jpg
    ("\u2066x\u2069\u200f\u061c", "\\u2066x\\u2069\\u200f\\u061c"),
    ("line\u2028sep", "line\\u2028sep"),
    ("bad\udcffbyte", "bad\\udcffbyte"),  # a name's byte that was not UTF-8
])
def test_for_screen(got: str, shown: str) -> None:
    assert for_screen(got) == shown


def test_lines_laid_out_by_the_tool_stay_lines() -> None:
    assert lines_for_screen("ID  Title\nCL-01  \x1b[31mred") == ["ID  Title", "CL-01  \\x1b[31mred"]


@given(st.text())
def test_nothing_a_terminal_acts_on_survives(text: str) -> None:
    shown = for_screen(text)
    assert UNSAFE.search(shown) is None
    shown.encode("utf-8")  # printable: no lone surrogate left to raise
