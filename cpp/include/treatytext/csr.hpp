// The sparse matrix that flows between the count, weight and similarity stages. Conversions
// to and from Eigen's sparse matrices are in the optional treatytext/eigen.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
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

/// Checks the structure of compressed sparse rows before anything reads a row through it (the
/// arrays may come from anywhere: scipy lets users build and mutate them): indptr has rows + 1
/// entries, starts at 0, never decreases, never exceeds the stored entries and ends at
/// indices.size() == data_size; every column index lies in [0, cols); with require_sorted, the
/// columns of each row strictly increase. One read-only O(nnz) pass on up to n_threads threads
/// (rows are only read once the pointers before them are known to be sane, so a bad pointer
/// never leads to a read out of bounds). Returns whether every row's columns strictly increase.
/// Throws invalid_argument "<name>: CsrMatrix: ..." naming the array, the value and the row of
/// the first fault in row order (as a scan row by row would find it).
bool check_csr_structure(const char* name, std::int64_t rows, std::int64_t cols,
                         std::span<const std::int64_t> indptr, std::span<const std::int32_t> indices,
                         std::size_t data_size, bool require_sorted, int n_threads = 1);
/// The same for 64-bit column indices (scipy's int64 index arrays).
bool check_csr_structure(const char* name, std::int64_t rows, std::int64_t cols,
                         std::span<const std::int64_t> indptr, std::span<const std::int64_t> indices,
                         std::size_t data_size, bool require_sorted, int n_threads = 1);

}  // namespace treatytext
