"""OCR of scanned PDF pages with Tesseract (offline), for PDFs that have no text layer.

Most official copies issued since 2017 are scans of the signed SALINAN. Pages are rendered
with PDFium (pypdfium2, a wheel with no system dependency) and read by Tesseract through
pytesseract with the Indonesian language data (Debian's ``tesseract-ocr-ind``). Words are
never corrected here: the text goes through the same clean (and repair) as corpus files.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from pmi_law.errors import OcrUnavailable, ParseError, UnreadablePdf

__all__ = ["INSTALL_HINT", "OCR_DPI", "OCR_LANG", "check_tesseract", "ocr_pdf"]

OCR_LANG = "ind"
#: Render resolution: Tesseract reads body text best at about 300 dpi.
OCR_DPI = 300
#: Median filter size applied to each rendered page before OCR (removes scanner speckle).
DESPECKLE = 3
#: Seconds Tesseract may spend on one page before it is stopped (a stuck page fails loudly).
PAGE_TIMEOUT_S = 180
INSTALL_HINT = (
    "install Tesseract OCR and its Indonesian data: "
    "apt-get install tesseract-ocr tesseract-ocr-ind (or run scripts/install-ocr.sh)"
)


def check_tesseract(lang: str = OCR_LANG) -> None:
    """Raise OcrUnavailable (one line saying how to install it) unless OCR can run."""
    import pytesseract

    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise OcrUnavailable(f"Tesseract OCR is not installed; {INSTALL_HINT}")
    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError) as exc:
        raise OcrUnavailable(f"Tesseract OCR cannot run ({exc}); {INSTALL_HINT}") from None
    if lang not in languages:
        raise OcrUnavailable(f"Tesseract has no '{lang}' language data; {INSTALL_HINT}")


def ocr_pdf(
    path: Path,
    *,
    lang: str = OCR_LANG,
    dpi: int = OCR_DPI,
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """The OCR text of every page, in order; ``progress(done, total)`` after each page."""
    import pypdfium2 as pdfium
    import pytesseract
    from PIL import ImageFilter

    check_tesseract(lang)
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise UnreadablePdf(f"{path} cannot be rendered for OCR: {exc}") from None
    pages: list[str] = []
    try:
        total = len(pdf)
        for i in range(total):
            page = pdf[i]
            try:
                image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            finally:
                page.close()
            # photocopied SALINAN carry speckle that Tesseract reads as letters and stray
            # marks; a 3-pixel median removes it and leaves 10-point type intact (measured by
            # scripts/ocr_accuracy.py: 86 % → 99.7 % characters on a speckled scan, no change
            # on a clean one)
            image = image.filter(ImageFilter.MedianFilter(DESPECKLE))
            try:
                text = pytesseract.image_to_string(image, lang=lang, timeout=PAGE_TIMEOUT_S)
            except RuntimeError as exc:  # pytesseract's timeout
                raise ParseError(f"OCR of page {i + 1} of {path} took too long ({exc})") from None
            except pytesseract.TesseractError as exc:
                raise ParseError(f"OCR of page {i + 1} of {path} failed: {exc}") from None
            pages.append(text)
            if progress is not None:
                progress(i + 1, total)
    finally:
        pdf.close()
    return pages
