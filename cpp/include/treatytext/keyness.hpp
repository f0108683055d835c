// Analysis — keyness: which terms does a target corpus use more (or less) than a reference?
//
// For each term the 2x2 contingency table is
//
//                    target     reference
//     this term        a            b
//     other terms      c = T - a    d = R - b        (T, R: total counts of each corpus)
//
// and the statistics compare it with the table expected under independence,
// E_ij = row_i * col_j / N. Dunning's log-likelihood G² = 2 Σ O ln(O / E) (a zero cell adds 0)
// and Pearson's chi² = Σ (O - E)² / E, optionally with Yates' continuity correction (each
// |O - E| reduced by min(0.5, |O - E|), as scipy.stats.chi2_contingency does). G² is never
// corrected: that is the usual convention of corpus linguistics (Rayson & Garside 2000), and
// scipy's chi2_contingency(lambda_="log-likelihood", correction=False) gives the same value.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "treatytext/csr.hpp"

namespace treatytext {

enum class KeynessMeasure : std::uint8_t {
  log_likelihood,  ///< Dunning's G²
  chi_squared,     ///< Pearson's chi² (Yates-corrected when KeynessOptions::yates)
};

struct KeynessOptions {
  KeynessMeasure measure = KeynessMeasure::log_likelihood;  ///< the statistic, p-value and sort key
  bool yates = false;  ///< Yates' continuity correction of chi² (not of G²)
  /// Added to both counts of a term before its log ratio, odds ratio is Haldane-corrected
  /// (+0.5 to every cell) only when a cell is zero. 0.5 keeps zero counts finite; 0 gives the
  /// exact ratio (±inf when a count is zero).
  double smoothing = 0.5;
  /// Terms whose target + reference count is below this are dropped (they carry no evidence;
  /// a term absent from both corpora has an undefined table).
  double min_count = 1.0;
  bool sort = true;  ///< by statistic, descending, ties by lower term id; false keeps term order

  void validate() const;  ///< throws invalid_argument (negative smoothing, min_count <= 0)
};

/// One row per kept term, in the order chosen by KeynessOptions::sort.
struct KeynessResult {
  std::vector<std::int64_t> term;       ///< term id (column of the input)
  std::vector<double> target_count;     ///< a
  std::vector<double> reference_count;  ///< b
  std::vector<double> g2;               ///< log-likelihood G² (>= 0)
  std::vector<double> chi2;             ///< Pearson chi² (Yates-corrected if asked, >= 0)
  std::vector<double> p_value;          ///< chi-square(1 df) upper tail of the chosen measure
  /// log2((a + s) / T) - log2((b + s) / R): Hardie's log ratio, s = smoothing. 1 = twice as
  /// frequent in the target.
  std::vector<double> log_ratio;
  /// %DIFF (Gabrielatos & Marchi 2012): 100 (a/T - b/R) / (b/R); +inf when b = 0 < a.
  std::vector<double> percent_diff;
  /// (a d) / (b c), Haldane-corrected (+0.5 to every cell) when any cell is 0.
  std::vector<double> odds_ratio;
  /// +1 when the term is relatively more frequent in the target (over-use), -1 when less, 0 equal.
  std::vector<std::int8_t> sign;
  double target_total = 0;     ///< T
  double reference_total = 0;  ///< R

  /// Number of terms scored.
  [[nodiscard]] std::size_t size() const noexcept { return term.size(); }
};

/// Keyness of every term from two count vectors of equal length (index = term id). Counts
/// must be finite and >= 0 (fractional counts are accepted); both totals must be positive.
KeynessResult keyness(std::span<const double> target, std::span<const double> reference,
                      const KeynessOptions& options = {});

/// Keyness of the column sums of two count matrices with the same columns (e.g. the clauses
/// of two documents, counted against one vocabulary).
KeynessResult keyness(const CsrMatrix& target, const CsrMatrix& reference,
                      const KeynessOptions& options = {});

/// Keyness of one group of rows of a count matrix against another group. A row may not be in
/// both groups; rows in neither are ignored.
KeynessResult keyness(const CsrMatrix& counts, std::span<const std::int64_t> target_rows,
                      std::span<const std::int64_t> reference_rows, const KeynessOptions& options = {});

/// G² of the 2x2 table [[a, b], [c, d]]; zero cells contribute 0. Throws invalid_argument when
/// a row or column of the table sums to 0 (the expected counts are undefined).
double log_likelihood_2x2(double a, double b, double c, double d);

/// Pearson chi² of the 2x2 table [[a, b], [c, d]], with Yates' correction when `yates`.
double chi_squared_2x2(double a, double b, double c, double d, bool yates = false);

/// Upper tail P(X >= x) of the chi-square distribution with `df` degrees of freedom, for
/// df = 1 (erfc(sqrt(x / 2))) and any even df (a finite Poisson sum); other df throw
/// invalid_argument. x <= 0 gives 1.
double chi_squared_sf(double x, int df = 1);

}  // namespace treatytext
