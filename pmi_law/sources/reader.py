"""Turn any source file (.txt, .md, .pdf) into text, or fail with one clear error.

Parsers downstream assume clean text: one line per extracted line, ``\\n`` newlines, no
BOM, no page furniture. Everything that can go wrong with a file (missing, binary, a scan,
encrypted, damaged) is caught here and raised as one :mod:`pmi_law.errors` exception, so
the CLI can print a single line instead of a traceback from deep inside pypdf.

Words are never corrected here: what the file says is what the parser gets. Only things
that are not the document's text are removed (running headers, page numbers, page-turn
catchwords) and only where they sit: at the top or foot of a PDF page.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from pathlib import Path

from pmi_law.errors import (
    BinaryFile,
    CorpusNotFound,
    EmptyDocument,
    EncryptedPdf,
    ParseError,
    ScannedPdf,
    UnreadablePdf,
)

__all__ = ["clean_pdf_pages", "read_pdf", "read_source"]

#: A page with fewer visible characters than this has no usable text layer.
MIN_PAGE_CHARS = 20
#: Share of control/unassigned characters above which decoded text is called binary.
MAX_CONTROL_SHARE = 0.05
#: Share of non-ASCII characters above which a cp1252 reading is not believed.
MAX_CP1252_NON_ASCII = 0.10

# ------------------------------------------------------------------------ text files

# Tab, newline, vertical tab, form feed and carriage return are text; other controls are not.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")


def read_source(path: Path) -> str:
    """The text of a source file, whatever its format; raises one PmiLawError otherwise."""
    path = Path(path)
    if not path.exists():
        raise CorpusNotFound(f"no such file: {path}")
    if path.is_dir():
        raise ParseError(f"{path} is a directory, not a source file")
    try:
        data = path.read_bytes()
    except OSError as exc:  # permissions, a FIFO that vanished, ...
        raise ParseError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if not data.strip():
        raise EmptyDocument(f"{path} is empty")
    if data.lstrip()[:5] == b"%PDF-" or data[:4] == b"%PDF":
        return read_pdf(path)
    text = _decode(data, path)
    text = normalise_text(text)
    if not text.strip():
        raise EmptyDocument(f"{path} holds only whitespace")
    return text


def normalise_text(text: str) -> str:
    """One newline convention, no BOM, NBSP as space: so regexes downstream stay simple."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\ufeff", "")
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2007", " ")


def _decode(data: bytes, path: Path) -> str:
    """Decode bytes as text, trusting a legacy code page only when the result reads as text."""
    not_text = BinaryFile(f"{path} is not a text or PDF file")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with BOM (Windows "Unicode" saves)
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise not_text from None
        if _control_share(text) > MAX_CONTROL_SHARE:
            raise not_text
        return text
    if b"\x00" in data:
        encoding = _bomless_utf16(data)
        if encoding is None:
            raise not_text
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            raise not_text from None
        if _control_share(text) > MAX_CONTROL_SHARE:
            raise not_text
        return text
    for encoding in ("utf-8", "utf-8-sig"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_share(text) > MAX_CONTROL_SHARE:
            raise not_text
        return text
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise not_text from None
    non_ascii = sum(1 for c in text if ord(c) > 127)
    if _control_share(text) > MAX_CONTROL_SHARE or non_ascii > MAX_CP1252_NON_ASCII * len(text):
        raise not_text
    return text


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: Latin text has a zero byte in (nearly) every other place."""
    if len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros):
            return encoding
    return None


def _control_share(text: str) -> float:
    """Share of characters no text file contains (C0/C1 controls, surrogates, private use)."""
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


# ------------------------------------------------------------------------ PDF files


def read_pdf(path: Path) -> str:
    """The text layer of a PDF with the page furniture of official copies removed."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorpusNotFound(f"no such file: {path}") from None
    except OSError as exc:
        raise ParseError(f"cannot read {path}: {exc.strerror or exc}") from exc
    # pypdf silently rebuilds a cut-off file from what is left; we would then return a
    # partial law without a word of warning. A complete PDF ends with %%EOF.
    if b"%%EOF" not in data[-1024:]:
        raise UnreadablePdf(f"{path} is truncated or damaged (no %%EOF at its end)")

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    # pypdf logs each repair it makes; the CLI promises one line on stderr, ours.
    pypdf_log.setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except DependencyError as exc:
                raise EncryptedPdf(
                    f"{path} is encrypted; opening it needs the 'cryptography' package ({exc})"
                ) from exc
            if not opened:
                raise EncryptedPdf(f"{path} is encrypted with a password; save an unlocked copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except EncryptedPdf:
        raise
    except FileNotDecryptedError as exc:
        raise EncryptedPdf(f"{path} is encrypted with a password; save an unlocked copy") from exc
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        AttributeError,
        OSError,
        RecursionError,
        AssertionError,
        ZeroDivisionError,
    ) as exc:
        # pypdf reports a damaged file with many exception types, not only its own
        raise UnreadablePdf(f"{path} is a damaged PDF: {exc}") from exc
    finally:
        pypdf_log.setLevel(level)

    if not pages:
        raise UnreadablePdf(f"{path} is a PDF with no pages")
    pages = [normalise_text(page) for page in pages]
    if all(len("".join(page.split())) < MIN_PAGE_CHARS for page in pages):
        raise ScannedPdf(f"{path} has no text layer (scanned?); run OCR first")
    text = clean_pdf_pages(pages)
    if not text.strip():
        raise EmptyDocument(f"{path} holds no text once page headers and numbers are removed")
    return text


# ------------------------------------------------------------------------ page furniture

# Running headers of official copies; whole lines only, upper case only, no trailing comma
# (the body's "PRESIDEN REPUBLIK INDONESIA," before a signature ends with one).
_PRESIDEN = r"P\s?R\s?E\s?S\s?[I1l\]|]?\s?[DO0]\s?[EO0]\s?N"
_RI = r"R\s?E\s?P\s?U\s?B\s?L\s?[I1l]\s?K\s+[I1l]\s?N\s?[DO0]\s?[O0]\s?N\s?E\s?S\s?[I1l]\s?A"
_HEADER_LINE = re.compile(rf"^(?:{_PRESIDEN}(?:\s+{_RI})?|{_RI}|S\s?A\s?L\s?I\s?N\s?A\s?N)$")
_PAGE_NUMBER_LINE = re.compile(
    r"^(?:[-–—]\s*\d{1,3}\s*[-–—]|(?:Halaman|Hal\.)\s*\d{1,3}(?:\s*(?:dari|/)\s*\d{1,3})?)$",
    re.I,
)
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_DOTS_END = re.compile(r"(?:\.\s*){3,}$|…$")
# Lines that start a unit of a law must never be taken for emblem debris.
_MARKER_START = re.compile(r"^(?:\(\w{1,3}\)|\w{1,4}[.)]|Pasal\b|BAB\b|Bagian\b|Paragraf\b)")
_JUNK_PUNCT = set("*\"',;:^~!|`_=<>{}[]\\")
#: How many lines at the top or foot of a page are searched for furniture.
_EDGE = 6
_MAX_CATCHWORD = 80


def clean_pdf_pages(pages: list[str]) -> str:
    """Join the pages' text, dropping running headers, page numbers and page-turn catchwords.

    Work per page: furniture only lives at a page's edges, so the same words in the body
    (a signature block's "PRESIDEN REPUBLIK INDONESIA,", a "... " inside a sentence) stay.
    """
    split = [[line.rstrip() for line in page.split("\n")] for page in pages]
    split = [_trim_blank(lines) for lines in split]
    running = _running_lines(split)
    bodies = [_strip_top(lines, running) for lines in split]
    bodies = [_strip_bottom(lines, running) for lines in bodies]
    for i in range(len(bodies) - 1):
        bodies[i] = _strip_catchword(bodies[i], _first_line(bodies[i + 1 :]))
    lines: list[str] = []
    for body in bodies:
        lines.extend(body)
    return "\n".join(_join_hyphenated(lines)).strip("\n")


def _trim_blank(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines repeated at the edge of most pages: running headers of any issuer, not just RI.

    Exact repeats only, and never a line that ends a sentence or starts a unit: "Cukup
    jelas." and "Pasal 5" also recur at page edges, but they are the law's text.
    """
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        edge = {" ".join(line.split()) for line in lines[:2] + lines[-2:]}
        counts.update(key for key in edge if key and len(key) <= 100)
    need = max(3, -(-len(pages) * 3 // 5))
    return {
        key
        for key, n in counts.items()
        if n >= need and not _MARKER_START.match(key) and not key.endswith((".", ",", ";", ":"))
    }


def _is_furniture(line: str, running: set[str]) -> bool:
    s = " ".join(line.split())
    return bool(
        _HEADER_LINE.match(s) or _PAGE_NUMBER_LINE.match(s) or _BARE_NUMBER.match(s) or s in running
    )


def _is_emblem_debris(line: str) -> bool:
    """OCR of the Garuda emblem: a short line of odd punctuation and broken words."""
    s = line.strip()
    if not s or len(s) > 40 or _MARKER_START.match(s):
        return False
    letters = sum(c.isalpha() for c in s)
    junk = sum(c in _JUNK_PUNCT for c in s)
    return junk >= 2 and letters < 0.7 * len(s)


def _strip_top(lines: list[str], running: set[str]) -> list[str]:
    start, seen_header = 0, False
    for _ in range(_EDGE):
        if start >= len(lines):
            break
        line = lines[start]
        if not line.strip():
            start += 1
        elif _is_furniture(line, running):
            seen_header = True
            start += 1
        elif _is_emblem_debris(line) and (seen_header or _next_is_furniture(lines, start, running)):
            start += 1
        else:
            break
    return lines[start:]


def _next_is_furniture(lines: list[str], i: int, running: set[str]) -> bool:
    return any(_is_furniture(line, running) for line in lines[i + 1 : i + 3])


def _strip_bottom(lines: list[str], running: set[str]) -> list[str]:
    end = len(lines)
    for _ in range(_EDGE):
        if end == 0:
            break
        line = lines[end - 1]
        if not line.strip() or _is_furniture(line, running):
            end -= 1
        else:
            break
    return lines[:end]


def _first_line(pages: list[list[str]]) -> str:
    for lines in pages:
        for line in lines:
            if line.strip():
                return line
    return ""


def _strip_catchword(lines: list[str], next_first: str) -> list[str]:
    """Drop the foot line that announces the next page ("Pasal 14 . . .", "b. bahwa ...")."""
    if not lines or not next_first:
        return lines
    last = " ".join(lines[-1].split())
    stem = _DOTS_END.sub("", last).rstrip(" .")
    following = " ".join(next_first.split())
    repeats = bool(stem) and following.startswith(stem) and len(stem) <= _MAX_CATCHWORD
    dotted = bool(_DOTS_END.search(last)) and (len(last) <= _MAX_CATCHWORD or repeats)
    # Without dots only a short repeat counts ("Pasal 38 ." above "Pasal 38", "BAB XI" above
    # "BAB XI KETENTUAN PIDANA"); a line ending a sentence ("Cukup jelas.") is body text.
    sentence_end = re.search(r"[^\s.][.;,:]$", last) is not None
    if dotted or (repeats and len(stem.split()) <= 6 and not sentence_end):
        lines = lines[:-1]
        while lines and not lines[-1].strip():
            lines = lines[:-1]
    return lines


# ------------------------------------------------------------------------ hyphenation

_HYPHEN_END = re.compile(r"(?<![\w-])([^\W\d_]+)[-\u00ad]$")
_LEAD_WORD = re.compile(r"^(\s*)([^\W\d_][^\s]*)(\s*)(.*)$")


def _join_hyphenated(lines: list[str]) -> list[str]:
    """Rejoin words split at line ends, keeping the hyphen of compounds and reduplications.

    "penem-/patan" was only broken for layout; "Undang-/Undang" and "perundang-/undangan"
    are words spelled with a hyphen, so the hyphen stays and only the line break goes.
    """
    out = list(lines)
    for i in range(len(out) - 1):
        prev = out[i].rstrip()
        m = _HYPHEN_END.search(prev)
        if not m:
            continue
        j = i + 1
        nxt = _LEAD_WORD.match(out[j])
        if not nxt:
            continue
        head, word, rest = m.group(1), nxt.group(2), nxt.group(4)
        soft = prev.endswith("\u00ad")
        keep = not soft and (word[0].isupper() or _reduplicates(head, word))
        joined = prev[:-1] + ("-" if keep else "") + word
        out[i] = joined
        out[j] = nxt.group(1) + rest if rest else ""
    # a continuation line that held only the word's tail is now empty: drop it
    return [line for k, line in enumerate(out) if line or not _was_tail(lines, k)]


def _was_tail(lines: list[str], k: int) -> bool:
    return k > 0 and bool(lines[k].strip()) and bool(_HYPHEN_END.search(lines[k - 1].rstrip()))


def _reduplicates(head: str, tail: str) -> bool:
    """Indonesian reduplication ("hak-hak", "kesewenang-wenangan") keeps its hyphen."""
    h, t = head.lower(), tail.lower()
    return any(t.startswith(h[-n:]) for n in range(3, len(h) + 1)) or h == t[: len(h)]
