"""Writing outputs safely: a whole new file or the old one, never half of one."""

from __future__ import annotations

import os
import shutil
import tempfile
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
    path = (folder / (name + suffix)).resolve()
    if path.parent != folder:
        raise OutputError(m.outside_folder(stem, folder))
    return path
