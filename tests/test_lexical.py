"""Tests of pmi_law.retrieval.lexical: analysis, query expansion, BM25 scores and persistence.

All texts here are short synthetic snippets written for the tests, not statute text.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import pmi_law.retrieval.lexical as lexical_module
from pmi_law.errors import IndexStale, SearchIndexError
from pmi_law.retrieval.lexical import (
    ABBREVIATION_WEIGHT,
    SYNONYM_WEIGHT,
    Analyzer,
    LexicalIndex,
    default_analyzer,
)
from pmi_law.retrieval.vocabulary import ABBREVIATIONS, SYNONYMS


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


# -- import cost ------------------------------------------------------------------


def test_import_does_not_load_heavy_libraries() -> None:
    code = (
        "import sys, pmi_law.retrieval.lexical, pmi_law.retrieval.vocabulary;"
        "print(sorted(m for m in ('spacy', 'bm25s', 'Sastrawi') if m in sys.modules))"
    )
    root = Path(lexical_module.__file__).parents[1]  # the checkout these tests import
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# -- tokens and terms -------------------------------------------------------------

TOKEN_CASES = [
    (
        "Pekerja Migran Indonesia berhak atas upah yang layak.",
        ["pekerja", "migran", "indonesia", "berhak", "atas", "upah", "yang", "layak"],
    ),
    ("dikenai sanksi dan/atau denda", ["dikenai", "sanksi", "dan", "atau", "denda"]),
    ("pekerja/buruh", ["pekerja", "buruh"]),
    ("SIP3MI dan P3MI.", ["sip3mi", "dan", "p3mi"]),
    ("skema G2G", ["skema", "g2g"]),
    (
        "denda Rp15.000.000,00 (lima belas juta rupiah)",
        ["denda", "rp", "15000000", "lima", "belas", "juta", "rupiah"],
    ),
    ("usia 2,5 tahun", ["usia", "2,5", "tahun"]),
    ("penempatan non-prosedural", ["penempatan", "non", "prosedural"]),
    ("penempatan nonprosedural", ["penempatan", "non", "prosedural"]),
    ("penempatan non prosedural", ["penempatan", "non", "prosedural"]),
    ("kerja sama antarnegara", ["kerja", "sama", "antar", "negara"]),
    ("di antaranya", ["di", "antaranya"]),
    ("ayat (2)huruf b;", ["ayat", "2", "huruf", "b"]),
    ("hak-hak anak", ["hak-hak", "anak"]),
    ("Pasal 89A", ["pasal", "89a"]),
    ("", []),
    ("  ... ;;; () ", []),
]


@pytest.mark.parametrize(("text", "expected"), TOKEN_CASES)
def test_tokens(analyzer: Analyzer, text: str, expected: list[str]) -> None:
    assert analyzer.tokens(text) == expected


TERM_CASES = [
    (
        "Pekerja Migran Indonesia berhak atas upah yang layak.",
        ["kerja", "migran", "indonesia", "hak", "upah", "layak"],
    ),
    # cross-reference boilerplate leaves only the numbers
    ("sebagaimana dimaksud dalam Pasal 5 ayat (1) huruf a", ["5", "1"]),
    # "sebelum/selama/setelah bekerja" name the stages of protection: kept (stem "belum")
    ("sebelum bekerja di luar negeri", ["belum", "kerja", "luar", "negeri"]),
    # stop words act on the surface form: "memberikan" goes, "Pemberi" stays
    ("Pemberi Kerja memberikan pelindungan", ["beri", "kerja", "lindung"]),
    ("penempatan dan perlindungan", ["tempat", "lindung"]),
    (
        "berusia minimal 18 (delapan belas) tahun",
        ["usia", "minimal", "18", "delapan", "belas", "tahun"],
    ),
    ("tugas dan tanggung jawab", ["tugas", "tanggung", "jawab"]),
    ("What are the employer's obligations?", ["employer", "obligations"]),
    ("Cukup jelas.", []),
    ("hak-hak", ["hak"]),
]


@pytest.mark.parametrize(("text", "expected"), TERM_CASES)
def test_terms(analyzer: Analyzer, text: str, expected: list[str]) -> None:
    assert analyzer.terms(text) == expected


@pytest.mark.parametrize(
    "word",
    [
        "pasal",
        "ayat",
        "huruf",
        "angka",
        "sebagaimana",
        "dimaksud",
        "yang",
        "dan",
        "atau",
        "the",
        "of",
    ],
)
def test_stop_words_include(analyzer: Analyzer, word: str) -> None:
    assert word in analyzer.stop_words
    assert analyzer.term(word) is None


@pytest.mark.parametrize(
    "word",
    [
        "bekerja",
        "luar",
        "tempat",
        "tahun",
        "asal",
        "jawab",
        "antar",
        "upah",
        "pidana",
        "dilarang",
        "non",
    ],
)
def test_content_words_are_not_stop_words(analyzer: Analyzer, word: str) -> None:
    assert word not in analyzer.stop_words
    assert analyzer.term(word)


def test_analysis_is_thread_safe() -> None:
    fresh = Analyzer()  # its caches start empty, so the threads race to fill them
    texts = [
        f"Pekerja Migran Indonesia nomor {i} berhak atas upah dan jaminan sosial"
        for i in range(200)
    ]
    reference = Analyzer()
    expected = [reference.terms(t) for t in texts]
    results: dict[int, list[list[str]]] = {}

    def work(slot: int) -> None:
        results[slot] = [fresh.terms(t) for t in texts]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results.values())


# -- query expansion ---------------------------------------------------------------

EXPANSION_CASES = [
    ("majikan", ["beri", "kerja"]),
    ("majikanku", ["beri", "kerja"]),
    ("gaji", ["upah"]),
    ("gajinya dipotong", ["upah"]),
    ("potong gaji", ["upah", "biaya"]),
    ("agen", ["usaha", "tempat", "kerja", "migran", "p3mi"]),
    ("PJTKI", ["p3mi", "usaha", "tempat"]),
    ("sponsor", ["p3mi", "orang"]),
    ("calo", ["orang"]),
    ("TKI", ["kerja", "migran", "indonesia"]),
    ("buruh migran", ["kerja", "migran", "indonesia"]),
    ("pahlawan devisa", ["kerja", "migran", "indonesia"]),
    ("BNP2TKI", ["badan"]),
    ("BP2MI", ["badan"]),
    ("kemnaker", ["menteri"]),
    ("KBRI", ["wakil", "republik", "indonesia"]),
    ("paspor", ["dokumen"]),
    ("kontrak kerja", ["janji", "kerja"]),
    ("asuransi", ["jamin", "sosial"]),
    ("ilegal", ["sesuai", "prosedur"]),
    ("pulang", ["pulang"]),
    ("dipenjara", ["pidana"]),
    ("denda", ["pidana", "denda"]),
    ("human trafficking", ["dagang", "orang"]),
    ("perdagangan manusia", ["dagang", "orang"]),
    ("anak di bawah umur", ["usia", "minimal", "18"]),
    ("training", ["latih", "kerja"]),
    ("medical check up", ["periksa", "sehat"]),
    ("employer", ["beri", "kerja"]),
    ("employers", ["beri", "kerja"]),
    ("wages", ["upah"]),
    ("agency", ["p3mi"]),
    ("passport", ["dokumen"]),
    ("insurance", ["jamin", "sosial"]),
    ("prison", ["pidana", "penjara"]),
    ("deportation", ["pulang"]),
    ("enrolled", ["daftar", "serta"]),
    ("fighting", ["perang"]),
    ("evacuation", ["evakuasi"]),
    ("gempa", ["bencana", "alam"]),
    ("signing up", ["daftar", "serta"]),
    ("moratorium", ["henti", "larang", "tempat"]),
    ("village", ["desa"]),
    ("company", ["usaha"]),
    # abbreviations, both ways
    ("SIP3MI", ["surat", "izin", "usaha", "tempat"]),
    ("LTSA", ["layan", "padu", "atap"]),
    ("layanan terpadu satu atap", ["ltsa"]),
    ("perusahaan penempatan pekerja migran indonesia", ["p3mi"]),
    ("G to G", ["antar", "perintah"]),
    ("G2G", ["antar", "perintah"]),
    ("CPMI", ["calon", "kerja", "migran"]),
]


@pytest.mark.parametrize(("query", "expected"), EXPANSION_CASES)
def test_expansion(analyzer: Analyzer, query: str, expected: list[str]) -> None:
    weighted = dict(analyzer.weighted_query_terms(query))
    missing = [term for term in expected if term not in weighted]
    assert not missing, f"{query!r} → {weighted}"
    assert set(expected) <= set(analyzer.expand_query(query))


def test_expansion_weights_are_below_original(analyzer: Analyzer) -> None:
    weighted = analyzer.weighted_query_terms("majikan menahan paspor SIP3MI")
    terms = [term for term, _ in weighted]
    assert terms[:4] == ["majikan", "tahan", "paspor", "sip3mi"]  # own terms first, in order
    assert len(terms) == len(set(terms))
    weights = dict(weighted)
    assert weights["majikan"] == weights["paspor"] == 1.0
    # a phrase of n terms is one concept: each of its terms weighs weight / sqrt(n)
    assert weights["beri"] == pytest.approx(SYNONYM_WEIGHT / 2**0.5)  # majikan → pemberi kerja
    assert weights["dokumen"] == pytest.approx(SYNONYM_WEIGHT)  # paspor → dokumen (one word)
    # SIP3MI → surat izin perusahaan penempatan pekerja migran indonesia (7 terms)
    assert weights["surat"] == pytest.approx(ABBREVIATION_WEIGHT / 7**0.5)
    assert all(
        0 < w < 1 for term, w in weighted if term not in ("majikan", "tahan", "paspor", "sip3mi")
    )


def test_expansion_keeps_own_term_at_full_weight(analyzer: Analyzer) -> None:
    # "upah" is asked for directly and also reached through "gaji": it stays 1.0
    weights = dict(analyzer.weighted_query_terms("gaji dan upah"))
    assert weights["upah"] == 1.0


@pytest.mark.parametrize(
    ("query", "absent"),
    [
        ("perlindungan hukum", "pidana"),  # "hukum" is not the key "hukuman"
        ("kerja sama antar instansi", "perintah"),  # no G to G here
        ("pekerja", "p3mi"),
    ],
)
def test_no_spurious_expansion(analyzer: Analyzer, query: str, absent: str) -> None:
    assert absent not in analyzer.expand_query(query)


def test_expansion_of_empty_query(analyzer: Analyzer) -> None:
    assert analyzer.weighted_query_terms("") == []
    assert analyzer.expand_query("yang dan atau ???") == []


def test_add_abbreviation() -> None:
    fresh = Analyzer()
    assert fresh.expand_query("KP2MI") == ["kp2mi"]
    fresh.add_abbreviation("KP2MI", "Kementerian Pelindungan Pekerja Migran Indonesia")
    weights = dict(fresh.weighted_query_terms("KP2MI"))
    assert weights["kp2mi"] == 1.0
    # five terms: kementerian pelindungan pekerja migran indonesia
    assert weights["menteri"] == pytest.approx(ABBREVIATION_WEIGHT / 5**0.5)
    assert weights["lindung"] == pytest.approx(ABBREVIATION_WEIGHT / 5**0.5)
    # the full phrase now finds the abbreviation as well
    assert "kp2mi" in fresh.expand_query("kementerian pelindungan pekerja migran indonesia")
    assert "kp2mi" in fresh.abbreviations
    # taught to one analyzer only: the shared table is untouched
    assert "kp2mi" not in ABBREVIATIONS
    assert "kp2mi" not in Analyzer().expand_query("kementerian pelindungan pekerja migran")


@pytest.mark.parametrize(
    ("query", "groups"),
    [
        # one lay word, three statutory phrases: one concept
        (
            "agensi",
            [{("mitra", "usaha"), ("p3mi",), ("usaha", "tempat", "kerja", "migran", "indonesia")}],
        ),
        # English: the translations are all the index can read
        ("my agency took all my money and my passport", []),
        ("kewajiban desa", []),  # words of the law: nothing to choose among
        ("", []),
    ],
)
def test_alternatives_group_one_words_phrases(
    analyzer: Analyzer, query: str, groups: list[set[tuple[str, ...]]]
) -> None:
    found = [{tuple(sorted(p)) for p in g} for g in analyzer.alternatives(query)]
    assert found == [{tuple(sorted(p)) for p in g} for g in groups]


@pytest.mark.parametrize(
    ("docs", "best"),
    [
        # naming two synonyms of the one asked word does not beat the unit that answers
        (["p3mi agen sponsor", "p3mi potong", "x", "y", "z"], 1),
        (["agen", "p3mi", "x", "y", "z"], None),  # each names it once: the plain sum
    ],
)
def test_a_concept_counts_once(docs: list[str], best: int | None) -> None:
    index = LexicalIndex.from_terms([d.split() for d in docs], k1=1.0, b=0.0)
    terms = [("potong", 1.0), ("p3mi", 0.7), ("agen", 0.7), ("sponsor", 0.7)]
    groups = [(("p3mi",), ("agen",), ("sponsor",))]
    summed, concept = index.scores(terms), index.concept_scores(terms, groups)
    if best is None:
        assert np.allclose(concept, summed)  # no unit names the concept twice: the sum
    else:
        assert summed[0] > concept[0]  # the first unit named the concept twice
        assert int(np.argmax(summed)) != best and int(np.argmax(concept)) == best
    # without groups it is the plain sum
    assert np.allclose(index.concept_scores(terms, []), summed)


def test_vocabulary_tables_are_well_formed() -> None:
    for key, values in SYNONYMS.items():
        assert key == key.lower().strip() and key, key
        assert values and all(isinstance(v, str) and v == v.lower() for v in values), key
    for abbr, expansion in ABBREVIATIONS.items():
        assert abbr == abbr.lower().strip() and expansion == expansion.lower(), abbr


@pytest.mark.parametrize(
    ("query", "wanted", "unwanted"),
    [
        ("majikan", {"beri", "kerja"}, set()),
        ("gaji saya dipotong", {"upah"}, set()),
        ("agen", {"p3mi", "usaha"}, set()),
        ("calo", {"orang"}, set()),
        ("tkw", {"kerja", "migran"}, set()),
        ("employer", {"beri", "kerja"}, set()),
        ("human trafficking", {"dagang", "orang"}, set()),
        ("maternity leave", {"cuti", "lahir"}, set()),
        ("SIP3MI", {"surat", "izin"}, set()),
        # a child is not an age limit: child labour and trafficking questions say "anak"
        ("anak", set(), {"usia", "18"}),
        ("child labour", {"anak"}, {"usia", "18"}),
        ("di bawah umur", {"usia", "18"}, set()),
        # plain English of criminal procedure and of the stages of protection
        ("whatsapp screenshots as evidence", {"bukti", "elektronik"}, set()),
        ("after returning home", {"telah", "kerja"}, set()),
        ("saya dipukul majikan", {"keras"}, set()),
        ("kemana saya lapor", {"adu"}, {"mana"}),  # a question word is no topic
        # a family member named in a story is no legal term
        ("suami saya", set(), {"keluarga"}),
    ],
)
def test_vocabulary_reaches_statutory_terms(
    analyzer: Analyzer, query: str, wanted: set[str], unwanted: set[str]
) -> None:
    terms = set(analyzer.expand_query(query))
    assert wanted <= terms, wanted - terms
    assert not unwanted & terms, unwanted & terms


def test_colloquial_fillers_leave_queries() -> None:
    terms = dict(Analyzer().weighted_query_terms("boleh nggak sih majikan tahan paspor?"))
    assert "nggak" not in terms and "sih" not in terms
    assert {"majikan", "tahan", "paspor"} <= set(terms)


def test_default_analyzer_is_shared() -> None:
    assert default_analyzer() is default_analyzer()


# -- highlights --------------------------------------------------------------------


def test_highlights(analyzer: Analyzer) -> None:
    text = (
        "Pemberi Kerja wajib membayar Upah kepada Pekerja Migran Indonesia "
        "sesuai Perjanjian Kerja; upah dibayar tiap bulan."
    )
    found = analyzer.highlights("majikan tidak bayar gaji", text)
    assert found[:3] == ["Pemberi", "Kerja", "membayar"]
    assert "Upah" in found and "upah" in found and "dibayar" in found
    assert "wajib" not in found and "Migran" not in found
    assert len(found) == len(set(found))


def test_highlights_abbreviation(analyzer: Analyzer) -> None:
    assert analyzer.highlights("SIP3MI dicabut", "Menteri mencabut SIP3MI.") == [
        "mencabut",
        "SIP3MI",
    ]


def test_highlights_empty(analyzer: Analyzer) -> None:
    assert analyzer.highlights("", "Pekerja Migran Indonesia") == []
    assert analyzer.highlights("upah", "") == []


# -- BM25 --------------------------------------------------------------------------

_SUBJECTS = [
    "Pekerja Migran Indonesia",
    "Pemberi Kerja",
    "Perusahaan Penempatan",
    "Badan",
    "Pemerintah Daerah",
    "Menteri",
    "Setiap Orang",
    "Calon Pekerja Migran Indonesia",
]
_VERBS = [
    "wajib membayar",
    "dilarang menahan",
    "berhak memperoleh",
    "menyediakan",
    "melaporkan",
    "mengurus",
    "menanggung",
]
_OBJECTS = [
    "upah",
    "dokumen jati diri",
    "jaminan sosial",
    "pelatihan kerja",
    "biaya penempatan",
    "perjanjian kerja",
    "pemeriksaan kesehatan",
    "visa kerja",
    "pidana denda",
    "pelindungan hukum",
]


def _synthetic_docs(n: int = 30, seed: int = 7) -> list[str]:
    rng = np.random.default_rng(seed)
    docs = []
    for _ in range(n):
        sentences = [
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}."
            for _ in range(int(rng.integers(1, 5)))
        ]
        docs.append(" ".join(sentences))
    docs[3] = "Cukup jelas."  # a passage with no terms at all
    return docs


def _oracle_bm25(
    docs: list[list[str]], weighted: list[tuple[str, float]], k1: float = 1.5, b: float = 0.75
) -> np.ndarray:
    """Textbook Lucene BM25: idf = ln(1 + (N - df + .5)/(df + .5)), tf/(tf + k1(1-b+b·dl/avgdl))."""
    n = len(docs)
    lengths = np.array([len(d) for d in docs], dtype=np.float64)
    avgdl = lengths.mean()
    out = np.zeros(n, dtype=np.float64)
    for term, weight in weighted:
        tf = np.array([d.count(term) for d in docs], dtype=np.float64)
        df = int((tf > 0).sum())
        if df == 0:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        out += weight * idf * tf / (tf + k1 * (1 - b + b * lengths / avgdl))
    return out


ORACLE_QUERIES = [
    "majikan tidak membayar gaji",
    "upah",
    "dokumen jati diri ditahan",
    "TKI wajib jaminan sosial",
    "biaya penempatan dilarang",
    "pemeriksaan kesehatan dan visa kerja",
    "unknownword",
    "",
]


@pytest.fixture(scope="module")
def synthetic(analyzer: Analyzer) -> tuple[list[str], LexicalIndex]:
    docs = _synthetic_docs()
    return docs, LexicalIndex.build(docs, analyzer)


@pytest.mark.parametrize("query", ORACLE_QUERIES)
def test_bm25_matches_oracle(
    analyzer: Analyzer, synthetic: tuple[list[str], LexicalIndex], query: str
) -> None:
    docs, index = synthetic
    weighted = analyzer.weighted_query_terms(query)
    got = index.scores(weighted)
    assert got.dtype == np.float32 and got.shape == (len(docs),)
    expected = _oracle_bm25([analyzer.terms(d) for d in docs], weighted)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
    assert got[3] == 0.0


def test_bm25_params(synthetic: tuple[list[str], LexicalIndex]) -> None:
    _, index = synthetic
    assert index.params["method"] == "lucene"
    assert index.params["k1"] == 1.5 and index.params["b"] == 0.75
    assert len(index) == 30
    assert index.document_frequency("upah") > 0
    assert index.document_frequency("nothing-here") == 0


def test_weights_scale_contributions(synthetic: tuple[list[str], LexicalIndex]) -> None:
    _, index = synthetic
    one = index.scores([("upah", 1.0)])
    assert one.max() > 0
    np.testing.assert_allclose(index.scores([("upah", 2.5)]), 2.5 * one, rtol=1e-6)
    np.testing.assert_array_equal(index.scores([("upah", 0.0)]), np.zeros_like(one))
    both = index.scores([("upah", 1.0), ("dokumen", 0.5)])
    np.testing.assert_allclose(both, one + 0.5 * index.scores([("dokumen", 1.0)]), rtol=1e-6)


def test_scores_unknown_and_empty(synthetic: tuple[list[str], LexicalIndex]) -> None:
    _, index = synthetic
    for weighted in ([], [("zzz", 1.0)], [("", 1.0)]):
        scores = index.scores(weighted)
        assert scores.shape == (30,) and not scores.any()


@pytest.mark.parametrize("documents", [[], ["Cukup jelas.", "..."]])
def test_index_without_terms(analyzer: Analyzer, documents: list[str], tmp_path: Path) -> None:
    index = LexicalIndex.build(documents, analyzer)
    assert index.scores(analyzer.weighted_query_terms("upah")).shape == (len(documents),)
    index.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    assert len(loaded) == len(documents)
    assert not loaded.scores([("upah", 1.0)]).any()


def test_ranking_uses_synonyms(analyzer: Analyzer) -> None:
    docs = [
        "Pemberi Kerja wajib membayar upah kepada Pekerja Migran Indonesia.",
        "Badan menyelenggarakan pelatihan kerja bagi Calon Pekerja Migran Indonesia.",
        "Setiap Orang dilarang menempatkan Pekerja Migran Indonesia pada jabatan tertentu.",
        "Perwakilan Republik Indonesia melakukan pendataan.",
    ]
    index = LexicalIndex.build(docs, analyzer)
    scores = index.scores(analyzer.weighted_query_terms("majikan tidak bayar gaji"))
    assert int(np.argmax(scores)) == 0
    scores = index.scores(analyzer.weighted_query_terms("KBRI"))
    assert int(np.argmax(scores)) == 3


# -- persistence --------------------------------------------------------------------


@pytest.mark.parametrize("mmap", [True, False])
def test_save_load_round_trip(
    analyzer: Analyzer, synthetic: tuple[list[str], LexicalIndex], tmp_path: Path, mmap: bool
) -> None:
    _, index = synthetic
    index.save(tmp_path / "lexical")
    names = sorted(p.name for p in (tmp_path / "lexical").iterdir())
    assert names == ["data.npy", "indices.npy", "indptr.npy", "params.json", "vocab.json"]
    loaded = LexicalIndex.load(tmp_path / "lexical", mmap=mmap, analyzer=analyzer)
    assert loaded.vocabulary == index.vocabulary
    assert loaded.params == index.params
    for query in ORACLE_QUERIES:
        weighted = analyzer.weighted_query_terms(query)
        np.testing.assert_array_equal(loaded.scores(weighted), index.scores(weighted))


def test_saved_arrays_load_without_pickle(
    synthetic: tuple[list[str], LexicalIndex], tmp_path: Path
) -> None:
    _, index = synthetic
    index.save(tmp_path)
    for name in ("data.npy", "indices.npy", "indptr.npy"):
        np.load(tmp_path / name, allow_pickle=False)
    assert isinstance(json.loads((tmp_path / "vocab.json").read_text()), list)


def test_load_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SearchIndexError, match="missing"):
        LexicalIndex.load(tmp_path / "nowhere")


def test_load_corrupt_arrays(synthetic: tuple[list[str], LexicalIndex], tmp_path: Path) -> None:
    _, index = synthetic
    index.save(tmp_path)
    (tmp_path / "indptr.npy").write_bytes(b"not an array")
    with pytest.raises(SearchIndexError):
        LexicalIndex.load(tmp_path)


def test_load_other_format_is_stale(
    synthetic: tuple[list[str], LexicalIndex], tmp_path: Path
) -> None:
    _, index = synthetic
    index.save(tmp_path)
    params = json.loads((tmp_path / "params.json").read_text())
    params["format"] = 999
    (tmp_path / "params.json").write_text(json.dumps(params))
    with pytest.raises(IndexStale):
        LexicalIndex.load(tmp_path)


def test_load_with_other_analysis_is_stale(
    synthetic: tuple[list[str], LexicalIndex], tmp_path: Path
) -> None:
    _, index = synthetic
    index.save(tmp_path)
    params = json.loads((tmp_path / "params.json").read_text())
    params["analyzer_fingerprint"] = "0000000000000000"
    (tmp_path / "params.json").write_text(json.dumps(params))
    LexicalIndex.load(tmp_path)  # without an analyzer nothing is checked
    with pytest.raises(IndexStale):
        LexicalIndex.load(tmp_path, analyzer=Analyzer())


# -- real text (speed is measured by scripts/bench_search.py) -------------------------


def test_analysis_of_a_real_statute(corpus_dir: Path) -> None:
    terms = Analyzer().terms((corpus_dir / "uu-13-2003.txt").read_text(encoding="utf-8"))
    assert len(terms) > 5000
    counts = {t: terms.count(t) for t in ("kerja", "upah", "usaha", "yang", "dan")}
    assert counts["kerja"] > 500 and counts["upah"] > 50 and counts["usaha"] > 100
    assert counts["yang"] == 0 and counts["dan"] == 0  # stop words never reach the index


def test_expansion_phrases_are_vocabulary_only(analyzer: Analyzer) -> None:
    phrases = analyzer.expansion_phrases("majikan menahan paspor saya")
    assert "pemberi kerja" in phrases and "dokumen perjalanan" in phrases
    assert analyzer.expansion_phrases("SIP3MI dan PMI") == []  # abbreviations stay as written
    assert analyzer.expansion_phrases("pelindungan hukum") == []


# -- English questions ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "english"),
    [
        ("what are the rights of a migrant worker", True),
        ("can my employer keep my passport", True),
        ("pasal 6 ayat 1 huruf a", False),  # "a" is a huruf, not English
        ("majikan menahan paspor saya", False),
        ("i a", True),  # two distinct function words and nothing else
        ("the", False),  # one function word is not a language
    ],
)
def test_is_english(query: str, english: bool) -> None:
    assert lexical_module.is_english(query.split()) is english


def test_english_query_weighs_translations_not_english_words(analyzer: Analyzer) -> None:
    weights = dict(analyzer.weighted_query_terms("what are the rights of the employer"))
    # the translation stands for the asker's word; the English word itself weighs little
    assert weights[analyzer.term("pemberi")] == pytest.approx(
        1.0 / 2**lexical_module.PHRASE_DAMPING
    )
    assert weights[analyzer.term("employer")] == lexical_module.TRANSLATED_WORD_WEIGHT
    # an Indonesian question keeps its own words at 1 and the vocabulary's below them
    weights = dict(analyzer.weighted_query_terms("hak majikan"))
    assert weights[analyzer.term("majikan")] == 1.0
    assert weights[analyzer.term("pemberi")] < SYNONYM_WEIGHT


@pytest.mark.parametrize(
    ("query", "share"),
    [
        ("upah pekerja", 1.0),  # every word known
        ("upah zzqx", 0.5),  # one word the index has never seen
        ("what is the salary of a zzqx", 0.5),  # "salary" is translated, "zzqx" unknown
        ("nggak sih", 1.0),  # nothing left to read: nothing to distrust
    ],
)
def test_known_share(analyzer: Analyzer, query: str, share: float) -> None:
    known = {analyzer.term("upah"), analyzer.term("pekerja")}
    assert analyzer.known_share(query, lambda term: term in known) == pytest.approx(share)
