"""A returned workbook read back: its identity, the values as issued, each row's edits.

Rows are matched by their visible, locked ID, never by position, so sorted or
filtered returns merge; what cannot be merged becomes a Rejection naming the
sheet and cell. Values are read with python-calamine, which never evaluates
anything; formulas are read as typed with openpyxl only when a sheet has one.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from . import messages as m
from .cells import as_text
from .errors import ReturnError
from .model import EDITABLE_FIELDS, as_date
from .reader import find_header_row, load_sheets
from .returns import (
    EDITABLE_HEADER_FOR_FIELD,
    Rejection,
    ReturnRow,
    ReturnWorkbook,
    stored_text,
    typed_value,
)
from .schema import (
    FIELD_FOR_RETURN_HEADER,
    IDENTITY_SHEET,
    LISTS_SHEET,
    PROPERTIES,
    RETURN_HEADERS,
    RETURN_KEY_HEADERS,
)

SEND_BACK = m.SEND_BACK


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
                            as_date(identity.get("issued")), round=as_date(identity.get("round")),
                            saved=saved_time(path))
    result.due = as_date(identity.get("due"))

    for name, rows in book.sheets.items():
        if name in (meta_name, LISTS_SHEET):
            continue
        head = find_header_row(rows, RETURN_KEY_HEADERS)
        if head is not None:
            break
    else:
        raise ReturnError(path, m.no_table(RETURN_KEY_HEADERS), m.KEEP_HEADER_ROW)
    result.sheet = name
    if _has_formulas(path, name):
        rows = _with_formula_text(path, name, rows)
    columns = _columns(rows[head])
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
    locked = [(h, c, FIELD_FOR_RETURN_HEADER[h]) for h, c in in_order
              if FIELD_FOR_RETURN_HEADER[h] not in EDITABLE_FIELDS and h != "ID"]
    editable = [(f, h, columns[h], xl_col_to_name(columns[h]))
                for f, h in EDITABLE_HEADER_FOR_FIELD.items()]
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
                    name, xl_rowcol_to_cell(i, c), action_id, field_name,
                    as_text(value), 0, result.service))
        result.rows.append(ReturnRow(
            action_id,
            # Raw: the merge strips control characters and reports it, and
            # over-long text is kept whole, never cut here without a word.
            values={f: typed_value(f, as_text(row[c] if c < width else ""), issued_row)
                    for f, _, c, _ in editable},
            base={f: as_text(issued_row.get(h, "")) for f, h, _, _ in editable},
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
        texts = [as_text(v) for v in row]
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


def saved_time(path: Path) -> datetime | None:
    """When the file was last saved, by its own document properties (Excel and
    LibreOffice set them on every save), else by the file system."""
    import zipfile

    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(path) as zf:
            root = ElementTree.fromstring(zf.read("docProps/core.xml"))
        for element in root:
            if element.tag.endswith("}modified") and element.text:
                stamp = datetime.fromisoformat(element.text.strip().replace("Z", "+00:00"))
                return stamp.astimezone(UTC).replace(tzinfo=None)
    except Exception:  # noqa: BLE001 - no properties, or unreadable ones: the file's time
        pass
    try:
        return datetime.fromtimestamp(Path(path).stat().st_mtime, tz=UTC).replace(
            tzinfo=None)
    except OSError:
        return None


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
