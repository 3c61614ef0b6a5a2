"""The corpus as the plain data a search index is built from: passages, abbreviations,
definitions and the cross-reference links of every Pasal.

Read off the Library's documents at build time (and for the delegation map), then handed to
retrieval as data: retrieval never calls back into the Library. Typed by what it reads
(:class:`Corpus`), not by the Library, so this module imports nothing above it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pmi_law.models import Document, Node
    from pmi_law.retrieval.passages import Passage
    from pmi_law.sources.corpus import ManifestEntry
    from pmi_law.sources.versions import Timeline


class Corpus(Protocol):
    """What the builders read: the manifest and the parsed documents (a Library is one)."""

    @property
    def entries(self) -> Mapping[str, ManifestEntry]: ...

    def document(self, citation: str) -> Document: ...

    def referenced_by(self, node: Node) -> list[str]: ...

    def amendments(self, node: Node) -> list[str]: ...

    def timeline(self, citation: str) -> Timeline: ...


def _pasal_of(citation: str) -> str:
    m = re.match(r"(.*? Pasal \d+[A-Z]?)\b", citation)
    return m.group(1) if m else citation


def corpus_abbreviations(corpus: Corpus) -> dict[str, str]:
    """Abbreviations the in-force laws define (SIP3MI, P3MI …), for the lexical analyzer."""
    out: dict[str, str] = {}
    for citation, entry in corpus.entries.items():
        if not entry.in_force or entry.type == "Skripsi":
            continue
        for d in corpus.document(citation).definitions:
            if d.abbreviation and len(d.abbreviation) <= 20:
                out.setdefault(d.abbreviation, d.term)
    return out


def corpus_definitions(corpus: Corpus) -> list[dict[str, str | None]]:
    """Every definition of the in-force laws, stored in the index for definition questions."""
    out: list[dict[str, str | None]] = []
    for citation, entry in corpus.entries.items():
        if entry.type == "Skripsi":
            continue
        for d in corpus.document(citation).definitions:
            out.append({"term": d.term, "abbreviation": d.abbreviation, "citation": d.citation})
    return out


def corpus_links(corpus: Corpus) -> dict[str, dict[str, list[str]]]:
    """Per Pasal: the Pasal it is linked to (both directions) and the citations to show as related.

    Stored in the index so search needs no parsed document.
    """
    links: dict[str, dict[str, list[str]]] = {}
    docs = [corpus.document(c) for c in corpus.entries]
    for doc in docs:
        for pasal in doc.nodes("pasal"):
            related: list[str] = []
            for n in pasal.walk():
                related.extend(
                    r for r in n.references if r not in related and not r.startswith(pasal.citation)
                )
            related.extend(
                r
                for r in corpus.referenced_by(pasal)
                if r not in related and not r.startswith(pasal.citation + " ")
            )
            linked = sorted({_pasal_of(r) for r in related} - {pasal.citation})
            amended = corpus.amendments(pasal)  # the instructions that gave its latest text
            if related or amended:
                links[pasal.citation] = {"related": related, "linked": linked}
            if amended:
                links[pasal.citation]["amended_by"] = amended
    return links


def corpus_passages(corpus: Corpus) -> list[Passage]:
    """Passages of every document in the manifest, revoked ones marked not in force; an
    amended law's latest words dated from when they began, and after every document's, the
    earlier wordings its amendments replaced or deleted, dated from when to when they held
    (a search on a date finds the law of that date; one without a date, only the latest)."""
    from pmi_law.retrieval.passages import dated_passages, document_passages

    out: list[Passage] = []
    earlier: list[Passage] = []
    for citation, entry in corpus.entries.items():
        if not entry.amended_by:
            out.extend(
                document_passages(
                    corpus.document(citation), in_force=entry.in_force, dense=entry.dense
                )
            )
            continue
        latest, before = dated_passages(
            corpus.timeline(citation).states, in_force=entry.in_force, dense=entry.dense
        )
        out.extend(latest)
        earlier.extend(before)
    return out + earlier  # the latest first: an index's statistics are theirs
