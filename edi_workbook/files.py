"""Writing outputs safely: a whole new file or the old one, never half of one."""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .core import messages as m
from .core.cells import safe_file_stem
from .core.errors import OutputError


def writable(path: Path) -> Path:
    """Where an output named `path` really goes: the file itself, or through a link to
    the file it points to (the link is kept). Refuses, with one line, a name that is a
    folder, a device (/dev/null), a pipe or anything but a regular file: renaming a
    new file over one of those would replace it with an ordinary file."""
    path = Path(path)
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    if real.exists() and not real.is_file():
        what = (m.KIND_FOLDER if real.is_dir() else m.KIND_DEVICE
                if real.is_char_device() or real.is_block_device() else m.KIND_SPECIAL)
        raise OutputError(m.output_not_a_file(str(path), what))
    return real


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`, renamed into place on success.

    A crash or error leaves the old file (or none) rather than half a file.
    """
    path = writable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    # mkstemp makes the file private (0600); outputs are shared like any document.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp_path, 0o666 & ~umask)
    try:
        yield tmp_path
        try:
            os.replace(tmp_path, path)
        except PermissionError:
            raise OutputError(m.file_in_use(path.name)) from None
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def pending_path(path: Path) -> Path:
    """A new, empty, unused file beside `path` (beside the file a link points to), for
    an output not yet in place."""
    path = writable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.pending-", suffix=path.suffix,
                               dir=path.parent)
    os.close(fd)
    return Path(tmp)


def replace_together(pairs: list[tuple[Path, Path]]) -> None:
    """Put each finished temporary file in place of its output: all of them, or none.

    Windows refuses to replace a file that is open (in Excel, say): each
    existing output is first moved aside, and if any cannot be, everything
    moved so far goes back, the temporary files are removed and the error
    names the file that is open.
    """
    pairs = [(tmp, writable(final)) for tmp, final in pairs]
    aside: list[tuple[Path, Path]] = []  # (output, where it was moved)
    placed: list[Path] = []
    try:
        for _tmp, final in pairs:
            if final.exists():
                hold = pending_path(final)
                try:
                    os.replace(final, hold)
                except PermissionError:
                    hold.unlink(missing_ok=True)
                    raise OutputError(m.file_in_use(final.name)) from None
                aside.append((final, hold))
        for tmp, final in pairs:
            try:
                os.replace(tmp, final)
            except PermissionError:
                raise OutputError(m.file_in_use(final.name)) from None
            placed.append(final)
    except BaseException:
        for final in placed:
            final.unlink(missing_ok=True)
        for final, hold in aside:
            os.replace(hold, final)
        raise
    finally:
        for tmp, _final in pairs:
            if tmp.exists():
                tmp.unlink()
    for _final, hold in aside:
        hold.unlink(missing_ok=True)


def keep_backup(path: Path, stamp: str) -> Path:
    """Copy `path` to a backup beside it that no other backup already has.

    Two merges in the same second get "-2", "-3", ...: a backup never
    overwrites a backup (the name is claimed with O_EXCL).
    """
    path = Path(path)
    n = 1
    while True:
        suffix = "" if n == 1 else f"-{n}"
        backup = path.with_name(f"{path.stem}.backup-{stamp}{suffix}{path.suffix}")
        try:
            fd = os.open(backup, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            n += 1
            continue
        with os.fdopen(fd, "wb") as out, open(path, "rb") as source:
            shutil.copyfileobj(source, out)
        shutil.copystat(path, backup)
        return backup


def output_path(out_dir: Path, stem: str, suffix: str, taken: set[str]) -> Path:
    """A safe, unused file name inside `out_dir`; raises OutputError if it would leave it."""
    base = safe_file_stem(stem)
    name, n = base, 2
    while (name + suffix).casefold() in taken:
        name = f"{base} ({n})"
        n += 1
    taken.add((name + suffix).casefold())
    folder = Path(out_dir).resolve()
    path = folder / (name + suffix)
    if path.is_symlink():  # planted where an output goes: never written through
        raise OutputError(m.output_is_a_link(path.name, folder))
    path = path.resolve()
    if path.parent != folder:
        raise OutputError(m.outside_folder(stem, folder))
    return path


# --- A run's own scratch folder, and what killed runs left behind --------------------

SCRATCH_PREFIX = "edi-workbook-"
# edi-workbook-<process id>-<machine>-<random>: the machine, so that a run never judges
# the process of another machine (a container) sharing the temporary folder.
_SCRATCH_NAME = re.compile(re.escape(SCRATCH_PREFIX) + r"(\d+)-([0-9a-f]{8})-[^/\\]+")
SCRATCH_KEPT_FOR = 24 * 60 * 60  # seconds: no run takes a day; a reused process id is let go


@contextmanager
def scratch_folder() -> Iterator[Path]:
    """A private temporary folder for this run (attachments unpacked from e-mails),
    removed when the run ends.

    A run killed outright (closed window, out of memory, kill -9) cannot remove
    its own, so each is named after its process (edi-workbook-<pid>-...) and
    every run first removes those whose process is gone: they never pile up.
    """
    root = Path(tempfile.gettempdir())
    sweep_scratch(root)
    folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-{_machine()}-",
                                   dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_scratch(root: Path) -> list[Path]:
    """Remove the scratch folders in `root` left by runs that are gone; those removed.

    Only this user's own folders (never a link) are touched, and only when
    their process no longer runs on this machine, or a day has passed.
    """
    removed = []
    try:
        entries = list(Path(root).iterdir())
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        found = _SCRATCH_NAME.fullmatch(entry.name)
        if found is None:
            continue
        try:
            info = entry.lstat()
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or (hasattr(os, "getuid")
                                              and info.st_uid != os.getuid()):
            continue
        pid = int(found.group(1))
        gone = (found.group(2) == _machine() and pid != os.getpid()
                and process_alive(pid) is False)
        if gone or now - info.st_mtime > SCRATCH_KEPT_FOR:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _machine() -> str:
    """This machine, in eight letters of its name's hash."""
    import hashlib
    import socket

    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def process_alive(pid: int) -> bool | None:
    """Whether process `pid` runs on this machine; None when that cannot be told."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, and is someone else's
    except OSError:
        return None
    return True


def process_started(pid: int) -> str:
    """When process `pid` started, as a token ('' where it cannot be read).

    Process ids are reused (a container's first process is always 1): a lock
    or folder whose process id runs again, but started at another time, is
    not that process's. Linux gives the start in clock ticks since boot.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            text = handle.read()
    except OSError:
        return ""
    fields = text.rsplit(b")", 1)[-1].split()  # the name, in brackets, may hold spaces
    return fields[19].decode("ascii", "replace") if len(fields) > 19 else ""


def _windows_process_alive(pid: int) -> bool | None:
    """OpenProcess and GetExitCodeProcess: os.kill on Windows would end the process."""
    try:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return None
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    except Exception:  # no ctypes, or an API that answers oddly: cannot tell
        return None
