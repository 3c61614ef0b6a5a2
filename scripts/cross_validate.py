"""Would learned weights beat the hand-set ones? Question-level cross-validation of the
fusion weights over every question set at hand.

Each point of a grid over the fusion's weights (dense against lexical, the legal issues of
a story and of a short question, the statute-before-regulation prior) ranks every question
once; then, fold by fold, the point best on the other folds is scored on the held-out fold.
The out-of-fold figure is what tuning the weights would earn on questions it has not seen;
compare it with the hand-set configuration on the same questions. Keep learned weights only
if they win out of fold.

Usage: python scripts/cross_validate.py [--folds 5] [--json PATH] [--quick]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import time
from dataclasses import replace
from pathlib import Path

from pmi_law import Library
from pmi_law.retrieval.evaluate import answer_key, load_questions, score_ranking
from pmi_law.retrieval.ranking import DEFAULT
from pmi_law.sources.corpus import REPO_ROOT

SETS = {
    "dev": REPO_ROOT.parent / "shared" / "eval" / "dev.jsonl",
    "dev2": REPO_ROOT.parent / "shared" / "eval" / "dev2.jsonl",
    "dev3": REPO_ROOT.parent / "shared" / "eval" / "dev3.jsonl",
    "heldout": REPO_ROOT / "scripts" / "questions_heldout.jsonl",
    "own": REPO_ROOT / "scripts" / "questions_own.jsonl",
}

GRID = {
    "dense_weight": (0.8, 1.0, 1.25),
    "issue_weight_short": (0.1, 0.2, 0.3),
    "regulation_prior": (0.7, 0.8, 0.9),
}
QUICK_GRID = {"dense_weight": (0.8, 1.0, 1.25), "issue_weight_short": (0.1, 0.2, 0.3)}


def fold_of(question_id: str, folds: int) -> int:
    """A stable fold per question (not per set): every set is spread over every fold."""
    return int(hashlib.sha256(question_id.encode()).hexdigest(), 16) % folds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--quick", action="store_true", help="a 9-point grid (a smoke run)")
    args = ap.parse_args()

    questions = [
        (name, q) for name, path in SETS.items() if path.exists() for q in load_questions(path)
    ]
    searcher = Library.open().searcher()
    grid = QUICK_GRID if args.quick else GRID
    points = [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]
    default_point = {key: getattr(DEFAULT, key) for key in grid}
    if default_point not in points:
        points.append(default_point)

    started = time.perf_counter()
    mrr: list[list[float]] = []  # [point][question]
    for point in points:
        searcher.config = replace(DEFAULT, **point)
        row = []
        for _, q in questions:
            ranked = list(dict.fromkeys(answer_key(h) for h in searcher.search(q.query, k=10)))
            row.append(score_ranking(ranked, q.relevant, 10)["mrr@10"])
        mrr.append(row)
        print(f"  {len(mrr)}/{len(points)} {point}: MRR {sum(row) / len(row):.3f}", flush=True)
    searcher.config = DEFAULT
    elapsed = time.perf_counter() - started

    folds = [fold_of(f"{name}:{q.id}", args.folds) for name, q in questions]
    n = len(questions)
    out_of_fold = [0.0] * n
    chosen = []
    for f in range(args.folds):
        train = [i for i in range(n) if folds[i] != f]
        best = max(range(len(points)), key=lambda p: sum(mrr[p][i] for i in train))
        chosen.append(points[best])
        for i in range(n):
            if folds[i] == f:
                out_of_fold[i] = mrr[best][i]
    d = points.index(default_point)
    in_sample = max(range(len(points)), key=lambda p: sum(mrr[p]))

    def by_set(values: list[float]) -> dict[str, float]:
        sums: dict[str, list[float]] = {}
        for (name, _), v in zip(questions, values, strict=True):
            sums.setdefault(name, []).append(v)
        return {name: sum(v) / len(v) for name, v in sums.items()} | {"all": sum(values) / n}

    report = {
        "questions": n,
        "points": len(points),
        "seconds": round(elapsed, 1),
        "hand_set": {"weights": default_point, "mrr@10": by_set(mrr[d])},
        "tuned_out_of_fold": {"chosen_per_fold": chosen, "mrr@10": by_set(out_of_fold)},
        "best_in_sample": {"weights": points[in_sample], "mrr@10": by_set(mrr[in_sample])},
    }
    print(f"{n} questions, {len(points)} grid points, {args.folds} folds, {elapsed:.0f} s")
    names = list(report["hand_set"]["mrr@10"])  # type: ignore[index]
    print(f"{'MRR@10':<22}" + "".join(f"{x:>9}" for x in names))
    for label, key in (
        ("hand-set", "hand_set"),
        ("tuned, out of fold", "tuned_out_of_fold"),
        ("best in sample", "best_in_sample"),
    ):
        values = report[key]["mrr@10"]  # type: ignore[index]
        print(f"{label:<22}" + "".join(f"{values[x]:>9.3f}" for x in names))
    print("chosen per fold:", "; ".join(str(c) for c in chosen))
    print("best in sample:", points[in_sample])
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
