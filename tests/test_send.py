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
    assert "Please return by 1 May 2024 to policy@example.org." in [
        ws.cell(r, 1).value for r in range(1, 10)]


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
