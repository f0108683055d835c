// Directed rounding of double to float for the bounds of the pruned searches: a bound that
// shrank in the conversion could drop a true neighbour.
#pragma once

#include <cmath>
#include <limits>

namespace treatytext::util {

/// The smallest float not below x (x itself when a float holds it exactly). Score bounds are
/// computed in double and stored as float; rounding them up keeps every bound >= the true
/// value, so pruning by them never skips a row that belongs in the result.
inline float round_up_to_float(double x) noexcept {
  auto f = static_cast<float>(x);
  if (static_cast<double>(f) < x) f = std::nextafter(f, std::numeric_limits<float>::infinity());
  return f;
}

}  // namespace treatytext::util
