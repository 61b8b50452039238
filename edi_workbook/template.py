"""The blank plan workbook: the look every written plan copies.

`templates/plan_template.xlsx` is this module's output (`make template`).
The writer takes its styles from a restyled copy passed with `--template`, so
an officer keeps their look; for this template it builds the same look from
styles.py without opening the file (`writer._Look.default`, kept in step by a
test).
"""

from __future__ import annotations

from pathlib import Path

from . import styles
from .model import HEADERS, SCHEMA_VERSION, STATUSES

TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "templates" / "plan_template.xlsx"

ABOUT_SHEET = "About"
SERVICES_SHEET = "Services"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"
PROTOTYPE_SHEET = "Objective"
STATUS_RANGE_NAME = "StatusList"

# About sheet: label in column A, value in column B.
ABOUT_LABELS = {
    "title": "Title",
    "organisation": "Organisation",
    "period": "Period",
    "revision": "Revision",
    "annual_update": "Annual update date",
    "plan_id": "Plan ID",
}
SERVICE_HEADERS = ("Service", "Also known as", "Lead", "E-mail", "Deputy e-mail")
OBJECTIVE_LABEL = "Objective"
COMMITMENTS_LABEL = "Commitments"
CONNECTIONS_LABEL = "Connections to other plans and strategies"
HOW_TO_USE_LABEL = "How to use this workbook"

HOW_TO_USE = (
    "One sheet per objective. Each action has an ID that never changes: keep it.",
    "Status is chosen from the dropdown; its colour follows the council's RAG scheme.",
    "Due and Flag are filled by 'edi-workbook flag' from the Timescale (or the Revised"
    " timescale when given): Overdue, Due soon, Unclear timescale, No update.",
    "Send each service its own workbook with 'edi-workbook send', merge what comes back"
    " with 'edi-workbook merge'. Columns you add to an actions table are kept.",
    "Services lists each service, its lead and e-mail; 'Also known as' holds other"
    " spellings (e.g. HR) separated by semicolons.",
)


def build_template(path: Path) -> Path:
    """Write the blank template to `path` (openpyxl, so it loads back the same)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
    thin = Side(style="thin", color=styles.BORDER_COLOUR)
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(bold=True, color=styles.HEADER_FONT)
    header_fill = PatternFill("solid", fgColor=styles.HEADER_FILL)
    header_align = Alignment(wrap_text=True, vertical="center")
    body_align = Alignment(wrap_text=True, vertical="top")
    label_font = Font(bold=True)
    title_font = Font(bold=True, size=styles.TITLE_SIZE)

    about = wb.active
    about.title = ABOUT_SHEET
    about["A1"] = "EDI Action Plan"
    about["A1"].font = title_font
    for row, label in enumerate(ABOUT_LABELS.values(), start=3):
        about.cell(row, 1, label).font = label_font
        about.cell(row, 2).alignment = Alignment(horizontal="left")
    about.cell(3 + ABOUT_LABELS_ORDER.index("annual_update"), 2).number_format = styles.DATE_FORMAT
    start = 4 + len(ABOUT_LABELS)
    about.cell(start, 1, HOW_TO_USE_LABEL).font = label_font
    for offset, line in enumerate(HOW_TO_USE, start=1):
        row = start + offset
        about.cell(row, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
        about.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        about.row_dimensions[row].height = styles.row_height([line], [sum(styles.ABOUT_WIDTHS)])
    about.column_dimensions["A"].width, about.column_dimensions["B"].width = styles.ABOUT_WIDTHS
    about.page_setup.orientation = "landscape"
    about.page_setup.fitToWidth = 1
    about.page_setup.fitToHeight = 0
    about.sheet_properties.pageSetUpPr.fitToPage = True

    proto = wb.create_sheet(PROTOTYPE_SHEET)
    proto["A1"] = "As a ..."
    proto["A1"].font = title_font
    proto["A2"] = OBJECTIVE_LABEL
    proto["A2"].font = label_font
    proto["A2"].alignment = body_align
    proto["B2"].font = Font(bold=True)
    proto["B2"].alignment = body_align
    proto["A3"] = COMMITMENTS_LABEL
    proto["A3"].font = label_font
    proto["A3"].alignment = body_align
    proto["B3"].alignment = body_align
    for col, header in enumerate(HEADERS, start=1):
        cell = proto.cell(5, col, header)
        cell.font, cell.fill, cell.alignment, cell.border = (
            header_font, header_fill, header_align, border)
        body = proto.cell(6, col)
        body.alignment, body.border = body_align, border
        if header in ("Due", "Last updated"):
            body.number_format = styles.DATE_FORMAT
        letter = cell.column_letter
        proto.column_dimensions[letter].width = styles.COLUMN_WIDTHS[header]
    proto["A8"] = CONNECTIONS_LABEL
    proto["A8"].font = label_font
    proto["B8"].alignment = body_align

    services = wb.create_sheet(SERVICES_SHEET)
    for col, header in enumerate(SERVICE_HEADERS, start=1):
        cell = services.cell(1, col, header)
        cell.font, cell.fill, cell.alignment, cell.border = (
            header_font, header_fill, header_align, border)
        services.cell(2, col).alignment = body_align
        services.cell(2, col).border = border
    for letter, width in zip("ABCDE", styles.SERVICES_WIDTHS, strict=True):
        services.column_dimensions[letter].width = width

    lists = wb.create_sheet(LISTS_SHEET)
    for row, status in enumerate(STATUSES, start=1):
        lists.cell(row, 1, status)
    lists.sheet_state = "hidden"
    ref = f"'{LISTS_SHEET}'!$A$1:$A${len(STATUSES)}"
    wb.defined_names[STATUS_RANGE_NAME] = DefinedName(STATUS_RANGE_NAME, attr_text=ref)

    meta = wb.create_sheet(META_SHEET)
    meta["A1"], meta["B1"] = "key", "value"
    meta["A2"], meta["B2"] = "schema_version", str(SCHEMA_VERSION)
    meta.sheet_state = "hidden"

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


ABOUT_LABELS_ORDER = list(ABOUT_LABELS)
