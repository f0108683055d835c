// Row normalization, the one home of it: scikit-learn's arithmetic behind apply_weights /
// normalize_rows and the scikit-learn face's fused weighting, and the unit rows of the
// similarity stage (unit_row). The former: norms summed in double (l2 from squares computed in the
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

/// The l1 or l2 norm of n values divided by `largest` (their largest |x|, > 0): in [1, n] for
/// l1 and [1, sqrt(n)] for l2, so it neither under- nor overflows whatever the values' range.
template <typename T>
[[nodiscard]] double scaled_norm(const T* values, std::size_t n, double largest, NormScheme norm) noexcept {
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double scaled = static_cast<double>(values[i]) / largest;
    sum += norm == NormScheme::l1 ? std::fabs(scaled) : scaled * scaled;
  }
  return norm == NormScheme::l1 ? sum : std::sqrt(sum);
}

/// Normalizes n values whose norm under- or overflows in double (subnormal or huge values):
/// each value is divided by the largest |x| first, then by the norm of the scaled values, step
/// by step. A row of zeros or with a non-finite value is left as it is.
template <typename T>
void divide_row_scaled(T* values, std::size_t n, NormScheme norm) noexcept {
  double largest = 0.0;
  for (std::size_t i = 0; i < n; ++i) largest = std::max(largest, std::fabs(static_cast<double>(values[i])));
  if (largest == 0.0 || !std::isfinite(largest)) return;
  const double norm_of_scaled = scaled_norm(values, n, largest, norm);
  for (std::size_t i = 0; i < n; ++i)
    values[i] = static_cast<T>((static_cast<double>(values[i]) / largest) / norm_of_scaled);
}

/// The unit (l2) row of n finite values, written to out, given their largest |x| (> 0): the
/// similarity stage's arithmetic, which unlike scikit-learn's never squares an unscaled value,
/// so that no finite row under- or overflows. Where largest is in [2^-500, 2^500] each value is
/// divided by the norm as one number (largest times the scaled norm, exact to rounding there,
/// and the bits of every earlier release); outside it, step by step and never multiplied back:
/// largest * sqrt(sum) underflows for subnormal rows (5e-324 * sqrt(2) rounds to 5e-324, a
/// "unit" row of norm sqrt(2) and cosines above 1) and overflows near DBL_MAX.
inline void unit_row(const double* values, std::size_t n, double largest, double* out) noexcept {
  const double root = scaled_norm(values, n, largest, NormScheme::l2);
  if (largest >= 0x1p-500 && largest <= 0x1p500) {
    const double norm = largest * root;
    for (std::size_t i = 0; i < n; ++i) out[i] = values[i] / norm;
  } else {
    for (std::size_t i = 0; i < n; ++i) out[i] = (values[i] / largest) / root;
  }
}

}  // namespace treatytext::detail
