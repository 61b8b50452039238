"""Each kind of bad file gets its own reason and advice, before parsing."""

from __future__ import annotations

import csv
import io
import shutil
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edi_workbook.core import messages as m
from edi_workbook.core.errors import WorkbookError
from edi_workbook.core.limits import MAX_PART_BYTES, MAX_UNPACKED_BYTES
from edi_workbook.xlsx.filecheck import (
    HEAD_BYTES,
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


def not_a_workbook(kind, renamed_to=""):
    """The reason for a file that is no spreadsheet, named as its suffix says or not."""
    return m.not_a_workbook(m.renamed_to(kind, renamed_to) if renamed_to else kind)


def file_is(kind, renamed_to=""):
    """The reason for a spreadsheet or archive in another format."""
    return m.file_is(m.renamed_to(kind, renamed_to) if renamed_to else kind)


def test_good_workbook_passes(tmp_path):
    check_workbook_file(good_xlsx(tmp_path / "ok.xlsx"))


def test_empty(tmp_path):
    (tmp_path / "e.xlsx").write_bytes(b"")
    assert reason(tmp_path / "e.xlsx") == (m.EMPTY_FILE, m.ASK_FOR_FRESH_COPY)


def test_truncated(tmp_path):
    data = good_xlsx(tmp_path / "ok.xlsx").read_bytes()
    (tmp_path / "t.xlsx").write_bytes(data[: len(data) // 2])
    assert reason(tmp_path / "t.xlsx") == (m.DAMAGED, m.FRESH_OR_LAST_GOOD)


def test_encrypted(tmp_path):
    # The OLE container of an encrypted .xlsx names its EncryptionInfo stream.
    body = OLE_MAGIC + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512
    (tmp_path / "p.xlsx").write_bytes(body)
    assert reason(tmp_path / "p.xlsx") == (m.PASSWORD, m.REMOVE_PASSWORD)


def test_old_xls(tmp_path):
    (tmp_path / "old.xlsx").write_bytes(OLE_MAGIC + b"\0" * 2048)
    assert reason(tmp_path / "old.xlsx")[0] == file_is(m.KIND_XLS, ".xlsx")
    (tmp_path / "old.xls").write_bytes(OLE_MAGIC + b"\0" * 2048)
    assert reason(tmp_path / "old.xls")[0] == m.OLD_XLS


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"ID,Status\nCL-01,On track\n", not_a_workbook(m.KIND_CSV, ".xlsx")),
        (b"<!DOCTYPE html><html><table><tr><td>ID</td></tr></table></html>",
         not_a_workbook(m.KIND_HTML, ".xlsx")),
        (b"%PDF-1.7 ...", not_a_workbook(m.KIND_PDF, ".xlsx")),
        (b"\x00\x01\x02\xff\xfe", not_a_workbook(m.KIND_UNKNOWN)),
    ],
)
def test_renamed_files(tmp_path, content, expected):
    (tmp_path / "r.xlsx").write_bytes(content)
    assert reason(tmp_path / "r.xlsx")[0] == expected


def test_ods(tmp_path):
    with zipfile.ZipFile(tmp_path / "c.xlsx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    assert reason(tmp_path / "c.xlsx")[0] == file_is(m.KIND_ODS, ".xlsx")


def test_zip_that_is_not_a_workbook(tmp_path):
    with zipfile.ZipFile(tmp_path / "z.xlsx", "w") as z:
        z.writestr("readme.txt", "hello")
    assert reason(tmp_path / "z.xlsx")[0] == file_is(m.KIND_ARCHIVE, ".xlsx")


def test_zip_bomb_is_refused_without_unpacking(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        chunk = b"0" * (1024 * 1024)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 2):
                part.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    [part] = [n for n in zipfile.ZipFile(path).namelist() if n.endswith("sheet1.xml")]
    size = zipfile.ZipFile(path).getinfo(part).file_size
    assert reason(path)[0] == m.too_big(part, size, MAX_PART_BYTES)


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
    assert reason(tmp_path / "lol.xlsx")[0] == m.declares_entities("xl/worksheets/sheet1.xml")


def test_message_names_the_file(tmp_path):
    (tmp_path / "Housing.xlsx").write_bytes(b"")
    with pytest.raises(WorkbookError) as info:
        check_workbook_file(tmp_path / "Housing.xlsx")
    assert str(info.value) == f"Housing.xlsx: {m.EMPTY_FILE} — {m.ASK_FOR_FRESH_COPY}"


# --- What a file really is, under any name ---------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"
CSV_ROWS = [["ID", "Status", "Progress update"],
            ["CL-01", "On track", "£2,000 spent – half the budget"],
            ["CL-02", "At risk", "Café “drop-in” paused; restarts in June"]]


def csv_text(separator=","):
    out = io.StringIO()
    csv.writer(out, delimiter=separator, lineterminator="\r\n").writerows(CSV_ROWS)
    return out.getvalue()


SAVE_AS = m.SAVE_AS_XLSX
ASK = m.ASK_FOR_THE_WORKBOOK


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
        Kind.REJECTED, not_a_workbook(m.KIND_CSV), SAVE_AS)
    assert reason(tmp_path / "Housing.xlsx") == (not_a_workbook(m.KIND_CSV, ".xlsx"), SAVE_AS)


def test_long_csv_cut_mid_character_is_still_csv(tmp_path):
    header = "ID,Status,Progress update\n"
    filler = "CL-01,On track,done\n" * ((HEAD_BYTES - 200) // 20)
    pad = "x" * (HEAD_BYTES - 1 - len((header + filler + "CL-02,At risk,").encode()))
    data = (header + filler + "CL-02,At risk," + pad + "– next\n" + filler).encode("utf-8")
    assert data[HEAD_BYTES - 1:HEAD_BYTES + 2] == "–".encode()  # split by the first read
    (tmp_path / "long.xlsx").write_bytes(data)
    assert identify_file(tmp_path / "long.xlsx").reason == not_a_workbook(m.KIND_CSV, ".xlsx")
    # read as UTF-8 up to the cut, not taken for Windows-1252 because of it
    assert _decode(data[:HEAD_BYTES], truncated=True) == data[:HEAD_BYTES - 1].decode()


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("notes.txt", b"Dear Sam,\nthe update is below.\n", not_a_workbook(m.KIND_TEXT)),
    ("notes.xlsx", b"Dear Sam,\nthe update is below.\n", not_a_workbook(m.KIND_TEXT, ".xlsx")),
    ("Housing.csv", b"just one column\nCL-01\n", not_a_workbook(m.KIND_CSV)),
    ("page.html", b"\xef\xbb\xbf<!DOCTYPE html><html></html>", not_a_workbook(m.KIND_HTML)),
    ("page.xls", b"<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><table>",
     not_a_workbook(m.KIND_HTML, ".xls")),
    ("update.pdf", b"%PDF-1.7\n", not_a_workbook(m.KIND_PDF)),
    ("update.rtf", b"{\\rtf1\\ansi hello}", not_a_workbook(m.KIND_RTF)),
    ("data.xml", b"<?xml version=\"1.0\"?><data/>", not_a_workbook(m.KIND_XML)),
    ("return.xml", b"<?xml version=\"1.0\"?><?mso-application progid=\"Excel.Sheet\"?>"
                   b"<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">",
     file_is(m.KIND_XML_SPREADSHEET)),
    ("Housing.final", b"\x00\x01\x02\xff\xfe", not_a_workbook(m.KIND_UNKNOWN)),
    ("empty.csv", b"", m.EMPTY_FILE),
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
     file_is(m.KIND_ODS), m.SAVE_ODS_AS_XLSX),
    ("Housing.numbers", {"Index/Document.iwa": "", "Metadata/Properties.plist": ""},
     file_is(m.KIND_NUMBERS), m.EXPORT_NUMBERS_AS_XLSX),
    ("Housing.xlsx", {"Index/Document.iwa": ""},
     file_is(m.KIND_NUMBERS, ".xlsx"), m.EXPORT_NUMBERS_AS_XLSX),
    ("Housing.xlsb", {"xl/workbook.bin": ""}, m.XLSB, SAVE_AS),
    ("Housing.docx", {"word/document.xml": ""}, not_a_workbook(m.KIND_WORD), ASK),
    ("Housing.xlsx", {"word/document.xml": ""}, not_a_workbook(m.KIND_WORD, ".xlsx"), ASK),
    ("Notes.odt", {"mimetype": "application/vnd.oasis.opendocument.text"},
     not_a_workbook(m.KIND_ODT), ASK),
    ("returns.zip", {"Housing.xlsx": "x"}, file_is(m.KIND_ZIP), m.UNZIP_FIRST),
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
        assert (found.kind, found.reason) == (Kind.MESSAGE, not_a_workbook(m.KIND_MESSAGE))
    shutil.copy(FIXTURES / "messages" / "one-return.msg", tmp_path / "Housing.xlsx")
    assert reason(tmp_path / "Housing.xlsx") == (
        not_a_workbook(m.KIND_MESSAGE, ".xlsx"), m.SAVE_ATTACHMENT_INSTEAD)


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
    assert identify_file(tmp_path / "Housing.numbers").reason == file_is(m.KIND_NUMBERS)
    assert kind_of(tmp_path / "gone.xlsx") == (
        Kind.REJECTED, m.FILE_NOT_FOUND, m.CHECK_NAME_AND_FOLDER)


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


def test_real_files_libreoffice_saves(tmp_path):
    """An .ods, .xls and .doc as LibreOffice saves them, under their own names and renamed.

    The files are LibreOffice's own, saved once by tests/fixtures/make_returns.py: the test
    does not start LibreOffice, whose --convert-to answers 0 even when it wrote nothing."""
    corpus = FIXTURES / "returns"
    assert kind_of(corpus / "Housing.ods") == (
        Kind.REJECTED, file_is(m.KIND_ODS), m.SAVE_ODS_AS_XLSX)
    assert reason(corpus / "Housing.ods")[0] == file_is(m.KIND_ODS)
    assert kind_of(corpus / "Housing.xls") == (Kind.REJECTED, m.OLD_XLS, SAVE_AS)
    assert kind_of(corpus / "Letter.doc") == (Kind.REJECTED, not_a_workbook(m.KIND_WORD), ASK)
    shutil.copy(corpus / "Letter.doc", tmp_path / "Letter.xlsx")
    assert reason(tmp_path / "Letter.xlsx") == (not_a_workbook(m.KIND_WORD, ".xlsx"), ASK)


# --- How far a sheet reaches: calamine holds every cell from A1 to the last ---------

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
from make_hostile import case as hostile_case  # noqa: E402

from edi_workbook.xlsx.filecheck import _walk_extent, sheet_extent  # noqa: E402


@pytest.mark.parametrize("xml, extent", [
    (b'<row r="1"><c r="A1"/></row><row r="1048576"><c r="XFD1048576"/></row>',
     (1048576, 16384)),
    (b'<row r="1"><c r="A1"/><c r="XFD1"/></row><row r="99999"><c r="A99999"/></row>',
     (99999, 16384)),
    (b"<row><c/><c/><c/></row><row><c/></row>", (2, 3)),  # no refs: placed in turn
    (b'<row r="5"><c r="B5"/><c/></row>', (5, 3)),
    (b'<x:row r="5"><x:c r="B5"/></x:row>', (5, 2)),  # a namespace prefix
    (b'<row r="5"><c\tr="B9000000"/></row>', (9000000, 2)),  # a tab before the ref
    (b'<row r="5"><c s="1" r="XFD5"/></row>', (5, 16384)),  # the ref not first
])
def test_sheet_extent_finds_the_farthest_cell_however_refs_are_written(xml, extent):
    rows, cols = sheet_extent(xml)
    assert _walk_extent(xml) == extent
    assert rows * cols >= extent[0] * extent[1]  # the quick look may only bound it


def test_sheet_extent_of_a_real_sheet_is_within_the_limit(tmp_path):
    path = good_xlsx(tmp_path / "ok.xlsx")
    with zipfile.ZipFile(path) as z:
        rows, cols = sheet_extent(z.read("xl/worksheets/sheet1.xml"))
    assert rows * cols <= 10_000_000


def test_a_cell_at_the_far_corner_is_refused_before_the_reader_aborts(tmp_path):
    # calamine 0.9 holds the sheet as one block from A1: it asked for 17 billion
    # cells and aborted the process, taking every other return with it.
    path = tmp_path / "sparse-corner.xlsx"
    hostile_case(path.name).make(path, b"")
    assert reason(path) == (
        "looks tampered with: a sheet reaches cell XFD1048576, which makes 17,179,869,184"
        " cells to read (the most read is 10,000,000)",
        "delete whatever is far below or to the right of the table (Ctrl+End goes to it),"
        " save it and send it again")


def test_a_part_whose_packed_data_is_spoiled_is_damaged_not_a_crash(tmp_path):
    # Found by tests/test_mutations.py: "something unexpected went wrong (error: Error -3
    # while decompressing data: invalid stored block lengths)".
    good = good_xlsx(tmp_path / "ok.xlsx")
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as z:
        info = z.getinfo("docProps/app.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start] ^= 0x55
    (tmp_path / "spoiled.xlsx").write_bytes(bytes(data))
    assert reason(tmp_path / "spoiled.xlsx") == (m.DAMAGED, m.FRESH_OR_LAST_GOOD)


def _with_second_copy(tmp_path: Path, spoil_second: bool) -> Path:
    """The Housing return with its table sheet stored twice, the later copy (the one
    a reader takes) spoiled past the first 4 KB or not: the entity check reads heads."""
    import warnings

    source = Path(__file__).parent.parent / "examples" / "returns" / "Housing.xlsx"
    name = "xl/worksheets/sheet1.xml"
    path = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(source) as old:
        data = old.read(name)
        assert len(data) > HEAD_BYTES + 100
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new, \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Duplicate name": the point of the file
            for info in old.infolist():
                new.writestr(info.filename, old.read(info))
            marked = data[:-50] + b"<!--SPOIL-->" + data[-50:]
            new.writestr(zipfile.ZipInfo(name), marked)  # stored, so a byte can be found
    if spoil_second:
        raw = bytearray(path.read_bytes())
        at = raw.rindex(b"<!--SPOIL-->")
        raw[at + 5] ^= 0xFF  # past the head: only a whole read finds the CRC wrong
        path.write_bytes(bytes(raw))
    return path


def test_a_part_stored_twice_is_read_as_the_last_copy_and_refused_when_that_is_spoiled(
        tmp_path: Path) -> None:
    from edi_workbook.core.errors import ReturnError
    from edi_workbook.workbooks.return_reader import read_return

    spoiled = _with_second_copy(tmp_path, spoil_second=True)
    with pytest.raises(ReturnError) as info:
        read_return(spoiled)
    assert info.value.reason == m.DAMAGED
    whole = _with_second_copy(tmp_path, spoil_second=False)
    check_workbook_file(whole)  # the same file unspoiled passes the checks


@pytest.mark.parametrize("budget", [0, 2_000, 16 * 1024 * 1024])
def test_parts_kept_by_the_entity_check_read_as_the_zip_holds_them(monkeypatch, budget):
    """Whatever fits the budget is kept unpacked; every part reads the same either way."""
    from edi_workbook.xlsx import package as package_module

    source = Path(__file__).parent.parent / "examples" / "returns" / "Housing.xlsx"
    monkeypatch.setattr(package_module, "KEEP_BYTES", budget)
    with zipfile.ZipFile(source) as archive, package_module.Package(source) as package:
        assert package.declares_entities(keep=lambda name: "worksheets" in name) is None
        assert sum(map(len, package._kept.values())) <= budget
        for name in archive.namelist():
            assert package.read(name) == archive.read(name)
            assert package.take(name) == archive.read(name)
