"""How wide text is in the two fonts the documents use: Calibri and Arial.

Calibri is measured by `xlsx.textfit` (Carlito's widths, wrapped as Excel wraps).
Arial is measured here, from Liberation Sans, Arial's metric-compatible twin
(SIL Open Font Licence; its advance widths, in 1/2048 em, read from
LiberationSans-Regular.ttf and -Bold.ttf with scripts/calibri_widths.py's
`advance_widths`). A character outside the table is measured as Calibri, a
tenth wider. Any other font is measured as Calibri: the narrower estimate, so a
check errs towards saying nothing.
"""

from __future__ import annotations

import functools

from ..xlsx import textfit

CALIBRI, ARIAL = "calibri", "arial"
_ARIAL_LIKE = ("arial", "helvetica", "liberation sans", "arimo")
_FIRST = 0x20
# U+0020..U+007E, regular then bold.
_ARIAL = (
    569, 569, 727, 1139, 1139, 1821, 1366, 391, 682, 682, 797, 1196, 569, 682, 569, 569,
    1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 569, 569, 1196, 1196, 1196, 1139,
    2079, 1366, 1366, 1479, 1479, 1366, 1251, 1593, 1479, 569, 1024, 1366, 1139, 1706, 1479, 1593,
    1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933, 1366, 1366, 1251, 569, 569, 569, 961, 1139,
    682, 1139, 1139, 1024, 1139, 1139, 569, 1139, 1139, 455, 455, 1024, 455, 1706, 1139, 1139,
    1139, 1139, 682, 1024, 569, 1139, 1024, 1479, 1024, 1024, 1024, 684, 532, 684, 1196,
)
_ARIAL_BOLD = (
    569, 682, 971, 1139, 1139, 1821, 1479, 487, 682, 682, 797, 1196, 569, 682, 569, 569,
    1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 1139, 682, 682, 1196, 1196, 1196, 1251,
    1997, 1479, 1479, 1479, 1479, 1366, 1251, 1593, 1479, 569, 1139, 1479, 1251, 1706, 1479, 1593,
    1366, 1593, 1479, 1366, 1251, 1479, 1366, 1933, 1366, 1366, 1251, 682, 569, 682, 1196, 1139,
    682, 1139, 1251, 1139, 1251, 1139, 682, 1251, 1251, 569, 569, 1139, 569, 1821, 1251, 1251,
    1251, 1251, 797, 1139, 682, 1251, 1139, 1593, 1139, 1139, 1024, 797, 573, 797, 1196,
)
_ARIAL_EXTRA = {"–": (1139, 1139), "—": (2048, 2048), "‘": (455, 569), "’": (455, 569),
                "“": (682, 1024), "”": (682, 1024), "•": (717, 717), "…": (2048, 2048),
                "€": (1139, 1139), "£": (1139, 1139)}
_WIDER_THAN_CALIBRI = 1.1
WIDEST_EM = 2079 / 2048  # no letter of either font is wider ("@" in Arial)


def family(name: str) -> str:
    """CALIBRI or ARIAL: the table a font name is measured with."""
    return ARIAL if name.strip().casefold().startswith(_ARIAL_LIKE) else CALIBRI


@functools.lru_cache(maxsize=1 << 16)
def text_px(text: str, size: float, bold: bool = False, font: str = CALIBRI) -> float:
    """Pixels `text` takes on one line at `size` points, at 96 dots per inch."""
    if font != ARIAL:
        return textfit.text_px(text, size, bold)
    return _arial_units(text, bold) * size * textfit.DPI / 72 / textfit.UNITS_PER_EM


@functools.lru_cache(maxsize=1 << 14)
def _arial_units(text: str, bold: bool) -> float:
    table = _ARIAL_BOLD if bold else _ARIAL
    units = 0.0
    for ch in text:
        code = ord(ch) - _FIRST
        if 0 <= code < len(table):
            units += table[code]
        elif ch in _ARIAL_EXTRA:
            units += _ARIAL_EXTRA[ch][bold]
        else:
            units += textfit.text_px(ch, 72 / textfit.DPI * textfit.UNITS_PER_EM, bold) \
                * _WIDER_THAN_CALIBRI
    return units


def line_count(text: str, room: float, size: float, bold: bool = False,
               font: str = CALIBRI) -> int:
    """Lines `text` wraps to in `room` pixels: at spaces, a longer word between letters."""
    return len(wrap(text, room, size, bold, font))


def wrap(text: str, room: float, size: float, bold: bool = False,
         font: str = CALIBRI) -> list[str]:
    """The lines of `text` in `room` pixels, as Excel and Word wrap them."""
    space = text_px(" ", size, bold, font)
    lines: list[str] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        current, used = "", 0.0
        for word in paragraph.split(" "):
            width = text_px(word, size, bold, font)
            if current and used + space + width <= room:
                current, used = f"{current} {word}", used + space + width
                continue
            if current:
                lines.append(current)
                current, used = "", 0.0
            if width <= room:
                current, used = word, width
                continue
            for ch in word:  # a word longer than the line: broken between letters
                step = text_px(ch, size, bold, font)
                if current and used + step > room:
                    lines.append(current)
                    current, used = "", 0.0
                current, used = current + ch, used + step
        lines.append(current)
    return lines
