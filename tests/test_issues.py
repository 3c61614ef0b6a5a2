"""Ranking stages: legal issues spotted in a question, sanctions brought through the graph,
the configuration that holds every constant. Questions written for these tests."""

from __future__ import annotations

import pytest

from pmi_law.retrieval.issues import ISSUES, issues_in
from pmi_law.retrieval.linked import implementing_groups
from pmi_law.retrieval.ranking import (
    DEFAULT,
    PENALTY_INTENT,
    PROCEDURE_INTENT,
    STAGES,
    RankingConfig,
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("gaji saya sudah tiga bulan tidak dibayar", ["wages"]),
        ("paspor saya ditahan majikan", ["documents"]),
        ("my employer took my passport", ["documents"]),
        ("agen memotong gaji tiap bulan", ["fees"]),
        ("saya dipukul majikan", ["violence"]),
        ("suami saya meninggal di sana, jenazahnya belum dipulangkan", ["death", "return"]),
        ("ke mana saya bisa mengadu?", ["complaints"]),
        ("PT bilang itu bukan urusannya, boleh lepas tangan?", ["agency_duty"]),
        ("kakak saya ditangkap polisi dan butuh pengacara", ["legal_aid"]),
        ("seorang calo mengumpulkan KTP warga", ["unlicensed"]),
        ("anak di bawah umur diberangkatkan", ["minors"]),
        ("syarat menjadi pekerja migran", []),  # no situation: one plain list
        # words that begin like a trigger are not it
        ("adik saya calon TKW batal berangkat", []),  # calon, not calo
        ("perangkat desa mendata perekrutan", []),  # perangkat, perekrutan
        ("apa pengertian Pemberi Kerja", []),
    ],
)
def test_issues_are_spotted_from_the_words_of_the_situation(
    question: str, expected: list[str]
) -> None:
    assert [i.name for i in issues_in(question)] == expected


def test_every_issue_asks_in_the_law_s_words_and_names_no_pasal() -> None:
    assert len({i.name for i in ISSUES}) == len(ISSUES)
    for issue in ISSUES:
        assert issue.label and issue.question
        assert "pasal" not in issue.question.lower()


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("apa sanksinya kalau PT memalsukan data?", True),
        ("bisa kena pidana gak?", True),
        ("can they be punished for this?", True),
        ("hak pekerja migran atas upah", False),
    ],
)
def test_penalty_questions_are_recognised(question: str, asks: bool) -> None:
    assert bool(PENALTY_INTENT.search(question)) is asks


def test_a_configuration_turns_stages_off_and_refuses_unknown_ones() -> None:
    off = DEFAULT.without("issues", "sanctions")
    assert not off.on("issues") and not off.on("sanctions") and off.on("lexical")
    assert DEFAULT.on("issues")  # frozen: the default is untouched
    with pytest.raises(ValueError, match="no ranking stage"):
        DEFAULT.without("nonsense")
    assert set(STAGES) >= {"lexical", "dense", "issues", "priors", "sanctions"}
    with pytest.raises(AttributeError):
        DEFAULT.issue_weight = 1.0  # type: ignore[misc]
    assert RankingConfig().prior_of_type("Permenaker") < 1.0


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("bagaimana tata cara pelindungan sebelum bekerja", True),
        ("prosedur pemulangan pekerja yang sakit", True),
        ("bagaimana caranya mendaftar", True),
        ("how do I register for social security", True),
        ("what are the steps to file a complaint", True),
        ("bagaimana jika majikan menahan paspor", False),  # "bagaimana" alone asks no procedure
        ("hak pekerja migran", False),
    ],
)
def test_procedure_questions_are_recognised(question: str, asks: bool) -> None:
    assert bool(PROCEDURE_INTENT.search(question)) is asks


def test_implementing_links_become_pasal_pairs_in_order() -> None:
    groups = {"A Pasal 1 ayat (2)": "A Pasal 1", "R Pasal 4 ayat (1)": "R Pasal 4"}
    links = [
        ("A Pasal 1 ayat (2)", "R Pasal 4 ayat (1)"),
        ("A Pasal 1", "R Pasal 9"),
        ("A Pasal 1 ayat (2)", "R Pasal 4 ayat (1)"),  # twice: once
        ("A Pasal 7", "R Pasal 4 ayat (1)"),  # a unit the index does not hold
    ]

    def group_of(citation: str) -> str | None:
        if citation in groups:
            return groups[citation]
        return citation if citation in {"A Pasal 1", "R Pasal 9"} else None

    assert implementing_groups(links, group_of) == {"A Pasal 1": ("R Pasal 4", "R Pasal 9")}


@pytest.fixture(scope="module")
def searcher(library):
    return library.searcher()


def test_a_penalty_question_brings_the_sanction_of_the_prohibition(searcher) -> None:
    question = "apa hukuman bagi orang perseorangan yang menempatkan pekerja migran"
    hits = searcher.search(question)
    pasals = [h.pasal for h in hits]
    # the prohibition and its sanction together, whichever the words matched first
    assert set(pasals[:2]) == {"UU 18/2017 Pasal 69", "UU 18/2017 Pasal 81"}
    assert any("sanction" in h.breakdown for h in hits[:2])
    off = searcher.with_config(DEFAULT.without("sanctions")).search(question)
    assert all("sanction" not in h.breakdown for h in off)


def test_a_penalty_question_brings_its_issues_prohibition_and_sanction(searcher) -> None:
    """ "Sanksi ... tanpa izin" matched the administrative sanctions' own words ("pencabutan
    izin"); the unlicensed-placement issue brings what was done (the prohibition on
    placement by individuals) and its criminal sanction onto the first screen too."""
    question = "sanksi bagi perusahaan yang menempatkan pekerja tanpa izin"
    assert [i.name for i in issues_in(question)] == ["unlicensed"]
    hits = searcher.search(question, k=5)
    pasals = [h.pasal for h in hits]
    assert {"UU 18/2017 Pasal 69", "UU 18/2017 Pasal 81"} <= set(pasals), pasals
    assert pasals.index("UU 18/2017 Pasal 69") < pasals.index("UU 18/2017 Pasal 81")
    assert "sanction" in hits[pasals.index("UU 18/2017 Pasal 69")].breakdown
    # without the issue (the checklist stage off), neither reaches the first screen
    off = searcher.with_config(DEFAULT.without("issues")).search(question, k=5)
    assert not {"UU 18/2017 Pasal 69", "UU 18/2017 Pasal 81"} & {h.pasal for h in off}


def test_a_story_is_answered_issue_by_issue_and_a_short_question_stays_one_list(
    searcher,
) -> None:
    story = (
        "Saya bekerja di Malaysia sebagai PRT. Sudah empat bulan gaji saya tidak dibayar"
        " majikan. Paspor saya juga ditahan majikan. Saya harus mengadu ke mana?"
    )
    groups = searcher.search_by_issue(story, k=3)
    assert [issue.name for issue, _ in groups] == ["wages", "documents", "complaints"]
    documents = next(hits for issue, hits in groups if issue.name == "documents")
    assert "UU 18/2017 Pasal 6" in [h.pasal for h in documents]
    # each issue shows the unit of a Pasal that answers it, not what the whole story matched
    shown = {issue.name: {h.pasal: h.citation for h in hits} for issue, hits in groups}
    assert shown["documents"]["UU 18/2017 Pasal 6"] == "UU 18/2017 Pasal 6 ayat (1) huruf j"
    complaints = next(hits for issue, hits in groups if issue.name == "complaints")
    assert "PP 59/2021 Pasal 17" in [h.pasal for h in complaints]
    assert searcher.search_by_issue("majikan menahan paspor saya") == []


def test_a_storys_flat_list_puts_each_issues_answer_on_the_first_screen(searcher) -> None:
    """One ranked list answered only the issue whose words fill most of a story; each
    issue's best Pasal now comes right below the first answer (the "coverage" stage)."""
    story = (
        "Istri saya bekerja sebagai PRT di Hong Kong. Sudah tiga bulan gajinya tidak dibayar"
        " majikan. Paspornya juga dipegang majikan. Ke mana kami bisa mengadu?"
    )
    issues = [i.name for i in issues_in(story)]
    assert issues == ["wages", "documents", "complaints"]
    hits = searcher.search(story, k=5)
    lifted = [h.pasal for h in hits if "coverage" in h.breakdown]
    assert lifted and all(p in [h.pasal for h in hits[:4]] for p in lifted), lifted
    by_issue = {i.name: hs[0].pasal for i, hs in searcher.search_by_issue(story, k=1)}
    assert set(by_issue.values()) <= {h.pasal for h in hits}, (by_issue, hits)
    for h in hits:
        assert abs(sum(h.breakdown.values()) - h.score) < 1e-9
    # off, the issues' answers are not all on the first screen; a two-sentence question
    # naming two issues asks about one situation and is left alone
    off = searcher.with_config(DEFAULT.without("coverage")).search(story, k=5)
    assert not set(by_issue.values()) <= {h.pasal for h in off}
    short = "Gaji saya tidak dibayar majikan. Paspor saya juga ditahan, ke mana mengadu?"
    assert len(issues_in(short)) >= 2
    assert all("coverage" not in h.breakdown for h in searcher.search(short, k=5))


@pytest.mark.parametrize(
    ("question", "issue", "answer"),
    [
        # "luar negeri" twice in the Minister's foreign-cooperation task outweighed the right
        ("gaji saya tidak dibayar majikan di luar negeri", "wages", "UU 18/2017 Pasal 6"),
        # an item of the information given before departure ("mekanisme pengaduan") came first
        (
            "ke mana saya bisa mengadu kalau ada masalah di luar negeri",
            "complaints",
            "PP 59/2021 Pasal 18",
        ),
    ],
)
def test_a_short_questions_one_issue_brings_its_answer_onto_the_first_screen(
    searcher, question: str, issue: str, answer: str
) -> None:
    assert [i.name for i in issues_in(question)] == [issue]
    hits = searcher.search(question, k=5)
    pasals = [h.pasal for h in hits]
    assert answer in pasals[:2], pasals
    assert "coverage" in hits[pasals.index(answer)].breakdown
    off = searcher.with_config(DEFAULT.without("coverage")).search(question, k=5)
    assert answer not in [h.pasal for h in off[:2]]


def test_the_breakdown_adds_up_to_the_score_for_every_kind_of_question(searcher) -> None:
    for question in (
        "UU 18/2017 Pasal 6",
        "apa yang dimaksud dengan SIP3MI",
        "sanksi bagi perusahaan yang menempatkan pekerja tanpa izin",
        "what are the rights of a migrant worker",
        "tugas dan tanggung jawab pemerintah daerah kabupaten/kota",
        "bagaimana tata cara pelindungan sebelum bekerja",
    ):
        for hit in searcher.search(question, k=10):
            assert sum(hit.breakdown.values()) == pytest.approx(hit.score, abs=1e-12), question


def test_a_named_law_is_asked_about_and_a_law_set_aside_is_not(searcher) -> None:
    assert searcher._named_documents("apa kata UU Ketenagakerjaan tentang lembur") == {"UU 13/2003"}
    assert searcher._named_documents(
        "Selain UU TPPO dan UU PPMI, ketentuan UU Ketenagakerjaan mana yang berlaku?"
    ) == {"UU 13/2003"}
    assert searcher._named_documents("besides Law 21/2007, which law applies?") == set()
    assert searcher._named_documents("majikan menahan paspor saya") == set()
    hits = searcher.search("menurut UU Ketenagakerjaan, berapa lama waktu kerja lembur", k=3)
    assert all(h.document == "UU 13/2003" for h in hits)


def test_as_of_acts_inside_the_search(library) -> None:
    # in 2019 the Perppu and UU 11/2020 were not law yet; in 2010 UU 39/2004 still was
    then = library.search("izin perusahaan penempatan", k=10, as_of="2019-01-01")
    assert len(then) == 10
    assert not {h.document for h in then} & {"Perppu 2/2022", "UU 11/2020", "PP 59/2021"}
    old = library.search("izin perusahaan penempatan tenaga kerja", k=10, as_of="2010-01-01")
    assert "UU 39/2004" in {h.document for h in old}
    assert "UU 39/2004" not in {h.document for h in library.search("izin perusahaan", k=10)}


def test_words_that_only_look_like_a_citation_are_searched(library) -> None:
    hits = library.search("penjelasan umum pelindungan", k=3, part="penjelasan")
    assert hits and all(h.part == "penjelasan" for h in hits)
    assert library.search("Penjelasan UU 18/2017 Umum", k=1)[0].citation == (
        "Penjelasan UU 18/2017 Umum"
    )


def test_a_procedure_question_brings_the_implementing_regulation_below_the_law(searcher) -> None:
    question = "bagaimana tata cara pelindungan sebelum bekerja"
    pasals = [h.pasal for h in searcher.search(question, k=5)]
    law = pasals.index("UU 18/2017 Pasal 20")
    # PP 59/2021 carries out Pasal 20 (its Menimbang says so; Pasal 4 restates Pasal 8)
    assert pasals[law + 1] == "PP 59/2021 Pasal 4"
    hit = searcher.search(question, k=5)[law + 1]
    assert "delegation" in hit.breakdown
    off = searcher.with_config(DEFAULT.without("delegations")).search(question, k=5)
    assert all("delegation" not in h.breakdown for h in off)
    # a question that asks no procedure is left as the other stages rank it
    plain = searcher.search("pelindungan sebelum bekerja", k=10)
    assert all("delegation" not in h.breakdown for h in plain)


def test_every_breakdown_key_of_the_stage_table_has_a_label_on_the_page() -> None:
    import re

    from pmi_law.retrieval import ranking
    from pmi_law.serve.web import WHY_LABELS

    documented = set(re.findall(r"\(``(\w+)``", ranking.__doc__ or ""))
    assert "delegation" in documented and "lexical" in documented
    assert documented == set(WHY_LABELS)
