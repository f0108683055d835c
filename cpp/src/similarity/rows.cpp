#include "similarity/rows.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>

#include "treatytext/detail/hash.hpp"
#include "treatytext/error.hpp"
#include "treatytext/parallel.hpp"
#include "util/radix_sort.hpp"
#include "weight/normalize.hpp"

namespace treatytext::detail {

namespace {

// CsrMatrix::validate for a view (check_csr_structure, whose messages these are), except the
// array lengths, which a view cannot see: the caller vouches that indices and data hold
// indptr[rows] entries. With allow_unsorted, rows out of column order pass; returns whether
// there is one.
bool validate(const CsrView& m, bool allow_unsorted, int n_threads) {
  if (m.rows < 0 || m.cols < 0) throw invalid_argument("CsrMatrix: negative shape");
  if (m.indptr == nullptr) throw invalid_argument("CsrMatrix: indptr is missing");
  const auto nnz = static_cast<std::size_t>(std::max<std::int64_t>(0, m.indptr[m.rows]));
  return !check_csr_structure("", m.rows, m.cols, {m.indptr, static_cast<std::size_t>(m.rows) + 1},
                              {m.indices, nnz}, nnz, !allow_unsorted, n_threads);
}

// The canonical form of a matrix with rows out of column order: columns sorted, duplicates
// summed (in their order of appearance, a stable sort), values not yet scaled.
void sort_rows_into(const CsrView& m, UnitRows& unit, int n_threads) {
  const auto nnz = static_cast<std::size_t>(m.indptr[m.rows]);
  unit.own_indices.resize(nnz);
  unit.data.resize(nnz);
  std::vector<std::int64_t> kept(static_cast<std::size_t>(m.rows));
  const auto max_column = static_cast<std::uint32_t>(std::max<std::int64_t>(0, m.cols - 1));
  parallel_for(
      static_cast<std::size_t>(m.rows), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        // (column << 32 | offset in the row): one integer sort orders by column, then by
        // appearance, which is what summing duplicates in their order needs.
        std::vector<std::uint64_t> keys, spare;
        for (auto r = static_cast<std::int64_t>(begin); r < static_cast<std::int64_t>(end); ++r) {
          const auto b = m.indptr[r];
          const auto e = m.indptr[r + 1];
          auto out = b;
          bool sorted = true;
          for (auto p = b + 1; p < e && sorted; ++p) sorted = m.indices[p - 1] < m.indices[p];
          if (sorted || e - b > std::int64_t{0xffffffff}) {
            // Sorted rows are copied; a row longer than 2^32 entries (so many duplicates) keeps
            // its order and goes through a comparison sort of positions instead.
            if (!sorted) {
              std::vector<std::int64_t> order(static_cast<std::size_t>(e - b));
              std::iota(order.begin(), order.end(), b);
              std::stable_sort(order.begin(), order.end(),
                               [&](std::int64_t x, std::int64_t y) { return m.indices[x] < m.indices[y]; });
              for (std::size_t i = 0; i < order.size(); ++i) {
                if (i > 0 && m.indices[order[i]] == m.indices[order[i - 1]]) {
                  unit.data[static_cast<std::size_t>(out - 1)] += m.data[order[i]];
                  continue;
                }
                unit.own_indices[static_cast<std::size_t>(out)] = m.indices[order[i]];
                unit.data[static_cast<std::size_t>(out)] = m.data[order[i]];
                ++out;
              }
            } else {
              std::copy(m.indices + b, m.indices + e, unit.own_indices.begin() + b);
              std::copy(m.data + b, m.data + e, unit.data.begin() + b);
              out = e;
            }
            kept[static_cast<std::size_t>(r)] = out - b;
            continue;
          }
          keys.clear();
          for (auto p = b; p < e; ++p)
            keys.push_back(static_cast<std::uint64_t>(m.indices[p]) << 32 |
                           static_cast<std::uint64_t>(p - b));
          util::radix_sort_high_words(keys, spare, max_column);
          std::int64_t previous = -1;
          for (const auto key : keys) {
            const auto column = static_cast<std::int32_t>(key >> 32);
            const double value = m.data[b + static_cast<std::int64_t>(key & 0xffffffffu)];
            if (column == previous) {
              unit.data[static_cast<std::size_t>(out - 1)] += value;
              continue;
            }
            previous = column;
            unit.own_indices[static_cast<std::size_t>(out)] = column;
            unit.data[static_cast<std::size_t>(out)] = value;
            ++out;
          }
          kept[static_cast<std::size_t>(r)] = out - b;
        }
      },
      256);
  std::int64_t total = 0;
  for (const auto count : kept) total += count;
  if (total == static_cast<std::int64_t>(nnz)) {
    unit.indptr = m.indptr;
  } else {  // duplicates: close the gaps they left, moving each row left
    unit.own_indptr.assign(static_cast<std::size_t>(m.rows) + 1, 0);
    for (std::int64_t r = 0; r < m.rows; ++r) {
      const auto from = m.indptr[r];
      const auto to = unit.own_indptr[static_cast<std::size_t>(r)];
      const auto count = kept[static_cast<std::size_t>(r)];
      std::copy(unit.own_indices.begin() + from, unit.own_indices.begin() + from + count,
                unit.own_indices.begin() + to);
      std::copy(unit.data.begin() + from, unit.data.begin() + from + count, unit.data.begin() + to);
      unit.own_indptr[static_cast<std::size_t>(r) + 1] = to + count;
    }
    unit.own_indices.resize(static_cast<std::size_t>(total));
    unit.own_indices.shrink_to_fit();
    unit.data.resize(static_cast<std::size_t>(total));
    unit.data.shrink_to_fit();
    unit.indptr = unit.own_indptr.data();
  }
  unit.indices = unit.own_indices.data();
}

}  // namespace

UnitRows unit_rows(const CsrView& source, const char* name, int n_threads, bool sort_rows) {
  bool unsorted = false;
  try {
    unsorted = validate(source, sort_rows, n_threads);
  } catch (const invalid_argument& e) {
    throw invalid_argument(std::string(name) + ": " + e.what());
  }
  UnitRows unit;
  unit.rows = source.rows;
  unit.cols = source.cols;
  if (unsorted) {
    sort_rows_into(source, unit, n_threads);
  } else {
    unit.indptr = source.indptr;
    unit.indices = source.indices;
    unit.data.resize(static_cast<std::size_t>(source.indptr[source.rows]));
  }
  // The values scaled from here: the source's, or (sorted rows) the canonical ones in place.
  const CsrView matrix{source.rows, source.cols, unit.indptr, unit.indices,
                       unsorted ? unit.data.data() : source.data};
  std::atomic<std::int64_t> bad_row{-1};
  std::atomic<bool> negative{false};
  parallel_for(
      static_cast<std::size_t>(matrix.rows), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        bool any_negative = false;
        for (auto r = static_cast<std::int64_t>(begin); r < static_cast<std::int64_t>(end); ++r) {
          const auto b = matrix.indptr[r];
          const auto e = matrix.indptr[r + 1];
          double largest = 0.0;
          for (auto p = b; p < e; ++p) {
            const double v = matrix.data[p];
            if (!std::isfinite(v)) {
              std::int64_t expected = -1;
              bad_row.compare_exchange_strong(expected, r);
              return;
            }
            largest = std::max(largest, std::abs(v));
            any_negative |= v < 0.0;
          }
          if (largest == 0.0) {
            for (auto p = b; p < e; ++p) unit.data[p] = 0.0;
            continue;
          }
          detail::unit_row(matrix.data + b, static_cast<std::size_t>(e - b), largest, unit.data.data() + b);
        }
        if (any_negative) negative = true;
      },
      1024);
  if (bad_row >= 0)
    throw invalid_argument(std::string(name) + " contains a NaN or infinite value in row " +
                           std::to_string(bad_row.load()));
  unit.non_negative = !negative;
  return unit;
}

bool compact_columns(UnitRows& x, UnitRows* y) {
  const auto nnz_of = [](const UnitRows& m) { return m.rows > 0 ? m.indptr[m.rows] : std::int64_t{0}; };
  const std::int64_t nnz = nnz_of(x) + (y != nullptr ? nnz_of(*y) : 0);
  // Per-column buffers up to a few bytes per stored entry cost less than the renumbering (a
  // sort of the entries' columns), so ordinary term matrices keep their columns.
  if (x.cols <= nnz / 2 + 4096) return false;
  std::vector<std::int32_t> occurring;
  occurring.reserve(static_cast<std::size_t>(nnz));
  for (const UnitRows* m : {&x, y})
    if (m != nullptr) occurring.insert(occurring.end(), m->indices, m->indices + nnz_of(*m));
  std::sort(occurring.begin(), occurring.end());
  occurring.erase(std::unique(occurring.begin(), occurring.end()), occurring.end());
  occurring.shrink_to_fit();
  for (UnitRows* m : {&x, y}) {
    if (m == nullptr) continue;
    std::vector<std::int32_t> renumbered(static_cast<std::size_t>(nnz_of(*m)));
    for (std::size_t p = 0; p < renumbered.size(); ++p)
      renumbered[p] = static_cast<std::int32_t>(
          std::lower_bound(occurring.begin(), occurring.end(), m->indices[p]) - occurring.begin());
    m->own_indices = std::move(renumbered);
    m->indices = m->own_indices.data();
    m->cols = static_cast<std::int64_t>(occurring.size());
  }
  return true;
}

void check_lengths(const CsrMatrix& matrix, const char* name) {
  const auto fail = [&](const std::string& what) {
    throw invalid_argument(std::string(name) + ": CsrMatrix: " + what);
  };
  if (matrix.rows < 0 || matrix.cols < 0) fail("negative shape");
  if (matrix.indptr.size() != static_cast<std::size_t>(matrix.rows) + 1)
    fail("indptr has " + std::to_string(matrix.indptr.size()) +
         " entries, expected rows + 1 = " + std::to_string(matrix.rows + 1));
  if (matrix.indices.size() != matrix.data.size()) fail("indices and data differ in length");
  if (matrix.indptr.back() != matrix.nnz())
    fail("indptr[rows] = " + std::to_string(matrix.indptr.back()) + " but there are " +
         std::to_string(matrix.nnz()) + " non-zeros");
}

UnitPair unit_pair(const CsrView& x, const CsrView* y, int n_threads, bool sort_rows) {
  UnitPair pair;
  pair.self_join = y == nullptr;
  pair.x = unit_rows(x, "X", n_threads, sort_rows);
  if (y != nullptr) pair.y_storage = unit_rows(*y, "Y", n_threads, sort_rows);
  // From here on every per-column buffer is sized by the columns that occur.
  compact_columns(pair.x, y != nullptr ? &pair.y_storage : nullptr);
  return pair;
}

UnitPair unit_pair(const CsrMatrix& x, const CsrMatrix* y, int n_threads) {
  return with_checked_views(
      x, y, [&](const CsrView& xv, const CsrView* yv) { return unit_pair(xv, yv, n_threads); });
}

std::vector<std::int64_t> column_counts(const UnitRows& matrix) {
  std::vector<std::int64_t> counts(static_cast<std::size_t>(matrix.cols), 0);
  const auto nnz = matrix.rows > 0 ? matrix.indptr[matrix.rows] : 0;
  for (std::int64_t p = 0; p < nnz; ++p) ++counts[static_cast<std::size_t>(matrix.indices[p])];
  return counts;
}

InvertedIndex invert(const UnitRows& matrix) {
  if (matrix.rows > std::numeric_limits<std::int32_t>::max())
    throw invalid_argument("top_k: at most 2^31 - 1 rows are supported, got " + std::to_string(matrix.rows));
  InvertedIndex index;
  const auto nnz = matrix.rows > 0 ? matrix.indptr[matrix.rows] : 0;
  index.colptr.assign(static_cast<std::size_t>(matrix.cols) + 1, 0);
  for (std::int64_t p = 0; p < nnz; ++p) ++index.colptr[static_cast<std::size_t>(matrix.indices[p]) + 1];
  for (std::size_t c = 0; c < static_cast<std::size_t>(matrix.cols); ++c)
    index.colptr[c + 1] += index.colptr[c];
  index.rows.resize(static_cast<std::size_t>(nnz));
  index.values.resize(static_cast<std::size_t>(nnz));
  std::vector<std::int64_t> next(index.colptr.begin(), index.colptr.end() - 1);
  for (std::int64_t r = 0; r < matrix.rows; ++r) {
    for (auto p = matrix.row_begin(r); p < matrix.row_end(r); ++p) {
      const auto slot = next[static_cast<std::size_t>(matrix.indices[p])]++;
      index.rows[static_cast<std::size_t>(slot)] = static_cast<std::int32_t>(r);
      index.values[static_cast<std::size_t>(slot)] = matrix.data[static_cast<std::size_t>(p)];
    }
  }
  return index;
}

namespace {

// N rows advanced together for `steps` entries; sums and positions live in registers.
template <int N>
inline void advance(const UnitRows& m, std::int64_t* pos, double* sum, std::int64_t steps,
                    const double* dense) {
  std::int64_t p[N];
  double s[N];
  for (int r = 0; r < N; ++r) {
    p[r] = pos[r];
    s[r] = sum[r];
  }
  for (std::int64_t step = 0; step < steps; ++step)
    for (int r = 0; r < N; ++r)
      s[r] += dense[m.indices[p[r] + step]] * m.data[static_cast<std::size_t>(p[r] + step)];
  for (int r = 0; r < N; ++r) {
    pos[r] = p[r] + steps;
    sum[r] = s[r];
  }
}

}  // namespace

void dot_dense_batch(const UnitRows& matrix, const std::int32_t* rows, int count, const double* dense,
                     double* out) {
  // Active rows kept compact in slots [0, active): pos, end, sum and the output slot of each.
  std::int64_t pos[4], end[4];
  double sum[4];
  int slot[4];
  int active = 0;
  for (int r = 0; r < count; ++r) {
    pos[active] = matrix.row_begin(rows[r]);
    end[active] = matrix.row_end(rows[r]);
    sum[active] = 0.0;
    slot[active] = r;
    ++active;
  }
  while (active > 0) {
    std::int64_t steps = end[0] - pos[0];
    for (int r = 1; r < active; ++r) steps = std::min(steps, end[r] - pos[r]);
    switch (active) {
      case 4:
        advance<4>(matrix, pos, sum, steps, dense);
        break;
      case 3:
        advance<3>(matrix, pos, sum, steps, dense);
        break;
      case 2:
        advance<2>(matrix, pos, sum, steps, dense);
        break;
      default:
        advance<1>(matrix, pos, sum, steps, dense);
        break;
    }
    // Retire the rows that are done (order of the rest does not matter).
    for (int r = 0; r < active;) {
      if (pos[r] < end[r]) {
        ++r;
        continue;
      }
      out[slot[r]] = sum[r];
      --active;
      pos[r] = pos[active];
      end[r] = end[active];
      sum[r] = sum[active];
      slot[r] = slot[active];
    }
  }
}

namespace {

bool same_row(const UnitRows& m, std::int64_t a, std::int64_t b) {
  const auto length = m.row_end(a) - m.row_begin(a);
  if (m.row_end(b) - m.row_begin(b) != length) return false;
  const auto n = static_cast<std::size_t>(length);
  // Empty rows are equal; memcmp must not see the null pointers of a matrix with no entries.
  if (n == 0) return true;
  return std::memcmp(m.indices + m.row_begin(a), m.indices + m.row_begin(b), n * sizeof(std::int32_t)) == 0 &&
         std::memcmp(m.data.data() + m.row_begin(a), m.data.data() + m.row_begin(b), n * sizeof(double)) == 0;
}

}  // namespace

std::vector<std::int32_t> first_identical_rows(const UnitRows& m, const std::int64_t* groups, int n_threads) {
  if (m.rows > std::numeric_limits<std::int32_t>::max())
    throw invalid_argument("first_identical_rows: at most 2^31 - 1 rows, got " + std::to_string(m.rows));
  // Rows sorted by a hash of (group, columns, value bits): identical rows end up side by side,
  // in increasing index order within each run of equal hashes.
  std::vector<std::pair<std::uint64_t, std::int32_t>> keyed(static_cast<std::size_t>(m.rows));
  parallel_for(
      keyed.size(), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        for (auto r = static_cast<std::int64_t>(begin); r < static_cast<std::int64_t>(end); ++r) {
          std::uint64_t h =
              mix(static_cast<std::uint64_t>(m.row_end(r) - m.row_begin(r)) ^ kHashP0,
                  groups != nullptr ? static_cast<std::uint64_t>(groups[r]) ^ kHashP1 : kHashP1);
          for (auto p = m.row_begin(r); p < m.row_end(r); ++p) {
            std::uint64_t bits;
            std::memcpy(&bits, m.data.data() + p, sizeof bits);
            h = mix(h ^ static_cast<std::uint32_t>(m.indices[p]) ^ kHashP2, bits ^ kHashP0);
          }
          keyed[static_cast<std::size_t>(r)] = {h, static_cast<std::int32_t>(r)};
        }
      },
      4096);
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::int32_t> first(keyed.size());
  std::iota(first.begin(), first.end(), 0);
  std::vector<std::int32_t> heads;  // the first row of each distinct row within a run
  for (std::size_t run = 0; run < keyed.size();) {
    std::size_t end = run + 1;
    while (end < keyed.size() && keyed[end].first == keyed[run].first) ++end;
    heads.clear();
    for (auto e = run; e < end; ++e) {
      const auto r = keyed[e].second;
      const auto head = std::find_if(heads.begin(), heads.end(), [&](std::int32_t h) {
        return (groups == nullptr || groups[h] == groups[r]) && same_row(m, h, r);
      });
      if (head == heads.end())
        heads.push_back(r);
      else
        first[static_cast<std::size_t>(r)] = *head;
    }
    run = end;
  }
  return first;
}

void TopKHeap::drain(std::int64_t* indices, double* scores, std::int64_t k, double nan) {
  std::sort_heap(heap_.begin(), heap_.end(), better);
  std::int64_t slot = 0;
  for (const auto& entry : heap_) {
    indices[slot] = entry.index;
    scores[slot] = entry.score + 0.0;  // + 0.0 turns a -0.0 sum into 0.0
    ++slot;
  }
  for (; slot < k; ++slot) {
    indices[slot] = -1;
    scores[slot] = nan;
  }
  heap_.clear();
}

}  // namespace treatytext::detail
