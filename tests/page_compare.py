"""The browser page's outputs against the CLI's: workbooks cell by cell, e-mails header
by header and part by part, Word documents part by part, folders (.zip) file by file.

Only what records the moment of the run may differ: "merged on 07/12/2026 19:30"
stamps and times within hours of now, a new plan's random id (rollover), a Word
document's saved times, and an e-mail's Date, Message-ID and MIME boundary.
"""

from __future__ import annotations

import email
import io
import re
import zipfile
from datetime import datetime
from email import policy
from pathlib import Path

import openpyxl

STAMP = re.compile(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}(:\d{2})?\b")
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\b")
VOLATILE_HEADERS = {"date", "message-id", "content-type"}  # content-type: the boundary
VOLATILE_PARTS = {"docProps/core.xml"}  # a document's created and modified times


def _norm(value, now: datetime):
    if isinstance(value, str):
        return UUID.sub("<new id>", STAMP.sub("<when>", value))
    if isinstance(value, datetime) and abs((value - now).total_seconds()) < 6 * 3600:
        return "<now>"
    return value


def workbook_cells(data: bytes) -> dict:
    """{sheet: {state, dims, cells: {coordinate: (value, note)}}} of every non-empty cell."""
    now = datetime.now()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    found = {}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                note = c.comment.text if c.comment else None
                if c.value is not None or note:
                    cells[c.coordinate] = (_norm(c.value, now), _norm(note, now))
        found[ws.title] = {"state": ws.sheet_state, "dims": ws.dimensions, "cells": cells}
    return found


def same_workbook(page: bytes, cli: bytes, name: str) -> int:
    """Assert the same sheets and the same cells; returns how many cells were compared."""
    a, b = workbook_cells(page), workbook_cells(cli)
    assert list(a) == list(b), f"{name}: sheets {list(a)} != {list(b)}"
    compared = 0
    for sheet in a:
        assert a[sheet]["state"] == b[sheet]["state"], f"{name}!{sheet}: sheet state"
        assert a[sheet]["dims"] == b[sheet]["dims"], f"{name}!{sheet}: dimensions"
        ca, cb = a[sheet]["cells"], b[sheet]["cells"]
        differ = [(k, ca.get(k), cb.get(k)) for k in sorted(set(ca) | set(cb))
                  if ca.get(k) != cb.get(k)]
        assert not differ, f"{name}!{sheet}: {len(differ)} cell(s) differ, e.g. {differ[:3]}"
        compared += len(ca)
    return compared


def same_email(page: bytes, cli: bytes, name: str) -> int:
    a = email.message_from_bytes(page, policy=policy.default)
    b = email.message_from_bytes(cli, policy=policy.default)
    keys = {k.lower() for k in a.keys()} | {k.lower() for k in b.keys()}
    for key in sorted(keys - VOLATILE_HEADERS):
        assert a.get_all(key) == b.get_all(key), f"{name}: header {key}"
    assert a.get_content_type() == b.get_content_type(), f"{name}: content type"
    pa, pb = list(a.walk()), list(b.walk())
    assert len(pa) == len(pb), f"{name}: {len(pa)} parts != {len(pb)}"
    compared = 0
    for x, y in zip(pa, pb, strict=True):
        if x.is_multipart():
            continue
        assert x.get_content_type() == y.get_content_type(), f"{name}: part type"
        assert x.get_filename() == y.get_filename(), f"{name}: attachment name"
        data_x, data_y = x.get_payload(decode=True), y.get_payload(decode=True)
        if (x.get_filename() or "").endswith(".xlsx"):
            compared += same_workbook(data_x, data_y, f"{name} / {x.get_filename()}")
        else:
            assert data_x == data_y, f"{name}: a {x.get_content_type()} part differs"
            compared += 1
    return compared


def same_document(page: bytes, cli: bytes, name: str) -> int:
    """A .docx: the same paragraphs and tables as python-docx reads them, then the same
    parts byte for byte (its saved times apart; the chart's workbook cell by cell)."""
    import docx

    a, b = docx.Document(io.BytesIO(page)), docx.Document(io.BytesIO(cli))
    assert ([(p.style.name, p.text) for p in a.paragraphs]
            == [(p.style.name, p.text) for p in b.paragraphs]), f"{name}: paragraphs differ"
    assert ([[c.text for row in t.rows for c in row.cells] for t in a.tables]
            == [[c.text for row in t.rows for c in row.cells] for t in b.tables]), (
        f"{name}: tables differ")
    compared = len(a.paragraphs)
    with zipfile.ZipFile(io.BytesIO(page)) as za, zipfile.ZipFile(io.BytesIO(cli)) as zb:
        assert sorted(za.namelist()) == sorted(zb.namelist()), name
        for part in za.namelist():
            if part.endswith(".xlsx"):  # the chart's figures, for Word's "Edit Data"
                compared += same_workbook(za.read(part), zb.read(part), f"{name}/{part}")
            elif part not in VOLATILE_PARTS:
                assert za.read(part) == zb.read(part), f"{name}: {part} differs"
    return compared


def same_file(page: bytes, cli: bytes, name: str) -> int:
    """Assert the page's file says what the CLI's does; returns how much was compared."""
    if name.endswith(".xlsx"):
        return same_workbook(page, cli, name)
    if name.endswith(".eml"):
        return same_email(page, cli, name)
    if name.endswith(".docx"):
        return same_document(page, cli, name)
    assert page == cli, f"{name} differs"
    return 1


def same_folder(zip_bytes: bytes, folder: Path, name: str) -> int:
    """A .zip the page offered against the folder the CLI wrote."""
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as zf:
        names = sorted(zf.namelist())
        on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                         if p.is_file())
        assert names == on_disk, f"{name}: {names} != {on_disk}"
        return sum(same_file(zf.read(n), (folder / n).read_bytes(), f"{name}/{n}")
                   for n in names)
