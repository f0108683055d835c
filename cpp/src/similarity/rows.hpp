// Internal to the similarity stage: unit-length rows, their inverted index, and the small
// top-k container shared by every similarity kernel.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "treatytext/csr.hpp"
#include "treatytext/detail/uninitialized.hpp"
#include "treatytext/similarity.hpp"

namespace treatytext::detail {

/// A CSR matrix whose rows are scaled to unit l2 norm. The structure (indptr, indices) is borrowed
/// from the source matrix, which must outlive this object; only the values are copied (and the
/// indices, once compact_columns renumbers them). Move-only: `indices` may point into
/// `own_indices`, which a move keeps in place but a copy would not.
struct UnitRows {
  std::int64_t rows = 0;
  std::int64_t cols = 0;
  const std::int64_t* indptr = nullptr;
  const std::int32_t* indices = nullptr;
  detail::UninitializedVector<double> data;  ///< unit values; not zero-filled before being written
  bool non_negative = true;                  ///< every value >= 0 (allows score bounds)
  std::vector<std::int32_t> own_indices;     ///< sorted or renumbered columns, else empty
  std::vector<std::int64_t> own_indptr;      ///< row pointers once duplicates were summed, else empty

  UnitRows() = default;
  UnitRows(UnitRows&&) = default;
  UnitRows& operator=(UnitRows&&) = default;
  UnitRows(const UnitRows&) = delete;
  UnitRows& operator=(const UnitRows&) = delete;

  [[nodiscard]] std::int64_t row_begin(std::int64_t r) const { return indptr[r]; }
  [[nodiscard]] std::int64_t row_end(std::int64_t r) const { return indptr[r + 1]; }
};

/// Asks the caches for row r's columns and values ahead of their use: the rows scored exactly
/// are scattered over the whole matrix, and fetched one by one they wait on memory.
inline void prefetch_row(const UnitRows& m, std::int64_t r) {
#if defined(__GNUC__)
  constexpr std::int64_t kLine = 64;
  const auto* index = reinterpret_cast<const char*>(m.indices + m.row_begin(r));
  const auto* index_end = reinterpret_cast<const char*>(m.indices + m.row_end(r));
  for (; index < index_end; index += kLine) __builtin_prefetch(index);
  const auto* value = reinterpret_cast<const char*>(m.data.data() + m.row_begin(r));
  const auto* value_end = reinterpret_cast<const char*>(m.data.data() + m.row_end(r));
  for (; value < value_end; value += kLine) __builtin_prefetch(value);
#else
  (void)m;
  (void)r;
#endif
}

/// Validates the matrix (structure, finite values; `name` is used in messages) and returns its
/// rows scaled to unit l2 norm; zero rows stay zero. The norm is computed with scaling by the
/// row's largest magnitude, so that very large or very small values neither overflow nor
/// underflow. With sort_rows, rows whose columns are not strictly increasing (scipy allows
/// them; scikit-learn's TfidfVectorizer returns them) are accepted: their entries are sorted by
/// column, duplicates summed in their order of appearance, into arrays the result owns, so the
/// caller's matrix is neither copied nor changed. Otherwise such rows are an error.
UnitRows unit_rows(const CsrView& matrix, const char* name, int n_threads, bool sort_rows = false);
/// Throws invalid_argument when the array lengths of `matrix` break the CsrMatrix invariants
/// (what a view of it cannot check).
void check_lengths(const CsrMatrix& matrix, const char* name);

/// Renumbers the columns that occur in x (or in x and y, with one numbering for both) as
/// 0, 1, ... in increasing order when the matrices have many more columns than stored entries,
/// so that every per-column buffer of the similarity kernels is O(nnz) rather than O(cols)
/// (2^31 - 1 columns would otherwise cost gigabytes per buffer). The order of the columns is
/// kept, so every sum taken in ascending column order, hence every score, is bitwise unchanged.
/// Returns whether it renumbered.
bool compact_columns(UnitRows& x, UnitRows* y);

/// For each row of m: the smallest index of a row identical to it (the same columns, bitwise
/// the same values) and, when `groups` is given, in the same group; the row itself if none.
std::vector<std::int32_t> first_identical_rows(const UnitRows& m, const std::int64_t* groups, int n_threads);

/// X and Y (or X alone) as unit rows sharing one column numbering (compact_columns): where
/// every similarity kernel starts. y() is x itself when Y is absent (a self-join).
struct UnitPair {
  UnitRows x;
  UnitRows y_storage;
  bool self_join = true;
  [[nodiscard]] const UnitRows& y() const noexcept { return self_join ? x : y_storage; }
};
UnitPair unit_pair(const CsrView& x, const CsrView* y, int n_threads, bool sort_rows = false);
/// The same for whole CsrMatrix objects, whose array lengths are checked too.
UnitPair unit_pair(const CsrMatrix& x, const CsrMatrix* y, int n_threads);

/// Checks the array lengths of X and Y (when given), then returns f(view of X, view of Y or
/// null): how an entry point taking whole matrices reaches the one taking views.
template <typename F>
auto with_checked_views(const CsrMatrix& x, const CsrMatrix* y, F&& f) {
  check_lengths(x, "X");
  if (y == nullptr) return f(view_of(x), static_cast<const CsrView*>(nullptr));
  check_lengths(*y, "Y");
  const CsrView yv = view_of(*y);
  return f(view_of(x), &yv);
}

/// The number of stored entries of each column (document frequencies, for a count matrix).
std::vector<std::int64_t> column_counts(const UnitRows& matrix);

/// Column-major copy of a UnitRows matrix: for each column, the rows holding it (ascending) and
/// their values. Row indices are 32-bit (checked), halving the index's memory.
struct InvertedIndex {
  std::vector<std::int64_t> colptr;  ///< cols + 1
  std::vector<std::int32_t> rows;
  std::vector<double> values;
};

/// Builds the inverted index of `matrix` (a counting sort over columns, O(nnz + cols)).
InvertedIndex invert(const UnitRows& matrix);

/// Dot product of a dense vector (indexed by column) with row r of `matrix`, summed in
/// ascending column order. Every kernel scores through this order, so an exhaustive and a
/// pruned search give bitwise identical scores.
inline double dot_dense(const UnitRows& matrix, std::int64_t r, const double* dense) {
  double sum = 0.0;
  for (auto p = matrix.row_begin(r); p < matrix.row_end(r); ++p)
    sum += dense[matrix.indices[p]] * matrix.data[static_cast<std::size_t>(p)];
  return sum;
}

/// dot_dense of up to 4 rows at once (rows[0..count)), each summed in exactly the same order as
/// dot_dense, so the results are bitwise equal to it. Four independent sums hide the latency of
/// the additions, which bounds a single sum over a long row.
void dot_dense_batch(const UnitRows& matrix, const std::int32_t* rows, int count, const double* dense,
                     double* out);

/// The best k (score, index) pairs seen so far: higher score first, then lower index.
/// A binary heap whose top is the worst kept pair, so that rejecting a pair is one comparison.
class TopKHeap {
 public:
  struct Entry {
    double score;
    std::int64_t index;
  };

  explicit TopKHeap(std::int64_t k) : k_(static_cast<std::size_t>(k)) {}

  void reset(std::size_t k) {
    k_ = k;
    heap_.clear();
  }
  [[nodiscard]] bool full() const { return heap_.size() >= k_; }
  [[nodiscard]] std::size_t size() const { return heap_.size(); }
  /// The worst kept entry; only meaningful when size() > 0.
  [[nodiscard]] const Entry& worst() const { return heap_.front(); }

  /// True when (score, index) would enter a full heap (it beats the worst kept entry).
  [[nodiscard]] bool beats_worst(double score, std::int64_t index) const {
    const auto& w = heap_.front();
    return score > w.score || (score == w.score && index < w.index);
  }

  void push(double score, std::int64_t index) {
    if (heap_.size() < k_) {
      heap_.push_back({score, index});
      std::push_heap(heap_.begin(), heap_.end(), better);
    } else if (beats_worst(score, index)) {
      std::pop_heap(heap_.begin(), heap_.end(), better);
      heap_.back() = {score, index};
      std::push_heap(heap_.begin(), heap_.end(), better);
    }
  }

  /// Writes the kept entries best first into the k slots, padding with (-1, NaN); empties the heap.
  void drain(std::int64_t* indices, double* scores, std::int64_t k, double nan);

 private:
  // "a better than b" makes std::*_heap keep the worst entry at the front.
  static bool better(const Entry& a, const Entry& b) {
    return a.score > b.score || (a.score == b.score && a.index < b.index);
  }
  std::size_t k_;
  std::vector<Entry> heap_;
};

}  // namespace treatytext::detail
