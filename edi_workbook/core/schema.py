"""The words of every workbook the tool writes: sheet names, headers, labels.

Readers find tables and rows by these words and other tools read them, so
each is spelled once, here. Pure constants: no imports beyond the standard
library, so every layer may use them.
"""

from __future__ import annotations

# 2: shared actions keep each service's words on the Service updates sheet
# (version 1 kept "[Service] words" blocks in one cell); History and Returns log.
SCHEMA_VERSION = 2

# The fields `import --columns "By when=timescale"` may name (importing/columns.py
# reads them); here so that the CLI's help names them without importing the importer.
COLUMN_FIELDS = ("id", "title", "description", "service", "lead", "timescale", "status",
                 "progress", "revised timescale", "comments", "objective", "completed",
                 "type", "last updated", "updated by", "characteristics", "aims", "eflg",
                 "outcome", "baseline", "target", "facing", "eia", "evidence", "extra")

# --- The plan workbook -------------------------------------------------------

ABOUT_SHEET = "About"
SERVICES_SHEET = "Services"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"  # the status dropdown's source
STATUS_KEY = "status:"  # _meta key prefix: a plan's own status word -> what it counts as
STATUSES_COUNT_AS_LABEL = "Each status counts as"  # About: the plan's own words explained
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
# The equality columns a plan may have (core/equality.py), after Flag in this order,
# and only in a plan that has them: a plan without them is written as before.
# Their values live among the action's added columns (Action.extra) under these
# headers, so every write, merge and rollover carries them; Evidence is the one
# a lead fills in, an Action field merged like Comments.
EQUALITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("characteristics", "Protected characteristics"),
    ("aims", "Equality duty aims"),
    ("eflg", "EFLG module"),
    ("outcome", "Outcome or measure of success"),
    ("baseline", "Baseline"),
    ("target", "Target"),
    ("facing", "Staff or service users"),
    ("eia", "Equality impact assessment"),
    ("evidence", "Evidence"),
)
EQUALITY_HEADERS: tuple[str, ...] = tuple(h for _, h in EQUALITY_COLUMNS)
EVIDENCE_HEADER = "Evidence"
FIELD_FOR_HEADER: dict[str, str] = {h: f for f, h in COLUMNS} | {EVIDENCE_HEADER: "evidence"}
HEADER_FOR_FIELD: dict[str, str] = dict(COLUMNS) | {"evidence": EVIDENCE_HEADER}
DATE_HEADERS = ("Due", "Last updated")
# The two headers that make a row an actions table's header row.
TABLE_KEY_HEADERS = ("ID", "Action title")

# About sheet: label in column A, value in column B. The reader knows every
# label here; the writer shows ABOUT_SHOWN ("Plan ID" only in old files: the id
# lives on the hidden _meta sheet).
ABOUT_LABELS: dict[str, str] = {
    "title": "Title",
    "organisation": "Organisation",
    "period": "Period",
    "revision": "Revision",
    "annual_update": "Annual update date",
    "plan_id": "Plan ID",
    "as_at": "Position as at",
    "owner_name": "Plan owner",
    "owner_role": "Plan owner's job title",
}
ABOUT_SHOWN = ("title", "organisation", "period", "as_at", "revision", "annual_update",
               "owner_name", "owner_role")
# The plan's own equality lists on the About sheet, one word a row under the label
# (written only when the plan has the equality columns), and the introduction an
# import kept from the council's document, one paragraph a row.
EQUALITY_LIST_LABELS: dict[str, str] = {
    "characteristics": "This plan's protected characteristics (add your own below the nine)",
    "aims": "This plan's equality duty aims",
    "eflg": "This plan's EFLG modules",
    "facing": "This plan's staff or service users",
}
INTRODUCTION_LABEL = "Introduction, from the plan as published (the report's introduction)"
NOT_YET = "Not yet flagged or merged"  # the As at of a plan nobody has flagged or merged
ACTIONS_BY_STATUS_LABEL = "Actions by status"
ACTIONS_HEADER = "Actions"  # the count beside each status on the About sheet
TOTAL_LABEL = "Total"
# Under the counts by status on the About sheet: the position's other counts.
NO_UPDATE_LABEL = "No progress update"
ATTENTION_LABEL = "At risk or off track"
SERVICE_HEADERS = ("Service", "Also known as", "Lead", "E-mail", "Deputy e-mail")
OBJECTIVE_LABEL = "Objective"
COMMITMENTS_LABEL = "Commitments"
CONNECTIONS_LABEL = "Connections to other plans and strategies"
# A line of a statement or commitment starting with this continues the one above
# (a bullet sub-item, kept in its own row so it reads as a list).
BULLET = "•"
HOW_TO_USE_LABEL = "How to use this workbook"
HOW_TO_USE = (
    "One sheet per objective. Each action has an ID that never changes: keep it.",
    "Choose each Status from the list. Every status has its own colour, named in the key"
    " above each table; the word is always in the cell too.",
    "Due and Flag are worked out from the Timescale (or the Revised timescale, when"
    " given) as at the date above. A flag says why an action needs a look: Overdue, Due"
    " soon, Unclear timescale or No update.",
    "After a merge, every cell a service changed is yellow inside a thick black box, and"
    " its note says what it was, who changed it and when.",
    "Revision goes up by one at every merge. Columns and sheets you add are kept.",
    "The Services sheet lists each service, its lead and e-mail; 'Also known as' holds"
    " other spellings (for example HR), separated by semicolons.",
)
# The colour key above each objective's actions table.
KEY_LABEL = "Key"
CHANGED_KEY = "Changed by the last merge (its note says what it was)"
FLAG_KEYS = ("Flag: Overdue", "Flag: Due soon, Unclear timescale or No update")
# Columns other steps add to an actions table, placed where they are read first:
# header -> the standard header they follow. Other added columns go at the end.
REVIEW_HEADER = "Review"  # rollover: what to reword or re-date
LAST_YEAR_HEADER = "Last year's update"  # rollover: last year's status and progress
EARLIER_TIMESCALES_HEADER = "Earlier timescales"  # rollover: the wording a revision replaced
PLACE_AFTER: dict[str, str] = {REVIEW_HEADER: "Action title", EARLIER_TIMESCALES_HEADER:
                               "Timescale", LAST_YEAR_HEADER: "Due"}
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

# --- A return workbook -------------------------------------------------------

RETURN_SHEET = "Return"
IDENTITY_SHEET = "_return"  # hidden: who the return is for, and the values as issued
IDENTITY_KEYS = ("plan_id", "revision", "service", "issued", "due", "schema_version", "round",
                 "instructions", "statuses")
CHECK_HEADER = "Check"  # the hidden sheet's check of each row of values as issued
# Custom document property -> identity key: a second copy of who the return is for.
PROPERTIES = {"edi_plan_id": "plan_id", "edi_revision": "revision",
              "edi_service": "service", "edi_issued": "issued", "edi_round": "round"}
# The visible table of a return, in order. Headers shared with the plan are
# spelled as the plan spells them; "Objective" names the objective's sheet.
# "Last update" is the Progress update as issued, shown read-only beside the
# box, which is issued empty for the new words.
LAST_UPDATE_HEADER = "Last update"
RETURN_HEADERS: tuple[str, ...] = (
    "ID", "Objective", "Action title", "Actions", "Responsible service(s)", "Timescale",
    "Due", LAST_UPDATE_HEADER, "Status", "Progress update", "Revised timescale", "Comments",
)
FIELD_FOR_RETURN_HEADER: dict[str, str] = {
    "Objective": "objective", LAST_UPDATE_HEADER: "last_update",
    **{h: FIELD_FOR_HEADER[h] for h in RETURN_HEADERS
       if h not in ("Objective", LAST_UPDATE_HEADER)}}
# The line above a return's table: which columns are reference and which to fill in.
RETURN_BAND = ("Grey columns, ID to Last update: for reference, locked. White columns, Status"
               " to Comments: yours to fill in.")
# Headers that must be there for a sheet to be read as a return's table.
RETURN_KEY_HEADERS = ("ID", "Status", "Progress update")
# A return for a plan with the equality columns: one read-only column after Actions
# (whom the action is for, what it advances, how success is measured) and the
# Evidence box after Comments (returns.return_headers), read only where the return
# was issued with them.
EQUALITY_FOCUS_HEADER = "Equality focus"
RETURN_EQUALITY_FIELDS: dict[str, str] = {
    EQUALITY_FOCUS_HEADER: "equality_focus", EVIDENCE_HEADER: "evidence"}
RETURN_BAND_EVIDENCE = ("Grey columns, ID to Last update: for reference, locked. White columns,"
                        " Status to Evidence: yours to fill in.")

# --- The summary workbook ----------------------------------------------------

SUMMARY_SHEET = "Summary"
CHANGES_SHEET = "Changes"
CONFLICTS_SHEET = "Conflicts"
REJECTED_SHEET = "Rejected"
FILES_SHEET = "Files"
NOT_RETURNED_SHEET = "Not returned"
OVERDUE_SHEET = "Overdue"
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
