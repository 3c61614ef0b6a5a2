"""Passages: the retrievable units derived from document trees.

A small encoder reads a long Pasal badly, so we index fine units (ayat, list items with
their lead-in sentence, Penjelasan entries, thesis paragraphs), each carrying the heading
path that gives it context, and aggregate hits back to the Pasal for ranking and display.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import partial

from pmi_law.models import Document, Node

#: Bump when parsing or passage derivation changes: indexes built before are then stale.
PASSAGES_VERSION = 3  # 2: split parser (OCR headings, notes), versions of amended laws; 3: dated
#: Words per passage before a unit is split into overlapping windows.
MAX_WORDS = 110
WINDOW_OVERLAP = 20
_CUKUP_JELAS = re.compile(r"^\s*cukup\s+jel[a-z]s\.?\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Passage:
    """One retrievable unit. ``group`` is what results aggregate to (a Pasal, or a thesis section)."""

    citation: str
    group: str
    document: str
    doc_type: str
    part: str  # "body" | "penjelasan" | "thesis"
    bab: str  # "BAB III" or ""
    context: str  # heading path shown before the text
    text: str  # what the user reads
    in_force: bool = True
    lexical: bool = True  # indexed by BM25
    dense: bool = True  # embedded by the encoder
    # an amended law's words hold from valid_from (ISO; None: since the law itself) until
    # valid_to (None: still): a passage with valid_to is an earlier wording, found only by a
    # search on a date it held (see dated_passages)
    valid_from: str | None = None
    valid_to: str | None = None

    @property
    def current(self) -> bool:
        """The latest wording (what a search without a date finds)."""
        return self.valid_to is None

    def holds_on(self, when: date) -> bool:
        """Whether these words were the law's on ``when`` (the document's own dates aside)."""
        day = when.isoformat()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    @property
    def embed_text(self) -> str:
        """What the encoder and BM25 see: context plus the words of the unit."""
        return f"{self.context}\n{self.text}" if self.context else self.text

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _heading_path(node: Node) -> list[str]:
    parts: list[str] = []
    parent = node.parent
    while parent is not None:
        if parent.kind in ("bab", "bagian", "paragraf", "subbab"):
            label = {"bab": "BAB", "bagian": "Bagian", "paragraf": "Paragraf"}.get(parent.kind, "")
            parts.append(f"{label} {parent.number} {parent.heading or ''}".strip())
        parent = parent.parent
    return parts[::-1]


def _bab(node: Node) -> str:
    parent: Node | None = node
    while parent is not None:
        if parent.kind == "bab":
            return f"BAB {parent.number}"
        parent = parent.parent
    return ""


def _windows(text: str) -> list[str]:
    words = text.split()
    if len(words) <= MAX_WORDS:
        return [text]
    step = MAX_WORDS - WINDOW_OVERLAP
    return [" ".join(words[i : i + MAX_WORDS]) for i in range(0, len(words) - WINDOW_OVERLAP, step)]


def _lead_in(node: Node) -> str:
    """The sentences a list item hangs from: 'Setiap Pekerja Migran Indonesia memiliki hak:'."""
    leads: list[str] = []
    parent = node.parent
    while parent is not None and parent.kind in ("ayat", "huruf", "angka", "pasal"):
        if parent.text:
            lead = parent.text
            if len(lead.split()) > 40:
                lead = " ".join(lead.split()[-40:])
            leads.append(lead)
        if parent.kind == "pasal":
            break
        parent = parent.parent
    return " ".join(reversed(leads))


def document_passages(
    doc: Document, *, in_force: bool = True, dense: str = "unit"
) -> Iterator[Passage]:
    """Every passage of one document, in document order.

    ``dense="unit"`` embeds every unit; ``dense="pasal"`` (for large general laws such as an
    omnibus law) embeds one passage per Pasal, its first words, while BM25 still indexes every
    unit: the encoder's cost grows with the text, and most of such a law is off-topic.
    """
    make = partial(Passage, document=doc.citation, doc_type=doc.info.type, in_force=in_force)
    if dense == "pasal":
        yield from _pasal_passages(doc, make)
        make = partial(make, dense=False)
    if doc.info.type == "Skripsi":
        for node in doc.nodes():
            if node.kind == "alinea" and node.text.strip():
                section = node.parent.citation if node.parent is not None else doc.citation
                context = f"{doc.citation}: {doc.title}"
                for chunk in _windows(node.text):
                    yield make(
                        node.citation,
                        section,
                        part="thesis",
                        bab="",
                        context=context,
                        text=chunk,
                    )
        return
    title = _short_title(doc)
    for node in doc.nodes():
        if node.kind not in ("pasal", "ayat", "huruf", "angka"):
            continue
        pasal = node.pasal
        group = pasal.citation if pasal is not None else node.citation
        context = " ▸ ".join([title, *_heading_path(pasal or node)[-1:]])
        bab = _bab(node)
        if node.text.strip():
            full = node.full_text() if node.children else node.text
            body = full if len(full.split()) <= MAX_WORDS else node.text
            lead = _lead_in(node) if node.kind in ("huruf", "angka") else ""
            label = node.label
            for chunk in _windows(body):
                text = f"{label}: {lead} … {chunk}" if lead else f"{label}: {chunk}"
                yield make(node.citation, group, part="body", bab=bab, context=context, text=text)
        if node.elucidation and not _CUKUP_JELAS.match(node.elucidation):
            citation = f"Penjelasan {node.citation}"
            for chunk in _windows(node.elucidation):
                text = f"Penjelasan {node.label}: {chunk}"
                yield make(citation, group, part="penjelasan", bab=bab, context=context, text=text)
    if doc.elucidation_general:
        citation = f"Penjelasan {doc.citation} Umum"
        for paragraph in _paragraphs(doc.elucidation_general):
            for chunk in _windows(paragraph):
                yield make(
                    citation,
                    citation,
                    part="penjelasan",
                    bab="",
                    context=title,
                    text=f"Penjelasan Umum: {chunk}",
                )


def _short_title(doc: Document) -> str:
    title = doc.title.title() if doc.title.isupper() else doc.title
    words = title.split()
    return f"{doc.citation} tentang {' '.join(words[:8])}{' …' if len(words) > 8 else ''}"


def _pasal_passages(doc: Document, make: Callable[..., Passage]) -> Iterator[Passage]:
    """One embedded passage per Pasal (its opening words), for coarse dense coverage."""
    title = _short_title(doc)
    for pasal in doc.nodes("pasal"):
        words = pasal.full_text().split()
        if not words:
            continue
        context = " ▸ ".join([title, *_heading_path(pasal)[-1:]])
        text = (
            f"{pasal.label}: {' '.join(words[:MAX_WORDS])}{' …' if len(words) > MAX_WORDS else ''}"
        )
        yield make(
            pasal.citation,
            pasal.citation,
            part="body",
            bab=_bab(pasal),
            context=context,
            text=text,
            lexical=False,
            dense=True,
        )


def _paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n+", text) if p.strip()]
    return parts or [text]


def corpus_passages(docs: Iterable[tuple[Document, bool, str]]) -> list[Passage]:
    """Passages of several documents: (document, in force, dense granularity) triples."""
    out: list[Passage] = []
    for doc, in_force, dense in docs:
        out.extend(document_passages(doc, in_force=in_force, dense=dense))
    return out


def dated_passages(
    states: Sequence[tuple[date | None, Document]], *, in_force: bool = True, dense: str = "unit"
) -> tuple[list[Passage], list[Passage]]:
    """An amended law's passages through its versions: ``states`` are (valid from, the whole
    law as in force from then), oldest first, the last the latest.

    Returns the latest state's passages (the same, in the same order, as
    :func:`document_passages` gives them) each dated from when its words began, and the
    passages of earlier wordings (replaced or deleted since), each dated from when to when
    they held: an index holds both, and a search on a date finds the words of that date.
    A wording that held twice (changed, then restored) gives one passage per stretch.
    """
    if not states:
        return [], []
    per_state = [list(document_passages(doc, in_force=in_force, dense=dense)) for _, doc in states]
    keys = [{_key(p) for p in found} for found in per_state]
    last = len(states) - 1

    def iso(i: int) -> str | None:
        when = states[i][0]
        return when.isoformat() if when is not None and i > 0 else None

    current = []
    for p in per_state[last]:
        start = last
        while start > 0 and _key(p) in keys[start - 1]:
            start -= 1
        current.append(replace(p, valid_from=iso(start)) if start else p)
    earlier: list[Passage] = []
    seen: set[tuple[int, tuple[str, str, str, str, bool, bool]]] = set()
    for i in range(last):
        for p in per_state[i]:
            key = _key(p)
            if (i > 0 and key in keys[i - 1]) or (i, key) in seen:
                continue  # not where a stretch of these words starts
            seen.add((i, key))
            end = i
            while end < last and key in keys[end + 1]:
                end += 1
            if end < last:  # replaced or deleted by the state after ``end``
                earlier.append(replace(p, valid_from=iso(i), valid_to=iso(end + 1)))
    return current, earlier


def _key(p: Passage) -> tuple[str, str, str, str, bool, bool]:
    return (p.citation, p.part, p.context, p.text, p.lexical, p.dense)
