"""A battery of bad inputs and faults, each met with a clean outcome (issue 10).

Every case runs as a new user would meet it: the CLI in a subprocess, inputs generated in a
temporary folder. A clean outcome is the right exit code, one clear line on stderr, no
traceback, no file of the user's touched and nothing half-written left behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from synthetic import fake_encode, synthetic_passages

from pmi_law.errors import IndexStale, QueryError, SearchIndexError
from pmi_law.models import Node
from pmi_law.retrieval.index import (
    ENV_INDEX_DIR,
    build_index,
    load_index,
    read_manifest,
    stale_temp_folders,
)
from pmi_law.retrieval.lexical import Analyzer
from pmi_law.retrieval.passages import Passage
from pmi_law.retrieval.search import validate_query

REPO = Path(__file__).resolve().parent.parent

# A statute written for these tests (not from the corpus).
STATUTE = textwrap.dedent(
    """\
    UNDANG-UNDANG REPUBLIK INDONESIA
    NOMOR 1 TAHUN 2030
    TENTANG UJI COBA

    BAB I
    KETENTUAN UMUM

    Pasal 1
    (1) Setiap pekerja berhak atas upah yang layak.
    (2) Pemberi kerja dilarang menahan dokumen:
    a. paspor; dan
    b. kontrak kerja.

    Pasal 2
    Setiap orang yang menahan dokumen dipidana.
    """
)


# ---------------------------------------------------------------------------- helpers


def cli(
    *args: str | bytes, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "pmi_law.cli", *args],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=600,
        env=full_env,
        cwd=cwd,
    )


def stderr_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = stderr_lines(result)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder`` with its content hash and mtime: proof nothing changed."""
    return {
        str(p.relative_to(folder)): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def temp_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name or ".old-" in p.name)


def passages(n: int = 6) -> list[Passage]:
    return synthetic_passages(
        [f"Pasal {i + 1}: pekerja nomor {i} berhak atas upah dan dokumen." for i in range(n)]
    )


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def small_index(folder: Path, analyzer: Analyzer, **kw: str) -> None:
    build_index(
        folder,
        passages(),
        encode=fake_encode,
        analyzer=analyzer,
        model=kw.get("model", "m1"),
        corpus_hash=kw.get("corpus_hash", "c1"),
    )


# ---------------------------------------------------------------------------- files to parse


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "make", "needle"),
    [
        ("random.txt", lambda p: _write(p, random.Random(0).randbytes(8192)), "not a text or PDF"),
        ("empty.txt", lambda p: _write(p, b""), "is empty"),
        ("blank.txt", lambda p: _write(p, b" \n\t\n"), "is empty"),
        ("missing.txt", lambda p: p, "no such file"),
        ("folder.txt", lambda p: (p.mkdir(), p)[1], "is a directory"),
        ("not-a-law.txt", lambda p: _write(p, "Sekadar catatan belanja.\n"), "Pasal 1"),
    ],
)
def test_unreadable_files_give_one_line(tmp_path: Path, name, make, needle):
    path = make(tmp_path / name)
    before = snapshot(tmp_path)
    assert_one_line_error(cli("parse", str(path)), needle)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_with_or_without_bom_is_read(tmp_path: Path, encoding):
    path = _write(tmp_path / "uu.txt", STATUTE.encode(encoding))
    result = cli("parse", "--json", str(path))
    assert result.returncode == 0, result.stderr
    tree = json.loads(result.stdout)
    assert tree["citation"] == "UU 1/2030"
    assert [c["number"] for c in tree["children"][0]["children"]] == ["1", "2"]


def _deep_list(lines: int) -> str:
    return "".join("a. x\n" if i % 2 == 0 else "1. y\n" for i in range(lines))


def test_deep_nesting_is_bounded_not_a_recursion_error(tmp_path: Path):
    from pmi_law.sources.units import MAX_NESTING

    head = STATUTE.split("Pasal 1")[0] + "Pasal 1\n"
    path = _write(tmp_path / "deep.txt", head + _deep_list(1000))
    result = cli("parse", "--json", str(path))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    pasal = json.loads(result.stdout)["children"][0]["children"][0]
    depth, node = 0, pasal
    while node["children"]:
        node, depth = node["children"][0], depth + 1
    assert 1 <= depth <= MAX_NESTING
    # the lines beyond the bound stay in the text, none is lost
    assert node["text"].count("x") + node["text"].count("y") > 900
    # and without a Pasal the same file is refused in one line
    assert_one_line_error(cli("parse", str(_write(tmp_path / "bare.txt", _deep_list(1000)))))


def test_tree_walks_have_no_depth_limit():
    root = node = Node("pasal", "1")
    # far past Python's recursion limit (1,000); deeper only costs time: each unit's
    # citation names the whole path, so to_dict is quadratic in the depth
    for i in range(5_000):
        node = node.add(Node("angka", str(i + 1), f"t{i}"))
    assert sum(1 for _ in root.walk()) == 5_001
    assert [n.number for n in root.walk()][:3] == ["1", "1", "2"]
    data = root.to_dict()
    depth = 0
    while data["children"]:
        data, depth = data["children"][0], depth + 1  # type: ignore[assignment,index]
    assert depth == 5_000
    assert len(root.full_text().splitlines()) == 5_000


def test_ten_megabyte_text_parses(tmp_path: Path):
    head = STATUTE.split("Pasal 1")[0]
    body = "".join(
        f"Pasal {i}\nSetiap orang yang menahan dokumen pekerja dipidana.\n\n"
        for i in range(1, 200_000)
    )
    path = _write(tmp_path / "big.txt", (head + body)[:10_000_000])
    assert path.stat().st_size >= 10_000_000 - 100
    result = cli("parse", str(path))
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    assert "UU 1/2030" in result.stdout and "pasal" in result.stdout


# ---------------------------------------------------------------------------- PDFs


def _pdf(path: Path, lines: list[str], *, image_only: bool = False) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    if image_only:
        c.rect(72, 500, 300, 200, fill=1)  # a scan: marks, no text layer
    for i, line in enumerate(lines):
        c.drawString(72, 760 - 16 * i, line)
    c.save()
    return path


@pytest.fixture(scope="module")
def plain_pdf(tmp_path_factory) -> Path:
    return _pdf(tmp_path_factory.mktemp("pdf") / "plain.pdf", STATUTE.splitlines())


@pytest.mark.parametrize("algorithm", ["RC4-40", "RC4-128", "AES-128", "AES-256"])
def test_encrypted_pdfs(tmp_path: Path, plain_pdf: Path, algorithm: str):
    from pypdf import PdfWriter

    for user_password in ("", "rahasia"):
        writer = PdfWriter(clone_from=plain_pdf)
        writer.encrypt(user_password=user_password, owner_password="pemilik", algorithm=algorithm)
        path = tmp_path / f"{algorithm}-{user_password or 'open'}.pdf"
        writer.write(path)
        result = cli("parse", str(path))
        if user_password:  # a real password: refused in one line, never a DependencyError
            assert_one_line_error(result, "encrypted with a password")
        else:  # an empty user password opens in any viewer, so here too
            assert result.returncode == 0, result.stderr
            assert "UU 1/2030" in result.stdout


def test_image_only_and_truncated_pdfs(tmp_path: Path, plain_pdf: Path):
    scan = _pdf(tmp_path / "scan.pdf", [], image_only=True)
    assert_one_line_error(cli("parse", str(scan)), "scan.pdf")
    data = plain_pdf.read_bytes()
    cut = _write(tmp_path / "cut.pdf", data[: len(data) // 2])
    assert_one_line_error(cli("parse", str(cut)), "truncated")


# ---------------------------------------------------------------------------- citations and queries


@pytest.mark.parametrize(
    ("citation", "needle"),
    [
        ("Pasal 0", "starts at 1"),
        ("Pasal 6 ayat (0)", "starts at 1"),
        ("Pasal " + "9" * 200, "not a valid number"),
        ("Pasal " + "9" * 10_000, "characters long"),
        ("x" * 10_000, "characters long"),
        ("UU 99/2099 Pasal 1", "UU 99/2099"),
        ("Pasal 6 ayat ((1", "Pasal 6"),
        ("UU", "UU"),
    ],
)
def test_malformed_and_huge_citations(citation: str, needle: str):
    line = assert_one_line_error(cli("show", citation), needle)
    assert len(line) < 400  # a 10,000-character argument is not echoed back whole


def test_undecodable_bytes_in_a_citation():
    line = assert_one_line_error(cli("show", os.fsdecode(b"Pasal \xff")))
    assert "\\udcff" in line or "\ufffd" in line


@pytest.mark.parametrize(
    ("query", "cleaned"),
    [
        ("gaji \udcff paspor", "gaji paspor"),
        ("gaji\x00paspor", "gaji paspor"),
        ("\ud800upah", "upah"),
        ("x" * 50_000, "x" * 1000),
    ],
)
def test_queries_are_cleaned(query: str, cleaned: str):
    assert validate_query(query) == cleaned


@pytest.mark.parametrize("query", ["", "   ", "?!?", "\udcff\udcfe", "\x00\x01"])
def test_queries_without_words_are_query_errors(query: str):
    with pytest.raises(QueryError):
        validate_query(query)


def test_analyzer_survives_lone_surrogates(analyzer: Analyzer):
    assert analyzer.terms("gaji \udcff paspor") == analyzer.terms("gaji paspor")


@pytest.mark.parametrize("query", ["", "?!?"])
def test_cli_refuses_empty_queries_before_loading_anything(query: str):
    assert_one_line_error(cli("search", query), "query")


# ---------------------------------------------------------------------------- the index location


def _user_folder(root: Path) -> Path:
    folder = root / "my-documents"
    (folder / "sub").mkdir(parents=True)
    (folder / "precious.txt").write_text("do not lose me", encoding="utf-8")
    (folder / "sub" / "thesis.docx").write_bytes(b"PK\x03\x04 a thesis")
    return folder


def test_user_folder_as_index_location_is_refused_and_untouched(tmp_path: Path):
    folder = _user_folder(tmp_path)
    before = snapshot(tmp_path)
    line = assert_one_line_error(
        cli("search", "gaji", env={ENV_INDEX_DIR: str(folder)}), str(folder), "not a pmi_law index"
    )
    assert ENV_INDEX_DIR in line
    assert snapshot(tmp_path) == before
    assert temp_leftovers(tmp_path) == []
    assert_one_line_error(cli("index", "build", env={ENV_INDEX_DIR: str(folder)}), str(folder))
    assert snapshot(tmp_path) == before


def test_user_folder_is_refused_by_the_library_too(tmp_path: Path, analyzer):
    folder = _user_folder(tmp_path)
    before = snapshot(tmp_path)
    calls: list[int] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        return fake_encode(texts)

    with pytest.raises(SearchIndexError, match="not a pmi_law index"):
        build_index(
            folder, passages(), encode=encode, analyzer=analyzer, model="m", corpus_hash="c"
        )
    assert calls == []  # refused before any embedding
    assert snapshot(tmp_path) == before
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(folder)
    before = snapshot(tmp_path)
    for target in (tmp_path / "a-file", tmp_path / "link"):
        with pytest.raises(SearchIndexError, match="not a pmi_law index"):
            build_index(
                target, passages(), encode=encode, analyzer=analyzer, model="m", corpus_hash="c"
            )
    assert snapshot(tmp_path) == before and (tmp_path / "link").is_symlink()
    assert calls == [] and temp_leftovers(tmp_path) == []


def test_unwritable_index_location_fails_before_the_work(tmp_path: Path, analyzer, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert_one_line_error(
        cli("search", "gaji", env={ENV_INDEX_DIR: str(blocker / "index")}), ENV_INDEX_DIR, "a-file"
    )
    # a read-only file system (root ignores chmod, so the refusal is simulated)
    import errno

    real_mkdir = os.mkdir

    def read_only(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path / "ro")):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", read_only)
    calls: list[int] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        return fake_encode(texts)

    with pytest.raises(SearchIndexError, match=rf"Read-only file system.*{ENV_INDEX_DIR}"):
        build_index(
            tmp_path / "ro" / "idx",
            passages(),
            encode=encode,
            analyzer=analyzer,
            model="m",
            corpus_hash="c",
        )
    assert calls == []


# ---------------------------------------------------------------------------- damaged indexes


def _shuffle_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    random.Random(1).shuffle(lines)
    path.write_text("".join(lines), encoding="utf-8")


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


DAMAGES = {
    "shuffled passages": lambda f: _shuffle_lines(f / "passages.jsonl"),
    "truncated passages": lambda f: (f / "passages.jsonl").write_bytes(
        (f / "passages.jsonl").read_bytes()[:100]
    ),
    "flipped vector byte": lambda f: _flip_byte(f / "dense.faiss"),
    "lexical file removed": lambda f: (f / "lexical" / "vocab.json").unlink(),
    "extra file": lambda f: (f / "lexical" / "stray.npy").write_bytes(b"x"),
    "extras altered": lambda f: (f / "extras.json").write_text('{"links": {}}', encoding="utf-8"),
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_index_is_never_used(tmp_path: Path, analyzer, damage: str):
    folder = tmp_path / "idx"
    small_index(folder, analyzer)
    load_index(folder, model="m1", corpus_hash="c1")  # intact: loads
    DAMAGES[damage](folder)
    with pytest.raises(IndexStale, match="damaged"):
        load_index(folder, model="m1", corpus_hash="c1")
    small_index(folder, analyzer)  # a rebuild replaces it (the folder is ours)
    assert len(load_index(folder, model="m1", corpus_hash="c1").passages) == 6
    assert temp_leftovers(tmp_path) == []


@pytest.fixture(scope="module")
def real_identity(library) -> tuple[str, str]:
    """The model identity and corpus hash `index status` compares with (no index needed)."""
    from pmi_law.retrieval.model import resolve_model_path
    from pmi_law.retrieval.search import index_identity

    return index_identity(resolve_model_path()), library.corpus_hash()


def test_index_status_reports_damage(tmp_path: Path, analyzer, real_identity):
    model, chash = real_identity
    folder = tmp_path / "idx"
    small_index(folder, analyzer, model=model, corpus_hash=chash)
    env = {ENV_INDEX_DIR: str(folder)}
    ok = cli("index", "status", "--verify", env=env)
    assert ok.returncode == 0 and "every file verified" in ok.stdout, ok.stderr
    assert "6 units, 6 vectors" in ok.stdout
    _shuffle_lines(folder / "passages.jsonl")  # same size: only the checksum sees it
    assert cli("index", "status", env=env).returncode == 0
    assert_one_line_error(cli("index", "status", "--verify", env=env), "passages.jsonl", "altered")
    (folder / "dense.faiss").write_bytes(b"")
    assert_one_line_error(cli("index", "status", env=env), "dense.faiss", "damaged")
    (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    assert_one_line_error(cli("index", "status", env=env), "damaged", "manifest.json")
    missing = cli("index", "status", env={ENV_INDEX_DIR: str(tmp_path / "none")})
    assert missing.returncode == 1 and "No index at" in missing.stdout


KILLED_BUILD = """
import sys, time
import numpy as np
from pathlib import Path
from pmi_law.retrieval.index import build_index
from pmi_law.retrieval.lexical import Analyzer
from pmi_law.retrieval.passages import Passage

def encode(texts):
    print("encoding", flush=True)
    time.sleep(600)

ps = [Passage(f"UU 99/2030 Pasal {i}", f"UU 99/2030 Pasal {i}", "UU 99/2030", "UU", "body", "BAB I", "", "upah") for i in range(1, 4)]
build_index(Path(sys.argv[1]), ps, encode=encode, analyzer=Analyzer(), model="m2", corpus_hash="c2")
"""


def test_killed_build_leaves_old_index_and_its_temp_is_cleaned(tmp_path: Path, analyzer):
    folder = tmp_path / "idx"
    small_index(folder, analyzer)
    before = snapshot(folder)
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "encoding"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    left = temp_leftovers(tmp_path)
    assert left and all(name.startswith(f".idx.tmp-{proc.pid}-") for name in left)
    assert snapshot(folder) == before  # the index in place is untouched
    assert stale_temp_folders(folder) == [tmp_path / name for name in left]

    # folders that look alike but are not ours, or belong to a live build, are kept
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        foreign = tmp_path / f".idx.tmp-{proc.pid}-abcd"
        foreign.mkdir()
        (foreign / "precious.txt").write_text("mine", encoding="utf-8")
        live = tmp_path / f".idx.tmp-{alive.pid}-beef"
        live.mkdir()
        other = tmp_path / ".other.tmp-1-abcd"
        other.mkdir()
        small_index(folder, analyzer)  # the next build cleans up after the killed one
        assert sorted(temp_leftovers(tmp_path)) == sorted([foreign.name, live.name, other.name])
        assert (foreign / "precious.txt").read_text(encoding="utf-8") == "mine"
    finally:
        alive.kill()
        alive.wait()
    assert read_manifest(folder) is not None


# ---------------------------------------------------------------------------- the CLI as a tool


def test_help_and_version_read_plainly():
    for args in (
        ["--help"],
        ["search", "--help"],
        ["parse", "--help"],
        ["index", "status", "--help"],
    ):
        result = cli(*args)
        assert result.returncode == 0, result.stderr
        for tag in ("<bool>", "<str>", "<int", "{query}", "{file}", "<path>", "<list"):
            assert tag not in result.stdout, (args, tag)
    result = cli("--version")
    from pmi_law import __version__

    assert result.returncode == 0 and result.stdout.strip() == f"pmi-law {__version__}"


def test_nonexistent_corpus_folder_warns_once(tmp_path: Path):
    missing = tmp_path / "no-such-folder"
    result = cli("documents", env={"PMI_LAW_CORPUS_PATH": str(missing)})
    assert result.returncode == 0
    warnings = [line for line in stderr_lines(result) if str(missing) in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: ")
    assert "Traceback" not in result.stderr


def test_documents_says_which_files_are_missing(tmp_path: Path, monkeypatch):
    from typer.testing import CliRunner

    import pmi_law.cli as cli_module
    from pmi_law import Library
    from pmi_law.sources.corpus import MANIFEST

    manifest = tmp_path / "manifest.toml"
    manifest.write_text(
        MANIFEST.read_text(encoding="utf-8")
        + '\n[[document]]\ncitation = "UU 99/2030"\ntype = "UU"\nnumber = 99\nyear = 2030\n'
        + 'title = "Uji"\nfile = "uu-99-2030-absent.txt"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(cli_module, "_library", lambda: Library.open(manifest))
    result = CliRunner().invoke(cli_module.app, ["documents"])
    assert result.exit_code == 0
    absent = [line for line in result.output.splitlines() if "uu-99-2030-absent.txt" in line]
    assert any("UU 99/2030" in line and "not found" in line for line in absent), result.output
    json_result = CliRunner().invoke(cli_module.app, ["documents", "--json"])
    rows = {r["citation"]: r for r in json.loads(json_result.stdout)}
    assert rows["UU 99/2030"]["found"] is False and rows["UU 18/2017"]["found"] is True


def _closed_reader(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI with its stdout pipe closed before it writes: a reader that went away."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pmi_law.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=600)
    return subprocess.CompletedProcess(proc.args, proc.returncode, "", err)


@pytest.mark.parametrize(
    "args",
    [["documents"], ["show", "UU 18/2017 Pasal 6"], ["parse", "--json", "{corpus}/uu-18-2017.txt"]],
)
def test_closed_pipe_is_quiet(args: list[str], corpus_dir: Path):
    args = [a.replace("{corpus}", str(corpus_dir)) for a in args]
    result = _closed_reader(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


# ---------------------------------------------------------------------------- search (needs the index)


def test_search_filters_and_pipes(library):
    library.searcher()  # build (once) or load the default index
    with pytest.raises(QueryError, match="ZZZ"):
        library.search("gaji", bab="ZZZ")
    with pytest.raises(QueryError, match="XYZ"):
        library.search("gaji", doc_type="XYZ")
    assert library.search("gaji", doc_type="uu", k=3)
    assert_one_line_error(
        cli("search", "gaji", "--bab", "ZZZ"), "bab must be a roman numeral", "ZZZ"
    )
    assert_one_line_error(cli("search", "gaji", "--type", "XYZ"), "XYZ", "UU")
    result = subprocess.run(
        [
            "bash",
            "-o",
            "pipefail",
            "-c",
            f"'{sys.executable}' -m pmi_law.cli search gaji -k 100 --json | head -1",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=600,
    )
    assert result.returncode == 0 and result.stdout.strip() == "[", result.stderr
    assert result.stderr.strip() == ""
    closed = _closed_reader("search", "gaji", "-k", "50")
    assert closed.returncode == 0 and closed.stderr.strip() == "", closed.stderr
    raw = cli("search", os.fsdecode(b"gaji \xff paspor"), "-k", "3", "--json")
    assert raw.returncode == 0 and "Traceback" not in raw.stderr, raw.stderr
    assert [h["citation"] for h in json.loads(raw.stdout)] == [
        h.citation for h in library.search("gaji paspor", k=3)
    ]


def test_concurrent_searches_match_serial(library):
    queries = [
        "majikan menahan paspor saya",
        "gaji tidak dibayar",
        "agen memotong gaji",
        "Pasal 6 ayat (1)",
        "apa yang dimaksud dengan SIP3MI",
        "calo menjanjikan pekerjaan",
        "sanksi pidana perusahaan penempatan",
        "jaminan sosial pekerja migran",
        "hak keluarga pekerja migran",
        "pelatihan kerja sebelum berangkat",
    ] * 10
    serial = [[(h.citation, round(h.score, 9)) for h in library.search(q, k=5)] for q in queries]
    with ThreadPoolExecutor(max_workers=16) as pool:
        parallel = list(
            pool.map(
                lambda q: [(h.citation, round(h.score, 9)) for h in library.search(q, k=5)], queries
            )
        )
    assert len(parallel) == 100
    assert parallel == serial
    assert all(serial)


def test_search_with_huge_query(library):
    hits = library.search("gaji " * 20_000, k=3)
    assert hits and all(h.citation for h in hits)
