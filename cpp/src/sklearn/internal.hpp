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
#include "treatytext/vocabulary.hpp"

namespace treatytext {

namespace sk {

inline constexpr std::uint32_t kOther = 0;
inline constexpr std::uint32_t kWordClass = 1;
inline constexpr std::uint32_t kSpaceClass = 2;
inline constexpr std::uint32_t kExpansion = 1u << 31;  ///< entry is an offset into the pool
inline constexpr std::uint32_t kSigma = 1u << 30;      ///< U+03A3 under lowercase: context decides
inline constexpr std::uint32_t kOffsetMask = kSigma - 1;
inline constexpr char32_t kMaxCodePoint = 0x10FFFF;

/// Decodes one code point of UTF-8 (surrogates allowed) and advances p. A malformed or truncated
/// sequence yields U+FFFD and consumes one byte, so that no input can read out of bounds.
inline char32_t decode_utf8(const unsigned char*& p, const unsigned char* end) noexcept {
  const unsigned c = p[0];
  const std::ptrdiff_t left = end - p;
  if (c >= 0xC2 && c < 0xE0 && left >= 2 && (p[1] & 0xC0) == 0x80) {
    p += 2;
    return ((c & 0x1Fu) << 6) | (p[-1] & 0x3Fu);
  }
  if (c >= 0xE0 && c < 0xF0 && left >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
    const char32_t cp = ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    if (cp >= 0x800) {
      p += 3;
      return cp;
    }
  }
  if (c >= 0xF0 && c < 0xF5 && left >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
      (p[3] & 0xC0) == 0x80) {
    const char32_t cp = ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
    if (cp >= 0x10000 && cp <= kMaxCodePoint) {
      p += 4;
      return cp;
    }
  }
  p += 1;
  return c < 0x80 ? static_cast<char32_t>(c) : 0xFFFD;
}

/// Writes the UTF-8 encoding of cp (surrogates as 3 bytes) at w; returns the new end.
inline char* put_utf8(char* w, char32_t cp) noexcept {
  if (cp < 0x80) {
    *w++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *w++ = static_cast<char>(0xC0 | (cp >> 6));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *w++ = static_cast<char>(0xE0 | (cp >> 12));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *w++ = static_cast<char>(0xF0 | (cp >> 18));
    *w++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *w++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *w++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return w;
}

inline std::size_t utf8_length(char32_t cp) noexcept {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

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
