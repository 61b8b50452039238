"""A returned workbook read back: its identity, the values as issued, each row's edits.

Rows are matched by their visible, locked ID, never by position, so sorted or
filtered returns merge; what cannot be merged becomes a Rejection naming the
sheet and cell. Values are read with python-calamine, which never evaluates
anything; formulas are read as typed with openpyxl only when a sheet has one.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ..core import messages as m
from ..core.cells import as_text
from ..core.errors import ReturnError, WorkbookError
from ..core.model import EDITABLE_FIELDS, EQUALITY_EDITABLE_FIELDS, STATUSES, as_date
from ..core.returns import (
    ALL_EDITABLE_FIELDS,
    EDITABLE_HEADER_FOR_FIELD,
    Rejection,
    ReturnRow,
    ReturnWorkbook,
    box_words,
    field_for_return_header,
    row_check,
    stored_text,
    typed_value,
)
from ..core.schema import (
    CHECK_HEADER,
    EVIDENCE_HEADER,
    FIELD_FOR_RETURN_HEADER,
    IDENTITY_SHEET,
    LISTS_SHEET,
    PROPERTIES,
    RETURN_EQUALITY_FIELDS,
    RETURN_HEADERS,
    RETURN_KEY_HEADERS,
)
from ..xlsx.package import Package
from ..xlsx.refs import xl_col_to_name, xl_rowcol_to_cell
from ..xlsx.values import SheetSet, open_sheets
from .plan_reader import find_header_row

SEND_BACK = m.SEND_BACK


def read_return(path: Path) -> ReturnWorkbook:
    """Read a returned workbook: identity, the values as issued, and each row's edits.

    The whole file is compared with what was issued: text typed anywhere but
    the white boxes (another sheet, an added column, a note, merged cells, the
    hidden sheet) is listed as a rejection, never counted as unchanged; a
    value is read as the lead saw it (75% is "75%", a month is "June 2024").
    """
    path = Path(path)
    # The zip is opened and vetted once; calamine reads the values, the parts the rest.
    with open_sheets(path, ReturnError) as (book, package):
        return _read_opened(path, book, package)


def _read_opened(path: Path, book: SheetSet, package: Any) -> ReturnWorkbook:
    from ..xlsx.parts import open_parts

    meta_name = next((n for n in book.sheets if n.casefold() == IDENTITY_SHEET), None)
    if meta_name is None:
        raise ReturnError(path, m.not_a_return(IDENTITY_SHEET), SEND_BACK)
    identity, base = _read_identity(book.sheets[meta_name])
    # One look inside the zip for everything calamine does not give.
    with open_parts(path, ReturnError, package) as parts:
        _check_properties(path, identity, parts)
        try:
            revision = int(float(identity.get("revision", "")))
        except ValueError:
            raise ReturnError(path, m.NO_REVISION, SEND_BACK, sheet=meta_name) from None
        if not identity.get("plan_id") or not identity.get("service"):
            raise ReturnError(path, m.NO_PLAN_OR_SERVICE, SEND_BACK, sheet=meta_name)
        result = ReturnWorkbook(path, identity["plan_id"], revision, identity["service"],
                                as_date(identity.get("issued")),
                                round=as_date(identity.get("round")),
                                saved=saved_time(path, parts))
        result.due = as_date(identity.get("due"))

        lists_name = next((n for n in book.sheets if n == LISTS_SHEET), None)
        for name, rows in book.sheets.items():
            if name in (meta_name, lists_name):
                continue
            head = find_header_row(rows, RETURN_KEY_HEADERS)
            if head is not None:
                break
        else:
            raise ReturnError(path, m.no_table(RETURN_KEY_HEADERS), m.KEEP_HEADER_ROW)
        result.sheet = name
        sheet = parts.sheet(name)
        stray = _Stray(result, parts)
        formulas = sheet.formulas() if sheet.has_formulas() else {}
        _read_table(result, rows, head, base, identity, sheet, formulas, parts.date1904,
                    stray)
        stray.outside_table(name, rows, head, identity.get("instructions", ""))
        stray.notes(name, sheet.notes)
        for other, other_rows in book.sheets.items():
            if other in (name, meta_name, lists_name):
                continue
            stray.whole_sheet(other, other_rows)
            stray.notes(other, parts.notes(other))
        if lists_name is not None:
            stray.status_list(lists_name, book.sheets[lists_name], identity.get("statuses", ""))
        stray.finish()
    return result


def _read_table(result: ReturnWorkbook, rows: list[list[Any]], head: int,
                base: dict[str, dict[str, str]], identity: dict[str, str], sheet: Any,
                formulas: dict[str, Any], date1904: bool, stray: _Stray) -> None:
    """The return's own table: each row matched to its action by ID, never by position."""
    path, name = result.path, result.sheet
    # The equality columns count only in a return issued with them (its hidden sheet
    # has them); in any other, a column so headed is one the lead added.
    issued_with = {h for values in base.values() for h in values}
    columns = _columns(rows[head], [h for h in RETURN_EQUALITY_FIELDS if h in issued_with])
    if EVIDENCE_HEADER in columns:
        result.fields = ALL_EDITABLE_FIELDS
    missing = [h for h, f in FIELD_FOR_RETURN_HEADER.items()
               if f in EDITABLE_FIELDS and h not in columns]
    if missing:
        raise ReturnError(path, m.columns_missing(missing), m.KEEP_EVERY_COLUMN, sheet=name,
                          cell=xl_rowcol_to_cell(head, 0))
    id_col = columns["ID"]
    id_letters = xl_col_to_name(id_col)
    # (header, column) in column order; the locked ones with their field; the
    # editable ones as (field, header, column, column letters).
    in_order = list(columns.items())
    box_for = EDITABLE_HEADER_FOR_FIELD | {f: EVIDENCE_HEADER for f in EQUALITY_EDITABLE_FIELDS}
    locked = [(h, c, field_for_return_header(h)) for h, c in in_order
              if field_for_return_header(h) not in result.fields and h != "ID"]
    editable = [(f, box_for[f], columns[box_for[f]], xl_col_to_name(columns[box_for[f]]))
                for f in result.fields]
    stray.table_columns = {c for _, c in in_order}
    stray.merged_over(sheet, [(c, f) for f, _, c, _ in editable], head)
    seen: dict[str, str] = {}
    typed: list[tuple[int, dict[str, Any]]] = []
    for i in range(head + 1, len(rows)):
        row = rows[i]
        width = len(row)
        if all(as_text(row[c]) == "" for _, c in in_order if c < width):
            continue  # a blank row: missing cells are blank too
        action_id = as_text(row[id_col]) if id_col < width else ""
        id_cell = f"{id_letters}{i + 1}"
        reject = _row_rejection(result, name, id_cell, action_id, base, seen)
        if reject:
            # Every box of the row with its words: a rejected row's words are listed, never
            # dropped (a lead's inserted row, a copy of a row with other words).
            reject.value = box_words((h, row[c]) for h, c in in_order if c < width)
            result.rejected.append(reject)
            continue
        seen[action_id] = id_cell
        issued_row = base[action_id]
        for header, c, field_name in locked:
            value = row[c] if c < width else ""
            if not _same(header, value, issued_row.get(header, "")):
                result.rejected.append(Rejection(
                    path, m.locked_changed(header, action_id), m.LOCKED_ADVICE,
                    name, xl_rowcol_to_cell(i, c), action_id, field_name,
                    as_text(value), 0, result.service))
        values = {}
        number = i + 1
        refs = {field_name: f"{letters}{number}" for field_name, _, _, letters in editable}
        for field_name, _, c, _ in editable:
            value = row[c] if c < width else ""
            ref = refs[field_name]
            formula = formulas.get(ref) if formulas else None
            if formula is not None and formula.text != as_text(issued_row.get(
                    box_for[field_name], "")):
                # Never live in the plan: the value it showed is merged, its text listed.
                result.rejected.append(Rejection(
                    path, m.FORMULA_TYPED, m.TYPE_PLAIN_TEXT, name, ref, action_id,
                    field_name, formula.text, 0, result.service))
            if formula is not None and as_text(value) == "":
                # Saved with no value shown (a program that does not calculate): the
                # formula's text is all there is of what was typed.
                value = formula.text
            if type(value) is str and "\r" not in value:  # as_text's own first case
                values[field_name] = value.strip()
            elif isinstance(value, str) or value is None:
                values[field_name] = as_text(value)
            else:
                values[field_name] = value
                typed.append((i, {"ref": ref, "field": field_name}))
        trusted = _check_matches(identity.get("plan_id", ""), issued_row)
        if not trusted:
            result.rejected.append(Rejection(
                path, m.hidden_row_edited(action_id), m.DECIDE_EACH, IDENTITY_SHEET, "",
                action_id, cells=0, service=result.service))
        result.rows.append(ReturnRow(
            action_id,
            # Raw: the merge strips control characters and reports it, and
            # over-long text is kept whole, never cut here without a word.
            # An empty box beside the Last update means no new words: the value as issued.
            values={f: typed_value(f, v, issued_row) if isinstance(v, str) else v
                    for f, v in values.items()},
            # Texts already (`_read_identity`): as_text would give each back as it is.
            base={f: issued_row.get(h, "") for f, h, _, _ in editable},
            cells={"id": id_cell, **refs}, row=number, base_trusted=trusted,
        ))
    _as_shown(result, typed, sheet, date1904)
    for action_id in base:
        if action_id not in seen and not any(r.action_id == action_id for r in result.rejected):
            result.rejected.append(Rejection(
                path, m.row_deleted(action_id), m.SEND_THE_ROW_BACK, name, "", action_id,
                cells=0, service=result.service))


def _as_shown(result: ReturnWorkbook, typed: list[tuple[int, dict[str, Any]]], sheet: Any,
              date1904: bool) -> None:
    """Numbers, dates and TRUE/FALSE read as the lead saw them in the cell.

    75% is "75%", not 0.75; a date in a progress update is the date shown; in
    Revised timescale a date formatted as a month is that month, "June 2024";
    TRUE stays TRUE. The cells' number formats come from the sheet's XML.
    """
    if not typed:  # text only, as usual: the number formats' rules are not loaded
        return
    from ..xlsx.numfmt import format_value, is_month_year_format

    codes = sheet.number_formats([cell["ref"] for _, cell in typed])
    rows = {r.row: r for r in result.rows}
    for i, cell in typed:
        row = rows.get(i + 1)
        if row is None:
            continue
        value, code = row.values[cell["field"]], codes.get(cell["ref"], "General")
        if cell["field"] == "revised_timescale" and isinstance(value, (date, datetime)) and (
                is_month_year_format(code)):
            row.values[cell["field"]] = f"{value:%B %Y}"
        else:
            row.values[cell["field"]] = format_value(value, code, date1904=date1904)


def _check_matches(plan_id: str, issued_row: dict[str, str]) -> bool:
    """Whether a hidden row of values as issued still matches its check (no check: trusted)."""
    check = issued_row.get(CHECK_HEADER, "")
    if not check:
        return True
    # The columns the return was issued with, in their order: one sent before a
    # column was added (Last update) keeps its own.
    return row_check(plan_id, [v for h, v in issued_row.items() if h != CHECK_HEADER]) == check


class _Stray:
    """Text typed outside the white boxes, listed, never merged: bounded per file."""

    LIMIT = 100

    def __init__(self, result: ReturnWorkbook, parts: Any) -> None:
        self.result = result
        self.parts = parts
        self.count = 0
        self.table_columns: set[int] = set()

    def add(self, sheet: str, cell: str, text: str, reason: str | None = None) -> None:
        self.count += 1
        if self.count <= self.LIMIT:
            self.result.rejected.append(Rejection(
                self.result.path, reason or m.TYPED_OUTSIDE, m.PUT_IT_IN_THE_BOXES, sheet, cell,
                value=text, cells=0, service=self.result.service))

    def finish(self) -> None:
        if self.count > self.LIMIT:
            self.result.rejected.append(Rejection(
                self.result.path, m.more_typed_outside(self.count - self.LIMIT),
                m.PUT_IT_IN_THE_BOXES, cells=0, service=self.result.service))

    def whole_sheet(self, name: str, rows: list[list[Any]]) -> None:
        for i, row in enumerate(rows):
            for c, value in enumerate(row):
                text = as_text(value)
                if text:
                    self.add(name, xl_rowcol_to_cell(i, c), text)

    def outside_table(self, name: str, rows: list[list[Any]], head: int,
                      instructions: str) -> None:
        """Above the table (bar the instructions as sent) and right of it."""
        issued = [line.strip() for line in instructions.split("\n")] if instructions else None
        for i in range(head):
            for c, value in enumerate(rows[i]):
                text = as_text(value)
                if not text:
                    continue
                if c == 0 and (issued is None or (i < len(issued) and issued[i] == text)):
                    continue
                self.add(name, xl_rowcol_to_cell(i, c), text)
        for i in range(head + 1, len(rows)):  # an added column's heading alone is no update
            for c, value in enumerate(rows[i]):
                if c in self.table_columns:
                    continue
                text = as_text(value)
                if text:
                    header = as_text(rows[head][c]) if c < len(rows[head]) else ""
                    self.add(name, xl_rowcol_to_cell(i, c), text, m.typed_in_added_column(header))

    def notes(self, sheet: str, notes: dict[str, Any]) -> None:
        for ref, note in notes.items():
            replies = "".join(f"\n{r.author}: {r.text}" for r in note.replies)
            self.add(sheet, ref, f"{note.text}{replies}".strip(), m.NOTE_ON_CELL)

    def merged_over(self, sheet: Any, editable: list[tuple[int, str]], head: int) -> None:
        """Merged cells over the white boxes: the words went to the top row only."""
        columns = {c for c, _ in editable}
        for ref in sheet.merged:
            first, _, last = ref.partition(":")
            start, end = _cell(first), _cell(last or first)
            if start is None or end is None or end[0] <= head or start[0] == end[0]:
                continue
            if any(c in columns for c in range(start[1], end[1] + 1)):
                self.add(sheet.name, ref, "", m.merged_over_boxes(ref))

    def status_list(self, name: str, rows: list[list[Any]], issued: str = "") -> None:
        """Words added to the drop-down's hidden list (the plan's list as sent, or the tool's)."""
        words = [w for w in issued.split("\n") if w] if issued else list(STATUSES)
        typed = [as_text(r[0]) for r in rows if r and as_text(r[0])]
        if typed != words:
            added = [t for t in typed if t not in words]
            if added:
                self.add(name, "A1", "; ".join(added), m.STATUS_LIST_EDITED)


def _cell(ref: str) -> tuple[int, int] | None:
    """Zero-based (row, column) of "B12"."""
    match = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?([0-9]+)", ref.strip())
    if match is None:
        return None
    letters, number = match.groups()
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return int(number) - 1, col - 1


def _read_identity(rows: list[list[Any]]) -> tuple[dict[str, str],
                                                             dict[str, dict[str, str]]]:
    """Identity key/values, and action id -> header -> text as issued."""
    identity: dict[str, str] = {}
    base: dict[str, dict[str, str]] = {}
    header: list[str] | None = None
    for row in rows:
        # as_text, its usual case inline: every cell of every row issued is read here.
        texts = [v.strip() if type(v) is str and "\r" not in v else as_text(v) for v in row]
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


def _custom_properties(path: Path, parts: Any) -> dict[str, str]:
    """docProps/custom.xml as name -> text; {} when the file has none."""
    try:
        return parts.package.custom_properties()
    except WorkbookError:  # bad XML, or entities refused
        raise ReturnError(path, m.UNREADABLE_PROPERTIES, m.RESAVE_XLSX) from None


def saved_time(path: Path, parts: Any = None) -> datetime | None:
    """When the file was last saved, by its own document properties (Excel and
    LibreOffice set them on every save), else by the file system. `parts`: the
    workbook already open (read_return's), else it is opened here."""
    try:
        if parts is None:
            with Package(path) as package:
                stamp = package.core_properties().get("modified", "")
        else:
            stamp = parts.package.core_properties().get("modified", "")
        if stamp:
            when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            return when.astimezone(UTC).replace(tzinfo=None)
    except (WorkbookError, ValueError):  # no properties, or unreadable ones: the file's time
        pass
    try:
        return datetime.fromtimestamp(Path(path).stat().st_mtime, tz=UTC).replace(
            tzinfo=None)
    except OSError:
        return None


def _check_properties(path: Path, identity: dict[str, str], parts: Any) -> None:
    props = _custom_properties(path, parts)
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


def _columns(row: list[Any], more: list[str] | tuple[str, ...] = ()) -> dict[str, int]:
    """Return header -> column index, matching headers in any case and spacing; `more`
    are the equality columns the return was issued with."""
    wanted = {h.casefold(): h for h in (*RETURN_HEADERS, *more)}
    found: dict[str, int] = {}
    for c, value in enumerate(row):
        key = re.sub(r"\s+", " ", as_text(value)).strip().casefold()
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
    return stored_text(value) == stored_text(issued)


def _row_rejection(result: ReturnWorkbook, sheet: str, cell: str, action_id: str,
                   base: dict[str, dict[str, str]], seen: dict[str, str]) -> Rejection | None:
    """Why a row cannot be merged at all, or None."""
    def reject(reason: str, advice: str) -> Rejection:
        return Rejection(result.path, reason, advice, sheet, cell, action_id,
                         cells=len(result.fields), service=result.service)

    if not action_id:
        return reject(m.ROW_WITHOUT_ID, m.NO_NEW_ACTIONS)
    if action_id not in base:
        return reject(m.not_issued(action_id, result.service), m.KEEP_IDS)
    if action_id in seen:
        return reject(m.appears_twice(action_id, seen[action_id]), m.ONE_ROW_PER_ACTION)
    return None
