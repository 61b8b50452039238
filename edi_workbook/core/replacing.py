"""What writing one version of a plan over another would lose. Pure.

An output already holding a later revision of the plan is replaced only when
the new plan carries everything in it: every action and each of its cells
(the same words, or words the new plan's History records it changed from),
every service's own words, every History row and Returns log entry, and the
officer's own work (objectives, services, sheets, notes, rows below a table).
Worked-out cells (Due, Flag, Last updated, Updated by) are not compared:
every write works them out again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .cells import as_text
from .model import Action, Plan
from .schema import HEADER_FOR_FIELD

# An action's cells an officer or a lead writes; the rest are worked out.
_TEXT_FIELDS = ("title", "type", "description", "status", "progress", "revised_timescale",
                "comments")


def lost_by_replacing(old: Plan, new: Plan) -> list[str]:
    """What of `old` the `new` plan does not carry, one short description each ("CL-01
    Progress update", "History: CL-02 Status"); [] when nothing would be lost."""
    # A cell the new plan changed, from these words: they are in its History.
    changed_from = {(c.action_id, c.field, c.old) for c in new.history if not c.problem}
    index = new.action_index()
    lost: list[str] = []
    for action in old.actions:
        now = index.get(action.id)
        if now is None:
            lost.append(f"{action.id or 'an action without an ID'}")
            continue
        for header, owner, was, is_now in _cells(action, now):
            if was == is_now or (action.id, header, was) in changed_from:
                continue
            lost.append(f"{action.id} {header}" + (f" ({owner})" if owner else ""))
    seen = {_history_key(c) for c in new.history}
    lost += [f"History: {c.action_id} {c.field}" for c in old.history
             if _history_key(c) not in seen]
    logged = {(r.content_hash or r.file, r.service) for r in new.returns_log}
    lost += [f"Returns log: {r.file}" for r in old.returns_log
             if (r.content_hash or r.file, r.service) not in logged]
    lost += sorted(_officer_work(old) - _officer_work(new))
    return lost


def _cells(old: Action, new: Action) -> Iterator[tuple[str, str, str, str]]:
    """(header, whose words, old text, new text) for every cell people write."""
    for name in _TEXT_FIELDS:
        yield HEADER_FOR_FIELD[name], "", as_text(old.get(name)), as_text(new.get(name))
    yield ("Responsible service(s)", "", "; ".join(old.services), "; ".join(new.services))
    yield "Timescale", "", old.timescale.text, new.timescale.text
    for header, value in old.extra.items():
        yield header, "", as_text(value), as_text(new.extra.get(header))
    for service, update in old.updates.items():
        other = new.updates.get(service)
        for name in ("progress", "comments"):
            yield (HEADER_FOR_FIELD[name], service, update.get(name),
                   other.get(name) if other else "")
    for header, text in old.notes.items():
        yield f"note on {header}", "", text, new.notes.get(header, "")


def _history_key(change: Any) -> tuple[Any, ...]:
    """A History row whatever day it was written on: a merge run again writes it again."""
    if change.problem:
        return ("", *map(as_text, change.raw))
    return (change.revision, change.action_id, change.field, change.old, change.new,
            change.service, change.return_id)


def _officer_work(plan: Plan) -> set[str]:
    """The officer's own words outside the actions, each named by where it is."""
    found = set()
    for objective in plan.objectives:
        name = objective.sheet_name
        texts = [objective.role, objective.statement, *objective.commitments,
                 *objective.connections, *(b.words for b in objective.below)]
        found |= {f"{name}: {t}" for t in texts if t}
    for service in plan.services:
        found.add(f"Services: {service.name}, {'; '.join(service.aliases)}, {service.lead},"
                  f" {service.email}, {service.deputy_email}")
    for sheet, rows in plan.extra_sheets.items():
        found |= {f"{sheet}: {as_text(v)}" for row in rows for v in row if as_text(v)}
    for sheet, notes in plan.sheet_notes.items():
        found |= {f"{sheet}: note at {ref}" for ref in notes}
    found |= {f"Service updates: {u.action_id} {u.service}" for u in plan.loose_updates}
    return found
