"""One set of facts: the summary, the progress update, the About sheet, the receipts,
`chase` and the merge's last line all print one position, and state no outcome
nobody gave.

The example round is run as an officer runs it (CliRunner, the example plan and
its five returns, as at 15 March 2024), every output is opened and read back,
and the numbers each one prints are compared with each other and with the
position (core/position.py) worked out from the merged plan.
"""

from __future__ import annotations

import email
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from email import policy
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from listed import sheet_rows

from edi_workbook.cli import cli
from edi_workbook.core.model import STATUSES, ServiceUpdate
from edi_workbook.core.position import OWES_UPDATE, position_of
from edi_workbook.core.report import build_report
from edi_workbook.core.schema import NO_STATUS
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow.example import RETURNS_DIR, example_plan
from edi_workbook.workflow.merging import merge_files
from edi_workbook.xlsx import styles

AS_OF = "2024-03-15"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Round:
    """The example round's outputs, as files an officer would open."""

    folder: Path
    merge_lines: list[str]
    chase_lines: list[str]

    @property
    def merged(self) -> Path:
        return self.folder / "plan-merged.xlsx"

    @property
    def summary(self) -> Path:
        return self.folder / "summary.xlsx"

    @property
    def docx(self) -> Path:
        return self.folder / "progress-update.docx"

    @property
    def xlsx(self) -> Path:
        return self.folder / "progress-update.xlsx"


@pytest.fixture(scope="module")
def round_(tmp_path_factory) -> Round:
    folder = tmp_path_factory.mktemp("round")
    plan = write_plan(example_plan(), folder / "plan.xlsx")
    run = CliRunner()
    merged = run.invoke(cli, [
        "merge", str(plan), str(RETURNS_DIR), "-o", str(folder / "plan-merged.xlsx"),
        "--summary", str(folder / "summary.xlsx"), "--as-of", AS_OF,
        "--receipts", str(folder / "receipts")])
    assert merged.exit_code == 0, merged.output
    chased = run.invoke(cli, ["chase", str(plan), str(RETURNS_DIR), "--out",
                              str(folder / "reminders"), "--as-of", AS_OF])
    assert chased.exit_code == 0, chased.output
    for suffix in ("docx", "xlsx"):
        made = run.invoke(cli, ["report", str(folder / "plan-merged.xlsx"), "-o",
                                str(folder / f"progress-update.{suffix}"), "--as-of", AS_OF])
        assert made.exit_code == 0, made.output
    return Round(folder, merged.output.splitlines(), chased.output.splitlines())


@pytest.fixture(scope="module")
def position(round_):
    """The position as the merge works it out (a dry run: nothing written)."""
    outcome = merge_files(round_.folder / "plan.xlsx", [RETURNS_DIR],
                          output=round_.folder / "x.xlsx", summary=round_.folder / "y.xlsx",
                          as_of=date(2024, 3, 15), dry_run=True)
    return outcome.position


def test_the_position_read_back_from_the_merged_plan_is_the_merges(round_, position):
    again = position_of(read_plan(round_.merged), date(2024, 3, 15))
    assert again.by_status() == position.by_status()
    assert again.no_update == position.no_update and again.flags == position.flags


# --- reading each output back ---------------------------------------------------------

def summary_cells(path: Path) -> list[list]:
    ws = openpyxl.load_workbook(path)["Summary"]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def block(rows: list[list], title: str) -> list[list]:
    """The rows of a Summary sheet block: from its header row to the row before a blank."""
    start = next(i for i, r in enumerate(rows) if r[0] == title) + 1
    found = []
    for r in rows[start:]:
        if r[0] is None:
            break
        found.append(r)
    return found


def summary_by_status(path: Path) -> dict[str, int]:
    head, *rest = block(summary_cells(path), "Status of actions by objective")
    total = next(r for r in rest if r[0] == "Total")
    return {w: total[i] for i, w in enumerate(head) if w not in (None, "Objective", "Total")}


def about_by_status(path: Path) -> dict[str, int]:
    rows = [list(r) for r in openpyxl.load_workbook(path)["About"].iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == "Actions by status") + 1
    found = {}
    for r in rows[start:]:
        if r[0] == "Total":
            return found
        found[r[0]] = r[1]
    raise AssertionError("no Total row")


def about_value(path: Path, label: str):
    rows = openpyxl.load_workbook(path)["About"].iter_rows(values_only=True)
    return next(r[1] for r in rows if r[0] == label)


def docx_text(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.text.strip()]


def docx_status_table(path: Path) -> dict[str, int]:
    doc = Document(str(path))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Status"
                 and t.rows[-1].cells[0].text == "Total")
    return {r.cells[0].text: int(r.cells[-1].text) for r in table.rows[1:-1]}


def docx_chart(path: Path) -> dict[str, int]:
    with zipfile.ZipFile(path) as z:
        xml = z.read(next(n for n in z.namelist() if n.startswith("word/charts/chart")))
    text = xml.decode()
    cats = re.search(r"<c:cat>.*?</c:cat>", text, re.S).group(0)
    vals = re.search(r"<c:val>.*?</c:val>", text, re.S).group(0)
    labels = re.findall(r"<c:v>(.*?)</c:v>", cats)
    values = [int(v) for v in re.findall(r"<c:v>(.*?)</c:v>", vals)]
    return dict(zip(labels, values, strict=True))


def xlsx_counts(path: Path) -> dict[str, int]:
    rows = list(openpyxl.load_workbook(path)["Counts"].iter_rows(values_only=True))
    return {r[0]: r[-1] for r in rows[1:] if r[0] != "Total"}


def receipts(round_: Round) -> dict[str, str]:
    found = {}
    for path in sorted((round_.folder / "receipts").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        found[path.stem.removeprefix("Receipt – ")] = message.get_body(
            ("plain",)).get_content().replace("\r\n", "\n")
    return found


def numbers(line: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", line)]


# --- one position, printed everywhere ---------------------------------------------------

def test_every_output_counts_the_statuses_as_the_position_does(round_, position):
    """Summary table, About sheet, the Word table and its chart, the workbook's Counts."""
    expected = dict(position.by_status())
    assert expected[NO_STATUS] == 10 and sum(expected.values()) == 25
    assert summary_by_status(round_.summary) == expected
    assert about_by_status(round_.merged) == expected
    assert docx_status_table(round_.docx) == expected
    assert docx_chart(round_.docx) == expected
    assert xlsx_counts(round_.xlsx) == expected


def test_no_update_is_one_count_in_the_report_the_summary_and_the_about_sheet(
        round_, position):
    """The report said 10 had no update; the summary 'No update (5 actions)': it counted
    the flag, and five of the ten carry Due soon first."""
    assert len(position.no_update) == 10
    [said] = [t for t in docx_text(round_.docx) if t.startswith("No update was given for")
              and " of the " in t]
    assert numbers(said)[:2] == [10, 25]
    line = next(r[0] for r in summary_cells(round_.summary)
                if r[0] and str(r[0]).startswith("No status:"))
    assert "No update: no progress update from anyone (10 actions)" in line
    # Why the flag's own count is smaller, in the same line.
    assert "5 under No update and 5 under Due soon" in line
    assert about_value(round_.merged, "No progress update") == 10


def test_who_has_returned_agrees_with_not_returned_and_chase(round_, position):
    """The summary said ten 'Not yet', ICT among them; Not returned and chase said nine:
    ICT's one action was completed by Housing, so nothing is owed."""
    who = {r[0]: r[2] for r in block(summary_cells(round_.summary),
                                     "Who has returned this round")[1:] if r[0] != "Total"}
    not_yet = sorted(s for s, v in who.items() if v == "Not yet")
    assert who["ICT"] == "Not needed"
    listed = sorted(r["Service"] for r in sheet_rows(round_.summary, "Not returned"))
    reminders = sorted(p.stem.split(" – ")[-1]
                       for p in (round_.folder / "reminders").glob("*.eml"))
    assert not_yet == listed == reminders == sorted(position.returns.owing)
    assert len(not_yet) == 9
    assert round_.chase_lines[-1] == "9 reminders written to " + str(
        round_.folder / "reminders")
    assert sorted(s for s, v in who.items() if v == "Yes") == sorted(position.returns.returned)
    assert list(position.returns.not_needed) == ["ICT"]


def test_the_merge_line_the_summary_and_the_receipts_count_the_same_boxes(round_, position):
    boxes = position.boxes
    assert round_.merge_lines[-1] == (
        "Merged cleanly: 37 boxes applied, 115 unchanged, 0 in conflict, 0 rejected"
        " (152 read).")
    counts = {r[0]: r[1] for r in block(summary_cells(round_.summary),
                                        "What happened to each box the leads filled in")[1:]}
    assert [counts["Applied"], counts["Unchanged"], counts["Conflict"], counts["Rejected"]] == [
        boxes.applied, boxes.unchanged, boxes.conflict, boxes.rejected] == [37, 115, 0, 0]
    taken = 0
    for service, body in receipts(round_).items():
        first = body.split("\n\n")[1]  # after "Dear ...,"
        n = numbers(first)
        assert n[0] == boxes.by_service[service].get("applied", 0), first
        taken += n[0]
    assert taken == boxes.applied


def test_receipts_ask_for_what_the_position_says_each_lead_still_owes(round_, position):
    for service, body in receipts(round_).items():
        owed = [o.action_id for o in position.owed[service] if o.owes == OWES_UPDATE]
        last = body.split("Still needed from you:\n")
        asked = re.findall(r"^- ([A-Z]{2}-[\d.]+)\b", last[-1], re.M) if len(last) > 1 else []
        assert asked == owed, service


def test_needing_attention_and_revised_timescales_are_said_once_for_both(round_):
    text = docx_text(round_.docx)
    summary = [str(r[0]) for r in summary_cells(round_.summary) if r[0]]
    for start in ("Needing attention:", "Timescales were revised for"):
        [report_says] = [t for t in text if t.startswith(start)]
        assert report_says in summary
    assert "Needing attention: CL-09, EM-01 and EM-05 are at risk; SP-01 is off track." in text


# --- no outcome nobody gave --------------------------------------------------------------

def test_an_action_with_no_update_and_no_status_is_not_said_to_carry_on(round_):
    """'These actions remain ongoing in the new EDI Action Plan 2024-25' ended each group of
    actions nobody reported on (CL-08.1-.3's timescale, March 2024, has passed)."""
    text = docx_text(round_.docx)
    assert "These actions remain ongoing in the new EDI Action Plan 2024-25." not in text
    assert "This action remains ongoing in the new EDI Action Plan 2024-25." in text  # CL-01
    groups = [i for i, t in enumerate(text) if t == "Actions with no update"]
    assert len(groups) == 3
    for i in groups:
        assert text[i + 1].startswith("No update was given for this report")
    # The xlsx form: a row with no update and no status has no closing sentence.
    rows = sheet_rows(round_.xlsx, "Progress update")
    cl08 = next(r for r in rows if r["Action ID"] == "CL-08.1")
    assert cl08["Progress update"] == "No update was given for this report."
    assert cl08["Closing sentence"] == "None: no status was given"


def test_a_status_still_closes_an_action_with_no_update():
    """The closing sentence comes from the status the officer or lead chose."""
    plan = example_plan()
    plan.actions = [a.replace(status="Closed") if a.id == "CL-06" else a
                    for a in plan.actions]
    report = build_report(plan, as_of=date(2024, 3, 31))
    row = next(r for r in report.rows if r.action_id == "CL-06")
    assert not row.paragraphs and row.kind == "closed"
    blank = next(r for r in report.rows if r.action_id == "CL-10")
    assert blank.kind == ""


def test_every_service_on_a_shared_action_is_named(round_):
    """CL-02: Housing's update began 'Housing and the CAB ...' and was printed with no
    name; Revenues and Benefits' with its name."""
    text = docx_text(round_.docx)
    assert any(t.startswith("Housing: Housing and the CAB") for t in text)
    assert any(t.startswith("Revenues and Benefits: The Welfare Officer") for t in text)


def test_a_single_service_is_not_named_on_its_own_action():
    plan = example_plan()
    plan.actions = [a.replace(progress="Housing have done it.", status="On track")
                    if a.id == "CL-01" else a for a in plan.actions]
    row = next(r for r in build_report(plan, as_of=date(2024, 3, 31)).rows
               if r.action_id == "CL-01")
    assert [(p.label, p.text) for p in row.paragraphs] == [("", "Housing have done it.")]


def test_a_shared_action_names_the_service_even_when_its_words_start_with_its_name():
    plan = example_plan()
    action = next(a for a in plan.actions if a.id == "CL-02")
    action.updates = {"Housing": ServiceUpdate("CL-02", "Housing", progress="Housing did it.")}
    row = next(r for r in build_report(plan, as_of=date(2024, 3, 31)).rows
               if r.action_id == "CL-02")
    assert [(p.label, p.text) for p in row.paragraphs] == [("Housing", "Housing did it.")]


# --- colours and charts ------------------------------------------------------------------

def test_every_status_in_the_table_is_in_the_chart(round_):
    """Closed and Carried forward were in the table and left out of the chart."""
    assert list(docx_chart(round_.docx)) == list(docx_status_table(round_.docx))
    assert "Closed" in docx_chart(round_.docx)


def test_each_status_has_its_own_colours():
    fills = [styles.STATUS_COLOURS[s][0] for s in STATUSES]
    fonts = [styles.STATUS_COLOURS[s][1] for s in STATUSES]
    assert len(set(fills)) == len(STATUSES) and len(set(fonts)) == len(STATUSES)


def test_the_merged_plans_key_shows_complete_and_closed_apart(round_):
    ws = openpyxl.load_workbook(round_.merged)["Community Leader"]
    key = next(r for r in ws.iter_rows() if r[0].value == "Key")
    swatch = {c.value: (c.fill.fgColor.rgb, c.font.color.rgb if c.font.color else None)
              for c in key if c.value and c.value != "Key"}
    assert swatch["Complete"] != swatch["Closed"]
    assert len(set(swatch.values())) == len(swatch)
