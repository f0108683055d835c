"""What the hardening of issue 16 costs: the CSR structure check at the boundary (against the
top_k call it guards and against scipy's own has_canonical_format scan), the per-call cost of
a tiny interruptible call, and how soon Ctrl-C stops a long fit and top_k.

Usage: python benchmarks/hardening.py [--rows N]   (prints figures and ratios; timings on a
shared machine are noisy: each figure is the best of several runs)."""

from __future__ import annotations

import argparse
import signal
import threading
import time

import numpy as np
import scipy.sparse as sp
from treatytext import _core
from treatytext.similarity import top_k
from treatytext.vectorizer import Vectorizer


def best_of(repeats: int, call) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best


def random_csr(rows: int, cols: int, per_row: int, seed: int = 1) -> sp.csr_matrix:
    rng = np.random.default_rng(seed)
    columns = np.sort(rng.integers(0, cols, size=(rows, per_row)), axis=1)
    matrix = sp.csr_matrix(
        (
            rng.random(rows * per_row) + 0.1,
            columns.ravel(),
            np.arange(0, rows * per_row + 1, per_row),
        ),
        shape=(rows, cols),
    )
    matrix.sum_duplicates()
    return matrix


def latency(call, delay: float = 0.3) -> float:
    sent: list[float] = []

    def send() -> None:
        sent.append(time.perf_counter())
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    timer = threading.Timer(delay, send)
    timer.start()
    try:
        call()
    except KeyboardInterrupt:
        return time.perf_counter() - sent[0]
    finally:
        timer.join()
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    x = random_csr(args.rows, 20_000, 60)
    print(f"matrix: {x.shape[0]} x {x.shape[1]}, nnz {x.nnz:,}")

    check = best_of(5, lambda: _core.check_csr_structure(x.indptr, x.indices, x.nnz, *x.shape, "X"))
    print(f"check_csr_structure: {check * 1e3:.1f} ms ({x.nnz / check / 1e6:.0f} M entries/s)")
    scipy_scan = best_of(
        5, lambda: sp._sparsetools.csr_has_canonical_format(x.shape[0], x.indptr, x.indices)
    )
    print(
        f"scipy has_canonical_format scan: {scipy_scan * 1e3:.1f} ms "
        f"(check / scipy = {check / scipy_scan:.2f})"
    )
    queries = x[:200]
    search = best_of(3, lambda: top_k(queries, 10, Y=x))
    print(
        f"top_k of 200 queries over the matrix: {search * 1e3:.0f} ms "
        f"(check / top_k = {check / search:.3f})"
    )

    tiny = x[:1]
    small = x[:50]
    per_call = best_of(3, lambda: [top_k(tiny, 5, Y=small) for _ in range(200)]) / 200
    print(f"tiny top_k call (helper thread, signal watch): {per_call * 1e6:.0f} us per call")

    documents = [" ".join(f"term{i % 997} party shall" for i in range(200))] * 200_000
    fit_latency = [latency(lambda: Vectorizer().fit(documents)) for _ in range(3)]
    topk_latency = [latency(lambda: top_k(x, 10, method="exhaustive")) for _ in range(3)]
    print(
        "Ctrl-C to KeyboardInterrupt, fit: " + ", ".join(f"{s * 1e3:.0f} ms" for s in fit_latency)
    )
    print(
        "Ctrl-C to KeyboardInterrupt, top_k: "
        + ", ".join(f"{s * 1e3:.0f} ms" for s in topk_latency)
    )


if __name__ == "__main__":
    main()
