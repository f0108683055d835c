"""Collocations against a naive Python reference."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from scipy.stats import chi2
from treatytext.stats import collocations


def _naive(sequences: list[list[int]], n: int, min_count: int) -> dict[tuple, dict]:
    """Straightforward count-everything implementation of the documented model."""
    grams = [
        tuple(seq[i : i + n])
        for seq in sequences
        for i in range(len(seq) - n + 1)
        if all(w >= 0 for w in seq[i : i + n])
    ]
    total = len(grams)
    counts = Counter(grams)
    slots = [Counter(g[k] for g in grams) for k in range(n)]
    out = {}
    for gram, o in counts.items():
        if o < min_count:
            continue
        if n == 2:
            r1, c1 = slots[0][gram[0]], slots[1][gram[1]]
            table = [[o, r1 - o], [c1 - o, total - r1 - c1 + o]]
            rows, cols = [r1, total - r1], [c1, total - c1]
            g2 = 2 * sum(
                table[i][j] * math.log(table[i][j] / (rows[i] * cols[j] / total))
                for i in range(2)
                for j in range(2)
                if table[i][j] > 0
            )
            expected = r1 * c1 / total
            pmi = math.log2(o * total / (r1 * c1))
        else:
            # The weaker of the splits (w1 w2) + w3 and w1 + (w2 w3), each a 2x2 table
            # counted directly from the trigram positions.
            splits = []
            for x_of, y_of in (
                (lambda t: t[:2], lambda t: t[2]),
                (lambda t: t[0], lambda t: t[1:]),
            ):
                x, y = x_of(gram), y_of(gram)
                table = Counter((x_of(t) != x, y_of(t) != y) for t in grams)
                rows = [table[(0, 0)] + table[(0, 1)], table[(1, 0)] + table[(1, 1)]]
                cols = [table[(0, 0)] + table[(1, 0)], table[(0, 1)] + table[(1, 1)]]
                g = 2 * sum(
                    table[(i, j)] * math.log(table[(i, j)] * total / (rows[i] * cols[j]))
                    for i in range(2)
                    for j in range(2)
                    if table[(i, j)] > 0
                )
                e = rows[0] * cols[0] / total
                splits.append((g if o >= e else -g, e, math.log2(o * total / (rows[0] * cols[0]))))
            signed, expected, pmi = min(splits, key=lambda split: split[0])
            g2 = abs(signed)
        out[gram] = dict(
            count=o,
            expected=expected,
            g2=g2 if o >= expected else -g2,
            pmi=pmi,
            p_value=chi2.sf(max(g2, 0.0), 1),
        )
    return out


def _random_sequences(seed: int) -> list[list[int]]:
    rng = np.random.default_rng(seed)
    sequences = []
    for _ in range(40):
        length = int(rng.integers(0, 15))
        # A skewed vocabulary with a few planted phrases, and gaps (-1).
        seq = list(rng.zipf(1.6, length).clip(max=25) - 1)
        if rng.random() < 0.5:
            seq[0:0] = [30, 31, 32]
        if length > 3 and rng.random() < 0.3:
            seq[2] = -1
        sequences.append([int(w) for w in seq])
    return sequences


@pytest.mark.parametrize("n", [2, 3])
@pytest.mark.parametrize("seed", [0, 1])
def test_matches_naive_reference(n: int, seed: int) -> None:
    sequences = _random_sequences(seed)
    expected = _naive(sequences, n, min_count=2)
    result = collocations(sequences, n=n, min_count=2)
    assert len(result) == len(expected)
    assert result.total == sum(
        1
        for seq in sequences
        for i in range(len(seq) - n + 1)
        if all(w >= 0 for w in seq[i : i + n])
    )
    for row, gram in enumerate(map(tuple, result.ids.tolist())):
        ref = expected[gram]
        assert result.count[row] == ref["count"]
        assert result.expected[row] == pytest.approx(ref["expected"], rel=1e-12)
        assert result.g2[row] == pytest.approx(ref["g2"], rel=1e-9, abs=1e-9)
        assert result.pmi[row] == pytest.approx(ref["pmi"], rel=1e-12, abs=1e-12)
        assert result.p_value[row] == pytest.approx(ref["p_value"], rel=1e-8, abs=1e-15)
    # Order: descending G², ties by higher count, then ids.
    keys = [
        (-g, -c, tuple(ids))
        for g, c, ids in zip(result.g2, result.count, result.ids.tolist(), strict=True)
    ]
    assert keys == sorted(keys)


def test_clause_boundaries_and_strings() -> None:
    clauses = [
        ["the", "parties", "shall", "cooperate"],
        ["the", "parties", "shall", "consult"],
        ["shall", "the", "parties"],
        ["cooperate", None, "the", "parties"],
    ]
    result = collocations(clauses, min_count=1, score="count")
    frame = result.to_frame()
    counts = dict(zip(frame["ngram"], frame["count"], strict=True))
    assert counts["the parties"] == 4
    assert counts["parties shall"] == 2
    # No bigram across clause ends ("cooperate the") or across the gap.
    assert "cooperate the" not in counts
    assert "consult shall" not in counts
    assert result.terms[0] == ("the", "parties")
    assert result.total == 3 + 3 + 2 + 1


def test_terms_name_ids_and_pmi_sort() -> None:
    result = collocations([[0, 1, 2], [0, 1], [2, 0, 1]], ["a", "b", "c"], score="pmi")
    assert result.terms == (("a", "b"),)
    assert result.count[0] == 3
    assert result.pmi[0] == pytest.approx(math.log2(3 * 5 / (3 * 3)))


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="n must be"):
        collocations([[1, 2]], n=4)
    with pytest.raises(ValueError, match="score"):
        collocations([[1, 2]], score="tscore")
    with pytest.raises(ValueError, match="min_count"):
        collocations([[1, 2]], min_count=0)
    with pytest.raises(ValueError, match="terms"):
        collocations([[0, 5], [0, 5]], ["a", "b"])
    with pytest.raises(TypeError):
        collocations([[1.5, object()]])
