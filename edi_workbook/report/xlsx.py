"""The progress update as a workbook, for those who edit it in Excel.

A Counts sheet first (a printout opens with them), then one row per action (or
deliverable) with its status word in its colour. Printed on A4 landscape with
the text at 8 pt or more, in a grid; every column as wide as its longest word in
Arial (measured by textfit as Liberation Sans, the Arial LibreOffice prints),
rows as tall as their text, and no page holding a lone row.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.cells import split_for_cell, to_cell
from ..core.messages import NO_CLOSING
from ..core.report import NO_UPDATE, Report, format_value
from ..xlsx import styles, textfit


def _text(value: Any) -> str:
    return to_cell(str(value))


# The workbook form: one row per tracked row, for those who edit in Excel.
SHEET_HEADERS = ("Objective", "Action ID", "Action title", "Status", "Responsible service(s)",
                 "Timescale", "Progress update", "Closing sentence")
COUNTS_SHEET = "Counts"
UPDATE_SHEET = "Progress update"


def sheet_rows(report: Report) -> list[list[str]]:
    """The "Progress update" sheet: one row per action, or per deliverable."""
    rows = []
    for section in report.sections:
        for item in section.items:
            for row in item.rows:
                title = item.title or row.title
                if row.description:
                    title = f"{title}\nDeliverable: {row.description}"
                values = [section.sheet_name, row.action_id, title or row.action_id,
                          row.status, "\n".join(row.services) or "None",
                          row.timescale_text, row.progress_text or NO_UPDATE,
                          report.closing(row.kind) or NO_CLOSING]
                values += ["\n\n".join(p.line() for p in dict(row.included).get(h, []))
                           or "None" for h in report.included]
                rows.append(values)
    return rows


FONT = textfit.font_named(styles.REPORT_XLSX_FONT)  # Arial, measured as Liberation Sans
SIZE = float(styles.REPORT_XLSX_SIZE)


def write_xlsx(report: Report, path: Path) -> None:
    """Write `report` as a workbook at `path` (write_report makes it atomic): the counts
    first, so a printout opens with them, then one row per action."""
    from ..xlsx.write import new_workbook

    with new_workbook(path) as wb:
        wb.set_properties({"title": _text(report.document_title),
                           "subject": f"Position as at {format_value(report.as_of)}",
                           "author": _text(report.organisation), "comments": ""})
        fmt = styles.Formats(wb)
        looks = _Looks(fmt, report)
        _counts_sheet(wb, report, looks)
        _updates_sheet(wb, report, looks)
        if report.reach:
            _reach_sheet(wb, report, looks)


class _Looks:
    """The report's formats: every cell in Arial, in a grid; statuses in their colour."""

    def __init__(self, fmt: styles.Formats, report: Report) -> None:
        self.text = fmt("report", "body")
        self.head = fmt("report", "header")
        self.status = {word: fmt("report", "body", "bold",
                                 styles.status_format(report.rank_of(word)))
                       for word in report.status_words() if report.rank_of(word)}
        self.num = fmt("report", "body", "num")
        self.total = fmt("report", "body", "num", "total")
        self.total_label = fmt("report", "body", "total")
        self.line = fmt("report", "overflow")  # a sentence's line, running on to the right


def _updates_sheet(wb: Any, report: Report, looks: _Looks) -> None:
    from ..core.schema import CONTINUED
    from ..xlsx.write import write_cell

    headers = [*SHEET_HEADERS, *report.included]
    update_col = SHEET_HEADERS.index("Progress update")
    lines = []
    for values in sheet_rows(report):
        # A cell holds 32,767 characters: longer updates go on "(continued)" rows.
        for i, piece in enumerate(split_for_cell(_text(values[update_col]))):
            line = [_text(v) for v in values]
            line[update_col] = piece
            if i:
                line[2] = f"{line[2]} {CONTINUED}"
            lines.append(line)
    ws = wb.add_worksheet(UPDATE_SHEET)
    want = [styles.REPORT_SHEET_WIDTHS.get(h, styles.REPORT_INCLUDED_WIDTH) for h in headers]
    widths = styles.table_widths(headers, lines, want,
                                 styles.width_budget(len(headers), "A4", size=SIZE),
                                 size=SIZE, font=FONT)
    status_col = headers.index("Status")
    heights = []
    for row, line in enumerate(lines, start=1):
        for col, value in enumerate(line):
            look = looks.status.get(value, looks.text) if col == status_col else looks.text
            write_cell(ws, row, col, value, look)
        heights.append(styles.row_height(line, widths, size=SIZE, font=FONT))
        ws.set_row(row, heights[-1])
    ws.autofilter(0, 0, max(len(lines), 1), len(headers) - 1)
    _sheet_setup(ws, headers, widths, looks, report, heights)


def _counts_sheet(wb: Any, report: Report, looks: _Looks) -> None:
    """The counts by status and objective: the first sheet, so they print first."""
    from ..xlsx.write import write_cell

    ws = wb.add_worksheet(COUNTS_SHEET)
    header = ["Status", *(s.sheet_name for s in report.sections), "Total"]
    rows = report.status_table()
    want = [styles.REPORT_COUNT_LABEL_WIDTH] + [styles.REPORT_COUNT_WIDTH] * (len(header) - 1)
    widths = [max(w, styles.width_needed([h], bold=True, size=SIZE, font=FONT,
                                         filter_button=True),
                  styles.width_needed([str(r[c]) for r in rows], size=SIZE, font=FONT))
              for c, (w, h) in enumerate(zip(want, header, strict=True))]
    heights = []
    for r, values in enumerate(rows, start=1):
        last = r == len(rows)
        label = looks.total_label if last else looks.status.get(values[0], looks.text)
        write_cell(ws, r, 0, _text(values[0]), label)
        for col, value in enumerate(values[1:], start=1):
            write_cell(ws, r, col, value, looks.total if last else looks.num)
        heights.append(styles.row_height([_text(values[0])], widths[:1], size=SIZE,
                                         font=FONT))
        ws.set_row(r, heights[-1])
    ws.autofilter(0, 0, len(rows) - 1, len(header) - 1)
    _sheet_setup(ws, header, widths, looks, report, heights)


def _reach_sheet(wb: Any, report: Report, looks: _Looks) -> None:
    """Who the plan reaches: every list's words in one table (filter By for one), and
    under it what the table shows, in sentences."""
    from ..core.messages import REACH_SHEET
    from ..core.reach import reach_sheet_rows
    from ..xlsx.write import write_cell

    ws = wb.add_worksheet(REACH_SHEET)
    headers, rows = reach_sheet_rows(report.reach)
    shown = [[v if isinstance(v, int) else _text(v) for v in values] for values in rows]
    widths = styles.table_widths(headers, shown, list(styles.REACH_SHEET_WIDTHS),
                                 styles.width_budget(len(headers), "A4", size=SIZE),
                                 size=SIZE, font=FONT)
    heights = []
    for r, values in enumerate(shown, start=1):
        for col, value in enumerate(values):
            write_cell(ws, r, col, value, looks.num if isinstance(value, int) else looks.text)
        heights.append(styles.row_height(values, widths, size=SIZE, font=FONT))
        ws.set_row(r, heights[-1])
    ws.autofilter(0, 0, len(rows), len(headers) - 1)
    _sheet_setup(ws, headers, widths, looks, report, heights)
    r = len(rows) + 2
    room = sum(textfit.column_px(w) for w in widths) - 14
    for sentence in report.reach_said:  # below the table, in lines the table's width
        for line in textfit.wrap_px(_text(sentence), room, SIZE, font=FONT):
            write_cell(ws, r, 0, line, looks.line)
            r += 1


def _sheet_setup(ws: Any, headers: Sequence[str], widths: Sequence[float], looks: _Looks,
                 report: Report, heights: Sequence[float]) -> None:
    """Header row, frozen and repeated when printed; widths; A4 landscape, fitted to the
    page's width with the text at 8 pt or more (or, with columns added by --include,
    over pages across, the objective and ID repeated); pages that break where no page
    holds a lone row."""
    from ..xlsx.write import write_cell

    for col, name in enumerate(headers):
        write_cell(ws, 0, col, name, looks.head)
        ws.set_column_pixels(col, col, round(widths[col] * 7))
    heading = styles.row_height(headers, widths, bold=True, size=SIZE, font=FONT,
                                filter_button=True)
    ws.set_row(0, heading)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    fit = styles.print_fit(widths, size=SIZE, papers=("A4",), repeated=widths[:2])
    ws.set_paper(fit.paper_code)
    margin = styles.REPORT_XLSX_MARGIN
    ws.set_margins(left=margin, right=margin, top=styles.TOP_MARGIN,
                   bottom=styles.TOP_MARGIN)
    ws.fit_to_pages(fit.pages_wide, 0)
    if fit.pages_wide > 1:
        ws.repeat_columns(0, 1)
        ws.print_across()
    ws.repeat_rows(0)
    room = styles.page_room(widths, "A4", pages_wide=fit.pages_wide) - heading
    ws.set_h_pagebreaks([1 + b for b in styles.page_breaks(
        heights, room, blocks=[(0, len(heights) - 1)])])
    title = styles.header_text(report.document_title)
    when = styles.header_text(f"Position as at {format_value(report.as_of)}")
    ws.set_header(f"&L{title}&C{styles.header_text(ws.get_name())}&R{when}",
                  {"margin": styles.HEADER_MARGIN})
    ws.set_footer("&CPage &P of &N", {"margin": styles.HEADER_MARGIN})


