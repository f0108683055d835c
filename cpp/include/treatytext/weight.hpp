// Stage 4 — weight: counts -> tf-idf or BM25 vectors, normalized.
//
// Notation: x = raw count of a term in a document (a stored entry of the count matrix, x > 0),
// N = documents in the fitted corpus, df = documents of the fitted corpus containing the term,
// len = sum of the raw counts of the document's row, avglen = average len over the fitted corpus.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "treatytext/csr.hpp"

namespace treatytext {

enum class TfScheme : std::uint8_t {
  raw,        ///< tf = x
  binary,     ///< tf = 1 (x > 0)
  log,        ///< tf = 1 + ln(x)  (sublinear; scikit-learn sublinear_tf=True)
  augmented,  ///< tf = 0.5 + 0.5 * x / max(x over the row)
};

enum class IdfScheme : std::uint8_t {
  none,           ///< idf = 1
  plain,          ///< idf = ln(N / df) + 1                    (scikit-learn smooth_idf=False)
  smooth,         ///< idf = ln((1 + N) / (1 + df)) + 1        (scikit-learn default)
  probabilistic,  ///< idf = max(0, ln((N - df) / df))
};

/// Row normalization after weighting: l1 divides a row by sum |w|, l2 by sqrt(sum w^2); rows of
/// norm 0 stay as they are.
enum class NormScheme : std::uint8_t { none, l1, l2 };

struct WeightOptions {
  TfScheme tf = TfScheme::raw;
  IdfScheme idf = IdfScheme::smooth;
  NormScheme norm = NormScheme::l2;
  /// BM25 instead of tf x idf (tf and idf schemes are then ignored):
  ///   w = idf_bm25 * x * (k1 + 1) / (x + k1 * (1 - b + b * len / avglen)),
  ///   idf_bm25 = ln(1 + (N - df + 0.5) / (df + 0.5)),
  /// followed by the norm (set norm = none for plain BM25 scores).
  bool bm25 = false;
  double k1 = 1.2;
  double b = 0.75;

  void validate() const;  ///< throws invalid_argument (k1 < 0 or not finite, b outside [0, 1])
};

/// Names used in saved models and the Python face: "raw", "binary", "log", "augmented";
/// "none", "plain", "smooth", "probabilistic"; "none", "l1", "l2".
std::string_view to_string(TfScheme scheme) noexcept;
std::string_view to_string(IdfScheme scheme) noexcept;
std::string_view to_string(NormScheme scheme) noexcept;
/// Parse the names above; throw invalid_argument listing the accepted names.
TfScheme parse_tf_scheme(std::string_view name);
IdfScheme parse_idf_scheme(std::string_view name);
NormScheme parse_norm_scheme(std::string_view name);

/// Inverse document frequencies for the scheme (BM25 idf when options.bm25), one per entry of
/// document_frequency. Throws invalid_argument when documents < 0, a df lies outside
/// [0, documents], or a df is 0 under the plain or probabilistic scheme (its idf is infinite).
std::vector<double> inverse_document_frequency(std::span<const std::int64_t> document_frequency,
                                               std::int64_t documents, const WeightOptions& options);

/// Weights a raw count matrix in place: w = tf(x) * idf[column], or the BM25 formula (len = row
/// sum of the raw counts, avglen = average_length of the fitted corpus; when avglen <= 0,
/// len / avglen is taken as 1), then row normalization. idf must hold one entry per column (it
/// may be empty when options.idf is none and BM25 is off). Entries whose weight is exactly 0
/// (probabilistic idf of a term in half the documents or more) are removed, so the result has no
/// explicit zeros. Rows run in parallel; the result is identical for every n_threads.
void apply_weights(CsrMatrix& counts, std::span<const double> idf, const WeightOptions& options,
                   double average_length, int n_threads = 1);

/// Normalizes each row to unit l1 or l2 norm in place (rows of norm 0 are left alone).
void normalize_rows(CsrMatrix& matrix, NormScheme norm, int n_threads = 1);

}  // namespace treatytext
