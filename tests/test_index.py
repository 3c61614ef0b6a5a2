"""The index on disk: FAISS against brute force, save/load, atomic writes, stale detection."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from synthetic import fake_encode, synthetic_passages

from pmi_law.errors import IndexStale
from pmi_law.retrieval.index import DenseIndex, build_index, load_index, read_manifest
from pmi_law.retrieval.lexical import Analyzer
from pmi_law.retrieval.passages import Passage


def _unit(rng: np.random.Generator, n: int, dim: int = 32) -> np.ndarray:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_exact_faiss_equals_brute_force(seed):
    rng = np.random.default_rng(seed)
    vectors = _unit(rng, 300)
    ids = np.arange(1000, 1300, dtype=np.int64)
    index = DenseIndex.build(vectors, ids)
    for q in _unit(rng, 5):
        scores, found = index.search(q, 20)
        brute = vectors @ q
        order = np.argsort(-brute, kind="stable")[:20]
        assert list(found) == list(ids[order])
        np.testing.assert_allclose(scores, brute[order], rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("seed", [0, 1])
def test_exact_search_equals_faiss_after_save_and_load(tmp_path: Path, seed):
    """An exact index answers one query in numpy (no OpenMP threads on a busy machine):
    the same ids and scores as FAISS's own search over the stored index, filtered or not."""
    rng = np.random.default_rng(seed)
    vectors = _unit(rng, 500, dim=48)
    ids = rng.permutation(np.arange(100, 1100))[:500].astype(np.int64)  # passages without a vector
    DenseIndex.build(vectors, ids).save(tmp_path / "d.faiss")
    index = DenseIndex.load(tmp_path / "d.faiss")
    allowed = rng.random(1100) < 0.5
    for q in _unit(rng, 5, dim=48):
        for k, mask in ((30, None), (30, allowed), (600, None)):
            scores, found = index.search(q, k, mask)
            if mask is None:
                want_scores, want_ids = index.index.search(q.reshape(1, -1), min(k, 500))
            else:
                import faiss

                params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(np.flatnonzero(mask)))
                want_scores, want_ids = index.index.search(q.reshape(1, -1), k, params=params)
            keep = want_ids[0] >= 0
            assert list(found) == list(want_ids[0][keep])
            np.testing.assert_allclose(scores, want_scores[0][keep], rtol=1e-5, atol=1e-6)
            if mask is not None:
                assert mask[found].all()


def test_filtered_search_acts_inside_the_search():
    rng = np.random.default_rng(7)
    vectors = _unit(rng, 200)
    index = DenseIndex.build(vectors)
    allowed = np.zeros(200, dtype=bool)
    allowed[::7] = True
    q = _unit(rng, 1)[0]
    _, found = index.search(q, 10, allowed)
    brute = np.where(allowed, vectors @ q, -np.inf)
    assert list(found) == list(np.argsort(-brute, kind="stable")[:10])
    assert allowed[found].all() and len(found) == 10
    none = np.zeros(200, dtype=bool)
    assert index.search(q, 10, none)[1].size == 0


def test_approximate_index_agrees_with_exact():
    rng = np.random.default_rng(3)
    vectors = _unit(rng, 2000)
    exact = DenseIndex.build(vectors)
    approx = DenseIndex.build(vectors, approximate=True)
    overlap = []
    for q in _unit(rng, 20):
        a = set(exact.search(q, 10)[1])
        b = set(approx.search(q, 10)[1])
        overlap.append(len(a & b) / 10)
    assert np.mean(overlap) >= 0.9


def _passages() -> list[Passage]:
    texts = [
        "Pasal 1: Setiap pekerja berhak atas upah yang layak.",
        "Pasal 2: Pemberi kerja dilarang menahan dokumen pekerja.",
        "Pasal 3: Perusahaan penempatan wajib memiliki izin.",
        "Pasal 4: Setiap orang yang menahan dokumen dipidana.",
    ]
    return synthetic_passages(texts, dense=lambda i: i != 3)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def test_save_load_round_trip(tmp_path: Path, analyzer):
    folder = tmp_path / "idx"
    passages = _passages()
    manifest = build_index(
        folder, passages, encode=fake_encode, analyzer=analyzer, model="m1", corpus_hash="c1"
    )
    assert manifest.passages == 4 and manifest.vectors == 3
    loaded = load_index(folder, model="m1", corpus_hash="c1")
    assert loaded.passages == passages
    q = fake_encode([passages[1].embed_text])[0]
    scores, ids = loaded.dense.search(q, 3)
    assert ids[0] == 1 and scores[0] == pytest.approx(1.0, abs=1e-5)
    assert 3 not in set(ids)  # a passage without a vector is never a dense hit
    terms = analyzer.weighted_query_terms("menahan dokumen")
    lex = loaded.lexical.scores(terms)
    assert lex.shape == (4,) and lex[1] > 0 and lex[3] > 0 and lex[0] == 0
    assert not list(folder.parent.glob(".idx.tmp-*"))


def test_stale_index_is_detected(tmp_path: Path, analyzer):
    folder = tmp_path / "idx"
    build_index(
        folder, _passages(), encode=fake_encode, analyzer=analyzer, model="m1", corpus_hash="c1"
    )
    with pytest.raises(IndexStale, match="model"):
        load_index(folder, model="m2", corpus_hash="c1")
    with pytest.raises(IndexStale, match="corpus"):
        load_index(folder, model="m1", corpus_hash="c2")
    with pytest.raises(IndexStale, match="no index"):
        load_index(tmp_path / "missing", model="m1", corpus_hash="c1")
    (folder / "passages.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(IndexStale, match=r"incomplete|damaged"):
        load_index(folder, model="m1", corpus_hash="c1")


def test_failed_build_leaves_previous_index_untouched(tmp_path: Path, analyzer):
    folder = tmp_path / "idx"
    build_index(
        folder, _passages(), encode=fake_encode, analyzer=analyzer, model="m1", corpus_hash="c1"
    )
    before = read_manifest(folder)

    def broken(texts: list[str]) -> np.ndarray:
        raise RuntimeError("encoder crashed")

    with pytest.raises(RuntimeError):
        build_index(
            folder, _passages(), encode=broken, analyzer=analyzer, model="m2", corpus_hash="c2"
        )
    assert read_manifest(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["idx"]


def test_sequences_hold_each_passages_terms_in_order(tmp_path: Path, analyzer):
    """The phrase check reads a passage's terms from the index, as the build analysed them;
    a sequences file that does not match the passages makes the index stale."""
    folder = tmp_path / "idx"
    passages = _passages()
    build_index(
        folder, passages, encode=fake_encode, analyzer=analyzer, model="m1", corpus_hash="c1"
    )
    loaded = load_index(folder, model="m1", corpus_hash="c1")
    assert loaded.sequences is not None
    for i, passage in enumerate(passages):
        assert loaded.sequences[i] == analyzer.terms(passage.text)
    (folder / "sequences" / "ids.npy").unlink()
    with pytest.raises(IndexStale, match="missing"):
        load_index(folder, model="m1", corpus_hash="c1")


def test_sequences_that_do_not_match_the_passages_are_stale(tmp_path: Path) -> None:
    from pmi_law.retrieval.sequences import Sequences, save_sequences

    save_sequences(tmp_path, [["hak", "pekerja"], [], ["upah"]])
    assert [Sequences(tmp_path, 3)[i] for i in range(3)] == [["hak", "pekerja"], [], ["upah"]]
    with pytest.raises(IndexStale, match="do not match"):
        Sequences(tmp_path, 4)[0]
