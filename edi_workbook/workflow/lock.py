"""One merge at a time per plan: a lock file beside the workbook it guards.

Created with O_EXCL, which is atomic on Windows and POSIX alike, and holding
who made it, so a message can say which run has it. A lock whose process is
gone (same machine, Windows too), whose process id now belongs to a process
started at another time (ids are reused: a container's first process is
always 1), or that is older than STALE_AFTER is taken over; the
takeover itself is guarded, so two runs that both judge a lock stale cannot
both remove it (the second would remove the first one's new lock).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from ..core import messages as m
from ..core.errors import OutputError
from ..files import process_alive, process_started

STALE_AFTER = 30 * 60  # seconds; no merge takes anywhere near this long
# A lock with no readable holder (its run died between creating and writing
# it) or a takeover guard left by a run that died while taking over: seconds.
UNWRITTEN_AFTER = 60
LOCK_SUFFIX = ".edi-lock"
GUARD_SUFFIX = ".takeover"


def lock_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + LOCK_SUFFIX)


def _read(lock: Path) -> bytes | None:
    try:
        return lock.read_bytes()
    except OSError:
        return None


def _holder(lock: Path, text: bytes | None = None) -> dict:
    """Who holds the lock, from its text; {} while unreadable or not yet written."""
    text = _read(lock) if text is None else text
    try:
        holder = json.loads(text or b"")
    except ValueError:
        return {}
    return holder if isinstance(holder, dict) else {}


def _take_over(lock: Path, judged: bytes | None) -> None:
    """Remove `lock` if it still holds the text that was judged stale.

    Only one run at a time may do this (a guard file created with O_EXCL), and
    it removes the lock only if its text is unchanged: a run that judged the
    same stale lock a moment later finds the winner's new lock instead, and
    leaves it. A guard older than UNWRITTEN_AFTER was left by a run that died
    mid-takeover and is cleared.
    """
    guard = lock.with_name(lock.name + GUARD_SUFFIX)
    try:
        fd = os.open(guard, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        try:
            if time.time() - guard.stat().st_mtime > UNWRITTEN_AFTER:
                guard.unlink(missing_ok=True)
        except FileNotFoundError:
            pass
        time.sleep(0.01)
        return
    try:
        if _read(lock) == judged:
            lock.unlink(missing_ok=True)
    finally:
        os.close(fd)
        guard.unlink(missing_ok=True)


def _is_stale(lock: Path, holder: dict, now: float) -> bool:
    try:
        age = now - lock.stat().st_mtime
    except FileNotFoundError:
        return True
    if age > STALE_AFTER or (not holder and age > UNWRITTEN_AFTER):
        return True
    pid = holder.get("pid")
    if holder.get("host") != _host() or not isinstance(pid, int):
        return False
    alive = process_alive(pid)
    if alive is False:
        return True  # its run was killed: the lock must not block the next
    started = holder.get("started")
    return bool(alive and started and process_started(pid) not in ("", started))


@contextmanager
def hold_lock(path: Path, *, wait: float = 0.0, poll: float = 0.2) -> Iterator[Path]:
    """Hold the lock for `path` until the block ends, waiting up to `wait` seconds."""
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            judged = _read(lock)
            holder = _holder(lock, judged)
            if _is_stale(lock, holder, time.time()):
                _take_over(lock, judged)
                continue
            if time.monotonic() >= deadline:
                who = f"process {holder.get('pid', '?')} on {holder.get('host', '?')}"
                since = holder.get("since", "?")
                raise OutputError(
                    m.locked_by_other(Path(path).name, who, since, lock.name)) from None
            time.sleep(poll)
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            # The nonce makes every lock's text its own, which the takeover relies on.
            json.dump({"pid": os.getpid(), "host": _host(),
                       "started": process_started(os.getpid()),
                       "since": time.strftime("%Y-%m-%d %H:%M:%S"),
                       "nonce": uuid.uuid4().hex}, handle)
        break
    try:
        yield lock
    finally:
        lock.unlink(missing_ok=True)


@contextmanager
def hold_locks(paths: list[Path], *, wait: float = 0.0) -> Iterator[None]:
    """Locks for several files, always taken in the same order."""
    unique = sorted({Path(p).resolve() for p in paths})
    with ExitStack() as stack:
        for path in unique:
            stack.enter_context(hold_lock(path, wait=wait))
        yield


def _host() -> str:
    """This computer's name, as socket.gethostname() gives it, without importing socket
    (3 ms of a merge's start-up): platform is loaded already, by uuid."""
    import platform

    return platform.node()
