"""edi-workbook: a council's EDI action plan, run through ordinary Excel workbooks.

The public API: read and write plans, flag them, send returns, merge what
comes back and write the summary. Names load on first use (PEP 562), so
`import edi_workbook` loads nothing else and the pure core (model, timescale,
flags, merge, validate) never pulls in a file library through this package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Public name -> the module that defines it.
_HOMES = {
    "EdiWorkbookError": "errors",
    "PlanError": "errors",
    "ReturnError": "errors",
    "WorkbookError": "errors",
    "FlagRules": "flags",
    "flag_plan": "flags",
    "MergeResult": "merge",
    "merge_returns": "merge",
    "Action": "model",
    "ActionType": "model",
    "Objective": "model",
    "Plan": "model",
    "Service": "model",
    "Status": "model",
    "new_plan": "model",
    "normalise_status": "model",
    "Rejection": "returns",
    "ReturnWorkbook": "returns",
    "Timescale": "timescale",
    "parse_timescale": "timescale",
    "read_plan": "reader",
    "write_plan": "writer",
    "read_return": "return_reader",
    "write_return": "return_writer",
    "write_summary": "summary",
}

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
    "write_return",
    "write_summary",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # the next lookup is an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # what type checkers and IDEs see: the real signatures
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
    from .reader import read_plan
    from .return_reader import read_return
    from .return_writer import write_return
    from .returns import Rejection, ReturnWorkbook
    from .summary import write_summary
    from .timescale import Timescale, parse_timescale
    from .writer import write_plan
