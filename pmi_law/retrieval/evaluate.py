"""Retrieval quality at Pasal level: hit@1, hit@5, MRR@10, recall@10, with ablations.

A hit on any unit or Penjelasan of a Pasal counts for that Pasal; results are already one
per Pasal, so ranks are ranks of distinct Pasal. A thesis is cited by its document (the eval
files write "Skripsi BP3MI-NTB"), so a hit on any of its sections counts for the document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmi_law.errors import ParseError

if TYPE_CHECKING:
    from .search import Searcher

MODES = ("hybrid", "lexical", "dense")
METRICS = ("hit@1", "hit@5", "mrr@10", "recall@10")


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    query: str
    relevant: tuple[str, ...]
    style: str = ""


def load_questions(path: Path) -> list[Question]:
    """Questions in the format of ../shared/eval/dev.jsonl; a bad line is a ParseError naming it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ParseError(f"cannot read {path}: {exc.strerror}") from None
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            out.append(
                Question(str(raw["id"]), raw["query"], tuple(raw["relevant"]), raw.get("style", ""))
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ParseError(f"{path}:{n}: not a question line ({exc})") from None
    if not out:
        raise ParseError(f"{path}: no questions")
    return out


def score_ranking(ranked: list[str], relevant: tuple[str, ...], k: int = 10) -> dict[str, float]:
    """Metrics of one ranked list of distinct Pasal citations."""
    rel = set(relevant)
    first = next((i for i, c in enumerate(ranked[:k], 1) if c in rel), None)
    return {
        "hit@1": float(bool(ranked[:1]) and ranked[0] in rel),
        "hit@5": float(any(c in rel for c in ranked[:5])),
        "mrr@10": 1.0 / first if first else 0.0,
        "recall@10": len(rel & set(ranked[:k])) / len(rel) if rel else 0.0,
    }


def answer_key(hit: Any) -> str:
    """What a hit is scored as: its Pasal, or for a thesis its document."""
    return str(hit.document if hit.part == "thesis" else hit.pasal)


def gold_documents(relevant: tuple[str, ...] | list[str]) -> str:
    """The document of a question's first relevant citation (its breakdown key)."""
    first = relevant[0] if relevant else ""
    return first.split(" Pasal ")[0].removeprefix("Penjelasan ")


def breakdown(report: dict[str, Any], by: str) -> dict[str, dict[str, dict[str, float]]]:
    """Metrics per style or per gold document, per mode: {key: {mode: {metric: mean}}}."""
    groups: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for row in report["questions"]:
        key = row.get("style") or "-" if by == "style" else gold_documents(row["relevant"])
        groups.setdefault(key, {}).setdefault(row["mode"], []).append(row)
    return {
        key: {
            mode: {m: sum(r[m] for r in rows) / len(rows) for m in METRICS} | {"n": len(rows)}
            for mode, rows in modes.items()
        }
        for key, modes in sorted(groups.items())
    }


def evaluate(
    base: Searcher,
    questions: list[Question],
    *,
    k: int = 10,
    modes: tuple[str, ...] = MODES,
    ablate: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Run every question in every mode, and in hybrid mode without each stage of
    ``ablate`` (reported as "-STAGE"); return averaged metrics and per-question ranks."""
    runs = [(mode, base, mode) for mode in modes]
    runs += [
        (f"-{stage}", base.with_config(base.config.without(stage)), "hybrid") for stage in ablate
    ]
    metrics: dict[str, dict[str, float]] = {}
    per_question: list[dict[str, Any]] = []
    for name, searcher, mode in runs:
        totals = {"hit@1": 0.0, "hit@5": 0.0, "mrr@10": 0.0, "recall@10": 0.0}
        for q in questions:
            hits = searcher.search(q.query, k=k, mode=mode)
            ranked = list(dict.fromkeys(answer_key(h) for h in hits))
            scores = score_ranking(ranked, q.relevant, k)
            for key, value in scores.items():
                totals[key] += value
            per_question.append(
                {
                    "id": q.id,
                    "mode": name,
                    "query": q.query,
                    "relevant": list(q.relevant),
                    "style": q.style,
                    "ranked": ranked,
                    **scores,
                }
            )
        metrics[name] = {key: value / len(questions) for key, value in totals.items()}
    return {"metrics": metrics, "questions": per_question}
