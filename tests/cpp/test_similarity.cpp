// Tests of the similarity stage against a naive reference (dense cosine, stable sort) and
// hand-computed values; the pruned and exhaustive top-k searches must agree bit for bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <limits>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "treatytext/error.hpp"
#include "treatytext/similarity.hpp"

namespace treatytext {
namespace {

CsrMatrix from_dense(const std::vector<std::vector<double>>& rows, std::int64_t cols) {
  CsrMatrix m;
  m.rows = static_cast<std::int64_t>(rows.size());
  m.cols = cols;
  for (const auto& row : rows) {
    for (std::int64_t c = 0; c < cols; ++c)
      if (row[static_cast<std::size_t>(c)] != 0.0) {
        m.indices.push_back(static_cast<std::int32_t>(c));
        m.data.push_back(row[static_cast<std::size_t>(c)]);
      }
    m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
  }
  return m;
}

struct RandomSpec {
  std::int64_t rows = 200;
  std::int64_t cols = 300;
  int mean_length = 12;
  double zero_row_share = 0.03;
  double duplicate_share = 0.1;
  bool integer_values = false;  // small integers make many exact ties
  bool allow_negative = false;
};

// Rows with Zipf-distributed columns (a few very common terms, as in text), some zero rows and
// some exact duplicates of earlier rows.
CsrMatrix random_matrix(const RandomSpec& spec, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> weights(static_cast<std::size_t>(spec.cols));
  for (std::size_t c = 0; c < weights.size(); ++c) weights[c] = 1.0 / static_cast<double>(c + 1);
  std::discrete_distribution<std::int32_t> column(weights.begin(), weights.end());
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::geometric_distribution<int> length(1.0 / spec.mean_length);
  CsrMatrix m;
  m.rows = spec.rows;
  m.cols = spec.cols;
  for (std::int64_t r = 0; r < spec.rows; ++r) {
    const double u = unit(rng);
    if (u < spec.zero_row_share) {
      m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
      continue;
    }
    if (u < spec.zero_row_share + spec.duplicate_share && r > 0) {
      const auto source = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(r));
      for (auto p = m.indptr[source]; p < m.indptr[source + 1]; ++p) {
        m.indices.push_back(m.indices[p]);
        m.data.push_back(m.data[p]);
      }
      m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
      continue;
    }
    std::vector<std::int32_t> cols;
    const int n = 1 + length(rng);
    for (int i = 0; i < n; ++i) cols.push_back(column(rng));
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    for (const auto c : cols) {
      double v = spec.integer_values ? static_cast<double>(1 + rng() % 3) : 0.05 + unit(rng);
      if (spec.allow_negative && unit(rng) < 0.3) v = -v;
      m.indices.push_back(c);
      m.data.push_back(v);
    }
    m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
  }
  return m;
}

std::vector<std::vector<double>> dense_unit_rows(const CsrMatrix& m) {
  std::vector<std::vector<double>> rows(static_cast<std::size_t>(m.rows),
                                        std::vector<double>(static_cast<std::size_t>(m.cols), 0.0));
  for (std::int64_t r = 0; r < m.rows; ++r) {
    double norm = 0.0;
    for (auto p = m.indptr[r]; p < m.indptr[r + 1]; ++p) norm += m.data[p] * m.data[p];
    norm = std::sqrt(norm);
    for (auto p = m.indptr[r]; p < m.indptr[r + 1]; ++p)
      rows[static_cast<std::size_t>(r)][static_cast<std::size_t>(m.indices[p])] =
          norm > 0 ? m.data[p] / norm : 0.0;
  }
  return rows;
}

// The naive reference: every score from dense unit rows, candidates filtered, a stable sort.
// Keeps the full score table so that a comparison can accept a different index at a near-tie
// (a permutation of the same values can round differently in another summation order).
struct Reference {
  TopKResult top;
  std::vector<std::vector<double>> all;  // x rows x y rows
};

/// Every cosine of X's rows with Y's rows (Y = X when null), from dense unit rows.
std::vector<std::vector<double>> naive_scores(const CsrMatrix& x, const CsrMatrix* y) {
  const auto dx = dense_unit_rows(x);
  const auto dy = y ? dense_unit_rows(*y) : dx;
  std::vector<std::vector<double>> all(dx.size(), std::vector<double>(dy.size(), 0.0));
  for (std::size_t i = 0; i < dx.size(); ++i)
    for (std::size_t j = 0; j < dy.size(); ++j)
      for (std::size_t c = 0; c < static_cast<std::size_t>(x.cols); ++c) all[i][j] += dx[i][c] * dy[j][c];
  return all;
}

/// `searched`: the rows of Y (of X for a self-join); the result has min(k, max(1, searched))
/// columns, as top_k's contract says.
Reference naive_top_k(const std::vector<std::vector<double>>& all, bool self_join, const TopKOptions& o,
                      std::int64_t searched) {
  const auto& yg = self_join ? o.x_groups : o.y_groups;
  const std::int64_t k = std::min(o.k, std::max<std::int64_t>(1, searched));
  Reference ref{{static_cast<std::int64_t>(all.size()), k, {}, {}}, all};
  for (std::size_t i = 0; i < all.size(); ++i) {
    std::vector<std::pair<double, std::int64_t>> candidates;
    for (std::size_t j = 0; j < all[i].size(); ++j) {
      const double s = all[i][j];
      if (self_join && o.exclude_self && i == j) continue;
      if (!o.x_groups.empty() && o.x_groups[i] == yg[j]) continue;
      if (o.threshold && s < *o.threshold) continue;
      candidates.emplace_back(s, static_cast<std::int64_t>(j));
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::int64_t slot = 0; slot < k; ++slot) {
      const bool have = slot < static_cast<std::int64_t>(candidates.size());
      ref.top.indices.push_back(have ? candidates[static_cast<std::size_t>(slot)].second : -1);
      ref.top.scores.push_back(have ? candidates[static_cast<std::size_t>(slot)].first : std::nan(""));
    }
  }
  return ref;
}

Reference naive_top_k(const CsrMatrix& x, const CsrMatrix* y, const TopKOptions& o) {
  return naive_top_k(naive_scores(x, y), y == nullptr, o, y ? y->rows : x.rows);
}

// Same slots as the reference; a different index is accepted only where the reference scores it
// within 1e-12 of the slot's score (a tie that rounding may order either way).
void expect_matches_reference(const TopKResult& got, const Reference& ref, const std::string& what) {
  const auto& want = ref.top;
  ASSERT_EQ(got.rows, want.rows) << what;
  ASSERT_EQ(got.k, want.k) << what;
  const auto k = static_cast<std::size_t>(want.k);
  for (std::size_t p = 0; p < want.indices.size(); ++p) {
    const auto row = p / k;
    const auto where = what + " at row " + std::to_string(row) + " slot " + std::to_string(p % k);
    if (want.indices[p] < 0) {
      EXPECT_EQ(got.indices[p], -1) << where;
      EXPECT_TRUE(std::isnan(got.scores[p])) << where;
      continue;
    }
    ASSERT_GE(got.indices[p], 0) << where;
    EXPECT_NEAR(got.scores[p], want.scores[p], 1e-12) << where;
    if (got.indices[p] != want.indices[p])
      EXPECT_NEAR(ref.all[row][static_cast<std::size_t>(got.indices[p])], want.scores[p], 1e-12) << where;
    if (p % k > 0 && got.scores[p] == got.scores[p - 1])
      EXPECT_LT(got.indices[p - 1], got.indices[p]) << where << ": equal scores out of index order";
  }
  for (std::size_t row = 0; row < static_cast<std::size_t>(want.rows); ++row) {
    std::vector<std::int64_t> seen(got.indices.begin() + static_cast<std::ptrdiff_t>(row * k),
                                   got.indices.begin() + static_cast<std::ptrdiff_t>((row + 1) * k));
    seen.erase(std::remove(seen.begin(), seen.end(), -1), seen.end());
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end()) << what << ": repeated neighbour";
  }
}

void expect_bitwise_equal(const TopKResult& a, const TopKResult& b, const std::string& what) {
  ASSERT_EQ(a.indices, b.indices) << what;
  ASSERT_EQ(a.scores.size(), b.scores.size()) << what;
  for (std::size_t p = 0; p < a.scores.size(); ++p) {
    if (std::isnan(a.scores[p])) {
      EXPECT_TRUE(std::isnan(b.scores[p])) << what;
    } else {
      EXPECT_EQ(a.scores[p], b.scores[p]) << what << " at " << p;
    }
  }
}

TopKOptions options(std::int64_t k, TopKMethod method = TopKMethod::automatic) {
  TopKOptions o;
  o.k = k;
  o.method = method;
  return o;
}

TEST(CosineMatrix, HandComputedValues) {
  const auto x = from_dense({{1, 0, 1}, {0, 2, 0}, {3, 4, 0}, {0, 0, 0}}, 3);
  const auto s = cosine_matrix(x);
  ASSERT_EQ(s.size(), 16u);
  EXPECT_NEAR(s[0 * 4 + 2], 3.0 / (std::sqrt(2.0) * 5.0), 1e-15);
  EXPECT_NEAR(s[1 * 4 + 2], 4.0 / 5.0, 1e-15);
  EXPECT_EQ(s[0 * 4 + 1], 0.0);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(s[static_cast<std::size_t>(i * 4 + i)], 1.0, 1e-15);
  for (int j = 0; j < 4; ++j)
    EXPECT_EQ(s[static_cast<std::size_t>(3 * 4 + j)], 0.0);  // zero row: 0, itself too
}

TEST(CosineMatrix, ExactlySymmetricAndMatchesNaive) {
  const auto x = random_matrix({.rows = 60, .cols = 40}, 7);
  const auto s = cosine_matrix(x, nullptr, 100'000'000, 2);
  const auto d = dense_unit_rows(x);
  for (std::size_t i = 0; i < 60; ++i)
    for (std::size_t j = 0; j < 60; ++j) {
      EXPECT_EQ(s[i * 60 + j], s[j * 60 + i]);
      double want = 0.0;
      for (std::size_t c = 0; c < 40; ++c) want += d[i][c] * d[j][c];
      EXPECT_NEAR(s[i * 60 + j], want, 1e-14);
    }
}

TEST(CosineMatrix, GuardsPointToTopK) {
  const auto x = random_matrix({.rows = 30, .cols = 10}, 1);
  try {
    (void)cosine_matrix(x, nullptr, 100);
    FAIL() << "expected invalid_argument";
  } catch (const invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("top_k"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("30 x 30"), std::string::npos) << e.what();
  }
  const auto y = random_matrix({.rows = 3, .cols = 11}, 2);
  EXPECT_THROW((void)cosine_matrix(x, &y), invalid_argument);
}

TEST(JaccardMatrix, HandComputedValues) {
  auto x = from_dense({{1, 1, 0, 0}, {0, 1, 1, 0}, {0, 0, 0, 0}, {5, 7, 0, 0}}, 4);
  x.indices.insert(x.indices.begin() + x.indptr[3], 3);  // an explicit zero in row 2 is absent
  x.data.insert(x.data.begin() + x.indptr[3], 0.0);
  for (std::size_t r = 3; r < x.indptr.size(); ++r) ++x.indptr[r];
  const auto s = jaccard_matrix(x);
  EXPECT_DOUBLE_EQ(s[0 * 4 + 1], 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(s[0 * 4 + 3], 1.0);
  EXPECT_DOUBLE_EQ(s[0 * 4 + 2], 0.0);
  EXPECT_DOUBLE_EQ(s[2 * 4 + 2], 0.0);  // two empty rows: 0 by definition
  const auto y = from_dense({{1, 0, 0, 1}}, 4);
  const auto c = jaccard_matrix(x, &y);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_DOUBLE_EQ(c[0], 1.0 / 3.0);
}

TEST(TopK, MatchesNaiveOnRandomMatrices) {
  for (unsigned seed = 0; seed < 12; ++seed) {
    RandomSpec spec{
        .rows = 80 + 10 * static_cast<std::int64_t>(seed), .cols = 50, .integer_values = seed % 2 == 1};
    const auto x = random_matrix(spec, seed);
    const auto all = naive_scores(x, nullptr);
    for (const auto k : {1, 3, 10}) {
      for (const auto method : {TopKMethod::exhaustive, TopKMethod::pruned}) {
        const auto o = options(k, method);
        expect_matches_reference(top_k(x, nullptr, o), naive_top_k(all, true, o, x.rows),
                                 "seed " + std::to_string(seed) + " k " + std::to_string(k));
      }
    }
  }
}

TEST(TopK, PrunedEqualsExhaustiveBitForBit) {
  // Large enough for common terms, the bound scan and the fallback to all be exercised.
  RandomSpec spec{.rows = 1500, .cols = 800, .mean_length = 25};
  for (unsigned seed = 0; seed < 3; ++seed) {
    spec.integer_values = seed == 1;
    const auto x = random_matrix(spec, 100 + seed);
    for (const auto k : {1, 10, 40}) {
      auto o = options(k, TopKMethod::exhaustive);
      const auto want = top_k(x, nullptr, o);
      o.method = TopKMethod::pruned;
      for (const int threads : {1, 3}) {
        o.n_threads = threads;
        expect_bitwise_equal(top_k(x, nullptr, o), want, "seed " + std::to_string(seed));
      }
      o.method = TopKMethod::automatic;
      expect_bitwise_equal(top_k(x, nullptr, o), want, "automatic");
    }
  }
}

// The same matrix with its columns spread over a huge column range (so that top_k renumbers
// the columns that occur, keeping their order) gives bitwise the same results.
CsrMatrix spread_columns(CsrMatrix m, std::int64_t cols) {
  const auto stride = (cols - 1) / m.cols;
  for (auto& c : m.indices) c = static_cast<std::int32_t>(c * stride + (c % 7));
  m.cols = cols;
  m.validate();
  return m;
}

TEST(TopK, WideMatricesGiveTheResultsOfTheirOccurringColumns) {
  RandomSpec spec{.rows = 1200, .cols = 700, .mean_length = 20};
  const auto x = random_matrix(spec, 21);
  const auto y = random_matrix({.rows = 900, .cols = 700, .mean_length = 20}, 22);
  const std::int64_t wide = std::int64_t{1} << 30;
  const auto wx = spread_columns(x, wide);
  const auto wy = spread_columns(y, wide);
  for (const auto method : {TopKMethod::exhaustive, TopKMethod::pruned, TopKMethod::automatic}) {
    for (const int threads : {1, 2}) {
      auto o = options(5, method);
      o.n_threads = threads;
      expect_bitwise_equal(top_k(wx, nullptr, o), top_k(x, nullptr, o), "self join");
      expect_bitwise_equal(top_k(wx, &wy, o), top_k(x, &y, o), "with Y");
      o.threshold = 0.3;
      expect_bitwise_equal(top_k(wx, &wy, o), top_k(x, &y, o), "with Y and a threshold");
    }
  }
  // Y holding columns that X lacks (and the reverse) shares one numbering.
  const auto head = from_dense({{1, 0, 2, 0}, {0, 3, 0, 5}}, 4);
  const auto tail = from_dense({{0, 1, 1, 0}, {4, 0, 0, 0}, {0, 0, 1, 0}}, 4);
  const auto wide_head = spread_columns(head, wide);
  const auto wide_tail = spread_columns(tail, wide);
  const auto o = options(2, TopKMethod::exhaustive);
  expect_bitwise_equal(top_k(wide_head, &wide_tail, o), top_k(head, &tail, o), "columns of one side");
  expect_bitwise_equal(top_k(wide_tail, &wide_head, o), top_k(tail, &head, o), "columns of one side");
  EXPECT_EQ(cosine_matrix(wx, &wy, 2'000'000), cosine_matrix(x, &y, 2'000'000));
  EXPECT_EQ(jaccard_matrix(wx, &wy, 2'000'000), jaccard_matrix(x, &y, 2'000'000));
}

void expect_unsorted_views_give_the_canonical_result(const CsrMatrix& x) {
  // Each row reversed, and a copy with every entry split into two halves (summed back exactly).
  CsrMatrix reversed = x;
  CsrMatrix split;
  split.rows = x.rows;
  split.cols = x.cols;
  for (std::int64_t r = 0; r < x.rows; ++r) {
    std::reverse(reversed.indices.begin() + x.indptr[r], reversed.indices.begin() + x.indptr[r + 1]);
    std::reverse(reversed.data.begin() + x.indptr[r], reversed.data.begin() + x.indptr[r + 1]);
    for (auto p = x.indptr[r + 1] - 1; p >= x.indptr[r]; --p)
      for (int half = 0; half < 2; ++half) {
        split.indices.push_back(x.indices[p]);
        split.data.push_back(x.data[p] / 2);
      }
    split.indptr.push_back(static_cast<std::int64_t>(split.indices.size()));
  }
  const auto before = reversed.indices;
  for (const auto method : {TopKMethod::exhaustive, TopKMethod::pruned}) {
    for (const int threads : {1, 2}) {
      auto o = options(6, method);
      o.n_threads = threads;
      const auto want = top_k(x, nullptr, o);
      const CsrView rv = view_of(reversed), sv = view_of(split), xv = view_of(x);
      expect_bitwise_equal(top_k(rv, nullptr, o), want, "reversed rows");
      expect_bitwise_equal(top_k(sv, nullptr, o), want, "repeated columns");
      expect_bitwise_equal(top_k(xv, &sv, o), top_k(x, &x, o), "repeated columns in Y");
    }
  }
  // The caller's arrays are left as they were.
  EXPECT_EQ(reversed.indices, before);
  EXPECT_THROW((void)cosine_matrix(reversed), invalid_argument);  // a CsrMatrix must be sorted
}

TEST(TopK, ViewsWithUnsortedOrRepeatedColumnsGiveTheCanonicalResult) {
  // Short rows (insertion sort) and long rows over 2^30 columns (four radix passes).
  expect_unsorted_views_give_the_canonical_result(
      random_matrix({.rows = 700, .cols = 300, .mean_length = 15}, 31));
  expect_unsorted_views_give_the_canonical_result(spread_columns(
      random_matrix({.rows = 500, .cols = 3000, .mean_length = 90}, 32), std::int64_t{1} << 30));
}

TEST(TopK, PrunedEqualsExhaustiveWhenTheIndexIsBuiltInParallel) {
  // Enough rows that the pruned search's setup splits its work between threads.
  const auto x = random_matrix({.rows = 4500, .cols = 1500, .mean_length = 20}, 41);
  auto o = options(10, TopKMethod::exhaustive);
  const auto want = top_k(x, nullptr, o);
  o.method = TopKMethod::pruned;
  for (const int threads : {1, 2, 3}) {
    o.n_threads = threads;
    expect_bitwise_equal(top_k(x, nullptr, o), want, std::to_string(threads) + " threads");
  }
}

TEST(TopK, PrunedMatchesNaiveWithGroupsThresholdAndY) {
  RandomSpec spec{.rows = 1100, .cols = 400, .mean_length = 20};
  const auto x = random_matrix(spec, 11);
  const auto y = random_matrix({.rows = 1300, .cols = 400, .mean_length = 20}, 12);
  std::vector<std::int64_t> xg(1100), yg(1300);
  for (std::size_t i = 0; i < xg.size(); ++i) xg[i] = static_cast<std::int64_t>(i / 17);
  for (std::size_t j = 0; j < yg.size(); ++j) yg[j] = static_cast<std::int64_t>((j * 7) % 60);
  const auto self_scores = naive_scores(x, nullptr);
  const auto cross_scores = naive_scores(x, &y);
  for (const auto method : {TopKMethod::exhaustive, TopKMethod::pruned}) {
    auto o = options(7, method);
    o.x_groups = xg;
    expect_matches_reference(top_k(x, nullptr, o), naive_top_k(self_scores, true, o, x.rows),
                             "groups, Y absent");
    o.threshold = 0.35;
    expect_matches_reference(top_k(x, nullptr, o), naive_top_k(self_scores, true, o, x.rows),
                             "groups + threshold");
    o.y_groups = yg;
    o.n_threads = 2;
    expect_matches_reference(top_k(x, &y, o), naive_top_k(cross_scores, false, o, y.rows),
                             "Y with groups + threshold");
    o.x_groups.clear();
    o.y_groups.clear();
    o.threshold.reset();
    expect_matches_reference(top_k(x, &y, o), naive_top_k(cross_scores, false, o, y.rows), "Y");
  }
}

// Row i of m as a one-row matrix.
CsrMatrix single_row(const CsrMatrix& m, std::int64_t i) {
  CsrMatrix row;
  row.rows = 1;
  row.cols = m.cols;
  row.indices.assign(m.indices.begin() + m.indptr[i], m.indices.begin() + m.indptr[i + 1]);
  row.data.assign(m.data.begin() + m.indptr[i], m.data.begin() + m.indptr[i + 1]);
  row.indptr.push_back(static_cast<std::int64_t>(row.indices.size()));
  return row;
}

// Identical rows share one search; each must still get, bit for bit, the result of a search of
// its own: row i alone as a query against X (self excluded through groups), which no other
// query row can share.
TEST(TopK, IdenticalRowsGetTheResultOfTheirOwnSearch) {
  RandomSpec spec;
  spec.rows = 150;
  spec.cols = 60;
  spec.duplicate_share = 0.35;
  spec.integer_values = true;  // many exact ties besides the duplicates
  const auto x = random_matrix(spec, 17);
  const auto y = random_matrix(spec, 18);
  std::vector<std::int64_t> all_rows(static_cast<std::size_t>(x.rows));
  std::iota(all_rows.begin(), all_rows.end(), 0);
  std::vector<std::int64_t> groups(static_cast<std::size_t>(x.rows));
  for (std::size_t r = 0; r < groups.size(); ++r) groups[r] = static_cast<std::int64_t>((r * 7) % 23);
  for (const auto method : {TopKMethod::exhaustive, TopKMethod::pruned})
    for (const std::int64_t k : {2, 5, 12})
      for (const int variant : {0, 1, 2, 3, 4}) {
        // 0: self excluded; 1: self allowed; 2: groups; 3: a threshold; 4: Y given.
        TopKOptions o = options(k, method);
        o.exclude_self = variant != 1;
        if (variant == 2) o.x_groups = groups;
        if (variant == 3) o.threshold = 0.45;
        const CsrMatrix* other = variant == 4 ? &y : nullptr;
        const auto got = top_k(x, other, o);
        const std::string what = "method " + std::to_string(static_cast<int>(method)) + " k " +
                                 std::to_string(k) + " variant " + std::to_string(variant);
        for (std::int64_t i = 0; i < x.rows; ++i) {
          TopKOptions alone = o;
          alone.x_groups.clear();
          if (variant == 0 || variant == 3) {
            alone.x_groups = {i};
            alone.y_groups = all_rows;
          } else if (variant == 2) {
            alone.x_groups = {groups[static_cast<std::size_t>(i)]};
            alone.y_groups = groups;
          }
          const auto want = top_k(single_row(x, i), other != nullptr ? other : &x, alone);
          for (std::int64_t slot = 0; slot < k; ++slot) {
            const auto at = static_cast<std::size_t>(i * k + slot);
            ASSERT_EQ(got.indices[at], want.indices[static_cast<std::size_t>(slot)])
                << what << " row " << i << " slot " << slot;
            if (want.indices[static_cast<std::size_t>(slot)] >= 0)
              ASSERT_EQ(got.scores[at], want.scores[static_cast<std::size_t>(slot)])
                  << what << " row " << i << " slot " << slot;
          }
        }
      }
}

// A few queries are scored against every row directly (no index): the same results, bit for
// bit, as the exhaustive search through the inverted index.
TEST(TopK, FewQueriesScoredDirectlyEqualTheExhaustiveSearch) {
  RandomSpec spec;
  spec.rows = 400;
  spec.cols = 300;
  const auto y = random_matrix(spec, 41);
  spec.rows = 9;
  const auto x = random_matrix(spec, 42);
  std::vector<std::int64_t> y_groups(static_cast<std::size_t>(y.rows));
  for (std::size_t r = 0; r < y_groups.size(); ++r) y_groups[r] = static_cast<std::int64_t>(r % 5);
  for (const int threads : {1, 2})
    for (const std::int64_t rows : {1, 3, 9})
      for (const int variant : {0, 1, 2}) {
        CsrMatrix q = x;
        q.rows = rows;
        q.indptr.resize(static_cast<std::size_t>(rows) + 1);
        q.indices.resize(static_cast<std::size_t>(q.indptr.back()));
        q.data.resize(static_cast<std::size_t>(q.indptr.back()));
        TopKOptions o = options(7);
        o.n_threads = threads;
        if (variant == 1) o.threshold = 0.2;
        if (variant == 2) {
          o.x_groups.assign(static_cast<std::size_t>(rows), 3);
          o.y_groups = y_groups;
        }
        const auto got = top_k(q, &y, o);  // automatic: direct for so few queries
        o.method = TopKMethod::exhaustive;
        const auto want = top_k(q, &y, o);
        EXPECT_EQ(got.indices, want.indices) << rows << " rows, variant " << variant;
        for (std::size_t p = 0; p < want.scores.size(); ++p)
          if (want.indices[p] >= 0) EXPECT_EQ(got.scores[p], want.scores[p]) << rows << " rows, slot " << p;
      }
}

// Where the CPU has AMX tiles the pruned search bounds the common terms by byte products (it
// runs again under TREATYTEXT_SIMD=avx512 without them, see CMakeLists.txt); the next tests aim
// at that search's edges, and hold for either.

// Appends a sparse row (ascending columns) to m.
void append_row(CsrMatrix& m, const std::vector<std::int32_t>& columns, const std::vector<double>& values) {
  m.indices.insert(m.indices.end(), columns.begin(), columns.end());
  m.data.insert(m.data.end(), values.begin(), values.end());
  m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
  ++m.rows;
}

TEST(TopK, PrunedSearchWithThousandsOfTiedRowsEqualsExhaustive) {
  // 5000 copies of one row tie for every query near it: far more rows reach the cut than a
  // query's candidate list keeps, so the search must fall back and still give the lowest indices.
  auto y = random_matrix({.rows = 600, .cols = 300, .mean_length = 25}, 41);
  const std::vector<std::int32_t> tied_columns{0, 1, 2, 7, 40, 120};
  const std::vector<double> tied_values{3, 1, 2, 1, 4, 5};
  for (int copy = 0; copy < 5000; ++copy) append_row(y, tied_columns, tied_values);
  // Past the first few thousand rows, a better neighbour of the last query: its exact copy.
  const auto more = random_matrix({.rows = 3000, .cols = 300, .mean_length = 25}, 43);
  for (std::int64_t r = 0; r < more.rows; ++r) {
    const auto b = static_cast<std::size_t>(more.indptr[static_cast<std::size_t>(r)]);
    const auto e = static_cast<std::size_t>(more.indptr[static_cast<std::size_t>(r) + 1]);
    append_row(y, {more.indices.begin() + b, more.indices.begin() + e},
               {more.data.begin() + b, more.data.begin() + e});
  }
  append_row(y, {0, 1, 2, 7, 40, 121}, {3, 1, 2, 1, 4, 5});
  y.validate();
  auto x = random_matrix({.rows = 40, .cols = 300, .mean_length = 25}, 42);
  append_row(x, {0, 1, 2, 7, 40, 120}, {3, 1, 2, 1, 4, 5.5});
  append_row(x, {0, 1, 2, 7, 40, 121}, {3, 1, 2, 1, 4, 5});
  x.validate();
  for (const auto k : {1, 10}) {
    auto o = options(k, TopKMethod::exhaustive);
    const auto want = top_k(x, &y, o);
    for (std::int64_t slot = 0; slot < k; ++slot)  // the tied copies, lowest indices first
      EXPECT_EQ(want.indices[static_cast<std::size_t>(40 * k + slot)], 600 + slot);
    EXPECT_EQ(want.indices[static_cast<std::size_t>(41 * k)], y.rows - 1);  // the last query's copy
    o.method = TopKMethod::pruned;
    for (const int threads : {1, 2}) {
      o.n_threads = threads;
      expect_bitwise_equal(top_k(x, &y, o), want, "k " + std::to_string(k));
    }
  }
}

TEST(TopK, PrunedSearchOnDenseRowsAndTinyValuesEqualsExhaustive) {
  // Dense rows: hundreds of columns in most rows, more common terms than one tile depth holds.
  // Then rows whose common values are 1e-33 of their largest value (below what a byte scale
  // keeps) beside ordinary ones.
  auto dense = random_matrix({.rows = 700, .cols = 500, .mean_length = 260}, 51);
  auto tiny = random_matrix({.rows = 900, .cols = 400, .mean_length = 30}, 52);
  for (std::int64_t r = 0; r < tiny.rows; r += 2)
    for (auto p = tiny.indptr[static_cast<std::size_t>(r)]; p < tiny.indptr[static_cast<std::size_t>(r) + 1];
         ++p)
      if (tiny.indices[static_cast<std::size_t>(p)] < 60) tiny.data[static_cast<std::size_t>(p)] *= 1e-33;
  for (const auto* m : {&dense, &tiny}) {
    auto o = options(10, TopKMethod::exhaustive);
    const auto want = top_k(*m, nullptr, o);
    o.method = TopKMethod::pruned;
    o.n_threads = 2;
    expect_bitwise_equal(top_k(*m, nullptr, o), want, m == &dense ? "dense" : "tiny");
    o.threshold = 0.2;
    auto e = o;
    e.method = TopKMethod::exhaustive;
    expect_bitwise_equal(top_k(*m, nullptr, o), top_k(*m, nullptr, e), "threshold");
  }
}

// AMX int8 tiles and AVX-512 (what the tiled search uses), from /proc/cpuinfo (Linux x86-64).
bool cpu_has_tiles() {
#if defined(__linux__) && defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream words(line.substr(line.find(':') + 1));
    std::set<std::string> flags{std::istream_iterator<std::string>(words),
                                std::istream_iterator<std::string>()};
    for (const char* flag : {"amx_tile", "amx_int8", "avx512f"})
      if (flags.count(flag) == 0) return false;
    return true;
  }
#endif
  return false;
}

TEST(TopK, TilesAreUsedWhereTheCpuHasThemUnlessTreatytextSimdSaysOtherwise) {
  const char* asked = std::getenv("TREATYTEXT_SIMD");
  const bool allowed = asked == nullptr || std::string(asked) == "amx";
  EXPECT_EQ(top_k_tiles_usable(), allowed && cpu_has_tiles());
}

TEST(TopK, TiesGoToTheLowerIndex) {
  // Rows 1, 2 and 4 are equal: row 0 ties with all three at the same score.
  const auto x = from_dense({{1, 1, 0}, {1, 0, 0}, {1, 0, 0}, {0, 0, 1}, {2, 0, 0}}, 3);
  for (const auto method : {TopKMethod::exhaustive, TopKMethod::pruned}) {
    const auto r = top_k(x, nullptr, options(3, method));
    EXPECT_EQ((std::vector<std::int64_t>(r.indices.begin(), r.indices.begin() + 3)),
              (std::vector<std::int64_t>{1, 2, 4}));
    EXPECT_NEAR(r.scores[0], 1.0 / std::sqrt(2.0), 1e-15);
    EXPECT_EQ(r.scores[0], r.scores[1]);
    EXPECT_EQ(r.scores[1], r.scores[2]);
    // Row 1's neighbours: its duplicates (score 1) first, lower index first.
    EXPECT_EQ(r.indices[3], 2);
    EXPECT_EQ(r.indices[4], 4);
    EXPECT_NEAR(r.scores[3], 1.0, 1e-15);
  }
}

TEST(TopK, ZeroRowsScoreZeroWithTheLowestIndices) {
  const auto x = from_dense({{0, 0}, {1, 0}, {0, 1}, {0, 0}, {1, 1}}, 2);
  const auto r = top_k(x, nullptr, options(4));
  // Row 0 (zero): every other row scores 0; the lowest indices win.
  EXPECT_EQ((std::vector<std::int64_t>(r.indices.begin(), r.indices.begin() + 4)),
            (std::vector<std::int64_t>{1, 2, 3, 4}));
  for (int s = 0; s < 4; ++s) EXPECT_EQ(r.scores[static_cast<std::size_t>(s)], 0.0);
  // Row 1: row 4 (cos 0.707), then the zero-score rows 0, 2, 3 in index order.
  EXPECT_EQ((std::vector<std::int64_t>(r.indices.begin() + 4, r.indices.begin() + 8)),
            (std::vector<std::int64_t>{4, 0, 2, 3}));
  // With a positive threshold the zero-score rows are not neighbours at all.
  auto o = options(4);
  o.threshold = 1e-9;
  const auto t = top_k(x, nullptr, o);
  EXPECT_EQ(t.indices[0], -1);
  EXPECT_TRUE(std::isnan(t.scores[0]));
  EXPECT_EQ(t.indices[4], 4);
  EXPECT_EQ(t.indices[5], -1);
}

TEST(TopK, PadsWhenKExceedsCandidates) {
  // No more columns than rows searched (3); the self slot of a self-join stays padding.
  const auto x = from_dense({{1, 0}, {1, 1}, {0, 1}}, 2);
  auto o = options(5);
  const auto r = top_k(x, nullptr, o);
  ASSERT_EQ(r.k, 3);
  ASSERT_EQ(r.indices.size(), 9u);
  EXPECT_EQ(r.indices[0], 1);
  EXPECT_EQ(r.indices[1], 2);
  EXPECT_EQ(r.scores[1], 0.0);
  EXPECT_EQ(r.indices[2], -1);
  EXPECT_TRUE(std::isnan(r.scores[2]));
  o.exclude_self = false;
  const auto with_self = top_k(x, nullptr, o);
  EXPECT_EQ(with_self.indices[0], 0);
  EXPECT_NEAR(with_self.scores[0], 1.0, 1e-15);
  EXPECT_EQ(with_self.indices[2], 2);
}

TEST(TopK, EmptyInputs) {
  CsrMatrix empty;
  empty.cols = 4;
  const auto r = top_k(empty, nullptr, options(3));
  EXPECT_EQ(r.rows, 0);
  EXPECT_TRUE(r.indices.empty());
  const auto x = from_dense({{1, 0, 0, 0}}, 4);
  const auto none = top_k(x, &empty, options(2));
  EXPECT_EQ(none.indices, (std::vector<std::int64_t>{-1}));  // one column even for an empty Y
  const auto alone = top_k(x, nullptr, options(1));          // one row, self excluded: nothing
  EXPECT_EQ(alone.indices[0], -1);
}

TEST(TopK, NegativeValuesUseTheExhaustiveSearch) {
  RandomSpec spec{.rows = 90, .cols = 30, .allow_negative = true};
  const auto x = random_matrix(spec, 5);
  const auto o = options(6);
  expect_matches_reference(top_k(x, nullptr, o), naive_top_k(x, nullptr, o), "negative values");
  EXPECT_THROW((void)top_k(x, nullptr, options(6, TopKMethod::pruned)), invalid_argument);
}

// Rows are checked on several threads, yet the fault reported is the first in row order, as a
// scan row by row would find it: a bad column before a decreasing row pointer wins, and so on.
TEST(TopK, ReportsTheFirstStructuralFaultInRowOrder) {
  const std::int64_t rows = 16000;
  CsrMatrix m;
  m.rows = rows;
  m.cols = 4;
  for (std::int64_t r = 0; r < rows; ++r) {
    const bool reversed = r % 3 == 0;  // unsorted rows, which top_k accepts
    m.indices.push_back(reversed ? 2 : 1);
    m.indices.push_back(reversed ? 1 : 2);
    m.data.push_back(1.0);
    m.data.push_back(2.0);
    m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
  }
  const auto message = [](const CsrMatrix& x, int threads) {
    auto o = options(1);
    o.n_threads = threads;
    try {
      (void)top_k(x, nullptr, o);
    } catch (const invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  auto both = m;
  both.indices[2 * 9000 + 1] = 7;               // column out of range in row 9000
  both.indptr[12001] = both.indptr[12000] - 1;  // row 12000's pointer decreases
  auto pointer_only = m;
  pointer_only.indptr[12001] = pointer_only.indptr[12000] - 1;
  for (const int threads : {1, 2, 4}) {
    EXPECT_EQ(message(m, threads), "no error");
    EXPECT_NE(message(both, threads).find("column 7 out of range in row 9000"), std::string::npos)
        << message(both, threads);
    EXPECT_NE(message(pointer_only, threads).find("indptr decreases at row 12000"), std::string::npos)
        << message(pointer_only, threads);
  }
}

TEST(TopK, RejectsBadInput) {
  const auto x = from_dense({{1, 0}, {0, 1}}, 2);
  EXPECT_THROW((void)top_k(x, nullptr, options(0)), invalid_argument);
  const auto y = from_dense({{1, 0, 0}}, 3);
  try {
    (void)top_k(x, &y, options(1));
    FAIL() << "expected invalid_argument";
  } catch (const invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("(2, 2)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(1, 3)"), std::string::npos) << e.what();
  }
  auto o = options(1);
  o.x_groups = {1};
  EXPECT_THROW((void)top_k(x, nullptr, o), invalid_argument);
  o.x_groups = {1, 2};
  const auto y2 = from_dense({{1, 0}}, 2);
  EXPECT_THROW((void)top_k(x, &y2, o), invalid_argument);  // y_groups missing
  auto nan = x;
  nan.data[1] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW((void)top_k(nan, nullptr, options(1)), invalid_argument);
  EXPECT_EQ(top_k(x, nullptr, options(std::int64_t{1} << 40)).k, x.rows);  // clamped, not refused
  auto bad_threads = options(1);
  bad_threads.n_threads = 0;
  EXPECT_THROW((void)top_k(x, nullptr, bad_threads), invalid_argument);
}

}  // namespace
}  // namespace treatytext
