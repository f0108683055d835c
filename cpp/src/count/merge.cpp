// Merging of counts of batches: vocabularies united in order, rows appended and re-sorted.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "count/internal.hpp"
#include "treatytext/count.hpp"

namespace treatytext {

namespace detail {

void sort_entries(CsrMatrix& matrix, std::size_t first, std::size_t last,
                  std::vector<std::pair<std::int32_t, double>>& row) {
  row.clear();
  for (auto p = first; p < last; ++p) row.emplace_back(matrix.indices[p], matrix.data[p]);
  std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < row.size(); ++i) {
    matrix.indices[first + i] = row[i].first;
    matrix.data[first + i] = row[i].second;
  }
}

void sort_rows(CsrMatrix& matrix, std::int64_t begin, std::int64_t end) {
  std::vector<std::pair<std::int32_t, double>> row;
  for (std::int64_t r = begin; r < end; ++r) {
    const auto first = static_cast<std::size_t>(matrix.indptr[static_cast<std::size_t>(r)]);
    const auto last = static_cast<std::size_t>(matrix.indptr[static_cast<std::size_t>(r) + 1]);
    if (!std::is_sorted(matrix.indices.begin() + static_cast<std::ptrdiff_t>(first),
                        matrix.indices.begin() + static_cast<std::ptrdiff_t>(last)))
      sort_entries(matrix, first, last, row);
  }
}

}  // namespace detail

namespace {

// Appends `second` to `first` (both already validated).
void merge_into(Counts& first, const Counts& second) {
  const auto map = detail::append_terms(first.vocabulary, first.document_frequency, first.term_frequency,
                                        second.vocabulary, second.document_frequency, second.term_frequency);
  const std::size_t terms = first.vocabulary.size();
  auto& m = first.matrix;
  const std::int64_t first_rows = m.rows;
  const std::int64_t base = m.nnz();
  m.indices.reserve(m.indices.size() + second.matrix.indices.size());
  m.data.reserve(m.data.size() + second.matrix.data.size());
  for (std::size_t p = 0; p < second.matrix.indices.size(); ++p) {
    m.indices.push_back(map[static_cast<std::size_t>(second.matrix.indices[p])]);
    m.data.push_back(second.matrix.data[p]);
  }
  m.indptr.reserve(m.indptr.size() + static_cast<std::size_t>(second.matrix.rows));
  for (std::int64_t r = 1; r <= second.matrix.rows; ++r)
    m.indptr.push_back(base + second.matrix.indptr[static_cast<std::size_t>(r)]);
  m.rows += second.matrix.rows;
  m.cols = static_cast<std::int64_t>(terms);
  // Appended terms may interleave with old ids, so the new rows need re-sorting.
  detail::sort_rows(m, first_rows, m.rows);
}

}  // namespace

Counts merge(Counts first, const Counts& second) {
  first.validate();
  second.validate();
  merge_into(first, second);
  return first;
}

Counts merge_all(std::vector<Counts> batches) {
  if (batches.empty()) return Counts{};
  for (const auto& batch : batches) batch.validate();
  Counts result = std::move(batches[0]);
  for (std::size_t i = 1; i < batches.size(); ++i) {
    merge_into(result, batches[i]);
    batches[i] = Counts{};  // release each batch once appended
  }
  return result;
}

}  // namespace treatytext
