"""JSON views of the library shared by every front end (CLI ``--json``, HTTP API, MCP).

One place decides what a provision, a definition or a document looks like as data, so the
CLI, the API and the MCP tools never drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

    from pmi_law.library import Library
    from pmi_law.models import Definition, Node


def within(citation: str, unit: str) -> bool:
    """True when ``citation`` names ``unit`` or something inside it."""
    return citation == unit or citation.startswith(unit + " ")


def provision_view(lib: Library, node: Node, as_of: date | str | None = None) -> dict[str, Any]:
    """A unit with its Penjelasan, what it cites and what cites it (outside itself), status,
    the version shown (since when, by what), its history and notes."""
    from pmi_law.sources.history import parse_date

    doc = node.document
    assert doc is not None
    cited_by = [c for c in lib.referenced_by(node) if not within(c, node.citation)]
    cites: list[str] = []
    for n in node.walk():
        cites.extend(r for r in n.references if r not in cites and not within(r, node.citation))
    versions = lib.versions(node)
    shown = version_at(versions, parse_date(as_of))
    data = node.to_dict()
    data.update(
        status=lib.status_label(doc.citation),
        document_title=doc.title,
        cites=cites,
        cited_by=cited_by,
        amended_by=[v.by for v in versions if v.by],
        version=shown,
        versions=[v.to_dict() for v in versions],
        notes=lib.notes(node),
    )
    data.update(unit_delegations(lib, node))
    return data


def version_at(versions: list[Any], when: date | None) -> dict[str, Any] | None:
    """The version in force on ``when`` (None: the latest), as a dict."""
    chosen = None
    for v in versions:
        if when is None or v.valid_from is None or v.valid_from <= when:
            chosen = v
    return chosen.to_dict() if chosen is not None else None


def definition_view(d: Definition) -> dict[str, Any]:
    return {"term": d.term, "abbreviation": d.abbreviation, "text": d.text, "citation": d.citation}


def document_rows(lib: Library) -> list[dict[str, Any]]:
    """The corpus as a table: citation, title, status, date, the manifest's note, and
    which Pasal of other laws amend each law (and which laws each one amends), and whether
    its source file is found."""
    from pmi_law.errors import CorpusNotFound

    def found(entry: Any) -> bool:
        try:
            entry.path()
        except CorpusNotFound:
            return False
        return True

    amends: dict[str, list[str]] = {}
    for citation, entry in lib.entries.items():
        for relation in entry.amended_by:
            amends.setdefault(relation.document, []).append(f"{relation.by} → {citation}")
    return [
        {
            "citation": citation,
            "title": entry.title,
            "status": lib.status_label(citation),
            "file": entry.file,
            "found": found(entry),
            "note": entry.note,
            "date": entry.date,
            "date_unverified": entry.date_unverified,
            "amended_by": [a.by for a in entry.amended_by],
            "amends": amends.get(citation, []),
        }
        for citation, entry in lib.entries.items()
    ]


def unit_delegations(lib: Library, node: Node) -> dict[str, Any]:
    """The delegation clauses in a unit, what carries them out ("Dilaksanakan oleh") and
    what the unit carries out ("Melaksanakan"), as data for `show`, the page and the API."""
    return {
        "delegations": [d.to_dict() for d in lib.delegations(node.citation)],
        "implemented_by": [link.to_dict() for link in lib.implementing(node.citation)],
        "implements": [link.to_dict() for link in lib.implements(node.citation)],
    }


def delegations_view(lib: Library, document: str) -> dict[str, Any]:
    """Every delegation of a document with its state, the generic clauses apart, and what the
    document itself carries out: one builder for `pmi-law delegations`, the page and the API."""
    from collections import Counter

    entry = lib.entry(document)
    found = lib.delegations(document)
    explicit = [d for d in found if not d.generic]
    return {
        "document": document,
        "title": entry.title,
        "status": lib.status_label(document),
        "counts": {
            "delegations": len(explicit),
            "by_kind": dict(Counter(d.kind for d in explicit)),
            "by_state": dict(Counter(d.state for d in explicit)),
            "superseded": sum(1 for d in explicit if d.superseded_by),
            "generic": len(found) - len(explicit),
        },
        "delegations": [d.to_dict() for d in explicit],
        "generic": [d.citation for d in found if d.generic],
        "implements": [link.to_dict() for link in lib.implements(document)],
    }
