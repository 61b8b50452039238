"""The `edi-workbook` command: parses arguments and calls the library.

Heavy libraries are imported inside the commands so `--help` is instant.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click


def _as_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    from .model import as_date

    parsed = as_date(value)
    if parsed is None:
        raise click.BadParameter(f"{value!r} is not a date: write it as 2024-03-31 or 31/03/2024")
    return parsed


def _library_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's errors into one line and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from .errors import EdiWorkbookError

        try:
            return func(*args, **kwargs)
        except click.ClickException:
            raise
        except EdiWorkbookError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None
        except Exception as exc:
            if os.environ.get("EDI_WORKBOOK_DEBUG"):
                raise
            raise click.ClickException(
                f"unexpected {exc.__class__.__name__}: {exc} — please report this, with the"
                " files used, to the edi-workbook maintainers") from None

    return wrapper


PLAN = click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
AS_OF = click.option("--as-of", callback=_as_date, metavar="DATE",
                     help="The date to judge timescales against (default: today).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="edi-workbook")
def cli() -> None:
    """Run a council's EDI action plan through ordinary Excel workbooks.

    The plan owner keeps one plan workbook; each service lead gets a workbook
    of their own actions, fills in status and progress, and sends it back;
    `merge` brings the returns in and writes a tracked-changes summary.

    Example:

        edi-workbook demo --out demo-output
    """


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", default="EDI Action Plan", show_default=True)
@click.option("--organisation", default="", help="The council's name.")
@click.option("--period", default=None, help="Financial year, e.g. 2024-25.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your restyled copy of the plan template.")
@_library_errors
def new(out: Path, title: str, organisation: str, period: str | None,
        template: Path | None) -> None:
    """Create a blank plan workbook from the template.

    Example:

        edi-workbook new plan.xlsx --title "EDI Action Plan 2024-25"
        --organisation "Maidstone Borough Council" --period 2024-25
    """
    from .model import new_plan
    from .writer import write_plan

    try:
        plan = new_plan(title, organisation, period)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from None
    write_plan(plan, out, template=template)
    click.echo(f"Blank plan written to {out}")


@cli.command()
@PLAN
@_library_errors
def validate(plan: Path) -> None:
    """List problems in a plan: duplicate IDs, unknown services, unclear timescales.

    Exits 1 when any problem is an error.

    Example:

        edi-workbook validate examples/maidstone-edi-plan-2023-24.xlsx
    """
    from .reader import read_plan
    from .validate import has_errors, validate_plan

    problems = validate_plan(read_plan(plan))
    for problem in problems:
        click.echo(problem.line())
    errors = sum(p.level == "error" for p in problems)
    click.echo(f"{plan.name}: {errors} error(s), {len(problems) - errors} warning(s)")
    if has_errors(problems):
        raise SystemExit(1)


@cli.command()
@PLAN
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the flagged plan here (default: next to PLAN, '-flagged').")
@AS_OF
@click.option("--soon", "soon_days", type=click.IntRange(0, 3650), default=30,
              show_default=True, help="Days ahead that count as 'Due soon'.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your restyled copy of the plan template.")
@_library_errors
def flag(plan: Path, output: Path | None, as_of: date | None, soon_days: int,
         template: Path | None) -> None:
    """Fill Due and Flag for every action and list the flagged ones.

    Flags, first that applies: Overdue, Due soon, Unclear timescale, No update.
    Complete and Closed actions are never flagged.

    Example:

        edi-workbook flag examples/maidstone-edi-plan-2023-24.xlsx -o flagged.xlsx
        --as-of 2024-05-01
    """
    from .flags import FlagRules, flag_plan, flag_table, flagged
    from .reader import read_plan
    from .writer import write_plan

    output = output or plan.with_name(f"{plan.stem}-flagged.xlsx")
    result = flag_plan(read_plan(plan), FlagRules(as_of or date.today(), soon_days))
    write_plan(result, output, template=template)
    click.echo(flag_table(flagged(result)))
    click.echo(f"{len(flagged(result))} of {len(result.actions)} actions flagged;"
               f" written to {output}")


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("demo-output"), show_default=True, help="Folder for the outputs.")
@AS_OF
@_library_errors
def demo(out_dir: Path, as_of: date | None) -> None:
    """Run the whole cycle on the example plan and say where the outputs are.

    Example:

        edi-workbook demo --out demo-output
    """
    from .demo import run_demo

    for line in run_demo(out_dir, as_of=as_of or date(2024, 5, 1)):
        click.echo(line)


def main() -> None:
    cli(prog_name="edi-workbook")
