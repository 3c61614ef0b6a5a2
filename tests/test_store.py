"""The parsed-corpus store: rebuilt when its sources, manifest or parser change or when it is
damaged, never half written, never required, and what it gives is what the parser gives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmi_law import Library
from pmi_law import store as store_module
from pmi_law.models import Document
from pmi_law.sources.check import check_document
from pmi_law.sources.corpus import ENV_PATH, load_manifest
from pmi_law.store import (
    StoreUnusable,
    code_fingerprint,
    document_from_data,
    document_to_data,
    read_manifest,
    stale_temp_folders,
)
from pmi_law.views import provision_view

REPO = Path(__file__).resolve().parent.parent

# Real documents, few and small: UU 18/2017 amended by the Perppu's excerpt (so a timeline is
# stored), a law with an alternate copy, and the thesis abstract.
SMALL_MANIFEST = """
[[document]]
citation = "UU 18/2017"
type = "UU"
number = "18"
year = "2017"
title = "Pelindungan Pekerja Migran Indonesia"
file = "uu-18-2017.txt"
date = 2017-11-22
amended_by = [{ by = "Perppu 2/2022 Pasal 84" }]

[[document]]
citation = "Perppu 2/2022"
type = "Perppu"
number = "2"
year = "2022"
title = "Cipta Kerja"
file = "perppu-2-2022.lampiran-uu-6-2023.excerpt.md"
excerpt = ["84"]
date = 2022-12-30

[[document]]
citation = "UU 6/2012"
type = "UU"
number = "6"
year = "2012"
title = "Pengesahan Konvensi PBB 1990 tentang Hak Pekerja Migran dan Keluarganya (ICRMW)"
file = "uu-6-2012.txt"
alternates = ["uu-6-2012.data-peraturan.md"]
date = 2012-05-02

[[document]]
citation = "Skripsi BP3MI-NTB"
type = "Skripsi"
number = "BP3MI-NTB"
year = ""
title = "Pelindungan Hukum Pekerja Migran Indonesia dan upaya BP3MI Nusa Tenggara Barat"
file = "skripsi-pelindungan-pmi-bp3mi-ntb.abstrak.txt"
"""


def _small(folder: Path, manifest_text: str = SMALL_MANIFEST) -> Path:
    manifest = folder / "manifest.toml"
    manifest.write_text(manifest_text, encoding="utf-8")
    return manifest


def _open(manifest: Path, store: Path) -> Library:
    return Library.open(manifest, store_dir=store)


def _events(lib: Library) -> list[str]:
    return lib.store.events


def _reopened(manifest: Path, store: Path) -> list[str]:
    """What a new library (a new process, say) finds when it opens the store."""
    lib = _open(manifest, store)
    lib.store.ensure()
    return _events(lib)


def _read_everything(lib: Library) -> dict[str, object]:
    """What the library gives of every document, as data (latest and base, alternates)."""
    out: dict[str, object] = {}
    for citation, entry in lib.entries.items():
        out[citation] = lib.document(citation).to_dict()
        out[citation + " base"] = lib.base_document(citation).to_dict()
        for name in entry.alternates:
            out[name] = lib.source_document(citation, name).to_dict()
    return out


# ---------------------------------------------------------------------------- first use


def test_built_on_first_use_then_read_from_disk(tmp_path):
    manifest, folder = _small(tmp_path), tmp_path / "store"
    first = _open(manifest, folder)
    expected = _read_everything(first)
    assert _events(first)[:3] == ["missing", "built", "written"]
    found = read_manifest(folder)
    assert found is not None and found["schema_version"] == store_module.SCHEMA_VERSION
    assert found["code"] == code_fingerprint()
    assert sorted(p.name for p in folder.iterdir()) == ["documents", "manifest.json"]

    second = _open(manifest, folder)
    assert _read_everything(second) == expected
    assert _events(second) == ["opened"]  # nothing parsed
    timeline = second.timeline("UU 18/2017")
    assert timeline.base is second.base_document("UU 18/2017")
    assert len(timeline.states) == 2 and timeline.touched[1]


def test_trees_are_read_only_when_touched(tmp_path):
    """`define` and "cited by" read metadata, definitions and references, not the trees."""
    manifest, folder = _small(tmp_path), tmp_path / "store"
    _open(manifest, folder).store.ensure()
    lib = _open(manifest, folder)
    assert [d.citation for d in lib.define("SIP3MI")] == ["UU 18/2017 Pasal 1 angka 16"]
    docs = [lib.document(c) for c in lib.entries]
    assert not any("children" in vars(d) for d in docs)
    node = lib.get("UU 18/2017 Pasal 51")
    assert "Perppu 2/2022 Pasal 84 angka 2" in lib.referenced_by(node)
    assert "children" in vars(lib.document("UU 18/2017"))
    assert "children" not in vars(lib.document("UU 6/2012"))
    assert node.document is lib.document("UU 18/2017") and node.citation.startswith("UU 18/2017")


def test_no_store_for_another_manifest_unless_asked(tmp_path):
    lib = Library.open(_small(tmp_path))
    assert lib.document("UU 6/2012").nodes("pasal")
    assert _events(lib) == [] and not lib.store.ensure()


# ---------------------------------------------------------------------------- staleness


def test_changed_source_file_rebuilds(tmp_path, monkeypatch, corpus_dir):
    manifest, folder = _small(tmp_path), tmp_path / "store"
    before = _open(manifest, folder).get("UU 6/2012 Pasal 1").full_text()
    own = tmp_path / "corpus"
    own.mkdir()
    text = (corpus_dir / "uu-6-2012.txt").read_text(encoding="utf-8")
    assert "Mengesahkan International" in text
    changed = text.replace(
        "Mengesahkan International", "Mengesahkan KALIMAT UJI BARU International"
    )
    (own / "uu-6-2012.txt").write_text(changed, encoding="utf-8")
    monkeypatch.setenv(ENV_PATH, str(own))
    after = _open(manifest, folder)
    assert "KALIMAT UJI BARU" in after.get("UU 6/2012 Pasal 1").full_text()
    assert "KALIMAT UJI BARU" not in before
    assert _events(after)[:2] == ["stale", "built"]
    assert _reopened(manifest, folder) == ["opened"]  # the rebuilt store is used


def test_changed_manifest_rebuilds(tmp_path):
    manifest, folder = _small(tmp_path), tmp_path / "store"
    assert _open(manifest, folder).document("UU 6/2012").title.startswith("Pengesahan")
    _small(tmp_path, SMALL_MANIFEST.replace("Pengesahan Konvensi", "Judul Baru Konvensi"))
    after = _open(manifest, folder)
    assert after.document("UU 6/2012").title.startswith("Judul Baru")
    assert _events(after)[:2] == ["stale", "built"]


def test_changed_schema_version_rebuilds(tmp_path, monkeypatch):
    manifest, folder = _small(tmp_path), tmp_path / "store"
    _open(manifest, folder).store.ensure()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", store_module.SCHEMA_VERSION + 1)
    after = _open(manifest, folder)
    assert after.store.ensure() and _events(after)[:2] == ["stale", "built"]
    assert read_manifest(folder)["schema_version"] == store_module.SCHEMA_VERSION  # type: ignore[index]


def test_changed_parser_code_rebuilds(tmp_path, monkeypatch):
    """The code fingerprint covers the parser's files: one changed byte makes the store stale."""
    package = tmp_path / "pmi_law"
    for path in store_module.PACKAGE.rglob("*.py"):
        target = package / path.relative_to(store_module.PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    monkeypatch.setattr(store_module, "PACKAGE", package)
    same = code_fingerprint()
    manifest, folder = _small(tmp_path), tmp_path / "store"
    _open(manifest, folder).store.ensure()
    assert _reopened(manifest, folder) == ["opened"]
    parser = package / "sources" / "headings.py"
    parser.write_text(parser.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert code_fingerprint() != same
    after = _open(manifest, folder)
    assert after.store.ensure() and _events(after)[:2] == ["stale", "built"]
    for name in ("views.py", "retrieval/search.py"):  # not the parser: the store stays
        other = package / name
        other.write_text(other.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert _reopened(manifest, folder) == ["opened"]


# ---------------------------------------------------------------------------- damage


def _flip(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-10])


def _extra(path: Path) -> None:
    (path.parent / "stray.json").write_text("{}", encoding="utf-8")


def _delete(path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("damage", [_flip, _truncate, _extra, _delete])
@pytest.mark.parametrize("name", ["uu-18-2017.json", "uu-18-2017.state-1.tree.json"])
def test_damaged_document_file_is_rebuilt_never_trusted(tmp_path, damage, name):
    manifest, folder = _small(tmp_path), tmp_path / "store"
    expected = _read_everything(_open(manifest, folder))
    damage(folder / "documents" / name)
    lib = _open(manifest, folder)
    assert _read_everything(lib) == expected
    assert _events(lib)[0].startswith("damaged: ") and _events(lib)[1:3] == ["built", "written"]
    assert _reopened(manifest, folder) == ["opened"]


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"files": 3}', b"[]"])
def test_damaged_manifest_is_rebuilt(tmp_path, content):
    manifest, folder = _small(tmp_path), tmp_path / "store"
    _open(manifest, folder).store.ensure()
    (folder / "manifest.json").write_bytes(content)
    lib = _open(manifest, folder)
    assert lib.store.ensure() and _events(lib)[:3] == ["missing", "built", "written"]


def test_manifest_naming_other_files_is_not_trusted(tmp_path):
    manifest, folder = _small(tmp_path), tmp_path / "store"
    _open(manifest, folder).store.ensure()
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data["files"].pop("documents/uu-6-2012.json")
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    lib = _open(manifest, folder)
    assert lib.store.ensure() and _events(lib)[0].startswith("damaged: ")


# ---------------------------------------------------------------------------- writing


def test_interrupted_write_leaves_the_old_store(tmp_path, monkeypatch):
    manifest, folder = _small(tmp_path), tmp_path / "store"
    _open(manifest, folder).store.ensure()
    before = {p.name: p.read_bytes() for p in (folder / "documents").iterdir()}
    _small(tmp_path, SMALL_MANIFEST.replace("Pengesahan Konvensi", "Judul Baru Konvensi"))

    def interrupted(new: Path, target: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_module, "_replace_dir", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _open(manifest, folder).store.ensure()
    assert {p.name: p.read_bytes() for p in (folder / "documents").iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.toml", "store"]


def test_killed_write_leaves_no_half_store(tmp_path):
    """A process killed between writing and renaming leaves only a temp folder, which is
    never read and is removed by the next write."""
    manifest, folder = _small(tmp_path), tmp_path / "store"
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "import pmi_law.store as s\n"
        "from pmi_law import Library\n"
        "s._replace_dir = lambda new, target: os._exit(9)\n"
        "Library.open(Path(sys.argv[1]), store_dir=Path(sys.argv[2])).store.ensure()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", code, str(manifest), str(folder)], env=env, timeout=600
    )
    assert done.returncode == 9
    assert not folder.exists()
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".store.tmp-")]
    assert len(left) == 1 and (left[0] / "manifest.json").exists()
    assert stale_temp_folders(folder) == left
    lib = _open(manifest, folder)
    assert lib.store.ensure() and _events(lib)[:3] == ["missing", "built", "written"]
    assert not left[0].exists() and stale_temp_folders(folder) == []


def test_unwritable_place_falls_back_to_memory(tmp_path):
    manifest = _small(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    lib = _open(manifest, blocker / "store")
    assert "Pasal 1" in lib.get("UU 6/2012 Pasal 1").citation
    assert _events(lib)[:2] == ["missing", "built"] and _events(lib)[2].startswith("not written")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_users_folder_is_never_replaced(tmp_path):
    manifest, folder = _small(tmp_path), tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    lib = _open(manifest, folder)
    assert lib.get("UU 6/2012 Pasal 1")
    assert _events(lib)[2].startswith("not written")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_missing_source_file_leaves_errors_to_the_parser(tmp_path):
    """No store without its sources: the library parses lazily and says which file is gone."""
    from pmi_law.errors import CorpusNotFound

    manifest = _small(tmp_path, SMALL_MANIFEST.replace("uu-6-2012.txt", "uu-6-2012-absent.txt"))
    lib = _open(manifest, tmp_path / "store")
    assert lib.get("UU 18/2017 Pasal 1")
    with pytest.raises(CorpusNotFound, match=r"uu-6-2012-absent\.txt"):
        lib.document("UU 6/2012")
    assert _events(lib)[0].startswith("off") and not (tmp_path / "store").exists()


def test_a_model_grown_a_field_is_not_stored(tmp_path, uu18):
    """A field this module does not know would be lost: such a document is never stored."""
    clone = Document(uu18.info)
    clone.grown_field = []  # type: ignore[attr-defined]
    with pytest.raises(StoreUnusable):
        document_to_data(clone)


@pytest.mark.parametrize("cut", [1, 5])
def test_a_tree_whose_counts_disagree_is_refused(uu18, cut):
    data = document_to_data(uu18)
    data["nodes"] = data["nodes"][:-cut]
    with pytest.raises(ValueError, match="fewer nodes"):
        document_from_data(data)
    data = document_to_data(uu18)
    data["tops"] -= 1
    with pytest.raises(ValueError, match="more nodes"):
        document_from_data(data)


def test_default_store_sits_beside_the_index(monkeypatch, tmp_path):
    monkeypatch.delenv(store_module.ENV_STORE_DIR, raising=False)
    monkeypatch.setenv("PMI_LAW_INDEX_DIR", str(tmp_path / "idx"))
    assert store_module.default_store_dir() == tmp_path / "idx-corpus"
    assert store_module.default_store_dir(tmp_path / "x" / "default") == (
        tmp_path / "x" / "default-corpus"
    )
    monkeypatch.setenv(store_module.ENV_STORE_DIR, "off")
    assert store_module.default_store_dir() is None
    assert Library.open()._store_dir is None
    monkeypatch.setenv(store_module.ENV_STORE_DIR, str(tmp_path / "s"))
    assert Library.open()._store_dir == tmp_path / "s"


# ---------------------------------------------------------------------------- equivalence


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[Library, Library]:
    """The whole corpus parsed fresh, and the same read back from a store on disk."""
    folder = tmp_path_factory.mktemp("store") / "corpus"
    assert Library.open(store_dir=folder).store.ensure()  # built and written
    stored = Library.open(store_dir=folder)
    assert stored.store.ensure() and stored.store.events == ["opened"]
    fresh = Library(load_manifest())
    return fresh, stored


def test_every_pasal_shows_the_same_from_the_store(both):
    fresh, stored = both
    assert stored.store.events == ["opened"] and fresh.store.events == []
    count = 0
    for citation in fresh.entries:
        units = fresh.document(citation).nodes("pasal") or fresh.document(citation).nodes()
        stored_units = stored.document(citation).nodes("pasal") or stored.document(citation).nodes()
        assert [u.citation for u in units] == [u.citation for u in stored_units]
        for node, other in zip(units, stored_units, strict=True):
            assert provision_view(stored, other) == provision_view(fresh, node), node.citation
            count += 1
    assert count > 500
    assert stored.store.events == ["opened"]  # nothing was parsed on the way


def test_every_state_and_copy_is_the_same_from_the_store(both):
    fresh, stored = both
    assert _read_everything(stored) == _read_everything(fresh)
    for citation, entry in fresh.entries.items():
        if not entry.amended_by:
            continue
        a, b = fresh.timeline(citation), stored.timeline(citation)
        assert [(d, doc.to_dict()) for d, doc in a.states] == [
            (d, doc.to_dict()) for d, doc in b.states
        ]
        assert (a.touched, a.problems, a.missing, a.unit_notes) == (
            b.touched,
            b.problems,
            b.missing,
            b.unit_notes,
        )
        assert b.states[0][1] is stored.base_document(citation)
        for _, doc in b.states:  # every node points at its own state
            assert all(n.document is doc for n in doc.nodes())
    for citation, entry in fresh.entries.items():
        for name in (entry.file, *entry.alternates):
            a_doc, b_doc = (
                fresh.source_document(citation, name),
                stored.source_document(citation, name),
            )
            assert check_document(a_doc, name) == check_document(b_doc, name)
            assert (a_doc.preamble, a_doc.enactment, a_doc.closing, a_doc.lost_headings) == (
                b_doc.preamble,
                b_doc.enactment,
                b_doc.closing,
                b_doc.lost_headings,
            )
            assert a_doc.external_references == b_doc.external_references
            assert a_doc.info == b_doc.info


def test_check_and_define_read_the_store(both, monkeypatch):
    from typer.testing import CliRunner

    import pmi_law.cli as cli

    fresh, stored = both
    monkeypatch.setattr(cli, "_library", lambda: stored)
    runner = CliRunner()
    checked = runner.invoke(cli.app, ["check", "--json"])
    defined = runner.invoke(cli.app, ["define", "SIP3MI", "--json"])
    monkeypatch.setattr(cli, "_library", lambda: fresh)
    assert runner.invoke(cli.app, ["check", "--json"]).stdout == checked.stdout
    assert runner.invoke(cli.app, ["define", "SIP3MI", "--json"]).stdout == defined.stdout
    assert json.loads(checked.stdout) and "SIP3MI" in defined.stdout
    assert stored.store.events == ["opened"]
