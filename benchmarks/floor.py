"""The floor: the least work any merge tool must do, to measure edi-workbook against.

Read the master and every return with python-calamine, update the master's
rows in a dict keyed by action ID, and write the merged rows and a list of
changed cells with xlsxwriter, unstyled. The master's other sheets (its
services, its History and Returns log) are copied through as they are: a
merge that dropped the plan's history would not be a merge. No base values,
no validation, no notes, no summary: anything edi-workbook costs above this
is its own doing.

Usage: python floor.py PLAN RETURNS_DIR -o MERGED.xlsx --changes CHANGES.xlsx
"""

from __future__ import annotations

import argparse
from pathlib import Path

from python_calamine import CalamineWorkbook
from xlsxwriter import Workbook

EDITABLE = ("Status", "Progress update", "Revised timescale", "Comments")


def text(value: object) -> str:
    """calamine gives '' for blanks and floats for whole numbers: compare as text."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip() if value is not None else ""


def header_row(rows: list[list], required: set[str]) -> int | None:
    """The first row holding every `required` header: tables are found by headers."""
    for i, row in enumerate(rows[:500]):
        if required <= {text(v) for v in row}:
            return i
    return None


def read_master(path: Path) -> tuple[dict[str, list[list]], dict[str, list]]:
    """Sheet -> rows (an actions table: header first), and action ID -> its row."""
    tables: dict[str, list[list]] = {}
    by_id: dict[str, list] = {}
    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
        head = header_row(rows, {"ID", "Action title"})
        if head is None:
            tables[name] = rows  # kept as it is
            continue
        id_col = [text(v) for v in rows[head]].index("ID")
        table = [rows[head]]
        for row in rows[head + 1:]:
            action_id = text(row[id_col]) if id_col < len(row) else ""
            if action_id:
                table.append(row)
                by_id[action_id] = row
        tables[name] = table
    wb.close()
    return tables, by_id


def merge(master: Path, returns: list[Path]) -> tuple[dict[str, list[list]], list[list]]:
    """Apply every return's editable cells to the master rows; list what changed."""
    tables, by_id = read_master(master)
    first = next(rows for rows in tables.values()
                 if rows and "Action title" in {text(v) for v in rows[0]})
    columns = {text(v): c for c, v in enumerate(first[0])}
    changes: list[list] = []
    for path in returns:
        wb = CalamineWorkbook.from_path(str(path))
        rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
        wb.close()
        head = header_row(rows, {"ID", "Status"})
        if head is None:
            continue
        cols = {text(v): c for c, v in enumerate(rows[head])}
        for row in rows[head + 1:]:
            target = by_id.get(text(row[cols["ID"]]))
            if target is None:
                continue
            for name in EDITABLE:
                new, old = text(row[cols[name]]), text(target[columns[name]])
                if new != old:
                    target[columns[name]] = new
                    changes.append([text(row[cols["ID"]]), name, old, new, path.name])
    return tables, changes


def write(tables: dict[str, list[list]], changes: list[list], merged: Path,
          changes_path: Path) -> None:
    """Plain rows, no formats: the cheapest valid .xlsx files."""
    with Workbook(str(merged)) as wb:
        for name, rows in tables.items():
            ws = wb.add_worksheet(name)
            for r, row in enumerate(rows):
                ws.write_row(r, 0, row)
    with Workbook(str(changes_path)) as wb:
        ws = wb.add_worksheet("Changes")
        ws.write_row(0, 0, ["ID", "Field", "Old", "New", "File"])
        for r, row in enumerate(changes, start=1):
            ws.write_row(r, 0, row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", type=Path)
    parser.add_argument("returns", type=Path, help="folder of return workbooks")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--changes", type=Path, required=True)
    args = parser.parse_args()
    files = sorted(p for p in args.returns.iterdir() if p.suffix == ".xlsx")
    tables, changes = merge(args.plan, files)
    write(tables, changes, args.output, args.changes)


if __name__ == "__main__":
    main()
