#include "similarity_bound.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <Eigen/Eigenvalues>

#include "treatytext/parallel.hpp"

namespace treatytext::detail {

namespace {

// A float not below x: the bounds must never shrink when rounded to float.
float round_up(double x) {
  auto f = static_cast<float>(x);
  if (static_cast<double>(f) < x) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}

// |q_perp| from |q_C|^2 and |U'q_C|^2. The difference loses about 1e-15 to rounding, so a
// 1e-13 floor keeps the square root above the true residual norm.
double residual_norm(double norm2, double projected2) {
  return std::sqrt(std::max(0.0, norm2 - projected2) + 1e-13);
}

}  // namespace

CommonPlan plan_common_terms(const UnitRows& x, const UnitRows& y, const InvertedIndex& y_index,
                             bool self_join, const PruneTuning& tuning) {
  const auto cols = static_cast<std::size_t>(y.cols);
  std::vector<std::int64_t> df_x;
  if (!self_join) {
    df_x.assign(cols, 0);
    const auto nnz = x.rows > 0 ? x.indptr[x.rows] : 0;
    for (std::int64_t p = 0; p < nnz; ++p) ++df_x[static_cast<std::size_t>(x.indices[p])];
  }
  CommonPlan plan;
  const double min_df = std::max(2.0, tuning.common_min_df_share * static_cast<double>(y.rows));
  std::vector<double> cost(cols, 0.0);
  for (std::size_t t = 0; t < cols; ++t) {
    const auto df = y_index.colptr[t + 1] - y_index.colptr[t];
    const auto dfx = self_join ? df : df_x[t];
    cost[t] = static_cast<double>(df) * static_cast<double>(dfx);
    plan.total_cost += cost[t];
    if (static_cast<double>(df) >= min_df && dfx > 0) plan.terms.push_back(static_cast<std::int32_t>(t));
  }
  // Costliest first; the lower column wins a tie so that the choice is deterministic.
  std::stable_sort(plan.terms.begin(), plan.terms.end(),
                   [&](std::int32_t a, std::int32_t b) { return cost[a] > cost[b]; });
  if (plan.terms.size() > static_cast<std::size_t>(tuning.max_common_terms))
    plan.terms.resize(static_cast<std::size_t>(tuning.max_common_terms));
  plan.rare_cost = plan.total_cost;
  for (const auto t : plan.terms) plan.rare_cost -= cost[static_cast<std::size_t>(t)];
  return plan;
}

float CommonBasis::project(const UnitRows& rows, std::int64_t r, double* projection) const {
  std::fill(projection, projection + dims, 0.0);
  double norm2 = 0.0;
  for (auto p = rows.row_begin(r); p < rows.row_end(r); ++p) {
    const auto s = slot[static_cast<std::size_t>(rows.indices[p])];
    if (s < 0) continue;
    const double v = rows.data[static_cast<std::size_t>(p)];
    norm2 += v * v;
    const double* u = basis.data() + static_cast<std::size_t>(s) * static_cast<std::size_t>(dims);
    for (int k = 0; k < dims; ++k) projection[k] += v * u[k];
  }
  double projected2 = 0.0;
  for (int k = 0; k < dims; ++k) projected2 += projection[k] * projection[k];
  return round_up(residual_norm(norm2, projected2));
}

CommonBasis build_common_basis(const UnitRows& y, const InvertedIndex& y_index, const CommonPlan& plan,
                               const PruneTuning& tuning, int n_threads) {
  CommonBasis basis;
  const auto& terms = plan.terms;
  const auto common = static_cast<Eigen::Index>(terms.size());
  basis.slot.assign(static_cast<std::size_t>(y.cols), -1);
  for (std::size_t i = 0; i < terms.size(); ++i)
    basis.slot[static_cast<std::size_t>(terms[i])] = static_cast<std::int32_t>(i);
  basis.dims = static_cast<int>(std::min<Eigen::Index>(tuning.dims, common));
  basis.tiles = (y.rows + kGroupRows - 1) / kGroupRows * (kGroupRows / kLanes);
  const auto d = static_cast<std::size_t>(basis.dims);

  if (basis.dims > 0) {
    // Gram matrix of the common columns over a sample of rows.
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(common, common);
    const std::int64_t stride = std::max<std::int64_t>(1, (y.rows + 32767) / 32768);
    std::vector<std::pair<std::int32_t, double>> entries;
    for (std::int64_t r = 0; r < y.rows; r += stride) {
      entries.clear();
      for (auto p = y.row_begin(r); p < y.row_end(r); ++p) {
        const auto s = basis.slot[static_cast<std::size_t>(y.indices[p])];
        if (s >= 0) entries.emplace_back(s, y.data[static_cast<std::size_t>(p)]);
      }
      for (std::size_t a = 0; a < entries.size(); ++a)
        for (std::size_t b = a; b < entries.size(); ++b)
          gram(entries[a].first, entries[b].first) += entries[a].second * entries[b].second;
    }
    gram = gram.selfadjointView<Eigen::Upper>();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram);
    // Eigenvalues ascend: the last d eigenvectors span the main directions.
    basis.basis.resize(static_cast<std::size_t>(common) * d);
    for (Eigen::Index t = 0; t < common; ++t)
      for (std::size_t k = 0; k < d; ++k)
        basis.basis[static_cast<std::size_t>(t) * d + k] =
            solver.eigenvectors()(t, common - 1 - static_cast<Eigen::Index>(k));
  }

  // Float postings of the rare columns.
  basis.rare_colptr.assign(static_cast<std::size_t>(y.cols) + 1, 0);
  for (std::size_t t = 0; t < static_cast<std::size_t>(y.cols); ++t) {
    const auto df = basis.slot[t] >= 0 ? 0 : y_index.colptr[t + 1] - y_index.colptr[t];
    basis.rare_colptr[t + 1] = basis.rare_colptr[t] + df;
  }
  basis.rare_rows.resize(static_cast<std::size_t>(basis.rare_colptr.back()));
  basis.rare_values.resize(static_cast<std::size_t>(basis.rare_colptr.back()));
  for (std::size_t t = 0; t < static_cast<std::size_t>(y.cols); ++t) {
    if (basis.slot[t] >= 0) continue;
    auto out = static_cast<std::size_t>(basis.rare_colptr[t]);
    for (auto e = y_index.colptr[t]; e < y_index.colptr[t + 1]; ++e, ++out) {
      basis.rare_rows[out] = y_index.rows[static_cast<std::size_t>(e)];
      basis.rare_values[out] = static_cast<float>(y_index.values[static_cast<std::size_t>(e)]);
    }
  }

  const auto padded = static_cast<std::size_t>(basis.tiles * kLanes);
  basis.y_projection.assign(static_cast<std::size_t>(basis.tiles) * d * kLanes, 0.0f);
  basis.y_residual.assign(padded, 0.0f);
  parallel_for(
      static_cast<std::size_t>(y.rows), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        std::vector<double> projection(d);
        for (auto r = static_cast<std::int64_t>(begin); r < static_cast<std::int64_t>(end); ++r) {
          basis.y_residual[static_cast<std::size_t>(r)] = basis.project(y, r, projection.data());
          const auto tile = static_cast<std::size_t>(r / kLanes);
          const auto lane = static_cast<std::size_t>(r % kLanes);
          for (std::size_t k = 0; k < d; ++k)
            basis.y_projection[(tile * d + k) * kLanes + lane] = static_cast<float>(projection[k]);
        }
      },
      4096);
  return basis;
}

}  // namespace treatytext::detail
