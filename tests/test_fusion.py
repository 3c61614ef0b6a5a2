"""Fusion per Pasal: group maxima, reciprocal ranks, sentence splitting, question priors,
and the eval's scoring of thesis hits and breakdowns (snippets written for these tests)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from pmi_law.retrieval import fusion
from pmi_law.retrieval.evaluate import answer_key, breakdown, gold_documents


def test_group_best_takes_each_groups_maximum_whatever_the_order() -> None:
    groups = fusion.Groups.of(["A", "B", "A", "C", "B", "A"])
    best = groups.best(np.array([0.1, 0.0, 0.7, 0.0, 0.4, 0.2]))
    assert dict(zip(groups.names, best.tolist(), strict=True)) == {"A": 0.7, "B": 0.4, "C": 0.0}
    assert groups.index == {"A": 0, "B": 1, "C": 2}


def test_lexical_and_dense_evidence_on_different_passages_meet() -> None:
    # Pasal "X" has a lexical unit (row 0) and a separate dense Pasal vector (row 1)
    groups = fusion.Groups.of(["X", "X", "Y", "Z"])
    lexical = groups.best(np.array([5.0, 0.0, 4.0, 0.0]))
    dense = groups.best(np.array([0.0, 0.9, 0.0, 0.95]))
    fused = fusion.score_weights(lexical) + fusion.score_weights(dense)
    assert groups.names[int(np.argmax(fused))] == "X"  # 1st and 2nd beats 1st-only or 2nd-only


def test_score_weights_ignore_unmatched_and_follow_the_scores() -> None:
    weights = fusion.score_weights(np.array([0.0, 3.0, 1.0, 2.0]))
    assert weights[0] == 0.0
    assert weights[1] > weights[3] > weights[2] >= 0
    assert weights[1] == pytest.approx(fusion.TOP_WEIGHT)


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("majikan menahan paspor", 0),  # short: no splitting
        (
            "Kakak saya bekerja di kebun sawit di Sabah sejak tiga tahun lalu lewat seorang"
            " kenalan dari desa. Ia tidak pernah menandatangani kontrak apa pun. Sekarang ia"
            " sakit dan ingin pulang. Siapa yang wajib menanggung biaya kepulangannya?",
            4,
        ),
    ],
)
def test_long_questions_split_into_sentences(query: str, count: int) -> None:
    parts = fusion.sentences(query)
    assert len(parts) == count
    if parts:
        assert fusion.sentence_weight(parts[-1]) > fusion.sentence_weight(parts[0])


@pytest.mark.parametrize(
    ("query", "procedure"),
    [
        ("instansi mana yang mengurus pengaduan di kabupaten", True),
        ("which office handles a complaint", True),
        ("tata cara pendaftaran di LTSA", True),
        ("hak pekerja migran atas upah", False),
        ("sanksi pidana bagi calo", False),
    ],
)
def test_procedure_questions_are_told_apart(query: str, procedure: bool) -> None:
    assert fusion.asks_procedure(query) is procedure


def test_thesis_scored_by_document_and_breakdowns() -> None:
    thesis = SimpleNamespace(part="thesis", document="Skripsi X", pasal="Skripsi X Abstrak")
    body = SimpleNamespace(part="body", document="UU 1/2000", pasal="UU 1/2000 Pasal 3")
    assert answer_key(thesis) == "Skripsi X" and answer_key(body) == "UU 1/2000 Pasal 3"
    assert gold_documents(["Penjelasan UU 1/2000 Pasal 3", "PP 2/2001 Pasal 4"]) == "UU 1/2000"
    rows = [
        {
            "mode": "hybrid",
            "style": "lay",
            "relevant": ["UU 1/2000 Pasal 3"],
            "hit@1": 1.0,
            "hit@5": 1.0,
            "mrr@10": 1.0,
            "recall@10": 1.0,
        },
        {
            "mode": "hybrid",
            "style": "lay",
            "relevant": ["PP 2/2001 Pasal 4"],
            "hit@1": 0.0,
            "hit@5": 0.0,
            "mrr@10": 0.0,
            "recall@10": 0.0,
        },
    ]
    by_style = breakdown({"questions": rows}, "style")
    assert by_style["lay"]["hybrid"]["hit@5"] == 0.5 and by_style["lay"]["hybrid"]["n"] == 2
    by_doc = breakdown({"questions": rows}, "document")
    assert by_doc["UU 1/2000"]["hybrid"]["hit@1"] == 1.0
    assert by_doc["PP 2/2001"]["hybrid"]["hit@1"] == 0.0
