// Analysis — clustering of clauses into themes: k-means on dense embeddings (e.g. LSA rows) and
// agglomerative clustering on cosine distance.
//
// Labels are canonical: clusters are numbered in the order of their first row (row 0 is in
// cluster 0), so equal partitions give equal label vectors.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "treatytext/csr.hpp"

namespace treatytext {

struct KMeansOptions {
  std::int64_t n_clusters = 8;
  int n_init = 4;      ///< restarts from different k-means++ seeds; the lowest inertia wins
  int max_iter = 300;  ///< Lloyd iterations per restart
  /// Converged when the squared movement of all centers is <= tol x the mean per-dimension
  /// variance of the data (scikit-learn's relative tolerance), or when no label changes.
  double tol = 1e-4;
  std::uint64_t seed = 0;
  int n_threads = 1;  ///< assignment step; the result is the same for every count

  void validate() const;  ///< throws invalid_argument
};

struct KMeansResult {
  std::int64_t n_clusters = 0;
  std::int64_t dims = 0;
  std::vector<std::int64_t> labels;  ///< per row, canonical (see above)
  std::vector<double> centers;       ///< n_clusters x dims, row-major, in label order
  double inertia = 0;                ///< Σ squared Euclidean distance of rows to their center
  int n_iter = 0;                    ///< Lloyd iterations of the winning restart
};

/// k-means (greedy k-means++ seeding with 2 + ln k local trials, Lloyd iterations; an empty
/// cluster takes the row farthest from its center) of the rows of the dense row-major matrix
/// `data` (rows x dims). n_clusters must be in [1, rows]; values must be finite.
KMeansResult kmeans(std::span<const double> data, std::int64_t rows, std::int64_t dims,
                    const KMeansOptions& options = {});

enum class Linkage : std::uint8_t { single, complete, average };

struct AgglomerativeOptions {
  Linkage linkage = Linkage::average;
  /// Exactly one of n_clusters (> 0) and distance_threshold (>= 0) is set; the other is -1.
  /// With a threshold, merges at a distance >= threshold are not made (scikit-learn's rule).
  std::int64_t n_clusters = -1;
  double distance_threshold = -1;
  /// The condensed distance matrix takes rows (rows - 1) / 2 doubles: 400 MB at 10,000 rows.
  /// Larger inputs are refused (use k-means on LSA embeddings); raise this knowingly.
  std::int64_t max_rows = 10'000;
  int n_threads = 1;  ///< distance computation

  void validate() const;  ///< throws invalid_argument
};

struct AgglomerativeResult {
  std::int64_t n_clusters = 0;
  std::vector<std::int64_t> labels;  ///< per row, canonical
  /// The full dendrogram as scipy's linkage matrix, (rows - 1) x 4 row-major: cluster ids
  /// merged (rows + i names the cluster made by merge i), merge distance, size. Merges are
  /// sorted by distance, so scipy.cluster.hierarchy.dendrogram accepts it as is.
  std::vector<double> linkage_matrix;
};

/// Agglomerative clustering of the rows of X under cosine distance 1 - cos(x, y). A row of
/// zeros is at distance 1 from every row (cosine 0), where scipy would give NaN. Single linkage
/// by a minimum spanning tree, complete and average by the nearest-neighbour chain; both O(n²)
/// time. Rows above max_rows throw invalid_argument pointing to k-means.
AgglomerativeResult agglomerative(const CsrMatrix& x, const AgglomerativeOptions& options);

/// The terms that label each cluster: per cluster, the n columns of largest mean value over
/// the cluster's rows (its centroid in X, e.g. tf-idf), ties by lower column; zero means are
/// never listed.
struct ClusterTerms {
  std::int64_t n_clusters = 0;
  std::int64_t n = 0;
  std::vector<std::int64_t> terms;  ///< n_clusters x n, row-major; -1 pads a short list
  std::vector<double> weights;      ///< the mean values; NaN where terms is -1
  std::vector<std::int64_t> sizes;  ///< rows per cluster
};

/// Labels clusters by their top terms. labels holds one cluster id in [0, n_clusters) per row
/// of X (else invalid_argument naming the row).
ClusterTerms cluster_terms(const CsrMatrix& x, std::span<const std::int64_t> labels, std::int64_t n_clusters,
                           std::int64_t n);

/// Canonical relabelling: clusters numbered by first occurrence. Returns the old label of each
/// new label (to permute per-cluster data).
std::vector<std::int64_t> canonical_labels(std::vector<std::int64_t>& labels);

}  // namespace treatytext
