"""Tests of canonical citations: forgiving input, clear errors, and the parse/str round trip.

All snippets are written for these tests; no statute text is copied here.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmi_law.citations import (
    ALIASES,
    KIND_ORDER,
    KINDS,
    Citation,
    document_id,
    document_type,
    find_citations,
    int_to_ordinal,
    int_to_roman,
    normalize_document,
    ordinal_to_int,
    roman_to_int,
)
from pmi_law.errors import CitationError, PmiLawError

# ---------------------------------------------------------------------------------------------
# Forgiving input -> canonical string
# ---------------------------------------------------------------------------------------------

PARSE_CASES = [
    # documents
    ("UU 18/2017", "UU 18/2017"),
    ("uu 18/2017", "UU 18/2017"),
    ("UU No. 18 Tahun 2017", "UU 18/2017"),
    ("UU Nomor 18 Tahun 2017", "UU 18/2017"),
    ("UU no 18 th. 2017", "UU 18/2017"),
    ("UU 18 tahun 2017", "UU 18/2017"),
    ("UU No.18/2017", "UU 18/2017"),
    ("UU 18 / 2017", "UU 18/2017"),
    ("UU 018/2017", "UU 18/2017"),
    ("Undang-Undang Nomor 18 Tahun 2017", "UU 18/2017"),
    ("Undang Undang Nomor 18 Tahun 2017", "UU 18/2017"),
    ("UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 18 TAHUN 2017", "UU 18/2017"),
    ("UU RI No. 18 Tahun 2017", "UU 18/2017"),
    ("PP No 59 Tahun 2021", "PP 59/2021"),
    ("Peraturan Pemerintah Nomor 59 Tahun 2021", "PP 59/2021"),
    ("Perppu 2/2022", "Perppu 2/2022"),
    ("Perpu No. 2 Tahun 2022", "Perppu 2/2022"),
    ("Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022", "Perppu 2/2022"),
    ("Perpres 90/2019", "Perpres 90/2019"),
    ("Peraturan Presiden Nomor 90 Tahun 2019", "Perpres 90/2019"),
    ("Keputusan Presiden Nomor 1 Tahun 2020", "Keppres 1/2020"),
    ("Permenaker No. 9 Tahun 2019", "Permenaker 9/2019"),
    ("Peraturan Menteri Ketenagakerjaan Nomor 9 Tahun 2019", "Permenaker 9/2019"),
    (
        "Peraturan Menteri Ketenagakerjaan Republik Indonesia Nomor 9 Tahun 2019",
        "Permenaker 9/2019",
    ),
    ("Permenakertrans 22/2014", "Permenakertrans 22/2014"),
    (
        "Peraturan Menteri Tenaga Kerja dan Transmigrasi Nomor 22 Tahun 2014",
        "Permenakertrans 22/2014",
    ),
    ("Peraturan BP2MI Nomor 9 Tahun 2020", "Peraturan BP2MI 9/2020"),
    (
        "Peraturan Badan Pelindungan Pekerja Migran Indonesia Nomor 9 Tahun 2020",
        "Peraturan BP2MI 9/2020",
    ),
    ("Perka BNP2TKI No. 3 Tahun 2013", "Peraturan BNP2TKI 3/2013"),
    ("UUD 1945", "UUD 1945"),
    ("UUD NRI 1945 Pasal 28D ayat (1)", "UUD 1945 Pasal 28D ayat (1)"),
    (
        "Undang-Undang Dasar Negara Republik Indonesia Tahun 1945 Pasal 27 ayat (2)",
        "UUD 1945 Pasal 27 ayat (2)",
    ),
    ("Skripsi BP3MI-NTB", "Skripsi BP3MI-NTB"),
    ("skripsi bp3mi-ntb abstrak", "Skripsi BP3MI-NTB Abstrak"),
    # aliases
    ("UU PPMI Pasal 6", "UU 18/2017 Pasal 6"),
    ("uu ppmi pasal 6", "UU 18/2017 Pasal 6"),
    ("UU Pelindungan Pekerja Migran Indonesia Pasal 6", "UU 18/2017 Pasal 6"),
    ("Undang-Undang PPMI Pasal 6", "UU 18/2017 Pasal 6"),
    ("UU P2MI", "UU 18/2017"),
    ("UU TPPO Pasal 2", "UU 21/2007 Pasal 2"),
    ("UU PTPPO", "UU 21/2007"),
    ("UU Perdagangan Orang", "UU 21/2007"),
    ("UU Ketenagakerjaan Pasal 1 angka 3", "UU 13/2003 Pasal 1 angka 3"),
    ("UU Cipta Kerja Pasal 84", "UU 11/2020 Pasal 84"),
    ("UU Ciptaker", "UU 11/2020"),
    ("UU PPTKILN Pasal 5", "UU 39/2004 Pasal 5"),
    ("UU 39/2004 tentang TKI", "UU 39/2004"),
    ("UU Konvensi Pekerja Migran", "UU 6/2012"),
    # units with a document
    ("UU No. 18 Tahun 2017 pasal 6 ayat 1 huruf j", "UU 18/2017 Pasal 6 ayat (1) huruf j"),
    (
        "Undang-Undang Nomor 18 Tahun 2017 Pasal 6 ayat (1) huruf j",
        "UU 18/2017 Pasal 6 ayat (1) huruf j",
    ),
    ("UU 18/2017 Pasal 6(1)j", "UU 18/2017 Pasal 6 ayat (1) huruf j"),
    ("UU 18/2017 Pasal 6 ( 1 ) J", "UU 18/2017 Pasal 6 ayat (1) huruf j"),
    ("UU 18/2017, Pasal 6, ayat (1)", "UU 18/2017 Pasal 6 ayat (1)"),
    ("UU 18/2017 Pasal 6 ayat(1) huruf j.", "UU 18/2017 Pasal 6 ayat (1) huruf j"),
    ("UU 18/2017 BAB III", "UU 18/2017 BAB III"),
    ("UU 18/2017 bab 3", "UU 18/2017 BAB III"),
    ("UU 18/2017 BAB II Bagian Kesatu", "UU 18/2017 BAB II Bagian Kesatu"),
    ("UU 18/2017 BAB II Bagian Pertama", "UU 18/2017 BAB II Bagian Kesatu"),
    ("UU 18/2017 BAB II Bagian 2", "UU 18/2017 BAB II Bagian Kedua"),
    ("UU 11/2020 BAB IV Bagian kedua belas", "UU 11/2020 BAB IV Bagian Kedua Belas"),
    ("UU 11/2020 BAB IV Bagian Keduabelas", "UU 11/2020 BAB IV Bagian Kedua Belas"),
    ("UU 11/2020 BAB IV Bagian Kesebelas", "UU 11/2020 BAB IV Bagian Kesebelas"),
    ("UU 18/2017 BAB V Bagian Kedua Paragraf 1", "UU 18/2017 BAB V Bagian Kedua Paragraf 1"),
    ("UU 18/2017 BAB V Bagian Kedua Paragraf Kesatu", "UU 18/2017 BAB V Bagian Kedua Paragraf 1"),
    (
        "UU 18/2017 BAB V Bagian Kedua Paragraf Ketiga Pasal 30",
        "UU 18/2017 BAB V Bagian Kedua Paragraf 3 Pasal 30",
    ),
    ("UU 18/2017 Pasal 45 huruf a angka 3", "UU 18/2017 Pasal 45 huruf a angka 3"),
    ("UU 11/2020 Pasal 1 angka 5 huruf a", "UU 11/2020 Pasal 1 angka 5 huruf a"),
    ("UU 18/2017 Pasal 1 angka 11a", "UU 18/2017 Pasal 1 angka 11a"),
    ("UU 18/2017 Pasal 6 ayat (1a)", "UU 18/2017 Pasal 6 ayat (1a)"),
    ("UU 18/2017 Pasal 6 huruf aa", "UU 18/2017 Pasal 6 huruf aa"),
    ("UU 18/2017 Pasal 89A", "UU 18/2017 Pasal 89A"),
    ("UU 18/2017 pasal 89a", "UU 18/2017 Pasal 89A"),
    ("UU 6/2023 Pasal II", "UU 6/2023 Pasal II"),
    ("UU 18/2017 Menimbang huruf a", "UU 18/2017 Menimbang huruf a"),
    ("UU 18/2017 Mengingat angka 1", "UU 18/2017 Mengingat angka 1"),
    ("UU 18/2017 konsiderans menimbang huruf b", "UU 18/2017 Menimbang huruf b"),
    # the document after the units, with or without a linking word
    ("Pasal 6 (1) j UU 18/2017", "UU 18/2017 Pasal 6 ayat (1) huruf j"),
    (
        "Pasal 6 ayat (1) huruf j Undang-Undang Nomor 18 Tahun 2017",
        "UU 18/2017 Pasal 6 ayat (1) huruf j",
    ),
    ("Pasal 5 dari UU 39/2004", "UU 39/2004 Pasal 5"),
    ("Pasal 5 dalam UU PPTKILN", "UU 39/2004 Pasal 5"),
    ("Pasal 6 UU 18/2017 tentang Pelindungan Pekerja Migran Indonesia", "UU 18/2017 Pasal 6"),
    # titles after the document
    (
        "Undang-Undang Nomor 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia Pasal 6",
        "UU 18/2017 Pasal 6",
    ),
    ("UU 39/2004 tentang Penempatan dan Perlindungan TKI di Luar Negeri", "UU 39/2004"),
    # relative citations
    ("pasal 6 ayat (1) huruf j", "Pasal 6 ayat (1) huruf j"),
    ("Pasal 6", "Pasal 6"),
    ("pasal 89a", "Pasal 89A"),
    ("Pasal 006", "Pasal 6"),
    ("PASAL 6 AYAT (1) HURUF J", "Pasal 6 ayat (1) huruf j"),
    ("BAB iii", "BAB III"),
    ("bab 3", "BAB III"),
    ("BAB IIIA", "BAB IIIA"),
    ("bab 3a", "BAB IIIA"),
    ("BAB XIV", "BAB XIV"),
    ("Pasal 45 huruf a angka 3", "Pasal 45 huruf a angka 3"),
    ("Pasal 1 angka 5 huruf a", "Pasal 1 angka 5 huruf a"),
    ("Pasal 6 ayat 1", "Pasal 6 ayat (1)"),
    ("Pasal 6 (1)", "Pasal 6 ayat (1)"),
    ("  Pasal 6  ", "Pasal 6"),
    ("Pasal\n6", "Pasal 6"),
    # Penjelasan
    ("Penjelasan UU 18/2017 Pasal 2 huruf a", "Penjelasan UU 18/2017 Pasal 2 huruf a"),
    ("penjelasan pasal 2 huruf a uu 18/2017", "Penjelasan UU 18/2017 Pasal 2 huruf a"),
    ("UU 18/2017 Penjelasan Umum", "Penjelasan UU 18/2017 Umum"),
    ("Penjelasan Umum UU 18/2017", "Penjelasan UU 18/2017 Umum"),
    ("Penjelasan UU 18/2017 Umum alinea 2", "Penjelasan UU 18/2017 Umum alinea 2"),
    ("Penjelasan atas Undang-Undang Nomor 18 Tahun 2017", "Penjelasan UU 18/2017"),
    ("Penjelasan Pasal 2", "Penjelasan Pasal 2"),
    ("Pasal 2 huruf a Penjelasan", "Penjelasan Pasal 2 huruf a"),
    # thesis
    ("Skripsi BP3MI-NTB Abstrak alinea 1", "Skripsi BP3MI-NTB Abstrak alinea 1"),
    ("Skripsi BP3MI-NTB BAB I A alinea 3", "Skripsi BP3MI-NTB BAB I A alinea 3"),
    ("skripsi bp3mi-ntb bab 1 a alinea ke-3", "Skripsi BP3MI-NTB BAB I A alinea 3"),
    ("Skripsi BP3MI-NTB BAB II subbab B", "Skripsi BP3MI-NTB BAB II B"),
    ("Skripsi BP3MI-NTB Daftar Pustaka", "Skripsi BP3MI-NTB Daftar Pustaka"),
    ("Skripsi BP3MI-NTB BAB IV alinea kedua", "Skripsi BP3MI-NTB BAB IV alinea 2"),
]


@pytest.mark.parametrize(("text", "expected"), PARSE_CASES)
def test_parse_forgiving_input(text: str, expected: str) -> None:
    citation = Citation.parse(text)
    assert str(citation) == expected
    assert Citation.parse(expected) == citation


STRUCTURE_CASES = [
    ("UU 18/2017", Citation("UU 18/2017")),
    (
        "UU 18/2017 Pasal 6 ayat (1) huruf j",
        Citation("UU 18/2017", (("pasal", "6"), ("ayat", "1"), ("huruf", "j"))),
    ),
    ("Penjelasan UU 18/2017 Umum", Citation("UU 18/2017", (("umum", ""),), penjelasan=True)),
    (
        "UU 18/2017 BAB II Bagian Kesatu",
        Citation("UU 18/2017", (("bab", "II"), ("bagian", "Kesatu"))),
    ),
    ("Paragraf Kedua", Citation(None, (("paragraf", "2"),))),
    ("Pasal 89A", Citation(None, (("pasal", "89A"),))),
    ("Skripsi BP3MI-NTB Abstrak", Citation("Skripsi BP3MI-NTB", (("abstrak", ""),))),
    (
        "Skripsi BP3MI-NTB Daftar Pustaka",
        Citation("Skripsi BP3MI-NTB", (("daftar-pustaka", ""),)),
    ),
    (
        "Skripsi BP3MI-NTB BAB I A alinea 3",
        Citation("Skripsi BP3MI-NTB", (("bab", "I"), ("subbab", "A"), ("alinea", "3"))),
    ),
]


@pytest.mark.parametrize(("text", "expected"), STRUCTURE_CASES)
def test_parse_structure(text: str, expected: Citation) -> None:
    assert Citation.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pasal 6 ayat (1)", "UU 18/2017 Pasal 6 ayat (1)"),
        ("Penjelasan Umum", "Penjelasan UU 18/2017 Umum"),
        ("Penjelasan", "Penjelasan UU 18/2017"),
        ("UU 21/2007 Pasal 2", "UU 21/2007 Pasal 2"),  # a named document wins
    ],
)
def test_parse_default_document(text: str, expected: str) -> None:
    assert str(Citation.parse(text, default_document="UU No. 18 Tahun 2017")) == expected


# ---------------------------------------------------------------------------------------------
# Malformed input -> CitationError naming the offending part
# ---------------------------------------------------------------------------------------------

ERROR_CASES = [
    ("", "empty"),
    ("   ", "empty"),
    ("Pasal x7", "expected a number after 'Pasal'"),
    ("Pasal x7", "'x7'"),
    ("Pasal", "expected a number after 'Pasal'"),
    ("UU 18/2017 Pasal", "expected a number after 'Pasal'"),
    ("Pasal 0", "'0'"),
    ("ayat (1) Pasal 6", "'ayat (1)' must follow a Pasal"),
    ("(1) Pasal 6", "'(1)'"),
    ("huruf a", "'huruf a' must follow a Pasal"),
    ("UU 18/2017 BAB II huruf a", "'huruf a' must follow a Pasal"),
    ("Pasal 6 huruf a ayat (1)", "'ayat (1)' cannot follow 'huruf a'"),
    ("Pasal 6 ayat (1) ayat (2)", "'ayat (2)' cannot follow 'ayat (1)'"),
    ("Pasal 6 huruf a huruf b", "'huruf b' cannot follow 'huruf a'"),
    ("Pasal 6 Pasal 7", "'Pasal 7' cannot follow 'Pasal 6'"),
    ("Pasal 6 BAB II", "'BAB II' cannot follow 'Pasal 6'"),
    ("Paragraf 1 Bagian Kesatu", "'Bagian Kesatu' cannot follow 'Paragraf 1'"),
    ("Pasal 6 dan Pasal 7", "'dan'"),
    ("Pasal 6 foo", "'foo'"),
    ("Pasal 6 (1) j k", "'k'"),
    ("huruf ab", "'ab'"),
    ("Pasal 6 huruf", "expected a letter after 'huruf'"),
    ("Pasal 6 ayat x", "after 'ayat'"),
    ("BAB IIII", "'IIII'"),
    ("BAB IC", "'IC'"),
    ("BAB", "expected a roman numeral after 'BAB'"),
    ("Bagian Kesatu Belas", "'Kesatu Belas'"),
    ("Bagian Foo", "expected an ordinal"),
    ("UU", "expected a number and year after 'UU'"),
    ("UU 18", "expected a year after 'UU 18'"),
    ("UU Foo Pasal 6", "'Foo'"),
    ("PP 59", "expected a year after 'PP 59'"),
    ("Peraturan Daerah Nomor 5 Tahun 2017", "'Peraturan'"),
    ("UU 18/2017 Pasal 6 UU 21/2007", "two documents"),
    ("UU 18/2017 Umum", "'Umum' is part of the Penjelasan"),
    ("Umum", "'Umum' is part of the Penjelasan"),
    ("Penjelasan", "'Penjelasan' of what"),
    ("Penjelasan Penjelasan Pasal 2", "appears twice"),
    ("Pasal 6 UU 18/2017 ayat (1)", "'ayat (1)' comes after the document"),
    ("Skripsi BP3MI-NTB Pasal 6", "'Pasal 6' is a statute unit"),
    ("UU 18/2017 Abstrak", "'Abstrak' is a thesis unit"),
    ("UU 18/2017 BAB I alinea 2", "'alinea 2' is a thesis unit"),
    ("Penjelasan Skripsi BP3MI-NTB", "a thesis has no Penjelasan"),
    ("Penjelasan UU 18/2017 Menimbang", "does not explain Menimbang"),
    ("Skripsi bab I", "expected 'Skripsi BP3MI-NTB' after 'Skripsi'"),
    ("tentang PPMI", "'tentang'"),
    ("UU 18/2017 tentang PPMI Pasal x7", "expected a number after 'Pasal'"),
    ("Menimbang angka 1", "'angka 1' cannot follow 'Menimbang'"),
]


@pytest.mark.parametrize(("text", "message"), ERROR_CASES)
def test_parse_errors_name_the_problem(text: str, message: str) -> None:
    with pytest.raises(CitationError) as info:
        Citation.parse(text)
    assert message in str(info.value)
    assert str(info.value).startswith(f"cannot read citation '{text.strip()}'")


def test_citation_error_is_a_pmi_law_error() -> None:
    with pytest.raises(PmiLawError):
        Citation.parse("Pasal x7")


def test_parse_rejects_non_strings() -> None:
    with pytest.raises(CitationError):
        Citation.parse(6)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("document", "path", "penjelasan", "message"),
    [
        ("uu 18/2017", (), False, "not a canonical document id"),
        ("UU 18/2017", (("pasal", "6a"),), False, "not a canonical Pasal number"),
        ("UU 18/2017", (("bab", "3"),), False, "not a canonical BAB number"),
        ("UU 18/2017", (("bagian", "kesatu"),), False, "not a canonical Bagian number"),
        ("UU 18/2017", (("bagian", "Kedua belas"),), False, "not a canonical Bagian number"),
        ("UU 18/2017", (("huruf", "J"),), False, "not a canonical huruf number"),
        ("UU 18/2017", (("ayat", "1"),), False, "must follow a Pasal"),
        ("UU 18/2017", (("seksi", "1"),), False, "unknown unit kind"),
        ("UU 18/2017", (("umum", "x"),), True, "takes no number"),
        (None, (), False, "must name a document or a unit"),
        (None, (), True, "must name a document or a unit"),
        ("Skripsi PASAL", (), False, "not a canonical document id"),
    ],
)
def test_constructor_validates(
    document: str | None, path: tuple[tuple[str, str], ...], penjelasan: bool, message: str
) -> None:
    with pytest.raises(CitationError, match=re.escape(message)):
        Citation(document, path, penjelasan)


def test_constructor_accepts_lists_for_path() -> None:
    citation = Citation("UU 18/2017", [["pasal", "6"], ["ayat", "1"]])  # type: ignore[arg-type]
    assert citation.path == (("pasal", "6"), ("ayat", "1"))
    assert hash(citation) == hash(Citation.parse("UU 18/2017 Pasal 6 ayat (1)"))


# ---------------------------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------------------------


def test_navigation() -> None:
    c = Citation.parse("UU 18/2017 BAB III Pasal 6 ayat (1) huruf j")
    assert c.kinds == ("bab", "pasal", "ayat", "huruf")
    assert c.canonical == str(c)
    assert not c.is_relative
    assert str(c.parent) == "UU 18/2017 BAB III Pasal 6 ayat (1)"
    assert str(c.pasal) == "UU 18/2017 BAB III Pasal 6"
    chain = []
    node: Citation | None = c
    while node is not None:
        chain.append(str(node))
        node = node.parent
    assert chain[-1] == "UU 18/2017"
    assert len(chain) == 5
    assert Citation.parse("UU 18/2017 BAB III").pasal is None
    assert Citation.parse("UU 18/2017").parent is None
    assert Citation.parse("Pasal 6").parent is None
    assert str(Citation.parse("Pasal 6 ayat (1)").parent) == "Pasal 6"


def test_with_document_and_elucidation() -> None:
    rel = Citation.parse("Pasal 2 huruf a")
    assert rel.is_relative
    c = rel.with_document("Undang-Undang Nomor 18 Tahun 2017")
    assert str(c) == "UU 18/2017 Pasal 2 huruf a"
    assert str(c.elucidation()) == "Penjelasan UU 18/2017 Pasal 2 huruf a"
    assert c.elucidation().body() == c
    assert str(c.elucidation().parent) == "Penjelasan UU 18/2017 Pasal 2"
    assert str(c.with_document("UU PPTKILN")) == "UU 39/2004 Pasal 2 huruf a"
    with pytest.raises(CitationError):
        Citation.parse("Penjelasan UU 18/2017 Umum").body()
    with pytest.raises(CitationError):
        Citation.parse("Skripsi BP3MI-NTB Abstrak").elucidation()
    with pytest.raises(CitationError):
        rel.with_document("Skripsi BP3MI-NTB")
    with pytest.raises(CitationError):
        rel.with_document("UU 18/2017 Pasal 6")


def test_citations_are_frozen_values() -> None:
    c = Citation.parse("UU 18/2017 Pasal 6")
    with pytest.raises(AttributeError):
        c.document = "UU 21/2007"  # type: ignore[misc]
    assert {c, Citation.parse("uu no. 18 tahun 2017 pasal 6")} == {c}


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("UU 18/2017 BAB III", ["bab"]),
        ("UU 18/2017 Pasal 6 ayat (1) huruf j", ["pasal", "ayat", "huruf"]),
        ("UU 18/2017 Pasal 45 huruf a angka 3", ["pasal", "huruf", "angka"]),
        ("uu no. 18 tahun 2017 pasal 6 ayat 1 huruf j", ["pasal", "ayat", "huruf"]),
    ],
)
def test_parsed_path_follows_the_statute_hierarchy(text: str, kinds: list[str]) -> None:
    """Each step of a parsed citation is a known kind, outermost first, and round-trips."""
    cit = Citation.parse(text)
    got = [kind for kind, _ in cit.path]
    assert got == kinds
    assert all(kind in KINDS for kind in got)
    order = [KIND_ORDER.index(kind) for kind in got]
    assert order == sorted(order)
    assert Citation.parse(str(cit)) == cit


def test_aliases_can_be_extended_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(CitationError):
        Citation.parse("UU Contoh Pasal 1")
    monkeypatch.setitem(ALIASES, "UU Contoh", "UU 1/2020")
    assert str(Citation.parse("uu contoh pasal 1")) == "UU 1/2020 Pasal 1"
    assert find_citations("lihat UU Contoh Pasal 1.")[0][2] == Citation.parse("UU 1/2020 Pasal 1")


def test_every_alias_maps_to_a_canonical_document() -> None:
    for name, document in ALIASES.items():
        assert Citation.parse(name) == Citation(document), name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UU No. 18 Tahun 2017", "UU 18/2017"),
        ("UU PPMI", "UU 18/2017"),
        (
            "Peraturan Badan Pelindungan Pekerja Migran Indonesia Nomor 9 Tahun 2020",
            "Peraturan BP2MI 9/2020",
        ),
    ],
)
def test_normalize_document(text: str, expected: str) -> None:
    assert normalize_document(text) == expected


@pytest.mark.parametrize("text", ["Pasal 6", "UU 18/2017 Pasal 6", "Penjelasan UU 18/2017", "UU"])
def test_normalize_document_wants_a_bare_document(text: str) -> None:
    with pytest.raises(CitationError):
        normalize_document(text)


# ---------------------------------------------------------------------------------------------
# document_id
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "number", "year", "expected"),
    [
        ("UNDANG-UNDANG", "18", "2017", "UU 18/2017"),
        ("Undang-Undang", 18, 2017, "UU 18/2017"),
        ("uu", "18", "2017", "UU 18/2017"),
        ("UNDANG-UNDANG REPUBLIK INDONESIA", "18", "2017", "UU 18/2017"),
        ("PERATURAN PEMERINTAH", "59", "2021", "PP 59/2021"),
        ("PERATURAN PEMERINTAH PENGGANTI UNDANG-UNDANG", "2", "2022", "Perppu 2/2022"),
        ("PERATURAN PRESIDEN", "90", "2019", "Perpres 90/2019"),
        ("PERATURAN MENTERI KETENAGAKERJAAN", "9", "2019", "Permenaker 9/2019"),
        (
            "PERATURAN BADAN PELINDUNGAN PEKERJA MIGRAN INDONESIA",
            "9",
            "2020",
            "Peraturan BP2MI 9/2020",
        ),
        ("Peraturan BP2MI", "09", "2020", "Peraturan BP2MI 9/2020"),
        ("Perppu", "2", "2022", "Perppu 2/2022"),
    ],
)
def test_document_id(type_: str, number: str | int, year: str | int, expected: str) -> None:
    assert document_id(type_, number, year) == expected


def test_document_id_with_issuer() -> None:
    assert (
        document_id("PERATURAN MENTERI", "4", "2023", issuer="KEMENTERIAN KETENAGAKERJAAN")
        == "Permenaker 4/2023"
    )
    assert (
        document_id(
            "PERATURAN BADAN/LEMBAGA",
            "9",
            "2020",
            issuer="BADAN PELINDUNGAN PEKERJA MIGRAN INDONESIA",
        )
        == "Peraturan BP2MI 9/2020"
    )
    with pytest.raises(CitationError, match="issuer"):
        document_id("PERATURAN MENTERI", "4", "2023")


@pytest.mark.parametrize(
    ("type_", "number", "year", "message"),
    [
        ("PERATURAN DAERAH", "5", "2017", "unknown document type 'PERATURAN DAERAH'"),
        ("UU", "x", "2017", "number"),
        ("UU", "0", "2017", "number"),
        ("UU", "18", "17", "year"),
        ("UU", "18", "0", "year"),
    ],
)
def test_document_id_errors(type_: str, number: str, year: str, message: str) -> None:
    with pytest.raises(CitationError, match=re.escape(message)):
        document_id(type_, number, year)


def test_document_type() -> None:
    assert document_type("PERATURAN PEMERINTAH") == "PP"
    assert document_type("Undang - Undang") == "UU"
    assert document_type("PERATURAN MENTERI", issuer="KEMENTERIAN KETENAGAKERJAAN") == "Permenaker"


# ---------------------------------------------------------------------------------------------
# Numerals (checked against an independent table and brute-force inverses)
# ---------------------------------------------------------------------------------------------

ROMAN_TABLE = {
    1: "I",
    3: "III",
    4: "IV",
    9: "IX",
    13: "XIII",
    14: "XIV",
    40: "XL",
    49: "XLIX",
    90: "XC",
    400: "CD",
    1994: "MCMXCIV",
    2017: "MMXVII",
    3999: "MMMCMXCIX",
}


@pytest.mark.parametrize(("value", "numeral"), ROMAN_TABLE.items())
def test_roman_table(value: int, numeral: str) -> None:
    assert int_to_roman(value) == numeral
    assert roman_to_int(numeral) == value
    assert roman_to_int(numeral.lower()) == value


def test_roman_round_trip_everywhere() -> None:
    seen = set()
    for n in range(1, 4000):
        numeral = int_to_roman(n)
        assert roman_to_int(numeral) == n
        seen.add(numeral)
    assert len(seen) == 3999


@pytest.mark.parametrize("bad", ["", "IIII", "IC", "VX", "MMMM", "ABC", "XIIV", "I I"])
def test_roman_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError):
        roman_to_int(bad)


@pytest.mark.parametrize("bad", [0, -1, 4000])
def test_roman_rejects_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError):
        int_to_roman(bad)


ORDINAL_TABLE = [
    (1, "Kesatu"),
    (2, "Kedua"),
    (3, "Ketiga"),
    (4, "Keempat"),
    (6, "Keenam"),
    (9, "Kesembilan"),
    (10, "Kesepuluh"),
    (11, "Kesebelas"),
    (12, "Kedua Belas"),
    (19, "Kesembilan Belas"),
    (20, "Kedua Puluh"),
    (21, "Kedua Puluh Satu"),
    (35, "Ketiga Puluh Lima"),
    (99, "Kesembilan Puluh Sembilan"),
]


@pytest.mark.parametrize(("value", "word"), ORDINAL_TABLE)
def test_ordinal_table(value: int, word: str) -> None:
    assert int_to_ordinal(value) == word
    assert ordinal_to_int(word) == value
    assert ordinal_to_int(word.upper()) == value
    assert ordinal_to_int(word.replace(" ", "").lower()) == value


@pytest.mark.parametrize(
    ("word", "value"),
    [("Pertama", 1), ("Keduapuluh", 20), ("ke-12", 12), ("ke 3", 3), ("KESATU", 1)],
)
def test_ordinal_variants(word: str, value: int) -> None:
    assert ordinal_to_int(word) == value


def test_ordinal_round_trip_everywhere() -> None:
    words = [int_to_ordinal(n) for n in range(1, 100)]
    assert len(set(words)) == 99
    assert [ordinal_to_int(w) for w in words] == list(range(1, 100))


@pytest.mark.parametrize(
    "bad", ["", "satu", "Kesatu Belas", "Kenol", "Ke-0", "Kedua Ratus", "kemarin"]
)
def test_ordinal_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValueError):
        ordinal_to_int(bad)


@pytest.mark.parametrize("bad", [0, 100])
def test_ordinal_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError):
        int_to_ordinal(bad)


# ---------------------------------------------------------------------------------------------
# find_citations
# ---------------------------------------------------------------------------------------------

FIND_CASES = [
    ("apa isi UU 18 tahun 2017 pasal 69?", [("UU 18 tahun 2017 pasal 69", "UU 18/2017 Pasal 69")]),
    ("Pasal 54 ayat (1) huruf b", [("Pasal 54 ayat (1) huruf b", "Pasal 54 ayat (1) huruf b")]),
    ("UU PPMI Pasal 6", [("UU PPMI Pasal 6", "UU 18/2017 Pasal 6")]),
    ("majikan menahan paspor saya", []),
    ("pasal berapa yang mengatur gaji?", []),
    ("pasal-pasal di atas", []),
    ("Secara umum, bab ini menimbang banyak hal.", []),
    ("skripsi ini membahas pelindungan", []),
    (
        "Undang-Undang Nomor 39 Tahun 2004 dicabut oleh UU 18/2017.",
        [("Undang-Undang Nomor 39 Tahun 2004", "UU 39/2004"), ("UU 18/2017", "UU 18/2017")],
    ),
    (
        "Larangan dalam Pasal 69 diancam pidana dalam Pasal 81 UU PPMI.",
        [("Pasal 69", "Pasal 69"), ("Pasal 81 UU PPMI", "UU 18/2017 Pasal 81")],
    ),
    (
        "sebagaimana dimaksud dalam Pasal 5 ayat (1) huruf a "
        "Undang-Undang Nomor 39 Tahun 2004 tentang X",
        [
            (
                "Pasal 5 ayat (1) huruf a Undang-Undang Nomor 39 Tahun 2004",
                "UU 39/2004 Pasal 5 ayat (1) huruf a",
            )
        ],
    ),
    (
        "Pasal 8 sampai dengan Pasal 19",
        [("Pasal 8", "Pasal 8"), ("Pasal 19", "Pasal 19")],
    ),
    ("lihat Pasal 5 s.d. Pasal 8", [("Pasal 5", "Pasal 5"), ("Pasal 8", "Pasal 8")]),
    (
        "Pasal 6 (1) j UU 18/2017",
        [("Pasal 6 (1) j UU 18/2017", "UU 18/2017 Pasal 6 ayat (1) huruf j")],
    ),
    (
        "UU 18/2017 Pasal 6(1)j, lalu",
        [("UU 18/2017 Pasal 6(1)j", "UU 18/2017 Pasal 6 ayat (1) huruf j")],
    ),
    ("Pasal 6 a", [("Pasal 6", "Pasal 6")]),  # a bare letter counts only after an ayat
    ("Pasal 6 ayat (1) dan ayat (2)", [("Pasal 6 ayat (1)", "Pasal 6 ayat (1)")]),
    (
        "UU 18/2017 Pasal 6 UU 21/2007 Pasal 2",
        [
            ("UU 18/2017 Pasal 6", "UU 18/2017 Pasal 6"),
            ("UU 21/2007 Pasal 2", "UU 21/2007 Pasal 2"),
        ],
    ),
    (
        "Pasal 6 UU 18/2017 Pasal 7",
        [("Pasal 6 UU 18/2017", "UU 18/2017 Pasal 6"), ("Pasal 7", "Pasal 7")],
    ),
    ("Pasal 5 di atas", [("Pasal 5", "Pasal 5")]),
    ("Pasal 5 dari UU 39/2004", [("Pasal 5 dari UU 39/2004", "UU 39/2004 Pasal 5")]),
    (
        "menurut penjelasan pasal 2 huruf a",
        [("penjelasan pasal 2 huruf a", "Penjelasan Pasal 2 huruf a")],
    ),
    (
        "baca UU 18/2017 Penjelasan Umum.",
        [("UU 18/2017 Penjelasan Umum", "Penjelasan UU 18/2017 Umum")],
    ),
    ("Penjelasan Umum", [("Penjelasan Umum", "Penjelasan Umum")]),
    ("penjelasan saja", []),
    (
        "UU 18/2017 Menimbang huruf b",
        [("UU 18/2017 Menimbang huruf b", "UU 18/2017 Menimbang huruf b")],
    ),
    ("Menimbang huruf b", []),
    (
        "UU 18/2017 tentang Pelindungan Pekerja Migran Indonesia Pasal 6 mengatur",
        [
            (
                "UU 18/2017 tentang Pelindungan Pekerja Migran Indonesia Pasal 6",
                "UU 18/2017 Pasal 6",
            )
        ],
    ),
    (
        "UU 18/2017 tentang pelindungan. Pasal 6 juga",
        [("UU 18/2017", "UU 18/2017"), ("Pasal 6", "Pasal 6")],
    ),
    (
        "UU 11/2020 tentang Perubahan atas UU 13/2003 Pasal 5",
        [("UU 11/2020", "UU 11/2020"), ("UU 13/2003 Pasal 5", "UU 13/2003 Pasal 5")],
    ),
    ("apa isi bab iii uu ppmi", [("bab iii uu ppmi", "UU 18/2017 BAB III")]),
    ("dibahas di bab di atas", []),
    ("UU 6/2023 Pasal II dan pasal ii", [("UU 6/2023 Pasal II", "UU 6/2023 Pasal II")]),
    (
        "Skripsi BP3MI-NTB BAB I A alinea 3 menyebut",
        [("Skripsi BP3MI-NTB BAB I A alinea 3", "Skripsi BP3MI-NTB BAB I A alinea 3")],
    ),
    (
        "lihat skripsi bp3mi-ntb abstrak",
        [("skripsi bp3mi-ntb abstrak", "Skripsi BP3MI-NTB Abstrak")],
    ),
    (
        "UUD 1945 Pasal 28D ayat (1)",
        [("UUD 1945 Pasal 28D ayat (1)", "UUD 1945 Pasal 28D ayat (1)")],
    ),
    ("(Pasal 6)", [("Pasal 6", "Pasal 6")]),
    ("Pasal 6nya", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_citations(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_citations(text)
    assert [(text[s:e], str(c)) for s, e, c in found] == expected
    starts = [s for s, _, _ in found]
    assert starts == sorted(starts)


def test_find_citations_default_document() -> None:
    text = "Pasal 69 dan Pasal 81 UU 21/2007, lalu BAB I A"
    found = find_citations(text, default_document="UU PPMI")
    assert [str(c) for _, _, c in found] == [
        "UU 18/2017 Pasal 69",
        "UU 21/2007 Pasal 81",
        "UU 18/2017 BAB I",
    ]


def test_find_citations_keeps_relative_when_default_does_not_fit() -> None:
    found = find_citations("Pasal 6", default_document="Skripsi BP3MI-NTB")
    assert [str(c) for _, _, c in found] == ["Pasal 6"]


def test_find_citations_in_a_longer_synthetic_text() -> None:
    text = (
        "Menurut Undang-Undang Nomor 18 Tahun 2017, Pekerja Migran berhak atas informasi "
        "(Pasal 6 ayat (1) huruf j). Larangan menahan paspor diatur dalam Pasal 72 huruf a, "
        "sanksinya dalam Pasal 85 huruf b. Penjelasan Pasal 2 huruf a menerangkan asasnya; "
        "UU 39/2004 sudah dicabut."
    )
    found = find_citations(text, default_document="UU 18/2017")
    assert [str(c) for _, _, c in found] == [
        "UU 18/2017",
        "UU 18/2017 Pasal 6 ayat (1) huruf j",
        "UU 18/2017 Pasal 72 huruf a",
        "UU 18/2017 Pasal 85 huruf b",
        "Penjelasan UU 18/2017 Pasal 2 huruf a",
        "UU 39/2004",
    ]
    for start, end, citation in found:
        assert Citation.parse(text[start:end], default_document="UU 18/2017") == citation


# ---------------------------------------------------------------------------------------------
# Property tests: every valid Citation survives str -> parse, in any case and spelling
# ---------------------------------------------------------------------------------------------

# An independent statement of the nesting rules (kept apart from the module's own table).
GRAMMAR: dict[str | None, tuple[str, ...]] = {
    None: (
        "bab",
        "bagian",
        "paragraf",
        "pasal",
        "umum",
        "menimbang",
        "mengingat",
        "abstrak",
        "daftar-pustaka",
    ),
    "bab": ("bagian", "paragraf", "pasal", "subbab", "alinea"),
    "bagian": ("paragraf", "pasal"),
    "paragraf": ("pasal",),
    "pasal": ("ayat", "huruf", "angka"),
    "ayat": ("huruf", "angka"),
    "huruf": ("angka",),
    "angka": ("huruf",),
    "umum": ("alinea",),
    "menimbang": ("huruf",),
    "mengingat": ("angka",),
    "subbab": ("alinea",),
    "abstrak": ("alinea",),
    "daftar-pustaka": ("alinea",),
    "alinea": (),
}
STATUTE_ONLY = {
    "bagian",
    "paragraf",
    "pasal",
    "ayat",
    "huruf",
    "angka",
    "umum",
    "menimbang",
    "mengingat",
}
THESIS_ONLY = {"subbab", "abstrak", "daftar-pustaka"}
LONG_TYPE_NAMES = {
    "UU": "Undang-Undang",
    "Perppu": "Peraturan Pemerintah Pengganti Undang-Undang",
    "PP": "Peraturan Pemerintah",
    "Perpres": "Peraturan Presiden",
    "Keppres": "Keputusan Presiden",
    "Permenaker": "Peraturan Menteri Ketenagakerjaan",
    "Permenakertrans": "Peraturan Menteri Tenaga Kerja dan Transmigrasi",
    "Peraturan BP2MI": "Peraturan Badan Pelindungan Pekerja Migran Indonesia",
    "Peraturan BNP2TKI": "Peraturan Kepala BNP2TKI",
}
SLUG_RESERVED = {
    "BAB",
    "SUB",
    "SUBBAB",
    "ABSTRAK",
    "DAFTAR",
    "ALINEA",
    "PENJELASAN",
    "TENTANG",
    "PASAL",
}
SLUG_RESERVED |= {"BAGIAN", "PARAGRAF", "AYAT", "HURUF", "ANGKA", "UMUM", "MENIMBANG", "MENGINGAT"}
SLUG_RESERVED |= {"KONSIDERANS", "DARI", "DALAM", "PADA", "DI", "ATAS"}

numbered_documents = st.builds(
    lambda t, n, y: f"{t} {n}/{y}",
    st.sampled_from(sorted(LONG_TYPE_NAMES)),
    st.integers(1, 300),
    st.integers(1945, 2030),
)
thesis_documents = st.one_of(
    st.just("Skripsi BP3MI-NTB"),
    st.from_regex(r"[A-Z][A-Z0-9]{1,6}(-[A-Z0-9]{1,4})?", fullmatch=True)
    .filter(lambda slug: slug not in SLUG_RESERVED)
    .map(lambda slug: f"Skripsi {slug}"),
)
documents = st.one_of(numbered_documents, st.just("UUD 1945"), thesis_documents)
letters = st.sampled_from("abcdefghijklmnopqrstuvwxyz")
insert_letter = st.sampled_from(["", "", "", "A", "B", "E"])


def number_for(kind: str) -> st.SearchStrategy[str]:
    if kind == "bab":
        return st.builds(lambda n, x: int_to_roman(n) + x, st.integers(1, 40), insert_letter)
    if kind == "bagian":
        return st.integers(1, 30).map(int_to_ordinal)
    if kind == "paragraf":
        return st.builds(lambda n, x: f"{n}{x}", st.integers(1, 20), insert_letter)
    if kind == "pasal":
        return st.one_of(
            st.builds(lambda n, x: f"{n}{x}", st.integers(1, 300), insert_letter),
            st.integers(1, 39).map(int_to_roman),
        )
    if kind in ("ayat", "angka"):
        return st.builds(lambda n, x: f"{n}{x.lower()}", st.integers(1, 30), insert_letter)
    if kind == "huruf":
        return st.one_of(letters, letters.map(lambda c: c * 2))
    if kind == "subbab":
        return letters.map(str.upper)
    if kind == "alinea":
        return st.integers(1, 20).map(str)
    return st.just("")


@st.composite
def citations(draw: st.DrawFn, *, relative: bool = True) -> Citation:
    document = draw(st.one_of(st.none(), documents) if relative else documents)
    thesis = document is not None and document.startswith("Skripsi ")
    statute = document is not None and not thesis
    penjelasan = not thesis and draw(st.booleans())
    path: list[tuple[str, str]] = []
    prev: str | None = None
    in_thesis_path = False
    for _ in range(draw(st.integers(0, 6))):
        options = [
            kind
            for kind in GRAMMAR[prev]
            if not (thesis and kind in STATUTE_ONLY)
            and not ((statute or penjelasan) and kind in THESIS_ONLY)
            and not ((statute or penjelasan) and kind == "alinea" and prev != "umum")
            and not (in_thesis_path and kind in STATUTE_ONLY)
            and not (kind == "umum" and not penjelasan)
            and not (kind in ("menimbang", "mengingat") and penjelasan)
        ]
        if not options:
            break
        kind = draw(st.sampled_from(options))
        if kind in THESIS_ONLY or (kind == "alinea" and prev != "umum"):
            in_thesis_path = True
        path.append((kind, draw(number_for(kind))))
        prev = kind
    if document is None and not path:
        document = draw(documents.filter(lambda d: not d.startswith("Skripsi ")))
    return Citation(document, tuple(path), penjelasan)


PROPERTY_SETTINGS = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(citations())
def test_round_trip(c: Citation) -> None:
    text = str(c)
    parsed = Citation.parse(text)
    assert parsed == c
    assert str(parsed) == text  # parse is idempotent on canonical strings


@PROPERTY_SETTINGS
@given(citations(), st.sampled_from([str.lower, str.upper, str.title]))
def test_round_trip_ignores_case(c: Citation, change_case: object) -> None:
    assert callable(change_case)
    assert Citation.parse(change_case(str(c))) == c


@PROPERTY_SETTINGS
@given(
    citations(relative=False),
    st.sampled_from(["{n}/{y}", "Nomor {n} Tahun {y}", "No. {n} Tahun {y}"]),
)
def test_long_document_names(c: Citation, number_form: str) -> None:
    assert c.document is not None
    m = re.fullmatch(r"(.+) (\d+)/(\d{4})", c.document)
    if m is None:  # UUD 1945, Skripsi: no type/number/year to respell
        return
    long_name = f"{LONG_TYPE_NAMES[m[1]]} {number_form.format(n=m[2], y=m[3])}"
    assert document_id(LONG_TYPE_NAMES[m[1]], m[2], m[3]) == c.document
    respelled = str(c).replace(c.document, long_name, 1)
    assert Citation.parse(respelled) == c


@PROPERTY_SETTINGS
@given(citations(relative=False))
def test_document_after_units(c: Citation) -> None:
    assert c.document is not None
    if not c.path:
        return
    units = " ".join(str(c).split(c.document, 1)[1].split())
    prefix = "Penjelasan " if c.penjelasan else ""
    assert Citation.parse(f"{prefix}{units} {c.document}") == c


@PROPERTY_SETTINGS
@given(citations())
def test_relative_form_takes_default_document(c: Citation) -> None:
    if c.document is None or not c.path:
        return
    relative = Citation(None, c.path, c.penjelasan)
    assert relative.with_document(c.document) == c
    assert Citation.parse(str(relative), default_document=c.document) == c


@PROPERTY_SETTINGS
@given(citations())
def test_parents_are_prefixes(c: Citation) -> None:
    node: Citation | None = c
    while node is not None:
        parent = node.parent
        if parent is not None:
            assert str(node).startswith(str(parent))
            assert parent.path == node.path[:-1]
            assert parent.document == node.document
        node = parent
    if "pasal" in c.kinds:
        assert c.pasal is not None and c.pasal.kinds[-1] == "pasal"
    else:
        assert c.pasal is None


ANCHORED = {"umum", "menimbang", "mengingat", "subbab", "alinea", "abstrak", "daftar-pustaka"}


@PROPERTY_SETTINGS
@given(citations(), st.sampled_from(["Menurut {}, pekerja", "({})", "{}", "lihat {}. Lalu"]))
def test_find_citations_finds_canonical_strings(c: Citation, frame: str) -> None:
    if c.document is None and (ANCHORED & set(c.kinds)) and not c.penjelasan:
        return  # such words count in free text only after a document
    if c.document is None and c.penjelasan and ANCHORED & set(c.kinds) - {"umum", "alinea"}:
        return
    text = frame.format(str(c))
    start = frame.index("{}")
    assert find_citations(text) == [(start, start + len(str(c)), c)]


CITATION_WORDS = [
    "UU",
    "PP",
    "Perppu",
    "Peraturan",
    "BP2MI",
    "Undang-Undang",
    "Nomor",
    "No.",
    "Tahun",
    "18",
    "2017",
    "18/2017",
    "tentang",
    "Pasal",
    "pasal",
    "BAB",
    "bab",
    "Bagian",
    "Kesatu",
    "Kedua",
    "Belas",
    "Paragraf",
    "ayat",
    "(1)",
    "(2a)",
    "huruf",
    "a",
    "aa",
    "j",
    "angka",
    "3",
    "11a",
    "Penjelasan",
    "atas",
    "Umum",
    "umum",
    "Menimbang",
    "Mengingat",
    "Skripsi",
    "BP3MI-NTB",
    "Abstrak",
    "alinea",
    "Daftar",
    "Pustaka",
    "III",
    "iv",
    "89A",
    "I",
    "dan",
    "di",
    "dari",
    "s.d.",
    ",",
    ".",
    "?",
    "(",
    ")",
    "-",
    "/",
    "PPMI",
    "UUD",
    "1945",
    "x7",
    "0",
]
citation_like_text = st.lists(st.sampled_from(CITATION_WORDS), max_size=12).map(" ".join)


@PROPERTY_SETTINGS
@given(st.one_of(citation_like_text, st.text(max_size=40)))
def test_parse_fails_only_with_citation_error(text: str) -> None:
    try:
        c = Citation.parse(text)
    except CitationError as error:
        assert str(error).startswith("cannot read citation")
    else:
        assert Citation.parse(str(c)) == c


@PROPERTY_SETTINGS
@given(st.one_of(citation_like_text, st.text(max_size=60)))
def test_find_citations_spans_are_ordered_and_readable(text: str) -> None:
    last_end = 0
    for start, end, c in find_citations(text):
        assert last_end <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        assert Citation.parse(text[start:end]) == c
        last_end = end
