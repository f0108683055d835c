// Dense similarity matrices for small sets (the top-k search lives in similarity_topk.cpp).
#include "treatytext/similarity.hpp"

#include <string>

#include "similarity/rows.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {

namespace {

void check_dense(const char* what, const CsrMatrix& x, const CsrMatrix* y, std::int64_t max_cells) {
  const auto& other = y != nullptr ? *y : x;
  if (other.cols != x.cols)
    throw invalid_argument(std::string(what) + ": X has shape (" + std::to_string(x.rows) + ", " +
                           std::to_string(x.cols) + ") but Y has shape (" + std::to_string(other.rows) +
                           ", " + std::to_string(other.cols) + "): they need the same number of columns");
  const double cells = static_cast<double>(x.rows) * static_cast<double>(other.rows);
  if (cells > static_cast<double>(max_cells))
    throw invalid_argument(std::string(what) + ": the dense result would have " + std::to_string(x.rows) +
                           " x " + std::to_string(other.rows) + " cells, more than max_cells = " +
                           std::to_string(max_cells) + "; use top_k for the nearest rows of large sets");
}

// Row-parallel fill of a dense result: row(i, out) writes the similarities of X's row i.
template <typename RowFn>
std::vector<double> fill_rows(std::int64_t rows, std::int64_t cols, int n_threads, const RowFn& row) {
  std::vector<double> result(static_cast<std::size_t>(rows * cols), 0.0);
  parallel_for(
      static_cast<std::size_t>(rows), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        std::vector<double> dense;
        for (auto i = static_cast<std::int64_t>(begin); i < static_cast<std::int64_t>(end); ++i) {
          if (i % 64 == 0) check_interrupt();
          row(i, result.data() + i * cols, dense);
        }
      },
      16);
  return result;
}

}  // namespace

std::vector<double> cosine_matrix(const CsrMatrix& x, const CsrMatrix* y, std::int64_t max_cells,
                                  int n_threads) {
  check_dense("cosine_matrix", x, y, max_cells);
  const int threads = resolve_threads(n_threads);
  const detail::UnitPair pair = detail::unit_pair(x, y, threads);
  const auto& ux = pair.x;
  const auto& uy = pair.y();
  // Scoring through dot_dense (ascending columns, both factors unit) makes X against itself
  // exactly symmetric: s(i, j) and s(j, i) add the same products in the same order.
  return fill_rows(ux.rows, uy.rows, threads, [&](std::int64_t i, double* out, std::vector<double>& dense) {
    dense.assign(static_cast<std::size_t>(ux.cols), 0.0);
    for (auto p = ux.row_begin(i); p < ux.row_end(i); ++p)
      dense[static_cast<std::size_t>(ux.indices[p])] = ux.data[static_cast<std::size_t>(p)];
    for (std::int64_t j = 0; j < uy.rows; ++j) out[j] = detail::dot_dense(uy, j, dense.data()) + 0.0;
  });
}

std::vector<double> jaccard_matrix(const CsrMatrix& x, const CsrMatrix* y, std::int64_t max_cells,
                                   int n_threads) {
  check_dense("jaccard_matrix", x, y, max_cells);
  // Validation, the finite-value check and compact columns; the pattern needs no normalized
  // values, so presence is read from the source matrices (same positions as the unit rows').
  const int threads = resolve_threads(n_threads);
  const detail::UnitPair pair = detail::unit_pair(x, y, threads);
  const auto& ux = pair.x;
  const auto& uy = pair.y();
  const auto& other = y != nullptr ? *y : x;
  const auto present = [](const CsrMatrix& m, std::int64_t r) {
    std::int64_t count = 0;
    for (auto p = m.indptr[r]; p < m.indptr[r + 1]; ++p) count += m.data[p] != 0.0;
    return count;
  };
  std::vector<std::int64_t> other_sizes(static_cast<std::size_t>(other.rows));
  for (std::int64_t j = 0; j < other.rows; ++j) other_sizes[static_cast<std::size_t>(j)] = present(other, j);
  return fill_rows(x.rows, other.rows, threads, [&](std::int64_t i, double* out, std::vector<double>& mark) {
    mark.assign(static_cast<std::size_t>(ux.cols), 0.0);
    for (auto p = x.indptr[i]; p < x.indptr[i + 1]; ++p)
      if (x.data[p] != 0.0) mark[static_cast<std::size_t>(ux.indices[p])] = 1.0;
    const auto size_i = present(x, i);
    for (std::int64_t j = 0; j < other.rows; ++j) {
      std::int64_t both = 0;
      for (auto p = other.indptr[j]; p < other.indptr[j + 1]; ++p)
        both += other.data[p] != 0.0 && mark[static_cast<std::size_t>(uy.indices[p])] != 0.0;
      const auto either = size_i + other_sizes[static_cast<std::size_t>(j)] - both;
      out[j] = either == 0 ? 0.0 : static_cast<double>(both) / static_cast<double>(either);
    }
  });
}

}  // namespace treatytext
