"""What every front end of the service does: validate input, call the library, shape the data.

The API, the web pages and the MCP tools call these functions, so a query accepted by one is
accepted by all, and an error reads the same everywhere. Input problems raise
:class:`QueryError` (HTTP 400), unknown units :class:`UnknownCitation` (404).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from pmi_law.errors import (
    CitationError,
    CorpusNotFound,
    ModelError,
    PmiLawError,
    QueryError,
    SearchIndexError,
    UnknownCitation,
)
from pmi_law.request import MAX_CITATION_CHARS as MAX_CITATION_CHARS
from pmi_law.request import MAX_K as MAX_K
from pmi_law.request import MAX_QUERY_CHARS as MAX_QUERY_CHARS
from pmi_law.request import PARTS as PARTS
from pmi_law.request import SearchRequest as SearchRequest  # one request model for all
from pmi_law.request import check_as_of as check_as_of
from pmi_law.request import check_search as check_search
from pmi_law.request import clean_text
from pmi_law.request import document_citation as document_citation
from pmi_law.request import parse_k as parse_k
from pmi_law.views import (
    about,
    assistant_hit,
    definition_view,
    delegations_view,
    document_rows,
    document_view,
    glossary_view,
    hit_row,
    provision_view,
)

if TYPE_CHECKING:
    from pmi_law import Hit
    from pmi_law.library import Library
    from pmi_law.models import Node

SEARCH_CACHE_SIZE = 256

#: Hits of a search, each with its JSON row (``Hit.to_dict()``, statuses, caveats).
Results = tuple[tuple["Hit", dict[str, Any]], ...]
#: A story's legal issues, each as (its id, its label, its hits as Results).
IssueResults = tuple[tuple[str, str, Results], ...]
#: Provisions shown for each issue of a story.
ISSUE_K = 3


def warm(lib: Library) -> None:
    """Read every document and load the index now, so no request pays for it (or waits on
    it). The documents' metadata first (a fraction of a second from the store), their
    trees last: a lookup meanwhile decodes the one it needs."""
    docs = lib.documents
    lib.searcher().warm()  # loads the query encoder, and encodes the vocabulary's phrases
    for doc in docs:
        doc.nodes()  # a stored document's tree is decoded when first touched
    lib.delegation_map()  # the links every provision page shows


def http_status(exc: PmiLawError) -> int:
    """The HTTP status of a library error: 404 unknown unit, 400 bad input, 503 not ready."""
    if isinstance(exc, UnknownCitation):
        return 404
    if isinstance(exc, CitationError | QueryError):
        return 400
    if isinstance(exc, CorpusNotFound | ModelError | SearchIndexError):
        return 503
    return 400


class ResultCache:
    """The most recent searches' results: staff ask the same questions, and encoding a query is
    most of a search's time. Identical searches arriving together run once (the others wait for
    it). Safe to share: the index does not change while the server runs."""

    def __init__(self, size: int = SEARCH_CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._running: dict[tuple[Any, ...], threading.Lock] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        """Forget every answer (the library changed: a document was added)."""
        with self._lock:
            self._items.clear()

    def get(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """The cached hits of ``key``, else ``compute()`` once for all who ask at the same time."""
        while True:
            with self._lock:
                hits = self._items.get(key)
                if hits is not None:
                    self._items.move_to_end(key)
                    return hits
                running = self._running.get(key)
                if running is None:
                    running = self._running[key] = threading.Lock()
                    running.acquire()
                    break
            with running:  # another thread computes it: wait, then look again
                pass
        try:
            hits = compute()
            with self._lock:
                self._items[key] = hits
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return hits
        finally:
            with self._lock:
                del self._running[key]
            running.release()


def search(
    lib: Library, req: SearchRequest, cache: ResultCache | None = None
) -> tuple[str, Results]:
    """The cleaned query and its hits, each with its JSON row (``views.hit_row``: the hit,
    its statuses and caveats), from ``cache`` when run lately."""
    query, filters = check_search(lib, req)
    when = filters["as_of"]

    def run() -> Results:  # highlights and statuses: once per search, not once per request
        hits = lib.search(query, k=req.k, **filters)
        return tuple((h, hit_row(lib, h, h.to_dict(), when)) for h in hits)

    if cache is None:
        return query, run()
    return query, cast(Results, cache.get((query, req.k, *sorted(filters.items())), run))


def search_issues(
    lib: Library, req: SearchRequest, cache: ResultCache | None = None
) -> IssueResults:
    """A story's legal issues, each with its own best provisions (rows as ``search`` gives
    them); empty for a question with fewer than two issues."""
    query, filters = check_search(lib, req)
    when = filters["as_of"]

    def run() -> IssueResults:
        answers = lib.search_by_issue(query, k=ISSUE_K, **filters)
        return tuple(
            (a.issue, a.label, tuple((h, hit_row(lib, h, h.to_dict(), when)) for h in a.hits))
            for a in answers
        )

    if cache is None:
        return run()
    return cast(IssueResults, cache.get(("issues", query, *sorted(filters.items())), run))


def search_json(
    lib: Library, req: SearchRequest, cache: ResultCache | None = None
) -> dict[str, Any]:
    """The API's answer: each hit as ``Hit.to_dict()`` with its unit's status, its document's
    status (on ``as_of``) and the caveats on its text; for a story, its legal issues each with
    its own hits; the notice and the corpus date."""
    query, results = search(lib, req, cache)
    hits = [data for _, data in results]
    issues = [
        {"issue": name, "label": label, "hits": [data for _, data in rows]}
        for name, label, rows in search_issues(lib, req, cache)
    ]
    return {
        "query": query,
        "as_of": req.as_of or None,
        **about(lib),
        "hits": hits,
        "issues": issues,
    }


def assistant_search_json(
    lib: Library, req: SearchRequest, cache: ResultCache | None = None
) -> dict[str, Any]:
    """The MCP answer: the same hits as the API, each unit quoted whole with its status and
    caveats, without scores (an assistant quotes; it does not rank)."""
    query, results = search(lib, req, cache)
    when = check_as_of(req.as_of)
    hits = [assistant_hit(lib, data, when) for _, data in results]
    issues = [
        {"issue": name, "label": label, "hits": [assistant_hit(lib, d, when) for _, d in rows]}
        for name, label, rows in search_issues(lib, req, cache)
    ]
    return {
        "query": query,
        "as_of": req.as_of or None,
        **about(lib),
        "hits": hits,
        "issues": issues,
    }


def lookup(lib: Library, citation: str, as_of: str | None = None) -> Node:
    """The unit a citation names, in any forgiving form."""
    text = clean_text(citation, "citation", MAX_CITATION_CHARS)
    if not text:
        raise CitationError("empty citation: write e.g. 'UU 18/2017 Pasal 6'")
    return lib.get(text, check_as_of(as_of))


def provision_json(lib: Library, citation: str, as_of: str | None = None) -> dict[str, Any]:
    """The same JSON as `pmi-law show --json` (with `--as-of` when a date is given)."""
    return provision_view(lib, lookup(lib, citation, as_of), check_as_of(as_of))


def define_json(lib: Library, term: str, as_of: str | None = None) -> dict[str, Any]:
    """The definitions of a term (`pmi-law define --json`), on ``as_of`` when given."""
    text = clean_text(term, "term", MAX_CITATION_CHARS)
    if not text:
        raise QueryError("empty term: write e.g. 'SIP3MI'")
    when = check_as_of(as_of)
    found = lib.define(text, when)
    return {
        "as_of": when.isoformat() if when else None,
        "definitions": [definition_view(lib, d, when) for d in found],
        **about(lib),
    }


def glossary_json(
    lib: Library, term: str | None = None, as_of: str | None = None
) -> dict[str, Any]:
    """The glossary page's data (GET /api/glossary): all definitions by document, or a term's;
    on ``as_of``, those of the laws in force that day."""
    return glossary_view(lib, clean_text(term, "term", MAX_CITATION_CHARS), check_as_of(as_of))


def document_json(lib: Library, citation: str, as_of: str | None = None) -> dict[str, Any]:
    """A document page's data (GET /api/documents/{citation}): the document in any citation
    form, as in force on ``as_of``."""
    text = clean_text(citation, "document", MAX_CITATION_CHARS) or ""
    return document_view(lib, document_citation(lib, text), check_as_of(as_of))


def delegations_json(lib: Library, document: str | None) -> dict[str, Any]:
    """The delegations of a document (UU 18/2017 when none is named) and their states."""
    from pmi_law.citations import PRIMARY_DOCUMENT

    text = clean_text(document, "doc", MAX_CITATION_CHARS) or PRIMARY_DOCUMENT
    return delegations_view(lib, document_citation(lib, text))


def documents_json(lib: Library) -> dict[str, Any]:
    return {"documents": document_rows(lib), **about(lib)}


def health(lib: Library) -> dict[str, Any]:
    """Whether every corpus file is readable and the index matches the corpus and model."""
    return lib.health()
