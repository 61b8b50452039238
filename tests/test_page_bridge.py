"""The browser page's way in (edi_workbook.page) and the CLI's in-process run (cli.run),
under CPython: no browser needed, so always part of `make test`.

Every step the page offers is run through page.run() and through the CLI
(CliRunner) on the same files laid out the same way, with the very arguments
the page chose: the lines, the exit status and every output must be the same.
tests/test_page.py then does the same in a real browser, through the page.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from page_compare import same_file, same_folder

from edi_workbook import cli, page
from edi_workbook.workflow.example import RETURNS_DIR

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AS_OF, DUE = "2024-03-15", "2024-03-08"


def files_of(folder: Path, under: str) -> list[dict]:
    return [{"path": f"{under}/{p.relative_to(folder).as_posix()}", "data": p.read_bytes()}
            for p in sorted(folder.rglob("*")) if p.is_file()]


def both(tmp_path: Path, request: dict, layout: dict[str, Path]) -> tuple[dict, object, Path]:
    """page.run(request), and the CLI with the arguments the page chose, in a folder laid
    out as the page lays out its files (`layout`: name there -> file or folder here)."""
    ran = page.run(request)
    where = tmp_path / f"cli-{request['command']}"
    where.mkdir()
    for name, source in layout.items():
        if source.is_dir():
            shutil.copytree(source, where / name)
        else:
            (where / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, where / name)
    here = os.getcwd()
    os.chdir(where)
    try:
        result = CliRunner().invoke(cli.cli, ran["argv"][1:], prog_name="edi-workbook")
    finally:
        os.chdir(here)
    lines = result.output.replace(f"{where}{os.sep}", "").rstrip("\n").split("\n")
    assert ran["lines"] == lines
    assert ran["exit_code"] == result.exit_code
    return ran, result, where


def outputs(ran: dict) -> dict[str, bytes]:
    return {o["name"]: o["data"] for o in ran["outputs"]}


@pytest.fixture
def plan_file(plan_path) -> dict:
    return {"name": "plan.xlsx", "data": plan_path.read_bytes()}


@pytest.fixture
def returned() -> list[dict]:
    return files_of(RETURNS_DIR, "returns")


def test_validate(tmp_path, plan_path, plan_file):
    ran, _, _ = both(tmp_path, {"command": "validate", "plan": plan_file},
                     {"plan.xlsx": plan_path})
    assert (ran["exit_code"], ran["outcome"], ran["outputs"]) == (0, cli.CLEAN, [])
    assert ran["lines"][-1] == "plan.xlsx: 0 errors, 0 warnings"


def test_send_gives_one_zip_of_the_folder(tmp_path, plan_path, plan_file):
    told = []
    ran = page.run({"command": "send", "plan": plan_file, "options": {"due": DUE}},
                   progress=lambda *step: told.append(step))
    assert ran["argv"] == ["edi-workbook", "send", "plan.xlsx", "--out", "returns-sent",
                           "--due", DUE]
    assert list(outputs(ran)) == ["returns-sent.zip"]
    assert told[0] == ("Writing returns", 0, 15) and told[-1] == ("Writing returns", 15, 15)
    _, _, where = both(tmp_path, {"command": "send", "plan": plan_file,
                                  "options": {"due": DUE}}, {"plan.xlsx": plan_path})
    assert same_folder(outputs(ran)["returns-sent.zip"], where / "returns-sent",
                       "returns-sent.zip") > 15


def test_chase(tmp_path, plan_path, plan_file, returned):
    request = {"command": "chase", "plan": plan_file, "returns": returned,
               "options": {"as_of": AS_OF, "sender_name": "Sam Patel"}}
    ran, _, where = both(tmp_path, request, {"plan.xlsx": plan_path, "returns": RETURNS_DIR})
    assert "--sender-name" in ran["argv"]
    same_folder(outputs(ran)["reminders.zip"], where / "reminders", "reminders.zip")


def test_merge_with_receipts(tmp_path, plan_path, plan_file, returned):
    request = {"command": "merge", "plan": plan_file, "returns": returned,
               "options": {"as_of": AS_OF, "receipts": True}}
    ran, _, where = both(tmp_path, request, {"plan.xlsx": plan_path, "returns": RETURNS_DIR})
    assert ran["lines"][-1] == ("Merged cleanly: 37 boxes applied, 115 unchanged, 0 in"
                                " conflict, 0 rejected (152 read).")
    assert (ran["exit_code"], ran["outcome"]) == (0, cli.CLEAN)
    got = outputs(ran)
    assert sorted(got) == ["plan-merged.xlsx", "receipts.zip", "summary.xlsx"]
    for name in ("plan-merged.xlsx", "summary.xlsx"):
        same_file(got[name], (where / name).read_bytes(), name)
    same_folder(got["receipts.zip"], where / "receipts", "receipts.zip")


def test_returns_picked_one_by_one_go_in_a_folder_of_their_own(tmp_path, plan_path, plan_file):
    loose = [{"path": p.name, "data": p.read_bytes()} for p in sorted(RETURNS_DIR.iterdir())]
    request = {"command": "merge", "plan": plan_file, "returns": loose,
               "options": {"as_of": AS_OF}}
    ran, _, _ = both(tmp_path, request, {"plan.xlsx": plan_path, "picked": RETURNS_DIR})
    assert ran["argv"][3:8] == [f"picked/{p.name}" for p in sorted(RETURNS_DIR.iterdir())]


def test_merge_a_person_must_look(tmp_path, plan_path, plan_file, returned):
    notes = {"path": "returns/notes.txt", "data": b"call Housing"}
    ran = page.run({"command": "merge", "plan": plan_file, "returns": [*returned, notes],
                    "options": {"as_of": AS_OF}})
    assert (ran["exit_code"], ran["outcome"]) == (1, cli.LOOK)
    assert sorted(outputs(ran)) == ["plan-merged.xlsx", "summary.xlsx"]


def test_nothing_written_offers_nothing(returned):
    ran = page.run({"command": "merge", "plan": {"name": "plan.xlsx", "data": b"not a workbook"},
                    "returns": returned, "options": {"as_of": AS_OF}})
    assert (ran["exit_code"], ran["outcome"], ran["outputs"]) == (2, cli.NOTHING, [])
    assert ran["lines"][-1].startswith("Error: plan.xlsx: is a text file renamed to .xlsx")


def test_flag(tmp_path, plan_path, plan_file):
    request = {"command": "flag", "plan": plan_file, "options": {"as_of": "2024-03-10",
                                                                  "soon": "30"}}
    ran, _, where = both(tmp_path, request, {"plan.xlsx": plan_path})
    same_file(outputs(ran)["plan-flagged.xlsx"], (where / "plan-flagged.xlsx").read_bytes(),
              "plan-flagged.xlsx")


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_report(tmp_path, plan_path, plan_file, kind):
    request = {"command": "report", "plan": plan_file,
               "options": {"as_of": AS_OF, "format": kind, "include": "Comments, Type"}}
    ran, _, where = both(tmp_path, request, {"plan.xlsx": plan_path})
    name = f"progress-update.{kind}"
    assert ran["argv"][-2:] == ["--include", "Comments, Type"]
    same_file(outputs(ran)[name], (where / name).read_bytes(), name)


def test_rollover(tmp_path, plan_path, plan_file):
    request = {"command": "rollover", "plan": plan_file, "options": {"period": "2024-25"}}
    ran, _, where = both(tmp_path, request, {"plan.xlsx": plan_path})
    same_file(outputs(ran)["plan-2024-25.xlsx"], (where / "plan-2024-25.xlsx").read_bytes(),
              "plan-2024-25.xlsx")


@pytest.mark.parametrize("source", ["multi-year-2015-2019.docx", "tracker.xlsx",
                                    "objective-column-2024-25.csv"])
def test_import(tmp_path, source):
    path = FIXTURES / "sources" / source
    request = {"command": "import", "files": [{"path": source, "data": path.read_bytes()}],
               "options": {"organisation": "Our Borough Council", "title": "",
                           "columns": ""}}
    ran, _, where = both(tmp_path, request, {source: path})
    assert ran["argv"] == ["edi-workbook", "import", source, "-o", "plan.xlsx",
                           "--organisation", "Our Borough Council"]
    same_file(outputs(ran)["plan.xlsx"], (where / "plan.xlsx").read_bytes(), "plan.xlsx")


def test_import_a_source_called_plan_does_not_write_over_it(tmp_path):
    path = FIXTURES / "sources" / "tracker.xlsx"
    ran = page.run({"command": "import", "files": [{"path": "plan.xlsx",
                                                    "data": path.read_bytes()}]})
    assert ran["argv"][2:5] == ["plan.xlsx", "-o", "plan-imported.xlsx"]
    assert list(outputs(ran)) == ["plan-imported.xlsx"]


def test_check_opens_a_zip_of_this_page_as_its_folder(tmp_path, plan_path, plan_file):
    sent = outputs(page.run({"command": "send", "plan": plan_file}))["returns-sent.zip"]
    request = {"command": "check", "files": [{"path": "returns-sent.zip", "data": sent},
                                             {"path": "plan.xlsx", "data": plan_file["data"]}],
               "options": {"strict": True}}
    where = tmp_path / "sent"
    with zipfile.ZipFile(io.BytesIO(sent)) as zf:
        zf.extractall(where)
    ran, _, _ = both(tmp_path, request, {"returns-sent": where, "plan.xlsx": plan_path})
    assert ran["argv"] == ["edi-workbook", "check", "returns-sent", "plan.xlsx", "--strict"]
    assert ran["outputs"] == []


def test_a_path_cannot_climb_out_and_nothing_is_left_behind(tmp_path, plan_file):
    here = os.getcwd()
    before = set(Path(tempfile.gettempdir()).glob("edi-page-*"))
    ran = page.run({"command": "merge", "plan": plan_file,
                    "returns": [{"path": "../../../returns/x.xlsx", "data": b"x"}]})
    assert ran["argv"][3] == "returns"  # inside the job's folder, whatever the path said
    assert os.getcwd() == here
    assert set(Path(tempfile.gettempdir()).glob("edi-page-*")) == before


def test_an_unknown_command_is_refused():
    with pytest.raises(ValueError, match="no command 'demo'"):
        page.argv_for("demo", None, [], [], {})


# --- cli.run: the outcome from how the command ended -------------------------------------

def test_run_a_finished_command_that_found_errors_must_be_looked_at(tmp_path, plan):
    from edi_workbook.workbooks.plan_writer import write_plan

    plan.actions[1].id = plan.actions[0].id  # a duplicate ID: an error
    path = write_plan(plan, tmp_path / "plan.xlsx")
    ran = cli.run(["validate", str(path)])
    assert (ran.exit_code, ran.outcome) == (1, cli.LOOK)
    assert ran.lines[-1].startswith("plan.xlsx: 2 errors")  # the ID, twice


def test_run_a_one_line_error_wrote_nothing_whatever_its_number(tmp_path):
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(b"not a workbook")
    flagged = cli.run(["flag", str(bad), "-o", str(tmp_path / "out.xlsx")])
    assert (flagged.exit_code, flagged.outcome) == (1, cli.NOTHING)
    assert flagged.lines == [CliRunner().invoke(cli.cli, ["flag", str(bad)]).output.strip()]
    merged = cli.run(["merge", str(bad), str(bad), "-o", "m.xlsx", "--summary", "s.xlsx"])
    assert (merged.exit_code, merged.outcome) == (2, cli.NOTHING)


def test_run_a_usage_error_as_the_terminal_shows_it():
    ran = cli.run(["merge"])
    assert (ran.exit_code, ran.outcome) == (2, cli.NOTHING)
    assert ran.lines[0].startswith("Usage: edi-workbook merge")
    assert ran.lines[-1] == "Error: Missing argument 'PLAN'."


def test_run_help_is_clean():
    ran = cli.run(["--help"])
    assert (ran.exit_code, ran.outcome) == (0, cli.CLEAN)
    assert ran.lines[0] == "Usage: edi-workbook [OPTIONS] COMMAND [ARGS]..."


def test_run_never_raises(monkeypatch, plan_path):
    def boom(value):
        raise RuntimeError("boom")

    monkeypatch.setattr("edi_workbook.core.model.as_date", boom)  # outside the commands' guard
    ran = cli.run(["flag", str(plan_path), "--as-of", "2024-03-10"])
    assert (ran.exit_code, ran.outcome) == (1, cli.NOTHING)
    assert ran.lines == ["Error: something unexpected went wrong (RuntimeError: boom) — please"
                         " report this to the edi-workbook maintainers, with the files you used"]


def test_run_reports_progress_for_every_file(tmp_path, plan_path):
    told = []
    cli.run(["merge", str(plan_path), str(RETURNS_DIR), "-o", str(tmp_path / "m.xlsx"),
             "--summary", str(tmp_path / "s.xlsx"), "--as-of", AS_OF],
            progress=lambda *step: told.append(step))
    assert told == [("Reading returns", n, 5) for n in range(6)]
