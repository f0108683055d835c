// Agglomerative clustering on cosine distance: condensed distance matrix, then a minimum
// spanning tree (single linkage) or the nearest-neighbour chain (complete, average), the
// algorithms scipy.cluster.hierarchy uses (Müllner 2011), so dendrograms agree with scipy's.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "treatytext/cluster.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/parallel.hpp"
#include "util/union_find.hpp"

namespace treatytext {

namespace {

struct Merge {
  std::int64_t x, y;
  double distance;
};

std::size_t condensed(std::int64_t n, std::int64_t i, std::int64_t j) {
  if (i > j) std::swap(i, j);
  return static_cast<std::size_t>(n * i - i * (i + 1) / 2 + (j - i - 1));
}

// 1 - cos of every pair, as the condensed upper triangle. Work item t handles rows t and
// n - 1 - t so that every worker gets about the same number of pairs.
std::vector<double> cosine_distances(const CsrMatrix& x, int n_threads) {
  const std::int64_t n = x.rows;
  std::vector<double> inverse_norm(static_cast<std::size_t>(n), 0.0);
  for (std::int64_t r = 0; r < n; ++r) {
    double s = 0;
    for (auto p = x.indptr[r]; p < x.indptr[r + 1]; ++p) s += x.data[p] * x.data[p];
    inverse_norm[r] = s > 0 ? 1.0 / std::sqrt(s) : 0.0;  // a zero row has cosine 0 with all
  }
  std::vector<double> distances(static_cast<std::size_t>(n * (n - 1) / 2));
  parallel_for(static_cast<std::size_t>((n + 1) / 2), n_threads,
               [&](std::size_t begin, std::size_t end, int) {
                 std::vector<double> dense(static_cast<std::size_t>(x.cols), 0.0);
                 auto row_against_later = [&](std::int64_t i) {
                   for (auto p = x.indptr[i]; p < x.indptr[i + 1]; ++p) dense[x.indices[p]] = x.data[p];
                   for (std::int64_t j = i + 1; j < n; ++j) {
                     double dot = 0;
                     for (auto p = x.indptr[j]; p < x.indptr[j + 1]; ++p)
                       dot += dense[x.indices[p]] * x.data[p];
                     const double cosine = dot * inverse_norm[i] * inverse_norm[j];
                     distances[condensed(n, i, j)] = std::clamp(1.0 - cosine, 0.0, 2.0);
                   }
                   for (auto p = x.indptr[i]; p < x.indptr[i + 1]; ++p) dense[x.indices[p]] = 0.0;
                 };
                 for (auto t = static_cast<std::int64_t>(begin); t < static_cast<std::int64_t>(end); ++t) {
                   check_interrupt();
                   row_against_later(t);
                   if (n - 1 - t != t) row_against_later(n - 1 - t);
                 }
               });
  return distances;
}

// Prim's algorithm on the complete graph: the n - 1 MST edges are the single-linkage merges.
std::vector<Merge> single_linkage(const std::vector<double>& d, std::int64_t n) {
  std::vector<Merge> merges;
  std::vector<bool> in_tree(static_cast<std::size_t>(n), false);
  std::vector<double> best(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  std::int64_t current = 0;
  for (std::int64_t step = 0; step + 1 < n; ++step) {
    in_tree[current] = true;
    std::int64_t next = -1;
    double next_distance = std::numeric_limits<double>::infinity();
    for (std::int64_t i = 0; i < n; ++i) {
      if (in_tree[i]) continue;
      best[i] = std::min(best[i], d[condensed(n, current, i)]);
      if (best[i] < next_distance || next < 0) {
        next_distance = best[i];
        next = i;
      }
    }
    merges.push_back({current, next, next_distance});
    current = next;
  }
  return merges;
}

// Nearest-neighbour chain with Lance-Williams updates in place; merges come out unordered.
std::vector<Merge> nn_chain(std::vector<double>& d, std::int64_t n, Linkage linkage) {
  std::vector<Merge> merges;
  std::vector<std::int64_t> size(static_cast<std::size_t>(n), 1), chain;
  for (std::int64_t step = 0; step + 1 < n; ++step) {
    if (chain.empty())
      for (std::int64_t i = 0; i < n; ++i)
        if (size[i] > 0) {
          chain.push_back(i);
          break;
        }
    std::int64_t x = 0, y = 0;
    double current = 0;
    check_interrupt();  // once per merge: each costs O(n)
    while (true) {
      x = chain.back();
      current = std::numeric_limits<double>::infinity();
      if (chain.size() > 1) {
        y = chain[chain.size() - 2];
        current = d[condensed(n, x, y)];
      }
      for (std::int64_t i = 0; i < n; ++i) {
        if (size[i] == 0 || i == x) continue;
        const double candidate = d[condensed(n, x, i)];
        if (candidate < current) {
          current = candidate;
          y = i;
        }
      }
      if (chain.size() > 1 && y == chain[chain.size() - 2]) break;
      chain.push_back(y);
    }
    chain.resize(chain.size() - 2);
    if (x > y) std::swap(x, y);
    const auto nx = static_cast<double>(size[x]), ny = static_cast<double>(size[y]);
    merges.push_back({x, y, current});
    size[x] = 0;
    size[y] += static_cast<std::int64_t>(nx);
    for (std::int64_t i = 0; i < n; ++i) {
      if (size[i] == 0 || i == y) continue;
      const double dx = d[condensed(n, i, x)], dy = d[condensed(n, i, y)];
      d[condensed(n, i, y)] =
          linkage == Linkage::complete ? std::max(dx, dy) : (nx * dx + ny * dy) / (nx + ny);
    }
  }
  return merges;
}

using detail::UnionFind;

}  // namespace

void AgglomerativeOptions::validate() const {
  const bool by_count = n_clusters != -1, by_distance = distance_threshold != -1;
  if (by_count == by_distance)
    throw invalid_argument("agglomerative: set exactly one of n_clusters and distance_threshold");
  if (by_count && n_clusters < 1)
    throw invalid_argument("agglomerative: n_clusters must be >= 1, got " + std::to_string(n_clusters));
  if (by_distance && (!(distance_threshold >= 0) || !std::isfinite(distance_threshold)))
    throw invalid_argument("agglomerative: distance_threshold must be finite and >= 0, got " +
                           std::to_string(distance_threshold));
  if (max_rows < 1) throw invalid_argument("agglomerative: max_rows must be >= 1");
  resolve_threads(n_threads);
}

AgglomerativeResult agglomerative(const CsrMatrix& x, const AgglomerativeOptions& options) {
  options.validate();
  x.validate();
  const std::int64_t n = x.rows;
  if (n < 1) throw invalid_argument("agglomerative: the matrix has no rows");
  if (n > options.max_rows)
    throw invalid_argument("agglomerative: " + std::to_string(n) + " rows exceed max_rows = " +
                           std::to_string(options.max_rows) + " (the distance matrix would take " +
                           std::to_string(n * (n - 1) / 2 * 8 / 1'000'000) +
                           " MB); cluster LSA embeddings with kmeans instead, or raise max_rows");
  if (options.n_clusters > n)
    throw invalid_argument("agglomerative: n_clusters = " + std::to_string(options.n_clusters) +
                           " exceeds the " + std::to_string(n) + " rows");
  for (const double v : x.data)
    if (!std::isfinite(v)) throw invalid_argument("agglomerative: the matrix holds NaN or infinite values");

  std::vector<double> d = cosine_distances(x, options.n_threads);
  std::vector<Merge> merges =
      options.linkage == Linkage::single ? single_linkage(d, n) : nn_chain(d, n, options.linkage);
  d = {};
  std::stable_sort(merges.begin(), merges.end(),
                   [](const Merge& a, const Merge& b) { return a.distance < b.distance; });

  // Name clusters as scipy does: merge i makes cluster n + i; the smaller id is listed first.
  AgglomerativeResult result;
  result.linkage_matrix.reserve(static_cast<std::size_t>(4 * (n - 1)));
  UnionFind points(n);
  std::vector<std::int64_t> id_of_root(static_cast<std::size_t>(n)),
      size_of_root(static_cast<std::size_t>(n), 1);
  std::iota(id_of_root.begin(), id_of_root.end(), std::int64_t{0});
  const std::int64_t applied = options.n_clusters > 0
                                   ? n - options.n_clusters
                                   : std::count_if(merges.begin(), merges.end(), [&](const Merge& m) {
                                       return m.distance < options.distance_threshold;
                                     });
  UnionFind cut(n);
  for (std::size_t i = 0; i < merges.size(); ++i) {
    const auto rx = points.find(merges[i].x), ry = points.find(merges[i].y);
    const auto a = std::min(id_of_root[rx], id_of_root[ry]), b = std::max(id_of_root[rx], id_of_root[ry]);
    const auto size = size_of_root[rx] + size_of_root[ry];
    result.linkage_matrix.insert(
        result.linkage_matrix.end(),
        {static_cast<double>(a), static_cast<double>(b), merges[i].distance, static_cast<double>(size)});
    points.parent[rx] = ry;
    id_of_root[ry] = n + static_cast<std::int64_t>(i);
    size_of_root[ry] = size;
    if (static_cast<std::int64_t>(i) < applied) cut.parent[cut.find(merges[i].x)] = cut.find(merges[i].y);
  }
  result.labels.resize(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) result.labels[i] = cut.find(i);
  canonical_labels(result.labels);
  result.n_clusters = n - applied;
  return result;
}

}  // namespace treatytext
