"""Time `pmi-law add` of a 30-page text PDF against the default index (and `remove`).

Works on copies: the default index and parsed-corpus store are copied to a temporary folder
(PMI_LAW_INDEX_DIR) and the user library is a temporary folder (PMI_LAW_LIBRARY_DIR), so
nothing of yours changes. The regulation is generated (made-up text, no statute).
Usage: python scripts/bench_add.py [--pages 30]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from userdoc_samples import text_pdf  # noqa: E402

TOPICS = [
    "pelatihan kerja calon pekerja",
    "pemeriksaan kesehatan dan psikologi",
    "asuransi perjalanan pulang",
    "penyimpanan dokumen perjalanan",
    "pengawasan lembaga pelatihan",
    "pelaporan kedatangan di negara tujuan",
    "pendampingan hukum bagi pekerja",
    "pembinaan keluarga pekerja",
]


def long_regulation(pasal: int) -> str:
    """A made-up Permenaker with ``pasal`` Pasal of three ayat each, BAB every ten Pasal."""
    lines = [
        "PERATURAN MENTERI KETENAGAKERJAAN REPUBLIK INDONESIA",
        "NOMOR 98 TAHUN 2031",
        "TENTANG",
        "PEDOMAN LAYANAN TERPADU SATU ATAP PEKERJA MIGRAN INDONESIA",
        "DENGAN RAHMAT TUHAN YANG MAHA ESA",
        "MENTERI KETENAGAKERJAAN REPUBLIK INDONESIA,",
        "Menimbang: bahwa layanan terpadu perlu diatur;",
        "Mengingat: Undang-Undang Nomor 18 Tahun 2017;",
        "MEMUTUSKAN:",
        "Menetapkan: PERATURAN MENTERI TENTANG PEDOMAN LAYANAN TERPADU.",
    ]

    def roman(n: int) -> str:
        out = ""
        for value, digits in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
            while n >= value:
                out, n = out + digits, n - value
        return out

    for n in range(1, pasal + 1):
        if n % 10 == 1:
            lines += [f"BAB {roman(n // 10 + 1)}", f"LAYANAN BAGIAN {n // 10 + 1}"]
        topic = TOPICS[n % len(TOPICS)]
        lines += [
            f"Pasal {n}",
            f"(1) Layanan terpadu menyelenggarakan {topic} bagi setiap pekerja tahap {n}.",
            f"(2) Penyelenggaraan {topic} sebagaimana dimaksud pada ayat (1) dilakukan oleh",
            f"petugas yang ditunjuk kepala dinas provinsi paling lama {n + 3} hari kerja.",
            f"(3) Ketentuan mengenai {topic} dilaporkan kepada Menteri setiap triwulan.",
        ]
    lines += [
        "Ditetapkan di Jakarta",
        "pada tanggal 3 Maret 2031",
        "Diundangkan di Jakarta",
        "pada tanggal 9 Maret 2031",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=30)
    args = parser.parse_args()
    from pmi_law.retrieval.index import default_index_dir

    source = default_index_dir()
    if not (source / "manifest.json").is_file():
        sys.exit(f"no index at {source}: run `pmi-law index build` first")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        index = work / "default"
        shutil.copytree(source, index)
        for sibling in (source.with_name("default-corpus"),):
            if sibling.is_dir():
                shutil.copytree(sibling, index.with_name(sibling.name))
        pasal = args.pages * 48 // 6  # 48 lines a page, 5-6 lines a Pasal
        pdf = text_pdf(work / "permenaker-98-2031.pdf", long_regulation(pasal))
        import pypdfium2 as pdfium

        pages = len(pdfium.PdfDocument(str(pdf)))
        env = dict(os.environ, PMI_LAW_INDEX_DIR=str(index), PMI_LAW_LIBRARY_DIR=str(work / "lib"))
        env.pop("PMI_LAW_STORE_DIR", None)
        cmd = [sys.executable, "-m", "pmi_law.cli"]
        subprocess.run(
            [*cmd, "show", "UU 18/2017 Pasal 1"], env=env, check=True, capture_output=True
        )
        cpu = _children_cpu()
        started = time.perf_counter()
        done = subprocess.run([*cmd, "add", str(pdf)], env=env, capture_output=True, text=True)
        added = time.perf_counter() - started
        add_cpu = _children_cpu() - cpu
        print(done.stdout + done.stderr)
        cpu = _children_cpu()
        started = time.perf_counter()
        gone = subprocess.run(
            [*cmd, "remove", "Permenaker 98/2031"], env=env, capture_output=True, text=True
        )
        removed = time.perf_counter() - started
        remove_cpu = _children_cpu() - cpu
        print(gone.stdout + gone.stderr)
        print(
            f"{pages}-page text PDF ({pasal} Pasal): add {added:.1f} s ({add_cpu:.1f} s CPU), "
            f"remove {removed:.1f} s ({remove_cpu:.1f} s CPU); load average {os.getloadavg()[0]:.1f}"
        )


def _children_cpu() -> float:
    """CPU seconds (user + system) of finished child processes: what a busy machine's wall
    clock hides."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
