"""Saved messages in RFC 5322 form (.eml): Outlook on the web, Thunderbird, Apple Mail.

Headers are kept as the text they arrived as and checked against the limits
(`core.limits.MessageLimits`) before anything reads them: the standard
library's structured header parsers take time that grows with the square of
a header's length, so they are never used. From, Subject and Date are decoded
by `email.header` and `email.utils`, which are linear; a part's Content-Type
and Content-Disposition are split by the message's own parameter splitting,
which is not, so those are held to a few KB each.
"""

from __future__ import annotations

import re
from email.policy import EmailPolicy
from typing import Any
from urllib.parse import unquote

from ...core import messages as m
from ...core.errors import MessageError
from .found import Envelope, decode_words, first_address, header_date, split_sender
from .walk import Reader, safely

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _RawHeaders(EmailPolicy):
    """policy.default's messages, each header given back as its unfolded text.

    Never the structured header objects, whose parsing is what stalled on a
    From of 10,000 addresses; bytes that are not ASCII are read as UTF-8, as
    mail programs write them today (RFC 6532).
    """

    def header_fetch_parse(self, name: str, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        text = _LINE_BREAK.sub("", value)
        if not text.isascii():
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return text


RAW_HEADERS = _RawHeaders()


def read_eml(reader: Reader, data: bytes, depth: int, chain: tuple[Envelope, ...]) -> Envelope:
    from email.parser import BytesParser

    if not _looks_like_headers(data):
        raise MessageError(reader.path, m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN)
    try:
        parsed = BytesParser(policy=RAW_HEADERS).parsebytes(data)
    except Exception:  # the parser is lenient; anything it raises means junk
        raise MessageError(reader.path, m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN) from None
    reader.check_headers(parsed.raw_items())
    if not any(_header(parsed, h) for h in ("From", "Date", "Subject", "Message-ID",
                                            "MIME-Version")):
        raise MessageError(reader.path, m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN)
    return eml_message(reader, parsed, depth, chain)


def eml_message(reader: Reader, msg: Any, depth: int, chain: tuple[Envelope, ...]) -> Envelope:
    reader.check_headers(msg.raw_items())
    envelope = _eml_envelope(msg)
    texts: list[str] = []
    htmls: list[str] = []
    eml_part(reader, msg, envelope, depth, chain, texts, htmls, nesting=0)
    for value in safely(lambda: msg.get_all("Document-Reference")) or ():
        url, name = _document_reference(str(value))
        if url:
            reader.add_link(url, name, envelope)
    reader.scan_bodies(texts, htmls, envelope)
    return envelope


def eml_part(reader: Reader, part: Any, envelope: Envelope, depth: int,
             chain: tuple[Envelope, ...], texts: list[str], htmls: list[str],
             nesting: int) -> None:
    reader.count_part(nesting)
    reader.check_headers(part.raw_items())
    reader.check_part_headers(part.raw_items())
    ctype = part.get_content_type()
    name = _part_name(part)
    if ctype in ("message/rfc822", "message/global"):
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if inner is not None and not isinstance(inner, str):
            if reader.count(name or _eml_subject(inner), 0):
                reader.forwarded(lambda d, c: eml_message(reader, inner, d, c),
                                 name or _eml_subject(inner), envelope, depth, chain)
        return
    if part.is_multipart():
        for sub in part.iter_parts():
            eml_part(reader, sub, envelope, depth, chain, texts, htmls, nesting + 1)
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
    reader.attachment(name, data, ctype, envelope, depth, chain)


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


def _eml_envelope(msg: Any) -> Envelope:
    sender, address = split_sender(decode_words(_header(msg, "From")))
    return Envelope(sender, address, _eml_subject(msg), header_date(_header(msg, "Date")),
                    _header(msg, "Message-ID"), _header(msg, "References"),
                    first_address(decode_words(_header(msg, "To"))))


def _eml_subject(msg: Any) -> str:
    return " ".join(decode_words(_header(msg, "Subject")).split())


def _part_name(part: Any) -> str:
    try:
        name = part.get_filename() or part.get_param("name") or ""
    except Exception:
        name = ""
    if isinstance(name, tuple):  # an RFC 2231 value the parser left undecoded
        name = name[2]
    return decode_words(str(name)).strip()


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
