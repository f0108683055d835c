// Structural validation of CSR arrays at the boundary (see check_csr_structure in csr.hpp): the
// one implementation behind CsrMatrix::validate, the similarity stage's views and the bindings.
#include <atomic>
#include <string>

#include "treatytext/csr.hpp"
#include "treatytext/error.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {

namespace {

template <typename Index>
bool check_structure(const char* name, std::int64_t rows, std::int64_t cols,
                     std::span<const std::int64_t> indptr, std::span<const Index> indices,
                     std::size_t data_size, bool require_sorted, int n_threads) {
  const auto fail = [&](const std::string& what) {
    throw invalid_argument(std::string(name) + (std::string(name).empty() ? "" : ": ") +
                           "CsrMatrix: " + what);
  };
  if (rows < 0 || cols < 0) fail("negative shape");
  if (indptr.size() != static_cast<std::size_t>(rows) + 1)
    fail("indptr has " + std::to_string(indptr.size()) +
         " entries, expected rows + 1 = " + std::to_string(rows + 1));
  if (indptr[0] != 0) fail("indptr[0] must be 0, got " + std::to_string(indptr[0]));
  if (indices.size() != data_size)
    fail("indices and data differ in length (" + std::to_string(indices.size()) + " and " +
         std::to_string(data_size) + ")");
  const auto nnz = static_cast<std::int64_t>(indices.size());
  // The first row whose end pointer decreases or points past the stored entries: the rows
  // before it have ranges within [0, nnz) and may be read.
  std::int64_t bad_pointer = rows;
  for (std::int64_t r = 0; r < rows; ++r)
    if (indptr[r + 1] < indptr[r] || indptr[r + 1] > nnz) {
      bad_pointer = r;
      break;
    }
  const auto first_fault = [&](std::int64_t r, bool& unsorted) -> std::int64_t {
    const auto begin = indptr[r];
    for (auto p = begin; p < indptr[r + 1]; ++p) {
      const auto c = static_cast<std::int64_t>(indices[p]);
      if (c < 0 || c >= cols) return p;
      if (p > begin && static_cast<std::int64_t>(indices[p - 1]) >= c) {
        if (require_sorted) return p;
        unsorted = true;
      }
    }
    return -1;
  };
  std::atomic<std::int64_t> first_bad{bad_pointer};
  std::atomic<bool> any_unsorted{false};
  parallel_for(
      static_cast<std::size_t>(bad_pointer), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        bool unsorted = false;
        for (auto r = static_cast<std::int64_t>(begin); r < static_cast<std::int64_t>(end); ++r) {
          if (first_fault(r, unsorted) < 0) continue;
          for (auto seen = first_bad.load(); r < seen && !first_bad.compare_exchange_weak(seen, r);) {
          }
          break;
        }
        if (unsorted) any_unsorted = true;
      },
      4096);
  if (const std::int64_t bad = first_bad.load(); bad < bad_pointer) {
    bool unused = false;
    const auto p = first_fault(bad, unused);
    const auto c = static_cast<std::int64_t>(indices[p]);
    if (c < 0 || c >= cols)
      fail("column " + std::to_string(c) + " out of range in row " + std::to_string(bad) + " (indices[" +
           std::to_string(p) + "], " + std::to_string(cols) + " columns)");
    fail("columns not strictly increasing in row " + std::to_string(bad) + " (indices[" + std::to_string(p) +
         "])");
  }
  if (bad_pointer < rows) {
    const auto r = bad_pointer;
    if (indptr[r + 1] < indptr[r])
      fail("indptr decreases at row " + std::to_string(r) + " (indptr[" + std::to_string(r) +
           "] = " + std::to_string(indptr[r]) + ", indptr[" + std::to_string(r + 1) +
           "] = " + std::to_string(indptr[r + 1]) + ")");
    fail("indptr[" + std::to_string(r + 1) + "] = " + std::to_string(indptr[r + 1]) + " points past the " +
         std::to_string(nnz) + " stored entries (row " + std::to_string(r) + ")");
  }
  if (indptr[rows] != nnz)
    fail("indptr[rows] = " + std::to_string(indptr[rows]) + " but there are " + std::to_string(nnz) +
         " non-zeros");
  return !any_unsorted.load();
}

}  // namespace

bool check_csr_structure(const char* name, std::int64_t rows, std::int64_t cols,
                         std::span<const std::int64_t> indptr, std::span<const std::int32_t> indices,
                         std::size_t data_size, bool require_sorted, int n_threads) {
  return check_structure(name, rows, cols, indptr, indices, data_size, require_sorted, n_threads);
}

bool check_csr_structure(const char* name, std::int64_t rows, std::int64_t cols,
                         std::span<const std::int64_t> indptr, std::span<const std::int64_t> indices,
                         std::size_t data_size, bool require_sorted, int n_threads) {
  return check_structure(name, rows, cols, indptr, indices, data_size, require_sorted, n_threads);
}

}  // namespace treatytext
