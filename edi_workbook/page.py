"""The browser page's way in: one command of the CLI, on files held in memory.

The page (app/ at the top of the repository, built by `make app`) runs this
package in the browser with Pyodide; its worker calls `run()` with what the
officer picked and typed. `run()` lays the files out in a fresh folder as an
officer would on disk (the plan, a returns folder beside it), runs the very
command the README shows (`cli.run`: the CLI's own words, lines and exit
status), and hands back the lines, the outcome and every file written, each
new folder as one .zip. The CLI is the contract (SPEC "Command line"), so the
page can never say or write anything the command line would not.

Plain Python: it runs the same under CPython (tests/test_page_bridge.py).
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from . import cli

LOOSE = "picked"  # returns chosen one by one: a folder of their own, so none can replace the plan
# What the tool leaves beside its outputs while it works: never offered as a download.
SCRATCH = (".edi-lock", ".takeover")


def run(request: Mapping[str, Any], progress: cli.Progress | None = None) -> dict[str, Any]:
    """One command. `request`: {command, plan: {name, data}, returns: [{path, data}],
    files: [{path, data}], options: {...}} (data: bytes). Returns {exit_code,
    outcome, lines, outputs: [{name, data}], argv, ms}; no outputs when the
    outcome is cli.NOTHING. `progress(label, done, total)` as the files go by."""
    started = time.perf_counter()
    here = os.getcwd()
    base = Path(tempfile.mkdtemp(prefix="edi-page-")).resolve()
    os.chdir(base)
    try:
        plan = None
        if request.get("plan"):
            plan = str(_write(base, PurePosixPath(request["plan"]["name"]).name,
                              request["plan"]["data"]))
        returns = _returns(base, request.get("returns") or [])
        others: list[str] = []
        for f in request.get("files") or []:
            if f["path"].lower().endswith(".zip"):  # a download of this page, as its folder
                others.append(_unzip_into(base, f["path"], f["data"]))
            else:
                others.append(str(_write(base, f["path"], f["data"])))
        argv = argv_for(request["command"], plan, returns, list(dict.fromkeys(others)),
                        request.get("options") or {})
        before = _listing(base)
        ran = cli.run(argv, progress=progress)
        outputs = _collect(base, before) if ran.outcome != cli.NOTHING else []
    finally:
        os.chdir(here)
        shutil.rmtree(base, ignore_errors=True)
    return {
        "exit_code": ran.exit_code, "outcome": ran.outcome,
        # Paths as the officer sees them: relative, as they typed them.
        "lines": [line.replace(f"{base}{os.sep}", "") for line in ran.lines],
        "outputs": [{"name": name, "data": data} for name, data in outputs],
        "argv": ["edi-workbook", *argv],
        "ms": round((time.perf_counter() - started) * 1000),
    }


def argv_for(command: str, plan: str | None, returns: Sequence[str], others: Sequence[str],
             options: Mapping[str, Any]) -> list[str]:
    """The arguments an officer would type, with the output names the README uses."""
    o = options
    signed = [*_opt(o, "sender", "--sender"), *_opt(o, "sender_name", "--sender-name"),
              *_opt(o, "sender_role", "--sender-role")]
    as_of = _opt(o, "as_of", "--as-of")
    if command == "validate":
        return ["validate", _need(plan)]
    if command == "send":
        return ["send", _need(plan), "--out", "returns-sent", *_opt(o, "due", "--due"), *signed]
    if command == "chase":
        return ["chase", _need(plan), *returns, "--out", "reminders", *_opt(o, "due", "--due"),
                *_opt(o, "was_due", "--was-due"), *signed, *as_of]
    if command == "merge":
        plan = _need(plan)
        return ["merge", plan, *returns, "-o", f"{PurePosixPath(plan).stem}-merged.xlsx",
                "--summary", "summary.xlsx", *as_of,
                *(["--receipts", "receipts", *_opt(o, "sender", "--sender")]
                  if o.get("receipts") else [])]
    if command == "flag":
        plan = _need(plan)
        return ["flag", plan, "-o", f"{PurePosixPath(plan).stem}-flagged.xlsx", *as_of,
                *_opt(o, "soon", "--soon")]
    if command == "report":
        suffix = ".xlsx" if o.get("format") == "xlsx" else ".docx"
        return ["report", _need(plan), "-o", f"progress-update{suffix}", *as_of,
                *_opt(o, "include", "--include")]
    if command == "rollover":
        period = str(o.get("period") or "")
        return ["rollover", _need(plan), "-o", f"plan-{period}.xlsx", "--period", period, *as_of]
    if command == "import":
        (source,) = others
        out = "plan-imported.xlsx" if PurePosixPath(source).stem == "plan" else "plan.xlsx"
        return ["import", source, "-o", out, *_opt(o, "title", "--title"),
                *_opt(o, "organisation", "--organisation"), *_opt(o, "period", "--period"),
                *_opt(o, "columns", "--columns")]
    if command == "check":
        return ["check", *others, *_opt(o, "strict", "--strict")]
    raise ValueError(f"the page has no command {command!r}")


def warm() -> list[str]:
    """Import the rest of the package while the officer picks files, so even the first
    command runs at full speed (importing this module readies the CLI itself);
    returns the modules that would not load."""
    import importlib
    import pkgutil

    import edi_workbook

    failed = []
    for module in pkgutil.walk_packages(edi_workbook.__path__, "edi_workbook."):
        if not module.name.endswith("__main__"):
            try:
                importlib.import_module(module.name)
            except Exception as exc:  # named on the page's console, never fatal
                failed.append(f"{module.name}: {type(exc).__name__}: {exc}")
    return failed


# --- laying the files out --------------------------------------------------------------

def _need(plan: str | None) -> str:
    if plan is None:
        raise ValueError("this command needs the plan")
    return plan


def _opt(options: Mapping[str, Any], key: str, flag: str) -> list[str]:
    value = options.get(key)
    if value in (None, "", False):
        return []
    if value is True:
        return [flag]
    return [flag, str(value)]


def _safe(rel: str) -> PurePosixPath:
    """A picked file's path inside its folder, with nothing that could climb out."""
    parts = [p for p in PurePosixPath(rel.replace("\\", "/")).parts
             if p not in ("", ".", "..", "/")]
    if not parts:
        raise ValueError(f"no file name in {rel!r}")
    return PurePosixPath(*parts)


def _write(base: Path, rel: str, data: Any) -> PurePosixPath:
    path = _safe(rel)
    target = base / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(data))
    return path


def _returns(base: Path, picked: Sequence[Mapping[str, Any]]) -> list[str]:
    """Write the returns; what the officer would type: each folder once, each loose file.

    A file picked on its own goes in a folder of its own and is given by its
    path there; one picked inside a folder keeps it, and the folder is given."""
    args: list[str] = []
    for r in picked:
        path = _safe(r["path"])
        if len(path.parts) == 1:
            path = PurePosixPath(LOOSE, path.name)
            arg = str(path)
        else:
            arg = path.parts[0]
        _write(base, str(path), r["data"])
        if arg not in args:
            args.append(arg)
    return args


def _unzip_into(base: Path, rel: str, data: Any) -> str:
    """A .zip this page made (returns sent, reminders) checked as the folder it was."""
    folder = _safe(PurePosixPath(rel).stem)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        for info in zf.infolist():
            if not info.is_dir():
                _write(base / folder, info.filename, zf.read(info))
    return str(folder)


def _listing(base: Path) -> set[str]:
    return {p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()}


def _collect(base: Path, before: set[str]) -> list[tuple[str, bytes]]:
    """The files the command wrote: loose ones as they are, each new folder as one .zip."""
    outputs: list[tuple[str, bytes]] = []
    folders: dict[str, list[str]] = {}
    for name in sorted(_listing(base) - before):
        if name.endswith(SCRATCH):
            continue
        first, _, rest = name.partition("/")
        if rest and not any(b.startswith(first + "/") for b in before):
            folders.setdefault(first, []).append(rest)
        else:  # beside the inputs, or inside a folder that was given
            outputs.append((name.replace("/", " – "), (base / name).read_bytes()))
    for folder, names in folders.items():
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in names:  # entries at the top: Windows' "Extract all" makes the folder
                zf.write(base / folder / name, name)
        outputs.append((f"{folder}.zip", buf.getvalue()))
    return outputs
