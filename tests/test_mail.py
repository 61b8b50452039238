"""E-mail drafts and sending through a real (local) SMTP server."""

from __future__ import annotations

import email
import socket
from datetime import date
from email import policy
from pathlib import Path

import pytest

from edi_workbook.core import messages as m
from edi_workbook.core.errors import OutputError
from edi_workbook.core.model import Plan, Service
from edi_workbook.mail.drafts import draft_email, send_messages, write_eml
from edi_workbook.workbooks.return_writer import write_return

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every envelope it receives."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield inbox, controller.hostname, controller.port
    finally:
        controller.stop()


@pytest.fixture
def attachment(tmp_path: Path, plan: Plan) -> Path:
    return write_return(plan, "Human Resources", tmp_path / "EDI – Human Resources.xlsx",
                        issued=date(2024, 4, 1), due=date(2024, 5, 1))


@pytest.fixture
def hr(plan: Plan) -> Service:
    service = plan.service("HR")
    service.lead = "Sam Patel"
    service.deputy_email = "deputy.hr@example.org"
    return service


def test_draft_headers_body_and_attachment(plan, hr, attachment):
    msg = draft_email(plan, hr, attachment, due=date(2024, 5, 1), sender="policy@example.org")
    assert msg["Subject"] == ("EDI Action Plan 2023-24: your return for Human Resources, due"
                              " 1 May 2024")
    assert msg["To"] == "Sam Patel <human.resources@example.org>"
    assert msg["Cc"] == "deputy.hr@example.org"
    assert msg["From"] == "policy@example.org"
    body = msg.get_body(("plain",)).get_content()
    assert body.startswith("Dear Sam Patel,")
    assert "by 1 May 2024 to policy@example.org" in body
    assert "Status" in body and "Progress update" in body and "Revised timescale" in body
    assert f"{len(plan.actions_of_service('Human Resources'))} actions your service" in body
    (part,) = list(msg.iter_attachments())
    assert part.get_content_type() == XLSX
    assert part.get_filename() == attachment.name
    assert part.get_content() == attachment.read_bytes()


def test_reminder_without_deputy_or_due(plan, attachment):
    ict = plan.service("ICT")
    msg = draft_email(plan, ict, attachment, due=None, sender="", reminder=True)
    assert msg["Subject"] == "Reminder: EDI Action Plan 2023-24: your return for ICT"
    assert msg["Cc"] is None and msg["From"] is None
    body = msg.get_body(("plain",)).get_content()
    assert "not yet received" in body and "as soon as you can" in body


def test_write_eml_parses_back(tmp_path, plan, hr, attachment):
    msg = draft_email(plan, hr, attachment, due=date(2024, 5, 1), sender="policy@example.org")
    path = write_eml(msg, tmp_path / "out" / "hr.eml")
    data = path.read_bytes()
    assert b"\r\n" in data and b"X-Unsent: 1" in data
    back = email.message_from_bytes(data, policy=policy.default)
    assert back["Subject"] == msg["Subject"]
    (part,) = list(back.iter_attachments())
    assert part.get_filename() == attachment.name
    assert part.get_content() == attachment.read_bytes()


def test_send_through_smtp_server(smtp_server, plan, hr, attachment):
    inbox, host, port = smtp_server
    ict = plan.service("ICT")
    messages = [draft_email(plan, s, attachment, due=date(2024, 5, 1),
                            sender="policy@example.org") for s in (hr, ict)]
    send_messages(messages, host, port)
    assert len(inbox.envelopes) == 2
    first, second = inbox.envelopes
    assert first.mail_from == "policy@example.org"
    assert sorted(first.rcpt_tos) == ["deputy.hr@example.org", "human.resources@example.org"]
    assert second.rcpt_tos == ["ict@example.org"]
    received = email.message_from_bytes(first.content, policy=policy.default)
    assert received["Subject"].endswith("your return for Human Resources, due 1 May 2024")
    assert received["X-Unsent"] is None
    (part,) = list(received.iter_attachments())
    assert part.get_content() == attachment.read_bytes()


def test_send_failure_is_one_clear_error(plan, hr, attachment):
    msg = draft_email(plan, hr, attachment, due=None, sender="policy@example.org")
    port = free_port()
    with pytest.raises(OutputError) as info:
        send_messages([msg], "127.0.0.1", port)
    refused = info.value.__context__  # what the connection raised
    assert isinstance(refused, OSError)
    assert str(info.value) == m.could_not_send("127.0.0.1", port, refused)


def test_nothing_to_send_opens_no_connection():
    send_messages([], "host.invalid", 25)  # would fail if it tried to connect
