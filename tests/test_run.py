"""merge_files' outputs: the plan and summary, and what happens when one cannot be written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from edi_workbook import run
from edi_workbook.errors import OutputError
from edi_workbook.example import build_example_returns

AS_OF = date(2024, 10, 15)


@pytest.fixture
def returns(tmp_path: Path) -> list[Path]:
    return build_example_returns(tmp_path / "returns")


def test_a_summary_that_fails_is_one_line_naming_it_and_nothing_is_half_written(
        tmp_path, plan_path, returns, monkeypatch):
    import edi_workbook.summary as summary

    def broken(result, path, *, flagged=None):
        raise OutputError(f"{path}: the summary cannot be written (disk full)")

    monkeypatch.setattr(summary, "write_summary", broken)
    out = tmp_path / "out"
    with pytest.raises(OutputError) as info:
        run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                        summary=out / "summary.xlsx", as_of=AS_OF)
    assert str(info.value) == f"{out / 'summary.xlsx'}: the summary cannot be written (disk full)"
    assert not (out / "summary.xlsx").exists()
    assert [p for p in out.iterdir() if p.name.startswith(".")] == []  # no temporary file


def test_a_plan_that_cannot_be_written_leaves_no_summary(tmp_path, plan_path, returns,
                                                         monkeypatch):
    import edi_workbook.writer as writer

    def refuse(plan, path, **kwargs):
        raise OutputError(f"{Path(path).name}: cannot be replaced because it is open")

    monkeypatch.setattr(writer, "write_plan", refuse)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="merged.xlsx: cannot be replaced"):
        run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                        summary=out / "summary.xlsx", as_of=AS_OF)
    assert not out.exists() or list(out.iterdir()) == []


def test_a_merge_writes_both_in_one_process(tmp_path, plan_path, returns, monkeypatch):
    import multiprocessing
    import os

    def no_child(*args, **kwargs):
        raise AssertionError("a merge started a second process")

    monkeypatch.setattr(os, "fork", no_child)
    monkeypatch.setattr(multiprocessing, "Process", no_child)
    out = tmp_path / "out"
    run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                    summary=out / "summary.xlsx", as_of=AS_OF)
    assert sorted(p.name for p in out.iterdir()) == ["merged.xlsx", "summary.xlsx"]
