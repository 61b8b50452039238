"""Know what a file is before any spreadsheet library parses it.

openpyxl answers almost every bad file with `BadZipFile` (truncated, empty,
renamed .csv/.html/.xls and encrypted files alike), which tells an officer
nothing. The first bytes, the zip directory and the OLE directory say what a
file really is, whatever its name says, so the message can say how to fix it;
the size caps stop a zip bomb before anything is unpacked.

`identify_file` sorts whatever lies in a returns folder: workbooks to read,
saved e-mails to open, files to pass over quietly (this tool's own locks and
backups, the operating system's), owner files of workbooks open right now,
e-mail drafts not yet sent (the ones `send` writes beside each return), and
everything else with the reason and the advice for the summary's Rejected sheet.
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..core import limits
from ..core import messages as m
from ..core.errors import WorkbookError
from .package import Package
from .refs import column_index, column_letter

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx, .xls, .doc, .msg
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")

HEAD_BYTES = 4096
OLE_SEARCH_BYTES = 1024 * 1024  # where an OLE file's stream names are looked for by hand

SAVE_AS_XLSX = m.SAVE_AS_XLSX

# Names this tool leaves beside a plan: lock.py's lock and takeover guard, workflow/merging.py's
# backups and files.py's temporary outputs (".plan.k3j9x_2a.xlsx",
# ".plan.pending-k3j9x_2a.xlsx").
TOOL_FILE_PATTERNS = ("*.edi-lock", "*.edi-lock.takeover", "*.backup-*.xlsx")
TEMPORARY_OUTPUT = re.compile(r"\..+\.(?:pending-)?[a-z0-9_]{8}\.xlsx", re.IGNORECASE)
# Owner files of a workbook open right now: Excel's and LibreOffice's.
OPEN_LOCK_PATTERNS = ("~$*", ".~lock.*#")
# What operating systems and file sync leave in any folder.
SYSTEM_NAMES = frozenset({".ds_store", "thumbs.db", "ehthumbs.db", "ehthumbs_vista.db",
                          "desktop.ini", "icon\r", ".localized", ".directory",
                          "__macosx", ".spotlight-v100", ".trashes", ".fseventsd",
                          "$recycle.bin", "system volume information"})
SYSTEM_PREFIXES = ("._",)  # macOS resource forks: "._Housing.xlsx" is not a workbook
MESSAGE_SUFFIXES = (".eml", ".msg")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
# Headers that start a saved e-mail (.eml): two of these make one.
MAIL_HEADERS = frozenset({"from", "to", "subject", "date", "received", "return-path",
                          "mime-version", "message-id", "content-type", "reply-to", "cc",
                          "delivered-to", "x-mailer", "thread-topic", "importance"})
CSV_SEPARATORS = (",", ";", "\t", "|")
# A draft's headers come first and are short; its attachment comes after them.
DRAFT_HEADER_BYTES = 64 * 1024
UNSENT_HEADER = re.compile(rb"^x-unsent[ \t]*:[ \t]*1[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


class Kind(StrEnum):
    """What a file found among the returns is, and so what the merge does with it."""
    WORKBOOK = "workbook"  # an .xlsx (or .xlsm), whatever its name: read it
    MESSAGE = "message"  # a saved e-mail (.eml, .msg): read the returns attached
    TOOL_FILE = "tool file"  # this tool's own lock, backup or temporary output: pass over
    OPEN_LOCK = "open lock"  # "~$Housing.xlsx": Housing.xlsx is open in Excel right now
    DRAFT = "draft"  # an e-mail not yet sent (X-Unsent: 1), as `send` writes: pass over
    SYSTEM = "system"  # .DS_Store, Thumbs.db, desktop.ini: pass over
    FOLDER = "folder"
    REJECTED = "rejected"  # cannot be merged: `reason` and `advice` say why and what to do


@dataclass(frozen=True)
class FileKind:
    """What a file found among the returns is, and for one refused, why and what to do."""

    kind: Kind
    reason: str = ""  # "is an OpenDocument (.ods) spreadsheet", for REJECTED
    advice: str = ""

    @property
    def quiet(self) -> bool:
        """Passed over without a word: nobody put it there as a return."""
        return self.kind in (Kind.TOOL_FILE, Kind.SYSTEM)


@dataclass(frozen=True)
class _Format:
    """A format that is not .xlsx: how to name it, and what to do about it."""
    kind: str  # a KIND_ text
    advice: str
    own: frozenset[str]  # the suffixes it is saved under
    spreadsheet: bool = False  # "is X" rather than "is X, not an Excel workbook"
    renamed_kind: str = ""  # another KIND_ text when misnamed


FORMATS = {
    "xls": _Format(m.KIND_XLS, SAVE_AS_XLSX, frozenset({".xls", ".xlt"}), True),
    "xlsb": _Format(m.KIND_XLSB, SAVE_AS_XLSX, frozenset({".xlsb"}), True),
    "ods": _Format(m.KIND_ODS, m.SAVE_ODS_AS_XLSX, frozenset({".ods", ".ots", ".fods"}), True),
    "numbers": _Format(m.KIND_NUMBERS, m.EXPORT_NUMBERS_AS_XLSX, frozenset({".numbers"}), True),
    "xml spreadsheet": _Format(m.KIND_XML_SPREADSHEET, SAVE_AS_XLSX, frozenset({".xml"}), True),
    "archive": _Format(m.KIND_ZIP, m.UNZIP_FIRST, frozenset({".zip"}), True, m.KIND_ARCHIVE),
    "csv": _Format(m.KIND_CSV, SAVE_AS_XLSX, frozenset({".csv", ".tsv", ".tab", ".txt"})),
    "text": _Format(m.KIND_TEXT, SAVE_AS_XLSX, frozenset({".txt", ".text", ".md", ".log"})),
    "html": _Format(m.KIND_HTML, SAVE_AS_XLSX,
                    frozenset({".html", ".htm", ".xhtml", ".mht", ".mhtml"})),
    "xml": _Format(m.KIND_XML, SAVE_AS_XLSX, frozenset({".xml"})),
    "pdf": _Format(m.KIND_PDF, m.ASK_FOR_THE_WORKBOOK, frozenset({".pdf"})),
    "word": _Format(m.KIND_WORD, m.ASK_FOR_THE_WORKBOOK,
                    frozenset({".doc", ".docx", ".docm", ".dot", ".dotx"})),
    "rtf": _Format(m.KIND_RTF, m.ASK_FOR_THE_WORKBOOK, frozenset({".rtf"})),
    "odt": _Format(m.KIND_ODT, m.ASK_FOR_THE_WORKBOOK, frozenset({".odt"})),
    "message": _Format(m.KIND_MESSAGE, m.SAVE_ATTACHMENT_INSTEAD, frozenset(MESSAGE_SUFFIXES)),
    "unknown": _Format(m.KIND_UNKNOWN, SAVE_AS_XLSX, frozenset()),
}
# A name ending so claims a format: saying "renamed to .final" would confuse.
KNOWN_SUFFIXES = frozenset(WORKBOOK_SUFFIXES).union(*(f.own for f in FORMATS.values()))


def identify_file(path: Path | str) -> FileKind:
    """What a file in a returns folder is: read it, open it, pass over it, or list it.

    Names decide for this tool's own files, lock files and system files; the
    content decides for everything else, whatever the name. Never raises. A
    WORKBOOK still goes through `check_workbook_file` (zip bombs, entities)
    when it is read.
    """
    path = Path(path)
    name = path.name
    lower = name.lower()
    if any(fnmatch.fnmatchcase(lower, p) for p in TOOL_FILE_PATTERNS) or \
            TEMPORARY_OUTPUT.fullmatch(name):
        return FileKind(Kind.TOOL_FILE)
    if any(fnmatch.fnmatchcase(name, p) for p in OPEN_LOCK_PATTERNS):
        return FileKind(Kind.OPEN_LOCK)
    if lower in SYSTEM_NAMES or name.startswith(SYSTEM_PREFIXES):
        return FileKind(Kind.SYSTEM)
    try:
        if path.is_dir():
            if path.suffix.lower() == ".numbers":  # a Numbers document is a folder on a Mac
                return _rejected("numbers", path.suffix)
            return FileKind(Kind.FOLDER)
    except OSError:
        pass
    if path.suffix.lower() in MESSAGE_SUFFIXES:
        found = FileKind(Kind.MESSAGE)  # mail/inbox says what is wrong with a bad one
    else:
        found = _sniff(path)
    if found.kind is Kind.MESSAGE and is_unsent_draft(path):
        return FileKind(Kind.DRAFT)
    return found


def is_unsent_draft(path: Path) -> bool:
    """Whether a saved e-mail is a draft never sent: its headers say `X-Unsent: 1`.

    `send` writes one beside each return, and Outlook marks its own drafts so;
    a lead's reply never carries it (sending removes it). The attachment of
    a draft is the workbook as issued, which must never count as a return.
    Only the header block is read, up to the first blank line: no attachment
    is decoded to decide. An Outlook .msg says it otherwise and is read as a
    message.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(DRAFT_HEADER_BYTES)
    except OSError:
        return False
    head = head.lstrip(b"\r\n")
    end = re.search(rb"\r?\n\r?\n", head)
    return UNSENT_HEADER.search(head[:end.start()] if end else head) is not None


def check_workbook_file(path: Path, error: type[WorkbookError] = WorkbookError) -> None:
    """Raise `error` with the reason and the fix unless `path` looks like an .xlsx."""
    vet_workbook(path, error).close()


def vet_workbook(path: Path, error: type[WorkbookError] = WorkbookError) -> Package:
    """`check_workbook_file`, handing back the package it checked, still open (the
    caller closes it): its zip opened once, its sheets unpacked once, for the readers
    after it. Every check is made, in the same order, before it is handed back."""
    path = Path(path)
    archive: list[zipfile.ZipFile] = []
    found = _sniff(path, archive)
    if found.kind is not Kind.WORKBOOK:
        for opened in archive:
            opened.close()
        raise error(path, found.reason, found.advice)
    package = Package(path, error=error, archive=archive[0] if archive else None)
    try:
        _check_zip(package, error)
    except BaseException:
        package.close()
        raise
    return package


# --- What the bytes say ---------------------------------------------------------

def _sniff(path: Path, opened: list[zipfile.ZipFile] | None = None) -> FileKind:
    """What the content says, named against the file's suffix; never raises. A zip
    opened to say so is put in `opened`, when given, still open; else it is closed."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except FileNotFoundError:
        return FileKind(Kind.REJECTED, m.FILE_NOT_FOUND, m.CHECK_NAME_AND_FOLDER)
    except IsADirectoryError:
        return FileKind(Kind.REJECTED, m.IS_A_FOLDER, m.NAME_THE_FILE)
    except OSError:
        return FileKind(Kind.REJECTED, m.CANNOT_READ, m.CLOSE_OR_CHECK_ACCESS)
    if size == 0:
        return FileKind(Kind.REJECTED, m.EMPTY_FILE, m.ASK_FOR_FRESH_COPY)
    if head.startswith(OLE_MAGIC):
        return _ole_kind(path, suffix)
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path, suffix, opened)
    return _rejected(_text_kind(head, suffix, truncated=size > len(head)), suffix)


def _rejected(key: str, suffix: str) -> FileKind:
    if key == "message":
        return FileKind(Kind.MESSAGE, *_words(key, suffix))
    return FileKind(Kind.REJECTED, *_words(key, suffix))


def _words(key: str, suffix: str) -> tuple[str, str]:
    """(reason, advice) for a file of format `key` saved under `suffix`."""
    fmt = FORMATS[key]
    kind = fmt.kind
    suffix = suffix.lower()
    if fmt.own and suffix in KNOWN_SUFFIXES and suffix not in fmt.own:
        kind = m.renamed_to(fmt.renamed_kind or fmt.kind, suffix)
    reason = m.file_is(kind) if fmt.spreadsheet else m.not_a_workbook(kind)
    return reason, fmt.advice


def _ole_kind(path: Path, suffix: str) -> FileKind:
    """An OLE compound file: an encrypted .xlsx, an .xls, a .doc or an Outlook .msg."""
    streams = _ole_streams(path)
    if "encryptioninfo" in streams:
        return FileKind(Kind.REJECTED, m.PASSWORD, m.REMOVE_PASSWORD)
    if streams & {"workbook", "book"}:
        key = "xls"
    elif "worddocument" in streams:
        key = "word"
    elif any(s.startswith(("__substg1.0_", "__properties_version1.0")) for s in streams):
        key = "message"
    else:  # unreadable directory: trust a name that fits, else the most likely
        key = {".doc": "word", ".dot": "word", ".msg": "message"}.get(suffix, "xls")
    return _rejected(key, suffix)


def _ole_streams(path: Path) -> set[str]:
    """Lower-case names of the top-level streams and storages, as far as they can be read."""
    try:
        from olefile import OleFileIO

        with OleFileIO(str(path)) as ole:
            return {entry[0].lower() for entry in ole.listdir(streams=True, storages=True)}
    except Exception:  # olefile raises many kinds for a damaged or fake container
        pass
    try:
        with open(path, "rb") as handle:
            data = handle.read(OLE_SEARCH_BYTES)
    except OSError:
        return set()
    names = ("EncryptionInfo", "Workbook", "WordDocument", "__substg1.0_")
    return {n.lower() for n in names if n.encode("utf-16-le") in data}


def _zip_kind(path: Path, suffix: str, opened: list[zipfile.ZipFile] | None = None) -> FileKind:
    archive = None
    try:
        archive = zipfile.ZipFile(path)
        found = _zip_names_kind(archive, suffix)
    except zipfile.BadZipFile:
        found = FileKind(Kind.REJECTED, m.DAMAGED, m.FRESH_OR_LAST_GOOD)
    except (zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, KeyError,
            zlib.error) as exc:
        found = FileKind(Kind.REJECTED, m.cannot_unpack(exc.__class__.__name__),
                         m.FRESH_OR_LAST_GOOD)
    if archive is not None:
        if opened is not None and found.kind is Kind.WORKBOOK:
            opened.append(archive)  # the checks go on in the zip already open
        else:
            archive.close()
    return found


def _zip_names_kind(archive: zipfile.ZipFile, suffix: str) -> FileKind:
    names = {name.lower() for name in archive.namelist()}
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if b"opendocument.spreadsheet" in mimetype:
            return _rejected("ods", suffix)
        if b"opendocument.text" in mimetype:
            return _rejected("odt", suffix)
    if "xl/workbook.xml" in names:
        return FileKind(Kind.WORKBOOK)
    if "xl/workbook.bin" in names:
        return _rejected("xlsb", suffix)
    if "word/document.xml" in names:
        return _rejected("word", suffix)
    if "index/document.iwa" in names or (any(n.startswith("index/") for n in names)
                                         and any(n.startswith("metadata/") for n in names)):
        return _rejected("numbers", suffix)
    return _rejected("archive", suffix)


def _text_kind(head: bytes, suffix: str, truncated: bool) -> str:
    """The format of a file that is neither a zip nor an OLE container."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"%pdf"):
        return "pdf"
    if start.startswith(b"{\\rtf"):
        return "rtf"
    text = _decode(head, truncated)
    if text is None:
        return "unknown"
    lower = text.lstrip("\ufeff \t\r\n").lower()
    if lower.startswith(("<!doctype html", "<html", "<table", "<meta")):
        return "html"
    if lower.startswith("<?xml"):
        if "excel.sheet" in lower or "urn:schemas-microsoft-com:office:spreadsheet" in lower:
            return "xml spreadsheet"
        return "xml"
    if suffix in (".mht", ".mhtml"):
        return "html"
    if _looks_like_mail(lower):
        return "message"
    if _looks_like_csv(text, truncated) or (suffix in (".csv", ".tsv") and text.strip()):
        return "csv"
    return "text" if text.strip() else "unknown"


def _decode(head: bytes, truncated: bool) -> str | None:
    """The text of `head` in the encodings spreadsheets save CSV in; None if not text.

    A byte-order mark says UTF-16, UTF-32 or UTF-8; without one UTF-8 is tried,
    then Windows-1252 (what Excel saves "CSV" in on a UK Windows PC).
    """
    boms = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
            (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
            (codecs.BOM_UTF16_BE, "utf-16-be"))
    for bom, encoding in boms:
        if head.startswith(bom):
            return _printable(codecs.getincrementaldecoder(encoding)("replace").decode(
                head[len(bom):], final=not truncated))
    if b"\x00" in head:
        return None
    try:
        return _printable(codecs.getincrementaldecoder("utf-8")().decode(
            head, final=not truncated))
    except UnicodeDecodeError:
        pass
    return _printable(head.decode("cp1252", "replace"))


def _printable(text: str) -> str | None:
    """`text`, unless control characters say it is binary after all."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
    controls += text.count("\ufffd")
    return None if controls > max(len(text) // 100, 2) else text


def _looks_like_mail(lower: str) -> bool:
    """Whether text starts with e-mail headers ("From: ...", "Subject: ...")."""
    found = set()
    for line in lower.splitlines()[:40]:
        if not line.strip():
            break
        if line[:1] in " \t":
            continue  # a folded header line
        name, colon, _ = line.partition(":")
        if not colon or " " in name:
            return False
        found.add(name)
    return len(found & MAIL_HEADERS) >= 2


def _looks_like_csv(text: str, truncated: bool) -> bool:
    """Whether the first lines split into the same number (two or more) of fields."""
    lines = text.splitlines()
    if truncated and len(lines) > 1:
        lines = lines[:-1]  # cut off mid-line
    lines = [line for line in lines[:20] if line.strip()]
    if not lines:
        return False
    for separator in CSV_SEPARATORS:
        if separator not in lines[0]:
            continue
        try:
            widths = [len(row) for row in csv.reader(io.StringIO("\n".join(lines)),
                                                    delimiter=separator)]
        except csv.Error:
            continue
        if widths[0] >= 2 and (len(widths) == 1 or sum(
                w == widths[0] for w in widths[1:]) * 2 >= len(widths) - 1):
            return True
    return False


# --- A workbook's zip directory ---------------------------------------------------

def _check_zip(package: Package, error: type[WorkbookError]) -> None:
    """No part declaring entities, no sheet reaching billions of cells: before any
    parse. (The sizes in the zip's directory were checked as `package` opened: a zip
    bomb is refused, not inflated.) The sheets, read whole here, are kept in
    `package` for the readers after."""
    path = package.path
    part = package.declares_entities(keep=_is_sheet)
    if part is not None:
        raise error(path, m.declares_entities(part), m.ASK_SENDER_AGAIN)
    for name in package.names():
        if _is_sheet(name):
            rows, cols = sheet_extent(package.read(name))
            if rows * cols > limits.MAX_SHEET_CELLS:
                raise error(path, m.sheet_too_large(f"{column_letter(cols)}{rows}",
                                                    rows * cols, limits.MAX_SHEET_CELLS),
                            m.DELETE_FAR_CELLS)


def _is_sheet(name: str) -> bool:
    return SHEET_PART.fullmatch(name.lower()) is not None


# --- How far a sheet reaches: what the values reader will hold -------------------------

SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
# Excel, LibreOffice, openpyxl and xlsxwriter write every cell as <c r="B7" ...> and
# every row as <row r="7" ...>: then the refs alone say how far a sheet reaches, and
# these find the far ones at the speed of a text search.
_IRREGULAR = re.compile(rb"""<(?:c|row)(?:[>/\t\r\n]| (?!r="))|<[\w.-]+:(?:c|row)[\s>/]""")
_FAR_COLUMN = re.compile(rb'<c r="([A-Za-z]{2,})([0-9]*)"')
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_REF = re.compile(rb"""\br\s*=\s*["']\$?([A-Za-z]*)\$?([0-9]*)["']""")
_NEAR_COLUMNS = 26  # one letter


def sheet_extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) from A1 to the farthest cell of a worksheet part, or an upper bound.

    The values reader holds every cell of that rectangle. When every cell and
    row carries its ref (as every spreadsheet program writes them), a quick
    look at the refs with two or more column letters, then at those with rows
    past what that width allows, bounds the rest. Otherwise every tag is read
    in turn, cells without a ref placed after the one before, as the reader
    places them.
    """
    if _IRREGULAR.search(xml) is None:
        cols = _NEAR_COLUMNS
        rows = 0
        for found in _FAR_COLUMN.finditer(xml):
            letters, digits = found.groups()
            cols = max(cols, column_index(letters))
            rows = max(rows, _row_number(digits))
        allowed = max(limits.MAX_SHEET_CELLS // cols, 1)
        for found in _rows_from(allowed).finditer(xml):
            rows = max(rows, _row_number(found.group(1)))
        return max(rows, allowed), cols
    return _walk_extent(xml)


def _rows_from(allowed: int) -> re.Pattern[bytes]:
    """Refs (of cells or rows) whose row is at least `allowed` rounded down to one digit."""
    text = str(allowed)
    lead, rest = text[0], len(text) - 1
    return re.compile(rb'<(?:c|row) r="[A-Za-z]*((?:[%s-9][0-9]{%d}|[1-9][0-9]{%d,}))"'
                      % (lead.encode(), rest, rest + 1))


def _walk_extent(xml: bytes) -> tuple[int, int]:
    """Every row and cell tag in turn: the exact extent, however the refs are written."""
    row = last_row = width = col = 0
    for found in _TAG.finditer(xml):
        tag, attrs = found.groups()
        ref = _REF.search(attrs)
        letters, digits = ref.groups() if ref else (b"", b"")
        if tag == b"row":
            row = _row_number(digits) if digits else row + 1
            col = 0
        else:
            if digits:
                row = _row_number(digits)
            col = column_index(letters) if letters else col + 1
        last_row = max(last_row, row)
        width = max(width, col)
    return last_row, width


def _row_number(digits: bytes) -> int:
    """A ref's row; past a billion it only matters that it is far."""
    return int(digits) if 0 < len(digits) <= 9 else (10**9 if digits else 0)
