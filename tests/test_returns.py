"""Return workbooks: what a service lead is sent, and reading back what they did to it."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from plain import plain_as_date, plain_as_text, plain_text

from edi_workbook.core import messages as m
from edi_workbook.core.errors import ReturnError
from edi_workbook.core.model import EDITABLE_FIELDS, STATUSES, Plan, ServiceUpdate
from edi_workbook.core.schema import RETURN_HEADERS
from edi_workbook.workbooks.return_reader import read_return
from edi_workbook.workbooks.return_writer import write_return
from edi_workbook.xlsx import styles, textfit

ISSUED = date(2024, 4, 1)
DUE = date(2024, 5, 1)
HOUSING_IDS = ["CL-01", "CL-02", "CL-04", "EM-01"]


@pytest.fixture
def filled(plan: Plan) -> Plan:
    """The example plan with some values already in the editable columns."""
    actions = plan.action_index()
    actions["CL-01"].status = "On track"
    actions["CL-01"].progress = "One View live in two teams"
    actions["CL-01"].comments = "=not a formula"
    actions["CL-02"].status = "At risk"
    actions["CL-02"].updates = {
        "Housing": ServiceUpdate("CL-02", "Housing", progress="Signposting leaflet drafted"),
        "Revenues and Benefits": ServiceUpdate("CL-02", "Revenues and Benefits",
                                               progress="Staff briefed",
                                               comments="theirs only")}
    actions["EM-01"].title = "Title with a bell\x07 in it"
    return plan


@pytest.fixture
def housing(tmp_path: Path, filled: Plan) -> Path:
    return write_return(filled, "Housing", tmp_path / "housing.xlsx", issued=ISSUED, due=DUE,
                        contact="policy@example.org")


def header_row(ws) -> int:
    for row in ws.iter_rows(max_row=40):
        if row[0].value == "ID":
            return row[0].row
    raise AssertionError("no header row")


def row_of(ws, action_id: str) -> int:
    for row in ws.iter_rows():
        if row[0].value == action_id and row[0].row > header_row(ws):
            return row[0].row
    raise AssertionError(action_id)


def col(name: str) -> int:
    return RETURN_HEADERS.index(name) + 1


def edit(path: Path, change, unprotect: bool = False) -> Path:
    """Open with openpyxl, let `change(ws)` edit the Return sheet, save."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Return"]
    if unprotect:
        ws.protection.sheet = False
    change(ws)
    wb.save(path)
    return path


def rows_by_id(ret) -> dict:
    return {r.id: r for r in ret.rows}


# --- writing -----------------------------------------------------------------


def test_instructions_and_header(housing):
    ws = openpyxl.load_workbook(housing)["Return"]
    top = [ws.cell(r, 1).value for r in range(1, header_row(ws))]
    assert top[0] == "EDI Action Plan 2023-24 – return from Housing"
    assert ws["A1"].font.b and ws["A1"].font.sz == styles.TITLE_SIZE
    text = " ".join(t for t in top if t)
    for words in ("Fill in the white boxes for each action",
                  "send it back to policy@example.org by 1 May 2024",
                  "Status: click the box, then the arrow beside it (or press Alt+Down), and"
                  " choose", "Progress update: what has been done since the Last update",
                  "Revised timescale: only if the date will move", "Comments:",
                  "grey columns are for reference and locked",
                  "please do not add, delete or re-number rows"):
        assert words in text
    h = header_row(ws)
    assert [c.value for c in ws[h]] == list(RETURN_HEADERS)
    assert [ws.cell(r, 1).value for r in range(h + 1, ws.max_row + 1)] == HOUSING_IDS


def test_every_instruction_can_be_carried_out_under_the_protection(housing):
    """LibreOffice will not resize a row on a protected sheet: no instruction asks for
    it. Words a box cuts off are read in the bar above the sheet, in both programs; and
    LibreOffice's "Keep current format?" is answered, so no return comes back as .ods."""
    ws = openpyxl.load_workbook(housing)["Return"]
    text = " ".join(ws.cell(r, 1).value or "" for r in range(1, header_row(ws)))
    assert "taller" not in text and "drag" not in text and "sorting" not in text
    assert "click the box to read it all in the bar above the sheet" in text
    assert 'when it asks "Keep current format?", press "Use Excel 2007-365!"' in text
    assert not ws.auto_filter.ref  # no filter arrow to take for the status list
    p = ws.protection
    assert p.sheet and (p.formatRows, p.formatColumns) == (False, False)  # allowed


def test_the_boxes_are_unmistakable_and_only_they_take_typing(housing):
    """White, edged darker, unlocked; everything else locked, the band above them too;
    the locked grey plain to see on a screen."""
    ws = openpyxl.load_workbook(housing)["Return"]
    h = header_row(ws)
    for c, name in enumerate(RETURN_HEADERS, start=1):
        band, box = ws.cell(h - 1, c), ws.cell(h + 1, c)
        assert band.protection.locked, name
        mine = name in ("Status", "Progress update", "Revised timescale", "Comments")
        assert box.protection.locked is not mine, name
        if mine:
            assert box.border.left.color.rgb.endswith(styles.BOX_BORDER), name
    grey = int(styles.LOCKED_FILL[:2], 16)
    assert grey <= 0xD9  # F2F2F2 was too faint beside white on a screen


def test_the_instructions_print_within_the_table(housing):
    """Each line of the instructions fits the table's width, so none is cut at the page's
    edge and the page prints one A4 across."""
    ws = openpyxl.load_workbook(housing)["Return"]
    h = header_row(ws)
    table = sum(ws.column_dimensions[get_column_letter(c)].width * 7
                for c in range(1, len(RETURN_HEADERS) + 1))
    for r in range(2, h):
        assert textfit.text_px(ws.cell(r, 1).value, bold=r == h - 1) <= table, r
    assert ws.page_setup.fitToWidth in (None, 1)


def test_rows_hold_context_and_values(housing, filled):
    ws = openpyxl.load_workbook(housing)["Return"]
    r = row_of(ws, "EM-01")
    row = {h: ws.cell(r, col(h)).value for h in RETURN_HEADERS}
    assert row["Objective"] == "Employer"
    assert row["Action title"] == "Title with a bell in it"  # control character gone
    assert row["Responsible service(s)"] == "Housing; Human Resources"
    assert row["Timescale"] == "October 2024"
    assert row["Due"] == datetime(2024, 10, 31)
    assert ws.cell(r, col("Due")).number_format == styles.DATE_FORMAT
    cl01 = ws.cell(row_of(ws, "CL-01"), col("Comments"))
    assert cl01.value == "=not a formula" and cl01.data_type == "s"


def test_shared_action_issued_with_its_own_words_only(housing):
    ws = openpyxl.load_workbook(housing)["Return"]
    r = row_of(ws, "CL-02")
    # Last round's words read-only beside the box, which is issued empty for new ones.
    assert ws.cell(r, col("Last update")).value == "Signposting leaflet drafted"
    assert ws.cell(r, col("Progress update")).value is None
    assert ws.cell(r, col("Comments")).value is None
    assert ws.cell(r, col("Status")).value == "At risk"
    base = rows_by_id(read_return(housing))["CL-02"].base
    assert base == {"status": "At risk", "progress": "Signposting leaflet drafted",
                    "revised_timescale": "", "comments": ""}


def test_protection_without_password_and_locking(housing):
    ws = openpyxl.load_workbook(housing)["Return"]
    p = ws.protection
    assert p.sheet is True and not p.password
    # In OOXML False means "not prevented": rows and columns may be resized (in Excel;
    # LibreOffice does not let a protected sheet's rows be resized, so they grow instead).
    assert (p.formatRows, p.formatColumns) == (False,) * 2
    r = row_of(ws, "CL-01")
    for name in RETURN_HEADERS:
        cell = ws.cell(r, col(name))
        editable = name in ("Status", "Progress update", "Revised timescale", "Comments")
        assert cell.protection.locked is not editable, name
        expected = styles.EDITABLE_FILL if editable else styles.LOCKED_FILL
        assert cell.fill.fgColor.rgb.endswith(expected), name
        assert cell.alignment.wrap_text


def test_status_dropdown_from_defined_name(housing):
    wb = openpyxl.load_workbook(housing)
    ws = wb["Return"]
    h = header_row(ws)
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list"
    assert dv.formula1.lstrip("=") == "StatusList"
    status = get_column_letter(col("Status"))
    assert str(dv.sqref) == f"{status}{h + 1}:{status}{h + 4}"
    assert dv.showErrorMessage and "Choose a status" in dv.error
    assert wb.defined_names["StatusList"].attr_text == "'_lists'!$A$1:$A$7"
    assert wb["_lists"].sheet_state == "hidden"
    assert [c.value for c in wb["_lists"]["A"]] == list(STATUSES)


def test_rag_conditional_formatting(housing):
    ws = openpyxl.load_workbook(housing)["Return"]
    h = header_row(ws)
    (rng,) = list(ws.conditional_formatting)
    status = get_column_letter(col("Status"))
    assert str(rng.sqref) == f"{status}{h + 1}:{status}{h + 4}"
    assert [r.formula[0] for r in rng.rules] == [f'"{s}"' for s in STATUSES]
    # A status colours its word, never its box: "Not started" is no longer grey like
    # the locked cells, and every box a lead fills in stays white.
    for rule, name in zip(rng.rules, STATUSES, strict=True):
        assert rule.dxf.font.color.rgb.endswith(styles.STATUS_COLOURS[name][1])
        assert rule.dxf.fill is None or rule.dxf.fill.bgColor is None


def test_layout_frozen_printed_widths(housing):
    ws = openpyxl.load_workbook(housing)["Return"]
    h = header_row(ws)
    assert ws.freeze_panes == f"A{h + 1}"
    assert ws.print_title_rows == f"${h - 1}:${h}"  # the reference/fill-in band and headers
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToHeight == 0
    assert not ws.auto_filter.ref  # no filter: its arrow was taken for the status list
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEFGHIJKL"}
    assert max(widths, key=widths.get) == "D"  # Actions, the longest text
    assert openpyxl.load_workbook(housing).sheetnames[0] == "Return"


def test_hidden_identity_sheet(housing, filled):
    wb = openpyxl.load_workbook(housing)
    ws = wb["_return"]
    assert ws.sheet_state == "hidden"
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    meta = {r[0]: r[1] for r in rows[:9]}
    instructions = meta.pop("instructions")
    assert meta.pop("statuses").split("\n") == list(STATUSES)  # the drop-down's list, as sent
    assert meta == {"plan_id": filled.plan_id, "revision": "0", "service": "Housing",
                    "issued": "2024-04-01", "due": "2024-05-01", "schema_version": "2",
                    "round": "2024-04-01"}
    assert instructions.splitlines()[0] == wb["Return"]["A1"].value
    header = rows[10]
    assert header == [*RETURN_HEADERS, "Check"]
    table = {r[0]: dict(zip(header, r, strict=False)) for r in rows[11:]}
    assert all(len(r["Check"]) == 16 for r in table.values())
    assert list(table) == HOUSING_IDS
    assert table["EM-01"]["Due"] == "2024-10-31"
    assert table["CL-02"]["Progress update"] == "Signposting leaflet drafted"
    assert all(isinstance(v, str) for r in table.values() for v in r.values() if v is not None)


def test_custom_properties_as_text(housing, filled):
    props = {p.name: p for p in openpyxl.load_workbook(housing).custom_doc_props.props}
    assert {n: p.value for n, p in props.items()} == {
        "edi_plan_id": filled.plan_id, "edi_revision": "0", "edi_service": "Housing",
        "edi_issued": "2024-04-01", "edi_round": "2024-04-01"}
    assert all(type(p).__name__ == "StringProperty" for p in props.values())


def test_no_due_date_says_so(tmp_path, filled):
    path = write_return(filled, "ICT", tmp_path / "ict.xlsx", issued=ISSUED, due=None)
    ws = openpyxl.load_workbook(path)["Return"]
    assert "send it back to the person who sent it to you as soon as you can." in " ".join(
        ws.cell(r, 1).value or "" for r in range(1, 10))
    assert openpyxl.load_workbook(path)["_return"]["B5"].value is None
    assert read_return(path).service == "ICT"


# --- reading -----------------------------------------------------------------


def test_untouched_return_reads_back_clean(housing, filled):
    ret = read_return(housing)
    assert (ret.plan_id, ret.revision, ret.service, ret.issued, ret.sheet) == (
        filled.plan_id, 0, "Housing", ISSUED, "Return")
    assert ret.rejected == []
    assert [r.id for r in ret.rows] == HOUSING_IDS
    for row in ret.rows:
        assert row.values == row.base
        assert set(row.values) == set(EDITABLE_FIELDS)
    cl01 = rows_by_id(ret)["CL-01"]
    assert cl01.base["comments"] == "=not a formula"
    status = get_column_letter(col("Status"))
    assert cl01.cells["status"] == f"{status}{cl01.row}" and cl01.cells["id"] == f"A{cl01.row}"
    assert ret.editable_cells == 16


def test_edits_are_read(housing):
    def change(ws):
        r = row_of(ws, "CL-04")
        ws.cell(r, col("Status")).value = "Complete"
        ws.cell(r, col("Progress update")).value = "  Done in March.  "
        ws.cell(r, col("Revised timescale")).value = 3
        ws.cell(row_of(ws, "CL-01"), col("Progress update")).value = None

    ret = read_return(edit(housing, change))
    assert ret.rejected == []
    rows = rows_by_id(ret)
    assert rows["CL-04"].values == {"status": "Complete", "progress": "Done in March.",
                                    "revised_timescale": "3", "comments": ""}
    # The box is issued empty beside the Last update: left empty, it says nothing new.
    assert rows["CL-01"].values["progress"] == "One View live in two teams"
    assert rows["CL-01"].base["progress"] == "One View live in two teams"


def test_sorted_rows_matched_by_id(housing):
    def change(ws):
        h = header_row(ws)
        values = [[c.value for c in row] for row in ws.iter_rows(min_row=h + 1)]
        for r, row in enumerate(reversed(values), start=h + 1):
            for c, value in enumerate(row, start=1):
                ws.cell(r, c).value = value
        ws.cell(h + 1, col("Status")).value = "Off track"  # EM-01 is first now

    ret = read_return(edit(housing, change))
    assert ret.rejected == []
    assert [r.id for r in ret.rows] == list(reversed(HOUSING_IDS))
    assert rows_by_id(ret)["EM-01"].values["status"] == "Off track"
    assert rows_by_id(ret)["CL-01"].values["status"] == "On track"


def test_deleted_row_is_absent_and_listed(housing):
    ret = read_return(edit(housing, lambda ws: ws.delete_rows(row_of(ws, "CL-02"))))
    assert [r.id for r in ret.rows] == ["CL-01", "CL-04", "EM-01"]
    [notice] = ret.rejected
    assert (notice.reason, notice.advice) == (m.row_deleted("CL-02"), m.SEND_THE_ROW_BACK)
    assert (notice.action_id, notice.cells, notice.sheet) == ("CL-02", 0, "Return")


def test_blank_rows_skipped_and_added_row_rejected(housing):
    def change(ws):
        last = ws.max_row
        ws.cell(last + 2, col("Progress update")).value = "A new idea of ours"

    ret = read_return(edit(housing, change, unprotect=True))
    (rej,) = ret.rejected
    assert rej.cells == 4 and rej.action_id == "" and rej.sheet == "Return"
    assert rej.cell == f"A{header_row(openpyxl.load_workbook(housing)['Return']) + 6}"
    assert "added" in rej.reason and rej.advice
    assert len(ret.rows) == 4
    assert ret.editable_cells == 20


def test_id_not_issued_to_service(housing):
    ret = read_return(edit(housing, lambda ws: ws.cell(row_of(ws, "CL-04"), 1, "SP-01"),
                           unprotect=True))
    rej, missing = ret.rejected
    assert missing.action_id == "CL-04" and missing.cells == 0
    assert rej.action_id == "SP-01" and rej.cells == 4 and rej.service == "Housing"
    assert "not issued to Housing" in rej.reason
    assert [r.id for r in ret.rows] == ["CL-01", "CL-02", "EM-01"]


def test_duplicate_id_rejects_the_second(housing):
    def change(ws):
        r = row_of(ws, "CL-04")
        ws.cell(r, 1).value = "CL-01"
        ws.cell(r, col("Status")).value = "Closed"

    ret = read_return(edit(housing, change, unprotect=True))
    dup = [r for r in ret.rejected if r.cells == 4]
    assert len(dup) == 1 and dup[0].action_id == "CL-01" and "twice" in dup[0].reason
    assert rows_by_id(ret)["CL-01"].values["status"] == "On track"


def test_locked_column_edit_rejected(housing):
    def change(ws):
        ws.cell(row_of(ws, "CL-02"), col("Action title")).value = "A better title"

    ret = read_return(edit(housing, change, unprotect=True))
    (rej,) = ret.rejected
    assert (rej.action_id, rej.field, rej.value, rej.cells) == (
        "CL-02", "title", "A better title", 0)
    assert rej.cell.startswith("C") and "locked" in rej.reason
    assert "CL-02" in rows_by_id(ret)  # its editable cells still merge


def test_due_retyped_as_text_is_not_an_edit(housing):
    def change(ws):
        ws.cell(row_of(ws, "EM-01"), col("Due")).value = "31/10/2024"

    assert read_return(edit(housing, change, unprotect=True)).rejected == []


def test_formula_typed_is_read_as_its_text(housing):
    def change(ws):
        ws.cell(row_of(ws, "CL-04"), col("Progress update")).value = "=SUM(1,2)"

    path = edit(housing, change)
    assert openpyxl.load_workbook(path)["Return"].cell(
        row_of(openpyxl.load_workbook(path)["Return"], "CL-04"),
        col("Progress update")).data_type == "f"
    ret = read_return(path)
    # Saved by a program that does not calculate: no value shown, so its text is
    # taken (as text: never a live formula in the plan), and the formula listed.
    assert rows_by_id(ret)["CL-04"].values["progress"] == "=SUM(1,2)"
    [listed] = ret.rejected
    assert (listed.cell, listed.value, listed.cells) == (
        f"{get_column_letter(col('Progress update'))}"
        f"{row_of(openpyxl.load_workbook(path)['Return'], 'CL-04')}", "=SUM(1,2)", 0)
    assert (listed.reason, listed.advice) == (m.FORMULA_TYPED, m.TYPE_PLAIN_TEXT)


def test_a_formula_s_shown_value_is_merged_and_its_text_listed(housing, tmp_path):
    """Excel and LibreOffice save the value a formula shows beside it: that is taken."""
    import shutil
    import subprocess

    def change(ws):
        ws.cell(row_of(ws, "CL-04"), col("Comments")).value = "=2+2"

    path = edit(housing, change)
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed: it calculates the formula")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/p",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(path)],
                   check=True, capture_output=True, timeout=180)
    ret = read_return(tmp_path / "lo" / path.name)
    assert rows_by_id(ret)["CL-04"].values["comments"] == "4"
    assert [r.value for r in ret.rejected] == ["=2+2"]

def test_not_a_return_workbook(plan_path):
    with pytest.raises(ReturnError) as info:
        read_return(plan_path)
    assert (info.value.reason, info.value.advice) == (m.not_a_return("_return"), m.SEND_BACK)


def test_unreadable_file(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(os.urandom(200))
    with pytest.raises(ReturnError, match="bad.xlsx"):
        read_return(bad)


def test_identity_disagreement_is_an_error(housing):
    from openpyxl.packaging.custom import StringProperty

    wb = openpyxl.load_workbook(housing)
    props = wb.custom_doc_props
    props.props = [p for p in props.props if p.name != "edi_service"]
    props.append(StringProperty(name="edi_service", value="ICT"))
    wb.save(housing)
    with pytest.raises(ReturnError) as info:
        read_return(housing)
    assert info.value.reason == m.identity_disagrees("service", "ICT", "Housing", "_return")


def test_revision_property_saved_as_number_still_agrees(tmp_path, filled):
    from openpyxl.packaging.custom import FloatProperty

    filled.revision = 7
    path = write_return(filled, "ICT", tmp_path / "ict.xlsx", issued=ISSUED, due=DUE)
    wb = openpyxl.load_workbook(path)
    props = wb.custom_doc_props
    props.props = [p for p in props.props if p.name != "edi_revision"]
    props.append(FloatProperty(name="edi_revision", value=7.0))
    wb.save(path)
    assert read_return(path).revision == 7


def test_missing_properties_fall_back_to_sheet(housing):
    wb = openpyxl.load_workbook(housing)
    wb.custom_doc_props.props = []
    wb.save(housing)
    assert read_return(housing).service == "Housing"


def test_table_moved_to_another_sheet_is_found(housing):
    wb = openpyxl.load_workbook(housing)
    wb["Return"].title = "My copy"
    wb.save(housing)
    ret = read_return(housing)
    assert ret.sheet == "My copy" and len(ret.rows) == 4


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_resave_keeps_identity_base_and_edits(housing, tmp_path, filled):
    def change(ws):
        r = row_of(ws, "CL-04")
        ws.cell(r, col("Status")).value = "On track"
        ws.cell(r, col("Progress update")).value = "=started"
        ws.cell(r, col("Revised timescale")).value = "Winter 2024"

    edit(housing, change)
    out = tmp_path / "lo"
    profile = f"file:///tmp/lo-{uuid.uuid4().hex}"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={profile}",
                    "--convert-to", "xlsx", "--outdir", str(out), str(housing)],
                   check=True, capture_output=True, timeout=180)
    resaved = out / housing.name
    assert openpyxl.load_workbook(resaved)["_return"].sheet_state == "hidden"
    ret = read_return(resaved)
    assert (ret.plan_id, ret.revision, ret.service, ret.issued) == (
        filled.plan_id, 0, "Housing", ISSUED)
    # openpyxl stored "=started" as a formula; LibreOffice showed nothing for it:
    # its text is taken, and the formula is listed for the officer.
    assert [(r.action_id, r.field, r.value) for r in ret.rejected] == [
        ("CL-04", "progress", "=started")]
    rows = rows_by_id(ret)
    assert rows["CL-04"].values == {"status": "On track", "progress": "=started",
                                    "revised_timescale": "Winter 2024", "comments": ""}
    assert rows["CL-02"].base["progress"] == "Signposting leaflet drafted"
    assert rows["CL-01"].values == rows["CL-01"].base
    assert rows["CL-01"].base["comments"] == "=not a formula"


# The fast paths in returns.py (_text, _same) and below them (as_text, as_date)
# must agree with the plain definitions in tests/plain.py.
def plain_same(header, value, issued):
    if header == "Due":
        typed, was = plain_as_date(value), plain_as_date(issued)
        if typed is not None or was is not None:
            return typed == was
    return plain_text(value) == plain_text(issued)


TRICKY_CELLS = [
    "", "  ", "plain", " padded ", "a\r\nb", "a\rb", "\r\n", "a\r\n\r\nb\r", " a\x00 ",
    "a \x00", "\x00 a", "\x1f x \x1c", "\x0b", "\x0c\x0e", "\t tab \t", "line\nbreak",
    "é\u2028x", "\u00a0nbsp\u00a0", "=SUM(1,2)", 3, 3.0, 3.5, -0.0, 1e20, float("nan"),
    True, False, None, date(2024, 5, 1), datetime(2024, 5, 1), datetime(2024, 5, 1, 12, 30),
    "2024-05-01", " 2024-05-01 ", "2024-5-1", "01/05/2024", "1/5/24", "2024-02-30",
    "2024-05-01 00:00:00", "2024-05-01 12:30:00", "２０２４-05-01", "20240501", "2024-W18-3",
    "x" * 40_000, "x" * 32_766 + " \x00y", "y" * 32_767 + "\r\n", "\r\n" + "z" * 32_767,
]


@pytest.mark.parametrize("value", TRICKY_CELLS)
def test_fast_text_agrees_with_the_plain_definition(value):
    from edi_workbook.core.cells import as_text
    from edi_workbook.core.model import as_date
    from edi_workbook.core.returns import stored_text as _text

    assert _text(value) == plain_text(value)
    assert as_text(value) == plain_as_text(value)
    assert as_date(value) == plain_as_date(value)


@pytest.mark.parametrize("header", ["Due", "Action title"])
@pytest.mark.parametrize("value", TRICKY_CELLS)
def test_fast_same_agrees_with_the_plain_definition(header, value):
    from edi_workbook.workbooks.return_reader import _same

    for issued in ["", "2024-05-01", "3", "a\nb", plain_text(value), plain_as_text(value),
                   str(value)]:
        assert _same(header, value, issued) == plain_same(header, value, issued), issued


CELL_TEXT = st.text(st.sampled_from(list("ab 0123456789-/:\r\n\t\x00\x07\x1fé\u2028")))
CELL = st.one_of(CELL_TEXT, st.none(), st.booleans(), st.integers(), st.floats(),
                 st.dates(), st.datetimes())


@settings(max_examples=300, deadline=None)
@given(header=st.sampled_from(["Due", "Timescale"]), value=CELL, issued=CELL_TEXT)
def test_fast_paths_agree_with_the_plain_definitions_on_any_cell(header, value, issued):
    from edi_workbook.core.returns import stored_text as _text
    from edi_workbook.workbooks.return_reader import _same

    assert _text(value) == plain_text(value)
    assert _same(header, value, issued) == plain_same(header, value, issued)
    assert _same(header, value, _text(value)) == plain_same(header, value, _text(value))


# --- rejected rows keep their words (issue: nothing lost, proven) ------------


def test_a_row_inserted_under_an_action_is_rejected_with_every_box_s_words(housing):
    """Before: one line in Rejected with an empty 'What was typed'."""
    def change(ws):
        r = row_of(ws, "CL-01") + 1
        ws.insert_rows(r)
        ws.cell(r, col("Action title")).value = "Pilot in two estates"
        ws.cell(r, col("Status")).value = "On track"
        ws.cell(r, col("Progress update")).value = "SUBACTION-WORDS pilot started in May"

    ret = read_return(edit(housing, change, unprotect=True))
    [row] = [r for r in ret.rejected if r.cells == 4]
    assert row.reason == "a row was added without an ID"
    assert row.value == ("Action title: Pilot in two estates\nStatus: On track\n"
                         "Progress update: SUBACTION-WORDS pilot started in May")


def test_a_copied_row_with_other_words_is_rejected_with_its_words(housing):
    def change(ws):
        r = row_of(ws, "CL-01")
        ws.insert_rows(r + 1)
        for c in range(1, ws.max_column + 1):
            ws.cell(r + 1, c).value = ws.cell(r, c).value
        ws.cell(r + 1, col("Progress update")).value = "SECOND-COPY words about damp"

    ret = read_return(edit(housing, change, unprotect=True))
    [dup] = [r for r in ret.rejected if r.cells == 4]
    assert "appears twice" in dup.reason
    assert "Progress update: SECOND-COPY words about damp" in dup.value.split("\n")
    assert dup.value.startswith("ID: CL-01\n")
