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
from datetime import date
from pathlib import Path
from typing import Any

from ..core.cells import as_text, safe_sheet_title, to_cell, to_cells
from ..core.equality import HEADER_FOR_KEY, LISTED, ordered_columns
from ..core.history import Change, ReturnRecord, note_text
from ..core.model import SERVICE_FIELDS, Action, Objective, Plan, StatusList
from ..core.position import Position, position_of
from ..core.schema import (
    ABOUT_LABELS,
    ABOUT_SHEET,
    ABOUT_SHOWN,
    ACTIONS_BY_STATUS_LABEL,
    ACTIONS_HEADER,
    ATTENTION_LABEL,
    BULLET,
    CHANGED_KEY,
    COLUMNS,
    COMMITMENTS_LABEL,
    CONNECTIONS_LABEL,
    DATE_HEADERS,
    EQUALITY_COLUMNS,
    EQUALITY_HEADERS,
    EQUALITY_LIST_LABELS,
    EVIDENCE_HEADER,
    FIELD_FOR_HEADER,
    FLAG_KEYS,
    HEADER_FOR_FIELD,
    HEADERS,
    HISTORY_HEADERS,
    HISTORY_SHEET,
    HOW_TO_USE,
    HOW_TO_USE_LABEL,
    INTRODUCTION_LABEL,
    KEY_LABEL,
    LISTS_SHEET,
    META_SHEET,
    NO_UPDATE_LABEL,
    NOT_YET,
    OBJECTIVE_LABEL,
    PLACE_AFTER,
    RETURNS_LOG_HEADERS,
    RETURNS_LOG_SHEET,
    REVIEW_HEADER,
    SCHEMA_VERSION,
    SERVICE_HEADERS,
    SERVICE_UPDATES_HEADERS,
    SERVICE_UPDATES_SHEET,
    SERVICES_SHEET,
    STATUS_KEY,
    STATUS_RANGE_NAME,
    STATUSES_COUNT_AS_LABEL,
    TEMPLATE_OBJECTIVE,
    TOTAL_LABEL,
)
from ..files import atomic_output
from ..xlsx import styles, textfit
from ..xlsx.refs import xl_col_to_name
from ..xlsx.template import OWNED_SHEETS, TEMPLATE_PATH, Look, look_for
from ..xlsx.textfit import line_count, text_px, text_room_px
from ..xlsx.write import Sheet, new_workbook, sheet_class, write_cell, write_row

# How many empty rows below the last action still get the dropdown and
# colours, so an officer can add actions by hand.
SPARE_ROWS = 50
# The objective's statement and commitments start in column B, one line a row,
# each running on over the empty cells to its right (no merged cells).
TEXT_COLUMN = 1
# Notes: by whom, and big enough for a few lines (pixels).
NOTE_OPTIONS = {"author": "edi-workbook", "width": 300, "height": 120}
KEY_LINES = 2  # the most lines a colour key's swatch may take


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
    position: Position | None = None,
) -> Path:
    """Write `plan` as a workbook.

    Every cell with a history gets a note of its latest changes (from the
    History sheet, so notes never vanish); `changed` (action id, field) cells
    are highlighted as this round's; `notes` adds notes of the caller's own.
    The About sheet prints `position` (a merge's), else the plan's own as at
    the date it holds.
    """
    look = look_for(template)
    path = Path(path)
    all_notes = history_notes(plan)
    for key, note in (notes or {}).items():
        all_notes[key] = CellNote(f"{note.text}\n\n{all_notes[key].text}" if key in all_notes
                                  else note.text)
    with atomic_output(path) as tmp:
        with new_workbook(tmp, rows=len(plan.actions), notes=len(all_notes),
                          quick_zip=True) as wb:
            _fill_workbook(wb, plan, look, all_notes, set(changed) | set(notes or {}),
                           position or position_of(plan, reflag=False))
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
    """The Service updates sheet: each service's own words on each shared action (and
    their Evidence, in a plan with the equality columns: `service_update_headers`)."""
    evidence = EVIDENCE_HEADER in service_update_headers(plan)
    rows = []
    for action in plan.actions:
        for update in action.updates.values():
            rows.append([action.id, update.service, update.progress, update.comments,
                         update.last_updated, *([update.evidence] if evidence else [])])
    for update in plan.loose_updates:
        rows.append([update.action_id, update.service, update.progress, update.comments,
                     update.last_updated, *([update.evidence] if evidence else [])])
    return rows


def service_update_headers(plan: Plan) -> tuple[str, ...]:
    """The Service updates sheet's headers: Evidence last, where the plan has it."""
    if EVIDENCE_HEADER in equality_headers(plan):
        return (*SERVICE_UPDATES_HEADERS, EVIDENCE_HEADER)
    return SERVICE_UPDATES_HEADERS


def equality_headers(plan: Plan) -> list[str]:
    """The equality columns the objective sheets carry, after Flag: those the plan has,
    any an action holds a value for, and Evidence with them (schema.EQUALITY_COLUMNS)."""
    keys = set(plan.equality.columns)
    for action in plan.actions:
        keys.update(k for k, h in EQUALITY_COLUMNS if h in action.extra)
        if action.evidence or any(u.evidence for u in action.updates.values()):
            keys.add("evidence")
    return [HEADER_FOR_KEY[k] for k in ordered_columns(keys)]


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
                   changed: set[tuple[str, str]], position: Position) -> None:
    fmt = styles.Formats(wb, look.parts)
    wb.set_properties(_properties(plan))
    noted: dict[str, list[tuple[str, CellNote, bool]]] = {}
    for (action_id, name), note in notes.items():
        noted.setdefault(action_id, []).append((name, note, (action_id, name) in changed))
    about = wb.add_worksheet(ABOUT_SHEET)
    _fill_about(about, plan, look, fmt, position)
    _sheet_notes(about, plan.sheet_notes.get(ABOUT_SHEET, {}))
    sheet_names: dict[str, str] = {}
    equality = equality_headers(plan)
    for objective in plan.objectives:
        # The template's own sheets keep their names: objectives go round them.
        title = safe_sheet_title(objective.sheet_name,
                                 {*OWNED_SHEETS, *look.sheets, *sheet_names.values()})
        actions = plan.actions_for(objective.key)
        filtered = any(c.filter_values for c in objective.added_columns.values())
        # A filter hides rows, which only xlsxwriter's own rows can be.
        ws = wb.add_worksheet(title, worksheet_class=Sheet if filtered
                              else sheet_class(len(actions)))
        _fill_objective(ws, objective, actions, look, fmt, noted, plan.statuses, equality)
        _sheet_notes(ws, plan.sheet_notes.get(title, {}))
        sheet_names[objective.key] = title
    services = wb.add_worksheet(SERVICES_SHEET, worksheet_class=sheet_class(len(plan.services)))
    _fill_services(services, plan, look, fmt)
    _sheet_notes(services, plan.sheet_notes.get(SERVICES_SHEET, {}))
    updates = service_update_rows(plan)
    if updates:
        _fill_table(wb.add_worksheet(SERVICE_UPDATES_SHEET,
                                     worksheet_class=sheet_class(len(updates))),
                    service_update_headers(plan), updates, fmt,
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
    _fill_lists(wb, plan.statuses)
    _fill_meta(wb, plan, sheet_names)
    _page_furniture(wb, plan)


def _set_width(ws: Any, col: int, width: float, hidden: bool = False) -> None:
    """A <col width> as given: set_column would add Excel's 5-pixel padding on top."""
    ws.set_column_pixels(col, col, round(width * 7), None, {"hidden": True} if hidden else None)


def _sheet_notes(ws: Any, notes: Mapping[str, str]) -> None:
    """The officer's own notes on cells outside the actions tables, where they were."""
    for ref, text in notes.items():
        ws.write_comment(ref, to_cell(text), NOTE_OPTIONS)


def _print_setup(ws: Any, widths: Sequence[float] | None = None, *,
                 repeated: Sequence[float] = (), portrait: bool = False,
                 papers: Sequence[str] = ("A4", "A3")) -> None:
    """Fit to width: the fewest pages wide, then the smallest paper (A4, then A3), that
    print text at 8 pt or more. Across several pages a row's pages come one after
    another, each headed by the `repeated` columns (the ID).

    Header and footer come from `_page_furniture`, for every sheet at once.
    """
    if widths is None:
        widths = _sheet_widths(ws)
    fit = styles.print_fit(widths, repeated=repeated, portrait=portrait, papers=papers)
    if portrait:
        ws.set_portrait()
    else:
        ws.set_landscape()
    ws.set_paper(fit.paper_code)
    ws.fit_to_pages(fit.pages_wide, 0)
    if fit.pages_wide > 1:
        ws.print_across()  # a row's pages one after another: read across, then down
        if repeated:
            ws.repeat_columns(0, len(repeated) - 1)
    ws.set_margins(left=styles.SIDE_MARGIN, right=styles.SIDE_MARGIN,
                   top=styles.TOP_MARGIN, bottom=styles.TOP_MARGIN)
    ws.set_header("", margin=styles.HEADER_MARGIN)
    ws.set_footer("", margin=styles.HEADER_MARGIN)


def _sheet_widths(ws: Any) -> list[float]:
    """The widths of a sheet's used columns, as set so far (xlsxwriter keeps pixels)."""
    default = 8.43
    info = getattr(ws, "col_info", {})
    last = max(getattr(ws, "dim_colmax", None) or 0, max(info, default=0))
    widths = []
    for col in range(last + 1):
        column = info.get(col)
        pixels = getattr(column, "width", None)
        widths.append(pixels / 7 if pixels is not None else default)
    return widths


def _properties(plan: Plan) -> dict[str, str]:
    """The document properties: the title a screen reader announces, and who it is from."""
    title = plan.title or "EDI Action Plan"
    return {"title": title, "subject": " ".join(p for p in (plan.organisation, plan.period) if p),
            "company": plan.organisation, "author": plan.owner_name or plan.organisation}


def page_header(title: str) -> str:
    """The page header: the document's title left, the sheet's name right."""
    return f"&L{styles.header_text(title)}&R&A"


def page_footer(left: str) -> str:
    """The page footer: what the page is as at, left; page X of Y, right."""
    return f"&L{styles.header_text(left)}&RPage &P of &N"


def _page_furniture(wb: Any, plan: Plan) -> None:
    """Header and footer on every printed sheet: plan, sheet, as at, page X of Y."""
    left = plan.organisation
    if plan.as_at:
        left = f"{left}, position as at {plan.as_at:%d/%m/%Y}" if left else \
            f"Position as at {plan.as_at:%d/%m/%Y}"
    footer = page_footer(left)
    header = page_header(plan.title or "EDI Action Plan")
    for ws in wb.worksheets():
        if not getattr(ws, "hidden", 0):
            ws.set_header(header, margin=styles.HEADER_MARGIN)
            ws.set_footer(footer, margin=styles.HEADER_MARGIN)


def _about_widths(look: Look, labels: Sequence[str] = ()) -> tuple[float, ...]:
    """The About sheet's label and value columns; the labels each on one line (a label
    running on was cut off by the value beside it)."""
    label, value = (w or d for w, d in zip(look.about_widths or styles.ABOUT_WIDTHS,
                                           styles.ABOUT_WIDTHS, strict=True))
    return max(label, styles.width_unwrapped(labels, bold=True)), value


def _fill_about(ws: Any, plan: Plan, look: Look, fmt: styles.Formats,
                position: Position) -> None:
    """What an officer needs first: the plan, its position as at a date, and how to use it.

    The plan's id is on the hidden _meta sheet: nobody reads it here.
    """
    labels = [*(ABOUT_LABELS[n] for n in ABOUT_SHOWN), ACTIONS_BY_STATUS_LABEL,
              *(name for name, _ in position.by_status()), TOTAL_LABEL, NO_UPDATE_LABEL,
              ATTENTION_LABEL, HOW_TO_USE_LABEL,
              *([] if plan.statuses.is_default else [STATUSES_COUNT_AS_LABEL])]
    widths = _about_widths(look, labels)
    write_cell(ws, 0, 0, plan.title or "EDI Action Plan", fmt("about_title"))
    label = fmt("about_label")
    row = 2
    for name in ABOUT_SHOWN:
        write_cell(ws, row, 0, ABOUT_LABELS[name], label)
        value = getattr(plan, name)
        if name == "as_at" and value is None:
            value = NOT_YET
        write_cell(ws, row, 1, value, fmt("about_value", styles.number_format(value)))
        row += 1

    row += 1
    write_cell(ws, row, 0, ACTIONS_BY_STATUS_LABEL, label)
    write_cell(ws, row, 1, ACTIONS_HEADER, label)
    statuses = plan.statuses
    # The position's counts, as the summary and the progress update print them.
    for name, count in position.by_status():
        row += 1
        meaning = statuses.means(name)
        colour = styles.status_format(meaning) if meaning else None
        write_cell(ws, row, 0, name, fmt("about_value", colour))
        write_cell(ws, row, 1, count, fmt("about_value"))
    row += 1
    write_cell(ws, row, 0, TOTAL_LABEL, fmt("about_label", "total"))
    write_cell(ws, row, 1, position.total, fmt("about_value", "total"))
    for name, count in ((NO_UPDATE_LABEL, len(position.no_update)),
                        (ATTENTION_LABEL, sum(len(ids) for _, ids in position.attention))):
        row += 1
        write_cell(ws, row, 0, name, fmt("about_value"))
        write_cell(ws, row, 1, count, fmt("about_value"))
    if not statuses.is_default:  # what each of the council's words means to flags and reports
        row += 1
        line = "; ".join(f"{w}: {c.lower()}" for w, c in statuses.pairs())
        write_cell(ws, row, 0, STATUSES_COUNT_AS_LABEL, label)
        write_cell(ws, row, 1, line, fmt("about_text"))
        ws.set_row(row, styles.row_height([line], [widths[1]]))

    row = _about_equality(ws, row, plan, fmt, widths)
    row += 2
    write_cell(ws, row, 0, HOW_TO_USE_LABEL, label)
    text = fmt("about_text")
    for line in HOW_TO_USE:
        write_cell(ws, row, 1, line, text)
        ws.set_row(row, styles.row_height([line], [widths[1]]))
        row += 1
    for col, width in enumerate(widths):
        _set_width(ws, col, width)
    _print_setup(ws, widths, portrait=True)


def _about_equality(ws: Any, row: int, plan: Plan, fmt: styles.Formats,
                    widths: Sequence[float]) -> int:
    """The plan's equality lists (where it has those columns) and the introduction an
    import kept, each a labelled block, one word or paragraph a row, read back by
    plan_reader.about_blocks; the last row written."""
    blocks = [(EQUALITY_LIST_LABELS[key], list(plan.equality.lists.words(key)))
              for key in LISTED if plan.equality.has(key)]
    if plan.introduction:
        blocks.append((INTRODUCTION_LABEL, plan.introduction))
    text = fmt("about_text")
    for name, lines in blocks:
        row += 2
        write_cell(ws, row, 0, name, fmt("about_label", "overflow"))  # runs on over B
        for line in lines:
            row += 1
            write_cell(ws, row, 1, line, text)
            ws.set_row(row, styles.row_height(["", line], widths))
    return row


def _header_parts(look: Look, header: str) -> tuple[Any, ...]:
    return (look.header[header],) if header in look.header else ("header",)


def _body_parts(look: Look, header: str) -> tuple[Any, ...]:
    """A column's body format: the template's, else styles' (dates as dates)."""
    if header in look.body:
        return (look.body[header],)
    return ("body", "date") if header in DATE_HEADERS else ("body",)


def _table_headers(extras: Sequence[str], equality: Sequence[str] = ()) -> list[str]:
    """SPEC's headers in SPEC's order, then the equality columns the plan has, with
    added columns placed where they are read: rollover's Review beside the title,
    last year's update beside this year's status (PLACE_AFTER); any other added
    column at the end."""
    headers = [*HEADERS, *equality]
    for header in extras:
        anchor = PLACE_AFTER.get(header)
        if anchor in headers:
            at = headers.index(anchor) + 1
            while at < len(headers) and headers[at] in PLACE_AFTER:  # keep placed ones in order
                at += 1
            headers.insert(at, header)
    headers += [h for h in extras if h not in headers]
    return headers


# Each header's field on an action (the equality columns' Evidence too).
field_of_header = {h: f for f, h in COLUMNS} | {EVIDENCE_HEADER: "evidence"}
# The labels an objective sheet prints in column A, bold (the connections' runs on).
_SHEET_LABELS = (OBJECTIVE_LABEL, COMMITMENTS_LABEL, KEY_LABEL)
# Columns an officer types into: kept at least half their reading width however
# little they hold (next year's plan starts them empty), so there is room to type.
_TYPED = {"Status", "Progress update", "Revised timescale", "Comments"}


def _objective_widths(headers: Sequence[str], want: Sequence[float],
                      rows: Sequence[Sequence[Any]], keep: Collection[str] = ()) -> list[float]:
    """An objective sheet's widths: each column at least as wide as its longest word
    (its header's in bold, beside the filter's button; the sheet's labels in column A);
    then, where the reading widths pass what one A3 page across holds at 8 pt, room
    given up by the columns that hold least (an empty column keeps its header's room, a
    column an officer types into half its reading width), so the sheet still prints
    one page across and the objective's text and key print beside the table.
    `rows` are the actions' cells (`_action_cells`)."""
    need, floor = [], []
    for c, header in enumerate(headers):
        values = [row[c] for row in rows]
        texts = [f"{v:%d/%m/%Y}" if isinstance(v, date) else as_text(v) for v in values]
        words = styles.width_needed(texts)
        # A date or a number never wraps: all of it must fit, or it shows as ####.
        words = max(words, styles.width_unwrapped(
            [t for t, v in zip(texts, values, strict=True)
             if v not in (None, "") and not isinstance(v, str)]))
        if c == 0:  # the sheet's labels are in column A too
            words = max(words, styles.width_needed(_SHEET_LABELS, bold=True))
        needed = max(words, styles.width_needed([header], bold=True, filter_button=True))
        need.append(needed)
        if header in keep:
            floor.append(max(needed, want[c]))
        elif header in _TYPED:
            floor.append(max(needed, want[c] / 2))
        else:
            floor.append(max(needed, min(want[c], styles.width_unwrapped(texts))))
    budget = styles.width_budget(len(headers), "A3")
    widths = [max(w, n) for w, n in zip(want, need, strict=True)]
    return styles.fit_columns(widths, floor, budget) if sum(widths) > budget else widths


def _action_cells(action: Action, headers: Sequence[str]) -> list[Any]:
    """An action's cells under `headers`, as `cell_value` gives them (an added column's
    from the action's own, None where it has none)."""
    field_of = field_of_header
    return [cell_value(action, field_of[h]) if h in field_of else action.extra.get(h)
            for h in headers]


def _fill_objective(
    ws: Any,
    objective: Objective,
    actions: list[Action],
    look: Look,
    fmt: styles.Formats,
    noted: Mapping[str, list[tuple[str, CellNote, bool]]],
    statuses: StatusList,
    equality: Sequence[str] = (),
) -> None:
    """One objective: statement, colour key, actions table, dropdown, colours, connections."""
    extras: list[str] = []
    seen = {*HEADERS, *EQUALITY_HEADERS}
    for action in actions:
        for key in action.extra:
            if key not in seen:
                seen.add(key)
                extras.append(key)
    headers = _table_headers(extras, equality)
    col_of = {h: i for i, h in enumerate(headers)}
    extra_set = set(extras)
    # Added columns: as the officer set them out, else placed and sized by what they hold.
    added = objective.added_columns

    def width(header: str) -> float:
        if header in EQUALITY_HEADERS:
            return look.widths.get(header) or styles.EQUALITY_WIDTHS[header]
        if header not in extra_set:
            return look.widths.get(header) or styles.COLUMN_WIDTHS.get(header, 12)
        if header in added and added[header].width:
            return added[header].width
        if header == REVIEW_HEADER:
            return styles.REVIEW_WIDTH
        # Wide enough for sentences when they hold any.
        long = any(len(as_text(a.extra.get(header, ""))) > 60 for a in actions)
        return styles.WIDE_EXTRA_WIDTH if long else styles.DEFAULT_WIDTH

    hidden_columns = {h for h in extras if h in added and added[h].hidden}
    # Each action's cells, made once: the widths and the rows both read them.
    cells = [_action_cells(action, headers) for action in actions]
    widths = _objective_widths(headers, [width(h) for h in headers], cells,
                               keep={h for h in extras if h in added and added[h].width})

    write_cell(ws, 0, 0, objective.role, fmt("title"))
    ws.set_row(0, textfit.row_height(1, styles.TITLE_SIZE))
    # The objective's text runs on only over the columns its first page prints.
    printed = [0 if h in hidden_columns else w for h, w in zip(headers, widths, strict=True)]
    first_page = widths[:max(TEXT_COLUMN + 1, styles.first_page_columns(
        printed, repeated=printed[:1]))]
    statement = ("statement",)
    row = _text_rows(ws, 1, OBJECTIVE_LABEL, [objective.statement], fmt, statement,
                     first_page)
    commitment = (*_body_parts(look, "Actions"), {"border": 0})
    row = _text_rows(ws, row, COMMITMENTS_LABEL, objective.commitments or [""], fmt,
                     commitment, first_page)
    changed = any(highlight for cells in noted.values() for _, _, highlight in cells)
    row = _fill_key(ws, row, fmt, widths, statuses, changed=changed)

    head = row  # straight under the key: the sheet's frozen top, on screen, stays small
    for col, header in enumerate(headers):
        write_cell(ws, head, col, header, fmt(*_header_parts(look, header)))
        _set_width(ws, col, widths[col], header in hidden_columns)
    shown = {col_of[h]: set(c.filter_values) for h, c in added.items()
             if c.filter_values and h in col_of}
    ws.set_row(head, look.header_height or styles.row_height(headers, widths, bold=True,
                                                             filter_button=True))

    def body_of(header: str, *more: Any) -> Any:
        parts = _body_parts(look, header if header not in extra_set else "Comments")
        return fmt(*parts, "review" if header == REVIEW_HEADER else None, *more)

    body_formats = [body_of(h) for h in headers]
    marked: dict[tuple[str, str], Any] = {}  # (header, "changed" or "boxed") -> its format
    r = head
    for r, (action, raw) in enumerate(zip(actions, cells, strict=True), start=head + 1):
        values = list(to_cells(raw))
        formats = body_formats
        if extras and any(styles.number_format(values[col_of[h]]) for h in extras):
            formats = [body_of(h, styles.number_format(values[col_of[h]])) if h in extra_set
                       else body_formats[col_of[h]] for h in headers]
        tool = {name: (note, highlight) for name, note, highlight in noted.get(action.id, ())
                if name in HEADER_FOR_FIELD}
        for name, (_note, highlight) in tool.items():
            if highlight and HEADER_FOR_FIELD[name] in col_of:
                col = col_of[HEADER_FOR_FIELD[name]]
                formats = list(formats)
                # An emptied cell is boxed only: a fill on an empty cell would say it by
                # colour alone.
                mark = "changed" if values[col] not in (None, "") else "boxed"
                header = HEADER_FOR_FIELD[name]
                if (header, mark) not in marked:
                    marked[header, mark] = body_of(header, mark)
                formats[col] = marked[header, mark]
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
    # Hidden columns do not print; the ID heads every page of a row.
    _print_setup(ws, printed, repeated=printed[:1])

    first, spare_end = head + 1, last_row + SPARE_ROWS
    status, flag = col_of["Status"], col_of["Flag"]
    ws.data_validation(first, status, spare_end, status, {
        "validate": "list", "source": f"={STATUS_RANGE_NAME}", "ignore_blank": True,
        "show_input": False, "input_title": "Status", "input_message": "Choose from the list.",
        "show_error": True, "error_title": "Status",
        "error_message": "Choose a status from the list."})
    status_cell = f"${xl_col_to_name(status)}{first + 1}"
    for name, meaning in statuses.pairs():
        word = name.replace('"', '""')
        ws.conditional_format(first, status, spare_end, status, {
            "type": "formula", "criteria": f'={status_cell}="{word}"', "stop_if_true": True,
            "format": fmt(styles.status_format(meaning))})
    # A flag colours its own cell, which holds its word; the row is not tinted, so a
    # changed cell's highlight and the status colour always show.
    for name, fill in styles.FLAG_COLOURS.items():
        ws.conditional_format(first, flag, spare_end, flag, {
            "type": "cell", "criteria": "==", "value": f'"{name}"', "stop_if_true": True,
            "format": fmt({"bg_color": fill})})

    row = last_row + 2
    # The label on a row of its own, running on over the empty cells beside it.
    write_cell(ws, row, 0, CONNECTIONS_LABEL, fmt("sheet_label", "overflow"))
    row += 1
    connection = fmt("statement", "plain", "overflow")
    for text in objective.connections or [""]:
        write_cell(ws, row, 1, text, connection)
        row += 1
    # What the officer typed below the table that is not a connection, kept as it stood.
    for below in objective.below:
        for col, value in enumerate(below.cells):
            if value not in ("", None):
                write_cell(ws, row, col, value, connection)
        row += 1


def _text_rows(ws: Any, row: int, label: str, texts: Sequence[str], fmt: styles.Formats,
               parts: Sequence[Any], widths: Sequence[float]) -> int:
    """A labelled block of texts above the table, one line a row; the next free row.

    Each line runs on over the empty cells to its right, so nothing is merged. A
    bullet sub-item ("• ...") gets its own row in column B, any other further
    line its own row in column C: workbooks/plan_reader.py joins them back. A text that would
    not read back the same that way (blank lines, spaces at an end) or is too
    long for the width of the columns the sheet's first page prints (`widths`) is
    written whole, wrapped in column B: a line running past them is cut at the page's
    edge ("...guidance pro" / "ovided to staff").
    """
    write_cell(ws, row, 0, label, fmt("sheet_label"))
    room = text_room_px(sum(widths[TEXT_COLUMN:]))
    for text in texts:
        text = to_cell(text)
        lines = text.split("\n") if isinstance(text, str) and text else [text]
        as_lines = isinstance(text, str) and all(
            line and line == line.strip() and text_px(line, bold=True) <= room
            for line in lines)
        if not as_lines:
            write_cell(ws, row, TEXT_COLUMN, text, fmt(*parts))
            if isinstance(text, str) and text:
                ws.set_row(row, styles.row_height([text], [widths[TEXT_COLUMN]]))
            row += 1
            continue
        for i, line in enumerate(lines):
            col = TEXT_COLUMN if i == 0 or line.startswith(BULLET) else TEXT_COLUMN + 1
            write_cell(ws, row, col, line, fmt(*parts, "overflow"))
            row += 1
    return row


def _fill_key(ws: Any, row: int, fmt: styles.Formats, widths: Sequence[float],
              statuses: StatusList, *, changed: bool) -> int:
    """The colour key above the table, each colour named in its swatch: the statuses,
    then the changed cells (after a merge) and the flags, on one row where the columns
    hold them all, else the marks on a row of their own. Both start at column B, so the
    key prints on a sheet's first page; one row keeps the frozen top of the sheet, on
    screen, small. The next free row."""
    swatches = [(name, fmt("key", styles.status_format(meaning)))
                for name, meaning in statuses.pairs()]
    marks = [(CHANGED_KEY, fmt("key", "changed"))] if changed else []
    marks += [(FLAG_KEYS[0], fmt("key", {"bg_color": styles.FLAG_COLOURS["Overdue"]})),
              (FLAG_KEYS[1], fmt("key", {"bg_color": styles.FLAG_COLOURS["Due soon"]}))]
    write_cell(ws, row, 0, KEY_LABEL, fmt("sheet_label"))
    placed = _place_swatches([*swatches, *marks], widths)
    rows = [placed] if placed is not None else [_place_swatches(items, widths, fill=True)
                                                 for items in (swatches, marks)]
    for at in rows:
        texts = [""] * len(widths)
        for col, (text, cell_format) in at:
            write_cell(ws, row, col, text, cell_format)
            if col < len(texts):
                texts[col] = text
        ws.set_row(row, styles.row_height(texts, widths))
        row += 1
    return row


def _place_swatches(items: Sequence[tuple[str, Any]], widths: Sequence[float], *,
                    fill: bool = False) -> Any:
    """Each swatch in the next column wide enough to name it in two lines at most, from
    column B: [(column, item)], or None where they do not all fit (unless `fill`: then
    past the columns)."""
    placed = []
    col = 1
    for item in items:
        while col < len(widths) - 1 and line_count(item[0], widths[col]) > KEY_LINES:
            col += 1
        if col >= len(widths) and not fill:
            return None
        if not fill and line_count(item[0], widths[col]) > KEY_LINES:
            return None
        placed.append((col, item))
        col += 1
    return placed


def _fill_services(ws: Any, plan: Plan, look: Look, fmt: styles.Formats) -> None:
    n = len(SERVICE_HEADERS)
    heads = [fmt(look.services_header[c] if c < len(look.services_header) else "header")
             for c in range(n)]
    body = [fmt(look.services_body[c] if c < len(look.services_body) else "body")
            for c in range(n)]
    template_widths = look.services_widths or styles.SERVICES_WIDTHS
    widths = [template_widths[c] or styles.SERVICES_WIDTHS[c] for c in range(n)]
    for col, header in enumerate(SERVICE_HEADERS):
        write_cell(ws, 0, col, header, heads[col])
        _set_width(ws, col, widths[col])
    for row, service in enumerate(plan.services, start=1):
        values = to_cells((service.name, "; ".join(service.aliases), service.lead,
                           service.email, service.deputy_email))
        write_row(ws, row, values, body, styles.row_height(values, widths))
    if not plan.services:  # a styled empty row, ready to fill in
        write_row(ws, 1, [None] * n, body)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(1, len(plan.services)), n - 1)
    ws.repeat_rows(0)
    _print_setup(ws, widths)


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
        write_row(ws, r, values, formats, styles.row_height(values, widths, bold=r == 0))
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)
    _print_setup(ws, widths)


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
    # Each column as wide as its longest word (a long list judged by 500 of its rows),
    # its header's beside the filter's button.
    step = max(1, len(rows) // 500)
    sample = [to_cells(row) for row in rows[::step]]
    widths = [max(styles.TABLE_WIDTHS.get(h, styles.DEFAULT_WIDTH),
                  styles.width_needed([h], bold=True, filter_button=bool(rows)),
                  styles.width_needed([r[c] for r in sample if c < len(r)]))
              for c, h in enumerate(headers)]
    for col, header in enumerate(headers):
        write_cell(ws, 0, col, header, fmt("header"))
        _set_width(ws, col, widths[col])
    ws.set_row(0, styles.row_height(headers, widths, bold=True, filter_button=bool(rows)))
    usual = tuple("date" if h in _DATE_COLUMNS else "when" if h in _TIME_COLUMNS else None
                  for h in headers)
    plain = [fmt("body", kind) for kind in usual]
    for r, row in enumerate(rows, start=1):
        values = to_cells(row)  # each row a list of its own: stored as it is
        formats = plain
        if r - 1 in kept:
            formats = [fmt("body", styles.number_format(v)) for v in values]
        write_row(ws, r, values, formats, styles.row_height(values, widths))
    ws.freeze_panes(1, 0)
    if rows:  # a filter over no rows would be a table with a blank row in it
        ws.autofilter(0, 0, len(rows), len(headers) - 1)
    ws.repeat_rows(0)
    _print_setup(ws, widths)


def _fill_lists(wb: Any, statuses: StatusList) -> None:
    """The dropdown's source: a hidden sheet behind a defined name."""
    ws = wb.add_worksheet(LISTS_SHEET)
    for row, status in enumerate(statuses.words):
        write_cell(ws, row, 0, status)
    ws.hide()
    wb.define_name(STATUS_RANGE_NAME, f"='{LISTS_SHEET}'!$A$1:$A${len(statuses.words)}")


def _fill_meta(wb: Any, plan: Plan, sheet_names: dict[str, str]) -> None:
    ws = wb.add_worksheet(META_SHEET)
    rows: list[tuple[str, Any]] = [
        ("key", "value"),
        ("plan_id", plan.plan_id),
        ("revision", str(plan.revision)),
        ("schema_version", str(SCHEMA_VERSION)),
    ]
    rows += [(f"objective:{key}", name) for key, name in sheet_names.items()]
    if not plan.statuses.is_default:  # the council's own words, each with what it counts as
        rows += [(f"{STATUS_KEY}{word}", meaning) for word, meaning in plan.statuses.pairs()]
    for r, (key, value) in enumerate(rows):
        write_cell(ws, r, 0, key)
        write_cell(ws, r, 1, value)
    ws.hide()

