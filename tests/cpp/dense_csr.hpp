// Test helpers for CSR matrices: one from a small dense matrix written out in the test, and
// a field-by-field equality check.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "treatytext/csr.hpp"

namespace treatytext::testing {

/// The CSR form of a row-major dense matrix (rows x cols); zeros are not stored.
inline CsrMatrix dense_to_csr(const std::vector<double>& values, std::int64_t rows, std::int64_t cols) {
  CsrMatrix m;
  m.rows = rows;
  m.cols = cols;
  for (std::int64_t r = 0; r < rows; ++r) {
    for (std::int64_t c = 0; c < cols; ++c)
      if (values[r * cols + c] != 0) {
        m.indices.push_back(static_cast<std::int32_t>(c));
        m.data.push_back(values[r * cols + c]);
      }
    m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
  }
  return m;
}

/// Expects a and b to be the same matrix bit for bit (shape, structure, values), field by
/// field so that a failure says which part differs.
inline void expect_same_matrix(const CsrMatrix& a, const CsrMatrix& b) {
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.cols, b.cols);
  EXPECT_EQ(a.indptr, b.indptr);
  EXPECT_EQ(a.indices, b.indices);
  EXPECT_EQ(a.data, b.data);
}

}  // namespace treatytext::testing
