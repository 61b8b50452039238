"""Smoke test of benchmarks/bench.py: the whole pipeline at a tiny size.

No timing assertions: the machine's speed is not under test, only that the
script generates, sends, fills, merges and reports every column.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"
COLUMNS = ["size", "texts", "actions", "services", "history", "folder", "files", "send s",
           "merge s", "floor s", "merge/floor", "merge CPU s", "floor CPU s",
           "merge/floor CPU", "merge MB", "floor MB"]
NUMERIC = COLUMNS[7:]


def _table(text: str, first: str) -> list[list[str]]:
    """The Markdown table whose header starts with `first`, as rows of cells."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first} |"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return [rows[0], *rows[2:]]  # drop the |---| line


def test_tiny_run_writes_the_whole_matrix(tmp_path: Path) -> None:
    """No history and four rounds, returns alone and send's folder with its drafts: every
    line timed against the floor, the naive script against the merge, and --help."""
    out = tmp_path / "results.md"
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--tiny", "--runs", "1", "--out", str(out),
         "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text()
    header, *rows = _table(text, "size")
    assert header == COLUMNS
    assert [(r[0], r[1], r[4], r[5]) for r in rows] == [
        ("tiny", "synthetic", "none", "returns only"),
        ("tiny", "synthetic", "none", "returns + drafts"),
        ("tiny", "synthetic", "4 rounds", "returns only"),
        ("tiny", "synthetic", "4 rounds", "returns + drafts")]
    for row in rows:
        record = dict(zip(COLUMNS, row, strict=True))
        assert [int(record["actions"]), int(record["services"])] == [6, 3]
        # send's folder holds a draft beside each return
        assert int(record["files"]) == (6 if record["folder"] == "returns + drafts" else 3)
        for name in NUMERIC:
            assert re.fullmatch(r"\d+(\.\d+)?", record[name]), f"{name}: {record[name]!r}"
            assert float(record[name]) > 0, f"{name}: {record[name]!r}"
    # The merge really merged the filled returns, and the drafts changed nothing.
    said = re.findall(r"^\* tiny, (.*?): 3 returns, [1-9]\d* cells changed .*merge said: (.*)$",
                      text, re.MULTILINE)
    assert len(said) == 4 and all(re.search(
        r"Merged cleanly: [1-9]\d* boxes applied|Needs a person: [1-9]\d* conflicts? to decide",
        s) for _, s in said)
    assert said[0][1] == said[1][1] and said[2][1] == said[3][1], said
    assert re.search(r"naive/merge \d+\.\d+ by wall time, \d+\.\d+ by CPU time", text)
    targets = _table(text, "target")
    assert len([row for row in targets if row[0].startswith("merge ≤")]) == 4
    assert any(row[0].startswith("naive ≥") for row in targets)
    assert any("--help" in row[0] and row[2] in ("met", "**not met**") for row in targets)
    assert "| size |" in proc.stdout  # the table is printed too


def test_the_text_heavy_workload_is_maidstone_s_own_words() -> None:
    sys.path.insert(0, str(BENCH.parent))
    try:
        import bench
    finally:
        sys.path.remove(str(BENCH.parent))
    from edi_workbook.workflow.example import example_plan

    grown = bench.grow_maidstone(60, 20)
    real = example_plan()
    assert len(grown.actions) == 60 and len(grown.services) == 20
    assert len({a.id for a in grown.actions}) == 60
    assert {a.description for a in grown.actions} == {a.description for a in real.actions}
    assert all(1 <= len(a.services) <= 3 and set(a.services) <= {s.name for s in grown.services}
               for a in grown.actions)
    assert sum(len(a.progress) for a in grown.actions) > 60 * 150  # the leads' real updates


def test_parts_bench_reads_what_it_added(tmp_path: Path) -> None:
    """benchmarks/bench_parts.py at a tiny size: every added formula and note is found."""
    script = BENCH.parent / "bench_parts.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--actions", "30", "--runs", "1", "--work",
         str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    formulas = [int(n.replace(",", "")) for n in re.findall(r"(\d[\d,]*) found", proc.stdout)]
    notes = [int(n.replace(",", "")) for n in re.findall(r"(\d[\d,]*) notes$", proc.stdout,
                                                         re.MULTILINE)]
    # one formula and one note on each row from the table's first on: 30 actions and more
    assert formulas[0] == formulas[2] == 0 and formulas[1] >= 30 and formulas[3] >= 30
    assert notes == formulas, proc.stdout
