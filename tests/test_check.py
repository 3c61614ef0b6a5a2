"""`pmi-law check`: the figures per document, and the one failure (a Pasal lost silently)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pmi_law.cli import app
from pmi_law.models import Document, DocumentInfo, Node
from pmi_law.sources.check import check_document, corpus_checks, format_report
from pmi_law.sources.parse import parse_text

runner = CliRunner()
INFO = DocumentInfo("PP", "97", "2031", "Contoh", citation="PP 97/2031")


def _doc(numbers: list[str]) -> Document:
    doc = Document(INFO)
    for n in numbers:
        doc.add(Node("pasal", n, text=f"Isi pasal {n}."))
    doc.attach()
    return doc


@pytest.mark.parametrize(
    ("numbers", "empty", "noted", "lost", "silent", "disorder"),
    [
        (["1", "2", "3"], [], [], [], [], []),
        (["1", "3"], [], [], ["2"], ["2"], []),  # a number with no unit at all
        (["1", "2", "3"], ["2"], ["2"], [], [], []),  # empty, with a note saying why
        (["1", "2", "3"], ["3"], [], [], ["3"], []),  # empty and silent
        (["1", "3", "2"], [], [], [], [], ["2"]),
        (["1", "2", "2A", "3"], [], [], [], [], []),
    ],
)
def test_sequence_figures(numbers, empty, noted, lost, silent, disorder):
    doc = Document(INFO)
    for n in numbers:
        pasal = doc.add(Node("pasal", n, text="" if n in empty else f"Isi pasal {n}."))
        if n in noted:
            pasal.notes.append("heading and text lost in the source")
    doc.attach()
    report = check_document(doc)
    assert report.pasal_lost == lost
    assert report.lost_without_note == silent
    assert report.pasal_out_of_order == disorder
    assert report.ok == (not silent)


def test_furniture_is_reported():
    doc = _doc(["1"])
    doc.get("Pasal 1").text = "Pekerja dilindungi. PRES I DEN REPUBLIK INDONESIA -3-"
    report = check_document(doc)
    assert len(report.furniture) >= 1 and report.furniture[0].startswith("Pasal 1")
    assert any("furniture" in line for line in format_report([report]))


def test_penjelasan_and_definitions_counted():
    text = (
        "PERATURAN PEMERINTAH NOMOR 97 TAHUN 2031 TENTANG CONTOH\n"
        "Pasal 1\nDalam Peraturan Pemerintah ini yang dimaksud dengan:\n"
        "1. Pekerja adalah orang yang bekerja.\n2. Badan adalah lembaga.\n"
        "Pasal 2\nPekerja dilindungi.\n"
        "PENJELASAN\nI. UMUM\nCukup.\nII. PASAL DEMI PASAL\nPasal 1\nCukup jelas.\n"
    )
    report = check_document(parse_text(text, INFO))
    assert report.definitions == 2
    assert report.has_penjelasan and report.penjelasan_pasal == 1


def test_corpus_has_no_silent_loss():
    checks = corpus_checks()
    assert checks and all(not c.lost_without_note for c in checks)
    by_file = {c.file: c for c in checks}
    # "ok" only when the text figures say so too: the clean texts and the repaired PP are;
    # the noisiest OCR (UU 11/2020) is not, and says so
    for name in ("uu-18-2017.txt", "uu-13-2003.txt", "pp-59-2021.data-peraturan.md"):
        assert by_file[name].ok, name
    uu11 = by_file["uu-11-2020.data-peraturan.md"]
    assert uu11.suspicious_rate_after > 0 and uu11.ok == uu11.text_ok
    pp59 = by_file["pp-59-2021.data-peraturan.md"]
    assert pp59.bab == 7 and pp59.furniture == [] and pp59.penjelasan_pasal == pp59.pasal_found
    assert by_file["uu-39-2004.data-peraturan.md"].bagian == 7
    assert all(c.empty_without_note == [] for c in checks)
    assert all(c.furniture == [] for c in checks if c.file != "uu-11-2020.data-peraturan.md")


def test_cli_check_one_document_json():
    result = runner.invoke(app, ["check", "PP 59/2021", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["citation"] for d in data] == ["PP 59/2021"] and data[0]["ok"] is True


def test_cli_check_unknown_document():
    result = runner.invoke(app, ["check", "PP 1/1900"])
    assert result.exit_code == 1


def test_cli_check_exits_1_on_silent_loss(monkeypatch):
    from pmi_law.sources import check

    doc = Document(INFO)
    doc.add(Node("pasal", "1", text="Satu."))
    doc.add(Node("pasal", "3", text="Tiga."))
    doc.attach()
    monkeypatch.setattr(
        check, "corpus_checks", lambda document=None, load=None: [check_document(doc, "x.txt")]
    )
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    assert "lost without a note: Pasal 2" in result.output


def test_cli_check_a_file_with_a_noted_gap(tmp_path):
    f = tmp_path / "gap.txt"
    f.write_text(
        "PERATURAN PEMERINTAH NOMOR 97 TAHUN 2031 TENTANG CONTOH\n"
        "Pasal 1\nSatu.\nPasal 2\n\nPasal 3\nTiga.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["check", str(f)])
    # Pasal 2 has no text but says why (a note), so the report is clean
    assert result.exit_code == 0, result.output
    assert "PP 97/2031" in result.output


def test_cli_parse_warns_on_several_statutes(tmp_path, corpus_dir):
    two = tmp_path / "dua.txt"
    two.write_text(
        (corpus_dir / "uu-18-2017.txt").read_text(encoding="utf-8")
        + "\n"
        + (corpus_dir / "uu-6-2012.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["parse", str(two)])
    assert result.exit_code == 0
    assert "2 statutes" in result.output and "UU 6/2012" in result.output
    one = runner.invoke(app, ["parse", str(corpus_dir / "uu-6-2012.txt")])
    assert "statutes" not in one.output


def test_show_prints_why_a_unit_is_empty():
    result = runner.invoke(app, ["show", "UU 21/2007 Pasal 2"])
    assert result.exit_code == 0, result.output
    assert "(no text)" in result.output and "Catatan" in result.output
    data = json.loads(runner.invoke(app, ["show", "PP 59/2021 Pasal 40", "--json"]).output)
    assert data["text"] or data["children"]
    assert any("recovered" in n for n in data["notes"])


def test_pp10_2020_gaps_are_reported():
    """PP 10/2020's only copy is a body: the check says what the source lacks, and the
    manifest note says it to every reader (status, date from a secondary source)."""
    from pmi_law.sources.corpus import load_manifest

    (report,) = corpus_checks("PP 10/2020")
    assert report.ok and report.pasal_found == 38 and report.bab == 5
    assert not (report.has_menimbang or report.has_penjelasan or report.has_signature)
    lines = format_report([report])
    assert "  not in the source: Menimbang, signature block" in lines
    assert "no Penjelasan" in lines[0]
    entry = next(e for e in load_manifest() if e.citation == "PP 10/2020")
    assert entry.date == "2020-01-31" and entry.date_unverified
    assert entry.note is not None
    for words in ("Menimbang", "Penjelasan", "belum diverifikasi", "PP 4/2013"):
        assert words in entry.note
    (uu18,) = corpus_checks("UU 18/2017")[:1]
    assert uu18.has_menimbang
