"""The plan workbook as written: cells, styles, dropdown, colours, print setup."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from edi_workbook.core import messages as m
from edi_workbook.core.errors import PlanError
from edi_workbook.core.model import STATUSES
from edi_workbook.core.schema import HEADERS
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import CellNote, write_plan, write_template
from edi_workbook.xlsx import styles


def header_row(ws):
    for row in ws.iter_rows():
        if [c.value for c in row[:2]] == ["ID", "Action title"]:
            return row[0].row
    raise AssertionError(f"no header row on {ws.title}")


def test_sheets_in_order_with_hidden_meta(plan_path):
    wb = openpyxl.load_workbook(plan_path)
    assert wb.sheetnames == ["About", "Community Leader", "Employer", "Service Provider",
                             "Services", "History", "Returns log", "_lists", "_meta"]
    assert wb["_meta"].sheet_state == "hidden"
    assert wb["_lists"].sheet_state == "hidden"
    meta = {r[0]: r[1] for r in wb["_meta"].iter_rows(values_only=True)}
    assert meta["plan_id"] == "906ee463-9aca-499d-b63b-734caeabecbb"
    assert meta["revision"] == "0"
    assert meta["schema_version"] == "2"
    assert meta["objective:EM"] == "Employer"


def test_about_sheet(plan_path):
    ws = openpyxl.load_workbook(plan_path)["About"]
    about = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert ws["A1"].value == "EDI Action Plan 2023-24"
    assert about["Organisation"] == "Maidstone Borough Council"
    assert about["Period"] == "2023-24"
    assert about["Revision"] == 0
    assert about["Annual update date"].date() == date(2024, 3, 31)
    assert "How to use this workbook" in about


def test_objective_sheet_content_and_headers(plan_path, plan):
    ws = openpyxl.load_workbook(plan_path)["Employer"]
    assert ws["A1"].value == "As an Employer"
    assert ws["A2"].value == "Objective"
    assert ws["B2"].value == plan.objective("EM").statement
    h = header_row(ws)
    assert [c.value for c in ws[h]] == list(HEADERS)
    key = next(r for r in range(3, h) if ws.cell(r, 1).value == "Key")
    commitments = [ws.cell(r, 2).value for r in range(3, key) if ws.cell(r, 2).value]
    assert commitments == plan.objective("EM").commitments
    ids = [ws.cell(r, 1).value for r in range(h + 1, h + 8)]
    assert ids == ["EM-01", "EM-02", "EM-03", "EM-04.1", "EM-04.2", "EM-04.3", "EM-05"]
    row = {ws.cell(h, c).value: ws.cell(h + 5, c).value for c in range(1, 15)}
    assert row["Timescale"] == "July 2024"
    assert row["Responsible service(s)"] == "Policy, Communities and Engagement; Human Resources"
    labels = [ws.cell(r, 1).value for r in range(h + 8, ws.max_row + 1)]
    assert "Connections to other plans and strategies" in labels


def test_styles_dates_freeze_and_print(plan_path):
    ws = openpyxl.load_workbook(plan_path)["Community Leader"]
    h = header_row(ws)
    header = ws.cell(h, 1)
    assert header.font.b and header.fill.fgColor.rgb.endswith(styles.HEADER_FILL)
    body = ws.cell(h + 1, 4)
    assert body.alignment.wrap_text
    due_col = HEADERS.index("Due") + 1
    assert ws.cell(h + 1, due_col).number_format == styles.DATE_FORMAT
    assert ws.column_dimensions["D"].width == styles.COLUMN_WIDTHS["Actions"]
    assert ws.freeze_panes == f"C{h + 1}"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 8  # A3
    # OOXML's default fitToWidth is 1: xlsxwriter, like Excel, leaves it out.
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${h}:${h}"
    assert ws.auto_filter.ref.startswith(f"A{h}:N")


def test_status_dropdown_uses_hidden_list(plan_path):
    wb = openpyxl.load_workbook(plan_path)
    ws = wb["Service Provider"]
    h = header_row(ws)
    [dv] = ws.data_validations.dataValidation
    assert dv.type == "list"
    assert dv.formula1.lstrip("=") == "StatusList"  # openpyxl wrote the "=", OOXML has none
    assert f"H{h + 1}" in str(dv.sqref)
    assert wb.defined_names["StatusList"].attr_text == "'_lists'!$A$1:$A$7"
    assert [c.value for c in wb["_lists"]["A"]] == list(STATUSES)


def test_rag_conditional_formatting(plan_path):
    ws = openpyxl.load_workbook(plan_path)["Community Leader"]
    rules = {}
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            rules[rule.formula[0]] = (str(cf.sqref), rule.dxf.fill.bgColor.rgb)
    h = header_row(ws)
    sqref, colour = rules[f'$H{h + 1}="At risk"']
    assert sqref.startswith(f"H{h + 1}:H")
    assert colour.endswith(styles.STATUS_COLOURS["At risk"][0])
    sqref, colour = rules['"Overdue"']
    # A flag colours its own cell, with its word; no row is tinted, so a changed cell's
    # highlight and the status colour always show.
    assert sqref.startswith(f"N{h + 1}:N") and " " not in sqref
    assert colour.endswith(styles.FLAG_COLOURS["Overdue"])


def test_services_sheet(plan_path, plan):
    ws = openpyxl.load_workbook(plan_path)["Services"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Service", "Also known as", "Lead", "E-mail", "Deputy e-mail")
    assert len(rows) == 1 + len(plan.services) == 16
    hr = next(r for r in rows if r[0] == "Human Resources")
    assert hr[1] == "HR" and hr[3].endswith("@example.org")


def test_formula_looking_text_is_stored_as_text(tmp_path, plan):
    plan.actions[0] = plan.actions[0].replace(progress="=cmd|' /C calc'!A0",
                                              comments="-2 weeks", status="On track")
    path = write_plan(plan, tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path)["Community Leader"]
    h = header_row(ws)
    cell = ws.cell(h + 1, HEADERS.index("Progress update") + 1)
    assert cell.data_type == "s" and cell.value == "=cmd|' /C calc'!A0"
    assert read_plan(path).actions[0].progress == "=cmd|' /C calc'!A0"
    assert read_plan(path).actions[0].comments == "-2 weeks"


def test_notes_highlight_changed_cells(tmp_path, plan):
    index = plan.action_index()
    index["SP-02"].progress = "Leaflet drafted"
    notes = {("SP-02", "progress"): CellNote("Previous value: (blank)\nChanged by: Housing"),
             ("SP-03", "comments"): CellNote("Previous value: Old words\nChanged by: ICT")}
    path = write_plan(plan, tmp_path / "p.xlsx", notes=notes)
    ws = openpyxl.load_workbook(path)["Service Provider"]
    h = header_row(ws)
    cell = ws.cell(h + 2, HEADERS.index("Progress update") + 1)
    assert ws.cell(h + 2, 1).value == "SP-02"
    assert cell.fill.fgColor.rgb.endswith(styles.CHANGED_FILL)
    assert cell.border.left.style == cell.border.right.style == "medium"
    assert cell.comment.text.startswith("Previous value: (blank)")
    assert ws.cell(h + 1, HEADERS.index("Progress update") + 1).comment is None
    # A cell emptied by the merge is boxed, not filled: an empty yellow cell would say it
    # by colour alone.
    emptied = ws.cell(h + 3, HEADERS.index("Comments") + 1)
    assert ws.cell(h + 3, 1).value == "SP-03" and emptied.value is None
    assert emptied.border.top.style == "medium" and emptied.fill.fill_type is None


def test_restyled_template_keeps_its_look(tmp_path, plan):
    template = write_template(tmp_path / "mine.xlsx")
    wb = openpyxl.load_workbook(template)
    proto = wb["Objective"]
    for cell in proto[header_row(proto)]:
        cell.fill = openpyxl.styles.PatternFill("solid", fgColor="00B050")
    proto.column_dimensions["D"].width = 70
    wb.save(template)
    path = write_plan(plan, tmp_path / "p.xlsx", template=template)
    ws = openpyxl.load_workbook(path)["Employer"]
    h = header_row(ws)
    assert ws.cell(h, 5).fill.fgColor.rgb.endswith("00B050")
    assert ws.column_dimensions["D"].width == 70


def test_output_written_atomically_leaves_no_temp_files(tmp_path, plan):
    write_plan(plan, tmp_path / "p.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.xlsx"]


def test_bad_template_is_one_clear_error(tmp_path, plan):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(PlanError) as info:
        write_plan(plan, tmp_path / "p.xlsx", template=bad)
    openpyxl_error = type(info.value.__context__).__name__
    assert (info.value.path.name, info.value.reason, info.value.advice) == (
        "bad.xlsx", m.unreadable_template(openpyxl_error), m.USE_A_TEMPLATE_XLSX)


def test_committed_template_is_what_the_code_builds(tmp_path):
    from edi_workbook.xlsx.template import TEMPLATE_PATH

    fresh = write_template(tmp_path / "fresh.xlsx")
    a, b = openpyxl.load_workbook(TEMPLATE_PATH), openpyxl.load_workbook(fresh)
    assert a.sheetnames == b.sheetnames
    for ws in a.worksheets:
        other = b[ws.title]
        assert [[c.value for c in r] for r in ws.iter_rows()] == [
            [c.value for c in r] for r in other.iter_rows()], ws.title
        assert {k: d.width for k, d in ws.column_dimensions.items()} == {
            k: d.width for k, d in other.column_dimensions.items()}, ws.title


def test_output_open_in_another_program_is_one_clear_error(tmp_path, plan, monkeypatch):
    import os

    from edi_workbook.core.errors import OutputError

    def refuse(src, dst):  # what Windows does while Excel holds the file open
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError) as info:
        write_plan(plan, tmp_path / "plan.xlsx")
    assert str(info.value).startswith("plan.xlsx: cannot be replaced because it is open in"
                                      " another program")
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_shipped_template_is_written_without_openpyxl(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from edi_workbook.workflow.example import example_plan\n"
        "from edi_workbook.xlsx.template import TEMPLATE_PATH\n"
        "from edi_workbook.workbooks.plan_writer import write_plan\n"
        "write_plan(example_plan(), sys.argv[1])\n"
        "write_plan(example_plan(), sys.argv[2], template=TEMPLATE_PATH)\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.xlsx"),
                    str(tmp_path / "b.xlsx")], check=True)
    assert openpyxl.load_workbook(tmp_path / "b.xlsx")["Employer"]["A1"].value == "As an Employer"


def _width_of(ws, col):
    """A column's width, also when Excel saved it in a <col min max> group."""
    for dim in ws.column_dimensions.values():
        if dim.min <= col <= dim.max:
            return dim.width
    return None


def test_restyled_template_fonts_theme_colours_borders_and_own_sheets(tmp_path, plan):
    from openpyxl.styles import Border, Color, Font, PatternFill, Side

    template = write_template(tmp_path / "mine.xlsx")
    wb = openpyxl.load_workbook(template)
    proto = wb["Objective"]
    # Excel's palette gives theme colours: "Blue, Accent 1, Lighter 40%".
    head = header_row(proto)
    proto.cell(head, 2).fill = PatternFill("solid",
                                           fgColor=Color(theme=4, tint=0.3999755851924192))
    proto.cell(head + 1, 4).font = Font(name="Arial", size=10, italic=True, color="C00000")
    proto.cell(head + 1, 4).border = Border(left=Side(style="medium", color="FF0000"))
    proto["A1"].font = Font(bold=True, size=20)
    # Excel saves equal neighbouring widths as one <col min max> (xlsxwriter does too).
    if "F" in proto.column_dimensions:
        del proto.column_dimensions["F"]
    proto.column_dimensions["E"].width, proto.column_dimensions["E"].max = 40, 6
    wb["About"]["A3"].font = Font(italic=True)
    wb.create_sheet("Guidance")["A1"] = "Read me first"
    wb.save(template)

    path = write_plan(plan, tmp_path / "p.xlsx", template=template)
    out = openpyxl.load_workbook(path)
    ws = out["Employer"]
    h = header_row(ws)
    assert ws.cell(h, 2).fill.fgColor.rgb.endswith("95B3D7")
    body = ws.cell(h + 1, 4)
    assert (body.font.name, body.font.sz, body.font.i) == ("Arial", 10, True)
    assert body.font.color.rgb.endswith("C00000")
    assert (body.border.left.style, body.border.left.color.rgb[-6:]) == ("medium", "FF0000")
    assert ws.cell(h + 1, 3).font.name == "Calibri"  # the cells left alone keep the default
    assert ws["A1"].font.sz == 20
    assert _width_of(ws, 5) == _width_of(ws, 6) == 40
    assert out["About"]["A3"].font.i and not out["About"]["A3"].font.b
    assert "Guidance" in out.sheetnames, out.sheetnames
    assert out["Guidance"]["A1"].value == "Read me first"
    assert out.sheetnames.index("Guidance") == out.sheetnames.index("Returns log") + 1


def test_overlong_text_and_notes_are_cut_with_the_marker(tmp_path, plan):
    from edi_workbook.core.cells import CUT_MARKER, EXCEL_CELL_LIMIT

    long = "y" * (EXCEL_CELL_LIMIT + 100)
    plan.actions[0] = plan.actions[0].replace(progress=long)
    notes = {(plan.actions[0].id, "progress"): CellNote("Previous value: " + long)}
    path = write_plan(plan, tmp_path / "p.xlsx", notes=notes)
    ws = openpyxl.load_workbook(path)["Community Leader"]
    cell = ws.cell(header_row(ws) + 1, HEADERS.index("Progress update") + 1)
    assert len(cell.value) == EXCEL_CELL_LIMIT and cell.value.endswith(CUT_MARKER)
    assert cell.comment.text.endswith(CUT_MARKER)


def test_odd_values_keep_their_type_or_become_text(tmp_path, plan):
    from datetime import time, timedelta
    from decimal import Decimal

    from edi_workbook.core.model import Status

    plan.actions[0] = plan.actions[0].replace(
        status=Status.AT_RISK, title="bell\x07 and\r\nline \ufffe", extra={
            "At": time(9, 30), "Took": timedelta(hours=26), "Cost": Decimal("1.10"),
            "Where": Path("/tmp/x")})
    path = write_plan(plan, tmp_path / "p.xlsx")
    action = read_plan(path).actions[0]
    assert (action.status, action.title) == ("At risk", "bell and\nline")
    assert action.extra["At"] == time(9, 30)
    assert action.extra["Took"] == timedelta(hours=26)
    assert action.extra["Cost"] == 1.1
    assert action.extra["Where"] == "/tmp/x"


def test_fast_and_plain_paths_write_the_same_plan(tmp_path, plan, monkeypatch):
    """BulkSheet and FastWorkbook write the plan; plain xlsxwriter (below BULK_FROM_ROWS
    rows and FAST_NOTES_FROM notes) writes one a reader cannot tell apart."""
    from edi_workbook.xlsx import write as xlsx

    plan.actions[0].extra = {"Budget": 1200.5, "Signed off": date(2024, 1, 9)}
    notes = {(a.id, "progress"): CellNote(f"Previous value: (blank)\nChanged by: {a.id}")
             for a in plan.actions[::3]}

    def cells(path):
        wb = openpyxl.load_workbook(path)
        out = {}
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.value is not None or c.comment or c.fill.fgColor.rgb != "00000000":
                        out[(ws.title, c.coordinate)] = (
                            c.value, c.number_format, c.font.b, c.fill.fgColor.rgb,
                            c.alignment.wrap_text, c.protection.locked,
                            c.comment.text if c.comment else None)
            out[(ws.title, "heights")] = {r: d.height for r, d in ws.row_dimensions.items()
                                          if d.height}
        return out

    fast_path = write_plan(plan, tmp_path / "fast.xlsx", notes=notes)
    monkeypatch.setattr(xlsx, "BULK_FROM_ROWS", 10**9)
    monkeypatch.setattr(xlsx, "FAST_NOTES_FROM", 10**9)
    plain_path = write_plan(plan, tmp_path / "plain.xlsx", notes=notes)
    with zipfile.ZipFile(plain_path) as z:  # and the plain one really was plain
        assert b't="inlineStr"' not in z.read("xl/worksheets/sheet2.xml")
    plain = cells(plain_path)
    with zipfile.ZipFile(fast_path) as z:  # the fast path was really taken
        assert b't="inlineStr"' in z.read("xl/worksheets/sheet2.xml")
    assert cells(fast_path) == plain
