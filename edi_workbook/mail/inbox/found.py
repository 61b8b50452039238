"""What a saved message holds, in the officer's terms: who sent it, the returns, the trouble.

The .eml and .msg readers both speak in these, so the rest of the tool never
knows which kind of message a return came in.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from email.header import decode_header, make_header
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

from ...core import messages as m


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
    # What a reply needs to join the message's thread: its Message-ID and References
    # headers as they came, and the address it was sent to (the officer's). Not who
    # sent it, about what or when, so two envelopes compare without them.
    message_id: str = field(default="", compare=False)
    references: str = field(default="", compare=False)
    to: str = field(default="", compare=False)


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


# --- Headers as people read them, for either kind of message --------------------

def decode_words(raw: str) -> str:
    """An RFC 2047 header value in plain text, or as it is if it cannot be decoded."""
    if "=?" not in raw:
        return raw
    try:
        return str(make_header(decode_header(raw)))
    except Exception:
        return raw


def header_date(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def first_address(text: str) -> str:
    """The first address of a To header ('Jo <jo@example.org>, ...' -> 'jo@example.org'),
    or '' when none reads as one."""
    from email.utils import getaddresses

    try:  # the first address is near the start: a To of thousands is not parsed whole
        found = getaddresses([" ".join(text[:2000].split())])
    except (RecursionError, ValueError, IndexError):
        return ""
    for _, address in found:
        if "@" in address and not any(c.isspace() or c in "<>\"," for c in address):
            return address
    return ""


def split_sender(text: str) -> tuple[str, str]:
    """('Jo Bloggs <jo@example.org>', 'jo@example.org'), written the same for .eml and .msg."""
    text = " ".join(text.split())
    try:
        name, address = parseaddr(text)
    except (RecursionError, ValueError, IndexError):  # comments nested thousands deep
        return text, ""
    if name and address:
        return f"{name} <{address}>", address
    return text, address
