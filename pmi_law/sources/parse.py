"""Statute parser: cleaned text → Document tree (BAB ▸ Bagian ▸ Paragraf ▸ Pasal ▸ ayat ▸ huruf/angka).

The same code reads clean one-unit-a-line text, markdown-ish text whose headings run into
the previous line, and noisy OCR. It works on the whole text as a stream: structural
markers are found wherever they occur, and a marker is only believed when its number fits
the sequence (Pasal 12 after Pasal 11; huruf c after huruf b). That one rule is what keeps
cross-references ("sebagaimana dimaksud dalam Pasal 5") and OCR debris out of the tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from pmi_law.citations import (
    document_id,
    document_type,
    int_to_ordinal,
    int_to_roman,
    ordinal_to_int,
    roman_to_int,
)
from pmi_law.errors import ParseError
from pmi_law.models import Document, DocumentInfo, Node

from .clean import clean_text, read_number
from .omnibus import drop_quoted, restructure

# ---------------------------------------------------------------------------- title block

_TYPE_WORDS = (
    r"UNDANG-UNDANG|PERATURAN\s+PEMERINTAH\s+PENGGANTI\s+UNDANG-UNDANG|PERATURAN\s+PEMERINTAH"
    r"|PERATURAN\s+PRESIDEN|PERATURAN\s+MENTERI\s+KETENAGAKERJAAN"
    r"|PERATURAN\s+BADAN\s+PELINDUNGAN\s+PEKERJA\s+MIGRAN\s+INDONESIA"
)
_TITLE = re.compile(
    rf"(?P<type>{_TYPE_WORDS})\s+(?:REPUBLIK\s+INDONESIA\s+)?NOMOR\s*(?P<number>[0-9lIO]+)\s+"
    r"TAHUN\s*(?P<year>[0-9lIOo ]{4,6}?)\s+TENTANG\s+(?P<title>.+?)\s*(?=DENGAN\s+RAHMAT|$)",
    re.S,
)


def _read_title(head: str) -> tuple[str, str, str, str] | None:
    m = _TITLE.search(head)
    if not m:
        return None
    number = read_number(m["number"])
    year = read_number(m["year"])
    if not number or not year:
        return None
    type_ = document_type(re.sub(r"\s+", " ", m["type"]))
    title = re.sub(r"\s+", " ", m["title"]).strip().rstrip(",")
    title = re.sub(r"^(TENTANG\s+)+", "", title)
    return type_, number[0], year[0], title


# ---------------------------------------------------------------------------- markers

_REF_WORDS = {
    "dalam",
    "pada",
    "dan",
    "atau",
    "dengan",
    "sampai",
    "menurut",
    "berdasarkan",
    "ketentuan",
    "maksud",
    "oleh",
    "ke",
    "terhadap",
    "di",
    "antara",
    "serta",
    "bahwa",
    "ayat",
    "atas",
    "sebagai",
    "tentang",
    "yaitu",
    "huruf",
    "angka",
    "dan/atau",
    "melanggar",
    "dimaksud",
    "mengubah",
    "diubah",
    "menjadi",
    "ini",
    "dari",
    "kecuali",
    "lihat",
    "setelah",
    "sebelum",
    "disisipkan",
    "dihapus",
    "menyisipkan",
    "memenuhi",
    "sesuai",
    "mengenai",
    "jo.",
    "juncto",
}
_HEAD = re.compile(
    r"(?P<bab>\bBAB\s+(?P<babnum>[IVXL1l]+(?:\s?[IVX])*)\b)"
    r"|(?P<bagian>\bBagian\s+(?P<bagnum>Ke[a-z]+(?:\s?(?:[Bb]elas|[Pp]uluh(?:\s?[a-z]+)?))?)\b)"
    r"|(?P<paragraf>\bParagraf\s+(?P<parnum>\d+|Ke[a-z]+)\b)"
    r"|(?P<pasal>\bPa\s?[s5]\s?a\s?[il1It](?:\s?(?P<pnum>[0-9lIOTSBo](?:[0-9lIOTSBio]|\s(?=[0-9lIO]\b))*"
    r"(?:[A-H](?![a-z]))?)(?!\s?[.,]\s?\d)(?=[\s.:(]|$)|(?P<pnum2>T\d+)))"
)


_STRONG_REF_WORDS = {"dalam", "pada", "dimaksud", "dan", "atau", "dan/atau", "ketentuan"}
_REF_AFTER = re.compile(
    r"[ \t]*(?:ayat|huruf|angka|Undang-[Uu]ndang\s+(?:Nomor|Dasar)|UUD|Peraturan\s+\w+\s+Nomor"
    r"|dan\b|atau\b|,|sampai|sebagaimana|jo\b)"
)


@dataclass(slots=True)
class _Marker:
    kind: str
    number: str
    start: int
    end: int


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, pos - 40) : pos])
    return m.group(1).lower() if m else ""


def _looks_like_heading(text: str, start: int, end: int) -> bool | None:
    """A heading starts a line or follows the end of a sentence/title, never 'dalam Pasal 5'."""
    before = text[max(0, start - 3) : start]
    prev = _prev_word(text, start)
    ok: bool | None
    if start == 0 or before.endswith("\n"):
        ok = True
    else:
        ok = prev not in _REF_WORDS and not prev.endswith(",")
    after = text[end : end + 30]
    if _REF_AFTER.match(after):
        return False
    if not ok and prev not in _STRONG_REF_WORDS and re.match(r"[ \t]*(\([1lI]\S?\)|[A-Z])", after):
        ok = None  # scrambled OCR: believe it only if the number is exactly the next one
    return ok


def _pasal_key(number: str) -> tuple[int, str]:
    m = re.fullmatch(r"(\d+)([A-Z]?)", number)
    return (int(m.group(1)), m.group(2)) if m else (0, "")


def _pasal_chain(cands: list[tuple[int, int, str, bool, bool]]) -> list[tuple[int, int, str]]:
    """The best chain of Pasal headings: numbers rise 1, 2, 3 … (89A after 89), few gaps.

    Every candidate is scored by the longest sequence it can end; a quoted Pasal inside an
    amending law or a reference that slipped through rarely extends the chain, so it loses
    to the real headings. Ties go to the later candidate (a catchword before its heading).
    Candidates: (start, end, number, strong, weak).
    """
    best_by_n: dict[int, tuple[float, int]] = {}
    best_by_key: dict[tuple[int, str], tuple[float, int]] = {}
    score: list[float] = []
    back: list[int] = []
    for i, (_, _, number, strong, weak) in enumerate(cands):
        n, letter = _pasal_key(number)
        options: list[tuple[float, int]] = []
        if letter:
            prev_letter = chr(ord(letter) - 1) if letter > "A" else ""
            if (n, prev_letter) in best_by_key:
                options.append(
                    (best_by_key[(n, prev_letter)][0] + 1, best_by_key[(n, prev_letter)][1])
                )
        else:
            if n == 1:
                options.append((1.0, -1))
            elif n <= 3 and not weak:
                options.append((1.0 - 0.5 * (n - 1), -1))
            if n - 1 in best_by_n:
                options.append((best_by_n[n - 1][0] + 1, best_by_n[n - 1][1]))
            if not weak:
                for gap in range(2, 11 if strong else 4):
                    if n - gap in best_by_n:
                        options.append(
                            (best_by_n[n - gap][0] + 1 - 0.5 * (gap - 1), best_by_n[n - gap][1])
                        )
        if not options:
            score.append(float("-inf"))
            back.append(-1)
            continue
        value, prev = max(options)
        score.append(value)
        back.append(prev)
        if value >= best_by_key.get((n, letter), (float("-inf"), -1))[0]:
            best_by_key[(n, letter)] = (value, i)
        if value >= best_by_n.get(n, (float("-inf"), -1))[0]:
            best_by_n[n] = (value, i)
    if not score or max(score) == float("-inf"):
        return []
    top = max(score)
    i = max(j for j, v in enumerate(score) if v == top)
    chain: list[tuple[int, int, str]] = []
    while i >= 0:
        start, end, number, _, _ = cands[i]
        chain.append((start, end, number))
        i = back[i]
    return chain[::-1]


def _find_markers(text: str) -> list[_Marker]:
    """Structural markers (BAB, Bagian, Paragraf, Pasal) that fit their sequences."""
    structure: list[_Marker] = []
    cands: list[tuple[int, int, str, bool, bool]] = []
    last_bab = last_bagian = last_paragraf = 0
    for m in _HEAD.finditer(text):
        start, end = m.start(), m.end()
        heading = _looks_like_heading(text, start, end)
        if heading is False:
            continue
        if m["pasal"]:
            line_start = start == 0 or text[start - 1] == "\n"
            line_end = end >= len(text) or text[end] == "\n"
            strong = line_start and (line_end or text[end : end + 2] == " (")
            for number in read_number(m["pnum"] or m["pnum2"] or ""):
                cands.append((start, end, number, strong, heading is None))
            continue
        if heading is None:
            continue
        kind, number, value = _structure_number(m)
        if value is None:
            continue
        last = {"bab": last_bab, "bagian": last_bagian, "paragraf": last_paragraf}[kind]
        if value == last and structure and structure[-1].kind == kind:
            structure[-1] = _Marker(kind, number, start, end)  # catchword, then the heading
        elif value == last + 1 and (kind != "bagian" or last_bab):
            structure.append(_Marker(kind, number, start, end))
            if kind == "bab":
                last_bab, last_bagian, last_paragraf = value, 0, 0
            elif kind == "bagian":
                last_bagian, last_paragraf = value, 0
            else:
                last_paragraf = value
    cands, quoted = drop_quoted(text, cands, structure)  # an omnibus law's quoted Pasal
    structure = [mk for mk in structure if mk.start not in quoted]
    pasals = [_Marker("pasal", number, start, end) for start, end, number in _pasal_chain(cands)]
    return sorted(structure + pasals, key=lambda mk: mk.start)


def _structure_number(m: re.Match[str]) -> tuple[str, str, int | None]:
    try:
        if m["bab"]:
            value = roman_to_int(re.sub(r"\s", "", m["babnum"]).replace("1", "I").replace("l", "I"))
            return "bab", int_to_roman(value), value
        if m["bagian"]:
            value = ordinal_to_int(m["bagnum"])
            return "bagian", int_to_ordinal(value), value
        raw = m["parnum"]
        value = int(raw) if raw.isdigit() else ordinal_to_int(raw)
        return "paragraf", str(value), value
    except ValueError:
        return "", "", None


# ---------------------------------------------------------------------------- units in a Pasal

_ITEM = re.compile(
    r"(?:(?<=^)|(?<=\n)|(?<=[;:.]\s)|(?<=[;:])|(?<=\sdan\s)|(?<=\satau\s))\s?"
    r"(?:\((?P<ayat>[0-9lIO]{1,2}[a-z]?)[)1l](?=\s)"
    r"|(?P<huruf>[a-z]{1,2})[.,](?=\s)"
    r"|(?P<angka>[0-9]{1,3})\.(?=\s)"
    r"|(?P<sub>[0-9]{1,2})\)(?=\s))"
)


def _next_letter(s: str) -> str:
    if s == "z":
        return "aa"
    if len(s) == 2 and s[0] == s[1]:
        return chr(ord(s[0]) + 1) * 2
    return chr(ord(s) + 1)


def _expected_next(kind: str, number: str) -> str:
    if kind == "huruf":
        return _next_letter(number)
    m = re.match(r"\d+", number)
    return str(int(m.group()) + 1) if m else ""


def _first(kind: str) -> str:
    return "a" if kind == "huruf" else "1"


def _build_units(pasal: Node, body: str) -> None:
    """Split a Pasal body into ayat / huruf / angka, nesting lists under their lead-in."""
    pieces: list[tuple[str, str, int, int]] = []  # kind, number, marker start, text start
    for m in _ITEM.finditer(body):
        if m["ayat"]:
            nums = read_number(m["ayat"])
            if not nums:
                continue
            pieces.append(("ayat", nums[0], m.start(), m.end()))
        elif m["huruf"]:
            pieces.append(("huruf", m["huruf"], m.start(), m.end()))
        elif m["angka"]:
            pieces.append(("angka", m["angka"], m.start(), m.end()))
        else:
            pieces.append(("sub", m["sub"], m.start(), m.end()))

    stack: list[Node] = [pasal]
    pos = 0
    current: Node = pasal

    def append_text(node: Node, chunk: str) -> None:
        chunk = chunk.strip()
        if chunk:
            node.text = f"{node.text} {chunk}".strip() if node.text else chunk

    for kind, number, mstart, tstart in pieces:
        inline = not (mstart == 0 or body[mstart - 1] == "\n")
        placed = _place(stack, kind, number, inline, body, mstart)
        if placed is None:
            continue
        append_text(current, body[pos:mstart])
        parent, node_kind = placed
        node = Node(node_kind, number)
        parent.add(node)
        while stack[-1] is not parent:
            stack.pop()
        stack.append(node)
        current = node
        pos = tstart
    append_text(current, body[pos:])


def _place(
    stack: list[Node], kind: str, number: str, inline: bool, body: str, pos: int
) -> tuple[Node, str] | None:
    """Where a list marker goes: a sibling that continues a sequence, or the first item under a lead-in."""
    if kind == "ayat":
        pasal = stack[0]
        ayats = [c for c in pasal.children if c.kind == "ayat"]
        expected = _expected_next("ayat", ayats[-1].number) if ayats else "1"
        if number == expected or (not inline and not ayats and number in ("1",)):
            return pasal, "ayat"
        if not inline and ayats and _pasal_key(number)[0] == _pasal_key(expected)[0] + 1:
            return pasal, "ayat"  # a lost ayat in OCR
        return None
    node_kind = "angka" if kind == "sub" else kind
    # continue an open list of the same kind
    for depth in range(len(stack) - 1, 0, -1):
        node = stack[depth]
        if node.kind == node_kind and number == _expected_next(node_kind, node.number):
            if kind == "sub" and (
                node.parent is None or node.parent.kind not in ("huruf", "angka")
            ):
                continue
            return node.parent if node.parent is not None else stack[0], node_kind
    if number != _first(kind):
        return None
    # a new list under the deepest open unit (its lead-in usually ends with ':')
    deepest = stack[-1]
    if deepest.kind in ("pasal", "ayat"):
        return deepest, node_kind
    lead = deepest.text.rstrip()
    if kind == "sub" or lead.endswith(":") or not inline:
        if deepest.kind == node_kind and not lead.endswith(":") and kind != "sub":
            return None
        return deepest, node_kind
    return None


# ---------------------------------------------------------------------------- Penjelasan

_PENJELASAN = re.compile(r"(?:^|\n|\s)PENJELASAN(?:\s+ATAS\b|\s*\n)")
_UMUM = re.compile(r"\bI\s?\.\s?UMUM\b")
_PDP = re.compile(r"\bII\s?\.\s?PASAL(?:\s+DEMI\s+PASAL)?\b")
_ELU_SUB = re.compile(
    r"(?:(?<=^)|(?<=\s))(?P<kind>Ayat|Huruf|Angka)\s+(?P<num>\([0-9lIOa]{1,2}[)1l]|[a-z]{1,2}\b|[0-9lIO]{1,3}\b)"
)


def _split_penjelasan(text: str, body_start: int) -> int | None:
    m = _PENJELASAN.search(text, body_start)
    if m:
        return m.start()
    u = _UMUM.search(text, body_start)
    p = _PDP.search(text, body_start)
    if u and p and u.start() < p.start():
        # the "PENJELASAN ATAS ..." line was lost: cut at the title block before "I. UMUM"
        head = text.rfind("\n", body_start, u.start())
        return head if head > 0 else u.start()
    return None


def _attach_penjelasan(doc: Document, text: str) -> None:
    pdp = _PDP.search(text)
    umum = _UMUM.search(text)
    if umum:
        general_end = pdp.start() if pdp else len(text)
        doc.elucidation_heading = text[: umum.start()].strip()
        doc.elucidation_general = text[umum.end() : general_end].strip() or None
    if not pdp:
        if not umum:
            doc.unattached_elucidation.append(text.strip())
        return
    part = text[pdp.end() :]
    markers = [m for m in _find_markers(part) if m.kind == "pasal"]
    if markers and part[: markers[0].start].strip():
        doc.unattached_elucidation.append(part[: markers[0].start].strip())
    pasals = {n.number: n for n in doc.nodes("pasal")}
    for i, marker in enumerate(markers):
        end = markers[i + 1].start if i + 1 < len(markers) else len(part)
        chunk = part[marker.end : end].strip()
        target = pasals.get(marker.number)
        if target is None:
            doc.unattached_elucidation.append(f"Pasal {marker.number} {chunk}")
            continue
        _attach_entry(target, chunk)


def _attach_entry(pasal: Node, chunk: str) -> None:
    """Attach 'Ayat (1)' / 'Huruf a' / 'Angka 3' entries to the units they explain."""
    subs = list(_ELU_SUB.finditer(chunk))
    intro = chunk[: subs[0].start()].strip() if subs else chunk
    if intro:
        pasal.elucidation = intro
    context: list[Node] = [pasal]
    for i, m in enumerate(subs):
        end = subs[i + 1].start() if i + 1 < len(subs) else len(chunk)
        body = chunk[m.end() : end].strip()
        kind = m["kind"].lower()
        raw = m["num"].strip("()")
        if kind != "huruf":
            raw = (
                raw[:-1] + ("1" if raw[-1] in "l" else raw[-1])
                if len(raw) > 1 and raw.endswith("l")
                else raw
            )
            nums = read_number(raw.rstrip(")"))
            number = nums[0] if nums else raw
        else:
            number = raw
        target = None
        for ctx in reversed(context):
            target = next((c for c in ctx.children if c.kind == kind and c.number == number), None)
            if target is None and kind == "angka":
                target = next(
                    (c for c in ctx.children if c.kind == "angka" and c.number == number), None
                )
            if target is not None:
                break
        if target is None:
            # a unit the body lost (OCR): keep the words with the Pasal, labelled
            label = f"{m['kind']} {m['num']}"
            pasal.elucidation = f"{pasal.elucidation or ''}\n{label}\n{body}".strip()
            continue
        if body:
            target.elucidation = f"{target.elucidation}\n{body}" if target.elucidation else body
        # context for nested entries: "Ayat (1)" then "Huruf a" means ayat (1) huruf a
        while len(context) > 1 and context[-1] is not target.parent and target.parent is not None:
            if target.is_inside(context[-1]):
                break
            context.pop()
        context.append(target)


# ---------------------------------------------------------------------------- document

_FIRST_UNIT = re.compile(
    r"\bBAB\s+[I1l]\b(?!\s*[,.]?\s*(?:Pasal|huruf|ayat))|(?:^|\n|[.:;]\s)Pa\s?[s5]\s?a\s?[il1It]\s?[1lI]\b(?!\s*(?:ayat|huruf|angka|Undang))"
)
_MENIMBANG = re.compile(r"\bMenimbang\s*[:;I]?")
_MENGINGAT = re.compile(r"\bMengingat\s*[:;]?")
_MEMUTUSKAN = re.compile(r"\bDengan\s+Persetujuan\s+Bersama|\bMEMUTUS\w*|\bMenetapkan\s*:")
_CLOSING = re.compile(
    r"\bAgar\s+setiap\s+orang\s+mengetahuinya|\bAgar\s+\w+\.\s+(?:Disahkan|Ditetapkan)"
    r"|\b(?:Disahkan|Ditetapkan)\s+[Dd]i\s+Jakarta"
)


def parse_text(
    raw: str, info: DocumentInfo | None = None, *, source: Path | None = None
) -> Document:
    """Parse statute text (any of the corpus layouts) into a Document tree."""
    text = clean_text(raw)
    if not text.strip():
        raise ParseError(f"{source or 'text'}: nothing to parse after cleaning")
    first = _FIRST_UNIT.search(text)
    if first is None:
        raise ParseError(f"{source or 'text'}: no 'Pasal 1' found; is this a statute?")
    cut = _split_penjelasan(text, first.start())
    body_text = text if cut is None else text[:cut]
    elucidation = "" if cut is None else text[cut:]
    markers = _find_markers(body_text)
    if not any(m.kind == "pasal" for m in markers):
        raise ParseError(f"{source or 'text'}: no 'Pasal 1' found; is this a statute?")
    body_start = next(m.start for m in markers if m.kind in ("bab", "pasal"))
    head = text[:body_start]

    if info is None:
        # OCR may lose the title block; the Penjelasan repeats it ("PENJELASAN ATAS ...")
        found = _read_title(head[:2000]) or _read_title(head) or _read_title(elucidation[:3000])
        if found is None:
            raise ParseError(
                f"{source or 'text'}: no title block (e.g. 'UNDANG-UNDANG ... NOMOR 18 TAHUN 2017 TENTANG ...')"
            )
        type_, number, year, title = found
        info = DocumentInfo(
            type_, number, year, title, citation=document_id(type_, number, year), source=source
        )
    doc = Document(info)
    _read_preamble(doc, head)

    markers = [m for m in markers if m.start < len(body_text)]
    closing = _CLOSING.search(body_text, markers[-1].end if markers else 0)
    body_end = closing.start() if closing else len(body_text)
    if closing:
        doc.closing = body_text[closing.start() :].strip()
    _build_tree(doc, body_text, markers, body_end)
    restructure(doc)  # an amending Pasal's units are its instructions
    doc.attach()
    if elucidation:
        _attach_penjelasan(doc, elucidation)
    from .resolve import resolve_document

    resolve_document(doc)
    return doc


def _read_preamble(doc: Document, head: str) -> None:
    mn = _MENIMBANG.search(head)
    mg = _MENGINGAT.search(head)
    mp = _MEMUTUSKAN.search(head, mg.end() if mg else 0)
    doc.preamble = head[: mn.start() if mn else (mg.start() if mg else len(head))].strip()
    if mp:
        doc.enactment = head[mp.start() :].strip()
    if mn:
        doc.menimbang = head[mn.end() : mg.start() if mg else len(head)].strip()
    if mg:
        doc.mengingat = head[mg.end() : mp.start() if mp else len(head)].strip()


_AYAT_ONE = re.compile(r"(?:^|\n|(?<=[.;:]\s))\([1lI]\)\s")
_AYAT_LATER = re.compile(r"\((?:[2-9]|[1-9][0-9]|2[l1])\)")
# "... diatur dengan Peraturan Menteri." closes a Pasal; a capitalised sentence after it starts the next
_CLOSING_SENTENCE = re.compile(
    r"diatur\s+(?:dengan|dalam)\s+Peraturan\s+[A-Z][\w ]{0,40}?\.\s+(?=[A-Z(])"
)


def _recover_lost_pasal(doc: Document, text: str, markers: list[_Marker]) -> list[_Marker]:
    """Fill gaps in the Pasal sequence left by headings that OCR destroyed.

    A lost heading shows as ayat numbering restarting at (1) inside the previous Pasal: split
    there. A gap with no such sign gets an empty Pasal at the gap, noted in
    ``doc.lost_headings``, so its Penjelasan and citations still have a unit to land on.
    """
    out: list[_Marker] = []
    pasals = [m for m in markers if m.kind == "pasal"]
    following = {id(a): b for a, b in pairwise(pasals)}
    for i, marker in enumerate(markers):
        out.append(marker)
        nxt = following.get(id(marker))
        if marker.kind != "pasal" or nxt is None:
            continue
        (n, _), (m, next_letter) = _pasal_key(marker.number), _pasal_key(nxt.number)
        missing = [str(v) for v in range(n + 1, m)] if not next_letter else []
        if not missing:
            continue
        stop = min(mk.start for mk in markers[i + 1 :] if mk.start > marker.start)
        span = text[marker.end : stop]
        restarts = [
            r.start() for r in _AYAT_ONE.finditer(span) if _AYAT_LATER.search(span, 0, r.start())
        ]
        restarts += [r.end() for r in _CLOSING_SENTENCE.finditer(span) if span[r.end() :].strip()]
        restarts = sorted(set(restarts))
        for number, pos in zip(missing, restarts, strict=False):
            out.append(_Marker("pasal", number, marker.end + pos, marker.end + pos))
            doc.lost_headings.append(f"Pasal {number}: heading lost in the source; start inferred")
        for number in missing[len(restarts) :]:
            out.append(_Marker("pasal", number, stop, stop))
            doc.lost_headings.append(f"Pasal {number}: heading and text not found in the source")
    return sorted(out, key=lambda mk: (mk.start, mk.kind != "pasal"))


def _build_tree(doc: Document, text: str, markers: list[_Marker], body_end: int) -> None:
    markers = _recover_lost_pasal(doc, text, markers)
    bab: Node | None = None
    bagian: Node | None = None
    paragraf: Node | None = None
    for i, marker in enumerate(markers):
        end = markers[i + 1].start if i + 1 < len(markers) else body_end
        end = min(end, body_end) if marker.start < body_end else end
        chunk = text[marker.end : end]
        if marker.kind == "pasal":
            pasal = Node("pasal", marker.number)
            _build_units(pasal, chunk.strip())
            container = paragraf or bagian or bab
            if container is None:
                doc.add(pasal)
            else:
                container.add(pasal)
            continue
        node = Node(marker.kind, marker.number, heading=_heading(chunk))
        if marker.kind == "bab":
            doc.add(node)
            bab, bagian, paragraf = node, None, None
        elif marker.kind == "bagian":
            if bab is None:
                doc.add(node)
            else:
                bab.add(node)
            bagian, paragraf = node, None
        else:
            (bagian or bab or doc).add(node)
            paragraf = node


def _heading(chunk: str) -> str:
    return re.sub(r"\s+", " ", chunk).strip(" .:")


def parse_document(path: str | Path, info: DocumentInfo | None = None) -> Document:
    """Parse a statute or thesis file (.txt, .md or .pdf) into a Document.

    Metadata comes from ``info``, else from the corpus manifest when the file is one of its
    documents, else from the file's own title block.
    """
    from .corpus import excerpt_of, info_for_file
    from .omnibus import parse_excerpt
    from .reader import read_source
    from .thesis import parse_thesis

    path = Path(path)
    raw = read_source(path)
    if info is None:
        info = info_for_file(path)
        if info is not None and (pasal := excerpt_of(path)):  # Perppu 2/2022 Pasal 84 only
            return parse_excerpt(raw, info, pasal)
    if info is not None and info.type == "Skripsi":
        return parse_thesis(raw, info)
    if (
        info is None
        and not _HEAD.search(raw)
        and re.search(r"(?i)\b(skripsi|abstrak|tesis)\b", raw + path.name)
    ):
        slug = re.sub(r"[^A-Za-z0-9]+", "-", path.stem).strip("-") or "tanpa-judul"
        return parse_thesis(
            raw, DocumentInfo("Skripsi", slug, "", path.stem, f"Skripsi {slug}", source=path)
        )
    doc = parse_text(raw, info, source=path)
    doc.info.source = path
    return doc
