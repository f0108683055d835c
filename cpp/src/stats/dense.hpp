// Internal: the few sparse x dense products the analysis stage needs, row-parallel with a fixed
// summation order per output entry (identical results for every thread count).
#pragma once

#include <cstdint>

#include <Eigen/Dense>

#include "treatytext/csr.hpp"

namespace treatytext::detail {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// out = A M for a CSR A (rows x cols) and a dense M (cols x l).
void sparse_times_dense(const CsrMatrix& a, const RowMatrix& m, RowMatrix& out, int n_threads);

/// The transpose of a CSR matrix, itself in CSR form (columns within a row ascending).
CsrMatrix transpose(const CsrMatrix& a);

}  // namespace treatytext::detail
