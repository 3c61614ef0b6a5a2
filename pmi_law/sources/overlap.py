"""The unit of one text that shares most words with a unit of another (Jaccard overlap).

Used where a regulation restates a statute word for word: search ranks the statute above the
regulation (retrieval/restate.py), and the delegation map links a delegating unit to the
regulation units that carry it out (sources/delegation.py).
"""

from __future__ import annotations

from collections.abc import Sequence


class OverlapIndex:
    """Units as (citation, their words), searchable by a set of words."""

    def __init__(self, units: Sequence[tuple[str, frozenset[str]]]) -> None:
        self.units = list(units)
        self._postings: dict[str, list[int]] = {}
        for i, (_, words) in enumerate(self.units):
            for word in words:
                self._postings.setdefault(word, []).append(i)

    def best(self, words: frozenset[str], minimum: float) -> str | None:
        """The unit whose words overlap ``words`` most, if by at least ``minimum``.

        Units are tried in their order, so a tie goes to the first in every process (counting
        in the order of a frozenset would change with the hash seed).
        """
        shared: dict[int, int] = {}
        for word in words:
            for j in self._postings.get(word, ()):
                shared[j] = shared.get(j, 0) + 1
        best, best_overlap = None, 0.0
        for j in sorted(shared):
            common = shared[j]
            overlap = common / (len(words) + len(self.units[j][1]) - common)
            if overlap > best_overlap:
                best, best_overlap = j, overlap
        return self.units[best][0] if best is not None and best_overlap >= minimum else None
