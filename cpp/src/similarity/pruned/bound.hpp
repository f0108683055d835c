// Internal to the similarity stage: upper bounds on cosine scores that let the pruned top-k
// skip most candidates.
//
// Why: in text, a handful of very common terms ("the", "of", "shall") make up most of the cost of
// a sparse product (a term found in df rows costs df^2 multiply-adds), yet each contributes little
// to any one score and they point the same way in every row. So the score of rows q and y is
// split into a rare part, accumulated exactly from an inverted index, and a common part
// q_C . y_C over the few costly terms C, bounded through a projection on the top principal
// directions U of the rows restricted to C (orthonormal, d columns):
//   q_C . y_C = (U'q_C) . (U'y_C) + q_perp . y_perp,  |q_perp . y_perp| <= |q_perp| |y_perp|.
// The projected part costs d multiply-adds per pair in float, vectorized over 16 rows at a time,
// and the residual norms are small because common terms are so alike across rows. Rows are
// kept in an order where each group of 64 is compact in projection space, so that one bound per
// group (similarity_scan.hpp) lets most groups be skipped whole.
#pragma once

#include <cstdint>
#include <vector>

#include "similarity/rows.hpp"

namespace treatytext::detail {

/// Rows processed together by the bound kernel (one vector register of floats per dimension on
/// AVX-512, two on AVX2).
inline constexpr std::int64_t kLanes = 16;
/// Rows scanned together: buffers of per-row values are padded to whole groups.
inline constexpr std::int64_t kGroupRows = 64;
/// The largest projection dimension d (the scan widens a group's projections on the stack).
inline constexpr int kMaxDims = 64;

/// Storage of the rows' projections: half precision where the compiler has it (the scan is
/// bound by reading them, and the rounding, at most 2^-11 of |p| |P_j| <= 1, goes into the
/// slack), float otherwise.
#if defined(__FLT16_MAX__)
using Projected = _Float16;
inline constexpr float kProjectedError = 0x1p-11f + 0x1p-20f;
#else
using Projected = float;
inline constexpr float kProjectedError = 0.0f;
#endif

/// Tuning of the pruned search; the defaults were measured on ToTA articles (see benchmarks/).
struct PruneTuning {
  int max_common_terms = 64;          ///< at most this many terms in the common set C
  double common_min_df_share = 0.05;  ///< a common term occurs in at least this share of Y's rows
  int dims = 16;                      ///< projection dimensions d (capped at |C| and kMaxDims)
};

/// Inverted index of Y's rare columns in float (common columns are empty): the rare part only
/// feeds bounds, and 8-byte postings halve the traffic of its accumulation.
struct RareIndex {
  std::vector<std::int64_t> colptr;
  std::vector<std::int32_t> rows;
  std::vector<float> values;
};

/// The rare index of y: columns with slot < 0, each posting list ascending in the positions
/// given by `order` (position -> row of y; empty: the rows' own order).
RareIndex rare_index(const UnitRows& y, const std::vector<std::int64_t>& df_y,
                     const std::vector<std::int32_t>& slot, const std::vector<std::int32_t>& order,
                     int n_threads);

/// The common set C, its basis U and the projections of Y's rows on it.
struct CommonBasis {
  int dims = 16;                        ///< d
  std::int64_t tiles = 0;               ///< Y rows / kLanes, rounded up to whole groups
  std::vector<std::int32_t> slot;       ///< per column: index into C, or -1 for a rare term
  std::vector<double> basis;            ///< |C| x d, row-major: the d directions of each term
  std::vector<std::int32_t> order;      ///< internal position -> row of Y (rows grouped by projection)
  std::vector<std::int32_t> rank;       ///< row of Y -> internal position
  std::vector<Projected> y_projection;  ///< (tile, dim, lane) layout: U'y_C of each Y row
  std::vector<float> y_residual;        ///< |y_perp| per Y row, rounded up; padded to tiles
  RareIndex rare;                       ///< rows in the internal order
  /// Per group of kGroupRows rows (padded with empty groups to a multiple of kLanes): the mean
  /// projection (dimension-major, d x padded_groups()), the largest distance of a row's
  /// projection from it and the largest |y_perp|, both rounded up.
  std::vector<float> group_centroid;
  std::vector<float> group_radius;
  std::vector<float> group_residual;
  [[nodiscard]] std::int64_t groups() const { return tiles * kLanes / kGroupRows; }
  [[nodiscard]] std::int64_t padded_groups() const { return (groups() + kLanes - 1) / kLanes * kLanes; }
  [[nodiscard]] std::int64_t common_terms() const {
    return static_cast<std::int64_t>(basis.size()) / (dims > 0 ? dims : 1);
  }

  /// Projects row r of `rows` (its rare entries are skipped): writes U'q_C to projection[0..d)
  /// and returns |q_perp|, rounded up so that the bounds stay valid.
  float project(const UnitRows& rows, std::int64_t r, double* projection) const;
};

/// The common set C and what it saves: a sparse product costs df_X(t) x df_Y(t) multiply-adds
/// per term t; the pruned search pays only for the rare terms.
struct CommonPlan {
  std::vector<std::int32_t> terms;  ///< C, costliest first
  double total_cost = 0.0;          ///< sum over all terms of df_X x df_Y
  double rare_cost = 0.0;           ///< the same over the terms outside C
};

/// Chooses C: the costliest terms by df_X x df_Y that occur in at least common_min_df_share of
/// Y's rows, at most max_common_terms of them.
CommonPlan plan_common_terms(const UnitRows& x, const std::vector<std::int64_t>& df_y, std::int64_t y_rows,
                             bool self_join, const PruneTuning& tuning);

/// Rows of Y sampled for the basis: enough to find the main directions of the common terms
/// (more changed nothing measurable on ToTA, and the Gram matrix was 2 % of the search time).
inline constexpr std::int64_t kBasisSample = 4096;

/// Computes U from the eigenvectors of Y_C'Y_C (on at most kBasisSample evenly spaced rows: any
/// orthonormal U keeps the bounds valid, the sample only has to find the main directions),
/// projects Y's rows, orders them so that groups are compact, and builds the float index of the
/// rare columns. Everything per row of Y is kept in that internal order (see order and rank).
CommonBasis build_common_basis(const UnitRows& y, const std::vector<std::int64_t>& df_y,
                               const CommonPlan& plan, const PruneTuning& tuning, int n_threads);

}  // namespace treatytext::detail
