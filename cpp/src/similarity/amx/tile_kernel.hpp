// Internal to the similarity stage: the common part of every (query, row) score at once, by
// AMX int8 tile products, with rigorous bounds.
//
// Why: the pruned search's cost is the rare terms' share of the sparse product, sum over terms of
// df_X x df_Y, and most of it comes from the few hundred terms found in more than ~5 % of the
// rows. On a CPU with AMX (Intel Xeon 4th generation and later) a dense product over those
// terms costs less than their sparse product: a tile multiply-add does 16 x 16 x 64 products of
// bytes. So each row's values on the common terms C (|C| = depth, a multiple of 64) are rounded
// to bytes on a per-row scale s (value ~ s a, a in 0..255, s = largest value / 255), and
//   q_C . y_C = s_q s_y (a_q . a_y) + e,   |e| <= s_q s_y (sum a_q / 2 + sum a_y / 2 + n_q / 4)
// where n_q counts q's nonzero common values (each value is off by at most half a step, and the
// product of two such errors by a quarter of both steps). With the rare part accumulated exactly,
// this brackets every score within about 1 %: the k-th largest lower bound is a cut no row with
// a smaller upper bound can beat, and the rows above it are few.
#pragma once

#include <cstdint>
#include <vector>

#include "similarity/rows.hpp"

namespace treatytext::detail {

/// Values of a tile row: the step of the depth (common terms are padded to a multiple of it).
inline constexpr int kTileDepth = 64;
/// Rows of one tile; products are computed for blocks of 2 x 16 queries and 2 x 16 rows.
inline constexpr std::int64_t kTileRows = 16;
inline constexpr std::int64_t kTileBlock = 2 * kTileRows;
/// The largest depth: byte products summed over it stay below 2^24, exact in a float.
inline constexpr int kMaxTileDepth = 256;

/// Whether this CPU and operating system run the AMX int8 tile instructions (and AVX-512), and
/// TREATYTEXT_SIMD does not ask for less (any level but "amx" turns them off, so that the other
/// searches can be tested on the same machine). Decided once per process; on Linux the first
/// call asks the kernel for the tile state (arch_prctl), as every AMX user must.
bool tiles_usable();

/// One side's rows rounded to bytes on the common terms, in the layout its tiles load.
struct ByteRows {
  std::int64_t rows = 0;    ///< real rows
  std::int64_t padded = 0;  ///< rows padded to a multiple of kTileBlock (padding rows are zero)
  int depth = 0;            ///< |C| padded to a multiple of kTileDepth
  /// Queries: row-major, padded x depth. Rows of Y: per 16 rows ("panel"), depth / 4 tile rows
  /// of 16 x 4 bytes (the four consecutive terms of each row side by side), as the multiply
  /// takes its second operand.
  std::vector<std::uint8_t> values;
  /// Per row, padded: s (0 for a row with no common value); as a query, its share of the error
  /// bound, sum a / 2 + n / 4 (n its nonzero common values); as a row of Y, its share of the
  /// bound in score units, s sum a / 2. Both rounded up.
  std::vector<float> scale, error, spread;
};

/// Rounds the rows of m on the common terms (slot[column] = position in C, or -1) to bytes, into
/// the query layout, the row-of-Y layout, or both at once (a self-join); null: not wanted. With
/// `positions`, row r of m is row positions[r] of the query layout, or absent from it when -1.
void round_to_bytes(const UnitRows& m, const std::vector<std::int32_t>& slot, int depth, ByteRows* queries,
                    ByteRows* panels, int n_threads, const std::vector<std::int64_t>* positions = nullptr);

/// out[r * stride + (j - first)] = a_q . a_y (exact integers) for the kTileBlock queries
/// q = query + r and the rows j in [first, last) of Y; query, first and last are multiples of
/// kTileBlock. Only call when tiles_usable().
void tile_products(const ByteRows& x, const ByteRows& y, std::int64_t query, std::int64_t first,
                   std::int64_t last, std::int32_t* out, std::int64_t stride);

/// What the merge needs to know of one query.
struct TileQuery {
  float scale = 0.0f;  ///< s_q
  float error = 0.0f;  ///< sum a_q / 2 + n_q / 4
  float slack = 0.0f;  ///< covers the float rounding of the rare part and of the bound
};

/// The running state of one query's merge: the k largest lower bounds seen (a min-heap) and the
/// rows whose upper bound reached the k-th of them when they were seen.
struct TileState {
  std::vector<float> lower;                                ///< min-heap of at most k lower bounds
  std::vector<std::pair<float, std::int32_t>> candidates;  ///< (upper bound, row)
  /// A row whose upper bound is below it cannot score: the threshold, else the lowest float
  /// (which an excluded row, at -inf, stays below).
  float floor = 0.0f;
  [[nodiscard]] float cut(std::size_t k) const;  ///< max(floor, k-th largest lower bound)
};

/// Merges rows [first, last) of Y into one query's state: for each row j,
///   upper = rare + s_q (s_y (d + error_q) + spread_y) + slack >= score(q, j) (values >= 0),
///   lower = rare + s_q (s_y (d - error_q) - spread_y) - slack <= score(q, j),
/// with d = products[j - first] and rare = rare[j - first] the query's exactly accumulated rare
/// part (-inf for rows it may not score), which is read once and left zero. Keeps (upper, j)
/// when upper reaches the state's cut.
void merge_tile_bounds(const ByteRows& y, const TileQuery& query, float* rare, const std::int32_t* products,
                       std::int64_t first, std::int64_t last, std::size_t k, TileState& state);

}  // namespace treatytext::detail
