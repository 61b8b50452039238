"""The README is followed line by line, as a new user would follow it.

Every shell block marked `<!-- run -->` is run, in the README's order, in a fresh
folder holding a copy of `examples/` (and any other file of the repository a command
names): each command must succeed, and print what the README shows under it ("..."
stands for any lines). A block marked `<!-- output -->` is what the run block before
it prints. A block that starts with `edi-workbook` and is not run must say why
(`<!-- not run: ... -->`), so no example escapes. The speed the README quotes is
read from `benchmarks/results.md`, never typed twice.
"""

from __future__ import annotations

import re
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from edi_workbook.cli import cli

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
RESULTS = REPO / "benchmarks" / "results.md"
BLOCK = re.compile(r"(?:<!--\s*(run|output|not run:[^>]*?)\s*-->\s*\n)?```[^\n]*\n(.*?)```",
                   re.S)
COMMANDS = ("edi-workbook ", "cp ")


@dataclass
class Step:
    """One command of a run block and what the README shows it printing."""

    line: str
    shown: list[str] = field(default_factory=list)


def blocks(text: str) -> list[tuple[str, str]]:
    """(mark, body) of every fenced block, in order; mark '' when unmarked."""
    return [(mark or "", body) for mark, body in BLOCK.findall(text)]


def steps(body: str) -> list[Step]:
    found: list[Step] = []
    for line in body.rstrip("\n").split("\n"):
        if line.startswith(COMMANDS):
            found.append(Step(line))
        elif found:
            found[-1].shown.append(line)
        else:
            raise AssertionError(f"a run block must start with a command: {line!r}")
    return found


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether `printed` is what `shown` shows, "..." standing for any lines."""
    if not shown:
        return not printed
    if shown[0] == "...":
        rest = shown[1:]
        return any(matches(rest, printed[i:]) for i in range(len(printed) + 1))
    return bool(printed) and shown[0] == printed[0] and matches(shown[1:], printed[1:])


def test_matches_understands_the_ellipsis():
    assert matches(["a", "...", "z"], ["a", "b", "c", "z"])
    assert matches(["...", "z"], ["z"])
    assert not matches(["a", "z"], ["a", "b", "z"])
    assert not matches(["a", "...", "z"], ["a", "b"])


def run(step: Step, folder: Path) -> list[str]:
    args = shlex.split(step.line)
    for arg in args[1:]:  # a file of the repository the command names, not yet in the folder
        source = REPO / arg
        if not arg.startswith("-") and not (folder / arg).exists() and source.is_file():
            (folder / arg).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, folder / arg)
    if args[0] == "cp":
        shutil.copy(folder / args[1], folder / args[2])
        return []
    result = CliRunner().invoke(cli, args[1:], prog_name="edi-workbook")
    assert result.exit_code == 0, f"{step.line}\n{result.output}"
    return result.output.rstrip("\n").split("\n") if result.output.strip() else []


def test_every_example_that_is_not_run_says_why():
    for mark, body in blocks(README.read_text(encoding="utf-8")):
        if body.startswith("edi-workbook ") and not mark:
            raise AssertionError(f"mark it <!-- run --> or <!-- not run: why -->:\n{body}")


def test_the_readme_runs_as_written(tmp_path, monkeypatch):
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    ran = 0
    last: list[str] | None = None
    for mark, body in blocks(README.read_text(encoding="utf-8")):
        if mark == "run":
            for step in steps(body):
                printed = run(step, tmp_path)
                ran += 1
                assert not step.shown or matches(step.shown, printed), (
                    f"{step.line}\nthe README shows:\n" + "\n".join(step.shown)
                    + "\nit prints:\n" + "\n".join(printed))
                last = printed
        elif mark == "output":
            shown = body.rstrip("\n").split("\n")
            assert last is not None and matches(shown, last), (
                "the README shows:\n" + "\n".join(shown) + "\nit prints:\n"
                + "\n".join(last or []))
    assert ran >= 12


# --- the speed it quotes ---------------------------------------------------------------

def results_table() -> dict[tuple[str, ...], dict[str, str]]:
    """benchmarks/results.md's table of sizes: (size, history, folder) -> column -> cell."""
    lines = [line for line in RESULTS.read_text(encoding="utf-8").splitlines()
             if line.startswith("|")]
    head = next(i for i, line in enumerate(lines) if line.startswith("| size |"))
    names = [c.strip() for c in lines[head].strip("|").split("|")]
    rows = {}
    for line in lines[head + 2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) != len(names):
            break
        row = dict(zip(names, cells, strict=True))
        rows[(row["size"], row["history"], row["folder"])] = row
    return rows


# The rows the README quotes: a plan with history, merged from the folder send wrote.
QUOTED = [("council", "4 rounds", "returns + drafts"), ("county", "4 rounds", "returns + drafts")]


def test_the_speed_it_quotes_is_the_current_benchmarks():
    """It said "about 0.2 s ... 2 s ... 7 s", an old run's figures."""
    text = README.read_text(encoding="utf-8")
    [paragraph] = [p for p in text.split("\n\n") if "`benchmarks/results.md`" in p
                   and "merges" in p]
    paragraph = " ".join(paragraph.split())
    quoted = re.findall(r"\(([\d,]+) actions, (\d+) returns\)[^;.]*? in ([\d.]+) s", paragraph)
    table = results_table()
    assert quoted == [(table[k]["actions"], table[k]["services"], table[k]["merge s"])
                      for k in QUOTED]
    assert "four earlier rounds of history" in paragraph and "folder `send` wrote" in paragraph
