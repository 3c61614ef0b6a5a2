"""pmi_law: research Indonesian law on the protection of migrant workers (UU 18/2017 and related).

The public API is small and stable::

    import pmi_law
    lib = pmi_law.Library.open()
    lib.get("UU 18/2017 Pasal 6 ayat (1) huruf j")
    lib.define("SIP3MI")
    lib.search("majikan menahan paspor saya", k=10)
    pmi_law.parse_document("uu-18-2017.txt")
"""

from typing import TYPE_CHECKING, Any

from .citations import Citation
from .errors import (
    CitationError,
    CorpusNotFound,
    EmptyDocument,
    EncryptedPdf,
    IndexStale,
    ModelError,
    ParseError,
    PmiLawError,
    QueryError,
    ScannedPdf,
    UnknownCitation,
    UnreadablePdf,
)
from .library import Library
from .models import Definition, Document, Node, Reference
from .retrieval.hits import Hit, IssueAnswer

if TYPE_CHECKING:
    from .sources.parse import parse_document


def __getattr__(name: str) -> Any:
    """``parse_document`` loads on first use: the parser's patterns cost a fresh
    `pmi-law show` or `--help` more than it spends on its answer."""
    if name == "parse_document":
        from .sources.parse import parse_document

        return parse_document
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Citation",
    "CitationError",
    "CorpusNotFound",
    "Definition",
    "Document",
    "EmptyDocument",
    "EncryptedPdf",
    "Hit",
    "IndexStale",
    "IssueAnswer",
    "Library",
    "ModelError",
    "Node",
    "ParseError",
    "PmiLawError",
    "QueryError",
    "Reference",
    "ScannedPdf",
    "UnknownCitation",
    "UnreadablePdf",
    "parse_document",
]
__version__ = "0.1.0"
