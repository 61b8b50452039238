"""Problems in a plan an officer should fix before sending it out. Pure."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import messages as m
from .limits import ADDRESS_CHARS, NAME_CHARS
from .model import Action, Plan
from .reach import outside_words
from .timescale import UNCLEAR, is_relative

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    level: str  # ERROR stops send and merge; WARNING is for a person to look at
    where: str  # "Employer, row 9 (EM-04.1)"
    message: str

    def line(self) -> str:
        return f"{self.level}: {self.where}: {self.message}"


def _where(plan: Plan, action: Action) -> str:
    try:
        sheet = plan.objective(action.objective).sheet_name
    except KeyError:
        sheet = action.objective
    row = f", row {action.source_row}" if action.source_row else ""
    return f"{sheet}{row} ({action.id or 'no ID'})"


def validate_plan(plan: Plan) -> list[Problem]:
    problems: list[Problem] = []
    counts = Counter(a.id for a in plan.actions if a.id)
    for action in plan.actions:
        where = _where(plan, action)
        if not action.id:
            problems.append(Problem(ERROR, where, m.NO_ID))
        elif counts[action.id] > 1:
            problems.append(Problem(ERROR, where, m.duplicate_id(action.id, counts[action.id])))
        if not action.services:
            problems.append(Problem(ERROR, where, m.NO_SERVICE))
        for name in action.services:
            if plan.service(name) is None:
                problems.append(Problem(ERROR, where, m.unknown_service(name)))
        if action.timescale.kind == UNCLEAR:
            text = action.timescale.text
            problems.append(Problem(WARNING, where, m.relative_timescale(text) if is_relative(
                text) else m.unclear_timescale(text)))
        status = plan.statuses.word_for(action.status)
        if status is None:
            problems.append(Problem(ERROR, where,
                                    m.unknown_status(action.status, plan.statuses.words)))
        elif status != action.status:
            problems.append(Problem(WARNING, where, m.status_read_as(action.status, status)))
    problems += _equality_problems(plan)
    problems += below_table(plan)
    seen: Counter[str] = Counter(s.name.casefold() for s in plan.services)
    for name, n in seen.items():
        if n > 1:
            problems.append(Problem(ERROR, "Services", m.service_listed_twice(name, n)))
    for service in plan.services:
        if not service.email:
            problems.append(Problem(WARNING, "Services", m.service_without_email(service.name)))
    for update in plan.loose_updates:
        problems.append(Problem(WARNING, f"Service updates ({update.action_id or 'no ID'})",
                                update.problem))
    for n, change in enumerate(plan.history):
        if change.problem:
            problems.append(Problem(WARNING, f"History ({change.action_id or f'row {n + 2}'})",
                                    change.problem))
    for record in plan.returns_log:
        if record.problem:
            problems.append(Problem(WARNING, f"Returns log ({record.file or record.service})",
                                    record.problem))
    problems += mail_problems(plan)
    return problems


def _equality_problems(plan: Plan) -> list[Problem]:
    """Words in the equality columns outside the plan's lists: kept, and named here."""
    return [Problem(WARNING, _where(plan, action), m.equality_outside(header, part, known))
            for action, header, part, known in outside_words(plan)]


def below_table(plan: Plan) -> list[Problem]:
    """Rows typed below an objective's table: an error when one holds an ID (an action
    typed there is not read, sent or merged), else a warning (kept as it stands)."""
    problems = []
    for objective in plan.objectives:
        for below in objective.below:
            label = f" ({below.id_like})" if below.id_like else ""
            where = f"{objective.sheet_name}, row {below.row}{label}"
            if below.id_like:
                problems.append(Problem(ERROR, where, m.ACTION_BELOW_TABLE))
            else:
                problems.append(Problem(WARNING, where, m.TYPED_IN_KEY if below.from_key
                                        else m.TYPED_BELOW_TABLE))
    return problems


def has_errors(problems: list[Problem]) -> bool:
    return any(p.level == ERROR for p in problems)


# --- What would break an e-mail to a lead -------------------------------------------

# Everything but a tab: a line break would end an e-mail header and start another.
_NOT_ONE_LINE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+\.[^@\s<>()\[\],;:\"\\]+")
_SEPARATED = re.compile(r"[,;\s]+")


def mail_problems(plan: Plan) -> list[Problem]:
    """What would break the e-mails to the leads, each an error: the plan's title (in
    every Subject), and each service's name, lead (in To) and addresses.

    Control characters or a line break (which would start a header of its own),
    a value longer than a header line carries, more than one address in a cell
    (a second one in E-mail was sent to as well; a second deputy was dropped),
    or one that is not an address. send, chase and merge --receipts check the
    same before anything is written.
    """
    problems: list[Problem] = []
    for what, value in (("the plan's title", plan.title),):
        if (problem := text_problem(what, value)) is not None:
            problems.append(Problem(ERROR, "About", problem))
    for service in plan.services:
        owner = service.name if len(service.name) <= 60 else service.name[:57] + "..."
        checks = [text_problem(f"the service name {owner!r}", service.name),
                  text_problem(f"{owner}'s Lead", service.lead),
                  address_problem(f"{owner}'s E-mail", service.email),
                  address_problem(f"{owner}'s Deputy e-mail", service.deputy_email,
                                  kind="deputy")]
        problems += [Problem(ERROR, "Services", p) for p in checks if p is not None]
    return problems


def text_problem(what: str, value: str) -> str | None:
    """Why `value` cannot go in an e-mail header, or None."""
    if _NOT_ONE_LINE.search(value or ""):
        return m.breaks_header(what, _shown(value))
    if len(value or "") > NAME_CHARS:
        return m.too_long_for_header(what, len(value), NAME_CHARS)
    return None


def address_problem(what: str, value: str, kind: str = "lead") -> str | None:
    """Why `value` is not one e-mail address, or None ('' is no address: not a problem).

    `kind` ("lead", "deputy", "sender") picks the advice for a second address.
    """
    value = value or ""
    if not value:
        return None
    if _NOT_ONE_LINE.search(value):
        return m.breaks_header(what, _shown(value))
    if len(value) > ADDRESS_CHARS:
        return m.too_long_for_header(what, len(value), ADDRESS_CHARS)
    pieces = [p for p in _SEPARATED.split(value.strip()) if p]
    if sum("@" in p for p in pieces) > 1:
        return m.several_addresses(what, value, kind)
    if not _ADDRESS.fullmatch(value.strip()):
        return m.not_an_address(what, value)
    return None


def usable_address(value: str) -> bool:
    """One well-formed address, fit to go in a To line."""
    return bool(value) and address_problem("", value) is None


def _shown(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."
