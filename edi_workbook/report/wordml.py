"""A Word document written with the standard library: runs, paragraphs, tables, sections.

The report (report/docx.py) builds its body from the small classes here and
`Document` writes them as WordprocessingML (ECMA-376 part 1) into a package
(opc.py): a new one with the council style, or the officer's template emptied
of its text. python-docx did this until the package had to run in the browser,
where its lxml cannot be loaded; the XML written is the XML it wrote.

The body is kept as objects until `save`, so the report can still change a
paragraph it has added (keep it with the next one, space it from a table), and
is then written as text, which is many times faster than building elements.
What a template brings (section properties, footers, styles, settings) is
changed as xml.etree elements and written back with its own prefixes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from ..xlsx.opc import (
    CT_CORE_PROPERTIES,
    CT_DOCUMENT,
    CT_EXTENDED_PROPERTIES,
    CT_FOOTER,
    CT_NUMBERING,
    CT_SETTINGS,
    CT_STYLES,
    NAMESPACES,
    RAW,
    RT_CHART,
    RT_CORE_PROPERTIES,
    RT_EXTENDED_PROPERTIES,
    RT_FOOTER,
    RT_IMAGE,
    RT_NUMBERING,
    RT_OFFICE_DOCUMENT,
    RT_OLE_OBJECT,
    RT_PACKAGE,
    RT_SETTINGS,
    RT_STYLES,
    Package,
    XmlPart,
    child,
    escape,
    escape_attr,
    insert_in_order,
    parse,
    qn,
)

EMU_PER_TWIP = 635
EMU_PER_CM = 360_000
W_DECLARATION = f'xmlns:w="{NAMESPACES["w"]}" xmlns:r="{NAMESPACES["r"]}"'
W_VAL, W_TYPE = qn("w:val"), qn("w:type")
# Where a new child goes among its siblings (ECMA-376 schema order): those after it.
SECT_PR_AFTER_FOOTER = ("w:footnotePr", "w:endnotePr", "w:type", "w:pgSz", "w:pgMar",
                        "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols",
                        "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
                        "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings",
                        "w:sectPrChange")
SECT_PR_AFTER_PG_SZ = SECT_PR_AFTER_FOOTER[SECT_PR_AFTER_FOOTER.index("w:pgSz") + 1:]
# What follows w:themeFontLang in w:settings (CT_Settings), then Word's own.
SETTINGS_AFTER_FONT_LANG = (
    "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
    "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "w:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
    "w:listSeparator", "w14:docId", "w15:chartTrackingRefBased", "w15:docId")
RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def twips(cm: float) -> int:
    """Twentieths of a point in `cm`, rounded as python-docx rounds them."""
    return round(int(cm * EMU_PER_CM) / EMU_PER_TWIP)


# --- the body ------------------------------------------------------------------

@dataclass
class Run:
    """Text in one formatting; or a field (PAGE) showing `text`; or a drawing (XML)."""

    text: str = ""
    bold: bool = False
    colour: str | None = None  # "RRGGBB"
    size_pt: float | None = None
    field: str | None = None
    drawing: str | None = None

    def xml(self) -> str:
        props = "".join((
            "<w:b/>" if self.bold else "",
            f'<w:color w:val="{self.colour}"/>' if self.colour else "",
            f'<w:sz w:val="{round(self.size_pt * 2)}"/>' if self.size_pt else ""))
        rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
        if self.field:
            return "".join((
                _field_char("begin"),
                f'<w:r>{rpr}<w:instrText xml:space="preserve"> {escape(self.field)} '
                "</w:instrText></w:r>",
                _field_char("separate"), f"<w:r>{rpr}{_text(self.text)}</w:r>",
                _field_char("end")))
        content = self.drawing if self.drawing is not None else _text(self.text)
        return f"<w:r>{rpr}{content}</w:r>" if rpr or content else "<w:r/>"


def _field_char(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


_BREAKS = re.compile(r"([\t\n\r])")


def _text(text: str) -> str:
    """Run content: a tab is w:tab, a line break w:br, as Word stores them."""
    out = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            out.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(out)


@dataclass
class Paragraph:
    """A paragraph: its style (an id), runs and the few direct properties the report sets."""

    runs: list[Run] = field(default_factory=list)
    style: str | None = None
    keep_with_next: bool = False
    space_before_pt: float | None = None
    indent_cm: float | None = None
    first_line_cm: float | None = None  # negative: a hanging indent
    page_break_before: bool = False  # starts a page (a section of its own)

    def add(self, text: str = "", bold: bool = False, colour: str | None = None,
            size_pt: float | None = None) -> Run:
        run = Run(text, bold=bold, colour=colour, size_pt=size_pt)
        self.runs.append(run)
        return run

    def xml(self) -> str:
        props = "".join((
            f'<w:pStyle w:val="{escape_attr(self.style)}"/>' if self.style else "",
            "<w:keepNext/>" if self.keep_with_next else "",
            "<w:pageBreakBefore/>" if self.page_break_before else "",
            f'<w:spacing w:before="{round(self.space_before_pt * 20)}"/>'
            if self.space_before_pt is not None else "",
            self._indent()))
        ppr = f"<w:pPr>{props}</w:pPr>" if props else ""
        runs = "".join(run.xml() for run in self.runs)
        return f"<w:p>{ppr}{runs}</w:p>" if ppr or runs else "<w:p/>"

    def _indent(self) -> str:
        if self.indent_cm is None and self.first_line_cm is None:
            return ""
        attrs = f' w:left="{twips(self.indent_cm)}"' if self.indent_cm is not None else ""
        if self.first_line_cm is not None:
            kind = "firstLine" if self.first_line_cm >= 0 else "hanging"
            attrs += f' w:{kind}="{twips(abs(self.first_line_cm))}"'
        return f"<w:ind{attrs}/>"


@dataclass
class Cell:
    """A table cell: its width, its paragraphs (an empty one if none: Word needs one)."""

    width_cm: float
    paragraphs: list[Paragraph] = field(default_factory=list)
    fill: str | None = None  # background, "RRGGBB"

    def xml(self) -> str:
        shading = (f'<w:shd w:val="clear" w:color="auto" w:fill="{self.fill}"/>'
                   if self.fill else "")
        body = "".join(p.xml() for p in self.paragraphs) or "<w:p/>"
        return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips(self.width_cm)}"/>{shading}'
                f"</w:tcPr>{body}</w:tc>")


@dataclass
class Table:
    """A fixed-layout table, left-aligned; its first row a header row repeated on each
    page, no row split across pages; its caption is the title screen readers announce."""

    widths_cm: Sequence[float]
    caption: str
    style: str | None = None
    width_twips: int = 0  # the table's own width (w:tblW)
    rows: list[list[Cell]] = field(default_factory=list)

    def xml(self) -> str:
        style = f'<w:tblStyle w:val="{escape_attr(self.style)}"/>' if self.style else ""
        grid = "".join(f'<w:gridCol w:w="{twips(w)}"/>' for w in self.widths_cm)
        rows = "".join(
            "<w:tr><w:trPr><w:cantSplit/>"
            + ('<w:tblHeader w:val="true"/>' if r == 0 else "")
            + "</w:trPr>" + "".join(cell.xml() for cell in row) + "</w:tr>"
            for r, row in enumerate(self.rows))
        return (f'<w:tbl><w:tblPr>{style}<w:tblW w:type="dxa" w:w="{self.width_twips}"/>'
                '<w:jc w:val="left"/><w:tblLayout w:type="fixed"/>'
                '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0"'
                ' w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
                f'<w:tblCaption w:val="{escape_attr(self.caption)}"/></w:tblPr>'
                f"<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>")


@dataclass
class SectionBreak:
    """The end of a section: an empty paragraph holding that section's properties."""

    properties: Element  # w:sectPr


Block = Paragraph | Table | SectionBreak


def element(paragraph: Paragraph) -> Element:
    """`paragraph` as an element, to put into a part read from a template (a footer)."""
    return parse(paragraph.xml().replace("<w:p", f"<w:p {W_DECLARATION}", 1).encode()).root


# --- the document ------------------------------------------------------------

class Document:
    """A Word document being written: a package, its body, its sections."""

    def __init__(self, package: Package, main: str) -> None:
        self.package = package
        self.main = main
        self.part = package.xml(main)
        body = child(self.part.root, "w:body")
        final = body.find(qn("w:sectPr"))
        self.final_section = final if final is not None else Element(qn("w:sectPr"))
        self.blocks: list[Block] = []
        self.core: dict[str, str] = {}
        self._shape_ids = _drawing_ids(package)

    @classmethod
    def new(cls, styles: bytes, numbering: bytes, settings: bytes, section: str) -> Document:
        """A new document with these styles, list numbering, settings and section."""
        package = Package()
        main = "word/document.xml"
        package.add(main, CT_DOCUMENT, parse(
            f'<w:document {W_DECLARATION}><w:body>{section}</w:body></w:document>'.encode()))
        for name, content_type, reltype, data in (
                ("word/styles.xml", CT_STYLES, RT_STYLES, styles),
                ("word/numbering.xml", CT_NUMBERING, RT_NUMBERING, numbering),
                ("word/settings.xml", CT_SETTINGS, RT_SETTINGS, settings)):
            package.add(name, content_type, data)
            package.relate(main, reltype, name)
        package.relate("", RT_OFFICE_DOCUMENT, main)
        package.add("docProps/app.xml", CT_EXTENDED_PROPERTIES, APP_XML)
        package.relate("", RT_EXTENDED_PROPERTIES, "docProps/app.xml")
        return cls(package, main)

    @classmethod
    def open(cls, path: Path | str) -> Document:
        """The Word document at `path`, to write into (a template).

        Every part the writer may change is read now, so a damaged or unsafe
        file is refused before anything is written: raises
        opc.PackageNotFoundError, opc.UnsafeXmlError or xml.etree's ParseError.
        """
        package, main = Package.open_word(path)
        document = cls(package, main)
        document.styles, document.settings  # noqa: B018 - parsed, or added if missing
        for section in document.sections:
            document.footer(section)
        return document

    def empty(self) -> None:
        """Take out the body, and the charts and pictures only the body used; the last
        section's properties (page, margins, headers and footers) stay."""
        body = self.part.root.find(qn("w:body"))
        assert body is not None
        for item in list(body):
            if item is not self.final_section:
                body.remove(item)
        used = {value for item in self.part.root.iter() for name, value in item.attrib.items()
                if name in (qn("r:id"), qn("r:embed"), qn("r:link"))}
        rels = self.package.rels.get(self.main, {})
        for rid in [rid for rid, rel in rels.items() if rid not in used and rel.type in (
                RT_CHART, RT_IMAGE, RT_OLE_OBJECT, RT_PACKAGE)]:
            del rels[rid]
        self.package.drop_unreachable()  # so their names are free for the new parts
        self._shape_ids = _drawing_ids(self.package)

    # styles and settings

    def _part(self, reltype: str, name: str, content_type: str, empty: str) -> XmlPart:
        """The main part's related part of `reltype`, added (`empty`) if it has none."""
        found = self.package.related(self.main, reltype)
        if found is None or found not in self.package:
            if name in self.package:
                name = self.package.next_name(name.replace(".xml", "%d.xml"))
            found = self.package.add(name, content_type, parse(empty.encode()))
            self.package.relate(self.main, reltype, found)
        return self.package.xml(found)

    @property
    def styles(self) -> Element:
        return self._part(RT_STYLES, "word/styles.xml", CT_STYLES,
                          f"<w:styles {W_DECLARATION}/>").root

    @property
    def settings(self) -> Element:
        return self._part(RT_SETTINGS, "word/settings.xml", CT_SETTINGS,
                          f"<w:settings {W_DECLARATION}/>").root

    def style_id(self, name: str) -> str | None:
        """The id of the style named `name` as Word shows it ('Heading 1'), if any.

        Names are matched as Word matches them, whatever their case: LibreOffice
        saves 'Heading 1' where Word writes 'heading 1'.
        """
        wanted = name.casefold()
        for style in self.styles.iter(qn("w:style")):
            found = style.find(qn("w:name"))
            if found is not None and found.get(W_VAL, "").casefold() == wanted:
                return style.get(qn("w:styleId"))
        return None

    def set_language(self, tag: str) -> None:
        """`tag` (en-GB) for the spelling checker and screen readers: the default for all
        text, every language a style sets, and the theme fonts'."""
        defaults = child(self.styles, "w:docDefaults", ("w:latentStyles", "w:style"))
        rpr = child(child(defaults, "w:rPrDefault", ("w:pPrDefault",)), "w:rPr")
        child(rpr, "w:lang", RPR_AFTER_LANG)
        for lang in self.styles.iter(qn("w:lang")):
            lang.set(W_VAL, tag)
        child(self.settings, "w:themeFontLang", SETTINGS_AFTER_FONT_LANG).set(W_VAL, tag)

    # sections and content

    @property
    def sections(self) -> list[Element]:
        """Each section's w:sectPr, first to last."""
        return [*(b.properties for b in self.blocks if isinstance(b, SectionBreak)),
                self.final_section]

    def add(self, block: Block) -> Block:
        self.blocks.append(block)
        return block

    def add_section(self) -> Element:
        """End the section so far and start one like it; the new section's w:sectPr.

        As in Word, the section ended keeps the headers and footers, and the new
        one shows them without repeating them.
        """
        ended = copy.deepcopy(self.final_section)
        ended.attrib.clear()  # revision ids
        self.blocks.append(SectionBreak(ended))
        for reference in [*self.final_section.findall(qn("w:headerReference")),
                          *self.final_section.findall(qn("w:footerReference"))]:
            self.final_section.remove(reference)
        return self.final_section

    def next_shape_id(self) -> int:
        """A drawing id no other drawing of the document has."""
        self._shape_ids += 1
        return self._shape_ids

    # footers

    def footer(self, section: Element) -> Element | None:
        """The w:ftr of `section`'s own footer; None when it shows the one before."""
        for reference in section.findall(qn("w:footerReference")):
            if reference.get(W_TYPE) == "default":
                name = self.package.target(self.main, reference.get(qn("r:id"), ""))
                if name is not None and name in self.package:
                    return self.package.xml(name).root
        return None

    def add_footer(self, section: Element) -> Element:
        """A new, empty footer for `section`; its w:ftr."""
        name = self.package.add(self.package.next_name("word/footer%d.xml"), CT_FOOTER,
                                parse(f"<w:ftr {W_DECLARATION}/>".encode()))
        reference = insert_in_order(section, Element(qn("w:footerReference")),
                                    SECT_PR_AFTER_FOOTER)
        reference.set(W_TYPE, "default")
        reference.set(qn("r:id"), self.package.relate(self.main, RT_FOOTER, name))
        return self.package.xml(name).root

    # saving

    def save(self, path: Path | str) -> None:
        body = self.part.root.find(qn("w:body"))
        assert body is not None
        for item in list(body):
            body.remove(item)
        text: list[str] = []
        for block in self.blocks:
            if isinstance(block, SectionBreak):
                body.append(_raw("".join(text)))
                text.clear()
                p = Element(qn("w:p"))
                child(p, "w:pPr").append(block.properties)
                body.append(p)
            else:
                text.append(block.xml())
        body.append(_raw("".join(text)))
        body.append(self.final_section)
        self._write_core()
        self.package.save(path)

    def _write_core(self) -> None:
        name = self.package.related("", RT_CORE_PROPERTIES)
        if name is None:
            name = "docProps/core.xml"
            self.package.relate("", RT_CORE_PROPERTIES, name)
        self.package.add(name, CT_CORE_PROPERTIES, core_xml(self.core))


def _raw(text: str) -> Element:
    item = Element(RAW)
    item.text = text
    return item


def _drawing_ids(package: Package) -> int:
    """The highest drawing id (wp:docPr) in the package (a template's logo in its
    header has one): new drawings count on from it, as Word wants them unique."""
    found = [int(n) for name, data in package.blobs.items() if name.endswith(".xml")
             for n in re.findall(rb"docPr\b[^>]*?\sid=\"(\d+)\"", data)]
    found += [int(n) for part in package.parsed.values()
              for item in part.root.iter(qn("wp:docPr")) if (n := item.get("id", "")).isdigit()]
    return max(found, default=0)


# --- document properties -----------------------------------------------------

APP_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           b'extended-properties"><Application>edi-workbook</Application></Properties>'
           )
# Core property -> its element, in the order python-docx wrote them.
CORE_ELEMENTS = {"title": "dc:title", "subject": "dc:subject", "author": "dc:creator",
                 "keywords": "cp:keywords", "comments": "dc:description",
                 "last_modified_by": "cp:lastModifiedBy", "revision": "cp:revision",
                 "created": "dcterms:created", "modified": "dcterms:modified",
                 "category": "cp:category", "language": "dc:language"}


def core_xml(properties: dict[str, str]) -> bytes:
    """docProps/core.xml: the title a screen reader announces and a file list shows."""
    items = []
    for key, tag in CORE_ELEMENTS.items():
        if key in properties:
            kind = ' xsi:type="dcterms:W3CDTF"' if tag.startswith("dcterms:") else ""
            items.append(f"<{tag}{kind}>{escape(properties[key])}</{tag}>")
    declarations = " ".join(f'xmlns:{p}="{NAMESPACES[p]}"'
                            for p in ("cp", "dc", "dcterms", "dcmitype", "xsi"))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<cp:coreProperties {declarations}>{"".join(items)}</cp:coreProperties>'
            ).encode()


def w3cdtf(moment: datetime) -> str:
    """2024-03-15T09:30:00Z, as core properties store a time (UTC)."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- section properties ------------------------------------------------------

def set_page(section: Element, width: int, height: int, landscape: bool) -> None:
    """Page size in twips, and which way round."""
    size = child(section, "w:pgSz", SECT_PR_AFTER_PG_SZ)
    if landscape:
        size.set(qn("w:orient"), "landscape")
    else:
        size.attrib.pop(qn("w:orient"), None)
    size.set(qn("w:w"), str(width))
    size.set(qn("w:h"), str(height))


def side_margins_cm(section: Element, default_cm: float) -> float:
    """Left and right margins together, in cm (`default_cm` each where unset)."""
    margins = section.find(qn("w:pgMar"))
    total = 0.0
    for side in ("w:left", "w:right"):
        value = margins.get(qn(side)) if margins is not None else None
        total += int(value) * EMU_PER_TWIP / EMU_PER_CM if value else default_cm
    return total


def numbers_pages(footer: Element) -> bool:
    """Whether a footer already has a PAGE field (the officer's template's)."""
    instructions = [*(item.text or "" for item in footer.iter(qn("w:instrText"))),
                    *(item.get(qn("w:instr"), "") for item in footer.iter(qn("w:fldSimple")))]
    return any(text.split()[:1] == ["PAGE"] for text in instructions)


def set_style(p: Element, style_id: str) -> None:
    """Give the paragraph element `p` the style `style_id`."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = Element(qn("w:pPr"))
        p.insert(0, ppr)
    style = ppr.find(qn("w:pStyle"))
    if style is None:
        style = Element(qn("w:pStyle"))
        ppr.insert(0, style)
    style.set(W_VAL, style_id)

