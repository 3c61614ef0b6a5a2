"""Bring your own documents: a made-up regulation added as a text PDF and as a scan, found,
shown and removed; the incremental index equals a full rebuild; bad input refused cleanly.

Needs Tesseract with Indonesian data (scripts/install-ocr.sh): a missing engine fails here.
The index is a small one (UU 18/2017, one vector a Pasal) built once in a temp folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from userdoc_samples import QUERY, REGULATION, photo_pdf, scanned_pdf, text_pdf

from pmi_law import Library
from pmi_law.errors import DocumentConflict, UnknownCitation
from pmi_law.retrieval.index import read_manifest
from pmi_law.sources.intake import detect_metadata
from pmi_law.sources.ocr import check_tesseract
from pmi_law.status import document_status
from pmi_law.userdocs import REGISTRY, read_records
from pmi_law.views import document_rows

SMALL = """
[[document]]
citation = "UU 18/2017"
type = "UU"
number = "18"
year = "2017"
title = "Pelindungan Pekerja Migran Indonesia"
file = "uu-18-2017.txt"
dense = "pasal"
date = 2017-11-22
"""
DOC = "Permenaker 99/2030"


def test_tesseract_with_indonesian_is_installed():
    check_tesseract("ind")  # raises OcrUnavailable otherwise: run scripts/install-ocr.sh


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            "PERATURAN MENTERI KETENAGAKERJAAN REPUBLIK INDONESIA\nNOMOR 4 TAHUN 2031\nTENTANG\n"
            "JAMINAN SOSIAL CONTOH\nDENGAN RAHMAT TUHAN YANG MAHA ESA\n",
            ("Permenaker", "4", "2031", "Jaminan Sosial Contoh"),
        ),
        (
            "SALINAN\nPERATURAN BADAN PELINDUNGAN PEKERJA MIGRAN INDONESIA\nNOMOR 7 TAHUN 2032\n"
            "TENTANG\nTATA CARA CONTOH DAN UJI\nDENGAN RAHMAT TUHAN YANG MAHA ESA\n",
            ("Peraturan BP2MI", "7", "2032", "Tata Cara Contoh dan Uji"),
        ),
        (  # OCR confusions in the number and year
            "PERATURAN PEMERINTAH REPUBLIK INDONESIA\nNOMOR l2 TAHUN 2O33\nTENTANG\nUJI COBA\n"
            "DENGAN RAHMAT TUHAN YANG MAHA ESA\n",
            ("PP", "12", "2033", "Uji Coba"),
        ),
        ("Surat undangan rapat koordinasi tanggal 3 Mei.\n", (None, None, None, None)),
    ],
)
def test_metadata_from_the_title_block(head, expected):
    found = detect_metadata(head + "Pasal 1\nIsi.\n")
    assert (found.type, found.number, found.year, found.title) == expected


@pytest.mark.parametrize(
    ("tail", "date"),
    [
        ("Ditetapkan di Jakarta\npada tanggal 2 Januari 2030\n", "2030-01-02"),
        (
            "Ditetapkan di Jakarta\npada tanggal 2 Januari 2030\nDiundangkan di Jakarta\n"
            "pada tanggal 5 Februari 2030\n",
            "2030-02-05",  # diundangkan wins: that is when it binds
        ),
        ("Ditetapkan di Jakarta pada tanggal 31 Februari 2030\n", None),  # no such day
        ("", None),
    ],
)
def test_date_from_the_signature_block(tail, date):
    assert detect_metadata("Pasal 1\nIsi.\n" + tail).date == date


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A small corpus with its index, an empty user library and the test files."""
    root = tmp_path_factory.mktemp("userdocs")
    (root / "manifest.toml").write_text(SMALL, encoding="utf-8")
    files = root / "files"
    files.mkdir()
    text_pdf(files / "permenaker-99-2030.pdf")
    scanned_pdf(files / "permenaker-99-2030-scan.pdf")
    lib = Library.open(root / "manifest.toml", index_dir=root / "index", user_dir=root / "lib")
    lib.searcher()  # the index of the corpus alone
    return root, files, lib


def _reopen(root: Path, index: str = "index") -> Library:
    return Library.open(root / "manifest.toml", index_dir=root / index, user_dir=root / "lib")


def _hits(lib: Library, query: str, k: int = 8) -> list[tuple[str, float]]:
    return [(h.citation, h.score) for h in lib.search(query, k=k)]


def test_add_search_show_and_remove(world):
    root, files, lib = world
    before = read_manifest(root / "index")
    result = lib.add_document(files / "permenaker-99-2030.pdf")

    # what add says: the document, its check figures, the reference into the corpus, the index
    assert (result.citation, result.date, result.ocr_pages) == (DOC, "2030-01-05", 0)
    assert result.title == "Tata Cara Pengembalian Biaya Penempatan Pekerja Migran Indonesia"
    assert (result.check.pasal_found, result.check.bab, result.check.definitions) == (5, 3, 2)
    assert result.check.ok and result.check.has_signature
    assert "UU 18/2017 Pasal 30" in result.references
    assert result.index.updated and result.index.reused == before.vectors
    assert 0 < result.index.encoded <= 12  # only the new document was embedded

    # the index on disk is the one a fresh library of corpus + user documents expects
    fresh = _reopen(root)
    fresh.searcher(rebuild=False)  # raises IndexStale if the update did not match
    assert read_manifest(root / "index").corpus_hash == fresh.corpus_hash() != before.corpus_hash

    # found by search together with the corpus provision it implements
    cited = [c for c, _ in _hits(fresh, QUERY)]
    assert cited[0].startswith(DOC), cited
    assert any(c.startswith("UU 18/2017 Pasal 30") for c in cited), cited

    # shown with its structure; cross-references both ways; definitions; status
    item = fresh.get("Permenaker No. 99 Tahun 2030 Pasal 4 ayat (2) huruf b")
    assert item.citation == f"{DOC} Pasal 4 ayat (2) huruf b"
    assert item.text.startswith("penghentian sementara")
    doc = fresh.document(DOC)
    assert [n.kind for n in doc.children] == ["bab", "bab", "bab"]
    assert "UU 18/2017 Pasal 30" in fresh.get(f"{DOC} Pasal 2 ayat (1)").references
    assert f"{DOC} Pasal 2 ayat (1)" in fresh.referenced_by(fresh.get("UU 18/2017 Pasal 30"))
    assert fresh.define("Loket Pengembalian")[0].citation.startswith(f"{DOC} Pasal 1")
    assert fresh.status_label(DOC) == "ditambahkan pengguna"
    (row,) = [r for r in document_rows(fresh) if r["citation"] == DOC]
    assert row["status"] == "ditambahkan pengguna" and row["found"]
    assert row["origin"].startswith("permenaker-99-2030.pdf (ditambahkan ")
    # --as-of: before it was promulgated it is not law yet
    assert document_status(fresh, DOC, as_of=_day("2029-06-01")).kind == "belum-berlaku"
    early = [h.citation for h in fresh.search(QUERY, k=8, as_of="2029-06-01")]
    assert early and not any(c.startswith(DOC) for c in early)

    # the incremental index gives the hits of a full rebuild of the same documents
    full = _reopen(root, "full")
    full.searcher()  # built from scratch: corpus + user document
    for query in (QUERY, "sanksi administratif pencabutan izin", "biaya penempatan pekerja"):
        incremental, rebuilt = _hits(fresh, query), _hits(full, query)
        assert [c for c, _ in incremental] == [c for c, _ in rebuilt], query
        assert [s for _, s in incremental] == pytest.approx([s for _, s in rebuilt], abs=1e-4)

    # the same file twice is recognised; the same number needs --replace
    with pytest.raises(DocumentConflict, match="already added as Permenaker 99/2030"):
        lib.add_document(files / "permenaker-99-2030.pdf")
    with pytest.raises(DocumentConflict, match="--replace"):
        lib.add_document(files / "permenaker-99-2030-scan.pdf")

    # the scan replaces it: read by OCR, same structure, found by search
    scan = lib.add_document(files / "permenaker-99-2030-scan.pdf", replace=True)
    assert scan.replaced and scan.ocr_pages == 1 and scan.ocr_seconds > 0
    assert scan.check.pasal_found == 5 and scan.check.ok
    assert "UU 18/2017 Pasal 30" in scan.references
    assert len(read_records(root / "lib")) == 1
    assert len(list((root / "lib" / "documents").iterdir())) == 1  # the old copy is gone
    ocr = _reopen(root)
    ocr.searcher(rebuild=False)
    assert "penghentian sementara" in ocr.get(f"{DOC} Pasal 4 ayat (2) huruf b").text
    assert _hits(ocr, QUERY)[0][0].startswith(DOC)

    # removed the same way: out of search, the index back to the corpus alone
    gone = lib.remove_document("Permenaker 99/2030")
    assert gone.index.updated and not gone.restored
    after = _reopen(root)
    after.searcher(rebuild=False)
    assert read_manifest(root / "index").corpus_hash == before.corpus_hash
    assert read_manifest(root / "index").passages == before.passages
    assert not any(c.startswith(DOC) for c, _ in _hits(after, QUERY))
    with pytest.raises(UnknownCitation):
        after.get(f"{DOC} Pasal 1")
    assert read_records(root / "lib") == [] and not list((root / "lib" / "documents").iterdir())


def _day(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_corpus_number_is_refused_without_replace(world, tmp_path):
    _, _, lib = world
    clash = tmp_path / "uu.txt"
    clash.write_text(
        REGULATION.replace(
            "PERATURAN MENTERI KETENAGAKERJAAN REPUBLIK INDONESIA\nNOMOR 99 TAHUN 2030",
            "UNDANG-UNDANG REPUBLIK INDONESIA\nNOMOR 18 TAHUN 2017",
        ),
        encoding="utf-8",
    )
    with pytest.raises(DocumentConflict, match="UU 18/2017 is in the corpus; add with --replace"):
        lib.add_document(clash)
    with pytest.raises(DocumentConflict, match="part of the corpus"):
        lib.remove_document("UU 18/2017")


def test_killed_add_leaves_index_and_library_as_they_were(world, monkeypatch):
    root, files, lib = world
    before = (root / "index" / "manifest.json").read_bytes()
    from pmi_law.retrieval import encoder

    def killed(*args, **kwargs):
        raise KeyboardInterrupt  # as a Ctrl+C while the new vectors are embedded

    monkeypatch.setattr(encoder.Encoder, "encode_documents", killed)
    with pytest.raises(KeyboardInterrupt):
        lib.add_document(files / "permenaker-99-2030.pdf")
    assert (root / "index" / "manifest.json").read_bytes() == before
    assert not (root / "lib" / REGISTRY).exists() or read_records(root / "lib") == []
    assert not list((root / "lib" / "documents").glob("*"))
    assert not [p for p in root.iterdir() if p.name.startswith(".index.")]  # no temp left
    assert DOC not in lib.entries
    _reopen(root).searcher(rebuild=False)  # still the valid index of the corpus


# ---------------------------------------------------------------------------- bad input, CLI


def _cli(args: list[str], library: Path, index: Path, **env: str) -> subprocess.CompletedProcess:
    full = dict(os.environ, PMI_LAW_LIBRARY_DIR=str(library), PMI_LAW_INDEX_DIR=str(index), **env)
    return subprocess.run(
        [sys.executable, "-m", "pmi_law.cli", *args],
        capture_output=True,
        text=True,
        env=full,
        timeout=600,
    )


def _bad_file(tmp_path: Path, kind: str) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    if kind == "encrypted":
        path = tmp_path / "locked.pdf"
        c = canvas.Canvas(str(path), encrypt="rahasia")
        c.drawString(72, 720, "Pasal 1")
        c.save()
    elif kind == "damaged":
        full = text_pdf(tmp_path / "full.pdf").read_bytes()
        path = tmp_path / "damaged.pdf"
        path.write_bytes(full[: len(full) // 2])
    elif kind == "photos":
        path = photo_pdf(tmp_path / "foto.pdf")
    elif kind == "letter":
        path = tmp_path / "surat.txt"
        path.write_text("Yth. Bapak Kepala Dinas,\nKami mengundang Bapak rapat.\nHormat kami.\n")
    elif kind == "500 pages":
        path = tmp_path / "tebal.pdf"
        c = canvas.Canvas(str(path), pagesize=A4)
        for i in range(500):
            c.drawString(72, 720, f"Halaman {i + 1}")
            c.showPage()
        c.save()
    elif kind == "word":
        path = tmp_path / "peraturan.docx"
        path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    else:  # pragma: no cover
        raise AssertionError(kind)
    return path


@pytest.mark.parametrize(
    ("kind", "needle"),
    [
        ("encrypted", "encrypted"),
        ("damaged", "damaged"),
        ("photos", "OCR found no text"),
        ("letter", "does not look like a regulation"),
        ("500 pages", "at most 300 pages"),
        ("word", "only .pdf, .txt and .md"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(tmp_path, kind, needle):
    library = tmp_path / "lib"
    done = _cli(["add", str(_bad_file(tmp_path, kind))], library, tmp_path / "idx")
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and needle in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    assert not (library / REGISTRY).exists()
    assert not (library / "documents").exists() or not list((library / "documents").iterdir())
    assert not (tmp_path / "idx").exists()


def test_missing_tesseract_says_how_to_install(tmp_path):
    scan = scanned_pdf(tmp_path / "scan.pdf")
    bin_dir = Path(sys.executable).parent  # python, but no tesseract on this PATH
    for args in (["add", str(scan)], ["parse", str(scan)]):
        done = _cli(args, tmp_path / "lib", tmp_path / "idx", PATH=str(bin_dir))
        assert done.returncode == 1
        assert "apt-get install tesseract-ocr tesseract-ocr-ind" in done.stderr, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_cli_parse_reads_a_scan(world):
    _, files, lib = world
    done = _cli(
        ["parse", str(files / "permenaker-99-2030-scan.pdf"), "--json"], lib.user_dir, lib.index_dir
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["citation"] == DOC


# ---------------------------------------------------------------------------- web and API


def test_upload_is_off_unless_allowed(world):
    from fastapi.testclient import TestClient

    from pmi_law.serve.api import create_app

    _, files, lib = world
    client = TestClient(create_app(lib), raise_server_exceptions=False)
    pdf = (files / "permenaker-99-2030.pdf").read_bytes()
    sent = client.post("/api/documents", files={"file": ("p.pdf", pdf, "application/pdf")})
    assert sent.status_code in (404, 405, 413) and "error" in sent.json()
    assert client.get("/tambah").status_code == 404
    assert DOC not in lib.entries


def test_upload_api_and_page(world):
    from fastapi.testclient import TestClient

    from pmi_law.serve.api import create_app

    root, files, lib = world
    app = create_app(lib, allow_upload=True, max_upload_bytes=200_000)
    client = TestClient(app, raise_server_exceptions=False)
    page = client.get("/tambah")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text

    pdf = (files / "permenaker-99-2030.pdf").read_bytes()
    refused = [
        (("program.exe", b"MZ\x90\x00" * 10, "application/octet-stream"), 400, "only PDF or text"),
        (("salinan.txt", pdf, "text/plain"), 400, "is not a text file"),
        (("salinan.pdf", b"Pasal 1 bukan PDF", "application/pdf"), 400, "is not a PDF file"),
        (("besar.pdf", b"%PDF-1.4\n" + b"0" * 300_000, "application/pdf"), 413, "upload limit"),
    ]
    for upload, status, needle in refused:
        sent = client.post("/api/documents", files={"file": upload})
        assert sent.status_code == status, (upload[0], sent.text)
        assert needle in sent.json()["error"], sent.text
    assert not (root / "lib" / ".uploads").exists() or not list(
        (root / "lib" / ".uploads").iterdir()
    )
    assert read_records(root / "lib") == []

    sent = client.post(
        "/api/documents",
        files={"file": ("../../etc/permenaker 99.pdf", pdf, "application/pdf")},
        data={"title": "Pengembalian Biaya (unggahan)"},
    )
    assert sent.status_code == 201, sent.text
    body = sent.json()
    assert body["citation"] == DOC and body["check"]["pasal_found"] == 5
    assert body["title"] == "Pengembalian Biaya (unggahan)"
    (record,) = read_records(root / "lib")
    assert record.source_name == "permenaker 99.pdf"  # the client's path is never used
    stored = root / "lib" / "documents" / record.folder
    assert stored.resolve().is_relative_to((root / "lib").resolve())
    assert sorted(p.name for p in stored.iterdir()) == ["meta.json", "original.pdf", "text.txt"]
    assert not list((root / "lib" / ".uploads").iterdir())  # the temporary copy is gone
    # the running server answers with the new document at once
    found = client.get("/api/search", params={"q": QUERY, "k": 5}).json()["hits"]
    assert found[0]["citation"].startswith(DOC)
    listed = client.get("/dokumen").text
    assert "ditambahkan pengguna" in listed and "dari permenaker 99.pdf" in listed
    again = client.post("/tambah", files={"file": ("lagi.pdf", pdf, "application/pdf")})
    assert again.status_code == 400 and "Permenaker 99/2030" in again.text
    lib.remove_document(DOC)


def test_terms_read_back_from_bm25_equal_analysis(world):
    """The update reuses the old index's terms, read back from its BM25 weights: they must be
    what analysing the texts gives (as multisets), and index the same scores."""
    from collections import Counter

    import numpy as np

    from pmi_law.retrieval.index import load_index
    from pmi_law.retrieval.lexical import LexicalIndex
    from pmi_law.retrieval.search import make_analyzer
    from pmi_law.userdocs import old_terms

    root, _, _ = world
    manifest = read_manifest(root / "index")
    index = load_index(root / "index", model=manifest.model, corpus_hash=manifest.corpus_hash)
    known = old_terms(index)
    analyzer = make_analyzer({})
    texts = [p.embed_text if p.lexical else "" for p in index.passages]
    assert all(Counter(known[t]) == Counter(analyzer.terms(t)) for t in texts)
    params = index.lexical.params
    again = LexicalIndex.from_terms([known[t] for t in texts], k1=params["k1"], b=params["b"])
    for query in ("biaya penempatan", "paspor", "pekerja migran perempuan"):
        terms = [(t, 1.0) for t in analyzer.terms(query)]
        assert np.allclose(again.scores(terms), index.lexical.scores(terms), atol=1e-6)


def test_a_speckled_skewed_scan_still_reads_as_the_regulation(tmp_path):
    from pmi_law.sources.intake import read_user_file

    scan = scanned_pdf(tmp_path / "fotokopi.pdf", degrade=True)
    found = read_user_file(scan)
    assert (found.info.citation, found.date, found.extracted.ocr_pages) == (DOC, "2030-01-05", 1)
    assert len(found.document.nodes("pasal")) == 5
    assert "UU 18/2017 Pasal 30" in {r.target for r in found.document.external_references}


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_files_are_read_as_regulations(tmp_path, suffix):
    from pmi_law.sources.intake import read_user_file

    path = tmp_path / f"permenaker{suffix}"
    path.write_text(REGULATION, encoding="utf-8")
    found = read_user_file(path, title="Judul Pilihan", date="2030-02-01")
    assert (found.info.citation, found.info.title, found.date) == (
        DOC,
        "Judul Pilihan",
        "2030-02-01",
    )
    assert found.extracted.pages == 0 and found.document.nodes("pasal")[-1].number == "5"
