// The reuse stage: normalization offsets, set measures by hand, the exact pair search against
// all pairs, passages with known offsets, clusters; MinHash signatures against known Jaccard,
// the LSH bands against a brute-force minimisation and datasketch, the LSH search against the
// exact one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "reuse/internal.hpp"
#include "reuse/minhash.hpp"
#include "treatytext/error.hpp"
#include "treatytext/reuse.hpp"

namespace tt = treatytext;

TEST(ReuseNormalize, FoldsSeparatesAndMapsBack) {
  const std::string text =
      "  Stra\xc3\x9f"
      "e, CO\xc2\xad"
      "OP\xe2\x80\x94X 12 ";  // "  Straße, CO\u00adOP—X 12 "
  const tt::NormalizedText n = tt::normalize_for_reuse(text);
  EXPECT_EQ(n.text, "strasse coop x");
  const std::vector<std::uint32_t> origin{2, 3, 4, 5, 6, 6, 7, 8, 10, 11, 13, 14, 15, 16};
  EXPECT_EQ(n.origin, origin);
  ASSERT_EQ(n.word_begin.size(), 3u);
  EXPECT_EQ(n.original_begin(1), 10u);
  EXPECT_EQ(n.original_end(1), 15u);  // "CO\u00adOP" ends before the dash
  EXPECT_EQ(tt::normalize_for_reuse("Art. 12", {true, true}).text, "art. 12");
  EXPECT_THROW(tt::normalize_for_reuse("bad \xff byte"), tt::encoding_error);
}

TEST(ReuseShingles, MeasuresByHand) {
  // "abcd" -> {abc, bcd}; "bcde" -> {bcd, cde}: one shared of three.
  const tt::SetSimilarity s = tt::shingle_similarity("ABCD", "bcde", {tt::ShingleUnit::character, 3, {}});
  EXPECT_EQ(s.intersection, 1);
  EXPECT_DOUBLE_EQ(s.jaccard, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.containment_a, 0.5);
  const tt::SetSimilarity w =
      tt::shingle_similarity("the parties shall", "The Parties, shall not", {tt::ShingleUnit::word, 2, {}});
  EXPECT_EQ(w.size_a, 2);
  EXPECT_EQ(w.size_b, 3);
  EXPECT_EQ(w.intersection, 2);
  EXPECT_DOUBLE_EQ(w.containment_a, 1.0);
  EXPECT_DOUBLE_EQ(tt::shingle_similarity("ab", "ab").jaccard, 0.0);  // shorter than q: no shingles
  EXPECT_THROW(tt::shingle_similarity("a", "b", {tt::ShingleUnit::character, 0, {}}), tt::invalid_argument);
}

// The pairs (i < j) whose measure reaches the threshold, by intersecting every pair of sets.
struct BrutePairs {
  std::vector<std::int64_t> a, b, common;
};
BrutePairs all_pairs(const std::vector<std::string>& texts, const tt::FindReuseOptions& options) {
  BrutePairs pairs;
  std::vector<std::vector<std::uint64_t>> sets;
  for (const auto& t : texts) sets.push_back(tt::shingle_set(t, options.shingles));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (std::size_t j = i + 1; j < texts.size(); ++j) {
      const tt::SetSimilarity s = tt::set_similarity(sets[i], sets[j]);
      const double smaller = static_cast<double>(std::min(s.size_a, s.size_b));
      const double value = options.measure == tt::ReuseMeasure::jaccard ? s.jaccard
                           : smaller > 0 ? static_cast<double>(s.intersection) / smaller
                                         : 0.0;
      if (s.intersection > 0 && value >= options.threshold) {
        pairs.a.push_back(static_cast<std::int64_t>(i));
        pairs.b.push_back(static_cast<std::int64_t>(j));
        pairs.common.push_back(s.intersection);
      }
    }
  }
  return pairs;
}

TEST(ReuseFind, EqualsAllPairsForEveryThreadCount) {
  const std::vector<std::string> words{"tariff", "goods", "party", "shall", "trade", "the", "origin"};
  std::vector<std::string> texts;
  std::uint64_t state = 7;
  for (int d = 0; d < 40; ++d) {
    std::string text;
    const int length = static_cast<int>(state % 15);
    for (int k = 0; k < length; ++k) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      text += words[(state >> 33) % words.size()] + " ";
    }
    texts.push_back(text);
  }
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  for (const auto measure : {tt::ReuseMeasure::jaccard, tt::ReuseMeasure::containment}) {
    for (const double threshold : {0.2, 0.5, 1.0}) {
      tt::FindReuseOptions options;
      options.measure = measure;
      options.threshold = threshold;
      const auto [a, b, common] = all_pairs(texts, options);
      for (const int threads : {1, 2, 3}) {
        options.n_threads = threads;
        const tt::FindReuseResult r = tt::find_reuse(views, options);
        EXPECT_EQ(r.a, a) << threshold << " " << threads;
        EXPECT_EQ(r.b, b) << threshold << " " << threads;
      }
    }
  }
  tt::FindReuseOptions bad;
  bad.threshold = 0.0;
  EXPECT_THROW(tt::find_reuse(views, bad), tt::invalid_argument);
}

TEST(ReuseFind, LongTextsEqualAllPairsWithBitmapsOrMergedLists) {
  // Texts of a few thousand shingles drawn from templates with edits, so that pairs fall on
  // both sides of each threshold, and a merge of id lists can stop early or must run to its end.
  std::uint64_t state = 11;
  const auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  std::vector<std::string> templates;
  for (int k = 0; k < 4; ++k) {
    std::string text;
    for (int w = 0; w < 600; ++w) {  // words of letters (the normalization drops digits)
      for (std::uint64_t v = next() % 5000 + 26; v > 0; v /= 26) text += static_cast<char>('a' + v % 26);
      text += ' ';
    }
    templates.push_back(text);
  }
  std::vector<std::string> texts;
  for (int d = 0; d < 36; ++d) {
    std::string text = templates[static_cast<std::size_t>(d % 4)];
    const std::size_t edits = next() % 80;  // replaced characters
    for (std::size_t e = 0; e < edits; ++e) text[next() % text.size()] = static_cast<char>('a' + next() % 26);
    texts.push_back(text.substr(0, text.size() - next() % (text.size() / 3)));
  }
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  for (const auto measure : {tt::ReuseMeasure::jaccard, tt::ReuseMeasure::containment}) {
    for (const double threshold : {0.3, 0.5, 0.8}) {
      tt::FindReuseOptions options;
      options.measure = measure;
      options.threshold = threshold;
      const auto [a, b, common] = all_pairs(texts, options);
      ASSERT_FALSE(a.empty()) << threshold;
      ASSERT_LT(a.size(), texts.size() * (texts.size() - 1) / 2) << threshold;
      for (const std::size_t budget : {std::size_t{256} << 20, std::size_t{0}}) {
        for (const int threads : {1, 2}) {
          options.bitmap_budget_bytes = budget;
          options.n_threads = threads;
          const tt::FindReuseResult r = tt::find_reuse(views, options);
          EXPECT_EQ(r.a, a) << threshold << " " << budget << " " << threads;
          EXPECT_EQ(r.b, b) << threshold << " " << budget << " " << threads;
          EXPECT_EQ(r.intersection, common) << threshold << " " << budget << " " << threads;
        }
      }
    }
  }
}

TEST(ReusePassages, VerbatimCopyHasExactOffsets) {
  const std::string article =
      "Each Party shall accord to investors of the other Party treatment no less favourable than that it "
      "accords to its own investors";
  const std::string a = "Zebra quokka marmot. " + article + ". Wombat ocelot.";
  const std::string b = "Lorem ipsum dolor sit amet. " + article + "; consectetur.";
  const tt::Passages p = tt::find_passages(a, b);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p.start_a[0], 21);
  EXPECT_EQ(p.end_a[0], 21 + static_cast<std::int64_t>(article.size()));
  EXPECT_EQ(p.start_b[0], 28);
  EXPECT_EQ(p.end_b[0], 28 + static_cast<std::int64_t>(article.size()));
  EXPECT_EQ(p.words[0], 22);
  EXPECT_EQ(p.covered_a, 22);
  EXPECT_EQ(p.words_a, 27);
}

TEST(ReuseClusters, SingleLinkAndEarliestWitness) {
  // Passages 0: doc 0 [0,10) ~ doc 1 [5,15); 1: doc 1 [12,20) ~ doc 2 [0,8) (overlaps passage 0 in doc 1);
  // 2: doc 3 [0,5) ~ doc 4 [0,5).
  const std::vector<std::int64_t> doc_a{0, 1, 3}, start_a{0, 12, 0}, end_a{10, 20, 5};
  const std::vector<std::int64_t> doc_b{1, 2, 4}, start_b{5, 0, 0}, end_b{15, 8, 5};
  const std::vector<double> dates{2000, 1990, 1995, 1980, std::nan("")};
  const tt::PassageClusters c = tt::cluster_passages(5, doc_a, start_a, end_a, doc_b, start_b, end_b, dates);
  EXPECT_EQ(c.cluster, (std::vector<std::int64_t>{0, 0, 0, 1, 1}));
  EXPECT_EQ(c.document, (std::vector<std::int64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(c.start, (std::vector<std::int64_t>{0, 5, 0, 0, 0}));
  EXPECT_EQ(c.end, (std::vector<std::int64_t>{10, 20, 8, 5, 5}));  // doc 1's two sides merged
  EXPECT_EQ(c.source, (std::vector<std::int64_t>{1, 3}));          // 1990 and 1980
  EXPECT_EQ(c.size, (std::vector<std::int64_t>{3, 2}));
}

// sort_by_hash against std::sort, below and above the size from which it sorts in parts, with
// hashes drawn from few values (long runs of equal hashes, some in order, some not) and from
// many (runs that agree on the radix bits only by chance), for both shifts find_reuse uses.
TEST(ReuseSortByHash, EqualsStdSort) {
  std::mt19937_64 random(13);
  using Item = std::pair<std::uint64_t, std::uint32_t>;
  for (const std::size_t n : {std::size_t{1000}, tt::detail::kHashPartitionFrom - 1,
                              tt::detail::kHashPartitionFrom, std::size_t{200000}}) {
    for (const std::uint64_t distinct : {std::uint64_t{50}, std::uint64_t{1} << 40}) {
      for (const unsigned shift : {32u, 24u}) {
        std::vector<std::uint64_t> values(std::min<std::uint64_t>(distinct, n));
        for (auto& v : values) v = random() >> (32 - shift);  // bits above 32 + shift are zero
        std::vector<Item> items(n);
        for (std::size_t k = 0; k < n; ++k)
          items[k] = {values[random() % values.size()], static_cast<std::uint32_t>(k % 2 ? random() % 7 : k)};
        std::vector<Item> expected = items, scratch;
        std::sort(expected.begin(), expected.end());
        tt::detail::sort_by_hash(
            items, scratch, [](const Item& item) { return item.first; }, std::less<>(), shift);
        EXPECT_EQ(items, expected) << "n " << n << " distinct " << distinct << " shift " << shift;
      }
    }
  }
}

namespace {

// Sets A, B with |A ∩ B| = common, |A \ B| = only_a, |B \ A| = only_b of consecutive values
// from `first` (consecutive ids are what find_reuse hashes: the hardest input for a weak mix).
std::pair<std::vector<std::uint32_t>, std::vector<std::uint32_t>> known_sets(std::uint32_t first,
                                                                             std::uint32_t common,
                                                                             std::uint32_t only_a,
                                                                             std::uint32_t only_b) {
  std::vector<std::uint32_t> a, b;
  for (std::uint32_t v = first; v < first + common; ++v) a.push_back(v), b.push_back(v);
  for (std::uint32_t v = first + common; v < first + common + only_a; ++v) a.push_back(v);
  for (std::uint32_t v = first + common + only_a; v < first + common + only_a + only_b; ++v) b.push_back(v);
  return {a, b};
}

std::vector<std::uint64_t> id_signature(const std::vector<std::uint32_t>& ids, int num_perm,
                                        std::uint64_t seed) {
  std::vector<std::uint64_t> signature(static_cast<std::size_t>(num_perm)), filled;
  tt::detail::minhash_ids_into(ids, num_perm, seed, signature, filled);
  return signature;
}

}  // namespace

TEST(MinHash, SignaturesAreDeterministicSeededAndOrderFree) {
  std::mt19937_64 random(5);
  std::vector<std::uint64_t> set(500);
  for (auto& v : set) v = random();
  const auto signature = tt::minhash_signature(set, 128, 7);
  ASSERT_EQ(signature.size(), 128u);
  std::vector<std::uint64_t> shuffled = set;
  std::shuffle(shuffled.begin(), shuffled.end(), random);
  EXPECT_EQ(tt::minhash_signature(shuffled, 128, 7), signature);
  EXPECT_NE(tt::minhash_signature(set, 128, 8), signature);
  EXPECT_DOUBLE_EQ(tt::minhash_jaccard(signature, signature), 1.0);
  for (const auto slot : signature) EXPECT_LT(slot, std::uint64_t{1} << 63);
  // find_reuse's id sets give the signature of the same values as 64-bit ones.
  const std::vector<std::uint32_t> ids{3, 1, 4, 15, 9, 26};
  EXPECT_EQ(id_signature(ids, 64, 2),
            tt::minhash_signature(std::vector<std::uint64_t>(ids.begin(), ids.end()), 64, 2));
  // An empty set: every slot empty, and no estimate with it (Jaccard of empty sets is 0).
  const auto empty = tt::minhash_signature({}, 16);
  EXPECT_EQ(empty, std::vector<std::uint64_t>(16, tt::detail::kEmptySlot));
  EXPECT_DOUBLE_EQ(tt::minhash_jaccard(empty, empty), 0.0);
  // A single value fills one bin; densification copies it everywhere.
  const auto single = tt::minhash_signature(std::vector<std::uint64_t>{42}, 32);
  EXPECT_EQ(std::count(single.begin(), single.end(), single[0]), 32);
  EXPECT_THROW(tt::minhash_signature(set, 0), tt::invalid_argument);
  EXPECT_THROW(tt::minhash_signature(set, tt::detail::kMaxPermutations + 1), tt::invalid_argument);
  EXPECT_THROW(tt::minhash_jaccard(signature, empty), tt::invalid_argument);
}

// The estimate over many pairs of known Jaccard: its mean is J (unbiased) and its variance about
// J (1 - J) / num_perm (slots nearly independent) for large sets; small sets, mostly densified
// bins, are still unbiased. Fixed seeds: the figures are the same on every run.
TEST(MinHash, EstimatorMeanIsTheTrueJaccard) {
  constexpr int kPerm = 128, kPairs = 300;
  struct Shape {
    std::uint32_t common, only_a, only_b;
  };
  // J = 0.1, 0.3, 0.5, 0.8 on sets of thousands; 0.5 and 0.25 on sets of 20 and 10.
  for (const Shape shape : {Shape{400, 1800, 1800}, Shape{1500, 1750, 1750}, Shape{3000, 1000, 2000},
                            Shape{4000, 500, 500}, Shape{10, 5, 5}, Shape{4, 4, 8}}) {
    const double truth = static_cast<double>(shape.common) / (shape.common + shape.only_a + shape.only_b);
    double sum = 0, squares = 0;
    for (int pair = 0; pair < kPairs; ++pair) {
      const auto [a, b] =
          known_sets(static_cast<std::uint32_t>(pair) * 10000, shape.common, shape.only_a, shape.only_b);
      const double estimate = tt::minhash_jaccard(id_signature(a, kPerm, 1), id_signature(b, kPerm, 1));
      sum += estimate;
      squares += (estimate - truth) * (estimate - truth);
    }
    const double mean = sum / kPairs, variance = squares / kPairs;
    const double classic = truth * (1 - truth) / kPerm;  // k independent hash functions
    // The mean of 300 estimates has a standard deviation of at most 0.012 (small sets) here.
    EXPECT_NEAR(mean, truth, 0.015) << "J " << truth;
    if (shape.common + shape.only_a + shape.only_b > 1000) {
      EXPECT_LT(variance, 1.3 * classic) << "J " << truth;
      EXPECT_GT(variance, 0.5 * classic) << "J " << truth;  // not suspiciously exact either
    }
  }
}

// The band choice against a minimisation computed here by another rule (midpoint, 5000 steps):
// the chosen (b, r) has the least weighted error up to the two rules' difference; and against
// datasketch's own _optimal_param at num_perm 16 and 128.
TEST(LshBands, MinimiseTheWeightedErrorsAsDatasketch) {
  const auto midpoint = [](auto&& f, double lo, double hi) {
    constexpr int kSteps = 5000;
    double sum = 0;
    for (int i = 0; i < kSteps; ++i) sum += f(lo + (i + 0.5) * (hi - lo) / kSteps);
    return sum * (hi - lo) / kSteps;
  };
  for (const int perm : {16, 64}) {
    for (const double t : {0.1, 0.3, 0.5, 0.7, 0.9}) {
      for (const double w_fp : {0.5, 0.2}) {
        const double w_fn = 1 - w_fp;
        const auto error = [&](tt::LshBands bands) {
          const auto p = [&](double s) { return bands.candidate_probability(s); };
          return w_fp * midpoint(p, 0, t) + w_fn * midpoint([&](double s) { return 1 - p(s); }, t, 1);
        };
        double best = 1e300;
        for (int b = 1; b <= perm; ++b)
          for (int r = 1; b * r <= perm; ++r) best = std::min(best, error({b, r}));
        const tt::LshBands chosen = tt::lsh_bands(t, perm, w_fp, w_fn);
        EXPECT_LE(chosen.bands * chosen.rows, perm);
        EXPECT_LE(error(chosen), best + 1e-6) << "t " << t << " perm " << perm;
      }
    }
  }
  // datasketch 1.6: MinHashLSH(threshold, num_perm).b, .r
  const std::vector<std::tuple<double, int, int, int>> datasketch{
      {0.1, 16, 15, 1},  {0.3, 16, 8, 2},   {0.5, 16, 5, 3},   {0.7, 16, 3, 5},   {0.9, 16, 1, 15},
      {0.1, 128, 64, 2}, {0.3, 128, 37, 3}, {0.5, 128, 25, 5}, {0.7, 128, 14, 9}, {0.9, 128, 5, 25}};
  for (const auto& [t, perm, b, r] : datasketch) {
    const tt::LshBands chosen = tt::lsh_bands(t, perm);
    EXPECT_EQ(chosen.bands, b) << t << " " << perm;
    EXPECT_EQ(chosen.rows, r) << t << " " << perm;
  }
  EXPECT_DOUBLE_EQ((tt::LshBands{2, 2}.candidate_probability(0.5)), 1 - 0.75 * 0.75);
  EXPECT_THROW(tt::lsh_bands(0.0, 128), tt::invalid_argument);
  EXPECT_THROW(tt::lsh_bands(0.5, 0), tt::invalid_argument);
  EXPECT_THROW(tt::lsh_bands(0.5, 128, -1, 0.5), tt::invalid_argument);
}

// The index's candidates are exactly the pairs whose signatures agree on all rows of some band,
// computed here slot by slot; empty sets have none; the same for 1 and 3 threads.
TEST(LshIndex, CandidatesArePairsAgreeingOnABand) {
  std::mt19937_64 random(11);
  std::vector<std::vector<std::uint32_t>> sets;
  for (int d = 0; d < 120; ++d) {  // small sets from 40 ids: many collisions at 2 rows
    std::set<std::uint32_t> ids;
    const auto size = d % 17 == 0 ? 0 : 3 + random() % 12;
    while (ids.size() < size) ids.insert(static_cast<std::uint32_t>(random() % 40));
    sets.emplace_back(ids.begin(), ids.end());
  }
  const tt::LshBands bands{8, 2};
  constexpr int kPerm = 20;  // 4 slots left out of every band
  std::set<std::pair<std::size_t, std::size_t>> expected;
  std::vector<std::vector<std::uint64_t>> signatures;
  for (const auto& set : sets) signatures.push_back(id_signature(set, kPerm, 3));
  for (std::size_t x = 0; x < sets.size(); ++x)
    for (std::size_t y = 0; y < sets.size(); ++y)
      for (int band = 0; x != y && !sets[x].empty() && !sets[y].empty() && band < bands.bands; ++band)
        if (std::equal(signatures[x].begin() + band * 2, signatures[x].begin() + band * 2 + 2,
                       signatures[y].begin() + band * 2)) {
          expected.insert({x, y});
          break;
        }
  ASSERT_GT(expected.size(), 100u);
  ASSERT_LT(expected.size(), sets.size() * (sets.size() - 1));
  for (const int threads : {1, 3}) {
    const tt::detail::LshIndex index(sets, kPerm, bands, 3, threads);
    std::set<std::pair<std::size_t, std::size_t>> found;
    for (std::size_t x = 0; x < sets.size(); ++x)
      index.for_each_candidate(x, [&](std::uint32_t y) { found.insert({x, y}); });
    EXPECT_EQ(found, expected) << threads << " threads";
  }
}

namespace {

// Texts of random words and their variants with a share of the words replaced: Jaccards of
// their 5-gram sets spread from about 0.2 to 1 within a family, near 0 across families.
std::vector<std::string> families_of_texts() {
  std::mt19937_64 random(17);
  const auto word = [&] {  // letters only: normalization drops digits
    std::string w(4 + random() % 6, 'a');
    for (auto& c : w) c = static_cast<char>('a' + random() % 26);
    return w;
  };
  std::vector<std::string> texts;
  for (int family = 0; family < 10; ++family) {
    std::vector<std::string> base(250);
    for (auto& w : base) w = word();
    for (const double replaced : {0.0, 0.01, 0.03, 0.06, 0.1, 0.15, 0.2, 0.3, 0.45}) {
      std::string text;
      for (const auto& w : base)
        text += (static_cast<double>(random() % 1000) < replaced * 1000 ? word() : w) + " ";
      texts.push_back(text);
    }
  }
  return texts;
}

}  // namespace

namespace {

// An LSH result against the exact one: its pairs are exact pairs with the same values; every
// exact pair of Jaccard >= `sure` is there; and as many pairs as the S-curve predicts (its sum
// over the exact pairs) within 4 standard deviations — the slots are nearly independent on
// sets of this size. Returns the number of exact pairs it lacks.
std::size_t check_lsh_result(const tt::FindReuseResult& lsh, const tt::FindReuseResult& exact, double sure) {
  std::set<std::pair<std::int64_t, std::int64_t>> found;
  for (std::size_t p = 0, e = 0; p < lsh.a.size(); ++p) {
    found.insert({lsh.a[p], lsh.b[p]});
    while (e < exact.a.size() && std::pair(exact.a[e], exact.b[e]) < std::pair(lsh.a[p], lsh.b[p])) ++e;
    if (e == exact.a.size() || std::pair(exact.a[e], exact.b[e]) != std::pair(lsh.a[p], lsh.b[p])) {
      ADD_FAILURE() << "pair " << lsh.a[p] << ", " << lsh.b[p] << " is not an exact one";
      continue;
    }
    EXPECT_EQ(lsh.intersection[p], exact.intersection[e]);
    EXPECT_EQ(lsh.jaccard[p], exact.jaccard[e]);
    EXPECT_EQ(lsh.containment_a[p], exact.containment_a[e]);
    EXPECT_EQ(lsh.containment_b[p], exact.containment_b[e]);
  }
  const tt::LshBands bands{lsh.bands, lsh.rows};
  std::size_t sure_pairs = 0;
  double expected = 0, spread = 0;
  for (std::size_t e = 0; e < exact.a.size(); ++e) {
    const double p = bands.candidate_probability(exact.jaccard[e]);
    expected += p;
    spread += p * (1 - p);
    if (exact.jaccard[e] < sure) continue;
    ++sure_pairs;
    EXPECT_EQ(found.count({exact.a[e], exact.b[e]}), 1u) << "missed a pair of Jaccard " << exact.jaccard[e];
  }
  EXPECT_GT(sure_pairs, 25u);
  EXPECT_NEAR(static_cast<double>(lsh.a.size()), expected, 4 * std::sqrt(spread))
      << bands.bands << "x" << bands.rows;
  EXPECT_GE(lsh.candidates, static_cast<std::int64_t>(lsh.a.size()));
  return exact.a.size() - lsh.a.size();
}

}  // namespace

TEST(ReuseFindMinHash, SubsetOfExactWithExactValuesAsTheSCurvePredicts) {
  const std::vector<std::string> texts = families_of_texts();
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  const auto all_pairs = static_cast<std::int64_t>(texts.size() * (texts.size() - 1) / 2);
  tt::FindReuseOptions options;
  options.threshold = 0.5;
  const tt::FindReuseResult exact = tt::find_reuse(views, options);
  ASSERT_GT(exact.a.size(), 100u);
  EXPECT_EQ(exact.bands, 0);
  options.search = tt::ReuseSearch::minhash;
  const tt::FindReuseResult first = tt::find_reuse(views, options);
  EXPECT_EQ(first.bands, 25);  // lsh_bands(0.5, 128), as datasketch
  EXPECT_EQ(first.rows, 5);
  // At 25 x 5 a pair of Jaccard 0.85 is missed with probability 4e-7; near 0.5, often.
  EXPECT_GT(check_lsh_result(first, exact, 0.85), 0u);
  EXPECT_LT(first.candidates, all_pairs / 8);  // the bands, not the size filter, chose them
  for (const int threads : {2, 3}) {
    options.n_threads = threads;
    const tt::FindReuseResult again = tt::find_reuse(views, options);
    EXPECT_EQ(again.a, first.a) << threads;
    EXPECT_EQ(again.b, first.b) << threads;
    EXPECT_EQ(again.candidates, first.candidates) << threads;
  }
  // Given bands (rows default to num_perm / bands), another seed.
  options.bands = 40;
  options.seed = 99;
  const tt::FindReuseResult given = tt::find_reuse(views, options);
  EXPECT_EQ(given.bands, 40);
  EXPECT_EQ(given.rows, 3);
  check_lsh_result(given, exact, 0.8);
  // Chosen with a false-negative weight of 0.9: datasketch's (32, 4) for weights (0.1, 0.9).
  options.bands = 0;
  options.seed = 1;
  options.false_negative_weight = 0.9;
  const tt::FindReuseResult recall = tt::find_reuse(views, options);
  EXPECT_EQ(recall.bands, 32);
  EXPECT_EQ(recall.rows, 4);
  check_lsh_result(recall, exact, 0.8);
}

TEST(ReuseFindMinHash, BadOptionsAreRejected) {
  const std::vector<std::string_view> views{"the parties shall", "the parties may"};
  const auto rejects = [&](auto&& change, const std::string& fragment) {
    tt::FindReuseOptions options;
    options.search = tt::ReuseSearch::minhash;
    change(options);
    try {
      tt::find_reuse(views, options);
      ADD_FAILURE() << "accepted; expected " << fragment;
    } catch (const tt::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  rejects([](auto& o) { o.measure = tt::ReuseMeasure::containment; }, "cannot bound containment");
  rejects([](auto& o) { o.num_perm = 0; }, "num_perm must be in [1, 4096]");
  rejects([](auto& o) { o.num_perm = 5000; }, "num_perm must be in [1, 4096]");
  rejects([](auto& o) { o.bands = 129; }, "bands must be in [0, num_perm = 128]");
  rejects([](auto& o) { o.bands = -1; }, "bands must be in");
  rejects([](auto& o) { o.rows = 4; }, "rows needs bands");
  rejects([](auto& o) { o.rows = -2; }, "rows must be >= 0");
  rejects([](auto& o) { o.bands = 20, o.rows = 7; }, "bands * rows must be <= num_perm, got 20 * 7 > 128");
  rejects([](auto& o) { o.search = static_cast<tt::ReuseSearch>(7); }, "search must be exact or minhash");
  rejects([](auto& o) { o.false_negative_weight = 1.5; }, "false_negative_weight must be in [0, 1], got 1.5");
  // The exact search accepts containment, and ignores nothing it was given wrongly.
  tt::FindReuseOptions exact;
  exact.measure = tt::ReuseMeasure::containment;
  EXPECT_NO_THROW(tt::find_reuse(views, exact));
  exact.num_perm = 0;
  EXPECT_THROW(tt::find_reuse(views, exact), tt::invalid_argument);
}
