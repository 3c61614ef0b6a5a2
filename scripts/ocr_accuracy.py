"""OCR seconds per page and character accuracy on the made-up test regulation.

The regulation of tests/userdoc_samples.py is rendered to a scanned (image-only) PDF, read
back by Tesseract (lang ind) through pmi_law's OCR, and compared with its source text:
accuracy = 1 - (Levenshtein distance / source characters), whitespace runs collapsed to one
space on both sides (layout is not what is measured). Usage: python scripts/ocr_accuracy.py
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from userdoc_samples import REGULATION, scanned_pdf


def distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions), two rows at a time."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def main() -> None:
    from pmi_law.sources.ocr import ocr_pdf

    with tempfile.TemporaryDirectory() as tmp:
        for dpi, degrade in ((300, False), (200, False), (200, True), (150, True)):
            pdf = scanned_pdf(Path(tmp) / f"scan-{dpi}-{degrade}.pdf", dpi=dpi, degrade=degrade)
            started = time.perf_counter()
            pages = ocr_pdf(pdf)
            seconds = time.perf_counter() - started
            got, want = squash("\n".join(pages)), squash(REGULATION)
            errors = distance(got, want)
            print(
                f"scan at {dpi} dpi{' (skewed, blurred, speckled)' if degrade else ''}: {len(pages)} page(s), {seconds / len(pages):.1f} s a page; "
                f"{errors} character errors in {len(want)}: accuracy {1 - errors / len(want):.2%}"
            )


if __name__ == "__main__":
    main()
