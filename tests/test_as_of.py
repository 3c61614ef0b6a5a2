"""Point-in-time answers (`--as-of`): definitions, search and the status shown are the law's
on the date asked, in the library and through every front end.

The statutes are read from ../shared/corpus; the BM25 snippets are synthetic.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from typing import Any

import anyio
import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from pmi_law import cli
from pmi_law.errors import QueryError, UnknownCitation
from pmi_law.retrieval.lexical import LexicalIndex
from pmi_law.retrieval.passages import dated_passages, document_passages
from pmi_law.views import definition_view

# ---------------------------------------------------------------------------- define

DEFINE_CASES = [
    # (term, as_of, citations in order, status kind of each definition's law on that date)
    ("SIP3MI", "2019-01-01", ["UU 18/2017 Pasal 1 angka 16"], ["berlaku"]),
    (
        "SIP3MI",
        "2021-06-01",
        ["UU 18/2017 Pasal 1 angka 16", "PP 59/2021 Pasal 1 angka 9"],
        ["berlaku-dengan-perubahan", "berlaku"],
    ),
    ("TKI", "2010-01-01", ["UU 39/2004 Pasal 1 angka 1"], ["berlaku"]),
    # UU 39/2004 revoked on 2017-11-22; PP 3/2013 (its regulation) until PP 59/2021
    ("TKI", "2019-01-01", ["PP 3/2013 Pasal 1 angka 2"], ["berlaku"]),
    # no date: every law, those revoked marked so
    (
        "TKI",
        None,
        ["UU 39/2004 Pasal 1 angka 1", "PP 3/2013 Pasal 1 angka 2"],
        ["dicabut", "dicabut"],
    ),
]


@pytest.mark.parametrize(("term", "as_of", "citations", "kinds"), DEFINE_CASES)
def test_definitions_are_those_of_the_laws_in_force_on_the_date(
    library, term, as_of, citations, kinds
):
    when = date.fromisoformat(as_of) if as_of else None
    found = library.define(term, when)
    assert [d.citation for d in found] == citations
    rows = [definition_view(library, d, when) for d in found]
    assert [r["document_status"]["kind"] for r in rows] == kinds


def test_the_definition_is_the_wording_of_the_date(library):
    (before,) = library.define("SIP3MI", "2019-01-01")
    assert "oleh Menteri" in before.text
    assert "Pemerintah Pusat" in library.define("SIP3MI", "2021-06-01")[0].text


def test_laws_in_force_come_before_revoked_ones(library):
    """Without a date a term both a law in force and a revoked one define lists the law in
    force first."""
    found = library.define("Perjanjian Kerja")
    docs = [d.citation.split(" Pasal ")[0] for d in found]
    revoked = [i for i, d in enumerate(docs) if not library.entries[d].in_force]
    in_force = [i for i, d in enumerate(docs) if library.entries[d].in_force]
    assert revoked and in_force and max(in_force) < min(revoked)


@pytest.mark.parametrize("as_of", ["2003-01-01", "1999"])
def test_no_definition_before_any_law_defined_it(library, as_of):
    with pytest.raises(UnknownCitation, match="in force on"):
        library.define("SIP3MI", as_of)


# ---------------------------------------------------------------------------- passages


def test_an_amended_laws_passages_are_dated_by_wording(library):
    states = library.timeline("UU 18/2017").states
    latest, earlier = dated_passages(states)
    plain = list(document_passages(states[-1][1]))
    # the latest wording: the same passages as before, only dated
    assert [(p.citation, p.text) for p in latest] == [(p.citation, p.text) for p in plain]
    by = {(p.citation, p.valid_from, p.valid_to) for p in latest + earlier}
    # Pasal 1 angka 16 (SIP3MI): "Menteri" until UU 11/2020, "Pemerintah Pusat" since
    assert ("UU 18/2017 Pasal 1 angka 16", None, "2020-11-02") in by
    assert ("UU 18/2017 Pasal 1 angka 16", "2020-11-02", None) in by
    assert all(p.valid_to and not p.current for p in earlier)
    assert all(p.valid_from is None or p.valid_from > "2017" for p in latest)
    # an unamended unit keeps no date
    assert next(p for p in latest if p.citation == "UU 18/2017 Pasal 6 ayat (1)").valid_from is None


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "day", "holds"),
    [
        (None, "2020-11-02", "2019-01-01", True),
        (None, "2020-11-02", "2020-11-02", False),  # the new wording holds from that day
        ("2020-11-02", None, "2020-11-02", True),
        ("2020-11-02", None, "2020-11-01", False),
        ("2020-11-02", "2022-12-30", "2023-01-01", False),
    ],
)
def test_a_passage_holds_from_its_first_day_until_the_day_it_was_replaced(
    valid_from, valid_to, day, holds
):
    from pmi_law.retrieval.passages import Passage

    p = Passage("X Pasal 1", "X Pasal 1", "X", "UU", "body", "", "", "t", True, True, True)
    p = Passage(**{**p.to_dict(), "valid_from": valid_from, "valid_to": valid_to})  # type: ignore[arg-type]
    assert p.holds_on(date.fromisoformat(day)) is holds


# ---------------------------------------------------------------------------- BM25

DOCS = [["gaji", "pekerja", "gaji"], ["paspor", "pekerja"], ["upah", "minimum"], ["paspor"]]
EXTRA = [["gaji", "pekerja", "gaji"], ["pesangon", "pekerja"], []]


@pytest.mark.parametrize("query", [["gaji"], ["pekerja", "paspor"], ["pesangon"], ["upah", "gaji"]])
def test_extra_documents_leave_the_leading_scores_unchanged(query):
    """Earlier wordings appended to an index are scored with the latest passages' statistics:
    the latest passages' scores are what they were without them, and an earlier wording with
    the same words as a latest passage scores the same."""
    alone = LexicalIndex.from_terms(DOCS)
    both = LexicalIndex.from_terms(DOCS + EXTRA, stats_docs=len(DOCS))
    terms = [(t, 1.0) for t in query]
    assert both.num_docs == len(DOCS) + len(EXTRA) and both.stats_docs == len(DOCS)
    np.testing.assert_array_equal(both.scores(terms)[: len(DOCS)], alone.scores(terms))
    assert both.scores(terms)[len(DOCS)] == pytest.approx(alone.scores(terms)[0], rel=1e-6)
    assert both.scores(terms)[-1] == 0.0
    # what the index knows today: the latest passages' terms and frequencies
    assert both.vocabulary == alone.vocabulary
    assert [both.document_frequency(t) for t in query] == [
        alone.document_frequency(t) for t in query
    ]


def test_a_term_only_an_earlier_wording_holds_is_scored():
    both = LexicalIndex.from_terms(DOCS + EXTRA, stats_docs=len(DOCS))
    scores = both.scores([("pesangon", 1.0)])
    assert scores[len(DOCS) + 1] > 0 and not scores[: len(DOCS)].any()


# ---------------------------------------------------------------------------- search

SEARCH_CASES = [
    # (question, as_of, documents allowed, documents expected among the top 5)
    (
        "penempatan TKI di luar negeri oleh pelaksana penempatan TKI swasta",
        "2010-01-01",
        {"UU 39/2004", "UU 13/2003", "UU 21/2007"},
        {"UU 39/2004"},
    ),
    (
        "izin perusahaan penempatan pekerja migran",
        "2019-01-01",
        {"UU 18/2017", "UU 13/2003", "UU 21/2007", "UU 6/2012", "PP 3/2013", "Skripsi BP3MI-NTB"},
        {"UU 18/2017"},
    ),
]


@pytest.mark.parametrize(("q", "as_of", "allowed", "expected"), SEARCH_CASES)
def test_a_search_on_a_date_finds_the_law_of_that_date(library, q, as_of, allowed, expected):
    hits = library.search(q, k=10, as_of=as_of)
    assert hits and {h.document for h in hits} <= allowed
    assert expected <= {h.document for h in hits[:5]}


def test_a_revoked_law_searched_on_a_date_it_was_in_force_ranks_first(library):
    hits = library.search(
        "penempatan TKI di luar negeri oleh pelaksana penempatan TKI swasta",
        k=5,
        as_of="2010-01-01",
    )
    assert hits[0].document == "UU 39/2004"
    # its status is that of the date, not "dicabut"
    assert hits[0].status.startswith("berlaku pada 2010-01-01")
    assert "dicabut" not in hits[0].status.split("(")[0]


@pytest.mark.parametrize(
    ("as_of", "status", "amended"),
    [
        ("2019-01-01", "berlaku", False),
        ("2021-06-01", "berlaku dengan perubahan (terakhir oleh UU 11/2020 Pasal 84)", True),
        (None, "berlaku dengan perubahan (terakhir oleh Perppu 2/2022 Pasal 84)", True),
    ],
)
def test_a_hits_status_and_amendments_are_those_of_the_date(library, as_of, status, amended):
    (hit,) = library.search("UU 18/2017 Pasal 51", k=1, as_of=as_of)
    assert hit.pasal == "UU 18/2017 Pasal 51"
    assert hit.status == status
    assert bool(hit.amended_by) is amended
    if as_of == "2021-06-01":
        assert all(not a.startswith("Perppu") for a in hit.amended_by)


@pytest.mark.parametrize("as_of", [None, "2019-01-01", "2021-06-01"])
def test_a_penjelasan_hit_on_a_date_shows_the_penjelasan(library, as_of):
    """An amended law's Penjelasan hit quotes its Penjelasan (not the unit's own words), and
    its general Penjelasan stays a hit."""
    hits = library.search(
        "penjelasan asas persamaan hak", k=10, as_of=as_of, part="penjelasan", doc="UU 18/2017"
    )
    found = {h.citation: h.text for h in hits}
    assert "asas persamaan hak" in found["Penjelasan UU 18/2017 Pasal 2 huruf b"]
    general = library.search(
        "Penjelasan UU 18/2017 Umum", k=3, as_of=as_of, part="penjelasan", doc="UU 18/2017"
    )
    assert "Penjelasan UU 18/2017 Umum" in [h.citation for h in general]


def test_a_deleted_provision_is_found_on_a_date_it_was_in_force(library):
    """UU 13/2003 Pasal 65 (pemborongan pekerjaan) was deleted by UU 11/2020: a search of 2015
    finds its words; one without a date does not (the index held only the latest text)."""
    q = "outsourcing pemborongan pekerjaan perusahaan lain"  # a lay question on it
    old = library.search(q, k=10, as_of="2015-01-01", doc="UU 13/2003")
    assert "UU 13/2003 Pasal 65" in [h.pasal for h in old]
    hit = next(h for h in old if h.pasal == "UU 13/2003 Pasal 65")
    assert "pemborongan" in hit.text.lower()
    now = library.search(q, k=10, doc="UU 13/2003")
    assert "UU 13/2003 Pasal 65" not in [h.pasal for h in now]


@pytest.mark.parametrize(
    ("as_of", "undone"),
    [(None, False), ("2021-06-01", True), ("2022-12-30", False), ("2023-06-01", False)],
)
def test_a_replaced_law_ranks_as_in_force_on_a_date_before_its_replacement(library, as_of, undone):
    """UU 11/2020, replaced by Perppu 2/2022 (2022-12-30), carries the replaced law's prior
    only from that day."""
    searcher = library.searcher()
    groups = searcher._group_doc == "UU 11/2020"
    when = date.fromisoformat(as_of) if as_of else None
    ratio = np.unique(searcher._prior_on(when)[groups] / searcher._prior_g[groups])
    expected = 1 / searcher.config.replaced_prior if undone else 1.0
    assert ratio == pytest.approx([expected])
    others = ~groups
    assert (searcher._prior_on(when)[others] == searcher._prior_g[others]).all()


def test_a_search_without_a_date_searches_the_latest_words_only(library):
    searcher = library.searcher()
    allowed = searcher.mask(include_revoked=True)
    passages = searcher.index.passages
    assert any(not p.current for p in passages)  # the index holds earlier wordings
    assert all(passages[i].current for i in np.flatnonzero(allowed))
    on = searcher.mask(as_of=date(2019, 1, 1))
    assert all(passages[i].holds_on(date(2019, 1, 1)) for i in np.flatnonzero(on))
    assert any(not passages[i].current for i in np.flatnonzero(on))


# ---------------------------------------------------------------------------- front ends


@pytest.fixture(scope="module")
def client(library) -> TestClient:
    from pmi_law.serve.api import create_app

    return TestClient(create_app(library), raise_server_exceptions=False)


def _cli(monkeypatch, library, args: list[str]) -> Any:
    monkeypatch.setattr(cli, "_library", lambda: library)
    return CliRunner().invoke(cli.app, args)


def _mcp(library, tool: str, arguments: dict[str, Any]) -> Any:
    from pmi_law.serve.mcp import create_server

    server = create_server(library)

    async def call() -> Any:
        return await server.call_tool(tool, arguments)

    return anyio.run(call)


def _payload(result: Any) -> dict[str, Any]:
    assert not result.is_error, result.content
    if result.structured_content is not None:
        return dict(result.structured_content)
    return dict(json.loads(result.content[0].text))


def test_every_front_end_defines_as_of_a_date(client, library, monkeypatch):
    shown = _cli(monkeypatch, library, ["define", "TKI", "--as-of", "2010-01-01", "--json"])
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.output)
    assert [r["citation"] for r in rows] == ["UU 39/2004 Pasal 1 angka 1"]
    api = client.get("/api/define?term=TKI&as_of=2010-01-01").json()
    assert api["definitions"] == rows and api["as_of"] == "2010-01-01"
    assert _payload(_mcp(library, "define", {"term": "TKI", "as_of": "2010-01-01"})) == api
    glossary = client.get("/api/glossary?q=TKI&as_of=2010-01-01").json()
    assert glossary["groups"][0]["definitions"] == rows
    mcp = _payload(_mcp(library, "get_glossary", {"term": "TKI", "as_of": "2010-01-01"}))
    assert mcp == glossary
    page = client.get("/istilah?q=TKI&as_of=2010-01-01")
    assert page.status_code == 200
    assert 'name="as_of" type="date" value="2010-01-01"' in page.text  # the date round-trips
    assert "UU 39/2004 Pasal 1 angka 1" in page.text and "PP 3/2013" not in page.text
    assert "?as_of=2010-01-01" in page.text  # each definition links to its text of that day


def test_a_revoked_laws_definition_is_marked_in_every_front_end(client, library, monkeypatch):
    text = _cli(monkeypatch, library, ["define", "TKI"]).output
    assert "UU 39/2004 Pasal 1 angka 1" in text and "dicabut oleh UU 18/2017 Pasal 89" in text
    page = client.get("/istilah?q=TKI").text
    assert "status-dicabut" in page
    api = client.get("/api/define?term=TKI").json()
    assert {d["document_status"]["kind"] for d in api["definitions"]} == {"dicabut"}


def test_the_whole_glossary_on_a_date_holds_only_the_laws_of_that_date(client):
    groups = client.get("/api/glossary?as_of=2010-01-01").json()["groups"]
    assert {g["document"] for g in groups} == {"UU 39/2004", "UU 13/2003", "UU 21/2007"}


def test_search_on_a_date_gives_the_dated_status_through_cli_api_and_mcp(
    client, library, monkeypatch
):
    q = "penempatan TKI di luar negeri oleh pelaksana penempatan TKI swasta"
    api = client.get("/api/search", params={"q": q, "k": 3, "as_of": "2010-01-01"}).json()
    assert api["hits"][0]["document"] == "UU 39/2004"
    assert api["hits"][0]["status"].startswith("berlaku pada 2010-01-01")
    assert api["hits"][0]["document_status"]["kind"] == "berlaku"
    shown = _cli(monkeypatch, library, ["search", q, "-k", "3", "--as-of", "2010-01-01"])
    assert shown.exit_code == 0 and "berlaku pada 2010-01-01" in shown.output
    mcp = _payload(_mcp(library, "search", {"query": q, "k": 3, "as_of": "2010-01-01"}))
    assert [h["citation"] for h in mcp["hits"]] == [h["citation"] for h in api["hits"]]
    page = client.get("/", params={"q": q, "k": 3, "as_of": "2010-01-01"}).text
    assert 'name="as_of" type="date" value="2010-01-01"' in page  # the date round-trips
    first = api["hits"][0]["citation"].replace(" ", "%20")
    assert f'class="hit-link" href="/ketentuan/{first}?as_of=2010-01-01"' in page


BAD_DATES = ["2019-13-01", "kemarin", "2019/01/01"]


@pytest.mark.parametrize("bad", BAD_DATES)
def test_a_bad_date_is_one_clear_message_everywhere(client, library, monkeypatch, bad):
    for args in (
        ["define", "TKI", "--as-of", bad],
        ["search", "gaji", "--as-of", bad],
        ["show", "UU 18/2017 Pasal 6", "--as-of", bad],
        ["document", "UU 18/2017", "--as-of", bad],
    ):
        result = _cli(monkeypatch, library, args)  # main() makes the error one line
        assert isinstance(result.exception, QueryError), (args, result.output)
        assert str(result.exception) == f"not a date: '{bad}' (use YYYY-MM-DD)"
    for url in (
        f"/api/define?term=TKI&as_of={bad}",
        f"/api/glossary?as_of={bad}",
        f"/api/search?q=gaji&as_of={bad}",
        f"/api/provisions/UU 18/2017 Pasal 6?as_of={bad}",
        f"/api/documents/UU 18/2017?as_of={bad}",
        f"/istilah?q=TKI&as_of={bad}",
        f"/?q=gaji&as_of={bad}",
    ):
        r = client.get(url)
        assert r.status_code == 400, (url, r.status_code)
        assert "Traceback" not in r.text
    for tool, arguments in (
        ("define", {"term": "TKI"}),
        ("get_glossary", {}),
        ("search", {"query": "gaji"}),
        ("get_provision", {"citation": "UU 18/2017 Pasal 6"}),
        ("get_document", {"document": "UU 18/2017"}),
    ):
        # in process the SDK raises the tool's error (a client gets it as is_error, one line)
        with pytest.raises(Exception, match=r"not a date: .* \(use YYYY-MM-DD\)$"):
            _mcp(library, tool, {**arguments, "as_of": bad})


@pytest.mark.parametrize("command", [["define", "TKI"], ["search", "gaji"]])
def test_the_cli_says_a_bad_date_in_one_line(command):
    result = subprocess.run(
        [sys.executable, "-m", "pmi_law.cli", *command, "--as-of", "2019-13-01"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: not a date: '2019-13-01' (use YYYY-MM-DD)"
    ]


def test_a_date_is_checked_before_anything_is_read(library):
    with pytest.raises(QueryError, match="not a date"):
        library.define("TKI", "2010-02-30")


def test_a_user_document_update_reads_the_dated_index_back(library):
    """Adding a user document reuses the index's terms, read back from its BM25 weights: with
    earlier wordings after the latest passages (their own statistics) they must still be what
    analysing the texts gives, and index the same scores."""
    from collections import Counter

    from pmi_law.retrieval.search import make_analyzer
    from pmi_law.userdocs import old_terms

    index = library.searcher().index
    lexical = index.lexical
    assert lexical.stats_docs < lexical.num_docs  # the corpus's index holds earlier wordings
    known = old_terms(index)
    assert known, "the terms could not be read back"
    analyzer = make_analyzer({})
    texts = [p.embed_text if p.lexical else "" for p in index.passages]
    sample = texts[:: max(1, len(texts) // 300)] + texts[lexical.stats_docs :]
    assert all(Counter(known[t]) == Counter(analyzer.terms(t)) for t in sample)
    again = LexicalIndex.from_terms(
        [known[t] for t in texts],
        k1=lexical.params["k1"],
        b=lexical.params["b"],
        stats_docs=lexical.stats_docs,
    )
    for query in ("pemborongan pekerjaan", "izin Menteri perusahaan penempatan", "upah"):
        terms = [(t, 1.0) for t in analyzer.terms(query)]
        assert np.allclose(again.scores(terms), lexical.scores(terms), atol=1e-6)
