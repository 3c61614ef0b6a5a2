"""Amendment instructions read from amending text: snippets written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from pmi_law.models import DocumentInfo
from pmi_law.sources.amend import (
    numbered_items,
    parse_instructions,
    read_pasal_number,
    strip_furniture,
)
from pmi_law.sources.omnibus import drop_quoted
from pmi_law.sources.parse import parse_text
from pmi_law.sources.versions import Amendment, Timeline, same_words

BY = "UU 2/2010 Pasal 5"


def _ops(text: str):
    return [(op.number, op.action, op.targets) for op in parse_instructions(text, BY)]


P = "pasal"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ketentuan Pasal 5 diubah sehingga berbunyi sebagai berikut:\nPasal 5\n"
            "(1) Setiap pekerja berhak atas cuti.\n(2) Cuti diatur oleh Pemerintah Pusat.",
            [(1, "diubah", (((P, "5"),),))],
        ),
        (
            "1. Ketentuan Pasal 1 angka 2 dan angka 4 diubah sehingga berbunyi sebagai berikut:\n"
            "Pasal 1\nDalam Undang-Undang ini yang dimaksud dengan:\n1. Alfa adalah hewan.\n"
            "2. Beta adalah pohon.\n3. Gama adalah batu.\n4. Delta adalah air.",
            [(1, "diubah", (((P, "1"), ("angka", "2")), ((P, "1"), ("angka", "4"))))],
        ),
        (
            "Di antara Pasal 7 dan Pasal 8 disisipkan 2 (dua) pasal, yakni Pasal 7A dan Pasal 7B "
            "sehingga berbunyi sebagai berikut:\nPasal 7A\nSisipan pertama.\nPasal 7B\n"
            "Sisipan kedua sebagaimana dimaksud dalam Pasal 7A.",
            [(1, "disisipkan", (((P, "7A"),), ((P, "7B"),)))],
        ),
        ("3. Pasal 9 dihapus.", [(3, "dihapus", (((P, "9"),),))]),
        (
            "Pasal 10 sampai dengan Pasal 12 dihapus.",
            [(1, "dihapus", (((P, "10"),), ((P, "11"),), ((P, "12"),)))],
        ),
        (
            "Penjelasan Pasal 3 diubah sebagaimana tercantum dalam Penjelasan.",
            [(1, "penjelasan", (((P, "3"),),))],
        ),
        (
            "Ketentuan ayat (2) Pasal 6 diubah sehingga berbunyi sebagai berikut:\nPasal 6\n"
            "(1) Tetap.\n(2) Baru.",
            [(1, "diubah", (((P, "6"), ("ayat", "2")),))],
        ),
        # OCR: words shuffled across the line, heading number garbled
        (
            "2 Ketentuan Pasal berikut: 51 diubah sehingga berbunyi sebagai Pasal 5l (1) Izin "
            "diterbitkan oleh Pemerintah Pusat.",
            [(2, "diubah", (((P, "51"),),))],
        ),
        # OCR: inserted Pasal named 'ITA' (17A) in the instruction, clean in the quote
        (
            "Di antara Pasal 17 dan Pasal 18 disisipkan 1 (satu) pasal yakni Pasal ITA yang "
            "berbunyi sebagai berikut:\nPasal 17A\nPasal 17A Isi pasal sisipan.",
            [(1, "disisipkan", (((P, "17A"),),))],
        ),
    ],
)
def test_instruction_forms(text, expected):
    assert _ops(text) == expected


def test_numbering_survives_lost_and_misplaced_angka():
    # angka 1 lost; "2" without a dot; a lone "3" inside the quote; "4" after the instruction
    text = (
        "Ketentuan Pasal 1 diubah sehingga berbunyi sebagai berikut:\nPasal 1\nSatu.\n"
        "2 Ketentuan Pasal 2 diubah sehingga berbunyi sebagai\nberikut:\nPasal2...\n"
        "SK No 123456 A\nPRESIDEN\nREPUBLIK INOONESIA\n-45-\n3\nPasal 2\nDua.\n"
        "Ketentuan Pasal 3 diubah sehingga berbunyi sebagai berikut:\n4\nPasal 3 ...\n"
        "PRES1DEN\nPasal 3\nTiga.\n4. Pasal 4 dihapus.\n6. Pasal 7 dihapus."
    )
    ops = parse_instructions(text, BY)
    assert [(op.number, op.targets[0][0][1]) for op in ops] == [
        (1, "1"),
        (2, "2"),
        (3, "3"),
        (4, "4"),
        (6, "7"),  # an instruction OCR lost entirely: the readable number is believed
    ]
    assert ops[3].by == f"{BY} angka 4"
    # furniture and catchwords are not part of the quoted Pasal
    assert [u.full_text() for u in ops[1].units] == ["Dua."]
    assert [u.full_text() for u in ops[2].units] == ["Tiga."]


def test_quoted_units_are_parsed_like_statute_text():
    text = (
        "Ketentuan Pasal 8 diubah sehingga berbunyi sebagai berikut:\nPasal 8\n"
        "(1) Pemberi kerja wajib:\na. membayar upah; dan\nb. memberi cuti.\n"
        "(2) Pelanggaran sebagaimana dimaksud pada ayat (1) dikenai sanksi."
    )
    (op,) = parse_instructions(text, BY)
    (pasal,) = op.units
    assert [c.label for c in pasal.walk()][1:] == [
        "Pasal 8 ayat (1)",
        "Pasal 8 ayat (1) huruf a",
        "Pasal 8 ayat (1) huruf b",
        "Pasal 8 ayat (2)",
    ]


@pytest.mark.parametrize(
    ("raw", "number"),
    [("51", "51"), ("6l", "61"), ("TT", "77"), ("ITA", "17A"), ("9OA", "90A"), ("i 10A", "110A")],
)
def test_read_pasal_number(raw, number):
    assert read_pasal_number(raw) == number


def test_numbered_items_tolerate_ocr():
    body = (
        "Dalam Undang-Undang ini yang dimaksud dengan: Alfa adalah hewan. 2. Beta adalah pohon. "
        "3. Gama adalah batu. 9. Delta adalah air. 4. Epsilon adalah api. 5. Zeta adalah angin."
    )
    items = numbered_items(body)
    assert items["2"] == "Beta adalah pohon."
    assert items["3"] == "Gama adalah batu. 9. Delta adalah air."  # '9' out of sequence
    assert items["5"] == "Zeta adalah angin."
    # '76.' read as 16 (1/7 confusion) when 16 is due
    tail = " ".join(f"{n}. Butir {n}." for n in range(1, 16)) + " 76. Butir enam belas."
    assert numbered_items(tail)["16"] == "Butir enam belas."


def test_strip_furniture():
    quoted = "Pasal 4\n(1) Satu\nSK No l7l584A\nFTIESIDEN\nREPUBIJK INDONESIA\n-577-\nlagi.\n12. Dua. . ."
    assert strip_furniture(quoted) == "Pasal 4\n(1) Satu\nlagi."


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("pelayanan penempatan Pekerj a Migran", "pelayanan penempatan Pekerja Migran", True),
        ("Pekerja Migran Indonesiayang akan", "Pekerja Migran Indonesia yang akan", True),
        (
            "ketentuan peraturan perrrndang-undangan.",
            "ketentuan peraturan perundang-undangan.",
            True,
        ),
        ("Calon Pekerja Migran lndonesia", "Calon Pekerja Migran Indonesia", True),
        ("izin tertulis dari Menteri untuk", "izin tertulis dari Pemerintah Pusat untuk", False),
        ("paling lama 30 hari", "paling lama 60 hari", False),
    ],
)
def test_same_words(a, b, same):
    assert same_words(a, b) is same


# ---------------------------------------------------------------------------- applying

BASE = """Pasal 1
Dalam Undang-Undang ini yang dimaksud dengan:
1. Alfa adalah hewan yang dipelihara.
2. Beta adalah izin yang diberikan oleh Menteri.
3. Gama adalah batu di sungai.
Pasal 2
(1) Setiap orang wajib menanam pohon.
(2) Pohon dirawat oleh Menteri.
Pasal 3
Pasal ini kelak dihapus.
Pasal 4
Undang-Undang ini mulai berlaku pada tanggal diundangkan.
"""

AMENDING = """Beberapa ketentuan dalam Undang-Undang Nomor 1 Tahun 2000 tentang Contoh diubah sebagai berikut:
1. Ketentuan Pasal 1 diubah sehingga berbunyi sebagai berikut:
Pasal 1
Dalam Undang-Undang ini yang dimaksud dengan:
1. Alfa adalah hew an yang dipelihara.
2. Beta adalah izin yang diberikan oleh Pemerintah Pusat.
3. Gama adalah batu di sungai.
2. Ketentuan Pasal 2 ayat (2) diubah sehingga berbunyi sebagai berikut:
Pasal 2
(1) Setiap orang wajib menanam pohon.
(2) Pohon dirawat oleh Pemerintah Daerah.
3. Pasal 3 dihapus.
4. Di antara Pasal 3 dan Pasal 4 disisipkan 1 (satu) pasal, yakni Pasal 3A sehingga berbunyi sebagai berikut:
Pasal 3A
Pasal sisipan tentang pohon.
"""


@pytest.fixture()
def timeline():
    base = parse_text(BASE, DocumentInfo("UU", "1", "2000", "Contoh", "UU 1/2000"))
    ops = tuple(parse_instructions(AMENDING, BY))
    return Timeline(base, date(2000, 1, 1), [Amendment(BY, date(2010, 1, 1), ops)])


def test_partial_and_whole_amendments(timeline):
    old, new = timeline.at(date(2005, 1, 1)), timeline.at(None)
    assert old is timeline.base and new is timeline.latest
    # restated Pasal 1: only the definition whose words changed takes the new text
    assert new.get("Pasal 1 angka 1").text == old.get("Pasal 1 angka 1").text  # OCR noise
    assert new.get("Pasal 1 angka 3").text == old.get("Pasal 1 angka 3").text
    assert "Pemerintah Pusat" in new.get("Pasal 1 angka 2").text
    assert "Menteri" in old.get("Pasal 1 angka 2").text
    # "Pasal 2 ayat (2) diubah": ayat (1) is the original node's text
    assert new.get("Pasal 2 ayat (1)").text == old.get("Pasal 2 ayat (1)").text
    assert new.get("Pasal 2 ayat (2)").text == "Pohon dirawat oleh Pemerintah Daerah."
    assert [d.term for d in new.definitions] == ["Alfa", "Beta", "Gama"]
    assert not timeline.problems


def test_versions_inserted_and_deleted(timeline):
    (path_3a,) = [n.path for n in timeline.latest.nodes("pasal") if n.number == "3A"]
    assert timeline.base.find(path_3a) is None
    (inserted,) = timeline.versions(path_3a)
    assert (inserted.change, inserted.valid_from, inserted.by) == (
        "disisipkan",
        date(2010, 1, 1),
        f"{BY} angka 4",
    )
    deleted = timeline.versions((("pasal", "3"),))
    assert [v.change for v in deleted] == ["asli", "dihapus"]
    assert deleted[0].text == "Pasal ini kelak dihapus." and deleted[0].valid_to == date(2010, 1, 1)
    assert deleted[1].text == "Dihapus." and deleted[1].valid_to is None
    # the inserted Pasal stands after Pasal 3, before Pasal 4
    assert [p.number for p in timeline.latest.nodes("pasal")] == ["1", "2", "3", "3A", "4"]
    beta = timeline.versions((("pasal", "1"), ("angka", "2")))
    assert [(v.change, v.by) for v in beta] == [("asli", None), ("diubah", f"{BY} angka 1")]
    assert len(timeline.versions((("pasal", "1"), ("angka", "3")))) == 1
    assert len(timeline.versions((("pasal", "4"),))) == 1


def test_omnibus_keeps_its_own_numbering():
    law = (
        "Pasal 1\nKetentuan umum contoh.\n"
        "Pasal 2\nBeberapa ketentuan dalam Undang-Undang Nomor 1 Tahun 2000 tentang Contoh "
        "diubah sebagai berikut:\n1. Ketentuan Pasal 3 diubah sehingga berbunyi sebagai berikut:\n"
        "Pasal 3\nTeks baru pasal tiga.\n"
        "2. Ketentuan Pasal 4 diubah sehingga berbunyi sebagai berikut:\nPasal 4\nTeks baru.\n"
        "Pasal 3\nBeberapa ketentuan dalam Undang-Undang Nomor 9 Tahun 2009 tentang Lain "
        "diubah sebagai berikut:\n1. Pasal 7 dihapus.\n"
        "Pasal 4\nUndang-Undang ini mulai berlaku pada tanggal diundangkan.\n"
    )
    doc = parse_text(law, DocumentInfo("UU", "2", "2010", "Omnibus", "UU 2/2010"))
    assert [p.number for p in doc.nodes("pasal")] == ["1", "2", "3", "4"]
    assert doc.get("Pasal 4").text.startswith("Undang-Undang ini mulai berlaku")
    # the amending Pasal's units are its instructions, the quotes inside them
    assert [c.label for c in doc.get("Pasal 2").children] == ["Pasal 2 angka 1", "Pasal 2 angka 2"]
    assert "Teks baru pasal tiga" in doc.get("Pasal 2 angka 1").text


def test_drop_quoted_leaves_plain_laws_alone():
    cands = [(0, 7, "1", True, False), (20, 27, "2", True, False)]
    assert drop_quoted("Pasal 1\nSatu.\nPasal 2\nDua.", cands, []) == (cands, set())
