"""Statute parser: real documents from ../shared/corpus (counts, order, no text lost,
Penjelasan attached) and table-driven snippets written for these tests."""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from pmi_law import parse_document
from pmi_law.models import Document, DocumentInfo
from pmi_law.sources.clean import clean_text, read_number
from pmi_law.sources.parse import parse_text
from pmi_law.sources.repair import repair_text

# --------------------------------------------------------------------------- UU 18/2017 (clean)


def pasal_numbers(doc: Document) -> list[str]:
    return [n.number for n in doc.nodes("pasal")]


def test_uu18_structure_counts(uu18):
    assert uu18.citation == "UU 18/2017"
    assert len(uu18.nodes("bab")) == 13
    assert len(uu18.nodes("bagian")) == 20
    assert len(uu18.nodes("paragraf")) == 3
    assert pasal_numbers(uu18) == [str(i) for i in range(1, 92)]
    assert [n.number for n in uu18.nodes("bab")][:4] == ["I", "II", "III", "IV"]
    assert uu18.nodes("bab")[0].heading == "KETENTUAN UMUM"


def test_uu18_title_block_and_preamble(uu18):
    assert uu18.info.type == "UU" and uu18.info.number == "18" and uu18.info.year == "2017"
    assert "PEKERJA MIGRAN" in uu18.title.upper()
    assert uu18.menimbang.startswith("a. bahwa")
    assert "Undang-Undang Nomor 13 Tahun 2003" in uu18.mengingat
    assert "Pasal 1" not in uu18.menimbang


def _indolaw_ayat_counts(path: Path) -> dict[str, int]:
    data = json.loads(path.read_text(encoding="utf-8"))
    counts: dict[str, int] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "PASAL":
                number = next(
                    c["text"] for c in node["children"] if c.get("type") == "PASAL_NUMBER"
                ).split()[-1]
                top = [c for c in node["children"] if c.get("type") == "LIST"]
                items = top[0]["children"] if top else []
                counts[number] = sum(
                    1
                    for it in items
                    if any(c.get("type") == "NUMBER_WITH_BRACKETS" for c in it.get("children", []))
                )
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data["content"])
    return counts


def test_uu18_ayat_counts_agree_with_indolaw(uu18, corpus_dir):
    expected = _indolaw_ayat_counts(corpus_dir / "uu-18-2017.indolaw.json")
    assert len(expected) == 91
    got = {n.number: sum(1 for c in n.children if c.kind == "ayat") for n in uu18.nodes("pasal")}
    assert got == expected


def test_uu18_pasal6_and_45(uu18):
    p6 = uu18.get("Pasal 6")
    assert [c.number for c in p6.children if c.kind == "ayat"] == ["1", "2", "3"]
    assert [c.number for c in uu18.get("Pasal 6 ayat (1)").children] == list("abcdefghijklm")
    assert uu18.get("Pasal 6 ayat (1)").text.endswith("memiliki hak:")  # lead-in kept with its list
    a = uu18.get("Pasal 45 huruf a")
    assert [c.kind for c in a.children] == ["angka"] * 4
    assert uu18.get("Pasal 45 huruf a angka 3").citation == "UU 18/2017 Pasal 45 huruf a angka 3"


def test_uu18_penjelasan_attached(uu18):
    for pasal in uu18.nodes("pasal"):
        assert any(n.elucidation for n in pasal.walk()), pasal.citation
    p2 = uu18.get("Pasal 2")
    assert p2.elucidation is None
    assert "asas keterpaduan" in (uu18.get("Pasal 2 huruf a").elucidation or "")
    assert "asas keterpaduan" not in (uu18.get("Pasal 2 huruf b").elucidation or "")
    assert uu18.get("Pasal 10 ayat (2)").elucidation.startswith("Yang dimaksud dengan")
    assert uu18.elucidation_general and "Undang-Undang Dasar" in uu18.elucidation_general
    assert uu18.unattached_elucidation == []


def test_uu18_cross_references(uu18):
    assert "UU 18/2017 Pasal 69" in uu18.get("Pasal 81").references
    assert "UU 18/2017 Pasal 81" in uu18.get("Pasal 69").referenced_by
    assert "UU 18/2017 Pasal 8 ayat (1) huruf a" in uu18.get("Pasal 8 ayat (2)").references
    revoked = [r for r in uu18.external_references if r.target == "UU 39/2004"]
    assert revoked and revoked[0].source.startswith("UU 18/2017 Pasal 89")


def test_uu18_definitions(uu18):
    assert len(uu18.definitions) == 26
    by_abbr = {d.abbreviation: d for d in uu18.definitions if d.abbreviation}
    sip3mi = by_abbr["SIP3MI"]
    assert sip3mi.term == "Surat Izin Perusahaan Penempatan Pekerja Migran Indonesia"
    assert sip3mi.citation == "UU 18/2017 Pasal 1 angka 16"
    assert sip3mi.text.startswith("izin tertulis")
    assert "SIP2MI" in by_abbr


# --------------------------------------------------------------------------- the OCR copy and other laws

_FURNITURE = [
    re.compile(r"P\s?R\s?E\s?S\s?I\s?D\s?E\s?N\s+R\s?E\s?P\s?U\s?B\s?L\s?I\s?K"),
    re.compile(r"(?<![\w(])-\s?\d{1,3}\s?-(?![\w-])"),
    re.compile(r"\bSALINAN\b"),
    re.compile(r"\^"),
]


def test_uu18_ocr(uu18_ocr):
    assert pasal_numbers(uu18_ocr) == [str(i) for i in range(1, 92)]
    for pasal in uu18_ocr.nodes("pasal"):
        text = pasal.full_text()
        for pattern in _FURNITURE:
            assert not pattern.search(text), (pasal.citation, pattern.pattern)
    elucidated = sum(1 for p in uu18_ocr.nodes("pasal") if any(n.elucidation for n in p.walk()))
    assert elucidated >= 85
    assert len(uu18_ocr.nodes("bab")) == 13


@pytest.mark.parametrize(
    ("name", "citation", "pasal_count"),
    [
        ("uu-21-2007.data-peraturan.md", "UU 21/2007", 67),
        ("uu-13-2003.txt", "UU 13/2003", 193),
        ("uu-13-2003.data-peraturan.md", "UU 13/2003", 193),
        ("uu-39-2004.data-peraturan.md", "UU 39/2004", 109),
        ("pp-59-2021.data-peraturan.md", "PP 59/2021", 101),
        ("uu-6-2012.txt", "UU 6/2012", 2),
        ("pp-22-2022.data-peraturan.md", "PP 22/2022", 46),
        ("pp-10-2020.galqa.txt", "PP 10/2020", 38),
    ],
)
def test_other_laws_pasal_sequence(corpus_dir, name, citation, pasal_count):
    doc = parse_document(corpus_dir / name)
    assert doc.citation == citation
    assert pasal_numbers(doc) == [str(i) for i in range(1, pasal_count + 1)]


def test_pp10_2020_body_only_transcription(corpus_dir):
    """The GALQA copy of PP 10/2020: body only (no title block, Menimbang, Penjelasan or
    signature), its metadata from the manifest; BAB and Pasal in the order SOURCES.md counts."""
    doc = parse_document(corpus_dir / "pp-10-2020.galqa.txt")
    assert (doc.citation, doc.info.type) == ("PP 10/2020", "PP")
    assert "Badan Pelindungan Pekerja Migran Indonesia" in doc.title  # from the manifest
    babs = doc.nodes("bab")
    assert [(b.number, b.heading) for b in babs] == [
        ("I", "KETENTUAN UMUM"),
        ("II", "PELAKSANAAN PENEMPATAN PEKERJA MIGRAN INDONESIA"),
        ("III", "PELAPORAN"),
        ("IV", "KETENTUAN PERALIHAN"),
        ("V", "KETENTUAN PENUTUP"),
    ]
    spans = [[p.number for p in b.walk() if p.kind == "pasal"] for b in babs]
    assert [(s[0], s[-1]) for s in spans] == [
        ("1", "5"),
        ("6", "32"),
        ("33", "33"),
        ("34", "35"),
        ("36", "38"),
    ]
    assert not doc.menimbang and not doc.mengingat and doc.elucidation_general is None
    assert not any(n.elucidation for n in doc.nodes())
    assert len(doc.definitions) == 15
    assert {d.abbreviation for d in doc.definitions} >= {"BP2MI", "OPP", "Sisko P2MI"}
    assert [h.number for h in doc.get("Pasal 9").children] == list("abcdefghij")
    assert [a.number for a in doc.get("Pasal 4").children] == ["1", "2", "3", "4", "5"]
    revoked = [r.target for r in doc.external_references if r.source == "PP 10/2020 Pasal 37"]
    assert revoked == ["PP 4/2013"]


def test_uu39_has_no_page_numbers(corpus_dir):
    doc = parse_document(corpus_dir / "uu-39-2004.data-peraturan.md")
    for pasal in doc.nodes("pasal"):
        assert not _FURNITURE[1].search(pasal.full_text()), pasal.citation
        assert "..." not in pasal.full_text(), pasal.citation


def test_uu11_amends_uu18_in_pasal_84(corpus_dir):
    doc = parse_document(corpus_dir / "uu-11-2020.data-peraturan.md")
    p84 = doc.get("Pasal 84").full_text()
    assert "Pekerja Migran Indonesia" in p84
    assert "89A" in p84
    numbers = pasal_numbers(doc)
    assert numbers[:10] == [str(i) for i in range(1, 11)]
    assert all(a != b for a, b in pairwise(numbers))


# --------------------------------------------------------------------------- no text lost

_MARKER_WORD = re.compile(
    r"^(?:Pa[a-zA-Z]{2,4}|BAB|Bagian|Paragraf|Ayat|Huruf[a-zI]?|Angka|PENJELASAN|UMUM|PASAL|DEMI|Ke[a-z]+|Pertama|huruf|ayat|angka|Bag[ir]an|Paragra[fl]"
    r"|Menimbang|Mengingat|[IVXL]{2,}|[IlOT]{2,3})$"  # [IlOT]: OCR-garbled digits of a Pasal number
)


def _tree_words(doc: Document) -> Counter[str]:
    parts = [
        doc.preamble,
        doc.menimbang,
        doc.mengingat,
        doc.enactment,
        doc.closing,
        doc.elucidation_heading,
        doc.elucidation_general or "",
        *doc.unattached_elucidation,
    ]
    for node in doc.nodes():
        parts += [node.heading or "", node.text, node.elucidation or "", node.number, *node.notes]
        # a Pasal rebuilt from a second transcription keeps the first copy's words as found
        # (with them, what the document's repairs made of those words)
        for unit in (r.original for r in node.repairs if r.part == "unit"):
            parts += [unit, *(r.repaired for r in doc.repairs if r.original and r.original in unit)]
    return Counter(re.findall(r"[A-Za-z]{2,}", " ".join(parts)))


CORPUS_FILES = [
    "uu-18-2017.txt",
    "uu-18-2017.data-peraturan.md",
    "uu-13-2003.txt",
    "uu-13-2003.data-peraturan.md",
    "uu-6-2012.txt",
    "uu-6-2012.data-peraturan.md",
    "uu-21-2007.data-peraturan.md",
    "uu-39-2004.data-peraturan.md",
    "pp-59-2021.data-peraturan.md",
    "pp-22-2022.data-peraturan.md",
    "pp-3-2013.data-peraturan.md",
    "uu-11-2020.data-peraturan.md",
]


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_no_text_lost(corpus_dir, name):
    raw = (corpus_dir / name).read_text(encoding="utf-8")
    doc = parse_document(corpus_dir / name)
    # the parser reads the text as repaired (sources/repair.py); every word the repair took
    # away is recorded on the document with what replaced it
    found = clean_text(raw)
    repaired = repair_text(found, corpus_dir / name)
    assert doc.repairs == repaired.repairs
    rebuilt, pos = [], 0
    for r in doc.repairs:  # the recorded repairs, applied to the text as found, give the text
        assert found[r.start : r.end] == r.original
        rebuilt += [found[pos : r.start], r.repaired]
        pos = r.end
    assert "".join(rebuilt) + found[pos:] == repaired.text
    source = Counter(re.findall(r"[A-Za-z]{2,}", repaired.text))
    lost = source - _tree_words(doc)
    lost_words = {w: c for w, c in lost.items() if not _MARKER_WORD.match(w)}
    assert lost_words == {}


# --------------------------------------------------------------------------- snippets

INFO = DocumentInfo("UU", "99", "2030", "Contoh", citation="UU 99/2030")


def _parse(text: str) -> Document:
    return parse_text(text, INFO)


def test_inline_headings_and_lists():
    doc = _parse(
        "BAB I KETENTUAN UMUM Pasal 1 Setiap pekerja berhak atas: a. upah yang layak; b. cuti; dan "
        "c. jaminan sosial. Pasal 2 (1) Pemberi kerja wajib membayar upah. (2) Upah sebagaimana dimaksud "
        "pada ayat (1) dibayar tiap bulan. BAB II LARANGAN Pasal 3 Setiap orang dilarang memotong upah "
        "sebagaimana dimaksud dalam Pasal 2 ayat (1)."
    )
    assert pasal_numbers(doc) == ["1", "2", "3"]
    assert [n.heading for n in doc.nodes("bab")] == ["KETENTUAN UMUM", "LARANGAN"]
    assert [c.number for c in doc.get("Pasal 1").children] == ["a", "b", "c"]
    assert doc.get("Pasal 1").text == "Setiap pekerja berhak atas:"
    assert doc.get("Pasal 2 ayat (2)").references == ["UU 99/2030 Pasal 2 ayat (1)"]
    assert doc.get("Pasal 3").references == ["UU 99/2030 Pasal 2 ayat (1)"]
    assert doc.get("Pasal 2 ayat (1)").referenced_by == [
        "UU 99/2030 Pasal 2 ayat (2)",
        "UU 99/2030 Pasal 3",
    ]


@pytest.mark.parametrize(
    ("heading", "number"),
    [
        ("Pasal l0", "10"),
        ("Pasal I I", "11"),
        ("PasalT4", "74"),
        ("Pasai 52", "52"),
        ("Pasat27", "27"),
    ],
)
def test_ocr_pasal_headings(heading, number):
    n = int(number)
    text = (
        "\n".join(f"Pasal {i}\nIsi pasal nomor {i}." for i in range(1, n))
        + f"\n{heading}\nIsi pasal berikutnya."
    )
    doc = _parse(text)
    assert pasal_numbers(doc) == [str(i) for i in range(1, n + 1)]
    assert doc.nodes("pasal")[-1].text == "Isi pasal berikutnya."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("l0", ["10"]),
        ("I I", ["11"]),
        ("2Ol7", ["2017"]),
        ("89A", ["89A"]),
        ("9l", ["91"]),
        ("T4", ["74"]),
        ("", []),
    ],
)
def test_read_number(raw, expected):
    assert read_number(raw) == expected


def test_inserted_pasal_angka_under_huruf_and_penjelasan():
    doc = _parse(
        "Pasal 1\nTugas Menteri:\na. menyusun norma mengenai:\n1) pelindungan;\n2) pengawasan;\n"
        "b. mengawasi pelaksanaan.\nPasal 2\n(1) Badan melaksanakan tugas.\n(2) Badan melapor kepada Presiden.\n"
        "Pasal 2A\nKetentuan sisipan.\nPasal 3\nCukup di sini.\n"
        "PENJELASAN\nI. UMUM\nPenjelasan umum singkat.\nII. PASAL DEMI PASAL\nPasal 1\nHuruf a\nNorma adalah aturan.\n"
        "Huruf b\nCukup jelas.\nPasal 2\nAyat (1)\nCukup jelas.\nAyat (2)\nLaporan tertulis.\nPasal 2A\nCukup jelas.\n"
        "Pasal 3\nCukup jelas."
    )
    assert pasal_numbers(doc) == ["1", "2", "2A", "3"]
    assert [c.number for c in doc.get("Pasal 1 huruf a").children] == ["1", "2"]
    assert doc.get("Pasal 1 huruf a angka 2").text == "pengawasan;"
    assert doc.get("Pasal 1 huruf a").elucidation == "Norma adalah aturan."
    assert doc.get("Pasal 2 ayat (2)").elucidation == "Laporan tertulis."
    assert doc.get("Pasal 2A").elucidation == "Cukup jelas."
    assert doc.elucidation_general == "Penjelasan umum singkat."


def test_references_ranges_lists_and_other_laws():
    doc = _parse(
        "Pasal 1\nSatu.\nPasal 2\nDua.\nPasal 3\nTiga.\nPasal 4\nEmpat.\nPasal 5\n"
        "(1) Ketentuan Pasal 1 sampai dengan Pasal 3 berlaku.\n(2) Pasal 1, Pasal 2, dan Pasal 4 tidak berlaku "
        "bagi hal yang diatur dalam Undang-Undang Nomor 39 Tahun 2004.\n"
        "Pasal 6\nSetiap orang yang melanggar ketentuan dalam Pasal 5 ayat (1) dan ayat (2) dipidana."
    )
    assert doc.get("Pasal 5 ayat (1)").references == [
        "UU 99/2030 Pasal 1",
        "UU 99/2030 Pasal 2",
        "UU 99/2030 Pasal 3",
    ]
    assert doc.get("Pasal 5 ayat (2)").references == [
        "UU 99/2030 Pasal 1",
        "UU 99/2030 Pasal 2",
        "UU 99/2030 Pasal 4",
        "UU 39/2004",
    ]
    assert doc.get("Pasal 6").references == [
        "UU 99/2030 Pasal 5 ayat (1)",
        "UU 99/2030 Pasal 5 ayat (2)",
    ]


def test_huruf_range_relative_to_ayat():
    doc = _parse(
        "Pasal 1\n(1) Syarat:\na. satu;\nb. dua;\nc. tiga;\nd. empat.\n"
        "(2) Syarat sebagaimana dimaksud pada ayat (1) huruf b sampai dengan huruf d dibuktikan dengan dokumen."
    )
    assert doc.get("Pasal 1 ayat (2)").references == [
        "UU 99/2030 Pasal 1 ayat (1) huruf b",
        "UU 99/2030 Pasal 1 ayat (1) huruf c",
        "UU 99/2030 Pasal 1 ayat (1) huruf d",
    ]


def test_not_a_statute():
    from pmi_law.errors import ParseError

    with pytest.raises(ParseError):
        _parse("Ini hanya surat biasa tanpa pasal.")


# --------------------------------------------------------------------------- structure per document

# (file, Pasal, BAB, Bagian, Paragraf) as the laws have them (UU 18/2017: the indolaw tree;
# the others: their headings read in the source). A unit the OCR lost counts when a note
# on the tree says so (e.g. "Bagian Kedua lost in the source").
STRUCTURE = [
    ("uu-18-2017.txt", 91, 13, 20, 3),
    ("uu-18-2017.data-peraturan.md", 91, 13, 20, 3),
    ("uu-13-2003.txt", 193, 18, 13, 8),
    ("uu-13-2003.data-peraturan.md", 193, 18, 13, 8),
    ("uu-6-2012.txt", 2, 0, 0, 0),
    ("uu-21-2007.data-peraturan.md", 67, 9, 2, 0),
    ("uu-39-2004.data-peraturan.md", 109, 16, 7, 5),
    ("pp-59-2021.data-peraturan.md", 101, 7, 10, 19),
    ("pp-22-2022.data-peraturan.md", 46, 8, 4, 11),
    ("pp-3-2013.data-peraturan.md", 43, 6, 4, 0),
]


def _count(doc: Document, kind: str) -> int:
    """Units found plus units a note says the source lost ("Bagian Kedua lost in the source")."""
    label = {"bab": "BAB", "bagian": "Bagian", "paragraf": "Paragraf"}[kind]
    lost = sum(
        len(re.findall(rf"\b{label} \w+(?=,| lost)", note))
        for node in doc.nodes(kind)
        for note in node.notes
        if "lost in the source (OCR): its units" in note
    )
    return len(doc.nodes(kind)) + lost


@pytest.mark.parametrize(("name", "pasal", "bab", "bagian", "paragraf"), STRUCTURE)
def test_structure_per_document(corpus_dir, name, pasal, bab, bagian, paragraf):
    doc = parse_document(corpus_dir / name)
    assert [p.number for p in doc.nodes("pasal")] == [str(n) for n in range(1, pasal + 1)]
    assert (_count(doc, "bab"), _count(doc, "bagian"), _count(doc, "paragraf")) == (
        bab,
        bagian,
        paragraf,
    )
    for kind in ("bab", "bagian", "paragraf"):
        for node in doc.nodes(kind):
            assert node.heading or node.notes, node.label


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("5", "Januari", "2030", "2030-01-05"),
        ("17", "AGUSTUS", "1945", "1945-08-17"),
        ("31", "Februari", "2030", None),  # no such day
        ("1", "Janury", "2030", None),  # not a month
    ],
)
def test_tanggal_reads_an_indonesian_date(day, month, year, expected):
    from pmi_law.sources.clean import tanggal

    found = tanggal(day, month, year)
    assert (found.isoformat() if found else None) == expected
