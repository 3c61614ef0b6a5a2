"""Print the figures of `pmi-law check` for every corpus file (and optionally save them as JSON).

Usage: python scripts/check_corpus.py [--json OUT.json] [DOCUMENT]
Used to record before/after figures of parser work.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pmi_law.sources.check import corpus_checks, format_report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("document", nargs="?")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    checks = corpus_checks(args.document)
    for line in format_report(checks):
        print(line)
    if args.json:
        args.json.write_text(
            json.dumps([c.to_dict() for c in checks], ensure_ascii=False, indent=1)
        )


if __name__ == "__main__":
    main()
