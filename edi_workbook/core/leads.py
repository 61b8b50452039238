"""Who an action goes to: service names and lead officers, split out of a cell.

Plans write "Housing/Human Resources", "Housing, Revenues and Benefits,
Policy, Communities and Engagement", "AG/ZW", "ZW and Directors", "Head of HR
and Organisational Development / Policy Officer". Service cells are split by
the rules Maidstone's plan needs (`resolve_services`); lead cells by the
rules officers' initials, names and job titles need (`split_leads`). Pure.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .cells import folded
from .model import Service


def _is_group(pieces: list[str]) -> bool:
    """'Policy, Communities and Engagement': single words, then one 'Y and Z'."""
    return (len(pieces) >= 2 and " and " in pieces[-1]
            and all(" " not in p for p in pieces[:-1]))


def builtin_split(text: str) -> list[tuple[int, str]]:
    """(position, name) of each service in `text`, with no services list.

    The rule: split on '/', ';' and new lines. A part with commas stays one
    name when it reads "X, Y and Z" (single words, then one 'and' phrase: a
    name such as "Policy, Communities and Engagement"); otherwise it is
    split on the commas when every piece starts with a capital, and kept
    whole when not.
    """
    found: list[tuple[int, str]] = []
    for m in re.finditer(r"[^/;\n]+", text or ""):
        part = m.group()
        pieces = [(m.start() + p.start(), p.group().strip(" .,"))
                  for p in re.finditer(r"[^,]+", part) if p.group().strip(" .,")]
        names = [n for _, n in pieces]
        if not pieces:
            continue
        if len(pieces) == 1 or _is_group(names) or not all(n[:1].isupper() for n in names):
            found.append((pieces[0][0], ", ".join(names)))
        else:
            found.extend(pieces)
    return found


def _folded(text: str) -> str:
    """`text` folded so that whatever `re.IGNORECASE` matches is a substring of it.

    casefold() agrees with the regular expression engine on every character
    but the dotless ı, which it matches with i and I.
    """
    return text.casefold().replace("ı", "i")


class _Known:
    """Names to look for in cells, tried longest first (earliest given first on a tie).

    Each name's pattern is compiled once, and a name is tried on a cell only
    when its folded text is in the folded cell: a plan of thousands of rows
    naming hundreds of services is split in time proportional to its size,
    where trying every pattern on every cell took minutes.
    """

    def __init__(self, lookup: list[tuple[str, str]] = ()) -> None:  # type: ignore[assignment]
        self._keys: list[tuple[int, int]] = []
        self._entries: list[tuple[str, str, str]] = []  # alias, canonical, folded alias
        self._seen: set[tuple[str, str]] = set()
        self._patterns: dict[str, re.Pattern[str]] = {}
        for alias, canonical in lookup:
            self.add(alias, canonical)

    def add(self, alias: str, canonical: str) -> None:
        if (alias, canonical) in self._seen:
            return  # the same pair again would find nothing the first had not blotted
        self._seen.add((alias, canonical))
        key = (-len(alias), len(self._seen))
        at = bisect.bisect(self._keys, key)
        self._keys.insert(at, key)
        self._entries.insert(at, (alias, canonical, _folded(alias)))

    def take(self, text: str) -> tuple[list[tuple[int, str]], str]:
        """Known names (longest first) found in `text`, and the text with them blotted
        to '/'."""
        found: list[tuple[int, str]] = []
        rest = " " + " ".join((text or "").split()) + " "
        folded = _folded(rest)
        for alias, canonical, key in self._entries:
            if key not in folded:
                continue
            pattern = self._patterns.get(alias)
            if pattern is None:
                pattern = self._patterns[alias] = re.compile(
                    r"(?<![\w&])" + re.escape(alias) + r"(?![\w&])", re.IGNORECASE)
            hits = [m.start() for m in pattern.finditer(rest)]
            if hits:
                found.extend((start, canonical) for start in hits)
                rest = pattern.sub(lambda m: "/" + " " * (len(m.group()) - 1), rest)
                folded = _folded(rest)
        return found, rest


def resolve_services(cells: list[str], services: list[Service] | None
                     ) -> tuple[list[list[str]], list[Service]]:
    """Each cell's canonical service names, and the plan's services list.

    Names already known are matched first, wherever they sit in a cell: the
    given `services` (names and aliases), or, without them, every name that
    some cell writes unambiguously (between '/' or ';', or an "X, Y and Z"
    group). That is how "Housing, Revenues and Benefits, Policy, Communities
    and Engagement" splits in three. What is left is split by
    `builtin_split`, and each new name joins the list as it is met.
    """
    plan_services = [Service(s.name, list(s.aliases), s.lead, s.email, s.deputy_email)
                     for s in services or []]
    lookup = [(alias, s.name) for s in plan_services for alias in s.names()]
    if services is None:
        for cell in cells:
            for part in re.split(r"[/;\n]", cell or ""):
                part = part.strip(" .")
                pieces = [p.strip(" .") for p in part.split(",")]
                if part and ("," not in part or _is_group(pieces)):
                    lookup.append((part, part))
    canonical = {folded(s.name): s.name for s in plan_services}
    known = _Known(lookup)
    result: list[list[str]] = []
    for cell in cells:
        found, rest = known.take(cell)
        names: list[str] = []
        for _, name in sorted(found + builtin_split(rest)):
            if folded(name) not in canonical:
                canonical[folded(name)] = name
                plan_services.append(Service(name))
                known.add(name, name)
            name = canonical[folded(name)]
            if name not in names:
                names.append(name)
        result.append(names)
    return result, plan_services



# --------------------------------------------------------------------------
# Lead officers
# --------------------------------------------------------------------------

# Initials: "ZW", "AG", "CT", "ABC".
_INITIALS = re.compile(r"[A-Z]{2,4}")
_AND = re.compile(r"\s+(?:&|and|\+)\s+", re.IGNORECASE)


def split_leads(text: str) -> list[str]:
    """The leads a cell names: 'AG/ZW' -> AG, ZW; 'ZW and Directors' -> ZW, Directors.

    Split on '/', ';' and new lines. 'and' and '&' split only single words
    beside initials ("AB & CD", "CD and Directors"), so a job title such as
    "Head of HR & OD" or "Head of HR and Organisational Development" stays
    whole. Commas split names that
    all start with a capital ("Jane Smith, Tom Brown").
    """
    names: list[str] = []
    for part in re.split(r"[/;\n]", text or ""):
        part = " ".join(part.split()).strip(" .,")
        if not part:
            continue
        pieces = [p.strip(" .,") for p in _AND.split(part)]
        if len(pieces) > 1 and any(_INITIALS.fullmatch(p) for p in pieces) and all(
                " " not in p for p in pieces):
            candidates = pieces
        else:
            candidates = [part]
        for candidate in candidates:
            commas = [c.strip(" .") for c in candidate.split(",") if c.strip(" .")]
            if len(commas) > 1 and all(c[:1].isupper() for c in commas) and not _is_group(
                    commas):
                names.extend(commas)
            elif candidate:
                names.append(candidate)
    return list(dict.fromkeys(n for n in names if n))


@dataclass
class Leads:
    """Each action's services, the plan's services list, and what was split."""

    names: list[list[str]]
    services: list[Service]
    splits: list[tuple[str, list[str]]] = field(default_factory=list)  # cell, names
    kept_leads: list[tuple[str, str, str]] = field(default_factory=list)  # service, had, given


def resolve_leads(service_cells: list[str], lead_cells: list[str],
                  services: list[Service] | None) -> Leads:
    """Each action's services, from a service column, a lead column, or both.

    With both, the service area is the service and the officer its lead on
    the Services sheet. With leads only, each lead is a service of its own:
    the return goes to them. `services` (an existing Services sheet) maps
    names, other spellings and lead officers to the services it lists.
    """
    has_services = any(c.strip() for c in service_cells)
    names, plan_services = resolve_services(service_cells if has_services else
                                            [""] * len(lead_cells), services)
    lookup = {folded(n): s.name for s in plan_services for n in s.names()}
    for s in plan_services:
        for lead in re.split(r"[;\n]", s.lead):
            if lead.strip():
                lookup.setdefault(folded(lead), s.name)
    by_name = {s.name: s for s in plan_services}
    listed = {s.name for s in services or []}  # on the Services sheet already
    result = Leads([], plan_services)
    seen_splits: set[str] = set()
    for row_names, cell in zip(names, lead_cells, strict=True):
        leads = split_leads(cell)
        if len(leads) > 1 and cell not in seen_splits:
            seen_splits.add(cell)
            result.splits.append((cell, leads))
        if row_names:  # a service area: the leads are its officers
            for name in row_names:
                _add_lead(by_name[name], leads, result, name in listed)
            result.names.append(row_names)
            continue
        row: list[str] = []
        for lead in leads:
            name = lookup.get(folded(lead))
            if name is None:
                name = lead
                service = Service(name)
                plan_services.append(service)
                by_name[name] = service
                lookup[folded(lead)] = name
            if name not in row:
                row.append(name)
        result.names.append(row)
    return result


def _add_lead(service: Service, leads: list[str], result: Leads, listed: bool) -> None:
    """Officers named beside a service area become its lead; a lead the Services
    sheet already gives is kept, and the difference reported."""
    current = [n.strip() for n in re.split(r"[;\n]", service.lead) if n.strip()]
    given = [n for n in leads if folded(n) not in {folded(c) for c in current}]
    if not given:
        return
    if current and listed:  # --services-from gave a lead: it stands
        result.kept_leads.append((service.name, service.lead, "; ".join(given)))
        return
    service.lead = "; ".join([*current, *given])
