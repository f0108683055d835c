#include "stats/dense.hpp"

#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext::detail {

void sparse_times_dense(const CsrMatrix& a, const RowMatrix& m, RowMatrix& out, int n_threads) {
  out.setZero(a.rows, m.cols());
  parallel_for(
      static_cast<std::size_t>(a.rows), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        for (auto r = static_cast<std::int64_t>(begin); r < static_cast<std::int64_t>(end); ++r) {
          if (r % 256 == 0) check_interrupt();
          for (auto p = a.indptr[r]; p < a.indptr[r + 1]; ++p) out.row(r) += a.data[p] * m.row(a.indices[p]);
        }
      },
      64);
}

CsrMatrix transpose(const CsrMatrix& a) {
  CsrMatrix t;
  t.rows = a.cols;
  t.cols = a.rows;
  t.indptr.assign(static_cast<std::size_t>(a.cols) + 1, 0);
  for (const auto c : a.indices) ++t.indptr[static_cast<std::size_t>(c) + 1];
  for (std::size_t c = 0; c < static_cast<std::size_t>(a.cols); ++c) t.indptr[c + 1] += t.indptr[c];
  t.indices.resize(a.indices.size());
  t.data.resize(a.data.size());
  auto next = t.indptr;  // write cursor per column; rows are visited in order, so they ascend
  for (std::int64_t r = 0; r < a.rows; ++r)
    for (auto p = a.indptr[r]; p < a.indptr[r + 1]; ++p) {
      const auto slot = next[static_cast<std::size_t>(a.indices[p])]++;
      t.indices[slot] = static_cast<std::int32_t>(r);
      t.data[slot] = a.data[p];
    }
  return t;
}

}  // namespace treatytext::detail
