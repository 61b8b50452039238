"""The browser page in a real browser: Debian's chromium, driven by Playwright's Python
package (never `playwright install`: the browser is the system's).

* the whole cycle played in the page on the example plan and its returns, every
  download compared with the CLI's output for the same inputs, cell by cell;
* saved e-mails and broken or hostile returns merged exactly as the CLI merges them;
* axe-core on the page in each state, no violation; the keyboard alone reaches
  every control, with the focus visible;
* nothing leaves the PC: no request once the page has loaded, whatever the
  officer does; works offline after the first visit.

The page is built (scripts/build_app.py) when build/app is missing or older than
its sources. Skipped, with the reason, without chromium, Playwright, or (when a
build is needed and build/cache cannot serve it) npm or the network.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest
from page_compare import same_file, same_folder

from edi_workbook.workflow.example import RETURNS_DIR

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "build" / "app"
CACHE = ROOT / "build" / "cache"
AXE = CACHE / "axe.min.js"
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE_PLAN = ROOT / "examples" / "maidstone-edi-plan-2023-24.xlsx"
CHROMIUM = os.environ.get("EDI_WORKBOOK_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
AS_OF, DUE, NEXT_PERIOD = "2024-03-15", "2024-03-08", "2024-25"
READY = 90_000  # ms: ready in seconds, but CI machines are shared
STEP = 180_000
# The build and what it runs (Python's bytecode is compiled by Pyodide under node).
BUILD_SCRIPTS = ("build_app.py", "pyodide_run.mjs", "compile_bytecode.py")
STEP_BUTTONS = ["Validate", "Send", "Chase", "Merge", "Flag", "Report", "Rollover", "Import",
                "Check"]


def _why_skip() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"browser tests skipped: no chromium at {CHROMIUM} (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return ("browser tests skipped: Playwright's Python package is not installed"
                " (pip install -e '.[test]')")
    return None


pytestmark = pytest.mark.browser
if _why_skip():  # one line at the end of `make test` says why
    pytest.skip(_why_skip(), allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

# --- the page, built and served as `make app` and `edi-workbook app` do ---------------------

def _sources() -> list[Path]:
    scripts = ROOT / "scripts"
    return [*(ROOT / "app").iterdir(), *(scripts / name for name in BUILD_SCRIPTS),
            ROOT / "setup.cfg", *(ROOT / "edi_workbook").rglob("*.py")]


def _stale() -> bool:
    built = APP / "manifest.json"
    return (not built.exists() or not AXE.exists()
            or max(p.stat().st_mtime for p in _sources()) > built.stat().st_mtime)


def _reachable(url: str) -> bool:
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=15).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def built() -> Path:
    """build/app, as `make app` builds it: rebuilt when a source is newer."""
    if _stale():
        cached = any((CACHE / "npm").glob("pyodide-*.tgz")) and any((CACHE / "npm").glob(
            "axe-core-*.tgz"))
        if not cached and shutil.which("npm") is None:
            pytest.skip("browser tests skipped: the page is not built (make app) and there is"
                        " no npm to build it (apt-get install npm)")
        if shutil.which("node") is None:
            pytest.skip("browser tests skipped: the page is not built (make app) and there is"
                        " no node to build it (apt-get install nodejs)")
        for url in ("https://registry.npmjs.org/pyodide", "https://pypi.org/simple/click/"):
            if not cached and not _reachable(url):
                pytest.skip(f"browser tests skipped: the page is not built (make app) and"
                            f" {url.split('/')[2]} cannot be reached to build it")
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_app.py")],
                              capture_output=True, text=True)
        if done.returncode:
            pytest.fail("scripts/build_app.py failed:\n" + (done.stdout + done.stderr)[-3000:])
    return APP


@pytest.fixture(scope="session")
def server(built):
    from edi_workbook.workflow.serve import page_server

    srv = page_server(built, 0).serve_in_thread()
    yield srv.url
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


def open_page(browser, url, **options):
    """A new browser profile on the page: the officer's first visit."""
    ctx = browser.new_context(accept_downloads=True, timezone_id="UTC", locale="en-GB",
                              **options)
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    return ctx, page


def wait_ready(page) -> None:
    page.locator("body[data-state=ready]").wait_for(state="attached", timeout=READY)


def wait_loaded(page) -> None:
    """Ready, and the offline copy made (set up once Python is ready)."""
    wait_ready(page)
    page.locator("body[data-offline]").wait_for(state="attached", timeout=READY)


@pytest.fixture
def page(browser, server):
    ctx, pg = open_page(browser, server)
    wait_ready(pg)
    yield pg
    assert pg.errors == []
    ctx.close()


@pytest.fixture(scope="module")
def shared(browser, server):
    """One page for the tests that only look at it."""
    ctx, pg = open_page(browser, server)
    wait_ready(pg)
    yield pg
    ctx.close()


@pytest.fixture(scope="session")
def example(tmp_path_factory) -> Path:
    """The README's round: plan.xlsx (the example plan) and returns/ (its five returns)."""
    base = tmp_path_factory.mktemp("example")
    shutil.copy(EXAMPLE_PLAN, base / "plan.xlsx")
    shutil.copytree(RETURNS_DIR, base / "returns")
    return base


# --- doing things in the page, and the same with the CLI ------------------------------------

def run_step(page, button: str) -> dict:
    """Click a step's button, wait for its result; what the page recorded of it."""
    runs = page.evaluate("window.ediApp.results.length")
    page.get_by_role("button", name=button, exact=True).click()
    page.locator(f"body[data-runs='{runs + 1}']").wait_for(state="attached", timeout=STEP)
    result = page.evaluate("window.ediApp.results[window.ediApp.results.length - 1]")
    assert "error" not in result, result
    return result


def download(page, name: str, dest: Path) -> bytes:
    link = page.get_by_role("link", name=re.compile("^" + re.escape(name) + r" \(")).first
    with page.expect_download() as got:
        link.click()
    assert got.value.suggested_filename == name
    got.value.save_as(dest / name)
    return (dest / name).read_bytes()


def region(page, name: str):
    return page.get_by_role("region", name=re.compile(f"^{name}:"))


def cli(cwd: Path, *argv: str) -> tuple[int, list[str]]:
    """`edi-workbook ARGV` in cwd, a process of its own: (exit status, lines printed)."""
    done = subprocess.run([sys.executable, "-m", "edi_workbook", *argv], cwd=cwd,
                          capture_output=True, text=True)
    text = (done.stdout + done.stderr).replace(f"{Path(cwd).resolve()}/", "")
    return done.returncode, text.rstrip("\n").split("\n") if text.strip() else []


def laid_out(tmp: Path, step: str, *sources: Path, **named: Path) -> Path:
    """A folder laid out as the page lays out its files: each source by its own name."""
    where = tmp / f"cli-{step}"
    where.mkdir()
    for source in sources:
        (shutil.copytree if source.is_dir() else shutil.copy)(source, where / source.name)
    for name, source in named.items():
        shutil.copy(source, where / name)
    return where


def same_as_cli(result: dict, where: Path) -> list[str]:
    """What the page ran, run by the CLI with the very same arguments: same lines, status."""
    code, lines = cli(where, *result["argv"][1:])
    assert result["lines"] == lines
    assert result["exit_code"] == code
    return lines


# --- the whole cycle --------------------------------------------------------------------------

def test_whole_cycle(page, example, tmp_path):
    got = tmp_path / "downloads"
    got.mkdir()
    plan, returns = example / "plan.xlsx", example / "returns"

    # The plan, the date to judge against, and check it.
    page.get_by_label("Plan", exact=True).set_input_files(plan)
    expect(page.locator("#plan-chosen")).to_contain_text("plan.xlsx")
    page.get_by_label("As of", exact=True).fill(AS_OF)
    r = run_step(page, "Validate")
    same_as_cli(r, laid_out(tmp_path, "validate", plan))
    assert r["outcome"] == "clean" and r["lines"][-1] == "plan.xlsx: 0 errors, 0 warnings"
    expect(page.get_by_role("status")).to_contain_text("Validate finished.")

    # Send: the returns and e-mail drafts as one .zip, with a progress bar.
    region(page, "Send").get_by_label("Due", exact=True).fill(DUE)
    r = run_step(page, "Send")
    where = laid_out(tmp_path, "send", plan)
    same_as_cli(r, where)
    assert r["outputs"] == ["returns-sent.zip"]
    assert ["Writing returns", 15, 15] in page.evaluate("window.ediApp.progress")
    same_folder(download(page, "returns-sent.zip", got), where / "returns-sent",
                "returns-sent.zip")

    # The returns that came back: a whole folder, picked as a folder. Chase the rest.
    page.get_by_label("Returns folder", exact=True).set_input_files(returns)
    expect(page.locator("#returns-chosen")).to_contain_text("5 return files chosen")
    r = run_step(page, "Chase")
    where = laid_out(tmp_path, "chase", plan, returns)
    same_as_cli(r, where)
    same_folder(download(page, "reminders.zip", got), where / "reminders", "reminders.zip")

    # Merge, with receipts for the leads.
    region(page, "Merge").get_by_label("Receipts", exact=True).check()
    r = run_step(page, "Merge")
    where = laid_out(tmp_path, "merge", plan, returns)
    lines = same_as_cli(r, where)
    assert lines[-1] == ("Merged cleanly: 37 boxes applied, 115 unchanged, 0 in conflict,"
                         " 0 rejected (152 read).")
    assert (r["outcome"], r["exit_code"]) == ("clean", 0)
    assert sorted(r["outputs"]) == ["plan-merged.xlsx", "receipts.zip", "summary.xlsx"]
    for name in ("plan-merged.xlsx", "summary.xlsx"):
        same_file(download(page, name, got), (where / name).read_bytes(), name)
    same_folder(download(page, "receipts.zip", got), where / "receipts", "receipts.zip")
    expect(page.locator("#meaning")).to_have_text("Exit status 0. Done: nothing needs you.")
    assert ["Reading returns", 5, 5] in page.evaluate("window.ediApp.progress")
    merged = where / "plan-merged.xlsx"

    # Flag the plan as it was sent.
    r = run_step(page, "Flag")
    where = laid_out(tmp_path, "flag", plan)
    same_as_cli(r, where)
    same_file(download(page, "plan-flagged.xlsx", got),
              (where / "plan-flagged.xlsx").read_bytes(), "plan-flagged.xlsx")

    # The year end, on the merged plan, which the page offers as the next Plan.
    page.get_by_role("button", name="Use as Plan: plan-merged.xlsx").first.click()
    expect(page.locator("#plan-chosen")).to_contain_text("plan-merged.xlsx")
    for kind, label in (("xlsx", "Excel (.xlsx)"), ("docx", "Word (.docx)")):
        region(page, "Report").get_by_label(label).check()
        r = run_step(page, "Report")
        where = laid_out(tmp_path, f"report-{kind}", merged)
        same_as_cli(r, where)
        name = f"progress-update.{kind}"
        same_file(download(page, name, got), (where / name).read_bytes(), name)

    region(page, "Rollover").get_by_label("Period", exact=True).fill(NEXT_PERIOD)
    r = run_step(page, "Rollover")
    where = laid_out(tmp_path, "rollover", merged)
    same_as_cli(r, where)
    name = f"plan-{NEXT_PERIOD}.xlsx"
    same_file(download(page, name, got), (where / name).read_bytes(), name)

    # Import a council's own tracker (a CSV).
    tracker = tmp_path / "tracker.csv"
    tracker.write_text(
        "Objective,Action,Lead,By when,Status\n"
        "Our workforce,Publish the gender pay gap report,Human Resources,March 2025,On track\n"
        "Our workforce,Run an inclusion survey,Human Resources,Q3 2024/25,Not started\n"
        "Our services,Review EqIAs for all new policies,Policy,Ongoing,On track\n")
    region(page, "Import").get_by_label("Source", exact=True).set_input_files(tracker)
    region(page, "Import").get_by_label("Organisation", exact=True).fill("Our Borough Council")
    region(page, "Import").get_by_label("Period", exact=True).fill("2024-25")
    r = run_step(page, "Import")
    where = laid_out(tmp_path, "import", tracker)
    same_as_cli(r, where)
    same_file(download(page, "plan.xlsx", got), (where / "plan.xlsx").read_bytes(), "plan.xlsx")

    # The accessibility check of everything downloaded this session.
    r = run_step(page, "Check")
    where = tmp_path / "cli-check"
    where.mkdir()
    for f in got.iterdir():
        if f.suffix == ".zip":
            with zipfile.ZipFile(io.BytesIO(f.read_bytes())) as zf:
                zf.extractall(where / f.stem)
        else:
            shutil.copy(f, where / f.name)
    same_as_cli(r, where)


# --- what really comes back -----------------------------------------------------------------

def merge_both(page, tmp_path, folder: Path, one_by_one: bool = False) -> dict:
    """Merge `folder`'s files into the example plan in the page and with the CLI."""
    page.get_by_label("Plan", exact=True).set_input_files(EXAMPLE_PLAN)
    if one_by_one:  # several files chosen with the Returns picker
        page.get_by_label("Returns", exact=True).set_input_files(sorted(folder.iterdir()))
    else:
        page.get_by_label("Returns folder", exact=True).set_input_files(folder)
    n = len([p for p in folder.iterdir() if p.is_file()])
    expect(page.locator("#returns-chosen")).to_contain_text(f"{n} return files")
    page.get_by_label("As of", exact=True).fill(AS_OF)
    result = run_step(page, "Merge")
    where = tmp_path / "cli"
    shutil.copytree(folder, where / ("picked" if one_by_one else folder.name))
    shutil.copy(EXAMPLE_PLAN, where / EXAMPLE_PLAN.name)
    same_as_cli(result, where)
    assert sorted(result["outputs"]) == [f"{EXAMPLE_PLAN.stem}-merged.xlsx", "summary.xlsx"]
    for name in result["outputs"]:
        same_file(download(page, name, tmp_path), (where / name).read_bytes(), name)
    return result


def test_saved_emails(page, tmp_path):
    """.eml and Outlook's .msg opened in the page: the link inside link-only.msg is found,
    as the one inside link-only.eml is."""
    folder = tmp_path / "returns"
    shutil.copytree(FIXTURES / "messages", folder)
    result = merge_both(page, tmp_path, folder)
    assert sum("the reply holds a link to" in line for line in result["lines"]) == 2
    assert result["outcome"] == "look"
    expect(page.locator("#meaning")).to_have_text(
        "Exit status 1. Done, but a person must look: the last line says what.")


def test_broken_renamed_and_hostile_files(page, tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(FIXTURES / "returns", folder)
    text = "\n".join(merge_both(page, tmp_path, folder)["lines"])
    for name in ("zip-bomb.xlsx", "entity-bomb.xlsx", "password.xlsx", "Housing.ods"):
        assert f"rejected: {name}" in text, name


def test_returns_picked_one_by_one_or_dropped(page, tmp_path):
    folder = tmp_path / "returns"
    shutil.copytree(RETURNS_DIR, folder)
    result = merge_both(page, tmp_path, folder, one_by_one=True)
    assert result["lines"][-1].startswith("Merged cleanly: 37 boxes applied")

    # Drag and drop: files dropped on the returns area join the returns.
    page.get_by_role("button", name="Clear returns").click()
    expect(page.locator("#returns-chosen")).to_have_text("No returns chosen.")
    names = sorted(p.name for p in RETURNS_DIR.iterdir())[:2]
    page.evaluate("""(files) => {
        const dt = new DataTransfer();
        for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
        const zone = document.querySelector('[data-drop=returns]');
        for (const type of ['dragover', 'drop'])
            zone.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true,
                                                    cancelable: true}));
    }""", [{"name": n, "bytes": list((RETURNS_DIR / n).read_bytes())} for n in names])
    expect(page.locator("#returns-chosen")).to_contain_text("2 return files chosen")
    expect(page.get_by_role("status")).to_contain_text("2 return files added")


def test_import_the_councils_own_documents(page, tmp_path):
    """Word (read without lxml), a tracker workbook and a CSV, as on the command line."""
    for source in ("multi-year-2015-2019.docx", "numbered-objectives.docx", "tracker.xlsx",
                   "objective-column-2024-25.csv"):
        path = FIXTURES / "sources" / source
        region(page, "Import").get_by_label("Source", exact=True).set_input_files(path)
        region(page, "Import").get_by_label("Organisation", exact=True).fill(
            "Our Borough Council")
        result = run_step(page, "Import")
        where = laid_out(tmp_path, source, path)
        same_as_cli(result, where)
        same_file(download(page, "plan.xlsx", tmp_path), (where / "plan.xlsx").read_bytes(),
                  f"{source}: plan.xlsx")


# --- accessible -----------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe(page, state: str) -> None:
    """axe-core (npm, pinned in app/lock.json) finds no violation in this state."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag',"
                           " values: tags}, resultTypes: ['violations']})", AXE_TAGS)
    found = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
              "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]
    assert not found, f"{state}: {found}"


def test_axe_in_every_state(browser, server, example):
    # axe is injected as a script, which the page's own policy forbids: this context
    # bypasses it (every other test keeps it).
    ctx, page = open_page(browser, server, bypass_csp=True)
    axe(page, "loading")  # the page itself loaded, Python still coming
    wait_ready(page)
    axe(page, "ready")

    page.get_by_role("button", name="Merge", exact=True).click()  # nothing chosen yet
    expect(page.get_by_role("status")).to_contain_text("Choose the plan first")
    expect(page.get_by_label("Plan", exact=True)).to_be_focused()
    axe(page, "asked for the plan")

    page.get_by_label("Plan", exact=True).set_input_files(example / "plan.xlsx")
    page.get_by_label("Returns", exact=True).set_input_files(
        sorted((example / "returns").iterdir()))
    expect(page.locator("#returns-chosen")).to_contain_text("5 return files")
    page.get_by_label("As of", exact=True).fill(AS_OF)
    page.get_by_role("button", name="Send", exact=True).click()
    page.locator("body[data-state=running]").wait_for(state="attached")
    expect(page.get_by_role("progressbar")).to_be_visible()
    axe(page, "running, progress bar shown")
    page.locator("body[data-runs='1']").wait_for(state="attached", timeout=STEP)
    axe(page, "send done, a download offered")

    run_step(page, "Merge")
    expect(page.locator("#meaning")).to_contain_text("Done: nothing needs you.")
    axe(page, "merged cleanly")

    # A person must look: a file among the returns that is not a workbook.
    page.get_by_label("Returns", exact=True).set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"call Housing"}])
    expect(page.locator("#returns-chosen")).to_contain_text("6 return files")
    run_step(page, "Merge")
    expect(page.locator("#meaning")).to_contain_text("a person must look")
    axe(page, "merged, a person must look")

    # Nothing written: the plan is not a workbook.
    page.get_by_label("Plan", exact=True).set_input_files(
        files=[{"name": "plan.xlsx", "mimeType": "application/octet-stream",
                "buffer": b"not a workbook"}])
    run_step(page, "Merge")
    expect(page.locator("#meaning")).to_contain_text("Nothing was written")
    axe(page, "nothing written")
    ctx.close()


def test_controls_found_by_role_and_name_in_the_clis_words(shared):
    for name in STEP_BUTTONS:
        expect(shared.get_by_role("button", name=name, exact=True)).to_have_count(1)
    for label in ("Plan", "Returns", "Returns folder", "As of"):
        expect(shared.get_by_label(label, exact=True)).to_have_count(1)
    expect(shared.get_by_role("status")).to_have_count(1)
    expect(region(shared, "Send").get_by_label("Due", exact=True)).to_have_count(1)


def test_keyboard_reaches_everything_with_focus_visible(shared):
    seen = []
    for _ in range(90):
        shared.keyboard.press("Tab")
        info = shared.evaluate("""() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            const name = el.getAttribute('aria-label') || (el.labels && el.labels[0] &&
                el.labels[0].textContent.trim()) || el.textContent.trim();
            return {tag: el.tagName, name, outline: style.outlineStyle,
                    shadow: style.boxShadow};
        }""")
        if info:
            seen.append(info)
            assert info["outline"] != "none" and info["shadow"] != "none", info
    assert set(STEP_BUTTONS) <= {s["name"] for s in seen if s["tag"] == "BUTTON"}
    assert {"Plan", "Returns", "Returns folder", "As of"} <= {
        s["name"] for s in seen if s["tag"] == "INPUT"}


# --- nothing leaves the PC ------------------------------------------------------------------

LOCAL = ("blob:", "data:")  # made in the page itself: the downloads


def work(page, example, tmp_path) -> None:
    """What an officer does in a session: check, send, merge, download."""
    page.get_by_label("Plan", exact=True).set_input_files(example / "plan.xlsx")
    page.get_by_label("Returns folder", exact=True).set_input_files(example / "returns")
    expect(page.locator("#returns-chosen")).to_contain_text("5 return files")
    page.get_by_label("As of", exact=True).fill(AS_OF)
    for button in ("Validate", "Send", "Merge"):
        run_step(page, button)
    expect(page.locator("#meaning")).to_contain_text("Done: nothing needs you.")
    for name in ("plan-merged.xlsx", "summary.xlsx", "returns-sent.zip"):
        download(page, name, tmp_path)


def test_the_page_says_so(shared):
    expect(shared.get_by_text("Your files never leave this computer")).to_be_visible()


def test_no_request_once_loaded(browser, server, example, tmp_path):
    ctx = browser.new_context(accept_downloads=True, locale="en-GB", timezone_id="UTC")
    page = ctx.new_page()
    loading: list[str] = []
    ctx.on("request", lambda r: loading.append(r.url))
    page.goto(server)
    wait_loaded(page)
    page.wait_for_timeout(500)  # anything the loading still had in flight
    foreign = [u for u in loading if not u.startswith((server, *LOCAL))]
    assert loading and not foreign, f"requests to another host while loading: {foreign}"

    after: list[str] = []
    ctx.on("request", lambda r: after.append(r.url))
    page.on("websocket", lambda ws: after.append(ws.url))
    work(page, example, tmp_path)
    page.wait_for_timeout(1000)  # anything late still counts
    network = [u for u in after if not u.startswith(LOCAL)]
    assert network == [], f"the page made requests after it had loaded: {network}"
    ctx.close()


def test_the_listener_would_see_a_late_request(page):
    """The test above can fail: a fetch after loading is seen."""
    after: list[str] = []
    page.context.on("request", lambda r: after.append(r.url))
    page.evaluate("fetch('manifest.json?late').then(r => r.text())")
    page.wait_for_timeout(500)
    assert any("manifest.json?late" in u for u in after), after


def test_only_this_server_is_allowed(browser, server):
    ctx = browser.new_context()
    page = ctx.new_page()
    csp = page.goto(server).headers["content-security-policy"]
    assert "connect-src 'self'" in csp and "default-src 'self'" in csp
    meta = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    assert csp.startswith(meta)  # the same policy on any web server that hosts the folder
    ctx.close()


def test_works_offline_after_first_visit(browser, server, example, tmp_path):
    ctx, page = open_page(browser, server)
    wait_loaded(page)
    assert page.evaluate("window.ediApp.serviceWorker") in ("installed", "active")
    ctx.set_offline(True)
    page.reload()
    wait_loaded(page)
    assert page.evaluate("window.ediApp.serviceWorker") == "active"
    work(page, example, tmp_path)
    ctx.close()
