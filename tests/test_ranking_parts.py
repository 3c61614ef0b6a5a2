"""The parts of ranking added for retrieval across the corpus, each on snippets written for
these tests: score fusion, unseen query words, whole phrases, restatements."""

from __future__ import annotations

import numpy as np
import pytest

from pmi_law.retrieval import fusion
from pmi_law.retrieval.lexical import LexicalIndex
from pmi_law.retrieval.passages import Passage
from pmi_law.retrieval.phrases import _contains, phrase_bonus
from pmi_law.retrieval.ranking import DEFAULT
from pmi_law.retrieval.restate import restatements
from pmi_law.retrieval.unseen import PREFIX_WEIGHT, SUFFIX_WEIGHT, UnseenTerms


def test_score_weights_keep_the_margin_that_ranks_hide() -> None:
    # A is far ahead of B on this side; ranks would give A and B nearly the same share
    scores = np.array([10.0, 2.0, 1.9, 0.0] + [1.0] * 200)
    weights = fusion.score_weights(scores)
    top = fusion.TOP_WEIGHT
    assert weights[0] == pytest.approx(top)  # the top gets the full share
    assert weights[3] == 0.0  # unmatched stays out
    assert weights[1] < 0.2 * top  # a distant second gets little


def test_score_weights_of_one_match_and_of_ties() -> None:
    assert fusion.score_weights(np.array([0.0, 3.0]))[1] == pytest.approx(fusion.TOP_WEIGHT)
    tied = fusion.score_weights(np.array([2.0, 2.0, 2.0]))
    assert tied[0] == tied[1] == tied[2] > 0


VOCABULARY = ["jelas", "radikalisasi", "radikalisasikanlahnya", "bayar", "narkotika", "gaji"]
FREQUENCY = {
    "jelas": 4,
    "radikalisasi": 2,
    "radikalisasikanlahnya": 1,
    "bayar": 9,
    "narkotika": 3,
    "gaji": 5,
}


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("jelasin", [("jelas", SUFFIX_WEIGHT)]),  # colloquial -in: "jelasin" = menjelaskan
        ("bayarin", [("bayar", SUFFIX_WEIGHT)]),
        (
            "radikal",
            [("radikalisasi", PREFIX_WEIGHT)],
        ),  # shortened form; a much longer word is not it
        ("gaji", []),  # known to the index: never rewritten
        ("narko", [("narkotika", PREFIX_WEIGHT)]),
        ("nark", []),  # too short to stand for anything
        ("zzzzzz", []),  # nothing begins with it
    ],
)
def test_unseen_words_get_stand_ins(term: str, expected: list[tuple[str, float]]) -> None:
    unseen = UnseenTerms(VOCABULARY, lambda t: FREQUENCY.get(t, 0), lambda t: t)
    added = [pair for pair in unseen.expand([(term, 1.0)]) if pair[0] != term]
    assert added == expected


def test_only_the_askers_own_unseen_words_are_expanded() -> None:
    unseen = UnseenTerms(VOCABULARY, lambda t: FREQUENCY.get(t, 0), lambda t: t)
    assert unseen.expand([("jelasin", 0.5)]) == [("jelasin", 0.5)]  # an expansion stays as is


def test_phrase_bonus_scores_whole_phrases_again() -> None:
    texts = [
        ["hak", "kuasa", "dokumen", "jalan"],  # holds "dokumen jalan" whole
        ["tahan", "berangkat", "dokumen", "lengkap", "jalan"],  # same words, apart
        ["upah"],
    ]
    base = np.array([1.0, 1.2, 0.0])

    def term_scores(terms: list[tuple[str, float]]) -> np.ndarray:
        return np.array([sum(w for t, w in terms if t in text) for text in texts])

    out = phrase_bonus(base, [(("dokumen", "jalan"), 0.5)], texts.__getitem__, term_scores)
    assert out[0] == pytest.approx(2.0) and out[1] == pytest.approx(1.2) and out[2] == 0.0
    assert out[0] > out[1]  # the whole phrase now outranks scattered words
    same = phrase_bonus(base, [(("dokumen",), 1.0)], texts.__getitem__, term_scores)
    assert same.tolist() == base.tolist()  # one word is no phrase


@pytest.mark.parametrize(
    ("sequence", "phrase", "expected"),
    [
        (["a", "b", "c"], ["b", "c"], True),
        (["b", "a", "b", "c"], ["b", "c"], True),  # the second occurrence of the first word
        (("a", "b", "a", "c"), ("a", "c"), True),  # a tuple, as the index stores terms
        (["a", "b", "x", "c"], ["b", "c"], False),  # the words apart
        (["c", "b"], ["b", "c"], False),  # the wrong order
        (["a", "b"], ["b", "c"], False),  # the phrase runs past the end
        ([], ["b", "c"], False),
    ],
)
def test_contains_finds_a_phrase_word_after_word(
    sequence: list[str], phrase: list[str], expected: bool
) -> None:
    assert _contains(sequence, phrase) is expected


def _passage(citation: str, doc: str, doc_type: str, text: str) -> Passage:
    return Passage(
        citation=citation,
        group=citation.split(" ayat")[0],
        document=doc,
        doc_type=doc_type,
        part="body",
        bab="",
        context="",
        text=f"{citation.split(' Pasal ')[1]}: {text}",
    )


def test_restatements_pair_a_regulation_unit_with_the_statute_it_repeats() -> None:
    passages = [
        _passage(
            "UU 9/2020 Pasal 3 ayat (1)",
            "UU 9/2020",
            "UU",
            "pekerja berhak atas upah layak tepat waktu setiap bulan",
        ),
        _passage(
            "UU 9/2020 Pasal 4",
            "UU 9/2020",
            "UU",
            "menteri menetapkan tata cara pelatihan kerja calon pekerja",
        ),
        _passage(
            "PP 7/2021 Pasal 2 ayat (1)",
            "PP 7/2021",
            "PP",
            "pekerja berhak atas upah layak tepat waktu setiap bulan",
        ),
        _passage(
            "PP 7/2021 Pasal 2 ayat (2)",
            "PP 7/2021",
            "PP",
            "dinas kabupaten mencatat upah pekerja dalam buku register desa",
        ),
        _passage(
            "UU 8/2019 Pasal 5",
            "UU 8/2019",
            "UU",
            "menteri menetapkan tata cara pelatihan kerja calon pekerja",
        ),
    ]
    pairs = restatements(passages, str.split)
    assert pairs == {"PP 7/2021 Pasal 2 ayat (1)": "UU 9/2020 Pasal 3 ayat (1)"}
    # an excluded statute (amending instructions, a replaced law) is never the one restated
    assert restatements(passages, str.split, exclude={"UU 9/2020"}) == {}
    # a regulation unit with its own detail restates nothing; statutes are never paired


def test_a_flat_side_carries_less_than_a_sure_one() -> None:
    # cosines of one query: a flat spread (top barely above the rest) and a sure top
    flat = np.array([0.871, 0.870, 0.869] + [0.86] * 100)
    sure = np.array([0.93, 0.870, 0.869] + [0.86] * 100)
    top = fusion.TOP_WEIGHT
    assert fusion.score_weights(flat)[0] == pytest.approx(top)  # relative scaling alone
    assert fusion.score_weights(flat, min_span=0.04)[0] < 0.5 * top  # flat: little weight
    assert fusion.score_weights(sure, min_span=0.04)[0] == pytest.approx(top)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ([("a", 1.0), ("b", 1.0)], [1.0, 0.5, 0.0, 0.5]),
        ([("a", 3.0), ("b", 1.0)], [1.0, 0.75, 0.0, 0.25]),
        ([("a", 1.0), ("unknown", 1.0)], [0.5, 0.5, 0.0, 0.0]),
        ([], [0.0, 0.0, 0.0, 0.0]),
    ],
)
def test_coverage_is_the_share_of_the_query_weight_a_passage_holds(
    query: list[tuple[str, float]], expected: list[float]
) -> None:
    index = LexicalIndex.from_terms([["a", "b", "a"], ["a", "c"], ["c"], ["b", "b", "b", "b"]])
    assert index.coverage(query).tolist() == pytest.approx(expected)


def test_coverage_lets_a_passage_with_every_word_beat_one_repeating_the_rarest() -> None:
    docs = [["rare", "rare", "x"], ["rare", "common"]] + [["common", "y"]] * 6
    index = LexicalIndex.from_terms(docs)
    query = [("rare", 1.0), ("common", 1.0)]
    plain = index.scores(query)
    assert plain[0] > plain[1]  # BM25 alone prefers the repetition (by some 7 %)
    scaled = plain * index.coverage(query) ** DEFAULT.coverage_power
    assert scaled[1] > scaled[0]
