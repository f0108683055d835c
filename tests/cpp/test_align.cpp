#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "dense_csr.hpp"
#include "treatytext/align.hpp"
#include "treatytext/error.hpp"

using namespace treatytext;
using treatytext::testing::dense_to_csr;

namespace {

// Best total weight over every injective assignment of rows to columns (rows <= cols), by brute
// force: the reference for the Hungarian solver.
double brute_force_best(const std::vector<double>& w, std::int64_t rows, std::int64_t cols) {
  std::vector<std::int64_t> perm(static_cast<std::size_t>(cols));
  std::iota(perm.begin(), perm.end(), 0);
  double best = 0;
  do {
    double total = 0;
    for (std::int64_t i = 0; i < rows; ++i) total += w[i * cols + perm[i]];
    best = std::max(best, total);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

double matched_weight(const std::vector<double>& w, const std::vector<std::int64_t>& match,
                      std::int64_t cols) {
  double total = 0;
  for (std::size_t i = 0; i < match.size(); ++i)
    if (match[i] >= 0) total += w[i * cols + match[i]];
  return total;
}

}  // namespace

TEST(Align, HungarianBeatsGreedy) {
  // Greedy takes (0, 0) = 0.9 and leaves row 1 alone; the optimum pairs crosswise (1.6).
  const std::vector<double> w{0.9, 0.8, 0.8, 0.0};
  const auto match = max_weight_matching(w, 2, 2);
  EXPECT_EQ(match, (std::vector<std::int64_t>{1, 0}));
  const auto a = align_scores(w, 2, 2, {});
  EXPECT_EQ(a.a_index, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(a.b_index, (std::vector<std::int64_t>{1, 0}));
  EXPECT_TRUE(a.unmatched_a.empty());
}

TEST(Align, HungarianMatchesBruteForce) {
  std::mt19937 engine(3);
  std::uniform_real_distribution<double> uniform(0, 1);
  for (int trial = 0; trial < 40; ++trial) {
    const std::int64_t rows = 1 + trial % 5, cols = 1 + (trial / 5) % 7;
    std::vector<double> w(static_cast<std::size_t>(rows * cols));
    for (auto& v : w) v = uniform(engine) < 0.3 ? 0.0 : uniform(engine);
    const auto match = max_weight_matching(w, rows, cols);
    // Each column used once at most.
    std::vector<std::int64_t> used;
    for (auto j : match)
      if (j >= 0) used.push_back(j);
    std::sort(used.begin(), used.end());
    EXPECT_TRUE(std::adjacent_find(used.begin(), used.end()) == used.end());
    const double best = rows <= cols ? brute_force_best(w, rows, cols) : [&] {
      std::vector<double> t(w.size());
      for (std::int64_t i = 0; i < rows; ++i)
        for (std::int64_t j = 0; j < cols; ++j) t[j * rows + i] = w[i * cols + j];
      return brute_force_best(t, cols, rows);
    }();
    EXPECT_NEAR(matched_weight(w, match, cols), best, 1e-12) << rows << "x" << cols;
  }
}

TEST(Align, ScoresThresholdOneToManyAndUnmatched) {
  // 3 clauses of A, 2 of B.
  const std::vector<double> s{0.9, 0.1, 0.8, 0.3, 0.05, 0.0};
  AlignOptions options;
  options.threshold = 0.2;
  auto one = align_scores(s, 3, 2, options);
  EXPECT_EQ(one.a_index, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(one.b_index, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(one.score, (std::vector<double>{0.9, 0.3}));
  EXPECT_EQ(one.unmatched_a, (std::vector<std::int64_t>{2}));
  EXPECT_TRUE(one.unmatched_b.empty());
  options.mode = AlignMode::one_to_many;
  auto many = align_scores(s, 3, 2, options);
  EXPECT_EQ(many.a_index, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(many.b_index, (std::vector<std::int64_t>{0, 0}));
  EXPECT_EQ(many.unmatched_b, (std::vector<std::int64_t>{1}));
  EXPECT_THROW(align_scores(s, 2, 2, options), invalid_argument);
}

TEST(Align, CosineAlignmentIsOrderIndependent) {
  // Clause vectors of A and B over 7 terms; B holds near copies of A's clauses 0, 2, 3 and a
  // clause sharing no term with A; A's clause 1 shares no term with B.
  const std::vector<double> a{1, 1, 0, 0, 0, 0, 0,  //
                              0, 0, 1, 1, 0, 0, 0,  //
                              0, 0, 0, 0, 1, 1, 0,  //
                              1, 0, 0, 0, 0, 1, 0};
  const std::vector<double> b{0, 0,   0, 0, 1, 1.2, 0,  //
                              1, 1,   0, 0, 0, 0.1, 0,  //
                              0, 0,   0, 0, 0, 0,   2,  //
                              1, 0.1, 0, 0, 0, 0.9, 0};
  const auto x = dense_to_csr(a, 4, 7), y = dense_to_csr(b, 4, 7);
  for (auto mode : {AlignMode::one_to_one, AlignMode::one_to_many}) {
    AlignOptions options;
    options.mode = mode;
    options.threshold = 0.5;
    const auto base = align(x, y, options);
    // Permute the rows of A and B and map the result back.
    const std::vector<std::int64_t> pa{2, 0, 3, 1}, pb{3, 1, 0, 2};
    std::vector<double> a2(a.size()), b2(b.size());
    for (int i = 0; i < 4; ++i)
      for (int c = 0; c < 7; ++c) {
        a2[i * 7 + c] = a[pa[i] * 7 + c];
        b2[i * 7 + c] = b[pb[i] * 7 + c];
      }
    const auto permuted = align(dense_to_csr(a2, 4, 7), dense_to_csr(b2, 4, 7), options);
    ASSERT_EQ(permuted.size(), base.size());
    std::vector<std::tuple<std::int64_t, std::int64_t, double>> mapped;
    for (std::size_t i = 0; i < permuted.size(); ++i)
      mapped.emplace_back(pa[permuted.a_index[i]], pb[permuted.b_index[i]], permuted.score[i]);
    std::sort(mapped.begin(), mapped.end());
    for (std::size_t i = 0; i < base.size(); ++i) {
      EXPECT_EQ(std::get<0>(mapped[i]), base.a_index[i]);
      EXPECT_EQ(std::get<1>(mapped[i]), base.b_index[i]);
      EXPECT_NEAR(std::get<2>(mapped[i]), base.score[i], 1e-12);
    }
    EXPECT_EQ(base.a_index, (std::vector<std::int64_t>{0, 2, 3}));
    EXPECT_EQ(base.b_index, (std::vector<std::int64_t>{1, 0, 3}));
    EXPECT_EQ(base.unmatched_a, (std::vector<std::int64_t>{1}));
    EXPECT_EQ(base.unmatched_b, (std::vector<std::int64_t>{2}));
  }
  // Greedy fallback (exact_max_cells = 0) gives the same answer on this clear-cut data.
  AlignOptions greedy;
  greedy.threshold = 0.5;
  greedy.exact_max_cells = 0;
  const auto g = align(x, y, greedy);
  EXPECT_FALSE(g.exact);
  EXPECT_EQ(g.b_index, (std::vector<std::int64_t>{1, 0, 3}));
}
