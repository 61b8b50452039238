"""Year end: last year's plan becomes next year's, with a record of what happened.

Pure: no I/O, and the date is passed in. The new plan gets a new plan_id, so a
return issued for last year's plan can never be merged into next year's.
"""

from __future__ import annotations

import copy
import uuid
from datetime import date

from .model import ActionType, Plan, Status, period_bounds
from .timescale import DEADLINE, parse_timescale

CLOSED_SHEET = "Closed last year"
# "Title", not "Action title": a sheet with both "ID" and "Action title" headers
# is read back as an objective's actions table.
CLOSED_HEADER = ["ID", "Objective", "Title", "Status", "Last progress update",
                 "Last updated"]
LINEAGE_SHEET = "Lineage"
LINEAGE_HEADER = ["Old plan", "Old period", "Old ID", "New ID", "What happened"]
HISTORY = "Last year's update"
REVIEW = "Review"
REWORD = "Reword for the new plan"
PASSED = "Timescale has passed: set a new one"
CARRIED = "carried forward"
CLOSED = "closed"
REWORDED = "reworded"
_LEAVES = frozenset({Status.CLOSED.value, Status.COMPLETE.value})


def rollover_plan(plan: Plan, period: str, *, as_of: date) -> Plan:
    """Next year's plan: closed actions leave, the rest start the year blank.

    A carried action keeps its ID and text; last year's status and progress go
    into its "Last year's update" column (newest first) so nothing is lost.
    A deadline is "passed" when it falls before the new period starts or
    before `as_of`, whichever is later (a late rollover sees more deadlines
    gone). The old plan's "Lineage" rows are kept and this year's appended.
    """
    try:
        start, end = period_bounds(period)
    except ValueError as exc:
        raise ValueError(f"cannot roll the plan over: {exc}") from None
    try:
        old_start = period_bounds(plan.period)[0]
    except ValueError:
        old_start = None
    if old_start is not None and start <= old_start:
        raise ValueError(
            f"cannot roll the plan over: period {period!r} does not come after the "
            f"plan's period {plan.period!r}")

    old = copy.deepcopy(plan)  # the new plan shares nothing with the input
    cutoff = max(start, as_of)
    roles = {o.key: o.role for o in old.objectives}
    closed_rows: list[list[object]] = [list(CLOSED_HEADER)]
    lineage = _old_lineage(old)
    actions = []
    for action in old.actions:
        if action.status in _LEAVES:
            closed_rows.append([action.id, roles.get(action.objective, action.objective),
                                action.title, action.status, action.progress,
                                action.last_updated])
            lineage.append([old.plan_id, old.period, action.id, "", CLOSED])
            continue
        extra = dict(action.extra)
        entry = _year_entry(old.period, action.status, action.progress)
        history = str(extra.get(HISTORY) or "").strip()
        if entry:
            extra[HISTORY] = f"{entry}\n\n{history}" if history else entry
        extra.pop(REVIEW, None)
        timescale = action.timescale
        if action.revised_timescale.strip():
            timescale = parse_timescale(action.revised_timescale)
        if action.status == Status.CARRIED_FORWARD.value:
            extra[REVIEW] = REWORD
        elif timescale.kind == DEADLINE and timescale.due and timescale.due < cutoff:
            extra[REVIEW] = PASSED
        actions.append(action.replace(
            type=ActionType.ONGOING.value, status="", progress="", revised_timescale="",
            comments="", last_updated=None, updated_by="", flag="", due=None,
            timescale=timescale, extra=extra))
        happened = REWORDED if action.status == Status.CARRIED_FORWARD.value else CARRIED
        lineage.append([old.plan_id, old.period, action.id, action.id, happened])

    sheets = {k: v for k, v in old.extra_sheets.items()
              if k not in (CLOSED_SHEET, LINEAGE_SHEET)}
    sheets[CLOSED_SHEET] = closed_rows
    sheets[LINEAGE_SHEET] = lineage
    title = old.title
    if old.period and old.period in title:
        title = title.replace(old.period, period)
    return old.replace(
        title=title, period=period, annual_update=end, revision=old.revision + 1,
        plan_id=str(uuid.uuid4()), actions=actions, extra_sheets=sheets, as_at=None)


def _year_entry(period: str, status: str, progress: str) -> str:
    """'2023-24: On track: what was done', with only what there was; '' for nothing."""
    said = [part for part in (status.strip(), progress.strip()) if part]
    return ": ".join([period or "Last year", *said]) if said else ""


def _old_lineage(plan: Plan) -> list[list[object]]:
    """Earlier years' lineage rows under this year's header."""
    rows = plan.extra_sheets.get(LINEAGE_SHEET) or []
    return [list(LINEAGE_HEADER), *(list(r) for r in rows[1:] if any(v not in ("", None)
                                                                      for v in r))]


def rollover_report(new: Plan) -> str:
    """What the rollover did, for the terminal: closed, carried, needing review."""
    closed = new.extra_sheets.get(CLOSED_SHEET, [])[1:]
    lines = [f"{len(closed)} action(s) closed last year and left the plan"
             + (": " + ", ".join(str(r[0]) for r in closed) if closed else ".")]
    lines.append(f"{len(new.actions)} action(s) carried forward into {new.period}.")
    review = [a for a in new.actions if a.extra.get(REVIEW)]
    if review:
        lines.append(f"{len(review)} need review:")
        lines.extend(f"  {a.id}: {a.extra[REVIEW]}" for a in review)
    else:
        lines.append("None needs review.")
    return "\n".join(lines)
