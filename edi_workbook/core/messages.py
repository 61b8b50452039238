"""Every reason and piece of advice an officer reads, in one place. Pure: stdlib only.

A message is placed by WorkbookError or Rejection ("file, sheet 'X', cell B7:")
and reads "<reason> — <advice>": the reason says what happened, starting
lower-case and with no full stop; the advice says what to do next, also
lower-case. Plain English, British spelling; technical words ("zip", "XML")
only after a plain "looks tampered with".
"""

from __future__ import annotations

from collections.abc import Iterable

# --- Bad files (filecheck.py, reader.load_sheets) --------------------------

FILE_NOT_FOUND = "file not found"
CHECK_NAME_AND_FOLDER = "check the file name and the folder it is in"
IS_A_FOLDER = "is a folder, not a workbook"
NAME_THE_FILE = "give the name of the workbook inside it"
EMPTY_FILE = "is empty (0 bytes)"
ASK_FOR_FRESH_COPY = "it did not save or download completely: ask for a fresh copy"
SAVE_AS_XLSX = "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"
RESAVE_XLSX = "open it in Excel or LibreOffice and save it again as .xlsx"
PASSWORD = "is saved with a password"
REMOVE_PASSWORD = ("ask the sender to remove the password and send it again"
                   " (in Excel: File > Info > Protect Workbook)")
SAVE_ODS_AS_XLSX = "in LibreOffice use File > Save As > Excel 2007-365 (.xlsx)"
EXPORT_NUMBERS_AS_XLSX = "in Numbers use File > Export To > Excel, and give the .xlsx it makes"
ASK_FOR_THE_WORKBOOK = "ask for the Excel workbook (.xlsx) itself rather than a copy"
UNZIP_FIRST = "unzip it and give the workbooks inside"
CANNOT_READ = "cannot be read (it may be open in another program, or not yours to read)"
CLOSE_OR_CHECK_ACCESS = "close it in any program that has it open and check you can open it"
# What a file really is, whatever its name says (filecheck.identify_file). A
# spreadsheet or archive "is" one; any other kind "is ..., not an Excel workbook";
# either is "renamed to .xlsx" when its name claims another format.
KIND_XLS = "an old-style Excel 97-2003 (.xls) workbook"
KIND_XLSB = "an Excel binary (.xlsb) workbook"
KIND_ODS = "an OpenDocument (.ods) spreadsheet"
KIND_NUMBERS = "an Apple Numbers spreadsheet"
KIND_XML_SPREADSHEET = "an Excel 2003 XML spreadsheet"
KIND_ZIP = "a compressed (.zip) folder"
KIND_ARCHIVE = "another kind of compressed file"
KIND_HTML = "a web page (HTML)"
KIND_XML = "an XML file"
KIND_PDF = "a PDF"
KIND_CSV = "a CSV file"
KIND_TEXT = "a text file"
KIND_WORD = "a Word document"
KIND_RTF = "a rich text (.rtf) document"
KIND_ODT = "an OpenDocument text (.odt) document"
KIND_MESSAGE = "a saved e-mail"
KIND_UNKNOWN = "an unrecognised kind of file"
OLD_XLS = "is " + KIND_XLS
XLSB = "is " + KIND_XLSB
DAMAGED = "is damaged or incomplete (cut off while saving or downloading)"
FRESH_OR_LAST_GOOD = "ask for a fresh copy, or use the last good one"
ASK_SENDER_AGAIN = "ask the sender for a fresh copy"
NOT_READABLE_XLSX = "is not a readable .xlsx workbook"


def sheet_too_large(cell: str, cells: int, limit: int) -> str:
    """Something typed far off (XFD1048576): the sheet as read would be billions of cells."""
    return (f"looks tampered with: a sheet reaches cell {cell}, which makes {cells:,} cells"
            f" to read (the most read is {limit:,})")


DELETE_FAR_CELLS = ("delete whatever is far below or to the right of the table (Ctrl+End goes"
                    " to it), save it and send it again")


def not_a_workbook(kind: str) -> str:
    """A file that is not a spreadsheet at all; `kind` is a KIND_ text, maybe renamed_to()."""
    return f"is {kind}, not an Excel workbook"


def file_is(kind: str) -> str:
    """A spreadsheet or archive in another format; `kind` is a KIND_ text, maybe renamed_to()."""
    return f"is {kind}"


def renamed_to(kind: str, suffix: str) -> str:
    """A KIND_ text for a file whose name claims another format: "a CSV file renamed to .xlsx"."""
    return f"{kind} renamed to {suffix}"


def too_big(part: str, size: int, limit: int) -> str:
    """A zip bomb, or a part far past a real one: shown before anything is unpacked."""
    return (f"looks tampered with: it unpacks to far more data than a real workbook or"
            f" document holds ({part}: {size:,} bytes; the most read is {limit:,})")


def packed_too_tightly(part: str, size: int, packed: int, ratio: int) -> str:
    """A zip bomb: data squeezed far tighter than any real part compresses."""
    return (f"looks tampered with: {part} unpacks to {size:,} bytes from {packed:,}, packed"
            f" more than {ratio} times tighter than real files are")


def declares_entities(part: str) -> str:
    """An XML entity bomb or external-entity trick."""
    return (f"looks tampered with: it declares XML entities ({part}), which Excel and Word"
            " never write")


def cannot_unpack(error_name: str) -> str:
    return f"cannot be opened: it is damaged or compressed in an unusual way ({error_name})"


# --- Reading a return (returns.py) -------------------------------------------

SEND_BACK = "send the workbook you were sent, or ask the plan owner for a fresh copy"
KEEP_HEADER_ROW = "keep the header row of the table; " + SEND_BACK
KEEP_EVERY_COLUMN = "keep every column of the table; " + SEND_BACK
NO_REVISION = "has no readable revision number"
NO_PLAN_OR_SERVICE = "does not say which plan and service it is for"
UNREADABLE_PROPERTIES = "has document properties that cannot be read"
TYPE_PLAIN_TEXT = "type the values in as plain text, save and send it again"
# Identity keys as an officer would name them, for identity_disagrees().
IDENTITY_LABELS = {"plan_id": "plan", "revision": "revision", "service": "service",
                   "issued": "issue date"}


def not_a_return(identity_sheet: str) -> str:
    return f"is not a return workbook from edi-workbook (no hidden '{identity_sheet}' sheet)"


def no_table(headers: Iterable[str]) -> str:
    return "has no table with the headers " + ", ".join(headers)


def columns_missing(headers: Iterable[str]) -> str:
    headers = list(headers)
    if len(headers) == 1:
        return f"the column {headers[0]} is missing"
    return f"the columns {', '.join(headers)} are missing"


def identity_disagrees(key: str, in_properties: str, in_sheet: str, sheet: str) -> str:
    """The hidden sheet and the document properties name different plans or services."""
    label = IDENTITY_LABELS.get(key, key)
    return (f"looks tampered with: its hidden details disagree about the {label}"
            f" ({in_properties!r} in the document properties, {in_sheet!r} in the"
            f" '{sheet}' sheet)")


# Row rejections, read from the return's table.
LOCKED_ADVICE = "only the white columns are read: put the change in Comments"
ROW_WITHOUT_ID = "a row was added without an ID"
NO_NEW_ACTIONS = "new actions cannot be added in a return: ask the plan owner"
KEEP_IDS = "keep the IDs as sent; ask the plan owner about other actions"
ONE_ROW_PER_ACTION = "keep one row per action; only the first was read"


# Typed outside the white boxes: listed with the text in full, never merged.
TYPED_OUTSIDE = "typed outside the boxes: not merged"
PUT_IT_IN_THE_BOXES = ("only the white boxes of the Return sheet are read: put the words in"
                       " Progress update or Comments")
NOTE_ON_CELL = "typed outside the boxes, in a note on a cell: not merged"
STATUS_LIST_EDITED = "typed outside the boxes: statuses added to the hidden list, not merged"
FORMULA_TYPED = ("a formula was typed: the value it showed was taken; the formula itself is"
                 " never put in the plan")
DECIDE_EACH = "each of its changes is listed as a conflict for the plan owner to decide"
SEND_THE_ROW_BACK = "if there is an update, type it in a fresh copy of the return"


def typed_in_added_column(header: str) -> str:
    where = f"an added column ({header!r})" if header else "an added column"
    return f"typed outside the boxes, in {where}: not merged"


def more_typed_outside(count: int) -> str:
    return f"and {count:,} more cells typed outside the boxes: not merged, not listed one by one"


def merged_over_boxes(ref: str) -> str:
    return (f"cells {ref} were merged over the white boxes: only the top row's words were read,"
            " the rows below got none")


def hidden_row_edited(action_id: str) -> str:
    return (f"the hidden sheet's values as issued for {action_id} were edited, so what the"
            " lead changed cannot be told")


def row_deleted(action_id: str) -> str:
    return f"no update taken for {action_id}: its row was deleted, or its ID changed"


def locked_changed(header: str, action_id: str) -> str:
    return f"the locked column '{header}' of {action_id} was changed"


def not_issued(action_id: str, service: str) -> str:
    return f"ID {action_id} was not issued to {service}"


def appears_twice(action_id: str, first: str) -> str:
    return f"ID {action_id} appears twice (first at {first})"


# --- The plan as the officer keeps it (validate.py, merge.py) ----------------

# A row typed under an objective's "Connections to other plans and strategies".
ACTION_BELOW_TABLE = ("an action typed below the table, under 'Connections to other plans and"
                      " strategies': it is not read as an action, so it is not sent or merged"
                      " — move the row up into the table")
TYPED_BELOW_TABLE = ("typed below the table, under 'Connections to other plans and"
                     " strategies': kept as it is, not read as an action or a connection")
TYPED_IN_KEY = ("typed in the colour key above the table, which every write makes afresh:"
                " kept below the table instead, under 'Connections to other plans and"
                " strategies'")
MOVE_INTO_TABLE = ("move the row up into the table, above 'Connections to other plans and"
                   " strategies', and send that service its return")


def not_sent(where: str, reason: str) -> str:
    """send's line for an action the plan holds where it is not read."""
    return f"not sent: {where}: {reason}"


# --- Merging (merge.py) ------------------------------------------------------

OTHER_PLAN = "is a return for another plan"
CHECK_WHICH_PLAN = "check which plan it was sent for"
MERGE_INTO_THAT_YEAR = ("merge it into last year's plan to keep that year's record; its words"
                       " are listed in the summary: copy any that still matter into this"
                       " year's plan")


def earlier_year(period: str, this: str, latest: bool) -> str:
    """A late return for a plan since rolled over (read from the Lineage sheet)."""
    which = "last year's plan" if latest else "an earlier year's plan"
    old = f" ({period})" if period else ""
    new = f" ({this})" if this else ""
    return f"is a return for {which}{old}, not this one{new}"


# The return's revision is later than the plan being merged into.
NEWER_THAN_PLAN = "was issued from a newer revision of the plan than this one"
MERGE_INTO_LATEST = "merge it into the latest plan"
NOT_IN_PLAN = "the action is no longer in the plan"
# A row of a file refused whole: its words, listed beside the file's own line.
IN_A_REFUSED_FILE = "in a file that was not merged (see its own line): these words were not taken"
REMOVED_AFTER_SENDING = ("it was removed after this return was sent: tell the plan owner if"
                         " the update still matters")
CONTROL_CHARACTERS = ("control characters Excel cannot store were removed; the rest of the"
                      " text was merged")
CHECK_TEXT = "check the text reads as meant"


def already_merged(revision: object, day: str) -> str:
    """The same return (the same words) given again: nothing is applied twice."""
    return f"already merged, in revision {revision} on {day}: nothing applied again"


def second_version(service: str, saved: str) -> str:
    return f"{service} sent a second version (saved {saved}); it replaces the first"


def replaced_by_newer(saved: str) -> str:
    return f"merged first, then replaced by the version saved {saved}, given here too"


def older_than_merged(saved: str, revision: object) -> str:
    return (f"an older version of a return already merged (the version saved {saved}, merged"
            f" in revision {revision}): not merged")


def as_issued_passed_over(service: str, kept: str, saved: str) -> str:
    """A copy of the workbook as sent beside a version a lead typed in: never over it."""
    return (f"the workbook as it was sent, with nothing typed in it: passed over, as"
            f" {service}'s version with words in it ({kept}, saved {saved}) is taken")


def as_issued_after_merged(service: str, kept: str, revision: object) -> str:
    return (f"the workbook as it was sent, with nothing typed in it: passed over, as"
            f" {service}'s version with words in it ({kept}) was merged in revision {revision}")


def same_minute(other: str, saved: str) -> str:
    """Two versions saved too close together to order: neither replaces the other."""
    return (f"saved within a minute of {other} ({saved}): which is newer cannot be told, so"
            " neither replaces the other; where they differ, both are listed as conflicts")


def bad_status(value: str) -> str:
    return f"status '{value}' is not in the list"


def choose_status(statuses: Iterable[str]) -> str:
    return "choose one from the drop-down list: " + ", ".join(statuses)


# --- Merge runs (workflow/merging.py) -----------------------------------------------------

WHOLE_TEXT_IN_CHANGES = "the whole text is in the Changes sheet of the summary"


LOCK_FILE_PASSED = ("passed over: a lock file left by a spreadsheet that is open — if the return"
                    " it belongs to was still being edited, save it, close it and merge again")
DRAFT_PASSED = ("passed over: an e-mail draft never sent, as send writes beside each return —"
                " its workbook is the one issued, not a lead's reply")


def drafts_passed(count: int) -> str:
    """One line on screen for all the drafts passed over (each is on the Files sheet)."""
    return (f"passed over {plural(count, 'e-mail draft')} never sent, as send writes beside"
            " each return (not replies): listed on the summary's Files sheet")


def summary_not_written(path: object, error: object) -> str:
    return (f"{path}: the summary cannot be written ({error}) — check the folder exists and"
            " the file is not open in Excel")


def output_is_an_input(name: str, option: str) -> str:
    return (f"{name}: {option} names one of the returns being merged, which would be"
            f" overwritten — choose another file name for {option}")


# What an output's name is when it is no file (files.writable).
KIND_FOLDER = "a folder"
KIND_DEVICE = "a device"
KIND_SPECIAL = "not an ordinary file (a pipe or socket)"


def output_not_a_file(name: str, what: str) -> str:
    return f"{name}: is {what}, not a file — give the name of a file to write"


# An existing output the new one would not carry (workbooks/existing.py): nothing written.
REPLACE_ADVICE = ("give another file name, or add --replace to write over it (a copy of it"
                  " is kept)")


def output_is_later(name: str, revision: object, source: str, source_revision: object,
                    lost: str) -> str:
    """Case: `merge plan.xlsx ... -o plan-merged.xlsx` after plan-merged.xlsx was merged."""
    return (f"{name}: is revision {revision} of this plan, made since {source} (revision"
            f" {source_revision}) with work this would not carry ({lost}): writing over it"
            f" would lose it — start from {name} instead, " + REPLACE_ADVICE)


UNREADABLE_OUTPUT = "it cannot be read to compare"


def output_is_another_plan(name: str, title: str, revision: object) -> str:
    which = f" ('{title}', revision {revision})" if title else ""
    return f"{name}: already holds another plan{which} — " + REPLACE_ADVICE


def output_is_a_return(name: str) -> str:
    return f"{name}: is a service's return workbook — " + REPLACE_ADVICE


def output_is_a_document(name: str, kind: str) -> str:
    return f"{name}: is a {kind} this tool wrote, not a plan — " + REPLACE_ADVICE


def output_changed_since(name: str, kind: str) -> str:
    return (f"{name}: is a {kind} this tool wrote, changed since (saved again, perhaps"
            f" restyled) — " + REPLACE_ADVICE)


def output_not_ours(name: str) -> str:
    return f"{name}: already exists and is not a file this tool wrote — " + REPLACE_ADVICE


def folder_file_kept(path: str) -> str:
    """send, chase and receipts write into a folder; a file there they did not write, or
    that was changed since (a lead's filled return saved over the one sent), stays."""
    return (f"{path}: already there, and not a file this tool wrote unchanged (a lead's"
            f" filled return saved over the one sent?) — move it somewhere safe, or give"
            f" another folder")


def kept_copy(name: str, backup: object) -> str:
    return f"{name} was there already: a copy of it is kept as {backup}"


def summary_overwrites_plan(name: str) -> str:
    return f"{name}: the summary would overwrite the plan — choose another --summary file"


DIRECTION_EXPLAINED = ("Improved or worse: the status moved up or down the list from Off track"
                       " to Complete; first update: a status given for the first time")


def status_words_explained(no_status: int, no_update: int, flagged: Iterable[str]) -> str:
    """The line under the status table: two counts that are easily confused, and why the
    No update flag counts fewer (`flagged`: "5 under No update", "5 under Due soon")."""
    flagged = list(flagged)
    why = (f"; each action carries only its first flag: {join_words(flagged)}"
           if len(flagged) > 1 else "")
    return (f"No status: no status chosen yet ({plural(no_status, 'action')}). No update: no"
            f" progress update from anyone ({plural(no_update, 'action')}){why}.")


# --- Where the plan stands (position.py): said alike by the summary and the report --

# A Report made by hand, not by build_report: it has no counts to print.
REPORT_WITHOUT_POSITION = "the report was built without its position: use build_report"
# An action nobody gave a progress update for, where its update would be.
NO_UPDATE_FOR_REPORT = "No update was given for this report."
# The progress update workbook's closing sentence for an action with no status: no one
# said what happens to it next, so the update does not say either.
NO_CLOSING = "None: no status was given"


def no_update_for(ids: Iterable[str]) -> str:
    """Under a milestone action's updates: the deliverables nobody reported on."""
    return f"No update was given for this report on {join_words(ids)}."


def no_update_listed(count: int, when: str) -> str:
    """Above the table of an objective's actions with no update."""
    which = "this action" if count == 1 else "these actions"
    return f"No update was given for this report on {which}, as at {when}."


def join_words(words: Iterable[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def needing_attention(at_risk: Iterable[str], off_track: Iterable[str]) -> str:
    """'Needing attention: CL-09 and EM-01 are at risk; SP-01 is off track.'"""
    parts = []
    for ids, what in ((list(at_risk), "at risk"), (list(off_track), "off track")):
        if ids:
            parts.append(f"{join_words(ids)} {'is' if len(ids) == 1 else 'are'} {what}")
    return f"Needing attention: {'; '.join(parts)}." if parts else ""


def timescales_revised(revised: Iterable[str]) -> str:
    """'Timescales were revised for EM-01 (to December 2024) and SP-01 (to March 2025).'"""
    revised = list(revised)
    return f"Timescales were revised for {join_words(revised)}." if revised else ""


def returns_explained(returned: int, expected: int, owing: int,
                      not_needed: Iterable[str]) -> str:
    """The line under 'Who has returned': the same counts as the Not returned sheet and
    chase's reminders."""
    not_needed = list(not_needed)
    said = (f"{returned} of {plural(expected, 'service')} returned this round; {owing} not yet,"
            " listed on the Not returned sheet")
    if not_needed:
        said += (f"; no return is needed from {join_words(not_needed)}: every action of"
                 f" {'theirs' if len(not_needed) > 1 else 'its'} is done")
    return said + "."


def too_long(length: int, limit: int) -> str:
    """Merged text over Excel's cell limit: the plan keeps the start."""
    return (f"the text is {length:,} characters long, more than an Excel cell holds"
            f" ({limit:,}): the merged plan shows only the start")


def boxes_counted(applied: int, unchanged: int, conflict: int, rejected: int,
                  read: int) -> str:
    """What became of the boxes the leads filled in, for the merge's last lines."""
    return (f"{plural(applied, 'box', 'boxes')} applied, {unchanged} unchanged,"
            f" {conflict} in conflict, {rejected} rejected ({read} read)")


def merged_cleanly(totals: str) -> str:
    """describe()'s last line when nothing needs a person."""
    return f"Merged cleanly: {totals}."


def merged_with(totals: str) -> str:
    """describe()'s line before "Needs a person": the boxes, as the summary counts them."""
    return f"Merged: {totals}."


def needs_a_person(conflicts: int, answers: int, files: int, others: int) -> str:
    """describe()'s last line when a person must look: what, and where it is listed."""
    parts = []
    if conflicts:
        parts.append(f"{plural(conflicts, 'conflict')} to decide ({answers} answers disagree)")
    if files:
        parts.append(f"{plural(files, 'file')} not merged")
    if others:
        what = "thing" if not files else "other thing"
        parts.append(f"{plural(others, what)} not taken")
    sheets = join_words([s for s, n in (("Conflicts", conflicts), ("Rejected", files + others))
                         if n])
    return (f"Needs a person: {'; '.join(parts)} — see the {sheets} sheet"
            f"{'s' if conflicts and files + others else ''} of the summary.")


# --- Locks (lock.py) ---------------------------------------------------------

def locked_by_other(name: str, who: str, since: str, lock_name: str) -> str:
    return (f"{name}: another merge is writing it ({who}, since {since}) — wait for it to"
            f" finish, or delete {lock_name} if that run has stopped")


# --- Sending (send.py, mail.py) ----------------------------------------------

def file_in_use(name: str) -> str:
    """An output is open in Excel (Windows refuses to replace an open file)."""
    return (f"{name}: cannot be replaced because it is open in another program — close it"
            " in Excel or LibreOffice and run the command again")


NEEDS_SENDER = "sending e-mail needs a sender address — give one with --sender"


def output_is_a_link(name: str, folder: object) -> str:
    """send, chase, receipts: a link (symlink, shortcut) sits where a file would go."""
    return (f"{name} in {folder} is a link to another place, which is never written through"
            " — delete the link, or give another folder")


def outside_folder(stem: str, folder: object) -> str:
    return (f"{stem!r} would be written outside {folder} — take slashes and dots out of"
            " the name on the Services sheet")


def no_email(service: str, workbook: str) -> str:
    """send's warning for a service without an address: the workbook is still written."""
    return (f"no e-mail address for {service}: send {workbook} by hand, or add the lead's"
            " e-mail address to the Services sheet")


def round_assumed(sent: str, day: str) -> str:
    """chase's first line when every return given was merged before: the round it takes
    them for, said out loud, and how to name another."""
    return (f"note: every return given was merged before, so the round chased is the one they"
            f" answered, sent on {sent} (--round {day}) — if you have sent a newer round"
            " since, give --round with the day you sent it")


def nothing_to_chase(service: str) -> str:
    """chase's word for a service not chased: every action it has is done already."""
    return (f"no reminder for {service}: every one of its actions is already marked Complete"
            " or Closed")


def new_due_not_later(due: str, today: str) -> str:
    return (f"the new date to reply by ({due}) is not after the reminder's date ({today}) —"
            " give a later one with --due")


def could_not_send(host: str, port: int, error: object, sent: int = 0, total: int = 0) -> str:
    """The server could not be reached, or would not let us log in: none sent after it."""
    so_far = f" ({sent} of {total} were sent before it stopped)" if sent else ""
    return (f"could not send e-mail through {host}:{port}: {error}{so_far} — check the server,"
            " port, user name and password, or write drafts instead")


def not_all_sent(sent: int, total: int, refused: Iterable[tuple[str, str]]) -> str:
    """The server took some messages and refused others: each refused one named with why."""
    named = "; ".join(f"to {to or '(nobody)'}: {why}" for to, why in refused)
    return (f"{sent} of {plural(total, 'e-mail')} sent; the server refused these ({named}) — check"
            " those leads' names and addresses on the Services sheet, or write drafts instead")


# --- Plan templates passed with --template (workbooks/plan_writer.py) ---------------------

USE_A_TEMPLATE_XLSX = "pass a plan template saved as .xlsx"
USE_THE_TEMPLATE = "use the plan template"
NO_TEMPLATE_TABLE = "has no sheet with the actions table headers"


def unreadable_template(error_name: str) -> str:
    return f"cannot be read as a template ({error_name})"


def template_sheet_missing(sheet: str) -> str:
    return f"has no '{sheet}' sheet"


def keep_template_table(headers: Iterable[str]) -> str:
    return (f"keep one objective sheet with the actions table headers"
            f" ({', '.join(headers)} and the rest)")


# --- Plan workbooks (workbooks/plan_reader.py) ---------------------------------------------

NO_OBJECTIVE_SHEET = "has no objective sheet with an actions table"
NO_PLAN_ID = "has no plan ID"


def keep_header_row(headers: Iterable[str]) -> str:
    return f"keep the header row ({', '.join(headers)}, ...) on each objective sheet"


def meta_removed(sheet: str) -> str:
    return f"the hidden '{sheet}' sheet was removed: start from a plan written by edi-workbook"


# --- Checking a plan (validate.py): "level: where: message" ------------------

# The officer's own work in the plan that a write cannot keep (the summary lists it).
def formulas_not_kept(sheet: str) -> str:
    return (f"the formulas on the '{sheet}' sheet are kept as their values: this tool"
            " writes that sheet afresh each time")


def formula_not_kept(sheet: str, cell: str, text: str) -> str:
    return (f"the formula {text} in '{sheet}'!{cell} is kept as its value: only formulas in"
            " columns you added to the table stay formulas")


def filter_not_kept(sheet: str, header: str) -> str:
    column = f"'{header}'" if header else "a column"
    return f"the filter on {column} of '{sheet}' is not kept: filter it again after the merge"


REST_OF_YOUR_WORK = "the rest of your own work in the plan is kept as it was"
UPDATE_WITHOUT_SERVICE = "a service update with no service: say whose words these are"
HISTORY_WITHOUT_ID = "a History row with no action ID: it is kept as it stands"
LOG_WITHOUT_SERVICE = "a Returns log row with no service: it is kept as it stands"


def update_without_action(action_id: str) -> str:
    return (f"a service update for {action_id or 'no ID'}, which is not in the plan: it is kept"
            " on the Service updates sheet; move the words or delete the row")


def history_unknown_field(header: str) -> str:
    return f"a History row for the column {header!r}, which the plan does not have: it is kept"


def history_without_revision(value: str) -> str:
    return f"a History row whose revision {value!r} is not a number: it is kept as it stands"


def log_without_revision(value: str) -> str:
    return (f"a Returns log row whose revision {value!r} is not a number: it is kept, but a"
            " return it names is no longer recognised as merged")

NO_ID = "action has no ID: give it the next free one"
NO_SERVICE = "no responsible service: the action would go to nobody"


def duplicate_id(action_id: str, count: int) -> str:
    return f"ID {action_id} is used {count} times: give each action its own ID"


def unknown_service(name: str) -> str:
    return f"service {name!r} is not on the Services sheet: add it or an alias"


def unclear_timescale(text: str) -> str:
    return f"timescale {text!r} cannot be read as a date"


def relative_timescale(text: str) -> str:
    """An unclear timescale that counts from an event: no date can be worked out yet."""
    return (f"timescale {text!r} counts from an event: put the date in Revised timescale"
            " once it is known")


def unknown_status(value: str, statuses: Iterable[str]) -> str:
    return f"status {value!r} is not one of " + ", ".join(statuses)


def status_read_as(value: str, status: str) -> str:
    return f"status {value!r} will be read as {status!r}"


def service_listed_twice(name: str, count: int) -> str:
    return f"service {name!r} is listed {count} times: keep one row per service"


def service_without_email(name: str) -> str:
    return f"{name} has no e-mail address: its return can only be sent by hand"


# What would break an e-mail to a lead (validate.mail_problems; send, chase and
# merge --receipts check it too): "error: Services: Housing's E-mail ...".
def breaks_header(what: str, value: str) -> str:
    return (f"{what} holds a line break or a control character ({value!r}), which cannot go"
            " in an e-mail: keep it to one line of plain text")


def too_long_for_header(what: str, length: int, limit: int) -> str:
    return (f"{what} is {length:,} characters long, more than an e-mail's To or Subject line"
            f" can carry (the most is {limit:,}): shorten it")


def several_addresses(what: str, value: str, kind: str = "lead") -> str:
    """One address a cell: `kind` is "lead" (E-mail), "deputy" or "sender" (--sender)."""
    fix = {"deputy": "keep one: the drafts copy in one deputy",
           "sender": "give one address"}.get(
        kind, "keep one here, and put a second person's in Deputy e-mail")
    return f"{what} holds more than one address ({value!r}): {fix}"


def not_an_address(what: str, value: str) -> str:
    return f"{what} ({value!r}) is not an e-mail address: write it as name@council.gov.uk"


def mail_refused(first: str, more: int) -> str:
    """send and chase refuse, writing nothing, while a Services or About value would
    break an e-mail."""
    rest = f" (and {plural(more, 'more problem')})" if more else ""
    return f"{first}{rest}"


def receipt_not_to(service: str, sender: str) -> str:
    """merge --receipts: a Services value that would break the e-mail is not used."""
    to = f"it goes to {sender}, who sent the return" if sender else "it has no addressee"
    return (f"the receipt for {service} is not addressed as the Services sheet says, whose"
            f" Lead or E-mail would break an e-mail ({to}) — run validate, correct the"
            " Services sheet, and check the draft before sending it")


def receipts_failed(error: str, sending: bool) -> str:
    """merge --receipts: the merged plan and the summary are written, the receipts not all."""
    what = "Receipts not all sent" if sending else "Receipts not written"
    return (f"{what}: {error}; the merged plan and the summary were written — put it right"
            " and run the same merge again (from the same plan) for the receipts")


def stopped_part_way(error: str, written: list[str], folder: object) -> str:
    """send or chase stopped part way: exactly what is in the folder now, and what is not."""
    if not written:
        return f"{error} — nothing was written to {folder}"
    return (f"{error} — stopped part way: {plural(len(written), 'file')} written to {folder} ("
            + "; ".join(written) + "), the rest not: put it right and run it again")


def returns_not_all_sent(error: str, workbooks: int, folder: object) -> str:
    """send --smtp: every return workbook is written; the e-mails not all sent."""
    were = "the return workbook is" if workbooks == 1 else f"the {workbooks} return workbooks are"
    return f"{error} ({were} written to {folder})"


NOTHING_SENT_FIX = "nothing was written: correct it and send again; validate lists every problem"


# --- The progress update (report.py, report/docx.py) ------------------------

TEMPLATE_NEEDS_DOCX = ("--template gives the Word report its styles — write the report to a"
                       " .docx file, or leave --template out")
USE_A_TEMPLATE_DOCX = "pass a Word document saved as .docx (a report you restyled will do)"


def report_suffix(name: str) -> str:
    return f"{name}: choose a .docx or .xlsx file name"


def report_not_written(path: object, error: object) -> str:
    return (f"{path}: the report cannot be written ({error}) — check the folder exists and"
            " the file is not open in Word or Excel")


def unknown_report_column(name: str, choices: Iterable[str]) -> str:
    """`report --include` names a column the plan does not have."""
    return f"the plan has no column {name!r} — choose from: " + ", ".join(choices)


def unreadable_report_template(name: str, error_name: str) -> str:
    return (f"{name}: cannot be read as a Word document ({error_name}) — "
            + USE_A_TEMPLATE_DOCX)


def report_template_not_docx(name: str) -> str:
    return f"{name}: is not a Word .docx document — " + USE_A_TEMPLATE_DOCX


# --- Importing a council's own plan (importing/assembly.py, word.py, tables.py) --------

IMPORT_WHAT = ("give the plan as a Word .docx, a .csv or an .xlsx workbook with a header row"
               " such as Action | By when | Lead")
NO_SUFFIX = "no suffix"
NO_PLAN_TABLE = ("has neither a plan table (a header row such as Action | By when | Lead)"
                 " nor a progress update ('As a ...' headings and action paragraphs)")
EMPTY_SOURCE = "is empty"
NO_ACTIONS_HEADER = ("has no header row naming the actions (such as Action, Target or What we"
                     " will do)")
GIVE_A_HEADER_ROW = ("give the table a header row above the actions, such as Action | By"
                     " when | Responsible officer")
ALREADY_A_PLAN = "is already a plan workbook from edi-workbook"
USE_THE_PLAN = "use it as it is: validate, send and merge read it directly"
LAYOUT_PUBLISHED = "Maidstone's published plan layout"
LAYOUT_PROGRESS = "a year-end progress update"
FROM_ROLES = "from the 'As a ...' headings"
# How the two Maidstone layouts map, for import's mapping lines.
PUBLISHED_MAPPING = (
    ("Commitments", "the objective's commitments"),
    ("Action Title", "Action title, and Type from its NEW or Ongoing marker"),
    ("Actions", "Actions: one milestone per deliverable with its own timescale"),
    ("Responsible Service", "Responsible service(s)"),
    ("Timescale for delivery", "Timescale"),
)
PROGRESS_MAPPING = (
    ("each action's first paragraph", "Action title"),
    ("the paragraphs after it", "Progress update"),
    ("its closing sentence ('This action is now closed')", "Status and Comments"),
)
# Where the period was found, and how the objectives were named.
FROM_OPTION = "as given"
FROM_TITLE = "from the title"
FROM_TEXT = "from the document's text"
FROM_FILE_NAME = "from the file's name"
FROM_COLUMN = "from the objective column"
FROM_HEADINGS = "from the headings above the tables"
FROM_SHEETS = "from the sheet names"
FROM_DOCUMENT = "named after the document, which has no objectives of its own"
# What a column became, for import_column().
UNNAMED = "no header"
LEAD_OF_SERVICE = "lead on the Services sheet, for the service beside it"
LEAD_AS_SERVICE = "Responsible service(s): each lead gets a return of their own"
ONE_SHEET_EACH = "one sheet per objective"
NO_REF_COLUMN = "the source has no ref column"
IMPORT_NO_PERIOD = ("Period: none found — set it on the About sheet, or import again with"
                    " --period 2024-25, 2023-27 or 2024")


def source_too_large(size: int, limit: int) -> str:
    """A plan given to `import` far larger than any plan: refused before it is read."""
    return f"is far larger than any plan ({size:,} bytes; the most read is {limit:,})"


def source_too_many_rows(limit: int, sheet: str = "") -> str:
    where = f"the sheet '{sheet}' has" if sheet else "has"
    return f"{where} more than {limit:,} rows (the most import reads), far more than any plan"


def source_too_wide(limit: int, row: int, sheet: str = "") -> str:
    where = f"the sheet '{sheet}', row {row:,}," if sheet else f"row {row:,}"
    return (f"{where} has more than {limit:,} columns (the most import reads), far more than"
            " any plan")


def source_too_many_cells(cells: int, limit: int, sheet: str = "") -> str:
    where = f"the sheet '{sheet}' has" if sheet else "has"
    return (f"{where} {cells:,} cells up to each row's last, more than import reads"
            f" ({limit:,}), far more than any plan")


IMPORT_A_PART = ("check it is the plan; if it is, import it a part at a time (one objective or"
                 " sheet per file) and paste the actions into one plan")


def csv_cell_too_long(row: int, limit: int) -> str:
    """A CSV cell longer than any spreadsheet cell, often a quote mark never closed."""
    return (f"row {row:,} has a cell of more than {limit:,} characters, more than a"
            " spreadsheet cell holds")


CLOSE_THE_QUOTE = ("look for a quote mark (\") opened and never closed in or before that row,"
                   " or shorten the cell")


def not_csv(error: str) -> str:
    return f"cannot be read as a CSV file ({error})"


SAVE_AS_CSV = "open it in Excel or LibreOffice and save it again as CSV (.csv)"


def cannot_import(suffix: str) -> str:
    return f"cannot import a '{suffix}' file"


def not_a_word_document(error: str) -> str:
    return f"cannot be opened as a Word document ({error})"


def columns_not_found(headers: Iterable[str]) -> str:
    """--columns named a header that no table of the source has."""
    return "--columns names " + ", ".join(f"'{h}'" for h in headers) + (
        ", which no table has")


def columns_there(headers: Iterable[str]) -> str:
    return "the tables' headers are " + ", ".join(f"'{h}'" for h in headers)


def bad_columns(part: str, choices: Iterable[str]) -> str:
    """An unreadable part of --columns."""
    return (f"cannot read {part!r}: write HEADER=FIELD, separated by commas; a field is one"
            " of " + ", ".join(choices))


def import_read(source: str, kind: str, tables: int, layout: str, encoding: str) -> str:
    """import's first line: what was read."""
    how = layout or plural(tables, "table")
    return f"Read {source} ({kind}{', ' + encoding if encoding else ''}): {how}"


def import_column(header: str, what: str) -> str:
    """One line of the mapping: source header -> plan column."""
    return f"{header} → {what}"


def kept_as_column(header: str) -> str:
    return f"kept as column '{header}'"


def completed_column(header: str) -> str:
    return (f"Status and Last updated (a date makes the action Complete on that day);"
            f" kept as column '{header}'")


def ref_kept(header: str) -> str:
    return f"kept as column '{header}' (not unique, so not the ID)"


def choice_made(header: str, chosen: str, other: str, other_field: str) -> str:
    """A header that could be two things, and which was chosen."""
    settle = f" — give --columns \"{header}={other_field}\" to read it as {other}" if (
        other_field) else ""
    return f"Chose: '{header}' could be {chosen} or {other}: read as {chosen}{settle}"


def choice_taken(header: str, wanted: str, rival: str, chosen: str) -> str:
    """Two columns for one field: the first (or closer) header keeps it."""
    return (f"Chose: '{header}' also looks like {wanted}, which '{rival}' holds: read as"
            f" {chosen} — settle it with --columns")


def import_splits(splits: Iterable[str]) -> str:
    return "Leads split: " + "; ".join(splits)


def import_kept_lead(service: str, had: str, given: str) -> str:
    return (f"Lead: {service} keeps its lead from the Services sheet ({had}); the source"
            f" names {given}")


def import_statuses(mapped: Iterable[str]) -> str:
    return "Status words: " + "; ".join(mapped)


def import_status_list(words: Iterable[str]) -> str:
    return ("Status list: the source's own words, kept for the drop-downs: " + "; ".join(words)
            + " (--statuses tool uses the tool's list instead)")


def on_day(day: str) -> str:
    return f"on {day}"


def import_completed(count: int) -> str:
    return (f"Completed: {plural(count, 'action')} with a date in the Completed column marked"
            " Complete")


def import_objectives(roles: Iterable[str], how: str) -> str:
    roles = list(roles)
    return (f"Objectives: {len(roles)} ({how}): " + "; ".join(f"'{r}'" for r in roles))


def import_ids_kept(headers: str) -> str:
    return f"IDs: the source's own refs, from {headers}"


def import_ids_made(first: str, reason: str) -> str:
    return f"IDs: made per objective from 01 ({first}, ...): {reason}"


def some_refs_blank(count: int) -> str:
    return f"{plural(count, 'action')} {_has(count)} no ref"


def refs_repeat(refs: Iterable[str]) -> str:
    return "refs used twice: " + ", ".join(refs)


def import_period(period: str, start: str, end: str, how: str, annual: str) -> str:
    return (f"Period: {period} ({start} to {end}), {how}; annual update date {annual}:"
            " change it on the About sheet")


def import_cells(read: int, kept: int) -> str:
    return f"Cells: {read} read, {kept} kept"


def import_notes(count: int, sheet: str) -> str:
    rows = plural(count, "title row and heading", "title rows and headings")
    return f"Notes: {rows} kept on the sheet '{sheet}'"


def import_sheets_kept(names: Iterable[str]) -> str:
    return "Sheets kept as they are: " + ", ".join(f"'{n}'" for n in names)


def import_skipped_paragraphs(count: int) -> str:
    return (f"Not imported: {plural(count, 'paragraph')} of text outside the tables and objective"
            " headings (introduction, notes)")


def import_recurring(count: int) -> str:
    if count == 1:
        return "Recurring: 1 timescale repeats; it is due at its next occurrence"
    return f"Recurring: {count} timescales repeat; each is due at its next occurrence"


def warning(text: str) -> str:
    return f"Warning: {text}"


def import_no_lead(count: int, ids: str) -> str:
    return (f"{plural(count, 'action')} {_has(count)} no lead or service ({ids}): send will"
            " refuse until each has one in Responsible service(s)")


def import_unknown_status(text: str, count: int) -> str:
    return f"status {text!r} ({plural(count, 'action')}) is not one of the plan's: kept as written"


def import_relative(count: int, ids: str) -> str:
    counts = "counts" if count == 1 else "count"
    return (f"{plural(count, 'timescale')} {counts} from an event ({ids}): put the date in Revised"
            " timescale once it is known")


def import_unclear(count: int, ids: str) -> str:
    they = "it is" if count == 1 else "they are"
    return (f"{plural(count, 'timescale')} cannot be read as a date ({ids}): {they} flagged"
            " Unclear")


def unnamed_column(number: int) -> str:
    return f"Column {number}"


def as_imported(header: str) -> str:
    return f"{header} (as imported)"


def first_few(items: Iterable[str]) -> str:
    """'CL-01, CL-02, ... and 3 more': enough to find them, short enough for one line."""
    items = list(items)
    shown = items[:5] + ([f"and {len(items) - 5} more"] if len(items) > 5 else [])
    return ", ".join(shown)


# --- Sending with nobody to send to (send.py) --------------------------------

def no_lead_to_send(count: int, ids: str) -> str:
    return (f"{plural(count, 'action')} {_has(count)} no responsible service ({ids}), so no"
            f" return would reach {'it' if count == 1 else 'them'} — fill in Responsible"
            " service(s) on the plan and the Services sheet, then send again")


# --- The command line (cli.py) -----------------------------------------------

def unexpected(error: BaseException) -> str:
    """A bug, not a bad file: the last resort of every command."""
    return (f"something unexpected went wrong ({error.__class__.__name__}: {error}) — please"
            " report this to the edi-workbook maintainers, with the files you used")


# --- Saved e-mails (mail/inbox) ------------------------------------------------
# A message as a whole: "reply.msg: <reason> — <advice>".

NOT_A_MESSAGE = "is not a saved e-mail (.eml or .msg) that can be read"
SAVE_MESSAGE_AGAIN = ("save the e-mail from Outlook again, or save the workbook attached to it"
                      " and give that instead")
DAMAGED_MESSAGE = "is a damaged Outlook message (.msg)"
IS_A_FOLDER_NOT_MESSAGE = "is a folder, not a saved e-mail"
NAME_THE_MESSAGE = "give the name of the saved e-mail inside it"
SAVE_ATTACHMENT_INSTEAD = "save the workbook attached to it and give that instead"


def message_too_large(size: int) -> str:
    return f"is far larger than any e-mail reply with a return ({size:,} bytes)"


def cannot_open_message(error_name: str) -> str:
    return f"cannot be opened ({error_name})"


def header_too_long(name: str, size: int, limit: int) -> str:
    """One header far past what mail programs write: refused before it is parsed."""
    return (f"is not an ordinary e-mail: its {name} header is {size:,} characters long"
            f" (the most read is {limit:,})")


def headers_too_large(size: int, limit: int) -> str:
    return (f"is not an ordinary e-mail: its headers add up to {size:,} characters"
            f" (the most read is {limit:,}, as Exchange Online allows)")


def part_headers_too_large(size: int, limit: int) -> str:
    return (f"is not an ordinary e-mail: its parts' Content-Type and Content-Disposition"
            f" headers add up to more than {limit:,} characters ({size:,})")


def too_many_headers(count: int, limit: int) -> str:
    return f"is not an ordinary e-mail: it has {count:,} headers (the most read is {limit:,})"


def too_many_parts(limit: int) -> str:
    return (f"is not an ordinary e-mail: it has more than {limit:,} parts (attachments,"
            " pictures and texts)")


def parts_too_deep(limit: int) -> str:
    return f"is not an ordinary e-mail: its parts are nested more than {limit} deep"


# Inside a message: "reply.eml: <reason> — <advice>", the attachment named.
HOLDS_LINK = "the reply holds a link, not the workbook"
DOWNLOAD_FROM_LINK = "download the workbook from the link and save it with the other returns"
WINMAIL = ("the attachments are wrapped in winmail.dat (Outlook's rich text format), which"
           " cannot be read here")
SAVE_FROM_OUTLOOK = ("open the e-mail in Outlook and save the workbook from it, or ask the"
                     " sender to send it again as HTML")
ODS_FILE = "is " + KIND_ODS
CSV_FILE = "is a CSV file, not the return workbook"
NUMBERS_FILE = "is " + KIND_NUMBERS
SEND_THE_WORKBOOK = "ask the sender to fill in the return workbook they were sent and send that"
SAVE_ATTACHMENTS_INSTEAD = "save the workbooks from the e-mail and give them instead"
NO_WORKBOOK = "the message has no workbook attached"
ASK_FOR_ATTACHMENT = "ask the sender to reply with their return workbook attached"


def holds_link_to(name: str) -> str:
    """New Outlook's "cloud attachment": a OneDrive or SharePoint link, no file."""
    return f"the reply holds a link to '{name}', not the workbook"


def attachment_is(name: str, what: str) -> str:
    """`what` is one of the "is ..." texts: OLD_XLS, XLSB, ODS_FILE, CSV_FILE, ..."""
    return f"the attachment '{name}' {what}"


def attachment_too_large(name: str, size: int) -> str:
    return (f"the attachment '{name}' was not read: the attachments add up to too much"
            f" ({size:,} bytes)")


def too_many_attachments(limit: int) -> str:
    return f"the message has more than {limit:,} attachments; the rest were not read"


def forwarded_too_deep(limit: int) -> str:
    return f"the message is forwarded more than {limit} deep; the innermost was not read"


def attached_message_unreadable(name: str) -> str:
    return f"the attached message '{name}' cannot be read"


def in_message(file: str, subject: str, sender: str, when: str) -> str:
    """Where a return came from, beside the attachment's name: the saved e-mail."""
    text = f"in {file}: '{subject}'" if subject else f"in {file}"
    if sender:
        text += f" from {sender}"
    return f"{text}, {when}" if when else text

# --- Accessibility check (accessibility.py, the `check` command) -------------
# A finding reads "<what is wrong> — <what to do>", on one line after
# "file, where: level:". Menu paths are Word's and Excel's own words.

NOT_DOCX_OR_XLSX = "is not a Word (.docx) or Excel (.xlsx) file"
CHECK_DOCX_OR_XLSX = ("check .docx and .xlsx files; save other documents in one of those"
                      " formats first")
NOT_A_DOCX = "is not a readable Word document"
SAVE_AS_DOCX = "open it in Word or LibreOffice and save it as a Word Document (.docx)"
OLD_DOC = "is an old-style Word 97-2003 (.doc) document"
REMOVE_DOCUMENT_PASSWORD = "remove the password (in Word: File > Info > Protect Document) first"
NOTHING_TO_FIX = "nothing to fix"
NESTED_TOO_DEEP = ("its contents are nested hundreds of levels deep (tables inside tables),"
                   " more than any real document")
NO_TITLE_DOCX = ("the document has no title — in Word: File > Info, then type the title under"
                 " Properties")
NO_TITLE_XLSX = ("the workbook has no title — in Excel: File > Info, then type the title under"
                 " Properties")
NO_LANGUAGE = ("no language is set, so a screen reader may read it in the wrong voice — in Word:"
               " Review > Language > Set Proofing Language, choose English (United Kingdom)"
               " and Set As Default")
NO_HEADINGS = ("no text uses a heading style, so nobody can jump between sections — give each"
               " section title a style: Heading 1, then Heading 2 below it")
NO_HEADER_ROW = ("the first row is not marked as a header row — select it, then Table"
                 " Properties > Row > tick 'Repeat as header row at the top of each page'")
NO_TABLE_HEADER = ("the table has no header row — in Excel: Table Design > tick Header Row, and"
                   " give every column a heading")
JUSTIFIED = "text is justified, which leaves uneven gaps between words — align it left"
BLANK_PARAGRAPH = ("an empty paragraph is used for spacing — delete it and set the space in"
                   " Layout > Spacing instead")


def folder_has_no_documents(folder: object) -> str:
    return f"{folder}: has no .docx or .xlsx files — name the files to check"


def plural(count: int, word: str, many: str = "") -> str:
    """'1 action', '9 actions', '2 boxes': a count with its noun, never 'action(s)'."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def _has(count: int) -> str:
    return "has" if count == 1 else "have"


def check_totals(files: int, errors: int, warnings: int, tips: int) -> str:
    """The check command's last line."""
    return (f"{plural(files, 'file')} checked: {plural(errors, 'error')},"
            f" {plural(warnings, 'warning')}, {plural(tips, 'tip')}")


def heading_skips(level: int, previous: int) -> str:
    if previous == 0:
        return (f"the first heading is Heading {level} — start with Heading 1 (or the Title"
                " style) and go down one level at a time")
    return (f"Heading {level} follows Heading {previous}, skipping a level — make it Heading"
            f" {previous + 1}, or add the missing level above it")


def empty_header_cells(cells: str) -> str:
    return f"the header row has empty cells ({cells}) — give every column a heading"


def merged_table_cells(cells: str) -> str:
    return (f"the table has merged cells ({cells}) — split them so every row has one cell per"
            " column")


def empty_table_cells(count: int, cells: str) -> str:
    return (f"the table has {plural(count, 'empty cell')} ({cells}) — write 'None' or"
            " 'Not applicable' rather than leave a cell blank")


def no_alt_text(kind: str) -> str:
    return (f"the {kind} has no alt text — right-click it, choose View Alt Text and say what"
            " it shows, or tick Mark as decorative")


def alt_text_not_description(kind: str, text: str) -> str:
    return (f"the alt text of the {kind} ({text!r}) is a file name or a default label — replace"
            " it with a description of what it shows")


def bad_link_text(text: str) -> str:
    return (f"the link text {text!r} does not say where the link goes — use words that name the"
            " page or document instead of a web address or 'click here'")


def small_body_text(size: str) -> str:
    return (f"text is {size} pt, below the 12 pt minimum for body text — set the style (for"
            " example Normal) to 12 pt or more")


def small_table_text(size: str) -> str:
    return (f"table text is {size} pt, below 10 pt — make it 10 pt or more, and use fewer"
            " columns or landscape pages if the table no longer fits")


def table_text_below_12(size: str) -> str:
    return (f"table text is {size} pt: accepted in tables so they fit the page, but 12 pt is"
            " the guidance for text — use 12 pt where the table still fits")


def blank_paragraphs(count: int) -> str:
    return (f"{count} empty paragraphs in a row are used for spacing and a screen reader says"
            " 'blank' for each — delete them and set the space in Layout > Spacing instead")


def low_contrast(text: str, background: str, ratio: str, needed: str) -> str:
    return (f"{text} text on {background} has a contrast of {ratio}:1, below {needed}:1 — use a"
            " darker text colour or a lighter background")


def sheet_name_not_meaningful(name: str) -> str:
    return (f"the sheet name {name!r} does not say what is on the sheet — rename the tab after"
            " its contents")


HIDDEN_SHEET = ("the sheet is hidden, so screen readers skip it — fine for the tool's own data;"
                " unhide it if readers need what is on it")


def default_table_name(name: str) -> str:
    return (f"the table has a default name ({name!r}) — name it after its contents in Table"
            " Design > Table Name")


def merged_cells(cells: str) -> str:
    return (f"merged cells ({cells}) — unmerge them (Home > Merge & Centre) and put the text in"
            " the first cell")


def merged_cells_in_table(cells: str) -> str:
    return (f"merged cells inside the table ({cells}) — unmerge them (Home > Merge & Centre)"
            " so every row has one cell per column")


def blank_rows(rows: str) -> str:
    return (f"blank rows inside the table ({rows}) — delete them; use row height or borders"
            " for space")


def blank_columns(columns: str) -> str:
    return (f"blank columns inside the table ({columns}) — delete them; use column width for"
            " space")


def colour_without_text(cells: str, colour: str) -> str:
    return (f"cells {cells} are filled {colour} but hold no text, so only the colour carries"
            " the meaning — add the word the colour stands for, or remove the fill")


def colour_from_other_cell(cells: str, source: str) -> str:
    return (f"cells {cells} are coloured by the value of {source}, which is not shown with"
            " them — show the same information as a word in these cells or their row")


def colour_marks_blanks(cells: str) -> str:
    return (f"cells {cells} change colour when empty, so only the colour says they need"
            " filling in — say so in words (a heading or note), or remove the colour")


def small_cell_text(size: str, cells: str) -> str:
    return (f"text is {size} pt in {cells} — make it 10 pt or more (Excel's default is"
            " 11 pt)")


def small_print(size: str, paper: str) -> str:
    return (f"prints at about {size} pt on {paper} — print fewer columns, use landscape or"
            " more pages wide so printed text is 8 pt or more")


def generic_title_docx(title: str) -> str:
    return (f"the title {title!r} is a default or a file name and says nothing of the document"
            " — in Word: File > Info, and type under Properties a title that says what it is")


def generic_title_xlsx(title: str) -> str:
    return (f"the title {title!r} is a default or a file name and says nothing of the workbook"
            " — in Excel: File > Info, and type under Properties a title that says what it is")


def colour_same_words(cells: str, text: str) -> str:
    return (f"cells {cells} hold the same words ({text!r}) in different colours, so only the"
            " colour tells them apart — say in words what each colour means, or use one colour")


def colour_by_date(cells: str) -> str:
    return (f"cells {cells} change colour by the date (TODAY), and no word says what the colour"
            " means — show it as a word in the row (such as 'Overdue'), or remove the rule")


def word_broken(word: str, broken: str, column: str, width: int) -> str:
    return (f"the word {word!r} is wider than column {column}, so it is broken mid-word"
            f" ({broken!r}) — widen column {column} to {width} or more (Home > Format > Column"
            " Width)")


def text_cut_by_row(cell: str, lines: int, shows: int) -> str:
    return (f"the rows are too short for their wrapped text, so its end is cut off ({cell} needs"
            f" {plural(lines, 'line')} and shows {shows}) — select the rows and use Home >"
            " Format > AutoFit Row Height")


def text_cut_by_next_cell(column: str) -> str:
    return (f"the text is wider than column {column} and is cut off by the next cell — turn on"
            f" Home > Wrap Text, or widen column {column}")


def shows_hashes(text: str, column: str, width: int) -> str:
    return (f"column {column} is too narrow for {text!r}, so Excel shows ##### — widen column"
            f" {column} to {width} or more (Home > Format > AutoFit Column Width)")


def rows_too_tall(row: int, height: str, needed: str) -> str:
    return (f"the rows are far taller than their text (row {row} is {height} pt for text that"
            f" needs {needed} pt), leaving gaps on screen and on paper — select them and use"
            " Home > Format > AutoFit Row Height")


def column_wider_than_page(paper: str) -> str:
    return (f"wider than the page on {paper}, so its text runs off the edge of the paper —"
            " narrow the column, or set Page Layout > Width to 1 page")


def row_taller_than_page(paper: str) -> str:
    return (f"taller than the page on {paper}, so its end is cut off at the foot of the page —"
            " widen the columns so its text takes fewer lines, or split the text over rows")


def text_past_print_area(column: str) -> str:
    return (f"the text runs on past column {column}, the last one printed, and is cut off at"
            " the edge of the page — turn on Home > Wrap Text, or widen the column")


def fake_heading(size: str) -> str:
    return (f"the paragraph looks like a heading (bold, {size} pt) but is styled as text, so"
            " screen readers and the Navigation Pane cannot find it — give it a heading style"
            " (Home > Styles > Heading 2)")


def long_italics(words: int) -> str:
    return (f"{plural(words, 'word')} in italics, which are harder to read — use plain text,"
            " and bold for a few words of emphasis")


UNDERLINED_NOT_LINK = ("underlined text that is not a link looks like one — remove the underline"
                       " (Home > Underline), and use bold for emphasis")


def block_capitals(text: str) -> str:
    return (f"{text!r} is in capital letters, which are harder to read and some screen readers"
            " spell out — write it in sentence case (Home > Change Case > Sentence case)")


def table_word_broken(word: str, column: int, width: str) -> str:
    return (f"the word {word!r} is wider than column {column}, so it is broken mid-word —"
            f" make the column {width} cm or wider (Table Layout > Width), or narrow another")


def table_wider_than_page(width: str, room: str) -> str:
    return (f"the table is {width} cm wide but the page has {room} cm between its margins, so"
            " it runs off the edge — narrow its columns (Table Layout > AutoFit > AutoFit"
            " Window)")


# --- The equality fields (core/equality.py: validate, new, import, returns, report) ---------

def equality_outside(header: str, part: str, known: str) -> str:
    """`validate`: a part of an equality cell outside the plan's list (kept as written)."""
    if known and known != part:
        return (f"'{part}' in {header} means {known}, which is not in the plan's list — add"
                f" '{known}' to the list on the About sheet, or correct the cell")
    if known:
        return (f"'{part}' in {header} is not in the plan's list — add it to the list on the"
                " About sheet, or correct the cell")
    return (f"'{part}' in {header} is none of the plan's list — correct it, or add it to the"
            " list on the About sheet if it is one of yours")


# Who the plan reaches: the report's section, the summary's and the report workbook's sheet.
REACH_HEADING = "Who the plan reaches"
REACH_SHEET = "Who the plan reaches"
REACH_SHEET_WORDS = ("The actions by protected characteristic, by aim of the equality duty and"
                     " by EFLG module, with where they stand; an action that names several"
                     " counts under each.")
REACH_TITLES = {"characteristics": "By protected characteristic",
                "aims": "By aim of the equality duty", "eflg": "By EFLG module"}
REACH_LABELS = {"characteristics": "Protected characteristic",
                "aims": "Aim of the equality duty", "eflg": "EFLG module"}
REACH_COLUMNS = ("Actions", "Where they stand", "Action IDs")
# One table of all three, for a workbook (a filter picks the list): its first two headers.
REACH_BY = ("By", "Name")
NONE_NAMED = "None named"
NO_ACTION = "No action"
WITH_NO_STATUS = "with no status"
NO_IDS = "None"  # the Action IDs cell of a word no action names: never a blank cell
# The column an action names nothing in, in running text.
REACH_NOUNS = {"characteristics": "protected characteristic", "aims": "aim of the equality duty",
               "eflg": "EFLG module"}


def reach_caption(title: str) -> str:
    return f"Actions {title[0].lower()}{title[1:]}, with where they stand"


def not_in_list(word: str) -> str:
    """A reach row for words outside the plan's list, as the actions write them."""
    return f"{word} (not in the plan's list)"


def reach_characteristics(named: int, total: int, missing: Iterable[str]) -> str:
    missing = list(missing)
    said = (f"The plan's actions address {named} of the {total} protected characteristics"
            " of the Equality Act 2010")
    if not missing:
        return said + "; each has at least one action."
    return said + ". No action addresses " + _join(missing, "or") + "."


def reach_own_named(named: Iterable[str]) -> str:
    """The council's own additions to the nine that actions address."""
    return "Actions also address " + _join(list(named)) + ", which the council adds to the nine."


def reach_own_missing(missing: Iterable[str]) -> str:
    """The council's own additions no action addresses."""
    return ("No action addresses " + _join(list(missing), "or") + ", which the council also"
            " lists.")


def reach_missing_aims(missing: Iterable[str]) -> str:
    return ("No action names the aim of the equality duty "
            + _join([f"‘{w}’" for w in missing], "or") + ".")


def reach_missing_modules(missing: Iterable[str]) -> str:
    return "No action is in the EFLG module " + _join([f"‘{w}’" for w in missing], "or") + "."


def reach_unset(count: int, total: int, noun: str, ids: str) -> str:
    """Actions that name nothing in a column: `noun` is what the column holds."""
    verb = "names" if count == 1 else "name"
    return f"{count} of the {total} actions {verb} no {noun} ({ids})."


def reach_outside(words: Iterable[str]) -> str:
    return ("Some actions name groups outside the plan's list, kept as written: "
            + _join([f"‘{w}’" for w in words]) + ".")


def reach_nothing_named(header: str) -> str:
    return (f"No action has anything in {header} yet: fill it in on the plan to show who"
            " the plan reaches.")


def reach_introduction(named: int, total: int, missing: Iterable[str]) -> str:
    """The introduction's one sentence on who the plan reaches."""
    missing = list(missing)
    said = (f"It also shows who the plan reaches: its actions address {named} of the {total}"
            " protected characteristics")
    if not missing:
        return said + ", each at least once."
    return said + ", and none addresses " + _join(missing, "or") + "."


def _join(words: list[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'; with semicolons where a word holds 'and' or a
    comma itself ('gender reassignment; marriage and civil partnership; or sex')."""
    if len(words) <= 1:
        return "".join(words)
    if len(words) > 2 and any(" and " in w or " or " in w or "," in w for w in words):
        return f"{'; '.join(words[:-1])}; {last} {words[-1]}"
    return f"{', '.join(words[:-1])} {last} {words[-1]}"



def numbered_layout(count: int) -> str:
    """import's first line, for a plan whose actions are numbered paragraphs."""
    return f"{plural(count, 'action')}, each a numbered paragraph above its own table"



def import_introduction(count: int) -> str:
    return (f"Introduction: {plural(count, 'paragraph')} before the first objective kept on"
            " the About sheet; the report's introduction carries them")


def import_own_characteristics(words: Iterable[str]) -> str:
    return ("Protected characteristics: the nine of the Equality Act 2010 and the council's"
            " own, added to the plan's list: " + "; ".join(words))


def import_equality_words(header: str, said: Iterable[str]) -> str:
    """How an equality column's words were read, each as written -> the list's words."""
    return f"{header}: " + "; ".join(said)


def import_equality_outside(part: str, header: str, ids: str) -> str:
    return (f"'{part}' in {header} ({ids}) is none of the plan's list: kept as written —"
            " validate names it; add it to the list on the About sheet if it is the"
            " council's own")


# --- The browser page (edi-workbook app, workflow/serve.py) --------------------------

def no_page(folder: str) -> str:
    return (f"{folder}: no page built there — run `make app` in the edi-workbook folder first,"
            " or give the page's folder with --folder")


def port_in_use(port: int) -> str:
    return (f"port {port} on this computer is in use (the page may be open already) — open"
            f" http://127.0.0.1:{port}/ in the browser, or give another port with --port")
