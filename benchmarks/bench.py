"""How fast `edi-workbook merge` is, against a floor and a naive script: the issue's matrix.

The workloads are Maidstone's real plan grown to a council's size (council:
45 actions, 10 services) and a county's (county: 2,000 actions, 60
services), with its own long action texts and the leads' real updates, each

* with no history, and remembering four earlier rounds (History, Returns log);
* merged from a folder of returns only, and from the folder `send` wrote:
  the leads' filled workbooks saved over the ones sent, the .eml drafts
  beside them (the merge must pass the drafts over, and cheaply).

Phases, each a function below:
1. generate: a plan per size and history, deterministic, written by write_plan;
2. send and fill: `edi-workbook send` writes a return and a draft per service
   (timed), then openpyxl fills ~70% of each return's editable cells as a
   service lead would and saves it over the one sent (setup, not timed);
3. measure: the merge and the floor run in turn, each in its own process,
   --runs times, A B A B ...; the ratio is taken pair by pair and its median
   kept, so the machine's drift during a run does not move it. The naive
   script is paired with the merge the same way, at county without history;
4. report: a table on stdout and in --out, with the issue's targets marked
   met / not met.

Every time is a whole process, Python start-up included: that is what the
plan owner waits for. Synthetic plans of short generated prose (small,
medium, large) can still be run with --sizes; they are not in the default
run, whose targets are on Maidstone's texts.

Usage: python benchmarks/bench.py [--sizes council,county] [--runs 3]
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


def write_master(size: str, rounds: int, work: Path) -> Path:
    """The master plan workbook for `size`, written by the library's own writer,
    remembering `rounds` earlier rounds (0: a plan in its first round)."""
    from edi_workbook.workbooks.plan_writer import write_plan

    path = work / "plan.xlsx"
    grow = grow_maidstone if size in TEXT_HEAVY else make_plan
    plan = grow(*SIZES[size])
    write_plan(with_history(plan, rounds) if rounds else plan, path)
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
    """Wall times, peak RSS and CPU times of the runs of one command."""

    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)

    def add(self, wall: float, kib: int, cpu: float) -> None:
        self.seconds.append(wall)
        self.peak_kib.append(kib)
        self.cpu_seconds.append(cpu)

    @property
    def wall(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_seconds)

    @property
    def mb(self) -> float:
        return max(self.peak_kib) / 1024


@dataclass
class Pair:
    """Two commands run in turn, A B A B ...: each one's timings, and A/B pair by pair."""

    a: Timing = field(default_factory=Timing)
    b: Timing = field(default_factory=Timing)

    @property
    def ratio(self) -> float:
        """The median of the pairs' wall-time ratios: a slow spell of the machine slows both
        halves of a pair, so it moves this far less than it moves a ratio of medians."""
        return statistics.median(a / b for a, b in zip(self.a.seconds, self.b.seconds,
                                                       strict=True))

    @property
    def cpu_ratio(self) -> float:
        """The median of the pairs' CPU-time ratios (user + system, the child's own): what
        the wall-time ratio is on a quiet machine, for these single-threaded processes,
        and not moved by other work sharing the cores."""
        return statistics.median(a / b for a, b in zip(self.a.cpu_seconds, self.b.cpu_seconds,
                                                       strict=True))

    def judged(self, judge: str) -> float:
        return self.cpu_ratio if judge == "cpu" else self.ratio


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


@dataclass(frozen=True)
class Command:
    """A command to time: what runs, which exit codes are fine, what to clear first."""

    argv: list[str]
    ok: tuple[int, ...] = (0,)
    outputs: tuple[Path, ...] = ()  # deleted before each run, so every run writes afresh

    def run(self, log: Path) -> tuple[float, int, float]:
        for path in self.outputs:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
        return run_once(self.argv, log, self.ok)


def measure(command: Command, runs: int, log: Path) -> Timing:
    """Run `command` `runs` times."""
    timing = Timing()
    for _ in range(runs):
        timing.add(*command.run(log))
    return timing


def paired(a: Command, b: Command, runs: int, log_a: Path, log_b: Path) -> Pair:
    """Run `a` and `b` in turn, `runs` times each: A B A B ..."""
    pair = Pair()
    for _ in range(runs):
        pair.a.add(*a.run(log_a))
        pair.b.add(*b.run(log_b))
    return pair


def edi_workbook() -> list[str]:
    """The installed console script, as a plan owner runs it."""
    script = BIN / "edi-workbook"
    if script.exists():
        return [str(script)]
    found = shutil.which("edi-workbook")
    return [found] if found else [sys.executable, "-m", "edi_workbook"]


FOLDERS = {  # folder -> what it holds, as the table says it
    "returns": "returns only",
    "sent": "returns + drafts",
}
NAIVE_AT = ("county", 0, "returns")  # where the naive script is timed against the merge


@dataclass
class Workload:
    """One plan (a size, with or without history) and the folders its returns are in."""

    size: str
    rounds: int  # earlier rounds the plan remembers
    work: Path
    plan: Path
    returns: int = 0  # return workbooks
    cells_changed: int = 0  # by the service leads
    send: Timing = field(default_factory=Timing)

    def folder(self, name: str) -> Path:
        return self.work / name

    def merge(self, folder: str, runner: list[str] | None = None) -> Command:
        """`edi-workbook merge` of `folder` (exit 1 is fine: shared actions given
        different statuses are conflicts, as they should be)."""
        merged, summary = self.work / "merged.xlsx", self.work / "summary.xlsx"
        return Command([*(runner or edi_workbook()), "merge", str(self.plan),
                        str(self.folder(folder)), "-o", str(merged), "--summary", str(summary),
                        "--as-of", AS_OF], ok=(0, 1), outputs=(merged, summary))

    def script(self, name: str, folder: str) -> Command:
        """floor.py or naive.py on the same plan and folder (both read only its .xlsx)."""
        merged, changes = self.work / f"{name}-merged.xlsx", self.work / f"{name}-changes.xlsx"
        return Command([sys.executable, str(HERE / f"{name}.py"), str(self.plan),
                        str(self.folder(folder)), "-o", str(merged), "--changes", str(changes)],
                       outputs=(merged, changes))


@dataclass
class Row:
    """One line of the table: a workload's merge against the floor from one folder."""

    load: Workload
    folder: str
    files: int  # every file in the folder: returns, and drafts in "sent"
    vs_floor: Pair  # a = merge, b = floor
    merge_said: str = ""  # the merge's last line: proof it did the work


def prepare(size: str, rounds: int, runs: int, root: Path) -> Workload:
    """The plan, send's folder (timed) with the returns filled in it, and a returns-only copy."""
    n_actions, n_services = SIZES[size]
    work = root / f"{size}-{rounds}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    history = history_words(rounds)
    say(f"[{size}, {history}] writing the master plan ({n_actions} actions,"
        f" {n_services} services)")
    load = Workload(size, rounds, work, write_master(size, rounds, work))
    sent = load.folder("sent")
    say(f"[{size}, {history}] timing edi-workbook send")
    load.send = measure(Command([*edi_workbook(), "send", str(load.plan), "--out", str(sent),
                                 "--due", DUE], outputs=(sent,)), runs, work / "send.log")
    say(f"[{size}, {history}] filling the returns as service leads would (untimed)")
    load.returns, load.cells_changed = fill_returns(sent)  # saved over the ones sent
    shutil.copytree(sent, load.folder("returns"), ignore=shutil.ignore_patterns("*.eml"))
    return load


SMALL_PAIRS = 3  # times as many pairs of merge and floor ...
SMALL_ACTIONS = 500  # ... below this many actions


def pairs(size: str, runs: int) -> int:
    """Pairs of merge and floor to run: more for a small plan, whose runs are short.

    The kernel counts CPU time in scheduler ticks (4 ms here): a council's floor
    takes 0.1 s, so one run's figure is a few per cent off either way, and its
    ratio needs more pairs to settle; they cost a few seconds.
    """
    return runs * SMALL_PAIRS if SIZES[size][0] < SMALL_ACTIONS else runs


def bench_folder(load: Workload, folder: str, runs: int) -> Row:
    """The merge and the floor in turn on one of the workload's folders."""
    say(f"[{load.size}, {history_words(load.rounds)}, {FOLDERS[folder]}] merge and floor"
        " in turn")
    log = load.work / f"merge-{folder}.log"
    pair = paired(load.merge(folder), load.script("floor", folder), runs, log,
                  load.work / "floor.log")
    lines = log.read_text(errors="replace").strip().splitlines()
    files = sum(1 for p in load.folder(folder).iterdir() if p.is_file())
    return Row(load, folder, files, pair, lines[-1] if lines else "")


def bench_naive(load: Workload, runs: int) -> Pair:
    """The naive pandas script and the merge in turn (a = naive, b = merge)."""
    say(f"[{load.size}, {history_words(load.rounds)}] naive script and merge in turn")
    folder = NAIVE_AT[2]
    return paired(load.script("naive", folder), load.merge(folder), runs,
                  load.work / "naive.log", load.work / "merge-naive.log")


def bench_startup(runs: int, root: Path) -> tuple[Timing, Timing]:
    """Bare Python start-up, and `edi-workbook --help` (target: under 0.1 s)."""
    root.mkdir(parents=True, exist_ok=True)
    log = root / "startup.log"
    python = measure(Command([sys.executable, "-c", "pass"]), max(runs, 5), log)
    helped = measure(Command([*edi_workbook(), "--help"]), max(runs, 5), log)
    return python, helped


def profile_merge(load: Workload, folder: str, out: Path, top: int = 90) -> list[str]:
    """Profile one merge with pyinstrument; keep the top lines of its tree."""
    full = load.work / "profile-merge-full.txt"
    pyinstrument = BIN / "pyinstrument"
    runner = [str(pyinstrument)] if pyinstrument.exists() else [sys.executable, "-m",
                                                                "pyinstrument"]
    load.merge(folder, [*runner, "-r", "text", "--no-color", "-o", str(full), "-m",
                        "edi_workbook"]).run(load.work / "profile.log")
    lines = full.read_text().splitlines()[:top]
    out.write_text("\n".join(lines) + "\n")
    return lines


# -- 4. report ---------------------------------------------------------------

COLUMNS = ("size", "texts", "actions", "services", "history", "folder", "files", "send s",
           "merge s", "floor s", "merge/floor", "merge CPU s", "floor CPU s",
           "merge/floor CPU", "merge MB", "floor MB")
MERGE_TARGET = 2.0  # merge ≤ 2.0× the floor, at every line of the matrix
NAIVE_TARGET = 2.5  # naive ≥ 2.5× the merge at county, no history
HELP_TARGET = 0.1  # seconds for `edi-workbook --help`


def history_words(rounds: int) -> str:
    """'no history' or '4 rounds of history', as a sentence says it."""
    return f"{rounds} rounds of history" if rounds else "no history"


def table_rows(rows: list[Row]) -> list[list[str]]:
    out = []
    for row in rows:
        load, pair = row.load, row.vs_floor
        out.append([
            load.size, "Maidstone's" if load.size in TEXT_HEAVY else "synthetic",
            f"{SIZES[load.size][0]:,}", str(SIZES[load.size][1]),
            f"{load.rounds} rounds" if load.rounds else "none",
            FOLDERS[row.folder], str(row.files), f"{load.send.wall:.2f}",
            f"{pair.a.wall:.2f}", f"{pair.b.wall:.2f}", f"{pair.ratio:.2f}",
            f"{pair.a.cpu:.2f}", f"{pair.b.cpu:.2f}", f"{pair.cpu_ratio:.2f}",
            f"{pair.a.mb:.0f}", f"{pair.b.mb:.0f}",
        ])
    return out


def markdown_table(header: tuple[str, ...] | list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


Naive = tuple[Workload, Pair]  # where the naive script ran against the merge, and how fast


JUDGES = {"cpu": "CPU time", "wall": "wall time"}


def targets(rows: list[Row], naive: Naive | None, helped: Timing,
            judge: str) -> list[list[str]]:
    """The issue's targets, each met / not met by `judge`'s time, the other shown beside it
    (those at sizes not run are left out)."""
    other = "wall" if judge == "cpu" else "cpu"

    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    def both(pair: Pair) -> str:
        return f"{pair.judged(judge):.2f}× ({pair.judged(other):.2f}× {other})"

    out = []
    for row in rows:
        if row.load.size not in TEXT_HEAVY and row.load.size != "tiny":
            continue  # the synthetic sizes have no target of their own
        where = f"{row.load.size}, {history_words(row.load.rounds)}, {FOLDERS[row.folder]}"
        out.append([f"merge ≤ {MERGE_TARGET}× floor: {where}", both(row.vs_floor),
                    verdict(row.vs_floor.judged(judge) <= MERGE_TARGET)])
    if naive is not None:
        load, pair = naive
        out.append([f"naive ≥ {NAIVE_TARGET}× merge: {load.size},"
                    f" {history_words(load.rounds)}, {FOLDERS[NAIVE_AT[2]]}", both(pair),
                    verdict(pair.judged(judge) >= NAIVE_TARGET)])
    help_time = {"cpu": helped.cpu, "wall": helped.wall}
    out.append([f"`edi-workbook --help` < {HELP_TARGET} s",
                f"{help_time[judge]:.3f} s ({help_time[other]:.3f} s {other})",
                verdict(help_time[judge] < HELP_TARGET)])
    return out


def report(rows: list[Row], naive: Naive | None, python: Timing, helped: Timing, runs: int,
           out: Path, profile: list[str] | None, judge: str = "cpu") -> str:
    """The results as Markdown: written to `out`, and printed."""
    lines = [
        "# edi-workbook benchmarks",
        "",
        f"Run {date.today().isoformat()} on {os.cpu_count()} core(s),"
        f" Python {platform.python_version()} ({platform.system()} {platform.machine()}),"
        f" by `benchmarks/bench.py`, {runs} run(s) of each command ({runs * SMALL_PAIRS} pairs"
        f" of merge and floor below {SMALL_ACTIONS} actions). Every time is a whole"
        " process, Python start-up included (median); MB is the child's peak RSS (highest).",
        "",
        "The merge and the floor run in turn (merge, floor, merge, floor, ...) and merge/floor"
        " is the median of the pairs' ratios, of wall time and of CPU time (user + system,"
        f" the child's own). The targets are judged by {JUDGES[judge]}"
        + (": on this shared machine wall time also measures other work on the same cores;"
           " for these single-threaded processes CPU time is what the wall time is on a"
           " quiet machine. The wall-time ratio is shown beside it." if judge == "cpu"
           else ".") + " council and county are Maidstone's real plan"
        " grown to that size, with its own long action texts and the leads' real updates."
        f" A plan with history remembers {HISTORY_ROUNDS} earlier rounds: ~70% of its"
        " editable cells changed in each, all on its History sheet (and noted on the"
        " cells), every return on its Returns log, which the merge reads and writes back."
        " The folder is either the returns alone, or the folder `send` wrote: each filled"
        " return saved over the one sent, its .eml draft beside it.",
        "",
        "floor = python-calamine + dict + xlsxwriter, no styling (`benchmarks/floor.py`:"
        " it copies every other sheet, History included, as it is); naive = pandas"
        " read_excel(openpyxl) + iterrows + to_excel (`benchmarks/naive.py`). Both read"
        " only the folder's .xlsx files.",
        "",
        *markdown_table(COLUMNS, table_rows(rows)),
        "",
        *(f"* {row.load.size}, {history_words(row.load.rounds)}, {FOLDERS[row.folder]}:"
          f" {row.load.returns} returns, {row.load.cells_changed} cells changed by the"
          f" service leads; merge said: {row.merge_said}"
          for row in rows),
        "",
    ]
    if naive is not None:
        load, pair = naive
        lines += [f"Naive script against the merge, in turn, at {load.size},"
                  f" {history_words(load.rounds)}, {FOLDERS[NAIVE_AT[2]]}: naive"
                  f" {pair.a.wall:.2f} s ({pair.a.cpu:.2f} s CPU, {pair.a.mb:.0f} MB), merge"
                  f" {pair.b.wall:.2f} s ({pair.b.cpu:.2f} s CPU); naive/merge {pair.ratio:.2f}"
                  f" by wall time, {pair.cpu_ratio:.2f} by CPU time.", ""]
    lines += [
        f"Python start-up (`python -c pass`): {python.wall:.3f} s ({python.cpu:.3f} s CPU);"
        f" `edi-workbook --help`: {helped.wall:.3f} s ({helped.cpu:.3f} s CPU).",
        "",
        "## Targets",
        "",
        *markdown_table(("target", "measured", "result"), targets(rows, naive, helped, judge)),
        "",
    ]
    if profile:
        lines += ["## Profile of the merge at county, four rounds of history, returns +"
                  " drafts (top lines)", "", "```", *profile, "```", ""]
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
    parser.add_argument("--sizes", default="council,county",
                        help="comma-separated: council, county (Maidstone's texts; the"
                             " default), small, medium, large (synthetic)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--work", type=Path, default=HERE / ".work",
                        help="folder for the generated plans and returns (git-ignored)")
    parser.add_argument("--tiny", action="store_true",
                        help="smoke run: the whole matrix at 6 actions / 3 services")
    parser.add_argument("--judge", choices=sorted(JUDGES), default="cpu",
                        help="the time the targets are judged by (default cpu; the other is"
                             " shown beside it)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile the merge at county, four rounds of history,"
                             " returns + drafts, into benchmarks/profile-merge.txt")
    args = parser.parse_args(argv)
    sizes = ["tiny"] if args.tiny else [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown or args.runs < 1:
        parser.error(f"unknown size(s) {', '.join(unknown)}" if unknown else "--runs must be ≥ 1")

    started = time.perf_counter()
    compile_package()
    rows: list[Row] = []
    naive: Naive | None = None
    loads: dict[tuple[str, int], Workload] = {}
    for size in sizes:
        for rounds in (0, HISTORY_ROUNDS):
            t0 = time.perf_counter()
            load = loads[size, rounds] = prepare(size, rounds, args.runs, args.work)
            rows += [bench_folder(load, folder, pairs(size, args.runs)) for folder in FOLDERS]
            if (size, rounds) == NAIVE_AT[:2] or (args.tiny and not rounds):
                naive = load, bench_naive(load, args.runs)
            say(f"[{size}, {history_words(rounds)}] done in"
                f" {time.perf_counter() - t0:.0f} s")
    python, helped = bench_startup(args.runs, args.work)
    profile = None
    if args.profile:
        say("[profile] edi-workbook merge at county, 4 rounds, returns + drafts, pyinstrument")
        load = loads.get(("county", HISTORY_ROUNDS)) or prepare("county", HISTORY_ROUNDS, 1,
                                                                args.work)
        profile = profile_merge(load, "sent", HERE / "profile-merge.txt")
    text = report(rows, naive, python, helped, args.runs, args.out, profile, args.judge)
    print(text)
    say(f"Written {args.out} in {time.perf_counter() - started:.0f} s")
    if not args.tiny:  # the browser page beside the CLI, when chromium and build/app are here
        import bench_page

        bench_page.main([])


if __name__ == "__main__":
    main()
