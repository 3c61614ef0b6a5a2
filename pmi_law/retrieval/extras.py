"""What an index stores besides its passages, read from the parsed corpus at build time.

Abbreviations and definitions (for query expansion and definition questions), the
cross-reference links of every Pasal (for the graph boost and "related"), so that a search
needs no parsed document; restatements live in restate.py.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .passages import Passage, corpus_passages

if TYPE_CHECKING:
    from pmi_law.library import Library


def _pasal_of(citation: str) -> str:
    m = re.match(r"(.*? Pasal \d+[A-Z]?)\b", citation)
    return m.group(1) if m else citation


def corpus_abbreviations(library: Library) -> dict[str, str]:
    """Abbreviations the in-force laws define (SIP3MI, P3MI …), for the lexical analyzer."""
    out: dict[str, str] = {}
    for citation, entry in library.entries.items():
        if not entry.in_force or entry.type == "Skripsi":
            continue
        for d in library.document(citation).definitions:
            if d.abbreviation and len(d.abbreviation) <= 20:
                out.setdefault(d.abbreviation, d.term)
    return out


def corpus_definitions(library: Library) -> list[dict[str, str | None]]:
    """Every definition of the in-force laws, stored in the index for definition questions."""
    out: list[dict[str, str | None]] = []
    for citation, entry in library.entries.items():
        if entry.type == "Skripsi":
            continue
        for d in library.document(citation).definitions:
            out.append({"term": d.term, "abbreviation": d.abbreviation, "citation": d.citation})
    return out


def corpus_links(library: Library) -> dict[str, dict[str, list[str]]]:
    """Per Pasal: the Pasal it is linked to (both directions) and the citations to show as related.

    Stored in the index so search needs no parsed document.
    """
    links: dict[str, dict[str, list[str]]] = {}
    docs = [library.document(c) for c in library.entries]
    for doc in docs:
        for pasal in doc.nodes("pasal"):
            related: list[str] = []
            for n in pasal.walk():
                related.extend(
                    r for r in n.references if r not in related and not r.startswith(pasal.citation)
                )
            related.extend(
                r
                for r in library.referenced_by(pasal)
                if r not in related and not r.startswith(pasal.citation + " ")
            )
            linked = sorted({_pasal_of(r) for r in related} - {pasal.citation})
            amended = library.amendments(pasal)  # the instructions that gave its latest text
            if related or amended:
                links[pasal.citation] = {"related": related, "linked": linked}
            if amended:
                links[pasal.citation]["amended_by"] = amended
    return links


def library_passages(library: Library) -> list[Passage]:
    """Passages of every document in the manifest, revoked ones marked not in force."""
    return corpus_passages(
        (library.document(c), e.in_force, e.dense) for c, e in library.entries.items()
    )


def amending_pasal(library: Library) -> set[str]:
    """The Pasal of the corpus that amend another document (their text is instructions)."""
    return {a.by for entry in library.entries.values() for a in entry.amended_by}


def not_restated(library: Library) -> set[str]:
    """What a regulation cannot restate: amending Pasal and replaced laws (not the law in force)."""
    replaced = {c for c, e in library.entries.items() if e.status != "berlaku"}
    return amending_pasal(library) | replaced
