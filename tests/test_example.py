"""The Maidstone example plan: loads, resolves, and says what the council said.

The faithfulness tests compare the TOML with the PDF extraction it was
transcribed from, so an edit that drifts from the council's wording fails.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from edi_workbook.core.model import Plan, period_bounds, split_services
from edi_workbook.workflow.example import EXAMPLE_TOML, example_plan, load_plan_toml

SEED = Path("/work/shared/seeds/000_59fe58fd6413823e.txt")
PAGE_BREAK = "## Appendix 2 – EDI Action Plan 2023-24."
CELL = " | "  # stands for a table cell boundary (tab or newline) in the seed

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="seed text not available")


@pytest.fixture(scope="module")
def plan() -> Plan:
    return example_plan()


@pytest.fixture(scope="module")
def raw() -> dict:
    with open(EXAMPLE_TOML, "rb") as handle:
        return tomllib.load(handle)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _normalise_page(page: str) -> str:
    """A page as '| cell | cell |': tags, struck text and bullet glyphs gone."""
    page = re.sub(r"<del>.*?</del>", " ", page, flags=re.DOTALL)
    page = re.sub(r"<[^>]+>", " ", page)
    page = page.replace("•", " ")
    cells = [_squash(c) for c in re.split(r"[\t\n]", page)]
    return CELL + CELL.join(c for c in cells if c) + CELL


@pytest.fixture(scope="module")
def seed_pages() -> list[str]:
    return [
        _normalise_page(p) for p in SEED.read_text(encoding="utf-8").split(PAGE_BREAK)
    ]


def _lines(text: str) -> list[str]:
    """A field's lines as the seed has them: bullets unmarked, spaces squashed."""
    out = []
    for line in text.split("\n"):
        line = _squash(re.sub(r"^\s*•\s*", "", line))
        if line:
            out.append(line)
    return out


def _in_seed(line: str, pages: list[str]) -> bool:
    """In one cell of the seed, or the end of a cell on one page joined to
    the start of a cell on the next (the PDF split the row there)."""
    if any(line in page for page in pages):
        return True
    for m in re.finditer(" ", line):
        head, tail = line[: m.start()], line[m.end() :]
        for this, following in itertools.pairwise(pages):
            if head + CELL in this and CELL + tail in following:
                return True
    return False


def _title_cells(action: dict) -> list[str]:
    """The title cell as the seed may have had it: title and marker, with or
    without a space between ("...internal teams- Ongoing Project")."""
    title, marker = action["title"], action["marker"]
    return [f"{title} {marker}", f"{title}{marker}"] if marker else [title]


def _toml_texts(raw: dict) -> list[tuple[str, str]]:
    """(where, text) for every piece of the council's wording in the TOML."""
    texts: list[tuple[str, str]] = []
    for objective in raw["objectives"]:
        key = objective["key"]
        texts.append((f"{key} role", objective["role"]))
        texts.append((f"{key} statement", "Objective: " + objective["statement"]))
        texts += [(f"{key} commitment", c) for c in objective["commitments"]]
        texts += [(f"{key} connection", c) for c in objective["connections"]]
        for action in objective["actions"]:
            aid = action["id"]
            texts.append((f"{aid} title", action["title"]))
            for field_name in ("description", "services", "timescale"):
                texts.append((f"{aid} {field_name}", action[field_name]))
    return texts


# --- shape ----------------------------------------------------------------


def test_plan_metadata(plan: Plan) -> None:
    assert plan.title == "EDI Action Plan 2023-24"
    assert plan.organisation == "Maidstone Borough Council"
    assert plan.period == "2023-24"
    assert plan.annual_update == date(2024, 3, 31)
    assert period_bounds(plan.period) == (date(2023, 4, 1), date(2024, 3, 31))
    assert plan.revision == 0
    assert plan.plan_id == example_plan().plan_id  # fixed, not generated per load
    assert [o.key for o in plan.objectives] == ["CL", "EM", "SP"]
    assert [o.sheet_name for o in plan.objectives] == [
        "Community Leader",
        "Employer",
        "Service Provider",
    ]


def test_action_counts_per_objective(plan: Plan) -> None:
    rows = {o.key: len(plan.actions_for(o.key)) for o in plan.objectives}
    parents = {
        o.key: len({a.parent_id for a in plan.actions_for(o.key)})
        for o in plan.objectives
    }
    assert rows == {"CL": 12, "EM": 7, "SP": 6}
    assert parents == {"CL": 10, "EM": 5, "SP": 6}


def test_milestone_ids(plan: Plan) -> None:
    milestones = [a.id for a in plan.actions if a.is_milestone]
    assert milestones == [
        "CL-08.1",
        "CL-08.2",
        "CL-08.3",
        "EM-04.1",
        "EM-04.2",
        "EM-04.3",
    ]
    for parent in ("CL-08", "EM-04"):
        rows = [a for a in plan.actions if a.parent_id == parent]
        assert len({(a.title, a.type) for a in rows}) == 1


def test_ids_unique_and_numbered_in_order(plan: Plan) -> None:
    ids = [a.id for a in plan.actions]
    assert len(ids) == len(set(ids))
    for objective in plan.objectives:
        numbers: list[int] = []
        for action in plan.actions_for(objective.key):
            m = re.fullmatch(rf"{objective.key}-(\d\d)(?:\.(\d))?", action.id)
            assert m, action.id
            if not numbers or numbers[-1] != int(m.group(1)):
                numbers.append(int(m.group(1)))
        assert numbers == list(range(1, len(numbers) + 1))


def test_type_follows_marker(raw: dict) -> None:
    for objective in raw["objectives"]:
        for action in objective["actions"]:
            marker = action["marker"].upper()
            if "NEW FOCUS" in marker:
                expected = "New focus"
            elif "ONGOING" in marker:
                expected = "Ongoing"
            elif "NEW" in marker:
                expected = "New"
            else:
                expected = ""
            assert action["type"] == expected, action["id"]
            assert not re.search(
                r"(NEW|Ongoing (Project|Action))\s*$", action["title"], re.IGNORECASE
            ), action["id"]


# --- exact strings --------------------------------------------------------


def test_first_commitment_keeps_its_bullets(plan: Plan) -> None:
    first = plan.objective("CL").commitments[0]
    assert first == (
        "We will work closely with our partners (Voluntary and Community Sector, "
        "Anchor Institutions, Parishes and Church and Faith groups) to:\n"
        "• Identify opportunities for joined up working and improving our ability to "
        "share information to support and engage our wider communities.\n"
        "• Increase volunteering opportunities and participation, funding and support."
    )
    assert [len(o.commitments) for o in plan.objectives] == [4, 3, 5]
    assert all(c.startswith("We will ") for o in plan.objectives for c in o.commitments)


def test_struck_through_text_is_left_out(plan: Plan) -> None:
    commitment = plan.objective("SP").commitments[2]
    assert commitment.endswith(
        "financial inclusion and social well-being in Maidstone."
    )
    everything = [c for o in plan.objectives for c in o.commitments]
    everything += [a.description for a in plan.actions]
    assert not any("work stream on communities" in text for text in everything)
    assert "struck through" in EXAMPLE_TOML.read_text(encoding="utf-8")


def test_connections(plan: Plan) -> None:
    assert plan.objective("CL").connections == [
        "Strategic Plan",
        "Communications Plan",
        "Financial Inclusion Strategy",
        "Homelessness and Rough Sleepers Strategy",
    ]
    assert plan.objective("EM").connections == ["Strategic Plan", "Workforce Strategy"]
    assert plan.objective("SP").connections == [
        "Strategic Plan",
        "Digital Strategy",
        "Financial Inclusion Strategy",
    ]


def test_exact_cells(plan: Plan) -> None:
    index = plan.action_index()
    assert index["EM-04.1"].timescale.text == "Due July 2025"
    assert index["EM-04.2"].timescale.text == "July 2024"
    assert index["EM-04.3"].timescale.text == "October 2024"
    assert index["CL-03"].services == ["Data Analytics", "Democratic Services"]
    assert index["CL-02"].title.startswith("Implement no wrong door")
    assert index["CL-02"].services == [
        "Housing",
        "Revenues and Benefits",
        "Policy, Communities and Engagement",
    ]
    assert index["CL-08.2"].services == [
        "Human Resources",
        "Learning and Development",
        "Communication and Events",
        "Museums",
        "Civic team",
        "Economic Development",
        "Communities lead",
    ]
    assert index["CL-08.3"].services == [
        "Policy, Communities and Engagement",
        "Human Resources",
    ]
    assert index["CL-08.2"].description.startswith(
        "Dates of meaning to the organisation to be tied into existing events, "
        "community events, well-being week. Internal 'celebration'"
    )
    assert index["CL-05"].timescale.text == (
        "First round of project to be deliver by 31/3/24 "
        "with further projects to be agreed"
    )
    assert index["SP-03"].title.endswith("informs service deliver.")
    assert index["EM-02"].description.count("\n• ") == 10
    assert (
        "• Develop creative, inclusive communication mechanisms so all council staff, "
        "including those who don't access information online, are informed of council "
        "news and developments.\n" in index["EM-02"].description
    )


def test_service_provider_rows_keep_their_timescales(plan: Plan) -> None:
    assert [a.timescale.text for a in plan.actions_for("SP")] == [
        "October 2024",
        "Ongoing – Update to be provided as part of EDI Annual update",
        "Start date April 2024",
        "October 2024",
        "March 2024",
        "Ongoing – Update to be provided as part of EDI Annual update",
    ]


# --- services -------------------------------------------------------------


def test_every_action_service_resolves(plan: Plan, raw: dict) -> None:
    rows = {a["id"]: a for o in raw["objectives"] for a in o["actions"]}
    for action in plan.actions:
        names, unknown = split_services(rows[action.id]["services"], plan.services)
        assert unknown == [], action.id
        assert names and names == action.services, action.id


def test_every_service_is_used(plan: Plan) -> None:
    used = {name for a in plan.actions for name in a.services}
    assert [s.name for s in plan.services if s.name not in used] == []


def test_services_listed_once_with_example_addresses(plan: Plan) -> None:
    spellings = [n.casefold() for s in plan.services for n in s.names()]
    assert len(spellings) == len(set(spellings))
    assert all(s.email.endswith("@example.org") for s in plan.services)
    assert plan.service("HR") is plan.service("Human Resources")
    assert plan.service("Comms and Events").name == "Communication and Events"


def test_unknown_service_names_the_action(tmp_path: Path) -> None:
    text = EXAMPLE_TOML.read_text(encoding="utf-8").replace(
        'services = "Data Analytics/Democratic Services"',
        'services = "Data Analytics/Parks and Open Spaces"',
    )
    broken = tmp_path / "broken.toml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=r"CL-03.*Parks and Open Spaces"):
        load_plan_toml(broken)


# --- faithfulness to the seed ---------------------------------------------


@needs_seed
def test_every_text_occurs_in_the_seed(raw: dict, seed_pages: list[str]) -> None:
    assert f"Appendix 2 – {raw['title']}." in SEED.read_text(encoding="utf-8")
    missing = [
        (where, line)
        for where, text in _toml_texts(raw)
        for line in _lines(text)
        if not _in_seed(line, seed_pages)
    ]
    assert missing == []


@needs_seed
def test_every_title_cell_is_whole_in_the_seed(
    raw: dict, seed_pages: list[str]
) -> None:
    """Title plus marker is exactly one cell of the seed: nothing lost or added."""
    seed = "".join(seed_pages)
    wrong = [
        action["id"]
        for objective in raw["objectives"]
        for action in objective["actions"]
        if not any(CELL + cell + CELL in seed for cell in _title_cells(action))
    ]
    assert wrong == []


@needs_seed
def test_every_seed_cell_is_in_the_toml(raw: dict, seed_pages: list[str]) -> None:
    """The other way round: no cell of the seed was dropped."""
    structure = {
        "## Appendix 2 – EDI Action Plan 2023-24.",
        "Commitments",
        "Action Title",
        "Actions",
        "Responsible Service",
        "Timescale for delivery",
        "Connections to other plans and Strategies",
        "Connections to other plans",
        "Connection to other plans",
        "--",
    }
    texts = [text for _, text in _toml_texts(raw)]
    texts += [
        c for o in raw["objectives"] for a in o["actions"] for c in _title_cells(a)
    ]
    lines = sorted(
        {line for text in texts for line in _lines(text)},
        key=len,
        reverse=True,
    )
    corpus = "\n".join(lines)
    leftovers = []
    for page in seed_pages:
        for cell in page.split(CELL):
            rest = cell.strip()
            for line in lines:
                rest = rest.replace(line, "\n")
            for word in sorted(structure, key=len, reverse=True):
                rest = rest.replace(word, "\n")
            for fragment in rest.split("\n"):
                fragment = fragment.strip()
                if fragment and fragment not in corpus:
                    leftovers.append(fragment)
    assert leftovers == []
