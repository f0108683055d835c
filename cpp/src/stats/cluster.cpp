// k-means and the shared label canonicalization (agglomerative clustering: cluster_agglomerative.cpp).
#include "treatytext/cluster.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include <Eigen/Dense>

#include "stats/dense.hpp"
#include "stats/random.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {

namespace {

using detail::RowMatrix;
using DataMap = Eigen::Map<const RowMatrix>;

struct Run {
  RowMatrix centers;
  std::vector<std::int64_t> labels;
  double inertia = 0;
  int n_iter = 0;
};

// Nearest center of each row (ties: the lower center) and its squared distance. Each row is
// independent, so the result does not depend on the thread count.
void assign(const DataMap& x, const RowMatrix& centers, std::vector<std::int64_t>& labels,
            std::vector<double>& distances, int n_threads) {
  parallel_for(
      static_cast<std::size_t>(x.rows()), n_threads,
      [&](std::size_t begin, std::size_t end, int) {
        for (auto r = static_cast<Eigen::Index>(begin); r < static_cast<Eigen::Index>(end); ++r) {
          double best = std::numeric_limits<double>::infinity();
          std::int64_t best_center = 0;
          for (Eigen::Index c = 0; c < centers.rows(); ++c) {
            const double d = (x.row(r) - centers.row(c)).squaredNorm();
            if (d < best) {
              best = d;
              best_center = c;
            }
          }
          labels[static_cast<std::size_t>(r)] = best_center;
          distances[static_cast<std::size_t>(r)] = best;
        }
      },
      256);
}

// Greedy k-means++ (Arthur & Vassilvitskii 2007, with scikit-learn's 2 + ln k local trials):
// each new center is the best of a few candidates drawn with probability ∝ D².
RowMatrix kmeans_plus_plus(const DataMap& x, std::int64_t k, detail::Random& random) {
  const Eigen::Index n = x.rows();
  const int trials = 2 + static_cast<int>(std::log(static_cast<double>(k)));
  RowMatrix centers(k, x.cols());
  auto first =
      std::min<Eigen::Index>(n - 1, static_cast<Eigen::Index>(random.uniform() * static_cast<double>(n)));
  centers.row(0) = x.row(first);
  std::vector<double> closest(static_cast<std::size_t>(n)), cumulative(static_cast<std::size_t>(n)),
      candidate(static_cast<std::size_t>(n)), best_closest(static_cast<std::size_t>(n));
  for (Eigen::Index r = 0; r < n; ++r) closest[r] = (x.row(r) - centers.row(0)).squaredNorm();
  for (std::int64_t c = 1; c < k; ++c) {
    std::partial_sum(closest.begin(), closest.end(), cumulative.begin());
    const double potential = cumulative.back();
    double best_potential = std::numeric_limits<double>::infinity();
    Eigen::Index best_row = 0;
    for (int t = 0; t < trials; ++t) {
      const double target = random.uniform() * potential;
      auto row = static_cast<Eigen::Index>(std::upper_bound(cumulative.begin(), cumulative.end(), target) -
                                           cumulative.begin());
      row = std::min(row, n - 1);
      double sum = 0;
      for (Eigen::Index r = 0; r < n; ++r) {
        candidate[r] = std::min(closest[r], (x.row(r) - x.row(row)).squaredNorm());
        sum += candidate[r];
      }
      if (sum < best_potential) {
        best_potential = sum;
        best_row = row;
        best_closest.swap(candidate);
      }
    }
    centers.row(c) = x.row(best_row);
    closest.swap(best_closest);
  }
  return centers;
}

Run lloyd(const DataMap& x, RowMatrix centers, const KMeansOptions& options, double tolerance) {
  const auto n = static_cast<std::size_t>(x.rows());
  const auto k = centers.rows();
  std::vector<std::int64_t> labels(n, -1), previous(n, -1);
  std::vector<double> distances(n);
  std::vector<double> sizes(static_cast<std::size_t>(k));
  Run run;
  for (int iteration = 1; iteration <= options.max_iter; ++iteration) {
    check_interrupt();
    run.n_iter = iteration;
    assign(x, centers, labels, distances, options.n_threads);
    if (labels == previous) break;  // centers are already the means of these labels
    // Means summed in row order, so the thread count never changes a center.
    RowMatrix updated = RowMatrix::Zero(k, x.cols());
    std::fill(sizes.begin(), sizes.end(), 0.0);
    for (std::size_t r = 0; r < n; ++r) {
      updated.row(labels[r]) += x.row(static_cast<Eigen::Index>(r));
      sizes[static_cast<std::size_t>(labels[r])] += 1;
    }
    // An empty cluster restarts at the row farthest from its center (ties: the lower row).
    std::vector<std::size_t> far;
    std::size_t next_far = 0;
    for (Eigen::Index c = 0; c < k; ++c) {
      if (sizes[c] > 0) {
        updated.row(c) /= sizes[c];
        continue;
      }
      if (far.empty()) {
        far.resize(n);
        std::iota(far.begin(), far.end(), std::size_t{0});
        std::stable_sort(far.begin(), far.end(),
                         [&](std::size_t a, std::size_t b) { return distances[a] > distances[b]; });
      }
      updated.row(c) = x.row(static_cast<Eigen::Index>(far[std::min(next_far++, n - 1)]));
    }
    const double shift = (updated - centers).squaredNorm();
    centers.swap(updated);
    previous.swap(labels);
    if (shift <= tolerance) break;
  }
  assign(x, centers, labels, distances, options.n_threads);
  run.inertia = std::accumulate(distances.begin(), distances.end(), 0.0);
  run.labels = std::move(labels);
  run.centers = std::move(centers);
  return run;
}

}  // namespace

std::vector<std::int64_t> canonical_labels(std::vector<std::int64_t>& labels) {
  std::int64_t count = 0;
  for (const auto label : labels) count = std::max(count, label + 1);
  std::vector<std::int64_t> renamed(static_cast<std::size_t>(count), -1), old_of_new;
  for (auto& label : labels) {
    auto& name = renamed[static_cast<std::size_t>(label)];
    if (name < 0) {
      name = static_cast<std::int64_t>(old_of_new.size());
      old_of_new.push_back(label);
    }
    label = name;
  }
  // Labels never used (empty clusters) come last, in their old order.
  for (std::int64_t old = 0; old < count; ++old)
    if (renamed[static_cast<std::size_t>(old)] < 0) old_of_new.push_back(old);
  return old_of_new;
}

ClusterTerms cluster_terms(const CsrMatrix& x, std::span<const std::int64_t> labels, std::int64_t n_clusters,
                           std::int64_t n) {
  x.validate();
  if (n_clusters < 1) throw invalid_argument("cluster_terms: n_clusters must be >= 1");
  if (n < 1) throw invalid_argument("cluster_terms: n must be >= 1, got " + std::to_string(n));
  if (static_cast<std::int64_t>(labels.size()) != x.rows)
    throw invalid_argument("cluster_terms: " + std::to_string(labels.size()) + " labels for " +
                           std::to_string(x.rows) + " rows");
  ClusterTerms result;
  result.n_clusters = n_clusters;
  result.n = n;
  result.sizes.assign(static_cast<std::size_t>(n_clusters), 0);
  for (std::int64_t r = 0; r < x.rows; ++r) {
    if (labels[r] < 0 || labels[r] >= n_clusters)
      throw invalid_argument("cluster_terms: label " + std::to_string(labels[r]) + " of row " +
                             std::to_string(r) + " is outside [0, " + std::to_string(n_clusters) + ")");
    ++result.sizes[labels[r]];
  }
  // One cluster at a time keeps memory at one dense row of sums, whatever the cluster count.
  std::vector<std::vector<std::int64_t>> rows_of(static_cast<std::size_t>(n_clusters));
  for (std::int64_t r = 0; r < x.rows; ++r) rows_of[labels[r]].push_back(r);
  std::vector<double> sums(static_cast<std::size_t>(x.cols), 0.0);
  std::vector<std::int32_t> touched, order;
  for (std::int64_t c = 0; c < n_clusters; ++c) {
    touched.clear();
    for (const auto r : rows_of[c])
      for (auto p = x.indptr[r]; p < x.indptr[r + 1]; ++p) {
        if (sums[x.indices[p]] == 0.0) touched.push_back(x.indices[p]);
        sums[x.indices[p]] += x.data[p];
      }
    order.clear();
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (const auto t : touched)
      if (sums[t] > 0) order.push_back(t);
    const auto keep = std::min<std::size_t>(order.size(), static_cast<std::size_t>(n));
    std::partial_sort(
        order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
        [&](std::int32_t a, std::int32_t b) { return sums[a] != sums[b] ? sums[a] > sums[b] : a < b; });
    const double size = static_cast<double>(result.sizes[c]);
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
      result.terms.push_back(i < keep ? order[i] : -1);
      result.weights.push_back(i < keep ? sums[order[i]] / size : std::numeric_limits<double>::quiet_NaN());
    }
    for (const auto t : touched) sums[t] = 0.0;
  }
  return result;
}

void KMeansOptions::validate() const {
  if (n_clusters < 1)
    throw invalid_argument("kmeans: n_clusters must be >= 1, got " + std::to_string(n_clusters));
  if (n_init < 1) throw invalid_argument("kmeans: n_init must be >= 1, got " + std::to_string(n_init));
  if (max_iter < 1) throw invalid_argument("kmeans: max_iter must be >= 1, got " + std::to_string(max_iter));
  if (!(tol >= 0) || !std::isfinite(tol))
    throw invalid_argument("kmeans: tol must be finite and >= 0, got " + std::to_string(tol));
  resolve_threads(n_threads);
}

KMeansResult kmeans(std::span<const double> data, std::int64_t rows, std::int64_t dims,
                    const KMeansOptions& options) {
  options.validate();
  if (rows < 1 || dims < 1 || static_cast<std::int64_t>(data.size()) != rows * dims)
    throw invalid_argument("kmeans: data holds " + std::to_string(data.size()) +
                           " values, not rows x dims = " + std::to_string(rows) + " x " +
                           std::to_string(dims) + " (both >= 1)");
  if (options.n_clusters > rows)
    throw invalid_argument("kmeans: n_clusters = " + std::to_string(options.n_clusters) + " exceeds the " +
                           std::to_string(rows) + " rows");
  for (std::size_t i = 0; i < data.size(); ++i)
    if (!std::isfinite(data[i]))
      throw invalid_argument("kmeans: value in row " + std::to_string(static_cast<std::int64_t>(i) / dims) +
                             " is NaN or infinite");
  const DataMap x(data.data(), rows, dims);
  const Eigen::RowVectorXd mean = x.colwise().mean();
  const double mean_variance =
      (x.rowwise() - mean).colwise().squaredNorm().mean() / static_cast<double>(rows);
  const double tolerance = options.tol * mean_variance;

  Run best;
  for (int init = 0; init < options.n_init; ++init) {
    detail::Random random(detail::mix_seed(options.seed, static_cast<std::uint64_t>(init)));
    Run run = lloyd(x, kmeans_plus_plus(x, options.n_clusters, random), options, tolerance);
    if (init == 0 || run.inertia < best.inertia) best = std::move(run);
  }

  KMeansResult result;
  result.n_clusters = options.n_clusters;
  result.dims = dims;
  result.inertia = best.inertia;
  result.n_iter = best.n_iter;
  result.labels = std::move(best.labels);
  const auto old_of_new = canonical_labels(result.labels);
  result.centers.resize(static_cast<std::size_t>(options.n_clusters * dims));
  Eigen::Map<RowMatrix> centers(result.centers.data(), options.n_clusters, dims);
  for (std::size_t c = 0; c < old_of_new.size(); ++c)
    centers.row(static_cast<Eigen::Index>(c)) = best.centers.row(old_of_new[c]);
  return result;
}

}  // namespace treatytext
