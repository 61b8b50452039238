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
    "EdiWorkbookError": "core.errors",
    "PlanError": "core.errors",
    "ReturnError": "core.errors",
    "WorkbookError": "core.errors",
    "FlagRules": "core.flags",
    "flag_plan": "core.flags",
    "MergeResult": "core.merge",
    "merge_returns": "core.merge",
    "Action": "core.model",
    "ActionType": "core.model",
    "Objective": "core.model",
    "Plan": "core.model",
    "Service": "core.model",
    "Status": "core.model",
    "new_plan": "core.model",
    "normalise_status": "core.model",
    "Rejection": "core.returns",
    "ReturnWorkbook": "core.returns",
    "Timescale": "core.timescale",
    "parse_timescale": "core.timescale",
    "read_plan": "workbooks.plan_reader",
    "write_plan": "workbooks.plan_writer",
    "read_return": "workbooks.return_reader",
    "write_return": "workbooks.return_writer",
    "write_summary": "workbooks.summary",
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
    from .core.errors import EdiWorkbookError, PlanError, ReturnError, WorkbookError
    from .core.flags import FlagRules, flag_plan
    from .core.merge import MergeResult, merge_returns
    from .core.model import (
        Action,
        ActionType,
        Objective,
        Plan,
        Service,
        Status,
        new_plan,
        normalise_status,
    )
    from .core.returns import Rejection, ReturnWorkbook
    from .core.timescale import Timescale, parse_timescale
    from .workbooks.plan_reader import read_plan
    from .workbooks.plan_writer import write_plan
    from .workbooks.return_reader import read_return
    from .workbooks.return_writer import write_return
    from .workbooks.summary import write_summary
