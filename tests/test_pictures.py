"""scripts/make_pictures.py: the README's pictures are printed sheets, small and present."""

from __future__ import annotations

import importlib.util
import shutil
import struct
import sys
from pathlib import Path

import openpyxl
import pytest

from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow.example import example_plan

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "make_pictures.py"
README = Path(__file__).resolve().parent.parent / "README.md"


def _load():
    spec = importlib.util.spec_from_file_location("make_pictures", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


pictures = _load()


def test_read_pgm_skips_comments(tmp_path):
    path = tmp_path / "x.pgm"
    path.write_bytes(b"P5\n# made by hand\n3 2\n255\n" + bytes([0, 128, 255, 10, 20, 30]))
    assert pictures.read_pgm(path) == (3, 2, bytes([0, 128, 255, 10, 20, 30]))


def test_read_pgm_refuses_other_formats(tmp_path):
    path = tmp_path / "x.ppm"
    path.write_bytes(b"P6\n1 1\n255\n" + bytes(3))
    with pytest.raises(SystemExit, match="not an 8-bit binary PGM"):
        pictures.read_pgm(path)


def test_only_sheet_leaves_one_visible_sheet(tmp_path):
    plan = write_plan(example_plan(), tmp_path / "plan.xlsx")
    copy = pictures.only_sheet(plan, "Employer", tmp_path / "copy.xlsx")
    wb = openpyxl.load_workbook(copy)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == ["Employer"]
    assert wb.active.title == "Employer"
    # The source is untouched.
    source = openpyxl.load_workbook(plan)
    assert source["About"].sheet_state == "visible"


def test_only_sheet_names_a_missing_sheet(tmp_path):
    plan = write_plan(example_plan(), tmp_path / "plan.xlsx")
    with pytest.raises(SystemExit, match="no sheet 'Nope'"):
        pictures.only_sheet(plan, "Nope", tmp_path / "copy.xlsx")


def test_readme_shows_every_picture_and_only_those():
    text = README.read_text(encoding="utf-8")
    names = [picture.name for picture in pictures.PICTURES] + [pictures.PAGE_PICTURE]
    for name in names:
        assert f"](docs/images/{name})" in text, name
    assert text.count("](docs/images/") == len(names)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftoppm")),
                    reason="needs LibreOffice and poppler")
def test_make_pictures_writes_small_pngs(tmp_path):
    written = pictures.make_pictures(tmp_path / "images")
    assert [p.name for p in written] == [p.name for p in pictures.PICTURES]
    for path in written:
        width, height = _png_size(path)
        assert width >= 300 and height >= 100, path.name
        assert path.stat().st_size <= pictures.MAX_BYTES, path.name
