"""Delegation clauses: which rule a law leaves to a regulation, and who carries it out.

A law says itself what it leaves to others ("Ketentuan lebih lanjut mengenai biaya penempatan
… diatur dengan Peraturan Kepala Badan"), and a regulation says what it carries out: its
Menimbang ("untuk melaksanakan ketentuan Pasal 20, … Undang-Undang Nomor 18 Tahun 2017"),
its own references to the law ("sebagaimana dimaksud dalam Pasal 30 Undang-Undang …") and
the units it restates. This module reads those words from parsed trees, never from a list
typed by hand; "sesuai dengan ketentuan peraturan perundang-undangan" names no instrument and
is kept apart as a generic clause. A regulation whose Menimbang names other Pasal of the law
is never linked to a delegation it does not name (PP 22/2022 restates UU 18/2017 Pasal 8,
yet carries out Pasal 64 only).

Regulations that exist but are not in the corpus are matched on their titles from the
peraturan.go.id metadata: a likely implementing instrument, not a proven one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from pmi_law.models import Document, Node, unit_label

from .clean import tanggal
from .overlap import OverlapIndex
from .resolve import find_references

#: The instrument kinds, as this module names them (older laws delegate to a Keputusan).
KINDS = (
    "PP",
    "Perpres",
    "Peraturan Menteri",
    "Peraturan Badan",
    "Peraturan Daerah",
    "Peraturan Kapolri",
    "Keputusan Presiden",
    "Keputusan Menteri",
    "Keputusan Kepala Badan",
)
GENERIC = "umum"
#: How each link was found.
VIAS = ("menimbang", "reference", "restatement")
#: States of a delegation.
IMPLEMENTED, KNOWN, UNKNOWN = "implemented", "known", "unknown"
STATE_LABELS = {
    IMPLEMENTED: "dilaksanakan (ada di korpus)",
    KNOWN: "ada peraturan (judul cocok), tidak di korpus",
    UNKNOWN: "tidak diketahui",
    GENERIC: "umum (peraturan perundang-undangan)",
}
METADATA_FILE = "peraturan-go-id-metadata-pmi-subset.jsonl"
#: Share of two units' terms that must be common to call one a restatement (as retrieval).
MIN_OVERLAP = 0.6
#: A unit of fewer terms restates nothing: "Awak Kapal Perikanan Migran." (a list item of
#: PP 22/2022 Pasal 3) shares 3 of 5 terms with UU 18/2017 Pasal 4 ayat (1) huruf c by chance.
MIN_TERMS = 5

_W = r"[\s_]+"  # OCR leaves underscores between words ("Peraturan __ Menteri")
_INSTRUMENT = (
    rf"(?P<instrument>Peraturan{_W}Pemerintah(?!{_W}Pengganti)|Peraturan{_W}Presiden"
    rf"|Peraturan{_W}Menteri(?:{_W}yang{_W}menyelenggarakan{_W}urusan{_W}pemerintahan{_W}(?:di{_W})?bidang{_W}[a-z ]+?(?=[.,;]|$))?"
    rf"|Peraturan{_W}Kepala{_W}Badan|Peraturan{_W}Badan|Peraturan{_W}BP2MI|Peraturan{_W}Daerah"
    rf"|Peraturan{_W}Kepala{_W}Kepolisian{_W}Negara{_W}Republik{_W}Indonesia"
    rf"|Keputusan{_W}(?:Menteri|Presiden|Kepala{_W}Badan))"
)
_CLAUSE = re.compile(
    r"(?P<verb>(?:diatur|ditetapkan)(?:\s+lebih\s+lanjut)?\s+(?:dengan|dalam|oleh))\s+"
    + _INSTRUMENT
    + r"(?!\s+(?:ini\b|Nomor\b|[A-Z][a-z]+\s+Nomor\b))",
    re.I,
)
_GENERIC = re.compile(
    r"(?:diatur|dilaksanakan|dilakukan|ditetapkan)\s+(?:(?:sesuai\s+dengan|berdasarkan)\s+"
    r"(?:ketentuan\s+)?|dengan\s+|dalam\s+)peraturan\s+perundang[-\s]+undangan\b"
    r"(?!\s+(?:mengenai|tentang|nasional))",
    re.I,
)
_SUBJECT = re.compile(r"Ketentuan\s+(?:lebih\s+lanjut\s+)?mengenai\s+(?P<subject>.+)$", re.I | re.S)
_SEBAGAIMANA = re.compile(r"\s+sebagaimana\s+dimaksud\b.*$", re.I | re.S)


def instrument_kind(words: str) -> str:
    """The kind of instrument a clause names ("Peraturan Kepala Badan" → "Peraturan Badan")."""
    w = re.sub(r"[\s_]+", " ", words).lower()
    if w.startswith("keputusan menteri"):
        return "Keputusan Menteri"
    if w.startswith("keputusan presiden"):
        return "Keputusan Presiden"
    if w.startswith("keputusan kepala badan"):
        return "Keputusan Kepala Badan"
    if w.startswith("peraturan kepala kepolisian"):
        return "Peraturan Kapolri"
    if w.startswith("peraturan pemerintah"):
        return "PP"
    if w.startswith("peraturan presiden"):
        return "Perpres"
    if w.startswith("peraturan menteri"):
        return "Peraturan Menteri"
    if w.startswith("peraturan daerah"):
        return "Peraturan Daerah"
    return "Peraturan Badan"


# ---------------------------------------------------------------------------- value types


@dataclass(frozen=True, slots=True)
class DelegationLink:
    """One piece of evidence that a regulation (one of its units, or all of it) carries out
    a delegation: ``via`` says how it was found, ``evidence`` the words or units behind it."""

    delegation: str  # the delegating unit: "UU 18/2017 Pasal 64"
    regulation: str  # "PP 22/2022"
    unit: str | None  # the implementing unit, None when the whole regulation is named
    via: str  # "menimbang" | "reference" | "restatement"
    evidence: str

    @property
    def target(self) -> str:
        return self.unit or self.regulation

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "target": self.target}


@dataclass(frozen=True, slots=True)
class KnownRegulation:
    """A regulation the metadata lists, outside the corpus, whose title matches the subject."""

    citation: str  # "Peraturan BP2MI 2/2020", "Permenaker 4/2023"
    title: str
    status: str
    issuer: str
    enacted: str | None = None  # ISO date (ditetapkan), when the metadata gives it

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Clause:
    """A delegation clause as the text writes it (before anything is linked to it)."""

    citation: str  # the unit holding the clause
    document: str
    kind: str  # one of KINDS, or GENERIC
    instrument: str  # the words: "Peraturan Menteri yang menyelenggarakan … bidang kesehatan"
    subject: str
    scope: tuple[str, ...]  # the units whose matter is delegated
    text: str  # the unit's own text

    @property
    def generic(self) -> bool:
        return self.kind == GENERIC


@dataclass(frozen=True, slots=True)
class Delegation:
    """A delegation clause with what the corpus knows about its implementation."""

    citation: str
    document: str
    kind: str
    instrument: str
    subject: str
    scope: tuple[str, ...]
    text: str
    state: str  # IMPLEMENTED | KNOWN | UNKNOWN | GENERIC
    links: tuple[DelegationLink, ...] = ()
    known: tuple[KnownRegulation, ...] = ()
    #: The clause is gone from the text in force: the amendment that removed it.
    superseded_by: str | None = None
    #: The clause was put in by an amendment (not in the law as enacted).
    inserted_by: str | None = None

    @property
    def generic(self) -> bool:
        return self.kind == GENERIC

    @property
    def regulations(self) -> list[str]:
        """The implementing regulations of the corpus, in order of evidence."""
        return list(dict.fromkeys(link.regulation for link in self.links))

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    def to_dict(self) -> dict[str, object]:
        return {
            "citation": self.citation,
            "document": self.document,
            "kind": self.kind,
            "instrument": self.instrument,
            "subject": self.subject,
            "scope": list(self.scope),
            "text": self.text,
            "state": self.state,
            "state_label": self.state_label,
            "regulations": self.regulations,
            "links": [link.to_dict() for link in self.links],
            "known": [k.to_dict() for k in self.known],
            "superseded_by": self.superseded_by,
            "inserted_by": self.inserted_by,
        }


# ---------------------------------------------------------------------------- clauses


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("^", "")).strip()


def find_clauses(doc: Document, *, generic: bool = True) -> list[Clause]:
    """Every delegation clause in the body of ``doc``, in document order."""
    out: list[Clause] = []
    for node in doc.nodes():
        if node.kind not in ("pasal", "ayat", "huruf", "angka") or not node.text:
            continue
        out.extend(clauses_in(node, generic=generic))
    return out


def clauses_in(node: Node, *, generic: bool = True) -> list[Clause]:
    """The delegation clauses in one unit's own text (at most one explicit and one generic)."""
    text = _clean(node.text)
    doc = node.document
    document = doc.citation if doc is not None else ""
    found: list[Clause] = []
    m = _CLAUSE.search(text)
    if m is not None:
        instrument = _clean(m["instrument"]).rstrip(".,;")
        head = text[: m.start()]
        sentence = re.split(r"(?<=[.;:])\s+(?=[A-Z(])", head)[-1]
        subject_m = _SUBJECT.search(sentence)
        subject = subject_m["subject"] if subject_m else sentence
        subject = _SEBAGAIMANA.sub("", subject).strip(" ,")
        found.append(
            Clause(
                citation=node.citation,
                document=document,
                kind=instrument_kind(instrument),
                instrument=instrument,
                subject=subject,
                scope=_scope(node, head),
                text=text,
            )
        )
    elif generic and _GENERIC.search(text):
        found.append(Clause(node.citation, document, GENERIC, "", "", (), text))
    return found


def _scope(node: Node, head: str) -> tuple[str, ...]:
    """The units whose matter the clause delegates: what its "sebagaimana dimaksud" names,
    else the Pasal around an ayat, else the part (Bagian, BAB) a closing Pasal ends."""
    doc = node.document
    prefix = doc.citation + " " if doc is not None else ""
    said = _SEBAGAIMANA.search(head)
    if said is not None:
        words = said.group()
        targets = [
            (other or prefix.strip()) + " " + " ".join(unit_label(k, n) for k, n in path)
            for other, path, w in find_references(node)
            if path and w in words
        ]
        if targets:
            return tuple(dict.fromkeys(targets))
    if node.kind != "pasal":
        pasal = node.pasal
        return (pasal.citation,) if pasal is not None else (node.citation,)
    parent = node.parent
    if parent is not None and parent.kind in ("bab", "bagian", "paragraf"):
        return (prefix + _structure_label(parent),)
    return (node.citation,)


def _structure_label(node: Node) -> str:
    steps = []
    cur: Node | None = node
    while cur is not None:
        steps.append(unit_label(cur.kind, cur.number))
        cur = cur.parent
    return " ".join(reversed(steps))


# ---------------------------------------------------------------------------- Menimbang

_YEAR = re.compile(r"(Tahun\s+)([12][0-9OolIZz]{3})\b")
_YEAR_FIX = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "Z": "7", "z": "7"})
_CARRY_OUT = re.compile(
    r"untuk\s+melaksanakan\s+ketentuan\s+(?P<what>.+?)(?:,?\s+perlu\s+menetapkan|;|$)", re.I | re.S
)


def menimbang_targets(doc: Document) -> list[str]:
    """The units of other laws a regulation's Menimbang says it carries out, as citations
    ("UU 18/2017 Pasal 38 ayat (4)"); empty when the source has no Menimbang.

    Units listed before the law is named belong to it ("Pasal 80 ayat (2), Pasal 81 ayat (3),
    dan Pasal 84 serta dalam rangka … sebagaimana dimaksud dalam Pasal 77 ayat (2) Undang-Undang
    Nomor 39 Tahun 2004"); what follows "dalam rangka" is context, not carried out.
    """
    text = _clean(doc.menimbang)
    text = _YEAR.sub(lambda m: m[1] + m[2].translate(_YEAR_FIX), text)
    text = re.sub(r"\bpasal\b", "Pasal", text)
    out: list[str] = []
    for m in _CARRY_OUT.finditer(text):
        what = m["what"]
        laws = [o for o, _, _ in find_references(Node("menimbang", "", what)) if o]
        law = next((o for o in laws if o != doc.citation), None)
        part = re.split(r"\s+(?:serta|dan)\s+dalam\s+rangka\b", what)[0]
        for other, path, _ in find_references(Node("menimbang", "", part)):
            other = other or law or ""
            if other and other != doc.citation and path and path[0][0] == "pasal":
                cit = other + " " + " ".join(unit_label(k, n) for k, n in path)
                if cit not in out:
                    out.append(cit)
    return out


# ---------------------------------------------------------------------------- restatement


def restated_units(
    statute: Document, regulation: Document, terms: Callable[[str], Iterable[str]]
) -> dict[str, str]:
    """Regulation unit → the statute unit it restates (best Jaccard overlap of terms, at
    least MIN_OVERLAP), over the units' own words; Pasal 1 (definitions) left out."""

    def units(doc: Document) -> list[tuple[str, frozenset[str]]]:
        out = []
        for n in doc.nodes():
            pasal = n.pasal
            if n.kind not in ("pasal", "ayat", "huruf", "angka") or pasal is None:
                continue
            if pasal.number == "1" or not n.text:
                continue
            words = frozenset(terms(n.text))
            if len(words) >= MIN_TERMS:
                out.append((n.citation, words))
        return out

    index = OverlapIndex(units(statute))
    found: dict[str, str] = {}
    for citation, words in units(regulation):
        match = index.best(words, MIN_OVERLAP)
        if match is not None:
            found[citation] = match
    return found


def simple_terms(text: str) -> list[str]:
    """Lower-case words of three letters or more: enough to tell a restatement apart."""
    return re.findall(r"[a-z0-9]{3,}", text.lower())


# ---------------------------------------------------------------------------- metadata

_NOISE_PHRASES = re.compile(
    r"badan\s+(?:nasional\s+)?(?:pelindungan|penempatan)[a-z ]*?(?:pekerja\s+migran|tenaga\s+kerja)\s+indonesia"
    r"|(?:calon\s+)?pekerja\s+migran\s+indonesia|(?:calon\s+)?tenaga\s+kerja\s+indonesia",
    re.I,
)
_STOP = frozenset(
    [
        "ketentuan",
        "lebih",
        "lanjut",
        "mengenai",
        "dan",
        "atau",
        "serta",
        "yang",
        "bagi",
        "untuk",
        "dalam",
        "dari",
        "oleh",
        "pada",
        "ke",
        "di",
        "secara",
        "khusus",
        "dengan",
        "antara",
        "sebagaimana",
        "dimaksud",
        "ayat",
        "pasal",
        "huruf",
        "berupa",
        "tentang",
    ]
)


def _content_words(text: str) -> set[str]:
    text = _NOISE_PHRASES.sub(" ", text.lower())
    return {w for w in re.findall(r"[a-z0-9]{3,}", text) if w not in _STOP}


def _metadata_date(text: str) -> date | None:
    m = re.match(r"\s*(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})", text or "")
    return tanggal(m[1], m[2], m[3]) if m else None


@dataclass(frozen=True, slots=True)
class MetadataRecord:
    """One regulation of the peraturan.go.id metadata, with the kind this module uses."""

    kind: str
    citation: str
    title: str
    status: str
    issuer: str
    enacted: date | None
    year: int


_ISSUER_KINDS = {
    "KEMENTERIAN KETENAGAKERJAAN": "Peraturan Menteri",
    "KEMENTERIAN TENAGA KERJA DAN TRANSMIGRASI": "Peraturan Menteri",
    "BADAN PELINDUNGAN PEKERJA MIGRAN INDONESIA": "Peraturan Badan",
    "BADAN NASIONAL PENEMPATAN DAN PERLINDUNGAN TENAGA KERJA INDONESIA": "Peraturan Badan",
}


def read_metadata(path: Path) -> list[MetadataRecord]:
    """The metadata records that can carry out a delegation: PP, Perpres, regulations of the
    labour minister and of the agency (BP2MI, before it BNP2TKI)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        form = str(raw.get("Jenis/Bentuk Peraturan", "")).strip().upper()
        issuer = str(raw.get("Pemrakarsa", "")).strip().upper()
        number = str(raw.get("Nomor", "")).strip().lstrip("0") or str(raw.get("Nomor", "")).strip()
        year_text = str(raw.get("Tahun", "")).strip()
        if not year_text.isdigit():
            continue
        if form == "PERATURAN PEMERINTAH":
            kind, citation = "PP", f"PP {number}/{year_text}"
        elif form == "PERATURAN PRESIDEN":
            kind, citation = "Perpres", f"Perpres {number}/{year_text}"
        elif form in ("PERATURAN MENTERI", "PERATURAN BADAN/LEMBAGA") and issuer in _ISSUER_KINDS:
            kind = _ISSUER_KINDS[issuer]
            if kind == "Peraturan Menteri" and form != "PERATURAN MENTERI":
                continue
            short = {
                "KEMENTERIAN KETENAGAKERJAAN": "Permenaker",
                "KEMENTERIAN TENAGA KERJA DAN TRANSMIGRASI": "Permenakertrans",
                "BADAN PELINDUNGAN PEKERJA MIGRAN INDONESIA": "Peraturan BP2MI",
            }.get(issuer, "Peraturan BNP2TKI")
            if kind == "Peraturan Menteri" or form == "PERATURAN BADAN/LEMBAGA":
                citation = f"{short} {number}/{year_text}"
            else:
                continue
        else:
            continue
        out.append(
            MetadataRecord(
                kind=kind,
                citation=citation,
                title=re.sub(r"\s+", " ", str(raw.get("Tentang", ""))).strip(),
                status=str(raw.get("Status", "")).strip() or "tidak diketahui",
                issuer=issuer.title(),
                enacted=_metadata_date(str(raw.get("Ditetapkan Tanggal", ""))),
                year=int(year_text),
            )
        )
    return out


def title_matches(subject: str, title: str) -> bool:
    """Whether a regulation's title names the subject of a delegation: nearly every word of
    the subject in the title, and at least half of the title's words in the subject (so a
    title on something larger is not taken for it). The words every title here shares
    (Pekerja Migran Indonesia, the agency's name) do not count."""
    want = _content_words(subject)
    have = _content_words(title)
    if len(want) < 1 or not have:
        return False
    common = want & have
    return (
        len(common) >= min(2, len(want))
        and len(common) / len(want) >= 0.75
        and len(common) / len(have) >= 0.5
    )


def known_regulations(
    clause: Clause,
    records: Sequence[MetadataRecord],
    after: date | None,
    in_corpus: Iterable[str] = (),
) -> tuple[KnownRegulation, ...]:
    """Metadata regulations of the clause's kind, made after the delegating law, whose title
    names the clause's subject (a Menteri of another field is not the labour minister)."""
    if clause.generic or re.search(r"\bbidang\b", clause.instrument, re.I):
        return ()
    skip = set(in_corpus)
    out = []
    for r in records:
        if r.kind != clause.kind or r.citation in skip:
            continue
        if after is not None and (
            (r.enacted is not None and r.enacted <= after)
            or (r.enacted is None and r.year < after.year)
        ):
            continue
        if title_matches(clause.subject, r.title):
            enacted = r.enacted.isoformat() if r.enacted else None
            out.append(KnownRegulation(r.citation, r.title, r.status, r.issuer, enacted))
    return tuple(out)


# ---------------------------------------------------------------------------- the map


@dataclass(slots=True)
class RegulationEvidence:
    """What one regulation of the corpus says about the laws it carries out."""

    citation: str
    type: str
    title: str
    menimbang: list[str] = field(default_factory=list)  # units of laws named
    has_menimbang: bool = False
    references: list[tuple[str, str, str]] = field(default_factory=list)  # (unit, target, words)
    restates: dict[str, dict[str, str]] = field(default_factory=dict)  # law → {unit: law unit}


#: document types that carry out a delegation, with the kind of clause each answers (a
#: Permenaker or Peraturan BP2MI reaches the map when a user adds one to the library)
REGULATION_KIND = {
    "PP": "PP",
    "Perpres": "Perpres",
    "Permenaker": "Peraturan Menteri",
    "Permenakertrans": "Peraturan Menteri",
    "Peraturan BP2MI": "Peraturan Badan",
}


def _within(citation: str, unit: str) -> bool:
    return citation == unit or citation.startswith(unit + " ")


def _in_scope(target: str, clause: Clause) -> bool:
    return any(_within(target, s) for s in clause.scope) or _within(target, clause.citation)


def link_clause(
    clause: Clause,
    regulations: Sequence[RegulationEvidence],
) -> list[DelegationLink]:
    """The evidence in the corpus's regulations that they carry out ``clause``.

    A regulation whose Menimbang is in the source counts only for the units it names; one
    without a Menimbang (PP 10/2020 in this corpus) counts when its units restate or cite
    the delegated matter and its title names the clause's subject.
    """
    links: list[DelegationLink] = []
    if clause.generic:
        return links
    for reg in regulations:
        if REGULATION_KIND.get(reg.type) != clause.kind:
            continue
        named = [
            t for t in reg.menimbang if _within(clause.citation, t) or _within(t, clause.citation)
        ]
        if reg.has_menimbang and not named:
            continue
        unit_links: list[DelegationLink] = []
        for unit, target, words in reg.references:
            if _in_scope(target, clause):
                unit_links.append(
                    DelegationLink(clause.citation, reg.citation, unit, "reference", words)
                )
        for unit, law_unit in reg.restates.get(clause.document, {}).items():
            if _in_scope(law_unit, clause) and law_unit != clause.citation:
                unit_links.append(
                    DelegationLink(clause.citation, reg.citation, unit, "restatement", law_unit)
                )
        if not reg.has_menimbang and not (unit_links and title_matches(clause.subject, reg.title)):
            continue
        for t in named:
            links.append(
                DelegationLink(
                    clause.citation, reg.citation, None, "menimbang", f"{reg.citation} menyebut {t}"
                )
            )
        seen: set[tuple[str | None, str]] = set()
        units = {link.unit for link in unit_links if link.unit}
        for link in unit_links:
            # a huruf restating a huruf of a restated ayat says nothing the ayat did not
            inside = any(u != link.unit and _within(link.unit or "", u) for u in units)
            if (link.unit, link.via) not in seen and not inside:
                seen.add((link.unit, link.via))
                links.append(link)
    return links


def delegation_state(
    links: Sequence[DelegationLink], known: Sequence[KnownRegulation], kind: str
) -> str:
    if kind == GENERIC:
        return GENERIC
    if links:
        return IMPLEMENTED
    if known:
        return KNOWN
    return UNKNOWN


def regulation_evidence(
    doc: Document,
    type_: str,
    laws: Mapping[str, Document],
    terms: Callable[[str], Iterable[str]],
    candidates: Iterable[str] = (),
) -> RegulationEvidence:
    """Menimbang, references to the laws and restatements of their units, for one regulation:
    restatements of the laws its Menimbang names, or, without a Menimbang, of ``candidates``."""
    ev = RegulationEvidence(doc.citation, type_, doc.title)
    ev.has_menimbang = bool(doc.menimbang.strip())
    ev.menimbang = menimbang_targets(doc)
    for ref in doc.external_references:
        law = ref.target.split(" Pasal ")[0]
        if law in laws and " Pasal " in ref.target:
            ev.references.append((ref.source, ref.target, ref.text))
    wanted = {t.split(" Pasal ")[0] for t in ev.menimbang} if ev.has_menimbang else set(candidates)
    for citation in wanted:
        if citation in laws:
            ev.restates[citation] = restated_units(laws[citation], doc, terms)
    return ev


@dataclass(frozen=True, slots=True)
class LawText:
    """A delegating document as enacted and as in force (the same object when never amended),
    with what changed a unit (the amending Pasal) and the date it was made."""

    citation: str
    type: str
    enacted: Document
    current: Document
    promulgated: date | None = None
    changed_by: Callable[[Node], str | None] | None = None


def build_delegations(
    laws: Sequence[LawText],
    regulation_types: Mapping[str, str],
    terms: Callable[[str], Iterable[str]] = simple_terms,
    metadata: Sequence[MetadataRecord] = (),
) -> tuple[list[Delegation], list[RegulationEvidence]]:
    """Every delegation clause of ``laws`` with its links and state, and the evidence read
    from each regulation (``regulation_types``: citation → "PP"/"Perpres" of the corpus)."""
    texts = {law.citation: law for law in laws}
    clauses: list[tuple[Clause, str | None, str | None]] = []  # clause, superseded, inserted
    for law in laws:
        clauses.extend(_clauses_through_amendments(law))
    current = {c: t.current for c, t in texts.items()}
    evidence = []
    for citation, type_ in regulation_types.items():
        if citation not in texts:
            continue
        reg = texts[citation].current
        candidates = {
            c.document
            for c, _, _ in clauses
            if c.kind == REGULATION_KIND.get(type_) and title_matches(c.subject, reg.title)
        }
        laws_only = {c: d for c, d in current.items() if c != citation}
        evidence.append(regulation_evidence(reg, type_, laws_only, terms, candidates))
    in_corpus = set(texts)
    out = []
    for clause, superseded, inserted in clauses:
        links = link_clause(clause, evidence)
        law = texts[clause.document]
        known = () if links else known_regulations(clause, metadata, law.promulgated, in_corpus)
        out.append(
            Delegation(
                citation=clause.citation,
                document=clause.document,
                kind=clause.kind,
                instrument=clause.instrument,
                subject=clause.subject,
                scope=clause.scope,
                text=clause.text,
                state=delegation_state(links, known, clause.kind),
                links=tuple(links),
                known=known,
                superseded_by=superseded,
                inserted_by=inserted,
            )
        )
    return out, evidence


def _clauses_through_amendments(law: LawText) -> list[tuple[Clause, str | None, str | None]]:
    """The clauses of the law as enacted (those an amendment removed marked so), then those an
    amendment put in."""
    out: list[tuple[Clause, str | None, str | None]] = []
    original = find_clauses(law.enacted)
    if law.current is law.enacted:
        return [(c, None, None) for c in original]
    for clause in original:
        now = _unit(law.current, clause.citation)
        superseded = None
        if now is None or not any(c.kind == clause.kind for c in clauses_in(now)):
            # the unit may be gone (an amended Pasal with fewer ayat): ask its Pasal
            changed = now or _unit(law.current, clause.citation.split(" ayat ")[0])
            by = law.changed_by(changed) if (changed is not None and law.changed_by) else None
            superseded = by or "perubahan"
        out.append((clause, superseded, None))
    before = {(c.citation, c.kind) for c in original}
    for clause in find_clauses(law.current):
        if (clause.citation, clause.kind) not in before:
            node = _unit(law.current, clause.citation)
            by = law.changed_by(node) if (node is not None and law.changed_by) else None
            out.append((clause, None, by or "perubahan"))
    return out


def _unit(doc: Document, citation: str) -> Node | None:
    from pmi_law.errors import PmiLawError

    try:
        return doc.get(citation)
    except PmiLawError:
        return None


class DelegationMap:
    """Both directions over the corpus: what a unit leaves to regulations (and who carries it
    out), and what a regulation's unit carries out."""

    def __init__(self, delegations: Sequence[Delegation], evidence: Sequence[RegulationEvidence]):
        self.delegations = list(delegations)
        self.evidence = {ev.citation: ev for ev in evidence}

    def of(self, citation: str, *, generic: bool = True) -> list[Delegation]:
        """The delegations a document makes, or those in a unit and inside it."""
        return [
            d
            for d in self.delegations
            if (d.document == citation or _within(d.citation, citation))
            and (generic or not d.generic)
        ]

    def implementing(self, citation: str) -> list[DelegationLink]:
        """Links from the delegations in this unit (or inside it) to what carries them out."""
        return [link for d in self.of(citation, generic=False) for link in d.links]

    def implements(self, citation: str) -> list[DelegationLink]:
        """What this regulation unit carries out: its own links, then those its regulation's
        Menimbang gives for the whole regulation. For a whole regulation: every link to it."""
        document = citation.split(" Pasal ")[0].split(" BAB ")[0]
        out = []
        for d in self.delegations:
            for link in d.links:
                if link.regulation != document:
                    continue
                if citation == document or link.unit is None or _within(link.unit, citation):
                    out.append(link)
        out.sort(key=lambda link: link.unit is None)  # the unit's own evidence first
        return out

    def unmatched_menimbang(self) -> list[tuple[str, str]]:
        """(regulation, unit) pairs a Menimbang names that hold no clause of the regulation's
        kind: a clause the parser missed, or a Menimbang that names a unit loosely."""
        out = []
        linked = {
            (link.regulation, link.evidence.rsplit(" menyebut ", 1)[-1])
            for d in self.delegations
            for link in d.links
            if link.via == "menimbang"
        }
        for ev in self.evidence.values():
            for target in ev.menimbang:
                if (ev.citation, target) not in linked:
                    out.append((ev.citation, target))
        return out
