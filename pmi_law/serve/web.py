"""Server-rendered pages (Jinja2) for legal-aid staff and students, in Indonesian.

Each page lays out the data of its JSON twin (the view builders of pmi_law/views.py, through
serve/service.py): the search page GET /api/search, a provision GET /api/provisions/{c}, a
document GET /api/documents/{c}, the documents GET /api/documents, the glossary
GET /api/glossary, the delegations GET /api/delegations. Each page names its twin in
``<link rel="alternate" type="application/json">`` and its footer. Templates only lay the data out, and Jinja autoescaping is on for every value. Highlighted
words and defined terms are passed as (text, mark) segments, never as HTML strings, so no
statute text or query can inject markup. Every page works with JavaScript off; the one
script (copy a citation) is optional and served by the app itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pmi_law.errors import CitationError, PmiLawError, QueryError
from pmi_law.request import DEFAULT_K
from pmi_law.serve import service
from pmi_law.serve.messages import indonesian
from pmi_law.serve.service import SearchRequest
from pmi_law.views import about, hit_unit, provision_view

if TYPE_CHECKING:
    from pmi_law.library import Library
    from pmi_law.models import Document, Node

HERE = Path(__file__).parent
#: The only files /static serves: name → media type (no path from the URL reaches the disk).
STATIC = {"style.css": "text/css; charset=utf-8", "copy.js": "text/javascript; charset=utf-8"}
SNIPPET_CHARS = 320
HIT_CHARS = 700
PART_LABELS = {"body": "Batang tubuh", "penjelasan": "Penjelasan", "thesis": "Skripsi"}
#: what each ranking stage added to a hit's score (retrieval/ranking.py)
WHY_LABELS = {
    "lexical": "kata (BM25)",
    "dense": "makna (e5)",
    "issues": "isu hukum dalam pertanyaan",
    "priors": "jenis dan status dokumen",
    "definition": "definisi yang ditanyakan",
    "citation": "sitasi dalam pertanyaan",
    "graph": "rujukan silang",
    "sanction": "sanksi atas larangan",
    "coverage": "jawaban atas isu hukum dalam pertanyaan",
    "restatement": "undang-undang yang diulang peraturan",
    "delegation": "peraturan pelaksana (tata cara)",
}

Segments = list[tuple[str, str | None]]


def provision_url(citation: str) -> str:
    """The stable URL of a unit; a Penjelasan citation opens the unit it explains."""
    if citation.startswith("Penjelasan "):
        body = citation.removeprefix("Penjelasan ")
        if body.endswith(" Umum"):
            return document_url(body.removesuffix(" Umum")) + "#penjelasan-umum"
        return provision_url(body) + "#penjelasan"
    return "/ketentuan/" + quote(citation, safe="/")


def document_url(citation: str) -> str:
    return "/dokumen/" + quote(citation, safe="/")


def anchor(node: Node) -> str:
    """A fragment id for a unit, unique in its document (``pasal-6-ayat-1``, ``bab-ii-bagian-ketiga``)."""
    return slug(node.label)


def slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-") or "x"


def mark(text: str, patterns: dict[str, str | None], *, ignore_case: bool = False) -> Segments:
    """Split ``text`` into (piece, value) where a piece matches a key of ``patterns`` (longest first)."""
    keys = sorted((k for k in patterns if k), key=len, reverse=True)
    if not keys or not text:
        return [(text, None)]
    rx = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)",
        re.IGNORECASE if ignore_case else 0,
    )
    lookup = {k.lower(): v for k, v in patterns.items()} if ignore_case else patterns
    out: Segments = []
    pos = 0
    for m in rx.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], None))
        key = m.group(1).lower() if ignore_case else m.group(1)
        out.append((m.group(1), lookup.get(key, "") or ""))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def shorten(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


# ---------------------------------------------------------------------------- data builders


def search_page(
    lib: Library, req: SearchRequest | None, cache: service.ResultCache | None = None
) -> dict[str, Any]:
    """The search form's options and, for a query, its results."""
    data: dict[str, Any] = {
        "req": req or SearchRequest(q=""),
        "documents": [(c, e.title) for c, e in lib.entries.items()],
        "types": sorted({e.type for e in lib.entries.values()}),
        "hits": None,
        "issues": [],
        "error": None,
    }
    if req is not None:
        data["json_url"] = search_json_url(req)
        try:
            found = service.search_json(lib, req, cache)  # the page's JSON twin, as is
        except PmiLawError as exc:
            data["error"] = indonesian(exc)
        else:
            data["query"] = found["query"]
            when = found.get("as_of")
            data["hits"] = [_hit_row(lib, row, when) for row in found["hits"]]
            data["issues"] = [
                {**group, "hits": [_hit_row(lib, row, when) for row in group["hits"]]}
                for group in found["issues"]
            ]
    return data


def search_json_url(req: SearchRequest) -> str:
    """GET /api/search with the page's own parameters: the search page's JSON twin."""
    docs = (req.doc,) if isinstance(req.doc, str) else tuple(req.doc or ())
    params = [("q", req.q), ("k", str(req.k)), *(("doc", d) for d in docs)]
    params += [(n, v) for n in ("type", "bab", "part", "as_of") if (v := getattr(req, n))]
    if req.all:
        params.append(("all", "true"))
    return "/api/search?" + urlencode(params)


def _hit_row(lib: Library, hit: dict[str, Any], as_of: str | None = None) -> dict[str, Any]:
    """A hit of the API's answer, laid out for the page: its words marked, its Penjelasan;
    on ``as_of``, those of that date, and its links open its text of that date."""
    words: dict[str, str | None] = {w: "" for w in hit["highlights"] if len(w) > 2}
    node = hit_unit(lib, hit["citation"], service.check_as_of(as_of))
    explained = _explaining(node) if hit["part"] == "body" and node is not None else None
    text = _unlabelled(hit)
    dated = f"?as_of={quote(as_of)}" if as_of else ""
    return {
        "citation": hit["citation"],
        "url": provision_url(hit["citation"]) + dated,
        "pasal": hit["pasal"],
        "pasal_url": provision_url(hit["pasal"]) + dated,
        "segments": mark(shorten(text, HIT_CHARS), words, ignore_case=True),
        "snippet": shorten(text, SNIPPET_CHARS),
        "context": hit["context"],
        "part": PART_LABELS.get(hit["part"], hit["part"]),
        "penjelasan_hit": hit["part"] == "penjelasan",
        "status": hit["unit_status"],
        "document_status": hit["document_status"],
        "amended_by": [(c, provision_url(c)) for c in hit["amended_by"]],
        "related": [(c, provision_url(c)) for c in hit["related"][:5]],
        "elucidation": (
            (explained.label, shorten(explained.elucidation or "")) if explained else None
        ),
        "score": hit["score"],
        "why": [(WHY_LABELS.get(k, k), v) for k, v in hit["breakdown"].items() if v],
    }


def _unlabelled(hit: dict[str, Any]) -> str:
    """The hit's text without the "Pasal 70 ayat (2): " the passage starts with (its title says it)."""
    label = hit["citation"].removeprefix("Penjelasan ").removeprefix(hit["document"] + " ")
    return str(hit["text"]).removeprefix(label + ": ")


def _explaining(node: Node) -> Node | None:
    """The unit whose Penjelasan explains ``node``: itself, else the nearest unit above it up to its Pasal."""
    n: Node | None = node
    while n is not None:
        if n.elucidation:
            return n
        if n.kind == "pasal":
            return None
        n = n.parent
    return None


def _term_links(doc: Document) -> dict[str, str | None]:
    """Defined terms and abbreviations of a law, as written there, → their glossary entry."""
    links: dict[str, str | None] = {}
    for d in doc.definitions:
        target = "/istilah#" + slug(d.citation)
        if len(d.term) >= 4:
            links.setdefault(d.term, target)
        if d.abbreviation and len(d.abbreviation) >= 2:
            links.setdefault(d.abbreviation, target)
    return links


def chain(node: Node) -> list[tuple[str, str]]:
    """The BAB, Bagian, Paragraf, Pasal and ayat above a unit, outermost first, as (label, URL)."""
    out = []
    parent = node.parent
    doc = node.document
    while parent is not None:
        if parent.kind in ("bab", "bagian", "paragraf", "subbab"):
            label = _short_label(parent)
            text = f"{label} — {parent.heading}" if parent.heading else label
            url = (document_url(doc.citation) if doc else "") + "#" + anchor(parent)
            out.append((text, url))
        else:  # the Pasal or ayat a unit sits in has its own page
            out.append((_short_label(parent), provision_url(parent.citation)))
        parent = parent.parent
    return list(reversed(out))


def _unit_rows(node: Node, terms: dict[str, str | None]) -> list[dict[str, Any]]:
    rows = []
    for n in node.walk():
        if n.kind in ("bab", "bagian", "paragraf", "subbab") and n is not node:
            rows.append({"heading_only": True, "node": n, "anchor": anchor(n), "depth": 0})
            continue
        depth = 0
        p: Node | None = n
        while p is not None and p is not node:
            depth += 1
            p = p.parent
        rows.append(
            {
                "heading_only": False,
                "node": n,
                "anchor": anchor(n),
                "depth": depth if n.kind not in ("pasal",) else 0,
                "marker": _marker(n, node),
                "segments": mark(n.text, terms),
                "elucidation": n.elucidation,
                "url": provision_url(n.citation),
            }
        )
    return rows


def _marker(n: Node, top: Node) -> str:
    if n is top:
        return ""
    if n.kind == "pasal":
        return n.label
    if n.kind == "ayat":
        return f"({n.number})"
    if n.kind == "huruf" or (n.kind == "angka" and (n.parent is None or n.parent.kind != "huruf")):
        return f"{n.number}."
    if n.kind == "angka":
        return f"{n.number})"
    return n.label


def provision_page(lib: Library, node: Node, as_of: str | None = None) -> dict[str, Any]:
    """A unit with everything `pmi-law show` gives (the same view as its JSON), plus its place
    in the law and linked terms; on ``as_of``, the text and status of that date."""
    view = provision_view(lib, node, as_of)
    doc = node.document
    assert doc is not None
    terms = _term_links(doc)
    return {
        "view": view,
        "node": node,
        "as_of": as_of,
        "document": doc.citation,
        "document_url": document_url(doc.citation),
        "document_title": doc.title,
        "unit_status": view["unit_status"],
        "document_status": view["document_status"],
        "chain": chain(node),
        "rows": _unit_rows(node, terms),
        "elucidations": [
            (n.label, mark(n.elucidation or "", terms), _fragment(n, node))
            for n in _above(node) + list(node.walk())
            if n.elucidation
        ],
        "cites": [(c, provision_url(c)) for c in view["cites"]],
        "cited_by": [(c, provision_url(c)) for c in view["cited_by"]],
        "amended_by": [(c, provision_url(c)) for c in view["amended_by"]],
        "versions": [
            {
                **v,
                "segments": mark(v["label"], {v["by"]: provision_url(v["by"])} if v["by"] else {}),
            }
            for v in view["versions"]
        ],
        "notes": view["notes"],
        "source_marked": view["source_marked"],
        "json_url": "/api/provisions/"
        + quote(node.citation, safe="")
        + (f"?as_of={quote(as_of)}" if as_of else ""),
        **delegation_links(view),
    }


VIA_LABELS = {"menimbang": "Menimbang", "reference": "rujukan", "restatement": "memuat ulang"}


def _link_row(link: dict[str, Any], shown: str) -> dict[str, Any]:
    """One link for a page: the unit (or whole regulation) shown, its URL, how it was found."""
    whole = link["unit"] is None and shown == link["target"]
    url = document_url(shown) if whole else provision_url(shown)
    return {
        "citation": shown,
        "url": url,
        "whole": whole,
        "via": VIA_LABELS.get(link["via"], link["via"]),
        "evidence": link["evidence"],
    }


def delegation_links(view: dict[str, Any]) -> dict[str, Any]:
    """The "Delegasi", "Dilaksanakan oleh" and "Melaksanakan" rows of a provision page."""
    return {
        "delegations": [d for d in view["delegations"] if d["kind"] != "umum"],
        "implemented_by": [_link_row(link, link["target"]) for link in view["implemented_by"]],
        "implements": [_link_row(link, link["delegation"]) for link in view["implements"]],
    }


def delegations_page(lib: Library, document: str | None) -> dict[str, Any]:
    """The /delegasi page: the same data as GET /api/delegations, plus the list of laws."""
    data = service.delegations_json(lib, document)
    for d in data["delegations"]:
        d["rows"] = [_link_row(link, link["target"]) for link in d["links"]]
    data["implements_rows"] = [
        _link_row(link, link["delegation"]) for link in data["implements"] if link["unit"] is None
    ]
    data["choices"] = [c for c, e in lib.entries.items() if e.type != "Skripsi" and not e.excerpt]
    data["json_url"] = "/api/delegations?" + urlencode({"doc": data["document"]})
    return data


def _above(node: Node) -> list[Node]:
    """The units above ``node`` up to its Pasal, outermost first (their Penjelasan applies too)."""
    out = []
    parent = node.parent if node.kind != "pasal" else None
    while parent is not None and parent.kind in ("pasal", "ayat", "huruf", "angka"):
        out.append(parent)
        parent = parent.parent if parent.kind != "pasal" else None
    return list(reversed(out))


def _fragment(n: Node, page: Node) -> str:
    """Where a unit's text is: an anchor on this page, or the page of the unit above it."""
    return "#" + anchor(n) if n is page or n.is_inside(page) else provision_url(n.citation)


def toc(nodes: list[Node]) -> list[dict[str, Any]]:
    """BAB ▸ Bagian ▸ Paragraf ▸ Pasal, each with its anchor (ayat are anchored in the text)."""
    out = []
    for n in nodes:
        if n.kind in ("ayat", "huruf", "angka", "alinea"):
            continue
        out.append(
            {
                "label": n.label if n.kind == "pasal" else _short_label(n),
                "heading": n.heading,
                "anchor": anchor(n),
                "children": toc(n.children) if n.kind != "pasal" else [],
            }
        )
    return out


def _short_label(n: Node) -> str:
    from pmi_law.models import unit_label

    return unit_label(n.kind, n.number) if n.number else n.label


def document_page(lib: Library, citation: str, as_of: str | None = None) -> dict[str, Any]:
    """A whole document (as in force on ``as_of``) laid out from its JSON twin
    (GET /api/documents/{citation}): its status on that date, and which of its Pasal were
    amended, inserted or deleted (each marked where it stands)."""
    view = service.document_json(lib, citation, as_of)
    cit = view["citation"]
    doc = lib.document(cit, service.check_as_of(as_of))
    changed = {c["citation"]: c["status"] for c in view["changed"]}
    rows: list[dict[str, Any]] = []
    terms = _term_links(doc)
    for top in doc.children:
        rows.extend(_unit_rows_flat(top, terms))
    for row in rows:
        row["status"] = changed.get(row["node"].citation) if row["node"].kind == "pasal" else None
    query = f"?as_of={quote(as_of)}" if as_of else ""
    return {
        "view": view,
        "document": doc,
        "implements": [_link_row(link, link["delegation"]) for link in view["implements"]],
        "as_of": as_of,
        "status": view["status"],
        "status_kind": view["status_kind"],
        "note": view["note"],
        "toc": toc(doc.children),
        "rows": rows,
        "changed": [
            (row["node"].label, "#" + row["anchor"], row["status"]) for row in rows if row["status"]
        ],
        "general": doc.elucidation_general,
        "json_url": "/api/documents/" + quote(cit, safe="/") + query,
    }


def _unit_rows_flat(top: Node, terms: dict[str, str | None]) -> list[dict[str, Any]]:
    rows = []
    for n in top.walk():
        depth = 0
        p = n.parent
        while p is not None and p.kind not in ("bab", "bagian", "paragraf", "subbab", "abstrak"):
            depth += 1
            p = p.parent
        rows.append(
            {
                "node": n,
                "structure": n.kind in ("bab", "bagian", "paragraf", "subbab", "abstrak"),
                "anchor": anchor(n),
                "depth": depth,
                "marker": _marker(n, top) if n.kind != "pasal" else n.label,
                "segments": mark(n.text, terms),
                "url": provision_url(n.citation),
                "elucidation": n.elucidation,
            }
        )
    return rows


def glossary_page(lib: Library, term: str | None, as_of: str | None = None) -> dict[str, Any]:
    """All definitions of the laws in force by document, or those of one term (on ``as_of``:
    of the laws in force that day): the data of GET /api/glossary, with each definition's
    link (to its text of that day) and anchor."""
    params = [(n, v) for n, v in (("q", term), ("as_of", as_of)) if v]
    json_url = "/api/glossary" + (f"?{urlencode(params)}" if params else "")
    base = {"term": term or "", "as_of": as_of or "", "json_url": json_url, "code": 200}
    try:
        view = service.glossary_json(lib, term, as_of)
    except PmiLawError as exc:  # a bad date is a bad request; a term not defined is an answer
        code = 400 if isinstance(exc, QueryError) else 200
        return {**base, "groups": [], "error": indonesian(exc), "code": code}
    dated = f"?as_of={quote(as_of)}" if as_of else ""
    rows = [
        (
            group["document"] or "",
            group["title"],
            [
                {**d, "url": provision_url(d["citation"]) + dated, "anchor": slug(d["citation"])}
                for d in group["definitions"]
            ],
        )
        for group in view["groups"]
    ]
    return {**base, "groups": rows, "error": None}


# ---------------------------------------------------------------------------- routes


def templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        provision_url=provision_url,
        document_url=document_url,
        max_query_chars=service.MAX_QUERY_CHARS,
        default_k=DEFAULT_K,
    )
    return env


def add_pages(app: FastAPI, lib: Library, cache: service.ResultCache | None = None) -> None:
    env = templates()
    env.globals["about"] = about(lib)

    def render(template: str, code: int = 200, **data: Any) -> HTMLResponse:
        data.setdefault("json_url", None)  # the page's JSON twin (its <link rel="alternate">)
        html = env.get_template(template).render(**data)
        return HTMLResponse(html, status_code=code)

    def failure(exc: PmiLawError, code: int | None = None) -> HTMLResponse:
        code = code or service.http_status(exc)
        title = {404: "Tidak ditemukan", 503: "Belum siap"}.get(code, "Permintaan tidak valid")
        return render("error.html", code, title=title, message=indonesian(exc))

    app.state.not_found_page = lambda: render(
        "error.html", 404, title="Tidak ditemukan", message="Halaman ini tidak ada."
    )

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search(
        q: str | None = None,
        doc: Annotated[list[str] | None, Query()] = None,
        type: str | None = None,
        bab: str | None = None,
        part: str | None = None,
        all: str | None = None,
        k: str | None = None,
        as_of: str | None = None,
    ) -> HTMLResponse:
        req = None
        error = None
        if q is not None:
            try:
                count = service.parse_k(k)
            except QueryError as exc:
                count, error = DEFAULT_K, indonesian(exc)
            req = SearchRequest(
                q=q[: service.MAX_QUERY_CHARS + 1],
                k=count,
                doc=tuple(d for d in doc or () if d) or None,
                type=type or None,
                bab=bab or None,
                part=part or None,
                as_of=(as_of or "").strip()[:20] or None,
                all=all in ("1", "on", "true"),
            )
        data = search_page(lib, req if error is None else None, cache)
        if error is not None:  # a bad k: the form again, with the message
            data.update(req=req, error=error)
        return render("search.html", 400 if data["error"] else 200, **data)

    @app.get("/ketentuan/{citation:path}", response_class=HTMLResponse, include_in_schema=False)
    def provision(citation: str, as_of: str | None = None) -> Response:
        as_of = (as_of or "").strip()[:20] or None
        try:
            node = service.lookup(lib, citation, as_of)
            data = provision_page(lib, node, as_of)
        except PmiLawError as exc:
            return failure(exc)
        if node.citation != citation:  # one stable URL per unit, whatever form was typed
            query = f"?as_of={quote(as_of)}" if as_of else ""
            return RedirectResponse(provision_url(node.citation) + query, status_code=302)
        return render("provision.html", **data)

    @app.get("/dokumen", response_class=HTMLResponse, include_in_schema=False)
    def documents() -> HTMLResponse:
        rows = service.documents_json(lib)["documents"]
        return render("documents.html", rows=rows, json_url="/api/documents")

    @app.get("/dokumen/{citation:path}", response_class=HTMLResponse, include_in_schema=False)
    def document(citation: str, as_of: str | None = None) -> Response:
        as_of = (as_of or "").strip()[:20] or None
        try:
            data = document_page(lib, citation[: service.MAX_CITATION_CHARS], as_of)
        except PmiLawError as exc:  # a path naming no document of the corpus is not found
            return failure(exc, 404 if isinstance(exc, CitationError | QueryError) else None)
        if data["document"].citation != citation:
            query = f"?as_of={quote(as_of)}" if as_of else ""
            return RedirectResponse(document_url(data["document"].citation) + query, 302)
        return render("document.html", **data)

    @app.get("/delegasi", response_class=HTMLResponse, include_in_schema=False)
    def delegations(doc: str | None = None) -> HTMLResponse:
        try:
            data = delegations_page(lib, doc)
        except PmiLawError as exc:
            return failure(exc)
        return render("delegations.html", **data)

    @app.get("/istilah", response_class=HTMLResponse, include_in_schema=False)
    def glossary(q: str | None = None, as_of: str | None = None) -> HTMLResponse:
        data = glossary_page(lib, (q or "").strip() or None, (as_of or "").strip()[:20] or None)
        return render("glossary.html", data.pop("code"), **data)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        media = STATIC.get(name)
        if media is None:
            return HTMLResponse("not found", status_code=404)
        body = (HERE / "static" / name).read_bytes()
        return Response(body, media_type=media, headers={"Cache-Control": "max-age=3600"})
