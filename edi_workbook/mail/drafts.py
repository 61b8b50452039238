"""E-mails to service leads: drafts (.eml) the plan owner opens and sends, or SMTP.

An .eml draft goes through the plan owner's own mail program, so it is sent
from their address and kept in their Sent folder; SMTP is for scripted runs.

A lead reads it in ten seconds: the subject and the first line say what is
wanted and by when ("your return for ICT, due 8 March 2024"); dates are written
out as GOV.UK writes them (8 March 2024, never 08/03/2024); one action is "the
action", never "the 1 action".

A body is paragraphs, one line each: the reader's mail program wraps them to
its window (hard line breaks mid-sentence read as a ragged column on a phone).
It is signed with the plan owner's name, job title and council (the plan's
About sheet, or send's and chase's --sender-name and --sender-role). A
reminder names the date that was missed, sets a new one, lists what is still
outstanding and says which actions another service has already completed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from typing import Any

from ..core import messages as m
from ..core.errors import OutputError
from ..core.model import Action, Plan, Service, long_date
from ..files import atomic_output

# CRLF line ends as SMTP and .eml want; long lines allowed so a subject is not
# folded right after "Subject:", which some parsers read back with a leading space.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@dataclass(frozen=True)
class Signature:
    """Who an e-mail is from, as its last lines say."""

    name: str = ""
    role: str = ""
    organisation: str = ""
    address: str = ""

    @classmethod
    def of(cls, plan: Plan, sender: str = "", name: str = "", role: str = "") -> Signature:
        """The plan owner's, from the About sheet unless named here."""
        return cls(name or plan.owner_name, role or plan.owner_role, plan.organisation,
                   sender)

    def lines(self) -> list[str]:
        lines = [p for p in (self.name, self.role, self.organisation, self.address) if p]
        return lines or ["The EDI plan owner"]


@dataclass(frozen=True)
class Chase:
    """What a reminder says beyond the first e-mail."""

    missed: date | None = None  # the date the return was due
    outstanding: Sequence[Action] = ()  # the service's actions still waiting for it
    # action id -> (service, status): done by another service ('' for the plan itself)
    done_elsewhere: Mapping[str, tuple[str, str]] | None = None
    titles: Mapping[str, str] | None = None  # action id -> title, for done_elsewhere


def draft_email(plan: Plan, service: Service, attachment: Path, *, due: date | None,
                sender: str, reminder: bool = False, signature: Signature | None = None,
                chase: Chase | None = None) -> EmailMessage:
    """The message asking `service`'s lead for their return, with the workbook attached."""
    attachment = Path(attachment)
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = request_subject(plan, service, due, reminder)
    if sender:
        message["From"] = sender
    message["To"] = formataddr((service.lead, service.email))
    if service.deputy_email:
        message["Cc"] = service.deputy_email
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="edi-workbook.local")
    # Outlook opens an .eml with this header as a draft ready to send.
    message["X-Unsent"] = "1"
    signature = signature or Signature.of(plan, sender)
    paragraphs = (_reminder(plan, service, chase or Chase(), due) if reminder
                  else _request(plan, service, due))
    message.set_content(_body(service, attachment, due, sender, signature, paragraphs,
                              reminder))
    message.add_attachment(attachment.read_bytes(), maintype=XLSX_TYPE[0],
                           subtype=XLSX_TYPE[1], filename=attachment.name)
    return message


def request_subject(plan: Plan, service: Service, due: date | None, reminder: bool) -> str:
    """'EDI Action Plan 2023-24: your return for ICT, due 8 March 2024': what and by when."""
    subject = f"{plan.title}: your return for {service.name}"
    if due:
        subject += f", {'now due' if reminder else 'due'} {long_date(due)}"
    return f"Reminder: {subject}" if reminder else subject


def _by(due: date | None) -> str:
    return f"by {long_date(due)}" if due else "as soon as you can"


def _request(plan: Plan, service: Service, due: date | None) -> list[str]:
    count = len(plan.actions_of_service(service.name))
    council = f" ({plan.organisation})" if plan.organisation else ""
    which = "the action" if count == 1 else f"the {count} actions"
    return [f"Please send back the attached {service.name} return for the {plan.title}"
            f"{council} {_by(due)}. It lists {which} your service is responsible for, or"
            " shares with other services."]


def _reminder(plan: Plan, service: Service, chase: Chase, due: date | None) -> list[str]:
    was = f", which was due on {long_date(chase.missed)}" if chase.missed else ""
    paragraphs = [f"We have not yet received the {service.name} return for the {plan.title}"
                  f"{was}: please send it {_by(due)}. A fresh copy is attached in case the"
                  " first one went astray."]
    if chase.outstanding:
        n = len(chase.outstanding)
        lines = [f"{'This action still needs' if n == 1 else f'These {n} actions still need'}"
                 " your update:"]
        lines += [f"- {a.id}: {a.title}" if a.title else f"- {a.id}" for a in chase.outstanding]
        paragraphs.append("\n".join(lines))
    for action_id, (other, status) in (chase.done_elsewhere or {}).items():
        title = (chase.titles or {}).get(action_id, "")
        named = f"{action_id} ({title})" if title else action_id
        who = f"{other} has marked it {status}" if other else f"it is {status} in the plan"
        paragraphs.append(f"{named} needs nothing more from you: {who}.")
    return paragraphs


def _body(service: Service, attachment: Path, due: date | None, sender: str,
          signature: Signature, paragraphs: Sequence[str], reminder: bool = False) -> str:
    by = _by(due)
    if due and reminder:
        by += ", the new date,"
    back = f" to {sender}." if sender else " by replying to this e-mail."
    blocks = [
        f"Dear {service.lead}," if service.lead else "Hello,",
        *paragraphs,
        "\n".join([
            "For each action, please fill in the white columns:",
            "- Status: choose from the list;",
            "- Progress update: what has been done since the last update, which is shown"
            " beside it;",
            "- Revised timescale: only if the date will move;",
            "- Comments: anything else we should know.",
        ]),
        "The grey columns are locked for reference. Please do not add, delete or change the ID"
        " of any row. Save it as .xlsx and keep the file name"
        f" ({attachment.name}).",
        f"Please send it back {by}{back}",
        "\n".join(["Thank you,", "", *signature.lines()]),
    ]
    return "\n\n".join(blocks) + "\n"


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Save `message` as an .eml file any mail program opens."""
    path = Path(path)
    data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
    with atomic_output(path) as tmp:
        tmp.write_bytes(data)
    return path


def send_messages(messages: Iterable[EmailMessage], host: str, port: int, *,
                  starttls: bool = False, user: str | None = None,
                  password: str | None = None) -> None:
    """Send every message through one SMTP connection; the caller supplies credentials.

    Each message is sent on its own: one the server refuses (an address it will
    not take, a line too long) is named with the server's reply and the rest are
    still sent. Not reaching the server, or not being let in, stops it; either
    way the OutputError says how many were sent.
    """
    import smtplib
    import ssl

    messages = list(messages)
    if not messages:
        return
    sent = 0
    refused: list[tuple[str, str]] = []
    try:
        with smtplib.SMTP(host, port, timeout=60) as smtp:
            if starttls:
                smtp.starttls(context=ssl.create_default_context())
            if user:
                smtp.login(user, password or "")
            for message in messages:
                del message["X-Unsent"]  # a sent message is no draft
                try:
                    partly = smtp.send_message(message)  # the addresses refused of several
                except smtplib.SMTPRecipientsRefused as exc:
                    refused += _refused(exc.recipients)
                except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as exc:
                    refused.append((str(message["To"] or ""), _reply(exc)))
                except ValueError as exc:  # no recipient at all, say
                    refused.append((str(message["To"] or ""), str(exc)))
                else:
                    sent += 1
                    refused += _refused(partly)
    except (smtplib.SMTPException, OSError) as exc:
        raise OutputError(m.could_not_send(host, port, exc, sent, len(messages))) from None
    if refused:
        raise OutputError(m.not_all_sent(sent, len(messages), refused))


def _reply(exc: Any) -> str:
    """The server's reply, '500 Line too long', as it gave it."""
    text = exc.smtp_error.decode("utf-8", "replace") if isinstance(
        exc.smtp_error, bytes) else str(exc.smtp_error)
    return f"{exc.smtp_code} {' '.join(text.split())}"


def _refused(recipients: dict[str, tuple[int, bytes]]) -> list[tuple[str, str]]:
    return [(address, f"{code} {' '.join(reply.decode('utf-8', 'replace').split())}")
            for address, (code, reply) in (recipients or {}).items()]


def receipt_email(receipt: Any, *, sender: str, sign_off: str) -> EmailMessage:
    """A receipt (receipts.Receipt) as a reply to the lead, ready to send: in the thread of
    the lead's own message when the return came in one."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = receipt.subject
    # From --sender, else from the address the lead wrote to: a reply in their thread.
    if sender or receipt.reply_from:
        message["From"] = sender or receipt.reply_from
    message["To"] = formataddr((receipt.to_name, receipt.to_address))
    if receipt.in_reply_to:
        message["In-Reply-To"] = receipt.in_reply_to
        message["References"] = receipt.references
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="edi-workbook.local")
    message["X-Unsent"] = "1"  # Outlook opens it as a draft ready to send
    message.set_content(receipt.body(sign_off))
    return message


def sign_off(plan: Plan, sender: str = "") -> str:
    """Who the e-mails are from: the plan owner's name and job title (About sheet), their
    council and address, as the requests and reminders are signed."""
    return "\n".join(Signature.of(plan, sender).lines())
