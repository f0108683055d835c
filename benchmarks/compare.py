"""treatytext against scikit-learn and gensim, on the same input, in one command.

    PYTHONPATH=python python benchmarks/compare.py            # ToTA + synthetic 10x
    PYTHONPATH=python python benchmarks/compare.py --quick    # a subsample, for a smoke run

Corpora: (a) the ToTA articles (one document per ``<article>``, ``--tota`` or
``$TREATYTEXT_CORPORA/tota/xml``); (b) a synthetic corpus ``--scale`` times its size, resampled
from the ToTA articles with word-level noise (see ``corpus.py`` for the recipe).

Steps, each timed in this process on the same Python objects (so ratios come from one run):
* tokenize + count: ``wc -w`` and ``LC_ALL=C wc -w`` on the same bytes (the floor for one pass
  over the text), treatytext.counting.count on one thread, scikit-learn CountVectorizer;
* tf-idf fit_transform: scikit-learn TfidfVectorizer, treatytext.sklearn.TfidfVectorizer
  (n_jobs 1 and --jobs), treatytext.vectorizer.Vectorizer, gensim (regex tokens as
  scikit-learn's token_pattern + Dictionary + TfidfModel with scikit-learn's smooth idf);
* top-k cosine (k = 10) over scikit-learn's tf-idf matrix: NearestNeighbors(metric='cosine',
  algorithm='brute', n_jobs=--jobs), treatytext.similarity.top_k (1 and --jobs threads),
  gensim SparseMatrixSimilarity with num_best. ToTA: all pairs. Synthetic: all pairs for
  treatytext alone, and ``--queries`` random rows against all rows for every library (scikit-learn
  all-pairs would take about half an hour there).

Peak memory: each step again, once, in a fresh subprocess (see ``_measure.py``: kernel VmHWM
reset just before the step; "peak" includes the loaded inputs, "growth" is what the step added).
Checks: treatytext's tf-idf against scikit-learn's (vocabulary, structure, max |diff|) and its
top-10 against scikit-learn's brute force (rows identical / differing only in ties / beyond).
Targets are printed PASS/MISS; they are informative, never a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from _measure import (  # noqa: E402
    MB,
    Timing,
    compact_vocabulary_bytes,
    compare_neighbours,
    cpu_description,
    csr_bytes,
    current_rss,
    fmt_bytes,
    peak_rss,
    reset_peak_rss,
    same_tfidf,
    timed,
)
from _steps import STEPS, Inputs, TfidfResult  # noqa: E402

COUNT_STEPS = ["tt_count_1", "sk_count"]
TFIDF_STEPS = ["sk_tfidf", "tt_tfidf_1", "tt_tfidf", "tt_native", "gs_tfidf"]
TOPK_STEPS = ["sk_topk", "tt_topk_1", "tt_topk", "gs_topk"]


# --- the memory worker (a fresh process per step) ------------------------------------------


def _load_inputs(workdir: Path, jobs: int, k: int, with_queries: bool) -> Inputs:
    with open(workdir / "docs.pkl", "rb") as f:
        docs = pickle.load(f)
    x = sp.load_npz(workdir / "x.npz").tocsr() if (workdir / "x.npz").exists() else None
    q = workdir / "queries.npy"
    queries = np.load(q) if with_queries and q.exists() else None
    return Inputs(docs=docs, x=x, queries=queries, k=k, jobs=jobs)


def worker(args: argparse.Namespace) -> None:
    step = STEPS[args.worker]
    inp = _load_inputs(Path(args.workdir), args.jobs, args.k, args.with_queries)
    run = step.prepare(inp)
    import gc

    gc.collect()
    method = reset_peak_rss()
    before = current_rss()
    t0 = time.perf_counter()
    result = run()
    wall = time.perf_counter() - t0
    peak = peak_rss()
    out = {"peak": peak, "before": before, "growth": peak - before, "method": method, "wall": wall}
    if isinstance(result, TfidfResult):
        out["matrix_bytes"] = csr_bytes(result.matrix)
        out["vocabulary_bytes_engine"] = result.vocabulary_bytes
        out["vocabulary_bytes_dict"] = result.vocabulary_dict_bytes
        out["vocabulary_bytes_compact"] = compact_vocabulary_bytes(result.terms)
        out["terms"] = len(result.terms)
        out["nnz"] = int(result.matrix.nnz)
    print("RESULT " + json.dumps(out))


def measure_memory(name: str, workdir: Path, args: argparse.Namespace, with_queries: bool) -> dict:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        name,
        "--workdir",
        str(workdir),
        "--jobs",
        str(args.jobs),
        "--k",
        str(args.k),
    ]
    if with_queries:
        cmd.append("--with-queries")
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    return {"error": (proc.stderr.strip().splitlines() or ["no output"])[-1]}


# --- one corpus ----------------------------------------------------------------------------


def time_wc(path: Path, repeat: int) -> dict:
    out = {}
    utf8 = os.environ.get("LC_ALL") or os.environ.get("LC_CTYPE") or os.environ.get("LANG") or ""
    if "utf" not in utf8.lower().replace("-", ""):
        utf8 = "C.UTF-8"
    for label, locale in (("wc -w", utf8), ("LC_ALL=C wc -w", "C")):
        env = dict(os.environ, LC_ALL=locale)
        timing = Timing()
        words = None
        for _ in range(max(repeat, 5)):
            c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            proc = subprocess.run(
                ["wc", "-w", str(path)], env=env, capture_output=True, text=True, check=True
            )
            t1 = time.perf_counter()
            c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            timing.wall.append(t1 - t0)
            timing.cpu.append(c1.ru_utime + c1.ru_stime - c0.ru_utime - c0.ru_stime)
            words = int(proc.stdout.split()[0])
        out[label] = {"timing": timing, "words": words, "locale": locale}
    return out


def wanted(name: str, args: argparse.Namespace) -> bool:
    """Whether a step runs: --skip-gensim and --steps filter; sk_tfidf always runs (it is the
    reference and yields the top-k input)."""
    if name == "sk_tfidf":
        return True
    if name.startswith("gs_") and args.skip_gensim:
        return False
    return not args.steps or name in args.steps.split(",")


def run_step(name: str, inp: Inputs, args: argparse.Namespace, log: dict):
    step = STEPS[name]
    load = os.getloadavg()[0]  # other work on the machine when the step starts
    try:
        run = step.prepare(inp)
        result, timing = timed(run, args.repeat)
    except Exception as exc:  # a stage not merged yet, or a failure worth reporting
        log[name] = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0][:200]}
        if args.verbose:
            traceback.print_exc()
        return None
    log[name] = {"timing": timing, "threads": step.threads(inp), "note": step.note, "load": load}
    print(
        f"  {name:<12} {timing.best:9.3f} s  (x{len(timing.wall)}, spread "
        f"{100 * timing.spread:.0f}%, {timing.cores:.2f} cores, load {load:.1f})",
        flush=True,
    )
    return result


def bench_corpus(label: str, docs: list[str], args: argparse.Namespace, queries: int | None):
    print(f"\n== {label}: {len(docs)} documents", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="treatytext-bench-"))
    out: dict = {"label": label, "documents": len(docs), "steps": {}, "memory": {}, "checks": {}}
    try:
        text = corpus.corpus_bytes(docs)
        (workdir / "text.txt").write_bytes(text)
        out["bytes"] = len(text)
        with open(workdir / "docs.pkl", "wb") as f:
            pickle.dump(docs, f, protocol=pickle.HIGHEST_PROTOCOL)
        del text
        out["wc"] = time_wc(workdir / "text.txt", args.repeat)
        for key, v in out["wc"].items():
            print(f"  {key:<16} {v['timing'].best:7.3f} s  {v['words']} words", flush=True)

        inp = Inputs(docs=docs, k=args.k, jobs=args.jobs)
        steps = out["steps"]
        results = {}
        for name in COUNT_STEPS + TFIDF_STEPS:
            if not wanted(name, args):
                continue
            r = run_step(name, inp, args, steps)
            if isinstance(r, TfidfResult):
                results[name] = r
            if name == "gs_tfidf" and r is not None:
                out["gensim_terms"] = len(r[1])
            del r
        if "sk_tfidf" not in results:
            raise RuntimeError("scikit-learn tf-idf failed; cannot go on")
        x = results["sk_tfidf"].matrix.tocsr()
        out["matrix"] = {"shape": list(x.shape), "nnz": int(x.nnz)}
        sp.save_npz(workdir / "x.npz", x, compressed=False)
        checks = out["checks"]
        if "tt_tfidf" in results:
            sk = results["sk_tfidf"]
            checks["tfidf_vs_sklearn"] = same_tfidf(
                results["tt_tfidf"].matrix, results["tt_tfidf"].vocabulary, sk.matrix, sk.vocabulary
            )
        if "tt_tfidf" in results and "tt_tfidf_1" in results:
            a, b = results["tt_tfidf_1"].matrix, results["tt_tfidf"].matrix
            checks["tfidf_jobs_identical"] = bool(
                a.shape == b.shape
                and (a != b).nnz == 0
                and results["tt_tfidf_1"].terms == results["tt_tfidf"].terms
            )
        results.clear()

        # top-k: all pairs, or query rows against all rows.
        n = x.shape[0]
        if queries is not None and queries < n:
            rng = np.random.Generator(np.random.PCG64(corpus.SEED))
            q = np.sort(rng.choice(n, size=queries, replace=False)).astype(np.int64)
            np.save(workdir / "queries.npy", q)
        else:
            q = None
        out["topk_queries"] = n if q is None else int(q.size)
        topk = {}
        if q is not None and wanted("tt_topk", args):
            # treatytext alone on all pairs (the others would take too long here).
            full = Inputs(docs=[], x=x, k=args.k, jobs=args.jobs)
            r = run_step("tt_topk", full, args, out.setdefault("steps_allpairs", {}))
            del r
        inp_k = Inputs(docs=[], x=x, queries=q, k=args.k, jobs=args.jobs)
        for name in TOPK_STEPS:
            if not wanted(name, args):
                continue
            r = run_step(name, inp_k, args, steps)
            if r is not None:
                topk[name] = r
        rows = np.arange(n) if q is None else q
        if "tt_topk" in topk and "sk_topk" in topk:
            checks["topk_vs_sklearn"] = compare_neighbours(
                x, rows, topk["tt_topk"].indices, topk["sk_topk"].indices
            )
        if "gs_topk" in topk and "sk_topk" in topk:
            checks["gensim_topk_vs_sklearn"] = compare_neighbours(
                x, rows, topk["gs_topk"].indices, topk["sk_topk"].indices, tol=1e-6
            )
        if "tt_topk" in topk and "tt_topk_1" in topk:
            a, b = topk["tt_topk_1"], topk["tt_topk"]
            checks["topk_jobs_identical"] = bool(
                np.array_equal(a.indices, b.indices)
                and np.array_equal(a.scores, b.scores, equal_nan=True)
            )
        topk.clear()

        if not args.no_memory:
            print("  peak memory (fresh subprocess per step) ...", flush=True)
            for name in COUNT_STEPS + TFIDF_STEPS + TOPK_STEPS:
                if "error" in steps.get(name, {"error": 1}):
                    continue
                topk_step = name in TOPK_STEPS
                out["memory"][name] = measure_memory(name, workdir, args, topk_step)
            if q is not None and "tt_topk" in out.get("steps_allpairs", {}):
                out["memory_allpairs"] = {
                    "tt_topk": measure_memory("tt_topk", workdir, args, False)
                }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return out


# --- report --------------------------------------------------------------------------------


def _t(steps: dict, name: str) -> float | None:
    s = steps.get(name, {})
    return s["timing"].best if "timing" in s else None


def print_corpus(res: dict) -> None:
    steps, mem = res["steps"], res["memory"]
    mb = res["bytes"] / 1e6
    print(
        f"\n== {res['label']}: {res['documents']} documents, {mb:.1f} MB UTF-8, "
        f"{res['wc']['wc -w']['words']} words (wc -w); tf-idf {res['matrix']['shape'][0]} x "
        f"{res['matrix']['shape'][1]}, nnz {res['matrix']['nnz']}; top-{res.get('k', 10)} for "
        f"{res['topk_queries']} query rows"
    )
    head = (
        f"  {'step':<12} {'library / what':<44} {'jobs':>4} {'cores':>5} {'load':>4} {'best s':>8} "
        f"{'spread':>7} {'MB/s':>7} {'ratio':>8} {'peak RSS':>9} {'growth':>8}"
    )
    print(head)
    wc = res["wc"]["wc -w"]["timing"].best
    for key, v in res["wc"].items():
        t = v["timing"]
        print(
            f"  {'wc':<12} {key + ' (' + v['locale'] + ')':<44} {1:>4} {t.cores:>5.2f} {'':>4} "
            f"{t.best:>8.3f} {100 * t.spread:>6.0f}% {mb / t.best:>7.0f} {'':>8}"
        )
    refs = {
        "count": ("wc -w", wc),
        "tfidf": ("sk_tfidf", _t(steps, "sk_tfidf")),
        "topk": ("sk_topk", _t(steps, "sk_topk")),
    }
    for name in COUNT_STEPS + TFIDF_STEPS + TOPK_STEPS:
        if name not in steps:
            continue
        s, step = steps[name], STEPS[name]
        what = f"{step.library}: {step.note}"[:44]
        if "error" in s:
            print(f"  {name:<12} {what:<44} unavailable: {s['error'][:70]}")
            continue
        t = s["timing"]
        ref = refs[step.task][1]
        if step.task == "count":
            ratio = f"{t.best / ref:.2f}xwc"
        else:
            ratio = f"{ref / t.best:.1f}x" if ref else "-"
        rate = f"{mb / t.best:.0f}" if step.task != "topk" else ""
        m = mem.get(name, {})
        print(
            f"  {name:<12} {what:<44} {s['threads']:>4} {t.cores:>5.2f} {s['load']:>4.1f} "
            f"{t.best:>8.3f} "
            f"{100 * t.spread:>6.0f}% {rate:>7} {ratio:>8} {fmt_bytes(m.get('peak')):>9} "
            f"{fmt_bytes(m.get('growth')):>8}"
        )
    for name, s in res.get("steps_allpairs", {}).items():
        if "timing" in s:
            m = res.get("memory_allpairs", {}).get(name, {})
            print(
                f"  {name:<12} {'treatytext: top_k, ALL pairs':<44} {s['threads']:>4} "
                f"{s['timing'].cores:>5.2f} {s['load']:>4.1f} {s['timing'].best:>8.3f} "
                f"{100 * s['timing'].spread:>6.0f}% {'':>7} {'':>8} "
                f"{fmt_bytes(m.get('peak')):>9} {fmt_bytes(m.get('growth')):>8}"
            )
    print(
        "  ratio: reference time / step time (reference: sk_tfidf, sk_topk); for counting, "
        "step time / wc -w time; cores: CPU / wall seconds of the best run; load: 1-minute "
        "load average when the step started (2 = both cores already busy)"
    )
    for key, value in res["checks"].items():
        print(f"  check {key}: {value}")
    methods = {m.get("method") for m in mem.values() if "method" in m}
    errors = {k: m["error"] for k, m in mem.items() if "error" in m}
    if methods:
        print(f"  memory method: {', '.join(sorted(methods))}")
    if errors:
        print(f"  memory errors: {errors}")
    fit = {}
    for name in ("tt_native", "tt_tfidf", "sk_tfidf"):
        m = mem.get(name, {})
        if "matrix_bytes" in m:
            # The engine's own figure when the object reports it (what its vocabulary holds,
            # hash table included); else the fitted vocabulary_ dict as it sits in memory
            # (scikit-learn's contract); else an estimate of the compact layout.
            if m["vocabulary_bytes_engine"]:
                vocab, src = m["vocabulary_bytes_engine"], "engine"
            elif m.get("vocabulary_bytes_dict"):
                vocab, src = m["vocabulary_bytes_dict"], "vocabulary_ dict"
            else:
                vocab, src = m["vocabulary_bytes_compact"], "compact estimate"
            final = m["matrix_bytes"] + vocab
            fit[name] = m["growth"] / final
            print(
                f"  fit memory {name}: growth {fmt_bytes(m['growth'])} vs final matrix "
                f"{fmt_bytes(m['matrix_bytes'])} + vocabulary {vocab / MB:.1f} MiB ({src}, "
                f"{m['terms']} terms) = {fmt_bytes(final)}: {fit[name]:.2f}x"
            )
    res["fit_ratio"] = fit


def targets(tota: dict) -> list[tuple[str, str, str]]:
    steps, mem, checks = tota["steps"], tota["memory"], tota["checks"]
    out = []

    def verdict(ok: bool | None) -> str:
        return "n/a " if ok is None else ("PASS" if ok else "MISS")

    sk, tt = _t(steps, "sk_tfidf"), _t(steps, "tt_tfidf")
    r = sk / tt if sk and tt else None
    same = checks.get("tfidf_vs_sklearn", {})
    out.append(
        (
            verdict(None if r is None else r >= 18),
            "tf-idf fit_transform >= 18x scikit-learn, both cores",
            "-"
            if r is None
            else f"{r:.1f}x ({sk:.3f} s / {tt:.3f} s); same vocabulary "
            f"{same.get('same_vocabulary')}, max |diff| {same.get('max_abs_diff')}",
        )
    )
    wc, c1 = tota["wc"]["wc -w"]["timing"].best, _t(steps, "tt_count_1")
    wcc = tota["wc"]["LC_ALL=C wc -w"]["timing"].best
    r = c1 / wc if c1 else None
    out.append(
        (
            verdict(None if r is None else r <= 2),
            "single-thread tokenize+count within 2x of wc -w",
            "-"
            if r is None
            else f"{r:.2f}x wc -w ({c1:.3f} s / {wc:.3f} s); "
            f"{c1 / wcc:.2f}x LC_ALL=C wc -w ({wcc:.3f} s)",
        )
    )
    sk, tt = _t(steps, "sk_topk"), _t(steps, "tt_topk")
    r = sk / tt if sk and tt else None
    nb = checks.get("topk_vs_sklearn", {})
    peak = mem.get("tt_topk", {}).get("peak")
    ok = (
        None
        if r is None
        else (r >= 20 and nb.get("beyond_ties") == 0 and (peak is None or peak <= 1024 * MB))
    )
    out.append(
        (
            verdict(ok),
            "all-pairs top-10 >= 20x sklearn brute n_jobs=2, same, <= 1 GB",
            "-"
            if r is None
            else f"{r:.1f}x ({sk:.2f} s / {tt:.3f} s); rows differing "
            f"beyond ties {nb.get('beyond_ties')} of {nb.get('rows')} (ties only "
            f"{nb.get('ties_only')}); peak {fmt_bytes(peak)}",
        )
    )
    g = [_t(steps, "gs_tfidf"), _t(steps, "gs_topk")]
    t = [_t(steps, "tt_tfidf"), _t(steps, "tt_topk")]
    r = sum(g) / sum(t) if all(g) and all(t) else None
    out.append(
        (
            verdict(None if r is None else r >= 50),
            "gensim pipeline (tf-idf + top-10) >= 50x",
            "-" if r is None else f"{r:.1f}x ({sum(g):.2f} s / {sum(t):.3f} s)",
        )
    )
    fits = tota.get("fit_ratio", {})
    f = fits.get("tt_native")
    out.append(
        (
            verdict(None if f is None else f <= 2),
            "peak RSS growth while fitting <= 2x (matrix + vocabulary)",
            "-" if f is None else f"{f:.2f}x (treatytext.vectorizer.Vectorizer from Python)",
        )
    )
    return out


def search_description() -> str:
    """Which pruned search top_k runs here: with AMX tiles or with the projection bounds."""
    from treatytext.similarity import tiles_usable

    if tiles_usable():
        return "AMX tiles used by the pruned search (up to 150,000 rows of Y)"
    return "no AMX tiles here (or TREATYTEXT_SIMD says otherwise): projection-bound search"


def versions() -> str:
    parts = [f"python {platform.python_version()}"]
    for mod in ("numpy", "scipy", "sklearn", "gensim", "treatytext"):
        try:
            parts.append(f"{mod} {__import__(mod).__version__}")
        except Exception:
            parts.append(f"{mod} missing")
    return ", ".join(parts)


def _jsonable(obj):
    if isinstance(obj, Timing):
        return {"wall": obj.wall, "cpu": obj.cpu, "best": obj.best, "cores": obj.cores}
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.generic):
        return obj.item()
    return obj


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--tota",
        type=Path,
        default=None,
        help="ToTA xml folder (default $TREATYTEXT_CORPORA/tota/xml)",
    )
    p.add_argument("--quick", action="store_true", help="2,000 articles, scale 2: a smoke run")
    p.add_argument("--skip-gensim", action="store_true")
    p.add_argument("--scale", type=int, default=10, help="synthetic corpus size / ToTA (0: none)")
    p.add_argument("--jobs", type=int, default=2, help="threads for the threaded steps")
    p.add_argument("--k", type=int, default=10)
    p.add_argument(
        "--queries",
        type=int,
        default=2000,
        help="synthetic corpus: query rows for the top-k comparison",
    )
    p.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="timed runs per step (steps under 2 s run at least 5 times)",
    )
    p.add_argument(
        "--steps",
        default="",
        help="comma-separated subset of: " + ",".join(COUNT_STEPS + TFIDF_STEPS + TOPK_STEPS),
    )
    p.add_argument("--no-memory", action="store_true", help="skip the peak-memory subprocesses")
    p.add_argument("--timeout", type=float, default=3600, help="seconds per memory subprocess")
    p.add_argument("--json", type=Path, default=None, help="also write every figure here")
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("--workdir", help=argparse.SUPPRESS)
    p.add_argument("--with-queries", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        worker(args)
        return 0

    started = dt.datetime.now().astimezone()
    print(f"treatytext benchmark, {started:%Y-%m-%d %H:%M %Z}, {cpu_description()}")
    print(f"{versions()}; load average {os.getloadavg()[0]:.2f} at start")
    print(f"top_k: {search_description()}")
    print(
        f"threads: --jobs {args.jobs} for treatytext and NearestNeighbors; scikit-learn "
        "vectorizers and gensim run on one thread"
    )
    articles = corpus.tota_articles(args.tota)
    if args.quick:
        articles = corpus.subsample(articles, 2000)
        args.scale = min(args.scale, 2)
        args.queries = min(args.queries, 500)
    results = [bench_corpus("ToTA articles", articles, args, None)]
    if args.scale > 0:
        t0 = time.perf_counter()
        synthetic = corpus.synthetic_corpus(articles, args.scale)
        print(f"\n(synthetic corpus built in {time.perf_counter() - t0:.1f} s)")
        del articles
        results.append(bench_corpus(f"synthetic {args.scale}x ToTA", synthetic, args, args.queries))
        del synthetic
    for res in results:
        res["k"] = args.k
        print_corpus(res)
    print(
        f"\n== targets (ToTA, one run; informative){' [--quick subsample]' if args.quick else ''}"
    )
    verdicts = targets(results[0])
    for v, what, figure in verdicts:
        print(f"  {v}  {what}: {figure}")
    print(
        f"load average {os.getloadavg()[0]:.2f} at end; "
        f"{(dt.datetime.now().astimezone() - started).total_seconds():.0f} s in all"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                _jsonable(
                    {
                        "results": results,
                        "targets": verdicts,
                        "date": started.isoformat(),
                        "machine": cpu_description(),
                        "versions": versions(),
                        "top_k_search": search_description(),
                    }
                ),
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
