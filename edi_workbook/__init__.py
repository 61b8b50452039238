"""edi-workbook: a council's EDI action plan, run through ordinary Excel workbooks.

The public API: read and write plans, flag them, and (later modules) send,
merge and summarise returns. Heavy libraries load only when used.
"""

from .errors import EdiWorkbookError, PlanError, ReturnError, WorkbookError
from .flags import FlagRules, flag_plan
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
from .timescale import Timescale, parse_timescale

__all__ = [
    "Action",
    "ActionType",
    "EdiWorkbookError",
    "FlagRules",
    "Objective",
    "Plan",
    "PlanError",
    "ReturnError",
    "Service",
    "Status",
    "Timescale",
    "WorkbookError",
    "flag_plan",
    "new_plan",
    "normalise_status",
    "parse_timescale",
    "read_plan",
    "write_plan",
]


def read_plan(path):  # noqa: ANN001 - thin lazy wrapper, see reader.read_plan
    """Read a plan workbook (see `edi_workbook.reader.read_plan`)."""
    from .reader import read_plan as _read

    return _read(path)


def write_plan(plan, path, **kwargs):  # noqa: ANN001 - see writer.write_plan
    """Write a plan workbook (see `edi_workbook.writer.write_plan`)."""
    from .writer import write_plan as _write

    return _write(plan, path, **kwargs)
