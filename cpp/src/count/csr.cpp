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

EigenCsr to_eigen(const CsrMatrix& matrix) {
  EigenCsr result(matrix.rows, matrix.cols);
  result.reserve(matrix.nnz());
  for (std::int64_t r = 0; r < matrix.rows; ++r) {
    result.startVec(r);
    for (auto p = matrix.indptr[r]; p < matrix.indptr[r + 1]; ++p)
      result.insertBack(r, matrix.indices[p]) = matrix.data[p];
  }
  result.finalize();
  return result;
}

CsrMatrix from_eigen(const EigenCsr& matrix) {
  CsrMatrix result;
  result.rows = matrix.rows();
  result.cols = matrix.cols();
  result.indptr.assign(1, 0);
  result.indptr.reserve(static_cast<std::size_t>(result.rows) + 1);
  result.indices.reserve(static_cast<std::size_t>(matrix.nonZeros()));
  result.data.reserve(static_cast<std::size_t>(matrix.nonZeros()));
  for (std::int64_t r = 0; r < matrix.outerSize(); ++r) {
    for (EigenCsr::InnerIterator it(matrix, r); it; ++it) {
      result.indices.push_back(static_cast<std::int32_t>(it.col()));
      result.data.push_back(it.value());
    }
    result.indptr.push_back(static_cast<std::int64_t>(result.indices.size()));
  }
  return result;
}

}  // namespace treatytext
