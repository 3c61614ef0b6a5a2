"""One search request for every front end: its parameter names, limits, validation and messages.

The CLI (``search --json`` and plain), the HTTP API, the web page and the MCP tool all build a
:class:`SearchRequest` and pass it through :func:`check_search`, so a query accepted by one is
accepted by all, with the same limits, and a bad value gets the same one-line message
everywhere (the pages translate it: serve/messages.py). Bad input raises :class:`QueryError`;
a document the corpus does not hold, :class:`UnknownDocument`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pmi_law.citations import roman_to_int
from pmi_law.errors import CitationError, QueryError, UnknownDocument
from pmi_law.retrieval.hits import MAX_QUERY_CHARS as MAX_QUERY_CHARS
from pmi_law.retrieval.hits import validate_query

if TYPE_CHECKING:
    from pmi_law.library import Library

#: Longest citation, term, document or filter value.
MAX_CITATION_CHARS = 200
#: How many hits one search may ask for, and how many it gives by default.
MAX_K = 100
DEFAULT_K = 10
PARTS = ("body", "penjelasan", "thesis")


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """A search with its filters, under the same names everywhere (the API's query
    parameters): ``doc`` is one document or several (the CLI's repeatable ``--doc``)."""

    q: str
    k: int = DEFAULT_K
    doc: str | tuple[str, ...] | None = None
    type: str | None = None
    bab: str | None = None
    part: str | None = None
    as_of: str | None = None
    all: bool = False


def parse_k(text: str | None) -> int:
    """``k`` as typed in a form or URL ("" or None: the default)."""
    if text is None or not text.strip():
        return DEFAULT_K
    value = text.strip()
    if not value.isdigit() or len(value) > 4:
        raise QueryError(f"k must be a whole number between 1 and {MAX_K}, not {text!r}")
    return int(value)


def clean_text(value: str | None, what: str, limit: int = MAX_CITATION_CHARS) -> str | None:
    """A parameter with its spaces collapsed (None when empty), or QueryError when too long."""
    if value is None:
        return None
    value = " ".join(value.split())
    if len(value) > limit:
        raise QueryError(f"{what} is longer than {limit} characters")
    return value or None


def check_as_of(as_of: str | date | None) -> date | None:
    """The date a point-in-time request names (YYYY, YYYY-MM or YYYY-MM-DD), or QueryError."""
    from pmi_law.sources.history import parse_date

    if as_of is None or (isinstance(as_of, str) and not as_of.strip()):
        return None
    return parse_date(as_of)


def document_citation(lib: Library, text: str) -> str:
    """A document of the corpus from any form ("UU 18/2017", "uu no 18 tahun 2017", "UU PPMI")."""
    if text in lib.entries:
        return text
    try:
        cit = lib.parse_citation(text)
    except CitationError:
        cit = None
    if cit is None or cit.path or cit.document is None:
        raise QueryError(f"not a document: {text!r} (known: {', '.join(lib.entries)})")
    if cit.document not in lib.entries:
        raise UnknownDocument(f"unknown document {text!r} (known: {', '.join(lib.entries)})")
    return cit.document


def check_search(lib: Library, req: SearchRequest) -> tuple[str, dict[str, Any]]:
    """The cleaned query and the library's keyword arguments for a request, or the error
    naming the bad value."""
    if not isinstance(req.q, str):
        raise QueryError("query must be text")
    if len(req.q) > MAX_QUERY_CHARS:
        raise QueryError(f"query is longer than {MAX_QUERY_CHARS} characters")
    query = validate_query(req.q)
    if isinstance(req.k, bool) or not isinstance(req.k, int) or not 1 <= req.k <= MAX_K:
        raise QueryError(f"k must be between 1 and {MAX_K}, not {req.k}")
    as_of = check_as_of(req.as_of)
    wanted = (req.doc,) if isinstance(req.doc, str) or req.doc is None else tuple(req.doc)
    docs = [document_citation(lib, d) for w in wanted if (d := clean_text(w, "doc"))]
    doc_type = clean_text(req.type, "type")
    if doc_type is not None:
        types = sorted({e.type for e in lib.entries.values()})
        match = [t for t in types if t.lower() == doc_type.lower()]
        if not match:
            raise QueryError(f"unknown document type {doc_type!r} (known: {', '.join(types)})")
        doc_type = match[0]
    bab = clean_text(req.bab, "bab")
    if bab is not None:
        bab = bab.upper().removeprefix("BAB ").strip()
        try:
            roman_to_int(bab)
        except ValueError:
            raise QueryError(f"bab must be a roman numeral such as VII, not {req.bab!r}") from None
    part = clean_text(req.part, "part")
    if part is not None and part.lower() not in PARTS:
        raise QueryError(f"part must be one of {', '.join(PARTS)}, not {req.part!r}")
    return query, {
        "doc": (docs[0] if len(docs) == 1 else tuple(docs)) or None,  # hashable: cache key
        "doc_type": doc_type,
        "bab": bab,
        "part": part.lower() if part else None,
        "include_revoked": bool(req.all),
        "as_of": as_of,
    }
