"""Benchmark inputs: the ToTA articles and a deterministic synthetic corpus built from them.

``tota_articles()`` reads ``<article>`` texts from the ToTA XML files (one document per article,
in file order ``pta_1.xml``, ``pta_2.xml``, ... then document order). ``synthetic_corpus()``
builds a corpus ``scale`` times as large from those articles, deterministically (numpy PCG64,
fixed seed), so that it is *not* ``scale`` copies of the same text:

* each synthetic document resamples one ToTA article (uniformly at random, with replacement) and
  perturbs it word by word (whitespace-separated words): keep 86 %, replace 8 % by a word drawn
  from the corpus's unigram distribution, delete 3 %, insert an extra unigram-sampled word after
  1 %, and introduce an OCR-like typo in 2 % (two adjacent characters swapped, or one character
  replaced by a random lowercase ASCII letter);
* typos create new terms, so the vocabulary keeps growing with the corpus (as Heaps' law has it
  for real text) rather than freezing at the ToTA vocabulary; the replacements change document
  frequencies and make near-duplicates rarer, so top-k is not dominated by exact copies.

Whitespace inside a synthetic document is normalized to single spaces.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SEED = 20240619  # the date of the DPRK-Russia treaty of the seed text; any constant will do

# Perturbation probabilities per word (the rest is kept).
P_REPLACE = 0.08
P_DELETE = 0.03
P_INSERT = 0.01
P_TYPO = 0.02


def default_tota_dir() -> Path:
    """``$TREATYTEXT_CORPORA/tota/xml``, else ``../shared/corpora/tota/xml`` beside the repo."""
    corpora = os.environ.get("TREATYTEXT_CORPORA")
    base = Path(corpora) if corpora else ROOT.parent / "shared" / "corpora"
    return base / "tota" / "xml"


def _tota_files(tota_dir: Path) -> list[Path]:
    files = list(Path(tota_dir).glob("pta_*.xml"))
    if not files:
        raise FileNotFoundError(
            f"no pta_*.xml files in {tota_dir}; pass --tota or set TREATYTEXT_CORPORA"
        )

    def number(path: Path) -> int:
        try:
            return int(path.stem.split("_", 1)[1])
        except ValueError:
            return 1 << 30

    return sorted(files, key=lambda p: (number(p), p.name))


def tota_articles(tota_dir: Path | str | None = None) -> list[str]:
    """Every non-blank ``<article>`` text of the ToTA XML files, one string per article."""
    tota_dir = Path(tota_dir) if tota_dir is not None else default_tota_dir()
    articles: list[str] = []
    for path in _tota_files(tota_dir):
        root = ET.parse(path).getroot()
        for article in root.iter("article"):
            text = "".join(article.itertext())
            if text.strip():
                articles.append(text)
    return articles


def subsample(documents: list[str], n: int, seed: int = SEED) -> list[str]:
    """``n`` documents chosen at random without replacement, kept in their original order."""
    if n >= len(documents):
        return list(documents)
    rng = np.random.Generator(np.random.PCG64(seed))
    keep = np.sort(rng.choice(len(documents), size=n, replace=False))
    return [documents[i] for i in keep]


def _typo(word: str, rng: np.random.Generator) -> str:
    if len(word) >= 2 and rng.random() < 0.5:
        i = int(rng.integers(0, len(word) - 1))
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    i = int(rng.integers(0, len(word)))
    return word[:i] + chr(ord("a") + int(rng.integers(0, 26))) + word[i + 1 :]


def synthetic_corpus(articles: list[str], scale: int, seed: int = SEED) -> list[str]:
    """``scale * len(articles)`` documents resampled from ``articles`` with word-level noise.

    Deterministic for given articles, scale and seed (see the module docstring for the recipe).
    """
    if scale < 1:
        raise ValueError(f"scale must be >= 1, got {scale}")
    rng = np.random.Generator(np.random.PCG64(seed))
    # Word table and every article as an array of word ids into it.
    table: dict[str, int] = {}
    words: list[str] = []
    flat: list[int] = []
    starts = [0]
    for text in articles:
        for w in text.split():
            wid = table.get(w)
            if wid is None:
                wid = table[w] = len(words)
                words.append(w)
            flat.append(wid)
        starts.append(len(flat))
    ids = np.asarray(flat, dtype=np.int64)
    bounds = np.asarray(starts, dtype=np.int64)
    lexicon = words  # grows with typo variants

    n_docs = scale * len(articles)
    picks = rng.integers(0, len(articles), size=n_docs)
    out: list[str] = []
    for a in picks:
        doc = ids[bounds[a] : bounds[a + 1]].copy()
        m = doc.size
        if m == 0:
            out.append(articles[a])
            continue
        u = rng.random(m)
        replace = u < P_REPLACE
        delete = (u >= P_REPLACE) & (u < P_REPLACE + P_DELETE)
        insert = (u >= P_REPLACE + P_DELETE) & (u < P_REPLACE + P_DELETE + P_INSERT)
        typo = (u >= P_REPLACE + P_DELETE + P_INSERT) & (
            u < P_REPLACE + P_DELETE + P_INSERT + P_TYPO
        )
        n_replace = int(replace.sum())
        if n_replace:
            # Unigram sampling: the word at a random position of the whole corpus.
            doc[replace] = ids[rng.integers(0, ids.size, size=n_replace)]
        for pos in np.flatnonzero(typo):
            lexicon.append(_typo(lexicon[doc[pos]], rng))
            doc[pos] = len(lexicon) - 1
        keep = ~delete
        if insert.any():
            extra = ids[rng.integers(0, ids.size, size=m)]
            # Interleave: each word followed by an extra word where insert is set.
            merged = np.empty(2 * m, dtype=np.int64)
            merged[0::2] = doc
            merged[1::2] = extra
            mask = np.empty(2 * m, dtype=bool)
            mask[0::2] = keep
            mask[1::2] = insert
            doc = merged[mask]
        else:
            doc = doc[keep]
        out.append(" ".join([lexicon[i] for i in doc.tolist()]))
    return out


def corpus_bytes(documents: list[str]) -> bytes:
    """The documents as UTF-8, separated by newlines: the bytes ``wc -w`` is run on."""
    return "\n".join(documents).encode("utf-8")
