"""Which units of an implementing regulation restate a unit of a statute.

Why: PP 59/2021 repeats much of UU 18/2017 almost word for word (its Pasal 4 is UU 18/2017
Pasal 8, its Pasal 65 is Pasal 41). For a question both answer, a lawyer cites the statute
and reads the regulation beside it; ranked on their own, whichever scores a hair higher
comes first. Search uses this map to put the statute's Pasal right above a regulation's hit
whose matching unit restates it (fusion.pair_restatements). A regulation unit that adds
detail the statute lacks ("narkotika" in the information a worker must be given) restates
nothing, so it keeps its own rank.

Restatement is judged on words, not vectors: e5 cosines of merely related provisions are
as high as those of restated ones, while the Jaccard overlap of their index terms is not.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from pmi_law.sources.overlap import OverlapIndex

from .fusion import REGULATION_TYPES
from .passages import Passage

#: Share of the two units' terms that must be common (Jaccard) to call one a restatement.
MIN_OVERLAP = 0.6
#: Units with fewer terms say too little to be matched ("Cukup jelas", a bare heading).
MIN_TERMS = 4
STATUTE_TYPES = frozenset({"UU", "Perppu"})


def _body(text: str) -> str:
    """The words of a passage after its label ("Pasal 4 ayat (1): ...")."""
    return text.split(":", 1)[1] if ":" in text else text


def restatements(
    passages: Sequence[Passage],
    terms: Callable[[str], Iterable[str]],
    exclude: Collection[str] = (),
) -> dict[str, str]:
    """Regulation unit citation → the statute unit citation it restates (best overlap).

    ``exclude`` names Pasal or documents no regulation restates (amending instructions,
    replaced laws).
    """
    statute: list[tuple[str, frozenset[str]]] = []
    for p in passages:
        if (
            p.part == "body"
            and p.lexical
            and p.in_force
            and p.doc_type in STATUTE_TYPES
            and p.document not in exclude
            and p.group not in exclude
        ):
            words = frozenset(terms(_body(p.text)))
            if len(words) >= MIN_TERMS:
                statute.append((p.citation, words))
    index = OverlapIndex(statute)
    out: dict[str, str] = {}
    for p in passages:
        if not (p.part == "body" and p.lexical and p.in_force and p.doc_type in REGULATION_TYPES):
            continue
        words = frozenset(terms(_body(p.text)))
        if len(words) < MIN_TERMS:
            continue
        found = index.best(words, MIN_OVERLAP)
        if found is not None:
            out[p.citation] = found
    return out
