"""treatytext.similarity against a naive numpy brute force and scikit-learn."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
import treatytext
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import pairwise_distances
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine
from treatytext.similarity import cosine_similarity, jaccard_similarity, top_k

TIE = 1e-12


def naive_scores(X, Y=None) -> np.ndarray:
    """Full dense cosine matrix; zero rows score 0."""
    X = X.toarray() if sp.issparse(X) else np.asarray(X, dtype=float)
    Y = X if Y is None else (Y.toarray() if sp.issparse(Y) else np.asarray(Y, dtype=float))

    def unit(A):
        norms = np.linalg.norm(A, axis=1, keepdims=True)
        return np.divide(A, norms, out=np.zeros_like(A), where=norms > 0)

    return unit(X) @ unit(Y).T


def naive_top_k(S, k, *, self_join, threshold=None, exclude_self=True, xg=None, yg=None):
    """Reference: filter the candidates, then a stable sort by descending score."""
    n, m = S.shape
    k = min(k, max(1, m))  # no more columns than rows searched (top_k's contract)
    indices = np.full((n, k), -1, dtype=np.int64)
    scores = np.full((n, k), np.nan)
    for i in range(n):
        ok = np.ones(m, dtype=bool)
        if self_join and exclude_self:
            ok[i] = False
        if xg is not None:
            ok &= np.asarray(yg if yg is not None else xg) != xg[i]
        if threshold is not None:
            ok &= S[i] >= threshold
        candidates = np.flatnonzero(ok)
        order = candidates[np.argsort(-S[i, candidates], kind="stable")][:k]
        indices[i, : len(order)] = order
        scores[i, : len(order)] = S[i, order]
    return indices, scores


def assert_same_neighbours(got, want, S):
    """Same slots; a different index only where the reference scores it as a tie (rounding)."""
    gi, gs = got
    wi, ws = want
    assert gi.shape == wi.shape and gs.shape == ws.shape
    assert gi.dtype == np.int64 and gs.dtype == np.float64
    np.testing.assert_array_equal(gi == -1, wi == -1)
    np.testing.assert_array_equal(np.isnan(gs), wi == -1)
    np.testing.assert_allclose(gs[wi >= 0], ws[wi >= 0], rtol=0, atol=TIE)
    rows, slots = np.nonzero((gi != wi) & (wi >= 0))
    for r, s in zip(rows, slots, strict=True):
        assert abs(S[r, gi[r, s]] - ws[r, s]) <= TIE, (r, s, gi[r], wi[r])
    for r in range(gi.shape[0]):
        found = gi[r][gi[r] >= 0]
        assert len(set(found)) == len(found)
        same = gs[r, 1:] == gs[r, :-1]
        assert np.all(gi[r, 1:][same] > gi[r, :-1][same]), "equal scores out of index order"


def random_sparse(rng, rows, cols, density=0.15, duplicates=0.1, zeros=0.05, integers=False):
    """Zipf-like columns, some duplicate rows and some zero rows."""
    weights = 1.0 / np.arange(1, cols + 1)
    weights /= weights.sum()
    dense = np.zeros((rows, cols))
    for r in range(rows):
        u = rng.random()
        if u < zeros:
            continue
        if u < zeros + duplicates and r > 0:
            dense[r] = dense[rng.integers(r)]
            continue
        n = max(1, rng.binomial(cols, density))
        chosen = np.unique(rng.choice(cols, size=n, p=weights))
        dense[r, chosen] = rng.integers(1, 4, len(chosen)) if integers else rng.random(len(chosen))
    return sp.csr_matrix(dense)


# --- dense matrices ---------------------------------------------------------------------------


def test_cosine_similarity_matches_sklearn_on_sparse_and_dense():
    rng = np.random.default_rng(0)
    X = random_sparse(rng, 40, 25)
    Y = random_sparse(rng, 30, 25)
    np.testing.assert_allclose(cosine_similarity(X), sk_cosine(X), atol=1e-14)
    np.testing.assert_allclose(cosine_similarity(X, Y), sk_cosine(X, Y), atol=1e-14)
    np.testing.assert_allclose(
        cosine_similarity(X.toarray(), Y.tocsc()), sk_cosine(X, Y), atol=1e-14
    )


def test_cosine_similarity_is_symmetric_with_unit_diagonal():
    rng = np.random.default_rng(1)
    X = random_sparse(rng, 50, 30, zeros=0.1)
    S = cosine_similarity(X)
    assert S.shape == (50, 50)
    np.testing.assert_array_equal(S, S.T)
    np.testing.assert_array_equal(cosine_similarity(X, n_jobs=2), S)
    nonzero = np.asarray(abs(X).sum(axis=1)).ravel() > 0
    np.testing.assert_allclose(np.diag(S)[nonzero], 1.0, atol=1e-15)
    assert np.all(S[~nonzero] == 0.0) and np.all(S[:, ~nonzero] == 0.0)


def test_cosine_similarity_hand_computed():
    S = cosine_similarity(np.array([[1.0, 0.0, 1.0], [3.0, 4.0, 0.0]]))
    assert S[0, 1] == pytest.approx(3.0 / (np.sqrt(2.0) * 5.0), abs=1e-15)


def test_max_cells_guard_points_to_top_k():
    X = sp.random(30, 5, density=0.5, format="csr", random_state=0)
    with pytest.raises(ValueError, match="top_k"):
        cosine_similarity(X, max_cells=100)
    with pytest.raises(ValueError, match="top_k"):
        jaccard_similarity(X, max_cells=100)


def test_jaccard_similarity_hand_computed_and_sklearn():
    X = np.array([[1, 1, 0, 0], [0, 2, 3, 0], [0, 0, 0, 0], [5, 7, 0, 0]], dtype=float)
    J = jaccard_similarity(X)
    assert J[0, 1] == pytest.approx(1 / 3)
    assert J[0, 3] == 1.0
    assert J[2, 2] == 0.0  # two empty rows: 0 by definition
    rng = np.random.default_rng(2)
    A = random_sparse(rng, 20, 15, zeros=0.0)
    B = random_sparse(rng, 10, 15, zeros=0.0)
    want = 1.0 - pairwise_distances(A.toarray() != 0, B.toarray() != 0, metric="jaccard")
    np.testing.assert_allclose(jaccard_similarity(A, B), want, atol=1e-15)


# --- top_k --------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["auto", "exhaustive", "pruned"])
@pytest.mark.parametrize("integers", [False, True])
def test_top_k_matches_naive(method, integers):
    rng = np.random.default_rng(3 + integers)
    X = random_sparse(rng, 120, 40, integers=integers)
    S = naive_scores(X)
    for k in (1, 5, 12):
        got = top_k(X, k, method=method)
        assert_same_neighbours(got, naive_top_k(S, k, self_join=True), S)


def test_top_k_large_enough_to_prune_matches_naive_and_exhaustive():
    rng = np.random.default_rng(4)
    X = random_sparse(rng, 1200, 300, density=0.06)
    S = naive_scores(X)
    auto = top_k(X, 10, n_jobs=2)
    assert_same_neighbours(auto, naive_top_k(S, 10, self_join=True), S)
    exhaustive = top_k(X, 10, method="exhaustive")
    np.testing.assert_array_equal(auto[0], exhaustive[0])
    np.testing.assert_array_equal(auto[1], exhaustive[1])


def test_top_k_with_y_threshold_and_groups():
    rng = np.random.default_rng(5)
    X = random_sparse(rng, 90, 30)
    Y = random_sparse(rng, 70, 30)
    xg = rng.integers(0, 8, 90)
    yg = rng.integers(0, 8, 70)
    S = naive_scores(X, Y)
    for method in ("exhaustive", "pruned"):
        got = top_k(X, 6, Y, threshold=0.3, groups=xg, y_groups=yg, method=method)
        want = naive_top_k(S, 6, self_join=False, threshold=0.3, xg=xg, yg=yg)
        assert_same_neighbours(got, want, S)
        assert np.all(xg[:, None] != np.where(got[0] >= 0, yg[got[0]], -1))


def test_groups_without_y_exclude_the_same_document():
    rng = np.random.default_rng(6)
    X = random_sparse(rng, 80, 20)
    docs = np.repeat([f"doc{i}" for i in range(10)], 8)  # string labels are fine
    S = naive_scores(X)
    got = top_k(X, 5, groups=docs)
    codes = np.unique(docs, return_inverse=True)[1]
    assert_same_neighbours(got, naive_top_k(S, 5, self_join=True, xg=codes), S)
    assert np.all((got[0] == -1) | (docs[np.maximum(got[0], 0)] != docs[:, None]))


def test_duplicate_rows_tie_by_lower_index():
    X = np.array([[1.0, 1, 0], [1, 0, 0], [1, 0, 0], [0, 0, 1], [2, 0, 0]])
    indices, scores = top_k(X, 3)
    np.testing.assert_array_equal(indices[0], [1, 2, 4])
    assert scores[0, 0] == scores[0, 1] == scores[0, 2] == pytest.approx(1 / np.sqrt(2))
    np.testing.assert_array_equal(indices[1], [2, 4, 0])
    assert scores[1, 0] == pytest.approx(1.0)


def test_zero_rows_get_zero_score_neighbours_by_index():
    X = sp.csr_matrix(np.array([[0.0, 0], [1, 0], [0, 1], [0, 0], [1, 1]]))
    indices, scores = top_k(X, 4)
    np.testing.assert_array_equal(indices[0], [1, 2, 3, 4])
    np.testing.assert_array_equal(scores[0], [0, 0, 0, 0])
    np.testing.assert_array_equal(indices[1], [4, 0, 2, 3])
    indices, scores = top_k(X, 4, threshold=1e-9)
    np.testing.assert_array_equal(indices[0], [-1, -1, -1, -1])
    assert np.isnan(scores[0]).all()
    np.testing.assert_array_equal(indices[1], [4, -1, -1, -1])


def test_k_larger_than_rows_is_clamped_and_pads():
    # No more columns than rows searched; the self slot of a self-join stays padding.
    X = np.array([[1.0, 0], [1, 1], [0, 1]])
    indices, scores = top_k(X, 5)
    assert indices.shape == scores.shape == (3, 3)
    np.testing.assert_array_equal(indices[0], [1, 2, -1])
    assert np.isnan(scores[0, 2:]).all()
    indices, _ = top_k(X, 5, exclude_self=False)
    np.testing.assert_array_equal(indices[0], [0, 1, 2])


def test_one_row_and_empty_inputs():
    indices, scores = top_k(sp.csr_matrix([[1.0, 2.0]]), 3)
    np.testing.assert_array_equal(indices, [[-1]])
    indices, scores = top_k(sp.csr_matrix((0, 4)), 3)
    assert indices.shape == (0, 1) and scores.shape == (0, 1)
    indices, _ = top_k(np.ones((2, 4)), 2, Y=sp.csr_matrix((0, 4)))
    np.testing.assert_array_equal(indices, -np.ones((2, 1)))
    assert cosine_similarity(sp.csr_matrix((0, 3))).shape == (0, 0)


def test_input_types_agree():
    rng = np.random.default_rng(7)
    X = random_sparse(rng, 60, 20)
    want = top_k(X, 4)
    for variant in (
        X.toarray(),
        X.tocsc(),
        X.tocoo(),
        sp.csr_array(X),
        X.astype(np.float32),
        X.toarray().tolist(),
    ):
        got = top_k(variant, 4)
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_allclose(got[1], want[1], atol=1e-6)


def test_unsorted_duplicate_and_borrowed_csr_give_the_canonical_result():
    rng = np.random.default_rng(8)
    X = random_sparse(rng, 80, 30)
    want = top_k(X, 5)
    # Columns reversed within each row (as scikit-learn's TfidfVectorizer may leave them), and
    # each entry split into two duplicates: the result is the canonical matrix's, bit for bit,
    # and the caller's matrix is left as it was.
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    order = np.lexsort((-X.indices, rows))
    unsorted = sp.csr_matrix((X.data[order], X.indices[order], X.indptr.copy()), shape=X.shape)
    assert not unsorted.has_sorted_indices
    before = unsorted.indices.copy()
    got = top_k(unsorted, 5)
    np.testing.assert_array_equal(unsorted.indices, before)
    halves = sp.csr_matrix(
        (np.repeat(X.data / 2, 2), np.repeat(X.indices, 2), X.indptr * 2), shape=X.shape
    )
    for variant in (got, top_k(halves, 5), top_k(sp.csr_matrix(X, dtype=np.float64), 5)):
        np.testing.assert_array_equal(variant[0], want[0])
        np.testing.assert_array_equal(variant[1], want[1])


def test_core_checks_the_lengths_of_borrowed_parts():
    from treatytext import _core

    data = np.array([1.0, 2.0])
    indices = np.array([0, 1], dtype=np.int32)
    with pytest.raises(ValueError, match="indptr has 2 entries, expected rows \\+ 1 = 3"):
        _core.top_k((data, indices, np.array([0, 2]), 2, 2))
    with pytest.raises(ValueError, match="indptr\\[rows\\] = 3 but there are 2"):
        _core.top_k((data, indices, np.array([0, 1, 3]), 2, 2))
    with pytest.raises(ValueError, match="indices and data differ"):
        _core.top_k((data, indices[:1], np.array([0, 1, 2]), 2, 2))
    with pytest.raises(ValueError, match="not strictly increasing in row 0"):
        _core.cosine_matrix((data, indices[::-1].copy(), np.array([0, 2, 2]), 2, 2))
    with pytest.raises(ValueError, match="column 5 out of range"):
        _core.top_k((data, np.array([0, 5]), np.array([0, 1, 2]), 2, 2))


def test_same_result_for_every_thread_count():
    rng = np.random.default_rng(8)
    X = random_sparse(rng, 1500, 400, density=0.05)
    one = top_k(X, 10, n_jobs=1)
    for n_jobs in (2, 3, -1):
        other = top_k(X, 10, n_jobs=n_jobs)
        np.testing.assert_array_equal(one[0], other[0])
        np.testing.assert_array_equal(one[1], other[1])


def test_concurrent_python_threads_get_correct_results():
    rng = np.random.default_rng(9)
    X = random_sparse(rng, 800, 200, density=0.05)
    want = top_k(X, 5)
    results = [None] * 4

    def run(slot):
        results[slot] = top_k(X, 5)

    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for got in results:
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])


def test_negative_values_fall_back_to_exhaustive():
    rng = np.random.default_rng(10)
    X = sp.random(70, 15, density=0.3, format="csr", random_state=rng, data_rvs=rng.standard_normal)
    S = naive_scores(X)
    assert_same_neighbours(top_k(X, 6), naive_top_k(S, 6, self_join=True), S)
    with pytest.raises(ValueError, match="values >= 0"):
        top_k(X, 6, method="pruned")


def test_tota_articles_match_naive_with_treaty_groups(tota_dir):
    texts, treaty = [], []
    for number in range(1, 5):
        root = ET.parse(tota_dir / f"pta_{number}.xml").getroot()
        for article in root.iter("article"):
            texts.append(article.text or "")
            treaty.append(number)
    X = TfidfVectorizer().fit_transform(texts)
    treaty = np.asarray(treaty)
    S = naive_scores(X)
    for method in ("auto", "pruned"):
        assert_same_neighbours(top_k(X, 10, method=method), naive_top_k(S, 10, self_join=True), S)
        got = top_k(X, 10, groups=treaty, method=method)
        assert_same_neighbours(got, naive_top_k(S, 10, self_join=True, xg=treaty), S)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(0, 25),
    cols=st.integers(1, 12),
    k=st.integers(1, 30),
    density=st.floats(0.0, 1.0),
    threshold=st.one_of(st.none(), st.floats(-0.5, 1.0)),
    exclude_self=st.booleans(),
    groups=st.booleans(),
    method=st.sampled_from(["auto", "exhaustive", "pruned"]),
    seed=st.integers(0, 2**32 - 1),
)
def test_top_k_property(rows, cols, k, density, threshold, exclude_self, groups, method, seed):
    rng = np.random.default_rng(seed)
    dense = np.where(
        rng.random((rows, cols)) < density, rng.integers(0, 4, (rows, cols)), 0
    ).astype(float)
    if rows > 2:
        dense[rows - 1] = dense[0]  # a duplicate row
    xg = rng.integers(0, 3, rows) if groups else None
    S = naive_scores(dense)
    # A score within rounding of the threshold (a row with itself against 1.0, say) may fall on
    # either side of it in another summation order: such draws test the rounding, not top_k.
    assume(threshold is None or not np.any(np.abs(S - threshold) < TIE))
    got = top_k(
        sp.csr_matrix(dense),
        k,
        threshold=threshold,
        exclude_self=exclude_self,
        groups=xg,
        method=method,
    )
    want = naive_top_k(S, k, self_join=True, threshold=threshold, exclude_self=exclude_self, xg=xg)
    assert_same_neighbours(got, want, S)


# --- errors -------------------------------------------------------------------------------------


def test_errors_are_clear():
    X = np.ones((3, 4))
    with pytest.raises(ValueError, match=r"k must be >= 1"):
        top_k(X, 0)
    with pytest.raises(TypeError, match="k must be an integer"):
        top_k(X, 2.5)
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(2, 5\)"):
        top_k(X, 2, np.ones((2, 5)))
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(2, 5\)"):
        cosine_similarity(X, np.ones((2, 5)))
    with pytest.raises(ValueError, match="groups has 2 entries but X has 3 rows"):
        top_k(X, 2, groups=[1, 2])
    with pytest.raises(ValueError, match="y_groups has 1 entries but Y has 2 rows"):
        top_k(X, 2, np.ones((2, 4)), groups=[1, 2, 3], y_groups=[1])
    with pytest.raises(ValueError, match="both groups and y_groups"):
        top_k(X, 2, np.ones((2, 4)), groups=[1, 2, 3])
    with pytest.raises(ValueError, match="y_groups needs Y"):
        top_k(X, 2, y_groups=[1, 2, 3])
    bad = X.copy()
    bad[1, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        top_k(bad, 2)
    with pytest.raises(ValueError, match="NaN"):
        top_k(X, 2, threshold=float("nan"))
    with pytest.raises(ValueError, match="method"):
        top_k(X, 2, method="fast")
    with pytest.raises(TypeError):
        top_k("not a matrix", 2)
    with pytest.raises(ValueError, match="n_threads"):
        top_k(X, 2, n_jobs=0)


def _cpu_has_tiles() -> bool:
    """AMX int8 tiles and AVX-512 (what the tiled search uses), from /proc/cpuinfo."""
    if sys.platform != "linux" or platform.machine() != "x86_64":
        return False
    flags: set[str] = set()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("flags"):
            flags = set(line.split(":", 1)[1].split())
            break
    return {"amx_tile", "amx_int8", "avx512f"} <= flags


@pytest.mark.parametrize("level", ["baseline", "avx2", "avx512", "amx"])
def test_every_simd_kernel_gives_the_exact_result(level, tmp_path):
    """The pruned search's kernels (chosen by CPU, capped by TREATYTEXT_SIMD) agree bit for bit
    with the exhaustive search; each level runs in its own process (the choice is made once)."""
    script = tmp_path / "check.py"
    script.write_text(
        "import numpy as np, scipy.sparse as sp\n"
        "from treatytext.similarity import top_k\n"
        "rng = np.random.default_rng(11)\n"
        "X = sp.random(1500, 300, density=0.06, format='csr', random_state=rng)\n"
        "X.data = np.floor(X.data * 4) + 1\n"
        "a = top_k(X, 10, method='pruned')\n"
        "b = top_k(X, 10, method='exhaustive')\n"
        "assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])\n"
        "from treatytext.similarity import tiles_usable\n"
        "print('ok', tiles_usable())\n"
    )
    env = dict(
        os.environ,
        TREATYTEXT_SIMD=level,
        PYTHONPATH=str(Path(treatytext.__file__).resolve().parents[1]),
    )
    done = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # Tiles only when asked for (or by default) and the CPU has them (Linux x86-64, GCC build).
    assert done.stdout.strip() == f"ok {level == 'amx' and _cpu_has_tiles()}"
