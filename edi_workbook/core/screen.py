"""Text as it may reach a terminal: what a file or a person typed, shown, never obeyed. Pure.

File names, sheet names, attachment names and cells come from people and
from files anyone can make. Printed raw, ESC ] 0 ; ... BEL sets the window's
title, ESC [ 2 J clears the screen, CR and BS overwrite what was printed, a
new line forges a line of the tool's own, and a right-to-left override
shows "Housing‮gpj.xlsx" as "Housingxslx.jpg". `for_screen` shows each such
character as its escape (\\x1b, \\x0d, \\u202e), so the officer sees what is
really there and the terminal does nothing.
"""

from __future__ import annotations

import re

# C0 controls (tab and new line too: a line is one line), DEL and the C1 controls,
# the marks and overrides that change the direction text is shown in, the Unicode
# line and paragraph separators, and lone surrogates (bytes of a name that were not
# UTF-8), which a terminal cannot show at all.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                    "\u2066-\u2069\ud800-\udfff]")


def for_screen(text: str) -> str:
    """`text` with every character a terminal would act on shown as its escape."""
    if UNSAFE.search(text) is None:  # nearly always
        return text
    return UNSAFE.sub(_escape, text)


def lines_for_screen(text: str) -> list[str]:
    """Text the tool laid out in lines (a table), each line made safe on its own."""
    return [for_screen(line) for line in text.split("\n")]


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
