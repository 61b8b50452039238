"""A receipt to each lead: what became of their return, in plain words. Pure.

A lead who sends a return back otherwise never learns which updates were
taken, which were not and why, or what is still expected of them. After a
merge, each return received gets one receipt, read in ten seconds: its first
line says how many of their changes are in the plan and whether anything more
is needed; then what was taken (action, what, the new words), what was not
(the reason, and the value they typed), a conflict ("another service said …;
the plan owner will decide"), anything typed outside the boxes; and it ends
with what is still needed (the position's: an update, or a new timescale for
an overdue action), or that nothing is. A return that came in an e-mail is
answered in its thread (In-Reply-To, References), from the address the lead
wrote to. mail.py turns a Receipt into a draft reply or sends it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import messages as m
from .limits import NAME_CHARS
from .merge import APPLIED, FILE_REJECTED, MergeResult
from .model import Plan, long_date
from .position import OWES_TIMESCALE, Position, position_of
from .returns import Rejection, ReturnWorkbook
from .schema import HEADER_FOR_FIELD
from .validate import text_problem, usable_address

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

QUOTE_LIMIT = 300  # characters of a lead's own words quoted back
_MESSAGE_ID = re.compile(r"<[^<>\s@]+@[^<>\s]+>")
REFERENCES_KEPT = 20  # the thread's latest message ids a reply carries


@dataclass(frozen=True)
class Thread:
    """The lead's message a return came in: what a reply needs to join its thread."""

    message_id: str = ""  # '<...@...>'
    references: str = ""  # its own References header, as it came
    to: str = ""  # the address the lead wrote to: the reply comes from it


def reply_references(thread: Thread) -> tuple[str, str]:
    """(In-Reply-To, References) for a reply to `thread`'s message: only well-formed message
    ids, the thread's latest REFERENCES_KEPT, so a header cannot carry anything else."""
    own = _MESSAGE_ID.findall(thread.message_id)[:1]
    if not own:
        return "", ""
    earlier = [i for i in _MESSAGE_ID.findall(thread.references) if i != own[0]]
    chain = [*earlier, own[0]][-REFERENCES_KEPT:]
    return own[0], " ".join(chain)


@dataclass
class Receipt:
    """One lead's receipt: to whom, about which return, and what to tell them."""

    service: str
    to_name: str
    to_address: str
    subject: str
    return_name: str
    taken: list[str] = field(default_factory=list)
    not_taken: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    still_expected: list[str] = field(default_factory=list)
    whole_file: str = ""  # the reason the file could not be read at all
    applied: int = 0  # boxes of theirs taken into the plan (the position's count)
    timescales_asked: int = 0  # of still_expected, the overdue actions' new timescales
    # A reply in the lead's own thread: their message's id and references, and the
    # address they wrote to (the receipt's From when no --sender is given).
    in_reply_to: str = ""
    references: str = ""
    reply_from: str = ""
    warning: str = ""  # why it is not addressed as the Services sheet says

    def body(self, sign_off: str) -> str:
        """The receipt's text: short paragraphs, lists one item a line, never hard-wrapped.
        The first line says what happened and what, if anything, is still needed; so does
        the last, above the sign-off."""
        lines = [f"Dear {self.to_name}," if self.to_name else "Hello,", ""]
        if self.whole_file:
            lines += [f"Thank you for sending {self.return_name}. Unfortunately it could not"
                      f" be read: {self.whole_file}.", ""]
        else:
            lines += [self.headline(), ""]
            lines += _section(f"Taken into the plan from {self.return_name}:", self.taken,
                              f"Nothing was changed by {self.return_name}: the plan already"
                              " held what you sent.")
            lines += _section("Not taken, and why:", self.not_taken)
            lines += _section("Typed outside the boxes, so not read (please put it in the"
                              " white boxes or in Comments):", self.outside)
        lines += _section("Still needed from you:", self.still_expected, self.ending())
        lines += ["Thank you,", sign_off, ""]
        return "\n".join(lines)

    def headline(self) -> str:
        """'Thank you for your return: 11 changes from it are now in the plan. Nothing more
        is needed from you this round.'"""
        n = self.applied
        said = (f"Thank you for your return: {n} {'change' if n == 1 else 'changes'} from it"
                f" {'is' if n == 1 else 'are'} now in the plan.")
        if self.not_taken or self.outside:
            said += " Some of it was not taken: the reasons are below."
        if self.still_expected:
            late = self.timescales_asked
            parts = [f"{what} {n} {'action' if n == 1 else 'actions'}" for what, n in (
                ("an update on", len(self.still_expected) - late),
                ("a revised timescale for", late)) if n]
            said += f" Still needed from you: {' and '.join(parts)}, listed at the end."
        elif not (self.not_taken or self.outside):
            said += f" {NOTHING_MORE}"
        return said


    def ending(self) -> str:
        """The last line when no action is still waiting: what, if anything, is needed."""
        if self.whole_file:
            return SEND_AGAIN
        if self.not_taken or self.outside:
            return NOTHING_ELSE
        return NOTHING_MORE


NOTHING_MORE = "Nothing more is needed from you this round."
NOTHING_ELSE = ("Nothing else is needed from you this round; if what was not taken still"
                " matters, please send it again as the reasons above say.")
SEND_AGAIN = "Still needed from you: your return again, saved as the reason above says."


def _section(title: str, items: list[str], empty: str = "") -> list[str]:
    if not items:
        return [empty, ""] if empty else []
    return [title, *(f"- {item}" for item in items), ""]


def _quote(text: object) -> str:
    words = " ".join(str(text).split())
    if not words:
        return "(blank)"
    return f"“{words}”" if len(words) <= QUOTE_LIMIT else f"“{words[:QUOTE_LIMIT - 1]}…”"


def _field(name: str) -> str:
    return HEADER_FOR_FIELD.get(name, name)


def receipts(result: MergeResult, senders: dict[Path, tuple[str, str, str]] | None = None,
             *, threads: dict[Path, Thread] | None = None,
             position: Position | None = None) -> list[Receipt]:
    """One receipt per return received: merged, or rejected whole for a known service.

    `senders` gives, for a return that came in an e-mail, the sender's name,
    address and the message's subject: the receipt goes to the service's lead
    on the Services sheet, else to that sender; `threads` the message's id,
    references and the address it was sent to, so the receipt joins its thread.
    What each lead still owes is the `position`'s (by default worked out from
    the merged plan as at the merge's date). A return already merged before gets
    none (its lead had their receipt then).
    """
    senders = senders or {}
    threads = threads or {}
    plan = result.plan
    if position is None:
        position = position_of(plan, result.as_of, result=result)
    found: list[Receipt] = []
    for ret in result.returns:
        receipt = _start(plan, ret.service, Path(ret.path), senders, threads)
        receipt.applied = result.by_return.get(ret.path, {}).get(APPLIED, 0)
        _taken(result, ret, receipt)
        _not_taken(result, ret, receipt)
        _still_expected(position, ret.service, receipt)
        found.append(receipt)
    for outcome in result.files:
        if outcome.outcome != FILE_REJECTED:
            continue
        rejection = next((r for r in result.rejected if Path(r.path) == Path(outcome.path)
                          and not r.action_id), None)
        sender = senders.get(Path(outcome.path))
        if not outcome.service and sender is None:
            continue  # nobody to tell: an unreadable file that came by hand
        receipt = _start(plan, outcome.service, Path(outcome.path), senders, threads)
        reason = rejection.reason if rejection else outcome.detail
        advice = f" — {rejection.advice}" if rejection and rejection.advice else ""
        receipt.whole_file = f"{reason}{advice}"
        if outcome.service:
            _still_expected(position, outcome.service, receipt)
        found.append(receipt)
    return found


def _start(plan: Plan, service: str, path: Path,
           senders: dict[Path, tuple[str, str, str]],
           threads: dict[Path, Thread] | None = None) -> Receipt:
    known = plan.service(service) if service else None
    name, address, subject = senders.get(path, ("", "", ""))
    if not usable_address(address):
        name, address = "", ""  # a sender's From that is no one address
    warning = ""
    if known is not None and known.email:
        if usable_address(known.email) and text_problem("", known.lead) is None:
            name, address = known.lead, known.email
        else:  # it would break the e-mail: to the sender instead, else to nobody yet
            warning = m.receipt_not_to(known.name, address)
    topic = subject or f"{plan.title}: your return for {service or path.name}"
    reply = topic if topic.lower().startswith("re:") else f"Re: {topic}"
    thread = (threads or {}).get(path, Thread())
    in_reply_to, references = reply_references(thread)
    return Receipt(service=service, to_name=one_line(name), to_address=address,
                   subject=one_line(reply, 2 * NAME_CHARS), return_name=path.name,
                   warning=warning, in_reply_to=in_reply_to, references=references,
                   reply_from=thread.to if usable_address(thread.to) else "")


def one_line(text: str, limit: int = NAME_CHARS) -> str:
    """Text fit for an e-mail header: one line, no control characters, not overlong."""
    text = " ".join(_CONTROL.sub(" ", text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def receipt_warnings(found: list[Receipt]) -> list[str]:
    """One line for each receipt not addressed as the Services sheet says, and why."""
    return [r.warning for r in found if r.warning]


def _taken(result: MergeResult, ret: ReturnWorkbook, receipt: Receipt) -> None:
    for change in result.applied:
        if Path(ret.path) in change.sources or change.source == Path(ret.path):
            receipt.taken.append(f"{change.action_id}, {_field(change.field)}:"
                                 f" {_quote(change.new)}")


def _not_taken(result: MergeResult, ret: ReturnWorkbook, receipt: Receipt) -> None:
    for conflict in result.conflicts:
        mine = [p for p in conflict.proposals if Path(p.source) == Path(ret.path)]
        if not mine:
            continue
        others = [p for p in conflict.proposals if Path(p.source) != Path(ret.path)]
        what = f"{conflict.action_id}, {_field(conflict.field)}: you said {_quote(mine[0].value)}"
        if others:
            said = "; ".join(f"{p.service} said {_quote(p.value)}" for p in others)
            receipt.not_taken.append(f"{what}, but {said}; the plan owner will decide")
        else:
            receipt.not_taken.append(
                f"{what}, but the plan was changed to {_quote(conflict.mine)} after your"
                " return was sent; the plan owner will decide")
    for rejection in result.rejected:
        if Path(rejection.path) != Path(ret.path):
            continue
        line = _rejected_line(rejection)
        if rejection.reason.startswith("typed outside the boxes"):
            receipt.outside.append(line)
        else:
            receipt.not_taken.append(line)


def _rejected_line(rejection: Rejection) -> str:
    where = ", ".join(x for x in (rejection.action_id, _field(rejection.field)
                                  if rejection.field else "", rejection.cell and
                                  f"cell {rejection.cell}") if x)
    value = f" (you typed {_quote(rejection.value)})" if str(rejection.value).strip() else ""
    advice = f" — {rejection.advice}" if rejection.advice else ""
    return f"{where + ': ' if where else ''}{rejection.reason}{value}{advice}"


def _still_expected(position: Position, service: str, receipt: Receipt) -> None:
    """What the position says the service still owes: an update, or a new timescale for an
    overdue action."""
    for owed in position.owed.get(service, ()):
        if owed.owes == OWES_TIMESCALE:
            due = f" (it was due {long_date(owed.due)})" if owed.due else ""
            receipt.still_expected.append(
                f"{owed.action_id} {owed.title}: overdue{due}; a revised timescale, please")
            receipt.timescales_asked += 1
        else:
            receipt.still_expected.append(f"{owed.action_id} {owed.title}: a progress update")
