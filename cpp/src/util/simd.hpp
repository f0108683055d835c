// The one reading of TREATYTEXT_SIMD: the ceiling it puts on the instruction sets the kernels
// may use, so that every kernel can be tested (and benchmarked) on one machine.
#pragma once

#include <cstdint>
#include <string_view>

namespace treatytext::util {

/// Instruction-set levels in increasing order; each allows the ones before it.
enum class SimdLevel : std::uint8_t {
  baseline,  ///< portable code only (x86-64 baseline, or any other CPU)
  avx2,      ///< x86-64-v3 kernels
  avx512,    ///< x86-64-v4 kernels
  amx,       ///< also AMX tile products (top_k's tiled search)
};

/// Parses a TREATYTEXT_SIMD value ("baseline", "avx2", "avx512", "amx"); throws
/// treatytext::invalid_argument naming the value and the accepted names otherwise. The empty
/// string means no ceiling (amx).
SimdLevel parse_simd_level(std::string_view name);

/// The ceiling set by the environment variable TREATYTEXT_SIMD (amx, no ceiling, when unset),
/// read once per process: kernels are chosen once and a search must not change kernel halfway.
/// An unknown value throws treatytext::invalid_argument at every call, so that a typo is not
/// silently taken as "no ceiling". The CPU's own support is checked by the caller: this says
/// only what the user allows.
SimdLevel simd_ceiling();

}  // namespace treatytext::util
