// Row normalization, the one routine behind apply_weights / normalize_rows and the
// scikit-learn face's fused weighting: norms summed in double (l2 from squares computed in the
// value type T) and each value divided by the norm in double, then rounded to T, which is
// scikit-learn's arithmetic (sklearn.utils.sparsefuncs_fast) for float64 and float32 alike.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "treatytext/weight.hpp"

namespace treatytext::detail {

/// The l1 (sum of |x|) or l2 (sqrt of the sum of x * x) norm of n values; 0 for none.
template <typename T>
[[nodiscard]] double row_norm(const T* values, std::size_t n, NormScheme norm) noexcept {
  double sum = 0.0;
  if (norm == NormScheme::l1) {
    for (std::size_t i = 0; i < n; ++i) sum += std::fabs(static_cast<double>(values[i]));
  } else if (norm == NormScheme::l2) {
    for (std::size_t i = 0; i < n; ++i) sum += static_cast<double>(values[i] * values[i]);
    sum = std::sqrt(sum);
  }
  return sum;
}

/// Divides n values by `norm` (division rather than multiplication by 1 / norm: scikit-learn's
/// rounding); a norm of 0 leaves them as they are.
template <typename T>
void divide_row(T* values, std::size_t n, double norm) noexcept {
  if (norm == 0.0) return;
  for (std::size_t i = 0; i < n; ++i) values[i] = static_cast<T>(static_cast<double>(values[i]) / norm);
}

/// Normalizes n values whose norm under- or overflows in double (subnormal or huge values):
/// each value is divided by the largest |x| first, then by the norm of the scaled values, step
/// by step. A row of zeros or with a non-finite value is left as it is.
template <typename T>
void divide_row_scaled(T* values, std::size_t n, NormScheme norm) noexcept {
  double largest = 0.0;
  for (std::size_t i = 0; i < n; ++i) largest = std::max(largest, std::fabs(static_cast<double>(values[i])));
  if (largest == 0.0 || !std::isfinite(largest)) return;
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double scaled = static_cast<double>(values[i]) / largest;
    sum += norm == NormScheme::l1 ? std::fabs(scaled) : scaled * scaled;
  }
  const double scaled_norm = norm == NormScheme::l1 ? sum : std::sqrt(sum);
  for (std::size_t i = 0; i < n; ++i)
    values[i] = static_cast<T>((static_cast<double>(values[i]) / largest) / scaled_norm);
}

}  // namespace treatytext::detail
