"""The progress update as a workbook, for those who edit it in Excel.

One row per action (or deliverable) with its status word in its colour, and
a Counts sheet. Printed on A4 landscape with the text at 8 pt or more: fitted
to the page's width only where that holds even in LibreOffice's wider fonts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.cells import split_for_cell, to_cell
from ..core.report import NO_UPDATE, Report, format_value
from ..xlsx import styles


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
                          report.closing(row.kind)]
                values += ["\n\n".join(p.line() for p in dict(row.included).get(h, []))
                           or "None" for h in report.included]
                rows.append(values)
    return rows


def write_xlsx(report: Report, path: Path) -> None:
    """Write `report` as a workbook at `path` (write_report makes it atomic)."""
    from ..core.schema import CONTINUED
    from ..xlsx.write import new_workbook, write_cell

    headers = [*SHEET_HEADERS, *report.included]
    with new_workbook(path) as wb:
        wb.set_properties({"title": _text(report.document_title),
                           "subject": f"Position as at {format_value(report.as_of)}",
                           "author": _text(report.organisation), "comments": ""})
        fmt = styles.Formats(wb)
        text = fmt("report", "wrap")
        head = fmt("report", "header")
        status_formats = {word: fmt("report", "wrap", "bold",
                                    styles.status_format(report.rank_of(word)))
                          for word in report.status_words() if report.rank_of(word)}
        num = fmt("report", "num")
        total = fmt("report", "num", "total")
        total_label = fmt("report", "total")

        ws = wb.add_worksheet(UPDATE_SHEET)
        widths = [styles.REPORT_SHEET_WIDTHS.get(h, styles.REPORT_INCLUDED_WIDTH)
                  for h in headers]
        _sheet_setup(ws, headers, widths, head, report)
        # Rows sized for the text in Arial, and in a wider font where Arial is missing,
        # so no printed row cuts its text off.
        fitting = [w / styles.REPORT_XLSX_TEXT_WIDTH for w in widths]
        ws.set_row(0, styles.row_height(headers, fitting))
        status_col = headers.index("Status")
        row = 1
        for values in sheet_rows(report):
            # A cell holds 32,767 characters: longer updates go on "(continued)" rows.
            update_col = SHEET_HEADERS.index("Progress update")
            for i, piece in enumerate(split_for_cell(_text(values[update_col]))):
                line = [*values[:update_col], piece, *values[update_col + 1:]]
                if i:
                    line[2] = f"{line[2]} {CONTINUED}"
                for col, value in enumerate(line):
                    cell = status_formats.get(value, text) if col == status_col else text
                    write_cell(ws, row, col, _text(value), cell)
                ws.set_row(row, styles.row_height(line, fitting))
                row += 1
        ws.autofilter(0, 0, max(row - 1, 1), len(headers) - 1)

        ws = wb.add_worksheet(COUNTS_SHEET)
        header = ["Status", *(s.sheet_name for s in report.sections), "Total"]
        widths = [styles.REPORT_COUNT_LABEL_WIDTH] + [styles.REPORT_COUNT_WIDTH] * (
            len(header) - 1)
        _sheet_setup(ws, header, widths, head, report)
        ws.set_row(0, 30)  # "Community Leader" and "Service Provider" on two lines
        rows = report.status_table()
        for r, values in enumerate(rows, start=1):
            last = r == len(rows)
            label_format = total_label if last else status_formats.get(values[0], text)
            write_cell(ws, r, 0, _text(values[0]), label_format)
            for col, value in enumerate(values[1:], start=1):
                write_cell(ws, r, col, value, total if last else num)
        ws.autofilter(0, 0, len(rows) - 1, len(header) - 1)
        if report.reach:
            _reach_sheet(wb, report, head, text, num)


def _reach_sheet(wb: Any, report: Report, head: Any, text: Any, num: Any) -> None:
    """Who the plan reaches: every list's words in one table (filter By for one), and
    under it what the table shows, in sentences."""
    from ..core.equality import reach_sheet_rows
    from ..core.messages import REACH_SHEET
    from ..xlsx.write import write_cell

    ws = wb.add_worksheet(REACH_SHEET)
    headers, rows = reach_sheet_rows(report.reach)
    widths = list(styles.REACH_SHEET_WIDTHS)
    _sheet_setup(ws, headers, widths, head, report)
    fitting = [w / styles.REPORT_XLSX_TEXT_WIDTH for w in widths]
    ws.set_row(0, styles.row_height(headers, fitting))
    for r, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            write_cell(ws, r, col, value if isinstance(value, int) else _text(value),
                       num if isinstance(value, int) else text)
        ws.set_row(r, styles.row_height([str(v) for v in values], fitting))
    ws.autofilter(0, 0, len(rows), len(headers) - 1)
    r = len(rows) + 2
    for sentence in report.reach_said:  # below the table, each running on to the right
        write_cell(ws, r, 0, _text(sentence), text)
        ws.set_row(r, styles.row_height([sentence], [sum(fitting)]))
        r += 1


def print_scale(widths: Sequence[float], landscape: bool = True, cap: bool = True) -> int:
    """The % fit-to-width would print at in Excel, on A4 with the sheets' margins.

    Excel draws a column of width w characters as int(w * 7 + 5) pixels at
    96 dpi; a page holds its width less the margins, in points. Uncapped, it
    says how far under 100% the columns are.
    """
    page = (842 if landscape else 595) - 2 * 72 * styles.REPORT_XLSX_MARGIN
    pixels = sum(int(w * 7 + 5) for w in widths)
    scale = int(page / (pixels * 0.75) * 100)
    return min(100, scale) if cap else scale


def _sheet_setup(ws: Any, headers: Sequence[str], widths: list[float], head: Any,
                 report: Report) -> None:
    """Header row, frozen and repeated when printed; widths; A4 landscape, text >= 8 pt.

    Fit to the page's width when the text stays at 8 pt or more even where
    the printing program's fonts run wide (LibreOffice without Calibri: 30%
    wider); otherwise, with columns added by --include, a fixed scale that
    keeps 8 pt, the columns going on to a second page with the IDs repeated.
    """
    from ..xlsx.write import write_cell

    for col, name in enumerate(headers):
        write_cell(ws, 0, col, name, head)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)
    margin = styles.REPORT_XLSX_MARGIN
    ws.set_margins(left=margin, right=margin, top=0.75, bottom=0.75)
    fits = print_scale(widths)
    if print_scale(widths, cap=False) / styles.WIDE_FONT_FACTOR >= least_scale():
        ws.fit_to_pages(1, 0)
    else:
        ws.set_print_scale(max(fits, least_scale()))
        ws.repeat_columns(0, 1)
    ws.repeat_rows(0)
    title = _header_text(report.document_title)
    when = _header_text(f"Position as at {format_value(report.as_of)}")
    ws.set_header(f"&L{title}&C{_header_text(ws.get_name())}&R{when}")
    ws.set_footer("&CPage &P of &N")


def least_scale() -> int:
    """The smallest print scale (%) at which the sheets' text prints at 8 pt or more."""
    return -(-styles.REPORT_XLSX_MIN_PRINTED * 100 // styles.REPORT_XLSX_SIZE)


def _header_text(text: str) -> str:
    """Text for an Excel print header: '&' doubled so it is not read as a code."""
    return _text(text).replace("&", "&&")
