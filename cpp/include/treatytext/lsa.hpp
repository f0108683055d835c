// Analysis — LSA: truncated SVD of a (tf-idf) clause x term matrix, for themes and 2-D maps.
//
// Randomized SVD (Halko, Martinsson & Tropp 2011, algorithm 4.4 with QR re-orthonormalization
// between power iterations, as scikit-learn's randomized_svd): a Gaussian test matrix of
// n_components + oversamples columns, n_iter power iterations, then the exact SVD of the small
// projected matrix. The matrix is never densified; its transpose is built once so that both
// products run row-parallel, and each output entry is summed in a fixed order, so the result
// is identical for every thread count and, for a given seed, on every platform.
//
// Sign convention (scikit-learn's svd_flip with u_based_decision=False): in each component
// (row of Vt) the entry of largest absolute value is positive (ties: the lower column), and the
// embedding columns follow. The decomposition is thus deterministic, not only up to sign.
#pragma once

#include <cstdint>
#include <vector>

#include "treatytext/csr.hpp"

namespace treatytext {

struct LsaOptions {
  std::int64_t n_components = 100;
  std::int64_t oversamples = 10;  ///< extra test vectors: accuracy of the trailing components
  int n_iter = 5;                 ///< power iterations: accuracy when the spectrum decays slowly
  std::uint64_t seed = 0;
  int n_threads = 1;

  void validate() const;  ///< throws invalid_argument
};

/// A rank-k decomposition X ≈ U S Vt, dense and row-major.
struct LsaResult {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::int64_t n_components = 0;
  std::vector<double> embedding;        ///< rows x k: U S, the coordinates of each row of X
  std::vector<double> singular_values;  ///< k, descending
  std::vector<double> components;       ///< k x cols: Vt, orthonormal rows
};

/// Truncated SVD of X. n_components must be in [1, min(rows, cols)] (else invalid_argument
/// naming the shape).
LsaResult truncated_svd(const CsrMatrix& x, const LsaOptions& options = {});

/// Coordinates of new rows in a fitted decomposition: Y Vtᵀ (rows x k, row-major). Y must have
/// the decomposition's columns.
std::vector<double> lsa_transform(const CsrMatrix& y, const LsaResult& fitted, int n_threads = 1);

}  // namespace treatytext
