"""E-mails a busy lead reads in ten seconds: what is wanted, and by when, in the subject
and the first line; dates written out (8 March 2024, as GOV.UK writes them); one action
is "the action", not "the 1 action"; a receipt is a reply to the lead's own message and
ends with what, if anything, is still needed.

Each message is written as the officer gets it (send, chase, merge --receipts through
CliRunner) and read back from the .eml file.
"""

from __future__ import annotations

import email
import re
import shutil
from email import policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from edi_workbook.cli import cli
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow.example import RETURNS_DIR, example_plan

MESSAGES = Path(__file__).parent / "fixtures" / "messages"
SLASHED = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def read(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=policy.default)


def body(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def paragraphs(message) -> list[str]:
    return [p for p in body(message).split("\n\n") if p.strip()]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    found = tmp_path_factory.mktemp("mail")
    write_plan(example_plan(), found / "plan.xlsx")
    return found


@pytest.fixture(scope="module")
def sent(folder) -> dict[str, email.message.EmailMessage]:
    out = folder / "sent"
    result = CliRunner().invoke(cli, ["send", str(folder / "plan.xlsx"), "--out", str(out),
                                      "--due", "2024-03-08", "--sender", "edi@example.org"])
    assert result.exit_code == 0, result.output
    return {p.stem.split(" – ")[-1]: read(p) for p in out.glob("*.eml")}


@pytest.fixture(scope="module")
def reminders(folder) -> dict[str, email.message.EmailMessage]:
    out = folder / "reminders"
    result = CliRunner().invoke(cli, ["chase", str(folder / "plan.xlsx"), str(RETURNS_DIR),
                                      "--out", str(out), "--as-of", "2024-03-15"])
    assert result.exit_code == 0, result.output
    return {p.stem.split(" – ")[-1]: read(p) for p in out.glob("*.eml")}


def test_the_due_date_is_in_the_subject_and_the_first_line(sent):
    """It was in the fourth paragraph, and not in the subject."""
    ict = sent["ICT"]
    assert ict["Subject"] == "EDI Action Plan 2023-24: your return for ICT, due 8 March 2024"
    assert paragraphs(ict)[0] == "Dear Placeholder name,"
    assert paragraphs(ict)[1].startswith(
        "Please send back the attached ICT return for the EDI Action Plan 2023-24 (Maidstone"
        " Borough Council) by 8 March 2024.")


def test_dates_are_written_out(sent, reminders):
    for message in [*sent.values(), *reminders.values()]:
        assert not SLASHED.search(body(message)), body(message)
        assert not SLASHED.search(message["Subject"])
    assert "by 8 March 2024 to edi@example.org" in body(sent["Housing"])


def test_one_action_is_the_action_not_the_1_action(sent):
    assert "the 1 action" not in body(sent["ICT"])
    assert "It lists the action your service is responsible for" in body(sent["ICT"])
    assert "It lists the 4 actions your service is responsible for" in body(sent["Housing"])


def test_a_reminder_says_the_missed_date_and_the_new_one_first(reminders):
    museums = reminders["Museums"]
    assert museums["Subject"] == ("Reminder: EDI Action Plan 2023-24: your return for Museums,"
                                  " now due 22 March 2024")
    assert paragraphs(museums)[1].startswith(
        "We have not yet received the Museums return for the EDI Action Plan 2023-24, which"
        " was due on 8 March 2024: please send it by 22 March 2024.")


def merge_with_receipts(tmp_path: Path, returns: Path, *extra: str):
    plan = write_plan(example_plan(), tmp_path / "plan.xlsx")
    return CliRunner().invoke(cli, [
        "merge", str(plan), str(returns), "-o", str(tmp_path / "merged.xlsx"), "--summary",
        str(tmp_path / "summary.xlsx"), "--as-of", "2024-03-15", "--receipts",
        str(tmp_path / "receipts"), *extra])


@pytest.mark.parametrize("name", ["one-return.eml", "one-return.msg"])
def test_a_receipt_replies_to_the_leads_own_message(tmp_path, name):
    """No From, no In-Reply-To or References: the reply did not join the lead's thread."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(MESSAGES / name, inbox / name)
    result = merge_with_receipts(tmp_path, inbox)
    assert result.exit_code == 0, result.output
    receipt = read(tmp_path / "receipts" / "Receipt – Housing.eml")
    # From: the address the lead wrote to, as no --sender was given.
    assert receipt["From"].addresses[0].addr_spec == "policy.officer@example.org"
    assert receipt["In-Reply-To"] == "<202403041015.housing@example.org>"
    assert receipt["References"] == "<202403041015.housing@example.org>"
    assert receipt["Subject"] == "RE: EDI Action Plan 2023-24: your return"


def test_a_receipt_keeps_the_threads_earlier_references(tmp_path):
    source = email.message_from_bytes((MESSAGES / "one-return.eml").read_bytes(),
                                      policy=policy.default)
    source["References"] = "<first@example.org> <second@example.org>"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "reply.eml").write_bytes(source.as_bytes())
    result = merge_with_receipts(tmp_path, inbox, "--sender", "edi@example.org")
    assert result.exit_code == 0, result.output
    receipt = read(tmp_path / "receipts" / "Receipt – Housing.eml")
    assert receipt["From"] == "edi@example.org"  # --sender wins
    assert receipt["References"] == (
        "<first@example.org> <second@example.org> <202403041015.housing@example.org>")


def test_a_receipt_ends_with_what_is_still_needed_or_that_nothing_is(tmp_path):
    result = merge_with_receipts(tmp_path, RETURNS_DIR)
    assert result.exit_code == 0, result.output
    receipts = {p.stem.removeprefix("Receipt – "): read(p)
                for p in (tmp_path / "receipts").glob("*.eml")}
    housing = paragraphs(receipts["Housing"])
    # Housing answered every one of its open actions.
    assert housing[1].startswith("Thank you for your return: 11 changes from it are now in"
                                 " the plan.")
    assert housing[1].endswith("Nothing more is needed from you this round.")
    assert housing[-2] == "Nothing more is needed from you this round."
    analytics = paragraphs(receipts["Data Analytics"])
    assert "Still needed from you: an update on 1 action, listed at the end." in analytics[1]
    assert analytics[-2].startswith("Still needed from you:\n- CL-10 ")
    # A receipt by hand (no e-mail came in): no thread to join, and no From but --sender's.
    assert receipts["Housing"]["In-Reply-To"] is None


def test_a_receipt_always_ends_with_what_is_needed():
    from edi_workbook.core.receipts import NOTHING_ELSE, SEND_AGAIN, Receipt

    def last(receipt: Receipt) -> str:
        return receipt.body("Jo").rstrip().split("\n\n")[-2]

    refused = Receipt("Housing", "Sam", "s@example.org", "Re: x", "H.xlsx",
                      not_taken=["CL-01, Status: status 'Nearly' is not in the list"])
    assert last(refused) == NOTHING_ELSE
    unread = Receipt("Housing", "Sam", "s@example.org", "Re: x", "H.ods",
                     whole_file="is an OpenDocument spreadsheet — save it as .xlsx")
    assert last(unread) == SEND_AGAIN
