"""The exceptions pmi_law raises: one base class, each subclass one kind of failure.

The CLI maps every :class:`PmiLawError` to one line on stderr and exit code 1, so the
message must say what was expected and what was found, without a traceback.
"""

from __future__ import annotations


class PmiLawError(Exception):
    """Base class of every error pmi_law raises on purpose."""


class ParseError(PmiLawError):
    """A source file could not be read as a statute or thesis."""


class EmptyDocument(ParseError):
    """The source file holds no text."""


class BinaryFile(ParseError):
    """The source file is not text (and not a PDF)."""


class UnreadablePdf(ParseError):
    """A PDF whose text cannot be extracted."""


class ScannedPdf(UnreadablePdf):
    """A PDF with no text layer (a scan): it needs OCR first."""


class EncryptedPdf(UnreadablePdf):
    """A PDF that is encrypted and cannot be opened without a password."""


class CitationError(PmiLawError):
    """A citation string could not be understood."""


class UnknownCitation(PmiLawError):
    """A well-formed citation that names no unit of the corpus."""


class NotInCorpus(UnknownCitation):
    """A unit the law may well have, but whose text the corpus does not hold (an excerpt, an
    amending Pasal missing from the corpus, text lost in OCR): not the same as "no such unit"."""


class UnknownDocument(UnknownCitation):
    """A document citation ("UU 99/1999") that names no document of the corpus."""


class CorpusNotFound(PmiLawError):
    """A corpus file or folder is missing from the search path."""


class ModelError(PmiLawError):
    """The embedding model could not be built, found or loaded."""


class SearchIndexError(PmiLawError):
    """The search index on disk cannot be used."""


class IndexStale(SearchIndexError):
    """The index on disk was built from another corpus, model or schema."""


class QueryError(PmiLawError):
    """A search query that cannot be run (empty, only punctuation, ...)."""


class OcrUnavailable(PmiLawError):
    """Tesseract (or its Indonesian language data) is not installed: scans cannot be read."""


class NotARegulation(ParseError):
    """A file that holds no regulation: no title block or no Pasal (OCR of photos, a letter)."""


class DocumentTooLarge(ParseError):
    """A file over the page or size limit of user documents."""


class DocumentConflict(PmiLawError):
    """A user document that is already in the library (same file) or takes a corpus
    document's number without being marked as its replacement."""


class UserLibraryError(PmiLawError):
    """The user library folder cannot be read or written."""
