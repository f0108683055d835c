// The reuse stage: normalization offsets, set measures by hand, the exact pair search against
// all pairs, passages with known offsets, clusters.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "reuse/internal.hpp"
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
      std::vector<std::int64_t> a, b;
      std::vector<std::vector<std::uint64_t>> sets;
      for (const auto& t : texts) sets.push_back(tt::shingle_set(t, options.shingles));
      for (std::size_t i = 0; i < texts.size(); ++i) {
        for (std::size_t j = i + 1; j < texts.size(); ++j) {
          const tt::SetSimilarity s = tt::set_similarity(sets[i], sets[j]);
          const double smaller = static_cast<double>(std::min(s.size_a, s.size_b));
          const double value = measure == tt::ReuseMeasure::jaccard ? s.jaccard
                               : smaller > 0 ? static_cast<double>(s.intersection) / smaller
                                             : 0.0;
          if (s.intersection > 0 && value >= threshold) {
            a.push_back(static_cast<std::int64_t>(i));
            b.push_back(static_cast<std::int64_t>(j));
          }
        }
      }
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
