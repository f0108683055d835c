// Internal pieces of the scikit-learn stage: the composed character table and the term hash
// table used by the fused counting kernels.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/detail/hash.hpp"
#include "treatytext/detail/utf8.hpp"
#include "treatytext/sklearn_analyzer.hpp"

namespace treatytext {

namespace sk {

inline constexpr std::uint32_t kOther = 0;
inline constexpr std::uint32_t kWordClass = 1;
inline constexpr std::uint32_t kSpaceClass = 2;
inline constexpr std::uint32_t kExpansion = 1u << 31;  ///< entry is an offset into the pool
inline constexpr std::uint32_t kSigma = 1u << 30;      ///< U+03A3 under lowercase: context decides
inline constexpr std::uint32_t kOffsetMask = kSigma - 1;
using treatytext::detail::kMaxCodePoint;

namespace detail {
using treatytext::detail::load32;
using treatytext::detail::load64;
using treatytext::detail::mix;
inline constexpr std::uint64_t kP0 = treatytext::detail::kHashP0;
inline constexpr std::uint64_t kP1 = treatytext::detail::kHashP1;
inline constexpr std::uint64_t kP2 = treatytext::detail::kHashP2;
}  // namespace detail

/// Up to 7 bytes as a zero-padded integer (no read beyond p + n).
inline std::uint64_t partial_load(const char* p, std::size_t n) noexcept {
  if (n >= 4) return detail::load32(p) | (detail::load32(p + n - 4) << (8 * (n - 4)));
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i)
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
  return v;
}

/// What the term table compares first: the first 16 bytes (zero-padded), the length and a
/// 64-bit hash of the whole term.
struct TermKey {
  std::uint64_t p0 = 0;
  std::uint64_t p1 = 0;
  std::uint64_t hash = 0;
  std::size_t size = 0;
};

namespace detail {
// Masks keeping the first min(n, 16) bytes of two 8-byte words, by n.
struct PrefixMasks {
  std::uint64_t m[17][2];
  constexpr PrefixMasks() : m() {
    for (int n = 0; n <= 16; ++n) {
      const int a = n < 8 ? n : 8;
      const int b = n < 8 ? 0 : n - 8;
      m[n][0] = a == 8 ? ~0ULL : ((1ULL << (8 * a)) - 1);
      m[n][1] = b == 8 ? ~0ULL : ((1ULL << (8 * b)) - 1);
    }
  }
};
inline constexpr PrefixMasks kPrefixMasks{};

inline void finish_key(TermKey& k, const char* p) noexcept {
  std::uint64_t h = mix(k.p0 ^ kP1, k.p1 ^ kP0 ^ (static_cast<std::uint64_t>(k.size) * kP2));
  if (k.size > 16) {  // rare for words: the tail beyond the prefix
    std::size_t n = k.size - 16;
    const char* q = p + 16;
    while (n >= 8) {
      h = mix(load64(q) ^ kP1, h ^ kP2);
      q += 8;
      n -= 8;
    }
    h = mix(partial_load(q, n) ^ kP0, h ^ kP1);
  }
  k.hash = mix(h ^ kP2, static_cast<std::uint64_t>(k.size) ^ kP0);
}
}  // namespace detail

/// The key of a term whose buffer has at least 16 readable bytes from its start (the
/// analyzer's buffers are padded): no branch on the length for terms of up to 16 bytes.
inline TermKey key_padded(std::string_view term) noexcept {
  TermKey k;
  k.size = term.size();
  const auto& masks = detail::kPrefixMasks.m[term.size() < 16 ? term.size() : 16];
  k.p0 = detail::load64(term.data()) & masks[0];
  k.p1 = detail::load64(term.data() + 8) & masks[1];
  detail::finish_key(k, term.data());
  return k;
}

/// The key of any term (reads nothing beyond it); equal to key_padded() of the same bytes.
inline TermKey key_of(std::string_view term) noexcept {
  TermKey k;
  const char* p = term.data();
  const std::size_t n = term.size();
  k.size = n;
  if (n >= 16) {
    k.p0 = detail::load64(p);
    k.p1 = detail::load64(p + 8);
  } else if (n >= 8) {
    k.p0 = detail::load64(p);
    k.p1 = partial_load(p + 8, n - 8);
  } else {
    k.p0 = partial_load(p, n);
  }
  detail::finish_key(k, p);
  return k;
}

/// 64-bit hash of a term.
inline std::uint64_t hash_term(std::string_view term) noexcept { return key_of(term).hash; }

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

/// Terms with dense ids in insertion order, found by open addressing. A slot holds a term's
/// first 16 bytes, its length and hash bits, so that a term of up to 16 bytes (nearly every
/// word) is found with one memory access; longer ones compare their tail in the arena.
class TermTable {
 public:
  TermTable() { slots_.assign(16, Slot{}); }
  [[nodiscard]] std::int32_t find(std::string_view term, const TermKey& key) const noexcept {
    const std::uint32_t check = check_of(key);
    for (std::size_t slot = key.hash & mask_;; slot = (slot + 1) & mask_) {
      const Slot& s = slots_[slot];
      if (s.id < 0) return -1;
      if (matches(s, key, check, term)) return s.id;
    }
  }
  [[nodiscard]] std::int32_t find(std::string_view term) const noexcept { return find(term, key_of(term)); }
  /// The id of term, added if absent.
  std::int32_t insert(std::string_view term, const TermKey& key) {
    const std::uint32_t check = check_of(key);
    for (std::size_t slot = key.hash & mask_;; slot = (slot + 1) & mask_) {
      const Slot& s = slots_[slot];
      if (s.id < 0) return add(term, key, check, slot);
      if (matches(s, key, check, term)) return s.id;
    }
  }
  std::int32_t insert(std::string_view term) { return insert(term, key_of(term)); }
  void prefetch(std::uint64_t hash) const noexcept { __builtin_prefetch(&slots_[hash & mask_]); }
  [[nodiscard]] std::size_t size() const noexcept { return offsets_.size() - 1; }
  [[nodiscard]] std::string_view term(std::int32_t id) const noexcept {
    const auto i = static_cast<std::size_t>(id);
    return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  void reserve(std::size_t terms, std::size_t bytes);

 private:
  struct alignas(32) Slot {
    std::uint64_t p0 = 0;
    std::uint64_t p1 = 0;
    std::uint32_t check = 0;  // 24 hash bits and min(length, 255)
    std::int32_t id = -1;     // -1 = empty
    std::uint64_t start = 0;  // the term's offset in the arena
  };
  static std::uint32_t check_of(const TermKey& k) noexcept {
    return static_cast<std::uint32_t>((k.hash >> 40) << 8) |
           static_cast<std::uint32_t>(k.size < 255 ? k.size : 255);
  }
  [[nodiscard]] bool matches(const Slot& s, const TermKey& k, std::uint32_t check,
                             std::string_view term) const noexcept {
    if (s.check != check || s.p0 != k.p0 || s.p1 != k.p1) return false;
    if (term.size() <= 16) return true;
    const auto i = static_cast<std::size_t>(s.id);
    const std::size_t n = offsets_[i + 1] - offsets_[i];
    return n == term.size() && same_bytes(arena_.data() + s.start + 16, term.data() + 16, n - 16);
  }
  std::int32_t add(std::string_view term, const TermKey& key, std::uint32_t check, std::size_t slot);
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
