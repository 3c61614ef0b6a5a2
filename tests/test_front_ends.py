"""One search, four front ends: the CLI's ``--json``, the HTTP API, the search page and the MCP
tool give the same hits in the same order, for the same request (one request model, one view
builder). All in-process over the session's Library; the MCP server as its SDK runs it."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any
from urllib.parse import urlencode

import anyio
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pmi_law import cli
from pmi_law.serve.api import create_app
from pmi_law.serve.mcp import create_server


@pytest.fixture(scope="module")
def client(library) -> TestClient:
    library.searcher()
    return TestClient(create_app(library), raise_server_exceptions=False)


def _cli(monkeypatch, library, args: list[str]) -> Any:
    monkeypatch.setattr(cli, "_library", lambda: library)
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _mcp(library, tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
    server = create_server(library)

    async def call() -> Any:
        return await server.call_tool(tool, arguments)

    result = anyio.run(call)
    assert not result.is_error, result.content
    if result.structured_content is not None:
        return dict(result.structured_content)
    return dict(json.loads(result.content[0].text))


def _page_citations(html: str) -> list[str]:
    return [unescape(c) for c in re.findall(r'class="hit-link" href="[^"]*">([^<]*)<', html)]


CASES = [
    # (query, k, documents, as_of)
    ("agen memotong gaji", 7, ["UU 18/2017", "PP 59/2021"], "2021-06-01"),
    ("majikan menahan paspor saya", 5, ["UU PPMI"], None),
    ("what is the penalty for placing workers without a permit", 6, [], None),
]


@pytest.mark.parametrize(("q", "k", "docs", "as_of"), CASES)
def test_same_search_same_hits_through_cli_api_page_and_mcp(
    client, library, monkeypatch, q, k, docs, as_of
):
    params: list[tuple[str, str]] = [("q", q), ("k", str(k)), *(("doc", d) for d in docs)]
    if as_of:
        params.append(("as_of", as_of))
    r = client.get("/api/search?" + urlencode(params))
    assert r.status_code == 200, r.text
    api = r.json()
    citations = [h["citation"] for h in api["hits"]]
    assert len(citations) == k
    if docs:  # the repeatable doc filter acts in the search
        wanted = {library.parse_citation(d).document for d in docs}
        assert {h["document"] for h in api["hits"]} <= wanted

    args = ["search", q, "-k", str(k), "--json"]
    for d in docs:
        args += ["--doc", d]
    if as_of:
        args += ["--as-of", as_of]
    assert _cli(monkeypatch, library, args) == api["hits"]  # the same rows, not only citations

    page = client.get("/?" + urlencode(params))
    assert page.status_code == 200
    assert _page_citations(page.text) == citations

    arguments: dict[str, Any] = {"query": q, "k": k}
    if docs:
        arguments["document"] = docs if len(docs) > 1 else docs[0]
    if as_of:
        arguments["as_of"] = as_of
    mcp = _mcp(library, "search", arguments)
    assert [h["citation"] for h in mcp["hits"]] == citations
    assert [h["unit_status"] for h in mcp["hits"]] == [h["unit_status"] for h in api["hits"]]
    assert mcp["notice"] == api["notice"] and mcp["corpus_date"] == api["corpus_date"]


def test_one_doc_stays_one_value_in_the_api(client):
    """A single ``doc`` works as before; repeated, it is several documents (as --doc)."""
    one = client.get("/api/search?q=gaji&doc=UU+18%2F2017").json()
    assert one["hits"] and {h["document"] for h in one["hits"]} == {"UU 18/2017"}
    both = client.get("/api/search?q=gaji&k=20&doc=UU+18%2F2017&doc=PP+59%2F2021").json()
    assert {h["document"] for h in both["hits"]} == {"UU 18/2017", "PP 59/2021"}
    bad = client.get("/api/search?q=gaji&doc=UU+18%2F2017&doc=UU+99%2F1999")
    assert bad.status_code == 404 and "UU 99/1999" in bad.json()["error"]


def test_definitions_the_same_through_cli_api_and_mcp(client, library, monkeypatch):
    shown = _cli(monkeypatch, library, ["define", "SIP3MI", "--as-of", "2019-01-01", "--json"])
    api = client.get("/api/define?term=SIP3MI&as_of=2019-01-01").json()
    assert api["definitions"] == shown
    assert _mcp(library, "define", {"term": "SIP3MI", "as_of": "2019-01-01"}) == api
    glossary = client.get("/api/glossary?q=SIP3MI").json()
    assert glossary["groups"][0]["definitions"] == _cli(
        monkeypatch, library, ["define", "SIP3MI", "--json"]
    )


def test_document_twin_is_the_document_as_of_a_date(client, library, monkeypatch):
    latest = client.get("/api/documents/UU%2018/2017").json()
    old = client.get("/api/documents/" + "UU PPMI" + "?as_of=2019-01-01").json()
    assert _cli(monkeypatch, library, ["document", "UU 18/2017", "--json"]) == latest
    shown = _cli(monkeypatch, library, ["document", "uu ppmi", "--as-of", "2019-01-01", "--json"])
    assert shown == old
    assert latest["citation"] == old["citation"] == "UU 18/2017"
    assert old["as_of"] == "2019-01-01" and latest["as_of"] is None
    assert old["status_kind"] == "berlaku" and latest["status_kind"] == "berlaku-dengan-perubahan"
    assert old["changed"] == [] and {c["label"] for c in latest["changed"]} >= {
        "Pasal 51",
        "Pasal 89A",
    }
    assert client.get("/api/documents/UU%2099/1999").status_code == 404
