"""treatytext on Dask against one process and against dask-ml, on this machine (prints figures).

For the ToTA articles and synthetic corpora ``scale`` times their size (``corpus.py``):

- single process: ``treatytext.sklearn.TfidfVectorizer(n_jobs=2).fit_transform`` and
  ``treatytext.top_k(X, 10, n_jobs=2)`` (all pairs), from the texts in memory; and the same
  fit_transform after reading the files the cluster reads (one document per line), the same job
  as the cluster's, once as a str per line and once as ``TextLines`` (the bytes, read in place);
- ``LocalCluster(n_workers=2, threads_per_worker=1)``: ``treatytext.dask.TfidfVectorizer`` on
  ``treatytext.dask.read_lines`` of the corpus written to files (the workers read them; one
  document per line), and on ``dask.bag.read_text`` of them, its result persisted on the
  workers, then ``treatytext.dask.top_k(X, 10)``;
- the same cluster: dask-ml's ``CountVectorizer`` (fit_transform, persisted) plus scikit-learn's
  ``TfidfTransformer`` on the computed counts (dask-ml has no distributed tf-idf), and dask-ml's
  vocabulary under ``min_df`` compared with the global one.

Every treatytext result is checked identical (bit for bit) to the single-process one. Peak memory
per worker is each worker process's VmHWM, reset before the step (Linux). The machine may be
shared: timings are noisy, repeat runs when a figure matters.

    PYTHONPATH=python python benchmarks/dask_scale.py                 # ToTA, 10x, 30x
    PYTHONPATH=python python benchmarks/dask_scale.py --scales 0 --quick
    PYTHONPATH=python python benchmarks/dask_scale.py --scales 10 --skip-daskml   # one case

``--malloc-trim-threshold 1000000000`` starts the workers with glibc's usual allocator behaviour
instead of distributed's setting (compare both: the difference is the allocator's).

dask-ml runs on ToTA only by default (``--daskml-scales 0,10``: about 10 times its ToTA time
at 10x); the top-10 step on the ``--topk-scale`` corpus (``--skip-topk``).
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
from treatytext.text import TextLines  # noqa: E402


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


def _read_lines(paths: list[str]) -> list[str]:
    """The documents of the files, one per line, as one process reads them."""
    texts: list[str] = []
    for path in paths:
        with open(path, encoding="utf-8", newline="\n") as f:
            texts.extend(f.read().split("\n")[:-1])
    return texts


def _read_bytes(paths: list[str]) -> bytes:
    """The files' bytes, one after another (each ends with a line break)."""
    return b"".join(Path(p).read_bytes() for p in paths)


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


def _worker_cpu(client) -> float:
    return sum(client.run(time.process_time).values())


def _wait_released(client) -> None:
    """Waits until the scheduler holds no task: a repeat must not find the previous run's
    results (same keys) still in memory."""
    for _ in range(200):
        if client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks)) == 0:
            return
        time.sleep(0.05)


def _predicted_peak(expected, texts, partitions: int, baseline: int) -> tuple[int, str]:
    """The per-worker memory formula of benchmarks/README.md for 2 workers, each holding half
    the rows: baseline + 20 B per non-zero (8 B of kept partition rows + 12 B of the persisted
    output) + 16 B per document (row ends and indptr) + twice the text of the partition being
    counted (the file's content and its lines as str) + 200 B per fitted term (the fitted
    state: the core's vocabulary and the estimator's vocabulary_ dict and idf)."""
    nnz, docs, terms = expected.nnz / 2, len(texts) / 2, expected.shape[1]
    partition_text = sum(len(t) + 1 for t in texts) / partitions
    predicted = int(baseline + 20 * nnz + 16 * docs + 2 * partition_text + 200 * terms)
    return predicted, (
        f"{fmt_bytes(baseline)} + 20 B x {nnz:,.0f} + 16 B x {docs:,.0f} + 2 x "
        f"{partition_text / 1e6:.1f} MB + 200 B x {terms:,} = {fmt_bytes(predicted)}"
    )


def fixed_overhead(articles: list[str], args, client) -> float:
    """fit_transform + persist of a tiny corpus (10 documents per partition) on the cluster:
    what every fit_transform pays whatever its size (two rounds of tasks and the client's
    fit), best of ``args.repeat``."""
    import dask
    import dask.bag as db
    import distributed
    from treatytext import dask as tdask

    partitions = args.partitions_per_worker * 2
    tiny = [" ".join(t.splitlines()) for t in articles[: 10 * partitions]]
    with tempfile.TemporaryDirectory(prefix="dask-overhead-") as folder:
        bag = db.read_text(_write_corpus(tiny, Path(folder), partitions), blocksize=None)
        bag = bag.map(_strip_newline)
        times = []
        with dask.config.set(scheduler=client.get):
            for _ in range(args.repeat):
                X = None
                _wait_released(client)
                t0 = time.perf_counter()
                X = tdask.TfidfVectorizer().fit_transform(bag).persist()
                distributed.wait(X)
                times.append(time.perf_counter() - t0)
            del X
    print(
        f"fixed overhead: fit_transform of {partitions} partitions x 10 documents, persisted: "
        f"{min(times):.2f} s",
        flush=True,
    )
    return min(times)


def run(scale: int, articles: list[str], args, client, baseline: int) -> dict:
    import dask
    import dask.bag as db
    import treatytext.sklearn as tsk
    from treatytext import dask as tdask

    texts = articles if scale == 0 else synthetic_corpus(articles, scale)
    texts = [" ".join(t.splitlines()) for t in texts]  # as the files hold them
    name = "ToTA" if scale == 0 else f"{scale}x"
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    partitions = args.partitions_per_worker * 2
    print(
        f"\n== {name}: {len(texts):,} documents, {megabytes:.1f} MB, {partitions} partitions "
        f"(load average {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    row: dict = {"corpus": name, "documents": len(texts)}

    reset_peak_rss()
    times, cpus = [], []
    for _ in range(args.repeat):
        expected = None
        t0, c0 = time.perf_counter(), time.process_time()
        single = tsk.TfidfVectorizer(n_jobs=2)
        expected = single.fit_transform(texts)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    row["single"], row["single_cpu"] = min(times), min(cpus)
    print(
        f"single process fit_transform (n_jobs=2): {row['single']:.2f} s "
        f"(CPU {row['single_cpu']:.2f} s), peak {fmt_bytes(peak_rss())}, "
        f"{expected.shape[1]:,} terms, nnz {expected.nnz:,}",
        flush=True,
    )

    with tempfile.TemporaryDirectory(prefix="dask-scale-") as folder:
        paths = _write_corpus(texts, Path(folder), partitions)
        # The same job in one process, from the files the cluster reads (the baseline above
        # starts from texts already in memory, which the cluster cannot): as a str per line,
        # then as TextLines (the bytes, read in place, as read_lines gives them).
        readers = {
            "single_files": ("", lambda: _read_lines(paths)),
            "single_lines": (" as TextLines", lambda: TextLines(_read_bytes(paths))),
        }
        for key, (how, read) in readers.items():
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                from_files = tsk.TfidfVectorizer(n_jobs=2).fit_transform(read())
                times.append(time.perf_counter() - t0)
            row[key] = min(times)
            print(
                f"single process reading the files{how}, then fit_transform (n_jobs=2): "
                f"{row[key]:.2f} s; identical: {_identical(from_files, expected)}",
                flush=True,
            )
            del from_files
        bag = db.read_text(paths, blocksize=None).map(_strip_newline)
        with dask.config.set(scheduler=client.get):
            # dask's read_text (a str per line) first, then treatytext.dask.read_lines.
            text_time, _, _, X, _ = _timed_dask_fit_transform(bag, client, args)
            row["dask_read_text"] = text_time
            print(
                f"dask fit_transform on read_text (2 workers x 1 thread), persisted: "
                f"{text_time:.2f} s ({text_time / row['single']:.2f} x single, "
                f"{text_time / row['single_files']:.2f} x single reading the files)",
                flush=True,
            )
            del X
            bag_lines = tdask.read_lines(paths)
            row["dask"], row["dask_cpu"], fit_time, X, est = _timed_dask_fit_transform(
                bag_lines, client, args
            )
            peaks = _worker_peaks(client)
            t0 = time.perf_counter()
            gathered = X.compute()
            gather = time.perf_counter() - t0
            same = _identical(gathered, expected) and est.vocabulary_ == single.vocabulary_
            del gathered
            predicted, formula = _predicted_peak(expected, texts, partitions, baseline)
            print(
                f"dask fit_transform on read_lines (2 workers x 1 thread), persisted: "
                f"{row['dask']:.2f} s (pass 1 + merge + fit {fit_time:.2f} s, "
                f"pass 2 {row['dask'] - fit_time:.2f} s;"
                f" CPU: workers {row['dask_cpu'][0]:.2f} s, client and scheduler "
                f"{row['dask_cpu'][1]:.2f} s), ratio {row['dask'] / row['single']:.2f} x single "
                f"({row['dask'] / row['single_files']:.2f} x single reading the files, "
                f"{row['dask'] / row['single_lines']:.2f} x single reading them as TextLines); "
                f"gathering the matrix to the client {gather:.2f} s more "
                f"({(row['dask'] + gather) / row['single']:.2f} x single with it); "
                f"identical to single: {same}",
                flush=True,
            )
            print(
                f"  peak per worker {' / '.join(map(fmt_bytes, peaks))}; formula {formula}",
                flush=True,
            )
            row["dask_peak"], row["predicted_peak"] = max(peaks), predicted
            row["gather"] = gather
            daskml_scales = {int(x) for x in args.daskml_scales.split(",") if x != ""}
            if not args.skip_daskml and scale in daskml_scales:
                row.update(_daskml(bag, texts, expected, row, client))
            if not args.skip_topk and scale == args.topk_scale:
                row.update(_topk(X, expected, client))
            del X
    return row


def _timed_dask_fit_transform(bag, client, args) -> tuple:
    """Best of ``args.repeat`` fit_transform + persist of ``bag`` on the cluster: (seconds,
    (workers' CPU s, client's CPU s), seconds to the end of the fit, X persisted, estimator)."""
    import distributed
    from treatytext import dask as tdask

    times, cpus, fits = [], [], []
    X = est = None
    for _ in range(args.repeat):
        X = None
        _wait_released(client)
        client.run(reset_peak_rss)
        w0, c0 = _worker_cpu(client), time.process_time()
        t0 = time.perf_counter()
        est = tdask.TfidfVectorizer()
        X = est.fit_transform(bag)
        t1 = time.perf_counter()
        X = X.persist()
        distributed.wait(X)
        times.append(time.perf_counter() - t0)
        fits.append(t1 - t0)
        cpus.append((_worker_cpu(client) - w0, time.process_time() - c0))
    best = int(np.argmin(times))
    return times[best], cpus[best], fits[best], X, est


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
    parser.add_argument(
        "--daskml-scales", default="0", help="corpora of the dask-ml step (comma list; slow)"
    )
    parser.add_argument("--skip-topk", action="store_true")
    parser.add_argument("--repeat", type=int, default=2, help="best of this many runs")
    parser.add_argument("--quick", action="store_true", help="3,000 articles only")
    parser.add_argument("--tota", default=None, help="folder of pta_*.xml files")
    parser.add_argument(
        "--malloc-trim-threshold",
        type=int,
        default=None,
        help="the workers' MALLOC_TRIM_THRESHOLD_ (default: distributed's, 65536, with which glibc "
        "returns freed memory at once and each task faults its buffers in again)",
    )
    args = parser.parse_args()

    import dask
    import distributed

    articles = tota_articles(args.tota)
    if args.quick:
        articles = articles[:3000]
    print(f"CPU: {cpu_description()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    trim = "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"
    if args.malloc_trim_threshold is not None:
        dask.config.set({trim: args.malloc_trim_threshold})
    print(f"workers' MALLOC_TRIM_THRESHOLD_: {dask.config.get(trim, 'unset')}")
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
        fixed_overhead(articles, args, client)
        for scale in (int(s) for s in args.scales.split(",")):
            rows.append(run(scale, articles, args, client, max(baseline)))
    finally:
        client.close()
        cluster.close()
    print(
        "\ndask s: treatytext.dask on read_lines (on dask's read_text in its own column); single"
        " from files: one process reading the same files (str lines / TextLines)"
    )
    print(
        "corpus      documents   single s   dask s   ratio   +gather  CPU single / dask"
        "   dask-ml s   dask-ml/dask   peak/worker (formula)   single from files s   ratio"
        "   dask on read_text s"
    )
    for r in rows:
        daskml = r.get("daskml", float("nan"))
        cpu = sum(r["dask_cpu"])
        print(
            f"{r['corpus']:<10} {r['documents']:>10,} {r['single']:>10.2f} {r['dask']:>8.2f} "
            f"{r['dask'] / r['single']:>7.2f} {(r['dask'] + r['gather']) / r['single']:>8.2f} "
            f"{r['single_cpu']:>8.2f} / {cpu:<6.2f} {daskml:>11.2f} {daskml / r['dask']:>14.1f}"
            f"   {fmt_bytes(r['dask_peak'])} ({fmt_bytes(r['predicted_peak'])})"
            f"   {r['single_files']:.2f} / {r['single_lines']:.2f}   "
            f"{r['dask'] / r['single_files']:.2f} / {r['dask'] / r['single_lines']:.2f}"
            f"   {r['dask_read_text']:.2f}"
        )
    for r in rows:
        if "topk_dask" in r:
            print(
                f"top-10 all pairs on {r['corpus']}: single {r['topk_single']:.2f} s, dask "
                f"{r['topk_dask']:.2f} s, ratio {r['topk_dask'] / r['topk_single']:.2f}"
            )


if __name__ == "__main__":
    main()
