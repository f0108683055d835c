// top_k: exact cosine top-k of each row of X among the rows of Y, in O(rows x k + nnz + a block
// per thread) memory.
//
// Two searches share one scoring rule (dot_dense: unit rows, double, ascending columns), so both
// return bitwise identical results:
//  - exhaustive: a dense accumulator per query over the inverted index of Y (the classic
//    sparse-product row), any sign of values; its cost is the sum of df over the query's terms,
//    dominated by the handful of very common terms ("the", "of", "shall").
//  - pruned (values >= 0): those common terms are bounded instead of accumulated, the rare
//    terms accumulated exactly, by one of two backends behind one interface (backend.hpp):
//    - projection (pruned/projection_backend.cpp, bounds from pruned/bound.hpp): the k rows
//      with the largest rare parts, scored exactly, give a cut; whole groups of rows whose
//      bound misses the cut are skipped (pruned/scan.hpp); the remaining candidates are scored
//      exactly, best bound first, until the next bound cannot beat the k-th exact score. A row
//      outside the candidates has a bound, hence a score, below the k-th best: nothing is
//      lost, ties included.
//    - tiles (CPUs with AMX tiles, amx/tile_backend.cpp): up to 256 common terms, rounded to
//      bytes, multiplied for 32 queries and all of Y at once in tiles; the rare terms
//      accumulated exactly as above; the two bracket each score within ~1 %, so the k-th
//      largest lower bound is a cut that leaves ~12 candidates per query (ToTA), scored
//      exactly best bound first as above.
// A handful of queries skip both indexes: every row of Y is scored directly (dot_dense again).
// Identical query rows are searched once; the others' results are derived from it exactly.
// Each query is independent of the others, so the output does not depend on the threads.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <string>

#include "similarity/backend.hpp"
#include "similarity/search.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"
#include "treatytext/similarity.hpp"
#include "util/simd.hpp"

namespace treatytext {

namespace detail::topk {

/// Exact scores of rows[0..count) (a batch of at most 4) pushed into the heap.
void score_batch(const Search& s, const std::int32_t* rows, int count, const double* dense, TopKHeap& heap) {
  double scores[4];
  detail::dot_dense_batch(s.y, rows, count, dense, scores);
  for (int r = 0; r < count; ++r)
    if (passes(s, scores[r])) heap.push(scores[r], rows[r]);
}

/// Scores the candidates exactly, best bound first, into w.heap (the query scattered into
/// w.dense), until the next bound cannot beat the k-th exact score. `order` maps a candidate's
/// position to its row of Y (null: the positions are rows). Only the few candidates scored pay
/// for their order: a max-heap, popped four at a time (dot_dense_batch).
void score_best_first(const Search& s, Candidates& candidates, const std::int32_t* order, Scratch& w) {
  TopKHeap& heap = w.heap;
  const auto row_of = [order](std::int32_t position) {
    return order != nullptr ? order[static_cast<std::size_t>(position)] : position;
  };
  const auto lower_bound_first = [](const auto& a, const auto& b) {
    return a.first < b.first || (a.first == b.first && a.second > b.second);
  };
  std::make_heap(candidates.begin(), candidates.end(), lower_bound_first);
  // Each batch is popped (and its rows prefetched) one batch ahead of its scoring, so that its
  // rows arrive from memory while the previous batch is scored.
  auto end = candidates.end();
  const auto pop_batch = [&](std::int32_t* batch, float& best_bound) {
    int count = 0;
    if (end != candidates.begin()) best_bound = candidates.front().first;
    while (count < 4 && end != candidates.begin()) {
      batch[count] = row_of(candidates.front().second);
      detail::prefetch_row(s.y, batch[count++]);
      std::pop_heap(candidates.begin(), end, lower_bound_first);
      --end;
    }
    return count;
  };
  std::int32_t batch[4], next[4];
  float bound = 0.0f, next_bound = 0.0f;
  for (int count = pop_batch(batch, bound); count > 0;) {
    if (heap.full() && static_cast<double>(bound) < heap.worst().score) break;
    const int next_count = pop_batch(next, next_bound);
    score_batch(s, batch, count, w.dense.data(), heap);
    std::copy(next, next + next_count, batch);
    count = next_count;
    bound = next_bound;
  }
}

std::int64_t accumulate_rare(const UnitRows& x, std::int64_t i, const std::vector<std::int32_t>& slot,
                             const RareIndex& index, float* acc) {
  std::int64_t rare = 0;
  const std::int32_t* rows = index.rows.data();
  const float* values = index.values.data();
  for (auto p = x.row_begin(i); p < x.row_end(i); ++p) {
    const auto t = static_cast<std::size_t>(x.indices[p]);
    if (slot[t] >= 0) continue;
    ++rare;
    const auto q = static_cast<float>(x.data[static_cast<std::size_t>(p)]);
    const auto end = index.colptr[t + 1];
    auto e = index.colptr[t];
    // Unrolled by hand (10 % faster on ToTA): a row occurs once per posting list, so the eight
    // updates are independent, and the loop's own instructions were a third of the total.
    for (; e + 8 <= end; e += 8) {
      float product[8];
      for (int u = 0; u < 8; ++u) product[u] = q * values[e + u];
      for (int u = 0; u < 8; ++u) acc[rows[e + u]] += product[u];
    }
    for (; e < end; ++e) acc[rows[e]] += q * values[e];
  }
  return rare;
}

}  // namespace detail::topk

namespace {

using namespace detail::topk;
using detail::InvertedIndex;
using detail::TopKHeap;
using detail::UnitRows;

constexpr std::int64_t kMaxResultCells = std::int64_t{1} << 30;
constexpr int kDirectFallbacks = 4;  // per worker, before the inverted index is built
// Up to this many queries per thread, every row of Y is scored directly: building an index of Y
// (inverted or pruned) costs about as much as 15 such scans (measured on ToTA and 10x ToTA).
constexpr std::int64_t kDirectQueriesPerThread = 4;
// Up to this many rows of Y, the pruned search uses AMX tiles where the CPU has them. Its rare
// terms are accumulated over all of Y in the rows' own order; past ~150,000 rows that
// accumulator outgrows the caches, and the other search, whose row order keeps similar rows
// together, gets ahead. All pairs, 2 threads, synthetic ToTA (benchmarks/corpus.py): 21,960 rows
// 0.34 s against 0.51 s; 65,880 rows 3.3 s against 4.4 s; 131,760 rows 13.5 s against 14.3 s;
// 219,600 rows 44.4 s against 39.2 s.
constexpr std::int64_t kMaxTiledRows = 150'000;

/// Every candidate's score from the inverted index; rows never touched score 0.
void exhaustive_query(const Search& s, std::int64_t i, Scratch& w, std::int64_t* out_idx, double* out_score) {
  if (s.x.row_end(i) > s.x.row_begin(i)) {  // an empty row scores 0 everywhere: no index needed
    const InvertedIndex& index = s.index.get();
    for (auto p = s.x.row_begin(i); p < s.x.row_end(i); ++p) {
      const auto t = static_cast<std::size_t>(s.x.indices[p]);
      const double q = s.x.data[static_cast<std::size_t>(p)];
      if (q == 0.0) continue;
      for (auto e = index.colptr[t]; e < index.colptr[t + 1]; ++e) {
        const auto j = index.rows[static_cast<std::size_t>(e)];
        if (!w.seen[static_cast<std::size_t>(j)]) {
          w.seen[static_cast<std::size_t>(j)] = 1;
          w.touched.push_back(j);
        }
        w.acc[static_cast<std::size_t>(j)] += q * index.values[static_cast<std::size_t>(e)];
      }
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

/// The exhaustive search without the inverted index: every row of Y scored directly. The
/// pruned search's few fallback queries use it, so that one of them does not pay for building
/// the whole index.
void direct_query(const Search& s, std::int64_t i, Scratch& w, std::int64_t* out_idx, double* out_score) {
  scatter(s.x, i, w.dense);
  w.heap.reset(static_cast<std::size_t>(std::min(s.k, s.y.rows)));
  for (std::int64_t j = 0; j < s.y.rows; ++j) {
    if (!s.exclusions.allowed(i, j)) continue;
    const double score = detail::dot_dense(s.y, j, w.dense.data());
    if (passes(s, score) && (!w.heap.full() || w.heap.beats_worst(score, j))) w.heap.push(score, j);
  }
  unscatter(s.x, i, w.dense);
  w.heap.drain(out_idx, out_score, s.k, kNaN);
}

/// Whether the pruned search should beat the exhaustive one: it pays for the rare terms' part of
/// the sparse product plus a bound per (query, row) pair (about 0.7 multiply-add of the product
/// each, measured), and it only pays off when k is small against the rows searched.
bool prune_pays(const detail::CommonPlan& plan, std::int64_t queries, std::int64_t rows, std::int64_t k) {
  if (rows < 256 || k * 16 > rows) return false;
  const double pruned = plan.rare_cost + 0.7 * static_cast<double>(queries) * static_cast<double>(rows);
  return pruned < 0.7 * plan.total_cost;
}

/// The result of query i from that of an identical query r < i (first_identical_rows). Both
/// have the same candidates with the same scores, bit for bit, except that in a self-join
/// without groups each excludes itself: i's candidates are r's with r in place of i, and r
/// scores against i what i scores against itself.
void copy_identical(const Search& s, bool swap_self, std::int64_t i, std::int64_t r, TopKHeap& heap,
                    TopKResult& result) {
  const std::int64_t k = s.k;
  const auto* from_idx = result.indices.data() + r * k;
  const auto* from_score = result.scores.data() + r * k;
  auto* idx = result.indices.data() + i * k;
  auto* score = result.scores.data() + i * k;
  if (!swap_self) {
    std::copy(from_idx, from_idx + k, idx);
    std::copy(from_score, from_score + k, score);
    return;
  }
  heap.reset(static_cast<std::size_t>(std::min(k, s.y.rows)));
  bool had_i = false;
  for (std::int64_t slot = 0; slot < k && from_idx[slot] >= 0; ++slot) {
    had_i = had_i || from_idx[slot] == i;
    heap.push(from_score[slot], from_idx[slot] == i ? r : from_idx[slot]);
  }
  if (!had_i) {
    // i was not among r's best, so r's list stands, with r itself now a candidate.
    double self = 0.0;
    for (auto p = s.y.row_begin(r); p < s.y.row_end(r); ++p)
      self += s.y.data[static_cast<std::size_t>(p)] * s.y.data[static_cast<std::size_t>(p)];
    if (passes(s, self)) heap.push(self, r);
  }
  heap.drain(idx, score, k, kNaN);
}

void check_groups(const TopKOptions& options, const CsrView& x, const CsrView* y) {
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
  return detail::with_checked_views(
      x, y, [&](const CsrView& xv, const CsrView* yv) { return top_k(xv, yv, options); });
}

bool top_k_tiles_usable() { return tile_backend_usable(); }

TopKResult top_k(const CsrView& x, const CsrView* y, const TopKOptions& options) {
  if (options.k < 1) throw invalid_argument("top_k: k must be >= 1, got " + std::to_string(options.k));
  if (options.threshold && std::isnan(*options.threshold)) throw invalid_argument("top_k: threshold is NaN");
  const int threads = resolve_threads(options.n_threads);
  // An invalid TREATYTEXT_SIMD is reported before any work, whichever search would run.
  (void)util::simd_ceiling();
  if (y != nullptr && y->cols != x.cols)
    throw invalid_argument("top_k: X has shape (" + std::to_string(x.rows) + ", " + std::to_string(x.cols) +
                           ") but Y has shape (" + std::to_string(y->rows) + ", " + std::to_string(y->cols) +
                           "): they need the same number of columns");
  check_groups(options, x, y);
  // No row can have more neighbours than there are rows searched: the result has no more
  // columns than that (but at least one), so a huge k costs nothing beyond the candidates.
  const std::int64_t k = std::min(options.k, std::max<std::int64_t>(1, y != nullptr ? y->rows : x.rows));
  if (x.rows > 0 && k > kMaxResultCells / x.rows)
    throw invalid_argument("top_k: k = " + std::to_string(k) + " for " + std::to_string(x.rows) +
                           " rows exceeds 2^30 result cells; Y has only " +
                           std::to_string(y ? y->rows : x.rows) + " rows, so use a k no larger than that");

  const bool self_join = y == nullptr;
  const detail::UnitPair pair = detail::unit_pair(x, y, threads, true);
  const UnitRows& ux = pair.x;
  const UnitRows& uy = pair.y();
  const bool non_negative = ux.non_negative && uy.non_negative;
  if (options.method == TopKMethod::pruned && !non_negative)
    throw invalid_argument("top_k: method 'pruned' needs values >= 0; use 'exhaustive' or 'automatic'");

  TopKResult result;
  result.rows = x.rows;
  result.k = k;
  result.indices.resize(static_cast<std::size_t>(x.rows * k));
  result.scores.resize(static_cast<std::size_t>(x.rows * k));
  if (x.rows == 0) return result;

  const LazyIndex index(uy);
  if (uy.rows > std::numeric_limits<std::int32_t>::max())
    throw invalid_argument("top_k: at most 2^31 - 1 rows of Y are supported, got " + std::to_string(uy.rows));
  const Exclusions exclusions(options, self_join, uy.rows);
  const detail::PruneTuning tuning;
  // A handful of queries (one clause against a corpus): no index at all.
  const bool direct = options.method == TopKMethod::automatic &&
                      x.rows <= kDirectQueriesPerThread * static_cast<std::int64_t>(threads);
  bool pruned = false;
  detail::CommonPlan plan;
  std::vector<std::int64_t> df_y;
  if (!direct && options.method != TopKMethod::exhaustive && non_negative) {
    df_y = detail::column_counts(uy);
    plan = detail::plan_common_terms(ux, df_y, uy.rows, self_join, tuning);
    pruned = options.method == TopKMethod::pruned || prune_pays(plan, ux.rows, uy.rows, k);
  }
  // Identical query rows share one search (treaties repeat articles word for word: 9 % of the
  // ToTA articles have an identical twin); their results are derived once all are done.
  const auto first_same =
      detail::first_identical_rows(ux, options.x_groups.empty() ? nullptr : options.x_groups.data(), threads);

  // The pruned search's backend: AMX tile products where the CPU has them and Y is small enough
  // for them to pay (kMaxTiledRows), the portable projection bounds otherwise.
  std::unique_ptr<PrunedBackend> backend;
  if (pruned && tile_backend_usable() && uy.rows <= kMaxTiledRows)
    backend = tile_backend(ux, uy, df_y, self_join, first_same, threads);
  else if (pruned)
    backend = projection_backend(ux, uy, df_y, plan, tuning, threads);
  if (!pruned && !direct) (void)index.get();
  const Search search{ux, uy, index, exclusions, k, options.threshold};

  // Direct queries are few and long; a backend says its block and which rows it searches.
  const std::int64_t block = direct ? 1 : backend ? backend->block() : kQueryBlock;
  const std::int64_t positions = backend ? backend->positions() : x.rows;
  const std::int64_t blocks = (positions + block - 1) / block;
  // Workers claim blocks of queries as they free up (parallel_for_dynamic); each query's result
  // depends on nothing but the query, so the output is the same for every thread count. A
  // worker's buffers are sized on its first block, in its own thread.
  struct Worker {
    bool ready = false;
    Scratch w;
    std::unique_ptr<BackendScratch> backend;
  };
  std::vector<Worker> workers(static_cast<std::size_t>(std::min<std::int64_t>(threads, blocks)));
  parallel_for_dynamic(static_cast<std::size_t>(blocks), threads, [&](std::size_t item, int worker) {
    auto& [ready, w, backend_scratch] = workers[static_cast<std::size_t>(worker)];
    if (!ready) {
      ready = true;
      if (!direct) {
        w.acc.assign(static_cast<std::size_t>(uy.rows), 0.0);
        w.seen.assign(static_cast<std::size_t>(uy.rows), 0);
      }
      w.dense.assign(static_cast<std::size_t>(uy.cols), 0.0);
      if (backend) backend_scratch = backend->scratch();
    }
    check_interrupt();
    const auto b = static_cast<std::int64_t>(item);
    const std::int64_t end = std::min(positions, (b + 1) * block);
    if (backend) backend->begin_block(b * block, end, *backend_scratch);
    for (std::int64_t position = b * block; position < end; ++position) {
      const std::int64_t i = backend ? backend->row(position) : position;
      if (first_same[static_cast<std::size_t>(i)] != i) continue;
      auto* idx = result.indices.data() + i * k;
      auto* score = result.scores.data() + i * k;
      if (direct) {
        direct_query(search, i, w, idx, score);
        continue;
      }
      if (backend && backend->query(search, position, w, *backend_scratch, idx, score)) continue;
      // A few fallbacks are cheaper scored directly than with an index built for them.
      if (backend && ++w.fallbacks <= kDirectFallbacks)
        direct_query(search, i, w, idx, score);
      else
        exhaustive_query(search, i, w, idx, score);
    }
  });
  // In order: the row a copy comes from is a first row, already searched.
  const bool swap_self = self_join && options.exclude_self && options.x_groups.empty();
  TopKHeap heap(1);
  for (std::int64_t i = 0; i < x.rows; ++i) {
    const std::int64_t r = first_same[static_cast<std::size_t>(i)];
    if (r != i) copy_identical(search, swap_self, i, r, heap, result);
  }
  return result;
}

}  // namespace treatytext
