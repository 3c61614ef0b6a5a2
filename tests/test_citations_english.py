"""English citations ("Article 6 paragraph (1) of Law No. 18 of 2017") read to the same ids as
the Indonesian forms: in a typed citation and in queries, never in statute text.

All snippets are written for these tests; no statute text is copied here.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from pmi_law.citations import Citation, document_type, find_citations
from pmi_law.errors import CitationError
from pmi_law.sources.parse import DocumentInfo, parse_text

# ---------------------------------------------------------------------------------------------
# One citation typed in English (or half English) -> the canonical id
# ---------------------------------------------------------------------------------------------

PARSE_CASES = [
    # documents
    ("Law 18/2017", "UU 18/2017"),
    ("law 18/2017", "UU 18/2017"),
    ("Law No. 18 of 2017", "UU 18/2017"),
    ("Law No.18/2017", "UU 18/2017"),
    ("Law Number 18 of 2017", "UU 18/2017"),
    ("LAW NUMBER 18 OF 2017", "UU 18/2017"),
    ("Law No. 18 Year 2017", "UU 18/2017"),
    ("Law No. 18 of the Year 2017", "UU 18/2017"),
    ("Act No. 18 of 2017", "UU 18/2017"),
    ("the Law 18 of 2017", "UU 18/2017"),
    ("Indonesian Law No. 18 of 2017", "UU 18/2017"),
    ("Law of the Republic of Indonesia Number 18 of 2017", "UU 18/2017"),
    (
        "Law No. 18 of 2017 concerning the Protection of Indonesian Migrant Workers",
        "UU 18/2017",
    ),
    ("Government Regulation 59 of 2021", "PP 59/2021"),
    ("Government Regulation No. 59 of 2021", "PP 59/2021"),
    ("GR 59/2021", "PP 59/2021"),
    ("gr no. 59 of 2021", "PP 59/2021"),
    ("Government Regulation in Lieu of Law No. 2 of 2022", "Perppu 2/2022"),
    ("Government Regulation in Lieu of Law 2/2022", "Perppu 2/2022"),
    ("Presidential Regulation 90 of 2019", "Perpres 90/2019"),
    ("Presidential Decree No. 1 of 2020", "Keppres 1/2020"),
    ("Minister of Manpower Regulation 9 of 2019", "Permenaker 9/2019"),
    ("Manpower Ministerial Regulation No. 9 of 2019", "Permenaker 9/2019"),
    ("Ministry of Manpower Regulation Number 9 of 2019", "Permenaker 9/2019"),
    ("Regulation of the Minister of Manpower No. 9 of 2019", "Permenaker 9/2019"),
    ("BP2MI Regulation 9 of 2020", "Peraturan BP2MI 9/2020"),
    # units, document after them ("of") or first
    ("Article 6", "Pasal 6"),
    ("Art. 6", "Pasal 6"),
    ("article 89a", "Pasal 89A"),
    ("Article 6 of Law 18/2017", "UU 18/2017 Pasal 6"),
    ("Article 6 of the Law No. 18 of 2017", "UU 18/2017 Pasal 6"),
    ("Article 6 in Law 18/2017", "UU 18/2017 Pasal 6"),
    ("Article 6 Law 18/2017", "UU 18/2017 Pasal 6"),
    ("Law 18/2017 Article 6", "UU 18/2017 Pasal 6"),
    (
        "Article 6 paragraph (1) letter j of Law 18/2017",
        "UU 18/2017 Pasal 6 ayat (1) huruf j",
    ),
    ("Article 6 paragraph 1 letter j", "Pasal 6 ayat (1) huruf j"),
    ("Article 6 para. (1) point j", "Pasal 6 ayat (1) huruf j"),
    ("Article 6 paragraph (1) sub-paragraph j", "Pasal 6 ayat (1) huruf j"),
    ("Article 6 paragraph (1) subparagraph (j)", "Pasal 6 ayat (1) huruf j"),
    ("Article 6(1)(j) of Law 18/2017", "UU 18/2017 Pasal 6 ayat (1) huruf j"),
    ("Art. 6(1)j", "Pasal 6 ayat (1) huruf j"),
    ("Article 6 (1) (j)", "Pasal 6 ayat (1) huruf j"),
    ("Article 6(a)", "Pasal 6 huruf a"),
    ("Article 1 number 5", "Pasal 1 angka 5"),
    ("Article 1 item 5", "Pasal 1 angka 5"),
    ("Article 1 point 5 of Law 18/2017", "UU 18/2017 Pasal 1 angka 5"),
    ("Article 45 letter a number 3", "Pasal 45 huruf a angka 3"),
    ("Chapter III", "BAB III"),
    ("Chapter 3 of Law 18/2017", "UU 18/2017 BAB III"),
    ("Law 18/2017 Chapter III Article 6", "UU 18/2017 BAB III Pasal 6"),
    ("Article II of Law 6/2023", "UU 6/2023 Pasal II"),
    # elucidation
    ("Elucidation of Article 6", "Penjelasan Pasal 6"),
    ("Explanation of Article 2 letter a", "Penjelasan Pasal 2 huruf a"),
    ("Elucidation of Article 6 of Law 18/2017", "Penjelasan UU 18/2017 Pasal 6"),
    ("Elucidation of the Law 18/2017 Article 6", "Penjelasan UU 18/2017 Pasal 6"),
    ("Law 18/2017 Elucidation of Article 6", "Penjelasan UU 18/2017 Pasal 6"),
    ("General Elucidation of Law 18/2017", "Penjelasan UU 18/2017 Umum"),
    ("Law 18/2017 General Elucidation", "Penjelasan UU 18/2017 Umum"),
    ("General Elucidation", "Penjelasan Umum"),
    # half English, half Indonesian
    ("Pasal 6 of Law 18/2017", "UU 18/2017 Pasal 6"),
    ("Pasal 6 of UU 18/2017", "UU 18/2017 Pasal 6"),
    ("UU 18/2017 Article 6", "UU 18/2017 Pasal 6"),
    ("Article 6 ayat (1) huruf j UU No. 18 Tahun 2017", "UU 18/2017 Pasal 6 ayat (1) huruf j"),
    ("Pasal 6 ayat (1) letter j of Law 18/2017", "UU 18/2017 Pasal 6 ayat (1) huruf j"),
    ("Penjelasan Article 6 of Law 18/2017", "Penjelasan UU 18/2017 Pasal 6"),
    ("Article 6 UU PPMI", "UU 18/2017 Pasal 6"),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES)
def test_parse_english(text: str, expected: str) -> None:
    citation = Citation.parse(text)
    assert str(citation) == expected
    assert Citation.parse(expected) == citation


@pytest.mark.parametrize(
    ("english", "indonesian"),
    [
        ("Article 6 paragraph (1) letter j of Law 18/2017", "Pasal 6 ayat (1) huruf j UU 18/2017"),
        ("Government Regulation 3 of 2013", "PP 3/2013"),
        ("Elucidation of Article 2 letter a", "Penjelasan Pasal 2 huruf a"),
    ],
)
def test_same_id_as_indonesian(english: str, indonesian: str) -> None:
    assert Citation.parse(english) == Citation.parse(indonesian)
    assert Citation.parse(english, default_document="Law 18/2017") == Citation.parse(
        indonesian, default_document="UU 18/2017"
    )


# A malformed English citation typed in is a clear error, like a malformed Indonesian one.
PARSE_ERRORS = [
    ("Article", "expected a number such as '6' after 'Article', found nothing"),
    ("Art. x7", "expected a number such as '6' after 'Art.', found 'x7'"),
    ("Article 0", "numbering starts at 1, not '0'"),
    ("Law 18", "expected a year after 'Law 18'"),
    ("Article 6 of Law 18", "expected a year after 'Law 18'"),
    ("Government Regulation 59", "expected a year after 'Government Regulation 59'"),
    ("Law", "expected a number and year after 'Law'"),
    ("Law 0 of 2017", "has no valid number and year"),
    ("Article 6 paragraph", "expected a number such as '(1)' after 'paragraph'"),
    ("Article 6 paragraph (1) letter", "expected a letter such as 'j' after 'letter'"),
    ("Chapter", "expected a roman numeral such as 'III' after 'Chapter'"),
    ("letter j", "'letter j' must follow a Pasal"),
    ("number 3", "'number 3' must follow a Pasal"),
    ("Article 6 of the Convention", "did not understand 'of the'"),
    ("Elucidation", "'Penjelasan' of what?"),
    ("Law 18/2017 Act No. 21 of 2007", "two documents"),
    ("Article 6 of Law 18/2017 Article 7", "comes after the document"),
    ("concerning migrant workers", "'concerning' (a title) must follow a document"),
]


@pytest.mark.parametrize(("text", "needle"), PARSE_ERRORS)
def test_parse_english_errors(text: str, needle: str) -> None:
    with pytest.raises(CitationError) as error:
        Citation.parse(text)
    message = str(error.value)
    assert message.startswith(f"cannot read citation '{text}': ")
    assert needle in message


def test_english_can_be_switched_off() -> None:
    assert str(Citation.parse("Article 6 of Law 18/2017", english=True)) == "UU 18/2017 Pasal 6"
    with pytest.raises(CitationError, match="did not understand 'Article'"):
        Citation.parse("Article 6 of Law 18/2017", english=False)


def test_metadata_type_names_stay_indonesian() -> None:
    """Title blocks and metadata go through document_type: "Law" is no type there."""
    for name in ("Law", "Government Regulation", "Presidential Regulation"):
        with pytest.raises(CitationError, match="unknown document type"):
            document_type(name)


# ---------------------------------------------------------------------------------------------
# Queries: citations inside English sentences (english=True), and prose that is no citation
# ---------------------------------------------------------------------------------------------

FIND_CASES = [
    (
        "Article 6 paragraph (1) letter j of Law 18/2017",
        [
            (
                "Article 6 paragraph (1) letter j of Law 18/2017",
                "UU 18/2017 Pasal 6 ayat (1) huruf j",
            )
        ],
    ),
    (
        "Is Government Regulation 3 of 2013 still in force?",
        [("Government Regulation 3 of 2013", "PP 3/2013")],
    ),
    ("What does Article 69 say about passports?", [("Article 69", "Pasal 69")]),
    # a bracketed letter is a huruf after an ayat only, as a bare one ("(i)" may be OCR's "(1)")
    ("Article 35 (i) says", [("Article 35", "Pasal 35")]),
    ("Article 35 (1) (i) says", [("Article 35 (1) (i)", "Pasal 35 ayat (1) huruf i")]),
    (
        "Under Law No. 18 of 2017, Article 6(1)(j) gives workers the right to information.",
        [("Law No. 18 of 2017", "UU 18/2017"), ("Article 6(1)(j)", "Pasal 6 ayat (1) huruf j")],
    ),
    (
        "my agency broke art. 72 letter a of the Law No. 18 of 2017 by keeping my passport",
        [("art. 72 letter a of the Law No. 18 of 2017", "UU 18/2017 Pasal 72 huruf a")],
    ),
    (
        "The General Elucidation of Law 18/2017 explains the purpose.",
        [("General Elucidation of Law 18/2017", "Penjelasan UU 18/2017 Umum")],
    ),
    (
        "read the elucidation of Article 2 letter a first",
        [("elucidation of Article 2 letter a", "Penjelasan Pasal 2 huruf a")],
    ),
    (
        "I need an explanation of Article 6 of Law 18/2017",
        [("explanation of Article 6 of Law 18/2017", "Penjelasan UU 18/2017 Pasal 6")],
    ),
    ("General Elucidation, please", [("General Elucidation", "Penjelasan Umum")]),
    (
        "Article 6 of the Convention on migrant workers",
        [("Article 6", "Pasal 6")],
    ),
    (
        "compare Article 69 and Article 81 of Act No. 18 of 2017",
        [("Article 69", "Pasal 69"), ("Article 81 of Act No. 18 of 2017", "UU 18/2017 Pasal 81")],
    ),
    (
        "what is in Chapter III of Law 18/2017?",
        [("Chapter III of Law 18/2017", "UU 18/2017 BAB III")],
    ),
    (
        "Law 18/2017 on migrant workers Article 6 says",
        [("Law 18/2017 on migrant workers Article 6", "UU 18/2017 Pasal 6")],
    ),
    (
        "Minister of Manpower Regulation 9 of 2019 and Presidential Regulation 90 of 2019",
        [
            ("Minister of Manpower Regulation 9 of 2019", "Permenaker 9/2019"),
            ("Presidential Regulation 90 of 2019", "Perpres 90/2019"),
        ],
    ),
    # mixed with Indonesian in one query
    ("apa isi Pasal 6 of Law 18/2017?", [("Pasal 6 of Law 18/2017", "UU 18/2017 Pasal 6")]),
    ("UU 18/2017 Article 6 tentang hak", [("UU 18/2017 Article 6", "UU 18/2017 Pasal 6")]),
    # English prose with the same words is no citation, and no error either
    ("Is it against the law to keep my passport?", []),
    ("the law 3 times", []),
    ("an article about 2017", []),
    ("I read an article in 2017 about an act of kindness", []),
    ("law and order in 2017", []),
    ("the article says the law number 3 applies", []),
    ("Is the Government Regulation still in force?", []),
    ("a general explanation, please", []),
    ("a general explanation of the law, please", []),
    ("an explanation of my rights", []),
    ("the elucidation of the law", []),
    ("the law of 2017", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_english(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_citations(text, english=True)
    assert [(text[s:e], str(c)) for s, e, c in found] == expected


def test_find_english_with_default_document() -> None:
    text = "Does Article 69 or Article 81 of Act No. 21 of 2007 apply?"
    found = find_citations(text, default_document="UU 18/2017", english=True)
    assert [str(c) for _, _, c in found] == ["UU 18/2017 Pasal 69", "UU 21/2007 Pasal 81"]
    for start, end, citation in found:
        assert Citation.parse(text[start:end], default_document="UU 18/2017") == citation


# ---------------------------------------------------------------------------------------------
# Statute text: English convention wording is not read as Indonesian law
# ---------------------------------------------------------------------------------------------

# Made up for this test: a statute that quotes a convention in English.
STATUTE = (
    "BAB I KETENTUAN UMUM Pasal 1 Konvensi ini berlaku sebagaimana Article 6 of the Convention "
    "dan Law No. 5 of 1990 menyatakan, termasuk Article 7 paragraph (2) letter b. "
    "Pasal 2 Hak sebagaimana dimaksud dalam Pasal 1 dilindungi menurut Undang-Undang Nomor 18 "
    "Tahun 2017."
)


def test_find_citations_reads_no_english_by_default() -> None:
    """find_citations on statute-like text (english off) sees only the Indonesian forms."""
    indonesian = [
        ("BAB I", "BAB I"),
        ("Pasal 1", "Pasal 1"),
        ("Pasal 2", "Pasal 2"),
        ("Pasal 1", "Pasal 1"),
        ("Undang-Undang Nomor 18 Tahun 2017", "UU 18/2017"),
    ]
    assert [(STATUTE[s:e], str(c)) for s, e, c in find_citations(STATUTE)] == indonesian
    # the same text read as a query (english on) finds the convention's wording as well
    english = [(STATUTE[s:e], str(c)) for s, e, c in find_citations(STATUTE, english=True)]
    assert [f for f in english if f not in indonesian] == [
        ("Article 6", "Pasal 6"),
        ("Law No. 5 of 1990", "UU 5/1990"),
        ("Article 7 paragraph (2) letter b", "Pasal 7 ayat (2) huruf b"),
    ]


@pytest.mark.parametrize(
    "name", ["uu-18-2017.txt", "pp-22-2022.data-peraturan.md", "uu-6-2012.data-peraturan.md"]
)
def test_english_mode_reads_indonesian_text_unchanged(corpus_dir, name: str) -> None:
    """Queries are read with english on: on Indonesian text (real statutes, OCR slips such as
    "Pasal 35 (l)" included) it must find exactly what the Indonesian reading finds."""
    text = (corpus_dir / name).read_text(encoding="utf-8")
    indonesian = find_citations(text)
    assert len(indonesian) > 10
    assert find_citations(text, english=True) == indonesian


def test_statute_references_ignore_english() -> None:
    """The parsed statute cites only what its Indonesian words cite."""
    doc = parse_text(STATUTE, DocumentInfo("UU", "99", "2030", "Contoh", citation="UU 99/2030"))
    assert doc.get("Pasal 1").references == []
    assert doc.get("Pasal 2").references == ["UU 99/2030 Pasal 1", "UU 18/2017"]


# ---------------------------------------------------------------------------------------------
# The library and the CLI take English citations
# ---------------------------------------------------------------------------------------------


def test_library_get_english(library) -> None:
    node = library.get("Article 6 paragraph (1) letter j of Law No. 18 of 2017")
    assert node.citation == "UU 18/2017 Pasal 6 ayat (1) huruf j"
    assert library.get("Art. 6(1)(j)").citation == node.citation  # the primary law by default


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pmi_law.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_cli_show_english_same_as_indonesian() -> None:
    english = run("show", "Article 6 paragraph (1) of Law 18/2017")
    indonesian = run("show", "UU 18/2017 Pasal 6 ayat (1)")
    assert english.returncode == 0, english.stderr
    assert english.stdout.startswith("UU 18/2017 Pasal 6 ayat (1) ")
    assert english.stdout == indonesian.stdout


def test_cli_show_bad_english_is_one_line() -> None:
    result = run("show", "Article 0 of Law 18/2017")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "numbering starts at 1" in lines[0]
    assert "Traceback" not in result.stderr
