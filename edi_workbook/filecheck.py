"""Know what a file is before any spreadsheet library parses it.

openpyxl answers almost every bad file with `BadZipFile` (truncated, empty,
renamed .csv/.html/.xls and encrypted files alike), which tells an officer
nothing. The first bytes and the zip directory say which mistake was made,
so the message can say how to fix it; the size caps stop a zip bomb before
anything is unpacked.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from . import messages as m
from .errors import WorkbookError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")

# A council return is a few hundred KB; even 10,000 actions unpack to ~30 MB.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # XML compresses ~10-20x; a bomb compresses thousands of times
RATIO_FLOOR_BYTES = 1024 * 1024  # tiny parts can have any ratio
HEAD_BYTES = 4096

SAVE_AS_XLSX = m.SAVE_AS_XLSX


def check_workbook_file(path: Path, error: type[WorkbookError] = WorkbookError) -> None:
    """Raise `error` with the reason and the fix unless `path` looks like an .xlsx."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except FileNotFoundError:
        raise error(path, m.FILE_NOT_FOUND, m.CHECK_NAME_AND_FOLDER) from None
    except IsADirectoryError:
        raise error(path, m.IS_A_FOLDER, m.NAME_THE_FILE) from None
    if size == 0:
        raise error(path, m.EMPTY_FILE, m.ASK_FOR_FRESH_COPY)
    if head.startswith(OLE_MAGIC):
        _check_ole(path, error)
    if not head.startswith(ZIP_MAGIC):
        raise error(path, m.not_a_workbook(_describe_text(head)), SAVE_AS_XLSX)
    _check_zip(path, error)


def _check_ole(path: Path, error: type[WorkbookError]) -> None:
    with open(path, "rb") as handle:
        data = handle.read(1024 * 1024)
    if ENCRYPTION_STREAM in data:
        raise error(path, m.PASSWORD, m.REMOVE_PASSWORD)
    raise error(path, m.OLD_XLS, SAVE_AS_XLSX)


def _describe_text(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        return m.KIND_HTML
    if text.startswith(b"<?xml"):
        return m.KIND_XML
    if text.startswith(b"%pdf"):
        return m.KIND_PDF
    try:
        decoded = head.decode("utf-8")
    except UnicodeDecodeError:
        return m.KIND_UNKNOWN
    first_line = decoded.splitlines()[0] if decoded.strip() else ""
    if any(sep in first_line for sep in (",", "\t", ";")):
        return m.KIND_CSV
    if decoded.strip():
        return m.KIND_TEXT
    return m.KIND_UNKNOWN


def _check_zip(path: Path, error: type[WorkbookError]) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
                raise error(path, m.ODS_RENAMED, m.SAVE_ODS_AS_XLSX)
            if "xl/workbook.bin" in names:
                raise error(path, m.XLSB, SAVE_AS_XLSX)
            if "xl/workbook.xml" not in names:
                raise error(path, m.OTHER_ARCHIVE, SAVE_AS_XLSX)
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if (info.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES
                        or (info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO)):
                    raise error(path, m.too_big(info.filename, info.file_size),
                                m.ASK_SENDER_AGAIN)
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and info.file_size:
                    with archive.open(info) as part:
                        head = part.read(HEAD_BYTES).upper()
                        if b"<!ENTITY" in head or b"<!DOCTYPE" in head:
                            raise error(path, m.declares_entities(info.filename),
                                        m.ASK_SENDER_AGAIN)
    except zipfile.BadZipFile:
        raise error(path, m.DAMAGED, m.FRESH_OR_LAST_GOOD) from None
    except (zipfile.LargeZipFile, NotImplementedError, OSError) as exc:
        raise error(path, m.cannot_unpack(exc.__class__.__name__),
                    m.FRESH_OR_LAST_GOOD) from None
