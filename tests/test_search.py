"""Search end to end with the real local model on a small corpus: citations first, filters,
revoked laws, concurrency, bad queries, stale-index rebuild."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pmi_law import Library
from pmi_law.errors import IndexStale, QueryError, UnknownCitation
from pmi_law.models import Node
from pmi_law.retrieval.index import read_manifest
from pmi_law.retrieval.search import MAX_QUERY_CHARS

SMALL_MANIFEST = """
[[document]]
citation = "UU 18/2017"
type = "UU"
number = "18"
year = "2017"
title = "Pelindungan Pekerja Migran Indonesia"
file = "uu-18-2017.txt"
status = "berlaku"

[[document]]
citation = "UU 39/2004"
type = "UU"
number = "39"
year = "2004"
title = "Penempatan dan Perlindungan Tenaga Kerja Indonesia di Luar Negeri"
file = "uu-39-2004.data-peraturan.md"
status = "dicabut"
revoked_by = "UU 18/2017 Pasal 89"
dense = "pasal"

[[document]]
citation = "Skripsi BP3MI-NTB"
type = "Skripsi"
number = "BP3MI-NTB"
year = ""
title = "Pelindungan Hukum Pekerja Migran Indonesia dan upaya BP3MI Nusa Tenggara Barat"
file = "skripsi-pelindungan-pmi-bp3mi-ntb.abstrak.txt"
status = "berlaku"
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Library:
    folder = tmp_path_factory.mktemp("small")
    manifest = folder / "manifest.toml"
    manifest.write_text(SMALL_MANIFEST, encoding="utf-8")
    lib = Library.open(manifest, index_dir=folder / "index")
    lib.searcher()
    return lib


def test_citation_query_returns_that_unit_first(small):
    hits = small.search("Pasal 6 ayat (1) huruf d", k=5)
    assert hits[0].citation == "UU 18/2017 Pasal 6 ayat (1) huruf d"
    assert hits[0].breakdown["citation"] > 0
    assert small.search("UU No. 18 Tahun 2017 Pasal 81", k=3)[0].pasal == "UU 18/2017 Pasal 81"
    # a Pasal with no words of its own (only ayat) is still found by its citation, alias included
    assert small.search("UU PPMI Pasal 6", k=3)[0].citation == "UU 18/2017 Pasal 6 ayat (1)"
    # a cited Pasal brings its sanction next (cross-reference graph)
    assert [h.pasal for h in small.search("Pasal 69", k=2)] == [
        "UU 18/2017 Pasal 69",
        "UU 18/2017 Pasal 81",
    ]
    # a cited BAB lists its Pasal in order
    bab = [h.pasal for h in small.search("UU 18/2017 BAB III", k=4)]
    assert bab == [
        "UU 18/2017 Pasal 7",
        "UU 18/2017 Pasal 8",
        "UU 18/2017 Pasal 9",
        "UU 18/2017 Pasal 10",
    ]


def test_english_citation_query(small):
    hits = small.search("Article 6 paragraph (1) letter d of Law No. 18 of 2017", k=1)
    assert hits[0].citation == "UU 18/2017 Pasal 6 ayat (1) huruf d"
    assert hits[0].breakdown["citation"] > 0


def test_topic_query_and_hit_fields(small):
    hits = small.search("hak pekerja migran menjalankan ibadah", k=5)
    assert "UU 18/2017 Pasal 6" in [h.pasal for h in hits[:3]]
    top = next(h for h in hits if h.pasal == "UU 18/2017 Pasal 6")
    assert small.get(top.citation).citation.startswith("UU 18/2017 Pasal 6")
    assert top.highlights and {"lexical", "dense", "issues", "priors"} <= set(top.breakdown)
    assert top.breakdown["lexical"] > 0 and top.breakdown["dense"] > 0
    assert top.signals["bm25"] > 0 and 0 < top.signals["cosine"] <= 1
    for hit in hits:  # the breakdown is the score, stage by stage
        assert sum(hit.breakdown.values()) == pytest.approx(hit.score, abs=1e-12)
    assert len({h.pasal for h in hits}) == len(hits)  # one result per Pasal


def test_hit_is_a_plain_value(small):
    """A hit holds no Library, analyzer or index: it pickles small and compares by value."""
    hits = small.search("hak pekerja migran menjalankan ibadah", k=3)
    for hit in hits:
        assert pickle.loads(pickle.dumps(hit)) == hit
        assert len(pickle.dumps(hit)) < 20_000
        assert all(isinstance(w, str) for w in hit.highlights)
        with pytest.raises(dataclasses.FrozenInstanceError):
            hit.text = "x"  # type: ignore[misc]
    assert any(hit.highlights for hit in hits)  # computed with the hit, not on demand


def test_lay_question_finds_the_right(small):
    # "my employer holds my passport": the worker's right to hold their travel documents
    hits = small.search("majikan menahan paspor saya", k=5)
    assert "UU 18/2017 Pasal 6 ayat (1) huruf j" in [h.citation for h in hits]


def test_sanction_follows_prohibition(small):
    hits = small.search("orang perseorangan dilarang menempatkan pekerja migran, apa sanksinya?")
    pasals = [h.pasal for h in hits]
    assert "UU 18/2017 Pasal 69" in pasals[:2]
    assert pasals.index("UU 18/2017 Pasal 81") == pasals.index("UU 18/2017 Pasal 69") + 1
    assert hits[pasals.index("UU 18/2017 Pasal 81")].breakdown["sanction"] > 0
    # a topic question without a penalty asked stays on the topic
    plain = small.search("orang perseorangan dilarang menempatkan pekerja migran")
    assert all("sanction" not in h.breakdown and "graph" not in h.breakdown for h in plain)
    assert (
        "UU 18/2017 Pasal 81" in next(h for h in hits if h.pasal == "UU 18/2017 Pasal 69").related
    )


def test_revoked_laws_only_when_asked(small):
    query = "penempatan TKI di luar negeri oleh pelaksana penempatan swasta"
    assert all(h.document != "UU 39/2004" for h in small.search(query, k=10))
    with_revoked = small.search(query, k=10, include_revoked=True)
    revoked = [h for h in with_revoked if h.document == "UU 39/2004"]
    assert revoked and all(h.status == "dicabut oleh UU 18/2017 Pasal 89" for h in revoked)
    only = small.search(query, k=5, doc="UU 39/2004")
    assert only and all(h.document == "UU 39/2004" for h in only)


def test_filters_act_before_ranking(small):
    hits = small.search("asas keterpaduan", k=5, part="penjelasan")
    assert hits and all(h.part == "penjelasan" for h in hits)
    assert hits[0].citation == "Penjelasan UU 18/2017 Pasal 2 huruf a"
    bab = small.search("sanksi pidana penjara", k=10, bab="XI")
    assert len(bab) >= 5
    for hit in bab:
        node: Node | None = small.get(hit.citation.removeprefix("Penjelasan "))
        while node is not None and node.kind != "bab":
            node = node.parent
        assert node is not None and node.number == "XI", hit.citation
    thesis = small.search("penelitian pencegahan pengiriman PMI nonprosedural oleh BP3MI NTB", k=3)
    assert any(h.citation.startswith("Skripsi") for h in thesis)
    with pytest.raises(UnknownCitation):
        small.search("upah", doc="UU 1/1900")


def test_concurrent_searches_match_serial(small):
    queries = [
        "majikan menahan paspor",
        "agen memotong gaji",
        "Pasal 30 ayat (2)",
        "jaminan sosial",
        "hak berserikat",
        "pelatihan kerja",
        "calo",
        "kepulangan pekerja",
    ]
    serial = [[(h.citation, round(h.score, 9)) for h in small.search(q, k=5)] for q in queries]
    with ThreadPoolExecutor(8) as pool:
        parallel = list(
            pool.map(
                lambda q: [(h.citation, round(h.score, 9)) for h in small.search(q, k=5)],
                queries * 2,
            )
        )
    assert parallel == serial * 2


@pytest.mark.parametrize("query", ["", "   ", "\n\t", "?!...", "—"])
def test_bad_queries_are_clear_errors(small, query):
    with pytest.raises(QueryError):
        small.search(query)


def test_very_long_query_is_truncated(small):
    long = "majikan menahan paspor " * 5000  # ~115,000 characters
    hits = small.search(long, k=3)
    prefix = small.search(long[:MAX_QUERY_CHARS], k=3)
    assert len(hits) == 3
    assert [h.citation for h in hits] == [h.citation for h in prefix]  # the rest is cut, not read


def test_thesis_never_above_a_provision_unless_asked(small):
    legal = small.search("upaya pencegahan pengiriman pekerja migran nonprosedural", k=10)
    kinds = [h.part == "thesis" for h in legal]
    assert kinds == sorted(kinds)  # every thesis hit after every provision
    research = small.search("temuan skripsi tentang pencegahan nonprosedural di NTB", k=3)
    assert research[0].part == "thesis"


def test_stale_index_detected_and_rebuilt(small, tmp_path: Path, monkeypatch):
    folder = small._index_dir
    assert folder is not None
    original = small.corpus_hash()
    changed = tmp_path / "corpus"
    changed.mkdir()
    source = small.entry("Skripsi BP3MI-NTB").path().read_text(encoding="utf-8")
    (changed / "skripsi-pelindungan-pmi-bp3mi-ntb.abstrak.txt").write_text(
        source + " Kalimat tambahan.", encoding="utf-8"
    )
    monkeypatch.setenv("PMI_LAW_CORPUS_PATH", str(changed))
    other = Library.open(Path(folder).parent / "manifest.toml", index_dir=folder)
    assert other.corpus_hash() != original
    with pytest.raises(IndexStale, match="another corpus"):
        other.searcher(rebuild=False)
    # allowed to rebuild: the stale copy is replaced, and the new index matches the changed corpus
    copy = tmp_path / "index-copy"
    shutil.copytree(folder, copy)
    messages: list[str] = []
    other = Library.open(Path(folder).parent / "manifest.toml", index_dir=copy)
    rebuilt = other.searcher(rebuild=True, progress=messages.append)
    manifest = read_manifest(copy)
    assert manifest is not None and manifest.corpus_hash == other.corpus_hash()
    assert any("another corpus" in m for m in messages)
    found = rebuilt.search("Kalimat tambahan", k=3, part="thesis")
    assert found and "Kalimat tambahan" in found[0].text  # the changed text is what is indexed
