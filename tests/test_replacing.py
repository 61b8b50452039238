"""What writing one version of a plan over another would lose (core/replacing.py)."""

from __future__ import annotations

import copy
from datetime import date

from edi_workbook.core.history import Change
from edi_workbook.core.replacing import lost_by_replacing


def test_the_same_plan_loses_nothing(plan):
    assert lost_by_replacing(plan, copy.deepcopy(plan)) == []


def test_words_the_new_plan_lacks_are_named(plan):
    old = copy.deepcopy(plan)
    old.action_index()["CL-01"].progress = "Housing's words from round 1"
    old.objectives[0].connections.append("Tenant Strategy")
    old.extra_sheets["Our notes"] = [["Board asked about CL-03"]]
    assert lost_by_replacing(old, plan) == [
        "CL-01 Progress update", "Community Leader: Tenant Strategy",
        "Our notes: Board asked about CL-03"]


def test_a_cell_the_new_plan_changed_loses_nothing_its_history_keeps(plan):
    old = copy.deepcopy(plan)
    old.action_index()["CL-01"].status = "At risk"
    new = copy.deepcopy(plan)
    new.action_index()["CL-01"].status = "On track"
    assert lost_by_replacing(old, new) == ["CL-01 Status"]
    new.history.insert(0, Change(date(2024, 2, 19), 1, date(2024, 3, 15), "CL-01", "Status",
                                 "At risk", "On track", "Housing", "Housing.xlsx", "abc"))
    assert lost_by_replacing(old, new) == []
    # The old plan's own History rows must be carried too.
    assert lost_by_replacing(new, old) == ["CL-01 Status", "History: CL-01 Status"]


def test_an_action_and_a_service_s_own_words_are_named(plan):
    from edi_workbook.core.model import ServiceUpdate

    old = copy.deepcopy(plan)
    old.action_index()["CL-02"].updates["Housing"] = ServiceUpdate("CL-02", "Housing", "ours")
    new = copy.deepcopy(plan)
    new.actions = [a for a in new.actions if a.id != "CL-04"]
    assert lost_by_replacing(old, new) == ["CL-02 Progress update (Housing)", "CL-04"]
