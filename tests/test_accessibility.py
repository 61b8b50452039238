"""The accessibility check: small files that break one rule each, files that pass, the CLI."""

from __future__ import annotations

import struct
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import docx
import pytest
import xlsxwriter
from click.testing import CliRunner
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from edi_workbook.accessibility import LEVELS, RULES, check_file, count_levels
from edi_workbook.cli import cli
from edi_workbook.core import messages as m
from edi_workbook.core.errors import WorkbookError

WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def png(path: Path) -> Path:
    """A 1x1 PNG, so pictures need no fixture file."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2,
                                                                       0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
                     + chunk(b"IEND", b""))
    return path


def rules(findings) -> list[str]:
    return [f.rule for f in findings]


def only(findings, rule):
    found = [f for f in findings if f.rule == rule]
    assert len(found) == 1, [f.line() for f in findings]
    return found[0]


# --- Word -------------------------------------------------------------------

def good_document() -> docx.Document:
    """A document that breaks no rule: every test below changes one thing."""
    document = docx.Document()
    document.core_properties.title = "EDI Action Plan 2023-24: progress update"
    document.styles["Normal"].font.size = Pt(12)
    document.add_heading("Progress update", level=1)
    document.add_paragraph("The council agreed its plan in March.")
    return document


def header_row(table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))


def data_table(document, rows=(("ID", "Status"), ("CL-01", "On track"))):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    return table


def add_link(paragraph, text: str, url: str) -> None:
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def save(document, tmp_path: Path, name: str = "report.docx") -> Path:
    path = tmp_path / name
    document.save(path)
    return path


def test_a_good_document_has_nothing_to_fix(tmp_path):
    document = good_document()
    table = data_table(document)
    header_row(table)
    run = document.add_paragraph().add_run()
    run.add_picture(str(png(tmp_path / "status.png")))
    run._r.find(f".//{WP_DOCPR}").set("descr", "Bar chart: 20 actions on track, 3 at risk")
    add_link(document.add_paragraph("Read the "), "EDI Action Plan 2023-24",
             "https://www.maidstone.gov.uk/edi")
    findings = check_file(save(document, tmp_path))
    assert findings == []


def test_missing_title(tmp_path):
    document = good_document()
    document.core_properties.title = ""
    finding = only(check_file(save(document, tmp_path)), "docx.title")
    assert (finding.level, finding.where) == ("warning", "document properties")
    assert finding.message == m.NO_TITLE_DOCX


def test_missing_language(tmp_path):
    document = good_document()
    for lang in document.styles.element.iter(qn("w:lang")):
        lang.getparent().remove(lang)
    settings = document.settings.element
    for lang in settings.findall(qn("w:themeFontLang")):
        settings.remove(lang)
    assert "docx.language" in rules(check_file(save(document, tmp_path)))


def test_language_in_settings_alone_is_enough(tmp_path):
    document = good_document()
    for lang in document.styles.element.iter(qn("w:lang")):
        lang.getparent().remove(lang)
    assert "docx.language" not in rules(check_file(save(document, tmp_path)))


def test_language_on_the_text_alone_is_enough(tmp_path):
    document = good_document()
    for lang in document.styles.element.iter(qn("w:lang")):
        lang.getparent().remove(lang)
    settings = document.settings.element
    for lang in settings.findall(qn("w:themeFontLang")):
        settings.remove(lang)
    r_pr = document.paragraphs[1].runs[0]._r.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    r_pr.append(lang)
    assert "docx.language" not in rules(check_file(save(document, tmp_path)))


def test_a_skipped_heading_level(tmp_path):
    document = good_document()
    document.add_heading("Housing", level=3)
    finding = only(check_file(save(document, tmp_path)), "docx.heading-order")
    assert finding.where == 'paragraph 3 ("Housing")'
    assert finding.message == m.heading_skips(3, 1)


def test_headings_going_back_up_are_fine(tmp_path):
    document = good_document()
    document.add_heading("Housing", level=2)
    document.add_heading("Employer", level=1)
    assert "docx.heading-order" not in rules(check_file(save(document, tmp_path)))


def test_a_long_document_without_headings(tmp_path):
    document = docx.Document()
    document.core_properties.title = "Letter"
    document.styles["Normal"].font.size = Pt(12)
    for n in range(5):
        document.add_paragraph(f"Paragraph {n} of the letter.")
    finding = only(check_file(save(document, tmp_path)), "docx.headings")
    assert finding.level == "tip"


def test_table_without_a_header_row(tmp_path):
    document = good_document()
    data_table(document)
    finding = only(check_file(save(document, tmp_path)), "docx.table-header")
    assert finding.level == "error"
    assert finding.where == 'table 1 ("ID | Status")'


def test_header_row_with_an_empty_heading(tmp_path):
    document = good_document()
    header_row(data_table(document, (("ID", "Service", ""), ("CL-01", "Housing", "On track"))))
    finding = only(check_file(save(document, tmp_path)), "docx.table-header")
    assert "row 1 column 3" in finding.message


def test_merged_cells(tmp_path):
    document = good_document()
    table = data_table(document, (("ID", "Status"), ("CL-01", "On track"), ("CL-02", "Late")))
    header_row(table)
    table.cell(2, 0).merge(table.cell(2, 1))
    finding = only(check_file(save(document, tmp_path)), "docx.merged-cells")
    assert "rows 3" in finding.message


def test_empty_data_cells(tmp_path):
    document = good_document()
    header_row(data_table(document, (("ID", "Status"), ("CL-01", ""), ("CL-02", ""))))
    finding = only(check_file(save(document, tmp_path)), "docx.empty-cells")
    assert "2 empty cells (row 2 column 2 and row 3 column 2)" in finding.message


def test_the_top_left_cell_may_be_empty(tmp_path):
    document = good_document()
    header_row(data_table(document, (("", "2023-24"), ("Housing", "3"))))
    assert rules(check_file(save(document, tmp_path))) == []


@pytest.mark.parametrize("descr, expected", [
    (None, m.no_alt_text("picture")),
    ("status.png", m.alt_text_not_description("picture", "status.png")),
    ("Picture 1", m.alt_text_not_description("picture", "Picture 1")),
])
def test_picture_alt_text(tmp_path, descr, expected):
    document = good_document()
    run = document.add_paragraph().add_run()
    run.add_picture(str(png(tmp_path / "status.png")))
    if descr:
        run._r.find(f".//{WP_DOCPR}").set("descr", descr)
    finding = only(check_file(save(document, tmp_path)), "docx.alt-text")
    assert finding.level == "error"
    assert finding.where == "picture 1, paragraph 3"
    assert finding.message == expected


def test_decorative_picture_needs_no_alt_text(tmp_path):
    document = good_document()
    run = document.add_paragraph().add_run()
    run.add_picture(str(png(tmp_path / "line.png")))
    doc_pr = run._r.find(f".//{WP_DOCPR}")
    ext_list = OxmlElement("a:extLst")
    ext = OxmlElement("a:ext")
    ext.set("uri", "{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
    decorative = OxmlElement("a:graphicFrameLocks")  # any element; renamed below
    decorative.tag = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
    decorative.set("val", "1")
    ext.append(decorative)
    ext_list.append(ext)
    doc_pr.append(ext_list)
    assert rules(check_file(save(document, tmp_path))) == []


@pytest.mark.parametrize("text, url, bad", [
    ("click here", "https://www.maidstone.gov.uk/edi", True),
    ("https://www.maidstone.gov.uk/edi", "https://www.maidstone.gov.uk/edi", True),
    ("www.maidstone.gov.uk", "https://www.maidstone.gov.uk", True),
    ("edi.plan@maidstone.gov.uk", "mailto:edi.plan@maidstone.gov.uk", False),
    ("the council's EDI pages", "https://www.maidstone.gov.uk/edi", False),
])
def test_link_text(tmp_path, text, url, bad):
    document = good_document()
    add_link(document.add_paragraph("See "), text, url)
    found = rules(check_file(save(document, tmp_path)))
    assert ("docx.link-text" in found) == bad


def test_body_text_below_12_pt(tmp_path):
    document = good_document()
    document.styles["Normal"].font.size = Pt(11)
    finding = only(check_file(save(document, tmp_path)), "docx.font-size")
    assert finding.where == "paragraph 2"
    assert finding.message == m.small_body_text("11")


@pytest.mark.parametrize("size, rule", [(9, "docx.font-size"), (11, "docx.table-font-size"),
                                        (12, None)])
def test_table_text_size(tmp_path, size, rule):
    document = good_document()
    table = data_table(document)
    header_row(table)
    for row in table.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(size)
    found = check_file(save(document, tmp_path))
    if rule is None:
        assert found == []
    else:
        finding = only(found, rule)
        assert finding.where == "table 1"
        assert f"{size} pt" in finding.message


def test_justified_text(tmp_path):
    document = good_document()
    document.add_paragraph("A long paragraph.").alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    assert only(check_file(save(document, tmp_path)), "docx.justified").where == "paragraph 3"


def test_justified_by_the_style(tmp_path):
    document = good_document()
    document.styles["Normal"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    # Heading 1 is based on Normal, so it is justified too.
    assert only(check_file(save(document, tmp_path)), "docx.justified").where == "paragraphs 1–2"


def test_empty_paragraphs_for_spacing(tmp_path):
    document = good_document()
    document.add_paragraph()
    document.add_paragraph()
    document.add_paragraph("Next part.")
    document.add_paragraph()
    document.add_paragraph("Last part.")
    document.add_paragraph()  # the last paragraph is Word's own end mark
    found = check_file(save(document, tmp_path))
    assert only(found, "docx.empty-paragraphs").where.startswith(
        'paragraphs 3–4 (after "The council agreed')
    single = only(found, "docx.empty-paragraph")
    assert (single.level, single.where) == ("tip", 'paragraph 6 (after "Next part.")')


def test_low_contrast_text(tmp_path):
    document = good_document()
    run = document.add_paragraph().add_run("Pale grey is hard to read.")
    run.font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    finding = only(check_file(save(document, tmp_path)), "docx.contrast")
    assert finding.where == "paragraph 3"
    assert finding.message == m.low_contrast("grey (#AAAAAA)", "white (#FFFFFF)", "2.3", "4.5")


def test_large_text_needs_less_contrast(tmp_path):
    document = good_document()
    run = document.add_paragraph().add_run("Big grey heading text.")
    run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)  # 3.9:1 on white
    run.font.size = Pt(18)
    assert "docx.contrast" not in rules(check_file(save(document, tmp_path)))


@pytest.mark.parametrize("title", ["Document1", "Untitled", "Microsoft Word - report.docx",
                                   "progress-update.docx"])
def test_generic_document_titles(tmp_path, title):
    document = good_document()
    document.core_properties.title = title
    finding = only(check_file(save(document, tmp_path)), "docx.title")
    assert finding.message == m.generic_title_docx(title)


def test_a_bold_16_pt_normal_paragraph_is_a_fake_heading(tmp_path):
    document = good_document()
    run = document.add_paragraph().add_run("Our progress this year")
    run.bold = True
    run.font.size = Pt(16)
    document.add_paragraph("The council agreed its plan in March.")
    finding = only(check_file(save(document, tmp_path)), "docx.fake-heading")
    assert (finding.level, finding.where) == ("warning",
                                              'paragraph 3 ("Our progress this year")')
    assert finding.message == m.fake_heading("16")


def test_bold_words_in_a_sentence_are_not_a_heading(tmp_path):
    document = good_document()
    paragraph = document.add_paragraph("Status: ")
    paragraph.add_run("On track").bold = True
    big = document.add_paragraph().add_run("A whole sentence in bold, ending as sentences do.")
    big.bold = True
    big.font.size = Pt(14)
    assert check_file(save(document, tmp_path)) == []


def test_long_italics(tmp_path):
    document = good_document()
    document.add_paragraph().add_run(
        "The Housing team continue to develop the OneView system with partners.").italic = True
    document.add_paragraph("Read ").add_run("Equality Act 2010").italic = True  # a title: fine
    finding = only(check_file(save(document, tmp_path)), "docx.italics")
    assert (finding.level, finding.where) == ("tip", "paragraph 3")
    assert finding.message == m.long_italics(11)


def test_underlined_text_that_is_not_a_link(tmp_path):
    document = good_document()
    document.add_paragraph("Please ").add_run("reply by Friday").underline = True
    add_link(document.add_paragraph("Read the "), "EDI Action Plan 2023-24",
             "https://www.maidstone.gov.uk/edi")
    link_run = document.paragraphs[-1]._p.findall(qn("w:hyperlink"))[0].find(qn("w:r"))
    r_pr = OxmlElement("w:rPr")
    u = OxmlElement("w:u")
    u.set(qn("w:val"), "single")
    r_pr.append(u)
    link_run.insert(0, r_pr)  # a link is underlined as links are
    finding = only(check_file(save(document, tmp_path)), "docx.underline")
    assert (finding.level, finding.where, finding.message) == ("warning", "paragraph 3",
                                                               m.UNDERLINED_NOT_LINK)


def test_block_capitals(tmp_path):
    document = good_document()
    document.add_paragraph("NEW FOCUS FOR THE COMING YEAR")
    document.add_paragraph("EDI and ICT are abbreviations, fine on their own.")
    document.add_paragraph().add_run("set in all caps by its format").font.all_caps = True
    finding = only(check_file(save(document, tmp_path)), "docx.capitals")
    assert (finding.level, finding.where) == ("tip", "paragraphs 3 and 5")
    assert finding.message == m.block_capitals("NEW FOCUS FOR THE COMING YEAR")


def fixed_table(document, widths_cm, rows):
    """A table of fixed column widths, as the report writes them."""
    table = data_table(document, rows)
    header_row(table)
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(round(width * 1440 / 2.54)))
    return table


def test_a_table_column_narrower_than_its_longest_word(tmp_path):
    document = good_document()
    fixed_table(document, (1.5, 6), (("Service", "Status"),
                                     ("Communication and Events", "On track")))
    finding = only(check_file(save(document, tmp_path)), "docx.word-broken")
    assert finding.where == 'table 1 ("Service | Status")'
    assert finding.message == m.table_word_broken("Communication", 1, "3.2")


def test_a_table_wider_than_the_page(tmp_path):
    document = good_document()
    fixed_table(document, (9, 9), (("Service", "Status"), ("Housing", "On track")))
    finding = only(check_file(save(document, tmp_path)), "docx.page-edge")
    # python-docx's page: 21.59 cm wide (US Letter) less 2 x 3.18 cm of margin
    assert finding.message == m.table_wider_than_page("18.0", "15.2")


# --- Excel ------------------------------------------------------------------

def workbook(tmp_path: Path, build, name: str = "plan.xlsx", title: str = "EDI plan") -> Path:
    """A workbook with a good 'Actions' table that `build` then breaks."""
    path = tmp_path / name
    book = xlsxwriter.Workbook(path)
    if title:
        book.set_properties({"title": title})
    sheet = book.add_worksheet("Actions")
    rows = [("ID", "Action", "Status"), ("CL-01", "One View", "On track"),
            ("CL-02", "Volunteering", "At risk")]
    for r, values in enumerate(rows):
        sheet.write_row(r, 0, values)
    sheet.set_column(0, 2, 14)  # "Volunteering" is cut off by "At risk" in a default column
    sheet.autofilter(0, 0, len(rows) - 1, 2)
    build(book, sheet)
    book.close()
    return path


def nothing(book, sheet):
    pass


def test_a_good_workbook_has_nothing_to_fix(tmp_path):
    def build(book, sheet):
        sheet.insert_image("E2", str(png(tmp_path / "logo.png")),
                           {"description": "Maidstone Borough Council logo"})
        sheet.write_url("A6", "https://www.maidstone.gov.uk/edi", string="EDI Action Plan")
    assert check_file(workbook(tmp_path, build)) == []


def test_workbook_without_title(tmp_path):
    finding = only(check_file(workbook(tmp_path, nothing, title="")), "xlsx.title")
    assert finding.where == "workbook properties"


@pytest.mark.parametrize("name", ["Sheet2", "Sheet 3", "2024", "a3f9c2d81e"])
def test_sheet_names_that_say_nothing(tmp_path, name):
    def build(book, sheet):
        book.add_worksheet(name).write("A1", "Notes")
    finding = only(check_file(workbook(tmp_path, build)), "xlsx.sheet-name")
    assert finding.where == f"sheet '{name}'"


def test_hidden_sheet_is_a_tip(tmp_path):
    def build(book, sheet):
        hidden = book.add_worksheet("Sheet9")  # not judged by name: nobody sees it
        hidden.write("A1", "plan-id")
        hidden.hide()
    finding = only(check_file(workbook(tmp_path, build)), "xlsx.hidden-sheet")
    assert (finding.level, finding.where) == ("tip", "sheet 'Sheet9'")


def test_excel_table_without_header_row_and_with_default_name(tmp_path):
    def build(book, sheet):
        other = book.add_worksheet("Services")
        other.add_table("A1:B3", {"header_row": False, "data": [["Housing", "a@b"],
                                                                ["ICT", "c@d"]]})
    found = check_file(workbook(tmp_path, build))
    header = only(found, "xlsx.table-header")
    assert (header.level, header.where) == ("error", "sheet 'Services', table 'Table1' (A1:B3)")
    assert only(found, "xlsx.table-name").level == "tip"


def test_autofilter_header_with_an_empty_heading(tmp_path):
    path = tmp_path / "plan.xlsx"
    book = xlsxwriter.Workbook(path)
    book.set_properties({"title": "EDI plan"})
    sheet = book.add_worksheet("Actions")
    sheet.write_row(0, 0, ("ID", "Action"))
    sheet.write_row(1, 0, ("CL-01", "One View", "On track"))
    sheet.autofilter("A1:C2")
    book.close()
    finding = only(check_file(path), "xlsx.table-header")
    assert finding.message == m.empty_header_cells("C1")


def test_merged_cells_inside_and_outside_the_table(tmp_path):
    def build(book, sheet):
        sheet.merge_range("B2:C2", "One View project", None)
        sheet.merge_range("A6:C6", "Connections", None)
    found = [f for f in check_file(workbook(tmp_path, build)) if f.rule == "xlsx.merged-cells"]
    assert [f.message for f in found] == [m.merged_cells_in_table("B2:C2"),
                                          m.merged_cells("A6:C6")]


def test_blank_row_and_blank_column_inside_a_table(tmp_path):
    path = tmp_path / "plan.xlsx"
    book = xlsxwriter.Workbook(path)
    book.set_properties({"title": "EDI plan"})
    sheet = book.add_worksheet("Actions")
    sheet.write_row(0, 0, ("ID", "Action", None, "Status"))
    sheet.write_row(1, 0, ("CL-01", "One View", None, "On track"))
    sheet.write_row(3, 0, ("CL-02", "Volunteering", None, ""))  # an optional empty status
    sheet.autofilter("A1:D4")
    book.close()
    found = [f.message for f in check_file(path) if f.rule == "xlsx.blank-rows"]
    assert found == [m.blank_rows("rows 3"), m.blank_columns("C")]


def test_an_empty_optional_cell_is_not_flagged(tmp_path):
    def build(book, sheet):
        sheet.write_row(3, 0, ("CL-03", "Calendar", None))
        sheet.autofilter(0, 0, 3, 2)
    assert check_file(workbook(tmp_path, build)) == []


@pytest.mark.parametrize("options, expected", [
    ({"description": ""}, m.no_alt_text("picture")),
    # xlsxwriter's default alt text is the file name
    ({}, m.alt_text_not_description("picture", "logo.png")),
    ({"description": "Image 3"}, m.alt_text_not_description("picture", "Image 3")),
])
def test_image_alt_text(tmp_path, options, expected):
    def build(book, sheet):
        sheet.insert_image("E2", str(png(tmp_path / "logo.png")), options)
    finding = only(check_file(workbook(tmp_path, build)), "xlsx.alt-text")
    assert finding.where == "sheet 'Actions' near cell E2, picture 'Picture 1'"
    assert finding.message == expected


def test_decorative_image_and_described_chart_pass(tmp_path):
    def build(book, sheet):
        sheet.insert_image("E2", str(png(tmp_path / "line.png")), {"decorative": True})
        chart = book.add_chart({"type": "column"})
        chart.add_series({"values": "=Actions!$A$2:$A$3"})
        sheet.insert_chart("E8", chart, {"description": "Column chart of actions by status"})
    assert check_file(workbook(tmp_path, build)) == []


def test_chart_without_alt_text(tmp_path):
    def build(book, sheet):
        chart = book.add_chart({"type": "column"})
        chart.add_series({"values": "=Actions!$A$2:$A$3"})
        sheet.insert_chart("E8", chart)
    finding = only(check_file(workbook(tmp_path, build)), "xlsx.alt-text")
    assert finding.where == "sheet 'Actions' near cell E8, chart 'Chart 1'"


def test_filled_empty_cell_in_a_table_carries_meaning_by_colour(tmp_path):
    def build(book, sheet):
        sheet.write_blank("C3", None, book.add_format({"bg_color": "#DDEBF7"}))
    finding = only(check_file(workbook(tmp_path, build)), "xlsx.colour-only")
    assert finding.message == m.colour_without_text("C3", "pale blue (#DDEBF7)")


def test_a_whole_row_tint_is_not_colour_only(tmp_path):
    def build(book, sheet):
        tint = book.add_format({"bg_color": "#DDEBF7"})
        sheet.write_row(2, 0, ("CL-02", "Volunteering"), tint)
        sheet.write_blank("C3", None, tint)
    assert check_file(workbook(tmp_path, build)) == []


def test_conditional_colour_from_a_cell_outside_the_coloured_cells(tmp_path):
    def build(book, sheet):
        sheet.conditional_format("A2:B3", {"type": "formula", "criteria": '=$D2="Late"',
                                           "format": book.add_format({"bg_color": "#FFC7CE"})})
    finding = only(check_file(workbook(tmp_path, build)), "xlsx.colour-only")
    assert finding.message == m.colour_from_other_cell("A2:B3", "D2")


def test_conditional_colour_from_another_sheet(tmp_path):
    def build(book, sheet):
        sheet.conditional_format("C2:C3", {"type": "formula", "criteria": "=Flags!$A2=1",
                                           "format": book.add_format({"bg_color": "#FFC7CE"})})
        book.add_worksheet("Flags").write("A2", 1)
    finding = only(check_file(workbook(tmp_path, build)), "xlsx.colour-only")
    assert finding.message == m.colour_from_other_cell("C2:C3", "a cell on the 'Flags' sheet")


def test_a_lone_filled_cell_stands_out_even_in_a_two_column_table(tmp_path):
    path = tmp_path / "plan.xlsx"
    book = xlsxwriter.Workbook(path)
    book.set_properties({"title": "EDI plan"})
    sheet = book.add_worksheet("Actions")
    sheet.write_row(0, 0, ("Flag", "ID"))
    sheet.write_blank("A2", None, book.add_format({"bg_color": "#FF0000"}))
    sheet.write("B2", "CL-01")
    sheet.autofilter("A1:B2")
    book.close()
    assert rules(check_file(path)) == ["xlsx.colour-only"]


def test_conditional_colour_keyed_on_a_word_in_the_coloured_row_is_fine(tmp_path):
    def build(book, sheet):
        sheet.conditional_format("A2:C3", {"type": "formula", "criteria": '=$C2="At risk"',
                                           "format": book.add_format({"bg_color": "#FFEB9C"})})
        sheet.conditional_format("C2:C3", {"type": "cell", "criteria": "==",
                                           "value": '"On track"',
                                           "format": book.add_format({"bg_color": "#C6EFCE"})})
    assert check_file(workbook(tmp_path, build)) == []


def test_conditional_colour_on_blank_cells(tmp_path):
    def build(book, sheet):
        sheet.conditional_format("C2:C3", {"type": "blanks",
                                           "format": book.add_format({"bg_color": "#FFEB9C"})})
    finding = only(check_file(workbook(tmp_path, build)), "xlsx.colour-only")
    assert finding.message == m.colour_marks_blanks("C2:C3")


def test_low_contrast_cells_and_conditional_colours(tmp_path):
    def build(book, sheet):
        white_on_amber = book.add_format({"font_color": "#FFFFFF", "bg_color": "#FFC000"})
        sheet.write("C3", "At risk", white_on_amber)
        sheet.conditional_format("C2:C3", {"type": "cell", "criteria": "==",
                                           "value": '"On track"',
                                           "format": book.add_format({"bg_color": "#00B050",
                                                                      "font_color": "#FFFFFF"})})
    found = [f for f in check_file(workbook(tmp_path, build)) if f.rule == "xlsx.contrast"]
    assert [f.where for f in found] == ["sheet 'Actions', C2:C3", "sheet 'Actions', C3"]
    assert "white (#FFFFFF) text on orange (#FFC000)" in found[1].message


def test_small_cell_text(tmp_path):
    def build(book, sheet):
        sheet.write("B2", "One View", book.add_format({"font_size": 8}))
    finding = only(check_file(workbook(tmp_path, build)), "xlsx.font-size")
    assert finding.message == m.small_cell_text("8", "B2")


def test_small_print_after_fitting_to_the_page(tmp_path):
    def build(book, sheet):
        sheet.set_column(0, 2, 120)
        sheet.fit_to_pages(1, 0)
        sheet.set_paper(9)
    finding = only(check_file(workbook(tmp_path, build)), "xlsx.print-size")
    # 11 pt x 494 pt of A4 between margins / 3 columns of (120.71 x 7 + 5) px x 0.75 pt
    assert finding.message == m.small_print("2.8", "A4 portrait, fitted to the page")


def test_wide_columns_printed_across_pages_are_fine(tmp_path):
    def build(book, sheet):
        sheet.set_column(0, 2, 120)
        sheet.set_paper(9)
    assert check_file(workbook(tmp_path, build)) == []


def test_link_text_in_a_sheet(tmp_path):
    def build(book, sheet):
        sheet.write_url("A6", "https://www.maidstone.gov.uk/edi")
        sheet.write_url("A7", "https://www.maidstone.gov.uk/edi", string="click here")
    found = [f.where for f in check_file(workbook(tmp_path, build)) if f.rule == "xlsx.link-text"]
    assert found == ["sheet 'Actions', cell A6", "sheet 'Actions', cell A7"]


def plain_sheet(tmp_path: Path, build, name: str = "plan.xlsx", title: str = "EDI plan") -> Path:
    """A workbook with one sheet, no table or filter: `build` writes on it."""
    path = tmp_path / name
    book = xlsxwriter.Workbook(path)
    book.set_properties({"title": title})
    sheet = book.add_worksheet("Actions")
    build(book, sheet)
    book.close()
    return path


def test_generic_workbook_titles(tmp_path):
    for title in ("Book1", "Sheet1", "plan.xlsx", "Untitled"):
        finding = only(check_file(workbook(tmp_path, nothing, title=title)), "xlsx.title")
        assert finding.message == m.generic_title_xlsx(title)


def test_a_word_wider_than_its_column_is_broken(tmp_path):
    def build(book, sheet):
        wrapped = book.add_format({"text_wrap": True})
        sheet.set_column("A:A", 11)
        sheet.set_column("B:B", 30)
        sheet.set_row(1, 62.25)
        sheet.write("A1", "Services", wrapped)
        sheet.write("B1", "ID", wrapped)
        sheet.write("A2", "Human Resources; Communication and Events", wrapped)
        sheet.write("B2", "EM-04.1", wrapped)
    finding = only(check_file(plain_sheet(tmp_path, build)), "xlsx.word-broken")
    assert (finding.level, finding.where) == ("warning", "sheet 'Actions', A2")
    assert finding.message == m.word_broken("Communication", "Communicat / ion", "A", 15)


def test_addresses_and_codes_break_anywhere_and_are_not_judged(tmp_path):
    def build(book, sheet):
        wrapped = book.add_format({"text_wrap": True})
        sheet.set_column("A:A", 20)
        sheet.write_column("A1", ("Evidence: https://intranet.example.org/guaranteed-interviews",
                                  "e952dc3493ec31c804c1713f4676b53e5dc45404ad022b43e160f3a88",
                                  "democratic.services@example.org"), wrapped)
    assert "xlsx.word-broken" not in rules(check_file(plain_sheet(tmp_path, build)))


def test_a_line_may_break_after_a_hyphen(tmp_path):
    def build(book, sheet):
        sheet.set_column("A:A", 5)
        sheet.write("A1", "EM-04.1", book.add_format({"text_wrap": True}))
    assert "xlsx.word-broken" not in rules(check_file(plain_sheet(tmp_path, build)))


def test_wrapped_text_cut_off_by_a_short_row(tmp_path):
    text = ("Housing and the CAB have undertaken a Debt advice pilot at Trinity House."
            " Frontline services now signpost to each other through the Welfare Officer.")

    def build(book, sheet):
        sheet.set_column("A:A", 30)
        sheet.set_row(0, 32.25)  # two lines; the text needs five
        sheet.write("A1", text, book.add_format({"text_wrap": True}))
    finding = only(check_file(plain_sheet(tmp_path, build)), "xlsx.text-cut")
    assert finding.where == "sheet 'Actions', A1"
    assert finding.message == m.text_cut_by_row("A1", 5, 2)


def test_a_row_written_without_a_height_grows_to_fit(tmp_path):
    def build(book, sheet):
        sheet.set_column("A:A", 30)
        sheet.write("A1", "Frontline services now signpost to each other through the Welfare"
                    " Officer.", book.add_format({"text_wrap": True}))
    assert check_file(plain_sheet(tmp_path, build)) == []


def test_unwrapped_text_cut_off_by_the_next_cell(tmp_path):
    def build(book, sheet):
        sheet.write_row("A1", ("How to use this workbook", "One sheet per objective."))
        sheet.write("A3", "Spills over the empty cells beside it, which is fine")
    finding = only(check_file(plain_sheet(tmp_path, build)), "xlsx.text-cut")
    assert (finding.where, finding.message) == ("sheet 'Actions', A1",
                                                m.text_cut_by_next_cell("A"))


def test_a_date_wider_than_its_column_shows_hashes(tmp_path):
    def build(book, sheet):
        sheet.set_column("A:A", 7)
        sheet.write_datetime("A1", datetime(2024, 3, 31), book.add_format(
            {"num_format": "dd/mm/yyyy"}))
        sheet.write_number("A2", 1234567.891)  # General: Excel shows fewer decimals instead
    finding = only(check_file(plain_sheet(tmp_path, build)), "xlsx.hashes")
    assert (finding.where, finding.message) == ("sheet 'Actions', A1",
                                                m.shows_hashes("31/03/2024", "A", 11))


def test_a_row_far_taller_than_its_text_is_a_tip(tmp_path):
    def build(book, sheet):
        sheet.set_column("A:A", 30)
        sheet.set_row(0, 197.25)
        sheet.set_row(1, 32.25)  # room for a second line is not a gap
        sheet.write("A1", "Delivery of One View project", book.add_format({"text_wrap": True}))
        sheet.write("A2", "Delivery of One View project", book.add_format({"text_wrap": True}))
    finding = only(check_file(plain_sheet(tmp_path, build)), "xlsx.row-height")
    assert (finding.level, finding.where) == ("tip", "sheet 'Actions', rows 1")
    assert finding.message == m.rows_too_tall(1, "197.25", "15")


def test_text_running_past_the_last_printed_column(tmp_path):
    def build(book, sheet):
        sheet.write("A1", "EDI Action Plan 2023-24 – return from Communication and Events")
        sheet.write_row("A2", ("ID", "Status"))
        sheet.print_area("A1:B2")
    finding = only(check_file(plain_sheet(tmp_path, build)), "xlsx.page-edge")
    assert (finding.where, finding.message) == ("sheet 'Actions', A1",
                                                m.text_past_print_area("B"))


def test_a_column_and_a_row_bigger_than_the_page(tmp_path):
    def build(book, sheet):
        sheet.set_paper(11)  # A5: 494 pt across between the margins, 312 pt down
        sheet.set_column("A:A", 100)
        sheet.write("A1", "Services " * 60, book.add_format({"text_wrap": True}))
        sheet.set_row(0, 409)
        sheet.set_row(1, 409)
        sheet.set_row(2, 409)
        sheet.write("A2", "Services " * 400, book.add_format({"text_wrap": True}))
        sheet.write("A3", "Services " * 400, book.add_format({"text_wrap": True}))
        sheet.set_landscape()
    found = [(f.where, f.message) for f in check_file(plain_sheet(tmp_path, build))
             if f.rule == "xlsx.page-edge"]
    assert found == [("sheet 'Actions', column A",
                      m.column_wider_than_page("A5 landscape at 100%")),
                     ("sheet 'Actions', rows 1–3", m.row_taller_than_page("A5 landscape at 100%"))]


def test_a_column_wider_than_the_page_with_short_text_is_fine(tmp_path):
    def build(book, sheet):
        sheet.set_column("A:A", 120)
        sheet.write("A1", "Housing")
    assert check_file(plain_sheet(tmp_path, build)) == []


def status_rows(book, sheet, fills=("#FF0000", "#00B050", None)):
    """ID, Action and an unlabelled status column coloured by hand: no table, no filter."""
    sheet.set_column("A:C", 14)
    sheet.write_row("A1", ("ID", "Action", "Status"))
    for r, fill in enumerate(fills, start=1):
        sheet.write_row(r, 0, (f"CL-0{r}", "One View"))
        sheet.write_blank(r, 2, None, book.add_format({"bg_color": fill}) if fill else None)


def test_colour_alone_in_a_plain_range(tmp_path):
    found = [f for f in check_file(plain_sheet(tmp_path, status_rows))
             if f.rule == "xlsx.colour-only"]
    assert [f.message for f in found] == [m.colour_without_text("C2", "red (#FF0000)"),
                                          m.colour_without_text("C3", "green (#00B050)")]


def test_the_same_words_in_different_colours(tmp_path):
    def build(book, sheet):
        sheet.set_column("A:B", 14)
        sheet.write_row("A1", ("ID", "Status"))
        for r, colour in enumerate(("#C00000", "#00B050", "#C00000"), start=1):
            sheet.write_row(r, 0, (f"CL-0{r}", "●"), book.add_format({"font_color": colour}))
    finding = only(check_file(plain_sheet(tmp_path, build)), "xlsx.colour-only")
    assert finding.message == m.colour_same_words("B2:B4", "●")


def test_a_key_naming_its_colours_and_a_boxed_changed_cell_are_fine(tmp_path):
    def build(book, sheet):
        sheet.set_column("A:C", 24)
        sheet.write_blank("A1", None, book.add_format({"bg_color": "#FFFF00"}))
        sheet.write("B1", "Changed by a service")  # a key: the colour named beside it
        sheet.write_row("A3", ("ID", "Status"))
        sheet.write_row("A4", ("CL-01", "On track"))
        sheet.write("A5", "CL-02")
        sheet.write("B5", "On track", book.add_format({"bg_color": "#FFFF00", "border": 5}))
        sheet.write("A6", "CL-03")
        sheet.write("B6", "On track", book.add_format({"bg_color": "#FFFF00"}))
        sheet.write_comment("B6", "Was: Not started; Housing, 15/03/2024")
    assert check_file(plain_sheet(tmp_path, build)) == []


def test_conditional_colour_by_date(tmp_path):
    def build(book, sheet):
        sheet.conditional_format("A2:C3", {"type": "formula", "criteria": "=$B2<TODAY()",
                                           "format": book.add_format({"bg_color": "#FFC7CE"})})
    finding = only(check_file(workbook(tmp_path, build)), "xlsx.colour-only")
    assert finding.message == m.colour_by_date("A2:C3")


# --- The rule table and bad files ---------------------------------------------

def test_every_rule_names_its_level_source_and_what_it_checks():
    for rule in RULES.values():
        assert rule.level in LEVELS and rule.checks, rule.id
        assert rule.source and rule.url.startswith("https://"), rule.id
        assert rule.id.split(".")[0] in ("docx", "xlsx")


def test_every_rule_is_exercised_by_a_test():
    source = Path(__file__).read_text(encoding="utf-8")
    assert [r for r in RULES if f'"{r}"' not in source] == []


@pytest.mark.parametrize("name, content, reason", [
    ("missing.docx", None, m.FILE_NOT_FOUND),
    ("notes.pdf", b"%PDF-1.4", m.NOT_DOCX_OR_XLSX),
    ("empty.docx", b"", m.EMPTY_FILE),
    ("text.docx", b"Dear Housing team,", m.NOT_A_DOCX),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, m.OLD_DOC),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
     m.PASSWORD),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
     m.file_is(m.renamed_to(m.KIND_XLS, ".xlsx"))),
])
def test_files_that_cannot_be_checked(tmp_path, name, content, reason):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(WorkbookError) as info:
        check_file(path)
    assert info.value.reason == reason


def test_cut_off_document(tmp_path):
    data = save(good_document(), tmp_path).read_bytes()
    (tmp_path / "cut.docx").write_bytes(data[: len(data) // 2])
    with pytest.raises(WorkbookError) as info:
        check_file(tmp_path / "cut.docx")
    assert info.value.reason == m.DAMAGED


def test_raw_control_characters_are_not_damage():
    fixture = Path(__file__).parent / "fixtures" / "returns" / "control-characters.xlsx"
    assert "xlsx.title" in rules(check_file(fixture))


def test_entity_bomb_is_refused(tmp_path):
    path = save(good_document(), tmp_path)
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/styles.xml"] = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                                b"<x>&a;</x>")
    with zipfile.ZipFile(tmp_path / "bomb.docx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(WorkbookError) as info:
        check_file(tmp_path / "bomb.docx")
    assert info.value.reason == m.declares_entities("word/styles.xml")


# --- The command line ------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(cli, ["check", *map(str, args)])


def test_cli_clean_file(tmp_path):
    path = save(good_document(), tmp_path)
    result = run(path)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{path}: {m.NOTHING_TO_FIX}",
                                          "1 file checked: 0 errors, 0 warnings, 0 tips"]


def test_cli_error_exits_1_and_lists_the_finding(tmp_path):
    document = good_document()
    data_table(document)
    document.core_properties.title = ""
    path = save(document, tmp_path)
    result = run(path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f'{path}, table 1 ("ID | Status"): error: the first row is not')
    assert lines[0].endswith("[docx.table-header]")
    assert lines[1].startswith(f"{path}, document properties: warning:")
    assert lines[-1] == "1 file checked: 1 error, 1 warning, 0 tips"


def test_cli_warnings_pass_unless_strict(tmp_path):
    path = workbook(tmp_path, nothing, title="")
    assert run(path).exit_code == 0
    strict = run("--strict", path)
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1] == "1 file checked: 0 errors, 1 warning, 0 tips"


def test_cli_bad_file_is_one_line_and_exit_1(tmp_path):
    good = save(good_document(), tmp_path)
    (tmp_path / "notes.txt").write_text("hello")
    result = run(tmp_path / "notes.txt", good, tmp_path / "gone.xlsx")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert lines[0] == f"notes.txt: {m.NOT_DOCX_OR_XLSX} — {m.CHECK_DOCX_OR_XLSX}"
    assert lines[2] == f"gone.xlsx: {m.FILE_NOT_FOUND} — {m.CHECK_NAME_AND_FOLDER}"
    assert lines[-1] == "1 file checked: 0 errors, 0 warnings, 0 tips"


def test_cli_checks_the_documents_in_a_folder(tmp_path):
    folder = tmp_path / "out"
    (folder / "sent").mkdir(parents=True)
    save(good_document(), folder, "report.docx")
    workbook(folder / "sent", nothing, title="")
    (folder / "sent" / "~$plan.xlsx").write_bytes(b"lock")
    (folder / "draft.eml").write_text("To: x")
    result = run(folder)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "2 files checked: 0 errors, 1 warning, 0 tips"
    assert str(folder / "sent" / "plan.xlsx") in result.output


def test_cli_empty_folder(tmp_path):
    result = run(tmp_path)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == m.folder_has_no_documents(tmp_path)


# --- The tool's own outputs ------------------------------------------------------

@pytest.fixture(scope="module")
def demo_outputs(tmp_path_factory) -> list[Path]:
    from edi_workbook.workflow.demo import run_demo
    from edi_workbook.workflow.example import AS_OF

    out = tmp_path_factory.mktemp("demo") / "demo-output"
    list(run_demo(out, as_of=AS_OF))
    return sorted(p for p in out.rglob("*") if p.suffix in (".docx", ".xlsx"))


def test_every_demo_output_can_be_checked(demo_outputs):
    assert {p.suffix for p in demo_outputs} == {".docx", ".xlsx"}
    for path in demo_outputs:
        findings = check_file(path)
        for finding in findings:
            assert finding.rule in RULES and finding.where and finding.message, finding
        assert sum(count_levels(findings).values()) == len(findings)


def still_firing(demo_outputs) -> dict[str, set[str]]:
    """Per output (its path under the demo folder), the rules firing other than tips."""
    root = demo_outputs[0].parent
    return {str(p.relative_to(root)): {f.rule for f in check_file(p) if f.level != "tip"}
            for p in demo_outputs}


def test_the_demo_outputs_pass(demo_outputs):
    """Every .docx and .xlsx `make demo` writes: nothing but tips (the tool's own hidden
    sheets are noted)."""
    assert {p.name for p in demo_outputs} >= {"plan.xlsx", "merged-plan.xlsx", "summary.xlsx",
                                             "progress-update.docx", "progress-update.xlsx",
                                             "plan-2024-25.xlsx"}
    assert len([p for p in demo_outputs if p.parent.name in ("sent", "reminders")]) == 15 + 9
    assert {name: fired for name, fired in still_firing(demo_outputs).items() if fired} == {}


OUTPUTS_BEFORE = Path(__file__).parent / "fixtures" / "outputs-before"


@pytest.mark.parametrize("name, expected", [
    # A return as sent before the layout fixes: LibreOffice printed "Communicatio / n".
    ("return-communication-events.xlsx", [
        ("xlsx.word-broken", "sheet 'Return', B11",
         m.word_broken("Community", "Communit / y", "B", 11)),
        ("xlsx.word-broken", "sheet 'Return', E11:E12",
         m.word_broken("Communication", "Communicati / on", "E", 15))]),
    ("return-policy-communities.xlsx", [
        ("xlsx.word-broken", "sheet 'Return', B11:B19",
         m.word_broken("Community", "Communit / y", "B", 11)),
        ("xlsx.word-broken", "sheet 'Return', E28",
         m.word_broken("Communication", "Communicati / on", "E", 15)),
        ("xlsx.text-cut", "sheet 'Return', D20", m.text_cut_by_row("D20", 35, 27))]),
    ("plan-2024-25.xlsx", [
        ("xlsx.text-cut", "sheet 'About', A23", m.text_cut_by_next_cell("A")),
        *[("xlsx.word-broken", f"sheet '{sheet}', A3",
           m.word_broken("Commitments", "Commitment / s", "A", 14))
          for sheet in ("Community Leader", "Employer", "Service Provider")],
]),
    ("progress-update.xlsx", [
        ("xlsx.word-broken", "sheet 'Counts', B1",
         m.word_broken("Community", "Communit / y", "B", 13))]),
])
def test_the_outputs_before_the_layout_fixes_fail(name, expected):
    """The demo's outputs as written before the fixes, kept: `check` finds their faults."""
    found = [(f.rule, f.where, f.message) for f in check_file(OUTPUTS_BEFORE / name)
             if f.level != "tip"]
    assert found == expected


def nested_tables(path: Path, depth: int) -> Path:
    """A .docx whose one table holds a table, which holds a table, `depth` deep."""
    good = save(good_document(), path.parent, "base.docx")
    body = "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    for _ in range(depth):
        body = f"<w:tbl><w:tr><w:tc>{body}<w:p/></w:tc></w:tr></w:tbl>"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                text = data.decode()
                start, end = text.index("<w:body>") + len("<w:body>"), text.index("<w:sectPr")
                data = (text[:start] + body + text[end:]).encode()
            out.writestr(info, data)
    return path


def test_a_file_that_cannot_be_checked_never_stops_the_next(tmp_path):
    deep = nested_tables(tmp_path / "a-deep.docx", 500)
    good = save(good_document(), tmp_path, "b-good.docx")
    result = CliRunner().invoke(cli, ["check", str(deep), str(good)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        f"{deep.name}: {m.NESTED_TOO_DEEP} — {m.ASK_SENDER_AGAIN}",
        f"{good}: nothing to fix",
        "1 file checked: 0 errors, 0 warnings, 0 tips",
    ]
