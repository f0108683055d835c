#include "similarity/amx/tiled_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace treatytext::detail::topk {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr float kMinusInf = -std::numeric_limits<float>::infinity();
/// A query whose candidates outgrow this falls back to the exhaustive search: its cut is not
/// positive (every row might be needed) or thousands of rows tie above it.
constexpr std::size_t kMaxTileCandidates = 8192;
/// Rows merged between two looks at the size of the candidate list.
constexpr std::int64_t kMergeRows = 8192;

}  // namespace

bool tiled_query(const Search& s, const Tiled& t, std::int64_t position, const std::int32_t* products,
                 Scratch& w, TiledScratch& ts, std::int64_t* out_idx, double* out_score) {
  const std::int64_t i = t.queries[static_cast<std::size_t>(position)];
  const auto k = static_cast<std::size_t>(s.k);
  const std::int64_t y_rows = s.y.rows;
  float* rare = ts.rare.data();
  s.exclusions.for_each_excluded(i, [&](std::int64_t j) { rare[j] = kMinusInf; });
  const std::int64_t rare_terms = accumulate_rare(s.x, i, t.slot, t.rare, rare);
  detail::TileQuery query;
  query.scale = t.x.scale[static_cast<std::size_t>(position)];
  query.error = t.x.error[static_cast<std::size_t>(position)];
  // Float rounding: the rare sum errs by at most (rare + 2) 2^-24 (its terms add up to <= 1),
  // the bound's few operations on values below ~1.02 by less than 2^-21.
  query.slack = 1e-6f + static_cast<float>(rare_terms + 20) * 0x1p-23f;
  auto& state = ts.state;
  state.lower.clear();
  state.candidates.clear();
  state.floor = std::numeric_limits<float>::lowest();  // excluded rows (-inf) never reach it
  if (s.threshold) {
    auto floor = static_cast<float>(*s.threshold);
    if (static_cast<double>(floor) > *s.threshold) floor = std::nextafter(floor, kMinusInf);
    state.floor = std::max(state.floor, floor);
  }
  bool overflow = false;
  for (std::int64_t first = 0; first < y_rows && !overflow; first += kMergeRows) {
    detail::merge_tile_bounds(t.y, query, rare + first, products + first, first,
                              std::min(y_rows, first + kMergeRows), k, state);
    if (state.candidates.size() > kMaxTileCandidates / 2) {
      const float cut = state.cut(k);
      std::erase_if(state.candidates, [cut](const auto& c) { return c.first < cut; });
      overflow = state.candidates.size() > kMaxTileCandidates / 2;
    }
  }
  if (overflow) std::fill_n(rare, y_rows, 0.0f);  // the merge zeroes only the rows it read
  const float cut = state.cut(k);
  if (overflow || !(cut > 0.0f)) return false;
  std::erase_if(state.candidates, [cut](const auto& c) { return c.first < cut; });
  w.heap.reset(k);
  scatter(s.x, i, w.dense);
  score_best_first(s, state.candidates, nullptr, w);
  unscatter(s.x, i, w.dense);
  w.heap.drain(out_idx, out_score, s.k, kNaN);
  return true;
}

Tiled build_tiled(const UnitRows& x, const UnitRows& y, const std::vector<std::int64_t>& df_y, bool self_join,
                  const std::vector<std::int32_t>& first_same, int threads) {
  detail::PruneTuning tuning;
  tuning.max_common_terms = detail::kMaxTileDepth;
  tuning.common_min_df_share = 0.0;
  auto plan = detail::plan_common_terms(x, df_y, y.rows, self_join, tuning);  // costliest first
  const double frequent_df = detail::PruneTuning{}.common_min_df_share * static_cast<double>(y.rows);
  const auto frequent = std::count_if(plan.terms.begin(), plan.terms.end(), [&](std::int32_t term) {
    return static_cast<double>(df_y[static_cast<std::size_t>(term)]) >= frequent_df;
  });
  const auto depth =
      static_cast<int>(std::max<std::int64_t>(1, (frequent + detail::kTileDepth - 1) / detail::kTileDepth) *
                       detail::kTileDepth);
  if (plan.terms.size() > static_cast<std::size_t>(depth)) plan.terms.resize(static_cast<std::size_t>(depth));
  Tiled t;
  t.slot.assign(static_cast<std::size_t>(y.cols), -1);
  for (std::size_t c = 0; c < plan.terms.size(); ++c)
    t.slot[static_cast<std::size_t>(plan.terms[c])] = static_cast<std::int32_t>(c);
  // Copies of an earlier row are not searched (copy_identical), so they get no tile rows.
  std::vector<std::int64_t> positions(first_same.size(), -1);
  for (std::size_t i = 0; i < first_same.size(); ++i)
    if (first_same[i] == static_cast<std::int32_t>(i)) {
      positions[i] = static_cast<std::int64_t>(t.queries.size());
      t.queries.push_back(static_cast<std::int32_t>(i));
    }
  if (self_join) {  // one pass, both layouts
    detail::round_to_bytes(x, t.slot, depth, &t.x, &t.y, threads, &positions);
  } else {
    detail::round_to_bytes(x, t.slot, depth, &t.x, nullptr, threads, &positions);
    detail::round_to_bytes(y, t.slot, depth, nullptr, &t.y, threads);
  }
  t.rare = detail::rare_index(y, df_y, t.slot, {}, threads);
  return t;
}

}  // namespace treatytext::detail::topk
