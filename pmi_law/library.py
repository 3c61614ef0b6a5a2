"""The Library: the default corpus as documents, citations, definitions and search.

Documents are read on first use from the parsed-corpus store (pmi_law.store), or parsed
when it is missing, stale or unwritable (``show`` and ``define`` need no index or model);
the search index and the encoder load on the first search, so opening a Library is cheap.

The Library is the facade every front end goes through: it owns the index (is it current,
rebuild it, health) and builds the searcher from plain data (the manifest, each document's
status, the index), so retrieval never calls back into it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .citations import ALIASES, PRIMARY_DOCUMENT, Citation
from .errors import CitationError, NotInCorpus, UnknownCitation
from .models import Definition, Document, Node
from .sources.corpus import ManifestEntry, corpus_hash, load_manifest

if TYPE_CHECKING:
    from datetime import date

    from .retrieval.encoder import Encoder
    from .retrieval.hits import IssueAnswer
    from .retrieval.index import IndexManifest, SearchIndex
    from .retrieval.search import Hit, Searcher
    from .sources.delegation import Delegation, DelegationLink, DelegationMap
    from .sources.versions import Timeline, Version
    from .store import CorpusStore
    from .userdocs import AddResult, RemoveResult, UserRecord

#: citations a library keeps parsed (its units number a few thousand)
CITATION_CACHE_SIZE = 4096


class Library:
    """A corpus of parsed documents with lookup, definitions and hybrid search."""

    def __init__(
        self,
        entries: list[ManifestEntry],
        *,
        index_dir: Path | None = None,
        store_dir: Path | None = None,
        user_dir: Path | None = None,
        corpus: list[ManifestEntry] | None = None,
    ) -> None:
        self.entries = {e.citation: e for e in entries}
        # the manifest's own documents (the parsed store holds these); user documents from
        # ``user_dir`` (pmi_law.userdocs) are parsed from their stored text
        self.corpus_entries = {
            e.citation: e for e in (corpus if corpus is not None else entries) if e.origin is None
        }
        self.user_dir = user_dir
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
        self._citations: dict[str, Citation] = {}

    @classmethod
    def open(
        cls,
        manifest: Path | None = None,
        *,
        index_dir: Path | None = None,
        store_dir: Path | None = None,
        user_dir: Path | None = None,
    ) -> Library:
        """The default corpus (or another manifest); parsing and indexing happen lazily.

        The default corpus is read from its parsed store beside the index (built on first
        use); another manifest is parsed in memory unless ``store_dir`` is given. The user's
        own documents (``pmi-law add``) come from ``user_dir``, for the default corpus by
        default from the user library folder ($PMI_LAW_LIBRARY_DIR).
        """
        from .userdocs import default_library_dir, merge_entries, read_records

        if manifest is None and store_dir is None:
            from .store import default_store_dir

            store_dir = default_store_dir(index_dir)
        if manifest is None and user_dir is None:
            user_dir = default_library_dir()
        corpus = load_manifest(manifest)
        user_dir = user_dir.resolve() if user_dir is not None else None
        entries = merge_entries(corpus, read_records(user_dir), user_dir)
        return cls(
            entries, index_dir=index_dir, store_dir=store_dir, user_dir=user_dir, corpus=corpus
        )

    @property
    def store(self) -> CorpusStore:
        """The parsed corpus on disk (unusable, so parsing in memory, without a folder)."""
        with self._lock:
            if self._store is None:
                from .store import CorpusStore

                self._store = CorpusStore(self._store_dir, self.corpus_entries)
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
                doc: Document | None = None
                if entry.origin is not None:  # a user document (pmi-law add)
                    from .userdocs import parse_entry as parse_user_entry

                    doc = parse_user_entry(entry)
                else:
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
        """Content hash of the manifest, the source files, the passage format and the parser's
        code: an index built before a parser change holds other passages, so it is stale."""
        from .retrieval.passages import PASSAGES_VERSION
        from .store import code_fingerprint

        return (
            f"{corpus_hash(list(self.entries.values()))[:32]}-p{PASSAGES_VERSION}"
            f"-c{code_fingerprint()[:12]}"
        )

    # ------------------------------------------------------------------ lookup

    def parse_citation(self, text: str) -> Citation:
        """A citation in any accepted form, completed with the primary document.

        Kept per library (a few thousand, cleared when its documents change): every hit
        shown reads its own citation again."""
        found = self._citations.get(text)
        if found is None:
            found = self._parse_citation(text)
            if len(self._citations) >= CITATION_CACHE_SIZE:
                self._citations.clear()
            self._citations[text] = found
        return found

    def _parse_citation(self, text: str) -> Citation:
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
            return doc.node_at(Citation(cit.document, cit.path))
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
        """Definitions of a term or abbreviation, best match first.

        Exact term or abbreviation first (also a known abbreviation's full phrase, so "P3MI"
        finds "Perusahaan Penempatan Pekerja Migran Indonesia"), then terms containing the
        words asked for; never a match inside another abbreviation ("P3MI" is not "SIP3MI").
        With ``as_of``, only the laws in force on that date, each in its version of that
        date (a law revoked later counts; one enacted later does not). Without, the laws in
        force first, then the revoked ones (UU 39/2004 still tells what "TKI" meant): their
        status is the document's (see views.definition_view).
        """
        from .retrieval.vocabulary import ABBREVIATIONS

        wanted = _norm(term)
        if not wanted:
            raise CitationError("empty term")
        spelled_out = _norm(ABBREVIATIONS.get(wanted, ""))
        exact: list[Definition] = []
        partial: list[Definition] = []
        for citation in self._defining_documents(as_of):
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
            when = f" in force on {as_of}" if as_of is not None else ""
            raise UnknownCitation(f"no definition of {term!r} in the corpus's laws{when}")
        # the laws in force before the revoked ones, each group in the order found
        revoked = set(self._defining_documents(None)) - set(self._defining_documents(None, True))
        return sorted(found, key=lambda d: d.citation.split(" Pasal ")[0] in revoked)

    def _defining_documents(self, as_of: date | str | None, in_force: bool = False) -> list[str]:
        """The laws whose definitions count, in manifest order: on ``as_of``, those in force
        that day; without a date every law (``in_force``: only those in force now)."""
        from .sources.history import parse_date
        from .status import document_status

        when = parse_date(as_of)
        out = []
        for citation, entry in self.entries.items():
            if entry.type == "Skripsi":
                continue
            if when is not None and not document_status(self, citation, when).in_force:
                continue
            if when is None and in_force and not entry.in_force:
                continue
            out.append(citation)
        return out

    def _defined_inline(self, wanted: str, as_of: date | str | None) -> list[Definition]:
        """Definitions whose list item OCR merged into the one before ("… L7. I.ayarran
        Terpadu … yang selanjutnya disebut LTSA … adalah …"), found inside that one's text by
        the words that introduce a definition."""
        pattern = re.compile(
            r"(?P<term>[A-Z][^;:]{2,400}?)\s+yang\s+selanjutnya\s+(?:disebut|disingkat)\s+"
            r"(?P<abbr>[^.;:]{1,80}?)\s+adalah\s+(?P<text>[^;]+?[.;]?)(?=\s+\S{1,4}\.\s|$)"
        )
        out: list[Definition] = []
        for citation in self._defining_documents(as_of):
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
        from .indexing import corpus_abbreviations
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

    def provenance(self, node: Node) -> dict[str, Any]:
        """The OCR repairs made to a unit's text, for the views: each repair (`ocr_repairs`),
        a one-line note, and the text as the source has it, plain and marked (None when the
        unit was not repaired)."""
        from .sources.provenance import found_text, repair_note, repairs_view

        repaired = any(n.repairs for n in node.walk())
        return {
            "ocr_repairs": repairs_view(node),
            "repair_note": repair_note(node),
            "source_text": found_text(node) if repaired else None,
            "source_marked": found_text(node, marked=True) if repaired else None,
        }

    def _delegation_links(self) -> list[tuple[str, str]]:
        """(delegating unit, implementing unit) pairs: what the searcher's delegations stage
        reads (plain data, asked for on the first question on procedure)."""
        return [
            (d.citation, link.unit)
            for d in self.delegation_map().delegations
            for link in d.links
            if link.unit is not None
        ]

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

    # ------------------------------------------------------------------ index

    @property
    def index_dir(self) -> Path:
        """The search index's folder ($PMI_LAW_INDEX_DIR, else indexes/default)."""
        from .retrieval.index import default_index_dir

        return self._index_dir or default_index_dir()

    def _index_identity(self, model_path: Path | None = None) -> tuple[str, str]:
        """What a current index was built from: the model and analyzer, and the corpus."""
        from .retrieval.model import resolve_model_path
        from .retrieval.search import index_identity

        return index_identity(model_path or resolve_model_path()), self.corpus_hash()

    def index_manifest(self) -> IndexManifest | None:
        """The index's manifest as found (None: no index yet; IndexStale: a damaged one)."""
        from .errors import IndexStale
        from .retrieval.index import manifest_damaged, read_manifest

        folder = self.index_dir
        found = read_manifest(folder)
        if found is None and manifest_damaged(folder):
            raise IndexStale(
                f"index at {folder} is damaged (manifest.json unreadable); run `pmi-law index build`"
            )
        return found

    def check_index(self, *, verify: bool = False) -> IndexManifest:
        """The one answer to "is the index current?": its manifest when it matches this
        corpus and model and its files are intact, else IndexStale naming what differs.
        ``verify``: also every file's SHA-256 and a full load."""
        from .errors import IndexStale
        from .retrieval.index import check_manifest, load_index, verify_files

        folder = self.index_dir
        found = self.index_manifest()
        if found is None:
            raise IndexStale(f"no index at {folder}; run `pmi-law index build`")
        identity, chash = self._index_identity()
        check_manifest(folder, model=identity, corpus_hash=chash)
        verify_files(folder, found, hashes=verify)
        if verify:
            load_index(folder, model=identity, corpus_hash=chash)
        return found

    def rebuild_index(
        self,
        *,
        approximate: bool = False,
        encoder: Encoder | None = None,
        progress: Callable[[str], None] | None = None,
        analyzer_class: type[Any] | None = None,
    ) -> Path:
        """Build the index of this corpus into its folder (atomically): the documents as
        plain data (indexing.py) handed to retrieval. ``encoder`` and ``analyzer_class`` may
        reuse an older index's vectors and terms (userdocs.update_index)."""
        from .indexing import (
            corpus_abbreviations,
            corpus_definitions,
            corpus_links,
            corpus_passages,
        )
        from .retrieval.encoder import Encoder
        from .retrieval.extras import not_restated
        from .retrieval.index import ensure_writable
        from .retrieval.model import resolve_model_path
        from .retrieval.search import build_search_index

        folder = self.index_dir
        ensure_writable(folder)  # before parsing and embedding, not after
        encoder = encoder or Encoder(resolve_model_path(progress=progress))
        return build_search_index(
            folder,
            corpus_passages(self),
            abbreviations=corpus_abbreviations(self),
            links=corpus_links(self),
            definitions=corpus_definitions(self),
            not_restated=not_restated(self.entries),
            corpus_hash=self.corpus_hash(),
            encoder=encoder,
            approximate=approximate,
            progress=progress,
            analyzer_class=analyzer_class,
        )

    def health(self) -> dict[str, object]:
        """Whether every corpus file is readable and the index matches the corpus and model."""
        from .errors import CorpusNotFound, PmiLawError

        missing = []
        for entry in self.entries.values():
            try:
                entry.path()
            except CorpusNotFound:
                missing.append(entry.file)
        corpus = {"documents": len(self.entries), "missing": missing, "ok": not missing}
        index: dict[str, object] = {"ok": False, "passages": 0, "message": ""}
        try:
            if self.index_manifest() is None:
                index["message"] = "no index yet: it is built on the first search"
            else:
                found = self.check_index()
                index.update(ok=True, passages=found.passages, built=found.created)
        except PmiLawError as exc:
            index["message"] = str(exc)
        ok = corpus["ok"] and index["ok"]
        return {"status": "ok" if ok else "degraded", "corpus": corpus, "index": index}

    # ------------------------------------------------------------------ user documents

    def loaded_index(self) -> SearchIndex | None:
        """The search index if a search has loaded it (else None: nothing is loaded)."""
        searcher = self._searcher
        return searcher.index if searcher is not None else None

    def with_user_records(self, records: list[UserRecord]) -> Library:
        """This corpus with another set of user documents (same folders)."""
        from .userdocs import merge_entries

        corpus = list(self.corpus_entries.values())
        return Library(
            merge_entries(corpus, records, self.user_dir),
            index_dir=self._index_dir,
            store_dir=self._store_dir,
            user_dir=self.user_dir,
            corpus=corpus,
        )

    def add_document(self, path: Path, **options: Any) -> AddResult:
        """Add a user's regulation file (.pdf, .txt, .md) to the library and its index
        (pmi_law.userdocs.add_document: options type, number, year, title, date, replace)."""
        from .userdocs import add_document

        # reading, OCR and the index update work on new objects and the disk (the user
        # library's file lock orders them): searches go on meanwhile; only the switch waits
        result, records = add_document(self, path, **options)
        self._use(records)
        return result

    def remove_document(
        self, citation: str, progress: Callable[[str], None] | None = None
    ) -> RemoveResult:
        """Take a user document out of the library and its index."""
        from .userdocs import remove_document

        result, records = remove_document(self, citation, progress=progress)
        self._use(records)
        return result

    def _use(self, records: list[UserRecord]) -> None:
        """Switch this library to another set of user documents (the index reloads)."""
        with self._search_lock, self._lock:
            self._switch(records)

    def _switch(self, records: list[UserRecord]) -> None:
        fresh = self.with_user_records(records)
        self.entries = fresh.entries
        self.aliases = fresh.aliases
        self._citations = {}
        self._base = {
            c: d
            for c, d in self._base.items()
            if c in self.corpus_entries and c in self.entries and self.entries[c].origin is None
        }
        self._timelines = {}
        self._delegations = None
        self._searcher = None

    # ------------------------------------------------------------------ search

    def searcher(
        self, *, rebuild: bool = True, progress: Callable[[str], None] | None = None
    ) -> Searcher:
        """The hybrid searcher, loading the index on first use: rebuilt when stale (or
        IndexStale, with ``rebuild`` False). Built from plain data: the manifest, each
        document's status line and the index."""
        with self._search_lock:
            if self._searcher is None:
                from .errors import IndexStale
                from .retrieval.encoder import Encoder
                from .retrieval.index import ensure_writable, load_index
                from .retrieval.model import resolve_model_path
                from .retrieval.search import Searcher, make_analyzer

                folder = self.index_dir
                encoder = Encoder(resolve_model_path(progress=progress))
                identity, chash = self._index_identity(encoder.model_path)
                try:
                    index = load_index(folder, model=identity, corpus_hash=chash)
                except IndexStale as exc:
                    if not rebuild:
                        raise
                    # a user's folder or a read-only place: say so, not "rebuilding"
                    ensure_writable(folder)
                    if progress:
                        progress(f"{exc}; rebuilding")
                    self.rebuild_index(encoder=encoder, progress=progress)
                    index = load_index(folder, model=identity, corpus_hash=chash)
                statuses = {c: self.status_label(c) for c in self.entries}
                analyzer = make_analyzer(index.abbreviations)
                self._searcher = Searcher(
                    self.entries,
                    statuses,
                    index,
                    analyzer,
                    encoder,
                    delegation_links=self._delegation_links,
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
        filters = self._resolved(filters)
        hits = self.searcher().search(query, k=k, as_of=when, **filters)  # type: ignore[arg-type]
        return self._at(hits, query, when)

    def search_by_issue(
        self, query: str, k: int = 3, as_of: date | str | None = None, **filters: object
    ) -> list[IssueAnswer]:
        """A client's story answered issue by issue (unpaid wages, held passport, where to
        complain ...), each with its own best provisions; empty when the question raises
        fewer than two issues, since a short question is answered by one list."""
        from .retrieval.hits import IssueAnswer
        from .sources.history import parse_date

        when = parse_date(as_of) if as_of is not None else None
        groups = self.searcher().search_by_issue(query, k, as_of=when, **self._resolved(filters))
        return [
            IssueAnswer(issue.name, issue.label, tuple(self._at(hits, query, when)))
            for issue, hits in groups
        ]

    def _resolved(self, filters: dict[str, object]) -> dict[str, object]:
        """The ``doc`` filter as canonical citations ("UU PPMI" → "UU 18/2017"): the
        searcher knows documents by their citation only."""
        doc = filters.get("doc")
        if not doc:
            return filters
        docs = [doc] if isinstance(doc, str) else list(doc)  # type: ignore[call-overload]
        resolved = [self._document_id(str(d)) for d in docs]
        return {**filters, "doc": resolved[0] if isinstance(doc, str) else resolved}

    def _document_id(self, text: str) -> str:
        if text in self.entries:
            return text
        doc = self.parse_citation(text).document
        if doc not in self.entries:
            raise UnknownCitation(f"no document {text!r} in the corpus")
        return doc

    def _at(self, hits: list[Hit], query: str, as_of: date | None) -> list[Hit]:
        """Each hit as on ``as_of``: its text in force then, its document's status then (not
        today's: a 2019 question is not told of a 2022 amendment) and only the amendments
        made by then; units not yet in force left out."""
        if as_of is None:
            return hits
        import dataclasses

        from .status import document_status

        out = []
        for hit in hits:
            entry = self.entries.get(hit.document)
            if entry is None:
                out.append(hit)
                continue
            dated = dataclasses.replace(
                hit,
                status=document_status(self, hit.document, as_of).label,
                amended_by=tuple(a for a in hit.amended_by if self._enacted_by(a, as_of)),
            )
            body = hit.citation.removeprefix("Penjelasan ")
            if not entry.amended_by or body.endswith(" Umum"):  # the general Penjelasan: as is
                out.append(dated)
                continue
            try:
                node = self.get(body, as_of)
            except UnknownCitation:
                continue
            # a Penjelasan hit is the unit's Penjelasan of that date, not the unit's words
            text = node.full_text() if body == hit.citation else (node.elucidation or hit.text)
            highlights = self.searcher().highlights(query, text)
            out.append(dataclasses.replace(dated, text=text, highlights=highlights))
        return out

    def _enacted_by(self, citation: str, when: date) -> bool:
        """Whether the document a citation names was promulgated by ``when``."""
        entry = self.entries.get(citation.split(" Pasal ")[0])
        return entry is not None and entry.promulgated is not None and entry.promulgated <= when


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()
