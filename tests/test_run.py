"""merge_files' outputs: written together or not at all, never over an input, backups kept."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from edi_workbook.cli import cli
from edi_workbook.core import messages as m
from edi_workbook.core.errors import OutputError
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workflow import merging as run
from edi_workbook.workflow.example import build_example_returns

AS_OF = date(2024, 10, 15)


@pytest.fixture
def returns(tmp_path: Path) -> list[Path]:
    return build_example_returns(tmp_path / "returns")


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())} if out.exists() else {}


def test_a_summary_that_fails_leaves_both_outputs_as_they_were(tmp_path, plan_path, returns,
                                                              monkeypatch):
    import edi_workbook.workbooks.summary as summary

    out = tmp_path / "out"
    run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                    summary=out / "summary.xlsx", as_of=AS_OF)
    before = outputs(out)

    def broken(result, path, *, position=None):
        raise OutputError(m.summary_not_written(path, "disk full"))

    monkeypatch.setattr(summary, "write_summary", broken)
    with pytest.raises(OutputError) as info:
        run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                        summary=out / "summary.xlsx", as_of=AS_OF)
    # Named as the officer knows it, not by its temporary name.
    assert str(info.value) == m.summary_not_written(out / "summary.xlsx", "disk full")
    assert outputs(out) == before  # neither replaced, no temporary file left


def test_summary_open_in_excel_replaces_neither_and_says_which(tmp_path, plan_path, returns,
                                                              monkeypatch):
    """Issue 13: with -o onto the plan and the summary open in Excel, the plan used to be
    replaced alone; the next run then read the merged plan and the round's Changes were lost."""
    summary_path = tmp_path / "summary.xlsx"
    run.merge_files(plan_path, returns[:1], output=tmp_path / "first.xlsx",
                    summary=summary_path, as_of=AS_OF)  # last round's summary, open in Excel
    last_round = summary_path.read_bytes()
    original = plan_path.read_bytes()
    real_replace = os.replace

    def excel_holds_it(src, dst):  # what Windows does to a file Excel has open
        if Path(dst) == summary_path or Path(src) == summary_path:
            raise PermissionError(13, "Permission denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", excel_holds_it)
    result = CliRunner().invoke(cli, ["merge", str(plan_path), *map(str, returns), "-o",
                                      str(plan_path), "--summary", str(summary_path),
                                      "--as-of", "2024-03-15"])
    assert result.exit_code == 2, result.output
    assert ("summary.xlsx: cannot be replaced because it is open in another program"
            in result.output)
    assert plan_path.read_bytes() == original
    assert summary_path.read_bytes() == last_round
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []

    monkeypatch.setattr(os, "replace", real_replace)  # the officer closes Excel
    again = CliRunner().invoke(cli, ["merge", str(plan_path), *map(str, returns), "-o",
                                     str(plan_path), "--summary", str(summary_path),
                                     "--as-of", "2024-03-15"])
    assert again.exit_code == 0, again.output
    assert read_plan(plan_path).revision == 1
    import openpyxl

    changes = list(openpyxl.load_workbook(summary_path)["Changes"].iter_rows(values_only=True))
    assert len(changes) > 30  # this round's record is there


@pytest.mark.parametrize("option", ["-o", "--summary"])
def test_an_output_onto_a_return_is_refused_before_anything_is_read(tmp_path, plan_path,
                                                                      returns, option):
    target = returns[0]
    before = target.read_bytes()
    other = tmp_path / ("summary.xlsx" if option == "-o" else "merged.xlsx")
    args = ["merge", str(plan_path), str(tmp_path / "returns"), option, str(target),
            "--summary" if option == "-o" else "-o", str(other), "--as-of", "2024-03-15"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert (f"{target.name}: {option} names one of the returns being merged, which would be"
            " overwritten") in result.output
    assert target.read_bytes() == before
    assert not other.exists()


def test_two_merges_in_one_second_keep_two_backups(tmp_path, plan_path, returns):
    from datetime import datetime

    original = plan_path.read_bytes()
    for _ in range(2):
        run.merge_files(plan_path, returns, output=plan_path, summary=tmp_path / "s.xlsx",
                        as_of=AS_OF, now=datetime(2024, 3, 15, 10, 0, 0))
    backups = sorted(tmp_path.glob("plan.backup-*.xlsx"))
    assert [b.name for b in backups] == ["plan.backup-20240315-100000-2.xlsx",
                                         "plan.backup-20240315-100000.xlsx"]
    assert (tmp_path / "plan.backup-20240315-100000.xlsx").read_bytes() == original
    assert read_plan(tmp_path / "plan.backup-20240315-100000-2.xlsx").revision == 1


def test_a_merge_writes_both_in_one_process(tmp_path, plan_path, returns, monkeypatch):
    import multiprocessing

    def no_child(*args, **kwargs):
        raise AssertionError("a merge started a second process")

    monkeypatch.setattr(os, "fork", no_child)
    monkeypatch.setattr(multiprocessing, "Process", no_child)
    out = tmp_path / "out"
    run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                    summary=out / "summary.xlsx", as_of=AS_OF)
    assert sorted(p.name for p in out.iterdir()) == ["merged.xlsx", "summary.xlsx"]


def test_a_lead_s_words_survive_send_s_drafts_in_the_folder(tmp_path, plan, plan_path,
                                                           monkeypatch):
    """`send` writes each return and its .eml draft into one folder, and the leads' filled
    workbooks get saved over the ones sent. A draft's attachment is the workbook as
    issued: read as a return, it was a newer version of the lead's filled one and
    replaced it, and the lead's update vanished. Drafts never sent are passed over, with
    a word, recognised by their headers before any attachment is read."""
    import edi_workbook.mail.inbox as inbox
    from edi_workbook.core.messages import DRAFT_PASSED
    from edi_workbook.mail.send import send_returns
    from edi_workbook.workflow.example import fill_return
    from edi_workbook.xlsx.edit import set_saved_time

    folder = tmp_path / "sent"
    issued = send_returns(plan, folder, issued=date(2024, 2, 19), due=date(2024, 3, 8))
    housing = next(i for i in issued if i.service == "Housing")
    action = next(a for a in plan.actions if a.services == ["Housing"])
    words = "Housing's own words: the allocations policy was reviewed in February."
    fill_return(housing.workbook, {action.id: {"Progress update": words}})
    # The lead saved it before the drafts' copies were stamped (send stamps the clock's
    # time): whatever the saved times say, a draft is not a return.
    set_saved_time(housing.workbook, datetime(2024, 3, 7, 17, 0))
    drafts = sorted(folder.glob("*.eml"))
    assert len(drafts) == 15 and all(b"X-Unsent: 1\r\n" in d.read_bytes() for d in drafts)

    def opened(*args, **kwargs):
        raise AssertionError("a draft was opened")

    monkeypatch.setattr(inbox, "read_message", opened)
    result = CliRunner().invoke(cli, ["merge", str(plan_path), str(folder), "-o",
                                      str(tmp_path / "merged.xlsx"), "--summary",
                                      str(tmp_path / "summary.xlsx"), "--as-of", "2024-03-15"])
    assert result.exit_code == 0, result.output
    assert read_plan(tmp_path / "merged.xlsx").action_index()[action.id].progress == words
    # One line on screen for them all; each on the summary's Files sheet, with why.
    lines = [line for line in result.output.splitlines() if "draft" in line]
    assert lines == ["passed over 15 e-mail drafts never sent, as send writes beside each"
                     " return (not replies): listed on the summary's Files sheet"]
    sheet = openpyxl.load_workbook(tmp_path / "summary.xlsx")["Files"]
    files = {row[0]: (row[3], row[4]) for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert {d.name: files.get(d.name) for d in drafts} == {
        d.name: ("passed over", DRAFT_PASSED) for d in drafts}


# --- an existing output is replaced only where nothing is lost (issue: nothing lost) ---


def merge_cli(*args):
    return CliRunner().invoke(cli, ["merge", *map(str, args), "--as-of", "2024-03-15"])


def test_a_newer_merged_plan_is_not_overwritten_from_the_original(tmp_path, plan_path, returns):
    """Before: exit 0, 'Merged cleanly', plan-merged.xlsx rebuilt from revision 0: Housing's
    words, its History rows and its Returns log entry gone, no backup."""
    housing = next(r for r in returns if r.name == "Housing.xlsx")
    late = next(r for r in returns if r.name == "Human Resources.xlsx")
    merged, summary = tmp_path / "plan-merged.xlsx", tmp_path / "summary.xlsx"
    assert merge_cli(plan_path, housing, "-o", merged, "--summary", summary).exit_code == 0
    round_1 = merged.read_bytes()

    result = merge_cli(plan_path, late, "-o", merged, "--summary", summary)
    assert result.exit_code == 2, result.output
    assert result.output.splitlines()[-1] == (
        "Error: plan-merged.xlsx: is revision 1 of this plan, made since plan.xlsx (revision 0)"
        " with work this would not carry (CL-01 Status, CL-01 Progress update, CL-01"
        " Comments, CL-02 Status, CL-02 Progress update (Housing), and 18 more): writing over"
        " it would lose it — start from plan-merged.xlsx instead, give another file name, or"
        " add --replace to write over it (a copy of it is kept)")
    assert merged.read_bytes() == round_1
    assert not list(tmp_path.glob("*.backup-*"))

    # The officer starts from the merged plan, as the message says: Housing's words stay.
    result = merge_cli(merged, late, "-o", merged, "--summary", summary)
    assert result.exit_code == 0, result.output
    plan = read_plan(merged)
    assert plan.revision == 2 and plan.action_index()["CL-01"].status == "On track"
    assert {r.service for r in plan.returns_log} == {"Housing", "Human Resources"}


def test_replace_writes_over_a_later_revision_and_keeps_a_copy(tmp_path, plan_path, returns):
    merged, summary = tmp_path / "plan-merged.xlsx", tmp_path / "summary.xlsx"
    merge_cli(plan_path, returns[0], "-o", merged, "--summary", summary)
    round_1 = merged.read_bytes()
    result = merge_cli(plan_path, returns[1], "-o", merged, "--summary", summary, "--replace")
    assert result.exit_code == 0, result.output
    [plan_copy] = tmp_path.glob("plan-merged.backup-*.xlsx")
    [summary_copy] = tmp_path.glob("summary.backup-*.xlsx")
    assert plan_copy.read_bytes() == round_1
    assert f"plan-merged.xlsx was there already: a copy of it is kept as {plan_copy}" in (
        result.output.splitlines())
    assert f"summary.xlsx was there already: a copy of it is kept as {summary_copy}" in (
        result.output.splitlines())


def test_the_same_merge_again_replaces_its_outputs_keeping_copies(tmp_path, plan_path, returns):
    merged, summary = tmp_path / "merged.xlsx", tmp_path / "summary.xlsx"
    merge_cli(plan_path, *returns[:2], "-o", merged, "--summary", summary)
    first = merged.read_bytes()
    # Again, with one more return: nothing of the first is lost, so it is replaced.
    result = merge_cli(plan_path, *returns[:3], "-o", merged, "--summary", summary)
    assert result.exit_code == 0, result.output
    assert [p.read_bytes() for p in tmp_path.glob("merged.backup-*.xlsx")] == [first]
    assert len(read_plan(merged).returns_log) == 3
    # ... but not once the officer has typed in it.
    import openpyxl

    wb = openpyxl.load_workbook(merged)
    wb["Services"]["C2"] = "A new lead"
    wb.save(merged)
    result = merge_cli(plan_path, *returns[:3], "-o", merged, "--summary", summary)
    assert result.exit_code == 2
    assert "merged.xlsx: is revision 1 of this plan, made since plan.xlsx (revision 0)" in (
        result.output)


@pytest.mark.parametrize("what", ["a document", "another plan", "an edited summary"])
def test_an_output_the_tool_did_not_write_is_refused(tmp_path, plan_path, returns, what):
    merged, summary = tmp_path / "merged.xlsx", tmp_path / "summary.xlsx"
    if what == "a document":
        summary.write_bytes(b"minutes of the equality board")
        said = ("summary.xlsx: already exists and is not a file this tool wrote — give another"
                " file name, or add --replace")
    elif what == "another plan":
        from edi_workbook.core.model import new_plan
        from edi_workbook.workbooks.plan_writer import write_plan

        write_plan(new_plan("Our other plan"), merged)
        said = "merged.xlsx: already holds another plan ('Our other plan', revision 0)"
    else:
        import openpyxl

        merge_cli(plan_path, returns[0], "-o", tmp_path / "first.xlsx", "--summary", summary)
        wb = openpyxl.load_workbook(summary)
        wb["Summary"]["A40"] = "Notes for the board"
        wb.save(summary)
        said = "summary.xlsx: is a merge summary this tool wrote, changed since"
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = merge_cli(plan_path, *returns, "-o", merged, "--summary", summary)
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


@pytest.mark.skipif(os.name != "posix", reason="devices and pipes as POSIX has them")
def test_an_output_that_is_a_device_or_a_folder_is_refused_and_a_link_written_through(
        tmp_path, plan_path, returns):
    """Before: -o /dev/null, run as root, replaced the device with an ordinary file. The
    device here is a copy of /dev/null's node made in the test's own folder (a pipe when
    not root), so a broken build can only replace that."""
    import stat

    device = tmp_path / "null"
    if os.geteuid() == 0:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        what = "a device"
    else:
        os.mkfifo(device)
        what = "not an ordinary file (a pipe or socket)"
    result = merge_cli(plan_path, *returns, "-o", device, "--summary",
                       tmp_path / "summary.xlsx")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: {device}: is {what}, not a file — give the name of a file to write")
    assert not device.is_file() and not (tmp_path / "null.edi-lock").exists()
    (tmp_path / "folder.xlsx").mkdir()  # the command line refuses it too (click)
    with pytest.raises(OutputError, match="folder.xlsx: is a folder, not a file"):
        run.merge_files(plan_path, returns, output=tmp_path / "folder.xlsx",
                        summary=tmp_path / "summary.xlsx", as_of=AS_OF)
    # A link is written through: the file it points to is the output, the link stays.
    (tmp_path / "shared").mkdir()
    link = tmp_path / "merged.xlsx"
    link.symlink_to(tmp_path / "shared" / "merged.xlsx")
    result = merge_cli(plan_path, *returns, "-o", link, "--summary", tmp_path / "summary.xlsx")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and read_plan(tmp_path / "shared" / "merged.xlsx").revision == 1
