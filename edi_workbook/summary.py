"""MergeResult -> the summary workbook: what a merge did, as tracked changes.

An officer reads this after every merge, often printed, so every sheet has a
frozen, filterable header, wrapped text and a landscape fit-to-width print
setup, and says "none" rather than leaving an empty sheet to be guessed at.
User text is always written as a string (never a formula), without the
control characters Excel refuses; text longer than one cell holds is carried
on "(continued)" rows, never cut.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import messages as m
from . import styles
from .cells import EXCEL_CELL_LIMIT, split_for_cell, to_cells
from .errors import OutputError
from .files import atomic_output
from .flags import DUE_SOON, NO_UPDATE, OVERDUE, UNCLEAR
from .merge import APPLIED, CONFLICT, REJECTED, UNCHANGED, MergeResult
from .model import DONE_STATUSES, STATUSES, Action, Plan, normalise_status
from .schema import (
    CHANGES_HEADERS,
    CHANGES_SHEET,
    CONFLICTS_HEADERS,
    CONFLICTS_SHEET,
    CONTINUED,
    FILES_HEADERS,
    FILES_SHEET,
    HEADER_FOR_FIELD,
    NO_STATUS,
    NONE,
    NOT_RETURNED_HEADERS,
    NOT_RETURNED_SHEET,
    OVERDUE_HEADERS,
    OVERDUE_SHEET,
    REJECTED_HEADERS,
    REJECTED_SHEET,
    SUMMARY_SHEET,
    SUMMARY_SHEETS,
)

SHEETS = SUMMARY_SHEETS
COUNT_KEYS = (APPLIED, UNCHANGED, CONFLICT, REJECTED)
DIRECTIONS = ("improved", "same", "worse", "first update")
FLAG_ORDER = (OVERDUE, DUE_SOON, UNCLEAR, NO_UPDATE)

CONFLICT_ADVICE = "decide which value is right and edit the plan"
REJECTED_ADVICE = "correct the return and merge it again"

# The Summary sheet's grid: a wide label column, then narrow count columns.
_SUMMARY_LABEL_WIDTH = 34.0
_SUMMARY_COUNT_WIDTH = 13.0
_SUMMARY_SPAN = 9  # columns B..J: a value or file-name cell merged across them
_CHART_ROWS = 17  # rows left free under the status table for its chart


def write_summary(result: MergeResult, path: Path, *,
                  flagged: list[Action] | None = None) -> Path:
    """Write the summary workbook for `result` to `path`, atomically."""
    from xlsxwriter.exceptions import XlsxWriterException

    from .xlsx import new_workbook

    path = Path(path)
    try:
        with atomic_output(path) as tmp:
            with new_workbook(tmp, rows=len(result.applied) + len(result.conflicts)) as wb:
                fmt = styles.Formats(wb)
                _summary_sheet(wb, fmt, result, flagged or [])
                _table_sheet(wb, fmt, CHANGES_SHEET, CHANGES_HEADERS, _change_rows(result),
                             styles_by_col={4: ("old",), 5: ("new",)},
                             key_cols=(0, 1, 2, 3, 6, 7, 8))
                _table_sheet(wb, fmt, CONFLICTS_SHEET, CONFLICTS_HEADERS,
                             _conflict_rows(result),
                             styles_by_col={5: ("kept",)}, key_cols=(0, 1, 2, 3, 7, 8, 9))
                _table_sheet(wb, fmt, REJECTED_SHEET, REJECTED_HEADERS, _rejected_rows(result),
                             key_cols=(0, 1, 2, 3, 4, 7), continued_col=4)
                _table_sheet(wb, fmt, FILES_SHEET, FILES_HEADERS, _file_rows(result),
                             key_cols=(0, 1))
                _table_sheet(wb, fmt, NOT_RETURNED_SHEET, NOT_RETURNED_HEADERS,
                             _not_returned_rows(result), key_cols=(0, 1, 2, 3))
                _table_sheet(wb, fmt, OVERDUE_SHEET, OVERDUE_HEADERS,
                             _overdue_rows(result, flagged or []), key_cols=(0, 1, 5, 6),
                             continued_col=2)
    except (OSError, XlsxWriterException) as exc:
        raise OutputError(m.summary_not_written(path, exc)) from None
    return path


# --- what the sheets say -------------------------------------------------------

def _objective_names(plan: Plan) -> dict[str, str]:
    return {o.key: o.sheet_name for o in plan.objectives}


def _field_header(name: str, owner: str = "") -> str:
    header = HEADER_FOR_FIELD.get(name, name)
    return f"{header} ({owner})" if owner else header


def _change_rows(result: MergeResult) -> list[list[Any]]:
    names = _objective_names(result.plan)
    rows = []
    for c in result.applied:
        files = "; ".join(Path(s).name for s in (c.sources or (c.source,)))
        rows.append([c.action_id, names.get(c.objective, c.objective), c.title,
                     _field_header(c.field, c.owner), c.old, c.new, c.service, files, c.when])
    return rows


def _conflict_rows(result: MergeResult) -> list[list[Any]]:
    """One row per proposal, side by side under the plan's kept value."""
    names = _objective_names(result.plan)
    return [[c.action_id, names.get(c.objective, c.objective), c.title,
             _field_header(c.field, c.owner), p.base, c.mine, p.value, p.service,
             Path(p.source).name, CONFLICT_ADVICE]
            for c in result.conflicts for p in c.proposals]


def _file_rows(result: MergeResult) -> list[list[Any]]:
    """Every file given to the merge and what became of it."""
    return [[Path(f.path).name, f.service, f.saved, f.outcome, f.detail or "", f.origin]
            for f in sorted(result.files, key=lambda f: (f.service, Path(f.path).name))]


def _rejected_rows(result: MergeResult) -> list[list[Any]]:
    return [[Path(r.path).name, r.sheet, r.cell, r.action_id,
             _field_header(r.field) if r.field else "", r.value, r.reason,
             r.advice or REJECTED_ADVICE] for r in result.rejected]


def _not_returned_rows(result: MergeResult) -> list[list[Any]]:
    """Services still to reply, with how many of their actions are not yet done."""
    received = set(result.received)
    rows = []
    for name in result.expected:
        if name in received:
            continue
        service = result.plan.service(name)
        outstanding = sum(1 for a in result.plan.actions_of_service(name)
                          if a.status not in DONE_STATUSES)
        rows.append([name, service.lead if service else "", service.email if service else "",
                     outstanding])
    return rows


def _overdue_rows(result: MergeResult, flagged: list[Action]) -> list[list[Any]]:
    names = _objective_names(result.plan)
    return [[a.id, names.get(a.objective, a.objective), a.title, "; ".join(a.services),
             a.timescale.text, a.due, a.status] for a in flagged if a.flag == OVERDUE]


# --- writing -------------------------------------------------------------------

Formats = styles.Formats


def _put(ws: Any, row: int, col: int, value: Any, fmt: Formats,
         parts: Sequence[str] = ()) -> None:
    """One cell, typed: real dates and numbers, every text as a string, wrapped."""
    from .xlsx import write_cell

    write_cell(ws, row, col, value, fmt("wrap", *parts, styles.number_format(value)))


def _setup(ws: Any, headers: Sequence[str], fmt: Formats, widths: Sequence[float]) -> None:
    """Header row, frozen and repeated on every printed page; widths; print setup."""
    for col, header in enumerate(headers):
        _put(ws, 0, col, header, fmt, ("header",))
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def _table_sheet(wb: Any, fmt: Formats, name: str, headers: Sequence[str],
                 rows: Iterable[Sequence[Any]], *,
                 styles_by_col: dict[int, tuple[str, ...]] | None = None,
                 key_cols: Sequence[int] = (), continued_col: int = 3) -> None:
    """A list sheet; a row whose text overflows a cell goes on over "(continued)" rows.

    Key columns repeat on continuation rows so a filter on them keeps every
    piece; `continued_col` gets the "(continued)" mark. A big sheet goes
    through BulkSheet: the Changes sheet of a national merge holds 400,000 cells.
    """
    from .xlsx import sheet_class, write_row

    rows = list(rows)
    ws = wb.add_worksheet(name, worksheet_class=sheet_class(len(rows)))
    widths = [styles.SUMMARY_COLUMN_WIDTHS.get(h, styles.DEFAULT_WIDTH) for h in headers]
    _setup(ws, headers, fmt, widths)
    parts = [(styles_by_col or {}).get(col, ()) for col in range(len(headers))]
    formats_for: dict[tuple[str | None, ...], list[Any]] = {}  # by the row's number formats
    row = 1
    for values in rows:
        text = "".join([v for v in values if type(v) is str])
        if len(text) * 2 > EXCEL_CELL_LIMIT and any(
                isinstance(v, str) and len(v) * 2 > EXCEL_CELL_LIMIT for v in values):
            lines = _continued(values, key_cols, continued_col)
        else:
            lines = [values]
        for line in lines:
            line = to_cells(line)
            kinds = tuple(map(styles.number_format, line))
            formats = formats_for.get(kinds)
            if formats is None:
                formats = formats_for[kinds] = [
                    fmt("wrap", *parts[c], kind) for c, kind in enumerate(kinds)]
            write_row(ws, row, line, formats, styles.row_height(line, widths))
            row += 1
    if row == 1:
        _put(ws, 1, 0, NONE, fmt)
        row = 2
    ws.autofilter(0, 0, row - 1, len(headers) - 1)


def _continued(values: Sequence[Any], key_cols: Sequence[int],
               continued_col: int) -> list[list[Any]]:
    """A row whose text is too long for one cell, as the rows it goes on over."""
    pieces = [split_for_cell(v) if isinstance(v, str) else [v] for v in values]
    lines = []
    for i in range(max(len(p) for p in pieces)):
        line = []
        for col, cell in enumerate(pieces):
            if i < len(cell):
                value = cell[i]
            elif len(cell) == 1 and col in key_cols:
                value = cell[0]
            else:
                value = ""
            if i and col == continued_col:
                value = f"{value} {CONTINUED}".strip()
            line.append(value)
        lines.append(line)
    return lines


def _summary_sheet(wb: Any, fmt: Formats, result: MergeResult, flagged: list[Action]) -> None:
    ws = wb.add_worksheet(SUMMARY_SHEET)
    widths = [_SUMMARY_LABEL_WIDTH] + [_SUMMARY_COUNT_WIDTH] * (_SUMMARY_SPAN + 1)
    _setup(ws, ("Item", "Value"), fmt, widths)
    before, plan = result.before, result.plan
    about = [("Plan", plan.title), ("Organisation", plan.organisation), ("Period", plan.period),
             ("Revision", f"{before.revision} -> {plan.revision}"),
             ("As of", result.as_of or "not given")]
    row = 1
    for label, value in about:
        ws.write_string(row, 0, label, fmt("wrap", "label"))
        ws.merge_range(row, 1, row, _SUMMARY_SPAN, "", fmt("wrap"))
        _put(ws, row, 1, value, fmt)
        row += 1
    ws.autofilter(0, 0, row - 1, 1)

    row = _services_table(ws, fmt, result, row + 1)
    row = _counts_table(ws, fmt, result, row + 1)
    # The status table and its chart start a printed page, so no page break
    # cuts through the chart.
    ws.set_h_pagebreaks([row])
    row = _status_table(wb, ws, fmt, plan, row + 1)
    row = _direction_table(ws, fmt, result, row + 1)
    _flags_table(ws, fmt, flagged, row + 1)


def _block(ws: Any, fmt: Formats, row: int, title: str, headers: Sequence[str]) -> int:
    """A section title and its header row; returns the first data row."""
    ws.write_string(row, 0, title, fmt("wrap", "section"))
    for col, header in enumerate(headers):
        ws.write_string(row + 1, col, header, fmt("wrap", "header"))
    return row + 2


def _services_table(ws: Any, fmt: Formats, result: MergeResult, row: int) -> int:
    files: dict[str, list[str]] = defaultdict(list)
    for ret in result.returns:
        files[ret.service].append(Path(ret.path).name)
    expected = result.expected
    names = expected + sorted(s for s in files if s not in expected)
    row = _block(ws, fmt, row, "Returns by service",
                 ("Service", "Returns expected", "Received", "File name(s)"))
    ws.set_row(row - 1, 30)  # two-line headers
    for name in names:
        _put(ws, row, 0, name, fmt)
        ws.write_number(row, 1, 1 if name in expected else 0, fmt("wrap", "num"))
        ws.write_string(row, 2, "yes" if files.get(name) else "no", fmt("wrap", "num"))
        ws.merge_range(row, 3, row, _SUMMARY_SPAN, "", fmt("wrap"))
        _put(ws, row, 3, "; ".join(files.get(name, [])), fmt)
        row += 1
    if not names:
        ws.write_string(row, 0, NONE, fmt("wrap"))
        row += 1
    ws.write_string(row, 0, "Total", fmt("wrap", "total"))
    ws.write_number(row, 1, len(expected), fmt("wrap", "total", "num"))
    ws.write_number(row, 2, sum(1 for n in names if files.get(n)), fmt("wrap", "total", "num"))
    return row + 1


def _counts_table(ws: Any, fmt: Formats, result: MergeResult, row: int) -> int:
    got = result.counts()
    row = _block(ws, fmt, row, "Editable cells read from the returns", ("Outcome", "Cells"))
    for key in COUNT_KEYS:
        ws.write_string(row, 0, key.capitalize(), fmt("wrap"))
        ws.write_number(row, 1, got[key], fmt("wrap", "num"))
        row += 1
    total, read = sum(got.values()), result.cells_read
    ws.write_string(row, 0, "Total", fmt("wrap", "total"))
    ws.write_number(row, 1, total, fmt("wrap", "total", "num"))
    row += 1
    if total == read:
        sentence, look = (f"Check: every editable cell read is counted once "
                          f"({read} read, {total} counted)."), "ok"
    else:
        sentence, look = (f"Check failed: {read} editable cells were read but {total} "
                          "counted — report this, the merge has lost or doubled cells."), "bad"
    ws.merge_range(row, 0, row, _SUMMARY_SPAN, "", fmt("wrap", look))
    ws.write_string(row, 0, sentence, fmt("wrap", look))
    return row + 1


def _status_table(wb: Any, ws: Any, fmt: Formats, plan: Plan, row: int) -> int:
    """Status counts by objective in the merged plan, with a stacked bar chart."""
    columns = [*STATUSES, NO_STATUS]
    header_row = row + 1
    row = _block(ws, fmt, row, "Status of actions by objective", ("Objective", *columns, "Total"))
    ws.set_row(header_row, 30)
    first = row
    for objective in plan.objectives:
        tally = Counter(normalise_status(a.status) or NO_STATUS
                        for a in plan.actions_for(objective.key))
        _put(ws, row, 0, objective.sheet_name, fmt)
        for col, status in enumerate(columns, start=1):
            ws.write_number(row, col, tally.get(status, 0), fmt("wrap", "num"))
        ws.write_number(row, len(columns) + 1, sum(tally.values()), fmt("wrap", "total", "num"))
        row += 1
    if row == first:
        ws.write_string(row, 0, NONE, fmt("wrap"))
        return row + 1
    chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
    for col, status in enumerate(columns, start=1):
        fill, line = styles.STATUS_COLOURS.get(status, styles.NO_STATUS_COLOURS)
        chart.add_series({
            "name": [SUMMARY_SHEET, header_row, col],
            "categories": [SUMMARY_SHEET, first, 0, row - 1, 0],
            "values": [SUMMARY_SHEET, first, col, row - 1, col],
            "fill": {"color": "#" + fill},
            "border": {"color": "#" + line},
        })
    chart.set_title({"name": "Status of actions by objective"})
    chart.set_x_axis({"name": "Actions", "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True})  # objectives top to bottom, as in the table
    chart.set_legend({"position": "bottom"})
    # Below the table, not beside it, so the sheet still prints one page wide.
    ws.insert_chart(row + 1, 0, chart, {"x_scale": 1.6, "y_scale": 1.1})
    return row + 1 + _CHART_ROWS


def _direction_table(ws: Any, fmt: Formats, result: MergeResult, row: int) -> int:
    objective_of = {a.id: a.objective for a in result.plan.actions}
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for action_id, way in result.direction_of_travel().items():
        tally[objective_of.get(action_id, "")][way] += 1
    row = _block(ws, fmt, row, "Direction of travel since the last revision",
                 ("Objective", *(d.capitalize() for d in DIRECTIONS)))
    first = row
    for objective in result.plan.objectives:
        _put(ws, row, 0, objective.sheet_name, fmt)
        for col, way in enumerate(DIRECTIONS, start=1):
            ws.write_number(row, col, tally[objective.key][way], fmt("wrap", "num"))
        row += 1
    if row == first:
        ws.write_string(row, 0, NONE, fmt("wrap"))
        row += 1
    return row


def _flags_table(ws: Any, fmt: Formats, flagged: list[Action], row: int) -> int:
    tally = Counter(a.flag for a in flagged if a.flag)
    row = _block(ws, fmt, row, "Actions that need a person's eye", ("Flag", "Actions"))
    for flag in FLAG_ORDER:
        ws.write_string(row, 0, flag, fmt("wrap"))
        ws.write_number(row, 1, tally.get(flag, 0), fmt("wrap", "num"))
        row += 1
    return row
