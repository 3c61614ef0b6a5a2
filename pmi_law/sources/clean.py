"""Clean statute text before parsing: page furniture, OCR noise, markdown markers.

Body words are kept exactly as found (we never "correct" the law); only things that are
not the law's text are removed: page numbers, running headers, page-turn catchwords,
stray OCR carets, markdown emphasis markers.
"""

from __future__ import annotations

import re

# "PRESIDEN REPUBLIK INDONESIA" as a running header, including OCR-spaced forms such as
# "PRES I DEN REPUBLIK INDONESIA" or "PRES ]OEN REPUBLIK ^INOONESIA". Upper case only: the
# body writes "Presiden Republik Indonesia" in mixed case.
_HEADER = re.compile(
    r"P\s?R\s?E\s?S\s?[I1l\]\[|]?\s?[DO0]\s?[EO0]\s?N\s+R\s?E\s?P\s?U\s?B\s?L\s?[I1l]\s?K\s+"
    r"[I1l]\s?N\s?[DO0]\s?[O0]\s?N\s?E\s?S\s?[I1l]\s?A(?![,\w])"
)
_SALINAN = re.compile(r"(?m)^\s*S\s?A\s?L\s?I\s?N\s?A\s?N\s*$")
# page numbers "- 12 -", "-3-", "- 16-" (never inside "Rp15.000"-like numbers)
_PAGE_NUMBER = re.compile(r"(?<![\w(])-\s?\d{1,3}\s?-(?![\w-])")
# page-turn catchword "Pasal 14 ..." or "Mengingat : ..." right before a page number
_CATCHWORD = re.compile(r"(?:Pasal\s+\d+[A-Z]?|[A-Za-z]+\s?:|\S+)\s?(?:\.\s?){3}\s*(?=\n|$)")
_CARET = re.compile(r"\^")
# the serial stamp at the foot of official copies: "SK No 102146 A", OCR'd as "Sl( Nlo l02l4t A"
_STAMP = re.compile(
    r"(?<!\w)[A-Za-z\[\]{}!.|]{1,4}\(\s?(?:Nl?r?o|Nc|lJo)\s?[0-9lIO'|][^\n]{0,12}?(?:\sA\b|(?=\s))"
)
_ITALIC = re.compile(r"(?<![\w/])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w/])")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_text(raw: str) -> str:
    """Remove page furniture and OCR/markdown noise, keeping the law's words in order."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _CARET.sub("", text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _HEADER.sub("\n", text)
    text = _STAMP.sub(" ", text)
    text = _SALINAN.sub("", text)
    text = _PAGE_NUMBER.sub("\n", text)
    text = _CATCHWORD.sub("", text)
    text = _SPACES.sub(" ", text)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


_OCR_DIGIT = str.maketrans(
    {
        "l": "1",
        "I": "1",
        "i": "1",
        "|": "1",
        "]": "1",
        "O": "0",
        "o": "0",
        "T": "7",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
    }
)


def read_number(raw: str) -> list[str]:
    """Candidate readings of an OCR'd article number (`l0` → 10, `I I` → 11, `89A` → 89A).

    Several readings may be possible (`9l` is 91; `89A` keeps its letter), so callers pick
    the one that fits the expected sequence.
    """
    s = re.sub(r"\s+", "", raw)
    out: list[str] = []
    if not s:
        return out
    plain = s.translate(_OCR_DIGIT)
    if plain.isdigit():
        out.append(str(int(plain)))
    if len(s) > 1 and s[-1].isalpha() and s[-1].isupper() and s[-1] not in "IOTSZ":
        base = s[:-1].translate(_OCR_DIGIT)
        if base.isdigit():
            out.append(f"{int(base)}{s[-1]}")
    return out
