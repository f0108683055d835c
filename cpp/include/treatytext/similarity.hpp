// Stage 5 — similarity: cosine and Jaccard between rows, exact top-k without an n x n matrix.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "treatytext/csr.hpp"

namespace treatytext {

/// Dense row-major (X.rows x Y.rows) cosine similarities; Y = nullptr means Y = X.
/// For small sets only: throws invalid_argument when the result would exceed max_cells.
std::vector<double> cosine_matrix(const CsrMatrix& x, const CsrMatrix* y = nullptr,
                                  std::int64_t max_cells = 100'000'000);

/// Dense Jaccard similarities of the rows' non-zero patterns (|A ∩ B| / |A ∪ B|, 0 for two empty rows).
std::vector<double> jaccard_matrix(const CsrMatrix& x, const CsrMatrix* y = nullptr,
                                   std::int64_t max_cells = 100'000'000);

struct TopKOptions {
  std::int64_t k = 10;
  std::optional<double> threshold;   ///< keep only scores >= threshold
  bool exclude_self = true;          ///< when Y is absent, a row is not its own neighbour
  std::vector<std::int64_t> x_groups;  ///< with y_groups (or alone when Y is absent):
  std::vector<std::int64_t> y_groups;  ///< exclude pairs in the same group (e.g. same document)
  int n_threads = 1;
};

/// rows x k neighbours, best first; ties broken by lower index; missing slots are index -1,
/// score NaN.
struct TopKResult {
  std::int64_t rows = 0;
  std::int64_t k = 0;
  std::vector<std::int64_t> indices;
  std::vector<double> scores;
};

/// Exact cosine top-k of each row of X among the rows of Y (Y = nullptr: among X's rows).
/// Rows need not be normalized. Memory O(rows x k + one block); never builds rows x rows.
/// k larger than the candidates leaves padded slots; k < 1 throws invalid_argument.
TopKResult top_k(const CsrMatrix& x, const CsrMatrix* y, const TopKOptions& options);

}  // namespace treatytext
