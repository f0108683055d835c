// Term <-> id table. Terms live back to back in one arena (no string object per term) and are
// found through an open-addressing hash table of ids.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace treatytext {

using TermId = std::int32_t;
inline constexpr TermId kNoTerm = -1;

/// A compact term table: ids are dense (0 .. size()-1) in order of insertion.
///
/// Memory per term: its bytes in the arena, one 8-byte offset, one 4-byte hash tag and 16 to 32
/// bytes of hash table (8-byte slots holding tag and id, load factor <= 1/2). The table is
/// indexed by the 32-bit tag, so growing it or moving terms between vocabularies never rehashes
/// a term, and a probe reads the term's bytes only when the tags match. Lookups are const and
/// may run concurrently; add() needs exclusive access.
class Vocabulary {
 public:
  Vocabulary() = default;
  /// Builds a vocabulary whose ids are the positions in `terms` (duplicates throw invalid_argument).
  explicit Vocabulary(const std::vector<std::string>& terms);

  /// The 32-bit tag of a term: the upper half of a 64-bit hash of its bytes (wyhash-style
  /// multiply-fold mixing). Inline, as counting hashes every token.
  [[nodiscard]] static std::uint32_t hash(std::string_view term) noexcept {
    constexpr std::uint64_t kP0 = 0xa0761d6478bd642fULL;
    constexpr std::uint64_t kP1 = 0xe7037ed1a0b428dbULL;
    constexpr std::uint64_t kP2 = 0x8ebc6af09c88c6e3ULL;
    const char* p = term.data();
    std::size_t n = term.size();
    std::uint64_t h = kP0 ^ (static_cast<std::uint64_t>(n) * kP2);
    while (n > 16) {
      h = mix(load64(p) ^ kP1, load64(p + 8) ^ h);
      p += 16;
      n -= 16;
    }
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    if (n >= 8) {
      a = load64(p);
      b = load64(p + n - 8);  // overlapping read covers 8..16 bytes without a loop
    } else if (n >= 4) {
      a = load32(p);
      b = load32(p + n - 4);
    } else if (n > 0) {
      a = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
          (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
          static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1]));
    }
    h = mix(a ^ kP1, b ^ h);
    h = mix(h ^ kP0, static_cast<std::uint64_t>(term.size()) ^ kP2);
    return static_cast<std::uint32_t>(h >> 32);
  }

  /// Returns the id of term, adding it with the next id if absent.
  TermId add(std::string_view term) { return add(term, hash(term)); }
  /// As add(term), with tag == hash(term) already computed (e.g. taken from another vocabulary).
  TermId add(std::string_view term, std::uint32_t tag) {
    if (2 * (size() + 1) > table_.size()) grow_table();
    const std::size_t mask = table_.size() - 1;
    std::size_t slot = tag & mask;
    while (table_[slot].id != kNoTerm) {
      if (table_[slot].tag == tag && equal(table_[slot].id, term)) return table_[slot].id;
      slot = (slot + 1) & mask;
    }
    return insert(term, tag, slot);
  }
  /// Returns the id of term, or kNoTerm.
  [[nodiscard]] TermId find(std::string_view term) const noexcept { return find(term, hash(term)); }
  [[nodiscard]] TermId find(std::string_view term, std::uint32_t tag) const noexcept {
    if (table_.empty()) return kNoTerm;
    const std::size_t mask = table_.size() - 1;
    std::size_t slot = tag & mask;
    while (table_[slot].id != kNoTerm) {
      if (table_[slot].tag == tag && equal(table_[slot].id, term)) return table_[slot].id;
      slot = (slot + 1) & mask;
    }
    return kNoTerm;
  }

  /// Hints the processor to load the hash-table slot of a tag (from hash()), so that a lookup
  /// issued a little later does not wait for memory. No effect on the contents.
  void prefetch(std::uint32_t tag) const noexcept {
#if defined(__GNUC__) || defined(__clang__)
    if (!table_.empty()) __builtin_prefetch(&table_[tag & (table_.size() - 1)]);
#else
    (void)tag;
#endif
  }

  /// The bytes of a term; throws invalid_argument for an id out of range.
  [[nodiscard]] std::string_view term(TermId id) const;
  /// The bytes of a term without a range check (id must be valid).
  [[nodiscard]] std::string_view term_unchecked(TermId id) const noexcept {
    const auto i = static_cast<std::size_t>(id);
    return std::string_view(arena_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }
  /// The stored tag of a term (== hash(term(id))).
  [[nodiscard]] std::uint32_t tag(TermId id) const noexcept { return tags_[static_cast<std::size_t>(id)]; }
  [[nodiscard]] std::size_t size() const noexcept { return offsets_.size() - 1; }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  /// Reserves room for `terms` terms holding `bytes` bytes in total.
  void reserve(std::size_t terms, std::size_t bytes);
  /// Bytes held by the arena, offsets, tags and hash table.
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

  /// Ids ordered by their terms' bytes (= Unicode code point order, as Python sorts str).
  [[nodiscard]] std::vector<TermId> sorted_ids() const;
  /// A new vocabulary holding the terms of `ids`, in that order (new id i = ids[i]); throws
  /// invalid_argument for an id out of range or repeated.
  [[nodiscard]] Vocabulary select(const std::vector<TermId>& ids) const;
  [[nodiscard]] std::vector<std::string> terms() const;

  friend bool operator==(const Vocabulary& a, const Vocabulary& b) noexcept {
    return a.offsets_ == b.offsets_ && a.arena_ == b.arena_;
  }

 private:
  // 64 x 64 -> 128-bit multiply folded to 64 bits.
  static std::uint64_t mix(std::uint64_t a, std::uint64_t b) noexcept {
    __extension__ using uint128 = unsigned __int128;
    const uint128 r = static_cast<uint128>(a) * b;
    return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
  }
  static std::uint64_t load64(const char* p) noexcept {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  static std::uint64_t load32(const char* p) noexcept {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
  }
  struct Slot {
    std::uint32_t tag = 0;
    TermId id = kNoTerm;  // kNoTerm = empty slot
  };
  // Byte equality of term `id` and `term`; inline and branch-light because most terms are a few
  // bytes long, where a library memcmp call or a byte loop would cost more than the comparison.
  // Overlapping loads cover every length without reading outside either string.
  [[nodiscard]] bool equal(TermId id, std::string_view term) const noexcept {
    const auto i = static_cast<std::size_t>(id);
    const std::size_t n = offsets_[i + 1] - offsets_[i];
    if (n != term.size()) return false;
    const char* a = arena_.data() + offsets_[i];
    const char* b = term.data();
    if (n >= 8) {
      for (std::size_t k = 0; k + 8 < n; k += 8)
        if (load64(a + k) != load64(b + k)) return false;
      return load64(a + n - 8) == load64(b + n - 8);
    }
    if (n >= 4) return ((load32(a) ^ load32(b)) | (load32(a + n - 4) ^ load32(b + n - 4))) == 0;
    if (n == 0) return true;
    return a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1];
  }
  TermId insert(std::string_view term, std::uint32_t tag, std::size_t slot);
  void grow_table();
  std::string arena_;
  std::vector<std::uint64_t> offsets_{0};  // term i is arena_[offsets_[i], offsets_[i+1])
  std::vector<Slot> table_;                // open addressing by tag
  std::vector<std::uint32_t> tags_;        // hash tag per id (to move terms without rehashing)
};

}  // namespace treatytext
