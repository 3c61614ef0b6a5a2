"""The corpus: where source files are found and what the manifest says about each document."""

from __future__ import annotations

import hashlib
import os
import tomllib
import warnings
from dataclasses import dataclass, field
from datetime import date as date_type
from pathlib import Path

from pmi_law.errors import CorpusNotFound, ParseError
from pmi_law.models import DocumentInfo

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
REPO_ROOT = PACKAGE_ROOT.parent
MANIFEST = REPO_ROOT / "corpus" / "manifest.toml"
ENV_PATH = "PMI_LAW_CORPUS_PATH"
_WARNED: set[str] = set()


def search_path() -> list[Path]:
    """Folders searched for source files: $PMI_LAW_CORPUS_PATH, then corpus/, then ../shared/corpus."""
    folders: list[Path] = []
    env = os.environ.get(ENV_PATH, "")
    for part in env.split(os.pathsep):
        if part.strip():
            folder = Path(part).expanduser()
            if not folder.is_dir() and str(folder) not in _WARNED:
                _WARNED.add(str(folder))  # once per folder, not once per file looked up
                warnings.warn(f"{ENV_PATH} names {folder}, which is not a folder", stacklevel=2)
            folders.append(folder)
    folders.append(REPO_ROOT / "corpus")
    folders.append(REPO_ROOT.parent / "shared" / "corpus")
    folders.append(Path.cwd() / "corpus")
    folders.append(Path.cwd().parent / "shared" / "corpus")
    seen: set[Path] = set()
    out = []
    for folder in folders:
        key = folder.resolve() if folder.exists() else folder
        if key not in seen:
            seen.add(key)
            out.append(folder)
    return out


def find_file(name: str) -> Path:
    """The first file of this name along the search path."""
    for folder in search_path():
        candidate = folder / name
        if candidate.is_file():
            return candidate
    where = ", ".join(str(p) for p in search_path())
    raise CorpusNotFound(f"corpus file {name!r} not found in: {where} (set {ENV_PATH})")


@dataclass(frozen=True, slots=True)
class AmendedBy:
    """A Pasal of another document that amends this one (its instructions are parsed)."""

    by: str  # canonical citation of the amending Pasal: "UU 11/2020 Pasal 84"

    @property
    def document(self) -> str:
        return self.by.split(" Pasal ")[0]

    @property
    def pasal(self) -> str:
        return self.by.split(" Pasal ")[1] if " Pasal " in self.by else ""


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    citation: str
    type: str
    number: str
    year: str
    title: str
    file: str
    status: str = "berlaku"
    alternates: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    revoked_by: str | None = None
    replaced_by: str | None = None
    note: str | None = None
    dense: str = "unit"  # "unit" or "pasal": how finely the encoder covers this document
    date: str | None = None  # diundangkan (or ditetapkan), ISO date
    date_unverified: bool = False  # the date comes from a secondary source, not the text
    amended_by: tuple[AmendedBy, ...] = field(default_factory=tuple)
    excerpt: tuple[str, ...] = ()  # the only Pasal the file holds (an excerpt)
    enacted_by: str | None = None  # a Perppu made a law by this UU
    scope: tuple[str, ...] = ()  # words naming the only workers it is about (ship crews)
    outside: tuple[str, ...] = ()  # words naming what it does not govern (work abroad)
    # a user document: the file it was added from (pmi_law.userdocs); out of repr, so the
    # corpus hash of the manifest's own documents is what it was before user documents
    origin: str | None = field(default=None, repr=False)

    @property
    def promulgated(self) -> date_type | None:
        return date_type.fromisoformat(self.date) if self.date else None

    @property
    def in_force(self) -> bool:
        return self.status != "dicabut"

    @property
    def status_label(self) -> str:
        """A short line for users: what state the document is in and why."""
        if self.type == "Skripsi":
            return "karya ilmiah (bukan peraturan)"
        if self.origin is not None and self.status == "berlaku":
            return "ditambahkan pengguna"
        if self.status == "dicabut":
            return f"dicabut oleh {self.revoked_by}" if self.revoked_by else "dicabut"
        if self.status == "diganti":
            return f"dicabut dan diganti oleh {self.replaced_by}" if self.replaced_by else "diganti"
        return "berlaku"

    def path(self) -> Path:
        return find_file(self.file)

    def info(self, source: Path | None = None) -> DocumentInfo:
        return DocumentInfo(
            type=self.type,
            number=self.number,
            year=self.year,
            title=self.title,
            citation=self.citation,
            status=self.status,
            revoked_by=self.revoked_by or self.replaced_by,
            source=source,
        )


def load_manifest(path: Path | None = None) -> list[ManifestEntry]:
    """Entries of the corpus manifest, in the order written."""
    path = path or MANIFEST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorpusNotFound(f"corpus manifest not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(f"corpus manifest {path} is not valid TOML: {exc}") from None
    out = []
    for raw in data.get("document", []):
        amended_by = tuple(AmendedBy(by=a["by"]) for a in raw.get("amended_by", []))
        raw_date = raw.get("date")
        out.append(
            ManifestEntry(
                citation=raw["citation"],
                type=raw["type"],
                number=str(raw["number"]),
                year=str(raw["year"]),
                title=raw["title"],
                file=raw["file"],
                status=raw.get("status", "berlaku"),
                alternates=tuple(raw.get("alternates", ())),
                aliases=tuple(raw.get("aliases", ())),
                revoked_by=raw.get("revoked_by"),
                replaced_by=raw.get("replaced_by"),
                note=raw.get("note"),
                dense=raw.get("dense", "unit"),
                date=raw_date.isoformat() if isinstance(raw_date, date_type) else raw_date,
                date_unverified=bool(raw.get("date_unverified", False)),
                amended_by=amended_by,
                excerpt=tuple(str(p) for p in raw.get("excerpt", ())),
                enacted_by=raw.get("enacted_by"),
                scope=tuple(raw.get("scope", ())),
                outside=tuple(raw.get("outside", ())),
            )
        )
    return out


def corpus_hash(entries: list[ManifestEntry]) -> str:
    """A hash of the manifest and every source file: an index built from other text is stale."""
    h = hashlib.sha256()
    for entry in entries:
        h.update(repr(entry).encode())
        h.update(hashlib.sha256(entry.path().read_bytes()).digest())
    return h.hexdigest()


def info_for_file(path: Path) -> DocumentInfo | None:
    """Manifest metadata for a source file of the corpus (matched by file name), else None."""
    try:
        entries = load_manifest()
    except CorpusNotFound:
        return None
    for entry in entries:
        if path.name == entry.file or path.name in entry.alternates:
            return entry.info(path)
    return None


def excerpt_of(path: Path) -> tuple[str, ...]:
    """The Pasal a corpus file holds when the manifest calls it an excerpt, else ()."""
    try:
        entries = load_manifest()
    except CorpusNotFound:
        return ()
    for entry in entries:
        if path.name == entry.file or path.name in entry.alternates:
            return entry.excerpt
    return ()
