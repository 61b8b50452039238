"""The `edi-workbook` command: parses arguments and calls the library.

Heavy libraries are imported inside the commands so `--help` is instant.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from .core.schema import COLUMN_FIELDS  # constants only: --help stays quick
from .core.screen import for_screen, lines_for_screen


def _as_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    from .core.model import as_date

    parsed = as_date(value)
    if parsed is None:
        raise click.BadParameter(f"{value!r} is not a date: write it as 2024-03-31 or 31/03/2024")
    return parsed


class _Failed(click.ClickException):
    """One line for the officer and the command's exit status for "nothing written"."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(for_screen(message))
        self.exit_code = exit_code


def _error_line(exc: Exception) -> str:
    """The library's one line, or an operating system error as file and reason."""
    from .core.errors import EdiWorkbookError

    if isinstance(exc, EdiWorkbookError) or not isinstance(exc, OSError):
        return str(exc)
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


def _say(text: str) -> None:
    """One line for the officer; what a file or a person put in it is shown, never obeyed.

    Every line the commands print goes through here (or `_say_lines`): a file
    name holding ESC ] 0 ; ... BEL, a carriage return or a right-to-left
    override is printed as its escapes (core.screen).
    """
    click.echo(for_screen(text))


def _say_lines(text: str) -> None:
    """Text the library laid out in lines (a table, a report), each line made safe."""
    for line in lines_for_screen(text):
        click.echo(line)


def _library_errors(func: Callable[..., Any] | None = None, *,
                    exit_code: int = 1) -> Callable[..., Any]:
    """Turn the library's errors into one line and `exit_code` (1; merge: 2)."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            from .core.errors import EdiWorkbookError, OutputExists

            try:
                return func(*args, **kwargs)
            except click.ClickException:
                raise
            except OutputExists as exc:  # nothing written, whatever the command
                raise _Failed(_error_line(exc), 2) from None
            except (EdiWorkbookError, OSError) as exc:
                raise _Failed(_error_line(exc), exit_code) from None
            except Exception as exc:
                if os.environ.get("EDI_WORKBOOK_DEBUG"):
                    raise
                from .core.messages import unexpected

                raise _Failed(unexpected(exc), exit_code) from None

        return wrapper

    return decorate(func) if func is not None else decorate


def _collection_paused(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command with cycle collection paused: importing the merge's modules and
    merging make objects by the hundred thousand and next to no cycles (the collector's
    passes were 7 ms of the 70 ms of imports, 40 ms of a county's merge)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return wrapper


PLAN = click.argument("plan", type=click.Path(dir_okay=False, path_type=Path))
def _statuses(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """'Green=On track, Amber=At risk, ...' or 'tool' as a StatusList; None when not given."""
    if value is None:
        return None
    from .core.model import StatusList

    try:
        return StatusList.parse(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


STATUSES_OPTION = click.option(
    "--statuses", callback=_statuses, metavar="LIST",
    help='The plan\'s own status words, each with what it counts as: "Green=On track,'
    ' Amber=At risk, Red=Off track, Complete" (a word alone counts as what it usually means);'
    ' "tool" for the tool\'s list.')
TEMPLATE = click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                        help="Your restyled copy of the plan template.")
AS_OF = click.option("--as-of", callback=_as_date, metavar="DATE",
                     help="The date to judge timescales against (default: today).")
REPLACE = click.option(
    "--replace", is_flag=True,
    help="Write over an output that holds work this one would not carry (a later revision"
    " of the plan, another plan, a file this tool did not write); a copy of it is kept.")
SENDER_NAME = click.option("--sender-name", default="", metavar="NAME",
                           help="Your name, to sign the e-mails (default: the About sheet's"
                           " Plan owner).")
SENDER_ROLE = click.option("--sender-role", default="", metavar="TITLE",
                           help="Your job title, to sign the e-mails (default: the About"
                           " sheet's).")


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
@click.option("--period", default=None,
              help="2024-25 (a financial year), 2023-27 (several) or 2024 (a calendar year).")
@STATUSES_OPTION
@click.option("--equality/--no-equality", default=True, show_default=True,
              help="Offer the equality columns: protected characteristics, equality duty"
              " aims, EFLG module, outcome or measure of success, baseline, target, staff or"
              " service users, equality impact assessment; and an Evidence box in the returns.")
@click.option("--characteristics", default="", metavar="LIST",
              help='The council\'s own additions to the nine protected characteristics, e.g.'
              ' "Carers, Socio-economic disadvantage, Armed forces community".')
@TEMPLATE
@REPLACE
@_library_errors
def new(out: Path, title: str, organisation: str, period: str | None,
        statuses: Any, equality: bool, characteristics: str, template: Path | None,
        replace: bool) -> None:
    """Create a blank plan workbook from the template.

    The equality columns are offered (leave them empty where they do not
    apply); --no-equality leaves them out.

    Example:

        edi-workbook new plan.xlsx --title "EDI Action Plan 2024-25"
        --organisation "Maidstone Borough Council" --period 2024-25
        --characteristics "Carers, Socio-economic disadvantage"
    """
    import re

    from .core.equality import Equality, EqualityLists
    from .core.model import new_plan
    from .workflow.outputs import save_plan

    lists = EqualityLists().adding("characteristics", re.split(r"[,;\n]", characteristics))
    try:
        plan = new_plan(title, organisation, period, statuses,
                        Equality.all_columns(lists) if equality else None)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from None
    _kept(out, save_plan(plan, out, template=template, replace=replace, now=datetime.now()))
    _say(f"Blank plan written to {out}")


@cli.command()
@PLAN
@_library_errors
def validate(plan: Path) -> None:
    """List problems in a plan: duplicate IDs, unknown services, unclear timescales.

    Exits 1 when any problem is an error.

    Example:

        edi-workbook validate examples/maidstone-edi-plan-2023-24.xlsx
    """
    from .core.validate import has_errors, validate_plan
    from .workbooks.plan_reader import read_plan

    problems = validate_plan(read_plan(plan))
    for problem in problems:
        _say(problem.line())
    errors = sum(p.level == "error" for p in problems)
    from .core.messages import plural

    _say(f"{plan.name}: {plural(errors, 'error')}, {plural(len(problems) - errors, 'warning')}")
    if has_errors(problems):
        raise SystemExit(1)


@cli.command()
@PLAN
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the flagged plan here (default: next to PLAN, '-flagged').")
@AS_OF
@click.option("--soon", "soon_days", type=click.IntRange(0, 3650), default=30,
              show_default=True, help="Days ahead that count as 'Due soon'.")
@TEMPLATE
@REPLACE
@_library_errors
def flag(plan: Path, output: Path | None, as_of: date | None, soon_days: int,
         template: Path | None, replace: bool) -> None:
    """Fill Due and Flag for every action and list the flagged ones.

    Flags, first that applies: Overdue, Due soon, Unclear timescale, No update.
    Complete and Closed actions are never flagged.

    Example:

        edi-workbook flag examples/maidstone-edi-plan-2023-24.xlsx -o flagged.xlsx
        --as-of 2024-05-01
    """
    from .core.flags import FlagRules, flag_plan, flag_table, flagged
    from .workbooks.plan_reader import read_plan
    from .workflow.outputs import save_plan

    output = output or plan.with_name(f"{plan.stem}-flagged.xlsx")
    result = flag_plan(read_plan(plan), FlagRules(as_of or date.today(), soon_days))
    _kept(output, save_plan(result, output, template=template, source=plan,
                            source_revision=result.revision, replace=replace,
                            now=datetime.now()))
    _say_lines(flag_table(flagged(result)))
    _say(f"{len(flagged(result))} of {len(result.actions)} actions flagged;"
         f" written to {output}")


def _smtp_address(ctx: click.Context, param: click.Parameter,
                  value: str | None) -> tuple[str, int] | None:
    if value is None:
        return None
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"{value!r}: write it as HOST:PORT, e.g. smtp.council.gov.uk:587")
    return host, int(port)


def _sender(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """One e-mail address, fit for a From: line, or refused before any work starts."""
    if not value:  # nearly always: no checks to load (a merge without receipts)
        return value
    from .core.validate import address_problem

    if problem := address_problem("it", value, kind="sender"):
        raise click.BadParameter(problem)
    return value


@cli.command()
@PLAN
@click.option("--out", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the return workbooks and e-mail drafts.")
@click.option("--due", callback=_as_date, metavar="DATE", help="Date returns are due back.")
@click.option("--smtp", callback=_smtp_address, metavar="HOST:PORT",
              help="Send the e-mails through this server instead of writing drafts.")
@click.option("--sender", default="", metavar="ADDR", callback=_sender,
              help="The From: address.")
@SENDER_NAME
@SENDER_ROLE
@click.option("--starttls", is_flag=True, help="Use STARTTLS with --smtp. User and password"
              " come from EDI_WORKBOOK_SMTP_USER and EDI_WORKBOOK_SMTP_PASSWORD.")
@_library_errors
def send(plan: Path, out_dir: Path, due: date | None, smtp: tuple[str, int] | None,
         sender: str, sender_name: str, sender_role: str, starttls: bool) -> None:
    """Write one return workbook per service and an e-mail draft for each lead.

    A shared action goes to every service responsible for it. With --smtp the
    e-mails are sent rather than saved as .eml drafts. The e-mails are signed
    with the plan owner's name and job title from the About sheet, or those
    given with --sender-name and --sender-role, and the council's name.

    Example:

        edi-workbook send examples/maidstone-edi-plan-2023-24.xlsx --out returns
        --due 2024-03-08
    """
    from .core.messages import not_sent, plural
    from .core.validate import below_table
    from .mail.drafts import Signature
    from .mail.send import send_returns
    from .workbooks.plan_reader import read_plan

    if smtp and not sender:
        raise click.BadParameter("--smtp needs --sender ADDR", param_hint="--sender")
    the_plan = read_plan(plan)
    issued = send_returns(
        the_plan, out_dir, issued=date.today(), due=due, sender=sender, smtp=smtp,
        starttls=starttls, user=os.environ.get("EDI_WORKBOOK_SMTP_USER"),
        password=os.environ.get("EDI_WORKBOOK_SMTP_PASSWORD"),
        progress=_progress("Writing returns"),
        signature=Signature.of(the_plan, sender, sender_name, sender_role), source=plan)
    for item in issued:  # in the folder as the officer named it
        where = out_dir / item.workbook.name if item.workbook else ""
        _say(f"{item.service}: {where}" + (f" (warning: {item.warning})"
                                            if item.warning else ""))
    for problem in below_table(the_plan):
        if problem.level == "error":  # an action typed where it is not read
            _say(not_sent(problem.where, problem.message))
    how = "sent" if smtp else "drafted"
    _say(f"{plural(len(issued), 'return workbook')} written to {out_dir};"
         f" e-mails {how}: {sum(1 for i in issued if not i.warning)}")


@cli.command()
@PLAN
@click.argument("returns", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the reminder drafts.")
@click.option("--due", callback=_as_date, metavar="DATE",
              help="The new date to reply by (default: a week from today).")
@click.option("--was-due", callback=_as_date, metavar="DATE",
              help="The date that was missed (default: read from the returns that came back).")
@click.option("--sender", default="", metavar="ADDR", callback=_sender,
              help="The From: address.")
@SENDER_NAME
@SENDER_ROLE
@click.option("--as-of", callback=_as_date, metavar="DATE",
              help="The reminders' date (default: today).")
@click.option("--round", "round_sent", callback=_as_date, metavar="DATE",
              help="The day the round you are chasing was sent (default: the round of the"
              " returns given that are not merged yet).")
@_library_errors
def chase(plan: Path, returns: tuple[Path, ...], out_dir: Path, due: date | None,
          was_due: date | None, sender: str, sender_name: str, sender_role: str,
          as_of: date | None, round_sent: date | None) -> None:
    """Write reminder drafts for services whose return has not arrived.

    Each reminder names the date that was missed and the new one, lists the
    actions still outstanding, and says which another service has already
    marked Complete; a service with nothing outstanding is not chased. Only
    returns for the round being chased count: when every return given was
    merged before, chase says which round it takes them for; --round names
    the round (the day it was sent) instead.

    Example:

        edi-workbook chase examples/maidstone-edi-plan-2023-24.xlsx examples/returns
        --out reminders
    """
    from .core.messages import plural, round_assumed
    from .core.model import long_date
    from .mail.drafts import Signature
    from .mail.send import chase_drafts, returned_services
    from .workbooks.plan_reader import read_plan
    from .workflow.gather import gather_returns

    files = gather_returns(returns).inputs  # workbooks and saved e-mails
    the_plan = read_plan(plan)
    seen = returned_services(the_plan, files, round_sent)
    if seen.assumed and seen.round:
        _say(round_assumed(long_date(seen.round), seen.round.isoformat()))
    drafts = chase_drafts(the_plan, files, out_dir, sender=sender, due=due, missed=was_due,
                          issued=as_of, seen=seen, source=plan,
                          signature=Signature.of(the_plan, sender, sender_name, sender_role))
    for item in drafts:  # in the folder as the officer named it; the warning names the service
        where = item.eml or item.workbook
        _say(f"{item.service}: {out_dir / where.name}" + (
            f" (warning: {item.warning})" if item.warning else "") if where else item.warning)
    written = sum(1 for i in drafts if i.workbook)
    _say(f"{plural(written, 'reminder')} written to {out_dir}" if written
         else "Every service has returned: no reminders needed.")


@cli.command()
@PLAN
@click.argument("returns", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="The merged plan.")
@click.option("--summary", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The tracked-changes summary workbook.")
@AS_OF
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@TEMPLATE
@click.option("--receipts", "receipts_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write a receipt to each lead here: what was taken from their return, what"
                   " was not and why.")
@click.option("--smtp", callback=_smtp_address, metavar="HOST:PORT",
              help="With --receipts, send the receipts through this server instead.")
@click.option("--sender", default="", metavar="ADDR", callback=_sender,
              help="The receipts' From: address.")
@click.option("--starttls", is_flag=True, help="Use STARTTLS with --smtp.")
@REPLACE
@_library_errors(exit_code=2)
@_collection_paused
def merge(plan: Path, returns: tuple[Path, ...], output: Path, summary: Path,
          as_of: date | None, dry_run: bool, template: Path | None,
          receipts_dir: Path | None, smtp: tuple[str, int] | None, sender: str,
          starttls: bool, replace: bool) -> None:
    """Merge returned workbooks into the plan and write a tracked-changes summary.

    RETURNS are workbooks, saved e-mails (.eml, .msg: every workbook attached
    is a return) or folders of them. Every edited cell is applied, left
    unchanged, listed as a conflict, or rejected with its reason.

    Exit status: 0 when everything merged cleanly; 1 when the merged plan
    and the summary were written but something needs a person (the last
    line says what); 2 when nothing was written because of an error.

    Example:

        edi-workbook merge examples/maidstone-edi-plan-2023-24.xlsx examples/returns
        -o merged.xlsx --summary summary.xlsx --as-of 2024-03-15
    """
    from .core.messages import DRAFT_PASSED, drafts_passed, kept_copy
    from .workflow.merging import describe_lines, merge_files

    if receipts_dir and not smtp and not dry_run:
        from .mail.receipts import check_receipts_folder

        check_receipts_folder(receipts_dir)  # before anything is written
    progress = _progress("Reading returns")
    receipt_trouble: list[str] = []
    outcome = merge_files(plan, returns, output=output, summary=summary,
                          as_of=as_of or date.today(), template=template, dry_run=dry_run,
                          progress=progress, now=datetime.now(), replace=replace)
    result = outcome.result
    drafts = [f for f in result.files if f.detail == DRAFT_PASSED]
    for file in result.files:
        if file.detail == DRAFT_PASSED and len(drafts) > 1:
            continue  # one line for them all, below
        if file.detail and file.outcome != "rejected":
            _say(f"{file.path.name}: {file.detail}")
        elif file.outcome != "rejected":
            _say(f"read {file.path.name} ({file.service})")
    if len(drafts) > 1:
        _say(drafts_passed(len(drafts)))
    for rejection in result.rejected:
        where = ", ".join(x for x in (rejection.path.name, rejection.sheet and
                                      f"sheet '{rejection.sheet}'", rejection.cell and
                                      f"cell {rejection.cell}") if x)
        _say(f"rejected: {where}: {rejection.reason}"
             + (f" — {rejection.advice}" if rejection.advice else ""))
    if dry_run:
        for change in result.applied:
            _say(f"would change {change.action_id} {change.field}: {change.old!r} ->"
                 f" {change.new!r} ({change.service})")
        _say("Dry run: nothing written.")
    else:
        for replaced, copy in outcome.backups.items():
            _say(f"Original plan kept as {copy}" if copy == outcome.backup
                 else kept_copy(replaced.name, copy))
        _say(f"Merged plan: {outcome.output}")
        _say(f"Summary: {outcome.summary}")
        if receipts_dir or smtp:
            receipt_trouble = _receipts(result, outcome, receipts_dir, smtp, sender, starttls)
    for line in describe_lines(result):
        _say(line)
    for line in receipt_trouble:  # last: the merge was written, the receipts need a look
        _say(line)
    if result.needs_attention or receipt_trouble:
        raise SystemExit(1)


def _receipts(result: Any, outcome: Any, receipts_dir: Path | None,
              smtp: tuple[str, int] | None, sender: str, starttls: bool) -> list[str]:
    """Write (or send) the receipts; the lines a person must read about them, if any.

    The merged plan and the summary are already in place, so a receipt that
    cannot be written or sent is said in one line, and merge exits 1 (a person
    must look), never 2 (nothing written).
    """
    from .core.errors import EdiWorkbookError
    from .core.messages import plural, receipts_failed
    from .core.receipts import receipt_warnings, receipts
    from .mail.receipts import deliver_receipts

    try:
        drafts = deliver_receipts(
            result, outcome.senders, receipts_dir or Path("."), sender=sender, smtp=smtp,
            starttls=starttls, user=os.environ.get("EDI_WORKBOOK_SMTP_USER"),
            password=os.environ.get("EDI_WORKBOOK_SMTP_PASSWORD"),
            threads=outcome.threads, position=outcome.position)
    except (EdiWorkbookError, OSError) as exc:
        return [receipts_failed(_error_line(exc), sending=bool(smtp))]
    _say(f"Receipts sent to the leads through {smtp[0]}" if smtp else
         f"Receipts for the leads: {plural(len(drafts), 'draft')} in {receipts_dir}")
    return [f"warning: {w}" for w in receipt_warnings(
        receipts(result, outcome.senders, position=outcome.position))]


def _columns(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> list[str]:
    """--include Outcome,Comments (or the option given twice): one list of names."""
    return [name.strip() for text in value for name in text.split(",") if name.strip()]


@cli.command()
@PLAN
@click.option("-o", "--output", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="The progress update: a .docx (Word) or .xlsx file.")
@click.option("--as-of", callback=_as_date, metavar="DATE",
              help="The 'position as at' date (default: today).")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A Word document whose styles the report uses (a report you restyled).")
@click.option("--include", multiple=True, callback=_columns, metavar="COLUMNS",
              help="Plan columns to show under each update, e.g. 'Outcome,Comments'.")
@click.option("--next-plan", metavar="NAME",
              help="The plan ongoing actions move to (default: from the title and period).")
@REPLACE
@_library_errors
def report(plan: Path, output: Path, as_of: date | None, template: Path | None,
           include: list[str], next_plan: str | None, replace: bool) -> None:
    """Write the year-end progress update: a summary, then every objective and action.

    Each action shows its ID, status, lead service(s) and timescale, the
    update given, and the published closing sentence: closed, ongoing, or
    developed in the new plan. A .docx file name gives the Word document for
    committee (A4, with page numbers); .xlsx gives a workbook.

    Example:

        edi-workbook report merged.xlsx -o progress-update.docx --as-of 2024-03-31
        --include Comments
    """
    from .workbooks.plan_reader import read_plan
    from .workflow.outputs import save_report

    merged = read_plan(plan)
    _kept(output, save_report(merged, output, as_of=as_of or date.today(), template=template,
                              include=include, next_plan=next_plan, replace=replace,
                              now=datetime.now()))
    from .core.messages import plural

    _say(f"Progress update of {plural(len(merged.actions), 'action row')} written to {output}")


@cli.command()
@PLAN
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write next year's plan workbook.")
@click.option("--period", required=True,
              help="The new period: 2024-25, 2024-27 (the years left of a longer plan) or 2025.")
@AS_OF
@TEMPLATE
@REPLACE
@_library_errors
def rollover(plan: Path, output: Path, period: str, as_of: date | None,
             template: Path | None, replace: bool) -> None:
    """Start next year's plan from this year's.

    Closed and Complete actions leave the plan and are listed on a "Closed
    last year" sheet. The others keep their IDs and start the year blank;
    last year's status and progress move to a "Last year's update" column,
    and a "Review" column marks actions to reword or whose deadline has
    passed. A "Lineage" sheet records what happened to every action. The
    new plan has a new plan id, so returns for last year's plan are refused.

    Example:

        edi-workbook rollover examples/maidstone-edi-plan-2023-24.xlsx -o plan-2024-25.xlsx
        --period 2024-25
    """
    from .core.rollover import rollover_plan, rollover_report
    from .workbooks.plan_reader import read_plan
    from .workflow.outputs import save_plan

    if output.resolve() == plan.resolve():
        raise click.BadParameter("write next year's plan to a new file and keep this"
                                 " year's", param_hint="--output")
    old = read_plan(plan)
    try:
        new = rollover_plan(old, period, as_of=as_of or date.today())
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--period") from None
    _kept(output, save_plan(new, output, template=template, replace=replace,
                            now=datetime.now()))
    _say_lines(rollover_report(new))
    _say(f"Next year's plan written to {output}")


@cli.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the plan workbook.")
@click.option("--title", default=None, help="Default: the document's own title.")
@click.option("--organisation", default="", help="The council's name.")
@click.option("--period", default=None,
              help="2024-25 (a financial year), 2023-27 (several) or 2024 (a calendar year);"
              " default: read from the title.")
@click.option("--columns", "columns", default="", metavar="MAP",
              help='What columns hold, where import chose wrongly: "By when=timescale,'
              'Service area=service". Fields: ' + ", ".join(COLUMN_FIELDS) + ".")
@click.option("--services-from", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A plan workbook whose Services sheet (names, aliases, leads) to use.")
@STATUSES_OPTION
@TEMPLATE
@REPLACE
@_library_errors
def import_(source: Path, output: Path, title: str | None, organisation: str,
            period: str | None, columns: str, services_from: Path | None,
            statuses: Any, template: Path | None, replace: bool) -> None:
    """Make a plan workbook from the council's own plan: Word, CSV or a workbook.

    SOURCE is the plan as the council publishes or keeps it: a Word .docx
    (tables, with objective headings such as "Objective one: ..." or
    "Priority 2 – ..." above them), a .csv, or a tracker .xlsx (title rows,
    one or several sheets and tables). Columns are found by their headers'
    meaning ("By when", "Target date", "Responsible officer", "RAG"); any
    other column is kept as a column of the plan. Import prints what it read
    and how each column was mapped: check it, and settle a wrong choice with
    --columns. Maidstone's published plan and progress update are read by
    their own layouts.

    Example:

        edi-workbook import "Equality Action Plan 2015-2019.docx" -o plan.xlsx
        --organisation "Our Borough Council" --columns "By when=timescale"
    """
    from .core.messages import bad_columns
    from .core.model import period_bounds
    from .importing import import_source
    from .importing.columns import parse_overrides
    from .workbooks.plan_reader import read_plan
    from .workflow.outputs import save_plan

    if period is not None:
        try:
            period_bounds(period)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--period") from None
    try:
        overrides = parse_overrides(columns)
    except ValueError as exc:
        raise click.BadParameter(bad_columns(str(exc), COLUMN_FIELDS),
                                 param_hint="--columns") from None
    services = read_plan(services_from).services if services_from else None
    imported = import_source(source, title=title, organisation=organisation, period=period,
                             services=services, columns=overrides, statuses=statuses)
    plan = imported.plan
    _kept(output, save_plan(plan, output, template=template, replace=replace,
                            now=datetime.now()))
    for line in imported.report.lines():
        _say(line)
    from .core.messages import plural

    _say(f"{plural(len(plan.actions), 'action')} in {plural(len(plan.objectives), 'objective')},"
         f" {plural(len(plan.services), 'service')}: written to {output}")
    missing = [s.name for s in plan.services if not s.email]
    if missing:
        _say("Add a lead and e-mail address on the Services sheet for: "
              + "; ".join(missing))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Also exit 1 on warnings (tips never fail).")
@_library_errors
def check(files: tuple[Path, ...], strict: bool) -> None:
    """Check Word (.docx) and Excel (.xlsx) files for accessibility problems.

    Checks what a program can: title and language, headings, table header
    rows, merged and blank cells, alt text, link text, text size, colour
    and contrast, sheet names. Prints one line per problem, most serious
    first, and exits 1 when any is an error or a file cannot be checked.
    FILES may be folders: every .docx and .xlsx inside is checked.

    Example:

        edi-workbook check progress-update.docx demo-output
    """
    from .accessibility import Totals, check_paths

    totals = Totals()
    for checked in check_paths(files):
        for line in checked.lines():
            _say(line)
        totals.add(checked)
    _say(totals.line())
    if totals.fails(strict):
        raise SystemExit(1)


def _kept(output: Path, backup: Path | None) -> None:
    """Say where the copy of a replaced output is."""
    if backup is not None:
        from .core.messages import kept_copy

        _say(kept_copy(output.name, backup))


def _progress(label: str) -> Callable[[list[Any]], Any]:
    """A progress bar over many files when a person is watching the terminal, or
    every step told to the caller of `run(progress=...)` (the page's bar)."""
    import sys

    ctx = click.get_current_context(silent=True)
    report = ctx.find_root().obj if ctx and callable(ctx.find_root().obj) else None

    def wrap(items: list[Any]) -> Any:
        if report is not None:
            return _reported(items, label, report)
        if len(items) <= 5 or not sys.stdout.isatty():
            return items
        return _progressbar(items, label)

    return wrap


def _progressbar(items: list[Any], label: str) -> Any:
    with click.progressbar(items, label=label) as bar:
        yield from bar


def _reported(items: list[Any], label: str, report: Progress) -> Any:
    for done, item in enumerate(items):
        report(label, done, len(items))
        yield item
    report(label, len(items), len(items))


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
    from .workflow.demo import run_demo
    from .workflow.example import AS_OF as EXAMPLE_AS_OF

    for line in run_demo(out_dir, as_of=as_of or EXAMPLE_AS_OF, now=datetime.now()):
        _say(line)


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="The port on this computer (the same one each time keeps the page's"
              " offline copy).")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path),
              help="The page's folder, as `make app` builds it (default: build/app in the"
              " edi-workbook folder).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser.")
@_library_errors
def app(port: int, folder: Path | None, no_browser: bool) -> None:
    """Open the browser page: every step here, with nothing installed.

    Serves the page `make app` built on this computer only (127.0.0.1) and
    opens it in the browser. The page runs edi-workbook inside the browser:
    your files never leave this computer. Ctrl+C stops it.

    Example:

        edi-workbook app
    """
    import webbrowser

    from .workflow.serve import page_server

    server = page_server(folder, port)
    click.echo(f"The page is at {server.url} (this computer only). Press Ctrl+C to stop.")
    if not no_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# --- In this process: the browser page (edi_workbook.page) runs commands here --------

Progress = Callable[[str, int, int], None]
"""Told (label, done, total) as a command works through its files."""

CLEAN, LOOK, NOTHING = "clean", "look", "nothing"


@dataclass(frozen=True)
class Ran:
    """What `edi-workbook ARGV` did: what a terminal would have shown and got."""

    exit_code: int
    outcome: str  # CLEAN: done, nothing needs you; LOOK: done, a person must look;
    #               NOTHING: nothing written, the last line says why
    lines: list[str]  # stdout and stderr as printed, in order


def run(argv: Sequence[str], *, progress: Progress | None = None) -> Ran:
    """Run `edi-workbook ARGV` in this process and the current folder.

    Never exits and never raises. The outcome is told by how the command
    ended, not by its number alone: a one-line error (exit 1, or 2 for merge)
    wrote nothing; a command that finished and exits 1 (merge: a person must
    look; validate and check: errors found) wrote what it says.
    """
    import contextlib
    import io

    printed = io.StringIO()
    outcome = None
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        try:
            returned = cli.main(list(argv), prog_name="edi-workbook", standalone_mode=False,
                                obj=progress)
            code = returned if isinstance(returned, int) else 0  # --help: ctx.exit(0)
        except SystemExit as exc:  # the command finished: "a person must look"
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except click.ClickException as exc:  # usage or library error: one line
            exc.show(file=printed)
            code, outcome = exc.exit_code, NOTHING
        except click.Abort:
            click.echo("Aborted!", file=printed)
            code, outcome = 1, NOTHING
        except Exception as exc:  # outside a command's own guard: still one line
            from .core.messages import unexpected

            click.echo(f"Error: {unexpected(exc)}", file=printed)
            code, outcome = 1, NOTHING
    if outcome is None:
        outcome = CLEAN if code == 0 else LOOK if code == 1 else NOTHING
    text = printed.getvalue()
    return Ran(code, outcome, text.rstrip("\n").split("\n") if text.strip() else [])


def main() -> None:
    cli(prog_name="edi-workbook")
