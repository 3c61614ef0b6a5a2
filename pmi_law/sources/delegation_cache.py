"""The delegation map kept on disk beside the parsed-corpus store.

Building the map reads every regulation against the laws it carries out (some 2 s); `show`
prints its sections for every unit, so a fresh process would pay that each time. The map is
plain JSON keyed by what it is built from (the corpus files and manifest, the delegation and
lexical code, the regulations' metadata): anything else is rebuilt, never trusted. Written
atomically; a damaged or foreign file is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .delegation import (
    Delegation,
    DelegationLink,
    DelegationMap,
    KnownRegulation,
    RegulationEvidence,
)

FORMAT = 1


def cache_key(corpus: str, metadata: bytes) -> str:
    """What the map depends on: the corpus, the code that reads it, the metadata file."""
    from importlib.util import find_spec

    h = hashlib.sha256(f"{FORMAT}|{corpus}|".encode())
    # read, not imported: the lexical analyzer's imports would cost `show` more than the map
    for module in (
        "pmi_law.sources.delegation",
        "pmi_law.retrieval.lexical",
        "pmi_law.retrieval.vocabulary",
    ):
        spec = find_spec(module)
        assert spec is not None and spec.origin is not None
        h.update(Path(spec.origin).read_bytes())
    h.update(metadata)
    return h.hexdigest()


def to_data(dmap: DelegationMap) -> dict[str, Any]:
    return {
        "delegations": [asdict(d) for d in dmap.delegations],
        "evidence": [asdict(ev) for ev in dmap.evidence.values()],
    }


def from_data(data: dict[str, Any]) -> DelegationMap:
    delegations = []
    for raw in data["delegations"]:
        raw = dict(raw)
        raw["scope"] = tuple(raw["scope"])
        raw["links"] = tuple(DelegationLink(**link) for link in raw["links"])
        raw["known"] = tuple(KnownRegulation(**k) for k in raw["known"])
        delegations.append(Delegation(**raw))
    evidence = []
    for raw in data["evidence"]:
        raw = dict(raw)
        raw["references"] = [tuple(r) for r in raw["references"]]
        evidence.append(RegulationEvidence(**raw))
    return DelegationMap(delegations, evidence)


def load(path: Path, key: str) -> DelegationMap | None:
    """The stored map if it was built from the same inputs, else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return from_data(data["map"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(path: Path, key: str, dmap: DelegationMap) -> None:
    """Write atomically; a place that cannot be written is left alone (the map is rebuilt)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(
            json.dumps({"key": key, "map": to_data(dmap)}, ensure_ascii=False), encoding="utf-8"
        )
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
