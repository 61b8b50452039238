"""BulkSheet: rows written straight to sheet XML read back exactly, styled, among normal rows."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from edi_workbook.xlsx.write import BulkSheet, FastWorkbook

TRICKY = [
    "plain words",
    "fish & chips <b>bold</b> > less",
    "_x0041_ stays as typed, so does _x005F_",
    "control \x01 and \x1f characters",
    "carriage\r\nreturn and\nnewline",
    "  leading and trailing spaces  ",
    "=SUM(A1:A2)",
    "emoji 🙂 and accents é",
    '"quoted" and \'single\'',
]


def write(path: Path, build) -> Path:
    with xlsxwriter.Workbook(str(path)) as wb:
        ws = wb.add_worksheet("Data", worksheet_class=BulkSheet)
        build(wb, ws)
    return path


def test_text_reads_back_exactly_in_openpyxl_and_calamine(tmp_path):
    def build(wb, ws):
        for r, text in enumerate(TRICKY):
            ws.add_row(r, [text], [None])

    path = write(tmp_path / "t.xlsx", build)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python()
    assert [r[0] for r in rows] == TRICKY
    # openpyxl does not undo Excel's _xHHHH_ escapes (in shared strings either,
    # for control characters); everything else reads back as written.
    ws = openpyxl.load_workbook(path)["Data"]
    plain = [i for i, t in enumerate(TRICKY) if "_x" not in t and "\x01" not in t
             and "\r" not in t]
    assert [ws.cell(i + 1, 1).value for i in plain] == [TRICKY[i] for i in plain]
    assert ws["A7"].data_type == "s"  # formula-looking text is text


def test_values_formats_heights_and_normal_rows_around(tmp_path):
    when = datetime(2024, 10, 15, 9, 30)

    def build(wb, ws):
        bold = wb.add_format({"bold": True})
        fill = wb.add_format({"bg_color": "#FFFF00", "text_wrap": True})
        day = wb.add_format({"num_format": "dd/mm/yyyy"})
        ws.write_string(0, 0, "Header", bold)  # xlsxwriter's own row before ours
        ws.add_row(1, ["a", 3, 2.5, date(2024, 3, 31), when, True, None, ""],
                   [fill, None, None, day, day, None, fill, None], 45)
        ws.write_string(2, 1, "between", bold)
        ws.add_row(3, ["b"], [None])
        ws.write_comment(3, 0, "a note on a bulk row", {"author": "edi-workbook"})
        ws.write_string(6, 0, "after", bold)

    path = write(tmp_path / "v.xlsx", build)
    ws = openpyxl.load_workbook(path)["Data"]
    assert ws["A1"].value == "Header" and ws["A1"].font.b
    assert [c.value for c in ws[2]][:6] == ["a", 3, 2.5, datetime(2024, 3, 31), when, True]
    assert ws["A2"].fill.fgColor.rgb.endswith("FFFF00") and ws["A2"].alignment.wrap_text
    assert ws["G2"].fill.fgColor.rgb.endswith("FFFF00") and ws["G2"].value is None
    assert ws["D2"].number_format == "dd/mm/yyyy"
    assert ws.row_dimensions[2].height == 45
    assert ws["B3"].value == "between" and ws["B3"].font.b
    assert ws["A4"].value == "b" and ws["A4"].comment.text == "a note on a bulk row"
    assert ws["A7"].value == "after"
    assert ws.max_row == 7


def test_rows_are_in_order_and_written_once(tmp_path):
    def build(wb, ws):
        for r in (5, 1, 3):  # added out of order
            ws.add_row(r, [f"row {r}"], [None])
        ws.write_string(0, 0, "top")

    path = write(tmp_path / "o.xlsx", build)
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode()
    numbers = [int(part.split('"')[0]) for part in xml.split('<row r="')[1:]]
    assert numbers == [1, 2, 4, 6]
    assert '<dimension ref="A1:A6"/>' in xml


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(
    blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
    min_size=1, max_size=5))
def test_any_text_survives(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("h") / "h.xlsx"
    write(path, lambda wb, ws: ws.add_row(0, texts, []))
    [got] = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python()
    assert got[:len(texts)] == texts


@pytest.mark.parametrize("text", ["x" * 32_767])
def test_a_full_cell_is_kept(tmp_path, text):
    path = write(tmp_path / "f.xlsx", lambda wb, ws: ws.add_row(0, [text], [None]))
    assert openpyxl.load_workbook(path)["Data"]["A1"].value == text


def test_notes_are_xlsxwriter_notes_sized_by_the_real_rows(tmp_path):
    """The one-string note writer, and notes copied from a prototype, give xlsxwriter's own
    bytes, rows sized as set_row sizes them (ours: BulkSheet; theirs: xlsxwriter's own)."""
    from edi_workbook.workbooks.plan_writer import NOTE_OPTIONS

    notes = ["Previous value: a & b < c > d", "_x0041_ stays as typed", " leading space",
             "two\nlines\tand a tab ", "emoji 🙂 and accents é", "x" * 5000]

    def build(path, workbook_class, bulk):
        with workbook_class(str(path)) as wb:
            ws = wb.add_worksheet("Plan", worksheet_class=BulkSheet if bulk else None)
            for r, text in enumerate(notes, start=1):
                if bulk:
                    ws.add_row(r, ["a", text], [None, None], 47 * r)
                else:
                    ws.write_string(r, 0, "a")
                    ws.write_string(r, 1, text)
                    ws.set_row(r, 47 * r)
                ws.write_comment(r, 1, text, NOTE_OPTIONS)
            ws.write_comment(0, 3, "on the first row, placed otherwise", NOTE_OPTIONS)
            ws.write_comment(2, 4, "no options")
            ws.write_comment("F3", "by its reference", NOTE_OPTIONS)
            ws.write_comment(3, 6, "placed by hand", {**NOTE_OPTIONS, "x_offset": 3})
        with zipfile.ZipFile(path) as z:
            return [z.read(n) for n in ("xl/comments1.xml", "xl/drawings/vmlDrawing1.vml")]

    ours = build(tmp_path / "ours.xlsx", FastWorkbook, bulk=True)
    theirs = build(tmp_path / "theirs.xlsx", xlsxwriter.Workbook, bulk=False)
    assert ours == theirs
    ws = openpyxl.load_workbook(tmp_path / "ours.xlsx")["Plan"]
    # openpyxl does not undo Excel's _xHHHH_ escape (Excel and calamine do).
    assert [ws.cell(r, 2).comment.text for r in range(2, 2 + len(notes))
            if "_x" not in notes[r - 2]] == [n for n in notes if "_x" not in n]


def test_odd_values_never_make_a_broken_file(tmp_path):
    """NaN and infinity have no cell value; a StrEnum is its text; times and durations are times."""
    from datetime import time, timedelta
    from enum import StrEnum

    class Mark(StrEnum):
        AMP = "fish & chips"
        NUMBER = "1"

    def build(wb, ws):
        ws.add_row(0, [float("nan"), float("inf"), -float("inf"), Mark.AMP, Mark.NUMBER,
                       time(9, 30), timedelta(hours=26), "non-character \ufffe"],
                   [wb.add_format({"bold": True})] * 5
                   + [wb.add_format({"num_format": "hh:mm"}),
                      wb.add_format({"num_format": "[h]:mm"}), None])

    path = write(tmp_path / "odd.xlsx", build)
    ws = openpyxl.load_workbook(path)["Data"]  # would raise on <v>nan</v> or a raw "&"
    assert [ws.cell(1, c).value for c in range(1, 6)] == [None, None, None, "fish & chips", "1"]
    assert ws["A1"].font.b and ws["C1"].font.b  # the blank keeps its format
    assert ws["F1"].value == time(9, 30) and ws["G1"].value == timedelta(hours=26)
    assert ws["H1"].value == "non-character _xFFFE_"  # escaped as Excel does; the
    # package's writers strip such characters before they get here (cells.strip_illegal)



def test_bulk_rows_are_the_bytes_xlsxwriter_writes_for_the_same_cells(tmp_path):
    """BulkSheet writes what xlsxwriter's own inline-string mode writes, byte for byte.

    It overrides Worksheet._write_sheet_data and leans on _write_rows,
    _check_dimensions, row_sizes, dim_rowmin/dim_rowmax and Format._get_xf_index:
    a new xlsxwriter that changes any of them fails here first.
    """
    when = datetime(2024, 10, 15, 9, 30)
    rows = {
        1: (["plain", 3, 2.5, date(2024, 3, 31), when, True, None, ""], 32),  # 42.67 px
        2: (["fish & chips <b>", "_x0041_ lookalike", " lead", "a\nb", "=SUM(A1)", "é🙂",
             0, -1.5], None),
        4: (["ctrl \x01 x", "", None, 1e20, "tab\tx", "q\"'", 7, False], 30),
    }

    def build(path: Path, bulk: bool) -> str:
        wb = xlsxwriter.Workbook(str(path), {"constant_memory": not bulk})
        ws = wb.add_worksheet("Data", worksheet_class=BulkSheet if bulk else None)
        bold = wb.add_format({"bold": True})
        day = wb.add_format({"num_format": "dd/mm/yyyy"})
        formats = [bold, None, None, day, day, None, bold, bold]
        # xlsxwriter's own rows around the bulk ones (numbers: its own strings would be
        # shared strings in one workbook and inline in the other)
        ws.write_number(0, 0, 2024, bold)
        for r, (values, height) in rows.items():
            if bulk:
                ws.add_row(r, values, formats, height)
            else:
                if height:
                    ws.set_row(r, height)
                for c, value in enumerate(values):
                    fmt = formats[c]
                    if value is None or value == "":
                        ws.write_blank(r, c, None, fmt)
                    elif isinstance(value, str):
                        ws.write_string(r, c, value, fmt)
                    elif isinstance(value, bool):
                        ws.write_boolean(r, c, value, fmt)
                    elif isinstance(value, date):
                        ws.write_datetime(r, c, value, fmt)
                    else:
                        ws.write_number(r, c, value, fmt)
            if r == 2:
                ws.write_number(3, 1, 0.5, bold)
        ws.write_blank(6, 0, None, bold)
        ws.set_column(0, 7, 20)
        ws.freeze_panes(1, 0)
        wb.close()
        with zipfile.ZipFile(path) as z:
            return z.read("xl/worksheets/sheet1.xml").decode()

    ours, theirs = build(tmp_path / "bulk.xlsx", True), build(tmp_path / "own.xlsx", False)
    # Outside its inline-string mode xlsxwriter adds spans="a:b" to its own rows.
    assert re.sub(r' spans="[0-9]+:[0-9]+"', "", ours) == theirs


def test_sheet_writes_xlsxwriter_s_own_formulas(tmp_path):
    """Sheet skips xlsxwriter's rewriting of new Excel functions only where there is none."""
    from edi_workbook.xlsx.write import Sheet

    def build(path: Path, cls) -> bytes:
        with xlsxwriter.Workbook(str(path)) as wb:
            ws = wb.add_worksheet("Data", worksheet_class=cls)
            fill = wb.add_format({"bg_color": "#FFEB9C"})
            ws.conditional_format(1, 0, 60, 3, {"type": "formula", "criteria": '=$H2="At risk"',
                                                "format": fill, "stop_if_true": True})
            ws.conditional_format(1, 0, 60, 3, {"type": "formula",
                                                "criteria": "=XLOOKUP(A2,B:B,C:C)>1",
                                                "format": fill})
            ws.write_formula(0, 0, "=SUM(1,2)")
            ws.write_formula(0, 1, "{=1+1}")
        with zipfile.ZipFile(path) as z:
            return z.read("xl/worksheets/sheet1.xml")

    assert build(tmp_path / "ours.xlsx", Sheet) == build(tmp_path / "own.xlsx", None)


@pytest.mark.parametrize("in_memory", [True, False])
def test_a_big_workbook_is_the_same_parts_deflated_quickly(tmp_path, in_memory):
    """QuickWorkbook writes xlsxwriter's own parts byte for byte, deflated at level 1
    (bigger, sooner); xlsxwriter itself is left as it was for everyone else."""
    import xlsxwriter.workbook

    from edi_workbook.xlsx.write import QuickWorkbook

    def build(path: Path, cls: type) -> dict[str, bytes]:
        wb = cls(str(path), {"in_memory": in_memory})
        ws = wb.add_worksheet("Data")
        for r in range(300):
            ws.write_row(r, 0, [f"Row {r}: the leads' words, " * (1 + r % 7), r, r / 7])
        wb.close()
        with zipfile.ZipFile(path) as z:
            parts = {name: z.read(name) for name in z.namelist()}
        # created and modified to the second: the two files may be a second apart
        parts["docProps/core.xml"] = re.sub(rb"<dcterms:(\w+)[^<]*</dcterms:\1>", b"",
                                            parts["docProps/core.xml"])
        return parts

    quick, own = tmp_path / "quick.xlsx", tmp_path / "own.xlsx"
    assert build(quick, QuickWorkbook) == build(own, xlsxwriter.Workbook)
    assert quick.stat().st_size > own.stat().st_size * 1.1  # deflated less hard
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile
