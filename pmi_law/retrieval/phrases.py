"""Statutory phrases found whole in a passage count again.

Why: BM25 sees words, not phrases. "majikan menahan paspor saya" maps to the law's phrase
"dokumen perjalanan" (UU 18/2017 Pasal 6 ayat (1) huruf j: the right to hold one's travel
documents), but a passage that only contains "menahan" and "dokumen" apart ("menahan
pemberangkatan ... dokumen") scores as well. A passage holding the whole phrase, word after
word, states the concept the asker named: its phrase terms are scored a second time.
Only the top lexical candidates are read, so the cost per query stays a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

#: Lexical candidates checked for whole phrases.
CANDIDATES = 60
#: Extra weight of a phrase's terms in a passage that holds the phrase whole.
PHRASE_BONUS = 1.0


def _contains(sequence: Sequence[str], phrase: Sequence[str]) -> bool:
    # jump from one occurrence of the first word to the next: a search reads 60 passages
    # for each phrase, and comparing a slice at every position cost more than the BM25
    n, first, whole = len(phrase), phrase[0], list(phrase)
    i = -1
    while True:
        try:
            i = sequence.index(first, i + 1)
        except ValueError:
            return False
        if list(sequence[i : i + n]) == whole:
            return True


def phrase_bonus(
    scores: np.ndarray,
    phrases: Sequence[tuple[tuple[str, ...], float]],
    passage_terms: Callable[[int], Sequence[str]],
    term_scores: Callable[[list[tuple[str, float]]], np.ndarray],
) -> np.ndarray:
    """``scores`` plus, in top candidates holding a phrase whole, its terms' scores again.

    ``phrases`` are (phrase terms, weight) of two or more terms; ``passage_terms(i)`` gives
    the index terms of passage i in order; ``term_scores`` scores weighted terms (BM25).
    """
    phrases = [(p, w) for p, w in phrases if len(p) >= 2]
    if not phrases or not scores.any():
        return scores
    top = np.argsort(-scores)[:CANDIDATES]
    top = top[scores[top] > 0]
    out = scores.copy()
    for phrase, weight in phrases:
        holders = [i for i in top if _contains(passage_terms(int(i)), phrase)]
        if holders:
            extra = term_scores([(t, PHRASE_BONUS * weight) for t in phrase])
            out[holders] += extra[holders]
    return out
