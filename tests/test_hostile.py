"""Every hostile and broken file, given to every command that reads files.

The corpus: tests/fixtures/make_hostile.py (headers built to stall a parser,
names built to reach the terminal, parts too big to unpack, too many rows,
a sheet reaching XFD1048576, ...), the bad returns of tests/fixtures/returns/,
the saved e-mails of tests/fixtures/messages/ and the council plans of
tests/fixtures/sources/. Whatever a command makes of each, it is one clear
line and an honest exit status: never a traceback, never "something unexpected
went wrong", never a file written outside the command's outputs, never an
input changed, never a stall.
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from edi_workbook.cli import cli
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow.example import example_plan
from edi_workbook.xlsx.filecheck import identify_file

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
from make_hostile import build  # noqa: E402

HOUSING_RETURN = Path(__file__).parent.parent / "examples" / "returns" / "Housing.xlsx"
UNEXPECTED = "something unexpected went wrong"
SECONDS = 20  # for any one command on any one file: the stalls seen ran to minutes


def digest(folder: Path) -> dict[str, object]:
    """Each file's content hash (its size and time for the sparse 1.5 GB one)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            if p.stat().st_size < 64 * 1024 * 1024 else (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """One folder holding every hostile and broken file (not the slow, very large ones:
    their own tests hold those), plus the good Housing return."""
    folder = tmp_path_factory.mktemp("corpus")
    build(folder, HOUSING_RETURN.read_bytes(), big=False)
    for kind in ("returns", "messages", "sources"):
        for path in sorted((FIXTURES / kind).iterdir()):
            if path.is_file() and not path.name.startswith("~$") and \
                    not path.name.endswith(".edi-lock"):
                shutil.copy(path, folder / f"{kind}-{path.name}")
    shutil.copy(HOUSING_RETURN, folder / "good-Housing.xlsx")
    for name, change in HOSTILE_PLANS.items():
        plan = example_plan()
        change(plan)
        write_plan(plan, folder / name)
    return folder


def _housing(**values):
    def change(plan):
        at = next(i for i, s in enumerate(plan.services) if s.name == "Housing")
        plan.services[at] = dataclasses.replace(plan.services[at], **values)
    return change


def _title(plan):
    plan.title = "EDI Plan\nBcc: evil@x.test"


def _service_named(plan):
    plan.services[0] = dataclasses.replace(plan.services[0], name="Hous\x1b]0;pwned\x07ing")
    for action in plan.actions:
        action.services = ["Hous\x1b]0;pwned\x07ing" if n == "Housing" else n
                           for n in action.services]


# Plans whose Services or About sheet would break an e-mail, or reach the terminal.
HOSTILE_PLANS = {
    "plan-lead-line-break.xlsx": _housing(lead="Jo\r\nBcc: evil@x.test"),
    "plan-two-addresses.xlsx": _housing(email="housing@example.org, evil@x.test"),
    "plan-two-deputies.xlsx": _housing(deputy_email="dep1@example.org; dep2@example.org"),
    "plan-lead-20000.xlsx": _housing(lead="J" * 20_000),
    "plan-title-line-break.xlsx": _title,
    "plan-service-escapes.xlsx": _service_named,
}


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """Where the commands' temporary folders go, to see that none is left."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


def invoke(args: list[object]) -> tuple[object, float]:
    start = time.perf_counter()
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result, time.perf_counter() - start


def assert_clear(result, seconds: float, name: str, limit: float = SECONDS) -> None:
    """One clear line and an honest exit status, in bounded time."""
    output = result.output
    assert UNEXPECTED not in output, (name, output)
    assert "Traceback" not in output, (name, output)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), (name, repr(result.exception))
    assert result.exit_code in (0, 1, 2), (name, result.exit_code)
    assert seconds < limit, (name, seconds)
    assert "\x1b" not in output and "\r" not in output, (name, output)
    if output.startswith("Error: "):  # refused: exactly one line, naming the file
        assert output.count("\n") == 1, (name, output)
        assert result.exit_code in (1, 2), (name, output)


def only_outputs(folder: Path, allowed: set[str]) -> None:
    assert {p.name for p in folder.iterdir()} <= allowed, sorted(p.name for p in
                                                                  folder.iterdir())


# Commands that read one file: (arguments, the outputs they may write in `out`).
ONE_FILE = {
    "validate": (lambda f, out: ["validate", f], set()),
    "flag": (lambda f, out: ["flag", f, "-o", out / "flagged.xlsx"], {"flagged.xlsx"}),
    "send": (lambda f, out: ["send", f, "--out", out / "sent"], {"sent"}),
    "report": (lambda f, out: ["report", f, "-o", out / "report.docx"], {"report.docx"}),
    "rollover": (lambda f, out: ["rollover", f, "-o", out / "next.xlsx", "--period",
                                 "2024-25"], {"next.xlsx"}),
    "import": (lambda f, out: ["import", f, "-o", out / "plan.xlsx"], {"plan.xlsx"}),
}


@pytest.mark.parametrize("command", ONE_FILE)
def test_every_hostile_file_to_every_command_that_reads_one(command, corpus, scratch,
                                                             tmp_path):
    args, allowed = ONE_FILE[command]
    before = digest(corpus)
    for path in sorted(corpus.iterdir()):
        out = tmp_path / "out" / path.name
        out.mkdir(parents=True)
        result, seconds = invoke(args(path, out))
        assert_clear(result, seconds, f"{command} {path.name}")
        if result.output.startswith("Error: "):
            assert result.output.startswith("Error: " + path.name.replace("\x1b", "\\x1b")
                                            .split(".")[0][:20]) or path.name in (
                result.output), (command, path.name, result.output)
        only_outputs(out, allowed)
        assert list(scratch.iterdir()) == []
    assert digest(corpus) == before


def test_every_hostile_file_merged_at_once_the_good_one_still_merges(corpus, scratch,
                                                                    tmp_path, plan_path):
    before = digest(corpus)
    out = tmp_path / "out"
    result, seconds = invoke(["merge", plan_path, corpus, "-o", out / "merged.xlsx",
                              "--summary", out / "summary.xlsx", "--as-of", "2024-03-15",
                              "--receipts", out / "receipts"])
    assert_clear(result, seconds, "merge", limit=60)
    assert result.exit_code == 1, result.output  # written, and a person must look
    # The good return is read (and, among the many copies of Housing's, ordered by the
    # time each was saved); every other file is read, passed over or named with why.
    assert any(line.startswith("good-Housing.xlsx: ") for line in result.output.splitlines())
    for path in corpus.iterdir():  # a message's attachments are named rather than it
        if path.suffix not in (".eml", ".msg") and not identify_file(path).quiet:
            assert path.name in result.output, path
    assert result.output.splitlines()[-1].startswith("Needs a person:")
    only_outputs(out, {"merged.xlsx", "summary.xlsx", "receipts"})
    assert digest(corpus) == before
    assert list(scratch.iterdir()) == []


def test_every_hostile_file_given_to_chase(corpus, scratch, tmp_path, plan_path):
    out = tmp_path / "out"
    result, seconds = invoke(["chase", plan_path, corpus, "--out", out / "reminders",
                              "--as-of", "2024-03-15"])
    assert_clear(result, seconds, "chase", limit=60)
    assert result.exit_code == 0, result.output
    only_outputs(out, {"reminders"})
    assert list(scratch.iterdir()) == []


def test_every_hostile_file_checked_each_gives_its_line_and_the_next_is_checked(
        corpus, scratch, tmp_path):
    result, seconds = invoke(["check", corpus])
    assert_clear(result, seconds, "check", limit=60)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # A file that cannot be checked is named on its own line, and the files after it
    # are still checked: the corpus ends with sources, whose lines come last.
    assert any(line.startswith("nested-tables-500.docx: ") for line in lines)
    assert any("sources-tracker.xlsx" in line for line in lines)
    assert lines[-1].endswith(" tips") and " files checked" in lines[-1]
