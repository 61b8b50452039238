"""One merge at a time per plan: a lock file beside the workbook it guards.

Created with O_EXCL, which is atomic on Windows and POSIX alike, and holding
who made it, so a message can say which run has it. A lock whose process is
gone (same machine) or that is older than STALE_AFTER is taken over.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from . import messages as m
from .errors import OutputError

STALE_AFTER = 30 * 60  # seconds; no merge takes anywhere near this long
LOCK_SUFFIX = ".edi-lock"


def lock_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + LOCK_SUFFIX)


def _holder(lock: Path) -> dict:
    try:
        return json.loads(lock.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _is_stale(lock: Path, holder: dict, now: float) -> bool:
    try:
        age = now - lock.stat().st_mtime
    except FileNotFoundError:
        return True
    if age > STALE_AFTER:
        return True
    pid = holder.get("pid")
    if holder.get("host") == _host() and isinstance(pid, int) and os.name == "posix":
        try:
            os.kill(pid, 0)  # signal 0 only asks whether the process exists
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
    return False


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
            holder = _holder(lock)
            if _is_stale(lock, holder, time.time()):
                lock.unlink(missing_ok=True)
                continue
            if time.monotonic() >= deadline:
                who = f"process {holder.get('pid', '?')} on {holder.get('host', '?')}"
                since = holder.get("since", "?")
                raise OutputError(
                    m.locked_by_other(Path(path).name, who, since, lock.name)) from None
            time.sleep(poll)
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"pid": os.getpid(), "host": _host(),
                       "since": time.strftime("%Y-%m-%d %H:%M:%S")}, handle)
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
    import socket  # here, not at the top: 3 ms of every command's start-up

    return socket.gethostname()
