"""All-pairs cosine top-k on ToTA articles: treatytext.similarity.top_k against scikit-learn.

Builds the tf-idf matrix of every ToTA article with scikit-learn's ``TfidfVectorizer`` (defaults:
no stop words, l2 norm), then times, on that same matrix,

- ``treatytext.similarity.top_k(X, k, n_jobs=...)`` (self excluded), and
- ``NearestNeighbors(metric="cosine", algorithm="brute", n_jobs=...).fit(X).kneighbors()``
  (``kneighbors()`` without arguments also excludes each row itself),

checks that both return the same neighbours (ties aside: rows whose only differences are
indices tied at the k-th score) and reports the ratio and the peak resident memory of each,
each measured in a fresh child process. Run from the repository root::

    PYTHONPATH=python python benchmarks/topk_vs_sklearn.py [--n-jobs 2] [--k 10]

The functions are importable (``load_tota_articles``, ``tfidf_matrix``, ``run_treatytext``,
``run_sklearn``, ``compare_neighbours``, ``measure``) for a larger benchmark suite.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_TOTA = (
    Path(os.environ.get("TREATYTEXT_CORPORA", ROOT.parent / "shared" / "corpora")) / "tota" / "xml"
)


def load_tota_articles(tota_dir: Path = DEFAULT_TOTA, limit: int | None = None):
    """Texts of every ``<article>`` of the ToTA files, and the treaty number of each."""
    files = sorted(Path(tota_dir).glob("pta_*.xml"), key=lambda p: int(p.stem.split("_")[1]))
    if not files:
        raise FileNotFoundError(f"no pta_*.xml files in {tota_dir}; set TREATYTEXT_CORPORA")
    texts: list[str] = []
    treaties: list[int] = []
    for treaty, path in enumerate(files):
        for article in ET.parse(path).getroot().iter("article"):
            texts.append(article.text or "")
            treaties.append(treaty)
    if limit is not None:
        texts, treaties = texts[:limit], treaties[:limit]
    return texts, np.asarray(treaties, dtype=np.int64)


def tfidf_matrix(texts: list[str]) -> sp.csr_matrix:
    """scikit-learn's default tf-idf (smooth idf, l2 rows, no stop words) as CSR float64."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer().fit_transform(texts).tocsr().astype(np.float64)


def run_treatytext(X, k: int = 10, n_jobs: int = 1, **options):
    """(indices, scores, seconds) of treatytext's exact top-k, self excluded."""
    sys.path.insert(0, str(ROOT / "python"))
    from treatytext.similarity import top_k

    start = time.perf_counter()
    indices, scores = top_k(X, k, n_jobs=n_jobs, **options)
    return indices, scores, time.perf_counter() - start


def run_sklearn(X, k: int = 10, n_jobs: int = 1):
    """(indices, scores = 1 - cosine distance, seconds) of brute-force NearestNeighbors."""
    from sklearn.neighbors import NearestNeighbors

    start = time.perf_counter()
    model = NearestNeighbors(n_neighbors=k, metric="cosine", algorithm="brute", n_jobs=n_jobs)
    distances, indices = model.fit(X).kneighbors()
    return indices, 1.0 - distances, time.perf_counter() - start


def compare_neighbours(ind_a, sc_a, ind_b, sc_b, tol: float = 1e-9) -> dict:
    """Rows with identical neighbour lists, rows differing only by ties at the k-th score, and
    rows that really differ (a score sequence differs, or an index outside a tie is swapped)."""
    same = tie_only = differ = 0
    worst_score_gap = 0.0
    for row in range(ind_a.shape[0]):
        a, b = ind_a[row], ind_b[row]
        gap = float(np.nanmax(np.abs(np.sort(sc_a[row]) - np.sort(sc_b[row])), initial=0.0))
        worst_score_gap = max(worst_score_gap, gap)
        if np.array_equal(a, b):
            same += 1
            continue
        if gap > tol:
            differ += 1
            continue
        # Same scores: a differing index is acceptable only where its score ties another one.
        kth = np.nanmin(sc_a[row])
        only_a = set(a) - set(b)
        only_b = set(b) - set(a)
        tied_a = all(abs(sc_a[row][list(a).index(j)] - kth) <= tol for j in only_a)
        tied_b = all(abs(sc_b[row][list(b).index(j)] - kth) <= tol for j in only_b)
        if (only_a or only_b) and not (tied_a and tied_b):
            differ += 1
        else:
            tie_only += 1  # same set in another order among equal scores, or boundary ties
    return {
        "rows": int(ind_a.shape[0]),
        "identical_rows": same,
        "tie_only_rows": tie_only,
        "differing_rows": differ,
        "max_score_difference": worst_score_gap,
    }


class _PeakRss:
    """Samples the resident memory of this process every few milliseconds (psutil), so that the
    peak of one call is known even when an earlier step (loading the input) peaked higher."""

    def __init__(self, interval: float = 0.005) -> None:
        import psutil

        self._process = psutil.Process()
        self._interval = interval
        self.base = self.peak = self._process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._process.memory_info().rss)
            self._stop.wait(self._interval)

    def __enter__(self) -> _PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._process.memory_info().rss)


def _child(which: str, path: str, k: int, n_jobs: int, repeat: int, out: str) -> None:
    X = sp.load_npz(path).tocsr()
    if which == "treatytext":
        sys.path.insert(0, str(ROOT / "python"))
        import treatytext.similarity  # noqa: F401  (imported before the baseline is taken)
    else:
        import sklearn.neighbors  # noqa: F401
    run = run_treatytext if which == "treatytext" else run_sklearn
    seconds = float("inf")
    with _PeakRss() as memory:
        for _ in range(repeat):  # best of `repeat`: the figure least disturbed by other load
            indices, scores, elapsed = run(X, k, n_jobs)
            seconds = min(seconds, elapsed)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    np.savez(
        out,
        indices=indices,
        scores=scores,
        seconds=seconds,
        peak_kb=peak_kb,
        over_input_kb=(memory.peak - memory.base) / 1024,
    )


def measure(which: str, X, k: int = 10, n_jobs: int = 1, repeat: int = 1) -> dict:
    """Runs one library in a fresh process (so that its peak memory is its own); the time is
    the best of `repeat` runs."""
    with tempfile.TemporaryDirectory() as tmp:
        path, out = os.path.join(tmp, "X.npz"), os.path.join(tmp, "out.npz")
        sp.save_npz(path, sp.csr_matrix(X), compressed=False)
        process = mp.get_context("spawn").Process(
            target=_child, args=(which, path, k, n_jobs, repeat, out)
        )
        process.start()
        process.join()
        if process.exitcode != 0:
            raise RuntimeError(f"{which} run failed with exit code {process.exitcode}")
        result = np.load(out)
        return {
            "indices": result["indices"],
            "scores": result["scores"],
            "seconds": float(result["seconds"]),
            "peak_rss_mb": float(result["peak_kb"]) / 1024,
            "peak_over_input_mb": float(result["over_input_kb"]) / 1024,
        }


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tota-dir", type=Path, default=DEFAULT_TOTA)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs for treatytext")
    parser.add_argument("--sklearn-repeat", type=int, default=1, help="best of N for scikit-learn")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)

    texts, _ = load_tota_articles(args.tota_dir, args.limit)
    X = tfidf_matrix(texts)
    print(f"ToTA articles: {X.shape[0]} rows, {X.shape[1]} terms, {X.nnz} non-zeros")
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    tt = measure("treatytext", X, args.k, args.n_jobs, args.repeat)
    sk = measure("sklearn", X, args.k, args.n_jobs, args.sklearn_repeat)
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    check = compare_neighbours(tt["indices"], tt["scores"], sk["indices"], sk["scores"])
    figures = {
        "rows": X.shape[0],
        "k": args.k,
        "n_jobs": args.n_jobs,
        "treatytext_seconds": tt["seconds"],
        "sklearn_seconds": sk["seconds"],
        "ratio": sk["seconds"] / tt["seconds"],
        "treatytext_peak_rss_mb": tt["peak_rss_mb"],
        "sklearn_peak_rss_mb": sk["peak_rss_mb"],
        "treatytext_peak_over_input_mb": tt["peak_over_input_mb"],
        "sklearn_peak_over_input_mb": sk["peak_over_input_mb"],
        "load_average": [load_before, load_after],
        **check,
    }
    print(f"top-{args.k}, n_jobs={args.n_jobs}, load average {load_before:.2f} -> {load_after:.2f}")
    for name, run in (("treatytext top_k        ", tt), ("sklearn NearestNeighbors", sk)):
        print(
            f"  {name} {run['seconds']:8.3f} s   peak RSS {run['peak_rss_mb']:7.1f} MB "
            f"(+{run['peak_over_input_mb']:.1f} MB over the loaded input)"
        )
    print(f"  ratio (sklearn / treatytext): {figures['ratio']:.1f}x")
    print(
        f"  neighbours: {check['identical_rows']} identical rows, {check['tie_only_rows']} differ "
        f"only by ties, {check['differing_rows']} differ; max score difference "
        f"{check['max_score_difference']:.2e}"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
