"""Return workbooks: one per service, sent out and read back.

A return carries its identity (plan id, revision, service, issue date) and
the values as issued (the merge base) in a hidden sheet, repeated in custom
document properties stored as text: both survive a re-save by Excel and
LibreOffice (see shared/notes/ROUNDTRIP.md).

The dataclasses here are pure; xlsxwriter and calamine load inside the
functions that need them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import messages as m
from . import styles
from .cells import EXCEL_CELL_LIMIT, NEEDS_CLEANING, as_text, atomic_output, strip_illegal
from .errors import ReturnError
from .model import (
    EDITABLE_FIELDS,
    SCHEMA_VERSION,
    STATUSES,
    Action,
    Plan,
    as_date,
    service_parts,
)
from .reader import cell_name, column_letters, find_header_row, load_sheets
from .template import LISTS_SHEET, STATUS_RANGE_NAME


@dataclass
class Rejection:
    """Something in a return that was not merged, with the reason and the fix."""

    path: Path
    reason: str
    advice: str = ""
    sheet: str = ""
    cell: str = ""
    action_id: str = ""
    field: str = ""  # Action field name, '' for a whole row or file
    value: Any = ""
    # How many editable cells this accounts for (0 for a locked-column edit
    # or a whole unreadable file, 4 for an unknown row, 1 for a bad status).
    cells: int = 0
    service: str = ""


@dataclass
class ReturnRow:
    """One action as a service sent it back."""

    id: str
    values: dict[str, Any]  # editable field -> value returned (cleaned)
    base: dict[str, Any]  # editable field -> value as issued
    cells: dict[str, str] = field(default_factory=dict)  # field -> 'H12'
    row: int = 0  # 1-based row in the sheet


@dataclass
class ReturnWorkbook:
    """A service's returned workbook, read but not yet merged."""

    path: Path
    plan_id: str
    revision: int
    service: str
    issued: date | None
    rows: list[ReturnRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    sheet: str = ""

    @property
    def editable_cells(self) -> int:
        """Editable cells read: matched rows' plus those rejected whole."""
        return len(self.rows) * len(EDITABLE_FIELDS) + sum(r.cells for r in self.rejected)


# The visible table of a return, in order. Headers shared with the plan are
# spelled as the plan spells them; "Objective" names the objective's sheet.
RETURN_HEADERS: tuple[str, ...] = (
    "ID", "Objective", "Action title", "Actions", "Responsible service(s)", "Timescale",
    "Due", "Status", "Progress update", "Revised timescale", "Comments",
)
FIELD_FOR_RETURN_HEADER: dict[str, str] = {
    "ID": "id", "Objective": "objective", "Action title": "title", "Actions": "description",
    "Responsible service(s)": "services", "Timescale": "timescale", "Due": "due",
    "Status": "status", "Progress update": "progress", "Revised timescale": "revised_timescale",
    "Comments": "comments",
}
RETURN_SHEET = "Return"
IDENTITY_SHEET = "_return"
IDENTITY_KEYS = ("plan_id", "revision", "service", "issued", "due", "schema_version")
# Custom document property -> identity key; a second copy of who the return is for.
PROPERTIES = {"edi_plan_id": "plan_id", "edi_revision": "revision",
              "edi_service": "service", "edi_issued": "issued"}
_EDITABLE_HEADERS = tuple(h for h, f in FIELD_FOR_RETURN_HEADER.items() if f in EDITABLE_FIELDS)
_EDITABLE = {FIELD_FOR_RETURN_HEADER[h]: h for h in _EDITABLE_HEADERS}  # field -> header
RETURN_ROW_HEIGHT = 6 * styles.LINE_HEIGHT
SEND_BACK = m.SEND_BACK


# What `_text` may have to change beyond stripping: a '\r' or a control character.


def _text(value: Any) -> str:
    """A value as the text a return stores: no control characters, within Excel's limit."""
    text = value.strip() if isinstance(value, str) else as_text(value)
    # isprintable() is quick and False for every control character, '\r' and '\n'
    # included; only then is the (slower) search needed.
    if not text.isprintable() and NEEDS_CLEANING.search(text):
        text = strip_illegal(text.replace("\r\n", "\n"))[0]
    return text[:EXCEL_CELL_LIMIT]


def issued_values(plan: Plan, action: Action, service: str) -> dict[str, Any]:
    """Header -> value as issued to `service`; a shared action's text is that service's block."""
    try:
        objective = plan.objective(action.objective).sheet_name
    except KeyError:
        objective = action.objective
    shared = len(action.services) > 1

    def own(text: str) -> str:
        return service_parts(text, action.services).get(service, "") if shared else text

    return {
        "ID": action.id,
        "Objective": objective,
        "Action title": action.title,
        "Actions": action.description,
        "Responsible service(s)": "; ".join(action.services),
        "Timescale": action.timescale.text,
        "Due": action.due or action.timescale.due,
        "Status": action.status,
        "Progress update": own(action.progress),
        "Revised timescale": action.revised_timescale,
        "Comments": own(action.comments),
    }


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
                 contact: str = "") -> Path:
    """Write `service`'s return: its actions, editable cells unlocked, identity hidden inside."""
    import xlsxwriter

    from .xlsx import in_memory

    actions = plan.actions_of_service(service)
    rows = [issued_values(plan, a, service) for a in actions]
    path = Path(path)
    with atomic_output(path) as tmp:
        with xlsxwriter.Workbook(str(tmp), {"in_memory": in_memory(len(rows))}) as wb:
            border = {"border": 1, "border_color": "BFBFBF"}
            body = {"text_wrap": True, "valign": "top", **border}
            title = wb.add_format({"bold": True, "font_size": styles.TITLE_SIZE})
            header = wb.add_format({"bold": True, "font_color": styles.HEADER_FONT,
                                    "bg_color": styles.HEADER_FILL, "text_wrap": True,
                                    "valign": "vcenter", **border})
            locked = wb.add_format({**body, "bg_color": styles.LOCKED_FILL, "locked": True})
            locked_date = wb.add_format({**body, "bg_color": styles.LOCKED_FILL, "locked": True,
                                         "num_format": styles.DATE_FORMAT})
            open_ = wb.add_format({**body, "bg_color": styles.EDITABLE_FILL, "locked": False})
            ws = wb.add_worksheet(RETURN_SHEET)

            lines = _instructions(plan, service, due, contact)
            ws.write_string(0, 0, _text(lines[0]), title)
            for r, line in enumerate(lines[1:], start=1):
                ws.write_string(r, 0, _text(line))
            head = len(lines) + 1
            for c, name in enumerate(RETURN_HEADERS):
                ws.write_string(head, c, name, header)
                ws.set_column(c, c, styles.COLUMN_WIDTHS.get(name, styles.DEFAULT_WIDTH))
            for r, values in enumerate(rows, start=head + 1):
                for c, name in enumerate(RETURN_HEADERS):
                    fmt = open_ if name in _EDITABLE_HEADERS else locked
                    value = values[name]
                    if isinstance(value, date):
                        ws.write_datetime(r, c, value, locked_date)
                    elif _text(value):
                        ws.write_string(r, c, _text(value), fmt)
                    else:
                        ws.write_blank(r, c, None, locked_date if name == "Due" else fmt)
                # Room for a lead to type a few lines: the height is fixed in
                # the file and LibreOffice will not grow it as they type.
                ws.set_row(r, max(RETURN_ROW_HEIGHT, styles.row_height(
                    [values[name] for name in RETURN_HEADERS],
                    [styles.COLUMN_WIDTHS.get(n, styles.DEFAULT_WIDTH) for n in RETURN_HEADERS])))
            last = head + max(len(rows), 1)
            status = RETURN_HEADERS.index("Status")
            ws.data_validation(head + 1, status, last, status, {
                "validate": "list", "source": f"={STATUS_RANGE_NAME}",
                "input_title": "Status", "input_message": "Choose from the list.",
                "error_title": "Status", "error_type": "stop",
                "error_message": "Choose a status from the list: " + ", ".join(STATUSES) + ".",
            })
            for name in STATUSES:
                fill, font = styles.STATUS_COLOURS[name]
                ws.conditional_format(head + 1, status, last, status, {
                    "type": "cell", "criteria": "==", "value": f'"{name}"',
                    "format": wb.add_format({"bg_color": fill, "font_color": font}),
                    "stop_if_true": True})
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
                lists.write_string(r, 0, name)
            lists.hide()
            wb.define_name(STATUS_RANGE_NAME, f"='{LISTS_SHEET}'!$A$1:$A${len(STATUSES)}")

            identity = {"plan_id": plan.plan_id, "revision": str(plan.revision),
                        "service": service, "issued": issued.isoformat(),
                        "due": due.isoformat() if due else "",
                        "schema_version": str(SCHEMA_VERSION)}
            meta = wb.add_worksheet(IDENTITY_SHEET)
            for r, key in enumerate(IDENTITY_KEYS):
                meta.write_string(r, 0, key)
                if identity[key]:
                    meta.write_string(r, 1, _text(identity[key]))
            base_head = len(IDENTITY_KEYS) + 1
            for c, name in enumerate(RETURN_HEADERS):
                meta.write_string(base_head, c, name)
            for r, values in enumerate(rows, start=base_head + 1):
                for c, name in enumerate(RETURN_HEADERS):
                    if _text(values[name]):
                        meta.write_string(r, c, _text(values[name]))
            meta.hide()
            for prop, key in PROPERTIES.items():
                wb.set_custom_property(prop, _text(identity[key]) or "-", "text")
            ws.activate()
    return path


def read_return(path: Path) -> ReturnWorkbook:
    """Read a returned workbook: identity, the values as issued, and each row's edits."""

    path = Path(path)
    book = load_sheets(path, error=ReturnError, skip=(LISTS_SHEET,))
    meta_name = next((n for n in book.sheets if n.casefold() == IDENTITY_SHEET), None)
    if meta_name is None:
        raise ReturnError(path, m.not_a_return(IDENTITY_SHEET), SEND_BACK)
    identity, base = _read_identity(book.sheets[meta_name])
    _check_properties(path, identity)
    try:
        revision = int(float(identity.get("revision", "")))
    except ValueError:
        raise ReturnError(path, m.NO_REVISION, SEND_BACK, sheet=meta_name) from None
    if not identity.get("plan_id") or not identity.get("service"):
        raise ReturnError(path, m.NO_PLAN_OR_SERVICE, SEND_BACK, sheet=meta_name)
    result = ReturnWorkbook(path, identity["plan_id"], revision, identity["service"],
                            as_date(identity.get("issued")))

    required = ("ID", "Status", "Progress update")
    for name, rows in book.sheets.items():
        if name in (meta_name, LISTS_SHEET):
            continue
        head = find_header_row(rows, required)
        if head is not None:
            break
    else:
        raise ReturnError(path, m.no_table(required), m.KEEP_HEADER_ROW)
    result.sheet = name
    if _has_formulas(path, name):
        rows = _with_formula_text(path, name, rows)
    columns = _columns(rows[head])
    missing = [h for h, f in FIELD_FOR_RETURN_HEADER.items()
               if f in EDITABLE_FIELDS and h not in columns]
    if missing:
        raise ReturnError(path, m.columns_missing(missing), m.KEEP_EVERY_COLUMN, sheet=name,
                          cell=cell_name(head, 0))
    id_col = columns["ID"]
    id_letters = column_letters(id_col)
    # (header, column) in column order; the locked ones with their field; the
    # editable ones as (field, header, column, column letters).
    in_order = list(columns.items())
    locked = [(h, c, FIELD_FOR_RETURN_HEADER[h]) for h, c in in_order
              if FIELD_FOR_RETURN_HEADER[h] not in EDITABLE_FIELDS and h != "ID"]
    editable = [(f, h, columns[h], column_letters(columns[h])) for f, h in _EDITABLE.items()]
    seen: dict[str, str] = {}
    for i in range(head + 1, len(rows)):
        row = rows[i]
        width = len(row)
        if all(as_text(row[c]) == "" for _, c in in_order if c < width):
            continue  # a blank row: missing cells are blank too
        action_id = as_text(row[id_col]) if id_col < width else ""
        id_cell = f"{id_letters}{i + 1}"
        reject = _row_rejection(result, name, id_cell, action_id, base, seen)
        if reject:
            result.rejected.append(reject)
            continue
        seen[action_id] = id_cell
        issued_row = base[action_id]
        for header, c, field_name in locked:
            value = row[c] if c < width else ""
            if not _same(header, value, issued_row.get(header, "")):
                result.rejected.append(Rejection(
                    path, m.locked_changed(header, action_id), m.LOCKED_ADVICE,
                    name, cell_name(i, c), action_id, field_name,
                    _text(value), 0, result.service))
        result.rows.append(ReturnRow(
            action_id,
            # Raw: the merge strips control characters and reports it, and
            # over-long text is kept whole, never cut here without a word.
            values={f: as_text(row[c] if c < width else "").replace("\r\n", "\n")
                    for f, _, c, _ in editable},
            base={f: _text(issued_row.get(h, "")) for f, h, _, _ in editable},
            cells={"id": id_cell, **{f: f"{letters}{i + 1}" for f, _, _, letters in editable}},
            row=i + 1,
        ))
    return result


def _read_identity(rows: list[list[Any]]) -> tuple[dict[str, str],
                                                             dict[str, dict[str, str]]]:
    """Identity key/values, and action id -> header -> text as issued."""
    identity: dict[str, str] = {}
    base: dict[str, dict[str, str]] = {}
    header: list[str] | None = None
    for row in rows:
        texts = [_text(v) for v in row]
        if not any(texts):
            continue
        if header is None:
            if texts[0] == "ID":
                header = texts
            elif len(texts) > 1:
                identity[texts[0]] = texts[1]
            continue
        record = dict(zip(header, texts, strict=False))
        if record.get("ID"):
            base[record["ID"]] = record
    return identity, base


def _custom_properties(path: Path) -> dict[str, str]:
    """docProps/custom.xml as name -> text; {} when the file has none."""
    import zipfile

    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(path) as zf:
            root = ElementTree.fromstring(zf.read("docProps/custom.xml"))
    except KeyError:
        return {}
    except Exception:  # bad zip, bad XML, or an entity bomb refused by defusedxml
        raise ReturnError(path, m.UNREADABLE_PROPERTIES, m.RESAVE_XLSX) from None
    props = {}
    for prop in root:
        name = prop.get("name")
        if name and len(prop):
            props[name] = (prop[0].text or "").strip()
    return props


def _check_properties(path: Path, identity: dict[str, str]) -> None:
    props = _custom_properties(path)
    for prop, key in PROPERTIES.items():
        if prop not in props:
            continue
        mine, theirs = props[prop], identity.get(key, "")
        if key == "revision":
            mine, theirs = _int_text(mine), _int_text(theirs)
        if mine != theirs:
            raise ReturnError(path, m.identity_disagrees(key, props[prop], identity.get(key, ""),
                                                        IDENTITY_SHEET), SEND_BACK)


def _int_text(text: str) -> str:
    try:
        return str(int(float(text)))
    except ValueError:
        return text


def _columns(row: list[Any]) -> dict[str, int]:
    """Return header -> column index, matching headers in any case and spacing."""
    wanted = {h.casefold(): h for h in RETURN_HEADERS}
    found: dict[str, int] = {}
    for c, value in enumerate(row):
        key = re.sub(r"\s+", " ", _text(value)).strip().casefold()
        if key in wanted and wanted[key] not in found:
            found[wanted[key]] = c
    return found


def _same(header: str, value: Any, issued: str) -> bool:
    """Whether a locked cell still holds its value as issued, however it was re-saved."""
    if isinstance(value, str) and value == issued:  # untouched text: the usual case
        return True
    if header == "Due":
        typed, was = as_date(value), as_date(issued)
        if typed is not None or was is not None:
            return typed == was
    return _text(value) == _text(issued)


def _row_rejection(result: ReturnWorkbook, sheet: str, cell: str, action_id: str,
                   base: dict[str, dict[str, str]], seen: dict[str, str]) -> Rejection | None:
    """Why a row cannot be merged at all, or None."""
    def reject(reason: str, advice: str) -> Rejection:
        return Rejection(result.path, reason, advice, sheet, cell, action_id, cells=4,
                         service=result.service)

    if not action_id:
        return reject(m.ROW_WITHOUT_ID, m.NO_NEW_ACTIONS)
    if action_id not in base:
        return reject(m.not_issued(action_id, result.service), m.KEEP_IDS)
    if action_id in seen:
        return reject(m.appears_twice(action_id, seen[action_id]), m.ONE_ROW_PER_ACTION)
    return None


def _sheet_part(zf: Any, sheet: str) -> str | None:
    """The zip member holding `sheet`'s XML, from the workbook's relationships."""
    from defusedxml import ElementTree

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rid = next((s.get(f"{ns_rel}id") for s in workbook.iter(f"{ns_main}sheet")
                if s.get("name") == sheet), None)
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return None


def _has_formulas(path: Path, sheet: str) -> bool:
    """Whether `sheet` holds any formula (calamine would give only its cached value)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as zf:
            part = _sheet_part(zf, sheet)
            names = [part] if part in zf.namelist() else [
                n for n in zf.namelist() if n.startswith("xl/worksheets/")]
            return any(_holds_formula(zf.read(n)) for n in names)
    except (KeyError, zipfile.BadZipFile, ValueError, SyntaxError):
        return False


_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # <f>, <f t="shared" .../>, <x:f>
_UNPREFIXED_FORMULA = re.compile(rb"<f[\s>/]")


def _holds_formula(xml: bytes) -> bool:
    """Whether worksheet XML has a formula element; without ':f' none can be prefixed,
    and the plain '<f' search is several times quicker than the full pattern."""
    return bool((_FORMULA if b":f" in xml else _UNPREFIXED_FORMULA).search(xml))


def _with_formula_text(path: Path, sheet: str, rows: list[list[Any]]) -> list[list[Any]]:
    """`rows` with each formula cell holding the formula as typed, e.g. '=SUM(1,2)'."""
    from openpyxl import load_workbook

    rows = [list(r) for r in rows]
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ReturnError(path, m.UNREADABLE_FORMULAS, m.TYPE_PLAIN_TEXT, sheet=sheet) from None
    try:
        for row in wb[sheet].iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                text = getattr(cell.value, "text", cell.value)
                r, c = cell.row - 1, cell.column - 1
                while len(rows) <= r:
                    rows.append([])
                rows[r].extend([""] * (c + 1 - len(rows[r])))
                rows[r][c] = text if str(text).startswith("=") else f"={text}"
    finally:
        wb.close()
    return rows
