// Internal to the similarity stage: what top_k's searches share, the read-only state of one
// call (Search) and each worker's buffers (Scratch), and the exact scoring of candidates. The
// pruned search's backends (backend.hpp) build on these.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "similarity/pruned/bound.hpp"
#include "similarity/pruned/scan.hpp"
#include "similarity/rows.hpp"
#include "treatytext/similarity.hpp"

namespace treatytext::detail::topk {

/// Which rows of Y may not be neighbours of a query: itself and its group.
class Exclusions {
 public:
  Exclusions(const TopKOptions& options, bool self_join, std::int64_t y_rows)
      : self_(self_join && options.exclude_self),
        x_groups_(options.x_groups.empty() ? nullptr : options.x_groups.data()),
        y_groups_(self_join ? x_groups_ : (options.y_groups.empty() ? nullptr : options.y_groups.data())) {
    if (x_groups_ == nullptr) return;
    // Rows of Y sorted by group: the rows of one group are then one binary search away.
    by_group_.resize(static_cast<std::size_t>(y_rows));
    for (std::int64_t j = 0; j < y_rows; ++j) by_group_[static_cast<std::size_t>(j)] = {y_groups_[j], j};
    std::sort(by_group_.begin(), by_group_.end());
  }

  [[nodiscard]] bool allowed(std::int64_t i, std::int64_t j) const {
    if (self_ && i == j) return false;
    return x_groups_ == nullptr || x_groups_[i] != y_groups_[j];
  }

  /// Calls f(j) for every excluded row j of query i.
  template <typename F>
  void for_each_excluded(std::int64_t i, F&& f) const {
    if (self_) f(i);
    if (x_groups_ == nullptr) return;
    const std::pair<std::int64_t, std::int64_t> key{x_groups_[i], std::numeric_limits<std::int64_t>::min()};
    for (auto it = std::lower_bound(by_group_.begin(), by_group_.end(), key);
         it != by_group_.end() && it->first == x_groups_[i]; ++it)
      f(it->second);
  }

 private:
  bool self_;
  const std::int64_t* x_groups_;
  const std::int64_t* y_groups_;
  std::vector<std::pair<std::int64_t, std::int64_t>> by_group_;
};

/// The inverted index of Y, built on first use: the pruned search has its own index of the rare
/// columns and needs this one only for the queries it hands to the exhaustive search.
class LazyIndex {
 public:
  explicit LazyIndex(const UnitRows& y) : y_(y) {}
  const InvertedIndex& get() const {
    std::call_once(once_, [this] { index_ = detail::invert(y_); });
    return index_;
  }

 private:
  const UnitRows& y_;
  mutable std::once_flag once_;
  mutable InvertedIndex index_;
};

/// Read-only state shared by every worker.
struct Search {
  const UnitRows& x;
  const UnitRows& y;
  const LazyIndex& index;
  const Exclusions& exclusions;
  std::int64_t k;
  std::optional<double> threshold;
};

/// Per-worker buffers, reused across queries and left zeroed between them.
struct Scratch {
  // exhaustive search
  std::vector<double> acc;         // per Y row
  std::vector<std::uint8_t> seen;  // per Y row: touched by the current query
  std::vector<std::int32_t> touched;
  std::vector<double> dense;  // per column: the current query
  TopKHeap heap{1};
  int fallbacks = 0;  // queries the pruned search declined, scored directly so far
};

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();  // an empty result slot
inline constexpr float kMinusInf = -std::numeric_limits<float>::infinity();
/// Queries taken at a time by a worker (unless a backend multiplies blocks of its own).
inline constexpr std::int64_t kQueryBlock = 16;

inline bool passes(const Search& s, double score) { return !s.threshold || score >= *s.threshold; }

/// Writes row i of x into the dense per-column buffer (which is zero elsewhere), and back to zero.
inline void scatter(const UnitRows& x, std::int64_t i, std::vector<double>& dense) {
  for (auto p = x.row_begin(i); p < x.row_end(i); ++p)
    dense[static_cast<std::size_t>(x.indices[p])] = x.data[static_cast<std::size_t>(p)];
}
inline void unscatter(const UnitRows& x, std::int64_t i, std::vector<double>& dense) {
  for (auto p = x.row_begin(i); p < x.row_end(i); ++p) dense[static_cast<std::size_t>(x.indices[p])] = 0.0;
}

/// Exact scores of rows[0..count) (a batch of at most 4) pushed into the heap.
void score_batch(const Search& s, const std::int32_t* rows, int count, const double* dense, TopKHeap& heap);

/// Scores the candidates exactly, best bound first, into w.heap (the query scattered into
/// w.dense), until the next bound cannot beat the k-th exact score. `order` maps a candidate's
/// position to its row of Y (null: the positions are rows). Only the few candidates scored pay
/// for their order: a max-heap, popped four at a time (dot_dense_batch).
void score_best_first(const Search& s, Candidates& candidates, const std::int32_t* order, Scratch& w);

/// The rare part of query i (row i of x): for every term t of the row that is not common
/// (slot[t] < 0), q_t times each posting of t in `index` added to acc[posting row], in float.
/// Returns how many such terms the row has (each row of acc receives at most that many
/// products, which bounds the rounding).
std::int64_t accumulate_rare(const UnitRows& x, std::int64_t i, const std::vector<std::int32_t>& slot,
                             const RareIndex& index, float* acc);

}  // namespace treatytext::detail::topk
