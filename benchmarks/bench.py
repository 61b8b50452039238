"""How fast `edi-workbook send` and `merge` are, against a floor and a naive script.

Two workloads: synthetic plans (small, medium, large: short generated prose)
and Maidstone's real plan grown to a council's and a county's size (council,
county: its own long action texts and the leads' real updates, so every
return carries much more text to read, compare and write).

Phases, each a function below:
1. generate: a plan per size, deterministic, written by write_plan;
2. returns: `edi-workbook send` makes one return per service, then openpyxl
   fills ~70% of each return's editable cells as a service lead would
   (setup, not timed);
3. measure: every variant runs in its own process, --runs times; we keep
   the median wall time and the child's peak RSS (from os.wait4, so it is
   that child's own figure, not the whole process tree's since we started);
4. report: a table on stdout and in --out, with the issue's targets marked
   met / not met.

Every time is a whole process, Python start-up included: that is what the
plan owner waits for.

Usage: python benchmarks/bench.py [--sizes small,medium,large] [--runs 3]
       [--out benchmarks/results.md] [--tiny] [--profile]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from random import Random

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
SEED = 2024
AS_OF = "2024-10-15"
DUE = "2024-10-31"
SIZES: dict[str, tuple[int, int]] = {  # name -> (actions, services)
    "tiny": (6, 3),
    "small": (60, 15),
    "medium": (2_000, 60),
    "large": (10_000, 200),
    "council": (45, 10),  # Maidstone's texts
    "county": (2_000, 60),  # Maidstone's texts
}
TEXT_HEAVY = frozenset({"council", "county"})
EDITABLE = ("Status", "Progress update", "Revised timescale", "Comments")
FILL_SHARE = 0.7  # share of editable cells a service lead changes

# Real phrasings from the seed plan (and SPEC's timescale grammar).
TIMESCALES = (
    "October 2024",
    "March 2025",
    "June/July 2024",
    "Due July 2025",
    "Start date April 2024",
    "Ongoing – Update to be provided as part of EDI Annual update",
    "– Update to be provided as part of EDI Annual update and Workforce Strategy Annual Update",
    "First round of project to be deliver by 31/3/24 with further projects to be agreed",
    "Q3 2024/25",
    "2024/25",
    "Spring 2025",
    "TBC",
)
REVISED = ("December 2024", "March 2025", "Q4 2024/25", "Summer 2025", "June 2025")
SERVICE_NAMES = (
    "Housing", "Revenues and Benefits", "Policy, Communities and Engagement",
    "Data Analytics", "Democratic Services", "ICT", "Human Resources",
    "Learning and Development", "Communication and Events", "Museums", "Civic team",
    "Economic Development", "Communities lead", "Climate Change and Biodiversity",
    "Information Governance", "Planning", "Environmental Health", "Parks and Open Spaces",
    "Procurement", "Legal Services",
)
AREAS = ("North", "South", "East", "West", "Town Centre", "Rural", "Coastal", "Central",
         "Harbour", "Valley")
WORDS = (
    "accessible engagement residents community staff network equality diversity inclusion"
    " training survey data protected characteristics review policy consultation partners"
    " disability carers young people older deliver monitor report outcomes workforce"
    " recruitment procurement housing services equality-impact assessment councillors"
    " action plan progress evidence targets annual update team board feedback digital"
    " translation interpreters forum awareness calendar events inclusive leadership"
    " apprenticeships mentoring barriers access information analysis census gaps"
).split()
STATUS_VARIANTS = ("green", "complete", "on-track", "Amber", "in progress")


def words(rng: Random, low: int, high: int) -> str:
    """Plausible plan prose between `low` and `high` characters long."""
    target = rng.randint(low, high)
    out: list[str] = []
    length = 0
    while length < target:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        sentence = sentence[0].upper() + sentence[1:] + "."
        out.append(sentence)
        length += len(sentence) + 1
    return " ".join(out)[:high].rstrip() or "Update."


# -- 1. generate -----------------------------------------------------------

def make_plan(n_actions: int, n_services: int, seed: int = SEED):
    """A Plan shaped like a real council's, at any size, the same every time."""
    from edi_workbook.core.model import (
        DEFAULT_OBJECTIVES,
        STATUSES,
        Action,
        ActionType,
        Objective,
        Plan,
        Service,
    )
    from edi_workbook.core.timescale import parse_timescale

    rng = Random(seed)
    names = [SERVICE_NAMES[i % len(SERVICE_NAMES)] if i < len(SERVICE_NAMES)
             else f"{SERVICE_NAMES[i % len(SERVICE_NAMES)]} – {AREAS[i // len(SERVICE_NAMES) - 1]}"
             for i in range(n_services)]
    services = [Service(name, lead=f"Lead {i + 1}", email=f"lead{i + 1}@council.example")
                for i, name in enumerate(names)]
    objectives = [Objective(key, role, statement=words(rng, 80, 160),
                            commitments=[words(rng, 60, 120) for _ in range(3)])
                  for key, role in DEFAULT_OBJECTIVES]
    timescales = {text: parse_timescale(text) for text in TIMESCALES}
    actions = []
    for n in range(n_actions):
        key = objectives[n % len(objectives)].key
        own = rng.sample(names, rng.randint(1, min(3, len(names))))
        ts = timescales[rng.choice(TIMESCALES)]
        progress = words(rng, 250, 350)
        if len(own) > 1:  # shared actions keep one block per service
            progress = "\n".join(f"[{s}] {words(rng, 120, 200)}" for s in own)
        actions.append(Action(
            id=f"{key}-{n // len(objectives) + 1:04d}",
            objective=key,
            title=words(rng, 40, 90),
            type=rng.choice(list(ActionType)).value,
            description=words(rng, 200, 400),
            services=own,
            timescale=ts,
            due=ts.due,
            status=rng.choice(STATUSES[:3]),
            progress=progress,
            last_updated=date(2024, rng.randint(4, 9), rng.randint(1, 28)),
            updated_by=f"Lead {rng.randint(1, n_services)}",
        ))
    return Plan(title="EDI Action Plan 2024-25", organisation="Benchmark Borough Council",
                period="2024-25", annual_update=date(2025, 3, 31), revision=1,
                plan_id=str(uuid.UUID(int=rng.getrandbits(128))),
                objectives=objectives, services=services, actions=actions)


def grow_maidstone(n_actions: int, n_services: int, seed: int = SEED):
    """Maidstone's real plan grown to `n_actions`: its own titles, long action texts and
    the leads' real progress updates (examples/returns.toml), spread over `n_services`."""
    import tomllib

    from edi_workbook.core.model import STATUSES
    from edi_workbook.workflow.example import RETURNS_TOML, example_plan

    rng = Random(seed)
    real = example_plan()
    with open(RETURNS_TOML, "rb") as handle:
        updates = [row["progress"] for entry in tomllib.load(handle)["returns"]
                   for row in entry["rows"] if row.get("progress")]
    names = [s.name for s in real.services]
    names = [names[i % len(names)] if i < len(names)
             else f"{names[i % len(names)]} – {AREAS[i // len(names) - 1]}"
             for i in range(n_services)]
    from edi_workbook.core.model import Service

    services = [Service(name, lead=f"Lead {i + 1}", email=f"lead{i + 1}@council.example")
                for i, name in enumerate(names)]
    actions = []
    numbers: dict[str, int] = {}
    for n in range(n_actions):
        model = real.actions[n % len(real.actions)]
        numbers[model.objective] = numbers.get(model.objective, 0) + 1
        own = rng.sample(names, rng.randint(1, min(3, len(names))))
        progress = rng.choice(updates)
        if len(own) > 1:
            progress = "\n".join(f"[{s}] {rng.choice(updates)}" for s in own)
        actions.append(model.replace(
            id=f"{model.objective}-{numbers[model.objective]:04d}", services=own,
            status=rng.choice(STATUSES[:3]), progress=progress,
            last_updated=date(2024, rng.randint(4, 9), rng.randint(1, 28))))
    return real.replace(title="EDI Action Plan 2024-25", period="2024-25",
                        annual_update=date(2025, 3, 31), revision=1,
                        plan_id=str(uuid.UUID(int=rng.getrandbits(128))),
                        services=services, actions=actions)


HISTORY_ROUNDS = 4  # earlier rounds the plan remembers: four a year is usual


def with_history(plan, rounds: int = HISTORY_ROUNDS, seed: int = SEED):
    """`plan` as it stands after `rounds` earlier rounds: each changed ~70% of the
    editable cells, all on the History sheet, each return on the Returns log."""
    import hashlib

    from edi_workbook.core.history import Change, ReturnRecord
    from edi_workbook.core.model import STATUSES

    rng = Random(f"{seed}-history")
    changes, log = [], []
    fields = ("Status", "Progress update", "Revised timescale", "Comments")
    for n in range(1, rounds + 1):
        sent = date(2023, 3 * n, 1)
        for action in plan.actions:
            for name in fields:
                if rng.random() >= FILL_SHARE:
                    continue
                new = (rng.choice(STATUSES) if name == "Status" else
                       rng.choice(REVISED) if name == "Revised timescale" else
                       words(rng, 60, 200))
                service = rng.choice(action.services)
                changes.append(Change(sent, n, date(2023, 3 * n, 20), action.id, name, "", new,
                                      service, f"EDI Action Plan – {service}.xlsx",
                                      hashlib.sha256(f"{n}-{service}".encode()).hexdigest()[:12]))
        for service in plan.services:
            digest = hashlib.sha256(f"{n}-{service.name}".encode()).hexdigest()
            log.append(ReturnRecord(service.name, f"EDI Action Plan – {service.name}.xlsx",
                                    None, sent, n - 1, n, date(2023, 3 * n, 20), 10, 5, 1, 0,
                                    "merged", digest))
    changes.sort(key=lambda c: -c.revision)
    log.sort(key=lambda r: -r.merged_revision)
    return plan.replace(revision=rounds, history=changes, returns_log=log)


def write_master(size: str, work: Path) -> Path:
    """The master plan workbook for `size`, written by the library's own writer,
    remembering HISTORY_ROUNDS earlier rounds."""
    from edi_workbook.workbooks.plan_writer import write_plan

    path = work / "plan.xlsx"
    grow = grow_maidstone if size in TEXT_HEAVY else make_plan
    write_plan(with_history(grow(*SIZES[size])), path)
    return path


# -- 2. returns --------------------------------------------------------------

def fill_return(path: Path, seed: int = SEED) -> int:
    """Change ~70% of the editable cells as a service lead would; returns cells changed.

    openpyxl, like Excel, keeps the hidden identity sheet, protection and
    document properties, so the file still reads as a genuine return.
    """
    from openpyxl import load_workbook

    from edi_workbook.core.model import STATUSES

    rng = Random(f"{seed}-{path.name}")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    rows = ws.iter_rows(min_row=1, max_row=min(ws.max_row, 60))
    head, cols = None, {}
    for row in rows:
        values = {str(c.value).strip(): c.column for c in row if c.value is not None}
        if {"ID", "Status"} <= values.keys():
            head, cols = row[0].row, values
            break
    if head is None:
        raise SystemExit(f"{path}: no table with ID and Status headers")
    changed = 0
    for r in range(head + 1, ws.max_row + 1):
        if not ws.cell(r, cols["ID"]).value:
            continue
        for name in EDITABLE:
            if rng.random() >= FILL_SHARE:
                continue
            cell = ws.cell(r, cols[name])
            if name == "Status":
                choices = [s for s in STATUSES if s != cell.value]
                value = (rng.choice(STATUS_VARIANTS) if rng.random() < 0.1
                         else rng.choice(choices))
            elif name == "Progress update":
                value = words(rng, 250, 350)
            elif name == "Revised timescale":
                value = rng.choice(REVISED)
            else:
                value = words(rng, 40, 150)
            cell.value = value
            changed += 1
    wb.save(path)
    return changed


def fill_returns(folder: Path) -> tuple[int, int]:
    """Fill every return in `folder`; (files, cells changed)."""
    files = sorted(folder.glob("*.xlsx"))
    return len(files), sum(fill_return(p) for p in files)


# -- 3. measure --------------------------------------------------------------

@dataclass
class Timing:
    """Median wall time and highest peak RSS over the runs of one command."""

    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_seconds)

    @property
    def mb(self) -> float:
        return max(self.peak_kib) / 1024


def run_once(cmd: list[str], log: Path, ok: tuple[int, ...] = (0,),
             env: dict[str, str] | None = None) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (KiB) and CPU seconds of one child process.

    os.wait4 gives this child's own rusage (with any process it forked and
    waited for: CPU summed, peak RSS the largest); getrusage(RUSAGE_CHILDREN)
    would only give the largest child so far, hiding a small one after a big one.
    """
    with open(log, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **env} if env else None)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {proc.returncode}:\n{tail}")
    kib = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss  # bytes there
    return wall, kib, usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], runs: int, log: Path, ok: tuple[int, ...] = (0,),
            before=None, env: dict[str, str] | None = None) -> Timing:
    """Run `cmd` `runs` times; `before` (untimed) clears the previous run's outputs."""
    timing = Timing()
    for _ in range(runs):
        if before:
            before()
        wall, kib, cpu = run_once(cmd, log, ok, env)
        timing.seconds.append(wall)
        timing.peak_kib.append(kib)
        timing.cpu_seconds.append(cpu)
    return timing


def edi_workbook() -> list[str]:
    """The installed console script, as a plan owner runs it."""
    script = BIN / "edi-workbook"
    if script.exists():
        return [str(script)]
    found = shutil.which("edi-workbook")
    return [found] if found else [sys.executable, "-m", "edi_workbook"]


def fresh(*paths: Path):
    """A `before` hook deleting outputs, so every run writes from scratch."""
    def clear() -> None:
        for path in paths:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    return clear


@dataclass
class SizeResult:
    size: str
    actions: int
    services: int
    returns: int
    cells_changed: int
    send: Timing
    merge: Timing
    floor: Timing
    naive: Timing
    merge_said: str = ""  # the merge's last line: proof it did the work


def bench_size(size: str, runs: int, root: Path) -> SizeResult:
    """Set up `size` (plan, returns) untimed, then time send, merge, floor and naive."""
    n_actions, n_services = SIZES[size]
    work = root / size
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    log = work / "last-run.log"
    say(f"[{size}] writing the master plan ({n_actions} actions, {n_services} services)")
    plan = write_master(size, work)

    say(f"[{size}] timing edi-workbook send")
    out = work / "sent"
    send = measure([*edi_workbook(), "send", str(plan), "--out", str(out), "--due", DUE],
                   runs, log, before=fresh(out))
    returns = work / "returns"
    shutil.copytree(out, returns, ignore=shutil.ignore_patterns("*.eml"))
    say(f"[{size}] filling the returns as service leads would (untimed)")
    files, cells = fill_returns(returns)

    merged, summary = work / "merged.xlsx", work / "summary.xlsx"
    say(f"[{size}] timing edi-workbook merge")
    merge = measure([*edi_workbook(), "merge", str(plan), str(returns), "-o", str(merged),
                     "--summary", str(summary), "--as-of", AS_OF],
                    runs, log, ok=(0, 1), before=fresh(merged, summary))
    lines = log.read_text(errors="replace").strip().splitlines()
    merge_said = lines[-1] if lines else ""
    changes = work / "changes.xlsx"
    say(f"[{size}] timing the floor (calamine + dict + xlsxwriter)")
    floor = measure([sys.executable, str(HERE / "floor.py"), str(plan), str(returns),
                     "-o", str(merged), "--changes", str(changes)],
                    runs, log, before=fresh(merged, changes))
    say(f"[{size}] timing the naive pandas script")
    naive = measure([sys.executable, str(HERE / "naive.py"), str(plan), str(returns),
                     "-o", str(merged), "--changes", str(changes)],
                    runs, log, before=fresh(merged, changes))
    return SizeResult(size, n_actions, n_services, files, cells, send, merge, floor, naive,
                      merge_said)


def bench_startup(runs: int, root: Path) -> tuple[Timing, Timing]:
    """Bare Python start-up, and `edi-workbook --help` (target: under 0.15 s)."""
    root.mkdir(parents=True, exist_ok=True)
    log = root / "startup.log"
    python = measure([sys.executable, "-c", "pass"], max(runs, 5), log)
    helped = measure([*edi_workbook(), "--help"], max(runs, 5), log)
    return python, helped


def profile_merge(root: Path, out: Path, top: int = 80) -> list[str]:
    """Profile the merge at the medium size with pyinstrument; keep the top lines."""
    work = root / "medium"
    plan, returns = work / "plan.xlsx", work / "returns"
    if not returns.is_dir():
        bench_size("medium", 1, root)
    merged, summary = work / "merged.xlsx", work / "summary.xlsx"
    fresh(merged, summary)()
    full = work / "profile-merge-full.txt"
    pyinstrument = BIN / "pyinstrument"
    runner = [str(pyinstrument)] if pyinstrument.exists() else [sys.executable, "-m",
                                                                "pyinstrument"]
    cmd = [*runner, "-r", "text", "--no-color", "-o", str(full), "-m", "edi_workbook",
           "merge", str(plan), str(returns), "-o", str(merged), "--summary", str(summary),
           "--as-of", AS_OF]
    run_once(cmd, work / "profile.log", ok=(0, 1))
    lines = full.read_text().splitlines()[:top]
    out.write_text("\n".join(lines) + "\n")
    return lines


# -- 4. report ---------------------------------------------------------------

COLUMNS = ("size", "texts", "actions", "services", "send s", "merge s", "merge CPU s",
           "floor s", "naive s", "merge/floor", "naive/merge", "merge MB", "floor MB",
           "naive MB", "merge/floor MB")


def table_rows(results: list[SizeResult]) -> list[list[str]]:
    rows = []
    for r in results:
        rows.append([
            r.size, "Maidstone's" if r.size in TEXT_HEAVY else "synthetic",
            f"{r.actions:,}", str(r.services),
            f"{r.send.wall:.2f}", f"{r.merge.wall:.2f}", f"{r.merge.cpu:.2f}",
            f"{r.floor.wall:.2f}",
            f"{r.naive.wall:.2f}",
            f"{r.merge.wall / r.floor.wall:.2f}", f"{r.naive.wall / r.merge.wall:.2f}",
            f"{r.merge.mb:.0f}", f"{r.floor.mb:.0f}", f"{r.naive.mb:.0f}",
            f"{r.merge.mb / r.floor.mb:.2f}",
        ])
    return rows


def markdown_table(header: tuple[str, ...] | list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def targets(results: list[SizeResult], helped: Timing) -> list[list[str]]:
    """The issue's targets, each met / not met / not measured at this run's sizes."""
    by_size = {r.size: r for r in results}
    out: list[list[str]] = []

    def check(name: str, size: str | None, value, ok) -> None:
        if size is not None and size not in by_size:
            out.append([name, "-", "not measured"])
            return
        measured, passed = value(by_size.get(size)), ok(by_size.get(size))
        out.append([name, measured, "met" if passed else "**not met**"])

    for size in ("medium", "large", "county"):
        check(f"merge ≤ 2.0× floor at {size}, peak memory ≤ 2× floor's", size,
              lambda r: f"{r.merge.wall / r.floor.wall:.2f}× time,"
                        f" {r.merge.mb / r.floor.mb:.2f}× memory",
              lambda r: r.merge.wall <= 2.0 * r.floor.wall and r.merge.mb <= 2.0 * r.floor.mb)
    for size in ("medium", "large", "county"):
        check(f"naive ≥ 2.5× merge at {size}", size,
              lambda r: f"{r.naive.wall / r.merge.wall:.2f}×",
              lambda r: r.naive.wall >= 2.5 * r.merge.wall)
    for size in ("small", "council"):
        check(f"whole merge process < 2× floor's at {size}", size,
              lambda r: f"{r.merge.wall / r.floor.wall:.2f}×",
              lambda r: r.merge.wall < 2.0 * r.floor.wall)
    check("`edi-workbook --help` < 0.15 s", None,
          lambda r: f"{helped.wall:.3f} s", lambda r: helped.wall < 0.15)
    return out


def report(results: list[SizeResult], python: Timing, helped: Timing, runs: int,
           out: Path, profile: list[str] | None) -> str:
    """The results as Markdown: written to `out`, and the table printed."""
    lines = [
        "# edi-workbook benchmarks",
        "",
        f"Run {date.today().isoformat()} on {os.cpu_count()} core(s),"
        f" Python {platform.python_version()} ({platform.system()} {platform.machine()}),"
        f" by `benchmarks/bench.py`. Median of {runs} run(s); every time is a whole"
        " process, Python start-up included; MB is the child's peak RSS.",
        "",
        "Every merge runs in one process. Sizes small, medium and large are synthetic"
        " plans of short generated prose; council and county are Maidstone's real plan"
        " grown to that size, with its own long action texts and the leads' real updates."
        f" Every plan remembers {HISTORY_ROUNDS} earlier rounds: ~70% of its editable"
        " cells changed in each, all on its History sheet (and noted on the cells), every"
        " return on its Returns log, which the merge reads and writes back.",
        "",
        "floor = python-calamine + dict + xlsxwriter, no styling (`benchmarks/floor.py`);"
        " naive = pandas read_excel(openpyxl) + iterrows + to_excel (`benchmarks/naive.py`).",
        "",
        *markdown_table(COLUMNS, table_rows(results)),
        "",
        *(f"* {r.size}: {r.returns} returns, {r.cells_changed} cells changed by the"
          f" service leads; merge said: {r.merge_said}" for r in results),
        "",
        f"Python start-up (`python -c pass`): {python.wall:.3f} s;"
        f" `edi-workbook --help`: {helped.wall:.3f} s.",
        "",
        "## Targets",
        "",
        *markdown_table(("target", "measured", "result"), targets(results, helped)),
        "",
    ]
    if profile:
        lines += ["## Profile of the merge at medium size (top lines)", "", "```",
                  *profile, "```", ""]
    text = "\n".join(lines)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    return text


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def compile_package() -> None:
    """Byte-compile edi_workbook, as `pip install` does for an installed package.

    An editable install under PYTHONDONTWRITEBYTECODE=1 (set on these
    machines) would otherwise compile every module from source in every
    timed process: 40 ms a run, which no installed copy pays.
    """
    import compileall

    import edi_workbook

    compileall.compile_dir(Path(edi_workbook.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,medium,large,council,county",
                        help="comma-separated: small, medium, large (synthetic), council,"
                             " county (Maidstone's texts); default all five")
    parser.add_argument("--runs", type=int, default=3, help="runs per command (median kept)")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--work", type=Path, default=HERE / ".work",
                        help="folder for the generated plans and returns (git-ignored)")
    parser.add_argument("--tiny", action="store_true",
                        help="smoke run: one size of 6 actions / 3 services")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the medium merge into benchmarks/profile-merge.txt")
    args = parser.parse_args(argv)
    sizes = ["tiny"] if args.tiny else [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown or args.runs < 1:
        parser.error(f"unknown size(s) {', '.join(unknown)}" if unknown else "--runs must be ≥ 1")

    started = time.perf_counter()
    compile_package()
    results = []
    for size in sizes:
        t0 = time.perf_counter()
        results.append(bench_size(size, args.runs, args.work))
        say(f"[{size}] done in {time.perf_counter() - t0:.0f} s")
    python, helped = bench_startup(args.runs, args.work)
    profile = None
    if args.profile:
        say("[profile] edi-workbook merge at medium under pyinstrument")
        profile = profile_merge(args.work, HERE / "profile-merge.txt")
    text = report(results, python, helped, args.runs, args.out, profile)
    print(text)
    say(f"Written {args.out} in {time.perf_counter() - started:.0f} s")
    if not args.tiny:  # the browser page beside the CLI, when chromium and build/app are here
        import bench_page

        bench_page.main([])


if __name__ == "__main__":
    main()
