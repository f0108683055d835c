"""Hostile input (issue 16): malformed matrices, numbers at the edges of double, huge k and
hostile model files raise a clear error naming what is wrong, or give the right answer."""

from __future__ import annotations

import json
import math
import resource
from fractions import Fraction

import numpy as np
import pytest
import scipy.sparse as sp
from treatytext.similarity import cosine_similarity, jaccard_similarity, top_k
from treatytext.vectorizer import Vectorizer
from treatytext.weighting import normalize_rows as normalize

TEXTS = ["the party shall notify", "a party may withdraw", "the parties agree"]


def _broken(indptr, indices, data=None, canonical=None) -> sp.csr_matrix:
    """A CSR matrix with arbitrary (possibly inconsistent) parts, as a user can build one;
    len(indptr) - 1 rows and 3 columns."""
    shape = (len(indptr) - 1, 3)
    matrix = sp.csr_matrix(shape)
    matrix.indptr = np.asarray(indptr, dtype=np.int32)
    matrix.indices = np.asarray(indices, dtype=np.int32)
    matrix.data = np.ones(len(indices)) if data is None else np.asarray(data, dtype=np.float64)
    matrix._shape = shape
    if canonical is not None:
        matrix.has_canonical_format = canonical
    return matrix


# -- CSR structure at every entry point ------------------------------------------------------

BROKEN = [
    # indptr points past the end of indices: read out of bounds before the fix
    ((0, 5, 3), (0, 1, 2), r"indptr\[1\] = 5 points past the 3 stored entries \(row 0\)"),
    ((0, 2, 1, 3), (0, 1, 2), r"indptr decreases at row 1"),
    ((1, 2, 3), (0, 1, 2), r"indptr\[0\] must be 0"),
    # (the bindings of top_k see the last pointer first: either message names the fault)
    ((0, 1, 4), (0, 1, 2), r"indptr\[2\] = 4 points past the 3|indptr\[rows\] = 4 but there are 3"),
    ((0, 1, 3), (0, 7, 2), r"column 7 out of range in row 1"),
    ((0, 1, 3), (0, -1, 2), r"column -1 out of range in row 1"),
]


@pytest.mark.parametrize("indptr, indices, message", BROKEN)
@pytest.mark.parametrize("canonical", [None, True, False])
@pytest.mark.parametrize(
    "call",
    [
        lambda m: top_k(m, 1),
        lambda m: top_k(np.ones((2, 3)), 1, Y=m),
        lambda m: cosine_similarity(m),
        lambda m: jaccard_similarity(np.ones((1, 3)), m),
        lambda m: normalize(m),
    ],
    ids=["top_k", "top_k_Y", "cosine", "jaccard", "normalize"],
)
def test_malformed_csr_is_a_value_error_naming_array_and_row(
    indptr, indices, message, canonical, call
):
    with pytest.raises(ValueError, match=message):
        call(_broken(indptr, indices, canonical=canonical))


def test_malformed_csr_names_the_argument():
    with pytest.raises(ValueError, match=r"^Y: .*points past"):
        top_k(np.ones((2, 3)), 1, Y=_broken((0, 5, 3), (0, 1, 2)))
    with pytest.raises(ValueError, match=r"^X: .*points past"):
        cosine_similarity(_broken((0, 5, 3), (0, 1, 2), canonical=False))


def test_unsorted_and_duplicate_rows_still_work():
    # Structure checks must not reject what scipy allows: unsorted columns and duplicates.
    m = _broken((0, 3, 4), (2, 0, 2, 1), data=(1.0, 2.0, 3.0, 4.0))
    dense = np.array([[2.0, 0, 4.0], [0, 4.0, 0]])
    np.testing.assert_allclose(cosine_similarity(m), cosine_similarity(dense))
    # Orthogonal rows are still candidates, with score 0.
    indices, scores = top_k(m, 1)
    np.testing.assert_array_equal(indices, [[1], [0]])
    np.testing.assert_array_equal(scores, [[0.0], [0.0]])


# -- k beyond the candidates ------------------------------------------------------------------


def test_k_beyond_the_candidates_costs_nothing():
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    indices, scores = top_k(np.ones((2, 3)), 2**29, Y=np.ones((2, 3)))
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert indices.shape == scores.shape == (2, 2)  # no more columns than rows of Y
    np.testing.assert_array_equal(indices, [[0, 1], [0, 1]])
    np.testing.assert_allclose(scores, 1.0)
    assert grown_kib < 100_000  # was 16 GiB of padding
    # Self-join: no more columns than rows; the self slot stays padding.
    indices, scores = top_k(np.eye(3), 2**40)
    assert indices.shape == (3, 3)
    np.testing.assert_array_equal(indices[:, 2], [-1, -1, -1])
    # Y without rows: one column of padding, so that indices[:, 0] always exists.
    indices, _ = top_k(np.ones((2, 4)), 5, Y=sp.csr_matrix((0, 4)))
    np.testing.assert_array_equal(indices, [[-1], [-1]])


# -- numbers at the edges ---------------------------------------------------------------------


def _exact_cosine(a, b) -> float:
    """Cosine from exact rational arithmetic: cos^2 = dot^2 / (|a|^2 |b|^2) is exact, and lies
    in [0, 1], where its float and square root lose only the last bit."""
    fa = [Fraction(x) for x in a]
    fb = [Fraction(x) for x in b]
    dot = sum(x * y for x, y in zip(fa, fb, strict=True))
    na = sum(x * x for x in fa)
    nb = sum(y * y for y in fb)
    if na == 0 or nb == 0:
        return 0.0
    return math.sqrt(float(dot * dot / (na * nb))) * (1.0 if dot >= 0 else -1.0)


EDGE_ROWS = np.array(
    [
        [5e-324, 5e-324, 0.0, 0.0],  # the smallest subnormal, twice
        [1e-310, 3e-310, 0.0, 2e-315],  # subnormals of different scale
        [1.0, 1.0, 0.0, 0.0],
        [1e300, 1e300, 1e300, 0.0],  # squares overflow
        [1.7e308, 0.0, 1.7e308, 1e-300],  # near DBL_MAX, with a tiny entry
        [2e-300, 3e-300, 0.0, 1e-300],  # squares underflow to zero
    ]
)


def test_cosines_at_the_edges_match_exact_arithmetic():
    got = cosine_similarity(EDGE_ROWS)
    for i in range(len(EDGE_ROWS)):
        for j in range(len(EDGE_ROWS)):
            assert got[i, j] == pytest.approx(
                _exact_cosine(EDGE_ROWS[i], EDGE_ROWS[j]), rel=1e-12
            ), (i, j)
    assert np.all(got <= 1.0 + 1e-15)
    # top_k ranks by the same scores: row 0's best neighbour is row 2 (equal direction), not itself.
    indices, scores = top_k(EDGE_ROWS, 1)
    assert indices[0, 0] == 2 and scores[0, 0] == pytest.approx(1.0, rel=1e-12)
    assert np.all(scores <= 1.0 + 1e-15)


@pytest.mark.parametrize("norm", ["l2", "l1"])
def test_normalize_at_the_edges(norm):
    got = normalize(sp.csr_matrix(EDGE_ROWS), norm=norm).toarray()
    for row, original in zip(got, EDGE_ROWS, strict=True):
        exact = [Fraction(x) for x in original]
        if norm == "l2":
            assert math.fsum(x * x for x in row) == pytest.approx(1.0, rel=1e-14)
        else:
            assert math.fsum(abs(x) for x in row) == pytest.approx(1.0, rel=1e-14)
        # Directions are kept: ratios of entries equal the original ratios.
        largest = max(exact)
        for x, e in zip(row, exact, strict=True):
            assert x / row.max() == pytest.approx(float(e / largest), rel=1e-14)


# -- hostile model files ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def model_text() -> str:
    return Vectorizer().fit(TEXTS).to_json()


def _with(model_text: str, field: str, raw: str) -> str:
    """The model with `field`'s value replaced by the raw JSON text `raw`."""
    document = json.loads(model_text)
    document[field] = "@@"
    return json.dumps(document).replace('"@@"', raw)


@pytest.mark.parametrize("field", ["version", "format", "unknown_field"])
def test_deeply_nested_model_is_refused_not_a_crash(model_text, field):
    deep = "[" * 100_000 + "]" * 100_000  # 200 kB: crashed the process (stack) before
    with pytest.raises(
        ValueError, match=rf"model field '{field}(\[0\])*(\.\.\.)?' is nested deeper than 64"
    ):
        Vectorizer.from_json(_with(model_text, field, deep))


def test_number_out_of_range_names_the_field(model_text):
    document = json.loads(model_text)
    text = json.dumps(document).replace(json.dumps(document["idf"]), "[1.5, 1e400]", 1)
    with pytest.raises(
        ValueError, match=r"model field 'idf\[1\]' = 1e400 is out of the range of a double"
    ):
        Vectorizer.from_json(text)
    with pytest.raises(ValueError, match=r"model field 'weighting.k1' = -1e999"):
        Vectorizer.from_json(model_text.replace('"k1":1.2', '"k1":-1e999'))


def test_non_utf8_model_file_is_reported_not_a_decode_error(tmp_path, model_text):
    path = tmp_path / "model.json"
    path.write_bytes(b"\xff" + model_text.encode())
    with pytest.raises(ValueError, match=r"malformed \(byte 1\).*\\xFF"):
        Vectorizer.load(path)
    path.write_bytes(model_text.encode().replace(b'"party"', b'"pa\xc3\x28ty"'))
    with pytest.raises(ValueError, match=r"in field 'vocabulary\[\d+\]'.*\\xC3"):
        Vectorizer.load(path)


def test_duplicate_keys_are_refused(model_text):
    text = model_text.replace('"case_fold":true', '"case_fold":true,"case_fold":false')
    with pytest.raises(ValueError, match=r"model field 'analyzer.case_fold' appears twice"):
        Vectorizer.from_json(text)
    with pytest.raises(ValueError, match=r"model field 'idf' appears twice"):
        Vectorizer.from_json(model_text[:-1] + ',"idf":[]}')


@pytest.mark.parametrize(
    "term, message",
    [("", r"'vocabulary\[0\]' is an empty term"), ("a\0b", r"'vocabulary\[0\]' contains a NUL")],
)
def test_empty_and_nul_terms_are_refused(model_text, term, message):
    document = json.loads(model_text)
    document["vocabulary"][0] = term
    with pytest.raises(ValueError, match=message):
        Vectorizer.from_json(json.dumps(document))


def test_other_sparse_formats_are_checked_before_scipy_converts_them():
    csc = sp.csc_matrix((3, 2))
    csc.indptr = np.array([0, 5, 3], dtype=np.int32)
    csc.indices = np.array([0, 1, 2], dtype=np.int32)
    csc.data = np.ones(3)
    with pytest.raises(
        ValueError, match=r"X \(CSC: rows are columns\): CsrMatrix: indptr\[1\] = 5 points past"
    ):
        cosine_similarity(csc)
    coo = sp.coo_matrix(np.ones((2, 2)))
    coo.row[1] = 7  # scipy's tocsr would write out of bounds
    with pytest.raises(
        ValueError, match=r"COO row index 7 at entry 1 is out of range for shape \(2, 2\)"
    ):
        top_k(coo, 1)
    bsr = sp.bsr_matrix(np.ones((4, 4)), blocksize=(2, 2))
    bsr.indices[0] = 9
    with pytest.raises(ValueError, match=r"BSR.*column 9 out of range in row 0"):
        normalize(bsr)
