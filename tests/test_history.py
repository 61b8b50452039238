"""The plan remembers (issue 12): history across rounds, versions of a return, files
already merged, decisions that do not depend on order, each service's own words.

Every case is built from real files: the example plan written by write_plan,
returns written by send and typed into with openpyxl as a lead's Excel would,
merged with merge_files, and the outputs read back with openpyxl.
"""

from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from listed import sheet_rows

from edi_workbook.cli import cli
from edi_workbook.core import messages as m
from edi_workbook.core.merge import ALREADY_MERGED
from edi_workbook.core.validate import validate_plan
from edi_workbook.mail.send import chase_drafts, send_returns
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workbooks.return_reader import saved_time
from edi_workbook.workflow.example import example_plan, fill_return
from edi_workbook.workflow.merging import merge_files

ROUND_1 = date(2024, 2, 19)
ROUND_2 = date(2024, 5, 20)
HOUSING, RB = "Housing", "Revenues and Benefits"


def saved_at(path: Path, when: datetime) -> Path:
    """Set the file's own saved time (docProps/core.xml), as Excel does when it saves."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "docProps/core.xml":
                text = data.decode()
                start = text.index(">", text.index("<dcterms:modified")) + 1
                end = text.index("</dcterms:modified>")
                data = (text[:start] + f"{when:%Y-%m-%dT%H:%M:%SZ}" + text[end:]).encode()
            dst.writestr(item, data)
    tmp.replace(path)
    return path


def issue(plan_path: Path, folder: Path, issued: date) -> dict[str, Path]:
    """Send the plan's returns out: service -> the workbook as sent."""
    return {i.service: i.workbook for i in send_returns(read_plan(plan_path), folder,
                                                         issued=issued, due=None)}


def fill(sent: Path, out: Path, edits: dict, when: datetime | None = None) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    fill_return(sent, edits, out)
    return saved_at(out, when) if when else out


def merge(plan: Path, returns: list[Path], out: Path, as_of: date):
    return merge_files(plan, returns, output=out / "merged.xlsx", summary=out / "summary.xlsx",
                       as_of=as_of).result


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return write_plan(example_plan(), tmp_path / "plan.xlsx")


def test_history_is_kept_across_three_rounds_and_notes_never_vanish(tmp_path, plan_path):
    sent = issue(plan_path, tmp_path / "sent1", ROUND_1)
    r1 = fill(sent[HOUSING], tmp_path / "in1" / "Housing.xlsx",
              {"CL-01": {"Status": "On track"}})
    merge(plan_path, [r1], tmp_path / "m1", date(2024, 3, 15))
    plan1 = tmp_path / "m1" / "merged.xlsx"

    sent = issue(plan1, tmp_path / "sent2", ROUND_2)
    r2 = fill(sent[HOUSING], tmp_path / "in2" / "Housing.xlsx",
              {"CL-01": {"Progress update": "Second advisor recruited"}})
    merge(plan1, [r2], tmp_path / "m2", date(2024, 6, 14))
    plan2 = tmp_path / "m2" / "merged.xlsx"

    third = merge(plan2, [], tmp_path / "m3", date(2024, 9, 13))  # nothing came back
    plan3 = tmp_path / "m3" / "merged.xlsx"
    assert third.applied == [] and third.plan.revision == 3

    history = sheet_rows(plan3, "History")
    assert [(h["Revision"], h["ID"], h["Field"], h["Old value"], h["New value"],
             h["Service"], h["File"]) for h in history] == [
        (2, "CL-01", "Progress update", None, "Second advisor recruited", HOUSING,
         "Housing.xlsx"),
        (1, "CL-01", "Status", None, "On track", HOUSING, "Housing.xlsx")]
    assert history[0]["Round"].date() == ROUND_2 and history[1]["Round"].date() == ROUND_1
    assert history[0]["Date"].date() == date(2024, 6, 14)
    ws = openpyxl.load_workbook(plan3)["History"]
    assert ws.auto_filter.ref.startswith("A1:")  # filter by action or service
    # Round 1's note is still on the Status cell two merges later.
    cl = openpyxl.load_workbook(plan3)["Community Leader"]
    header = next(r for r in cl.iter_rows() if r[0].value == "ID")
    col = {c.value: c.column for c in header}
    row = next(r[0].row for r in cl.iter_rows(min_row=header[0].row + 1)
               if r[0].value == "CL-01")
    status_note = cl.cell(row, col["Status"]).comment.text
    assert "15/03/2024, revision 1: Housing changed it from '(blank)' to 'On track'" in status_note
    assert "Second advisor recruited" in cl.cell(row, col["Progress update"]).comment.text
    log = sheet_rows(plan3, "Returns log")
    assert [(r["Service"], r["Merged in revision"], r["Applied"]) for r in log] == [
        (HOUSING, 2, 1), (HOUSING, 1, 1)]


def test_a_corrected_second_version_replaces_the_first_in_one_merge(tmp_path, plan_path):
    """v1 has a wrong comment; v2, saved later, has not. "Housing v2.xlsx" sorts before
    "Housing.xlsx", so name order would apply v1 last: saved time decides."""
    sent = issue(plan_path, tmp_path / "sent", ROUND_1)
    v1 = fill(sent[HOUSING], tmp_path / "in" / "Housing.xlsx",
              {"CL-01": {"Comments": "Wrong comment", "Status": "On track"}},
              datetime(2024, 3, 1, 10, 0))
    v2 = fill(sent[HOUSING], tmp_path / "in" / "Housing v2.xlsx",
              {"CL-01": {"Status": "On track"}}, datetime(2024, 3, 2, 9, 0))
    outputs = []
    for n, order in enumerate(([v1, v2], [v2, v1], [tmp_path / "in"])):
        result = merge(plan_path, order, tmp_path / f"m{n}", date(2024, 3, 15))
        merged = read_plan(tmp_path / f"m{n}" / "merged.xlsx").action_index()["CL-01"]
        assert (merged.comments, merged.status) == ("", "On track")
        assert not result.needs_attention
        files = sheet_rows(tmp_path / f"m{n}" / "summary.xlsx", "Files")
        by_name = {f["File"]: f for f in files}
        assert by_name["Housing v2.xlsx"]["Detail"] == m.second_version(
            HOUSING, "02/03/2024 09:00")
        assert by_name["Housing.xlsx"]["Detail"] == m.replaced_by_newer("02/03/2024 09:00")
        outputs.append(read_plan(tmp_path / f"m{n}" / "merged.xlsx"))
    assert outputs[0].actions == outputs[1].actions == outputs[2].actions


def test_a_second_version_in_a_later_merge_removes_what_it_removes(tmp_path, plan_path):
    sent = issue(plan_path, tmp_path / "sent", ROUND_1)
    v1 = fill(sent[HOUSING], tmp_path / "in1" / "Housing.xlsx",
              {"CL-01": {"Comments": "Wrong comment", "Progress update": "First words"}},
              datetime(2024, 3, 1, 10, 0))
    merge(plan_path, [v1], tmp_path / "m1", date(2024, 3, 10))
    v2 = fill(sent[HOUSING], tmp_path / "in2" / "Housing v2.xlsx",
              {"CL-01": {"Progress update": "First words, corrected"}},
              datetime(2024, 3, 12, 16, 30))
    result = merge(tmp_path / "m1" / "merged.xlsx", [v2], tmp_path / "m2", date(2024, 3, 15))
    merged = read_plan(tmp_path / "m2" / "merged.xlsx").action_index()["CL-01"]
    assert (merged.comments, merged.progress) == ("", "First words, corrected")
    assert result.conflicts == [] and not result.needs_attention
    [outcome] = result.files
    assert outcome.detail == m.second_version(HOUSING, "12/03/2024 16:30")
    # An older version turning up afterwards is not merged over the newer one.
    late = merge(tmp_path / "m2" / "merged.xlsx", [v1], tmp_path / "m3", date(2024, 3, 20))
    assert late.applied == []
    assert late.files[0].outcome == ALREADY_MERGED


def test_last_rounds_file_in_the_folder_is_recognised_not_merged_again(tmp_path, plan_path):
    folder = tmp_path / "returns"
    sent = issue(plan_path, tmp_path / "sent1", ROUND_1)
    fill(sent[HOUSING], folder / "Housing.xlsx", {"CL-01": {"Comments": "Wrong comment"}})
    merge(plan_path, [folder], tmp_path / "m1", date(2024, 3, 15))
    # The officer deletes the wrong comment by hand in the merged plan.
    plan = read_plan(tmp_path / "m1" / "merged.xlsx")
    plan.action_index()["CL-01"].comments = ""
    corrected = write_plan(plan, tmp_path / "corrected.xlsx")
    # Next round: Revenues and Benefits replies into the same folder.
    sent = issue(corrected, tmp_path / "sent2", ROUND_2)
    fill(sent[RB], folder / "Revenues and Benefits.xlsx", {"CL-02": {"Status": "On track"}})

    result = CliRunner().invoke(cli, [
        "merge", str(corrected), str(folder), "-o", str(tmp_path / "m2" / "merged.xlsx"),
        "--summary", str(tmp_path / "m2" / "summary.xlsx"), "--as-of", "2024-06-14"])
    assert result.exit_code == 0, result.output
    assert "Housing.xlsx: already merged, in revision 1 on 15/03/2024" in result.output
    merged = read_plan(tmp_path / "m2" / "merged.xlsx").action_index()
    assert merged["CL-01"].comments == ""  # not put back
    assert merged["CL-02"].status == "On track"
    not_returned = [r["Service"] for r in sheet_rows(tmp_path / "m2" / "summary.xlsx",
                                                     "Not returned")]
    assert HOUSING in not_returned and RB not in not_returned
    # ... so Housing is chased for this round, with a copy that belongs to it.
    drafts = chase_drafts(read_plan(tmp_path / "m2" / "merged.xlsx"), sorted(folder.iterdir()),
                          tmp_path / "chase", sender="", due=None, issued=date(2024, 6, 20))
    assert HOUSING in {d.service for d in drafts} and RB not in {d.service for d in drafts}
    from edi_workbook.workbooks.return_reader import read_return

    copy = read_return(next(d.workbook for d in drafts if d.service == HOUSING))
    assert copy.round_sent == ROUND_2 and copy.issued == date(2024, 6, 20)


def test_returns_given_in_any_order_make_the_same_plan_and_summary(tmp_path, plan_path):
    sent = issue(plan_path, tmp_path / "sent", ROUND_1)
    a = fill(sent[HOUSING], tmp_path / "in" / "A.xlsx", {"CL-02": {"Status": "On track"}})
    b = fill(sent[RB], tmp_path / "in" / "B.xlsx", {"CL-02": {"Status": "At risk"}})
    results = [merge(plan_path, order, tmp_path / f"m{n}", date(2024, 3, 15))
               for n, order in enumerate(([a, b], [b, a]))]
    for result in results:
        assert result.plan.action_index()["CL-02"].status == ""  # neither applied
        [conflict] = result.conflicts
        assert [(p.service, p.value) for p in conflict.proposals] == [
            (HOUSING, "On track"), (RB, "At risk")]

    def values(path: Path) -> dict:
        wb = openpyxl.load_workbook(path)
        return {ws.title: [[v for v in r if not isinstance(v, datetime)]
                           for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}

    assert values(tmp_path / "m0" / "merged.xlsx") == values(tmp_path / "m1" / "merged.xlsx")
    assert values(tmp_path / "m0" / "summary.xlsx") == values(tmp_path / "m1" / "summary.xlsx")
    conflicts = sheet_rows(tmp_path / "m0" / "summary.xlsx", "Conflicts")
    assert [(c["Service"], c["They said"]) for c in conflicts] == [
        (HOUSING, "On track"), (RB, "At risk")]


def test_a_leads_bracketed_words_are_kept_whole_and_shown_back(tmp_path, plan_path):
    typed = "[Revenues and Benefits] to add the leaflet to bills"
    sent = issue(plan_path, tmp_path / "sent", ROUND_1)
    r1 = fill(sent[HOUSING], tmp_path / "in" / "Housing.xlsx",
              {"CL-02": {"Progress update": typed}})
    result = CliRunner().invoke(cli, [
        "merge", str(plan_path), str(r1), "-o", str(tmp_path / "m" / "merged.xlsx"),
        "--summary", str(tmp_path / "m" / "summary.xlsx"), "--as-of", "2024-03-15"])
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().splitlines()[-1].startswith("Merged cleanly: 1 box applied")
    updates = sheet_rows(tmp_path / "m" / "merged.xlsx", "Service updates")
    assert [(u["ID"], u["Service"], u["Progress update"]) for u in updates] == [
        ("CL-02", HOUSING, typed)]
    # Next round Housing is shown its own words, whole.
    sent = issue(tmp_path / "m" / "merged.xlsx", tmp_path / "sent2", ROUND_2)
    ws = openpyxl.load_workbook(sent[HOUSING])["_return"]
    assert typed in [c.value for r in ws.iter_rows() for c in r]


def test_a_plan_written_by_the_previous_version_is_converted_once(tmp_path):
    old = Path(__file__).parent / "fixtures" / "plans" / "merged-plan-schema-1.xlsx"
    plan = read_plan(old)
    cl02 = plan.action_index()["CL-02"]
    assert cl02.progress == ""
    assert cl02.updates[HOUSING].progress.startswith("Housing and the CAB have undertaken")
    assert cl02.updates[RB].progress.startswith("The Welfare Officer role supports")
    again = read_plan(write_plan(plan, tmp_path / "new.xlsx"))
    assert again.action_index()["CL-02"].updates == cl02.updates
    assert again.action_index()["CL-02"].progress == ""
    assert again.actions == plan.actions


def test_an_edited_history_and_log_still_read_and_validate_reports_what_is_wrong(
        tmp_path, plan_path):
    sent = issue(plan_path, tmp_path / "sent", ROUND_1)
    r1 = fill(sent[HOUSING], tmp_path / "in" / "Housing.xlsx",
              {"CL-01": {"Status": "On track", "Progress update": "Words",
                         "Comments": "More"}})
    merge(plan_path, [r1], tmp_path / "m1", date(2024, 3, 15))
    merged = tmp_path / "m1" / "merged.xlsx"
    wb = openpyxl.load_workbook(merged)
    ws = wb["History"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    rows.sort(key=lambda r: str(r[4]))  # sorted by field, by hand
    rows[0][1] = "two"  # revision retyped
    rows.pop()  # a row deleted
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c).value = value
    ws.delete_rows(len(rows) + 2, 5)
    wb["Returns log"].cell(2, 6).value = "?"
    wb.save(merged)

    plan = read_plan(merged)
    assert len(plan.history) == 2
    assert [c.problem != "" for c in plan.history] == [False, True]  # kept, at the end
    problems = [(p.where.split(" (")[0], p.message) for p in validate_plan(plan)]
    assert ("History", m.history_without_revision("two")) in problems
    assert ("Returns log", m.log_without_revision("?")) in problems
    rewritten = read_plan(write_plan(plan, tmp_path / "again.xlsx"))
    assert [c.raw for c in rewritten.history if c.problem] != []
    assert len(rewritten.history) == 2 and len(rewritten.returns_log) == 1


def test_history_survives_a_libreoffice_resave_of_the_plan(tmp_path, plan_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: .ci/run installs it")
    import subprocess

    sent = issue(plan_path, tmp_path / "sent", ROUND_1)
    r1 = fill(sent[HOUSING], tmp_path / "in" / "Housing.xlsx", {"CL-01": {"Status": "On track"}})
    merge(plan_path, [r1], tmp_path / "m1", date(2024, 3, 15))
    out = tmp_path / "lo"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "xlsx", "--outdir", str(out),
                    str(tmp_path / "m1" / "merged.xlsx")], check=True, capture_output=True,
                   timeout=180)
    plan = read_plan(out / "merged.xlsx")
    assert [(c.action_id, c.field, c.new) for c in plan.history] == [
        ("CL-01", "Status", "On track")]
    assert plan.returns_log[0].content_hash
    again = merge(out / "merged.xlsx", [r1], tmp_path / "m2", date(2024, 3, 20))
    assert again.files[0].outcome == ALREADY_MERGED


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab é\t\n\u00a0\u2003", max_size=400))
def test_a_note_shows_a_text_on_one_line_cut_at_80(text: str) -> None:
    """_short looks at a long text's start only; what it gives is the whole text's."""
    from edi_workbook.core.history import _short

    whole = " ".join(text.split())
    assert _short(text) == (f"'{whole}'" if len(whole) <= 80 else f"'{whole[:79]}…'")




# --- shared actions when the officer changes their services (nothing lost, proven) ----

PCE = "Policy, Communities and Engagement"


def officer_sets(plan: Path, action_id: str, heading: str, value: str) -> Path:
    """The officer types into the plan's own objective sheet in Excel."""
    wb = openpyxl.load_workbook(plan)
    for ws in wb.worksheets:
        header = next((r for r in ws.iter_rows(max_row=60) if r[0].value == "ID"), None)
        if header is None:
            continue
        col = {c.value: c.column for c in header}
        for row in ws.iter_rows(min_row=header[0].row + 1):
            if row[0].value == action_id:
                ws.cell(row[0].row, col[heading]).value = value
                wb.save(plan)
                return plan
    raise AssertionError(action_id)


def last_update(sent: Path, action_id: str) -> str | None:
    ws = openpyxl.load_workbook(sent)["Return"]
    header = next(r for r in ws.iter_rows() if r[0].value == "ID")
    col = {c.value: c.column - 1 for c in header}
    row = next(r for r in ws.iter_rows(min_row=header[0].row + 1, values_only=True)
               if r[0] == action_id)
    return row[col["Last update"]]


def objective_cell(plan: Path, action_id: str, heading: str) -> str:
    rows = list(openpyxl.load_workbook(plan)["Community Leader"].iter_rows(values_only=True))
    header = next(r for r in rows if r[0] == "ID")
    row = next(r for r in rows if r[0] == action_id)
    return row[header.index(heading)]


def three_services_wrote_on_cl02(tmp_path: Path, plan_path: Path) -> Path:
    sent = issue(plan_path, tmp_path / "sent1", ROUND_1)
    returns = [fill(sent[s], tmp_path / "in1" / f"{s}.xlsx",
                    {"CL-02": {"Progress update": f"{s} r1"}}) for s in (HOUSING, RB, PCE)]
    merge(plan_path, returns, tmp_path / "m1", date(2024, 3, 15))
    return tmp_path / "m1" / "merged.xlsx"


@pytest.mark.parametrize("services, last_updates, cell", [
    # Before: Housing's round-2 return showed all three services' words as its own Last
    # update, and Housing's new words replaced all three on the objective sheet.
    (HOUSING, {HOUSING: "Housing r1"}, f"Housing: Housing r2\n\n{PCE}: {PCE} r1\n\n{RB}: {RB} r1"),
    # Before: the round-2 returns showed an empty Last update, and the merge wrote
    # 'Housing: ...r1 ... Housing: ...r2' while Service updates lost the other two.
    (f"{PCE}; {RB}; {HOUSING}", {HOUSING: "Housing r1", RB: f"{RB} r1", PCE: f"{PCE} r1"},
     f"{PCE}: {PCE} r1\n\n{RB}: {RB} r1\n\nHousing: Housing r2"),
], ids=["a service taken off", "services reordered"])
def test_a_shared_actions_services_changed_keep_each_services_own_words(
        tmp_path, plan_path, services, last_updates, cell):
    """The officer takes services off a shared action, or reorders them: each service's
    words stay its own, on its return, on the objective sheet and on Service updates."""
    plan1 = officer_sets(three_services_wrote_on_cl02(tmp_path, plan_path), "CL-02",
                         "Responsible service(s)", services)
    sent = issue(plan1, tmp_path / "sent2", ROUND_2)
    assert {s: last_update(sent[s], "CL-02") for s in last_updates} == last_updates
    r2 = fill(sent[HOUSING], tmp_path / "in2" / "Housing.xlsx",
              {"CL-02": {"Progress update": "Housing r2"}})
    result = merge(plan1, [r2], tmp_path / "m2", date(2024, 6, 14))
    assert not result.needs_attention
    plan2 = tmp_path / "m2" / "merged.xlsx"
    assert objective_cell(plan2, "CL-02", "Progress update") == cell
    updates = {(u["ID"], u["Service"]): u["Progress update"]
               for u in sheet_rows(plan2, "Service updates")}
    assert updates == {("CL-02", HOUSING): "Housing r2", ("CL-02", RB): f"{RB} r1",
                       ("CL-02", PCE): f"{PCE} r1"}


# --- versions: as issued, and saved in the same minute ----------------------------


def changes_for(summary: Path, action_id: str) -> list[tuple]:
    return [(c["Action ID"], c["Column"], c["New value"])
            for c in sheet_rows(summary, "Changes") if c["Action ID"] == action_id]


def test_the_drafts_in_the_returns_folder_never_undo_a_lead_s_return(tmp_path, plan_path):
    """Before: each .eml draft's attachment (the workbook as issued) was a 'newer version'
    of the lead's filled file saved over the sent one, and replaced it: EM-01's update
    vanished from the merged plan though Changes listed it as applied, twice."""
    folder = tmp_path / "returns"
    run = CliRunner().invoke(cli, ["send", str(plan_path), "--out", str(folder)])
    assert run.exit_code == 0, run.output
    housing = next(folder.glob("*Housing.xlsx"))
    sent_at = saved_time(housing)
    fill_return(housing, {"EM-01": {"Progress update": "EM-01 lead progress"}})
    # Saved in the same minute as the drafts' attachments, whose order by time then
    # cannot be trusted (a second earlier here, so the draft looked newer).
    saved_at(housing, sent_at - timedelta(seconds=1))
    result = CliRunner().invoke(cli, [
        "merge", str(plan_path), str(folder), "-o", str(tmp_path / "merged.xlsx"),
        "--summary", str(tmp_path / "summary.xlsx"), "--as-of", "2024-03-15"])
    assert result.exit_code in (0, 1), result.output
    em01 = read_plan(tmp_path / "merged.xlsx").action_index()["EM-01"]
    assert em01.updates[HOUSING].progress == "EM-01 lead progress"
    assert changes_for(tmp_path / "summary.xlsx", "EM-01") == [
        ("EM-01", "Progress update (Housing)", "EM-01 lead progress")]


def test_a_version_as_issued_never_replaces_one_with_changes(tmp_path, plan_path):
    sent = issue(plan_path, tmp_path / "sent", ROUND_1)
    filled = fill(sent[HOUSING], tmp_path / "in" / "Housing.xlsx",
                  {"CL-01": {"Progress update": "Filled in"}}, datetime(2024, 3, 1, 10, 0))
    # The lead opens the workbook as sent again later and saves it, typing nothing.
    untouched = fill(sent[HOUSING], tmp_path / "in" / "Housing (1).xlsx", {},
                     datetime(2024, 3, 2, 9, 0))
    result = merge(plan_path, [filled, untouched], tmp_path / "m1", date(2024, 3, 15))
    assert read_plan(tmp_path / "m1" / "merged.xlsx").action_index()["CL-01"].progress == (
        "Filled in")
    assert changes_for(tmp_path / "m1" / "summary.xlsx", "CL-01") == [
        ("CL-01", "Progress update", "Filled in")]
    by_name = {f["File"]: f for f in sheet_rows(tmp_path / "m1" / "summary.xlsx", "Files")}
    assert by_name["Housing (1).xlsx"]["What happened"] == "as issued"
    assert by_name["Housing (1).xlsx"]["Detail"] == (
        "the workbook as it was sent, with nothing typed in it: passed over, as Housing's"
        " version with words in it (Housing.xlsx, saved 01/03/2024 10:00) is taken")
    assert not result.needs_attention
    # ... and in a later merge too, after the version with words was merged.
    later = merge(tmp_path / "m1" / "merged.xlsx", [untouched], tmp_path / "m2",
                  date(2024, 3, 20))
    assert later.applied == [] and later.files[0].outcome == "as issued"
    assert read_plan(tmp_path / "m2" / "merged.xlsx").action_index()["CL-01"].progress == (
        "Filled in")


def test_two_versions_saved_in_the_same_minute_never_drop_either_s_words(tmp_path, plan_path):
    sent = issue(plan_path, tmp_path / "sent", ROUND_1)
    a = fill(sent[HOUSING], tmp_path / "in" / "Housing.xlsx",
             {"CL-01": {"Progress update": "WORDS-A"}, "CL-04": {"Comments": "only in A"}},
             datetime(2024, 3, 1, 10, 0, 10))
    b = fill(sent[HOUSING], tmp_path / "in" / "Housing copy.xlsx",
             {"CL-01": {"Progress update": "WORDS-B"}, "EM-01": {"Status": "On track"}},
             datetime(2024, 3, 1, 10, 0, 50))
    for n, order in enumerate(([a, b], [b, a])):
        result = merge(plan_path, order, tmp_path / f"m{n}", date(2024, 3, 15))
        plan = read_plan(tmp_path / f"m{n}" / "merged.xlsx").action_index()
        assert plan["CL-04"].updates[HOUSING].comments == "only in A"
        assert plan["EM-01"].status == "On track"
        [conflict] = result.conflicts
        assert sorted((p.value, p.source.name) for p in conflict.proposals) == [
            ("WORDS-A", "Housing.xlsx"), ("WORDS-B", "Housing copy.xlsx")]
        assert result.needs_attention
        by_name = {f["File"]: f for f in sheet_rows(tmp_path / f"m{n}" / "summary.xlsx",
                                                    "Files")}
        assert by_name["Housing copy.xlsx"]["Detail"] == (
            "saved within a minute of Housing.xlsx (01/03/2024 10:00): which is newer cannot"
            " be told, so neither replaces the other; where they differ, both are listed as"
            " conflicts")


def test_a_version_saved_within_a_minute_of_one_merged_before_is_not_taken_as_newer(
        tmp_path, plan_path):
    sent = issue(plan_path, tmp_path / "sent", ROUND_1)
    a = fill(sent[HOUSING], tmp_path / "in1" / "Housing.xlsx",
             {"CL-01": {"Progress update": "WORDS-A"}}, datetime(2024, 3, 1, 10, 0, 10))
    merge(plan_path, [a], tmp_path / "m1", date(2024, 3, 10))
    b = fill(sent[HOUSING], tmp_path / "in2" / "Housing.xlsx",
             {"CL-04": {"Comments": "only in B"}}, datetime(2024, 3, 1, 10, 0, 40))
    result = merge(tmp_path / "m1" / "merged.xlsx", [b], tmp_path / "m2", date(2024, 3, 15))
    plan = read_plan(tmp_path / "m2" / "merged.xlsx").action_index()
    assert plan["CL-01"].progress == "WORDS-A"  # not taken out by B
    assert plan["CL-04"].updates[HOUSING].comments == "only in B"
    assert result.conflicts == []


def test_a_history_cell_saved_with_windows_line_ends_reads_as_any_other():
    """A History or Returns log cell holding "\\r\\n" (saved on Windows) is read with "\\n",
    as every other cell is: the fast path for plain text kept the "\\r"."""
    from edi_workbook.core.schema import HISTORY_HEADERS
    from edi_workbook.workbooks.plan_reader import read_history

    row = ["2024-03-15", 1, "2024-03-15", "CL-01", "Progress update", "",
           "First line.\r\nSecond line. ", "Housing", "Housing.xlsx", "R1"]
    [change] = read_history([list(HISTORY_HEADERS), row[:len(HISTORY_HEADERS)]])
    assert change.new == "First line.\nSecond line."
    assert not change.problem
