// Internal pieces of the scikit-learn stage: the composed character table, UTF-8 helpers and
// the term hash table used by the fused counting kernels.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/sklearn_analyzer.hpp"

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

namespace detail {
__extension__ using uint128 = unsigned __int128;
inline constexpr std::uint64_t kP0 = 0xa0761d6478bd642fULL;
inline constexpr std::uint64_t kP1 = 0xe7037ed1a0b428dbULL;
inline constexpr std::uint64_t kP2 = 0x8ebc6af09c88c6e3ULL;
inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) noexcept {
  const uint128 r = static_cast<uint128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}
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
}  // namespace detail

/// 64-bit hash of a term (wyhash-style multiply-mix; a handful of cycles for short terms).
/// Inline: it runs once per token.
inline std::uint64_t hash_term(std::string_view term) noexcept {
  using namespace detail;
  const char* p = term.data();
  std::size_t n = term.size();
  std::uint64_t h = kP0 ^ (static_cast<std::uint64_t>(n) * kP2);
  while (n > 16) {
    h = mum(load64(p) ^ kP1, load64(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  if (n >= 8) {
    a = load64(p);
    b = load64(p + n - 8);
  } else if (n >= 4) {
    a = load32(p);
    b = load32(p + n - 4);
  } else if (n > 0) {
    a = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
        (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
        static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1]));
  }
  return mum(mum(a ^ kP1, b ^ h) ^ kP0, static_cast<std::uint64_t>(term.size()) ^ kP2);
}

/// Byte equality of two strings of equal length n, inline (terms are short; a libc call costs
/// more than the comparison).
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
  while (n >= 8) {
    if (detail::load64(a) != detail::load64(b)) return false;
    a += 8;
    b += 8;
    n -= 8;
  }
  while (n > 0) {
    if (*a++ != *b++) return false;
    --n;
  }
  return true;
}

/// The first 8 bytes of a term, zero-padded (safe for terms shorter than 8 bytes).
inline std::uint64_t term_prefix(std::string_view term) noexcept {
  const char* p = term.data();
  const std::size_t n = term.size();
  if (n >= 8) return detail::load64(p);
  if (n >= 4) return detail::load32(p) | (detail::load32(p + n - 4) << (8 * (n - 4)));
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i)
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

/// Terms with dense ids in insertion order, found by open addressing. A slot holds a term's
/// first 8 bytes, length and hash bits, so that a term of up to 8 bytes (most words) is found
/// with one memory access and longer ones compare only their tail.
class TermTable {
 public:
  TermTable() { slots_.assign(16, Slot{}); }
  [[nodiscard]] std::int32_t find(std::string_view term, std::uint64_t h) const noexcept {
    const std::uint64_t prefix = term_prefix(term);
    const std::uint32_t check = check_of(h, term.size());
    for (std::size_t slot = h & mask_;; slot = (slot + 1) & mask_) {
      const Slot& s = slots_[slot];
      if (s.id < 0) return -1;
      if (s.check == check && s.prefix == prefix && (term.size() <= 8 || tail_equal(s.id, term))) return s.id;
    }
  }
  /// The id of term, added if absent.
  std::int32_t insert(std::string_view term, std::uint64_t h) {
    const std::uint64_t prefix = term_prefix(term);
    const std::uint32_t check = check_of(h, term.size());
    for (std::size_t slot = h & mask_;; slot = (slot + 1) & mask_) {
      const Slot& s = slots_[slot];
      if (s.id < 0) return add(term, h, slot, Slot{prefix, check, 0});
      if (s.check == check && s.prefix == prefix && (term.size() <= 8 || tail_equal(s.id, term))) return s.id;
    }
  }
  [[nodiscard]] std::size_t size() const noexcept { return offsets_.size() - 1; }
  [[nodiscard]] std::string_view term(std::int32_t id) const noexcept {
    const auto i = static_cast<std::size_t>(id);
    return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  void reserve(std::size_t terms, std::size_t bytes);

 private:
  struct Slot {
    std::uint64_t prefix = 0;
    std::uint32_t check = 0;  // 24 hash bits and min(length, 255)
    std::int32_t id = -1;     // -1 = empty
  };
  static std::uint32_t check_of(std::uint64_t h, std::size_t n) noexcept {
    return static_cast<std::uint32_t>((h >> 40) << 8) | static_cast<std::uint32_t>(n < 255 ? n : 255);
  }
  [[nodiscard]] bool tail_equal(std::int32_t id, std::string_view term) const noexcept {
    const auto i = static_cast<std::size_t>(id);
    const std::size_t n = offsets_[i + 1] - offsets_[i];
    return n == term.size() && same_bytes(arena_.data() + offsets_[i] + 8, term.data() + 8, n - 8);
  }
  std::int32_t add(std::string_view term, std::uint64_t h, std::size_t slot, Slot fresh);
  void grow();
  std::vector<Slot> slots_;
  std::size_t mask_ = 15;
  std::string arena_;
  std::vector<std::uint64_t> offsets_{0};
  std::vector<std::uint64_t> hashes_;
};

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
  sk::TermTable table;
};

}  // namespace treatytext
