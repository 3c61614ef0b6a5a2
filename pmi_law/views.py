"""JSON views of the library shared by every front end (CLI ``--json``, HTTP API, MCP, pages).

One builder per view decides what it looks like as data: a search's hits (``hit_row``), a
provision (``provision_view``), a document (``document_view``), the documents
(``document_rows``), the glossary (``glossary_view``), a definition (``definition_view``) and
a law's delegations (``delegations_view``). The CLI's ``--json``, the API and MCP return it;
each page lays out the same data (serve/web.py), so a page never shows what its JSON twin
does not.
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


#: One line every answer carries (API, MCP, page footer): what this is, and what it is not.
NOTICE = (
    "Informasi hukum, bukan nasihat hukum (legal information, not legal advice): "
    "periksa teks resmi dan mintalah bantuan hukum untuk kasus Anda."
)


def about(lib: Library) -> dict[str, Any]:
    """The notice and the corpus date (the newest document in the manifest: no later change
    is known), for every answer that quotes the law."""
    from pmi_law.status import corpus_date

    when = corpus_date(lib)
    return {
        "notice": NOTICE,
        "corpus_date": when,
        "corpus_note": (
            f"Korpus memuat peraturan sampai {when}; perubahan sesudah tanggal itu tidak diketahui."
            if when
            else "Tanggal korpus tidak diketahui."
        ),
    }


def provision_view(lib: Library, node: Node, as_of: date | str | None = None) -> dict[str, Any]:
    """A unit with its Penjelasan, what it cites and what cites it (outside itself), its
    status and the document's on ``as_of``, the version shown (since when, by what), its
    versions as dated lines, and the caveats on its text."""
    from pmi_law.request import check_as_of
    from pmi_law.status import caveats, document_status, unit_status
    from pmi_law.status import version_at as _version_at

    when = check_as_of(as_of)
    doc = node.document
    assert doc is not None
    cited_by = [c for c in lib.referenced_by(node) if not within(c, node.citation)]
    cites: list[str] = []
    for n in node.walk():
        cites.extend(r for r in n.references if r not in cites and not within(r, node.citation))
    versions = lib.versions(node)
    shown = _version_at(versions, when)
    doc_status = document_status(lib, doc.citation, when)
    data = node.to_dict()
    data.update(
        status=doc_status.label,
        document_status=doc_status.to_dict(),
        unit_status=unit_status(lib, node, when).to_dict(),
        document_title=doc.title,
        cites=cites,
        cited_by=cited_by,
        amended_by=[v.by for v in versions if v.by],
        version=version_row(shown, shown) if shown is not None else None,
        versions=[version_row(v, shown) for v in versions],
        notes=caveats(lib, node, when),
        **lib.provenance(node),
        **about(lib),
    )
    data.update(unit_delegations(lib, node))
    return data


def version_row(version: Any, shown: Any = None) -> dict[str, Any]:
    """A version as data (text, valid_from, valid_to, by, change) with its dated line
    ("diubah oleh Perppu 2/2022 Pasal 84 angka 2, berlaku sejak 2022-12-30") and whether it
    is the one shown."""
    from pmi_law.status import version_label

    return {**version.to_dict(), "label": version_label(version), "current": version == shown}


def version_at(versions: list[Any], when: date | None) -> dict[str, Any] | None:
    """The version in force on ``when`` (None: the latest), as a dict."""
    from pmi_law.status import version_at as _version_at

    chosen = _version_at(versions, when)
    return version_row(chosen, chosen) if chosen is not None else None


def definition_view(lib: Library, d: Definition, as_of: date | None = None) -> dict[str, Any]:
    """A definition with its law's status on ``as_of`` (a revoked law's definition says so:
    "TKI" is defined only by laws no longer in force)."""
    from pmi_law.status import document_status

    document = d.citation.split(" Pasal ")[0]
    status = document_status(lib, document, as_of) if document in lib.entries else None
    return {
        "term": d.term,
        "abbreviation": d.abbreviation,
        "text": d.text,
        "citation": d.citation,
        "document": document,
        "status": status.label if status is not None else None,
        "document_status": status.to_dict() if status is not None else None,
    }


def glossary_view(
    lib: Library, term: str | None = None, as_of: date | None = None
) -> dict[str, Any]:
    """The glossary: every definition of the laws in force (on ``as_of``: in force that
    day, in that day's version), by document; or, for ``term``, its definitions
    (``Library.define``: exact term or abbreviation first, revoked laws' last)."""
    groups: list[dict[str, Any]] = []
    if term:
        found = lib.define(term, as_of)
        groups.append({"document": None, "title": "Hasil", "definitions": found})
    else:
        from pmi_law.status import document_status

        for citation, entry in lib.entries.items():
            if as_of is None:
                shown = entry.in_force
            else:
                shown = entry.type != "Skripsi" and document_status(lib, citation, as_of).in_force
            defs = lib.document(citation, as_of).definitions if shown else []
            if defs:
                groups.append({"document": citation, "title": entry.title, "definitions": defs})
    for group in groups:
        group["definitions"] = [definition_view(lib, d, as_of) for d in group["definitions"]]
    return {
        "term": term or "",
        "as_of": as_of.isoformat() if as_of else None,
        "groups": groups,
        **about(lib),
    }


def document_view(lib: Library, citation: str, as_of: date | None = None) -> dict[str, Any]:
    """A whole document as in force on ``as_of`` (its tree, as `parse --json` gives it), its
    status on that date, the Pasal amended, inserted or deleted (each with its status), and
    which delegations of other laws it carries out as a whole."""
    from pmi_law.status import document_status, unit_status

    doc = lib.document(citation, as_of)
    entry = lib.entry(citation)
    status = document_status(lib, citation, as_of)
    changed = []
    if entry.amended_by:  # only amended laws have Pasal whose status differs from the law's
        for pasal in doc.nodes("pasal"):
            unit = unit_status(lib, pasal, as_of)
            if unit.kind != "berlaku":
                changed.append(
                    {"citation": pasal.citation, "label": pasal.label, "status": unit.to_dict()}
                )
    data = doc.to_dict()
    data.update(
        status=status.label,
        status_kind=status.kind,
        document_status=status.to_dict(),
        as_of=as_of.isoformat() if as_of else None,
        date=entry.date,
        note=entry.note,
        changed=changed,
        implements=[link.to_dict() for link in lib.implements(citation) if link.unit is None],
        **about(lib),
    )
    return data


def document_rows(lib: Library) -> list[dict[str, Any]]:
    """The corpus as a table: citation, title, status, date, the manifest's note, and
    which Pasal of other laws amend each law (and which laws each one amends), and whether
    its source file is found."""
    from pmi_law.errors import CorpusNotFound
    from pmi_law.status import document_status

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
            "status_kind": document_status(lib, citation).kind,
            "file": entry.file,
            "found": found(entry),
            "note": entry.note,
            "origin": entry.origin,  # a user document: the file it was added from
            "date": entry.date,
            "date_unverified": entry.date_unverified,
            "amended_by": [a.by for a in entry.amended_by],
            "amends": amends.get(citation, []),
        }
        for citation, entry in lib.entries.items()
    ]


# ---------------------------------------------------------------------------- search hits

#: A unit quoted whole longer than this (an omnibus law's Pasal amending a whole other law)
#: is quoted by its own words only, marked incomplete: open it by citation to read all.
MAX_QUOTE_CHARS = 6000


def hit_unit(lib: Library, citation: str, as_of: date | None = None) -> Node | None:
    """The unit a hit names (a Penjelasan hit: the unit it explains); None for the general
    Penjelasan of a law or a unit not in force on ``as_of``."""
    from pmi_law.errors import PmiLawError

    body = citation.removeprefix("Penjelasan ")
    if body.endswith(" Umum"):
        return None
    try:
        return lib.get(body, as_of)
    except PmiLawError:
        return None


def _marker(node: Node) -> str:
    if node.kind == "ayat":
        return f"({node.number}) "
    if node.kind == "huruf":
        return f"{node.number}. "
    if node.kind == "angka":
        parent = node.parent
        return (
            f"{node.number}) "
            if parent is not None and parent.kind == "huruf"
            else f"{node.number}. "
        )
    return ""


def quote_unit(
    lib: Library, citation: str, document: str, as_of: date | None = None, passage: str = ""
) -> dict[str, Any]:
    """The words of a hit to quote verbatim: the whole unit (never a window of it), with the
    sentences a list item hangs from as ``lead_in``; for a Penjelasan hit, the whole
    Penjelasan of the unit (of the general Penjelasan: the whole paragraph holding the
    passage). ``complete`` is false only where a unit is too long to quote whole."""
    node = hit_unit(lib, citation, as_of)
    lead: list[str] = []
    complete = True
    if citation.startswith("Penjelasan ") and citation.endswith(" Umum"):
        general = lib.document(document, as_of).elucidation_general or ""
        start = passage.split(": ", 1)[-1].rstrip(" …")[:80]
        paragraphs = [p.strip() for p in general.split("\n") if p.strip()]
        found = [p for p in paragraphs if start and start in " ".join(p.split())]
        text = found[0] if found else passage
        complete = bool(found)
    elif node is None:
        text, complete = passage, False
    elif citation.startswith("Penjelasan "):
        text = node.elucidation or passage
    else:
        text = _marker(node) + node.full_text()
        if len(text) > MAX_QUOTE_CHARS:
            text, complete = _marker(node) + node.text, False
        parent = node.parent
        while node.kind in ("huruf", "angka") and parent is not None:
            if parent.kind not in ("pasal", "ayat", "huruf", "angka"):
                break
            if parent.text:
                lead.append(_marker(parent) + parent.text)
            if parent.kind == "pasal":
                break
            parent = parent.parent
    return {
        "text": text.strip(),
        "lead_in": "\n".join(reversed(lead)) or None,
        "complete": complete,
    }


def hit_status(
    lib: Library, citation: str, document: str, as_of: date | None = None
) -> dict[str, Any]:
    """A hit's unit status, its document's status (both on ``as_of``) and the caveats on
    its text."""
    from pmi_law.status import caveats, document_status, unit_status

    node = hit_unit(lib, citation, as_of)
    doc = document_status(lib, document, as_of) if document in lib.entries else None
    unit = unit_status(lib, node, as_of) if node is not None else doc
    return {
        "unit_status": unit.to_dict() if unit is not None else None,
        "document_status": doc.to_dict() if doc is not None else None,
        "caveats": caveats(lib, node, as_of) if node is not None else [],
    }


def hit_row(
    lib: Library, hit: Any, data: dict[str, Any], as_of: date | None = None
) -> dict[str, Any]:
    """A search hit as the API and `search --json` give it: ``data`` (``Hit.to_dict()``) with
    its unit's and document's status on ``as_of`` and the caveats on its text."""
    return {**data, **hit_status(lib, hit.citation, hit.document, as_of)}


def assistant_hit(lib: Library, hit: dict[str, Any], as_of: date | None = None) -> dict[str, Any]:
    """A search hit for an assistant: the unit quoted whole, its status and caveats, no
    scores (``hit`` is the hit's row, as the API gives it; ``Hit.to_dict()`` alone will do)."""
    quoted = quote_unit(lib, hit["citation"], hit["document"], as_of, hit["text"])
    status: dict[str, Any] = {
        k: hit[k] for k in ("unit_status", "document_status", "caveats") if k in hit
    }
    if len(status) < 3:
        status = hit_status(lib, hit["citation"], hit["document"], as_of)
    return {
        "citation": hit["citation"],
        "pasal": hit["pasal"],
        "document": hit["document"],
        "part": hit["part"],
        "lead_in": quoted["lead_in"],
        "text": quoted["text"],
        "complete": quoted["complete"],
        **status,
        "amended_by": hit["amended_by"],
        "related": hit["related"],
    }


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
        **about(lib),
    }
