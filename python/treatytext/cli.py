"""The ``treatytext`` command line.

::

    treatytext analyze FILE... [--top N] [--pairs N] [--units MODE] [--stop-words LIST]
                               [--format table|json|csv|html] [--html REPORT]
    treatytext compare A B [--threshold T] [--one-to-many] [--units MODE] [--stop-words LIST]
                           [--format table|json|csv|html] [--html REPORT]
    treatytext reuse A B... [--q Q] [--threshold T] [--measure jaccard|containment]
                            [--min-words N] [--format table|json|csv|html] [--html REPORT]

``--stop-words`` picks a built-in list (see :data:`treatytext.analyzer.STOP_WORD_LISTS`):
``english`` (the default), ``treaty`` (modals kept), ``treaty+modals`` or ``none``.

Exit status: 0 on success, 2 on a usage error, 1 on an input error (missing or unreadable file,
a directory, invalid UTF-8), each reported as one line on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
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
        reason = _for_cli_users(str(exc))
        raise InputError(f"{name}: {reason}; the file {guess_encoding(data)}") from None


def _for_cli_users(message: str) -> str:
    """The message without the core's hint about errors='replace', which speaks to Python
    callers, not to CLI users (what follows it, such as the encoding advice, stays)."""
    return message.replace("; decode with errors='replace' to substitute U+FFFD", "")


def load_documents(names: Sequence[str], units: str) -> list[Document]:
    """Documents named by file stem (by the path as given when stems repeat)."""
    stems = ["stdin" if n == "-" else Path(n).stem for n in names]
    labels = stems if len(set(stems)) == len(stems) else list(names)
    if len(set(labels)) != len(labels):
        raise InputError("the same file is given twice")
    return [read_document(n, label, units) for n, label in zip(names, labels, strict=True)]


def read_document(name: str, label: str, units: str) -> Document:
    """A file argument as a Document, read by the reader of its format (text, Markdown, HTML,
    PDF, DOCX, ToTA XML); InputError with a clear reason."""
    if name == "-":
        return Document(read_input(name), label, {"path": name}, units=units)
    read_input_checks(name)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            document = Document.from_file(name, label, units=units)
        for warning in caught:  # one line each, as the CLI's errors are
            print(f"treatytext: warning: {warning.message}", file=sys.stderr)
        return document
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except ImportError as exc:
        raise InputError(f"{name}: {exc}") from None
    except ValueError as exc:
        reason = _for_cli_users(str(exc))
        prefix = f"{name}: "
        raise InputError(reason if reason.startswith(prefix) else prefix + reason) from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None


def read_input_checks(name: str) -> None:
    """InputError for a file argument that does not exist or is a directory."""
    path = Path(name)
    if not path.exists():
        raise InputError(f"{name}: no such file")
    if path.is_dir():
        raise InputError(f"{name}: is a directory, not a text file")


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
            help="units analysed: leaves (default), sentences, top, or a clause kind",
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
        "analyze", help="units, top terms and most similar unit pairs of texts"
    )
    analyze.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="text, Markdown, HTML, PDF, DOCX or ToTA XML files ('-': UTF-8 text on stdin)",
    )
    analyze.add_argument("--top", type=_count, default=10, metavar="N", help="top terms (10)")
    analyze.add_argument(
        "--pairs", type=_count, default=10, metavar="N", help="most similar unit pairs (10)"
    )
    common(analyze)
    analyze.set_defaults(run=run_analyze)

    compare = commands.add_parser("compare", help="align the units of two texts")
    compare.add_argument("a", metavar="A", help="first text file")
    compare.add_argument("b", metavar="B", help="second text file")
    compare.add_argument(
        "--threshold", type=_threshold, default=0.5, metavar="T", help="minimum score (0.5)"
    )
    compare.add_argument(
        "--one-to-many", action="store_true", help="let a unit of B match several units of A"
    )
    common(compare)
    compare.set_defaults(run=run_compare)
    add_reuse_parser(commands)
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


def _text_table(
    columns: Sequence[str], rows: Sequence[Sequence[str]], headings: Sequence[str] | None = None
) -> str:
    """Left-aligned plain-text columns, the last one unpadded; with ``headings`` (one per row),
    a line "# heading" before the rows whenever the heading changes ("# (no heading)" when the
    rows leave the headings, as the final clauses do)."""
    widths = [max([len(c), *(len(str(r[i])) for r in rows)]) for i, c in enumerate(columns)]
    lines = []
    shown = ""
    for number, row in enumerate([columns, *rows]):
        if headings is not None and number > 0 and headings[number - 1] != shown:
            shown = headings[number - 1]
            lines.append(f"# {shown or '(no heading)'}")  # e.g. the testimonium after Article 11
        cells = [str(v).ljust(w) for v, w in zip(row[:-1], widths[:-1], strict=True)]
        lines.append("  ".join([*cells, str(row[-1])]))
    return "\n".join(lines) + "\n"


def _write_table(out: TextIO, corpus: Corpus, terms: pd.DataFrame, pairs: Any) -> None:
    for doc in corpus.documents:
        out.write(f"== {doc.name}: {len(doc.units)} units, {len(doc.text)} characters\n")
        if doc.units:
            rows = [
                (r, u.kind, _short(u.text, 70)) for r, u in zip(doc.refs, doc.units, strict=True)
            ]
            out.write(_text_table(("ref", "kind", "text"), rows, doc.headings))
        mine = terms[terms["document"] == doc.name]
        if len(mine):
            words = ", ".join(
                f"{t} ({c})" for t, c in zip(mine["term"], mine["count"], strict=True)
            )
            out.write(f"top terms: {words}\n")
        out.write("\n")
    if pairs is not None:
        out.write("== most similar unit pairs\n")
        if not len(pairs):
            out.write("(none)\n")
        for _, r in pairs.frame.iterrows():
            a = corpus.unit_label(int(r["unit_a"]))
            b = corpus.unit_label(int(r["unit_b"]))
            out.write(f"{r['score']:.3f}  {a}  <->  {b}\n")


UNIT_FIELDS = ["clause", "ref", "kind", "label", "heading", "start", "end"]


def _with_source(frame: pd.DataFrame, columns: list[str]) -> list[str]:
    """``columns`` and, for documents read from files, ``source`` (where in the file)."""
    return [*columns, "source"] if "source" in frame.columns else list(columns)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def _write_json(out: TextIO, corpus: Corpus, terms: pd.DataFrame, pairs: Any) -> None:
    documents = []
    units = corpus.units
    for doc in corpus.documents:
        mine = units[units["document"] == doc.name]
        top = terms[terms["document"] == doc.name]
        documents.append(
            {
                "name": doc.name,
                "path": doc.metadata.get("path"),
                "characters": len(doc.text),
                "units": _records(mine[_with_source(mine, UNIT_FIELDS) + ["text"]]),
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
    """One row per unit: its place, its own top terms and its most similar unit."""
    import numpy as np

    frame = corpus.units[["document", *UNIT_FIELDS]].copy()
    n = len(frame)
    top_terms = [""] * n
    similar = [""] * n
    scores = [np.nan] * n
    if n:
        if top:
            table = corpus.top_terms(top, by="unit")
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
    frame["text"] = corpus.units["text"]
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


# -- reuse --------------------------------------------------------------------------------------


def add_reuse_parser(commands: Any) -> None:
    """The ``reuse`` subcommand: reused passages between texts (treatytext.reuse)."""
    sub = commands.add_parser(
        "reuse", help="reused passages between texts, with offsets and shares"
    )
    sub.add_argument("files", nargs="+", metavar="FILE", help="two or more UTF-8 text files")
    sub.add_argument("--q", type=_count, default=5, metavar="Q", help="shingle characters (5)")
    sub.add_argument("--threshold", type=_threshold, default=0.3, metavar="T", help="minimum (0.3)")
    sub.add_argument("--measure", choices=("jaccard", "containment"), default="jaccard")
    sub.add_argument("--min-words", type=_count, default=6, metavar="N", help="passage words (6)")
    sub.add_argument("--format", choices=FORMATS, default="table", help="output format")
    sub.add_argument("--html", metavar="REPORT", help="also write an HTML report to REPORT")
    sub.set_defaults(run=run_reuse)


def run_reuse(args: argparse.Namespace, out: TextIO) -> int:
    """The ``reuse`` command: pairs reaching the threshold, then their passages."""
    from . import reuse

    if len(args.files) < 2:
        raise InputError("reuse needs at least two files")
    if args.threshold <= 0:
        raise InputError("--threshold must be above 0 for reuse")
    docs = load_documents(args.files, "leaves")
    texts, names = [d.text for d in docs], [d.name for d in docs]
    pairs = reuse.find(texts, q=args.q, threshold=args.threshold, measure=args.measure, names=names)
    passages, pairs = pairs.all_passages(args.min_words)
    report = None
    if args.html or args.format == "html":
        report = reuse.reuse_report(pairs, passages, texts, names)
    if args.html:
        _write_report(args.html, report or "")
    shown = ["a", "b", "jaccard", "containment_a", "containment_b", "coverage_a", "coverage_b"]
    if args.format == "table":
        rows = [
            [r[0], r[1], *(f"{v:.3f}" for v in r[2:]), str(n)]
            for r, n in zip(pairs[shown].itertuples(index=False), pairs["passages"], strict=True)
        ]
        out.write(_text_table([*shown, "passages"], rows))
        if len(passages):
            out.write("\npassages:\n")
        for p in passages.itertuples():
            out.write(
                f"{p.a} [{p.start_a}:{p.end_a}] ~ {p.b} [{p.start_b}:{p.end_b}], "
                f"{p.words} words: {_short(p.text_a, 70)}\n"
            )
    elif args.format == "json":
        result = []
        for record, (i, j) in zip(
            _records(pairs[[*shown, "passages"]]),
            zip(pairs["i"], pairs["j"], strict=True),
            strict=True,
        ):
            mine = passages[(passages["i"] == i) & (passages["j"] == j)]
            record["passages"] = _records(mine.drop(columns=["a", "b", "i", "j"]))
            result.append(record)
        json.dump(
            {"threshold": args.threshold, "q": args.q, "measure": args.measure, "pairs": result},
            out,
            ensure_ascii=False,
            indent=2,
        )
        out.write("\n")
    elif args.format == "csv":
        passages.drop(columns=["i", "j"]).to_csv(out, index=False, lineterminator="\n")
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
        print(
            "treatytext: error: a command is required (analyze, compare or reuse)", file=sys.stderr
        )
        return 2
    try:
        return args.run(args, sys.stdout)
    except (InputError, ValueError) as exc:
        print(f"treatytext: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. piped into head: not an error of ours
        sys.stderr.close()
        return 0
