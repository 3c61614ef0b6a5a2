"""A Pasal the first copy lost or merged, read from a second transcription (sources/twin.py):
table-driven on snippets written for these tests, then on PP 59/2021 and PP 22/2022."""

from __future__ import annotations

import pytest

from pmi_law.models import DocumentInfo
from pmi_law.sources.parse import parse_document
from pmi_law.sources.provenance import found_text

INFO = DocumentInfo("PP", "97", "2031", "Contoh", citation="PP 97/2031")
HEAD = "PERATURAN PEMERINTAH NOMOR 97 TAHUN 2031 TENTANG CONTOH\nBAB I\nKETENTUAN UMUM\n"
PASAL_1 = "Pasal 1\nPeraturan ini berlaku bagi pekerja dan pemberi kerja di seluruh wilayah.\n"


def _pair(tmp_path, first: str, second: str):
    """Two copies of one law beside each other, named as the corpus names them."""
    (tmp_path / "pp-97-2031.data-peraturan.md").write_text(HEAD + PASAL_1 + first)
    (tmp_path / "pp-97-2031.galqa.txt").write_text("BAB I\n" + PASAL_1 + second)
    return parse_document(tmp_path / "pp-97-2031.data-peraturan.md", INFO)


LIST_2 = (
    "Pasal 2\nPemberi kerja wajib:\na. membayar upah pekerja tepat waktu,\n"
    "b. menyediakan tempat kerja yang aman dan sehat, dan\nc. mendaftarkan pekerja dalam program "
    "jaminan sosial.\n"
)

CASES = [
    # (name, first copy, second copy, rebuilt?, words expected in Pasal 2, note word; for a
    # Pasal kept, "differs" when the copies differ and the reader must be told)
    (
        "item marker lost: b's words run into a",
        "Pasal 2\nPemberi kerja wajib:\na. membayar upah pekerja tepat waktu; tempat kerja "
        "yang aman dan sehat; dan\nc. mendaftarkan pekerja dalam program jaminan sosial.\n",
        LIST_2,
        True,
        [
            "a. membayar upah pekerja tepat waktu;",
            "b. menyediakan tempat kerja yang aman dan sehat; dan",
            "c. mendaftarkan",
        ],
        "lost",
    ),
    (
        "whole Pasal lost: heading and words",
        "Pasal 3\nKetentuan ini berlaku sejak diundangkan.\n",
        LIST_2 + "Pasal 3\nKetentuan ini berlaku sejak diundangkan.\n",
        True,
        ["b. menyediakan tempat kerja yang aman dan sehat; dan"],
        "lost this Pasal",
    ),
    (
        "a word garbled past reading in the first copy, known in the second",
        "Pasal 2\nPemberi kerja wajib:\na. membayar upah pekerja tepat waktu;\nb. menyediakan "
        "tempat kerja yang aman dan sehat; dan\nc. mendaftarkan pekerja xftxa program jaminan "
        "sosial.\n",
        LIST_2.replace("pekerja dalam program", "pekerja antara program"),
        True,
        ["c. mendaftarkan pekerja antara program"],
        "garbles",
    ),
    (
        "same words, only page-break residue and OCR slips in the second copy: first kept",
        "Pasal 2\nPemberi kerja wajib:\na. membayar upah pekerja tepat waktu;\nb. menyediakan "
        "tempat kerja yang aman dan sehat; dan\nc. mendaftarkan pekerja dalam program jaminan "
        "sosial.\n",
        LIST_2.replace("waktu,", "waktu, LN & Lg P Hata").replace("aman", "amam"),
        False,
        ["a. membayar upah pekerja tepat waktu;"],
        "",
    ),
    (
        "second copy lacks words the first has: nothing proved, first kept",
        "Pasal 2\nPemberi kerja wajib:\na. membayar upah pekerja tepat waktu setiap akhir bulan "
        "kalender; tempat kerja yang aman dan sehat; dan\nc. mendaftarkan pekerja dalam program "
        "jaminan sosial.\n",
        LIST_2,
        False,
        ["setiap akhir bulan kalender"],
        "differs",
    ),
    (
        "second copy runs its items on: its numbering is not proved, first kept",
        "Pasal 2\nPemberi kerja wajib:\na. membayar upah pekerja tepat waktu;\nc. mendaftarkan "
        "pekerja dalam program jaminan sosial.\n",
        "Pasal 2\nPemberi kerja wajib:\na. membayar upah pekerja tepat waktu, b. menyediakan "
        "tempat kerja yang aman dan sehat, dan c. mendaftarkan pekerja dalam program jaminan "
        "sosial.\n",
        False,
        ["a. membayar upah pekerja tepat waktu;"],
        "differs",
    ),
]


@pytest.mark.parametrize(
    ("first", "second", "rebuilt", "words", "note"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_pasal_read_from_the_second_copy_only_when_proved(
    tmp_path, first, second, rebuilt, words, note
):
    doc = _pair(tmp_path, first, second)
    pasal = doc.get("Pasal 2")
    shown = pasal.full_text()
    for w in words:
        assert w in shown
    told = [n for n in pasal.notes if "text taken from the second transcription" in n]
    assert bool(told) is rebuilt
    # where the copies differ and the second proves nothing, the reader is told, not misled
    unproved = [n for n in pasal.notes if "neither copy proves" in n]
    assert bool(unproved) is (not rebuilt and bool(note))
    if rebuilt:
        assert note in told[0]
        assert "LN & Lg" not in shown and "amam" not in shown
        # the first copy's words stay on the unit, as found
        unit = [r for r in pasal.repairs if r.part == "unit"]
        assert len(unit) == 1 and unit[0].rule == "twin-unit"
        assert found_text(pasal) == unit[0].original


def test_a_law_without_a_second_copy_is_untouched(tmp_path):
    (tmp_path / "pp-97-2031.data-peraturan.md").write_text(HEAD + PASAL_1 + LIST_2)
    doc = parse_document(tmp_path / "pp-97-2031.data-peraturan.md", INFO)
    assert not any("second transcription" in n for p in doc.nodes("pasal") for n in p.notes)


# --------------------------------------------------------------------------- the corpus


def test_pp59_lost_pasal_read_from_the_second_copy(library):
    # Pasal 63, 66 and 76: heading and words lost in the data-peraturan copy
    for number in ("63", "66", "76"):
        pasal = library.get(f"PP 59/2021 Pasal {number}")
        assert pasal.full_text().strip()
        assert any("second transcription" in n for n in pasal.notes)
        assert not any("heading and text lost" in n for n in pasal.notes)
    # Pasal 56 was cut after "wabah penyakit,"; Pasal 54 huruf f–i ran together
    assert len(library.get("PP 59/2021 Pasal 56").full_text().split()) > 40
    assert [c.number for c in library.get("PP 59/2021 Pasal 54").children][-4:] == [
        "f",
        "g",
        "h",
        "i",
    ]
    # Pasal 1 angka 13–18, lost in the first copy, are definitions again
    assert len(library.document("PP 59/2021").definitions) >= 27


def test_pp59_pasal_86_ayat_4_to_6(library):
    # the first copy prints "(4) (s) (6)" in a column; ayat (5)'s list and ayat (6)'s clause
    # ran into ayat (4)
    pasal = library.get("PP 59/2021 Pasal 86")
    assert [c.number for c in pasal.children] == ["1", "2", "3", "4", "5", "6"]
    assert [c.number for c in library.get("PP 59/2021 Pasal 86 ayat (5)").children] == [
        "a",
        "b",
        "c",
    ]
    assert library.get("PP 59/2021 Pasal 86 ayat (6)").text.startswith("Ketentuan lebih lanjut")
    assert "(s)" not in pasal.full_text()
    assert library.get("PP 59/2021 Pasal 86 ayat (3) huruf c").text.startswith("melakukan seleksi")


def test_pp22_lost_ayat_read_from_the_second_copy(library):
    for citation in ("PP 22/2022 Pasal 9 ayat (3)", "PP 22/2022 Pasal 26 ayat (3)"):
        assert "SIP3MI" in library.get(citation).text


def test_rebuilt_pasal_keep_their_penjelasan_and_place(library):
    assert library.get("PP 59/2021 Pasal 32 ayat (4)").elucidation.startswith("Yang dimaksud")
    pasal = library.get("PP 59/2021 Pasal 63")
    assert pasal.parent is not None and pasal.parent.kind in ("bab", "bagian", "paragraf")


# --------------------------------------------------------------------------- word repairs

WORD_CASES = [
    # (first copy's words, second copy's words, expected in the repaired first copy)
    # a misreading this copy repeats on every page is still a misreading when the other
    # copy reads a known word there
    (
        "Awak Ihpal Niaga bekerja. Awak Ihpal Niaga berlayar. Awak Ihpal Niaga pulang.",
        "Awak Kapal Niaga bekerja. Awak Kapal Niaga berlayar. Awak Kapal Niaga pulang.",
        "Awak Kapal Niaga pulang",
    ),
    # a character OCR put inside a word
    (
        "pelaksanaan I.ayanan Terpadu Satu Atap",
        "pelaksanaan Layanan Terpadu Satu Atap",
        "pelaksanaan Layanan Terpadu",
    ),
    # a closing bracket read as l
    # a bracket never closed, read before the misread word
    (
        "calon Awak Kapal [tfiaga Migran. Awak Kapal Niaga bekerja.",
        "calon Awak Kapal Niaga Migran. Awak Kapal Niaga bekerja.",
        "calon Awak Kapal Niaga Migran",
    ),
    (
        "yang disahkan (endorsementl oleh Perwakilan. Lagi (endorsement) oleh Menteri.",
        "yang disahkan (endorsement) oleh Perwakilan. Lagi (endorsement) oleh Menteri.",
        "disahkan (endorsement) oleh",
    ),
]


@pytest.mark.parametrize(("first", "second", "expected"), WORD_CASES)
def test_word_repaired_from_the_second_copy(tmp_path, first, second, expected):
    from pmi_law.sources.repair import repair_text

    (tmp_path / "pp-97-2031.data-peraturan.md").write_text(first)
    (tmp_path / "pp-97-2031.galqa.txt").write_text(second)
    result = repair_text(first, tmp_path / "pp-97-2031.data-peraturan.md")
    assert expected in result.text
    assert all(r.rule == "twin" for r in result.repairs)


def test_a_known_word_is_not_replaced_by_the_other_copy(tmp_path):
    from pmi_law.sources.repair import repair_text

    first = "Perwakilan Republik Indonesia lagi Pemberi Kerja."
    (tmp_path / "pp-97-2031.data-peraturan.md").write_text(first)
    (tmp_path / "pp-97-2031.galqa.txt").write_text(first.replace("lagi", "bagi"))
    assert repair_text(first, tmp_path / "pp-97-2031.data-peraturan.md").text == first


# --------------------------------------------------------------------------- Penjelasan


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Hurufh Cukup jelas. Hurufi Cukup jelas. Hurufi Cukup. Hurufi Ya. Hurufl Yang", "Hurufl"),
        ("Hurufm Cukup jelas. Hurufh Cukup. Hurufh Ya. Hurufh Tidak. Hurufn Yang", "Hurufn"),
    ],
)
def test_a_glued_entry_letter_is_not_respelled(text, kept):
    from pmi_law.sources.repair import repair_text

    assert kept in repair_text(text).text


def test_pp22_pasal_17_penjelasan_on_its_huruf(library):
    i = library.get("PP 22/2022 Pasal 17 ayat (2) huruf i").elucidation
    letter_l = library.get("PP 22/2022 Pasal 17 ayat (2) huruf l").elucidation
    assert i == "Cukup jelas." and letter_l.startswith("Yang dimaksud") and "PKL" in letter_l


def test_penjelasan_holds_no_next_heading(library):
    for citation in ("PP 59/2021 Pasal 32 ayat (4)", "PP 59/2021 Pasal 17"):
        node = library.get(citation)
        assert not any(
            (n.elucidation or "").rstrip().endswith(("Pasal 33", "Pasal 18")) for n in node.walk()
        )


PENJELASAN_BODY = (
    "PERATURAN PEMERINTAH NOMOR 97 TAHUN 2031 TENTANG CONTOH\nBAB I\nKETENTUAN UMUM\n"
    "Pasal 1\n(1) Pekerja wajib terdaftar.\n(2) Pendaftaran dilakukan oleh dinas.\n"
    "(3) Dinas mencatat pendaftaran.\n(4) Catatan disimpan oleh dinas.\n"
)


@pytest.mark.parametrize(
    ("entries", "unit", "expected", "note"),
    [
        # "(a)" is how the scan prints a 4: read so where ayat (4) exists, and said so
        (
            "Ayat (1) Cukup jelas. Ayat (2) Cukup jelas. Ayat (3) Cukup jelas. Ayat (a) Yang "
            "dimaksud dengan catatan adalah arsip.",
            "ayat (4)",
            "Yang dimaksud",
            "'(a)'",
        ),
        # an explanation cut mid-sentence that ends with the next entry's "Cukup jelas"
        (
            "Ayat (1) Cukup jelas. Ayat (2) Yang dimaksud dengan dinas adalah kantor sesuai "
            "dengan Cukup jelas. Ayat (4) Cukup jelas.",
            "ayat (2)",
            "sesuai dengan",
            "lost",
        ),
    ],
)
def test_penjelasan_entries_read_honestly(tmp_path, entries, unit, expected, note):
    text = PENJELASAN_BODY + "PENJELASAN\nATAS\nI. UMUM\nUmum.\nII. PASAL DEMI PASAL\nPasal 1\n"
    (tmp_path / "pp-97-2031.md").write_text(text + entries)
    doc = parse_document(tmp_path / "pp-97-2031.md", INFO)
    node = doc.get(f"Pasal 1 {unit}")
    assert expected in (node.elucidation or "")
    assert any(note in n for n in node.notes)


def test_semicolons_restored_at_every_depth():
    from pmi_law.models import Node
    from pmi_law.sources.twin import _restore_semicolons

    pasal = Node("pasal", "2")
    ayat = pasal.add(Node("ayat", "1", "PKL memuat:"))
    a = ayat.add(Node("huruf", "a", "identitas pekerja:"))
    a.add(Node("angka", "1", "nama,"))
    a.add(Node("angka", "2", "alamat:"))  # last of its list, but huruf b follows
    ayat.add(Node("huruf", "b", "upah, dan"))
    ayat.add(Node("huruf", "c", "jangka waktu."))
    _restore_semicolons(pasal)
    assert [n.text for n in pasal.walk()][1:] == [
        "PKL memuat:",
        "identitas pekerja:",  # it opens a list: a colon
        "nama;",
        "alamat;",
        "upah; dan",
        "jangka waktu.",
    ]


def test_glued_capital_letter_entry_is_huruf_l(tmp_path):
    body = (
        "PERATURAN PEMERINTAH NOMOR 97 TAHUN 2031 TENTANG CONTOH\nBAB I\nKETENTUAN UMUM\n"
        "Pasal 1\nPKL memuat:\n"
        + "".join(f"{c}. butir {c};\n" for c in "abcdefghijk")
        + "l. butir terakhir.\nPENJELASAN\nATAS\nI. UMUM\nUmum.\nII. PASAL DEMI PASAL\nPasal 1\n"
        "Hurufj Cukup jelas. Huruf k Cukup jelas. HurufI Yang dimaksud dengan butir adalah isi."
    )
    (tmp_path / "pp-97-2031.md").write_text(body)
    doc = parse_document(tmp_path / "pp-97-2031.md", INFO)
    assert doc.get("Pasal 1 huruf k").elucidation == "Cukup jelas."
    assert doc.get("Pasal 1 huruf l").elucidation.startswith("Yang dimaksud")


def test_title_block_printed_into_the_first_bab_heading(tmp_path):
    text = (
        "PERATURAN PEMERINTAH NOMOR 97 TAHUN 2031 TENTANG CONTOH PERATURAN\n"
        "BAB I SALINAN PERATURAN NOMOR 97 TAHUN 2031 CONTOH PERATURAN KETENTUAN UMUM\n"
        "Pasal 1\nPeraturan ini berlaku bagi pekerja.\n"
    )
    (tmp_path / "pp-97-2031.md").write_text(text)
    info = DocumentInfo("PP", "97", "2031", "Contoh Peraturan", citation="PP 97/2031")
    bab = parse_document(tmp_path / "pp-97-2031.md", info).nodes("bab")[0]
    assert bab.heading == "KETENTUAN UMUM"
    assert any("SALINAN PERATURAN NOMOR 97" in n for n in bab.notes)


def test_words_after_cukup_jelas_are_no_explanation(tmp_path):
    text = (
        PENJELASAN_BODY + "Pasal 2\nDinas melapor.\nPENJELASAN\nATAS\nI. UMUM\nUmum.\n"
        "II. PASAL DEMI PASAL\nPasal 1\nCukup jelas.\nPasal 2\nCukup jelas 021 90 A yang "
        "menyelenggarakan urusan; di\n"
    )
    (tmp_path / "pp-97-2031.md").write_text(text)
    pasal = parse_document(tmp_path / "pp-97-2031.md", INFO).get("Pasal 2")
    assert pasal.elucidation == "Cukup jelas"
    assert any("021 90 A yang menyelenggarakan" in n for n in pasal.notes)


@pytest.mark.parametrize(
    ("note", "text", "moot"),
    [
        # the second copy's page-break residue, tidied away: the note on it no longer holds
        (
            "words out of order in the source (OCR): 'oa ye & Jk' follows the sentence's full"
            " stop; read the source",
            "b. peningkatan kualitas.",
            True,
        ),
        (
            "words out of order in the source (OCR): 'oa ye & Jk' follows the sentence's full"
            " stop; read the source",
            "b. peningkatan kualitas. oa ye & Jk",
            False,
        ),
        ('words out of order in the source (OCR): "it\'s" follows', "kualitas.", True),
        ("text possibly merged: this item runs on", "kualitas.", False),  # another note
    ],
)
def test_a_note_on_tidied_residue_goes_with_it(note: str, text: str, moot: bool) -> None:
    from pmi_law.sources.twin import _note_on_removed

    assert _note_on_removed(note, text) is moot
