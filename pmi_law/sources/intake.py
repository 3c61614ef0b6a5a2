"""A user's own regulation file (.pdf, .txt, .md) → text → metadata → parsed Document.

The corpus files were chosen and described by hand (corpus/manifest.toml); a user's file is
not, so this module reads what the file says about itself: its type, number, year and title
from the title block, its date from the signature block. A scanned PDF (no text layer) is
read by OCR (sources/ocr.py). Every path into a tree goes through :func:`parse_user_text`:
clean → repair → parse, the same steps as corpus files, so what `add` checks is what the
library later shows. Bad input (a photo scan, a letter, a 500-page file) is refused here,
before anything is written.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pmi_law.citations import document_id, document_type
from pmi_law.errors import (
    CitationError,
    DocumentTooLarge,
    NotARegulation,
    ParseError,
    ScannedPdf,
)
from pmi_law.models import Document, DocumentInfo

from .clean import clean_text, tanggal

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PAGES",
    "SUFFIXES",
    "Extracted",
    "Intake",
    "Metadata",
    "detect_metadata",
    "extract_text",
    "parse_user_text",
    "prepare_text",
    "read_user_file",
]

#: File kinds a user may add (a regulation as a PDF, or as text copied from an official site).
SUFFIXES = frozenset({".pdf", ".txt", ".md"})
#: Pages beyond which a file is refused: a Permenaker or Peraturan BP2MI runs to tens of pages;
#: an omnibus law's thousand pages would take an hour of OCR and belong in the corpus.
MAX_PAGES = 300
#: Bytes beyond which a file is refused before it is read (a 300-page scan at 300 dpi fits).
MAX_FILE_BYTES = 200 * 1024 * 1024

_DATE = re.compile(
    r"\b(?P<kind>Diundangkan|Ditetapkan)\s+di\s+[A-Za-z ]{2,30}?\s*(?:,\s*)?"
    r"(?:pada\s+)?tanggal\s+(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>\d{4})",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Metadata:
    """What a regulation says about itself (any field may be missing)."""

    type: str | None = None
    number: str | None = None
    year: str | None = None
    title: str | None = None
    date: str | None = None  # ISO; diundangkan, else ditetapkan


@dataclass(frozen=True, slots=True)
class Extracted:
    """The text of a file and how it was obtained."""

    text: str
    pages: int = 0  # 0 for a text file
    ocr_pages: int = 0
    ocr_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Intake:
    """A user file read, described and parsed: everything `add` needs, nothing written yet."""

    path: Path
    sha256: str
    extracted: Extracted
    info: DocumentInfo
    date: str | None
    document: Document
    detected: Metadata = field(default_factory=Metadata)


def prepare_text(raw: str) -> str:
    """A user's text cleaned of page furniture before parsing; ``parse_text`` then runs the
    same clean → OCR repair (sources/repair.py) → parse as for corpus files (cleaning twice
    changes nothing)."""
    return clean_text(raw)


def parse_user_text(raw: str, info: DocumentInfo, *, source: Path | None = None) -> Document:
    """clean → repair → parse: a user's regulation text as a Document tree."""
    from .parse import parse_text

    try:
        doc = parse_text(prepare_text(raw), info, source=source)
    except ParseError as exc:
        raise NotARegulation(
            f"{source or 'text'} is not a regulation the parser can read: {exc}"
        ) from None
    if not doc.nodes("pasal"):
        raise NotARegulation(f"{source or 'text'} holds no Pasal: not a regulation")
    doc.info.source = source
    return doc


def page_count(path: Path) -> int | None:
    """Pages of a PDF without reading its text (None when PDFium cannot open it: the reader
    then names the problem)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


def _check_file(path: Path) -> bytes:
    from pmi_law.errors import CorpusNotFound

    if not path.is_file():
        raise CorpusNotFound(f"no such file: {path}")
    if path.suffix.lower() not in SUFFIXES:
        raise NotARegulation(
            f"{path}: only .pdf, .txt and .md files can be added, not {path.suffix or 'a file without extension'}"
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DocumentTooLarge(
            f"{path} is {size / 2**20:.0f} MB; files over {MAX_FILE_BYTES // 2**20} MB are refused"
        )
    return path.read_bytes()


def extract_text(path: Path, *, progress: Callable[[int, int], None] | None = None) -> Extracted:
    """The text of a .pdf/.txt/.md file; a PDF without a text layer is OCR'd page by page."""
    from .reader import clean_pdf_pages, normalise_text, read_source

    path = Path(path)
    data = _check_file(path)
    is_pdf = data.lstrip()[:5] == b"%PDF-"
    pages = page_count(path) if is_pdf else None
    if pages is not None and pages > MAX_PAGES:
        raise DocumentTooLarge(
            f"{path} has {pages} pages; at most {MAX_PAGES} pages are accepted (split the file)"
        )
    try:
        return Extracted(read_source(path), pages or 0)
    except ScannedPdf:
        pass
    from .ocr import ocr_pdf

    started = time.perf_counter()
    texts = ocr_pdf(path, progress=progress)
    seconds = time.perf_counter() - started
    text = clean_pdf_pages([normalise_text(t) for t in texts])
    if len("".join(text.split())) < 20:
        raise NotARegulation(
            f"{path} has no text layer and OCR found no text on its {len(texts)} pages "
            "(a scan of photos?)"
        )
    return Extracted(text, len(texts), len(texts), seconds)


def detect_metadata(text: str) -> Metadata:
    """Type, number, year and title from the title block; the date from the signature block."""
    from .parse import _read_title

    # the raw head first: cleaning takes "PEMERINTAH REPUBLIK INDONESIA" for a running header
    head = text[:6000]
    found = _read_title(head) or _read_title(clean_text(head))
    when = _read_date(text)
    if found is None:
        return Metadata(date=when)
    type_, number, year, title = found
    return Metadata(type_, number, year, _title_case(title), when)


def _read_date(text: str) -> str | None:
    found: dict[str, str] = {}
    for m in _DATE.finditer(text):
        day = tanggal(m["day"], m["month"], m["year"])
        if day is not None:
            found.setdefault(m["kind"].lower(), day.isoformat())
    return found.get("diundangkan") or found.get("ditetapkan")


def _title_case(title: str) -> str:
    """An upper-case title block reads as a title ("Jaminan Sosial Pekerja Migran Indonesia")."""
    if not title.isupper():
        return title
    small = {"dan", "atau", "di", "ke", "dari", "yang", "untuk", "dalam", "pada", "bagi", "atas"}
    words = title.lower().split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def read_user_file(
    path: Path,
    *,
    type: str | None = None,
    number: str | None = None,
    year: str | None = None,
    title: str | None = None,
    date: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Intake:
    """Read, describe and parse a user's regulation; options override what the text says."""
    path = Path(path)
    extracted = extract_text(path, progress=progress)
    detected = detect_metadata(extracted.text)
    try:
        kind = document_type(type) if type else detected.type
    except CitationError as exc:
        raise NotARegulation(f"--type {type!r}: {exc}") from None
    number = (number or detected.number or "").strip()
    year = (year or detected.year or "").strip()
    if not kind or not number or not year:
        how = "OCR of the scan" if extracted.ocr_pages else "its text"
        raise NotARegulation(
            f"{path} does not look like a regulation: {how} has no title block such as "
            "'PERATURAN MENTERI KETENAGAKERJAAN ... NOMOR 4 TAHUN 2023 TENTANG ...' "
            "(give --type, --number and --year if it is one)"
        )
    if not re.fullmatch(r"\d{4}", year):
        raise NotARegulation(f"year {year!r} is not a year")
    if not re.fullmatch(r"[0-9]+[A-Za-z]?", number):
        raise NotARegulation(f"number {number!r} is not a regulation number")
    when = date or detected.date
    if when is not None:
        try:
            when = _iso(when)
        except ValueError:
            raise NotARegulation(f"date {when!r} is not a date (YYYY-MM-DD)") from None
    name = title or detected.title or path.stem
    citation = document_id(kind, number, year)
    info = DocumentInfo(kind, number, year, name, citation=citation, source=path)
    doc = parse_user_text(extracted.text, info, source=path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Intake(path, digest, extracted, info, when, doc, detected)


def _iso(value: str) -> str:
    return date.fromisoformat(value.strip()).isoformat()


def parse_file(
    path: Path, *, progress: Callable[[int, int], None] | None = None
) -> tuple[Document, str]:
    """`pmi-law parse`: the file parsed as ``parse_document`` does, a scanned PDF read by
    OCR first (clean → repair → parse); with the text it was parsed from."""
    from .corpus import info_for_file
    from .parse import parse_document, parse_text
    from .reader import read_source

    path = Path(path)
    try:
        raw = read_source(path)
    except ScannedPdf:
        raw = extract_text(path, progress=progress).text
        doc = parse_text(prepare_text(raw), info_for_file(path), source=path)
        doc.info.source = path
        return doc, raw
    return parse_document(path), raw
