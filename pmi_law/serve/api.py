"""The HTTP API (FastAPI): JSON twins of the CLI commands, plus the web pages.

`create_app` loads nothing by itself: pass a Library (tests share one) or let it open the
default corpus. Errors are JSON ``{"error": "..."}`` with 400 (bad input), 404 (no such unit),
413 (request too large), 422 (malformed parameter) or 503 (index or model not ready), never a
traceback. Pages and API answers carry a Content-Security-Policy and ``nosniff``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import FastAPI, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from pmi_law.errors import PmiLawError
from pmi_law.library import Library
from pmi_law.serve import service
from pmi_law.serve.service import MAX_CITATION_CHARS, MAX_K, MAX_QUERY_CHARS, SearchRequest

log = logging.getLogger(__name__)

#: Every request is a GET with a short query string: anything with a body this big is refused.
MAX_BODY_BYTES = 16 * 1024
MAX_URL_CHARS = 4096
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(
    library: Library | None = None,
    *,
    warm: bool = False,
    cors_origins: list[str] | None = None,
    pages: bool = True,
    cache_size: int = service.SEARCH_CACHE_SIZE,
    allow_upload: bool = False,
    max_upload_bytes: int | None = None,
) -> FastAPI:
    """The app over one Library: ``warm`` loads the index at startup, not on the first search;
    the last ``cache_size`` searches are answered from memory (0: never)."""
    lib = library if library is not None else Library.open()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm:
            from starlette.concurrency import run_in_threadpool

            await run_in_threadpool(service.warm, lib)
        yield

    app = FastAPI(
        title="pmi_law",
        summary="Indonesian migrant-worker protection law (UU 18/2017 and related), offline.",
        version="0.1.0",
        docs_url=None,  # the Swagger and ReDoc pages load scripts from a CDN: not served
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.library = lib
    _add_guards(app, cors_origins)
    cache = service.ResultCache(cache_size) if cache_size > 0 else None
    _add_api(app, lib, cache)
    if allow_upload:  # off by default: adding files changes the library (serve/upload.py)
        from pmi_law.serve.upload import MAX_UPLOAD_BYTES, add_upload

        add_upload(app, lib, cache, max_upload_bytes or MAX_UPLOAD_BYTES, pages=pages)
    if pages:
        from pmi_law.serve.web import add_pages

        add_pages(app, lib, cache)
    return app


def log_config() -> dict[str, Any]:
    """uvicorn's logging on stderr, quiet but for warnings and one access line per request
    (the access lines go out only when uvicorn runs with ``access_log=True``)."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["uvicorn"]["level"] = "WARNING"
    config["loggers"]["uvicorn.error"]["level"] = "WARNING"
    config["loggers"]["uvicorn.access"]["level"] = "INFO"
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"  # stdout is for output, not logs
    return config


def factory() -> FastAPI:
    """For `uvicorn --factory` with several workers: each worker opens and warms its Library."""
    return create_app(warm=True)


def _add_guards(app: FastAPI, cors_origins: list[str] | None) -> None:
    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        limit, what = MAX_BODY_BYTES, f"request body over {MAX_BODY_BYTES} bytes"
        upload = getattr(app.state, "upload_limit", 0)
        if (
            upload
            and request.method == "POST"
            and request.url.path in ("/api/documents", "/tambah")
        ):
            # the file plus the form's few fields; the file itself is checked again
            limit, what = upload + 64 * 1024, f"file over the upload limit of {upload // 2**20} MB"
        if (length is not None and (not length.isdigit() or int(length) > limit)) or (
            "chunked" in request.headers.get("transfer-encoding", "").lower()
        ):
            response: Response = error(413, what)
        elif len(str(request.url)) > MAX_URL_CHARS:
            response = error(414, f"URL longer than {MAX_URL_CHARS} characters")
        else:
            response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=cors_origins, allow_methods=["GET"])

    @app.exception_handler(PmiLawError)
    async def library_error(_: Request, exc: PmiLawError) -> JSONResponse:
        return error(service.http_status(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or "request"
        return error(422, f"{where}: {first.get('msg', 'invalid value')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        page = getattr(app.state, "not_found_page", None)
        if exc.status_code == 404 and page is not None and not _is_api(request.url.path):
            return page()  # a person's browser gets an Indonesian page, not JSON
        if exc.status_code == 404:
            return error(404, "no such page")
        if exc.status_code == 405:
            return error(405, "only GET is supported")
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return error(500, "internal error")


def _is_api(path: str) -> bool:
    return path.startswith(("/api/", "/openapi.json", "/static/")) or path in ("/api", "/docs")


QueryText = Annotated[
    str,
    Query(min_length=1, max_length=MAX_QUERY_CHARS, description="A question, topic or citation."),
]


def _add_api(app: FastAPI, lib: Library, cache: service.ResultCache | None) -> None:
    @app.get("/api/search", tags=["api"])
    def api_search(
        q: QueryText,
        k: Annotated[int, Query(ge=1, le=MAX_K, description="How many provisions.")] = 10,
        doc: Annotated[
            list[str] | None,
            Query(description="Only this document, e.g. 'UU 18/2017' (repeatable, as --doc)."),
        ] = None,
        type: Annotated[
            str | None,
            Query(max_length=40, description="Only this document type: UU, PP, Skripsi …"),
        ] = None,
        bab: Annotated[
            str | None, Query(max_length=20, description="Only this BAB, e.g. 'VII'.")
        ] = None,
        part: Annotated[
            str | None, Query(max_length=20, description="body, penjelasan or thesis.")
        ] = None,
        as_of: Annotated[
            str | None,
            Query(max_length=20, description="The law as it stood on this date (YYYY-MM-DD)."),
        ] = None,
        all: Annotated[bool, Query(description="Include revoked laws.")] = False,
    ) -> dict[str, Any]:
        """The provisions that answer a question, best first (each hit as `Hit.to_dict()`)."""
        docs = tuple(doc or ())
        req = SearchRequest(q=q, k=k, doc=docs, type=type, bab=bab, part=part, as_of=as_of, all=all)
        return service.search_json(lib, req, cache)

    @app.get("/api/provisions/{citation:path}", tags=["api"])
    def api_provision(
        citation: Annotated[str, Path(description="Any citation form, URL-encoded.")],
        as_of: Annotated[str | None, Query(max_length=20)] = None,
    ) -> dict[str, Any]:
        """A provision with its Penjelasan and cross-references: the JSON of `pmi-law show --json`."""
        return service.provision_json(lib, citation, as_of)

    @app.get("/api/define", tags=["api"])
    def api_define(
        term: Annotated[str, Query(min_length=1, max_length=MAX_CITATION_CHARS)],
        as_of: Annotated[str | None, Query(max_length=20)] = None,
    ) -> dict[str, Any]:
        """Definitions of a term or abbreviation from Pasal 1 of the laws (in force first;
        each with its law's status); with ``as_of``, of the laws in force on that date."""
        return service.define_json(lib, term, as_of)

    @app.get("/api/glossary", tags=["api"])
    def api_glossary(
        q: Annotated[str | None, Query(max_length=MAX_CITATION_CHARS)] = None,
        as_of: Annotated[str | None, Query(max_length=20)] = None,
    ) -> dict[str, Any]:
        """The glossary page's data: every definition of the laws in force by document, or
        one term's definitions (``q``); with ``as_of``, of the laws in force that day."""
        return service.glossary_json(lib, q, as_of)

    @app.get("/api/delegations", tags=["api"])
    def api_delegations(
        doc: Annotated[
            str | None,
            Query(max_length=MAX_CITATION_CHARS, description="A law, e.g. 'UU 18/2017' (default)."),
        ] = None,
    ) -> dict[str, Any]:
        """What a law leaves to regulations, each with its state and what carries it out."""
        return service.delegations_json(lib, doc)

    @app.get("/api/documents", tags=["api"])
    def api_documents() -> dict[str, Any]:
        """The corpus and each document's status."""
        return service.documents_json(lib)

    @app.get("/api/documents/{citation:path}", tags=["api"])
    def api_document(
        citation: Annotated[str, Path(description="A document, e.g. 'UU 18/2017'.")],
        as_of: Annotated[str | None, Query(max_length=20)] = None,
    ) -> dict[str, Any]:
        """A whole document (its tree), its status, and its amended, inserted and deleted
        Pasal: the data of the page /dokumen/{citation}."""
        return service.document_json(lib, citation, as_of)

    @app.get("/api/health", tags=["api"])
    def api_health() -> dict[str, Any]:
        """Whether the corpus files are present and the index matches them."""
        return service.health(lib)
