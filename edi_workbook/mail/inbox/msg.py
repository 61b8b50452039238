"""Saved messages from desktop Outlook (.msg): OLE compound files, read with python-oxmsg.

python-oxmsg gives a message's properties and attachments; an attached
message (an .msg dragged into a reply) is read by hand from its storage.
"""

from __future__ import annotations

import io
from typing import Any

from ...core import messages as m
from ...core.errors import MessageError
from .found import Envelope, decode_words, first_address, header_date, split_sender
from .walk import Reader, safely

# MAPI (MS-OXPROPS / MS-OXCMSG) numbers python-oxmsg does not name for us.
PID_ATTACH_METHOD = 0x3705
PID_ATTACH_LONG_PATHNAME = 0x370D
PID_ATTACH_PATHNAME = 0x3708
PID_ATTACH_FILENAME = 0x3704
PID_DISPLAY_NAME = 0x3001
PID_MESSAGE_DELIVERY_TIME = 0x0E06
PID_INTERNET_MESSAGE_ID = 0x1035  # the Message-ID header, kept as a property
PID_INTERNET_REFERENCES = 0x1039
PID_TRANSPORT_MESSAGE_HEADERS = 0x007D
PID_SENDER_NAME = 0x0C1A
PID_SENDER_EMAIL_ADDRESS = 0x0C1F
PID_SENDER_SMTP_ADDRESS = 0x5D01
PID_SENT_REPRESENTING_NAME = 0x0042
ATTACH_BY_VALUE, ATTACH_EMBEDDED_MESSAGE = 1, 5
ATTACH_BY_REFERENCE = (2, 3, 4, 7)  # 7: afByWebReference, new Outlook's cloud attachment
EMBEDDED_MESSAGE_STORAGE = "__substg1.0_3701000D"
EMBEDDED_HEADER_BYTES = 24  # MS-OXMSG 2.4.1.2: an embedded message's properties header


def read_msg(reader: Reader, data: bytes, depth: int, chain: tuple[Envelope, ...]) -> Envelope:
    try:
        root = _ole_storage(data)
    except Exception:
        raise MessageError(reader.path, m.DAMAGED_MESSAGE, m.SAVE_MESSAGE_AGAIN) from None
    if not any(s.name == "__properties_version1.0" for s in root.streams):
        raise MessageError(reader.path, m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN)
    from oxmsg import Message as OxMessage

    return msg_message(reader, OxMessage(root), root, depth, chain)

def msg_message(reader: Reader, msg: Any, storage: Any, depth: int,
                 chain: tuple[Envelope, ...]) -> Envelope:
    envelope = _msg_envelope(reader, msg)
    for attachment_storage in storage.iter_attachment_storages():
        try:
            msg_attachment(reader, attachment_storage, envelope, depth, chain)
        except MessageError:
            raise
        except Exception:
            reader.unreadable(_msg_attachment_name(attachment_storage), envelope)
    texts = [t for t in (safely(lambda: msg.body),) if t]
    htmls = [t for t in (safely(lambda: msg.html_body),) if t]
    reader.scan_bodies(texts, htmls, envelope)
    return envelope

def msg_attachment(reader: Reader, storage: Any, envelope: Envelope, depth: int,
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
            reader.unreadable(name, envelope)
            return
        if reader.count(name, 0):
            embedded = _embedded_message(inner)
            reader.forwarded(lambda d, c: msg_message(reader, embedded, inner, d, c),
                            name, envelope, depth, chain)
        return
    if method in ATTACH_BY_REFERENCE:
        url = (props.str_prop_value(PID_ATTACH_LONG_PATHNAME)
               or props.str_prop_value(PID_ATTACH_PATHNAME) or "")
        reader.add_link(url, name, envelope)
        return
    if method != ATTACH_BY_VALUE:
        reader.skipped.append(name)  # an OLE object or nothing at all
        return
    reader.attachment(name, attachment.file_bytes or b"", attachment.mime_type or "",
                     envelope, depth, chain)


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


def _msg_envelope(reader: Reader, msg: Any) -> Envelope:
    """Who sent it, about what, when: the transport headers Outlook kept, else its properties.

    Every text is checked against the header limits before it is parsed.
    """
    raw = safely(lambda: msg.properties.str_prop_value(PID_TRANSPORT_MESSAGE_HEADERS)) or ""
    if len(raw) > reader.limits.header_bytes:
        raise MessageError(reader.path, m.headers_too_large(len(raw),
                                                            reader.limits.header_bytes),
                           m.SAVE_ATTACHMENT_INSTEAD)
    lower: dict[str, str] = {}
    if raw:
        from email.parser import HeaderParser
        from email.policy import compat32

        fields = safely(lambda: HeaderParser(policy=compat32).parsestr(raw).items()) or []
        reader.check_headers(fields)
        for name, value in fields:
            lower.setdefault(str(name).lower(), str(value))
    sender_text = decode_words(lower.get("from", "")) or _property_sender(msg)
    subject = safely(lambda: msg.subject) or decode_words(lower.get("subject", ""))
    reader.check_headers([("From", sender_text), ("Subject", subject)])
    sender, address = split_sender(sender_text)
    date = (header_date(lower.get("date", "")) or safely(lambda: msg.sent_date)
            or safely(lambda: msg.properties.date_prop_value(PID_MESSAGE_DELIVERY_TIME)))
    message_id = (lower.get("message-id", "")
                  or safely(lambda: msg.properties.str_prop_value(PID_INTERNET_MESSAGE_ID))
                  or "")
    references = (lower.get("references", "")
                  or safely(lambda: msg.properties.str_prop_value(PID_INTERNET_REFERENCES))
                  or "")
    to = first_address(decode_words(lower.get("to", "")))
    return Envelope(sender, address, " ".join(subject.split()), date, str(message_id)[:1000],
                    str(references)[:8000], to)


def _property_sender(msg: Any) -> str:
    """The sender from the message's own properties (no transport headers: a draft, say)."""
    props = safely(lambda: msg.properties)
    if props is None:
        return ""
    name = (safely(lambda: props.str_prop_value(PID_SENDER_NAME)) or "").strip()
    address = (safely(lambda: props.str_prop_value(PID_SENDER_EMAIL_ADDRESS))
               or safely(lambda: props.str_prop_value(PID_SENDER_SMTP_ADDRESS)) or "")
    if address:
        return f'"{name}" <{address}>' if name else f"<{address}>"
    return safely(lambda: props.str_prop_value(PID_SENT_REPRESENTING_NAME)) or ""


def _msg_attachment_name(storage: Any) -> str:
    from oxmsg.attachment import Attachment as OxAttachment

    props = safely(lambda: OxAttachment(storage).properties)
    if props is None:
        return ""
    for pid in (0x3707, PID_ATTACH_FILENAME, PID_DISPLAY_NAME):
        name = safely(lambda pid=pid: props.str_prop_value(pid))
        if name:
            return name.strip().rstrip("\x00")
    return ""
