"""Excel: colour that carries a meaning no word, border or note does (WCAG 1.4.1).

A program cannot know what a colour means, but it can see where colour is the
only difference. In a data row (a row of a table or filter range, or a plain
row holding two or more words):

- a filled cell with no words that stands out from its row's usual fill: only
  its colour says anything (data tables judge this themselves, `xlsx._table`);
- in one column, cells holding the same words in different colours, with
  nothing else (border, bold, italics, underline, strike-through, a note) to
  tell them apart: the colour says what the words do not.

A row's usual fill (banding, a highlighted row) is not a difference. A key that
names its colours ("[green] On track") holds one word to a row and is not a
data row. A font colour on a cell with no words shows nothing and is skipped.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

Position = tuple[int, int]
Bounds = tuple[int, int, int, int]
_BLACK = "000000"  # automatic text colour


class Written(Protocol):
    """A cell: its words, and its style."""

    text: str
    style: int


@dataclass(frozen=True)
class Paint:
    """What a cell style shows, other than the words."""

    fill: str | None  # RRGGBB, None for none or white
    font: str | None  # RRGGBB, None for automatic
    mark: tuple[object, ...] = ()  # border, bold, italic, underline, strike-through


def colour_only(cells: Mapping[Position, Written], paint: Callable[[int], Paint],
                tables: Iterable[tuple[Bounds, bool]], notes: set[Position],
                in_tables: Callable[[Position], bool]) -> tuple[
                    dict[str, list[Position]], dict[str, list[Position]]]:
    """(fill colour -> filled empty cells standing out, outside tables;
    words -> cells holding them in different colours)."""
    paints: dict[int, Paint] = {}
    rows: dict[int, dict[int, tuple[str, Paint]]] = defaultdict(dict)
    for (row, column), cell in cells.items():
        if cell.style not in paints:
            paints[cell.style] = paint(cell.style)
        rows[row][column] = (cell.text, paints[cell.style])
    table_rows = {r for (top, _, bottom, _), header in tables
                  for r in range(top + 1 if header else top, bottom + 1)}
    empty_filled: dict[str, list[Position]] = defaultdict(list)
    painted: dict[tuple[int, str], list[tuple[Position, tuple[object, ...], tuple[
        str | None, str | None]]]] = defaultdict(list)
    for row, by_column in rows.items():
        words = sum(1 for text, _ in by_column.values() if text.strip())
        if words < 2 and row not in table_rows:
            continue  # a title, a note, a key: not a data row
        usual = _usual_fill(by_column)
        for column, (text, look) in by_column.items():
            if (row, column) in notes:
                continue
            fill = None if look.fill == usual else look.fill
            if not text.strip():
                if fill and not in_tables((row, column)):
                    empty_filled[fill].append((row, column))
                continue
            key = (column, " ".join(text.split()).casefold())
            painted[key].append(((row, column), look.mark, (fill, look.font or _BLACK)))
    same_words: dict[str, list[Position]] = defaultdict(list)
    for found in painted.values():
        by_mark: dict[tuple[object, ...], set[tuple[str | None, str | None]]] = defaultdict(set)
        for _, mark, colours in found:
            by_mark[mark].add(colours)
        if any(len(colours) > 1 for colours in by_mark.values()):
            text = next(cells[p].text for p, _, _ in found)
            same_words[" ".join(text.split())].extend(p for p, _, _ in found)
    return empty_filled, same_words


def _usual_fill(by_column: dict[int, tuple[str, Paint]]) -> str | None:
    """The fill most of a row's cells share, from its first cell to its last."""
    fills = Counter(look.fill for _, look in by_column.values())
    fills[None] += max(by_column) - min(by_column) + 1 - len(by_column)  # cells not written
    most = max(fills.values())
    return None if fills.get(None) == most else fills.most_common(1)[0][0]
