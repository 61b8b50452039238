"""One service's return workbook: its actions, the white boxes to fill, its identity inside.

The identity (plan id, revision, service, issue date) and the values as issued
(the merge base) go in a hidden sheet and are repeated in custom document
properties stored as text: both survive a re-save by Excel and LibreOffice
(measured; see the README's "What happens to a bad return").

What the lead sees: a few lines that say what to fill in, how to choose a
status, how to read words a box cuts off, what to press when saving and whom to
send it to, each line one a lead can carry out in Excel and in LibreOffice under
the sheet's protection; last round's update read-only in Last update, beside an
empty Progress update box for the new words (returns.typed_value reads an empty
box as "no new words"); grey for what is locked and white, darker-edged boxes for
what to fill in, said in words above the columns too, so no status colour can be
taken for "locked" (statuses colour their word, never the box). No filter: its
arrow in the Status heading was taken for the status list. Every column is as
wide as its longest word; rows are as tall as their text, and grow as a lead
types (they are not fixed); one A4 landscape page wide at 8 pt or more.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..core.cells import to_cell
from ..core.model import Plan, long_date
from ..core.returns import (
    ALL_EDITABLE_HEADERS,
    issued_values,
    return_headers,
    row_check,
    shown_value,
    stored_text,
)
from ..core.schema import (
    CHECK_HEADER,
    IDENTITY_KEYS,
    IDENTITY_SHEET,
    LISTS_SHEET,
    PROPERTIES,
    RETURN_BAND,
    RETURN_BAND_EVIDENCE,
    RETURN_HEADERS,
    RETURN_SHEET,
    SCHEMA_VERSION,
    STATUS_RANGE_NAME,
)
from ..files import atomic_output
from ..xlsx import styles, textfit

WIDTHS = [styles.RETURN_WIDTHS.get(name, styles.DEFAULT_WIDTH) for name in RETURN_HEADERS]
EVIDENCE_LINE = ("Evidence: a link to, or a few words on, what shows the action is making a"
                 " difference (see Equality focus).")
# The white boxes keep at least this share of their reading width to type in (a row
# grows as a lead types); the rest of the page goes where it shortens the rows most.
_BOX_SHARE = 0.8
# Room the instructions leave unused at the table's right edge, in pixels.
_INSTRUCTIONS_MARGIN_PX = 14


def _want(headers: tuple[str, ...]) -> list[float]:
    """Each column's reading width: a return with the equality columns has two more, so
    every column is a little narrower to keep to one A4 landscape page across."""
    if headers == RETURN_HEADERS:
        return list(WIDTHS)
    return [styles.RETURN_EQUALITY_WIDTHS.get(name, styles.DEFAULT_WIDTH) for name in headers]


def _widths(headers: tuple[str, ...], rows: list[list[object]],
            statuses: tuple[str, ...]) -> list[float]:
    """Widths that keep every word whole (headings and status words in bold), the boxes
    most of their reading width to type in, and the room one A4 landscape page holds
    at 8 pt or more shared out so the rows take the fewest lines."""
    want = _want(headers)
    floor = []
    for c, name in enumerate(headers):
        body = [row[c] for row in rows]
        if name == "Status":
            body += list(statuses)
        texts = [f"{v:%d/%m/%Y}" if isinstance(v, date) else v for v in body]
        need = max(styles.width_needed([name], bold=True),
                   styles.width_needed(texts, bold=name == "Status"))
        floor.append(max(need, want[c] * _BOX_SHARE) if name in ALL_EDITABLE_HEADERS else need)
    budget = max(styles.width_budget(len(headers), "A4"), sum(floor))
    return styles.share_widths(rows, floor, budget, want)


def _instructions(plan: Plan, service: str, due: date | None, contact: str) -> list[str]:
    """What a lead needs to fill the return in without help, a paragraph an item;
    every instruction one they can carry out in Excel and LibreOffice under the
    sheet's protection."""
    # Dates written out, as the e-mail writes them: 8 March 2024, never 08/03/2024.
    by = f"by {long_date(due)}" if due else "as soon as you can"
    to = f"to {contact}" if contact else "to the person who sent it to you"
    return [
        f"{plan.title} – return from {service}",
        f"Fill in the white boxes for each action, then save this file and send it back {to}"
        f" {by}. The grey columns are for reference and locked; please do not add, delete"
        " or re-number rows.",
        # The plan's own words (a council's Green / Amber / Red), as the dropdown offers them.
        "Status: click the box, then the arrow beside it (or press Alt+Down), and choose"
        f" ({', '.join(plan.statuses.words)}). Progress update: what has been done since"
        " the Last update; leave it empty if nothing is new. Revised timescale: only if the"
        " date will move. Comments: anything else.",
        *([EVIDENCE_LINE] if plan.equality.present else []),
        "Every word you type is kept, even where a box shows only part of it: click the box"
        " to read it all in the bar above the sheet.",
        "Saving: in Excel, File > Save. In LibreOffice, when it asks \"Keep current"
        " format?\", press \"Use Excel 2007-365!\" (a file saved as ODF cannot be read).",
    ]


def _lines(paragraphs: list[str], widths: list[float]) -> list[str]:
    """The instructions as printed lines, each within the table's width: a line running
    past the last column would be cut at the page's edge."""
    room = sum(textfit.column_px(w) for w in widths) - _INSTRUCTIONS_MARGIN_PX
    lines = [paragraphs[0]]
    for paragraph in paragraphs[1:]:
        lines += textfit.wrap_px(paragraph, room)
    return lines


def write_return(plan: Plan, service: str, path: Path, *, issued: date, due: date | None,
                 contact: str = "", round_sent: date | None = None) -> Path:
    """Write `service`'s return: its actions, editable cells unlocked, identity hidden inside.

    `round_sent` is when the round this return belongs to was sent out: a
    reminder's fresh copy keeps its round's date, so both count for one round.
    """
    from ..xlsx.write import GrowingSheet, new_workbook, write_cell

    actions = plan.actions_of_service(service)
    rows = [issued_values(plan, a, service) for a in actions]
    headers = return_headers(plan)
    shown_rows = []
    for values in rows:
        shown = []
        for name in headers:
            value = to_cell(shown_value(name, values[name]))
            if not isinstance(value, date):
                value = stored_text(value)
            shown.append(value)
        shown_rows.append(shown)
    widths = _widths(headers, shown_rows, plan.statuses.words)
    path = Path(path)
    with atomic_output(path) as tmp:
        with new_workbook(tmp, rows=len(rows)) as wb:
            fmt = styles.Formats(wb)
            paragraphs = _instructions(plan, service, due, contact)
            wb.set_properties({"title": paragraphs[0], "subject": plan.title,
                               "company": plan.organisation,
                               "author": plan.owner_name or plan.organisation})
            ws = wb.add_worksheet(RETURN_SHEET, worksheet_class=GrowingSheet)

            # The last line, just above the headings, says which columns are which; the
            # cells it runs over are grey above the locked columns, white and edged
            # above the boxes, and locked: nothing typed there is taken. Every line is in
            # the identity, so none reads as typed.
            lines = _lines(paragraphs, widths)
            lines.append(RETURN_BAND if headers == RETURN_HEADERS else RETURN_BAND_EVIDENCE)
            write_cell(ws, 0, 0, lines[0], fmt("title"))
            ws.set_row(0, textfit.row_height(1, styles.TITLE_SIZE))
            for r, line in enumerate(lines[1:-1], start=1):
                write_cell(ws, r, 0, line, fmt("overflow"))
            band = len(lines) - 1
            head = band + 1
            for c, name in enumerate(headers):
                mine = name in ALL_EDITABLE_HEADERS
                write_cell(ws, band, c, lines[-1] if c == 0 else None,
                           fmt("bold", "overflow", "band" if mine else "locked",
                               {"top": 2, "border_color": styles.CHANGED_BORDER}
                               if mine else None))
                write_cell(ws, head, c, name, fmt("header"))
                ws.set_column_pixels(c, c, round(widths[c] * 7))
            heading = styles.row_height(headers, widths, bold=True)
            ws.set_row(head, heading)
            heights = []
            for r, shown in enumerate(shown_rows, start=head + 1):
                for c, name in enumerate(headers):
                    value = shown[c]
                    box = "editable" if name in ALL_EDITABLE_HEADERS else "locked"
                    dated = isinstance(value, date) or name == "Due"
                    write_cell(ws, r, c, value, fmt("body", box, "date" if dated else None))
                # As tall as its text: the row grows as the lead types.
                heights.append(styles.row_height(shown, widths))
                ws.set_row(r, heights[-1])
            # Pages break between rows where no page is left with a lone row.
            line = textfit.POINTS_PER_LINE  # the instructions' and the band's rows
            room = styles.page_room(widths, "A4") - heading - line
            above = textfit.row_height(1, styles.TITLE_SIZE) + (band - 1) * line
            ws.set_h_pagebreaks([head + 1 + b for b in styles.page_breaks(
                heights, room, first_page=room - above, blocks=[(0, len(heights) - 1)])])
            last = head + max(len(rows), 1)
            status = headers.index("Status")
            words = plan.statuses.words
            ws.data_validation(head + 1, status, last, status, {
                "validate": "list", "source": f"={STATUS_RANGE_NAME}",
                "input_title": "Status", "input_message": "Choose from the list.",
                "error_title": "Status", "error_type": "stop",
                "error_message": _choose_from(words),
            })
            # A status colours its word, never its box: the box stays white, "yours to fill
            # in", and no status can be taken for a grey, locked cell.
            for name, meaning in plan.statuses.pairs():
                ws.conditional_format(head + 1, status, last, status, {
                    "type": "cell", "criteria": "==", "value": _quoted(name),
                    "format": fmt(_status_word(meaning)), "stop_if_true": True})
            ws.freeze_panes(head + 1, 0)
            fit = styles.print_fit(widths, papers=("A4",))
            ws.set_landscape()
            ws.set_paper(fit.paper_code)
            ws.fit_to_pages(fit.pages_wide, 0)
            ws.set_margins(left=styles.SIDE_MARGIN, right=styles.SIDE_MARGIN,
                           top=styles.TOP_MARGIN, bottom=styles.TOP_MARGIN)
            ws.set_header(f"&L{styles.header_text(lines[0], 200)}", margin=styles.HEADER_MARGIN)
            ws.set_footer("&RPage &P of &N", margin=styles.HEADER_MARGIN)
            ws.repeat_rows(band, head)
            # No password: protection keeps people to the white cells, it is not security.
            # Rows and columns may be resized (Excel lets a lead; LibreOffice does not).
            ws.protect("", {"format_columns": True, "format_rows": True,
                            "select_locked_cells": True, "select_unlocked_cells": True})

            lists = wb.add_worksheet(LISTS_SHEET)
            for r, name in enumerate(words):
                write_cell(lists, r, 0, name)
            lists.hide()
            wb.define_name(STATUS_RANGE_NAME, f"='{LISTS_SHEET}'!$A$1:$A${len(words)}")

            identity = {"plan_id": plan.plan_id, "revision": str(plan.revision),
                        "service": service, "issued": issued.isoformat(),
                        "due": due.isoformat() if due else "",
                        "schema_version": str(SCHEMA_VERSION),
                        "round": (round_sent or issued).isoformat(),
                        "instructions": "\n".join(lines),
                        "statuses": "\n".join(words)}
            meta = wb.add_worksheet(IDENTITY_SHEET)
            for r, key in enumerate(IDENTITY_KEYS):
                write_cell(meta, r, 0, key)
                write_cell(meta, r, 1, stored_text(identity[key]))
            base_head = len(IDENTITY_KEYS) + 1
            for c, name in enumerate([*headers, CHECK_HEADER]):
                write_cell(meta, base_head, c, name)
            for r, values in enumerate(rows, start=base_head + 1):
                texts = [stored_text(values[name]) for name in headers]
                for c, text in enumerate(texts):
                    write_cell(meta, r, c, text)
                write_cell(meta, r, len(texts), row_check(plan.plan_id, texts))
            meta.hide()
            for prop, key in PROPERTIES.items():
                wb.set_custom_property(prop, stored_text(identity[key]) or "-", "text")
            ws.activate()
    return path


def _choose_from(words: tuple[str, ...]) -> str:
    """The drop-down's error message; Excel keeps 255 characters of it."""
    text = "Choose a status from the list: " + ", ".join(words) + "."
    return text if len(text) <= 255 else "Choose a status from the drop-down list."


def _quoted(word: str) -> str:
    """A status as a conditional format's formula string: '"Done"', quotes doubled."""
    return '"' + word.replace('"', '""') + '"'


def _status_word(status: str) -> styles.Props:
    """A status in a return: its colour on the word, bold; the white box kept."""
    return {"font_color": styles.STATUS_COLOURS[status][1], "bold": True}


