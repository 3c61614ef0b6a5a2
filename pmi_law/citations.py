"""Canonical citations: the one id format used for passages, index rows, the API and the CLI.

A citation is written the way an Indonesian law student writes it (``UU 18/2017 Pasal 6
ayat (1) huruf j``, ``Penjelasan UU 18/2017 Umum``, ``Skripsi BP3MI-NTB BAB I A alinea 3``).
Input is read forgivingly (case, ``No.``/``Nomor``/``Tahun``, long type names, aliases such
as ``UU PPMI``, shorthand like ``Pasal 6(1)j``, the document named after the units, and
English forms such as ``Article 6(1)(j) of Law No. 18 of 2017`` from :mod:`pmi_law.citations_en`
where a person typed the text), but every :class:`Citation` renders one canonical string, and
that string parses back to an equal object. Everything here is plain ``re``: it runs on every
CLI call and every search.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Final

from pmi_law import citations_en as _en
from pmi_law.errors import CitationError

__all__ = [
    "ALIASES",
    "KINDS",
    "KIND_ORDER",
    "Citation",
    "document_id",
    "document_type",
    "find_citations",
    "int_to_ordinal",
    "int_to_roman",
    "normalize_document",
    "ordinal_to_int",
    "roman_to_int",
]

# --------------------------------------------------------------------------------------------
# Numerals: BAB numbers are roman, Bagian numbers are ordinal words.
# --------------------------------------------------------------------------------------------

_ROMAN_STEPS: Final = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_ROMAN_DIGITS: Final = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def int_to_roman(n: int) -> str:
    """Upper-case roman numeral of ``n`` (1-3999), the form BAB headings use."""
    if not 1 <= n <= 3999:
        raise ValueError(f"no roman numeral for {n}: expected 1 to 3999")
    out: list[str] = []
    for value, symbol in _ROMAN_STEPS:
        count, n = divmod(n, value)
        out.append(symbol * count)
    return "".join(out)


def roman_to_int(numeral: str) -> int:
    """Value of a roman numeral (any case); non-canonical forms such as ``IIII`` are refused.

    Strictness keeps ids unique: ``BAB IIII`` and ``BAB IV`` must not both be valid.
    """
    text = numeral.strip().upper()
    if not text or any(ch not in _ROMAN_DIGITS for ch in text):
        raise ValueError(f"{numeral!r} is not a roman numeral")
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN_DIGITS[ch]
        if i + 1 < len(text) and _ROMAN_DIGITS[text[i + 1]] > value:
            total -= value
        else:
            total += value
    if total < 1 or total > 3999 or int_to_roman(total) != text:
        raise ValueError(f"{numeral!r} is not a well-formed roman numeral")
    return total


_UNIT_WORDS: Final = (
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
)
_MAX_ORDINAL: Final = 99


def _cardinal_words(n: int) -> list[str]:
    tens, units = divmod(n, 10)
    if tens == 0:
        return [_UNIT_WORDS[units - 1]]
    if n == 10:
        return ["sepuluh"]
    if n == 11:
        return ["sebelas"]
    if tens == 1:
        return [_UNIT_WORDS[units - 1], "belas"]
    words = [_UNIT_WORDS[tens - 1], "puluh"]
    if units:
        words.append(_UNIT_WORDS[units - 1])
    return words


def int_to_ordinal(n: int) -> str:
    """Ordinal word used in ``Bagian`` headings: 1 -> ``Kesatu``, 12 -> ``Kedua Belas``."""
    if not 1 <= n <= _MAX_ORDINAL:
        raise ValueError(f"no ordinal word for {n}: expected 1 to {_MAX_ORDINAL}")
    words = _cardinal_words(n)
    words[0] = "ke" + words[0]
    return " ".join(word.capitalize() for word in words)


def _cardinal_to_int(text: str) -> int | None:
    if text == "sepuluh":
        return 10
    if text == "sebelas":
        return 11
    for i, unit in enumerate(_UNIT_WORDS, start=1):
        if text == unit:
            return i
        if i == 1:
            continue
        if text == unit + "belas":
            return 10 + i
        if text.startswith(unit + "puluh"):
            tail = text[len(unit) + len("puluh") :]
            if not tail:
                return 10 * i
            if tail in _UNIT_WORDS:
                return 10 * i + _UNIT_WORDS.index(tail) + 1
    return None


def ordinal_to_int(word: str) -> int:
    """Value of an ordinal word as found in statutes and OCR text (any case and spacing).

    Accepts ``Kesatu``/``Pertama``, ``Kedua Belas``/``Keduabelas``, ``Kedua Puluh Satu``
    and ``ke-12``, because all of them occur for the same heading.
    """
    text = re.sub(r"[\s-]+", "", word.strip().lower())
    if text == "pertama":
        return 1
    value: int | None = None
    if text.startswith("ke"):
        rest = text[2:]
        value = int(rest) if rest.isdigit() else _cardinal_to_int(rest)
    if value is None or not 1 <= value <= _MAX_ORDINAL:
        raise ValueError(f"{word!r} is not an ordinal such as 'Kesatu' or 'Kedua Belas'")
    return value


# --------------------------------------------------------------------------------------------
# Kinds of units and the orders they may nest in.
# --------------------------------------------------------------------------------------------

KIND_ORDER: Final[tuple[str, ...]] = (
    "bab",
    "bagian",
    "paragraf",
    "pasal",
    "ayat",
    "huruf",
    "angka",
)
"""Statute units from outermost to innermost (``huruf`` and ``angka`` may alternate)."""

_OTHER_KINDS: Final = (
    "umum",
    "menimbang",
    "mengingat",
    "subbab",
    "alinea",
    "abstrak",
    "daftar-pustaka",
)
KINDS: Final[frozenset[str]] = frozenset(KIND_ORDER + _OTHER_KINDS)
"""Every kind a path part may have: statute units, Penjelasan Umum, preamble, thesis units."""

# Which kind may follow which (None: the first part). This is the whole order rule:
# structural units before Pasal, ayat at most once and only right under Pasal, huruf and
# angka nesting in either order (Pasal 45 huruf a angka 3; Pasal 1 angka 5 huruf a).
_FOLLOWS: Final[dict[str | None, frozenset[str]]] = {
    None: frozenset(
        {
            "bab",
            "bagian",
            "paragraf",
            "pasal",
            "umum",
            "menimbang",
            "mengingat",
            "abstrak",
            "daftar-pustaka",
        }
    ),
    "bab": frozenset({"bagian", "paragraf", "pasal", "subbab", "alinea"}),
    "bagian": frozenset({"paragraf", "pasal"}),
    "paragraf": frozenset({"pasal"}),
    "pasal": frozenset({"ayat", "huruf", "angka"}),
    "ayat": frozenset({"huruf", "angka"}),
    "huruf": frozenset({"angka"}),
    "angka": frozenset({"huruf"}),
    "umum": frozenset({"alinea"}),
    "menimbang": frozenset({"huruf"}),
    "mengingat": frozenset({"angka"}),
    "subbab": frozenset({"alinea"}),
    "alinea": frozenset(),
    "abstrak": frozenset({"alinea"}),
    "daftar-pustaka": frozenset({"alinea"}),
}
_STATUTE_ONLY: Final = frozenset(
    {"bagian", "paragraf", "pasal", "ayat", "huruf", "angka", "umum", "menimbang", "mengingat"}
)
_THESIS_ONLY: Final = frozenset({"subbab", "abstrak", "daftar-pustaka"})
# Kinds that free text uses as ordinary words ("secara umum", "dengan menimbang"): in
# find_citations they count only after a document or "Penjelasan" has been named.
_ANCHORED: Final = frozenset(
    {"umum", "menimbang", "mengingat", "subbab", "alinea", "abstrak", "daftar-pustaka"}
)
_UNDER_PASAL: Final = frozenset({"ayat", "huruf", "angka"})

_ROMAN_CHARS: Final = "IVXLCDM"
_NUMBER_FORMS: Final[dict[str, tuple[re.Pattern[str], str]]] = {
    "bab": (re.compile(r"[IVXLCDM]+[ABEFGHJKNOPQRSTUWYZ]?"), "a roman numeral such as 'III'"),
    "bagian": (re.compile(r"Ke[a-z]+(?: [A-Z][a-z]+)*"), "an ordinal such as 'Kesatu'"),
    "paragraf": (re.compile(r"[1-9]\d*[A-Z]?"), "a number such as '1'"),
    "pasal": (re.compile(r"[1-9]\d*[A-Z]?|[IVX]+"), "a number such as '6' or '89A'"),
    "ayat": (re.compile(r"[1-9]\d*[a-z]?"), "a number such as '1'"),
    "huruf": (re.compile(r"([a-z])\1?"), "a letter such as 'a' or 'aa'"),
    "angka": (re.compile(r"[1-9]\d*[a-z]?"), "a number such as '3'"),
    "subbab": (re.compile(r"[A-Z]"), "a capital letter such as 'A'"),
    "alinea": (re.compile(r"[1-9]\d*"), "a number such as '2'"),
}
_LABELS: Final = {
    "bab": "BAB",
    "bagian": "Bagian",
    "paragraf": "Paragraf",
    "pasal": "Pasal",
    "ayat": "ayat",
    "huruf": "huruf",
    "angka": "angka",
    "alinea": "alinea",
    "subbab": "subbab",
    "umum": "Umum",
    "menimbang": "Menimbang",
    "mengingat": "Mengingat",
    "abstrak": "Abstrak",
    "daftar-pustaka": "Daftar Pustaka",
}


def _number_problem(kind: str, number: str) -> str | None:
    if not isinstance(kind, str) or kind not in KINDS:
        return f"unknown unit kind {kind!r} (expected one of {', '.join(sorted(KINDS))})"
    form = _NUMBER_FORMS.get(kind)
    if form is None:
        return None if number == "" else f"'{_LABELS[kind]}' takes no number, got {number!r}"
    pattern, expected = form
    if not isinstance(number, str) or not pattern.fullmatch(number):
        return f"{number!r} is not a canonical {_LABELS[kind]} number (expected {expected})"
    try:
        if kind == "bab":
            roman = number if number[-1] in _ROMAN_CHARS else number[:-1]
            roman_to_int(roman)
        elif kind == "pasal" and number[0] in _ROMAN_CHARS:
            roman_to_int(number)
        elif kind == "bagian" and int_to_ordinal(ordinal_to_int(number)) != number:
            return f"{number!r} is not a canonical Bagian number (expected {expected})"
    except ValueError:
        return f"{number!r} is not a canonical {_LABELS[kind]} number (expected {expected})"
    return None


def _render_part(kind: str, number: str) -> str:
    if kind == "ayat":
        return f"ayat ({number})"
    if kind == "subbab":
        return number
    if kind in _NUMBER_FORMS:
        return f"{_LABELS[kind]} {number}"
    return _LABELS[kind]


def _order_problem(prev: str | None, kind: str) -> str | None:
    """Why ``kind`` cannot come next, as a template naming ``{unit}`` and ``{prev}``."""
    if kind in _FOLLOWS[prev]:
        return None
    if kind in _UNDER_PASAL and prev not in _UNDER_PASAL | {"pasal", "menimbang", "mengingat"}:
        return "'{unit}' must follow a Pasal"
    if prev is None:
        return "a citation cannot begin with '{unit}'"
    return "'{unit}' cannot follow '{prev}'"


# --------------------------------------------------------------------------------------------
# Documents.
# --------------------------------------------------------------------------------------------

# Canonical type -> the spellings that mean it (matched case-insensitively, "-" = space).
_TYPE_SPELLINGS: Final[dict[str, tuple[str, ...]]] = {
    "UU": ("UU", "Undang-Undang"),
    "Perppu": ("Perppu", "Perpu", "Peraturan Pemerintah Pengganti Undang-Undang"),
    "PP": ("PP", "Peraturan Pemerintah"),
    "Perpres": ("Perpres", "Peraturan Presiden"),
    "Keppres": ("Keppres", "Kepres", "Keputusan Presiden"),
    "Permenaker": (
        "Permenaker",
        "Permennaker",
        "Peraturan Menteri Ketenagakerjaan",
        "Peraturan Menteri Tenaga Kerja",
    ),
    "Permenakertrans": (
        "Permenakertrans",
        "Peraturan Menteri Tenaga Kerja dan Transmigrasi",
    ),
    "Peraturan BP2MI": (
        "Peraturan BP2MI",
        "Perban BP2MI",
        "Peraturan Badan BP2MI",
        "Peraturan Badan Pelindungan Pekerja Migran Indonesia",
    ),
    "Peraturan BNP2TKI": (
        "Peraturan BNP2TKI",
        "Peraturan Kepala BNP2TKI",
        "Perka BNP2TKI",
        "Peraturan Badan Nasional Penempatan dan Perlindungan Tenaga Kerja Indonesia",
        "Peraturan Kepala Badan Nasional Penempatan dan Perlindungan Tenaga Kerja Indonesia",
    ),
}
# Metadata (peraturan.go.id) names some types only by the issuer: "PERATURAN MENTERI" +
# "KEMENTERIAN KETENAGAKERJAAN". document_id(..., issuer=...) resolves those.
_ISSUER_TYPES: Final[dict[str, str]] = {
    "KEMENTERIAN KETENAGAKERJAAN": "Permenaker",
    "KEMENTERIAN TENAGA KERJA": "Permenaker",
    "KEMENTERIAN TENAGA KERJA DAN TRANSMIGRASI": "Permenakertrans",
    "BADAN PELINDUNGAN PEKERJA MIGRAN INDONESIA": "Peraturan BP2MI",
    "BP2MI": "Peraturan BP2MI",
    "BADAN NASIONAL PENEMPATAN DAN PERLINDUNGAN TENAGA KERJA INDONESIA": "Peraturan BNP2TKI",
    "BNP2TKI": "Peraturan BNP2TKI",
}
_GENERIC_TYPES: Final = frozenset(
    {"PERATURAN MENTERI", "PERATURAN BADAN", "PERATURAN BADAN LEMBAGA", "PERATURAN LEMBAGA"}
)

#: Laws that enact another as their Lampiran: "Lampiran UU 6/2023 Pasal 84" is a Pasal of
#: the Perppu that UU 6/2023 made a law (Perppu 2/2022 Pasal 84).
LAMPIRAN: Final[dict[str, str]] = {"UU 6/2023": "Perppu 2/2022"}
_LAMPIRAN_RE: Final = re.compile(r"^\s*Lampiran\s+(?P<rest>.+)$", re.I | re.S)


def _lampiran(text: str) -> str:
    """'Lampiran UU 6/2023 Pasal 84' → 'Perppu 2/2022 Pasal 84' (other text unchanged)."""
    m = _LAMPIRAN_RE.match(text)
    if m is None:
        return text
    rest = m["rest"]
    token = _read_document(rest, 0, find=False)
    if token is None or token.type != "doc" or token.value not in LAMPIRAN:
        return text
    return LAMPIRAN[token.value] + rest[token.end :]


#: The law a bare citation ("Pasal 6") refers to: the one this library is about.
PRIMARY_DOCUMENT: Final = "UU 18/2017"

ALIASES: dict[str, str] = {
    "UU PPMI": "UU 18/2017",
    "UU PMI": "UU 18/2017",
    "UU P2MI": "UU 18/2017",
    "UU Pelindungan Pekerja Migran Indonesia": "UU 18/2017",
    "UU Perlindungan Pekerja Migran Indonesia": "UU 18/2017",
    "UU TPPO": "UU 21/2007",
    "UU PTPPO": "UU 21/2007",
    "UU Perdagangan Orang": "UU 21/2007",
    "UU Tindak Pidana Perdagangan Orang": "UU 21/2007",
    "UU Pemberantasan Tindak Pidana Perdagangan Orang": "UU 21/2007",
    "UU Ketenagakerjaan": "UU 13/2003",
    "UU Naker": "UU 13/2003",
    "UU Cipta Kerja": "UU 11/2020",
    "UU Ciptaker": "UU 11/2020",
    "UU PPTKILN": "UU 39/2004",
    "UU PPTKI": "UU 39/2004",
    "UU TKI": "UU 39/2004",
    "UU Penempatan dan Perlindungan TKI di Luar Negeri": "UU 39/2004",
    "UU Penempatan dan Perlindungan Tenaga Kerja Indonesia di Luar Negeri": "UU 39/2004",
    "UU Konvensi Pekerja Migran": "UU 6/2012",
    "UU Pengesahan Konvensi Pekerja Migran": "UU 6/2012",
}
"""Names that stand for a document (keys matched case-insensitively, as whole words; a
leading ``UU`` also matches ``Undang-Undang``). Add to it at run time (e.g. from the
corpus manifest); the matcher is rebuilt when the keys change."""

# Words that cannot be a thesis slug, so "skripsi bab i" is not "Skripsi BAB".
_SKRIPSI_RESERVED: Final = frozenset(
    {
        *("bab", "sub", "subbab", "abstrak", "daftar", "alinea", "penjelasan", "tentang"),
        *("pasal", "bagian", "paragraf", "ayat", "huruf", "angka", "umum"),
        *("menimbang", "mengingat", "konsiderans", "dari", "dalam", "pada", "di", "atas"),
    }
)
_CANONICAL_DOCUMENT_RE: Final = re.compile(
    "(?:"
    + "|".join(re.escape(t) for t in _TYPE_SPELLINGS)
    + r") [1-9]\d*/[12]\d{3}|UUD 1945|Skripsi (?P<slug>[A-Z0-9]+(?:-[A-Z0-9]+)*)"
)


def _document_problem(document: object) -> str | None:
    if not isinstance(document, str):
        return f"document must be a string, got {type(document).__name__}"
    m = _CANONICAL_DOCUMENT_RE.fullmatch(document)
    if m is None or (m["slug"] is not None and m["slug"].lower() in _SKRIPSI_RESERVED):
        return (
            f"{document!r} is not a canonical document id (like 'UU 18/2017', "
            "'Peraturan BP2MI 9/2020' or 'Skripsi BP3MI-NTB'); use Citation.parse or "
            "normalize_document for other spellings"
        )
    return None


def _is_thesis(document: str | None) -> bool:
    return document is not None and document.startswith("Skripsi ")


def _squash(text: str) -> str:
    return re.sub(r"[\s_/-]+", " ", text.strip()).upper()


_TYPE_BY_NAME: Final[dict[str, str]] = {
    _squash(spelling): canonical
    for canonical, spellings in _TYPE_SPELLINGS.items()
    for spelling in (*spellings, canonical)
}


def _canonical_count(value: str | int, what: str) -> str:
    text = str(value).strip()
    if not text.isdigit() or int(text) == 0:
        raise CitationError(f"document {what} must be a positive whole number, got {value!r}")
    return str(int(text))


def document_type(type_: str, *, issuer: str | None = None) -> str:
    """Canonical short type (``UU``, ``PP``, ``Peraturan BP2MI`` ...) of a type name.

    Metadata and title blocks spell types every which way (``UNDANG-UNDANG REPUBLIK
    INDONESIA``, ``Peraturan Pemerintah``); ids must not. ``issuer`` disambiguates generic
    types such as ``PERATURAN MENTERI`` (+ ``KEMENTERIAN KETENAGAKERJAAN``).
    """
    name = _squash(type_)
    name = re.sub(r" (?:NEGARA )?(?:REPUBLIK INDONESIA|RI)$", "", name)
    canonical = _TYPE_BY_NAME.get(name)
    if canonical is None and name in _GENERIC_TYPES and issuer is not None:
        canonical = _ISSUER_TYPES.get(_squash(issuer))
    if canonical is None:
        hint = " (give issuer=...)" if name in _GENERIC_TYPES else ""
        raise CitationError(
            f"unknown document type {type_!r}{hint}: expected one of "
            f"{', '.join(_TYPE_SPELLINGS)} or their long names"
        )
    return canonical


def document_id(
    type_: str, number: str | int, year: str | int, *, issuer: str | None = None
) -> str:
    """Canonical document id from metadata fields: ``("UNDANG-UNDANG", "18", 2017)`` ->
    ``UU 18/2017``. Raises :class:`CitationError` naming the field it cannot use."""
    canonical = document_type(type_, issuer=issuer)
    year_text = _canonical_count(year, "year")
    if len(year_text) != 4 or year_text[0] not in "12":
        raise CitationError(f"document year must have four digits, got {year!r}")
    return f"{canonical} {_canonical_count(number, 'number')}/{year_text}"


# --------------------------------------------------------------------------------------------
# The value type.
# --------------------------------------------------------------------------------------------


def _citation_problem(
    document: str | None, path: tuple[tuple[str, str], ...], penjelasan: bool
) -> str | None:
    if document is not None and (problem := _document_problem(document)):
        return problem
    if document is None and not path:
        return "a citation must name a document or a unit"
    thesis_doc = _is_thesis(document)
    thesis_path = False
    prev: tuple[str, str] | None = None
    for part in path:
        if not (isinstance(part, tuple) and len(part) == 2):
            return f"each path part must be a (kind, number) pair, got {part!r}"
        kind, number = part
        if problem := _number_problem(kind, number):
            return problem
        unit = _render_part(kind, number)
        if template := _order_problem(prev[0] if prev else None, kind):
            return template.format(unit=unit, prev=_render_part(*prev) if prev else "")
        after_umum = prev is not None and prev[0] == "umum"
        if kind in _THESIS_ONLY or (kind == "alinea" and not after_umum):
            thesis_path = True
        if thesis_doc and kind in _STATUTE_ONLY:
            return f"'{unit}' is a statute unit, but {document} is a thesis"
        if document is not None and not thesis_doc and thesis_path:
            return f"'{unit}' is a thesis unit, but {document} is a statute"
        prev = part
    kinds = {kind for kind, _ in path}
    if penjelasan and (thesis_doc or thesis_path):
        return "a thesis has no Penjelasan"
    if penjelasan and kinds & {"menimbang", "mengingat"}:
        return "the Penjelasan does not explain Menimbang or Mengingat"
    if "umum" in kinds and not penjelasan:
        return "'Umum' is part of the Penjelasan: write 'Penjelasan <document> Umum'"
    return None


@dataclass(frozen=True, slots=True)
class Citation:
    """A document, or a unit inside one, named the way Indonesian legal writing names it.

    ``document`` is a canonical id (``UU 18/2017``) or None for a relative citation
    (``Pasal 6 ayat (1)`` inside a known document). ``path`` holds ``(kind, number)`` pairs,
    outermost first, with numbers in canonical form (``("bab", "III")``, ``("bagian",
    "Kesatu")``, ``("pasal", "89A")``, ``("ayat", "1")``, ``("huruf", "j")``). Construction
    validates, so every Citation renders a string that parses back to it; forgiving input
    goes through :meth:`parse`.
    """

    document: str | None
    path: tuple[tuple[str, str], ...] = ()
    penjelasan: bool = False

    def __post_init__(self) -> None:
        # Lists are accepted for convenience; tuples keep the value hashable.
        path = tuple(tuple(p) if isinstance(p, list) else p for p in self.path)
        object.__setattr__(self, "path", path)
        if not isinstance(self.penjelasan, bool):
            raise CitationError(f"penjelasan must be True or False, got {self.penjelasan!r}")
        if problem := _citation_problem(self.document, path, self.penjelasan):
            raise CitationError(f"invalid citation: {problem}")

    @classmethod
    def parse(
        cls, text: str, *, default_document: str | None = None, english: bool = True
    ) -> Citation:
        """Read a citation as people write it; ``default_document`` fills a relative one.

        ``english`` also reads English forms (``Article 6 paragraph (1) of Law 18/2017``);
        they only fill in where the Indonesian reading fails, so it is on by default.
        Raises :class:`CitationError` naming the part that was not understood.
        """
        if not isinstance(text, str):
            raise CitationError(f"cannot read citation {text!r}: expected a string")
        shown = text.strip()
        if len(shown) > MAX_CITATION_CHARS:  # echo a pasted page back shortened, not whole
            raise CitationError(
                f"cannot read citation {shown[:40] + '…'!r}: it is {len(shown):,} characters "
                f"long (a citation has at most {MAX_CITATION_CHARS})"
            )
        cleaned = shown.rstrip(".,;:?! \t\n")
        if not cleaned:
            raise CitationError(f"cannot read citation '{shown}': it is empty")
        cleaned = _lampiran(cleaned)
        reader = _Reader(cleaned, find=False, shown=shown, english=english)
        reader.read_from(0)
        default = normalize_document(default_document) if default_document else None
        return reader.citation(default)

    @property
    def canonical(self) -> str:
        """The one string form: ids, index rows and CLI output all use it."""
        parts = [_render_part(kind, number) for kind, number in self.path]
        if self.document is not None:
            parts.insert(0, self.document)
        if self.penjelasan:
            parts.insert(0, "Penjelasan")
        return " ".join(parts)

    def __str__(self) -> str:
        return self.canonical

    @property
    def is_relative(self) -> bool:
        """True when no document is named (a reference inside some document)."""
        return self.document is None

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of the path parts, outermost first."""
        return tuple(kind for kind, _ in self.path)

    @property
    def parent(self) -> Citation | None:
        """The enclosing unit; None at document level or for a one-part relative citation."""
        if not self.path or (self.document is None and len(self.path) == 1):
            return None
        return Citation(self.document, self.path[:-1], self.penjelasan)

    @property
    def pasal(self) -> Citation | None:
        """This citation cut at its Pasal (what search ranks and displays), or None."""
        for i, (kind, _) in enumerate(self.path):
            if kind == "pasal":
                return Citation(self.document, self.path[: i + 1], self.penjelasan)
        return None

    def with_document(self, document: str) -> Citation:
        """The same units in ``document`` (any spelling ``normalize_document`` reads)."""
        return Citation(normalize_document(document), self.path, self.penjelasan)

    def elucidation(self) -> Citation:
        """The Penjelasan of this unit."""
        return Citation(self.document, self.path, True)

    def body(self) -> Citation:
        """The unit itself rather than its Penjelasan."""
        return Citation(self.document, self.path, False)


def normalize_document(text: str) -> str:
    """Canonical id of a document named in any spelling (``UU No. 18 Tahun 2017``)."""
    citation = Citation.parse(text)
    if citation.document is None or citation.path or citation.penjelasan:
        raise CitationError(f"expected a document such as 'UU 18/2017', got {text!r}")
    return citation.document


# --------------------------------------------------------------------------------------------
# Tokens: one regex per thing a citation can contain.
# --------------------------------------------------------------------------------------------

_I = re.IGNORECASE


def _phrase(spelling: str) -> str:
    """Regex for a phrase whose words may be joined by spaces or hyphens."""
    return r"[\s-]+".join(re.escape(word) for word in re.split(r"[\s-]+", spelling.strip()))


_ALL_SPELLINGS: Final = sorted(
    {s for spellings in _TYPE_SPELLINGS.values() for s in spellings}, key=len, reverse=True
)
_TYPE_RE: Final = "|".join(_phrase(s) for s in _ALL_SPELLINGS)
_TYPE_KEYWORD_RE: Final = re.compile(rf"(?P<type>{_TYPE_RE})(?![a-z])", _I)
_DOC_HEAD: Final = (
    rf"(?P<type>{_TYPE_RE})(?![a-z])"
    r"(?:[\s-]+(?:negara[\s-]+)?(?:republik[\s-]+indonesia|ri)(?![a-z]))?"
    r"\s*,?\s*(?:(?:nomor|nomer|no)\s*\.?\s*)?(?P<num>\d+)"
)
_DOC_RE: Final = re.compile(
    _DOC_HEAD + r"(?:\s*[/-]\s*|\s*,?\s*(?:tahun|thn|th)\s*\.?\s*)(?P<year>\d{4})(?!\d)", _I
)
_DOC_NO_YEAR_RE: Final = re.compile(_DOC_HEAD + r"(?!\d)", _I)
_UUD_RE: Final = re.compile(
    r"(?:uud|undang[\s-]+undang[\s-]+dasar)"
    r"(?:[\s-]+(?:negara[\s-]+)?(?:republik[\s-]+indonesia|nri|ri))?"
    r"[\s-]+(?:tahun[\s-]+)?1945(?!\d)",
    _I,
)
_UUD_KEYWORD_RE: Final = re.compile(r"(?:uud|undang[\s-]+undang[\s-]+dasar)(?!\w)", _I)
_SKRIPSI_RE: Final = re.compile(
    r"skripsi\s+(?!(?:" + "|".join(sorted(_SKRIPSI_RESERVED)) + r")(?![\w-]))"
    r"(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)(?![\w-])",
    _I,
)
_SKRIPSI_KEYWORD_RE: Final = re.compile(r"skripsi(?!\w)", _I)

_U: Final = "|".join(_UNIT_WORDS)
_ORD: Final = (
    rf"(?:pertama|ke[\s-]*(?:\d+|se[\s-]*(?:puluh|belas)|(?:{_U})[\s-]*belas"
    rf"|(?:{_U})[\s-]*puluh(?:[\s-]*(?:{_U}))?|(?:{_U})))"
)
_AFTER_KEYWORD: Final = r"(?:\s+|(?=\d))"
_UNIT_RES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (kind, re.compile(pattern, _I))
    for kind, pattern in (
        ("subbab", r"sub[\s-]*bab\s+(?P<n>[a-z])(?!\w)"),
        ("bab", rf"bab{_AFTER_KEYWORD}(?P<n>\d+[a-z]?|[ivxlcdm]+[a-z]?)(?!\w)"),
        ("bagian", rf"bagian\s+(?P<n>{_ORD}|\d+)(?!\w)"),
        ("paragraf", rf"paragraf{_AFTER_KEYWORD}(?P<n>\d+[a-z]?|{_ORD})(?!\w)"),
        ("pasal", rf"pasal{_AFTER_KEYWORD}(?P<n>\d+[a-z]?|[ivx]+)(?!\w)"),
        ("ayat", r"ayat\s*(?:\(\s*(?P<n>\d+[a-z]?)\s*\)|(?P<m>\d+[a-z]?)(?!\w))"),
        ("huruf", r"huruf\s+(?P<n>[a-z]{1,2})(?!\w)"),
        ("angka", rf"angka{_AFTER_KEYWORD}(?P<n>\d+[a-z]?)(?!\w)"),
        ("alinea", rf"alinea{_AFTER_KEYWORD}(?P<n>\d+|{_ORD})(?!\w)"),
        ("umum", r"umum(?!\w)"),
        ("abstrak", r"abstrak(?!\w)"),
        ("daftar-pustaka", r"daftar[\s-]+pustaka(?!\w)"),
        ("menimbang", r"(?:konsiderans[\s-]+)?menimbang(?!\w)"),
        ("mengingat", r"mengingat(?!\w)"),
    )
)
_UNIT_KEYWORD_RE: Final = re.compile(
    r"(?P<kw>sub[\s-]*bab|bab|bagian|paragraf|pasal|ayat|huruf|angka|alinea)(?!\w)", _I
)
_EXPECTED_AFTER: Final = {
    "subbab": "a letter",
    "bab": "a roman numeral",
    "bagian": "an ordinal such as 'Kesatu'",
    "paragraf": "a number",
    "pasal": "a number",
    "ayat": "a number such as '(1)'",
    "huruf": "a letter",
    "angka": "a number",
    "alinea": "a number",
}
_PENJELASAN_RE: Final = re.compile(r"penjelasan(?!\w)", _I)
_ATAS_RE: Final = re.compile(r"atas(?!\w)", _I)
_TENTANG_RE: Final = re.compile(r"tentang(?!\w)", _I)
_LINK_RE: Final = re.compile(r"(?:dari|dalam|pada|di)(?!\w)", _I)
_BARE_AYAT_RE: Final = re.compile(r"\(\s*(?P<n>\d+[a-z]?)\s*\)", _I)
# A letter standing alone ("Pasal 6 (1) j"), but not the "s" of "s.d.".
_LETTER_RE: Final = re.compile(r"(?P<n>[a-z]{1,2})(?=$|[\s,;:)?!]|\.(?:\s|$))", _I)
_WORD_RE: Final = re.compile(r"[^\s,]+")
_SENTENCE_END_RE: Final = re.compile(r"[.?!;,]")
_MAX_TITLE_WORDS: Final = 15
_FIND_MAX_BAB: Final = 50

_alias_cache: dict[tuple[str, ...], tuple[re.Pattern[str], dict[str, str]]] = {}


def _alias_key(text: str) -> str:
    key = re.sub(r"[\s-]+", " ", text.strip().lower())
    return re.sub(r"^undang undang ", "uu ", key)


def _aliases() -> tuple[re.Pattern[str], dict[str, str]]:
    """Alias matcher for the current keys of ALIASES (which callers may extend)."""
    keys = tuple(ALIASES)
    cached = _alias_cache.get(keys)
    if cached is None:
        alternatives = []
        for key in sorted(keys, key=len, reverse=True):
            words = key.split()
            if words and words[0].lower() == "uu":
                rest = " ".join(words[1:])
                alternatives.append(r"(?:uu|undang[\s-]+undang)[\s-]+" + _phrase(rest))
            else:
                alternatives.append(_phrase(key))
        pattern = re.compile(r"(?:" + "|".join(alternatives) + r")(?!\w)", _I)
        cached = (pattern, {_alias_key(key): key for key in keys})
        _alias_cache.clear()
        _alias_cache[keys] = cached
    return cached


_trigger_cache: dict[tuple[str, ...], re.Pattern[str]] = {}


def _trigger_re(english: bool = False) -> re.Pattern[str]:
    """Words at which a citation can start in free text (keeps find_citations fast)."""
    keys = tuple(ALIASES)
    cached = _trigger_cache.get((*keys, f"english={english}"))
    if cached is None:
        words = {"penjelasan", "bab", "bagian", "paragraf", "pasal", "uud", "undang", "skripsi"}
        words |= {re.split(r"[\s-]+", s)[0].lower() for s in _ALL_SPELLINGS}
        words |= {re.split(r"[\s-]+", k.strip())[0].lower() for k in keys if k.strip()}
        words |= _en.TRIGGERS if english else set()
        alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        cached = re.compile(rf"(?<!\w)(?:{alternation})", _I)
        if len(_trigger_cache) > 1:
            _trigger_cache.clear()
        _trigger_cache[(*keys, f"english={english}")] = cached
    return cached


@dataclass(frozen=True, slots=True)
class _Token:
    type: str  # doc | penjelasan | unit | ayat | letter | link | tentang | atas | bad | word
    start: int
    end: int
    raw: str
    value: str = ""  # document id, unit number, letter, or the reason of a bad token
    kind: str = ""


class _Bad(Exception):
    """A token that is recognisably meant as a unit or document but is malformed."""


#: The longest citation input read (the longest real one is under 100 characters).
MAX_CITATION_CHARS = 300


def _digits_with_letter(raw: str, *, upper: bool) -> str:
    m = re.fullmatch(r"(\d{1,9})([a-z]?)", raw, _I)  # bounded: int() refuses 4,300+ digits
    if m is not None and int(m[1]) == 0:
        raise _Bad(f"numbering starts at 1, not {raw!r}")
    if m is None:
        shown = raw if len(raw) <= 20 else raw[:20] + "…"
        raise _Bad(f"{shown!r} is not a valid number")
    letter = m[2].upper() if upper else m[2].lower()
    return f"{int(m[1])}{letter}"


def _canonical_bab(raw: str, *, find: bool) -> str:
    text = raw.upper()
    if text[0].isdigit():
        number = _digits_with_letter(text, upper=True)
        digits = number.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        letter = number[len(digits) :]
        value = int(digits)
        if value > 3999 or (letter and letter in _ROMAN_CHARS):
            raise _Bad(f"BAB number {raw!r} has no roman form")
        roman = int_to_roman(value)
    else:
        try:
            value = roman_to_int(text)
            roman, letter = text, ""
        except ValueError:
            roman, letter = text[:-1], text[-1]
            try:
                if not roman or letter in _ROMAN_CHARS:
                    raise ValueError(raw)
                value = roman_to_int(roman)
            except ValueError:
                raise _Bad(f"{raw!r} is not a roman numeral") from None
    if find and value > _FIND_MAX_BAB:
        raise _Bad(f"BAB {raw} is implausibly high")
    return roman + letter


def _canonical_number(kind: str, raw: str, *, find: bool) -> str:
    """Canonical number of a unit as written, or :class:`_Bad` saying why not."""
    label = _LABELS[kind]
    if kind == "bab":
        return _canonical_bab(raw, find=find)
    if kind == "pasal":
        if raw[0].isdigit():
            return _digits_with_letter(raw, upper=True)
        if find and not raw.isupper():
            raise _Bad(f"lower-case roman Pasal number {raw!r}")
        try:
            roman_to_int(raw)
        except ValueError:
            raise _Bad(f"{raw!r} is not a Pasal number") from None
        return raw.upper()
    if kind in ("ayat", "angka"):
        return _digits_with_letter(raw, upper=False)
    if kind == "paragraf" and raw[0].isdigit():
        return _digits_with_letter(raw, upper=True)
    if kind in ("bagian", "paragraf", "alinea"):
        try:
            value = int(raw) if raw.isdigit() else ordinal_to_int(raw)
            if kind == "bagian":
                return int_to_ordinal(value)
            if value == 0:
                raise ValueError(raw)
        except ValueError:
            raise _Bad(f"{raw!r} is not a valid {label} number") from None
        return str(value)
    if kind == "huruf":
        letter = raw.lower()
        if not re.fullmatch(r"([a-z])\1?", letter):
            raise _Bad(f"{raw!r} is not a huruf letter (a, b, …, aa)")
        return letter
    if kind == "subbab":
        return raw.upper()
    return ""


def _read_document(text: str, pos: int, *, find: bool) -> _Token | None:
    def token(end: int, value: str) -> _Token:
        return _Token("doc", pos, end, text[pos:end], value)

    if m := _UUD_RE.match(text, pos):
        return token(m.end(), "UUD 1945")
    if m := _SKRIPSI_RE.match(text, pos):
        slug = m["slug"]
        if not find or not any(c.islower() for c in slug) or re.search(r"[\d-]", slug):
            return token(m.end(), f"Skripsi {slug.upper()}")
    pattern, keys = _aliases()
    if m := pattern.match(text, pos):
        value = ALIASES[keys[_alias_key(m[0])]]
        if problem := _document_problem(value):
            raise CitationError(f"alias {m[0]!r} maps to a bad id: {problem}")
        return token(m.end(), value)
    if m := _DOC_RE.match(text, pos):
        name = _TYPE_BY_NAME[_squash(m["type"])]
        if int(m["num"]) > 0 and m["year"][0] in "12":
            return token(m.end(), f"{name} {int(m['num'])}/{m['year']}")
        raw = m[0]
        return _Token("bad", pos, m.end(), raw, f"{raw!r} has no valid number and year")
    return None


def _document_keyword_problem(text: str, pos: int) -> _Token | None:
    """A document type written without its number/year: say what is missing."""
    for keyword_re, example in (
        (_UUD_KEYWORD_RE, "UUD 1945"),
        (_SKRIPSI_KEYWORD_RE, "Skripsi BP3MI-NTB"),
    ):
        if m := keyword_re.match(text, pos):
            found = _found(text, m.end())
            reason = f"expected {example!r} after '{m[0]}', found {found}"
            return _Token("bad", pos, m.end(), m[0], reason)
    if m := _DOC_NO_YEAR_RE.match(text, pos):
        reason = f"expected a year after '{m[0]}' (like 'UU 18/2017' or 'UU 18 Tahun 2017')"
        return _Token("bad", pos, m.end(), m[0], reason)
    if m := _TYPE_KEYWORD_RE.match(text, pos):
        name = _TYPE_BY_NAME[_squash(m["type"])]
        example = "UU 18/2017" if name == "UU" else f"{name} 9/2019"
        known = " or a known name such as 'UU PPMI'" if name == "UU" else ""
        reason = (
            f"expected a number and year after '{m[0]}' (like {example!r}){known}, "
            f"found {_found(text, m.end())}"
        )
        return _Token("bad", pos, m.end(), m[0], reason)
    return None


def _found(text: str, pos: int) -> str:
    m = _WORD_RE.search(text, pos)
    return f"'{m[0]}'" if m else "nothing"


def _read_english(text: str, pos: int, *, find: bool) -> _Token | None:
    """The English form at ``pos`` (``Article 6``, ``Law No. 18 of 2017``, ``of``) as a token."""
    m = _en.match(text, pos, find=find)
    if m is None:
        return None
    raw = text[pos : m.end]
    if m.type == "doc":
        number, year = m.value.split("/")
        if int(number) > 0 and year[0] in "12":
            return _Token("doc", pos, m.end, raw, f"{m.kind} {int(number)}/{year}")
        return _Token("bad", pos, m.end, raw, f"{raw!r} has no valid number and year")
    if m.type == "unit":
        try:
            number = _canonical_number(m.kind, m.value, find=find)
        except _Bad as bad:
            return _Token("bad", pos, m.end, raw, f"in '{raw}': {bad}", m.kind)
        return _Token("unit", pos, m.end, raw, number, m.kind)
    return _Token(m.type, pos, m.end, raw, m.value, m.kind)


def _read_token(text: str, pos: int, *, find: bool, english: bool = False) -> _Token:
    """The token starting at ``pos`` (never None: unknown words come back as ``word``)."""
    if m := _PENJELASAN_RE.match(text, pos):
        return _Token("penjelasan", pos, m.end(), m[0])
    if doc := _read_document(text, pos, find=find):
        return doc
    if english and (token := _read_english(text, pos, find=find)):
        return token
    for kind, unit_re in _UNIT_RES:
        if m := unit_re.match(text, pos):
            raw_number = m.groupdict().get("n") or m.groupdict().get("m") or ""
            try:
                number = _canonical_number(kind, raw_number, find=find) if raw_number else ""
            except _Bad as bad:
                return _Token("bad", pos, m.end(), m[0], f"in '{m[0]}': {bad}", kind)
            return _Token("unit", pos, m.end(), m[0], number, kind)
    if m := _UNIT_KEYWORD_RE.match(text, pos):
        kind = "subbab" if m["kw"].lower().startswith("sub") else m["kw"].lower()
        reason = f"expected {_EXPECTED_AFTER[kind]} after '{m[0]}', found {_found(text, m.end())}"
        return _Token("bad", pos, m.end(), m[0], reason, kind)
    if missing := _document_keyword_problem(text, pos):
        return missing
    if m := _BARE_AYAT_RE.match(text, pos):
        try:
            number = _digits_with_letter(m["n"], upper=False)
        except _Bad as bad:
            return _Token("bad", pos, m.end(), m[0], f"in '{m[0]}': {bad}")
        return _Token("ayat", pos, m.end(), m[0], number, "ayat")
    for type_, word_re in (("link", _LINK_RE), ("tentang", _TENTANG_RE), ("atas", _ATAS_RE)):
        if m := word_re.match(text, pos):
            return _Token(type_, pos, m.end(), m[0])
    if m := _LETTER_RE.match(text, pos):
        return _Token("letter", pos, m.end(), m[0], m["n"])
    m = _WORD_RE.match(text, pos)
    end = m.end() if m else pos + 1
    return _Token("word", pos, end, text[pos:end])


# --------------------------------------------------------------------------------------------
# Reading a sequence of tokens into one citation (whole input, or a stretch of free text).
# --------------------------------------------------------------------------------------------


class _Reader:
    """Accumulates tokens into one citation.

    In parse mode (``find=False``) anything out of place is an error naming it; in find
    mode the citation simply ends before the first token that does not fit.
    """

    def __init__(
        self, text: str, *, find: bool, shown: str | None = None, english: bool = False
    ) -> None:
        self.text = text
        self.find = find
        self.english = english
        self.shown = text if shown is None else shown
        self.document: str | None = None
        self.document_after_units = False
        self.penjelasan = False
        self.parts: list[tuple[str, str]] = []
        self.raws: list[str] = []
        self.start = -1
        self.end = -1
        self.done = False

    def fail(self, reason: str) -> int | None:
        """Stop reading: an error in parse mode, the end of the citation in find mode."""
        if not self.find:
            raise CitationError(f"cannot read citation '{self.shown}': {reason}")
        return None

    def skip(self, pos: int) -> int:
        skippable = " \t\r\n" if self.find else " \t\r\n,;:"
        while pos < len(self.text) and self.text[pos] in skippable:
            pos += 1
        return pos

    def mark(self, start: int, end: int) -> None:
        if self.start < 0:
            self.start = start
        self.end = end

    def read_from(self, pos: int) -> None:
        while not self.done:
            pos = self.skip(pos)
            if pos >= len(self.text):
                return
            token = _read_token(self.text, pos, find=self.find, english=self.english)
            next_pos = self.accept(token)
            if next_pos is None:
                return
            pos = next_pos

    def accept(self, token: _Token) -> int | None:
        """Take ``token`` into the citation; the position after it, or None to stop."""
        if token.type == "bad":
            return self.fail(token.value)
        if token.type == "penjelasan":
            end = self.accept_penjelasan(token)
            if end is not None and token.kind == "umum":  # "General Elucidation"
                return self.accept_unit(_Token("unit", token.start, end, token.raw, "", "umum"))
            return end
        if token.type == "doc":
            return self.accept_document(token)
        if token.type == "link" and self.parts and self.document is None:
            nxt = _read_token(self.text, self.skip(token.end), find=self.find, english=self.english)
            if nxt.type == "doc":
                return self.accept_document(nxt)
            if nxt.type == "bad" and self.english:  # "Article 6 of Law 18": say what is missing
                return self.fail(nxt.value)
        if token.type in ("unit", "ayat", "letter"):
            return self.accept_unit(token)
        if token.type == "tentang":
            return self.fail(f"'{token.raw}' (a title) must follow a document")
        return self.fail(f"did not understand '{token.raw}'")

    def accept_penjelasan(self, token: _Token) -> int | None:
        if self.penjelasan:
            return self.fail(f"'{token.raw}' appears twice")
        if self.find and (self.parts or (self.start >= 0 and self.document is None)):
            return None
        if self.find and _is_thesis(self.document):
            return None
        self.penjelasan = True
        self.mark(token.start, token.end)
        if m := _ATAS_RE.match(self.text, self.skip(token.end)):
            self.mark(token.start, m.end())
            return m.end()
        return token.end

    def accept_document(self, token: _Token) -> int | None:
        if self.document is not None:
            return self.fail(f"two documents: '{self.document}' and '{token.raw}'")
        if self.find:
            problem = _citation_problem(token.value, tuple(self.parts), self.penjelasan)
            if problem:
                return None
        trailing = bool(self.parts)
        self.document = token.value
        self.document_after_units = trailing
        self.mark(token.start, token.end)
        end = token.end
        if not (self.find and trailing):
            title_end = self.title_end(end)
            if title_end is not None:
                end = title_end
                self.mark(token.start, end)
        if self.find and trailing:
            self.done = True
        return end

    def title_end(self, pos: int) -> int | None:
        """End of a ``tentang <title>`` after a document, or None when there is none.

        Parse mode takes every word up to the next unit; in free text the title must reach
        a unit within a few words without crossing a sentence or another document.
        """
        m = _TENTANG_RE.match(self.text, self.skip(pos))
        if m is None and self.english:  # "Law 18/2017 concerning ..."
            m = _en.TENTANG_RE.match(self.text, self.skip(pos))
        if m is None:
            return None
        end, words = m.end(), 0
        while True:
            p = self.skip(end)
            if p >= len(self.text):
                return end if (words and not self.find) else None
            token = _read_token(self.text, p, find=self.find, english=self.english)
            if token.type == "penjelasan" and not self.penjelasan:
                break
            if (
                token.type == "unit"
                and (token.kind != "umum" or self.penjelasan)
                and (not self.find or token.kind in ("bab", "bagian", "paragraf", "pasal"))
            ):
                break
            if token.type == "bad" and token.kind and not self.find:
                break  # a malformed unit ends the title, so its error is reported
            if self.find and (token.type == "doc" or words >= _MAX_TITLE_WORDS):
                return None
            word = _WORD_RE.match(self.text, p)
            word_end = word.end() if word else p + 1
            if self.find and _SENTENCE_END_RE.search(self.text, p, word_end):
                return None
            end, words = word_end, words + 1
        return end if words else None

    def accept_unit(self, token: _Token) -> int | None:
        if self.document_after_units:
            return self.fail(
                f"'{token.raw}' comes after the document; write all units on one side of it"
            )
        prev = self.parts[-1][0] if self.parts else None
        kind, number = token.kind, token.value
        if token.type == "letter":
            if prev == "bab" and len(number) == 1:
                if self.find and not _is_thesis(self.document):
                    return None
                kind, number = "subbab", number.upper()
            elif prev in ("pasal", "ayat", "angka") and (not self.find or prev == "ayat"):
                try:
                    kind, number = "huruf", _canonical_number("huruf", number, find=self.find)
                except _Bad as bad:
                    return self.fail(f"in '{token.raw}': {bad}")
            else:
                return self.fail(f"did not understand '{token.raw}'")
        if self.find:
            anchored = self.document is not None or self.penjelasan
            if kind in _ANCHORED and not anchored:
                return None
            if kind == "ayat" and token.type == "ayat" and prev != "pasal":
                return None
        if template := _order_problem(prev, kind):
            return self.fail(template.format(unit=token.raw, prev=self.raws[-1] if prev else ""))
        if self.find:
            path = (*self.parts, (kind, number))
            if _citation_problem(self.document, path, self.penjelasan):
                return None
        self.parts.append((kind, number))
        self.raws.append(token.raw)
        self.mark(token.start, token.end)
        return token.end

    def citation(self, default_document: str | None) -> Citation:
        """The citation read so far (parse mode: raises with the input in the message)."""
        document = self.document or default_document
        if document is None and not self.parts:
            if self.penjelasan:
                raise CitationError(
                    f"cannot read citation '{self.shown}': 'Penjelasan' of what? "
                    "Name a document or a unit"
                )
            raise CitationError(f"cannot read citation '{self.shown}': no document or unit")
        try:
            return Citation(document, tuple(self.parts), self.penjelasan)
        except CitationError as error:
            reason = str(error).removeprefix("invalid citation: ")
            raise CitationError(f"cannot read citation '{self.shown}': {reason}") from None


def find_citations(
    text: str, *, default_document: str | None = None, english: bool = False
) -> list[tuple[int, int, Citation]]:
    """Citations in free text (queries, cross-references) as ``(start, end, citation)``.

    Each is the longest stretch that reads as one citation, in text order;
    ``text[start:end]`` is what was matched. Relative citations get ``default_document``
    when it fits them. Words such as "umum" or "menimbang" count only after a document.
    ``english`` also reads English forms ("Article 6 of Law 18/2017"): on for what a person
    typed (queries), off for statute text, whose English convention wording is no citation.
    """
    default = normalize_document(default_document) if default_document else None
    found: list[tuple[int, int, Citation]] = []
    last_end = 0
    for m in _trigger_re(english).finditer(text):
        if m.start() < last_end:
            continue
        reader = _Reader(text, find=True, english=english)
        reader.read_from(m.start())
        if reader.start < 0:
            continue
        try:
            citation = reader.citation(None)
        except CitationError:
            continue
        if default is not None and citation.is_relative:
            with contextlib.suppress(CitationError):  # e.g. thesis units in a statute
                citation = Citation(default, citation.path, citation.penjelasan)
        found.append((reader.start, reader.end, citation))
        last_end = reader.end
    return found
