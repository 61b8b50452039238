"""Word: how text is made to look, where the look stands in for structure or hurts reading.

- a paragraph styled as text but made to look like a heading (bold and large)
  is a heading nobody can navigate to (docx.fake-heading);
- long italics, block capitals and underlining outside links are harder to
  read, and underlining looks like a link (docx.italics, docx.capitals,
  docx.underline: GOV.UK, "Avoid all caps text and italics", "Avoid underlining,
  except for links").

Each run's formatting is resolved by docx.py as Word resolves it; this module
only judges. Findings are grouped, one per rule, with the paragraphs and tables
where they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING_BOLD, _HEADING_ANY = 28, 36  # half-points: bold 14 pt, or 18 pt, looks a heading
_HEADING_WORDS = 20
_ITALIC_WORDS = 10
_CAPITAL_WORDS, _CAPITAL_LETTERS = 3, 8
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class RunLook:
    """One run of text as it shows."""

    text: str
    size: int  # half-points
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False  # "All caps" formatting: shown in capitals whatever is typed
    link: bool = False


@dataclass
class Looks:
    """What the paragraphs of one document show: places by rule, and an example."""

    fake_headings: list[tuple[str, str]] = field(default_factory=list)  # where, size
    italics: list[tuple[int, int, int]] = field(default_factory=list)  # para, table, words
    underlined: list[tuple[int, int]] = field(default_factory=list)
    capitals: list[tuple[int, int, str]] = field(default_factory=list)

    def judge(self, runs: list[RunLook], number: int, table: int, heading: bool,
              where: str) -> None:
        """`number` is the body paragraph's number (0 in tables), `table` its table's."""
        shown = [r for r in runs if r.text.strip()]
        if not shown:
            return
        text = "".join(r.text for r in runs)
        if not heading and not table and _looks_like_heading(shown, text):
            self.fake_headings.append((where, f"{min(r.size for r in shown) / 2:g}"))
        italic = sum(len(_WORD.findall(r.text)) for r in shown if r.italic)
        if italic >= _ITALIC_WORDS:
            self.italics.append((number, table, italic))
        if any(r.underline and not r.link and _WORD.search(r.text) for r in shown):
            self.underlined.append((number, table))
        capitals = _block_capitals("".join(r.text.upper() if r.caps else r.text for r in runs))
        if capitals:
            self.capitals.append((number, table, capitals))


def _looks_like_heading(shown: list[RunLook], text: str) -> bool:
    words = len(text.split())
    if words > _HEADING_WORDS or text.rstrip().endswith((".", ":", ";", ",")):
        return False
    smallest = min(r.size for r in shown)
    return (all(r.bold for r in shown) and smallest >= _HEADING_BOLD) or smallest >= _HEADING_ANY


def _block_capitals(text: str) -> str:
    """The first run of 3 or more words in capitals (8 letters or more), or ''."""
    run: list[str] = []
    for word in [*_WORD.findall(text), ""]:
        if word and word.isupper() and len(word) > 1:
            run.append(word)
            continue
        if len(run) >= _CAPITAL_WORDS and sum(map(len, run)) >= _CAPITAL_LETTERS:
            return " ".join(run)
        run = []
    return ""
