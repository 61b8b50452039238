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
