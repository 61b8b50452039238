"""The progress update as a Word document committee can table.

A4, English (UK), the council style below or the styles of the officer's own
template, a cover block, an introduction and a status summary with a chart up
front, then each objective and each action. python-docx writes paragraphs and
tables; what it has no API for (cell shading, repeating header rows, table
titles, footer fields, the language, the chart) is set in the XML here.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..core import messages
from ..core.errors import ReportError
from ..core.report import (
    Paragraph,
    Report,
    ReportItem,
    ReportRow,
    ReportSection,
    closings_by_id,
    format_value,
    introduction,
    join_words,
    summary_sentences,
)
from ..xlsx import styles

LANGUAGE = "en-GB"
A4 = (11906, 16838)  # twentieths of a point, portrait
TWIPS_PER_CM = 566.93
# Styles the report uses beyond Word's built-in ones; a template may restyle them.
TABLE_TEXT = "Table text"
CLOSING = "Closing sentence"
FOOTER = "Report footer"  # marks the footer line this module writes, to renew it
NEEDED_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet",
                 "Footer", "Table Grid", TABLE_TEXT, CLOSING, FOOTER)
SUMMARY_HEADING = "Summary of progress"
BY_STATUS = "Actions by status"
NO_UPDATE_HEADING = "Actions with no update"
A4_CM = (21.0, 29.7)
EMU_PER_CM = 360_000
TEXT_WIDTH = 17.0  # cm across A4 portrait inside the council style's 2 cm margins
# Column widths in cm; each table's widths add up to TEXT_WIDTH.
ACTION_WIDTHS = (3.4, 7.4, 6.2)  # Status | Lead service(s) | Timescale
DELIVERABLE_WIDTHS = (2.1, 5.3, 3.8, 3.3, 2.5)  # ID | Deliverable | Lead | Timescale | Status
GROUP_WIDTHS = (2.1, 5.3, 3.8, 3.3, 2.5)  # ID | Action | Lead | Timescale | Status
LABEL_COLUMN = 4.0  # the first column when objectives are the rows
MIN_COUNT_COLUMN = 1.6  # a column of counts
CELL_PADDING = 0.5  # cm of a cell's width its margins take (0.19 each side, and slack)
KEEP_TOGETHER_ROWS = 10
# What follows w:themeFontLang in w:settings (ECMA-376 CT_Settings), then Word's own.
SETTINGS_AFTER_FONT_LANG = (
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "w:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
    "w:listSeparator", "w14:docId", "w15:chartTrackingRefBased", "w15:docId")


@dataclass
class Base:
    """The document the report is written into, and whether it is the officer's template."""

    doc: Any
    template: bool = False
    native_bullets: bool = True


def load_template(template: Path | None) -> Base:
    """The council style, or `template` emptied of its text with its styles kept.

    A style the report needs and the template lacks is copied from the
    council style, so a template made in Word (which stores only the styles
    it uses) still works.
    """
    import docx

    if template is None:
        doc = docx.Document()
        _council_style(doc)
        return Base(doc)
    template = Path(template)
    if template.suffix.lower() != ".docx":
        raise ReportError(messages.report_template_not_docx(template.name))
    try:
        doc = docx.Document(str(template))
    except Exception as exc:  # python-docx raises many kinds for a file it cannot read
        raise ReportError(messages.unreadable_report_template(
            template.name, exc.__class__.__name__)) from None
    _empty(doc)
    native = _has_style(doc, "List Bullet")
    _copy_missing_styles(doc)
    return Base(doc, template=True, native_bullets=native)


def _empty(doc: Any) -> None:
    """Take out the template's text, and the charts and pictures only that text used."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from .chart import RT_CHART

    body = doc.element.body
    for child in list(body):
        if not child.tag.endswith("}sectPr"):
            body.remove(child)
    used = set(doc.element.xpath("//@r:id | //@r:embed | //@r:link"))
    rels = doc.part.rels
    for rid in [rid for rid, rel in rels.items()
                if rel.reltype in (RT_CHART, RT.IMAGE, RT.OLE_OBJECT, RT.PACKAGE)
                and rid not in used]:
        del rels[rid]


def _has_style(doc: Any, name: str) -> bool:
    try:
        doc.styles[name]
    except KeyError:
        return False
    return True


def _copy_missing_styles(doc: Any) -> None:
    import docx
    from docx.oxml.ns import qn

    source = docx.Document()
    _council_style(source)
    have = {s.get(qn("w:styleId")) for s in doc.styles.element.findall(qn("w:style"))}
    by_id = {s.get(qn("w:styleId")): s for s in source.styles.element.findall(qn("w:style"))}

    def copy_style(style_id: str | None) -> None:
        if not style_id or style_id in have or style_id not in by_id:
            return
        element = copy.deepcopy(by_id[style_id])
        for fonts in element.findall(f"{qn('w:rPr')}/{qn('w:rFonts')}"):
            fonts.getparent().remove(fonts)  # the template's fonts, not the council style's
        if style_id == "ListBullet":  # its numbering is the council template's, not theirs
            for num in element.findall(f"{qn('w:pPr')}/{qn('w:numPr')}"):
                num.getparent().remove(num)
        doc.styles.element.append(element)
        have.add(style_id)
        for ref in ("w:basedOn", "w:link", "w:next"):
            child = element.find(qn(ref))
            if child is not None:
                copy_style(child.get(qn("w:val")))

    for name in NEEDED_STYLES:
        if not _has_style(doc, name):
            copy_style(source.styles[name].style_id)


# --- the council style -----------------------------------------------------------

def _council_style(doc: Any) -> None:
    """Arial throughout, 12 pt body, dark headings, no italics (GOV.UK's guidance)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    root = doc.styles.element
    # Theme fonts and colours win over named ones in Word: take them out everywhere.
    for fonts in root.iter(qn("w:rFonts")):
        for attr in list(fonts.attrib):
            if attr.endswith("Theme"):
                del fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), styles.REPORT_FONT)
    for colour in root.iter(qn("w:color")):
        for attr in list(colour.attrib):
            if "theme" in attr:
                del colour.attrib[attr]
    defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if defaults is not None:
        for size in (defaults.find(qn("w:sz")), defaults.find(qn("w:szCs"))):
            if size is not None:
                size.set(qn("w:val"), str(styles.REPORT_BODY_PT * 2))

    text = RGBColor.from_string(styles.REPORT_TEXT_COLOUR)
    heading = RGBColor.from_string(styles.REPORT_HEADING_COLOUR)

    def look(name: str, size: float, *, bold: bool = False, colour: RGBColor = text,
             before: float = 0, after: float = 8) -> Any:
        style = doc.styles[name]
        font = style.font
        font.name, font.size, font.bold, font.italic = styles.REPORT_FONT, Pt(size), bold, False
        font.color.rgb = colour
        font.all_caps = False
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        return style

    normal = look("Normal", styles.REPORT_BODY_PT, after=8)
    normal.paragraph_format.line_spacing = 1.15
    title = look("Title", styles.REPORT_TITLE_PT, bold=True, colour=heading, after=12)
    ppr = title.element.find(qn("w:pPr"))
    border = ppr.find(qn("w:pBdr")) if ppr is not None else None
    if border is not None:
        ppr.remove(border)
    for spacing in title.element.iter(qn("w:spacing")):
        if spacing.getparent().tag == qn("w:rPr"):  # letter spacing, not paragraph
            spacing.getparent().remove(spacing)
    subtitle = look("Subtitle", 14, colour=RGBColor.from_string("404040"), after=4)
    for spacing in subtitle.element.iter(qn("w:spacing")):
        if spacing.getparent().tag == qn("w:rPr"):
            spacing.getparent().remove(spacing)
    h1, h2 = styles.REPORT_HEADING_PT
    look("Heading 1", h1, bold=True, colour=heading, before=20, after=8)
    look("Heading 2", h2, bold=True, colour=heading, before=16, after=6)
    look("Footer", styles.REPORT_FOOTER_PT, after=0)
    look("List Bullet", styles.REPORT_BODY_PT, after=4)

    table_text = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.quick_style = True
    look(TABLE_TEXT, styles.REPORT_TABLE_PT, before=2, after=2)
    table_text.paragraph_format.line_spacing = 1.0
    closing = doc.styles.add_style(CLOSING, WD_STYLE_TYPE.PARAGRAPH)
    closing.base_style = normal
    closing.quick_style = True
    look(CLOSING, styles.REPORT_BODY_PT, bold=True, before=2, after=8)
    footer = doc.styles.add_style(FOOTER, WD_STYLE_TYPE.PARAGRAPH)
    footer.base_style = doc.styles["Footer"]
    look(FOOTER, styles.REPORT_FOOTER_PT, after=0)

    # python-docx's template carries Word 2010's copy of its stock styles (Calibri,
    # en-US); Word 2013 and later ignore it, checkers may not: it goes.
    rels = doc.part.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype.endswith("/stylesWithEffects")]:
        del rels[rid]
    for section in doc.sections:
        margin = Cm(styles.REPORT_MARGIN_CM)
        section.left_margin = section.right_margin = margin
        section.top_margin = section.bottom_margin = margin
        section.header_distance = section.footer_distance = Cm(1.0)


# --- the document as a whole --------------------------------------------------------

def write_docx(report: Report, path: Path, base: Base) -> None:
    """Lay out `report` in `base` and save it to `path`."""
    doc = base.doc
    for section in doc.sections:
        _a4(section)
    _language(doc)
    _properties(doc, report)
    writer = _Writer(base, report)
    writer.cover()
    writer.introduction()
    writer.summary()
    for section in report.sections:
        writer.objective(section)
    for i, section in enumerate(doc.sections):
        if i == 0 or not section.footer.is_linked_to_previous:  # later ones show the first's
            _footer(section, report, doc)
    doc.save(str(path))


def _a4(section: Any, landscape: bool = False) -> None:
    """A4 whatever the template was; a landscape section turns the page, margins kept."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Twips

    width, height = A4
    if landscape:
        width, height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(width), Twips(height)


def _language(doc: Any) -> None:
    """English (UK) for the spelling checker and screen readers, wherever a language is set."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    root = doc.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        rpr.append(OxmlElement("w:lang"))
    for lang in root.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    settings = doc.settings.element
    font_lang = settings.find(qn("w:themeFontLang"))
    if font_lang is None:  # in its schema place: Word refuses settings out of order
        font_lang = OxmlElement("w:themeFontLang")
        settings.insert_element_before(font_lang, *SETTINGS_AFTER_FONT_LANG)
    font_lang.set(qn("w:val"), LANGUAGE)


def _properties(doc: Any, report: Report) -> None:
    """The title a screen reader announces and a file list shows; nothing of python-docx's."""
    props = doc.core_properties
    props.title = _clean(report.document_title)
    props.subject = _clean(f"Position as at {format_value(report.as_of)}")
    props.author = _clean(report.organisation)
    props.last_modified_by = _clean(report.organisation)
    props.language = LANGUAGE
    props.keywords = "equality, diversity, inclusion, progress update"
    props.comments = ""
    props.category = "Committee report"
    props.revision = 1
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now


def _footer(section: Any, report: Report, doc: Any) -> None:
    """'<title>, position as at <date> – Page X of Y', unless the template numbers pages."""
    footer = section.footer
    for old in footer.paragraphs:  # a previous report used as the template: renew its line
        if old.style is not None and old.style.name == FOOTER:
            old._p.getparent().remove(old._p)
    if _numbers_pages(footer._element):
        return
    para = footer.paragraphs[0] if footer.paragraphs and not footer.paragraphs[0].text \
        else footer.add_paragraph()
    para.style = doc.styles[FOOTER]
    # One left-aligned line: a tab to the right margin would stop short of it on a
    # landscape page in LibreOffice, which places it for the first section's width.
    para.add_run(_clean(f"{report.document_title}, position as at "
                        f"{format_value(report.as_of)} – Page "))
    _field(para, "PAGE", "1")
    para.add_run(" of ")
    _field(para, "NUMPAGES", "1")


def _numbers_pages(element: Any) -> bool:
    """Whether a footer (the officer's template's) already has a PAGE field."""
    instructions = [*element.xpath(".//w:instrText/text()"),
                    *element.xpath(".//w:fldSimple/@w:instr")]
    return any(str(text).split()[:1] == ["PAGE"] for text in instructions)


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A Word field ({ PAGE }) as begin / instruction / separate / result / end runs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld(kind: str) -> None:
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(char)

    fld("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    fld("separate")
    paragraph.add_run(shown)
    fld("end")


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
        self.last: Any = None
        # Style ids looked up once: python-docx scans every style on each lookup by name.
        self.style_ids = {name: self.doc.styles[name].style_id
                          for name in (*NEEDED_STYLES, "Heading 1", "Heading 2")
                          if _has_style(self.doc, name)}
        self.grid = self.style_ids.get("Table Grid")
        section = self.doc.sections[0]
        margins = (section.left_margin + section.right_margin) / EMU_PER_CM
        self.text_width = A4_CM[0] - margins
        self.landscape_width = A4_CM[1] - margins

    def _styled(self, paragraph: Any, style: str | None) -> Any:
        if style:
            paragraph._p.style = self.style_ids[style]
        return paragraph

    # paragraphs

    def para(self, text: str = "", style: str | None = None, label: str = "") -> Any:
        from docx.shared import Pt

        paragraph = self._styled(self.doc.add_paragraph(), style)
        if label:
            paragraph.add_run(_clean(f"{label}: ")).bold = True
        if text:
            paragraph.add_run(_clean(text))
        if self.after_table:
            paragraph.paragraph_format.space_before = Pt(10)
            self.after_table = False
        self.last = paragraph
        return paragraph

    def keep_last_with_next(self) -> None:
        """No closing sentence or table alone at the top of a page."""
        if self.last is not None:
            self.last.paragraph_format.keep_with_next = True

    def heading(self, text: str, level: int) -> None:
        self.after_table = False
        self.last = None
        self._styled(self.doc.add_paragraph(), f"Heading {level}").add_run(_clean(text))

    def bullet(self, text: str) -> None:
        from docx.shared import Cm

        if self.base.native_bullets:
            self.para(text, "List Bullet")
            return
        paragraph = self.para(f"• {text}")
        paragraph.paragraph_format.left_indent = Cm(0.63)
        paragraph.paragraph_format.first_line_indent = Cm(-0.63)

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
              in_cm: bool = False) -> Any:
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
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Cm, RGBColor

        table = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        if self.grid:
            table._tbl.tblPr.style = self.grid
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        _table_props(table, sum(widths), caption)
        for col, width in enumerate(widths):
            table.columns[col].width = Cm(width)
        for r, values in enumerate([list(headers), *rows]):
            row = table.rows[r]
            _row_props(row, header=r == 0)
            for col, value in enumerate(values):
                cell = row.cells[col]
                cell.width = Cm(widths[col])
                if r == 0:
                    run = self._cell_text(cell, str(value), size)[0]
                    run.bold = True
                    run.font.color.rgb = RGBColor.from_string(styles.HEADER_FONT)
                    _shade(cell, styles.HEADER_FILL)
                elif isinstance(value, _StatusCell):
                    self._status_cell(cell, value, size)
                else:
                    self._cell_text(cell, str(value), size)
        # A short table stays on one page with what follows it; a long one keeps
        # at least its header row with its first row.
        keep = list(table.rows) if len(rows) <= KEEP_TOGETHER_ROWS else list(table.rows[:1])
        if not keep_with_following and len(keep) > 1:
            keep = keep[:-1]
        for row in keep:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        self.tables += 1
        self.after_table = True
        return table

    def _cell_text(self, cell: Any, text: str, size: float | None = None) -> list[Any]:
        from docx.shared import Pt

        runs = []
        for i, line in enumerate(text.split("\n") or [""]):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            self._styled(paragraph, TABLE_TEXT)
            run = paragraph.add_run(_clean(line))
            if size:
                run.font.size = Pt(size)
            runs.append(run)
        return runs

    def _status_cell(self, cell: Any, status: _StatusCell, size: float | None = None) -> None:
        """The status word, always; its RAG colour as well where it has one."""
        from docx.shared import RGBColor

        run = self._cell_text(cell, status.word, size)[0]
        run.bold = True
        colours = styles.STATUS_COLOURS.get(status.rank)
        if colours:
            fill, font = colours
            _shade(cell, fill)
            run.font.color.rgb = RGBColor.from_string(font)

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
            for cell, word in zip(table.rows[0].cells[1:-1], headers[1:-1], strict=True):
                colours = styles.STATUS_COLOURS.get(r.rank_of(word))
                if colours:
                    from docx.shared import RGBColor

                    _shade(cell, colours[0], replace=True)
                    cell.paragraphs[0].runs[0].font.color.rgb = RGBColor.from_string(colours[1])
        for cell in table.rows[-1].cells:  # the Total row
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.bold = True

    def _new_section(self, landscape: bool) -> None:
        from docx.enum.section import WD_SECTION

        section = self.doc.add_section(WD_SECTION.NEW_PAGE)
        _a4(section, landscape)
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
        paragraph = self.para()
        add_bar_chart(paragraph.add_run(), bars, title=_clean(BY_STATUS), alt_text=_clean(alt),
                      series="Actions", width_cm=min(width - 1.0, 16.0),
                      height_cm=1.6 + 0.9 * len(bars),
                      font=styles.REPORT_FONT, font_pt=styles.REPORT_TABLE_PT,
                      text_colour=styles.REPORT_TEXT_COLOUR)

    def objective(self, section: ReportSection) -> None:
        self.heading(section.role, 1)
        if section.statement:
            paragraph = self.para("Objective: ")
            paragraph.add_run(_clean(section.statement)).bold = True
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
        r = self.report
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
                self.para(f"No update was given for {join_words(silent)}.")
        else:
            row = item.rows[0]
            self.table(["Status", "Lead service(s)", "Timescale"],
                       [[_StatusCell(row.status, row.rank), "\n".join(row.services) or "None",
                         row.timescale_text]],
                       ACTION_WIDTHS, f"{item.action_id}: status, lead and timescale")
            self.paragraphs(row.paragraphs)
        self.included(item.rows, with_ids=item.grouped)
        self.keep_last_with_next()
        if len(item.kinds) == 1:
            self.para(r.closing(item.rows[0].kind), CLOSING)
        else:
            for sentence in closings_by_id(item.rows, r.next_plan):
                self.para(sentence, CLOSING)

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
        ids = [row.action_id for row in rows]
        one = len(ids) == 1
        self.para(f"No update was given for {'this action' if one else 'these actions'} by"
                  f" {format_value(r.as_of)}.")
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
        self.keep_last_with_next()
        kinds = {row.kind for row in rows}
        if len(kinds) == 1:
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
    """The longest word's width in em.

    Letters are measured as DejaVu Sans draws them, which LibreOffice uses where
    Arial is missing and which is wider than Arial: a width that suits it suits
    Arial too. Bold is a tenth wider.
    """
    widest = max((sum(_EM.get(c, _EM_OTHER.get(_kind(c), 0.75)) for c in word)
                  for word in text.split()), default=0.0)
    return widest * (1.1 if bold else 1.0)


# Advance widths in em of DejaVu Sans's lower-case letters; other characters by kind.
_EM = dict(zip("abcdefghijklmnopqrstuvwxyz",
               (0.613, 0.635, 0.550, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579,
                0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592,
                0.818, 0.592, 0.592, 0.525), strict=True))
_EM_OTHER = {"upper": 0.80, "digit": 0.64, "punct": 0.40}


def _kind(c: str) -> str:
    if c.isupper():
        return "upper"
    if c.isdigit():
        return "digit"
    return "punct" if not c.isalpha() else "other"


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


# --- XML python-docx has no API for ---------------------------------------------------

def _shade(cell: Any, fill: str, replace: bool = False) -> None:
    """Cell background."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tc_pr = cell._tc.get_or_add_tcPr()
    if replace:
        for old in tc_pr.findall(qn("w:shd")):
            tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _row_props(row: Any, header: bool) -> None:
    """Rows never split across pages; the header row repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        mark = OxmlElement("w:tblHeader")
        mark.set(qn("w:val"), "true")
        tr_pr.append(mark)


def _table_props(table: Any, width_cm: float, caption: str) -> None:
    """Fixed width in twips, and a title that screen readers announce (Word's alt text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(int(width_cm * TWIPS_PER_CM)))
    element = OxmlElement("w:tblCaption")
    element.set(qn("w:val"), _clean(caption))
    tbl_pr.append(element)
