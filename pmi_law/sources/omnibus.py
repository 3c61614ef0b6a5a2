"""Omnibus structure: which Pasal headings of an amending law are its own.

An amending law (UU 11/2020 amends some seventy laws) quotes the new text of the Pasal it
changes: "Ketentuan Pasal 60 diubah sehingga berbunyi sebagai berikut: Pasal 60 (1) …".
Those quoted headings belong to the amended law. Read in text order, an amendment
instruction opens a *zone* and a quote; the zone closes only at a heading that can be the
amending law's next own Pasal (its number follows the last own one) and that reads like
one (it names another law, or a BAB/Bagian/Paragraf of the amending law comes first).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Protocol

from pmi_law.errors import ParseError
from pmi_law.models import Document, DocumentInfo, Node

#: An amendment instruction (OCR-tolerant: "Ketentuan Pasal berikut: 51 diubah").
INSTRUCTION = re.compile(
    r"(?P<ubah>\bKetentuan\s+(?:(?:ayat|huruf|angka)\s+\S+\s+)*Pasal\b(?:(?!\bdiubah\b|\bPasal\s+\S+\s+Beberapa).){0,160}?\bdiubah\b)"
    r"|(?P<sisip>\bDi\s*antara\s+(?:Pasal|BAB|Bagian|Paragraf|ayat|huruf|angka)\b(?:(?!\bdisisipkan\b).){0,220}?\bdisisipkan\b)"
    r"|(?P<hapus>\bPasal\s*[0-9lIO]+[A-Z]?(?:\s+(?:ayat|huruf|angka)\s+\S+)*"
    r"(?:\s*(?:,|dan|sampai\s+dengan)\s*Pasal\s*[0-9lIO]+[A-Z]?)*\s+dihapus\b)"
    r"|(?P<penj>\bPenjelasan\s+(?:(?:ayat|huruf|angka)\s+\S+\s+)*Pasal\b(?:(?!\bdiubah\b).){0,160}?\bdiubah\b)",
    re.S,
)
#: Where the quoted new text starts ("… sehingga berbunyi sebagai berikut:").
QUOTE = re.compile(r"\bberbunyi\s+sebagai(?:\s+berikut)?\s*:?")
#: The first words of an amending law's own Pasal: it names the law it changes.
_OWN_LEAD = re.compile(
    r"\s*(?:Pasal\s*\S+\s+)?(?:Beberapa\s+ketentuan|Ketentuan\s+(?:\S+\s+){0,8}?dalam\s+"
    r"(?:Undang|Peraturan)|(?:\S+\s+){0,30}?(?:Undang-Undang|Peraturan\s+\w+)\s+Nomor\s+\S+\s+Tahun"
    r"|(?:\S+\s+){0,40}?(?:Undang-Undang\s+ini\s+mengubah|beberapa\s+ketentuan))",
)
#: A heading of the amending law's own structure just before a Pasal heading.
_STRUCT_BEFORE = re.compile(r"\b(?:BAB|Bagian|Paragraf)\s+\S+(?:\s+\S+){0,12}\s*$")


class _Struct(Protocol):
    start: int
    end: int


_ANGKA_BEFORE = re.compile(r"\bAngka\s+[0-9lI]{1,3}(?:\s[0-9lI])?\s*\.?\s*$")


def drop_quoted(
    text: str,
    cands: list[tuple[int, int, str, bool, bool]],
    structure: Sequence[_Struct],
) -> tuple[list[tuple[int, int, str, bool, bool]], set[int]]:
    """Pasal candidates and structure markers (by start) that are the law's own.

    Returns the kept candidates and the starts of the structure markers to drop. A law
    without amendment instructions is returned unchanged.
    """
    instrs = [(m.start(), m.end()) for m in INSTRUCTION.finditer(text)]
    if len(re.findall(r"\bAngka\s+\d+\s+Pasal\b", text)) >= 3:
        # an omnibus Penjelasan: "Pasal 84 Angka 1 Pasal 1 Cukup jelas." quotes Pasal 1
        cands = [c for c in cands if not _ANGKA_BEFORE.search(text[max(0, c[0] - 16) : c[0]])]
    if not instrs:
        return cands, set()
    quotes = [m.end() for m in QUOTE.finditer(text)]
    events: list[
        tuple[int, int, int]
    ] = []  # (pos, order, index) order: 0 instr 1 quote 2 struct 3 cand
    events += [(s, 0, i) for i, (s, _) in enumerate(instrs)]
    events += [(q, 1, i) for i, q in enumerate(quotes)]
    events += [(m.start, 2, i) for i, m in enumerate(structure)]
    events += [(c[0], 3, i) for i, c in enumerate(cands)]
    events.sort()
    keep: list[tuple[int, int, str, bool, bool]] = []
    dropped_struct: set[int] = set()
    pending_struct: list[int] = []  # structure markers seen inside a zone, awaiting a verdict
    in_zone = False
    own_last = 0
    instr_end = -1
    quote_end = -1
    quote_open = False
    for _, order, i in events:
        if order == 0:
            in_zone = True
            instr_end = max(instr_end, instrs[i][1])
            dropped_struct.update(pending_struct)
            pending_struct = []
        elif order == 1:
            if in_zone:
                quote_end = quotes[i]
                quote_open = True
        elif order == 2:
            if in_zone:
                pending_struct.append(structure[i].start)
        else:
            start, end, number, strong, weak = cands[i]
            n = _number(number)
            if n is not None and not own_last < n <= own_last + 2:
                n = _spaced(text, start, own_last) or n  # "Pasal 1 10" is Pasal 110
                if str(n) != number:
                    end = _spaced_end(text, start)
                    number = str(n)
                    cands[i] = (start, end, number, strong, weak)
            if not in_zone:
                keep.append(cands[i])
                if n is not None and own_last < n <= own_last + 5:
                    own_last = n
                continue
            first_quoted = quote_open and start - quote_end < 80
            quote_open = False
            if start < instr_end or first_quoted:
                continue  # inside an instruction, or the heading a quote starts with
            follows = n is not None and own_last < n <= own_last + 2
            struct_before = _STRUCT_BEFORE.search(text[max(0, start - 160) : start])
            if follows and (
                pending_struct
                or struct_before
                or _OWN_LEAD.match(text, end)
                or _next_before_instruction(cands, i, instrs)
            ):
                in_zone = False
                own_last = n or own_last
                keep.append(cands[i])
                pending_struct = []
                continue
            dropped_struct.update(pending_struct)
            pending_struct = []
    return keep, dropped_struct


def _next_before_instruction(
    cands: list[tuple[int, int, str, bool, bool]], i: int, instrs: list[tuple[int, int]]
) -> bool:
    """Whether the heading after candidate ``i`` (number + 1) comes before any instruction:
    an own Pasal that amends nothing, followed by the next own Pasal (or by nothing more
    to amend)."""
    n = _number(cands[i][2])
    if n is None:
        return False
    start = cands[i][0]
    k = bisect.bisect_right(instrs, (start, 1 << 62))
    next_instr = instrs[k][0] if k < len(instrs) else 1 << 62
    for c in cands[i + 1 :]:
        if c[0] >= next_instr:
            return False
        if _number(c[2]) == n + 1:
            return True
    return k >= len(instrs)  # after the last instruction: the law's closing Pasal


_SPACED = re.compile(r"Pa\s?[s5]\s?a\s?[il1It]\s?((?:[0-9lIO]{1,3}[ \t]){1,3}[0-9lIO]{1,3})\b")


def _spaced(text: str, start: int, own_last: int) -> int | None:
    """An OCR heading whose digits are spaced apart, read as the own Pasal that follows."""
    m = _SPACED.match(text, start)
    if m is None:
        return None
    groups = m.group(1).translate(str.maketrans("lIO", "110")).split()
    for k in range(2, len(groups) + 1):
        value = int("".join(groups[:k]))
        if own_last < value <= own_last + 2:
            return value
    return None


def _spaced_end(text: str, start: int) -> int:
    m = _SPACED.match(text, start)
    return m.end() if m else start


def _number(number: str) -> int | None:
    return int(number) if number.isdigit() else None


_EXCERPT_HEAD = re.compile(r"(?m)^[ \t]*Pasal\s+(?P<num>\d+[A-Z]?)[ \t]*$")


def parse_excerpt(raw: str, info: DocumentInfo, pasal: Sequence[str]) -> Document:
    """A document of which the corpus holds only some Pasal (Perppu 2/2022 Pasal 84).

    The file starts at the first of them; each is cut at the next one's heading. No
    sequence is checked: an excerpt has gaps by design.
    """
    from .amend import strip_furniture
    from .clean import clean_text
    from .provenance import attach_repairs
    from .repair import repair_text
    from .units import build_units as _build_units

    repaired = repair_text(strip_furniture(clean_text(raw)), info.source)
    text = repaired.text
    doc = Document(info)
    heads = [m for m in _EXCERPT_HEAD.finditer(text) if m["num"] in pasal]
    firsts: dict[str, re.Match[str]] = {}
    for m in heads:
        firsts.setdefault(m["num"], m)
    ordered = sorted(firsts.values(), key=lambda m: m.start())
    if not ordered:
        raise ParseError(f"{info.citation}: none of Pasal {', '.join(pasal)} found in the excerpt")
    doc.preamble = text[: ordered[0].start()].strip()
    for i, m in enumerate(ordered):
        stop = ordered[i + 1].start() if i + 1 < len(ordered) else len(text)
        node = Node("pasal", m["num"])
        _build_units(node, text[m.end() : stop].strip())
        doc.add(node)
    restructure(doc)
    doc.attach()
    attach_repairs(doc, repaired)
    from .resolve import resolve_document

    resolve_document(doc)
    return doc


def restructure(doc: Document) -> None:
    """Give each amending Pasal its own units: one angka per instruction, with the quoted
    text inside it, instead of the quoted law's ayat and angka."""
    from .amend import instruction_spans

    for pasal in doc.nodes("pasal"):
        text = pasal.full_text()
        spans = instruction_spans(text)
        if not spans:
            continue
        lead = re.sub(r"\s*\b[0-9lI]{1,3}\s?\.?\s*$", "", text[: spans[0][1]]).strip()
        pasal.text = re.sub(r"\s+", " ", lead)
        pasal.children = []
        for i, (angka, start, end, _) in enumerate(spans):
            body = text[start:end]
            if i + 1 < len(spans):
                body = re.sub(r"\s*\b[0-9lI]{1,3}\s?\.?\s*$", "", body)
            pasal.add(Node("angka", str(angka), body.strip()))
