"""Load test: start `pmi-law serve` on a free loopback port and send a bounded burst of requests.

Mixed traffic (searches, provisions, definitions, document list) from N concurrent clients;
the run stops by itself after the requests are sent or the time cap passes, then prints
requests/s, p50, p95, max and errors (and writes them as JSON with --json OUT).

    python scripts/load_test.py [--requests 400] [--clients 24] [--cap 300] [--json OUT]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "majikan menahan paspor saya",
    "agen memotong gaji",
    "employer keeps my passport",
    "hak pekerja migran selama bekerja",
    "sanksi pidana penempatan tanpa izin",
    "biaya penempatan yang dibebankan",
    "jaminan sosial pekerja migran",
    "perdagangan orang eksploitasi",
    "UU 18/2017 Pasal 69",
    "perjanjian kerja harus memuat",
]
CITATIONS = [
    "UU 18/2017 Pasal 6",
    "uu ppmi pasal 8",
    "UU 18/2017 Pasal 30",
    "PP 59/2021 Pasal 3",
    "UU 21/2007 Pasal 2",
    "UU 18/2017 BAB V",
]
PAGES = ["UU 18/2017 Pasal 6", "UU 18/2017 Pasal 8", "UU 18/2017 BAB V", "PP 59/2021 Pasal 3"]
TERMS = ["SIP3MI", "P3MI", "Pemberi Kerja", "Pekerja Migran Indonesia", "Penempatan"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def plan(n: int, seed: int, *, unique: bool = False) -> list[str]:
    """n request paths: 50% search (API and page), 30% provision, 15% define, 5% documents.

    ``unique`` makes every search a new one (a number appended), so none comes from the
    server's cache of recent searches.
    """
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        r = rng.random()
        q = rng.choice(QUERIES) + (f" {i}" if unique else "")
        if r < 0.40:
            paths.append(f"/api/search?q={quote(q)}&k=10")
        elif r < 0.50:
            paths.append(f"/?q={quote(q)}")
        elif r < 0.70:
            paths.append("/api/provisions/" + quote(rng.choice(CITATIONS), safe=""))
        elif r < 0.80:
            paths.append("/ketentuan/" + quote(rng.choice(PAGES)))  # canonical: no redirect
        elif r < 0.95:
            paths.append(f"/api/define?term={quote(rng.choice(TERMS))}")
        else:
            paths.append("/api/documents")
    return paths


def wait_ready(port: int, proc: subprocess.Popen[bytes], limit: float) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"error: the server exited with code {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    sys.exit("error: the server did not answer in time")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--clients", type=int, default=24)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--cap", type=float, default=300, help="hard time cap for the burst (s)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--unique", action="store_true", help="no search repeats (no cache hits)")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    cmd = [sys.executable, "-m", "pmi_law.cli", "serve", "--port", str(port), "--no-access-log"]
    cmd += ["--workers", str(args.workers)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    try:
        started = time.monotonic()
        wait_ready(port, proc, limit=900)
        print(f"server ready in {time.monotonic() - started:.1f} s on port {port}", flush=True)
        figures = burst(
            port, plan(args.requests, args.seed, unique=args.unique), args.clients, args.cap
        )
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
    figures.update(
        clients=args.clients, workers=args.workers, cpus=os.cpu_count(), unique=args.unique
    )
    if figures["timed_out"]:
        print(f"time cap of {args.cap:.0f} s reached: {figures['done']} of {args.requests} sent")
    print(
        f"{figures['done']} requests ({figures['errors']} errors) from {args.clients} clients "
        f"in {figures['seconds']:.1f} s: {figures['rps']:.1f} requests/s, "
        f"p50 {figures['p50_ms']:.0f} ms, p95 {figures['p95_ms']:.0f} ms, max {figures['max_ms']:.0f} ms"
    )
    for kind, (count, p95) in figures["by_kind"].items():
        print(f"  {kind:<11} {count:>4} requests, p95 {p95:.0f} ms")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


def burst(port: int, paths: list[str], clients: int, cap: float) -> dict:
    lock = threading.Lock()
    latencies: list[tuple[str, float]] = []
    errors: list[str] = []
    deadline = time.monotonic() + cap
    local = threading.local()

    def one(path: str) -> None:
        if time.monotonic() > deadline:
            return
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        t0 = time.perf_counter()
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            ok = response.status == 200
            problem = f"{response.status} {path}"
        except OSError as exc:
            local.conn = None
            ok, problem = False, f"{type(exc).__name__} {path}"
        elapsed = time.perf_counter() - t0
        with lock:
            latencies.append((kind_of(path), elapsed))
            if not ok:
                errors.append(problem)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, paths))
    seconds = time.perf_counter() - start
    times = sorted(t for _, t in latencies)
    by_kind: dict[str, tuple[int, float]] = {}
    for kind in sorted({k for k, _ in latencies}):
        ts = sorted(t for k, t in latencies if k == kind)
        by_kind[kind] = (len(ts), 1000 * percentile(ts, 95))
    for problem in errors[:10]:
        print("  error:", problem)
    return {
        "requests": len(paths),
        "done": len(times),
        "errors": len(errors),
        "seconds": seconds,
        "rps": len(times) / seconds if seconds else 0.0,
        "p50_ms": 1000 * statistics.median(times) if times else 0.0,
        "p95_ms": 1000 * percentile(times, 95),
        "max_ms": 1000 * (times[-1] if times else 0.0),
        "by_kind": by_kind,
        "timed_out": len(times) < len(paths),
    }


def kind_of(path: str) -> str:
    if path.startswith("/api/"):
        return path[5:].split("?")[0].split("/")[0]
    return "page:" + (path[1:].split("/")[0].split("?")[0] or "search")


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return 0.0
    i = min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1)))
    return sorted_values[i]


if __name__ == "__main__":
    main()
