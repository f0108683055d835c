#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include <Eigen/Dense>
#include <Eigen/SVD>

#include "dense_csr.hpp"
#include "treatytext/error.hpp"
#include "treatytext/lsa.hpp"

using namespace treatytext;
using treatytext::testing::dense_to_csr;

namespace {

using Dense = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// A sparse matrix with a planted, well-separated spectrum: rank-r signal plus sparse noise.
CsrMatrix planted(std::int64_t rows, std::int64_t cols, int rank, unsigned seed, Dense* dense_out) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  Dense dense = Dense::Zero(rows, cols);
  for (int k = 0; k < rank; ++k) {
    const double weight = 10.0 / (k + 1);
    Eigen::VectorXd u = Eigen::VectorXd::Zero(rows), v = Eigen::VectorXd::Zero(cols);
    for (std::int64_t i = 0; i < rows; ++i) u[i] = uniform(engine) < 0.3 ? uniform(engine) : 0.0;
    for (std::int64_t j = 0; j < cols; ++j) v[j] = uniform(engine) < 0.3 ? uniform(engine) : 0.0;
    dense += weight * u * v.transpose();
  }
  for (std::int64_t i = 0; i < rows; ++i)
    for (std::int64_t j = 0; j < cols; ++j)
      if (uniform(engine) < 0.05) dense(i, j) += 0.1 * uniform(engine);
  if (dense_out) *dense_out = dense;
  return dense_to_csr(std::vector<double>(dense.data(), dense.data() + dense.size()), rows, cols);
}

}  // namespace

TEST(Lsa, SingularValuesMatchExactSvd) {
  Dense dense;
  const auto x = planted(120, 80, 6, 7, &dense);
  LsaOptions options;
  options.n_components = 5;
  const auto r = truncated_svd(x, options);
  Eigen::JacobiSVD<Eigen::MatrixXd> exact(dense, Eigen::ComputeThinU | Eigen::ComputeThinV);
  ASSERT_EQ(r.singular_values.size(), 5u);
  for (int k = 0; k < 5; ++k)
    EXPECT_NEAR(r.singular_values[k], exact.singularValues()[k], 1e-8 * exact.singularValues()[0]) << k;
  // The components span the same directions: |<v_k, exact v_k>| = 1.
  const Eigen::Map<const Dense> vt(r.components.data(), 5, 80);
  for (int k = 0; k < 5; ++k) EXPECT_NEAR(std::abs(vt.row(k).dot(exact.matrixV().col(k))), 1.0, 1e-8) << k;
}

TEST(Lsa, OrthonormalComponentsEmbeddingAndSigns) {
  Dense dense;
  const auto x = planted(60, 50, 4, 3, &dense);
  LsaOptions options;
  options.n_components = 4;
  const auto r = truncated_svd(x, options);
  const Eigen::Map<const Dense> vt(r.components.data(), 4, 50);
  const Eigen::Map<const Dense> embedding(r.embedding.data(), 60, 4);
  EXPECT_LT((vt * vt.transpose() - Eigen::MatrixXd::Identity(4, 4)).cwiseAbs().maxCoeff(), 1e-10);
  // Embedding = U S = X V.
  EXPECT_LT((embedding - dense * vt.transpose()).cwiseAbs().maxCoeff(), 1e-9);
  // U = embedding / S is orthonormal too.
  Dense u = embedding;
  for (int k = 0; k < 4; ++k) u.col(k) /= r.singular_values[k];
  EXPECT_LT((u.transpose() * u - Eigen::MatrixXd::Identity(4, 4)).cwiseAbs().maxCoeff(), 1e-9);
  // Sign convention: the largest-magnitude entry of each component is positive.
  for (int k = 0; k < 4; ++k) {
    Eigen::Index at;
    vt.row(k).cwiseAbs().maxCoeff(&at);
    EXPECT_GT(vt(k, at), 0);
  }
  // lsa_transform of the training rows gives the embedding back.
  const auto projected = lsa_transform(x, r);
  for (std::size_t i = 0; i < projected.size(); ++i) EXPECT_NEAR(projected[i], r.embedding[i], 1e-9);
}

TEST(Lsa, DeterministicForSeedAndThreads) {
  const auto x = planted(200, 90, 8, 11, nullptr);
  LsaOptions options;
  options.n_components = 6;
  options.seed = 42;
  const auto one = truncated_svd(x, options);
  options.n_threads = 3;
  const auto three = truncated_svd(x, options);
  EXPECT_EQ(one.embedding, three.embedding);
  EXPECT_EQ(one.components, three.components);
  EXPECT_EQ(one.singular_values, three.singular_values);
  options.seed = 43;
  const auto other = truncated_svd(x, options);
  // Another seed reaches the same well-separated decomposition (signs fixed by convention).
  for (std::size_t k = 0; k < 6; ++k) EXPECT_NEAR(other.singular_values[k], one.singular_values[k], 1e-8);
  for (std::size_t i = 0; i < one.components.size(); ++i)
    EXPECT_NEAR(other.components[i], one.components[i], 1e-6);
}

TEST(Lsa, FullRankAndErrors) {
  Dense dense;
  const auto x = planted(10, 6, 3, 5, &dense);
  LsaOptions options;
  options.n_components = 6;  // min(rows, cols): the test matrix spans everything, exact
  const auto r = truncated_svd(x, options);
  Eigen::JacobiSVD<Eigen::MatrixXd> exact(dense);
  for (int k = 0; k < 6; ++k) EXPECT_NEAR(r.singular_values[k], exact.singularValues()[k], 1e-10);
  options.n_components = 7;
  EXPECT_THROW(truncated_svd(x, options), invalid_argument);
  options.n_components = 0;
  EXPECT_THROW(truncated_svd(x, options), invalid_argument);
  options.n_components = 2;
  CsrMatrix other;
  other.rows = 1;
  other.cols = 5;
  other.indptr = {0, 0};
  EXPECT_THROW(lsa_transform(other, r), invalid_argument);
}
