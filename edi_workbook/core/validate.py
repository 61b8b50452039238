"""Problems in a plan an officer should fix before sending it out. Pure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import messages as m
from .model import Action, Plan
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
    return problems


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
