"""The native analyzer gives scikit-learn's build_analyzer() output, term for term and in order,
on hard Unicode, on random text and on ToTA articles."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer as SkCountVectorizer
from treatytext.sklearn import CountVectorizer, _native

HARD = [
    "İstanbul'da IŞIK ışık İi",  # Turkish dotted and dotless I
    "Straße STRASSE Maße ẞ",  # German sharp s, capital sharp s
    "ΟΔΟΣ ΟΔΟΣ. ΣΑΣ' Σ ΑΣ1 ΑΣa ΑΣ\u0301 Σ\u0301Α",  # Greek final sigma in every context
    "cafe\u0301 café e\u0301te\u0301 Å Å Ω Ω",  # combining accents, precomposed, K/Ω/Å signs
    "ﬁnal ﬂow ﬀ Æsir œuvre ĳ",  # ligatures
    "１２３ ＡＢＣ ８ａ ①② ²³ ½",  # full-width digits and letters, circled, superscripts
    "Привет МИР ёжик Ёлка",  # Cyrillic
    "한국어 텍스트 ㄱㄴ 가",  # Hangul syllables and jamo
    "emoji 😀x 👩\u200d💻 a\u200db zero\u200cwidth",  # emoji, ZWJ, ZWNJ
    "snake_case __init__ _ a_b",  # underscores
    "tab\there  two\n\nlines\r\nend\u00a0nbsp\u2003em\u3000ideo",  # white space of all kinds
    "ǅemal ǈ ǋ ᾈ ᾼ ﬀi",  # title-case digraphs, Greek with iota subscript
    "\U0001d400\U0001d41a math \U00010400\U00010428 deseret",  # astral letters
    "",
    "   ",
    "x",
]

CONFIGS = [
    {"analyzer": analyzer, "lowercase": lowercase, "strip_accents": strip}
    for analyzer in ("word", "char", "char_wb")
    for lowercase in (True, False)
    for strip in (None, "ascii", "unicode")
]


def pairs(config: dict) -> tuple:
    ours = CountVectorizer(**config)
    theirs = SkCountVectorizer(**config)
    spec = _native.native_spec(ours)
    assert spec is not None
    return _native.native_analyzer(spec), theirs.build_analyzer()


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: "-".join(map(str, c.values())))
@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 3), (2, 4)])
def test_hard_unicode(config, ngram_range):
    native, reference = pairs({**config, "ngram_range": ngram_range})
    for text in HARD + [" ".join(HARD)]:
        assert native.analyze(text) == reference(text), text


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?u)\b\w\w+\b",
        r"\b\w\w+\b",
        r"(?u)\b\w+\b",
        r"\w+",
        r"\w\w+",
        r"(?u)\b\w{3,}\b",
        r"\w{4,}",
    ],
)
def test_recognized_token_patterns(pattern):
    native, reference = pairs({"token_pattern": pattern, "stop_words": ["the", "ab"]})
    for text in HARD + ["the ab abc abcd a b ab_cd"]:
        assert native.analyze(text) == reference(text), text


@pytest.mark.parametrize("pattern", [r"\w+(?:-\w+)*", r"(?a)\b\w\w+\b", r"\b\w\w+?\b", r"\S+"])
def test_other_token_patterns_are_not_native(pattern):
    assert _native.native_spec(CountVectorizer(token_pattern=pattern)) is None


ALPHABET = st.sampled_from(
    list("aAzZ09_ .,'-\t\n")
    + ["é", "É", "İ", "ı", "Σ", "σ", "ς", "ß", "ﬁ", "\u0301", "\u0307"]
    + ["\u200d", "한", "😀", "Ａ", "\u00a0", "ǅ", "\u0345", "Ω", "K", "·", "\u2028", "\x1c"]
)


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(ALPHABET, max_size=80).map("".join),
    config=st.sampled_from(CONFIGS),
    ngram_range=st.sampled_from([(1, 1), (1, 2), (3, 3)]),
)
def test_random_text(text, config, ngram_range):
    native, reference = pairs({**config, "ngram_range": ngram_range})
    assert native.analyze(text) == reference(text)


def test_tota_articles(tota_dir):
    texts = []
    for name in ("pta_123", "pta_88", "pta_200"):  # Spanish, French, English
        root = ET.parse(tota_dir / f"{name}.xml").getroot()
        texts += [a.text or "" for a in root.iter("article")][:40]
    for config in CONFIGS[::2]:
        native, reference = pairs({**config, "ngram_range": (1, 2)})
        for text in texts:
            assert native.analyze(text) == reference(text)


def test_stop_words_english_come_from_installed_sklearn():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    spec = _native.native_spec(CountVectorizer(stop_words="english"))
    assert spec.stop_words == tuple(sorted(w.encode() for w in ENGLISH_STOP_WORDS))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"analyzer": "chars"}, "analyzer: expected 'word', 'char' or 'char_wb', got 'chars'"),
        ({"strip_accents": "nfkd"}, "strip_accents: expected '', 'ascii' or 'unicode', got 'nfkd'"),
    ],
)
def test_core_option_names_are_checked(change, message):
    from treatytext import _core

    args = {"analyzer": "word", "strip_accents": ""} | change
    with pytest.raises(ValueError, match=f"^{message}$"):
        _core.SklearnAnalyzer(
            _native.python_text(), args["analyzer"], True, args["strip_accents"], 2, 1, 1, []
        )


def test_core_output_names_are_checked():
    from treatytext import _core

    counts = _core.SklearnCounts()
    counts.finish(1)
    output = {"values": "int64", "binary": False, "sublinear_tf": False, "idf": None, "norm": ""}
    with pytest.raises(
        ValueError, match="^values: expected 'int64', 'float64' or 'float32', got 'i8'$"
    ):
        counts.matrix([], 0, n_threads=1, **(output | {"values": "i8"}))
    with pytest.raises(ValueError, match="^norm: expected '', 'l1' or 'l2', got 'max'$"):
        counts.matrix([], 0, n_threads=1, **(output | {"norm": "max"}))


def test_released_counts_write_the_same_matrix_once():
    """matrix(release=True) frees the counts while writing: same matrix, then no other."""
    from treatytext import _core

    analyzer = _core.SklearnAnalyzer(_native.python_text(), "word", True, "", 1, 1, 1, [])
    docs = [f"clause {i} of the treaty binds party {i % 7}" for i in range(3000)]
    counts = _core.SklearnCounts()
    counts.add(analyzer, docs, 2)
    counts.finish(2)
    columns = np.arange(len(counts.document_frequency()), dtype=np.int32)
    output = {"values": "float64", "binary": False, "sublinear_tf": False, "idf": None}
    kept = counts.matrix(columns, len(columns), n_threads=2, norm="l2", **output)
    taken = counts.matrix(columns, len(columns), n_threads=2, norm="l2", release=True, **output)
    for a, b in zip(kept[:3], taken[:3], strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="released by take_matrix"):
        counts.matrix(columns, len(columns), n_threads=1, norm="l2", **output)
