"""An amending law's own Pasal, and an excerpt of a law, given their units.

Kept apart from omnibus.py (which only tells which headings of an amending law are its own)
because building units needs amend.py and units.py, which read omnibus.py's patterns: one
direction of imports, no cycle.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pmi_law.errors import ParseError
from pmi_law.models import Document, DocumentInfo, Node

from .amend import instruction_spans, strip_furniture
from .clean import clean_text
from .provenance import attach_repairs
from .repair import repair_text
from .units import build_units as _build_units

_EXCERPT_HEAD = re.compile(r"(?m)^[ \t]*Pasal\s+(?P<num>\d+[A-Z]?)[ \t]*$")


def parse_excerpt(raw: str, info: DocumentInfo, pasal: Sequence[str]) -> Document:
    """A document of which the corpus holds only some Pasal (Perppu 2/2022 Pasal 84).

    The file starts at the first of them; each is cut at the next one's heading. No
    sequence is checked: an excerpt has gaps by design.
    """
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
    for pasal in doc.nodes("pasal"):
        text = pasal.full_text()
        spans = instruction_spans(text)
        if not spans:
            continue
        lead = re.sub(r"\s*\b[0-9lI]{1,3}\s?\.?\s*$", "", text[: spans[0][1]]).strip()
        first = pasal.children[0] if pasal.children else None
        if (
            first is not None
            and first.kind == "ayat"
            and any("ayat (1) not found" in n for n in first.notes)
            and (lead.startswith("(1) ") or lead == "(1)")
        ):
            # the quoted law's "(2)" made the lead-in an ayat (1) the source never printed
            lead = lead[4:]
        pasal.text = re.sub(r"\s+", " ", lead)
        pasal.children = []
        for i, (angka, start, end, _) in enumerate(spans):
            body = text[start:end]
            if i + 1 < len(spans):
                body = re.sub(r"\s*\b[0-9lI]{1,3}\s?\.?\s*$", "", body)
            node = Node("angka", str(angka), body.strip())
            _note_lost_instructions(pasal, node)
            _note_scrambled_quote(node)
            pasal.add(node)


# signs that the source's columns were OCR'd out of order inside a quoted Pasal: list letters
# printed as a column ("c d e f"), ayat numbers side by side or left at the end ("(4) (s)",
# "… (4)"), a list number with no words ("1. penetapan . 1.")
_SCRAMBLED_QUOTE = (
    (re.compile(r"(?<=\s)[a-z](?:\s+[a-z]'?){2,}(?=\s)"), "list letters printed as a column"),
    (re.compile(r"\((?:\d{1,2}|[sl])[)1l]\s*\((?:\d{1,2}|[sl])[)1l]"), "ayat numbers side by side"),
    (re.compile(r"\s\(\d{1,2}\)\s*$"), "an ayat number with no words at the end"),
)
_WORDS_BEFORE_HEADING = re.compile(
    r"berbunyi\s+sebagai(?:\s+berikut)?\s*:?\s+(?P<words>(?:(?!Pasal\b)\S+\s+){4,}?)Pasal\s+\S+"
)


def _note_scrambled_quote(node: Node) -> None:
    """An instruction whose quoted text the source's columns scrambled (OCR) says so: the
    quote is shown as found and the reader is told to read the source."""
    signs = [label for pattern, label in _SCRAMBLED_QUOTE if pattern.search(node.text)]
    m = _WORDS_BEFORE_HEADING.search(node.text)
    if m is not None and not re.match(r"\s*(?:\d{1,3}\s*\.?\s*)+$", m["words"]):
        signs.append("words printed between the instruction and the quoted heading")
    if signs:
        node.notes.append(
            "quoted text OCR'd out of order in the source (" + "; ".join(signs) + "):"
            " shown as found; read the source"
        )


def _note_lost_instructions(pasal: Node, node: Node) -> None:
    """An instruction numbered past the next one: those between were not found (OCR lost
    them, or their words run on in the instruction before); said on the unit, never silent."""
    before = [c for c in pasal.children if c.kind == "angka"]
    last = int(before[-1].number) if before else 0
    lost = list(range(last + 1, int(node.number)))
    if not lost:
        return
    label = f"angka {lost[0]}" if len(lost) == 1 else f"angka {lost[0]}–{lost[-1]}"
    where = f"angka {last}" if before else "the Pasal's opening words"
    node.notes.append(
        f"{label} not found in the source (OCR): lost, or run on in {where}; read the source"
    )
