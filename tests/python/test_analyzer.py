"""Tests of treatytext.analyzer: exact tokens and code-point offsets in four languages and on
hard Unicode cases, options, stop words, stemming, n-grams against scikit-learn, threads,
pickling and bad input."""

from __future__ import annotations

import pickle
import sys
import threading
import unicodedata

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from treatytext import _core
from treatytext.analyzer import Analyzer, Token, english_stop_words, stemmer_languages


def spans(text: str, tokens: list[Token]) -> list[str]:
    return [text[t.start : t.end] for t in tokens]


def test_english_tokens_and_offsets():
    text = "Self-defence of the Party’s l’accord, Straße."
    tokens = Analyzer().tokenize(text)
    assert tokens == [
        Token("self-defence", 0, 12),
        Token("of", 13, 15),
        Token("the", 16, 19),
        Token("party's", 20, 27),
        Token("l'accord", 28, 36),
        Token("strasse", 38, 44),
    ]
    assert spans(text, tokens) == ["Self-defence", "of", "the", "Party’s", "l’accord", "Straße"]
    assert tokens[0].term == "self-defence" and tokens[0] == ("self-defence", 0, 12)


def test_spanish_french_russian():
    es = "¿Las Partes están de acuerdo? Sí, año 2024."
    assert Analyzer().tokenize(es) == [
        Token("las", 1, 4),
        Token("partes", 5, 11),
        Token("están", 12, 17),
        Token("de", 18, 20),
        Token("acuerdo", 21, 28),
        Token("sí", 30, 32),
        Token("año", 34, 37),
        Token("2024", 38, 42),
    ]
    fr = "L’Union européenne et l'État-membre s’engagent « à coopérer »."
    tokens = Analyzer().tokenize(fr)
    assert [t.term for t in tokens] == [
        "l'union",
        "européenne",
        "et",
        "l'état-membre",
        "s'engagent",
        "à",
        "coopérer",
    ]
    assert spans(fr, tokens) == [
        "L’Union",
        "européenne",
        "et",
        "l'État-membre",
        "s’engagent",
        "à",
        "coopérer",
    ]
    assert tokens[-1] == Token("coopérer", 51, 59)
    ru = "Статья 5. Договаривающиеся Стороны обязуются сотрудничать."
    assert Analyzer().tokenize(ru) == [
        Token("статья", 0, 6),
        Token("5", 7, 8),
        Token("договаривающиеся", 10, 26),
        Token("стороны", 27, 34),
        Token("обязуются", 35, 44),
        Token("сотрудничать", 45, 57),
    ]


def test_case_folding_turkish_german_greek():
    assert Analyzer()("İstanbul ISPARTA ılık") == ["i\u0307stanbul", "isparta", "ılık"]
    assert Analyzer()("Straße STRASSE strasse") == ["strasse"] * 3
    assert Analyzer()("ΟΔΟΣ ὁδός") == ["οδοσ", "ὁδόσ"]
    assert Analyzer(case_fold=False)("Straße ΟΔΟΣ") == ["Straße", "ΟΔΟΣ"]


def test_normalization_ligatures_fullwidth_combining():
    text = "ﬁnance １２３ e\u0301te\u0301"
    raw = Analyzer(normalization=None, case_fold=False)
    assert raw(text) == ["ﬁnance", "１２３", "e\u0301te\u0301"]
    assert Analyzer(normalization="nfc", case_fold=False)(text) == ["ﬁnance", "１２３", "été"]
    tokens = Analyzer()(text), Analyzer().tokenize(text)
    assert tokens[0] == ["finance", "123", "été"]
    assert tokens[1] == [Token("finance", 0, 6), Token("123", 7, 10), Token("été", 11, 16)]
    assert Analyzer(strip_accents=True)("Crème brûlée, Ångström, 한국어") == [
        "creme",
        "brulee",
        "angstrom",
        "한국어",
    ]


def test_hangul_emoji_joiners_controls_line_endings():
    assert Analyzer().tokenize("한국어 조약") == [Token("한국어", 0, 3), Token("조약", 4, 6)]
    text = "peace👍treaty 👨\u200d👩 a\u200db"
    tokens = Analyzer().tokenize(text)
    assert tokens == [Token("peace", 0, 5), Token("treaty", 6, 12), Token("ab", 17, 20)]
    assert spans(text, tokens)[-1] == "a\u200db"
    assert Analyzer()("self\u00addefence") == ["selfdefence"]
    assert Analyzer().tokenize("a\0b\0") == [Token("a", 0, 1), Token("b", 2, 3)]
    assert Analyzer().tokenize("one\r\ntwo\rthree\n") == [
        Token("one", 0, 3),
        Token("two", 5, 8),
        Token("three", 9, 14),
    ]


def test_numbers_and_connectors():
    text = "1.5 2,000 1,000.50 5. v1.2 3a -x- x- 'a' b'c co--op covid-19"
    assert Analyzer()(text) == [
        "1.5",
        "2,000",
        "1,000.50",
        "5",
        "v1.2",
        "3a",
        "x",
        "x",
        "a",
        "b'c",
        "co",
        "op",
        "covid-19",
    ]
    no_numbers = Analyzer(keep_numbers=False)
    assert no_numbers("In 2024, 1.5 % of ½ and 1-2 were covid-19 3a") == [
        "in",
        "of",
        "and",
        "were",
        "covid-19",
        "3a",
    ]
    split = Analyzer(keep_hyphens=False, keep_apostrophes=False)
    assert split.tokenize("self-defence party’s") == [
        Token("self", 0, 4),
        Token("defence", 5, 12),
        Token("party", 13, 18),
        Token("s", 19, 20),
    ]


def test_stop_words():
    words = english_stop_words()
    assert isinstance(words, frozenset)
    assert 150 <= len(words) <= 200
    assert {"the", "of", "and", "thereof", "it's"} <= words
    assert not words & {"not", "no", "nor", "shall", "may", "must", "unless", "except"}
    english = Analyzer(stop_words="english")
    assert english("The rights of the Parties shall not be affected by it") == [
        "rights",
        "parties",
        "shall",
        "not",
        "affected",
    ]
    custom = Analyzer(stop_words=["PARTIES", "party’s", "Über"])
    assert custom("über die Parties, the party's") == ["die", "the"]
    assert Analyzer(stop_words=english_stop_words() | {"rights"})("the rights of man") == ["man"]


def test_min_length_in_code_points():
    assert Analyzer(min_length=3)("ab ßa été ñ tres") == ["ssa", "été", "tres"]


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("english", "Agreements negotiations running", ["agreement", "negoti", "run"]),
        ("russian", "договоров соглашения", ["договор", "соглашен"]),
        ("french", "accords négociations", ["accord", "négoci"]),
        ("spanish", "acuerdos negociaciones", ["acuerd", "negoci"]),
        ("german", "Verträge", ["vertrag"]),
    ],
)
def test_stemming(language, text, expected):
    assert language in stemmer_languages()
    assert Analyzer(stem=language)(text) == expected


def test_stop_words_are_matched_before_stemming():
    analyzer = Analyzer(stop_words="english", stem="english")
    assert analyzer("being agreements being agreements") == ["agreement", "agreement"]


def test_ngrams_after_stop_word_removal():
    text = "rights of the parties and obligations"
    analyzer = Analyzer(stop_words="english", ngram_range=(1, 2))
    tokens = analyzer.tokenize(text)
    assert tokens == [
        Token("rights", 0, 6),
        Token("parties", 14, 21),
        Token("obligations", 26, 37),
        Token("rights parties", 0, 21),
        Token("parties obligations", 14, 37),
    ]
    assert text[0:21] == "rights of the parties"
    assert Analyzer(stop_words="english", ngram_range=(2, 3))(text) == [
        "rights parties",
        "parties obligations",
        "rights parties obligations",
    ]
    assert Analyzer(ngram_range=(4, 5))("too short") == []


def test_ngrams_and_stop_words_match_scikit_learn(seed_text):
    # With apostrophes and hyphens splitting words, our words are sklearn's \w+ words on this
    # text; n-gram order and stop-word handling must then agree exactly.
    from sklearn.feature_extraction.text import CountVectorizer

    stop = sorted(w for w in english_stop_words() if "'" not in w)
    sk = CountVectorizer(token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 3), stop_words=stop)
    ours = Analyzer(keep_apostrophes=False, keep_hyphens=False, stop_words=stop, ngram_range=(1, 3))
    expected = sk.build_analyzer()(seed_text)
    assert len(expected) > 1000
    assert ours(seed_text) == expected


def test_offsets_reproduce_terms(seed_text):
    analyzer = Analyzer(stop_words="english", stem="english")
    tokens = analyzer.tokenize(seed_text)
    assert len(tokens) > 300
    assert [t.term for t in tokens] == analyzer(seed_text)
    for token in tokens:
        assert analyzer(seed_text[token.start : token.end]) == [token.term]


HARD_UNICODE = (
    "Self-defence of the Party’s l’accord, Straße. ﬁnance １２３ e\u0301te\u0301 한국어 조약 "
    "peace👍treaty 👨\u200d👩 a\u200db self\u00addefence İstanbul ΟΔΟΣ ὁδός \U0001d400\U0001d401 "
    "a\0b one\r\ntwo 1,000.50 covid-19"
)


def test_token_arrays_values_on_hard_unicode():
    terms, starts, ends = Analyzer().token_arrays("peace👍treaty 👨\u200d👩 a\u200db ﬁnance")
    assert terms == ["peace", "treaty", "ab", "finance"]
    assert starts.dtype == np.int64 and ends.dtype == np.int64
    assert starts.tolist() == [0, 6, 17, 21]
    assert ends.tolist() == [5, 12, 20, 27]
    empty = Analyzer().token_arrays(" ,; ")
    assert empty.terms == [] and empty.starts.shape == (0,) and empty.ends.shape == (0,)
    data = "Straße agreements".encode()
    assert Analyzer().token_arrays(data).starts.tolist() == [0, 7]
    with pytest.raises(TypeError, match="str or bytes, not NoneType"):
        Analyzer().token_arrays(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options", [{}, {"stop_words": "english", "stem": "english", "ngram_range": (1, 3)}]
)
def test_token_arrays_equal_tokenize(seed_text, tota_dir, options):
    tota = (tota_dir / "pta_1.xml").read_text(encoding="utf-8")
    analyzer = Analyzer(**options)
    for text in (seed_text, tota, HARD_UNICODE, HARD_UNICODE * 300):
        tokens = analyzer.tokenize(text)
        terms, starts, ends = analyzer.token_arrays(text)
        assert len(tokens) > 20
        # The core's tuple API, which Analyzer.tokenize no longer goes through.
        assert list(map(Token._make, _core.Analyzer(analyzer.options).tokenize(text))) == tokens
        assert terms == [t.term for t in tokens]
        assert starts.tolist() == [t.start for t in tokens]
        assert ends.tolist() == [t.end for t in tokens]
    # Offsets are code points: each unigram's source slice analyzes to the term itself.
    unigrams = Analyzer()
    terms, starts, ends = unigrams.token_arrays(HARD_UNICODE)
    for term, start, end in zip(terms, starts.tolist(), ends.tolist(), strict=True):
        assert unigrams(HARD_UNICODE[start:end]) == [term]


def test_threads_give_identical_results(seed_text):
    analyzer = Analyzer(stop_words="english", stem="english", ngram_range=(1, 2))
    expected = analyzer(seed_text)
    results: list[list[str]] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(20):
            result = analyzer(seed_text)
            with lock:
                results.append(result)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 80
    assert all(result == expected for result in results)

    lines = seed_text.splitlines()
    one = analyzer.analyze_many(lines, n_jobs=1)
    assert one == analyzer.analyze_many(lines, n_jobs=3) == [analyzer(line) for line in lines]
    assert analyzer.analyze_many(iter(lines), n_jobs=-1) == one


def test_bad_input():
    analyzer = Analyzer()
    assert analyzer("") == [] and analyzer.tokenize("") == []
    assert analyzer(" \t\r\n\u3000 ") == []
    assert analyzer("\0\0\0") == []
    assert analyzer("… — « » 👍") == []
    big = "x" * 100_000
    tokens = analyzer.tokenize(f"a {big} b")
    assert len(tokens) == 3 and tokens[1] == Token(big, 2, 100_002)
    assert Analyzer(stem="english")("ab" * 50_000 + "ing") == ["ab" * 50_000]
    with pytest.raises(ValueError, match="invalid UTF-8 at byte 3"):
        analyzer(b"abc\xff def")
    with pytest.raises(ValueError, match="invalid UTF-8 at byte 1"):
        analyzer.tokenize(b"a\xc3")
    with pytest.raises(ValueError, match="invalid UTF-8 at byte 0"):
        analyzer.analyze_many(["fine", b"\x80"])
    with pytest.raises(
        ValueError,
        match=r"^text cannot be encoded as UTF-8: it holds a lone surrogate \(U\+DCFF\) at index 5",
    ):
        analyzer("lone \udcff surrogate")
    with pytest.raises(
        ValueError, match=r"^texts\[1\] cannot be encoded .* \(U\+D800\) at index 0$"
    ):
        analyzer.analyze_many(["fine", "\ud800"])
    with pytest.raises(TypeError, match="str or bytes, not int"):
        analyzer(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="str or bytes, not NoneType"):
        analyzer.tokenize(None)  # type: ignore[arg-type]


def test_bytes_input_offsets_index_the_decoded_text():
    data = "Straße agreements".encode()
    tokens = Analyzer().tokenize(data)
    assert tokens == [Token("strasse", 0, 6), Token("agreements", 7, 17)]
    assert Analyzer()(data) == ["strasse", "agreements"]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"stem": "klingon"}, ValueError, "unknown Snowball language 'klingon'; known: .*russian"),
        ({"ngram_range": (0, 1)}, ValueError, r"invalid n-gram range \(0, 1\)"),
        ({"ngram_range": (3, 2)}, ValueError, r"invalid n-gram range \(3, 2\)"),
        ({"ngram_range": (1, 33)}, ValueError, "<= 32"),
        ({"ngram_range": (1,)}, TypeError, "pair of ints"),
        ({"stop_words": "french"}, ValueError, "unknown built-in list 'french'"),
        ({"stop_words": ["ok", 3]}, TypeError, "stop_words must hold str"),
        ({"normalization": "nfd"}, ValueError, "normalization must be one of"),
        ({"min_length": -1}, ValueError, "min_length must be >= 0"),
        ({"min_length": 1.5}, TypeError, "min_length must be an int"),
        ({"case_fold": "yes"}, TypeError, "case_fold must be a bool"),
        ({"stem": 3}, TypeError, "stem must be None"),
    ],
)
def test_validation(kwargs, error, message):
    with pytest.raises(error, match=message):
        Analyzer(**kwargs)


def test_params_repr_pickle_and_options():
    analyzer = Analyzer(stop_words=["b", "a"], stem="english", ngram_range=(1, 2))
    params = analyzer.get_params()
    assert params["stop_words"] == ("b", "a") and params["stem"] == "english"
    assert repr(analyzer) == "Analyzer(stop_words=('b', 'a'), stem='english', ngram_range=(1, 2))"
    assert repr(Analyzer()) == "Analyzer()"
    clone = pickle.loads(pickle.dumps(analyzer))
    assert clone == analyzer and clone.get_params() == params
    assert clone("a b agreements") == analyzer("a b agreements") == ["agreement"]

    options = analyzer.options
    assert isinstance(options, _core.AnalyzerOptions)
    assert options.stem_language == "english" and options.extra_stop_words == ["b", "a"]
    assert (options.ngram_min, options.ngram_max, options.normalization) == (1, 2, "nfkc")
    assert Analyzer.from_options(options) == analyzer
    english = Analyzer(stop_words="english", min_length=2)
    assert Analyzer.from_options(english.options) == english
    assert Analyzer.from_options(english.options).get_params()["stop_words"] == "english"


def test_core_options_are_read_write_and_picklable():
    options = _core.AnalyzerOptions(stop_words="english", ngram_max=2)
    options.normalization = "NFC"
    options.min_length = 2
    assert options.normalization == "nfc" and options.min_length == 2
    assert pickle.loads(pickle.dumps(options)) == options
    assert _core.AnalyzerOptions() != options
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        _core.AnalyzerOptions(colour="red")
    with pytest.raises(ValueError, match="unknown normalization 'nfd'"):
        options.normalization = "nfd"
    options.ngram_min = 3
    with pytest.raises(ValueError, match=r"invalid n-gram range \(3, 2\)"):
        options.validate()
    core = _core.Analyzer(_core.AnalyzerOptions(stem_language="english"))
    assert core.analyze("agreements") == ["agreement"]
    assert pickle.loads(pickle.dumps(core)).options == core.options


# A naive reference for the default options, written from the documented rules with Python's
# unicodedata, checked against the C++ fast path on generated text. The alphabet avoids code
# points whose properties differ between Python's and utf8proc's Unicode versions.
_ALPHABET = list("aZz09 éÉßİıΣςﬁ１٣½Ⅳ한дЯǅ_.,;'’-‐‑«»\n\r\t\0\u0301\u200d\u00ad👍") + [
    "e\u0301",
    "ab",
    "12",
    "Ab-c",
    "x’y",
]
_JOINERS = {"\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff"}


def _kind(ch: str) -> str:
    if ch in "'’":
        return "connector"
    if ch in "-‐‑":
        return "connector"
    if ch in _JOINERS:
        return "joiner"
    category = unicodedata.category(ch)
    if category[0] == "L":
        return "letter"
    if category[0] == "M":
        return "mark"
    if category == "Nd":
        return "digit"
    if category in ("Nl", "No"):
        return "number"
    return "separator"


def _starts(kind: str) -> bool:
    return kind in ("letter", "digit", "number")


def _reference_term(word: str) -> str:
    word = "".join(c for c in word if c not in _JOINERS)
    word = word.replace("’", "'").replace("‐", "-").replace("‑", "-")
    folded = unicodedata.normalize("NFKD", word).casefold()
    return unicodedata.normalize("NFKC", folded).replace(" ", "")


def _reference_tokenize(text: str) -> list[Token]:
    tokens, i, n = [], 0, len(text)
    while i < n:
        if not _starts(_kind(text[i])):
            i += 1
            continue
        start, last_digit = i, _kind(text[i]) == "digit"
        i += 1
        while i < n:
            kind = _kind(text[i])
            if _starts(kind) or kind == "mark":
                last_digit = kind == "digit"
                i += 1
            elif kind == "connector" and i + 1 < n and _starts(_kind(text[i + 1])):
                last_digit = False
                i += 1
            elif text[i] in ".," and last_digit and i + 1 < n and _kind(text[i + 1]) == "digit":
                i += 1
            elif kind == "joiner":
                j = i
                while j < n and _kind(text[j]) == "joiner":
                    j += 1
                if j < n and (_starts(_kind(text[j])) or _kind(text[j]) == "mark"):
                    i = j
                else:
                    break
            else:
                break
        term = _reference_term(text[start:i])
        if term:
            tokens.append(Token(term, start, i))
    return tokens


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=40).map("".join))
def test_matches_naive_reference(text):
    assert Analyzer().tokenize(text) == _reference_tokenize(text)


@pytest.mark.parametrize(
    "text",
    [
        "caf\u00e9 d\u00e9j\u00e0 vu",
        "\u0416\u0435\u043d\u0435\u0432\u0430 talks",
        "emoji \U0001f600 ok",
    ],
)
def test_reading_a_str_leaves_no_utf8_copy_in_it(text: str) -> None:
    # PyUnicode_AsUTF8AndSize would cache a UTF-8 copy inside the str for its whole life, and
    # sys.getsizeof counts that copy: the size must not change, and the results must equal
    # those of the UTF-8 bytes.
    analyzer = Analyzer()
    before = sys.getsizeof(text)
    terms = analyzer(text)
    tokens = analyzer.tokenize(text)
    arrays = analyzer.token_arrays(text)
    many = analyzer.analyze_many([text, text])
    assert sys.getsizeof(text) == before
    assert terms == analyzer(text.encode("utf-8")) and many == [terms, terms]
    assert [t.term for t in tokens] == terms == list(arrays.terms)
    assert [text[t.start : t.end].lower() for t in tokens][-1] == terms[-1]
