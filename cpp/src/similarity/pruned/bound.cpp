#include "similarity/pruned/bound.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <Eigen/Eigenvalues>

#include "treatytext/parallel.hpp"
#include "util/float_rounding.hpp"

namespace treatytext::detail {

namespace {

// |q_perp| from |q_C|^2 and |U'q_C|^2. The difference loses about 1e-15 to rounding, so a
// 1e-13 floor keeps the square root above the true residual norm.
double residual_norm(double norm2, double projected2) {
  return std::sqrt(std::max(0.0, norm2 - projected2) + 1e-13);
}

/// An order of the n rows (each with `width` features) in which every run of kGroupRows is
/// compact: a balanced k-d tree, splitting at a multiple of kGroupRows on the feature of
/// largest spread until the runs are single groups. The subtrees below the first few splits
/// are ordered in parallel; each depends on its own rows only, so the order does not depend on
/// the threads.
std::vector<std::int32_t> group_order(const std::vector<double>& features, std::int64_t n, std::size_t width,
                                      int n_threads) {
  std::vector<std::int32_t> order(static_cast<std::size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  const auto feature = [&](std::int32_t row, std::size_t f) {
    return features[static_cast<std::size_t>(row) * width + f];
  };
  using Range = std::pair<std::int64_t, std::int64_t>;
  // Splits [lo, hi) in two (in place in `order`) and returns the halves; a range of one group
  // is not split (returns false).
  const auto split = [&](Range range, Range& left, Range& right) {
    const auto [lo, hi] = range;
    if (hi - lo <= kGroupRows) return false;
    std::size_t widest = 0;
    double widest_spread = -1.0;
    for (std::size_t f = 0; f < width; ++f) {
      double low = feature(order[static_cast<std::size_t>(lo)], f), high = low;
      for (auto i = lo + 1; i < hi; ++i) {
        const double v = feature(order[static_cast<std::size_t>(i)], f);
        low = std::min(low, v);
        high = std::max(high, v);
      }
      if (high - low > widest_spread) {
        widest_spread = high - low;
        widest = f;
      }
    }
    const std::int64_t half = ((hi - lo) / 2 + kGroupRows - 1) / kGroupRows * kGroupRows;
    const std::int64_t mid = lo + std::min(half, hi - lo - 1);
    std::nth_element(order.begin() + lo, order.begin() + mid, order.begin() + hi,
                     [&](std::int32_t a, std::int32_t b) { return feature(a, widest) < feature(b, widest); });
    left = {lo, mid};
    right = {mid, hi};
    return true;
  };
  const auto finish = [&](Range first) {
    std::vector<Range> ranges{first};
    while (!ranges.empty()) {
      const Range range = ranges.back();
      ranges.pop_back();
      Range left, right;
      if (split(range, left, right)) {
        ranges.push_back(left);
        ranges.push_back(right);
      }
    }
  };
  // Breadth first until there are a few subtrees per thread, then one subtree per task.
  const int threads = resolve_threads(n_threads);
  std::vector<Range> level{{0, n}};
  while (threads > 1 && level.size() < static_cast<std::size_t>(4 * threads)) {
    std::vector<Range> next;
    bool any = false;
    for (const auto& range : level) {
      Range left, right;
      if (split(range, left, right)) {
        next.push_back(left);
        next.push_back(right);
        any = true;
      }
    }
    if (!any) break;
    level.swap(next);
  }
  parallel_for(level.size(), threads, [&](std::size_t begin, std::size_t end, int) {
    for (auto r = begin; r < end; ++r) finish(level[r]);
  });
  return order;
}

}  // namespace

CommonPlan plan_common_terms(const UnitRows& x, const std::vector<std::int64_t>& df_y, std::int64_t y_rows,
                             bool self_join, const PruneTuning& tuning) {
  const auto cols = df_y.size();
  const std::vector<std::int64_t> df_x = self_join ? std::vector<std::int64_t>{} : column_counts(x);
  CommonPlan plan;
  const double min_df = std::max(2.0, tuning.common_min_df_share * static_cast<double>(y_rows));
  std::vector<double> cost(cols, 0.0);
  for (std::size_t t = 0; t < cols; ++t) {
    const auto df = df_y[t];
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
  return util::round_up_to_float(residual_norm(norm2, projected2));
}

RareIndex rare_index(const UnitRows& y, const std::vector<std::int64_t>& df_y,
                     const std::vector<std::int32_t>& slot, const std::vector<std::int32_t>& order,
                     int n_threads) {
  RareIndex index;
  index.colptr.assign(static_cast<std::size_t>(y.cols) + 1, 0);
  for (std::size_t t = 0; t < static_cast<std::size_t>(y.cols); ++t) {
    const auto df = slot[t] >= 0 ? 0 : df_y[t];
    index.colptr[t + 1] = index.colptr[t] + df;
  }
  index.rows.resize(static_cast<std::size_t>(index.colptr.back()));
  index.values.resize(static_cast<std::size_t>(index.colptr.back()));
  // Rows visited in position order, so that each posting list ascends (the accumulation then
  // sweeps acc forward): each worker fills its own run of positions, at offsets counted first.
  const int workers = std::max(1, std::min(resolve_threads(n_threads), static_cast<int>(y.rows / 4096) + 1));
  const auto run = (y.rows + workers - 1) / workers;
  std::vector<std::vector<std::int64_t>> next(static_cast<std::size_t>(workers));
  const auto each_rare = [&](int worker, const auto& f) {
    const auto first = std::min(y.rows, worker * run);
    const auto last = std::min(y.rows, first + run);
    for (auto i = first; i < last; ++i) {
      const auto r = order.empty() ? i : static_cast<std::int64_t>(order[static_cast<std::size_t>(i)]);
      for (auto p = y.row_begin(r); p < y.row_end(r); ++p)
        if (slot[static_cast<std::size_t>(y.indices[p])] < 0) f(i, p);
    }
  };
  parallel_for(static_cast<std::size_t>(workers), workers, [&](std::size_t begin, std::size_t end, int) {
    for (auto w = begin; w < end; ++w) {
      next[w].assign(static_cast<std::size_t>(y.cols), 0);
      each_rare(static_cast<int>(w),
                [&](std::int64_t, std::int64_t p) { ++next[w][static_cast<std::size_t>(y.indices[p])]; });
    }
  });
  for (std::size_t t = 0; t < static_cast<std::size_t>(y.cols); ++t) {
    auto offset = index.colptr[t];
    for (auto& counts : next) {
      const auto count = counts[t];
      counts[t] = offset;
      offset += count;
    }
  }
  parallel_for(static_cast<std::size_t>(workers), workers, [&](std::size_t begin, std::size_t end, int) {
    for (auto w = begin; w < end; ++w)
      each_rare(static_cast<int>(w), [&](std::int64_t i, std::int64_t p) {
        const auto out = static_cast<std::size_t>(next[w][static_cast<std::size_t>(y.indices[p])]++);
        index.rows[out] = static_cast<std::int32_t>(i);
        index.values[out] = static_cast<float>(y.data[static_cast<std::size_t>(p)]);
      });
  });
  return index;
}

CommonBasis build_common_basis(const UnitRows& y, const std::vector<std::int64_t>& df_y,
                               const CommonPlan& plan, const PruneTuning& tuning, int n_threads) {
  CommonBasis basis;
  const auto& terms = plan.terms;
  const auto common = static_cast<Eigen::Index>(terms.size());
  basis.slot.assign(static_cast<std::size_t>(y.cols), -1);
  for (std::size_t i = 0; i < terms.size(); ++i)
    basis.slot[static_cast<std::size_t>(terms[i])] = static_cast<std::int32_t>(i);
  basis.dims = static_cast<int>(std::min<Eigen::Index>(std::min(tuning.dims, kMaxDims), common));
  basis.tiles = (y.rows + kGroupRows - 1) / kGroupRows * (kGroupRows / kLanes);
  const auto d = static_cast<std::size_t>(basis.dims);

  if (basis.dims > 0) {
    // Gram matrix (upper triangle) of the common columns over a sample of rows, one partial sum
    // per thread, added in thread order.
    const std::int64_t stride = std::max<std::int64_t>(1, (y.rows + kBasisSample - 1) / kBasisSample);
    const auto samples = static_cast<std::size_t>((y.rows + stride - 1) / stride);
    const int workers =
        std::max(1, std::min(resolve_threads(n_threads), static_cast<int>(samples / 1024) + 1));
    std::vector<Eigen::MatrixXd> partial(static_cast<std::size_t>(workers),
                                         Eigen::MatrixXd::Zero(common, common));
    parallel_for(samples, workers, [&](std::size_t begin, std::size_t end, int worker) {
      Eigen::MatrixXd& g = partial[static_cast<std::size_t>(worker)];
      std::vector<std::pair<std::int32_t, double>> entries;
      for (auto i = static_cast<std::int64_t>(begin); i < static_cast<std::int64_t>(end); ++i) {
        const std::int64_t r = i * stride;
        entries.clear();
        for (auto p = y.row_begin(r); p < y.row_end(r); ++p) {
          const auto s = basis.slot[static_cast<std::size_t>(y.indices[p])];
          if (s >= 0) entries.emplace_back(s, y.data[static_cast<std::size_t>(p)]);
        }
        for (std::size_t a = 0; a < entries.size(); ++a)
          for (std::size_t b = a; b < entries.size(); ++b) {
            const auto [low, high] = std::minmax(entries[a].first, entries[b].first);
            g(low, high) += entries[a].second * entries[b].second;
          }
      }
    });
    Eigen::MatrixXd gram = partial[0];
    for (std::size_t w = 1; w < partial.size(); ++w) gram += partial[w];
    gram = gram.selfadjointView<Eigen::Upper>();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram);
    // Eigenvalues ascend: the last d eigenvectors span the main directions.
    basis.basis.resize(static_cast<std::size_t>(common) * d);
    for (Eigen::Index t = 0; t < common; ++t)
      for (std::size_t k = 0; k < d; ++k)
        basis.basis[static_cast<std::size_t>(t) * d + k] =
            solver.eigenvectors()(t, common - 1 - static_cast<Eigen::Index>(k));
  }

  // Projections in the rows' own order, then an order in which each group of kGroupRows rows
  // is compact in projection space, so that a group's bound is tight and whole groups drop out.
  std::vector<double> features(static_cast<std::size_t>(y.rows) * (d + 1));
  parallel_for(
      static_cast<std::size_t>(y.rows), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        for (auto r = static_cast<std::int64_t>(begin); r < static_cast<std::int64_t>(end); ++r) {
          double* f = features.data() + static_cast<std::size_t>(r) * (d + 1);
          f[d] = static_cast<double>(basis.project(y, r, f));
        }
      },
      4096);
  basis.order = group_order(features, y.rows, d + 1, n_threads);
  basis.rank.assign(static_cast<std::size_t>(y.rows), 0);
  for (std::size_t i = 0; i < basis.order.size(); ++i)
    basis.rank[static_cast<std::size_t>(basis.order[i])] = static_cast<std::int32_t>(i);

  const auto padded = static_cast<std::size_t>(basis.tiles * kLanes);
  basis.y_projection.assign(static_cast<std::size_t>(basis.tiles) * d * kLanes, Projected{});
  basis.y_residual.assign(padded, 0.0f);
  parallel_for(
      basis.order.size(), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        for (auto i = begin; i < end; ++i) {
          const double* f = features.data() + static_cast<std::size_t>(basis.order[i]) * (d + 1);
          basis.y_residual[i] = static_cast<float>(f[d]);  // already rounded up to a float
          for (std::size_t k = 0; k < d; ++k)
            basis.y_projection[(i / kLanes * d + k) * kLanes + i % kLanes] = static_cast<Projected>(f[k]);
        }
      },
      4096);
  std::vector<double>().swap(features);  // released before the rare index is built

  basis.rare = rare_index(y, df_y, basis.slot, basis.order, n_threads);

  // Group summaries, from the stored (float) projections so that they bound what the scan uses.
  const auto groups = static_cast<std::size_t>(basis.groups());
  const auto stride = static_cast<std::size_t>(basis.padded_groups());
  basis.group_centroid.assign(d * stride, 0.0f);
  basis.group_radius.assign(stride, 0.0f);
  basis.group_residual.assign(stride, 0.0f);
  parallel_for(
      groups, n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        std::vector<double> mean(d);
        for (std::size_t g = begin; g < end; ++g) {
          const auto first = static_cast<std::int64_t>(g) * kGroupRows;
          const auto last = std::min(y.rows, first + kGroupRows);
          if (last <= first) continue;
          const auto at = [&](std::int64_t j, std::size_t k) {
            return static_cast<double>(
                basis.y_projection[(static_cast<std::size_t>(j / kLanes) * d + k) * kLanes +
                                   static_cast<std::size_t>(j % kLanes)]);
          };
          std::fill(mean.begin(), mean.end(), 0.0);
          float residual = 0.0f;
          for (auto j = first; j < last; ++j) {
            for (std::size_t k = 0; k < d; ++k) mean[k] += at(j, k);
            residual = std::max(residual, basis.y_residual[static_cast<std::size_t>(j)]);
          }
          for (std::size_t k = 0; k < d; ++k) {
            basis.group_centroid[k * stride + g] =
                static_cast<float>(mean[k] / static_cast<double>(last - first));
          }
          double radius2 = 0.0;
          for (auto j = first; j < last; ++j) {
            double distance2 = 0.0;
            for (std::size_t k = 0; k < d; ++k) {
              const double delta = at(j, k) - static_cast<double>(basis.group_centroid[k * stride + g]);
              distance2 += delta * delta;
            }
            radius2 = std::max(radius2, distance2);
          }
          basis.group_radius[g] = util::round_up_to_float(std::sqrt(radius2) * (1.0 + 1e-12));
          basis.group_residual[g] = residual;
        }
      },
      64);
  return basis;
}

}  // namespace treatytext::detail
