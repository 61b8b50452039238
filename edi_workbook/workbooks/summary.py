"""MergeResult -> the summary workbook: what a merge did, for managers and the officer.

Managers read it printed, so every sheet opens with a title row and a line of
plain words, prints on A4 with the plan, the sheet, the "as at" date and
"page X of Y" in its header and footer, keeps its text at 8 pt or more, and
says "Nothing to show" in one line rather than printing an empty table.
Nothing is merged across cells (screen readers read tables cell by cell).
User text is always written as text (never a formula), without the control
characters Excel refuses; text longer than one cell holds is carried on
"(continued)" rows, never cut.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core import messages as m
from ..core.cells import EXCEL_CELL_LIMIT, split_for_cell, to_cells
from ..core.errors import OutputError
from ..core.flags import DUE_SOON, NO_UPDATE, OVERDUE, UNCLEAR
from ..core.merge import APPLIED, CONFLICT, REJECTED, UNCHANGED, MergeResult, file_name
from ..core.model import Plan
from ..core.position import Position, position_of
from ..core.schema import (
    CHANGES_HEADERS,
    CHANGES_SHEET,
    CONFLICTS_HEADERS,
    CONFLICTS_SHEET,
    CONTINUED,
    FILES_HEADERS,
    FILES_SHEET,
    HEADER_FOR_FIELD,
    NONE,
    NOT_RETURNED_HEADERS,
    NOT_RETURNED_SHEET,
    OVERDUE_HEADERS,
    OVERDUE_SHEET,
    REJECTED_HEADERS,
    REJECTED_SHEET,
    SUMMARY_SHEET,
)
from ..files import atomic_output
from ..xlsx import styles, textfit

COUNT_KEYS = (APPLIED, UNCHANGED, CONFLICT, REJECTED)
DIRECTIONS = ("improved", "same", "worse", "first update")
FLAG_ORDER = (OVERDUE, DUE_SOON, UNCLEAR, NO_UPDATE)

CONFLICT_ADVICE = "decide which value is right and edit the plan"
REJECTED_ADVICE = "correct the return and merge it again"

# What each count and flag means, in the words a manager reads.
OUTCOME_MEANING = {
    APPLIED: "taken into the plan",
    UNCHANGED: "the same as the plan already held",
    CONFLICT: "not taken: two answers disagree; see Conflicts",
    REJECTED: "not taken: see Rejected for why",
}
FLAG_MEANING = {
    OVERDUE: "its due date has passed",
    DUE_SOON: "due within 30 days",
    UNCLEAR: "its timescale cannot be read as a date: give one",
    NO_UPDATE: "no progress update, or none for 90 days",
}
# The Returned column of "Who has returned", by Returns.state.
RETURNED_WORDS = {"returned": "Yes", "owing": "Not yet", "not needed": "Not needed", "": ""}
DIRECTION_WORDS = {"improved": "Improved", "same": "Same", "worse": "Worse",
                   "first update": "First update"}

# The Summary sheet: a label column, then count columns; no cell merged.
_LABEL_WIDTH = 30.0
_COUNT_WIDTH = 11.0
_CHART_ROWS = 18  # rows left free under the status table for its chart


def _field_header(name: str, owner: str = "") -> str:
    header = HEADER_FOR_FIELD.get(name, name)
    return f"{header} ({owner})" if owner else header


def _action_order(result: MergeResult) -> dict[str, int]:
    """Actions in the plan's own order: by objective, then as listed."""
    keys = {o.key: i for i, o in enumerate(result.plan.objectives)}
    return {a.id: keys.get(a.objective, len(keys)) * 100_000 + i
            for i, a in enumerate(result.plan.actions)}


def _change_rows(result: MergeResult) -> list[list[Any]]:
    """Every cell changed, by objective and action; old and new side by side."""
    order = _action_order(result)
    rows = []
    for c in sorted(result.applied, key=lambda c: (order.get(c.action_id, 0), c.field)):
        files = "; ".join(file_name(s) for s in (c.sources or (c.source,)))
        rows.append([c.action_id, c.title, _field_header(c.field, c.owner), c.old, c.new,
                     c.service, files])
    return rows


def _conflict_rows(result: MergeResult) -> list[list[Any]]:
    """One row per answer, side by side under the plan's kept value."""
    order = _action_order(result)
    return [[c.action_id, c.title, _field_header(c.field, c.owner), p.base, c.mine, p.value,
             p.service, file_name(p.source), CONFLICT_ADVICE]
            for c in sorted(result.conflicts, key=lambda c: order.get(c.action_id, 0))
            for p in c.proposals]


def _file_rows(result: MergeResult) -> list[list[Any]]:
    """Every file given to the merge and what became of it."""
    return [[file_name(f.path), f.service, f.saved, f.outcome, f.detail or "", f.origin]
            for f in sorted(result.files, key=lambda f: (f.service, str(f.path)))]


def _rejected_rows(result: MergeResult) -> list[list[Any]]:
    return [[file_name(r.path), r.sheet, r.cell, r.action_id,
             _field_header(r.field) if r.field else "", r.value, r.reason,
             r.advice or REJECTED_ADVICE] for r in result.rejected]


def _not_returned_rows(result: MergeResult, position: Position) -> list[list[Any]]:
    """Services still to reply that have actions not yet done, with how many: the
    position's, as `chase` and the Summary sheet count them."""
    rows = []
    for name in position.returns.owing if position.returns else ():
        service = result.plan.service(name)
        rows.append([name, service.lead if service else "", service.email if service else "",
                     len(position.owed.get(name, ()))])
    return rows


def _overdue_rows(result: MergeResult, position: Position) -> list[list[Any]]:
    index = result.plan.action_index()
    overdue = [index[i] for i in position.flagged(OVERDUE)]
    return [[a.id, a.title, "; ".join(a.services), a.timescale.text, a.due, a.status]
            for a in overdue]


# What each list sheet is, in one line under its title, and its widths.
_SHEET_WORDS: dict[str, tuple[str, str, tuple[float, ...]]] = {
    CHANGES_SHEET: ("Changes", "Every cell of the plan this merge changed, by objective and"
                    " action: the old value struck through, the new one highlighted.",
                    (10, 26, 18, 34, 34, 18, 22)),
    CONFLICTS_SHEET: ("Conflicts", "Answers the merge did not take because they disagree,"
                      " with each other or with the plan: the plan kept its value. Decide each"
                      " and edit the plan.", (10, 22, 14, 22, 22, 22, 16, 18, 22)),
    REJECTED_SHEET: ("Rejected", "Files and cells the merge could not take, with why and what"
                     " to do.", (22, 10, 8, 10, 14, 30, 36, 30)),
    FILES_SHEET: ("Files", "Every file given to the merge, or found in a folder given, and"
                  " what became of it.", (28, 18, 16, 16, 46, 28)),
    NOT_RETURNED_SHEET: ("Not returned", "Services with actions still open whose return for"
                         " this round has not come back.", (34, 24, 34, 14)),
    OVERDUE_SHEET: ("Overdue", "Actions whose due date has passed and are not complete.",
                    (10, 40, 26, 30, 12, 14)),
}


def write_summary(result: MergeResult, path: Path, *,
                  position: Position | None = None) -> Path:
    """Write the summary workbook for `result` to `path`, atomically.

    Every count comes from `position` (the merge's, worked out once; by default
    from the merged plan as at the merge's date), as the report, the About sheet
    and the receipts print it.
    """
    from ..xlsx.write import new_workbook

    path = Path(path)
    if position is None:
        position = position_of(result.plan, result.as_of, result=result)
    tables = (
        (CHANGES_SHEET, CHANGES_HEADERS, _change_rows(result), {3: ("old",), 4: ("new",)},
         (0, 1, 2, 5, 6), 2),
        (CONFLICTS_SHEET, CONFLICTS_HEADERS, _conflict_rows(result), {4: ("kept",)},
         (0, 1, 2, 6, 7, 8), 2),
        (REJECTED_SHEET, REJECTED_HEADERS, _rejected_rows(result), {}, (0, 1, 2, 3, 4, 7), 4),
        (FILES_SHEET, FILES_HEADERS, _file_rows(result), {}, (0, 1), 4),
        (NOT_RETURNED_SHEET, NOT_RETURNED_HEADERS, _not_returned_rows(result, position), {},
         (0, 1, 2, 3), 0),
        (OVERDUE_SHEET, OVERDUE_HEADERS, _overdue_rows(result, position), {}, (0, 4, 5), 1),
    )
    try:
        with atomic_output(path) as tmp:
            with new_workbook(tmp, rows=len(result.applied) + len(result.conflicts),
                              quick_zip=True) as wb:
                wb.set_properties({"title": f"{result.plan.title}: merge summary",
                                   "subject": _as_at(result),
                                   "author": result.plan.organisation})
                fmt = styles.Formats(wb)
                _summary_sheet(wb, fmt, result, position)
                if result.plan.equality.present:
                    _reach_sheet(wb, fmt, result)
                for name, headers, rows, parts, keys, continued in tables:
                    _table_sheet(wb, fmt, result, name, headers, rows, styles_by_col=parts,
                                 key_cols=keys, continued_col=continued)
    except OSError as exc:
        raise OutputError(m.summary_not_written(path, exc)) from None
    return path


# --- writing -------------------------------------------------------------------

Formats = styles.Formats


def _as_at(result: MergeResult) -> str:
    return f"position as at {_day(result.as_of)}" if result.as_of else ""


def _day(day: date | datetime | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def _put(ws: Any, row: int, col: int, value: Any, fmt: Formats,
         parts: Sequence[str] = ()) -> None:
    """One cell, typed: real dates and numbers, every text as a string, wrapped."""
    from ..xlsx.write import write_cell

    write_cell(ws, row, col, value, fmt("wrap", *parts, styles.number_format(value)))


def _fit(ws: Any, row: int, label: str, width: float = _LABEL_WIDTH) -> None:
    """A Summary row as tall as its label wrapped in the first column (one line: as it is)."""
    if textfit.line_count(label, width) > 1:
        ws.set_row(row, styles.row_height([label], [width]))


def _set_widths(ws: Any, widths: Sequence[float]) -> None:
    """Each column `widths` characters of 7 pixels, as textfit measures its room."""
    for col, width in enumerate(widths):
        ws.set_column_pixels(col, col, round(width * 7))


def _portrait(widths: Sequence[float]) -> bool:
    """Whether the columns print on A4 portrait with the text at 8 pt or more."""
    return styles.print_scale(widths, "A4", portrait=True) * 11 >= styles.PRINT_SIZE_TARGET


def _page(ws: Any, result: MergeResult, widths: Sequence[float], repeat: int) -> None:
    """A4 (portrait when it holds the columns), fitted to the page's width with the text
    at 8 pt or more (or over pages across, the first column on each), header and
    footer, the top rows repeated."""
    portrait = _portrait(widths)
    fit = styles.print_fit(widths, papers=("A4",), portrait=portrait)
    ws.set_paper(fit.paper_code)
    if not portrait:
        ws.set_landscape()
    ws.set_margins(left=styles.SIDE_MARGIN, right=styles.SIDE_MARGIN,
                   top=styles.TOP_MARGIN, bottom=styles.TOP_MARGIN)
    ws.fit_to_pages(fit.pages_wide, 0)
    if fit.pages_wide > 1:
        ws.repeat_columns(0, 0)
        ws.print_across()
    ws.repeat_rows(0, repeat)
    title = _header_text(result.plan.title)
    ws.set_header(f"&L{title}&C&A&R{_header_text(_as_at(result).capitalize())}",
                  {"margin": styles.HEADER_MARGIN})
    ws.set_footer("&CPage &P of &N", {"margin": styles.HEADER_MARGIN})


def _header_text(text: str) -> str:
    """Text for a print header: '&' doubled so it is not read as a code."""
    return str(text).replace("&", "&&")


def _title(ws: Any, fmt: Formats, title: str, words: str) -> None:
    """One line each, running on to the right: a wrapped title ran over the words below."""
    ws.write_string(0, 0, title, fmt("title", "overflow"))
    ws.set_row(0, textfit.row_height(1, styles.TITLE_SIZE))
    ws.write_string(1, 0, words, fmt("plain", "overflow"))


def _table_sheet(wb: Any, fmt: Formats, result: MergeResult, name: str,
                 headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
                 styles_by_col: dict[int, tuple[str, ...]] | None = None,
                 key_cols: Sequence[int] = (), continued_col: int = 3) -> None:
    """A list sheet: a title, a line of plain words, then the table (or "Nothing to show").

    Each column as wide as its words and its text need (an empty Old value takes
    its heading's room, not a third of the page), the page's room shared out so
    the rows take the fewest lines; rows as tall as their text, drawn in a grid;
    the header repeated on every page and no page left with a lone row. An empty
    list is hidden: the Summary sheet says "none" in a line, and no printout
    spends a page on it.

    A row whose text overflows a cell goes on over "(continued)" rows; key
    columns repeat on them so a filter keeps every piece. A big sheet goes
    through BulkSheet: the Changes sheet of a national merge holds 400,000 cells.
    """
    from ..xlsx.write import sheet_class, write_row

    rows = list(rows)
    title, words, want = _SHEET_WORDS[name]
    ws = wb.add_worksheet(name, worksheet_class=sheet_class(len(rows)))
    _title(ws, fmt, title, words)
    head = 3
    cells = [to_cells(r) for r in rows]
    widths = styles.table_widths(headers, cells, want, styles.width_budget(len(headers), "A4"))
    for col, header in enumerate(headers):
        _put(ws, head, col, header, fmt, ("header",))
    ws.set_row(head, styles.row_height(headers, widths, bold=True, filter_button=True))
    _set_widths(ws, widths)
    ws.freeze_panes(head + 1, 0)
    _page(ws, result, widths, head)
    if not rows:
        _put(ws, head + 1, 0, NONE, fmt, ("body",))
        ws.autofilter(head, 0, head + 1, len(headers) - 1)
        ws.hide()
        return
    parts = [(styles_by_col or {}).get(col, ()) for col in range(len(headers))]
    heights: list[float] = []
    # A row's formats by its cells' types (a number format follows from the type, but for
    # a datetime's, which follows from its time of day: those rows go by their formats).
    formats_for: dict[tuple[Any, ...], list[Any]] = {}
    row = head + 1
    for values, cleaned in zip(rows, cells, strict=True):
        if cleaned is values:  # to_cells left it as it is: plain text, none of it long
            lines = [values]
        else:
            text = "".join([v for v in values if type(v) is str])
            if len(text) * 2 > EXCEL_CELL_LIMIT and any(
                    isinstance(v, str) and len(v) * 2 > EXCEL_CELL_LIMIT for v in values):
                lines = _continued(values, key_cols, continued_col)
            else:
                lines = [values]
        for line in lines:
            line = line if line is cleaned else to_cells(line)
            key = tuple(map(type, line))
            if datetime in key:
                key = tuple(map(styles.number_format, line))
            formats = formats_for.get(key)
            if formats is None:
                formats = formats_for[key] = [
                    fmt("body", *parts[c], styles.number_format(value))
                    for c, value in enumerate(line)]
            heights.append(styles.row_height(line, widths))
            write_row(ws, row, line, formats, heights[-1])
            row += 1
    ws.autofilter(head, 0, row - 1, len(headers) - 1)
    _breaks(ws, widths, heights, head + 1, repeated=_TITLE_POINTS + styles.row_height(
        headers, widths, bold=True, filter_button=True))


# The title rows above every sheet's table, printed on every page: title, words, a gap.
_TITLE_POINTS = textfit.row_height(1, styles.TITLE_SIZE) + 2 * textfit.POINTS_PER_LINE
_MOST_BREAKS = 1000  # Excel keeps 1,026 page breaks a sheet: a longer list goes its own way


def _breaks(ws: Any, widths: Sequence[float], heights: Sequence[float], first_row: int, *,
            repeated: float, blocks: Sequence[tuple[int, int]] | None = None) -> None:
    """Page breaks between the rows of `heights`, from `first_row`, under rows of
    `repeated` points printed on every page: no page holds a lone row of a table, and
    a block (a table with its title and header) that fits on a page is not split."""
    room = styles.page_room(widths, "A4", portrait=_portrait(widths)) - repeated
    found = styles.page_breaks(heights, room, min_rows=2,
                               blocks=[(0, len(heights) - 1)] if blocks is None else blocks)
    if len(found) <= _MOST_BREAKS:
        ws.set_h_pagebreaks([first_row + b for b in found])


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


# --- Who the plan reaches (a plan with the equality columns) ------------------------

def _reach_sheet(wb: Any, fmt: Formats, result: MergeResult) -> None:
    """The merged plan's actions by characteristic, aim and EFLG module, with where they
    stand: what it shows in sentences, then one table of every list (filter By)."""
    from ..core.reach import reach_sentences, reach_sheet_rows, reach_tables
    from ..xlsx.write import write_row

    plan = result.plan
    ws = wb.add_worksheet(m.REACH_SHEET)
    _title(ws, fmt, f"{plan.title}: {m.REACH_HEADING.lower()}", m.REACH_SHEET_WORDS)
    widths = styles.REACH_SHEET_WIDTHS
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    row = 2
    for sentence in reach_sentences(plan):
        ws.write_string(row, 0, sentence, fmt("plain", "overflow"))
        row += 1
    head = row + 1
    headers, rows = reach_sheet_rows(reach_tables(plan))
    for col, header in enumerate(headers):
        _put(ws, head, col, header, fmt, ("header",))
    for r, values in enumerate(rows, start=head + 1):
        formats = [fmt("wrap", "num" if isinstance(v, int) else None) for v in values]
        write_row(ws, r, to_cells(values), formats, styles.row_height(values, widths))
    if rows:
        ws.autofilter(head, 0, head + len(rows), len(headers) - 1)
    ws.freeze_panes(head + 1, 0)
    _page(ws, result, widths, head)


# --- the Summary sheet ---------------------------------------------------------

def _summary_widths(result: MergeResult, position: Position,
                    columns: Sequence[str]) -> list[float]:
    """The label column as wide as its longest word (a service's or an objective's
    name); each count column as wide as the longest word of any heading above it."""
    plan = result.plan
    returns = position.returns
    labels = [*(k.capitalize() for k in COUNT_KEYS), *(returns.expected if returns else ()),
              *(returns.returned if returns else ()), *(o.sheet_name for o in plan.objectives),
              *(s.name for s in position.sections), *FLAG_ORDER, "Total"]
    heads: list[list[str]] = [[] for _ in range(len(columns) + 1)]
    for headers in (("Boxes",), ("Return expected", "Returned"),
                    (*columns, "Total"), tuple(DIRECTION_WORDS[d] for d in DIRECTIONS),
                    ("Actions",)):
        for c, header in enumerate(headers[:len(heads)]):
            heads[c].append(header)
    if len(heads) > 1:  # "Not yet", "Not needed": under Returned, the second count column
        heads[1].extend(RETURNED_WORDS.values())
    return [max(_LABEL_WIDTH, styles.width_needed(labels)),
            *(max(_COUNT_WIDTH, styles.width_needed(h, bold=True)) for h in heads)]


def _summary_sheet(wb: Any, fmt: Formats, result: MergeResult, position: Position) -> None:
    """The merge's outcome, who returned, where the actions stand: blocks of their own,
    each kept whole on a printed page (a page break never leaves a table's rows without
    their header), in a grid so they read as tables on paper."""
    ws = wb.add_worksheet(SUMMARY_SHEET)
    plan = result.plan
    columns = list(position.words)
    widths = _summary_widths(result, position, columns)
    _set_widths(ws, widths)
    merged_on = f"merged on {result.merged_at:%d/%m/%Y %H:%M}" if result.merged_at else ""
    about = "; ".join(x for x in (plan.organisation, _as_at(result), merged_on,
                                  f"the plan is now at revision {plan.revision}") if x)
    _title(ws, fmt, f"{plan.title}: what this merge did", about[:1].upper() + about[1:] + ".")
    blocks = []
    # What became of the boxes first: the merge's outcome is the headline.
    row = _counts_table(ws, fmt, result, position, 3)
    blocks.append((3, row - 1))
    start, row = row + 1, _services_table(ws, fmt, position, row + 1, widths[0])
    blocks.append((start, row - 1))
    start, row = row + 1, _status_table(wb, ws, fmt, plan, position, row + 1, widths[0])
    blocks.append((start, row - 1))
    start, row = row + 1, _direction_table(ws, fmt, result, row + 1, widths[0])
    blocks.append((start, row - 1))
    start, row = row + 1, _flags_table(ws, fmt, position, row + 1, widths[0])
    blocks.append((start, row - 1))
    ws.freeze_panes(3, 0)
    _page(ws, result, widths, 1)
    first = 2
    heights = [ws.row_sizes[r][0] * 0.75 if r in ws.row_sizes else textfit.POINTS_PER_LINE
               for r in range(first, row)]
    _breaks(ws, widths, heights, first, repeated=_TITLE_POINTS - textfit.POINTS_PER_LINE,
            blocks=[(a - first, b - first) for a, b in blocks])


def _block(ws: Any, fmt: Formats, row: int, title: str, headers: Sequence[str]) -> int:
    """A section title and its header row, as tall as its headings; the first data row."""
    _put(ws, row, 0, title, fmt, ("section",))
    for col, header in enumerate(headers):
        _put(ws, row + 1, col, header, fmt, ("header",))
    widths = [ws.col_info[c].width / 7 if c in ws.col_info else _COUNT_WIDTH
              for c in range(len(headers))]
    ws.set_row(row + 1, styles.row_height(headers, widths, bold=True))
    return row + 2


def _services_table(ws: Any, fmt: Formats, position: Position, row: int,
                    label: float = _LABEL_WIDTH) -> int:
    """Who was sent a return and whether it came back: Yes, Not yet (listed on the Not
    returned sheet and chased), or Not needed (every action of theirs is done)."""
    returns = position.returns
    expected = list(returns.expected) if returns else []
    names = expected + [s for s in (returns.returned if returns else ()) if s not in expected]
    row = _block(ws, fmt, row, "Who has returned this round",
                 ("Service", "Return expected", "Returned"))
    for name in names:
        _put(ws, row, 0, name, fmt, ("body",))
        _fit(ws, row, name, label)
        _put(ws, row, 1, "Yes" if name in expected else "No", fmt, ("body", "num"))
        _put(ws, row, 2, RETURNED_WORDS[returns.state(name)] if returns else "", fmt,
             ("body", "num"))
        row += 1
    if not names:
        _put(ws, row, 0, NONE, fmt, ("body",))
        row += 1
    _put(ws, row, 0, "Total", fmt, ("body", "total"))
    _put(ws, row, 1, len(expected), fmt, ("body", "total", "num"))
    _put(ws, row, 2, len(returns.returned) if returns else 0, fmt, ("body", "total", "num"))
    row += 1
    if returns:
        ws.write_string(row, 0, m.returns_explained(
            len(returns.returned), len(expected), len(returns.owing), returns.not_needed),
            fmt("plain"))
        row += 1
    return row


def _counts_table(ws: Any, fmt: Formats, result: MergeResult, position: Position,
                  row: int) -> int:
    boxes = position.boxes
    got = {APPLIED: boxes.applied, UNCHANGED: boxes.unchanged, CONFLICT: boxes.conflict,
           REJECTED: boxes.rejected} if boxes else result.counts()
    row = _block(ws, fmt, row, "What happened to each box the leads filled in",
                 ("Outcome", "Boxes", "What it means"))
    for key in COUNT_KEYS:
        _put(ws, row, 0, key.capitalize(), fmt, ("body",))
        _put(ws, row, 1, got[key], fmt, ("body", "num"))
        ws.write_string(row, 2, OUTCOME_MEANING[key], fmt("plain"))  # runs on to the right
        row += 1
    total, read = sum(got.values()), boxes.read if boxes else result.cells_read
    _put(ws, row, 0, "Total", fmt, ("body", "total"))
    _put(ws, row, 1, total, fmt, ("body", "total", "num"))
    row += 1
    if total == read:
        sentence, look = (f"Every box read is counted once ({read} read, {total} counted).",
                          "ok")
    else:
        sentence, look = (f"Check failed: {read} boxes were read but {total} counted —"
                          " report this, the merge has lost or doubled some.", "bad")
    ws.write_string(row, 0, sentence, fmt(look, "plain"))
    return row + 1


def _status_table(wb: Any, ws: Any, fmt: Formats, plan: Plan, position: Position,
                  row: int, label: float = _LABEL_WIDTH) -> int:
    """Status counts by objective (the position's), with totals and a stacked bar chart
    of every status in the table."""
    statuses = plan.statuses
    columns = list(position.words)
    header_row = row + 1
    row = _block(ws, fmt, row, "Status of actions by objective",
                 ("Objective", *columns, "Total"))
    first = row
    for section in position.sections:
        _put(ws, row, 0, section.name, fmt, ("body",))
        _fit(ws, row, section.name, label)
        for col, status in enumerate(columns, start=1):
            _put(ws, row, col, position.count(status, section), fmt, ("body", "num"))
        _put(ws, row, len(columns) + 1, len(section.ids), fmt, ("body", "total", "num"))
        row += 1
    if row == first:
        _put(ws, row, 0, NONE, fmt, ("body",))
        return row + 1
    last = row - 1
    _put(ws, row, 0, "Total", fmt, ("body", "total"))
    for col, status in enumerate(columns, start=1):
        _put(ws, row, col, position.count(status), fmt, ("body", "total", "num"))
    _put(ws, row, len(columns) + 1, position.total, fmt, ("body", "total", "num"))
    row += 1
    for sentence in (position.status_explained(), position.attention_sentence(),
                     position.revised_sentence()):
        if sentence:
            ws.write_string(row, 0, sentence, fmt("plain"))
            row += 1
    chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
    for col, status in enumerate(columns, start=1):
        fill, line = styles.STATUS_COLOURS.get(statuses.means(status) or "",
                                               styles.NO_STATUS_COLOURS)
        chart.add_series({
            "name": [SUMMARY_SHEET, header_row, col],
            "categories": [SUMMARY_SHEET, first, 0, last, 0],
            "values": [SUMMARY_SHEET, first, col, last, col],
            "fill": {"color": "#" + fill},
            "border": {"color": "#" + line},
        })
    chart.set_title({"name": "Status of actions by objective"})
    chart.set_x_axis({"name": "Actions", "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True})  # objectives top to bottom, as in the table
    chart.set_legend({"position": "bottom"})
    described = "; ".join(
        f"{section.name}: " + ", ".join(
            f"{n} {s.lower()}" for s, n in sorted(
                ((w, position.count(w, section)) for w in columns),
                key=lambda pair: -pair[1]) if n)
        for section in position.sections)
    # Below the table, not beside it, so the sheet still prints one page wide.
    ws.insert_chart(row + 1, 0, chart, {
        "x_scale": 1.6, "y_scale": 1.1,
        "description": f"Bar chart of the status of actions by objective. {described}."})
    return row + 1 + _CHART_ROWS


def _direction_table(ws: Any, fmt: Formats, result: MergeResult, row: int,
                     label: float = _LABEL_WIDTH) -> int:
    objective_of = {a.id: a.objective for a in result.plan.actions}
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for action_id, way in result.direction_of_travel().items():
        tally[objective_of.get(action_id, "")][way] += 1
    row = _block(ws, fmt, row, "Direction of travel since the last merge",
                 ("Objective", *(DIRECTION_WORDS[d] for d in DIRECTIONS)))
    first = row
    for objective in result.plan.objectives:
        _put(ws, row, 0, objective.sheet_name, fmt, ("body",))
        _fit(ws, row, objective.sheet_name, label)
        for col, way in enumerate(DIRECTIONS, start=1):
            _put(ws, row, col, tally[objective.key][way], fmt, ("body", "num"))
        row += 1
    if row == first:
        _put(ws, row, 0, NONE, fmt, ("body",))
        row += 1
    ws.write_string(row, 0, m.DIRECTION_EXPLAINED, fmt("plain"))
    return row + 1


def _flags_table(ws: Any, fmt: Formats, position: Position, row: int,
                 label: float = _LABEL_WIDTH) -> int:
    row = _block(ws, fmt, row, "Actions to look at", ("Flag", "Actions", "What it means"))
    for flag in FLAG_ORDER:
        _put(ws, row, 0, flag, fmt, ("body",))
        _fit(ws, row, flag, label)
        _put(ws, row, 1, len(position.flagged(flag)), fmt, ("body", "num"))
        ws.write_string(row, 2, FLAG_MEANING[flag], fmt("plain"))  # runs on to the right
        row += 1
    return row
