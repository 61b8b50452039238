"""How much room text takes in a cell: Calibri's widths, lines as a spreadsheet wraps them.

Neither Excel nor LibreOffice grows a row for wrapped text in a file written by
a library, so the writers set every row's height from the lines its text wraps
to. Counting characters is not enough: "Policy, Communities and Engagement;
Human Resources" is 51 characters, two lines of a 24-wide column by count but
three as Excel wraps the words, and the third line was cut off.

Text is measured in Calibri, the workbooks' font, at 96 dots per inch as Excel
lays out a sheet: a character's width is its advance in the font, taken from
Carlito, Calibri's metric-compatible twin (`scripts/calibri_widths.py` wrote the
tables below). Lines break at spaces; a word longer than a line breaks between
characters, as Excel and LibreOffice do. Pure: no imports beyond the standard
library.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

UNITS_PER_EM = 2048
DEFAULT_SIZE = 11.0  # points: Excel's and the workbooks' body text
DPI = 96
# Excel's column width unit is the widest digit of Calibri 11 at 96 dpi: 7 pixels.
DIGIT_PX = 7
# Room a cell keeps clear of text: Excel gives a column of width w 7w pixels and
# keeps about 5 of them clear (2 a side and the grid line). One more pixel for
# safety: a line measured to fit here fits in Excel, and in LibreOffice, which
# gives a column about 7.4 pixels a character (its rows sometimes keep a spare
# line; Excel's never lose one).
CELL_PADDING_PX = 6
POINTS_PER_LINE = 15.0  # a line of 11-point Calibri: Excel's default row height
ROW_PADDING = 2.0  # points above and below the lines

_FIRST, _LAST = 0x20, 0x17F

# Advance widths in 1/2048 em of U+0020..U+017F, then of other punctuation.
_REGULAR = (
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
_REGULAR_EXTRA = {
    '–': 1020, '—': 1854, '―': 1854, '‘': 511, '’': 511, '‚': 511, '“': 857, '”': 857,
    '„': 857, '†': 1020, '‡': 1020, '•': 1020, '…': 1414, '‰': 2126, '″': 820, '‹': 694,
    '›': 694, '€': 1038, '™': 1444, '−': 1020,
}
_BOLD = (
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
_BOLD_EXTRA = {
    '–': 1020, '—': 1854, '―': 1854, '‘': 528, '’': 528, '‚': 528, '“': 891, '”': 891,
    '„': 891, '†': 1020, '‡': 1020, '•': 1020, '…': 1457, '‰': 2174, '″': 835, '‹': 705,
    '›': 705, '€': 1038, '™': 1475, '−': 1020,
}


def _advance(ch: str, bold: bool) -> int:
    """A character's width in font units; an unknown one as wide as its kind."""
    code = ord(ch)
    if _FIRST <= code <= _LAST:
        width = (_BOLD if bold else _REGULAR)[code - _FIRST]
        if width:
            return width
    width = (_BOLD_EXTRA if bold else _REGULAR_EXTRA).get(ch)
    if width is not None:
        return width
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cc", "Cf", "Mn"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return UNITS_PER_EM  # a full-width character: one em
    return 1160  # the width of "N", wider than most letters: errs towards a new line


# Words measured so far, for regular and for bold text: a plan's words repeat, and
# measuring them character by character was most of a merge's time.
_MEASURED: tuple[dict[str, int], dict[str, int]] = ({}, {})
_KEEP_WORDS = 1 << 16


# Characters measured so far: a word's width is then one C-level pass over it (a
# council's merge measured 11,000 characters one _advance call at a time).
_CHARS: tuple[dict[str, int], dict[str, int]] = ({}, {})


def _measure(word: str, bold: bool) -> int:
    widths = _CHARS[bold]
    try:
        units = sum(map(widths.__getitem__, word))
    except KeyError:
        if len(widths) < _KEEP_WORDS:
            widths.update((ch, _advance(ch, bold)) for ch in word if ch not in widths)
        units = sum(widths[ch] if ch in widths else _advance(ch, bold) for ch in word)
    known = _MEASURED[bold]
    if len(word) <= 40 and len(known) < _KEEP_WORDS:  # not a pasted link or string
        known[word] = units
    return units


def _word_units(words: list[str], bold: bool) -> list[int]:
    """Each word's width in font units."""
    known = _MEASURED[bold]
    try:
        return list(map(known.__getitem__, words))  # nearly always: every word seen before
    except KeyError:
        return [known[w] if w in known else _measure(w, bold) for w in words]


_SPACE_UNITS = (_advance(" ", False), _advance(" ", True))


def _text_units(text: str, bold: bool) -> int:
    words = text.split(" ")
    return sum(_word_units(words, bold)) + (len(words) - 1) * _advance(" ", bold)


def text_px(text: str, size: float = DEFAULT_SIZE, bold: bool = False) -> float:
    """Pixels `text` takes on one line at `size` points."""
    return _text_units(text, bold) * size * DPI / 72 / UNITS_PER_EM


def column_px(width: float) -> float:
    """A column's pixels from its width in characters, as the writers set it."""
    return width * DIGIT_PX


def text_room_px(width: float) -> float:
    """Pixels a line of text has in a column `width` characters wide."""
    return max(column_px(width) - CELL_PADDING_PX, DIGIT_PX)


def wrap(text: str, width: float, size: float = DEFAULT_SIZE, bold: bool = False) -> list[str]:
    """The lines `text` wraps to in a column `width` characters wide, as a spreadsheet shows it."""
    room = text_room_px(width)
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.extend(_wrap_line(paragraph, room, size, bold))
    return lines


# Lines counted so far: (width, size, bold) -> text -> lines. Texts recur within a
# write (a service's name on every row, a value new in one round and old in the next,
# the same words on History and Changes); a county's merge counts ~26,000. Emptied
# when it holds _KEEP_COUNTS, so a long-running process cannot grow it for ever.
_LINES: dict[tuple[float, float, bool], dict[str, int]] = {}
_KEEP_COUNTS = 1 << 18
_counted = 0
# A row's columns' counts, by its widths, size and weight: a sheet's rows share one.
_ROWS: dict[tuple[Any, ...], list[dict[str, int]]] = {}
_KEEP_ROWS = 1024


def _counts(width: float, size: float, bold: bool) -> dict[str, int]:
    """The texts counted so far at this width, size and weight."""
    counts = _LINES.get((width, size, bold))
    if counts is None:
        counts = _LINES[width, size, bold] = {}
    return counts


def _count_new(counts: dict[str, int], text: str, width: float, size: float,
               bold: bool) -> int:
    global _counted
    if _counted >= _KEEP_COUNTS:
        forget_counts()
    _counted += 1
    lines = counts[text] = _count_text(text, width, size, bold)
    return lines


def forget_counts() -> None:
    """Empty the caches of counted lines."""
    global _counted
    _LINES.clear()
    _ROWS.clear()
    _counted = 0


def line_count(text: str, width: float, size: float = DEFAULT_SIZE, bold: bool = False) -> int:
    """How many lines `text` takes in a column `width` characters wide (at least 1)."""
    counts = _counts(width, size, bold)
    found = counts.get(text)
    return found if found is not None else _count_new(counts, text, width, size, bold)


def max_lines(values: Sequence[Any], widths: Sequence[float], size: float = DEFAULT_SIZE,
              bold: bool = False, at_least: int = 1) -> int:
    """The most lines any text of a row takes, each in its column's width (others: none).

    `line_count` for every text cell, its cache looked up here: a merge asks for the
    height of every row it writes, over a hundred thousand cells at a county.
    """
    lines = at_least
    key = (*widths, size, bold)
    tables = _ROWS.get(key)
    if tables is None:
        if len(_ROWS) >= _KEEP_ROWS:
            _ROWS.clear()
        tables = _ROWS[key] = [_counts(width, size, bold) for width in widths]
    for value, counts, width in zip(values, tables, widths, strict=False):
        if type(value) is not str and not isinstance(value, str) or not value:
            continue  # a number, a date, a blank (a StrEnum member is text)
        n = counts.get(value)
        if n is None:
            n = _count_new(counts, value, width, size, bold)
        if n > lines:
            lines = n
    return lines


def _count_text(text: str, width: float, size: float, bold: bool) -> int:
    """line_count, uncached: each paragraph's words measured once and laid out greedily."""
    room = text_room_px(width)
    if "\n" in text or "\r" in text:
        paragraphs = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    else:
        words = text.split(" ")
        units = _word_units(words, bold)
        # All on one line (as text_px measures it): nearly every short cell.
        total = sum(units) + (len(words) - 1) * _SPACE_UNITS[bold]
        if total * size * DPI / 72 / UNITS_PER_EM <= room:
            return 1
        return max(1, _paragraph_lines(text, words, units, room, size, bold))
    lines = 0
    for paragraph in paragraphs:
        words = paragraph.split(" ")
        lines += _paragraph_lines(paragraph, words, _word_units(words, bold), room, size, bold)
    return max(1, lines)


def _paragraph_lines(paragraph: str, words: list[str], units: list[int], room: float,
                     size: float, bold: bool) -> int:
    """_count_lines for a paragraph whose words are measured already.

    The usual paragraph (single spaces, every word narrower than a line) takes the
    short loop below, whose sums are _count_lines' own, float for float; any other
    goes through _count_lines itself.
    """
    scale = size * DPI / 72 / UNITS_PER_EM
    if "" in words or max(units) * scale > room:
        return _count_lines(paragraph, room, size, bold)
    space = _SPACE_UNITS[bold] * scale
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


def _count_lines(line: str, room: float, size: float, bold: bool) -> int:
    """len(list(_wrap_line(...))) without building the lines: row heights need only that."""
    scale = size * DPI / 72 / UNITS_PER_EM
    space = _advance(" ", bold) * scale
    count, used, started = 0, 0.0, False
    words = line.split(" ")
    for word, units in zip(words, _word_units(words, bold), strict=True):
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
            step = _advance(ch, bold) * scale
            if started and used + step > room:
                count += 1
                used = 0.0
            used, started = used + step, True
    return count + 1


def _wrap_line(line: str, room: float, size: float, bold: bool) -> Iterator[str]:
    """Greedy wrapping at spaces; a word wider than the line is broken between characters."""
    scale = size * DPI / 72 / UNITS_PER_EM
    space = _advance(" ", bold) * scale
    current, used = "", 0.0
    words = line.split(" ")
    for word, units in zip(words, _word_units(words, bold), strict=True):
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
            step = _advance(ch, bold) * scale
            if current and used + step > room:
                yield current
                current, used = "", 0.0
            current, used = current + ch, used + step
    yield current


def row_height(lines: int, size: float = DEFAULT_SIZE) -> float:
    """Points for a row showing `lines` lines of text at `size` points."""
    return POINTS_PER_LINE * size / DEFAULT_SIZE * max(lines, 1) + ROW_PADDING
