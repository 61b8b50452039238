"""CSV files in the encodings Excel saves, and tracker workbooks as they are kept."""

from __future__ import annotations

import codecs
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from edi_workbook.core import messages as m
from edi_workbook.core.errors import WorkbookError
from edi_workbook.importing.source import Row, Table, Text
from edi_workbook.importing.tables import decode, read_csv, read_workbook
from edi_workbook.workbooks.plan_writer import write_plan

TEXT = "Action,Lead\nCafé ‘drop-in’ for £ advice,JS\n"


@pytest.mark.parametrize("data, encoding", [
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "UTF-8"),
    (TEXT.encode("utf-8"), "UTF-8"),
    (TEXT.encode("cp1252"), "Windows-1252"),
    (TEXT.encode("utf-16"), "UTF-16"),
])
def test_decode(data: bytes, encoding: str) -> None:
    assert decode(data) == (TEXT, encoding)


def test_bytes_windows_1252_lacks_are_read_as_latin_1() -> None:
    assert decode(b"Action\n\x81\x8d") == ("Action\n\x81\x8d", "Latin-1")


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_csv_separators(tmp_path: Path, separator: str) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(f"Action{separator}By when{separator}Lead\n"
                    f"Publish the scheme{separator}March 2025{separator}AG, ZW\n"
                    .replace(", ZW", ", ZW" if separator != "," else ""), encoding="utf-8")
    source = read_csv(path)
    [table] = source.tables()
    assert table.header == ["Action", "By when", "Lead"]
    assert isinstance(table.rows[0], Row)
    assert table.rows[0].values[:2] == ["Publish the scheme", "March 2025"]


def test_csv_quoted_cells_keep_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text('Action,Update\n"Publish, then review","Line one\nLine two"\n',
                    encoding="utf-8")
    [table] = read_csv(path).tables()
    assert table.rows[0].values == ["Publish, then review", "Line one\nLine two"]


@pytest.mark.parametrize("text, reason", [
    ("", m.EMPTY_SOURCE),
    ("  \n", m.EMPTY_SOURCE),
    ("Minutes of the meeting\nNothing else\n", m.NO_ACTIONS_HEADER),
])
def test_csv_without_a_table(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WorkbookError) as info:
        read_csv(path)
    assert (info.value.path.name, info.value.reason, info.value.advice) == (
        "notes.csv", reason, m.GIVE_A_HEADER_ROW)


def tracker(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Actions"
    ws.append(["EDI tracker 2024-25"])
    ws.append([])
    ws.append(["Ref", "Action", "Lead officer", "Deadline"])
    ws.append(["A1", "Publish the profile", "Sam Patel", datetime(2024, 7, 31)])
    ws.append(["A2", "Run a survey", None, date(2024, 9, 30)])
    ws.append(["A3", "Train managers", None, "Quarterly"])
    ws.merge_cells("C4:C6")  # one officer for three rows
    ws.merge_cells("A1:D1")  # the title across the table: stays in its first cell
    hidden = wb.create_sheet("Lists")
    hidden.append(["Ref", "Action", "Lead"])
    hidden.append(["Z9", "Hidden", "XX"])
    hidden.sheet_state = "hidden"
    key = wb.create_sheet("Key")
    key.append(["Blue", "Complete"])
    wb.create_sheet("Empty")
    wb.save(path)
    return path


def test_workbook_title_rows_merged_cells_and_other_sheets(tmp_path: Path) -> None:
    source = read_workbook(tracker(tmp_path / "t.xlsx"))
    assert [s.name for s in source.sections] == ["Actions"]
    title, table = source.sections[0].blocks
    assert isinstance(title, Text) and title.text == "EDI tracker 2024-25"
    assert isinstance(table, Table) and table.where == "sheet 'Actions', row 3"
    assert [r.values[2] for r in table.rows] == ["Sam Patel"] * 3
    assert table.rows[0].values[3] == date(2024, 7, 31)
    assert source.sheets == {"Key": [["Blue", "Complete"]]}  # hidden and empty left out


def test_a_plan_workbook_is_not_imported_again(tmp_path: Path, plan) -> None:
    path = write_plan(plan, tmp_path / "plan.xlsx")
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    assert (info.value.path.name, info.value.reason, info.value.advice) == (
        "plan.xlsx", m.ALREADY_A_PLAN, m.USE_THE_PLAN)


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    path.write_text("Action,Lead\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    assert info.value.reason == m.not_a_workbook(m.renamed_to(m.KIND_CSV, ".xlsx"))
    wb = openpyxl.Workbook()
    wb.active.append(["Just", "numbers"])
    wb.save(path)
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    assert (info.value.reason, info.value.advice) == (m.NO_ACTIONS_HEADER, m.GIVE_A_HEADER_ROW)


# --- Limits: a file far past any plan is refused in one line, at once ---------------

import sys  # noqa: E402
import time  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from make_hostile import case as hostile_case  # noqa: E402

from edi_workbook.core.limits import SOURCE_LIMITS, SourceLimits  # noqa: E402


def refused(path: Path, reader=read_csv, **limits) -> WorkbookError:
    start = time.perf_counter()
    with pytest.raises(WorkbookError) as caught:
        reader(path, SourceLimits(**limits)) if limits else reader(path)
    assert time.perf_counter() - start < 5  # a million rows ran over ten minutes
    return caught.value


@pytest.mark.parametrize("name, size", [
    ("rows-1000000.csv", 63_888_940),  # ran over 10 minutes at 1.3 GB
    ("sparse-1.5gb.csv", 1536 * 1024 * 1024),  # "field larger than field limit" at 9 GB
])
def test_a_csv_far_larger_than_any_plan_is_refused_before_it_is_read(tmp_path, name, size):
    path = tmp_path / name
    hostile_case(name).make(path, b"")
    error = refused(path)
    assert (error.reason, error.advice) == (m.source_too_large(size, 32 * 1024 * 1024),
                                            m.IMPORT_A_PART)
    assert str(error).startswith(f"{name}: is far larger than any plan ({size:,} bytes;"
                                 " the most read is 33,554,432)")


def test_a_csv_of_more_rows_than_any_plan_is_refused(tmp_path):
    path = tmp_path / "rows-25000.csv"
    hostile_case(path.name).make(path, b"")
    error = refused(path)
    assert error.reason == ("has more than 20,000 rows (the most import reads), far more than"
                            " any plan")
    assert refused(path, rows=10).reason == m.source_too_many_rows(10)


@pytest.mark.parametrize("name", ["cell-10mb.csv", "cell-200kb.csv", "open-quote.csv"])
def test_a_csv_cell_longer_than_a_spreadsheet_cell_names_its_row(tmp_path, name):
    path = tmp_path / name
    hostile_case(name).make(path, b"")
    error = refused(path)
    assert (error.reason, error.advice) == (m.csv_cell_too_long(2, 32_767), m.CLOSE_THE_QUOTE)
    assert str(error) == (f"{name}: row 2 has a cell of more than 32,767 characters, more than"
                          " a spreadsheet cell holds — look for a quote mark (\") opened and"
                          " never closed in or before that row, or shorten the cell")


def test_a_tracker_sheet_of_more_rows_than_any_plan_is_refused(tmp_path):
    path = tmp_path / "rows-25000.xlsx"
    hostile_case(path.name).make(path, b"")
    error = refused(path, read_workbook)
    assert error.reason == m.source_too_many_rows(20_000, "Plan")


def test_limits_for_sources_are_far_above_a_real_plan():
    assert SOURCE_LIMITS.rows >= 10 * 2_000  # a county's plan
    assert SOURCE_LIMITS.cell_chars == 32_767  # Excel's own


def test_a_row_wider_than_any_plan_is_refused(tmp_path):
    # Found by tests/test_mutations.py: one header line repeated 40,000 times (280,000
    # columns) ran for minutes.
    path = tmp_path / "wide.csv"
    path.write_text(",".join(["Action", "Lead", "Notes"] * 400) + "\r\nTrain,Jo,x\r\n")
    error = refused(path)
    assert (error.reason, error.advice) == (m.source_too_wide(1_000, 1), m.IMPORT_A_PART)
    assert error.reason == ("row 1 has more than 1,000 columns (the most import reads), far"
                            " more than any plan")


def test_more_cells_than_import_reads_are_refused(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("Action,Lead,By when\r\n" + "Train,Jo,2025\r\n" * 5)
    assert refused(path, cells=10).reason == m.source_too_many_cells(12, 10)


def test_hundreds_of_alike_headers_import_in_time(tmp_path):
    from edi_workbook.importing import import_source

    path = tmp_path / "alike.csv"
    header = ",".join(["Action", "Lead", "By when", *["Notes", "Lead"] * 495])
    path.write_text(header + "\r\nTrain," + "Jo," * 990 + "x\r\n")
    start = time.perf_counter()
    action = import_source(path).plan.actions[0]
    assert time.perf_counter() - start < 5  # the names were found in cubic time
    assert list(action.extra)[:4] == ["Notes", "Lead", "Notes (2)", "Lead (2)"]
