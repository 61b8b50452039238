"""How fast edi_workbook.xlsx.parts reads a big plan's parts (in-process timings).

A plan of 10,000 actions is written by write_plan (benchmarks/bench.py's
make_plan, and Maidstone's own texts grown with grow_maidstone); a copy then
gets what an officer adds by hand, written straight into the XML: a formula
column filled down (Excel writes it as one shared formula) and a note on every
action's status. Each figure is the best of --runs, in milliseconds.

Usage: python benchmarks/bench_parts.py [--runs 3] [--actions 10000] [--work DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench import grow_maidstone, make_plan  # noqa: E402

from edi_workbook.workbooks.plan_writer import write_plan  # noqa: E402
from edi_workbook.xlsx.parts import open_parts  # noqa: E402

ACTIONS = 10_000
EDITABLE = "HIJK"  # Status, Progress update, Revised timescale, Comments
TABLE = "ABCDEFGHIJKLMN"
FIRST_ROW = 8


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def with_officer_additions(plan: Path, out: Path) -> Path:
    """`plan` with a shared formula in column O and a note on every H cell of each table."""
    with zipfile.ZipFile(plan) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        content_types = zin.read("[Content_Types].xml")
        for info in zin.infolist():
            data = zin.read(info)
            match = re.fullmatch(r"xl/worksheets/sheet([234])\.xml", info.filename)
            if match:
                data, rows = _add_formula_column(data)
                number = match.group(1)
                zout.writestr(f"xl/comments{number}.xml", _comments(rows))
                zout.writestr(f"xl/worksheets/_rels/sheet{number}.xml.rels", (
                    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
                    'schemas.openxmlformats.org/package/2006/relationships"><Relationship'
                    ' Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    f'relationships/comments" Target="../comments{number}.xml"/>'
                    '</Relationships>'))
                content_types = content_types.replace(b"</Types>", (
                    f'<Override PartName="/xl/comments{number}.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>'
                ).encode())
            if info.filename != "[Content_Types].xml":
                zout.writestr(info, data)
        zout.writestr("[Content_Types].xml", content_types)
    return out


def _add_formula_column(data: bytes) -> tuple[bytes, list[int]]:
    rows: list[int] = []

    def add(match: re.Match[bytes]) -> bytes:
        row = int(match.group(1))
        if row < FIRST_ROW:
            return match.group(0)
        rows.append(row)
        if len(rows) == 1:
            formula = b'<f t="shared" ref="O8:O99999" si="0">H8&amp;" - "&amp;I8</f>'
        else:
            formula = b'<f t="shared" si="0"/>'
        return match.group(0)[:-6] + b'<c r="O%d">' % row + formula + b"<v>x</v></c></row>"

    return re.sub(rb'<row r="(\d+)"[^>]*>.*?</row>', add, data, flags=re.DOTALL), rows


def _comments(rows: list[int]) -> str:
    notes = "".join(f'<comment ref="H{row}" authorId="0"><text><t>Checked with the lead on'
                    f' row {row}.</t></text></comment>' for row in rows)
    return ('<?xml version="1.0" encoding="UTF-8"?><comments xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><authors><author>Policy Officer'
            f'</author></authors><commentList>{notes}</commentList></comments>')


def measure(path: Path, runs: int, actions: int) -> list[tuple[str, float | None, str]]:
    rows: list[tuple[str, float | None, str]] = []
    with zipfile.ZipFile(path) as archive:
        xml = sum(i.file_size for i in archive.infolist() if "worksheets/" in i.filename)
    rows.append(("file", None, f"{path.stat().st_size / 1e6:.1f} MB zipped,"
                              f" {xml / 1e6:.1f} MB sheet XML"))

    def every_sheet() -> list:
        with open_parts(path) as book:
            return [book.sheet(name) for name in book.sheet_names()]

    rows.append(("open + every sheet (skeleton, notes)", best(runs, every_sheet), ""))
    sheets = every_sheet()[1:4]
    end = FIRST_ROW + actions // 3 + 10
    editable = [f"{c}{r}" for r in range(FIRST_ROW, end) for c in EDITABLE]
    table = [f"{c}{r}" for r in range(FIRST_ROW, end) for c in TABLE]

    def fresh_formulas() -> int:
        total = 0
        for sheet in sheets:
            sheet._formulas = None  # the scan is cached per sheet: time it afresh
            total += len(sheet.formulas())
        return total

    count = fresh_formulas()
    rows.append(("formulas, 3 objective sheets", best(runs, fresh_formulas), f"{count:,} found"))
    rows.append(("number formats, editable cells", best(runs, lambda: [
        s.number_formats(editable) for s in sheets]), f"{3 * len(editable):,} cells asked"))
    rows.append(("number formats, every table cell", best(runs, lambda: [
        s.number_formats(table) for s in sheets]), f"{3 * len(table):,} cells asked"))
    notes = sum(len(s.notes) for s in sheets)
    rows.append(("notes read (in open + every sheet)", None, f"{notes:,} notes"))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--actions", type=int, default=ACTIONS)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-parts-"))
    work.mkdir(parents=True, exist_ok=True)
    for name, plan in (("make_plan", lambda: make_plan(args.actions, 200)),
                       ("grow_maidstone", lambda: grow_maidstone(args.actions, 60))):
        path = work / f"{name}.xlsx"
        if not path.exists():
            write_plan(plan(), path)
        added = with_officer_additions(path, work / f"{name}-officer.xlsx")
        for label, target in ((name, path), (f"{name} + formulas and notes", added)):
            print(f"\n{label} ({args.actions:,} actions)")
            for what, ms, note in measure(target, args.runs, args.actions):
                figure = f"{ms:7.0f} ms" if ms is not None else " " * 10
                print(f"  {what:<40} {figure}  {note}")


if __name__ == "__main__":
    main()
