"""A search result as a value, and the one check every front end's query goes through."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pmi_law.errors import CitationError, QueryError, UnknownCitation
from pmi_law.request import MAX_QUERY_CHARS  # longer queries are cut here (documented)

if TYPE_CHECKING:
    from pmi_law.models import Node


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
            "signals": {k: round(v, 6) for k, v in self.signals.items()},
            "highlights": list(self.highlights),
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
