"""A made-up regulation for the user-document tests, and renderers that turn it into a text
PDF and a scanned (image-only) PDF. Written for these tests: no statute text."""

from __future__ import annotations

from pathlib import Path

REGULATION = """PERATURAN MENTERI KETENAGAKERJAAN REPUBLIK INDONESIA
NOMOR 99 TAHUN 2030
TENTANG
TATA CARA PENGEMBALIAN BIAYA PENEMPATAN PEKERJA MIGRAN INDONESIA
DENGAN RAHMAT TUHAN YANG MAHA ESA
MENTERI KETENAGAKERJAAN REPUBLIK INDONESIA,
Menimbang: bahwa untuk melaksanakan larangan pembebanan biaya penempatan perlu menetapkan
Peraturan Menteri tentang Tata Cara Pengembalian Biaya Penempatan Pekerja Migran Indonesia;
Mengingat: Undang-Undang Nomor 18 Tahun 2017 tentang Pelindungan Pekerja Migran Indonesia;
MEMUTUSKAN:
Menetapkan: PERATURAN MENTERI KETENAGAKERJAAN TENTANG TATA CARA PENGEMBALIAN BIAYA
PENEMPATAN PEKERJA MIGRAN INDONESIA.
BAB I
KETENTUAN UMUM
Pasal 1
Dalam Peraturan Menteri ini yang dimaksud dengan:
1. Loket Pengembalian adalah tempat layanan yang menerima permohonan pengembalian biaya.
2. Bukti Setor adalah kuitansi atau slip transfer pembayaran yang dibebankan kepada pekerja.
BAB II
PERMOHONAN PENGEMBALIAN
Pasal 2
(1) Pekerja Migran Indonesia yang dibebani biaya penempatan sebagaimana dimaksud dalam
Pasal 30 Undang-Undang Nomor 18 Tahun 2017 dapat mengajukan permohonan pengembalian biaya.
(2) Permohonan sebagaimana dimaksud pada ayat (1) diajukan ke Loket Pengembalian dengan
melampirkan Bukti Setor.
Pasal 3
Loket Pengembalian memeriksa permohonan paling lama 14 (empat belas) hari kerja sejak
permohonan diterima.
Pasal 4
(1) Dalam hal permohonan dinyatakan lengkap, perusahaan penempatan wajib mengembalikan biaya
kepada pekerja paling lama 30 (tiga puluh) hari.
(2) Perusahaan yang tidak mengembalikan biaya sebagaimana dimaksud pada ayat (1) dikenai
sanksi administratif berupa:
a. peringatan tertulis;
b. penghentian sementara sebagian atau seluruh kegiatan usaha; atau
c. pencabutan izin.
BAB III
KETENTUAN PENUTUP
Pasal 5
Peraturan Menteri ini mulai berlaku pada tanggal diundangkan.
Ditetapkan di Jakarta
pada tanggal 2 Januari 2030
MENTERI KETENAGAKERJAAN REPUBLIK INDONESIA,
ttd.
Diundangkan di Jakarta
pada tanggal 5 Januari 2030
"""

#: Words only this regulation uses: a search for them must find it.
QUERY = "pengembalian biaya penempatan loket bukti setor"


def text_pdf(path: Path, text: str = REGULATION, *, pages: int = 1) -> Path:
    """A born-digital PDF of ``text`` (repeated over ``pages`` pages for bulk tests)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    lines = text.splitlines()
    per_page = 48
    chunks = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    written = 0
    while written < pages or not written:
        for chunk in chunks:
            y = A4[1] - 60
            c.setFont("Times-Roman", 11)
            for line in chunk:
                c.drawString(56, y, line)
                y -= 15
            c.showPage()
            written += 1
        if pages <= len(chunks):
            break
    c.save()
    return path


def scanned_pdf(
    path: Path, text: str = REGULATION, *, dpi: int = 200, degrade: bool = False
) -> Path:
    """An image-only PDF (no text layer): the text PDF rendered to pictures, as a scanner
    would give it; ``degrade`` adds what a photocopied SALINAN has (a slight skew, blur,
    speckle)."""
    import pypdfium2 as pdfium

    source = text_pdf(path.with_suffix(".source.pdf"), text)
    pdf = pdfium.PdfDocument(str(source))
    try:
        images = [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(pdf))]
    finally:
        pdf.close()
    source.unlink()
    if degrade:
        images = [_degrade(image) for image in images]
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


def _degrade(image):  # type: ignore[no-untyped-def]
    import random

    from PIL import ImageFilter

    rng = random.Random(3)
    image = image.rotate(0.8, fillcolor=255).filter(ImageFilter.GaussianBlur(0.8))
    pixels = image.load()
    for _ in range(image.width * image.height // 200):  # speckle
        pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.choice((0, 255))
    return image


def photo_pdf(path: Path) -> Path:
    """An image-only PDF of a "photo" (shapes and noise, no words)."""
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(7)
    image = Image.new("L", (1240, 1754), 200)
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(1200), rng.randrange(1700)
        draw.ellipse(
            (x, y, x + rng.randrange(20, 300), y + rng.randrange(20, 300)), fill=rng.randrange(256)
        )
    image.save(path, "PDF", resolution=150)
    return path
