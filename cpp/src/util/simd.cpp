#include "util/simd.hpp"

#include <cstdlib>
#include <string>

#include "treatytext/error.hpp"

namespace treatytext::util {

SimdLevel parse_simd_level(std::string_view name) {
  if (name.empty() || name == "amx") return SimdLevel::amx;
  if (name == "avx512") return SimdLevel::avx512;
  if (name == "avx2") return SimdLevel::avx2;
  if (name == "baseline") return SimdLevel::baseline;
  throw invalid_argument("TREATYTEXT_SIMD = '" + std::string(name) +
                         "' is invalid: use baseline, avx2, avx512 or amx (or leave it unset)");
}

SimdLevel simd_ceiling() {
  static const std::string asked = [] {
    const char* value = std::getenv("TREATYTEXT_SIMD");
    return value == nullptr ? std::string() : std::string(value);
  }();
  return parse_simd_level(asked);
}

}  // namespace treatytext::util
