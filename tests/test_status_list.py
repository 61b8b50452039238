"""A council's own status words, through the whole cycle.

"Not started / In progress / Behind / Done": the plan keeps the words, its
returns' drop-downs offer them, the merge reads what a lead typed against
them, and flags, direction of travel, summary, report and rollover go by
what each word counts as.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from edi_workbook.cli import cli
from edi_workbook.core import messages as m
from edi_workbook.core.model import STATUSES, StatusList
from edi_workbook.core.rollover import rollover_plan
from edi_workbook.core.validate import validate_plan
from edi_workbook.mail.send import send_returns
from edi_workbook.report import write_report
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow.example import example_plan, fill_return
from edi_workbook.workflow.merging import merge_files
from edi_workbook.xlsx import styles

OWN = "Not started, In progress, Behind=Off track, Done"
WORDS = ["Not started", "In progress", "Behind", "Done"]
HOUSING = "Housing"


@pytest.fixture
def own_plan(tmp_path: Path) -> Path:
    plan = example_plan()
    plan.statuses = StatusList.parse(OWN)
    index = plan.action_index()
    index["CL-01"].status = "In progress"
    index["EM-01"].status = "Not started"
    return write_plan(plan, tmp_path / "plan.xlsx")


def _rules(ws) -> list[str]:
    return [f for rng in ws.conditional_formatting for r in rng.rules for f in r.formula]


def test_status_list_parse_and_meaning() -> None:
    own = StatusList.parse(OWN)
    assert own.pairs() == [("Not started", "Not started"), ("In progress", "On track"),
                           ("Behind", "Off track"), ("Done", "Complete")]
    assert own.word_for("in-progress") == "In progress"
    assert own.word_for("Complete") == "Done"  # the usual word, one of the plan's means it
    assert own.word_for("Amber") is None  # At risk: none of the plan's words means it
    assert own.word_for("") == "" and own.word_for(None) == ""
    assert own.done("done") and not own.done("Behind")
    assert own.rank("Behind") < own.rank("Not started") < own.rank("In progress") < own.rank(
        "Done")
    assert StatusList.parse("tool").is_default and StatusList.parse("").words == STATUSES
    with pytest.raises(ValueError, match="'Wibble' counts as none of"):
        StatusList.parse("Wibble")
    # Two words that mean the same: a usual word is then ambiguous and not guessed.
    rag = StatusList.parse("Green, Blue=On track, Red")
    assert rag.word_for("on track") is None and rag.word_for("blue") == "Blue"


def test_the_plan_keeps_its_words(own_plan: Path) -> None:
    plan = read_plan(own_plan)
    assert plan.statuses == StatusList.parse(OWN)
    wb = openpyxl.load_workbook(own_plan)
    assert [c.value for c in wb["_lists"]["A"]] == WORDS
    meta = {r[0].value: r[1].value for r in wb["_meta"].iter_rows()}
    assert meta["status:Behind"] == "Off track" and meta["status:Done"] == "Complete"
    ws = wb["Community Leader"]
    coloured = [f.rsplit("=", 1)[1] for f in _rules(ws) if f.count("=") == 1]
    assert [w for w in coloured if w.strip('"') in WORDS] == [f'"{w}"' for w in WORDS]
    key = [c.value for row in ws.iter_rows(max_row=10) for c in row if c.value in WORDS]
    assert key == WORDS  # the colour key names the plan's words
    about = [[c.value for c in r] for r in wb["About"].iter_rows()]
    counts = {r[0]: r[1] for r in about if r[0] in (*WORDS, "No status")}
    assert counts == {"Not started": 1, "In progress": 1, "Behind": 0, "Done": 0,
                      "No status": 23}
    explained = next(r[1] for r in about if r[0] == "Each status counts as")
    assert explained == ("Not started: not started; In progress: on track; Behind: off track;"
                         " Done: complete")
    # A plan with the tool's list writes no status keys and no explanation.
    plain = write_plan(example_plan(), own_plan.parent / "plain.xlsx")
    wb = openpyxl.load_workbook(plain)
    assert not any(str(r[0].value).startswith("status:") for r in wb["_meta"].iter_rows())
    assert read_plan(plain).statuses.is_default


def test_validate_reads_the_plan_list(own_plan: Path) -> None:
    plan = read_plan(own_plan)
    index = plan.action_index()
    index["CL-02"].status = "On track"  # the usual word for In progress
    index["CL-04"].status = "At risk"  # means nothing in this plan
    problems = {p.message for p in validate_plan(plan)}
    assert m.status_read_as("On track", "In progress") in problems
    assert m.unknown_status("At risk", ["Not started", "In progress", "Behind", "Done"]) in problems


def test_returns_offer_the_plan_words_and_the_merge_reads_them(own_plan: Path,
                                                               tmp_path: Path) -> None:
    plan = read_plan(own_plan)
    [housing] = [i.workbook for i in send_returns(plan, tmp_path / "sent",
                                                  issued=date(2024, 10, 1), due=None)
                 if i.service == HOUSING]
    wb = openpyxl.load_workbook(housing)
    assert [c.value for c in wb["_lists"]["A"]] == WORDS
    ws = wb["Return"]
    [validation] = ws.data_validations.dataValidation
    assert validation.error == "Choose a status from the list: " + ", ".join(WORDS) + "."
    assert sorted(_rules(ws)) == sorted(f'"{w}"' for w in WORDS)
    fills = {r.formula[0]: r.dxf.font.color.rgb for rng in ws.conditional_formatting
             for r in rng.rules}
    assert fills['"Behind"'].endswith(styles.STATUS_COLOURS["Off track"][1])
    identity = {r[0].value: r[1].value for r in wb["_return"].iter_rows(max_row=12)}
    assert identity["statuses"].split("\n") == WORDS

    (tmp_path / "in").mkdir()
    returned = fill_return(housing, {
        "CL-01": {"Status": "done", "Progress update": "Advisor in post."},
        "EM-01": {"Status": "Complete", "Progress update": "Training delivered."},
        "CL-04": {"Status": "Amber"},  # At risk: not a word of this plan
    }, tmp_path / "in" / "Housing.xlsx")
    out = tmp_path / "out"
    outcome = merge_files(own_plan, [returned], output=out / "merged.xlsx",
                          summary=out / "summary.xlsx", as_of=date(2024, 11, 15))
    result = outcome.result
    merged = read_plan(out / "merged.xlsx")
    index = merged.action_index()
    assert (index["CL-01"].status, index["EM-01"].status) == ("Done", "Done")
    assert merged.statuses == StatusList.parse(OWN)
    [rejected] = [r for r in result.rejected if r.field == "status"]
    assert rejected.action_id == "CL-04" and "In progress, Behind, Done" in rejected.advice
    assert result.direction_of_travel()["CL-01"] == "improved"
    assert result.direction_of_travel()["EM-01"] == "improved"

    # EM-01 was due in October 2024; Done, it is not flagged Overdue.
    summary = openpyxl.load_workbook(out / "summary.xlsx")
    ws = summary["Summary"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(i for i, r in enumerate(rows) if r[0] == "Objective" and "Done" in r)
    assert rows[head][:7] == ["Objective", *WORDS, "No status", "Total"]
    overdue = [r[0].value for r in summary["Overdue"].iter_rows(min_row=5)]
    assert "EM-01" not in overdue and "CL-03" in overdue  # CL-03: passed, no status
    chart = ws._charts[0]
    fills = [s.graphicalProperties.solidFill.srgbClr for s in chart.series[:4]]
    assert fills == [styles.STATUS_COLOURS[s][0]
                     for s in ("Not started", "On track", "Off track", "Complete")]

    # The report counts and colours by the plan's words.
    report = write_report(merged, tmp_path / "update.xlsx", as_of=date(2024, 11, 15))
    counts = [[c.value for c in r] for r in openpyxl.load_workbook(report)["Counts"].iter_rows()]
    assert [r[0] for r in counts[1:5]] == WORDS
    docx = write_report(merged, tmp_path / "update.docx", as_of=date(2024, 11, 15))
    with zipfile.ZipFile(docx) as z:
        body = z.read("word/document.xml").decode()
    assert "This action is now closed." in body and ">Done<" in body

    # Rollover: Done actions close; the list carries into next year's plan.
    nxt = rollover_plan(merged, "2024-25", as_of=date(2025, 4, 1))
    closed = nxt.extra_sheets["Closed last year"]
    assert {r[0] for r in closed[1:]} >= {"CL-01", "EM-01"}
    assert nxt.statuses == merged.statuses


def test_new_and_import_take_statuses(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["new", str(tmp_path / "n.xlsx"), "--statuses", OWN])
    assert result.exit_code == 0, result.output
    assert read_plan(tmp_path / "n.xlsx").statuses.words == tuple(WORDS)
    result = runner.invoke(cli, ["new", str(tmp_path / "bad.xlsx"), "--statuses", "Wibble"])
    assert result.exit_code == 2 and "'Wibble' counts as none of" in result.output
    assert not (tmp_path / "bad.xlsx").exists()

    source = tmp_path / "plan.csv"
    source.write_text("Ref,Action,Lead,Status\n1,a,Housing,In progress\n2,b,Housing,Done\n"
                      "3,c,Housing,Not started\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(source), "-o", str(tmp_path / "own.xlsx")])
    assert result.exit_code == 0, result.output
    own = read_plan(tmp_path / "own.xlsx")
    assert own.statuses.pairs() == [("Not started", "Not started"), ("In progress", "On track"),
                                    ("Done", "Complete")]
    assert [a.status for a in own.actions] == ["In progress", "Done", "Not started"]
    assert "Status list: the source's own words, kept for the drop-downs" in result.output
    result = runner.invoke(cli, ["import", str(source), "-o", str(tmp_path / "tool.xlsx"),
                                 "--statuses", "tool"])
    assert result.exit_code == 0, result.output
    tool = read_plan(tmp_path / "tool.xlsx")
    assert tool.statuses.is_default
    assert [a.status for a in tool.actions] == ["On track", "Complete", "Not started"]
