// The tile backend of the pruned top-k search (backend.hpp), on a CPU with AMX tiles: the
// common terms' part of every score from byte tile products (amx/tile_kernel.hpp), the rare
// terms' part accumulated exactly; the two bracket each score within ~1 %, so that the k-th
// largest lower bound is a cut that leaves few candidates (~12 per query on ToTA), which are
// scored exactly as in the other searches.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

#include "similarity/amx/tile_kernel.hpp"
#include "similarity/backend.hpp"

namespace treatytext::detail::topk {

namespace {

/// A query whose candidates outgrow this falls back to the exhaustive search: its cut is not
/// positive (every row might be needed) or thousands of rows tie above it.
constexpr std::size_t kMaxTileCandidates = 8192;
/// Rows merged between two looks at the size of the candidate list.
constexpr std::int64_t kMergeRows = 8192;

/// What the tile backend builds once per call: both sides in bytes, the rare index of Y.
struct Tiled {
  std::vector<std::int32_t> queries;  // the rows of X searched (not copies), in order
  detail::ByteRows x, y;              // x: the searched rows only, in that order
  detail::RareIndex rare;
  std::vector<std::int32_t> slot;  // per column: position in C, or -1 for a rare term
};

/// One worker's buffers of the tile backend.
struct TiledScratch : BackendScratch {
  std::vector<std::int32_t> products;  // kTileBlock x Y rows (padded): the block's tile products
  std::vector<float> rare;             // Y rows: one query's rare part, zero between queries
  detail::TileState state;
  std::int64_t block_first = 0;  // the first position of the block whose products are held
};

/// The tiled search of row i = t.queries[position] of X, given its tile products with every row
/// of Y (`products`): its rare part, merged with them into a cut and candidates, then the
/// candidates scored exactly best bound first. Returns false, with the buffers clean, when the
/// query needs the exhaustive search (its cut is not positive, or too many rows reach it).
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

/// Builds the tiled search. Its common terms: the up to kMaxTileDepth costliest, as many of them
/// as are found in at least 5 % of Y's rows (the pruned search's share) rounded up to a multiple
/// of kTileDepth (the tiles multiply the depth whole anyway). Only the rows of X that are not
/// copies of an earlier row (first_same[i] == i) are searched, hence rounded to bytes.
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

class TileBackend final : public PrunedBackend {
 public:
  explicit TileBackend(Tiled tiled) : t_(std::move(tiled)) {}
  [[nodiscard]] std::int64_t positions() const override {
    return static_cast<std::int64_t>(t_.queries.size());
  }
  [[nodiscard]] std::int64_t row(std::int64_t position) const override {
    return t_.queries[static_cast<std::size_t>(position)];
  }
  [[nodiscard]] std::int64_t block() const override { return detail::kTileBlock; }
  [[nodiscard]] std::unique_ptr<BackendScratch> scratch() const override {
    auto ts = std::make_unique<TiledScratch>();
    ts->products.resize(static_cast<std::size_t>(detail::kTileBlock * t_.y.padded));
    ts->rare.assign(static_cast<std::size_t>(t_.y.padded), 0.0f);
    return ts;
  }
  // The products of the whole block at once: what the tiles are fast at.
  void begin_block(std::int64_t first, std::int64_t, BackendScratch& scratch) const override {
    auto& ts = static_cast<TiledScratch&>(scratch);
    ts.block_first = first;
    detail::tile_products(t_.x, t_.y, first, 0, t_.y.padded, ts.products.data(), t_.y.padded);
  }
  bool query(const Search& s, std::int64_t position, Scratch& w, BackendScratch& scratch,
             std::int64_t* out_idx, double* out_score) const override {
    auto& ts = static_cast<TiledScratch&>(scratch);
    const std::int32_t* products =
        ts.products.data() + static_cast<std::size_t>((position - ts.block_first) * t_.y.padded);
    return tiled_query(s, t_, position, products, w, ts, out_idx, out_score);
  }

 private:
  Tiled t_;
};

}  // namespace

bool tile_backend_usable() { return detail::tiles_usable(); }

std::unique_ptr<PrunedBackend> tile_backend(const UnitRows& x, const UnitRows& y,
                                            const std::vector<std::int64_t>& df_y, bool self_join,
                                            const std::vector<std::int32_t>& first_same, int n_threads) {
  return std::make_unique<TileBackend>(build_tiled(x, y, df_y, self_join, first_same, n_threads));
}

}  // namespace treatytext::detail::topk
