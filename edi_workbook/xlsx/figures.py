"""A chart's figures as the small workbook Word keeps inside a .docx for "Edit Data"."""

from __future__ import annotations

import io
from collections.abc import Sequence


def figures_workbook(sheet: str, headers: tuple[str, str],
                     rows: Sequence[tuple[str, float]]) -> bytes:
    """Labels and numbers under two headings, as the bytes of an .xlsx."""
    import xlsxwriter

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False}) as wb:
        ws = wb.add_worksheet(sheet)
        ws.write_string(0, 0, headers[0])
        ws.write_string(0, 1, headers[1])
        for row, (label, value) in enumerate(rows, start=1):
            ws.write_string(row, 0, label)
            ws.write_number(row, 1, value)
        ws.set_column(0, 0, 18)
    return buffer.getvalue()
