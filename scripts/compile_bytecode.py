"""Python's bytecode for the page, compiled at build time by the page's own Python.

    (inside Pyodide) compile_bytecode.py STDLIB_IN STDLIB_OUT SITE_ZIP WHEEL...

Run by scripts/build_app.py through scripts/pyodide_run.mjs (Pyodide under node),
never by the host's Python: bytecode belongs to one Python version, and this is the
one the page runs. Without it the page compiles every module it imports, from
source, at every visit (the standard library alone was most of Pyodide's start).

* STDLIB_IN, Pyodide's python_stdlib.zip (source only), becomes STDLIB_OUT: the
  same archive with each .py replaced by its .pyc;
* SITE_ZIP: every file of the WHEELs (pure Python ones), each module's .pyc beside
  its .py. The page puts this one archive on sys.path as it is (zipimport reads it,
  .pyc first, the .py for tracebacks) instead of unpacking the wheels' hundreds of
  files at every visit.

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

DATE = (1980, 1, 1, 0, 0, 0)


def site_zip_path() -> str:
    """Where the page puts SITE_ZIP: beside site-packages (app/worker.mjs says the same)."""
    return os.path.realpath(sysconfig.get_path("purelib")) + ".zip"  # "/lib/…", not "//lib/…"


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


def site(dest: str, wheels: list[str]) -> int:
    """The wheels' files in one archive, each module compiled beside its source. Returns
    how many modules."""
    archive = site_zip_path()
    files: dict[str, bytes] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as zin:
            for name in zin.namelist():
                if name.endswith("/"):
                    continue
                if name in files:
                    raise SystemExit(f"{wheel}: {name} is in another wheel too")
                files[name] = zin.read(name)
    done = 0
    with zipfile.ZipFile(dest, "w") as zout:
        for name in sorted(files):
            zout.writestr(entry(name), files[name])
            compiled = name.endswith(".py") and pyc(files[name], f"{archive}/{name}")
            if compiled:
                zout.writestr(entry(name + "c"), compiled)
                done += 1
    return done


def main(argv: list[str]) -> int:
    stdlib_in, stdlib_out, site_out, *wheels = argv
    n = stdlib(stdlib_in, stdlib_out)
    m = site(site_out, wheels)
    print(f"  Python {sys.version.split()[0]}: {n} modules of the standard library,"
          f" {m} of the wheels")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
