"""spaCy's Indonesian tokenizer, without loading spaCy.

Why: a fresh process pays seconds for ``spacy.blank("id").tokenizer`` (importing spaCy,
then compiling some 16,000 tokenizer exceptions), while a one-shot ``pmi-law search``
analyses a few short texts.  This module replays spaCy's ``Tokenizer.__call__`` (see
spaCy's ``tokenizer.pyx``: ``_tokenize_affixes``, ``_split_affixes``, ``_attach_tokens``
and ``_apply_special_cases``) in Python, with spaCy's own data read from its installed
source files without importing the ``spacy`` package: the prefix, suffix and infix rules
(``lang/char_classes.py``, ``lang/punctuation.py``, ``lang/id/punctuation.py``), the
exceptions and the URL pattern (``lang/tokenizer_exceptions.py``,
``lang/id/tokenizer_exceptions.py``, ``lang/id/_tokenizer_exceptions_list.py``; their two
imports from spaCy's compiled core, the ORTH/NORM symbols and ``util.update_exc``, are
stood in for here).  spaCy stays the reference: ``tests/test_lexical_fast.py`` checks the
rules, the exceptions and the tokens against spaCy's tokenizer on the whole corpus and on
generated text.  When spaCy's files cannot be read (another layout), or spaCy is not the
minor version whose algorithm this replays (:data:`REPLAYED_SPACY`), :func:`fast_tokens`
returns None and the caller asks spaCy.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import re
import sys
import threading
import types
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["fast_tokens", "join_chunks", "spacy_stop_words"]

REPLAYED_SPACY = "3.8"
"""spaCy minor version whose ``tokenizer.pyx`` this module replays (checked by the tests)."""

_PACKAGE = "_pmi_law_spacy"  # private alias of spaCy's folder, so spacy/__init__ never runs
_ORTH, _NORM = 65, 67  # spaCy's symbol ids (only used as dictionary keys here)
_LOAD_LOCK = threading.Lock()
_LOAD_ERRORS = (ImportError, OSError, SyntaxError, AttributeError, KeyError, ValueError)


def _spacy_dir() -> Path | None:
    """spaCy's installed folder, found without importing spaCy (None if not installed)."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _update_exc(base: dict[str, list[dict[int, str]]], *additions: dict[str, Any]) -> Any:
    """``spacy.util.update_exc``: merge exception tables, add ’ spellings of ' ones."""
    exc = dict(base)
    for addition in additions:
        for orth, attrs in addition.items():
            if "".join(attr[_ORTH] for attr in attrs) != orth:
                raise ValueError(f"exception {orth!r} is not the sum of its tokens")
        exc.update(addition)
    expanded = dict(exc)
    for key, attrs in exc.items():
        if "'" in key:
            expanded[key.replace("'", "’")] = [
                {**attr, _ORTH: attr[_ORTH].replace("'", "’")} for attr in attrs
            ]
    return expanded


def _load_spacy_module(name: str) -> types.ModuleType:
    """Load one of spaCy's plain data modules (e.g. ``lang.id.punctuation``) by path.

    The packages above it are registered as empty modules pointing at spaCy's folders, so
    the file's relative imports resolve to spaCy's other plain files; ``symbols`` and
    ``util`` (compiled or heavy) are stand-ins.  Neither ``spacy/__init__.py`` nor
    ``spacy/lang/id/__init__.py`` runs.
    """
    root = _spacy_dir()
    if root is None:
        raise ImportError("spaCy is not installed")
    with _LOAD_LOCK:
        packages = ((_PACKAGE, root), (f"{_PACKAGE}.lang", root / "lang"))
        for package, folder in (*packages, (f"{_PACKAGE}.lang.id", root / "lang" / "id")):
            if package not in sys.modules:
                module = types.ModuleType(package)
                module.__path__ = [str(folder)]
                module.__package__ = package
                sys.modules[package] = module
        if f"{_PACKAGE}.symbols" not in sys.modules:
            symbols = types.ModuleType(f"{_PACKAGE}.symbols")
            symbols.ORTH, symbols.NORM = _ORTH, _NORM  # type: ignore[attr-defined]
            sys.modules[symbols.__name__] = symbols
            util = types.ModuleType(f"{_PACKAGE}.util")
            util.update_exc = _update_exc  # type: ignore[attr-defined]
            sys.modules[util.__name__] = util
        return importlib.import_module(f"{_PACKAGE}.{name}")


@functools.cache
def spacy_stop_words() -> frozenset[str]:
    """spaCy's Indonesian stop words (``spacy.lang.id.stop_words``), read without spaCy."""
    try:
        words = _load_spacy_module("lang.id.stop_words").STOP_WORDS
    except _LOAD_ERRORS:  # another layout: ask spaCy
        from spacy.lang.id import stop_words

        words = stop_words.STOP_WORDS
    return frozenset(words)


@dataclass(frozen=True)
class _Rules:
    """spaCy's Indonesian tokenizer data, as ``spacy.blank("id")`` compiles it."""

    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    infix: re.Pattern[str]
    url_match: Callable[[str], object]
    specials: dict[str, tuple[str, ...]]  # exception → its tokens
    spaced: dict[str, list[str]]  # exceptions with a space ("Dr. med"), by their letters
    longest_special: int


def _by_unspaced(specials: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key in specials:  # (isprintable is false for every space but " ": a quick test)
        if (" " in key or not key.isprintable()) and any(c.isspace() for c in key):
            out.setdefault("".join(key.split()), []).append(key)
    return out


@functools.cache
def _rules() -> _Rules | None:
    """The tokenizer data, or None when spaCy's files cannot be read."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        if version("spacy").split(".")[:2] != REPLAYED_SPACY.split("."):
            return None  # another algorithm, maybe: spaCy itself, until the tests say so
        punct = _load_spacy_module("lang.id.punctuation")
        exceptions = _load_spacy_module("lang.id.tokenizer_exceptions").TOKENIZER_EXCEPTIONS
        url_match = _load_spacy_module("lang.tokenizer_exceptions").URL_MATCH
        prefixes, suffixes, infixes = (
            punct.TOKENIZER_PREFIXES,
            punct.TOKENIZER_SUFFIXES,
            punct.TOKENIZER_INFIXES,
        )
        specials = {key: tuple(attr[_ORTH] for attr in attrs) for key, attrs in exceptions.items()}
    except (*_LOAD_ERRORS, PackageNotFoundError):
        return None
    return _Rules(
        prefix=re.compile("|".join("^" + p for p in prefixes if p.strip())),
        suffix=re.compile("|".join(p + "$" for p in suffixes if p.strip())),
        infix=re.compile("|".join(p for p in infixes if p.strip())),
        url_match=url_match,
        specials=specials,
        spaced=_by_unspaced(specials),
        longest_special=max(map(len, specials), default=0),
    )


def _match_len(pattern: re.Pattern[str], text: str) -> int:
    match = pattern.search(text)
    return match.end() - match.start() if match is not None else 0


_SPAN_CACHE: dict[str, tuple[str, ...]] = {}  # spaCy caches spans too; same result
_MAX_SPAN_CACHE = 200_000


def _span_tokens(rules: _Rules, string: str, specials: bool) -> tuple[str, ...]:
    """One whitespace-free span: spaCy's ``_try_specials_and_cache`` then ``_tokenize``."""
    if not specials:
        return tuple(_split_span(rules, string, {}))
    cached = _SPAN_CACHE.get(string)
    if cached is None:
        cached = tuple(_split_span(rules, string, rules.specials))
        if len(_SPAN_CACHE) > _MAX_SPAN_CACHE:
            _SPAN_CACHE.clear()
        _SPAN_CACHE[string] = cached
    return cached


def _split_span(rules: _Rules, string: str, special: dict[str, tuple[str, ...]]) -> list[str]:
    """spaCy's ``_split_affixes`` and ``_attach_tokens`` with these exceptions."""
    if string in special:
        return list(special[string])
    prefixes: list[str] = []
    suffixes: list[str] = []
    last_size = 0
    while string and len(string) != last_size:  # _split_affixes
        if string in special:
            break
        last_size = len(string)
        pre_len = _match_len(rules.prefix, string)
        if pre_len and string[pre_len:] in special:
            prefixes.append(string[:pre_len])
            string = string[pre_len:]
            break
        suf_len = _match_len(rules.suffix, string[pre_len:])
        if suf_len and string[:-suf_len] in special:
            suffixes.append(string[-suf_len:])
            string = string[:-suf_len]
            break
        if pre_len and suf_len and pre_len + suf_len <= len(string):
            prefixes.append(string[:pre_len])
            suffixes.append(string[-suf_len:])
            string = string[pre_len:-suf_len]
        elif pre_len:
            prefixes.append(string[:pre_len])
            string = string[pre_len:]
        elif suf_len:
            suffixes.append(string[-suf_len:])
            string = string[:-suf_len]
    tokens = prefixes  # _attach_tokens
    if string in special:
        tokens.extend(special[string])
    elif string and rules.url_match(string):
        tokens.append(string)
    elif string:
        start = 0
        for match in rules.infix.finditer(string):
            infix_start, infix_end = match.start(), match.end()
            if infix_start == 0:  # spaCy skips an infix at the very start
                continue
            if infix_start != start:
                tokens.append(string[start:infix_start])
            if infix_start != infix_end:
                tokens.append(string[infix_start:infix_end])
            start = infix_end
        if string[start:]:
            tokens.append(string[start:])
    tokens.extend(reversed(suffixes))
    return tokens


_RUN_RE = re.compile(r"\s+|\S+")  # \s is str.isspace, as in spaCy's loop


def _affix_tokens(rules: _Rules, text: str, specials: bool) -> list[list[Any]]:
    """spaCy's ``_tokenize_affixes``: [text, followed by a space, is space] per token.

    A run of whitespace is one token here (spaCy may cut it in several, all spaces);
    the single ``" "`` after a word is no token but that word's trailing space.
    """
    tokens: list[list[Any]] = []
    for match in _RUN_RE.finditer(text):
        run = match.group()
        if not run[0].isspace():
            tokens.extend([piece, False, False] for piece in _span_tokens(rules, run, specials))
        elif run[0] == " " and tokens:
            tokens[-1][1] = True
            if len(run) > 1:
                tokens.append([run[1:], False, True])
        else:
            tokens.append([run, False, True])
    return tokens


@functools.cache
def _pattern(key: str) -> tuple[str, ...] | None:
    """The tokens spaCy's special-case matcher looks for to find ``key``; None if it is
    not in the matcher (``Tokenizer.add_special_case`` with ``faster_heuristics``)."""
    rules = _rules()
    assert rules is not None
    if not (
        _match_len(rules.prefix, key)
        or _match_len(rules.suffix, key)
        or rules.infix.search(key)
        or " " in key
    ):
        return None
    return tuple(token[0] for token in _affix_tokens(rules, key, specials=False))


def _apply_special_cases(rules: _Rules, tokens: list[list[Any]]) -> list[list[Any]]:
    """spaCy's ``_apply_special_cases``: exceptions spanning several affix tokens.

    The matcher finds every run of tokens equal to an exception's own tokens; the
    longest, then leftmost, win over runs sharing their first or last token; a winner
    whose text (with its inner spaces) is an exception becomes that exception's tokens.
    """
    matches: list[tuple[int, int]] = []
    for start in range(len(tokens)):
        joined = ""
        for end in range(start, len(tokens)):
            if tokens[end][2]:  # no exception's own tokens include a run of spaces
                break
            joined += tokens[end][0]
            if len(joined) > rules.longest_special:
                break
            if end == start:  # one token: replaced by itself, and never blocks a longer run
                continue
            keys = [joined] if joined in rules.specials else []
            keys += rules.spaced.get(joined, [])
            if keys:
                run = tuple(t[0] for t in tokens[start : end + 1])
                if any(_pattern(key) == run for key in keys):
                    matches.append((start, end + 1))
    if not matches:
        return tokens
    matches.sort(key=lambda m: (m[1] - m[0], -m[0]))
    seen: set[int] = set()
    kept: dict[int, int] = {}
    for start, end in reversed(matches):
        if start not in seen and end - 1 not in seen:
            kept[start] = end
        seen.update(range(start, end))
    out: list[list[Any]] = []
    i = 0
    while i < len(tokens):
        if i not in kept:
            out.append(tokens[i])
            i += 1
            continue
        end = kept[i]
        inner = "".join(t[0] + (" " if t[1] else "") for t in tokens[i : end - 1])
        text = inner + tokens[end - 1][0]  # spaCy's Span.text
        special = rules.specials.get(text)
        if special is None:
            out.extend(tokens[i:end])
        else:
            out.extend([piece, False, False] for piece in special)
            out[-1][1] = tokens[end - 1][1]
        i = end
    return out


def _is_punct(text: str) -> bool:
    """spaCy's ``is_punct`` lexical attribute (``spacy.lang.lex_attrs.is_punct``)."""
    return all(unicodedata.category(c).startswith("P") for c in text)


def fast_tokens(text: str) -> list[tuple[str, bool, bool]] | None:
    """spaCy's tokens of ``text`` as (text, is space or punctuation, followed by a space).

    None when spaCy's data could not be read (the caller then asks spaCy).
    """
    rules = _rules()
    if rules is None:
        return None
    tokens = _apply_special_cases(rules, _affix_tokens(rules, text, specials=True))
    return [(token, is_space or _is_punct(token), spaced) for token, spaced, is_space in tokens]


_ALNUM_RE = re.compile(r"[^\W_]+")


def _mixes_letters_and_digits(text: str) -> bool:
    return any(c.isdigit() for c in text) and any(c.isalpha() for c in text)


def join_chunks(tokens: Iterable[tuple[str, bool, bool]]) -> list[str]:
    """Surface chunks from (text, skip, followed by space) tokens.

    Space and punctuation tokens are dropped; pieces cut without a space that mix letters
    and digits are joined again (``G2G``).
    """
    chunks: list[str] = []
    joinable = False  # may the last chunk absorb the next token?
    for surface, skip, spaced in tokens:
        if skip:
            joinable = False
            continue
        is_alnum = _ALNUM_RE.fullmatch(surface) is not None
        if (
            joinable
            and is_alnum
            and (_mixes_letters_and_digits(chunks[-1]) or _mixes_letters_and_digits(surface))
        ):
            chunks[-1] += surface
        else:
            chunks.append(surface)
        joinable = is_alnum and not spaced
    return chunks
