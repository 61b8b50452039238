"""A real council's plan, kept as TOML, to try the tool on and test against.

The plan is Maidstone Borough Council's EDI Action Plan 2023-24, transcribed
word for word into `examples/`. It lives in TOML rather than a workbook so a
reviewer can diff it against the council's text, and so loading it needs
nothing beyond the standard library and the model.
"""

from __future__ import annotations

import sys
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..core.model import Action, ActionType, Objective, Plan, Service, split_services
from ..core.timescale import parse_timescale


def _examples_dir() -> Path:
    """The repository's examples/, or the copy `pip install .` puts under share/."""
    repo = Path(__file__).resolve().parents[2] / "examples"
    if (repo / "maidstone-edi-plan-2023-24.toml").exists():
        return repo
    return Path(sys.prefix) / "share" / "edi-workbook" / "examples"


EXAMPLE_TOML: Path = _examples_dir() / "maidstone-edi-plan-2023-24.toml"

_ACTION_TYPES = frozenset({"", *(t.value for t in ActionType)})


def load_plan_toml(path: Path) -> Plan:
    """The plan in a TOML file laid out like `EXAMPLE_TOML`.

    Each action's responsible-service text is resolved against the file's own
    service list, so a misspelt or missing service fails here, naming the
    action, instead of silently leaving a row with no one to send it to.
    The TOML's `marker` (the "- Ongoing Project" text of the original title)
    stays in the file: the Action carries it only as its `type`.
    """
    with open(path, "rb") as handle:
        data = tomllib.load(handle)

    services = [_service(entry) for entry in data.get("services", [])]
    objectives: list[Objective] = []
    actions: list[Action] = []
    seen: set[str] = set()
    for entry in data.get("objectives", []):
        objective = Objective(
            key=entry["key"],
            role=entry["role"],
            statement=entry.get("statement", ""),
            commitments=list(entry.get("commitments", [])),
            connections=list(entry.get("connections", [])),
        )
        objectives.append(objective)
        for row in entry.get("actions", []):
            action = _action(row, objective.key, services)
            if action.id in seen:
                raise ValueError(f"{path.name}: action id {action.id} is used twice")
            seen.add(action.id)
            actions.append(action)

    annual_update = data.get("annual_update")
    return Plan(
        title=data.get("title", "EDI Action Plan"),
        organisation=data.get("organisation", ""),
        period=data.get("period", ""),
        annual_update=annual_update if isinstance(annual_update, date) else None,
        revision=int(data.get("revision", 0)),
        plan_id=str(data["plan_id"]),
        owner_name=data.get("owner_name", ""),
        owner_role=data.get("owner_role", ""),
        objectives=objectives,
        services=services,
        actions=actions,
    )


def example_plan() -> Plan:
    """Maidstone's 2023-24 plan, for demos and tests."""
    return load_plan_toml(EXAMPLE_TOML)


def _service(entry: dict[str, Any]) -> Service:
    return Service(
        name=entry["name"],
        aliases=list(entry.get("aliases", [])),
        lead=entry.get("lead", ""),
        email=entry.get("email", ""),
        deputy_email=entry.get("deputy_email", ""),
    )


def _action(row: dict[str, Any], objective: str, services: list[Service]) -> Action:
    """One Action; unknown services or types are errors, not blanks."""
    action_id = row["id"]
    text = row.get("services", "")
    names, unknown = split_services(text, services)
    if unknown:
        parts = ", ".join(map(repr, unknown))
        raise ValueError(
            f"action {action_id}: responsible service(s) {parts} "
            "are not in the services list — add them, or an alias"
        )
    action_type = row.get("type", "")
    if action_type not in _ACTION_TYPES:
        raise ValueError(
            f"action {action_id}: type {action_type!r} is not one of "
            f"{sorted(_ACTION_TYPES)}"
        )
    return Action(
        id=action_id,
        objective=objective,
        title=row.get("title", ""),
        type=action_type,
        description=row.get("description", ""),
        services=names,
        timescale=parse_timescale(row.get("timescale", "")),
    )


EXAMPLE_WORKBOOK: Path = EXAMPLE_TOML.with_suffix(".xlsx")
RETURNS_TOML: Path = EXAMPLE_TOML.parent / "returns.toml"
RETURNS_DIR: Path = EXAMPLE_TOML.parent / "returns"
# The example round: returns issued and due back before the year-end update.
ISSUED = date(2024, 2, 19)
DUE = date(2024, 3, 8)
AS_OF = date(2024, 3, 15)
SAVED = datetime(2024, 3, 7, 17, 0)  # when the leads saved their returns


def build_example_workbook(path: Path = EXAMPLE_WORKBOOK) -> Path:
    """Rebuild the example plan workbook from its TOML (`make example`)."""
    from ..workbooks.plan_writer import write_plan

    return write_plan(example_plan(), path)


def build_example_returns(out_dir: Path = RETURNS_DIR) -> list[Path]:
    """Fill in the returns `send` writes, as the service leads in returns.toml did."""
    import tempfile

    from ..mail.send import send_returns
    from ..xlsx.edit import set_saved_time

    with open(RETURNS_TOML, "rb") as handle:
        entries = tomllib.load(handle)["returns"]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        issued = {i.service: i.workbook for i in send_returns(
            example_plan(), Path(tmp), issued=ISSUED, due=DUE)}
        for entry in entries:
            edits = {row["id"]: {heading: row[key] for key, heading in _RETURN_FIELDS.items()
                                 if key in row} for row in entry["rows"]}
            path = fill_return(issued[entry["service"]], edits, out_dir / entry["file"])
            written.append(set_saved_time(path, SAVED))
    return written


def fill_return(path: Path, edits: dict[str, dict[str, Any]], out: Path | None = None) -> Path:
    """Type `edits` (ID -> column heading -> value) into a return, as a lead would.

    The demo and the tests merge real edited workbooks, not hand-made data.
    """
    from ..xlsx.edit import type_into_table

    return type_into_table(path, edits, key="ID", also=("Status",), out=out)


_RETURN_FIELDS = {
    "status": "Status",
    "progress": "Progress update",
    "revised_timescale": "Revised timescale",
    "comments": "Comments",
}


if __name__ == "__main__":
    print(f"Example plan written to {build_example_workbook()}")
    for path in build_example_returns():
        print(f"Example return written to {path}")
