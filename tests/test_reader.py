"""reader: every source file becomes clean text or one clear PmiLawError.

The official-copy PDF is built at test time from the shared corpus (never stored in the
repository), laid out like a SALINAN: running header and page number on top of each
page, a page-turn catchword at each foot.
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

# reportlab and pypdf are dev dependencies: missing, these tests fail at import (never skip)
import pypdf  # noqa: F401
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pmi_law.errors import (
    BinaryFile,
    CorpusNotFound,
    EmptyDocument,
    EncryptedPdf,
    ParseError,
    PmiLawError,
    ScannedPdf,
    UnreadablePdf,
)
from pmi_law.models import Document, DocumentInfo
from pmi_law.sources.reader import clean_pdf_pages, read_pdf, read_source

LINES_PER_PAGE = 45
FONT_SIZE = 8
LEADING = 15


# ---------------------------------------------------------------------------- PDF builders


def _write_pdf(path: Path, pages: list[list[str]], **canvas_args: object) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, **canvas_args)
    _, height = A4
    for lines in pages:
        c.setFont("Helvetica", FONT_SIZE)
        y = height - 40
        for line in lines:
            c.drawString(40, y, line)
            y -= LEADING
        c.showPage()
    c.save()
    return path


def _official_pages(source_lines: list[str]) -> tuple[list[list[str]], list[str]]:
    """Lay out body lines like an official copy; returns (pages as drawn, body lines)."""
    body: list[str] = []
    for line in source_lines:
        if not line.strip():
            continue
        # no break at hyphens: the source's words must come back exactly
        body.extend(textwrap.wrap(line, 90, break_on_hyphens=False, break_long_words=False))
    chunks = [body[i : i + LINES_PER_PAGE] for i in range(0, len(body), LINES_PER_PAGE)]
    pages = []
    for n, chunk in enumerate(chunks, start=1):
        page = ["PRESIDEN", "REPUBLIK INDONESIA", f"- {n} -", *chunk]
        if n < len(chunks):
            page.append(" ".join(chunks[n][0].split()[:3]) + " . . .")
        pages.append(page)
    return pages, body


@pytest.fixture(scope="module")
def official_pdf(
    tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path
) -> tuple[Path, list[str], str]:
    source = (corpus_dir / "uu-18-2017.txt").read_text(encoding="utf-8").splitlines()
    pages, body = _official_pages(source)
    path = _write_pdf(tmp_path_factory.mktemp("pdf") / "uu-18-2017.pdf", pages)
    return path, body, read_source(path)


# ---------------------------------------------------------------------------- official copy


def test_official_copy_has_no_page_furniture(official_pdf: tuple[Path, list[str], str]) -> None:
    _, _, text = official_pdf
    lines = text.split("\n")
    assert "PRESIDEN" not in lines
    assert "REPUBLIK INDONESIA" not in lines
    assert not [line for line in lines if re.fullmatch(r"-\s*\d+\s*-", line.strip())]
    assert not [line for line in lines if line.rstrip().endswith(". . .")]
    # the body's own "PRESIDEN REPUBLIK INDONESIA," lines (preamble, signature) are kept
    assert lines.count("PRESIDEN REPUBLIK INDONESIA,") == 3


def test_official_copy_keeps_every_word_in_order(
    official_pdf: tuple[Path, list[str], str],
) -> None:
    _, body, text = official_pdf
    assert text.split() == " ".join(body).split()


def test_official_copy_one_line_per_drawn_line(official_pdf: tuple[Path, list[str], str]) -> None:
    _, body, text = official_pdf
    assert [" ".join(line.split()) for line in text.split("\n")] == [
        " ".join(line.split()) for line in body
    ]


def _assert_pasal_1_to_91(doc: Document) -> None:
    pasal = doc.nodes("pasal")
    assert [p.number for p in pasal] == [str(n) for n in range(1, 92)]
    for p in pasal:
        assert "PRESIDEN" not in p.full_text(), p.citation


def test_official_copy_parses_to_pasal_1_to_91(official_pdf: tuple[Path, list[str], str]) -> None:
    """The acceptance test: an unknown PDF, metadata read from its own title block."""
    from pmi_law import parse_document

    path, _, _ = official_pdf
    doc = parse_document(path)
    assert doc.citation == "UU 18/2017"
    _assert_pasal_1_to_91(doc)


def test_official_copy_parses_with_given_info(official_pdf: tuple[Path, list[str], str]) -> None:
    from pmi_law import parse_document

    path, _, _ = official_pdf
    info = DocumentInfo("UU", "18", "2017", "PELINDUNGAN PEKERJA MIGRAN INDONESIA", "UU 18/2017")
    _assert_pasal_1_to_91(parse_document(path, info))


# ---------------------------------------------------------------------------- furniture, by page


def test_furniture_only_removed_at_page_edges() -> None:
    pages = [
        "SALINAN\nPRESIDEN\nREPUBLIK INDONESIA\nPasal 1\nbadan PRESIDEN\nPRESIDEN\n- 12 -\nmid\n"
        "Pasal 2 . . .\n",
        "-2-\nPasal 2\nSetiap Orang dilarang ...\nmenahan paspor.\n3\n",
    ]
    text = clean_pdf_pages(pages)
    assert text.split("\n") == [
        "Pasal 1",
        "badan PRESIDEN",
        "PRESIDEN",
        "- 12 -",
        "mid",
        "Pasal 2",
        "Setiap Orang dilarang ...",
        "menahan paspor.",
    ]


@pytest.mark.parametrize(
    ("foot", "next_first", "dropped"),
    [
        ("Pasal 14 . . .", "Pasal 14", True),
        ("Pasal 14 ...", "Pasal 14", True),
        ("Mengingat : ...", "Mengingat : 1. Pasal 5", True),
        ("b. bahwa ...", "b. bahwa negara menjamin", True),
        ("Pasal 38 .", "Pasal 38", True),
        ("BAB XI", "BAB XI KETENTUAN PIDANA", True),
        ("Cukup jelas.", "Cukup jelas.", False),
        ("tenaga kerja;", "b. pelatihan", False),
    ],
)
def test_catchword(foot: str, next_first: str, dropped: bool) -> None:
    text = clean_pdf_pages([f"- 1 -\nbody one\n{foot}\n", f"- 2 -\n{next_first}\nbody two\n"])
    lines = text.split("\n")
    assert (foot in lines) is not dropped
    assert next_first in lines


def test_dotted_line_on_last_page_is_body() -> None:
    assert clean_pdf_pages(["- 1 -\nakhir . . .\n"]) == "akhir . . ."


def test_running_header_of_other_issuers() -> None:
    header = "MENTERI KETENAGAKERJAAN REPUBLIK INDONESIA"
    pages = [f"{header}\nPasal {n}\nisi pasal {n}.\nHalaman {n} dari 4\n" for n in range(1, 5)]
    text = clean_pdf_pages(pages)
    assert header not in text
    assert "Halaman" not in text
    assert text.split("\n")[:2] == ["Pasal 1", "isi pasal 1."]


def test_emblem_debris_next_to_header() -> None:
    page = '*. ", JrTnu t,lootf;\nPRESIDEN REPUBLIK INDONESIA\n(1) Setiap orang.\n'
    text = clean_pdf_pages([page])
    assert text == "(1) Setiap orang."


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("pelaksanaan penem-\npatan Pekerja", "pelaksanaan penempatan\nPekerja"),
        ("menurut Undang-\nUndang ini", "menurut Undang-Undang\nini"),
        ("kesewenang-\nwenangan, kejahatan", "kesewenang-wenangan,\nkejahatan"),
        ("peraturan perundang-\nundangan.", "peraturan perundang-undangan."),
        ("hak-\nhak dasar", "hak-hak\ndasar"),
        ("Rp5.000.000,-\n(lima juta rupiah)", "Rp5.000.000,-\n(lima juta rupiah)"),
        ("daftar:\n- satu", "daftar:\n- satu"),
    ],
)
def test_hyphenation(lines: str, expected: str) -> None:
    assert clean_pdf_pages([lines]) == expected


def test_hyphen_across_page_turn(tmp_path: Path) -> None:
    pdf = _write_pdf(
        tmp_path / "h.pdf",
        [
            ["- 1 -", "Pelindungan Pekerja Migran Indonesia dalam rangka penem-"],
            ["- 2 -", "patan yang aman dan bermartabat bagi setiap warga negara."],
        ],
    )
    assert read_pdf(pdf).split("\n") == [
        "Pelindungan Pekerja Migran Indonesia dalam rangka penempatan",
        "yang aman dan bermartabat bagi setiap warga negara.",
    ]


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
_LINE = st.lists(_WORD, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_LINE, min_size=1, max_size=12), min_size=1, max_size=6))
def test_body_lines_survive_any_furniture(pages: list[list[str]]) -> None:
    # number each line so no line repeats at page edges like a running header would
    counter = iter(range(10_000))
    bodies = [[f"{line} n{next(counter)}" for line in page] for page in pages]
    drawn = []
    for n, body in enumerate(bodies, start=1):
        foot = [" ".join(bodies[n][0].split()[:3]) + " . . ."] if n < len(bodies) else []
        drawn.append("\n".join(["PRESIDEN", "REPUBLIK INDONESIA", f"-{n}-", *body, *foot]))
    assert clean_pdf_pages(drawn).split("\n") == [line for body in bodies for line in body]


# ---------------------------------------------------------------------------- text files


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"Pasal 1\r\nisi\r\n", "Pasal 1\nisi\n"),
        (b"\xef\xbb\xbfPasal 1\nisi", "Pasal 1\nisi"),
        ("Rp\u00a05.000\rayat".encode(), "Rp 5.000\nayat"),
        ("kesejahteraan \u2013 ok".encode("cp1252"), "kesejahteraan \u2013 ok"),
        ("\ufeffPasal 1".encode("utf-16"), "Pasal 1"),
    ],
)
def test_text_is_normalised(tmp_path: Path, raw: bytes, expected: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    assert read_source(path) == expected


def _make(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.bin"
    if kind == "missing":
        return tmp_path / "nope.txt"
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "whitespace":
        path.write_bytes(b" \n\t\r\n  \n")
    elif kind == "binary":
        path.write_bytes(b"\x00\x01\x02" + os.urandom(4096) + b"\x00")
    elif kind == "binary-no-nul":
        path.write_bytes(bytes(b for b in os.urandom(8192) if b) or b"\x81\x8d")
    elif kind == "controls":
        path.write_bytes(bytes(range(1, 9)) * 50 + b"Pasal 1")
    elif kind == "scanned":
        c = canvas.Canvas(str(path), pagesize=A4)
        for _ in range(2):
            c.setFillGray(0.3)
            c.rect(50, 50, 400, 600, fill=1)
            c.showPage()
        c.save()
    elif kind == "encrypted":
        _write_pdf(
            path,
            [["Pasal 1", "Rahasia negara yang tidak boleh dibaca tanpa kata sandi."]],
            encrypt="secret",
        )
    elif kind == "truncated":
        full = _write_pdf(tmp_path / "full.pdf", [["Pasal 1 " * 20] * 30] * 3).read_bytes()
        path.write_bytes(full[: len(full) // 2])
    elif kind == "garbage-pdf":
        path.write_bytes(b"%PDF-1.7\n" + os.urandom(2000) + b"\n%%EOF\n")
    else:  # pragma: no cover
        raise AssertionError(kind)
    return path


@pytest.mark.parametrize(
    ("kind", "error", "message"),
    [
        ("missing", CorpusNotFound, "no such file"),
        ("directory", ParseError, "directory"),
        ("empty", EmptyDocument, "empty"),
        ("whitespace", EmptyDocument, "whitespace"),
        ("binary", BinaryFile, "is not a text or PDF file"),
        ("binary-no-nul", BinaryFile, "is not a text or PDF file"),
        ("controls", BinaryFile, "is not a text or PDF file"),
        ("scanned", ScannedPdf, "has no text layer (scanned?); run OCR first"),
        ("encrypted", EncryptedPdf, "encrypted"),
        ("truncated", UnreadablePdf, "truncated"),
        ("garbage-pdf", UnreadablePdf, ""),
    ],
)
def test_bad_sources_raise_one_clear_error(
    tmp_path: Path, kind: str, error: type[PmiLawError], message: str
) -> None:
    path = _make(tmp_path, kind)
    with pytest.raises(error) as info:
        read_source(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_pdf_with_empty_user_password_is_read(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = _write_pdf(tmp_path / "plain.pdf", [["Pasal 1", "Setiap Pekerja Migran Indonesia."]])
    writer = PdfWriter(clone_from=PdfReader(plain))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as fh:
        writer.write(fh)
    assert read_source(locked) == "Pasal 1\nSetiap Pekerja Migran Indonesia."


def test_pdf_is_detected_by_content_not_name(tmp_path: Path) -> None:
    pdf = _write_pdf(tmp_path / "law.txt", [["Pasal 1", "Isi pasal pertama undang-undang ini."]])
    assert read_source(pdf) == "Pasal 1\nIsi pasal pertama undang-undang ini."
