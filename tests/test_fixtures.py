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
from edi_workbook.example import RETURNS_DIR
from edi_workbook.reader import read_plan
from edi_workbook.run import merge_files

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
from make_returns import EXPECTED, LOCK_FILE  # noqa: E402

CORPUS = FIXTURES / "returns"
AS_OF = date(2024, 3, 15)


def test_corpus_is_complete():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted([*EXPECTED, LOCK_FILE])


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
        assert any(expected in reason for reason in reasons), reasons
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
    [notice] = [r for r in result.rejected if "control characters" in r.reason]
    assert (notice.action_id, notice.field, notice.cells) == ("EM-01", "comments", 0)


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
    assert "skipped ~$good.xlsx: a lock file" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("Needs a person:")
    assert digest(folder) == before
    assert plan_path.read_bytes() == plan_before

    rejected = openpyxl.load_workbook(tmp_path / "summary.xlsx")["Rejected"]
    rows = list(rejected.iter_rows(values_only=True))
    header = rows[0]
    by_file: dict[str, list[str]] = {}
    for row in rows[1:]:
        record = dict(zip(header, row, strict=False))
        by_file.setdefault(record["File"], []).append(record["Reason"])
    for name, reason in EXPECTED.items():
        if reason is not None:
            assert any(reason in r for r in by_file.get(name, [])), (name, by_file.get(name))

    merged = read_plan(tmp_path / "merged.xlsx").action_index()
    assert merged["CL-01"].status == "On track"
    assert merged["EM-01"].revised_timescale == "December 2024"
    assert merged["EM-02"].status == "On track"  # from the example Human Resources return
    assert merged["CL-02"].updates["Revenues and Benefits"].progress
    assert merged["SP-05"].status == "Complete"
