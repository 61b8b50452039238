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
depth are capped (`core.limits.MessageLimits`), attachment names never become paths without
`safe_file_stem`, and nothing is written except new files in the folder the
caller names. The input file is only read.

winmail.dat (TNEF) is listed, not unpacked: the one Python reader,
tnefparse, is LGPL-3.0 and has had no release since January 2021.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ...core import messages as m
from ...core.cells import safe_file_stem
from ...core.errors import MessageError, ReturnError
from ...core.limits import MESSAGE_LIMITS, MessageLimits
from ...core.receipts import Thread
from ...core.returns import Rejection, ReturnWorkbook
from ...xlsx.filecheck import MESSAGE_SUFFIXES
from .eml import read_eml
from .found import (
    Attachment,
    Envelope,
    Extracted,
    Message,
    Provenance,
    Trouble,
    Unpacked,
    Unusable,
)
from .msg import read_msg
from .walk import Reader

__all__ = ["Attachment", "Envelope", "Extracted", "FromMessages", "Message", "Provenance",
           "Trouble", "Unpacked", "Unusable", "extract_returns", "is_message", "read_message",
           "read_messages"]


def is_message(path: Path) -> bool:
    """Whether `path` is named like a saved e-mail; `read_message` checks the content."""
    return Path(path).suffix.lower() in MESSAGE_SUFFIXES


def read_message(path: Path, limits: MessageLimits = MESSAGE_LIMITS) -> Message:
    """The returns in a saved .eml or .msg, and what a person must look at.

    Raises MessageError (one line for the officer) only when the file as a
    whole is not a readable message; trouble inside it is in `unusable`.
    """
    path = Path(path)
    data = _read_capped(path, limits)
    reader = Reader(path, limits, read_eml=read_eml, read_msg=read_msg)
    try:
        envelope = reader.read(data, depth=0, chain=())
    except RecursionError:
        raise MessageError(path, m.NOT_A_MESSAGE, m.SAVE_MESSAGE_AGAIN) from None
    return reader.result(envelope)


def extract_returns(path: Path, into: Path, limits: MessageLimits = MESSAGE_LIMITS) -> Unpacked:
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


def _read_capped(path: Path, limits: MessageLimits) -> bytes:
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
    # The return's path -> the message it came in, for a receipt in its thread.
    threads: dict[Path, Thread] = field(default_factory=dict)


def read_messages(messages: Iterable[Path], into: Path) -> FromMessages:
    """Each workbook attached to each message, read as a return named after the message.

    The attachments are written into `into` (a temporary folder) and read
    from there; each return's path is then "<message>/<attachment>", so the
    summary names both, and `origin` says who sent it and when.
    """
    from ...workbooks.return_reader import read_return

    out = FromMessages()
    for number, message in enumerate(messages):
        try:
            unpacked = extract_returns(message, into / str(number))
        except MessageError as exc:
            out.rejected.append(Rejection(Path(message), exc.reason, exc.advice))
            continue
        for item in unpacked.unusable:  # the message, or one attachment or link in it
            where = Path(message) / Path(item.item).name if item.item else Path(message)
            out.rejected.append(Rejection(where, item.reason, item.advice, value=item.url))
        for extracted in unpacked.returns:
            shown = Path(message) / (extracted.provenance.attachment or extracted.path.name)
            sender = (extracted.provenance.envelope.sender.split("<")[0].strip().strip('"'),
                      extracted.provenance.address, extracted.provenance.subject)
            envelope = extracted.provenance.envelope
            out.threads[shown] = Thread(envelope.message_id, envelope.references, envelope.to)
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
