"""Text -> terms: the analyzer stage (Unicode words, folding, stop words, stemming, n-grams).

The work happens in the C++ core (``treatytext._core.Analyzer``); this module gives it a
keyword-only constructor, ``Token`` tuples with code-point offsets, and pickling.

Word boundaries are decided on the source text: a word is a run of letters, digits and
combining marks; internal apostrophes (' ’) and hyphens (- ‐ ‑) stay inside it when kept
("self-defence", "party’s", "l’accord", written with ASCII ' and - in the term); '.' and ','
between digits stay inside numbers ("1.5", "2,000"); emoji, punctuation, symbols and controls
separate words; invisible joiners (ZWJ, soft hyphen) inside a word are dropped from the term.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any, NamedTuple

import numpy as np

from . import _core
from .text import _check_encodable

__all__ = [
    "Analyzer",
    "Token",
    "TokenArrays",
    "STOP_WORD_LISTS",
    "built_in_stop_words",
    "english_stop_words",
    "stemmer_languages",
]

_NORMALIZATIONS = ("none", "nfc", "nfkc")


class Token(NamedTuple):
    """A term and where it came from: ``text[start:end]`` is its source (code points).

    For an n-gram, ``[start, end)`` spans from its first word to its last.
    """

    term: str
    start: int
    end: int


class TokenArrays(NamedTuple):
    """The tokens of a text as columns: ``text[starts[i]:ends[i]]`` is the source of
    ``terms[i]`` (code points), as :class:`Token` ``i`` of :meth:`Analyzer.tokenize`.
    """

    terms: list[str]
    starts: np.ndarray  # int64
    ends: np.ndarray  # int64


#: The built-in stop-word lists, by name (``Analyzer(stop_words=...)``, ``Corpus(analyzer=
#: {"stop_words": ...})``, ``treatytext analyze --stop-words ...``):
#:
#: - ``"english"``: function words only (articles, pronouns, prepositions, auxiliaries, legal
#:   function words such as "hereby", "thereof");
#: - ``"treaty"``: english plus the words that name a treaty's instrument, parts and parties
#:   ("party", "parties", "agreement", "article", "paragraph", "annex", "pursuant", ...), which
#:   fill nearly every clause of a treaty and so crowd top terms and theme labels;
#: - ``"treaty+modals"``: treaty plus the modal verbs ("shall", "may", "must", "should", ...).
#:
#: Why modals are kept unless asked: "shall", "may" and "shall not" are what makes a clause an
#: obligation, a permission or a prohibition. To see what clauses are *about* drop them
#: ("treaty+modals"); to compare obligations keep them ("treaty"). Negations ("not", "no",
#: "nor") and exceptions ("unless", "except") are in no list.
STOP_WORD_LISTS = ("english", "treaty", "treaty+modals")


@cache
def built_in_stop_words(name: str = "english") -> frozenset[str]:
    """The words of a built-in stop-word list (see :data:`STOP_WORD_LISTS`).

    Parameters
    ----------
    name : {"english", "treaty", "treaty+modals"}

    Returns
    -------
    frozenset of str
        Lower-case words; ValueError naming the known lists for another ``name``.
    """
    return frozenset(_core.built_in_stop_words(name))


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """The built-in English stop words (about 200 function words, written for treatytext).

    Negations ("not", "no", "nor"), modals ("shall", "may", "must") and exceptions ("unless",
    "except") are deliberately absent: in a treaty they carry the meaning of a clause.

    Returns
    -------
    frozenset of str
        Lower-case words; contractions use the ASCII apostrophe ("it's").
    """
    return frozenset(_core.english_stop_words())


def stemmer_languages() -> list[str]:
    """Snowball languages available for ``Analyzer(stem=...)``, sorted.

    Returns
    -------
    list of str
        Canonical names such as "english", "french", "russian", "spanish".
    """
    return list(_core.stemmer_languages())


class Analyzer:
    """Turns text into terms: Unicode words, normalized, filtered, stemmed, joined into n-grams.

    The pipeline per word: NFC/NFKC normalization with full case folding ("Straße" ->
    "strasse") and optional accent stripping; then stop words, words shorter than
    ``min_length`` and (unless ``keep_numbers``) numbers are dropped; then Snowball stemming;
    then word n-grams are joined with a space. N-grams are formed after the drops, as in
    scikit-learn: "rights of the parties" gives the bigram "rights parties" with English
    stop words.

    Parameters
    ----------
    normalization : {"nfkc", "nfc", "none"} or None
        Unicode normalization of each word. NFKC also maps ligatures ("ﬁ" -> "fi") and
        full-width forms ("１２３" -> "123"). None means "none".
    case_fold : bool
        Full Unicode case folding (not locale-specific: "İ" -> "i̇", "ς" -> "σ").
    strip_accents : bool
        Decompose and drop combining marks ("crème" -> "creme").
    keep_apostrophes, keep_hyphens : bool
        Keep internal apostrophes / hyphens inside words; otherwise they split words.
    keep_numbers : bool
        Keep tokens without any letter ("2024", "1.5"); "covid-19" and "3a" are words.
    stop_words : None, "english", "treaty", "treaty+modals" or iterable of str
        Words to drop, compared after normalization and folding (a user word "Über" also
        drops "über"). A name picks a built-in list (:data:`STOP_WORD_LISTS` says what each
        holds and why modal verbs are kept unless the name says "+modals").
    min_length : int
        Minimum word length in code points, after folding and before stemming.
    stem : None or str
        A Snowball language from :func:`stemmer_languages` ("english", "russian", ...).
    ngram_range : tuple of (int, int)
        ``(min_n, max_n)`` word n-grams, ``1 <= min_n <= max_n <= 32``.

    Examples
    --------
    >>> Analyzer(stop_words="english", stem="english")("The Parties' agreements")
    ['parti', 'agreement']
    """

    def __init__(
        self,
        *,
        normalization: str | None = "nfkc",
        case_fold: bool = True,
        strip_accents: bool = False,
        keep_apostrophes: bool = True,
        keep_hyphens: bool = True,
        keep_numbers: bool = True,
        stop_words: str | Iterable[str] | None = None,
        min_length: int = 1,
        stem: str | None = None,
        ngram_range: tuple[int, int] = (1, 1),
    ) -> None:
        if stop_words is not None and not isinstance(stop_words, str):
            stop_words = tuple(stop_words)
        self._params: dict[str, Any] = {
            "normalization": normalization,
            "case_fold": case_fold,
            "strip_accents": strip_accents,
            "keep_apostrophes": keep_apostrophes,
            "keep_hyphens": keep_hyphens,
            "keep_numbers": keep_numbers,
            "stop_words": stop_words,
            "min_length": min_length,
            "stem": stem,
            "ngram_range": ngram_range,
        }
        self._analyzer = _core.Analyzer(_options_from_params(self._params))

    @classmethod
    def from_options(cls, options: _core.AnalyzerOptions) -> Analyzer:
        """Builds an analyzer from a C++ ``AnalyzerOptions`` (e.g. one read from a saved model).

        Parameters
        ----------
        options : treatytext._core.AnalyzerOptions
            The options; validated here.

        Returns
        -------
        Analyzer
        """
        extra = list(options.extra_stop_words)
        if options.stop_words and extra:
            stop_words: Any = tuple(_core.built_in_stop_words(options.stop_words)) + tuple(extra)
        elif options.stop_words:
            stop_words = options.stop_words
        else:
            stop_words = tuple(extra) if extra else None
        return cls(
            normalization=options.normalization,
            case_fold=options.case_fold,
            strip_accents=options.strip_accents,
            keep_apostrophes=options.keep_apostrophes,
            keep_hyphens=options.keep_hyphens,
            keep_numbers=options.keep_numbers,
            stop_words=stop_words,
            min_length=options.min_length,
            stem=options.stem_language or None,
            ngram_range=(options.ngram_min, options.ngram_max),
        )

    @property
    def options(self) -> _core.AnalyzerOptions:
        """A copy of the C++ options this analyzer runs with."""
        return self._analyzer.options

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters (iterable stop words as a tuple).

        Parameters
        ----------
        deep : bool
            Ignored (no nested estimators); kept for scikit-learn's signature.

        Returns
        -------
        dict
        """
        return dict(self._params)

    def analyze(self, text: str | bytes) -> list[str]:
        """The terms of a text, in order (unigrams, then bigrams, ... as scikit-learn).

        Parameters
        ----------
        text : str or bytes
            Bytes must be UTF-8; invalid bytes raise ValueError naming the byte offset.

        Returns
        -------
        list of str
        """
        return self._analyzer.analyze(text)

    __call__ = analyze

    def tokenize(self, text: str | bytes) -> list[Token]:
        """The terms with their source spans in code points: ``text[t.start:t.end]``.

        Parameters
        ----------
        text : str or bytes
            For bytes, offsets index the decoded text.

        Returns
        -------
        list of Token
            In the order of :meth:`analyze`.
        """
        # From the columns: repeated terms share one str, and no intermediate tuple is built.
        parts = self._analyzer.token_arrays(text)
        columns = zip(parts["term"], parts["start"].tolist(), parts["end"].tolist(), strict=True)
        return list(map(Token._make, columns))

    def token_arrays(self, text: str | bytes) -> TokenArrays:
        """The tokens of :meth:`tokenize` as columns, without a Python object per token.

        Parameters are those of :meth:`tokenize`. Much faster on long texts: the offsets are
        NumPy arrays and repeated terms share one str.

        Returns
        -------
        TokenArrays
            ``(terms, starts, ends)``: a list of str and two int64 arrays of code-point
            offsets, in the order of :meth:`analyze`.
        """
        parts = self._analyzer.token_arrays(text)
        return TokenArrays(parts["term"], parts["start"], parts["end"])

    def analyze_many(self, texts: Iterable[str | bytes], n_jobs: int = 1) -> list[list[str]]:
        """The terms of each text, computed on ``n_jobs`` threads with the GIL released.

        Parameters
        ----------
        texts : iterable of str or bytes
        n_jobs : int
            Threads: a positive count, or -1 for all cores (-2 all but one, ...).

        Returns
        -------
        list of list of str
            Identical whatever ``n_jobs``.
        """
        return self._analyzer.analyze_many(texts, n_jobs)

    def __repr__(self) -> str:
        defaults = _DEFAULTS
        shown = [f"{k}={v!r}" for k, v in self._params.items() if not _same(v, defaults[k])]
        return f"Analyzer({', '.join(shown)})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Analyzer):
            return NotImplemented
        return self.options == other.options

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        return self.get_params()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]


_DEFAULTS: dict[str, Any] = {
    "normalization": "nfkc",
    "case_fold": True,
    "strip_accents": False,
    "keep_apostrophes": True,
    "keep_hyphens": True,
    "keep_numbers": True,
    "stop_words": None,
    "min_length": 1,
    "stem": None,
    "ngram_range": (1, 1),
}


# The core and saved models hold min_length as a signed 64-bit integer.
_MAX_MIN_LENGTH = 2**63 - 1


def _same(value: Any, default: Any) -> bool:
    return type(value) is type(default) and value == default


def _options_from_params(params: dict[str, Any]) -> _core.AnalyzerOptions:
    """Checks Python types and fills the C++ options; the C++ side validates the values."""
    options = _core.AnalyzerOptions()
    normalization = params["normalization"]
    if normalization is None:
        normalization = "none"
    if not isinstance(normalization, str) or normalization.lower() not in _NORMALIZATIONS:
        raise ValueError(
            f"normalization must be one of {_NORMALIZATIONS} or None, not {normalization!r}"
        )
    options.normalization = normalization
    for flag in ("case_fold", "strip_accents", "keep_apostrophes", "keep_hyphens", "keep_numbers"):
        value = params[flag]
        if not isinstance(value, bool):
            raise TypeError(f"{flag} must be a bool, not {type(value).__name__}")
        setattr(options, flag, value)

    stop_words = params["stop_words"]
    if isinstance(stop_words, str):
        options.stop_words = stop_words  # "english", or an unknown name that validate() reports
    elif stop_words is not None:
        for word in stop_words:
            if not isinstance(word, str):
                raise TypeError(f"stop_words must hold str, not {type(word).__name__} ({word!r})")
            _check_encodable(word, "stop_words")
        options.extra_stop_words = list(stop_words)

    min_length = params["min_length"]
    if isinstance(min_length, bool) or not isinstance(min_length, int):
        raise TypeError(f"min_length must be an int, not {type(min_length).__name__}")
    if not 0 <= min_length <= _MAX_MIN_LENGTH:
        raise ValueError(f"min_length must be >= 0 and at most 2**63 - 1, not {min_length}")
    options.min_length = min_length

    stem = params["stem"]
    if stem is not None and not isinstance(stem, str):
        raise TypeError(f"stem must be None or a language name, not {type(stem).__name__}")
    if stem is not None:
        _check_encodable(stem, "stem")
    options.stem_language = stem or ""

    ngram_range = params["ngram_range"]
    if (
        not isinstance(ngram_range, tuple | list)
        or len(ngram_range) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in ngram_range)
    ):
        raise TypeError(f"ngram_range must be a pair of ints (min_n, max_n), not {ngram_range!r}")
    # Out-of-range values are clamped into C int range so that validate() names the field.
    min_n, max_n = (max(-(2**31), min(n, 2**31 - 1)) for n in ngram_range)
    options.ngram_min, options.ngram_max = min_n, max_n
    options.validate()
    return options
