"""A council's plan in Word: Maidstone's own layouts, and any document with actions tables.

Maidstone's published plan (one table per role) and its year-end progress
update (paragraphs) are read by rules made for them, so they import exactly
as they always have. Any other document is read in order as paragraphs,
headings and tables (a Source), and importing/assembly.py assembles the plan from it.

Word text is read paragraph by paragraph: list paragraphs become "• " lines,
struck-through words are left out (councils strike words they withdrew).
wordread.py reads the document itself (no python-docx: the package also runs
in the browser); a cell merged across columns or down rows is the same Cell
object wherever it appears, so merged cells are told apart with `is`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import messages as m
from ..core.errors import WorkbookError
from ..core.model import Action, ActionType, Objective, Status
from ..core.timescale import parse_timescale
from ..xlsx.opc import UnsafeXmlError
from ..xlsx.wordread import Block, Cell, Paragraph, WordDocument, read_document
from ..xlsx.wordread import Table as WordTable
from .columns import DESCRIPTION, TITLE, is_detail_header, is_header_row, map_columns
from .source import DOCX, Draft, Row, Section, Source, Table, Text, objective_heading

WordRow = list[Cell]  # a cell per grid column it spans

BULLET = "• "
# "- Ongoing Project", "NEW", "– ongoing Action", "- Ongoing Project NEW FOCUS"
# at the end of a title. NEW must be in capitals: "New" may end a real title.
_MARKER = re.compile(
    r"(?:\s*[-–—]\s*|\s+)((?i:ongoing\s+(?:project|action))(?:\s+NEW\s+FOCUS)?"
    r"|NEW\s+FOCUS|NEW)\s*$")
_ROLE = re.compile(r"^As an?\s+\S", re.IGNORECASE)
_OBJECTIVE = re.compile(r"^Objective\s*:\s*", re.IGNORECASE)
_CONNECTIONS = re.compile(
    r"^Connections?\s+to\s+other\s+plans(?:\s+and\s+strategies)?\s*:?\s*", re.IGNORECASE)
_CLOSING = re.compile(r"^This action\b", re.IGNORECASE)
_WE_WILL = re.compile(r"^We will\b", re.IGNORECASE)
# A paragraph ending in one of these words runs on into the next one.
_RUNS_ON = re.compile(r"\b(?:a|an|and|at|by|for|from|in|of|on|or|the|to|with|work)$",
                      re.IGNORECASE)
_TITLE_LIMIT = 200


def parse_title(text: str) -> tuple[str, str, str]:
    """(title, marker, type) of a published title: the marker is cut off the end.

    'X - Ongoing Project NEW FOCUS' -> ('X', '- Ongoing Project NEW FOCUS', 'New focus').
    """
    text = " ".join(text.split())
    m = _MARKER.search(text)
    if not m or not text[:m.start()].strip():
        return text, "", ""
    marker = m.group(1).upper()
    kind = (ActionType.NEW_FOCUS if "FOCUS" in marker
            else ActionType.NEW if marker.startswith("NEW") else ActionType.ONGOING)
    return text[:m.start()].rstrip(), text[m.start():].strip(), kind.value


def role_key(role: str) -> str:
    """'CL' for 'As a Community Leader', 'EM' for 'As an Employer'."""
    name = re.sub(r"^\s*As an?\s+", "", role, flags=re.IGNORECASE)
    words = re.findall(r"[A-Za-z]+", name)
    if len(words) == 1:
        return words[0][:2].upper()
    return "".join(w[0] for w in words).upper() or "OB"


# --------------------------------------------------------------------------
# Word
# --------------------------------------------------------------------------

@dataclass
class _Para:
    text: str
    bullet: bool = False

    def line(self) -> str:
        return BULLET + self.text if self.bullet else self.text


def _paragraph(p: Paragraph, lines: bool = False) -> _Para:
    """A Word paragraph's text without struck-out words, and whether it is a list item;
    with `lines`, its line breaks kept ("Corporate Policy" / "Communities" in one cell
    are two leads)."""
    runs = p.runs()
    if any(struck for _, struck in runs):
        text = "".join(t for t, struck in runs if not struck)
    else:
        text = p.text
    if lines:
        text = "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
    else:
        text = " ".join(text.split())
    bullet = p.style.startswith("List") or p.numbered
    if re.match(r"^[•·▪◦]\s*", text):
        bullet, text = True, re.sub(r"^[•·▪◦]\s*", "", text)
    return _Para(text, bullet)


def _cell_paras(cell: Cell) -> list[_Para]:
    return [p for p in map(_paragraph, cell.paragraphs) if p.text]


def read_docx(path: Path) -> Draft | Source:
    """A Word plan: Maidstone's layouts as a finished Draft, any other as a Source.

    Maidstone's published plan (one table per role, "As a ..." rows and the
    header Commitments | Action Title | Actions | Responsible Service |
    Timescale) and its year-end progress update (paragraphs) are read as
    they always were. Any other document with an actions table is read as
    headings, paragraphs and tables for the importer to assemble.
    """
    try:
        document = read_document(path)
    except WorkbookError:  # refused by the part reader: too big, with its reason
        raise
    except UnsafeXmlError as exc:  # the words `edi-workbook check` has for it
        raise WorkbookError(path, m.declares_entities(exc.part), m.ASK_SENDER_AGAIN) from None
    except Exception as exc:  # noqa: BLE001 - not a zip, not Word, damaged XML
        raise WorkbookError(path, m.not_a_word_document(str(exc)), m.SAVE_AS_DOCX) from None
    blocks = document.blocks
    tables = document.tables
    paras = [p for b in document.paragraphs for p in [_paragraph(b)] if p.text]
    has_roles = any(_ROLE.match(p.text) and len(p.text) <= 80 for p in paras) or any(
        _ROLE.match(c.text.strip()) for t in tables for row in t.rows for c in row[:1])
    title = _document_title(document)
    if has_roles and any(_is_role_header(row) for t in tables for row in t.rows):
        draft = _tables_layout(blocks, title)
    elif any(is_header_row(_distinct_texts(row)) for t in tables for row in t.rows) or (
            _numbered_pairs(blocks)):
        return _generic(Path(path), document, blocks)
    else:
        draft = _progress_layout(paras, title)
    if not draft.actions:
        raise WorkbookError(path, m.NO_PLAN_TABLE, m.IMPORT_WHAT)
    draft.title = title
    return draft


def _document_title(document: WordDocument) -> str:
    """A short 'Action Plan' paragraph ('Appendix 2 – EDI Action Plan 2023-24.'), else the
    document's Title property."""
    for p in document.paragraphs:
        text = " ".join(p.text.split())
        if "action plan" in text.casefold() and len(text) < 120:
            return re.sub(r"^Appendix\s+\w+\s*[-–—:]\s*", "", text).rstrip(" .")
    return document.title


def _header_columns(row: WordRow) -> dict[str, int]:
    """Column index of each header in a header row; {} for any other row."""
    texts = [" ".join(c.text.split()).casefold() for c in row]
    if "action title" not in texts:
        return {}
    columns: dict[str, int] = {}
    for i, text in enumerate(texts):
        for key, start in (("commitments", "commitment"), ("title", "action title"),
                           ("actions", "actions"), ("services", "responsible"),
                           ("timescale", "timescale")):
            if text.startswith(start) and key not in columns:
                columns[key] = i
    if "timescale" not in columns and "services" in columns:
        # A header row that lost its last heading still has the column.
        columns["timescale"] = columns["services"] + 1
    return columns


_ROLE_HEADERS = ("commitment", "action title", "actions", "responsible", "timescale")


def _is_role_header(row: WordRow) -> bool:
    """Maidstone's header row: 'Action Title', and only the headers its layout has."""
    texts = [" ".join(t.split()).casefold() for t in _distinct_texts(row) if t]
    return "action title" in texts and all(t.startswith(_ROLE_HEADERS) for t in texts)


def _distinct_texts(row: WordRow) -> list[str]:
    """A row's cell texts by column; a cell merged across columns counts in its first."""
    return ["" if any(c is d for d in row[:i]) else " ".join(c.text.split())
            for i, c in enumerate(row)]


class _Builder:
    """Objectives and actions as the rows arrive."""

    def __init__(self, fallback: str) -> None:
        self.draft = Draft()
        self.objective: Objective | None = None
        self.count = 0
        self.fallback = fallback  # for actions before any role: the document's title

    def role(self, text: str) -> None:
        key = base = role_key(text)
        taken = {o.key for o in self.draft.objectives}
        n = 2
        while key in taken:
            key, n = f"{base}{n}", n + 1
        self.objective = Objective(key, text)
        self.draft.objectives.append(self.objective)
        self.count = 0

    def ensure(self) -> Objective:
        if self.objective is None:
            self.role(self.fallback)
        assert self.objective is not None
        return self.objective

    def next_id(self) -> str:
        self.count += 1
        return f"{self.ensure().key}-{self.count:02d}"

    def add(self, action: Action, services: str) -> None:
        self.draft.actions.append(action)
        self.draft.service_cells.append(services)


def _add_commitments(objective: Objective, paras: list[_Para]) -> None:
    """'We will' starts a commitment; bullets and run-on lines join the one before."""
    for p in paras:
        if objective.commitments and p.bullet:
            objective.commitments[-1] += "\n" + p.line()
        elif objective.commitments and not _WE_WILL.match(p.text) and _runs_on(
                objective.commitments[-1], p.text):
            objective.commitments[-1] += " " + p.text
        else:
            objective.commitments.append(p.line())


def _runs_on(before: str, after: str) -> bool:
    """Whether `after` continues the sentence `before` breaks off."""
    before = before.rstrip()
    if not before or before[-1] in ".!?:":
        return False
    return after[:1].islower() or bool(_RUNS_ON.search(before))


def _add_connections(objective: Objective, paras: list[_Para]) -> None:
    for p in paras:
        text = _CONNECTIONS.sub("", p.text).strip()
        if text:
            objective.connections.append(text)


def _tables_layout(blocks: list[Block], title: str) -> Draft:
    """The published plan: one table per role (role and objective rows may also
    be paragraphs before it). A row with an empty title continues the action
    above as its next milestone: EM-04.1, EM-04.2, ..."""
    b = _Builder(title)
    columns: dict[str, int] = {}
    in_connections = False
    seen_commitments: list[Cell] = []
    group: list[dict[str, Any]] = []
    title_tc: Cell | None = None

    def flush() -> None:
        if group:
            _add_group(b, group)
            group.clear()

    def single(text: str) -> bool:
        """Role, objective and connections rows; True when `text` was one."""
        nonlocal in_connections, columns
        if _ROLE.match(text) and len(text) <= 80:
            flush()
            b.role(text)
            in_connections, columns = False, {}
        elif _OBJECTIVE.match(text):
            b.ensure().statement = _OBJECTIVE.sub("", text)
        elif _CONNECTIONS.match(text):
            flush()
            in_connections = True
        else:
            return False
        return True

    for block in blocks:
        if isinstance(block, Paragraph):
            para = _paragraph(block)
            if para.text and not single(para.text) and in_connections:
                _add_connections(b.ensure(), [para])
            continue
        for row in block.rows:
            cells = row
            distinct = [c for i, c in enumerate(cells)
                        if c.text.strip() and all(c is not d for d in cells[:i])]
            if not distinct:
                continue
            header = _header_columns(row)
            if header:
                flush()
                columns, in_connections = header, False
                continue
            first = _cell_paras(distinct[0])
            if len(distinct) == 1 and first and single(first[0].text):
                if in_connections:
                    _add_connections(b.ensure(), first)
                continue
            if in_connections or not columns:
                if in_connections:
                    _add_connections(b.ensure(), [p for c in distinct for p in _cell_paras(c)])
                continue
            def at(key: str, cells: WordRow = cells,
                   columns: dict[str, int] = columns) -> Cell | None:
                i = columns.get(key)
                return cells[i] if i is not None and i < len(cells) else None

            commitments = at("commitments")
            if commitments is not None and all(commitments is not t
                                               for t in seen_commitments):
                seen_commitments.append(commitments)
                _add_commitments(b.ensure(), _cell_paras(commitments))
            title_cell = at("title")
            title = " ".join(p.text for p in _cell_paras(title_cell)) if title_cell else ""
            parts = {k: _cell_paras(at(k)) if at(k) is not None else []
                     for k in ("actions", "services", "timescale")}
            if title and (title_cell is not title_tc or not group):
                flush()
                title_tc = title_cell
                group.append({"title": title, **parts})
            elif group and any(parts.values()):
                group.append({"title": "", **parts})
    flush()
    return b.draft


def _add_group(b: _Builder, rows: list[dict[str, Any]]) -> None:
    """One titled action and its continuation rows; several rows are milestones."""
    title, _, kind = parse_title(rows[0]["title"])
    if len(rows) == 1:
        rows = _split_one_row(rows[0])
    parent = b.next_id()
    services = "\n".join(p.text for p in rows[0]["services"])
    timescale = " ".join(p.text for p in rows[0]["timescale"])
    for n, row in enumerate(rows, start=1):
        services = "\n".join(p.text for p in row["services"]) or services
        timescale = " ".join(p.text for p in row["timescale"]) or timescale
        action = Action(
            id=parent if len(rows) == 1 else f"{parent}.{n}",
            objective=b.ensure().key, title=title, type=kind,
            description="\n".join(p.line() for p in row["actions"]),
            timescale=parse_timescale(timescale))
        b.add(action, services)


def _split_one_row(row: dict[str, Any]) -> list[dict[str, Any]]:
    """A row with as many timescale paragraphs as plain action paragraphs (two or
    more) holds that many deliverables, one per paragraph."""
    actions, times = row["actions"], row["timescale"]
    if len(times) < 2 or len(actions) != len(times) or any(p.bullet for p in actions):
        return [row]
    return [{"title": row["title"], "actions": [a], "services": row["services"],
             "timescale": [t]} for a, t in zip(actions, times, strict=True)]


def _closing_status(text: str) -> str:
    """The status a progress update's closing sentence gives."""
    words = text.casefold()
    if "closed" in words:
        return Status.CLOSED.value
    if "complete" in words:
        return Status.COMPLETE.value
    if "developed" in words or "carried" in words:
        return Status.CARRIED_FORWARD.value
    if "ongoing" in words:
        return Status.ON_TRACK.value
    return ""


def _progress_layout(paras: list[_Para], title: str) -> Draft:
    """The year-end progress update, paragraphs only.

    After a role heading and its 'Objective:' paragraph come 'We will ...'
    commitments (bullets and run-on lines join them). The first other
    paragraph starts the actions. An action runs to its closing sentence
    ("This action is now closed" -> Closed, "... remains ongoing in the new
    plan" -> On track, "... has now developed in the new plan" -> Carried
    forward): its first paragraph is the title (with any run-on line), the
    rest the progress. Where a closing sentence is missing, a short
    paragraph (under 200 characters, no final full stop) after a finished
    sentence and followed by more text starts a new action.
    """
    b = _Builder(title)
    in_commitments = False
    block: list[_Para] = []

    def close(closing: str = "") -> None:
        parts = _split_titles(block)
        for i, part in enumerate(parts):
            _add_update(b, part, closing if i == len(parts) - 1 else "")
        block.clear()

    for p in paras:
        if _ROLE.match(p.text) and len(p.text) <= 80 and not p.text.endswith("."):
            close()
            b.role(p.text)
            in_commitments = False
        elif b.objective is None:
            continue  # a cover page or introduction before the first role
        elif _OBJECTIVE.match(p.text) and not block:
            b.ensure().statement = _OBJECTIVE.sub("", p.text)
            in_commitments = True
        elif in_commitments and (_WE_WILL.match(p.text) or p.bullet or (
                b.ensure().commitments and _runs_on(b.ensure().commitments[-1], p.text))):
            _add_commitments(b.ensure(), [p])
        elif _CLOSING.match(p.text) and len(p.text) < 150 and block:
            close(p.text)
        else:
            in_commitments = False
            block.append(p)
    close()
    return b.draft


def _split_titles(block: list[_Para]) -> list[list[_Para]]:
    """A block's actions: a new one starts at a short unfinished paragraph that
    follows a finished sentence and is followed by more text."""
    parts: list[list[_Para]] = []
    for i, p in enumerate(block):
        title_like = (len(p.text) < _TITLE_LIMIT and not p.bullet
                      and p.text[-1:] not in ".:;!?" and i + 1 < len(block))
        if not parts or (title_like and len(parts[-1]) > 1
                         and parts[-1][-1].text[-1:] in ".!?"):
            parts.append([p])
        else:
            parts[-1].append(p)
    return parts


def _add_update(b: _Builder, paras: list[_Para], closing: str) -> None:
    if not paras:
        return
    title, rest = paras[0].text, paras[1:]
    while rest and not rest[0].bullet and _runs_on(title, rest[0].text):
        title, rest = f"{title} {rest[0].text}", rest[1:]
    action = Action(id=b.next_id(), objective=b.ensure().key, title=title,
                    status=_closing_status(closing),
                    progress="\n".join(p.line() for p in rest), comments=closing)
    b.add(action, "")




# --------------------------------------------------------------------------
# Any other layout: paragraphs and tables, in order
# --------------------------------------------------------------------------

_TITLE_WORDS = re.compile(r"\b(?:plan|strategy|scheme|objectives|framework|equality|diversity"
                          r"|inclusion)\b", re.IGNORECASE)


# "1.1 Improve our communications ...": an action as a numbered paragraph, its own
# table under it (London Borough of Bexley's "Our Action Plan 2023 to 2024").
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,3})+)\.?\s+(\S.*)$", re.DOTALL)
NUMBER_HEADER = "Paragraph number"
NUMBERED_HEADER = "Numbered paragraph"


def _numbered_pairs(blocks: list[Block]) -> set[int]:
    """Where an action is a numbered paragraph followed by its own table of details
    (a header row such as Lead team | Measurable outcome | Achieved by, then its
    row): the paragraphs' places in `blocks`."""
    found = set()
    for i, block in enumerate(blocks[:-1]):
        following = blocks[i + 1]
        if (isinstance(block, Paragraph) and isinstance(following, WordTable)
                and _NUMBERED.match(_paragraph(block).text) and following.rows
                and is_detail_header(_distinct_texts(following.rows[0]))):
            found.add(i)
    return found


def _generic(path: Path, document: WordDocument, blocks: list[Block]) -> Source:
    """Paragraphs (headings marked) and tables; a table's header row is found by
    what it says. Rows above it are headings; below it, a row of one cell
    spanning the table, an objective heading, or text alone in a first column
    that holds no action, is a heading too. A table
    with no header row that has as many columns as the one before carries
    on that table (Word splits tables at page breaks).

    An action written as a numbered paragraph with its own table under it
    ("1.1 Improve ..." then Lead team | ... | Achieved by) is one row: its
    number and words first, then its table's; such actions one after another
    under the same header make one table."""
    section = Section("")
    last: Table | None = None
    width = 0
    n_table = n_para = 0
    numbered = _numbered_pairs(blocks)
    paired: Table | None = None
    count = 0
    for at, block in enumerate(blocks):
        if at in numbered:
            n_para += 1
            continue
        if at - 1 in numbered:
            n_table += 1
            paired = _add_numbered(section, paired, blocks[at - 1], block, n_table)
            count += 1
            continue
        if isinstance(block, Paragraph):
            n_para += 1
            para = _paragraph(block)
            if para.text:
                section.blocks.append(Text(para.line(), f"paragraph {n_para}",
                                           block.style.startswith(("Heading", "Title"))))
                paired = None
            continue
        paired = None
        n_table += 1
        rows = list(block.rows)
        header = next((i for i, row in enumerate(rows) if is_header_row(_distinct_texts(row))),
                      None)
        where = f"table {n_table}"
        if header is None and last is not None and block.columns == width:
            _add_rows(last, rows, 0, where)
            continue
        if header is None:
            for r, row in enumerate(rows, start=1):
                for text in _cell_texts(row):
                    section.blocks.append(Text(text, f"{where}, row {r}"))
            continue
        for r, row in enumerate(rows[:header], start=1):
            for text in _cell_texts(row):
                section.blocks.append(Text(text, f"{where}, row {r}", heading=True))
        last = Table(f"{where}, row {header + 1}", _distinct_texts(rows[header]))
        width = block.columns
        section.blocks.append(last)
        _add_rows(last, rows, header + 1, where)
    return Source(path, DOCX, _generic_title(document, section), [section],
                  layout=m.numbered_layout(count) if count else "")


def _add_numbered(section: Section, table: Table | None, para: Block, details: WordTable,
                  n_table: int) -> Table:
    """A numbered paragraph and its table of details as one row of `table` (or of a
    new table when the details are headed differently)."""
    assert isinstance(para, Paragraph)
    match = _NUMBERED.match(_paragraph(para).text)
    assert match is not None
    header = [NUMBER_HEADER, NUMBERED_HEADER, *_distinct_texts(details.rows[0])]
    if table is None or table.header != header:
        table = Table(f"table {n_table}, row 1", header)
        section.blocks.append(table)
    for r, row in enumerate(details.rows[1:], start=2):
        texts = _distinct_texts(row)
        values = ["" if t == "" else _cell_text(row[i]) for i, t in enumerate(texts)]
        if any(values) or r == 2:
            table.rows.append(Row(r, [match.group(1), match.group(2).strip(), *values]))
    return table


def _add_rows(table: Table, rows: list[WordRow], start: int, where: str) -> None:
    action_columns = {c.index for c in map_columns(table.header).columns
                      if c.field in (TITLE, DESCRIPTION)}
    for r in range(start, len(rows)):
        row, place = rows[r], f"{where}, row {r + 1}"
        texts = _distinct_texts(row)
        if is_header_row(texts):  # the header repeated after a page break
            continue
        cells = row
        values = ["" if t == "" else _cell_text(cells[i]) for i, t in enumerate(texts)]
        filled = [i for i, v in enumerate(values) if v]
        if not filled:
            continue
        spans = len(set(cells)) == 1
        if len(filled) == 1 and (spans or objective_heading(values[filled[0]]) or (
                filled[0] == 0 and 0 not in action_columns)):
            table.rows.append(Text(values[filled[0]], place, heading=True))
        else:
            table.rows.append(Row(r + 1, values))


def _cell_text(cell: Cell) -> str:
    """A cell's paragraphs and line breaks, one a line; list items start with a bullet."""
    paras = [_paragraph(p, lines=True) for p in cell.paragraphs]
    return "\n".join(p.line() for p in paras if p.text)


def _cell_texts(row: WordRow) -> list[str]:
    return [_cell_text(c) for i, c in enumerate(row)
            if all(c is not d for d in row[:i]) and c.text.strip()]


def _generic_title(document: WordDocument, section: Section) -> str:
    """The document's title: a short 'Action Plan' paragraph, a paragraph in the
    Title style, one that names a plan or strategy, or the Title property."""
    title = _document_title(document)
    if title:
        return title
    texts = [b for b in section.blocks[:20] if isinstance(b, Text) and len(b.text) < 120]
    for candidate in texts:
        if _TITLE_WORDS.search(candidate.text) and not objective_heading(candidate.text):
            return candidate.text.rstrip(" .")
    return ""
