"""Sending returns out and chasing the ones that have not come back.

Every file goes into `out_dir` and nowhere else: names come from the plan's
own text (service names are typed by people), so each is made safe and then
checked to resolve inside the folder before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..core import messages as m
from ..core.errors import EdiWorkbookError, OutputError, OutputExists, PlanError, WorkbookError
from ..core.model import Plan, Service
from ..core.position import owed_by, services_sent
from ..core.returns import ReturnWorkbook
from ..files import output_path, scratch_folder
from ..workbooks.existing import may_replace_in_folder

if TYPE_CHECKING:
    from .drafts import Chase, Signature

REMINDER_DAYS = 7  # a reminder's new date, when none is given: a week on


@dataclass
class Issued:
    """What was written (or sent) for one service."""

    service: str
    workbook: Path | None  # None: nothing written (a service with nothing to chase)
    eml: Path | None = None
    warning: str = ""


def check_mail(plan: Plan, sender: str = "", source: Path | None = None) -> None:
    """Refuse, before anything is written, what would break an e-mail to a lead.

    A line break in a lead's name or the plan's title ended send half way
    ("Header values may not contain linefeed"), a second address in an E-mail
    cell was sent to as well: `validate.mail_problems` names each, and the
    first is raised here in one line, with the count of the rest.
    """
    from ..core.validate import ERROR, address_problem, mail_problems

    if sender and (problem := address_problem("the sender (--sender)", sender, kind="sender")):
        raise EdiWorkbookError(problem)
    errors = [p for p in mail_problems(plan) if p.level == ERROR]
    if errors:
        reason = m.mail_refused(errors[0].message, len(errors) - 1)
        if source is not None:
            raise PlanError(source, reason, m.NOTHING_SENT_FIX, sheet=errors[0].where)
        raise EdiWorkbookError(f"{errors[0].where}: {reason} — {m.NOTHING_SENT_FIX}")


def services_with_actions(plan: Plan) -> list[str]:
    """Service names with at least one action, the Services list's order first: the
    position's list of services sent a return."""
    return services_sent(plan)


def _issue(plan: Plan, names: Iterable[str], out_dir: Path, *, issued: date, due: date | None,
           sender: str, reminder: bool, send: bool, round_sent: date | None = None,
           signature: Signature | None = None,
           chases: Mapping[str, Chase] | None = None) -> tuple[list[Issued], list]:
    from ..workbooks.return_writer import write_return
    from .drafts import draft_email, write_eml

    out_dir = Path(out_dir)
    names = list(names)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Every file's name first: nothing is written over a file it did not write itself
    # (a lead's filled return saved in the folder), and nothing at all if one is there.
    taken: set[str] = set()
    paths = [(output_path(out_dir, f"{plan.title} – {name}", ".xlsx", taken),
              output_path(out_dir, f"{plan.title} – {name}", ".eml", taken)) for name in names]
    for workbook_path, eml_path in paths:
        may_replace_in_folder(workbook_path)
        if not send:
            may_replace_in_folder(eml_path)
    results, messages = [], []
    for name, (workbook_path, eml_path) in zip(names, paths, strict=True):
        workbook = write_return(plan, name, workbook_path,
                                issued=issued, due=due, contact=sender, round_sent=round_sent)
        service = plan.service(name) or Service(name)
        if not service.email:
            results.append(Issued(name, workbook, None, m.no_email(name, workbook.name)))
            continue
        message = draft_email(plan, service, workbook, due=due, sender=sender,
                              reminder=reminder, signature=signature,
                              chase=(chases or {}).get(name))
        if send:
            messages.append(message)
            results.append(Issued(name, workbook))
        else:
            results.append(Issued(name, workbook, write_eml(message, eml_path)))
    return results, messages


def send_returns(plan: Plan, out_dir: Path, *, issued: date, due: date | None,
                 sender: str = "", smtp: tuple[str, int] | None = None,
                 starttls: bool = False, user: str | None = None,
                 password: str | None = None,
                 progress: Callable[[list[str]], Iterable[str]] | None = None,
                 signature: Signature | None = None,
                 source: Path | None = None) -> list[Issued]:
    """One return per service with actions, and a draft (or sent e-mail) per lead.

    Refuses, writing nothing, while any action has no responsible service: its
    return would reach nobody and nobody would be chased for it. The e-mails
    are signed with `signature`, else the plan owner's name and job title from
    the plan's About sheet. Refuses too, writing nothing, while a value on the
    Services or About sheet would break an e-mail (`check_mail`); `source` is
    the plan's file, to name in that one line.
    """
    if smtp and not sender:
        raise EdiWorkbookError(m.NEEDS_SENDER)
    nobody = [a.id or "?" for a in plan.actions if not a.services]
    if nobody:
        raise EdiWorkbookError(m.no_lead_to_send(len(nobody), m.first_few(nobody)))
    check_mail(plan, sender, source)
    names = services_with_actions(plan)
    with _accounted(out_dir):
        results, messages = _issue(plan, progress(names) if progress else names, out_dir,
                                   issued=issued, due=due, sender=sender, reminder=False,
                                   send=bool(smtp), signature=signature)
    if smtp:
        from .drafts import send_messages

        try:
            send_messages(messages, smtp[0], smtp[1], starttls=starttls, user=user,
                          password=password)
        except OutputError as exc:  # the workbooks are written: say so
            raise OutputError(m.returns_not_all_sent(str(exc), len(results), out_dir)) from None
    return results


@contextmanager
def _accounted(out_dir: Path) -> Iterator[None]:
    """Say exactly which files were written when writing stops part way.

    Each file is written whole or not at all (files.atomic_output), so the
    files new or changed in `out_dir` since the start are those written.
    """
    before = _stamps(out_dir)
    try:
        yield
    except (EdiWorkbookError, OSError) as exc:
        after = _stamps(out_dir)
        written = sorted(p.name for p, stamp in after.items() if before.get(p) != stamp)
        # Still the refusal it was: an output that would lose a lead's work is exit 2.
        kind = OutputExists if isinstance(exc, OutputExists) else OutputError
        raise kind(m.stopped_part_way(_line(exc), written, out_dir)) from None


def _stamps(folder: Path) -> dict[Path, int]:
    try:
        return {p: p.stat().st_mtime_ns for p in Path(folder).iterdir() if p.is_file()}
    except OSError:
        return {}


def _line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, EdiWorkbookError) and exc.filename:
        return f"{Path(exc.filename).name}: {exc.strerror or exc}"
    return str(exc)


@dataclass
class RoundSeen:
    """Which round the returns given belong to, and who has returned in it."""

    round: date | None
    returned: set[str]
    # This round's returns read from the files given (not yet in the returns log).
    returns: list[ReturnWorkbook] = field(default_factory=list)
    # True when the round was taken from the returns log because every return given was
    # merged before: it may be last round's; chase says so (and --round overrides it).
    assumed: bool = False


def returned_services(plan: Plan, returns: list[Path], round_sent: date | None = None,
                      ) -> RoundSeen:
    """The current round and the services whose return for it has arrived.

    A return counts only for its own round: last round's file still in the
    folder (already in the plan's returns log) does not make a service
    "returned" this round. The round is the latest among returns not yet
    merged, else the latest in the returns log; the reminder's fresh copy
    belongs to that round too. `round_sent` (chase's --round) names the round
    instead: the day it was sent. Unreadable files are passed over here (merge
    lists them).
    """

    from ..workbooks.return_reader import read_return
    from .inbox import is_message, read_messages

    logged = {r.content_hash: r for r in plan.returns_log if not r.problem}
    read = []
    for path in returns:
        if is_message(Path(path)):
            continue
        try:
            read.append(read_return(Path(path)))
        except (WorkbookError, OSError):
            continue
    with scratch_folder() as unpacked:
        read += read_messages([Path(p) for p in returns if is_message(Path(p))],
                              unpacked).returns
    fresh = [r for r in read if r.plan_id == plan.plan_id and r.content_hash not in logged]
    rounds = [r.round_sent for r in fresh if r.round_sent]
    assumed = False
    if round_sent is not None:
        rounds = [round_sent]
    elif not rounds:  # every return given merged before: their round, said out loud
        rounds = [r.round for r in logged.values() if r.round]
        assumed = bool(rounds)
    current = max(rounds, default=None)

    def canonical(name: str) -> str:
        service = plan.service(name)
        return service.name if service else name

    this_round = [r for r in fresh if current is None or r.round_sent == current]
    found = {canonical(r.service) for r in this_round}
    found |= {canonical(r.service) for r in logged.values()
              if current is not None and r.round == current}
    return RoundSeen(current, found, this_round, assumed)


def done_elsewhere(plan: Plan, returns: Sequence[ReturnWorkbook]) -> dict[str, tuple[str, str]]:
    """Action id -> (who, status) for actions already Complete or Closed: in a return
    that came back (that service's words), or in the plan itself (who: '')."""
    done: dict[str, tuple[str, str]] = {}
    statuses = plan.statuses
    for ret in returns:
        service = plan.service(ret.service)
        for row in ret.rows:
            status = statuses.word_for(row.values.get("status"))
            if status and statuses.done(status):
                done.setdefault(row.id, (service.name if service else ret.service, status))
    for action in plan.actions:
        if statuses.done(action.status):
            done.setdefault(action.id, ("", action.status))
    return done


def missed_date(returns: Sequence[ReturnWorkbook]) -> date | None:
    """The date this round's returns were due back, as the returns themselves say."""
    dues = [r.due for r in returns if r.due]
    return max(dues) if dues else None


def chase_drafts(plan: Plan, returns: list[Path], out_dir: Path, *, sender: str,
                 due: date | None, issued: date | None = None, missed: date | None = None,
                 signature: Signature | None = None, seen: RoundSeen | None = None,
                 source: Path | None = None) -> list[Issued]:
    """Reminder drafts, with a fresh copy of the return, for services not yet returned.

    Each names the date that was missed (`missed`, else the one this round's
    returns that came back were issued with), sets a new one (`due`, else a
    week after `issued`; it must be later than `issued`), and lists the
    service's actions still outstanding. An action another service has already
    marked Complete or Closed is named as needing nothing more; a service with
    nothing outstanding is not chased: its Issued has no workbook and says why.
    """
    from .drafts import Chase

    check_mail(plan, sender, source)
    issued = issued or date.today()
    due = due or issued + timedelta(days=REMINDER_DAYS)
    if due <= issued:
        raise EdiWorkbookError(m.new_due_not_later(f"{due:%d/%m/%Y}", f"{issued:%d/%m/%Y}"))
    seen = seen or returned_services(plan, returns)
    done = done_elsewhere(plan, seen.returns)
    missed = missed or missed_date(seen.returns)
    titles = {a.id: a.title for a in plan.actions}
    chases: dict[str, Chase] = {}
    skipped: list[Issued] = []
    index = plan.action_index()
    for name in services_with_actions(plan):
        if name in seen.returned:
            continue
        actions = plan.actions_of_service(name)
        # What the service still owes, as the position (and so the summary) counts it.
        outstanding = [index[o.action_id] for o in owed_by(plan, name, returned=False,
                                                            done=done)]
        if not outstanding:
            skipped.append(Issued(name, None, None, m.nothing_to_chase(name)))
            continue
        chases[name] = Chase(missed, outstanding,
                             {a.id: done[a.id] for a in actions if a.id in done}, titles)
    with _accounted(out_dir):
        results, _ = _issue(plan, list(chases), out_dir, issued=issued, due=due,
                            sender=sender, reminder=True, send=False, round_sent=seen.round,
                            signature=signature, chases=chases)
    return results + skipped
