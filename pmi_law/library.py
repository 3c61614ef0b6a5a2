"""The Library: the default corpus as documents, citations, definitions and search.

Documents are parsed on first use (``show`` and ``define`` need no index or model); the
search index and the encoder load on the first search, so opening a Library is cheap.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .citations import ALIASES, PRIMARY_DOCUMENT, Citation
from .errors import CitationError, UnknownCitation
from .models import Definition, Document, Node
from .sources.corpus import ManifestEntry, corpus_hash, load_manifest

if TYPE_CHECKING:
    from .retrieval.search import Hit, Searcher


class Library:
    """A corpus of parsed documents with lookup, definitions and hybrid search."""

    def __init__(self, entries: list[ManifestEntry], *, index_dir: Path | None = None) -> None:
        self.entries = {e.citation: e for e in entries}
        self._docs: dict[str, Document] = {}
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._index_dir = index_dir
        self._amendments: dict[str, list[str]] = {}
        for entry in entries:
            for (
                alias
            ) in entry.aliases:  # names the manifest gives a law ("UU PPMI") work in citations
                ALIASES.setdefault(alias, entry.citation)
            for amendment in entry.amends:
                self._amendments.setdefault(amendment.target, []).append(amendment.by)

    @classmethod
    def open(cls, manifest: Path | None = None, *, index_dir: Path | None = None) -> Library:
        """The default corpus (or another manifest); parsing and indexing happen lazily."""
        return cls(load_manifest(manifest), index_dir=index_dir)

    # ------------------------------------------------------------------ documents

    @property
    def documents(self) -> list[Document]:
        """Every document of the corpus, parsed, in manifest order."""
        return [self.document(c) for c in self.entries]

    def document(self, citation: str) -> Document:
        """One document by its citation ("UU 18/2017"), parsed on first use."""
        with self._lock:
            if citation not in self._docs:
                entry = self.entries.get(citation)
                if entry is None:
                    known = ", ".join(self.entries)
                    raise UnknownCitation(
                        f"no document {citation!r} in the corpus (known: {known})"
                    )
                from .sources.parse import parse_document

                self._docs[citation] = parse_document(entry.path(), entry.info())
            return self._docs[citation]

    def entry(self, citation: str) -> ManifestEntry:
        return self.entries[citation]

    def corpus_hash(self) -> str:
        """Content hash of the manifest, the source files and the parser/passage format."""
        from .retrieval.passages import PASSAGES_VERSION

        return f"{corpus_hash(list(self.entries.values()))[:32]}-p{PASSAGES_VERSION}"

    # ------------------------------------------------------------------ lookup

    def parse_citation(self, text: str) -> Citation:
        """A citation in any accepted form, completed with the primary document."""
        cit = Citation.parse(text, default_document=PRIMARY_DOCUMENT)
        if cit.document is None:
            cit = cit.with_document(PRIMARY_DOCUMENT)
        return cit

    def get(self, citation: str) -> Node:
        """The unit a citation names (`UU PPMI Pasal 6 ayat (1) huruf j`, `Pasal 6`)."""
        cit = self.parse_citation(citation)
        if not cit.path:
            raise UnknownCitation(f"{citation!r} names a whole document; name a BAB or Pasal")
        doc = self.document(cit.document or PRIMARY_DOCUMENT)
        return doc.get(str(Citation(cit.document, cit.path)))

    def amendments(self, node: Node) -> list[str]:
        """Units of later laws that changed this Pasal (e.g. UU 11/2020 Pasal 84)."""
        pasal = node.pasal
        return self.amendments_of(pasal.citation) if pasal is not None else []

    def amendments_of(self, pasal: str) -> list[str]:
        """Amendments of a Pasal by its citation (from the manifest: no parsing)."""
        return list(self._amendments.get(pasal, []))

    def referenced_by(self, node: Node) -> list[str]:
        """What cites this unit or anything inside it, across the whole corpus."""
        out: list[str] = []
        for n in node.walk():
            out.extend(c for c in n.referenced_by if c not in out)
        for doc in self.documents:  # other laws cite this one too (UU 11/2020 amends UU 18/2017)
            if doc.citation == (node.document.citation if node.document else None):
                continue
            for ref in doc.external_references:
                inside = ref.target == node.citation or ref.target.startswith(node.citation + " ")
                if inside and ref.source not in out:
                    out.append(ref.source)
        return out

    def define(self, term: str) -> list[Definition]:
        """Definitions of a term or abbreviation from every in-force law, best match first.

        Exact term or abbreviation first (also a known abbreviation's full phrase, so "P3MI"
        finds "Perusahaan Penempatan Pekerja Migran Indonesia"), then terms containing the
        words asked for; never a match inside another abbreviation ("P3MI" is not "SIP3MI").
        """
        from .retrieval.vocabulary import ABBREVIATIONS

        wanted = _norm(term)
        if not wanted:
            raise CitationError("empty term")
        spelled_out = _norm(ABBREVIATIONS.get(wanted, ""))
        exact: list[Definition] = []
        partial: list[Definition] = []
        for citation, entry in self.entries.items():
            if not entry.in_force:
                continue
            for d in self.document(citation).definitions:
                names = {_norm(d.term), _norm(d.abbreviation or "")}
                if wanted in names or (spelled_out and spelled_out in names):
                    exact.append(d)
                elif re.search(rf"\b{re.escape(wanted)}\b", _norm(d.term)):
                    partial.append(d)
        found = exact or partial
        if not found:
            raise UnknownCitation(f"no definition of {term!r} in the corpus")
        return found

    # ------------------------------------------------------------------ search

    def searcher(
        self, *, rebuild: bool = True, progress: Callable[[str], None] | None = None
    ) -> Searcher:
        """The hybrid searcher, loading (or building) the index on first use."""
        with self._lock:
            if self._searcher is None:
                from .retrieval.search import Searcher

                self._searcher = Searcher.open(
                    self, index_dir=self._index_dir, rebuild=rebuild, progress=progress
                )
            return self._searcher

    def search(self, query: str, k: int = 10, **filters: object) -> list[Hit]:
        """The provisions that answer a question, best first (see Searcher.search for filters)."""
        return self.searcher().search(query, k=k, **filters)  # type: ignore[arg-type]


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()
