"""OCR structure a lawyer can trust: furniture, headings by sequence, notes, definitions.

Table-driven snippets written for these tests, plus invariants over the real corpus.
"""

from __future__ import annotations

import pytest

from pmi_law import parse_document
from pmi_law.models import DocumentInfo
from pmi_law.sources.check import FURNITURE
from pmi_law.sources.clean import clean_text
from pmi_law.sources.parse import parse_text, statutes_in

CORPUS_FILES = [
    "uu-18-2017.txt",
    "uu-18-2017.data-peraturan.md",
    "uu-13-2003.txt",
    "uu-13-2003.data-peraturan.md",
    "uu-6-2012.data-peraturan.md",
    "uu-21-2007.data-peraturan.md",
    "uu-39-2004.data-peraturan.md",
    "pp-59-2021.data-peraturan.md",
    "pp-22-2022.data-peraturan.md",
    "pp-3-2013.data-peraturan.md",
    "uu-11-2020.data-peraturan.md",
]

INFO = DocumentInfo("PP", "98", "2031", "Contoh", citation="PP 98/2031")


@pytest.mark.parametrize(
    "furniture",
    [
        "PRES tDEN REPUBLIK INDONESIA -28-",
        "FRESIOEN REPLIBLIK INDONESIA -16-",
        "trRESIDEH REPUEUK INDONESTA",
        "PRES lDEN REPUBLIK !NDONESlA _t2_",
        "FRESTDEN REFUBUK INDONESIA -603-",
        "Sl( Nlo l0l l-s7 A",
        "Sl( Irlo l0l I 73 A",
        "SK No 050688 A",
        "- 12 -",
    ],
)
def test_page_furniture_removed(furniture):
    text = clean_text(
        f"Pasal 7\nPekerja wajib membayar iuran. {furniture}\n(2) Iuran dibayar bulanan."
    )
    assert "Pekerja wajib membayar iuran." in text and "(2) Iuran dibayar bulanan." in text
    assert FURNITURE.search(text) is None, text


def test_signature_line_is_kept():
    assert "PRESIDEN REPUBLIK INDONESIA," in clean_text(
        "Ditetapkan di Jakarta\nPRESIDEN REPUBLIK INDONESIA,\nttd."
    )


SNIPPET = """PERATURAN PEMERINTAH NOMOR 98 TAHUN 2031 TENTANG CONTOH
DENGAN RAHMAT TUHAN YANG MAHA ESA
BAB I
KETENTUAN UMUM
Pasal 1
Dalam Peraturan Pemerintah ini yang dimaksud dengan:
1. Pekerja adalah orang yang bekerja. 2. Badan adalah lembaga yang mengurus. 3. Atase adalah pegawai. 1 1. Dinas adalah perangkat daerah. 72. Camat adalah kepala kecamatan.
Pasal 2
(1) Pekerja dilindungi.
(2) Pelindungan diberikan oleh Badan. lembaga dan daerah sesuai dengan kewenangannya.
(2) Dinas melaporkan kepada gubernur.
Pasal 4
Cukup satu kalimat.
Bagian Pertama
Umum
Pasal 5
Badan mengurus pelindungan.
Bagian Kedua
Pelaksanaan
Pasal 6
Dinas melaksanakan pelindungan.
Pasal 7
Badan melapor. TUGAS DAN TANGGUNG JAWAB
Pasal 8
Menteri menetapkan tugas.
BAB III
KETENTUAN PENUTUP
Pasal 9
Peraturan Pemerintah ini mulai berlaku pada tanggal diundangkan.
"""


@pytest.fixture(scope="module")
def snippet():
    return parse_text(SNIPPET, INFO)


def test_lost_pasal_recovered_from_repeated_ayat(snippet):
    pasal3 = snippet.get("Pasal 3")
    assert pasal3.full_text().startswith("lembaga dan daerah")
    assert pasal3.notes and "recovered" in pasal3.notes[0]
    assert "gubernur" not in snippet.get("Pasal 2").full_text()


def test_bagian_pertama_and_lost_bab(snippet):
    assert [b.number for b in snippet.nodes("bab")] == ["I", "II", "III"]
    bab2 = snippet.nodes("bab")[1]
    assert bab2.heading == "TUGAS DAN TANGGUNG JAWAB" and bab2.notes
    assert [b.heading for b in snippet.nodes("bagian")] == ["Umum", "Pelaksanaan"]
    assert "Bagian" not in snippet.get("Pasal 4").full_text()


def test_definitions_split_and_gaps_noted(snippet):
    terms = [d.term for d in snippet.definitions]
    assert terms == ["Pekerja", "Badan", "Atase", "Dinas", "Camat"]
    assert [d.citation.split()[-1] for d in snippet.definitions] == ["1", "2", "3", "11", "12"]
    gaps = [snippet.get(f"Pasal 1 angka {n}") for n in range(4, 11)]
    assert all(not g.text and g.notes for g in gaps)
    assert "merged" in snippet.get("Pasal 1 angka 3").notes[0]
    assert "72" in snippet.get("Pasal 1 angka 12").notes[0]  # garbled number read by sequence


def test_statutes_in_a_file():
    two = SNIPPET + "\n" + SNIPPET.replace("NOMOR 98", "NOMOR 99")
    assert statutes_in(two) == ["PP 98/2031", "PP 99/2031"]
    assert statutes_in(SNIPPET) == ["PP 98/2031"]


# --------------------------------------------------------------------------- real corpus


@pytest.fixture(scope="module")
def pp59(corpus_dir):
    return parse_document(corpus_dir / "pp-59-2021.data-peraturan.md")


def test_pp59_structure(pp59):
    assert [b.number for b in pp59.nodes("bab")] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert [p.number for p in pp59.nodes("pasal")] == [str(n) for n in range(1, 102)]
    assert pp59.get("Pasal 40").full_text()
    assert pp59.get("Pasal 40").full_text() not in pp59.get("Pasal 39").full_text()
    assert "Pasal 100" in [p.label for p in pp59.nodes("bab")[-1].walk() if p.kind == "pasal"]


def test_pp59_definitions(pp59):
    items = [c for c in pp59.get("Pasal 1").children if c.kind == "angka"]
    assert [c.number for c in items] == [str(n) for n in range(1, 29)]
    abbreviations = {d.abbreviation or d.term for d in pp59.definitions}
    assert {
        "OPP",
        "LTSA Pekerja Migran Indonesia",
        "Atase Ketenagakerjaan",
        "SIP2MI",
    } <= abbreviations
    sip2mi = next(d for d in pp59.definitions if d.abbreviation == "SIP2MI")
    assert "Orientasi" not in sip2mi.text  # each definition ends where the next begins


def test_bagian_pertama_in_corpus(corpus_dir):
    uu39 = parse_document(corpus_dir / "uu-39-2004.data-peraturan.md")
    assert len(uu39.nodes("bagian")) == 7
    uu13 = parse_document(corpus_dir / "uu-13-2003.txt")
    assert "Bagian Kedua" not in uu13.get("Pasal 189").full_text()
    assert "Sanksi Administratif" in [b.heading for b in uu13.nodes("bagian")]


def test_uu21_pasal2_says_why_it_is_empty(corpus_dir):
    uu21 = parse_document(corpus_dir / "uu-21-2007.data-peraturan.md")
    pasal2 = uu21.get("Pasal 2")
    assert not pasal2.full_text() and pasal2.notes


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_no_furniture_and_no_silent_gap(corpus_dir, name):
    doc = parse_document(corpus_dir / name)
    left = [
        f"{n.label}: {m.group()}"
        for p in doc.nodes("pasal")
        for n in p.walk()
        for m in FURNITURE.finditer(n.text)
    ]
    assert left == []
    silent = [
        n.label
        for n in doc.nodes()
        if n.kind in ("pasal", "ayat", "huruf", "angka")
        and not n.text.strip()
        and not n.children
        and not n.notes
    ]
    assert silent == []


BAGIAN_SNIPPET = """PERATURAN PEMERINTAH NOMOR 98 TAHUN 2031 TENTANG CONTOH
BAB I
KETENTUAN
Bagian Kesatu
Umum
Pasal 1
Badan mengurus pelindungan.
Bagian Pemerintah Desa
Pasal 2
Desa membantu Badan.
Pasal 3
Pekerja dilindungi oleh Badan, Bagian Ketiga Sanksi Administratif Pasal 4 Sanksi dikenakan.
Pasal 5
Hak sebagaimana dimaksud dalam Pasal 1 huruf g dilindungi.
"""


def test_bagian_by_sequence():
    doc = parse_text(BAGIAN_SNIPPET, INFO)
    bagian = doc.nodes("bagian")
    assert [(b.number, b.heading) for b in bagian] == [
        ("Kesatu", "Umum"),
        ("Kedua", "Pemerintah Desa"),
        ("Ketiga", "Sanksi Administratif"),
    ]
    assert bagian[1].notes and not bagian[0].notes
    assert doc.get("Pasal 3").full_text() == "Pekerja dilindungi oleh Badan,"


def test_reference_to_a_lost_unit_is_not_widened():
    doc = parse_text(BAGIAN_SNIPPET, INFO)
    pasal5 = doc.get("Pasal 5")
    assert pasal5.references == ["PP 98/2031 Pasal 1 huruf g"]
    assert any("Pasal 1 huruf g" in n and "not found" in n for n in pasal5.notes)
    assert "PP 98/2031 Pasal 5" in doc.get("Pasal 1").referenced_by


@pytest.mark.parametrize(
    ("turn", "heading"),
    [
        ("BAB II\nBAB II\nKETENTUAN LAIN\n", "KETENTUAN LAIN"),  # catchword, then the heading
        ("Pasal 2 .\nBAB II\nKETENTUAN LAIN\n", "KETENTUAN LAIN"),
    ],
)
def test_page_turn_catchwords(turn, heading):
    text = (
        "PERATURAN PEMERINTAH NOMOR 98 TAHUN 2031 TENTANG CONTOH\nBAB I\nUMUM\n"
        "Pasal 1\nBadan dibentuk.\n" + turn + "Pasal 2\nBadan melapor.\n"
    )
    doc = parse_text(text, INFO)
    assert doc.get("Pasal 1").full_text() == "Badan dibentuk."
    assert "BAB" not in doc.get("Pasal 1").full_text()
    assert [(b.number, b.heading) for b in doc.nodes("bab")] == [("I", "UMUM"), ("II", heading)]
    assert doc.get("Pasal 2").full_text() == "Badan melapor."
