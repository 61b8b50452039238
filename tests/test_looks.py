"""What an officer and a lead see and print (issue 15, items 4-7), read from the files written.

The plan and the merged plan: a colour key naming every colour, a changed status
visible on paper without its note, rows as tall as their wrapped text, printed
text of 8 pt or more, a header and footer with page numbers, an About sheet for
officers. Returns: last round's update read-only beside an empty box, colours
that cannot be taken for "locked". Next year's plan: Review first. E-mails:
signed, counted in words, one line a paragraph, reminders that say what is late.
"""

from __future__ import annotations

import email
import importlib.util
import re
import zipfile
from datetime import date, datetime
from email import policy
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from edi_workbook.core import messages as m
from edi_workbook.core.merge import merge_returns
from edi_workbook.core.model import STATUSES, Plan
from edi_workbook.core.rollover import rollover_plan
from edi_workbook.core.schema import CHANGED_KEY, FLAG_KEYS, HEADERS, RETURN_HEADERS
from edi_workbook.mail.send import chase_drafts, send_returns
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workbooks.return_reader import read_return
from edi_workbook.workbooks.return_writer import write_return
from edi_workbook.workflow.example import RETURNS_DIR, example_plan, fill_return
from edi_workbook.xlsx import styles, textfit

CARLITO = Path("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf")
LIBERATION = Path("/usr/share/fonts/truetype/liberation")
SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def header_row(ws, first: str = "ID") -> int:
    for row in ws.iter_rows(max_row=60):
        if row[0].value == first and row[1].value in ("Action title", "Objective"):
            return row[0].row
    raise AssertionError(f"no header row on {ws.title}")


def key_row(ws) -> dict[str, openpyxl.cell.Cell]:
    """The key's swatches above the table (the "Key" row and the one below), by their words."""
    rows = list(ws.iter_rows(max_row=header_row(ws) - 1))
    for i, row in enumerate(rows):
        if row[0].value == "Key":
            return {c.value: c for r in rows[i:i + 2] for c in r[1:] if c.value}
    raise AssertionError(f"no key on {ws.title}")


def fill(cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:] if cell.fill.fill_type == "solid" else ""


def objective_sheets(wb) -> list:
    """The sheets holding an actions table (their "ID" and "Action title" header row)."""
    return [ws for ws in wb.worksheets if any(
        row[0].value == "ID" and len(row) > 1 and row[1].value == "Action title"
        for row in ws.iter_rows(max_row=60))]


def printed_text_size(ws, body_size: float = 11.0) -> float:
    """Points the body text prints at: worked out here from the page setup, as Excel fits
    columns to the paper's width (a column of width w is 7w pixels and 5 of padding)."""
    paper = {"8": (842, 1191), "9": (595, 842)}[str(ws.page_setup.paperSize)]
    width = paper[1] if ws.page_setup.orientation == "landscape" else paper[0]
    printable = width - (ws.page_margins.left + ws.page_margins.right) * 72
    last = max(c.column for row in ws.iter_rows() for c in row if c.value not in (None, ""))
    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, last + 1)]
    total = sum((w * 7 + 5) * 0.75 for w in widths)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    pages = ws.page_setup.fitToWidth or 1
    if pages > 1:  # the columns repeated on every page take room on each
        repeated = ws.print_title_cols or ""
        cols = re.findall(r"\$?([A-Z]+)", repeated)
        if cols:
            first, end = (openpyxl.utils.column_index_from_string(c) for c in cols)
            total += (pages - 1) * sum((widths[c - 1] * 7 + 5) * 0.75
                                       for c in range(first, end + 1))
    return body_size * min(1.0, printable * pages / total)


# --- An independent wrap, from the font file itself (not textfit's table) ------------

def _font_widths(path: Path = CARLITO) -> tuple[int, dict[int, int]]:
    spec = importlib.util.spec_from_file_location("font_widths", SCRIPTS / "font_widths.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.advance_widths(path)


needs_font = pytest.mark.skipif(not CARLITO.exists(), reason="Carlito (fonts-crosextra-carlito)"
                                " not installed")


def excel_lines(text: str, width: float, widths: dict[int, int], units: int) -> int:
    """Lines `text` takes in a column `width` characters wide, as Excel wraps Calibri 11:
    7 pixels a character, 5 of them kept clear of text; words break at spaces."""
    room = width * 7 - 5
    px = 11 * 96 / 72 / units

    def size(word: str) -> float:
        return sum(widths.get(ord(ch), units // 2) for ch in word) * px

    lines = 0
    for paragraph in text.split("\n"):
        used, lines = None, lines + 1
        for word in paragraph.split(" "):
            w = size(word)
            if used is None:
                used = w
            elif used + size(" ") + w <= room:
                used += size(" ") + w
            else:
                used, lines = w, lines + 1
            while used > room:  # a word longer than the line breaks between letters
                used, lines = used - room, lines + 1
    return lines


@needs_font
def test_textfit_widths_are_carlitos():
    units, widths = _font_widths()
    assert units == textfit.UNITS_PER_EM
    for code in range(0x20, 0x17F):
        if widths.get(code):
            assert textfit.CALIBRI.advance(chr(code), False) == widths[code], hex(code)
    assert textfit.CALIBRI.advance("–", False) == widths[ord("–")]


@pytest.mark.skipif(not LIBERATION.exists(), reason="Liberation Sans (fonts-liberation)"
                    " not installed")
@pytest.mark.parametrize("file, bold", [("LiberationSans-Regular.ttf", False),
                                        ("LiberationSans-Bold.ttf", True)])
def test_textfit_measures_arial_as_liberation_sans(file, bold):
    units, widths = _font_widths(LIBERATION / file)
    assert units == textfit.UNITS_PER_EM
    for code in range(0x20, 0x17F):
        if widths.get(code):
            assert textfit.ARIAL.advance(chr(code), bold) == widths[code], hex(code)


def test_a_font_is_measured_with_its_own_table_or_calibris():
    assert textfit.font_named("Arial") is textfit.ARIAL
    assert textfit.font_named("Liberation Sans") is textfit.ARIAL
    assert textfit.font_named(" calibri ") is textfit.CALIBRI
    assert textfit.font_named("Comic Sans MS") is textfit.CALIBRI  # no table: the narrower
    assert textfit.font_named(None) is textfit.CALIBRI
    # Arial is wider than Calibri: one word, two fonts, two widths.
    assert textfit.text_px("Communication", font=textfit.ARIAL) > textfit.text_px(
        "Communication") + 5
    assert textfit.widest_word("Policy, Communities and Engagement") == (
        textfit.text_px("Communities"), "Communities")


def test_wrapping_keeps_words_whole():
    # The example: 51 characters, two lines by count, three as Excel wraps them.
    text = "Policy, Communities and Engagement; Human Resources"
    assert textfit.wrap(text, 24) == ["Policy, Communities and", "Engagement; Human",
                                      "Resources"]
    assert textfit.wrap("Human Resources", 10) == ["Human", "Resources"]
    assert textfit.wrap("a\nb", 30) == ["a", "b"]
    assert textfit.line_count("", 10) == 1
    # A word longer than the column breaks between letters, as Excel does.
    assert "".join(textfit.wrap("Supercalifragilistic", 5)) == "Supercalifragilistic"


@needs_font
@pytest.mark.parametrize("services_width", [24, 20, 10, 7])
def test_row_heights_fit_wrapped_lines_in_a_narrow_column(tmp_path, plan, services_width):
    """EM-04.1 and EM-04.3 cut "Human Resources" in half when heights counted characters."""
    from edi_workbook.workbooks.plan_writer import write_template

    template = write_template(tmp_path / "mine.xlsx")
    wb = openpyxl.load_workbook(template)
    proto = wb["Objective"]
    col = get_column_letter(HEADERS.index("Responsible service(s)") + 1)
    proto.column_dimensions[col].width = services_width
    wb.save(template)
    path = write_plan(plan, tmp_path / "p.xlsx", template=template)
    ws = openpyxl.load_workbook(path)["Employer"]
    units, widths = _font_widths()
    h = header_row(ws)
    checked = 0
    for r in range(h + 1, ws.max_row + 1):
        if not ws.cell(r, 1).value or ws.cell(r, 1).value.startswith("Connections"):
            continue
        height = ws.row_dimensions[r].height
        for c in range(1, len(HEADERS) + 1):
            value = ws.cell(r, c).value
            if isinstance(value, str):
                width = ws.column_dimensions[get_column_letter(c)].width
                needed = excel_lines(value, width, widths, units)
                assert height >= 15 * needed, (ws.cell(r, 1).value, HEADERS[c - 1], value,
                                               height, needed)
                checked += 1
    assert checked > 30
    em041 = next(r for r in range(h + 1, ws.max_row + 1) if ws.cell(r, 1).value == "EM-04.1")
    services = ws.cell(em041, HEADERS.index("Responsible service(s)") + 1).value
    assert services.endswith("Human Resources")
    # "Human" and "Resources" each need a line of their own at width 7 and 10.
    if services_width <= 10:
        assert ws.row_dimensions[em041].height >= 15 * 5


# --- The plan and the merged plan ------------------------------------------------------

@pytest.fixture
def merged(tmp_path, plan) -> tuple[Path, Plan]:
    """The example round merged: the example returns into the example plan, as at 15/03/2024."""
    from edi_workbook.workflow.merging import merge_files

    plan_path = write_plan(plan, tmp_path / "plan.xlsx")
    outcome = merge_files(plan_path, [RETURNS_DIR], output=tmp_path / "merged.xlsx",
                          summary=tmp_path / "summary.xlsx", as_of=date(2024, 3, 15))
    return outcome.output, outcome.result.plan


def test_key_names_every_colour_on_every_objective_sheet(merged):
    path, _ = merged
    wb = openpyxl.load_workbook(path)
    for ws in objective_sheets(wb):
        key = key_row(ws)
        for status in STATUSES:
            assert fill(key[status]) == styles.STATUS_COLOURS[status][0], (ws.title, status)
        assert fill(key[CHANGED_KEY]) == styles.CHANGED_FILL
        assert key[CHANGED_KEY].border.left.style == "medium"
        assert fill(key[FLAG_KEYS[0]]) == styles.FLAG_COLOURS["Overdue"]
        assert fill(key[FLAG_KEYS[1]]) == styles.FLAG_COLOURS["Due soon"]
        # Every colour a conditional format paints on the sheet is named in the key.
        named = {fill(c) for c in key.values()}
        for rng in ws.conditional_formatting:
            for rule in rng.rules:
                colour = rule.dxf.fill.bgColor.rgb[-6:] if rule.dxf and rule.dxf.fill else ""
                assert not colour or colour in named, (ws.title, rule.formula, colour)
        # ... and every fill in the table itself.
        h = header_row(ws)
        for row in ws.iter_rows(min_row=h + 1, max_row=ws.max_row):
            for cell in row:
                assert not fill(cell) or fill(cell) in named, (ws.title, cell.coordinate)


def test_a_plan_without_changes_has_no_changed_colour_in_its_key(plan_path):
    ws = openpyxl.load_workbook(plan_path)["Community Leader"]
    key = key_row(ws)
    assert CHANGED_KEY not in key and set(STATUSES) <= set(key)


def test_a_changed_status_shows_on_paper_without_its_note(merged):
    """A status's colour hides a fill, and notes do not print: a changed cell is boxed."""
    path, plan = merged
    wb = openpyxl.load_workbook(path)
    ws = wb["Community Leader"]
    h = header_row(ws)
    status = HEADERS.index("Status") + 1
    rows = {ws.cell(r, 1).value: r for r in range(h + 1, ws.max_row + 1)}
    changed = ws.cell(rows["CL-01"], status)  # On track, from Housing's return
    assert changed.value == "On track" and changed.comment is not None
    for side in ("left", "right", "top", "bottom"):
        edge = getattr(changed.border, side)
        assert edge.style == "medium" and edge.color.rgb[-6:] == styles.CHANGED_BORDER
    untouched = ws.cell(rows["CL-06"], status)
    assert untouched.comment is None and untouched.border.left.style != "medium"
    # The status colours set no border, so the box survives them; notes are not printed.
    for rng in ws.conditional_formatting:
        for rule in rng.rules:
            border = rule.dxf.border if rule.dxf else None
            assert border is None or not any(
                getattr(getattr(border, s), "style", None) for s in ("left", "top"))
    assert ws.print_options.gridLines in (None, False)


def test_no_row_is_tinted(merged):
    """A flag colours its own cell only (the word is there); the rest of the row is plain."""
    path, _ = merged
    ws = openpyxl.load_workbook(path)["Community Leader"]
    flag = get_column_letter(HEADERS.index("Flag") + 1)
    for rng in ws.conditional_formatting:
        for cells in str(rng.sqref).split():
            first, last = cells.split(":")
            if any(r.formula and "Overdue" in r.formula[0] for r in rng.rules):
                assert first.rstrip("0123456789") == last.rstrip("0123456789") == flag


def test_printed_at_8_pt_or_more_with_header_and_footer(merged, tmp_path):
    path, plan = merged
    nxt = rollover_plan(read_plan(path), "2024-25", as_of=date(2024, 4, 1))
    for book in (path, write_plan(nxt, tmp_path / "next.xlsx")):
        wb = openpyxl.load_workbook(book)
        title = wb["About"]["A1"].value
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            assert ws.page_setup.orientation == ("portrait" if ws.title == "About"
                                                 else "landscape"), ws.title
            assert printed_text_size(ws) >= 8, (book.name, ws.title)
            assert ws.oddHeader.left.text == title
            assert ws.oddHeader.right.text == "&A"  # the sheet's name
            assert ws.oddFooter.right.text == "Page &P of &N"
        assert wb.properties.title == title
    ws = openpyxl.load_workbook(path)["Employer"]
    assert str(ws.page_setup.paperSize) == "8"  # fourteen columns: A3, one page wide
    assert ws.page_setup.fitToWidth in (None, 1)
    assert openpyxl.load_workbook(path)["Employer"].oddFooter.left.text == (
        "Maidstone Borough Council, position as at 15/03/2024")


def test_about_shows_what_an_officer_needs_and_hides_the_id(merged):
    path, plan = merged
    wb = openpyxl.load_workbook(path)
    ws = wb["About"]
    about = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert about["Title"] == "EDI Action Plan 2023-24"
    assert about["Organisation"] == "Maidstone Borough Council"
    assert about["Period"] == "2023-24"
    assert about["Position as at"] == datetime(2024, 3, 15)
    assert about["Revision"] == 1
    assert about["Plan owner"] == "Placeholder name"
    assert about["Plan owner's job title"] == "Placeholder job title"
    counts = {s: sum(a.status == s for a in plan.actions) for s in STATUSES}
    for status, count in counts.items():
        assert about[status] == count, status
    assert about["No status"] == sum(not a.status for a in plan.actions)
    assert about["Total"] == len(plan.actions) == sum(counts.values()) + about["No status"]
    assert "How to use this workbook" in about
    # The technical id is on the hidden sheet only, and still read from there.
    for sheet in wb.worksheets:
        if sheet.sheet_state == "visible":
            for row in sheet.iter_rows(values_only=True):
                assert plan.plan_id not in [str(v) for v in row], sheet.title
    assert "Plan ID" not in about
    back = read_plan(path)
    assert back.plan_id == plan.plan_id
    assert (back.as_at, back.owner_name, back.owner_role) == (
        date(2024, 3, 15), "Placeholder name", "Placeholder job title")
    assert not ws.merged_cells.ranges


def test_a_fresh_plan_says_it_is_not_yet_flagged(plan_path):
    about = {r[0]: r[1] for r in openpyxl.load_workbook(plan_path)["About"].iter_rows(
        values_only=True) if r[0]}
    assert about["Position as at"] == "Not yet flagged or merged"
    assert read_plan(plan_path).as_at is None


def test_objective_text_is_not_merged_and_reads_back(plan_path, plan):
    wb = openpyxl.load_workbook(plan_path)
    for ws in objective_sheets(wb):
        assert not ws.merged_cells.ranges, ws.title
    back = read_plan(plan_path)
    for objective in plan.objectives:
        again = back.objective(objective.key)
        assert (again.statement, again.commitments, again.connections) == (
            objective.statement, objective.commitments, objective.connections)
    # The bulleted commitment is one text, its bullets on rows of their own.
    first = plan.objective("CL").commitments[0]
    assert "\n• " in first
    ws = wb["Community Leader"]
    lines = [ws.cell(r, 2).value for r in range(3, 6)]
    assert lines == first.split("\n")


def test_odd_objective_text_still_reads_back(tmp_path, plan):
    objective = plan.objective("SP")
    objective.statement = "First line\nsecond line, no bullet"
    objective.commitments = ["One\n\nwith a blank line", "  spaced  ", "x" * 600, "Plain",
                             "Lead-in:\n• a bullet\nand a tail"]
    back = read_plan(write_plan(plan, tmp_path / "p.xlsx")).objective("SP")
    assert back.statement == objective.statement
    assert back.commitments == ["One\n\nwith a blank line", "spaced", "x" * 600, "Plain",
                                "Lead-in:\n• a bullet\nand a tail"]


# --- Returns -------------------------------------------------------------------------

@pytest.fixture
def filled(plan: Plan) -> Plan:
    actions = plan.action_index()
    actions["CL-01"].status = "Not started"
    actions["CL-01"].progress = "Scoping started."
    actions["EM-01"].progress = "Provider approached."
    return plan


def test_return_shows_last_update_read_only_beside_an_empty_box(tmp_path, filled):
    path = write_return(filled, "Housing", tmp_path / "h.xlsx", issued=date(2024, 4, 1),
                        due=date(2024, 5, 1))
    ws = openpyxl.load_workbook(path)["Return"]
    h = header_row(ws, "ID")
    col = {c.value: c.column for c in ws[h]}
    assert col["Last update"] + 1 == col["Status"] and col["Status"] + 1 == col[
        "Progress update"]
    rows = {ws.cell(r, 1).value: r for r in range(h + 1, ws.max_row + 1)}
    last = ws.cell(rows["CL-01"], col["Last update"])
    box = ws.cell(rows["CL-01"], col["Progress update"])
    assert last.value == "Scoping started." and last.protection.locked
    assert fill(last) == styles.LOCKED_FILL
    assert box.value is None and not box.protection.locked
    assert ws.protection.sheet
    # Untouched, it merges as unchanged; a typed update is applied.
    result = merge_returns(filled, [read_return(path)], date(2024, 5, 2))
    assert result.applied == [] and result.unchanged == 16

    def typed(ws):
        ws.cell(rows["CL-01"], col["Progress update"]).value = "Pilot live."

    wb = openpyxl.load_workbook(path)
    typed(wb["Return"])
    wb.save(path)
    result = merge_returns(filled, [read_return(path)], date(2024, 5, 2))
    [change] = result.applied
    assert (change.action_id, change.field, change.old, change.new) == (
        "CL-01", "progress", "Scoping started.", "Pilot live.")
    assert result.unchanged == 15


def test_return_colours_cannot_be_taken_for_locked(tmp_path, filled):
    path = write_return(filled, "Housing", tmp_path / "h.xlsx", issued=date(2024, 4, 1),
                        due=None)
    ws = openpyxl.load_workbook(path)["Return"]
    h = header_row(ws, "ID")
    # Statuses colour their word; no status paints a box, so none looks grey and locked.
    for rng in ws.conditional_formatting:
        for rule in rng.rules:
            assert rule.dxf.fill is None or rule.dxf.fill.bgColor is None
            assert rule.dxf.font.color is not None
    # Grey is locked and only locked; the words above the columns say which is which.
    for c, name in enumerate(RETURN_HEADERS, start=1):
        cell = ws.cell(h + 1, c)
        assert (fill(cell) == styles.LOCKED_FILL) == cell.protection.locked, name
    band = [ws.cell(h - 1, c).value for c in range(1, len(RETURN_HEADERS) + 1)]
    assert band[0].startswith("Grey columns, ID to Last update: for reference, locked.")
    assert "White columns, Status to Comments: yours to fill in" in band[0]
    assert band[1:] == [None] * (len(RETURN_HEADERS) - 1)
    assert styles.LOCKED_FILL not in {fill for fill, _ in styles.STATUS_COLOURS.values()}


def test_return_rows_sized_to_their_text_and_printed_on_a4(tmp_path, filled):
    """Each row as tall as its tallest text, as Excel wraps it in the columns written,
    and no taller (a row of two lines had room for five); not fixed, so it grows as a
    lead types; every word whole in its column."""
    path = write_return(filled, "Human Resources", tmp_path / "hr.xlsx",
                        issued=date(2024, 4, 1), due=None)
    ws = openpyxl.load_workbook(path)["Return"]
    h = header_row(ws)
    widths = [ws.column_dimensions[get_column_letter(c)].width
              for c in range(1, len(RETURN_HEADERS) + 1)]
    heights = []
    for r in range(h + 1, ws.max_row + 1):
        values = [ws.cell(r, c).value for c in range(1, len(RETURN_HEADERS) + 1)]
        lines = max(textfit.line_count(v, w) if isinstance(v, str) else 1
                    for v, w in zip(values, widths, strict=True))
        heights.append(ws.row_dimensions[r].height)
        assert ws.row_dimensions[r].height == pytest.approx(min(15 * lines + 2, 409), abs=1)
        for v, w in zip(values, widths, strict=True):
            if isinstance(v, str) and v:
                assert textfit.widest_word(v)[0] <= textfit.text_room_px(w), v
    assert len(set(heights)) > 2  # not one flat height
    # openpyxl calls every row with a height custom: the file itself says otherwise.
    with zipfile.ZipFile(path) as z:
        rows = re.findall(r"<row [^>]*>", z.read("xl/worksheets/sheet1.xml").decode())
    assert rows and not any("customHeight" in row for row in rows)
    assert str(ws.page_setup.paperSize) == "9" and ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth in (None, 1)
    assert printed_text_size(ws) >= 8
    assert ws.oddFooter.right.text == "Page &P of &N"


def test_a_long_actions_text_fits_excels_tallest_row(tmp_path):
    """Policy, Communities and Engagement's EM-02 (35 lines at 32 characters) was cut
    off at Excel's 409-point row: its column is given the room to show it all."""
    plan = example_plan()
    path = write_return(plan, "Policy, Communities and Engagement", tmp_path / "p.xlsx",
                        issued=date(2024, 4, 1), due=None)
    ws = openpyxl.load_workbook(path)["Return"]
    h = header_row(ws)
    r = next(r for r in range(h + 1, ws.max_row + 1) if ws.cell(r, 1).value == "EM-02")
    actions = RETURN_HEADERS.index("Actions") + 1
    width = ws.column_dimensions[get_column_letter(actions)].width
    lines = textfit.line_count(ws.cell(r, actions).value, width)
    assert 15 * lines + 2 <= ws.row_dimensions[r].height <= 409


# --- Next year's plan ----------------------------------------------------------------

def test_next_years_plan_reads_review_first(merged, tmp_path):
    path, _ = merged
    nxt = rollover_plan(read_plan(path), "2024-25", as_of=date(2024, 4, 1))
    ws = openpyxl.load_workbook(write_plan(nxt, tmp_path / "next.xlsx"))["Community Leader"]
    h = header_row(ws)
    headers = [c.value for c in ws[h] if c.value]
    assert headers[:3] == ["ID", "Action title", "Review"]
    assert headers.index("Last year's update") == headers.index("Status") - 1
    assert [x for x in headers if x in HEADERS] == list(HEADERS)  # SPEC's order kept
    rows = {ws.cell(r, 1).value: r for r in range(h + 1, ws.max_row + 1)}
    review = ws.cell(rows["CL-05"], 3)
    assert review.value == "Timescale has passed: set a new one" and review.font.b
    last_year = headers.index("Last year's update") + 1
    texts = [ws.cell(r, last_year).value for r in rows.values() if r]
    assert not any("No status" in (t or "") or "No progress update" in (t or "")
                   for t in texts)
    assert ws.cell(rows["CL-06"], last_year).value is None  # nothing was said last year
    assert ws.cell(rows["CL-01"], last_year).value.startswith("2023-24: On track\n")
    # A shared action: each service's words go into last year's update, and none of them
    # stays behind as this year's progress.
    assert ws.cell(rows["CL-02"], last_year).value.startswith(
        "2023-24: On track\nHousing: Housing and the CAB")
    progress = headers.index("Progress update") + 1
    assert all(ws.cell(r, progress).value is None for r in rows.values())
    assert read_plan(tmp_path / "next.xlsx").action_index()["CL-02"].updates == {}
    assert ws.print_title_cols == "$A:$A" or ws.page_setup.fitToWidth in (None, 1)
    assert printed_text_size(ws) >= 8


# --- E-mails -------------------------------------------------------------------------

def body_of(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def paragraphs(body: str) -> list[str]:
    return [p for p in body.strip().split("\n\n") if p]


def assert_not_hard_wrapped(body: str) -> None:
    """A paragraph is one line, or a lead-in ending ':' and a list of '- ' lines; the
    signature's lines follow "Thank you,"."""
    text, _, signature = body.partition("Thank you,")
    assert signature.strip()
    for paragraph in paragraphs(text):
        lines = paragraph.split("\n")
        if len(lines) == 1:
            continue
        assert lines[0].endswith(":") and all(x.startswith("- ") for x in lines[1:]), paragraph


def test_request_is_signed_counted_and_unwrapped(tmp_path, plan):
    sent = {i.service: i for i in send_returns(plan, tmp_path, issued=date(2024, 2, 19),
                                               due=date(2024, 3, 8),
                                               sender="edi.plan@example.org")}
    hr = body_of(sent["Human Resources"].eml)
    assert "It lists the 9 actions your service" in hr
    assert "It lists the action your service" in body_of(sent["ICT"].eml)
    assert "action(s)" not in hr
    assert_not_hard_wrapped(hr)
    assert hr.rstrip().endswith("Placeholder name\nPlaceholder job title\n"
                                "Maidstone Borough Council\nedi.plan@example.org")


def test_signature_from_the_command_line_wins(tmp_path, plan):
    from edi_workbook.mail.drafts import Signature

    signature = Signature.of(plan, "p@example.org", "Priya Shah", "Equalities Officer")
    [item] = [i for i in send_returns(plan, tmp_path, issued=date(2024, 2, 19), due=None,
                                      sender="p@example.org", signature=signature)
              if i.service == "Museums"]
    assert body_of(item.eml).rstrip().endswith(
        "Priya Shah\nEqualities Officer\nMaidstone Borough Council\np@example.org")


def test_reminder_names_dates_lists_outstanding_and_skips_what_is_done(tmp_path, plan):
    housing = RETURNS_DIR / "Housing.xlsx"  # marks CL-04 Complete; due back 08/03/2024
    chased = {i.service: i for i in chase_drafts(
        plan, [housing], tmp_path / "reminders", sender="edi.plan@example.org",
        due=None, issued=date(2024, 3, 15))}
    # ICT's only action is CL-04, which Housing completed: ICT is not chased.
    assert chased["ICT"].workbook is None and chased["ICT"].eml is None
    assert "ICT" in chased["ICT"].warning and "Complete" in chased["ICT"].warning
    assert not list((tmp_path / "reminders").glob("*ICT*"))
    body = body_of(chased["Policy, Communities and Engagement"].eml)
    assert "which was due on 8 March 2024: please send it by 22 March 2024." in body
    assert "by 22 March 2024, the new date," in body  # a week after the reminder
    listed = re.findall(r"^- ([A-Z]{2}-[\d.]+): ", body, flags=re.MULTILINE)
    pce = [a.id for a in plan.actions_of_service("Policy, Communities and Engagement")]
    assert listed == [i for i in pce if i != "CL-04"]
    assert f"These {len(listed)} actions still need your update:" in body
    assert ("CL-04 (Provide access to digital training and support at Trinity House.) needs"
            " nothing more from you: Housing has marked it Complete.") in body
    assert_not_hard_wrapped(body)
    assert body.rstrip().endswith("Maidstone Borough Council\nedi.plan@example.org")
    # The fresh copy asks for the new date.
    ws = openpyxl.load_workbook(chased["Museums"].workbook)["Return"]
    assert "send it back to edi.plan@example.org by 22 March 2024." in " ".join(
        ws.cell(r, 1).value or "" for r in range(1, 12))


def test_reminder_with_one_action_and_a_given_date(tmp_path, plan):
    chased = {i.service: i for i in chase_drafts(
        plan, [], tmp_path, sender="", due=date(2024, 4, 2), issued=date(2024, 3, 15),
        missed=date(2024, 3, 1))}
    body = body_of(chased["Museums"].eml)
    assert "which was due on 1 March 2024" in body
    assert "This action still needs your update:\n- CL-08.2: " in body
    assert "by 2 April 2024, the new date, by replying to this e-mail." in body


def test_reminder_date_must_be_later(tmp_path, plan):
    from edi_workbook.core.errors import EdiWorkbookError

    with pytest.raises(EdiWorkbookError) as info:
        chase_drafts(plan, [], tmp_path, sender="", due=date(2024, 3, 15),
                     issued=date(2024, 3, 15))
    assert str(info.value) == m.new_due_not_later("15/03/2024", "15/03/2024")


def test_example_returns_fill_the_new_box(tmp_path, plan):
    """The example returns are typed into the empty box, as a lead would."""
    [sent] = [i for i in send_returns(plan, tmp_path, issued=date(2024, 2, 19), due=None)
              if i.service == "Museums"]
    out = fill_return(sent.workbook, {"CL-08.2": {"Progress update": "Calendar drafted."}},
                      tmp_path / "museums.xlsx")
    [row] = read_return(out).rows
    assert row.values["progress"] == "Calendar drafted." and row.base["progress"] == ""
