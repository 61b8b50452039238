"""The real world: workbooks re-saved by LibreOffice still read and merge.

Excel itself cannot run here; LibreOffice's re-save is the harsher of the two
(ROUNDTRIP.md: it drops freeze panes, tab colours and veryHidden state).
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path

import pytest

from edi_workbook.mail.send import send_returns
from edi_workbook.workbooks.plan_reader import read_plan
from edi_workbook.workbooks.plan_writer import write_plan
from edi_workbook.workflow.example import fill_return
from edi_workbook.workflow.merging import merge_files

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: .ci/run installs libreoffice-calc-nogui")


def libreoffice_resave(path: Path, out_dir: Path) -> Path:
    """Open and save `path` as .xlsx with LibreOffice, as a service lead might."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir.parent / f"lo-profile-{uuid.uuid4().hex}"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "xlsx", "--outdir", str(out_dir), str(path)],
        check=True, capture_output=True, timeout=180)
    result = out_dir / (path.stem + ".xlsx")
    assert result.exists(), f"LibreOffice wrote nothing for {path.name}"
    return result


@needs_soffice
def test_plan_survives_a_libreoffice_resave(tmp_path, plan):
    path = write_plan(plan, tmp_path / "plan.xlsx")
    again = read_plan(libreoffice_resave(path, tmp_path / "lo"))
    assert again == plan


@needs_soffice
def test_return_resaved_by_libreoffice_still_merges(tmp_path, plan):
    plan_path = write_plan(plan, tmp_path / "plan.xlsx")
    [housing] = [i for i in send_returns(plan, tmp_path / "sent", issued=date(2024, 2, 19),
                                         due=date(2024, 3, 8)) if i.service == "Housing"]
    fill_return(housing.workbook, {
        "CL-01": {"Status": "On track", "Progress update": "Second advisor recruited."},
        "EM-01": {"Revised timescale": "December 2024", "Comments": "=not a formula"},
    })
    resaved = libreoffice_resave(housing.workbook, tmp_path / "lo")
    outcome = merge_files(plan_path, [resaved], output=tmp_path / "merged.xlsx",
                          summary=tmp_path / "summary.xlsx", as_of=date(2024, 3, 15))
    result = outcome.result
    assert result.rejected == []
    assert result.conflicts == []
    assert {(c.action_id, c.field) for c in result.applied} == {
        ("CL-01", "status"), ("CL-01", "progress"),
        ("EM-01", "revised_timescale"), ("EM-01", "comments")}
    merged = read_plan(tmp_path / "merged.xlsx").action_index()
    assert merged["CL-01"].status == "On track"
    assert merged["CL-01"].progress == "Second advisor recruited."
    assert merged["EM-01"].revised_timescale == "December 2024"
    assert merged["EM-01"].own_words("comments", "Housing") == "=not a formula"
    assert merged["CL-01"].updated_by == "Housing"


@needs_soffice
def test_merged_plan_with_notes_and_awkward_text_survives_a_libreoffice_resave(tmp_path, plan):
    """The merged plan is next round's master: its inline strings and notes must re-save."""
    import openpyxl

    from edi_workbook.core.schema import HEADERS
    from edi_workbook.workbooks.plan_writer import CellNote

    awkward = "=SUM(A1) & <b>fish</b> > chips\n[Housing] two lines  "
    plan.actions[0] = plan.actions[0].replace(progress=awkward.strip(), comments="+44 1622")
    notes = {(plan.actions[0].id, "progress"): CellNote("Previous value: (blank)\nOn: 15/03/2024")}
    path = write_plan(plan, tmp_path / "merged.xlsx", notes=notes)
    resaved = libreoffice_resave(path, tmp_path / "lo")
    # A note the caller gave reads back as the plan's own note on that cell: kept.
    plan.actions[0].notes = {"Progress update": "Previous value: (blank)\nOn: 15/03/2024"}
    assert read_plan(resaved) == plan
    ws = openpyxl.load_workbook(resaved)[plan.objective(plan.actions[0].objective).sheet_name]
    row = next(r for r in ws.iter_rows() if r[0].value == plan.actions[0].id)
    cell = row[HEADERS.index("Progress update")]
    assert cell.value == awkward.strip()
    assert cell.comment is not None and cell.comment.text.startswith("Previous value: (blank)")
