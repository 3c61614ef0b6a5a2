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
    assert checks and all(not c.lost_without_note for c in checks if not c.version)
    # "ok" only when the structure and the text figures say so: the clean texts are; the OCR
    # ones are not while markers remain in their words or OCR noise is over the bar, and say so
    clean = {c.file: c for c in checks if not c.version}
    for name in (
        "uu-18-2017.txt",
        "uu-13-2003.txt",
        "uu-6-2012.txt",
        "uu-39-2004.data-peraturan.md",
    ):
        assert clean[name].ok and clean[name].structure.ok, name
    # PP 22/2022: no marker left in its words and no silent break of its sequence; the
    # Penjelasan entry the source prints under huruf i of Pasal 17 ayat (2) goes to huruf l,
    # the one item holding the term it explains (with a note)
    pp22 = clean["pp-22-2022.data-peraturan.md"].structure
    assert pp22.markers_in_text == [] and pp22.sequence_breaks == []
    assert pp22.ok and pp22.penjelasan_misaligned == []
    uu11 = clean["uu-11-2020.data-peraturan.md"]
    assert not uu11.ok and uu11.suspicious_rate_after > 0
    pp59 = clean["pp-59-2021.data-peraturan.md"]
    assert pp59.bab == 7 and pp59.furniture == [] and pp59.penjelasan_pasal == pp59.pasal_found
    assert pp59.text_ok  # repaired: its OCR noise is under the bar
    assert clean["uu-39-2004.data-peraturan.md"].bagian == 7
    assert all(c.empty_without_note == [] for c in clean.values())
    assert all(
        c.furniture == [] for c in clean.values() if c.file != "uu-11-2020.data-peraturan.md"
    )


def test_cli_check_one_document_json():
    result = runner.invoke(app, ["check", "UU 6/2012", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["citation"] for d in data] == ["UU 6/2012"] * 2 and data[0]["ok"] is True
    assert data[0]["structure"]["ok"] is True and data[0]["structure"]["penjelasan_attached"] >= 2
    # an OCR text with a silent defect is not "ok", and the exit code says so (UU 11/2020: an
    # OCR'd ayat number it cannot read, and noise over the bar); PP 22/2022's Penjelasan entry
    # printed under the wrong huruf now sits on the item it names, with a note: ok, exit 0;
    # markers left in the words with a note are told, not silent (PP 59/2021)
    result = runner.invoke(app, ["check", "UU 11/2020", "--json"])
    assert result.exit_code == 1
    (uu11,) = json.loads(result.output)
    assert uu11["ok"] is False and uu11["structure"]["references_unresolved"]
    result = runner.invoke(app, ["check", "PP 22/2022", "--json"])
    assert result.exit_code == 0, result.output
    (pp22,) = json.loads(result.output)
    assert pp22["ok"] is True and pp22["structure"]["penjelasan_misaligned"] == []
    assert pp22["lost_without_note"] == []
    (pp59,) = json.loads(runner.invoke(app, ["check", "PP 59/2021", "--json"]).output)
    assert pp59["structure"]["markers_in_text"] == []


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
        check,
        "corpus_checks",
        lambda document=None, load=None, timeline=None: [check_document(doc, "x.txt")],
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
    assert not report.lost_without_note and report.pasal_found == 38 and report.bab == 5
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


# --------------------------------------------------------------------------- structure figures

_HEAD = "PERATURAN PEMERINTAH NOMOR 97 TAHUN 2031 TENTANG CONTOH\n"


@pytest.mark.parametrize(
    ("body", "breaks", "markers", "unresolved"),
    [
        ("Pasal 1\n(1) Satu.\n(2) Dua.\nPasal 2\nDua.\n", [], [], []),
        # an ayat (3) after ayat (1): the parser notes the lost ayat (2), so it is told
        ("Pasal 1\n(1) Satu.\n(3) Tiga.\nPasal 2\nDua.\n", [], [], []),
        # an ayat marker the sequence cannot prove stays in the words with a note: told, so
        # not silent (a tree built without the parser's notes is counted: the test below)
        ("Pasal 1\n(1) Satu hal; (5) Lima hal.\nPasal 2\nDua.\n", [], [], []),
        # a reference to a Pasal the text does not have
        (
            "Pasal 1\nSatu.\nPasal 2\nSebagaimana dimaksud dalam Pasal 9 ayat (1).\n",
            [],
            [],
            ["Pasal 2"],
        ),
    ],
)
def test_structure_figures_table(body, breaks, markers, unresolved):
    report = check_document(parse_text(_HEAD + body, INFO))
    s = report.structure
    assert [b.split(":")[0] for b in s.sequence_breaks] == breaks
    assert [m.split(":")[0] for m in s.markers_in_text] == markers
    assert [r.split(":")[0] for r in s.references_unresolved] == unresolved
    assert report.ok == (not (breaks or markers or unresolved))


def test_structure_figures_count_silent_defects_only():
    doc = Document(INFO)
    pasal = doc.add(Node("pasal", "1"))
    pasal.add(Node("ayat", "1", "Satu."))
    pasal.add(Node("ayat", "3", "Tiga. (4) Empat dan seterusnya."))
    doc.attach()
    s = check_document(doc).structure
    assert s.sequence_breaks == ["Pasal 1 ayat (3)"]
    assert s.markers_in_text == ["Pasal 1 ayat (3): (4)"]
    assert not s.ok
    pasal.children[1].notes.append("ayat (2) not found in the source (OCR)")
    s = check_document(doc).structure
    assert s.ok and s.sequence_breaks_noted == 1 and s.markers_in_text_noted == 1


def test_misaligned_penjelasan_is_counted():
    doc = Document(INFO)
    pasal = doc.add(Node("pasal", "1", "Pekerja berhak atas:"))
    a = pasal.add(Node("huruf", "a", "upah yang layak;"))
    pasal.add(Node("huruf", "b", "cuti tahunan."))
    doc.attach()
    a.elucidation = 'Yang dimaksud dengan "cuti tahunan" adalah istirahat.'
    s = check_document(doc).structure
    assert s.penjelasan_misaligned == ["Pasal 1 huruf a"] and not s.ok


def test_amended_versions_are_checked():
    checks = corpus_checks("UU 13/2003")
    versions = [c for c in checks if c.version]
    assert len(versions) == 1 and "UU 11/2020 Pasal 81" in versions[0].version
    lines = format_report(checks)
    assert any("as amended by UU 11/2020 Pasal 81" in line for line in lines)
    assert any(line.startswith("  structure:") for line in lines)
