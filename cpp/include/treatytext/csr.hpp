// The sparse matrix that flows between the count, weight and similarity stages. Conversions
// to and from Eigen's sparse matrices are in the optional treatytext/eigen.hpp.
#pragma once

#include <cstdint>
#include <vector>

namespace treatytext {

/// Compressed sparse row matrix, rows = documents or clauses, columns = terms.
///
/// Row pointers are 64-bit so that a matrix may hold more than 2^31 non-zeros; column indices
/// are 32-bit because vocabularies stay far below 2^31 terms, which halves their memory.
/// Invariants (checked by validate()): indptr.size() == rows + 1, indptr[0] == 0,
/// indptr is non-decreasing, indptr.back() == indices.size() == data.size(), and column
/// indices within a row are strictly increasing and in [0, cols).
struct CsrMatrix {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  std::vector<std::int64_t> indptr{0};
  std::vector<std::int32_t> indices;
  std::vector<double> data;

  /// Number of stored entries.
  [[nodiscard]] std::int64_t nnz() const noexcept { return static_cast<std::int64_t>(indices.size()); }

  /// Throws treatytext::invalid_argument naming the first broken invariant and its row.
  void validate() const;
};

}  // namespace treatytext
