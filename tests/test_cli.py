"""The command line, driven through CliRunner; outputs reopened and checked."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from edi_workbook.cli import cli
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow.example import fill_return


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_every_command_has_help_with_an_example():
    assert set(cli.commands) >= {"new", "import", "validate", "flag", "send", "chase", "merge",
                                 "report", "rollover", "demo"}
    for name, command in cli.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0, name
        summary = command.help.strip().splitlines()[0]
        assert summary.endswith(".") and len(summary) < 90, name
        assert "Example:" in result.output, f"{name} --help has no example"
        example = command.help.split("Example:", 1)[1]
        assert f"edi-workbook {name}" in example, name
        assert "Options:" not in example  # the example closes the description


def test_help_does_not_import_heavy_libraries():
    code = ("import sys; from edi_workbook.cli import cli; "
            "print(sorted(m for m in ('openpyxl', 'pandas', 'xlsxwriter', 'python_calamine')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


def test_new_writes_a_blank_plan(tmp_path):
    out = tmp_path / "new.xlsx"
    result = run("new", out, "--title", "EDI Action Plan 2024-25", "--organisation",
                 "Maidstone Borough Council", "--period", "2024-25")
    assert result.exit_code == 0, result.output
    plan = read_plan(out)
    assert (plan.title, plan.organisation, plan.period) == (
        "EDI Action Plan 2024-25", "Maidstone Borough Council", "2024-25")
    assert plan.annual_update == date(2025, 3, 31)
    assert plan.actions == [] and len(plan.objectives) == 3


def test_new_rejects_a_bad_period(tmp_path):
    result = run("new", tmp_path / "x.xlsx", "--period", "2025-24")
    assert result.exit_code == 2
    assert "second year must follow the first" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_validate_ok_and_with_errors(tmp_path, plan_path):
    result = run("validate", plan_path)
    assert result.exit_code == 0
    assert result.output.strip() == "plan.xlsx: 0 errors, 0 warnings"

    wb = openpyxl.load_workbook(plan_path)
    ws = wb["Employer"]
    h = next(r[0].row for r in ws.iter_rows() if r[0].value == "ID")
    ws.cell(h + 2, 1).value = "EM-01"
    wb.save(tmp_path / "dup.xlsx")
    result = run("validate", tmp_path / "dup.xlsx")
    assert result.exit_code == 1
    assert f"error: Employer, row {h + 2} (EM-01): ID EM-01 is used 2 times" in result.output


def test_flag_fills_due_and_flag_and_prints_table(tmp_path, plan_path):
    out = tmp_path / "flagged.xlsx"
    result = run("flag", plan_path, "-o", out, "--as-of", "2024-03-10")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["ID", "Flag", "Due"]
    assert any(line.startswith("CL-01") and "Due soon" in line for line in lines)
    assert lines[-1] == f"25 of 25 actions flagged; written to {out}"
    flagged = read_plan(out).action_index()
    assert flagged["CL-03"].due == date(2024, 6, 30)
    assert flagged["CL-03"].flag == "No update"
    assert read_plan(plan_path).action_index()["CL-03"].due is None  # input untouched


def test_flag_soon_option_and_bad_date(tmp_path, plan_path):
    result = run("flag", plan_path, "-o", tmp_path / "f.xlsx", "--as-of", "2024-06-01",
                 "--soon", "0")
    assert result.exit_code == 0
    assert read_plan(tmp_path / "f.xlsx").action_index()["CL-03"].flag == "No update"
    result = run("flag", plan_path, "--as-of", "someday")
    assert result.exit_code == 2
    assert "'someday' is not a date" in result.output


@pytest.mark.parametrize("command", ["validate", "flag"])
def test_bad_plan_is_one_line_and_exit_1(tmp_path, command):
    bad = tmp_path / "plan.xlsx"
    bad.write_text("hello")
    result = run(command, bad)
    assert result.exit_code == 1
    assert result.output == ("Error: plan.xlsx: is a text file renamed to .xlsx, not an Excel"
                             " workbook — open it in Excel or LibreOffice and save it as an"
                             " Excel Workbook (.xlsx)\n")


def test_send_merge_chase_round(tmp_path, plan_path):
    result = run("send", plan_path, "--out", tmp_path / "sent", "--due", "2024-03-08")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"15 return workbooks written to {tmp_path / 'sent'}; e-mails drafted: 15")
    sent = sorted((tmp_path / "sent").glob("*.xlsx"))
    assert len(sent) == 15 and len(list((tmp_path / "sent").glob("*.eml"))) == 15

    housing = next(p for p in sent if p.name.endswith("Housing.xlsx"))
    fill_return(housing, {"CL-01": {"Status": "complete"}})

    result = run("merge", plan_path, housing, "-o", tmp_path / "merged.xlsx", "--summary",
                 tmp_path / "summary.xlsx", "--as-of", "2024-03-15")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("Merged cleanly: 1 box applied,")
    assert read_plan(tmp_path / "merged.xlsx").action_index()["CL-01"].status == "Complete"
    assert read_plan(tmp_path / "merged.xlsx").revision == 1

    result = run("chase", plan_path, housing, "--out", tmp_path / "reminders")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"14 reminders written to {tmp_path / 'reminders'}"
    assert not any("Housing" in p.name for p in (tmp_path / "reminders").iterdir())


def test_merge_dry_run_writes_nothing(tmp_path, plan_path):
    from edi_workbook.workflow.example import RETURNS_DIR

    result = run("merge", plan_path, RETURNS_DIR, "-o", tmp_path / "merged.xlsx", "--summary",
                 tmp_path / "summary.xlsx", "--as-of", "2024-03-15", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would change CL-01 status: '' -> 'On track' (Housing)" in result.output
    assert "Dry run: nothing written." in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_merge_over_its_own_plan_keeps_a_backup(tmp_path, plan_path):
    from edi_workbook.workflow.example import RETURNS_DIR

    original = plan_path.read_bytes()
    result = run("merge", plan_path, RETURNS_DIR, "-o", plan_path, "--summary",
                 tmp_path / "summary.xlsx", "--as-of", "2024-03-15")
    assert result.exit_code == 0, result.output
    [backup] = tmp_path.glob("plan.backup-*.xlsx")
    assert backup.read_bytes() == original
    assert f"Original plan kept as {backup}" in result.output
    assert read_plan(plan_path).revision == 1


def test_merge_refuses_while_another_merge_holds_the_lock(tmp_path, plan_path):
    from edi_workbook.workflow.example import RETURNS_DIR
    from edi_workbook.workflow.lock import hold_lock

    with hold_lock(tmp_path / "merged.xlsx"):
        result = run("merge", plan_path, RETURNS_DIR, "-o", tmp_path / "merged.xlsx",
                     "--summary", tmp_path / "summary.xlsx")
    assert result.exit_code == 2  # nothing written
    assert "merged.xlsx: another merge is writing it" in result.output
    assert not (tmp_path / "merged.xlsx").exists()


def test_send_with_smtp_needs_a_sender(tmp_path, plan_path):
    result = run("send", plan_path, "--out", tmp_path, "--smtp", "localhost:25")
    assert result.exit_code == 2
    assert "--smtp needs --sender ADDR" in result.output


def test_demo_runs_the_whole_cycle(tmp_path):
    result = run("demo", "--out", tmp_path / "demo")
    assert result.exit_code == 0, result.output
    assert "Merged cleanly: 37 boxes applied" in result.output
    assert result.output.splitlines()[-1] == f"Open {tmp_path / 'demo' / 'summary.xlsx'} first."
    summary = openpyxl.load_workbook(tmp_path / "demo" / "summary.xlsx")
    assert summary.sheetnames[:2] == ["Summary", "Changes"]
    changes = list(summary["Changes"].iter_rows(values_only=True))
    assert len(changes) - 1 >= 36  # one row per cell changed, and one per file


def test_report_command(tmp_path, plan_path):
    import docx

    result = run("report", plan_path, "-o", tmp_path / "update.docx")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        f"Progress update of 25 action rows written to {tmp_path / 'update.docx'}")
    text = [p.text for p in docx.Document(tmp_path / "update.docx").paragraphs]
    assert "As a Community Leader" in text
    result = run("report", plan_path, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1
    assert "x.pdf: choose a .docx or .xlsx file name" in result.output


def test_report_options(tmp_path, plan):
    import docx

    # A status says what happens next; an action with none is given no closing sentence.
    plan.actions = [a.replace(status="On track") if a.id == "CL-06" else a for a in plan.actions]
    plan_path = write_plan(plan, tmp_path / "plan.xlsx")
    result = run("report", plan_path, "-o", tmp_path / "u.docx", "--as-of", "31/03/2024",
                 "--include", "Comments", "--include", "Type,Due")
    assert result.exit_code == 0, result.output
    doc = docx.Document(tmp_path / "u.docx")
    text = [p.text for p in doc.paragraphs]
    assert "Position as at 31 March 2024" in text
    assert "CL-01 Type: Ongoing" in text  # after the table of actions with no update
    assert any(t.endswith("in the new EDI Action Plan 2024-25.") for t in text)
    result = run("report", plan_path, "-o", tmp_path / "again.docx", "--template",
                 tmp_path / "u.docx", "--next-plan", "Equality Plan 2025")
    assert result.exit_code == 0, result.output
    text = [p.text for p in docx.Document(tmp_path / "again.docx").paragraphs]
    assert any(t.endswith("in the new Equality Plan 2025.") for t in text)


@pytest.mark.parametrize(("args", "error"), [
    (["--include", "Outcome"], "Error: the plan has no column 'Outcome' — choose from: Type,"
     " Actions, Due, Comments, Last updated, Updated by, Flag"),
    (["--as-of", "soon"], "Error: Invalid value for '--as-of': 'soon' is not a date: write it"
     " as 2024-03-31 or 31/03/2024"),
    (["--template", "{plan}"], "Error: plan.xlsx: is not a Word .docx document — pass a Word"
     " document saved as .docx (a report you restyled will do)"),
])
def test_report_errors_are_one_line(tmp_path, plan_path, args, error):
    args = [a.replace("{plan}", str(plan_path)) for a in args]
    result = run("report", plan_path, "-o", tmp_path / "u.docx", *args)
    assert result.exit_code in (1, 2)
    assert result.output.strip().splitlines()[-1] == error
    assert "Traceback" not in result.output
    assert not (tmp_path / "u.docx").exists()


def test_report_template_with_a_workbook_is_refused(tmp_path, plan_path):
    run("report", plan_path, "-o", tmp_path / "u.docx")
    result = run("report", plan_path, "-o", tmp_path / "u.xlsx", "--template",
                 tmp_path / "u.docx")
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: --template gives the Word report its styles —"
                                     " write the report to a .docx file, or leave --template"
                                     " out")


def test_rollover_then_send_and_merge(tmp_path, plan_path):
    from edi_workbook.workflow.example import RETURNS_DIR

    run("merge", plan_path, RETURNS_DIR, "-o", tmp_path / "merged.xlsx", "--summary",
        tmp_path / "summary.xlsx", "--as-of", "2024-03-15")
    result = run("rollover", tmp_path / "merged.xlsx", "-o", tmp_path / "next.xlsx",
                 "--period", "2024-25", "--as-of", "2024-04-01")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        "2 actions closed last year and left the plan: CL-04, SP-05")
    nxt = read_plan(tmp_path / "next.xlsx")
    assert (nxt.period, nxt.revision) == ("2024-25", 2)
    assert "CL-04" not in nxt.action_index()
    assert nxt.action_index()["CL-01"].status == ""
    assert nxt.action_index()["CL-01"].extra["Last year's update"].startswith(
        "2023-24: On track\nThe Housing team continue")

    # Last year's returns belong to another plan now.
    result = run("merge", tmp_path / "next.xlsx", RETURNS_DIR, "-o", tmp_path / "m2.xlsx",
                 "--summary", tmp_path / "s2.xlsx", "--as-of", "2024-05-01")
    assert result.exit_code == 1
    assert "is a return for last year's plan (2023-24), not this one (2024-25)" in result.output

    # The new plan goes round: send, fill, merge.
    run("send", tmp_path / "next.xlsx", "--out", tmp_path / "sent")
    [housing] = (tmp_path / "sent").glob("*Housing.xlsx")
    fill_return(housing, {"CL-01": {"Status": "At risk"}})
    result = run("merge", tmp_path / "next.xlsx", housing, "-o", tmp_path / "m3.xlsx",
                 "--summary", tmp_path / "s3.xlsx", "--as-of", "2024-05-01")
    assert result.exit_code == 0, result.output
    assert read_plan(tmp_path / "m3.xlsx").action_index()["CL-01"].status == "At risk"


def test_import_csv(tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text("Objective,ID,Action title,Actions,Responsible service(s),Timescale\n"
                      "As an Employer,EM-01,Staff training,Deliver it,Human Resources,"
                      "October 2024\n", encoding="utf-8")
    result = run("import", source, "-o", tmp_path / "plan.xlsx", "--period", "2024-25")
    assert result.exit_code == 0, result.output
    plan = read_plan(tmp_path / "plan.xlsx")
    assert [a.id for a in plan.actions] == ["EM-01"]
    assert plan.actions[0].timescale.due == date(2024, 10, 31)
    result = run("import", tmp_path / "plan.xlsx", "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert result.output.startswith("Error: plan.xlsx: ")


def test_python_dash_m_works():
    out = subprocess.run([sys.executable, "-m", "edi_workbook", "--help"],
                         capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.startswith("Usage: edi-workbook")


def test_progress_bar_only_for_many_files_on_a_terminal(monkeypatch, capsys):
    from edi_workbook import cli as cli_module

    wrap = cli_module._progress("Reading returns")
    few, many = list(range(3)), list(range(8))
    assert wrap(few) is few
    assert wrap(many) is many  # pytest's stdout is not a terminal
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert list(wrap(many)) == many
    assert wrap(few) is few


# --- Hostile input: shown, never obeyed (tests/fixtures/make_hostile.py) --------------

from pathlib import Path  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
from make_hostile import case as hostile_case  # noqa: E402

HOUSING_RETURN = Path(__file__).parent.parent / "examples" / "returns" / "Housing.xlsx"


def hostile(tmp_path, name):
    path = tmp_path / name
    hostile_case(name).make(path, HOUSING_RETURN.read_bytes())
    return path


def test_names_that_would_drive_the_terminal_are_printed_escaped(tmp_path, plan_path):
    for name in ("terminal-escapes.eml", "bidi-override.eml"):
        result = run("merge", plan_path, hostile(tmp_path, name), "-o", tmp_path / "m.xlsx",
                     "--summary", tmp_path / "s.xlsx", "--as-of", "2024-03-15")
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\r" not in result.output
        assert "\u202e" not in result.output and "\x08" not in result.output
    assert "read Housing\\u202egpj.xlsx (Housing)" in result.output.splitlines()
    result = run("merge", plan_path, hostile(tmp_path, "terminal-escapes.eml"),
                 "--dry-run", "-o", tmp_path / "m2.xlsx", "--summary", tmp_path / "s2.xlsx")
    assert "read \\x1b]0;pwned\\x07\\x0dHousing\\x08\\x08.xlsx (Housing)" in (
        result.output.splitlines())


def test_cells_that_would_drive_the_terminal_are_printed_escaped(tmp_path):
    result = run("import", hostile(tmp_path, "terminal-escapes.csv"), "-o", tmp_path / "p.xlsx")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "Add a lead and e-mail address on the Services sheet for: Hous\\x1b[2Jing")
    assert "\x1b" not in result.output


def test_an_error_naming_a_file_is_printed_escaped(tmp_path):
    path = tmp_path / "plan\x1b[2J.xlsx"
    path.write_bytes(b"")
    result = run("validate", path)
    assert result.exit_code == 1
    assert result.output == (
        "Error: plan\\x1b[2J.xlsx: is empty (0 bytes) — it did not save or download"
        " completely: ask for a fresh copy\n")


def _plan_with_housing(tmp_path, plan_path, **values):
    import dataclasses

    from edi_workbook.workbooks.plan_writer import write_plan

    plan = read_plan(plan_path)
    at = next(i for i, s in enumerate(plan.services) if s.name == "Housing")
    plan.services[at] = dataclasses.replace(plan.services[at], **values)
    return write_plan(plan, tmp_path / "hostile-plan.xlsx")


def test_send_refuses_a_lead_with_a_line_break_before_writing_anything(tmp_path, plan_path):
    path = _plan_with_housing(tmp_path, plan_path, lead="Jo\r\nBcc: evil@x.test")
    result = run("validate", path)
    assert result.exit_code == 1 and "hostile-plan.xlsx: 1 error" in result.output
    result = run("send", path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert result.output == (
        "Error: hostile-plan.xlsx, sheet 'Services': Housing's Lead holds a line break or a"
        " control character ('Jo\\nBcc: evil@x.test'), which cannot go in an e-mail: keep it"
        " to one line of plain text — nothing was written: correct it and send again;"
        " validate lists every problem\n")
    assert not (tmp_path / "out").exists()


def test_receipts_for_a_lead_whose_row_would_break_an_email(tmp_path, plan_path):
    # merge --receipts exited 2, "nothing was written", with the merged plan written.
    path = _plan_with_housing(tmp_path, plan_path, lead="Jo\nBcc: evil@x.test")
    result = run("merge", path, HOUSING_RETURN, "-o", tmp_path / "m.xlsx", "--summary",
                 tmp_path / "s.xlsx", "--as-of", "2024-03-15", "--receipts", tmp_path / "r")
    assert result.exit_code == 1, result.output
    assert (tmp_path / "m.xlsx").exists() and (tmp_path / "s.xlsx").exists()
    [draft] = (tmp_path / "r").iterdir()
    assert "evil@x.test" not in draft.read_text(encoding="utf-8")
    assert result.output.splitlines()[-1] == "warning: " + (
        "the receipt for Housing is not addressed as the Services sheet says, whose Lead or"
        " E-mail would break an e-mail (it has no addressee) — run validate, correct the"
        " Services sheet, and check the draft before sending it")


def test_a_link_where_a_receipt_goes_is_not_followed_and_merge_exits_1(tmp_path, plan_path):
    receipts = tmp_path / "r"
    receipts.mkdir()
    (receipts / "Receipt – Housing.eml").symlink_to(tmp_path / "outside.eml")
    result = run("merge", plan_path, HOUSING_RETURN, "-o", tmp_path / "m.xlsx", "--summary",
                 tmp_path / "s.xlsx", "--as-of", "2024-03-15", "--receipts", receipts)
    assert result.exit_code == 1  # it was 2, "nothing was written"
    assert (tmp_path / "m.xlsx").exists() and (tmp_path / "s.xlsx").exists()
    assert not (tmp_path / "outside.eml").exists()
    assert result.output.splitlines()[-1] == (
        f"Receipts not written: Receipt – Housing.eml in {receipts.resolve()} is a link to"
        " another place, which is never written through — delete the link, or give another"
        " folder; the merged plan and the summary were written — put it right and run the"
        " same merge again (from the same plan) for the receipts")


@pytest.mark.parametrize("command", ["send", "chase", "merge"])
def test_a_sender_that_would_break_the_from_line_is_refused_before_any_work(
        tmp_path, plan_path, command):
    extra = {"send": ["--out", tmp_path / "out"],
             "chase": [HOUSING_RETURN, "--out", tmp_path / "out"],
             "merge": [HOUSING_RETURN, "-o", tmp_path / "m.xlsx", "--summary",
                       tmp_path / "s.xlsx", "--receipts", tmp_path / "out"]}[command]
    result = run(command, plan_path, *extra, "--sender", "a@example.org\r\nBcc: x@y.test")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for '--sender': it holds a line break or a control character"
        " ('a@example.org\\r\\nBcc: x@y.test'), which cannot go in an e-mail: keep it to one"
        " line of plain text")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_merge_lists_an_inserted_row_s_words_and_names_no_whole_file(tmp_path, plan_path):
    """Before: Rejected had the row with an empty 'What was typed', and the last line
    said 'including 1 whole file(s)' though no file was rejected."""
    from listed import sheet_rows

    run("send", plan_path, "--out", tmp_path / "sent")
    housing = next((tmp_path / "sent").glob("*Housing.xlsx"))
    wb = openpyxl.load_workbook(housing)
    ws = wb["Return"]
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "ID")
    col = {c.value: c.column for c in ws[header]}
    row = next(r[0].row for r in ws.iter_rows(min_row=header + 1) if r[0].value == "CL-01") + 1
    ws.protection.sheet = False
    ws.insert_rows(row)
    ws.cell(row, col["Action title"]).value = "Pilot"
    ws.cell(row, col["Progress update"]).value = "SUBACTION-WORDS pilot started in May"
    wb.save(housing)

    result = run("merge", plan_path, housing, "-o", tmp_path / "merged.xlsx", "--summary",
                 tmp_path / "summary.xlsx", "--as-of", "2024-03-15")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-2:] == [
        "Merged: 0 boxes applied, 16 unchanged, 0 in conflict, 4 rejected (20 read).",
        "Needs a person: 1 thing not taken — see the Rejected sheet of the summary."]
    [rejected] = sheet_rows(tmp_path / "summary.xlsx", "Rejected")
    assert rejected["What was typed"] == (
        "Action title: Pilot\nProgress update: SUBACTION-WORDS pilot started in May")


def test_a_late_return_for_last_year_s_plan_says_so_and_lists_its_words(tmp_path, plan_path):
    """Before: 'is a return for another plan', and the lead's words were nowhere."""
    from listed import sheet_rows

    from edi_workbook.workflow.example import RETURNS_DIR

    run("send", plan_path, "--out", tmp_path / "sent")
    (tmp_path / "late").mkdir()
    late = fill_return(next((tmp_path / "sent").glob("*Housing.xlsx")),
                       {"CL-01": {"Progress update": "LATE-WORDS from March"}},
                       tmp_path / "late" / "Housing.xlsx")
    run("merge", plan_path, RETURNS_DIR / "Human Resources.xlsx", "-o", tmp_path / "merged.xlsx",
        "--summary", tmp_path / "summary.xlsx", "--as-of", "2024-03-15")
    run("rollover", tmp_path / "merged.xlsx", "-o", tmp_path / "next.xlsx", "--period", "2024-25",
        "--as-of", "2024-04-01")
    result = run("merge", tmp_path / "next.xlsx", late, "-o", tmp_path / "m2.xlsx",
                 "--summary", tmp_path / "s2.xlsx", "--as-of", "2024-05-01")
    assert result.exit_code == 1, result.output
    line = ("rejected: Housing.xlsx, sheet 'Return': is a return for last year's plan (2023-24),"
            " not this one (2024-25) — merge it into last year's plan to keep that year's"
            " record; its words are listed in the summary: copy any that still matter into"
            " this year's plan")
    assert line in result.output.splitlines()
    rejected = sheet_rows(tmp_path / "s2.xlsx", "Rejected")
    assert [(r["Action ID"], r["What was typed"]) for r in rejected] == [
        (None, None), ("CL-01", "Progress update: LATE-WORDS from March")]


def type_below_the_table(plan, sheet="Community Leader"):
    """The officer types a new action in the first free row under 'Connections to other
    plans', in the table's columns, as if the table went on there."""
    wb = openpyxl.load_workbook(plan)
    ws = wb[sheet]
    header = next(r for r in ws.iter_rows() if r[0].value == "ID")
    col = {c.value: c.column for c in header}
    row = ws.max_row + 1
    for heading, value in (("ID", "CL-11"), ("Action title", "Tenant panel"),
                           ("Responsible service(s)", "Housing"), ("Timescale", "March 2024")):
        ws.cell(row, col[heading]).value = value
    wb.save(plan)
    return row


def test_an_action_typed_below_the_table_is_named_by_validate_send_and_merge(tmp_path,
                                                                             plan_path):
    """Before: validate said 0 errors, send left it out silently, merge said 'Merged
    cleanly' and named it nowhere (and the row's cells but one were dropped)."""
    from listed import sheet_rows

    row = type_below_the_table(plan_path)
    where = f"Community Leader, row {row} (CL-11)"
    said = ("an action typed below the table, under 'Connections to other plans and"
            " strategies': it is not read as an action, so it is not sent or merged — move the"
            " row up into the table")
    result = run("validate", plan_path)
    assert result.exit_code == 1
    assert f"error: {where}: {said}" in result.output.splitlines()

    result = run("send", plan_path, "--out", tmp_path / "sent")
    assert result.exit_code == 0, result.output
    assert f"not sent: {where}: {said}" in result.output.splitlines()
    housing = openpyxl.load_workbook(next((tmp_path / "sent").glob("*Housing.xlsx")))["Return"]
    assert "CL-11" not in [c.value for c in housing["A"]]

    result = run("merge", plan_path, tmp_path / "sent", "-o", tmp_path / "merged.xlsx",
                 "--summary", tmp_path / "summary.xlsx", "--as-of", "2024-03-15")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1].startswith("Needs a person: 1 thing not taken")
    [rejected] = [r for r in sheet_rows(tmp_path / "summary.xlsx", "Rejected")
                  if r["Action ID"] == "CL-11"]
    assert (rejected["File"], rejected["Sheet"], rejected["Cell"]) == (
        "plan.xlsx", "Community Leader", f"A{row}")
    assert rejected["What was typed"] == ("ID: CL-11\nAction title: Tenant panel\n"
                                          "Responsible service(s): Housing\nTimescale: March 2024")
    # Kept in the merged plan, every cell of it, below the table still.
    ws = openpyxl.load_workbook(tmp_path / "merged.xlsx")["Community Leader"]
    kept = next(r for r in ws.iter_rows(values_only=True) if r[0] == "CL-11")
    assert [v for v in kept if v] == ["CL-11", "Tenant panel", "Housing", "March 2024"]
    assert "Tenant panel" not in read_plan(tmp_path / "merged.xlsx").objectives[0].connections


REPLACE_ADVICE = ("give another file name, or add --replace to write over it (a copy of it is"
                  " kept)")


def test_import_and_new_never_replace_an_existing_plan_silently(tmp_path, plan_path):
    """Before: `import … -o plan.xlsx` and `new plan.xlsx` replaced the plan a reader was
    following along with, without a word."""
    source = tmp_path / "tracker.csv"
    source.write_text("ID,Action title,Actions,Responsible service(s),Timescale\n"
                      "EQ-01,Staff training,Deliver it,Human Resources,October 2024\n",
                      encoding="utf-8")
    before = plan_path.read_bytes()
    said = (f"Error: plan.xlsx: already holds another plan ('EDI Action Plan 2023-24', revision"
            f" 0) — {REPLACE_ADVICE}")
    for args in (("import", source, "-o", plan_path), ("new", plan_path)):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert result.output.splitlines()[-1] == said
        assert plan_path.read_bytes() == before
    result = run("new", plan_path, "--replace")
    assert result.exit_code == 0, result.output
    [copy] = tmp_path.glob("plan.backup-*.xlsx")
    assert copy.read_bytes() == before
    assert result.output.splitlines() == [
        f"plan.xlsx was there already: a copy of it is kept as {copy}",
        f"Blank plan written to {plan_path}"]
    assert read_plan(plan_path).actions == []


def test_flag_rollover_and_report_keep_what_is_there(tmp_path, plan_path):
    other = tmp_path / "notes.docx"
    other.write_bytes(b"the officer's own notes")
    result = run("report", plan_path, "-o", other)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: notes.docx: already exists and is not a file this tool wrote — {REPLACE_ADVICE}")
    assert other.read_bytes() == b"the officer's own notes"
    # A report it wrote itself, untouched, is written again (a copy kept).
    assert run("report", plan_path, "-o", tmp_path / "r.docx").exit_code == 0
    result = run("report", plan_path, "-o", tmp_path / "r.docx")
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("r.backup-*.docx"))) == 1
    # flag -o onto the plan it reads keeps a copy; rollover never replaces a plan.
    result = run("flag", plan_path, "-o", plan_path, "--as-of", "2024-03-01")
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("plan.backup-*.xlsx"))) == 1
    result = run("rollover", plan_path, "-o", tmp_path / "r.docx", "--period", "2024-25")
    assert result.exit_code == 2
    assert "r.docx: is a progress update this tool wrote, not a plan" in result.output


def test_send_never_writes_over_a_lead_s_return_saved_in_its_folder(tmp_path, plan_path):
    folder = tmp_path / "returns"
    assert run("send", plan_path, "--out", folder).exit_code == 0
    housing = next(folder.glob("*Housing.xlsx"))
    fill_return(housing, {"CL-01": {"Progress update": "A lead's words"}})
    filled = housing.read_bytes()
    result = run("send", plan_path, "--out", folder)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"Error: {housing}: already there, and not a file this tool wrote unchanged (a lead's"
        " filled return saved over the one sent?) — move it somewhere safe, or give another"
        f" folder — nothing was written to {folder}")
    assert housing.read_bytes() == filled
    housing.unlink()  # moved somewhere safe: the rest, the tool's own, are written again
    assert run("send", plan_path, "--out", folder).exit_code == 0
