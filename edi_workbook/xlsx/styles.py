"""Every colour, width, height and format the workbooks use, defined once.

Plain values and one registry of named formats (`FORMATS`, made into a
workbook's formats by `Formats`), so every writer (plan, returns, summary,
report; the shipped template is the plan writer's output) draws from the
same palette. No spreadsheet library is imported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import repeat
from typing import Any

from ..core.cells import strip_illegal
from . import textfit

Props = dict[str, Any]  # xlsxwriter format properties

# RAG colours by status: (fill, font). Each status has its own: Complete and Closed are
# both blue (both done), Closed the deeper one, so a key or a chart tells them apart.
# The font colour is read on white too (a return colours the word, not its box).
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "Not started": ("D9D9D9", "3F3F3F"),
    "On track": ("C6EFCE", "006100"),
    "At risk": ("FFEB9C", "9C5700"),
    "Off track": ("FFC7CE", "9C0006"),
    "Complete": ("BDD7EE", "1F4E78"),
    "Closed": ("9BC2E6", "0D2A4A"),
    "Carried forward": ("E4DFEC", "5B2C6F"),
}

# Flag -> fill of the Flag cell (the word is in the cell; the row is not tinted,
# so a changed cell's highlight and the status colour always show). Orange
# tones, apart from every status colour: Overdue stronger than the rest.
FLAG_COLOURS: dict[str, str] = {
    "Overdue": "F8CBAD",
    "Due soon": "FCE4D6",
    "Unclear timescale": "FCE4D6",
    "No update": "FCE4D6",
}

HEADER_FILL = "1F4E78"
HEADER_FONT = "FFFFFF"
BORDER_COLOUR = "BFBFBF"  # thin borders round the plan's table cells
# Read-only context in a return (statuses there colour their word only): a grey that
# shows against the white boxes on a laptop's screen (F2F2F2 did not).
LOCKED_FILL = "D0D0D0"
EDITABLE_FILL = "FFFFFF"
BOX_BORDER = "595959"  # a return's white boxes: edged darker than the grey cells' lines
CHANGED_FILL = "FFFF00"  # a cell the merge changed, as Word highlights ...
CHANGED_BORDER = "000000"  # ... in a thick box: it shows through a status colour, and on paper
OLD_VALUE_FONT = "C00000"  # struck-through old value in Changes
NEW_VALUE_FILL = "E2EFDA"
TITLE_SIZE = 14
DATE_FORMAT = "dd/mm/yyyy"
TIME_FORMAT = "hh:mm:ss"  # a time of day in an officer's own column
DURATION_FORMAT = "[h]:mm:ss"

# Reading widths in Excel characters. Long text columns wrap; short ones fit.
# Fourteen columns print one A3 page wide at 8 pt or more (see print_fit).
COLUMN_WIDTHS: dict[str, float] = {
    "ID": 13,  # also holds the sheet's labels: "Objective", "Commitments", "Key"
    "Action title": 26,
    "Type": 10,
    "Actions": 44,
    "Responsible service(s)": 20,
    "Timescale": 20,
    "Due": 12,  # a date must fit on one line, or it shows as ####
    "Status": 14,
    "Progress update": 44,
    "Revised timescale": 13,
    "Comments": 24,
    "Last updated": 12,
    "Updated by": 12,
    "Flag": 14,
}
# A return's columns, printed one A4 landscape page wide at 8 pt or more.
RETURN_WIDTHS: dict[str, float] = {
    "ID": 8,
    "Objective": 10,
    "Action title": 17,
    "Actions": 32,
    "Responsible service(s)": 13,
    "Timescale": 13,
    "Due": 12,
    "Last update": 21,
    "Status": 12,
    "Progress update": 25,
    "Revised timescale": 10,
    "Comments": 15,
}
# The equality columns of a plan that has them (schema.EQUALITY_COLUMNS), after Flag;
# and a return's two read-only equality columns and its Evidence box.
EQUALITY_WIDTHS: dict[str, float] = {
    "Protected characteristics": 22,
    "Equality duty aims": 22,
    "EFLG module": 18,
    "Outcome or measure of success": 30,
    "Baseline": 14,
    "Target": 14,
    "Staff or service users": 12,
    "Equality impact assessment": 16,
    "Evidence": 24,
}
RETURN_EQUALITY_WIDTHS: dict[str, float] = {  # 14 columns, still one A4 page across
    "ID": 8, "Objective": 11, "Action title": 14, "Actions": 20, "Equality focus": 17,
    "Responsible service(s)": 11, "Timescale": 11, "Due": 11, "Last update": 18,
    "Status": 11, "Progress update": 22, "Revised timescale": 10, "Comments": 12,
    "Evidence": 14,
}# The plan's About (label, value) and Services columns.
ABOUT_WIDTHS: tuple[float, ...] = (22, 60)
SERVICES_WIDTHS: tuple[float, ...] = (40, 30, 24, 34, 34)
REPORT_COUNT_LABEL_WIDTH = 22.0
REPORT_COUNT_WIDTH = 11.0
DEFAULT_WIDTH = 18.0
WIDE_EXTRA_WIDTH = 36.0  # an added column holding sentences ("Last year's update")
REVIEW_WIDTH = 16.0  # rollover's "Review" column: short instructions
MAX_WIDTH = 60.0

# The summary workbook (see summary.py): tracked-changes sheets and tables.
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
SUMMARY_TITLE_FONT = "1F4E78"
SUMMARY_LABEL_FILL = "DDEBF7"  # the label column of the Summary key/value block
SUMMARY_CHECK_OK_FONT = "006100"
SUMMARY_CHECK_BAD_FONT = "9C0006"
CONFLICT_FILL = "FFEB9C"  # master's kept value on the Conflicts sheet
NO_STATUS_COLOURS: tuple[str, str] = ("FFFFFF", "7F7F7F")  # (fill, border) in the chart

# The plan's own list sheets: Service updates, History, Returns log.
TABLE_WIDTHS: dict[str, float] = {
    "ID": 10, "Service": 26, "Progress update": 60, "Comments": 40, "Last updated": 13,
    "Round": 12, "Revision": 10, "Date": 12, "Field": 18, "Old value": 40, "New value": 40,
    "File": 30, "Return": 14, "Saved": 17, "Issued from revision": 12,
    "Merged in revision": 12, "Merged on": 12, "Applied": 10, "Unchanged": 11,
    "Conflicts": 10, "Rejected": 10, "Outcome": 30, "Content hash": 20,
}

MAX_ROW_HEIGHT = 409.0  # Excel's tallest row


def row_height(values: Sequence[Any], widths: Sequence[float], *, size: float = 11.0,
               bold: bool = False, min_lines: int = 1,
               font: textfit.Font = textfit.CALIBRI, filter_button: bool = False) -> float:
    """Points for a row of wrapped text: its tallest cell's lines, as Excel wraps them.

    Neither Excel nor LibreOffice reliably grows a row for wrapped text in a file
    written by a library, so every writer sets heights from this. Each text is
    wrapped word by word against its column's width at the font's size
    (textfit), so a name never loses its second half to a row one line short; a
    header row under a filter (`filter_button`) in the room its buttons leave.
    """
    if filter_button:  # a header row under a filter: the text wraps beside each button
        widths = [max(w - textfit.FILTER_BUTTON_PX / textfit.DIGIT_PX, 1.0) for w in widths]
    lines = textfit.max_lines(values, widths, size, bold, min_lines, font)
    return min(textfit.row_height(lines, size), MAX_ROW_HEIGHT)


# --- Printing ---------------------------------------------------------------
# Paper by name: (xlsxwriter's paper code, width, height in points, portrait).
PAPERS: dict[str, tuple[int, float, float]] = {"A4": (9, 595, 842), "A3": (8, 842, 1191)}
PRINT_SIZE_TARGET = 8.2  # aimed at, so Excel's own rounding of the scale stays above 8
SIDE_MARGIN = 0.4  # inches, left and right
TOP_MARGIN = 0.75  # inches, top and bottom: room for the header and footer
HEADER_MARGIN = 0.3  # inches from the paper's edge to the header and footer


@dataclass(frozen=True)
class PrintFit:
    """How a sheet prints: the paper, and how many pages wide."""

    paper: str
    paper_code: int
    pages_wide: int


def print_scale(widths: Sequence[float], paper: str, pages_wide: int = 1,
                repeated: Sequence[float] = (), portrait: bool = False) -> float:
    """How much fit-to-width printing shrinks columns of `widths` on `paper` (landscape).

    A column is counted as Excel draws a width of w: 7w pixels and 5 of padding
    (as accessibility.py's check counts it, a little wider than it prints).
    Columns repeated on every page (`repeated`) take room on each one.
    """
    _, short, long = PAPERS[paper]
    printable = (short if portrait else long) - 2 * SIDE_MARGIN * 72
    total = sum((w * textfit.DIGIT_PX + 5) * 0.75 for w in widths if w)
    total += (pages_wide - 1) * sum((w * textfit.DIGIT_PX + 5) * 0.75 for w in repeated if w)
    return min(1.0, printable * pages_wide / total) if total else 1.0


def first_page_columns(widths: Sequence[float], *, size: float = 11.0,
                       papers: Sequence[str] = ("A4", "A3"), repeated: Sequence[float] = (),
                       portrait: bool = False) -> int:
    """How many of `widths`' columns print on the first page across, as print_fit
    places them: text running on past them is cut at the page's edge."""
    fit = print_fit(widths, size=size, papers=papers, repeated=repeated, portrait=portrait)
    if fit.pages_wide == 1:
        return len(widths)
    _, short, long = PAPERS[fit.paper]
    room = ((short if portrait else long) - 2 * SIDE_MARGIN * 72) / print_scale(
        widths, fit.paper, fit.pages_wide, repeated, portrait)
    used = 0.0
    for count, width in enumerate(widths):
        used += (width * textfit.DIGIT_PX + 5) * 0.75 if width else 0.0
        if used > room:
            return max(count, 1)
    return len(widths)


def print_fit(widths: Sequence[float], *, size: float = 11.0,
              papers: Sequence[str] = ("A4", "A3"), repeated: Sequence[float] = (),
              portrait: bool = False, max_pages: int = 4) -> PrintFit:
    """The fewest pages wide, then the smallest paper, that print `size`-point text at
    PRINT_SIZE_TARGET or more."""
    for pages in range(1, max_pages + 1):
        for paper in papers:
            scale = print_scale(widths, paper, pages, repeated, portrait)
            last = pages == max_pages and paper == papers[-1]
            if size * scale >= PRINT_SIZE_TARGET or last:
                return PrintFit(paper, PAPERS[paper][0], pages)
    raise AssertionError("unreachable")


def header_text(text: str, limit: int = 80) -> str:
    """Text for a printed page's header or footer: on one line, kept short, '&' doubled
    (a lone one is read as a code: "&P" would print the page number)."""
    text = " ".join(strip_illegal(str(text))[0].split())
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("&", "&&")


def width_budget(columns: int, paper: str, *, pages_wide: int = 1, portrait: bool = False,
                 size: float = 11.0, repeated: Sequence[float] = ()) -> float:
    """The most characters of column width `columns` columns may share and still print
    `size`-point text at PRINT_SIZE_TARGET or more on `paper` (print_scale inverted)."""
    _, short, long = PAPERS[paper]
    printable = (short if portrait else long) - 2 * SIDE_MARGIN * 72
    points = printable * pages_wide * size / PRINT_SIZE_TARGET - 2  # widths round to pixels
    points -= (pages_wide - 1) * sum((w * textfit.DIGIT_PX + 5) * 0.75 for w in repeated if w)
    return (points / 0.75 - 5 * columns) / textfit.DIGIT_PX


def width_needed(texts: Iterable[Any], *, size: float = 11.0, bold: bool = False,
                 font: textfit.Font = textfit.CALIBRI, filter_button: bool = False) -> float:
    """The least column width, in characters, that keeps every word of `texts` whole
    (a header cell beside a filter's button: in the room the button leaves). An address
    or a code breaks wherever the column ends, and no word widens a column past
    MAX_WORD_WIDTH: a link a lead pasted must not push the table off the page."""
    px = textfit.widest_word_px({textfit.words_kept_whole(t) for t in texts
                                 if isinstance(t, str) and t}, size, bold, font)
    return min(textfit.width_for(px, filter_button), textfit.MAX_WORD_WIDTH) if px else 0.0


def width_unwrapped(texts: Iterable[Any], *, size: float = 11.0, bold: bool = False,
                    font: textfit.Font = textfit.CALIBRI) -> float:
    """The column width, in characters, that shows each of `texts` on lines of its own."""
    # A table's column repeats its texts (IDs, fields, services): each measured once.
    lines = {line for t in {t for t in texts if isinstance(t, str)} for line in t.splitlines()}
    px = max(map(textfit.text_px, lines, repeat(size), repeat(bold), repeat(font)),
             default=0.0)
    return textfit.width_for(px) if px else 0.0


def fit_columns(want: Sequence[float], need: Sequence[float], budget: float) -> list[float]:
    """Widths each at least its `need`, as near `want` as `budget` allows.

    Columns wider than they need give up room in proportion to what they can spare,
    until the widths add up to the budget; needs that alone pass it are kept
    (a wider page beats a word broken in two).
    """
    widths = [max(w, n) for w, n in zip(want, need, strict=True)]
    over = sum(widths) - budget
    if over <= 0:
        return widths
    spare = [w - n for w, n in zip(widths, need, strict=True)]
    room = sum(spare)
    if room <= over:
        return [max(n, 0.0) for n in need]
    return [w - over * s / room for w, s in zip(widths, spare, strict=True)]


def share_widths(rows: Sequence[Sequence[Any]], floor: Sequence[float], budget: float,
                 want: Sequence[float], *, size: float = 11.0, step: float = 2.0,
                 font: textfit.Font = textfit.CALIBRI) -> list[float]:
    """Widths from `floor` up to `budget`, each step of room to the column that most
    shortens the rows (as Excel wraps them), so a table of long texts takes the fewest
    lines; room left when no column shortens a row goes to those below their `want`.

    A row's height is its tallest cell's: widening any other column gains nothing,
    so each step is judged against the rows' second-tallest cells, and a text longer
    than Excel's tallest row (MAX_ROW_HEIGHT) is widened first.
    """
    widths = list(floor)
    n = len(widths)
    texts = [[(i, v) for i, row in enumerate(rows) if c < len(row)
              and isinstance((v := row[c]), str) and v] for c in range(n)]
    active = [c for c in range(n) if texts[c]]
    most = int((MAX_ROW_HEIGHT - textfit.ROW_PADDING) / (textfit.POINTS_PER_LINE * size / 11))
    left = budget - sum(widths)
    for c in active:  # first, room for text Excel's tallest row would cut off
        while left >= 1 and any(textfit.line_count(v, widths[c], size, font=font) > most
                                for _, v in texts[c]):
            widths[c] += 1
            left -= 1
    lines = [[1] * len(rows) for _ in range(n)]
    # Each column's rows and texts apart, as line_counts takes them.
    columns = [([i for i, _ in texts[c]], [v for _, v in texts[c]]) for c in range(n)]
    for c in active:
        _count_into(lines[c], columns[c], widths[c], size, font)
    count = len(rows)

    def cost(column_lines: Sequence[int]) -> int:
        # Lines past Excel's tallest row are cut off: each costs as much as a row.
        total = sum(column_lines)
        if max(column_lines, default=0) > most:
            total += sum(count * (k - most) for k in column_lines if k > most)
        return total

    while left >= step and active:
        # Each row's tallest cell, and its tallest but for one column's: that column's
        # cell where it alone is tallest, else the tallest (`others` below, for any c).
        tallest = list(map(max, *(lines[c] for c in active))) if len(active) > 1 \
            else list(lines[active[0]])
        now = cost(tallest)
        if len(active) > 1:
            second = [col[-2] for col in map(sorted, zip(*(lines[c] for c in active),
                                                         strict=True))]
        else:
            second = [1] * count  # no other column: a row of one line
        best, rate, by = None, 0.0, step
        for c in active:
            mine = lines[c]
            others = [s if m == t and (len(active) == 1 or s < t) else t
                      for m, t, s in zip(mine, tallest, second, strict=True)]
            for grow in (step, 2 * step, 3 * step):  # a step or two may gain nothing alone
                if grow > left:
                    break
                trial = _count_into(list(mine), columns[c], widths[c] + grow, size, font)
                gain = now - cost(list(map(max, trial, others)))
                if gain / grow > rate:
                    best, rate, by = c, gain / grow, grow
        if best is None:
            break
        widths[best] += by
        _count_into(lines[best], columns[best], widths[best], size, font)
        left -= by
    # What no row needs: to the columns below their reading width, up to it and no
    # further (room given past it only shrinks the printed text).
    short = [max(w - x, 0.0) for w, x in zip(want, widths, strict=True)]
    if left > 0 and sum(short) > 0:
        given = min(left, sum(short))
        widths = [x + given * s / sum(short) for x, s in zip(widths, short, strict=True)]
    return widths


def _count_into(lines: list[int], texts: tuple[list[int], list[str]], width: float,
                size: float, font: textfit.Font) -> list[int]:
    """`lines`, each of `texts`' rows (its first list) set to the line count at `width` of
    that row's text (its second)."""
    for i, n in zip(texts[0], textfit.line_counts(texts[1], width, size, font=font),
                    strict=True):
        lines[i] = n
    return lines


# Cell types table_widths shows as they are (no date among them), and text or blank.
_UNDATED = frozenset({str, int, float, bool, type(None)})
_TEXT_OR_BLANK = frozenset({str, type(None)})


def table_widths(headers: Sequence[str], rows: Sequence[Sequence[Any]],
                 want: Sequence[float], budget: float, *, size: float = 11.0,
                 font: textfit.Font = textfit.CALIBRI, filtered: bool = True,
                 sample: int = 200) -> list[float]:
    """Widths for a table whose text is known when it is written: each column as wide
    as its longest word (its header's in bold, beside a filter's button), no wider
    than its text needs on one line unless its reading width (`want`) allows, then
    the page's room (`budget`) shared out so the rows take the fewest lines.

    A long table is judged by `sample` of its rows, spread through it.
    """
    # Rows of text and numbers (nearly all) are shown as they are: a look at their types.
    shown = [row if _UNDATED.issuperset(map(type, row)) else
             [f"{v:%d/%m/%Y %H:%M}" if isinstance(v, datetime) else
              f"{v:%d/%m/%Y}" if isinstance(v, date) else v for v in row] for row in rows]
    floor = []
    for c, header in enumerate(headers):
        texts = [row[c] for row in shown if c < len(row)]
        values = [row[c] for row in rows if c < len(row)]
        # A date or a number never wraps: its whole text must fit, or it shows as ####.
        numbers = [] if _TEXT_OR_BLANK.issuperset(map(type, values)) else [
            f"{t}" for t, v in zip(texts, values, strict=True)
            if v is not None and not isinstance(v, str)]
        need = max(width_needed([header], bold=True, size=size, font=font,
                                filter_button=filtered),
                   width_needed(texts, size=size, font=font),
                   width_unwrapped(numbers, size=size, font=font) if numbers else 0.0)
        natural = width_unwrapped(texts, size=size, font=font)
        floor.append(max(need, min(want[c], natural)))
    step = max(1, len(shown) // sample)
    # The room shared is the reading widths' (the page's at the most): widths past them
    # would take fewer lines only by printing every word smaller.
    room = min(budget, sum(max(w, f) for w, f in zip(want, floor, strict=True)))
    return share_widths(shown[::step], floor, max(room, sum(floor)), want, size=size,
                        font=font)


def page_room(widths: Sequence[float], paper: str, *, pages_wide: int = 1,
              portrait: bool = False) -> float:
    """Points of sheet rows one printed page holds when `widths` print fitted to
    `pages_wide` pages across, between the top and bottom margins.

    The scale is Excel's own, from its 7 pixels a character (LibreOffice's columns are
    wider, so it shrinks more and holds more rows); a fiftieth is kept spare, so a break
    placed at this room comes before either program's own.
    """
    _, short, long = PAPERS[paper]
    across = (short if portrait else long) - 2 * SIDE_MARGIN * 72
    down = (long if portrait else short) - 2 * TOP_MARGIN * 72
    total = sum(w * textfit.DIGIT_PX * 0.75 for w in widths if w)
    scale = min(1.0, across * pages_wide / total) if total else 1.0
    return down / scale * 0.98


def page_breaks(heights: Sequence[float], room: float, *, first_page: float | None = None,
                blocks: Sequence[tuple[int, int]] = (), min_rows: int = 2) -> list[int]:
    """Where printed pages should start, for rows of `heights` points (from the first row
    that flows; repeated rows are not among them) on pages holding `room` points, the
    first page `first_page` (less what is printed above the rows).

    A block (first, last), a table with its header, starts a page rather than split
    when it fits on one; one longer than a page splits where it must, keeping at least
    `min_rows` rows on each side of every break. Returns the indexes that begin a page.
    """
    starts = {first: last for first, last in blocks}
    inside = {}
    for first, last in blocks:
        for i in range(first, last + 1):
            inside[i] = (first, last)
    breaks: list[int] = []
    used = room - (room if first_page is None else first_page)
    i = 0
    while i < len(heights):
        height = heights[i]
        if i in starts and used > 0:
            last = starts[i]
            block = sum(heights[i:last + 1])
            if used + block > room and block <= room:
                breaks.append(i)
                used = 0.0
        if used + height > room and used > 0:
            at = i
            first, last = inside.get(i, (i, i))
            if first < i <= last:
                # Keep min_rows of the block on each side: pull the break back.
                if last - i + 1 < min_rows:
                    at = max(first + min_rows, last - min_rows + 1)
                if at - first < min_rows:
                    at = first
            if at <= (breaks[-1] if breaks else 0) or at > i:
                at = i
            breaks.append(at)
            used = sum(heights[at:i + 1])
            i += 1
            continue
        used += height
        i += 1
    return breaks


# --- Named formats -----------------------------------------------------------
# Each writer builds a cell's format from these parts, e.g. Formats(wb)("body",
# "date"); a later part wins. A restyled --template overrides the plan's parts.
BORDER: Props = {"border": 1, "border_color": BORDER_COLOUR}
FORMATS: dict[str, Props] = {
    "wrap": {"text_wrap": True, "valign": "top"},  # every table cell: text wraps, reads down
    "body": {"text_wrap": True, "valign": "top", **BORDER},
    "header": {"bold": True, "font_color": HEADER_FONT, "bg_color": HEADER_FILL,
               "text_wrap": True, "valign": "vcenter", **BORDER},
    "title": {"bold": True, "font_size": TITLE_SIZE},
    # The plan's objective sheets and About sheet (a restyled --template overrides these).
    "sheet_label": {"bold": True, "text_wrap": True, "valign": "top"},
    "statement": {"bold": True, "text_wrap": True, "valign": "top"},
    "about_title": {"bold": True, "font_size": TITLE_SIZE},
    "about_label": {"bold": True, "valign": "top"},
    "about_value": {"align": "left", "valign": "top"},
    "about_text": {"text_wrap": True, "valign": "top"},
    "bold": {"bold": True},
    "plain": {"bold": False},
    "left": {"align": "left"},
    "date": {"num_format": DATE_FORMAT},
    "when": {"num_format": DATETIME_FORMAT},
    "time": {"num_format": TIME_FORMAT},
    "duration": {"num_format": DURATION_FORMAT},
    # A cell the merge changed: highlighted and boxed (the box shows through a status colour).
    "changed": {"bg_color": CHANGED_FILL, "border": 2, "border_color": CHANGED_BORDER},
    "boxed": {"border": 2, "border_color": CHANGED_BORDER},  # ... an emptied one: boxed only
    "overflow": {"text_wrap": False},  # one line of text running on over the empty cells beside
    "review": {"bold": True},  # rollover's Review column: read first
    "key": {"text_wrap": True, "valign": "top", **BORDER},  # a colour key's named swatch
    "locked": {"bg_color": LOCKED_FILL, "locked": True},  # a return's reference columns
    "editable": {"bg_color": EDITABLE_FILL, "locked": False, "border": 1,
                 "border_color": BOX_BORDER},  # a return's white boxes
    "band": {"bg_color": EDITABLE_FILL, "locked": True},  # the words above them: white, locked
    "section": {"bold": True, "font_color": SUMMARY_TITLE_FONT, "text_wrap": False},
    "num": {"align": "center"},
    "label": {"bold": True, "bg_color": SUMMARY_LABEL_FILL},
    "total": {"bold": True, "top": 1},
    "old": {"font_strikeout": True, "font_color": OLD_VALUE_FONT},  # tracked changes: struck
    "new": {"bg_color": NEW_VALUE_FILL},  # ... and highlighted
    "kept": {"bg_color": CONFLICT_FILL},
    "ok": {"font_color": SUMMARY_CHECK_OK_FONT, "bold": True},
    "bad": {"font_color": SUMMARY_CHECK_BAD_FONT, "bold": True},
}


def number_format(value: Any) -> str | None:
    """The named format a date, time or duration needs to show as one."""
    if type(value) is str:  # nearly every cell
        return None
    if isinstance(value, datetime):
        return "when" if value.time() != time() else "date"
    if isinstance(value, date):
        return "date"
    if isinstance(value, time):
        return "time"
    if isinstance(value, timedelta):
        return "duration"
    return None


def status_format(status: str) -> Props:
    """The RAG look of a status cell (conditional formatting)."""
    fill, font = STATUS_COLOURS[status]
    return {"bg_color": fill, "font_color": font}


class Formats:
    """One workbook format per distinct combination of named parts and property dicts.

    xlsxwriter writes one style record per format object, so asking twice for
    ("body", "date") must give the same object.
    """

    def __init__(self, wb: Any, overrides: Mapping[str, Props] | None = None) -> None:
        self.wb = wb
        self.parts = {**FORMATS, **(overrides or {})}
        self.made: dict[tuple[Any, ...], Any] = {}

    def props(self, *parts: str | Mapping[str, Any] | None) -> Props:
        merged: Props = {}
        for part in parts:
            if part is None:
                continue
            merged.update(self.parts[part] if isinstance(part, str) else part)
        return merged

    def __call__(self, *parts: str | Mapping[str, Any] | None) -> Any:
        key = tuple(p if isinstance(p, str) or p is None else tuple(sorted(p.items()))
                    for p in parts)
        fmt = self.made.get(key)
        if fmt is None:
            props = self.props(*parts)
            # Equal properties reached by other parts share one format too.
            same = tuple(sorted(props.items()))
            fmt = self.made.get(same)
            if fmt is None:
                fmt = self.made[same] = self.wb.add_format(props)
            self.made[key] = fmt
        return fmt


# The progress update for committee (report.py, report/docx.py).
# Its workbook form: A4 landscape, fit to width only while text prints at 8 pt or more.
REPORT_SHEET_WIDTHS: dict[str, float] = {
    "Objective": 12,
    "Action ID": 8,
    "Action title": 22,
    "Status": 11,
    "Responsible service(s)": 16,
    "Timescale": 14,
    "Progress update": 40,
    "Closing sentence": 17,
}
REPORT_INCLUDED_WIDTH = 30.0  # a column chosen with --include
# Who the plan reaches, one table of every list (report workbook and summary).
REACH_SHEET_WIDTHS: tuple[float, ...] = (24, 34, 9, 28, 30)
REPORT_XLSX_FONT = "Arial"
REPORT_XLSX_SIZE = 11
# The progress update as a workbook: every cell in the report's own font.
FORMATS["report"] = {"font_name": REPORT_XLSX_FONT, "font_size": REPORT_XLSX_SIZE,
                     "valign": "top"}
REPORT_XLSX_MARGIN = 0.4  # inches, left and right
# Its Word form: GOV.UK asks for a sans-serif font, 12 pt or more for body text.
REPORT_FONT = "Arial"
REPORT_BODY_PT = 12
REPORT_TABLE_PT = 12
REPORT_MIN_TABLE_PT = 10  # a table too wide for its page at 12 pt is set smaller, to here
REPORT_FOOTER_PT = 10
REPORT_TITLE_PT = 24
REPORT_HEADING_PT: tuple[float, ...] = (16, 13)  # Heading 1, Heading 2
REPORT_HEADING_COLOUR = "1F4E78"  # 9:1 against white
REPORT_TEXT_COLOUR = "222222"
REPORT_MARGIN_CM = 2.0
REPORT_CHART_LINE = "404040"  # outline of a bar whose status has no colour
