"""Whole-process timings of the commands a user waits for, measured from outside.

Each command runs as a fresh process (median of ``--runs``, after one unmeasured warm-up run
that also builds whatever is built on first use); the MCP figures start a fresh `pmi-law mcp`
server per run and time its first `get_provision` and its first `search` after the handshake.
Targets (issue 21): cold `show` and `define` <= 0.5 s, `check` <= 1.0 s, `search` no slower
than 0.79 s, MCP first get_provision <= 0.5 s and first search <= 1.5 s.

Usage: python scripts/bench_commands.py [--runs N] [--only NAME ...] [--no-mcp] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

COMMANDS: dict[str, list[str]] = {
    "help": ["--help"],
    "show": ["show", "UU 18/2017 Pasal 51"],
    "define": ["define", "SIP3MI"],
    "documents": ["documents"],
    "check": ["check"],
    "search": ["search", "majikan menahan paspor saya"],
}
MCP_CALLS: dict[str, tuple[str, dict[str, Any]]] = {
    "mcp_get_provision": ("get_provision", {"citation": "UU 18/2017 Pasal 51"}),
    "mcp_search": ("search", {"query": "majikan menahan paspor saya", "k": 5}),
}
TARGETS = {
    "show": 0.5,
    "define": 0.5,
    "check": 1.0,
    "search": 0.79,
    "mcp_get_provision": 0.5,
    "mcp_search": 1.5,
}


def _command() -> list[str]:
    exe = Path(sys.executable).with_name("pmi-law")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pmi_law.cli"]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_command(args: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``runs`` fresh processes (after one warm-up run, not counted).

    CPU time (user + system) is what the process itself spent: on a busy machine the wall
    time also holds the waits for a core, so CPU time is the closer guess at a quiet one.
    """
    out: list[float] = []
    cpu: list[float] = []
    for i in range(runs + 1):
        start, start_cpu = time.perf_counter(), _cpu()
        done = subprocess.run([*_command(), *args], capture_output=True, text=True)
        took, used = time.perf_counter() - start, _cpu() - start_cpu
        if done.returncode not in (0, 1):  # `check` exits 1 when a Pasal is lost without note
            raise SystemExit(f"pmi-law {' '.join(args)} failed:\n{done.stderr}")
        if i:
            out.append(took)
            cpu.append(used)
    return out, cpu


async def _mcp_first_call(tool: str, arguments: dict[str, Any]) -> float:
    from mcp import ClientSession, StdioServerParameters, stdio_client

    cmd = _command()
    params = StdioServerParameters(command=cmd[0], args=[*cmd[1:], "mcp"], env=dict(os.environ))
    with open(os.devnull, "w") as errlog:
        async with (
            stdio_client(params, errlog=errlog) as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            start = time.perf_counter()
            result = await session.call_tool(tool, arguments)
            took = time.perf_counter() - start
    if result.is_error:
        raise SystemExit(f"MCP {tool} failed: {result.content}")
    return took


def time_mcp(tool: str, arguments: dict[str, Any], runs: int) -> list[float]:
    """Seconds from request to answer of the first call to a freshly started server."""
    import anyio

    out = []
    for i in range(runs + 1):
        took = anyio.run(_mcp_first_call, tool, arguments)
        if i:
            out.append(took)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs per figure (>= 5)")
    parser.add_argument("--only", nargs="*", help="only these figures (e.g. show check)")
    parser.add_argument("--no-mcp", action="store_true", help="skip the MCP server figures")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    results: dict[str, Any] = {}
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)

    def report(name: str, values: list[float], cpu: list[float] | None = None) -> None:
        median = statistics.median(values)
        target = TARGETS.get(name)
        verdict = "" if target is None else (" ok" if median <= target else f" > {target} s")
        results[name] = {"median_s": round(median, 3), "runs_s": [round(v, 3) for v in values]}
        if target is not None:
            results[name]["target_s"] = target
        spread = f"{min(values):.2f}–{max(values):.2f}"
        used = ""
        if cpu:
            results[name]["cpu_median_s"] = round(statistics.median(cpu), 3)
            used = f", cpu {statistics.median(cpu):.2f} s"
        print(f"{name:<18} {median:6.2f} s  (runs {spread}{used}){verdict}", flush=True)

    wanted = set(args.only or [*COMMANDS, *MCP_CALLS])
    for name, cmd in COMMANDS.items():
        if name in wanted:
            report(name, *time_command(cmd, args.runs))
    if not args.no_mcp:
        for name, (tool, arguments) in MCP_CALLS.items():
            if name in wanted:
                report(name, time_mcp(tool, arguments, args.runs))
    results["load_average"] = [round(x, 1) for x in os.getloadavg()]
    print(f"load average after: {results['load_average'][0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
