"""One service's return workbook: its actions, the white boxes to fill, its identity inside.

The identity (plan id, revision, service, issue date) and the values as issued
(the merge base) go in a hidden sheet and are repeated in custom document
properties stored as text: both survive a re-save by Excel and LibreOffice
(measured; see the README's "What happens to a bad return").
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from . import styles
from .cells import to_cell
from .files import atomic_output
from .model import STATUSES, Plan
from .returns import EDITABLE_HEADERS, issued_values, row_check, stored_text
from .schema import (
    CHECK_HEADER,
    IDENTITY_KEYS,
    IDENTITY_SHEET,
    LISTS_SHEET,
    PROPERTIES,
    RETURN_HEADERS,
    RETURN_SHEET,
    SCHEMA_VERSION,
    STATUS_RANGE_NAME,
)

# Room for a lead to type a few lines: the height is fixed in the file and
# LibreOffice will not grow it as they type.
RETURN_ROW_HEIGHT = 6 * styles.LINE_HEIGHT
WIDTHS = [styles.COLUMN_WIDTHS.get(name, styles.DEFAULT_WIDTH) for name in RETURN_HEADERS]


def _instructions(plan: Plan, service: str, due: date | None, contact: str) -> list[str]:
    by = f"by {due:%d/%m/%Y}" if due else "as soon as you can"
    to = f"to {contact}" if contact else "to the person who sent it to you"
    return [
        f"{plan.title} – return from {service}",
        "For each action below, please fill in the white columns:",
        "• Status – choose from the list (Not started, On track, At risk, Off track,"
        " Complete, Closed, Carried forward).",
        "• Progress update – what has been done since the last update.",
        "• Revised timescale – only if the date will move; say when it will now be done.",
        "• Comments – anything else the plan owner should know.",
        "The grey columns are locked reference. Please do not add, delete or re-ID rows;"
        " sorting and filtering are fine.",
        f"Please return {by} {to}.",
    ]


def write_return(plan: Plan, service: str, path: Path, *, issued: date, due: date | None,
                 contact: str = "", round_sent: date | None = None) -> Path:
    """Write `service`'s return: its actions, editable cells unlocked, identity hidden inside.

    `round_sent` is when the round this return belongs to was sent out: a
    reminder's fresh copy keeps its round's date, so both count for one round.
    """
    from .xlsx import new_workbook, write_cell

    actions = plan.actions_of_service(service)
    rows = [issued_values(plan, a, service) for a in actions]
    path = Path(path)
    with atomic_output(path) as tmp:
        with new_workbook(tmp, rows=len(rows)) as wb:
            fmt = styles.Formats(wb)
            ws = wb.add_worksheet(RETURN_SHEET)

            lines = _instructions(plan, service, due, contact)
            write_cell(ws, 0, 0, lines[0], fmt("title"))
            for r, line in enumerate(lines[1:], start=1):
                write_cell(ws, r, 0, line)
            head = len(lines) + 1
            for c, name in enumerate(RETURN_HEADERS):
                write_cell(ws, head, c, name, fmt("header"))
                ws.set_column(c, c, WIDTHS[c])
            for r, values in enumerate(rows, start=head + 1):
                for c, name in enumerate(RETURN_HEADERS):
                    value = to_cell(values[name])
                    if not isinstance(value, date):
                        value = stored_text(value)
                    box = "editable" if name in EDITABLE_HEADERS else "locked"
                    dated = isinstance(value, date) or name == "Due"
                    write_cell(ws, r, c, value, fmt("body", box, "date" if dated else None))
                ws.set_row(r, max(RETURN_ROW_HEIGHT, styles.row_height(
                    [values[name] for name in RETURN_HEADERS], WIDTHS)))
            last = head + max(len(rows), 1)
            status = RETURN_HEADERS.index("Status")
            ws.data_validation(head + 1, status, last, status, {
                "validate": "list", "source": f"={STATUS_RANGE_NAME}",
                "input_title": "Status", "input_message": "Choose from the list.",
                "error_title": "Status", "error_type": "stop",
                "error_message": "Choose a status from the list: " + ", ".join(STATUSES) + ".",
            })
            for name in STATUSES:
                ws.conditional_format(head + 1, status, last, status, {
                    "type": "cell", "criteria": "==", "value": f'"{name}"',
                    "format": fmt(styles.status_format(name)), "stop_if_true": True})
            ws.autofilter(head, 0, last, len(RETURN_HEADERS) - 1)
            ws.freeze_panes(head + 1, 0)
            ws.set_landscape()
            ws.set_paper(8)  # A3: eleven columns of text stay legible
            ws.fit_to_pages(1, 0)
            ws.repeat_rows(head)
            # No password: protection keeps people to the white cells, it is not security.
            ws.protect("", {"autofilter": True, "sort": True, "format_columns": True,
                            "format_rows": True, "select_locked_cells": True,
                            "select_unlocked_cells": True})

            lists = wb.add_worksheet(LISTS_SHEET)
            for r, name in enumerate(STATUSES):
                write_cell(lists, r, 0, name)
            lists.hide()
            wb.define_name(STATUS_RANGE_NAME, f"='{LISTS_SHEET}'!$A$1:$A${len(STATUSES)}")

            identity = {"plan_id": plan.plan_id, "revision": str(plan.revision),
                        "service": service, "issued": issued.isoformat(),
                        "due": due.isoformat() if due else "",
                        "schema_version": str(SCHEMA_VERSION),
                        "round": (round_sent or issued).isoformat(),
                        "instructions": "\n".join(lines)}
            meta = wb.add_worksheet(IDENTITY_SHEET)
            for r, key in enumerate(IDENTITY_KEYS):
                write_cell(meta, r, 0, key)
                write_cell(meta, r, 1, stored_text(identity[key]))
            base_head = len(IDENTITY_KEYS) + 1
            for c, name in enumerate([*RETURN_HEADERS, CHECK_HEADER]):
                write_cell(meta, base_head, c, name)
            for r, values in enumerate(rows, start=base_head + 1):
                texts = [stored_text(values[name]) for name in RETURN_HEADERS]
                for c, text in enumerate(texts):
                    write_cell(meta, r, c, text)
                write_cell(meta, r, len(texts), row_check(plan.plan_id, texts))
            meta.hide()
            for prop, key in PROPERTIES.items():
                wb.set_custom_property(prop, stored_text(identity[key]) or "-", "text")
            ws.activate()
    return path
