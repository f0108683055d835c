"""The ``treatytext`` command line.

::

    treatytext analyze FILE... [--top N] [--pairs N] [--units MODE] [--stop-words LIST]
                               [--format table|json|csv|html] [--html REPORT]
    treatytext compare A B [--threshold T] [--one-to-many] [--units MODE] [--stop-words LIST]
                           [--format table|json|csv|html] [--html REPORT]

``--stop-words`` picks a built-in list (see :data:`treatytext.analyzer.STOP_WORD_LISTS`):
``english`` (the default), ``treaty`` (modals kept), ``treaty+modals`` or ``none``.

Exit status: 0 on success, 2 on a usage error, 1 on an input error (missing or unreadable file,
a directory, invalid UTF-8), each reported as one line on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from .analyzer import STOP_WORD_LISTS
from .document import KINDS, UNIT_MODES, Document
from .similarity import top_k
from .text import decode, guess_encoding

if TYPE_CHECKING:
    import pandas as pd

    from .corpus import Corpus
    from .stats import Alignment

FORMATS = ("table", "json", "csv", "html")


class InputError(Exception):
    """A problem with the user's input files, reported in one line with exit status 1."""


def read_input(name: str) -> str:
    """The text of a file argument ("-" is standard input); InputError with a clear reason."""
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(name)
        if not path.exists():
            raise InputError(f"{name}: no such file")
        if path.is_dir():
            raise InputError(f"{name}: is a directory, not a text file")
        try:
            data = path.read_bytes()
        except PermissionError:
            raise InputError(f"{name}: permission denied") from None
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    try:
        return decode(data, errors="strict")
    except ValueError as exc:
        # The core's hint about errors='replace' speaks to Python callers, not to CLI users.
        reason = str(exc).split("; decode with errors=", 1)[0]
        raise InputError(f"{name}: {reason}; the file {guess_encoding(data)}") from None


def load_documents(names: Sequence[str], units: str) -> list[Document]:
    """Documents named by file stem (by the path as given when stems repeat)."""
    stems = ["stdin" if n == "-" else Path(n).stem for n in names]
    labels = stems if len(set(stems)) == len(stems) else list(names)
    if len(set(labels)) != len(labels):
        raise InputError("the same file is given twice")
    return [
        Document(read_input(n), label, {"path": n}, units=units)
        for n, label in zip(names, labels, strict=True)
    ]


def _threshold(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must lie in [0, 1], got {value}")
    return number


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``treatytext`` command."""
    parser = argparse.ArgumentParser(
        prog="treatytext",
        description="Clause-level analysis of treaties and agreements.",
    )
    parser.add_argument("--version", action="version", version=f"treatytext {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--units",
            choices=UNIT_MODES + KINDS,
            default="leaves",
            help="clauses analysed: leaves (default), sentences, top, or a clause kind",
        )
        sub.add_argument(
            "--stop-words",
            choices=(*STOP_WORD_LISTS, "none"),
            default="english",
            help="stop words dropped from terms: english (default, function words), treaty "
            "(also party, agreement, article, ...; modals kept), treaty+modals (also shall, "
            "may, must, ...), none",
        )
        sub.add_argument("--format", choices=FORMATS, default="table", help="output format")
        sub.add_argument("--html", metavar="REPORT", help="also write an HTML report to REPORT")

    analyze = commands.add_parser(
        "analyze", help="clauses, top terms and most similar clause pairs of texts"
    )
    analyze.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files ('-': stdin)")
    analyze.add_argument("--top", type=_count, default=10, metavar="N", help="top terms (10)")
    analyze.add_argument(
        "--pairs", type=_count, default=10, metavar="N", help="most similar clause pairs (10)"
    )
    common(analyze)
    analyze.set_defaults(run=run_analyze)

    compare = commands.add_parser("compare", help="align the clauses of two texts")
    compare.add_argument("a", metavar="A", help="first text file")
    compare.add_argument("b", metavar="B", help="second text file")
    compare.add_argument(
        "--threshold", type=_threshold, default=0.5, metavar="T", help="minimum score (0.5)"
    )
    compare.add_argument(
        "--one-to-many", action="store_true", help="let a clause of B match several clauses of A"
    )
    common(compare)
    compare.set_defaults(run=run_compare)
    return parser


# -- analyze ------------------------------------------------------------------------------------


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _analysis(corpus: Corpus, top: int, pairs: int) -> tuple[pd.DataFrame, Any]:
    import pandas as pd

    empty = pd.DataFrame(columns=["document", "rank", "term", "count", "relative_frequency"])
    if not corpus.unit_texts:
        return empty, None
    terms = corpus.top_terms(top, by="document") if top else empty
    found = corpus.similar_pairs(pairs) if pairs and len(corpus.unit_texts) > 1 else None
    return terms, found


def _text_table(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned plain-text columns, the last one unpadded."""
    widths = [max([len(c), *(len(str(r[i])) for r in rows)]) for i, c in enumerate(columns)]
    lines = []
    for row in [columns, *rows]:
        cells = [str(v).ljust(w) for v, w in zip(row[:-1], widths[:-1], strict=True)]
        lines.append("  ".join([*cells, str(row[-1])]))
    return "\n".join(lines) + "\n"


def _write_table(out: TextIO, corpus: Corpus, terms: pd.DataFrame, pairs: Any) -> None:
    for doc in corpus.documents:
        out.write(f"== {doc.name}: {len(doc.units)} clauses, {len(doc.text)} characters\n")
        if doc.units:
            rows = [
                (r, u.kind, _short(u.text, 70)) for r, u in zip(doc.refs, doc.units, strict=True)
            ]
            out.write(_text_table(("ref", "kind", "text"), rows))
        mine = terms[terms["document"] == doc.name]
        if len(mine):
            words = ", ".join(
                f"{t} ({c})" for t, c in zip(mine["term"], mine["count"], strict=True)
            )
            out.write(f"top terms: {words}\n")
        out.write("\n")
    if pairs is not None:
        out.write("== most similar clause pairs\n")
        if not len(pairs):
            out.write("(none)\n")
        for _, r in pairs.frame.iterrows():
            a = corpus.unit_label(int(r["unit_a"]))
            b = corpus.unit_label(int(r["unit_b"]))
            out.write(f"{r['score']:.3f}  {a}  <->  {b}\n")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def _write_json(out: TextIO, corpus: Corpus, terms: pd.DataFrame, pairs: Any) -> None:
    documents = []
    clauses = corpus.clauses
    for doc in corpus.documents:
        mine = clauses[clauses["document"] == doc.name]
        top = terms[terms["document"] == doc.name]
        documents.append(
            {
                "name": doc.name,
                "path": doc.metadata.get("path"),
                "characters": len(doc.text),
                "clauses": _records(
                    mine[["clause", "ref", "kind", "label", "start", "end", "text"]]
                ),
                "top_terms": _records(top[["rank", "term", "count", "relative_frequency"]]),
            }
        )
    result = {
        "documents": documents,
        "pairs": [] if pairs is None else _records(pairs.frame),
    }
    json.dump(result, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _write_csv(out: TextIO, corpus: Corpus, top: int) -> None:
    """One row per clause: its place, its own top terms and its most similar clause."""
    import numpy as np

    frame = corpus.clauses[["document", "clause", "ref", "kind", "label", "start", "end"]].copy()
    n = len(frame)
    top_terms = [""] * n
    similar = [""] * n
    scores = [np.nan] * n
    if n:
        if top:
            table = corpus.top_terms(top, by="clause")
            for unit, group in table.groupby("unit", sort=False):
                top_terms[int(unit)] = " ".join(group["term"])
        if n > 1:
            indices, values = top_k(corpus.vectors, 1, n_jobs=corpus.n_jobs)
            for i in range(n):
                if indices[i, 0] >= 0 and values[i, 0] > 0:
                    similar[i] = corpus.unit_label(int(indices[i, 0]))
                    scores[i] = round(float(values[i, 0]), 6)
    frame["top_terms"] = top_terms
    frame["most_similar"] = similar
    frame["similarity"] = scores
    frame["text"] = corpus.clauses["text"]
    frame.to_csv(out, index=False, lineterminator="\n")


def _analyzer_options(args: argparse.Namespace) -> dict[str, Any]:
    """The analyzer options the command line sets (over the corpus defaults)."""
    return {"stop_words": None if args.stop_words == "none" else args.stop_words}


def run_analyze(args: argparse.Namespace, out: TextIO) -> int:
    """The ``analyze`` command."""
    from .corpus import Corpus

    corpus = Corpus(load_documents(args.files, args.units), analyzer=_analyzer_options(args))
    terms, pairs = _analysis(corpus, args.top, args.pairs)
    report = None
    if args.html or args.format == "html":
        from .report import analysis_report

        report = analysis_report(corpus, top=args.top, pairs=args.pairs)
    if args.html:  # before the output: a closed pipe must not lose the report
        _write_report(args.html, report or "")
    if args.format == "table":
        _write_table(out, corpus, terms, pairs)
    elif args.format == "json":
        _write_json(out, corpus, terms, pairs)
    elif args.format == "csv":
        _write_csv(out, corpus, args.top)
    else:
        out.write(report or "")
    return 0


# -- compare ------------------------------------------------------------------------------------


def _write_alignment_table(out: TextIO, alignment: Alignment) -> None:
    out.write(alignment.summary() + "\n\n")
    for _, r in alignment.pairs.iterrows():
        out.write(
            f"{r['score']:.3f}  {r['ref_a']}  <->  {r['ref_b']}   {_short(r['text_a'], 60)}\n"
        )
    for title, frame, tag in (
        (f"only in {alignment.document_a}", alignment.only_a, "a"),
        (f"only in {alignment.document_b}", alignment.only_b, "b"),
    ):
        if len(frame):
            out.write(f"\n{title}:\n")
            for ref, text in zip(frame[f"ref_{tag}"], frame[f"text_{tag}"], strict=True):
                out.write(f"  {ref}   {_short(text, 70)}\n")


def run_compare(args: argparse.Namespace, out: TextIO) -> int:
    """The ``compare`` command."""
    from .align import align_documents

    doc_a, doc_b = load_documents([args.a, args.b], args.units)
    mode = "one-to-many" if args.one_to_many else "one-to-one"
    alignment = align_documents(
        doc_a, doc_b, threshold=args.threshold, mode=mode, analyzer=_analyzer_options(args)
    )
    report = None
    if args.html or args.format == "html":
        from .report import comparison_report

        report = comparison_report(alignment)
    if args.html:
        _write_report(args.html, report or "")
    if args.format == "table":
        _write_alignment_table(out, alignment)
    elif args.format == "json":
        result = {
            "a": alignment.document_a,
            "b": alignment.document_b,
            "threshold": alignment.threshold,
            "one_to_one": alignment.mode == "one-to-one",
            "pairs": _records(alignment.pairs),
            "unmatched_a": _records(alignment.only_a),
            "unmatched_b": _records(alignment.only_b),
        }
        json.dump(result, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "csv":
        alignment.to_frame().to_csv(out, index=False, lineterminator="\n")
    else:
        out.write(report or "")
    return 0


def _write_report(path: str, report: str) -> None:
    try:
        Path(path).write_text(report, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the report ({exc.strerror or exc})") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``treatytext`` script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        print("treatytext: error: a command is required (analyze or compare)", file=sys.stderr)
        return 2
    try:
        return args.run(args, sys.stdout)
    except (InputError, ValueError) as exc:
        print(f"treatytext: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into head: not an error of ours
        sys.stderr.close()
        return 0
