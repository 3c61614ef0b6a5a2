"""Parser for an Indonesian law thesis (skripsi): text → Document tree.

Tree: ``abstrak`` ▸ alinea, ``bab`` (I, II, …) ▸ ``subbab`` (A, B, …) ▸ alinea, and
``daftar-pustaka`` ▸ alinea (one per entry). Front matter (title page, pengesahan, KATA
PENGANTAR, DAFTAR ISI) is not content a reader cites, so it is skipped; above all the
table of contents must never produce BAB nodes, which is why its entries (dotted leaders,
page numbers) are recognised before anything is believed to be a heading.

Like the statute parser, a heading is only believed when its number fits the sequence
(BAB II after BAB I, subbab B after A): that keeps list items such as "A. ..." inside a
paragraph from opening new sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pmi_law.citations import int_to_roman, roman_to_int
from pmi_law.models import Document, DocumentInfo, Node

__all__ = ["looks_like_thesis", "parse_thesis"]

# ------------------------------------------------------------------------ headings

_ABSTRAK = {"ABSTRAK", "ABSTRACT", "INTISARI"}
_PUSTAKA = {"DAFTAR PUSTAKA", "DAFTAR KEPUSTAKAAN", "DAFTAR REFERENSI", "BIBLIOGRAFI"}
_TOC = {"DAFTAR ISI", "DAFTAR TABEL", "DAFTAR GAMBAR", "DAFTAR LAMPIRAN", "DAFTAR BAGAN"}
_SKIP = {
    "KATA PENGANTAR",
    "UCAPAN TERIMA KASIH",
    "MOTTO",
    "PERSEMBAHAN",
    "MOTTO DAN PERSEMBAHAN",
    "HALAMAN JUDUL",
    "HALAMAN SAMPUL",
    "DAFTAR SINGKATAN",
    "DAFTAR ISTILAH",
    "LAMPIRAN",
    "LAMPIRAN-LAMPIRAN",
    "RIWAYAT HIDUP",
    "DAFTAR RIWAYAT HIDUP",
    "BIODATA PENULIS",
}
# Upper-case lines starting with these open front matter too ("LEMBAR PENGESAHAN SKRIPSI").
_SKIP_PREFIXES = ("LEMBAR ", "LEMBARAN ", "HALAMAN ", "PERNYATAAN ", "SURAT PERNYATAAN")

_BAB = re.compile(r"^BAB\s+(?P<num>[IVXLC]+|\d{1,2})\b\s*[.:\-–]?\s*(?P<title>.*)$")
_SUBBAB = re.compile(r"^(?P<letter>[A-Z])\.\s+(?P<title>\S.*)$")
# Table-of-contents entries: a dotted leader and/or a page number (arabic or roman) at the end.
_TOC_STRICT = re.compile(r"(?:\.{3,}|(?:\.\s){3,}|…|_{3,})\s*(?:\d{1,3}|[ivxlcIVXLC]{1,7})\s*$")
_TOC_LOOSE = re.compile(r"\S\s+(?:\d{1,3}|[ivxlc]{1,7})$")
_PAGE_NUMBER = re.compile(r"^(?:\d{1,3}|[ivxlc]{1,7}|-\s*\d{1,3}\s*-)$")
_SENTENCE_END = re.compile(r"[.?!:;][\"”’')\]]*$")
_LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|\(\d{1,2}\)|\([a-z]\)|[-•*–])\s+\S")
# Words Indonesian titles keep in lower case ("Tinjauan Umum tentang Pekerja Migran").
_SMALL_WORDS = {
    "dan",
    "atau",
    "di",
    "ke",
    "dari",
    "yang",
    "dalam",
    "pada",
    "untuk",
    "terhadap",
    "tentang",
    "oleh",
    "bagi",
    "dengan",
    "serta",
    "sebagai",
    "menurut",
    "melalui",
    "antara",
    "atas",
    "dan/atau",
    "the",
    "of",
    "and",
    "in",
    "on",
    "for",
    "to",
    "a",
    "an",
}
#: Lines longer than this were not hard-wrapped: each line is its own paragraph.
_WRAP_WIDTH = 150


def _key(line: str) -> str:
    """A heading as a comparable key: spaced letters ("A B S T R A K") and colons ignored."""
    s = " ".join(line.split()).strip(" :.")
    if re.fullmatch(r"(?:\S ){2,}\S", s):
        s = re.sub(r"(?<=\S) (?=\S)", "", s)
    return s.upper()


def _special(line: str) -> str | None:
    """Which special section a whole-line heading opens, if any."""
    key = _key(line)
    compact = key.replace(" ", "")
    for role, names in (
        ("abstrak", _ABSTRAK),
        ("pustaka", _PUSTAKA),
        ("toc", _TOC),
        ("skip", _SKIP),
    ):
        if key in names or compact in {n.replace(" ", "") for n in names}:
            return role
    stripped = line.strip()
    if stripped.isupper() and key.startswith(_SKIP_PREFIXES) and len(key) <= 80:
        return "skip"
    return None


def _is_upper_title(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w/'-]*", text)]
    if not words or not words[0][0].isupper():
        return False
    content = [w for w in words[1:] if w.lower() not in _SMALL_WORDS]
    return all(w[0].isupper() for w in content)


def _bab_number(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)
    try:
        return roman_to_int(raw)  # strict: "IIII", "VX" are not numerals
    except ValueError:
        return None


# ------------------------------------------------------------------------ paragraphs


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _paragraphs(lines: list[str], *, entries: bool = False) -> list[str]:
    """Group lines into paragraphs (or bibliography entries), keeping every word.

    Three layouts occur: blank lines between paragraphs; one paragraph per (long) line;
    and hard-wrapped text where a paragraph starts after a line that ends a sentence and
    is either followed by an indented line or is itself short (the ragged last line).
    """
    blocks: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            blocks.append([])
        elif not _PAGE_NUMBER.match(line.strip()):
            blocks[-1].append(line.rstrip())
    out: list[str] = []
    for block in blocks:
        out.extend(" ".join(" ".join(p).split()) for p in _split_block(block, entries))
    return [p for p in out if p]


def _split_block(block: list[str], entries: bool) -> list[list[str]]:
    if not block:
        return []
    stripped = [line.strip() for line in block]
    width = max(len(s) for s in stripped)
    ends = [bool(_SENTENCE_END.search(s)) for s in stripped]
    unwrapped = width > _WRAP_WIDTH or (len(block) > 1 and sum(ends) >= 0.8 * len(block))
    base = min(_indent(line) for line in block)
    hanging = entries and any(_indent(line) > base for line in block)
    groups: list[list[str]] = [[stripped[0]]]
    for i in range(1, len(block)):
        prev, cur = stripped[i - 1], stripped[i]
        indented = _indent(block[i]) > base
        if unwrapped:
            new = True
        elif hanging:
            new = not indented  # bibliography: continuation lines hang indented
        elif entries:
            new = prev.endswith((".", ")")) and cur[:1].isupper()
        else:
            short = len(prev) < 0.75 * width
            new = ends[i - 1] and (indented or short or bool(_LIST_ITEM.match(cur)))
        if new:
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups


# ------------------------------------------------------------------------ the parser


@dataclass
class _State:
    """Where the parser is: which section collects lines, and the sequence so far."""

    doc: Document
    mode: str = "front"  # front | skip | toc | abstrak | bab | pustaka
    target: Node | None = None
    buffer: list[str] = field(default_factory=list)
    abstrak: Node | None = None
    pustaka: Node | None = None
    bab: Node | None = None
    last_bab: int = 0
    last_subbab: str = ""

    def flush(self) -> None:
        if self.target is not None and self.buffer:
            entries = self.target.kind == "daftar-pustaka"
            for text in _paragraphs(self.buffer, entries=entries):
                number = sum(1 for c in self.target.children if c.kind == "alinea") + 1
                self.target.add(Node("alinea", str(number), text))
        self.buffer = []


def parse_thesis(text: str, info: DocumentInfo) -> Document:
    """Parse a thesis (or only its abstract) into abstrak / bab / subbab / alinea nodes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = text.split("\n")
    doc = Document(info)
    if not any(_heading_at(lines, i, last_bab=0) for i in range(len(lines))):
        # Only an abstract (or any heading-less text): all of it is the abstract.
        node = doc.add(Node("abstrak", ""))
        for number, para in enumerate(_paragraphs(lines), start=1):
            node.add(Node("alinea", str(number), para))
        doc.attach()
        return doc

    st = _State(doc)
    i = 0
    while i < len(lines):
        line = lines[i]
        if st.mode == "toc":
            if _toc_ends(lines, i):
                st.mode = "skip"
                continue  # look at this line again as a heading
            i += 1
            continue
        if _TOC_STRICT.search(line) and len(line.strip()) > 3:
            i += 1  # a stray table-of-contents line (second TOC page, list of tables)
            continue
        heading = _heading_at(lines, i, st.last_bab)
        if heading is not None:
            st.flush()
            i = _open(st, heading, lines, i)
            continue
        if st.mode == "bab" and _subbab_at(lines, i, st.last_subbab):
            st.flush()
            i = _open_subbab(st, lines, i)
            continue
        if st.mode in ("abstrak", "bab", "pustaka"):
            st.buffer.append(line)
        i += 1
    st.flush()
    doc.attach()
    return doc


@dataclass(frozen=True)
class _Heading:
    role: str  # abstrak | pustaka | toc | skip | bab
    number: int = 0
    title: str = ""
    span: int = 1  # lines the heading takes (BAB I / PENDAHULUAN on two lines)


def _heading_at(lines: list[str], i: int, last_bab: int) -> _Heading | None:
    """The section heading that starts at line i, if one does (never a TOC entry)."""
    s = lines[i].strip()
    if not s or len(s) > 120:
        return None
    role = _special(s)
    if role is not None:
        return _Heading(role, title=" ".join(s.split()))
    m = _BAB.match(s)
    if not m:
        return None
    number = _bab_number(m["num"])
    if number is None or number <= last_bab or (last_bab and number != last_bab + 1):
        return None
    title_parts = [m["title"].strip()] if m["title"].strip() else []
    if title_parts and not _is_upper_title(title_parts[0]):
        return None  # "BAB II ini membahas ..." inside a paragraph
    span = 1
    # The title may sit on the next line(s), or run on to them: upper-case lines only.
    j = i + 1
    while j < len(lines) and len(title_parts) < 3:
        nxt = lines[j].strip()
        if not nxt:
            if title_parts:
                break
            j += 1
            continue
        if not _is_upper_title(nxt) or _special(nxt) or _BAB.match(nxt) or _SUBBAB.match(nxt):
            break
        if _TOC_STRICT.search(nxt):
            return None
        title_parts.append(nxt)
        j += 1
        span = j - i
    title = " ".join(" ".join(title_parts).split())
    if _TOC_STRICT.search(title):
        return None
    return _Heading("bab", number, title.strip(" .:"), span)


def _subbab_at(lines: list[str], i: int, last: str) -> bool:
    """Whether line i opens the next sub-chapter ("B. Rumusan Masalah" after "A. ...")."""
    m = _SUBBAB.match(lines[i].strip())
    if not m:
        return False
    expected = "A" if not last else chr(ord(last) + 1)
    title = m["title"].strip()
    return (
        m["letter"] == expected
        and len(title) <= 120
        and len(title.split()) <= 15
        and not title.endswith((".", ";", ",", ":"))
        and _is_title_case(title)
    )


def _open(st: _State, heading: _Heading, lines: list[str], i: int) -> int:
    """Start the section a heading opens; returns the index of the line after the heading."""
    if heading.role == "abstrak":
        if st.abstrak is None:
            st.abstrak = st.doc.add(Node("abstrak", "", heading=heading.title))
        st.mode, st.target, st.bab = "abstrak", st.abstrak, None
    elif heading.role == "pustaka":
        if st.pustaka is None:
            st.pustaka = st.doc.add(Node("daftar-pustaka", "", heading=heading.title))
        st.mode, st.target, st.bab = "pustaka", st.pustaka, None
    elif heading.role == "bab":
        st.bab = st.doc.add(Node("bab", int_to_roman(heading.number), heading=heading.title))
        st.mode, st.target = "bab", st.bab
        st.last_bab, st.last_subbab = heading.number, ""
    else:
        st.mode, st.target, st.bab = heading.role, None, None
    return i + heading.span


def _open_subbab(st: _State, lines: list[str], i: int) -> int:
    m = _SUBBAB.match(lines[i].strip())
    assert m is not None and st.bab is not None
    title = m["title"].strip()
    j = i + 1
    # A long title wraps onto a short title-cased line with no final stop.
    if j < len(lines):
        nxt = lines[j].strip()
        if (
            nxt
            and len(nxt.split()) <= 8
            and not _SENTENCE_END.search(nxt)
            and _is_title_case(nxt)
            and not _SUBBAB.match(nxt)
            and not _LIST_ITEM.match(nxt)
            and _special(nxt) is None
            and not _BAB.match(nxt)
        ):
            title = f"{title} {nxt}"
            j += 1
    st.target = st.bab.add(Node("subbab", m["letter"], heading=" ".join(title.split())))
    st.last_subbab = m["letter"]
    return j


def _toc_ends(lines: list[str], i: int) -> bool:
    """Whether line i is a real heading after a table of contents, not one of its entries."""
    s = lines[i].strip()
    m = _BAB.match(s)
    bare_bab = m is not None and not m["title"]  # "BAB 1" ends in a number, not a page
    if not s or _TOC_STRICT.search(s) or (_TOC_LOOSE.search(s) and not bare_bab):
        return False
    role = _special(s)
    if role is not None:
        return role != "toc"
    if not m:
        return False
    # "BAB I" / "PENDAHULUAN ........ 1": the page number may sit on the title lines.
    seen = 0
    for nxt in lines[i + 1 :]:
        t = nxt.strip()
        if not t:
            continue
        if not _is_upper_title(t) and not _TOC_STRICT.search(t):
            break
        if _TOC_STRICT.search(t) or _TOC_LOOSE.search(t):
            return False
        seen += 1
        if seen == 2:
            break
    return True


def looks_like_thesis(text: str) -> bool:
    """A cheap guess for callers that must pick a parser: thesis headings, no Pasal 1."""
    head = text[:20000]
    if re.search(r"(?m)^\s*Pasal\s+1\s*$", head):
        return False
    return bool(
        re.search(r"(?m)^\s*(?:SKRIPSI|TESIS|ABSTRAK|ABSTRACT)\s*$", head)
        or re.search(r"(?m)^\s*BAB\s+I\b[\s.:]*(?:\n\s*)?PENDAHULUAN", head)
    )
