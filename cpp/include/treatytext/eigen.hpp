// Optional: conversions between CsrMatrix and Eigen's sparse matrices, for C++ users who want
// Eigen algebra on treatytext's output. The rest of the public API does not use Eigen; a
// program that includes this header finds Eigen itself (find_package(Eigen3 3.3 NO_MODULE),
// target Eigen3::Eigen). Not part of the umbrella treatytext.hpp.
#pragma once

#include <cstdint>

#include <Eigen/SparseCore>

#include "treatytext/csr.hpp"

namespace treatytext {

/// Row-major Eigen sparse matrix with 64-bit storage indices: the Eigen type a CsrMatrix maps to.
using EigenCsr = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int64_t>;

/// Copies a CsrMatrix into an Eigen sparse matrix (row-major, 64-bit indices, compressed), the
/// rows' entries in the matrix's column order.
inline EigenCsr to_eigen(const CsrMatrix& matrix) {
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

/// Copies an Eigen sparse matrix (compressed or not) into a CsrMatrix, each row's entries in
/// Eigen's inner order (ascending columns), explicit zeros kept.
inline CsrMatrix from_eigen(const EigenCsr& matrix) {
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
