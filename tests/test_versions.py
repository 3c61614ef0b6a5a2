"""Versions of the real amended laws: UU 18/2017 (complete chain) and UU 13/2003 (not)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import date

import pytest

from pmi_law import Library
from pmi_law.citations import ALIASES, Citation
from pmi_law.errors import UnknownCitation
from pmi_law.retrieval.search import Hit
from pmi_law.views import document_rows


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pmi_law.cli", *args], capture_output=True, text=True, timeout=300
    )


UU11 = date(2020, 11, 2)
PERPPU = date(2022, 12, 30)

# What the manifest used to list by hand: now read from UU 11/2020 Pasal 84 itself.
UU11_CHANGES_TO_UU18 = {
    "Pasal 1": "diubah",
    "Pasal 51": "diubah",
    "Pasal 53": "diubah",
    "Pasal 57": "diubah",
    "Pasal 89A": "disisipkan",
}


def _changes_by(library: Library, law: str, amending: str) -> dict[str, str]:
    out = {}
    for pasal in library.document(law).nodes("pasal"):
        for v in library.versions(pasal):
            if v.by and v.by.startswith(amending + " angka"):
                out[pasal.label] = v.change
    return out


def test_uu18_changes_read_from_both_amending_texts(library):
    assert _changes_by(library, "UU 18/2017", "UU 11/2020 Pasal 84") == UU11_CHANGES_TO_UU18
    assert _changes_by(library, "UU 18/2017", "Perppu 2/2022 Pasal 84") == UU11_CHANGES_TO_UU18
    assert not library.timeline("UU 18/2017").problems
    assert not library.timeline("UU 18/2017").missing


def test_pasal_51_as_of(library):
    base = library.base_document("UU 18/2017").get("Pasal 51")
    latest = library.get("UU 18/2017 Pasal 51")
    assert "Perizinan Berusaha" in latest.full_text() and "SIP3MI" not in latest.full_text()
    before = library.get("UU 18/2017 Pasal 51", as_of="2019-01-01")
    assert before.full_text() == base.full_text() and "SIP3MI" in before.full_text()
    versions = library.versions(latest)
    assert [(v.change, v.valid_from, v.valid_to) for v in versions] == [
        ("asli", date(2017, 11, 22), UU11),
        ("diubah", UU11, PERPPU),
        ("diubah", PERPPU, None),
    ]
    assert [v.by for v in versions] == [
        None,
        "UU 11/2020 Pasal 84 angka 2",
        "Perppu 2/2022 Pasal 84 angka 2",
    ]
    assert library.get("UU 18/2017 Pasal 51", as_of="2021-06-01").full_text() == versions[1].text
    assert (
        library.get("UU 18/2017 Pasal 51", as_of=date(2023, 1, 1)).full_text() == versions[2].text
    )
    # the day before and the day of each change
    assert library.get("UU 18/2017 Pasal 51", as_of="2020-11-01").full_text() == versions[0].text
    assert library.get("UU 18/2017 Pasal 51", as_of="2022-12-30").full_text() == versions[2].text


def test_pasal_89a_exists_from_its_date(library):
    with pytest.raises(UnknownCitation, match="not yet in force"):
        library.get("UU 18/2017 Pasal 89A", as_of="2020-11-01")
    inserted = library.get("UU 18/2017 Pasal 89A", as_of="2020-11-02")
    assert "Cipta Kerja" in inserted.text
    assert "Undang-Undang ini" in library.get("UU 18/2017 Pasal 89A").text
    assert [v.change for v in library.versions(inserted)] == ["disisipkan", "disisipkan"]
    numbers = [p.number for p in library.document("UU 18/2017").nodes("pasal")]
    assert numbers[numbers.index("89") + 1] == "89A"


def test_pasal_1_partial_change_keeps_primary_text(library):
    base = library.base_document("UU 18/2017").get("Pasal 1")
    latest = library.document("UU 18/2017").get("Pasal 1")
    assert [c.number for c in latest.children] == [c.number for c in base.children]
    changed = [
        c.number for c, o in zip(latest.children, base.children, strict=True) if c.text != o.text
    ]
    assert changed == ["9", "16"]
    for as_of in ("2021-01-01", None):
        doc = library.document("UU 18/2017", as_of)
        assert "Pemerintah Pusat" in doc.get("Pasal 1 angka 9").text
        assert "Pemerintah Pusat" in doc.get("Pasal 1 angka 16").text
        assert doc.get("Pasal 1 angka 4").text == base.children[3].text
    assert "Menteri" in library.document("UU 18/2017", "2019").get("Pasal 1 angka 9").text
    angka_9 = library.versions(library.get("UU 18/2017 Pasal 1 angka 9"))
    assert [v.by for v in angka_9] == [
        None,
        "UU 11/2020 Pasal 84 angka 1",
        "Perppu 2/2022 Pasal 84 angka 1",
    ]
    assert len(library.versions(library.get("UU 18/2017 Pasal 1 angka 4"))) == 1


def test_define_as_of(library):
    assert "Pemerintah Pusat" in library.define("P3MI")[0].text
    assert "Menteri" in library.define("P3MI", as_of="2018-01-01")[0].text
    assert "Pemerintah Pusat" in library.define("SIP3MI", as_of="2021-01-01")[0].text


def test_uu13_deleted_inserted_and_incomplete_chain(library):
    deleted = library.get("UU 13/2003 Pasal 65")
    assert deleted.text == "Dihapus." and not deleted.children
    history = library.versions(deleted)
    assert [(v.change, v.by) for v in history] == [
        ("asli", None),
        ("dihapus", "UU 11/2020 Pasal 81 angka 19"),
    ]
    assert "perjanjian pemborongan" in history[0].text
    assert "pemborongan" in library.get("UU 13/2003 Pasal 65", as_of="2019-01-01").full_text()
    inserted = [
        p.number for p in library.document("UU 13/2003").nodes("pasal") if p.number.startswith("88")
    ]
    assert inserted == ["88", "88A", "88B", "88C", "88D", "88E"]
    with pytest.raises(UnknownCitation):
        library.get("UU 13/2003 Pasal 88A", as_of="2019-01-01")
    notes = " ".join(library.notes(library.get("UU 13/2003 Pasal 88A")))
    assert "Perppu 2/2022" in notes and "UU 6/2023" in notes
    # even a unit UU 11/2020 left alone may have been changed by the missing Perppu Pasal 81
    assert any("Perppu 2/2022" in n for n in library.notes(library.get("UU 13/2003 Pasal 1")))
    assert library.status_label("UU 13/2003") != "berlaku"
    assert "Perppu 2/2022 Pasal 81" in library.status_label("UU 13/2003")
    # UU 18/2017's chain is complete: no such note
    assert library.notes(library.get("UU 18/2017 Pasal 51")) == []


def test_uu11_is_an_omnibus_with_its_own_186_pasal(library):
    uu11 = library.document("UU 11/2020")
    assert [p.number for p in uu11.nodes("pasal")] == [str(n) for n in range(1, 187)]
    assert [b.number for b in uu11.nodes("bab")][-1] == "XV"
    pasal_84 = uu11.get("Pasal 84")
    assert [c.label for c in pasal_84.children] == [f"Pasal 84 angka {n}" for n in range(1, 6)]
    assert "Pasal 89A" in uu11.get("Pasal 84 angka 5").text
    # Pasal 15 ends where Pasal 16 starts; Pasal 117-120 have their text
    assert uu11.get("Pasal 16").full_text()[:40] not in uu11.get("Pasal 15").full_text()
    for number in range(117, 121):
        assert uu11.get(f"Pasal {number}").full_text().strip()
    # its Penjelasan lands on the instruction it explains
    assert "Pasal 51" in (uu11.get("Pasal 84 angka 2").elucidation or "")


def test_excerpt_and_enacting_law(library):
    perppu = library.document("Perppu 2/2022")
    assert [p.number for p in perppu.nodes("pasal")] == ["84"]
    assert library.get("Lampiran UU 6/2023 Pasal 84").citation == "Perppu 2/2022 Pasal 84"
    assert Citation.parse("Lampiran UU 6/2023 Pasal 84 angka 2").document == "Perppu 2/2022"
    assert [p.number for p in library.document("UU 6/2023").nodes("pasal")] == ["1", "2"]
    rows = {r["citation"]: r for r in document_rows(library)}
    assert rows["UU 18/2017"]["amended_by"] == ["UU 11/2020 Pasal 84", "Perppu 2/2022 Pasal 84"]
    assert "Perppu 2/2022 Pasal 84 → UU 18/2017" in rows["Perppu 2/2022"]["amends"]
    assert rows["Skripsi BP3MI-NTB"]["status"] == "karya ilmiah (bukan peraturan)"
    assert all(r["date"] for c, r in rows.items() if not c.startswith("Skripsi"))


def test_opening_a_library_changes_no_global_table():
    before = dict(ALIASES)
    Library.open()
    assert before == ALIASES


def test_search_hits_carry_text_as_of(library, monkeypatch):
    latest = library.get("UU 18/2017 Pasal 51")
    hits = [
        Hit("UU 18/2017 Pasal 51", "UU 18/2017 Pasal 51", "UU 18/2017", latest.full_text(), 1.0),
        Hit("UU 18/2017 Pasal 89A", "UU 18/2017 Pasal 89A", "UU 18/2017", "x", 0.5),
        Hit("UU 21/2007 Pasal 1", "UU 21/2007 Pasal 1", "UU 21/2007", "y", 0.1),
    ]

    class FakeSearcher:
        def search(self, query, k=10, **filters):
            return hits

        def highlights(self, query, text):
            return ("izin",) if "izin" in text.lower() else ()

    monkeypatch.setattr(library, "_searcher", FakeSearcher())
    old = library.search("izin", as_of="2019-06-01")
    assert [h.citation for h in old] == ["UU 18/2017 Pasal 51", "UU 21/2007 Pasal 1"]
    assert "SIP3MI" in old[0].text
    assert library.search("izin") == hits
    assert dataclasses.replace(hits[0]).text == latest.full_text()


def test_cli_show_as_of_and_history():
    shown = run("show", "UU 18/2017 Pasal 51", "--as-of", "2019-01-01", "--history")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[1].startswith("Teks asli, berlaku sejak 2017-11-22 sampai 2020-11-02")
    assert "SIP3MI" in lines[2]
    assert "Riwayat" in shown.stdout and "Perppu 2/2022 Pasal 84 angka 2" in shown.stdout
    latest = run("show", "UU 18/2017 Pasal 51")
    assert latest.stdout.splitlines()[1].startswith(
        "Diubah oleh Perppu 2/2022 Pasal 84 angka 2, berlaku sejak 2022-12-30"
    )
    assert "Perizinan Berusaha" in latest.stdout.splitlines()[2]
    data = json.loads(run("show", "UU 13/2003 Pasal 65", "--json").stdout)
    assert [v["change"] for v in data["versions"]] == ["asli", "dihapus"]
    assert data["version"]["change"] == "dihapus" and data["notes"]
    missing = run("show", "UU 18/2017 Pasal 89A", "--as-of", "2019-01-01")
    assert missing.returncode == 1 and "not yet in force" in missing.stderr
    thesis = json.loads(run("show", "Skripsi BP3MI-NTB Abstrak", "--json").stdout)
    assert thesis["status"] == "karya ilmiah (bukan peraturan)"


@pytest.mark.parametrize("law", ["UU 18/2017", "UU 13/2003"])
def test_unchanged_units_are_byte_identical(library, law):
    base = library.base_document(law)
    latest = library.document(law)
    unchanged = 0
    for node in latest.nodes():
        if node.kind in ("bab", "bagian", "paragraf"):
            continue
        versions = library.versions(node)
        if len(versions) == 1 and versions[0].change == "asli":
            original = base.find(node.path)
            assert original is not None and original.text == node.text, node.citation
            unchanged += 1
    assert unchanged > len(latest.nodes("pasal"))  # most of the law is untouched
