"""The user library: regulations a user adds (`pmi-law add`), searched with the corpus.

A folder (``$PMI_LAW_LIBRARY_DIR``, else the platform's user data folder) holding, per
document, a copy of the file as given, the text read from it (OCR for a scan) and its
metadata, plus one registry (``library.json``) that says which documents are in. The
registry is the commit point: it is replaced atomically and only after the search index
has been updated, so a killed `add` leaves the registry and the index as they were (an
unregistered document folder is removed by the next add or remove).

The index is updated, not rebuilt: embedding is what costs minutes, so every vector of the
old index is reused and only the new document's passages are encoded; the BM25 part (whose
statistics change with every document, so rows cannot simply be appended) and the extras
are recomputed from the passages, which takes seconds. The result is the index a full
rebuild would give (same passages in the same order, same vectors up to float rounding).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DocumentConflict, IndexStale, UnknownCitation, UserLibraryError
from .processes import exclusive, pid_alive
from .sources.corpus import ManifestEntry

if TYPE_CHECKING:
    import numpy as np

    from .library import Library
    from .models import Document
    from .sources.check import DocumentCheck
    from .sources.intake import Intake

ENV_LIBRARY_DIR = "PMI_LAW_LIBRARY_DIR"
#: Embedded units above which a document gets one vector a Pasal (BM25 still reads every unit):
#: embedding is what `add` waits for (about 2.5-15 units a second on two cores), and a 30-page
#: regulation has some 700 units but only tens to a couple of hundred Pasal.
DENSE_UNIT_LIMIT = 200
REGISTRY = "library.json"
LOCK = ".lock"
DOCUMENTS = "documents"
SCHEMA = 1


def default_library_dir() -> Path:
    """$PMI_LAW_LIBRARY_DIR, else ``library`` in the platform's user data folder."""
    env = os.environ.get(ENV_LIBRARY_DIR, "").strip()
    if env:
        return Path(env).expanduser().resolve()
    import platformdirs

    return (Path(platformdirs.user_data_dir("pmi-law", appauthor=False)) / "library").resolve()


@dataclass(frozen=True, slots=True)
class UserRecord:
    """One added document as the registry lists it."""

    citation: str
    type: str
    number: str
    year: str
    title: str
    date: str | None
    folder: str  # inside documents/
    original: str  # the copy of the file as given
    source_name: str  # the file's name when added
    sha256: str  # of the file as given: the same file twice is recognised
    added: str  # ISO date and time
    pages: int = 0
    ocr_pages: int = 0
    replaces: bool = False  # takes the place of the corpus document of the same number
    dense: str = "unit"  # "pasal" for a long document: one vector a Pasal (see DENSE_UNIT_LIMIT)

    @property
    def origin(self) -> str:
        how = f", OCR {self.ocr_pages} hlm." if self.ocr_pages else ""
        return f"{self.source_name} (ditambahkan {self.added[:10]}{how})"


def read_records(folder: Path | None) -> list[UserRecord]:
    """The registry's documents, in the order added (none when there is no registry)."""
    if folder is None:
        return []
    path = folder / REGISTRY
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise UserLibraryError(f"the user library registry {path} cannot be read ({exc})") from None
    try:
        if data.get("schema") != SCHEMA:
            raise UserLibraryError(f"{path} has schema {data.get('schema')}, expected {SCHEMA}")
        return [UserRecord(**row) for row in data["documents"]]
    except (AttributeError, KeyError, TypeError) as exc:
        raise UserLibraryError(f"the user library registry {path} is damaged ({exc})") from None


def write_records(folder: Path, records: Sequence[UserRecord]) -> None:
    """Replace the registry atomically (write a sibling, fsync, rename)."""
    data = {"schema": SCHEMA, "documents": [dataclasses.asdict(r) for r in records]}
    tmp = folder / f".{REGISTRY}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(data, ensure_ascii=False, indent=1))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, folder / REGISTRY)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserLibraryError(f"cannot write {folder / REGISTRY}: {exc.strerror or exc}") from None


def record_entry(record: UserRecord, folder: Path, base: ManifestEntry | None) -> ManifestEntry:
    """The manifest entry of a user document; a replacement keeps the corpus entry's
    relations (amendments, aliases, status) with the user's text."""
    file = str(folder / DOCUMENTS / record.folder / "text.txt")
    if base is not None and record.replaces:
        return dataclasses.replace(
            base,
            title=record.title or base.title,
            file=file,
            alternates=(),
            excerpt=(),
            date=record.date or base.date,
            date_unverified=False if record.date else base.date_unverified,
            dense=record.dense,
            origin=record.origin,
        )
    return ManifestEntry(
        citation=record.citation,
        type=record.type,
        number=record.number,
        year=record.year,
        title=record.title,
        file=file,
        date=record.date,
        dense=record.dense,
        origin=record.origin,
    )


def merge_entries(
    corpus: Sequence[ManifestEntry], records: Sequence[UserRecord], folder: Path | None
) -> list[ManifestEntry]:
    """The corpus with the user's documents: a replacement in its corpus place, others after."""
    out = list(corpus)
    place = {e.citation: i for i, e in enumerate(out)}
    for record in records:
        assert folder is not None
        i = place.get(record.citation)
        if i is not None and record.replaces:
            out[i] = record_entry(record, folder, out[i])
        elif i is None:
            place[record.citation] = len(out)
            out.append(record_entry(record, folder, None))
    return out


def parse_entry(entry: ManifestEntry) -> Document:
    """A user document's tree from its stored text: clean → repair → parse (as at `add`)."""
    from .sources.intake import parse_user_text
    from .sources.reader import read_source

    path = entry.path()
    return parse_user_text(read_source(path), entry.info(path), source=path)


# ---------------------------------------------------------------------------- the index


@dataclass(frozen=True, slots=True)
class IndexUpdate:
    """What happened to the search index."""

    folder: Path
    updated: bool
    encoded: int = 0  # passages embedded now
    reused: int = 0  # vectors taken from the old index
    passages: int = 0
    seconds: float = 0.0
    reason: str = ""  # why it was not updated

    def describe(self) -> str:
        if not self.updated:
            return f"index not updated ({self.reason}); the next search builds it"
        return (
            f"index updated in {self.seconds:.1f} s: {self.passages} units, "
            f"{self.encoded} new vectors embedded, {self.reused} reused"
        )


def _old_vectors(index: Any) -> dict[str, np.ndarray]:
    """The old index's vectors by the text they embed (passage order kept)."""
    import faiss

    dense = index.dense.index
    ids = faiss.vector_to_array(dense.id_map)
    vectors = dense.index.reconstruct_n(0, dense.ntotal)
    return {index.passages[int(i)].embed_text: vectors[row] for row, i in enumerate(ids)}


def update_index(
    old: Library, new: Library, *, progress: Callable[[str], None] | None = None
) -> IndexUpdate:
    """Give ``new``'s index folder the index of ``new``, reusing ``old``'s vectors.

    Only when the folder holds the index of ``old`` (same corpus, model and schema): a
    missing or stale index is left for the next search to build in full.
    """
    from .retrieval.index import load_index
    from .retrieval.model import resolve_model_path
    from .retrieval.search import index_identity

    started = time.perf_counter()
    folder = new.index_dir
    model_path = resolve_model_path(progress=progress)
    identity = index_identity(model_path)
    try:
        current = old.loaded_index()
        if current is None or current.manifest.corpus_hash != old.corpus_hash():
            current = load_index(folder, model=identity, corpus_hash=old.corpus_hash())
    except IndexStale as exc:
        return IndexUpdate(folder, False, reason=str(exc))
    encoder = _reusing_encoder(model_path, _old_vectors(current))
    new.rebuild_index(
        encoder=encoder,
        progress=progress,
        analyzer_class=_analyzer_knowing(old_terms(current)),
    )
    return IndexUpdate(
        folder,
        True,
        encoder.encoded,
        encoder.reused,
        current.manifest.passages,
        time.perf_counter() - started,
    )


def old_terms(index: Any) -> dict[str, list[str]]:
    """The index terms of the old index's passages (by the text analysed), read back from
    its BM25 matrix: analysing every passage again is most of an update's time otherwise.

    Lucene BM25 stores w = idf(t) · tf / (tf + K_d), K_d = k1 · (1 − b + b · len_d / avg).
    With idf from the column's document frequency, r = w / idf gives K_d / tf = (1 − r) / r;
    its largest value in a row is K_d (a term seen once), so every tf follows. The lengths
    they sum to are checked against K_d; any doubt (a row with no term seen once, another
    BM25 variant) returns {} and the texts are analysed as in a full build. Term order is
    lost, which BM25 does not use. An index whose statistics are its leading documents'
    (``stats_docs``: earlier wordings of amended laws follow) reads the same way, with idf
    from the leading documents' frequencies (a term only the others hold: theirs).
    """
    import numpy as np

    lexical = index.lexical
    params = lexical.params
    if params.get("method") != "lucene":
        return {}
    k1, b, avg = float(params["k1"]), float(params["b"]), float(params["avg_doc_len"])
    n = lexical.num_docs
    if n != len(index.passages) or b <= 0 or avg <= 0:
        return {}
    indptr = np.asarray(lexical._indptr, dtype=np.int64)
    rows = np.asarray(lexical._indices, dtype=np.int64)
    data = np.asarray(lexical._data, dtype=np.float64)
    df = np.diff(indptr)
    cols = np.repeat(np.arange(len(df)), df)
    leading = lexical.stats_docs
    if leading != n:  # the leading documents' frequencies, else the others'
        seen = np.bincount(cols[rows < leading], minlength=len(df))
        df = np.where(seen > 0, seen, df)
    idf = np.log(1 + (leading - df + 0.5) / (df + 0.5)).astype(np.float32).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = data / idf[cols]
    if len(r) and not bool(np.all((r > 0) & (r < 1))):
        return {}
    per_tf = (1 - r) / r  # K_d / tf
    k = np.zeros(n)
    np.maximum.at(k, rows, per_tf)
    ratio = k[rows] / per_tf
    tf = np.rint(ratio)
    if len(tf) and (bool(np.any(np.abs(ratio - tf) > 1e-2)) or tf.min() < 1):
        return {}
    length = np.bincount(rows, weights=tf, minlength=n)
    has = np.bincount(rows, minlength=n) > 0
    expected = avg * (k / k1 - (1 - b)) / b
    if bool(np.any(np.abs(length[has] - expected[has]) > 0.05 + 1e-3 * length[has])):
        return {}
    vocabulary = lexical._vocabulary  # every column's term, the earlier wordings' too
    terms: list[list[str]] = [[] for _ in range(n)]
    for row, col, count in zip(rows.tolist(), cols.tolist(), tf.astype(int).tolist(), strict=True):
        terms[row].extend([vocabulary[col]] * count)
    return {
        p.embed_text if p.lexical else "": found
        for p, found in zip(index.passages, terms, strict=True)
    }


def _analyzer_knowing(known: dict[str, list[str]]) -> type[Any]:
    """An Analyzer that answers the texts of ``known`` from it (the same fingerprint)."""
    from .retrieval.lexical import Analyzer

    class KnowingAnalyzer(Analyzer):
        def terms(self, text: str) -> list[str]:
            found = known.get(text)
            return list(found) if found is not None else super().terms(text)

    return KnowingAnalyzer


def _reusing_encoder(model_path: Path, known: dict[str, np.ndarray]) -> Any:
    """An Encoder that embeds only the texts it has no vector for (the old index's are known)."""
    from .retrieval.encoder import Encoder

    class ReusingEncoder(Encoder):
        encoded = 0
        reused = 0

        def encode_documents(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
            import numpy as np

            missing = [t for t in dict.fromkeys(texts) if t not in known]
            if missing:
                vectors = super().encode_documents(missing, show_progress=show_progress)
                known.update(zip(missing, vectors, strict=True))
            self.encoded += len(missing)
            self.reused += len(texts) - len(missing)
            return np.stack([known[t] for t in texts]).astype(np.float32)

    return ReusingEncoder(model_path)


# ---------------------------------------------------------------------------- add, remove


@dataclass(frozen=True, slots=True)
class AddResult:
    """What `add` did, for the user: the document, its check figures, the index."""

    citation: str
    title: str
    date: str | None
    pages: int
    ocr_pages: int
    ocr_seconds: float
    replaced: bool
    check: DocumentCheck
    index: IndexUpdate
    folder: Path
    seconds: float
    references: tuple[str, ...]  # units of other documents it cites (resolved)

    def to_dict(self) -> dict[str, Any]:
        return {
            "citation": self.citation,
            "title": self.title,
            "date": self.date,
            "pages": self.pages,
            "ocr_pages": self.ocr_pages,
            "ocr_seconds": round(self.ocr_seconds, 2),
            "replaced": self.replaced,
            "check": self.check.to_dict(),
            "index": self.index.describe(),
            "folder": str(self.folder),
            "seconds": round(self.seconds, 2),
            "references": list(self.references),
        }


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One add or remove at a time per user library (another waits): each reads the registry
    and the index the previous one left."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / LOCK, "a+b")  # noqa: SIM115 (held for the whole block)
    except OSError as exc:
        raise UserLibraryError(
            f"cannot write to the user library {folder}: {exc.strerror or exc} "
            f"(set {ENV_LIBRARY_DIR} to a writable folder)"
        ) from None
    try:
        with exclusive(handle):
            yield
    finally:
        handle.close()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "dokumen"


def _require_folder(lib: Library) -> Path:
    if lib.user_dir is None:
        raise UserLibraryError(
            "this library has no user library folder (open the default corpus, "
            f"or set {ENV_LIBRARY_DIR})"
        )
    return lib.user_dir


def _remove_orphans(folder: Path, records: Sequence[UserRecord]) -> None:
    """Document folders no registry entry names (left by a killed add) and stale staging."""
    keep = {r.folder for r in records}
    docs = folder / DOCUMENTS
    if docs.is_dir():
        for path in docs.iterdir():
            if path.is_dir() and path.name not in keep and not path.name.startswith("."):
                owner = re.search(r"--(\d+)$", path.name)
                if owner and int(owner.group(1)) != os.getpid() and pid_alive(int(owner.group(1))):
                    continue  # another add is writing it
                shutil.rmtree(path, ignore_errors=True)
    for path in folder.glob(f".{REGISTRY}.tmp-*"):
        m = re.match(rf"\.{re.escape(REGISTRY)}\.tmp-(\d+)-", path.name)
        if m and not pid_alive(int(m.group(1))):
            path.unlink(missing_ok=True)


def add_document(
    lib: Library,
    path: Path,
    *,
    type: str | None = None,
    number: str | None = None,
    year: str | None = None,
    title: str | None = None,
    date: str | None = None,
    replace: bool = False,
    source_name: str | None = None,
    pages_progress: Callable[[int, int], None] | None = None,
    progress: Callable[[str], None] | None = None,
) -> tuple[AddResult, list[UserRecord]]:
    """Read, check and store a user's regulation and update the index; the new registry."""
    from .sources.intake import read_user_file

    started = time.perf_counter()
    folder = _require_folder(lib)
    path = Path(path)
    intake = read_user_file(
        path, type=type, number=number, year=year, title=title, date=date, progress=pages_progress
    )
    with _locked(folder):
        return _add(lib, folder, path, intake, replace, source_name, progress, started)


def _add(
    lib: Library,
    folder: Path,
    path: Path,
    intake: Intake,
    replace: bool,
    source_name: str | None,
    progress: Callable[[str], None] | None,
    started: float,
) -> tuple[AddResult, list[UserRecord]]:
    from .retrieval.passages import document_passages
    from .sources.check import check_document

    records = read_records(folder)
    current = lib.with_user_records(records)  # as another process may have left it
    citation = intake.info.citation
    for r in records:
        if r.sha256 == intake.sha256:
            raise DocumentConflict(f"{path} was already added as {r.citation} on {r.added[:10]}")
    previous = next((r for r in records if r.citation == citation), None)
    in_corpus = citation in lib.corpus_entries
    if (in_corpus or previous is not None) and not replace:
        where = (
            "in the corpus" if previous is None else f"already added (from {previous.source_name})"
        )
        raise DocumentConflict(
            f"{citation} is {where}; add with --replace to use this file instead"
        )
    units = sum(1 for p in document_passages(intake.document) if p.dense)
    name = source_name or path.name
    doc_folder = f"{_slug(citation)}-{intake.sha256[:10]}--{os.getpid()}"
    record = UserRecord(
        citation=citation,
        type=intake.info.type,
        number=intake.info.number,
        year=intake.info.year,
        title=intake.info.title,
        date=intake.date,
        folder=doc_folder,
        original="original" + (path.suffix.lower() or ".txt"),
        source_name=Path(name).name,
        sha256=intake.sha256,
        added=time.strftime("%Y-%m-%dT%H:%M:%S"),
        pages=intake.extracted.pages,
        ocr_pages=intake.extracted.ocr_pages,
        replaces=in_corpus,
        dense="pasal" if units > DENSE_UNIT_LIMIT else "unit",
    )
    _remove_orphans(folder, records)
    _write_document(folder, record, path.read_bytes(), intake.extracted.text)
    new_records = [r for r in records if r.citation != citation] + [record]
    try:
        new = lib.with_user_records(new_records)
        if progress:
            progress("updating the search index")
        update = update_index(current, new, progress=progress)
        write_records(folder, new_records)  # the commit point
    except BaseException:
        shutil.rmtree(folder / DOCUMENTS / doc_folder, ignore_errors=True)
        raise
    if previous is not None:
        shutil.rmtree(folder / DOCUMENTS / previous.folder, ignore_errors=True)
    doc = new.base_document(citation)
    result = AddResult(
        citation=citation,
        title=record.title,
        date=record.date,
        pages=record.pages,
        ocr_pages=record.ocr_pages,
        ocr_seconds=intake.extracted.ocr_seconds,
        replaced=in_corpus or previous is not None,
        check=check_document(doc, record.source_name),
        index=update,
        folder=folder / DOCUMENTS / doc_folder,
        seconds=time.perf_counter() - started,
        references=tuple(dict.fromkeys(r.target for r in doc.external_references)),
    )
    return result, new_records


def _write_document(folder: Path, record: UserRecord, original: bytes, text: str) -> None:
    """The document's folder, complete or not at all (staged, then renamed into place)."""
    docs = folder / DOCUMENTS
    staging = docs / f".staging-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        staging.mkdir(parents=True)
        (staging / record.original).write_bytes(original)
        (staging / "text.txt").write_text(text, encoding="utf-8")
        (staging / "meta.json").write_text(
            json.dumps(dataclasses.asdict(record), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        target = docs / record.folder
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise UserLibraryError(
            f"cannot write to the user library {folder}: {exc.strerror or exc} "
            f"(set {ENV_LIBRARY_DIR} to a writable folder)"
        ) from None


@dataclass(frozen=True, slots=True)
class RemoveResult:
    citation: str
    restored: bool  # the corpus document it replaced is back
    index: IndexUpdate


def remove_document(
    lib: Library, citation: str, *, progress: Callable[[str], None] | None = None
) -> tuple[RemoveResult, list[UserRecord]]:
    """Take a user document out of the library and the index; the new registry."""
    folder = _require_folder(lib)
    with _locked(folder):
        return _remove(lib, folder, citation, progress)


def _remove(
    lib: Library, folder: Path, citation: str, progress: Callable[[str], None] | None
) -> tuple[RemoveResult, list[UserRecord]]:
    records = read_records(folder)
    current = lib.with_user_records(records)  # as another process may have left it
    wanted = citation.strip()
    if wanted not in {r.citation for r in records}:
        wanted = lib.parse_citation(citation).document or wanted
    record = next((r for r in records if r.citation == wanted), None)
    if record is None:
        if wanted in lib.corpus_entries:
            raise DocumentConflict(
                f"{wanted} is part of the corpus, not a user document; only added documents can be removed"
            )
        added = ", ".join(r.citation for r in records) or "none"
        raise UnknownCitation(f"no user document {citation!r} (added: {added})")
    _remove_orphans(folder, records)
    new_records = [r for r in records if r is not record]
    new = lib.with_user_records(new_records)
    update = update_index(current, new, progress=progress)
    write_records(folder, new_records)
    shutil.rmtree(folder / DOCUMENTS / record.folder, ignore_errors=True)
    return RemoveResult(record.citation, record.replaces, update), new_records
