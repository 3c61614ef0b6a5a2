"""Lexical retrieval: Indonesian text analysis and a BM25 index over passages.

Why this layer exists: dense retrieval misses exact statutory words, abbreviations and
numbers, and plain BM25 misses lay words (gaji ↔ upah, majikan ↔ Pemberi Kerja).  The
:class:`Analyzer` turns text into stemmed terms and expands queries with the maintained
table in :mod:`pmi_law.retrieval.vocabulary`; :class:`LexicalIndex` scores passages with BM25.

Analysis, identical for passages and queries:

1. spaCy's ``blank("id")`` tokenizer (rule based, ships inside spaCy, no model; replayed
   by :mod:`pmi_law.retrieval.fast_tokens` from spaCy's own rules, so that a fresh
   process need not spend seconds loading spaCy), then
   lower case; punctuation and spaces are dropped; ``dan/atau`` and ``pekerja/buruh``
   split at the slash; pieces spaCy cut without a space and that mix letters and digits
   are joined again (``G2G``); numbers lose their thousands dots and a zero decimal part
   (``Rp15.000.000,00`` → ``rp``, ``15000000``); the bound prefixes *non* and *antar* are
   split off a known word, so ``nonprosedural``, ``non-prosedural`` and ``non
   prosedural`` agree.
2. Stop words (on the surface form, before stemming, so that ``memberikan`` is dropped
   while ``pemberi`` in "Pemberi Kerja" is kept): spaCy's Indonesian list minus
   :data:`KEEP_WORDS` (words that carry meaning in this law: *bekerja*, *luar* negeri,
   *tempat*, *tahun*, *asal*, tanggung *jawab*, ...), plus :data:`LEGAL_STOP_WORDS`
   and a short English list.  ``pasal``, ``ayat``, ``huruf``, ``angka``, ``bab``,
   ``nomor`` are stop words: they occur in nearly every passage through cross
   references ("sebagaimana dimaksud dalam Pasal 5 ayat (1)"), so keeping them makes
   reference-heavy passages match any query that says "pasal"; citation queries are
   resolved by the citation parser, not by BM25.  Numbers are kept (ages, amounts,
   article numbers inside a question).  Single letters (list markers a., b.) are dropped.
3. Sastrawi stemming (``pekerjaan`` → ``kerja``), cached per word because Sastrawi is
   slow and a legal corpus has only a few thousand distinct words.

A query with no usable term is not an error here: :meth:`LexicalIndex.scores` returns
zeros.  Rejecting such a query (``QueryError``) is the search layer's job, which sees
both the lexical and the dense side.

Heavy libraries (spaCy, Sastrawi, bm25s) are imported on first use, never at import.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from pmi_law.errors import IndexStale, SearchIndexError
from pmi_law.retrieval.fast_tokens import fast_tokens, join_chunks, spacy_stop_words
from pmi_law.retrieval.vocabulary import ABBREVIATIONS, SYNONYMS

__all__ = [
    "ABBREVIATION_WEIGHT",
    "ENGLISH_STOP_WORDS",
    "KEEP_WORDS",
    "LEGAL_STOP_WORDS",
    "SYNONYM_WEIGHT",
    "Analyzer",
    "LexicalIndex",
    "default_analyzer",
]

ANALYZER_VERSION = "2"
"""Bump when a change to the analysis makes indexes built before it wrong."""

INDEX_FORMAT = 1
"""Version of the files :meth:`LexicalIndex.save` writes."""

SYNONYM_WEIGHT = 0.7
"""Weight of a term that comes from :data:`pmi_law.retrieval.vocabulary.SYNONYMS` (asker's own: 1)."""

PHRASE_DAMPING = 0.5
"""An expansion phrase of n terms gives each term weight / n ** PHRASE_DAMPING."""

ABBREVIATION_WEIGHT = 0.9
"""Weight of a term that comes from an abbreviation: exact equivalents, so near 1."""

KEEP_WORDS: frozenset[str] = frozenset(
    {
        "bekerja",  # "sebelum bekerja, selama bekerja, dan setelah bekerja"
        "tempat",  # "tempat kerja"; stem of penempatan
        "luar",  # "luar negeri"
        "bawah",  # "di bawah umur"
        "asal",  # "daerah asal", "desa asal"
        "tahun",  # "18 (delapan belas) tahun", "paling lama 10 tahun"
        "bulan",
        "hari",
        "waktu",  # "jangka waktu", "waktu kerja"
        "lama",  # "pidana penjara paling lama"
        "umum",  # "Penjelasan Umum", "kepentingan umum"
        "akhir",
        "berakhir",
        "berakhirnya",  # "berakhirnya Perjanjian Kerja"
        "masa",  # "masa berlaku"
        "jawab",  # "tanggung jawab"
        "antar",  # "antar kerja", "antar pemerintah"
        "tertentu",  # "perjanjian kerja waktu tertentu"
        "bersama",  # "perjanjian kerja bersama"
        "keadaan",  # "keadaan darurat"
        "mulai",  # "mulai berlaku"
        "berlaku",  # "mulai berlaku", "masa berlaku"
        "sebelum",  # "sebelum bekerja" (a stage of protection)
        "selama",  # "selama bekerja"
        "setelah",  # "setelah bekerja"
    }
)
"""spaCy Indonesian stop words that are content words in migrant-worker law."""

LEGAL_STOP_WORDS: frozenset[str] = frozenset(
    {
        "pasal",
        "ayat",
        "huruf",
        "angka",
        "bab",
        "paragraf",
        "nomor",
        "no",
        "sebagaimana",
        "dimaksud",
        "dimaksudkan",
        "disingkat",
        "selanjutnya",
        "disebut",
        "berdasarkan",
        "yaitu",
    }
)
"""Legal function words: structural pointers and boilerplate of statutory drafting."""

ENGLISH_STOP_WORDS: frozenset[str] = frozenset(
    """a an the of to in on for and or is are was were be been being by with at from that
    this these those it its what which who whom how when where why can could should would
    do does did my me i you your we our they their he she his her not if about into than
    then there will shall may must have has had any""".split()  # noqa: SIM905
)
"""English function words, so English queries keep only their content words."""

QUERY_STOP_WORDS: frozenset[str] = frozenset(
    """nggak enggak ngga gak ga engga sih dong deh kok lho loh nih tuh kan ya yah aja doang
    banget gimana bagaimanakah kayak gitu gini emang emangnya udah udh pas kalo kalau bilang
    ngomong mau pengen pingin tolong mohon bantu please whether someone something kemana
    dimana kmn dmn""".split()  # noqa: SIM905
)
"""Colloquial fillers of typed questions ("boleh nggak sih?"). Dropped from queries only:
they are absent from statutes, so the index need not know them."""

#: A query is read as English when at least two distinct English function words make up this
#: share of its words: its vocabulary translations then stand for the asker's words.
ENGLISH_QUERY_SHARE = 0.2
#: In an English query, an English word that the vocabulary translates keeps this weight:
#: the corpus is Indonesian, so the word itself matches only English titles quoted in it
#: (the UN convention "on the Protection of the Rights of All Migrant Workers"). 0.25 let
#: that title pass UU 18/2017 Pasal 6 for "what are the rights of a migrant worker" once the
#: OCR documents' repaired text moved the statistics; 0.15 gives the same figures on every
#: set, 0.1 loses an English answer.
TRANSLATED_WORD_WEIGHT = 0.15


def is_english(tokens: Sequence[str]) -> bool:
    """Whether a tokenized query is English (by its function words; "huruf a" is not)."""
    words = [t for t in tokens if t.isalpha()]
    function = {t for t in words if t in ENGLISH_STOP_WORDS}
    return len(function) >= 2 and len(function) >= ENGLISH_QUERY_SHARE * len(words)


_BOUND_PREFIXES = ("non", "antar")
_PIECE_RE = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|[^\W_]+(?:-[^\W_]+)*")
_STEMMABLE_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")
_PARTICLES = ("lah", "kah", "tah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
_MAX_CACHE = 500_000
#: texts up to this long (a question, not a passage) keep their tokens, up to _TOKEN_CACHE at a time
_QUERY_CHARS = 2_000
_TOKEN_CACHE = 256


#: Lone surrogates (undecodable bytes of a command line): not text, never a word.
_UNENCODABLE_RE = re.compile("[\ud800-\udfff]")


def _normalize_number(piece: str) -> str:
    """``15.000.000,00`` → ``15000000``; ``3,5`` stays; anything else unchanged."""
    if not piece[0].isdigit() or not any(c in piece for c in ".,"):
        return piece
    whole, _, fraction = piece.replace(".", "").partition(",")
    return whole if not fraction.strip("0") else f"{whole},{fraction}"


def _match_forms(token: str) -> tuple[str, ...]:
    """Forms under which a query token may match a vocabulary key.

    The token itself, without an Indonesian particle/possessive (``gajinya`` → ``gaji``)
    and without an English plural (``wages`` → ``wage``).  Keys are written in base form,
    so this is a light, safe normalisation rather than stemming (stems would make
    ``hukum`` match the key ``hukuman``).
    """
    forms = [token]
    base = token
    for suffix in _PARTICLES:
        if base.endswith(suffix) and len(base) - len(suffix) >= 3:
            base = base[: -len(suffix)]
            break
    for suffix in _POSSESSIVES:
        if base.endswith(suffix) and len(base) - len(suffix) >= 3:
            base = base[: -len(suffix)]
            break
    if base != token:
        forms.append(base)
    if token.isascii() and token.isalpha() and len(token) > 3 and token.endswith("s"):
        if token.endswith("ies"):
            forms.append(token[:-3] + "y")
        elif not token.endswith("ss"):
            forms.append(token[:-1])
    return tuple(dict.fromkeys(forms))


@dataclass(frozen=True)
class _Stemming:
    """Sastrawi's stemmer and dictionary: loaded once per process, shared."""

    stemmer: Any
    dictionary: Any
    lock: threading.Lock  # Sastrawi is not documented as thread-safe


_STEMMING: _Stemming | None = None
_SPACY_TOKENIZER: Any = None
_SPACY_LOCK = threading.Lock()  # spaCy's tokenizer mutates its cache while it runs
_RESOURCES_LOCK = threading.Lock()


def _stemming() -> _Stemming:
    """Import Sastrawi on first use."""
    global _STEMMING
    if _STEMMING is not None:
        return _STEMMING
    with _RESOURCES_LOCK:
        if _STEMMING is None:
            from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

            cached = StemmerFactory().create_stemmer()
            stemmer = getattr(cached, "delegatedStemmer", cached)  # we cache ourselves
            _STEMMING = _Stemming(stemmer, stemmer.get_dictionary(), threading.Lock())
        return _STEMMING


def _spacy_tokenizer() -> Any:
    """spaCy's ``blank("id")`` tokenizer, built on first use (seconds: see fast_tokens)."""
    global _SPACY_TOKENIZER
    if _SPACY_TOKENIZER is not None:
        return _SPACY_TOKENIZER
    with _RESOURCES_LOCK:
        if _SPACY_TOKENIZER is None:
            import spacy

            _SPACY_TOKENIZER = spacy.blank("id").tokenizer
        return _SPACY_TOKENIZER


@dataclass(frozen=True)
class _Rule:
    """One expansion: a token pattern and the phrases it adds, at a weight."""

    pattern: tuple[str, ...]
    expansions: tuple[str, ...]
    weight: float
    vocabulary: bool = False  # from the lay/English vocabulary (not an abbreviation)


class Analyzer:
    """Turns Indonesian (and English) text into index terms and expands queries.

    Construct once and share: Sastrawi and spaCy's tokenizer rules load on first use, and
    the per-word caches make later calls fast.  All methods are thread-safe.
    ``fast_tokenizer=False`` tokenizes with spaCy itself (the reference, for tests).
    """

    def __init__(
        self,
        synonyms: Mapping[str, Sequence[str]] = SYNONYMS,
        abbreviations: Mapping[str, str] = ABBREVIATIONS,
        *,
        synonym_weight: float = SYNONYM_WEIGHT,
        abbreviation_weight: float = ABBREVIATION_WEIGHT,
        fast_tokenizer: bool = True,
    ) -> None:
        self._synonyms: dict[str, tuple[str, ...]] = {
            key.lower().strip(): tuple(values) for key, values in synonyms.items()
        }
        self._abbreviations: dict[str, list[str]] = {}
        for abbr, expansion in abbreviations.items():
            self._abbreviations.setdefault(abbr.lower().strip(), []).append(expansion)
        self.synonym_weight = synonym_weight
        self.abbreviation_weight = abbreviation_weight
        self._lock = threading.RLock()  # guards the abbreviations and expansion rules
        self.fast_tokenizer = fast_tokenizer
        self._stop_words: frozenset[str] | None = None
        self._term_cache: dict[str, str | None] = {}
        self._split_cache: dict[str, tuple[str, ...]] = {}
        self._token_cache: dict[str, tuple[str, ...]] = {}
        self._phrase_cache: dict[str, tuple[str, ...]] = {}
        # passage text → (surface word, its terms): the same passages come back as hits
        # again and again, and reading their words is most of a highlight's cost
        self._words_cache: dict[str, tuple[tuple[str, frozenset[str | None]], ...]] = {}
        self._rules: dict[str, list[_Rule]] | None = None

    # -- loading -------------------------------------------------------------------

    @property
    def stop_words(self) -> frozenset[str]:
        """The stop words in force (spaCy's list − KEEP_WORDS + legal + English)."""
        stop_words = self._stop_words
        if stop_words is None:
            stop_words = (spacy_stop_words() - KEEP_WORDS) | LEGAL_STOP_WORDS | ENGLISH_STOP_WORDS
            self._stop_words = stop_words
        return stop_words

    @property
    def fingerprint(self) -> str:
        """Short hash of everything that decides the indexed terms.

        Stored with a saved index, so an index built by another analysis is detected.
        Synonyms and abbreviations act on queries only and are not part of it.
        """
        # computed from versions and our own lists, not from spaCy's loaded stop words, so
        # checking an index does not cost the seconds of loading spaCy
        from importlib.metadata import version

        payload = json.dumps(
            [
                ANALYZER_VERSION,
                version("spacy"),
                version("PySastrawi"),
                sorted(KEEP_WORDS),
                sorted(LEGAL_STOP_WORDS),
                sorted(ENGLISH_STOP_WORDS),
                list(_BOUND_PREFIXES),
            ],
            ensure_ascii=True,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    # -- tokens and terms ----------------------------------------------------------

    def _chunks(self, text: str) -> list[str]:
        """spaCy tokens as surface strings, with letter-digit pieces rejoined.

        The tokens come from :func:`~pmi_law.retrieval.fast_tokens.fast_tokens` (spaCy's
        algorithm and data without loading spaCy: seconds saved in a fresh process), or
        from spaCy itself when that cannot read spaCy's files or ``fast_tokenizer`` is off.
        """
        tokens = fast_tokens(text) if self.fast_tokenizer else None
        if tokens is None:
            tokenizer = _spacy_tokenizer()
            with _SPACY_LOCK:
                doc = tokenizer(text)
            tokens = [
                (token.text, token.is_space or token.is_punct, bool(token.whitespace_))
                for token in doc
            ]
        return join_chunks(tokens)

    def _split_prefix(self, token: str) -> tuple[str, ...]:
        """``nonprosedural`` → (``non``, ``prosedural``) when the rest is a known word.

        Split even where Sastrawi's dictionary lists the compound (``antarnegara``), so
        the glued and the spaced spelling ("antar negara") give the same terms.
        """
        cached = self._split_cache.get(token)
        if cached is not None:
            return cached
        dictionary = _stemming().dictionary
        result: tuple[str, ...] = (token,)
        for prefix in _BOUND_PREFIXES:
            rest = token[len(prefix) :]
            if (
                token.startswith(prefix)
                and len(rest) >= 4
                and rest.isalpha()
                and (dictionary.contains(rest) or dictionary.contains(self._stem(rest)))
            ):
                result = (prefix, rest)
                break
        if len(self._split_cache) > _MAX_CACHE:
            self._split_cache.clear()
        self._split_cache[token] = result
        return result

    def _words(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """Surface words of ``text``, each with the normalised token(s) it yields."""
        words: list[tuple[str, tuple[str, ...]]] = []
        text = _UNENCODABLE_RE.sub(" ", text)  # lone surrogates break spaCy's UTF-8 hashing
        for chunk in self._chunks(text):
            for match in _PIECE_RE.finditer(chunk):
                surface = match.group()
                token = _normalize_number(surface.lower())
                if token.startswith(_BOUND_PREFIXES):
                    words.append((surface, self._split_prefix(token)))
                else:
                    words.append((surface, (token,)))
        return words

    def tokens(self, text: str) -> list[str]:
        """Lower-case word tokens of ``text``, before stop words and stemming.

        A question's tokens are kept (a few hundred): one search reads them in
        several stages (terms, phrases, alternatives, the vocabulary's phrases)."""
        short = len(text) <= _QUERY_CHARS
        if short and (cached := self._token_cache.get(text)) is not None:
            return list(cached)
        out = [token for _, tokens in self._words(text) for token in tokens]
        if short:
            if len(self._token_cache) >= _TOKEN_CACHE:
                self._token_cache.clear()
            self._token_cache[text] = tuple(out)
        return out

    def _stem(self, token: str) -> str:
        """Sastrawi stem of one lower-case token (letters only; others unchanged)."""
        if not _STEMMABLE_RE.fullmatch(token):
            return token
        stemming = _stemming()
        with stemming.lock:
            stem: str = stemming.stemmer.stem_word(token)
        return stem or token

    def term(self, token: str) -> str | None:
        """Index term of one token, or None for a stop word or a lone letter."""
        cached = self._term_cache.get(token, "")
        if cached != "":
            return cached
        result: str | None
        if token in self.stop_words or (len(token) == 1 and token.isalpha()):
            result = None
        elif any(c.isdigit() for c in token):
            result = token
        else:
            result = self._stem(token)
        if len(self._term_cache) > _MAX_CACHE:
            self._term_cache.clear()
        self._term_cache[token] = result
        return result

    def terms(self, text: str) -> list[str]:
        """Index terms of ``text``: tokens without stop words, stemmed; order kept."""
        terms = (self.term(token) for token in self.tokens(text))
        return [term for term in terms if term]

    def terms_many(self, texts: Iterable[str]) -> list[list[str]]:
        """:meth:`terms` of every text (convenience for index building)."""
        return [self.terms(text) for text in texts]

    # -- query expansion -----------------------------------------------------------

    def add_abbreviation(self, abbr: str, expansion: str) -> None:
        """Teach the analyzer an abbreviation, e.g. from "... yang selanjutnya disebut X"."""
        key = abbr.lower().strip()
        value = " ".join(expansion.lower().split())
        if not key or not value:
            return
        with self._lock:
            known = self._abbreviations.setdefault(key, [])
            if value not in known:
                known.append(value)
                self._rules = None

    @property
    def abbreviations(self) -> dict[str, tuple[str, ...]]:
        """Known abbreviations (lower case) → the phrases each stands for."""
        with self._lock:
            return {key: tuple(values) for key, values in self._abbreviations.items()}

    def _build_rules(self) -> dict[str, list[_Rule]]:
        """Index the vocabulary by the first token of each pattern."""
        with self._lock:
            if self._rules is not None:
                return self._rules
            rules: list[_Rule] = []
            for key, values in self._synonyms.items():
                rules.append(
                    _Rule(tuple(self.tokens(key)), values, self.synonym_weight, vocabulary=True)
                )
            for abbr, expansions in self._abbreviations.items():
                weight = self.abbreviation_weight
                rules.append(_Rule(tuple(self.tokens(abbr)), tuple(expansions), weight))
                for expansion in expansions:  # the full phrase also finds the abbreviation
                    pattern = tuple(self.tokens(expansion))
                    if len(pattern) >= 2:
                        rules.append(_Rule(pattern, (abbr,), weight))
            by_first: dict[str, list[_Rule]] = {}
            for rule in rules:
                if rule.pattern:
                    by_first.setdefault(rule.pattern[0], []).append(rule)
            self._rules = by_first
            return by_first

    def _phrase_terms(self, phrase: str) -> tuple[str, ...]:
        cached = self._phrase_cache.get(phrase)
        if cached is None:
            cached = tuple(self.terms(phrase))
            self._phrase_cache[phrase] = cached
        return cached

    def weighted_query_terms(self, text: str) -> list[tuple[str, float]]:
        """Query terms with weights: the asker's own terms at 1.0, expansions lower.

        Expansions come from phrases of the query found in the synonym table (weight
        ``synonym_weight``) or among the abbreviations, either way round (weight
        ``abbreviation_weight``).  In an English query a vocabulary translation is the
        asker's word in the corpus's language: it weighs 1, the English word itself
        TRANSLATED_WORD_WEIGHT.  Each term appears once, with its highest weight; the
        asker's terms come first, in order.  Empty when nothing usable is left.
        """
        tokens = self.tokens(text)
        english = is_english(tokens)
        translated = self.translated_positions(tokens) if english else set()
        weights: dict[str, float] = {}
        for n, term in self._own_terms(tokens):
            own = TRANSLATED_WORD_WEIGHT if n in translated else 1.0
            weights[term] = max(weights.get(term, 0.0), own)
        for phrase_terms, weight in self._expansions(tokens, english=english).items():
            for term in phrase_terms:
                if weights.get(term, 0.0) < weight:
                    weights[term] = weight
        return list(weights.items())

    def translated_positions(self, tokens: list[str]) -> set[int]:
        """Positions of the words a vocabulary rule translates."""
        out: set[int] = set()
        for start, rule in self._matched_rules(tokens):
            if rule.vocabulary:
                out.update(range(start, start + len(rule.pattern)))
        return out

    def known_share(self, text: str, known: Callable[[str], bool]) -> float:
        """Share of the question's content words that ``known`` accepts or the vocabulary
        translates: how much of the question the lexical side can read (1 when none)."""
        tokens = self.tokens(text)
        translated = self.translated_positions(tokens)
        own = self._own_terms(tokens)
        found = sum(n in translated or known(term) for n, term in own)
        return found / len(own) if own else 1.0

    def _own_terms(self, tokens: list[str]) -> list[tuple[int, str]]:
        """The asker's own index terms with their token positions (fillers left out)."""
        out = []
        for n, token in enumerate(tokens):
            term = None if token in QUERY_STOP_WORDS else self.term(token)
            if term:
                out.append((n, term))
        return out

    def alternatives(self, text: str) -> list[tuple[tuple[str, ...], ...]]:
        """For each vocabulary rule the query matches with several phrases, its phrases as
        terms, the asker's own terms left out: one concept, scored by its best phrase
        (:meth:`LexicalIndex.concept_scores`), not by the sum of its synonyms."""
        tokens = self.tokens(text)
        if is_english(tokens):  # the translations are all the index can read: keep them all
            return []
        own = {term for _, term in self._own_terms(tokens)}
        out = []
        for _, rule in self._matched_rules(tokens):
            phrases = {
                tuple(t for t in self._phrase_terms(p) if t not in own) for p in rule.expansions
            }
            phrases.discard(())
            if len(phrases) > 1:
                out.append(tuple(sorted(phrases)))
        return out

    def weighted_phrases(self, text: str) -> list[tuple[tuple[str, ...], float]]:
        """The statutory phrases the query's words map to, as (terms, per-term weight)."""
        tokens = self.tokens(text)
        return list(self._expansions(tokens, english=is_english(tokens)).items())

    def _expansions(
        self, tokens: list[str], *, english: bool = False
    ) -> dict[tuple[str, ...], float]:
        """Terms of each expansion phrase of the matched rules, with the weight of each term.

        One concept, however many words: a long statutory phrase must not outweigh the
        asker's own word it stands for, so each of its n terms weighs w / n**PHRASE_DAMPING.
        """
        out: dict[tuple[str, ...], float] = {}
        for _, rule in self._matched_rules(tokens):
            base = 1.0 if english and rule.vocabulary else rule.weight
            for phrase in rule.expansions:
                terms = self._phrase_terms(phrase)
                weight = base / max(1.0, len(terms)) ** PHRASE_DAMPING
                out[terms] = max(out.get(terms, 0.0), weight)
        return out

    def expansion_phrases(self, text: str) -> list[str]:
        """The statutory phrases the query's lay or English words stand for.

        Lets the dense encoder see the law's words too ("majikan" → "pemberi kerja").
        Abbreviations are left out: the encoder already reads them in the query.
        """
        return _vocabulary_phrases(rule for _, rule in self._matched_rules(self.tokens(text)))

    def vocabulary_phrases(self) -> list[str]:
        """Every statutory phrase :meth:`expansion_phrases` can give (a server encodes
        them all at start)."""
        return _vocabulary_phrases(r for rules in self._build_rules().values() for r in rules)

    def _matched_rules(self, tokens: list[str]) -> Iterator[tuple[int, _Rule]]:
        """Vocabulary and abbreviation rules whose pattern occurs in the token sequence (with where)."""
        rules = self._build_rules()
        forms = [_match_forms(token) for token in tokens]
        for start in range(len(tokens)):
            candidates: dict[int, _Rule] = {}
            for form in forms[start]:
                for rule in rules.get(form, ()):
                    candidates.setdefault(id(rule), rule)
            for rule in candidates.values():
                end = start + len(rule.pattern)
                if end <= len(tokens) and all(
                    part in forms[start + offset] for offset, part in enumerate(rule.pattern)
                ):
                    yield start, rule

    def expand_query(self, text: str) -> list[str]:
        """The terms of :meth:`weighted_query_terms`, without weights."""
        return [term for term, _ in self.weighted_query_terms(text)]

    def highlights(self, query: str, text: str) -> list[str]:
        """Words of ``text`` (as written there) whose terms match the expanded query.

        Each distinct surface form once, in order of first appearance; meant for
        showing the user why a passage matched.
        """
        return self.highlights_of(frozenset(self.expand_query(query)), text)

    def highlights_of(self, wanted: frozenset[str], text: str) -> list[str]:
        """:meth:`highlights` for a query already expanded (once for all of a search's hits)."""
        if not wanted:
            return []
        found: dict[str, None] = {}
        for surface, terms in self._word_terms(text):
            if surface not in found and not terms.isdisjoint(wanted):
                found[surface] = None
        return list(found)

    def _word_terms(self, text: str) -> tuple[tuple[str, frozenset[str | None]], ...]:
        words = self._words_cache.get(text)
        if words is None:
            words = tuple(
                (surface, frozenset(self.term(token) for token in tokens))
                for surface, tokens in self._words(text)
            )
            if len(self._words_cache) >= 4096:  # bounded: drop the oldest
                self._words_cache.pop(next(iter(self._words_cache)))
            self._words_cache[text] = words
        return words


def _vocabulary_phrases(rules: Iterable[_Rule]) -> list[str]:
    """The expansions of the vocabulary's rules among ``rules``, each once, in order."""
    out: dict[str, None] = {}
    for rule in rules:
        if rule.vocabulary:
            out.update(dict.fromkeys(rule.expansions))
    return list(out)


@functools.cache
def default_analyzer() -> Analyzer:
    """A process-wide analyzer with the maintained vocabulary (built lazily)."""
    return Analyzer()


class QueryTerms(list[tuple[str, float]]):
    """A query's weighted terms, with the groups of alternative phrases among them (one
    concept each, see :meth:`Analyzer.alternatives`)."""

    def __init__(
        self,
        terms: Iterable[tuple[str, float]],
        alternatives: Sequence[tuple[tuple[str, ...], ...]] = (),
    ) -> None:
        super().__init__(terms)
        self.alternatives = tuple(alternatives)


_FILES = ("data.npy", "indices.npy", "indptr.npy", "vocab.json", "params.json")


class LexicalIndex:
    """BM25 over passages, stored as a term × document sparse matrix of BM25 weights.

    Built with ``bm25s`` (default method "lucene", k1=1.5, b=0.75), which precomputes
    each (term, document) contribution, so a query only sums matrix columns: a query's
    score is ``Σ weight(term) · bm25(term, doc)``.  Saved as plain ``.npy`` arrays and
    JSON, loaded memory-mapped, without re-analysing any text.
    """

    def __init__(
        self,
        data: np.ndarray,
        indices: np.ndarray,
        indptr: np.ndarray,
        vocabulary: Sequence[str],
        params: Mapping[str, Any],
    ) -> None:
        if (
            len(indptr) != len(vocabulary) + 1
            or len(data) != len(indices)
            or int(indptr[-1]) != len(data)
        ):
            raise SearchIndexError(
                f"lexical index arrays disagree: {len(vocabulary)} terms, "
                f"{len(indptr)} column pointers, {len(data)} weights, {len(indices)} rows"
            )
        self._data = data
        self._indices = indices
        self._indptr = indptr
        self._vocabulary = list(vocabulary)
        self._term_ids = {term: i for i, term in enumerate(self._vocabulary)}
        self.params: dict[str, Any] = dict(params)
        self.num_docs: int = int(self.params["num_docs"])
        #: the leading documents whose statistics (idf, mean length) score every document;
        #: those after them (an amended law's earlier wordings) are scored as if the index
        #: held the leading ones only, so adding them changes no leading document's score
        self.stats_docs: int = int(self.params.get("stats_docs") or self.num_docs)
        self._seen_df: np.ndarray | None = None  # document frequency among the leading ones

    # -- building ------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        texts: Sequence[str],
        analyzer: Analyzer,
        *,
        k1: float = 1.5,
        b: float = 0.75,
        method: str = "lucene",
        stats_docs: int | None = None,
    ) -> LexicalIndex:
        """Analyse ``texts`` (one per passage, in passage order) and index them."""
        index = cls.from_terms(
            analyzer.terms_many(texts), k1=k1, b=b, method=method, stats_docs=stats_docs
        )
        index.params["analyzer_fingerprint"] = analyzer.fingerprint
        return index

    @classmethod
    def from_terms(
        cls,
        documents: Sequence[Sequence[str]],
        *,
        k1: float = 1.5,
        b: float = 0.75,
        method: str = "lucene",
        stats_docs: int | None = None,
    ) -> LexicalIndex:
        """Index already analysed documents (lists of terms), e.g. analysed in parallel.

        With ``stats_docs``, only the first ``stats_docs`` documents make the statistics;
        the rest are scored with them (see :meth:`_with_extra`)."""
        if stats_docs is not None and 0 < stats_docs < len(documents):
            if method != "lucene":
                raise SearchIndexError(f"extra documents need the lucene method, not {method}")
            leading = cls.from_terms(documents[:stats_docs], k1=k1, b=b, method=method)
            return leading._with_extra(documents[stats_docs:])
        vocab: dict[str, int] = {}
        doc_ids = [[vocab.setdefault(term, len(vocab)) for term in doc] for doc in documents]
        params: dict[str, Any] = {
            "format": INDEX_FORMAT,
            "method": method,
            "k1": k1,
            "b": b,
            "num_docs": len(doc_ids),
            "avg_doc_len": (sum(map(len, doc_ids)) / len(doc_ids)) if doc_ids else 0.0,
            "analyzer_fingerprint": None,
        }
        if not vocab:  # no documents, or none with a term: nothing can ever match
            empty_f = np.zeros(0, dtype=np.float32)
            empty_i = np.zeros(0, dtype=np.int32)
            return cls(empty_f, empty_i, np.zeros(1, dtype=np.int64), [], params)

        import bm25s

        model = bm25s.BM25(k1=k1, b=b, method=method)
        model.index((doc_ids, vocab), create_empty_token=False, show_progress=False)
        matrix = model.scores
        return cls(
            np.ascontiguousarray(matrix["data"], dtype=np.float32),
            np.ascontiguousarray(matrix["indices"], dtype=np.int32),
            np.ascontiguousarray(matrix["indptr"], dtype=np.int64),
            list(vocab),
            params,
        )

    def _with_extra(self, documents: Sequence[Sequence[str]]) -> LexicalIndex:
        """This index with ``documents`` appended, each weighted by Lucene BM25 with this
        index's document count, frequencies and mean length (a term only they hold: its
        frequency among them), as bm25s weighs the leading ones."""
        import math
        from collections import Counter

        k1, b = float(self.params["k1"]), float(self.params["b"])
        n, avg = self.num_docs, float(self.params["avg_doc_len"]) or 1.0
        vocab = dict(self._term_ids)
        df = np.diff(np.asarray(self._indptr, dtype=np.int64)).tolist()
        counts = [Counter(doc) for doc in documents]
        for c in counts:
            for term in c:
                if term not in vocab:
                    vocab[term] = len(vocab)
                    df.append(0)
                if vocab[term] >= len(self._vocabulary):
                    df[vocab[term]] += 1
        cols = [np.repeat(np.arange(len(self._vocabulary)), np.diff(self._indptr))]
        rows = [np.asarray(self._indices, dtype=np.int64)]
        data = [np.asarray(self._data, dtype=np.float32)]
        for row, c in enumerate(counts, start=n):
            if not c:
                continue
            ids = np.array([vocab[t] for t in c], dtype=np.int64)
            tf = np.array(list(c.values()), dtype=np.float32)
            idf = np.array(
                [math.log(1 + (n - df[i] + 0.5) / (df[i] + 0.5)) for i in ids], dtype=np.float32
            )
            norm = k1 * ((1 - b) + b * sum(c.values()) / avg)
            cols.append(ids)
            rows.append(np.full(len(ids), row, dtype=np.int64))
            data.append((idf * (tf / (norm + tf))).astype(np.float32))
        col, row_ids, weights = np.concatenate(cols), np.concatenate(rows), np.concatenate(data)
        order = np.lexsort((row_ids, col))
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(np.bincount(col, minlength=len(vocab)))
        params = {**self.params, "num_docs": n + len(documents), "stats_docs": n}
        return LexicalIndex(
            np.ascontiguousarray(weights[order], dtype=np.float32),
            np.ascontiguousarray(row_ids[order], dtype=np.int32),
            indptr,
            list(vocab),
            params,
        )

    # -- querying ------------------------------------------------------------------

    def __len__(self) -> int:
        return self.num_docs

    def _leading_df(self) -> np.ndarray:
        """Per term, how many of the leading (statistics) documents hold it."""
        if self._seen_df is None:
            indptr = np.asarray(self._indptr, dtype=np.int64)
            cols = np.repeat(np.arange(len(self._vocabulary)), np.diff(indptr))
            leading = np.asarray(self._indices) < self.stats_docs
            self._seen_df = np.bincount(cols[leading], minlength=len(self._vocabulary))
        return self._seen_df

    @property
    def vocabulary(self) -> list[str]:
        """Indexed terms, in column order (of the leading documents: a word only an earlier
        wording holds is not what the index knows today)."""
        if self.stats_docs == self.num_docs:
            return list(self._vocabulary)
        df = self._leading_df()
        return [t for i, t in enumerate(self._vocabulary) if df[i]]

    def document_frequency(self, term: str) -> int:
        """Number of the leading documents that contain ``term`` (0 if unknown)."""
        term_id = self._term_ids.get(term)
        if term_id is None:
            return 0
        if self.stats_docs != self.num_docs:
            return int(self._leading_df()[term_id])
        return int(self._indptr[term_id + 1] - self._indptr[term_id])

    def concept_scores(
        self,
        weighted_terms: Sequence[tuple[str, float]],
        alternatives: Sequence[Sequence[Sequence[str]]],
    ) -> np.ndarray:
        """:meth:`scores`, where each group of ``alternatives`` (one concept's phrases, see
        :meth:`Analyzer.alternatives`) adds only its best-matching phrase's score.

        A unit naming P3MI and Mitra Usaha, two phrases of the lay word "agensi", would
        otherwise count that one word twice. A term in several groups counts in the first.
        """
        weights = dict(weighted_terms)
        claimed: set[str] = set()
        best_of_groups = np.zeros(self.num_docs, dtype=np.float32)
        for group in alternatives:
            fresh = [[t for t in phrase if t in weights and t not in claimed] for phrase in group]
            best = np.zeros(self.num_docs, dtype=np.float32)
            for phrase in fresh:
                np.maximum(best, self.scores((t, weights[t]) for t in phrase), out=best)
            best_of_groups += best
            claimed.update(t for phrase in fresh for t in phrase)
        rest = ((t, w) for t, w in weighted_terms if t not in claimed)
        return self.scores(rest) + best_of_groups

    def scores(self, weighted_terms: Iterable[tuple[str, float]]) -> np.ndarray:
        """BM25 score of every document (float32, length ``num_docs``).

        Each term's BM25 contribution is multiplied by its weight; terms listed twice
        count twice.  Unknown terms add nothing, so an empty or unmatched query gives
        all zeros (not an error: see the module docstring).
        """
        result = np.zeros(self.num_docs, dtype=np.float32)
        for term, weight in weighted_terms:
            term_id = self._term_ids.get(term)
            if term_id is None or weight == 0:
                continue
            start, end = int(self._indptr[term_id]), int(self._indptr[term_id + 1])
            if start == end:
                continue
            # one entry per document within a column, so fancy-index += is exact
            result[self._indices[start:end]] += np.float32(weight) * self._data[start:end]
        return result

    def coverage(self, weighted_terms: Iterable[tuple[str, float]]) -> np.ndarray:
        """Share of the query's term weight that each document contains (0 to 1).

        BM25 sums per-term scores, so one rare word matched often can outscore a passage
        holding every word asked about; search scales short queries' scores by this.
        """
        have = np.zeros(self.num_docs, dtype=np.float32)
        total = 0.0
        for term, weight in weighted_terms:
            total += weight
            term_id = self._term_ids.get(term)
            if term_id is None or weight == 0:
                continue
            start, end = int(self._indptr[term_id]), int(self._indptr[term_id + 1])
            have[self._indices[start:end]] += np.float32(weight)
        return have / np.float32(total) if total > 0 else have

    # -- persistence ---------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write the index as ``.npy`` arrays and JSON (no pickle) into ``folder``."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "data.npy", np.asarray(self._data), allow_pickle=False)
        np.save(folder / "indices.npy", np.asarray(self._indices), allow_pickle=False)
        np.save(folder / "indptr.npy", np.asarray(self._indptr), allow_pickle=False)
        (folder / "vocab.json").write_text(
            json.dumps(self._vocabulary, ensure_ascii=False), encoding="utf-8"
        )
        # params last: its presence marks a complete index
        (folder / "params.json").write_text(
            json.dumps(self.params, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    @classmethod
    def load(
        cls, folder: Path, mmap: bool = True, analyzer: Analyzer | None = None
    ) -> LexicalIndex:
        """Open an index written by :meth:`save`; arrays memory-mapped when ``mmap``.

        With ``analyzer``, raise :class:`IndexStale` if the index was built by an analysis
        with other stop words or rules, since its terms would no longer match queries.
        """
        folder = Path(folder)
        missing = [name for name in _FILES if not (folder / name).is_file()]
        if missing:
            raise SearchIndexError(f"lexical index in {folder} is incomplete: missing {missing}")
        try:
            params = json.loads((folder / "params.json").read_text(encoding="utf-8"))
            vocabulary = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
            mode: Literal["r"] | None = "r" if mmap else None
            arrays = [
                np.load(folder / name, mmap_mode=mode, allow_pickle=False)
                for name in ("data.npy", "indices.npy", "indptr.npy")
            ]
        except (OSError, ValueError) as exc:
            raise SearchIndexError(f"lexical index in {folder} cannot be read: {exc}") from exc
        if params.get("format") != INDEX_FORMAT:
            raise IndexStale(
                f"lexical index in {folder} has format {params.get('format')!r}, "
                f"expected {INDEX_FORMAT}; rebuild the index"
            )
        if analyzer is not None and params.get("analyzer_fingerprint") not in (
            None,
            analyzer.fingerprint,
        ):
            raise IndexStale(
                f"lexical index in {folder} was built with another text analysis "
                f"({params.get('analyzer_fingerprint')}, now {analyzer.fingerprint}); "
                "rebuild the index"
            )
        return cls(arrays[0], arrays[1], arrays[2], vocabulary, params)
