"""Plan -> the year-end progress update, as the council publishes it.

Maidstone's published update (seed 002) goes objective by objective: the role
("As a Community Leader"), "Objective: ...", its "We will" commitments, then
each action's title, its narrative update and one closing sentence saying
whether the action is closed, ongoing or developed in the new plan. The
officer pastes it into the committee report, so `write_report` makes a Word
document of it, or a workbook for those who edit in Excel.

`build_report` is pure and does all the deciding; the writers only lay out.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import styles
from .cells import split_for_cell, strip_illegal
from .errors import OutputError
from .files import atomic_output
from .model import DONE_STATUSES, STATUSES, Action, Plan, Status, normalise_status, service_parts

CLOSED = "This action is now closed."
DEVELOPED = "This action has now developed in the new plan."
ONGOING = "This action remains ongoing in the new plan."
NO_UPDATE = "No update was provided."
NO_STATUS = "No status"
COUNT_TITLE = "Actions by status"
COUNT_COLUMNS: tuple[str, ...] = (*STATUSES, NO_STATUS)
SHEET_HEADERS = ("Objective", "Action ID", "Action title", "Progress update", "Status",
                 "Closing sentence")
SUFFIXES = (".docx", ".xlsx")
_BULLET = re.compile(r"^\s*[•\-\u2013\u25cf\u25aa*]\s+")


@dataclass(frozen=True)
class Commitment:
    """One "We will ..." paragraph and the bullets under it."""

    text: str
    bullets: tuple[str, ...] = ()


@dataclass
class Milestone:
    """One deliverable of a milestone action (EM-04.1), shown under its parent."""

    action_id: str
    description: str
    paragraphs: list[str]
    status: str
    closing: str


@dataclass
class ReportItem:
    """One action as the update reports it; `closing` is '' when milestones differ."""

    action_id: str
    title: str
    paragraphs: list[str]
    status: str
    closing: str
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def progress_text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class ReportSection:
    key: str
    role: str
    sheet_name: str
    statement: str
    commitments: list[Commitment]
    items: list[ReportItem]


@dataclass
class Report:
    title: str
    organisation: str
    period: str
    sections: list[ReportSection]
    # Section key -> status (or NO_STATUS) -> tracked rows; each milestone counts
    # once, as in the summary workbook's status table.
    counts: dict[str, dict[str, int]]

    def count_rows(self) -> list[list[Any]]:
        """[objective, one count per COUNT_COLUMNS, total] per section, then a Total row."""
        rows = []
        for section in self.sections:
            tally = self.counts.get(section.key, {})
            values = [tally.get(c, 0) for c in COUNT_COLUMNS]
            rows.append([section.sheet_name, *values, sum(values)])
        totals = [sum(r[i] for r in rows) for i in range(1, len(COUNT_COLUMNS) + 2)]
        return [*rows, ["Total", *totals]]


def closing_sentence(status: str) -> str:
    """The published update's last word on an action, from its status."""
    normal = normalise_status(status)
    if normal in DONE_STATUSES:
        return CLOSED
    if normal == Status.CARRIED_FORWARD.value:
        return DEVELOPED
    return ONGOING


def progress_paragraphs(action: Action, service_names: list[str]) -> list[str]:
    """The update as paragraphs; a shared action's blocks each start "Housing: ..."."""
    names = list(dict.fromkeys([*action.services, *service_names]))
    paragraphs: list[str] = []
    for service, text in service_parts(action.progress, names).items():
        for i, para in enumerate(p.strip() for p in re.split(r"\n\s*\n", text)):
            if para:
                paragraphs.append(f"{service}: {para}" if service and i == 0 else para)
    return paragraphs or [NO_UPDATE]


def build_report(plan: Plan) -> Report:
    """The year-end update of `plan`: sections per objective, items, status counts."""
    services = [s.name for s in plan.services]
    objectives = list(plan.objectives)
    known = {o.key for o in objectives}
    sections = []
    for objective in objectives:
        sections.append(ReportSection(
            key=objective.key, role=objective.role, sheet_name=objective.sheet_name,
            statement=objective.statement,
            commitments=[_commitment(c) for c in objective.commitments if c.strip()],
            items=_items(plan.actions_for(objective.key), services)))
    # Rows whose objective the plan does not list are still reported, not lost.
    for key in dict.fromkeys(a.objective for a in plan.actions if a.objective not in known):
        sections.append(ReportSection(key, key, key, "", [],
                                      _items(plan.actions_for(key), services)))
    counts = {s.key: dict(Counter(normalise_status(a.status) or NO_STATUS
                                  for a in plan.actions_for(s.key))) for s in sections}
    return Report(plan.title, plan.organisation, plan.period, sections, counts)


def _commitment(text: str) -> Commitment:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    body = [line for line in lines if not _BULLET.match(line)]
    bullets = tuple(_BULLET.sub("", line) for line in lines if _BULLET.match(line))
    return Commitment(" ".join(body), bullets)


def _items(actions: list[Action], services: list[str]) -> list[ReportItem]:
    """One item per action; milestones join their parent's item, at the first one's place."""
    items: dict[str, ReportItem] = {}
    for action in actions:
        item = items.get(action.parent_id)
        if not action.is_milestone:
            own = ReportItem(action.id, action.title, progress_paragraphs(action, services),
                             action.status, closing_sentence(action.status))
            if item:  # the parent row came after its milestones
                own.milestones = item.milestones
            items[action.id] = own
            continue
        if item is None:
            item = items[action.parent_id] = ReportItem(action.parent_id, action.title, [],
                                                        "", "")
        description = action.description.strip().split("\n")[0].strip()
        item.milestones.append(Milestone(action.id, description,
                                         progress_paragraphs(action, services),
                                         action.status, closing_sentence(action.status)))
    for item in items.values():
        statuses = {normalise_status(m.status) or m.status for m in item.milestones}
        if item.milestones and not item.paragraphs and len(statuses) == 1:
            item.status = item.milestones[0].status
            item.closing = item.milestones[0].closing
        elif item.milestones and not item.paragraphs:
            closings = {m.closing for m in item.milestones}
            item.closing = closings.pop() if len(closings) == 1 else ""
    return list(items.values())


# --- writing -------------------------------------------------------------------

def write_report(plan: Plan, path: Path) -> Path:
    """Write the progress update of `plan` to a .docx or .xlsx `path`, atomically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise OutputError(f"{path.name}: choose a .docx or .xlsx file name")
    report = build_report(plan)
    try:
        with atomic_output(path) as tmp:
            if suffix == ".docx":
                _write_docx(report, tmp)
            else:
                _write_xlsx(report, tmp)
    except OSError as exc:
        raise OutputError(f"{path}: the report cannot be written ({exc}) — check the folder "
                          "exists and the file is not open in Word or Excel") from None
    return path


def _text(value: Any) -> str:
    return strip_illegal(str(value))[0]


def _item_blocks(item: ReportItem) -> list[tuple[str, str, str]]:
    """(kind, label, text) in reading order: paragraphs, milestones, closings."""
    blocks = [("para", "", p) for p in item.paragraphs]
    for m in item.milestones:
        blocks.append(("milestone", m.description or m.action_id, ""))
        blocks += [("sub", "", p) for p in m.paragraphs]
        if m.closing != item.closing:
            blocks.append(("closing", "", m.closing))
    if item.closing:
        blocks.append(("closing", "", item.closing))
    return blocks


def _write_docx(report: Report, path: Path) -> None:
    import docx
    from docx.shared import Pt, RGBColor

    doc = docx.Document()
    doc.core_properties.title = _text(f"{report.title}: progress update")
    doc.add_heading(_text(f"{report.title}: progress update"), level=0)
    about = ", ".join(x for x in (report.organisation, report.period) if x)
    if about:
        doc.add_paragraph(_text(about), style="Subtitle")
    for section in report.sections:
        doc.add_heading(_text(section.role), level=1)
        if section.statement:
            doc.add_paragraph(_text(f"Objective: {section.statement}"))
        for commitment in section.commitments:
            doc.add_paragraph(_text(commitment.text))
            for bullet in commitment.bullets:
                doc.add_paragraph(_text(bullet), style="List Bullet")
        for item in section.items:
            doc.add_heading(_text(item.title or item.action_id), level=2)
            for kind, label, text in _item_blocks(item):
                if kind == "milestone":
                    doc.add_paragraph(style="List Bullet").add_run(_text(label)).bold = True
                elif kind == "closing":
                    doc.add_paragraph().add_run(text).italic = True
                else:
                    style = "List Continue" if kind == "sub" else None
                    doc.add_paragraph(_text(text), style=style)

    doc.add_heading(COUNT_TITLE, level=1)
    header = ["Objective", *COUNT_COLUMNS, "Total"]
    rows = report.count_rows()
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for col, name in enumerate(header):
        cell = table.cell(0, col)
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(styles.HEADER_FONT)
        _shade(cell, styles.HEADER_FILL)
    _repeat_header(table.rows[0])
    for r, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            run = table.cell(r, col).paragraphs[0].add_run(_text(value))
            run.bold = values[0] == "Total" and r == len(rows)
    for row in table.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(9)
    doc.save(str(path))


def _shade(cell: Any, fill: str) -> None:
    """Cell background: python-docx has no API for it, so set w:shd directly."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _repeat_header(row: Any) -> None:
    """Repeat the header row on every printed page the table spans."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(mark)


def sheet_rows(report: Report) -> list[list[str]]:
    """The "Progress update" sheet: one row per action, or per milestone."""
    rows = []
    for section in report.sections:
        for item in section.items:
            if item.paragraphs or not item.milestones:
                rows.append([section.sheet_name, item.action_id, item.title,
                             item.progress_text, item.status, item.closing])
            for m in item.milestones:
                update = "\n\n".join([m.description, *m.paragraphs] if m.description
                                     else m.paragraphs)
                rows.append([section.sheet_name, m.action_id, item.title, update, m.status,
                             m.closing])
    return rows


def _write_xlsx(report: Report, path: Path) -> None:
    import xlsxwriter

    from .schema import CONTINUED

    options = {"strings_to_formulas": False, "strings_to_numbers": False,
               "strings_to_urls": False}
    with xlsxwriter.Workbook(str(path), options) as wb:
        text = wb.add_format({"text_wrap": True, "valign": "top"})
        head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1,
                              "font_color": "#" + styles.HEADER_FONT,
                              "bg_color": "#" + styles.HEADER_FILL})
        num = wb.add_format({"align": "center", "valign": "top"})
        total = wb.add_format({"align": "center", "bold": True, "top": 1})
        total_label = wb.add_format({"bold": True, "top": 1})

        ws = wb.add_worksheet("Progress update")
        widths = [styles.REPORT_COLUMN_WIDTHS[h] for h in SHEET_HEADERS]
        _sheet_setup(ws, SHEET_HEADERS, widths, head)
        row = 1
        for values in sheet_rows(report):
            # A cell holds 32,767 characters: longer updates go on "(continued)" rows.
            for i, piece in enumerate(split_for_cell(_text(values[3]))):
                line = [*values[:3], piece, *values[4:]]
                if i:
                    line[2] = f"{line[2]} {CONTINUED}"
                for col, value in enumerate(line):
                    ws.write_string(row, col, _text(value), text)
                ws.set_row(row, styles.row_height(line, widths))
                row += 1
        ws.autofilter(0, 0, max(row - 1, 1), len(SHEET_HEADERS) - 1)

        ws = wb.add_worksheet("Counts")
        header = ["Objective", *COUNT_COLUMNS, "Total"]
        widths = [styles.REPORT_COUNT_LABEL_WIDTH] + [styles.REPORT_COUNT_WIDTH] * (
            len(header) - 1)
        _sheet_setup(ws, header, widths, head)
        ws.set_row(0, 30)  # "Carried forward" and "Not started" on two lines
        rows = report.count_rows()
        for r, values in enumerate(rows, start=1):
            last = r == len(rows)
            ws.write_string(r, 0, _text(values[0]), total_label if last else text)
            for col, value in enumerate(values[1:], start=1):
                ws.write_number(r, col, value, total if last else num)
        ws.autofilter(0, 0, len(rows) - 1, len(header) - 1)


def _sheet_setup(ws: Any, headers: Any, widths: list[float], head: Any) -> None:
    """Header row, frozen and repeated on printed pages; widths; landscape A4 fit to width."""
    for col, name in enumerate(headers):
        ws.write_string(0, col, name, head)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
