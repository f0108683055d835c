// Stage 4 — weight: counts -> tf-idf or BM25 vectors, normalized.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "treatytext/csr.hpp"

namespace treatytext {

enum class TfScheme : std::uint8_t {
  raw,        ///< tf = count
  binary,     ///< tf = 1 if count > 0
  log,        ///< tf = 1 + ln(count)  (sublinear)
  augmented,  ///< tf = 0.5 + 0.5 * count / max count in the row
};

enum class IdfScheme : std::uint8_t {
  none,           ///< idf = 1
  plain,          ///< idf = ln(N / df) + 1                    (scikit-learn smooth_idf=False)
  smooth,         ///< idf = ln((1 + N) / (1 + df)) + 1        (scikit-learn default)
  probabilistic,  ///< idf = max(0, ln((N - df) / df))
};

enum class NormScheme : std::uint8_t { none, l1, l2 };

struct WeightOptions {
  TfScheme tf = TfScheme::raw;
  IdfScheme idf = IdfScheme::smooth;
  NormScheme norm = NormScheme::l2;
  /// BM25 instead of tf x idf: w = idf_bm25 * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len / avglen)),
  /// idf_bm25 = ln(1 + (N - df + 0.5) / (df + 0.5)); tf and idf schemes are then ignored.
  bool bm25 = false;
  double k1 = 1.2;
  double b = 0.75;

  void validate() const;  ///< throws invalid_argument (k1 < 0, b outside [0, 1])
};

/// Inverse document frequencies for the scheme (BM25 idf when options.bm25).
std::vector<double> inverse_document_frequency(std::span<const std::int64_t> document_frequency,
                                               std::int64_t documents, const WeightOptions& options);

/// Weights a raw count matrix in place: tf scheme, times idf, BM25 if chosen (document length =
/// row sum of counts, average_length from the fitted corpus), then row normalization.
/// Rows that are all zero stay zero.
void apply_weights(CsrMatrix& counts, std::span<const double> idf, const WeightOptions& options,
                   double average_length, int n_threads = 1);

/// Normalizes each row to unit l1 or l2 norm in place.
void normalize_rows(CsrMatrix& matrix, NormScheme norm, int n_threads = 1);

}  // namespace treatytext
