"""Defects found reading UU 11/2020 and UU 13/2003 as amended against the source (issue 16,
docs/ocr-reading-uu.md): each rule table-driven on snippets written for these tests, then
the units where the reading found it, on the real corpus (read from ../shared/corpus)."""

from __future__ import annotations

import pytest

from pmi_law.models import DocumentInfo
from pmi_law.sources.amend import quoted_pasal
from pmi_law.sources.parse import parse_text
from pmi_law.sources.repair import build_lexicon, repair_text

INFO = DocumentInfo("PP", "96", "2031", "Contoh", citation="PP 96/2031")
HEAD = "PERATURAN PEMERINTAH NOMOR 96 TAHUN 2031 TENTANG CONTOH\n"
LEX = build_lexicon(["Pekerja wajib melapor kepada Menteri dan Perusahaan. "] * 4)


def _parse(body: str, pasal: str = "1"):
    doc = parse_text(HEAD + f"Pasal {pasal}\n{body}\nPasal 2\nSelesai.\n", INFO)
    return doc.get(f"Pasal {pasal}")


def _units(node) -> dict[str, str]:
    return {c.label.replace(node.label + " ", "", 1): c.text for c in node.walk() if c is not node}


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        # a bare page number between the catchword and the page's first line goes with it
        (
            "(1) Kapal wajib: a. mendaftar; b. melapor 9 b. melapor kepada Menteri.",
            "a. mendaftar; b. melapor kepada",
        ),
        # a column of instructions' angka between the two stays (they number instructions)
        (
            "(4) Pekerja pulang.\n(5) Dalam 50.\n51.\n52.\n(5) Dalam hal kapal",
            "(5) Dalam hal kapal",
        ),
        # the catchword is the first word; the page goes on "Pekerja/buruh"
        ("(7) Pekerja (71 Pekerja/buruh wajib melapor.", "(7) Pekerja/buruh wajib melapor."),
        # a catchword of two words
        ("b. enam tahun;\nc. masa kerja c. masa kerja 9 tahun", "c. masa kerja 9 tahun"),
        # an instruction's angka repeated, and a foot's " ." after the catchword
        (
            "dijatuhkan.\n6. Di antara\n6. Di antara Pasal 17 dan",
            "dijatuhkan.\n6. Di antara Pasal 17",
        ),
        (
            "Pemerintah; dan/atau\nb. membawa .\nb. membawa alat-alat",
            "dan/atau\nb. membawa alat-alat",
        ),
        # the first marker lost its stop: the repeat is the item
        ("sengaja: a mengangkut a. mengangkut dan/atau", "sengaja: a. mengangkut dan/atau"),
        # the repeat's marker lost its full stop
        ("negara.\n5. Di antara 5 Di antara Pasal 39 dan", "negara.\n5. Di antara Pasal 39"),
        ("b. Undang-Undang b Undang-Undang Nomor 5", "b. Undang-Undang Nomor 5"),
    ],
)
def test_catchword_across_a_page_turn(found, expected):
    result = repair_text(found, None, LEX)
    assert expected in result.text
    assert "catchword" in {r.rule for r in result.repairs}
    if "50." in found:
        assert "50." in result.text and "52." in result.text


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        # r, t read for i; "Lr"/"Ll" for u: only where the lexicon proves the word
        ("Ketentuan Pasal 7 drubah sehingga", "Ketentuan Pasal 7 diubah sehingga"),
        ("pengurLrsnya dipidana", "pengurusnya dipidana"),
        ("jabatan yang mengurLlsi personalia", "jabatan yang mengurusi personalia"),
        ("pidana yang berat", "pidana yang berat"),  # known words stay
    ],
)
def test_confusions_found_reading_uu11(found, expected):
    from pmi_law.sources.repair import corpus_lexicon

    assert repair_text(found, None, corpus_lexicon()).text == expected


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        # a pair the clean texts write with a slash, the slash read as a letter
        ("serikat pekerjalserikat buruh", "serikat pekerja/serikat buruh"),
        ("hak danf atau kewajiban", "hak dan/atau kewajiban"),
        ("patungan; dan latau koperasi", "patungan; dan/atau koperasi"),
        ("pembekuan; dan f atau pencabutan", "pembekuan; dan/atau pencabutan"),
        ("dan lain-lain", "dan lain-lain"),
        ("Kabupatenlkota", "Kabupaten/kota"),
        # not a known pair, or a known word: left as found
        ("tenagalkerja asing", "tenagalkerja asing"),
        ("yang melakukan pelanggaran", "yang melakukan pelanggaran"),
    ],
)
def test_slash_read_as_a_letter(found, expected):
    from pmi_law.sources.repair import corpus_lexicon

    result = repair_text(found, None, corpus_lexicon())
    assert result.text == expected
    assert {r.rule for r in result.repairs} <= {"confusion"}


@pytest.mark.parametrize(
    ("body", "units", "noted"),
    [
        # "wajib: menunjuk …; a- b. …": the first item's words printed before its marker
        (
            "(1) Pemberi kerja wajib: menunjuk pendamping bagi tenaga asing; a- b. melatih "
            "pendamping; dan c. memulangkan tenaga asing.\n(2) Menteri mengatur.",
            {
                "ayat (1)": "Pemberi kerja wajib:",
                "ayat (1) huruf a": "menunjuk pendamping bagi tenaga asing;",
                "ayat (1) huruf b": "melatih pendamping; dan",
                "ayat (1) huruf c": "memulangkan tenaga asing.",
                "ayat (2)": "Menteri mengatur.",
            },
            ["ayat (1) huruf a"],
        ),
        # list letters printed as a column, their words run together in huruf a: split at
        # the items' ends when there are exactly as many
        (
            "Peraturan ini mengubah:\na. Peraturan b C d a. Peraturan Nomor 1 "
            "tentang Desa; Peraturan Nomor 2 tentang Kota; dan Peraturan Nomor 3 "
            "tentang Air; Peraturan Nomor 4 tentang Laut.",
            {
                "huruf a": "Peraturan Nomor 1 tentang Desa;",
                "huruf b": "Peraturan Nomor 2 tentang Kota; dan",
                "huruf c": "Peraturan Nomor 3 tentang Air;",
                "huruf d": "Peraturan Nomor 4 tentang Laut.",
            },
            ["huruf a", "huruf b", "huruf c", "huruf d"],
        ),
        # as many letters as items cannot be proved: the words stay, with a note
        (
            "Peraturan ini mengubah:\na. Peraturan Nomor 1 tentang Desa b c "
            "Peraturan Nomor 2 tentang Kota.",
            {"huruf a": "Peraturan Nomor 1 tentang Desa Peraturan Nomor 2 tentang Kota."},
            ["huruf a"],
        ),
        # the next item keeps its marker after the column: "…; dan/atau a b c b. Dewan …"
        (
            "Menteri melapor kepada:\na. Dewan Perwakilan Rakyat; dan/atau a b c b. Dewan "
            "Perwakilan Daerah.",
            {"huruf a": "Dewan Perwakilan Rakyat; dan/atau", "huruf b": "Dewan Perwakilan Daerah."},
            ["huruf b"],
        ),
        # an item going on past its ";" into items whose letters were lost: told
        (
            "Tujuannya:\na. menciptakan lapangan kerja; menjamin setiap warga negara bekerja; dan"
            " melakukan penyesuaian aturan.",
            {
                "huruf a": "menciptakan lapangan kerja; menjamin setiap warga negara bekerja; dan"
                " melakukan penyesuaian aturan."
            },
            ["huruf a"],
        ),
        # the list's closing words after its last item are not further items
        (
            "Pada saat ini berlaku:\na. Peraturan Nomor 1;\nb. Peraturan Nomor 2; dicabut dan"
            " dinyatakan tidak berlaku.",
            {
                "huruf a": "Peraturan Nomor 1;",
                "huruf b": "Peraturan Nomor 2; dicabut dan dinyatakan tidak berlaku.",
            },
            [],
        ),
        # "; dan c upah …": the last letter lost its stop after "dan"
        (
            "Kebijakan meliputi:\na. upah minimum;\nb. upah lembur; dan c upah pesangon.",
            {
                "huruf a": "upah minimum;",
                "huruf b": "upah lembur; dan",
                "huruf c": "upah pesangon.",
            },
            None,
        ),
        # an ayat after an item ending "dan/atau" (the slash read back)
        (
            "(1) Menteri menetapkan:\na. izin; dan/atau (2) Izin diatur dengan Peraturan Menteri.",
            {
                "ayat (1)": "Menteri menetapkan:",
                "ayat (1) huruf a": "izin; dan/atau",
                "ayat (2)": "Izin diatur dengan Peraturan Menteri.",
            },
            [],
        ),
        # a bare number after the unit's stop is debris (dropped); words after the stop in
        # lower case, to no stop, are out of order (kept)
        (
            "(1) Pemberi kerja dilarang mempekerjakan tenaga asing. 4\n(2) Menteri mengatur "
            "denda pengusaha pembayaran upah. kepada dalam",
            {
                "ayat (1)": "Pemberi kerja dilarang mempekerjakan tenaga asing.",
                "ayat (2)": "Menteri mengatur denda pengusaha pembayaran upah. kepada dalam",
            },
            ["ayat (1)", "ayat (2)"],
        ),
    ],
)
def test_units_the_sequence_proves(body, units, noted):
    node = _parse(body)
    assert _units(node) == units
    got = [
        c.label.replace(node.label + " ", "", 1) for c in node.walk() if c is not node and c.notes
    ]
    assert noted is None or got == noted


@pytest.mark.parametrize(
    ("body", "first", "noted"),
    [
        # "(1) Pemutusan alasan: Pasal 9A hubungan kerja … karena a- …": the line OCR'd
        # around the centred heading; the colon closes the lead-in
        (
            "(1) Pemutusan alasan: Pasal 9A hubungan kerja dapat terjadi karena a- perusahaan "
            "tutup; atau b. pekerja meninggal.\n(2) Menteri mengatur.",
            "Pemutusan hubungan kerja dapat terjadi karena alasan:",
            True,
        ),
        # a doubled heading is not words
        ("Pasal 9A Pasal 9A (1) Upah dibayar.\n(2) Menteri mengatur.", "Upah dibayar.", False),
        # a colon not at the end proves no order: the quote is parsed as found
        ("(1) Kata: lain Pasal 9A (1) Upah dibayar.", "Upah dibayar.", False),
    ],
)
def test_words_printed_around_a_quoted_heading(body, first, noted):
    (pasal,) = quoted_pasal(body, ["9A"])
    assert pasal.children[0].text == first
    assert any("around the heading" in n for n in pasal.notes) == noted


def test_a_repeated_misreading_beside_a_far_more_frequent_word_is_repaired():
    from pmi_law.sources.repair import lexicon_for

    text = "Perizinan Berusaha. " * 40 + "Pertzinan Berusaha. " * 3 + "Bendungan air. " * 3
    lex = lexicon_for(text)
    assert "pertzinan" not in lex.counts  # repeated, but a confusion of a 13x commoner word
    assert "bendungan" in lex.counts  # repeated, nothing commoner one confusion away
    assert "Pertzinan" not in repair_text(text, None, lex).text


def test_no_stop_on_either_marker_is_no_catchword():
    assert repair_text("a kapal a kapal", None, LEX).repairs == []


@pytest.mark.parametrize(
    ("text", "law"),
    [
        (
            "Beberapa ketentuan dalam undang-Undang Nomor 28 Tahun 2002 tentang Bangunan diubah",
            "UU 28/2002",
        ),
        (
            "Di antara Pasal 53 dan Pasal 54 dalam Undang-Undang Nomor 38 Tahun 2004 tentang "
            "Jalan disisipkan 1 (satu) pasal",
            "UU 38/2004",
        ),
    ],
)
def test_amended_law_read_from_more_openings(text, law):
    from pmi_law.sources.resolve import amended_law

    assert amended_law(text) == law


def test_lost_instructions_are_noted():
    body = (
        "Beberapa ketentuan dalam Undang-Undang Nomor 5 Tahun 1999 tentang Contoh diubah "
        "sebagai berikut:\n1. Pasal 4 dihapus.\n3 4 Ketentuan Pasal 6 diubah sehingga "
        "berbunyi sebagai berikut: Pasal 6 Kapal didaftar."
    )
    pasal = _parse(body)
    assert [c.number for c in pasal.children] == ["1", "4"]
    assert any("angka 2–3 not found" in n for n in pasal.children[1].notes)


@pytest.mark.parametrize(
    ("entries", "where"),
    [
        # "Huruf b Huruf c Cukup jelas. Yang dimaksud dengan 'kapal layar' …": b's words
        (
            "Huruf a Cukup jelas. Huruf b Huruf c Cukup jelas. Yang dimaksud dengan "
            '"kapal layar motor" adalah kapal bertiang.',
            {
                "a": "Cukup jelas.",
                "b": 'Yang dimaksud dengan "kapal layar motor" adalah kapal bertiang.',
                "c": "Cukup jelas.",
            },
        ),
        # the term is in two items: nothing is proved, nothing moves
        (
            "Huruf a Cukup jelas. Huruf b Huruf c Cukup jelas. Yang dimaksud dengan "
            '"perahu" adalah kapal kecil.',
            {
                "a": "Cukup jelas.",
                "b": None,
                "c": 'Cukup jelas. Yang dimaksud dengan "perahu" adalah kapal kecil.',
            },
        ),
    ],
)
def test_penjelasan_placed_by_the_term_it_explains(entries, where):
    text = (
        HEAD + "Pasal 1\nPemilik wajib mendaftarkan:\na. perahu dayung;\nb. kapal layar motor "
        "atau perahu;\nc. kapal tanker.\nPasal 2\nSelesai.\nPENJELASAN\nI. UMUM\nCukup jelas."
        f"\nII. PASAL DEMI PASAL\nPasal 1\n{entries}\nPasal 2\nCukup jelas.\n"
    )
    doc = parse_text(text, INFO)
    got = {c.number: c.elucidation for c in doc.get("Pasal 1").children}
    assert got == where
    assert bool(doc.get("Pasal 1 huruf b").notes) == (where["b"] is not None)


def test_next_heading_as_catchword_and_a_garbled_heading():
    text = (
        HEAD + "Pasal 1\n(1) Kapal didaftar.\n(2) Pemilik melapor. Pasal 2 .\nPasal 2\n"
        "(1) Menteri mengatur.\n(2) Izin diberikan.\n(3) Izin dicabut. Pasal, 3 Tanda bukti "
        "dapat berbentuk elektronik.\nPasal 4\nSelesai.\n"
    )
    doc = parse_text(text, INFO)
    last = doc.get("Pasal 1 ayat (2)")
    assert last.text == "Pemilik melapor."  # (the cleaner or the parser drops the catchword)
    assert doc.get("Pasal 2 ayat (3)").text == "Izin dicabut."
    pasal3 = doc.get("Pasal 3")
    assert pasal3.text.startswith("Tanda bukti") and any("garbled" in n for n in pasal3.notes)


def test_amending_pasal_lead_in_is_no_ayat():
    """A quoted "(2)" made the amending Pasal's lead-in an ayat (1) it never had."""
    body = (
        "Beberapa ketentuan dalam Undang-Undang Nomor 5 Tahun 1999 tentang Contoh diubah "
        "sebagai berikut:\n1. Ketentuan Pasal 4 diubah sehingga berbunyi sebagai berikut: "
        "Pasal 4 (1) Kapal wajib didaftar. (2) Pemilik melapor.\n2. Pasal 5 dihapus."
    )
    pasal = _parse(body)
    assert pasal.text.startswith("Beberapa ketentuan")
    assert [c.number for c in pasal.children] == ["1", "2"]


# -- the real corpus -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def lib():
    from pmi_law import Library

    return Library.open()


def test_uu13_as_amended_read_against_uu11(lib):
    # Pasal 45: huruf a's words before its marker, then "b. melaksanakan 9 b. melaksanakan"
    a = lib.get("UU 13/2003 Pasal 45 ayat (1) huruf a")
    assert a.text.startswith("menunjuk tenaga kerja")  # words as UU 13/2003's own: kept
    assert lib.get("UU 13/2003 Pasal 45 ayat (1)").text.endswith("wajib:")
    assert lib.get("UU 13/2003 Pasal 45 ayat (1) huruf b").text.startswith(
        "melaksanakan pendidikan"
    )
    # page-turn catchwords: "(7) Pekerja (71 Pekerja/buruh", "(5) Dalam 50. … 63. (5) Dalam"
    assert lib.get("UU 13/2003 Pasal 88A ayat (7)").text.startswith("Pekerja/buruh yang")
    assert lib.get("UU 13/2003 Pasal 160 ayat (5)").text.startswith("Dalam hal pengadilan")
    # the scrambled words of 90A and 88A ayat (8) are told, not shown as statute silently
    assert any("out of order" in n for n in lib.get("UU 13/2003 Pasal 90A").notes)
    assert any("out of order" in n for n in lib.get("UU 13/2003 Pasal 88A ayat (8)").notes)
    # Pasal 42 ayat (2) ends at its stop ("asing. 4" in the source)
    assert lib.get("UU 13/2003 Pasal 42 ayat (2)").text.endswith("tenaga kerja asing.")
    # "huruf a wajib …" is a reference, not a lost list marker (Pasal 79 ayat (2))
    ayat2 = lib.get("UU 13/2003 Pasal 79 ayat (2)")
    assert "huruf a wajib diberikan" in ayat2.text
    assert [c.number for c in ayat2.children] == ["a", "b"]
    # "Pertzinan" repeated 45 times beside "Perizinan" is still a misreading (Pasal 14)
    assert "Perizinan Berusaha" in lib.get("UU 13/2003 Pasal 14 ayat (1)").text
    # "pekerjalserikat buruh" (Pasal 151, 153) and "c. masa kerja c. masa kerja" (156)
    assert "pekerja/serikat buruh" in lib.get("UU 13/2003 Pasal 151 ayat (1)").text
    assert lib.get("UU 13/2003 Pasal 156 ayat (3) huruf c").text.startswith("masa kerja 9")


def test_uu11_penjelasan_of_inserted_pasal_each_on_its_own(lib):
    # "Pasal 88B" reads 888 or 88B: the Penjelasan of 88B is not lumped into 88A's
    assert "Pasal 88B" not in (lib.get("UU 13/2003 Pasal 88A ayat (1)").elucidation or "")
    assert "Pasal 90B" not in (lib.get("UU 13/2003 Pasal 90A").elucidation or "")
    assert "Angka 18" not in (lib.get("UU 13/2003 Pasal 61A").elucidation or "")
    assert "Angka 7" not in (lib.get("UU 11/2020 Pasal 33 angka 6").elucidation or "")
    # entries the source printed out of their place are told (Pasal 94's term under 98)
    assert any("out of place" in n for n in lib.get("UU 13/2003 Pasal 98").notes)
    assert any("units not found" in n for n in lib.get("UU 13/2003 Pasal 88E").notes)


def test_uu11_letter_columns(lib):
    pasal49 = lib.get("UU 11/2020 Pasal 49")
    items = [c for c in pasal49.children if c.kind == "huruf"]
    assert [c.number for c in items] == list("abcd")
    assert items[0].text.startswith("Undang-Undang Nomor 1 Tahun")
    assert all(c.text.startswith("Undang-Undang Nomor") for c in items)
    # no amending Pasal opens with an ayat (1) the source never printed (68 of 73 did)
    for number in ("37", "42", "117", "118"):
        assert lib.get(f"UU 11/2020 Pasal {number}").text.startswith("Beberapa ketentuan")
    # "Ketentuan Pasal 1 … drubah": UU 11/2020 Pasal 37's first instruction is its angka 1
    assert lib.get("UU 11/2020 Pasal 37 angka 1").text.startswith("Ketentuan Pasal 1 angka 3")
    assert lib.get("UU 11/2020 Pasal 37 angka 2").text.startswith("Ketentuan Pasal 7")
    # the Penjelasan the source printed under huruf f explains huruf d's words
    assert "calon mitra" in (lib.get("UU 11/2020 Pasal 154 ayat (4) huruf d").elucidation or "")
    assert "calon mitra" not in (lib.get("UU 11/2020 Pasal 154 ayat (4) huruf f").elucidation or "")
    # "Pasal, 147": its heading read, Pasal 146 keeps its ayat (3)–(5); "… Pasal 93 ." dropped
    assert [c.number for c in lib.get("UU 11/2020 Pasal 146").children] == list("12345")
    assert lib.get("UU 11/2020 Pasal 147").text.startswith("Tanda bukti hak atas tanah")
    assert lib.get("UU 11/2020 Pasal 92 ayat (4)").text.endswith("Pajak Penghasilan.")
    # the next Pasal's heading run into a Bagian title is not the title
    assert lib.get("UU 11/2020 Pasal 115").parent.heading.endswith("Komoditas Pergaraman")
    b = lib.get("UU 11/2020 Pasal 183 huruf b")
    assert b.text.startswith("Dewan Perwakilan Daerah")
    assert " a b c" not in lib.get("UU 11/2020 Pasal 183 huruf a").text


@pytest.mark.parametrize(
    ("words", "kept", "noted"),
    [
        ("Kapal didaftar. Pasal 2 .", "Kapal didaftar.", True),
        ("Kapal didaftar.\nPasal 2", "Kapal didaftar.", True),
        ("sebagaimana dimaksud dalam Pasal 2", "sebagaimana dimaksud dalam Pasal 2", False),
        ("Kapal didaftar. Pasal 3 .", "Kapal didaftar. Pasal 3 .", False),  # not the next
    ],
)
def test_next_pasal_heading_at_the_end_is_a_catchword(words, kept, noted):
    from pmi_law.models import Document, Node
    from pmi_law.sources.parse import _drop_next_heading_catchword

    doc = Document(INFO)
    first = Node("pasal", "1")
    first.add(Node("ayat", "1", words))
    doc.add(first)
    doc.add(Node("pasal", "2", "Selesai."))
    _drop_next_heading_catchword(doc)
    assert first.children[0].text == kept
    assert bool(first.children[0].notes) == noted


@pytest.mark.parametrize(
    ("quote", "noted"),
    [
        ("Pasal 6 (1) Kapal didaftar. (2) Pemilik melapor.", False),
        ("(1) (2)\nPasal 6 Kapal didaftar. Pemilik melapor.", True),  # numbers side by side
        ("Pasal 6 Kewenangan meliputi:\na. penetapan; c d e f penetapan standar.", True),
        ("Pasal 6 (1) Kapal didaftar.\n(2)", True),  # an ayat number left with no words
        ("Ketentuan lebih lanjut diatur dalam Peraturan Pemerintah. Pasal 6 Kapal.", True),
    ],
)
def test_scrambled_quote_of_an_instruction_is_told(quote, noted):
    body = (
        "Beberapa ketentuan dalam Undang-Undang Nomor 5 Tahun 1999 tentang Contoh diubah "
        "sebagai berikut:\n1. Pasal 4 dihapus.\n2. Ketentuan Pasal 6 diubah sehingga "
        f"berbunyi sebagai berikut: {quote}"
    )
    pasal = _parse(body)
    angka = pasal.children[1]
    assert any("out of order" in n for n in angka.notes) == noted
