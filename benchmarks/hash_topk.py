"""SHA-256 of top_k's indices and scores on ToTA, to show a refactoring changes no result.

    PYTHONPATH=python python benchmarks/hash_topk.py [--limit N] > after.txt
    diff benchmarks/hashes-topk-layout.txt after.txt

Builds scikit-learn's default tf-idf of every ToTA article (rows left unsorted, as scikit-learn
returns them, so top_k's own row sort runs too), then hashes the (indices, scores) arrays of
top_k in each configuration below: every method, 1 and 2 threads, a threshold, groups, a Y side
and k larger than the candidates. Run it once with the environment as it is and once with
``TREATYTEXT_SIMD=avx512`` (no AMX tiles) and ``TREATYTEXT_SIMD=baseline`` (no vector kernels):
the search changes with the CPU and the variable, the hashes must not.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from topk_vs_sklearn import DEFAULT_TOTA, load_tota_articles, tfidf_matrix  # noqa: E402


def digest(indices: np.ndarray, scores: np.ndarray) -> str:
    """SHA-256 of the shapes and bytes of both result arrays."""
    h = hashlib.sha256()
    for a in (indices, scores):
        a = np.ascontiguousarray(a)
        h.update(repr((a.dtype.str, a.shape)).encode())
        h.update(a.tobytes())
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tota", type=Path, default=DEFAULT_TOTA)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    args = parser.parse_args()

    from treatytext.similarity import tiles_usable, top_k

    texts, treaties = load_tota_articles(args.tota, args.limit)
    x = tfidf_matrix(texts)
    y = x[::3]
    print(
        f"# {x.shape[0]} articles, {x.nnz} non-zeros; TREATYTEXT_SIMD="
        f"{os.environ.get('TREATYTEXT_SIMD', '')!r}; tiles_usable={tiles_usable()}",
        file=sys.stderr,
    )
    runs = {
        "auto/k10/1": lambda: top_k(x, 10, n_jobs=1),
        "auto/k10/2": lambda: top_k(x, 10, n_jobs=2),
        "pruned/k10/2": lambda: top_k(x, 10, n_jobs=2, method="pruned"),
        "exhaustive/k10/2": lambda: top_k(x, 10, n_jobs=2, method="exhaustive"),
        "pruned/k1/2": lambda: top_k(x, 1, n_jobs=2, method="pruned"),
        "pruned/k50/2": lambda: top_k(x, 50, n_jobs=2, method="pruned"),
        "pruned/threshold0.6/2": lambda: top_k(x, 10, n_jobs=2, method="pruned", threshold=0.6),
        "pruned/groups/2": lambda: top_k(x, 10, n_jobs=2, method="pruned", groups=treaties),
        "pruned/y/2": lambda: top_k(x, 10, y, n_jobs=2, method="pruned"),
        "exhaustive/y/2": lambda: top_k(x, 10, y, n_jobs=2, method="exhaustive"),
        "pruned/y-groups/2": lambda: top_k(
            x, 5, y, n_jobs=2, method="pruned", groups=treaties, y_groups=treaties[::3]
        ),
        "pruned/keep-self/2": lambda: top_k(x, 10, n_jobs=2, method="pruned", exclude_self=False),
        "auto/few-queries/1": lambda: top_k(x[:3], 10, x, n_jobs=1),
    }
    for name, run in runs.items():
        print(f"{name:<28} {digest(*run())}", flush=True)


if __name__ == "__main__":
    main()
