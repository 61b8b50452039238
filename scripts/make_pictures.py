"""Make the README's pictures: run the demo, print chosen sheets (and pages of the
Word report), save small PNGs.

Each picture is what LibreOffice prints for one sheet (the workbook's own page
setup: landscape, fit to width, header row repeated), so the pictures show
what an officer gets on paper, not a screenshot of a grid. LibreOffice prints
every visible sheet, so each picture is printed from a copy of its workbook in
which every other sheet is hidden, so the sheet's own pages are numbered from 1.
A wide sheet printed fit-to-width is shown in part (`keep`), so it can be read.

Needs LibreOffice (`soffice`) and poppler (`pdftoppm`) on PATH.
Run with `make pictures` or `.venv/bin/python scripts/make_pictures.py`.

The browser page's picture (page.png) is a screenshot instead: the page as
`make app` built it, in chromium (driven by Playwright), after the example
round's merge. `--page` makes only that one.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
MAX_BYTES = 150_000
# Pixels lighter than this count as paper when finding the printed area;
# a pixel row mostly darker than HEADER_INK is a table's header band.
PAPER = 245
HEADER_INK = 120


@dataclass(frozen=True)
class Picture:
    """One sheet of one demo output, and which part of which printed page to keep."""

    name: str  # file name in docs/images
    workbook: str  # glob, relative to the demo folder ("@returns/..." for examples/returns)
    sheet: str  # '' for the Word report, printed whole
    page: int = 1  # of the sheet's printout
    dpi: int = 80
    # Fractions of the page's printed area to keep: (left, top, right, bottom).
    keep: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    from_header: bool = False  # start at the table's header row instead of keep's top
    find: str = ""  # the first page printing these words, instead of `page`


PICTURES = [
    # The plan owner's plan: one objective sheet, before any returns.
    Picture("plan.png", "plan.xlsx", "Community Leader", dpi=150, keep=(0, 0, 0.62, 0.62)),
    # What the Housing lead receives, and what they send back.
    Picture("return-sent.png", "sent/*Housing.xlsx", "Return", dpi=130),
    Picture("return-filled.png", "@returns/Housing.xlsx", "Return", dpi=160,
            keep=(0.55, 0, 1, 1), from_header=True),
    # The merged plan: changed cells highlighted.
    Picture("merged-plan.png", "merged-plan.xlsx", "Community Leader", dpi=130,
            keep=(0, 0, 0.86, 0.6)),
    # The plan remembers: every change of every round, on its own sheet.
    Picture("history.png", "merged-plan.xlsx", "History", dpi=120, keep=(0, 0, 1, 0.45)),
    # The summary for managers: who replied, what changed.
    Picture("summary.png", "summary.xlsx", "Summary", dpi=110),
    Picture("summary-chart.png", "summary.xlsx", "Summary", find="Status of actions by objective",
            dpi=110, keep=(0, 0, 1, 0.62)),
    Picture("summary-changes.png", "summary.xlsx", "Changes", dpi=120, keep=(0, 0, 1, 0.5)),
    # The year end: the progress update and next year's plan.
    Picture("progress-update-summary.png", "progress-update.docx", "", page=2, dpi=80),
    Picture("progress-update-actions.png", "progress-update.docx", "", page=3, dpi=80),
    Picture("progress-update.png", "progress-update.xlsx", "Progress update", dpi=110,
            keep=(0, 0, 1, 0.5)),
    Picture("plan-2024-25.png", "plan-2024-25.xlsx", "Community Leader", dpi=130,
            keep=(0, 0, 1, 0.62)),
    # A plan with the equality columns (equality/: see run_equality_example): who it reaches.
    Picture("who-the-plan-reaches.png", "equality/progress-update.docx", "",
            find="Who the plan reaches", dpi=80),
]
# The plan the equality picture comes from: a council's tracker tagging each action
# with its protected characteristics, aim and EFLG module (tests/fixtures/make_sources.py).
EQUALITY_SOURCE = ROOT / "tests" / "fixtures" / "sources" / "characteristics-tracker.xlsx"


def run_demo(out_dir: Path) -> None:
    """The same outputs `make demo` writes, on the example round's date."""
    from edi_workbook.workflow.demo import run_demo as demo
    from edi_workbook.workflow.example import AS_OF

    for _line in demo(out_dir, as_of=AS_OF):
        pass
    run_equality_example(out_dir / "equality")


def run_equality_example(out_dir: Path) -> None:
    """A round of a plan with the equality columns: imported, sent, the Human Resources
    lead's return filled in (with evidence), merged, and the progress update written."""
    from datetime import date

    from edi_workbook.core.merge import merge_returns
    from edi_workbook.importing import import_source
    from edi_workbook.report import write_report
    from edi_workbook.workbooks.plan_writer import write_plan
    from edi_workbook.workbooks.return_reader import read_return
    from edi_workbook.workbooks.return_writer import write_return
    from edi_workbook.workflow.example import fill_return

    out_dir.mkdir(parents=True, exist_ok=True)
    plan = import_source(EQUALITY_SOURCE, organisation="Westbrook District Council").plan
    sent = write_return(plan, "Human Resources", out_dir / "return.xlsx",
                        issued=date(2024, 10, 1), due=date(2024, 10, 25))
    filled = fill_return(sent, {
        "W9": {"Status": "On track", "Progress update": "Scheme live since June.",
               "Evidence": "Recruitment report, September 2024"},
        "W10": {"Status": "Complete", "Progress update": "Policy agreed in October.",
                "Evidence": "Joint consultative committee minutes, 14 October 2024"}},
        out_dir / "returned.xlsx")
    merged = merge_returns(plan, [read_return(filled)], date(2024, 11, 1)).plan
    write_plan(merged, out_dir / "plan.xlsx")
    write_report(merged, out_dir / "progress-update.docx", as_of=date(2025, 3, 31))


def find_workbook(demo_dir: Path, pattern: str) -> Path:
    if pattern.startswith("@returns/"):
        from edi_workbook.workflow.example import RETURNS_DIR

        return RETURNS_DIR / pattern.removeprefix("@returns/")
    found = sorted(demo_dir.glob(pattern))
    if len(found) != 1:
        raise SystemExit(f"expected one workbook matching {pattern} in {demo_dir}, found {found}")
    return found[0]


def only_sheet(source: Path, sheet: str, target: Path) -> Path:
    """A copy of `source` in which `sheet` is the only visible (so printed) sheet."""
    import openpyxl

    wb = openpyxl.load_workbook(source)
    if sheet not in wb.sheetnames:
        raise SystemExit(f"{source.name} has no sheet {sheet!r}: {wb.sheetnames}")
    keep = wb[sheet]
    keep.sheet_state = "visible"
    wb.active = wb.sheetnames.index(sheet)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is keep
        if ws is not keep:
            ws.sheet_state = "hidden"
    wb.save(target)
    return target


def to_pdf(workbooks: list[Path], out_dir: Path, profile: Path) -> None:
    """Print the workbooks to PDF in one LibreOffice run, with a throwaway profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not on PATH")
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, workbooks)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300,
    )


def printed_area(pdf: Path, page: int, dpi: int, work: Path) -> tuple[int, int, int, int, int]:
    """The box (x0, y0, x1, y1), in pixels at `dpi`, that holds ink on `page`,
    and the top of the first table header band (a row mostly dark), else y0."""
    stem = work / f"{pdf.stem}-gray"
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(stem)], check=True)
    if not stem.with_suffix(".pgm").exists():
        raise SystemExit(f"{pdf.name} has no page {page}")
    width, height, pixels = read_pgm(stem.with_suffix(".pgm"))
    rows = [y for y in range(height) if min(pixels[y * width:(y + 1) * width]) < PAPER]
    if not rows:
        raise SystemExit(f"{pdf.name}: page {page} is blank or missing")
    cols = [x for x in range(width) if min(pixels[x::width]) < PAPER]
    x0, x1 = cols[0], cols[-1] + 1
    header = next((y for y in rows
                   if sum(p < HEADER_INK for p in pixels[y * width + x0:y * width + x1])
                   > (x1 - x0) // 2), rows[0])
    return x0, rows[0], x1, rows[-1] + 1, header


def read_pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and 8-bit pixels of a binary PGM (what `pdftoppm -gray` writes)."""
    data = path.read_bytes()
    fields: list[bytes] = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P5" or fields[3] != b"255":
        raise SystemExit(f"{path.name}: not an 8-bit binary PGM")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[pos + 1:pos + 1 + width * height]


def page_with(pdf: Path, words: str) -> int:
    """The first page of `pdf` whose text holds `words`: where a table lands moves as
    the rows above it grow, and the picture follows it."""
    page = 1
    while True:
        done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True)
        if done.returncode != 0 or not done.stdout.strip():
            raise SystemExit(f"{pdf.name}: no page prints {words!r}")
        if words in done.stdout:
            return page
        page += 1


def render(picture: Picture, pdf: Path, work: Path, out: Path) -> Path:
    """Crop the page to the kept part of its printed area; save a PNG under MAX_BYTES."""
    if picture.find:
        picture = replace(picture, page=page_with(pdf, picture.find))
    dpi = picture.dpi
    while True:
        x0, y0, x1, y1, header = printed_area(pdf, picture.page, dpi, work)
        left, top, right, bottom = picture.keep
        margin = max(4, dpi // 10)
        x = max(0, int(x0 + (x1 - x0) * left) - margin)
        y = max(0, (header if picture.from_header else int(y0 + (y1 - y0) * top)) - margin)
        w = int((x1 - x0) * (right - left)) + 2 * margin
        h = int(y0 + (y1 - y0) * bottom) + margin - y
        target = out / picture.name
        page = str(picture.page)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", page, "-l", page, "-singlefile",
                        "-x", str(x), "-y", str(y), "-W", str(w), "-H", str(h),
                        str(pdf), str(target.with_suffix(""))], check=True)
        if target.stat().st_size <= MAX_BYTES or dpi <= 40:
            return target
        dpi = int(dpi * 0.85)


def make_pictures(out: Path = IMAGES, demo_dir: Path | None = None) -> list[Path]:
    """Run the demo (unless `demo_dir` holds its outputs) and write every picture to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="edi-pictures-") as tmp:
        work = Path(tmp)
        if demo_dir is None:
            demo_dir = work / "demo"
            run_demo(demo_dir)
        copies = []
        for picture in PICTURES:
            source = find_workbook(demo_dir, picture.workbook)
            copy = work / f"{Path(picture.name).stem}{source.suffix}"  # one PDF per picture
            if source.suffix == ".docx":  # the committee report: printed as it is
                copies.append(Path(shutil.copyfile(source, copy)))
            else:
                copies.append(only_sheet(source, picture.sheet, copy))
        to_pdf(copies, work, work / "lo-profile")
        return [render(p, work / f"{Path(p.name).stem}.pdf", work, out) for p in PICTURES]


PAGE_PICTURE = "page.png"  # the browser page, after the example round's merge
CHROMIUM = "/usr/bin/chromium"


def page_picture(out: Path = IMAGES) -> Path:
    """A screenshot of the browser page (build/app) once the example's returns are merged."""
    from playwright.sync_api import sync_playwright

    from edi_workbook.workflow.example import AS_OF, RETURNS_DIR
    from edi_workbook.workflow.serve import page_server

    app = ROOT / "build" / "app"
    if not (app / "index.html").exists() or not Path(CHROMIUM).exists():
        raise SystemExit(f"{PAGE_PICTURE} needs the page built (make app) and {CHROMIUM}")
    server = page_server(app, 0).serve_in_thread()
    target = out / PAGE_PICTURE
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(  # dates as a UK officer's browser shows them
                executable_path=CHROMIUM, args=["--no-sandbox", "--lang=en-GB"],
                env={**os.environ, "LANG": "en_GB.UTF-8", "LANGUAGE": "en_GB"})
            # Wide enough for the steps and the result side by side, as on a laptop.
            page = browser.new_page(viewport={"width": 1280, "height": 1140}, locale="en-GB")
            page.goto(server.url)
            page.locator("body[data-state=ready]").wait_for(state="attached", timeout=120_000)
            with tempfile.TemporaryDirectory() as tmp:  # the browser reads the file later
                plan = Path(tmp) / "plan.xlsx"
                shutil.copy(ROOT / "examples" / "maidstone-edi-plan-2023-24.xlsx", plan)
                page.get_by_label("Plan", exact=True).set_input_files(plan)
                page.get_by_label("Returns folder", exact=True).set_input_files(RETURNS_DIR)
                page.get_by_label("As of", exact=True).fill(AS_OF.isoformat())
                page.get_by_role("button", name="Merge", exact=True).click()
                page.locator("body[data-runs='1']").wait_for(state="attached", timeout=120_000)
            page.evaluate("window.scrollTo(0, 0)")  # the top: the files, the steps, the result
            page.mouse.move(0, 0)
            page.screenshot(path=str(target))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=IMAGES, help="folder for the PNGs")
    parser.add_argument("--demo", type=Path, help="use this demo folder instead of a fresh run")
    parser.add_argument("--page", action="store_true", help=f"only {PAGE_PICTURE}")
    args = parser.parse_args(argv)
    made = [] if args.page else make_pictures(args.out, args.demo)
    for path in [*made, page_picture(args.out)]:
        print(f"{path.stat().st_size // 1000:4d} KB  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
