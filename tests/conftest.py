"""Shared fixtures: the real example plan and a written copy of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from edi_workbook.example import example_plan
from edi_workbook.model import Plan
from edi_workbook.writer import write_plan


@pytest.fixture
def plan() -> Plan:
    return example_plan()


@pytest.fixture
def plan_path(tmp_path: Path, plan: Plan) -> Path:
    return write_plan(plan, tmp_path / "plan.xlsx")
