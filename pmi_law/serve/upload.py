"""Adding a user's regulation over HTTP: `POST /api/documents` and the "Tambah dokumen" page.

Off unless `pmi-law serve --allow-upload`. The body is capped (the guard in api.py refuses a
larger Content-Length before reading it), only .pdf/.txt/.md files whose bytes match their
kind are taken, the file is written only under the user library (a name of our making, never
the client's path) and is read as data by the same `add` as the CLI: nothing is executed.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import FastAPI, File, Form, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse

from pmi_law.errors import NotARegulation, PmiLawError, UserLibraryError
from pmi_law.serve import service

if TYPE_CHECKING:
    from pmi_law.library import Library

#: Largest file accepted over HTTP (a scanned Permenaker of 60 pages is about 10-20 MB).
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
UPLOAD_PATHS = frozenset({"/api/documents", "/tambah"})
KINDS = {".pdf": "PDF", ".txt": "text", ".md": "text"}


class UploadRefused(NotARegulation):
    """An upload that is not a PDF or text file, or is over the cap."""


def _check_upload(name: str, data: bytes, max_bytes: int) -> str:
    """The file's suffix, if it is an allowed kind whose bytes match it; else UploadRefused."""
    suffix = Path(name or "").suffix.lower()
    if suffix not in KINDS:
        raise UploadRefused(
            f"only PDF or text files (.pdf, .txt, .md) can be added, not {name or 'a file without a name'!r}"
        )
    if len(data) > max_bytes:
        raise UploadRefused(f"the file is over the upload limit of {max_bytes // 2**20} MB")
    if not data.strip():
        raise UploadRefused("the file is empty")
    is_pdf = data.lstrip()[:5] == b"%PDF-"
    if (suffix == ".pdf") != is_pdf:
        raise UploadRefused(f"{name!r} is not a {KINDS[suffix]} file (its bytes say otherwise)")
    return suffix


def store_upload(lib: Library, name: str, data: bytes, max_bytes: int, **options: Any) -> Any:
    """Write the upload under the user library and add it; the temporary copy is removed."""
    suffix = _check_upload(name, data, max_bytes)
    if lib.user_dir is None:
        raise UserLibraryError("this server has no user library folder")
    inbox = lib.user_dir / ".uploads"
    inbox.mkdir(parents=True, exist_ok=True)
    path = inbox / f"upload-{os.getpid()}-{secrets.token_hex(8)}{suffix}"
    try:
        path.write_bytes(data)
        safe_name = re.sub(r"[^\w.\- ]+", "_", Path(name).name)[:120] or f"upload{suffix}"
        return lib.add_document(path, source_name=safe_name, **options)
    finally:
        path.unlink(missing_ok=True)


def add_upload(
    app: FastAPI,
    lib: Library,
    cache: service.ResultCache | None,
    max_bytes: int = MAX_UPLOAD_BYTES,
    *,
    pages: bool = True,
) -> None:
    """Register the upload endpoint (and, with ``pages``, the "Tambah dokumen" page)."""
    app.state.upload_limit = max_bytes

    def options(**raw: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {k: (v.strip() or None) if v else None for k, v in raw.items()}
        out["replace"] = (out.pop("replace") or "").lower() in ("1", "true", "on", "ya", "yes")
        return out

    def run(file: UploadFile, **raw: str | None) -> Any:
        data = file.file.read(max_bytes + 1)
        result = store_upload(lib, file.filename or "", data, max_bytes, **options(**raw))
        if cache is not None:
            cache.clear()  # answers given before may now lack the new document
        return result

    @app.post("/api/documents", tags=["api"], status_code=201)
    def api_add_document(
        file: Annotated[UploadFile, File(description="A regulation: .pdf, .txt or .md.")],
        type: Annotated[str | None, Form()] = None,
        number: Annotated[str | None, Form()] = None,
        year: Annotated[str | None, Form()] = None,
        title: Annotated[str | None, Form()] = None,
        date: Annotated[str | None, Form()] = None,
        replace: Annotated[str | None, Form()] = None,
    ) -> JSONResponse:
        result = run(
            file, type=type, number=number, year=year, title=title, date=date, replace=replace
        )
        return JSONResponse(result.to_dict(), status_code=201)

    if not pages:
        return
    from pmi_law.serve.web import templates
    from pmi_law.views import about

    env = templates()
    env.globals["about"] = about(lib)

    def render(code: int = 200, *, error: str | None = None, result: Any = None) -> HTMLResponse:
        html = env.get_template("upload.html").render(
            max_mb=max_bytes // 2**20,
            error=error,
            result=result,
            json_url="/api/documents",  # the twin: POST a file there, GET lists what is added
        )
        return HTMLResponse(html, status_code=code)

    @app.get("/tambah", response_class=HTMLResponse, include_in_schema=False)
    def upload_page() -> HTMLResponse:
        return render()

    @app.post("/tambah", response_class=HTMLResponse, include_in_schema=False)
    def upload_submit(
        file: Annotated[UploadFile, File()],
        type: Annotated[str | None, Form()] = None,
        number: Annotated[str | None, Form()] = None,
        year: Annotated[str | None, Form()] = None,
        title: Annotated[str | None, Form()] = None,
        date: Annotated[str | None, Form()] = None,
        replace: Annotated[str | None, Form()] = None,
    ) -> HTMLResponse:
        from pmi_law.serve.messages import indonesian

        try:
            result = run(
                file, type=type, number=number, year=year, title=title, date=date, replace=replace
            )
        except PmiLawError as exc:
            return render(service.http_status(exc), error=indonesian(exc))
        return render(201, result=result)
