"""Year end: last year's plan becomes next year's, with a record of what happened.

Pure: no I/O, and the date is passed in. The new plan gets a new plan_id, so a
return issued for last year's plan can never be merged into next year's.
"""

from __future__ import annotations

import copy
import re
import uuid
from datetime import date

from . import messages as m
from .model import ActionType, Plan, Status, annual_update_for, period_bounds, period_name
from .schema import EVIDENCE_HEADER
from .timescale import DEADLINE, RECURRING, UNCLEAR, parse_timescale

CLOSED_SHEET = "Closed last year"
# "Title", not "Action title": a sheet with both "ID" and "Action title" headers
# is read back as an objective's actions table.
CLOSED_HEADER = ["ID", "Objective", "Title", "Status", "Last progress update",
                 "Last updated"]
LINEAGE_SHEET = "Lineage"
LINEAGE_HEADER = ["Old plan", "Old period", "Old ID", "New ID", "What happened"]
HISTORY = "Last year's update"
EARLIER_TIMESCALES = "Earlier timescales"
REVIEW = "Review"
REWORD = "Reword for the new plan"
PASSED = "Timescale has passed: set a new one"
UNCLEAR_REVIEW = "Timescale is unclear: give it a date"
RECURRING_REVIEW = "Recurring timescale: check it still applies"
CARRIED = "carried forward"
CLOSED = "closed"
REWORDED = "reworded"


def rollover_plan(plan: Plan, period: str, *, as_of: date) -> Plan:
    """Next year's plan: closed actions leave, the rest start the year blank.

    A carried action keeps its ID and text; last year's status and progress go
    into its "Last year's update" column (newest first) so nothing is lost.
    A revised timescale becomes the timescale, and the wording it replaced
    goes into "Earlier timescales" (newest first). A deadline is "passed"
    when it falls before the new period starts or before `as_of`, whichever
    is later (a late rollover sees more deadlines gone); unclear and
    recurring timescales are marked for review too. Closed actions keep
    their added columns on "Closed last year". The old plan's "Lineage" rows
    are kept and this year's appended.
    """
    try:
        start, _ = period_bounds(period)
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
    statuses = old.statuses
    closed = [a for a in old.actions if statuses.done(a.status)]
    closed_extras = list(dict.fromkeys(k for a in closed for k in a.extra))
    # A plan with the equality columns: the evidence each closed action was closed on.
    evidence = [EVIDENCE_HEADER] if old.equality.present else []
    closed_rows: list[list[object]] = [[*CLOSED_HEADER, *closed_extras, *evidence]]
    lineage = _old_lineage(old)
    actions = []
    for action in old.actions:
        if statuses.done(action.status):
            closed_rows.append([action.id, roles.get(action.objective, action.objective),
                                action.title, action.status, action.shown("progress"),
                                action.last_updated,
                                *(action.extra.get(k, "") for k in closed_extras),
                                *([action.shown("evidence")] if evidence else [])])
            lineage.append([old.plan_id, old.period, action.id, "", CLOSED])
            continue
        extra = dict(action.extra)
        # A shared action's progress is each service's own words: all of them go in.
        entry = _year_entry(old.period, action.status, action.shown("progress"),
                            action.shown("evidence"))
        history = str(extra.get(HISTORY) or "").strip()
        if entry:
            extra[HISTORY] = f"{entry}\n\n{history}" if history else entry
        extra.pop(REVIEW, None)
        timescale = action.timescale
        if action.revised_timescale.strip():
            timescale = parse_timescale(action.revised_timescale)
            if action.timescale.text.strip() and timescale.text != action.timescale.text:
                earlier = str(extra.get(EARLIER_TIMESCALES) or "").strip()
                entry = f"{old.period or 'Last year'}: {action.timescale.text.strip()}"
                extra[EARLIER_TIMESCALES] = f"{entry}\n{earlier}" if earlier else entry
        carried = statuses.means(action.status) == Status.CARRIED_FORWARD.value
        if carried:
            extra[REVIEW] = REWORD
        elif timescale.kind == DEADLINE and timescale.due and timescale.due < cutoff:
            extra[REVIEW] = PASSED
        elif timescale.kind == UNCLEAR:
            extra[REVIEW] = UNCLEAR_REVIEW
        elif timescale.kind == RECURRING:
            extra[REVIEW] = RECURRING_REVIEW
        actions.append(action.replace(
            type=ActionType.ONGOING.value, status="", progress="", revised_timescale="",
            comments="", evidence="", last_updated=None, updated_by="", flag="", due=None,
            timescale=timescale, extra=extra, updates={}))
        happened = REWORDED if carried else CARRIED
        lineage.append([old.plan_id, old.period, action.id, action.id, happened])

    sheets = {k: v for k, v in old.extra_sheets.items()
              if k not in (CLOSED_SHEET, LINEAGE_SHEET)}
    sheets[CLOSED_SHEET] = closed_rows
    sheets[LINEAGE_SHEET] = lineage
    return old.replace(
        title=_retitled(old.title, old.period, period), period=period,
        annual_update=annual_update_for(period), revision=old.revision + 1,
        plan_id=str(uuid.uuid4()), actions=actions, extra_sheets=sheets, as_at=None)


def _year_entry(period: str, status: str, progress: str, evidence: str = "") -> str:
    """'2023-24: On track' on its own line, then what was done and the evidence given
    (in a plan with the equality columns), with only what there was; '' for nothing.
    A line each, so a shared action's "Housing: ..." is not read as one more label
    after the status."""
    lines = [progress.strip()] if progress.strip() else []
    if evidence.strip():
        lines.append(f"{EVIDENCE_HEADER}: {evidence.strip()}")
    if not (status.strip() or lines):
        return ""
    year = period or "Last year"
    return "\n".join([f"{year}: {status.strip()}" if status.strip() else f"{year}:", *lines])


_YEARS = re.compile(r"\b\d{4}(?:\s*[-/–—]\s*(?:\d{4}|\d{2}))?\b")


def _retitled(title: str, old: str, new: str) -> str:
    """The title with the old period, however it is written there, replaced by the new."""
    if old and old in title:
        return title.replace(old, new)
    for found in _YEARS.finditer(title):
        try:
            same = bool(old) and period_name(found.group()) == period_name(old)
        except ValueError:
            continue
        if same:
            return title[:found.start()] + new + title[found.end():]
    return title


def _old_lineage(plan: Plan) -> list[list[object]]:
    """Earlier years' lineage rows under this year's header."""
    rows = plan.extra_sheets.get(LINEAGE_SHEET) or []
    return [list(LINEAGE_HEADER), *(list(r) for r in rows[1:] if any(v not in ("", None)
                                                                      for v in r))]


def earlier_years(plan: Plan) -> dict[str, str]:
    """The plans this one was rolled over from, plan id -> period, latest last: read from
    the Lineage sheet, so a late return for an earlier year is named as one."""
    found: dict[str, str] = {}
    for row in (plan.extra_sheets.get(LINEAGE_SHEET) or [])[1:]:
        if len(row) >= 2 and str(row[0] or "").strip():
            old_id = str(row[0]).strip()
            found.pop(old_id, None)
            found[old_id] = str(row[1] or "").strip()
    return found


def rollover_report(new: Plan) -> str:
    """What the rollover did, for the terminal: closed, carried, needing review."""
    closed = new.extra_sheets.get(CLOSED_SHEET, [])[1:]
    lines = [f"{m.plural(len(closed), 'action')} closed last year and left the plan"
             + (": " + ", ".join(str(r[0]) for r in closed) if closed else ".")]
    lines.append(f"{m.plural(len(new.actions), 'action')} carried forward into {new.period}.")
    review = [a for a in new.actions if a.extra.get(REVIEW)]
    if review:
        lines.append(f"{len(review)} need review:")
        lines.extend(f"  {a.id}: {a.extra[REVIEW]}" for a in review)
    else:
        lines.append("None needs review.")
    return "\n".join(lines)
