"""Close the e-mail loop (issue 16): returns straight from saved e-mails, a receipt to each lead.

The messages are the ones tests/fixtures/make_messages.py builds around the
example round's real returns; they are merged into the example plan as an
officer would, from a folder they saved them to.
"""

from __future__ import annotations

import email
import shutil
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner
from listed import sheet_rows

from edi_workbook.cli import cli
from edi_workbook.core.schema import RETURN_HEADERS
from edi_workbook.mail.send import chase_drafts
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow.example import example_plan
from edi_workbook.workflow.gather import gather_returns
from edi_workbook.workflow.merging import merge_files

MESSAGES = Path(__file__).parent / "fixtures" / "messages"
AS_OF = "2024-03-15"


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return write_plan(example_plan(), tmp_path / "plan.xlsx")


def inbox(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(MESSAGES / name, folder / name)
    return folder


def merge(plan_path: Path, tmp_path: Path, *args: str | Path):
    return CliRunner().invoke(cli, ["merge", str(plan_path), *map(str, args), "-o",
                                    str(tmp_path / "merged.xlsx"), "--summary",
                                    str(tmp_path / "summary.xlsx"), "--as-of", AS_OF])


def drafts(folder: Path) -> dict[str, email.message.EmailMessage]:
    return {p.name: email.message_from_bytes(p.read_bytes(), policy=policy.default)
            for p in sorted(folder.glob("*.eml"))}


@pytest.mark.parametrize("name", ["one-return.eml", "forwarded.eml", "octet-stream.eml",
                                  "one-return.msg", "forwarded.msg", "msg-attached.eml"])
def test_a_saved_reply_is_merged_as_the_return_it_carries(tmp_path, plan_path, name):
    result = merge(plan_path, tmp_path, inbox(tmp_path, name))
    assert result.exit_code == 0, result.output
    merged = read_plan(tmp_path / "merged.xlsx").action_index()
    assert merged["CL-01"].status == "On track"  # what the Housing lead typed
    files = sheet_rows(tmp_path / "summary.xlsx", "Files")
    [housing] = [f for f in files if f["Service"] == "Housing"]
    assert housing["What happened"] == "merged"
    assert name in housing["Came in"]  # the summary names the message beside the attachment
    log = sheet_rows(tmp_path / "merged.xlsx", "Returns log")
    assert log[0]["File"].startswith(f"{name} → ")


def test_a_reply_with_two_returns_gives_two(tmp_path, plan_path):
    result = merge(plan_path, tmp_path, MESSAGES / "two-returns.eml")
    assert result.exit_code == 0, result.output
    services = {f["Service"] for f in sheet_rows(tmp_path / "summary.xlsx", "Files")}
    assert {"Housing", "Revenues and Benefits"} <= services
    merged = read_plan(tmp_path / "merged.xlsx").action_index()
    assert merged["CL-02"].updates["Revenues and Benefits"].progress


@pytest.mark.parametrize("name", ["link-only.eml", "link-only.msg", "winmail.eml",
                                  "wrong-format.eml", "no-attachment.eml", "not-a-message.eml"])
def test_a_reply_that_cannot_be_merged_is_listed_and_merge_exits_1(tmp_path, plan_path, name):
    result = merge(plan_path, tmp_path, inbox(tmp_path, name))
    assert result.exit_code == 1, result.output
    rejected = sheet_rows(tmp_path / "summary.xlsx", "Rejected")
    # The message, or the attachment or link in it: "reply.eml → Housing.xlsx", never a "cell".
    mine = [r for r in rejected if r["File"] == name or r["File"].startswith(f"{name} → ")]
    assert mine and all(r["Cell"] is None for r in mine), rejected
    if name.startswith("link-only"):
        [row] = mine
        assert row["File"] == f"{name} → EDI Action Plan 2023-24 – Housing.xlsx"
        assert row["Reason"].startswith("the reply holds a link") and row["Reason"].endswith(
            "not the workbook")
        assert row["What was typed"].startswith("https://")  # where the workbook is
        assert "download" in row["What to do"]


def test_the_messages_are_never_changed(tmp_path, plan_path):
    folder = inbox(tmp_path, "one-return.eml", "one-return.msg", "link-only.eml")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    merge(plan_path, tmp_path, folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_receipts_tell_each_lead_what_was_taken_what_was_not_and_what_is_still_expected(
        tmp_path, plan_path):
    folder = inbox(tmp_path, "one-return.eml")
    result = CliRunner().invoke(cli, [
        "merge", str(plan_path), str(folder), "-o", str(tmp_path / "merged.xlsx"),
        "--summary", str(tmp_path / "summary.xlsx"), "--as-of", AS_OF,
        "--receipts", str(tmp_path / "receipts"), "--sender", "edi.plan@maidstone.gov.uk"])
    assert result.exit_code == 0, result.output
    assert "Receipts for the leads: 1 draft in" in result.output
    [(name, message)] = drafts(tmp_path / "receipts").items()
    assert name == "Receipt – Housing.eml"
    plan = example_plan()
    housing = plan.service("Housing")
    assert message["To"].addresses[0].addr_spec == housing.email
    assert message["X-Unsent"] == "1"
    assert message["Subject"].lower().startswith("re: ")  # a reply to the lead's own e-mail
    body = message.get_content()
    assert "Thank you for your return" in body
    assert "Taken into the plan from " in body
    assert "- CL-01, Status: “On track”" in body
    # Housing updated all four of its actions: nothing is still expected of it.
    assert "Still needed" not in body
    assert "Nothing more is needed from you this round." in body
    # Signed as every e-mail to a lead is: the plan owner, job title, council, address.
    assert body.rstrip().splitlines()[-4:] == [
        "Placeholder name", "Placeholder job title", "Maidstone Borough Council",
        "edi.plan@maidstone.gov.uk"]


def test_a_receipt_explains_a_conflict_and_a_rejected_cell(tmp_path, plan_path):
    from datetime import date

    from edi_workbook.mail.send import send_returns
    from edi_workbook.workflow.example import fill_return

    sent = {i.service: i.workbook for i in send_returns(
        read_plan(plan_path), tmp_path / "sent", issued=date(2024, 2, 19), due=None)}
    folder = tmp_path / "in"
    folder.mkdir()
    fill_return(sent["Housing"], {"CL-02": {"Status": "On track"},
                                  "CL-01": {"Status": "Nearly there"}}, folder / "H.xlsx")
    fill_return(sent["Revenues and Benefits"], {"CL-02": {"Status": "At risk"}},
                folder / "RB.xlsx")
    result = CliRunner().invoke(cli, [
        "merge", str(plan_path), str(folder), "-o", str(tmp_path / "merged.xlsx"),
        "--summary", str(tmp_path / "summary.xlsx"), "--as-of", AS_OF,
        "--receipts", str(tmp_path / "receipts")])
    assert result.exit_code == 1, result.output
    housing = drafts(tmp_path / "receipts")["Receipt – Housing.eml"].get_content()
    assert ("CL-02, Status: you said “On track”, but Revenues and Benefits said “At risk”;"
            " the plan owner will decide") in housing
    status = chr(ord("A") + RETURN_HEADERS.index("Status"))
    assert f"CL-01, Status, cell {status}" in housing
    assert "status 'Nearly there' is not in the list" in housing
    assert "(you typed “Nearly there”)" in housing
    waiting = housing.split("Still needed from you:\n")[-1]
    assert "- CL-04" in waiting and "a progress update" in waiting


def test_receipts_can_be_sent_through_smtp(tmp_path, plan_path, smtp_inbox):
    port, received = smtp_inbox
    result = CliRunner().invoke(cli, [
        "merge", str(plan_path), str(MESSAGES / "two-returns.eml"), "-o",
        str(tmp_path / "merged.xlsx"), "--summary", str(tmp_path / "summary.xlsx"),
        "--as-of", AS_OF, "--smtp", f"127.0.0.1:{port}",
        "--sender", "edi.plan@maidstone.gov.uk"])
    assert result.exit_code == 0, result.output
    plan = example_plan()
    assert sorted(r for e in received for r in e.rcpt_tos) == sorted(
        [plan.service("Housing").email, plan.service("Revenues and Benefits").email])
    sent = email.message_from_bytes(received[0].content, policy=policy.default)
    assert "X-Unsent" not in sent and "Thank you for your return" in sent.get_content()


def test_chase_counts_returns_that_came_as_e_mails(tmp_path, plan_path):
    folder = inbox(tmp_path, "one-return.eml", "two-returns.eml")
    files = gather_returns([folder]).inputs
    chased = {d.service for d in chase_drafts(read_plan(plan_path), files, tmp_path / "chase",
                                              sender="", due=None)}
    assert "Housing" not in chased and "Revenues and Benefits" not in chased
    assert "Human Resources" in chased


def test_merge_files_keeps_who_sent_each_return_for_the_receipts(tmp_path, plan_path):
    outcome = merge_files(plan_path, [MESSAGES / "one-return.eml"],
                          output=tmp_path / "m.xlsx", summary=tmp_path / "s.xlsx",
                          as_of=__import__("datetime").date(2024, 3, 15))
    [(path, (name, address, subject))] = outcome.senders.items()
    assert path.parent.name == "one-return.eml" and path.suffix == ".xlsx"
    assert address and "@" in address and subject
