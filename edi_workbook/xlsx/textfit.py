"""How much room text takes: fonts' widths, and lines as a spreadsheet or Word wraps them.

The one text measurer. Every writer sizes columns and rows with it, the Word
report sizes its tables' columns with it, and `check` judges what prints badly
with it; each asks in the font the text is set in.

Neither Excel nor LibreOffice grows a row for wrapped text in a file written by
a library, so the writers set every row's height from the lines its text wraps
to. Counting characters is not enough: "Policy, Communities and Engagement;
Human Resources" is 51 characters, two lines of a 24-wide column by count but
three as Excel wraps the words, and the third line was cut off.

A font is a table of advance widths (`Font`): Calibri, the workbooks' font,
from Carlito, and Arial, the progress update's, from Liberation Sans: each the
metric-compatible twin (SIL Open Font Licence) that LibreOffice prints the font
with, `scripts/font_widths.py` wrote the tables. `font_named` finds a font's table
by its name; a font with no table is measured as Calibri, the narrower of the two.
Text is measured at 96 dots per inch, as Excel lays out a sheet. Lines break at
spaces; a word longer than a line breaks between characters, as Excel and
LibreOffice do. Pure: no imports beyond the standard library.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

UNITS_PER_EM = 2048  # both tables' fonts
DEFAULT_SIZE = 11.0  # points: Excel's and the workbooks' body text
DPI = 96
# Excel's column width unit is the widest digit of Calibri 11 at 96 dpi: 7 pixels.
DIGIT_PX = 7
# Room a cell keeps clear of text: Excel gives a column of width w 7w pixels and
# keeps about 5 of them clear (2 a side and the grid line). One more pixel for
# safety: a line measured to fit here fits in Excel, and in LibreOffice, which
# gives a column 7.4 pixels a character and keeps about 3 of them clear (measured
# in its printout: tests/test_print.py).
CELL_PADDING_PX = 6
# A filter's drop-down button sits in the right of each header cell: LibreOffice
# wraps the header's text in the room left beside it, and Excel's button covers
# the end of its last line.
FILTER_BUTTON_PX = 17
POINTS_PER_LINE = 15.0  # a line of 11-point Calibri: Excel's default row height
ROW_PADDING = 2.0  # points above and below the lines

_FIRST, _LAST = 0x20, 0x17F

# Advance widths in 1/2048 em of U+0020..U+017F, then of other punctuation: Calibri
# (from Carlito) and Arial (from Liberation Sans), regular and bold.
_CALIBRI = (
    463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949,
    1831, 1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356,
    1058, 1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959, 628, 791, 628, 1020, 1020,
    596, 981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080,
    1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943, 644, 1020, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 667, 1020, 1038, 1020, 1038, 1020, 1020, 804, 1709, 824, 1049, 1020, 0, 1038, 807,
    694, 1020, 688, 685, 598, 1126, 1200, 517, 629, 504, 865, 1049, 1303, 1375, 1383, 949,
    1185, 1185, 1185, 1185, 1185, 1185, 1563, 1092, 1000, 1000, 1000, 1000, 516, 516, 516, 516,
    1279, 1322, 1356, 1356, 1356, 1356, 1356, 1020, 1359, 1314, 1314, 1314, 1314, 998, 1058, 1080,
    981, 981, 981, 981, 981, 981, 1583, 866, 1019, 1019, 1019, 1019, 470, 470, 470, 470,
    1076, 1076, 1080, 1080, 1080, 1080, 1080, 1020, 1084, 1076, 1076, 1076, 1076, 927, 1076, 927,
    1185, 981, 1185, 981, 1185, 981, 1092, 866, 1092, 866, 1092, 866, 1092, 866, 1260, 1164,
    1279, 1130, 1000, 1019, 1000, 1019, 1000, 1019, 1000, 1019, 1000, 1019, 1292, 964, 1292, 964,
    1292, 964, 1292, 964, 1276, 1076, 1344, 1091, 516, 470, 516, 470, 516, 470, 516, 470,
    516, 470, 1170, 960, 653, 490, 1064, 931, 931, 861, 470, 861, 470, 866, 540, 1118,
    765, 880, 507, 1322, 1076, 1322, 1076, 1322, 1076, 1186, 1287, 1076, 1356, 1080, 1356, 1080,
    1356, 1080, 1775, 1740, 1112, 714, 1112, 714, 1112, 714, 941, 801, 941, 801, 941, 801,
    941, 801, 998, 686, 998, 708, 998, 700, 1314, 1076, 1314, 1076, 1314, 1076, 1314, 1076,
    1314, 1076, 1314, 1076, 1822, 1464, 998, 927, 998, 959, 809, 959, 809, 959, 809, 497,
)
_CALIBRI_EXTRA = {
    '–': 1020, '—': 1854, '―': 1854, '‘': 511, '’': 511, '‚': 511, '“': 857, '”': 857,
    '„': 857, '†': 1020, '‡': 1020, '•': 1020, '…': 1414, '‰': 2126, '″': 820, '‹': 694,
    '›': 694, '€': 1038, '™': 1444, '−': 1020,
}
_CALIBRI_BOLD = (
    463, 667, 898, 1020, 1038, 1493, 1443, 478, 638, 638, 1020, 1020, 528, 627, 547, 880,
    1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 565, 565, 1020, 1020, 1020, 949,
    1840, 1241, 1148, 1084, 1291, 999, 940, 1305, 1292, 546, 678, 1120, 866, 1790, 1349, 1385,
    1090, 1405, 1153, 968, 1014, 1337, 1211, 1856, 1128, 1064, 979, 665, 880, 665, 1020, 1020,
    615, 1011, 1099, 857, 1099, 1031, 648, 971, 1099, 503, 523, 983, 503, 1666, 1099, 1101,
    1099, 1099, 728, 817, 710, 1099, 969, 1526, 941, 970, 814, 704, 973, 704, 1020, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 667, 1020, 1038, 1020, 1038, 1020, 1020, 849, 1709, 852, 1103, 1020, 0, 1038, 799,
    701, 1020, 692, 688, 616, 1154, 1224, 548, 621, 517, 891, 1103, 1347, 1415, 1437, 949,
    1241, 1241, 1241, 1241, 1241, 1241, 1588, 1084, 999, 999, 999, 999, 546, 546, 546, 546,
    1309, 1349, 1385, 1385, 1385, 1385, 1385, 1020, 1394, 1337, 1337, 1337, 1337, 1064, 1090, 1136,
    1011, 1011, 1011, 1011, 1011, 1011, 1587, 857, 1031, 1031, 1031, 1031, 503, 503, 503, 503,
    1099, 1099, 1101, 1101, 1101, 1101, 1101, 1020, 1114, 1099, 1099, 1099, 1099, 970, 1099, 970,
    1241, 1011, 1241, 1011, 1241, 1011, 1084, 857, 1084, 857, 1084, 857, 1084, 857, 1291, 1222,
    1309, 1165, 999, 1031, 999, 1031, 999, 1031, 999, 1031, 999, 1031, 1305, 971, 1305, 971,
    1305, 971, 1305, 971, 1292, 1099, 1347, 1121, 546, 503, 546, 503, 546, 503, 546, 503,
    546, 503, 1225, 1027, 678, 523, 1120, 983, 983, 866, 503, 866, 503, 881, 627, 1150,
    865, 886, 540, 1349, 1099, 1349, 1099, 1349, 1099, 1274, 1313, 1099, 1385, 1101, 1385, 1101,
    1385, 1101, 1790, 1726, 1153, 728, 1153, 728, 1153, 728, 968, 817, 968, 817, 968, 817,
    968, 817, 1014, 710, 1014, 744, 1014, 726, 1337, 1099, 1337, 1099, 1337, 1099, 1337, 1099,
    1337, 1099, 1337, 1099, 1856, 1526, 1064, 970, 1064, 979, 814, 979, 814, 979, 814, 529,
)
_CALIBRI_BOLD_EXTRA = {
    '–': 1020, '—': 1854, '―': 1854, '‘': 528, '’': 528, '‚': 528, '“': 891, '”': 891,
    '„': 891, '†': 1020, '‡': 1020, '•': 1020, '…': 1457, '‰': 2174, '″': 835, '‹': 705,
    '›': 705, '€': 1038, '™': 1475, '−': 1020,
}
_ARIAL = (
    569, 569, 727, 1139, 1139, 1821, 1366, 391, 682, 682, 797, 1196, 569, 682, 569, 569,
    1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 569, 569, 1196, 1196, 1196, 1139,
    2079, 1366, 1366, 1479, 1479, 1366, 1251, 1593, 1479, 569, 1024, 1366, 1139, 1706, 1479, 1593,
    1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933, 1366, 1366, 1251, 569, 569, 569, 961, 1139,
    682, 1139, 1139, 1024, 1139, 1139, 569, 1139, 1139, 455, 455, 1024, 455, 1706, 1139, 1139,
    1139, 1139, 682, 1024, 569, 1139, 1024, 1479, 1024, 1024, 1024, 684, 532, 684, 1196, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    569, 682, 1139, 1139, 1139, 1139, 532, 1139, 682, 1509, 758, 1139, 1196, 682, 1509, 1131,
    819, 1124, 682, 682, 682, 1180, 1100, 569, 682, 682, 748, 1139, 1708, 1708, 1708, 1251,
    1366, 1366, 1366, 1366, 1366, 1366, 2048, 1479, 1366, 1366, 1366, 1366, 569, 569, 569, 569,
    1479, 1479, 1593, 1593, 1593, 1593, 1593, 1196, 1593, 1479, 1479, 1479, 1479, 1366, 1366, 1251,
    1139, 1139, 1139, 1139, 1139, 1139, 1821, 1024, 1139, 1139, 1139, 1139, 569, 569, 569, 569,
    1139, 1139, 1139, 1139, 1139, 1139, 1139, 1124, 1251, 1139, 1139, 1139, 1139, 1024, 1139, 1024,
    1366, 1139, 1366, 1139, 1366, 1139, 1479, 1024, 1479, 1024, 1479, 1024, 1479, 1024, 1479, 1259,
    1479, 1139, 1366, 1139, 1366, 1139, 1366, 1139, 1366, 1139, 1366, 1139, 1593, 1139, 1593, 1139,
    1593, 1139, 1593, 1139, 1479, 1139, 1479, 1139, 569, 569, 569, 569, 569, 569, 569, 455,
    569, 569, 1505, 909, 1024, 455, 1366, 1024, 1024, 1139, 455, 1139, 455, 1139, 597, 1139,
    684, 1139, 455, 1479, 1139, 1479, 1139, 1479, 1139, 1237, 1481, 1139, 1593, 1139, 1593, 1139,
    1593, 1139, 2048, 1933, 1479, 682, 1479, 682, 1479, 682, 1366, 1024, 1366, 1024, 1366, 1024,
    1366, 1024, 1251, 569, 1251, 768, 1251, 569, 1479, 1139, 1479, 1139, 1479, 1139, 1479, 1139,
    1479, 1139, 1479, 1139, 1933, 1479, 1366, 1024, 1366, 1251, 1024, 1251, 1024, 1251, 1024, 455,
)
_ARIAL_EXTRA = {
    '‐': 682, '‑': 682, '–': 1139, '—': 2048, '―': 2048, '‘': 455, '’': 455, '‚': 455,
    '“': 682, '”': 682, '„': 682, '†': 1139, '‡': 1139, '•': 717, '…': 2048, '‰': 2048,
    '′': 384, '″': 725, '‹': 682, '›': 682, '€': 1139, '™': 2048, '−': 1196,
}
_ARIAL_BOLD = (
    569, 682, 971, 1139, 1139, 1821, 1479, 487, 682, 682, 797, 1196, 569, 682, 569, 569,
    1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 682, 682, 1196, 1196, 1196, 1251,
    1997, 1479, 1479, 1479, 1479, 1366, 1251, 1593, 1479, 569, 1139, 1479, 1251, 1706, 1479, 1593,
    1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933, 1366, 1366, 1251, 682, 569, 682, 1196, 1139,
    682, 1139, 1251, 1139, 1251, 1139, 682, 1251, 1251, 569, 569, 1139, 569, 1821, 1251, 1251,
    1251, 1251, 797, 1139, 682, 1251, 1139, 1593, 1139, 1139, 1024, 797, 573, 797, 1196, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    569, 682, 1139, 1139, 1139, 1139, 573, 1139, 682, 1509, 758, 1139, 1196, 682, 1509, 1131,
    819, 1124, 682, 682, 682, 1180, 1139, 569, 682, 682, 748, 1139, 1708, 1708, 1708, 1251,
    1479, 1479, 1479, 1479, 1479, 1479, 2048, 1479, 1366, 1366, 1366, 1366, 569, 569, 569, 569,
    1479, 1479, 1593, 1593, 1593, 1593, 1593, 1196, 1593, 1479, 1479, 1479, 1479, 1366, 1366, 1251,
    1139, 1139, 1139, 1139, 1139, 1139, 1821, 1139, 1139, 1139, 1139, 1139, 569, 569, 569, 569,
    1251, 1251, 1251, 1251, 1251, 1251, 1251, 1124, 1251, 1251, 1251, 1251, 1251, 1139, 1251, 1139,
    1479, 1139, 1479, 1139, 1479, 1139, 1479, 1139, 1479, 1139, 1479, 1139, 1479, 1139, 1479, 1472,
    1479, 1251, 1366, 1139, 1366, 1139, 1366, 1139, 1366, 1139, 1366, 1139, 1593, 1251, 1593, 1251,
    1593, 1251, 1593, 1251, 1479, 1251, 1479, 1251, 569, 569, 569, 569, 569, 569, 569, 569,
    569, 569, 1607, 1139, 1139, 569, 1479, 1139, 1139, 1251, 569, 1251, 569, 1251, 789, 1251,
    981, 1251, 569, 1479, 1251, 1479, 1251, 1479, 1251, 1451, 1481, 1251, 1593, 1251, 1593, 1251,
    1593, 1251, 2048, 1933, 1479, 797, 1479, 797, 1479, 797, 1366, 1139, 1366, 1139, 1366, 1139,
    1366, 1139, 1251, 682, 1251, 981, 1251, 682, 1479, 1251, 1479, 1251, 1479, 1251, 1479, 1251,
    1479, 1251, 1479, 1251, 1933, 1593, 1366, 1139, 1366, 1251, 1024, 1251, 1024, 1251, 1024, 569,
)
_ARIAL_BOLD_EXTRA = {
    '‐': 682, '‑': 682, '–': 1139, '—': 2048, '―': 2048, '‘': 569, '’': 569, '‚': 569,
    '“': 1024, '”': 1024, '„': 1024, '†': 1139, '‡': 1139, '•': 717, '…': 2048, '‰': 2048,
    '′': 491, '″': 981, '‹': 682, '›': 682, '€': 1139, '™': 2048, '−': 1196,
}


class Font:
    """A font's advance widths in 1/2048 em, regular and bold, and the words measured so far.

    `widths` cover U+0020..U+017F (0: not in the font), `extra` other punctuation
    a plan's text is full of; a character in neither is as wide as "N", wider than
    most letters: it errs towards a new line.
    """

    def __init__(self, name: str, widths: tuple[Sequence[int], Sequence[int]],
                 extra: tuple[Mapping[str, int], Mapping[str, int]]) -> None:
        self.name = name
        self.widths = widths
        self.extra = extra
        self.unknown = (widths[0][ord("N") - _FIRST], widths[1][ord("N") - _FIRST])
        # Words measured so far, regular and bold: a plan's words repeat, and measuring
        # them character by character was most of a merge's time.
        self.words: tuple[dict[str, int], dict[str, int]] = ({}, {})
        # Characters measured so far: a word's width is then one C-level pass over it
        # (a council's merge measured 11,000 characters one advance call at a time).
        self.chars: tuple[dict[str, int], dict[str, int]] = ({}, {})
        self.space = (self.advance(" ", False), self.advance(" ", True))

    def __repr__(self) -> str:
        return f"Font({self.name!r})"

    def advance(self, ch: str, bold: bool) -> int:
        """A character's width in font units; an unknown one as wide as "N"."""
        code = ord(ch)
        if _FIRST <= code <= _LAST:
            width = self.widths[bold][code - _FIRST]
            if width:
                return width
        width = self.extra[bold].get(ch)
        if width is not None:
            return width
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Mn"):
            return 0
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            return UNITS_PER_EM  # a full-width character: one em
        return self.unknown[bold]

    def measure(self, word: str, bold: bool) -> int:
        """A word's width in font units, remembered."""
        widths = self.chars[bold]
        try:
            units = sum(map(widths.__getitem__, word))
        except KeyError:
            if len(widths) < _KEEP_WORDS:
                widths.update((ch, self.advance(ch, bold)) for ch in word if ch not in widths)
            units = sum(widths[ch] if ch in widths else self.advance(ch, bold) for ch in word)
        known = self.words[bold]
        if len(word) <= 40 and len(known) < _KEEP_WORDS:  # not a pasted link or string
            known[word] = units
        return units

    def word_units(self, words: list[str], bold: bool) -> list[int]:
        """Each word's width in font units."""
        known = self.words[bold]
        try:
            return list(map(known.__getitem__, words))  # nearly always: every word seen before
        except KeyError:
            return [known[w] if w in known else self.measure(w, bold) for w in words]


_KEEP_WORDS = 1 << 16

CALIBRI = Font("Calibri", (_CALIBRI, _CALIBRI_BOLD), (_CALIBRI_EXTRA, _CALIBRI_BOLD_EXTRA))
ARIAL = Font("Arial", (_ARIAL, _ARIAL_BOLD), (_ARIAL_EXTRA, _ARIAL_BOLD_EXTRA))
# Fonts by the names a file gives them: each metric twin measures as its font.
_NAMED = {"calibri": CALIBRI, "carlito": CALIBRI, "arial": ARIAL, "liberation sans": ARIAL,
          "arimo": ARIAL, "helvetica": ARIAL}


def font_named(name: str | None) -> Font:
    """The table a font name is measured with; Calibri for a font without one."""
    key = (name or "").strip().casefold()
    found = _NAMED.get(key)
    if found is None:
        found = next((f for n, f in _NAMED.items() if key.startswith(n)), CALIBRI)
    return found


def _scale(size: float) -> float:
    """Pixels per font unit at `size` points."""
    return size * DPI / 72 / UNITS_PER_EM


def text_px(text: str, size: float = DEFAULT_SIZE, bold: bool = False,
            font: Font = CALIBRI) -> float:
    """Pixels `text` takes on one line at `size` points."""
    words = text.split(" ")
    units = sum(font.word_units(words, bold)) + (len(words) - 1) * font.space[bold]
    return units * _scale(size)


# A web or e-mail address, a hash or a long number: it breaks wherever a column ends
# however wide the column is made, so no column is widened to keep it whole.
_NOT_A_WORD = re.compile(r"://|^www\.|@|^[0-9a-f-]{16,}[;,.]?$|^\d{9,}[;,.]?$", re.IGNORECASE)
# The widest a column is made to keep one word whole, in characters: a longer "word"
# (a path, a run of characters) breaks instead of pushing the table off the page.
MAX_WORD_WIDTH = 50.0


def words_kept_whole(text: str) -> str:
    """`text` without the web and e-mail addresses that break anyway (most texts have
    none: they come back as they are, unsplit, after three substring tests; a long code
    or number is held to MAX_WORD_WIDTH by the caller)."""
    if "://" not in text and "@" not in text and "www." not in text.casefold():
        return text
    return " ".join(w for w in text.split() if not address_or_code(w))


def address_or_code(word: str) -> bool:
    """A web or e-mail address, a hash or a long number: not read as a word, and it
    breaks wherever a column ends however wide the column is made."""
    return bool(_NOT_A_WORD.search(word))


def widest_word(text: str, size: float = DEFAULT_SIZE, bold: bool = False,
                font: Font = CALIBRI) -> tuple[float, str]:
    """(pixels, word) of the widest word of `text`: the least room that keeps every word whole."""
    words = text.split()
    if not words:
        return 0.0, ""
    units = font.word_units(words, bold)
    widest = max(range(len(words)), key=units.__getitem__)
    return units[widest] * _scale(size), words[widest]


def widest_word_px(texts: Iterable[str], size: float = DEFAULT_SIZE, bold: bool = False,
                   font: Font = CALIBRI) -> float:
    """Pixels of the widest word of any of `texts` (`widest_word`'s, for many texts).

    Each distinct word is measured once: a table's column of thousands of texts
    holds a few thousand words.
    """
    words: set[str] = set()
    for text in texts:
        words.update(text.split())
    return max(font.word_units(list(words), bold)) * _scale(size) if words else 0.0


def column_px(width: float) -> float:
    """A column's pixels from its width in characters, as the writers set it."""
    return width * DIGIT_PX


def text_room_px(width: float, filter_button: bool = False) -> float:
    """Pixels a line of text has in a column `width` characters wide (beside a filter's
    button, in a header cell with one)."""
    room = column_px(width) - CELL_PADDING_PX - (FILTER_BUTTON_PX if filter_button else 0)
    return max(room, DIGIT_PX)


def width_for(px: float, filter_button: bool = False) -> float:
    """The column width, in characters, whose text room is `px` pixels."""
    extra = CELL_PADDING_PX + (FILTER_BUTTON_PX if filter_button else 0)
    return math.ceil((px + extra) / DIGIT_PX * 4) / 4  # a quarter of a character


def wrap(text: str, width: float, size: float = DEFAULT_SIZE, bold: bool = False,
         font: Font = CALIBRI) -> list[str]:
    """The lines `text` wraps to in a column `width` characters wide, as a spreadsheet shows it."""
    return wrap_px(text, text_room_px(width), size, bold, font)


def wrap_px(text: str, room: float, size: float = DEFAULT_SIZE, bold: bool = False,
            font: Font = CALIBRI) -> list[str]:
    """The lines `text` wraps to in `room` pixels."""
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_wrap_line(paragraph, room, size, bold, font))
    return lines


# Lines counted so far: (width, size, bold, font) -> text -> lines. Texts recur within a
# write (a service's name on every row, a value new in one round and old in the next,
# the same words on History and Changes); a county's merge counts ~26,000. Emptied
# when it holds _KEEP_COUNTS, so a long-running process cannot grow it for ever.
_LINES: dict[tuple[float, float, bool, Font], dict[str, int]] = {}
_KEEP_COUNTS = 1 << 18
_counted = 0
# A row's columns' counts, by its widths, size, weight and font: a sheet's rows share one.
_ROWS: dict[tuple[Any, ...], list[dict[str, int]]] = {}
_KEEP_ROWS = 1024


def _counts(width: float, size: float, bold: bool, font: Font) -> dict[str, int]:
    """The texts counted so far at this width, size, weight and font."""
    counts = _LINES.get((width, size, bold, font))
    if counts is None:
        counts = _LINES[width, size, bold, font] = {}
    return counts


def _count_new(counts: dict[str, int], text: str, width: float, size: float,
               bold: bool, font: Font) -> int:
    global _counted
    if _counted >= _KEEP_COUNTS:
        forget_counts()
    _counted += 1
    lines = counts[text] = _count_text(text, text_room_px(width), size, bold, font)
    return lines


def forget_counts() -> None:
    """Empty the caches of counted lines."""
    global _counted
    _LINES.clear()
    _ROWS.clear()
    _MEASURED.clear()
    _counted = 0


def line_count(text: str, width: float, size: float = DEFAULT_SIZE, bold: bool = False,
               font: Font = CALIBRI) -> int:
    """How many lines `text` takes in a column `width` characters wide (at least 1)."""
    counts = _counts(width, size, bold, font)
    found = counts.get(text)
    return found if found is not None else _count_new(counts, text, width, size, bold, font)


def line_counts(texts: Sequence[str], width: float, size: float = DEFAULT_SIZE,
                bold: bool = False, font: Font = CALIBRI) -> list[int]:
    """`line_count` of each of `texts`, the cache looked up once for them all."""
    counts = _counts(width, size, bold, font)
    found = list(map(counts.get, texts))
    if None in found:
        found = [n if n is not None else counts.get(t) or
                 _count_new(counts, t, width, size, bold, font)
                 for t, n in zip(texts, found, strict=True)]
    return found


def max_lines(values: Sequence[Any], widths: Sequence[float], size: float = DEFAULT_SIZE,
              bold: bool = False, at_least: int = 1, font: Font = CALIBRI) -> int:
    """The most lines any text of a row takes, each in its column's width (others: none).

    `line_count` for every text cell, its cache looked up here: a merge asks for the
    height of every row it writes, over a hundred thousand cells at a county.
    """
    lines = at_least
    key = (*widths, size, bold, font)
    tables = _ROWS.get(key)
    if tables is None:
        if len(_ROWS) >= _KEEP_ROWS:
            _ROWS.clear()
        tables = _ROWS[key] = [_counts(width, size, bold, font) for width in widths]
    for value, counts, width in zip(values, tables, widths, strict=False):
        if type(value) is not str and not isinstance(value, str) or not value:
            continue  # a number, a date, a blank (a StrEnum member is text)
        n = counts.get(value)
        if n is None:
            n = _count_new(counts, value, width, size, bold, font)
        if n > lines:
            lines = n
    return lines


def _count_text(text: str, room: float, size: float, bold: bool, font: Font) -> int:
    """Lines, uncached: each paragraph's words measured once and laid out greedily."""
    if "\n" in text or "\r" in text:
        paragraphs = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    else:
        units, total, simple, widest = _measured(text, bold, font)
        # All on one line (as text_px measures it): nearly every short cell.
        if total * _scale(size) <= room:
            return 1
        return max(1, _paragraph_lines(text, units, simple, widest, room, size, bold, font))
    lines = 0
    for paragraph in paragraphs:
        units, _, simple, widest = _measured(paragraph, bold, font)
        lines += _paragraph_lines(paragraph, units, simple, widest, room, size, bold, font)
    return max(1, lines)


# A paragraph's measures (`_measured`), by weight: a text is counted at every width it is
# shown in (a progress update on its sheet, on History, on the summary's Changes and
# Conflicts; a sampled cell at each width a table's columns try), and its words split
# and looked up again each time was a third of the counting.
_MEASURED: dict[tuple[Font, bool], dict[str, tuple[list[int], int, bool, int]]] = {}


def _measured(paragraph: str, bold: bool,
              font: Font) -> tuple[list[int], int, bool, int]:
    """A paragraph's words' widths, their width on one line, whether its spaces are
    single (no empty word), and its widest word's width: all in font units."""
    known = _MEASURED.get((font, bold))
    if known is None:
        known = _MEASURED[font, bold] = {}
    found = known.get(paragraph)
    if found is None:
        words = paragraph.split(" ")
        units = font.word_units(words, bold)
        found = (units, sum(units) + (len(words) - 1) * font.space[bold], "" not in words,
                 max(units))
        if len(known) < _KEEP_WORDS:
            known[paragraph] = found
    return found


def _paragraph_lines(paragraph: str, units: list[int], simple: bool, widest: int,
                     room: float, size: float, bold: bool, font: Font) -> int:
    """_count_lines for a paragraph whose words are measured already (`_measured`).

    The usual paragraph (single spaces, every word narrower than a line) takes the
    short loop below, whose sums are _count_lines' own, float for float; any other
    goes through _count_lines itself.
    """
    scale = _scale(size)
    if not simple or widest * scale > room:
        return _count_lines(paragraph, room, size, bold, font)
    space = font.space[bold] * scale
    count, used = 1, units[0] * scale
    for n in units[1:]:
        width = n * scale
        wider = used + space + width
        if wider <= room:
            used = wider
        else:
            count += 1
            used = width
    return count


def _count_lines(line: str, room: float, size: float, bold: bool, font: Font) -> int:
    """len(list(_wrap_line(...))) without building the lines: row heights need only that."""
    scale = _scale(size)
    space = font.space[bold] * scale
    count, used, started = 0, 0.0, False
    words = line.split(" ")
    for word, units in zip(words, font.word_units(words, bold), strict=True):
        width = units * scale
        if started:
            if used + space + width <= room:
                used = used + space + width
                continue
            count += 1
            used, started = 0.0, False
        if width <= room:
            used, started = width, word != ""
            continue
        for ch in word:  # a word longer than the line: break it between characters
            step = font.advance(ch, bold) * scale
            if started and used + step > room:
                count += 1
                used = 0.0
            used, started = used + step, True
    return count + 1


def _wrap_line(line: str, room: float, size: float, bold: bool, font: Font) -> Iterator[str]:
    """Greedy wrapping at spaces; a word wider than the line is broken between characters."""
    scale = _scale(size)
    space = font.space[bold] * scale
    current, used = "", 0.0
    words = line.split(" ")
    for word, units in zip(words, font.word_units(words, bold), strict=True):
        width = units * scale
        if not current and not used:
            pass
        elif used + space + width <= room:
            current, used = f"{current} {word}", used + space + width
            continue
        else:
            yield current
            current, used = "", 0.0
        if width <= room:
            current, used = word, width
            continue
        for ch in word:  # a word longer than the line: break it between characters
            step = font.advance(ch, bold) * scale
            if current and used + step > room:
                yield current
                current, used = "", 0.0
            current, used = current + ch, used + step
    yield current


def row_height(lines: int, size: float = DEFAULT_SIZE) -> float:
    """Points for a row showing `lines` lines of text at `size` points."""
    return POINTS_PER_LINE * size / DEFAULT_SIZE * max(lines, 1) + ROW_PADDING
