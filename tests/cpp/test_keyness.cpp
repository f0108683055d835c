#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "treatytext/error.hpp"
#include "treatytext/keyness.hpp"

using namespace treatytext;

// Reference values: scipy.stats.chi2_contingency (scipy 1.17) on the same tables.
TEST(Keyness, TwoByTwoMatchesHandAndScipy) {
  // E = [[5, 10], [995, 1990]]; chi² = 25 (1/5 + 1/10 + 1/995 + 1/1990).
  EXPECT_NEAR(chi_squared_2x2(10, 5, 990, 1995), 25.0 * (0.2 + 0.1 + 1.0 / 995 + 1.0 / 1990), 1e-12);
  EXPECT_NEAR(chi_squared_2x2(10, 5, 990, 1995), 7.5376884422110555, 1e-12);
  EXPECT_NEAR(chi_squared_2x2(10, 5, 990, 1995, true), 6.105527638190954, 1e-12);
  const double g2 = 2 * (10 * std::log(2.0) + 5 * std::log(0.5) + 990 * std::log(990.0 / 995) +
                         1995 * std::log(1995.0 / 1990));
  EXPECT_NEAR(log_likelihood_2x2(10, 5, 990, 1995), g2, 1e-12);
  EXPECT_NEAR(log_likelihood_2x2(10, 5, 990, 1995), 6.969191931932806, 1e-12);
  // Zero cells contribute 0 to G².
  EXPECT_NEAR(log_likelihood_2x2(0, 7, 500, 993), 5.692908648320252, 1e-12);
  EXPECT_NEAR(chi_squared_2x2(0, 7, 500, 993), 3.5164099129269926, 1e-12);
  EXPECT_NEAR(chi_squared_2x2(0, 7, 500, 993, true), 2.170844895225337, 1e-12);
  EXPECT_NEAR(log_likelihood_2x2(3, 0, 97, 50), 2.4633003479662463, 1e-12);
  // Yates never pushes a deviation below 0: |O - E| < 0.5 gives chi² = 0.
  EXPECT_EQ(chi_squared_2x2(5, 5, 5, 5, true), 0.0);
  EXPECT_THROW(log_likelihood_2x2(0, 0, 3, 4), invalid_argument);
}

TEST(Keyness, ChiSquaredSurvival) {
  EXPECT_NEAR(chi_squared_sf(6.969191931932806), 0.008292493584807123, 1e-15);
  EXPECT_NEAR(chi_squared_sf(3.5164099129269926), 0.06076393546042961, 1e-15);
  EXPECT_NEAR(chi_squared_sf(3.0, 4), 0.5578254003710748, 1e-15);
  EXPECT_NEAR(chi_squared_sf(10.5, 4), 0.03279698999488366, 1e-15);
  EXPECT_NEAR(chi_squared_sf(7.3, 6), 0.2939921553986965, 1e-15);
  EXPECT_EQ(chi_squared_sf(0.0), 1.0);
  EXPECT_THROW(chi_squared_sf(1.0, 3), invalid_argument);
}

TEST(Keyness, VectorsGiveStatisticsEffectSizesAndOrder) {
  // Term 0 is over-used in the target, term 1 under-used, term 2 absent from both (dropped),
  // term 3 carries the rest.
  const std::vector<double> target{10, 5, 0, 985};
  const std::vector<double> reference{5, 40, 0, 1955};
  KeynessOptions options;
  const auto r = keyness(target, reference, options);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r.target_total, 1000);
  EXPECT_EQ(r.reference_total, 2000);
  // Sorted by G², descending.
  for (std::size_t i = 1; i < r.size(); ++i) EXPECT_GE(r.g2[i - 1], r.g2[i]);
  std::size_t at = 0;
  while (r.term[at] != 0) ++at;
  EXPECT_NEAR(r.g2[at], log_likelihood_2x2(10, 5, 990, 1995), 1e-12);
  EXPECT_NEAR(r.chi2[at], 7.5376884422110555, 1e-12);
  EXPECT_NEAR(r.p_value[at], chi_squared_sf(r.g2[at]), 1e-15);
  EXPECT_NEAR(r.log_ratio[at], std::log2(10.5 / 1000) - std::log2(5.5 / 2000), 1e-12);
  EXPECT_NEAR(r.percent_diff[at], 300.0, 1e-9);
  EXPECT_NEAR(r.odds_ratio[at], 10.0 * 1995 / (5.0 * 990), 1e-12);
  EXPECT_EQ(r.sign[at], 1);
  at = 0;
  while (r.term[at] != 1) ++at;
  EXPECT_EQ(r.sign[at], -1);
  EXPECT_LT(r.log_ratio[at], 0);
  EXPECT_NEAR(r.percent_diff[at], 100.0 * (0.005 - 0.02) / 0.02, 1e-9);
}

TEST(Keyness, ChiSquaredMeasureAndZeroCounts) {
  const std::vector<double> target{0, 3, 97};
  const std::vector<double> reference{7, 0, 1493};
  KeynessOptions options;
  options.measure = KeynessMeasure::chi_squared;
  options.yates = true;
  options.sort = false;
  const auto r = keyness(target, reference, options);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r.term[0], 0);
  EXPECT_NEAR(r.chi2[0], chi_squared_2x2(0, 7, 100, 1493, true), 1e-12);
  EXPECT_NEAR(r.p_value[0], chi_squared_sf(r.chi2[0]), 1e-15);
  // A zero count: smoothed log ratio is finite, odds ratio Haldane-corrected, %DIFF infinite.
  EXPECT_NEAR(r.log_ratio[1], std::log2(3.5 / 100) - std::log2(0.5 / 1500), 1e-12);
  EXPECT_NEAR(r.odds_ratio[1], 3.5 * 1500.5 / (0.5 * 97.5), 1e-9);
  EXPECT_TRUE(std::isinf(r.percent_diff[1]));
  EXPECT_NEAR(r.percent_diff[0], -100.0, 1e-12);
  options.smoothing = 0;
  EXPECT_TRUE(std::isinf(keyness(target, reference, options).log_ratio[0]));
}

TEST(Keyness, RowGroupsAndMatrices) {
  CsrMatrix m;
  m.rows = 3;
  m.cols = 2;
  m.indptr = {0, 2, 3, 5};
  m.indices = {0, 1, 1, 0, 1};
  m.data = {4, 1, 2, 1, 9};
  const std::vector<std::int64_t> target{0}, reference{1, 2};
  const auto by_rows = keyness(m, target, reference, {});
  const auto by_vectors = keyness(std::vector<double>{4, 1}, std::vector<double>{1, 11}, {});
  ASSERT_EQ(by_rows.size(), by_vectors.size());
  for (std::size_t i = 0; i < by_rows.size(); ++i) {
    EXPECT_EQ(by_rows.term[i], by_vectors.term[i]);
    EXPECT_DOUBLE_EQ(by_rows.g2[i], by_vectors.g2[i]);
  }
  const std::vector<std::int64_t> overlapping{0, 1};
  EXPECT_THROW(keyness(m, target, overlapping, {}), invalid_argument);
  const std::vector<std::int64_t> outside{3};
  EXPECT_THROW(keyness(m, target, outside, {}), invalid_argument);
}

TEST(Keyness, RejectsBadInput) {
  EXPECT_THROW(keyness(std::vector<double>{1, 2}, std::vector<double>{1}, {}), invalid_argument);
  EXPECT_THROW(keyness(std::vector<double>{1, -2}, std::vector<double>{1, 1}, {}), invalid_argument);
  EXPECT_THROW(keyness(std::vector<double>{0, 0}, std::vector<double>{1, 1}, {}), invalid_argument);
  KeynessOptions bad;
  bad.smoothing = -1;
  EXPECT_THROW(keyness(std::vector<double>{1, 2}, std::vector<double>{1, 1}, bad), invalid_argument);
}
