"""Characters of text with words that no analysis unit holds, per document.

For the bundled sample, the seed factbox and ToTA agreements rebuilt with their chapter and
article headings (treatytext.io.tota.text_with_headings), segmented with the default units
(the leaves): counts the letters and digits outside every unit's text, every clause's marker
and every heading's title, and prints the stretches left out. The rule of docs/segmentation.md
says the count is 0. Computed here from the clauses' offsets alone (not with
Document.text_outside_units), so that it also measures earlier versions.

    PYTHONPATH=python python benchmarks/units_coverage.py [--tota N] [--show K]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import treatytext as tt
from treatytext import datasets
from treatytext.io.tota import text_with_headings


def outside(doc: tt.Document) -> tuple[int, list[str]]:
    """(word characters outside, the stretches) of a document."""
    held = [False] * len(doc.text)
    for unit in doc.units:
        held[unit.start : unit.end] = [True] * (unit.end - unit.start)
    for clause in doc.clauses:
        held[clause.label_start : clause.label_start + len(clause.label)] = [True] * len(
            clause.label
        )
        title = getattr(clause, "title", "")
        held[clause.start : clause.start + len(title)] = [True] * len(title)
    count, stretches, current = 0, [], []
    for ch, is_held in zip(doc.text, held, strict=True):
        if is_held:
            if current and any(c.isalnum() for c in current):
                stretches.append(" ".join("".join(current).split()))
            current = []
            continue
        current.append(ch)
        count += ch.isalnum()
    if current and any(c.isalnum() for c in current):
        stretches.append(" ".join("".join(current).split()))
    return count, stretches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tota", type=int, default=40, help="ToTA agreements (first N)")
    parser.add_argument("--show", type=int, default=3, help="stretches shown per document")
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    documents = [
        ("sample", (root / "samples" / "sample-treaty.txt").read_text(encoding="utf-8")),
        ("seed", datasets.seed_path().read_text(encoding="utf-8")),
    ]
    tota = datasets.tota_files(limit=args.tota)
    documents += [(f"ToTA {f.stem}", text_with_headings(f)) for f in tota]
    total_words = total_outside = 0
    tota_outside = tota_words = 0
    for name, text in documents:
        doc = tt.Document(text, name)
        count, stretches = outside(doc)
        words = sum(ch.isalnum() for ch in text)
        total_words += words
        total_outside += count
        if name.startswith("ToTA"):
            tota_outside += count
            tota_words += words
        if not name.startswith("ToTA") or count:
            shown = "; ".join(repr(s[:60]) for s in stretches[: args.show])
            print(f"{name}: {count} of {words} word characters outside, {len(doc.units)} units"
                  f"{': ' + shown if shown else ''}")  # fmt: skip
    print(f"ToTA ({len(tota)} agreements): {tota_outside} of {tota_words} word characters outside")
    print(f"all: {total_outside} of {total_words}")


if __name__ == "__main__":
    main()
