"""Exact text reuse on the ToTA agreements: treatytext.reuse.find against datasketch's
MinHashLSH and against naive Python sets; then the passages of every pair found.

    PYTHONPATH=python python benchmarks/reuse.py              # all 300 agreements, whole texts
    PYTHONPATH=python python benchmarks/reuse.py --limit 60   # a smoke run
    PYTHONPATH=python python benchmarks/reuse.py --articles --threshold 0.3   # exact vs minhash

Same shingles everywhere: the distinct 5-character q-grams of treatytext.reuse.normalize of
each agreement's text (Python slices for the naive sets and datasketch). Methods:

* treatytext ``find(texts, q=5, threshold=0.5)`` (exact Jaccard >= 0.5), 1 and ``--jobs``
  threads, from the raw texts (normalization and shingling included);
* treatytext ``find(..., method="minhash")``: MinHash/LSH candidates (128 permutations, the
  bands datasketch chooses for the threshold; and with ``false_negative_weight=0.95``), each
  verified exactly, 1 and ``--jobs`` threads;
* naive Python sets: the shingle sets built in Python, ``len(a & b)`` for every pair;
* datasketch ``MinHash(num_perm=128)`` per text (``update_batch`` of the UTF-8 shingles: the
  time includes building every MinHash, the Python shingle sets are shared with the naive
  run and timed apart), ``MinHashLSH(threshold=0.5, num_perm=128)``, insert all, query each.

``--articles`` instead compares the exact search with minhash on the agreements' article units
(about 22,000 texts): the case the LSH is for, many short, mutually similar texts at a low
threshold, where the exact search's candidates run to the hundreds of millions.

Recall and precision of each answer against the exact one; peak memory is the kernel's high
water mark (VmHWM, reset before each step, see ``_measure.py``) minus the RSS before it.
Wall times on a shared machine are noisy; CPU seconds (all threads) are printed beside them.
Targets (informative, never a test): find >= 20x datasketch's time with recall 1.0; passages of
every pair found in under a minute.
"""

from __future__ import annotations

import argparse
import itertools
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import MB, current_rss, peak_rss, reset_peak_rss  # noqa: E402
from treatytext import datasets, reuse  # noqa: E402


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def measured(label: str, work, repeat: int = 1):
    """Runs work() `repeat` times: prints the best wall time with that run's CPU time, and the
    peak-memory growth; returns its result. Calls of a second or less are repeated (timeit's
    habit): the first call of a process also pays for faulting in fresh heap pages."""
    reset_peak_rss()
    before = current_rss()
    best = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if best is None or wall < best[0]:
            best = (wall, cpu)
    wall, cpu = best
    growth = max(0, peak_rss() - before) / MB
    if repeat > 1:
        label = f"{label} (best of {repeat})"
    print(f"  {label:<46} {wall:8.2f} s wall {cpu:8.2f} s CPU {growth:8.0f} MiB peak growth")
    return result, wall, cpu


def quality(found: set, exact: set) -> str:
    hit = len(found & exact)
    recall = hit / len(exact) if exact else 1.0
    precision = hit / len(found) if found else 1.0
    return f"recall {recall:.4f}  precision {precision:.4f}  ({len(found)} pairs, {hit} exact)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N agreements")
    parser.add_argument("--jobs", type=int, default=2, help="threads for the parallel runs (2)")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--skip-naive", action="store_true", help="skip the all-pairs Python sets")
    parser.add_argument(
        "--articles", action="store_true", help="only exact vs minhash on the article units"
    )
    args = parser.parse_args()
    if args.articles:
        articles(args)
        return

    corpus = datasets.load_tota(limit=args.limit, progress=False)
    texts = [d.text for d in corpus.documents]
    names = [d.name for d in corpus.documents]
    dates = [d.metadata.get("date_signed") for d in corpus.documents]
    t = args.threshold
    print(
        f"CPU: {cpu_model()}; {len(texts)} ToTA agreements, "
        f"{sum(map(len, texts)) / 1e6:.1f} M characters"
    )
    print(f"Jaccard of 5-character q-gram sets >= {t}")

    print("treatytext.reuse.find (exact):")
    exact_frame, find_wall, find_cpu = measured(
        "find, 1 thread",
        lambda: reuse.find(texts, q=5, threshold=t, names=names, dates=dates),
        repeat=3,
    )
    parallel, find_wall_jobs, _ = measured(
        f"find, {args.jobs} threads",
        lambda: reuse.find(texts, q=5, threshold=t, n_jobs=args.jobs),
        repeat=3,
    )
    exact = set(zip(exact_frame["i"], exact_frame["j"], strict=True))
    assert exact == set(zip(parallel["i"], parallel["j"], strict=True))
    stats = exact_frame.stats
    n_pairs = len(texts) * (len(texts) - 1) // 2
    print(
        f"  {len(exact)} pairs of {n_pairs}; {stats['candidates']} intersected, "
        f"{n_pairs - stats['candidates']} skipped by the prefix and size bounds; "
        f"{stats['distinct_shingles']} distinct shingles"
    )

    print("treatytext.reuse.find (method='minhash', 128 permutations):")
    minhash_cpu = {}
    for weight in (0.5, 0.95):

        def lsh_find(jobs, weight=weight):
            return reuse.find(
                texts,
                q=5,
                threshold=t,
                method="minhash",
                num_perm=128,
                false_negative_weight=weight,
                n_jobs=jobs,
            )

        label = f"false_negative_weight {weight}"
        one, _, minhash_cpu[weight] = measured(f"{label}, 1 thread", lambda: lsh_find(1), repeat=3)
        many, _, _ = measured(
            f"{label}, {args.jobs} threads", lambda: lsh_find(args.jobs), repeat=3
        )
        found = set(zip(one["i"], one["j"], strict=True))
        assert found == set(zip(many["i"], many["j"], strict=True))
        print(
            f"  {one.stats['bands']} bands x {one.stats['rows']} rows; "
            f"{one.stats['candidates']} candidates verified; {quality(found, exact)}"
        )

    print("Python shingle sets (shared by the naive run and datasketch):")

    def python_sets():
        sets = []
        for text in texts:
            normalized, _ = reuse.normalize(text)
            sets.append({normalized[i : i + 5] for i in range(len(normalized) - 4)})
        return sets

    sets, sets_wall, sets_cpu = measured("normalize + Python sets of q-grams", python_sets)
    sizes = stats["set_sizes"]
    assert all(len(s) == n for s, n in zip(sets, sizes, strict=True)), "the shingle sets differ"

    if not args.skip_naive:
        print("naive Python sets, every pair:")

        def naive():
            found = set()
            for i, j in itertools.combinations(range(len(sets)), 2):
                common = len(sets[i] & sets[j])
                if common / (len(sets[i]) + len(sets[j]) - common or 1) >= t:
                    found.add((i, j))
            return found

        naive_found, naive_wall, naive_cpu = measured("all pairs len(a & b)", naive)
        print(f"  {quality(naive_found, exact)}")
        print(f"  naive (sets + pairs) / find: {(sets_wall + naive_wall) / find_wall:.1f}x wall")

    print("datasketch MinHashLSH (128 permutations, threshold 0.5):")
    from datasketch import MinHash, MinHashLSH

    def minhashes():
        hashes = []
        for s in sets:
            m = MinHash(num_perm=128)
            m.update_batch([g.encode("utf-8") for g in s])
            hashes.append(m)
        return hashes

    signatures, mh_wall, mh_cpu = measured("MinHash of every set", minhashes)

    def lsh_pairs():
        lsh = MinHashLSH(threshold=t, num_perm=128)
        for k, m in enumerate(signatures):
            lsh.insert(k, m)
        found = set()
        for k, m in enumerate(signatures):
            for other in lsh.query(m):
                if other != k:
                    found.add((min(k, other), max(k, other)))
        return found

    lsh_found, lsh_wall, lsh_cpu = measured("MinHashLSH insert + query", lsh_pairs)
    print(f"  {quality(lsh_found, exact)}")
    sketch_wall = sets_wall + mh_wall + lsh_wall
    sketch_cpu = sets_cpu + mh_cpu + lsh_cpu
    print(
        f"  datasketch total (Python sets + MinHash + LSH): {sketch_wall:.2f} s wall, "
        f"{sketch_cpu:.2f} s CPU"
    )
    print(
        f"  datasketch / find: {sketch_wall / find_wall:.1f}x wall, "
        f"{sketch_cpu / find_cpu:.1f}x CPU (1 thread); "
        f"{sketch_wall / find_wall_jobs:.1f}x wall ({args.jobs} threads)"
    )
    both, one = sketch_wall / find_wall_jobs, sketch_cpu / find_cpu
    print(
        f"  target >= 20x datasketch: {'PASS' if both >= 20 else 'MISS'} with {args.jobs} threads "
        f"(wall, {both:.1f}x); {'PASS' if one >= 20 else 'MISS'} on one thread (CPU, {one:.1f}x)"
    )
    print(
        f"  datasketch without the shared Python sets (MinHash + LSH only) / find: "
        f"{(mh_wall + lsh_wall) / find_wall:.1f}x wall"
    )
    print(
        f"  datasketch / find(method='minhash'): {sketch_cpu / minhash_cpu[0.5]:.1f}x CPU "
        f"(1 thread, same bands), {sketch_cpu / minhash_cpu[0.95]:.1f}x CPU (weight 0.95)"
    )

    print(f"passages of the {len(exact)} pairs (min_words=6, {args.jobs} threads):")
    (passages, pairs), p_wall, _ = measured(
        "all_passages", lambda: exact_frame.all_passages(6, n_jobs=args.jobs)
    )
    print(
        f"  {len(passages)} passages; mean coverage {pairs['coverage_a'].mean():.3f} / "
        f"{pairs['coverage_b'].mean():.3f}   target < 60 s: {'PASS' if p_wall < 60 else 'MISS'}"
    )
    (clusters), c_wall, _ = measured(
        "clusters (passages again + single link)",
        lambda: exact_frame.clusters(12, n_jobs=args.jobs),
    )
    print(f"  {clusters['cluster'].nunique()} clusters of passages of >= 12 words")


def articles(args) -> None:
    """find, exact and minhash, on the article units of the agreements, one thread."""
    units = datasets.load_tota_units("article", limit=args.limit, progress=False)
    t = args.threshold
    print(f"CPU: {cpu_model()}; {len(units)} ToTA article units; Jaccard of 5-grams >= {t}")
    exact_frame, _, exact_cpu = measured(
        "find exact, 1 thread", lambda: reuse.find(units, q=5, threshold=t)
    )
    exact = set(zip(exact_frame["i"], exact_frame["j"], strict=True))
    print(f"  {len(exact)} pairs; {exact_frame.stats['candidates']} candidates intersected")
    for weight in (0.5, 0.95):
        found_frame, _, cpu = measured(
            f"find minhash, false_negative_weight {weight}",
            lambda weight=weight: reuse.find(
                units, q=5, threshold=t, method="minhash", false_negative_weight=weight
            ),
        )
        found = set(zip(found_frame["i"], found_frame["j"], strict=True))
        stats = found_frame.stats
        print(
            f"  {stats['bands']} x {stats['rows']}; {stats['candidates']} candidates; "
            f"{quality(found, exact)}; exact / minhash {exact_cpu / cpu:.1f}x CPU"
        )


if __name__ == "__main__":
    main()
