"""Tokenizer throughput through the Python binding, next to `LC_ALL=C wc -w` on the same bytes.

Extracts the article text of the ToTA corpus (crude tag strip), then times
``Analyzer.analyze`` over every article (one call per article, list of str returned), the
batch call ``analyze_many``, and ``wc -w`` over one file holding the same bytes. Prints MB/s
and the ratios to wc -w. A script, not a test: run it by hand.

    PYTHONPATH=python python benchmarks/tokenize_throughput.py [--corpus DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import html
import os
import re
import resource
import shutil
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from treatytext.analyzer import Analyzer

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path(os.environ.get("TREATYTEXT_CORPORA", ROOT.parent / "shared" / "corpora")) / (
    "tota/xml"
)
ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.DOTALL)


def tota_articles(corpus: Path) -> list[str]:
    """The text of every <article> element of every XML file, entities decoded."""
    files = sorted(corpus.glob("*.xml"))
    if not files:
        raise SystemExit(
            f"no ToTA XML files under {corpus}; pass --corpus or set TREATYTEXT_CORPORA"
        )
    articles: list[str] = []
    for file in files:
        articles.extend(html.unescape(m) for m in ARTICLE.findall(file.read_text("utf-8")))
    return articles


def best_time(run: Callable[[], object], repeat: int, clock: Callable[[], float]) -> float:
    """The fastest of `repeat` runs, in seconds of `clock` (the least disturbed run)."""
    times = []
    for _ in range(repeat):
        start = clock()
        run()
        times.append(clock() - start)
    return min(times)


def children_cpu() -> float:
    """CPU seconds (user + system) used so far by finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="ToTA xml directory")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    args = parser.parse_args()

    articles = tota_articles(args.corpus)
    data = "\n".join(articles).encode("utf-8")
    megabytes = len(data) / 1e6
    print(f"ToTA: {len(articles)} articles, {megabytes:.1f} MB of UTF-8 text")

    analyzer = Analyzer()
    rows: list[tuple[str, float]] = []

    def analyze_each() -> None:
        for text in articles:
            analyzer.analyze(text)

    def analyze_and_count() -> None:
        counts: Counter[str] = Counter()
        for text in articles:
            counts.update(analyzer.analyze(text))

    def analyze_many() -> None:
        analyzer.analyze_many(articles, n_jobs=1)

    # CPU time rather than wall time: on a shared machine it is the steadier figure, and the
    # calls below run on one thread.
    clock = time.process_time
    rows.append(
        ("Analyzer.analyze, one call per article", best_time(analyze_each, args.repeat, clock))
    )
    rows.append(("Analyzer.analyze_many(n_jobs=1)", best_time(analyze_many, args.repeat, clock)))
    rows.append(("analyze + collections.Counter", best_time(analyze_and_count, args.repeat, clock)))

    wc = shutil.which("wc")
    wc_time = None
    if wc:
        with tempfile.NamedTemporaryFile(suffix=".txt") as handle:
            handle.write(data)
            handle.flush()
            env = {**os.environ, "LC_ALL": "C"}

            def run_wc() -> None:
                subprocess.run([wc, "-w", handle.name], env=env, check=True, capture_output=True)

            wc_time = best_time(run_wc, args.repeat, children_cpu)

    width = max(len(name) for name, _ in rows)
    print(f"{'(CPU seconds)':{width}}  {'seconds':>8}  {'MB/s':>8}  {'x wc -w':>8}")
    if wc_time is not None:
        wc_name = "LC_ALL=C wc -w (process)"
        print(f"{wc_name:{width}}  {wc_time:8.3f}  {megabytes / wc_time:8.1f}  {1.0:8.2f}")
    for name, seconds in rows:
        ratio = f"{wc_time / seconds:8.2f}" if wc_time else f"{'-':>8}"
        print(f"{name:{width}}  {seconds:8.3f}  {megabytes / seconds:8.1f}  {ratio}")
    print("(x wc -w > 1 means faster than wc -w; the C++ figure is in bench_analyzer)")


if __name__ == "__main__":
    main()
