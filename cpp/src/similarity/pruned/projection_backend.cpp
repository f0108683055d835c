// The projection backend of the pruned top-k search (backend.hpp): the common terms' part of
// every score bounded through the projection of pruned/bound.hpp, groups of rows skipped whole
// by the scans of pruned/scan.hpp, the rest scored exactly best bound first.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "similarity/backend.hpp"
#include "similarity/pruned/bound.hpp"
#include "similarity/pruned/scan.hpp"

namespace treatytext::detail::topk {

namespace {

/// One worker's buffers of the projection backend.
struct ProjectionScratch : BackendScratch {
  std::vector<float> acc_f;  // per Y row, padded to groups: rare part, -inf for excluded or scored rows
  std::vector<float> group_max, group_bound;
  std::vector<std::int32_t> group_list;
  std::vector<double> projection;
  std::vector<float> projection_f;
  Candidates seeds, candidates;
};

/// The pruned search of query i:
///  1. the rare part of every score, accumulated (in float) from the inverted index;
///  2. a first cut from the exact scores of the k rows with the largest rare parts: the k-th
///     best score is at least the k-th of theirs (and at least the threshold);
///  3. the bound of every group of rows, and of every row of the groups that reach the cut;
///  4. the rows whose bound reaches the cut, scored exactly best bound first, until the next
///     bound cannot beat the k-th exact score.
/// Returns false, with the buffers clean, when the cut is not positive: every row might then be
/// needed (zero scores included), which the exhaustive search handles.
bool pruned_query(const Search& s, const CommonBasis& basis, std::int64_t i, Scratch& w, ProjectionScratch& p,
                  std::int64_t* out_idx, double* out_score) {
  const auto k = static_cast<std::size_t>(s.k);
  float* acc = p.acc_f.data();
  // acc, the seeds and the candidates are in the basis's internal row order (basis.order).
  s.exclusions.for_each_excluded(
      i, [&](std::int64_t j) { acc[basis.rank[static_cast<std::size_t>(j)]] = kMinusInf; });
  // each row receives at most `rare` products
  const std::int64_t rare = accumulate_rare(s.x, i, basis.slot, basis.rare, acc);
  detail::group_maxima(basis, acc, p.group_max.data());

  TopKHeap& heap = w.heap;
  heap.reset(k);
  detail::largest_rows(basis, acc, p.group_max.data(), s.y.rows,
                       std::min(k, static_cast<std::size_t>(s.y.rows)), p.seeds);
  for (const auto& seed : p.seeds)
    detail::prefetch_row(s.y, basis.order[static_cast<std::size_t>(seed.second)]);
  scatter(s.x, i, w.dense);
  for (std::size_t first = 0; first < p.seeds.size(); first += 4) {
    std::int32_t batch[4];
    const int count = static_cast<int>(std::min<std::size_t>(4, p.seeds.size() - first));
    for (int r = 0; r < count; ++r) {
      const auto internal = p.seeds[first + static_cast<std::size_t>(r)].second;
      acc[internal] = kMinusInf;  // scored: not a candidate again (group_max stays a valid bound)
      batch[r] = basis.order[static_cast<std::size_t>(internal)];
    }
    score_batch(s, batch, count, w.dense.data(), heap);
  }
  double cut = heap.full() ? heap.worst().score : -std::numeric_limits<double>::infinity();
  if (s.threshold) cut = std::max(cut, *s.threshold);
  if (!(cut > 0.0)) {
    unscatter(s.x, i, w.dense);
    std::fill(p.acc_f.begin(), p.acc_f.end(), 0.0f);
    return false;
  }

  detail::QueryBounds query;
  query.rq = basis.project(s.x, i, p.projection.data());
  double norm2 = 0.0;
  for (int d = 0; d < basis.dims; ++d) {
    p.projection_f[static_cast<std::size_t>(d)] =
        static_cast<float>(p.projection[static_cast<std::size_t>(d)]);
    norm2 += static_cast<double>(p.projection_f[static_cast<std::size_t>(d)]) *
             p.projection_f[static_cast<std::size_t>(d)];
  }
  query.projection = p.projection_f.data();
  query.norm = static_cast<float>(std::sqrt(norm2) * (1.0 + 1e-7));
  // Float rounding: the rare sum errs by at most (rare + 2) 2^-24 (its terms add up to <= 1 by
  // Cauchy-Schwarz), the projection and the rest by about (d + 8) 2^-24 each; the slack covers
  // twice that, so that a bound never falls below the exact double score.
  query.slack = 1e-6f + static_cast<float>(rare + 2 * basis.dims + 20) * 0x1p-23f + detail::kProjectedError;
  auto cut_f = static_cast<float>(cut);
  if (static_cast<double>(cut_f) > cut) cut_f = std::nextafter(cut_f, kMinusInf);

  detail::group_bounds(basis, query, p.group_max.data(), p.group_bound.data());
  p.group_list.clear();
  for (std::int64_t g = 0; g < basis.groups(); ++g)
    if (p.group_bound[static_cast<std::size_t>(g)] >= cut_f)
      p.group_list.push_back(static_cast<std::int32_t>(g));
  auto& candidates = p.candidates;
  candidates.clear();
  detail::scan_groups(basis, s.y.rows, query, cut_f, acc, p.group_list.data(), p.group_list.size(),
                      candidates);
  std::fill(p.acc_f.begin(), p.acc_f.end(), 0.0f);

  score_best_first(s, candidates, basis.order.data(), w);
  unscatter(s.x, i, w.dense);
  heap.drain(out_idx, out_score, s.k, kNaN);
  return true;
}

class ProjectionBackend final : public PrunedBackend {
 public:
  ProjectionBackend(std::int64_t x_rows, CommonBasis basis) : x_rows_(x_rows), basis_(std::move(basis)) {}
  [[nodiscard]] std::int64_t positions() const override { return x_rows_; }
  [[nodiscard]] std::int64_t row(std::int64_t position) const override { return position; }
  [[nodiscard]] std::int64_t block() const override { return kQueryBlock; }
  [[nodiscard]] std::unique_ptr<BackendScratch> scratch() const override {
    auto p = std::make_unique<ProjectionScratch>();
    p->acc_f.assign(static_cast<std::size_t>(basis_.tiles * kLanes), 0.0f);
    p->group_max.resize(static_cast<std::size_t>(basis_.padded_groups()));
    p->group_bound.resize(static_cast<std::size_t>(basis_.padded_groups()));
    p->projection.resize(static_cast<std::size_t>(basis_.dims));
    p->projection_f.resize(static_cast<std::size_t>(basis_.dims));
    return p;
  }
  void begin_block(std::int64_t, std::int64_t, BackendScratch&) const override {}
  bool query(const Search& s, std::int64_t position, Scratch& w, BackendScratch& scratch,
             std::int64_t* out_idx, double* out_score) const override {
    return pruned_query(s, basis_, position, w, static_cast<ProjectionScratch&>(scratch), out_idx, out_score);
  }

 private:
  std::int64_t x_rows_;
  CommonBasis basis_;
};

}  // namespace

std::unique_ptr<PrunedBackend> projection_backend(const UnitRows& x, const UnitRows& y,
                                                  const std::vector<std::int64_t>& df_y,
                                                  const CommonPlan& plan, const PruneTuning& tuning,
                                                  int n_threads) {
  return std::make_unique<ProjectionBackend>(x.rows, build_common_basis(y, df_y, plan, tuning, n_threads));
}

}  // namespace treatytext::detail::topk
