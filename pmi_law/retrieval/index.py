"""The search index on disk: FAISS vectors, BM25 arrays, passages and a manifest.

A folder of plain files (no pickle), written atomically: it is built in a temporary
sibling folder and renamed into place, so a crash never leaves a half-written index. The
manifest records the schema, the model identity, a hash of the corpus and the size and
SHA-256 of every file, so an index built from other text or another model, or damaged on
disk, is detected instead of silently used. The writer only ever replaces or removes a
folder that holds nothing but index files: a user's folder is refused, never emptied.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pmi_law.errors import IndexStale, PmiLawError, SearchIndexError
from pmi_law.processes import pid_alive, swap_dir

from .passages import Passage
from .sequences import FOLDER as SEQUENCES
from .sequences import Sequences, save_sequences

if TYPE_CHECKING:
    from .lexical import Analyzer, LexicalIndex

SCHEMA_VERSION = 4  # 3: restatements of statutes by regulations (extras); 4: sequences
ENV_INDEX_DIR = "PMI_LAW_INDEX_DIR"
#: Every name the writer puts in an index folder; a folder holding anything else is not ours.
INDEX_ENTRIES = frozenset(
    {"manifest.json", "passages.jsonl", "dense.faiss", "lexical", "extras.json", "sequences"}
)
#: A legacy temp folder (no pid in its name) older than this is left over from a killed build.
LEGACY_TMP_AGE_S = 3600


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
    #: relative path → [size in bytes, sha256 hex] of every other file of the index
    files: dict[str, list[Any]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {k: getattr(self, k) for k in self.__dataclass_fields__}, indent=2, ensure_ascii=False
        )


def read_manifest(folder: Path) -> IndexManifest | None:
    """The manifest of the index in ``folder``, or None if it is missing or unreadable."""
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return IndexManifest(**data)
    except (OSError, ValueError, TypeError):
        return None


def manifest_damaged(folder: Path) -> bool:
    """Whether ``folder`` has a manifest.json that cannot be read as one (not just none)."""
    return (folder / "manifest.json").exists() and read_manifest(folder) is None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _index_files(folder: Path) -> list[Path]:
    """The files of an index folder that the manifest covers (all but the manifest)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).as_posix() != "manifest.json"
    )


def file_checksums(folder: Path) -> dict[str, list[Any]]:
    """Size and SHA-256 of every index file, keyed by its path inside the folder."""
    return {
        p.relative_to(folder).as_posix(): [p.stat().st_size, _sha256(p)]
        for p in _index_files(folder)
    }


def verify_files(folder: Path, manifest: IndexManifest, *, hashes: bool = True) -> None:
    """IndexStale naming the first file that is missing, extra, resized or (with hashes) altered."""
    if not manifest.files:
        raise IndexStale(f"index at {folder} records no checksums; rebuild it")
    found = {p.relative_to(folder).as_posix(): p for p in _index_files(folder)}
    for name, (size, digest) in sorted(manifest.files.items()):
        path = found.pop(name, None)
        if path is None:
            raise IndexStale(f"index at {folder} is damaged: {name} is missing; rebuild it")
        if path.stat().st_size != size:
            raise IndexStale(f"index at {folder} is damaged: {name} has changed size; rebuild it")
        if hashes and _sha256(path) != digest:
            raise IndexStale(f"index at {folder} is damaged: {name} has been altered; rebuild it")
    if found:
        extra = ", ".join(sorted(found))
        raise IndexStale(f"index at {folder} is damaged: unexpected files ({extra}); rebuild it")


def check_manifest(folder: Path, *, model: str, corpus_hash: str) -> IndexManifest:
    """The manifest of a usable index; IndexStale says what does not match."""
    found = read_manifest(folder)
    if found is None:
        if manifest_damaged(folder):
            raise IndexStale(f"index at {folder} is damaged (manifest.json unreadable); rebuild it")
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

    @cached_property
    def _exact(self) -> tuple[np.ndarray, np.ndarray] | None:
        """An exact index's vectors and passage ids, for a one-query product in numpy.

        One query against a few thousand vectors is a single matrix-vector product; FAISS
        spreads it over OpenMP threads, which on a busy two-core machine took 13 ms a query
        (p50) against 0.1 ms in one thread, and setting FAISS's thread count would change
        the whole process. ``None`` for an approximate (HNSW) index: FAISS searches that.
        """
        import faiss

        inner = faiss.downcast_index(self.index.index)
        if not isinstance(inner, faiss.IndexFlat):
            return None
        n = inner.ntotal
        rows = faiss.rev_swig_ptr(inner.get_xb(), n * self.dim)
        vectors = np.array(rows, dtype=np.float32).reshape(n, self.dim)
        return vectors, faiss.vector_to_array(self.index.id_map).astype(np.int64)

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
        if (exact := self._exact) is not None:
            return _top_k(exact, q[0], k, allowed)
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


def _top_k(
    exact: tuple[np.ndarray, np.ndarray], query: np.ndarray, k: int, allowed: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """The k best (score, passage id) of an exact search, best first, ties by id (as FAISS)."""
    vectors, ids = exact
    # einsum's own loop, not BLAS: OpenBLAS spreads one small product over its threads, and
    # waking them after the query engine ran cost 2 ms a search against 0.2 ms
    scores = np.einsum("ij,j->i", vectors, query)
    if allowed is not None:
        keep = allowed[ids]
        scores, ids = scores[keep], ids[keep]
    k = min(k, len(ids))
    if k <= 0:
        return np.zeros(0, np.float32), np.zeros(0, np.int64)
    top = np.argpartition(-scores, k - 1)[:k] if k < len(ids) else np.arange(len(ids))
    top = top[np.lexsort((ids[top], -scores[top]))]
    return scores[top].astype(np.float32), ids[top]


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
    restates: dict[str, str] = field(default_factory=dict)  # regulation unit → statute unit
    #: each passage's terms in order (phrase checks, highlights), read on first use
    sequences: Sequences | None = None


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
    bm25: tuple[float, float] = (1.5, 0.75),
) -> IndexManifest:
    """Build and atomically write an index folder for these passages (``bm25``: k1, b)."""
    from .lexical import LexicalIndex

    if not passages:
        raise SearchIndexError("no passages to index")
    say = progress or (lambda _msg: None)
    ensure_replaceable(folder)  # before minutes of embedding, not after
    clean_stale_temp(folder)
    tmp = _make_temp(folder)
    try:
        dense_ids = np.array([i for i, p in enumerate(passages) if p.dense], dtype=np.int64)
        say(f"indexing {len(passages)} units ({len(dense_ids)} vectors): words first")
        latest = current_count(passages)
        lexical = LexicalIndex.build(
            [p.embed_text if p.lexical else "" for p in passages],
            analyzer,
            k1=bm25[0],
            b=bm25[1],
            stats_docs=latest,
        )
        save_sequences(tmp / SEQUENCES, analyzer.terms_many([p.text for p in passages]))
        say(f"embedding {len(dense_ids)} vectors (one to a few minutes, by CPU)")
        vectors = encode([passages[i].embed_text for i in dense_ids])
        dense = DenseIndex.build(vectors, dense_ids, approximate=approximate)
        with open(tmp / "passages.jsonl", "w", encoding="utf-8") as fh:
            for p in passages:
                fh.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")
        dense.save(tmp / "dense.faiss")
        lexical.save(tmp / "lexical")
        (tmp / "extras.json").write_text(
            json.dumps(extras or {}, ensure_ascii=False), encoding="utf-8"
        )
        manifest = IndexManifest(
            schema_version=SCHEMA_VERSION,
            model=model,
            corpus_hash=corpus_hash,
            created=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            passages=len(passages),
            vectors=len(dense_ids),
            dim=dense.dim,
            approximate=approximate,
            files=file_checksums(tmp),
        )
        (tmp / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")  # last
        _replace_dir(tmp, folder)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _unwritable(folder, exc) from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    say(f"index written to {folder}")
    return manifest


def current_count(passages: Sequence[Passage]) -> int:
    """How many passages hold the latest wording: they come first, and the earlier wordings
    of amended laws after them (the statistics of BM25 are the latest passages' own, so a
    search without a date ranks as if the earlier ones were not there)."""
    n = sum(1 for p in passages if p.current)
    if any(not p.current for p in passages[:n]):
        raise SearchIndexError("earlier wordings must follow every latest passage")
    return n


def _unwritable(folder: Path, exc: OSError) -> SearchIndexError:
    reason = exc.strerror or str(exc)
    return SearchIndexError(
        f"cannot write the index at {folder} ({reason}); set {ENV_INDEX_DIR} to a writable folder"
    )


def is_index_folder(folder: Path) -> bool:
    """Whether ``folder`` holds only what the index writer puts there (or nothing)."""
    try:
        return folder.is_dir() and all(p.name in INDEX_ENTRIES for p in folder.iterdir())
    except OSError:
        return False


def ensure_replaceable(folder: Path) -> None:
    """Refuse a target that is a file or a folder with anything but index files in it."""
    if not folder.exists() and not folder.is_symlink():
        return
    if folder.is_symlink() or not is_index_folder(folder):
        raise SearchIndexError(
            f"{folder} exists and is not a pmi_law index; refusing to replace it "
            f"(point {ENV_INDEX_DIR} at a new or empty folder)"
        )


def ensure_writable(folder: Path) -> None:
    """Fail before minutes of work: the target is ours to replace and its parent is writable."""
    ensure_replaceable(folder)
    shutil.rmtree(_make_temp(folder), ignore_errors=True)


def _make_temp(folder: Path) -> Path:
    """A fresh sibling of ``folder`` named after it and this process; proves we can write there."""
    for above in (folder.parent, *folder.parent.parents):
        if above.exists() and not above.is_dir():
            raise SearchIndexError(
                f"cannot write the index at {folder} ({above} is a file, not a folder); "
                f"set {ENV_INDEX_DIR} to a writable folder"
            )
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = folder.with_name(f".{folder.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
        tmp.mkdir()
    except OSError as exc:
        raise _unwritable(folder, exc) from None
    return tmp


def _temp_pattern(folder: Path) -> re.Pattern[str]:
    """Our own temp names: `.NAME.tmp-PID-HEX`, `.NAME.old-PID-NS`, legacy `.NAME.tmp-XXXXXXXX`."""
    name = re.escape(folder.name)
    return re.compile(
        rf"\.{name}\.(?:(?:tmp|old)-(?P<pid>\d+)-[0-9a-f]+|tmp-(?P<legacy>[a-z0-9_]{{8}}))"
    )


def stale_temp_folders(folder: Path) -> list[Path]:
    """Temp folders a killed build of this index left behind (only our exact naming)."""
    pattern = _temp_pattern(folder)
    out = []
    try:
        siblings = list(folder.parent.iterdir())
    except OSError:
        return []
    for path in siblings:
        m = pattern.fullmatch(path.name)
        if not m or path.is_symlink() or not is_index_folder(path):
            continue
        if m["pid"] is not None:
            stale = int(m["pid"]) != os.getpid() and not pid_alive(int(m["pid"]))
        else:
            stale = time.time() - path.stat().st_mtime > LEGACY_TMP_AGE_S
        if stale:
            out.append(path)
    return sorted(out)


def clean_stale_temp(folder: Path) -> list[Path]:
    """Remove what :func:`stale_temp_folders` finds; returns the folders removed."""
    removed = stale_temp_folders(folder)
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


def _replace_dir(new: Path, target: Path) -> None:
    """Swap a finished folder into place; readers see the old or the new index, never half."""
    ensure_replaceable(target)  # checked again: it may have changed during the build
    swap_dir(new, target)


def load_index(folder: Path, *, model: str, corpus_hash: str) -> SearchIndex:
    """Load an index, raising IndexStale if it does not match the corpus and model."""
    from .lexical import LexicalIndex

    manifest = check_manifest(folder, model=model, corpus_hash=corpus_hash)
    try:
        verify_files(folder, manifest)
    except OSError as exc:
        raise IndexStale(f"index at {folder} cannot be read ({exc.strerror or exc})") from None
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
        extras.get("restates", {}),
        Sequences(folder / SEQUENCES, len(passages)),
    )
