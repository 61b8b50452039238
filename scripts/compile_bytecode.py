"""Python's bytecode for the page, compiled at build time by the page's own Python.

    (inside Pyodide) compile_bytecode.py STDLIB_IN STDLIB_OUT BYTECODE_OUT WHEEL...

Run by scripts/build_app.py through scripts/pyodide_run.mjs (Pyodide under node),
never by the host's Python: bytecode belongs to one Python version, and this is the
one the page runs. Without it the page compiles every module it imports, from
source, at every visit (the standard library alone is most of Pyodide's start).

* STDLIB_IN, Pyodide's python_stdlib.zip (source only), becomes STDLIB_OUT: the
  same archive with each .py replaced by its .pyc (zipimport reads them directly);
* BYTECODE_OUT: for the wheels, as the page unpacks them into site-packages, each module's
  __pycache__/*.pyc, and nothing else (the wheels themselves ship as PyPI has them;
  the page unpacks this archive over them).

Pycs are hash-based and unchecked: never compared with their source, so no file time
matters. Entries sorted, with a fixed date: the same inputs make the same archives.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import sysconfig
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
from pathlib import PurePosixPath

DATE = (1980, 1, 1, 0, 0, 0)


def pyc(source: bytes, filename: str) -> bytes | None:
    """The module's .pyc; None for a file that is not Python 3 (olefile ships a Python 2
    olefile2.py, which nothing imports): left as source, as compileall would."""
    try:
        code = compile(source, filename, "exec", dont_inherit=True, optimize=0)
    except SyntaxError:
        return None
    return _code_to_hash_pyc(code, importlib.util.source_hash(source), False)


def entry(name: str, directory: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, DATE)
    info.external_attr = (0o40755 if directory else 0o100644) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def stdlib(src: str, dest: str) -> int:
    """The standard library's archive, its modules as bytecode only. Returns how many."""
    # Named as zipimport names them: the archive on sys.path, then the module's path.
    (archive,) = [p for p in sys.path if p.endswith(".zip")]
    done = 0
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in sorted(zin.infolist(), key=lambda i: i.filename):
            data = zin.read(info)
            compiled = info.filename.endswith(".py") and pyc(data, f"{archive}/{info.filename}")
            if compiled:
                zout.writestr(entry(info.filename + "c"), compiled)
                done += 1
            else:
                zout.writestr(entry(info.filename, info.is_dir()), data)
    return done


def wheels(dest: str, paths: list[str]) -> int:
    """Each wheel's modules, compiled as they will lie in site-packages. Returns how many."""
    site = os.path.normpath(sysconfig.get_path("purelib"))  # where the page unpacks them
    tag = sys.implementation.cache_tag
    out: dict[str, bytes] = {}
    for path in paths:
        with zipfile.ZipFile(path) as zin:
            for name in zin.namelist():
                if name.endswith(".py"):
                    p = PurePosixPath(name)
                    cached = p.parent / "__pycache__" / f"{p.stem}.{tag}.pyc"
                    compiled = pyc(zin.read(name), f"{site}/{name}")
                    if compiled:
                        out[cached.as_posix()] = compiled
    with zipfile.ZipFile(dest, "w") as zout:
        for name in sorted(out):
            zout.writestr(entry(name), out[name])
    return len(out)


def main(argv: list[str]) -> int:
    stdlib_in, stdlib_out, bytecode_out, *paths = argv
    n = stdlib(stdlib_in, stdlib_out)
    m = wheels(bytecode_out, paths)
    print(f"  Python {sys.version.split()[0]}: {n} modules of the standard library,"
          f" {m} of the wheels")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
