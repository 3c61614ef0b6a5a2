"""From the manifest's relations to a law's versions: which Pasal amend it, when, and how
current the corpus can say its text is.

The manifest names the amending Pasal and each law's date; the instructions come from the
amending text (amend.py) and are applied in date order (versions.py). An amending Pasal the
corpus does not hold (Perppu 2/2022 Pasal 81: only Pasal 84 of the Perppu is in the corpus)
leaves the chain incomplete, and the units it may have changed say so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from pmi_law.errors import QueryError
from pmi_law.models import Document, Node

from .amend import parse_instructions
from .corpus import ManifestEntry
from .provenance import inherit_repairs
from .versions import Amendment, Timeline, Version


def parse_date(value: date | str | None) -> date | None:
    """A date from a date or an ISO string ('2021', '2021-06' and '2021-06-01' all work)."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    try:
        if len(text) == 4:
            return date(int(text), 12, 31)
        if len(text) == 7:
            return date(int(text[:4]), int(text[5:7]), 28)
        return date.fromisoformat(text)
    except ValueError:
        raise QueryError(f"not a date: {value!r} (use YYYY-MM-DD)") from None


def parse_entry(entry: ManifestEntry) -> Document:
    """Parse a manifest document from its file (an excerpt holds only the Pasal it names)."""
    if entry.excerpt:
        from .reader import read_source
        from .restructure import parse_excerpt

        path = entry.path()
        return parse_excerpt(read_source(path), entry.info(path), entry.excerpt)
    from .parse import parse_document

    return parse_document(entry.path(), entry.info())


def missing_relations(entry: ManifestEntry, entries: Mapping[str, ManifestEntry]) -> list[str]:
    """Amending Pasal of ``entry`` whose text the corpus lacks (known from the manifest)."""
    out = []
    for relation in entry.amended_by:
        source = entries.get(relation.document)
        if source is None or (source.excerpt and relation.pasal not in source.excerpt):
            out.append(relation.by)
    return out


def build_timeline(
    entry: ManifestEntry,
    document: Callable[[str], Document],
    entries: Mapping[str, ManifestEntry],
) -> Timeline:
    """Apply the amending Pasal the manifest names for ``entry`` to its original text."""
    amendments: list[Amendment] = []
    missing: list[str] = []
    for relation in entry.amended_by:
        source = entries.get(relation.document)
        when = source.promulgated if source else None
        if source is None or when is None:
            missing.append(relation.by)
            continue
        doc = document(relation.document)
        pasal = doc.find((("pasal", relation.pasal),))
        if pasal is None:
            missing.append(relation.by)  # an excerpt without this Pasal
            continue
        ops = parse_instructions(pasal.full_text(), relation.by)
        inherit_repairs((u for op in ops for u in op.units), pasal)
        elucidation = {
            int(c.number): c.elucidation
            for c in pasal.children
            if c.kind == "angka" and c.number.isdigit() and c.elucidation
        }
        amendments.append(Amendment(relation.by, when, tuple(ops), elucidation))
    timeline = Timeline(document(entry.citation), entry.promulgated, amendments)
    timeline.missing = missing
    return timeline


def versions_of(
    node: Node,
    entry: ManifestEntry,
    timeline: Timeline | None,
    entries: Mapping[str, ManifestEntry],
) -> list[Version]:
    """The wordings of a unit, oldest first (a single 'asli' one for unamended laws, ending
    when the law was revoked, if the revoking law's date is known)."""
    if timeline is not None:
        found = timeline.versions(node.path)
        if found:
            return found
    ended = None
    if entry.status in ("dicabut", "diganti"):
        revoking = entries.get((entry.replaced_by or entry.revoked_by or "").split(" Pasal ")[0])
        ended = revoking.promulgated if revoking else None
    return [Version(node.full_text(), entry.promulgated, ended, None, "asli")]


def version_notes(
    node: Node,
    entry: ManifestEntry,
    timeline: Timeline | None,
    entries: Mapping[str, ManifestEntry],
) -> list[str]:
    """How current a unit's text is, in the words a reader needs."""
    notes: list[str] = []
    if entry.status != "berlaku" and entry.type != "Skripsi" and entry.note:
        notes.append(entry.note)
    if timeline is None:
        return notes
    notes.extend(timeline.unit_notes.get(node.path, []))
    versions = timeline.versions(node.path)
    latest = versions[-1] if versions else None
    for missing in timeline.missing:
        doc = missing.split(" Pasal ")[0]
        enacted = entries[doc].enacted_by if doc in entries else None
        where = f"{doc} (ditetapkan menjadi undang-undang oleh {enacted})" if enacted else doc
        if latest is not None and latest.by:
            notes.append(
                f"Versi terakhir yang diketahui korpus: {latest.by} ({_day(latest.valid_from)}). "
                f"{missing} dari {where} mengubah lagi {entry.citation}; teksnya tidak ada di "
                "korpus, jadi versi ini mungkin sudah tidak berlaku."
            )
        else:
            notes.append(
                f"{missing} dari {where} mengubah {entry.citation} dan teksnya tidak ada di "
                "korpus: ketentuan ini mungkin telah diubah."
            )
    if latest is not None and latest.by:
        amending = entries.get(latest.by.split(" Pasal ")[0])
        if amending is not None and amending.status == "diganti":
            notes.append(f"{amending.citation} dicabut dan diganti oleh {amending.replaced_by}.")
    return notes


def _day(value: date | None) -> str:
    return value.isoformat() if value else "tanggal tidak diketahui"
