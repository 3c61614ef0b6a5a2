"""The Library without search: documents, lookups in any citation form, definitions, status."""

from __future__ import annotations

import pytest

from pmi_law.errors import CitationError, CorpusNotFound, UnknownCitation
from pmi_law.sources.corpus import find_file, load_manifest, search_path


@pytest.mark.parametrize(
    "text",
    [
        "UU 18/2017 Pasal 6 ayat (1) huruf j",
        "uu no. 18 tahun 2017 pasal 6 ayat 1 huruf j",
        "Pasal 6 (1) j UU 18/2017",
        "UU PPMI Pasal 6 ayat (1) huruf j",
        "Pasal 6 ayat (1) huruf j",
    ],
)
def test_get_accepts_forgiving_citations(library, text):
    node = library.get(text)
    assert node.citation == "UU 18/2017 Pasal 6 ayat (1) huruf j"
    assert node.kind == "huruf" and node.number == "j"


def test_get_other_documents_and_structure(library):
    assert library.get("UU TPPO Pasal 1").citation == "UU 21/2007 Pasal 1"
    assert library.get("UU Ketenagakerjaan Pasal 1").document.title.upper() == "KETENAGAKERJAAN"
    bab = library.get("UU 18/2017 BAB III")
    assert bab.kind == "bab" and bab.heading and bab.children
    assert library.get("Skripsi BP3MI-NTB Abstrak alinea 1").text.startswith("Pelanggaran")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("UU 18/2017 Pasal 999", UnknownCitation),
        ("UU 1/1900 Pasal 1", UnknownCitation),
        ("Pasal x7", CitationError),
        ("", CitationError),
    ],
)
def test_get_errors(library, text, error):
    with pytest.raises(error):
        library.get(text)


def test_define(library):
    found = library.define("SIP3MI")
    assert found[0].citation == "UU 18/2017 Pasal 1 angka 16"
    assert library.define("pemberi kerja")[0].term == "Pemberi Kerja"
    # a known abbreviation finds its spelled-out term, never a longer abbreviation containing it
    p3mi = library.define("P3MI")
    assert p3mi[0].citation == "UU 18/2017 Pasal 1 angka 9"
    assert all(d.abbreviation != "SIP3MI" for d in p3mi)
    with pytest.raises(UnknownCitation):
        library.define("zzzz tidak ada")


def test_documents_status_and_amendments(library):
    citations = [d.citation for d in library.documents]
    assert (
        citations[0] == "UU 18/2017" and "Skripsi BP3MI-NTB" in citations and len(citations) == 13
    )
    assert library.entry("UU 39/2004").status_label == "dicabut oleh UU 18/2017 Pasal 89"
    assert library.entry("PP 3/2013").status_label == "dicabut oleh PP 59/2021 Pasal 100"
    assert not library.entry("UU 39/2004").in_force and library.entry("UU 11/2020").in_force
    assert library.amendments(library.get("UU 18/2017 Pasal 57")) == [
        "UU 11/2020 Pasal 84 angka 4",
        "Perppu 2/2022 Pasal 84 angka 4",
    ]
    assert library.amendments(library.get("UU 18/2017 Pasal 6")) == []
    assert library.get("UU 18/2017 Pasal 89").document.citation == "UU 18/2017"


def test_cross_document_references(library):
    uu11 = library.document("UU 11/2020")
    amending = [r for r in uu11.external_references if r.target == "UU 18/2017"]
    assert any(r.source.startswith("UU 11/2020 Pasal 84") for r in amending)
    # inside the amending article, "Pasal 51" means UU 18/2017 Pasal 51, and it knows who cites it
    assert "UU 18/2017 Pasal 51" in uu11.get("Pasal 84 angka 2").references
    assert "UU 11/2020 Pasal 84 angka 2" in library.referenced_by(
        library.get("UU 18/2017 Pasal 51")
    )


def test_corpus_search_path(monkeypatch, tmp_path):
    monkeypatch.setenv("PMI_LAW_CORPUS_PATH", str(tmp_path))
    assert search_path()[0] == tmp_path
    (tmp_path / "uu-18-2017.txt").write_text("Pasal 1\nContoh.", encoding="utf-8")
    assert find_file("uu-18-2017.txt") == tmp_path / "uu-18-2017.txt"
    with pytest.raises(CorpusNotFound, match="PMI_LAW_CORPUS_PATH"):
        find_file("tidak-ada.txt")
    assert len(load_manifest()) == 13


def test_the_library_owns_the_index_state(library, tmp_path):
    """ "Is the index current?" has one answer, the Library's: no index, a damaged one, one
    built for another corpus, and the current one (the session's) each say so."""
    import shutil

    from pmi_law import Library
    from pmi_law.errors import IndexStale

    current = library.check_index()  # the session's index: current
    assert library.health()["index"] == {
        "ok": True,
        "passages": current.passages,
        "message": "",
        "built": current.created,
    }
    empty = Library.open(index_dir=tmp_path / "none")
    assert empty.index_manifest() is None
    with pytest.raises(IndexStale, match="no index"):
        empty.check_index()
    health = empty.health()
    assert health["status"] == "degraded" and health["index"]["message"].startswith("no index")
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexStale, match="damaged"):
        Library.open(index_dir=damaged).check_index()
    other = tmp_path / "other"
    shutil.copytree(library.index_dir, other)
    manifest = other / "manifest.json"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(current.corpus_hash, "0" * 32),
        encoding="utf-8",
    )
    stale = Library.open(index_dir=other)
    with pytest.raises(IndexStale, match="another corpus"):
        stale.check_index()
    with pytest.raises(IndexStale, match="another corpus"):
        stale.searcher(rebuild=False)  # the searcher asks the same question
    assert "another corpus" in str(stale.health()["index"]["message"])


def test_the_index_of_another_parser_is_stale(library, monkeypatch) -> None:
    """The same files parsed by other parser code give other passages: the corpus hash an
    index is checked against changes with the parser's code."""
    from pmi_law import store

    before = library.corpus_hash()
    monkeypatch.setattr(store, "code_fingerprint", lambda: "0" * 64)
    after = library.corpus_hash()
    assert after != before and after.endswith("-c000000000000")
