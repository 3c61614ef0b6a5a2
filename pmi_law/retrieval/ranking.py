"""Every knob of the ranking in one frozen object, each with the reason it exists.

The search (search.py) runs named stages, each writing its own part of a hit's breakdown so
that the parts add up to the score:

=============  ==========================================================================
stage          what it adds (its breakdown key)
=============  ==========================================================================
lexical        BM25 over Sastrawi stems, scaled per question (``lexical``)
dense          e5 cosines, scaled per question (``dense``)
issues         each legal issue of the question asked in the law's words (``issues``)
priors         document type, replaced law, amending Pasal, scope, regulation, definition
               and thesis multipliers (``priors``: what they took away or added)
definitions    "apa yang dimaksud X": the definition of X (``definition``)
citations      a citation written in the question (``citation``)
graph          a cited Pasal brings what it cites or is cited by (``graph``)
sanctions      for a penalty question, the sanction of a top prohibition (``sanction``)
coverage       each legal issue of the question (of a story, when there are several) puts
               its best Pasal right below the first answer (``coverage``)
restatements   the statute right above the regulation that restates it (``restatement``)
delegations    for a question on procedure, the regulation's unit that carries out a top
               statute's delegation right below it (``delegation``)
=============  ==========================================================================

``pmi-law eval --ablate STAGE`` turns one stage off (:meth:`RankingConfig.without`) to
measure what it earns. The figures each value was chosen on are in docs/retrieval-notes.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

STAGES = (
    "lexical",
    "dense",
    "issues",
    "priors",
    "definitions",
    "citations",
    "graph",
    "sanctions",
    "coverage",
    "restatements",
    "delegations",
)


def _frozen(mapping: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType(mapping)


@dataclass(frozen=True, slots=True)
class RankingConfig:
    """The ranking's constants; ``disabled`` names stages left out (for ablations)."""

    # -- fusion of the two sides (fusion.py) ------------------------------------------
    #: each side's best Pasal is worth this much; the bonuses below are set against it
    top_weight: float = 1 / 21
    #: a side's scores are scaled between the score at this rank and its top
    score_floor_rank: int = 100
    #: cosines scaled by at least this span: a flat dense side hands its noise little weight
    dense_min_span: float = 0.04
    #: BM25's saturation and length normalisation, read when the index is built (they are
    #: part of its identity). A short unit (one ayat naming "penempatan" twice) outranked
    #: whole provisions that answer at the default b=0.75; b 0.8–1.0 with k1 0.7–1.2 is a
    #: plateau on every set (docs/retrieval-notes.md), and these are its middle
    bm25_k1: float = 1.0
    bm25_b: float = 0.9
    lexical_weight: float = 1.0
    dense_weight: float = 1.0
    #: a client's story blurs the legal issue for the encoder: its dense side weighs less
    long_dense_weight: float = 0.7
    #: above this many words a question is a story, also scored sentence by sentence
    long_query_words: int = 25
    whole_query_weight: float = 1.0
    #: the sentence that asks ("...?") states the issue; the story around it less so
    question_sentence_weight: float = 1.5
    #: short questions: BM25 × coverage ** power, so a passage holding every asked word wins
    coverage_power: float = 0.2
    #: the lexical side weighs max(floor, share ** power), share = the question's words the
    #: index knows: an English question's untranslated words match nothing
    lexical_trust_floor: float = 0.3
    lexical_trust_power: float = 2.0
    #: passages the dense side fetches (several may belong to one Pasal)
    dense_candidates: int = 400
    #: the question's vector moves toward the mean vector of up to this many statutory
    #: phrases its lay or English words stand for ("majikan" → "pemberi kerja"), by this
    #: weight; the phrases are vocabulary constants encoded once per process, so a search
    #: encodes only the question (appending them to it cost two to four times the encoding).
    #: An English question leans on its translations more: 0.15 for both lost English
    #: answers (dev3 English hit@5 .80 → .60); 0.1–0.2 Indonesian, 0.5–1.0 English is flat
    dense_expansion_phrases: int = 4
    dense_phrase_weight: float = 0.15
    dense_phrase_weight_english: float = 0.5
    # -- issues (issues.py) -----------------------------------------------------------
    #: weight of the legal issues asked in the law's words, shared among the issues found;
    #: a short question says what it means more often than a story does
    issue_weight: float = 0.3
    issue_weight_short: float = 0.2
    #: answering one issue of a story (search_by_issue): the issue leads, the story's own
    #: words keep its facts (the country, the kind of work) in the ranking
    issue_focus_weight: float = 1.0
    # -- priors -----------------------------------------------------------------------
    #: per document type: statutes and regulations are both law; others a little below
    type_prior: Mapping[str, float] = field(
        default_factory=lambda: _frozen(
            {
                "UU": 1.0,
                "Perppu": 1.0,
                "PP": 1.0,
                "Perpres": 0.95,
                "Permenaker": 0.9,
                "Peraturan BP2MI": 0.9,
                "Skripsi": 1.0,
            }
        )
    )
    #: a type the table does not know
    other_type_prior: float = 0.7
    #: the question names a law ("ketentuan UU Ketenagakerjaan mana ..."): the other
    #: documents are multiplied by this (a law named after "selain"/"besides" is not asked for)
    named_document_prior: float = 0.6
    #: a replaced law's text is not in force: it answers only when nothing in force does
    replaced_prior: float = 0.3
    #: an amending Pasal is instructions; the amended law's unit carries the text
    amending_prior: float = 0.6
    #: a document about another group (ship crews) or outside its subject (domestic law
    #: for work abroad) answers only when nothing in scope does, like a replaced law: 0.5
    #: let UU 13/2003 Pasal 93 into the top 3 for wages unpaid in Malaysia once the dense
    #: side read the vocabulary's "upah"; 0.25–0.5 rank every set the same
    scope_prior: float = 0.3
    #: the statute first unless the question asks who does what or how
    regulation_prior: float = 0.8
    #: a definition below the rules that use the word, unless a meaning is asked
    definition_prior: float = 0.8
    #: a thesis is not law
    thesis_prior: float = 0.5
    general_elucidation_prior: float = 0.6
    # -- bonuses ----------------------------------------------------------------------
    #: a cited unit comes first (well above any side's best, top_weight)
    citation_boost: float = 1.0
    #: each later citation in the question slightly below the one before
    citation_step: float = 0.05
    definition_boost: float = 0.05
    #: for a citation question: a share of a top provision's score given to what it cites
    #: or is cited by (for topic questions it earned nothing: dev MRR 0.921 → 0.933 without)
    graph_weight: float = 0.2
    graph_top: int = 5
    #: a sanction right below the prohibition it punishes (and liability below that)
    sanction_follow: float = 0.995
    #: from the top two only: lifting the sanctions of the top five pushed answers out of
    #: the first screen (dev3 hit@5 0.867 with five, 0.900 with two)
    sanction_top: int = 2
    #: a provision citing more than this many of its law's Pasal is a hub, not a prohibition
    sanction_max_links: int = 4
    #: a penalty question's legal issues bring their prohibition (the first with a sanction
    #: among the issue's best three Pasal) and its sanction onto the first screen, at the
    #: score of the second answer: neutral on every set (ranks 2, 3 and 5 within ±0.001
    #: MRR), and "sanksi ... tanpa izin" shows Pasal 69 and 81 beside the licence sanctions
    sanction_issue_candidates: int = 3
    sanction_issue_rank: int = 2
    #: a question's issues each bring their best Pasal right below its first answer (×0.995
    #: per issue, in the order found): the first screen covers the issues, and the answer
    #: the question's own words point to keeps its place
    coverage_follow: float = 0.995
    #: several issues are covered only in a story of at least this many sentences (facts,
    #: then the question); with two, the common "X happened. Can Y?" moved two dev2
    #: answers down (MRR .807 → .799)
    story_sentences: int = 3
    #: regulation hits (from the top) whose restated statute is put right above them
    restatement_top: int = 15
    #: for a question on procedure ("tata cara", "how do I"): statute hits (from the top)
    #: whose delegation a regulation in the library carries out (sources/delegation.py)
    delegation_top: int = 3
    #: the implementing unit right below the statute that delegates to it
    delegation_follow: float = 0.995
    disabled: frozenset[str] = frozenset()

    def on(self, stage: str) -> bool:
        """Whether a stage runs."""
        return stage not in self.disabled

    def without(self, *stages: str) -> RankingConfig:
        """This configuration with the given stages turned off."""
        unknown = [s for s in stages if s not in STAGES]
        if unknown:
            raise ValueError(f"no ranking stage {unknown[0]!r} (stages: {', '.join(STAGES)})")
        return replace(self, disabled=self.disabled | frozenset(stages))

    def prior_of_type(self, doc_type: str) -> float:
        return self.type_prior.get(doc_type, self.other_type_prior)


DEFAULT = RankingConfig()

# -- what a question asks (the intents the stages read) ---------------------------------

#: "Is PP 3/2013 still in force?": answered by the Pasal that revoked it
STATUS_INTENT = re.compile(
    r"\b(?:berlaku|dicabut|mencabut|pencabutan|in\s+force|in\s+effect|valid|repeal(?:ed|s)?"
    r"|revoked?|revokes|still\s+appl(?:y|ies|icable))\b",
    re.I,
)
#: a question about the meaning of a word
DEFINITION_INTENT = re.compile(
    r"\b(?:apa\s+(?:itu|arti|yang\s+dimaksud)|pengertian|definisi|arti(?:nya)?"
    r"|yang\s+dimaksud\s+dengan|dimaksud\s+dengan"
    r"|what\s+(?:is|are|does)|meaning|definition|define[sd]?)\b",
    re.I,
)
#: a question about the research itself (the thesis)
THESIS_INTENT = re.compile(
    r"\b(?:skripsi|penelitian|peneliti|tesis|thesis|research|study|studi|abstrak|abstract|temuan"
    r"|findings?|bp3mi\s+(?:ntb|nusa\s+tenggara))\b",
    re.I,
)
#: a question about a penalty or who is liable
PENALTY_INTENT = re.compile(
    r"\b(?:sanksi(?:nya)?|pidana(?:nya)?|dipidana|dihukum|hukuman(?:nya)?|ancaman|penjara|denda"
    r"|dituntut|menuntut|menjerat|dijerat|jerat|dipenjara|kena\s+pasal|melanggar\s+hukum"
    r"|dicabut\s+izin(?:nya)?|cabut\s+izin|punish(?:ed|ment)?|penalty|penalties|sanctions?"
    r"|prosecuted?|jail|prison|fined?|liable|liability)\b",
    re.I,
)
#: what a sanction provision says of itself (read off the text, not listed by number)
SANCTION_TEXT = re.compile(
    r"\bdipidana\b|\bsanksi\s+administratif\b|\bdikenai\s+sanksi\b|\bdikenakan\s+sanksi\b"
    r"|\bpidana\s+(?:pokok|penjara|denda)\b",
    re.I,
)
#: words before a named law that set it aside ("selain UU TPPO", "other than Law 21/2007")
NOT_THIS_LAW = re.compile(
    r"\b(?:selain|kecuali|di\s+luar|besides|other\s+than|apart\s+from|except)\s+"
    r"(?:[^\s,.;:?!]+\s+){0,8}$",
    re.I,
)
#: a question on how something is done: the law delegates procedure to a regulation
PROCEDURE_INTENT = re.compile(
    r"\b(?:tata\s+cara|prosedur(?:nya)?|mekanisme(?:nya)?|langkah(?:-langkah)?|tahapan(?:nya)?"
    r"|bagaimana\s+(?:cara|proses|prosedur|mekanisme|tahapan|langkah)(?:nya)?|caranya"
    r"|how\s+(?:do|does|can|should|to)|procedures?|steps?\s+(?:to|for)|process\s+(?:to|for|of))\b",
    re.I,
)
#: what a corporate-liability provision says of itself
LIABILITY_TEXT = re.compile(r"\bkorporasi\b", re.I)
