"""Write edi_workbook/xlsx/textfit.py's width tables from the fonts' metric twins.

Carlito (fonts-crosextra-carlito) has the same advance width as Calibri for every
character, and Liberation Sans (fonts-liberation) as Arial: both SIL Open Font
Licence. A table taken from the twin measures text as Excel and Word lay out the
font itself. Run once; the tables are pasted into textfit.py:

    python scripts/font_widths.py > /tmp/tables.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

CROSEXTRA = Path("/usr/share/fonts/truetype/crosextra")
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
# (table name, font file) for each font textfit measures, regular then bold.
FONTS = (
    ("CALIBRI", CROSEXTRA / "Carlito-Regular.ttf"),
    ("CALIBRI_BOLD", CROSEXTRA / "Carlito-Bold.ttf"),
    ("ARIAL", LIBERATION / "LiberationSans-Regular.ttf"),
    ("ARIAL_BOLD", LIBERATION / "LiberationSans-Bold.ttf"),
)
# Characters measured: printable Latin-1 and Latin Extended-A ...
RANGE = (0x20, 0x17F)
# ... and the punctuation a plan's text is full of.
EXTRA = "‐‑–—―‘’‚“”„†‡•…‰′″‹›€™−✓✔"


def _tables(data: bytes) -> dict[str, int]:
    count = struct.unpack(">H", data[4:6])[0]
    found = {}
    for i in range(count):
        tag, _, offset, _ = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        found[tag.decode("latin-1")] = offset
    return found


def advance_widths(path: Path) -> tuple[int, dict[int, int]]:
    """Units per em, and code point -> advance width, from a TrueType file's tables."""
    data = path.read_bytes()
    table = _tables(data)
    units = struct.unpack(">H", data[table["head"] + 18:table["head"] + 20])[0]
    metrics = struct.unpack(">H", data[table["hhea"] + 34:table["hhea"] + 36])[0]
    hmtx = table["hmtx"]
    advance = [struct.unpack(">H", data[hmtx + 4 * g:hmtx + 4 * g + 2])[0]
               for g in range(metrics)]
    cmap = table["cmap"]
    widths: dict[int, int] = {}
    for i in range(struct.unpack(">H", data[cmap + 2:cmap + 4])[0]):
        platform, encoding, offset = struct.unpack(">HHI", data[cmap + 4 + 8 * i:
                                                                cmap + 12 + 8 * i])
        start = cmap + offset
        if (platform, encoding) != (3, 1) or struct.unpack(">H", data[start:start + 2])[0] != 4:
            continue
        size = struct.unpack(">H", data[start + 6:start + 8])[0]
        n = size // 2
        ends = struct.unpack(f">{n}H", data[start + 14:start + 14 + size])
        starts = struct.unpack(f">{n}H", data[start + 16 + size:start + 16 + 2 * size])
        deltas = struct.unpack(f">{n}h", data[start + 16 + 2 * size:start + 16 + 3 * size])
        ranges = start + 16 + 3 * size
        offsets = struct.unpack(f">{n}H", data[ranges:ranges + size])
        for k in range(n):
            for code in range(starts[k], ends[k] + 1):
                if code == 0xFFFF:
                    continue
                if offsets[k] == 0:
                    glyph = (code + deltas[k]) & 0xFFFF
                else:
                    at = ranges + 2 * k + offsets[k] + 2 * (code - starts[k])
                    glyph = struct.unpack(">H", data[at:at + 2])[0]
                    glyph = (glyph + deltas[k]) & 0xFFFF if glyph else 0
                widths[code] = advance[min(glyph, metrics - 1)]
    return units, widths


def main() -> int:
    for name, file in FONTS:
        units, widths = advance_widths(file)
        assert units == 2048, units
        row = [widths.get(c, 0) for c in range(RANGE[0], RANGE[1] + 1)]
        print(f"_{name} = (")
        for i in range(0, len(row), 16):
            print("    " + ", ".join(str(w) for w in row[i:i + 16]) + ",")
        print(")")
        extra = {ch: widths[ord(ch)] for ch in EXTRA if ord(ch) in widths}
        print(f"_{name}_EXTRA = {{")
        items = [f"{ch!r}: {w}" for ch, w in extra.items()]
        for i in range(0, len(items), 8):
            print("    " + ", ".join(items[i:i + 8]) + ",")
        print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
