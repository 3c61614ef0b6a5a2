"""Structure figures for ``pmi-law check``: what the tree itself says about its soundness.

Counted per document (and per amended version): units whose number breaks their sequence,
unit markers left inside a unit's words (an ayat or list item the parser did not split
out), Penjelasan entries attached / unattached / misaligned, and references that resolve
to nothing. A defect that carries a note is told to the reader; only silent ones make a
document not "ok".
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from pmi_law.models import Document, Node

from .resolve import Resolution, amended_law, resolutions
from .units import markers_left

_LIST_KINDS = ("ayat", "huruf", "angka")

_OCR_AYAT_REF = re.compile(r"\bayat\s*\((?P<n>[0-9]{1,2})(?:[1l]|\s)(?=[\s,.;])")
_ELU_LABEL = re.compile(r"(?m)^(?:Ayat|Huruf|Angka)\s+\S+$")
_TERM = re.compile(r"[Yy]ang\s+dimaksud\s+dengan\s+[\"“”'](?P<term>[^\"“”']{3,80})[\"“”']")


@dataclass(slots=True)
class StructureFigures:
    """Structural soundness of one parsed tree (lists hold labels, e.g. ``Pasal 6 huruf b``)."""

    sequence_breaks: list[str] = field(default_factory=list)  # silent ones
    sequence_breaks_noted: int = 0
    markers_in_text: list[str] = field(default_factory=list)  # silent ones
    markers_in_text_noted: int = 0
    penjelasan_attached: int = 0  # entries sitting on the unit they name
    penjelasan_unattached: int = 0  # entries whose unit was not found
    penjelasan_misaligned: list[str] = field(default_factory=list)
    references_unresolved: list[str] = field(default_factory=list)  # silent ones
    references_unresolved_noted: int = 0

    @property
    def ok(self) -> bool:
        return not (
            self.sequence_breaks
            or self.markers_in_text
            or self.penjelasan_misaligned
            or self.references_unresolved
        )

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["ok"] = self.ok
        return data

    def summary(self) -> str:
        return (
            f"structure: {len(self.sequence_breaks)} silent sequence breaks"
            f" (+{self.sequence_breaks_noted} noted), {len(self.markers_in_text)} markers left"
            f" in text (+{self.markers_in_text_noted} noted); Penjelasan {self.penjelasan_attached}"
            f" attached, {self.penjelasan_unattached} unattached,"
            f" {len(self.penjelasan_misaligned)} misaligned; {len(self.references_unresolved)}"
            f" references unresolved (+{self.references_unresolved_noted} noted)"
        )


def _noted(node: Node) -> bool:
    """A defect is told when the unit, or the unit holding it, carries a note."""
    n: Node | None = node
    while n is not None and n.kind in ("pasal", *_LIST_KINDS):
        if n.notes:
            return True
        n = n.parent
    return False


def _value(kind: str, number: str) -> tuple[int, str] | None:
    if kind == "huruf":
        if re.fullmatch(r"[a-z]", number):
            return ord(number) - ord("a") + 1, ""
        if re.fullmatch(r"([a-z])\1", number):
            return ord(number[0]) - ord("a") + 27, ""
        return None
    m = re.fullmatch(r"(\d+)([a-z]?)", number)
    return (int(m.group(1)), m.group(2)) if m else None


def _breaks(parent: Node) -> list[Node]:
    """Children whose number does not continue their list (first 1/a, then +1; 2a after 2)."""
    out: list[Node] = []
    for kind in _LIST_KINDS:
        items = [c for c in parent.children if c.kind == kind]
        prev: tuple[int, str] | None = None
        for item in items:
            value = _value(kind, item.number)
            if value is None:
                out.append(item)
                continue
            if prev is None:
                good = value == (1, "")
            else:
                good = value == (prev[0] + 1, "") or (value[0] == prev[0] and value[1] > prev[1])
            if not good:
                out.append(item)
            prev = value
    return out


def structure_figures(doc: Document) -> StructureFigures:
    """The structural figures of one tree (its body and its Penjelasan)."""
    fig = StructureFigures()
    for pasal in doc.nodes("pasal"):
        # an amending Pasal's instructions quote another law: its words are parsed (and
        # checked) in that law's amended version, not here
        quoting = amended_law(pasal.text) not in (None, doc.citation)
        for node in pasal.walk():
            for item in _breaks(node):
                if _noted(item):
                    fig.sequence_breaks_noted += 1
                else:
                    fig.sequence_breaks.append(item.label)
            if not quoting:
                _markers(node, fig)
            _elucidation(node, fig, quoting)
    for node, refs in resolutions(doc):
        _references(node, refs, fig)
    fig.penjelasan_unattached += len(doc.unattached_elucidation)
    return fig


def _markers(node: Node, fig: StructureFigures) -> None:
    for hit in markers_left(node):
        if _noted(node):
            fig.markers_in_text_noted += 1
        else:
            fig.markers_in_text.append(f"{node.label}: {hit}")


def _elucidation(node: Node, fig: StructureFigures, quoting: bool = False) -> None:
    elu = node.elucidation
    if not elu:
        return
    labels = _ELU_LABEL.findall(elu)
    fig.penjelasan_unattached += len(labels)
    own_entry = node.kind != "pasal" or not elu.strip().startswith(tuple(labels) or ("\0",))
    if own_entry:
        fig.penjelasan_attached += 1
    if quoting or node.kind not in ("huruf", "angka") or node.parent is None:
        return  # an instruction's Penjelasan explains the Pasal it quotes (checked there)
    m = _TERM.search(elu)
    if m is None:
        return
    term = _words(m["term"])
    own = _words(node.full_text())
    if _covers(own, term):
        return
    siblings = [c for c in node.parent.children if c is not node and c.kind == node.kind]
    if any(_covers(_words(s.full_text()), term) for s in siblings):
        fig.penjelasan_misaligned.append(node.label)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _covers(words: list[str], term: list[str]) -> bool:
    """Most of a term's words occur in order-free form in the unit (OCR spoils some)."""
    if not term:
        return True
    have = set(words)
    return sum(1 for w in term if w in have) >= max(1, round(0.7 * len(term)))


def _references(node: Node, refs: list[Resolution], fig: StructureFigures) -> None:
    """Internal references that reach no unit at all, and OCR'd ayat numbers left unread."""
    noted = sum(1 for n in node.notes if "reference to" in n)
    fig.references_unresolved_noted += noted
    missing = [words for document, path, words, found in refs if not document and found is None]
    for m in _OCR_AYAT_REF.finditer(node.text):  # "ayat (21": read only when the unit exists
        form = m.group().strip()
        if not any(
            form in words and (document or (found is not None and found.path == path))
            for document, path, words, found in refs
        ):
            missing.append(form)
    for words in missing:
        if noted:
            fig.references_unresolved_noted += 1
        else:
            fig.references_unresolved.append(f"{node.label}: {words}")
