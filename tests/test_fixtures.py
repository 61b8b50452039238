"""The corpus of real-world returns: each gets the treatment it must get.

Built by tests/fixtures/make_returns.py; EXPECTED there names, per file, the
reason the merge must give (or None: it merges).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from edi_workbook.cli import cli
from edi_workbook.core import messages as m
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workflow.example import RETURNS_DIR
from edi_workbook.workflow.merging import merge_files

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
from make_returns import EXPECTED, LOCK_FILE, OWN_FILES  # noqa: E402

CORPUS = FIXTURES / "returns"
AS_OF = date(2024, 3, 15)


def test_corpus_is_complete():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted([*EXPECTED, LOCK_FILE, *OWN_FILES])


def merge(plan_path, tmp_path, *returns):
    return merge_files(plan_path, list(returns), output=tmp_path / "merged.xlsx",
                       summary=tmp_path / "summary.xlsx", as_of=AS_OF).result


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_gets_its_reason(tmp_path, plan_path, name):
    result = merge(plan_path, tmp_path, CORPUS / name)
    reasons = [r.reason for r in result.rejected]
    expected = EXPECTED[name]
    if expected is None:
        assert reasons == []
        merged = read_plan(tmp_path / "merged.xlsx").action_index()
        assert merged["CL-01"].status == "On track"
        assert merged["CL-01"].progress == "A second advisor was recruited."
    else:
        assert expected in reasons
    counts = result.counts()
    assert counts["applied"] + counts["unchanged"] + counts["conflict"] + counts["rejected"] \
        == sum(r.editable_cells for r in result.returns) + sum(
            r.cells for r in result.rejected if r.path not in {x.path for x in result.returns})


def test_typed_formula_is_text_in_merged_plan_and_summary(tmp_path, plan_path):
    merge(plan_path, tmp_path, CORPUS / "formula-dde.xlsx")
    payload = "=cmd|' /C calc'!A0"
    merged = read_plan(tmp_path / "merged.xlsx").action_index()["CL-02"]
    assert merged.updates["Housing"].comments == payload
    assert merged.shown("comments") == f"Housing: {payload}"
    wb = openpyxl.load_workbook(tmp_path / "merged.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"
    summary = openpyxl.load_workbook(tmp_path / "summary.xlsx")
    found = [c for ws in summary.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and payload in c.value]
    assert found and all(c.data_type == "s" for c in found)


def test_control_characters_removed_and_reported(tmp_path, plan_path):
    result = merge(plan_path, tmp_path, CORPUS / "control-characters.xlsx")
    merged = read_plan(tmp_path / "merged.xlsx").action_index()
    assert merged["EM-01"].updates["Housing"].comments == "Bell here: and done"
    [notice] = [r for r in result.rejected if r.reason == m.CONTROL_CHARACTERS]
    assert (notice.action_id, notice.field, notice.cells) == ("EM-01", "comments", 0)
    assert notice.advice == m.CHECK_TEXT


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_hostile_folder_merges_good_edits_names_every_bad_file(tmp_path, plan_path):
    folder = tmp_path / "inbox"
    shutil.copytree(CORPUS, folder)
    for good in RETURNS_DIR.iterdir():
        shutil.copy(good, folder / f"example {good.name}")
    before = digest(folder)
    plan_before = plan_path.read_bytes()

    result = CliRunner().invoke(cli, ["merge", str(plan_path), str(folder), "-o",
                                      str(tmp_path / "merged.xlsx"), "--summary",
                                      str(tmp_path / "summary.xlsx"), "--as-of", "2024-03-15"])
    assert result.exit_code == 1, result.output
    assert "~$good.xlsx: passed over: a lock file" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("Needs a person:")
    assert digest(folder) == before
    assert plan_path.read_bytes() == plan_before

    rejected = openpyxl.load_workbook(tmp_path / "summary.xlsx")["Rejected"]
    rows = list(rejected.iter_rows(values_only=True))
    header = rows[3]  # under the sheet's title and its line of words
    by_file: dict[str, list[str]] = {}
    for row in rows[4:]:
        record = dict(zip(header, row, strict=False))
        by_file.setdefault(record["File"], []).append(record["Reason"])
    # Every Housing file here was saved within seconds of the others: which is newer
    # cannot be told, so where they differ each is a conflict, never one silently over
    # another. The overlong comment on CL-04 meets typed-values.xlsx's there.
    conflicts = openpyxl.load_workbook(tmp_path / "summary.xlsx")["Conflicts"]
    in_conflict = {row[7] for row in conflicts.iter_rows(min_row=5, values_only=True)}
    assert {"overlong-emoji.xlsx", "typed-values.xlsx"} <= in_conflict
    for name, reason in EXPECTED.items():
        if reason is not None and name != "overlong-emoji.xlsx":
            assert any(reason in r for r in by_file.get(name, [])), (name, by_file.get(name))

    merged = read_plan(tmp_path / "merged.xlsx").action_index()
    assert merged["CL-01"].status == "On track"
    # typed-values.xlsx alone of the files saved together changes it: taken, not dropped.
    assert merged["EM-01"].revised_timescale == "June 2024"
    assert merged["EM-02"].status == "On track"  # from the example Human Resources return
    assert merged["CL-02"].updates["Revenues and Benefits"].progress
    assert merged["SP-05"].status == "Complete"


def test_values_are_read_as_the_lead_saw_them(tmp_path, plan_path):
    result = merge(plan_path, tmp_path, CORPUS / "typed-values.xlsx")
    merged = read_plan(tmp_path / "merged.xlsx").action_index()
    assert merged["CL-02"].updates["Housing"].progress == "75%"  # not 0.75
    assert merged["EM-01"].revised_timescale == "June 2024"  # not 2024-06-01
    assert merged["CL-02"].updates["Housing"].comments == "TRUE"  # not True
    assert merged["CL-04"].own_words("comments", "Housing") == "01/07/2024"  # the date shown
    assert result.rejected == []


def test_an_edited_hidden_sheet_is_never_trusted_silently(tmp_path, plan_path):
    """The lead typed their update into the unhidden hidden sheet as well: the merge would
    have seen no change at all. Now the row's changes are conflicts for a person."""
    result = merge(plan_path, tmp_path, CORPUS / "hidden-sheet-edited.xlsx")
    assert any((r.reason, r.advice, r.action_id) == (m.hidden_row_edited("CL-01"), m.DECIDE_EACH,
                                                     "CL-01") for r in result.rejected)
    conflicts = {(c.action_id, c.field): c for c in result.conflicts}
    assert conflicts[("CL-01", "progress")].theirs == "A second advisor was recruited."
    merged = read_plan(tmp_path / "merged.xlsx").action_index()
    assert merged["CL-01"].progress == ""  # kept for a person to decide
    assert result.needs_attention


def test_merged_cells_over_the_boxes_are_listed(tmp_path, plan_path):
    result = merge(plan_path, tmp_path, CORPUS / "merged-cells.xlsx")
    [listed] = [r for r in result.rejected if r.reason == m.merged_over_boxes(r.cell)]
    assert listed.cell.startswith("I") and ":" in listed.cell and listed.cells == 0


@pytest.mark.parametrize(("name", "sheet", "text", "reason"), [
    ("more-updates-sheet.xlsx", "More updates", "CL-04: the training suite opened in February",
     m.TYPED_OUTSIDE),
    ("added-column.xlsx", "Return", "Ask ICT about the laptops",
     m.typed_in_added_column("Notes")),
    ("added-column-no-header.xlsx", "Return", "Ask ICT about the laptops",
     m.typed_in_added_column("")),
    ("note-on-cell.xlsx", "Return", "Suite opened 12 Feb; 40 residents trained", m.NOTE_ON_CELL),
])
def test_words_typed_outside_the_boxes_are_listed_in_full(tmp_path, plan_path, name, sheet,
                                                         text, reason):
    result = merge(plan_path, tmp_path, CORPUS / name)
    listed = result.rejected
    assert [(r.sheet, r.value, r.reason, r.advice) for r in listed] == [
        (sheet, text, reason, m.PUT_IT_IN_THE_BOXES)]
    assert listed[0].cell and result.needs_attention
    rejected = openpyxl.load_workbook(tmp_path / "summary.xlsx")["Rejected"]
    assert text in [c.value for row in rejected.iter_rows() for c in row]


def test_text_over_the_cell_limit_counts_as_excel_counts(tmp_path, plan_path):
    result = merge(plan_path, tmp_path, CORPUS / "overlong-emoji.xlsx")
    # 34,010 UTF-16 units of emoji, and "Housing: " before them on a shared action.
    [notice] = [r for r in result.rejected if r.reason == m.too_long(34_019, 32_767)]
    cell = openpyxl.load_workbook(tmp_path / "merged.xlsx")
    texts = [c.value for ws in cell.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("🙂🙂")]
    assert texts and all(len(t.encode("utf-16-le")) // 2 <= 32_767 for t in texts)


def test_every_file_in_the_folder_is_accounted_for(tmp_path, plan_path):
    """Merged, already merged, or listed with its reason; only the tool's own files and a
    spreadsheet's lock file are passed over, the lock file with a word."""
    result = CliRunner().invoke(cli, ["merge", str(plan_path), str(CORPUS), "-o",
                                      str(tmp_path / "merged.xlsx"), "--summary",
                                      str(tmp_path / "summary.xlsx"), "--as-of", "2024-03-15"])
    assert result.exit_code == 1, result.output
    summary = openpyxl.load_workbook(tmp_path / "summary.xlsx")
    listed = {row[0] for row in summary["Rejected"].iter_rows(min_row=5, values_only=True)}
    files = {row[0]: row[3] for row in summary["Files"].iter_rows(min_row=5, values_only=True)}
    for name in EXPECTED:
        assert name in files or name in listed, name
    assert files[LOCK_FILE] == "passed over"
    for own in OWN_FILES:
        assert own not in files and own not in listed and own not in result.output
    assert "Housing.ods: is an OpenDocument (.ods) spreadsheet" in result.output
