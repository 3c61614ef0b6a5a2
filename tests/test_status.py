"""Status per unit and per date (pmi_law/status.py), on the real corpus and on versions
written here; and the versions list as dated lines."""

from __future__ import annotations

from datetime import date

import pytest

from pmi_law.sources.versions import Version
from pmi_law.status import (
    caveats,
    corpus_date,
    document_status,
    unit_status,
    version_at,
    version_label,
)
from pmi_law.views import provision_view

D = date.fromisoformat


@pytest.mark.parametrize(
    ("citation", "as_of", "kind", "words"),
    [
        # amended twice: the status names the amendment in force on the date, never a later one
        ("UU 18/2017 Pasal 51", None, "diubah", "diubah oleh Perppu 2/2022 Pasal 84 angka 2"),
        ("UU 18/2017 Pasal 51", "2021-06-01", "diubah", "diubah oleh UU 11/2020 Pasal 84 angka 2"),
        ("UU 18/2017 Pasal 51", "2019-01-01", "berlaku", "berlaku sejak 2017-11-22"),
        ("UU 18/2017 Pasal 51", "2010-01-01", "belum-berlaku", "belum berlaku pada 2010-01-01"),
        # an unamended Pasal of an amended law is plain "berlaku", not the law's label
        ("UU 18/2017 Pasal 69", None, "berlaku", "berlaku sejak 2017-11-22 (teks asli)"),
        ("UU 18/2017 Pasal 89A", None, "disisipkan", "disisipkan oleh Perppu 2/2022 Pasal 84"),
        ("UU 18/2017 Pasal 89A", "2019-01-01", "belum-berlaku", "disisipkan oleh UU 11/2020"),
        ("UU 13/2003 Pasal 64", None, "dihapus", "dihapus oleh UU 11/2020 Pasal 81"),
        ("UU 13/2003 Pasal 64", "2019-01-01", "berlaku", "berlaku sejak 2003-03-25"),
        ("UU 39/2004 Pasal 1", None, "dicabut", "dicabut oleh UU 18/2017 Pasal 89"),
        ("UU 39/2004 Pasal 1", "2010-01-01", "berlaku", "kemudian dicabut oleh UU 18/2017"),
        ("UU 11/2020 Pasal 84", None, "diganti", "dicabut dan diganti oleh Perppu 2/2022"),
        ("UU 11/2020 Pasal 84", "2021-06-01", "berlaku", "berlaku sejak 2020-11-02"),
        ("PP 59/2021 Pasal 3", "2019-01-01", "belum-berlaku", "berlaku sejak 2021-04-07"),
        ("Skripsi BP3MI-NTB Abstrak", None, "karya-ilmiah", "karya ilmiah"),
    ],
)
def test_unit_status(library, citation, as_of, kind, words):
    when = D(as_of) if as_of else None
    node = library.get(citation)  # the latest wording: the status is read from its versions
    status = unit_status(library, node, when)
    assert status.kind == kind, status
    assert words in status.label, status
    assert status.in_force == (kind in ("berlaku", "diubah", "disisipkan"))
    if when is not None and when < D("2020-11-02"):
        assert "2022" not in status.label and "Perppu" not in status.label


@pytest.mark.parametrize(
    ("citation", "as_of", "kind", "words"),
    [
        ("UU 18/2017", None, "berlaku-dengan-perubahan", "terakhir oleh Perppu 2/2022 Pasal 84"),
        ("UU 18/2017", "2021-06-01", "berlaku-dengan-perubahan", "terakhir oleh UU 11/2020"),
        ("UU 18/2017", "2019-01-01", "berlaku", "berlaku"),
        ("UU 18/2017", "2016-01-01", "belum-berlaku", "diundangkan 2017-11-22"),
        ("UU 13/2003", None, "berlaku-dengan-perubahan", "Perppu 2/2022 Pasal 81 tidak ada"),
        ("UU 13/2003", "2021-06-01", "berlaku-dengan-perubahan", "terakhir oleh UU 11/2020"),
        ("UU 39/2004", None, "dicabut", "dicabut oleh UU 18/2017 Pasal 89"),
        ("UU 39/2004", "2010-01-01", "berlaku", "kemudian dicabut"),
        ("UU 11/2020", None, "diganti", "dicabut dan diganti"),
        ("PP 3/2013", "2021-06-01", "dicabut", "dicabut oleh PP 59/2021"),
        ("UU 21/2007", None, "berlaku", "berlaku"),
    ],
)
def test_document_status(library, citation, as_of, kind, words):
    status = document_status(library, citation, D(as_of) if as_of else None)
    assert status.kind == kind, status
    assert words in status.label, status


def test_document_status_without_a_date_is_the_library_label(library):
    for citation in library.entries:
        assert document_status(library, citation).label == library.status_label(citation)


def test_caveats_respect_the_date(library):
    """A 2021 question is not told that Perppu 2/2022 Pasal 81 is missing from the corpus."""
    node = library.get("UU 13/2003 Pasal 59")
    now = caveats(library, node)
    assert any("Perppu 2/2022 Pasal 81" in n for n in now)
    assert not any("Perppu 2/2022" in n for n in caveats(library, node, D("2021-06-01")))


def test_corpus_date_is_the_newest_document(library):
    newest = max(e.date for e in library.entries.values() if e.date)
    assert corpus_date(library) == newest
    assert provision_view(library, library.get("UU 18/2017 Pasal 6"))["corpus_date"] == newest


V1 = Version("a", D("2017-11-22"), D("2020-11-02"), None, "asli")
V2 = Version("b", D("2020-11-02"), D("2022-12-30"), "UU 11/2020 Pasal 84 angka 2", "diubah")
V3 = Version("c", D("2022-12-30"), None, "Perppu 2/2022 Pasal 84 angka 2", "diubah")
V4 = Version("Dihapus.", D("2020-11-02"), None, "UU 11/2020 Pasal 81 angka 18", "dihapus")
V5 = Version("e", D("2020-11-02"), None, "UU 11/2020 Pasal 84 angka 5", "disisipkan")


@pytest.mark.parametrize(
    ("version", "label"),
    [
        (V1, "berlaku sejak 2017-11-22 sampai 2020-11-02 (asli)"),
        (V2, "diubah oleh UU 11/2020 Pasal 84 angka 2, berlaku sejak 2020-11-02 sampai 2022-12-30"),
        (V3, "diubah oleh Perppu 2/2022 Pasal 84 angka 2, berlaku sejak 2022-12-30"),
        (V4, "dihapus oleh UU 11/2020 Pasal 81 angka 18, sejak 2020-11-02"),
        (V5, "disisipkan oleh UU 11/2020 Pasal 84 angka 5, berlaku sejak 2020-11-02"),
        (Version("x", None, None, None, "asli"), "berlaku sejak tanggal tidak diketahui (asli)"),
    ],
)
def test_version_label(version, label):
    assert version_label(version) == label


@pytest.mark.parametrize(
    ("when", "expected"),
    [(None, V3), ("2017-11-22", V1), ("2021-01-01", V2), ("2022-12-30", V3), ("2010-01-01", None)],
)
def test_version_at(when, expected):
    assert version_at([V1, V2, V3], D(when) if when else None) == expected


def test_provision_view_versions_are_dated_lines(library):
    view = provision_view(library, library.get("UU 18/2017 Pasal 51"), "2021-06-01")
    assert [v["label"] for v in view["versions"]] == [
        "berlaku sejak 2017-11-22 sampai 2020-11-02 (asli)",
        "diubah oleh UU 11/2020 Pasal 84 angka 2, berlaku sejak 2020-11-02 sampai 2022-12-30",
        "diubah oleh Perppu 2/2022 Pasal 84 angka 2, berlaku sejak 2022-12-30",
    ]
    assert [v["current"] for v in view["versions"]] == [False, True, False]
    assert view["version"]["by"] == "UU 11/2020 Pasal 84 angka 2"
    assert view["status"] == "berlaku dengan perubahan (terakhir oleh UU 11/2020 Pasal 84)"
    assert view["unit_status"]["kind"] == "diubah"
