#include "treatytext/csr.hpp"

#include <string>

#include "treatytext/error.hpp"

namespace treatytext {

void CsrMatrix::validate() const {
  if (rows < 0 || cols < 0) throw invalid_argument("CsrMatrix: negative shape");
  if (indptr.size() != static_cast<std::size_t>(rows) + 1)
    throw invalid_argument("CsrMatrix: indptr has " + std::to_string(indptr.size()) +
                           " entries, expected rows + 1 = " + std::to_string(rows + 1));
  if (indptr.front() != 0) throw invalid_argument("CsrMatrix: indptr[0] must be 0");
  if (indices.size() != data.size()) throw invalid_argument("CsrMatrix: indices and data differ in length");
  if (indptr.back() != nnz())
    throw invalid_argument("CsrMatrix: indptr[rows] = " + std::to_string(indptr.back()) + " but there are " +
                           std::to_string(nnz()) + " non-zeros");
  for (std::int64_t r = 0; r < rows; ++r) {
    const auto begin = indptr[r];
    const auto end = indptr[r + 1];
    if (end < begin) throw invalid_argument("CsrMatrix: indptr decreases at row " + std::to_string(r));
    for (auto p = begin; p < end; ++p) {
      const auto c = indices[p];
      if (c < 0 || c >= cols)
        throw invalid_argument("CsrMatrix: column " + std::to_string(c) + " out of range in row " +
                               std::to_string(r));
      if (p > begin && indices[p - 1] >= c)
        throw invalid_argument("CsrMatrix: columns not strictly increasing in row " + std::to_string(r));
    }
  }
}

}  // namespace treatytext
