"""English spellings of citations, as legal-aid staff and law students type them.

``Article 6 paragraph (1) letter j of Law No. 18 of 2017`` means ``UU 18/2017 Pasal 6 ayat
(1) huruf j``: the words differ, the ids do not. This module only recognises the English
words at a position and hands back what they stand for; :mod:`pmi_law.citations` checks the
numbers and builds the citation, exactly as for the Indonesian words. It is read only where a
person wrote the text (a citation typed in, a search query), never in statute text, whose
quoted convention articles ("Article 6 of the Convention") are not Indonesian law.

Plain ``re`` and no imports from the package, so :mod:`pmi_law.citations` can import it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = ["TENTANG_RE", "TRIGGERS", "EnglishMatch", "match"]

_I = re.IGNORECASE

# Canonical type -> the English names for it. Order matters where one name starts another
# ("Government Regulation in Lieu of Law" before "Government Regulation").
_TYPES: Final[tuple[tuple[str, str], ...]] = (
    ("Perppu", r"government\s+regulation\s+in\s+lieu\s+of\s+(?:an?\s+|the\s+)?(?:law|act)"),
    ("PP", r"government\s+regulation|GR"),
    ("Perpres", r"presidential\s+regulation"),
    ("Keppres", r"presidential\s+decree"),
    (
        "Permenakertrans",
        r"(?:minister|ministry)\s+of\s+manpower\s+and\s+transmigration\s+regulation"
        r"|regulation\s+of\s+the\s+(?:minister|ministry)\s+of\s+manpower\s+and\s+transmigration",
    ),
    (
        "Permenaker",
        r"(?:minister|ministry)\s+of\s+manpower\s+regulation"
        r"|manpower\s+(?:minister|ministerial|ministry)\s+regulation"
        r"|regulation\s+of\s+the\s+(?:minister|ministry)\s+of\s+manpower",
    ),
    ("Peraturan BP2MI", r"BP2MI\s+regulation"),
    ("Peraturan BNP2TKI", r"(?:head\s+of\s+)?BNP2TKI\s+regulation"),
    ("UU", r"(?:indonesian\s+)?(?:law|act)"),
)
_TYPE_GROUPS: Final = "|".join(f"(?P<t{i}>{pattern})" for i, (_, pattern) in enumerate(_TYPES))
_HEAD: Final = (
    rf"(?:the\s+)?(?:{_TYPE_GROUPS})(?![a-z])"
    r"(?:\s+of\s+the\s+republic\s+of\s+indonesia|\s+RI)?"
    r"\s*,?\s*(?:(?:number|no|nr)\s*\.?\s*)?(?P<num>\d{1,6})(?!\d)"
)
# "18/2017", "18-2017", "18 of 2017", "18 Year 2017", "18 of the year 2017"
_YEAR: Final = (
    r"(?:\s*[/-]\s*|\s*,?\s*(?:of\s+(?:the\s+)?(?:year\s+)?|year\s+|tahun\s+))"
    r"(?P<year>\d{4})(?!\d)"
)
_DOC_RE: Final = re.compile(_HEAD + _YEAR, _I)
_DOC_NO_YEAR_RE: Final = re.compile(_HEAD, _I)
_TYPE_KEYWORD_RE: Final = re.compile(rf"(?:the\s+)?(?:{_TYPE_GROUPS})(?![a-z])", _I)

_AFTER_KEYWORD: Final = r"(?:\s+|(?=\d))"
_NUMBER_IN_BRACKETS_OR_NOT: Final = r"\s*(?:\(\s*(?P<n>\d+[a-z]?)\s*\)|(?P<m>\d+[a-z]?)(?!\w))"
_LETTER_IN_BRACKETS_OR_NOT: Final = r"(?:\s*\(\s*(?P<n>[a-z]{1,2})\s*\)|\s+(?P<m>[a-z]{1,2})(?!\w))"
# Unit kind -> its English words with the number. "point"/"item" take a letter (huruf) or a
# number (angka), as official translations use them for both.
_UNIT_RES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (kind, re.compile(pattern, _I))
    for kind, pattern in (
        ("bab", rf"chapter{_AFTER_KEYWORD}(?P<n>\d+[a-z]?|[ivxlcdm]+[a-z]?)(?!\w)"),
        ("pasal", rf"(?:article|art\.?){_AFTER_KEYWORD}(?P<n>\d+[a-z]?|[ivx]+)(?!\w)"),
        ("ayat", r"(?:paragraph|para\.?|par\.)" + _NUMBER_IN_BRACKETS_OR_NOT),
        (
            "huruf",
            r"(?:letter|point|item|sub[\s-]*paragraph|sub[\s-]*para\.?)"
            + _LETTER_IN_BRACKETS_OR_NOT,
        ),
        ("angka", r"(?:number|point|item)" + _NUMBER_IN_BRACKETS_OR_NOT),
    )
)
# The "(j)" of "Article 6(1)(j)": a letter like the bare "j" of "Pasal 6(1)j", so it is a huruf
# only where a bare letter is (in free text: after an ayat, not after OCR's "Pasal 35 (l)").
_BRACKETED_LETTER_RE: Final = re.compile(r"\(\s*(?P<n>[a-z]{1,2})\s*\)", _I)
# A unit word with no usable number: an error in a typed citation, plain prose in a query.
_UNIT_KEYWORD_RE: Final = re.compile(
    r"(?P<kw>chapter|article|art\.|paragraph|para\.|letter|sub[\s-]*paragraph)(?!\w)", _I
)
_KEYWORD_KIND: Final = {
    "chapter": ("bab", "a roman numeral such as 'III'"),
    "article": ("pasal", "a number such as '6'"),
    "art.": ("pasal", "a number such as '6'"),
    "paragraph": ("ayat", "a number such as '(1)'"),
    "para.": ("ayat", "a number such as '(1)'"),
    "letter": ("huruf", "a letter such as 'j'"),
    "subparagraph": ("huruf", "a letter such as 'j'"),
}
# "Elucidation of", "General Elucidation of the": the "of" belongs to the word, as "atas"
# belongs to "Penjelasan atas".
_PENJELASAN_RE: Final = re.compile(
    r"(?P<general>general\s+)?(?:elucidation|(?P<plain>explanation))(?!\w)"
    r"(?P<of>\s+(?:of|on|to)(?:\s+the)?(?!\w))?",
    _I,
)
_INDONESIAN_START_RE: Final = re.compile(r"(?:pasal|bab)\s*(?:\d|[ivxlcdm]+\b)|uu\s+\d", _I)
_LINK_RE: Final = re.compile(r"(?:of|in|under)(?:\s+the)?(?!\w)", _I)
TENTANG_RE: Final = re.compile(r"(?:concerning|regarding|on)(?!\w)", _I)
_WORD_RE: Final = re.compile(r"[^\s,]+")

TRIGGERS: Final[frozenset[str]] = frozenset(
    {
        *("article", "art", "chapter", "elucidation", "explanation", "general"),
        *("law", "act", "indonesian", "government", "gr", "presidential"),
        *("minister", "ministry", "manpower", "regulation", "bp2mi", "head", "bnp2tki"),
    }
)
"""Words at which an English citation can begin in free text."""


@dataclass(frozen=True, slots=True)
class EnglishMatch:
    """What the English words at a position stand for (numbers still as written)."""

    type: str  # doc | penjelasan | unit | letter | link | tentang | bad
    end: int
    kind: str = ""  # unit kind; canonical type of a doc; "umum" for General Elucidation
    value: str = ""  # unit number, letter or "number/year" as written; the reason if bad


def match(text: str, pos: int, *, find: bool) -> EnglishMatch | None:
    """The English citation words starting at ``pos``, or None.

    In find mode (free text) a unit or document word without its number is not a match, so
    "the law" or "an article" stay prose; in parse mode it is a ``bad`` match saying what is
    missing.
    """
    if (m := _PENJELASAN_RE.match(text, pos)) and not (
        find and m["plain"] and not _names_a_unit(text, m)
    ):
        return EnglishMatch("penjelasan", m.end(), "umum" if m["general"] else "")
    if m := _DOC_RE.match(text, pos):
        return EnglishMatch("doc", m.end(), _type_of(m), f"{m['num']}/{m['year']}")
    for kind, unit_re in _UNIT_RES:
        if m := unit_re.match(text, pos):
            return EnglishMatch("unit", m.end(), kind, m["n"] or m.groupdict().get("m") or "")
    if m := _BRACKETED_LETTER_RE.match(text, pos):
        return EnglishMatch("letter", m.end(), "", m["n"])
    if m := _LINK_RE.match(text, pos):
        return EnglishMatch("link", m.end())
    if m := TENTANG_RE.match(text, pos):
        return EnglishMatch("tentang", m.end())
    return None if find else _problem(text, pos)


def _names_a_unit(text: str, m: re.Match[str]) -> bool:
    """Whether "explanation of" goes on with a unit or document ("... of Article 6"): in free
    text a plain "explanation" is no Penjelasan."""
    if not m["of"]:
        return False
    pos = m.end()
    while pos < len(text) and text[pos].isspace():
        pos += 1
    unit_res = (unit_re for _, unit_re in _UNIT_RES)
    return any(r.match(text, pos) for r in (_DOC_RE, _INDONESIAN_START_RE, *unit_res))


def _type_of(m: re.Match[str]) -> str:
    for i, (canonical, _) in enumerate(_TYPES):
        if m[f"t{i}"] is not None:
            return canonical
    raise AssertionError("a document match names no type")  # pragma: no cover


def _problem(text: str, pos: int) -> EnglishMatch | None:
    """A unit or document word that lacks its number: what was expected (parse mode)."""
    if m := _UNIT_KEYWORD_RE.match(text, pos):
        kind, expected = _KEYWORD_KIND[re.sub(r"[\s-]+", "", m["kw"].lower())]
        reason = f"expected {expected} after '{m[0]}', found {_found(text, m.end())}"
        return EnglishMatch("bad", m.end(), kind, reason)
    if m := _DOC_NO_YEAR_RE.match(text, pos):
        reason = f"expected a year after '{m[0]}' (like 'Law 18/2017' or 'Law No. 18 of 2017')"
        return EnglishMatch("bad", m.end(), "", reason)
    if m := _TYPE_KEYWORD_RE.match(text, pos):
        reason = (
            f"expected a number and year after '{m[0]}' (like 'Law 18/2017' or "
            f"'Government Regulation 59 of 2021'), found {_found(text, m.end())}"
        )
        return EnglishMatch("bad", m.end(), "", reason)
    return None


def _found(text: str, pos: int) -> str:
    m = _WORD_RE.search(text, pos)
    return f"'{m[0]}'" if m else "nothing"
