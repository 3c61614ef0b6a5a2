"""The parsed corpus on disk, so a command reads its documents instead of parsing them again.

Parsing the corpus and applying the amendments takes seconds; reading the result back
takes a fraction of that. The store is a folder beside the search index (``default-corpus``
next to ``indexes/default``) written with the index's discipline: built in a temporary
sibling and renamed into place (a killed write leaves the old store or none, never half), a
manifest written last with the schema version, a fingerprint of the source files and
manifest entries, a fingerprint of the parser's code and the size and SHA-256 of every file.
A store that does not match, or whose file does not hash as recorded, is rebuilt, never
used. Plain JSON (no pickle): per document, one file of metadata, definitions, references
to other laws and versions (what `define` and "cited by" read across the corpus), and one
file per tree (its base text, each amended state), decoded only when first touched.

The store is an optimisation only: when it cannot be read or written (a read-only folder,
a missing source file, a document that does not parse) the library parses in memory as
before, and the error, if any, comes from the parser where it always did.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmi_law.errors import PmiLawError
from pmi_law.models import Definition, Document, DocumentInfo, Node, Reference, Repair
from pmi_law.processes import pid_alive, swap_dir
from pmi_law.sources.corpus import REPO_ROOT, ManifestEntry, find_file

if TYPE_CHECKING:  # the amendment code loads only when a stored timeline is read
    from pmi_law.sources.versions import Timeline

#: Bump when the layout of the files changes (code changes are caught by the fingerprint).
SCHEMA_VERSION = 2
ENV_STORE_DIR = "PMI_LAW_STORE_DIR"
#: Values of $PMI_LAW_STORE_DIR that turn the store off (parse in memory every time).
OFF = frozenset({"off", "0", "no", "none"})
#: Everything the writer puts in a store folder; a folder holding anything else is not ours.
STORE_ENTRIES = frozenset({"manifest.json", "documents"})
PACKAGE = Path(__file__).resolve().parent
#: The code a parsed tree depends on: a change to any of these files rebuilds the store.
PARSER_CODE = ("models.py", "citations.py", "store.py", "sources/*.py")

Path_ = tuple[tuple[str, str], ...]

# The shapes this module writes; a class grown a field it does not know is never stored.
_NODE_SLOTS = frozenset(
    {
        "_citation",
        "children",
        "document",
        "elucidation",
        "heading",
        "kind",
        "notes",
        "number",
        "parent",
        "referenced_by",
        "references",
        "repairs",
        "text",
    }
)
_DOC_TEXT = (
    "preamble",
    "menimbang",
    "mengingat",
    "enactment",
    "closing",
    "elucidation_heading",
    "elucidation_general",
)
_DOC_LISTS = ("unattached_elucidation", "lost_headings")
_DOC_ATTRS = frozenset(
    {
        "info",
        "children",
        "definitions",
        "external_references",
        "repairs",
        "_index",
        *_DOC_TEXT,
        *_DOC_LISTS,
    }
)
_TIMELINE_ATTRS = frozenset({"base", "states", "touched", "problems", "missing", "unit_notes"})
_INFO_FIELDS = ("type", "number", "year", "title", "citation", "status", "revoked_by", "source")
_DEFINITION_FIELDS = ("term", "text", "citation", "abbreviation")
_REFERENCE_FIELDS = ("source", "target", "text", "external")
_REPAIR_FIELDS = ("start", "end", "original", "repaired", "rule", "part", "at")


class StoreUnusable(PmiLawError):
    """The store cannot be read, built or trusted; the caller parses in memory instead."""


def default_store_dir(index_dir: Path | None = None) -> Path | None:
    """$PMI_LAW_STORE_DIR (``off`` for none), else a sibling of the index folder."""
    env = os.environ.get(ENV_STORE_DIR, "").strip()
    if env:
        return None if env.lower() in OFF else Path(env).expanduser()
    if index_dir is None:  # as retrieval.index.default_index_dir, without importing numpy
        env_index = os.environ.get("PMI_LAW_INDEX_DIR")
        index_dir = Path(env_index).expanduser() if env_index else REPO_ROOT / "indexes" / "default"
    return index_dir.with_name(index_dir.name + "-corpus")


# ---------------------------------------------------------------------------- fingerprints


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def code_fingerprint() -> str:
    """SHA-256 over the parser's source files (and the schema version)."""
    h = hashlib.sha256(f"schema {SCHEMA_VERSION}".encode())
    files = sorted({p for pattern in PARSER_CODE for p in PACKAGE.glob(pattern)})
    for path in files:
        h.update(path.relative_to(PACKAGE).as_posix().encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def source_files(entry: ManifestEntry) -> list[str]:
    """The files of one manifest entry: its own, then its alternate copies."""
    return [entry.file, *entry.alternates]


def corpus_fingerprint(entries: Mapping[str, ManifestEntry]) -> str:
    """SHA-256 over every manifest entry and every source file (its path and its bytes).

    The path counts because a parsed document records where its text came from.
    """
    h = hashlib.sha256()
    for entry in entries.values():
        h.update(repr(entry).encode())
        for name in source_files(entry):
            path = find_file(name)
            h.update(str(path.resolve()).encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


# ---------------------------------------------------------------------------- to and from JSON


def _check_shape(doc: Document) -> None:
    if set(Node.__slots__) != _NODE_SLOTS or set(vars(doc)) != _DOC_ATTRS:
        raise StoreUnusable("the document model has changed shape; not stored")
    if (
        tuple(f.name for f in fields(DocumentInfo)) != _INFO_FIELDS
        or tuple(f.name for f in fields(Definition)) != _DEFINITION_FIELDS
        or tuple(f.name for f in fields(Reference)) != _REFERENCE_FIELDS
        or tuple(f.name for f in fields(Repair)) != _REPAIR_FIELDS
    ):
        raise StoreUnusable("the document model has changed shape; not stored")


def document_to_data(doc: Document) -> dict[str, Any]:
    """A document as JSON-ready data: its nodes flat in document order, each with its
    number of children (no recursion either way, however deep the tree)."""
    _check_shape(doc)
    info = doc.info
    nodes: list[list[Any]] = []
    for top in doc.children:
        for n in top.walk():
            nodes.append(
                [
                    n.kind,
                    n.number,
                    n.text,
                    n.heading,
                    n.elucidation,
                    n.notes,
                    n.references,
                    n.referenced_by,
                    [_repair_row(r) for r in n.repairs],
                    len(n.children),
                ]
            )
    return {
        "info": [
            info.type,
            info.number,
            info.year,
            info.title,
            info.citation,
            info.status,
            info.revoked_by,
            str(info.source) if info.source is not None else None,
        ],
        **{name: getattr(doc, name) for name in _DOC_TEXT},
        **{name: list(getattr(doc, name)) for name in _DOC_LISTS},
        "definitions": [[d.term, d.text, d.citation, d.abbreviation] for d in doc.definitions],
        "external_references": [
            [r.source, r.target, r.text, r.external] for r in doc.external_references
        ],
        "repairs": [_repair_row(r) for r in doc.repairs],
        "tops": len(doc.children),
        "nodes": nodes,
    }


def _repair_row(r: Repair) -> list[Any]:
    return [r.start, r.end, r.original, r.repaired, r.rule, r.part, r.at]


def info_from_data(row: list[Any]) -> DocumentInfo:
    type_, number, year, title, citation, status, revoked_by, source = row
    return DocumentInfo(
        type_, number, year, title, citation, status, revoked_by, Path(source) if source else None
    )


def _fill_head(doc: Document, data: dict[str, Any]) -> None:
    for name in _DOC_TEXT:
        setattr(doc, name, data[name])
    for name in _DOC_LISTS:
        setattr(doc, name, list(data[name]))
    doc.definitions = [Definition(*row) for row in data["definitions"]]
    doc.external_references = [Reference(*row) for row in data["external_references"]]
    doc.repairs = [Repair(*row) for row in data["repairs"]]


def nodes_from_rows(tops: int, rows: list[list[Any]]) -> list[Node]:
    """The top-level nodes of a tree ``document_to_data`` wrote flat, children linked."""
    out: list[Node] = []
    # a stack of (node, children still to come); the top of the document is a pseudo-parent
    stack: list[list[Any]] = [[None, tops]]
    for kind, number, text, heading, elucidation, notes, refs, refby, repairs, count in rows:
        node = Node(kind, number, text, heading)
        node.repairs = [Repair(*row) for row in repairs]
        node.elucidation = elucidation
        node.notes = notes
        node.references = refs
        node.referenced_by = refby
        while stack and stack[-1][1] == 0:
            stack.pop()
        if not stack:
            raise ValueError("the stored tree has more nodes than its counts say")
        frame = stack[-1]
        frame[1] -= 1
        if frame[0] is None:
            out.append(node)
        else:
            frame[0].add(node)
        if count:
            stack.append([node, count])
    if any(frame[1] for frame in stack):
        raise ValueError("the stored tree has fewer nodes than its counts say")
    return out


def document_from_data(data: dict[str, Any], info: DocumentInfo | None = None) -> Document:
    """The document ``document_to_data`` wrote (``info`` shared, as the amended states share it)."""
    doc = Document(info or info_from_data(data["info"]))
    _fill_head(doc, data)
    for top in nodes_from_rows(data["tops"], data["nodes"]):
        doc.add(top)
    doc.attach()
    return doc


_TREE_LOCK = threading.RLock()


class StoredDocument(Document):
    """A document read from the store whose tree is decoded when first touched.

    Its metadata, definitions and references to other laws are there at once (what
    ``define`` and "cited by" read across the corpus); ``children`` appears on first use,
    complete and attached, so a plain Document is what every caller sees.
    """

    def __init__(
        self, info: DocumentInfo, head: dict[str, Any], tree: Callable[[], list[list[Any]]]
    ) -> None:
        super().__init__(info)
        del self.children  # read through __getattr__ until the tree is decoded
        _fill_head(self, head)
        self._tops: int = head["tops"]
        self._tree = tree

    def __getattr__(self, name: str) -> Any:
        if name != "children":
            raise AttributeError(name)
        with _TREE_LOCK:
            if "children" not in self.__dict__:
                try:
                    tops = nodes_from_rows(self._tops, self._tree())
                except (ValueError, TypeError, KeyError, IndexError) as exc:
                    raise StoreUnusable(
                        f"the stored tree of {self.citation} is damaged ({exc})"
                    ) from None
                index: dict[Path_, Node] = {}
                for top in tops:
                    for node in top.walk():
                        node.document = self
                        index.setdefault(node.path, node)
                self._index = index
                self.children = tops  # last: another thread sees the whole tree or none
        return self.__dict__["children"]


def _path(steps: list[list[str]]) -> Path_:
    return tuple((kind, number) for kind, number in steps)


def timeline_to_data(timeline: Timeline) -> dict[str, Any]:
    """The states after the base (the base is stored once, as the document itself)."""
    if set(vars(timeline)) != _TIMELINE_ATTRS:
        raise StoreUnusable("the timeline has changed shape; not stored")
    base_date, base = timeline.states[0]
    if base is not timeline.base or any(d.info is not base.info for _, d in timeline.states):
        raise StoreUnusable("the timeline's states are not of its base; not stored")
    return {
        "base_date": base_date.isoformat() if base_date else None,
        "states": [
            [when.isoformat() if when else None, document_to_data(doc)]
            for when, doc in timeline.states[1:]
        ],
        "touched": [
            [[list(map(list, path)), by, change] for path, (by, change) in touched.items()]
            for touched in timeline.touched
        ],
        "problems": timeline.problems,
        "missing": timeline.missing,
        "unit_notes": [
            [list(map(list, path)), notes] for path, notes in timeline.unit_notes.items()
        ],
    }


def timeline_from_data(
    data: dict[str, Any],
    base: Document,
    state: Callable[[int, dict[str, Any]], Document] | None = None,
) -> Timeline:
    """The timeline ``timeline_to_data`` wrote, its first state ``base`` itself; ``state``
    makes state i (1, 2 …) from its data (by default read whole, nodes included)."""
    from pmi_law.sources.versions import Timeline

    timeline: Timeline = object.__new__(Timeline)
    make = state or (lambda _i, head: document_from_data(head, base.info))

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    timeline.base = base
    timeline.states = [(day(data["base_date"]), base)]
    for i, (when, head) in enumerate(data["states"], 1):
        timeline.states.append((day(when), make(i, head)))
    timeline.touched = [
        {_path(path): (by, change) for path, by, change in touched} for touched in data["touched"]
    ]
    timeline.problems = list(data["problems"])
    timeline.missing = list(data["missing"])
    timeline.unit_notes = {_path(path): notes for path, notes in data["unit_notes"]}
    if len(timeline.touched) != len(timeline.states):
        raise ValueError("the stored timeline is incomplete")
    return timeline


# ---------------------------------------------------------------------------- parsing


class Parsed:
    """The whole corpus parsed in memory: base documents, timelines, alternate copies."""

    def __init__(self, entries: Mapping[str, ManifestEntry]) -> None:
        from pmi_law.sources.history import build_timeline, parse_entry
        from pmi_law.sources.parse import parse_document

        self.base: dict[str, Document] = {c: parse_entry(e) for c, e in entries.items()}
        self.timelines: dict[str, Timeline] = {
            c: build_timeline(e, self.base.__getitem__, entries)
            for c, e in entries.items()
            if e.amended_by
        }
        self.alternates: dict[tuple[str, str], Document] = {}
        for c, e in entries.items():
            for name in e.alternates:
                path = find_file(name)
                self.alternates[c, name] = parse_document(path, e.info(path))


def _file_name(citation: str, alternate: str | None = None, part: str = "") -> str:
    """``documents/uu-18-2017.json`` (metadata, definitions, references, versions), with
    ``.tree`` (the base text's nodes), ``.state-1.tree`` … (each amended state's)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", citation).strip("-").lower()
    if alternate:
        slug += "--" + re.sub(r"[^A-Za-z0-9.]+", "-", alternate).strip("-").lower()
    return f"documents/{slug}{part}.json"


def _tree_name(citation: str, alternate: str | None = None, state: int = 0) -> str:
    return _file_name(citation, alternate, f".state-{state}.tree" if state else ".tree")


def _encode(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# ---------------------------------------------------------------------------- the store


class CorpusStore:
    """The parsed corpus of one manifest, read from (or written to) one folder.

    Opening checks the manifest and the SHA-256 of every file before anything is handed
    out (a damaged store is rebuilt, never half used); a document is decoded when first
    asked for. Every method returns None when the store is unusable: the caller parses.
    """

    def __init__(self, folder: Path | None, entries: Mapping[str, ManifestEntry]) -> None:
        self.folder = folder
        self.entries = entries
        self._lock = threading.RLock()
        self._raw: dict[str, bytes] | None = None  # verified files of the store on disk
        self._parsed: Parsed | None = None  # or the corpus parsed in this process
        self._off = folder is None
        self._base: dict[str, Document] = {}
        self._timelines: dict[str, Timeline] = {}
        self._alternates: dict[tuple[str, str], Document] = {}
        self._versions: dict[str, dict[str, Any]] = {}  # timeline data read with a base
        #: What happened, oldest first ("opened", "stale", "damaged: …", "built", "written" …).
        self.events: list[str] = []

    # ---------------------------------------------------------------- public

    def base(self, citation: str) -> Document | None:
        """A document as its own file gives it (for an amended law, the original text)."""
        with self._lock:
            if citation not in self._base:
                if citation not in self.entries or not self._ready():
                    return None
                if self._parsed is not None:
                    self._base[citation] = self._parsed.base[citation]
                else:
                    doc = self._document(citation)
                    if doc is None:
                        return None
                    self._base[citation] = doc
            return self._base[citation]

    def timeline(self, citation: str) -> Timeline | None:
        """The versions of an amended law, its first state the base document itself."""
        with self._lock:
            if citation not in self._timelines:
                base = self.base(citation)
                if base is None or not self.entries[citation].amended_by:
                    return None
                if self._parsed is not None:
                    self._timelines[citation] = self._parsed.timelines[citation]
                else:
                    data = self._versions.get(citation)
                    if data is None:
                        return None

                    def state(i: int, head: dict[str, Any]) -> Document:
                        tree = _tree_name(citation, None, i)
                        return StoredDocument(base.info, head, lambda: self._rows(tree))

                    try:
                        self._timelines[citation] = timeline_from_data(data, base, state)
                    except (ValueError, TypeError, KeyError, IndexError) as exc:
                        self._give_up(f"the timeline of {citation} ({exc})")
                        return None
            return self._timelines[citation]

    def alternate(self, citation: str, name: str) -> Document | None:
        """One of a document's alternate source files, parsed (what `check` reads)."""
        with self._lock:
            key = (citation, name)
            if key not in self._alternates:
                entry = self.entries.get(citation)
                if entry is None or name not in entry.alternates or not self._ready():
                    return None
                if self._parsed is not None:
                    self._alternates[key] = self._parsed.alternates[key]
                else:
                    doc = self._document(citation, name)
                    if doc is None:
                        return None
                    self._alternates[key] = doc
            return self._alternates[key]

    def ensure(self) -> bool:
        """Open the store, building it now if it is missing, stale or damaged; usable?"""
        with self._lock:
            return self._ready()

    # ---------------------------------------------------------------- opening and building

    def _expected(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "code": code_fingerprint(),
            "corpus": corpus_fingerprint(self.entries),
        }

    def _ready(self) -> bool:
        if self._off:
            return False
        if self._raw is not None or self._parsed is not None:
            return True
        assert self.folder is not None
        try:
            expected = self._expected()
        except (PmiLawError, OSError):  # a missing source file: the parser will say which
            self._give_up("the corpus cannot be read")
            return False
        found = read_manifest(self.folder)
        if found is None:
            self.events.append("missing")
        elif any(found.get(k) != v for k, v in expected.items()):
            self.events.append("stale")
        else:
            try:
                self._raw = read_files(self.folder, found, self.entries)
                self.events.append("opened")
                return True
            except StoreUnusable as exc:
                self.events.append(f"damaged: {exc}")
        return self._build(expected)

    def _build(self, expected: dict[str, Any]) -> bool:
        try:
            parsed = Parsed(self.entries)
        except (PmiLawError, OSError):
            self._give_up("the corpus does not parse")
            return False
        self._parsed = parsed
        self.events.append("built")
        assert self.folder is not None
        try:
            write_store(self.folder, parsed, self.entries, expected)
            self.events.append("written")
        except (OSError, StoreUnusable) as exc:  # a read-only place: parsed in memory only
            self.events.append(f"not written: {exc}")
        return True

    def _rows(self, name: str) -> list[list[Any]]:
        """One stored tree (checked on opening; decoded only now)."""
        assert self._raw is not None
        rows: list[list[Any]] = json.loads(self._raw[name])
        return rows

    def _document(self, citation: str, alternate: str | None = None) -> Document | None:
        """A document's metadata now, its tree when first touched."""
        assert self._raw is not None
        name = _file_name(citation, alternate)
        try:
            data = json.loads(self._raw[name])
            head = data["document"]
            tree = _tree_name(citation, alternate)
            doc = StoredDocument(info_from_data(head["info"]), head, lambda: self._rows(tree))
            if alternate is None and data.get("timeline") is not None:
                self._versions[citation] = data["timeline"]
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            self._give_up(f"{name} ({exc})")
            return None
        return doc

    def _give_up(self, why: str) -> None:
        """From now on the caller parses in memory (what the store handed out stays valid)."""
        self._off = True
        self.events.append(f"off: {why}")


def read_files(
    folder: Path, manifest: dict[str, Any], entries: Mapping[str, ManifestEntry]
) -> dict[str, bytes]:
    """Every file of the store, each checked against the size and SHA-256 the manifest
    records; StoreUnusable names the first one missing, extra or altered."""
    states = manifest.get("states")
    if not isinstance(states, dict):
        raise StoreUnusable("its manifest does not say how many versions each law has")
    wanted = set()
    for citation, entry in entries.items():
        for alternate in (None, *entry.alternates):
            wanted |= {_file_name(citation, alternate), _tree_name(citation, alternate)}
        if entry.amended_by:
            count = states.get(citation)
            if not isinstance(count, int):
                raise StoreUnusable(f"its manifest does not say how many versions {citation} has")
            wanted |= {_tree_name(citation, None, i) for i in range(1, count + 1)}
    records = manifest["files"]
    if set(records) != wanted:
        raise StoreUnusable("its files are not those of this corpus")
    out: dict[str, bytes] = {}
    try:
        on_disk = {p.name for p in (folder / "documents").iterdir()}
        for name, record in records.items():
            raw = (folder / name).read_bytes()
            if not isinstance(record, list) or [len(raw), _sha256(raw)] != record:
                raise StoreUnusable(f"{name} has been altered")
            out[name] = raw
    except OSError as exc:
        raise StoreUnusable(f"it cannot be read ({exc.strerror or exc})") from None
    extra = on_disk - {name.split("/", 1)[1] for name in records}
    if extra:
        raise StoreUnusable(f"unexpected files ({', '.join(sorted(extra))})")
    return out


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The store's manifest, or None when it is missing or unreadable."""
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return None
    return data


def write_store(
    folder: Path, parsed: Parsed, entries: Mapping[str, ManifestEntry], expected: dict[str, Any]
) -> None:
    """Write the whole store atomically: a temp sibling, the manifest last, then a rename."""
    files: dict[str, bytes] = {}
    states: dict[str, int] = {}

    def add(name: str, data: Any) -> None:
        if name in files:
            raise StoreUnusable(f"two documents would share the file {name}")
        files[name] = _encode(data)

    for citation in entries:
        head = document_to_data(parsed.base[citation])
        add(_tree_name(citation), head.pop("nodes"))
        timeline = parsed.timelines.get(citation)
        versions = timeline_to_data(timeline) if timeline is not None else None
        if versions is not None:
            for i, (_, state) in enumerate(versions["states"], 1):
                add(_tree_name(citation, None, i), state.pop("nodes"))
            states[citation] = len(versions["states"])
        add(_file_name(citation), {"document": head, "timeline": versions})
    for (citation, name), doc in parsed.alternates.items():
        head = document_to_data(doc)
        add(_tree_name(citation, name), head.pop("nodes"))
        add(_file_name(citation, name), {"document": head})
    ensure_replaceable(folder)
    clean_stale_temp(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".{folder.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    tmp.mkdir()
    try:
        (tmp / "documents").mkdir()
        for name, raw in files.items():
            (tmp / name).write_bytes(raw)
        manifest = {
            **expected,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "documents": list(entries),
            "states": states,
            "files": {name: [len(raw), _sha256(raw)] for name, raw in files.items()},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        _replace_dir(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# ---------------------------------------------------------------------------- folders


def is_store_folder(folder: Path) -> bool:
    """Whether ``folder`` holds only what the store writer puts there (or nothing)."""
    try:
        return folder.is_dir() and all(p.name in STORE_ENTRIES for p in folder.iterdir())
    except OSError:
        return False


def ensure_replaceable(folder: Path) -> None:
    """Refuse a target that is a file, a link or a folder with anything else in it."""
    if (folder.exists() or folder.is_symlink()) and (
        folder.is_symlink() or not is_store_folder(folder)
    ):
        raise StoreUnusable(f"{folder} exists and is not a parsed-corpus store; not replaced")


def stale_temp_folders(folder: Path) -> list[Path]:
    """Temp folders a killed write of this store left behind (only our exact naming)."""
    pattern = re.compile(rf"\.{re.escape(folder.name)}\.(?:tmp|old)-(?P<pid>\d+)-[0-9a-f]+")
    try:
        siblings = list(folder.parent.iterdir())
    except OSError:
        return []
    out = []
    for path in siblings:
        m = pattern.fullmatch(path.name)
        if not m or path.is_symlink() or not is_store_folder(path):
            continue
        pid = int(m["pid"])
        if pid != os.getpid() and not pid_alive(pid):
            out.append(path)
    return sorted(out)


def clean_stale_temp(folder: Path) -> None:
    for path in stale_temp_folders(folder):
        shutil.rmtree(path, ignore_errors=True)


def _replace_dir(new: Path, target: Path) -> None:
    """Swap a finished folder into place; readers see the old or the new store, never half."""
    ensure_replaceable(target)  # checked again: it may have changed while we parsed
    swap_dir(new, target)
