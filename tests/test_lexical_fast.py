"""The spaCy-free tokenizer (pmi_law.retrieval.fast_tokens) against spaCy itself.

spaCy's ``blank("id")`` tokenizer is the reference: an analyzer built with
``fast_tokenizer=False`` always uses it.  The replay must give the same tokens, chunks
and terms on every passage of the corpus and on generated text, must read the same rules
and exceptions, and must step aside for spaCy when it cannot read spaCy's files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmi_law.indexing import corpus_passages
from pmi_law.retrieval import fast_tokens as fast_module
from pmi_law.retrieval import lexical as lexical_module
from pmi_law.retrieval.fast_tokens import fast_tokens, spacy_stop_words
from pmi_law.retrieval.lexical import Analyzer


@pytest.fixture(scope="module")
def fast() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="module")
def reference() -> Analyzer:
    return Analyzer(fast_tokenizer=False)


@pytest.fixture(scope="module")
def spacy_tokenizer() -> Any:
    import spacy

    return spacy.blank("id").tokenizer


def _spacy_tokens(tokenizer: Any, text: str) -> list[tuple[str, bool, bool]]:
    return [(t.text, t.is_punct, bool(t.whitespace_)) for t in tokenizer(text) if not t.is_space]


def _fast_tokens(text: str) -> list[tuple[str, bool, bool]]:
    tokens = fast_tokens(text)
    assert tokens is not None  # the fast path is taken, not spaCy
    return [t for t in tokens if not t[0].isspace()]


def _same(
    fast: Analyzer, reference: Analyzer, tokenizer: Any, text: str, terms: bool = True
) -> None:
    assert _fast_tokens(text) == _spacy_tokens(tokenizer, text), text
    if terms:  # the same tokens give the same chunks and terms; checked where it is cheap
        assert fast._chunks(text) == reference._chunks(text), text
        assert fast.tokens(text) == reference.tokens(text), text
        assert fast.terms(text) == reference.terms(text), text


# -- the real corpus --------------------------------------------------------------


def test_corpus_passages_agree_with_spacy(
    library: Any, fast: Analyzer, reference: Analyzer, spacy_tokenizer: Any
) -> None:
    texts = sorted({t for p in corpus_passages(library) for t in (p.text, p.embed_text)})
    assert len(texts) > 1000
    for text in texts:
        _same(fast, reference, spacy_tokenizer, text, terms=False)


def test_corpus_files_agree_with_spacy(corpus_dir: Path, spacy_tokenizer: Any) -> None:
    """Whole files, OCR noise and all: the raw text the parser starts from."""
    files = sorted(corpus_dir.glob("*.txt")) + sorted(corpus_dir.glob("*.md"))
    assert len(files) >= 3
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert _fast_tokens(text) == _spacy_tokens(spacy_tokenizer, text), path.name


# -- generated text ----------------------------------------------------------------

_WORDS = [
    "agen", "Gaji", "P3MI", "BP2MI", "G2G", "Rp5", "Rp", "USD", "USDA", "IDRIS", "SGD10",
    "10km", "5ribu", "2jt", "3M", "8", "18", "a", "B", "non", "nonprosedural", "antar",
    "pekerja", "buruh", "dll", "Dr", "km", "1", "000", "15", "x8", "mu", "nya", "Jan",
    "anak", "www", "com", "http", "med", "rer", "nat", "i", "e", "g", "o", "D", "x",
]  # fmt: skip
_PUNCT = [*".,;:!?()[]{}\"'-/\\&%+=*<>@#$_~^|", "’", "”", "“", "—", "–", "…", "°", "://"]
_SPACES = [" ", "  ", "\n", "\t", "\u00a0", "", "\r\n", "\u2003", "\u3000", "\x1c", " \n "]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """Words, punctuation, spaces and pieces of spaCy's own exceptions, run together."""
    keys = sorted(_spacy_rules())
    piece = st.one_of(
        st.sampled_from(_WORDS),
        st.sampled_from(_PUNCT),
        st.sampled_from(_SPACES),
        st.sampled_from(keys),
        st.sampled_from(keys).map(lambda k: k[: len(k) // 2]),
        st.text(max_size=6),
    )
    return "".join(draw(st.lists(piece, max_size=16)))


def _spacy_rules() -> dict[str, Any]:
    import spacy

    global _RULES
    if not _RULES:
        _RULES.update(spacy.blank("id").tokenizer.rules)
    return _RULES


_RULES: dict[str, Any] = {}


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts())
def test_generated_text_agrees_with_spacy(
    fast: Analyzer, reference: Analyzer, spacy_tokenizer: Any, text: str
) -> None:
    text = text.encode("utf-8", "ignore").decode("utf-8")  # no lone surrogates
    _same(fast, reference, spacy_tokenizer, text)


# -- each of spaCy's mechanisms, exercised ----------------------------------------------


def _exercises(text: str, mechanism: str) -> bool:
    rules = fast_module._rules()
    assert rules is not None
    affixed = fast_module._affix_tokens(rules, text, specials=True)
    if mechanism == "affixes":  # prefixes, suffixes and infixes cut the text
        return len(affixed) > len(text.split())
    if mechanism == "exception":  # an exception, found while cutting, keeps a piece whole
        plain = fast_module._affix_tokens(rules, text, specials=False)
        return affixed != plain
    if mechanism == "matcher":  # an exception found afterwards over several tokens
        return fast_module._apply_special_cases(rules, affixed) != affixed
    if mechanism == "url":
        return any(rules.url_match(token) for token, _, _ in affixed)
    raise AssertionError(mechanism)


@pytest.mark.parametrize(
    ("text", "mechanism"),
    [
        ("agen memotong gaji?", "affixes"),
        ('P3MI (BP2MI), "kata" 10% Rp5 USDA 10km', "affixes"),
        ("non-prosedural dan/atau", "affixes"),
        ("dll.", "exception"),
        ("(anak-anak)", "exception"),  # a reduplication stays whole inside brackets
        ("ayat (8)", "exception"),  # 8) is an emoticon
        ("Siswa/i", "exception"),  # an infix would cut it
        ("x,dll.", "matcher"),  # found only after the comma was cut off
        ("kata:)", "matcher"),
        ("a,Dr. med", "matcher"),  # an exception with a space in it
        ("lihat www.bp2mi.go.id.", "url"),
    ],
)
def test_mechanisms(
    fast: Analyzer, reference: Analyzer, spacy_tokenizer: Any, text: str, mechanism: str
) -> None:
    assert _exercises(text, mechanism)  # the snippet tests what it says
    _same(fast, reference, spacy_tokenizer, text)


def test_falls_back_to_spacy_without_its_files(
    monkeypatch: pytest.MonkeyPatch, reference: Analyzer
) -> None:
    calls: list[int] = []
    real = lexical_module._spacy_tokenizer

    def counting() -> Any:
        calls.append(1)
        return real()

    monkeypatch.setattr(fast_module, "_rules", lambda: None)
    monkeypatch.setattr(lexical_module, "_spacy_tokenizer", counting)
    text = "Pasal 5 ayat (1): dll. anak-anak x,dll. P3MI"
    assert fast_tokens(text) is None
    analyzer = Analyzer()
    assert analyzer._chunks(text) == reference._chunks(text)
    assert calls  # spaCy did the work


# -- the data read without spaCy is spaCy's ----------------------------------------------


def test_other_spacy_version_goes_to_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: "3.9.0" if name == "spacy" else real(name)
    )
    assert fast_module._rules.__wrapped__() is None
    monkeypatch.undo()
    assert fast_module._rules.__wrapped__() is not None


def test_rules_and_exceptions_are_spacys(spacy_tokenizer: Any) -> None:
    import spacy
    from spacy.symbols import ORTH

    assert spacy.__version__.startswith(fast_module.REPLAYED_SPACY + ".")

    rules = fast_module._rules()
    assert rules is not None
    assert rules.prefix.pattern == spacy_tokenizer.prefix_search.__self__.pattern
    assert rules.suffix.pattern == spacy_tokenizer.suffix_search.__self__.pattern
    assert rules.infix.pattern == spacy_tokenizer.infix_finditer.__self__.pattern
    assert rules.url_match.__self__.pattern == spacy_tokenizer.url_match.__self__.pattern  # type: ignore[attr-defined]
    assert spacy_tokenizer.token_match is None  # the replay has none either
    assert spacy_tokenizer.faster_heuristics  # which exceptions go to the matcher
    expected = {
        key: tuple(attr[ORTH] for attr in attrs) for key, attrs in spacy_tokenizer.rules.items()
    }
    assert len(expected) > 10_000
    assert rules.specials == expected


def test_stop_words_equal_spacys() -> None:
    from spacy.lang.id.stop_words import STOP_WORDS

    assert len(STOP_WORDS) > 500
    assert spacy_stop_words() == frozenset(STOP_WORDS)


def test_analysis_does_not_import_spacy() -> None:
    code = (
        "import sys; from pmi_law.retrieval.lexical import Analyzer; a = Analyzer();"
        "print(a.terms('Pasal 5 ayat (1): agen memotong gaji, dll.'),"
        " a.expand_query('majikan menahan paspor saya'), 'spacy' in sys.modules)"
    )
    root = Path(fast_module.__file__).parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().endswith("False"), out.stdout
    assert "'potong'" in out.stdout
