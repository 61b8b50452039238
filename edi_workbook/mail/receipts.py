"""A receipt to each lead whose return was merged: what became of their words.

The receipts' content is worked out in `core.receipts`; here they become
e-mails, as drafts for the officer to send or sent over SMTP.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..core import messages as m
from ..core.errors import OutputError
from ..core.merge import MergeResult
from ..core.position import Position
from ..core.receipts import Thread, receipts
from ..core.validate import address_problem
from ..files import output_path
from ..workbooks.existing import may_replace_in_folder

RECEIPT_PREFIX = "Receipt – "


def check_receipts_folder(out_dir: Path) -> None:
    """Before a merge writes anything: refuse (OutputExists) if a receipt's name in
    `out_dir` holds a file this tool did not write, so a merge never writes its
    outputs and then stops at its receipts."""
    folder = Path(out_dir)
    if folder.is_dir():
        for path in sorted(folder.glob(f"{RECEIPT_PREFIX}*.eml")):
            may_replace_in_folder(path)


def deliver_receipts(result: MergeResult, senders: Mapping[Path, tuple[str, str, str]],
                     out_dir: Path, *, sender: str = "",
                     smtp: tuple[str, int] | None = None, starttls: bool = False,
                     user: str | None = None, password: str | None = None,
                     threads: Mapping[Path, Thread] | None = None,
                     position: Position | None = None) -> list[Path]:
    """A receipt to each lead whose return came in: .eml drafts in `out_dir`, or sent.

    Returns the drafts written (none when sent). A return whose service has
    no lead's address and which came by hand, not by e-mail, gets a draft
    with no addressee, for the officer to forward.
    """
    from ..mail.drafts import receipt_email, send_messages, sign_off, write_eml

    if smtp and not sender:
        raise OutputError(m.NEEDS_SENDER)
    if sender and (problem := address_problem("the sender (--sender)", sender, kind="sender")):
        raise OutputError(problem)
    found = receipts(result, dict(senders), threads=dict(threads or {}), position=position)
    closing = sign_off(result.plan, sender)
    messages = [receipt_email(r, sender=sender, sign_off=closing) for r in found]
    if smtp:
        send_messages(messages, smtp[0], smtp[1], starttls=starttls, user=user,
                      password=password)
        return []
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    paths = [output_path(out_dir, f"{RECEIPT_PREFIX}{r.service or r.return_name}", ".eml", taken)
             for r in found]
    for path in paths:  # never over a file of anyone else's: all or none written
        may_replace_in_folder(path)
    return [write_eml(message, path) for message, path in zip(messages, paths, strict=True)]
