// top_k: exact cosine top-k of each row of X among the rows of Y, in O(rows x k + nnz + a block
// per thread) memory.
//
// Two searches share one scoring rule (dot_dense: unit rows, double, ascending columns), so both
// return bitwise identical results:
//  - exhaustive: a dense accumulator per query over the inverted index of Y (the classic
//    sparse-product row), any sign of values; its cost is the sum of df over the query's terms.
//  - pruned (values >= 0): the rare terms are accumulated exactly, the few common terms are
//    bounded through a projection (similarity_bound.hpp); the k-th largest lower bound limits the
//    candidates, which are then scored exactly best-bound-first until the next bound cannot
//    beat the k-th exact score. Nothing outside the candidates can enter the top k.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <string>

#include "similarity_bound.hpp"
#include "similarity_rows.hpp"
#include "similarity_scan.hpp"
#include "treatytext/error.hpp"
#include "treatytext/parallel.hpp"
#include "treatytext/similarity.hpp"

namespace treatytext {

namespace {

using detail::CommonBasis;
using detail::InvertedIndex;
using detail::TopKHeap;
using detail::UnitRows;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr float kMinusInf = -std::numeric_limits<float>::infinity();
constexpr std::int64_t kMaxResultCells = std::int64_t{1} << 30;
constexpr std::int64_t kQueryBlock = 32;
constexpr std::int64_t kSliceRows =
    8192;  // 32 KB of float accumulators: L1-resident  // queries taken at a time by a worker

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

/// Read-only state shared by every worker.
struct Search {
  const UnitRows& x;
  const UnitRows& y;
  const InvertedIndex& index;
  const Exclusions& exclusions;
  const CommonBasis* basis;  // null: exhaustive search only
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
  // pruned search, one slot per query of a block
  std::vector<float> acc_f;  // slots x padded rows: rare part, -inf for excluded or scored rows
  std::vector<double> projection;
  std::vector<float> projection_f;  // slots x d
  std::vector<TopKHeap> heaps;
  std::vector<detail::Candidates> candidates;
  std::vector<detail::ScanQuery> scans;
  std::vector<bool> fallback;
  detail::Candidates seeds;
  std::vector<float> group_max;
  struct Cursor {
    std::int64_t begin, end;
    float q;
  };
  std::vector<Cursor> cursors;
};

bool passes(const Search& s, double score) { return !s.threshold || score >= *s.threshold; }

void scatter(const UnitRows& x, std::int64_t i, std::vector<double>& dense) {
  for (auto p = x.row_begin(i); p < x.row_end(i); ++p)
    dense[static_cast<std::size_t>(x.indices[p])] = x.data[static_cast<std::size_t>(p)];
}
void unscatter(const UnitRows& x, std::int64_t i, std::vector<double>& dense) {
  for (auto p = x.row_begin(i); p < x.row_end(i); ++p) dense[static_cast<std::size_t>(x.indices[p])] = 0.0;
}

/// Every candidate's score from the inverted index; rows never touched score 0.
void exhaustive_query(const Search& s, std::int64_t i, Scratch& w, std::int64_t* out_idx, double* out_score) {
  for (auto p = s.x.row_begin(i); p < s.x.row_end(i); ++p) {
    const auto t = static_cast<std::size_t>(s.x.indices[p]);
    const double q = s.x.data[static_cast<std::size_t>(p)];
    if (q == 0.0) continue;
    for (auto e = s.index.colptr[t]; e < s.index.colptr[t + 1]; ++e) {
      const auto j = s.index.rows[static_cast<std::size_t>(e)];
      if (!w.seen[static_cast<std::size_t>(j)]) {
        w.seen[static_cast<std::size_t>(j)] = 1;
        w.touched.push_back(j);
      }
      w.acc[static_cast<std::size_t>(j)] += q * s.index.values[static_cast<std::size_t>(e)];
    }
  }
  w.heap.reset(static_cast<std::size_t>(std::min(s.k, s.y.rows)));
  for (const auto j : w.touched) {
    const double score = w.acc[static_cast<std::size_t>(j)];
    if (score != 0.0 && passes(s, score) && s.exclusions.allowed(i, j)) w.heap.push(score, j);
  }
  // Rows scoring exactly 0 come in index order; stop at the first that cannot enter.
  if (passes(s, 0.0)) {
    for (std::int64_t j = 0; j < s.y.rows; ++j) {
      if (w.heap.full() && !w.heap.beats_worst(0.0, j)) break;
      if (w.acc[static_cast<std::size_t>(j)] == 0.0 && s.exclusions.allowed(i, j)) w.heap.push(0.0, j);
    }
  }
  for (const auto j : w.touched) {
    w.acc[static_cast<std::size_t>(j)] = 0.0;
    w.seen[static_cast<std::size_t>(j)] = 0;
  }
  w.touched.clear();
  w.heap.drain(out_idx, out_score, s.k, kNaN);
}

/// First half of the pruned search of query i (slot `slot` of the block): the rare part of
/// every score, accumulated exactly (up to float rounding) from the inverted index, and a first
/// cut from the exact scores of the k rows with the largest rare parts: the k-th best score is at
/// least the k-th of theirs. Marks the query for the exhaustive search when the cut is not
/// positive (then every row could be needed, zeros included).
void prepare_pruned(const Search& s, std::int64_t i, std::size_t slot, Scratch& w) {
  const CommonBasis& basis = *s.basis;
  const auto padded = static_cast<std::size_t>(basis.tiles * detail::kLanes);
  float* acc = w.acc_f.data() + slot * padded;
  s.exclusions.for_each_excluded(i, [&](std::int64_t j) { acc[j] = kMinusInf; });
  // Each row receives at most `rare` products. The posting lists are walked in slices of
  // kSliceRows rows (their rows ascend), so that the slice of acc being updated stays in L1.
  auto& cursors = w.cursors;
  cursors.clear();
  for (auto p = s.x.row_begin(i); p < s.x.row_end(i); ++p) {
    const auto t = static_cast<std::size_t>(s.x.indices[p]);
    if (basis.slot[t] >= 0 || basis.rare_colptr[t] == basis.rare_colptr[t + 1]) continue;
    cursors.push_back({basis.rare_colptr[t], basis.rare_colptr[t + 1],
                       static_cast<float>(s.x.data[static_cast<std::size_t>(p)])});
  }
  const auto rare = static_cast<std::int64_t>(cursors.size());
  const std::int32_t* rows = basis.rare_rows.data();
  const float* values = basis.rare_values.data();
  for (std::int64_t limit = kSliceRows;; limit += kSliceRows) {
    const bool last = limit >= s.y.rows;
    for (auto& c : cursors) {
      auto e = c.begin;
      if (last) {
        for (; e < c.end; ++e) acc[rows[e]] += c.q * values[e];
      } else {
        for (; e < c.end && rows[e] < limit; ++e) acc[rows[e]] += c.q * values[e];
      }
      c.begin = e;
    }
    if (last) break;
  }
  TopKHeap& heap = w.heaps[slot];
  heap.reset(static_cast<std::size_t>(s.k));
  detail::largest_rows(acc, s.y.rows, static_cast<std::size_t>(std::min(s.k, s.y.rows)), w.seeds,
                       w.group_max);
  scatter(s.x, i, w.dense);
  for (std::size_t first = 0; first < w.seeds.size(); first += 4) {
    std::int32_t rows[4];
    double scores[4];
    const int count = static_cast<int>(std::min<std::size_t>(4, w.seeds.size() - first));
    for (int r = 0; r < count; ++r) rows[r] = w.seeds[first + static_cast<std::size_t>(r)].second;
    detail::dot_dense_batch(s.y, rows, count, w.dense.data(), scores);
    for (int r = 0; r < count; ++r) {
      if (passes(s, scores[r])) heap.push(scores[r], rows[r]);
      acc[rows[r]] = kMinusInf;  // scored: not a candidate again
    }
  }
  unscatter(s.x, i, w.dense);
  double cut = heap.full() ? heap.worst().score : -std::numeric_limits<double>::infinity();
  if (s.threshold) cut = std::max(cut, *s.threshold);

  float* projection = w.projection_f.data() + slot * static_cast<std::size_t>(basis.dims);
  auto& scan = w.scans[slot];
  scan.projection = projection;
  scan.acc = acc;
  scan.out = &w.candidates[slot];
  scan.out->clear();
  w.fallback[slot] = !(cut > 0.0);
  if (w.fallback[slot]) {
    std::fill(projection, projection + basis.dims, 0.0f);
    scan.rq = scan.slack = 0.0f;
    scan.cut = std::numeric_limits<float>::infinity();
    return;
  }
  scan.rq = basis.project(s.x, i, w.projection.data());
  for (int d = 0; d < basis.dims; ++d)
    projection[d] = static_cast<float>(w.projection[static_cast<std::size_t>(d)]);
  // Float rounding: the rare sum errs by at most (rare + 2) 2^-24 (its terms add up to <= 1 by
  // Cauchy-Schwarz), the projection and the rest by about (d + 8) 2^-24 each; the slack covers
  // twice that, so that a bound never falls below the exact double score.
  scan.slack = 1e-6f + static_cast<float>(rare + 2 * basis.dims + 20) * 0x1p-23f;
  auto cut_f = static_cast<float>(cut);
  if (static_cast<double>(cut_f) > cut) cut_f = std::nextafter(cut_f, kMinusInf);
  scan.cut = cut_f;
}

/// Second half: the candidates that the bound scan kept, scored best bound first until the
/// next bound cannot beat the k-th exact score.
void finish_pruned(const Search& s, std::int64_t i, std::size_t slot, Scratch& w, std::int64_t* out_idx,
                   double* out_score) {
  auto& candidates = w.candidates[slot];
  TopKHeap& heap = w.heaps[slot];
  // Best bound first through a max-heap: only the few candidates scored pay for their order.
  const auto lower_bound_first = [](const auto& a, const auto& b) {
    return a.first < b.first || (a.first == b.first && a.second > b.second);
  };
  std::make_heap(candidates.begin(), candidates.end(), lower_bound_first);
  scatter(s.x, i, w.dense);
  // Four at a time (dot_dense_batch); the stop test applies to the best remaining bound.
  auto end = candidates.end();
  while (end != candidates.begin()) {
    if (heap.full() && static_cast<double>(candidates.front().first) < heap.worst().score) break;
    std::int32_t rows[4];
    double scores[4];
    int count = 0;
    while (count < 4 && end != candidates.begin()) {
      rows[count++] = candidates.front().second;
      std::pop_heap(candidates.begin(), end, lower_bound_first);
      --end;
    }
    detail::dot_dense_batch(s.y, rows, count, w.dense.data(), scores);
    for (int r = 0; r < count; ++r)
      if (passes(s, scores[r])) heap.push(scores[r], rows[r]);
  }
  unscatter(s.x, i, w.dense);
  heap.drain(out_idx, out_score, s.k, kNaN);
}

/// Queries [begin, end) of X, at most kQueryBlock of them, through the pruned search.
void pruned_block(const Search& s, std::int64_t begin, std::int64_t end, Scratch& w, TopKResult& result) {
  const auto count = static_cast<std::size_t>(end - begin);
  for (std::size_t slot = 0; slot < count; ++slot)
    prepare_pruned(s, begin + static_cast<std::int64_t>(slot), slot, w);
  detail::bound_scan(*s.basis, s.y.rows, w.scans.data(), static_cast<int>(count));
  for (std::size_t slot = 0; slot < count; ++slot) {
    const std::int64_t i = begin + static_cast<std::int64_t>(slot);
    auto* idx = result.indices.data() + i * s.k;
    auto* score = result.scores.data() + i * s.k;
    if (w.fallback[slot]) {
      w.heaps[slot].reset(1);
      exhaustive_query(s, i, w, idx, score);
    } else {
      finish_pruned(s, i, slot, w, idx, score);
    }
  }
}

/// Whether the pruned search should beat the exhaustive one: it pays for the rare terms' part of
/// the sparse product plus a bound per (query, row) pair (about 0.7 multiply-add of the product
/// each, measured), and it only pays off when k is small against the rows searched.
bool prune_pays(const detail::CommonPlan& plan, std::int64_t queries, std::int64_t rows, std::int64_t k) {
  if (rows < 256 || k * 16 > rows) return false;
  const double pruned = plan.rare_cost + 0.7 * static_cast<double>(queries) * static_cast<double>(rows);
  return pruned < 0.7 * plan.total_cost;
}

void check_groups(const TopKOptions& options, const CsrMatrix& x, const CsrMatrix* y) {
  const auto& xg = options.x_groups;
  const auto& yg = options.y_groups;
  if (!xg.empty() && static_cast<std::int64_t>(xg.size()) != x.rows)
    throw invalid_argument("top_k: x_groups has " + std::to_string(xg.size()) + " entries but X has " +
                           std::to_string(x.rows) + " rows");
  if (y == nullptr) {
    if (!yg.empty())
      throw invalid_argument(
          "top_k: y_groups given without Y (x_groups applies to both sides when Y is absent)");
    return;
  }
  // With no rows on one side an empty groups vector is a complete one.
  if (xg.empty() != yg.empty() && x.rows > 0 && y->rows > 0)
    throw invalid_argument("top_k: with Y given, pass both x_groups and y_groups or neither");
  if (!yg.empty() && static_cast<std::int64_t>(yg.size()) != y->rows)
    throw invalid_argument("top_k: y_groups has " + std::to_string(yg.size()) + " entries but Y has " +
                           std::to_string(y->rows) + " rows");
}

}  // namespace

TopKResult top_k(const CsrMatrix& x, const CsrMatrix* y, const TopKOptions& options) {
  if (options.k < 1) throw invalid_argument("top_k: k must be >= 1, got " + std::to_string(options.k));
  if (options.threshold && std::isnan(*options.threshold)) throw invalid_argument("top_k: threshold is NaN");
  const int threads = resolve_threads(options.n_threads);
  if (y != nullptr && y->cols != x.cols)
    throw invalid_argument("top_k: X has shape (" + std::to_string(x.rows) + ", " + std::to_string(x.cols) +
                           ") but Y has shape (" + std::to_string(y->rows) + ", " + std::to_string(y->cols) +
                           "): they need the same number of columns");
  check_groups(options, x, y);
  if (x.rows > 0 && options.k > kMaxResultCells / x.rows)
    throw invalid_argument("top_k: k = " + std::to_string(options.k) + " for " + std::to_string(x.rows) +
                           " rows exceeds 2^30 result cells; Y has only " +
                           std::to_string(y ? y->rows : x.rows) + " rows, so use a k no larger than that");

  const bool self_join = y == nullptr;
  const UnitRows ux = detail::unit_rows(x, "X", threads);
  const UnitRows uy_storage = self_join ? UnitRows{} : detail::unit_rows(*y, "Y", threads);
  const UnitRows& uy = self_join ? ux : uy_storage;
  const bool non_negative = ux.non_negative && uy.non_negative;
  if (options.method == TopKMethod::pruned && !non_negative)
    throw invalid_argument("top_k: method 'pruned' needs values >= 0; use 'exhaustive' or 'automatic'");

  TopKResult result;
  result.rows = x.rows;
  result.k = options.k;
  result.indices.resize(static_cast<std::size_t>(x.rows * options.k));
  result.scores.resize(static_cast<std::size_t>(x.rows * options.k));
  if (x.rows == 0) return result;

  const InvertedIndex index = detail::invert(uy);
  const Exclusions exclusions(options, self_join, uy.rows);
  const detail::PruneTuning tuning;
  bool pruned = false;
  detail::CommonPlan plan;
  if (options.method != TopKMethod::exhaustive && non_negative) {
    plan = detail::plan_common_terms(ux, uy, index, self_join, tuning);
    pruned = options.method == TopKMethod::pruned || prune_pays(plan, ux.rows, uy.rows, options.k);
  }
  CommonBasis basis;
  if (pruned) basis = detail::build_common_basis(uy, index, plan, tuning, threads);
  const Search search{ux, uy, index, exclusions, pruned ? &basis : nullptr, options.k, options.threshold};

  std::atomic<std::int64_t> next_block{0};
  const std::int64_t blocks = (x.rows + kQueryBlock - 1) / kQueryBlock;
  const int workers = static_cast<int>(std::min<std::int64_t>(threads, blocks));
  // Workers take blocks of queries from a shared counter (dynamic balance); each query's result
  // depends on nothing but the query, so the output is the same for every thread count.
  parallel_for(static_cast<std::size_t>(workers), workers, [&](std::size_t, std::size_t, int) {
    Scratch w;
    w.acc.assign(static_cast<std::size_t>(uy.rows), 0.0);
    w.seen.assign(static_cast<std::size_t>(uy.rows), 0);
    w.dense.assign(static_cast<std::size_t>(uy.cols), 0.0);
    if (pruned) {
      const auto slots = static_cast<std::size_t>(kQueryBlock);
      w.acc_f.assign(slots * static_cast<std::size_t>(basis.tiles * detail::kLanes), 0.0f);
      w.projection.resize(static_cast<std::size_t>(basis.dims));
      w.projection_f.resize(slots * static_cast<std::size_t>(basis.dims));
      w.heaps.assign(slots, TopKHeap{1});
      w.candidates.resize(slots);
      w.scans.resize(slots);
      w.fallback.resize(slots);
    }
    for (std::int64_t b = next_block++; b < blocks; b = next_block++) {
      const std::int64_t begin = b * kQueryBlock;
      const std::int64_t end = std::min(x.rows, begin + kQueryBlock);
      if (pruned) {
        pruned_block(search, begin, end, w, result);
        continue;
      }
      for (std::int64_t i = begin; i < end; ++i)
        exhaustive_query(search, i, w, result.indices.data() + i * options.k,
                         result.scores.data() + i * options.k);
    }
  });
  return result;
}

}  // namespace treatytext
