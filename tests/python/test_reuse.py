"""treatytext.reuse against naive Python references: normalization, shingle measures, the exact
pair search (brute force over all pairs), passages with known offsets, clusters, views."""

from __future__ import annotations

import itertools
import random
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from treatytext import reuse

JOINERS = {"\u00ad", "\u200c", "\u200d", "\u2060", "\ufeff"}


# -- naive references ---------------------------------------------------------------------------


def reference_normalize(text: str, keep_digits=False, keep_punctuation=False):
    """The documented rule, one character at a time."""
    out: list[str] = []
    origin: list[int] = []
    pending = None
    for k, ch in enumerate(text):
        if ch in JOINERS:
            continue
        category = unicodedata.category(ch)[0]
        keep = category in "LM" or (keep_digits and category == "N")
        keep = keep or (keep_punctuation and category == "P")
        if not keep:
            if out and pending is None:
                pending = k
            continue
        if pending is not None:
            out.append(" ")
            origin.append(pending)
            pending = None
        for folded in ch.casefold():
            out.append(folded)
            origin.append(k)
    return "".join(out), origin


def reference_shingles(text: str, q: int, unit: str = "char", **options) -> set[str]:
    normalized, _ = reference_normalize(text, **options)
    if unit == "word":
        words = normalized.split(" ") if normalized else []
        return {" ".join(words[i : i + q]) for i in range(len(words) - q + 1)}
    return {normalized[i : i + q] for i in range(len(normalized) - q + 1)}


def reference_measures(a: set[str], b: set[str]) -> dict[str, float]:
    common = len(a & b)
    union = len(a) + len(b) - common
    return {
        "jaccard": common / union if union else 0.0,
        "containment_a": common / len(a) if a else 0.0,
        "containment_b": common / len(b) if b else 0.0,
        "intersection": common,
    }


def brute_force(texts, q, threshold, measure, unit="char", max_df=0):
    sets = [reference_shingles(t, q, unit) for t in texts]
    if max_df:
        counts: dict[str, int] = {}
        for s in sets:
            for g in s:
                counts[g] = counts.get(g, 0) + 1
        sets = [{g for g in s if counts[g] <= max_df} for s in sets]
    found = []
    for i, j in itertools.combinations(range(len(texts)), 2):
        m = reference_measures(sets[i], sets[j])
        smaller = min(len(sets[i]), len(sets[j]))
        value = (
            m["jaccard"]
            if measure == "jaccard"
            else (m["intersection"] / smaller if smaller else 0)
        )
        if value >= threshold and m["intersection"] > 0:
            found.append(
                (i, j, m["intersection"], m["jaccard"], m["containment_a"], m["containment_b"])
            )
    return found


def as_tuples(pairs) -> list[tuple]:
    return [
        (int(r.i), int(r.j), int(r.intersection), r.jaccard, r.containment_a, r.containment_b)
        for r in pairs.itertuples()
    ]


TEXTS = st.text(
    alphabet=st.sampled_from(list("abcAB  ,.-'’1ßİΣςéé\u00ad\u200b\u0301\n\tǅﬁ")), max_size=60
)
WORDS = st.lists(
    st.sampled_from(["the", "parties", "shall", "trade", "goods", "Tariff", "ÉTAT"]), max_size=25
)


# -- normalization ------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.booleans(), st.booleans())
def test_normalize_matches_the_documented_rule(text, keep_digits, keep_punctuation):
    normalized, origin = reuse.normalize(
        text, keep_digits=keep_digits, keep_punctuation=keep_punctuation
    )
    expected, expected_origin = reference_normalize(text, keep_digits, keep_punctuation)
    assert normalized == expected
    assert origin.tolist() == expected_origin


def test_normalize_by_hand():
    normalized, origin = reuse.normalize("  Straße, CO\u00adOPERATION—Article 12 (b)  ")
    assert normalized == "strasse cooperation article b"
    text = "  Straße, CO\u00adOPERATION—Article 12 (b)  "
    assert text[origin[4]] == "ß" and text[origin[5]] == "ß"  # ß folds to "ss"
    assert (
        reuse.normalize("Article 12 (b).", keep_digits=True, keep_punctuation=True)[0]
        == "article 12 (b)."
    )


def test_normalize_on_the_seed_text(seed_text):
    normalized, origin = reuse.normalize(seed_text)
    assert (normalized, origin.tolist()) == reference_normalize(seed_text)


# -- shingle measures ---------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(TEXTS, TEXTS, st.integers(1, 6))
def test_char_shingles_match_python_sets(a, b, q):
    expected = reference_measures(reference_shingles(a, q), reference_shingles(b, q))
    got = reuse.shingle_similarity(a, b, q)
    assert {k: got[k] for k in expected} == expected


@settings(max_examples=200, deadline=None)
@given(WORDS, WORDS, st.integers(1, 4))
def test_word_shingles_match_python_sets(a, b, q):
    a, b = " ".join(a), ", ".join(b)
    expected = reference_measures(
        reference_shingles(a, q, "word"), reference_shingles(b, q, "word")
    )
    got = reuse.shingle_similarity(a, b, q, unit="word")
    assert {k: got[k] for k in expected} == expected


def test_shingle_similarity_on_tota_articles(tota_dir):
    from treatytext import datasets

    corpus = datasets.load_tota(ids=[1, 2], progress=False)
    a, b = corpus.documents[0].text[:20000], corpus.documents[1].text[:20000]
    for q in (3, 5):
        expected = reference_measures(reference_shingles(a, q), reference_shingles(b, q))
        got = reuse.shingle_similarity(a, b, q)
        assert {k: got[k] for k in expected} == expected


# -- find == brute force ------------------------------------------------------------------------


@settings(max_examples=120, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["tariff", "goods", "party", "shall", "trade", "the"]), max_size=12
        ),
        max_size=9,
    ),
    st.sampled_from([0.1, 0.3, 0.5, 0.8, 1.0]),
    st.sampled_from(["jaccard", "containment"]),
    st.integers(2, 6),
    st.sampled_from([0, 2, 4]),
)
def test_find_equals_brute_force(words, threshold, measure, q, max_df):
    texts = [" ".join(w) for w in words]
    expected = brute_force(texts, q, threshold, measure, max_df=max_df)
    for n_jobs in (1, 2, 3):
        got = reuse.find(
            texts, q=q, threshold=threshold, measure=measure, max_df=max_df or None, n_jobs=n_jobs
        )
        assert as_tuples(got) == expected


def test_find_on_tota_equals_brute_force_and_every_thread_count(tota_dir):
    from treatytext import datasets

    corpus = datasets.load_tota(limit=12, progress=False)
    texts = [d.text[:6000] for d in corpus.documents]
    for measure, threshold in (("jaccard", 0.3), ("containment", 0.5)):
        expected = brute_force(texts, 5, threshold, measure)
        assert expected  # the test must see some pairs
        results = [
            as_tuples(reuse.find(texts, threshold=threshold, measure=measure, n_jobs=n))
            for n in (1, 2, 4)
        ]
        assert results == [expected] * 3


def test_find_on_agreement_sized_random_texts_equals_brute_force():
    # Texts of 40,000 to 120,000 characters, as long as ToTA's agreements: their shingle
    # sets are sorted in parts (the path short texts never take). Each text is random words
    # with long runs copied from a shared pool, so that pairs reach every threshold.
    rng = random.Random(13)
    vocabulary = [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyzéß", k=rng.randint(2, 9)))
        for _ in range(3000)
    ]
    pool = [" ".join(rng.choices(vocabulary, k=400)) for _ in range(40)]
    texts = []
    for _ in range(9):
        parts = []
        while sum(map(len, parts)) < rng.randint(40_000, 120_000):
            parts.append(
                rng.choice(pool) if rng.random() < 0.6 else " ".join(rng.choices(vocabulary, k=300))
            )
        texts.append(" ".join(parts))
    for measure, threshold in (("jaccard", 0.2), ("containment", 0.4)):
        expected = brute_force(texts, 5, threshold, measure)
        assert len(expected) >= 3  # the test must see some pairs
        for n_jobs in (1, 2, 3):
            got = reuse.find(texts, threshold=threshold, measure=measure, n_jobs=n_jobs)
            assert as_tuples(got) == expected


def test_find_directions_and_names():
    texts = [
        "the parties shall reduce tariffs on goods",
        "the parties shall reduce tariffs on all goods",
        "x",
    ]
    found = reuse.find(
        texts, threshold=0.5, names=["new", "old", "other"], dates=["2010-05-01", "1995", None]
    )
    assert found[["a", "b"]].values.tolist() == [["new", "old"]]
    assert (found["source"].tolist(), found["target"].tolist()) == (["old"], ["new"])
    share = found.share_matrix()
    assert share.loc["new", "old"] == pytest.approx(found["containment_a"].iloc[0])


def test_find_rejects_bad_options():
    with pytest.raises(ValueError, match="threshold"):
        reuse.find(["a b", "a b"], threshold=0)
    with pytest.raises(ValueError, match="measure"):
        reuse.find(["a b"], measure="cosine")
    with pytest.raises(ValueError, match="unit"):
        reuse.find(["a b"], unit="letter")
    with pytest.raises(TypeError, match="text 1"):
        reuse.find(["a", 3])
    with pytest.raises(ValueError, match="q must be"):
        reuse.shingle_similarity("a", "b", 0)
    with pytest.raises(ValueError, match="text 1: lone surrogate"):
        reuse.find(["abc", "x\ud800"])
    with pytest.raises(ValueError, match="unique"):
        reuse.find(["abc", "abd"], names=["x", "x"])
    with pytest.raises(ValueError, match="2 dates for 3 texts"):
        reuse.find(["abcdef"] * 3, dates=[1, 2])


# -- find with MinHash/LSH ----------------------------------------------------------------------


def test_find_minhash_on_tota_gives_exact_pairs_and_high_recall(tota_dir):
    from treatytext import datasets

    corpus = datasets.load_tota(limit=40, progress=False)
    texts = [d.text for d in corpus.documents]
    exact = {(r[0], r[1]): r for r in as_tuples(reuse.find(texts, threshold=0.5))}
    assert len(exact) > 50  # the test must see pairs, many near the threshold
    # Recall-weighted bands (26 x 3: a pair of Jaccard 0.5 is found with probability 0.97).
    runs = [
        reuse.find(
            texts, threshold=0.5, method="minhash", false_negative_weight=0.95, n_jobs=n_jobs
        )
        for n_jobs in (1, 2)
    ]
    found = as_tuples(runs[0])
    assert as_tuples(runs[1]) == found
    assert all(exact[r[:2]] == r for r in found)  # precision 1, and the exact values
    assert len(found) / len(exact) >= 0.95
    assert runs[0].stats["method"] == "minhash"
    assert (runs[0].stats["bands"], runs[0].stats["rows"]) == (26, 3)
    # datasketch's bands (25 x 5): fewer near the threshold, but never a pair of Jaccard >= 0.8.
    default = as_tuples(reuse.find(texts, threshold=0.5, method="minhash"))
    assert all(exact[r[:2]] == r for r in default)
    assert {k for k, r in exact.items() if r[3] >= 0.8} <= {r[:2] for r in default}


def test_find_minhash_chooses_the_bands_of_datasketch():
    lsh = pytest.importorskip("datasketch").MinHashLSH
    texts = ["the parties shall reduce tariffs", "the parties shall reduce duties"]
    for threshold in (0.2, 0.5, 0.8):
        for num_perm in (32, 128):
            stats = reuse.find(
                texts, threshold=threshold, method="minhash", num_perm=num_perm
            ).stats
            peer = lsh(threshold=threshold, num_perm=num_perm)
            assert (stats["bands"], stats["rows"]) == (peer.b, peer.r)
            assert stats["num_perm"] == num_perm
    given = reuse.find(texts, method="minhash", bands=10).stats
    assert (given["bands"], given["rows"]) == (10, 12)
    assert reuse.find(texts).stats["method"] == "exact"


def test_find_minhash_on_small_texts_is_a_subset_of_brute_force():
    rng = random.Random(3)
    words = ["tariff", "goods", "party", "shall", "trade", "origin", "customs", "duty"]
    base = [rng.choices(words, k=30) for _ in range(4)]
    texts = [
        " ".join(w if rng.random() > p else rng.choice(words) for w in b)
        for b in base
        for p in (0, 0.1, 0.3)
    ]
    expected = {r[:2]: r for r in brute_force(texts, 5, 0.4, "jaccard")}
    found = as_tuples(reuse.find(texts, threshold=0.4, method="minhash", num_perm=64))
    assert found and all(expected[r[:2]] == pytest.approx(r) for r in found)


def test_find_minhash_rejects_bad_arguments():
    texts = ["the parties shall", "the parties may"]
    for arguments, message in (
        ({"method": "lsh"}, "method must be 'exact' or 'minhash', got 'lsh'"),
        ({"method": "minhash", "measure": "containment"}, "cannot bound containment"),
        ({"bands": 4}, "bands and rows apply to method='minhash' only"),
        ({"method": "minhash", "num_perm": 0}, "num_perm must be an integer >= 1"),
        ({"method": "minhash", "num_perm": 5000}, r"num_perm must be in \[1, 4096\]"),
        ({"method": "minhash", "bands": 0}, "bands must be an integer >= 1"),
        ({"method": "minhash", "bands": 200}, r"bands must be in \[0, num_perm = 128\]"),
        ({"method": "minhash", "rows": 3}, "rows needs bands"),
        ({"method": "minhash", "bands": 20, "rows": 7}, r"bands \* rows must be <= num_perm"),
        ({"method": "minhash", "seed": -1}, "seed must be an integer"),
        ({"method": "minhash", "false_negative_weight": 2}, "false_negative_weight"),
    ):
        with pytest.raises(ValueError, match=message):
            reuse.find(texts, **arguments)


# -- passages -----------------------------------------------------------------------------------

ARTICLE_1 = (
    "Each Party shall accord to investors of the other Party treatment no less favourable than "
    "that it accords in like circumstances to its own investors with respect to the establishment "
    "acquisition expansion management conduct operation and sale of investments in its territory."
)
ARTICLE_2 = (
    "Neither Party may expropriate or nationalise a covered investment either directly or "
    "indirectly through measures equivalent to expropriation except for a public purpose in a "
    "non discriminatory manner on payment of prompt adequate and effective compensation."
)
FILLER_A = "Zebra quokka marmot wombat ocelot."
FILLER_B = "Lorem ipsum dolor sit amet consectetur."


def check_offsets(a: str, b: str, found) -> None:
    """Every passage is cut at word boundaries of both texts as written."""
    for r in found.itertuples():
        assert a[r.start_a : r.end_a] == r.text_a and b[r.start_b : r.end_b] == r.text_b
        for text, s, e in ((a, r.start_a, r.end_a), (b, r.start_b, r.end_b)):
            assert text[s].isalnum() and text[e - 1].isalnum()
            assert s == 0 or not text[s - 1].isalpha()
            assert e == len(text) or not text[e].isalpha()


def test_passage_copied_verbatim_has_exact_offsets():
    a = f"{FILLER_A} {ARTICLE_1} {FILLER_A}"
    b = f"{FILLER_B}\n\n{ARTICLE_1.upper()}\n{FILLER_B}"
    found = reuse.passages(a, b)
    check_offsets(a, b, found)
    assert len(found) == 1
    row = found.iloc[0]
    start_a = a.index(ARTICLE_1)
    start_b = b.index(ARTICLE_1.upper())
    assert (row.start_a, row.end_a) == (
        start_a,
        start_a + len(ARTICLE_1) - 1,
    )  # the final "." is not a word
    assert (row.start_b, row.end_b) == (start_b, start_b + len(ARTICLE_1) - 1)
    assert row.words == len(ARTICLE_1.split())


def test_insertion_deletion_and_ocr_noise_are_joined():
    words = ARTICLE_1.split()
    inserted = " ".join(words[:15] + ["and", "its", "nationals"] + words[15:])
    deleted = " ".join(words[:10] + words[12:])
    noisy = " ".join(  # OCR: a last letter read as "1", never at the ends
        w if k % 9 != 4 or k > len(words) - 3 else w[:-1] + "1" for k, w in enumerate(words)
    )
    for variant in (inserted, deleted, noisy):
        a, b = f"{FILLER_A} {ARTICLE_1}", f"{variant} {FILLER_B}"
        found = reuse.passages(a, b, max_gap=5)
        check_offsets(a, b, found)
        assert len(found) == 1, variant
        assert found.iloc[0].text_a.startswith("Each Party") and found.iloc[0].text_a.endswith(
            "territory"
        )
        assert found.iloc[0].text_b.startswith("Each Party") and found.iloc[0].text_b.endswith(
            "territory"
        )


def test_reordered_articles_give_one_passage_each():
    a = f"{ARTICLE_1}\n\n{FILLER_A}\n\n{ARTICLE_2}"
    b = f"{ARTICLE_2}\n\n{FILLER_B}\n\n{ARTICLE_1}"
    found = reuse.passages(a, b)
    check_offsets(a, b, found)
    assert found["text_a"].tolist() == [ARTICLE_1[:-1], ARTICLE_2[:-1]]
    assert found["text_b"].tolist() == [ARTICLE_1[:-1], ARTICLE_2[:-1]]
    total = len(reuse.normalize(a)[0].split())
    assert found.coverage_a == pytest.approx(
        (len(ARTICLE_1.split()) + len(ARTICLE_2.split())) / total
    )


def reference_ngram_coverage(a: str, b: str, n: int) -> float:
    """Share of a's words inside some word n-gram that also occurs in b (Allee, Elsig, Lugg)."""
    wa = reuse.normalize(a)[0].split()
    wb = reuse.normalize(b)[0].split()
    grams = {tuple(wb[i : i + n]) for i in range(len(wb) - n + 1)}
    covered = set()
    for i in range(len(wa) - n + 1):
        if tuple(wa[i : i + n]) in grams:
            covered.update(range(i, i + n))
    return len(covered) / len(wa) if wa else 0.0


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(ARTICLE_1.split() + ARTICLE_2.split()), min_size=0, max_size=40),
    st.integers(0, 2),
)
def test_coverage_is_at_least_the_shared_ngram_coverage(extra, cut):
    words = ARTICLE_1.split()
    a = " ".join(extra[: len(extra) // 2] + words + extra[len(extra) // 2 :])
    b = " ".join(ARTICLE_2.split()[: 10 * cut] + words[cut * 3 :])
    found = reuse.passages(a, b)
    check_offsets(a, b, found)
    assert found.coverage_a >= reference_ngram_coverage(a, b, 6) - 1e-12
    assert found.coverage_b >= reference_ngram_coverage(b, a, 6) - 1e-12


def test_exact_copies_between_unrelated_words_cover_exactly_the_ngram_share():
    a = f"{FILLER_A} {ARTICLE_1} {FILLER_A}"
    b = f"{FILLER_B} {ARTICLE_1} {FILLER_B}"
    found = reuse.passages(a, b)
    assert found.coverage_a == pytest.approx(reference_ngram_coverage(a, b, 6))
    assert found.coverage_b == pytest.approx(reference_ngram_coverage(b, a, 6))


def test_passage_options_are_checked():
    with pytest.raises(ValueError, match="min_words"):
        reuse.passages("a", "b", min_words=0)
    with pytest.raises(ValueError, match="mismatch"):
        reuse.passages("a", "b", mismatch=1)


# -- corpus passages, clusters, units and views ------------------------------------------------


def corpus_texts() -> list[str]:
    return [
        f"{FILLER_A} {ARTICLE_1}",  # 2005
        f"{ARTICLE_1} {ARTICLE_2}",  # 1998: the source of both articles
        f"{FILLER_B} {ARTICLE_2} {ARTICLE_1}",  # 2010
        "Nothing in common with the others at all here.",
    ]


def test_all_passages_are_the_pairwise_ones_for_every_thread_count():
    texts = corpus_texts()
    found = reuse.find(texts, threshold=0.2, measure="containment", dates=[2005, 1998, 2010, 2001])
    results = [found.all_passages(n_jobs=n) for n in (1, 2)]
    passages, pairs = results[0]
    assert passages.equals(results[1][0]) and pairs.equals(results[1][1])
    for r in pairs.itertuples():
        one = found.passages(int(r.i), int(r.j))
        mine = passages[(passages.i == r.i) & (passages.j == r.j)]
        assert (
            mine[["start_a", "end_a", "start_b", "end_b", "words"]].values.tolist()
            == one[["start_a", "end_a", "start_b", "end_b", "words"]].values.tolist()
        )
        assert r.coverage_a == pytest.approx(one.coverage_a)
    for r in passages.itertuples():
        assert texts[r.i][r.start_a : r.end_a] == r.text_a


def test_clusters_link_passages_and_name_the_earliest_witness():
    texts = corpus_texts()
    found = reuse.find(texts, threshold=0.2, measure="containment", dates=[2005, 1998, 2010, 2001])
    clusters = found.clusters()
    assert sorted(clusters.groupby("cluster")["i"].apply(tuple).tolist()) == [(0, 1, 2), (1, 2)]
    sources = clusters[clusters.source]
    assert sources["i"].tolist() == [1, 1]  # the 1998 text
    for r in clusters.itertuples():
        assert texts[r.i][r.start : r.end] == r.text
    article_1 = clusters[clusters["documents"] == 3]
    assert all(ARTICLE_1[:-1] in t for t in article_1["text"])


def test_units_of_tota_chapters(tota_dir):
    from treatytext import datasets

    corpus = datasets.load_tota(limit=5, progress=False)
    chapters = reuse.units(corpus, "chapter")
    assert len(set(chapters.names)) == len(chapters)
    by_name = {d.name: d for d in corpus.documents}
    for text, row in zip(chapters.texts, chapters.metadata.itertuples(), strict=True):
        assert by_name[row.document].text[row.start : row.end] == text
    articles = reuse.units(corpus, "article")
    assert len(articles) == sum(len(d.clauses) for d in corpus.documents)
    investment = reuse.units(corpus, "chapter", chapter="invest")
    assert all("invest" in c.casefold() for c in investment.metadata["chapter"])


def test_views():
    import matplotlib

    matplotlib.use("Agg")
    a, b = f"{FILLER_A} {ARTICLE_1}", f"{ARTICLE_1} <b>{FILLER_B}</b>"
    view = reuse.passages(a, b, name_a="A", name_b="B").side_by_side()
    page = view._repr_html_()
    assert page.count("<mark") == 2 and "&lt;b&gt;" in page and 'href="#tt' in page
    found = reuse.find(
        corpus_texts(), threshold=0.2, measure="containment", dates=[2005, 1998, 2010, 2001]
    )
    assert found.heatmap().images
    assert found.network().patches or found.network().texts
    edges = reuse.edges(found)
    assert (
        set(edges["source"]) <= {"text1", "text2", "text3", "text4"} and (edges["weight"] > 0).all()
    )
    pytest.importorskip("networkx")
    graph = found.to_networkx()
    assert graph.has_edge("text2", "text1")


# -- command line -------------------------------------------------------------------------------


def test_cli_reuse_formats(tmp_path, capsys):
    import json

    from treatytext.cli import main

    texts = corpus_texts()
    files = []
    for k, text in enumerate(texts[:3]):
        path = tmp_path / f"t{k}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    expected = reuse.find(texts[:3], threshold=0.2, names=["t0", "t1", "t2"])
    assert main(["reuse", *files, "--threshold", "0.2", "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [(p["a"], p["b"]) for p in result["pairs"]] == list(
        zip(expected["a"], expected["b"], strict=True)
    )
    for pair in result["pairs"]:
        a, b = texts[int(pair["a"][1])], texts[int(pair["b"][1])]
        for p in pair["passages"]:
            assert (
                a[p["start_a"] : p["end_a"]] == p["text_a"]
                and b[p["start_b"] : p["end_b"]] == p["text_b"]
            )
    assert main(["reuse", *files, "--threshold", "0.2"]) == 0
    table = capsys.readouterr().out
    assert table.startswith("a ") and "passages:" in table
    assert main(["reuse", *files, "--threshold", "0.2", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("a,b,start_a,end_a")
    report = tmp_path / "r.html"
    assert (
        main(["reuse", *files, "--threshold", "0.2", "--format", "html", "--html", str(report)])
        == 0
    )
    assert "<mark" in capsys.readouterr().out and "<mark" in report.read_text(encoding="utf-8")
    assert main(["reuse", files[0]]) == 1
    assert "at least two files" in capsys.readouterr().err


def test_side_by_side_flags_the_words_that_differ() -> None:
    changed = ARTICLE_1.replace("no less favourable", "not less favourable")
    a, b = f"{FILLER_A} {ARTICLE_1}", f"{changed} {FILLER_B}"
    page = reuse.passages(a, b, name_a="A", name_b="B").side_by_side()._repr_html_()
    flagged = re.findall(r'<span class="tt-diff">([^<]*)</span>', page)
    assert flagged == ["no", "not"]  # inside the passage, only the changed word, on each side
    # most of both texts lies in the passage: it is drawn pale, the fillers outside flagged
    assert 'class="tt-reuse same"' in page and "mostly the same text" in page
    assert f'<span class="tt-only">{FILLER_A} </span>' in page
    long_a = f"{FILLER_A * 12} {ARTICLE_1}"
    apart = reuse.passages(long_a, changed).side_by_side()._repr_html_()
    assert 'class="tt-reuse"' in apart and 'class="tt-only"' not in apart  # A mostly outside


def test_reuse_report_summary_first_and_details() -> None:
    texts = corpus_texts()
    names = [f"text{k + 1}" for k in range(len(texts))]
    found = reuse.find(texts, threshold=0.2, measure="containment")
    passages, found = found.all_passages()
    page = reuse.reuse_report(found, passages, texts, names)
    assert page.index("pairs reach the threshold") < page.index("<details")
    assert "most alike (jaccard)" in page
    assert page.count("side by side</summary>") == min(20, len(found))


def test_pairs_with_coverage_keep_their_texts_and_the_report_draws_the_heatmap() -> None:
    texts = corpus_texts()
    found = reuse.find(texts, threshold=0.2, measure="containment")
    _, covered = found.all_passages()
    assert covered.texts == found.texts and covered.names == found.names
    pd_testing = pytest.importorskip("pandas").testing
    pd_testing.assert_frame_equal(covered.share_matrix(), found.share_matrix())
    page = reuse.reuse_report(covered, found.all_passages()[0], texts, found.names)
    assert page.count('src="data:image/png;base64,') == 1  # the share heatmap (4 texts)
