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
COLUMNS = ["size", "actions", "services", "send s", "merge s", "merge CPU s", "merge 1-proc s",
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
    assert len(rows) == 1 and rows[0][0] == "tiny"
    for name, cell in zip(COLUMNS[1:], rows[0][1:], strict=True):
        assert re.fullmatch(r"\d+(\.\d+)?", cell), f"{name}: {cell!r}"
        assert float(cell) > 0, f"{name}: {cell!r}"
    assert [int(rows[0][1]), int(rows[0][2])] == [6, 3]
    # The merge really merged the filled returns.
    assert re.search(r"tiny: 3 returns, [1-9]\d* cells changed", text)
    assert re.search(r"merge said: .*[1-9]\d* applied", text)
    assert re.search(r"\(EDI_WORKBOOK_PROCESSES=1\).*: tiny merge/floor \d+\.\d+, naive/merge",
                     text)
    targets = _table(text, "target")
    assert any("--help" in row[0] and row[2] in ("met", "**not met**") for row in targets)
    assert "| size |" in proc.stdout  # the table is printed too
