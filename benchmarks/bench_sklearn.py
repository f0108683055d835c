"""treatytext.sklearn against scikit-learn on the ToTA corpus: time, speed-up and peak memory.

Usage::

    PYTHONPATH=python python benchmarks/bench_sklearn.py [--corpus DIR] [--repeat 3] [--jobs 1 2]

Both libraries vectorize the same texts (every ToTA article) in one process, with default
parameters. Times are wall-clock, best of ``--repeat`` runs, for ``fit_transform`` on all
articles and for ``transform`` of all articles with the fitted vocabulary. The outputs are
checked to be identical before any figure is printed.

Memory is measured in separate, untimed runs, each in a fresh child process (so that memory
freed by earlier runs cannot be reused unseen), two ways:

- ``tracemalloc``: peak of the allocations Python can see (Python objects and numpy arrays made
  by numpy). It does not see the C++ core's own buffers, so for treatytext it undercounts.
- ``RSS``: peak growth of the child's resident memory during the call over its level just
  before it, sampled every 0.5 ms by a thread (psutil); it sees every allocation, C++ included.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import threading
import time
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = (
    Path(os.environ.get("TREATYTEXT_CORPORA", ROOT.parent / "shared" / "corpora")) / "tota" / "xml"
)


def load_articles(directory: Path) -> list[str]:
    texts = []
    for path in sorted(directory.glob("*.xml")):
        root = ET.parse(path).getroot()
        texts += [article.text or "" for article in root.iter("article")]
    return texts


def best_time(call, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(call) -> tuple[float, float]:
    """(tracemalloc peak, sampled RSS peak growth) of one call, both in MB."""
    import psutil

    process = psutil.Process()
    gc.collect()
    base = process.memory_info().rss
    peak = base
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, process.memory_info().rss)
            time.sleep(0.0005)

    sampler = threading.Thread(target=sample)
    sampler.start()
    tracemalloc.start()
    call()
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    done.set()
    sampler.join()
    peak = max(peak, process.memory_info().rss)
    return traced / 2**20, (peak - base) / 2**20


def child_memory(corpus: Path, library: str, name: str, n_jobs: int) -> tuple[float, float]:
    """peak_memory() of one fit_transform in a fresh interpreter."""
    command = [
        sys.executable,
        __file__,
        "--corpus",
        str(corpus),
        "--child",
        library,
        name,
        str(n_jobs),
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    output = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    traced, rss = output.split()
    return float(traced), float(rss)


def run_child(corpus: Path, library: str, name: str, n_jobs: int) -> None:
    docs = load_articles(corpus)
    if library == "sklearn":
        from sklearn.feature_extraction import text as module

        make = getattr(module, name)
    else:
        import treatytext.sklearn as module

        make = lambda: getattr(module, name)(n_jobs=n_jobs)  # noqa: E731
    make().fit_transform(docs[:20])  # imports and character tables outside the measurement
    traced, rss = peak_memory(lambda: make().fit_transform(docs))
    print(traced, rss)


def check_identical(ours, theirs, X, Y) -> float:
    assert ours.vocabulary_ == theirs.vocabulary_, "vocabularies differ"
    Y = Y.copy()
    Y.sort_indices()
    assert np.array_equal(X.indptr, Y.indptr) and np.array_equal(X.indices, Y.indices)
    return float(np.abs(X.data - Y.data).max()) if X.nnz else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="ToTA xml directory")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (best is kept)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="n_jobs values")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory runs")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.corpus, args.child[0], args.child[1], int(args.child[2]))
        return 0

    import sklearn
    from sklearn.feature_extraction import text as sk

    start = time.perf_counter()
    import treatytext.sklearn as tt
    from treatytext.sklearn import _native

    _native.python_text()  # character tables: built (or loaded from the cache) once per process
    first_use = time.perf_counter() - start

    docs = load_articles(args.corpus)
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"corpus: {len(docs)} ToTA articles, {megabytes:.1f} MB of UTF-8 text ({args.corpus})")
    print(
        f"scikit-learn {sklearn.__version__}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs; treatytext import + character tables: {first_use * 1e3:.0f} ms"
    )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"times: wall clock, best of {args.repeat}; load average before: {load:.2f} "
        "(other processes on the CPUs slow down n_jobs=2 first)\n"
    )

    for name in ("TfidfVectorizer", "CountVectorizer"):
        theirs = getattr(sk, name)()
        t_fit = best_time(lambda v=theirs: v.fit_transform(docs), args.repeat)
        Y = theirs.fit_transform(docs)
        t_transform = best_time(lambda v=theirs: v.transform(docs), args.repeat)
        print(f"{name}  (vocabulary: {len(theirs.vocabulary_)} terms, {Y.nnz} non-zeros)")
        print(f"  {'':24s}{'fit_transform':>14s}{'ratio':>8s}{'transform':>12s}{'ratio':>8s}")
        print(f"  {'scikit-learn':24s}{t_fit:13.3f}s{'':>8s}{t_transform:11.3f}s")
        for n_jobs in args.jobs:
            ours = getattr(tt, name)(n_jobs=n_jobs)
            o_fit = best_time(lambda v=ours: v.fit_transform(docs), args.repeat)
            X = ours.fit_transform(docs)
            o_transform = best_time(lambda v=ours: v.transform(docs), args.repeat)
            difference = check_identical(ours, theirs, X, Y)
            label = f"treatytext n_jobs={n_jobs}"
            print(
                f"  {label:24s}{o_fit:13.3f}s{t_fit / o_fit:7.1f}x"
                f"{o_transform:11.3f}s{t_transform / o_transform:7.1f}x"
                f"   (identical; max |diff| {difference:.1e})"
            )
        if not args.no_memory:
            print("  peak memory of fit_transform in a fresh process")
            print("  (tracemalloc peak / sampled RSS growth):")
            traced, rss = child_memory(args.corpus, "sklearn", name, 1)
            print(f"    scikit-learn          {traced:8.1f} MB / {rss:8.1f} MB")
            for n_jobs in args.jobs:
                traced, rss = child_memory(args.corpus, "treatytext", name, n_jobs)
                print(f"    treatytext n_jobs={n_jobs:<3d} {traced:8.1f} MB / {rss:8.1f} MB")
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
