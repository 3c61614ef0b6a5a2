"""Error messages in Indonesian for the web pages.

The library, the CLI, the API and MCP speak English (their users are developers and
assistants); the pages speak Indonesian. Rather than a second message at every place an error
is raised, the pages translate the library's one-line messages here, pattern by pattern; a
message no pattern knows keeps its words behind an Indonesian lead-in, never silently.
"""

from __future__ import annotations

import re

from pmi_law.errors import (
    CitationError,
    CorpusNotFound,
    ModelError,
    PmiLawError,
    QueryError,
    SearchIndexError,
    UnknownCitation,
)

#: (pattern of the English message, Indonesian template with the pattern's groups).
PATTERNS: tuple[tuple[str, str], ...] = (
    (r"empty query\b.*", "Pertanyaan kosong: tulis pertanyaan, topik, atau sitasi."),
    (r"query has no words\b.*", "Pertanyaan tidak memuat kata (hanya tanda baca)."),
    (r"query must be text", "Pertanyaan harus berupa teks."),
    (r"query is longer than (?P<n>\d+) characters", "Pertanyaan lebih dari {n} karakter."),
    (
        r"k must be between 1 and (?P<n>\d+), not (?P<k>.+)",
        "Jumlah hasil (k) harus antara 1 dan {n}, bukan {k}.",
    ),
    (
        r"unknown document type (?P<t>.+?) \(known: (?P<known>.*)\)",
        "Jenis dokumen {t} tidak dikenal (yang ada: {known}).",
    ),
    (
        r"bab must be a roman numeral such as VII, not (?P<b>.+)",
        "BAB harus berupa angka Romawi seperti VII, bukan {b}.",
    ),
    (
        r"part must be one of (?P<parts>.+), not (?P<p>.+)",
        "Bagian harus salah satu dari {parts}, bukan {p}.",
    ),
    (
        r"unknown document (?P<d>.+?) \(known: (?P<known>.*)\)",
        "Dokumen {d} tidak ada di korpus (yang ada: {known}).",
    ),
    (
        r"not a document: (?P<d>.+?) \(known: (?P<known>.*)\)",
        "{d} bukan sitasi dokumen (yang ada: {known}).",
    ),
    (
        r"no document (?P<d>.+?) in the corpus \(known: (?P<known>.*)\)",
        "Dokumen {d} tidak ada di korpus (yang ada: {known}).",
    ),
    (
        r"not a date: (?P<v>.+?) \(use YYYY-MM-DD\)",
        "Bukan tanggal: {v} (tulis TTTT-BB-HH, mis. 2019-06-01).",
    ),
    (r"(?P<what>\w+) is longer than (?P<n>\d+) characters", "{what} lebih dari {n} karakter."),
    (r"empty citation\b.*", "Sitasi kosong: tulis mis. 'UU 18/2017 Pasal 6'."),
    (r"empty term\b.*", "Istilah kosong: tulis mis. 'SIP3MI'."),
    (
        r"(?P<c>.+?) names a whole document; name a BAB or Pasal",
        "{c} menyebut seluruh dokumen: sebutkan BAB atau Pasalnya.",
    ),
    (r"(?P<c>.+?) was not yet in force on (?P<d>.+)", "{c} belum berlaku pada {d}."),
    (r"no definition of (?P<t>.+?) in the corpus", "Tidak ada definisi {t} di korpus."),
    (r"(?P<q>.+?) names (?P<d>.+?), not (?P<e>.+)", "{q} menyebut {d}, bukan {e}."),
    (r"(?P<d>.+?) has no (?P<u>.+)", "{d} tidak memuat {u}."),
    (
        r"cannot read citation (?P<c>'.*?'|\".*?\"): (?P<why>.+)",
        "Sitasi {c} tidak dapat dibaca ({why}).",
    ),
)
_COMPILED = tuple((re.compile(p, re.DOTALL), t) for p, t in PATTERNS)


def indonesian(exc: PmiLawError) -> str:
    """The error's message for a page, in Indonesian."""
    message = str(exc).strip()
    for pattern, template in _COMPILED:
        m = pattern.fullmatch(message)
        if m:
            return template.format(**m.groupdict())
    if isinstance(exc, CorpusNotFound | ModelError | SearchIndexError):
        return f"Layanan belum siap: {message}"
    if isinstance(exc, UnknownCitation):
        return f"Tidak ditemukan: {message}"
    if isinstance(exc, CitationError):
        return f"Sitasi tidak dapat dibaca: {message}"
    if isinstance(exc, QueryError):
        return f"Permintaan tidak dapat dijalankan: {message}"
    return f"Permintaan tidak dapat diproses: {message}"
