"""E-mails to service leads: drafts (.eml) the plan owner opens and sends, or SMTP.

An .eml draft goes through the plan owner's own mail program, so it is sent
from their address and kept in their Sent folder; SMTP is for scripted runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from typing import Any

from . import messages as m
from .errors import OutputError
from .files import atomic_output
from .model import Plan, Service

# CRLF line ends as SMTP and .eml want; long lines allowed so a subject is not
# folded right after "Subject:", which some parsers read back with a leading space.
MAIL_POLICY = policy.SMTP.clone(max_line_length=998)
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def draft_email(plan: Plan, service: Service, attachment: Path, *, due: date | None,
                sender: str, reminder: bool = False) -> EmailMessage:
    """The message asking `service`'s lead for their return, with the workbook attached."""
    attachment = Path(attachment)
    subject = f"{plan.title}: your return for {service.name}"
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = f"Reminder: {subject}" if reminder else subject
    if sender:
        message["From"] = sender
    message["To"] = formataddr((service.lead, service.email))
    if service.deputy_email:
        message["Cc"] = service.deputy_email
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="edi-workbook.local")
    # Outlook opens an .eml with this header as a draft ready to send.
    message["X-Unsent"] = "1"
    message.set_content(_body(plan, service, attachment, due, sender, reminder))
    message.add_attachment(attachment.read_bytes(), maintype=XLSX_TYPE[0],
                           subtype=XLSX_TYPE[1], filename=attachment.name)
    return message


def _body(plan: Plan, service: Service, attachment: Path, due: date | None, sender: str,
          reminder: bool) -> str:
    count = len(plan.actions_of_service(service.name))
    by = f"by {due:%d/%m/%Y}" if due else "as soon as you can"
    greeting = f"Dear {service.lead}," if service.lead else "Hello,"
    opening = (
        f"This is a reminder that we have not yet received the {service.name} return for"
        f" the {plan.title}. A fresh copy is attached in case the first one went astray."
        if reminder else
        f"Please find attached the {service.name} return for the {plan.title}"
        f" ({plan.organisation or 'the council'}). It lists the {count} action(s) your"
        " service is responsible for, or shares with other services."
    )
    return "\n".join([
        greeting,
        "",
        opening,
        "",
        "For each action, please fill in the white columns:",
        "- Status: choose from the list;",
        "- Progress update: what has been done since the last update;",
        "- Revised timescale: only if the date will move;",
        "- Comments: anything else we should know.",
        "",
        "The grey columns are locked for reference. Please do not add, delete or change",
        "the ID of any row; sorting and filtering are fine. Save it as .xlsx and keep the",
        f"file name ({attachment.name}).",
        "",
        f"Please send it back {by}" + (f" to {sender}." if sender else " by replying to this"
                                         " e-mail."),
        "",
        "Thank you,",
        sender or "The EDI plan owner",
        "",
    ])


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
    """Send every message through one SMTP connection; the caller supplies credentials."""
    import smtplib
    import ssl

    messages = list(messages)
    if not messages:
        return
    try:
        with smtplib.SMTP(host, port, timeout=60) as smtp:
            if starttls:
                smtp.starttls(context=ssl.create_default_context())
            if user:
                smtp.login(user, password or "")
            for message in messages:
                del message["X-Unsent"]  # a sent message is no draft
                smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise OutputError(m.could_not_send(host, port, exc)) from None


def receipt_email(receipt: Any, *, sender: str, sign_off: str) -> EmailMessage:
    """A receipt (receipts.Receipt) as a reply to the lead, ready to send."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = receipt.subject
    if sender:
        message["From"] = sender
    message["To"] = formataddr((receipt.to_name, receipt.to_address))
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="edi-workbook.local")
    message["X-Unsent"] = "1"  # Outlook opens it as a draft ready to send
    message.set_content(receipt.body(sign_off))
    return message


def sign_off(plan: Plan, sender: str = "") -> str:
    """Who the e-mails are from: the plan owner, their council."""
    who = [sender or "The EDI plan owner"]
    if plan.organisation:
        who.append(plan.organisation)
    return "\n".join(who)
