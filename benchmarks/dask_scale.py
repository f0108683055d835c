"""treatytext on Dask against one process and against dask-ml, on this machine (prints figures).

For the ToTA articles and synthetic corpora ``scale`` times their size (``corpus.py``):

- single process: ``treatytext.sklearn.TfidfVectorizer(n_jobs=2).fit_transform`` and
  ``treatytext.top_k(X, 10, n_jobs=2)`` (all pairs);
- ``LocalCluster(n_workers=2, threads_per_worker=1)``: ``treatytext.dask.TfidfVectorizer`` on a
  ``dask.bag.read_text`` of the corpus written to files (the workers read them; one document per
  line), its result persisted on the workers, then ``treatytext.dask.top_k(X, 10)``;
- the same cluster: dask-ml's ``CountVectorizer`` (fit_transform, persisted) plus scikit-learn's
  ``TfidfTransformer`` on the computed counts (dask-ml has no distributed tf-idf), and dask-ml's
  vocabulary under ``min_df`` compared with the global one.

Every treatytext result is checked identical (bit for bit) to the single-process one. Peak memory
per worker is each worker process's VmHWM, reset before the step (Linux). The machine may be
shared: timings are noisy, repeat runs when a figure matters.

    PYTHONPATH=python python benchmarks/dask_scale.py                 # ToTA, 10x, 30x
    PYTHONPATH=python python benchmarks/dask_scale.py --scales 0 --quick
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import (  # noqa: E402
    cpu_description,
    current_rss,
    fmt_bytes,
    peak_rss,
    reset_peak_rss,
)
from corpus import synthetic_corpus, tota_articles  # noqa: E402


def _write_corpus(texts: list[str], folder: Path, files: int) -> list[str]:
    """The texts, one per line (line breaks inside a text become spaces), in ``files`` files."""
    bounds = np.linspace(0, len(texts), files + 1).astype(int)
    paths = []
    for i in range(files):
        path = folder / f"part-{i:04d}.txt"
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for text in texts[bounds[i] : bounds[i + 1]]:
                f.write(" ".join(text.splitlines()) + "\n")
        paths.append(str(path))
    return paths


def _strip_newline(line: str) -> str:
    return line[:-1] if line.endswith("\n") else line


def _worker_peaks(client) -> list[int]:
    return sorted(client.run(peak_rss).values())


def _identical(a, b) -> bool:
    return (
        a.shape == b.shape
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and a.data.tobytes() == b.data.tobytes()
    )


def _daskml_shim() -> None:
    """dask-ml 2024.4 imports a helper that scikit-learn 1.6 removed (used by its model
    selection only, not by CountVectorizer): a stand-in lets the package import. Run in the
    client and in every worker."""
    import sklearn.utils._tags as tags

    if not hasattr(tags, "_safe_tags"):
        tags._safe_tags = lambda estimator, key=None: {}


def _daskml_count_vectorizer():
    _daskml_shim()
    from dask_ml.feature_extraction.text import CountVectorizer

    return CountVectorizer


def _warm_up() -> None:
    """Imports and first-call setup in a worker (character tables, analyzers), so that the
    timings below measure the work, not the start of a process."""
    import treatytext.sklearn as tsk
    from treatytext import dask as tdask  # noqa: F401

    tsk.TfidfVectorizer().fit_transform(["warm up the analyzer", "and the tables"])


def run(scale: int, articles: list[str], args, client) -> dict:
    import dask
    import dask.bag as db
    import distributed
    import treatytext.sklearn as tsk
    from treatytext import dask as tdask

    texts = articles if scale == 0 else synthetic_corpus(articles, scale)
    texts = [" ".join(t.splitlines()) for t in texts]  # as the files hold them
    name = "ToTA" if scale == 0 else f"{scale}x"
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    partitions = args.partitions_per_worker * 2
    print(
        f"\n== {name}: {len(texts):,} documents, {megabytes:.1f} MB, {partitions} partitions",
        flush=True,
    )
    row: dict = {"corpus": name, "documents": len(texts)}

    reset_peak_rss()
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        single = tsk.TfidfVectorizer(n_jobs=2)
        expected = single.fit_transform(texts)
        times.append(time.perf_counter() - t0)
    row["single"] = min(times)
    print(
        f"single process fit_transform (n_jobs=2): {row['single']:.2f} s, "
        f"peak {fmt_bytes(peak_rss())}, {expected.shape[1]:,} terms, nnz {expected.nnz:,}"
    )

    with tempfile.TemporaryDirectory(prefix="dask-scale-") as folder:
        paths = _write_corpus(texts, Path(folder), partitions)
        bag = db.read_text(paths, blocksize=None).map(_strip_newline)
        with dask.config.set(scheduler=client.get):
            client.run(reset_peak_rss)
            times = []
            for _ in range(args.repeat):
                X = None
                t0 = time.perf_counter()
                est = tdask.TfidfVectorizer()
                X = est.fit_transform(bag).persist()
                distributed.wait(X)
                times.append(time.perf_counter() - t0)
            row["dask"] = min(times)
            peaks = _worker_peaks(client)
            same = _identical(X.compute(), expected) and est.vocabulary_ == single.vocabulary_
            print(
                f"dask fit_transform (2 workers x 1 thread): {row['dask']:.2f} s, "
                f"ratio {row['dask'] / row['single']:.2f} x single, peak per worker "
                f"{' / '.join(map(fmt_bytes, peaks))}, identical to single: {same}"
            )
            row["dask_peak"] = max(peaks)
            if not args.skip_daskml:
                row.update(_daskml(bag, texts, expected, row, client))
            if scale == args.topk_scale or (scale == 0 and args.topk_scale == 0):
                row.update(_topk(X, expected, client))
            del X
    return row


def _daskml(bag, texts, expected, row, client) -> dict:
    import dask  # noqa: F401  (dask.config is set by the caller)
    import distributed
    import sklearn.feature_extraction.text as sk_text
    import treatytext.sklearn as tsk
    from treatytext import dask as tdask

    CountVectorizer = _daskml_count_vectorizer()
    client.run(reset_peak_rss)
    t0 = time.perf_counter()
    counts = CountVectorizer().fit_transform(bag).persist()
    distributed.wait(counts)
    matrix = sk_text.TfidfTransformer().fit_transform(counts.compute())
    seconds = time.perf_counter() - t0
    peaks = _worker_peaks(client)
    print(
        f"dask-ml CountVectorizer + TfidfTransformer: {seconds:.2f} s, treatytext.dask "
        f"{seconds / row['dask']:.1f} x faster, peak per worker "
        f"{' / '.join(map(fmt_bytes, peaks))}, shape {matrix.shape} (single {expected.shape})"
    )
    # Pruning: dask-ml applies min_df inside each partition; treatytext.dask over the corpus.
    globally = tsk.CountVectorizer(min_df=5).fit(texts).vocabulary_
    ours = tdask.CountVectorizer(min_df=5).fit(bag).vocabulary_
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = CountVectorizer(min_df=5).fit(bag).vocabulary_
    lost = len(set(globally) - set(theirs))
    extra = len(set(theirs) - set(globally))
    print(
        f"min_df=5: global vocabulary {len(globally):,} terms; treatytext.dask equal: "
        f"{ours == globally}; dask-ml {len(theirs):,} terms ({lost:,} missing, {extra:,} extra)"
    )
    return {"daskml": seconds, "daskml_peak": max(peaks)}


def _topk(X, expected, client) -> dict:
    import dask
    import treatytext as tt
    from treatytext import dask as tdask

    t0 = time.perf_counter()
    indices_single, scores_single = tt.top_k(expected, 10, n_jobs=2)
    single = time.perf_counter() - t0
    client.run(reset_peak_rss)
    t0 = time.perf_counter()
    indices, scores = dask.compute(*tdask.top_k(X, 10))
    seconds = time.perf_counter() - t0
    peaks = _worker_peaks(client)
    same = np.array_equal(indices, indices_single) and scores.tobytes() == scores_single.tobytes()
    blocks = len(X.chunks[0])
    print(
        f"all-pairs top-10: single (n_jobs=2) {single:.2f} s; dask {seconds:.2f} s "
        f"({blocks} x {blocks} block pairs, {seconds / single:.2f} x single), peak per worker "
        f"{' / '.join(map(fmt_bytes, peaks))}, identical: {same}"
    )
    return {"topk_single": single, "topk_dask": seconds, "topk_blocks": blocks}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="0,10,30", help="0 is ToTA itself (comma list)")
    parser.add_argument("--topk-scale", type=int, default=10, help="corpus of the top-10 step")
    parser.add_argument("--partitions-per-worker", type=int, default=4)
    parser.add_argument("--skip-daskml", action="store_true")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many runs")
    parser.add_argument("--quick", action="store_true", help="3,000 articles only")
    parser.add_argument("--tota", default=None, help="folder of pta_*.xml files")
    args = parser.parse_args()

    import distributed

    articles = tota_articles(args.tota)
    if args.quick:
        articles = articles[:3000]
    print(f"CPU: {cpu_description()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = distributed.Client(cluster)
    client.run(_warm_up)
    baseline = sorted(client.run(current_rss).values())
    print(f"worker RSS after imports and warm-up: {' / '.join(map(fmt_bytes, baseline))}")
    if not args.skip_daskml:
        client.run(_daskml_shim)
    rows = []
    try:
        for scale in (int(s) for s in args.scales.split(",")):
            rows.append(run(scale, articles, args, client))
    finally:
        client.close()
        cluster.close()
    print("\ncorpus      documents   single s   dask s   ratio   dask-ml s   dask-ml/dask")
    for r in rows:
        daskml = r.get("daskml", float("nan"))
        print(
            f"{r['corpus']:<10} {r['documents']:>10,} {r['single']:>10.2f} {r['dask']:>8.2f} "
            f"{r['dask'] / r['single']:>7.2f} {daskml:>11.2f} {daskml / r['dask']:>14.1f}"
        )


if __name__ == "__main__":
    main()
