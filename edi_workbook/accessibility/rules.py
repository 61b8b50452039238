"""The rules a program can check, each with its level and its source, and what a finding is.

Levels follow Microsoft's Accessibility Checker (errors, warnings, tips); each
rule names where it comes from (Microsoft's rules, GOV.UK's publishing
guidance, the Analysis Function's spreadsheet checklist, WCAG 2.2), so an
officer can read why. The judgements both file kinds share (alt text, link
text) and the words findings are written in live here too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from ..core import messages as m
from ..xlsx.refs import column_letter

ON_OFF_FALSE = ("0", "false", "off")  # how Word and Excel write a switched-off flag
LEVELS = ("error", "warning", "tip")  # Microsoft's order: most serious first

MS_RULES = ("https://support.microsoft.com/en-us/office/rules-for-the-accessibility-checker"
            "-651e08f2-0fc3-4e10-aaca-74b4a67101c1")
GOVUK_DOCS = "https://www.gov.uk/guidance/publishing-accessible-documents"
GOVUK_TABLES = "https://www.gov.uk/guidance/content-design/tables"
AF_SHEETS = ("https://analysisfunction.civilservice.gov.uk/policy-store/"
             "making-spreadsheets-accessible-a-brief-checklist-of-the-basics/")
WCAG = "https://www.w3.org/TR/WCAG22/"
NOTTS_HEADINGS = ("https://www.nottinghamshire.gov.uk/global-content/how-to-create-accessible-"
                  "content/how-to-make-word-documents-accessible/headings-in-word")
# The print rules are this tool's own (edi-workbook's "pages that print whole"),
# after the Analysis Function's "Wrap text within cells" (essential).
WRAP_TEXT = ('Analysis Function, Making spreadsheets accessible: "Wrap text within cells" (E,'
             ' essential); edi-workbook: text that prints whole')


@dataclass(frozen=True)
class Rule:
    """One check: its level as Microsoft sorts findings, and who says so."""

    id: str
    level: str
    checks: str
    source: str
    url: str
    note: str = ""


RULES: dict[str, Rule] = {rule.id: rule for rule in (
    # --- Word -----------------------------------------------------------------
    Rule("docx.title", "warning", "the document properties give a title, and not a default"
         " ('Document1', 'Untitled') or a file name",
         'GOV.UK, Publishing accessible documents: "Give the document a meaningful title."',
         GOVUK_DOCS, "Microsoft's checker does not check it; a screen reader announces the"
         " title in place of the file name"),
    Rule("docx.fake-heading", "warning", "no paragraph styled as text is made to look like a"
         " heading (all bold at 14 pt or more, or 18 pt or more, and short)",
         "Nottinghamshire County Council, How to make Word documents accessible: \"You must"
         " use Word's built-in heading styles. Do not create headings by only changing the"
         ' font size, colour or making text bold."; WCAG 2.2 success criterion 1.3.1 Info and'
         " Relationships (level A)", NOTTS_HEADINGS,
         "a paragraph of 20 words or fewer, outside tables, not ending in a full stop"),
    Rule("docx.italics", "tip", "no long run of italics (10 words or more in a paragraph)",
         'GOV.UK, Publishing accessible documents: "Use sentence case. Avoid all caps text and'
         ' italics."', GOVUK_DOCS, "a few words in italics (a title, a term) are accepted"),
    Rule("docx.underline", "warning", "no underlined text outside a link",
         'GOV.UK, Publishing accessible documents: "Avoid underlining, except for links."',
         GOVUK_DOCS, "text in a link, a HYPERLINK field or the Hyperlink style is a link"),
    Rule("docx.capitals", "tip", "no run of block capitals (3 words or more, or 'All caps')",
         'GOV.UK, Publishing accessible documents: "Use sentence case. Avoid all caps text and'
         ' italics."', GOVUK_DOCS, "an abbreviation on its own (EDI, ICT) is accepted"),
    Rule("docx.word-broken", "warning", "every table column is wider than its longest word",
         WRAP_TEXT + " (for a Word table as for a sheet)", AF_SHEETS,
         "widths from the table grid (w:gridCol) less the cell margins; Arial measured with"
         " Liberation Sans's widths, Calibri with Carlito's, other fonts as Calibri; a line"
         " may break after a hyphen; web and e-mail addresses and codes are not judged"),
    Rule("docx.page-edge", "warning", "no table is wider than the page between its margins",
         "edi-workbook's own rule (pages that print whole), after GOV.UK's publishing"
         " guidance", GOVUK_DOCS,
         "Word lets a table wider than the margins run into them and off the paper"),
    Rule("docx.language", "warning", "a language is set (w:lang or w:themeFontLang)",
         "WCAG 2.2 success criterion 3.1.1 Language of Page (level A)",
         WCAG + "#language-of-page"),
    Rule("docx.headings", "tip", "headings are used at all",
         'Microsoft, Rules for the Accessibility Checker: "Documents use heading styles"',
         MS_RULES, "flagged only when 5 or more paragraphs of text have no heading"),
    Rule("docx.heading-order", "warning", "no heading level is skipped",
         "Microsoft's Accessibility Checker (skipped heading level)", MS_RULES,
         "the Title style counts as level 1"),
    Rule("docx.table-header", "error", "every table's first row is a header row"
         " (w:tblHeader) with a heading in every column",
         'Microsoft, Rules for the Accessibility Checker: "Tables specify column header'
         ' information."; GOV.UK tables: "a descriptive header for every column"',
         MS_RULES, "the top-left cell may be empty (GOV.UK)"),
    Rule("docx.merged-cells", "warning", "no merged cells (w:gridSpan, w:vMerge) in tables",
         'Microsoft: "Table has a simple structure"; GOV.UK tables: "You should not have any'
         ' split, merged or empty cells."', GOVUK_TABLES),
    Rule("docx.empty-cells", "warning", "no empty data cells in tables",
         'GOV.UK tables: "You should not have any split, merged or empty cells." and "no data'
         ' or not applicable instead of empty cells"', GOVUK_TABLES,
         "the top-left cell may be empty"),
    Rule("docx.alt-text", "error", "every picture and chart has alt text (wp:docPr@descr)"
         " that is not a file name, or is marked decorative",
         'Microsoft, Rules for the Accessibility Checker: "All non-text content has'
         ' alternative text (alt text)." / "the text doesn\'t contain images or file'
         ' extensions"', MS_RULES, "shapes holding text are read as text and skipped"),
    Rule("docx.link-text", "warning", "link text is not a bare address or 'click here'",
         'Microsoft: "Hyperlink text is meaningful."; GOV.UK: "Make sure link text clearly'
         ' describes where the link goes."', MS_RULES, "an e-mail address is accepted"),
    Rule("docx.font-size", "warning", "text is 12 pt or more (table text 10 pt or more)",
         'GOV.UK, Publishing accessible documents: "Use a minimum size of 12 points."',
         GOVUK_DOCS, "headers and footers are not checked; 10 pt in tables is this tool's"
         " decision so data tables fit A4 without broken words"),
    Rule("docx.table-font-size", "tip", "table text is 12 pt or more",
         'GOV.UK, Publishing accessible documents: "Use a minimum size of 12 points."',
         GOVUK_DOCS),
    Rule("docx.justified", "warning", "no justified text",
         'GOV.UK, Publishing accessible documents: "Make sure the text is left aligned, not'
         ' justified."', GOVUK_DOCS),
    Rule("docx.empty-paragraphs", "warning", "no run of empty paragraphs used for spacing",
         'Microsoft\'s checker, "Avoid using repeated blank characters" (screen readers say'
         ' "blank" for each)', MS_RULES,
         "the last paragraph and section breaks are not counted"),
    Rule("docx.empty-paragraph", "tip", "no single empty paragraph used for spacing",
         "as docx.empty-paragraphs", MS_RULES),
    Rule("docx.contrast", "warning", "text and background colours, where both are set,"
         " contrast 4.5:1 (3:1 for large text)",
         "WCAG 2.2 success criterion 1.4.3 Contrast (Minimum); Microsoft's checker checks"
         " text contrast too", WCAG + "#contrast-minimum",
         "automatic text colour adapts to its background and is skipped"),
    # --- Excel ----------------------------------------------------------------
    Rule("xlsx.title", "warning", "the workbook properties give a title, and not a default"
         " ('Book1', 'Sheet1') or a file name",
         'GOV.UK, Publishing accessible documents: "Give the document a meaningful title."',
         GOVUK_DOCS),
    Rule("xlsx.sheet-name", "warning", "visible sheets have meaningful names (not 'Sheet1')",
         'Microsoft, Rules for the Accessibility Checker: "Sheet tabs have meaningful names"',
         MS_RULES, "also a name with no letters, or a long code"),
    Rule("xlsx.hidden-sheet", "tip", "hidden sheets are noted",
         "Analysis Function, Making spreadsheets accessible: avoid hiding content (screen"
         " readers skip it)", AF_SHEETS, "a note, not a fault: the tool keeps its own data"
         " there"),
    Rule("xlsx.table-header", "error", "every data table has a header row with a heading in"
         " every column",
         'Microsoft, Rules for the Accessibility Checker: "Tables specify column header'
         ' information." ("Tables and/or blocks of cells have the header box selected")',
         MS_RULES, "data tables are Excel tables and autofilter ranges"),
    Rule("xlsx.table-name", "tip", "Excel tables are not left with default names ('Table1')",
         "Analysis Function, Making spreadsheets accessible: give tables meaningful names",
         AF_SHEETS),
    Rule("xlsx.merged-cells", "warning", "no merged cells",
         "Microsoft's checker flags merged cells on any sheet; Analysis Function: remove"
         " merged cells, split cells and nested tables (essential)", AF_SHEETS),
    Rule("xlsx.blank-rows", "warning", "no blank rows or columns inside data tables",
         "Analysis Function: remove blank rows and columns within tables (essential);"
         ' Microsoft: "Tables don\'t use blank cells for formatting"', AF_SHEETS,
         "a single empty optional cell is not flagged; a column is blank when it has no"
         " heading and no data"),
    Rule("xlsx.alt-text", "error", "every picture, chart and shape has alt text"
         " (xdr:cNvPr@descr) that is not a file name, or is marked decorative",
         'Microsoft, Rules for the Accessibility Checker: "All non-text content has'
         ' alternative text (alt text)."', MS_RULES, "shapes holding text are skipped"),
    Rule("xlsx.colour-only", "warning", "colour is never the only carrier of meaning",
         'WCAG 2.2 success criterion 1.4.1 Use of Color (level A): "Color is not used as the'
         ' only visual means of conveying information"; Microsoft\'s checker cannot detect it',
         WCAG + "#use-of-color",
         "judged where a program can: a filled empty cell that stands out from its row (in a"
         " table, a filter range, or a plain row of two or more words); the same words in"
         " different colours in one column, with nothing else (border, bold, a note) to tell"
         " them apart; a conditional colour driven by a cell not shown, by blanks or by"
         " TODAY()"),
    Rule("xlsx.contrast", "warning", "text and fill colours contrast 4.5:1 (3:1 large text)",
         "WCAG 2.2 success criterion 1.4.3 Contrast (Minimum)", WCAG + "#contrast-minimum",
         "Excel's automatic text colour is black"),
    Rule("xlsx.font-size", "warning", "cell text is 10 pt or more",
         'GOV.UK asks for 12 pt in documents ("Use a minimum size of 12 points."); a sheet'
         " is read on screen at Excel's default 11 pt, so this tool asks for 10 pt",
         GOVUK_DOCS),
    Rule("xlsx.print-size", "warning", "printed text is about 8 pt or more after fit-to-page",
         "edi-workbook issue 15 (printed text at least 8 pt), after GOV.UK's 12 pt",
         GOVUK_DOCS, "an estimate of what Excel prints (column widths in Calibri's digit"
         " width, paper, margins, fit-to-page); no paper size is read as A4; LibreOffice"
         " without a Calibri-compatible font (Carlito) lays columns out wider and prints"
         " smaller"),
    Rule("xlsx.word-broken", "warning", "no word in a wrapped cell is wider than its column",
         WRAP_TEXT, AF_SHEETS, "Excel breaks such a word between letters (\"Communicatio /"
         " n\"); measured in Calibri (or Arial) at 7 pixels a character of column width; a"
         " line may break after a hyphen; web and e-mail addresses and codes are not judged"),
    Rule("xlsx.text-cut", "warning", "every row is tall enough for its wrapped text, and"
         " unwrapped text wider than its column is not cut off by the next cell",
         WRAP_TEXT, AF_SHEETS, "only rows written with a height are judged: Excel keeps that"
         " height, while a row written without one grows to fit its text when the file opens;"
         " a line counts as shown when three quarters of it is"),
    Rule("xlsx.hashes", "warning", "every number and date fits its column (no #####)",
         "edi-workbook: text that prints whole (Excel shows ##### for a number wider than its"
         " column)", AF_SHEETS, "General numbers are not judged: Excel shows fewer decimals"),
    Rule("xlsx.row-height", "tip", "no row is far taller than its text (4 lines and twice"
         " over)", "edi-workbook: pages that print whole", AF_SHEETS,
         "only rows given a height are judged"),
    Rule("xlsx.page-edge", "warning", "nothing runs over the printed page's edge: no column"
         " wider than the page at its scale, no row taller, no text past the last printed"
         " column", "edi-workbook: pages that print whole", AF_SHEETS,
         "the print area, or the cells in use (text past them is judged only against a print"
         " area); scale as xlsx.print-size estimates it"),
    Rule("xlsx.link-text", "warning", "link text is not a bare address or 'click here'",
         'Microsoft: "Hyperlink text is meaningful."; GOV.UK: "Make sure link text clearly'
         ' describes where the link goes."', MS_RULES),
)}


@dataclass(frozen=True)
class Finding:
    """One thing to fix: where it is, how serious, and what to do."""

    file: Path
    where: str
    rule: str
    level: str
    message: str

    def line(self) -> str:
        """The file as given (two folders can hold files of one name), where, level, fix."""
        place = f"{self.file}, {self.where}" if self.where else str(self.file)
        return f"{place}: {self.level}: {self.message} [{self.rule}]"


def count_levels(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(LEVELS, 0)
    for finding in findings:
        counts[finding.level] += 1
    return counts


class Findings:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[Finding] = []

    def add(self, rule: str, where: str, message: str) -> None:
        self.items.append(Finding(self.path, where, rule, RULES[rule].level, message))


# --- Shared judgements and words ---------------------------------------------

_IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)\b", re.IGNORECASE)
_DEFAULT_LABEL = re.compile(r"^(picture|image|chart|graphic|diagram|object|shape)\s*\d*$",
                            re.IGNORECASE)
_ADDRESS = re.compile(r"^((https?|ftp)://|www\.)\S+$|^[\w.-]+\.(uk|com|org|net|gov|io)(/\S*)?$",
                      re.IGNORECASE)
_GENERIC_LINKS = {"click here", "here", "click", "link", "this link", "more", "read more",
                  "more information", "more info", "find out more", "this", "this page",
                  "website", "web page", "page", "see here", "go", "details"}


def alt_problem(kind: str, text: str) -> str | None:
    text = text.strip()
    if not text:
        return m.no_alt_text(kind)
    if _IMAGE_FILE.search(text) or _DEFAULT_LABEL.match(text):
        return m.alt_text_not_description(kind, text)
    return None


def is_decorative(element: Element) -> bool:
    return any(node.tag.endswith("}decorative") and node.get("val", "1") in ("1", "true")
               for node in element.iter())


def link_problem(text: str, target: str) -> str | None:
    shown = " ".join(text.split())
    bare_target = target.removeprefix("mailto:")
    if "@" in shown and " " not in shown and not shown.startswith(("http", "www")):
        return None  # an e-mail address is how GOV.UK writes one
    if (not shown or _ADDRESS.match(shown) or shown.strip(" .:>").casefold() in _GENERIC_LINKS
            or (bare_target and shown == bare_target)):
        return m.bad_link_text(shown)
    return None


_DEFAULT_TITLE = re.compile(
    r"^(document|book|workbook|sheet|untitled|presentation|title|new document|new"
    r" microsoft (word|excel) (document|worksheet)|doc|draft|report|template)\s*\d*$"
    r"|^microsoft (word|excel) - |\.(docx?|xlsx?|xlsm|docm|odt|ods|pdf|dotx|xltx)$",
    re.IGNORECASE)


def generic_title(title: str) -> bool:
    """A title that says nothing of the document: Office's default, or a file name."""
    return bool(_DEFAULT_TITLE.search(" ".join(title.split())))


def cell_list(cells: Iterable[tuple[int, int]], limit: int = 6) -> str:
    """'F5:F9, H12 and 3 more': (row, column) places, runs down a column joined into ranges."""
    by_column: dict[int, list[int]] = defaultdict(list)
    for row, column in cells:
        by_column[column].append(row)
    parts: list[tuple[int, int, str]] = []
    for column, rows in by_column.items():
        letters = column_letter(column)
        for first, last in _runs(rows):
            text = f"{letters}{first}" if first == last else f"{letters}{first}:{letters}{last}"
            parts.append((first, column, text))
    parts.sort()
    return listing([text for _, _, text in parts], limit)


def _runs(numbers: Iterable[int]) -> list[list[int]]:
    """[first, last] of each run of consecutive numbers, in order."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return runs


def number_list(numbers: Iterable[int], limit: int = 8) -> str:
    """'3-5, 9 and 12': paragraph and row lists an officer can read."""
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in _runs(numbers)]
    return listing(parts, limit)


def listing(parts: list[str], limit: int = 8) -> str:
    if len(parts) > limit:
        return ", ".join(parts[:limit]) + f" and {len(parts) - limit} more"
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else ""


def quote(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def pt(half_points: float) -> str:
    return f"{half_points / 2:g}"
