"""Which actions need a person's eye: Overdue, Due soon, Unclear, No update.

Pure: the as-of date is always passed in, never read from the clock.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .model import Action, Plan, StatusList, annual_update_for
from .timescale import DEADLINE, ONGOING, RECURRING, START, Recurrence, Timescale, parse_timescale

OVERDUE = "Overdue"
DUE_SOON = "Due soon"
UNCLEAR = "Unclear timescale"
NO_UPDATE = "No update"

SOON_DAYS = 30
STALE_DAYS = 90


@dataclass(frozen=True)
class FlagRules:
    """The dates and day counts the flags are worked out against."""

    as_of: date
    soon_days: int = SOON_DAYS
    stale_days: int = STALE_DAYS


def annual_update_date(plan: Plan) -> date | None:
    """The plan's annual update date, or the end of its period's first year when not set."""
    if plan.annual_update:
        return plan.annual_update
    try:
        return annual_update_for(plan.period)
    except ValueError:
        return None


def next_annual_update(anchor: date | None, as_of: date) -> date | None:
    """The first anniversary of `anchor` on or after `as_of`."""
    if anchor is None:
        return None
    year = max(anchor.year, as_of.year - 1)
    while True:
        candidate = _same_day_in(anchor, year)
        if candidate >= as_of and candidate >= anchor:
            return candidate
        year += 1


def _same_day_in(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def effective_timescale(action: Action) -> Timescale:
    """The revised timescale when one is given, else the original."""
    if action.revised_timescale.strip():
        return parse_timescale(action.revised_timescale)
    return action.timescale


def next_occurrence(recurrence: Recurrence, as_of: date) -> date:
    """The first day a repeat falls due on or after `as_of` ("each March": 31 March)."""
    year, month = as_of.year, as_of.month
    while True:
        if (month - recurrence.month) % recurrence.months == 0:
            last = calendar.monthrange(year, month)[1]
            due = date(year, month, min(recurrence.day or last, last))
            if due >= as_of:
                return due
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def due_date(action: Action, annual_update: date | None, as_of: date) -> date | None:
    timescale = effective_timescale(action)
    if timescale.kind == DEADLINE:
        return timescale.due
    if timescale.kind == ONGOING:
        return next_annual_update(annual_update, as_of)
    if timescale.kind == RECURRING and timescale.recurrence is not None:
        return next_occurrence(timescale.recurrence, as_of)
    return None


def flag_for(action: Action, due: date | None, rules: FlagRules,
             statuses: StatusList | None = None) -> str:
    """The first flag that applies, in SPEC's order; '' for none (a done action)."""
    if (statuses or StatusList()).done(action.status):
        return ""
    kind = effective_timescale(action).kind
    if due is not None and due < rules.as_of:
        return OVERDUE
    if due is not None and due <= rules.as_of + timedelta(days=rules.soon_days):
        return DUE_SOON
    if kind not in (DEADLINE, ONGOING, START, RECURRING):
        return UNCLEAR
    if not action.shown("progress").strip():  # the plan's words or any service's
        return NO_UPDATE
    if action.last_updated and action.last_updated < rules.as_of - timedelta(
            days=rules.stale_days):
        return NO_UPDATE
    return ""


def flag_plan(plan: Plan, rules: FlagRules) -> Plan:
    """A copy of `plan` with every action's Due and Flag filled."""
    anchor = annual_update_date(plan)
    actions = []
    for action in plan.actions:
        due = due_date(action, anchor, rules.as_of)
        actions.append(action.replace(due=due, flag=flag_for(action, due, rules, plan.statuses)))
    return plan.replace(actions=actions, as_at=rules.as_of)


def flagged(plan: Plan) -> list[Action]:
    return [a for a in plan.actions if a.flag]


def flag_table(actions: list[Action]) -> str:
    """The flagged actions as a short fixed-width table for the terminal."""
    if not actions:
        return "No actions flagged."
    rows = [("ID", "Flag", "Due", "Status", "Action title")]
    for a in actions:
        rows.append((a.id, a.flag, a.due.strftime("%d/%m/%Y") if a.due else "",
                     a.status or "-", _shorten(a.title, 50)))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r[:4])) + "  " + r[4]
        for r in rows)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
