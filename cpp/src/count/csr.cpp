#include "treatytext/csr.hpp"

#include <string>

#include "treatytext/error.hpp"

namespace treatytext {

void CsrMatrix::validate() const { check_csr_structure("", rows, cols, indptr, indices, data.size(), true); }

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
