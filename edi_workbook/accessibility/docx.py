"""Word (.docx): the checks Microsoft's checker and GOV.UK's guidance ask for, read from the XML.

Runs and paragraphs are judged with their formatting resolved as Word
resolves it (direct formatting, then the style's basedOn chain, then the
document defaults).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from ..core import messages as m
from ..core.errors import WorkbookError
from ..xlsx import filecheck, textfit
from ..xlsx.package import (
    R_ID,
    VML,
    WP,
    A,
    Package,
    W,
    target_of,
)
from ..xlsx.textfit import address_or_code
from .colour import colour_name, contrast
from .fit import BREAKS as _BREAKS
from .rules import (
    ON_OFF_FALSE,
    Finding,
    Findings,
    alt_problem,
    generic_title,
    is_decorative,
    link_problem,
    listing,
    number_list,
    pt,
    quote,
)
from .wordlook import Looks, RunLook


def check_docx_file(path: Path) -> None:
    """filecheck's checks, for Word: say what a bad file is before unpacking anything."""
    with open(path, "rb") as handle:
        head = handle.read(filecheck.HEAD_BYTES)
    if not head:
        raise WorkbookError(path, m.EMPTY_FILE, m.ASK_FOR_FRESH_COPY)
    if head.startswith(filecheck.OLE_MAGIC):
        with open(path, "rb") as handle:
            data = handle.read(1024 * 1024)
        if filecheck.ENCRYPTION_STREAM in data:
            raise WorkbookError(path, m.PASSWORD, m.REMOVE_DOCUMENT_PASSWORD)
        raise WorkbookError(path, m.OLD_DOC, m.SAVE_AS_DOCX)
    if not head.startswith(filecheck.ZIP_MAGIC):
        raise WorkbookError(path, m.NOT_A_DOCX, m.SAVE_AS_DOCX)


_JUSTIFIED = {"both", "distribute", "highKashida", "lowKashida", "mediumKashida",
              "thaiDistribute"}
_HIGHLIGHT = {"yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF", "magenta": "FF00FF",
              "blue": "0000FF", "red": "FF0000", "darkBlue": "000080", "darkCyan": "008080",
              "darkGreen": "008000", "darkMagenta": "800080", "darkRed": "800000",
              "darkYellow": "808000", "darkGray": "808080", "lightGray": "C0C0C0",
              "black": "000000", "white": "FFFFFF"}
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)
_BODY_SIZE, _TABLE_SIZE = 24, 20  # half-points: 12 pt text, 10 pt in tables
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")
_TWIPS_PER_PX, _TWIPS_PER_CM = 15, 1440 / 2.54  # 1440 twips an inch, 96 pixels an inch


def _val(element: Element | None, default: str | None = None) -> str | None:
    return default if element is None else element.get(W + "val", default)


def _on(element: Element | None) -> bool:
    return element is not None and element.get(W + "val", "1") not in ON_OFF_FALSE


def _hex(value: str | None) -> str | None:
    return value.upper() if value and _HEX.match(value) else None


class _WordStyles:
    """Style lookups along basedOn chains, the way Word resolves a run's formatting."""

    def __init__(self, root: Element | None) -> None:
        self.styles: dict[str, Element] = {}
        self.default: dict[str, str] = {}
        self.defaults_rpr: Element | None = None
        self.defaults_ppr: Element | None = None
        if root is None:
            return
        for style in root.iter(W + "style"):
            style_id = style.get(W + "styleId", "")
            self.styles[style_id] = style
            if style.get(W + "default") in ("1", "true"):
                self.default.setdefault(style.get(W + "type", ""), style_id)
        defaults = root.find(W + "docDefaults")
        if defaults is not None:
            self.defaults_rpr = defaults.find(f"{W}rPrDefault/{W}rPr")
            self.defaults_ppr = defaults.find(f"{W}pPrDefault/{W}pPr")

    def chain(self, style_id: str | None) -> Iterator[Element]:
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            style = self.styles[style_id]
            yield style
            style_id = _val(style.find(W + "basedOn"))

    def find(self, style_id: str | None, path: str) -> Element | None:
        for style in self.chain(style_id):
            found = style.find(path)
            if found is not None:
                return found
        return None

    def heading_level(self, style_id: str | None) -> int | None:
        """1-9 for a heading, 1 for the Title style (see RULES), None for text."""
        level = _val(self.find(style_id, f"{W}pPr/{W}outlineLvl"))
        if level is not None and level.isdigit() and int(level) < 9:
            return int(level) + 1
        for style in self.chain(style_id):
            name = (_val(style.find(W + "name")) or "").strip()
            if name.casefold() == "title":
                return 1
            match = _HEADING_NAME.match(name)
            if match:
                return int(match.group(1))
        return None

    def language(self) -> str | None:
        for rpr in (self.defaults_rpr, self.find(self.default.get("paragraph"), W + "rPr")):
            lang = None if rpr is None else rpr.find(W + "lang")
            if lang is not None and (_val(lang) or lang.get(W + "eastAsia")):
                return _val(lang) or lang.get(W + "eastAsia")
        return None


@dataclass
class _Para:
    """What the checks need of one paragraph, body or table."""

    element: Element
    where: str
    number: int  # body paragraph number, 0 inside tables
    table: int  # table number, 0 in the body
    text: str = ""
    sizes: list[int] = field(default_factory=list)
    looks: list[RunLook] = field(default_factory=list)


class _WordCheck:
    def __init__(self, package: Package, out: Findings) -> None:
        self.package = package
        self.out = out
        self.styles = _WordStyles(package.xml("word/styles.xml"))
        self.rels = package.rels("word/document.xml")
        self.paragraphs: list[_Para] = []
        self.body_paragraphs = 0
        self.tables = 0
        self.table_styles: dict[int, str | None] = {}
        self.pictures = 0
        self.looks = Looks()
        self.fonts = _theme_fonts(package)
        # The table cell being walked (table, first grid column, columns spanned), and the
        # widest word met in each: (table, column, span) -> (pixels, word).
        self.cell: tuple[int, int, int] | None = None
        self.widest: dict[tuple[int, int, int], tuple[float, str]] = {}
        # (text colour, background, ratio, needed) -> body paragraph and table numbers
        self.contrast: dict[tuple[str, str, str, str], tuple[set[int], set[int]]] = \
            defaultdict(lambda: (set(), set()))

    # Walking the body in reading order.
    def run(self) -> None:
        document = self.package.xml("word/document.xml")
        body = None if document is None else document.find(W + "body")
        if body is None:
            raise WorkbookError(self.package.path, m.NOT_A_DOCX, m.SAVE_AS_DOCX)
        self._properties(document)
        self._container(body, table=0, cell="")
        self._headings()
        self._looks()
        self._text_size()
        self._justified()
        self._empty_paragraphs()
        for (fg, bg, ratio, needed), (paragraphs, tables) in self.contrast.items():
            self.out.add("docx.contrast", _places(paragraphs, tables),
                         m.low_contrast(colour_name(fg), colour_name(bg), ratio, needed))
        self._headers_and_footers()

    def _container(self, container: Element, table: int, cell: str,
                   shading: str | None = None) -> None:
        for child in container:
            if child.tag == W + "p":
                self._paragraph(child, table, cell, shading)
            elif child.tag == W + "tbl":
                self._table(child)
            elif child.tag in (W + "sdt", W + "customXml", W + "sdtContent"):
                inner = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
                if inner is not None:
                    self._container(inner, table, cell, shading)

    def _paragraph(self, p: Element, table: int, cell: str, shading: str | None) -> None:
        if table:
            para = _Para(p, f"table {table}, {cell}", 0, table)
        else:
            self.body_paragraphs += 1
            para = _Para(p, f"paragraph {self.body_paragraphs}", self.body_paragraphs, 0)
        ppr = p.find(W + "pPr")
        style = _val(None if ppr is None else ppr.find(W + "pStyle")) \
            or self.styles.default.get("paragraph")
        shd = None if ppr is None else ppr.find(W + "shd")
        para_shading = _hex(None if shd is None else shd.get(W + "fill")) or shading
        texts: list[str] = []
        for run, link in _linked_runs(p):
            text = "".join(t.text or "" for t in run.iter(W + "t"))
            texts.append(text)
            if text.strip():
                size = self._run_size(run, style, table)
                para.sizes.append(size)
                self._run_contrast(run, style, size, para_shading, para)
                para.looks.append(self._run_look(run, style, text, size, link))
                if table and self.cell is not None:
                    self._widest_word(run, style, text, size)
            for drawing in run.iter():
                if drawing.tag in (WP + "inline", WP + "anchor"):
                    self._drawing(drawing, para.where)
                elif drawing.tag == VML + "shape" and drawing.find(VML + "imagedata") \
                        is not None:
                    self._vml_picture(drawing, para.where)
        para.text = "".join(texts)
        if not table and para.text.strip():
            para.where = f'paragraph {para.number} ("{quote(para.text)}")'
        self.looks.judge(para.looks, para.number, table, self._level(p) is not None,
                         para.where)
        self.paragraphs.append(para)
        self._links(p, para.where)

    def _table(self, tbl: Element) -> None:
        self.tables += 1
        number = self.tables
        rows = tbl.findall(W + "tr")
        if not rows:
            return
        style = _val(tbl.find(f"{W}tblPr/{W}tblStyle")) or self.styles.default.get("table")
        self.table_styles[number] = style
        header_rows = 0
        for row in rows:
            if _on(row.find(f"{W}trPr/{W}tblHeader")):
                header_rows += 1
            else:
                break
        first = " | ".join(quote(_cell_text(tc), 20) for tc in rows[0].findall(W + "tc"))
        where = f'table {number} ("{quote(first, 50)}")'
        if not header_rows:
            self.out.add("docx.table-header", where, m.NO_HEADER_ROW)
        merged: list[int] = []
        empty: list[str] = []
        header_empty: list[str] = []
        for r, row in enumerate(rows, start=1):
            column = 1
            for tc in row.findall(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = int(_val(None if tcpr is None else tcpr.find(W + "gridSpan"), "1") or 1)
                vmerge = None if tcpr is None else tcpr.find(W + "vMerge")
                if span > 1 or vmerge is not None or (
                        tcpr is not None and tcpr.find(W + "hMerge") is not None):
                    merged.append(r)
                blank = not _cell_text(tc).strip() and not _has_content(tc)
                if blank and (r, column) != (1, 1) and vmerge is None:
                    place = f"row {r} column {column}"
                    (header_empty if r <= max(header_rows, 1) else empty).append(place)
                shd = None if tcpr is None else tcpr.find(W + "shd")
                fill = _hex(None if shd is None else shd.get(W + "fill"))
                outer, self.cell = self.cell, (number, column, span)
                self._container(tc, number, f"row {r} column {column}", fill)
                self.cell = outer
                column += span
        if header_rows and header_empty:
            self.out.add("docx.table-header", where, m.empty_header_cells(listing(header_empty,
                                                                                   4)))
        if merged:
            self.out.add("docx.merged-cells", where,
                         m.merged_table_cells("rows " + number_list(merged)))
        if empty:
            self.out.add("docx.empty-cells", where,
                         m.empty_table_cells(len(empty), listing(empty, 4)))
        self._table_widths(tbl, number, where)

    def _table_widths(self, tbl: Element, number: int, where: str) -> None:
        """Words wider than their column, and a table wider than its page."""
        grid = [int(col.get(W + "w", "0") or 0)
                for col in tbl.findall(f"{W}tblGrid/{W}gridCol")]
        if not grid or not all(grid):
            return
        margins = self._cell_margins(tbl)
        broken = []
        for (table, column, span), (px, word) in sorted(self.widest.items()):
            if table != number or column > len(grid):
                continue
            twips = sum(grid[column - 1:column - 1 + span]) - margins
            if px > twips / _TWIPS_PER_PX:
                broken.append((column, word, px))
        if broken:
            column, word, px = max(broken, key=lambda b: b[2])
            needed = (px * _TWIPS_PER_PX + margins) / _TWIPS_PER_CM
            self.out.add("docx.word-broken", where, m.table_word_broken(
                word, column, f"{math.ceil(needed * 10) / 10:g}"))
        room = self._text_width()
        indent = tbl.find(f"{W}tblPr/{W}tblInd")
        width = sum(grid) + (int(indent.get(W + "w", "0") or 0) if indent is not None
                             and indent.get(W + "type", "dxa") == "dxa" else 0)
        if room and width > room + _TWIPS_PER_PX:
            self.out.add("docx.page-edge", where, m.table_wider_than_page(
                f"{width / _TWIPS_PER_CM:.1f}", f"{room / _TWIPS_PER_CM:.1f}"))

    def _cell_margins(self, tbl: Element) -> int:
        """Left and right cell margins, in twips: the table's, its style's, or Word's 108."""
        style = _val(tbl.find(f"{W}tblPr/{W}tblStyle")) or self.styles.default.get("table")
        found = tbl.find(f"{W}tblPr/{W}tblCellMar")
        if found is None:
            found = self.styles.find(style, f"{W}tblPr/{W}tblCellMar")
        total = 0
        for side, other in (("left", "start"), ("right", "end")):
            margin = None if found is None else (found.find(W + side)
                                                 if found.find(W + side) is not None
                                                 else found.find(W + other))
            total += int(margin.get(W + "w", "108") or 108) if margin is not None else 108
        return total

    def _text_width(self) -> int:
        """Twips between the margins of the document's last section."""
        document = self.package.xml("word/document.xml")
        sections = [] if document is None else list(document.iter(W + "sectPr"))
        if not sections:
            return 0
        size, margins = sections[-1].find(W + "pgSz"), sections[-1].find(W + "pgMar")
        if size is None or margins is None:
            return 0

        def twips(element: Element, name: str) -> int:
            value = element.get(W + name, "0") or "0"
            return int(value) if value.lstrip("-").isdigit() else 0
        return twips(size, "w") - twips(margins, "left") - twips(margins, "right")

    def _widest_word(self, run: Element, style: str | None, text: str, size: int) -> None:
        assert self.cell is not None
        bold = _on(self._run_prop(run, style, "b"))
        font = textfit.font_named(self._font_name(run, style))
        for word in (piece for w in text.split() if not address_or_code(w)
                     for piece in _BREAKS.split(w)):
            px = textfit.text_px(word, size / 2, bold, font)
            if px > self.widest.get(self.cell, (0.0, ""))[0]:
                self.widest[self.cell] = (px, word)

    def _font_name(self, run: Element, style: str | None) -> str:
        fonts = self._run_prop(run, style, "rFonts")
        if fonts is None and self.styles.defaults_rpr is not None:
            fonts = self.styles.defaults_rpr.find(W + "rFonts")
        if fonts is None:
            return self.fonts.get("minor", "")
        name = fonts.get(W + "ascii") or fonts.get(W + "hAnsi")
        theme = fonts.get(W + "asciiTheme") or fonts.get(W + "hAnsiTheme") or ""
        return name or self.fonts.get("major" if theme.startswith("major") else "minor", "")

    def _run_look(self, run: Element, style: str | None, text: str, size: int,
                  link: bool) -> RunLook:
        underline = _val(self._run_prop(run, style, "u"))
        rpr = run.find(W + "rPr")
        run_style = _val(None if rpr is None else rpr.find(W + "rStyle")) or ""
        return RunLook(text, size, _on(self._run_prop(run, style, "b")),
                       _on(self._run_prop(run, style, "i")),
                       underline is not None and underline != "none",
                       _on(self._run_prop(run, style, "caps")),
                       link or run_style.casefold().startswith("hyperlink"))

    def _looks(self) -> None:
        looks = self.looks
        for where, size in looks.fake_headings:
            self.out.add("docx.fake-heading", where, m.fake_heading(size))
        if looks.italics:
            self.out.add("docx.italics", _places([p for p, t, _ in looks.italics if not t],
                                                 [t for _, t, _ in looks.italics if t]),
                         m.long_italics(max(w for _, _, w in looks.italics)))
        if looks.underlined:
            self.out.add("docx.underline", _places([p for p, t in looks.underlined if not t],
                                                   [t for _, t in looks.underlined if t]),
                         m.UNDERLINED_NOT_LINK)
        if looks.capitals:
            self.out.add("docx.capitals", _places([p for p, t, _ in looks.capitals if not t],
                                                  [t for _, t, _ in looks.capitals if t]),
                         m.block_capitals(quote(looks.capitals[0][2], 40)))

    # Run formatting.
    def _run_size(self, run: Element, style: str | None, table: int) -> int:
        rpr = run.find(W + "rPr")
        candidates = [None if rpr is None else rpr.find(W + "sz")]
        candidates.append(self.styles.find(_val(None if rpr is None else rpr.find(W + "rStyle")),
                                           f"{W}rPr/{W}sz"))
        candidates.append(self.styles.find(style, f"{W}rPr/{W}sz"))
        if table:
            candidates.append(self.styles.find(self.table_styles.get(table), f"{W}rPr/{W}sz"))
        if self.styles.defaults_rpr is not None:
            candidates.append(self.styles.defaults_rpr.find(W + "sz"))
        for candidate in candidates:
            value = _val(candidate)
            if value and value.isdigit():
                return int(value)
        return 20  # Word's size when nothing sets one

    def _run_prop(self, run: Element, style: str | None, tag: str) -> Element | None:
        rpr = run.find(W + "rPr")
        direct = None if rpr is None else rpr.find(W + tag)
        if direct is not None:
            return direct
        found = self.styles.find(_val(None if rpr is None else rpr.find(W + "rStyle")),
                                 f"{W}rPr/{W}{tag}")
        return found if found is not None else self.styles.find(style, f"{W}rPr/{W}{tag}")

    def _run_contrast(self, run: Element, style: str | None, size: int,
                      shading: str | None, para: _Para) -> None:
        colour = _hex(_val(self._run_prop(run, style, "color")))
        if colour is None:
            return  # automatic colour turns white on dark shading
        rpr = run.find(W + "rPr")
        shd = None if rpr is None else rpr.find(W + "shd")
        highlight = _val(None if rpr is None else rpr.find(W + "highlight"))
        background = (_hex(None if shd is None else shd.get(W + "fill"))
                      or _HIGHLIGHT.get(highlight or "") or shading or "FFFFFF")
        bold = _on(self._run_prop(run, style, "b"))
        needed = 3.0 if size >= 36 or (bold and size >= 28) else 4.5
        ratio = contrast(colour, background)
        if ratio < needed:
            paragraphs, tables = self.contrast[(colour, background, f"{ratio:.1f}",
                                                f"{needed:g}")]
            if para.table:
                tables.add(para.table)
            else:
                paragraphs.add(para.number)

    # Pictures, charts and links.
    def _drawing(self, drawing: Element, where: str) -> None:
        doc_pr = drawing.find(WP + "docPr")
        graphic = drawing.find(f"{A}graphic/{A}graphicData")
        uri = "" if graphic is None else graphic.get("uri", "")
        if uri.endswith("/wordprocessingShape") and any(
                node.tag.endswith("}txbx") for node in graphic.iter()):
            return  # a text box: its text is read out
        kind = ("chart" if uri.endswith("/chart") else "diagram" if "diagram" in uri
                else "shape" if "Shape" in uri or "Group" in uri else "picture")
        self.pictures += 1
        if doc_pr is None or is_decorative(doc_pr):
            return
        text = doc_pr.get("descr") or doc_pr.get("title") or ""
        problem = alt_problem(kind, text)
        if problem:
            self.out.add("docx.alt-text", f"{kind} {self.pictures}, {where}", problem)

    def _vml_picture(self, shape: Element, where: str) -> None:
        self.pictures += 1
        text = shape.get("alt") or ""
        problem = alt_problem("picture", text)
        if problem:
            self.out.add("docx.alt-text", f"picture {self.pictures}, {where}", problem)

    def _links(self, p: Element, where: str) -> None:
        for link in p.iter(W + "hyperlink"):
            text = "".join(t.text or "" for t in link.iter(W + "t"))
            target = target_of(self.rels, link.get(R_ID, "")) or link.get(
                W + "anchor", "")
            problem = link_problem(text, target)
            if problem:
                self.out.add("docx.link-text", where, problem)
        for simple in p.iter(W + "fldSimple"):
            instr = simple.get(W + "instr", "")
            if instr.strip().upper().startswith("HYPERLINK"):
                target = (re.findall(r'"([^"]*)"', instr) or [""])[0]
                text = "".join(t.text or "" for t in simple.iter(W + "t"))
                problem = link_problem(text, target)
                if problem:
                    self.out.add("docx.link-text", where, problem)

    # Whole-document judgements.
    def _properties(self, document: Element) -> None:
        title = self.package.core_properties().get("title", "")
        if not title:
            self.out.add("docx.title", "document properties", m.NO_TITLE_DOCX)
        elif generic_title(title):
            self.out.add("docx.title", "document properties", m.generic_title_docx(title))
        settings = self.package.xml("word/settings.xml")
        theme_lang = None if settings is None else settings.find(W + "themeFontLang")
        in_text = any(_val(lang) for lang in document.iter(W + "lang"))
        if not (self.styles.language() or _val(theme_lang) or in_text):
            self.out.add("docx.language", "document properties", m.NO_LANGUAGE)

    def _headings(self) -> None:
        previous = 0
        headings = 0
        for para in self.paragraphs:
            if para.table or not para.text.strip():
                continue
            level = self._level(para.element)
            if level is None:
                continue
            headings += 1
            if level > previous + 1:
                self.out.add("docx.heading-order", para.where, m.heading_skips(level, previous))
            previous = level
        text = sum(1 for p in self.paragraphs if not p.table and p.text.strip())
        if not headings and text >= 5:
            self.out.add("docx.headings", "whole document", m.NO_HEADINGS)

    def _level(self, p: Element) -> int | None:
        ppr = p.find(W + "pPr")
        direct = _val(None if ppr is None else ppr.find(W + "outlineLvl"))
        if direct is not None and direct.isdigit():
            return int(direct) + 1 if int(direct) < 9 else None
        style = _val(None if ppr is None else ppr.find(W + "pStyle")) \
            or self.styles.default.get("paragraph")
        return self.styles.heading_level(style)

    def _text_size(self) -> None:
        body: dict[int, list[int]] = defaultdict(list)
        tables: dict[tuple[str, int], set[int]] = defaultdict(set)
        for para in self.paragraphs:
            if not para.sizes:
                continue
            smallest = min(para.sizes)
            if not para.table and smallest < _BODY_SIZE:
                body[smallest].append(para.number)
            elif para.table and smallest < _TABLE_SIZE:
                tables[("docx.font-size", smallest)].add(para.table)
            elif para.table and smallest < _BODY_SIZE:
                tables[("docx.table-font-size", smallest)].add(para.table)
        for size, numbers in sorted(body.items()):
            self.out.add("docx.font-size", _places(numbers, ()), m.small_body_text(pt(size)))
        for (rule, size), numbers in sorted(tables.items()):
            message = (m.small_table_text(pt(size)) if rule == "docx.font-size"
                       else m.table_text_below_12(pt(size)))
            self.out.add(rule, _places((), numbers), message)

    def _justified(self) -> None:
        body: set[int] = set()
        tables: set[int] = set()
        for para in self.paragraphs:
            if not para.text.strip():
                continue
            ppr = para.element.find(W + "pPr")
            jc = _val(None if ppr is None else ppr.find(W + "jc"))
            if jc is None:
                style = _val(None if ppr is None else ppr.find(W + "pStyle")) \
                    or self.styles.default.get("paragraph")
                jc = _val(self.styles.find(style, f"{W}pPr/{W}jc"))
            if jc is None and self.styles.defaults_ppr is not None:
                jc = _val(self.styles.defaults_ppr.find(W + "jc"))
            if jc in _JUSTIFIED and para.table:
                tables.add(para.table)
            elif jc in _JUSTIFIED:
                body.add(para.number)
        if body or tables:
            self.out.add("docx.justified", _places(body, tables), m.JUSTIFIED)

    def _empty_paragraphs(self) -> None:
        """Runs of blank body paragraphs; the last paragraph is Word's own end mark."""
        body = [p for p in self.paragraphs if not p.table][:-1]
        before = ""
        run: list[int] = []
        for para in body + [None]:
            if para is not None and _is_blank(para.element):
                run.append(para.number)
                continue
            if run:
                where = ("paragraph " if len(run) == 1 else "paragraphs ") + number_list(run) + (
                    f' (after "{quote(before, 30)}")' if before else "")
                if len(run) == 1:
                    self.out.add("docx.empty-paragraph", where, m.BLANK_PARAGRAPH)
                else:
                    self.out.add("docx.empty-paragraphs", where, m.blank_paragraphs(len(run)))
                run = []
            if para is not None and para.text.strip():
                before = para.text

    def _headers_and_footers(self) -> None:
        for kind, target in ((r.kind, r.target) for r in self.rels.values()):
            if kind not in ("header", "footer"):
                continue
            root = self.package.xml(target)
            for drawing in [] if root is None else root.iter():
                if drawing.tag in (WP + "inline", WP + "anchor"):
                    self._drawing(drawing, kind)


def _places(paragraphs: Iterable[int], tables: Iterable[int]) -> str:
    """'paragraphs 2, 11-14; table 1': where a grouped finding is."""
    parts = []
    for word, numbers in (("paragraph", list(paragraphs)), ("table", list(tables))):
        if numbers:
            parts.append(f"{word}{'s' if len(set(numbers)) > 1 else ''} {number_list(numbers)}")
    return "; ".join(parts)


def _linked_runs(p: Element) -> Iterator[tuple[Element, bool]]:
    """A paragraph's runs, each with whether it is (shown text of) a link."""
    in_field = False
    instruction = ""
    for run, link in _runs_in_links(p, False):
        for node in run:
            if node.tag == W + "fldChar":
                kind = node.get(W + "fldCharType")
                if kind == "begin":
                    instruction = ""
                elif kind == "end":
                    in_field = False
            elif node.tag == W + "instrText":
                instruction += node.text or ""
                in_field = instruction.strip().upper().startswith("HYPERLINK")
        yield run, link or in_field


def _runs_in_links(element: Element, link: bool) -> Iterator[tuple[Element, bool]]:
    for child in element:
        if child.tag == W + "r":
            yield child, link
        elif child.tag == W + "hyperlink" or (child.tag == W + "fldSimple" and child.get(
                W + "instr", "").strip().upper().startswith("HYPERLINK")):
            yield from _runs_in_links(child, True)
        elif child.tag in (W + "ins", W + "smartTag", W + "fldSimple", W + "sdt",
                           W + "sdtContent", W + "customXml", W + "moveTo"):
            yield from _runs_in_links(child, link)


def _theme_fonts(package: Package) -> dict[str, str]:
    """The theme's heading ("major") and body ("minor") fonts, by name."""
    theme = next((r.target for r in package.rels("word/document.xml").values()
                  if r.kind == "theme"), "")
    root = package.xml(theme) if theme else None
    found: dict[str, str] = {}
    for kind in ("major", "minor"):
        latin = None if root is None else root.find(
            f"{A}themeElements/{A}fontScheme/{A}{kind}Font/{A}latin")
        if latin is not None:
            found[kind] = latin.get("typeface", "")
    return found


def _cell_text(tc: Element) -> str:
    return "".join(t.text or "" for t in tc.iter(W + "t"))


def _has_content(element: Element) -> bool:
    return any(node.tag in (W + "drawing", W + "pict", W + "object") for node in element.iter())


def _is_blank(p: Element) -> bool:
    """Empty, and not a page or section break, picture or field standing alone."""
    if "".join(t.text or "" for t in p.iter(W + "t")).strip() or _has_content(p):
        return False
    ppr = p.find(W + "pPr")
    if ppr is not None and (ppr.find(W + "sectPr") is not None
                            or _on(ppr.find(W + "pageBreakBefore"))):
        return False
    return not any(node.tag == W + "br" and node.get(W + "type") in ("page", "column")
                   or node.tag in (W + "fldSimple", W + "fldChar")
                   for node in p.iter())


def check_docx(package: Package) -> list[Finding]:
    out = Findings(package.path)
    _WordCheck(package, out).run()
    return out.items
