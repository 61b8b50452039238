"""The package: its public names, and a pure core that loads no file library."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import edi_workbook

PACKAGE = Path(edi_workbook.__file__).parent
# Every module of the pure core, found by its folder: a new one is covered by itself.
CORE = sorted(p.stem for p in (PACKAGE / "core").glob("*.py") if p.stem != "__init__")
# What reads, writes, sends or parses arguments (the standard library's own too, which the
# import contracts in `make lint` do not see).
IO_LIBRARIES = ("zipfile", "openpyxl", "xlsxwriter", "python_calamine", "docx", "pandas",
                "click", "defusedxml", "tempfile", "smtplib", "olefile", "oxmsg")


def loaded_after(statement: str) -> set[str]:
    code = (f"import sys; before = set(sys.modules); {statement}; "
            "print(' '.join(sorted(set(sys.modules) - before)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_the_core_is_found():
    assert {"model", "timescale", "merge", "flags", "report"} <= set(CORE)


@pytest.mark.parametrize("module", CORE)
def test_a_core_module_loads_no_io(module):
    loaded = loaded_after(f"import edi_workbook.core.{module}")
    outside = {name for name in loaded if name.startswith("edi_workbook.")
               and not name.startswith("edi_workbook.core")}
    libraries = {name for name in IO_LIBRARIES if name in loaded}
    assert not outside, f"importing core.{module} loads {sorted(outside)}"
    assert not libraries, f"importing core.{module} loads {sorted(libraries)}"


def test_importing_the_package_loads_nothing_else():
    loaded = loaded_after("import edi_workbook")
    assert {m for m in loaded if m.startswith("edi_workbook.")} == set()


def test_every_public_name_resolves_to_its_real_definition():
    for name in edi_workbook.__all__:
        value = getattr(edi_workbook, name)
        assert value.__name__ == name
        assert value.__module__ == f"edi_workbook.{edi_workbook._HOMES[name]}"
    assert sorted(edi_workbook._HOMES) == sorted(edi_workbook.__all__)
    # Signatures stay visible: the real function, not a wrapper.
    assert list(inspect.signature(edi_workbook.write_plan).parameters) == [
        "plan", "path", "template", "changed", "notes", "position"]
    assert set(edi_workbook.__all__) <= set(dir(edi_workbook))


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        edi_workbook.nothing_here  # noqa: B018


def test_no_module_loads_python_docx(tmp_path):
    """The package writes and reads Word itself: python-docx needs lxml, which the
    browser build (Pyodide) cannot load. The tests still read its outputs with it."""
    import pkgutil

    names = [m.name for m in pkgutil.walk_packages(edi_workbook.__path__, "edi_workbook.")
             if not m.name.endswith("__main__")]
    assert {"edi_workbook.report.docx", "edi_workbook.importing.word"} <= set(names)
    report, template = tmp_path / "report.docx", tmp_path / "template.docx"
    loaded = loaded_after(
        "; ".join(f"import {name}" for name in names)
        + "; from datetime import date; from edi_workbook.workflow.example import example_plan"
        + "; from edi_workbook.report import write_report"
        + "; from edi_workbook.importing.word import read_docx"
        + f"; write_report(example_plan(), {str(template)!r}, as_of=date(2024, 3, 15))"
        + f"; write_report(example_plan(), {str(report)!r}, template={str(template)!r})"
        + f"; read_docx({str(report)!r})")
    assert report.exists()
    assert not {m for m in loaded if m.split(".")[0] in ("docx", "lxml")}
