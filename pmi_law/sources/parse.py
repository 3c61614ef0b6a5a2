"""Statute parser: cleaned text → Document tree (BAB ▸ Bagian ▸ Paragraf ▸ Pasal ▸ ayat ▸ huruf/angka).

The same code reads clean one-unit-a-line text, markdown-ish text whose headings run into
the previous line, and noisy OCR. It works on the whole text as a stream: structural
markers are found wherever they occur, and a marker is only believed when its number fits
the sequence (Pasal 12 after Pasal 11; huruf c after huruf b). That one rule is what keeps
cross-references ("sebagaimana dimaksud dalam Pasal 5") and OCR debris out of the tree.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from pmi_law.citations import document_id, document_type
from pmi_law.errors import ParseError
from pmi_law.models import Document, DocumentInfo, Node

from .clean import clean_text, read_number
from .headings import HEAD, Marker, find_markers, recover_lost_bab, recover_lost_pasal
from .penjelasan import attach_penjelasan, split_penjelasan
from .provenance import attach_repairs
from .repair import repair_text
from .restructure import restructure
from .twin import rebuild_from_twin
from .units import build_units, markers_left, split_definitions

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
    raw: str,
    info: DocumentInfo | None = None,
    *,
    source: Path | None = None,
    use_twin: bool = True,
) -> Document:
    """Parse statute text (any of the corpus layouts) into a Document tree; ``use_twin``:
    rebuild the Pasal a second transcription of the law proves wrong (sources/twin.py)."""
    text = (repaired := repair_text(clean_text(raw), source)).text
    if not text.strip():
        raise ParseError(f"{source or 'text'}: nothing to parse after cleaning")
    first = _FIRST_UNIT.search(text)
    if first is None:
        raise ParseError(f"{source or 'text'}: no 'Pasal 1' found; is this a statute?")
    cut = split_penjelasan(text, first.start())
    body_text = text if cut is None else text[:cut]
    elucidation = "" if cut is None else text[cut:]
    markers = find_markers(body_text)
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
    _strip_title_block(doc)
    doc.attach()
    _drop_next_heading_catchword(doc)
    _note_empty_units(doc)
    _note_markers_left(doc)
    if elucidation:
        attach_penjelasan(doc, elucidation)
    attach_repairs(doc, repaired)
    if use_twin:  # after the repairs: a rebuilt Pasal keeps the first copy's text as found
        rebuild_from_twin(doc, text, source, parse_text)
        doc.attach()
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


def _build_tree(doc: Document, text: str, markers: list[Marker], body_end: int) -> None:
    markers = recover_lost_pasal(doc, text, recover_lost_bab(text, markers))
    bab: Node | None = None
    bagian: Node | None = None
    paragraf: Node | None = None
    previous: Node | None = None
    for i, marker in enumerate(markers):
        end = markers[i + 1].start if i + 1 < len(markers) else body_end
        end = min(end, body_end) if marker.start < body_end else end
        chunk = text[marker.end : end]
        if marker.kind == "pasal":
            pasal = Node("pasal", marker.number)
            build_units(pasal, chunk.strip())
            if marker.note:
                pasal.notes.append(marker.note)
            if marker.number == "1":
                split_definitions(pasal)
            if previous is not None:
                _move_leading_ayat(previous, pasal)
            container = paragraf or bagian or bab
            if previous is not None and _printed_after_next(text, markers, i):
                if container is not None and container.heading:  # "Pemerintah Pusat Pasal 35 …"
                    cut = re.search(
                        rf"\s*\bPa\s?[s5]al\s+{re.escape(markers[i + 1].number)}\b",
                        container.heading,
                    )
                    container.heading = (
                        container.heading[: cut.start()] if cut else container.heading
                    )
                container = previous.parent  # still the part the Pasal before it is in
                pasal.notes.append(
                    f"printed after the heading of Pasal {markers[i + 1].number} and the "
                    f"{markers[i - 1].kind.upper() if markers[i - 1].kind == 'bab' else markers[i - 1].kind.capitalize()} "
                    f"heading before it in the source: placed by the Pasal sequence"
                )
            previous = pasal
            if container is None or container.kind not in ("bab", "bagian", "paragraf"):
                doc.add(pasal)
            else:
                container.add(pasal)
            continue
        node = Node(marker.kind, marker.number, heading=_heading(chunk))
        if marker.note:
            node.notes.append(marker.note)
        if not node.heading:
            node.notes.append("title of this heading lost in the source")
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


def _strip_title_block(doc: Document) -> None:
    """A BAB heading that carries the law's own title block ("BAB I SALINAN PERATURAN …
    NOMOR 59 TAHUN 2021 <title> KETENTUAN UMUM", a stamp the scan printed over it) keeps
    only the words after the title; the words removed are in its note."""
    title = re.sub(r"\s+", " ", doc.info.title).upper()
    for bab in (n for n in doc.children if n.kind == "bab"):
        heading = bab.heading or ""
        at = heading.upper().rfind(title) if title else -1
        if at < 0 or not re.search(r"\bNOMOR\b", heading[:at]):
            continue
        rest = heading[at + len(title) :].strip(" .:")
        if rest:
            bab.notes.append(
                f"the law's title block printed into this heading in the source removed: "
                f"'{heading[: at + len(title)]}'"
            )
            bab.heading = rest


def _printed_after_next(text: str, markers: list[Marker], i: int) -> bool:
    """The first Pasal after a BAB/Bagian heading whose next Pasal's heading stands before it
    ("BAB IV … Pasal 35 … Pasal 34 <words> <Pasal 35's words>", a scrambled page): it ends
    the part before the heading, and the next Pasal, whose heading was found only by the
    sequence, opens the new part."""
    if i == 0 or i + 1 >= len(markers) or markers[i - 1].kind == "pasal":
        return False
    nxt = markers[i + 1]
    if nxt.kind != "pasal" or not nxt.note.startswith("heading of Pasal"):
        return False
    between = text[markers[i - 1].end : markers[i].start]
    return bool(re.search(rf"\bPa\s?[s5]al\s+{re.escape(nxt.number)}\b", between))


# a Pasal whose words open with an ayat marker other than (1): "(21 P3MI yang …"
_LEADING_AYAT = re.compile(r"^['‘’\"“”]?\((?P<n>[0-9lI]{1,2})[)1l]\s+(?=[A-Z])")


def _move_leading_ayat(previous: Node, pasal: Node) -> None:
    """An ayat (2) before any ayat (1) belongs to the Pasal before: the source printed it
    after the next Pasal's heading (a page break). Moved, with a note saying so."""
    m = _LEADING_AYAT.match(pasal.text)
    if m is None:
        return
    nums = read_number(m["n"])
    if not nums or not nums[0].isdigit() or int(nums[0]) < 2:
        return
    ayats = [c for c in previous.children if c.kind == "ayat"]
    if not ayats or ayats[-1].number != str(int(nums[0]) - 1):
        return
    moved = Node("ayat", nums[0], pasal.text[m.end() :].strip())
    moved.notes.append(
        f"printed after the heading of Pasal {pasal.number} in the source: placed in "
        f"Pasal {previous.number} by the ayat sequence (an ayat ({nums[0]}) before any ayat (1))"
    )
    first_ayat = next(
        (i for i, c in enumerate(pasal.children) if c.kind == "ayat"), len(pasal.children)
    )
    for child in pasal.children[:first_ayat]:
        moved.add(child)
    pasal.children = pasal.children[first_ayat:]
    pasal.text = ""
    previous.add(moved)


def _drop_next_heading_catchword(doc: Document) -> None:
    """The next Pasal's heading at the end of a Pasal's last words ("… Penghasilan. Pasal 93 ."
    then "Pasal 93 (1) …"): a page-turn catchword, not the law's words; dropped, with a note."""
    pasals = list(doc.nodes("pasal"))
    for pasal, following in itertools.pairwise(pasals):
        last = list(pasal.walk())[-1]
        m = re.search(rf"\s*\bPasal\s+{re.escape(following.number)}\s*\.?\s*$", last.text)
        if m is None or not last.text[: m.start()].rstrip().endswith((".", ";", ":")):
            continue
        last.text = last.text[: m.start()].rstrip()
        last.notes.append(f"page-turn catchword dropped: {m.group().strip()!r}")


def _note_empty_units(doc: Document) -> None:
    """No empty unit without a reason: the source has its heading but not its words.

    A Pasal whose words begin mid-sentence ("sebagaimana dimaksud …") lost its start.
    """
    for pasal in doc.nodes("pasal"):
        first = pasal.full_text()[:1]
        if first.islower() and not any("start" in n for n in pasal.notes):
            pasal.notes.append("start of the text lost in the source: it begins mid-sentence")
    for node in doc.nodes():
        empty = not node.text.strip() and not node.children
        if node.kind in ("pasal", "ayat", "huruf", "angka") and empty and not node.notes:
            node.notes.append("text missing in the source: only the heading or number was found")


def _note_markers_left(doc: Document) -> None:
    """No ayat or item run on silently: a unit whose words still hold markers the sequence
    could not place says so, and the reader knows to check the source."""
    from .resolve import amended_law

    for pasal in doc.nodes("pasal"):
        if amended_law(pasal.text) not in (None, doc.citation):
            continue  # an amending Pasal quotes another law: its words are that law's
        for node in pasal.walk():
            left = markers_left(node)
            if left and not any("markers" in n for n in node.notes):
                node.notes.append(
                    f"unit markers left in the text ({', '.join(dict.fromkeys(left))}): the"
                    " source runs these units on and they could not be split out with"
                    " certainty; read the source"
                )


def _heading(chunk: str) -> str:
    title = re.sub(r"\s+", " ", chunk).strip(" .:")
    # a BAB/Bagian title never holds a Pasal heading, nor ends in a lone number or quote:
    # "… Komoditas Pergaraman Pasal 1 15 1 '" (OCR ran the next heading into the title)
    title = re.sub(r"\s+Pa\s?[s5]al\s+[0-9lI][0-9lI\s'\"‘’.]*$", "", title)
    return re.sub(r"(?:\s+(?:\d{1,3}|['\"‘’]))+$", "", title).strip(" .:")


def parse_document(path: str | Path, info: DocumentInfo | None = None) -> Document:
    """Parse a statute or thesis file (.txt, .md or .pdf) into a Document.

    Metadata comes from ``info``, else from the corpus manifest when the file is one of its
    documents, else from the file's own title block.
    """
    from .corpus import excerpt_of, info_for_file
    from .reader import read_source
    from .restructure import parse_excerpt
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
        and not HEAD.search(raw)
        and re.search(r"(?i)\b(skripsi|abstrak|tesis)\b", raw + path.name)
    ):
        slug = re.sub(r"[^A-Za-z0-9]+", "-", path.stem).strip("-") or "tanpa-judul"
        return parse_thesis(
            raw, DocumentInfo("Skripsi", slug, "", path.stem, f"Skripsi {slug}", source=path)
        )
    doc = parse_text(raw, info, source=path)
    doc.info.source = path
    return doc


_RAHMAT = re.compile(r"DENGAN\s+RAHMAT\s+TUHAN\s+YANG\s+MAHA\s+ESA")


def statutes_in(raw: str) -> list[str]:
    """The statutes a text holds, by their title blocks (one "DENGAN RAHMAT TUHAN …" each).

    A file of several statutes parses as its first one only; callers say so instead of
    silently dropping the rest.
    """
    starts = [m.start() for m in _RAHMAT.finditer(raw)]  # raw: cleaning 10 MB costs seconds
    out: list[str] = []
    prev = 0
    for start in starts:
        found = _read_title(clean_text(raw[max(prev, start - 2000) : start]))
        out.append(document_id(found[0], found[1], found[2]) if found else "a statute")
        prev = start
    return out
