"""Typing into a workbook as a person would: openpyxl, the way a lead's Excel saves it.

The example returns and the tests' returns are edited this way, so the merge
always reads real edited workbooks, never hand-made data.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from .styles import row_height


def type_into_table(path: Path, edits: dict[str, dict[str, Any]], *, key: str,
                    also: Iterable[str] = (), out: Path | None = None) -> Path:
    """Type `edits` (key -> column heading -> value) into the first sheet's table.

    The table is the first row holding `key` and every heading in `also`; rows
    are found by their value in the `key` column. Text is stored as typed
    text, never as a formula. A row too short for what was typed is made
    taller, as a lead does when their words disappear below the row's edge.
    """
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    wanted = {key, *also}
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = next(row for row in ws.iter_rows() if wanted <= {c.value for c in row})
    col = {c.value: c.column for c in header}
    rows = {ws.cell(r, col[key]).value: r for r in range(header[0].row + 1, ws.max_row + 1)}
    columns = range(1, ws.max_column + 1)
    widths = [ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in columns]
    for row_key, cells in edits.items():
        for heading, value in cells.items():
            cell = ws.cell(rows[row_key], col[heading])
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
        row = ws.row_dimensions[rows[row_key]]
        needed = row_height([ws.cell(rows[row_key], c).value for c in columns], widths)
        if needed > (row.height or 0):
            row.height = needed
    out = Path(out or path)
    wb.save(out)
    return out


def set_saved_time(path: Path, when: datetime) -> Path:
    """Give a workbook the created and saved time a lead's Excel would have stamped.

    openpyxl stamps the moment it saves; merge orders versions of one service's
    return by that time, so rebuilding the examples must not make them newer
    than returns made since (tests/fixtures/returns/).
    """
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            if info.filename == "docProps/core.xml":  # created (by send) no later than saved
                for tag in (b"created", b"modified"):
                    data = re.sub(rb"(<dcterms:" + tag + rb"[^>]*>)[^<]*(</dcterms:" + tag
                                  + b">)", rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            zf.writestr(info, data)
    tmp.replace(path)
    return path
