// Internal to the similarity stage: the vectorized scans of the pruned top-k search.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "similarity_bound.hpp"

namespace treatytext::detail {

/// (bound, row) pairs gathered by the scans.
using Candidates = std::vector<std::pair<float, std::int32_t>>;

/// One query of a bound scan.
struct ScanQuery {
  const float* projection = nullptr;  ///< U'q_C, d floats
  float rq = 0.0f;                    ///< |q_perp|, rounded up
  float slack = 0.0f;                 ///< covers the float rounding of the bound
  float cut = 0.0f;                   ///< keep rows whose upper bound is >= cut
  float* acc = nullptr;  ///< rare part per row (-inf: excluded), groups-padded; zeroed by the scan
  Candidates* out = nullptr;
};

/// For each query and each of the `rows` rows j of Y, the upper bound
///   ub = acc[j] + p.P_j + rq |y_perp,j| + slack  >=  exact score (values >= 0),
/// appending (ub, j) to *out when ub >= cut. Register-blocked over queries and rows like a small
/// matrix product, so that each projection vector of Y is loaded once for several queries.
/// Picks the widest instruction set the CPU has (AVX-512, AVX2, or the x86-64 baseline).
void bound_scan(const CommonBasis& basis, std::int64_t rows, ScanQuery* queries, int count);

/// The `count` rows with the largest acc (> -inf) among the first `rows`, in no order, into out
/// (cleared first). Reads acc in whole groups of kGroupRows (it must be padded), and scans only
/// the groups whose maximum can enter; group_max is a reusable buffer.
void largest_rows(const float* acc, std::int64_t rows, std::size_t count, Candidates& out,
                  std::vector<float>& group_max);

}  // namespace treatytext::detail
