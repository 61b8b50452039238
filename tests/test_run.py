"""merge_files' outputs: the plan and summary written at once, both or neither."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from edi_workbook import run
from edi_workbook.errors import OutputError
from edi_workbook.example import build_example_returns

AS_OF = date(2024, 10, 15)


@pytest.fixture
def returns(tmp_path: Path) -> list[Path]:
    return build_example_returns(tmp_path / "returns")


@pytest.fixture(autouse=True)
def even_small_merges_fork(monkeypatch):
    """The example is small; these tests want the second process all the same."""
    monkeypatch.setattr(run, "PARALLEL_FROM_ROWS", 0)


def sheet_values(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: [r for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def test_parallel_and_serial_write_the_same_workbooks(tmp_path, plan_path, returns, monkeypatch):
    if not run.can_write_in_parallel():
        pytest.skip("this machine writes in one process only")
    outputs = {}
    for mode, parallel in (("parallel", True), ("serial", False)):
        monkeypatch.setattr(run, "can_write_in_parallel", lambda p=parallel: p)
        out = tmp_path / mode
        run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                        summary=out / "summary.xlsx", as_of=AS_OF)
        assert sorted(p.name for p in out.iterdir()) == ["merged.xlsx", "summary.xlsx"]
        outputs[mode] = [sheet_values(out / n) for n in ("merged.xlsx", "summary.xlsx")]
    # Only the merge time stamps may differ.
    def undated(sheets):
        return {name: [tuple(v for v in row if not hasattr(v, "hour")) for row in rows]
                for name, rows in sheets.items()}
    assert [undated(s) for s in outputs["parallel"]] == [undated(s) for s in outputs["serial"]]
    assert len(outputs["parallel"][1]["Changes"]) > 30


@pytest.mark.parametrize("processes", ["2", "1"])
def test_a_summary_that_fails_is_one_line_naming_it_and_nothing_is_half_written(
        tmp_path, plan_path, returns, monkeypatch, processes):
    if processes == "2" and not run.can_write_in_parallel():
        pytest.skip("this machine writes in one process only")
    import edi_workbook.summary as summary

    def broken(result, path, *, flagged=None):
        raise OutputError(f"{path}: the summary cannot be written (disk full)")

    monkeypatch.setenv("EDI_WORKBOOK_PROCESSES", processes)
    monkeypatch.setattr(summary, "write_summary", broken)
    out = tmp_path / "out"
    with pytest.raises(OutputError) as info:
        run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                        summary=out / "summary.xlsx", as_of=AS_OF)
    # Named as the officer knows it, not by its temporary name.
    assert str(info.value) == f"{out / 'summary.xlsx'}: the summary cannot be written (disk full)"
    # The plan went in first; the summary (and any temporary file) did not.
    assert sorted(p.name for p in out.iterdir()) == ["merged.xlsx"]


def test_a_crash_in_the_child_is_reported_not_lost(tmp_path, plan_path, returns, monkeypatch):
    if not run.can_write_in_parallel():
        pytest.skip("this machine writes in one process only")
    import edi_workbook.summary as summary

    def crash(result, path, *, flagged=None):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(summary, "write_summary", crash)
    out = tmp_path / "out"
    with pytest.raises(OutputError) as info:
        run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                        summary=out / "summary.xlsx", as_of=AS_OF)
    assert "the summary could not be written (ZeroDivisionError: boom)" in str(info.value)
    assert not (out / "summary.xlsx").exists()


@pytest.mark.parametrize("parallel", [True, False])
def test_a_plan_that_cannot_be_written_leaves_no_summary(tmp_path, plan_path, returns,
                                                         monkeypatch, parallel):
    if parallel and not run.can_write_in_parallel():
        pytest.skip("this machine writes in one process only")
    monkeypatch.setattr(run, "can_write_in_parallel", lambda: parallel)
    import edi_workbook.writer as writer

    def refuse(plan, path, **kwargs):
        raise OutputError(f"{Path(path).name}: cannot be replaced because it is open")

    monkeypatch.setattr(writer, "write_plan", refuse)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="merged.xlsx: cannot be replaced"):
        run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                        summary=out / "summary.xlsx", as_of=AS_OF)
    assert not out.exists() or list(out.iterdir()) == []


def test_one_process_when_asked(monkeypatch):
    monkeypatch.setenv("EDI_WORKBOOK_PROCESSES", "1")
    assert run.can_write_in_parallel() is False



def test_a_child_killed_mid_write_leaves_no_temporary_file(tmp_path, plan_path, returns,
                                                           monkeypatch):
    if not run.can_write_in_parallel():
        pytest.skip("this machine writes in one process only")
    import os
    import signal

    import edi_workbook.summary as summary
    from edi_workbook.cells import atomic_output

    def killed(result, path, *, flagged=None):
        with atomic_output(path) as tmp:
            tmp.write_bytes(b"half a summary")
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would

    monkeypatch.setattr(summary, "write_summary", killed)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="stopped with status -9"):
        run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                        summary=out / "summary.xlsx", as_of=AS_OF)
    assert sorted(p.name for p in out.iterdir()) == ["merged.xlsx"]


def test_no_fork_to_be_had_falls_back_to_one_process(tmp_path, plan_path, returns, monkeypatch):
    def no_fork(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(run, "can_write_in_parallel", lambda: True)
    monkeypatch.setattr(run, "_in_child", no_fork)
    out = tmp_path / "out"
    run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                    summary=out / "summary.xlsx", as_of=AS_OF)
    assert sorted(p.name for p in out.iterdir()) == ["merged.xlsx", "summary.xlsx"]
    assert len(sheet_values(out / "summary.xlsx")["Changes"]) > 30


def test_a_pool_worker_writes_in_one_process(monkeypatch):
    import multiprocessing

    class Daemon:
        daemon = True

    monkeypatch.delenv("EDI_WORKBOOK_PROCESSES", raising=False)
    monkeypatch.setattr(multiprocessing, "current_process", lambda: Daemon())
    assert run.can_write_in_parallel() is False


def test_small_merges_stay_in_one_process(tmp_path, plan_path, returns, monkeypatch):
    monkeypatch.setattr(run, "PARALLEL_FROM_ROWS", 2_000)
    monkeypatch.setattr(run, "can_write_in_parallel", lambda: True)

    def no_child(*args, **kwargs):
        raise AssertionError("a small merge started a second process")

    monkeypatch.setattr(run, "_in_child", no_child)
    out = tmp_path / "out"
    run.merge_files(plan_path, returns, output=out / "merged.xlsx",
                    summary=out / "summary.xlsx", as_of=AS_OF)
    assert sorted(p.name for p in out.iterdir()) == ["merged.xlsx", "summary.xlsx"]

