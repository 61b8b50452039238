"""The whole cycle on the example plan, for `make demo` and first-time users."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from .example import example_plan
from .flags import FlagRules, flag_plan, flagged
from .validate import ERROR, validate_plan
from .writer import write_plan


def run_demo(out_dir: Path, as_of: date) -> Iterator[str]:
    """Run each step and yield one line about it, for the CLI to print."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = example_plan()
    plan_path = write_plan(plan, out_dir / "plan.xlsx")
    yield f"Example plan ({plan.organisation}, {plan.period}): {plan_path}"

    problems = validate_plan(plan)
    errors = sum(p.level == ERROR for p in problems)
    yield f"Validated: {errors} error(s), {len(problems) - errors} warning(s)"

    flagged_plan = flag_plan(plan, FlagRules(as_of))
    flagged_path = write_plan(flagged_plan, out_dir / "plan-flagged.xlsx")
    counts: dict[str, int] = {}
    for action in flagged(flagged_plan):
        counts[action.flag] = counts.get(action.flag, 0) + 1
    summary = ", ".join(f"{n} {flag}" for flag, n in counts.items()) or "none"
    yield f"Flagged as of {as_of:%d/%m/%Y} ({summary}): {flagged_path}"
