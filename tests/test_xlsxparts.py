"""What calamine does not give, read from the XML parts of workbooks that Excel,
LibreOffice, openpyxl and xlsxwriter write (and hand-built parts for what only
Excel writes: threaded comments, shared formulas, prefixes)."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from openpyxl.comments import Comment

from edi_workbook.core import messages as m
from edi_workbook.core.errors import PlanError, WorkbookError
from edi_workbook.xlsx.numfmt import format_value
from edi_workbook.xlsx.parts import (
    ColumnSpan,
    FilterColumn,
    Formula,
    Note,
    Reply,
    open_parts,
    shift_formula,
)
from edi_workbook.xlsx.refs import column_index, column_letter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
THREADED = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"


# --- Workbooks as the libraries write them ----------------------------------------

@pytest.fixture(scope="module")
def officer_book(tmp_path_factory) -> Path:
    """A plan-like sheet an officer worked on in openpyxl."""
    path = tmp_path_factory.mktemp("op") / "officer.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Community Leader"
    ws.append(["ID", "Status", "Share", "Due", "Budget", "Month"])
    ws.append(["CL-01", "On track", 0.755, None, 1234.5, None])
    ws["D2"].value = __import__("datetime").date(2024, 6, 30)
    ws["D2"].number_format = "dd/mm/yyyy"
    ws["C2"].number_format = "0.0%"
    ws["E2"].number_format = "#,##0.00"
    ws["F2"] = __import__("datetime").date(2024, 6, 1)
    ws["F2"].number_format = "mmmm yyyy"
    ws["G2"] = "=C2*2"
    ws["G1"] = "Officer's own"
    ws["B2"].comment = Comment("Checked with Housing\non 3 June", "Policy Officer")
    ws.merge_cells("A4:C5")
    ws.column_dimensions["G"].width = 42
    ws.column_dimensions["H"].hidden = True
    ws.auto_filter.ref = "A1:G2"
    ws.auto_filter.add_filter_column(1, ["On track", "At risk"], blank=True)
    other = wb.create_sheet("Notes & more")
    other["A1"] = "typed elsewhere"
    hidden = wb.create_sheet("_meta")
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def writer_book(tmp_path_factory) -> Path:
    """xlsxwriter: notes, array and future-function formulas, a custom filter."""
    path = tmp_path_factory.mktemp("xw") / "writer.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Return")
    ws.write("A1", "ID")
    ws.write_comment("A1", "please read", {"author": "Sam"})
    ws.write_formula("B1", '=A1&"!"')
    ws.write_array_formula("C1:C3", "{=LEN(A1:A3)}")
    ws.write_formula("D1", "=_xlfn.XLOOKUP(A1,A:A,B:B)")
    ws.write("E1", 0.75, wb.add_format({"num_format": "0%"}))
    ws.write("E2", 45473, wb.add_format({"num_format": 14}))
    ws.set_column("F:H", 30, None, {"hidden": True})
    ws.autofilter("A1:E20")
    ws.filter_column("B", "x > 5 and x < 10")
    wb.close()
    return path


def test_openpyxl_workbook(officer_book):
    with open_parts(officer_book) as book:
        assert book.sheet_names() == ["Community Leader", "Notes & more", "_meta"]
        assert [e.kind for e in book.sheets] == ["worksheet"] * 3
        sheet = book.sheet("Community Leader")
        meta = book.sheet("_meta")
    assert sheet.notes == {"B2": Note("B2", "Checked with Housing\non 3 June", "Policy Officer")}
    assert sheet.merged == ("A4:C5",)
    assert sheet.formulas() == {"G2": Formula("=C2*2", "C2*2")}
    assert sheet.column(7) == ColumnSpan(7, 7, 42.0, False, True)
    assert sheet.column(8).hidden and not sheet.column(7).hidden
    assert sheet.column(1) is None
    assert sheet.autofilter.ref == "A1:G2"
    assert sheet.autofilter.columns == (
        FilterColumn(2, "values", ("On track", "At risk"), blank=True),)
    assert sheet.number_formats(["C2", "D2", "E2", "F2", "A2", "Z99", "$c$2"]) == {
        "C2": "0.0%", "D2": "dd/mm/yyyy", "E2": "#,##0.00", "F2": "mmmm yyyy",
        "A2": "General", "Z99": "General"}
    assert (meta.notes, meta.merged, meta.formulas(), meta.autofilter) == ({}, (), {}, None)


def test_values_as_the_lead_saw_them(officer_book):
    """The blocks together: calamine's value and this format give what Excel showed."""
    from python_calamine import CalamineWorkbook

    with open_parts(officer_book) as book:
        codes = book.sheet("Community Leader").number_formats(["C2", "E2", "F2"])
    rows = CalamineWorkbook.from_path(str(officer_book)).get_sheet_by_name(
        "Community Leader").to_python()
    shown = [format_value(rows[1][column_index(ref[0]) - 1], codes[ref]) for ref in codes]
    assert shown == ["75.5%", "1,234.50", "June 2024"]


def test_xlsxwriter_workbook(writer_book):
    with open_parts(writer_book) as book:
        sheet = book.sheet("Return")
    assert sheet.notes["A1"] == Note("A1", "please read", "Sam")
    formulas = sheet.formulas()
    assert formulas["B1"] == Formula('=A1&"!"', 'A1&"!"')
    assert formulas["C1"] == Formula("=LEN(A1:A3)", "LEN(A1:A3)", "array", "C1:C3")
    # xlsxwriter writes a newer function as a one-cell dynamic array, as Excel 365 does
    assert formulas["D1"] == Formula("=XLOOKUP(A1,A:A,B:B)", "_xlfn.XLOOKUP(A1,A:A,B:B)",
                                     "array", "D1", dynamic=True)
    assert sheet.number_formats(["E1", "E2"]) == {"E1": "0%", "E2": "dd/mm/yyyy"}
    assert sheet.column(6) == sheet.column(8) and sheet.column(8).hidden
    assert sheet.column(8).first == 6 and sheet.column(8).last == 8
    [column] = sheet.autofilter.columns
    assert column == FilterColumn(2, "custom")


# --- Parts only Excel writes, built by hand -------------------------------------------

CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
              'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
              for i in range(1, 4))
    + "</Types>")


def build(path: Path, sheets: dict[str, str], *, parts: dict[str, str] | None = None,
          sheet_rels: dict[int, str] | None = None, workbook_rels: str = "",
          styles: str | None = "", workbook_pr: str = "") -> Path:
    """A minimal .xlsx: `sheets` maps name -> worksheet XML (sheet1.xml, sheet2.xml...)."""
    entries = "".join(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, name in enumerate(sheets, 1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet"'
                   f' Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1))
    if styles is not None:
        rels += f'<Relationship Id="rIdS" Type="{REL}/styles" Target="styles.xml"/>'
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1"'
                   f' Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_pr}'
                   f'<sheets>{entries}</sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<Relationships xmlns="{PKG}">{rels}{workbook_rels}</Relationships>')
        if styles is not None:
            z.writestr("xl/styles.xml", styles or f'<styleSheet xmlns="{MAIN}"><cellXfs>'
                       '<xf numFmtId="0"/></cellXfs></styleSheet>')
        for i, xml in enumerate(sheets.values(), 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        for i, xml in (sheet_rels or {}).items():
            z.writestr(f"xl/worksheets/_rels/sheet{i}.xml.rels",
                       f'<Relationships xmlns="{PKG}">{xml}</Relationships>')
        for name, xml in (parts or {}).items():
            z.writestr(name, xml)
    return path


def sheet_xml(data: str, after: str = "", before: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">{before}<sheetData>{data}</sheetData>'
            f"{after}</worksheet>")


MIRROR = ("[Threaded comment]\n\nYour version of Excel allows you to read this threaded"
          " comment; however, any edits to it will get removed if the file is opened in a"
          " newer version of Excel. Learn more: https://go.microsoft.com/fwlink/?linkid=870924"
          "\n\nComment:\n    Is this on track?\nReply:\n    Yes: see the update.")


def test_threaded_comments_as_excel_365_writes_them(tmp_path):
    path = build(tmp_path / "t.xlsx", {"Return": sheet_xml(
        '<row r="2"><c r="B2" t="inlineStr"><is><t>On track</t></is></c></row>')},
        sheet_rels={1: (
            f'<Relationship Id="rId1" Type="{REL}/comments" Target="../comments1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2017/10/'
            'relationships/threadedComment" Target="/xl/threadedComments/threadedComment1.xml"/>')},
        workbook_rels=('<Relationship Id="rIdP" Type="http://schemas.microsoft.com/office/2017/'
                       '10/relationships/person" Target="persons/person.xml"/>'),
        parts={
            "xl/comments1.xml": (
                f'<comments xmlns="{MAIN}"><authors><author>tc={{C1}}</author>'
                '<author>Policy Officer</author></authors><commentList>'
                f'<comment ref="B2" authorId="0"><text><t>{MIRROR}</t></text></comment>'
                '<comment ref="C2" authorId="1"><text><r><rPr><b/><family val="2"/></rPr>'
                '<t>Policy Officer:</t></r><r><t xml:space="preserve">\nan old note</t></r>'
                '<rPh sb="0" eb="1"><t>phonetic</t></rPh></text></comment>'
                '</commentList></comments>'),
            "xl/threadedComments/threadedComment1.xml": (
                f'<ThreadedComments xmlns="{THREADED}"><threadedComment ref="B2"'
                ' dT="2024-06-01T10:00:00.00" personId="{P1}" id="{C1}"><text>Is this on'
                ' track?</text></threadedComment><threadedComment ref="B2"'
                ' dT="2024-06-02T10:00:00.00" personId="{P2}" id="{C2}" parentId="{C1}">'
                '<text>Yes: see the update.</text></threadedComment></ThreadedComments>'),
            "xl/persons/person.xml": (
                f'<personList xmlns="{THREADED}"><person displayName="Policy Officer"'
                ' id="{P1}" userId="po@council.example" providerId="AD"/><person'
                ' displayName="Sam Lead" id="{P2}" userId="sam@council.example"'
                ' providerId="AD"/></personList>'),
        })
    with open_parts(path) as book:
        notes = book.sheet("Return").notes
    assert notes["B2"] == Note("B2", "Is this on track?", "Policy Officer",
                               (Reply("Sam Lead", "Yes: see the update."),))
    assert notes["C2"] == Note("C2", "Policy Officer:\nan old note", "Policy Officer")


def test_legacy_mirror_alone_is_kept_whole(tmp_path):
    """Opened and saved by an Excel without threads: only the mirror is left; keep it."""
    path = build(tmp_path / "m.xlsx", {"S": sheet_xml("")},
                 sheet_rels={1: f'<Relationship Id="rId1" Type="{REL}/comments"'
                                ' Target="../comments1.xml"/>'},
                 parts={"xl/comments1.xml": (
                     f'<comments xmlns="{MAIN}"><authors><author>tc={{C1}}</author></authors>'
                     f'<commentList><comment ref="b2" authorId="0"><text><t>{MIRROR}</t>'
                     '</text></comment></commentList></comments>')})
    with open_parts(path) as book:
        assert book.sheet("S").notes == {"B2": Note("B2", MIRROR, "")}


SHARED = (
    '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:C3" si="0">'
    "A1*2+$A$1+SUM(A$1:A1)</f><v>3</v></c><c r=\"C1\"><f t=\"shared\" si=\"0\"/><v>0</v></c>"
    '</row><row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>0</v></c>'
    '<c r="D2"><f t="shared" ref="D2:D3" si="1">IF(A2&gt;1,"A1&amp;B1",\'My Sheet\'!A2)</f>'
    '<v>0</v></c></row><row r="3"><c r="B3"><f t="shared" si="0"/></c>'
    '<c r="C3"><f t="shared" si="0"/></c><c r="D3"><f t="shared" si="1"/></c></row>')


def test_shared_formulas_are_given_per_cell(tmp_path):
    path = build(tmp_path / "s.xlsx", {"S": sheet_xml(SHARED)})
    with open_parts(path) as book:
        formulas = book.sheet("S").formulas()
    assert {ref: f.text for ref, f in formulas.items()} == {
        "B1": "=A1*2+$A$1+SUM(A$1:A1)",
        "C1": "=B1*2+$A$1+SUM(B$1:B1)",
        "B2": "=A2*2+$A$1+SUM(A$1:A2)",
        "B3": "=A3*2+$A$1+SUM(A$1:A3)",
        "C3": "=B3*2+$A$1+SUM(B$1:B3)",
        "D2": "=IF(A2>1,\"A1&B1\",'My Sheet'!A2)",
        "D3": "=IF(A3>1,\"A1&B1\",'My Sheet'!A3)",
    }
    assert {f.kind for f in formulas.values()} == {"shared"}
    assert formulas["C3"].ref == "B1:C3"


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")
def test_shared_formulas_agree_with_openpyxl(tmp_path):
    path = build(tmp_path / "s.xlsx", {"S": sheet_xml(SHARED)})
    with open_parts(path) as book:
        ours = {ref: f.text for ref, f in book.sheet("S").formulas().items()}
    ws = openpyxl.load_workbook(path)["S"]
    theirs = {c.coordinate: c.value for row in ws.iter_rows() for c in row
              if c.data_type == "f"}
    assert ours == theirs


def test_namespace_prefixes_cells_without_refs_and_lookalike_text(tmp_path):
    """What .NET generators write: x: prefixes, cells placed by order, single quotes."""
    data = (
        "<x:row><x:c t='inlineStr'><x:is><x:t>s=\"1\" &lt;f&gt;not a formula</x:t></x:is>"
        "</x:c><x:c s='1'><x:v>0.5</x:v></x:c><x:c><x:f>A1&amp;\"x\"</x:f></x:c></x:row>"
        "<x:row r='4' s='1' customFormat='1'><x:c r='C4' s = '1'><x:v>2</x:v></x:c>"
        "<x:c><x:f>C4+1</x:f></x:c><x:c t='inlineStr'><x:is><x:r><x:rPr><x:family val='2'/>"
        "</x:rPr><x:t>rich</x:t></x:r></x:is></x:c></x:row>")
    xml = (f'<x:worksheet xmlns:x="{MAIN}" xmlns:r="{REL}"><x:cols><x:col min="2" max="3"'
           ' width="25.5" customWidth="true" hidden="true"/></x:cols>'
           f"<x:sheetData>{data}</x:sheetData><x:mergeCells><x:mergeCell ref='A1:A2'/>"
           "</x:mergeCells><x:autoFilter ref='A1:C4'/></x:worksheet>")
    styles = (f'<x:styleSheet xmlns:x="{MAIN}"><x:numFmts><x:numFmt numFmtId="164"'
              ' formatCode="0.0%"/></x:numFmts><x:cellXfs><x:xf numFmtId="0"/>'
              '<x:xf numFmtId="164"/></x:cellXfs></x:styleSheet>')
    path = build(tmp_path / "x.xlsx", {"Return": xml}, styles=styles)
    with open_parts(path) as book:
        sheet = book.sheet("Return")
    assert sheet.formulas() == {"C1": Formula('=A1&"x"', 'A1&"x"'),
                                "D4": Formula("=C4+1", "C4+1")}
    assert sheet.number_formats(["A1", "B1", "C1", "C4", "A4"]) == {
        "A1": "General", "B1": "0.0%", "C1": "General", "C4": "0.0%", "A4": "General"}
    assert sheet.merged == ("A1:A2",)
    assert sheet.column(2) == ColumnSpan(2, 3, 25.5, True, True)
    assert sheet.autofilter.ref == "A1:C4" and sheet.autofilter.columns == ()


def test_1904_dates_and_a_filter_by_month(tmp_path):
    month = ('<autoFilter ref="A1:C9"><filterColumn colId="2"><filters><dateGroupItem'
             ' year="2024" month="6" dateTimeGrouping="month"/></filters></filterColumn>'
             '</autoFilter>')
    path = build(tmp_path / "v.xlsx", {"S": sheet_xml("", after=month)},
                 workbook_pr='<workbookPr date1904="1"/>', styles=None)
    with open_parts(path) as book:
        assert book.date1904
        sheet = book.sheet("S")
    assert sheet.autofilter.columns == (FilterColumn(3, "values", ("2024-06",)),)


def test_missing_optional_parts_read_as_empty(tmp_path):
    """A comments relationship to a part that is not there, no styles: nothing, no error."""
    path = build(tmp_path / "o.xlsx", {"S": sheet_xml('<row r="1"><c r="A1" s="3"><v>1</v>'
                                                      "</c></row>")}, styles=None,
                 sheet_rels={1: f'<Relationship Id="rId1" Type="{REL}/comments"'
                                ' Target="../comments9.xml"/>'})
    with open_parts(path) as book:
        sheet = book.sheet("S")
    assert sheet.notes == {} and sheet.number_formats(["A1"]) == {"A1": "General"}


def test_sheet_names_ignore_case_and_unknown_is_key_error(officer_book):
    with open_parts(officer_book) as book:
        assert book.sheet("community leader").name == "Community Leader"
        with pytest.raises(KeyError):
            book.sheet("More updates")


def test_a_sheet_outlives_the_open_workbook(officer_book):
    with open_parts(officer_book) as book:
        sheet = book.sheet("Community Leader")
    assert sheet.formulas() and sheet.number_formats(["C2"]) == {"C2": "0.0%"}


# --- Damaged parts ------------------------------------------------------------------

def rewrite(source: Path, target: Path, part: str, data: bytes | None) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            if item.filename == part:
                if data is not None:
                    zout.writestr(item, data)
            else:
                zout.writestr(item, zin.read(item))
    return target


def test_malformed_sheet_xml_is_an_error_naming_the_file(officer_book, tmp_path):
    bad = rewrite(officer_book, tmp_path / "bad.xlsx", "xl/worksheets/sheet1.xml",
                  b"<worksheet><sheetData><row></worksheet>")
    with open_parts(bad, PlanError) as book, pytest.raises(PlanError) as info:
        book.sheet("Community Leader")
    assert info.value.reason == m.NOT_READABLE_XLSX


def test_entity_declarations_are_refused(officer_book, tmp_path):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY a "aaaaaaaa">]>'
            b'<comments xmlns="' + MAIN.encode() + b'"><commentList><comment ref="A1">'
            b"<text><t>&a;</t></text></comment></commentList></comments>")
    bad = rewrite(officer_book, tmp_path / "bomb.xlsx", "xl/comments/comment1.xml", bomb)
    with open_parts(bad) as book, pytest.raises(WorkbookError) as info:
        book.sheet("Community Leader")
    assert info.value.reason == m.declares_entities("xl/comments/comment1.xml")


def test_no_workbook_part(officer_book, tmp_path):
    bad = rewrite(officer_book, tmp_path / "nowb.xlsx", "xl/workbook.xml", None)
    for path in (bad, tmp_path / "junk.xlsx"):
        if not path.exists():
            path.write_bytes(b"not a zip")
        with pytest.raises(WorkbookError) as info:
            open_parts(path)
        assert (info.value.reason, info.value.advice) == (m.NOT_READABLE_XLSX, m.RESAVE_XLSX)


# --- LibreOffice re-saves -----------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_resave_keeps_what_we_read(officer_book, tmp_path):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path / "out"),
                    str(officer_book)], check=True, capture_output=True, timeout=180)
    with open_parts(tmp_path / "out" / officer_book.name) as book:
        assert book.sheet_names() == ["Community Leader", "Notes & more", "_meta"]
        sheet = book.sheet("Community Leader")
    # ROUNDTRIP.md: LibreOffice keeps a note's text and blanks its author.
    assert sheet.notes == {"B2": Note("B2", "Checked with Housing\non 3 June", "")}
    assert sheet.merged == ("A4:C5",)
    assert sheet.formulas()["G2"].text == "=C2*2"
    assert sheet.number_formats(["C2", "D2", "E2"]) == {
        "C2": "0.0%", "D2": "dd/mm/yyyy", "E2": "#,##0.00"}
    assert format_value(0.5, sheet.number_formats(["F2"])["F2"]) != "0.5"  # still a date
    assert sheet.column(7).width == 42 and sheet.column(8).hidden
    assert sheet.autofilter.columns[0].values == ("On track", "At risk")


# --- Formula references -------------------------------------------------------------

@pytest.mark.parametrize(("formula", "rows", "cols", "expected"), [
    ("A1*2", 1, 0, "A2*2"),
    ("A1*2", 0, 2, "C1*2"),
    ("$A$1+B$2+$C3", 1, 1, "$A$1+C$2+$C4"),
    ("SUM(A1:B2)", 2, 0, "SUM(A3:B4)"),
    ("LOG10(A1)+ATAN2(B1,C1)", 1, 0, "LOG10(A2)+ATAN2(B2,C2)"),  # function names stay
    ('"A1"&A1', 1, 0, '"A1"&A2'),  # text stays
    ('"say ""A1"""&A1', 1, 0, '"say ""A1"""&A2'),
    ("'Sheet 1'!A1+Sheet2!B2", 1, 0, "'Sheet 1'!A2+Sheet2!B3"),
    ("'It''s A1'!A1", 1, 0, "'It''s A1'!A2"),
    ("Actions[[#This Row],[Due]]+A1", 1, 0, "Actions[[#This Row],[Due]]+A2"),
    ("[1]Sheet1!A1", 1, 0, "[1]Sheet1!A2"),
    ("A:A", 5, 1, "B:B"),
    ("$A:B", 0, 1, "$A:C"),
    ("1:1", 1, 3, "2:2"),
    ("A1", -1, 0, "#REF!"),
    ("XFD1", 0, 1, "#REF!"),
    ("_xlfn.XLOOKUP(A2,B:B,C:C)", 1, 0, "_xlfn.XLOOKUP(A3,B:B,C:C)"),
    ("#REF!+A1", 1, 0, "#REF!+A2"),
    ("TRUE+StatusList", 1, 1, "TRUE+StatusList"),
    ("A1", 0, 0, "A1"),
])
def test_shift_formula(formula, rows, cols, expected):
    assert shift_formula(formula, rows, cols) == expected


@pytest.mark.parametrize(("index", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (28, "AB"),
                                                (702, "ZZ"), (703, "AAA"), (16_384, "XFD")])
def test_column_letters(index, letters):
    assert column_letter(index) == letters
    assert column_index(letters.lower()) == index
    assert column_index(letters.encode()) == index  # as read from a sheet's bytes


def test_columns_past_excels_last_are_far_not_an_error():
    """Hostile files name columns past XFD: they count as far, in order, never a crash."""
    assert column_index("XFDA") == column_index("XFD") * 26 + 1
    assert column_letter(column_index("ABCD")) == "ABCD"
    assert column_index("ABCDEFGH") == 26**5


def test_empty_sheet_data_and_a_chartsheet(tmp_path):
    empty = (f'<worksheet xmlns="{MAIN}"><sheetData/><mergeCells><mergeCell ref="B2:C2"/>'
             '</mergeCells></worksheet>')
    path = build(tmp_path / "e.xlsx", {"Empty": empty},
                 workbook_rels=(f'<Relationship Id="rIdC" Type="{REL}/chartsheet"'
                                ' Target="chartsheets/sheet1.xml"/>'),
                 parts={"xl/chartsheets/sheet1.xml": f'<chartsheet xmlns="{MAIN}"/>'})
    with zipfile.ZipFile(path) as z:  # name the chartsheet in workbook.xml too
        data = z.read("xl/workbook.xml").replace(
            b"</sheets>", b'<sheet name="Chart" sheetId="9" r:id="rIdC"/></sheets>')
    path = rewrite(path, tmp_path / "e2.xlsx", "xl/workbook.xml", data)
    with open_parts(path) as book:
        assert [(e.name, e.kind) for e in book.sheets] == [
            ("Empty", "worksheet"), ("Chart", "chartsheet")]
        sheet, chart = book.sheet("Empty"), book.sheet("Chart")
    assert sheet.merged == ("B2:C2",) and sheet.formulas() == {} and not sheet.has_formulas()
    assert (chart.merged, chart.notes, chart.formulas()) == ((), {}, {})
