"""Values as Excel shows them: tables of (value, format code, what UK Excel shows)."""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edi_workbook.xlsx.numfmt import (
    BUILTIN_FORMATS,
    builtin_format,
    date_parts,
    format_value,
    is_month_year_format,
)

JUNE = date(2024, 6, 1)
ACCOUNTING = '_-"£"* #,##0.00_-;\\-"£"* #,##0.00_-;_-"£"* "-"??_-;_-@_-'

# The issue's examples first.
ISSUE = [
    (0.75, "0%", "75%"),
    (0.755, "0.0%", "75.5%"),
    (1234.5, "#,##0.00", "1,234.50"),
    (JUNE, "mmmm yyyy", "June 2024"),
    (JUNE, "mmm-yy", "Jun-24"),
    (JUNE, "dd/mm/yyyy", "01/06/2024"),
    (0.1 + 0.2, "General", "0.3"),
    (3.0, "General", "3"),
    (True, "General", "TRUE"),
    (False, "0.00", "FALSE"),
    ("typed", "@", "typed"),
    (45473, 14, "30/06/2024"),  # a date serial with the built-in short date
    (45473, "General", "45473"),
    (1.5, "[h]:mm", "36:00"),
]

NUMBERS = [
    (0, "0", "0"),
    (-5, "0", "-5"),
    (2.5, "0", "3"),  # half away from zero, as Excel
    (-2.5, "0", "-3"),
    (2.675, "0.00", "2.68"),  # 15 significant digits first: no binary surprise
    (-0.001, "0.00", "-0.00"),  # Excel keeps the sign of a tiny negative
    (0.5, "#,##0.00", "0.50"),
    (1234567.891, "#,##0", "1,234,568"),
    (-1234567.891, "#,##0.00", "-1,234,567.89"),
    (5, "0,000", "0,005"),
    (0, "#,###", ""),
    (0.5, "#.##", ".5"),
    (12, "0.0#", "12.0"),
    (12.345, "0.0#", "12.35"),
    (5, "000-000", "000-005"),
    (1234567, "000-000", "1234-567"),
    (1234567, '#,##0,"K"', "1,235K"),
    (1234567890, '0.0,,"m"', "1234.6m"),
    (0.05, "0.00%", "5.00%"),
    (-0.05, "0%", "-5%"),
    (12345, "0.00E+00", "1.23E+04"),
    (0.000123, "0.00E+00", "1.23E-04"),
    (0.000123, "0.00E-00", "1.23E-04"),
    (12345, "0.00E-00", "1.23E04"),
    (12345, "##0.0E+0", "12.3E+3"),
    (0, "0.00E+00", "0.00E+00"),
    (1.25, "# ?/?", "1 1/4"),
    (0.5, "# ?/?", "1/2"),
    (2, "# ?/?", "2"),
    (0.3, "# ??/??", "3/10"),
    (1.25, "?/?", "5/4"),
    (0.37, "# ?/100", "37/100"),
    (1.9999, "# ?/?", "2"),
    (1234.5, '"£"#,##0.00', "£1,234.50"),
    (1234.5, "[$£-809]#,##0.00", "£1,234.50"),
    (1234.5, "[$€-1809] #,##0.00", "€ 1,234.50"),
    (1234.5, "#,##0.00 [$€-1]", "1,234.50 €"),
    (7, '0 "actions"', "7 actions"),
    (7, "0\\ \\d\\a\\y\\s", "7 days"),
    (7, "[Red]0", "7"),
    (7, "[Color10]0.0", "7.0"),
    (7, "[Blue]General", "7"),
    (7, 'General" items"', "7 items"),
    (0.5, "_(0.0_)", "0.5"),
    (-0.5, "0.0_);(0.0)", "(0.5)"),
    (1234.5, ACCOUNTING, "£1,234.50"),
    (-3, ACCOUNTING, "-£3.00"),
    (0, ACCOUNTING, "£-"),
    (1e300, "0.00", "1E+300"),  # too long to show in full: General
    (Decimal("1.5"), "0.00", "1.50"),
]

SECTIONS = [
    (5, "0;-0;0;@", "5"),
    (-5, "0;-0;0;@", "-5"),
    (-5, "0;0", "5"),  # the negative section shows no sign of its own
    (-5, "0;(0)", "(5)"),
    (0, '0;-0;"zero"', "zero"),
    (0, "0.0;(0.0)", "0.0"),  # two sections: zero takes the first
    ("t", '0;-0;0;"<"@">"', "<t>"),
    ("t", '0;-0;0;"plain"', "plain"),
    ("t", "0.00", "t"),  # no text section: text as typed
    ("t", '"Note: "@', "Note: t"),
    (5, "@", "5"),  # the Text format shows a number as General
    (5, "0;-0;;@", "5"),
    (0, "0;-0;;@", ""),
    (150, '[>100]"big";[<=100]"small"', "big"),
    (50, '[>100]"big";[<=100]"small"', "small"),
    (-5, "[<0]0;0", "5"),  # a section for negatives shows no sign
    (-5, '[<0]"neg"0;0', "neg5"),
    (2000, '[>=1000]0,"K";0', "2K"),
    (5, '[>=1000]0,"K";0', "5"),
    ("t", '"a";"b";"c";"d"', "d"),
    (1, '"TRUE";"TRUE";"FALSE"', "TRUE"),  # LibreOffice's boolean format
    (0, '"TRUE";"TRUE";"FALSE"', "FALSE"),
]

DATES = [
    (datetime(2024, 6, 1, 13, 5, 7), "dd/mm/yyyy hh:mm:ss", "01/06/2024 13:05:07"),
    (datetime(2024, 6, 1, 13, 5, 7), "d/m/yy h:m:s", "1/6/24 13:5:7"),
    (JUNE, "mmmmm", "J"),
    (JUNE, "ddd d mmm yyyy", "Sat 1 Jun 2024"),
    (JUNE, "dddd", "Saturday"),
    (JUNE, "yyyy-mm-dd", "2024-06-01"),
    (JUNE, "mm/yyyy", "06/2024"),
    (JUNE, "MMMM YYYY", "June 2024"),  # LibreOffice writes codes in capitals
    (JUNE, "[$-809]mmmm yyyy;@", "June 2024"),
    (JUNE, "[$-F800]dddd, mmmm dd, yyyy", "01 June 2024"),  # the system long date
    (datetime(2024, 6, 1, 9, 30), "[$-F400]h:mm:ss AM/PM", "09:30:00"),
    (JUNE, "d-mmm-yy", "1-Jun-24"),
    (45444.5, "dd/mm/yyyy hh:mm", "01/06/2024 12:00"),
    (0.5, "h:mm AM/PM", "12:00 PM"),
    (0.25, "hh:mm am/pm", "06:00 am"),
    (0.75, "h A/P", "6 P"),
    (time(10, 30), "h:mm", "10:30"),
    (time(10, 30, 15), "mm:ss", "30:15"),
    (time(0, 1, 1), "m", "1"),  # alone, m is the month: January 1900
    (timedelta(hours=30, minutes=5), "[h]:mm", "30:05"),
    (timedelta(minutes=90), "[mm]:ss", "90:00"),
    (timedelta(seconds=75.25), "[ss].00", "75.25"),
    (1.75 / 86400, "mm:ss.0", "00:01.8"),
    (0.999999999, "hh:mm:ss", "00:00:00"),  # rounds to the next day
    (45473.999999, "dd/mm/yyyy hh:mm", "01/07/2024 00:00"),
    (1, "dd/mm/yyyy ddd", "01/01/1900 Sun"),  # Excel's 1900 calendar, as it shows it
    (60, "dd/mm/yyyy", "29/02/1900"),
    (61, "dd/mm/yyyy", "01/03/1900"),
    (0, "dd/mm/yyyy", "00/01/1900"),
    (date(1900, 2, 28), "dd/mm/yyyy", "28/02/1900"),
    (-1, "dd/mm/yyyy", "-1"),  # Excel shows ####: the number is kept
    (timedelta(hours=-5), "[h]:mm", "-5:00"),  # Excel shows ####, LibreOffice this
    (-0.5, "h:mm", "-0.5"),  # Excel shows ####: the number is kept
    (JUNE, "0", "45444"),  # a date with a number format shows its serial
    (JUNE, "General", "45444"),
]

BUILTIN = [
    (0.5, 9, "50%"),
    (1234.5, 4, "1,234.50"),
    (1234.5, 7, "£1,234.50"),
    (-1234.5, 8, "-£1,234.50"),
    (JUNE, 14, "01/06/2024"),
    (JUNE, 15, "1-Jun-24"),
    (JUNE, 17, "Jun-24"),
    (datetime(2024, 6, 1, 14, 30), 18, "2:30 PM"),
    (datetime(2024, 6, 1, 14, 30), 22, "01/06/2024 14:30"),
    (-1234, 38, "(1,234)"),
    (timedelta(hours=26), 46, "26:00:00"),
    (12345, 48, "12.3E+3"),
    (5, 49, "5"),
    (5, 30, "5"),  # an East Asian id: General here
    (5, None, "5"),
]

GENERAL = [
    (1 / 3, "0.333333333"),  # 11 characters, as a standard-width cell
    (2 / 3, "0.666666667"),
    (1234567.891234, "1234567.891"),
    (12345678901, "12345678901"),
    (123456789012, "1.23457E+11"),  # 12 digits: scientific
    (-123456789012, "-1.23457E+11"),
    (100000000000, "1E+11"),
    (0.00001234, "0.00001234"),
    (0.0000001234, "1.234E-07"),
    (1e-12, "1E-12"),
    (-0.3, "-0.3"),
    (0.1 + 0.7, "0.8"),
    (1e15 + 0.3, "1E+15"),
    (2**70, "1.18059E+21"),
    (float("nan"), "#NUM!"),
    (float("inf"), "#NUM!"),
    (None, ""),
    ("", ""),
]


@pytest.mark.parametrize(("value", "code", "expected"),
                         ISSUE + NUMBERS + SECTIONS + DATES + BUILTIN)
def test_shown_as_excel_shows_it(value, code, expected):
    assert format_value(value, code) == expected


@pytest.mark.parametrize(("value", "expected"), GENERAL)
def test_general(value, expected):
    assert format_value(value) == expected
    assert format_value(value, "General") == expected


def test_1904_calendar():
    assert format_value(0, "dd/mm/yyyy", date1904=True) == "01/01/1904"
    assert format_value(JUNE, "0", date1904=True) == "43982"
    assert format_value(43982, "mmmm yyyy", date1904=True) == "June 2024"


@pytest.mark.parametrize("code", ["", "   ", "[", '"unclosed', "0.0.0", ";;;;;", "E+",
                                  "[>]0", "\\", "_", "*", "#/#", "0/", "yyyy;;;;;0"])
def test_odd_codes_do_not_raise(code):
    for value in (1.5, -2, 0, "text", JUNE, True, None):
        assert isinstance(format_value(value, code), str)


def test_unknown_type_is_its_text():
    assert format_value(object.__new__(type("Thing", (), {"__str__": lambda s: "x"}))) == "x"


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                       st.text(max_size=20), st.dates(), st.datetimes(), st.times(),
                       st.timedeltas(), st.decimals(allow_nan=True)),
       code=st.one_of(st.none(), st.integers(-5, 200),
                      st.text(alphabet='0#?.,%Ee+-/@;"\\_*[]hmsdyAPM $£<>=RdGnral:',
                              max_size=25),
                      st.text(max_size=10)))
def test_never_raises(value, code):
    assert isinstance(format_value(value, code), str)


# Codes built from the pieces real codes are made of: these must be applied as
# written, not rescued by the fall-back to General that hides a bug.
PIECES = ["0", "#", "?", ".", ",", "%", "E+", "E-", "/", "@", "yyyy", "yy", "mmmm", "mmm", "mm",
          "m", "dd", "d", "dddd", "hh", "h", "ss", "s", "[h]", "[mm]", "AM/PM", "A/P", ":", " ",
          "-", '"£"', '"text"', "\\-", "_-", "* ", "[Red]", "[>=100]", "[$£-809]", "General"]


@settings(max_examples=500, deadline=None)
@given(value=st.one_of(st.integers(-10**12, 10**12), st.floats(-1e12, 1e12),
                       st.dates(min_value=date(1900, 3, 1)), st.text(max_size=5)),
       sections=st.lists(st.lists(st.sampled_from(PIECES), max_size=8), min_size=1,
                         max_size=4))
def test_real_looking_codes_apply_without_fall_back(value, sections):
    from edi_workbook.xlsx import numfmt

    code = ";".join("".join(section) for section in sections)
    assert isinstance(numfmt._format(value, code, False), str)


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1e10, max_value=1e10, allow_nan=False))
def test_two_places_round_trip(number):
    """What "0.00" shows is the number to two places, grouped digits aside."""
    shown = format_value(number, "#,##0.00")
    assert math.isclose(float(shown.replace(",", "")), number, abs_tol=0.005 + 1e-9)


@pytest.mark.parametrize(("code", "parts"), [
    ("mmmm yyyy", {"year", "month"}),
    ("mmm-yy", {"year", "month"}),
    ("mm/yyyy", {"year", "month"}),
    ("[$-809]MMMM YYYY", {"year", "month"}),
    (17, {"year", "month"}),
    (14, {"year", "month", "day"}),
    ("dd/mm/yyyy", {"year", "month", "day"}),
    ("h:mm", {"hour", "minute"}),
    ("mm:ss", {"minute", "second"}),
    ("[h]:mm:ss", {"hour", "minute", "second"}),
    ("h AM/PM", {"hour"}),
    ("yyyy", {"year"}),
    ("General", set()),
    ("0.00E+00", set()),
    ('"day "0', set()),
    ("\\d0", set()),
    ("[Red]0.0", set()),
    ("@", set()),
    (None, set()),
    (0, set()),
])
def test_date_parts(code, parts):
    assert date_parts(code) == parts
    assert is_month_year_format(code) == (parts == {"year", "month"})


def test_builtin_table():
    assert builtin_format(14) == "dd/mm/yyyy"  # UK Excel's short date
    assert builtin_format(99) == "General"
    assert sorted(BUILTIN_FORMATS) == [*range(0, 23), *range(37, 50)]
    for code in BUILTIN_FORMATS.values():
        assert format_value(1234.5, code)


# LibreOffice applies codes as Excel does, with known exceptions: General's
# width, the 1900 calendar's first two months (no 29/02/1900, no day 0), the
# sign of a negative zero, "am/pm" in capitals, rounding a time to the second
# (it cuts) and [ss] alone. Everything else is an independent check. Its CSV
# export writes each cell as shown.
NOT_AS_EXCEL = {"hh:mm am/pm", "h A/P", "m", "[ss].00", "hh:mm:ss", "dd/mm/yyyy ddd"}
ORACLE = [(v, c) for v, c, _ in NUMBERS + SECTIONS + DATES
          if not isinstance(v, (str, Decimal)) and "General" not in c and "F800" not in c
          and "F400" not in c and c not in NOT_AS_EXCEL and v not in (-0.001, 1e300)
          and not (isinstance(v, (int, float)) and v < 61 and date_parts(c))
          and v != date(1900, 2, 28)]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_same(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row, (value, code) in enumerate(ORACLE, 1):
        ws.cell(row, 1, value).number_format = code
    wb.save(tmp_path / "formats.xlsx")
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
         "--outdir", str(tmp_path), str(tmp_path / "formats.xlsx")],
        check=True, capture_output=True, timeout=180)
    with open(tmp_path / "formats.csv", encoding="utf-8", newline="") as handle:
        shown = [row[0].strip() if row else "" for row in csv.reader(handle)]
    shown += [""] * (len(ORACLE) - len(shown))
    ours = [format_value(value, code) for value, code in ORACLE]
    differ = [(value, code, mine, theirs) for (value, code), mine, theirs
              in zip(ORACLE, ours, shown, strict=True) if mine != theirs]
    assert differ == [], "\n".join(map(repr, differ))
