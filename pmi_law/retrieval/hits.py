"""A search result as a value, and the one check every front end's query goes through.

A :class:`Hit` is a frozen value: it holds no Library, analyzer or index, so it can be cached,
compared, pickled and sent anywhere; its tree node is the Library's to give
(``Library.get(hit.citation)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pmi_law.errors import QueryError

#: Longest query accepted by every front end (the library cuts longer ones here too): a
#: client's whole story fits; a pasted page does not.
MAX_QUERY_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Hit:
    """One result: a provision (aggregated to its Pasal), with why it matched."""

    citation: str  # the best-matching unit, canonical
    pasal: str  # the Pasal (or thesis section) it belongs to
    document: str
    text: str
    score: float
    #: what each ranking stage added (ranking.py): the parts add up to ``score``
    breakdown: dict[str, float] = field(default_factory=dict)
    #: the raw evidence: best BM25 score and best cosine of the Pasal
    signals: dict[str, float] = field(default_factory=dict)
    context: str = ""
    part: str = "body"
    status: str = "berlaku"
    amended_by: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    #: the words of the text that matched the query (after stemming and synonyms)
    highlights: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "citation": self.citation,
            "pasal": self.pasal,
            "document": self.document,
            "text": self.text,
            "score": round(self.score, 6),
            "breakdown": {k: round(v, 6) for k, v in self.breakdown.items()},
            "signals": {k: round(v, 6) for k, v in self.signals.items()},
            "highlights": list(self.highlights),
            "context": self.context,
            "part": self.part,
            "status": self.status,
            "amended_by": list(self.amended_by),
            "related": list(self.related),
        }


@dataclass(frozen=True, slots=True)
class IssueAnswer:
    """One legal issue of a client's story with its own best provisions (issues.py)."""

    issue: str  # the checklist's id: "wages", "documents", ...
    label: str  # as shown to users, in Indonesian
    hits: tuple[Hit, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "issue": self.issue,
            "label": self.label,
            "hits": [h.to_dict() for h in self.hits],
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
