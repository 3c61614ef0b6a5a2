"""Resolve what the law's words point at: cross-references and Pasal 1 definitions.

Legal cross-references are mostly relative ("pada ayat (1) huruf a" means the ayat of the
same Pasal), come in ranges ("Pasal 8 sampai dengan Pasal 19") and lists ("Pasal 65,
Pasal 66, dan Pasal 72"), and sometimes name another law ("Undang-Undang Nomor 39 Tahun
2004"). Each reference is resolved to a canonical citation; internal ones are linked both
ways (``node.references`` / ``target.referenced_by``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pmi_law.citations import document_id
from pmi_law.errors import CitationError
from pmi_law.models import Definition, Document, Node, Reference, unit_label

from .clean import read_number

_DOC_TYPES = (
    r"Undang-[Uu]ndang|Peraturan\s+Pemerintah\s+Pengganti\s+Undang-[Uu]ndang|Peraturan\s+Pemerintah"
    r"|Peraturan\s+Presiden|Peraturan\s+Menteri\s+Ketenagakerjaan|Peraturan\s+Menteri|UU|PP|Perpres|Perppu"
)
_TOKEN = re.compile(
    r"(?P<pasal>\bPasal\s+(?P<pasalnum>\d+[A-Z]?)(?![\d,.]\d))"
    # "ayat (21" / "dan (31": OCR read the closing bracket as 1 (checked against the target)
    r"|(?P<ayat>(?:\bayat\s*|(?<=\bdan\s)|(?<=\batau\s)|(?<=,\s))\((?P<ayatnum>\d{1,2})(?:\)|(?<=\d)[1l](?=[\s,.;])))"
    r"|(?P<huruf>\bhuruf\s+(?P<hurufnum>[a-z]{1,2})\b)"
    r"|(?P<angka>\bangka\s+(?P<angkanum>\d+)\b(?!\s*\())"
    r"|(?P<range>\bsampai\s+dengan\b)"
    rf"|(?P<doc>\b(?P<doctype>{_DOC_TYPES})\s+(?:Republik\s+Indonesia\s+)?Nomor\s+(?P<docnum>\d+)\s+Tahun\s+(?P<docyear>[12][0-9OolI]{{3}})\b)"
    r"|(?P<uud>\bUndang-Undang\s+Dasar\b)"
    r"|(?P<this>\b(?:Undang-Undang|Peraturan\s+Pemerintah|Peraturan\s+Presiden|Peraturan)\s+ini\b)"
)
_CONNECTOR = re.compile(r"^[\s,]*(?:(?:dan/atau|dan|atau|serta)\s*)?[\s,]*$")
_LEVEL = {"pasal": 0, "ayat": 1, "huruf": 2, "angka": 3}


@dataclass
class _Ref:
    path: list[tuple[str, str]]
    start: int
    end: int
    explicit_pasal: bool


def find_references(node: Node) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """References in a node's own text: (document or '', path, the words)."""
    text = node.text
    pasal = node.pasal
    found: list[tuple[int, str, tuple[tuple[str, str], ...], str]] = []
    refs: list[_Ref] = []
    pending_range: _Ref | None = None
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("doc", "uud", "this"):
            # a document named right after references applies to the whole group before it
            group = _trailing_group(refs, text, m.start())
            if kind == "doc":
                try:
                    year = read_number(m["docyear"])
                    doc = document_id(m["doctype"], m["docnum"], year[0] if year else m["docyear"])
                except CitationError:
                    continue  # a type we cannot name canonically (e.g. a generic "Peraturan Menteri")
                if group:
                    for ref in group:
                        found.append((ref.start, doc, tuple(ref.path), text[ref.start : m.end()]))
                        refs.remove(ref)
                else:
                    found.append((m.start(), doc, (), m.group()))
            elif kind == "uud":
                for ref in group:
                    refs.remove(ref)
            continue
        if kind == "range":
            pending_range = refs[-1] if refs else None
            continue
        assert kind is not None
        number = m[f"{kind}num"]
        prev = refs[-1] if refs else None
        if (
            kind == "ayat"
            and m.group().startswith("(")
            and (prev is None or prev.path[-1][0] != "ayat")
        ):
            continue  # a bare "(3)" is an ayat only in a list of ayat ("ayat (2) dan (3)")
        gap = text[prev.end : m.start()] if prev else ""
        if kind == "pasal":
            ref = _Ref([("pasal", number)], m.start(), m.end(), True)
        elif prev is not None and not gap.strip() and _LEVEL[prev.path[-1][0]] < _LEVEL[kind]:
            prev.path.append((kind, number))  # "Pasal 5 ayat (1) huruf a": one reference
            prev.end = m.end()
            continue
        elif pending_range is not None and pending_range.path[-1][0] == kind:
            ref = _Ref(
                [*pending_range.path[:-1], (kind, number)],
                m.start(),
                m.end(),
                pending_range.explicit_pasal,
            )
        elif prev is not None and _CONNECTOR.match(gap) and any(k == kind for k, _ in prev.path):
            # "ayat (1) dan ayat (2)", "Pasal 5 huruf a dan huruf b": same parent as previous
            base = [step for step in prev.path if _LEVEL[step[0]] < _LEVEL[kind]]
            ref = _Ref([*base, (kind, number)], m.start(), m.end(), prev.explicit_pasal)
        else:
            ref = _Ref([*_context(node, kind), (kind, number)], m.start(), m.end(), False)
        if pending_range is not None and pending_range.path[-1][0] == kind:
            refs.extend(_expand(pending_range, ref))
        pending_range = None
        refs.append(ref)
    for ref in refs:
        if ref.path and ref.path[0][0] != "pasal" and pasal is not None:
            ref.path.insert(0, ("pasal", pasal.number))
        found.append((ref.start, "", tuple(ref.path), text[ref.start : ref.end]))
    found.sort(key=lambda f: f[0])
    return [(doc, path, words) for _, doc, path, words in found]


def _trailing_group(refs: list[_Ref], text: str, pos: int) -> list[_Ref]:
    """The references directly before a document name ('Pasal 5 dan Pasal 6 Undang-Undang Nomor …')."""
    group: list[_Ref] = []
    end = pos
    for ref in reversed(refs):
        gap = text[ref.end : end]
        if not (_CONNECTOR.match(gap) or re.fullmatch(r"\s*", gap)):
            break
        group.append(ref)
        end = ref.start
    return group


def _context(node: Node, kind: str) -> list[tuple[str, str]]:
    """Path that a bare 'ayat (2)' / 'huruf b' is relative to: the node's own Pasal or list."""
    if kind == "ayat":
        return []  # the Pasal is added by the caller
    container: Node | None = node
    while container is not None and _LEVEL.get(container.kind, -1) >= _LEVEL[kind]:
        container = container.parent
    if container is None or container.kind not in _LEVEL:
        return []
    steps = [s for s in container.path if s[0] != "pasal"]
    return steps


def _expand(first: _Ref, last: _Ref) -> list[_Ref]:
    """Units strictly between the two ends of 'X sampai dengan Y'."""
    kind, a = first.path[-1]
    _, b = last.path[-1]
    base = last.path[:-1]
    out: list[_Ref] = []
    if kind == "huruf" and len(a) == 1 and len(b) == 1:
        values = [chr(c) for c in range(ord(a) + 1, ord(b))]
    elif a.isdigit() and b.isdigit() and 0 < int(b) - int(a) < 200:
        values = [str(v) for v in range(int(a) + 1, int(b))]
    else:
        values = []
    for v in values:
        out.append(_Ref([*base, (kind, v)], last.start, last.end, last.explicit_pasal))
    return out


def resolve_document(doc: Document) -> None:
    """Fill definitions and internal cross-references (both directions) of one document."""
    doc.definitions = extract_definitions(doc)
    doc.external_references = []
    for node in doc.nodes():
        node.references = []
    for node, refs in resolutions(doc):
        seen: set[str] = set()
        for document, path, words, found in refs:
            if document:
                target = document + (
                    " " + " ".join(unit_label(k, n) for k, n in path) if path else ""
                )
                doc.external_references.append(
                    Reference(node.citation, target, words, external=True)
                )
            else:
                if found is None and _instructs(node):
                    # an instruction whose law the source lost: "Pasal 38A" is that law's
                    note = (
                        f"reference to {words}: the law this instruction amends could not be"
                        " read in the source (OCR); not resolved"
                    )
                    if note not in node.notes:
                        node.notes.append(note)
                    continue
                if found is None or found is node or node.is_inside(found):
                    continue
                target = found.citation
                if found.path != path:  # the finest step is not in the text: never widen silently
                    target = f"{doc.citation} {' '.join(unit_label(k, n) for k, n in path)}"
                    note = f"reference to {target}: target not found in the source (lost in OCR?); nearest unit {found.citation}"
                    if note not in node.notes:
                        node.notes.append(note)
                if target not in seen:
                    found.referenced_by.append(node.citation)
            if target not in seen:
                seen.add(target)
                node.references.append(target)


_INSTRUCTION_START = re.compile(r"(?:Ketentuan|Di\s*antara|Penjelasan|Pasal\s*\S+\s+dihapus)\b")


def _instructs(node: Node) -> bool:
    """Whether the unit is an instruction of an amending Pasal (its own angka)."""
    unit: Node | None = node
    while unit is not None and unit.kind != "pasal":
        if (
            unit.kind == "angka"
            and unit.parent is not None
            and unit.parent.kind == "pasal"
            and _INSTRUCTION_START.match(unit.text)
        ):
            return True
        unit = unit.parent
    return False


Resolution = tuple[str, tuple[tuple[str, str], ...], str, "Node | None"]


def resolutions(doc: Document) -> Iterator[tuple[Node, list[Resolution]]]:
    """Every unit's references: (other document or '', path, words, unit found here or None).

    Inside an amending article (UU 11/2020 Pasal 81 quoting UU 13/2003 Pasal 42) a bare
    "Pasal 42" is the amended law's Pasal, never the amending law's own.
    """
    amended_by_pasal: dict[str, str] = {}
    for pasal in doc.nodes("pasal"):
        target_law = amended_law(pasal.text) or amended_law(pasal.full_text()[:600])
        if target_law and target_law != doc.citation:
            amended_by_pasal[pasal.number] = target_law
    for node in doc.nodes():
        if node.kind not in _LEVEL or not node.text:
            continue
        owner = node.pasal
        # inside an amending article, "Pasal 1 angka 9" means the amended law's Pasal 1
        default_doc = amended_by_pasal.get(owner.number, "") if owner is not None else ""
        out: list[Resolution] = []
        for document, path, words in find_references(node):
            if not document and default_doc and path:
                if owner is not None and path[0] == ("pasal", owner.number) and "asal" not in words:
                    continue  # "pada ayat (1)" in a quoted Pasal: not the amending Pasal's ayat
                document = default_doc
            if document == doc.citation and not path:
                continue  # the law naming itself ("Undang-Undang Nomor 13 Tahun 2003")
            if document and document != doc.citation:
                out.append((document, path, words, None))
            else:
                out.append(("", path, words, _lookup(doc, path)))
        yield node, out


_AMENDS = re.compile(
    r"(?:[Kk]etentuan\s+(?:dalam|Pasal\s+\S+\s+)?|[Dd]i\s+antara\s+Pasal\s+\S+\s+dan\s+Pasal\s+\S+\s+dalam)"
    r"\s*(?P<doctype>(?:[Uu]ndang-\s?)?Undang|Peraturan\s+Pemerintah"
    r"(?:\s+Pengganti\s+Undang-\s?[Uu]ndang)?|Peraturan\s+Presiden)\s+(?:Nomor\s+)?"
    r"(?P<docnum>[0-9lIOT]{1,3})\s+Tahun\s+(?P<docyear>[12L][0-9OolIgrL]{3})\b[^:]{0,400}?"
    r"(?:diubah|disisipkan)"
)
# OCR in the year and number of an amended law: "2OOg" 2009, "2or9" 2019, "L997" 1997, "lT" 17
_YEAR_OCR = str.maketrans({"g": "9", "r": "1", "L": "1", "T": "7"})


def amended_law(text: str) -> str | None:
    """The law an amending article changes ("Beberapa ketentuan dalam Undang-Undang Nomor 18 …").

    OCR spoils these openings ("Undang- Undang", "Nomor" lost, "2Ol7"); each is read leniently,
    since a miss sends every "Pasal X" the article quotes to the amending law itself.
    """
    m = _AMENDS.search(text)
    if not m:
        return None
    doctype = re.sub(r"-\s+", "-", re.sub(r"\s+", " ", m["doctype"]))
    doctype = doctype[:1].upper() + doctype[1:]  # "undang-Undang" (OCR)
    if doctype == "Undang":
        doctype = "Undang-Undang"
    year = read_number(m["docyear"].translate(_YEAR_OCR))
    number = read_number(m["docnum"].translate(_YEAR_OCR))
    try:
        return document_id(
            doctype, number[0] if number else m["docnum"], year[0] if year else m["docyear"]
        )
    except CitationError:
        return None


def _lookup(doc: Document, path: tuple[tuple[str, str], ...]) -> Node | None:
    """The unit, or its nearest existing ancestor when the finest step is missing."""
    steps = list(path)
    while steps:
        node = doc.find(tuple(steps))
        if node is not None:
            return node
        steps.pop()
    return None


_DEF = re.compile(
    r"^(?P<term>.+?)(?:,?\s+yang\s+selanjutnya\s+(?:disebut|disingkat)(?:\s+dengan)?\s+(?P<abbr>.+?))?"
    r"\s+(?:adalah|ialah|merupakan)(?:\s*:\s*|\s+)(?P<text>.+)$",
    re.S,
)


def extract_definitions(doc: Document) -> list[Definition]:
    """Definitions from the 'yang dimaksud dengan:' list of the first Pasal."""
    pasal = doc.find((("pasal", "1"),))
    if pasal is None or "dimaksud dengan" not in pasal.text:
        return []
    out: list[Definition] = []
    for item in pasal.children:
        if item.kind != "angka":
            continue
        m = _DEF.match(item.full_text().strip())  # a definition may be a list ("Pengusaha")
        if not m:
            note = "not read as a definition: its term or 'adalah' is missing in the source text"
            if item.text.strip() and note not in item.notes:
                item.notes.append(note)
            continue
        term = re.sub(r"\s+", " ", m["term"]).strip()
        abbr = re.sub(r"\s+", " ", m["abbr"]).strip() if m["abbr"] else None
        if len(term.split()) > 14:
            continue
        out.append(
            Definition(term=term, text=m["text"].strip(), citation=item.citation, abbreviation=abbr)
        )
    return out
