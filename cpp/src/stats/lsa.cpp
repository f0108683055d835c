#include "treatytext/lsa.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Dense>
#include <Eigen/SVD>

#include "stats/dense.hpp"
#include "stats/random.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"

namespace treatytext {

namespace {

using detail::RowMatrix;

// Orthonormal basis of the columns of y (thin Q of a Householder QR; deterministic).
RowMatrix orthonormalize(const RowMatrix& y) {
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(y);
  return qr.householderQ() * Eigen::MatrixXd::Identity(y.rows(), y.cols());
}

}  // namespace

void LsaOptions::validate() const {
  if (n_components < 1)
    throw invalid_argument("truncated_svd: n_components must be >= 1, got " + std::to_string(n_components));
  if (oversamples < 0)
    throw invalid_argument("truncated_svd: oversamples must be >= 0, got " + std::to_string(oversamples));
  if (n_iter < 0) throw invalid_argument("truncated_svd: n_iter must be >= 0, got " + std::to_string(n_iter));
}

LsaResult truncated_svd(const CsrMatrix& x, const LsaOptions& options) {
  options.validate();
  x.validate();
  const std::int64_t smaller = std::min(x.rows, x.cols);
  if (options.n_components > smaller)
    throw invalid_argument("truncated_svd: n_components = " + std::to_string(options.n_components) +
                           " exceeds min(rows, cols) of the " + std::to_string(x.rows) + " x " +
                           std::to_string(x.cols) + " matrix");
  if (x.rows > INT32_MAX) throw invalid_argument("truncated_svd: more than 2^31 - 1 rows");
  for (const double v : x.data)
    if (!std::isfinite(v)) throw invalid_argument("truncated_svd: the matrix holds NaN or infinite values");

  const std::int64_t k = options.n_components;
  const std::int64_t l = std::min(k + options.oversamples, smaller);
  const CsrMatrix xt = detail::transpose(x);

  // Gaussian test matrix, drawn in row-major order from the seed.
  detail::Random random(options.seed);
  RowMatrix omega(x.cols, l);
  for (Eigen::Index i = 0; i < omega.rows(); ++i)
    for (Eigen::Index j = 0; j < omega.cols(); ++j) omega(i, j) = random.normal();

  RowMatrix y, z, q;
  detail::sparse_times_dense(x, omega, y, options.n_threads);
  q = orthonormalize(y);
  for (int i = 0; i < options.n_iter; ++i) {
    check_interrupt();
    // Re-orthonormalizing after each product keeps the small singular directions from being
    // lost to rounding (Halko et al. algorithm 4.4).
    detail::sparse_times_dense(xt, q, z, options.n_threads);
    detail::sparse_times_dense(x, orthonormalize(z), y, options.n_threads);
    q = orthonormalize(y);
  }
  // B = Qᵀ X = Zᵀ with Z = Xᵀ Q (cols x l); the SVD of the tall Z gives B's: B = Vz S Uzᵀ.
  detail::sparse_times_dense(xt, q, z, options.n_threads);
  Eigen::BDCSVD<Eigen::MatrixXd> svd(z, Eigen::ComputeThinU | Eigen::ComputeThinV);
  Eigen::MatrixXd vt = svd.matrixU().leftCols(k).transpose();  // k x cols
  Eigen::MatrixXd u = q * svd.matrixV().leftCols(k);           // rows x k
  const Eigen::VectorXd s = svd.singularValues().head(k);

  for (Eigen::Index j = 0; j < k; ++j) {
    Eigen::Index at = 0;
    for (Eigen::Index c = 1; c < vt.cols(); ++c)
      if (std::abs(vt(j, c)) > std::abs(vt(j, at))) at = c;
    if (vt(j, at) < 0) {
      vt.row(j) *= -1.0;
      u.col(j) *= -1.0;
    }
  }

  LsaResult result;
  result.rows = x.rows;
  result.cols = x.cols;
  result.n_components = k;
  result.singular_values.assign(s.data(), s.data() + k);
  result.embedding.resize(static_cast<std::size_t>(x.rows * k));
  Eigen::Map<RowMatrix>(result.embedding.data(), x.rows, k) = u * s.asDiagonal();
  result.components.resize(static_cast<std::size_t>(k * x.cols));
  Eigen::Map<RowMatrix>(result.components.data(), k, x.cols) = vt;
  return result;
}

std::vector<double> lsa_transform(const CsrMatrix& y, const LsaResult& fitted, int n_threads) {
  y.validate();
  if (y.cols != fitted.cols)
    throw invalid_argument("lsa_transform: the matrix has " + std::to_string(y.cols) +
                           " columns but the decomposition was fitted on " + std::to_string(fitted.cols));
  const auto k = fitted.n_components;
  if (static_cast<std::int64_t>(fitted.components.size()) != k * fitted.cols)
    throw invalid_argument("lsa_transform: the decomposition's components are not n_components x cols");
  const RowMatrix v =
      Eigen::Map<const RowMatrix>(fitted.components.data(), k, fitted.cols).transpose();  // cols x k
  RowMatrix out;
  detail::sparse_times_dense(y, v, out, n_threads);
  return {out.data(), out.data() + out.size()};
}

}  // namespace treatytext
