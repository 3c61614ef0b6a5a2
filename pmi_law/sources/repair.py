"""OCR repair between cleaning and parsing: only what the corpus proves, every change recorded.

The cleaner removes what is not the law; this stage mends what OCR did to the law's own
words ("2Ol7", "lndonesia", "Pekerj a", "ayat (21", "21o/o (dua puluh lima persen)") and the
furniture the cleaner's patterns miss (stamps, seals, page-turn catchwords). A word is
changed only when the changed form is in the lexicon (words of the clean texts of the
corpus, plus the words two independent copies of the same law agree on) and the word as
found is not; a unit marker only when the document's own ayat numbers rule out the
reading as found; a figure only when its words say otherwise with as many digits. What
cannot be proved stays as found and is reported as a suspect. Every change is a frozen
:class:`~pmi_law.models.Repair` (span in the cleaned text, original, repaired, rule), so
the text as found can always be shown again.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pmi_law.models import Repair

#: Rule names, as recorded on each repair (and counted by ``pmi-law check``).
RULES = (
    "header",
    "stamp",
    "catchword",
    "unit-marker",
    "percent",
    "figure-words",
    "number",
    "split-word",
    "joined-word",
    "confusion",
    "twin",
    "twin-unit",
)
#: A Pasal whose words come from a second transcription (sources/twin.py); its repair holds
#: the first copy's whole text as ``original``, with ``part="unit"``.
UNIT_RULE = "twin-unit"

#: Source files whose text is clean (born-digital or rendered from a structured copy).
CLEAN_FILES = (
    "uu-18-2017.txt",
    "uu-13-2003.txt",
    "uu-13-2003.data-peraturan.md",
    "uu-6-2012.txt",
    "uu-6-2012.data-peraturan.md",
    "uu-21-2007.data-peraturan.md",
    "uu-39-2004.data-peraturan.md",
    "pp-3-2013.data-peraturan.md",
)

# ---------------------------------------------------------------------------- lexicon

_WORD = re.compile(r"[A-Za-z]{2,}")
# one OCR token: letters, digits and the characters OCR puts for them
_TOKEN = re.compile(r"[A-Za-z0-9|]+")
# a Penjelasan entry heading run into its letter: "Hurufl" is huruf l, not "Hurufi"
_GLUED_ENTRY = re.compile(r"[Hh]uruf[a-z]{1,2}")
_CONFUSABLE_IN_NUMBER = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "i": "1", "|": "1"})


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Words known to be right: lower-case word → count, and the usual spelling of each."""

    counts: dict[str, int]
    cased: dict[str, str]  # lower-case → most frequent spelling (Indonesia, not indonesia)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.lower() in self.counts

    def with_words(self, words: Iterable[str]) -> Lexicon:
        counts = dict(self.counts)
        cased = dict(self.cased)
        for w in words:
            low = w.lower()
            counts[low] = counts.get(low, 0) + 1
            cased.setdefault(low, w)
        return Lexicon(counts, cased)


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text))


def build_lexicon(texts: Iterable[str]) -> Lexicon:
    """A lexicon from clean texts, without the clean texts' own rare OCR slips.

    A word seen once whose single confusion gives a word seen five times as often ("lzin"
    beside "izin") is the source's slip, not a word: it is left out, so it can be repaired.
    """
    spelled: Counter[str] = Counter()
    for text in texts:
        spelled.update(_words(text))
    counts: Counter[str] = Counter()
    for w, n in spelled.items():
        counts[w.lower()] += n
    cased: dict[str, str] = {}
    for w, _n in spelled.most_common():
        cased.setdefault(w.lower(), w)
    for low, n in list(counts.items()):
        if n <= 2 and any(ch in low for ch in "li10o"):
            for cand in _variants(low):
                if counts.get(cand.lower(), 0) >= 5 * n and cand.lower() != low:
                    del counts[low]
                    break
    return Lexicon(dict(counts), {w: c for w, c in cased.items() if w in counts})


@lru_cache(maxsize=1)
def _corpus_lexicon_cached(paths: tuple[str, ...]) -> Lexicon:
    from .clean import clean_text

    texts = []
    for p in paths:
        try:
            texts.append(clean_text(Path(p).read_text(encoding="utf-8")))
        except OSError:
            continue
    return build_lexicon(texts)


@lru_cache(maxsize=1)
def slash_pairs() -> frozenset[tuple[str, str]]:
    """Word pairs the clean texts of the corpus write with a slash ("pekerja/buruh")."""
    from pmi_law.errors import CorpusNotFound

    from .corpus import find_file

    pairs: set[tuple[str, str]] = set()
    for name in CLEAN_FILES:
        try:
            text = find_file(name).read_text(encoding="utf-8")
        except (CorpusNotFound, OSError):
            continue
        pairs.update((a.lower(), b.lower()) for a, b in _SLASH_PAIR.findall(text))
    return frozenset(pairs)


def corpus_lexicon() -> Lexicon:
    """The lexicon of the clean texts of the corpus (empty when none is found)."""
    from pmi_law.errors import CorpusNotFound

    from .corpus import find_file

    paths = []
    for name in CLEAN_FILES:
        try:
            paths.append(str(find_file(name).resolve()))
        except CorpusNotFound:
            continue
    return _corpus_lexicon_cached(tuple(paths))


def twin_files(source: Path | None) -> list[Path]:
    """Other copies of the same law beside a corpus file (``pp-59-2021.galqa.txt`` for
    ``pp-59-2021.data-peraturan.md``): same name up to the first dot, text formats only."""
    if source is None or "." not in source.name:
        return []
    stem = source.name.split(".", 1)[0]
    if not re.fullmatch(r"(?:uu|pp|perppu|perpres)-\d+-\d{4}", stem):
        return []
    out = []
    for p in sorted(source.parent.glob(stem + ".*")):
        if p.name != source.name and p.suffix in (".txt", ".md") and p.is_file():
            out.append(p)
    return out


@lru_cache(maxsize=16)
def _agreed_words(source: str, twins: tuple[str, ...], own: str) -> frozenset[str]:
    from .clean import clean_text

    mine = {w.lower() for w in _words(own)}
    agreed: set[str] = set()
    for t in twins:
        try:
            other = {w.lower() for w in _words(clean_text(Path(t).read_text(encoding="utf-8")))}
        except OSError:
            continue
        agreed |= mine & other
    return frozenset(agreed)


def lexicon_for(text: str, source: Path | None = None) -> Lexicon:
    """The corpus lexicon, plus the words this text and another copy of the same law agree
    on (two independent OCRs reading the same word are evidence of it), plus the words this
    text repeats three times or more (OCR rarely makes the same slip thrice in a word that
    is not a common confusion)."""
    base = corpus_lexicon()
    twins = twin_files(source)
    own = _words(text)
    candidates = {w.lower() for w, n in own.items() if n >= 3 and w.isalpha()}
    if twins:
        candidates |= _agreed_words(str(source), tuple(str(t) for t in twins), text)
    # a word misread the same way again and again is still a misreading when a confusion
    # of it is a common word of the clean texts ("lndonesia" in both OCR copies)
    # ... and when one confusion of it is a word this very text uses ten times as often
    # ("Pertzinan" 30 times beside "Perizinan" 900 times in UU 11/2020)
    own_lower: Counter[str] = Counter()
    for w, n in own.items():
        own_lower[w.lower()] += n
    extra = [
        w
        for w in candidates
        if w not in base.counts
        and not _suspicious_shape(w)
        and not any(base.counts.get(c.lower(), 0) >= 5 for c in _variants(w))
        and not any(own_lower[c.lower()] >= 10 * own_lower[w] for c in _variants(w))
    ]
    return base.with_words(extra)


# ---------------------------------------------------------------------------- confusions

# (as found, as meant): the character confusions of OCR on these scans
_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("l", "I"),
    ("I", "l"),
    ("l", "i"),
    ("i", "l"),
    ("1", "l"),
    ("1", "I"),
    ("1", "i"),
    ("0", "o"),
    ("0", "O"),
    ("O", "o"),
    ("rn", "m"),
    ("m", "rn"),
    ("vt", "w"),
    ("vv", "w"),
    ("w", "vv"),
    ("cl", "d"),
    ("ii", "u"),
    ("tl", "d"),
    ("lr", "k"),
    ("lq", "k"),
    ("Jr", "y"),
    ("5r", "y"),
    ("J", "y"),
    ("f", "t"),
    ("t", "f"),
    ("c", "e"),
    ("e", "c"),
    ("h", "b"),
    ("b", "h"),
    ("n", "h"),
    ("h", "n"),
    ("j", "i"),
    ("r", "i"),  # "drubah", "Perrzinan"
    ("t", "i"),  # "Pertzinan"
    ("Lr", "u"),  # "pengurLrsnya"
    ("Ll", "u"),  # "mengurLlsi"
    ("I", "L"),
    ("!", "l"),
    ("|", "l"),
    ("|", "I"),
)


def _variants(word: str) -> set[str]:
    """Every spelling one confusion away from ``word``."""
    out: set[str] = set()
    for wrong, right in _CONFUSIONS:
        start = word.find(wrong)
        while start != -1:
            out.add(word[:start] + right + word[start + len(wrong) :])
            start = word.find(wrong, start + 1)
    return out


def _shape_ok(word: str) -> bool:
    """lower, Capitalised or UPPER: what a word of a statute looks like."""
    return word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())


def _in_title_case(tokens: list[re.Match[str]], i: int) -> bool:
    """Whether a neighbour of token ``i`` is capitalised: "Surat lzin Perekrutan" is a
    name (Izin), "adalah lzin yang" is not (izin)."""
    return any(0 <= j < len(tokens) and tokens[j].group()[:1].isupper() for j in (i - 1, i + 1))


def _best_spelling(cands: set[str], lex: Lexicon, found: str, title: bool = False) -> str | None:
    """The one reading the lexicon proves, or None when none or several do."""
    known = {c for c in cands if c.lower() in lex.counts and _shape_ok(c)}
    lows = {c.lower() for c in known}
    if len(lows) != 1:
        return None
    low = lows.pop()
    if len(known) == 1:
        return known.pop()
    # several spellings of one word ("Indonesia"/"indonesia"): the lexicon's usual one,
    # in capitals when the word was found in capitals
    if found.isupper():
        return low.upper()
    capital = low[:1].upper() + low[1:]
    if capital in known and low in known:
        return capital if title or lex.cased.get(low, low) == capital else low
    return sorted(known)[0]


# ---------------------------------------------------------------------------- rules

# "PRESIDEN REPUBLIK INDONESIA" in OCR forms the cleaner does not know
_HEADER = re.compile(
    r"(?:(?<![\w,])(?:[PF]\S{0,2}R?[EI]\S{0,2}\s?S\s?\S{0,2}\s?[DO0]\s?[EO]\s?[NH]|PRES\s?I\s?DEN|FTIESIDEN)\s+)?"
    r"\bR\s?E\s?P\s?[UL](?!BLIK\s+INDONESIA\b)[^\s]{1,9}(?:\s[^\s]{1,5}){0,3}?\s?"
    r"(?:INDONESIA|[oO]N\s?E\s?[sS]\s?r?A|N\s?E\s?srA|EsrA)(?![\w,])"
)
# the serial stamp of official copies left over: "SK lrlo l0Z l3(r A", "3K Nlo l0zl4l A",
# "i-il( trlo l0l l5l A"; and its tail alone "l.5rr A", "32 A", "155 A", "I,'13 A"
_STAMP = re.compile(
    r"(?<!\S)\S{1,5}\s(?:[NIlt][rl]?[jlo]o|lrlo|Nlo|trjo|trlo|Nc|lJo)\s(?:\S{1,8}\s){0,2}?\S{0,8}\s?A(?![\w])\.?"
    r"|(?:(?<=\n)|(?<=[.;:]\s))(?=[^\s]*\d)[0-9lIOQjtzZr(,.'\"-]{2,8}\sA(?=\s)(?!\s+(?:dan|atau|yang)\b)"
)
_HEADER_ANCHOR = re.compile(r"R\s?E\s?P\s?[UL]")
_STAMP_ANCHOR = re.compile(r"\sA(?!\w)")
_STAMP_CONTEXT = re.compile(r"(?:Pasal|angka|Nomor|Tahun|ayat|huruf|PT|status)\s*$", re.I)
# a page-turn catchword repeated at the top of the next page: "(4) Perusahaan (4) Perusahaan"
# (instructions' angka, "16." or a column of them "50.\n51.\n…", may sit between the two:
# they stay; a bare page number "9" goes with the catchword); either marker may be garbled,
# "(2) Kapal (21 Kapal", "b. Undang-Undang b Undang-Undang"; the catchword is one or two
# words ("c. masa kerja c. masa kerja", "6. Di antara 6. Di antara"), maybe with the foot's
# " ." ("b. membawa . b. membawa"); the page may go on "Pekerja/buruh"
_CATCHWORD = re.compile(
    r"(?<!\S)(?:\((?P<n>[1-9]\d?)[)1lI\]]|(?P<l>[a-z])(?P<stop>\.)?|(?P<d>[1-9]\d{0,2})\.)\s+"
    r"(?P<w>[A-Za-z][\w-]*(?:\s[a-z][\w-]*)?)(?P<foot>\s?\.)?\s+"
    r"(?P<page>\d{1,3}\s+)?(?:\d{1,3}\.\s+){0,20}"
    r"(?P<again>\((?P=n)[)1lI\]]|(?P=l)\.?|(?P=d)\.?)\s+(?P=w)(?![\w-])"
)
# "(21" for "(2)": a closing bracket read as 1 (or l, I)
_MARKER = re.compile(r"(?<![\w(])([(lI])([1-9])([1lI\]])(?=[\s,.;:]|$)")
_OPENS_UNIT = re.compile(r" [A-Z]")
_ENDS = (". ", "; ", ": ")
_MARKER_LETTER = re.compile(r"\([lIsSzZ]\)")
_MARKER_LETTER_CONTEXT = re.compile(r"(?:ayat|Ayat) $")
_AYAT_NUMBERS = re.compile(r"(?:^|[\n.:;]\s?)\((\d{1,2})\)\s+[A-Z]")
# "KabupatenlKota", "kabupatenfkota": the slash of "Kabupaten/Kota" read as a letter
_SLASH = re.compile(
    r"(?<=[Kk]abupaten)[lIf|1](?=[Kk]ota\b)|(?<=[Kk]abupaten) [lIf|1] ?(?=[Kk]ota\b)"
)
# any pair the clean texts write with a slash ("pekerja/serikat", "dan/atau"), its slash read
# as a letter: "pekerjalserikat", "danf atau" (the pairs are the proof; see slash_pairs)
_SLASH_JOINED = re.compile(r"\b[A-Za-z]{3,}[lIf|1][A-Za-z]{3,}\b")
_SLASH_BEFORE_SPACE = re.compile(
    r"\b(?P<x>[A-Za-z]{2,})(?P<sep>[lIf|1] | [lIf|1] ?)(?P<y>[A-Za-z]{3,})\b"
)
_SLASH_PAIR = re.compile(r"\b([A-Za-z]{2,})/([A-Za-z]{2,})\b")
_PERCENT = re.compile(
    r"(?<![\w.])(?<![\dOlI],)(?P<num>\d[\dOolI]*?(?:,[\dOolI]+?)?)(?P<pct>\s?[o0]/[o0]|oh(?=\s?\([a-z ]+persen\)))"
)
_NUMBER_WORDS = {
    "nol": 0,
    "satu": 1,
    "se": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_FIGURE = re.compile(
    r"(?<![\w./])(?<![\dOlI],)(?P<fig>\d{1,3}(?:\.\d{3})+|\d+)(?P<cents>,\d{2})?"
    r"(?P<pct>\s?(?:%|[o0]/[o0]|oh))?\s?\((?P<words>[a-z ]{3,80})\)"
)


def words_value(words: str) -> int | None:
    """The number Indonesian words spell ("seratus delapan puluh tiga hari" → 183), or None.

    Reading stops at the first word that is not a number word (the unit: persen, rupiah).
    """
    total = group = last = 0
    seen = False
    scales = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "milyar": 10**9, "triliun": 10**12}
    for w in words.split():
        if w in _NUMBER_WORDS and w != "se":
            last = _NUMBER_WORDS[w]
        elif w in ("sebelas", "sepuluh", "seratus", "seribu"):
            group += {"sebelas": 11, "sepuluh": 10, "seratus": 100}.get(w, 0)
            if w == "seribu":
                total += (group + 1) * 1000
                group = 0
        elif w == "belas":
            group, last = group + last + 10, 0
        elif w == "puluh":
            group, last = group + last * 10, 0
        elif w == "ratus":
            group, last = group + last * 100, 0
        elif w in scales:
            total, group, last = total + (group + last) * scales[w], 0, 0
        else:
            break
        seen = True
    return total + group + last if seen else None


@dataclass(slots=True)
class RepairResult:
    """The repaired text, what was changed and what could not be proved."""

    text: str
    repairs: list[Repair] = field(default_factory=list)
    suspects: list[Repair] = field(default_factory=list)  # repaired == original: left as found
    #: start of each repair in the repaired text (parallel to ``repairs``)
    offsets: list[int] = field(default_factory=list)


def _suspicious_shape(tok: str) -> bool:
    """A token that cannot be a word of a statute as it stands: letters and digits mixed
    in lower case, a capital inside a lower-case word, OCR's bars."""
    if "|" in tok:
        return True
    if re.fullmatch(r"Rp\d+|\d+[A-Z]", tok):
        return False  # Rp120 (.000.000,00), Pasal 28B
    has_digit = any(c.isdigit() for c in tok)
    has_alpha = any(c.isalpha() for c in tok)
    if has_digit and has_alpha:
        return not (tok.isupper() and not tok[0].isdigit())  # BP2MI, SIP3MI, P3MI are words
    return bool(re.search(r"[a-z][A-Z][a-z]", tok))


def suspicious_tokens(text: str, lex: Lexicon) -> tuple[int, int]:
    """(suspicious, total) word tokens: the OCR-noise figure of ``pmi-law check``.

    Suspicious: shaped like no statute word (``2Ol7``, ``penJrusun``) or unknown to the
    lexicon while one confusion away from a word it knows (``lndonesia``).
    """
    total = 0
    bad = 0
    cache: dict[str, bool] = {}
    for m in _TOKEN.finditer(text):
        tok = m.group()
        if tok.isdigit():
            continue
        total += 1
        if tok not in cache:
            cache[tok] = _is_suspicious(tok, lex)
        bad += cache[tok]
    return bad, total


def _is_suspicious(tok: str, lex: Lexicon) -> bool:
    if tok.lower() in lex.counts:
        return False
    if _suspicious_shape(tok):
        return True
    return len(tok) > 3 and any(v.lower() in lex.counts for v in _variants(tok))


def repair_text(
    text: str, source: Path | None = None, lexicon: Lexicon | None = None
) -> RepairResult:
    """Repair cleaned statute text; every change recorded, nothing unproved changed."""
    lex = lexicon if lexicon is not None else lexicon_for(text, source)
    edits: list[tuple[int, int, str, str]] = []  # start, end, repaired, rule
    suspects: list[Repair] = []
    taken = bytearray(len(text) + 1)

    def add(start: int, end: int, new: str, rule: str) -> bool:
        if start >= end or any(taken[start:end]):
            return False
        taken[start:end] = b"\x01" * (end - start)
        edits.append((start, end, new, rule))
        return True

    def remove(m: re.Match[str], rule: str) -> None:
        start, end = m.start(), m.end()
        # take one side's whitespace with it, so no double space is left
        if end < len(text) and text[end] == " ":
            end += 1
        elif start > 0 and text[start - 1] == " ":
            start -= 1
        add(start, end, "", rule)

    # the furniture patterns run only near their anchors ("REPU", " A"): fast on 1 MB
    for anchor in _HEADER_ANCHOR.finditer(text):
        for m in _HEADER.finditer(text, max(0, anchor.start() - 30), anchor.end() + 60):
            if m.start() <= anchor.start() < m.end():
                remove(m, "header")
    for anchor in _STAMP_ANCHOR.finditer(text):
        for m in _STAMP.finditer(text, max(0, anchor.start() - 45), anchor.end() + 1):
            if m.end() < anchor.end() or _STAMP_CONTEXT.search(
                text, max(0, m.start() - 12), m.start()
            ):
                continue
            remove(m, "stamp")
    for m in _CATCHWORD.finditer(text):
        gap_end = m.end("foot") if m["foot"] else m.end("w")
        while gap_end < len(text) and text[gap_end].isspace():
            gap_end += 1
        if m["page"]:  # a bare number at the page turn is the page's, not an angka ("16.")
            gap_end = m.end("page")
        if m["l"] and not m["stop"] and not m["again"].endswith("."):
            continue  # neither marker has its stop: no list item is proved
        if (m["l"] or m["d"]) and not m["again"].endswith("."):  # the repeat lost its stop
            add(m.end("w"), m.end(), "", "catchword")
            continue
        add(m.start(), gap_end, "", "catchword")  # the first of the two: the catchword

    max_ayat = max((int(n) for n in _AYAT_NUMBERS.findall(text)), default=0)
    for m in _MARKER.finditer(text):
        digit = m.group(2)
        as_found = int(digit + ("1" if m.group(3) in "1lI]" else ""))
        # an ayat marker opening a unit may be the next one of the sequence ("(1) … (21 …")
        opens = _OPENS_UNIT.match(text, m.end()) and (
            m.start() == 0
            or text[m.start() - 1] == "\n"
            or text[m.start() - 2 : m.start()] in _ENDS
        )
        top = max_ayat + 1 if opens else max_ayat
        if max_ayat and as_found > top and int(digit) <= top:
            add(m.start(), m.end(), f"({digit})", "unit-marker")
        else:
            suspects.append(Repair(m.start(), m.end(), m.group(), m.group(), "unit-marker"))
    for m in _MARKER_LETTER.finditer(text):
        letter = m.group()[1]
        after_ayat = bool(_MARKER_LETTER_CONTEXT.search(text, max(0, m.start() - 5), m.start()))
        opens_unit = letter in "lI" and re.match(r"\s+[A-Z]", text[m.end() : m.end() + 2])
        if not after_ayat and not opens_unit:
            continue
        digit = {"l": "1", "I": "1", "s": "5", "S": "5", "z": "2", "Z": "2"}[letter]
        if max_ayat and int(digit) <= max_ayat:
            add(m.start(), m.end(), f"({digit})", "unit-marker")

    for m in _FIGURE.finditer(text):
        value = words_value(m["words"])
        fig = m["fig"]
        if value is None:
            continue
        found = int(fig.replace(".", ""))
        if found == value:
            continue
        digits = str(value)
        if len(digits) == len(fig.replace(".", "")):
            new = f"{value:,}".replace(",", ".") if "." in fig else digits
            add(m.start("fig"), m.end("fig"), new, "figure-words")
        else:
            suspects.append(Repair(m.start(), m.end(), m.group(), m.group(), "figure-words"))
    for m in _SLASH.finditer(text):
        add(m.start(), m.end(), "/", "confusion")
    pairs = slash_pairs()
    clean_words = corpus_lexicon().counts  # a misreading repeated in this text is no word
    for m in _SLASH_JOINED.finditer(text):
        tok = m.group()
        if tok.lower() in clean_words:
            continue
        for i in range(3, len(tok) - 3):
            if tok[i] in "lIf|1" and (tok[:i].lower(), tok[i + 1 :].lower()) in pairs:
                add(m.start() + i, m.start() + i + 1, "/", "confusion")
                break
    for m in _SLASH_BEFORE_SPACE.finditer(text):
        sep = m["sep"].strip()
        # "danf atau", "dan f atau", "dan latau": the letter is no word where it stands
        joined = (m["x"] + sep) if not m["sep"].startswith(" ") else (sep + m["y"])
        if m["sep"].startswith(" ") and m["sep"].endswith(" "):
            joined = sep
        if joined.lower() not in clean_words and (m["x"].lower(), m["y"].lower()) in pairs:
            add(m.start("sep"), m.end("sep"), "/", "confusion")
    for m in _PERCENT.finditer(text):
        num = m["num"]
        if num.translate(_CONFUSABLE_IN_NUMBER) != num:
            add(m.start("num"), m.end("num"), num.translate(_CONFUSABLE_IN_NUMBER), "number")
        add(m.start("pct"), m.end("pct"), "%", "percent")

    tokens = list(_TOKEN.finditer(text))
    memo: dict[tuple[str, bool], str | None] = {}
    counts = lex.counts
    for i, m in enumerate(tokens):
        tok = m.group()
        if tok.lower() in counts or tok.isdigit():  # most tokens: known words, plain numbers
            continue
        if _GLUED_ENTRY.fullmatch(tok):
            continue  # "Hurufl": a Penjelasan entry's letter, read by its sequence, not spelled
        if any(taken[m.start() : m.end()]):
            continue
        # a word broken in two: "Pekerj a", "memulan gkan"
        if i + 1 < len(tokens) and tok.isalpha():
            nxt = tokens[i + 1]
            gap = text[m.end() : nxt.start()]
            joined = tok + nxt.group()
            if (
                gap == " "
                and nxt.group().isalpha()
                and tok.lower() not in lex.counts
                and (nxt.group().lower() not in lex.counts or len(nxt.group()) <= 2)
                and joined.lower() in lex.counts
                and len(joined) >= 5
                and _shape_ok(joined)
                and not any(taken[nxt.start() : nxt.end()])
            ):
                add(m.start(), nxt.end(), joined, "split-word")
                continue
        if tok.lower() in lex.counts:
            continue
        has_digit = any(c.isdigit() for c in tok)
        if has_digit:
            # "2Ol7", "l0", "1O": a number with letters for digits
            if len(tok) >= 2 and not tok.isdigit():
                plain = tok.translate(_CONFUSABLE_IN_NUMBER)
                if plain.isdigit():
                    add(m.start(), m.end(), plain, "number")
                    continue
                rest = tok[2:].translate(_CONFUSABLE_IN_NUMBER)
                if tok.startswith("Rp") and rest.isdigit() and rest != tok[2:]:
                    add(m.start() + 2, m.end(), rest, "number")
                    continue
            if not _suspicious_shape(tok):
                continue
        # "pemegangPerizinan": two known words run together
        camel = re.fullmatch(r"([a-z]{3,})([A-Z][a-z]{2,})", tok)
        if camel and camel.group(1) in lex.counts and camel.group(2).lower() in lex.counts:
            add(m.start(), m.end(), f"{camel.group(1)} {camel.group(2)}", "joined-word")
            continue
        if len(tok) < 3 or (tok.isupper() and len(tok) <= 5):
            continue
        title = _in_title_case(tokens, i)
        if (tok, title) not in memo:
            memo[tok, title] = _best_spelling(_variants(tok), lex, tok, title)
        best = memo[tok, title]
        if best is not None and best != tok:
            add(m.start(), m.end(), best, "confusion")

    if source is not None and source.name not in CLEAN_FILES:  # a clean text needs no twin
        twins = twin_files(source)
        if twins:
            _twin_pass(text, tokens, twins[0], lex, taken, add)
    return _apply(text, edits, suspects)


@lru_cache(maxsize=8)
def _twin_tokens(path: str) -> tuple[str, ...]:
    from .clean import clean_text

    return tuple(_TOKEN.findall(clean_text(Path(path).read_text(encoding="utf-8"))))


def _align(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Word alignment: fast (common words as junk) first, then each unmatched stretch again
    without junk, where the common words are what ties it down."""
    out: list[tuple[str, int, int, int, int]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes():
        if op != "replace" or (i2 - i1) * (j2 - j1) > 2_500:
            out.append((op, i1, i2, j1, j2))
            continue
        inner = difflib.SequenceMatcher(None, a[i1:i2], b[j1:j2], autojunk=False)
        out.extend(
            (o, i1 + x1, i1 + x2, j1 + y1, j1 + y2) for o, x1, x2, y1, y2 in inner.get_opcodes()
        )
    return out


def _close(a: str, b: str) -> bool:
    return (
        abs(len(a) - len(b)) <= 3
        and difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.6
    )


def _twin_pass(
    text: str,
    tokens: list[re.Match[str]],
    twin: Path,
    lex: Lexicon,
    taken: bytearray,
    add: Callable[[int, int, str, str], bool],
) -> None:
    """Where another copy of the same law has, at the same place, a known word for a word
    this copy garbled ("pedanjian" / "perjanjian", "Pekeda" / "Pekerja"), take it."""
    mine = [m.group() for m in tokens]
    other = list(_twin_tokens(str(twin)))
    # a word is known to be right when the clean texts have it or both copies read it so;
    # not merely because this copy repeats it ("Awak Ihpal" on every page of one scan)
    base = corpus_lexicon().counts
    twin_counts = Counter(t.lower() for t in other)
    for op, i1, i2, j1, j2 in _align(mine, other):
        if op != "replace" or (i2 - i1, j2 - j1) not in ((1, 1), (2, 1), (1, 2)):
            continue
        start, end = tokens[i1].start(), tokens[i2 - 1].end()
        if any(taken[start:end]):
            continue
        found = text[start:end]
        theirs = other[j1:j2]
        if any(
            t.lower() not in lex.counts and twin_counts[t.lower()] < 2
            for t in theirs
            if not t.isdigit()
        ):
            continue  # the other copy's word is no more proved than ours
        if i2 - i1 == 2:  # "Pene mpatan" / "Penempatan"; "I.ayarran" / "Layanan"
            parts = mine[i1:i2]
            inner = text[tokens[i1].end() : tokens[i1 + 1].start()]
            if not all(p.isalpha() for p in parts) or all(p.lower() in lex.counts for p in parts):
                continue
            if inner.isspace() and parts[0] + parts[1] == theirs[0]:
                add(start, end, theirs[0], "twin")
            elif (
                len(inner) == 1
                and inner in ".,(€'\"`"
                and _close(parts[0] + parts[1], theirs[0])
                and _shape_ok(theirs[0])
            ):  # a character OCR put inside the word
                add(start, end, theirs[0], "twin")
            continue
        if j2 - j1 == 2:  # "peringatantertulis" / "peringatan tertulis"
            if found == theirs[0] + theirs[1] and found.lower() not in lex.counts:
                add(start, end, " ".join(theirs), "twin")
            continue
        if len(found) < 3:
            continue
        word = theirs[0]
        if found == word or found.lower() in base or found.lower() in twin_counts:
            continue
        if (
            found[:-1] == word
            and found[-1] in "l1I"
            and text[start - 1 : start] == "("
            and text[end : end + 1] != ")"
        ):  # "(endorsementl": the closing bracket read as l
            add(end - 1, end, ")", "twin")
            continue
        if found[1:] == word and found[0] in "lIf1|":  # "KabupatenlKota": a slash misread
            add(start, start + 1, "/", "twin")
            continue
        if word.isdigit():
            if (
                len(found) == len(word)
                and found.translate(_CONFUSABLE_IN_NUMBER).isdigit() is False
            ):
                add(start, end, word, "twin")
            continue
        if _close(found, word) and _shape_ok(word):
            if text[start - 1 : start] in ("[", "{") and not re.match(
                r"[^\n]{0,40}[\]}]", text[end:]
            ):
                start -= 1  # "[tfiaga": a bracket never closed is part of the misreading
            add(start, end, word, "twin")


def _apply(
    text: str, edits: list[tuple[int, int, str, str]], suspects: list[Repair]
) -> RepairResult:
    edits.sort()
    out: list[str] = []
    repairs: list[Repair] = []
    offsets: list[int] = []
    pos = 0
    length = 0
    for start, end, new, rule in edits:
        if start < pos:
            continue
        out.append(text[pos:start])
        length += start - pos
        offsets.append(length)
        out.append(new)
        length += len(new)
        repairs.append(Repair(start, end, text[start:end], new, rule))
        pos = end
    out.append(text[pos:])
    return RepairResult("".join(out), repairs, sorted(suspects, key=lambda r: r.start), offsets)


def rule_counts(repairs: Iterable[Repair]) -> dict[str, int]:
    """Repairs by rule, in the order of :data:`RULES`."""
    counts = Counter(r.rule for r in repairs)
    return {rule: counts[rule] for rule in RULES if counts[rule]}
