"""SHA-256 of every output of the counting and weighting engine, to prove a change bit-identical.

Usage::

    PYTHONPATH=python python benchmarks/hash_outputs.py [--corpus DIR] [--limit N] > hashes.txt
    diff hashes-before.txt hashes-after.txt

Fits and transforms the ToTA articles (read from ``DIR``/tota/xml, default the shared corpora or
``$TREATYTEXT_CORPORA``) and the bundled sample treaty (one document per paragraph) with several
option sets of the native ``treatytext.Vectorizer`` and of ``treatytext.sklearn``'s
``CountVectorizer``, ``TfidfVectorizer`` and ``TfidfTransformer``, and prints one line per output:
its name and the SHA-256 of its bytes (a matrix: shape, indptr, indices and data with their
dtypes; a vocabulary: its terms and columns; ``idf_``). Nothing is timed. Every fit runs on two
threads, and the native streaming fit and transforms are hashed too, so that the lines also cover
the parallel and batched paths.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = Path(os.environ.get("TREATYTEXT_CORPORA", ROOT.parent / "shared" / "corpora"))


def load_articles(directory: Path, limit: int | None) -> list[str]:
    """Article texts of the ToTA files in treaty-file order (as benchmarks/bench_sklearn.py)."""
    texts: list[str] = []
    for path in sorted(directory.glob("*.xml"))[:limit]:
        root = ET.parse(path).getroot()
        texts += [article.text or "" for article in root.iter("article")]
    return texts


def load_sample() -> list[str]:
    text = (ROOT / "samples" / "sample-treaty.txt").read_text(encoding="utf-8")
    return [p for p in text.split("\n\n") if p.strip()]


def digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def array_bytes(a: np.ndarray) -> bytes:
    a = np.ascontiguousarray(a)
    return str(a.dtype).encode() + a.tobytes()


def matrix_hash(X) -> str:
    X = sp.csr_matrix(X)
    return digest(
        repr(X.shape).encode(),
        array_bytes(X.indptr),
        array_bytes(X.indices),
        array_bytes(X.data),
    )


def vocabulary_hash(vocabulary: dict) -> str:
    # Insertion order included: scikit-learn's vocabulary_ remembers first occurrence.
    items = [(term, int(column)) for term, column in vocabulary.items()]
    types = sorted({type(column).__name__ for column in vocabulary.values()})
    return digest(pickle.dumps(items, protocol=4), repr(types).encode())


def emit(name: str, value: str) -> None:
    print(f"{name:<60} {value}")
    sys.stdout.flush()


NATIVE_OPTIONS: dict[str, dict] = {
    "tfidf": {},
    "bm25": {"weighting": "bm25"},
    "bm25-l2": {"tf": "bm25", "norm": "l2", "k1": 1.5, "b": 0.5},  # preset bm25 + l2, explicitly
    "count": {"weighting": "count"},
    "binary-l1": {"tf": "binary", "idf": "none", "norm": "l1"},  # preset binary + l1
    "tf-log-plain": {"tf": "log", "idf": "plain", "min_df": 2},
    "augmented-prob": {"tf": "augmented", "idf": "probabilistic", "min_df": 3},
    "df-bounds": {"min_df": 3, "max_df": 0.5},
    "df-float": {"min_df": 0.001, "max_df": 0.9},
    "max-features": {"max_features": 500},
    "max-features-df": {"max_features": 2000, "min_df": 2, "max_df": 0.8},
    "ngrams": {"ngram_range": (1, 2), "min_df": 2},
    "stop-words": {"stop_words": "english"},
    "stem": {"stem": "english", "stop_words": "english"},
    "no-case-fold": {"case_fold": False, "normalization": None, "min_length": 2},
}


def hash_native(corpus: str, documents: list[str]) -> None:
    from treatytext import Vectorizer

    half = len(documents) // 2
    for name, options in NATIVE_OPTIONS.items():
        tag = f"native/{corpus}/{name}"
        v = Vectorizer(n_jobs=2, **options)
        X = v.fit_transform(documents)
        emit(f"{tag}/fit_transform", matrix_hash(X))
        emit(f"{tag}/vocabulary", vocabulary_hash(v.vocabulary_))
        emit(f"{tag}/idf", digest(array_bytes(v.idf_)))
        emit(f"{tag}/df", digest(array_bytes(v.document_frequency_)))
        emit(f"{tag}/avglen", repr(v.average_length_))
        emit(f"{tag}/transform", matrix_hash(v.transform(documents[:half])))
        emit(f"{tag}/count", matrix_hash(v.count(documents[half:])))
        streamed = Vectorizer(n_jobs=1, **options).fit_batches([documents[:half], documents[half:]])
        emit(f"{tag}/fit_batches", digest(streamed.to_json().encode()))
        emit(f"{tag}/model", digest(v.to_json().encode()))


SKLEARN_OPTIONS: dict[str, tuple[str, dict]] = {
    "count": ("count", {}),
    "count-binary": ("count", {"binary": True}),
    "count-float32": ("count", {"dtype": np.float32}),
    "count-minmax-int": ("count", {"min_df": 2, "max_df": 50}),
    "count-minmax-float": ("count", {"min_df": 0.001, "max_df": 0.7}),
    "count-max-features": ("count", {"max_features": 300}),
    "count-char": ("count", {"analyzer": "char", "ngram_range": (2, 3), "max_features": 3000}),
    "count-char_wb": ("count", {"analyzer": "char_wb", "ngram_range": (3, 4), "min_df": 3}),
    "count-ngrams-stop": ("count", {"ngram_range": (1, 2), "stop_words": "english", "min_df": 2}),
    "count-accents": ("count", {"strip_accents": "unicode", "lowercase": False}),
    "count-vocabulary": ("count", {"vocabulary": ["party", "the", "shall", "tariff", "article"]}),
    "tfidf": ("tfidf", {}),
    "tfidf-float32": ("tfidf", {"dtype": np.float32}),
    "tfidf-sublinear-l1": ("tfidf", {"sublinear_tf": True, "norm": "l1"}),
    "tfidf-no-norm": ("tfidf", {"norm": None, "smooth_idf": False}),
    "tfidf-binary-no-idf": ("tfidf", {"binary": True, "use_idf": False}),
    "tfidf-max-features": ("tfidf", {"max_features": 1000, "min_df": 2, "max_df": 0.9}),
    "tfidf-char_wb-f32": ("tfidf", {"analyzer": "char_wb", "dtype": np.float32, "min_df": 5}),
    "tfidf-vocabulary": ("tfidf", {"vocabulary": {"party": 0, "parties": 1, "the": 2}}),
}


def hash_sklearn(corpus: str, documents: list[str]) -> None:
    from treatytext.sklearn import CountVectorizer, TfidfTransformer, TfidfVectorizer

    half = len(documents) // 2
    for name, (kind, options) in SKLEARN_OPTIONS.items():
        tag = f"sklearn/{corpus}/{name}"
        cls = CountVectorizer if kind == "count" else TfidfVectorizer
        v = cls(n_jobs=2, **options)
        X = v.fit_transform(documents)
        emit(f"{tag}/fit_transform", matrix_hash(X))
        emit(f"{tag}/vocabulary", vocabulary_hash(v.vocabulary_))
        if kind == "tfidf" and v.use_idf:
            emit(f"{tag}/idf", digest(array_bytes(np.asarray(v.idf_))))
        emit(f"{tag}/transform", matrix_hash(v.transform(documents[:half])))
        fitted = cls(n_jobs=1, **options).fit(documents)
        emit(f"{tag}/fit+transform", matrix_hash(fitted.transform(documents)))
    counts = CountVectorizer(min_df=2).fit_transform(documents)
    for name, options in {
        "default": {},
        "sublinear-l1": {"sublinear_tf": True, "norm": "l1"},
        "plain-none": {"smooth_idf": False, "norm": None},
        "no-idf": {"use_idf": False},
    }.items():
        tag = f"sklearn/{corpus}/transformer-{name}"
        for dtype in (np.float64, np.float32):
            t = TfidfTransformer(n_jobs=2, **options)
            Y = t.fit_transform(counts.astype(dtype))
            emit(f"{tag}/{np.dtype(dtype).name}", matrix_hash(Y))
            if t.use_idf:
                emit(f"{tag}/{np.dtype(dtype).name}/idf", digest(array_bytes(t.idf_)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPORA / "tota" / "xml")
    parser.add_argument("--limit", type=int, default=None, help="first N ToTA files only")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # scikit-learn's stop-word warnings are not outputs
    corpora = {"sample": load_sample(), "tota": load_articles(args.corpus, args.limit)}
    for corpus, documents in corpora.items():
        emit(f"documents/{corpus}", f"{len(documents)} {digest(*(d.encode() for d in documents))}")
        hash_native(corpus, documents)
        hash_sklearn(corpus, documents)


if __name__ == "__main__":
    main()
