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
from pmi_law.serve.service import SearchRequest, search_json

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
    names, (search, provision, missing, define, docs, bad) = anyio.run(
        _session_run,
        [
            ("search", {"query": q, "k": 3}),
            ("get_provision", {"citation": "uu ppmi pasal 6 ayat 1 huruf j"}),
            ("get_provision", {"citation": "UU 18/2017 Pasal 999"}),
            ("define", {"term": "SIP3MI"}),
            ("list_documents", {}),
            ("search", {"query": "gaji", "bab": "QQ"}),
        ],
        tmp_path / "mcp-stderr.log",
    )
    stderr = (tmp_path / "mcp-stderr.log").read_text()
    assert names == ["define", "get_delegations", "get_provision", "list_documents", "search"], (
        stderr
    )
    assert not search.is_error, (search.content, stderr)
    assert _payload(search) == search_json(library, SearchRequest(q=q, k=3))
    assert _payload(provision)["citation"] == "UU 18/2017 Pasal 6 ayat (1) huruf j"
    assert missing.is_error
    with pytest.raises(UnknownCitation) as expected:  # the same one-line message as the API
        library.get("UU 18/2017 Pasal 999")
    assert missing.content[0].text.endswith(f": {expected.value}")
    assert any(d["abbreviation"] == "SIP3MI" for d in _payload(define)["definitions"])
    assert [d["citation"] for d in _payload(docs)["documents"]] == list(library.entries)
    assert bad.is_error and "roman numeral" in bad.content[0].text


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
