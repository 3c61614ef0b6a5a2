"""Where a unit or a document stands on a date: in force, amended, inserted, deleted, revoked,
replaced or not yet in force.

One place answers "is this still the law?" for every front end, so the CLI, the pages, the
API and the MCP tools never disagree, and a question about 2019 is never told of a 2022
amendment. The answer is a :class:`Status`: a ``kind`` (what the pages style by) and a
``label`` in Indonesian (what people read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmi_law.library import Library
    from pmi_law.models import Node
    from pmi_law.sources.versions import Version

#: Kinds of a unit's status, in the words the pages style by (``status-<kind>``).
UNIT_KINDS = (
    "berlaku",  # in force, as first enacted
    "diubah",  # in force, amended
    "disisipkan",  # in force, inserted by an amending law
    "dihapus",  # deleted by an amending law
    "dicabut",  # the whole law was revoked
    "diganti",  # the whole law was revoked and replaced
    "belum-berlaku",  # not yet in force on the date asked about
    "karya-ilmiah",  # a thesis: not law
)
#: Kinds of a document's status; "berlaku-dengan-perubahan" is a law in force, never styled
#: as revoked.
DOCUMENT_KINDS = (
    "berlaku",
    "berlaku-dengan-perubahan",
    "dicabut",
    "diganti",
    "belum-berlaku",
    "karya-ilmiah",
)
#: Kinds under which the text is no longer (or not yet) the law on the date asked about.
NOT_IN_FORCE = ("dihapus", "dicabut", "diganti", "belum-berlaku", "karya-ilmiah")


@dataclass(frozen=True, slots=True)
class Status:
    """A unit's or a document's standing on a date (``as_of`` None: the latest known)."""

    kind: str
    label: str
    since: str | None = None  # ISO date from which this standing holds
    by: str | None = None  # the amending or revoking provision
    as_of: str | None = None

    @property
    def in_force(self) -> bool:
        return self.kind not in NOT_IN_FORCE

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "in_force": self.in_force,
            "since": self.since,
            "by": self.by,
            "as_of": self.as_of,
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(lib: Library, citation: str | None) -> date | None:
    """The date of the document a citation names (``UU 18/2017 Pasal 89`` → 2017-11-22)."""
    if not citation:
        return None
    entry = lib.entries.get(citation.split(" Pasal ")[0])
    return entry.promulgated if entry is not None else None


def corpus_date(lib: Library) -> str | None:
    """The date of the newest document in the manifest: the corpus knows no change made
    after it (a law amended later still reads as of this date)."""
    dates = [e.date for e in lib.entries.values() if e.date and e.origin is None]  # not a user's
    return max(dates) if dates else None


def document_status(lib: Library, citation: str, as_of: date | None = None) -> Status:
    """A document's standing on ``as_of``; without a date, the library's own label."""
    entry = lib.entries[citation]
    when = _iso(as_of)
    if entry.type == "Skripsi":
        return Status("karya-ilmiah", entry.status_label, as_of=when)
    enacted = entry.promulgated
    if as_of is not None and enacted is not None and as_of < enacted:
        return Status(
            "belum-berlaku",
            f"belum berlaku pada {when} (diundangkan {enacted.isoformat()})",
            _iso(enacted),
            as_of=when,
        )
    ender = entry.replaced_by or entry.revoked_by
    if entry.status in ("dicabut", "diganti"):
        ended = _date(lib, ender)
        if as_of is None or ended is None or ended <= as_of:
            kind = "diganti" if entry.status == "diganti" else "dicabut"
            return Status(kind, entry.status_label, _iso(ended), ender, when)
    relations = [
        r for r in entry.amended_by if as_of is None or (_date(lib, r.document) or as_of) <= as_of
    ]
    if not relations:
        label = "berlaku" if as_of is None or entry.status == "berlaku" else f"berlaku pada {when}"
        if as_of is not None and ender and entry.status != "berlaku":
            label += f" (kemudian dicabut oleh {ender})"
        return Status("berlaku", label, _iso(enacted), as_of=when)
    if as_of is None:
        label = lib.status_label(citation)
    else:
        from pmi_law.sources.history import missing_relations

        missing = [
            m for m in missing_relations(entry, lib.entries) if m in {r.by for r in relations}
        ]
        if missing:
            label = "berlaku dengan perubahan; " + ", ".join(missing) + " tidak ada di korpus"
        else:
            label = f"berlaku dengan perubahan (terakhir oleh {relations[-1].by})"
    last = relations[-1]
    return Status("berlaku-dengan-perubahan", label, _iso(_date(lib, last.document)), last.by, when)


def version_at(versions: list[Version], when: date | None) -> Version | None:
    """The version in force on ``when`` (None: the latest); None if none had begun."""
    chosen = None
    for v in versions:
        if when is None or v.valid_from is None or v.valid_from <= when:
            chosen = v
    return chosen


def version_label(version: Version, *, until: bool = True) -> str:
    """One line for a versions list: what this wording is and when it held (``until``: also
    when it ended).

    "berlaku sejak 2017-11-22 sampai 2020-11-02 (asli)", "diubah oleh Perppu 2/2022 Pasal 84
    angka 2, berlaku sejak 2022-12-30".
    """
    start = _iso(version.valid_from) or "tanggal tidak diketahui"
    span = f"berlaku sejak {start}"
    if until and version.valid_to is not None:
        span += f" sampai {version.valid_to.isoformat()}"
    if version.change == "asli":
        return f"{span} (asli)"
    if version.change == "dihapus":
        return f"dihapus oleh {version.by}, sejak {start}"
    return f"{version.change} oleh {version.by}, {span}"


def unit_status(lib: Library, node: Node, as_of: date | None = None) -> Status:
    """A unit's standing on ``as_of`` (None: the latest version known to the corpus).

    An unamended unit of an amended law is plain "berlaku": the document's amendments are
    the document's, not the unit's.
    """
    doc = node.document
    when = _iso(as_of)
    if doc is None or doc.citation not in lib.entries:
        return Status("berlaku", "berlaku", as_of=when)
    entry = lib.entries[doc.citation]
    if entry.type == "Skripsi":
        return Status("karya-ilmiah", entry.status_label, as_of=when)
    versions = lib.versions(node)
    shown = version_at(versions, as_of)
    if shown is None:
        first = versions[0] if versions else None
        since = _iso(first.valid_from) if first else None
        how = f"; {version_label(first, until=False)}" if first is not None and first.by else ""
        return Status(
            "belum-berlaku",
            f"belum berlaku pada {when}" + (how or (f" (berlaku sejak {since})" if since else "")),
            since,
            first.by if first else None,
            when,
        )
    ender = entry.replaced_by or entry.revoked_by
    ended = shown.valid_to
    if (
        entry.status in ("dicabut", "diganti")
        and ended is not None
        and (as_of is None or ended <= as_of)
    ):
        kind = "diganti" if entry.status == "diganti" else "dicabut"
        label = f"{entry.status_label} sejak {ended.isoformat()}"
        return Status(kind, label, ended.isoformat(), ender, when)
    since = _iso(shown.valid_from)
    if shown.change == "asli":
        label = f"berlaku sejak {since}" if since else "berlaku"
        if entry.amended_by:
            label += " (teks asli)"
        if as_of is not None and entry.status in ("dicabut", "diganti") and ender:
            label += f"; kemudian dicabut oleh {ender}"
        return Status("berlaku", label, since, None, when)
    return Status(shown.change, version_label(shown, until=False), since, shown.by, when)


def caveats(lib: Library, node: Node, as_of: date | None = None) -> list[str]:
    """What a reader must know about a unit's text: source defects, how current it is.

    On a date, what happened after it is no caveat (a 2019 question is not told that an
    amendment of 2022 is missing from the corpus): notes on the text's currency that name a
    document dated after ``as_of`` are left out; notes on source defects always stay.
    """
    import re

    notes = lib.notes(node)
    if as_of is None:
        return notes
    own = len(node.notes)
    later = [c for c, e in lib.entries.items() if e.promulgated and e.promulgated > as_of]
    if not later:
        return notes
    names = re.compile(r"(?<![\w/])(?:" + "|".join(re.escape(c) for c in later) + r")(?![\w/])")
    return notes[:own] + [n for n in notes[own:] if not names.search(n)]
