"""Print what applying the amendments costs and finds: parse time of each amended law and
its amending laws, states, versions and problems (no assertions: figures only)."""

from __future__ import annotations

import time

from pmi_law import Library


def main() -> None:
    lib = Library.open()
    for citation, entry in lib.entries.items():
        if not entry.amended_by:
            continue
        start = time.perf_counter()
        timeline = lib.timeline(citation)
        seconds = time.perf_counter() - start
        latest = timeline.latest
        changed = [p.label for p in latest.nodes("pasal") if len(lib.versions(p)) > 1]
        print(f"{citation}: {len(timeline.states)} states, built in {seconds:.1f} s")
        print(f"  Pasal with more than one version: {len(changed)}")
        print(f"  amending Pasal not in the corpus: {', '.join(timeline.missing) or 'none'}")
        for problem in timeline.problems:
            print(f"  problem: {problem}")
    uu11 = lib.document("UU 11/2020")
    print(f"UU 11/2020: {len(uu11.nodes('pasal'))} Pasal of its own")


if __name__ == "__main__":
    main()
