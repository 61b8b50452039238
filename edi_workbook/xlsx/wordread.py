"""A Word document's body as the importer reads it: paragraphs and tables, in order.

This reads what python-docx read for word.py, the same way, so a council's
plan imports as it always has: the body's own paragraphs and tables (not
those inside content controls), a paragraph's text from its runs and its
hyperlinks' runs, its style's name as Word shows it, and a table's rows with a
cell repeated for each grid column it spans (w:gridSpan) and, in the rows a
vertical merge continues (w:vMerge), the very cell it started in: word.py
knows merged cells by identity (`a is b`). A table inside a cell is not read
into the cell's text, as before.

Parsing is defusedxml's (opc.parse): entity declarations are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from .opc import (
    RT_CORE_PROPERTIES,
    RT_STYLES,
    Package,
    qn,
)

W_P, W_R, W_T, W_TBL, W_TR, W_TC = (qn(f"w:{n}") for n in ("p", "r", "t", "tbl", "tr", "tc"))
W_HYPERLINK, W_PPR, W_RPR, W_VAL = qn("w:hyperlink"), qn("w:pPr"), qn("w:rPr"), qn("w:val")
# A run's text: what each of its children stands for (w:t its own text).
RUN_TEXT = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:cr"): "\n",
            qn("w:noBreakHyphen"): "-"}
W_BR = qn("w:br")
# Style names Word stores in lower case and shows capitalised.
UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header",
            **{f"heading {n}": f"Heading {n}" for n in range(1, 10)}}
TRUE = ("1", "true", "on")


def run_text(run: Element) -> str:
    """A w:r's text: tabs as \\t, line breaks as \\n (page and column breaks as nothing)."""
    parts = []
    for item in run:
        if item.tag == W_T:
            parts.append(item.text or "")
        elif item.tag == W_BR:
            if item.get(qn("w:type"), "textWrapping") == "textWrapping":
                parts.append("\n")
        elif item.tag in RUN_TEXT:
            parts.append(RUN_TEXT[item.tag])
    return "".join(parts)


def paragraph_text(p: Element) -> str:
    """A w:p's text: its runs and its hyperlinks' runs (python-docx's Paragraph.text)."""
    parts = []
    for item in p:
        if item.tag == W_R:
            parts.append(run_text(item))
        elif item.tag == W_HYPERLINK:
            parts.extend(run_text(r) for r in item.findall(W_R))
    return "".join(parts)


def on(element: Element | None) -> bool | None:
    """A w:b / w:strike toggle: None when absent, else whether it is on."""
    if element is None:
        return None
    value = element.get(W_VAL)
    return value is None or value in TRUE


class Styles:
    """Paragraph style names by id, and the default paragraph style's name."""

    def __init__(self, root: Element | None) -> None:
        self.names: dict[str, str] = {}
        self.default = "Normal" if root is None else ""
        self.missing = root is None  # no styles part: a style is known by its id
        for style in [] if root is None else root.iter(qn("w:style")):
            if style.get(qn("w:type")) != "paragraph":  # as python-docx: no type, no match
                continue
            name_element = style.find(qn("w:name"))
            name = name_element.get(W_VAL, "") if name_element is not None else ""
            name = UI_NAMES.get(name, name)
            self.names.setdefault(style.get(qn("w:styleId"), ""), name)
            if style.get(qn("w:default")) in TRUE:
                self.default = name  # the last default one, as the standard says

    def name(self, style_id: str | None) -> str:
        """The name Word shows for the paragraph style `style_id`; the default's for none."""
        if style_id is None:
            return self.default
        if self.missing:
            return style_id
        return self.names.get(style_id, self.default)


@dataclass(eq=False)
class Paragraph:
    element: Element
    style: str  # its style's name ("Heading 1"), the default style's when it names none

    @property
    def text(self) -> str:
        return paragraph_text(self.element)

    def runs(self) -> list[tuple[str, bool | None]]:
        """(text, struck through) of each of its own runs (not a hyperlink's)."""
        return [(run_text(r), on(r.find(f"{W_RPR}/{qn('w:strike')}")))
                for r in self.element.findall(W_R)]

    @property
    def numbered(self) -> bool:
        """Whether it carries list numbering itself (w:numPr), not through its style."""
        return self.element.find(f"{W_PPR}/{qn('w:numPr')}") is not None


@dataclass(eq=False)
class Cell:
    """One cell, however many grid columns and rows it spans (compare with `is`)."""

    paragraphs: list[Paragraph]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(eq=False)
class Table:
    rows: list[list[Cell]] = field(default_factory=list)  # a cell per grid column it spans
    columns: int = 0  # as the table's grid has them (w:gridCol)


Block = Paragraph | Table


@dataclass
class WordDocument:
    blocks: list[Block]
    title: str  # the Title document property

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]


def read_document(path: Path | str) -> WordDocument:
    """The body of the Word document at `path`.

    Raises opc.PackageNotFoundError (not a Word document), opc.UnsafeXmlError
    (entities declared) or xml.etree's ParseError (damaged XML).
    """
    package, main = Package.open_word(path)
    styles_part = package.related(main, RT_STYLES)
    styles = Styles(package.xml(styles_part).root if styles_part in package else None)
    body = package.xml(main).root.find(qn("w:body"))
    blocks: list[Block] = []
    for item in [] if body is None else body:
        if item.tag == W_P:
            blocks.append(_paragraph(item, styles))
        elif item.tag == W_TBL:
            blocks.append(_table(item, styles))
    return WordDocument(blocks, _title(package))


def _paragraph(p: Element, styles: Styles) -> Paragraph:
    style = p.find(f"{W_PPR}/{qn('w:pStyle')}")
    return Paragraph(p, styles.name(style.get(W_VAL) if style is not None else None))


def _table(tbl: Element, styles: Styles) -> Table:
    """Rows of cells as python-docx's _Row.cells gives them: a cell a vertical merge
    continues is the cell above it at the same grid column."""
    table = Table(columns=len(tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")))
    above: dict[int, tuple[Cell, int]] = {}  # grid column -> (cell starting there, its span)
    for tr in tbl.findall(W_TR):
        before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
        offset = int(before.get(W_VAL, "0")) if before is not None else 0
        row: list[Cell] = []
        starts: dict[int, tuple[Cell, int]] = {}
        for tc in tr.findall(W_TC):
            span_element = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            span = int(span_element.get(W_VAL, "1")) if span_element is not None else 1
            merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            continued = merge is not None and merge.get(W_VAL, "continue") == "continue"
            if continued and offset in above:
                cell, root_span = above[offset]
            else:  # a merge with nothing above it stands alone
                cell = Cell([_paragraph(p, styles) for p in tc.findall(W_P)])
                root_span = span
            starts[offset] = (cell, root_span)
            row.extend([cell] * root_span)
            offset += span
        above = starts
        table.rows.append(row)
    return table


def _title(package: Package) -> str:
    core = package.related("", RT_CORE_PROPERTIES)
    if core is None or core not in package:
        return ""
    title = package.xml(core).root.find(qn("dc:title"))
    return (title.text or "").strip() if title is not None else ""
