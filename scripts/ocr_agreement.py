"""How far the OCR copy of UU 18/2017 agrees with its clean copy, word by word, before and
after the OCR repair stage (pmi_law/sources/repair.py).

Both copies are cleaned (page furniture) and split into words; the OCR copy's words are
aligned to the clean copy's (difflib, no junk heuristics) and the share of OCR words that
sit in a matching block is the agreement. Measured twice after repair: with the corpus
lexicon as the library uses it (which holds the clean copy: agreement between the two
copies is allowed evidence), and held out (a lexicon without the clean copy of UU 18/2017
and without twin copies), which says how the repair does on a law it has no clean copy of.

Usage: python scripts/ocr_agreement.py [--json]
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import time

from pmi_law.sources.clean import clean_text
from pmi_law.sources.corpus import find_file
from pmi_law.sources.repair import (
    CLEAN_FILES,
    build_lexicon,
    corpus_lexicon,
    repair_text,
    rule_counts,
)

CLEAN = "uu-18-2017.txt"
OCR = "uu-18-2017.data-peraturan.md"
_WORD = re.compile(r"[A-Za-z0-9%]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def agreement(ocr: list[str], clean: list[str]) -> float:
    """Share of the OCR words that the alignment matches to the same word of the clean copy."""
    matcher = difflib.SequenceMatcher(None, ocr, clean, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / len(ocr) if ocr else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()
    clean_path, ocr_path = find_file(CLEAN), find_file(OCR)
    clean = words(clean_text(clean_path.read_text(encoding="utf-8")))
    found = clean_text(ocr_path.read_text(encoding="utf-8"))
    start = time.perf_counter()
    repaired = repair_text(found, ocr_path, corpus_lexicon())
    seconds = time.perf_counter() - start
    held_out = build_lexicon(
        clean_text(find_file(name).read_text(encoding="utf-8"))
        for name in CLEAN_FILES
        if name != CLEAN
    )
    blind = repair_text(found, None, held_out)
    before = words(found)
    figures = {
        "ocr_file": OCR,
        "clean_file": CLEAN,
        "ocr_words": len(before),
        "clean_words": len(clean),
        "agreement_before": round(agreement(before, clean), 4),
        "agreement_after": round(agreement(words(repaired.text), clean), 4),
        "agreement_after_held_out": round(agreement(words(blind.text), clean), 4),
        "repairs": len(repaired.repairs),
        "repairs_by_rule": rule_counts(repaired.repairs),
        "repairs_held_out": len(blind.repairs),
        "suspects_left": len(repaired.suspects),
        "repair_seconds": round(seconds, 3),
    }
    if args.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"{OCR} against {CLEAN}: {figures['ocr_words']} / {figures['clean_words']} words")
    print(f"  agreement as found:              {figures['agreement_before']:.2%}")
    print(
        f"  agreement after repair:          {figures['agreement_after']:.2%}"
        f"  ({figures['repairs']} repairs: {figures['repairs_by_rule']})"
    )
    print(
        f"  after repair, clean copy held out: {figures['agreement_after_held_out']:.2%}"
        f"  ({figures['repairs_held_out']} repairs)"
    )
    print(f"  suspects left with a note: {figures['suspects_left']}")


if __name__ == "__main__":
    main()
