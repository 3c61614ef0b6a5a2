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
