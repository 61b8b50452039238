"""Excel's built-in number formats by id, as UK Excel shows them. Pure: no imports.

Apart from numfmt.py so that reading a workbook's styles (every return's)
does not load the rules for showing a value, which a merge seldom needs.
"""

from __future__ import annotations

GENERAL = "General"
TEXT = "@"

# ECMA-376 Part 1, 18.8.30, as UK Excel shows them: 14 and 22 follow the
# system short date, 5-8 and 42/44 use £, 41-44 are UK accounting formats.
# Ids 23-36 and 50-81 belong to East Asian locales: shown as General.
BUILTIN_FORMATS: dict[int, str] = {
    0: GENERAL,
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"£"#,##0;\\-"£"#,##0',
    6: '"£"#,##0;[Red]\\-"£"#,##0',
    7: '"£"#,##0.00;\\-"£"#,##0.00',
    8: '"£"#,##0.00;[Red]\\-"£"#,##0.00',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "dd/mm/yyyy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "dd/mm/yyyy hh:mm",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    41: '_-* #,##0_-;\\-* #,##0_-;_-* "-"_-;_-@_-',
    42: '_-"£"* #,##0_-;\\-"£"* #,##0_-;_-"£"* "-"_-;_-@_-',
    43: '_-* #,##0.00_-;\\-* #,##0.00_-;_-* "-"??_-;_-@_-',
    44: '_-"£"* #,##0.00_-;\\-"£"* #,##0.00_-;_-"£"* "-"??_-;_-@_-',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mm:ss.0",
    48: "##0.0E+0",
    49: TEXT,
}


def builtin_format(num_fmt_id: int) -> str:
    """The code behind a built-in format id, as UK Excel shows it; General if unknown."""
    return BUILTIN_FORMATS.get(num_fmt_id, GENERAL)
