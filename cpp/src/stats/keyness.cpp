#include "treatytext/keyness.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "treatytext/error.hpp"

namespace treatytext {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// O ln(O / E) with the limit 0 at O = 0.
double xlogx_ratio(double observed, double expected) {
  return observed > 0 ? observed * std::log(observed / expected) : 0.0;
}

void check_counts(std::span<const double> counts, const char* name) {
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (!(counts[i] >= 0) || !std::isfinite(counts[i]))
      throw invalid_argument(std::string("keyness: ") + name + " count of term " + std::to_string(i) +
                             " is " + std::to_string(counts[i]) + "; counts must be finite and >= 0");
  }
}

// Throws unless every row and column of the table [[a, b], [c, d]] has a positive sum (an
// expectation would be 0).
void check_margins(const char* function, double a, double b, double c, double d) {
  if (a + b > 0 && c + d > 0 && a + c > 0 && b + d > 0) return;
  throw invalid_argument(std::string(function) + ": a row or column of the table [[" + std::to_string(a) +
                         ", " + std::to_string(b) + "], [" + std::to_string(c) + ", " + std::to_string(d) +
                         "]] sums to 0");
}

std::vector<double> sum_rows(const CsrMatrix& matrix, std::span<const std::int64_t> rows,
                             std::vector<std::uint8_t>& seen, std::uint8_t mark, const char* name) {
  std::vector<double> sums(static_cast<std::size_t>(matrix.cols), 0.0);
  for (const auto r : rows) {
    if (r < 0 || r >= matrix.rows)
      throw invalid_argument(std::string("keyness: ") + name + " row " + std::to_string(r) +
                             " out of range [0, " + std::to_string(matrix.rows) + ")");
    auto& state = seen[static_cast<std::size_t>(r)];
    if (state != 0 && state != mark)
      throw invalid_argument("keyness: row " + std::to_string(r) +
                             " is in both the target and the reference");
    if (state == mark) continue;  // a row listed twice counts once
    state = mark;
    for (auto p = matrix.indptr[r]; p < matrix.indptr[r + 1]; ++p)
      sums[static_cast<std::size_t>(matrix.indices[p])] += matrix.data[p];
  }
  return sums;
}

std::vector<double> column_totals(const CsrMatrix& matrix) {
  std::vector<double> sums(static_cast<std::size_t>(matrix.cols), 0.0);
  for (std::int64_t p = 0; p < matrix.nnz(); ++p)
    sums[static_cast<std::size_t>(matrix.indices[p])] += matrix.data[p];
  return sums;
}

}  // namespace

void KeynessOptions::validate() const {
  if (!(smoothing >= 0) || !std::isfinite(smoothing))
    throw invalid_argument("keyness: smoothing must be finite and >= 0, got " + std::to_string(smoothing));
  if (!(min_count > 0) || !std::isfinite(min_count))
    throw invalid_argument("keyness: min_count must be finite and > 0, got " + std::to_string(min_count));
}

double log_likelihood_2x2(double a, double b, double c, double d) {
  const double n = a + b + c + d;
  const double row1 = a + b, row2 = c + d, col1 = a + c, col2 = b + d;
  check_margins("log_likelihood_2x2", a, b, c, d);
  const double g = xlogx_ratio(a, row1 * col1 / n) + xlogx_ratio(b, row1 * col2 / n) +
                   xlogx_ratio(c, row2 * col1 / n) + xlogx_ratio(d, row2 * col2 / n);
  // Rounding can leave a tiny negative value for a table at independence.
  return std::max(0.0, 2.0 * g);
}

double chi_squared_2x2(double a, double b, double c, double d, bool yates) {
  const double n = a + b + c + d;
  const double row1 = a + b, row2 = c + d, col1 = a + c, col2 = b + d;
  check_margins("chi_squared_2x2", a, b, c, d);
  // In a 2x2 table every cell deviates from its expectation by the same |a - E_a|.
  double deviation = std::abs(a - row1 * col1 / n);
  if (yates) deviation -= std::min(0.5, deviation);
  const double d2 = deviation * deviation;
  // Σ dev² / E_ij with 1 / E_ij = n / (row_i col_j).
  return d2 * n * (1.0 / (row1 * col1) + 1.0 / (row1 * col2) + 1.0 / (row2 * col1) + 1.0 / (row2 * col2));
}

double chi_squared_sf(double x, int df) {
  if (std::isnan(x)) return x;
  if (x <= 0) return 1.0;
  if (df == 1) return std::erfc(std::sqrt(x / 2.0));
  if (df >= 2 && df % 2 == 0) {
    // P(X >= x) = exp(-x/2) Σ_{i < df/2} (x/2)^i / i!
    const double h = x / 2.0;
    double term = 1.0, sum = 1.0;
    for (int i = 1; i < df / 2; ++i) {
      term *= h / i;
      sum += term;
    }
    return std::min(1.0, std::exp(-h) * sum);
  }
  throw invalid_argument("chi_squared_sf: df = " + std::to_string(df) +
                         " not supported (use 1 or an even df)");
}

KeynessResult keyness(std::span<const double> target, std::span<const double> reference,
                      const KeynessOptions& options) {
  options.validate();
  if (target.size() != reference.size())
    throw invalid_argument("keyness: target has " + std::to_string(target.size()) +
                           " terms but reference has " + std::to_string(reference.size()));
  check_counts(target, "target");
  check_counts(reference, "reference");
  const double total_t = std::accumulate(target.begin(), target.end(), 0.0);
  const double total_r = std::accumulate(reference.begin(), reference.end(), 0.0);
  if (!(total_t > 0)) throw invalid_argument("keyness: the target corpus is empty (total count 0)");
  if (!(total_r > 0)) throw invalid_argument("keyness: the reference corpus is empty (total count 0)");

  KeynessResult result;
  result.target_total = total_t;
  result.reference_total = total_r;
  const double s = options.smoothing;
  for (std::size_t t = 0; t < target.size(); ++t) {
    const double a = target[t], b = reference[t];
    if (a + b < options.min_count || a + b <= 0) continue;
    // A term can hold every token of both corpora; then c = d = 0 and the table is degenerate,
    // with nothing to compare: its statistics are 0.
    const double c = std::max(0.0, total_t - a), d = std::max(0.0, total_r - b);
    const bool degenerate = c + d <= 0;
    const double g2 = degenerate ? 0.0 : log_likelihood_2x2(a, b, c, d);
    const double chi2 = degenerate ? 0.0 : chi_squared_2x2(a, b, c, d, options.yates);
    const double statistic = options.measure == KeynessMeasure::log_likelihood ? g2 : chi2;
    const double rel_t = a / total_t, rel_r = b / total_r;
    result.term.push_back(static_cast<std::int64_t>(t));
    result.target_count.push_back(a);
    result.reference_count.push_back(b);
    result.g2.push_back(g2);
    result.chi2.push_back(chi2);
    result.p_value.push_back(chi_squared_sf(statistic, 1));
    result.log_ratio.push_back(std::log2((a + s) / total_t) - std::log2((b + s) / total_r));
    result.percent_diff.push_back(b > 0 ? 100.0 * (rel_t - rel_r) / rel_r : (a > 0 ? kInf : 0.0));
    const double h = (a == 0 || b == 0 || c == 0 || d == 0) ? 0.5 : 0.0;
    result.odds_ratio.push_back(((a + h) * (d + h)) / ((b + h) * (c + h)));
    result.sign.push_back(static_cast<std::int8_t>(rel_t > rel_r ? 1 : (rel_t < rel_r ? -1 : 0)));
  }
  if (!options.sort) return result;

  const auto& key = options.measure == KeynessMeasure::log_likelihood ? result.g2 : result.chi2;
  std::vector<std::size_t> order(result.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return key[x] > key[y]; });
  auto permute = [&order](auto& values) {
    auto copy = values;
    for (std::size_t i = 0; i < order.size(); ++i) values[i] = copy[order[i]];
  };
  permute(result.term);
  permute(result.target_count);
  permute(result.reference_count);
  permute(result.g2);
  permute(result.chi2);
  permute(result.p_value);
  permute(result.log_ratio);
  permute(result.percent_diff);
  permute(result.odds_ratio);
  permute(result.sign);
  return result;
}

KeynessResult keyness(const CsrMatrix& target, const CsrMatrix& reference, const KeynessOptions& options) {
  target.validate();
  reference.validate();
  if (target.cols != reference.cols)
    throw invalid_argument("keyness: target has " + std::to_string(target.cols) +
                           " columns but reference has " + std::to_string(reference.cols));
  const auto t = column_totals(target);
  const auto r = column_totals(reference);
  return keyness(std::span<const double>(t), std::span<const double>(r), options);
}

KeynessResult keyness(const CsrMatrix& counts, std::span<const std::int64_t> target_rows,
                      std::span<const std::int64_t> reference_rows, const KeynessOptions& options) {
  counts.validate();
  std::vector<std::uint8_t> seen(static_cast<std::size_t>(counts.rows), 0);
  const auto t = sum_rows(counts, target_rows, seen, 1, "target");
  const auto r = sum_rows(counts, reference_rows, seen, 2, "reference");
  return keyness(std::span<const double>(t), std::span<const double>(r), options);
}

}  // namespace treatytext
