"""The Library: the default corpus as documents, citations, definitions and search.

Documents are read on first use from the parsed-corpus store (pmi_law.store), or parsed
when it is missing, stale or unwritable (``show`` and ``define`` need no index or model);
the search index and the encoder load on the first search, so opening a Library is cheap.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .citations import ALIASES, PRIMARY_DOCUMENT, Citation
from .errors import CitationError, NotInCorpus, UnknownCitation
from .models import Definition, Document, Node
from .sources.corpus import ManifestEntry, corpus_hash, load_manifest

if TYPE_CHECKING:
    from datetime import date

    from .retrieval.hits import IssueAnswer
    from .retrieval.search import Hit, Searcher
    from .sources.delegation import Delegation, DelegationLink, DelegationMap
    from .sources.versions import Timeline, Version
    from .store import CorpusStore


class Library:
    """A corpus of parsed documents with lookup, definitions and hybrid search."""

    def __init__(
        self,
        entries: list[ManifestEntry],
        *,
        index_dir: Path | None = None,
        store_dir: Path | None = None,
    ) -> None:
        self.entries = {e.citation: e for e in entries}
        self._lock = threading.RLock()
        self._search_lock = threading.RLock()  # a loading index never holds up a lookup
        self._searcher: Searcher | None = None
        self._index_dir = index_dir
        self._store_dir = store_dir  # the parsed corpus on disk (pmi_law.store); None: parse
        self._store: CorpusStore | None = None
        self._base: dict[str, Document] = {}
        self._timelines: dict[str, Timeline] = {}
        self._delegations: DelegationMap | None = None
        # names the manifest gives a law ("UU PPMI") work in this library's citations only
        self.aliases = {
            alias: entry.citation
            for entry in entries
            for alias in entry.aliases
            if alias not in ALIASES
        }

    @classmethod
    def open(
        cls,
        manifest: Path | None = None,
        *,
        index_dir: Path | None = None,
        store_dir: Path | None = None,
    ) -> Library:
        """The default corpus (or another manifest); parsing and indexing happen lazily.

        The default corpus is read from its parsed store beside the index (built on first
        use); another manifest is parsed in memory unless ``store_dir`` is given.
        """
        if manifest is None and store_dir is None:
            from .store import default_store_dir

            store_dir = default_store_dir(index_dir)
        return cls(load_manifest(manifest), index_dir=index_dir, store_dir=store_dir)

    @property
    def store(self) -> CorpusStore:
        """The parsed corpus on disk (unusable, so parsing in memory, without a folder)."""
        with self._lock:
            if self._store is None:
                from .store import CorpusStore

                self._store = CorpusStore(self._store_dir, self.entries)
            return self._store

    # ------------------------------------------------------------------ documents

    @property
    def documents(self) -> list[Document]:
        """Every document of the corpus, parsed, in manifest order."""
        return [self.document(c) for c in self.entries]

    def document(self, citation: str, as_of: date | str | None = None) -> Document:
        """One document by its citation ("UU 18/2017"), parsed on first use.

        An amended law is given as in force on ``as_of`` (a date or ISO string), by default
        in its latest version known to the corpus.
        """
        from .sources.history import parse_date

        with self._lock:
            if self.entries.get(citation) is None or not self.entries[citation].amended_by:
                return self.base_document(citation)
            return self.timeline(citation).at(parse_date(as_of))

    def base_document(self, citation: str) -> Document:
        """The document as its own file gives it: for an amended law, the original text."""
        with self._lock:
            if citation not in self._base:
                entry = self.entries.get(citation)
                if entry is None:
                    known = ", ".join(self.entries)
                    raise UnknownCitation(
                        f"no document {citation!r} in the corpus (known: {known})"
                    )
                doc = self.store.base(citation)
                if doc is None:
                    from .sources.history import parse_entry

                    doc = parse_entry(entry)
                self._base[citation] = doc
            return self._base[citation]

    def source_document(self, citation: str, file: str | None = None) -> Document:
        """The document as parsed from one of its files: its own (the base document) or an
        alternate copy the manifest names (what `pmi-law check` compares)."""
        entry = self.entries.get(citation)
        if file is None or entry is None or file == entry.file:
            return self.base_document(citation)
        with self._lock:
            doc = self.store.alternate(citation, file)
            if doc is None:
                from .sources.corpus import find_file
                from .sources.parse import parse_document

                path = find_file(file)
                doc = parse_document(path, entry.info(path))
            return doc

    def timeline(self, citation: str) -> Timeline:
        """The versions of an amended law (its amending Pasal parsed and applied by date)."""
        with self._lock:
            if citation not in self._timelines:
                timeline = self.store.timeline(citation)
                if timeline is None or timeline.base is not self.base_document(citation):
                    from .sources.history import build_timeline

                    timeline = build_timeline(
                        self.entries[citation], self.base_document, self.entries
                    )
                self._timelines[citation] = timeline
            return self._timelines[citation]

    def entry(self, citation: str) -> ManifestEntry:
        return self.entries[citation]

    def status_label(self, citation: str) -> str:
        """The document's state in words; an amended law says whether the corpus knows its
        latest changes (never plain "berlaku" when it may not)."""
        from .sources.history import missing_relations

        entry = self.entries[citation]
        label = entry.status_label
        if label != "berlaku" or not entry.amended_by:
            return label
        missing = missing_relations(entry, self.entries)
        if missing:
            return "berlaku dengan perubahan; " + ", ".join(missing) + " tidak ada di korpus"
        return f"berlaku dengan perubahan (terakhir oleh {entry.amended_by[-1].by})"

    def corpus_hash(self) -> str:
        """Content hash of the manifest, the source files and the parser/passage format."""
        from .retrieval.passages import PASSAGES_VERSION

        return f"{corpus_hash(list(self.entries.values()))[:32]}-p{PASSAGES_VERSION}"

    # ------------------------------------------------------------------ lookup

    def parse_citation(self, text: str) -> Citation:
        """A citation in any accepted form, completed with the primary document."""
        for alias, citation in self.aliases.items():
            text = re.sub(rf"(?i)(?<!\w){re.escape(alias)}(?!\w)", citation, text)
        cit = Citation.parse(text, default_document=PRIMARY_DOCUMENT, english=True)
        if cit.document is None:
            cit = cit.with_document(PRIMARY_DOCUMENT)
        return cit

    def get(self, citation: str, as_of: date | str | None = None) -> Node:
        """The unit a citation names (`UU PPMI Pasal 6 ayat (1) huruf j`, `Pasal 6`).

        For an amended law: the unit in force on ``as_of`` (a date or ISO string), by
        default its latest version known to the corpus.
        """
        cit = self.parse_citation(citation)
        if not cit.path:
            raise UnknownCitation(f"{citation!r} names a whole document; name a BAB or Pasal")
        doc = self.document(cit.document or PRIMARY_DOCUMENT, as_of)
        try:
            return doc.get(str(Citation(cit.document, cit.path)))
        except UnknownCitation:
            if as_of is not None and self._exists_later(cit):
                raise UnknownCitation(
                    f"{Citation(cit.document, cit.path)} was not yet in force on {as_of}"
                ) from None
            if (why := self._not_in_corpus(doc, cit, as_of)) is not None:
                raise NotInCorpus(why) from None
            raise

    def _not_in_corpus(self, doc: Document, cit: Citation, as_of: date | str | None) -> str | None:
        """Why a unit missing from the text may still exist in the law, or None when the
        corpus holds the whole law as in force (then the unit does not exist)."""
        from .sources.history import parse_date

        entry = self.entries.get(doc.citation)
        name = Citation(cit.document, cit.path)
        pasal = next((n for k, n in cit.path if k == "pasal"), None)
        if entry is None or pasal is None:
            return None
        if entry.excerpt and pasal not in entry.excerpt:
            held = ", ".join(f"Pasal {p}" for p in entry.excerpt)
            return f"{name} is not in the corpus: the corpus holds only {held} of {doc.citation}"
        when = parse_date(as_of)
        for relation in entry.amended_by:
            source = self.entries.get(relation.document)
            whole = source is not None and (not source.excerpt or relation.pasal in source.excerpt)
            enacted = source.promulgated if source is not None else None
            if whole or (when is not None and enacted is not None and enacted > when):
                continue
            return (
                f"{name} is not in the corpus's text of {doc.citation}; {relation.by}, which "
                f"amends {doc.citation}, is not in the corpus, so whether it inserted "
                f"{name} cannot be known"
            )
        found = doc.find(tuple(cit.path[: [k for k, _ in cit.path].index("pasal") + 1]))
        if found is not None and found is not self and any("lost" in n for n in found.notes):
            return f"{name} is not in the corpus: text of {found.label} lost in the source ({'; '.join(found.notes)})"
        return None

    def _exists_later(self, cit: Citation) -> bool:
        doc = cit.document or PRIMARY_DOCUMENT
        if not self.entries.get(doc) or not self.entries[doc].amended_by:
            return False
        try:
            self.document(doc).get(str(Citation(cit.document, cit.path)))
        except UnknownCitation:
            return False
        return True

    def versions(self, node: Node) -> list[Version]:
        """The wordings of a unit through its amendments, oldest first (one for most units)."""
        from .sources.history import versions_of

        doc = node.document
        if doc is None or doc.citation not in self.entries:
            return []
        return versions_of(
            node, self.entries[doc.citation], self._timeline_of(doc.citation), self.entries
        )

    def notes(self, node: Node) -> list[str]:
        """What a reader must know about this unit: source defects, how current its text is."""
        from .sources.history import version_notes

        doc = node.document
        own = list(node.notes)
        if doc is None or doc.citation not in self.entries:
            return own
        entry = self.entries[doc.citation]
        timeline = self._timeline_of(doc.citation)
        if entry.date_unverified:  # the source has no signature block (PP 10/2020)
            own.append(
                f"tanggal {entry.date} dari sumber sekunder, belum diverifikasi terhadap "
                "salinan resmi (sumber tidak memuat tanda tangan dan tanggal)"
            )
        return [*own, *version_notes(node, entry, timeline, self.entries)]

    def _timeline_of(self, citation: str) -> Timeline | None:
        entry = self.entries.get(citation)
        return self.timeline(citation) if entry is not None and entry.amended_by else None

    def amendments(self, node: Node) -> list[str]:
        """Units of later laws that changed this unit (e.g. UU 11/2020 Pasal 84 angka 2)."""
        return [v.by for v in self.versions(node) if v.by]

    def amendments_of(self, citation: str) -> list[str]:
        """Amendments of a unit by its citation (empty for laws nobody amends)."""
        try:
            cit = self.parse_citation(citation)
        except CitationError:
            return []
        entry = self.entries.get(cit.document or "")
        if entry is None or not entry.amended_by or not cit.path:
            return []
        try:
            return self.amendments(self.get(citation))
        except UnknownCitation:
            return []

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

    def define(self, term: str, as_of: date | str | None = None) -> list[Definition]:
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
            for d in self.document(citation, as_of).definitions:
                names = {_norm(d.term), _norm(d.abbreviation or "")}
                # "LTSA" is the head of "LTSA Pekerja Migran Indonesia"
                head = _norm(d.abbreviation or "").split(" ")[0]
                if wanted in names or (spelled_out and spelled_out in names) or wanted == head:
                    exact.append(d)
                elif re.search(rf"\b{re.escape(wanted)}\b", _norm(d.term)):
                    partial.append(d)
        # a definition OCR merged into the item before it is found by its words
        inline = [
            d
            for d in self._defined_inline(wanted, as_of)
            if not any(
                f.citation.split(" Pasal ")[0] == d.citation.split(" Pasal ")[0] for f in exact
            )
        ]
        found = exact + inline or partial
        if not found:
            raise UnknownCitation(f"no definition of {term!r} in the corpus")
        return found

    def _defined_inline(self, wanted: str, as_of: date | str | None) -> list[Definition]:
        """Definitions whose list item OCR merged into the one before ("… L7. I.ayarran
        Terpadu … yang selanjutnya disebut LTSA … adalah …"), found inside that one's text by
        the words that introduce a definition."""
        pattern = re.compile(
            r"(?P<term>[A-Z][^;:]{2,400}?)\s+yang\s+selanjutnya\s+(?:disebut|disingkat)\s+"
            r"(?P<abbr>[^.;:]{1,80}?)\s+adalah\s+(?P<text>[^;]+?[.;]?)(?=\s+\S{1,4}\.\s|$)"
        )
        out: list[Definition] = []
        for citation, entry in self.entries.items():
            if not entry.in_force:
                continue
            for d in self.document(citation, as_of).definitions:  # metadata: no tree read
                for m in pattern.finditer(d.text):
                    abbr = _norm(m["abbr"])
                    if abbr == wanted or abbr.startswith(wanted + " "):
                        # the term starts after the last sentence (and its item number)
                        term = re.split(r"\.\s+(?:\S{1,4}\.\s+)?", m["term"].strip())[-1]
                        out.append(Definition(term, m["text"].strip(), d.citation, m["abbr"]))
        return out

    # ------------------------------------------------------------------ delegations

    def delegation_map(self) -> DelegationMap:
        """Delegation clauses of every law and regulation, linked to what carries them out
        (built on first use from the parsed texts; see sources/delegation.py)."""
        with self._lock:
            if self._delegations is None:
                self._delegations = self._stored_delegations()
            return self._delegations

    def _stored_delegations(self) -> DelegationMap:
        """The map from beside the parsed-corpus store when built from the same inputs, else
        built now (and kept there)."""
        from .errors import CorpusNotFound
        from .sources import delegation_cache
        from .sources.corpus import find_file
        from .sources.delegation import METADATA_FILE

        if self._store_dir is None:
            return self._build_delegations()
        try:
            metadata = find_file(METADATA_FILE).read_bytes()
        except (CorpusNotFound, OSError):
            metadata = b""
        path = self._store_dir.with_name(self._store_dir.name + "-delegations.json")
        key = delegation_cache.cache_key(self.corpus_hash(), metadata)
        found = delegation_cache.load(path, key)
        if found is None:
            found = self._build_delegations()
            if path.parent.is_dir():
                delegation_cache.save(path, key, found)
        return found

    def _build_delegations(self) -> DelegationMap:
        from .errors import CorpusNotFound
        from .retrieval.extras import corpus_abbreviations
        from .retrieval.search import make_analyzer
        from .sources.corpus import find_file
        from .sources.delegation import (
            METADATA_FILE,
            REGULATION_KIND,
            DelegationMap,
            LawText,
            build_delegations,
            read_metadata,
        )

        def changed_by(node: Node) -> str | None:
            found = self.amendments(node)
            return found[-1] if found else None

        laws = []
        for citation, entry in self.entries.items():
            # a replaced omnibus law and an excerpt quote other laws' clauses: not their own
            if entry.type == "Skripsi" or entry.status == "diganti" or entry.excerpt:
                continue
            enacted = self.base_document(citation)
            current = self.document(citation) if entry.amended_by else enacted
            laws.append(
                LawText(citation, entry.type, enacted, current, entry.promulgated, changed_by)
            )
        types = {
            c: e.type
            for c, e in self.entries.items()
            if e.type in REGULATION_KIND and any(law.citation == c for law in laws)
        }
        try:
            metadata = read_metadata(find_file(METADATA_FILE))
        except CorpusNotFound:
            metadata = []
        analyzer = make_analyzer(corpus_abbreviations(self))
        delegations, evidence = build_delegations(laws, types, analyzer.terms, metadata)
        return DelegationMap(delegations, evidence)

    def delegations(self, citation: str, *, generic: bool = True) -> list[Delegation]:
        """The delegation clauses of a document ("UU 18/2017") or in a unit and inside it."""
        return self.delegation_map().of(self._delegation_key(citation), generic=generic)

    def implementing(self, citation: str) -> list[DelegationLink]:
        """What carries out the delegations in a unit ("Dilaksanakan oleh")."""
        return self.delegation_map().implementing(self._delegation_key(citation))

    def implements(self, citation: str) -> list[DelegationLink]:
        """What a regulation's unit (or the whole regulation) carries out ("Melaksanakan")."""
        return self.delegation_map().implements(self._delegation_key(citation))

    def _delegation_key(self, citation: str) -> str:
        if citation in self.entries:
            return citation
        cit = self.parse_citation(citation)
        if cit.document not in self.entries:
            raise UnknownCitation(f"no document {cit.document!r} in the corpus")
        if not cit.path:
            return cit.document or PRIMARY_DOCUMENT
        return self.get(citation).citation

    # ------------------------------------------------------------------ search

    def searcher(
        self, *, rebuild: bool = True, progress: Callable[[str], None] | None = None
    ) -> Searcher:
        """The hybrid searcher, loading (or building) the index on first use."""
        with self._search_lock:
            if self._searcher is None:
                from .retrieval.search import Searcher

                self._searcher = Searcher.open(
                    self, index_dir=self._index_dir, rebuild=rebuild, progress=progress
                )
            return self._searcher

    def search(
        self, query: str, k: int = 10, as_of: date | str | None = None, **filters: object
    ) -> list[Hit]:
        """The provisions that answer a question, best first (see Searcher.search for filters).

        The index holds the latest text of every unit; with ``as_of`` each hit carries the
        text in force on that date, and units not yet in force then are left out.
        """
        from .sources.history import parse_date

        when = parse_date(as_of) if as_of is not None else None
        hits = self.searcher().search(query, k=k, as_of=when, **filters)  # type: ignore[arg-type]
        return self._at(hits, when)

    def search_by_issue(
        self, query: str, k: int = 3, as_of: date | str | None = None, **filters: object
    ) -> list[IssueAnswer]:
        """A client's story answered issue by issue (unpaid wages, held passport, where to
        complain ...), each with its own best provisions; empty when the question raises
        fewer than two issues, since a short question is answered by one list."""
        from .retrieval.hits import IssueAnswer
        from .sources.history import parse_date

        when = parse_date(as_of) if as_of is not None else None
        groups = self.searcher().search_by_issue(query, k, as_of=when, **filters)
        return [
            IssueAnswer(issue.name, issue.label, tuple(self._at(hits, when)))
            for issue, hits in groups
        ]

    def _at(self, hits: list[Hit], as_of: date | str | None) -> list[Hit]:
        """Each hit with its text as in force on ``as_of``; units not yet in force left out."""
        if as_of is None:
            return hits
        import dataclasses

        out = []
        for hit in hits:
            entry = self.entries.get(hit.document)
            if entry is None or not entry.amended_by:
                out.append(hit)
                continue
            try:
                node = self.get(hit.citation, as_of)
            except UnknownCitation:
                continue
            out.append(dataclasses.replace(hit, text=node.full_text()))
        return out


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()
