"""Nothing lost, proven: whole rounds played at random, checked after every merge.

A hypothesis state machine keeps a small plan (not Maidstone's: its own
objectives, services, ID shapes and status words) and plays rounds, each a
step, with real files throughout:

* the officer edits the plan in Excel (openpyxl saves it as Excel would):
  edits cells, adds, deletes, renames, renumbers and moves actions, changes and
  reorders a shared action's services, types below the table;
* the officer sends the returns (workbooks and .eml drafts);
* service leads work on their copies as people do: type in the boxes
  (words, statuses in any spelling, statuses not in the list), insert,
  copy, delete and sort rows, type beside the table or on another sheet,
  leave notes, merge cells over the boxes, edit a locked column, rename the
  file or the sheet, send a second version (two hours later, or within the
  same minute; going on from the first, or started again from the workbook
  as sent), reply with last round's file;
* meanwhile the officer may go on editing the plan, drop the .eml drafts
  into the returns folder, point -o at a later plan or at the plan itself;
* then `edi-workbook merge` runs, through the command line.

Every word is a unique token ("L0007Q" a lead's, "O0003Q" the officer's),
so after each merge the invariants are plain searches:

1. every lead's token in any file given to the merge is in the merged plan
   (an objective sheet, Service updates or History) or in a summary (with
   its words); and each lead's final words (their last version's) are where
   people see them (an objective sheet, Service updates) or listed for a
   person (Conflicts, Rejected), never only in History;
2. every officer token survives (unless the officer typed over it or
   deleted its action);
3. every editable cell read ends in exactly one outcome; the counts add up,
   for the merge and for each return;
4. the exit status is 1 exactly when the summary lists something for a
   person, and always when a lead's token did not reach the plan or an
   action is typed below a table;
5. nothing is applied twice: no cell changed to the same value twice in one
   merge, no return's change of a cell in History twice;
6. an -o naming a later revision of the plan is refused and left as it was,
   unless the new plan carries every word of it (then a copy is kept);
7. in the next round's returns, each lead's Last update is their own latest
   words, whatever the officer did to the action's services.

It cannot generate: returns re-saved by Excel or LibreOffice (the test at
the end does one round through LibreOffice), .msg e-mails, formulas,
control characters, text over Excel's cell limit, a lead editing the hidden
sheet, an officer's notes and added columns, plans of more than a handful of
actions (the example-based tests cover those).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    rule,
)
from openpyxl.comments import Comment

from edi_workbook.cli import cli
from edi_workbook.core.model import (
    Action,
    Objective,
    Plan,
    Service,
    StatusList,
)
from edi_workbook.core.timescale import parse_timescale
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow import merging
from edi_workbook.xlsx.edit import set_saved_time

SERVICES = ("Parks", "Libraries", "Waste and Recycling")
BOXES = ("Status", "Progress update", "Revised timescale", "Comments")
WORDS = ("Progress update", "Revised timescale", "Comments")
TOKEN = re.compile(r"[LO][0-9]{4}Q")
FIRST_ROUND = date(2025, 5, 6)


def plan_for(id_style: int, statuses: StatusList) -> Plan:
    """A council's small plan: two objectives, three services, shared actions."""
    def ident(key: str, n: int) -> str:
        return (f"{key}-{n}", f"{'12'[key == 'CO']}.{n}", f"{key}{n:02d}")[id_style]

    actions = [
        Action(ident("WF", 1), "WF", "Train every manager", services=["Parks"],
               timescale=parse_timescale("June 2025")),
        Action(ident("WF", 2), "WF", "Staff survey", services=["Parks", "Libraries"],
               timescale=parse_timescale("Q3 2025/26")),
        Action(ident("CO", 1), "CO", "Residents' forum",
               services=["Libraries", "Waste and Recycling", "Parks"],
               timescale=parse_timescale("Ongoing")),
        Action(ident("CO", 2), "CO", "Accessible signs", services=["Waste and Recycling"],
               timescale=parse_timescale("March 2026")),
    ]
    return Plan(title="Equality Plan 2025-26", organisation="Northfield District Council",
                period="2025-26", statuses=statuses,
                objectives=[Objective("WF", "Workforce", "Our people"),
                            Objective("CO", "Community", "Our residents")],
                services=[Service(s, email=f"{s.split()[0].lower()}@northfield.example")
                          for s in SERVICES],
                actions=actions)


STATUS_LISTS = (StatusList(),
                StatusList.parse("Green=On track, Amber=At risk, Red=Off track, Complete"))


def file_text(path: Path) -> str:
    """Every word in a workbook: each XML part (cells, shared strings, notes), unescaped."""
    with zipfile.ZipFile(path) as zf:
        return "\n".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist()
                         if n.endswith(".xml"))


def sheets_text(path: Path, *, skip: tuple[str, ...] = (),
                only: tuple[str, ...] | None = None) -> str:
    """The values of some sheets of a workbook, with their notes' words left out."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    try:
        return "\n".join(str(v) for name in wb.sheet_names
                         if name not in skip and (only is None or name in only)
                         for row in wb.get_sheet_by_name(name).to_python() for v in row)
    finally:
        wb.close()


def tokens_in(path: Path) -> set[str]:
    return set(TOKEN.findall(file_text(path)))


# --- what a lead does to their copy ------------------------------------------------

@dataclass
class Reply:
    """A lead's return this round: what they did, in order, and how they sent it."""

    edits: list[tuple[Any, ...]] = field(default_factory=list)
    # Where each later version starts: edits done by then, and whether the lead began it
    # again from the workbook as sent (else it goes on from the version before).
    versions: list[tuple[int, bool]] = field(default_factory=list)
    same_minute: bool = False

    def version_edits(self) -> list[list[tuple[Any, ...]]]:
        """Each version's edits, oldest first."""
        found, start = [], 0
        starts = [(0, False), *self.versions]
        for n, (begin, fresh) in enumerate(starts):
            stop = starts[n + 1][0] if n + 1 < len(starts) else len(self.edits)
            found.append(self.edits[begin if fresh else start:stop])
            start = begin if fresh else start
        return found
    name: str = ""
    sheet: str = ""


def table(ws: Any) -> tuple[int, dict[str, int]]:
    header = next(r for r in ws.iter_rows(max_row=60) if r[0].value == "ID")
    return header[0].row, {c.value: c.column for c in header if c.value}


def row_of(ws: Any, head: int, action_id: str) -> int | None:
    for r in range(head + 1, ws.max_row + 1):
        if ws.cell(r, 1).value == action_id:
            return r
    return None


def id_rows(ws: Any, head: int) -> list[int]:
    return [r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 1).value]


def put(ws: Any, row: int, column: int, value: Any) -> None:
    """Type into a cell, as text; a cell merged into the one above takes nothing."""
    cell = ws.cell(row, column)
    if type(cell).__name__ == "MergedCell":
        return
    cell.value = value
    if isinstance(value, str) and value:
        cell.data_type = "s"


def apply_lead_edits(sent: Path, out: Path, edits: list[tuple[Any, ...]], sheet: str) -> None:
    """Type into a copy of the return as a lead's spreadsheet would save it."""
    wb = openpyxl.load_workbook(sent)
    ws = wb.worksheets[0]
    ws.protection.sheet = False  # as a lead who found how to: openpyxl ignores it anyway
    head, col = table(ws)
    for kind, pick, what, value in edits:
        rows = id_rows(ws, head)
        if not rows and kind not in ("outside", "other sheet"):
            continue
        r = rows[pick % len(rows)] if rows else head + 1
        if kind == "box":
            put(ws, r, col[what], value)
        elif kind == "locked":
            put(ws, r, col["Action title"], value)
        elif kind in ("insert", "copy"):
            ws.insert_rows(r + 1)
            for c in range(1, ws.max_column + 1):
                put(ws, r + 1, c, ws.cell(r, c).value if kind == "copy" else None)
            if kind == "insert":
                put(ws, r + 1, col["Action title"], f"Sub-action {value}")
            put(ws, r + 1, col["Progress update"], value)
        elif kind == "delete":
            ws.delete_rows(r)
        elif kind == "sort":
            values = [[ws.cell(x, c).value for c in range(1, ws.max_column + 1)]
                      for x in rows]
            for x, vals in zip(rows, reversed(values), strict=True):
                for c, v in enumerate(vals, start=1):
                    put(ws, x, c, v)
        elif kind == "outside":
            put(ws, head + 1, ws.max_column + 2, value)
        elif kind == "other sheet":
            notes = wb["My notes"] if "My notes" in wb.sheetnames else wb.create_sheet("My notes")
            put(notes, notes.max_row + 1, 1, value)
        elif kind == "note":
            ws.cell(r, col["Progress update"]).comment = Comment(value, "Lead")
        elif kind == "merge cells":
            put(ws, r, col["Comments"], value)
            if r + 1 <= ws.max_row and not any(
                    ws.cell(x, col["Comments"]).coordinate in m for m in ws.merged_cells.ranges
                    for x in (r, r + 1)):
                ws.merge_cells(start_row=r, start_column=col["Comments"], end_row=r + 1,
                               end_column=col["Comments"])
    if sheet:
        ws.title = sheet
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)


# --- what the officer does to the plan in Excel ------------------------------------

def plan_tables(wb: Any) -> dict[str, tuple[Any, int, dict[str, int]]]:
    """Objective sheet name -> (sheet, header row, column by header)."""
    found = {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        header = next((r for r in ws.iter_rows(max_row=60) if r[0].value == "ID"), None)
        if header is not None and any(c.value == "Action title" for c in header):
            found[ws.title] = (ws, header[0].row, {c.value: c.column for c in header if c.value})
    return found


def last_action_row(ws: Any, head: int) -> int:
    r = head
    while ws.cell(r + 1, 1).value not in (None, "") and not str(
            ws.cell(r + 1, 1).value).startswith("Connections"):
        r += 1
    return r


LEAD_ACTS = st.one_of(
    st.tuples(st.just("box"), st.integers(0, 9), st.integers(0, 9), st.sampled_from(WORDS)),
    st.tuples(st.just("status"), st.integers(0, 9), st.integers(0, 9),
              st.sampled_from(("plan", "lower", "Green", "done", "Sort of done", ""))),
    st.tuples(st.sampled_from(("insert", "copy", "outside", "other sheet", "note",
                               "merge cells", "locked", "delete", "sort")),
              st.integers(0, 9), st.integers(0, 9), st.just("")),
    st.tuples(st.sampled_from(("rename file", "rename sheet", "second version",
                               "second version, same minute", "second version, afresh",
                               "second version, afresh, same minute")),
              st.integers(0, 9), st.just(0), st.just("")),
)
OFFICER_ACTS = st.one_of(
    st.tuples(st.just("edit"), st.integers(0, 9),
              st.sampled_from(("Comments", "Action title", "Actions", "Progress update"))),
    st.tuples(st.just("add"), st.integers(0, 1), st.sets(st.sampled_from(SERVICES), min_size=1)),
    st.tuples(st.sampled_from(("delete", "move", "renumber")), st.integers(0, 9), st.just(None)),
    st.tuples(st.just("services"), st.integers(0, 9),
              st.tuples(st.integers(1, 3), st.booleans())),
    st.tuples(st.just("below"), st.integers(0, 1), st.booleans()),
)


class Rounds(RuleBasedStateMachine):
    """The plan's life over several rounds; see the module's docstring."""

    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="edi-rounds-"))
        self.count = 0
        self.round = 0
        self.merges = 0
        self.last_files: dict[str, list[Path]] = {}  # service -> files it sent last round
        self.officer: dict[str, str] = {}  # token -> where the officer put it
        self.below_id_like = False
        self.listed = ""  # every summary's text so far
        self.typed_over: dict[str, int] = {}  # action id -> plan revision the officer typed
        self.history: list[Any] = []  # the plan's History, newest first, as last merged

    def teardown(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def token(self, who: str) -> str:
        self.count += 1
        return f"{who}{self.count:04d}Q"

    @initialize(id_style=st.integers(0, 2), statuses=st.sampled_from(STATUS_LISTS))
    def start(self, id_style: int, statuses: StatusList) -> None:
        self.plan = write_plan(plan_for(id_style, statuses), self.dir / "plan.xlsx")
        self.first_plan = self.dir / "plan-as-first-written.xlsx"
        shutil.copy(self.plan, self.first_plan)
        self.words = statuses.words

    # --- the officer --------------------------------------------------------------------

    def officer_does(self, acts: list[tuple[Any, ...]]) -> None:
        """The officer edits the plan in Excel (openpyxl saves it as Excel would)."""
        wb = openpyxl.load_workbook(self.plan)
        for kind, pick, what in acts:
            tables = plan_tables(wb)
            getattr(self, f"officer_{kind}")(tables, pick, what)
        wb.save(self.plan)

    def forget(self, value: Any) -> None:
        """Officer words the officer typed over or deleted are no longer expected."""
        for word in TOKEN.findall(str(value or "")):
            self.officer.pop(word, None)

    def action_rows(self, tables: dict) -> list[tuple[Any, int, dict[str, int], int]]:
        return [(ws, head, col, r) for ws, head, col in tables.values()
                for r in range(head + 1, last_action_row(ws, head) + 1)]

    def officer_edit(self, tables: dict, pick: int, heading: str) -> None:
        rows = self.action_rows(tables)
        if rows:
            ws, _, col, r = rows[pick % len(rows)]
            self.forget(ws.cell(r, col[heading]).value)  # typed over: the officer's choice
            word = self.token("O")
            ws.cell(r, col[heading]).value = word
            self.officer[word] = f"{ws.cell(r, 1).value} {heading}"
            if heading == "Progress update":  # the officer's words stand for the leads'
                self.typed_over[str(ws.cell(r, 1).value)] = self.merges

    def officer_add(self, tables: dict, pick: int, services: set[str]) -> None:
        ws, head, col = list(tables.values())[pick % len(tables)]
        r = last_action_row(ws, head) + 1
        ws.insert_rows(r)
        word = self.token("O")
        ws.cell(r, col["ID"]).value = f"NEW-{word[1:5]}"
        ws.cell(r, col["Action title"]).value = word
        ws.cell(r, col["Responsible service(s)"]).value = "; ".join(sorted(services))
        ws.cell(r, col["Timescale"]).value = "March 2026"
        self.officer[word] = "title of an added action"

    def officer_delete(self, tables: dict, pick: int, _: Any) -> None:
        rows = self.action_rows(tables)
        if len(rows) > 1:
            ws, _, _, r = rows[pick % len(rows)]
            for cell in ws[r]:
                self.forget(cell.value)  # the officer's own choice
            ws.delete_rows(r)

    def officer_move(self, tables: dict, pick: int, _: Any) -> None:
        rows = self.action_rows(tables)
        if len(tables) < 2 or len(rows) < 2:
            return
        ws, _, _, r = rows[pick % len(rows)]
        other, head, _ = next(t for t in tables.values() if t[0] is not ws)
        values = [c.value for c in ws[r]]
        to = last_action_row(other, head) + 1
        other.insert_rows(to)
        for c, v in enumerate(values, start=1):
            other.cell(to, c).value = v
        ws.delete_rows(r)

    def officer_renumber(self, tables: dict, pick: int, _: Any) -> None:
        """The officer gives an action another ID (a council renumbering its plan)."""
        rows = self.action_rows(tables)
        if rows:
            ws, _, col, r = rows[pick % len(rows)]
            ws.cell(r, col["ID"]).value = f"RE-{self.token('N')[1:5]}"

    def officer_services(self, tables: dict, pick: int, how: tuple[int, bool]) -> None:
        rows = [x for x in self.action_rows(tables)
                if ";" in str(x[0].cell(x[3], x[2]["Responsible service(s)"]).value)]
        if rows:
            ws, _, col, r = rows[pick % len(rows)]
            cell = ws.cell(r, col["Responsible service(s)"])
            names = [n.strip() for n in str(cell.value).split(";")]
            names = list(reversed(names)) if how[1] else names
            cell.value = "; ".join(names[:how[0]])

    def officer_below(self, tables: dict, pick: int, id_like: bool) -> None:
        ws, _, col = list(tables.values())[pick % len(tables)]
        r = ws.max_row + 1
        word = self.token("O")
        if id_like:
            ws.cell(r, col["ID"]).value = f"ADD-{word[1:5]}"
            ws.cell(r, col["Responsible service(s)"]).value = SERVICES[0]
            self.below_id_like = True
        ws.cell(r, col["Action title"]).value = word
        self.officer[word] = "below the table"

    # --- a whole round -------------------------------------------------------------------

    @rule(before=st.lists(OFFICER_ACTS, max_size=3),
          leads=st.lists(LEAD_ACTS, max_size=8),
          during=st.lists(OFFICER_ACTS, max_size=2),
          extras=st.sets(st.sampled_from(("drafts", "old file", "point -o at a later plan",
                                          "onto its own plan"))))
    def play_a_round(self, before: list[tuple[Any, ...]], leads: list[tuple[Any, ...]],
                     during: list[tuple[Any, ...]], extras: set[str]) -> None:
        """The officer edits the plan, sends the returns, the leads work on them (and the
        officer goes on editing), the officer merges what came back; then the checks."""
        from edi_workbook.mail.send import send_returns

        if before:  # between rounds
            self.officer_does(before)
        self.round += 1
        issued = FIRST_ROUND + timedelta(days=91 * (self.round - 1))
        folder = self.dir / f"sent-{self.round}"
        sent = {i.service: i.workbook
                for i in send_returns(read_plan(self.plan), folder, issued=issued, due=None)}
        self.check_each_lead_is_shown_their_own_words(sent)
        replies: dict[str, Reply] = {}
        for kind, lead, row, what in leads:
            service = sorted(sent)[lead % len(sent)]
            reply = replies.setdefault(service, Reply())
            if kind == "box":
                reply.edits.append(("box", row, what, self.token("L")))
            elif kind == "status":
                word = self.words[(lead + row) % len(self.words)]
                value = {"plan": word, "lower": word.lower()}.get(what, what)
                reply.edits.append(("box", row, "Status", value))
            elif kind == "rename file":
                reply.name = f"{service} update {self.token('N')}.xlsx"
            elif kind == "rename sheet":
                reply.sheet = "My return"
            elif kind.startswith("second version"):
                reply.versions.append((len(reply.edits), "afresh" in kind))
                reply.same_minute = reply.same_minute or kind.endswith("minute")
            elif kind in ("delete", "sort"):
                reply.edits.append((kind, row, "", ""))
            else:
                reply.edits.append((kind, row, "", self.token("L")))
        if during:  # the officer changes the plan while the returns are out
            self.officer_does(during)
        extra: list[Path] = []
        if "drafts" in extras:
            extra += sorted(folder.glob("*.eml"))
        if "old file" in extras and self.last_files:
            old = self.last_files[sorted(self.last_files)[self.round % len(self.last_files)]]
            extra.append(self.dir / f"old-{self.token('N')}.xlsx")
            shutil.copy(old[-1], extra[-1])
        if "point -o at a later plan" in extras and self.merges:
            self.check_a_later_plan_is_not_overwritten()
        inbox = self.dir / f"inbox-{self.round}"
        inbox.mkdir()
        fresh = self.write_replies(inbox, sent, replies, issued)
        self.merge_and_check(inbox, fresh, extra, issued, "onto its own plan" in extras)

    def write_replies(self, inbox: Path, sent: dict[str, Path], replies: dict[str, Reply],
                      issued: date) -> list[Path]:
        """Each lead's files: each version saved, at its own time."""
        written: dict[str, list[Path]] = {}
        when = datetime.combine(issued + timedelta(days=10), datetime.min.time())
        for order, (service, reply) in enumerate(sorted(replies.items())):
            name = reply.name or sent[service].name
            step = timedelta(seconds=20) if reply.same_minute else timedelta(hours=2)
            for n, edits in enumerate(reply.version_edits()):
                path = inbox / (name if n == 0 else f"{Path(name).stem} v{n + 1}.xlsx")
                apply_lead_edits(sent[service], path, edits, reply.sheet)
                set_saved_time(path, when + n * step + timedelta(minutes=order))
                written.setdefault(service, []).append(path)
        self.last_files = written or self.last_files
        # The words each lead means to stand: their last version's (every version's, when
        # saved within a minute of each other), less what the return showed them as sent.
        self.final = set()
        for service, paths in written.items():
            latest = paths if replies[service].same_minute else paths[-1:]
            mine = set().union(*(tokens_in(p) for p in latest)) - tokens_in(sent[service])
            self.final |= {t for t in mine if t[0] == "L"}
        return [p for paths in written.values() for p in paths]

    def merge_and_check(self, inbox: Path, replies: list[Path], extra: list[Path],
                        issued: date, onto_own_plan: bool) -> None:
        # A lead's own words ("L..."); the officer's in a return are context as issued.
        typed = {t for t in set().union(set(), *(tokens_in(p) for p in [*replies, *extra]
                                                 if p.suffix == ".xlsx")) if t[0] == "L"}
        fresh = {t for t in set().union(set(), *(tokens_in(p) for p in replies)) if t[0] == "L"}
        self.merges += 1
        output = self.plan if onto_own_plan else self.dir / f"plan-{self.merges}.xlsx"
        summary = self.dir / f"summary-{self.merges}.xlsx"
        caught = {}
        real = merging.merge_files

        def keep(*args: Any, **kwargs: Any) -> Any:
            caught["outcome"] = outcome = real(*args, **kwargs)
            return outcome

        merging.merge_files = keep
        try:
            run = CliRunner().invoke(cli, ["merge", str(self.plan), str(inbox),
                                           *map(str, extra), "-o", str(output),
                                           "--summary", str(summary),
                                           "--as-of", f"{issued + timedelta(days=30)}"])
        finally:
            merging.merge_files = real
        assert run.exit_code in (0, 1), run.output
        result = caught["outcome"].result
        plan_text, summary_text = file_text(output), file_text(summary)

        # 1. Every word given is in the merged plan or in the summary (this one, or an
        # earlier one for a file already merged then).
        self.listed += summary_text
        lost = {t for t in typed if t not in plan_text and t not in self.listed}
        assert not lost, (lost, run.output)
        # ... and each lead's final words are where people see them (an objective sheet,
        # Service updates), or listed for a person (Conflicts, Rejected): never only in
        # History, taken out again by a copy of the return as sent.
        shown = sheets_text(output, skip=("History", "Returns log"))
        for_a_person = sheets_text(summary, only=("Conflicts", "Rejected"))
        hidden = {t for t in self.final if t not in shown and t not in for_a_person}
        assert not hidden, (hidden, run.output)
        # 2. Every word the officer typed (and has not typed over or deleted) survives.
        gone = {t: where for t, where in self.officer.items() if t not in plan_text}
        assert not gone, (gone, run.output)
        # 3. Every editable cell has one outcome; they add up, per return too.
        counts = result.counts()
        assert sum(counts.values()) == result.cells_read
        for ret in result.returns:
            assert sum(result.by_return[ret.path].values()) == ret.editable_cells, ret.path
        # 4. Exit 1 exactly when the summary lists something for a person; always when
        # a lead's words did not reach the plan, or an action sits below a table.
        listed = bool(result.conflicts or result.rejected)
        assert listed == (run.exit_code == 1), run.output
        assert listed == (sheets_text(summary, only=("Conflicts", "Rejected")).count(
            "Nothing to show") < 2)
        if {t for t in fresh if t not in plan_text} or (
                self.below_id_like):
            assert run.exit_code == 1, run.output
        # 5. Nothing applied twice.
        cells = [(c.action_id, c.field, c.owner, c.new) for c in result.applied]
        assert len(cells) == len(set(cells)), cells
        merged = result.plan
        history = [(h.return_id, h.action_id, h.field, h.service) for h in merged.history
                   if h.return_id and not h.problem]
        assert len(history) == len(set(history))
        assert merged.revision == result.before.revision + 1
        self.plan, self.history = output, merged.history
        self.below_id_like = any(b.id_like for o in merged.objectives for b in o.below)

    def check_each_lead_is_shown_their_own_words(self, sent: dict[str, Path]) -> None:
        """7. Each return's Last update is that service's own latest words: the newest
        History row of its Progress update by that service alone (unless the officer
        has typed over the cell since), whatever the officer did to the action's
        services (reordered, some taken off) or where it stands."""
        from python_calamine import CalamineWorkbook

        for service, path in sent.items():
            wb = CalamineWorkbook.from_path(str(path))
            rows = wb.get_sheet_by_index(0).to_python()
            wb.close()
            head = next(i for i, r in enumerate(rows) if r and r[0] == "ID")
            col = {v: c for c, v in enumerate(rows[head]) if v}
            for row in rows[head + 1:]:
                action_id = str(row[0])
                said = [h for h in self.history if h.action_id == action_id and not h.problem
                        and h.field == "Progress update" and h.service == service]
                if not action_id or not said or said[0].revision <= self.typed_over.get(
                        action_id, -1):
                    continue
                newest = [h for h in said if h.revision == said[0].revision][-1]
                assert row[col["Last update"]] == newest.new, (service, action_id, newest)

    def check_a_later_plan_is_not_overwritten(self) -> None:
        """6. -o naming a later revision of the plan, from the plan as first written."""
        before = self.plan.read_bytes()
        nothing = self.dir / "nothing-came-back"
        nothing.mkdir(exist_ok=True)
        run = CliRunner().invoke(cli, ["merge", str(self.first_plan), str(nothing), "-o",
                                       str(self.plan), "--summary",
                                       str(self.dir / "refused-summary.xlsx")])
        if run.exit_code == 2:
            assert "of this plan, made since plan-as-first-written.xlsx (revision 0)" in (
                run.output)
            assert self.plan.read_bytes() == before
            return
        # Written over: only because the new one carries every word of it, and a copy kept.
        assert run.exit_code in (0, 1), run.output
        copies = [p for p in self.dir.glob(f"{self.plan.stem}.backup-*.xlsx")
                  if p.read_bytes() == before]
        assert copies, run.output
        assert tokens_in(copies[0]) <= tokens_in(self.plan), run.output


Rounds.TestCase.settings = settings(
    max_examples=100, stateful_step_count=4, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_whole_rounds_lose_nothing = Rounds.TestCase


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_round_of_returns_resaved_by_libreoffice_loses_nothing(tmp_path):
    """What the generated rounds cannot do: a lead's spreadsheet program re-saves it."""
    import subprocess

    from edi_workbook.mail.send import send_returns

    plan = write_plan(plan_for(0, STATUS_LISTS[1]), tmp_path / "plan.xlsx")
    sent = {i.service: i.workbook for i in send_returns(read_plan(plan), tmp_path / "sent",
                                                          issued=FIRST_ROUND, due=None)}
    edits = [("box", 0, "Progress update", "L0001Q"), ("insert", 1, "", "L0002Q"),
             ("note", 0, "", "L0003Q"), ("outside", 0, "", "L0004Q"),
             ("box", 1, "Status", "green")]
    typed = tmp_path / "typed" / "Parks.xlsx"
    apply_lead_edits(sent["Parks"], typed, edits, "")
    out = tmp_path / "resaved"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(typed)],
                   check=True, capture_output=True, timeout=120)
    run = CliRunner().invoke(cli, ["merge", str(plan), str(out / "Parks.xlsx"), "-o",
                                   str(tmp_path / "merged.xlsx"), "--summary",
                                   str(tmp_path / "summary.xlsx")])
    assert run.exit_code == 1, run.output  # the inserted row, the note, the words beside
    text = file_text(tmp_path / "merged.xlsx") + file_text(tmp_path / "summary.xlsx")
    assert all(t in text for t in ("L0001Q", "L0002Q", "L0003Q", "L0004Q"))
