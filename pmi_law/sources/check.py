"""How far a parsed document can be trusted: the figures behind ``pmi-law check``.

For each document: the Pasal found against their sequence (1, 2, 3 … with nothing lost or
out of order), the structure found (BAB, Bagian, Paragraf), units carrying notes about
source defects, page furniture left in the text of any unit, Penjelasan coverage and
definitions, and the structure figures of ``check_structure`` (also for each amended
version). A silent defect is a failure: a Pasal lost, or a structure defect, without a note
would tell a lawyer nothing about a gap in the law.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from pmi_law.models import Document, Node, unit_label

if TYPE_CHECKING:
    from .corpus import ManifestEntry
    from .versions import Timeline

from .check_structure import StructureFigures, structure_figures
from .headings import pasal_key

# Looser than the cleaner on purpose: it should catch what the cleaner missed.
FURNITURE = re.compile(
    r"(?:[PF]\s?R\s?E\s?S\s?\S{0,2}\s?[DO0]\s?[EO0]\s?N\b(?:\s+R\s?E\s?P\S{1,6}\s?K)?"
    r"|\bR\s?E\s?P\s?[UL]\s?[BE]\s?[UL]\s?[IlU]?\s?K\s+\S?[I1l!T]\s?[NH]\s?[DO0]\s?[O0]\s?N\s?E\s?S\s?[I1lT]\s?A"
    r"|(?<![\w(])[-_]\s?[0-9lt]{1,3}\s?[-_](?![\w-])"
    r"|\bS[Il1]?\s?[(lK]\s?N\s?[lo]?o?\s?[0-9lIO]{2,}\S*\s+A\b"
    r"|\bSK\s+No\b"
    r"|\bSALINAN\b)"
)


#: Share of OCR-suspicious word tokens (sources/repair.py: suspicious_tokens) above which a
#: text is not called ok: about one word in 200 still misread is more than a lawyer should
#: quote without looking at the source.
MAX_SUSPICIOUS_RATE = 0.005

# Furniture the text may still hold, beyond FURNITURE: the running header and stamp forms
# the repair stage knows, and a page-turn catchword repeated ("(4) Perusahaan (4) Perusahaan").
_LEFT_FURNITURE = (
    re.compile(r"\bR\s?E\s?P\s?[UL](?!BLIK\b)\S{1,9}\s+\S*N\s?E\s?S\S*"),
    re.compile(r"(?<!\S)\S{1,5}\s(?:lrlo|Nlo|trjo|trlo)\s(?:\S{1,8}\s){0,2}?\S{0,8}\s?A(?!\w)"),
    re.compile(r"(?<!\S)(\(\d+\)|[a-z]\.)\s+([A-Za-z]\S*)\s+(?:\d{1,3}\.\s+)?\1\s+\2(?!\S)"),
)


@dataclass(slots=True)
class DocumentCheck:
    """The figures for one document (one source file)."""

    citation: str
    file: str
    pasal_found: int = 0
    pasal_expected: int = 0  # the highest number in the sequence (body or Penjelasan)
    pasal_lost: list[str] = field(default_factory=list)  # numbers with no unit at all
    pasal_out_of_order: list[str] = field(default_factory=list)
    pasal_recovered: list[str] = field(default_factory=list)  # heading recovered from the sequence
    lost_without_note: list[str] = field(default_factory=list)
    bab: int = 0
    bagian: int = 0
    paragraf: int = 0
    units_with_notes: int = 0
    empty_without_note: list[str] = field(default_factory=list)
    furniture: list[str] = field(default_factory=list)  # "Pasal 33: PRES tDEN ..."
    penjelasan_pasal: int = 0  # Pasal with a Penjelasan entry on them or inside them
    penjelasan_unattached: int = 0
    has_penjelasan: bool = False
    has_menimbang: bool = False
    has_signature: bool = False  # "Ditetapkan di …" / "Diundangkan di …" after the body
    definitions: int = 0
    version: str = ""  # "" for the file's own text; else the amended state ("as amended by …")
    structure: StructureFigures = field(default_factory=StructureFigures)

    # text figures (OCR repair, sources/repair.py): see text_figures()
    text_tokens: int = 0  # word tokens in the units' text and Penjelasan
    suspicious_before: int = 0  # OCR-suspicious tokens as found in the source
    suspicious_after: int = 0  # … left after repair
    repairs: int = 0
    repairs_by_rule: dict[str, int] = field(default_factory=dict)
    unproved: list[str] = field(default_factory=list)  # "Pasal 3 ayat (2): OCR: '(21' left …"

    @property
    def suspicious_rate_before(self) -> float:
        return self.suspicious_before / self.text_tokens if self.text_tokens else 0.0

    @property
    def suspicious_rate_after(self) -> float:
        return self.suspicious_after / self.text_tokens if self.text_tokens else 0.0

    @property
    def text_ok(self) -> bool:
        """Whether the text can be quoted: no furniture left, OCR noise under the bar."""
        return not self.furniture and self.suspicious_rate_after <= MAX_SUSPICIOUS_RATE

    @property
    def ok(self) -> bool:
        """Nothing lost or misplaced without a note, and the text clean enough to quote."""
        return not self.lost_without_note and self.structure.ok and self.text_ok

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["suspicious_rate_before"] = round(self.suspicious_rate_before, 5)
        data["suspicious_rate_after"] = round(self.suspicious_rate_after, 5)
        data["text_ok"] = self.text_ok
        data["ok"] = self.ok
        data["structure"] = self.structure.to_dict()
        return data


def _number_sequence(pasals: list[Node]) -> tuple[list[str], list[str]]:
    """Numbers missing from 1..max, and Pasal whose number does not rise."""
    keys = [pasal_key(p.number) for p in pasals]
    present = {n for n, letter in keys if not letter}
    top = max((n for n, _ in keys), default=0)
    lost = [str(n) for n in range(1, top + 1) if n not in present]
    disorder = [
        p.number for prev, p in pairwise(pasals) if pasal_key(p.number) <= pasal_key(prev.number)
    ]
    return lost, disorder


def _is_empty(node: Node) -> bool:
    return not node.text.strip() and not node.children


def check_document(doc: Document, file: str = "", *, excerpt: bool = False) -> DocumentCheck:
    """Figures for one parsed document; an excerpt's gaps in the sequence are by design."""
    pasals = doc.nodes("pasal")
    report = DocumentCheck(doc.citation, file or (doc.info.source.name if doc.info.source else ""))
    report.pasal_found = len(pasals)
    lost, disorder = _number_sequence(pasals)
    if excerpt:
        lost = []
    report.pasal_lost = lost
    report.pasal_out_of_order = disorder
    top = max((pasal_key(p.number)[0] for p in pasals), default=0)
    report.pasal_expected = top
    report.lost_without_note = list(lost)
    for p in pasals:
        notes = p.notes
        if any(n.startswith("heading") or "heading and text" in n for n in notes):
            report.pasal_recovered.append(p.number)
        if _is_empty(p) and not notes:
            report.lost_without_note.append(p.number)
    report.bab = len(doc.nodes("bab"))
    report.bagian = len(doc.nodes("bagian"))
    report.paragraf = len(doc.nodes("paragraf"))
    for node in doc.nodes():
        notes = node.notes
        if notes:
            report.units_with_notes += 1
        if node.kind in ("pasal", "ayat", "huruf", "angka") and _is_empty(node) and not notes:
            report.empty_without_note.append(node.label)
    for p in pasals:
        for node in p.walk():
            for pattern in (FURNITURE, *_LEFT_FURNITURE):
                for m in pattern.finditer(node.text):
                    report.furniture.append(f"{node.label}: {m.group()!r}")
    report.has_penjelasan = bool(doc.elucidation_general) or any(n.elucidation for n in doc.nodes())
    report.penjelasan_pasal = sum(1 for p in pasals if any(n.elucidation for n in p.walk()))
    report.penjelasan_unattached = len(doc.unattached_elucidation)
    report.definitions = len(doc.definitions)
    report.has_menimbang = bool(doc.menimbang.strip())
    report.has_signature = bool(_SIGNATURE.search(doc.closing))
    report.structure = structure_figures(doc)
    text_figures(report, doc)
    return report


def text_figures(report: DocumentCheck, doc: Document) -> None:
    """The OCR figures: suspicious tokens in the units' text and Penjelasan as found (repairs
    undone) and as shown, the repairs by rule, the suspects left with a note."""
    from .provenance import original_text
    from .repair import lexicon_for, rule_counts, suspicious_tokens

    shown: list[str] = []
    found: list[str] = []
    units = [r for node in doc.nodes() for r in node.repairs if r.part == "unit"]
    found.extend(r.original for r in units)  # a rebuilt Pasal: the first copy's words
    for node in doc.nodes():
        rebuilt = any(r.part == "unit" for a in _up(node) for r in a.repairs)
        for part, text in (("text", node.text), ("elucidation", node.elucidation or "")):
            if text:
                shown.append(text)
                if not (rebuilt and part == "text"):
                    found.append(original_text(text, node.repairs, part))
        report.unproved.extend(f"{node.label}: {n}" for n in node.notes if n.startswith("OCR:"))
    lex = lexicon_for("\n".join(found), doc.info.source)
    report.suspicious_before, report.text_tokens = suspicious_tokens("\n".join(found), lex)
    report.suspicious_after, _ = suspicious_tokens("\n".join(shown), lex)
    report.repairs = len(doc.repairs) + len(units)
    report.repairs_by_rule = rule_counts([*doc.repairs, *units])


def _up(node: Node) -> list[Node]:
    """A unit and the units it lies in."""
    out = []
    cur: Node | None = node
    while cur is not None:
        out.append(cur)
        cur = cur.parent
    return out


_SIGNATURE = re.compile(r"(?:Ditetapkan|Diundangkan|Disahkan)\s+di\b", re.I)


def check_file(path: Path, citation: str | None = None) -> DocumentCheck:
    """Parse one source file (with its manifest metadata when it has some) and check it."""
    from .parse import parse_document

    doc = parse_document(path)
    return check_document(doc, path.name)


def corpus_checks(
    document: str | None = None,
    *,
    load: Callable[[str, str], Document] | None = None,
    timeline: Callable[[str], Timeline] | None = None,
) -> list[DocumentCheck]:
    """Check every source file of the manifest (primary and alternate copies), or one document.

    ``document`` is a citation of the manifest ("PP 59/2021") or a path to a file. ``load``
    gives a corpus file parsed, by citation and file name (the library reads its store);
    without it every file is parsed here.
    """
    from pmi_law.errors import UnknownCitation

    from .corpus import find_file, load_manifest

    if document and Path(document).is_file():
        return [check_file(Path(document))]
    entries = load_manifest()
    if document:
        wanted = re.sub(r"\s+", " ", document).strip().lower()
        entries = [e for e in entries if e.citation.lower() == wanted]
        if not entries:
            raise UnknownCitation(f"no document {document!r} in the corpus manifest")
    out: list[DocumentCheck] = []
    for entry in entries:
        if entry.type == "Skripsi":
            continue
        from .history import parse_entry
        from .parse import parse_document

        primary = load(entry.citation, entry.file) if load else parse_entry(entry)
        out.append(check_document(primary, entry.file, excerpt=bool(entry.excerpt)))
        if entry.amended_by:
            out.append(_check_amended(entry, entries, timeline))
        for name in entry.alternates:
            if load:
                copy = load(entry.citation, name)
            else:
                path = find_file(name)
                copy = parse_document(path, entry.info(path))
            out.append(check_document(copy, name))
    return out


def _check_amended(
    entry: ManifestEntry,
    entries: list[ManifestEntry],
    timeline: Callable[[str], Timeline] | None,
) -> DocumentCheck:
    """The latest consolidated text of an amended law, checked like a file of its own."""
    if timeline is None:
        from .history import build_timeline, parse_entry

        by_citation = {e.citation: e for e in entries}
        cache: dict[str, Document] = {}

        def document(citation: str) -> Document:
            if citation not in cache:
                cache[citation] = parse_entry(by_citation[citation])
            return cache[citation]

        tl = build_timeline(entry, document, by_citation)
    else:
        tl = timeline(entry.citation)
    latest = tl.latest
    report = check_document(latest, entry.file)
    report.version = "as amended by " + ", ".join(r.by for r in entry.amended_by)
    # a unit the amendment emptied says why in the timeline's notes
    told = {" ".join(unit_label(k, n) for k, n in path) for path in tl.unit_notes}
    report.lost_without_note = [p for p in report.lost_without_note if f"Pasal {p}" not in told]
    report.empty_without_note = [u for u in report.empty_without_note if u not in told]
    return report


def format_report(checks: list[DocumentCheck]) -> list[str]:
    """Plain lines for the terminal: one summary line a document, then what needs a look."""
    lines = []
    for c in checks:
        status = (
            "ok"
            if c.ok
            else "LOST PASAL WITHOUT NOTE"
            if c.lost_without_note
            else "SILENT STRUCTURE DEFECTS"
            if not c.structure.ok
            else "TEXT NOT CLEAN"
        )
        elu = (
            f"Penjelasan on {c.penjelasan_pasal}/{c.pasal_found} Pasal"
            + (f" ({c.penjelasan_unattached} unattached)" if c.penjelasan_unattached else "")
            if c.has_penjelasan
            else "no Penjelasan"
        )
        version = f" {c.version}" if c.version else ""
        lines.append(
            f"{c.citation}{version} [{c.file}]: {c.pasal_found} Pasal (1–{c.pasal_expected}), "
            f"{c.bab} BAB, {c.bagian} Bagian, {c.paragraf} Paragraf; {elu}; "
            f"{c.definitions} definitions; {c.units_with_notes} units with notes; "
            f"{len(c.furniture)} furniture — {status}"
        )
        missing = [
            part
            for part, present in (
                ("Menimbang", c.has_menimbang),
                ("signature block", c.has_signature),
            )
            if not present
        ]
        if missing:
            lines.append(f"  not in the source: {', '.join(missing)}")
        lines.extend(format_text_figures(c))
        if c.pasal_recovered:
            lines.append(
                f"  heading recovered from the sequence: Pasal {', '.join(c.pasal_recovered)}"
            )
        if c.pasal_lost:
            lines.append(f"  lost: Pasal {', '.join(c.pasal_lost)}")
        if c.lost_without_note:
            lines.append(f"  lost without a note: Pasal {', '.join(c.lost_without_note)}")
        if c.pasal_out_of_order:
            lines.append(f"  out of order: Pasal {', '.join(c.pasal_out_of_order)}")
        if c.empty_without_note:
            lines.append(f"  empty without a note: {', '.join(c.empty_without_note[:10])}")
        for hit in c.furniture[:5]:
            lines.append(f"  furniture: {hit}")
        lines.extend(_structure_lines(c.structure))
    return lines


def _structure_lines(s: StructureFigures) -> list[str]:
    lines = [f"  {s.summary()}"]
    for label, items in (
        ("sequence breaks", s.sequence_breaks),
        ("markers left in text", s.markers_in_text),
        ("Penjelasan misaligned", s.penjelasan_misaligned),
        ("references unresolved", s.references_unresolved),
    ):
        if items:
            more = f" … (+{len(items) - 8})" if len(items) > 8 else ""
            lines.append(f"  {label}: {'; '.join(items[:8])}{more}")
    return lines


def format_text_figures(c: DocumentCheck) -> list[str]:
    """The OCR lines of one document's report."""
    rules = ", ".join(f"{rule} {n}" for rule, n in c.repairs_by_rule.items())
    lines = [
        f"  OCR: suspicious tokens {c.suspicious_before}/{c.text_tokens} "
        f"({c.suspicious_rate_before:.2%}) as found, {c.suspicious_after} "
        f"({c.suspicious_rate_after:.2%}) after {c.repairs} repairs"
        + (f" ({rules})" if rules else "")
    ]
    if c.unproved:
        lines.append(f"  left as found, with a note: {len(c.unproved)} (e.g. {c.unproved[0]})")
    return lines
