"""Accessibility check for the .docx and .xlsx files the tool writes, and an officer's own.

A UK council must publish accessible documents (Public Sector Bodies Accessibility
Regulations 2018) and no maintained Python checker exists, so this is a small table
of the rules a program can verify, each with its source (RULES), and one function per
file kind. It reads the zip parts with zipfile + defusedxml: fast, and it judges the
file as Word and Excel will see it, not as python-docx or openpyxl rebuild it.

Decisions a rule's source leaves open (see also each rule's `note`):
- A sheet's data tables are its Excel tables and the range under its autofilter
  (the filter buttons sit on the header row). Cells outside them are layout (a
  title, an intro, a colour key) and are not judged for blank rows or fills.
- An empty cell inside a data table is not flagged on its own: an optional field
  can legitimately be empty. A wholly blank row, or a column with neither heading
  nor data, is spacing, and is flagged. In Word tables GOV.UK asks for no empty
  cells at all, so there each one is counted.
- Hidden sheets are noted, not checked: screen readers skip them.
- Word's text size: 12 pt for text (GOV.UK); table text may be 10 pt (a tip below
  12) so a data table fits A4 without breaking words, which hurts reading more.
- A fill or colour rule is judged only where it can carry meaning alone: a filled
  empty cell that stands out from its row, or a conditional colour driven by a
  cell outside the coloured area. Whether a colour's meaning is also in the words
  of a filled cell needs a person.
"""

from __future__ import annotations

import colorsys
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from ..core import messages as m
from ..core.errors import WorkbookError
from ..xlsx import filecheck
from ..xlsx.refs import column_index, column_letter

LEVELS = ("error", "warning", "tip")  # Microsoft's order: most serious first

MS_RULES = ("https://support.microsoft.com/en-us/office/rules-for-the-accessibility-checker"
            "-651e08f2-0fc3-4e10-aaca-74b4a67101c1")
GOVUK_DOCS = "https://www.gov.uk/guidance/publishing-accessible-documents"
GOVUK_TABLES = "https://www.gov.uk/guidance/content-design/tables"
AF_SHEETS = ("https://analysisfunction.civilservice.gov.uk/policy-store/"
             "making-spreadsheets-accessible-a-brief-checklist-of-the-basics/")
WCAG = "https://www.w3.org/TR/WCAG22/"


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
    Rule("docx.title", "warning", "the document properties give a title",
         'GOV.UK, Publishing accessible documents: "Give the document a meaningful title."',
         GOVUK_DOCS, "Microsoft's checker does not check it; a screen reader announces the"
         " title in place of the file name"),
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
    Rule("xlsx.title", "warning", "the workbook properties give a title",
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
         "WCAG 2.2 success criterion 1.4.1 Use of Color (level A); Microsoft's checker cannot"
         " detect it", WCAG + "#use-of-color",
         "judged on empty filled cells in data tables and on conditional colours"),
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


def check_file(path: Path | str) -> list[Finding]:
    """Findings for one .docx or .xlsx, most serious first.

    Raises WorkbookError (what the file is and what to do) when it cannot be read.
    """
    path = Path(path)
    kind = _kind(path)
    if kind == "xlsx":
        filecheck.check_workbook_file(path)
    else:
        _check_docx_file(path)
    try:
        with zipfile.ZipFile(path) as archive:
            package = _Package(path, archive)
            found = _check_docx(package) if kind == "docx" else _check_xlsx(package)
    except zipfile.BadZipFile:
        raise WorkbookError(path, m.DAMAGED, m.FRESH_OR_LAST_GOOD) from None
    return sorted(found, key=lambda f: LEVELS.index(f.level))


def count_levels(findings: Iterable[Finding]) -> dict[str, int]:
    counts = dict.fromkeys(LEVELS, 0)
    for finding in findings:
        counts[finding.level] += 1
    return counts


# --- Reading a package ---------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
VML = "{urn:schemas-microsoft-com:vml}"


def _kind(path: Path) -> str:
    if not path.exists():
        raise WorkbookError(path, m.FILE_NOT_FOUND, m.CHECK_NAME_AND_FOLDER)
    if path.is_dir():
        raise WorkbookError(path, m.IS_A_FOLDER, m.NAME_THE_FILE)
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm"):
        return "docx"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    raise WorkbookError(path, m.NOT_DOCX_OR_XLSX, m.CHECK_DOCX_OR_XLSX)


def _check_docx_file(path: Path) -> None:
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
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if "word/document.xml" not in {i.filename for i in infos}:
                raise WorkbookError(path, m.NOT_A_DOCX, m.SAVE_AS_DOCX)
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if (info.file_size > filecheck.MAX_PART_BYTES
                        or total > filecheck.MAX_UNPACKED_BYTES
                        or (info.file_size > filecheck.RATIO_FLOOR_BYTES
                            and ratio > filecheck.MAX_RATIO)):
                    raise WorkbookError(path, m.too_big(info.filename, info.file_size),
                                        m.ASK_SENDER_AGAIN)
    except zipfile.BadZipFile:
        raise WorkbookError(path, m.DAMAGED, m.FRESH_OR_LAST_GOOD) from None


_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|&#(x[0-9a-fA-F]+|[0-9]+);")


def _drop_control(match: re.Match[bytes]) -> bytes:
    """Drop a control character, raw or as a reference; keep every other reference."""
    number = match.group(1)
    if number is None:
        return b""
    code = int(number[1:], 16) if number[:1] in (b"x", b"X") else int(number)
    return b"" if code < 32 and code not in (9, 10, 13) else match.group(0)


class _Package:
    """The XML parts of one zip, parsed safely; a part that will not parse is damage."""

    def __init__(self, path: Path, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.archive = archive
        self.names = set(archive.namelist())

    def xml(self, name: str) -> Element | None:
        if name not in self.names:
            return None
        try:
            data = self.archive.read(name)
            try:
                return SafeET.fromstring(data)
            except SafeET.ParseError:
                # Control characters: the tool's own reader cleans them, so judge the rest.
                return SafeET.fromstring(_CONTROL.sub(_drop_control, data))
        except DefusedXmlException:
            raise WorkbookError(self.path, m.declares_entities(name), m.ASK_SENDER_AGAIN) from None
        except (SafeET.ParseError, zipfile.BadZipFile, NotImplementedError, OSError):
            raise WorkbookError(self.path, m.DAMAGED, m.FRESH_OR_LAST_GOOD) from None

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type's last word, target part or external address)."""
        folder, _, name = part.rpartition("/")
        root = self.xml(f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels")
        found: dict[str, tuple[str, str]] = {}
        for rel in [] if root is None else root.iter(RELS):
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External":
                target = _join(folder, target)
            found[rel.get("Id", "")] = (kind, target)
        return found


def _join(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = folder.split("/") if folder else []
    for piece in target.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


class _Findings:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[Finding] = []

    def add(self, rule: str, where: str, message: str) -> None:
        self.items.append(Finding(self.path, where, rule, RULES[rule].level, message))


def _title(package: _Package) -> str:
    core = package.xml("docProps/core.xml")
    node = None if core is None else core.find(DC_TITLE)
    return (node.text or "").strip() if node is not None else ""


# --- Shared judgements ---------------------------------------------------------

_IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)\b", re.IGNORECASE)
_DEFAULT_LABEL = re.compile(r"^(picture|image|chart|graphic|diagram|object|shape)\s*\d*$",
                            re.IGNORECASE)
_ADDRESS = re.compile(r"^((https?|ftp)://|www\.)\S+$|^[\w.-]+\.(uk|com|org|net|gov|io)(/\S*)?$",
                      re.IGNORECASE)
_GENERIC_LINKS = {"click here", "here", "click", "link", "this link", "more", "read more",
                  "more information", "more info", "find out more", "this", "this page",
                  "website", "web page", "page", "see here", "go", "details"}


def _alt_problem(kind: str, text: str) -> str | None:
    text = text.strip()
    if not text:
        return m.no_alt_text(kind)
    if _IMAGE_FILE.search(text) or _DEFAULT_LABEL.match(text):
        return m.alt_text_not_description(kind, text)
    return None


def _is_decorative(element: Element) -> bool:
    return any(node.tag.endswith("}decorative") and node.get("val", "1") in ("1", "true")
               for node in element.iter())


def _link_problem(text: str, target: str) -> str | None:
    shown = " ".join(text.split())
    bare_target = target.removeprefix("mailto:")
    if "@" in shown and " " not in shown and not shown.startswith(("http", "www")):
        return None  # an e-mail address is how GOV.UK writes one
    if (not shown or _ADDRESS.match(shown) or shown.strip(" .:>").casefold() in _GENERIC_LINKS
            or (bare_target and shown == bare_target)):
        return m.bad_link_text(shown)
    return None


def _luminance(rgb: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _colour_name(rgb: str) -> str:
    """'pale blue (#DDEBF7)': hex alone means nothing to an officer."""
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    if sat < 0.15 or max(r, g, b) - min(r, g, b) < 0.08:
        name = ("white" if light > 0.95 else "black" if light < 0.1 else
                "light grey" if light > 0.7 else "dark grey" if light < 0.35 else "grey")
    else:
        names = ((0.04, "red"), (0.13, "orange"), (0.19, "yellow"), (0.45, "green"),
                 (0.55, "turquoise"), (0.72, "blue"), (0.83, "purple"), (0.95, "pink"),
                 (1.01, "red"))
        name = next(n for limit, n in names if hue < limit)
        name = ("pale " if light > 0.8 else "light " if light > 0.6 else
                "dark " if light < 0.3 else "") + name
    return f"{name} (#{rgb.upper()})"


def _numbers(numbers: Iterable[int], limit: int = 8) -> str:
    """'3-5, 9 and 12': paragraph and row lists an officer can read."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in runs]
    return _listing(parts, limit)


def _listing(parts: list[str], limit: int = 8) -> str:
    if len(parts) > limit:
        return ", ".join(parts[:limit]) + f" and {len(parts) - limit} more"
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " and " + parts[-1]
    return parts[0] if parts else ""


def _quote(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _pt(half_points: float) -> str:
    return f"{half_points / 2:g}"


# --- Word ------------------------------------------------------------------------

_ON_OFF_FALSE = ("0", "false", "off")
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


def _val(element: Element | None, default: str | None = None) -> str | None:
    return default if element is None else element.get(W + "val", default)


def _on(element: Element | None) -> bool:
    return element is not None and element.get(W + "val", "1") not in _ON_OFF_FALSE


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


class _WordCheck:
    def __init__(self, package: _Package, out: _Findings) -> None:
        self.package = package
        self.out = out
        self.styles = _WordStyles(package.xml("word/styles.xml"))
        self.rels = package.rels("word/document.xml")
        self.paragraphs: list[_Para] = []
        self.body_paragraphs = 0
        self.tables = 0
        self.table_styles: dict[int, str | None] = {}
        self.pictures = 0
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
        self._text_size()
        self._justified()
        self._empty_paragraphs()
        for (fg, bg, ratio, needed), (paragraphs, tables) in self.contrast.items():
            self.out.add("docx.contrast", _places(paragraphs, tables),
                         m.low_contrast(_colour_name(fg), _colour_name(bg), ratio, needed))
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
        for run in _runs(p):
            text = "".join(t.text or "" for t in run.iter(W + "t"))
            texts.append(text)
            if text.strip():
                size = self._run_size(run, style, table)
                para.sizes.append(size)
                self._run_contrast(run, style, size, para_shading, para)
            for drawing in run.iter():
                if drawing.tag in (WP + "inline", WP + "anchor"):
                    self._drawing(drawing, para.where)
                elif drawing.tag == VML + "shape" and drawing.find(VML + "imagedata") \
                        is not None:
                    self._vml_picture(drawing, para.where)
        para.text = "".join(texts)
        if not table and para.text.strip():
            para.where = f'paragraph {para.number} ("{_quote(para.text)}")'
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
        first = " | ".join(_quote(_cell_text(tc), 20) for tc in rows[0].findall(W + "tc"))
        where = f'table {number} ("{_quote(first, 50)}")'
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
                self._container(tc, number, f"row {r} column {column}", fill)
                column += span
        if header_rows and header_empty:
            self.out.add("docx.table-header", where, m.empty_header_cells(_listing(header_empty,
                                                                                   4)))
        if merged:
            self.out.add("docx.merged-cells", where,
                         m.merged_table_cells("rows " + _numbers(merged)))
        if empty:
            self.out.add("docx.empty-cells", where,
                         m.empty_table_cells(len(empty), _listing(empty, 4)))

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
        ratio = _contrast(colour, background)
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
        if doc_pr is None or _is_decorative(doc_pr):
            return
        text = doc_pr.get("descr") or doc_pr.get("title") or ""
        problem = _alt_problem(kind, text)
        if problem:
            self.out.add("docx.alt-text", f"{kind} {self.pictures}, {where}", problem)

    def _vml_picture(self, shape: Element, where: str) -> None:
        self.pictures += 1
        text = shape.get("alt") or ""
        problem = _alt_problem("picture", text)
        if problem:
            self.out.add("docx.alt-text", f"picture {self.pictures}, {where}", problem)

    def _links(self, p: Element, where: str) -> None:
        for link in p.iter(W + "hyperlink"):
            text = "".join(t.text or "" for t in link.iter(W + "t"))
            target = self.rels.get(link.get(R_ID, ""), ("", ""))[1] or link.get(
                W + "anchor", "")
            problem = _link_problem(text, target)
            if problem:
                self.out.add("docx.link-text", where, problem)
        for simple in p.iter(W + "fldSimple"):
            instr = simple.get(W + "instr", "")
            if instr.strip().upper().startswith("HYPERLINK"):
                target = (re.findall(r'"([^"]*)"', instr) or [""])[0]
                text = "".join(t.text or "" for t in simple.iter(W + "t"))
                problem = _link_problem(text, target)
                if problem:
                    self.out.add("docx.link-text", where, problem)

    # Whole-document judgements.
    def _properties(self, document: Element) -> None:
        if not _title(self.package):
            self.out.add("docx.title", "document properties", m.NO_TITLE_DOCX)
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
            self.out.add("docx.font-size", _places(numbers, ()), m.small_body_text(_pt(size)))
        for (rule, size), numbers in sorted(tables.items()):
            message = (m.small_table_text(_pt(size)) if rule == "docx.font-size"
                       else m.table_text_below_12(_pt(size)))
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
                where = ("paragraph " if len(run) == 1 else "paragraphs ") + _numbers(run) + (
                    f' (after "{_quote(before, 30)}")' if before else "")
                if len(run) == 1:
                    self.out.add("docx.empty-paragraph", where, m.BLANK_PARAGRAPH)
                else:
                    self.out.add("docx.empty-paragraphs", where, m.blank_paragraphs(len(run)))
                run = []
            if para is not None and para.text.strip():
                before = para.text

    def _headers_and_footers(self) -> None:
        for kind, target in self.rels.values():
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
            parts.append(f"{word}{'s' if len(set(numbers)) > 1 else ''} {_numbers(numbers)}")
    return "; ".join(parts)


def _runs(element: Element) -> Iterator[Element]:
    """A paragraph's runs in reading order, through links, fields and insertions."""
    for child in element:
        if child.tag == W + "r":
            yield child
        elif child.tag in (W + "hyperlink", W + "ins", W + "smartTag", W + "fldSimple",
                           W + "sdt", W + "sdtContent", W + "customXml", W + "moveTo"):
            yield from _runs(child)


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


def _check_docx(package: _Package) -> list[Finding]:
    out = _Findings(package.path)
    _WordCheck(package, out).run()
    return out.items


# --- Excel -----------------------------------------------------------------------

_CELL_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
_FORMULA_REF = re.compile(r"(?<![A-Za-z_.!\]])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\d(A-Za-z_])")
_DEFAULT_SHEET = re.compile(r"^(sheet|chart|macro|dialog|tabelle|feuil|hoja|foglio|planilha|"
                            r"blad|arkusz|лист)\s*\d*$", re.IGNORECASE)
_CODE_LIKE = re.compile(r"[0-9a-f]{8,}|\d{6,}", re.IGNORECASE)
_BLANK_TEST = re.compile(r'=\s*""|ISBLANK\(|LEN\(', re.IGNORECASE)
# Paper sizes in points (width, height) by pageSetup@paperSize.
_PAPER = {1: ("Letter", 612, 792), 5: ("Legal", 612, 1008), 8: ("A3", 842, 1191),
          9: ("A4", 595, 842), 11: ("A5", 420, 595)}
_INDEXED = ["000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
            "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
            "800000", "008000", "000080", "808000", "800080", "008080", "C0C0C0", "808080"]
_MIN_CELL_SIZE, _MIN_PRINT_SIZE = 10.0, 8.0


def _ref(ref: str) -> tuple[int, int] | None:
    match = _CELL_REF.match(ref.strip().upper())
    return (int(match.group(2)), column_index(match.group(1))) if match else None


def _range(text: str) -> tuple[int, int, int, int] | None:
    """(first row, first column, last row, last column) of 'A1:B2' or 'A1'."""
    first, _, last = text.replace("$", "").partition(":")
    start, end = _ref(first), _ref(last or first)
    if start is None or end is None:
        return None
    return start[0], start[1], end[0], end[1]


def _cells(cells: Iterable[tuple[int, int]], limit: int = 6) -> str:
    """'F5:F9, H12 and 3 more': runs down a column joined into ranges."""
    by_column: dict[int, list[int]] = defaultdict(list)
    for row, column in cells:
        by_column[column].append(row)
    parts: list[tuple[int, int, str]] = []
    for column, rows in by_column.items():
        rows.sort()
        start = previous = rows[0]
        for row in rows[1:] + [None]:  # type: ignore[list-item]
            if row is not None and row == previous + 1:
                previous = row
                continue
            letters = column_letter(column)
            text = f"{letters}{start}" if start == previous else \
                f"{letters}{start}:{letters}{previous}"
            parts.append((start, column, text))
            if row is not None:
                start = previous = row
    parts.sort()
    return _listing([text for _, _, text in parts], limit)


@dataclass
class _Cell:
    text: str
    style: int
    formula: str = ""
    shared: int = -1  # index into the shared strings, for rich-text sizes


@dataclass
class _XlStyles:
    fonts: list[tuple[float, str | None, bool]]  # size, colour, bold
    fills: list[str | None]
    xfs: list[tuple[int, int]]  # font, fill
    dxfs: list[tuple[str | None, str | None]]  # font colour, fill colour
    locked: list[bool]

    def font(self, style: int) -> tuple[float, str | None, bool]:
        font_id = self.xfs[style][0] if style < len(self.xfs) else 0
        return self.fonts[font_id] if font_id < len(self.fonts) else (11.0, None, False)

    def fill(self, style: int) -> str | None:
        fill_id = self.xfs[style][1] if style < len(self.xfs) else 0
        return self.fills[fill_id] if fill_id < len(self.fills) else None


class _ExcelCheck:
    def __init__(self, package: _Package, out: _Findings) -> None:
        self.package = package
        self.out = out
        self.theme = self._theme()
        self.styles = self._styles()
        self.shared, self.shared_sizes = self._shared_strings()

    def run(self) -> None:
        if not _title(self.package):
            self.out.add("xlsx.title", "workbook properties", m.NO_TITLE_XLSX)
        workbook = self.package.xml("xl/workbook.xml")
        if workbook is None:
            raise WorkbookError(self.package.path, m.NOT_READABLE_XLSX, m.RESAVE_XLSX)
        rels = self.package.rels("xl/workbook.xml")
        print_areas: dict[int, str] = {}
        for name in workbook.iter(S + "definedName"):
            if name.get("name") == "_xlnm.Print_Area" and name.get("localSheetId", "").isdigit():
                print_areas[int(name.get("localSheetId", "0"))] = name.text or ""
        for index, sheet in enumerate(workbook.iter(S + "sheet")):
            name = sheet.get("name", "")
            where = f"sheet '{name}'"
            if sheet.get("state") in ("hidden", "veryHidden"):
                self.out.add("xlsx.hidden-sheet", where, m.HIDDEN_SHEET)
                continue
            if _DEFAULT_SHEET.match(name.strip()) or not re.search(r"[^\W\d_]", name) \
                    or _CODE_LIKE.search(name):
                self.out.add("xlsx.sheet-name", where, m.sheet_name_not_meaningful(name))
            kind, part = rels.get(sheet.get(R_ID, ""), ("", ""))
            root = self.package.xml(part)
            if root is None:
                continue
            sheet_rels = self.package.rels(part)
            self._drawings(root, sheet_rels, where)
            if kind == "worksheet":
                self._worksheet(root, sheet_rels, where, print_areas.get(index, ""))

    # Workbook-wide parts.
    def _theme(self) -> list[str]:
        root = self.package.xml("xl/theme/theme1.xml")
        scheme = None if root is None else root.find(f"{A}themeElements/{A}clrScheme")
        colours = []
        for slot in [] if scheme is None else list(scheme):
            srgb, sys = slot.find(A + "srgbClr"), slot.find(A + "sysClr")
            colours.append((srgb.get("val") if srgb is not None else
                            sys.get("lastClr") if sys is not None else None) or "000000")
        if len(colours) >= 4:  # SpreadsheetML numbers lt1, dk1, lt2, dk2, accents...
            colours[0], colours[1], colours[2], colours[3] = (colours[1], colours[0],
                                                              colours[3], colours[2])
        return colours

    def _colour(self, element: Element | None) -> str | None:
        """RRGGBB of an Excel colour element, or None when it cannot be known."""
        if element is None or element.get("auto") in ("1", "true"):
            return None
        rgb = element.get("rgb")
        if rgb and len(rgb) in (6, 8):
            colour = rgb[-6:].upper()
        elif element.get("theme", "").isdigit() and int(element.get("theme", "0")) < len(
                self.theme):
            colour = self.theme[int(element.get("theme", "0"))].upper()
        elif element.get("indexed", "").isdigit():
            index = int(element.get("indexed", "0"))
            colour = _INDEXED[index] if index < len(_INDEXED) else (
                "000000" if index == 64 else None)
        else:
            return None
        tint = float(element.get("tint", "0") or 0)
        if colour and tint:
            r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
            hue, light, sat = colorsys.rgb_to_hls(r, g, b)
            light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
            colour = "".join(f"{round(c * 255):02X}" for c in colorsys.hls_to_rgb(hue, light,
                                                                                  sat))
        return colour

    def _fill_colour(self, fill: Element | None, dxf: bool = False) -> str | None:
        pattern = None if fill is None else fill.find(S + "patternFill")
        if pattern is None:
            return None
        kind = pattern.get("patternType", "solid" if dxf else "none")
        if kind == "none":
            return None
        first, second = ("bgColor", "fgColor") if dxf else ("fgColor", "bgColor")
        colour = self._colour(pattern.find(S + first)) or self._colour(pattern.find(S + second))
        return None if colour == "FFFFFF" else colour

    def _styles(self) -> _XlStyles:
        root = self.package.xml("xl/styles.xml")
        styles = _XlStyles([], [], [], [], [])
        if root is None:
            return styles
        for font in root.findall(f"{S}fonts/{S}font"):
            size = font.find(S + "sz")
            styles.fonts.append((float(size.get("val", "11")) if size is not None else 11.0,
                                 self._colour(font.find(S + "color")),
                                 font.find(S + "b") is not None
                                 and font.find(S + "b").get("val", "1") not in _ON_OFF_FALSE))
        styles.fills = [self._fill_colour(fill) for fill in root.findall(f"{S}fills/{S}fill")]
        for xf in root.findall(f"{S}cellXfs/{S}xf"):
            styles.xfs.append((int(xf.get("fontId", "0")), int(xf.get("fillId", "0"))))
            protection = xf.find(S + "protection")
            styles.locked.append(protection is None
                                 or protection.get("locked", "1") not in _ON_OFF_FALSE)
        for dxf in root.findall(f"{S}dxfs/{S}dxf"):
            font = dxf.find(S + "font")
            styles.dxfs.append((self._colour(None if font is None else font.find(S + "color")),
                                self._fill_colour(dxf.find(S + "fill"), dxf=True)))
        return styles

    def _shared_strings(self) -> tuple[list[str], list[float | None]]:
        root = self.package.xml("xl/sharedStrings.xml")
        texts: list[str] = []
        sizes: list[float | None] = []
        for item in [] if root is None else root.findall(S + "si"):
            texts.append("".join(t.text or "" for t in item.iter(S + "t")
                                 if t not in item.findall(f"{S}rPh/{S}t")))
            run_sizes = [float(sz.get("val", "11")) for sz in item.iter(S + "sz")]
            sizes.append(min(run_sizes) if run_sizes else None)
        return texts, sizes

    # One worksheet.
    def _worksheet(self, root: Element, rels: dict[str, tuple[str, str]], where: str,
                   print_area: str) -> None:
        cells = self._read_cells(root)
        tables = self._data_tables(root, rels, where)
        for bounds, has_header, label in tables:
            self._table(cells, bounds, has_header, f"{where}, {label}")
        self._merged(root, tables, where)
        self._conditional(root, cells, where)
        self._cell_colours(cells, where)
        self._cell_sizes(cells, where)
        self._print_size(root, cells, where, print_area)
        self._hyperlinks(root, cells, rels, where)

    def _read_cells(self, root: Element) -> dict[tuple[int, int], _Cell]:
        cells: dict[tuple[int, int], _Cell] = {}
        data = root.find(S + "sheetData")
        row_number = 0
        for row in [] if data is None else data.findall(S + "row"):
            row_number = int(row.get("r", row_number + 1))
            column = 0
            for c in row.findall(S + "c"):
                position = _ref(c.get("r", "")) or (row_number, column + 1)
                column = position[1]
                kind = c.get("t", "n")
                value = c.find(S + "v")
                formula = c.find(S + "f")
                index = -1
                if kind == "s" and value is not None and (value.text or "").isdigit():
                    index = int(value.text or "0")
                    text = self.shared[index] if index < len(self.shared) else ""
                elif kind == "inlineStr":
                    text = "".join(t.text or "" for t in c.iter(S + "t"))
                else:
                    text = (value.text or "") if value is not None else ""
                if formula is not None and not text:
                    text = "="  # a formula shows something once calculated
                cells[position] = _Cell(text, int(c.get("s", "0")),
                                        formula.text or "" if formula is not None else "",
                                        index)
        return cells

    def _data_tables(self, root: Element, rels: dict[str, tuple[str, str]],
                     where: str) -> list[tuple[tuple[int, int, int, int], bool, str]]:
        tables = []
        for part in root.findall(f"{S}tableParts/{S}tablePart"):
            kind, target = rels.get(part.get(R_ID, ""), ("", ""))
            table = self.package.xml(target) if kind == "table" else None
            bounds = None if table is None else _range(table.get("ref", ""))
            if table is None or bounds is None:
                continue
            name = table.get("displayName") or table.get("name") or ""
            has_header = table.get("headerRowCount", "1") != "0"
            label = f"table '{name}' ({table.get('ref')})"
            if re.match(r"^Table\d*$", name, re.IGNORECASE):
                self.out.add("xlsx.table-name", f"{where}, {label}", m.default_table_name(name))
            if not has_header:
                self.out.add("xlsx.table-header", f"{where}, {label}", m.NO_TABLE_HEADER)
            tables.append((bounds, has_header, label))
        autofilter = root.find(S + "autoFilter")
        bounds = None if autofilter is None else _range(autofilter.get("ref", ""))
        if bounds is not None:
            tables.append((bounds, True, f"table {autofilter.get('ref')}"))
        return tables

    def _table(self, cells: dict[tuple[int, int], _Cell], bounds: tuple[int, int, int, int],
               has_header: bool, where: str) -> None:
        top, left, bottom, right = bounds
        first_data = top + 1 if has_header else top

        def filled(row: int, column: int) -> bool:
            cell = cells.get((row, column))
            return cell is not None and bool(cell.text.strip())

        columns = range(left, right + 1)
        blank_columns = [c for c in columns
                         if not any(filled(r, c) for r in range(top, bottom + 1))]
        if has_header:
            missing = [(top, c) for c in columns if not filled(top, c) and c not in blank_columns]
            if missing:
                self.out.add("xlsx.table-header", where, m.empty_header_cells(_cells(missing)))
        blank_rows = [r for r in range(first_data, bottom + 1)
                      if not any(filled(r, c) for c in columns)]
        if blank_rows:
            self.out.add("xlsx.blank-rows", where, m.blank_rows("rows " + _numbers(blank_rows)))
        if blank_columns and len(blank_columns) < len(columns):
            self.out.add("xlsx.blank-rows", where, m.blank_columns(
                _listing([column_letter(c) for c in blank_columns])))
        by_colour: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for row in range(first_data, bottom + 1):
            fills = {c: self.styles.fill(cells[(row, c)].style) if (row, c) in cells else None
                     for c in columns}
            counts = Counter(fills.values())
            most = max(counts.values())
            usual = None if counts.get(None) == most else counts.most_common(1)[0][0]
            for column, colour in fills.items():
                if colour and colour != usual and not filled(row, column):
                    by_colour[colour].append((row, column))
        for colour, places in by_colour.items():
            self.out.add("xlsx.colour-only", where,
                         m.colour_without_text(_cells(places), _colour_name(colour)))

    def _merged(self, root: Element, tables: list[tuple[tuple[int, int, int, int], bool, str]],
                where: str) -> None:
        inside: list[tuple[int, int, str]] = []
        outside: list[tuple[int, int, str]] = []
        for merge in root.findall(f"{S}mergeCells/{S}mergeCell"):
            ref = merge.get("ref", "")
            bounds = _range(ref)
            if bounds is None:
                continue
            overlaps = any(bounds[0] <= t[2] and t[0] <= bounds[2] and bounds[1] <= t[3]
                           and t[1] <= bounds[3] for t, _, _ in tables)
            (inside if overlaps else outside).append((bounds[0], bounds[1], ref))  # sheet order
        if inside:
            self.out.add("xlsx.merged-cells", where, m.merged_cells_in_table(
                _listing([ref for _, _, ref in sorted(inside)], 6)))
        if outside:
            self.out.add("xlsx.merged-cells", where, m.merged_cells(
                _listing([ref for _, _, ref in sorted(outside)], 6)))

    def _conditional(self, root: Element, cells: dict[tuple[int, int], _Cell],
                     where: str) -> None:
        pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
        for block in root.iter(S + "conditionalFormatting"):
            sqref = block.get("sqref", "")
            areas = [b for b in (_range(part) for part in sqref.split()) if b]
            if not areas:
                continue
            columns = {c for a in areas for c in range(a[1], a[3] + 1)}
            for rule in block.findall(S + "cfRule"):
                dxf_id = rule.get("dxfId", "")
                if not dxf_id.isdigit() or int(dxf_id) >= len(self.styles.dxfs):
                    continue
                font_colour, fill_colour = self.styles.dxfs[int(dxf_id)]
                if fill_colour:
                    first = cells.get((areas[0][0], areas[0][1]))
                    text_colour = font_colour or (self.styles.font(first.style)[1]
                                                  if first else None) or "000000"
                    ratio = _contrast(text_colour, fill_colour)
                    if ratio < 4.5:
                        pairs[(text_colour, fill_colour)].append(sqref)
                if not (fill_colour or font_colour):
                    continue
                kind = rule.get("type", "")
                formula = " ".join(f.text or "" for f in rule.findall(S + "formula"))
                if kind == "containsBlanks" or (kind == "expression"
                                                and _BLANK_TEST.search(formula)):
                    if fill_colour:
                        self.out.add("xlsx.colour-only", where,
                                     m.colour_marks_blanks(sqref.replace(" ", ", ")))
                elif kind == "expression":
                    source = _outside_reference(formula, columns)
                    if source:
                        self.out.add("xlsx.colour-only", where,
                                     m.colour_from_other_cell(sqref.replace(" ", ", "), source))
        for (fg, bg), refs in pairs.items():
            ratio = _contrast(fg, bg)
            self.out.add("xlsx.contrast", f"{where}, {_listing(sorted(set(refs)), 3)}",
                         m.low_contrast(_colour_name(fg), _colour_name(bg), f"{ratio:.1f}",
                                        "4.5"))

    def _cell_colours(self, cells: dict[tuple[int, int], _Cell], where: str) -> None:
        pairs: dict[tuple[str, str, str], list[tuple[int, int]]] = defaultdict(list)
        for position, cell in cells.items():
            if not cell.text.strip():
                continue
            fill = self.styles.fill(cell.style)
            size, colour, bold = self.styles.font(cell.style)
            if fill is None and colour is None:
                continue
            fg, bg = colour or "000000", fill or "FFFFFF"
            needed = 3.0 if size >= 18 or (bold and size >= 14) else 4.5
            if _contrast(fg, bg) < needed:
                pairs[(fg, bg, f"{needed:g}")].append(position)
        for (fg, bg, needed), places in pairs.items():
            self.out.add("xlsx.contrast", f"{where}, {_cells(places, 4)}",
                         m.low_contrast(_colour_name(fg), _colour_name(bg),
                                        f"{_contrast(fg, bg):.1f}", needed))

    def _text_size(self, cell: _Cell) -> float:
        """The cell's font size, or the smallest size inside its rich text."""
        size = self.styles.font(cell.style)[0]
        if 0 <= cell.shared < len(self.shared_sizes):
            rich = self.shared_sizes[cell.shared]
            if rich is not None:
                size = min(size, rich)
        return size

    def _cell_sizes(self, cells: dict[tuple[int, int], _Cell], where: str) -> None:
        small: dict[float, list[tuple[int, int]]] = defaultdict(list)
        for position, cell in cells.items():
            if cell.text.strip():
                size = self._text_size(cell)
                if size < _MIN_CELL_SIZE:
                    small[size].append(position)
        for size, places in sorted(small.items()):
            self.out.add("xlsx.font-size", where, m.small_cell_text(f"{size:g}", _cells(places)))

    def _print_size(self, root: Element, cells: dict[tuple[int, int], _Cell], where: str,
                    print_area: str) -> None:
        texts = [(p, c) for p, c in cells.items() if c.text.strip()]
        if not texts:
            return
        area = _range(print_area.split(",")[0].split("!")[-1]) if print_area else None
        if area is None:
            rows = [p[0] for p, _ in texts]
            columns = [p[1] for p, _ in texts]
            area = (min(rows), min(columns), max(rows), max(columns))
        top, left, bottom, right = area
        sizes = Counter(self.styles.font(c.style)[0] for p, c in texts
                        if top <= p[0] <= bottom and left <= p[1] <= right)
        if not sizes:
            return
        typical = sizes.most_common(1)[0][0]
        scale, paper = _print_scale(root, area)
        if typical * scale < _MIN_PRINT_SIZE:
            self.out.add("xlsx.print-size", where, m.small_print(f"{typical * scale:.1f}", paper))

    def _hyperlinks(self, root: Element, cells: dict[tuple[int, int], _Cell],
                    rels: dict[str, tuple[str, str]], where: str) -> None:
        for link in root.findall(f"{S}hyperlinks/{S}hyperlink"):
            position = _ref(link.get("ref", "").split(":")[0])
            cell = cells.get(position) if position else None
            text = link.get("display") or (cell.text if cell else "")
            target = rels.get(link.get(R_ID, ""), ("", ""))[1] or link.get("location", "")
            problem = _link_problem(text, target)
            if problem:
                self.out.add("xlsx.link-text", f"{where}, cell {link.get('ref')}", problem)
        for position, cell in cells.items():
            if "HYPERLINK(" in cell.formula.upper():
                args = re.findall(r'"([^"]*)"', cell.formula)
                text = cell.text if cell.text != "=" else (args[1] if len(args) > 1 else "")
                problem = _link_problem(text, args[0] if args else "")
                if problem:
                    self.out.add("xlsx.link-text", f"{where}, cell {_cells([position])}",
                                 problem)

    def _drawings(self, root: Element, rels: dict[str, tuple[str, str]], where: str) -> None:
        for drawing in root.findall(S + "drawing"):
            kind, target = rels.get(drawing.get(R_ID, ""), ("", ""))
            part = self.package.xml(target) if kind == "drawing" else None
            for anchor in [] if part is None else list(part):
                position = anchor.find(f"{XDR}from")
                near = ""
                if position is not None:
                    col, row = position.find(XDR + "col"), position.find(XDR + "row")
                    if col is not None and row is not None:
                        near = f" near cell {column_letter(int(col.text or 0) + 1)}" \
                               f"{int(row.text or 0) + 1}"
                for item in list(anchor):
                    self._drawing_item(item, f"{where}{near}")

    def _drawing_item(self, item: Element, where: str) -> None:
        local = item.tag.rsplit("}", 1)[-1]
        kinds = {"pic": "picture", "graphicFrame": "chart", "sp": "shape", "grpSp": "group",
                 "cxnSp": "shape"}
        if local not in kinds:
            return
        if local == "sp" and "".join(t.text or "" for t in item.iter(A + "t")).strip():
            return  # a text box: its text is read out
        c_nv_pr = next((n for n in item.iter() if n.tag == XDR + "cNvPr"), None)
        if c_nv_pr is None or _is_decorative(c_nv_pr):
            return
        kind = kinds[local]
        if local == "graphicFrame":
            data = item.find(f"{A}graphic/{A}graphicData")
            uri = "" if data is None else data.get("uri", "")
            kind = "chart" if uri.endswith("/chart") else "object"
        problem = _alt_problem(kind, c_nv_pr.get("descr") or c_nv_pr.get("title") or "")
        if problem:
            name = c_nv_pr.get("name", "")
            self.out.add("xlsx.alt-text", f"{where}, {kind} '{name}'" if name else where,
                         problem)


def _outside_reference(formula: str, columns: set[int]) -> str:
    """The first cell a colour rule reads that is not shown in the coloured cells' rows."""
    formula = re.sub(r'"[^"]*"', '""', formula)
    if "!" in formula:
        sheet = re.split(r"[=(,+\-*/&<> ]", formula.split("!")[0])[-1].strip("'")
        return f"a cell on the '{sheet}' sheet"
    for absolute_col, letters, absolute_row, row in _FORMULA_REF.findall(formula):
        if column_index(letters) not in columns or absolute_row:
            return f"{absolute_col}{letters}{absolute_row}{row}".replace("$", "")
    return ""


def _print_scale(root: Element, area: tuple[int, int, int, int]) -> tuple[float, str]:
    """How much printing shrinks the sheet, and the paper it goes on."""
    setup = root.find(S + "pageSetup")
    paper_code = int(setup.get("paperSize", "9")) if setup is not None else 9
    paper, width, height = _PAPER.get(paper_code, _PAPER[9])
    landscape = setup is not None and setup.get("orientation") == "landscape"
    if landscape:
        width, height = height, width
    margins = root.find(S + "pageMargins")

    def margin(side: str, default: float) -> float:
        return float(margins.get(side, default)) * 72 if margins is not None else default * 72

    printable_w = width - margin("left", 0.7) - margin("right", 0.7)
    printable_h = height - margin("top", 0.75) - margin("bottom", 0.75)
    top, left, bottom, right = area
    fmt = root.find(S + "sheetFormatPr")
    default_width = float(fmt.get("defaultColWidth", 0) or 0) if fmt is not None else 0.0
    if not default_width:
        base = float(fmt.get("baseColWidth", 8)) if fmt is not None else 8.0
        default_width = base + 0.71
    widths = dict.fromkeys(range(left, right + 1), default_width)
    for col in root.findall(f"{S}cols/{S}col"):
        for number in range(int(col.get("min", "1")), int(col.get("max", "1")) + 1):
            if number in widths:
                hidden = col.get("hidden") in ("1", "true")
                widths[number] = 0.0 if hidden else float(col.get("width", default_width))
    total_w = sum((w * 7 + 5) * 0.75 for w in widths.values() if w)
    default_height = float(fmt.get("defaultRowHeight", 15)) if fmt is not None else 15.0
    heights = dict.fromkeys(range(top, bottom + 1), default_height)
    data = root.find(S + "sheetData")
    for row in [] if data is None else data.findall(S + "row"):
        number = int(row.get("r", "0"))
        if number in heights:
            heights[number] = 0.0 if row.get("hidden") in ("1", "true") else float(
                row.get("ht", default_height))
    total_h = sum(heights.values())
    page_setup_pr = root.find(f"{S}sheetPr/{S}pageSetUpPr")
    fit = page_setup_pr is not None and page_setup_pr.get("fitToPage") in ("1", "true")
    if fit:
        scale = 1.0
        pages_wide = int(setup.get("fitToWidth", "1")) if setup is not None else 1
        pages_tall = int(setup.get("fitToHeight", "1")) if setup is not None else 1
        if pages_wide and total_w:
            scale = min(scale, printable_w * pages_wide / total_w)
        if pages_tall and total_h:
            scale = min(scale, printable_h * pages_tall / total_h)
        scale = max(scale, 0.1)
        how = f"{paper} {'landscape' if landscape else 'portrait'}, fitted to the page"
    else:
        scale = int(setup.get("scale", "100")) / 100 if setup is not None else 1.0
        how = f"{paper} {'landscape' if landscape else 'portrait'} at {scale:.0%}"
    return scale, how


def _check_xlsx(package: _Package) -> list[Finding]:
    out = _Findings(package.path)
    _ExcelCheck(package, out).run()
    return out.items
