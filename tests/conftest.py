"""Shared fixtures. Tests read the real statutes from ../shared/corpus (never copied here)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from pmi_law.sources.corpus import search_path


def _corpus_dir() -> Path:
    for folder in search_path():
        if (folder / "uu-18-2017.txt").is_file():
            return folder
    raise RuntimeError(
        "the shared corpus is missing: expected uu-18-2017.txt in one of "
        + ", ".join(str(p) for p in search_path())
        + " (set PMI_LAW_CORPUS_PATH)"
    )


CORPUS = _corpus_dir()  # fail loudly at collection time in CI when ../shared/corpus is absent


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def uu18():
    from pmi_law import parse_document

    return parse_document(CORPUS / "uu-18-2017.txt")


@pytest.fixture(scope="session")
def uu18_ocr():
    from pmi_law import parse_document

    return parse_document(CORPUS / "uu-18-2017.data-peraturan.md")


@pytest.fixture(scope="session")
def library():
    from pmi_law import Library

    return Library.open()


# the user's own documents (pmi-law add) never leak into the tests' default corpus
os.environ["PMI_LAW_LIBRARY_DIR"] = tempfile.mkdtemp(prefix="pmi-law-tests-library-")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
