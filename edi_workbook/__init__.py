"""edi-workbook: a council's EDI action plan, run through ordinary Excel workbooks.

The public API: read and write plans, flag them, merge returns and write the
summary. Heavy libraries (openpyxl, xlsxwriter, calamine) load only when used.
"""

from .errors import EdiWorkbookError, PlanError, ReturnError, WorkbookError
from .flags import FlagRules, flag_plan
from .merge import MergeResult, merge_returns
from .model import (
    Action,
    ActionType,
    Objective,
    Plan,
    Service,
    Status,
    new_plan,
    normalise_status,
)
from .returns import Rejection, ReturnWorkbook
from .timescale import Timescale, parse_timescale

__all__ = [
    "Action",
    "ActionType",
    "EdiWorkbookError",
    "FlagRules",
    "MergeResult",
    "Objective",
    "Plan",
    "PlanError",
    "Rejection",
    "ReturnError",
    "ReturnWorkbook",
    "Service",
    "Status",
    "Timescale",
    "WorkbookError",
    "flag_plan",
    "merge_returns",
    "new_plan",
    "normalise_status",
    "parse_timescale",
    "read_plan",
    "read_return",
    "write_plan",
    "write_summary",
]


def read_plan(path):  # see reader.read_plan
    """Read a plan workbook (see `edi_workbook.reader.read_plan`)."""
    from .reader import read_plan as _read

    return _read(path)


def write_plan(plan, path, **kwargs):  # see writer.write_plan
    """Write a plan workbook (see `edi_workbook.writer.write_plan`)."""
    from .writer import write_plan as _write

    return _write(plan, path, **kwargs)


def read_return(path):  # see returns.read_return
    """Read a returned workbook (see `edi_workbook.returns.read_return`)."""
    from .returns import read_return as _read

    return _read(path)


def write_summary(result, path, **kwargs):  # see summary.write_summary
    """Write the tracked-changes summary (see `edi_workbook.summary.write_summary`)."""
    from .summary import write_summary as _write

    return _write(result, path, **kwargs)
