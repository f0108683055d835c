// Internal pieces of the scikit-learn stage: the composed character table and UTF-8 helpers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "sklearn/sklearn.hpp"
#include "treatytext/detail/utf8.hpp"
#include "treatytext/vocabulary.hpp"

namespace treatytext {

namespace sk {

inline constexpr std::uint32_t kOther = 0;
inline constexpr std::uint32_t kWordClass = 1;
inline constexpr std::uint32_t kSpaceClass = 2;
inline constexpr std::uint32_t kExpansion = 1u << 31;  ///< entry is an offset into the pool
inline constexpr std::uint32_t kSigma = 1u << 30;      ///< U+03A3 under lowercase: context decides
inline constexpr std::uint32_t kOffsetMask = kSigma - 1;
using treatytext::detail::kMaxCodePoint;

}  // namespace sk

/// The composed lowercase + strip_accents table of one option set.
struct PythonText::Tables {
  std::array<char, 128> ascii_byte{};           ///< ASCII maps to one ASCII byte
  std::array<std::uint8_t, 128> ascii_class{};  ///< kOther / kWordClass / kSpaceClass
  std::array<char, 128> word_byte{};            ///< ascii_byte of word characters, else 0
  bool ascii_standard = false;                  ///< ASCII words are [0-9A-Za-z_], mapped only by lowercasing
  bool ascii_lowercase = false;                 ///< ... and A-Z map to a-z
  std::vector<std::uint16_t> stage1;            ///< code point >> 8 -> block
  std::vector<std::uint32_t> stage2;            ///< block * 256 + low byte -> entry
  /// Expansions: [count, utf8 bytes, (code point << 2 | class) x count]; a sigma entry is two
  /// expansions back to back (not final, then final).
  std::vector<std::uint32_t> pool;

  [[nodiscard]] std::uint32_t entry(char32_t cp) const noexcept {
    return stage2[(static_cast<std::size_t>(stage1[cp >> 8]) << 8) | (cp & 0xFF)];
  }
};

struct SklearnVocabulary::Impl {
  Vocabulary vocabulary;
};

}  // namespace treatytext
