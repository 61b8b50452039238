"""Every kind of output the demo writes, printed by LibreOffice and read back: whole pages.

Each distinct kind is printed once (the plan, the merged plan, returns of one, a
few and twenty actions, the summary, both forms of the progress update, next
year's plan), and a round of a plan whose services and objectives are long single
words, so no council's names break a page. `printed.faults` names what a reader
would see go wrong; each test asserts there is nothing to name.

Needs LibreOffice (soffice) and pdfplumber; .ci/run installs them, with Carlito
and Liberation Sans, the fonts the workbooks and the report are measured in.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest
from printed import Printout, bands, faults, print_to_pdf, printouts

# The fonts the outputs are measured in, or their metric twins: without them LibreOffice
# prints in another font of other widths, and every measure here would be wrong.
FONTS = [Path("/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf"),
         Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")]
pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not"
                       " installed: .ci/run installs it"),
    pytest.mark.skipif(not all(f.exists() for f in FONTS), reason="Carlito or Liberation Sans"
                       " is not installed (fonts-crosextra-carlito, fonts-liberation):"
                       " .ci/run installs them"),
]
pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber is in the test extra")

# What each kind is, and where the demo writes it (a glob under its folder).
DEMO_KINDS = {
    "plan.xlsx": "plan.xlsx",
    "merged-plan.xlsx": "merged-plan.xlsx",
    "summary.xlsx": "summary.xlsx",
    "report-word.docx": "progress-update.docx",
    "report-book.xlsx": "progress-update.xlsx",
    "next-plan.xlsx": "plan-2024-25.xlsx",
    "return-one.xlsx": "sent/* – ICT.xlsx",  # one action
    "return-few.xlsx": "sent/* – Housing.xlsx",  # four, one shared
    "return-shared.xlsx": "sent/* – Human Resources.xlsx",  # a long list of services
    "return-many.xlsx": "sent/* – Policy, Communities and Engagement.xlsx",  # twenty
    "reminder.xlsx": "reminders/* – Museums.xlsx",
}
# Services and objectives named by long single words: any council's names print whole.
LONG_NAMES = {
    "Housing": "Homelessnessprevention",
    "Human Resources": "Organisationaldevelopment",
    "Policy, Communities and Engagement": "Neighbourhoodengagement",
    "Communication and Events": "Telecommunications",
    "ICT": "Digitaltransformation",
}
LONG_ROLES = {"CL": "As an Interdepartmentalist", "EM": "As an Employer",
              "SP": "As a Servicedeliverer"}


def _long_named_round(folder: Path) -> list[Path]:
    """The example plan with long single-word names: the plan, a return, the merge's
    outputs and the progress update."""
    from edi_workbook.core.merge import merge_returns
    from edi_workbook.report import write_report
    from edi_workbook.workbooks.plan_writer import write_plan
    from edi_workbook.workbooks.return_reader import read_return
    from edi_workbook.workbooks.return_writer import write_return
    from edi_workbook.workbooks.summary import write_summary
    from edi_workbook.workflow.example import example_plan, fill_return

    plan = example_plan()
    plan.services = [s.__class__(LONG_NAMES.get(s.name, s.name), [], s.lead, s.email,
                                 s.deputy_email) for s in plan.services]
    plan.actions = [a.replace(services=[LONG_NAMES.get(s, s) for s in a.services])
                    for a in plan.actions]
    for objective in plan.objectives:
        objective.role = LONG_ROLES.get(objective.key, objective.role)
    folder.mkdir(parents=True, exist_ok=True)
    sent = write_return(plan, "Neighbourhoodengagement", folder / "long-return.xlsx",
                        issued=date(2024, 2, 23), due=date(2024, 3, 8))
    filled = fill_return(sent, {"CL-05": {"Status": "On track", "Progress update":
                                          "Telecommunicationsinfrastructure reviewed."}},
                         folder / "long-returned.xlsx")
    result = merge_returns(plan, [read_return(filled)], date(2024, 3, 15))
    merged = write_plan(result.plan, folder / "long-plan.xlsx")
    summary = write_summary(result, folder / "long-summary.xlsx")
    report = write_report(result.plan, folder / "long-report.xlsx", as_of=date(2024, 3, 31))
    return [sent, merged, summary, report]


@pytest.fixture(scope="module")
def printed_outputs(tmp_path_factory) -> dict[str, Printout]:
    """The demo's outputs, one of each kind, and the long-named round, printed."""
    from edi_workbook.workflow.demo import run_demo
    from edi_workbook.workflow.example import AS_OF

    root = tmp_path_factory.mktemp("print")
    demo = root / "demo"
    list(run_demo(demo, as_of=AS_OF))
    chosen = root / "chosen"
    chosen.mkdir()
    copies = []
    for kind, pattern in DEMO_KINDS.items():
        found = sorted(demo.glob(pattern))
        assert len(found) == 1, (pattern, found)
        copies.append(shutil.copy(found[0], chosen / kind))
    copies += _long_named_round(root / "long")
    copies += [shutil.copy(path, chosen / f"before-{path.name}")
               for path in sorted(BEFORE.glob("*.xlsx"))]
    assert len({Path(c).stem for c in copies}) == len(copies), "a PDF each"
    # Two LibreOffices side by side, each with its own profile (two cores).
    halves = [copies[0::2], copies[1::2]]
    with ThreadPoolExecutor(2) as pool:
        done = list(pool.map(lambda n: print_to_pdf(
            [Path(p) for p in halves[n]], root / "pdf", root / f"profile{n}"), range(2)))
    pdfs = {**done[0], **done[1]}
    return {p.name: p for p in printouts(pdfs)}


KINDS = [*DEMO_KINDS, "long-return.xlsx", "long-plan.xlsx", "long-summary.xlsx",
         "long-report.xlsx"]
# The demo's outputs as written before the layout fixes (tests/test_layout.py reads them
# too): what a reader saw go wrong on their pages.
BEFORE = Path(__file__).parent / "fixtures" / "outputs-before"
SEEN_BEFORE = {
    "return-policy-communities.xlsx": ["'Communicatio'"],  # "Communicatio / n and Events"
    "return-housing.xlsx": ["row taller than its text"],  # room for five lines, whatever
    "plan-2024-25.xlsx": ["past the page's printable edge",  # "...guidance pro" / "ovided"
                          "the key's label without its colours",  # the second page across
                          "'EM-02'... (5 line(s)"],  # three-quarters white on that page
    "summary.xlsx": ["a page for an empty list", "'Actions': cut by its cell"],  # Not returned
    "progress-update.xlsx": ["row taller than its text"],  # three rows a page
    "merged-plan.xlsx": ["'Issued', 'from'"],  # the Returns log's header, cut
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_prints_whole(printed_outputs, kind):
    """No word broken or cut, no cell cut, nothing past a page's edge, no row taller
    than its text, no table split badly, no page for an empty list."""
    assert faults(printed_outputs[kind]) == []


@pytest.mark.parametrize("name", sorted(SEEN_BEFORE))
def test_the_outputs_before_the_fixes_did_not_print_whole(printed_outputs, name):
    """The checks see what was seen on the demo's pages before: each fault they name."""
    found = "\n".join(faults(printed_outputs[f"before-{name}"]))
    for seen in SEEN_BEFORE[name]:
        assert seen in found, (seen, found)


def test_the_summary_prints_on_fewer_pages(printed_outputs):
    """Fourteen pages before: Changes on five (Old value a third of the page, empty),
    a page each for three empty lists. Now eight: the lists at the size their reading
    widths give (Changes near 10 pt) rather than squeezed to 8 pt onto seven."""
    before = len(printed_outputs["before-summary.xlsx"].pages)
    assert before >= 14 and len(printed_outputs["summary.xlsx"].pages) <= 8


def test_the_report_workbook_gives_its_counts_first(printed_outputs):
    first = printed_outputs["report-book.xlsx"].pages[0].text()
    assert "Counts" in first or "Total" in first.split("Page")[0]


def test_the_word_report_gives_its_counts_before_the_actions(printed_outputs):
    pages = [p.text() for p in printed_outputs["report-word.docx"].pages]
    counts = next(i for i, t in enumerate(pages) if "Summary of progress" in t)
    actions = next(i for i, t in enumerate(pages) if "CL-01" in t)
    assert counts <= actions


def test_a_short_return_prints_on_one_page(printed_outputs):
    """One action, or four: one A4 page, its instructions within the table's width."""
    for kind in ("return-one.xlsx", "return-few.xlsx"):
        assert len(printed_outputs[kind].pages) == 1, kind


def test_every_table_is_read_in_its_grid(printed_outputs):
    """The checks read rows inside drawn grids: every output's tables draw theirs."""
    for kind in ("summary.xlsx", "report-book.xlsx", "return-few.xlsx", "plan.xlsx"):
        body = [b for p in printed_outputs[kind].pages for b in bands(p)
                if b.words and not b.header]
        assert len(body) >= 4, kind
