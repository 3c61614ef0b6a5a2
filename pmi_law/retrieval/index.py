"""The search index on disk: FAISS vectors, BM25 arrays, passages and a manifest.

A folder of plain files (no pickle), written atomically: it is built in a temporary
sibling folder and renamed into place, so a crash never leaves a half-written index. The
manifest records the schema, the model identity and a hash of the corpus, so an index
built from other text or another model is detected instead of silently used.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pmi_law.errors import IndexStale, PmiLawError, SearchIndexError

from .passages import Passage

if TYPE_CHECKING:
    from .lexical import Analyzer, LexicalIndex

SCHEMA_VERSION = 1
ENV_INDEX_DIR = "PMI_LAW_INDEX_DIR"


def default_index_dir() -> Path:
    """$PMI_LAW_INDEX_DIR, else indexes/default in the repository (or current folder)."""
    env = os.environ.get(ENV_INDEX_DIR)
    if env:
        return Path(env).expanduser()
    from pmi_law.sources.corpus import REPO_ROOT

    return REPO_ROOT / "indexes" / "default"


@dataclass(frozen=True, slots=True)
class IndexManifest:
    schema_version: int
    model: str
    corpus_hash: str
    created: str
    passages: int
    vectors: int
    dim: int
    approximate: bool

    def to_json(self) -> str:
        return json.dumps(
            {k: getattr(self, k) for k in self.__dataclass_fields__}, indent=2, ensure_ascii=False
        )


def read_manifest(folder: Path) -> IndexManifest | None:
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return IndexManifest(**data)
    except (OSError, ValueError, TypeError):
        return None


def check_manifest(folder: Path, *, model: str, corpus_hash: str) -> IndexManifest:
    """The manifest of a usable index; IndexStale says what does not match."""
    found = read_manifest(folder)
    if found is None:
        raise IndexStale(f"no index at {folder}")
    if found.schema_version != SCHEMA_VERSION:
        raise IndexStale(
            f"index at {folder} has schema {found.schema_version}, expected {SCHEMA_VERSION}"
        )
    if found.model != model:
        raise IndexStale(f"index at {folder} was built with model {found.model}, not {model}")
    if found.corpus_hash != corpus_hash:
        raise IndexStale(
            f"index at {folder} was built from another corpus (hash {found.corpus_hash[:12]})"
        )
    return found


class DenseIndex:
    """Inner-product search over normalised passage vectors (exact by default)."""

    def __init__(self, index: Any, dim: int) -> None:
        self.index = index
        self.dim = dim

    @classmethod
    def build(
        cls, vectors: np.ndarray, ids: np.ndarray | None = None, *, approximate: bool = False
    ) -> DenseIndex:
        """Index ``vectors``; row i is passage ``ids[i]`` (passages without a vector are absent)."""
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        inner: Any
        if approximate:
            inner = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efSearch = 128
        else:
            inner = faiss.IndexFlatIP(dim)
        index = faiss.IndexIDMap2(inner)
        ids = (
            np.arange(len(vectors), dtype=np.int64)
            if ids is None
            else np.asarray(ids, dtype=np.int64)
        )
        index.add_with_ids(vectors, ids)
        return cls(index, dim)

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids); ``allowed`` (a boolean mask) restricts the search itself."""
        import faiss

        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        k = min(k, self.index.ntotal)
        if k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        params = None
        if allowed is not None and not bool(allowed.all()):
            ids = np.flatnonzero(allowed).astype(np.int64)
            if ids.size == 0:
                return np.zeros(0, np.float32), np.zeros(0, np.int64)
            fx: Any = faiss  # its type stubs lack the search-parameter classes
            selector = fx.IDSelectorBatch(ids)
            inner = fx.downcast_index(self.index.index)
            params = (
                fx.SearchParametersHNSW(sel=selector, efSearch=max(128, k))
                if isinstance(inner, fx.IndexHNSW)
                else fx.SearchParameters(sel=selector)
            )
        scores, ids = self.index.search(q, k, params=params) if params else self.index.search(q, k)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep].astype(np.int64)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        import faiss

        index = faiss.read_index(str(path))
        return cls(index, index.d)


@dataclass
class SearchIndex:
    """Everything search needs, loaded from one folder."""

    folder: Path
    manifest: IndexManifest
    passages: list[Passage]
    dense: DenseIndex
    lexical: LexicalIndex
    abbreviations: dict[str, str] = field(default_factory=dict)
    links: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    definitions: list[dict[str, Any]] = field(default_factory=list)


def build_index(
    folder: Path,
    passages: Sequence[Passage],
    *,
    encode: Callable[[list[str]], np.ndarray],
    analyzer: Analyzer,
    model: str,
    corpus_hash: str,
    approximate: bool = False,
    progress: Callable[[str], None] | None = None,
    extras: dict[str, Any] | None = None,
) -> IndexManifest:
    """Build and atomically write an index folder for these passages."""
    from .lexical import LexicalIndex

    if not passages:
        raise SearchIndexError("no passages to index")
    say = progress or (lambda _msg: None)
    say(f"lexical index over {sum(p.lexical for p in passages)} passages")
    lexical = LexicalIndex.build([p.embed_text if p.lexical else "" for p in passages], analyzer)
    dense_ids = np.array([i for i, p in enumerate(passages) if p.dense], dtype=np.int64)
    say(f"embedding {len(dense_ids)} passages (a minute or two on a laptop)")
    vectors = encode([passages[i].embed_text for i in dense_ids])
    dense = DenseIndex.build(vectors, dense_ids, approximate=approximate)
    manifest = IndexManifest(
        schema_version=SCHEMA_VERSION,
        model=model,
        corpus_hash=corpus_hash,
        created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        passages=len(passages),
        vectors=len(dense_ids),
        dim=dense.dim,
        approximate=approximate,
    )
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.tmp-", dir=folder.parent))
    try:
        with open(tmp / "passages.jsonl", "w", encoding="utf-8") as fh:
            for p in passages:
                fh.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
        dense.save(tmp / "dense.faiss")
        lexical.save(tmp / "lexical")
        (tmp / "extras.json").write_text(
            json.dumps(extras or {}, ensure_ascii=False), encoding="utf-8"
        )
        (tmp / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
        _replace_dir(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    say(f"index written to {folder}")
    return manifest


def _replace_dir(new: Path, target: Path) -> None:
    """Swap a finished folder into place; readers see the old or the new index, never half."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.time_ns()}")
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def load_index(folder: Path, *, model: str, corpus_hash: str) -> SearchIndex:
    """Load an index, raising IndexStale if it does not match the corpus and model."""
    from .lexical import LexicalIndex

    manifest = check_manifest(folder, model=model, corpus_hash=corpus_hash)
    try:
        with open(folder / "passages.jsonl", encoding="utf-8") as fh:
            passages = [Passage(**json.loads(line)) for line in fh if line.strip()]
        dense = DenseIndex.load(folder / "dense.faiss")
        lexical = LexicalIndex.load(folder / "lexical")
        extras = json.loads((folder / "extras.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, RuntimeError, PmiLawError) as exc:
        raise IndexStale(f"index at {folder} is damaged ({exc}); rebuild it") from None
    if len(passages) != manifest.passages or dense.index.ntotal != manifest.vectors:
        raise IndexStale(f"index at {folder} is incomplete; rebuild it")
    return SearchIndex(
        folder,
        manifest,
        passages,
        dense,
        lexical,
        extras.get("abbreviations", {}),
        extras.get("links", {}),
        extras.get("definitions", []),
    )
