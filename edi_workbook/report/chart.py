"""A native Word bar chart (DrawingML): its part, its figures, and the drawing that shows it.

Why a native chart and not a picture: it prints sharp at any size; Word and
LibreOffice draw it from the values stored in the file, so no image library
(and no new dependency) is needed; the officer can restyle it in Word like a
chart of their own, and its figures sit in an embedded workbook, so Word's
"Edit Data" works. Its alt text is set on the drawing, each bar is labelled
with its status word and count (colour is never the only label), and the
report puts the same figures in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from ..xlsx.figures import figures_workbook
from ..xlsx.opc import CT_CHART, CT_XLSX, NAMESPACES, RT_CHART, RT_PACKAGE

if TYPE_CHECKING:
    from .wordml import Document

NS_C, NS_A, NS_R, NS_WP = (NAMESPACES[p] for p in ("c", "a", "r", "wp"))
EMU_PER_CM = 360_000
SHEET = "Sheet1"  # the embedded workbook's sheet, as Word names it


@dataclass(frozen=True)
class Bar:
    """One bar: its label (a status word), its value, and its fill and outline colours."""

    label: str
    value: int
    fill: str
    line: str


def add_bar_chart(doc: Document, bars: Sequence[Bar], *, title: str, alt_text: str,
                  series: str, width_cm: float, height_cm: float, font: str,
                  font_pt: float, text_colour: str) -> str:
    """A horizontal bar chart of `bars`, top to bottom, added to `doc`'s parts; the
    drawing (w:drawing) that shows it inline, for a run."""
    package = doc.package
    workbook = package.add(
        package.next_name("word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), CT_XLSX,
        figures_workbook(SHEET, ("Status", series), [(b.label, b.value) for b in bars]))
    chart = package.next_name("word/charts/chart%d.xml")
    data_rid = package.relate(chart, RT_PACKAGE, workbook)
    package.add(chart, CT_CHART, chart_xml(
        bars, title=title, series=series, data_rid=data_rid, font=font, font_pt=font_pt,
        text_colour=text_colour).encode())
    chart_rid = package.relate(doc.main, RT_CHART, chart)
    shape_id = doc.next_shape_id()
    return (
        f'<w:drawing xmlns:wp="{NS_WP}" xmlns:a="{NS_A}" xmlns:c="{NS_C}" xmlns:r="{NS_R}">'
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{int(width_cm * EMU_PER_CM)}" cy="{int(height_cm * EMU_PER_CM)}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name={quoteattr(f"Chart {shape_id}")}'
        f' title={quoteattr(title)} descr={quoteattr(alt_text)}/>'
        '<wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{NS_C}"><c:chart r:id="{chart_rid}"/>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing>')


def _text_props(font: str, size_pt: float, colour: str, bold: bool = False) -> str:
    weight = ' b="1"' if bold else ' b="0"'
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>'
            f'<a:defRPr sz="{int(size_pt * 100)}"{weight}>'
            f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
            f'<a:latin typeface={quoteattr(font)}/><a:cs typeface={quoteattr(font)}/>'
            '</a:defRPr></a:pPr><a:endParaRPr lang="en-GB"/></a:p></c:txPr>')


def chart_xml(bars: Sequence[Bar], *, title: str, series: str, data_rid: str, font: str,
              font_pt: float, text_colour: str) -> str:
    """The chart part: one series, a bar per status in the given order, values labelled.

    The category axis runs top to bottom (orientation maxMin) so the bars read
    in the table's order; the value axis is hidden because every bar carries
    its count.
    """
    n = len(bars)
    points = "".join(
        f'<c:dPt><c:idx val="{i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>'
        f'<c:spPr><a:solidFill><a:srgbClr val="{b.fill}"/></a:solidFill>'
        f'<a:ln w="12700"><a:solidFill><a:srgbClr val="{b.line}"/></a:solidFill></a:ln>'
        '</c:spPr></c:dPt>' for i, b in enumerate(bars))
    labels = "".join(f'<c:pt idx="{i}"><c:v>{escape(b.label)}</c:v></c:pt>'
                     for i, b in enumerate(bars))
    values = "".join(f'<c:pt idx="{i}"><c:v>{b.value}</c:v></c:pt>' for i, b in enumerate(bars))
    no_line = '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
    body = _text_props(font, font_pt, text_colour)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{NS_C}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
        '<c:date1904 val="0"/><c:lang val="en-GB"/><c:roundedCorners val="0"/>'
        '<c:chart>'
        '<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>'
        f'<a:defRPr sz="{int((font_pt + 1) * 100)}" b="1"/></a:pPr>'
        f'<a:r><a:rPr lang="en-GB" sz="{int((font_pt + 1) * 100)}" b="1"/>'
        f'<a:t>{escape(title)}</a:t></a:r></a:p></c:rich></c:tx>'
        '<c:overlay val="0"/></c:title>'
        '<c:autoTitleDeleted val="0"/>'
        '<c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/>'
        '<c:varyColors val="0"/>'
        '<c:ser><c:idx val="0"/><c:order val="0"/>'
        f'<c:tx><c:strRef><c:f>{SHEET}!$B$1</c:f><c:strCache><c:ptCount val="1"/>'
        f'<c:pt idx="0"><c:v>{escape(series)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
        '<c:invertIfNegative val="0"/>'
        f'{points}'
        f'<c:dLbls>{no_line}{body}<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/>'
        '<c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/>'
        '<c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
        f'<c:cat><c:strRef><c:f>{SHEET}!$A$2:$A${n + 1}</c:f><c:strCache>'
        f'<c:ptCount val="{n}"/>{labels}</c:strCache></c:strRef></c:cat>'
        f'<c:val><c:numRef><c:f>{SHEET}!$B$2:$B${n + 1}</c:f><c:numCache>'
        f'<c:formatCode>General</c:formatCode><c:ptCount val="{n}"/>{values}'
        '</c:numCache></c:numRef></c:val>'
        '</c:ser>'
        '<c:gapWidth val="50"/>'
        '<c:axId val="500000001"/><c:axId val="500000002"/>'
        '</c:barChart>'
        '<c:catAx><c:axId val="500000001"/>'
        '<c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        '<c:tickLblPos val="nextTo"/>'
        '<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="808080"/></a:solidFill></a:ln>'
        f'</c:spPr>{body}'
        '<c:crossAx val="500000002"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/>'
        '</c:catAx>'
        '<c:valAx><c:axId val="500000002"/>'
        '<c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling>'
        '<c:delete val="1"/><c:axPos val="t"/>'
        '<c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        '<c:tickLblPos val="nextTo"/>'
        '<c:crossAx val="500000001"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/></c:valAx>'
        f'{no_line}'
        '</c:plotArea>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>'
        '</c:chart>'
        f'{no_line}{body}'
        f'<c:externalData r:id="{data_rid}"><c:autoUpdate val="0"/></c:externalData>'
        '</c:chartSpace>')
