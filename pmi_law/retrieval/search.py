"""Hybrid legal search: BM25 + e5 vectors, fused, aggregated to the Pasal, with a citation fast path.

Why each part is here (see design notes, "Retrieval notes"):
- lexical (BM25 over Sastrawi stems, with lay → statutory synonyms) finds exact statutory
  vocabulary; dense (e5) finds paraphrases and English questions;
- each side is scaled per question and the two are added (fusion.py), trusting neither raw scale;
- results aggregate to the Pasal (the unit lawyers cite), showing its best passage;
- a citation in the query returns that unit first;
- a cited Pasal brings what it cites or is cited by (a prohibition, the sanction for
  breaking it); a question about a penalty brings the sanction of its top provisions.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pmi_law.errors import CitationError, QueryError, UnknownCitation

from . import fusion
from .encoder import Encoder
from .extras import amending_pasal
from .fusion import Groups, score_weights, sentence_weight, sentences
from .hits import MAX_QUERY_CHARS, Hit, validate_query
from .index import SearchIndex, build_index, ensure_writable
from .issues import ISSUES, Issue, issues_in
from .lexical import is_english
from .linked import LinkedStages
from .passages import Passage
from .phrases import phrase_bonus
from .ranking import (
    DEFAULT,
    DEFINITION_INTENT,
    NOT_THIS_LAW,
    PENALTY_INTENT,
    PROCEDURE_INTENT,
    STATUS_INTENT,
    THESIS_INTENT,
    RankingConfig,
)
from .restate import restatements
from .unseen import UnseenTerms

if TYPE_CHECKING:
    from datetime import date

    from pmi_law.citations import Citation
    from pmi_law.sources.corpus import ManifestEntry

__all__ = ["MAX_QUERY_CHARS", "Encoder", "Hit", "Searcher", "build_search_index", "validate_query"]


def index_identity(model_path: Path) -> str:
    """What an index depends on besides the corpus: the model and the lexical analysis.

    The analyzer's fingerprint ignores abbreviations (they expand queries only), so a bare
    analyzer gives the same identity as the one the index was built with.
    """
    from .model import model_identity

    lexical = f"{make_analyzer({}).fingerprint}/bm25:{DEFAULT.bm25_k1:g},{DEFAULT.bm25_b:g}"
    return f"{model_identity(model_path)}+lex:{lexical}"


def build_search_index(
    folder: Path,
    passages: list[Passage],
    *,
    abbreviations: dict[str, str],
    links: dict[str, dict[str, list[str]]],
    definitions: list[dict[str, str | None]],
    not_restated: set[str],
    corpus_hash: str,
    encoder: Encoder,
    approximate: bool = False,
    progress: Callable[[str], None] | None = None,
    analyzer_class: type[Any] | None = None,
) -> Path:
    """Build the index of a corpus, given as plain data (the Library gathers it), into its
    folder (atomically).

    ``encoder`` and ``analyzer_class`` (an Analyzer subclass) may reuse what an older index
    computed (pmi_law.userdocs updates an index so, without embedding it again).
    """
    ensure_writable(folder)  # before embedding, not after
    analyzer = make_analyzer(abbreviations, analyzer_class)
    build_index(
        folder,
        passages,
        encode=partial(encoder.encode_documents, show_progress=progress is not None),
        analyzer=analyzer,
        model=index_identity(encoder.model_path),
        corpus_hash=corpus_hash,
        approximate=approximate,
        progress=progress,
        bm25=(DEFAULT.bm25_k1, DEFAULT.bm25_b),
        extras={
            "abbreviations": abbreviations,
            "links": links,
            "definitions": definitions,
            "restates": restatements(
                [p for p in passages if p.current], analyzer.terms, exclude=not_restated
            ),
        },
    )
    return folder


#: Issue evidence kept per (issue, filters): the issues times the filter sets in use.
ISSUE_CACHE_SIZE = 256
#: Query vectors kept (a story and its issues, for the few requests running at once).
VECTOR_CACHE_SIZE = 32


class Searcher(LinkedStages):
    """Owns the index, the analyzer and the encoder; safe for concurrent searches.

    Built from plain data: the manifest's entry of each document (type, status, dates,
    scope), each document's status line and, read on first need, the delegation links as
    (delegating unit, implementing unit) pairs; never the Library itself.
    """

    def __init__(
        self,
        documents: Mapping[str, ManifestEntry],
        statuses: Mapping[str, str],
        index: SearchIndex,
        analyzer: Any,
        encoder: Encoder,
        config: RankingConfig = DEFAULT,
        delegation_links: Callable[[], list[tuple[str, str]]] | None = None,
    ) -> None:
        self.config = c = config
        self.documents = documents
        self.statuses = statuses
        self.delegation_links = delegation_links
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
        # when each passage's words held (ISO days; earlier wordings of amended laws end)
        self._current = np.array([p.current for p in passages], dtype=bool)
        self._valid_from = np.array([p.valid_from or "" for p in passages], dtype="U10")
        self._valid_to = np.array([p.valid_to or "9999-12-31" for p in passages], dtype="U10")
        self._grouping = Groups.of([p.group for p in passages])
        self._prior_g = np.ones(len(self._grouping), np.float64)
        self._thesis_g = np.zeros(len(self._grouping), dtype=bool)
        for p, g in zip(passages, self._grouping.ids, strict=True):
            self._prior_g[g] = c.prior_of_type(p.doc_type) * (
                c.general_elucidation_prior
                if p.group.endswith(" Umum") and p.part == "penjelasan"
                else 1.0
            )
            self._thesis_g[g] = p.part == "thesis"
        # the document of each group, read at its first passage
        self._group_doc = self._doc[self._grouping.order[self._grouping.starts]]
        replaced = [c for c, e in documents.items() if e.status == "diganti"]
        self._prior_g[np.isin(self._group_doc, replaced)] *= c.replaced_prior
        self._replaced = replaced
        # an amending Pasal is instructions whose new text the amended law's own units now
        # carry (and show as amended): the law's unit is what a lawyer cites
        self._prior_g[np.isin(self._grouping.names, sorted(amending_pasal(documents)))] *= (
            c.amending_prior
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
        self._issue_cache: dict[tuple[str, int], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._issue_lock = threading.Lock()
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._phrase_vectors: dict[str, np.ndarray] = {}

    def with_config(self, config: RankingConfig) -> Searcher:
        """The same index and encoder ranked with another configuration (ablations)."""
        return Searcher(
            self.documents,
            self.statuses,
            self.index,
            self.analyzer,
            self.encoder,
            config,
            self.delegation_links,
        )

    def _scaled(self, group_scores: np.ndarray, min_span: float = 0.0) -> np.ndarray:
        c = self.config
        return score_weights(
            group_scores, min_span=min_span, top_weight=c.top_weight, floor_rank=c.score_floor_rank
        )

    def _dense_search(self, vector: np.ndarray, allowed: np.ndarray) -> tuple[Any, Any]:
        return self.index.dense.search(vector, self.config.dense_candidates, allowed)

    def _priors(
        self, q: str, terms: list[tuple[str, float]], as_of: date | None = None
    ) -> np.ndarray:
        """Each Pasal's multiplier for this question: its document's standing (on ``as_of``)
        and type, the scope, and whether it is a regulation, a definition or a thesis that
        was not asked."""
        c = self.config
        named = np.isin(self._group_doc, sorted(self._named_documents(q)))
        # a law the question names is asked about, whatever its scope says
        prior = self._prior_on(as_of) * np.where(named, 1.0, self._scope_prior(terms))
        if named.any():
            prior = np.where(named, prior, prior * c.named_document_prior)
        if not fusion.asks_procedure(q):
            prior = np.where(self._regulation_g, prior * c.regulation_prior, prior)
        if not DEFINITION_INTENT.search(q):
            prior = np.where(self._definition_g, prior * c.definition_prior, prior)
        if not THESIS_INTENT.search(q):  # a thesis is not law
            prior = np.where(self._thesis_g, prior * c.thesis_prior, prior)
        return np.asarray(prior, np.float64)

    def _prior_on(self, as_of: date | None) -> np.ndarray:
        """The document priors on ``as_of``: a law replaced only later ranks as the law in
        force it then was (UU 11/2020 in 2021)."""
        if as_of is None:
            return self._prior_g
        still = []
        for citation in self._replaced:
            by = self.documents[citation].replaced_by or ""
            replacing = self.documents.get(by.split(" Pasal ")[0])
            if replacing is not None and replacing.promulgated and replacing.promulgated > as_of:
                still.append(citation)
        if not still:
            return self._prior_g
        return np.where(
            np.isin(self._group_doc, still),
            self._prior_g / self.config.replaced_prior,
            self._prior_g,
        )

    def _named_documents(self, q: str) -> set[str]:
        """The laws a question names ("UU Ketenagakerjaan", "UU 13/2003"), except those it
        sets aside ("selain UU TPPO dan UU PPMI")."""
        named: set[str] = set()
        aside = False
        for start, _, cit in _citations_in(q):
            if cit.document is None or cit.document not in self.documents:
                continue
            # "selain A dan B": both set aside, up to the next named law outside that phrase
            before = q[:start]
            aside = bool(NOT_THIS_LAW.search(before)) or (
                aside and before.rstrip().endswith(("dan", "and", ","))
            )
            if not aside:
                named.add(cit.document)
        return named

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

    def forget_queries(self) -> None:
        """Drop the kept query vectors (benchmarks time a question as if new)."""
        with self._issue_lock:
            self._vectors.clear()

    def encode_query(self, text: str) -> np.ndarray:
        """The query's vector; the last few are kept, since a story answered issue by issue
        encodes the same question once per issue."""
        with self._issue_lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                return vector
        vector = self.encoder.encode_query(text)
        with self._issue_lock:
            self._vectors[text] = vector
            while len(self._vectors) > VECTOR_CACHE_SIZE:
                self._vectors.popitem(last=False)
        return vector

    def _passage_terms(self, i: int) -> list[str]:
        """Index terms of passage i in order, as the index build analysed them (cached:
        phrase checks read the same passages)."""
        found = self._terms_cache.get(i)
        if found is None:
            sequences = self.index.sequences
            found = (
                sequences[i]
                if sequences is not None
                else self.analyzer.terms(self.index.passages[i].text)
            )
            self._terms_cache[i] = found
        return found

    def _query_terms(self, text: str) -> list[tuple[str, float]]:
        """The analyzer's weighted terms, with stand-ins for words the index has never seen."""
        from .lexical import QueryTerms

        terms = self.analyzer.weighted_query_terms(text)
        if self._unseen is None:
            lexical = self.index.lexical
            self._unseen = UnseenTerms(
                lexical.vocabulary, lexical.document_frequency, self.analyzer.term
            )
        return QueryTerms(self._unseen.expand(terms), self.analyzer.alternatives(text))

    def _scope_prior(self, terms: list[tuple[str, float]]) -> np.ndarray | float:
        """SCOPE_PRIOR for the groups of a document the question is not about: one whose
        ``scope`` it does not name (ship crews), or one whose ``outside`` it names (a domestic
        labour law, for a question about work abroad)."""
        if self._scopes is None:
            scopes = []
            for citation, entry in self.documents.items():
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
                prior[groups] = self.config.scope_prior
        return prior

    def dense_vector(self, q: str) -> np.ndarray:
        """The question's vector moved toward its statutory phrases' mean vector, so the
        encoder meets the law's words too ("majikan" → "pemberi kerja") while a search
        encodes only the question itself (the phrases' vectors are kept per process)."""
        c = self.config
        vector = self.encode_query(q)
        phrases = self.analyzer.expansion_phrases(q)[: c.dense_expansion_phrases]
        if not phrases:
            return vector
        english = is_english(self.analyzer.tokens(q))
        weight = c.dense_phrase_weight_english if english else c.dense_phrase_weight
        moved = vector + weight * np.mean([self._phrase_vector(p) for p in phrases], axis=0)
        return (moved / max(float(np.linalg.norm(moved)), 1e-12)).astype(np.float32)

    def warm(self) -> None:
        """Compute now what later searches reuse: every vocabulary phrase's vector and, for
        searches without filters, each legal issue's evidence (a server calls this at start,
        so no request pays for them)."""
        from concurrent.futures import ThreadPoolExecutor

        from .encoder import query_engines

        # the engines release the GIL: as many phrases at once as there are engines
        with ThreadPoolExecutor(query_engines()) as pool:
            list(pool.map(self._phrase_vector, self.analyzer.vocabulary_phrases()))
        allowed = self.mask()
        for issue in ISSUES:
            self._issue_evidence(issue, allowed, hash(allowed.tobytes()))

    def _phrase_vector(self, phrase: str) -> np.ndarray:
        """A vocabulary phrase's vector, encoded on first need and kept: the vocabulary
        bounds how many there are, and unlike a question's they never change."""
        with self._issue_lock:
            vector = self._phrase_vectors.get(phrase)
        if vector is None:
            vector = self.encoder.encode_query(phrase)
            with self._issue_lock:
                self._phrase_vectors[phrase] = vector
        return vector

    # ------------------------------------------------------------------ search

    def mask(
        self,
        *,
        doc: str | list[str] | None = None,
        doc_type: str | list[str] | None = None,
        bab: str | None = None,
        part: str | None = None,
        include_revoked: bool = False,
        as_of: date | None = None,
    ) -> np.ndarray:
        """Which passages a search may return; filters act before ranking. With ``as_of``, a
        document promulgated after that date is not yet law, so it is left out, and of an
        amended law the words of that date are searched (earlier wordings included, those
        inserted later left out); without, its latest words only."""
        allowed = np.ones(len(self.index.passages), dtype=bool)
        if as_of is None:
            allowed &= self._current
        else:
            day = as_of.isoformat()
            allowed &= (self._valid_from <= day) & (day < self._valid_to)
        if not include_revoked:
            allowed &= self._in_force | np.isin(self._doc, self._in_force_on(as_of))
        if as_of is not None:
            later = [
                c
                for c, e in self.documents.items()
                if e.promulgated is not None and e.promulgated > as_of
            ]
            allowed &= ~np.isin(self._doc, later)
        if doc:
            docs = [doc] if isinstance(doc, str) else list(doc)
            resolved = [self._document_id(d) for d in docs]
            allowed &= np.isin(self._doc, resolved)
            if any(not self.documents[d].in_force for d in resolved):
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

    def _in_force_on(self, when: date | None) -> list[str]:
        """The revoked documents that were still law on ``when`` (the law revoking them came
        later): an as-of search finds them."""
        if when is None:
            return []
        out = []
        for citation, entry in self.documents.items():
            by = entry.revoked_by or entry.replaced_by
            if entry.in_force or by is None:
                continue
            revoking = self.documents.get(by.split(" Pasal ")[0])
            if revoking is not None and revoking.promulgated and revoking.promulgated > when:
                out.append(citation)
        return out

    def _document_id(self, text: str) -> str:
        """A document filter is a canonical citation (the Library resolves other forms)."""
        if text not in self.documents:
            raise UnknownCitation(f"no document {text!r} in the corpus")
        return text

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
        issue: str | None = None,
        as_of: date | None = None,
    ) -> list[Hit]:
        """Provisions answering ``query``, best first, at most ``k`` (one per Pasal).

        ``mode`` is "hybrid" (default), "lexical" or "dense" (the ablations of the eval);
        ``issue`` (an :data:`issues.ISSUES` name) answers that one issue of the question.
        """
        q = validate_query(query)
        if k < 1:
            raise QueryError("k must be at least 1")
        if mode not in ("hybrid", "lexical", "dense"):
            raise QueryError(f"mode must be hybrid, lexical or dense, not {mode!r}")
        allowed = self.mask(
            doc=doc,
            doc_type=doc_type,
            bab=bab,
            part=part,
            include_revoked=include_revoked,
            as_of=as_of,
        )
        ranking = _Ranking(self, q, allowed, mode, issue, as_of)
        return ranking.hits(k)

    def search_by_issue(
        self, query: str, k: int = 3, **filters: Any
    ) -> list[tuple[Issue, list[Hit]]]:
        """A story's legal issues, each with its own best provisions (issues.py); empty when
        the question raises fewer than two issues (a short question stays one list)."""
        found = issues_in(validate_query(query))
        if len(found) < 2:
            return []
        return [(i, self.search(query, k, issue=i.name, **filters)) for i in found]

    def _lexical_scores(self, terms: list[tuple[str, float]], allowed: np.ndarray) -> np.ndarray:
        from .lexical import QueryTerms

        lexical = self.index.lexical
        groups = terms.alternatives if isinstance(terms, QueryTerms) else ()
        scores = lexical.concept_scores(terms, groups) if groups else lexical.scores(terms)
        return np.where(allowed, np.asarray(scores, dtype=np.float32), np.float32(0.0))

    def _lexical_weights(self, q: str, lexical_g: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        """Scaled scores of the whole question and, for a long one, of each of its sentences,
        weighed by how much of the question the index can read."""
        known = self.analyzer.known_share(
            q, lambda term: self.index.lexical.document_frequency(term) > 0
        )
        c = self.config
        trust = max(c.lexical_trust_floor, known**c.lexical_trust_power)
        return trust * self._lexical_parts(q, lexical_g, allowed)

    def _lexical_parts(self, q: str, lexical_g: np.ndarray, allowed: np.ndarray) -> np.ndarray:
        c = self.config
        whole = self._scaled(lexical_g)
        parts = sentences(q, c.long_query_words)
        if not parts:
            return whole
        total = c.whole_query_weight * whole
        weights = c.whole_query_weight
        for sentence in parts:
            weight = sentence_weight(sentence, c.question_sentence_weight)
            sterms = self._query_terms(sentence)
            scores = self._lexical_scores(sterms, allowed)
            total += weight * self._scaled(self._grouping.best(scores))
            weights += weight
        return total / weights

    def _hit(
        self,
        p: Passage,
        score: float,
        q: str,
        breakdown: dict[str, float],
        signals: dict[str, float],
        wanted: frozenset[str],
    ) -> Hit:
        """``wanted``: the query's expanded terms (computed once per search) to highlight."""
        links = self.index.links.get(p.group, {})
        return Hit(
            citation=p.citation,
            pasal=p.group,
            document=p.document,
            text=p.text,
            score=score,
            breakdown=breakdown,
            signals=signals,
            context=p.context,
            part=p.part,
            status=self.statuses.get(p.document, "berlaku"),
            amended_by=tuple(links.get("amended_by", ())),
            related=tuple(links.get("related", [])[:8]),
            highlights=tuple(self.analyzer.highlights_of(wanted, p.text)),
        )

    def highlights(self, query: str, text: str) -> tuple[str, ...]:
        """The words of ``text`` that match ``query`` (after stemming and synonyms): a few
        milliseconds for ten hits, so every hit carries them."""
        return tuple(self.analyzer.highlights(query, text))

    def _cited_groups(self, q: str, allowed: np.ndarray) -> tuple[list[tuple[str, str]], bool]:
        """Citations written in the query, as (group, unit citation), in query order.

        Resolved against the indexed passages, so a citation query parses no document.
        """
        from pmi_law.citations import PRIMARY_DOCUMENT

        out: list[tuple[str, str]] = []
        listing = False
        status = bool(STATUS_INTENT.search(q))
        for _, _, cit in _citations_in(q, default_document=PRIMARY_DOCUMENT):
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
            if str(full) in self._groups:  # the general Penjelasan ("Penjelasan UU 18/2017 Umum")
                out.append((str(full), self.index.passages[self._groups[str(full)][0]].citation))
                continue
            try:
                body: Citation | None = full.body()
            except CitationError:  # a part of the Penjelasan with no body unit
                continue
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
        entry = self.documents.get(document or "")
        revoking = entry.revoked_by if entry is not None else None
        return revoking if revoking in self._groups else None

    def _defined_terms(
        self, q: str, terms: list[tuple[str, float]], allowed: np.ndarray
    ) -> list[tuple[str, str, float]]:
        """For "apa pengertian X?": the definitions of X (Pasal 1 angka N), as (group, citation, bonus)."""
        if not DEFINITION_INTENT.search(q):
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
                bonus = self.config.definition_boost * (1 + 0.1 * len(term_stems))
                out.append((self.index.passages[i].group, citation, bonus))
        out.sort(key=lambda x: -x[2])
        return out[:3]

    def _issue_scores(self, q: str, allowed: np.ndarray, focus: str | None = None) -> np.ndarray:
        """Each legal issue the question raises, asked in the law's words (issues.py): its
        scaled lexical and dense scores, shared among the issues found (or, with ``focus``,
        the one issue asked about, at the weight of a story's)."""
        c = self.config
        found = [i for i in issues_in(q) if focus is None or i.name == focus]
        total = np.zeros(len(self._grouping), np.float64)
        if not found:
            return total
        mask_key = hash(allowed.tobytes())
        for issue in found:
            total += self._issue_evidence(issue, allowed, mask_key)[0]
        if focus is not None:
            weight = c.issue_focus_weight
        elif sentences(q, c.long_query_words):
            weight = c.issue_weight
        else:
            weight = c.issue_weight_short
        return weight * total / len(found)

    def _issue_evidence(
        self, issue: Issue, allowed: np.ndarray, mask_key: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """An issue's scaled lexical and dense scores per Pasal, and its raw lexical and dense
        scores per passage (which passage of a Pasal answers the issue): its question never
        changes, so they are computed once per set of filters (bounded cache)."""
        key = (issue.name, mask_key)
        with self._issue_lock:
            found = self._issue_cache.get(key)
        if found is not None:
            return found
        c = self.config
        lexical = self._lexical_scores(self._query_terms(issue.question), allowed)
        evidence = self._scaled(self._grouping.best(lexical))
        dense = np.zeros(len(self.index.passages), np.float32)
        scores, ids = self._dense_search(self.encode_query(issue.question), allowed)
        dense[ids] = scores
        evidence += self._scaled(self._grouping.best(dense), min_span=c.dense_min_span)
        with self._issue_lock:
            if len(self._issue_cache) >= ISSUE_CACHE_SIZE:
                self._issue_cache.pop(next(iter(self._issue_cache)))
            self._issue_cache[key] = (evidence, lexical, dense)
        return evidence, lexical, dense


class _Ranking:
    """One question's ranking, stage by stage; each stage records what it added to each
    Pasal, so a hit's breakdown adds up to its score (ranking.py lists the stages)."""

    def __init__(
        self,
        searcher: Searcher,
        q: str,
        allowed: np.ndarray,
        mode: str,
        issue: str | None,
        as_of: date | None = None,
    ) -> None:
        self.s = searcher
        self.c = c = searcher.config
        self.q = q
        self.issue = issue
        self.allowed = allowed
        self.mode = mode
        grouping = searcher._grouping
        n = len(searcher.index.passages)
        self.lexical = np.zeros(n, np.float32)
        self.dense = np.zeros(n, np.float32)
        self.lexical_g = np.zeros(len(grouping), np.float64)
        self.dense_g = np.zeros(len(grouping), np.float64)
        self.parts: dict[str, np.ndarray] = {}
        self.extra: dict[str, dict[str, float]] = {}
        self.best: dict[str, int] = {}
        terms = searcher._query_terms(q)
        hybrid = mode == "hybrid"
        if mode in ("hybrid", "lexical") and c.on("lexical"):
            self._lexical_stage(terms)
        if mode in ("hybrid", "dense") and c.on("dense"):
            self._dense_stage()
        if hybrid and c.on("issues"):
            self.parts["issues"] = searcher._issue_scores(q, allowed, issue)
        base = sum(self.parts.values(), np.zeros(len(grouping), np.float64))
        self.prior: np.ndarray | float = (
            searcher._priors(q, terms, as_of) if c.on("priors") else 1.0
        )
        fused = base * self.prior
        self.parts["priors"] = fused - base
        self.scores = {grouping.names[g]: float(fused[g]) for g in np.flatnonzero(fused)}
        cited, listing = searcher._cited_groups(q, allowed)
        if hybrid and c.on("definitions"):
            for group, citation, bonus in searcher._defined_terms(q, terms, allowed):
                self._add("definition", group, bonus)
                self.best[group] = searcher._by_citation[citation][0]
        if c.on("citations"):
            for rank, (group, citation) in enumerate(cited):
                # keeps the order written (or the BAB order)
                self._add("citation", group, c.citation_boost * (1.0 - c.citation_step * rank))
                ids = searcher._by_citation.get(citation) or searcher._groups[group]
                ids = [i for i in ids if allowed[i]] or searcher._groups[group]
                self.best[group] = ids[0]
        if hybrid and cited and not listing and c.on("graph"):
            # after the citation bonus, so a cited Pasal brings what it cites and what cites it
            for group, extra in searcher._graph_scores(self.scores, allowed).items():
                self._add("graph", group, extra)
        penalty = hybrid and not listing and c.on("sanctions") and PENALTY_INTENT.search(q)
        if penalty:
            for group, lifted in searcher._sanction_scores(q, self.scores, allowed).items():
                self._add("sanction", group, lifted - self.scores.get(group, 0.0))
        # a penalty question's issues are answered by their prohibition and its sanction
        if hybrid and issue is None and not cited and not penalty and c.on("coverage"):
            self._coverage_stage()
        if hybrid and c.on("restatements"):
            for group, lifted, j in searcher._restated(
                self.scores, self.lexical, self.dense, allowed
            ):
                self._add("restatement", group, lifted - self.scores.get(group, 0.0))
                self.best.setdefault(group, j)
        if hybrid and not listing and c.on("delegations") and PROCEDURE_INTENT.search(q):
            for group, lifted in searcher._delegated_scores(self.scores, allowed).items():
                self._add("delegation", group, lifted - self.scores.get(group, 0.0))

    def _coverage_stage(self) -> None:
        """Each legal issue the question raises puts its best Pasal on the first screen,
        right below the first answer, in the order found: one list otherwise answers only
        the issue whose words fill most of a story, and a short lay question ("gaji saya
        tidak dibayar majikan di luar negeri") matched an aside ("luar negeri") over the
        right it asks about. A question of a sentence or two naming several issues asks
        about one situation: it is left alone (search_by_issue groups a story's issues).

        An issue's best Pasal is its first in search_by_issue's ranking, read off this
        question's own parts (the issue in focus instead of shared), not ranked again."""
        s, c = self.s, self.c
        found = issues_in(self.q)
        if not found or not self.scores:
            return
        if len(found) > 1 and len(sentences(self.q, 0)) < c.story_sentences:
            return
        own = sum(
            (v for k, v in self.parts.items() if k not in ("issues", "priors")),
            np.zeros(len(s._grouping), np.float64),
        )
        if not THESIS_INTENT.search(self.q):
            own = np.where(s._thesis_g, 0.0, own)
        key = hash(self.allowed.tobytes())
        top = max(self.scores.values())
        for n, issue in enumerate(found, 1):
            evidence = s._issue_evidence(issue, self.allowed, key)[0]
            focused = (own + c.issue_focus_weight * evidence) * self.prior
            g = int(np.argmax(focused))
            if focused[g] <= 0:
                continue
            group = s._grouping.names[g]
            lifted = top * c.coverage_follow**n
            current = self.scores.get(group, 0.0)
            if lifted > current:
                self._add("coverage", group, lifted - current)
                lexical, dense = self._evidence_with(issue)
                self.best.setdefault(group, s._best_passage(group, lexical, dense, self.allowed))

    def shown(self, group: str) -> int:
        """The passage shown for a Pasal (a stage's choice, else the one the evidence likes)."""
        i = self.best.get(group)
        if i is None:
            lexical, dense = self._shown_evidence
            i = self.s._best_passage(group, lexical, dense, self.allowed)
        return i

    def _add(self, stage: str, group: str, amount: float) -> None:
        self.scores[group] = self.scores.get(group, 0.0) + amount
        into = self.extra.setdefault(stage, {})
        into[group] = into.get(group, 0.0) + amount

    def _lexical_stage(self, terms: list[tuple[str, float]]) -> None:
        s, c, q = self.s, self.c, self.q
        lexical = s._lexical_scores(terms, self.allowed)
        if not sentences(q, c.long_query_words):  # a story's words are mostly not the question's
            lexical *= s.index.lexical.coverage(terms) ** c.coverage_power
        self.lexical = phrase_bonus(
            lexical,
            s.analyzer.weighted_phrases(q),
            s._passage_terms,
            partial(s._lexical_scores, allowed=self.allowed),
        )
        self.lexical_g = s._grouping.best(self.lexical)
        self.parts["lexical"] = c.lexical_weight * s._lexical_weights(
            q, self.lexical_g, self.allowed
        )

    def _dense_stage(self) -> None:
        s, c, q = self.s, self.c, self.q
        scores, ids = s._dense_search(s.dense_vector(q), self.allowed)
        self.dense[ids] = scores
        self.dense_g = s._grouping.best(self.dense)
        weight = c.dense_weight * (c.long_dense_weight if sentences(q, c.long_query_words) else 1.0)
        self.parts["dense"] = weight * s._scaled(self.dense_g, min_span=c.dense_min_span)

    @cached_property
    def _shown_evidence(self) -> tuple[np.ndarray, np.ndarray]:
        """Passage scores that pick the unit shown for each Pasal: the question's, and with
        an issue in focus the issue's too, so a story's wage issue shows the wage ayat of a
        Pasal rather than the ayat the whole story matched best (the issue counts twice)."""
        found = [i for i in issues_in(self.q) if i.name == self.issue] if self.issue else []
        return self._evidence_with(found[0]) if found else (self.lexical, self.dense)

    def _evidence_with(self, issue: Issue) -> tuple[np.ndarray, np.ndarray]:
        """The question's passage scores with ``issue``'s counted twice (min-max scaled)."""
        mask_key = hash(self.allowed.tobytes())
        _, lexical, dense = self.s._issue_evidence(issue, self.allowed, mask_key)

        def unit(x: np.ndarray) -> np.ndarray:
            # min-max over the passages scored: cosines sit in a narrow band, so dividing
            # by the top alone would leave every scored passage near 1
            seen = x > 0
            if not seen.any():
                return x.astype(np.float64)
            low, top = float(x[seen].min()), float(x.max())
            return np.where(seen, (x - low) / ((top - low) or 1.0) + 1e-6, 0.0)

        return unit(self.lexical) + 2 * unit(lexical), unit(self.dense) + 2 * unit(dense)

    def ordered(self) -> list[tuple[str, float]]:
        """The Pasal by score; a thesis after every provision unless the question is about
        the research."""
        demoted = set() if THESIS_INTENT.search(self.q) else self.s._thesis_names
        return sorted(self.scores.items(), key=lambda kv: (kv[0] in demoted, -kv[1], kv[0]))

    def hits(self, k: int) -> list[Hit]:
        s = self.s
        out = []
        wanted = frozenset(s.analyzer.expand_query(self.q))  # once for all the hits
        for group, score in self.ordered()[:k]:
            i = self.shown(group)
            g = s._grouping.index[group]
            breakdown = {name: float(part[g]) for name, part in self.parts.items()}
            breakdown |= {stage: v[group] for stage, v in self.extra.items() if group in v}
            signals = {"bm25": float(self.lexical_g[g]), "cosine": float(self.dense_g[g])}
            out.append(s._hit(s.index.passages[i], score, self.q, breakdown, signals, wanted))
        return out


def _citations_in(q: str, default_document: str | None = None) -> list[tuple[int, int, Citation]]:
    """The citations a question writes; a stretch that only looks like one ("penjelasan umum
    pelindungan") is words to search, not an error."""
    from pmi_law.citations import find_citations

    try:
        return find_citations(q, default_document=default_document, english=True)
    except CitationError:
        return []


def make_analyzer(abbreviations: dict[str, str], analyzer_class: type[Any] | None = None) -> Any:
    """The lexical analyzer, taught the corpus's own abbreviations."""
    from .lexical import Analyzer

    analyzer = (analyzer_class or Analyzer)()
    for abbr, term in abbreviations.items():
        analyzer.add_abbreviation(abbr, term)
    return analyzer
