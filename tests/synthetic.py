"""Synthetic index inputs shared by the index tests: passages of a made-up law and an
encoder that needs no model (text-hash unit vectors: enough to test storage, not meaning)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import numpy as np

from pmi_law.retrieval.passages import Passage


def fake_encode(texts: list[str]) -> np.ndarray:
    out = np.zeros((len(texts), 16), np.float32)
    for i, t in enumerate(texts):
        seed = int.from_bytes(hashlib.sha256(t.encode()).digest()[:4], "little")
        out[i] = np.random.default_rng(seed).standard_normal(16)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def synthetic_passages(
    texts: list[str], dense: Callable[[int], bool] = lambda i: True
) -> list[Passage]:
    """One Pasal of "UU 99/2030" per text, Pasal i + 1 for text i."""
    return [
        Passage(
            f"UU 99/2030 Pasal {i + 1}",
            f"UU 99/2030 Pasal {i + 1}",
            "UU 99/2030",
            "UU",
            "body",
            "BAB I",
            "",
            text,
            dense=dense(i),
        )
        for i, text in enumerate(texts)
    ]
