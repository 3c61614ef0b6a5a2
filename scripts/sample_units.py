"""Print N random Pasal of a document as the tool shows them, each followed by the source's
lines for that Pasal (body and Penjelasan) and the lines of the law's other copy (the "twin",
e.g. ``pp-59-2021.galqa.txt``), so a reader can check every word against the source.

Usage:
  python scripts/sample_units.py "PP 59/2021" --n 20 --seed 1 [--json]
  python scripts/sample_units.py "UU 13/2003" --as-of 2021-01-01 --n 20 --seed 1
  python scripts/sample_units.py "PP 59/2021" --pasal 32 --pasal 86   # chosen Pasal

An amended law is sampled as in force on ``--as-of`` (default: today, i.e. the latest
version); a unit changed by an amending law also prints the amending law's source lines
for that change (located by the amending unit's words). The sample depends only on the
document's Pasal numbers and the seed, so a seed read once stays reproducible.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

from pmi_law.errors import PmiLawError
from pmi_law.library import Library
from pmi_law.models import Document, Node
from pmi_law.sources.clean import clean_text
from pmi_law.sources.headings import find_markers, pasal_key
from pmi_law.sources.penjelasan import split_penjelasan
from pmi_law.sources.provenance import found_text
from pmi_law.sources.repair import twin_files


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


_GAPS = (r"[\W^]*", r"(?:[\W^]+|[\W^][^\n]{0,80}?[\W^])")


def _anchors(raw: str, piece: str, pos: int, *, end: bool = False) -> list[int]:
    """Where a piece of the cleaned text may start (or, ``end``, end) in the raw file, from
    ``pos`` on: its first (last) words in order, with anything cleaning removed (furniture,
    carets) allowed between them. Fewer words are tried when OCR noise breaks the match, but
    the anchor word (the piece's first, or last) is always kept."""
    words = _words(piece)
    words = words[-8:] if end else words[:8]
    # the end lies within a few times the piece's length; the start anywhere after pos
    window = raw[pos : pos + max(4000, 3 * len(piece))] if end else raw[pos:]
    while len(words) >= 2:
        for gap in _GAPS:
            found = [
                pos + (m.end() if end else m.start())
                for m in re.finditer(gap.join(re.escape(w) for w in words), window)
            ]
            if found:
                return found
        words = words[1:] if end else words[:-1]
    return []


def _raw_span(raw: str, piece: str, pos: int = 0) -> tuple[int, int] | None:
    """The raw span of a piece of cleaned text: the first start whose end follows nearby."""
    for start in _anchors(raw, piece, pos)[:50]:
        ends = _anchors(raw, piece, start, end=True)
        if ends:
            return start, ends[0]
    return None


def _line_span(raw: str, start: int, end: int) -> str:
    """The raw text ``start:end``, extended to whole lines when the lines are short (a copy
    one unit a line); long OCR lines are cut at the unit's own words."""
    lo = raw.rfind("\n", 0, start) + 1
    hi = raw.find("\n", end)
    hi = len(raw) if hi == -1 else hi
    if start - lo > 200:
        lo = start
    if hi - end > 200:
        hi = end
    return raw[lo:hi]


class SourceFile:
    """One source file, cut into Pasal (body) and Penjelasan entries by the parser's own
    heading finder run on the cleaned text, before any repair."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.raw = path.read_text(encoding="utf-8")
        self.cleaned = clean_text(self.raw)
        first = re.search(r"(?m)^\s*(?:BAB\s+[I1l]\b|Pasal\s+[1lI]\b)", self.cleaned)
        start = first.start() if first else 0
        cut = split_penjelasan(self.cleaned, start)
        self.body_end = len(self.cleaned) if cut is None else cut
        self.body = self._heads(find_markers(self.cleaned[: self.body_end]), 0)
        self.penjelasan: list[tuple[str, int]] = []
        if cut is not None:
            marks = find_markers(self.cleaned[cut:], elucidation=True)
            self.penjelasan = self._heads(marks, cut)

    @staticmethod
    def _heads(markers: list[Any], offset: int) -> list[tuple[str, int]]:
        return [(m.number, m.start + offset) for m in markers if m.kind == "pasal"]

    def segment(self, number: str, *, elucidation: bool = False) -> tuple[str, str]:
        """The raw lines of Pasal ``number`` (or its Penjelasan entry) and a remark when the
        heading was not found (then the neighbours' span is shown)."""
        heads = self.penjelasan if elucidation else self.body
        limit = len(self.cleaned) if elucidation else self.body_end
        if not heads:
            return "", "no Pasal headings found"
        key = pasal_key(number)
        at = [i for i, (n, _) in enumerate(heads) if n == number]
        remark = ""
        if at:
            i = at[0]
            lo = heads[i][1]
            hi = heads[i + 1][1] if i + 1 < len(heads) else limit
        else:
            before = [p for n, p in heads if pasal_key(n) < key]
            after = [p for n, p in heads if pasal_key(n) > key]
            if elucidation and not before and not after:
                return "", "no Penjelasan entry found"
            lo = before[-1] if before else (heads[0][1] if elucidation else 0)
            hi = after[0] if after else limit
            remark = f"heading of Pasal {number} not found: showing the span between its neighbours"
        return self._raw_lines(lo, hi), remark

    def _raw_lines(self, lo: int, hi: int) -> str:
        piece = self.cleaned[lo:hi]
        # search from about where the piece lies (cleaning only removes text)
        span = _raw_span(self.raw, piece, max(0, lo - 200)) or _raw_span(self.raw, piece)
        if span is None:
            return piece  # cleaned text, as the parser reads it
        return _line_span(self.raw, *span)


class TwinFile:
    """A second transcription laid out one unit a line (``*.galqa.txt``): Pasal by heading."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines = path.read_text(encoding="utf-8").splitlines()

    def segment(self, number: str) -> str:
        out: list[str] = []
        inside = False
        for line in self.lines:
            m = re.fullmatch(r"\s*Pasal\s+(\d+[A-Z]?)\s*", line)
            if m:
                if inside:
                    break
                inside = m.group(1) == number
            elif inside and re.match(r"\s*BAB\s+[IVXLC]+\b", line):
                break
            if inside:
                out.append(line)
        return "\n".join(out)


def _twin(path: Path) -> TwinFile | SourceFile:
    text = path.read_text(encoding="utf-8")
    if re.search(r"(?m)^Pasal \d+\s*$", text) and "galqa" in path.name:
        return TwinFile(path)
    return SourceFile(path)


def unit_lines(node: Node) -> list[str]:
    """Every ayat/huruf/angka of a Pasal as the tool shows it, with its Penjelasan and notes."""
    out = [node.full_text() or "(no text)"]
    for n in node.walk():
        if n.notes:
            out.append(f"  NOTE {n.label}: " + "; ".join(n.notes))
    for n in node.walk():
        if n.elucidation:
            out.append(f"  PENJELASAN {n.label}: {n.elucidation}")
    return out


def _pasal_list(doc: Document) -> list[Node]:
    seen: dict[str, Node] = {}
    for n in doc.nodes("pasal"):
        seen.setdefault(n.number, n)
    return sorted(seen.values(), key=lambda n: pasal_key(n.number))


def sample(
    lib: Library, citation: str, n: int, seed: int, as_of: str | None, chosen: list[str]
) -> list[dict[str, Any]]:
    doc = lib.document(citation, as_of)
    base = lib.base_document(citation)
    pasals = _pasal_list(doc)
    if chosen:
        picked = [p for p in pasals if p.number in chosen]
    else:
        rng = random.Random(seed)
        picked = sorted(rng.sample(pasals, min(n, len(pasals))), key=lambda p: pasal_key(p.number))
    src_path = base.info.source
    source = SourceFile(src_path) if src_path else None
    twins = [_twin(p) for p in twin_files(src_path)] if src_path else []
    rows = []
    for p in picked:
        node = lib.get(p.citation, as_of)
        data = lib.provenance(node)
        row: dict[str, Any] = {
            "citation": node.citation,
            "bab": " / ".join(
                f"{a.kind.upper() if a.kind == 'bab' else a.kind.title()} {a.number}"
                + (f" {a.heading}" if a.heading else "")
                for a in _ancestors(node)
            ),
            "shown": unit_lines(node),
            "tree": node.to_dict(),
            "repair_note": data["repair_note"],
            "repairs": data["ocr_repairs"],
            "source_marked": data["source_marked"],
            "versions": [
                {"from": str(v.valid_from), "by": v.by, "change": v.change}
                for v in lib.versions(node)
            ],
        }
        if source is not None:
            body, remark = source.segment(p.number)
            pen, pen_remark = source.segment(p.number, elucidation=True)
            row["source"] = {
                "file": source.path.name,
                "body": body,
                "body_remark": remark,
                "penjelasan": pen,
                "penjelasan_remark": pen_remark,
            }
        row["twins"] = []
        for t in twins:
            seg = t.segment(p.number) if isinstance(t, TwinFile) else t.segment(p.number)[0]
            row["twins"].append({"file": t.path.name, "body": seg})
        row["amending_source"] = _amending_source(lib, node, as_of)
        rows.append(row)
    return rows


def _ancestors(node: Node) -> list[Node]:
    out = []
    parent = node.parent
    while parent is not None:
        out.append(parent)
        parent = parent.parent
    return list(reversed(out))


def _amending_source(lib: Library, node: Node, as_of: str | None) -> dict[str, str] | None:
    """The amending law's raw lines for the change shown (its unit's words located in its
    source file), or None for a unit in its original wording."""
    from pmi_law.status import version_at

    versions = lib.versions(node)
    shown = version_at(versions, None if as_of is None else _date(as_of))
    if shown is None or not shown.by:
        return None
    try:
        by = lib.get(shown.by)
    except PmiLawError as exc:  # a reading aid: say why and go on
        return {"by": shown.by, "file": "", "lines": f"(amending unit not found: {exc})"}
    path = by.document.info.source if by.document else None
    if path is None:
        return {"by": shown.by, "file": "", "lines": "(no source file)"}
    raw = path.read_text(encoding="utf-8")
    text = found_text(by)
    span = _raw_span(raw, text)
    if span is None:
        return {"by": shown.by, "file": path.name, "lines": "(words not located in the source)"}
    return {"by": shown.by, "file": path.name, "lines": _line_span(raw, *span)}


def _date(s: str) -> Any:
    from datetime import date

    return date.fromisoformat(s)


def print_text(rows: list[dict[str, Any]], header: str) -> None:
    print(header)
    for row in rows:
        print("=" * 100)
        print(f"## {row['citation']}   [{row['bab']}]")
        if len(row["versions"]) > 1:
            for v in row["versions"]:
                print(f"   version from {v['from']}: {v['change']} {v['by'] or ''}")
        print("-- shown by the tool " + "-" * 79)
        print("\n".join(row["shown"]))
        if row["repair_note"]:
            print(f"  OCR: {row['repair_note']}")
            for r in row["repairs"]:
                print(
                    f"   repair {r['unit']}: {r['original']!r} -> {r['repaired']!r} ({r['rule']})"
                )
        src = row.get("source")
        if src:
            print(f"-- source {src['file']} " + "-" * 60)
            if src["body_remark"]:
                print(f"  ({src['body_remark']})")
            print(src["body"])
            if src["penjelasan"] or src["penjelasan_remark"]:
                print(f"-- source Penjelasan ({src['penjelasan_remark'] or 'entry'})")
                print(src["penjelasan"])
        for t in row["twins"]:
            print(f"-- twin {t['file']} " + "-" * 60)
            print(t["body"] or "(not found in the twin)")
        am = row.get("amending_source")
        if am:
            print(f"-- amending source {am['by']} ({am['file']}) " + "-" * 30)
            print(am["lines"])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog="Amended laws: --as-of YYYY-MM-DD samples the version in force on that date "
        "(default: the latest); changed units also print the amending law's source lines.",
    )
    ap.add_argument("document", help='e.g. "PP 59/2021", "UU 13/2003"')
    ap.add_argument("--n", type=int, default=20, help="how many Pasal (default 20)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--as-of", dest="as_of", help="the version in force on this date")
    ap.add_argument("--pasal", action="append", default=[], help="show this Pasal (repeatable)")
    ap.add_argument("--json", action="store_true", help="print JSON")
    args = ap.parse_args(argv)
    lib = Library.open()
    rows = sample(lib, args.document, args.n, args.seed, args.as_of, args.pasal)
    if args.json:
        json.dump(
            {"document": args.document, "seed": args.seed, "as_of": args.as_of, "sample": rows},
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
        return
    header = f"# {args.document} seed={args.seed} n={len(rows)} as_of={args.as_of or 'latest'}"
    print_text(rows, header)


if __name__ == "__main__":
    main()
