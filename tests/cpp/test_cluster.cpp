#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "dense_csr.hpp"
#include "treatytext/cluster.hpp"
#include "treatytext/error.hpp"

using namespace treatytext;
using treatytext::testing::dense_to_csr;

namespace {

// Three tight, far-apart blobs in 3-D: rows cycle through blobs 0, 1, 2.
std::vector<double> blobs(std::int64_t rows, unsigned seed) {
  std::mt19937 engine(seed);
  std::normal_distribution<double> noise(0.0, 0.1);
  const double centers[3][3] = {{0, 0, 0}, {10, 0, 0}, {0, 10, 5}};
  std::vector<double> data;
  for (std::int64_t r = 0; r < rows; ++r)
    for (int d = 0; d < 3; ++d) data.push_back(centers[r % 3][d] + noise(engine));
  return data;
}

}  // namespace

TEST(KMeans, RecoversBlobsWithCanonicalLabels) {
  const auto data = blobs(90, 1);
  KMeansOptions options;
  options.n_clusters = 3;
  const auto r = kmeans(data, 90, 3, options);
  ASSERT_EQ(r.labels.size(), 90u);
  for (std::int64_t i = 0; i < 90; ++i) EXPECT_EQ(r.labels[i], i % 3) << i;  // canonical: first rows 0, 1, 2
  EXPECT_NEAR(r.centers[3], 10.0, 0.1);                                      // center 1 is blob 1
  // Inertia equals a naive recomputation from labels and centers.
  double inertia = 0;
  for (std::int64_t i = 0; i < 90; ++i)
    for (int d = 0; d < 3; ++d) {
      const double diff = data[i * 3 + d] - r.centers[r.labels[i] * 3 + d];
      inertia += diff * diff;
    }
  EXPECT_NEAR(r.inertia, inertia, 1e-9);
  // Each center is the mean of its rows.
  for (int c = 0; c < 3; ++c) {
    double sum = 0;
    for (std::int64_t i = c; i < 90; i += 3) sum += data[i * 3];
    EXPECT_NEAR(r.centers[c * 3], sum / 30, 1e-12);
  }
}

TEST(KMeans, DeterministicForSeedAndThreads) {
  std::mt19937 engine(5);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<double> data(400 * 4);
  for (auto& v : data) v = uniform(engine);  // no structure: the seed matters
  KMeansOptions options;
  options.n_clusters = 5;
  options.seed = 9;
  const auto one = kmeans(data, 400, 4, options);
  options.n_threads = 3;
  const auto three = kmeans(data, 400, 4, options);
  EXPECT_EQ(one.labels, three.labels);
  EXPECT_EQ(one.centers, three.centers);
  EXPECT_EQ(one.inertia, three.inertia);
  // More restarts never give a worse best inertia.
  options.n_init = 10;
  EXPECT_LE(kmeans(data, 400, 4, options).inertia, one.inertia + 1e-12);
}

TEST(KMeans, EdgeCasesAndErrors) {
  const std::vector<double> same(10, 1.0);  // five identical 2-D rows
  KMeansOptions options;
  options.n_clusters = 2;
  const auto r = kmeans(same, 5, 2, options);
  EXPECT_EQ(r.inertia, 0.0);
  options.n_clusters = 6;
  EXPECT_THROW(kmeans(same, 5, 2, options), invalid_argument);
  options.n_clusters = 2;
  EXPECT_THROW(kmeans(same, 4, 2, options), invalid_argument);  // size mismatch
  std::vector<double> bad = same;
  bad[3] = std::nan("");
  EXPECT_THROW(kmeans(bad, 5, 2, options), invalid_argument);
}

TEST(Agglomerative, HandExample) {
  // Directions: rows 0 and 1 almost along x, rows 2 and 3 along y, row 4 in between.
  const std::vector<double> values{1, 0.1, 1, 0.2, 0.1, 1, 0.2, 1, 1, 1.2};
  const auto x = dense_to_csr(values, 5, 2);
  AgglomerativeOptions options;
  options.n_clusters = 2;
  for (auto linkage : {Linkage::single, Linkage::complete, Linkage::average}) {
    options.linkage = linkage;
    const auto r = agglomerative(x, options);
    EXPECT_EQ(r.n_clusters, 2);
    EXPECT_EQ(r.labels[0], 0);
    EXPECT_EQ(r.labels[1], 0);
    EXPECT_EQ(r.labels[2], 1);
    EXPECT_EQ(r.labels[3], 1);
    ASSERT_EQ(r.linkage_matrix.size(), 16u);
    for (int i = 1; i < 4; ++i) EXPECT_GE(r.linkage_matrix[i * 4 + 2], r.linkage_matrix[(i - 1) * 4 + 2]);
    EXPECT_EQ(r.linkage_matrix[3 * 4 + 3], 5.0);  // the root holds every row
  }
  // First merge: rows 0 and 1 (cosine distance of (1, .1) and (1, .2)), or 2 and 3 (the same).
  options.linkage = Linkage::average;
  const auto r = agglomerative(x, options);
  const double c = (1 + 0.02) / (std::sqrt(1.01) * std::sqrt(1.04));
  EXPECT_NEAR(r.linkage_matrix[2], 1 - c, 1e-12);
  EXPECT_EQ(r.linkage_matrix[3], 2.0);
  // Threshold: merges at distance < threshold only; a tiny one keeps every row apart.
  options.n_clusters = -1;
  options.distance_threshold = 1e-9;
  EXPECT_EQ(agglomerative(x, options).n_clusters, 5);
  options.distance_threshold = 10;
  const auto all = agglomerative(x, options);
  EXPECT_EQ(all.n_clusters, 1);
  for (auto label : all.labels) EXPECT_EQ(label, 0);
}

TEST(Agglomerative, ZeroRowsAreAtDistanceOne) {
  const std::vector<double> values{1, 0, 0, 0, 0, 1};
  AgglomerativeOptions options;
  options.n_clusters = 1;
  options.linkage = Linkage::single;
  const auto r = agglomerative(dense_to_csr(values, 3, 2), options);
  EXPECT_NEAR(r.linkage_matrix[2], 1.0, 1e-12);
  EXPECT_NEAR(r.linkage_matrix[6], 1.0, 1e-12);
}

TEST(Agglomerative, GuardsAndErrors) {
  const auto x = dense_to_csr(blobs(30, 2), 30, 3);
  AgglomerativeOptions options;
  options.n_clusters = 3;
  options.max_rows = 20;
  try {
    agglomerative(x, options);
    FAIL() << "expected invalid_argument";
  } catch (const invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("kmeans"), std::string::npos);
  }
  options.max_rows = 10'000;
  options.distance_threshold = 0.5;  // both set
  EXPECT_THROW(agglomerative(x, options), invalid_argument);
  options.distance_threshold = -1;
  options.n_clusters = 31;
  EXPECT_THROW(agglomerative(x, options), invalid_argument);
  // Thread count does not change the result.
  options.n_clusters = 3;
  const auto one = agglomerative(x, options);
  options.n_threads = 3;
  const auto three = agglomerative(x, options);
  EXPECT_EQ(one.labels, three.labels);
  EXPECT_EQ(one.linkage_matrix, three.linkage_matrix);
}

TEST(ClusterTerms, MeanWeightsPerCluster) {
  // Rows 0, 2 in cluster 0; row 1 in cluster 1; cluster 2 empty.
  const std::vector<double> values{3, 1, 0, 0,  //
                                   0, 0, 2, 2,  //
                                   1, 3, 0, 4};
  const auto x = dense_to_csr(values, 3, 4);
  const std::vector<std::int64_t> labels{0, 1, 0};
  const auto t = cluster_terms(x, labels, 3, 3);
  EXPECT_EQ(t.sizes, (std::vector<std::int64_t>{2, 1, 0}));
  // Cluster 0 means: (2, 2, 0, 2): a three-way tie, lower ids first.
  EXPECT_EQ(std::vector<std::int64_t>(t.terms.begin(), t.terms.begin() + 3),
            (std::vector<std::int64_t>{0, 1, 3}));
  EXPECT_DOUBLE_EQ(t.weights[0], 2.0);
  // Cluster 1: two terms, then padding.
  EXPECT_EQ(std::vector<std::int64_t>(t.terms.begin() + 3, t.terms.begin() + 6),
            (std::vector<std::int64_t>{2, 3, -1}));
  EXPECT_TRUE(std::isnan(t.weights[5]));
  EXPECT_EQ(t.terms[6], -1);
  const std::vector<std::int64_t> bad{0, 3, 0};
  EXPECT_THROW(cluster_terms(x, bad, 3, 3), invalid_argument);
}
