"""The merge's last lines: what became of the boxes, then what needs a person, each count
saying what it counts.

It said "1 rejection(s) including 1 whole file(s)" of a file three of whose boxes were
applied, and "Needs a person: 1 conflict(s) — ... (35 applied, 115 unchanged, 2
conflict(s), 0 rejected)": one conflict and two in one line, "(s)" for both.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from edi_workbook.cli import cli
from edi_workbook.workflow.example import RETURNS_DIR, fill_return

CORPUS = Path(__file__).parent / "fixtures" / "returns"


def merge(tmp_path: Path, plan_path: Path, *returns: Path) -> list[str]:
    result = CliRunner().invoke(cli, [
        "merge", str(plan_path), *map(str, returns), "-o", str(tmp_path / "merged.xlsx"),
        "--summary", str(tmp_path / "summary.xlsx"), "--as-of", "2024-03-15"])
    assert result.exit_code == 1, result.output
    return result.output.splitlines()


def test_words_outside_the_boxes_are_not_a_whole_file(tmp_path, plan_path):
    lines = merge(tmp_path, plan_path, CORPUS / "added-column.xlsx")
    assert "whole file" not in "\n".join(lines)
    assert lines[-2] == ("Merged: 3 boxes applied, 13 unchanged, 0 in conflict, 0 rejected"
                         " (16 read).")
    assert lines[-1] == ("Needs a person: 1 thing not taken — see the Rejected sheet of the"
                         " summary.")


def test_a_file_not_merged_is_counted_as_a_file(tmp_path, plan_path):
    lines = merge(tmp_path, plan_path, CORPUS / "other-plan.xlsx", CORPUS / "good.xlsx")
    assert lines[-1] == ("Needs a person: 1 file not merged — see the Rejected sheet of the"
                         " summary.")


def test_one_conflict_between_two_answers_is_said_so(tmp_path, plan_path):
    folder = tmp_path / "returns"
    shutil.copytree(RETURNS_DIR, folder)
    benefits = folder / "Revenues and Benefits.xlsx"
    fill_return(benefits, {"CL-02": {"Status": "At risk"}}, benefits)  # Housing: On track
    lines = merge(tmp_path, plan_path, folder)
    assert lines[-2:] == [
        "Merged: 35 boxes applied, 115 unchanged, 2 in conflict, 0 rejected (152 read).",
        "Needs a person: 1 conflict to decide (2 answers disagree) — see the Conflicts sheet of"
        " the summary."]
