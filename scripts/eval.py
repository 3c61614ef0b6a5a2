"""Retrieval quality on a question file (default ../shared/eval/dev.jsonl), with ablations and
the misses listed, so a change to ranking can be judged by its figures.

Usage: python scripts/eval.py [FILE] [--json PATH] [--misses]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pmi_law import Library
from pmi_law.retrieval.evaluate import evaluate, load_questions
from pmi_law.sources.corpus import REPO_ROOT


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "file", nargs="?", type=Path, default=REPO_ROOT.parent / "shared" / "eval" / "dev.jsonl"
    )
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--misses", action="store_true", help="list questions whose answer is not first"
    )
    args = ap.parse_args()
    questions = load_questions(args.file)
    report = evaluate(Library.open().searcher(), questions)
    print(
        f"{'system':<10} {'hit@1':>7} {'hit@5':>7} {'MRR@10':>7} {'recall@10':>9}   ({len(questions)} questions)"
    )
    for mode, m in report["metrics"].items():
        print(
            f"{mode:<10} {m['hit@1']:>7.3f} {m['hit@5']:>7.3f} {m['mrr@10']:>7.3f} {m['recall@10']:>9.3f}"
        )
    if args.misses:
        for row in report["questions"]:
            if row["mode"] == "hybrid" and row["hit@1"] < 1:
                print(
                    f"\n{row['id']} {row['query']!r}\n  want {row['relevant']}\n  got  {row['ranked'][:5]}"
                )
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
