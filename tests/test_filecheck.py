"""Each kind of bad file gets its own reason and advice, before parsing."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from edi_workbook.errors import WorkbookError
from edi_workbook.filecheck import MAX_UNPACKED_BYTES, OLE_MAGIC, check_workbook_file


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
    assert reason(tmp_path / "old.xlsx")[0] == "is an old-style Excel 97-2003 (.xls) workbook"


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
