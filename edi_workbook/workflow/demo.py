"""The whole cycle on the example plan, for `make demo` and first-time users."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from ..core.messages import plural
from ..core.model import long_date
from ..core.validate import ERROR, validate_plan
from ..workbooks.plan_writer import write_plan
from .example import DUE, ISSUED, RETURNS_DIR, build_example_returns, example_plan

NEXT_PERIOD = "2024-25"
YEAR_END = date(2024, 4, 1)


def run_demo(out_dir: Path, as_of: date, now: datetime | None = None) -> Iterator[str]:
    """Run each step and yield one line about it, for the CLI to print."""
    from ..mail.send import REMINDER_DAYS, chase_drafts, send_returns
    from .gather import gather_returns
    from .merging import describe, merge_files

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = example_plan()
    plan_path = write_plan(plan, out_dir / "plan.xlsx")
    yield f"1. The plan ({plan.organisation}, {plan.period}): {plan_path}"

    problems = validate_plan(plan)
    errors = sum(p.level == ERROR for p in problems)
    yield f"2. Validated: {plural(errors, 'error')}, {plural(len(problems) - errors, 'warning')}"

    sent = send_returns(plan, out_dir / "sent", issued=ISSUED, due=DUE,
                        sender="edi.plan@example.org")
    yield (f"3. Sent: {len(sent)} return workbooks and e-mail drafts, due back"
           f" {long_date(DUE)}: {out_dir / 'sent'}")

    returned = RETURNS_DIR
    if not returned.is_dir():  # installed without the repository: fill them in now
        returned = out_dir / "returned"
        build_example_returns(returned)
    returns = gather_returns([returned]).files
    yield f"4. Returned: {len(returns)} filled-in workbooks from service leads: {returned}"

    outcome = merge_files(plan_path, [returned], output=out_dir / "merged-plan.xlsx",
                          summary=out_dir / "summary.xlsx", as_of=as_of, now=now)
    yield f"5. Merged as of {long_date(as_of)}: {describe(outcome.result)}"
    yield f"   merged plan (changed cells highlighted, with notes): {outcome.output}"
    yield f"   tracked-changes summary: {outcome.summary}"

    reminders = [r for r in chase_drafts(plan, returns, out_dir / "reminders",
                                         sender="edi.plan@example.org", issued=as_of,
                                         due=as_of + timedelta(days=REMINDER_DAYS))
                 if r.workbook]
    yield (f"6. Chased: {len(reminders)} reminder drafts for services yet to reply:"
           f" {out_dir / 'reminders'}")

    from ..core.rollover import rollover_plan, rollover_report
    from ..report import write_report
    from ..workbooks.plan_reader import read_plan

    merged = read_plan(outcome.output)
    docx = write_report(merged, out_dir / "progress-update.docx", as_of=as_of)
    write_report(merged, out_dir / "progress-update.xlsx", as_of=as_of)
    yield f"7. Year end: the progress update for committee: {docx} (and .xlsx)"
    nxt = rollover_plan(merged, NEXT_PERIOD, as_of=YEAR_END)
    nxt_path = write_plan(nxt, out_dir / f"plan-{NEXT_PERIOD}.xlsx")
    closed, carried = rollover_report(nxt).splitlines()[:2]
    yield f"8. Rolled over to {NEXT_PERIOD}: {nxt_path} ({closed}; {carried})"
    yield f"Open {outcome.summary} first."
