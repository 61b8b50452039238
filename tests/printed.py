"""What LibreOffice prints, read back as a reader holds it: the words on each page and
where they sit, the cells' edges drawn round them.

`print_to_pdf` prints outputs through LibreOffice (each conversion with its own
profile: a second soffice sharing one exits 0 having written nothing), and
`faults` reads a printout back with pdfplumber and names, one line each, what a
reader would see go wrong:

- a word broken across lines ("Communicatio / n"), or cut at a page's edge
  ("As a Commu"): a printed token that is no word of the file, nor a piece of one
  split where a line may break (after a hyphen, a dash or a slash);
- text cut by its cell: a word a cell's drawn edge runs through (a row too short,
  a header too tall for its band), or run under the next cell's text;
- text past a page's printable edge (its header's and footer's right edge);
- a row taller than its text: more than a line (and a tenth) of room below its
  text, as Excel would wrap it and size its lines (15 pt for 11-pt text: the row must
  hold Excel's lines, which are taller than LibreOffice's, in Excel's narrower room);
- a table split with its header not repeated, or leaving fewer than
  `MIN_PIECE_ROWS` rows on one side of the break;
- a page spent on an empty list ("Nothing to show" and nothing else);
- a colour key's label printed without its colours.

Rows are read only inside drawn grids (the tables' borders), and tables are found
by their header rows' fill, so the writers' tables carry both.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HEADER_FILL = (0x1F / 255, 0x4E / 255, 0x78 / 255)  # styles.HEADER_FILL: a table's header row
MIN_PIECE_ROWS = 2  # a table split across pages keeps at least this many rows each side
EXCEL_LINE = 15 / 11  # points of row a line of text takes in Excel, per point of type size
_BREAK_AFTER = "-–—/"  # a line may break after these, in a word
_NUMBERISH = re.compile(r"^[\d.,:;/%£$€+()\-–]+$")
_TEXT_NODE = re.compile(r">([^<>]+)<")
_CODES = re.compile(r"&(?:[LCRAPNDTFZGBIUSEXY]|\d+|\"[^\"]*\")")
_FURNITURE = re.compile(r"<(?:odd|even|first)(?:Header|Footer)>([^<]*)<")
# A web or e-mail address, a hash, a file's path: breaks anywhere, as in `check`.
_CODE = re.compile(r"@|://|^www\.|[0-9a-f]{16}|[\\/].*\.[A-Za-z]{3,4}$")
_PRIVATE = re.compile("^[\ue000-\uf8ff]+$")  # a symbol font's bullet, as LibreOffice draws it


def print_to_pdf(paths: Sequence[Path], folder: Path, profile: Path) -> dict[Path, Path]:
    """Each output printed to a PDF in `folder` by one LibreOffice with its own `profile`;
    {output: its PDF}. The outputs must have distinct stems."""
    folder.mkdir(parents=True, exist_ok=True)
    assert len({p.stem for p in paths}) == len(paths), "distinct names, or PDFs overwrite"
    assert SOFFICE is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", "pdf", "--outdir", str(folder),
                    *map(str, paths)], check=True, capture_output=True, timeout=600)
    pdfs = {path: folder / f"{path.stem}.pdf" for path in paths}
    missing = [p.name for p, pdf in pdfs.items() if not pdf.exists()]
    assert not missing, f"LibreOffice wrote no PDF for {missing}"
    return pdfs


def vocabulary(path: Path) -> set[str]:
    """Every word the file holds anywhere (cells, headers and footers, charts, Word's
    text), and each piece of one split where a line may break."""
    words: set[str] = set()
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            xml = z.read(name).decode("utf-8", "replace")
            for furniture in _FURNITURE.findall(xml):  # a sheet's header and footer
                text = html.unescape(furniture).replace("&&", "\0")
                words.update(_CODES.sub(" ", text).replace("\0", "&").split())
            for node in _TEXT_NODE.findall(_FURNITURE.sub("", xml)):
                words.update(html.unescape(node).split())
    for word in list(words):
        for i, ch in enumerate(word[:-1]):
            if ch in _BREAK_AFTER:
                words.add(word[:i + 1])
                words.add(word[i + 1:])
    # A sheet's name printed by &A; a page's number by &P and &N.
    words.update({"Page", "of"})
    return words


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]
    across: list[tuple[float, float, float]]  # horizontal edges: (y, x0, x1)
    down: list[tuple[float, float, float]]  # vertical drawn lines: (x, top, bottom)
    headers: list[tuple[float, float, float, float]]  # header fills: x0, top, x1, bottom
    fills: list[tuple[float, float, float, float, tuple[float, ...]]]  # other fills

    @property
    def right_margin(self) -> float:
        """Where the page's printable area ends: its header's and footer's right edge."""
        furniture = [w.x1 for w in self.words if w.bottom < self.height * 0.08
                     or w.top > self.height * 0.92]
        return max([*furniture, self.width - 28.8])

    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass
class Printout:
    name: str
    pages: list[Page]
    vocabulary: set[str] = field(default_factory=set)


def read_pdf(pdf: Path, name: str, words: set[str]) -> Printout:
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            across: list[tuple[float, float, float]] = []
            down: list[tuple[float, float, float]] = []
            for line in page.lines:
                if abs(line["top"] - line["bottom"]) < 1:
                    across.append(((line["top"] + line["bottom"]) / 2, line["x0"], line["x1"]))
                elif abs(line["x0"] - line["x1"]) < 1:
                    down.append(((line["x0"] + line["x1"]) / 2, line["top"], line["bottom"]))
            headers, fills = [], []
            for rect in page.rects:  # a thick border is drawn as a thin filled rectangle
                colour = tuple(rect.get("non_stroking_color") or ())
                if not rect.get("fill"):
                    continue
                if rect["bottom"] - rect["top"] < 2.5 and rect["x1"] - rect["x0"] > 3:
                    across.append(((rect["top"] + rect["bottom"]) / 2, rect["x0"], rect["x1"]))
                    continue
                if rect["x1"] - rect["x0"] < 2.5 and rect["bottom"] - rect["top"] > 3:
                    down.append(((rect["x0"] + rect["x1"]) / 2, rect["top"], rect["bottom"]))
                    continue
                box = (rect["x0"], rect["top"], rect["x1"], rect["bottom"])
                if len(colour) == 3 and all(abs(a - b) < 0.02 for a, b in zip(colour, HEADER_FILL,
                                                                                strict=True)):
                    headers.append(box)
                else:
                    fills.append((*box, colour))
                across.append((rect["top"], rect["x0"], rect["x1"]))
                across.append((rect["bottom"], rect["x0"], rect["x1"]))
            found = []
            for w in page.extract_words(x_tolerance=1.5, y_tolerance=1.5, extra_attrs=["size"],
                                        return_chars=True):
                found += _split_at_lines(w, down)
            pages.append(Page(number, page.width, page.height, found, across, down,
                              headers, fills))
    return Printout(name, pages, words)


def _split_at_lines(word: dict, down: list[tuple[float, float, float]]) -> list[Word]:
    """A word as pdfplumber joined it, split where a cell's edge runs between two of its
    letters: a date right-aligned against the next cell's text is two words, not one."""
    chars = word["chars"]
    pieces, start = [], 0
    for i in range(1, len(chars)):
        left, right = chars[i - 1], chars[i]
        if any(left["x1"] - 0.5 <= x <= right["x0"] + 0.5 and min(bottom, word["bottom"])
               - max(top, word["top"]) > 0.5 * (word["bottom"] - word["top"])
               for x, top, bottom in down):
            pieces.append(chars[start:i])
            start = i
    pieces.append(chars[start:])
    return [Word("".join(c["text"] for c in piece), piece[0]["x0"], piece[-1]["x1"],
                 word["top"], word["bottom"], word["size"]) for piece in pieces]


def faults(printout: Printout) -> list[str]:
    """Every fault a reader would see in the printout, one line each."""
    found: list[str] = []
    codes = "\n".join(w for w in printout.vocabulary if _CODE.search(w))
    sheets = printout.name.endswith(".xlsx")
    for page in printout.pages:
        where = f"{printout.name} p{page.number}"
        found += [f"{where}: {f}" for f in broken_words(page, printout.vocabulary, codes)]
        found += [f"{where}: {f}" for f in cut_text(page)]
        found += [f"{where}: {f}" for f in past_the_edge(page)]
        if sheets:  # Word sizes its rows to their text itself
            found += [f"{where}: {f}" for f in tall_rows(page)]
        found += [f"{where}: {f}" for f in empty_list_page(page)]
        found += [f"{where}: {f}" for f in key_without_colours(page)]
    found += split_tables(printout)
    return found


def broken_words(page: Page, words: set[str], codes: str) -> list[str]:
    bad = [w for w in page.words if w.text not in words and not _NUMBERISH.match(w.text)
           and not _PRIVATE.match(w.text) and w.text not in codes]
    return [f"{', '.join(repr(w.text) for w in bad[:6])}{' ...' if len(bad) > 6 else ''}:"
            " not a word of the file (a word broken or cut)"] if bad else []


def _crosses(word: Word, y: float) -> bool:
    """A drawn edge at `y` runs through the word (not just its glyphs' spare room)."""
    height = word.bottom - word.top
    return y - word.top > 0.35 * height and word.bottom - y > 0.35 * height


def cut_text(page: Page) -> list[str]:
    """Words an edge runs through, across or down; words run under the next word."""
    cut: list[Word] = []
    for word in page.words:
        if any(_crosses(word, y) and min(word.x1, x1) - max(word.x0, x0) > 1
               for y, x0, x1 in page.across):
            cut.append(word)
        elif any(x - word.x0 > 0.25 * (word.x1 - word.x0) + 0.5
                 and word.x1 - x > 0.25 * (word.x1 - word.x0) + 0.5
                 and min(word.bottom, bottom) - max(word.top, top) > 0.5 * (word.bottom - word.top)
                 for x, top, bottom in page.down):
            cut.append(word)
    lines: dict[int, list[Word]] = defaultdict(list)
    for word in page.words:
        lines[round(word.top)].append(word)
    for line in lines.values():
        line.sort(key=lambda w: w.x0)
        for left, right in zip(line, line[1:], strict=False):
            if left.x1 - right.x0 > 1 and abs(left.top - right.top) < 1:
                cut.append(left)
    if not cut:
        return []
    return [f"{', '.join(repr(w.text) for w in cut[:6])}{' ...' if len(cut) > 6 else ''}:"
            " cut by its cell (a row too short, or the next cell)"]


def past_the_edge(page: Page) -> list[str]:
    right = page.right_margin
    past = [w for w in page.words if w.x1 > right + 2]
    return [f"{', '.join(repr(w.text) for w in past[:6])}: past the page's printable edge"]\
        if past else []


@dataclass
class Band:
    """A row of a drawn grid on a page: its edges and the words inside."""

    top: float
    bottom: float
    x0: float
    x1: float
    words: list[Word]
    header: bool  # inside a header row's fill


def bands(page: Page) -> list[Band]:
    """The rows of the page's grids, top to bottom: between horizontal edges that span
    the same columns, each with the words whose middle is inside it."""
    edges = sorted(page.across)
    rows: list[Band] = []
    by_y: dict[float, list[tuple[float, float]]] = defaultdict(list)
    group = None  # edges within 1.5 pt of one another are one edge (a fill and its border)
    for y, x0, x1 in edges:
        if group is None or y - group > 1.5:
            group = y
        by_y[group].append((x0, x1))
    ys = sorted(by_y)
    for upper, lower in zip(ys, ys[1:], strict=False):
        if lower - upper < 3:
            continue
        spans = [(max(a0, b0), min(a1, b1)) for a0, a1 in by_y[upper] for b0, b1 in by_y[lower]
                 if min(a1, b1) - max(a0, b0) > 20]
        if not spans:
            continue
        x0, x1 = min(s[0] for s in spans), max(s[1] for s in spans)
        inside = [w for w in page.words if upper < w.middle < lower and x0 - 1 < w.x0 < x1]
        header = any(h[1] - 1 <= upper and lower <= h[3] + 1 and h[0] - 1 <= x0 < h[2]
                     for h in page.headers)
        rows.append(Band(upper, lower, x0, x1, inside, header))
    return rows


def _columns(page: Page, band: Band) -> list[tuple[float, float]]:
    """The cells of a band, by the drawn lines down through it."""
    xs = sorted({round(x, 1) for x, top, bottom in page.down
                 if top <= band.top + 1 and bottom >= band.bottom - 1
                 and band.x0 - 1 <= x <= band.x1 + 1} | {round(band.x0, 1), round(band.x1, 1)})
    return [(a, b) for a, b in zip(xs, xs[1:], strict=False) if b - a > 3]


def _text_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words in lines, top to bottom, each left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].top - word.top) < 1.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def excel_lines(words: Sequence[Word], left: float, right: float) -> tuple[int, int]:
    """(lines as printed, lines as Excel wraps the same text) of one cell's words.

    LibreOffice gives a column 7.4 pixels a character and keeps about 3 clear; Excel
    7 and 5 (a pixel more is kept by the writers, so a line they count never runs
    past Excel's edge: 6 here too). A printed line that ends where its next word would
    have fitted ends a paragraph; each paragraph is wrapped again, with the words'
    printed widths, in Excel's narrower room.
    """
    lines = _text_lines(words)
    if not lines:
        return 0, 0
    size = max(w.size for w in words)
    scale = size / 11
    # An empty line between paragraphs prints nothing: count it from the gap it leaves.
    tops = [line[0].top for line in lines]
    steps = [b - a for a, b in zip(tops, tops[1:], strict=False)]
    pitch = min(steps, default=size)
    blank = sum(round(step / pitch) - 1 for step in steps if step > 1.5 * pitch)
    gaps = [b.x0 - a.x1 for line in lines for a, b in zip(line, line[1:], strict=False)]
    space = sorted(gaps)[len(gaps) // 2] if gaps else 0.25 * size
    width = right - left
    lo_room = width - 2.8 * 0.75 * scale
    excel_room = width * 7 / 7.4 - 6 * 0.75 * scale
    paragraphs: list[list[Word]] = [list(lines[0])]
    for before, line in zip(lines, lines[1:], strict=False):
        if before[-1].x1 - left + space + (line[0].x1 - line[0].x0) <= lo_room:
            paragraphs.append(list(line))  # the line before ended short: a new paragraph
        else:
            paragraphs[-1] += line
    count = blank
    for paragraph in paragraphs:
        used = None
        count += 1
        for word in paragraph:
            w = word.x1 - word.x0
            if used is None:
                used = w
            elif used + space + w <= excel_room:
                used += space + w
            else:
                count += 1
                used = w
    return len(lines) + blank, count


def tall_rows(page: Page) -> list[str]:
    """Rows with more than a line of room below their text, as Excel sizes its lines."""
    tall = []
    for band in bands(page):
        if not band.words:
            continue
        size = max(w.size for w in band.words)
        printed = excel = 0
        for left, right in _columns(page, band):
            cell = [w for w in band.words if left - 1 <= w.x0 and w.x1 <= right + 1]
            shown, wrapped = excel_lines(cell, left, right)
            printed, excel = max(printed, shown), max(excel, wrapped)
        # A line to spare, and a tenth: LibreOffice kerns, so its words are a little
        # narrower than the advances Excel and the writers add up.
        allowed = EXCEL_LINE * size * (max(printed, excel) * 1.1 + 1) + 2 * size / 11 + 1.5
        if band.bottom - band.top > allowed:
            first = min(band.words, key=lambda w: (w.top, w.x0))
            tall.append(f"{first.text!r}... ({printed} line(s), {excel} in Excel;"
                        f" {band.bottom - band.top:.0f} pt tall, room for"
                        f" {(band.bottom - band.top) / size / EXCEL_LINE:.0f})")
    return [f"row taller than its text: {t}" for t in tall]


def empty_list_page(page: Page) -> list[str]:
    text = page.text()
    if "Nothing to show" not in text:
        return []
    rows = [b for b in bands(page) if b.words and not b.header]
    if all(" ".join(w.text for w in b.words) == "Nothing to show" for b in rows):
        return ["a page for an empty list ('Nothing to show')"]
    return []


def key_without_colours(page: Page) -> list[str]:
    keys = [w for w in page.words if w.text == "Key" and w.x0 < page.width / 8]
    if keys and not page.fills:
        return ["the key's label without its colours"]
    return []


def _header_words(page: Page, header: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = header
    return " ".join(w.text for w in page.words
                    if top - 1 < w.middle < bottom + 1 and x0 - 1 < w.x0 < x1)


def _furniture(printout: Printout) -> set[tuple[int, str]]:
    """Words at the same place on most pages: the page's header and footer."""
    seen: dict[tuple[int, str], int] = defaultdict(int)
    for page in printout.pages:
        for key in {(round(w.top), re.sub(r"\d", "#", w.text)) for w in page.words}:
            seen[key] += 1
    return {k for k, n in seen.items() if n > len(printout.pages) / 2 and len(printout.pages) > 1}


def split_tables(printout: Printout) -> list[str]:
    """A table going on over a page: its header repeated, and enough rows each side."""
    furniture = _furniture(printout)

    def _at_top(page: Page, band: Band) -> bool:
        """The band is the first thing on the page but its header and footer."""
        return not any(w.bottom < band.top - 1 and (round(w.top), re.sub(r"\d", "#", w.text))
                       not in furniture and w.top > page.height * 0.04 for w in page.words)

    found = []
    previous: tuple[str, int] | None = None  # the last table on the page before: header, rows
    for page in printout.pages:
        rows = bands(page)
        grid = [b for b in rows if b.words]
        first_header = next((i for i, b in enumerate(grid) if b.header), None)
        lead = grid if first_header is None else grid[:first_header]
        while first_header is not None and lead and \
                abs(lead[-1].bottom - grid[len(lead)].top) < 1:
            lead = lead[:-1]  # a row printed with the header (a return's band above it)
        if previous is not None and lead and _at_top(page, lead[0]):
            found.append(f"{printout.name} p{page.number}: {len(lead)} row(s) of a table"
                         f" without its header ({lead[0].words[0].text!r}...)")
        pieces: list[tuple[str, int]] = []
        for i, band in enumerate(grid):
            if band.header and (i == 0 or not grid[i - 1].header):
                header = " ".join(w.text for w in band.words)
                count = 0
                for later in grid[i + 1:]:
                    if later.header:
                        break
                    count += 1
                pieces.append((header, count))
        # A table continued from the page before, repeating its header.
        if previous is not None and pieces and pieces[0][0] == previous[0] and \
                _at_top(page, next(b for b in grid if b.header)):
            if pieces[0][1] < MIN_PIECE_ROWS:
                found.append(f"{printout.name} p{page.number}: only {pieces[0][1]} row(s) of a"
                             f" table carried over ({pieces[0][0][:40]!r})")
            if previous[1] < MIN_PIECE_ROWS:
                found.append(f"{printout.name} p{page.number - 1}: only {previous[1]} row(s)"
                             f" of a table before the page breaks ({previous[0][:40]!r})")
        ends_low = grid and grid[-1].bottom > page.height * 0.8
        previous = pieces[-1] if pieces and ends_low else None
    return found


def printouts(pdfs: dict[Path, Path]) -> list[Printout]:
    return [read_pdf(pdf, path.name, vocabulary(path)) for path, pdf in pdfs.items()]

