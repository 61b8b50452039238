"""Saved e-mails as returns: the messages built by tests/fixtures/make_messages.py.

Each fixture carries real returns (the workbooks `send` writes, filled in as
in examples/returns.toml), so every return found is read back with
read_return and checked against what the lead typed.
"""

from __future__ import annotations

import hashlib
import os
import sys
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from edi_workbook.core import messages as m
from edi_workbook.core.errors import EdiWorkbookError, MessageError, WorkbookError
from edi_workbook.core.limits import MessageLimits
from edi_workbook.mail.inbox import (
    Envelope,
    Trouble,
    extract_returns,
    is_message,
    read_message,
)
from edi_workbook.workbooks.return_reader import read_return
from edi_workbook.workflow.example import example_plan

FIXTURES = Path(__file__).parent / "fixtures"
sys.path.insert(0, str(FIXTURES))
from make_messages import (  # noqa: E402
    ASSISTANT,
    EXPECTED,
    FORWARDED,
    GUIDANCE,
    HOUSING,
    HOUSING_NAME,
    LINK,
    ONEDRIVE,
    PLAN_TITLE,
    REVENUES_NAME,
    SENT,
    XLSX_TYPE,
)

CORPUS = FIXTURES / "messages"
SUBJECT = f"RE: {PLAN_TITLE}: your return"
HOUSING_ENVELOPE = Envelope(HOUSING, "housing@example.org", SUBJECT, SENT)
ASSISTANT_ENVELOPE = Envelope(ASSISTANT, "team.assistant@example.org", f"FW: {SUBJECT}",
                              FORWARDED)
# What the Housing lead typed (examples/returns.toml), to know a return is the real one.
HOUSING_CL01 = ("On track", "The Housing team continue to develop the OneView system.")


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def eml(tmp_path: Path, name: str, attachments=(), text: str = "Return attached.") -> Path:
    """A reply from the Housing lead with `attachments` as (file name, bytes, type)."""
    msg = EmailMessage(policy=policy.default)
    msg["From"] = HOUSING
    msg["To"] = "policy.officer@example.org"
    msg["Subject"] = SUBJECT
    msg["Date"] = "Mon, 04 Mar 2024 10:15:00 +0000"
    msg.set_content(text)
    for filename, data, ctype in attachments:
        main, sub = ctype.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=filename)
    path = tmp_path / name
    path.write_bytes(msg.as_bytes())
    return path


@pytest.fixture(scope="module")
def housing_bytes() -> bytes:
    """The Housing return inside one-return.eml, as the lead sent it."""
    return read_message(CORPUS / "one-return.eml").returns[0].data


def test_corpus_is_complete():
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if "error" not in EXPECTED[n]))
def test_each_message_gives_its_returns_and_trouble(tmp_path, name):
    path = CORPUS / name
    before = digests(CORPUS)
    unpacked = extract_returns(path, tmp_path / "out")
    assert digests(CORPUS) == before  # the saved messages are only read
    expected = EXPECTED[name]
    found = []
    for extracted in unpacked.returns:
        assert extracted.path.parent == (tmp_path / "out").resolve()
        ret = read_return(extracted.path)
        assert ret.plan_id == example_plan().plan_id
        found.append((ret.service, extracted.provenance.attachment, extracted.provenance.sender))
    assert found == expected["returns"]
    assert [u.kind.value for u in unpacked.unusable] == expected["trouble"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        e.path.name for e in unpacked.returns)
    for problem in unpacked.unusable:
        assert problem.message == path
        assert problem.reason and problem.advice
        assert problem.line().startswith(f"{name}: {problem.reason}")


@pytest.mark.parametrize("name", ["one-return.eml", "one-return.msg"])
def test_provenance_of_a_reply(tmp_path, name):
    unpacked = extract_returns(CORPUS / name, tmp_path)
    assert unpacked.envelope == HOUSING_ENVELOPE
    [extracted] = unpacked.returns
    prov = extracted.provenance
    assert prov.message == CORPUS / name
    assert prov.envelope == HOUSING_ENVELOPE
    assert (prov.sender, prov.address, prov.subject, prov.date) == (
        HOUSING, "housing@example.org", SUBJECT, datetime(2024, 3, 4, 10, 15, tzinfo=UTC))
    assert prov.attachment == HOUSING_NAME
    assert extracted.path == tmp_path.resolve() / HOUSING_NAME
    assert os.stat(extracted.path).st_mtime == SENT.timestamp()
    row = next(r for r in read_return(extracted.path).rows if r.id == "CL-01")
    assert row.values["status"] == HOUSING_CL01[0]
    assert row.values["progress"].startswith(HOUSING_CL01[1])
    assert prov.describe() == (f"in {name}: '{SUBJECT}' from {HOUSING}, 4 March 2024 10:15")


@pytest.mark.parametrize("name", ["forwarded.eml", "forwarded.msg", "msg-attached.eml"])
def test_a_forwarded_reply_names_the_lead_and_the_forwarder(tmp_path, name):
    message = read_message(CORPUS / name)
    assert message.envelope == ASSISTANT_ENVELOPE
    [found] = message.returns
    assert found.provenance.envelope == HOUSING_ENVELOPE
    assert found.provenance.attachment == HOUSING_NAME
    assert found.data[:4] == b"PK\x03\x04"


def test_forwarded_as_the_same_bytes_as_sent(housing_bytes):
    for name in ("forwarded.eml", "forwarded.msg", "msg-attached.eml", "one-return.msg"):
        assert read_message(CORPUS / name).returns[0].data == housing_bytes


def test_two_returns_with_names_encoded_both_ways(tmp_path):
    unpacked = extract_returns(CORPUS / "two-returns.eml", tmp_path)
    names = [e.provenance.attachment for e in unpacked.returns]
    assert names == [HOUSING_NAME, REVENUES_NAME]  # RFC 2231, then RFC 2047
    assert [e.path.name for e in unpacked.returns] == names
    services = [read_return(e.path).service for e in unpacked.returns]
    assert services == ["Housing", "Revenues and Benefits"]
    revenues = read_return(unpacked.returns[1].path)
    assert revenues.rows[0].id == "CL-02" and revenues.rows[0].values["status"] == "on track"


def test_wrong_content_type_and_name_decided_by_the_zip(tmp_path):
    unpacked = extract_returns(CORPUS / "octet-stream.eml", tmp_path)
    [extracted] = unpacked.returns
    assert extracted.provenance.attachment == "ATT00001.bin"
    assert extracted.path.name == "ATT00001.xlsx"
    assert read_return(extracted.path).service == "Housing"


@pytest.mark.parametrize("name", ["link-only.eml", "link-only.msg"])
def test_cloud_attachment_is_listed_with_its_link(name):
    message = read_message(CORPUS / name)
    assert message.returns == []
    [link] = message.unusable  # the guidance link the officer sent is not listed
    assert link.kind is Trouble.LINK
    assert link.url == LINK
    assert link.item == HOUSING_NAME
    assert link.envelope == HOUSING_ENVELOPE
    assert link.reason == m.holds_link_to(HOUSING_NAME)
    assert link.advice == m.DOWNLOAD_FROM_LINK
    assert link.line() == (f"{name}: {link.reason} ({LINK}) — {m.DOWNLOAD_FROM_LINK}")


def test_a_link_typed_in_the_reply_is_listed():
    [link] = read_message(CORPUS / "typed-link.eml").unusable
    assert (link.kind, link.url, link.item, link.reason) == (
        Trouble.LINK, ONEDRIVE, "", m.HOLDS_LINK)


def test_a_link_beside_a_workbook_is_not_listed(tmp_path, housing_bytes):
    path = eml(tmp_path, "both.eml", [(HOUSING_NAME, housing_bytes, XLSX_TYPE)],
               text=f"Attached; a copy is also at {ONEDRIVE}")
    message = read_message(path)
    assert len(message.returns) == 1 and message.unusable == []


def test_a_link_only_in_the_quoted_message_is_not_the_reply():
    message = read_message(CORPUS / "no-attachment.eml")
    [problem] = message.unusable
    assert (problem.kind, problem.reason, problem.advice) == (
        Trouble.NO_WORKBOOK, m.NO_WORKBOOK, m.ASK_FOR_ATTACHMENT)
    assert GUIDANCE not in problem.line()


def test_winmail_dat_is_listed():
    [problem] = read_message(CORPUS / "winmail.eml").unusable
    assert (problem.kind, problem.item, problem.reason, problem.advice) == (
        Trouble.WINMAIL, "winmail.dat", m.WINMAIL, m.SAVE_FROM_OUTLOOK)


def test_wrong_formats_are_listed_and_a_card_is_skipped_quietly():
    message = read_message(CORPUS / "wrong-format.eml")
    ods, csv = message.unusable
    assert ods.kind is Trouble.WRONG_FORMAT and ods.item == f"{PLAN_TITLE} – Housing.ods"
    assert ods.reason == m.attachment_is(ods.item, m.ODS_FILE)
    assert ods.advice == m.SAVE_ODS_AS_XLSX
    assert csv.item == "Housing.csv" and csv.advice == m.SEND_THE_WORKBOOK
    assert message.skipped == ["Housing Lead.vcf"]


def test_pictures_are_skipped_quietly():
    message = read_message(CORPUS / "one-return.eml")
    assert message.skipped == ["image001.png"] and message.unusable == []


def test_old_excel_and_xlsb_are_listed(tmp_path):
    path = eml(tmp_path, "old.eml", [("Housing.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 600,
                                      "application/vnd.ms-excel"),
                                     ("Housing.xlsb", b"PK\x03\x04", "application/octet-stream")])
    reasons = [(u.kind, u.reason, u.advice) for u in read_message(path).unusable]
    assert reasons == [
        (Trouble.WRONG_FORMAT, m.attachment_is("Housing.xls", m.OLD_XLS), m.SAVE_AS_XLSX),
        (Trouble.WRONG_FORMAT, m.attachment_is("Housing.xlsb", m.XLSB), m.SAVE_AS_XLSX)]


def test_a_damaged_xlsx_is_still_handed_on_for_the_merge_to_explain(tmp_path):
    path = eml(tmp_path, "cut.eml", [("Housing.xlsx", b"PK\x03\x04 cut off", XLSX_TYPE)])
    unpacked = extract_returns(path, tmp_path / "out")
    [extracted] = unpacked.returns
    assert extracted.path.read_bytes() == b"PK\x03\x04 cut off"
    with pytest.raises(WorkbookError) as caught:
        read_return(extracted.path)
    assert caught.value.reason == m.DAMAGED


@pytest.mark.parametrize("name", ["not-a-message.eml", "not-a-message.msg"])
def test_not_a_message_is_one_clear_error(name):
    with pytest.raises(MessageError) as caught:
        read_message(CORPUS / name)
    error = caught.value
    assert isinstance(error, EdiWorkbookError)
    assert (error.reason, error.advice) == (m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN)
    assert str(error) == f"{name}: {m.NOT_A_MESSAGE} — {m.SAVE_MESSAGE_AGAIN}"


@pytest.mark.parametrize("content, reason", [
    (b"", m.EMPTY_FILE),
    (b"Dear officer, here is our update.\n", m.NOT_A_MESSAGE),
    (b"%PDF-1.7\n", m.NOT_A_MESSAGE),
    (b"Subject-less text: but no headers we know\n\nbody", m.NOT_A_MESSAGE),
])
def test_files_that_are_not_messages(tmp_path, content, reason):
    path = tmp_path / "reply.eml"
    path.write_bytes(content)
    with pytest.raises(MessageError) as caught:
        read_message(path)
    assert caught.value.reason == reason


def test_a_cut_off_msg_is_damaged(tmp_path):
    data = (CORPUS / "one-return.msg").read_bytes()
    path = tmp_path / "cut.msg"
    path.write_bytes(data[:1600])
    with pytest.raises(MessageError) as caught:
        read_message(path)
    assert caught.value.reason == m.DAMAGED_MESSAGE


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(MessageError) as caught:
        read_message(tmp_path / "gone.msg")
    assert caught.value.reason == m.FILE_NOT_FOUND
    with pytest.raises(MessageError) as caught:
        read_message(tmp_path)
    assert caught.value.reason == m.IS_A_FOLDER_NOT_MESSAGE


def test_is_message():
    assert is_message(Path("RE return.eml")) and is_message(Path("Reply.MSG"))
    assert not is_message(Path("Housing.xlsx")) and not is_message(Path("eml"))


# --- Caps and safety -----------------------------------------------------------


def test_forwarding_deeper_than_the_limit_is_listed():
    message = read_message(CORPUS / "forwarded.eml", MessageLimits(depth=0))
    assert message.returns == []
    [problem] = message.unusable
    assert (problem.kind, problem.reason) == (Trouble.TOO_DEEP, m.forwarded_too_deep(0))
    assert read_message(CORPUS / "forwarded.msg", MessageLimits(depth=0)).unusable[0].kind is (
        Trouble.TOO_DEEP)
    assert len(read_message(CORPUS / "forwarded.msg", MessageLimits(depth=1)).returns) == 1


def test_too_many_attachments_are_listed_once():
    message = read_message(CORPUS / "two-returns.eml", MessageLimits(attachments=1))
    assert [r.provenance.attachment for r in message.returns] == [HOUSING_NAME]
    assert [(u.kind, u.reason) for u in message.unusable] == [
        (Trouble.TOO_MANY, m.too_many_attachments(1))]


def test_attachments_past_the_byte_cap_are_not_read(housing_bytes):
    cap = len(housing_bytes) + 10
    message = read_message(CORPUS / "two-returns.eml", MessageLimits(attachment_bytes=cap))
    assert [r.provenance.attachment for r in message.returns] == [HOUSING_NAME]
    [problem] = message.unusable
    assert problem.kind is Trouble.TOO_LARGE and problem.item == REVENUES_NAME


def test_a_message_past_the_size_cap_is_refused_before_reading():
    size = (CORPUS / "one-return.eml").stat().st_size
    with pytest.raises(MessageError) as caught:
        read_message(CORPUS / "one-return.eml", MessageLimits(message_bytes=size - 1))
    assert caught.value.reason == m.message_too_large(size)


@pytest.mark.parametrize("hostile, written", [
    ("../../escaped.xlsx", "escaped.xlsx"),
    ("..\\..\\escaped.xlsx", "escaped.xlsx"),
    ("/etc/passwd.xlsx", "etc passwd.xlsx"),
    ("CON.xlsx", "_CON.xlsx"),
    # Windows opens a device whatever follows its name after a dot: kept as they were.
    ("NUL.tar.xlsx", "_NUL.tar.xlsx"),
    ("CON.foo.xlsx", "_CON.foo.xlsx"),
    ("CONIN$.xlsx", "_CONIN$.xlsx"),
    ("COM¹.xlsx", "_COM¹.xlsx"),
    ("Housing\u202egpj.xlsx", "Housing gpj.xlsx"),
    ("a:b*c?.xlsx", "a b c.xlsx"),
    ("....xlsx", "attachment 1.xlsx"),
])
def test_attachment_names_cannot_leave_the_folder(tmp_path, housing_bytes, hostile, written):
    path = eml(tmp_path, "hostile.eml", [(hostile, housing_bytes, XLSX_TYPE)])
    out = tmp_path / "out"
    unpacked = extract_returns(path, out)
    assert [e.path.name for e in unpacked.returns] == [written]
    assert [p.name for p in out.iterdir()] == [written]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile.eml", "out"]
    assert unpacked.returns[0].provenance.attachment == hostile


def test_names_are_made_unique_and_nothing_is_replaced(tmp_path, housing_bytes):
    other = housing_bytes + b"\0"  # not the same bytes, so not a duplicate
    path = eml(tmp_path, "same-name.eml", [("Housing.xlsx", housing_bytes, XLSX_TYPE),
                                           ("Housing.xlsx", other, XLSX_TYPE)])
    out = tmp_path / "out"
    out.mkdir()
    (out / "Housing.xlsx").write_bytes(b"the officer's own file")
    unpacked = extract_returns(path, out)
    assert [e.path.name for e in unpacked.returns] == ["Housing (2).xlsx", "Housing (3).xlsx"]
    assert (out / "Housing.xlsx").read_bytes() == b"the officer's own file"
    assert (out / "Housing (2).xlsx").read_bytes() == housing_bytes


def test_the_same_workbook_attached_twice_is_one_return(tmp_path, housing_bytes):
    path = eml(tmp_path, "twice.eml", [("Housing.xlsx", housing_bytes, XLSX_TYPE),
                                       ("Housing copy.xlsx", housing_bytes, XLSX_TYPE)])
    message = read_message(path)
    assert [r.provenance.attachment for r in message.returns] == ["Housing.xlsx"]
    assert message.skipped == ["Housing copy.xlsx"]


@pytest.mark.parametrize("depth, reason", [
    (60, m.parts_too_deep(50)),
    (3000, m.NOT_A_MESSAGE),  # past what the standard library's parser itself can nest
])
def test_deeply_nested_mime_is_refused(tmp_path, depth, reason):
    lines = ["From: a@example.org", "Subject: nested", "MIME-Version: 1.0"]
    for i in range(depth):
        lines += [f'Content-Type: multipart/mixed; boundary="b{i}"', "", f"--b{i}"]
    path = tmp_path / "nested.eml"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="ascii")
    with pytest.raises(MessageError) as caught:
        read_message(path)
    assert caught.value.reason == reason


@pytest.mark.parametrize("name", ["one-return.msg", "forwarded.msg", "two-returns.eml",
                                  "forwarded.eml", "link-only.eml"])
def test_damaged_messages_give_a_message_error_or_a_result(tmp_path, name):
    import random

    data = (CORPUS / name).read_bytes()
    rnd = random.Random(name)
    for attempt in range(30):
        spoiled = bytearray(data[: rnd.randrange(len(data))] if attempt % 3 == 0 else data)
        for _ in range(rnd.randrange(1, 20) if attempt % 3 else 0):
            spoiled[rnd.randrange(len(spoiled))] = rnd.randrange(256)
        path = tmp_path / f"spoiled{Path(name).suffix}"
        path.write_bytes(bytes(spoiled))
        try:
            unpacked = extract_returns(path, tmp_path / "out")
        except MessageError as error:
            assert str(error).startswith(path.name + ": ")
        else:
            assert all(e.path.parent == (tmp_path / "out").resolve() for e in unpacked.returns)


# --- Hostile messages (tests/fixtures/make_hostile.py): refused at once, or read -----

from make_hostile import case as hostile_case  # noqa: E402


def hostile(tmp_path: Path, name: str, good: bytes) -> Path:
    path = tmp_path / name
    hostile_case(name).make(path, good)
    return path


def refused_quickly(path: Path, seconds: float = 3.0) -> MessageError:
    import time

    start = time.perf_counter()
    with pytest.raises(MessageError) as caught:
        read_message(path)
    assert time.perf_counter() - start < seconds  # the whole file was 5 s to 60 s and more
    assert str(caught.value).startswith(f"{path.name}: is not an ordinary e-mail: ")
    assert caught.value.advice == m.SAVE_ATTACHMENT_INSTEAD
    return caught.value


@pytest.mark.parametrize("name, size", [
    ("from-10000-addresses.eml", 327_778),
    ("from-50000-addresses.eml", 1_727_778),
])
def test_a_from_of_thousands_of_addresses_is_refused_before_it_is_parsed(
        tmp_path, housing_bytes, name, size):
    error = refused_quickly(hostile(tmp_path, name, housing_bytes))
    assert error.reason == m.header_too_long("From", size, 64 * 1024)


def test_a_folded_subject_of_11_mb_is_refused_before_it_is_parsed(tmp_path, housing_bytes):
    error = refused_quickly(hostile(tmp_path, "subject-11mb-folded.eml", housing_bytes))
    assert error.reason.startswith("is not an ordinary e-mail: its Subject header is 11,")
    assert error.reason.endswith("characters long (the most read is 65,536)")


def test_thousands_of_headers_are_refused(tmp_path, housing_bytes):
    error = refused_quickly(hostile(tmp_path, "5000-headers.eml", housing_bytes))
    assert error.reason == m.too_many_headers(5006, 1000)


def test_headers_past_what_exchange_allows_are_refused(tmp_path, housing_bytes):
    error = refused_quickly(hostile(tmp_path, "headers-300kb.eml", housing_bytes))
    assert error.reason.startswith("is not an ordinary e-mail: its headers add up to 30")
    assert error.reason.endswith("(the most read is 262,144, as Exchange Online allows)")


@pytest.mark.parametrize("name", ["msg-headers-300kb.msg", "msg-subject-1mb.msg"])
def test_an_outlook_message_with_huge_headers_is_refused(tmp_path, housing_bytes, name):
    refused_quickly(hostile(tmp_path, name, housing_bytes))


def test_a_message_of_5001_parts_says_so(tmp_path, housing_bytes):
    error = refused_quickly(hostile(tmp_path, "5001-parts.eml", housing_bytes))
    assert (error.reason, error.advice) == (m.too_many_parts(2000), m.SAVE_ATTACHMENT_INSTEAD)
    assert error.reason == ("is not an ordinary e-mail: it has more than 2,000 parts"
                            " (attachments, pictures and texts)")


@pytest.mark.parametrize("name, reason", [
    # 300 parts whose names are 30,000 semicolons in quotes: over three minutes to split.
    ("300-parts-30kb-names.eml", m.header_too_long("Content-Disposition", 30_023, 8192)),
    # Each under that, but together far past any reply.
    ("1000-parts-4kb-names.eml", m.part_headers_too_large(263_084, 262_144)),
])
def test_parts_with_names_built_to_stall_are_refused_at_once(tmp_path, housing_bytes, name,
                                                             reason):
    error = refused_quickly(hostile(tmp_path, name, housing_bytes))
    assert error.reason == reason


def test_header_limits_are_set_in_one_place(tmp_path):
    path = eml(tmp_path, "reply.eml")
    with pytest.raises(MessageError) as caught:
        read_message(path, MessageLimits(header_chars=10))
    assert caught.value.reason.startswith("is not an ordinary e-mail: its ")
    with pytest.raises(MessageError) as caught:
        read_message(path, MessageLimits(headers=3))
    assert caught.value.reason.startswith("is not an ordinary e-mail: it has ")
    assert read_message(path).envelope.sender == HOUSING


@pytest.mark.parametrize("name", ["from-nested-comments.eml", "header-8bit.eml",
                                  "content-type-60kb.eml"])
def test_odd_headers_never_lose_the_return_or_crash(tmp_path, housing_bytes, name):
    path = hostile(tmp_path, name, housing_bytes)
    try:
        message = read_message(path)
    except MessageError as error:  # a header past the limits: one line
        assert str(error).startswith(f"{name}: is not an ordinary e-mail: ")
    else:
        assert [r.data for r in message.returns] == [housing_bytes]


def test_a_from_with_comments_nested_deep_keeps_the_return(tmp_path, housing_bytes):
    message = read_message(hostile(tmp_path, "from-nested-comments.eml", housing_bytes))
    assert [r.data for r in message.returns] == [housing_bytes]
    assert message.envelope.address == ""
