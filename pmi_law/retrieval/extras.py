"""What ranking reads off the manifest: which Pasal amend another law, which cannot restate.

Taken from the manifest's entries as plain data (the Library gathers the rest of an index's
extras: pmi_law/indexing.py), so retrieval never calls back into the Library.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmi_law.sources.corpus import ManifestEntry


def amending_pasal(entries: Mapping[str, ManifestEntry]) -> set[str]:
    """The Pasal of the corpus that amend another document (their text is instructions)."""
    return {a.by for entry in entries.values() for a in entry.amended_by}


def not_restated(entries: Mapping[str, ManifestEntry]) -> set[str]:
    """What a regulation cannot restate: amending Pasal and replaced laws (not the law in force)."""
    replaced = {c for c, e in entries.items() if e.status != "berlaku"}
    return amending_pasal(entries) | replaced
