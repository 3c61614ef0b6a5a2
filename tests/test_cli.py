"""The CLI as a user meets it: help everywhere, one clear line and exit 1 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pmi_law.cli import app

runner = CliRunner()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pmi_law.cli", *args], capture_output=True, text=True, timeout=300
    )


def _commands(typer_app) -> list[list[str]]:
    import typer.main

    group = typer.main.get_command(typer_app)
    out = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(cmd, "commands"):
            out += [[name, sub] for sub in cmd.commands]
        else:
            out.append([name])
    return out


def test_every_command_has_help():
    commands = _commands(app)
    assert {"search", "show", "define", "documents", "parse", "eval"} <= {c[0] for c in commands}
    for command in commands:
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, command
        assert "Usage" in result.output


def test_help_does_not_import_heavy_modules():
    code = "import sys; from pmi_law.cli import app; print(sorted(m for m in ('torch','faiss','sentence_transformers','spacy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _assert_one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "UU 18/2017 Pasal 999"], "Pasal 999"),
        (["show", "Pasal x7"], "x7"),
        (["show", "UU 1/1900 Pasal 1"], "UU 1/1900"),
        (["define", "istilah-yang-tidak-ada"], "no definition"),
        (["parse", "/nonexistent/file.txt"], "no such file"),
        (["search", "   "], "empty query"),
        (["search", "?!"], "no words"),
    ],
)
def test_errors_are_one_line(args, needle):
    _assert_one_line_error(run(*args), needle)


def test_parse_bad_files(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    _assert_one_line_error(run("parse", str(empty)), "empty")
    binary = tmp_path / "blob.bin"
    binary.write_bytes(bytes(range(256)) * 20)
    _assert_one_line_error(run("parse", str(binary)), "not a text or PDF file")
    scanned = tmp_path / "scan.pdf"
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(scanned))
    c.rect(50, 50, 400, 600, fill=1)
    c.showPage()
    c.save()
    _assert_one_line_error(run("parse", str(scanned)), "no text layer")


def test_show_define_documents_parse(corpus_dir: Path):
    shown = run("show", "UU PPMI Pasal 69", "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["citation"] == "UU 18/2017 Pasal 69"
    assert "UU 18/2017 Pasal 81" in data["cited_by"]
    assert data["status"].startswith("berlaku dengan perubahan")
    amended = json.loads(run("show", "UU 18/2017 Pasal 51", "--json").stdout)
    assert amended["amended_by"] == [
        "UU 11/2020 Pasal 84 angka 2",
        "Perppu 2/2022 Pasal 84 angka 2",
    ]
    text = run("show", "Pasal 2 huruf a").stdout
    assert "asas keterpaduan" in text
    define = json.loads(run("define", "SIP3MI", "--json").stdout)
    assert define[0]["citation"] == "UU 18/2017 Pasal 1 angka 16"
    docs = json.loads(run("documents", "--json").stdout)
    status = {d["citation"]: d["status"] for d in docs}
    assert status["UU 39/2004"].startswith("dicabut") and status["UU 18/2017"].startswith("berlaku")
    parsed = run("parse", str(corpus_dir / "uu-18-2017.txt"))
    assert parsed.returncode == 0 and "pasal" in parsed.stdout and "91" in parsed.stdout


def test_documents_prints_what_amends_what():
    """Each amended law is followed by the Pasal that amend it, each amending law by what it
    amends (the lines come from the same rows as `documents --json`)."""
    from pmi_law import Library
    from pmi_law.views import document_rows

    rows = document_rows(Library.open())
    shown = run("documents")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    starts = {row["citation"]: i for i, row in enumerate(rows)}
    blocks: dict[str, list[str]] = {}
    current = None
    for line in lines:
        first = line.split("  ")[0].strip()
        if not line.startswith(" ") and first in starts:
            current = first
            blocks[current] = []
        elif current is not None:
            blocks[current].append(line.strip())
    assert list(blocks) == [row["citation"] for row in rows]
    amended = [row for row in rows if row["amended_by"]]
    amending = [row for row in rows if row["amends"]]
    assert amended and amending  # UU 18/2017 and UU 13/2003; UU 11/2020 and Perppu 2/2022
    for row in rows:
        expected = []
        if row["amended_by"]:
            expected.append("diubah oleh: " + ", ".join(row["amended_by"]))
        if row["amends"]:
            expected.append("mengubah: " + ", ".join(row["amends"]))
        assert blocks[row["citation"]] == expected, row["citation"]
    assert "diubah oleh: UU 11/2020 Pasal 84, Perppu 2/2022 Pasal 84" in blocks["UU 18/2017"]
    assert any(line.startswith("mengubah: ") for line in blocks["Perppu 2/2022"])


def _serve_and_get(*flags: str) -> str:
    """Start `pmi-law serve` on a free port, GET /api/health once, stop it; its stderr."""
    import os
    import signal
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pmi_law.cli", "serve", "--port", str(port), *flags],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + 600  # loading the index; not a timing assertion
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health") as r:
                    assert r.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGINT if os.name == "posix" else signal.SIGTERM)
        try:
            _, stderr = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, stderr = proc.communicate()
    return stderr


def test_serve_logs_each_request_unless_told_not_to():
    from pmi_law import Library

    Library.open().searcher()  # the index exists before the servers start
    logged = _serve_and_get()
    assert 'GET /api/health HTTP/1.1" 200' in logged, logged
    quiet = _serve_and_get("--no-access-log")
    assert "Serving on http://127.0.0.1:" in quiet
    assert "GET /api/health" not in quiet, quiet


def test_delegations_command_and_show_sections():
    listed = run("delegations", "UU PPMI", "--json")
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    assert data["counts"]["by_kind"] == {
        "Peraturan Badan": 3,
        "PP": 11,
        "Perpres": 2,
        "Peraturan Menteri": 11,
    }
    text = run("delegations", "PP 10/2020").stdout
    assert "PP 10/2020 Pasal 16 ayat (3)" in text and "Peraturan BP2MI 2/2021" in text
    shown = run("show", "UU 18/2017 Pasal 50 ayat (2)").stdout
    assert "Dilaksanakan oleh:" in shown and "PP 10/2020 Pasal 3 ayat (1)" in shown
    back = run("show", "PP 22/2022 Pasal 2").stdout
    assert "Melaksanakan:" in back and "UU 18/2017 Pasal 64" in back
    bad = run("delegations", "UU 99/2099")
    assert bad.returncode == 1 and "unknown document" in bad.stderr
