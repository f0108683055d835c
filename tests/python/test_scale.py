"""Scale properties seen from Python: streaming fit, thread-count invariance, concurrent callers
with the GIL released, bounded top-k memory and 64-bit index paths.

No assertion here is about speed. Memory assertions read the kernel's peak-RSS counter (VmHWM,
reset through /proc/self/clear_refs) and are skipped where that is not available.

nnz > 2^31 is not tested on a real matrix: its CSR arrays alone take 2^31 x 12 bytes = 24 GiB,
more than the test machines have. What is tested instead: int64-indexed scipy input, and a
matrix 2^31 - 1 columns wide (the largest column id) in a memory-capped child process.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
import treatytext
from treatytext.similarity import top_k
from treatytext.vectorizer import Vectorizer

# --- helpers -----------------------------------------------------------------------------------


def _status_bytes(key: str) -> int:
    text = Path("/proc/self/status").read_text(encoding="ascii")
    return int(re.search(rf"^{key}:\s+(\d+) kB", text, re.MULTILINE).group(1)) * 1024


def _reset_peak_rss() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
        _status_bytes("VmHWM")
    except (OSError, AttributeError):
        pytest.skip("the peak RSS counter cannot be reset on this system")


def _peak_growth(call):
    """Runs call() and returns (its result, peak RSS during the call - RSS before it)."""
    _reset_peak_rss()
    before = _status_bytes("VmRSS")
    result = call()
    return result, _status_bytes("VmHWM") - before


def _same_csr(a: sp.spmatrix, b: sp.spmatrix) -> None:
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    assert a.shape == b.shape
    np.testing.assert_array_equal(a.indptr, b.indptr)
    np.testing.assert_array_equal(a.indices, b.indices)
    np.testing.assert_array_equal(a.data, b.data)  # bit for bit


def _same_topk(a, b) -> None:
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])  # NaN padding compares equal here


@pytest.fixture(scope="module")
def articles(tota_dir: Path) -> list[str]:
    docs: list[str] = []
    for i in range(1, 9):
        path = tota_dir / f"pta_{i}.xml"
        if path.exists():
            docs += ["".join(a.itertext()) for a in ET.parse(path).getroot().iter("article")]
    docs = [d for d in docs if d.strip()]
    assert len(docs) > 300, f"ToTA articles not found in {tota_dir}"
    return docs


@pytest.fixture(scope="module")
def tfidf(articles: list[str]) -> sp.csr_matrix:
    return Vectorizer(n_jobs=2).fit_transform(articles)


def _finish(vec: Vectorizer) -> None:
    """Ends the first (counting) pass of a streaming fit, where the API asks for it."""
    finalize = getattr(vec, "finalize", None)
    if callable(finalize):
        finalize()


# --- streaming -------------------------------------------------------------------------------

STREAM_OPTIONS = [
    {},
    {"min_df": 2, "max_df": 0.5, "max_features": 2000, "tf": "log"},
    {"weighting": "bm25", "stop_words": "english", "ngram_range": (1, 2)},
]


@pytest.mark.parametrize("options", STREAM_OPTIONS, ids=["defaults", "pruned", "bm25_bigrams"])
def test_partial_fit_in_batches_then_transform_equals_one_shot_fit(
    articles: list[str], options: dict
) -> None:
    expected = Vectorizer(**options).fit_transform(articles)
    cuts = [0, len(articles) // 3, len(articles) // 3 + 1, 3 * len(articles) // 4, len(articles)]
    batches = [articles[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    vec = Vectorizer(**options)
    for batch in batches:  # first pass: vocabulary and document frequencies
        vec.partial_fit(batch)
    _finish(vec)
    streamed = sp.vstack([vec.transform(batch) for batch in batches]).tocsr()  # second pass
    _same_csr(streamed, expected)
    one_shot = Vectorizer(**options).fit(articles)
    assert list(vec.get_feature_names_out()) == list(one_shot.get_feature_names_out())


# --- threads -------------------------------------------------------------------------------------


def test_results_identical_for_one_and_two_threads(articles: list[str]) -> None:
    one = Vectorizer(n_jobs=1).fit_transform(articles)
    two = Vectorizer(n_jobs=2).fit_transform(articles)
    _same_csr(one, two)
    _same_topk(top_k(one, 10, n_jobs=1), top_k(one, 10, n_jobs=2))
    _same_topk(top_k(one, 10, n_jobs=1), top_k(one, 10, n_jobs=-1))


def test_concurrent_python_threads_get_the_sequential_results(
    articles: list[str], tfidf: sp.csr_matrix
) -> None:
    fitted = Vectorizer(n_jobs=2).fit(articles)
    expected_transform = fitted.transform(articles)
    expected_top = top_k(tfidf, 10, n_jobs=2)

    def work(i: int):
        if i % 3 == 0:
            return "fit", Vectorizer(n_jobs=2).fit_transform(articles)
        if i % 3 == 1:
            return "transform", fitted.transform(articles)  # one shared fitted object
        return "top_k", top_k(tfidf, 10, n_jobs=2)  # one shared input matrix

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(9)))
    for kind, value in results:
        if kind == "top_k":
            _same_topk(value, expected_top)
        else:
            _same_csr(value, expected_transform)
    _same_csr(expected_transform, tfidf)


def test_heavy_calls_release_the_gil(articles: list[str], tfidf: sp.csr_matrix) -> None:
    """A Python thread records timestamps while the main thread is inside C++ calls. A timestamp
    strictly inside a call (away from its edges) can only be taken if the call released the GIL.
    """
    ticks: list[float] = []
    stop = threading.Event()

    def ticker() -> None:
        while not stop.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.0002)

    calls = {
        "top_k": lambda m: top_k(sp.vstack([tfidf] * (4 * m)).tocsr(), 10, n_jobs=1),
        "fit_transform": lambda m: Vectorizer(n_jobs=1).fit_transform(articles * (20 * m)),
    }
    margin = 0.01
    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        windows = {}
        for name, call in calls.items():
            for m in (1, 4, 16, 64):  # grow the input until the call lasts long enough to tell
                t0 = time.perf_counter()
                call(m)
                windows[name] = (t0, time.perf_counter())
                if windows[name][1] - t0 > 10 * margin:
                    break
    finally:
        stop.set()
        thread.join()
    for name, (t0, t1) in windows.items():
        inside = [t for t in ticks if t0 + margin < t < t1 - margin]
        assert inside, f"no Python thread ran during {name} ({t1 - t0:.3f} s): GIL held?"


# --- memory and 64-bit paths ---------------------------------------------------------------


def _random_rows(n: int, cols: int, per_row: int, seed: int) -> sp.csr_matrix:
    """n random sparse rows of `per_row` columns (duplicates merged), random positive weights.

    With n = 50,000, cols = 2,000 and 8 terms a row, each row meets ~1,600 candidates: a general
    sparse product X X^T would hold ~80 million scores (~1 GB); the n x n matrix takes 20 GB.
    """
    rng = np.random.default_rng(seed)
    rows = np.repeat(np.arange(n), per_row)
    columns = rng.integers(0, cols, size=n * per_row)
    m = sp.csr_matrix((np.ones(rows.size), (rows, columns)), shape=(n, cols))
    m.sum_duplicates()
    m.data = rng.uniform(0.1, 1.0, size=m.nnz)
    return m


def test_all_pairs_top_k_memory_stays_far_below_n_squared() -> None:
    n, k = 50_000, 10
    x = _random_rows(n, 2_000, 8, seed=11)
    (idx, scores), growth = _peak_growth(lambda: top_k(x, k, n_jobs=2))
    dense = n * n * 8  # 20 GB for the n x n similarities
    assert growth < dense / 100, f"peak RSS grew by {growth / 2**20:.0f} MiB"
    assert growth < 256 * 2**20, f"peak RSS grew by {growth / 2**20:.0f} MiB"
    assert idx.shape == (n, k) and scores.shape == (n, k)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    for row in (0, 1, 12_345, n - 1):  # brute force for a few rows, ties to the lower index
        cos = (x @ x[row].T).toarray().ravel() / (norms * norms[row])
        cos[row] = -np.inf
        order = np.lexsort((np.arange(n), -cos))[:k]
        np.testing.assert_array_equal(idx[row], order)
        np.testing.assert_allclose(scores[row], cos[order], rtol=0, atol=1e-12)


def test_int64_indexed_input_gives_the_same_top_k(tfidf: sp.csr_matrix) -> None:
    wide = tfidf.copy()  # scipy's constructor would downcast small indices to int32
    wide.indices = wide.indices.astype(np.int64)
    wide.indptr = wide.indptr.astype(np.int64)
    assert wide.indptr.dtype == np.int64 and wide.indices.dtype == np.int64
    _same_topk(top_k(wide, 5, n_jobs=2), top_k(tfidf, 5, n_jobs=2))


# Run in a child whose address space is capped 1 GiB above what it holds after the imports, so
# that a per-column allocation fails there (MemoryError) instead of exhausting the machine.
_WIDEST = """
import json, re, resource, sys
import numpy as np, scipy.sparse as sp
from treatytext.similarity import top_k
last = 2**31 - 2
x = sp.csr_matrix((np.array([3.0, 4.0, 2.0, 1.0, 1.0]),
                   np.array([0, last, last, 7, last], dtype=np.int64),
                   np.array([0, 2, 3, 5], dtype=np.int64)), shape=(3, 2**31 - 1))
status = open("/proc/self/status").read()
vm = int(re.search(r"VmSize:\\s+(\\d+) kB", status).group(1)) * 1024
resource.setrlimit(resource.RLIMIT_AS, (vm + 2**30, vm + 2**30))
try:
    idx, scores = top_k(x, 2)
except MemoryError:
    sys.exit(2)
print(json.dumps([idx.tolist(), scores.tolist()]))
"""


def test_top_k_memory_does_not_grow_with_the_column_count() -> None:
    package_root = str(Path(treatytext.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)
    env = {**os.environ, "PYTHONPATH": path, "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", _WIDEST], capture_output=True, text=True, timeout=120, env=env
    )
    assert proc.returncode == 0, f"exit {proc.returncode} (2 = MemoryError): {proc.stderr[-500:]}"
    idx, scores = json.loads(proc.stdout)
    assert idx == [[1, 2], [0, 2], [1, 0]]
    r = 1 / np.sqrt(2)
    np.testing.assert_allclose(scores, [[0.8, 0.8 * r], [0.8, r], [r, 0.8 * r]], atol=1e-15)
