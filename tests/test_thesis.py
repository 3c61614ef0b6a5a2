"""thesis: skripsi text → abstrak / bab / subbab / alinea / daftar-pustaka tree.

The synthetic thesis below is written for these tests (not taken from any real thesis);
the real abstract is read from the shared corpus at test time.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmi_law.models import Document, DocumentInfo, Node
from pmi_law.sources import thesis as thesis_module
from pmi_law.sources.thesis import looks_like_thesis, parse_thesis

INFO = DocumentInfo(
    type="Skripsi",
    number="BP3MI-NTB",
    year="",
    title="Pelindungan Hukum Pekerja Migran Indonesia",
    citation="Skripsi BP3MI-NTB",
)


def _info() -> DocumentInfo:
    return DocumentInfo(INFO.type, INFO.number, INFO.year, INFO.title, INFO.citation)


def _shape(node: Node) -> tuple[str, str, str | None, list[object]]:
    """A node as (kind, number, heading, children); alinea children are only counted."""
    alinea = [c for c in node.children if c.kind == "alinea"]
    others = [_shape(c) for c in node.children if c.kind != "alinea"]
    return node.kind, node.number, node.heading, [len(alinea), *others]


def _tree(doc: Document) -> list[tuple[str, str, str | None, list[object]]]:
    return [_shape(top) for top in doc.children]


# ---------------------------------------------------------------------------- the real abstract


@pytest.fixture(scope="module")
def abstract_text(corpus_dir: Path) -> str:
    path = corpus_dir / "skripsi-pelindungan-pmi-bp3mi-ntb.abstrak.txt"
    return path.read_text(encoding="utf-8")


def test_real_abstract_is_one_abstrak_section(abstract_text: str) -> None:
    doc = parse_thesis(abstract_text, _info())
    assert [n.kind for n in doc.children] == ["abstrak"]
    abstrak = doc.children[0]
    assert abstrak.number == ""
    alinea = abstrak.children
    assert len(alinea) >= 1
    assert all(a.kind == "alinea" for a in alinea)
    assert [a.number for a in alinea] == [str(i) for i in range(1, len(alinea) + 1)]
    assert alinea[0].citation == "Skripsi BP3MI-NTB Abstrak alinea 1"
    assert all(a.citation.startswith("Skripsi") for a in alinea)


def test_real_abstract_loses_no_word(abstract_text: str) -> None:
    doc = parse_thesis(abstract_text, _info())
    words = [w for n in doc.nodes() for w in ((n.heading or "") + " " + n.text).split()]
    assert words == abstract_text.split()


def test_long_single_paragraph_is_not_split(abstract_text: str) -> None:
    one_line = " ".join(abstract_text.split())
    doc = parse_thesis(one_line, _info())
    assert len(doc.children[0].children) == 1


# no i/v/x/l/c: a line of only those letters is a roman page number and is dropped
_WORD = st.text(alphabet="abdefghjkmnoprstuyz.,;:?", min_size=1, max_size=10)
# a line that is itself a section heading ("abstrak", "daftar pustaka") opens that section
_LINE = (
    st.lists(_WORD, min_size=0, max_size=14)
    .map(" ".join)
    .filter(lambda line: thesis_module._special(line) is None)
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=25))
def test_headingless_text_keeps_every_word(lines: list[str]) -> None:
    text = "\n".join(lines)
    doc = parse_thesis(text, _info())
    words = [w for n in doc.nodes("alinea") for w in n.text.split()]
    assert words == text.split()
    assert [n.kind for n in doc.children] == ["abstrak"]


def test_abstract_citations_resolve(abstract_text: str) -> None:
    doc = parse_thesis(abstract_text, _info())
    node = doc.find((("abstrak", ""), ("alinea", "1")))
    assert node is not None and node.kind == "alinea"
    assert node.document is doc


# ---------------------------------------------------------------------------- synthetic thesis

SYNTHETIC = """\
SKRIPSI
PERLINDUNGAN HUKUM BAGI PEKERJA RANTAU
DI NEGERI SEBERANG

Oleh:
Fulan bin Fulan
NIM 0000000

FAKULTAS HUKUM
UNIVERSITAS CONTOH
2099

KATA PENGANTAR

Puji syukur penulis panjatkan karena skripsi contoh ini dapat diselesaikan.
Penulis berterima kasih kepada semua pihak yang membantu.

iii

DAFTAR ISI

HALAMAN JUDUL .............................................. i
KATA PENGANTAR ............................................. iii
DAFTAR ISI .................................................. iv
ABSTRAK ..................................................... v
BAB I PENDAHULUAN ........................................... 1
    A. Latar Belakang Masalah ................................. 1
    B. Rumusan Masalah ........................................ 4
BAB II
TINJAUAN PUSTAKA ............................................ 6
    A. Tinjauan Umum tentang Pekerja Rantau ................... 6
DAFTAR PUSTAKA .............................................. 30

ABSTRAK

Penelitian contoh ini membahas perlindungan pekerja rantau di negeri
seberang. Metode yang dipakai adalah yuridis normatif.

Kata kunci: pekerja rantau, perlindungan hukum.

BAB I
PENDAHULUAN

A. Latar Belakang Masalah

    Setiap orang berhak atas pekerjaan yang layak. Hak itu dijamin oleh
undang-undang dasar dan harus dilindungi oleh negara di mana pun warga
itu bekerja.
    Kenyataannya, banyak pekerja rantau menghadapi masalah di negeri
seberang, mulai dari upah yang tidak dibayar sampai paspor yang ditahan
oleh pemberi kerja.

B. Rumusan Masalah

Berdasarkan latar belakang di atas, rumusan masalah skripsi ini adalah:
1. Bagaimana perlindungan hukum bagi pekerja rantau menurut undang-undang?
2. Bagaimana upaya lembaga daerah dalam mencegah penempatan yang tidak
   prosedural?

1

BAB II TINJAUAN PUSTAKA

Bab ini menguraikan teori yang dipakai dalam penelitian.

A. Tinjauan Umum tentang Pekerja Rantau

Pekerja rantau adalah warga yang bekerja di luar daerah asalnya.

DAFTAR PUSTAKA

Contoh, Ahmad. 2090. Hukum Perlindungan Pekerja. Kota Contoh: Penerbit
    Contoh.
Fiktif, Budi. 2091. "Pekerja di Negeri Seberang." Jurnal Hukum Rekaan 1
    (1): 1-20.
Undang-Undang Rekaan Nomor 1 Tahun 2092 tentang Pekerja Rantau.
"""


@pytest.fixture(scope="module")
def synthetic() -> Document:
    return parse_thesis(SYNTHETIC, _info())


def test_synthetic_tree(synthetic: Document) -> None:
    assert _tree(synthetic) == [
        ("abstrak", "", "ABSTRAK", [2]),
        (
            "bab",
            "I",
            "PENDAHULUAN",
            [
                0,
                ("subbab", "A", "Latar Belakang Masalah", [2]),
                ("subbab", "B", "Rumusan Masalah", [3]),
            ],
        ),
        (
            "bab",
            "II",
            "TINJAUAN PUSTAKA",
            [1, ("subbab", "A", "Tinjauan Umum tentang Pekerja Rantau", [1])],
        ),
        ("daftar-pustaka", "", "DAFTAR PUSTAKA", [3]),
    ]


def test_table_of_contents_makes_no_nodes(synthetic: Document) -> None:
    assert [n.number for n in synthetic.nodes("bab")] == ["I", "II"]
    assert not [n for n in synthetic.nodes() if "...." in (n.heading or "") + n.text]
    assert not [n for n in synthetic.nodes() if "Puji syukur" in n.text]  # kata pengantar


def test_synthetic_texts(synthetic: Document) -> None:
    bab1 = synthetic.nodes("bab")[0]
    a, b = bab1.children
    assert a.children[0].text.startswith("Setiap orang berhak")
    assert a.children[0].text.endswith("di mana pun warga itu bekerja.")
    assert a.children[1].text.startswith("Kenyataannya,")
    assert [c.text.split()[0] for c in b.children] == ["Berdasarkan", "1.", "2."]
    assert b.children[2].text.endswith("penempatan yang tidak prosedural?")
    abstrak = synthetic.nodes("abstrak")[0]
    assert abstrak.children[1].text == "Kata kunci: pekerja rantau, perlindungan hukum."
    pustaka = synthetic.nodes("daftar-pustaka")[0]
    assert [c.text for c in pustaka.children] == [
        "Contoh, Ahmad. 2090. Hukum Perlindungan Pekerja. Kota Contoh: Penerbit Contoh.",
        'Fiktif, Budi. 2091. "Pekerja di Negeri Seberang." Jurnal Hukum Rekaan 1 (1): 1-20.',
        "Undang-Undang Rekaan Nomor 1 Tahun 2092 tentang Pekerja Rantau.",
    ]
    assert synthetic.find((("bab", "I"), ("subbab", "A"), ("alinea", "2"))) is a.children[1]


def test_synthetic_citations(synthetic: Document) -> None:
    bab1 = synthetic.nodes("bab")[0]
    assert bab1.citation == "Skripsi BP3MI-NTB BAB I"
    assert bab1.children[1].children[0].citation == "Skripsi BP3MI-NTB BAB I B alinea 1"
    pustaka = synthetic.nodes("daftar-pustaka")[0]
    assert pustaka.children[2].citation == "Skripsi BP3MI-NTB Daftar Pustaka alinea 3"
    citations = [n.citation for n in synthetic.nodes()]
    assert len(citations) == len(set(citations))


# ---------------------------------------------------------------------------- layouts


def test_bab_title_on_same_line_and_arabic_number() -> None:
    text = (
        "BAB 1 PENDAHULUAN\n\nA. Latar Belakang\n\nIsi pertama.\n\nBAB 2\nPENUTUP\n\nIsi akhir.\n"
    )
    doc = parse_thesis(text, _info())
    assert _tree(doc) == [
        ("bab", "I", "PENDAHULUAN", [0, ("subbab", "A", "Latar Belakang", [1])]),
        ("bab", "II", "PENUTUP", [1]),
    ]


def test_toc_without_leaders_but_with_page_numbers() -> None:
    text = (
        "DAFTAR ISI\nBAB I\nPENDAHULUAN 1\nA. Latar Belakang 1\nBAB II\nPENUTUP 9\n\n"
        "BAB I\nPENDAHULUAN\n\nA. Latar Belakang\n\nIsi.\n\nBAB II\nPENUTUP\n\nAkhir.\n"
    )
    doc = parse_thesis(text, _info())
    assert [(n.number, n.heading) for n in doc.nodes("bab")] == [
        ("I", "PENDAHULUAN"),
        ("II", "PENUTUP"),
    ]
    assert [a.text for a in doc.nodes("alinea")] == ["Isi.", "Akhir."]


def test_out_of_sequence_headings_are_text() -> None:
    text = (
        "BAB I\nPENDAHULUAN\n\nA. Latar Belakang\n\nIsi pertama.\n\n"
        "C. Bukan Subbab Karena Urutan\n\nBAB III ini bukan judul.\n"
    )
    doc = parse_thesis(text, _info())
    assert len(doc.nodes("bab")) == 1
    assert [n.number for n in doc.nodes("subbab")] == ["A"]
    assert [a.text for a in doc.nodes("alinea")] == [
        "Isi pertama.",
        "C. Bukan Subbab Karena Urutan",
        "BAB III ini bukan judul.",
    ]


def test_paragraphs_one_per_line_without_blank_lines() -> None:
    text = "ABSTRAK\nKalimat pertama paragraf satu.\nKalimat paragraf dua.\nParagraf tiga.\n"
    doc = parse_thesis(text, _info())
    assert [a.text for a in doc.nodes("alinea")] == [
        "Kalimat pertama paragraf satu.",
        "Kalimat paragraf dua.",
        "Paragraf tiga.",
    ]


def test_hard_wrapped_paragraphs_split_at_short_last_line() -> None:
    text = (
        "ABSTRAK\n"
        "Penelitian ini membahas perlindungan hukum bagi pekerja rantau yang bekerja\n"
        "di negeri seberang tanpa dokumen yang lengkap dan sah menurut hukum.\n"
        "Hasil penelitian menunjukkan bahwa upaya pencegahan belum berjalan\n"
        "dengan baik karena koordinasi lemah.\n"
        "Saran penelitian ini adalah memperkuat kerja sama.\n"
    )
    doc = parse_thesis(text, _info())
    # "... menurut hukum." ends a sentence but fills its line: that paragraph goes on
    assert [a.text.split()[0] for a in doc.nodes("alinea")] == ["Penelitian", "Saran"]


def test_abstract_and_english_abstract_share_one_node() -> None:
    text = "ABSTRAK\n\nIsi abstrak.\n\nABSTRACT\n\nThe abstract.\n\nBAB I\nPENDAHULUAN\n\nIsi.\n"
    doc = parse_thesis(text, _info())
    assert [n.kind for n in doc.children] == ["abstrak", "bab"]
    assert [a.citation for a in doc.children[0].children] == [
        "Skripsi BP3MI-NTB Abstrak alinea 1",
        "Skripsi BP3MI-NTB Abstrak alinea 2",
    ]


def test_spaced_heading_letters() -> None:
    text = "A B S T R A K\n\nIsi abstrak.\n\nD A F T A R  P U S T A K A\n\nBuku.\n"
    doc = parse_thesis(text, _info())
    assert [n.kind for n in doc.children] == ["abstrak", "daftar-pustaka"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SKRIPSI\nJUDUL\n\nABSTRAK\nIsi.", True),
        ("BAB I\nPENDAHULUAN\nA. Latar", True),
        ("UNDANG-UNDANG\nBAB I\nKETENTUAN UMUM\nPasal 1\nIsi.", False),
    ],
)
def test_looks_like_thesis(text: str, expected: bool) -> None:
    assert looks_like_thesis(text) is expected


@pytest.mark.parametrize(
    "citation",
    [
        "Skripsi BP3MI-NTB BAB I A alinea 2",
        "Skripsi BP3MI-NTB BAB II",
        "Skripsi BP3MI-NTB Daftar Pustaka alinea 3",
        "Skripsi BP3MI-NTB Abstrak alinea 1",
    ],
)
def test_citations_round_trip(synthetic: Document, citation: str) -> None:
    assert synthetic.get(citation).citation == citation


def test_a_line_that_is_a_heading_opens_its_section_and_is_not_text() -> None:
    # what the property test above leaves out: "abstrak" alone on a line is the heading
    doc = parse_thesis("abstrak\nkata pertama kedua", _info())
    assert [n.kind for n in doc.children] == ["abstrak"]
    assert [w for n in doc.nodes("alinea") for w in n.text.split()] == ["kata", "pertama", "kedua"]
