"""The document tree and the value types derived from it.

The tree is the truth: passages, indexes and views are all derived from it. Nodes are a
plain class because they link to their parent; everything else is a frozen dataclass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .citations import Citation

#: Kinds of statute units, outermost first.
STRUCTURE_KINDS = ("bab", "bagian", "paragraf")
UNIT_KINDS = ("pasal", "ayat", "huruf", "angka")
#: Kinds used by the thesis parser.
THESIS_KINDS = ("abstrak", "bab", "subbab", "alinea", "daftar-pustaka")

_LABELS = {
    "bab": "BAB {}",
    "bagian": "Bagian {}",
    "paragraf": "Paragraf {}",
    "pasal": "Pasal {}",
    "ayat": "ayat ({})",
    "huruf": "huruf {}",
    "angka": "angka {}",
    "subbab": "{}",
    "alinea": "alinea {}",
    "abstrak": "Abstrak",
    "daftar-pustaka": "Daftar Pustaka",
}


def unit_label(kind: str, number: str) -> str:
    """How a law student writes one step of a citation (`ayat (1)`, `huruf j`)."""
    return _LABELS[kind].format(number)


@dataclass(frozen=True, slots=True)
class Definition:
    """A term defined in a law's Pasal 1 (``yang dimaksud dengan``)."""

    term: str
    text: str
    citation: str
    abbreviation: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """One cross-reference: ``source`` cites ``target`` with the words ``text``."""

    source: str
    target: str
    text: str
    external: bool = False


@dataclass(frozen=True, slots=True)
class Repair:
    """One OCR repair (pmi_law/sources/repair.py): ``original`` at ``start:end`` of the
    cleaned source text became ``repaired`` by ``rule``. On a unit, ``part`` names the text
    it lies in ("text" or "elucidation") and ``at`` where ``repaired`` starts in it."""

    start: int
    end: int
    original: str
    repaired: str
    rule: str
    part: str = "text"
    at: int = -1


class Node:
    """One unit of a document: BAB, Bagian, Paragraf, Pasal, ayat, huruf, angka (or thesis part)."""

    __slots__ = (
        "_citation",
        "children",
        "document",
        "elucidation",
        "heading",
        "kind",
        "notes",
        "number",
        "parent",
        "referenced_by",
        "references",
        "repairs",
        "text",
    )

    def __init__(self, kind: str, number: str, text: str = "", heading: str | None = None) -> None:
        self.kind = kind
        self.number = number
        self.text = text
        self.heading = heading
        self.children: list[Node] = []
        self.parent: Node | None = None
        self.document: Document | None = None
        self.elucidation: str | None = None
        self.references: list[str] = []
        self.referenced_by: list[str] = []
        #: Source defects a reader must know of (text missing, heading recovered, target lost).
        self.notes: list[str] = []
        #: OCR repairs made to this unit's text (and its Penjelasan); the original is kept.
        self.repairs: list[Repair] = []
        self._citation: str | None = None

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    @property
    def path(self) -> tuple[tuple[str, str], ...]:
        """Citation path: a Pasal and what is inside it is cited without its BAB."""
        steps: list[tuple[str, str]] = []
        node: Node | None = self
        while node is not None:
            steps.append((node.kind, node.number))
            if node.kind == "pasal":
                break
            node = node.parent
        return tuple(reversed(steps))

    @property
    def label(self) -> str:
        """The citation relative to the document, e.g. ``Pasal 6 ayat (1) huruf j``."""
        return " ".join(unit_label(k, n) for k, n in self.path)

    @property
    def citation(self) -> str:
        if self._citation is None:
            prefix = self.document.citation + " " if self.document else ""
            self._citation = prefix + self.label
        return self._citation

    @property
    def pasal(self) -> Node | None:
        """The Pasal this unit belongs to (itself for a Pasal; None for BAB/Bagian)."""
        node: Node | None = self
        while node is not None and node.kind != "pasal":
            node = node.parent
        return node

    def is_inside(self, other: Node) -> bool:
        """Whether ``other`` is an ancestor of this node."""
        parent = self.parent
        while parent is not None:
            if parent is other:
                return True
            parent = parent.parent
        return False

    def walk(self) -> Iterator[Node]:
        """This node and all below it, in document order (iterative: no depth limit)."""
        stack: list[Node] = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def full_text(self) -> str:
        """Own text followed by every descendant's, one unit a line (as it reads in the law)."""
        lines = []
        for node in self.walk():
            marker = _marker(node) if node is not self else ""
            if node.text or marker:
                lines.append((marker + " " + node.text).strip())
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view of this unit and everything below it (built without recursion)."""
        views: dict[int, dict[str, object]] = {}
        for node in self.walk():
            view: dict[str, object] = {
                "kind": node.kind,
                "number": node.number,
                "citation": node.citation,
                "heading": node.heading,
                "text": node.text,
                "elucidation": node.elucidation,
                "notes": list(node.notes),
                "repairs": [asdict(r) for r in node.repairs],
                "references": list(node.references),
                "referenced_by": list(node.referenced_by),
                "children": [],
            }
            views[id(node)] = view
            if node is not self and node.parent is not None:
                children = views[id(node.parent)]["children"]
                assert isinstance(children, list)
                children.append(view)
        return views[id(self)]

    def __repr__(self) -> str:
        return f"Node({self.citation!r})"


def unit_marker(node: Node) -> str:
    """How a unit is numbered in the text: ``(1)``, ``a.``, ``1.`` (``1)`` under a huruf)."""
    return _marker(node)


def _marker(node: Node) -> str:
    if node.kind == "ayat":
        return f"({node.number})"
    if node.kind == "huruf":
        return f"{node.number}."
    if node.kind == "angka":
        parent = node.parent
        return (
            f"{node.number})"
            if parent is not None and parent.kind == "huruf"
            else f"{node.number}."
        )
    return ""


@dataclass(slots=True)
class DocumentInfo:
    """Metadata from the title block, completed by the corpus manifest."""

    type: str  # short form: UU, PP, Perppu, Perpres, Permenaker, Peraturan BP2MI, Skripsi
    number: str
    year: str
    title: str
    citation: str
    status: str = "berlaku"  # berlaku | dicabut
    revoked_by: str | None = None
    source: Path | None = None


class Document:
    """A parsed law or thesis: metadata, preamble parts, body tree, Penjelasan, definitions."""

    def __init__(self, info: DocumentInfo) -> None:
        self.info = info
        self.children: list[Node] = []
        self.preamble: str = ""  # title block and "DENGAN RAHMAT TUHAN ..." before Menimbang
        self.menimbang: str = ""
        self.mengingat: str = ""
        self.enactment: str = ""  # "Dengan Persetujuan Bersama ... MEMUTUSKAN: Menetapkan: ..."
        self.closing: str = ""  # "Agar setiap orang mengetahuinya ...", signatures
        self.elucidation_heading: str = ""
        self.elucidation_general: str | None = None
        self.unattached_elucidation: list[str] = []  # Penjelasan entries whose unit OCR lost
        self.lost_headings: list[str] = []  # Pasal whose heading the source lost (OCR)
        self.definitions: list[Definition] = []
        self.repairs: list[Repair] = []  # every OCR repair, in source order (sources/repair.py)
        self.external_references: list[Reference] = []
        self._index: dict[tuple[tuple[str, str], ...], Node] | None = None

    @property
    def citation(self) -> str:
        return self.info.citation

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def kind(self) -> str:
        return "skripsi" if self.info.type == "Skripsi" else "peraturan"

    def add(self, node: Node) -> Node:
        node.parent = None
        self.children.append(node)
        self._index = None
        return node

    def attach(self) -> None:
        """Point every node at this document and rebuild the citation index."""
        index: dict[tuple[tuple[str, str], ...], Node] = {}
        for top in self.children:
            for node in top.walk():
                node.document = self
                node._citation = None
                index.setdefault(node.path, node)
        self._index = index

    def nodes(self, kind: str | None = None) -> list[Node]:
        """All nodes in document order, optionally only one kind."""
        out: list[Node] = []
        for top in self.children:
            out.extend(n for n in top.walk() if kind is None or n.kind == kind)
        return out

    def find(self, path: tuple[tuple[str, str], ...]) -> Node | None:
        if self._index is None:
            self.attach()
        assert self._index is not None
        return self._index.get(path)

    def get(self, citation: str) -> Node:
        """The node for a citation relative to this document or naming it."""
        from .citations import Citation

        return self.node_at(Citation.parse(citation, default_document=self.citation))

    def node_at(self, cit: Citation) -> Node:
        """:meth:`get` for a citation already parsed (a search reads dozens per question)."""
        from .citations import Citation
        from .errors import UnknownCitation

        if cit.document != self.citation:
            raise UnknownCitation(f"{cit} names {cit.document}, not {self.citation}")
        node = self.find(_node_path(cit.path))
        if node is None:
            raise UnknownCitation(f"{self.citation} has no {Citation(None, cit.path)}")
        return node

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready view of the whole document."""
        return {
            "citation": self.citation,
            "type": self.info.type,
            "number": self.info.number,
            "year": self.info.year,
            "title": self.info.title,
            "status": self.info.status,
            "menimbang": self.menimbang,
            "mengingat": self.mengingat,
            "elucidation_general": self.elucidation_general,
            "definitions": [asdict(d) for d in self.definitions],
            "children": [c.to_dict() for c in self.children],
        }

    def __repr__(self) -> str:
        return f"Document({self.citation!r}, {len(self.nodes('pasal'))} Pasal)"


def _node_path(path: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Drop BAB/Bagian steps in front of a Pasal: Pasal numbers are unique in a law."""
    kinds = [k for k, _ in path]
    if "pasal" in kinds:
        return tuple(path[kinds.index("pasal") :])
    return tuple(path)
