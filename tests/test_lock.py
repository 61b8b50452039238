import json
import os
import socket
import threading
import time

import pytest

from edi_workbook.core import messages as m
from edi_workbook.core.errors import OutputError
from edi_workbook.workflow.lock import STALE_AFTER, hold_lock, hold_locks, lock_path


def test_lock_is_created_and_removed(tmp_path):
    target = tmp_path / "merged.xlsx"
    with hold_lock(target) as lock:
        assert lock == tmp_path / "merged.xlsx.edi-lock"
        assert json.loads(lock.read_text())["pid"] == os.getpid()
    assert not lock.exists()


def test_second_holder_is_refused_with_a_clear_message(tmp_path):
    target = tmp_path / "merged.xlsx"
    with hold_lock(target) as lock:
        holder = json.loads(lock.read_text())
        with pytest.raises(OutputError) as info:
            with hold_lock(target):
                pass
    who = f"process {os.getpid()} on {holder['host']}"
    assert str(info.value) == m.locked_by_other("merged.xlsx", who, holder["since"],
                                                "merged.xlsx.edi-lock")


def test_second_holder_waits_for_the_first(tmp_path):
    target = tmp_path / "merged.xlsx"
    order = []

    def first():
        with hold_lock(target):
            order.append("first in")
            time.sleep(0.5)
            order.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    while not lock_path(target).exists():
        time.sleep(0.01)
    with hold_lock(target, wait=10):
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]


def test_lock_left_by_a_dead_process_is_taken_over(tmp_path):
    target = tmp_path / "merged.xlsx"
    dead = 2**22 + 12345  # above any pid this machine hands out
    lock_path(target).write_text(json.dumps({"pid": dead, "host": socket.gethostname()}))
    with hold_lock(target):
        assert json.loads(lock_path(target).read_text())["pid"] == os.getpid()


def test_old_lock_is_stale(tmp_path):
    target = tmp_path / "merged.xlsx"
    lock = lock_path(target)
    lock.write_text(json.dumps({"pid": os.getpid(), "host": "elsewhere"}))
    old = time.time() - STALE_AFTER - 60
    os.utime(lock, (old, old))
    with hold_lock(target):
        pass


def test_hold_locks_takes_each_once(tmp_path):
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    with hold_locks([b, a, a]):
        assert lock_path(a).exists() and lock_path(b).exists()
    assert not lock_path(a).exists() and not lock_path(b).exists()


def test_two_runs_that_judge_one_stale_lock_do_not_both_take_it(tmp_path, monkeypatch):
    """Both see the dead run's lock as stale at the same moment; only one may hold the lock.

    Without the guarded takeover the slower one removes the faster one's new
    lock and both write at once.
    """
    from edi_workbook.workflow import lock as lock_module

    target = tmp_path / "merged.xlsx"
    dead = 2**22 + 12345
    lock_path(target).write_text(json.dumps({"pid": dead, "host": socket.gethostname()}))
    judged_stale = threading.Barrier(4)
    original = lock_module._is_stale

    def slow_judge(lock, holder, now):
        stale = original(lock, holder, now)
        if stale and holder.get("pid") == dead:
            try:
                judged_stale.wait(timeout=2)  # every run has judged it before any acts
            except threading.BrokenBarrierError:
                pass
        return stale

    monkeypatch.setattr(lock_module, "_is_stale", slow_judge)
    inside, most, failures = [], [0], []

    def run():
        try:
            with hold_lock(target, wait=20, poll=0.01):
                inside.append(1)
                most[0] = max(most[0], len(inside))
                time.sleep(0.05)
                inside.pop()
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert most[0] == 1, "two runs held the lock at once"
    assert not lock_path(target).exists()
    assert not lock_path(target).with_name("merged.xlsx.edi-lock.takeover").exists()


def test_a_lock_whose_run_died_before_writing_it_goes_stale(tmp_path):
    target = tmp_path / "merged.xlsx"
    lock = lock_path(target)
    lock.write_text("")
    old = time.time() - 120
    os.utime(lock, (old, old))
    with hold_lock(target):
        assert json.loads(lock.read_text())["pid"] == os.getpid()


# --- A run killed outright: no lock that blocks the next, no scratch folder left -----

import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from edi_workbook.files import process_alive, process_started, sweep_scratch  # noqa: E402

HOUSING_REPLY = Path(__file__).parent / "fixtures" / "messages" / "one-return.eml"

# A merge that stops, as if stalled, once the reply's attachment is unpacked into its
# scratch folder and its locks are held: the moment a kill -9 leaves the most behind.
STALLED_MERGE = """
import sys, time
from pathlib import Path
import edi_workbook.mail.inbox as inbox
real = inbox.extract_returns
def stalled(*args, **kwargs):
    unpacked = real(*args, **kwargs)
    Path(sys.argv[1]).write_text("ready")
    time.sleep(120)
    return unpacked
inbox.extract_returns = stalled
from edi_workbook.cli import cli
cli(sys.argv[2:], prog_name="edi-workbook")
"""


@pytest.mark.skipif(os.name != "posix", reason="kill -9 as POSIX has it")
def test_a_merge_killed_outright_leaves_nothing_that_blocks_or_piles_up(
        tmp_path, plan_path, monkeypatch):
    from click.testing import CliRunner

    from edi_workbook.cli import cli

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    ready = tmp_path / "ready"
    args = ["merge", str(plan_path), str(HOUSING_REPLY), "-o", str(tmp_path / "m.xlsx"),
            "--summary", str(tmp_path / "s.xlsx"), "--as-of", "2024-03-15"]
    run = subprocess.Popen([sys.executable, "-c", STALLED_MERGE, str(ready), *args],
                           env={**os.environ, "TMPDIR": str(scratch)})
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        left = [p.name for p in scratch.iterdir()]
        assert len(left) == 1 and left[0].startswith(f"edi-workbook-{run.pid}-")
        assert lock_path(tmp_path / "m.xlsx").exists()
        run.send_signal(signal.SIGKILL)
        run.wait()
    finally:
        if run.poll() is None:
            run.kill()
    # What the killed run left: its locks and its scratch folder with the attachment.
    assert lock_path(tmp_path / "m.xlsx").exists() and any(scratch.iterdir())
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    start = time.monotonic()
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output  # not "another merge is writing it"
    assert time.monotonic() - start < 30
    assert list(scratch.iterdir()) == []  # the dead run's folder went too
    assert not lock_path(tmp_path / "m.xlsx").exists()


def test_a_lock_whose_process_id_was_reused_is_stale(tmp_path):
    target = tmp_path / "merged.xlsx"
    # Our own process id, as a restarted container's would be, but another start time.
    lock_path(target).write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(),
                                             "started": "1", "since": "earlier"}))
    if not process_started(os.getpid()):
        pytest.skip("no process start times on this system")
    with hold_lock(target):
        assert json.loads(lock_path(target).read_text())["started"] == process_started(
            os.getpid())


def test_process_alive():
    assert process_alive(os.getpid()) is True
    assert process_alive(2**22 + 12345) is False
    assert process_alive(0) is False


def test_sweep_scratch_removes_only_folders_of_runs_that_are_gone(tmp_path):
    from edi_workbook.files import _machine

    here = _machine()
    dead = tmp_path / f"edi-workbook-4206645-{here}-abc123"
    mine = tmp_path / f"edi-workbook-{os.getpid()}-{here}-def456"
    elsewhere = tmp_path / "edi-workbook-4206645-0000abcd-ghi789"  # another machine's
    other = tmp_path / "edi-workbook-notes"
    for folder in (dead, mine, elsewhere, other):
        folder.mkdir()
        (folder / "Housing.xlsx").write_bytes(b"PK")
    link = tmp_path / f"edi-workbook-4206646-{here}-xyz"
    link.symlink_to(other)
    assert sweep_scratch(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [mine.name, elsewhere.name, other.name, link.name])
    old = time.time() - 2 * 24 * 60 * 60
    os.utime(mine, (old, old))
    assert sweep_scratch(tmp_path) == [mine]  # a day on: let go whatever runs now
