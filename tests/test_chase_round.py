"""chase with only last round's files in the folder: it took last round for the one being
chased, silently (those who replied last round were not chased, and the reminders named
last round's date as the one missed). It now says which round it takes them for, and
--round names the round being chased.
"""

from __future__ import annotations

import email
from email import policy

import pytest
from click.testing import CliRunner

from edi_workbook.cli import cli
from edi_workbook.workbooks.return_reader import read_return
from edi_workbook.workflow.example import RETURNS_DIR


@pytest.fixture
def merged(tmp_path, plan_path):
    """The example round merged: its five returns are in the plan's returns log."""
    result = CliRunner().invoke(cli, [
        "merge", str(plan_path), str(RETURNS_DIR), "-o", str(tmp_path / "plan-merged.xlsx"),
        "--summary", str(tmp_path / "summary.xlsx"), "--as-of", "2024-03-15"])
    assert result.exit_code == 0, result.output
    return tmp_path / "plan-merged.xlsx"


def chase(merged, out, *extra):
    result = CliRunner().invoke(cli, ["chase", str(merged), str(RETURNS_DIR), "--out", str(out),
                                      "--as-of", "2024-06-10", *extra])
    assert result.exit_code == 0, result.output
    return result.output.splitlines(), {p.stem.split(" – ")[-1]: p for p in out.glob("*.eml")}


def test_chase_says_which_round_it_takes_merged_returns_for(tmp_path, merged):
    lines, drafts = chase(merged, tmp_path / "r")
    assert lines[0] == (
        "note: every return given was merged before, so the round chased is the one they"
        " answered, sent on 19 February 2024 (--round 2024-02-19) — if you have sent a newer"
        " round since, give --round with the day you sent it")
    assert "Housing" not in drafts  # it replied in that round


def test_round_names_the_round_being_chased(tmp_path, merged):
    lines, drafts = chase(merged, tmp_path / "r", "--round", "2024-06-03")
    assert not lines[0].startswith("note:")
    # Nobody has replied to the round sent on 3 June: every service with an open action.
    assert "Housing" in drafts and "ICT" not in drafts  # ICT's one action is complete
    assert lines[-1] == f"14 reminders written to {tmp_path / 'r'}"
    housing = email.message_from_bytes(drafts["Housing"].read_bytes(), policy=policy.default)
    body = housing.get_body(("plain",)).get_content()
    assert "8 March 2024" not in body  # last round's date is not this round's
    copy = read_return(drafts["Housing"].with_suffix(".xlsx"))
    assert copy.round_sent.isoformat() == "2024-06-03"
