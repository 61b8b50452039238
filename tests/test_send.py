"""send_returns and chase_drafts: which files are written, where, and for whom."""

from __future__ import annotations

import email
from datetime import date
from email import policy
from pathlib import Path

import openpyxl
import pytest

from edi_workbook.core import messages as m
from edi_workbook.core.errors import OutputError
from edi_workbook.core.model import Action, Service
from edi_workbook.files import output_path
from edi_workbook.mail.send import chase_drafts, send_returns, services_with_actions
from edi_workbook.workbooks.return_reader import read_return

ISSUED = date(2024, 4, 1)
DUE = date(2024, 5, 1)


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_one_return_and_draft_per_service(tmp_path, plan):
    out = tmp_path / "out"
    issued = send_returns(plan, out, issued=ISSUED, due=DUE, sender="policy@example.org")
    names = services_with_actions(plan)
    assert [i.service for i in issued] == names
    assert len(names) == 15
    for item in issued:
        stem = f"EDI Action Plan 2023-24 – {item.service}"
        assert item.workbook == out.resolve() / f"{stem}.xlsx"
        assert item.eml == out.resolve() / f"{stem}.eml"
        assert item.warning == ""
        ret = read_return(item.workbook)
        assert ret.service == item.service and ret.plan_id == plan.plan_id
        assert [r.id for r in ret.rows] == [a.id for a in plan.actions_of_service(item.service)]
        msg = email.message_from_bytes(item.eml.read_bytes(), policy=policy.default)
        assert msg["To"].endswith(f"<{plan.service(item.service).email}>")
        assert item.service in msg["Subject"]
    assert len(files(out)) == 30
    # A shared action goes to every service responsible.
    shared = plan.action_index()["CL-08.2"]
    for name in shared.services:
        ret = read_return(out / f"EDI Action Plan 2023-24 – {name}.xlsx")
        assert "CL-08.2" in [r.id for r in ret.rows]
    ws = openpyxl.load_workbook(issued[0].workbook)["Return"]
    assert "send it back to policy@example.org by 1 May 2024." in " ".join(
        ws.cell(r, 1).value or "" for r in range(1, 10))


def test_service_without_email_gets_workbook_and_warning(tmp_path, plan):
    plan.service("ICT").email = ""
    issued = {i.service: i for i in send_returns(plan, tmp_path, issued=ISSUED, due=None)}
    ict = issued["ICT"]
    assert ict.eml is None and ict.workbook.exists()
    assert ict.warning == m.no_email("ICT", ict.workbook.name)
    assert not (tmp_path / "EDI Action Plan 2023-24 – ICT.eml").exists()


def test_service_with_no_actions_gets_nothing(tmp_path, plan):
    plan.services.append(Service("Parks", email="parks@example.org"))
    issued = send_returns(plan, tmp_path, issued=ISSUED, due=DUE)
    assert "Parks" not in [i.service for i in issued]
    assert not any("Parks" in n for n in files(tmp_path))


def test_hostile_service_names_stay_inside_out_dir(tmp_path, plan):
    out = tmp_path / "deep" / "out"
    plan.services += [Service("../../evil", email="evil@example.org"),
                      Service("CON", email="con@example.org")]
    plan.actions.append(Action("SP-90", "SP", "Evil", services=["../../evil"]))
    plan.actions.append(Action("SP-91", "SP", "Device", services=["CON"]))
    plan.title = "CON"
    issued = {i.service: i for i in send_returns(plan, out, issued=ISSUED, due=DUE)}
    for item in (issued["../../evil"], issued["CON"]):
        assert item.workbook.parent == out.resolve()
        assert item.eml.parent == out.resolve()
        assert read_return(item.workbook).service == item.service
    assert issued["CON"].workbook.name == "CON – CON.xlsx"
    everything = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert all(p.parent == out for p in everything)
    assert not any("evil" in p.name and p.parent != out for p in tmp_path.rglob("*"))


def test_output_path_refuses_to_leave_folder(tmp_path, monkeypatch):
    assert output_path(tmp_path, "CON", ".xlsx", set()).name == "_CON.xlsx"
    taken: set[str] = set()
    assert output_path(tmp_path, "a/b", ".xlsx", taken).name == "a b.xlsx"
    assert output_path(tmp_path, "a b", ".xlsx", taken).name == "a b (2).xlsx"
    assert output_path(tmp_path, "..", "", set()).parent == tmp_path.resolve()
    # Should the name-cleaning ever let a path through, the guard still stops it.
    monkeypatch.setattr("edi_workbook.files.safe_file_stem", lambda stem: stem)
    with pytest.raises(OutputError) as info:
        output_path(tmp_path, "../evil", ".xlsx", set())
    assert str(info.value) == m.outside_folder("../evil", tmp_path.resolve())


def test_send_by_smtp(tmp_path, plan, smtp_inbox):
    port, received = smtp_inbox
    issued = send_returns(plan, tmp_path, issued=ISSUED, due=DUE,
                          sender="policy@example.org", smtp=("127.0.0.1", port))
    assert len(received) == 15
    assert all(i.eml is None for i in issued)
    assert not list(tmp_path.glob("*.eml"))
    assert {r for e in received for r in e.rcpt_tos} == {s.email for s in plan.services}


def test_smtp_needs_a_sender(tmp_path, plan):
    from edi_workbook.core.errors import EdiWorkbookError

    with pytest.raises(EdiWorkbookError) as info:
        send_returns(plan, tmp_path, issued=ISSUED, due=DUE, smtp=("127.0.0.1", 1))
    assert str(info.value) == m.NEEDS_SENDER


def test_chase_only_services_not_returned(tmp_path, plan):
    sent = {i.service: i for i in send_returns(plan, tmp_path / "sent", issued=ISSUED,
                                                due=DUE)}
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    other = plan.replace(plan_id="another-plan")
    other_ret = send_returns(other, tmp_path / "other", issued=ISSUED, due=DUE)
    returns = [sent["Housing"].workbook, sent["ICT"].workbook, junk,
               next(i.workbook for i in other_ret if i.service == "Museums")]
    chased = chase_drafts(plan, returns, tmp_path / "chase", sender="policy@example.org",
                          due=date(2024, 5, 15), issued=date(2024, 5, 2))
    names = [i.service for i in chased]
    assert "Housing" not in names and "ICT" not in names
    assert "Museums" in names  # a return for another plan does not count
    assert len(names) == 13
    for item in chased:
        msg = email.message_from_bytes(item.eml.read_bytes(), policy=policy.default)
        assert msg["Subject"].startswith("Reminder: ")
        assert msg["Subject"].endswith("now due 15 May 2024")
        assert "15 May 2024" in msg.get_body(("plain",)).get_content()
        assert read_return(item.workbook).issued == date(2024, 5, 2)


def test_an_action_with_no_service_stops_send(tmp_path, plan):
    from edi_workbook.core.errors import EdiWorkbookError

    plan.actions.append(Action("O1-01", "CL", title="Publish the statement"))
    plan.actions.append(Action("", "CL", title="No ID either"))
    with pytest.raises(EdiWorkbookError) as info:
        send_returns(plan, tmp_path / "out", issued=date(2024, 2, 19), due=None)
    assert str(info.value) == m.no_lead_to_send(2, "O1-01, ?")
    assert not (tmp_path / "out").exists()


# --- Refused before anything is written; what was written said exactly -----------------

import dataclasses  # noqa: E402
import socket  # noqa: E402

from edi_workbook.core.errors import EdiWorkbookError, PlanError  # noqa: E402
from edi_workbook.mail.drafts import send_messages  # noqa: E402


def with_housing(plan, **values):
    at = next(i for i, s in enumerate(plan.services) if s.name == "Housing")
    plan.services[at] = dataclasses.replace(plan.services[at], **values)
    return plan


@pytest.mark.parametrize("values", [
    {"lead": "Jo\nBcc: evil@x.test"},
    {"email": "housing@example.org, evil@x.test"},
    {"deputy_email": "dep1@example.org; dep2@example.org"},
    {"lead": "J" * 20_000},
])
@pytest.mark.parametrize("command", ["send", "chase"])
def test_a_value_that_would_break_an_email_stops_send_before_anything_is_written(
        tmp_path, plan, values, command):
    out = tmp_path / "out"
    with_housing(plan, **values)
    with pytest.raises(PlanError) as caught:
        if command == "send":
            send_returns(plan, out, issued=ISSUED, due=DUE, source=tmp_path / "plan.xlsx")
        else:
            chase_drafts(plan, [], out, sender="", due=DUE, issued=ISSUED,
                         source=tmp_path / "plan.xlsx")
    assert not out.exists()
    error = caught.value
    assert (error.sheet, error.advice) == ("Services", m.NOTHING_SENT_FIX)
    assert str(error).startswith("plan.xlsx, sheet 'Services': Housing's ")


def test_a_title_with_a_line_break_stops_send(tmp_path, plan):
    plan.title = "EDI Plan\nBcc: evil@x.test"
    with pytest.raises(EdiWorkbookError, match="^About: the plan's title holds a line break"):
        send_returns(plan, tmp_path / "out", issued=ISSUED, due=DUE)
    assert not (tmp_path / "out").exists()


def test_a_sender_of_two_addresses_stops_send(tmp_path, plan):
    with pytest.raises(EdiWorkbookError, match="the sender .--sender. holds more than one"):
        send_returns(plan, tmp_path / "out", issued=ISSUED, due=DUE,
                     sender="a@example.org, b@example.org")


def test_writing_stopped_part_way_says_exactly_what_was_written(tmp_path, plan, monkeypatch):
    from edi_workbook.workbooks import return_writer

    out = tmp_path / "out"
    out.mkdir()
    # The disk fills up as the third service's workbook is written (a folder in its place
    # is refused before anything is written: see test_cli).
    third = services_with_actions(plan)[2]
    real = return_writer.write_return

    def disk_full(plan, service, path, *args, **kwargs):
        if service == third:
            raise OSError(28, "No space left on device", str(path))
        return real(plan, service, path, *args, **kwargs)

    monkeypatch.setattr(return_writer, "write_return", disk_full)
    with pytest.raises(OutputError) as caught:
        send_returns(plan, out, issued=ISSUED, due=DUE)
    written = sorted(p.name for p in out.iterdir() if p.is_file())
    assert len(written) == 4  # two services: a workbook and a draft each
    assert str(caught.value).endswith(
        f" — stopped part way: 4 files written to {out} (" + "; ".join(written)
        + "), the rest not: put it right and run it again")


class _Refusing:
    """An SMTP server that refuses one address, as a real one refuses an unknown user."""

    def __init__(self) -> None:
        self.received: list = []

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address.startswith("evil"):
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.append(envelope)
        return "250 OK"


@pytest.fixture
def refusing_server():
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = _Refusing()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, handler.received
    finally:
        controller.stop()


def _message(to: str, header_line: int = 0):
    from email.message import EmailMessage

    message = EmailMessage(policy=policy.SMTP.clone(max_line_length=100_000))
    message["From"] = "policy@example.org"
    message["To"] = to
    message["Subject"] = "Your return"
    if header_line:
        message["X-Long"] = "y" * header_line
    message.set_content("Attached.")
    return message


def test_a_message_the_server_refuses_is_named_with_its_reply_and_the_rest_are_sent(
        refusing_server):
    port, received = refusing_server
    with pytest.raises(OutputError) as caught:
        send_messages([_message("a@example.org"), _message("evil@x.test"),
                       _message("b@example.org", header_line=20_000),
                       _message("c@example.org")], "127.0.0.1", port)
    assert sorted(r for e in received for r in e.rcpt_tos) == ["a@example.org",
                                                                "c@example.org"]
    # It was "check the server, port, user name and password".
    assert str(caught.value) == (
        "2 of 4 e-mails sent; the server refused these (to evil@x.test: 550 5.1.1 no such"
        " user here; to b@example.org: 500 Line too long (see RFC5321 4.5.3.1.6)) — check"
        " those leads' names and addresses on the Services sheet, or write drafts instead")


def test_send_by_smtp_says_the_workbooks_are_written_when_a_lead_is_refused(
        tmp_path, plan, refusing_server):
    port, received = refusing_server
    with_housing(plan, email="evil@x.test")
    with pytest.raises(OutputError) as caught:
        send_returns(plan, tmp_path, issued=ISSUED, due=DUE, sender="policy@example.org",
                     smtp=("127.0.0.1", port))
    assert len(received) == 14
    assert "14 of 15 e-mails sent" in str(caught.value)
    assert str(caught.value).endswith(f"(the 15 return workbooks are written to {tmp_path})")


def test_no_server_is_one_line(tmp_path, plan):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here now
    with pytest.raises(OutputError, match=f"^could not send e-mail through 127.0.0.1:{port}"):
        send_messages([_message("a@example.org")], "127.0.0.1", port)


def test_a_link_planted_where_an_output_goes_is_named_as_a_link(tmp_path):
    (tmp_path / "elsewhere.eml").write_text("not yours")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "Receipt – Housing.eml").symlink_to(tmp_path / "elsewhere.eml")
    with pytest.raises(OutputError) as caught:
        output_path(tmp_path / "out", "Receipt – Housing", ".eml", set())
    # It said "take slashes and dots out of the name on the Services sheet".
    assert str(caught.value) == m.output_is_a_link("Receipt – Housing.eml",
                                                   (tmp_path / "out").resolve())
    assert (tmp_path / "elsewhere.eml").read_text() == "not yours"
