"""JSON views of the library shared by every front end (CLI ``--json``, HTTP API, MCP).

One place decides what a provision, a definition or a document looks like as data, so the
CLI, the API and the MCP tools never drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmi_law.library import Library
    from pmi_law.models import Definition, Node


def within(citation: str, unit: str) -> bool:
    """True when ``citation`` names ``unit`` or something inside it."""
    return citation == unit or citation.startswith(unit + " ")


def provision_view(lib: Library, node: Node) -> dict[str, Any]:
    """A unit with its Penjelasan, what it cites and what cites it (outside itself), status."""
    doc = node.document
    assert doc is not None
    entry = lib.entry(doc.citation)
    cited_by = [c for c in lib.referenced_by(node) if not within(c, node.citation)]
    cites: list[str] = []
    for n in node.walk():
        cites.extend(r for r in n.references if r not in cites and not within(r, node.citation))
    data = node.to_dict()
    data.update(
        status=entry.status_label,
        document_title=doc.title,
        cites=cites,
        cited_by=cited_by,
        amended_by=lib.amendments(node),
    )
    return data


def definition_view(d: Definition) -> dict[str, Any]:
    return {"term": d.term, "abbreviation": d.abbreviation, "text": d.text, "citation": d.citation}


def document_rows(lib: Library) -> list[dict[str, Any]]:
    """The corpus as a table: citation, title, status, file, whether it is found, the note."""
    from pmi_law.errors import CorpusNotFound

    def found(entry: Any) -> bool:
        try:
            entry.path()
        except CorpusNotFound:
            return False
        return True

    return [
        {
            "citation": citation,
            "title": entry.title,
            "status": entry.status_label,
            "file": entry.file,
            "found": found(entry),
            "note": entry.note,
        }
        for citation, entry in lib.entries.items()
    ]
