"""Parse time per corpus file (targets: UU 18/2017 < 0.5 s, the 1.3 MB UU 11/2020 < 5 s).

Usage: python scripts/bench_parse.py [--repeat N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from pmi_law import parse_document
from pmi_law.sources.corpus import find_file, load_manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    names: list[str] = []
    for entry in load_manifest():
        names += [entry.file, *entry.alternates]
    rows = []
    print(f"{'file':<34} {'KB':>6} {'Pasal':>6} {'median s':>9} {'min s':>7}")
    for name in names:
        path = find_file(name)
        times = []
        doc = None
        for _ in range(args.repeat):
            start = time.perf_counter()
            doc = parse_document(path)
            times.append(time.perf_counter() - start)
        assert doc is not None
        row = {
            "file": name,
            "kb": round(path.stat().st_size / 1024, 1),
            "pasal": len(doc.nodes("pasal")),
            "median_s": round(statistics.median(times), 4),
            "min_s": round(min(times), 4),
        }
        rows.append(row)
        print(
            f"{name:<34} {row['kb']:>6} {row['pasal']:>6} {row['median_s']:>9.3f} {row['min_s']:>7.3f}"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
