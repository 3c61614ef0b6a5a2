"""Clean statute text before parsing: page furniture, OCR noise, markdown markers.

Body words are kept exactly as found (we never "correct" the law); only things that are
not the law's text are removed: page numbers, running headers, page-turn catchwords,
stray OCR carets, markdown emphasis markers.
"""

from __future__ import annotations

import re
from datetime import date

# "PRESIDEN REPUBLIK INDONESIA" as a running header, in every OCR form found: "PRES I DEN
# REPUBLIK INDONESIA", "PRES ]OEN REPUBLIK ^INOONESIA", "FRESIOEN REPLIBLIK INDONESIA",
# "trRESIDEH REPUEUK INDONESTA", "PRESIDEN\nREPUBLIK TNDONESIA". Upper case only: the body
# writes "Presiden Republik Indonesia" in mixed case; a signature ends with a comma.
_HEADER = re.compile(
    r"(?:tr|[PpF])\s?[RrE][A-Za-z!|\]\[{}()]{1,8}(?:\s[A-Za-z!|\]\[{}()]{1,4}){0,2}\s+"
    r"R\s?E\s?[PF]\s?[UuL]\s?[BEIL][A-Za-z|]{1,4}\s+"
    r"[I1!iT\]]\s?[NHn]\s?[DO0]\s?[O0]\s?N\s?E\s?[S5B]\s?[I1lT\]]\s?A(?![,\w])"
    r"|P\s?R\s?E\s?S\s?[I1l\]\[|]?\s?[DO0]\s?[EO0]\s?N\s+R\s?E\s?P\s?U\s?B\s?L\s?[I1l]\s?K\s+"
    r"[I1l]\s?N\s?[DO0]\s?[O0]\s?N\s?E\s?S\s?[I1l]\s?A(?![,\w])"
)
_SALINAN = re.compile(r"(?m)^\s*S\s?A\s?L\s?I\s?N\s?A\s?N\s*$")
# page numbers "- 12 -", "-3-", "- 16-", OCR'd "-2t-", "_t2_", "-r28-" (never inside "Rp15.000")
_PAGE_NUMBER = re.compile(r"(?<![\w(])[-_]\s?(?=[0-9lrtoI]*\d)[0-9lrtoI]{1,4}\s?[-_](?![\w-])")
# page-turn catchword "Pasal 14 ..." or "Mengingat : ..." right before a page number
_CATCHWORD = re.compile(r"(?:Pasal\s+\d+[A-Z]?|[A-Za-z]+\s?:|\S+)\s?(?:\.\s?){3}\s*(?=\n|$)")
# a catchword right before other page furniture (marked \x00 first): "(5) Ketentuan... SK No …"
_CATCHWORD_BEFORE = re.compile(
    r"(?:(?:\(\d+[a-z]?\)|\b[a-z]\.|\b\d+\.)\s?)?\S+\s?(?:\.\s?){2,3}\s*(?=\x00)"
)
# "Pasal 38 ." at a page foot, the heading "Pasal 38" on the next page (a few lines on)
_PASAL_CATCHWORD = re.compile(
    r"(?<!\S)Pasal\s+(\d+[A-Z]?)\s\.[ \t]*\n(?=(?:[^\n]*\n){0,3}?\s*Pasal\s+\1\b)"
)
# the same page-turn catchword without its dot: "Pasal 33" alone on the line right before
# the heading "Pasal 33 Cukup jelas" (a heading is never printed twice in a row)
_PASAL_REPEATED = re.compile(r"(?m)^[ \t]*Pasal\s+(\d+[A-Z]?)[ \t]*\n(?=[ \t]*Pasal\s+\1\b)")
_CARET = re.compile(r"\^")
# the serial stamp at the foot of official copies: "SK No 102146 A", OCR'd as "Sl( Nlo l02l4t A",
# "Sl( Irlo l0l I 73 A", "S!( [,lo lQ)162 A", "lil( l'Jo l0jl l..l A", "SK Nlo l1)l)') A"
_STAMP = re.compile(
    r"(?<![\w(])(?:S\s?[Il1!|]?\s?[(<{]|lil\(|S\s?K(?=\s+N))\s?\S{0,4}[oO]\s+"
    r"[0-9lIOQjt|.)'(\-sr,]{1,9}(?:\s[0-9lIOQjt|.)'(\-sr]{1,4}){0,2}\s?A(?![\w])\.?"
    r"|(?<![\w(])[A-Za-z\[\]{}!.|]{1,4}\(\s?(?:Nl?r?o|Nc|lJo)\s?[0-9lIO'|][^\n]{0,12}?(?:\sA\b|(?=\s))"
)
# what OCR makes of the Garuda emblem: "REPUJ'T': =,'35I*r'o", "R E P u JLTI t,',3ot] * ..' o"
_EMBLEM = re.compile(
    r"(?:R|n)\s?E\s?[Pp]\s?[uU]\s?J[^\n]{0,30}?[*=][^\n]{0,14}?o(?=\s*(?:\n|$|[-_]\s?[0-9lrtoI]{1,4}\s?[-_]))"
)
_ITALIC = re.compile(r"(?<![\w/])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w/])")
# stray markdown rules "__" between sentences (left from the PDF's underlines)
_RULE = re.compile(r"(?<![\w_])_{2,}(?![\w_])")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_text(raw: str) -> str:
    """Remove page furniture and OCR/markdown noise, keeping the law's words in order."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _CARET.sub("", text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _RULE.sub(" ", text)
    text = _HEADER.sub("\x00", text)
    text = _STAMP.sub("\x00", text)
    text = _EMBLEM.sub("\x00", text)
    text = _SALINAN.sub("", text)
    text = _PAGE_NUMBER.sub("\x00", text)
    text = _CATCHWORD_BEFORE.sub("", text)
    text = re.sub(r"\s*\x00[\s\x00]*", "\n", text)
    text = _CATCHWORD.sub("", text)
    text = _PASAL_CATCHWORD.sub("\n", text)
    text = _PASAL_REPEATED.sub("", text)
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


#: Indonesian month names, as a date is written in a signature or a metadata record.
MONTHS = {
    name: i
    for i, name in enumerate(
        [
            "januari",
            "februari",
            "maret",
            "april",
            "mei",
            "juni",
            "juli",
            "agustus",
            "september",
            "oktober",
            "november",
            "desember",
        ],
        1,
    )
}


def tanggal(day: str, month: str, year: str) -> date | None:
    """ "5", "Januari", "2030" as a date; None for a month it does not know or no such day."""
    number = MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None
