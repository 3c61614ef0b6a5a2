"""Penjelasan: cut it from the body and attach each entry to the unit it explains."""

from __future__ import annotations

import re

from pmi_law.models import Document, Node

from .clean import read_number
from .headings import find_markers

_PENJELASAN = re.compile(r"(?:^|\n|\s)PENJELASAN(?:\s+ATAS\b|\s*\n)")
_UMUM = re.compile(r"\bI\s?\.\s?UMUM\b")
_PDP = re.compile(r"\bII\s?\.\s?PASAL(?:\s+DEMI\s+PASAL)?\b")
# "huruf a" in lower case opens an entry only at the start or after a finished entry
_ENTRY_START = re.compile(r"(?:^|[.:;]|\bjelas|\bAyat\s?\([0-9lI]{1,2}[)1l])\s*$")
_ELU_SUB = re.compile(
    r"(?:(?<=^)|(?<=\s))(?P<kind>[Aa]yat|[Hh]uruf|[Aa]ngka)(?:\s+|(?<=[Hh]uruf)(?=[a-zI]\b))"  # "Hurufb", "HurufI"
    r"(?P<num>\([0-9lIOas]{1,2}[)1l]|[a-z]{1,2}\b|(?<=[Hh]uruf)I\b|[0-9lIO]{1,3}\b)"
)
# an amending Pasal's Penjelasan: "Angka 15 Pasal 59 Ayat (1) …" (OCR: "Angka 1 1" for 11)
_ANGKA_ENTRY = re.compile(
    r"(?:(?<=^)|(?<=\s))Angka\s+(?P<n>[0-9lI](?:\s?[0-9lIO]){0,2})(?=\s+Pasal\b)"
)


def split_penjelasan(text: str, body_start: int) -> int | None:
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


def attach_penjelasan(doc: Document, text: str) -> None:
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
    markers = [m for m in find_markers(part, elucidation=True) if m.kind == "pasal"]
    if markers and part[: markers[0].start].strip():
        doc.unattached_elucidation.append(part[: markers[0].start].strip())
    pasals = {n.number: n for n in doc.nodes("pasal")}
    for i, marker in enumerate(markers):
        end = markers[i + 1].start if i + 1 < len(markers) else len(part)
        chunk = part[marker.end : end].strip()
        if i + 1 < len(markers):  # the next heading printed twice ("Pasal 24 / Pasal 24 Angka 1")
            chunk = re.sub(rf"\s*\bPasal\s+{re.escape(markers[i + 1].number)}\s*$", "", chunk)
        target = pasals.get(marker.number)
        if target is None:
            doc.unattached_elucidation.append(f"Pasal {marker.number} {chunk}")
            continue
        _attach_entry(target, chunk)
    for node in list(doc.nodes()):
        _realign_by_term(node)


_TERM = re.compile(r"[Yy]ang\s+dimaksud\s+dengan\s+[\"“”'](?P<term>[^\"“”']{3,80})[\"“”']")


def _share(text: str, term: str) -> float:
    """How much of a term's words occur in the unit (OCR spoils some)."""
    have = set(re.findall(r"[a-z0-9]+", text.lower()))
    words = re.findall(r"[a-z0-9]+", term.lower())
    return sum(1 for w in words if w in have) / len(words) if words else 1.0


def _realign_by_term(node: Node) -> None:
    """An entry explaining a term its list item does not contain, where exactly one item of
    the same list contains it and has no Penjelasan of its own ("Huruf d Huruf d Huruf e …
    Huruf f Cukup jelas Yang dimaksud dengan "… calon mitra investasi" …": the source's
    columns): that part goes to the item it names, with a note."""
    if node.kind not in ("huruf", "angka") or node.parent is None or not node.elucidation:
        return
    terms = list(_TERM.finditer(node.elucidation))
    for i, m in enumerate(terms):
        if _share(node.full_text(), m["term"]) >= 0.7:
            continue
        ranked = sorted(
            (
                (_share(s.full_text(), m["term"]), k)
                for k, s in enumerate(node.parent.children)
                if s is not node and s.kind == node.kind
            ),
            reverse=True,
        )
        # the one item that holds the term: most of its words, more than any other item
        if not ranked or ranked[0][0] < 0.7 or (len(ranked) > 1 and ranked[1][0] >= ranked[0][0]):
            continue
        owners = [node.parent.children[ranked[0][1]]]
        if owners[0].elucidation:
            continue
        end = terms[i + 1].start() if i + 1 < len(terms) else len(node.elucidation)
        part = node.elucidation[m.start() : end]
        owner = owners[0]
        owner.elucidation = part.strip()
        owner.notes.append(
            f"Penjelasan placed by the term it explains ({m['term']!r}): the source prints it"
            f" under {node.kind} {node.number} (OCR)"
        )
        node.elucidation = (node.elucidation[: m.start()] + node.elucidation[end:]).strip() or None
        _realign_by_term(node)  # the positions moved: look again
        return


def _attach_amending(pasal: Node, chunk: str) -> bool:
    """An amending Pasal's Penjelasan, one entry per instruction ("Angka 15 Pasal 59 …"):
    each kept whole on its instruction, to be attached to the amended law's unit when the
    instruction is applied (versions.py). Numbers OCR garbled are read by order."""
    items = {c.number: c for c in pasal.children if c.kind == "angka"}
    found = list(_ANGKA_ENTRY.finditer(chunk))
    if len(found) < 2 or not items:
        return False
    from .resolve import amended_law

    if amended_law(pasal.text) is None:
        return False
    intro = chunk[: found[0].start()].strip()
    if intro:
        pasal.elucidation = intro
    expected = 1
    for i, m in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(chunk)
        # the next entry's "Angka 7", doubled at a page turn ("Angka 7 Angka 7 Pasal 51"), is
        # not this entry's words
        body = re.sub(r"(?:\s+Angka\s+[0-9lI](?:\s?[0-9lIO]){0,2})+\s*$", "", chunk[m.end() : end])
        body = body.strip()
        nums = read_number(m["n"])
        number = nums[0] if nums else str(expected)
        if number not in items and str(expected) in items:
            number = str(expected)  # "Angka 2 1" for 21, a lost digit: the order decides
        target = items.get(number)
        if target is None:
            pasal.elucidation = f"{pasal.elucidation or ''}\nAngka {m['n']}\n{body}".strip()
            continue
        target.elucidation = f"{target.elucidation}\n{body}" if target.elucidation else body
        expected = int(number) + 1 if number.isdigit() else expected + 1
    return True


def attach_amending_entry(pasal: Node, text: str) -> None:
    """The amending law's Penjelasan of one instruction ("Pasal 59 Ayat (1) …") on the
    amended Pasal it quotes: its own heading dropped, its entries on their units."""
    m = re.match(r"\s*Pasal\s+\S+\s*", text)
    _attach_entry(pasal, text[m.end() :] if m else text)


def reattach_entries(pasal: Node) -> None:
    """Entries kept on a Pasal because its units were lost ("Huruf j\nCukup jelas."),
    attached once the Pasal has them (rebuilt from a second copy, sources/twin.py): each
    to the one unit of its kind and number, if there is exactly one."""
    chunk = pasal.elucidation or ""
    subs = list(_ELU_SUB.finditer(chunk))
    if not subs:
        return
    kept: list[str] = [chunk[: subs[0].start()].strip()]
    for i, m in enumerate(subs):
        body = chunk[m.end() : subs[i + 1].start() if i + 1 < len(subs) else len(chunk)].strip()
        kind, number = m["kind"].lower(), m["num"].strip("()")
        found = [n for n in pasal.walk() if n.kind == kind and n.number == number]
        if len(found) == 1 and not found[0].elucidation:  # the one unit it can be
            found[0].elucidation = body
        else:
            kept.append(f"{m['kind']} {m['num']}\n{body}")
    pasal.elucidation = "\n".join(k for k in kept if k) or None


def _attach_entry(pasal: Node, chunk: str) -> None:
    """Attach 'Ayat (1)' / 'Huruf a' / 'Angka 3' entries to the units they explain."""
    if _attach_amending(pasal, chunk):
        return
    subs = [
        m
        for m in _ELU_SUB.finditer(chunk)
        if m["kind"][0].isupper() or _ENTRY_START.search(chunk, max(0, m.start() - 12), m.start())
    ]
    intro = chunk[: subs[0].start()].strip() if subs else chunk
    stray = _AFTER_CLEAR.match(intro) if not subs else None
    if stray:  # "Cukup jelas" then words of another page: not this Pasal's explanation
        pasal.notes.append(
            "words printed after this Pasal's Penjelasan in the source are not part of it "
            f"(a page foot, another entry or the closing line): "
            f"'{' '.join(stray['rest'].split())}'"
        )
        intro = intro[: stray.start("rest")].strip()
    if intro:
        pasal.elucidation = intro
    context: list[Node] = [pasal]
    last_ayat: Node | None = None
    for i, m in enumerate(subs):
        end = subs[i + 1].start() if i + 1 < len(subs) else len(chunk)
        body = chunk[m.end() : end].strip()
        kind = m["kind"].lower()
        raw = m["num"].strip("()")
        if kind == "huruf" and raw == "I":
            raw = "l"  # "HurufI": the letter l, its glued heading read in capitals
        numbers = [raw]
        if kind != "huruf":
            raw = (
                raw[:-1] + ("1" if raw[-1] in "l" else raw[-1])
                if len(raw) > 1 and raw.endswith("l")
                else raw
            )
            nums = read_number(raw.rstrip(")"))
            numbers = [nums[0] if nums else raw]
            if m["num"].startswith("(") and len(raw) == 2 and m["num"][-1] in "1l":
                numbers.insert(0, raw[0])  # "(21" is "(2)" with its bracket read as 1
        target = None
        for number in numbers:
            target = _find_target(context, kind, number)
            if target is not None:
                break
        if target is None and kind == "ayat" and raw.rstrip(")1l") in _LETTER_DIGIT:
            # "Ayat (a)": the scan's 4 (and "(s)" its 5), believed where that ayat exists
            target = _find_target(context, kind, _LETTER_DIGIT[raw.rstrip(")1l")])
            if target is not None:
                target.notes.append(
                    f"Penjelasan entry numbered {m['num']!r} in the source (OCR): read as "
                    f"ayat ({target.number})"
                )
        if target is None and kind == "ayat" and not nums_readable(raw):
            target = _next_by_order(pasal, last_ayat)  # "Ayat (a)" after "Ayat (3)": ayat (4)
        if target is not None and target.kind == "ayat":
            last_ayat = target
        if target is None:
            # a unit the body lost (OCR): keep the words with the Pasal, labelled
            label = f"{m['kind']} {m['num']}"
            pasal.elucidation = f"{pasal.elucidation or ''}\n{label}\n{body}".strip()
            continue
        if body:
            target.elucidation = f"{target.elucidation}\n{body}" if target.elucidation else body
            if _CUT_ENTRY.search(body):
                target.notes.append(
                    "Penjelasan: the end of this entry and the heading of the next were lost "
                    "in the source (OCR); its closing 'Cukup jelas' explains a unit after it"
                )
        # context for nested entries: "Ayat (1)" then "Huruf a" means ayat (1) huruf a
        while len(context) > 1 and context[-1] is not target.parent and target.parent is not None:
            if target.is_inside(context[-1]):
                break
            context.pop()
        context.append(target)


# "Cukup jelas" and then more words: the more words are not the explanation
_AFTER_CLEAR = re.compile(r"Cukup\s+jelas\.?\s+(?P<rest>\S.*)$", re.S)

# "… sesuai dengan Cukup jelas.": an explanation cut mid-sentence, the next entry's words
_CUT_ENTRY = re.compile(r"\b(?:dengan|dan|atau|yang|di|pada|dalam|untuk)\s+Cukup\s+jelas\.?\s*$")

#: Letters this scan prints for an ayat number in the Penjelasan: "Ayat (a)" for (4), "(s)" (5).
_LETTER_DIGIT = {"a": "4", "s": "5"}


def nums_readable(raw: str) -> bool:
    return bool(read_number(raw.rstrip(")")))


def _next_by_order(pasal: Node, last: Node | None) -> Node | None:
    """The ayat after the last one explained, when its number is unreadable (OCR)."""
    ayats = [c for c in pasal.children if c.kind == "ayat"]
    if last is None or last not in ayats:
        return None
    i = ayats.index(last)
    return ayats[i + 1] if i + 1 < len(ayats) and not ayats[i + 1].elucidation else None


def _find_target(context: list[Node], kind: str, number: str) -> Node | None:
    """The unit an entry explains: the innermost open context that has it."""
    for ctx in reversed(context):
        target = next((c for c in ctx.children if c.kind == kind and c.number == number), None)
        if target is not None:
            return target
    return None
