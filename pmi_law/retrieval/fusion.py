"""Fusion of lexical and dense evidence at the level lawyers cite: the Pasal.

Why at the Pasal and not at the passage: documents are indexed at different granularities
(a large general law is embedded one vector per Pasal while BM25 indexes its ayat), so a
Pasal's lexical and dense evidence can sit on different passages. Each side is first
reduced to one score per Pasal (its best passage) and scaled between a floor (the score at
SCORE_FLOOR_RANK) and its top, so raw BM25 and cosine scales never meet; the scaled scores
are added. Scores and not ranks: a provision one side is sure of (far above the rest) and
the other misses must beat one both sides place in the middle, and ranks hide that margin.

Long questions (a client's story) are also split into sentences: each sentence scores the
Pasal lexically on its own and the scores are averaged, so the sentence that states the
legal issue is not drowned by the details of the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .ranking import DEFAULT

# The defaults of the functions below; their reasons are in ranking.RankingConfig.
TOP_WEIGHT = DEFAULT.top_weight
LONG_QUERY_WORDS = DEFAULT.long_query_words
QUESTION_SENTENCE_WEIGHT = DEFAULT.question_sentence_weight
_SENTENCE_END = re.compile(r"(?<=[.?!;])\s+")


@dataclass(frozen=True, slots=True)
class Groups:
    """Passage → group mapping, ordered for fast per-group maxima (numpy reduceat)."""

    ids: np.ndarray  # group id of each passage
    names: list[str]  # group citation of each id
    order: np.ndarray  # passages sorted by group id
    starts: np.ndarray  # first position of each group in ``order``
    index: dict[str, int]  # group citation → id

    @classmethod
    def of(cls, groups: list[str]) -> Groups:
        names: dict[str, int] = {}
        ids = np.array([names.setdefault(g, len(names)) for g in groups], dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(ids[order]) != 0])
        return cls(ids, list(names), order, starts, names)

    def __len__(self) -> int:
        return len(self.names)

    def best(self, scores: np.ndarray) -> np.ndarray:
        """Highest passage score of each group (0 where no passage scored)."""
        if not len(self.names):
            return np.zeros(0, np.float64)
        return np.maximum.reduceat(np.asarray(scores, np.float64)[self.order], self.starts)


SCORE_FLOOR_RANK = DEFAULT.score_floor_rank
DENSE_MIN_SPAN = DEFAULT.dense_min_span


def score_weights(
    group_scores: np.ndarray,
    weight: float = 1.0,
    min_span: float = 0.0,
    *,
    top_weight: float = TOP_WEIGHT,
    floor_rank: int = SCORE_FLOOR_RANK,
) -> np.ndarray:
    """Scores scaled to 0..weight·top_weight between the floor (the score at ``floor_rank``)
    and the top (0 where unmatched)."""
    out = np.zeros(len(group_scores), np.float64)
    positive = np.flatnonzero(group_scores > 0)
    if positive.size == 0:
        return out
    weight *= top_weight
    values = np.sort(group_scores[positive])[::-1]
    top = float(values[0])
    floor = float(values[min(floor_rank, len(values)) - 1]) if len(values) > 1 else 0.0
    if top <= floor:
        out[positive] = weight
        return out
    span = max(top - floor, min_span)
    out[positive] = weight * np.clip((group_scores[positive] - floor) / span, 0.0, 1.0)
    return out


def sentences(query: str, long_words: int = LONG_QUERY_WORDS) -> list[str]:
    """The sentences of a long question (empty for a short one: no splitting needed)."""
    if len(query.split()) <= long_words:
        return []
    parts = [s.strip() for s in _SENTENCE_END.split(query) if len(s.split()) >= 3]
    return parts if len(parts) > 1 else []


def sentence_weight(sentence: str, question_weight: float = QUESTION_SENTENCE_WEIGHT) -> float:
    """A sentence that asks (ends with "?") states the legal issue; the story around it less so."""
    return question_weight if sentence.rstrip().endswith("?") else 1.0


#: Words of a question that asks how a rule is carried out (who, which office, what steps):
#: implementing regulations (PP, Perpres, Permenaker) answer those, statutes state the rule.
_PROCEDURE = re.compile(
    r"\b(?:instansi|lembaga\s+mana|kantor|dinas|kabupaten|kota|provinsi|pemda|petugas"
    r"|atase|tata\s+cara|prosedur|mekanisme|tahapan|teknis|syahbandar|ltsa|office|agency"
    r"|procedure|steps|regency|province|attach[eé])\b",
    re.I,
)
REGULATION_TYPES = frozenset({"PP", "Perpres", "Permenaker", "Peraturan BP2MI"})


def asks_procedure(query: str) -> bool:
    """Whether the question asks who does what or how (a regulation's subject)."""
    return bool(_PROCEDURE.search(query))
