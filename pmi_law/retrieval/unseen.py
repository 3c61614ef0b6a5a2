"""Query words the index has never seen: colloquial suffixes and shortened forms.

Why: people type "jelasin" (for menjelaskan) or "radikal" where the law writes
"radikalisasi"; Sastrawi cannot stem the first, and BM25 matches whole terms only, so both
add nothing to the lexical side. Only words absent from the index are touched, so a word
the law uses is never rewritten.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

#: Jakarta colloquial verb suffixes standing for -kan/-i ("jelasin", "bayarin", "kasihin").
COLLOQUIAL_SUFFIXES = ("in",)
#: Weight of a term found by dropping a colloquial suffix (it is the asker's own word).
SUFFIX_WEIGHT = 0.9
#: An unseen word of at least this length also matches indexed terms it begins
#: ("radikal" → "radikalisasi"), at PREFIX_WEIGHT, the PREFIX_TERMS most frequent ones.
PREFIX_MIN = 5
PREFIX_MAX_EXTRA = 6
PREFIX_WEIGHT = 0.7
PREFIX_TERMS = 3


class UnseenTerms:
    """Maps a query term missing from the index to indexed terms it stands for."""

    def __init__(
        self,
        vocabulary: Sequence[str],
        frequency: Callable[[str], int],
        term: Callable[[str], str | None],
    ) -> None:
        self._sorted = sorted(vocabulary)
        self._frequency = frequency
        self._term = term  # the analyzer's token → index term

    def expand(self, terms: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """``terms`` plus, for each unseen one of the asker's, what it stands for."""
        weights = dict(terms)
        for term, weight in terms:
            if weight < 1.0 or self._frequency(term) > 0 or not term.isalpha():
                continue
            for found, w in self._stand_ins(term):
                if weights.get(found, 0.0) < w:
                    weights[found] = w
        return list(weights.items())

    def _stand_ins(self, term: str) -> list[tuple[str, float]]:
        for suffix in COLLOQUIAL_SUFFIXES:
            if term.endswith(suffix) and len(term) - len(suffix) >= 4:
                base = self._term(term[: -len(suffix)])
                if base and self._frequency(base) > 0:
                    return [(base, SUFFIX_WEIGHT)]
        if len(term) < PREFIX_MIN:
            return []
        start = bisect.bisect_left(self._sorted, term)
        longer: list[str] = []
        for candidate in self._sorted[start:]:
            if not candidate.startswith(term):
                break
            if len(candidate) - len(term) <= PREFIX_MAX_EXTRA:
                longer.append(candidate)
        longer.sort(key=lambda t: (-self._frequency(t), t))
        return [(t, PREFIX_WEIGHT) for t in longer[:PREFIX_TERMS]]
