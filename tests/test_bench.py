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
COLUMNS = ["size", "texts", "actions", "services", "send s", "merge s", "merge CPU s",
           "floor s", "naive s", "merge/floor", "naive/merge", "merge MB", "floor MB",
           "naive MB", "merge/floor MB"]


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


def test_tiny_run_writes_a_full_numeric_table(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--tiny", "--runs", "1", "--out", str(out),
         "--work", str(tmp_path / "work")],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = out.read_text()
    header, *rows = _table(text, "size")
    assert header == COLUMNS
    assert len(rows) == 1 and rows[0][:2] == ["tiny", "synthetic"]
    for name, cell in zip(COLUMNS[2:], rows[0][2:], strict=True):
        assert re.fullmatch(r"\d+(\.\d+)?", cell), f"{name}: {cell!r}"
        assert float(cell) > 0, f"{name}: {cell!r}"
    assert [int(rows[0][2]), int(rows[0][3])] == [6, 3]
    # The merge really merged the filled returns.
    assert re.search(r"tiny: 3 returns, [1-9]\d* cells changed", text)
    assert re.search(r"merge said: (Merged cleanly: [1-9]\d* boxes applied|Needs a person:"
                     r" [1-9]\d* conflicts? to decide)", text)
    assert "Every merge runs in one process" in text
    targets = _table(text, "target")
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
