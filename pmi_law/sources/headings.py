"""Structural headings found by sequence: BAB, Bagian, Paragraf and Pasal markers.

A marker is found wherever it occurs in the text stream and is only believed when its
number fits the sequence (Pasal 12 after Pasal 11). That one rule keeps cross-references
("sebagaimana dimaksud dalam Pasal 5") and OCR debris out of the tree; gaps the OCR left
are filled by ``recover_lost_pasal``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from pmi_law.citations import int_to_ordinal, int_to_roman, ordinal_to_int, roman_to_int
from pmi_law.models import Document

from .clean import read_number
from .omnibus import drop_quoted

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
HEAD = re.compile(
    r"(?P<bab>\bBAB\s+(?P<babnum>[IVXL1l]+(?:\s?[IVX])*)\b)"
    r"|(?P<bagian>\bBag[ir]an\s+(?P<bagnum>Pertama|Ke[a-z]+(?:\s?(?:[Bb]elas|[Pp]uluh(?:\s?[a-z]+)?))?)\b)"
    r"|(?P<bagian0>\bBagian(?=\s+(?!Ke[a-z]|Pertama)[A-Z][a-z]))"  # its ordinal lost (OCR)
    r"|(?P<paragraf>\bParagra[fl]\s+(?P<parnum>\d+|[Il](?=\s)|Ke[a-z]+)\b)"
    r"|(?P<pasal>\bPa\s?[s5]\s?a\s?[il1It](?:\s?(?P<pnum>[0-9lIOTSBo](?:[0-9lIOTSBio]|\s(?=[0-9lIO]{1,2}\b))*"
    r"(?:[A-H](?![a-z]))?)(?!\s?[.,]\s?\d)(?=[\s.:(]|$)|(?P<pnum2>T\d+)))"
)


_STRONG_REF_WORDS = {"dalam", "pada", "dimaksud", "dan", "atau", "dan/atau", "ketentuan"}
_REF_AFTER = re.compile(
    r"[ \t]*(?:ayat|huruf|angka|Undang-[Uu]ndang\s+(?:Nomor|Dasar)|UUD|Peraturan\s+\w+\s+Nomor"
    r"|dan\b|atau\b|,|sampai|sebagaimana|jo\b)"
)


@dataclass(slots=True)
class Marker:
    kind: str
    number: str
    start: int
    end: int
    note: str = ""  # why the marker is not a heading found in the text (recovered)


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, pos - 40) : pos])
    return m.group(1).lower() if m else ""


_ENTRY_AFTER = re.compile(r"[ \t]*(?:[Aa]yat|[Hh]uruf|[Aa]ngka)\b")
_ENTRY_BEFORE = re.compile(r"(?:[.:;]|\bjelas|\))\s*$")


def _looks_like_heading(text: str, start: int, end: int, elucidation: bool = False) -> bool | None:
    """A heading starts a line or follows the end of a sentence/title, never 'dalam Pasal 5'.

    In a Penjelasan an entry often runs on ("… Cukup jelas Pasal 17 huruf a Yang dimaksud
    …"): there "Pasal 17 huruf a" after a finished entry is a heading, believed only when
    its number is exactly the next one.
    """
    before = text[max(0, start - 3) : start]
    prev = _prev_word(text, start)
    ok: bool | None
    if start == 0 or before.endswith("\n"):
        ok = True
    else:
        ok = prev not in _REF_WORDS and not prev.endswith(",")
    after = text[end : end + 30]
    if (
        elucidation
        and _ENTRY_AFTER.match(after)
        and _ENTRY_BEFORE.search(text, max(0, start - 12), start)
    ):
        return None
    if _REF_AFTER.match(after):
        return False
    if not ok and prev not in _STRONG_REF_WORDS and re.match(r"[ \t]*(\([1lI]\S?\)|[A-Z])", after):
        ok = None  # scrambled OCR: believe it only if the number is exactly the next one
    return ok


def pasal_key(number: str) -> tuple[int, str]:
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
        n, letter = pasal_key(number)
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


def find_markers(text: str, *, elucidation: bool = False) -> list[Marker]:
    """Structural markers (BAB, Bagian, Paragraf, Pasal) that fit their sequences."""
    structure: list[Marker] = []
    cands: list[tuple[int, int, str, bool, bool]] = []
    last_bab = last_bagian = last_paragraf = 0
    for m in HEAD.finditer(text):
        start, end = m.start(), m.end()
        heading = _looks_like_heading(text, start, end, elucidation)
        if heading is False:
            continue
        if m["pasal"]:
            line_start = start == 0 or text[start - 1] == "\n"
            line_end = end >= len(text) or text[end] == "\n"
            strong = line_start and (line_end or text[end : end + 2] == " (")
            for number in read_number(m["pnum"] or m["pnum2"] or ""):
                cands.append((start, end, number, strong, heading is None))
            continue
        titled = bool(_TITLED_HEADING.match(text, end))
        if m["bagian0"]:
            if heading and titled and last_bab:  # "Bagian Pemerintah Desa / Pasal 42"
                last_bagian, last_paragraf = last_bagian + 1, 0
                note = "number of this Bagian lost in the source: recovered from the sequence"
                structure.append(Marker("bagian", int_to_ordinal(last_bagian), start, end, note))
            continue
        kind, number, value = _structure_number(m)
        if value is None:
            continue
        last = {"bab": last_bab, "bagian": last_bagian, "paragraf": last_paragraf}[kind]
        if heading is None and not (value == last + 1 and titled and kind != "paragraf"):
            continue  # after a comma: a heading only if it is the next one and a title follows
        if value == last and structure and structure[-1].kind == kind:
            # a page-turn catchword, then the heading: the catchword goes with the heading
            prev = structure[-1]
            joined = not text[prev.end : start].strip()
            structure[-1] = Marker(kind, number, prev.start if joined else start, end)
        elif (value == last + 1 or _lost_before(text, kind, heading, end, value - last)) and (
            kind != "bagian" or last_bab
        ):
            note = ""
            if value > last + 1 and kind != "bab":  # a lost BAB is recovered later
                lost = ", ".join(_label(kind, v) for v in range(last + 1, value))
                note = f"{lost} lost in the source (OCR): its units sit in the one before"
            structure.append(Marker(kind, number, start, end, note))
            if kind == "bab":
                last_bab, last_bagian, last_paragraf = value, 0, 0
            elif kind == "bagian":
                last_bagian, last_paragraf = value, 0
            else:
                last_paragraf = value
    cands, quoted = drop_quoted(text, cands, structure)  # an omnibus law's quoted Pasal
    structure = [mk for mk in structure if mk.start not in quoted]
    pasals = [Marker("pasal", number, start, end) for start, end, number in _pasal_chain(cands)]
    return sorted(structure + pasals, key=lambda mk: mk.start)


# a heading's title, then the next heading: "Sanksi Administratif Pasal 74"
_TITLED_HEADING = re.compile(
    r"\s*(?:[A-Z][\w/,-]*\s+(?:(?:dan|di|ke|dari|serta|untuk)\s+)?){0,10}?(?:Pasal|Paragraf)\b"
)

_TITLE_AFTER = {
    "bab": re.compile(r"\s*[A-Z][A-Z,/-]+\s+[A-Z]"),  # BAB IV TUGAS DAN ...
    "bagian": re.compile(r"\s*[A-Z][a-z]+"),  # Bagian Kedua Pemerintah ...
    "paragraf": re.compile(r"\s*[A-Z][a-z]+"),  # Paragraf 3 Setelah Bekerja
}


def _label(kind: str, value: int) -> str:
    if kind == "bab":
        return f"BAB {int_to_roman(value)}"
    if kind == "bagian":
        return f"Bagian {int_to_ordinal(value)}"
    return f"Paragraf {value}"


def _lost_before(text: str, kind: str, heading: bool | None, end: int, jump: int) -> bool:
    """A BAB or Bagian a few numbers ahead of the sequence: its predecessors were lost (OCR).

    Believed only for a clear heading (line start or after a sentence) followed by its title.
    """
    pattern = _TITLE_AFTER.get(kind)
    return bool(heading and pattern and 2 <= jump <= 3 and pattern.match(text, end))


# an upper-case title standing alone between a sentence end and the next heading: what OCR
# left of "BAB II / PELINDUNGAN PEKERJA MIGRAN INDONESIA" when "BAB II" was lost
_BAB_TITLE = re.compile(
    r"(?:(?<=[.;:]\s)|(?<=\n))(?P<title>(?:[A-Z][A-Z/,-]+\s+){1,14}[A-Z][A-Z/-]+)\s*$"
)


def recover_lost_bab(text: str, markers: list[Marker]) -> list[Marker]:
    """BAB headings lost in the source, recovered from their title by the BAB sequence.

    Where BAB I is followed by BAB III, the upper-case title standing alone before a heading
    in between is BAB II; after the last BAB, such a title before a Pasal is the next BAB.
    """
    babs = [m for m in markers if m.kind == "bab"]
    if not babs:
        return markers
    added: list[Marker] = []
    bounds = [*babs, None]
    for prev, nxt in pairwise(bounds):
        assert prev is not None
        a = roman_to_int(prev.number)
        missing = (roman_to_int(nxt.number) - a - 1) if nxt is not None else 2
        if missing <= 0:
            continue
        stop = nxt.start if nxt is not None else len(text)
        inside = [m for m in markers if prev.end < m.start < stop and m.kind != "bab"]
        found = 0
        for mk in inside:
            if found >= missing:
                break
            if nxt is None and mk.kind != "pasal":
                continue
            line = _BAB_TITLE.search(text, max(prev.end, mk.start - 200), mk.start)
            if line is None or line.start() <= prev.end + 1:
                continue
            found += 1
            number = int_to_roman(a + found)
            note = f"heading BAB {number} lost in the source: recovered from the sequence and its title"
            added.append(Marker("bab", number, line.start(), line.start(), note))
        if nxt is not None and found < missing:
            lost = ", ".join(f"BAB {int_to_roman(a + v)}" for v in range(found + 1, missing + 1))
            nxt.note = f"{lost} lost in the source (OCR): its units sit in the one before"
    return sorted(markers + added, key=lambda mk: (mk.start, mk.kind != "bab"))


def _structure_number(m: re.Match[str]) -> tuple[str, str, int | None]:
    try:
        if m["bab"]:
            value = roman_to_int(re.sub(r"\s", "", m["babnum"]).replace("1", "I").replace("l", "I"))
            return "bab", int_to_roman(value), value
        if m["bagian"]:
            value = ordinal_to_int(m["bagnum"])
            return "bagian", int_to_ordinal(value), value
        raw = m["parnum"]
        value = int(raw) if raw.isdigit() else 1 if raw in "Il" else ordinal_to_int(raw)
        return "paragraf", str(value), value
    except ValueError:
        return "", "", None


# "... diatur dengan Peraturan Menteri." closes a Pasal; a capitalised sentence after it starts the next
_CLOSING_SENTENCE = re.compile(
    r"diatur\s+(?:dengan|dalam)\s+Peraturan\s+[A-Z][\w ]{0,40}?\.\s+(?=[A-Z(])"
)


_AYAT_ANY = re.compile(r"(?:^|\n|(?<=[.;:]\s))\((?P<n>[0-9lI]{1,2})[)1l]\s")
_SENTENCE_END = re.compile(r"[a-z)]\.\s+(?=\S)")


def _restarts(span: str) -> list[int]:
    """Where a Pasal whose heading was lost seems to start inside the previous one.

    Signs: ayat numbering restarting at (1); an ayat number repeated or falling ("(2)"
    after "(2)"), the lost Pasal's first words then start at the first sentence end after
    the previous ayat; a closing sentence ("diatur dengan Peraturan Menteri.").
    """
    found: list[int] = []
    last = 0
    prev_end = 0
    for m in _AYAT_ANY.finditer(span):
        nums = read_number(m["n"])
        n = int(nums[0]) if nums and nums[0].isdigit() else 0
        if n == 1 and last >= 2:
            found.append(m.start())
        elif 2 <= n <= last:
            cut = _SENTENCE_END.search(span, prev_end, m.start())
            found.append(cut.end() if cut else m.start())
        if n:
            last, prev_end = n, m.end()
    found += [r.end() for r in _CLOSING_SENTENCE.finditer(span) if span[r.end() :].strip()]
    return sorted(set(found))


def recover_lost_pasal(doc: Document, text: str, markers: list[Marker]) -> list[Marker]:
    """Fill gaps in the Pasal sequence left by headings that OCR destroyed.

    A lost heading shows as ayat numbering restarting at (1) inside the previous Pasal: split
    there. A gap with no such sign gets an empty Pasal at the gap, noted in
    ``doc.lost_headings``, so its Penjelasan and citations still have a unit to land on.
    """
    out: list[Marker] = []
    pasals = [m for m in markers if m.kind == "pasal"]
    following = {id(a): b for a, b in pairwise(pasals)}
    for i, marker in enumerate(markers):
        out.append(marker)
        nxt = following.get(id(marker))
        if marker.kind != "pasal" or nxt is None:
            continue
        (n, _), (m, next_letter) = pasal_key(marker.number), pasal_key(nxt.number)
        missing = [str(v) for v in range(n + 1, m)] if not next_letter else []
        if not missing:
            continue
        stop = min(mk.start for mk in markers[i + 1 :] if mk.start > marker.start)
        span = text[marker.end : stop]
        if len(missing) == 1:
            # the heading is there, its number set off by a stray comma ("Pasal, 147")
            garbled = re.search(rf"(?<=[.;:]\s)Pasal\s?[,.;]\s?{missing[0]}\b(?!\s*ayat)", span)
            if garbled is not None:
                note = f"heading of Pasal {missing[0]} garbled in the source ({garbled.group()!r})"
                out.append(
                    Marker(
                        "pasal",
                        missing[0],
                        marker.end + garbled.start(),
                        marker.end + garbled.end(),
                        note,
                    )
                )
                doc.lost_headings.append(f"Pasal {missing[0]}: {note}")
                continue
        restarts = _restarts(span)
        for number, pos in zip(missing, restarts, strict=False):
            note = (
                f"heading of Pasal {number} lost in the source: start recovered from the sequence"
            )
            out.append(Marker("pasal", number, marker.end + pos, marker.end + pos, note))
            doc.lost_headings.append(f"Pasal {number}: {note}")
        for number in missing[len(restarts) :]:
            note = f"Pasal {number}: heading and text lost in the source (OCR); text may be merged into Pasal {marker.number}"
            out.append(Marker("pasal", number, stop, stop, note))
            doc.lost_headings.append(note)
    return sorted(out, key=lambda mk: (mk.start, mk.kind != "pasal"))
