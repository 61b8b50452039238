"""How fast the browser page is, beside the CLI on the same machine and the same files.

    .venv/bin/python benchmarks/bench_page.py [--sizes council,county] [--runs 3] [--loads 5]

Needs chromium (/usr/bin/chromium, or EDI_WORKBOOK_CHROMIUM), Playwright's Python
package and the built page (`make app`); `make bench` runs it after bench.py, and
it says in one line why not when one is missing.

1. size: the page's folder on disk, and what a server that gzips would send;
2. ready: from opening the page to taking a command, on a first visit (a new
   browser profile: the offline copy is made and WebAssembly compiled afresh)
   and on a return visit (from the offline copy), --loads times each; beside
   it the CPU the browser spent (from /proc), which on a machine with nothing
   else to do is about the time it takes; and where that time goes, from the
   worker's stages (Python started, wheels in place, ready, warm);
3. merge: a plan and its filled returns, made as bench.py makes them, merged
   --runs times by the CLI (a whole process, what the officer waits for) and in
   the page (click to result shown, one page), with the ratio page / CLI.

Targets (the issue): ready <= 5 s; a council's merge <= 1 s in the page; 2,000
actions / 60 returns <= 4x the CLI. Writes benchmarks/page-results.md.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APP = ROOT / "build" / "app"
CHROMIUM = os.environ.get("EDI_WORKBOOK_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
AS_OF, DUE = "2024-10-15", "2024-10-31"
TIMEOUT = 600_000  # ms


def why_not() -> str | None:
    """Why the page cannot be measured here, or None."""
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright's Python package is not installed (pip install -e '.[test]')"
    if not (APP / "index.html").exists():
        return f"no page built at {APP} (make app)"
    return None


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def load_bench():
    """benchmarks/bench.py, for the plans and returns it makes."""
    spec = importlib.util.spec_from_file_location("edi_bench", HERE / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["edi_bench"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


# --- 1. size -------------------------------------------------------------------------------

def page_size() -> tuple[float, float, int]:
    """(MB on disk, MB gzipped, files)."""
    files = [p for p in APP.rglob("*") if p.is_file()]
    disk = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    return disk / 1e6, packed / 1e6, len(files)


# --- 2. ready ------------------------------------------------------------------------------

def browser_cpu() -> float:
    """CPU seconds used so far by this process's children and theirs (the browser), from
    /proc: what a load costs, whatever else the machine is doing. 0 where there is none."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    parents, used = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid], used[pid] = int(fields[1]), int(fields[11]) + int(fields[12])
    mine, seconds = {os.getpid()}, 0.0
    for pid in sorted(parents):  # children start after their parents: one pass is enough
        if parents[pid] in mine:
            mine.add(pid)
            seconds += used[pid] / tick
    return seconds


STAGES = (("python", "Python started"), ("wheels", "wheels in place"), ("ready", "ready"),
          ("warm", "warm"))


def ready_times(browser, url: str, loads: int) -> dict[str, list[float]]:
    """Seconds from navigation to ready, on first and on return visits; the CPU
    seconds the browser spent on each; and when each of the worker's stages was
    reached, as the page times them (window.ediApp.timings, from the page's start)."""
    times: dict[str, list[float]] = {"first": [], "again": [], "first_cpu": [], "again_cpu": []}

    def visit(page, go, kind: str) -> None:
        cpu, t = browser_cpu(), time.perf_counter()
        go()
        page.locator("body[data-state=ready]").wait_for(state="attached", timeout=TIMEOUT)
        times[kind].append(time.perf_counter() - t)
        times[f"{kind}_cpu"].append(browser_cpu() - cpu)
        page.locator("body[data-warm=yes]").wait_for(state="attached", timeout=TIMEOUT)
        timings = page.evaluate("window.ediApp.timings")
        for stage, _ in STAGES:
            times.setdefault(f"{kind}_{stage}", []).append(timings[stage] / 1000)

    for _ in range(loads):
        ctx = browser.new_context()
        page = ctx.new_page()
        visit(page, lambda page=page: page.goto(url), "first")
        visit(page, page.reload, "again")
        ctx.close()
    return times


# --- 3. merge ------------------------------------------------------------------------------

def make_inputs(bench, size: str, work: Path) -> Path:
    """plan.xlsx and returns/ for `size`: bench.py's plan, sent by the CLI, filled."""
    from edi_workbook.workbooks.plan_writer import write_plan

    where = work / size
    if (where / "plan.xlsx").exists() and (where / "returns").is_dir():
        return where
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    say(f"[{size}] making the plan and its returns (not timed)")
    grow = bench.grow_maidstone if size in bench.TEXT_HEAVY else bench.make_plan
    write_plan(grow(*bench.SIZES[size]), where / "plan.xlsx")
    subprocess.run([sys.executable, "-m", "edi_workbook", "send", "plan.xlsx", "--out", "sent",
                    "--due", DUE], cwd=where, check=True, capture_output=True)
    shutil.copytree(where / "sent", where / "returns", ignore=shutil.ignore_patterns("*.eml"))
    shutil.rmtree(where / "sent")
    bench.fill_returns(where / "returns")
    return where


MERGE = ["merge", "plan.xlsx", "returns", "-o", "plan-merged.xlsx", "--summary", "summary.xlsx",
         "--as-of", AS_OF]


def cli_merge(where: Path, runs: int) -> tuple[list[float], str]:
    times, last = [], ""
    for _ in range(runs):
        for name in ("plan-merged.xlsx", "summary.xlsx"):
            (where / name).unlink(missing_ok=True)
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "edi_workbook", *MERGE], cwd=where,
                              capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        assert done.returncode in (0, 1), done.stdout + done.stderr
        last = done.stdout.strip().splitlines()[-1]
    return times, last


def page_merge(browser, url: str, where: Path, runs: int) -> tuple[list[float], str]:
    """Click to result shown, as the page times it; the page is warm (the first command
    an officer gives comes after picking files, by which time it is)."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(url)
    page.locator("body[data-warm=yes]").wait_for(state="attached", timeout=TIMEOUT)
    page.get_by_label("Plan", exact=True).set_input_files(where / "plan.xlsx")
    page.get_by_label("Returns folder", exact=True).set_input_files(where / "returns")
    page.get_by_label("As of", exact=True).fill(AS_OF)
    n = len(list((where / "returns").iterdir()))
    page.locator("#returns-chosen").get_by_text(f"{n} return files").wait_for()
    times, last = [], ""
    for run in range(1, runs + 1):
        page.get_by_role("button", name="Merge", exact=True).click()
        page.locator(f"body[data-runs='{run}']").wait_for(state="attached", timeout=TIMEOUT)
        result = page.evaluate("window.ediApp.results[window.ediApp.results.length - 1]")
        assert result["argv"][1:] == MERGE, result["argv"]
        times.append(result["clickMs"] / 1000)
        last = result["lines"][-1]
    ctx.close()
    return times, last


# --- report --------------------------------------------------------------------------------

def median(xs: list[float]) -> float:
    return statistics.median(xs)


def report(size: tuple[float, float, int], ready: dict[str, list[float]] | None,
           merges: list[tuple[str, int, int, list[float], list[float]]], load_before: float,
           out: Path) -> str:
    disk, packed, files = size
    lines = ["# The browser page beside the CLI", "",
             f"`benchmarks/bench_page.py`, {os.cpu_count()} cores, load average"
             f" {load_before:.1f} before, {os.getloadavg()[0]:.1f} after: other work on the"
             " machine slows the page and the CLI alike, and the page's start most (it is"
             " all computing).", "",
             "| what | page | CLI | page / CLI | target |", "|---|---|---|---|---|",
             f"| size | {disk:.1f} MB in {files} files ({packed:.1f} MB gzipped) | – | – | – |"]
    if ready:
        for kind, name in (("first", "ready, first visit"), ("again", "ready, return visit")):
            xs, cpu = ready[kind], ready[f"{kind}_cpu"]
            lines.append(f"| {name} (median of {len(xs)}) | {median(xs):.1f} s"
                         f" ({min(xs):.1f}-{max(xs):.1f}); the browser's CPU"
                         f" {median(cpu):.1f} s | – | – | <= 5 s:"
                         f" {'met' if median(xs) <= 5 else 'not met'} |")
            stages = ", ".join(f"{name} {median(ready[f'{kind}_{stage}']):.1f} s"
                               for stage, name in STAGES)
            lines.append(f"| – where the time goes (medians, from the page's start) | {stages}"
                         " | – | – | – |")
    for name, actions, returns, page, cli in merges:
        ratio = median(page) / median(cli)
        target = ("<= 1 s in the page: " + ("met" if median(page) <= 1 else "not met")
                  if actions < 1000 else "<= 4x: " + ("met" if ratio <= 4 else "not met"))
        lines.append(f"| merge, {name}: {actions:,} actions / {returns} returns (median of"
                     f" {len(page)}) | {median(page):.2f} s | {median(cli):.2f} s |"
                     f" {ratio:.1f}x | {target} |")
    text = "\n".join(lines) + "\n"
    out.write_text(text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="council,county",
                        help="bench.py's sizes (council: 45 actions / 10 returns; county:"
                        " 2,000 / 60, both Maidstone's texts)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--loads", type=int, default=5, help="page loads for the ready time")
    parser.add_argument("--work", type=Path, default=HERE / ".work" / "page")
    parser.add_argument("--out", type=Path, default=HERE / "page-results.md")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    why = why_not()
    if why:
        say(f"The browser page is not measured: {why}.")
        return 0
    from playwright.sync_api import sync_playwright

    from edi_workbook.workflow.serve import page_server

    bench = load_bench()
    inputs = {size: make_inputs(bench, size, args.work) for size in args.sizes.split(",")}
    server = page_server(APP, 0).serve_in_thread()
    merges = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            ready = ready_times(browser, server.url, args.loads) if args.loads else None
            for size, where in inputs.items():
                say(f"[{size}] merging, CLI and page")
                cli, cli_said = cli_merge(where, args.runs)
                page, page_said = page_merge(browser, server.url, where, args.runs)
                assert cli_said == page_said, (cli_said, page_said)
                actions, _ = bench.SIZES[size]
                merges.append((size, actions, len(list((where / "returns").iterdir())),
                               page, cli))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(report(page_size(), ready, merges, load_before, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
