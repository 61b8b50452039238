"""Returns that arrive inside saved e-mails (.eml, .msg), with where each came from.

Officers save a lead's reply from Outlook rather than each attachment
(shared/notes/OUTLOOK.md): `.msg` from desktop Outlook, `.eml` from Outlook on
the web and Thunderbird. This module turns one saved message into the return
workbooks it carries, each with its provenance (message file, From, Subject,
Date, attachment name), and lists everything else that a person must act on:
a OneDrive or SharePoint link instead of the workbook, a winmail.dat wrapper,
a spreadsheet in the wrong format, anything too large or nested too deep.
Pictures, signatures and other attachments are skipped quietly.

A message is untrusted input: the file, the attachments and the forwarding
depth are capped (`Limits`), attachment names never become paths without
`safe_file_stem`, and nothing is written except new files in the folder the
caller names. The input file is only read.

winmail.dat (TNEF) is listed, not unpacked: the one Python reader,
tnefparse, is LGPL-3.0 and has had no release since January 2021.
"""

from __future__ import annotations

import enum
import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from email.header import decode_header, make_header
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..core import messages as m
from ..core.cells import safe_file_stem
from ..core.errors import MessageError, ReturnError
from ..core.returns import Rejection, ReturnWorkbook
from ..xlsx.filecheck import MESSAGE_SUFFIXES

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
TNEF_MAGIC = b"\x78\x9f\x3e\x22"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Message types that carry a whole message to read in turn.
MESSAGE_TYPES = ("message/rfc822", "message/global", "application/vnd.ms-outlook")
# Spreadsheets that look like a return but cannot be merged: suffix -> (reason, advice).
WRONG_FORMATS = {
    ".xls": (m.OLD_XLS, m.SAVE_AS_XLSX),
    ".xlsb": (m.XLSB, m.SAVE_AS_XLSX),
    ".ods": (m.ODS_FILE, m.SAVE_ODS_AS_XLSX),
    ".csv": (m.CSV_FILE, m.SEND_THE_WORKBOOK),
    ".numbers": (m.NUMBERS_FILE, m.SAVE_AS_XLSX),
}
# Where new Outlook keeps a "cloud attachment" (hosts, and any subdomain of them).
CLOUD_HOSTS = ("sharepoint.com", "onedrive.live.com", "1drv.ms")
URL = re.compile(r"""https?://[^\s"'<>\\]+""", re.IGNORECASE)
# The block Outlook on the web puts at the top of its own HTML body for cloud
# attachments; a quoted copy of someone else's gets an "x_" or other prefix.
OWA_BLOCK = re.compile(r"""id\s*=\s*["']?OwaReferenceAttachments["'\s>]""", re.IGNORECASE)
OWA_BLOCK_END = re.compile(r"OwaReferenceAttachmentsEnd", re.IGNORECASE)
ANCHOR = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""",
                    re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")
# Where the quoted earlier message starts in a reply, so that a link the
# officer sent is not taken for one the lead sent back.
QUOTE_TEXT = re.compile(
    r"^(?:_{8,}\s*$|-{2,}\s*Original Message\s*-{2,}|On .{4,200} wrote:\s*$|>|"
    r"From:[^\n]*\n\s*(?:Sent|Date):)", re.IGNORECASE | re.MULTILINE)
QUOTE_HTML = re.compile(
    r"""<blockquote|id\s*=\s*["']?(?:x_)?(?:divRplyFwdMsg|appendonsend)|gmail_quote|"""
    r"""mail-editor-reference-message-container|<b>\s*From:\s*</b>""", re.IGNORECASE)

# MAPI (MS-OXPROPS / MS-OXCMSG) numbers python-oxmsg does not name for us.
PID_ATTACH_METHOD = 0x3705
PID_ATTACH_LONG_PATHNAME = 0x370D
PID_ATTACH_PATHNAME = 0x3708
PID_ATTACH_FILENAME = 0x3704
PID_DISPLAY_NAME = 0x3001
PID_MESSAGE_DELIVERY_TIME = 0x0E06
ATTACH_BY_VALUE, ATTACH_EMBEDDED_MESSAGE = 1, 5
ATTACH_BY_REFERENCE = (2, 3, 4, 7)  # 7: afByWebReference, new Outlook's cloud attachment
EMBEDDED_MESSAGE_STORAGE = "__substg1.0_3701000D"
EMBEDDED_HEADER_BYTES = 24  # MS-OXMSG 2.4.1.2: an embedded message's properties header


@dataclass(frozen=True)
class Limits:
    """Caps on one saved message; a real reply with returns is well inside each.

    A return is a few hundred KB and a reply carries one or two; Exchange's
    default largest message is 25-35 MB, and a .msg also holds its body twice.
    """

    message_bytes: int = 100 * 1024 * 1024  # the saved file
    attachment_bytes: int = 64 * 1024 * 1024  # all attachments read, added up
    attachments: int = 200  # attachments looked at, nested ones included
    depth: int = 5  # messages forwarded inside messages
    parts: int = 2000  # MIME parts walked


class Trouble(enum.StrEnum):
    """Why something in a message is not a return the merge can take."""

    LINK = "link"  # a OneDrive/SharePoint link (or a file path) instead of the workbook
    WINMAIL = "winmail"  # attachments wrapped in winmail.dat (TNEF)
    WRONG_FORMAT = "wrong format"  # .xls, .ods, .csv, ...
    TOO_LARGE = "too large"
    TOO_MANY = "too many"
    TOO_DEEP = "too deep"
    UNREADABLE = "unreadable"  # an attached message that cannot be read
    NO_WORKBOOK = "no workbook"


@dataclass(frozen=True)
class Envelope:
    """Who sent a message, about what and when, as its headers say."""

    sender: str = ""  # the From header, decoded: 'Jo Bloggs <jo@example.org>'
    address: str = ""  # just the address, for a reply: 'jo@example.org'
    subject: str = ""
    date: datetime | None = None  # the Date header; None when missing or unreadable


@dataclass(frozen=True)
class Provenance:
    """Where a return came from, for the summary and for a receipt to its sender."""

    message: Path  # the saved message file given
    envelope: Envelope  # the message the workbook was attached to
    attachment: str  # the attachment's file name as sent ('' when it had none)

    @property
    def sender(self) -> str:
        return self.envelope.sender

    @property
    def address(self) -> str:
        return self.envelope.address

    @property
    def subject(self) -> str:
        return self.envelope.subject

    @property
    def date(self) -> datetime | None:
        return self.envelope.date

    def describe(self) -> str:
        """The message in words, to stand beside the attachment's name."""
        when = self.date.strftime("%d %B %Y %H:%M").lstrip("0") if self.date else ""
        return m.in_message(self.message.name, self.subject, self.sender, when)


@dataclass(frozen=True)
class Attachment:
    """A return workbook found in a message, not yet written anywhere."""

    data: bytes = field(repr=False)
    provenance: Provenance


@dataclass(frozen=True)
class Unusable:
    """Something in a message a person must deal with: reason, advice, and where."""

    message: Path
    kind: Trouble
    reason: str
    advice: str
    item: str = ""  # the attachment or linked file's name, '' for the message as a whole
    url: str = ""  # for a link: where the workbook is
    envelope: Envelope = Envelope()

    def line(self) -> str:
        """One line for the officer, placed like a WorkbookError."""
        text = f"{self.message.name}: {self.reason}"
        if self.url:
            text += f" ({self.url})"
        return f"{text} — {self.advice}" if self.advice else text


@dataclass
class Message:
    """A saved message read: its returns, what could not be used, what was skipped."""

    path: Path
    envelope: Envelope
    returns: list[Attachment] = field(default_factory=list)
    unusable: list[Unusable] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # names of pictures, signatures, ...


@dataclass(frozen=True)
class Extracted:
    """A return written out of a message, ready for `read_return`."""

    path: Path
    provenance: Provenance


@dataclass
class Unpacked:
    """What `extract_returns` made of one message."""

    message: Path
    envelope: Envelope
    returns: list[Extracted]
    unusable: list[Unusable]


def is_message(path: Path) -> bool:
    """Whether `path` is named like a saved e-mail; `read_message` checks the content."""
    return Path(path).suffix.lower() in MESSAGE_SUFFIXES


def read_message(path: Path, limits: Limits = Limits()) -> Message:
    """The returns in a saved .eml or .msg, and what a person must look at.

    Raises MessageError (one line for the officer) only when the file as a
    whole is not a readable message; trouble inside it is in `unusable`.
    """
    path = Path(path)
    data = _read_capped(path, limits)
    reader = _Reader(path, limits)
    try:
        envelope = reader.read(data, depth=0, chain=())
    except RecursionError:
        raise MessageError(path, m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN) from None
    return reader.result(envelope)


def extract_returns(path: Path, into: Path, limits: Limits = Limits()) -> Unpacked:
    """Write each return in the message into `into` (a folder the caller owns).

    Each gets a new file named after its attachment, made safe and unique;
    nothing already in `into` is replaced and nothing is written elsewhere.
    The file's modified time is the message's date, so versions keep their order.
    """
    message = read_message(path, limits)
    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    folder = into.resolve()
    written: list[Extracted] = []
    for number, found in enumerate(message.returns, start=1):
        target = _write_new(folder, _stem(found.provenance.attachment, number), found.data)
        if found.provenance.date:
            stamp = found.provenance.date.timestamp()
            _set_times(target, stamp)
        written.append(Extracted(target, found.provenance))
    return Unpacked(message.path, message.envelope, written, message.unusable)


# --- Reading -----------------------------------------------------------------


def _read_capped(path: Path, limits: Limits) -> bytes:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise MessageError(path, m.IS_A_FOLDER_NOT_MESSAGE, m.NAME_THE_MESSAGE)
        if size > limits.message_bytes:
            raise MessageError(path, m.message_too_large(size), m.SAVE_ATTACHMENT_INSTEAD)
        data = path.read_bytes()
    except FileNotFoundError:
        raise MessageError(path, m.FILE_NOT_FOUND, m.CHECK_NAME_AND_FOLDER) from None
    except OSError as exc:
        raise MessageError(path, m.cannot_open_message(exc.__class__.__name__),
                           m.SAVE_MESSAGE_AGAIN) from None
    if not data:
        raise MessageError(path, m.EMPTY_FILE, m.SAVE_MESSAGE_AGAIN)
    return data


class _Reader:
    """Walks one saved message and everything forwarded inside it."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.returns: list[Attachment] = []
        self.unusable: list[Unusable] = []
        self.skipped: list[str] = []
        self.weak_links: list[tuple[str, Envelope]] = []
        self.seen: set[bytes] = set()
        self.bytes_read = 0
        self.attachments = 0
        self.parts = 0

    def read(self, data: bytes, depth: int, chain: tuple[Envelope, ...]) -> Envelope:
        """Read one message's bytes (.msg or .eml, by content); raise if it is neither."""
        if data.startswith(OLE_MAGIC):
            return self._read_msg(data, depth, chain)
        return self._read_eml(data, depth, chain)

    def result(self, envelope: Envelope) -> Message:
        unusable = list(self.unusable)
        # A link typed in the reply is only the answer when nothing else is:
        # no workbook came, and Outlook marked no link as an attachment.
        linked: set[str] = {u.url for u in unusable if u.kind is Trouble.LINK}
        if not self.returns and not linked:
            for url, env in self.weak_links:
                if url not in linked:
                    linked.add(url)
                    unusable.append(self._link(url, _name_in_url(url), env))
        if not self.returns and not unusable:
            unusable.append(Unusable(self.path, Trouble.NO_WORKBOOK, m.NO_WORKBOOK,
                                     m.ASK_FOR_ATTACHMENT, envelope=envelope))
        return Message(self.path, envelope, list(self.returns), unusable, list(self.skipped))

    # -- .eml ----------------------------------------------------------------

    def _read_eml(self, data: bytes, depth: int, chain: tuple[Envelope, ...]) -> Envelope:
        from email import policy
        from email.parser import BytesParser

        if not _looks_like_headers(data):
            raise MessageError(self.path, m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN)
        try:
            parsed = BytesParser(policy=policy.default).parsebytes(data)
        except Exception:  # the parser is lenient; anything it raises means junk
            raise MessageError(self.path, m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN) from None
        if not any(_header(parsed, h) for h in ("From", "Date", "Subject", "Message-ID",
                                                "MIME-Version")):
            raise MessageError(self.path, m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN)
        return self._eml_message(parsed, depth, chain)

    def _eml_message(self, msg: Any, depth: int, chain: tuple[Envelope, ...]) -> Envelope:
        envelope = _eml_envelope(msg)
        texts: list[str] = []
        htmls: list[str] = []
        self._eml_part(msg, envelope, depth, chain, texts, htmls, nesting=0)
        for value in _safely(lambda: msg.get_all("Document-Reference")) or ():
            url, name = _document_reference(str(value))
            if url:
                self._add_link(url, name, envelope)
        self._scan_bodies(texts, htmls, envelope)
        return envelope

    def _eml_part(self, part: Any, envelope: Envelope, depth: int,
                  chain: tuple[Envelope, ...], texts: list[str], htmls: list[str],
                  nesting: int) -> None:
        self.parts += 1
        if self.parts > self.limits.parts or nesting > 50:
            raise MessageError(self.path, m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN)
        ctype = part.get_content_type()
        name = _part_name(part)
        if ctype in ("message/rfc822", "message/global"):
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if inner is not None and not isinstance(inner, str):
                if self._count(name or _eml_subject(inner), 0):
                    self._forwarded(lambda d, c: self._eml_message(inner, d, c),
                                    name or _eml_subject(inner), envelope, depth, chain)
            return
        if part.is_multipart():
            for sub in part.iter_parts():
                self._eml_part(sub, envelope, depth, chain, texts, htmls, nesting + 1)
            return
        disposition = part.get_content_disposition()
        if not name and disposition != "attachment" and ctype in ("text/plain", "text/html"):
            (htmls if ctype == "text/html" else texts).append(_part_text(part))
            return
        if not name and disposition != "attachment" and not ctype.startswith("application/"):
            return  # an inline picture without a name: never a return
        try:
            data = part.get_payload(decode=True) or b""
        except Exception:
            data = b""
        self._attachment(name, data, ctype, envelope, depth, chain)

    # -- .msg ----------------------------------------------------------------

    def _read_msg(self, data: bytes, depth: int, chain: tuple[Envelope, ...]) -> Envelope:
        try:
            root = _ole_storage(data)
        except Exception:
            raise MessageError(self.path, m.DAMAGED_MESSAGE, m.SAVE_MESSAGE_AGAIN) from None
        if not any(s.name == "__properties_version1.0" for s in root.streams):
            raise MessageError(self.path, m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN)
        from oxmsg import Message as OxMessage

        return self._msg_message(OxMessage(root), root, depth, chain)

    def _msg_message(self, msg: Any, storage: Any, depth: int,
                     chain: tuple[Envelope, ...]) -> Envelope:
        envelope = _msg_envelope(msg)
        for attachment_storage in storage.iter_attachment_storages():
            try:
                self._msg_attachment(attachment_storage, envelope, depth, chain)
            except MessageError:
                raise
            except Exception:
                self._unreadable(_msg_attachment_name(attachment_storage), envelope)
        texts = [t for t in (_safely(lambda: msg.body),) if t]
        htmls = [t for t in (_safely(lambda: msg.html_body),) if t]
        self._scan_bodies(texts, htmls, envelope)
        return envelope

    def _msg_attachment(self, storage: Any, envelope: Envelope, depth: int,
                        chain: tuple[Envelope, ...]) -> None:
        from oxmsg.attachment import Attachment as OxAttachment

        attachment = OxAttachment(storage)
        props = attachment.properties
        method = props.int_prop_value(PID_ATTACH_METHOD)
        name = _msg_attachment_name(storage)
        if method == ATTACH_EMBEDDED_MESSAGE:
            inner = next((s for s in storage.storages if s.name == EMBEDDED_MESSAGE_STORAGE),
                         None)
            if inner is None:
                self._unreadable(name, envelope)
                return
            if self._count(name, 0):
                embedded = _embedded_message(inner)
                self._forwarded(lambda d, c: self._msg_message(embedded, inner, d, c),
                                name, envelope, depth, chain)
            return
        if method in ATTACH_BY_REFERENCE:
            url = (props.str_prop_value(PID_ATTACH_LONG_PATHNAME)
                   or props.str_prop_value(PID_ATTACH_PATHNAME) or "")
            self._add_link(url, name, envelope)
            return
        if method != ATTACH_BY_VALUE:
            self.skipped.append(name)  # an OLE object or nothing at all
            return
        self._attachment(name, attachment.file_bytes or b"", attachment.mime_type or "",
                         envelope, depth, chain)

    # -- attachments, whichever kind of message ---------------------------------

    def _count(self, name: str, size: int) -> bool:
        """Count an attachment against the limits; False (and listed) when over."""
        self.attachments += 1
        if self.attachments > self.limits.attachments:
            if self.attachments == self.limits.attachments + 1:
                self.unusable.append(Unusable(
                    self.path, Trouble.TOO_MANY, m.too_many_attachments(self.limits.attachments),
                    m.SAVE_ATTACHMENTS_INSTEAD))
            return False
        self.bytes_read += size
        if self.bytes_read > self.limits.attachment_bytes:
            self.unusable.append(Unusable(
                self.path, Trouble.TOO_LARGE, m.attachment_too_large(name or "?",
                                                                      self.bytes_read),
                m.SAVE_ATTACHMENTS_INSTEAD, item=name))
            return False
        return True

    def _attachment(self, name: str, data: bytes, ctype: str, envelope: Envelope,
                    depth: int, chain: tuple[Envelope, ...]) -> None:
        if not self._count(name, len(data)):
            return
        kind = _classify(name, data, ctype)
        if kind == "return":
            digest = _digest(data)
            if digest in self.seen:
                self.skipped.append(name)  # the same workbook attached twice
                return
            self.seen.add(digest)
            self.returns.append(Attachment(data, Provenance(self.path, envelope, name)))
        elif kind == "message":
            self._forwarded(lambda d, c: self._nested(data, name, d, c), name, envelope,
                            depth, chain)
        elif kind == "winmail":
            self.unusable.append(Unusable(self.path, Trouble.WINMAIL, m.WINMAIL,
                                          m.SAVE_FROM_OUTLOOK, item=name, envelope=envelope))
        elif kind in WRONG_FORMATS:
            what, advice = WRONG_FORMATS[kind]
            self.unusable.append(Unusable(self.path, Trouble.WRONG_FORMAT,
                                          m.attachment_is(name, what), advice, item=name,
                                          envelope=envelope))
        else:
            self.skipped.append(name)

    def _nested(self, data: bytes, name: str, depth: int,
                chain: tuple[Envelope, ...]) -> Envelope:
        """A message attached as a file (an .msg dragged into a reply, an .eml)."""
        try:
            return self.read(data, depth, chain)
        except MessageError:
            self._unreadable(name, chain[-1] if chain else Envelope())
            return Envelope()

    def _forwarded(self, read: Any, name: str, envelope: Envelope, depth: int,
                   chain: tuple[Envelope, ...]) -> None:
        if depth + 1 > self.limits.depth:
            self.unusable.append(Unusable(self.path, Trouble.TOO_DEEP,
                                          m.forwarded_too_deep(self.limits.depth),
                                          m.SAVE_ATTACHMENTS_INSTEAD, item=name,
                                          envelope=envelope))
            return
        read(depth + 1, (*chain, envelope))

    def _unreadable(self, name: str, envelope: Envelope) -> None:
        self.unusable.append(Unusable(self.path, Trouble.UNREADABLE,
                                      m.attached_message_unreadable(name or "?"),
                                      m.SAVE_ATTACHMENTS_INSTEAD, item=name, envelope=envelope))

    # -- links -------------------------------------------------------------------

    def _link(self, url: str, name: str, envelope: Envelope) -> Unusable:
        reason = m.holds_link_to(name) if name else m.HOLDS_LINK
        return Unusable(self.path, Trouble.LINK, reason, m.DOWNLOAD_FROM_LINK, item=name,
                        url=url, envelope=envelope)

    def _add_link(self, url: str, name: str, envelope: Envelope) -> None:
        """A link Outlook itself marked as an attachment: always listed."""
        url = url.strip()
        for known in self.unusable:
            if known.kind is Trouble.LINK and known.url == url:
                return
        self.unusable.append(self._link(url, name or _name_in_url(url), envelope))

    def _scan_bodies(self, texts: list[str], htmls: list[str], envelope: Envelope) -> None:
        for body in htmls:
            for url, name in _owa_links(body):
                self._add_link(url, name, envelope)
        for body in htmls:
            for url in _cloud_urls(_before_quote(body, QUOTE_HTML)):
                self.weak_links.append((url, envelope))
        for body in texts:
            for url in _cloud_urls(_before_quote(body, QUOTE_TEXT)):
                self.weak_links.append((url, envelope))


# --- Helpers -----------------------------------------------------------------


def _looks_like_headers(data: bytes) -> bool:
    """Whether the bytes start like RFC 5322 headers (a workbook or PDF never does)."""
    head = data[:1000].lstrip(b"\r\n")
    first = head.split(b"\n", 1)[0]
    return re.match(rb"^[!-9;-~]{1,76}:", first) is not None


def _header(msg: Any, name: str) -> str:
    try:
        value = msg.get(name)
        return "" if value is None else str(value).strip()
    except Exception:  # a malformed header must not stop the message
        return ""


def _decode(raw: str) -> str:
    """An RFC 2047 header value in plain text, or as it is if it cannot be decoded."""
    if "=?" not in raw:
        return raw
    try:
        return str(make_header(decode_header(raw)))
    except Exception:
        return raw


def _date(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def _sender(text: str) -> tuple[str, str]:
    """('Jo Bloggs <jo@example.org>', 'jo@example.org'), written the same for .eml and .msg."""
    text = " ".join(text.split())
    name, address = parseaddr(text)
    if name and address:
        return f"{name} <{address}>", address
    return text, address


def _eml_envelope(msg: Any) -> Envelope:
    sender, address = _sender(_header(msg, "From"))
    return Envelope(sender, address, _eml_subject(msg), _date(_header(msg, "Date")))


def _eml_subject(msg: Any) -> str:
    return " ".join(_header(msg, "Subject").split())


def _part_name(part: Any) -> str:
    try:
        name = part.get_filename() or part.get_param("name") or ""
    except Exception:
        name = ""
    if isinstance(name, tuple):  # an RFC 2231 value the parser left undecoded
        name = name[2]
    return _decode(str(name)).strip()


def _part_text(part: Any) -> str:
    try:
        return str(part.get_content())
    except Exception:  # an unknown charset: the links are ASCII anyway
        raw = part.get_payload(decode=True) or b""
        return raw.decode("utf-8", "replace")


def _document_reference(value: str) -> tuple[str, str]:
    """(url, file name) from Outlook's Document-Reference header for a cloud attachment."""
    fields = [f.strip() for f in value.split(";")]
    url = unquote(fields[0]) if fields else ""
    name = ""
    for item in fields[1:]:
        key, _, val = item.partition("=")
        if key.strip().lower() == "filename":
            name = unquote(val.strip().strip('"'))
    return (url if url.lower().startswith(("http://", "https://")) else ""), name


def _ole_storage(data: bytes) -> Any:
    # olefile takes bytes under 1536 long for a file name: always hand it a stream.
    from olefile import OleFileIO
    from oxmsg.storage import Storage

    with OleFileIO(io.BytesIO(data)) as ole:
        return Storage.from_ole(ole)


def _embedded_message(storage: Any) -> Any:
    """python-oxmsg's Message over a message attached inside another (24-byte header)."""
    from oxmsg import Message as OxMessage
    from oxmsg.properties import Properties

    class Embedded(OxMessage):
        @property
        def properties(self) -> Properties:
            return self._embedded_properties

    embedded = Embedded(storage)
    embedded._embedded_properties = Properties(storage, properties_header_offset=(
        EMBEDDED_HEADER_BYTES))
    return embedded


def _msg_envelope(msg: Any) -> Envelope:
    headers = _safely(lambda: msg.message_headers) or {}
    lower = {str(k).lower(): str(v) for k, v in headers.items()}
    sender, address = _sender(_decode(lower.get("from", "")
                                      or (_safely(lambda: msg.sender) or "")))
    subject = " ".join((_safely(lambda: msg.subject) or _decode(lower.get("subject", ""))).split())
    date = (_date(lower.get("date", "")) or _safely(lambda: msg.sent_date)
            or _safely(lambda: msg.properties.date_prop_value(PID_MESSAGE_DELIVERY_TIME)))
    return Envelope(sender, address, subject, date)


def _msg_attachment_name(storage: Any) -> str:
    from oxmsg.attachment import Attachment as OxAttachment

    props = _safely(lambda: OxAttachment(storage).properties)
    if props is None:
        return ""
    for pid in (0x3707, PID_ATTACH_FILENAME, PID_DISPLAY_NAME):
        name = _safely(lambda pid=pid: props.str_prop_value(pid))
        if name:
            return name.strip().rstrip("\x00")
    return ""


def _safely(get: Any) -> Any:
    """A value a damaged message may not give; None rather than a crash."""
    try:
        return get()
    except Exception:
        return None


def _classify(name: str, data: bytes, ctype: str) -> str:
    """'return', 'message', 'winmail', a WRONG_FORMATS suffix, or 'other'."""
    lower = name.lower()
    suffix = Path(lower).suffix if "." in lower else ""
    if suffix == ".xlsx":
        return "return"  # even when damaged or encrypted: the merge says what is wrong
    if lower == "winmail.dat" or ctype == "application/ms-tnef" or data.startswith(TNEF_MAGIC):
        return "winmail"
    if suffix in (".eml", ".msg") or ctype in MESSAGE_TYPES:
        return "message"
    if suffix in WRONG_FORMATS:
        return suffix
    if data.startswith(ZIP_MAGIC):
        parts = _zip_names(data)
        if "xl/workbook.xml" in parts:
            return "return"  # an .xlsm, or a workbook with a wrong name or none
        if "xl/workbook.bin" in parts:
            return ".xlsb"
    elif ctype == XLSX_TYPE and not suffix:
        return "return"
    return "other"


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return set()


def _digest(data: bytes) -> bytes:
    import hashlib

    return hashlib.sha256(data).digest()


def _before_quote(body: str, quote: re.Pattern[str]) -> str:
    found = quote.search(body)
    return body[: found.start()] if found else body


def _is_cloud(url: str) -> bool:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host == h or host.endswith("." + h) for h in CLOUD_HOSTS)


def _cloud_urls(text: str) -> Iterator[str]:
    for match in URL.finditer(html.unescape(text)):
        url = match.group(0).rstrip(").,;:!?]'")
        if _is_cloud(url):
            yield url


def _owa_links(body: str) -> Iterator[tuple[str, str]]:
    """(url, file name) of each cloud attachment in Outlook on the web's own block."""
    start = OWA_BLOCK.search(body)
    if not start:
        return
    end = OWA_BLOCK_END.search(body, start.end())
    block = body[start.end(): end.start() if end else start.end() + 50_000]
    for href, text in ANCHOR.findall(block):
        url = html.unescape(href).strip()
        if url.lower().startswith(("http://", "https://")):
            label = " ".join(html.unescape(TAG.sub("", text)).split())
            yield url, label


def _name_in_url(url: str) -> str:
    """The workbook's name when the link ends in one ('' for a sharing link)."""
    last = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return last if last.lower().endswith(".xlsx") else ""


def _stem(name: str, number: int) -> str:
    base = name
    if "." in base and len(base.rsplit(".", 1)[1]) <= 8:
        base = base.rsplit(".", 1)[0]
    stem = safe_file_stem(base)
    return stem if stem.strip("_") else f"attachment {number}"


def _write_new(folder: Path, stem: str, data: bytes) -> Path:
    """Write `data` as a new .xlsx in `folder`; never replaces a file, never leaves it."""
    if Path(stem).name != stem or stem in (".", ".."):  # safe_file_stem rules this out
        stem = "attachment"
    for n in range(1, 10_000):
        target = folder / (f"{stem}.xlsx" if n == 1 else f"{stem} ({n}).xlsx")
        try:
            with open(target, "xb") as handle:
                handle.write(data)
        except FileExistsError:
            continue
        return target
    raise FileExistsError(folder / f"{stem}.xlsx")


def _set_times(path: Path, stamp: float) -> None:
    import os

    try:
        os.utime(path, (stamp, stamp))
    except (OSError, OverflowError, ValueError):
        pass


# --- returns read from the messages -------------------------------------------------

@dataclass
class FromMessages:
    """The returns saved e-mails carried, and what in them a person must see to."""

    returns: list[ReturnWorkbook] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    # The return's path -> (sender's name, address, the message's subject): receipts.
    senders: dict[Path, tuple[str, str, str]] = field(default_factory=dict)


def read_messages(messages: Iterable[Path], into: Path) -> FromMessages:
    """Each workbook attached to each message, read as a return named after the message.

    The attachments are written into `into` (a temporary folder) and read
    from there; each return's path is then "<message>/<attachment>", so the
    summary names both, and `origin` says who sent it and when.
    """
    from ..workbooks.return_reader import read_return

    out = FromMessages()
    for number, message in enumerate(messages):
        try:
            unpacked = extract_returns(message, into / str(number))
        except MessageError as exc:
            out.rejected.append(Rejection(Path(message), exc.reason, exc.advice))
            continue
        for item in unpacked.unusable:
            out.rejected.append(Rejection(Path(message), item.reason, item.advice,
                                          cell=item.item, value=item.url))
        for extracted in unpacked.returns:
            shown = Path(message) / (extracted.provenance.attachment or extracted.path.name)
            sender = (extracted.provenance.envelope.sender.split("<")[0].strip().strip('"'),
                      extracted.provenance.address, extracted.provenance.subject)
            try:
                ret = read_return(extracted.path)
            except ReturnError as exc:
                out.rejected.append(Rejection(shown, exc.reason, exc.advice, exc.sheet or "",
                                              exc.cell or ""))
                out.senders[shown] = sender
                continue
            for rejection in ret.rejected:
                rejection.path = shown
            ret.path, ret.origin = shown, extracted.provenance.describe()
            out.returns.append(ret)
            out.senders[shown] = sender
    return out
