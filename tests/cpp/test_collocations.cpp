#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "treatytext/collocations.hpp"
#include "treatytext/error.hpp"
#include "treatytext/keyness.hpp"

using namespace treatytext;

namespace {

// Three clauses; -1 is a gap (a removed token) that no n-gram spans.
const std::vector<std::vector<std::int32_t>> kClauses{{0, 1, 2, 0, 1}, {3, 0, 1, -1, 0, 1}, {2, 0, 1, 2}};

std::ptrdiff_t find(const Collocations& c, std::vector<std::int32_t> gram) {
  for (std::size_t r = 0; r < c.size(); ++r)
    if (std::equal(gram.begin(), gram.end(), c.ids.begin() + static_cast<std::ptrdiff_t>(r) * c.n)) return r;
  return -1;
}

}  // namespace

TEST(Collocations, BigramsByHand) {
  // Bigram tokens: (0 1) x5, (1 2) x2, (2 0) x2, (3 0) x1: N = 10; nothing crosses a clause end
  // or the gap.
  const auto c = collocations(kClauses, {});
  EXPECT_EQ(c.total, 10);
  ASSERT_EQ(c.size(), 3u);  // (3 0) is below min_count = 2
  const auto r01 = find(c, {0, 1}), r12 = find(c, {1, 2}), r20 = find(c, {2, 0});
  ASSERT_GE(r01, 0);
  ASSERT_GE(r12, 0);
  ASSERT_GE(r20, 0);
  // (0 1): table [[5, 0], [0, 5]], E11 = 2.5.
  EXPECT_EQ(c.count[r01], 5);
  EXPECT_NEAR(c.expected[r01], 2.5, 1e-12);
  EXPECT_NEAR(c.g2[r01], 20 * std::log(2.0), 1e-12);
  EXPECT_NEAR(c.pmi[r01], 1.0, 1e-12);
  EXPECT_NEAR(c.p_value[r01], chi_squared_sf(20 * std::log(2.0)), 1e-15);
  // (1 2): table [[2, 0], [0, 8]], E = [[0.4, 1.6], [1.6, 6.4]].
  EXPECT_NEAR(c.g2[r12], 2 * (2 * std::log(5.0) + 8 * std::log(1.25)), 1e-12);
  EXPECT_NEAR(c.pmi[r12], std::log2(5.0), 1e-12);
  // (2 0): table [[2, 0], [1, 7]], E = [[0.6, 1.4], [2.4, 5.6]].
  EXPECT_NEAR(c.g2[r20], 2 * (2 * std::log(2 / 0.6) + std::log(1 / 2.4) + 7 * std::log(7 / 5.6)), 1e-12);
  EXPECT_NEAR(c.pmi[r20], std::log2(2 * 10 / 6.0), 1e-12);
  // Sorted by G², descending.
  EXPECT_EQ(r01, 0);
  for (std::size_t i = 1; i < c.size(); ++i) EXPECT_GE(c.g2[i - 1], c.g2[i]);
}

TEST(Collocations, SortByPmiAndCountWithDeterministicTies) {
  CollocationOptions options;
  options.sort_by = CollocationScore::pmi;
  const auto by_pmi = collocations(kClauses, options);
  EXPECT_EQ(find(by_pmi, {1, 2}), 0);  // log2 5 > log2 (10/3) > 1
  EXPECT_EQ(find(by_pmi, {2, 0}), 1);
  options.sort_by = CollocationScore::count;
  options.min_count = 1;
  const auto by_count = collocations(kClauses, options);
  ASSERT_EQ(by_count.size(), 4u);
  EXPECT_EQ(find(by_count, {0, 1}), 0);
  EXPECT_EQ(find(by_count, {1, 2}), 1);  // ties in count: ids in lexicographic order
  EXPECT_EQ(find(by_count, {2, 0}), 2);
  EXPECT_EQ(find(by_count, {3, 0}), 3);
}

TEST(Collocations, RepelledPairHasNegativeG2) {
  // Bigrams (0 1) (0 0) (1 0) (0 1) (1 0): 0 fills the first slot 3 times of 5 and the second
  // 3 times, so E(0 0) = 9/5 = 1.8 > 1: a repelled pair, with a negative G².
  const std::vector<std::vector<std::int32_t>> clauses{{0, 1}, {0, 0}, {1, 0}, {0, 1}, {1, 0}};
  CollocationOptions options;
  options.min_count = 1;
  const auto c = collocations(clauses, options);
  const auto r = find(c, {0, 0});
  ASSERT_GE(r, 0);
  EXPECT_NEAR(c.expected[r], 1.8, 1e-12);
  EXPECT_LT(c.g2[r], 0);
  EXPECT_EQ(r, static_cast<std::ptrdiff_t>(c.size()) - 1);
}

TEST(Collocations, TrigramsByTheirWeakerSplit) {
  // Trigrams (0 1 2) x2 and (0 1 3) x1: (0 1) is in every trigram, so (0 1) + 2 gives
  // E = 3 x 2 / 3 = 2 = O: G² = 0, PMI = 0 (and likewise 0 + (1 2)).
  const std::vector<std::vector<std::int32_t>> clauses{{0, 1, 2}, {0, 1, 2}, {0, 1, 3}};
  CollocationOptions options;
  options.n = 3;
  const auto c = collocations(clauses, options);
  EXPECT_EQ(c.total, 3);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_NEAR(c.expected[0], 2.0, 1e-12);
  EXPECT_NEAR(c.g2[0], 0.0, 1e-12);
  EXPECT_NEAR(c.pmi[0], 0.0, 1e-12);
  EXPECT_NEAR(c.p_value[0], 1.0, 1e-12);
  // Two trigrams, twice each: both splits are the table [[2, 0], [0, 2]] with E = 1.
  const std::vector<std::vector<std::int32_t>> pairs{{0, 1, 2}, {3, 4, 5}, {0, 1, 2}, {3, 4, 5}};
  const auto d = collocations(pairs, options);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_NEAR(d.expected[0], 1.0, 1e-12);
  EXPECT_NEAR(d.pmi[0], 1.0, 1e-12);
  EXPECT_NEAR(d.g2[0], 8 * std::log(2.0), 1e-12);
  EXPECT_EQ(d.ids[0], 0);  // tie on G² and count: lexicographic ids
}

TEST(Collocations, TrigramTakesTheWeakerSplit) {
  // (1 2) is a fixed pair that follows 0 and 3 equally, and 0 is followed as often by (4 5):
  // for (0 1 2) the split (0 1) + 2 attracts (f = 2 > E = 2 x 4 / 6), but 0 + (1 2) repels
  // (E = 4 x 4 / 6 = 8/3 > 2), so the trigram scores as the repelled split.
  const std::vector<std::vector<std::int32_t>> clauses{{0, 1, 2}, {0, 1, 2}, {3, 1, 2},
                                                       {3, 1, 2}, {0, 4, 5}, {0, 4, 5}};
  CollocationOptions options;
  options.n = 3;
  const auto c = collocations(clauses, options);
  const auto r = find(c, {0, 1, 2});
  ASSERT_GE(r, 0);
  EXPECT_NEAR(c.expected[r], 8.0 / 3, 1e-12);
  // Table [[2, 2], [2, 0]], E = [[8/3, 4/3], [4/3, 2/3]]: G² = 4 ln(0.75 x 2.25), signed.
  EXPECT_NEAR(c.g2[r], -4 * std::log(0.75 * 2.25), 1e-12);
  EXPECT_NEAR(c.pmi[r], std::log2(0.75), 1e-12);
  EXPECT_NEAR(c.p_value[r], chi_squared_sf(4 * std::log(0.75 * 2.25)), 1e-15);
}

TEST(Collocations, RejectsBadInput) {
  CollocationOptions options;
  options.n = 4;
  EXPECT_THROW(collocations(kClauses, options), invalid_argument);
  options.n = 2;
  options.min_count = 0;
  EXPECT_THROW(collocations(kClauses, options), invalid_argument);
  const std::vector<std::int32_t> ids{0, 1, 2};
  const std::vector<std::int64_t> bad_offsets{0, 2};
  EXPECT_THROW(collocations(ids, bad_offsets, {}), invalid_argument);
  const std::vector<std::int64_t> no_offsets;
  EXPECT_THROW(collocations(ids, no_offsets, {}), invalid_argument);
  const auto empty = collocations(std::vector<std::vector<std::int32_t>>{{1}, {}}, {});
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.total, 0);
}
