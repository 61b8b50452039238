"""Writing outputs safely: a whole new file or the old one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import messages as m
from .errors import OutputError


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`, renamed into place on success.

    A crash or error leaves the old file (or none) rather than half a file.
    """
    path = Path(path)
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
