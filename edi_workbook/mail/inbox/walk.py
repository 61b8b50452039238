"""Walking one saved message and everything forwarded inside it, whatever its kind.

`Reader` counts attachments against the limits, sorts each one (a return, a
message to read in turn, a wrong format, winmail.dat, a picture to skip) and
collects links that stand in for a workbook; `eml.py` and `msg.py` feed it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ...core import messages as m
from ...core.errors import MessageError
from ...core.limits import MessageLimits
from ...xlsx.package import part_names
from .found import Attachment, Envelope, Message, Provenance, Trouble, Unusable

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


# Reads one message's bytes for a Reader: eml.py's and msg.py's readers, chosen by
# the package (they call back into the Reader for what each message holds).
MessageFormat = Callable[["Reader", bytes, int, tuple[Envelope, ...]], Envelope]


class Reader:
    """Walks one saved message and everything forwarded inside it."""

    def __init__(self, path: Path, limits: MessageLimits, *, read_eml: MessageFormat,
                 read_msg: MessageFormat) -> None:
        self.path = path
        self.limits = limits
        self._read_eml, self._read_msg = read_eml, read_msg
        self.returns: list[Attachment] = []
        self.unusable: list[Unusable] = []
        self.skipped: list[str] = []
        self.weak_links: list[tuple[str, Envelope]] = []
        self.seen: set[bytes] = set()
        self.bytes_read = 0
        self.attachments = 0
        self.parts = 0
        self.parameter_chars = 0  # Content-Type and Content-Disposition, all parts

    def read(self, data: bytes, depth: int, chain: tuple[Envelope, ...]) -> Envelope:
        """Read one message's bytes (.msg or .eml, by content); raise if it is neither."""
        read = self._read_msg if data.startswith(OLE_MAGIC) else self._read_eml
        return read(self, data, depth, chain)

    def result(self, envelope: Envelope) -> Message:
        unusable = list(self.unusable)
        # A link typed in the reply is only the answer when nothing else is:
        # no workbook came, and Outlook marked no link as an attachment.
        linked: set[str] = {u.url for u in unusable if u.kind is Trouble.LINK}
        if not self.returns and not linked:
            for url, env in self.weak_links:
                if url not in linked:
                    linked.add(url)
                    unusable.append(self.link(url, _name_in_url(url), env))
        if not self.returns and not unusable:
            unusable.append(Unusable(self.path, Trouble.NO_WORKBOOK, m.NO_WORKBOOK,
                                     m.ASK_FOR_ATTACHMENT, envelope=envelope))
        return Message(self.path, envelope, list(self.returns), unusable, list(self.skipped))

    # -- the message's own shape, checked before anything parses it ---------------

    def check_headers(self, fields: Iterable[tuple[str, Any]]) -> None:
        """Refuse headers far past what mail programs write, before any is parsed.

        Only lengths are looked at (a pass as quick as reading the text); the
        longest header is named, else the count, else the total.
        """
        limits = self.limits
        total = count = longest = 0
        longest_name = ""
        for name, value in fields:
            size = max(len(value) if isinstance(value, str) else 0, len(name))
            count += 1
            total += len(name) + size
            if size > longest:
                longest, longest_name = size, name
        if longest > limits.header_chars:
            raise MessageError(self.path, m.header_too_long(
                longest_name[:40], longest, limits.header_chars), m.SAVE_ATTACHMENT_INSTEAD)
        if count > limits.headers:
            raise MessageError(self.path, m.too_many_headers(count, limits.headers),
                               m.SAVE_ATTACHMENT_INSTEAD)
        if total > limits.header_bytes:
            raise MessageError(self.path, m.headers_too_large(total, limits.header_bytes),
                               m.SAVE_ATTACHMENT_INSTEAD)

    def check_part_headers(self, fields: Iterable[tuple[str, Any]]) -> None:
        """A part's Content-Type and Content-Disposition, before their parameters are split."""
        limits = self.limits
        for name, value in fields:
            if name.lower() not in ("content-type", "content-disposition"):
                continue
            size = len(value) if isinstance(value, str) else 0
            if size > limits.parameter_chars:
                raise MessageError(self.path, m.header_too_long(
                    name[:40], size, limits.parameter_chars), m.SAVE_ATTACHMENT_INSTEAD)
            self.parameter_chars += size
            if self.parameter_chars > limits.parameters_bytes:
                raise MessageError(self.path, m.part_headers_too_large(
                    self.parameter_chars, limits.parameters_bytes), m.SAVE_ATTACHMENT_INSTEAD)

    def count_part(self, nesting: int) -> None:
        """Count one MIME part; refuse a message with more, or deeper, than any reply has."""
        self.parts += 1
        if self.parts > self.limits.parts:
            raise MessageError(self.path, m.too_many_parts(self.limits.parts),
                               m.SAVE_ATTACHMENT_INSTEAD)
        if nesting > self.limits.nesting:
            raise MessageError(self.path, m.parts_too_deep(self.limits.nesting),
                               m.SAVE_ATTACHMENT_INSTEAD)

    # -- attachments, whichever kind of message ---------------------------------

    def count(self, name: str, size: int) -> bool:
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

    def attachment(self, name: str, data: bytes, ctype: str, envelope: Envelope,
                    depth: int, chain: tuple[Envelope, ...]) -> None:
        if not self.count(name, len(data)):
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
            self.forwarded(lambda d, c: self.nested(data, name, d, c), name, envelope,
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

    def nested(self, data: bytes, name: str, depth: int,
                chain: tuple[Envelope, ...]) -> Envelope:
        """A message attached as a file (an .msg dragged into a reply, an .eml)."""
        try:
            return self.read(data, depth, chain)
        except MessageError:
            self.unreadable(name, chain[-1] if chain else Envelope())
            return Envelope()

    def forwarded(self, read: Any, name: str, envelope: Envelope, depth: int,
                   chain: tuple[Envelope, ...]) -> None:
        if depth + 1 > self.limits.depth:
            self.unusable.append(Unusable(self.path, Trouble.TOO_DEEP,
                                          m.forwarded_too_deep(self.limits.depth),
                                          m.SAVE_ATTACHMENTS_INSTEAD, item=name,
                                          envelope=envelope))
            return
        read(depth + 1, (*chain, envelope))

    def unreadable(self, name: str, envelope: Envelope) -> None:
        self.unusable.append(Unusable(self.path, Trouble.UNREADABLE,
                                      m.attached_message_unreadable(name or "?"),
                                      m.SAVE_ATTACHMENTS_INSTEAD, item=name, envelope=envelope))

    # -- links -------------------------------------------------------------------

    def link(self, url: str, name: str, envelope: Envelope) -> Unusable:
        reason = m.holds_link_to(name) if name else m.HOLDS_LINK
        return Unusable(self.path, Trouble.LINK, reason, m.DOWNLOAD_FROM_LINK, item=name,
                        url=url, envelope=envelope)

    def add_link(self, url: str, name: str, envelope: Envelope) -> None:
        """A link Outlook itself marked as an attachment: always listed."""
        url = url.strip()
        for known in self.unusable:
            if known.kind is Trouble.LINK and known.url == url:
                return
        self.unusable.append(self.link(url, name or _name_in_url(url), envelope))

    def scan_bodies(self, texts: list[str], htmls: list[str], envelope: Envelope) -> None:
        for body in htmls:
            for url, name in _owa_links(body):
                self.add_link(url, name, envelope)
        for body in htmls:
            for url in _cloud_urls(_before_quote(body, QUOTE_HTML)):
                self.weak_links.append((url, envelope))
        for body in texts:
            for url in _cloud_urls(_before_quote(body, QUOTE_TEXT)):
                self.weak_links.append((url, envelope))


def safely(get: Any) -> Any:
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
        parts = part_names(data)
        if "xl/workbook.xml" in parts:
            return "return"  # an .xlsm, or a workbook with a wrong name or none
        if "xl/workbook.bin" in parts:
            return ".xlsb"
    elif ctype == XLSX_TYPE and not suffix:
        return "return"
    return "other"


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
