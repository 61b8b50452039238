"""The progress update as a Word document committee can table.

A4, English (UK), the council style (report/style.py) or the styles of the
officer's own template, a cover block, an introduction and a status summary
with a chart up front, then each objective and each action. The document is
written with wordml.py (standard library only, so the package also runs in
the browser): header rows repeat on each page, no table row splits, tables
carry titles, the footer numbers the pages, and the chart has alt text.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from ..core import messages
from ..core.errors import ReportError
from ..core.report import (
    KIND_NONE,
    Paragraph,
    Report,
    ReportItem,
    ReportRow,
    ReportSection,
    closings_by_id,
    format_value,
    introduction,
    summary_sentences,
)
from ..xlsx import styles, textfit
from ..xlsx.opc import parse, qn
from ..xlsx.wordread import Styles, paragraph_text
from . import wordml
from .style import (
    A4,
    CLOSING,
    FOOTER,
    LANGUAGE,
    TABLE_TEXT,
    TEXT_WIDTH,
    numbering_xml,
    section_xml,
    settings_xml,
    styles_xml,
)

TWIPS_PER_CM = 566.93
NEEDED_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet",
                 "Footer", "Table Grid", TABLE_TEXT, CLOSING, FOOTER)
SUMMARY_HEADING = "Summary of progress"
BY_STATUS = "Actions by status"
NO_UPDATE_HEADING = "Actions with no update"
A4_CM = (21.0, 29.7)
# Column widths in cm; each table's widths add up to TEXT_WIDTH.
ACTION_WIDTHS = (3.4, 7.4, 6.2)  # Status | Lead service(s) | Timescale
REACH_WIDTHS = (4.8, 1.8, 5.6, 4.8)  # Characteristic | Actions | Where they stand | IDs
DELIVERABLE_WIDTHS = (2.1, 5.3, 3.8, 3.3, 2.5)  # ID | Deliverable | Lead | Timescale | Status
GROUP_WIDTHS = (2.1, 5.3, 3.8, 3.3, 2.5)  # ID | Action | Lead | Timescale | Status
LABEL_COLUMN = 4.0  # the first column when objectives are the rows
MIN_COUNT_COLUMN = 1.6  # a column of counts
CELL_PADDING = 0.5  # cm of a cell's width its margins take (0.19 each side, and slack)
_FONT = textfit.font_named(styles.REPORT_FONT)  # the tables' text: Arial
KEEP_TOGETHER_ROWS = 10
BULLET_INDENT = 0.63  # cm: a bullet typed as text where the template has no List Bullet


@dataclass
class Base:
    """The document the report is written into, and whether it is the officer's template."""

    doc: wordml.Document
    template: bool = False
    native_bullets: bool = True


def load_template(template: Path | None) -> Base:
    """The council style, or `template` emptied of its text with its styles kept.

    A style the report needs and the template lacks is copied from the
    council style, so a template made in Word (which stores only the styles
    it uses) still works.
    """
    if template is None:
        return Base(wordml.Document.new(styles_xml(), numbering_xml(), settings_xml(),
                                        section_xml()))
    template = Path(template)
    if template.suffix.lower() != ".docx":
        raise ReportError(messages.report_template_not_docx(template.name))
    try:
        doc = wordml.Document.open(template)
    except Exception as exc:  # not a zip, not Word, damaged XML, entities declared
        raise ReportError(messages.unreadable_report_template(
            template.name, exc.__class__.__name__)) from None
    doc.empty()
    native = doc.style_id("List Bullet") is not None
    _copy_missing_styles(doc)
    return Base(doc, template=True, native_bullets=native)


def _copy_missing_styles(doc: wordml.Document) -> None:
    """The council's definition of each style the report needs and `doc` lacks, with
    the styles it is based on; the template's fonts, not Arial."""
    source = parse(styles_xml()).root
    have = {s.get(qn("w:styleId")) for s in doc.styles.iter(qn("w:style"))}
    by_id = {s.get(qn("w:styleId")): s for s in source.iter(qn("w:style"))}
    by_name = {s.find(qn("w:name")).get(qn("w:val")).casefold(): s.get(qn("w:styleId"))
               for s in by_id.values()}

    def copy_style(style_id: str | None) -> None:
        if not style_id or style_id in have or style_id not in by_id:
            return
        element = copy.deepcopy(by_id[style_id])
        for rpr in element.findall(qn("w:rPr")):
            for fonts in rpr.findall(qn("w:rFonts")):
                rpr.remove(fonts)
        if style_id == "ListBullet":  # its numbering is the council style's, not theirs
            for ppr in element.findall(qn("w:pPr")):
                for num in ppr.findall(qn("w:numPr")):
                    ppr.remove(num)
        doc.styles.append(element)
        have.add(style_id)
        for ref in ("w:basedOn", "w:link", "w:next"):
            found = element.find(qn(ref))
            if found is not None:
                copy_style(found.get(qn("w:val")))

    for name in NEEDED_STYLES:
        if doc.style_id(name) is None:
            copy_style(by_name.get(name.casefold()))


# --- the document as a whole --------------------------------------------------------

def write_docx(report: Report, path: Path, base: Base) -> None:
    """Lay out `report` in `base` and save it to `path`."""
    doc = base.doc
    for section in doc.sections:
        _a4(section)
    doc.set_language(LANGUAGE)
    _properties(doc, report)
    writer = _Writer(base, report)
    writer.cover()
    writer.introduction()
    writer.summary()
    writer.reach()
    for section in report.sections:
        writer.objective(section)
    for i, section in enumerate(doc.sections):
        if i == 0 or doc.footer(section) is not None:  # later ones show the first's
            _footer(section, report, doc)
    doc.save(path)


def _a4(section: Element, landscape: bool = False) -> None:
    """A4 whatever the template was; a landscape section turns the page, margins kept."""
    width, height = A4
    if landscape:
        width, height = height, width
    wordml.set_page(section, width, height, landscape)


def _properties(doc: wordml.Document, report: Report) -> None:
    """The title a screen reader announces and a file list shows; nothing of a template's."""
    now = wordml.w3cdtf(datetime.now(UTC))
    doc.core = {
        "title": _clean(report.document_title),
        "subject": _clean(f"Position as at {format_value(report.as_of)}"),
        "author": _clean(report.organisation),
        "last_modified_by": _clean(report.organisation),
        "language": LANGUAGE,
        "keywords": "equality, diversity, inclusion, progress update",
        "comments": "",
        "category": "Committee report",
        "revision": "1",
        "created": now,
        "modified": now,
    }


def _footer(section: Element, report: Report, doc: wordml.Document) -> None:
    """'<title>, position as at <date> – Page X of Y', unless the template numbers pages."""
    footer = doc.footer(section)
    if footer is None:
        footer = doc.add_footer(section)
    names = Styles(doc.styles)
    for old in footer.findall(qn("w:p")):  # a previous report as the template: renew its line
        style = old.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and names.name(style.get(qn("w:val"))) == FOOTER:
            footer.remove(old)
    if wordml.numbers_pages(footer):
        return
    # One left-aligned line: a tab to the right margin would stop short of it on a
    # landscape page in LibreOffice, which places it for the first section's width.
    style = doc.style_id(FOOTER)
    line = wordml.element(wordml.Paragraph([
        wordml.Run(_clean(f"{report.document_title}, position as at "
                          f"{format_value(report.as_of)} – Page ")),
        wordml.Run("1", field="PAGE"), wordml.Run(" of "), wordml.Run("1", field="NUMPAGES")],
        style=style))
    first = footer.find(qn("w:p"))
    if first is not None and not paragraph_text(first):  # Word's empty footer paragraph
        if style:
            wordml.set_style(first, style)
        first.extend(item for item in line if item.tag != qn("w:pPr"))
    else:
        footer.append(line)


def _clean(value: Any) -> str:
    from ..core.cells import strip_illegal

    return strip_illegal(str(value))[0]


# --- the content ---------------------------------------------------------------------

@dataclass(frozen=True)
class _StatusCell:
    word: str
    rank: str


Cell = str | _StatusCell


class _Writer:
    """Adds the report's parts in reading order to one document."""

    def __init__(self, base: Base, report: Report) -> None:
        self.doc = base.doc
        self.base = base
        self.report = report
        self.tables = 0
        self.after_table = False
        self.last: wordml.Paragraph | None = None
        self.style_ids = {name: found for name in NEEDED_STYLES
                          if (found := self.doc.style_id(name)) is not None}
        self.grid = self.style_ids.get("Table Grid")
        margins = wordml.side_margins_cm(self.doc.sections[0], styles.REPORT_MARGIN_CM)
        self.text_width = A4_CM[0] - margins
        self.landscape_width = A4_CM[1] - margins

    def _paragraph(self, style: str | None = None) -> wordml.Paragraph:
        paragraph = wordml.Paragraph(style=self.style_ids[style] if style else None)
        self.doc.add(paragraph)
        return paragraph

    # paragraphs

    def para(self, text: str = "", style: str | None = None,
             label: str = "") -> wordml.Paragraph:
        paragraph = self._paragraph(style)
        if label:
            paragraph.add(_clean(f"{label}: "), bold=True)
        if text:
            paragraph.add(_clean(text))
        if self.after_table:
            paragraph.space_before_pt = 10
            self.after_table = False
        self.last = paragraph
        return paragraph

    def keep_last_with_next(self) -> None:
        """No closing sentence or table alone at the top of a page."""
        if self.last is not None:
            self.last.keep_with_next = True

    def heading(self, text: str, level: int) -> wordml.Paragraph:
        self.after_table = False
        self.last = None
        paragraph = self._paragraph(f"Heading {level}")
        paragraph.add(_clean(text))
        return paragraph

    def bullet(self, text: str) -> None:
        if self.base.native_bullets:
            self.para(text, "List Bullet")
            return
        paragraph = self.para(f"• {text}")
        paragraph.indent_cm, paragraph.first_line_cm = BULLET_INDENT, -BULLET_INDENT

    def paragraphs(self, paragraphs: Sequence[Paragraph], prefix: str = "") -> None:
        """An update: each service's first paragraph led by its name in bold.

        `prefix` (a deliverable's ID, an included column's name) leads the first
        paragraph and every service's, so no block reads as another's.
        """
        for i, p in enumerate(paragraphs):
            label = ", ".join(x for x in ((prefix if i == 0 or p.label else ""), p.label) if x)
            self.para(p.text, label=label)

    # tables

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[Cell]],
              widths: Sequence[float], caption: str, keep_with_following: bool = True,
              in_cm: bool = False) -> wordml.Table:
        """A data table: header row repeated on each page, rows kept whole, fixed widths.

        `widths` are for the council style's 17 cm of text; a template's other
        margins scale them to its own text width (unless `in_cm`: widths as given),
        and no column is left too narrow for its longest word (see fit_widths).
        """
        size: float | None = None  # the table style's own
        if not in_cm:
            room = self.text_width
            ems = [max(_em(str(h), bold=True), *(_cell_em(r[i]) for r in rows))
                   for i, h in enumerate(headers)]
            size = min(styles.REPORT_TABLE_PT, max(
                styles.REPORT_MIN_TABLE_PT,
                int((room - len(ems) * CELL_PADDING) * 28.35 / sum(ems) * 2) / 2))
            need = [em * size / 28.35 + CELL_PADDING for em in ems]
            widths = fit_widths([w * room / TEXT_WIDTH for w in widths], need)
            if size == styles.REPORT_TABLE_PT:
                size = None
        table = wordml.Table(widths, _clean(caption), style=self.grid,
                             width_twips=int(sum(widths) * TWIPS_PER_CM))
        for r, values in enumerate([list(headers), *rows]):
            row = []
            for col, value in enumerate(values):
                cell = wordml.Cell(widths[col])
                if r == 0:
                    run = self._cell_text(cell, str(value), size)[0]
                    run.bold, run.colour = True, styles.HEADER_FONT
                    cell.fill = styles.HEADER_FILL
                elif isinstance(value, _StatusCell):
                    self._status_cell(cell, value, size)
                else:
                    self._cell_text(cell, str(value), size)
                row.append(cell)
            table.rows.append(row)
        # A short table stays on one page with what follows it; a long one keeps
        # at least its header row with its first row.
        keep = table.rows if len(rows) <= KEEP_TOGETHER_ROWS else table.rows[:1]
        if not keep_with_following and len(keep) > 1:
            keep = keep[:-1]
        for row in keep:
            for cell in row:
                for paragraph in cell.paragraphs:
                    paragraph.keep_with_next = True
        self.doc.add(table)
        self.tables += 1
        self.after_table = True
        return table

    def _cell_text(self, cell: wordml.Cell, text: str,
                   size: float | None = None) -> list[wordml.Run]:
        runs = []
        for line in text.split("\n"):
            paragraph = wordml.Paragraph(style=self.style_ids[TABLE_TEXT])
            runs.append(paragraph.add(_clean(line), size_pt=size or None))
            cell.paragraphs.append(paragraph)
        return runs

    def _status_cell(self, cell: wordml.Cell, status: _StatusCell,
                     size: float | None = None) -> None:
        """The status word, always; its RAG colour as well where it has one."""
        run = self._cell_text(cell, status.word, size)[0]
        run.bold = True
        colours = styles.STATUS_COLOURS.get(status.rank)
        if colours:
            cell.fill, run.colour = colours

    # the parts

    def cover(self) -> None:
        r = self.report
        self.para(r.document_title, "Title")
        if r.organisation:
            self.para(r.organisation, "Subtitle")
        if r.period and r.period not in r.title:
            self.para(f"Plan period {r.period}", "Subtitle")
        self.para(f"Position as at {format_value(r.as_of)}", "Subtitle")

    def introduction(self) -> None:
        self.heading("Introduction", 1)
        for sentence in introduction(self.report):
            self.para(sentence)

    def summary(self) -> None:
        r = self.report
        self.heading(SUMMARY_HEADING, 1)
        for sentence in summary_sentences(r):
            self.para(sentence)
        layout = status_layout(r, self.text_width, self.landscape_width)
        if layout.landscape:  # many objectives: table and chart get a landscape page
            self._new_section(landscape=True)
        self.heading(BY_STATUS, 2)
        self._status_table(layout)
        self._chart(self.landscape_width if layout.landscape else self.text_width)
        if layout.landscape:
            self._new_section(landscape=False)

    def _status_table(self, layout: StatusLayout) -> None:
        """Counts by status and objective, each status word in its colour, a Total row."""
        r = self.report
        table_rows = r.status_table()
        names = [s.sheet_name for s in r.sections]
        rows: list[list[Cell]] = []
        if not layout.transposed:  # statuses down the side
            headers = ["Status", *names, "Total"]
            for values in table_rows:
                word = values[0]
                first: Cell = word if word == "Total" else _StatusCell(word, r.rank_of(word))
                rows.append([first, *(str(v) for v in values[1:])])
        else:  # many objectives: objectives down the side, statuses across
            words = [row[0] for row in table_rows[:-1]]
            headers = ["Objective", *words, "Total"]
            for i, name in enumerate([*names, "Total"]):
                rows.append([name, *(str(row[i + 1]) for row in table_rows)])
        table = self.table(headers, rows, layout.widths, "Actions by status and objective",
                           keep_with_following=False, in_cm=True)
        if layout.transposed:  # the status words in the header row take their colours
            for cell, word in zip(table.rows[0][1:-1], headers[1:-1], strict=True):
                colours = styles.STATUS_COLOURS.get(r.rank_of(word))
                if colours:
                    cell.fill, cell.paragraphs[0].runs[0].colour = colours
        for cell in table.rows[-1]:  # the Total row
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.bold = True

    def reach(self) -> None:
        """Who the plan reaches (a plan with the equality columns): what the tables show,
        then the actions by characteristic, by aim and by EFLG module."""
        r = self.report
        if not r.reach:
            return
        # A page of its own, for committee to turn to.
        self.heading(messages.REACH_HEADING, 1).page_break_before = True
        for sentence in r.reach_said:
            self.para(sentence)
        for table in r.reach:
            self.heading(table.title, 2)
            rows = [[str(v) for v in row] for row in table.rows()]
            self.table(table.headers, rows, REACH_WIDTHS, table.caption)

    def _new_section(self, landscape: bool) -> None:
        _a4(self.doc.add_section(), landscape)
        self.after_table = False

    def _chart(self, width: float) -> None:
        from .chart import Bar, add_bar_chart

        r = self.report
        bars = []
        for word, count in r.status_totals():
            fill, line = styles.STATUS_COLOURS.get(
                r.rank_of(word), ("FFFFFF", styles.REPORT_CHART_LINE))
            bars.append(Bar(word, count, fill, line))
        if not bars:
            return
        figures = "; ".join(f"{word} {count}" for word, count in r.status_totals())
        total = sum(c for _, c in r.status_totals())
        alt = (f"Bar chart of actions by status, as at {format_value(r.as_of)}: {figures};"
               f" {total} in all. The table above gives the same figures by objective.")
        drawing = add_bar_chart(self.doc, bars, title=_clean(BY_STATUS), alt_text=_clean(alt),
                                series="Actions", width_cm=min(width - 1.0, 16.0),
                                height_cm=1.6 + 0.9 * len(bars),
                                font=styles.REPORT_FONT, font_pt=styles.REPORT_TABLE_PT,
                                text_colour=styles.REPORT_TEXT_COLOUR)
        self.para().runs.append(wordml.Run(drawing=drawing))

    def objective(self, section: ReportSection) -> None:
        self.heading(section.role, 1)
        if section.statement:
            paragraph = self.para("Objective: ")
            paragraph.add(_clean(section.statement), bold=True)
        for commitment in section.commitments:
            self.para(commitment.text)
            for bullet in commitment.bullets:
                self.bullet(bullet)
        reported = [item for item in section.items if item.has_update]
        quiet = [item for item in section.items if not item.has_update]
        if not section.items:
            self.para("There are no actions under this objective.")
        for item in reported:
            self.action(item)
        if quiet:
            self.no_update(quiet)

    def action(self, item: ReportItem) -> None:
        title = item.title or item.rows[0].description or ""
        self.heading(f"{item.action_id} {title}".strip(), 2)
        if item.grouped:
            self.table(["ID", "Deliverable", "Lead service(s)", "Timescale", "Status"],
                       [[row.action_id, row.description or title, "\n".join(row.services)
                         or "None", row.timescale_text, _StatusCell(row.status, row.rank)]
                        for row in item.rows],
                       DELIVERABLE_WIDTHS, f"{item.action_id}: deliverables")
            for row in item.rows:
                self.paragraphs(row.paragraphs, prefix=row.action_id)
            silent = [row.action_id for row in item.rows if not row.paragraphs]
            if silent:
                self.para(messages.no_update_for(silent))
        else:
            row = item.rows[0]
            self.table(["Status", "Lead service(s)", "Timescale"],
                       [[_StatusCell(row.status, row.rank), "\n".join(row.services) or "None",
                         row.timescale_text]],
                       ACTION_WIDTHS, f"{item.action_id}: status, lead and timescale")
            self.paragraphs(row.paragraphs)
        self.included(item.rows, with_ids=item.grouped)
        self.closings(item.rows)

    def included(self, rows: Sequence[ReportRow], with_ids: bool) -> None:
        """The columns chosen with --include, each led by its name (and the row's ID)."""
        for row in rows:
            for header, paragraphs in row.included:
                prefix = f"{row.action_id} {header}" if with_ids else header
                self.paragraphs(paragraphs, prefix=prefix)

    def no_update(self, items: Sequence[ReportItem]) -> None:
        """Actions with nothing to report, in one table, so the same words are not repeated."""
        r = self.report
        self.heading(NO_UPDATE_HEADING, 2)
        rows: list[ReportRow] = [row for item in items for row in item.rows]
        self.para(messages.no_update_listed(len(rows), format_value(r.as_of)))
        self.keep_last_with_next()
        table_rows: list[list[Cell]] = []
        for item in items:
            statuses = list(dict.fromkeys((row.status, row.rank) for row in item.rows))
            services = list(dict.fromkeys(s for row in item.rows for s in row.services))
            timescales = list(dict.fromkeys(row.timescale_text for row in item.rows))
            title = item.title or item.rows[0].description
            table_rows.append([
                "\n".join(row.action_id for row in item.rows), title or item.action_id,
                "\n".join(services) or "None", "\n".join(timescales),
                _StatusCell(*statuses[0]) if len(statuses) == 1
                else "\n".join(word for word, _ in statuses)])
        self.table(["ID", "Action", "Lead service(s)", "Timescale", "Status"], table_rows,
                   GROUP_WIDTHS, "Actions with no update")
        self.included(rows, with_ids=True)
        self.closings(rows, group=True)

    def closings(self, rows: Sequence[ReportRow], group: bool = False) -> None:
        """What happens next, as each row's status says: one sentence when they all end
        alike, else one per kind naming the IDs. A row with no status gets none: no one
        said what happens to it, so the update does not say either."""
        r = self.report
        kinds = {row.kind for row in rows}
        if not kinds - {KIND_NONE}:
            return
        self.keep_last_with_next()
        if len(kinds) == 1:
            one = len(rows) == 1 or not group
            subject = "This action" if one else "These actions"
            self.para(r.closing(rows[0].kind, subject, plural=not one), CLOSING)
        else:
            for sentence in closings_by_id(rows, r.next_plan):
                self.para(sentence, CLOSING)


@dataclass(frozen=True)
class StatusLayout:
    """How the status table fits: which way round, on which page, its widths in cm."""

    transposed: bool
    landscape: bool
    widths: list[float]


def fit_widths(widths: Sequence[float], need: Sequence[float]) -> list[float]:
    """`widths` (same total) with every column at least its `need`, taken from the
    columns with room to spare in proportion to that room. Where the needs add up to
    more than the total, the needs: a wider table beats a word broken in two."""
    total = sum(widths)
    if sum(need) >= total:
        return list(need)
    fitted = list(widths)
    while True:
        short = [i for i, w in enumerate(fitted) if w < need[i] - 1e-9]
        if not short:
            return fitted
        deficit = sum(need[i] - fitted[i] for i in short)
        for i in short:
            fitted[i] = need[i]
        spare = {i: fitted[i] - need[i] for i in range(len(fitted)) if i not in short}
        room = sum(spare.values())
        for i, slack in spare.items():
            fitted[i] -= deficit * slack / room


def _cell_em(value: Cell) -> float:
    if isinstance(value, _StatusCell):
        return _em(value.word, bold=True)
    return _em(str(value), bold=False)


def word_width(text: str, pt: float = styles.REPORT_TABLE_PT, bold: bool = True) -> float:
    """Cm a cell needs so its longest word stays whole, with the cell's margins."""
    return _em(text, bold) * pt / 28.35 + CELL_PADDING


def _em(text: str, bold: bool) -> float:
    """The widest word's width in em, in the report's font, as textfit measures it."""
    return textfit.widest_word(text, 1.0, bold, _FONT)[0] * 72 / textfit.DPI


def status_layout(report: Report, portrait: float, landscape: float) -> StatusLayout:
    """Statuses as rows while the objectives' names fit across A4 portrait, then
    landscape; with more objectives still, objectives as rows and statuses across."""
    names = [s.sheet_name for s in report.sections]
    words = [row[0] for row in report.status_table()[:-1]]
    down = [max(word_width("Status"), *(word_width(w) for w in words)),
            *(max(word_width(n), MIN_COUNT_COLUMN) for n in names), word_width("Total")]
    across = [max(word_width("Objective"), *(word_width(n, bold=False) for n in names),
                  LABEL_COLUMN),
              *(max(word_width(w), MIN_COUNT_COLUMN) for w in words), word_width("Total")]
    for transposed, is_landscape, need in ((False, False, down), (True, False, across),
                                           (False, True, down), (True, True, across)):
        room = landscape if is_landscape else portrait
        if sum(need) <= room or (transposed and is_landscape):
            extra = max(0.0, room - sum(need)) / len(need)
            return StatusLayout(transposed, is_landscape, [w + extra for w in need])
    raise AssertionError("unreachable")  # the last layout is always taken
