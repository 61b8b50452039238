"""The council style of the Word report: its styles, bullets, settings and page.

Arial throughout, 12 pt body text, dark headings, no italics (GOV.UK's
guidance), A4 with 2 cm margins. Only the styles the report uses are defined,
each with everything it sets, so a style copied into an officer's template
(report/docx.py) looks there as it looks here. Bold, italics and capitals are
set off explicitly: a template's Normal may have them on.

The values are those python-docx's template gave once restyled (the report
looks as it did), less what that template carried for Word 2010 alone.
"""

from __future__ import annotations

from ..xlsx import styles
from ..xlsx.opc import DECLARATION, NAMESPACES
from .wordml import twips

# The styles the report uses beyond Word's built-in ones; a template may restyle them.
TABLE_TEXT = "Table text"
CLOSING = "Closing sentence"
FOOTER = "Report footer"  # marks the footer line report_docx writes, to renew it
A4 = (11906, 16838)  # twentieths of a point, portrait
TEXT_WIDTH = 17.0  # cm across A4 portrait inside 2 cm margins
LANGUAGE = "en-GB"
_W = f'xmlns:w="{NAMESPACES["w"]}"'
_FONT = styles.REPORT_FONT
_FONTS = f'<w:rFonts w:ascii="{_FONT}" w:hAnsi="{_FONT}" w:cs="{_FONT}" w:eastAsia="{_FONT}"/>'


def _run(size_pt: float, colour: str = styles.REPORT_TEXT_COLOUR, bold: bool = False,
         kern: int = 0) -> str:
    """A style's character formatting."""
    weight = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/>'
    return (f'<w:rPr>{_FONTS}{weight}<w:i w:val="0"/><w:caps w:val="0"/>'
            f'<w:color w:val="{colour}"/>'
            + (f'<w:kern w:val="{kern}"/>' if kern else "")
            + f'<w:sz w:val="{round(size_pt * 2)}"/><w:szCs w:val="{round(size_pt * 2)}"/>'
            "</w:rPr>")


def _spacing(before: float | None, after: float, line: int | None = None) -> str:
    """Space before and after in points; `line` in 240ths of single spacing."""
    above = f' w:before="{round(before * 20)}"' if before is not None else ""
    height = f' w:line="{line}" w:lineRule="auto"' if line else ""
    return f'<w:spacing{above} w:after="{round(after * 20)}"{height}/>'


def _style(style_id: str, name: str, ppr: str = "", rpr: str = "", *, kind: str = "paragraph",
           based_on: str | None = "Normal", next_style: str | None = None,
           priority: int | None = None, custom: bool = False, gallery: bool = True,
           hidden: bool = False, default: bool = False) -> str:
    attrs = (f' w:type="{kind}"' + (' w:default="1"' if default else "")
             + (' w:customStyle="1"' if custom else "") + f' w:styleId="{style_id}"')
    return (f'<w:style{attrs}><w:name w:val="{name}"/>'
            + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
            + (f'<w:next w:val="{next_style}"/>' if next_style else "")
            + (f'<w:uiPriority w:val="{priority}"/>' if priority is not None else "")
            + ("<w:semiHidden/><w:unhideWhenUsed/>" if hidden else "")
            + ("<w:qFormat/>" if gallery else "") + ppr + rpr + "</w:style>")


def _heading(level: int, size_pt: float, before: float, after: float) -> str:
    return _style(f"Heading{level}", f"heading {level}",
                  f"<w:pPr><w:keepNext/><w:keepLines/>{_spacing(before, after)}"
                  f'<w:outlineLvl w:val="{level - 1}"/></w:pPr>',
                  _run(size_pt, styles.REPORT_HEADING_COLOUR, bold=True),
                  next_style="Normal", priority=9)


def styles_xml() -> bytes:
    """word/styles.xml."""
    body = styles.REPORT_BODY_PT
    h1, h2 = styles.REPORT_HEADING_PT
    text_width = twips(TEXT_WIDTH)
    indent = '<w:tblInd w:w="0" w:type="dxa"/>'
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    cell_margins = "".join(f'<w:{side} w:w="{width}" w:type="dxa"/>' for side, width in (
        ("top", 0), ("left", 108), ("bottom", 0), ("right", 108)))
    defined = (
        f'<w:docDefaults><w:rPrDefault><w:rPr>{_FONTS}<w:sz w:val="{body * 2}"/>'
        f'<w:szCs w:val="{body * 2}"/><w:lang w:val="{LANGUAGE}"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="200" w:line="276" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>",
        _style("Normal", "Normal", f"<w:pPr>{_spacing(0, 8, 276)}</w:pPr>", _run(body),
               based_on=None, default=True),
        _style("DefaultParagraphFont", "Default Paragraph Font", kind="character",
               based_on=None, priority=1, hidden=True, gallery=False, default=True),
        _style("TableNormal", "Normal Table",
               f"<w:tblPr>{indent}<w:tblCellMar>{cell_margins}</w:tblCellMar></w:tblPr>",
               kind="table", based_on=None, priority=99, hidden=True, gallery=False,
               default=True),
        _style("NoList", "No List", kind="numbering", based_on=None, priority=99,
               hidden=True, gallery=False, default=True),
        _style("Title", "Title", f"<w:pPr>{_spacing(0, 12, 240)}<w:contextualSpacing/></w:pPr>",
               _run(styles.REPORT_TITLE_PT, styles.REPORT_HEADING_COLOUR, bold=True, kern=28),
               next_style="Normal", priority=10),
        _style("Subtitle", "Subtitle", f"<w:pPr>{_spacing(0, 4)}</w:pPr>", _run(14, "404040"),
               next_style="Normal", priority=11),
        _heading(1, h1, 20, 8),
        _heading(2, h2, 16, 6),
        _style("ListBullet", "List Bullet",
               f'<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>{_spacing(0, 4)}'
               "<w:contextualSpacing/></w:pPr>", _run(body),
               priority=99, gallery=False),
        _style("Footer", "footer",
               f'<w:pPr><w:tabs><w:tab w:val="center" w:pos="{text_width // 2}"/>'
               f'<w:tab w:val="right" w:pos="{text_width}"/></w:tabs>{_spacing(0, 0, 240)}'
               "</w:pPr>", _run(styles.REPORT_FOOTER_PT), priority=99, gallery=False),
        _style("TableGrid", "Table Grid", f"<w:pPr>{_spacing(None, 0, 240)}</w:pPr>"
               f"<w:tblPr>{indent}<w:tblBorders>{borders}</w:tblBorders>"
               f"<w:tblCellMar>{cell_margins}</w:tblCellMar></w:tblPr>",
               kind="table", based_on="TableNormal", priority=59, gallery=False),
        _style("Tabletext", TABLE_TEXT,
               f"<w:pPr>{_spacing(2, 2, 240)}</w:pPr>", _run(styles.REPORT_TABLE_PT),
               custom=True),
        _style("Closingsentence", CLOSING, f"<w:pPr>{_spacing(2, 8)}</w:pPr>",
               _run(body, bold=True), custom=True),
        _style("Reportfooter", FOOTER, f"<w:pPr>{_spacing(0, 0)}</w:pPr>",
               _run(styles.REPORT_FOOTER_PT), based_on="Footer", custom=True, gallery=False),
    )
    return DECLARATION + f'<w:styles {_W}>{"".join(defined)}</w:styles>'.encode()


def numbering_xml() -> bytes:
    """word/numbering.xml: List Bullet's bullet (numId 1), as Word's own."""
    return DECLARATION + (
        f'<w:numbering {_W}><w:abstractNum w:abstractNumId="0">'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/><w:lvlText w:val="\uf0b7"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="360"/></w:tabs>'
        '<w:ind w:left="360" w:hanging="360"/></w:pPr><w:rPr>'
        '<w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl>'
        '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        "</w:numbering>").encode()


def settings_xml() -> bytes:
    """word/settings.xml. Word 2010's layout rules (compatibilityMode 14), which the
    report has always been laid out by."""
    compat = "".join(
        f'<w:compatSetting w:name="{name}" w:uri="http://schemas.microsoft.com/office/word"'
        f' w:val="{value}"/>' for name, value in (
            ("compatibilityMode", 14), ("overrideTableStyleFontSizeAndJustification", 1),
            ("enableOpenTypeFeatures", 1), ("doNotFlipMirrorIndents", 1)))
    return DECLARATION + (
        f'<w:settings {_W}><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        f"<w:compat><w:useFELayout/>{compat}</w:compat>"
        f'<w:themeFontLang w:val="{LANGUAGE}"/><w:decimalSymbol w:val="."/>'
        '<w:listSeparator w:val=","/></w:settings>').encode()


def section_xml() -> str:
    """The body's w:sectPr: A4 portrait, 2 cm margins, header and footer 1 cm from the edge."""
    margin, edge = twips(styles.REPORT_MARGIN_CM), twips(1.0)
    width, height = A4
    return (f'<w:sectPr><w:pgSz w:w="{width}" w:h="{height}"/><w:pgMar w:top="{margin}"'
            f' w:right="{margin}" w:bottom="{margin}" w:left="{margin}" w:header="{edge}"'
            f' w:footer="{edge}" w:gutter="0"/><w:cols w:space="720"/>'
            '<w:docGrid w:linePitch="360"/></w:sectPr>')

