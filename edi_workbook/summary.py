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
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from . import messages as m
from . import styles
from .cells import EXCEL_CELL_LIMIT, ILLEGAL_CHARACTERS, atomic_output, strip_illegal
from .errors import OutputError
from .flags import DUE_SOON, NO_UPDATE, OVERDUE, UNCLEAR
from .merge import MergeResult
from .model import DONE_STATUSES, HEADER_FOR_FIELD, STATUSES, Action, Plan, normalise_status

SHEETS = ("Summary", "Changes", "Conflicts", "Rejected", "Not returned", "Overdue")
NONE = "none"
CONTINUED = "(continued)"
NO_STATUS = "No status"
COUNT_KEYS = ("applied", "unchanged", "conflict", "rejected")
DIRECTIONS = ("improved", "same", "worse")
FLAG_ORDER = (OVERDUE, DUE_SOON, UNCLEAR, NO_UPDATE)

CHANGES_HEADERS = ("Action ID", "Objective", "Action title", "Field", "Old value",
                   "New value", "Service", "Source file", "When")
CONFLICTS_HEADERS = ("Action ID", "Objective", "Action title", "Field", "As issued",
                     "Master now (kept)", "Return's value", "Service", "Source file",
                     "What to do")
REJECTED_HEADERS = ("File", "Sheet", "Cell", "Action ID", "Field", "Value", "Reason",
                    "What to do")
NOT_RETURNED_HEADERS = ("Service", "Lead", "E-mail", "Actions outstanding")
OVERDUE_HEADERS = ("ID", "Objective", "Action title", "Services", "Timescale", "Due",
                   "Status")

CONFLICT_ADVICE = "decide which value is right and edit the plan"
REJECTED_ADVICE = "correct the return and merge it again"

# How far a status is from done, for the direction of travel when MergeResult
# does not say itself. Blank or unknown on either side counts as "same".
_STATUS_RANK = {"Off track": 0, "At risk": 1, "Not started": 2, "On track": 3,
                "Carried forward": 3, "Complete": 4, "Closed": 4}

# The Summary sheet's grid: a wide label column, then narrow count columns.
_SUMMARY_LABEL_WIDTH = 34.0
_SUMMARY_COUNT_WIDTH = 13.0
_SUMMARY_SPAN = 9  # columns B..J: a value or file-name cell merged across them
_CHART_ROWS = 17  # rows left free under the status table for its chart


def write_summary(result: MergeResult, path: Path, *,
                  flagged: list[Action] | None = None) -> Path:
    """Write the summary workbook for `result` to `path`, atomically."""
    import xlsxwriter
    from xlsxwriter.exceptions import XlsxWriterException

    from .xlsx import in_memory, no_collection

    path = Path(path)
    # Belt and braces: write_string is used for user text anyway, but no
    # generic write() may ever turn "=..." into a formula or "1e5" into a number.
    options = {"strings_to_formulas": False, "strings_to_numbers": False,
               "strings_to_urls": False,
               "in_memory": in_memory(len(result.applied) + len(result.conflicts))}
    try:
        with atomic_output(path) as tmp, no_collection():
            with xlsxwriter.Workbook(str(tmp), options) as wb:
                fmt = _Formats(wb)
                _summary_sheet(wb, fmt, result, flagged or [])
                _table_sheet(wb, fmt, "Changes", CHANGES_HEADERS, _change_rows(result),
                             styles_by_col={4: ("old",), 5: ("new",)},
                             key_cols=(0, 1, 2, 3, 6, 7, 8))
                _table_sheet(wb, fmt, "Conflicts", CONFLICTS_HEADERS, _conflict_rows(result),
                             styles_by_col={5: ("kept",)}, key_cols=(0, 1, 2, 3, 7, 8, 9))
                _table_sheet(wb, fmt, "Rejected", REJECTED_HEADERS, _rejected_rows(result),
                             key_cols=(0, 1, 2, 3, 4, 7), continued_col=4)
                _table_sheet(wb, fmt, "Not returned", NOT_RETURNED_HEADERS,
                             _not_returned_rows(result), key_cols=(0, 1, 2, 3))
                _table_sheet(wb, fmt, "Overdue", OVERDUE_HEADERS,
                             _overdue_rows(result, flagged or []), key_cols=(0, 1, 5, 6),
                             continued_col=2)
    except (OSError, XlsxWriterException) as exc:
        raise OutputError(m.summary_not_written(path, exc)) from None
    return path


def split_for_cell(text: str, limit: int = EXCEL_CELL_LIMIT) -> list[str]:
    """`text` in pieces a cell can hold, which join back to `text` exactly.

    Excel counts UTF-16 units, so a character beyond the BMP (an emoji) counts
    twice; a piece never splits one.
    """
    if len(text) * 2 <= limit or len(text.encode("utf-16-le")) // 2 <= limit:
        return [text]
    pieces: list[str] = []
    start = units = 0
    for i, ch in enumerate(text):
        width = 2 if ord(ch) > 0xFFFF else 1
        if units + width > limit:
            pieces.append(text[start:i])
            start, units = i, 0
        units += width
    pieces.append(text[start:])
    return pieces


# --- what the sheets say -------------------------------------------------------

def counts(result: MergeResult) -> dict[str, int]:
    """Cells applied / unchanged / conflict / rejected, from MergeResult if it can say."""
    if hasattr(result, "counts"):
        got = result.counts()
        return {key: int(got.get(key, 0)) for key in COUNT_KEYS}
    return {"applied": len(result.applied), "unchanged": result.unchanged,
            "conflict": len(result.conflicts), "rejected": result.cells_rejected}


def direction_of_travel(result: MergeResult) -> dict[str, str]:
    """Action id -> improved / same / worse, from MergeResult if it can say."""
    if hasattr(result, "direction_of_travel"):
        return dict(result.direction_of_travel())
    before = {a.id: a.status for a in result.before.actions}
    return {a.id: _direction(before.get(a.id, ""), a.status) for a in result.plan.actions}


def _direction(old: str, new: str) -> str:
    old_rank = _STATUS_RANK.get(normalise_status(old) or "")
    new_rank = _STATUS_RANK.get(normalise_status(new) or "")
    if old_rank is None or new_rank is None or old_rank == new_rank:
        return "same"
    return "improved" if new_rank > old_rank else "worse"


def cells_read(result: MergeResult) -> int:
    """Editable cells the merge read: each return's, plus files rejected whole."""
    paths = {r.path for r in result.returns}
    return (sum(r.editable_cells for r in result.returns)
            + sum(rej.cells for rej in result.rejected if rej.path not in paths))


def _expected(result: MergeResult) -> list[str]:
    """Services that were sent a return: MergeResult's list, else every service with actions."""
    if result.expected:
        return list(result.expected)
    plan = result.before
    return [s.name for s in plan.services if plan.actions_of_service(s.name)]


def _objective_names(plan: Plan) -> dict[str, str]:
    return {o.key: o.sheet_name for o in plan.objectives}


def _field_header(name: str) -> str:
    return HEADER_FOR_FIELD.get(name, name)


def _change_rows(result: MergeResult) -> list[list[Any]]:
    names = _objective_names(result.plan)
    files = {source: Path(source).name for source in {c.source for c in result.applied}}
    return [[c.action_id, names.get(c.objective, c.objective), c.title, _field_header(c.field),
             c.old, c.new, c.service, files[c.source], c.when] for c in result.applied]


def _conflict_rows(result: MergeResult) -> list[list[Any]]:
    names = _objective_names(result.plan)
    return [[c.action_id, names.get(c.objective, c.objective), c.title, _field_header(c.field),
             c.base, c.mine, c.theirs, c.service, Path(c.source).name, CONFLICT_ADVICE]
            for c in result.conflicts]


def _rejected_rows(result: MergeResult) -> list[list[Any]]:
    return [[Path(r.path).name, r.sheet, r.cell, r.action_id,
             _field_header(r.field) if r.field else "", r.value, r.reason,
             r.advice or REJECTED_ADVICE] for r in result.rejected]


def _not_returned_rows(result: MergeResult) -> list[list[Any]]:
    """Services still to reply, with how many of their actions are not yet done."""
    received = {r.service for r in result.returns}
    rows = []
    for name in _expected(result):
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

class _Formats:
    """xlsxwriter formats built from named parts, once each ("old" + "date")."""

    PARTS: dict[str, dict[str, Any]] = {
        "text": {"text_wrap": True, "valign": "top"},
        "header": {"bold": True, "font_color": "#" + styles.HEADER_FONT,
                   "bg_color": "#" + styles.HEADER_FILL, "border": 1},
        "section": {"bold": True, "font_color": "#" + styles.SUMMARY_TITLE_FONT,
                    "text_wrap": False},
        "num": {"align": "center"},
        "label": {"bold": True, "bg_color": "#" + styles.SUMMARY_LABEL_FILL},
        "total": {"bold": True, "top": 1},
        "old": {"font_strikeout": True, "font_color": "#" + styles.OLD_VALUE_FONT},
        "new": {"bg_color": "#" + styles.NEW_VALUE_FILL},
        "kept": {"bg_color": "#" + styles.CONFLICT_FILL},
        "ok": {"font_color": "#" + styles.SUMMARY_CHECK_OK_FONT, "bold": True},
        "bad": {"font_color": "#" + styles.SUMMARY_CHECK_BAD_FONT, "bold": True},
        "date": {"num_format": styles.DATE_FORMAT, "align": "left"},
        "when": {"num_format": styles.DATETIME_FORMAT, "align": "left"},
    }

    def __init__(self, wb: Any) -> None:
        self.wb = wb
        self.cache: dict[tuple[str, ...], Any] = {}

    def __call__(self, *parts: str) -> Any:
        key = ("text", *parts)
        if key not in self.cache:
            props: dict[str, Any] = {}
            for part in key:
                props.update(self.PARTS[part])
            self.cache[key] = self.wb.add_format(props)
        return self.cache[key]


def _put(ws: Any, row: int, col: int, value: Any, fmt: _Formats, parts: Sequence[str] = ()) -> None:
    """One cell, typed: real dates and numbers, and every text as a string."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt(*parts))
    elif isinstance(value, bool):
        ws.write_string(row, col, "yes" if value else "no", fmt(*parts))
    elif isinstance(value, datetime):
        ws.write_datetime(row, col, value.replace(tzinfo=None), fmt(*parts, "when"))
    elif isinstance(value, date):
        ws.write_datetime(row, col, datetime.combine(value, time()), fmt(*parts, "date"))
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt(*parts))
    else:
        text, _ = strip_illegal(str(value))
        ws.write_string(row, col, text, fmt(*parts))


def _setup(ws: Any, headers: Sequence[str], fmt: _Formats, widths: Sequence[float]) -> None:
    """Header row, frozen and repeated on every printed page; widths; print setup."""
    for col, header in enumerate(headers):
        ws.write_string(0, col, header, fmt("header"))
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def _table_sheet(wb: Any, fmt: _Formats, name: str, headers: Sequence[str],
                 rows: Iterable[Sequence[Any]], *,
                 styles_by_col: dict[int, tuple[str, ...]] | None = None,
                 key_cols: Sequence[int] = (), continued_col: int = 3) -> None:
    """A list sheet; a row whose text overflows a cell goes on over "(continued)" rows.

    Key columns repeat on continuation rows so a filter on them keeps every
    piece; `continued_col` gets the "(continued)" mark. Rows go through
    BulkSheet: the Changes sheet of a national merge holds 400,000 cells.
    """
    from .xlsx import BulkSheet

    ws = wb.add_worksheet(name, worksheet_class=BulkSheet)
    widths = [styles.SUMMARY_COLUMN_WIDTHS.get(h, styles.DEFAULT_WIDTH) for h in headers]
    _setup(ws, headers, fmt, widths)
    parts = [(styles_by_col or {}).get(col, ()) for col in range(len(headers))]
    plain = [fmt(*p) for p in parts]
    formats_for: dict[tuple[type, ...], list[Any]] = {}  # by the row's value types
    row = 1
    for values in rows:
        cells = [v if type(v) is str else _cell(v) for v in values]
        text = "".join([v for v in cells if type(v) is str])
        if ILLEGAL_CHARACTERS.search(text):  # rare: one search a row, not one a cell
            cells = [_cell(v) for v in cells]
        if len(text) * 2 > EXCEL_CELL_LIMIT and any(
                isinstance(v, str) and len(v) * 2 > EXCEL_CELL_LIMIT for v in cells):
            pieces = [split_for_cell(v) if isinstance(v, str) else [v] for v in cells]
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
        else:
            lines = [cells]
        for line in lines:
            kinds = tuple(map(type, line))
            formats = formats_for.get(kinds)
            if formats is None:
                formats = formats_for[kinds] = [
                    fmt(*parts[c], "when") if isinstance(v, datetime)
                    else fmt(*parts[c], "date") if isinstance(v, date)
                    else plain[c] for c, v in enumerate(line)]
            ws.add_row(row, line, formats, styles.row_height(line, widths))
            row += 1
    if row == 1:
        ws.write_string(1, 0, NONE, fmt())
        row = 2
    ws.autofilter(0, 0, row - 1, len(headers) - 1)


def _cell(value: Any) -> Any:
    """A value as BulkSheet writes it: text without forbidden characters, dates naive."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (int, float, date)):
        return value
    text = str.__str__(value) if isinstance(value, str) else str(value)  # StrEnum: its text
    return text if ILLEGAL_CHARACTERS.search(text) is None else strip_illegal(text)[0]


def _summary_sheet(wb: Any, fmt: _Formats, result: MergeResult, flagged: list[Action]) -> None:
    ws = wb.add_worksheet("Summary")
    widths = [_SUMMARY_LABEL_WIDTH] + [_SUMMARY_COUNT_WIDTH] * (_SUMMARY_SPAN + 1)
    _setup(ws, ("Item", "Value"), fmt, widths)
    before, plan = result.before, result.plan
    about = [("Plan", plan.title), ("Organisation", plan.organisation), ("Period", plan.period),
             ("Revision", f"{before.revision} -> {plan.revision}"),
             ("As of", result.as_of or "not given")]
    row = 1
    for label, value in about:
        ws.write_string(row, 0, label, fmt("label"))
        ws.merge_range(row, 1, row, _SUMMARY_SPAN, "", fmt())
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


def _block(ws: Any, fmt: _Formats, row: int, title: str, headers: Sequence[str]) -> int:
    """A section title and its header row; returns the first data row."""
    ws.write_string(row, 0, title, fmt("section"))
    for col, header in enumerate(headers):
        ws.write_string(row + 1, col, header, fmt("header"))
    return row + 2


def _services_table(ws: Any, fmt: _Formats, result: MergeResult, row: int) -> int:
    files: dict[str, list[str]] = defaultdict(list)
    for ret in result.returns:
        files[ret.service].append(Path(ret.path).name)
    expected = _expected(result)
    names = expected + sorted(s for s in files if s not in expected)
    row = _block(ws, fmt, row, "Returns by service",
                 ("Service", "Returns expected", "Received", "File name(s)"))
    ws.set_row(row - 1, 30)  # two-line headers
    for name in names:
        _put(ws, row, 0, name, fmt)
        ws.write_number(row, 1, 1 if name in expected else 0, fmt("num"))
        ws.write_string(row, 2, "yes" if files.get(name) else "no", fmt("num"))
        ws.merge_range(row, 3, row, _SUMMARY_SPAN, "", fmt())
        _put(ws, row, 3, "; ".join(files.get(name, [])), fmt)
        row += 1
    if not names:
        ws.write_string(row, 0, NONE, fmt())
        row += 1
    ws.write_string(row, 0, "Total", fmt("total"))
    ws.write_number(row, 1, len(expected), fmt("total", "num"))
    ws.write_number(row, 2, sum(1 for n in names if files.get(n)), fmt("total", "num"))
    return row + 1


def _counts_table(ws: Any, fmt: _Formats, result: MergeResult, row: int) -> int:
    got = counts(result)
    row = _block(ws, fmt, row, "Editable cells read from the returns", ("Outcome", "Cells"))
    for key in COUNT_KEYS:
        ws.write_string(row, 0, key.capitalize(), fmt())
        ws.write_number(row, 1, got[key], fmt("num"))
        row += 1
    total, read = sum(got.values()), cells_read(result)
    ws.write_string(row, 0, "Total", fmt("total"))
    ws.write_number(row, 1, total, fmt("total", "num"))
    row += 1
    if total == read:
        sentence, look = (f"Check: every editable cell read is counted once "
                          f"({read} read, {total} counted)."), "ok"
    else:
        sentence, look = (f"Check failed: {read} editable cells were read but {total} "
                          "counted — report this, the merge has lost or doubled cells."), "bad"
    ws.merge_range(row, 0, row, _SUMMARY_SPAN, "", fmt(look))
    ws.write_string(row, 0, sentence, fmt(look))
    return row + 1


def _status_table(wb: Any, ws: Any, fmt: _Formats, plan: Plan, row: int) -> int:
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
            ws.write_number(row, col, tally.get(status, 0), fmt("num"))
        ws.write_number(row, len(columns) + 1, sum(tally.values()), fmt("total", "num"))
        row += 1
    if row == first:
        ws.write_string(row, 0, NONE, fmt())
        return row + 1
    chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
    for col, status in enumerate(columns, start=1):
        fill, line = styles.STATUS_COLOURS.get(status, styles.NO_STATUS_COLOURS)
        chart.add_series({
            "name": ["Summary", header_row, col],
            "categories": ["Summary", first, 0, row - 1, 0],
            "values": ["Summary", first, col, row - 1, col],
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


def _direction_table(ws: Any, fmt: _Formats, result: MergeResult, row: int) -> int:
    objective_of = {a.id: a.objective for a in result.plan.actions}
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for action_id, way in direction_of_travel(result).items():
        tally[objective_of.get(action_id, "")][way] += 1
    row = _block(ws, fmt, row, "Direction of travel since the last revision",
                 ("Objective", *(d.capitalize() for d in DIRECTIONS)))
    first = row
    for objective in result.plan.objectives:
        _put(ws, row, 0, objective.sheet_name, fmt)
        for col, way in enumerate(DIRECTIONS, start=1):
            ws.write_number(row, col, tally[objective.key][way], fmt("num"))
        row += 1
    if row == first:
        ws.write_string(row, 0, NONE, fmt())
        row += 1
    return row


def _flags_table(ws: Any, fmt: _Formats, flagged: list[Action], row: int) -> int:
    tally = Counter(a.flag for a in flagged if a.flag)
    row = _block(ws, fmt, row, "Actions that need a person's eye", ("Flag", "Actions"))
    for flag in FLAG_ORDER:
        ws.write_string(row, 0, flag, fmt())
        ws.write_number(row, 1, tally.get(flag, 0), fmt("num"))
        row += 1
    return row
