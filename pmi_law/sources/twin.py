"""A Pasal the first copy lost or merged, rebuilt from a second transcription of the law.

PP 59/2021 and PP 22/2022 exist in two independent OCR transcriptions (SOURCES.md): the
data-peraturan copy, with Penjelasan, headings and semicolons, which loses words and whole
Pasal and runs list items into each other; and the GALQA copy (``*.galqa.txt``), body
only, one unit a line, which loses no text. Word repairs between them are made in
``repair.py``; this stage works on units. The second copy, parsed on its own, replaces a
Pasal of the first only where the comparison proves the first wrong:

* the first copy's Pasal is empty (its heading and words lost), or
* the second copy has, inside the same Pasal, a run of words the first lacks (text lost), or
* the two number their units differently (an ayat or item merged, lost or invented),

and only when the second copy's Pasal is itself sound (no notes of its own: its unit
sequence complete) and does not lack words the first copy has (then neither is proved).

The words taken are the second copy's; where the first copy has, at the same place, a
known word for a word the second garbled, the first's is kept. The second copy writes
every semicolon as ``,`` or ``:``; a list item followed by another item ends with ``;``,
the structure proves it. Its page-break residue ("LN & Lg P Hata") is dropped. The Pasal
says what was done, so a reader knows where its words come from.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path

from pmi_law.models import Document, DocumentInfo, Node, Repair

from .repair import UNIT_RULE, Lexicon, lexicon_for, twin_files

#: Second transcriptions laid out one unit a line (SOURCES.md, "GALQA law components").
TWIN_SUFFIX = ".galqa.txt"
#: A run of at least this many words of the second copy missing from the first is text lost.
LOST_RUN = 3

_WORD = re.compile(r"[A-Za-z0-9]+")
# notes of the first copy about its own lost or merged text: the rebuilt Pasal answers them
_ANSWERED = (
    "lost in the source",
    "text possibly merged",
    "unit markers left",
    "text missing in the source",
    "begins mid-sentence",
    "heading and text lost",
    "left as found",
)


def second_transcription(source: Path | None) -> Path | None:
    """The GALQA copy beside a corpus file, if any."""
    for path in twin_files(source):
        if path.name.endswith(TWIN_SUFFIX):
            return path
    return None


def rebuild_from_twin(
    doc: Document, text: str, source: Path | None, parse: Callable[..., Document]
) -> None:
    """Replace the Pasal the comparison with the second transcription proves wrong;
    ``parse`` reads the second copy (the parser's own ``parse_text``, passed in so this
    module does not import the parser that calls it)."""
    path = second_transcription(source)
    if path is None:
        return
    info = DocumentInfo(
        doc.info.type, doc.info.number, doc.info.year, doc.info.title, doc.info.citation
    )
    other = parse(path.read_text(encoding="utf-8"), info, source=path, use_twin=False)
    lex = lexicon_for(text, source)
    theirs = {p.number: p for p in other.nodes("pasal")}
    for p in theirs.values():  # its page-break residue is no text of the law
        for n in p.walk():
            n.text = _tidy(n.text, lex, {})
            # a note on stray words the tidying removed no longer holds
            n.notes = [note for note in n.notes if not _note_on_removed(note, n.text)]
    twin_texts = {n: " ".join(_WORD.findall(_tokens_of(p))).lower() for n, p in theirs.items()}
    for pasal in doc.nodes("pasal"):
        twin = theirs.get(pasal.number)
        if twin is None:
            continue
        moved: list[str] = []
        reason, proved = _why_rebuild(pasal, twin, twin_texts, moved, lex)
        if reason and proved:
            _rebuild(pasal, twin, lex, reason, path.name)
        elif reason and (
            "numbers its units" not in reason or any(n.notes for n in pasal.walk())
        ):  # the copies differ, neither proves its reading, and the first is itself in
            # doubt (words lost, or its own sequence noted): the reader is told
            pasal.notes.append(
                f"the second transcription of this law ({path.name}) reads this Pasal "
                f"otherwise ({reason}), but its own units run on or lack words here: "
                "neither copy proves the reading; read the source"
            )


_QUOTED_DEBRIS = re.compile(r"^words out of order in the source \(OCR\): (?P<q>'[^']*'|\"[^\"]*\")")


def _note_on_removed(note: str, text: str) -> bool:
    """Whether ``note`` tells of words out of order that are no longer in ``text``."""
    m = _QUOTED_DEBRIS.match(note)
    return m is not None and m["q"][1:-1] not in text


def _number(n: str) -> int:
    return int(re.sub(r"\D", "", n) or 0)


def _tokens_of(node: Node) -> str:
    return " ".join(t for n in node.walk() for t in _WORD.findall(n.text))


def _words(node: Node) -> list[str]:
    return [t.lower() for n in node.walk() for t in _WORD.findall(n.text)]


def _shape(node: Node) -> list[tuple[tuple[tuple[str, str], ...], bool]]:
    """Each unit's path and whether it has words (an empty unit is one the OCR lost)."""
    return [(n.path, bool(n.text.strip() or n.children)) for n in node.walk() if n is not node]


# a list item run into the one before, in the second copy's words ("…, i. ' menyelenggarakan",
# "…: 6. Visa Kerja"): its structure is not sound there
_RUN_ON = re.compile(
    r"[,;:]\s+(?:(?:dan|atau|dan/atau)\s+)?(?:[a-z]|\d{1,2})[.)]\s+\W?\s?[A-Za-z]{3}"
)


def _why_rebuild(
    pasal: Node, twin: Node, twin_texts: dict[str, str], moved: list[str], lex: Lexicon
) -> tuple[str | None, bool]:
    """How the first copy's Pasal differs from the second's (None: it does not), and
    whether the second copy proves its own reading there (sound, lacking no word)."""
    if not twin.full_text().strip():
        return None, False
    mine, other = _words(pasal), _words(twin)
    lost = extra = catchwords = displaced = garbled = 0
    ops = difflib.SequenceMatcher(None, mine, other, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            continue
        gained = (j2 - j1) - (i2 - i1)
        if (
            op == "replace"
            and all(w not in lex.counts and not w.isdigit() for w in mine[i1:i2])
            and all(len(w) >= 4 and w in lex.counts for w in other[j1:j2])
        ):
            garbled += j2 - j1  # "periztr: a" for "perizinan": noise where a word stood
        if gained >= LOST_RUN:
            lost += j2 - j1
        elif gained >= 1 and any(
            len(w) >= 4 and w in lex.counts and w not in mine[i1:i2] for w in other[j1:j2]
        ):
            lost += gained  # a word of the law the first copy dropped ("yang awak kapal")
        elif -gained >= LOST_RUN:
            if i2 - i1 <= 4 and i2 < len(mine) and mine[i1] == mine[i2]:
                catchwords += 1  # "(2) Pengawasan atau (2) Pengawasan terhadap": a page turn
                continue
            words = [w for w in mine[i1:i2] if len(w) > 1 and not w.isdigit()]
            if not words:
                continue  # unit numbers left in the words ("(4) (s) (6)")
            run = " ".join(words)
            own = twin_texts.get(pasal.number, "")
            # here once more than the second copy has them here: an extra copy
            surplus = " ".join(w for w in mine if len(w) > 1 and not w.isdigit()).count(run) > (
                own.count(run)
            )
            home = sorted(
                (n for n, t in twin_texts.items() if n != pasal.number and run in t),
                key=lambda n: abs(_number(n) - _number(pasal.number)),
            )
            if home and surplus:
                displaced += 1  # printed here from another Pasal
                moved.extend(h for h in home[:1] if h not in moved)
            elif surplus:
                extra += i2 - i1  # words the second copy lacks: it is not proved better
    # the second copy is unsound here too: notes of its own, or list items run on
    sound = not extra and not any(
        not note.startswith("reference to") for n in twin.walk() for note in n.notes
    )
    if pasal.number != "1" and any(_RUN_ON.search(n.text) for n in twin.walk()):
        sound = False
    if not mine:
        return "the first copy lost this Pasal's words", sound
    if lost:
        return f"the first copy lost {lost} words here", sound
    if _shape(pasal) != _shape(twin):
        why = "the first copy numbers its units differently (a unit merged, lost or misread)"
        return why, sound
    if catchwords:
        return "the first copy repeats a page-turn catchword in its words", sound
    if garbled:
        return f"the first copy garbles {garbled} words here", sound
    if displaced:
        return f"the first copy prints words of Pasal {', '.join(moved)} here", sound
    return None, sound


def _rebuild(pasal: Node, twin: Node, lex: Lexicon, reason: str, name: str) -> None:
    from .penjelasan import reattach_entries
    from .provenance import found_text

    mine = [t for n in pasal.walk() for t in _WORD.findall(n.text)]
    keep = _kept_words(mine, twin, lex)
    found = found_text(pasal)  # the first copy's words as found, its repairs undone
    # the Penjelasan attached to the first copy's units goes to the same units, by path
    explained = {
        n.path: (n.elucidation, [r for r in n.repairs if r.part == "elucidation"], n.notes)
        for n in pasal.walk()
        if n is not pasal and n.elucidation
    }
    pasal.repairs = [r for r in pasal.repairs if r.part == "elucidation"]
    pasal.text = _tidy(twin.text, lex, keep)
    pasal.children = []
    for child in twin.children:
        pasal.add(_copy(child, lex, keep))
    _restore_semicolons(pasal)
    for node in pasal.walk():
        if node.path in explained:
            text, repairs, notes = explained.pop(node.path)
            node.elucidation, node.repairs = text, repairs
            node.notes.extend(n for n in notes if n.startswith("Penjelasan"))
    for path, (text, _, _) in explained.items():  # a unit the second copy does not have
        label = " ".join(f"{k} {v}" for k, v in path[1:])
        pasal.elucidation = f"{pasal.elucidation or ''}\n{label}\n{text}".strip()
    reattach_entries(pasal)  # entries kept on the Pasal for the units the first copy lost
    # the first copy's words stay on the unit, as found (show --source)
    pasal.repairs.append(Repair(-1, -1, found, pasal.full_text(), UNIT_RULE, part="unit"))
    pasal.notes = [
        n
        for n in pasal.notes
        if n.startswith("heading of Pasal") or not any(a in n for a in _ANSWERED)
    ]
    pasal.notes.append(
        f"text taken from the second transcription of this law ({name}): {reason}; "
        "semicolons restored from the list structure"
    )


def _copy(node: Node, lex: Lexicon, keep: dict[str, str]) -> Node:
    out = Node(node.kind, node.number, _tidy(node.text, lex, keep), node.heading)
    for child in node.children:
        out.add(_copy(child, lex, keep))
    return out


def _kept_words(mine: list[str], twin: Node, lex: Lexicon) -> dict[str, str]:
    """Words the second copy garbled where the first has a known word at the same place."""
    other = [t for n in twin.walk() for t in _WORD.findall(n.text)]
    keep: dict[str, str] = {}
    sm = difflib.SequenceMatcher(None, [w.lower() for w in mine], [w.lower() for w in other])
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "replace" or i2 - i1 != 1 or j2 - j1 != 1:
            continue
        good, bad = mine[i1], other[j1]
        if bad.lower() not in lex.counts and good.lower() in lex.counts and _close(good, bad):
            keep[bad] = good
    return keep


def _close(a: str, b: str) -> bool:
    return abs(len(a) - len(b)) <= 2 and (
        difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.75
    )


# page-break residue of the second copy at the end of a unit, after its last punctuation:
# "…Indonesia, LN & Lg P Hata", "…ditunjuk. Ta a ” & £) De 54 -", "… ketenagakerjaan. yg : 1"
_LEAD = re.compile(r"^[.'‘’“”\"—-]\s+")  # "c. . menjamin", "f. ' pelaksanaan", "f. “Pekerja"
_DASH = re.compile(r"\s+[—]\s+")  # "Calon Pekerja — Migran"


def _residue(tail: str, lex: Lexicon) -> bool:
    """A run a scanner made of a page foot: symbols no statute sentence ends with ("&",
    "£", a stray quote), a page number ("54 -"), or only scraps of one to three letters."""
    toks = tail.split()
    if not toks or len(toks) > 9:
        return False
    if any(t.lower() in ("dan", "atau", "dan/atau", "di", "ke", "yang") for t in toks):
        return False
    words = [re.sub(r"[^A-Za-z]", "", t) for t in toks]
    if any(len(w) >= 5 and w.lower() in lex.counts for w in words):
        return False  # a word of the law
    if re.search(r"[&£“”™|]|\d+\s?-$", tail):
        return True
    scraps = [w for w in words if len(w) <= 3 and (len(w) < 2 or w.lower() not in lex.counts)]
    longest = max(len(w) for w in words)
    return len(toks) >= 2 and len(scraps) >= 0.66 * len(toks) and longest <= 4


def _tidy(text: str, lex: Lexicon, keep: dict[str, str]) -> str:
    text = _LEAD.sub("", text.strip())
    if "“" in text and "”" not in text:  # an opening quote never closed: a speck
        text = re.sub(r"“\s?", "", text)
    if text[:1] in "\"'‘" and not re.search(r"[”\"'’]", text[1:]):
        text = text[1:]
    text = _DASH.sub(" ", text)
    cut = None
    for m in reversed(list(re.finditer(r"[.,;:](?:\s+(?:dan/atau|dan|atau)\b)?", text))):
        tail = text[m.end() :]
        if len(tail) > 45:
            break
        if tail.strip() and _residue(tail, lex):
            cut = m.end()
    if cut is not None:
        text = text[:cut]
    if keep:
        text = re.sub(r"[A-Za-z0-9]+", lambda w: keep.get(w.group(), w.group()), text)
    return text


def _restore_semicolons(pasal: Node) -> None:
    """A list item followed by another item, at any depth, ends with ";" (before "dan" or
    "atau" too): the second copy's "," or ":" there is its reading of the semicolon. An
    item that opens a list of its own keeps its colon."""
    nodes = [n for n in pasal.walk() if n is not pasal]
    for i, node in enumerate(nodes):
        if node.kind not in ("huruf", "angka") or node.children:
            continue
        nxt = nodes[i + 1] if i + 1 < len(nodes) else None
        if nxt is None or nxt.kind not in ("huruf", "angka"):
            continue
        node.text = re.sub(
            r"[,:;](\s+(?:dan/atau|dan|atau))?\s*$",
            lambda m: ";" + (m.group(1) or ""),
            node.text,
        )
