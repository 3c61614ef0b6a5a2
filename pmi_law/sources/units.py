"""Units inside a Pasal: ayat, huruf, angka, nested under their lead-in by sequence."""

from __future__ import annotations

import re

from pmi_law.models import Node

from .clean import read_number
from .headings import pasal_key

_ITEM = re.compile(
    r"(?:(?<=^)|(?<=\n)|(?<=[;:.]\s)|(?<=[;:])|(?<=\sdan\s)|(?<=\satau\s))\s?"
    r"(?:\((?P<ayat>[0-9lIO]{1,2}[a-z]?)[)1l](?=\s)"
    r"|(?P<huruf>[a-z]{1,2})[.,](?=\s)"
    r"|(?P<angka>[0-9]{1,3})\.(?=\s)"
    r"|(?P<sub>[0-9]{1,2})\)(?=\s))"
    # the source lost the full stop before an ayat: "… tenaga kerja (3) Pemberi kerja …"
    # (believed only when it is exactly the next ayat)
    r"|(?<=[a-z]\s)(?<![Aa]yat\s)\((?P<ayat2>[2-9]|[1-9][0-9])\)(?=\s[A-Z])"
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


def build_units(pasal: Node, body: str) -> None:
    """Split a Pasal body into ayat / huruf / angka, nesting lists under their lead-in."""
    pieces: list[tuple[str, str, int, int]] = []  # kind, number, marker start, text start
    for m in _ITEM.finditer(body):
        if m["ayat"] or m["ayat2"]:
            nums = read_number(m["ayat"] or m["ayat2"])
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


#: Deepest list nesting below a Pasal: real laws reach 4 (ayat ▸ huruf ▸ angka ▸ sub-angka).
MAX_NESTING = 6


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
        if not ayats and number == "2" and body[:pos].strip()[:1].islower():
            return pasal, "ayat"  # the Pasal's start and ayat (1) were lost: it begins mid-sentence
        if not inline and ayats and pasal_key(number)[0] == pasal_key(expected)[0] + 1:
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
    if len(stack) > MAX_NESTING:  # pasal ▸ ayat ▸ huruf ▸ angka ▸ … : deeper is text, not a list
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


# a definition's number inside the previous one's text (OCR ran them together or garbled the
# number): "… dihadapi. 1 1. Orientasi …", "… kota. 79. Layanan …" (for 19), "2I. Atase …"
_DEF_NUMBER = re.compile(
    r"(?:(?<=^)|(?<=\n)|(?<=[.;:_]\s)|(?<=\sA\s))(?P<num>[0-9lIO]{1,2}|\d\s\d)\.\s+(?=[A-Z])"
)


_SCRAMBLED = re.compile(r"(?<![\w.])\d{1,2}[.,]\s+\d{1,2}[.,]\s+\d{1,2}[.,](?!\w)")


def _catchword_note(words: str) -> str:
    return f"page-turn catchword dropped: {' '.join(words.split())!r}"


def split_definitions(pasal: Node) -> None:
    """Pasal 1 of an OCR text: recover each definition where the source ran them together.

    A number believed is the next one, one a few ahead (the definitions between were lost:
    each gets an empty unit with a note), or the next one with a garbled tens digit
    (``79`` for 19). A catchword ("7. Perjanjian.") repeating the current number is dropped.
    """
    items = [c for c in pasal.children if c.kind == "angka"]
    if not items or "dimaksud dengan" not in pasal.text or not items[0].number.isdigit():
        return
    if _SCRAMBLED.search(pasal.full_text()):
        # numbers torn from their text ("7. 8, 9.\n10.\n11."): a sequence cannot be trusted
        pasal.notes.append(
            "list numbers scrambled in the source (OCR): definitions may be misnumbered or merged"
        )
        return
    out: list[Node] = []
    last = 0
    for item in items:
        if not item.number.isdigit():
            return
        last = max(last, int(item.number))
        pieces: list[tuple[int, int, int, str]] = []  # number, marker start, text start, note
        current = int(item.number)
        for m in _DEF_NUMBER.finditer(item.text):
            nums = read_number(m["num"])
            value = int(nums[0]) if nums and nums[0].isdigit() else -1
            expected = current + 1
            note = ""
            if (
                value == current
                and pieces
                and pieces[-1][1] >= 0
                and m.start() - pieces[-1][2] < 40
            ):
                # a page-turn catchword, then the item itself: keep the words in a note
                dropped = _catchword_note(item.text[pieces[-1][2] : m.end()])
                pieces[-1] = (
                    *pieces[-1][:2],
                    m.end(),
                    "; ".join(filter(None, [pieces[-1][3], dropped])),
                )
                continue
            if value == current and m.start() < 40:
                item.notes.append(_catchword_note(item.text[: m.end()]))
                pieces.append((current, -1, m.end(), ""))  # catchword before the real start
                continue
            if value == expected or expected < value <= expected + 8:
                pass
            elif len(m["num"]) == 2 and any(
                v % 10 == value % 10 for v in range(expected, expected + 9)
            ):
                note = f"number garbled in the source (read as {m['num']})"
                value = next(v for v in range(expected, expected + 9) if v % 10 == value % 10)
            else:
                continue
            pieces.append((value, m.start(), m.end(), note))
            current = value
        if not pieces:
            out.append(item)
            continue
        text, children = item.text, item.children
        first_end = next((p[1] for p in pieces if p[1] >= 0), len(text))
        head_start = max((p[2] for p in pieces if p[1] < 0), default=0)
        item.text, item.children = text[head_start:first_end].strip(), []
        out.append(item)
        real = [p for p in pieces if p[1] >= 0]
        for i, (value, _, tstart, note) in enumerate(real):
            end = real[i + 1][1] if i + 1 < len(real) else len(text)
            node = Node("angka", str(value), text[tstart:end].strip())
            if note:
                node.notes.extend(note.split("; "))
            out.append(node)
        out[-1].children = children
        for child in children:
            child.parent = out[-1]
    # fill numbers the source lost, and say where text may be merged
    final: list[Node] = []
    for node in out:
        if final and int(node.number) > int(final[-1].number) + 1:
            lost = range(int(final[-1].number) + 1, int(node.number))
            final[-1].notes.append(
                f"text possibly merged: angka {lost[0]}–{lost[-1]} lost in the source (OCR)"
                if len(lost) > 1
                else f"text possibly merged: angka {lost[0]} lost in the source (OCR)"
            )
            for v in lost:
                gap = Node("angka", str(v))
                gap.notes.append("definition lost in the source (OCR): heading and text not found")
                final.append(gap)
        final.append(node)
    others = [c for c in pasal.children if c.kind != "angka"]
    pasal.children = []
    for node in [*others, *final]:
        pasal.add(node)
