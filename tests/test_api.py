"""The HTTP API and pages in-process (FastAPI TestClient), on the real corpus and index.

Expected values come from the library itself (the API must say what the library says), never
from hard-coded results. One Library (the session fixture) serves every test, so the index is
built at most once.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pmi_law.cli import app as cli_app
from pmi_law.serve.api import create_app
from pmi_law.serve.web import mark, slug
from pmi_law.status import UNIT_KINDS, corpus_date
from pmi_law.views import NOTICE, definition_view, document_rows, provision_view


@pytest.fixture(scope="session")
def client(library) -> TestClient:
    library.searcher()  # build or load the index once for the whole session
    return TestClient(create_app(library), raise_server_exceptions=False)


def api(client: TestClient, url: str, status: int = 200) -> Any:
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("application/json")
    return r.json()


def provision_url(citation: str) -> str:
    return "/api/provisions/" + quote(citation, safe="")


# ---------------------------------------------------------------------------- search


def test_search_returns_the_library_hits(client, library):
    q = "majikan menahan paspor saya"
    data = api(client, f"/api/search?q={quote(q)}&k=5")
    assert data["query"] == q
    hits = library.search(q, k=5)
    assert [{k: h[k] for k in h if k in ("citation", "text", "score")} for h in data["hits"]] == [
        {"citation": h.citation, "text": h.text, "score": round(h.score, 6)} for h in hits
    ]
    for got, hit in zip(data["hits"], hits, strict=True):
        assert got.items() >= hit.to_dict().items()  # Hit.to_dict() plus statuses and caveats
        assert got["unit_status"]["kind"] in UNIT_KINDS
    assert len(data["hits"]) == 5
    assert data["notice"] == NOTICE and data["corpus_date"] == corpus_date(library)


def test_search_for_a_citation_puts_it_first(client):
    data = api(client, "/api/search?q=" + quote("uu no 18 tahun 2017 pasal 69"))
    assert data["hits"][0]["pasal"] == "UU 18/2017 Pasal 69"


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ("doc=" + quote("UU 21/2007"), lambda h: h["document"] == "UU 21/2007"),
        ("doc=" + quote("uu no. 21 tahun 2007"), lambda h: h["document"] == "UU 21/2007"),
        ("type=pp", lambda h: h["document"].startswith("PP ")),
        ("part=penjelasan", lambda h: h["part"] == "penjelasan"),
        ("part=body", lambda h: h["part"] == "body"),
    ],
)
def test_search_filters(client, params, check):
    hits = api(client, f"/api/search?q=gaji+pekerja&k=8&{params}")["hits"]
    assert hits
    assert all(check(h) for h in hits), hits


def test_search_bab_filter(client, library):
    hits = api(client, "/api/search?q=hak+pekerja&doc=UU+18%2F2017&bab=ii&k=5")["hits"]
    assert hits
    for h in hits:
        node = library.get(h["pasal"])
        babs = []
        while node is not None:
            babs.append(node.label if node.kind == "bab" else "")
            node = node.parent
        assert "BAB II" in babs


def test_revoked_laws_only_with_all(client, library):
    revoked = {c for c, e in library.entries.items() if not e.in_force}
    assert revoked
    q = "penempatan tenaga kerja indonesia di luar negeri"
    default = api(client, f"/api/search?q={quote(q)}&k=20")["hits"]
    assert not {h["document"] for h in default} & revoked
    everything = api(client, f"/api/search?q={quote(q)}&k=20&all=true")["hits"]
    found = [h for h in everything if h["document"] in revoked]
    assert found
    assert all(h["status"].startswith("dicabut") for h in found)


# ---------------------------------------------------------------------------- other endpoints


@pytest.mark.parametrize(
    "citation",
    ["UU 18/2017 Pasal 6", "UU 18/2017 BAB III", "PP 59/2021 Pasal 3", "Skripsi BP3MI-NTB Abstrak"],
)
def test_provision_is_the_cli_json(client, library, citation):
    data = api(client, provision_url(citation))
    assert data == provision_view(library, library.get(citation))
    shown = CliRunner().invoke(cli_app, ["show", citation, "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output) == data


def test_provision_accepts_forgiving_forms(client):
    data = api(client, provision_url("uu no. 18 tahun 2017 pasal 6 ayat 1 huruf j"))
    assert data["citation"] == "UU 18/2017 Pasal 6 ayat (1) huruf j"
    assert (
        api(client, "/api/provisions/UU%2018/2017%20Pasal%206")["citation"] == "UU 18/2017 Pasal 6"
    )


def test_define_is_the_cli_json(client, library):
    data = api(client, "/api/define?term=SIP3MI")
    assert data["definitions"] == [definition_view(library, d) for d in library.define("SIP3MI")]
    assert any(d["abbreviation"] == "SIP3MI" for d in data["definitions"])
    shown = CliRunner().invoke(cli_app, ["define", "SIP3MI", "--json"])
    assert json.loads(shown.output) == data["definitions"]


def test_documents_and_health(client, library):
    assert api(client, "/api/documents")["documents"] == document_rows(library)
    health = api(client, "/api/health")
    assert health["status"] == "ok", health
    assert health["corpus"]["documents"] == len(library.entries)
    assert health["index"]["passages"] > 0


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/search?q=", 422, "q"),
        ("/api/search", 422, "q"),
        ("/api/search?q=%21%21%3F", 400, "no words"),
        ("/api/search?q=%20%20", 400, "empty query"),
        ("/api/search?q=" + "a" * 1001, 422, "1000"),
        ("/api/search?q=gaji&k=0", 422, "k"),
        ("/api/search?q=gaji&k=101", 422, "k"),
        ("/api/search?q=gaji&k=lima", 422, "k"),
        ("/api/search?q=gaji&type=Perda", 400, "document type"),
        ("/api/search?q=gaji&bab=QQ", 400, "roman numeral"),
        ("/api/search?q=gaji&part=preamble", 400, "part"),
        ("/api/search?q=gaji&doc=UU+99%2F1999", 404, "unknown document"),
        ("/api/search?q=gaji&doc=UU+18%2F2017+Pasal+6", 400, "not a document"),
        ("/api/provisions/UU%2099/1999%20Pasal%201", 404, "no document"),
        ("/api/search?q=gaji&as_of=kemarin", 400, "not a date"),
        ("/api/provisions/UU%2018/2017%20Pasal%20999", 404, "no Pasal 999"),
        ("/api/provisions/UU%2018/2017", 404, "whole document"),
        ("/api/provisions/bukan%20sitasi", 400, "citation"),
        ("/api/provisions/UU%2018/2017%20Pasal%206?as_of=2020-13-45", 400, "not a date"),
        ("/api/define?term=zzzqqq", 404, "no definition"),
        ("/api/define?term=", 422, "term"),
        ("/api/nothing", 404, "no such page"),
    ],
)
def test_errors_are_one_clear_json_message(client, url, status, words):
    data = api(client, url, status)
    assert set(data) == {"error"}
    message = data["error"]
    assert words.lower() in message.lower()
    assert "\n" not in message and "Traceback" not in message


def test_methods_and_sizes(client):
    r = client.post("/api/search?q=gaji")
    assert r.status_code == 405 and r.json() == {"error": "only GET is supported"}
    r = client.request("GET", "/api/documents", content=b"x" * 20_000)
    assert r.status_code == 413 and "error" in r.json()
    r = client.get("/api/search?q=" + "a" * 5000)
    assert r.status_code == 414 and "error" in r.json()


def test_security_headers_and_no_cors_by_default(client):
    for url in ("/", "/api/documents", "/ketentuan/UU%2018/2017%20Pasal%206", "/static/style.css"):
        r = client.get(url, headers={"Origin": "https://example.org"})
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "access-control-allow-origin" not in r.headers


def test_cors_when_configured(library):
    c = TestClient(create_app(library, cors_origins=["https://bantuan.example"]))
    r = c.get("/api/documents", headers={"Origin": "https://bantuan.example"})
    assert r.headers["access-control-allow-origin"] == "https://bantuan.example"
    r = c.get("/api/documents", headers={"Origin": "https://other.example"})
    assert "access-control-allow-origin" not in r.headers


def test_no_interactive_docs_from_a_cdn(client):
    assert client.get("/docs").status_code == 404
    schema = api(client, "/openapi.json")
    assert {"/api/search", "/api/define", "/api/documents", "/api/health"} <= set(schema["paths"])


# ---------------------------------------------------------------------------- pages


def test_query_is_escaped_in_the_page(client):
    r = client.get("/?q=" + quote('<script>alert("x")</script> gaji'))
    assert r.status_code == 200
    assert "<script>alert" not in r.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; gaji" in r.text


def test_search_page_shows_hits_with_highlights(client, library):
    q = "agen memotong gaji"
    r = client.get("/?q=" + quote(q))
    assert r.status_code == 200
    for h in library.search(q, k=10):
        assert f">{h.citation}</a>" in r.text
    assert "<mark>" in r.text
    assert 'class="why"' in r.text


def test_search_page_error_is_shown(client):
    r = client.get("/?q=gaji&bab=QQ")
    assert r.status_code == 400
    assert "BAB harus berupa angka Romawi seperti VII, bukan &#39;QQ&#39;" in r.text
    assert "roman numeral" not in r.text


def test_provision_page(client, library):
    r = client.get("/ketentuan/" + quote("uu ppmi pasal 8", safe=""), follow_redirects=False)
    assert r.status_code == 302
    assert r.headers["location"] == "/ketentuan/UU%2018/2017%20Pasal%208"
    page = client.get(r.headers["location"]).text
    node = library.get("UU 18/2017 Pasal 8")
    view = provision_view(library, node)
    assert 'id="penjelasan"' in page
    for c in view["cites"] + view["cited_by"]:
        assert f">{c}</a>" in page
    for child in node.children:
        assert f'id="{slug(child.label)}"' in page
    assert 'href="/istilah#' in page  # defined terms are linked to the glossary
    assert 'class="citation-text"' in page and 'value="UU 18/2017 Pasal 8"' in page


def test_unknown_provision_page_is_404_html(client):
    r = client.get("/ketentuan/UU%2018/2017%20Pasal%20999")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "UU 18/2017 tidak memuat Pasal 999." in r.text


def test_document_page_anchors_every_pasal_and_ayat(client, library):
    page = client.get("/dokumen/UU%2018/2017").text
    doc = library.document("UU 18/2017")
    for n in doc.nodes("pasal") + doc.nodes("ayat") + doc.nodes("bab"):
        assert f'id="{slug(n.label)}"' in page, n.citation
        if n.kind != "ayat":
            assert f'href="#{slug(n.label)}"' in page, n.citation


def test_documents_page_and_glossary(client, library):
    page = client.get("/dokumen").text
    for row in document_rows(library):
        assert row["citation"] in page and row["status"] in page
    glossary = client.get("/istilah").text
    for d in library.document("UU 18/2017").definitions:
        assert f'id="{slug(d.citation)}"' in glossary
    one = client.get("/istilah?q=SIP3MI").text
    assert "SIP3MI" in one


def test_static_files_only_from_the_package(client):
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    for bad in ("/static/api.py", "/static/..%2Fapi.py", "/static/%2e%2e/web.py", "/static/"):
        assert client.get(bad).status_code == 404, bad


@pytest.mark.parametrize(
    ("text", "patterns", "expected"),
    [
        (
            "Pekerja Migran bekerja",
            {"Pekerja Migran": "/a"},
            [("Pekerja Migran", "/a"), (" bekerja", None)],
        ),
        ("gaji dan Gaji", {"gaji": ""}, [("gaji", ""), (" dan Gaji", None)]),
        ("a <b> c", {"<b>": ""}, [("a ", None), ("<b>", ""), (" c", None)]),
        ("SIP3MI dan P3MI", {"P3MI": "/p"}, [("SIP3MI dan ", None), ("P3MI", "/p")]),
        ("", {"x": ""}, [("", None)]),
    ],
)
def test_mark_segments(text, patterns, expected):
    assert mark(text, patterns) == expected


def test_segments_are_escaped_when_rendered():
    from pmi_law.serve.web import templates

    macro = '{% from "_macros.html" import segments %}{{ segments(parts) }}'
    html = (
        templates()
        .from_string(macro)
        .render(parts=[("<b>", ""), ("x<y", '/istilah#"a'), ("&", None)])
    )
    assert html == '<mark>&lt;b&gt;</mark><a class="term" href="/istilah#&#34;a">x&lt;y</a>&amp;'


def test_mark_ignores_case_when_asked():
    assert mark("Gaji dan gaji", {"gaji": ""}, ignore_case=True) == [
        ("Gaji", ""),
        (" dan ", None),
        ("gaji", ""),
    ]


# ---------------------------------------------------------------------------- fuzzing


def _strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values for a parameter: valid ones and the edges around them."""
    kinds = [s.get("type") for s in schema.get("anyOf", [schema])]
    text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
    options: list[st.SearchStrategy[Any]] = [
        text,
        st.sampled_from(
            ["", " ", "0", "-1", "VII", "UU 18/2017", "Pasal 6", "<script>", "%00", "../.."]
        ),
    ]
    if "integer" in kinds:
        options.append(st.integers(-5, 200).map(str))
    if "boolean" in kinds:
        options.append(st.sampled_from(["true", "false", "1", "0", "yes", "maybe"]))
    return st.one_of(options)


def _operations(client: TestClient) -> list[tuple[str, list[dict[str, Any]]]]:
    schema = client.get("/openapi.json").json()
    return [
        (path, op.get("parameters", []))
        for path, item in schema["paths"].items()
        for op in [item["get"]]
    ]


def test_openapi_lists_every_api_endpoint(client):
    paths = [p for p, _ in _operations(client)]
    assert sorted(paths) == sorted(
        [
            "/api/search",
            "/api/provisions/{citation}",
            "/api/define",
            "/api/glossary",
            "/api/delegations",
            "/api/documents",
            "/api/documents/{citation}",
            "/api/health",
        ]
    )


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzz_from_openapi_finds_no_500(client, data):
    """Every operation of /openapi.json with generated (often invalid) parameters: never a 500."""
    path, params = data.draw(st.sampled_from(_operations(client)))
    query: dict[str, str] = {}
    url = path
    for p in params:
        required = p.get("required", False)
        if not required and data.draw(st.booleans()):
            continue
        value = data.draw(_strategy(p.get("schema", {})))
        if p["in"] == "path":
            url = url.replace("{" + p["name"] + "}", quote(value, safe="") or "x")
        else:
            query[p["name"]] = value
    r = client.get(url, params=query)
    assert r.status_code < 500, (url, query, r.status_code, r.text[:300])
    body = r.json()
    if r.status_code >= 400:
        assert set(body) == {"error"} and isinstance(body["error"], str)


# ---------------------------------------------------------------------------- search cache


def test_cache_keeps_the_most_recent_searches():
    from pmi_law.serve.service import ResultCache

    cache = ResultCache(size=2)
    calls: list[str] = []

    def compute(name: str):
        return lambda: (calls.append(name), (name,))[1]

    for key in ["a", "b", "a", "c", "a", "b"]:
        assert cache.get((key,), compute(key)) == (key,)
    assert calls == ["a", "b", "c", "b"]  # "a" stayed (used lately), "b" was evicted by "c"


def test_cache_runs_identical_searches_once():
    import threading

    from pmi_law.serve.service import ResultCache

    cache = ResultCache()
    release = threading.Event()
    calls: list[int] = []
    results: list[tuple] = []

    def compute():
        calls.append(1)
        release.wait(10)
        return ("hit",)

    threads = [
        threading.Thread(target=lambda: results.append(cache.get(("q",), compute)))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    release.set()
    for t in threads:
        t.join(10)
    assert calls == [1]
    assert results == [("hit",)] * 8


def test_cached_search_answers_the_same(client):
    url = "/api/search?q=" + quote("biaya penempatan yang dibebankan") + "&k=4"
    assert api(client, url) == api(client, url)


def test_provision_as_of_a_date(client):
    """Pasal 51 before UU 11/2020 asks for SIP3MI; today it asks for Perizinan Berusaha."""
    old = api(client, provision_url("UU 18/2017 Pasal 51") + "?as_of=2019-01-01")
    new = api(client, provision_url("UU 18/2017 Pasal 51"))
    assert "SIP3MI" in json.dumps(old["children"])
    assert "Perizinan Berusaha" not in json.dumps(old["children"])
    assert "Perizinan Berusaha" in json.dumps(new["children"])
    before = client.get(provision_url("UU 18/2017 Pasal 89A") + "?as_of=2019-01-01")
    assert before.status_code == 404  # inserted in 2020


def test_search_as_of_gives_the_text_of_that_date(client):
    hits = api(client, "/api/search?q=UU+18/2017+Pasal+51&k=3&as_of=2019-01-01")["hits"]
    texts = [h["text"] for h in hits if h["pasal"] == "UU 18/2017 Pasal 51"]
    assert texts and not any("Perizinan Berusaha" in t for t in texts)


# ---------------------------------------------------------------------------- status, notice, 404


@pytest.mark.parametrize(
    "url",
    [
        "/dokumen/UU%2099/1999",
        "/dokumen/bukan%20dokumen",
        "/dokumen/UU%2018/2017%20Pasal%206",
        "/ketentuan/UU%2099/1999%20Pasal%201",
        "/ketentuan/UU%2018/2017%20Pasal%2089A?as_of=2019-01-01",
        "/halaman-yang-tidak-ada",
    ],
)
def test_unknown_documents_and_units_are_404_pages_in_indonesian(client, url):
    r = client.get(url)
    assert r.status_code == 404, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert "<h1>Tidak ditemukan</h1>" in r.text
    message = r.text.split('role="alert">')[1].split("</p>")[0]
    for english in ("no such", "has no", "unknown", "not a", "was not yet", "names "):
        assert english not in message, message


def test_notice_and_corpus_date_everywhere(client, library):
    when = corpus_date(library)
    assert when == max(e.date for e in library.entries.values() if e.date)
    for url in (
        "/api/search?q=gaji",
        provision_url("UU 18/2017 Pasal 6"),
        "/api/define?term=SIP3MI",
        "/api/documents",
    ):
        data = api(client, url)
        assert data["notice"] == NOTICE and data["corpus_date"] == when, url
    for page in ("/", "/?q=gaji", "/dokumen", "/istilah", "/ketentuan/UU%2018/2017%20Pasal%206"):
        footer = client.get(page).text.split('<footer class="site">')[1]
        assert NOTICE in footer and when in footer, page


def test_provision_page_shows_its_json_versions_and_status(client, library):
    """The page lays out the view its JSON twin gives: dated versions with the amending
    provision linked (never raw data), the unit's own status as the badge."""
    for citation, as_of in [("UU 18/2017 Pasal 51", None), ("UU 18/2017 Pasal 51", "2021-06-01")]:
        query = f"?as_of={as_of}" if as_of else ""
        page = client.get("/ketentuan/" + quote(citation) + query).text
        view = api(client, provision_url(citation) + query)
        assert "{&#39;" not in page and "valid_from" not in page  # no program data
        labels = [v["label"] for v in view["versions"]]
        assert len(labels) == 3
        shown = [" ".join(li.split()) for li in _texts(page, '<span class="version-label">')]
        assert shown == labels
        for v in view["versions"][1:]:
            assert f'href="/ketentuan/{quote(v["by"])}"' in page
        badge = _texts(page, '<p class="meta unit-status">')[0]
        assert view["unit_status"]["label"] in badge
        assert f"status-{view['unit_status']['kind']}" in page
    old = api(client, provision_url("UU 18/2017 Pasal 51") + "?as_of=2021-06-01")
    assert old["unit_status"]["by"] == "UU 11/2020 Pasal 84 angka 2"
    assert "Perppu" not in old["status"] and "Perppu" not in old["unit_status"]["label"]


def _texts(page: str, start: str) -> list[str]:
    """The text of each element opened by ``start`` (tags stripped)."""
    import re

    out = []
    for piece in page.split(start)[1:]:
        inner = piece.split("</span>" if start.startswith("<span") else "</p>")[0]
        out.append(re.sub(r"<[^>]+>", "", inner).strip())
    return out


def test_unamended_pasal_has_no_amended_badge(client, library):
    page = client.get("/ketentuan/" + quote("UU 18/2017 Pasal 69")).text
    badge = _texts(page, '<p class="meta unit-status">')[0]
    assert badge == "berlaku sejak 2017-11-22 (teks asli)"
    assert "status-berlaku" in page and "status-diubah" not in page
    assert "Tidak ada perubahan tercatat." in page


def test_document_page_marks_changed_pasal(client, library):
    from pmi_law.status import unit_status

    page = client.get("/dokumen/UU%2018/2017").text
    changed = {
        p.label: unit_status(library, p)
        for p in library.document("UU 18/2017").nodes("pasal")
        if unit_status(library, p).kind != "berlaku"
    }
    assert {"Pasal 51", "Pasal 89A"} <= set(changed)
    for label, status in changed.items():
        heading = page.split(f'id="{slug(label)}"')[1].split("</h3>")[0]
        assert f"status-{status.kind}" in heading and status.label in heading, label
    plain = page.split('id="pasal-69"')[1].split("</h3>")[0]
    assert "badge" not in plain
    assert "status-berlaku-dengan-perubahan" in page.split("<details")[0]  # the law: not red
    assert "status-dicabut" not in page and "status-diganti" not in page
    deleted = client.get("/dokumen/UU%2013/2003").text.split('id="pasal-64"')[1].split("</h3>")[0]
    assert "status-dihapus" in deleted
    before = client.get("/dokumen/UU%2018/2017?as_of=2019-01-01").text
    assert "Pasal 89A" not in before and "status-diubah" not in before


def test_documents_page_styles_by_kind(client, library):
    page = client.get("/dokumen").text
    for row in document_rows(library):
        cell = page.split(f">{row['citation']}</a>")[1].split("</tr>")[0]
        assert f"status-{row['status_kind']}" in cell
        if row["status"].startswith("berlaku"):
            assert "status-dicabut" not in cell and "status-diganti" not in cell


@pytest.mark.parametrize(
    ("error", "message"),
    [
        ("QueryError", "empty query: type a question, a topic or a citation"),
        ("QueryError", "query has no words (only punctuation)"),
        ("QueryError", "k must be between 1 and 50, not 99"),
        ("QueryError", "bab must be a roman numeral such as VII, not 'QQ'"),
        ("QueryError", "part must be one of body, penjelasan, thesis, not 'x'"),
        ("QueryError", "unknown document type 'Perda' (known: PP, UU)"),
        ("QueryError", "not a date: 'kemarin' (use YYYY-MM-DD)"),
        ("UnknownDocument", "unknown document 'UU 99/1999' (known: UU 18/2017)"),
        ("UnknownCitation", "UU 18/2017 has no Pasal 999"),
        ("UnknownCitation", "'UU 18/2017' names a whole document; name a BAB or Pasal"),
        ("UnknownCitation", "UU 18/2017 Pasal 89A was not yet in force on 2019-01-01"),
        ("UnknownCitation", "no definition of 'zzz' in the corpus"),
        ("CitationError", "cannot read citation 'x': no document or unit"),
        ("SearchIndexError", "index at /x is damaged"),
    ],
)
def test_page_messages_are_indonesian(error, message):
    from pmi_law import errors
    from pmi_law.serve.messages import indonesian

    text = indonesian(getattr(errors, error)(message))
    english = ("must be", "unknown", "has no", "whole document", "not yet", "no definition")
    assert not any(w in text for w in english), text
    assert text != message and (text[0].isupper() or text[0] == "'")
    for quoted in [w for w in message.split("'")[1::2] if w]:  # the user's words stay
        assert quoted in text


# ---------------------------------------------------------------------------- one request model


def test_same_search_same_hits_through_cli_api_and_page(client, library):
    """One request, with a filter and a date: the CLI's --json gives the API's hits exactly,
    the page lists the same citations in the same order (MCP: tests/test_mcp.py)."""
    q, k, doc, as_of = "agen memotong gaji", 7, "UU 18/2017", "2021-06-01"
    data = api(client, f"/api/search?q={quote(q)}&k={k}&doc={quote(doc)}&as_of={as_of}")
    assert len(data["hits"]) == k and data["as_of"] == as_of
    cli = CliRunner().invoke(
        cli_app, ["search", q, "-k", str(k), "--doc", doc, "--as-of", as_of, "--json"]
    )
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.output) == data["hits"]
    page = client.get(f"/?q={quote(q)}&k={k}&doc={quote(doc)}&as_of={as_of}").text
    shown = [p.split(">", 1)[1].split("<")[0] for p in page.split('class="hit-link" ')[1:]]
    assert shown == [h["citation"] for h in data["hits"]]
    for hit in data["hits"]:
        assert hit["unit_status"]["as_of"] == as_of


@pytest.mark.parametrize(
    ("args", "params"),
    [
        (["-k", "0"], "k=0"),
        (["-k", "101"], "k=101"),
        (["--bab", "QQ"], "bab=QQ"),
        (["--type", "Perda"], "type=Perda"),
        (["--part", "preamble"], "part=preamble"),
        (["--doc", "UU 99/1999"], "doc=UU+99%2F1999"),
        (["--as-of", "kemarin"], "as_of=kemarin"),
    ],
)
def test_bad_search_values_get_one_message_everywhere(client, args, params):
    """The CLI and the API (and MCP, which calls the same check) reject a bad value with
    the same words; the page says them in Indonesian."""
    from pmi_law.request import SearchRequest, check_search, parse_k
    from pmi_law.serve.messages import indonesian

    cli = CliRunner().invoke(cli_app, ["search", "gaji", *args, "--json"])
    assert cli.exit_code != 0 and cli.exception is not None
    message = str(cli.exception)
    r = client.get("/api/search?q=gaji&" + params)
    if r.status_code != 422:  # k out of range is refused by the API's schema (422) first
        assert r.json()["error"] == message
    page = client.get("/?q=gaji&" + params)
    assert page.status_code in (400, 404)
    assert indonesian(cli.exception) in page.text.replace("&#39;", "'")
    with pytest.raises(type(cli.exception)):
        key, value = params.split("=")
        fields = {"doc": "doc", "type": "type", "bab": "bab", "part": "part", "as_of": "as_of"}
        if key == "k":
            check_search(client.app.state.library, SearchRequest(q="gaji", k=parse_k(value)))
        else:
            request = SearchRequest(
                q="gaji", **{fields[key]: value.replace("+", " ").replace("%2F", "/")}
            )
            check_search(client.app.state.library, request)


# ---------------------------------------------------------------------------- a story's issues

STORY = (
    "Saya bekerja di Malaysia sebagai PRT. Sudah empat bulan gaji saya tidak dibayar"
    " majikan. Paspor saya juga ditahan majikan. Saya harus mengadu ke mana?"
)


def test_a_story_is_answered_issue_by_issue_in_the_api_and_the_page(client, library):
    data = api(client, f"/api/search?q={quote(STORY)}&k=5")
    expected = library.search_by_issue(STORY)
    assert [(g["issue"], g["label"]) for g in data["issues"]] == [
        (a.issue, a.label) for a in expected
    ]
    assert len(data["issues"]) >= 2
    for group, answer in zip(data["issues"], expected, strict=True):
        assert [h["citation"] for h in group["hits"]] == [h.citation for h in answer.hits]
        assert all(h["unit_status"]["kind"] in UNIT_KINDS for h in group["hits"])
    # a short question is one list
    assert api(client, "/api/search?q=majikan+menahan+paspor+saya")["issues"] == []
    page = client.get(f"/?q={quote(STORY)}").text
    for answer in expected:
        assert f'data-issue="{answer.issue}"' in page and answer.label in page
        assert all(h.citation in page for h in answer.hits)
    assert "data-issue=" not in client.get("/?q=majikan+menahan+paspor+saya").text


# ---------------------------------------------------------------------------- delegations


def test_delegations_api_and_page_share_one_builder(client, library):
    from pmi_law.views import delegations_view

    data = api(client, "/api/delegations?doc=" + quote("UU PPMI"))
    assert data == delegations_view(library, "UU 18/2017")
    assert data["counts"]["delegations"] == 27
    assert api(client, "/api/delegations") == data  # UU 18/2017 by default
    assert "unknown document" in api(client, "/api/delegations?doc=UU+99/2099", 404)["error"]
    page = client.get("/delegasi?doc=" + quote("UU 18/2017"))
    assert page.status_code == 200
    for d in data["delegations"]:  # every row of the API is on the page, with its state
        assert d["citation"] in page.text
    assert "Permenaker 4/2023" in page.text and "PP 22/2022" in page.text


def test_provision_carries_both_directions(client, library):
    down = api(client, provision_url("UU 18/2017 Pasal 64"))
    assert [(x["regulation"], x["via"]) for x in down["implemented_by"]] == [
        ("PP 22/2022", "menimbang")
    ]
    assert down["delegations"][0]["kind"] == "PP"
    up = api(client, provision_url("PP 59/2021 Pasal 4 ayat (1)"))
    assert {x["delegation"] for x in up["implements"]} >= {"UU 18/2017 Pasal 20"}
    page = client.get("/ketentuan/" + quote("UU 18/2017 Pasal 64"))
    assert "Dilaksanakan oleh" in page.text and "/dokumen/PP%2022/2022" in page.text
