"""Units inside a Pasal: ayat, huruf, angka, nested under their lead-in by sequence."""

from __future__ import annotations

import itertools
import re

from pmi_law.models import Node

from .clean import read_number
from .headings import pasal_key
from .omnibus import INSTRUCTION

_ITEM = re.compile(
    r"(?:(?<=^)|(?<=\n)|(?<=[;:.]\s)|(?<=[;:])|(?<=\sdan\s)|(?<=\satau\s)|(?<=[;:]\s[^\w\s]\s)"
    r"|(?<=\s[a-z]-\s)|(?<=/atau\s))\s?"  # after "a- " (garbled marker), "dan/atau "
    r"(?:\((?P<ayat>[0-9lIO]{1,2}[a-z]?)[)1l](?=\s)"
    r"|(?P<huruf>[a-z]{1,2})(?:[.,]|-(?=\s[a-z]))(?=\s)"
    r"|(?P<angka>[0-9]{1,3})\.(?=\s)"
    r"|(?P<sub>[0-9]{1,2})\)(?=\s)"
    r"|(?P<huruf6>Il|I|Oo|O)\.(?=\s[a-z]{3}))"  # "Il."/"Oo." for "l."/"o." (OCR), in sequence
    # an ayat marker inside the words: "… tenaga kerja (3) Pemberi kerja …", "asing. 4 (31 Ketentuan"
    # (believed only when it is exactly the next ayat; "(31" is "(3)" with its bracket read as 1)
    r"|(?<=\S\s)(?<![Aa]yat\s)(?<!pada\s)(?<!dalam\s)(?<!dan\s)(?<!atau\s)"
    r"['‘’\"“”]?\((?P<ayat2>[2-9]|[1-9][0-9])(?:\)|(?<=\d)[1l])(?=\s[A-Z])"
    r"|(?<=[.;:]\s)l(?P<ayat3>[2-9])l(?=\s[A-Z])"  # "l4l": both brackets read as l
    # a list letter that lost its full stop: "…; k pekerja/buruh …", "berdasarkan: a satuan …"
    # (believed only when it continues an open list, or opens one after a colon)
    r"|(?:(?<=;\s)|(?<=;\sdan\s)|(?<=;\satau\s)|(?<=;\sdan/atau\s))(?P<huruf3>[b-z])(?=\s[a-z]{3})"
    r"|(?<=:\s)(?P<huruf4>a)(?=\s[a-z]{3})"
    # the item's end was lost: "… 2 (dua) hari d. membaptiskan …" (only the open list's next letter)
    r"|(?<=[a-z]\s)(?<!huruf\s)(?P<huruf5>[b-z])\.(?=\s[a-z]{3})"
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


# ayat numbers printed apart from their words (a column OCR'd on its own): "(41 (s) (6) (7)"
_TORN_RUN = re.compile(r"(?:\((?:[0-9lIsSO]{1,2})(?:\)|[1lt])?[ \t_]*(?=\(|\s|$)\s*){2,}")
_BARE_AYAT = re.compile(
    r"(?:(?<=^)|(?<=\s))\((?:[0-9lIsSO]{1,2})(?:\)|[1lt])?(?=[\s_]|$)[ \t_]*(?=\(|[A-Z]|\s|$)"
)
_SENTENCE = re.compile(r"(?<=[a-z)]\.)\s+(?=[A-Z])")


def _torn_number(marker: str) -> int:
    """The number of a bare ayat marker ("(41" 4, "(s)" 5, "(2t" 2); 0 when unreadable."""
    raw = marker.strip(" \t_()").replace("s", "5").replace("S", "5")
    raw = re.sub(r"[1lt)]$", "", raw) if len(raw) > 1 else raw
    nums = read_number(raw)
    return int(nums[0]) if nums and nums[0].isdigit() else 0


def _untear_ayat(pasal: Node, body: str) -> bool:
    """Ayat whose numbers were printed apart from their words: when the numbers found
    (k of them, in runs like "(41 (s) (6) (7)") match the k sentences of the words, each
    sentence is an ayat, in order, with a note; otherwise the Pasal says it could not."""
    # numbers after all the words may be the next Pasal's, printed before its heading:
    # believed only when they fit these words exactly, never noted otherwise
    trailing = re.search(r"(?:\s*\((?:[0-9lIsSO]{1,2})(?:\)|[1lt])?[ \t_]*){2,}\s*$", body)
    if not _TORN_RUN.search(body) or re.search(r"[:;]\s*[a-z1-9][.)]\s", body):
        return False
    markers = [
        m
        for m in _BARE_AYAT.finditer(body)
        if not re.search(r"(?:ayat|pada|dan|atau)\s*$", body[max(0, m.start() - 8) : m.start()])
    ]
    words, pos = "", 0
    for m in markers:  # the numbers out, references ("pada ayat (1)") kept
        words += body[pos : m.start()] + " "
        pos = m.end()
    words += body[pos:]
    sentences = [
        x.strip() for x in _SENTENCE.split(re.sub(r"\s+", " ", words).strip()) if x.strip()
    ]
    if len(markers) < 2:
        return False
    numbers = [_torn_number(m.group()) for m in markers]
    if numbers != list(range(1, len(markers) + 1)):
        return False  # not a column of ayat numbers: debris, or markers the parser reads
    proven = len(sentences) == len(markers) and all(
        len(x.split()) >= 4 and x.endswith(".") for x in sentences
    )
    if not proven:
        if trailing is not None:
            return False
        pasal.notes.append(
            f"ayat numbers printed apart from their words in the source (OCR): {len(markers)} numbers, "
            f"{len(sentences)} sentences; the ayat could not be split with certainty"
        )
        return False
    for i, sentence in enumerate(sentences, start=1):
        ayat = pasal.add(Node("ayat", str(i), sentence))
        ayat.notes.append(
            f"ayat ({i}) assigned by sentence order: the {len(markers)} ayat numbers were printed "
            f"apart from the {len(sentences)} sentences in the source (OCR)"
        )
    return True


def build_units(pasal: Node, body: str) -> None:
    """Split a Pasal body into ayat / huruf / angka, nesting lists under their lead-in."""
    if _untear_ayat(pasal, body):
        return
    pieces: list[tuple[str, str, int, int]] = []  # kind, number, marker start, text start
    for m in _ITEM.finditer(body):
        if m["ayat"] or m["ayat2"] or m["ayat3"]:
            nums = read_number(m["ayat"] or m["ayat2"] or m["ayat3"])
            if not nums:
                continue
            pieces.append(("ayat", nums[0], m.start(), m.end()))
        elif m["huruf6"]:
            pieces.append(("huruf", m["huruf6"][-1].lower().replace("i", "l"), m.start(), m.end()))
        elif m["huruf"] or m["huruf3"] or m["huruf4"] or m["huruf5"]:
            letter = m["huruf"] or m["huruf3"] or m["huruf4"] or m["huruf5"]
            pieces.append(("huruf", letter, m.start(), m.end()))
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
        lead = f"{current.text} {body[pos:mstart]}".rstrip()
        if (
            kind == "angka"
            and number == "1"
            and _open_letter(stack) == "k"
            and not lead.endswith(":")
        ):
            kind, number = "huruf", "l"  # "1." for "l." after huruf k (OCR)
        if (
            kind == "huruf"
            and body[mstart:tstart].strip()[:1] in ("I", "O")
            and _expected_next("huruf", _open_letter(stack) or "`") != number
        ):
            continue  # "I." / "Oo." is a letter l / o only where the sequence expects it
        placed = _place(stack, kind, number, inline, body, mstart, lead)
        if placed is None and kind == "huruf" and number == "b" and _open_letter(stack) == "":
            lost_a = _LOST_A.search(
                body, pos, mstart
            )  # "karena a- perusahaan …": a's marker garbled
            first = _place(stack, "huruf", "a", False, body, mstart, "") if lost_a else None
            if lost_a is not None and first is not None:
                append_text(current, body[pos : lost_a.start()])
                node = Node("huruf", "a")
                first[0].add(node)
                while stack[-1] is not first[0]:
                    stack.pop()
                stack.append(node)
                current, pos = node, lost_a.end()
                placed = _place(stack, kind, number, inline, body, mstart, "")
        note = ""
        if placed is None and kind == "huruf":
            placed, note = _skip_lost_letters(stack, number, inline, body, mstart)
        if placed is None:
            continue
        append_text(current, body[pos:mstart])
        parent, node_kind = placed
        node = Node(node_kind, number)
        if note:
            node.notes.append(note)
        if node_kind == "ayat":
            _note_lost_ayat(parent, node)
        parent.add(node)
        while stack[-1] is not parent:
            stack.pop()
        stack.append(node)
        current = node
        pos = tstart
    append_text(current, body[pos:])
    _recover_first_ayat(pasal)
    if INSTRUCTION.search(body):
        return  # an amending Pasal: its units are its instructions (restructure.py), as found
    for node in list(pasal.walk()):
        _words_before_marker(node)
        _letter_column(node)
        _debris_and_order(node)


# list letters printed as a column apart from their words: "a. Undang-Undang b C d a. …"
_LETTER_COLUMN = re.compile(r"(?<=\s)[a-zA-Z](?:\s+[a-zA-Z]){1,12}(?=\s)")
# where one item ends and the next begins: "…5158); Undang-Undang …", "…; dan Undang-Undang …"
_ITEM_END = re.compile(r";(?:\s+(?:dan/atau|dan|atau))?(?=\s+\S)")


def _letter_column(node: Node) -> None:
    """A huruf whose words hold a column of list letters ("b C d", in order, from the list's
    letters): the source printed the markers apart from their words (OCR). The column is
    dropped (and the catchword before it, when the item starts over after it); the words of
    the letters that have no item of their own are split at the items' ends when there are
    exactly as many; else the item says its words may be merged. Always with a note."""
    if node.kind != "huruf" or node.parent is None or len(node.number) != 1:
        return
    m = next(
        (c for c in _LETTER_COLUMN.finditer(node.text) if _consecutive(c.group().lower().split())),
        None,
    )
    if m is None:
        return
    letters = m.group().lower().split()
    before, after = node.text[: m.start()].strip(), node.text[m.end() :].strip()
    restart = f"{node.number}. "
    column = " ".join(m.group().split())
    if after.startswith(restart) and after[len(restart) :].startswith(before):
        text = after[len(restart) :]  # "a. Undang-Undang b C d a. Undang-Undang Nomor 1 …"
        column = f"{before} {column} {node.number}."  # the catchword goes with the column
    else:
        text = f"{before} {after}".strip()
    siblings = {c.number for c in node.parent.children if c.kind == "huruf"}
    missing = [x for x in letters if x > node.number and x not in siblings]
    nxt = _next_letter(node.number)
    if nxt in missing and re.match(rf"{nxt}\.\s", after) and re.search(r";(?:\s*\S+)?$", before):
        # "…; dan/atau a b c b. Dewan …": the next item keeps its own marker after the column
        node.text = before
        item = Node("huruf", nxt, after[len(nxt) + 1 :].strip())
        item.parent = node.parent
        node.parent.children.insert(node.parent.children.index(node) + 1, item)
        item.notes.append(f"list letters printed apart from their words ({column!r}) dropped (OCR)")
        return
    ends = [e.end() for e in _ITEM_END.finditer(text)]
    if missing and len(ends) == len(missing) and _consecutive([node.number, *missing]):
        cuts = [0, *ends, len(text)]
        pieces = [text[a:b].strip() for a, b in itertools.pairwise(cuts)]
        node.text = pieces[0]
        at = node.parent.children.index(node)
        for i, (letter, words) in enumerate(zip(missing, pieces[1:], strict=True), start=1):
            item = Node("huruf", letter, words)
            item.parent = node.parent
            item.notes.append(
                f"huruf {letter}'s words split from huruf {node.number} at the item's end: the"
                f" source printed the letters apart from their words ({column!r}, OCR)"
            )
            node.parent.children.insert(at + i, item)
        node.notes.append(f"list letters printed apart from their words ({column!r}) dropped (OCR)")
        return
    node.text = text
    if missing:
        node.notes.append(
            f"text possibly merged: list letters printed apart from their words ({column!r},"
            f" OCR); the words of huruf {', '.join(missing)} may sit in huruf {node.number}"
        )
    else:
        node.notes.append(f"list letters printed apart from their words ({column!r}) dropped (OCR)")


def _consecutive(letters: list[str]) -> bool:
    return all(len(x) == 1 for x in letters) and all(
        ord(b) - ord(a) == 1 for a, b in itertools.pairwise(letters)
    )


# a bare number or quote mark after a unit's last sentence: "… asing. 4", "… dunia; \""
_TRAILING_DEBRIS = re.compile(r"(?<=[.;:])\s+(?P<debris>\d{1,3}|[\"“”'])$")
_ITEMS_RUN_ON = re.compile(r";\s+(?:dan\s+|atau\s+)?[a-z]\w+\s+\w+")
# words going on after the full stop, in lower case, to no stop: "… perusahaan. ditetapkan … di"
_RUN_ON = re.compile(r"[a-z)]\.\s+(?P<tail>[a-z][^.;:]*)$")


def _debris_and_order(node: Node) -> None:
    """An ayat or huruf ends at its stop: a bare number or quote mark after it is OCR debris
    (dropped, with a note); words after it that start in lower case and end with no stop
    are the sentence's own words OCR'd out of order (kept, with a note)."""
    if node.kind not in ("ayat", "huruf") and not (node.kind == "pasal" and not node.children):
        return
    m = _TRAILING_DEBRIS.search(node.text)
    if m is not None and node.kind != "pasal":
        node.text = node.text[: m.start()].rstrip()
        node.notes.append(f"stray {m['debris']!r} after the unit's end dropped (OCR)")
    siblings = [c for c in node.parent.children if c.kind == node.kind] if node.parent else []
    last = bool(siblings) and siblings[-1] is node and len(siblings) > 1
    if (
        node.kind in ("huruf", "angka")
        and not node.children
        and not last  # the list's closing words follow its last item ("…; dicabut dan …")
        and _ITEMS_RUN_ON.search(node.text)
    ):
        # a list item ends at its ";": words going on after one are the next items', whose
        # letters the source lost (no clean text of the corpus has such an item)
        node.notes.append(
            "text possibly merged: this item runs on past its ';' into what read as further"
            " items whose markers the source lost (OCR); read the source"
        )
    m = _RUN_ON.search(node.text)
    if m is not None and len(m["tail"].split()) <= 12:
        node.notes.append(
            f"words out of order in the source (OCR): {m['tail'].strip()!r} follows the"
            " sentence's full stop; read the source"
        )


# the words after a lead-in's colon, ending as a list item ends: "wajib: menunjuk …;"
_ITEM_AFTER_COLON = re.compile(r":\s*(?P<item>[^:]*?[;,.](?:\s*(?:dan|atau|dan/atau))?)\s*$")


def _words_before_marker(node: Node) -> None:
    """A list's first item with no words, its lead-in running on after the colon with words
    that end as an item ends ("wajib: menunjuk …; a- b. …"): the source printed the marker
    after its words (a column OCR'd out of order). A lead-in ends at its colon, so those
    words are the item's; moved with a note."""
    items = [c for c in node.children if c.kind in ("huruf", "angka")]
    if not items or items[0].number not in ("a", "1") or items[0].text or items[0].children:
        return
    m = _ITEM_AFTER_COLON.search(node.text)
    if m is None or len(m["item"].split()) < 3:
        return
    first = items[0]
    node.text = node.text[: m.start("item")].rstrip()
    first.text = m["item"].strip()
    first.notes.append(
        f"words of {first.kind} {first.number} printed before its marker in the source (OCR):"
        " placed here, as the lead-in ends at its colon"
    )


# "a- perusahaan", "a* istirahat": a's marker garbled (never "huruf a wajib …", a reference)
_LOST_A = re.compile(r"(?<=\s)(?<!huruf\s)a(?:[-.,*]\s|\s)(?=[a-z]{3})")


def _open_letter(stack: list[Node]) -> str:
    """The letter of the innermost open huruf list ('' when none is open)."""
    return next((n.number for n in reversed(stack) if n.kind == "huruf"), "")


def _skip_lost_letters(
    stack: list[Node], number: str, inline: bool, body: str, pos: int
) -> tuple[tuple[Node, str] | None, str]:
    """A letter one or two past the open list's next one, at a clear item start: the
    markers between were lost (OCR) and their words sit in the item before, which says so."""
    if inline and not re.search(r"[;:]\s*$", body[max(0, pos - 3) : pos]):
        return None, ""
    for depth in range(len(stack) - 1, 0, -1):
        node = stack[depth]
        if node.kind != "huruf" or len(node.number) != 1 or len(number) != 1:
            continue
        gap = ord(number) - ord(node.number) - 1
        if 1 <= gap <= 2:
            lost = [chr(ord(node.number) + i) for i in range(1, gap + 1)]
            parent = node.parent if node.parent is not None else stack[0]
            label = f"huruf {lost[0]}" if gap == 1 else f"huruf {lost[0]}–{lost[-1]}"
            note = (
                f"text possibly merged: the marker of {label} was not found in the source (OCR); "
                f"its words may sit in huruf {node.number}"
            )
            return (parent, "huruf"), note
        return None, ""
    return None, ""


def _note_lost_ayat(pasal: Node, node: Node) -> None:
    """An ayat a number or more past the last one: those between were not found (OCR)."""
    ayats = [c for c in pasal.children if c.kind == "ayat"]
    if not ayats or not (ayats[-1].number.isdigit() and node.number.isdigit()):
        return
    lost = list(range(int(ayats[-1].number) + 1, int(node.number)))
    if lost:
        label = f"ayat ({lost[0]})" if len(lost) == 1 else f"ayat ({lost[0]})–({lost[-1]})"
        node.notes.append(
            f"{label} not found in the source (OCR): lost, or merged into ayat ({ayats[-1].number})"
        )


def _recover_first_ayat(pasal: Node) -> None:
    """Ayat (2) with no ayat (1) before it: the Pasal's words before it are ayat (1), whose
    marker the source lost (OCR) — said in a note, never silently."""
    ayats = [c for c in pasal.children if c.kind == "ayat"]
    if not ayats or ayats[0].number != "2":
        return
    before = pasal.children[: pasal.children.index(ayats[0])]
    if not before and (not pasal.text.strip() or pasal.text.strip()[:1].islower()):
        return  # plain words begun mid-sentence: more than ayat (1)'s marker was lost
    first = Node("ayat", "1", pasal.text)
    first.notes.append(
        "marker of ayat (1) not found in the source (OCR): its words recovered from the sequence (ayat (2) follows)"
    )
    for child in before:
        first.add(child)
    pasal.text = ""
    pasal.children = [first, *pasal.children[len(before) :]]
    first.parent = pasal


#: Deepest list nesting below a Pasal: real laws reach 4 (ayat ▸ huruf ▸ angka ▸ sub-angka).
MAX_NESTING = 6


def _place(
    stack: list[Node], kind: str, number: str, inline: bool, body: str, pos: int, lead: str = ""
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
        if not ayats and number == "2" and inline and re.search(r"[a-z;)]\.\s*$", body[:pos]):
            return pasal, "ayat"  # ayat (1)'s marker lost (OCR): the words before are ayat (1)
        if not inline and ayats and pasal_key(number)[0] == pasal_key(expected)[0] + 1:
            return pasal, "ayat"  # a lost ayat in OCR
        if (
            inline
            and ayats
            and pasal_key(number)[0] == pasal_key(expected)[0] + 1
            and re.search(r"[a-z)]\.\s*$", body[:pos])
        ):
            return pasal, "ayat"  # a lost ayat in OCR, the next one run into the text
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
    lead = lead or deepest.text.rstrip()  # the words so far, with those not yet appended
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


# -- markers the parser could not split out ------------------------------------------------

# "(3) Ketentuan …" / "(31 Ketentuan …" inside a unit's words, not "pada ayat (3)"
AYAT_IN_TEXT = re.compile(
    r"(?<![Aa]yat\s)(?<![Aa]yat)(?<!dan\s)(?<!atau\s)(?<!\w)\((?P<n>[1-9][0-9]?)(?:\)|[1l](?=\s))\s+(?=[A-Z])"
)
# "…; b. perusahaan" / "…: 2. menganiaya" inside a unit's words
ITEM_IN_TEXT = re.compile(
    r"[;:]\s+(?:(?:dan|atau|dan/atau)\s+)?(?P<item>[a-z]|[0-9]{1,2})[.]\s+(?=[a-z])"
)


def markers_left(node: Node) -> list[str]:
    """Unit markers still inside a unit's own words ("(2)", "b."): an ayat or item the
    source runs on that the parser could not split out with certainty."""
    text = node.text
    if not text or (
        node.kind == "angka" and node.parent is not None and node.parent.label == "Pasal 1"
    ):
        return []  # a definition that is a list ("Pengusaha adalah: a. …") keeps it in its words
    hits = [f"({m['n']})" for m in AYAT_IN_TEXT.finditer(text) if node.kind in ("pasal", "ayat")]
    return hits + [f"{m['item']}." for m in ITEM_IN_TEXT.finditer(text)]
