"""Plan -> plan workbook, written with xlsxwriter in styles.py's look (or a restyled template's).

The look comes from styles.py's named formats, overridden by a restyled copy
of the template passed with `--template` (template.Look), so an officer keeps
their look and the usual case never opens a workbook or imports openpyxl.
The shipped template is this writer's own output for a blank plan
(`write_template`). A big plan's action rows go through `xlsx.BulkSheet`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from . import styles
from .cells import as_text, safe_sheet_title, to_cell, to_cells
from .files import atomic_output
from .history import Change, ReturnRecord, note_text
from .model import EDITABLE_FIELDS, SERVICE_FIELDS, STATUSES, Action, Objective, Plan
from .schema import (
    ABOUT_LABELS,
    ABOUT_SHEET,
    COLUMNS,
    COMMITMENTS_LABEL,
    CONNECTIONS_LABEL,
    DATE_HEADERS,
    FIELD_FOR_HEADER,
    HEADER_FOR_FIELD,
    HEADERS,
    HISTORY_HEADERS,
    HISTORY_SHEET,
    HOW_TO_USE,
    HOW_TO_USE_LABEL,
    LISTS_SHEET,
    META_SHEET,
    OBJECTIVE_LABEL,
    RETURNS_LOG_HEADERS,
    RETURNS_LOG_SHEET,
    SCHEMA_VERSION,
    SERVICE_HEADERS,
    SERVICE_UPDATES_HEADERS,
    SERVICE_UPDATES_SHEET,
    SERVICES_SHEET,
    STATUS_RANGE_NAME,
    TEMPLATE_OBJECTIVE,
)
from .template import OWNED_SHEETS, TEMPLATE_PATH, Look, look_for
from .xlsx import Sheet, new_workbook, sheet_class, write_cell, write_row

# How many empty rows below the last action still get the dropdown and
# colours, so an officer can add actions by hand.
SPARE_ROWS = 50
# Columns B..F hold the objective statement and commitments (merged).
STATEMENT_SPAN = 5
# Notes: by whom, and big enough for a few lines (pixels).
NOTE_OPTIONS = {"author": "edi-workbook", "width": 300, "height": 120}
FIELDS = tuple(f for f, _ in COLUMNS)


@dataclass(frozen=True)
class CellNote:
    """Why a cell is highlighted: shown as the cell's note in Excel."""

    text: str


def write_plan(
    plan: Plan,
    path: Path,
    *,
    template: Path | None = None,
    changed: Collection[tuple[str, str]] = (),
    notes: Mapping[tuple[str, str], CellNote] | None = None,
) -> Path:
    """Write `plan` as a workbook.

    Every cell with a history gets a note of its latest changes (from the
    History sheet, so notes never vanish); `changed` (action id, field) cells
    are highlighted as this round's; `notes` adds notes of the caller's own.
    """
    look = look_for(template)
    path = Path(path)
    all_notes = history_notes(plan)
    for key, note in (notes or {}).items():
        all_notes[key] = CellNote(f"{note.text}\n\n{all_notes[key].text}" if key in all_notes
                                  else note.text)
    with atomic_output(path) as tmp:
        with new_workbook(tmp, rows=len(plan.actions), notes=len(all_notes)) as wb:
            _fill_workbook(wb, plan, look, all_notes, set(changed) | set(notes or {}))
    return path


def history_notes(plan: Plan) -> dict[tuple[str, str], CellNote]:
    """(action id, field) -> a note of that cell's latest changes, from the History sheet."""
    field_for = {h: f for f, h in HEADER_FOR_FIELD.items()}
    cells: dict[tuple[str, str], list[Change]] = {}
    for change in plan.history:  # newest first
        name = field_for.get(change.field)
        if name is not None and not change.problem:
            cells.setdefault((change.action_id, name), []).append(change)
    return {key: CellNote(note_text(changes)) for key, changes in cells.items()}


def write_template(path: Path = TEMPLATE_PATH) -> Path:
    """The blank template an officer restyles: this writer's output for an empty plan."""
    blank = Plan(plan_id="", objectives=[Objective("", TEMPLATE_OBJECTIVE)])
    return write_plan(blank, path)


def cell_value(action: Action, field: str) -> Any:
    """An action's field as it goes in a cell; a shared action's progress and comments
    show every service's own words (kept apart on the Service updates sheet)."""
    if field in SERVICE_FIELDS:
        return action.shown(field)
    value = getattr(action, field)
    if field == "services":
        return "; ".join(value)
    if field == "timescale":
        return value.text
    return value


def service_update_rows(plan: Plan) -> list[list[Any]]:
    """The Service updates sheet: each service's own words on each shared action."""
    rows = []
    for action in plan.actions:
        for update in action.updates.values():
            rows.append([action.id, update.service, update.progress, update.comments,
                         update.last_updated])
    for update in plan.loose_updates:
        rows.append([update.action_id, update.service, update.progress, update.comments,
                     update.last_updated])
    return rows


def history_rows(history: Sequence[Change]) -> list[list[Any]]:
    """History, newest first as kept; rows an officer made unreadable stay as they were."""
    rows = []
    for c in history:
        if c.problem:
            rows.append(list(c.raw))
        else:
            rows.append([c.round, c.revision, c.date, c.action_id, c.field, c.old, c.new,
                         c.service, c.file, c.return_id])
    return rows


def returns_log_rows(log: Sequence[ReturnRecord]) -> list[list[Any]]:
    rows = []
    for r in log:
        if r.problem:
            rows.append(list(r.raw))
        else:
            rows.append([r.service, r.file, r.saved, r.round, r.issued_revision,
                         r.merged_revision, r.merged_on, r.applied, r.unchanged, r.conflicts,
                         r.rejected, r.outcome, r.reference, r.content_hash])
    return rows


def _fill_workbook(wb: Any, plan: Plan, look: Look,
                   notes: Mapping[tuple[str, str], CellNote],
                   changed: set[tuple[str, str]]) -> None:
    fmt = styles.Formats(wb, look.parts)
    noted: dict[str, list[tuple[str, CellNote, bool]]] = {}
    for (action_id, name), note in notes.items():
        noted.setdefault(action_id, []).append((name, note, (action_id, name) in changed))
    about = wb.add_worksheet(ABOUT_SHEET)
    _fill_about(about, plan, look, fmt)
    _sheet_notes(about, plan.sheet_notes.get(ABOUT_SHEET, {}))
    sheet_names: dict[str, str] = {}
    for objective in plan.objectives:
        # The template's own sheets keep their names: objectives go round them.
        title = safe_sheet_title(objective.sheet_name,
                                 {*OWNED_SHEETS, *look.sheets, *sheet_names.values()})
        actions = plan.actions_for(objective.key)
        filtered = any(c.filter_values for c in objective.added_columns.values())
        # A filter hides rows, which only xlsxwriter's own rows can be.
        ws = wb.add_worksheet(title, worksheet_class=Sheet if filtered
                              else sheet_class(len(actions)))
        _fill_objective(ws, objective, actions, look, fmt, noted)
        _sheet_notes(ws, plan.sheet_notes.get(title, {}))
        sheet_names[objective.key] = title
    services = wb.add_worksheet(SERVICES_SHEET, worksheet_class=sheet_class(len(plan.services)))
    _fill_services(services, plan, look, fmt)
    _sheet_notes(services, plan.sheet_notes.get(SERVICES_SHEET, {}))
    updates = service_update_rows(plan)
    if updates:
        _fill_table(wb.add_worksheet(SERVICE_UPDATES_SHEET,
                                     worksheet_class=sheet_class(len(updates))),
                    SERVICE_UPDATES_HEADERS, updates, fmt,
                    kept=range(len(updates) - len(plan.loose_updates), len(updates)))
    _fill_table(wb.add_worksheet(HISTORY_SHEET, worksheet_class=sheet_class(len(plan.history))),
                HISTORY_HEADERS, history_rows(plan.history), fmt,
                kept={i for i, c in enumerate(plan.history) if c.problem})
    _fill_table(wb.add_worksheet(RETURNS_LOG_SHEET,
                                 worksheet_class=sheet_class(len(plan.returns_log))),
                RETURNS_LOG_HEADERS, returns_log_rows(plan.returns_log), fmt,
                kept={i for i, r in enumerate(plan.returns_log) if r.problem})
    extra = {name: rows for name, rows in look.sheets.items() if name not in plan.extra_sheets}
    extra.update(plan.extra_sheets)
    taken = {*OWNED_SHEETS, *sheet_names.values()}
    for name, rows in extra.items():
        title = safe_sheet_title(name, taken)
        taken.add(title)
        ws = wb.add_worksheet(title, worksheet_class=sheet_class(len(rows)))
        _fill_extra_sheet(ws, rows, fmt)
        _sheet_notes(ws, plan.sheet_notes.get(name, {}))
    _fill_lists(wb)
    _fill_meta(wb, plan, sheet_names)


def _set_width(ws: Any, col: int, width: float, hidden: bool = False) -> None:
    """A <col width> as given: set_column would add Excel's 5-pixel padding on top."""
    ws.set_column_pixels(col, col, round(width * 7), None, {"hidden": True} if hidden else None)


def _sheet_notes(ws: Any, notes: Mapping[str, str]) -> None:
    """The officer's own notes on cells outside the actions tables, where they were."""
    for ref, text in notes.items():
        ws.write_comment(ref, to_cell(text), NOTE_OPTIONS)


def _print_setup(ws: Any) -> None:
    """Landscape, one page wide; the margins the workbook has always had."""
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.75, right=0.75, top=1, bottom=1)
    ws.set_header("", margin=0.5)
    ws.set_footer("", margin=0.5)


def _about_widths(look: Look) -> tuple[float, ...]:
    return tuple(w or d for w, d in zip(look.about_widths or styles.ABOUT_WIDTHS,
                                        styles.ABOUT_WIDTHS, strict=True))


def _fill_about(ws: Any, plan: Plan, look: Look, fmt: styles.Formats) -> None:
    write_cell(ws, 0, 0, plan.title or "EDI Action Plan", fmt("about_title"))
    label = fmt("about_label")
    for row, (name, text) in enumerate(ABOUT_LABELS.items(), start=2):
        write_cell(ws, row, 0, text, label)
        value = getattr(plan, name)
        write_cell(ws, row, 1, value, fmt("about_value", styles.number_format(value)))
    start = 3 + len(ABOUT_LABELS)
    write_cell(ws, start, 0, HOW_TO_USE_LABEL, label)
    text = fmt("about_text")
    widths = _about_widths(look)
    for row, line in enumerate(HOW_TO_USE, start=start + 1):
        ws.merge_range(row, 0, row, 1, line, text)
        ws.set_row(row, styles.row_height([line], [sum(widths)]))
    for col, width in enumerate(widths):
        _set_width(ws, col, width)
    _print_setup(ws)


def _header_parts(look: Look, header: str) -> tuple[Any, ...]:
    return (look.header[header],) if header in look.header else ("header",)


def _body_parts(look: Look, header: str) -> tuple[Any, ...]:
    """A column's body format: the template's, else styles' (dates as dates)."""
    if header in look.body:
        return (look.body[header],)
    return ("body", "date") if header in DATE_HEADERS else ("body",)


def _fill_objective(
    ws: Any,
    objective: Objective,
    actions: list[Action],
    look: Look,
    fmt: styles.Formats,
    noted: Mapping[str, list[tuple[str, CellNote, bool]]],
) -> None:
    """One objective: statement, actions table, dropdown, colours, connections."""
    extras: list[str] = []
    seen = set(HEADERS)
    for action in actions:
        for key in action.extra:
            if key not in seen:
                seen.add(key)
                extras.append(key)
    headers = [*HEADERS, *extras]
    col_of = {h: i for i, h in enumerate(headers)}
    # Added columns: as the officer set them out, else wide enough for sentences
    # when they hold any.
    added = objective.added_columns
    extra_widths = {h: (added[h].width if h in added and added[h].width else
                        styles.WIDE_EXTRA_WIDTH if any(
                            len(as_text(a.extra.get(h, ""))) > 60 for a in actions)
                        else styles.DEFAULT_WIDTH) for h in extras}
    widths = [look.widths.get(h) or styles.COLUMN_WIDTHS.get(h, 12) for h in HEADERS] + [
        extra_widths[h] for h in extras]
    span_width = sum(widths[1:1 + STATEMENT_SPAN])

    label = fmt("sheet_label")
    write_cell(ws, 0, 0, objective.role, fmt("title"))
    write_cell(ws, 1, 0, OBJECTIVE_LABEL, label)
    _merged_text(ws, 1, objective.statement, fmt("statement"), span_width)
    row = 2
    write_cell(ws, row, 0, COMMITMENTS_LABEL, label)
    commitment = fmt(*_body_parts(look, "Actions"))
    for text in objective.commitments or [""]:
        _merged_text(ws, row, text, commitment, span_width)
        row += 1

    head = row + 1
    for col, header in enumerate(headers):
        write_cell(ws, head, col, header, fmt(*_header_parts(look, header)))
        _set_width(ws, col, widths[col], header in added and added[header].hidden)
    shown = {col_of[h]: set(c.filter_values) for h, c in added.items()
             if c.filter_values and h in col_of}
    if look.header_height:
        ws.set_row(head, look.header_height)

    body = [fmt(*_body_parts(look, h)) for h in HEADERS]
    extra_body = fmt(*_body_parts(look, "Comments"))
    changed = {f: fmt(*_body_parts(look, h), "changed")
               for f, h in zip(FIELDS, HEADERS, strict=True)}
    body_formats = body + [extra_body] * len(extras)
    r = head
    for r, action in enumerate(actions, start=head + 1):
        values = list(to_cells([cell_value(action, f) for f in FIELDS]))
        values += [to_cell(action.extra.get(h)) for h in extras]
        formats = body_formats
        if extras and any(styles.number_format(v) for v in values[len(FIELDS):]):
            formats = body + [fmt(*_body_parts(look, "Comments"), styles.number_format(v))
                              for v in values[len(FIELDS):]]
        tool = {name: (note, highlight) for name, note, highlight in noted.get(action.id, ())
                if name in changed}
        for name, (_note, highlight) in tool.items():
            if highlight:
                formats = list(formats)
                formats[FIELDS.index(name)] = changed[name]
        for header in dict.fromkeys([*action.notes, *(HEADER_FOR_FIELD[f] for f in tool)]):
            col = col_of.get(header)
            if col is None:
                continue
            made = tool.get(FIELD_FOR_HEADER.get(header, ""))
            text = "\n\n".join(t for t in (action.notes.get(header, ""),
                                            made[0].text if made else "") if t)
            ws.write_comment(r, col, to_cell(text), NOTE_OPTIONS)
        hidden = any(as_text(values[c]) not in keep for c, keep in shown.items())
        write_row(ws, r, values, formats, styles.row_height(values, widths), hidden=hidden)
    if not actions:  # one styled empty row, ready to fill in (and to restyle, in the template)
        write_row(ws, head + 1, [None] * len(headers), body_formats)
    last_row = max(r, head + 1)
    last_col = len(headers) - 1

    ws.freeze_panes(head + 1, 2)
    ws.autofilter(head, 0, last_row, last_col)
    for col, keep in shown.items():  # the officer's filter, as they left it
        ws.filter_column_list(col, sorted(keep))
    ws.repeat_rows(head)
    _print_setup(ws)
    # Fourteen columns of text are ~330 characters wide: A3 keeps them legible.
    ws.set_paper(8)

    first, spare_end = head + 1, last_row + SPARE_ROWS
    status, flag = col_of["Status"], col_of["Flag"]
    ws.data_validation(first, status, spare_end, status, {
        "validate": "list", "source": f"={STATUS_RANGE_NAME}", "ignore_blank": True,
        "show_input": False, "input_title": "Status", "input_message": "Choose from the list.",
        "show_error": True, "error_title": "Status",
        "error_message": "Choose a status from the list."})
    status_cell = f"${xl_col_to_name(status)}{first + 1}"
    for name in STATUSES:
        ws.conditional_format(first, status, spare_end, status, {
            "type": "formula", "criteria": f'={status_cell}="{name}"', "stop_if_true": True,
            "format": fmt(styles.status_format(name))})
    # Flags tint the row but for the cells service leads edit: a tint there
    # would hide the highlight on cells the merge changed.
    editable = sorted(col_of[HEADER_FOR_FIELD[f]] for f in EDITABLE_FIELDS)
    before, after = editable[0] - 1, editable[-1] + 1
    tinted = (f"A{first + 1}:{xl_col_to_name(before)}{spare_end + 1} "
              f"{xl_col_to_name(after)}{first + 1}:{xl_col_to_name(last_col)}{spare_end + 1}")
    flag_cell = f"${xl_col_to_name(flag)}{first + 1}"
    for name, fill in styles.FLAG_COLOURS.items():
        ws.conditional_format(first, 0, spare_end, before, {
            "type": "formula", "criteria": f'={flag_cell}="{name}"', "multi_range": tinted,
            "format": fmt({"bg_color": fill})})

    row = last_row + 2
    write_cell(ws, row, 0, CONNECTIONS_LABEL, label)
    connection = fmt("statement", "plain")
    for text in objective.connections or [""]:
        write_cell(ws, row, 1, text, connection)
        row += 1


def _merged_text(ws: Any, row: int, text: str, cell_format: Any, width: float) -> None:
    text = to_cell(text)
    ws.merge_range(row, 1, row, STATEMENT_SPAN, "", cell_format)
    write_cell(ws, row, 1, text, cell_format)
    ws.set_row(row, styles.row_height([text], [width]))


def _fill_services(ws: Any, plan: Plan, look: Look, fmt: styles.Formats) -> None:
    n = len(SERVICE_HEADERS)
    heads = [fmt(look.services_header[c] if c < len(look.services_header) else "header")
             for c in range(n)]
    body = [fmt(look.services_body[c] if c < len(look.services_body) else "body")
            for c in range(n)]
    template_widths = look.services_widths or styles.SERVICES_WIDTHS
    for col, header in enumerate(SERVICE_HEADERS):
        write_cell(ws, 0, col, header, heads[col])
        _set_width(ws, col, template_widths[col] or styles.SERVICES_WIDTHS[col])
    for row, service in enumerate(plan.services, start=1):
        values = (service.name, "; ".join(service.aliases), service.lead, service.email,
                  service.deputy_email)
        write_row(ws, row, to_cells(values), body)
    if not plan.services:  # a styled empty row, ready to fill in
        write_row(ws, 1, [None] * n, body)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(plan.services)), n - 1)
    ws.repeat_rows(0)
    _print_setup(ws)


def _fill_extra_sheet(ws: Any, rows: Sequence[Sequence[Any]], fmt: styles.Formats) -> None:
    """A sheet the tool does not own, written back as values after Services."""
    ncols = max((len(row) for row in rows), default=0)
    widths = [min(max(10, max((len(str(row[c])) for row in rows[:1] if len(row) > c),
                              default=8) + 4), 40) for c in range(ncols)]
    for c in range(ncols):
        longest = max((len(str(row[c])) for row in rows if len(row) > c), default=8)
        widths[c] = min(max(widths[c], longest + 2), styles.MAX_WIDTH)
        _set_width(ws, c, widths[c])
    for r, row in enumerate(rows):
        values = [to_cell(v) for v in row]
        formats = [fmt("wrap", "header" if r == 0 else None, styles.number_format(v))
                   for v in values]
        write_row(ws, r, values, formats, styles.row_height(row, widths) if r else None)
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)
    _print_setup(ws)


# Columns of the plan's own list sheets that hold dates, and the one with a time.
_DATE_COLUMNS = frozenset({"Round", "Date", "Last updated", "Merged on"})
_TIME_COLUMNS = frozenset({"Saved"})


def _fill_table(ws: Any, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                fmt: styles.Formats, kept: Collection[int] = ()) -> None:
    """A list sheet the tool keeps (Service updates, History, Returns log): a
    header row, frozen, filterable and repeated on every printed page.

    History grows by thousands of rows a round, so formats are decided per
    column, once; the `kept` rows (retyped by an officer, kept as they were)
    get formats by their own values."""
    widths = [styles.TABLE_WIDTHS.get(h, styles.DEFAULT_WIDTH) for h in headers]
    for col, header in enumerate(headers):
        write_cell(ws, 0, col, header, fmt("header"))
        _set_width(ws, col, widths[col])
    usual = tuple("date" if h in _DATE_COLUMNS else "when" if h in _TIME_COLUMNS else None
                  for h in headers)
    plain = [fmt("body", kind) for kind in usual]
    for r, row in enumerate(rows, start=1):
        values = list(to_cells(list(row)))
        formats = plain
        if r - 1 in kept:
            formats = [fmt("body", styles.number_format(v)) for v in values]
        write_row(ws, r, values, formats, styles.row_height(values, widths))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(headers) - 1)
    ws.repeat_rows(0)
    _print_setup(ws)


def _fill_lists(wb: Any) -> None:
    """The dropdown's source: a hidden sheet behind a defined name."""
    ws = wb.add_worksheet(LISTS_SHEET)
    for row, status in enumerate(STATUSES):
        write_cell(ws, row, 0, status)
    ws.hide()
    wb.define_name(STATUS_RANGE_NAME, f"='{LISTS_SHEET}'!$A$1:$A${len(STATUSES)}")


def _fill_meta(wb: Any, plan: Plan, sheet_names: dict[str, str]) -> None:
    ws = wb.add_worksheet(META_SHEET)
    rows: list[tuple[str, Any]] = [
        ("key", "value"),
        ("plan_id", plan.plan_id),
        ("revision", str(plan.revision)),
        ("schema_version", str(SCHEMA_VERSION)),
    ]
    rows += [(f"objective:{key}", name) for key, name in sheet_names.items()]
    for r, (key, value) in enumerate(rows):
        write_cell(ws, r, 0, key)
        write_cell(ws, r, 1, value)
    ws.hide()

