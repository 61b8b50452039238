"""Problems in a plan an officer should fix before sending it out. Pure."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import STATUSES, Action, Plan, normalise_status
from .timescale import UNCLEAR

ERROR = "error"
WARNING = "warning"
ID_PATTERN = re.compile(r"^[A-Z]{1,6}-\d{2,}(\.\d+)?$")


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
            problems.append(Problem(ERROR, where, "action has no ID: give it the next free one"))
        elif counts[action.id] > 1:
            problems.append(Problem(ERROR, where, f"ID {action.id} is used {counts[action.id]}"
                                    " times: IDs must be unique"))
        elif not ID_PATTERN.match(action.id):
            problems.append(Problem(WARNING, where, f"ID {action.id!r} is not like 'CL-01'"))
        if not action.services:
            problems.append(Problem(ERROR, where, "no responsible service: the action would"
                                    " go to nobody"))
        for name in action.services:
            if plan.service(name) is None:
                problems.append(Problem(ERROR, where, f"service {name!r} is not on the"
                                        " Services sheet: add it or an alias"))
        if action.timescale.kind == UNCLEAR:
            problems.append(Problem(WARNING, where, f"timescale {action.timescale.text!r}"
                                    " cannot be read as a date"))
        status = normalise_status(action.status)
        if status is None:
            problems.append(Problem(ERROR, where, f"status {action.status!r} is not one of "
                                    + ", ".join(STATUSES)))
        elif status != action.status:
            problems.append(Problem(WARNING, where, f"status {action.status!r} will be read"
                                    f" as {status!r}"))
    seen: Counter[str] = Counter(s.name.casefold() for s in plan.services)
    for name, n in seen.items():
        if n > 1:
            problems.append(Problem(ERROR, "Services", f"service {name!r} is listed {n} times"))
    for service in plan.services:
        if not service.email:
            problems.append(Problem(WARNING, "Services", f"{service.name} has no e-mail:"
                                    " its return can be sent only by hand"))
    return problems


def has_errors(problems: list[Problem]) -> bool:
    return any(p.level == ERROR for p in problems)
