// Matrix writing and tf-idf weighting with scikit-learn's arithmetic: the operations of
// CountVectorizer + TfidfTransformer in their order and in the matrix's value type, with row
// norms summed in double as sklearn.utils.sparsefuncs_fast does.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "count/internal.hpp"
#include "sklearn/rows.hpp"
#include "treatytext/error.hpp"
#include "treatytext/parallel.hpp"
#include "util/radix_sort.hpp"
#include "weight/normalize.hpp"

namespace treatytext {

namespace {

// scikit-learn's normalize() checks its input first (check_array): a NaN or an infinity, e.g.
// a count times the infinite idf of a term no fitted document contained (smooth_idf=False),
// raises its ValueError, with its message, instead of leaving NaN in the matrix.
template <typename T>
[[noreturn]] void throw_not_finite(const T* values, std::size_t n) {
  const bool nan = std::any_of(values, values + n, [](T x) { return std::isnan(x); });
  const char* dtype = sizeof(T) == 4 ? "float32" : "float64";
  throw invalid_argument(nan ? std::string("Input contains NaN.")
                             : std::string("Input contains infinity or a value too large for dtype('") +
                                   dtype + "').");
}

template <typename T>
void normalize_row(T* values, std::size_t n, NormScheme norm) {
  if (norm == NormScheme::none) return;
  const double sum = detail::row_norm(values, n, norm);
  // A sum of finite values may overflow (scikit-learn then divides by inf); only non-finite
  // values raise.
  if (!std::isfinite(sum) && std::any_of(values, values + n, [](T x) { return !std::isfinite(x); }))
      [[unlikely]]
    throw_not_finite(values, n);
  detail::divide_row(values, n, sum);
}

// One row from packed (column << 32 | count) keys sorted by column.
template <typename T>
void write_row(const std::uint64_t* keys, std::size_t n, std::int32_t* columns, T* values,
               const SklearnOutput& o, const T* idf) {
  for (std::size_t i = 0; i < n; ++i) {
    const auto column = static_cast<std::int32_t>(keys[i] >> 32);
    T x = o.binary ? T(1) : static_cast<T>(static_cast<std::uint32_t>(keys[i]));
    if (o.sublinear_tf) x = static_cast<T>(std::log(x)) + T(1);
    if (idf != nullptr) x *= idf[column];
    columns[i] = column;
    values[i] = x;
  }
  normalize_row(values, n, o.norm);
}

}  // namespace

namespace sk {

std::vector<std::size_t> balanced_runs(const DocumentSource& documents, int threads) {
  double total = 0;
  for (std::size_t i = 0; i < documents.size(); ++i) total += static_cast<double>(documents.weight(i) + 16);
  // Four runs per thread let a thread that the system slows down hand work to the others, and
  // even one thread's counts then come in pieces that writing the matrix frees one by one; a run
  // under ~256 kB costs more in start-up and merging than it saves.
  const double wanted = 4.0 * threads;
  const auto useful = static_cast<int>(std::min(wanted, std::max(1.0, total / 262144.0)));
  return detail::document_runs(documents, useful);
}

std::vector<RowsView> partition_views(const PartitionCounts& counts, int threads) {
  const auto& ends = counts.row_ends;
  const auto nnz = static_cast<std::int64_t>(counts.ids.size());
  // Four views per thread, as balanced_runs; a view under ~64 k entries costs more to start than
  // it saves. Rows weigh their entries, plus one so that runs of empty rows still spread.
  const int parts = static_cast<int>(std::clamp<std::int64_t>(nnz / 65536, 1, 4 * std::max(threads, 1)));
  std::vector<std::size_t> weights(ends.size());
  for (std::size_t r = 0; r < ends.size(); ++r)
    weights[r] = static_cast<std::size_t>(ends[r] - (r == 0 ? 0 : ends[r - 1])) + 1;
  const auto bounds = balanced_boundaries(weights, parts);
  std::vector<RowsView> views;
  for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
    const std::int64_t start = bounds[b] == 0 ? 0 : ends[bounds[b] - 1];
    views.push_back({std::span(ends).subspan(bounds[b], bounds[b + 1] - bounds[b]), start, counts.ids.data(),
                     counts.counts.data()});
  }
  return views;
}

SklearnMatrix write_rows(const std::vector<RowsView>& views,
                         const std::vector<const std::vector<std::int32_t>*>& maps, std::int64_t columns,
                         const SklearnOutput& output, int n_threads,
                         const std::function<void(std::size_t)>& written) {
  using Values = SklearnOutput::Values;
  if (output.values == Values::int64 &&
      (output.sublinear_tf || !output.idf.empty() || output.norm != NormScheme::none))
    throw invalid_argument("SklearnOutput: integer values cannot be weighted or normalized");
  if (!output.idf.empty() && static_cast<std::int64_t>(output.idf.size()) != columns)
    throw invalid_argument("SklearnOutput.idf has " + std::to_string(output.idf.size()) + " entries for " +
                           std::to_string(columns) + " columns");
  SklearnMatrix m;
  m.cols = columns;
  std::vector<std::int64_t> base_rows{0};
  for (const auto& view : views)
    base_rows.push_back(base_rows.back() + static_cast<std::int64_t>(view.row_ends.size()));
  m.rows = base_rows.back();
  m.indptr.assign(static_cast<std::size_t>(m.rows) + 1, 0);
  // Maps without dropped columns keep every entry: rows need no filtering. Views of one
  // partition share its map, which is then scanned once.
  std::vector<const std::int32_t*> filters(views.size(), nullptr);
  for (std::size_t v = 0; v < maps.size(); ++v) {
    if (v > 0 && maps[v] == maps[v - 1]) {
      filters[v] = filters[v - 1];
    } else if (std::any_of(maps[v]->begin(), maps[v]->end(), [](std::int32_t k) { return k < 0; })) {
      filters[v] = maps[v]->data();
    }
  }
  // Pass 1: the number of kept entries of each row.
  parallel_for_dynamic(views.size(), n_threads, [&](std::size_t v, int) {
    const auto& rows = views[v];
    const std::int32_t* map = filters[v];
    std::int64_t start = rows.start;
    for (std::size_t r = 0; r < rows.row_ends.size(); ++r) {
      const std::int64_t stop = rows.row_ends[r];
      std::int64_t kept = stop - start;
      if (map != nullptr) {
        kept = 0;
        for (auto p = start; p < stop; ++p) kept += map[rows.ids[p]] >= 0 ? 1 : 0;
      }
      m.indptr[static_cast<std::size_t>(base_rows[v]) + r + 1] = kept;
      start = stop;
    }
  });
  for (std::size_t r = 1; r < m.indptr.size(); ++r) m.indptr[r] += m.indptr[r - 1];
  const auto nnz = static_cast<std::size_t>(m.indptr.back());
  // Not zero-filled (UninitializedVector): pages become resident as rows are written, while
  // released chunks give theirs back.
  m.indices.resize(nnz);
  if (output.values == Values::int64) m.values_int64.resize(nnz);
  if (output.values == Values::float64) m.values_float64.resize(nnz);
  if (output.values == Values::float32) m.values_float32.resize(nnz);
  const std::vector<float> idf32(output.idf.begin(), output.idf.end());
  // Pass 2: each row's entries sorted by column, then valued.
  const auto max_column = static_cast<std::uint32_t>(std::max<std::int64_t>(0, columns - 1));
  parallel_for_dynamic(views.size(), n_threads, [&](std::size_t v, int) {
    std::vector<std::uint64_t> keys;
    std::vector<std::uint64_t> buffer;
    const auto& rows = views[v];
    const std::int32_t* map = maps.empty() ? nullptr : maps[v]->data();
    std::int64_t start = rows.start;
    for (std::size_t r = 0; r < rows.row_ends.size(); ++r) {
      const std::int64_t stop = rows.row_ends[r];
      keys.clear();
      for (auto p = start; p < stop; ++p) {
        const auto id = rows.ids[p];
        const std::int32_t column = map != nullptr ? map[id] : id;
        if (column >= 0) keys.push_back((static_cast<std::uint64_t>(column) << 32) | rows.counts[p]);
      }
      start = stop;
      if (!std::is_sorted(keys.begin(), keys.end())) util::radix_sort_high_words(keys, buffer, max_column);
      const auto at = static_cast<std::size_t>(m.indptr[static_cast<std::size_t>(base_rows[v]) + r]);
      std::int32_t* cols = m.indices.data() + at;
      switch (output.values) {
        case Values::int64:
          for (std::size_t i = 0; i < keys.size(); ++i) {
            cols[i] = static_cast<std::int32_t>(keys[i] >> 32);
            m.values_int64[at + i] = output.binary ? 1 : static_cast<std::uint32_t>(keys[i]);
          }
          break;
        case Values::float64:
          write_row<double>(keys.data(), keys.size(), cols, m.values_float64.data() + at, output,
                            output.idf.empty() ? nullptr : output.idf.data());
          break;
        case Values::float32:
          write_row<float>(keys.data(), keys.size(), cols, m.values_float32.data() + at, output,
                           idf32.empty() ? nullptr : idf32.data());
          break;
      }
    }
    if (written) written(v);
  });
  return m;
}

SklearnMatrix write_matrix(const std::vector<detail::ChunkCounts*>& chunks,
                           const std::vector<const std::vector<std::int32_t>*>& maps, std::int64_t columns,
                           const SklearnOutput& output, int n_threads, bool release) {
  std::vector<RowsView> views;
  views.reserve(chunks.size());
  for (const auto* chunk : chunks)
    views.push_back({chunk->row_ends, 0, chunk->ids.data(), chunk->counts.data()});
  if (!release) return write_rows(views, maps, columns, output, n_threads);
  return write_rows(views, maps, columns, output, n_threads, [&](std::size_t c) {
    *chunks[c] = detail::ChunkCounts{};
    detail::return_free_memory();
  });
}

}  // namespace sk

template <typename T, typename Index, typename Pointer>
void sklearn_tfidf_inplace(std::span<T> data, std::span<const Index> indices, std::span<const Pointer> indptr,
                           std::span<const T> idf, bool sublinear_tf, NormScheme norm, int n_threads) {
  if (indptr.empty() || indices.size() != data.size() ||
      static_cast<std::size_t>(indptr.back()) != data.size())
    throw invalid_argument("tf-idf: malformed CSR matrix (indptr, indices and data disagree)");
  const std::size_t rows = indptr.size() - 1;
  for (std::size_t r = 0; r < rows; ++r)
    if (indptr[r] < 0 || indptr[r] > indptr[r + 1])
      throw invalid_argument("tf-idf: indptr decreases at row " + std::to_string(r));
  if (!idf.empty())
    for (std::size_t i = 0; i < indices.size(); ++i)
      if (indices[i] < 0 || static_cast<std::size_t>(indices[i]) >= idf.size())
        throw invalid_argument("tf-idf: column " + std::to_string(indices[i]) + " out of range of idf");
  parallel_for(
      rows, n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        for (std::size_t r = begin; r < end; ++r) {
          const auto first = static_cast<std::size_t>(indptr[r]);
          const auto last = static_cast<std::size_t>(indptr[r + 1]);
          for (auto p = first; p < last; ++p) {
            T x = data[p];
            if (sublinear_tf) x = static_cast<T>(std::log(x)) + T(1);
            if (!idf.empty()) x *= idf[static_cast<std::size_t>(indices[p])];
            data[p] = x;
          }
          normalize_row(data.data() + first, last - first, norm);
        }
      },
      4096);
}

#define TREATYTEXT_TFIDF(T, I, P)                                                                    \
  template void sklearn_tfidf_inplace<T, I, P>(std::span<T>, std::span<const I>, std::span<const P>, \
                                               std::span<const T>, bool, NormScheme, int);
TREATYTEXT_TFIDF(double, std::int32_t, std::int32_t)
TREATYTEXT_TFIDF(double, std::int32_t, std::int64_t)
TREATYTEXT_TFIDF(double, std::int64_t, std::int64_t)
TREATYTEXT_TFIDF(float, std::int32_t, std::int32_t)
TREATYTEXT_TFIDF(float, std::int32_t, std::int64_t)
TREATYTEXT_TFIDF(float, std::int64_t, std::int64_t)
#undef TREATYTEXT_TFIDF

}  // namespace treatytext
