"""`edi-workbook app`: the browser page, served on this computer only.

`make app` builds the page into a folder of static files (scripts/build_app.py);
this serves that folder on 127.0.0.1, so nothing on the network can reach it,
with the types browsers insist on for module scripts and WebAssembly, and the
page's own Content-Security-Policy as a header, which then covers its worker
too. Any web server can host the same folder (README: "No Python? Use the page").
"""

from __future__ import annotations

import errno
import functools
import http.server
import re
import sys
import threading
from pathlib import Path

from ..core.errors import EdiWorkbookError
from ..core.messages import no_page, port_in_use

# Where `make app` builds the page, in a checkout: build/app beside the package.
BUILT = Path(__file__).resolve().parents[2] / "build" / "app"
# Browsers refuse a module script or worker (.mjs) served as anything but JavaScript,
# and compile WebAssembly as it streams in only when it is served as application/wasm.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",
    ".whl": "application/zip",
    ".zip": "application/zip",
    ".txt": "text/plain; charset=utf-8",
}
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"')


def content_security_policy(folder: Path) -> str:
    """The policy index.html declares (its one definition), as a header: a header also
    covers the worker, and can forbid framing, which a <meta> cannot."""
    found = _CSP_META.search((folder / "index.html").read_text(encoding="utf-8"))
    policy = found.group(1) if found else "default-src 'self'"
    return f"{policy}; frame-ancestors 'none'"


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def __init__(self, *args, csp: str, **kwargs) -> None:
        self.csp = csp
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        # Ask every time (304 when unchanged): a new build is seen at once, and the
        # page's service worker keeps it working offline.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the officer's terminal shows one line, not every file fetched."""


class PageServer(http.server.ThreadingHTTPServer):
    """The page's folder on http://127.0.0.1:PORT/ (`url`)."""

    daemon_threads = True
    # Rebinding at once after Ctrl+C is what this asks for on Linux and macOS; on
    # Windows it would let a second server take a port already in use.
    allow_reuse_address = sys.platform != "win32"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def serve_in_thread(self) -> PageServer:
        """For tests and pictures: serve in the background; call shutdown() after."""
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self


def page_server(folder: Path | None = None, port: int = 0) -> PageServer:
    """A server for the built page (default: BUILT) on 127.0.0.1, bound and not yet
    serving. Port 0 takes any free port."""
    folder = Path(folder or BUILT)
    if not (folder / "index.html").is_file():
        raise EdiWorkbookError(no_page(str(folder)))
    handler = functools.partial(_Handler, directory=str(folder),
                                csp=content_security_policy(folder))
    try:
        return PageServer(("127.0.0.1", port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise EdiWorkbookError(port_in_use(port)) from None
        raise
