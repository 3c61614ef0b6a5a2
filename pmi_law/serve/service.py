"""What every front end of the service does: validate input, call the library, shape the data.

The API, the web pages and the MCP tools call these functions, so a query accepted by one is
accepted by all, and an error reads the same everywhere. Input problems raise
:class:`QueryError` (HTTP 400), unknown units :class:`UnknownCitation` (404).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pmi_law.citations import roman_to_int
from pmi_law.errors import (
    CitationError,
    CorpusNotFound,
    ModelError,
    PmiLawError,
    QueryError,
    SearchIndexError,
    UnknownCitation,
)
from pmi_law.views import definition_view, delegations_view, document_rows, provision_view

if TYPE_CHECKING:
    from pmi_law.library import Library
    from pmi_law.models import Node
    from pmi_law.retrieval.search import Hit

#: Longest query, term or citation accepted (the search itself truncates at 1000 characters).
MAX_QUERY_CHARS = 500
MAX_CITATION_CHARS = 200
MAX_K = 50
PARTS = ("body", "penjelasan", "thesis")
SEARCH_CACHE_SIZE = 256

#: Hits of a search, each with its JSON (``Hit.to_dict()``).
Results = tuple[tuple["Hit", dict[str, Any]], ...]


def warm(lib: Library) -> None:
    """Load the index and parse every document now, so no request pays for it (or waits on it)."""
    lib.searcher()
    lib.documents  # noqa: B018 - parsing is the point
    lib.delegation_map()  # the links every provision page shows
    lib.search("hak pekerja migran", k=1)  # loads the query encoder


def http_status(exc: PmiLawError) -> int:
    """The HTTP status of a library error: 404 unknown unit, 400 bad input, 503 not ready."""
    if isinstance(exc, UnknownCitation):
        return 404
    if isinstance(exc, CitationError | QueryError):
        return 400
    if isinstance(exc, CorpusNotFound | ModelError | SearchIndexError):
        return 503
    return 400


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """A search with its filters, as every front end receives it."""

    q: str
    k: int = 10
    doc: str | None = None
    type: str | None = None
    bab: str | None = None
    part: str | None = None
    as_of: str | None = None
    all: bool = False


def _text(value: str | None, what: str, limit: int = MAX_QUERY_CHARS) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    if len(value) > limit:
        raise QueryError(f"{what} is longer than {limit} characters")
    return value or None


def check_as_of(as_of: str | None) -> date | None:
    """The date a point-in-time request names (YYYY, YYYY-MM or YYYY-MM-DD), or QueryError."""
    from pmi_law.sources.history import parse_date

    if as_of is None or not as_of.strip():
        return None
    return parse_date(as_of)


def check_search(lib: Library, req: SearchRequest) -> dict[str, Any]:
    """The library's keyword arguments for a request, or QueryError naming the bad value."""
    from pmi_law.retrieval.search import validate_query

    if len(req.q) > MAX_QUERY_CHARS:
        raise QueryError(f"query is longer than {MAX_QUERY_CHARS} characters")
    validate_query(req.q)
    if not 1 <= req.k <= MAX_K:
        raise QueryError(f"k must be between 1 and {MAX_K}, not {req.k}")
    as_of = check_as_of(req.as_of)
    doc = _text(req.doc, "doc")
    if doc is not None:
        doc = document_citation(lib, doc)
    doc_type = _text(req.type, "type")
    if doc_type is not None:
        types = sorted({e.type for e in lib.entries.values()})
        match = [t for t in types if t.lower() == doc_type.lower()]
        if not match:
            raise QueryError(f"unknown document type {doc_type!r} (known: {', '.join(types)})")
        doc_type = match[0]
    bab = _text(req.bab, "bab")
    if bab is not None:
        bab = bab.upper().removeprefix("BAB ").strip()
        try:
            roman_to_int(bab)
        except ValueError:
            raise QueryError(f"bab must be a roman numeral such as VII, not {req.bab!r}") from None
    part = _text(req.part, "part")
    if part is not None and part.lower() not in PARTS:
        raise QueryError(f"part must be one of {', '.join(PARTS)}, not {req.part!r}")
    return {
        "doc": doc,
        "doc_type": doc_type,
        "bab": bab,
        "part": part.lower() if part else None,
        "include_revoked": req.all,
        "as_of": as_of,
    }


def document_citation(lib: Library, text: str) -> str:
    """A document of the corpus from any form ("UU 18/2017", "uu no 18 tahun 2017", "UU PPMI")."""
    if text in lib.entries:
        return text
    try:
        cit = lib.parse_citation(text)
    except CitationError:
        cit = None
    if cit is None or cit.path or cit.document not in lib.entries:
        raise QueryError(f"unknown document {text!r} (known: {', '.join(lib.entries)})")
    return cit.document


class ResultCache:
    """The most recent searches' results: staff ask the same questions, and encoding a query is
    most of a search's time. Identical searches arriving together run once (the others wait for
    it). Safe to share: the index does not change while the server runs."""

    def __init__(self, size: int = SEARCH_CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], Results] = OrderedDict()
        self._running: dict[tuple[Any, ...], threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], compute: Callable[[], Results]) -> Results:
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
    """The cleaned query and its hits, each with its JSON (from ``cache`` when run lately)."""
    from pmi_law.retrieval.search import validate_query

    filters = check_search(lib, req)
    query = validate_query(req.q)

    def run() -> Results:  # to_dict finds the highlighted words: once per search, not per request
        return tuple((h, h.to_dict()) for h in lib.search(query, k=req.k, **filters))

    if cache is None:
        return query, run()
    return query, cache.get((query, req.k, *sorted(filters.items())), run)


def search_json(
    lib: Library, req: SearchRequest, cache: ResultCache | None = None
) -> dict[str, Any]:
    query, results = search(lib, req, cache)
    return {"query": query, "hits": [data for _, data in results]}


def lookup(lib: Library, citation: str, as_of: str | None = None) -> Node:
    """The unit a citation names, in any forgiving form."""
    text = _text(citation, "citation", MAX_CITATION_CHARS)
    if not text:
        raise CitationError("empty citation: write e.g. 'UU 18/2017 Pasal 6'")
    return lib.get(text, check_as_of(as_of))


def provision_json(lib: Library, citation: str, as_of: str | None = None) -> dict[str, Any]:
    """The same JSON as `pmi-law show --json` (with `--as-of` when a date is given)."""
    return provision_view(lib, lookup(lib, citation, as_of), check_as_of(as_of))


def define_json(lib: Library, term: str) -> dict[str, Any]:
    text = _text(term, "term", MAX_CITATION_CHARS)
    if not text:
        raise QueryError("empty term: write e.g. 'SIP3MI'")
    return {"definitions": [definition_view(d) for d in lib.define(text)]}


def delegations_json(lib: Library, document: str | None) -> dict[str, Any]:
    """The delegations of a document (UU 18/2017 when none is named) and their states."""
    from pmi_law.citations import PRIMARY_DOCUMENT

    text = _text(document, "doc", MAX_CITATION_CHARS) or PRIMARY_DOCUMENT
    return delegations_view(lib, document_citation(lib, text))


def documents_json(lib: Library) -> dict[str, Any]:
    return {"documents": document_rows(lib)}


def health(lib: Library) -> dict[str, Any]:
    """Whether every corpus file is readable and the index matches the corpus and model."""
    from pmi_law.retrieval.index import check_manifest, default_index_dir, read_manifest
    from pmi_law.retrieval.model import resolve_model_path
    from pmi_law.retrieval.search import index_identity

    missing = []
    for entry in lib.entries.values():
        try:
            entry.path()
        except CorpusNotFound:
            missing.append(entry.file)
    corpus = {"documents": len(lib.entries), "missing": missing, "ok": not missing}
    folder = default_index_dir()
    index: dict[str, Any] = {"ok": False, "passages": 0, "message": ""}
    try:
        found = read_manifest(folder)
        if found is None:
            index["message"] = "no index yet: it is built on the first search"
        else:
            check_manifest(
                folder,
                model=index_identity(resolve_model_path()),
                corpus_hash=lib.corpus_hash(),
            )
            index.update(ok=True, passages=found.passages, built=found.created)
    except PmiLawError as exc:
        index["message"] = str(exc)
    ok = corpus["ok"] and index["ok"]
    return {"status": "ok" if ok else "degraded", "corpus": corpus, "index": index}
