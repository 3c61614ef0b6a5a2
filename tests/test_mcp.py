"""`pmi-law mcp` as a subprocess, driven over stdio by the official MCP client."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters, stdio_client

from pmi_law.errors import UnknownCitation
from pmi_law.serve.service import SearchRequest, assistant_search_json, search_json
from pmi_law.status import UNIT_KINDS, corpus_date
from pmi_law.views import NOTICE

EXE = Path(sys.executable).with_name("pmi-law")


def _payload(result: Any) -> Any:
    if result.structured_content is not None:
        return result.structured_content
    return json.loads(result.content[0].text)


async def _session_run(
    calls: list[tuple[str, dict[str, Any]]], log: Path
) -> tuple[list[str], list[Any]]:
    command = str(EXE) if EXE.exists() else sys.executable
    args = ["mcp"] if EXE.exists() else ["-m", "pmi_law.cli", "mcp"]
    params = StdioServerParameters(command=command, args=args, env=dict(os.environ))
    with log.open("w") as errlog:  # the server's stderr, shown when the test fails
        async with (
            stdio_client(params, errlog=errlog) as (read, write),
            ClientSession(read, write, read_timeout_seconds=600) as session,
        ):
            await session.initialize()
            tools = await session.list_tools()
            results = [await session.call_tool(name, args) for name, args in calls]
    return sorted(t.name for t in tools.tools), results


def test_mcp_server_lists_tools_and_searches(library, tmp_path):
    library.searcher()  # the index exists before the server starts (it loads it, never rebuilds)
    q = "majikan menahan paspor saya"
    rights = "hak pekerja migran indonesia"
    same = {"query": "agen memotong gaji", "k": 7, "document": "UU 18/2017", "as_of": "2021-06-01"}
    names, (search, provision, missing, define, docs, bad, listed, then, old, big, twin) = (
        anyio.run(
            _session_run,
            [
                ("search", {"query": q, "k": 3}),
                ("get_provision", {"citation": "uu ppmi pasal 6 ayat 1 huruf j"}),
                ("get_provision", {"citation": "UU 18/2017 Pasal 999"}),
                ("define", {"term": "SIP3MI"}),
                ("list_documents", {}),
                ("search", {"query": "gaji", "bab": "QQ"}),
                ("search", {"query": rights, "k": 8, "document": "UU 18/2017"}),
                ("search", {"query": "izin perusahaan penempatan", "k": 5, "as_of": "2019-01-01"}),
                ("get_provision", {"citation": "UU 18/2017 Pasal 51", "as_of": "2019-01-01"}),
                ("search", {"query": "gaji", "k": 101}),
                ("search", same),
            ],
            tmp_path / "mcp-stderr.log",
        )
    )
    stderr = (tmp_path / "mcp-stderr.log").read_text()
    assert names == [
        "define",
        "get_delegations",
        "get_document",
        "get_glossary",
        "get_provision",
        "list_documents",
        "search",
    ], stderr
    assert not search.is_error, (search.content, stderr)
    assert _payload(search) == assistant_search_json(library, SearchRequest(q=q, k=3))
    # the same hits as the HTTP API, in the same order
    api = search_json(library, SearchRequest(q=q, k=3))
    assert [h["citation"] for h in _payload(search)["hits"]] == [h["citation"] for h in api["hits"]]
    assert _payload(provision)["citation"] == "UU 18/2017 Pasal 6 ayat (1) huruf j"
    assert missing.is_error
    with pytest.raises(UnknownCitation) as expected:  # the same one-line message as the API
        library.get("UU 18/2017 Pasal 999")
    assert missing.content[0].text.endswith(f": {expected.value}")
    assert any(d["abbreviation"] == "SIP3MI" for d in _payload(define)["definitions"])
    assert [d["citation"] for d in _payload(docs)["documents"]] == list(library.entries)
    assert bad.is_error and "roman numeral" in bad.content[0].text
    assert big.is_error and "k must be between 1 and 100" in big.content[0].text
    # the same request as tests/test_api.py's CLI / API / page test: the same hits
    twin_api = search_json(
        library, SearchRequest(q=same["query"], k=7, doc="UU 18/2017", as_of="2021-06-01")
    )
    assert [h["citation"] for h in _payload(twin)["hits"]] == [
        h["citation"] for h in twin_api["hits"]
    ]
    for answer in (search, provision, define, docs, listed, then, old):
        payload = _payload(answer)
        assert payload["notice"] == NOTICE, payload
        assert payload["corpus_date"] == corpus_date(library)
    _check_verbatim(
        library,
        _payload(listed),
        api=search_json(library, SearchRequest(q=rights, k=8, doc="UU 18/2017")),
    )
    _check_verbatim(library, _payload(search), api=api)
    dated = _payload(then)
    assert dated["as_of"] == "2019-01-01" and dated["hits"]
    for hit in dated["hits"]:
        status = hit["unit_status"]
        assert status["as_of"] == "2019-01-01"
        assert "Perppu 2/2022" not in status["label"] and "UU 11/2020" not in status["label"]
        if hit["document"] == "UU 18/2017":  # the 2019 wording (it asked for SIP3MI)
            assert "Perizinan Berusaha" not in hit["text"]
    before = _payload(old)
    assert before["unit_status"]["kind"] == "berlaku"
    assert "SIP3MI" in json.dumps(before["children"])
    assert "Perppu" not in before["status"]


def _check_verbatim(library, payload: dict[str, Any], *, api: dict[str, Any]) -> None:
    """Each hit quotes its whole unit, never an elided window; a list item comes with the
    words it hangs from; no scores; the unit's status and caveats."""
    items = 0
    for hit, found in zip(payload["hits"], api["hits"], strict=True):
        assert not {"score", "breakdown", "highlights"} & set(hit), hit
        assert hit["unit_status"]["kind"] in UNIT_KINDS and isinstance(hit["caveats"], list)
        assert hit["complete"], hit["citation"]
        node = library.get(hit["citation"].removeprefix("Penjelasan "))
        source = node.elucidation if hit["part"] == "penjelasan" else node.full_text()
        assert "…" not in hit["text"] or "…" in (source or "")
        shown = found["text"].split(": ", 1)[1].split(" … ")[-1]  # the passage's own words
        assert " ".join(shown.split()) in " ".join(hit["text"].split()), hit["citation"]
        assert (source or "").strip() in hit["text"]
        if node.kind in ("huruf", "angka") and hit["part"] == "body":
            items += 1
            assert node.parent is not None and node.parent.text in (hit["lead_in"] or "")
            assert hit["text"].startswith((f"{node.number}.", f"{node.number})"))
    assert items or not any(h["part"] == "body" for h in payload["hits"])


def test_mcp_get_delegations_both_directions(library, tmp_path):
    from pmi_law.serve.service import delegations_json

    _, (law, regulation, unknown) = anyio.run(
        _session_run,
        [
            ("get_delegations", {"document": "UU PPMI"}),
            ("get_delegations", {"document": "PP 22/2022"}),
            ("get_delegations", {"document": "UU 99/2099"}),
        ],
        tmp_path / "mcp-stderr.log",
    )
    stderr = (tmp_path / "mcp-stderr.log").read_text()
    assert not law.is_error, (law.content, stderr)
    assert _payload(law) == delegations_json(library, "UU 18/2017")
    by = {d["citation"]: d for d in _payload(law)["delegations"]}
    assert by["UU 18/2017 Pasal 64"]["regulations"] == ["PP 22/2022"]
    assert [link["delegation"] for link in _payload(regulation)["implements"]] == [
        "UU 18/2017 Pasal 64"
    ]
    assert unknown.is_error and "unknown document" in unknown.content[0].text


def test_mcp_document_and_glossary_are_the_pages_json_twins(library, tmp_path):
    from pmi_law.serve.service import document_json, glossary_json

    _, (document, dated, glossary, term, unknown) = anyio.run(
        _session_run,
        [
            ("get_document", {"document": "UU PPMI"}),
            ("get_document", {"document": "UU 18/2017", "as_of": "2019-01-01"}),
            ("get_glossary", {}),
            ("get_glossary", {"term": "SIP3MI"}),
            ("get_document", {"document": "UU 99/2099"}),
        ],
        tmp_path / "mcp-stderr.log",
    )
    stderr = (tmp_path / "mcp-stderr.log").read_text()
    assert not document.is_error, (document.content, stderr)
    assert _payload(document) == document_json(library, "UU 18/2017")
    assert _payload(dated) == document_json(library, "UU 18/2017", "2019-01-01")
    assert _payload(dated) != _payload(document)  # Perppu 2/2022's changes are not yet made
    assert _payload(glossary) == glossary_json(library)
    assert _payload(term) == glossary_json(library, "SIP3MI")
    assert unknown.is_error and "UU 99/2099" in unknown.content[0].text
