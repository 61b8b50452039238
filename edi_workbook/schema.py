"""The words of every workbook the tool writes: sheet names, headers, labels.

Readers find tables and rows by these words and other tools read them, so
each is spelled once, here. Pure constants: no imports beyond the standard
library, so every layer may use them.
"""

from __future__ import annotations

# 2: shared actions keep each service's words on the Service updates sheet
# (version 1 kept "[Service] words" blocks in one cell); History and Returns log.
SCHEMA_VERSION = 2

# --- The plan workbook -------------------------------------------------------

ABOUT_SHEET = "About"
SERVICES_SHEET = "Services"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"  # the status dropdown's source
STATUS_RANGE_NAME = "StatusList"  # the defined name the dropdowns point at

# Field name on Action -> header of the actions table, in SPEC's order.
# Other tools read these headers: never rename or reorder them.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "ID"),
    ("title", "Action title"),
    ("type", "Type"),
    ("description", "Actions"),
    ("services", "Responsible service(s)"),
    ("timescale", "Timescale"),
    ("due", "Due"),
    ("status", "Status"),
    ("progress", "Progress update"),
    ("revised_timescale", "Revised timescale"),
    ("comments", "Comments"),
    ("last_updated", "Last updated"),
    ("updated_by", "Updated by"),
    ("flag", "Flag"),
)
HEADERS: tuple[str, ...] = tuple(h for _, h in COLUMNS)
FIELD_FOR_HEADER: dict[str, str] = {h: f for f, h in COLUMNS}
HEADER_FOR_FIELD: dict[str, str] = dict(COLUMNS)
DATE_HEADERS = ("Due", "Last updated")
# The two headers that make a row an actions table's header row.
TABLE_KEY_HEADERS = ("ID", "Action title")

# About sheet: label in column A, value in column B.
ABOUT_LABELS: dict[str, str] = {
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
# The plan's memory and each service's own words on shared actions.
SERVICE_UPDATES_SHEET = "Service updates"
SERVICE_UPDATES_HEADERS = ("ID", "Service", "Progress update", "Comments", "Last updated")
HISTORY_SHEET = "History"
HISTORY_HEADERS = ("Round", "Revision", "Date", "ID", "Field", "Old value", "New value",
                   "Service", "File", "Return")
RETURNS_LOG_SHEET = "Returns log"
RETURNS_LOG_HEADERS = ("Service", "File", "Saved", "Round", "Issued from revision",
                       "Merged in revision", "Merged on", "Applied", "Unchanged", "Conflicts",
                       "Rejected", "Outcome", "Return", "Content hash")

# The shipped template's one objective sheet, which a restyled copy keeps.
TEMPLATE_OBJECTIVE = "Objective"
TEMPLATE_ROLE = "As a ..."

# --- A return workbook -------------------------------------------------------

RETURN_SHEET = "Return"
IDENTITY_SHEET = "_return"  # hidden: who the return is for, and the values as issued
IDENTITY_KEYS = ("plan_id", "revision", "service", "issued", "due", "schema_version", "round",
                 "instructions")
CHECK_HEADER = "Check"  # the hidden sheet's check of each row of values as issued
# Custom document property -> identity key: a second copy of who the return is for.
PROPERTIES = {"edi_plan_id": "plan_id", "edi_revision": "revision",
              "edi_service": "service", "edi_issued": "issued", "edi_round": "round"}
# The visible table of a return, in order. Headers shared with the plan are
# spelled as the plan spells them; "Objective" names the objective's sheet.
RETURN_HEADERS: tuple[str, ...] = (
    "ID", "Objective", "Action title", "Actions", "Responsible service(s)", "Timescale",
    "Due", "Status", "Progress update", "Revised timescale", "Comments",
)
FIELD_FOR_RETURN_HEADER: dict[str, str] = {
    "Objective": "objective", **{h: FIELD_FOR_HEADER[h] for h in RETURN_HEADERS
                                 if h != "Objective"}}
# Headers that must be there for a sheet to be read as a return's table.
RETURN_KEY_HEADERS = ("ID", "Status", "Progress update")

# --- The summary workbook ----------------------------------------------------

SUMMARY_SHEET = "Summary"
CHANGES_SHEET = "Changes"
CONFLICTS_SHEET = "Conflicts"
REJECTED_SHEET = "Rejected"
FILES_SHEET = "Files"
NOT_RETURNED_SHEET = "Not returned"
OVERDUE_SHEET = "Overdue"
SUMMARY_SHEETS = (SUMMARY_SHEET, CHANGES_SHEET, CONFLICTS_SHEET, REJECTED_SHEET, FILES_SHEET,
                  NOT_RETURNED_SHEET, OVERDUE_SHEET)
CHANGES_HEADERS = ("Action ID", "Action title", "Column", "Old value", "New value", "Service",
                   "File")
CONFLICTS_HEADERS = ("Action ID", "Action title", "Column", "Sent to them", "The plan has (kept)",
                     "They said", "Service", "File", "What to do")
REJECTED_HEADERS = ("File", "Sheet", "Cell", "Action ID", "Column", "What was typed", "Reason",
                    "What to do")
FILES_HEADERS = ("File", "Service", "Saved", "What happened", "Detail", "Came in")
NOT_RETURNED_HEADERS = ("Service", "Lead", "E-mail", "Actions outstanding")
OVERDUE_HEADERS = ("ID", "Action title", "Services", "Timescale", "Due", "Status")
NONE = "Nothing to show"  # what an empty list sheet says, in one line
CONTINUED = "(continued)"  # marks the rows a text too long for one cell runs on to
NO_STATUS = "No status"
