"""Each kind of bad file gets its own reason and advice, before parsing."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edi_workbook.core.errors import WorkbookError
from edi_workbook.xlsx.filecheck import (
    HEAD_BYTES,
    MAX_UNPACKED_BYTES,
    OLE_MAGIC,
    ZIP_MAGIC,
    FileKind,
    Kind,
    _decode,
    check_workbook_file,
    identify_file,
)


def good_xlsx(path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "ID"
    wb.save(path)
    return path


def reason(path):
    with pytest.raises(WorkbookError) as info:
        check_workbook_file(path)
    return info.value.reason, info.value.advice


def test_good_workbook_passes(tmp_path):
    check_workbook_file(good_xlsx(tmp_path / "ok.xlsx"))


def test_empty(tmp_path):
    (tmp_path / "e.xlsx").write_bytes(b"")
    assert reason(tmp_path / "e.xlsx") == (
        "is empty (0 bytes)",
        "it did not save or download completely: ask for a fresh copy")


def test_truncated(tmp_path):
    data = good_xlsx(tmp_path / "ok.xlsx").read_bytes()
    (tmp_path / "t.xlsx").write_bytes(data[: len(data) // 2])
    assert reason(tmp_path / "t.xlsx")[0] == (
        "is damaged or incomplete (cut off while saving or downloading)")


def test_encrypted(tmp_path):
    # The OLE container of an encrypted .xlsx names its EncryptionInfo stream.
    body = OLE_MAGIC + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512
    (tmp_path / "p.xlsx").write_bytes(body)
    text, advice = reason(tmp_path / "p.xlsx")
    assert text == "is saved with a password"
    assert advice.startswith("ask the sender to remove the password and send it again")


def test_old_xls(tmp_path):
    (tmp_path / "old.xlsx").write_bytes(OLE_MAGIC + b"\0" * 2048)
    assert reason(tmp_path / "old.xlsx")[0] == (
        "is an old-style Excel 97-2003 (.xls) workbook renamed to .xlsx")
    (tmp_path / "old.xls").write_bytes(OLE_MAGIC + b"\0" * 2048)
    assert reason(tmp_path / "old.xls")[0] == "is an old-style Excel 97-2003 (.xls) workbook"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"ID,Status\nCL-01,On track\n", "is a CSV file renamed to .xlsx, not an Excel workbook"),
        (b"<!DOCTYPE html><html><table><tr><td>ID</td></tr></table></html>",
         "is a web page (HTML) renamed to .xlsx, not an Excel workbook"),
        (b"%PDF-1.7 ...", "is a PDF renamed to .xlsx, not an Excel workbook"),
        (b"\x00\x01\x02\xff\xfe", "is an unrecognised kind of file, not an Excel workbook"),
    ],
)
def test_renamed_files(tmp_path, content, expected):
    (tmp_path / "r.xlsx").write_bytes(content)
    assert reason(tmp_path / "r.xlsx")[0] == expected


def test_ods(tmp_path):
    with zipfile.ZipFile(tmp_path / "c.xlsx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    assert reason(tmp_path / "c.xlsx")[0] == (
        "is an OpenDocument (.ods) spreadsheet renamed to .xlsx")


def test_zip_that_is_not_a_workbook(tmp_path):
    with zipfile.ZipFile(tmp_path / "z.xlsx", "w") as z:
        z.writestr("readme.txt", "hello")
    assert reason(tmp_path / "z.xlsx")[0] == (
        "is another kind of compressed file renamed to .xlsx")


def test_zip_bomb_is_refused_without_unpacking(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        chunk = b"0" * (1024 * 1024)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 2):
                part.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    assert reason(path)[0].startswith(
        "looks tampered with: it unpacks to far more data than any real return")


def test_entity_declarations_are_refused(tmp_path):
    src = good_xlsx(tmp_path / "ok.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            zout.writestr(item, data)
    (tmp_path / "lol.xlsx").write_bytes(out.getvalue())
    assert reason(tmp_path / "lol.xlsx")[0] == (
        "looks tampered with: it declares XML entities (xl/worksheets/sheet1.xml),"
        " which Excel never writes")


def test_message_names_the_file(tmp_path):
    (tmp_path / "Housing.xlsx").write_bytes(b"")
    with pytest.raises(WorkbookError) as info:
        check_workbook_file(tmp_path / "Housing.xlsx")
    assert str(info.value).startswith("Housing.xlsx: is empty (0 bytes) — ")


# --- What a file really is, under any name ---------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
CSV_ROWS = [["ID", "Status", "Progress update"],
            ["CL-01", "On track", "£2,000 spent – half the budget"],
            ["CL-02", "At risk", "Café “drop-in” paused; restarts in June"]]


def csv_text(separator=","):
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(CSV_ROWS)
    return out.getvalue()


SAVE_AS = "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"
ASK = "ask for the Excel workbook (.xlsx) itself rather than a copy"


def kind_of(path):
    found = identify_file(path)
    return found.kind, found.reason, found.advice


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-be",
                                      "utf-32"])
@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_csv_in_any_common_encoding(tmp_path, encoding, separator):
    data = csv_text(separator).encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # Python's utf-16-be writes no byte-order mark
    (tmp_path / "Housing.csv").write_bytes(data)
    (tmp_path / "Housing.xlsx").write_bytes(data)
    assert kind_of(tmp_path / "Housing.csv") == (
        Kind.REJECTED, "is a CSV file, not an Excel workbook", SAVE_AS)
    assert reason(tmp_path / "Housing.xlsx") == (
        "is a CSV file renamed to .xlsx, not an Excel workbook", SAVE_AS)


def test_long_csv_cut_mid_character_is_still_csv(tmp_path):
    header = "ID,Status,Progress update\n"
    filler = "CL-01,On track,done\n" * ((HEAD_BYTES - 200) // 20)
    pad = "x" * (HEAD_BYTES - 1 - len((header + filler + "CL-02,At risk,").encode()))
    data = (header + filler + "CL-02,At risk," + pad + "– next\n" + filler).encode("utf-8")
    assert data[HEAD_BYTES - 1:HEAD_BYTES + 2] == "–".encode()  # split by the first read
    (tmp_path / "long.xlsx").write_bytes(data)
    assert identify_file(tmp_path / "long.xlsx").reason == (
        "is a CSV file renamed to .xlsx, not an Excel workbook")
    # read as UTF-8 up to the cut, not taken for Windows-1252 because of it
    assert _decode(data[:HEAD_BYTES], truncated=True) == data[:HEAD_BYTES - 1].decode()


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("notes.txt", b"Dear Sam,\nthe update is below.\n", "is a text file, not an Excel workbook"),
    ("notes.xlsx", b"Dear Sam,\nthe update is below.\n",
     "is a text file renamed to .xlsx, not an Excel workbook"),
    ("Housing.csv", b"just one column\nCL-01\n", "is a CSV file, not an Excel workbook"),
    ("page.html", b"\xef\xbb\xbf<!DOCTYPE html><html></html>",
     "is a web page (HTML), not an Excel workbook"),
    ("page.xls", b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><table>",
     "is a web page (HTML) renamed to .xls, not an Excel workbook"),
    ("update.pdf", b"%PDF-1.7\n", "is a PDF, not an Excel workbook"),
    ("update.rtf", b"{\\rtf1\\ansi hello}",
     "is a rich text (.rtf) document, not an Excel workbook"),
    ("data.xml", b"<?xml version=\"1.0\"?><data/>", "is an XML file, not an Excel workbook"),
    ("return.xml", b"<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>"
                   b"<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
     "is an Excel 2003 XML spreadsheet"),
    ("Housing.final", b"\x00\x01\x02\xff\xfe", "is an unrecognised kind of file, not an Excel"
                                               " workbook"),
    ("empty.csv", b"", "is empty (0 bytes)"),
])
def test_documents(tmp_path, name, content, expected):
    (tmp_path / name).write_bytes(content)
    found = identify_file(tmp_path / name)
    assert (found.kind, found.reason) == (Kind.REJECTED, expected)


def zipped(path, parts):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(("name", "parts", "expected", "advice"), [
    ("Housing.ods", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet"},
     "is an OpenDocument (.ods) spreadsheet",
     "in LibreOffice use File > Save As > Excel 2007-365 (.xlsx)"),
    ("Housing.numbers", {"Index/Document.iwa": "", "Metadata/Properties.plist": ""},
     "is an Apple Numbers spreadsheet",
     "in Numbers use File > Export To > Excel, and give the .xlsx it makes"),
    ("Housing.xlsx", {"Index/Document.iwa": ""},
     "is an Apple Numbers spreadsheet renamed to .xlsx",
     "in Numbers use File > Export To > Excel, and give the .xlsx it makes"),
    ("Housing.xlsb", {"xl/workbook.bin": ""}, "is an Excel binary (.xlsb) workbook", SAVE_AS),
    ("Housing.docx", {"word/document.xml": ""}, "is a Word document, not an Excel workbook",
     ASK),
    ("Housing.xlsx", {"word/document.xml": ""},
     "is a Word document renamed to .xlsx, not an Excel workbook", ASK),
    ("Notes.odt", {"mimetype": "application/vnd.oasis.opendocument.text"},
     "is an OpenDocument text (.odt) document, not an Excel workbook", ASK),
    ("returns.zip", {"Housing.xlsx": "x"}, "is a compressed (.zip) folder",
     "unzip it and give the workbooks inside"),
])
def test_zipped_formats(tmp_path, name, parts, expected, advice):
    assert kind_of(zipped(tmp_path / name, parts)) == (Kind.REJECTED, expected, advice)


def test_an_xlsm_or_unnamed_workbook_is_a_workbook(tmp_path):
    data = good_xlsx(tmp_path / "ok.xlsx").read_bytes()
    for name in ("Housing.xlsm", "Housing", "Housing.xlsx.download"):
        (tmp_path / name).write_bytes(data)
        assert identify_file(tmp_path / name) == FileKind(Kind.WORKBOOK)


@pytest.mark.parametrize("name", ["plan.xlsx.edi-lock", "plan.xlsx.edi-lock.takeover",
                                  "plan.backup-20240315-101500.xlsx",
                                  "Plan.BACKUP-20240315-101500-2.xlsx"])
def test_the_tools_own_files_are_passed_over(tmp_path, name):
    (tmp_path / name).write_bytes(b"{}")
    found = identify_file(tmp_path / name)
    assert found == FileKind(Kind.TOOL_FILE) and found.quiet


def test_lock_and_temporary_names_are_the_ones_the_tool_makes(tmp_path):
    from edi_workbook.files import atomic_output
    from edi_workbook.workflow.lock import GUARD_SUFFIX, lock_path

    lock = lock_path(tmp_path / "plan.xlsx")
    assert identify_file(lock).kind is Kind.TOOL_FILE
    assert identify_file(lock.with_name(lock.name + GUARD_SUFFIX)).kind is Kind.TOOL_FILE
    with atomic_output(tmp_path / "merged.xlsx") as temporary:
        good_xlsx(temporary)
        assert identify_file(temporary).kind is Kind.TOOL_FILE
    assert identify_file(tmp_path / "merged.xlsx").kind is Kind.WORKBOOK


@pytest.mark.parametrize(("name", "kind"), [
    ("~$Housing.xlsx", Kind.OPEN_LOCK), (".~lock.Housing.xlsx#", Kind.OPEN_LOCK),
    (".DS_Store", Kind.SYSTEM), ("Thumbs.db", Kind.SYSTEM), ("desktop.ini", Kind.SYSTEM),
    ("._Housing.xlsx", Kind.SYSTEM),
])
def test_lock_and_system_files(tmp_path, name, kind):
    (tmp_path / name).write_bytes(b"\x00\x05Sam Lead" + b"\x00" * 40)
    found = identify_file(tmp_path / name)
    assert found.kind is kind and found.quiet == (kind is Kind.SYSTEM)


@pytest.mark.parametrize("name", ["one-return.eml", "one-return.msg", "not-a-message.msg"])
def test_saved_emails_by_name(name):
    assert identify_file(FIXTURES / "messages" / name).kind is Kind.MESSAGE


def test_saved_email_by_content(tmp_path):
    for source, target in (("one-return.eml", "reply"), ("one-return.msg", "reply.dat")):
        shutil.copy(FIXTURES / "messages" / source, tmp_path / target)
        found = identify_file(tmp_path / target)
        assert (found.kind, found.reason) == (Kind.MESSAGE,
                                              "is a saved e-mail, not an Excel workbook")
    shutil.copy(FIXTURES / "messages" / "one-return.msg", tmp_path / "Housing.xlsx")
    assert reason(tmp_path / "Housing.xlsx") == (
        "is a saved e-mail renamed to .xlsx, not an Excel workbook",
        "save the workbook attached to it and give that instead")


def test_an_unsent_draft_is_known_by_its_headers_alone(tmp_path):
    """send's drafts (and Outlook's) say X-Unsent: 1; a reply, or those words in a body
    or an attachment, never makes a draft."""
    reply = (FIXTURES / "messages" / "one-return.eml").read_bytes()
    assert b"X-Unsent" not in reply
    head, _, body = reply.partition(b"\r\n\r\n") if b"\r\n\r\n" in reply else \
        reply.partition(b"\n\n")
    cases = {
        "draft.eml": b"X-Unsent: 1\r\n" + reply,
        "lower.eml": head + b"\r\nx-unsent:1\r\n\r\n" + body,
        "draft, no name": b"X-Unsent: 1\r\n" + reply,
        "reply.eml": reply,
        "sent.eml": b"X-Unsent: 0\r\n" + reply,
        "in the body.eml": head + b"\r\n\r\nX-Unsent: 1\r\n" + body,
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    kinds = {name: identify_file(tmp_path / name).kind for name in cases}
    assert kinds == {"draft.eml": Kind.DRAFT, "lower.eml": Kind.DRAFT,
                     "draft, no name": Kind.DRAFT, "reply.eml": Kind.MESSAGE,
                     "sent.eml": Kind.MESSAGE, "in the body.eml": Kind.MESSAGE}
    assert not identify_file(tmp_path / "draft.eml").quiet  # passed over with a word


def test_send_s_drafts_are_drafts(tmp_path, plan):
    from edi_workbook.mail.send import send_returns

    issued = send_returns(plan, tmp_path, issued=date(2024, 2, 19), due=None)
    assert [identify_file(i.eml).kind for i in issued if i.eml] == [Kind.DRAFT] * 15


def test_folders_missing_files_and_numbers_bundles(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "Housing.numbers").mkdir()
    assert identify_file(tmp_path / "sub") == FileKind(Kind.FOLDER)
    assert identify_file(tmp_path / "Housing.numbers").reason == "is an Apple Numbers spreadsheet"
    assert kind_of(tmp_path / "gone.xlsx")[:2] == (Kind.REJECTED, "file not found")


def test_the_corpus_gets_the_reasons_the_merge_gives():
    """identify_file and check_workbook_file agree on every fixture return."""
    sys.path.insert(0, str(FIXTURES))
    from make_returns import EXPECTED, LOCK_FILE

    corpus = FIXTURES / "returns"
    assert identify_file(corpus / LOCK_FILE).kind is Kind.OPEN_LOCK
    for name in EXPECTED:
        found = identify_file(corpus / name)
        try:
            check_workbook_file(corpus / name)
        except WorkbookError as exc:
            if found.kind is Kind.REJECTED:
                assert (found.reason, found.advice) == (exc.reason, exc.advice), name
            else:  # a bomb: only the full check unpacks enough to see it
                assert found.kind is Kind.WORKBOOK and "tampered" in exc.reason, name
        else:
            assert found.kind is Kind.WORKBOOK, name


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=600), name=st.sampled_from(
    ["a.xlsx", "a.csv", "a.ods", "a", "a.msg", "a.txt", "a.zip"]),
    magic=st.sampled_from([b"", ZIP_MAGIC, OLE_MAGIC, b"\xff\xfe", b"\xef\xbb\xbf", b"%PDF"]))
def test_never_raises(tmp_path, content, name, magic):
    (tmp_path / name).write_bytes(magic + content)
    found = identify_file(tmp_path / name)
    assert isinstance(found, FileKind)
    assert (found.kind is Kind.REJECTED) == bool(found.reason) or found.kind is Kind.MESSAGE


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_real_files_libreoffice_saves(tmp_path):
    """An .ods, .xls and .doc as LibreOffice saves them, under their own names and renamed."""
    (tmp_path / "Housing.csv").write_text(csv_text(), encoding="utf-8")
    (tmp_path / "Letter.txt").write_text("Dear Sam,\n", encoding="utf-8")
    for source, target in (("Housing.csv", "ods"), ("Housing.csv", "xls"), ("Letter.txt", "doc")):
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                        "--headless", "--convert-to", target, "--outdir", str(tmp_path),
                        str(tmp_path / source)], check=True, capture_output=True, timeout=180)
    assert kind_of(tmp_path / "Housing.ods") == (
        Kind.REJECTED, "is an OpenDocument (.ods) spreadsheet",
        "in LibreOffice use File > Save As > Excel 2007-365 (.xlsx)")
    assert reason(tmp_path / "Housing.ods")[0] == "is an OpenDocument (.ods) spreadsheet"
    assert kind_of(tmp_path / "Housing.xls") == (
        Kind.REJECTED, "is an old-style Excel 97-2003 (.xls) workbook", SAVE_AS)
    assert identify_file(tmp_path / "Letter.doc").reason == (
        "is a Word document, not an Excel workbook")
    shutil.copy(tmp_path / "Letter.doc", tmp_path / "Letter.xlsx")
    assert reason(tmp_path / "Letter.xlsx") == (
        "is a Word document renamed to .xlsx, not an Excel workbook", ASK)
