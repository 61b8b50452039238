"""The package: its public names, and a pure core that loads no file library."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import edi_workbook

# Model, timescales, flags, merge and checks: pure, testable without a file.
CORE = ("model", "timescale", "flags", "merge", "validate", "returns", "schema", "cells",
        "messages", "errors", "rollover", "columns", "source", "leads", "history", "numfmt",
        "receipts", "report")
# The edges: what reads, writes, sends or parses arguments.
IO_MODULES = ("reader", "filecheck", "template", "writer", "summary", "xlsx", "mail", "cli",
              "return_reader", "return_writer", "files", "run", "send", "lock", "importer",
              "report_docx", "report_xlsx", "docx_chart", "demo", "example",
              "word", "tables", "inbox", "accessibility", "xlsxparts", "opc", "wordml",
              "wordread", "report_style")
IO_LIBRARIES = ("zipfile", "openpyxl", "xlsxwriter", "python_calamine", "docx", "pandas",
                "click", "defusedxml", "tempfile", "smtplib")


def loaded_after(statement: str) -> set[str]:
    code = (f"import sys; before = set(sys.modules); {statement}; "
            "print(' '.join(sorted(set(sys.modules) - before)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


@pytest.mark.parametrize("module", CORE)
def test_a_core_module_loads_no_io(module):
    loaded = loaded_after(f"import edi_workbook.{module}")
    edges = {f"edi_workbook.{name}" for name in IO_MODULES} & loaded
    libraries = {name for name in IO_LIBRARIES if name in loaded}
    assert not edges, f"importing {module} loads {sorted(edges)}"
    assert not libraries, f"importing {module} loads {sorted(libraries)}"


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
        "plan", "path", "template", "changed", "notes"]
    assert set(edi_workbook.__all__) <= set(dir(edi_workbook))


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        edi_workbook.nothing_here  # noqa: B018


def test_no_module_loads_python_docx(tmp_path):
    """The package writes and reads Word itself: python-docx needs lxml, which the
    browser build (Pyodide) cannot load. The tests still read its outputs with it."""
    import pkgutil

    names = [m.name for m in pkgutil.iter_modules(edi_workbook.__path__)
             if m.name != "__main__"]
    assert {"report_docx", "word", "wordml", "wordread", "opc"} <= set(names)
    report, template = tmp_path / "report.docx", tmp_path / "template.docx"
    loaded = loaded_after(
        "; ".join(f"import edi_workbook.{name}" for name in names)
        + "; from datetime import date; from edi_workbook.example import example_plan"
        + "; from edi_workbook.run import write_report; from edi_workbook.word import read_docx"
        + f"; write_report(example_plan(), {str(template)!r}, as_of=date(2024, 3, 15))"
        + f"; write_report(example_plan(), {str(report)!r}, template={str(template)!r})"
        + f"; read_docx({str(report)!r})")
    assert report.exists()
    assert not {m for m in loaded if m.split(".")[0] in ("docx", "lxml")}
