"""An Office Open XML package (.xlsx or .docx) read part by part: the one safe way in.

Every reader of a workbook's or a document's XML goes through `Package`: the
checker, the parts of a sheet the values reader cannot see (notes, formulas,
filters), a return's document properties, a Word source plan. So one set of
rules holds everywhere:

* sizes are checked from the zip's directory before anything is unpacked
  (`core.limits`): a zip bomb is refused, not inflated;
* XML is parsed with defusedxml: a part that declares entities is refused;
* part names are found without regard to case (the packaging standard's rule);
* a relationship's target is resolved against its source part's folder and
  never climbs above the package root; links outside the package are kept,
  marked external, never opened.

Every refusal is the caller's error type with a reason and advice.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import limits
from ..core import messages as m
from ..core.errors import WorkbookError

# Namespaces in ElementTree's "{uri}" form, for finding elements in parsed parts.
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
VML = "{urn:schemas-microsoft-com:vml}"
OFFICE_DOCUMENT = "/officeDocument"
HEAD_BYTES = 4096  # where a part's DOCTYPE would be
# At most this much of a package's parts is kept unpacked for a second reader: a return's
# sheets and a county's objective sheets are; a big History sheet is inflated again
# rather than held through the whole read (a national plan's would be tens of MB).
KEEP_BYTES = 16 * 1024 * 1024

# Raw control characters, or references to them: not allowed in XML 1.0, but written
# by some tools; the values reader passes over them, so the part reader does too.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|&#(x[0-9a-fA-F]+|[0-9]+);")


@dataclass(frozen=True)
class Relationship:
    """One arrow from a part: to another part of the package, or to an address outside it."""

    id: str
    type: str  # the full type URI
    target: str  # a part name (resolved), or the address as written when external
    external: bool = False

    @property
    def kind(self) -> str:
        """The type's last word: "worksheet", "hyperlink", "comments", ..."""
        return self.type.rsplit("/", 1)[-1]


class Package:
    """An open package; use it in a `with` block.

    `error` is the exception the caller's readers raise (PlanError,
    ReturnError, ...); `damaged` the reason and advice for a file that is not
    a whole package.
    """

    def __init__(self, source: Path | str | bytes, *, path: Path | None = None,
                 error: type[WorkbookError] = WorkbookError,
                 damaged: tuple[str, str] = (m.DAMAGED, m.FRESH_OR_LAST_GOOD),
                 part_bytes: int = limits.MAX_PART_BYTES,
                 xml_part_bytes: int | None = None,
                 archive: zipfile.ZipFile | None = None) -> None:
        self.path = Path(path or ("" if isinstance(source, bytes) else source))
        self.error = error
        self.damaged = damaged
        self.part_bytes = part_bytes  # the largest part of any kind
        self.xml_part_bytes = xml_part_bytes or part_bytes  # the largest XML part
        # Parts unpacked whole by the checks (the sheets), by stored name: a reader
        # after them takes a part from here rather than inflating it a second time.
        self._kept: dict[str, bytes] = {}
        if archive is not None:  # `source` already opened by the caller (filecheck's sniff)
            self._zip = archive
        else:
            try:
                self._zip = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes)
                                            else Path(source))
            except (OSError, zipfile.BadZipFile, ValueError, EOFError) as exc:
                raise error(self.path, *damaged) from exc
        try:
            self._infos = self._zip.infolist()
            self._names = {info.filename.lower(): info.filename for info in self._infos}
            self._check_sizes()
        except BaseException:
            self._zip.close()
            raise

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._kept.clear()
        self._zip.close()

    # -- parts --------------------------------------------------------------------

    def names(self) -> list[str]:
        return [info.filename for info in self._infos]

    def find(self, part: str) -> str | None:
        """The part's name as stored, found without regard to case; None if absent."""
        return self._names.get(part.lstrip("/").lower())

    def read(self, part: str) -> bytes:
        """The part's bytes; b"" when the package has no such part."""
        name = self.find(part)
        if name is None:
            return b""
        kept = self._kept.get(name)
        if kept is not None:
            return kept
        try:
            return self._zip.read(name)
        except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError,
                EOFError, ValueError, zlib.error) as exc:  # zlib: a part's data spoiled
            raise self.error(self.path, *self.damaged) from exc

    def take(self, part: str) -> bytes:
        """`read`, letting go of a kept copy: the caller holds the only one now."""
        name = self.find(part)
        kept = self._kept.pop(name, None) if name is not None else None
        return kept if kept is not None else self.read(part)

    def xml(self, part: str) -> Any:
        """The part parsed safely; None when the package has no such part."""
        data = self.read(part)
        return self.parse(data, part) if data else None

    def parse(self, data: bytes, part: str) -> Any:
        """Parse bytes of `part` (a part or a piece of one) with defusedxml."""
        from xml.etree.ElementTree import ParseError

        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import fromstring

        try:
            try:
                return fromstring(data)
            except ParseError:
                cleaned = _CONTROL.sub(_drop_control, data)
                if cleaned == data:
                    raise
                return fromstring(cleaned)
        except DefusedXmlException:
            raise self.error(self.path, m.declares_entities(part), m.ASK_SENDER_AGAIN) from None
        except (ParseError, ValueError):
            raise self.error(self.path, *self.damaged) from None

    def declares_entities(self, keep: Callable[[str], bool] | None = None) -> str | None:
        """The first XML part that declares a DOCTYPE or entities, read from its head only.

        A part `keep` names (a sheet the checks read whole next) is read on to its
        end in the same pass and kept for `read`, up to KEEP_BYTES in all; if the
        rest cannot be read, nothing is kept and the next read fails as it would have.
        """
        for info in self._infos:
            if info.filename.endswith((".xml", ".rels")) and info.file_size:
                try:
                    with self._zip.open(info) as part:
                        head = part.read(HEAD_BYTES)
                        if keep is not None and keep(info.filename):
                            # Only the last copy of a name is ever kept: the one `read` takes.
                            self._kept.pop(info.filename, None)
                            if sum(map(len, self._kept.values())) + info.file_size <= \
                                    KEEP_BYTES:
                                self._keep_rest(info.filename, head, part)
                except (OSError, zipfile.BadZipFile, NotImplementedError, EOFError,
                        ValueError, zlib.error) as exc:
                    raise self.error(self.path, *self.damaged) from exc
                head = head.upper()
                if b"<!ENTITY" in head or b"<!DOCTYPE" in head:
                    return info.filename
        return None

    def _keep_rest(self, name: str, head: bytes, part: Any) -> None:
        """The rest of a part being read, kept with its head; on any failure, nothing."""
        try:
            self._kept[name] = head + part.read()
        except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError,
                EOFError, ValueError, zlib.error):
            pass

    # -- relationships ---------------------------------------------------------------

    def rels(self, part: str) -> dict[str, Relationship]:
        """The relationships of `part` ("" for the package's own), by id."""
        folder, name = posixpath.split(part.lstrip("/"))
        root = self.xml(posixpath.join(folder, "_rels", f"{name}.rels"))
        found: dict[str, Relationship] = {}
        for rel in _children(root, "Relationship"):
            external = rel.get("TargetMode", "").lower() == "external"
            target = rel.get("Target", "")
            found[rel.get("Id", "")] = Relationship(
                rel.get("Id", ""), rel.get("Type", ""),
                target if external else resolve(folder, target), external)
        return found

    def related(self, part: str, kind: str) -> Iterator[Relationship]:
        """`part`'s relationships to parts inside the package whose type ends with `kind`."""
        for rel in self.rels(part).values():
            if not rel.external and rel.type.endswith(kind):
                yield rel

    def main_part(self, default: str) -> str:
        """The package's main document (its officeDocument relationship), else `default`."""
        for rel in self.related("", OFFICE_DOCUMENT):
            found = self.find(rel.target)
            if found:
                return found
        return self.find(default) or default

    # -- document properties -----------------------------------------------------------

    def core_properties(self) -> dict[str, str]:
        """docProps/core.xml as local name -> text ("title", "modified", ...)."""
        root = self.xml("docProps/core.xml")
        return {} if root is None else {_local(e.tag): (e.text or "").strip() for e in root}

    def custom_properties(self) -> dict[str, str]:
        """docProps/custom.xml as name -> text; {} when the file has none."""
        root = self.xml("docProps/custom.xml")
        found = {}
        for prop in [] if root is None else root:
            name = prop.get("name")
            if name and len(prop):
                found[name] = (prop[0].text or "").strip()
        return found

    # -- checks -----------------------------------------------------------------------

    def _check_sizes(self) -> None:
        total = 0
        for info in self._infos:
            total += info.file_size
            xml = info.filename.lower().endswith((".xml", ".rels", ".vml"))
            cap = self.xml_part_bytes if xml else self.part_bytes
            if info.file_size > cap:
                raise self.error(self.path, m.too_big(info.filename, info.file_size, cap),
                                 m.ASK_SENDER_AGAIN)
            if total > limits.MAX_UNPACKED_BYTES:
                raise self.error(self.path, m.too_big("all its parts", total,
                                                      limits.MAX_UNPACKED_BYTES),
                                 m.ASK_SENDER_AGAIN)
            if (info.file_size > limits.RATIO_FLOOR_BYTES
                    and info.file_size / max(info.compress_size, 1) > limits.MAX_RATIO):
                raise self.error(self.path, m.packed_too_tightly(
                    info.filename, info.file_size, info.compress_size, limits.MAX_RATIO),
                    m.ASK_SENDER_AGAIN)


def kind_and_target(rels: dict[str, Relationship], rid: str) -> tuple[str, str]:
    """(type's last word, target) of a relationship; ("", "") when there is none."""
    rel = rels.get(rid)
    return (rel.kind, rel.target) if rel else ("", "")


def target_of(rels: dict[str, Relationship], rid: str) -> str:
    return kind_and_target(rels, rid)[1]





def part_names(data: bytes) -> set[str]:
    """The part names in a package's directory, nothing unpacked; empty if it is no zip.

    Enough to tell a workbook from a Word document among an e-mail's attachments.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name.lower() for name in archive.namelist()}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return set()


def resolve(folder: str, target: str) -> str:
    """A relationship target as a part name: relative to `folder`, never above the root."""
    if target.startswith("/"):
        folder, target = "", target.lstrip("/")
    parts = folder.split("/") if folder else []
    for piece in target.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _drop_control(match: re.Match[bytes]) -> bytes:
    """Drop a control character, raw or as a reference; keep every other reference."""
    number = match.group(1)
    if number is None:
        return b""
    code = int(number[1:], 16) if number[:1] in (b"x", b"X") else int(number)
    return b"" if code < 32 and code not in (9, 10, 13) else match.group(0)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(root: Any, name: str) -> Iterator[Any]:
    if root is None:
        return
    for child in root:
        if _local(child.tag) == name:
            yield child
