"""Each passage's index terms in order, analysed once when the index is built.

The phrase check (phrases.py) and the highlights read a candidate passage's terms in order;
analysing them at query time cost a fresh server about 1 ms a passage and some seventy
passages a search, which under load was a large share of a search's time. The index keeps
them as one array of term numbers with offsets, read on first need.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from pmi_law.errors import IndexStale

#: The folder inside the index that holds the sequences.
FOLDER = "sequences"


def save_sequences(folder: Path, sequences: Sequence[Sequence[str]]) -> None:
    """Write ``sequences`` (one list of terms per passage, in passage order) to ``folder``."""
    vocab: dict[str, int] = {}
    ids = [vocab.setdefault(term, len(vocab)) for seq in sequences for term in seq]
    offsets = np.zeros(len(sequences) + 1, dtype=np.int64)
    np.cumsum([len(seq) for seq in sequences], out=offsets[1:])
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "ids.npy", np.asarray(ids, dtype=np.int32), allow_pickle=False)
    np.save(folder / "offsets.npy", offsets, allow_pickle=False)
    (folder / "vocab.json").write_text(json.dumps(list(vocab), ensure_ascii=False), "utf-8")


class Sequences:
    """The saved sequences of one index, loaded on first use (a cold search that needs few
    of them does not wait for all)."""

    def __init__(self, folder: Path, count: int) -> None:
        self.folder = folder
        self.count = count
        self._lock = threading.Lock()
        self._loaded: tuple[np.ndarray, np.ndarray, list[str]] | None = None

    def __getitem__(self, i: int) -> list[str]:
        ids, offsets, vocab = self._load()
        return [vocab[t] for t in ids[offsets[i] : offsets[i + 1]].tolist()]

    def _load(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        if self._loaded is None:
            with self._lock:
                if self._loaded is None:
                    self._loaded = self._read()
        return self._loaded

    def _read(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        try:
            ids = np.load(self.folder / "ids.npy", allow_pickle=False)
            offsets = np.load(self.folder / "offsets.npy", allow_pickle=False)
            vocab = json.loads((self.folder / "vocab.json").read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexStale(f"index sequences in {self.folder} cannot be read ({exc})") from None
        if len(offsets) != self.count + 1 or (len(ids) and int(ids.max()) >= len(vocab)):
            raise IndexStale(f"index sequences in {self.folder} do not match its passages")
        return ids, offsets, vocab
