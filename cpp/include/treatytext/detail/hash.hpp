// Implementation detail (not API): the building blocks of the wyhash-style hash of short
// strings of Vocabulary (detail/term_table.hpp), the one string hash table of the engine.
// Public only because vocabulary.hpp is.
#pragma once

#include <cstdint>
#include <cstring>

namespace treatytext::detail {

/// wyhash's mixing constants.
inline constexpr std::uint64_t kHashP0 = 0xa0761d6478bd642fULL;
inline constexpr std::uint64_t kHashP1 = 0xe7037ed1a0b428dbULL;
inline constexpr std::uint64_t kHashP2 = 0x8ebc6af09c88c6e3ULL;

/// 8 / 4 bytes at p (any alignment) as an integer.
inline std::uint64_t load64(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline std::uint64_t load32(const char* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

/// 64 x 64 -> 128-bit multiply folded to 64 bits (GCC/Clang).
inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) noexcept {
  __extension__ using uint128 = unsigned __int128;
  const uint128 product = static_cast<uint128>(a) * b;
  return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
}

}  // namespace treatytext::detail
