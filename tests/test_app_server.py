"""`edi-workbook app`: the built page served on 127.0.0.1 with the types browsers need
and the page's own Content-Security-Policy. A stand-in page is enough here; the real
one is tried in a browser by tests/test_page.py."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from edi_workbook.cli import cli
from edi_workbook.core.errors import EdiWorkbookError
from edi_workbook.workflow.serve import page_server

CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'"


@pytest.fixture
def folder(tmp_path) -> Path:
    page = tmp_path / "app"
    (page / "pyodide").mkdir(parents=True)
    (page / "index.html").write_text(
        f'<!doctype html><meta http-equiv="Content-Security-Policy" content="{CSP}">'
        "<title>page</title>", encoding="utf-8")
    (page / "worker.mjs").write_text("export {};")
    (page / "pyodide" / "pyodide.asm.wasm").write_bytes(b"\0asm\1\0\0\0")
    (page / "wheels").mkdir()
    (page / "wheels" / "x-1.0-py3-none-any.whl").write_bytes(b"PK\5\6" + bytes(18))
    return page


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers, response.read()


def test_files_go_out_with_the_types_browsers_insist_on(folder):
    server = page_server(folder, 0).serve_in_thread()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        for path, kind in [("", "text/html; charset=utf-8"),
                           ("worker.mjs", "text/javascript; charset=utf-8"),
                           ("pyodide/pyodide.asm.wasm", "application/wasm"),
                           ("wheels/x-1.0-py3-none-any.whl", "application/zip")]:
            headers, body = fetch(server.url + path)
            assert headers["Content-Type"] == kind, path
            assert headers["Content-Security-Policy"] == f"{CSP}; frame-ancestors 'none'"
            assert headers["X-Content-Type-Options"] == "nosniff"
            assert headers["Cache-Control"] == "no-cache"
        assert body.startswith(b"PK")
    finally:
        server.shutdown()
        server.server_close()


def test_listens_on_this_computer_only(folder):
    server = page_server(folder, 0)
    try:
        assert server.server_address[0] == "127.0.0.1"
    finally:
        server.server_close()


def test_no_page_built_says_what_to_do(tmp_path):
    with pytest.raises(EdiWorkbookError, match=r"no page built there — run `make app`"):
        page_server(tmp_path / "nowhere", 0)
    result = CliRunner().invoke(cli, ["app", "--folder", str(tmp_path), "--no-browser"])
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path}: no page built there — run `make app` in the"
                             " edi-workbook folder first, or give the page's folder with"
                             " --folder\n")


def test_a_port_in_use_says_what_to_do(folder):
    first = page_server(folder, 0)
    try:
        port = first.server_address[1]
        with pytest.raises(EdiWorkbookError, match=f"port {port} on this computer is in use"):
            page_server(folder, port)
    finally:
        first.server_close()


def test_the_command_serves_until_ctrl_c(folder):
    app = subprocess.Popen([sys.executable, "-m", "edi_workbook", "app", "--port", "0",
                            "--folder", str(folder), "--no-browser"],
                           stdout=subprocess.PIPE, text=True)
    try:
        line = app.stdout.readline()
        assert line.startswith("The page is at http://127.0.0.1:")
        assert line.endswith("(this computer only). Press Ctrl+C to stop.\n")
        url = line.split()[4]
        assert b"<title>page</title>" in fetch(url)[1]
        app.send_signal(signal.SIGINT)
        assert app.wait(timeout=10) == 0
    finally:
        app.kill()
        app.stdout.close()
