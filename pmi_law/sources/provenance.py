"""Repairs on the tree: which unit each OCR repair belongs to, and the text as found.

The repair stage (sources/repair.py) works on the whole cleaned text; a lawyer reads units.
This module gives every repair to the unit whose words hold it (or whose number it is), carries
the repairs of an amending law's text to the units it quotes into the amended law, and shows a
unit's text as found (repairs undone, or marked ``[found → repaired]``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import replace

from pmi_law.models import Document, Node, Repair

from .repair import RepairResult, rule_counts


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def attach_repairs(doc: Document, result: RepairResult) -> None:
    """Give every repair to the unit whose text holds it, and every unproved suspect a note
    on its unit. The document keeps the whole list either way.

    Units are first located in the repaired text, in document order (each unit's first
    words, searched from where the previous one was found); a repair then belongs to the
    last unit starting before it, and is placed in that unit's text by its neighbouring
    words (or in a unit close by, when a unit's words were moved, as a Penjelasan is)."""
    doc.repairs = list(result.repairs)
    nodes = [n for top in doc.children for n in top.walk()]
    text = result.text
    slots: list[tuple[int, Node, str]] = []  # (start in the repaired text, unit, part)
    pos = 0
    for part in ("text", "elucidation"):
        for node in nodes:
            own = node.text if part == "text" else node.elucidation
            start = _locate(text, own or "", pos)
            if start is not None:
                slots.append((start, node, part))
                pos = start
    starts = [s for s, _, _ in slots]
    for repair, offset in zip(result.repairs, result.offsets, strict=True):
        end = offset + len(repair.repaired)
        left = _norm(text[max(0, offset - 14) : offset]).lstrip()
        right = _norm(text[end : end + 14]).rstrip()
        k = bisect.bisect_right(starts, offset) - 1
        order = [k + d for d in (0, 1, -1, 2, -2, 3) if 0 <= k + d < len(slots)]
        for i in order:
            _, node, part = slots[i]
            hay = node.text if part == "text" else node.elucidation or ""
            at = _find_in(hay, left, repair.repaired, right)
            if at is not None:
                node.repairs.append(replace(repair, part=part, at=at))
                break
        else:
            _place_elsewhere(repair, offset, slots, starts, k)
    for suspect in result.suspects:
        rs = _shifted(suspect.start, result)
        k = bisect.bisect_right(starts, rs) - 1
        if k >= 0:
            node = slots[k][1]
            note = f"OCR: {suspect.original!r} left as found ({suspect.rule}: no reading proved)"
            if note not in node.notes:
                node.notes.append(note)


def _place_elsewhere(
    repair: Repair, offset: int, slots: list[tuple[int, Node, str]], starts: list[int], k: int
) -> None:
    """A repair not in any unit's text: a unit's own number ("(21" read as ayat (2)) goes to
    that unit as its marker; furniture removed between two units to the one before."""
    nxt = bisect.bisect_left(starts, offset)
    if repair.rule == "unit-marker" and nxt < len(slots):
        node = slots[nxt][1]
        if f"({node.number})" == repair.repaired and slots[nxt][0] - offset < 8:
            node.repairs.append(replace(repair, part="marker"))
            return
    if k >= 0:
        node, part = slots[k][1], slots[k][2]
        node.repairs.append(replace(repair, part=part, at=-1))


def _locate(text: str, own: str, pos: int) -> int | None:
    """Where a unit's text starts in the repaired text, from ``pos`` on (whitespace free)."""
    words = own.split()[:6]
    if len(words) < 2 or sum(len(w) for w in words) < 12:
        return None
    needle = " ".join(words)
    limit = pos + 30_000
    at = text.find(words[0], pos, limit)
    while at != -1:
        if _norm(text[at : at + len(needle) + 40]).startswith(needle):
            return at
        at = text.find(words[0], at + 1, limit)
    return None


def _find_in(hay: str, left: str, middle: str, right: str) -> int | None:
    """Offset of ``middle`` in a unit's text, told by the words around it."""
    if not hay:
        return None
    tries = [(left, right), (left[-6:], right[:6]), (left[-6:], ""), ("", right[:6])]
    for lft, rgt in tries:
        needle = lft + middle + rgt
        if len(needle.strip()) < 4:
            continue
        at = hay.find(needle)
        if at == -1 and "\n" in hay:
            at = _norm(hay).find(needle)
        if at != -1:
            return at + len(lft)
    return None


def _shifted(start: int, result: RepairResult) -> int:
    """Where a position of the cleaned text lies in the repaired text."""
    shift = 0
    for repair in result.repairs:
        if repair.end > start:
            break
        shift += len(repair.repaired) - (repair.end - repair.start)
    return start + shift


def original_text(text: str, repairs: Iterable[Repair], part: str = "text") -> str:
    """A unit's text as found: its repairs undone (each at the offset it was placed at)."""
    out = text
    for r in sorted((r for r in repairs if r.part == part and r.at >= 0), key=lambda r: -r.at):
        if out[r.at : r.at + len(r.repaired)] == r.repaired:
            out = out[: r.at] + r.original + out[r.at + len(r.repaired) :]
    return out


def marked_text(text: str, repairs: Iterable[Repair], part: str = "text") -> str:
    """A unit's text with each repair shown as ``[found → repaired]``."""
    out = text
    for r in sorted((r for r in repairs if r.part == part and r.at >= 0), key=lambda r: -r.at):
        if out[r.at : r.at + len(r.repaired)] == r.repaired:
            shown = f"[{r.original.strip()} → {r.repaired or '∅'}]"
            out = out[: r.at] + shown + out[r.at + len(r.repaired) :]
    return out


def inherit_repairs(units: Iterable[Node], source: Node) -> None:
    """Give the units an amending Pasal quotes (parsed again from its text) the repairs
    made to that text, so the amended law's unit says it was repaired and can show the
    words as found."""
    pool: list[tuple[str, int, Repair]] = []
    for node in source.walk():
        for r in node.repairs:
            if r.part == "text" and r.at >= 0 and r.repaired:
                lo = max(0, r.at - 10)
                pool.append((node.text[lo : r.at + len(r.repaired) + 10], r.at - lo, r))
    if not pool:
        return
    used: set[int] = set()
    for top in units:
        for node in top.walk():
            for k, (needle, lead, r) in enumerate(pool):
                if k in used:
                    continue
                at = node.text.find(needle)
                if at == -1:
                    at = _norm(node.text).find(_norm(needle))
                if at != -1:
                    record = replace(r, at=at + lead)
                    # one place, one repair: the same words quoted twice in the amending
                    # text ("Tahun 2Ol7" in its opening and in the new Pasal) match twice
                    if not any(x.at == record.at and x.part == record.part for x in node.repairs):
                        node.repairs.append(record)
                    used.add(k)


def unit_repairs(node: Node) -> list[tuple[Node, Repair]]:
    """The repairs of a unit and everything inside it, in document order."""
    return [(n, r) for n in node.walk() for r in sorted(n.repairs, key=lambda r: (r.part, r.at))]


def found_text(node: Node, *, marked: bool = False) -> str:
    """A unit's whole text as the source has it (its repairs undone), one unit a line;
    ``marked``: each repair shown as ``[found → repaired]`` instead. A Pasal rebuilt from a
    second transcription (sources/twin.py) shows the first copy's text, whole."""
    from pmi_law.models import unit_marker

    lines = []
    for n in node.walk():
        whole = next((r for r in n.repairs if r.part == "unit"), None)
        if whole is not None or any(_replaced(a) for a in _ancestors(n, node)):
            if whole is not None:  # its words come from another copy: the first copy's text
                lines.append(f"[{whole.original}]" if marked else whole.original)
            continue
        marker = unit_marker(n) if n is not node else ""
        for r in n.repairs:
            if r.part == "marker" and marker:
                marker = f"[{r.original} → {r.repaired}]" if marked else r.original
        text = marked_text(n.text, n.repairs) if marked else original_text(n.text, n.repairs)
        if text or marker:
            lines.append((marker + " " + text).strip())
    return "\n".join(lines)


def _replaced(node: Node) -> bool:
    return any(r.part == "unit" for r in node.repairs)


def _ancestors(node: Node, top: Node) -> list[Node]:
    """The units between ``node`` (excluded) and ``top`` (included)."""
    out: list[Node] = []
    parent = node.parent
    while parent is not None and node is not top:
        out.append(parent)
        if parent is top:
            break
        parent = parent.parent
    return out


def repair_note(node: Node) -> str | None:
    """ "Teks unit ini diperbaiki dari OCR: N perubahan (…)", or None for an untouched unit."""
    found = unit_repairs(node)
    if not found:
        return None
    rules = rule_counts(r for _, r in found)
    parts = ", ".join(f"{rule} {n}" for rule, n in rules.items())
    return (
        f"Teks unit ini diperbaiki dari hasil OCR sumber: {len(found)} perubahan ({parts}); "
        "teks sebagaimana ditemukan tetap dapat dilihat."
    )


def repairs_view(node: Node) -> list[dict[str, object]]:
    """The repairs of a unit as JSON-ready rows (with the unit each lies in)."""
    return [
        {
            "unit": n.citation,
            "start": r.start,
            "end": r.end,
            "original": r.original,
            "repaired": r.repaired,
            "rule": r.rule,
            "part": r.part,
        }
        for n, r in unit_repairs(node)
    ]
