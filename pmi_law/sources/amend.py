"""Amendment instructions read from the amending text.

An amending Pasal ("Beberapa ketentuan dalam Undang-Undang Nomor 18 Tahun 2017 … diubah
sebagai berikut:") lists numbered instructions, each with the new text it quotes:

- "Ketentuan Pasal 51 diubah sehingga berbunyi sebagai berikut: Pasal 51 (1) …"
- "Ketentuan Pasal 1 angka 9 dan angka 16 diubah …" (only those units change)
- "Di antara Pasal 89 dan Pasal 90 disisipkan 1 (satu) pasal, yakni Pasal 89A …"
- "Pasal 65 dihapus."
- "Penjelasan Pasal 14 diubah sebagaimana tercantum dalam Penjelasan."

OCR garbles them: angka numbers are lost or misplaced ("2 Ketentuan …", a lone "3" on the
next page), words are shuffled ("Ketentuan Pasal berikut: 51 diubah sehingga berbunyi
sebagai"), page furniture sits between an instruction and its quote. So instructions are
found by their words, numbered by their order (checked against any readable angka), and
the quoted text is parsed with the statute parser's own unit rules.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from pmi_law.models import Node

from .omnibus import INSTRUCTION, QUOTE

ACTIONS = ("diubah", "disisipkan", "dihapus", "penjelasan")


@dataclass(frozen=True, slots=True)
class Operation:
    """One instruction of an amending Pasal, with the new Pasal it quotes (if any)."""

    number: int  # the angka of the amending Pasal (1, 2, …)
    action: str  # diubah | disisipkan | dihapus | penjelasan
    targets: tuple[tuple[tuple[str, str], ...], ...]  # paths in the amended law
    text: str = ""  # the quoted new text, furniture removed
    by: str = ""  # citation of the instruction, e.g. "UU 11/2020 Pasal 84 angka 2"
    units: tuple[Node, ...] = field(default=(), compare=False)  # quoted Pasal, parsed


# ---------------------------------------------------------------------------- numbers

_OCR = str.maketrans({"l": "1", "I": "1", "i": "1", "|": "1", "O": "0", "o": "0", "T": "7"})
_PASAL_NUM = r"[0-9lIOiT](?:[0-9lIOoT]|\s(?=[0-9lIO]))*(?:\s?[A-H](?![a-z]))?"


def read_pasal_number(raw: str) -> str | None:
    """'6l' → '61', 'TT' → '77', 'ITA' → '17A', 'i 10A' → '110A', '9OA' → '90A'."""
    raw = raw.strip()
    m = re.fullmatch(r"([0-9lIOiTo ]+?)\s?([A-H])?", raw)
    if m is None:
        return None
    digits = re.sub(r"\s", "", m.group(1)).translate(_OCR)
    if not digits.isdigit() or int(digits) == 0:
        return None
    return str(int(digits)) + (m.group(2) or "")


# ---------------------------------------------------------------------------- furniture

_STAMP_LINE = re.compile(r"(?m)^[ \t]*S\s?[Kk]\s*N[o0]\b[^\n]*$")
_PAGE = re.compile(r"(?m)^[ \t]*-\s?\d{1,4}\s?-[ \t]*$")
_LONE_NUMBER = re.compile(r"(?m)^[ \t]*[0-9lI]{1,3}\.?[ \t]*$")
_CATCH = re.compile(r"(?m)[ \t]*(?:\d{1,3}\.\s?)?\S+(?:\s\S+)?\s?(?:\.\s?){3}[ \t]*$")
_CAPS_LINE = re.compile(r"(?m)^[ \t]*[A-Z|\]\[!()]{3,}(?:\s+[A-Z|\]\[!()]{2,}){0,2}[ \t]*$")
_CAPS_RUN = re.compile(r"\b[A-Z|\]\[!]{5,}(?:\s+[A-Z|\]\[!]{5,}){0,2}\b")
_FURNITURE_WORDS = ("PRESIDEN", "REPUBLIK INDONESIA", "PRESIDEN REPUBLIK INDONESIA")


def _is_header(words: str) -> bool:
    flat = re.sub(r"\s+", " ", words.strip())
    return any(difflib.SequenceMatcher(None, flat, w).ratio() >= 0.6 for w in _FURNITURE_WORDS)


def strip_furniture(text: str) -> str:
    """Remove running headers, stamps, lone page/angka numbers and catchwords from a quote."""
    text = _STAMP_LINE.sub("", text)
    text = _PAGE.sub("", text)
    text = _CAPS_LINE.sub(lambda m: "" if _is_header(m.group()) else m.group(), text)
    text = _CAPS_RUN.sub(lambda m: " " if _is_header(m.group()) else m.group(), text)
    text = _CATCH.sub("", text)
    text = _LONE_NUMBER.sub("", text)
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------- instructions

_ANGKA_BEFORE = re.compile(r"(?:^|\s)([0-9lIit]{1,3})\s?[.,]?\s*$")
_UNIT_STEP = re.compile(
    r"\b(?P<kind>Pasal|ayat|angka|huruf)\s*(?P<num>\(\s?[0-9lIO]{1,2}[a-z]?\s?[)1l]|"
    + _PASAL_NUM
    + r"|[a-z]\b)"
)
_RANGE = re.compile(
    rf"\bPasal\s*(?P<a>{_PASAL_NUM})\s+sampai\s+dengan\s+Pasal\s*(?P<b>{_PASAL_NUM})"
)


def instruction_spans(text: str) -> list[tuple[int, int, int, re.Match[str]]]:
    """(angka, start, end, match) of each instruction of an amending Pasal's text.

    An instruction runs to the next one; its angka is the number read before it when that
    fits the sequence, else the next in order.
    """
    found = list(INSTRUCTION.finditer(text))
    out: list[tuple[int, int, int, re.Match[str]]] = []
    counter = 0
    for i, m in enumerate(found):
        nxt = found[i + 1].start() if i + 1 < len(found) else len(text)
        counter = _angka(text, m.start(), counter)
        out.append((counter, m.start(), nxt, m))
    return out


def parse_instructions(text: str, by: str) -> list[Operation]:
    """The operations of one amending Pasal's text, in order, numbered as its angka.

    ``by`` is the amending Pasal's citation ("Perppu 2/2022 Pasal 84"); each operation's
    own citation adds its angka.
    """
    ops: list[Operation] = []
    for counter, _, nxt, m in instruction_spans(text):
        action = (
            "diubah"
            if m["ubah"]
            else "disisipkan"
            if m["sisip"]
            else "dihapus"
            if m["hapus"]
            else "penjelasan"
        )
        quote = QUOTE.search(text, m.end(), nxt) if action != "dihapus" else None
        words = text[m.start() : quote.start() if quote else m.end()]
        body = strip_furniture(_trim_tail(text[quote.end() : nxt])) if quote else ""
        units = tuple(quoted_pasal(body, _named_pasal(words, action)))
        targets = _targets(words, action, units)
        if not targets:
            continue
        if action == "disisipkan" and any(len(t) > 1 for t in targets):
            action = "diubah"  # an ayat inserted: the Pasal is quoted whole
            targets = tuple(((("pasal", u.number),)) for u in units)
        ops.append(Operation(counter, action, targets, body, f"{by} angka {counter}", units))
    return ops


def _angka(text: str, pos: int, counter: int) -> int:
    """The angka of the instruction at ``pos``: the readable number before it when it fits
    (one after the last, or a little further when OCR lost an instruction), else the next."""
    m = _ANGKA_BEFORE.search(text[max(0, pos - 12) : pos])
    if m:
        digits = m.group(1).translate(_OCR)
        if digits.isdigit() and counter < int(digits) <= counter + 3:
            return int(digits)
    return counter + 1


_TAIL = re.compile(r"(?:\s+(?:[0-9lIit]{1,3}\s?\.?|Ketentuan\s?\.?|Di\s+antara|Penjelasan))+\s*$")


def _trim_tail(quote: str) -> str:
    """Drop the next instruction's angka number and catchword from the end of a quote."""
    return _TAIL.sub("", quote)


def _named_pasal(words: str, action: str) -> list[str]:
    """Pasal numbers an instruction names as its result (the inserted ones after 'yakni')."""
    if action == "disisipkan":
        m = re.search(r"\b(?:yakni|yaitu)\b(.*)$", words, re.S)
        part = m.group(1) if m else ""
    else:
        part = re.sub(r"\bberikut\s*:", " ", words)
    out: list[str] = []
    for step in re.finditer(rf"\bPasal\s*(?P<num>{_PASAL_NUM})", part):
        number = read_pasal_number(step["num"])
        if number and number not in out:
            out.append(number)
    return out


def _targets(
    words: str, action: str, units: tuple[Node, ...]
) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The units an instruction changes, as paths ('Pasal 1 angka 9 dan angka 16' → two)."""
    if action == "disisipkan":
        m = re.search(r"\b(?:yakni|yaitu)\b(.*)$", words, re.S)
        listed = _steps(m.group(1)) if m else []
        if listed and all(len(t) == 1 for t in listed) and not units:
            return tuple(listed)
        if units:
            sub = [t for t in listed if len(t) > 1]
            return tuple(sub) if sub else tuple(((("pasal", u.number),)) for u in units)
        return tuple(listed)
    words = re.sub(r"\bberikut\s*:", " ", words)
    if action == "dihapus":
        ranges = list(_RANGE.finditer(words))
        if ranges:
            out: list[tuple[tuple[str, str], ...]] = []
            for r in ranges:
                a, b = read_pasal_number(r["a"]), read_pasal_number(r["b"])
                if a and b and a.isdigit() and b.isdigit():
                    out.extend(((("pasal", str(n)),)) for n in range(int(a), int(b) + 1))
            return tuple(out)
    targets = _steps(words)
    if not targets and units:  # "Ketentuan 3 38 diubah": the quote names the Pasal
        targets = [(("pasal", units[0].number),)]
    return tuple(targets)


def _steps(words: str) -> list[tuple[tuple[str, str], ...]]:
    """'ayat (2) Pasal 5', 'Pasal 1 angka 9 dan angka 16' → paths in the amended law."""
    targets: list[list[tuple[str, str]]] = []
    pending: list[tuple[str, str]] = []  # "ayat (2) Pasal 5": sub-units written first
    current: list[tuple[str, str]] | None = None
    for step in _UNIT_STEP.finditer(words):
        kind, raw = step["kind"].lower(), step["num"]
        if kind == "pasal":
            number = read_pasal_number(raw)
            if number is None:
                continue
            current = [("pasal", number)]
            if pending:
                targets.extend([*current, p] for p in pending)
                pending = []
            else:
                targets.append(current)
            continue
        value = _sub_number(kind, raw)
        if value is None:
            continue
        if current is None:
            pending.append((kind, value))
            continue
        base = current
        last = targets[-1] if targets else None
        if last is not None and last[0] == base[0] and len(last) == 1:
            last.append((kind, value))  # "Pasal 1 angka 9": refine the Pasal just named
        elif last is not None and len(last) > 1 and last[-1][0] == kind:
            targets.append([*last[:-1], (kind, value)])  # "… dan angka 16"
        else:
            targets.append([*base, (kind, value)])
    return [tuple(t) for t in targets]


def _sub_number(kind: str, raw: str) -> str | None:
    raw = raw.strip("() ")
    if kind == "huruf":
        return raw if re.fullmatch(r"[a-z]{1,2}", raw) else None
    raw = raw.rstrip(")").translate(_OCR)
    m = re.fullmatch(r"(\d+)([a-z]?)", raw)
    return m.group(1) + m.group(2) if m else None


# ---------------------------------------------------------------------------- quoted text

_QUOTED_HEADING = re.compile(
    rf"(?:^|(?<=\n)|(?<=[.:;]\s)|(?<=\s))Pa\s?[s5]\s?a\s?[il1I]\s*(?P<num>{_PASAL_NUM})(?=\s|$|\.)"
)
_NOT_HEADING_BEFORE = re.compile(
    r"(?:dalam|pada|dan|atau|dengan|sampai|oleh|terhadap|antara|yakni|yaitu|,)\s*$", re.I
)
_NOT_HEADING_AFTER = re.compile(r"\s*(?:ayat|huruf|angka|,|dan\b|atau\b|sampai|sebagaimana)")


_TRAILING_MARKERS = re.compile(r"(?:\s*\((?:[0-9lIsSO]{1,2})(?:\)|[1lt])?[ \t_]*){2,}\s*$")


def quoted_pasal(body: str, named: list[str]) -> list[Node]:
    """The Pasal a quote holds, parsed into ayat/huruf/angka like any statute text.

    A heading counts when the instruction names its number (or, if the instruction names
    none it can read, when it stands where a heading stands); a doubled heading ("Pasal 57
    Pasal 57 (1) …", a page turn) counts once.
    """
    from .units import build_units as _build_units

    heads: list[tuple[int, int, str]] = []
    for m in _QUOTED_HEADING.finditer(body):
        number = read_pasal_number(m["num"])
        if number is None:
            continue
        before = body[max(0, m.start() - 20) : m.start()]
        if _NOT_HEADING_BEFORE.search(before) or _NOT_HEADING_AFTER.match(body, m.end()):
            continue
        if named and number not in named:
            continue
        if heads and heads[-1][2] == number and not body[heads[-1][1] : m.start()].strip(" .\n"):
            heads[-1] = (m.start(), m.end(), number)  # the doubled heading: keep the second
            continue
        heads.append((m.start(), m.end(), number))
    if not heads and len(named) == 1 and body.strip():
        heads = [(0, 0, named[0])]  # the quote lost its heading: the instruction names it
    out: list[Node] = []
    torn = ""  # ayat numbers printed before the heading (a column OCR'd apart)
    around = ""  # the note when words printed around the heading were put back
    if heads:
        lead = _TRAILING_MARKERS.search(body[: heads[0][0]])
        torn = lead.group() if lead else ""
    for i, (_, end, number) in enumerate(heads):
        stop = heads[i + 1][0] if i + 1 < len(heads) else len(body)
        chunk = body[end:stop]
        if i == 0 and not torn:
            chunk, around = _words_around_heading(body[: heads[0][0]], chunk)
        tail = _TRAILING_MARKERS.search(chunk) if i + 1 < len(heads) else None
        if tail is not None:  # "… Pemerintah.\n(1) (2) Pasal 88C": the next Pasal's numbers
            chunk = chunk[: tail.start()]
        node = Node("pasal", number)
        _build_units(
            node, f"{torn.strip()} {chunk.strip()}".strip() if torn.strip() else chunk.strip()
        )
        torn = tail.group() if tail is not None else ""
        for unit in node.walk():  # OCR line breaks are not the law's structure
            unit.text = re.sub(r"\s+", " ", unit.text).strip()
        if around:
            node.notes.append(around)
            around = ""
        out.append(node)
    return out


_LEAD_WORDS = re.compile(r"^(?P<marker>\((?:1|l|I)[)1l]\s+)?(?P<words>[A-Za-z][^()]*)$")
_FIRST_ITEM = re.compile(r"(?:(?<=\s)|^)(?:[a-z][.-]|1[.)])\s")


def _words_around_heading(lead: str, chunk: str) -> tuple[str, str]:
    """Words the source printed before the quoted Pasal's heading ("(1) Pemutusan alasan:
    Pasal 154A hubungan kerja … karena a- …": a line OCR'd around the centred heading) are
    the Pasal's own: the instruction ended at its colon. A word ending with a colon closes
    the first lead-in (the list follows it); the others open the text. Said in a note."""
    m = _LEAD_WORDS.match(lead.strip())
    if (
        m is None
        or not re.search(r"[A-Za-z]{3}", m["words"])
        or re.search(r"\d|\bPa\s?[s5]\s?a\s?[il1I]\b", m["words"])  # a heading, not words
        or len(m["words"].split()) > 8
    ):
        return chunk, ""
    words = m["words"].split()
    closing = [w for w in words if w.endswith(":")]
    opening = [w for w in words if not w.endswith(":")]
    if closing and words[-1] != closing[-1]:
        return chunk, ""  # the colon is not at the end: no order is proved
    body = chunk.strip()
    if closing:
        first = _FIRST_ITEM.search(body)
        if first is None or ":" in body[: first.start()]:
            return chunk, ""
        body = f"{body[: first.start()].rstrip()} {' '.join(closing)} {body[first.start() :]}"
    marker = (m["marker"] or "").strip()
    text = " ".join(filter(None, [marker and "(1)", " ".join(opening), body]))
    note = (
        f"words printed around the heading in the source (OCR) ({' '.join(words)!r}) put back"
        " where the sequence places them (the text's start, the lead-in's colon); read the source"
    )
    return text, note


_ITEM_NUMBER = re.compile(r"(?:^|(?<=\s))(?P<n>[0-9lI]{1,3})\s?\.(?=\s?[A-Z])")


def numbered_items(body: str) -> dict[str, str]:
    """A definitions list split at its numbers, tolerant of OCR ('76.' for '16.').

    The first readable number starts the sequence (OCR may lose the first ones); after it a
    number is taken when it is the next, the one after (a lost number), or the next read
    with one 1/7 confusion. Lost numbers leave their text with the item before.
    """
    out: dict[str, str] = {}
    marks: list[tuple[int, int, str]] = []
    expected = 0
    for m in _ITEM_NUMBER.finditer(body):
        raw = m["n"].translate(_OCR)
        if not raw.isdigit():
            continue
        value = int(raw)
        if not marks:
            if value > 9:
                continue
            expected = value
        if value in (expected, expected + 1):
            expected = value
        elif not _one_confusion(raw, str(expected)):
            continue
        marks.append((m.start(), m.end(), str(expected)))
        expected += 1
    for i, (_, end, number) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(body)
        out[number] = re.sub(r"\s+", " ", body[end:stop]).strip()
    return out


def _one_confusion(raw: str, want: str) -> bool:
    """'76' for '16': same length, one digit differs, and the two are an OCR pair."""
    if len(raw) != len(want):
        return False
    diffs = [(a, b) for a, b in zip(raw, want, strict=True) if a != b]
    return len(diffs) == 1 and set(diffs[0]) <= {"1", "7"}
