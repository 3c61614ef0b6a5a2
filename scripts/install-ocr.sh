#!/usr/bin/env bash
# Install Debian's Tesseract OCR engine and its Indonesian language data (tesseract-ocr,
# tesseract-ocr-ind) for `pmi-law add`/`parse` of scanned PDFs and their tests
# (tests/test_userdocs.py). Idempotent and quick when both are present; runs `apt-get update`
# only when a package is missing from the package lists. Fails loudly when it cannot install.
set -euo pipefail

have_ocr() {
  command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx ind
}

if have_ocr; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: tesseract (with the 'ind' language) is missing and apt-get is not available; install tesseract-ocr and tesseract-ocr-ind by hand" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: installing tesseract-ocr needs root or sudo; run: apt-get install tesseract-ocr tesseract-ocr-ind" >&2
    exit 1
  fi
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show tesseract-ocr-ind >/dev/null 2>&1; then
  $SUDO apt-get update -qq
fi
$SUDO apt-get install -y -qq --no-install-recommends tesseract-ocr tesseract-ocr-ind >/dev/null
if ! have_ocr; then
  echo "error: tesseract-ocr-ind was installed but 'tesseract --list-langs' does not list 'ind'" >&2
  exit 1
fi
