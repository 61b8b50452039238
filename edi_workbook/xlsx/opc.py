"""A Word file as a zip of XML parts: read, changed and written without python-docx.

A .docx is a zip of parts joined by relationships (Open Packaging Conventions,
ECMA-376 part 2). python-docx needs lxml, which cannot be loaded where the
package runs in the browser (Pyodide), so the Word report writer (wordml.py)
and the Word importer (wordread.py) share this small package layer, built on
zipfile, xml.etree and defusedxml:

- A part stays the bytes it was read as until someone asks for its XML, and is
  written back byte for byte unless changed: a template's headers, pictures and
  theme come through untouched.
- XML is parsed with defusedxml: a part that declares entities (an entity bomb,
  an external-entity trick) is refused with `UnsafeXmlError`, never expanded.
- A changed XML part is written with the prefixes it was read with, every one
  declared on its root. xml.etree's own writer renames prefixes (ns0:) and drops
  declarations no element uses, and Word then refuses the part: mc:Ignorable="w14"
  must name a declared prefix.
- Only parts reachable from the package's relationships are written, so a
  relationship dropped (a template's old chart) takes its part with it.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from ..core import messages as m
from ..core.errors import WorkbookError
from .package import Relationship

# The prefixes this package writes; a part read keeps its own as well.
NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcmitype": "http://purl.org/dc/dcmitype/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
XML_NS = "http://www.w3.org/XML/1998/namespace"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
PKG_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"

_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT = _OFFICE_RELS + "officeDocument"
RT_STYLES = _OFFICE_RELS + "styles"
RT_NUMBERING = _OFFICE_RELS + "numbering"
RT_SETTINGS = _OFFICE_RELS + "settings"
RT_FOOTER = _OFFICE_RELS + "footer"
RT_CHART = _OFFICE_RELS + "chart"
RT_PACKAGE = _OFFICE_RELS + "package"
RT_IMAGE = _OFFICE_RELS + "image"
RT_OLE_OBJECT = _OFFICE_RELS + "oleObject"
RT_EXTENDED_PROPERTIES = _OFFICE_RELS + "extended-properties"
RT_CORE_PROPERTIES = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                      "core-properties")

_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CT_DOCUMENT = _MAIN + "document.main+xml"
CT_STYLES = _MAIN + "styles+xml"
CT_NUMBERING = _MAIN + "numbering+xml"
CT_SETTINGS = _MAIN + "settings+xml"
CT_FOOTER = _MAIN + "footer+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CT_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
CT_EXTENDED_PROPERTIES = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
DEFAULT_TYPES = {"rels": CT_RELATIONSHIPS, "xml": "application/xml"}

DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
RAW = "raw xml"  # the tag of an Element whose text `serialize` writes as it stands


class PackageNotFoundError(ValueError):
    """The file is not a Word package: not a zip, or no Word document inside.

    Named as python-docx named it, so a message that names the error reads as before.
    """


class UnsafeXmlError(ValueError):
    """A part declares XML entities (an entity bomb or an external-entity trick): refused."""

    def __init__(self, part: str) -> None:
        super().__init__(f"{part} declares XML entities")
        self.part = part


def qn(name: str) -> str:
    """'w:p' -> '{http://...wordprocessingml/2006/main}p', as xml.etree names elements."""
    prefix, _, local = name.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


# --- XML parts ---------------------------------------------------------------------

@dataclass
class XmlPart:
    """A parsed part and the namespace declarations it was read with, prefix -> URI."""

    root: Element
    namespaces: dict[str, str] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        return DECLARATION + serialize(self.root, self.namespaces).encode("utf-8")


def parse(data: bytes, part: str = "") -> XmlPart:
    """`data` parsed safely, with every prefix it declares (the first declaration wins)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    namespaces: dict[str, str] = {}
    try:
        events = iterparse(io.BytesIO(data), events=("start-ns",))
        for _, (prefix, uri) in events:
            namespaces.setdefault(prefix, uri)
    except DefusedXmlException:
        raise UnsafeXmlError(part) from None
    return XmlPart(events.root, namespaces)


def serialize(root: Element, namespaces: dict[str, str] | None = None) -> str:
    """`root` as XML text, `namespaces` (prefix -> URI) declared on it.

    Elements keep the prefixes of `namespaces`; a namespace it lacks takes its
    NAMESPACES prefix (else ns0, ns1, ...). An Element tagged RAW is written as
    its text, unescaped: the report's body is built as text, which is much faster
    than as elements, and may use the w: and r: prefixes.
    """
    declared = dict(namespaces or {})
    if any(element.tag == RAW for element in root.iter()):
        for prefix in ("w", "r"):
            _bind(declared, prefix, NAMESPACES[prefix])
    prefixes: dict[str, str] = {XML_NS: "xml"}
    for prefix, uri in declared.items():
        prefixes.setdefault(uri, prefix)
    preferred = {uri: prefix for prefix, uri in NAMESPACES.items()}
    for element in root.iter():  # namespaces used but not declared
        for name in (element.tag, *element.attrib):
            if name[:1] == "{":
                uri = name[1:].partition("}")[0]
                if uri not in prefixes:
                    prefixes[uri] = _bind(declared, preferred.get(uri, ""), uri)

    def name_of(tag: str) -> str:
        if tag[:1] != "{":
            return tag
        uri, _, local = tag[1:].partition("}")
        prefix = prefixes[uri]
        return f"{prefix}:{local}" if prefix else local

    out: list[str] = []

    def write(element: Element, extra: str = "") -> None:
        if element.tag == RAW:
            out.append(element.text or "")
        else:
            tag = name_of(element.tag)
            attrs = "".join(f' {name_of(k)}="{escape_attr(v)}"' for k, v in element.attrib.items())
            if len(element) or element.text:
                out.append(f"<{tag}{extra}{attrs}>{escape(element.text or '')}")
                for child in element:
                    write(child)
                out.append(f"</{tag}>")
            else:
                out.append(f"<{tag}{extra}{attrs}/>")
        if element.tail:
            out.append(escape(element.tail))

    xmlns = "".join(f' xmlns:{p}="{escape_attr(u)}"' if p else f' xmlns="{escape_attr(u)}"'
                    for p, u in declared.items())
    write(root, xmlns)
    return "".join(out)


def _bind(declared: dict[str, str], prefix: str, uri: str) -> str:
    """Declare `prefix` for `uri` in `declared`: a prefix already bound to another
    namespace moves that one to ns0, ns1, ...; no prefix given takes one of those."""
    if declared.get(prefix) == uri:
        return prefix
    free = (f"ns{n}" for n in range(len(declared) + 2) if f"ns{n}" not in declared)
    if not prefix:
        prefix = next(free)
    elif prefix in declared:
        declared[next(free)] = declared[prefix]
    declared[prefix] = uri
    return prefix


_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def escape(text: str) -> str:
    """Text as element content."""
    return text.translate(_TEXT_ESCAPES)


def escape_attr(text: str) -> str:
    """Text as a double-quoted attribute value."""
    return text.translate(_ATTR_ESCAPES)


def insert_in_order(parent: Element, child: Element, successors: Sequence[str]) -> Element:
    """`child` before the first of `successors` ('w:pgMar', ...) that `parent` holds, else
    last. Word refuses elements out of their schema order."""
    after = {qn(name) for name in successors}
    for i, sibling in enumerate(parent):
        if sibling.tag in after:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def child(parent: Element, name: str, successors: Sequence[str] = ()) -> Element:
    """`parent`'s `name` child ('w:pgSz'), added in schema order when it has none."""
    found = parent.find(qn(name))
    if found is None:
        found = insert_in_order(parent, Element(qn(name)), successors)
    return found


# --- the package -----------------------------------------------------------------

class Package:
    """Parts by zip name, their content types, and each part's relationships.

    The package's own relationships are those of part "" (_rels/.rels).
    """

    def __init__(self) -> None:
        self.blobs: dict[str, bytes] = {}
        self.parsed: dict[str, XmlPart] = {}
        self.types: dict[str, str] = {}
        self.default_types = dict(DEFAULT_TYPES)
        self.rels: dict[str, dict[str, Relationship]] = {"": {}}

    @classmethod
    def open(cls, path: Path | str) -> Package:
        """The parts reachable from the package's relationships, as python-docx loads them.

        Read through the one safe part reader (`package.Package`): a zip bomb
        or a part declaring entities is refused there, as a WorkbookError with
        its reason and advice, before anything here is parsed.
        """
        from .package import Package as Parts

        try:
            source = Parts(path)
        except WorkbookError as exc:
            if exc.reason == m.DAMAGED:
                raise PackageNotFoundError(f"not a zip file: {path}") from None
            raise
        package = cls()
        with source:
            entities = source.declares_entities()
            if entities is not None:
                raise UnsafeXmlError(entities)
            names = {name.lower(): name for name in source.names()}
            if "[content_types].xml" not in names or "_rels/.rels" not in names:
                raise PackageNotFoundError("no package parts in the zip")
            types = parse(source.read("[Content_Types].xml"), "[Content_Types].xml").root
            for item in types:
                local = item.tag.rpartition("}")[2]
                if local == "Default":
                    package.default_types[item.get("Extension", "").lower()] = \
                        item.get("ContentType", "")
                elif local == "Override":
                    package.types[item.get("PartName", "").lstrip("/")] = \
                        item.get("ContentType", "")
            todo = [""]
            while todo:
                part = todo.pop()
                package.rels[part] = {rel.id: rel for rel in source.rels(part).values()}
                for rel in package.rels[part].values():
                    name = source.find(rel.target) if not rel.external else None
                    if name is not None and rel.target not in package.blobs:
                        package.blobs[rel.target] = source.read(name)
                        todo.append(rel.target)
        return package

    @classmethod
    def open_word(cls, path: Path | str) -> tuple[Package, str]:
        """A Word document's package and its main part: the writer and the reader both
        refuse a package whose main part is missing or is not a document, the same way.
        """
        package = cls.open(path)
        main = package.related("", RT_OFFICE_DOCUMENT)
        if main is None or main not in package:
            raise PackageNotFoundError("no Word document in the package")
        if package.content_type(main) != CT_DOCUMENT:
            raise PackageNotFoundError(f"not a Word document: {package.content_type(main)}")
        return package, main

    # parts

    def content_type(self, name: str) -> str:
        return self.types.get(name) or self.default_types.get(
            name.rpartition(".")[2].lower(), "")

    def __contains__(self, name: str) -> bool:
        return name in self.blobs or name in self.parsed

    def xml(self, name: str) -> XmlPart:
        """The part parsed (once); it is written from this parse from now on."""
        if name not in self.parsed:
            self.parsed[name] = parse(self.blobs.pop(name), name)
        return self.parsed[name]

    def add(self, name: str, content_type: str, data: bytes | XmlPart) -> str:
        """Add or replace part `name`."""
        self.blobs.pop(name, None)
        self.parsed.pop(name, None)
        if isinstance(data, XmlPart):
            self.parsed[name] = data
        else:
            self.blobs[name] = data
        self.types[name] = content_type
        return name

    def next_name(self, pattern: str) -> str:
        """The first free name of `pattern` ('word/charts/chart%d.xml'), from 1."""
        n = 1
        while pattern % n in self:
            n += 1
        return pattern % n

    # relationships

    def relate(self, source: str, reltype: str, target: str) -> str:
        """A new relationship from `source` to part `target`; its id."""
        rels = self.rels.setdefault(source, {})
        rid = next(f"rId{n}" for n in range(1, len(rels) + 2) if f"rId{n}" not in rels)
        rels[rid] = Relationship(rid, reltype, target)
        return rid

    def related(self, source: str, reltype: str) -> str | None:
        """The part `source` relates to by `reltype` (the first such), if any."""
        return next((rel.target for rel in self.rels.get(source, {}).values()
                     if rel.type == reltype and not rel.external), None)

    def target(self, source: str, rid: str) -> str | None:
        rel = self.rels.get(source, {}).get(rid)
        return rel.target if rel is not None and not rel.external else None

    def drop_unreachable(self) -> None:
        """Forget the parts no relationship leads to any more."""
        keep = {"", *self.reachable()}
        for parts in (self.blobs, self.parsed, self.rels):
            for name in set(parts) - keep:
                del parts[name]

    # writing

    def reachable(self) -> list[str]:
        """Parts reachable from the package's relationships, in the order first reached."""
        seen: dict[str, None] = {}
        todo = [""]
        while todo:
            for rel in self.rels.get(todo.pop(0), {}).values():
                if not rel.external and rel.target in self and rel.target not in seen:
                    seen[rel.target] = None
                    todo.append(rel.target)
        return list(seen)

    def save(self, path: Path | str) -> None:
        """Write the package: the reachable parts, their types and relationships."""
        parts = self.reachable()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", self._types_xml(parts))
            for source in ["", *parts]:
                if self.rels.get(source):
                    archive.writestr(_rels_name(source), _rels_xml(self.rels[source], source))
            for name in parts:
                data = self.parsed[name].to_bytes() if name in self.parsed else self.blobs[name]
                archive.writestr(name, data)

    def _types_xml(self, parts: list[str]) -> bytes:
        defaults = "".join(f'<Default Extension="{escape_attr(ext)}" ContentType='
                           f'"{escape_attr(ct)}"/>' for ext, ct in self.default_types.items())
        overrides = "".join(
            f'<Override PartName="/{escape_attr(name)}" ContentType='
            f'"{escape_attr(self.content_type(name))}"/>' for name in parts
            if self.content_type(name) != self.default_types.get(name.rpartition(".")[2].lower()))
        return (DECLARATION + f'<Types xmlns="{PKG_TYPES}">{defaults}{overrides}</Types>'
                .encode())


def _rels_name(source: str) -> str:
    folder, _, name = source.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def _rels_xml(rels: dict[str, Relationship], source: str) -> bytes:
    folder = source.rpartition("/")[0]
    items = []
    for rel in rels.values():
        target = rel.target if rel.external else posixpath.relpath(
            "/" + rel.target, "/" + folder)
        mode = ' TargetMode="External"' if rel.external else ""
        items.append(f'<Relationship Id="{escape_attr(rel.id)}" Type="{escape_attr(rel.type)}"'
                     f' Target="{escape_attr(target)}"{mode}/>')
    return (DECLARATION + f'<Relationships xmlns="{PKG_RELS}">{"".join(items)}'
            '</Relationships>'.encode())
