// Internal to the similarity stage: the vectorized scans of the pruned top-k search.
//
// Rows are scanned in groups of kGroupRows. A group's rows share one bound,
//   max acc + c.p + |p| rho + rq max|y_perp| + slack,
// where c is the mean projection of the group's rows and rho the largest distance of one of
// them from c (P_j.p = c.p + (P_j - c).p <= c.p + rho |p|). Groups whose bound falls below the
// cut are skipped whole; only the others pay d multiply-adds per row.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "similarity/pruned/bound.hpp"

namespace treatytext::detail {

/// (bound, row) pairs gathered by the scans.
using Candidates = std::vector<std::pair<float, std::int32_t>>;

/// What the scans need to know of one query.
struct QueryBounds {
  const float* projection = nullptr;  ///< p = U'q_C, d floats
  float norm = 0.0f;                  ///< |p|, rounded up
  float rq = 0.0f;                    ///< |q_perp|, rounded up
  float slack = 0.0f;                 ///< covers the float rounding of one row's bound
};

/// group_max[g] = the largest acc of group g, for basis.groups() groups (acc padded to whole
/// groups; the padding of group_max up to basis.padded_groups() is set to -inf).
void group_maxima(const CommonBasis& basis, const float* acc, float* group_max);

/// The `count` rows with the largest acc (> -inf) among the first `rows`, in no order, into out
/// (cleared first). Reads only the groups whose maximum can enter.
void largest_rows(const CommonBasis& basis, const float* acc, const float* group_max, std::int64_t rows,
                  std::size_t count, Candidates& out);

/// bound[g] >= every exact score of the rows of group g, for basis.padded_groups() groups.
void group_bounds(const CommonBasis& basis, const QueryBounds& query, const float* group_max, float* bound);

/// For each listed group, the upper bound of each of its rows j < rows,
///   ub = acc[j] + p.P_j + rq |y_perp,j| + slack  >=  exact score (values >= 0),
/// appending (ub, j) to out when ub >= cut.
void scan_groups(const CommonBasis& basis, std::int64_t rows, const QueryBounds& query, float cut,
                 const float* acc, const std::int32_t* groups, std::size_t count, Candidates& out);

}  // namespace treatytext::detail
