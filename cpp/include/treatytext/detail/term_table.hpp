// Implementation detail of Vocabulary (vocabulary.hpp), not API: the open-addressing hash
// table of term ids over one arena of term bytes, and the hash of a term (the one string hash
// of the engine). Inline, as counting looks up every token.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/detail/hash.hpp"

namespace treatytext {

using TermId = std::int32_t;
inline constexpr TermId kNoTerm = -1;

namespace detail {

/// The hash table under Vocabulary: ids are dense (0 .. size()-1) in order of insertion.
///
/// Memory per term: its bytes in the arena, one 8-byte offset, one 4-byte hash tag and 32 to 64
/// bytes of hash table (16-byte slots, load factor <= 1/2). A slot holds the tag, the id and a
/// key: the bytes themselves for a term of up to 7 bytes (three in four tokens of English
/// text), else the term's place in the arena. So a lookup of a short term reads one slot and
/// nothing else, and a long one reads its slot and then the arena, never the offsets: counting
/// looks up every token, and those dependent cache misses were most of its cost. The table is
/// indexed by the 32-bit tag, so growing it or moving terms between vocabularies never rehashes
/// a term. Lookups are const and may run concurrently; add() needs exclusive access.
class TermTable {
 public:
  /// What a lookup computes from a term's bytes: its tag (see hash()) and, for a term of up to
  /// 7 bytes, the key the hash table compares (the bytes and the length in one word). Counting
  /// computes them a block of tokens ahead, once per token.
  struct Lookup {
    std::uint32_t tag = 0;
    std::uint64_t key = 0;
  };

  /// The Lookup of a term. Inline, as counting looks up every token; a term of up to 7 bytes
  /// (most tokens) costs one multiplication.
  [[nodiscard]] static Lookup lookup(std::string_view term) noexcept {
    const std::uint64_t key = term.size() <= kInline ? inline_key(term.data(), term.size()) : 0;
    return {static_cast<std::uint32_t>(hash64(term, key) >> 32), key};
  }
  /// lookup(term) for a term with at least 16 readable bytes from its start (the scikit-learn
  /// analyzer's buffers are padded so): a term of up to 16 bytes is hashed with no branch on
  /// its length, whose outcome (short or long word) the processor cannot predict.
  [[nodiscard]] static Lookup lookup_padded(std::string_view term) noexcept {
    using detail::kHashP0, detail::kHashP1, detail::kHashP2;
    const std::size_t n = term.size();
    if (n > 16) [[unlikely]]
      return lookup(term);
    const char* p = term.data();
    const std::uint64_t head = detail::load64(p);
    const std::uint64_t tail = detail::load64(p + (n >= 8 ? n - 8 : 0));
    // Both of hash64's cases, then a select: three multiplications cost less than a mispredict.
    const std::uint64_t short_key =
        (head & ((std::uint64_t{1} << (8 * (n & 7))) - 1)) | (static_cast<std::uint64_t>(n) << 56);
    const std::uint64_t short_hash = detail::mix(short_key ^ kHashP1, kHashP0);
    const std::uint64_t h =
        detail::mix(head ^ kHashP1, tail ^ kHashP0 ^ (static_cast<std::uint64_t>(n) * kHashP2));
    const std::uint64_t long_hash = detail::mix(h ^ kHashP0, static_cast<std::uint64_t>(n) ^ kHashP2);
    const bool is_short = n <= kInline;
    return {static_cast<std::uint32_t>((is_short ? short_hash : long_hash) >> 32), is_short ? short_key : 0};
  }
  /// The 64-bit hash of a term's bytes (wyhash-style multiply-fold mixing), the one string hash
  /// of the engine: the tables keep its upper half as the tag, and sets of strings compared by
  /// hash (text reuse's shingles) use all of it.
  [[nodiscard]] static std::uint64_t hash64(std::string_view term) noexcept {
    return hash64(term, term.size() <= kInline ? inline_key(term.data(), term.size()) : 0);
  }
  /// The 32-bit tag of a term: the upper half of a 64-bit hash of its bytes (wyhash-style
  /// multiply-fold mixing).
  [[nodiscard]] static std::uint32_t hash(std::string_view term) noexcept { return lookup(term).tag; }

  /// Returns the id of term, adding it with the next id if absent.
  TermId add(std::string_view term) { return add(term, lookup(term)); }
  /// As add(term), with tag == hash(term) already computed (e.g. taken from another vocabulary).
  TermId add(std::string_view term, std::uint32_t tag) {
    return add(term, Lookup{tag, term.size() <= kInline ? inline_key(term.data(), term.size()) : 0});
  }
  /// As add(term), with lookup == lookup(term) already computed.
  TermId add(std::string_view term, const Lookup& lookup) {
    if (2 * (size() + 1) > table_.size()) [[unlikely]]
      grow_table();
    std::size_t slot = lookup.tag & (table_.size() - 1);
    const TermId id = probe(term, lookup, slot);
    return id != kNoTerm ? id : insert(term, lookup.tag, slot);
  }
  /// As add(term, lookup) for a term with at least 16 readable bytes from its start and
  /// lookup == lookup_padded(term): the comparison of a term of up to 16 bytes with a slot does
  /// not branch on the term's length either.
  TermId add_padded(std::string_view term, const Lookup& lookup) {
    if (term.size() > 16) [[unlikely]]
      return add(term, lookup);
    if (2 * (size() + 1) > table_.size()) [[unlikely]]
      grow_table();
    std::size_t slot = lookup.tag & (table_.size() - 1);
    const TermId id = probe_padded(term, lookup, slot);
    return id != kNoTerm ? id : insert(term, lookup.tag, slot);
  }
  /// As find(term, lookup), under the conditions of add_padded.
  [[nodiscard]] TermId find_padded(std::string_view term, const Lookup& lookup) const noexcept {
    if (term.size() > 16) [[unlikely]]
      return find(term, lookup);
    if (table_.empty()) return kNoTerm;
    std::size_t slot = lookup.tag & (table_.size() - 1);
    return probe_padded(term, lookup, slot);
  }
  /// Returns the id of term, or kNoTerm.
  [[nodiscard]] TermId find(std::string_view term) const noexcept { return find(term, lookup(term)); }
  [[nodiscard]] TermId find(std::string_view term, std::uint32_t tag) const noexcept {
    return find(term, Lookup{tag, term.size() <= kInline ? inline_key(term.data(), term.size()) : 0});
  }
  [[nodiscard]] TermId find(std::string_view term, const Lookup& lookup) const noexcept {
    if (table_.empty()) return kNoTerm;
    std::size_t slot = lookup.tag & (table_.size() - 1);
    return probe(term, lookup, slot);
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

 protected:
  // hash64 with the inline key of a term of up to kInline bytes already computed.
  [[nodiscard]] static std::uint64_t hash64(std::string_view term, std::uint64_t key) noexcept {
    using detail::kHashP0, detail::kHashP1, detail::kHashP2;
    const char* p = term.data();
    std::size_t n = term.size();
    if (n <= kInline) return detail::mix(key ^ kHashP1, kHashP0);
    std::uint64_t h = kHashP0 ^ (static_cast<std::uint64_t>(n) * kHashP2);
    const char* a = p;  // the last 1 to 16 bytes are read as two words ending at the term's end
    if (n > 16) {
      do {
        h = detail::mix(detail::load64(p) ^ kHashP1, detail::load64(p + 8) ^ h);
        p += 16;
        n -= 16;
      } while (n > 16);
      a = p + n - 16;  // reaches back into bytes already mixed, never before the term
    }
    h = detail::mix(detail::load64(a) ^ kHashP1, detail::load64(p + n - 8) ^ h);
    return detail::mix(h ^ kHashP0, static_cast<std::uint64_t>(term.size()) ^ kHashP2);
  }
  // key: a term of up to kInline bytes is its bytes (little-endian) with its length in the top
  // byte; a longer one is its arena offset with min(length, 255) in the top byte. The two never
  // meet, as the top byte tells short (0..7) from long (8..255) terms.
  static constexpr std::size_t kInline = 7;
  static constexpr std::uint64_t kOffsetMask = (std::uint64_t{1} << 56) - 1;
  struct Slot {
    std::uint32_t tag = 0;
    TermId id = kNoTerm;  // kNoTerm = empty slot
    std::uint64_t key = 0;
  };
  // The key of a term of at most kInline bytes, from loads that stay inside the term.
  static std::uint64_t inline_key(const char* p, std::size_t n) noexcept {
    std::uint64_t v = 0;
    if (n >= 4) {
      v = detail::load32(p) | (detail::load32(p + n - 4) << (8 * (n - 4)));
    } else if (n > 0) {
      v = static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) |
          (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << (8 * (n / 2))) |
          (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << (8 * (n - 1)));
    }
    return v | (static_cast<std::uint64_t>(n) << 56);
  }
  // Linear probing from `slot`: the id of term, or kNoTerm with `slot` left at the empty slot
  // where it would go.
  [[nodiscard]] TermId probe(std::string_view term, const Lookup& lookup, std::size_t& slot) const noexcept {
    const std::size_t mask = table_.size() - 1;
    const Slot* table = table_.data();
    if (term.size() <= kInline) {
      while (table[slot].id != kNoTerm) {
        if (table[slot].tag == lookup.tag && table[slot].key == lookup.key) return table[slot].id;
        slot = (slot + 1) & mask;
      }
      return kNoTerm;
    }
    while (table[slot].id != kNoTerm) {
      if (table[slot].tag == lookup.tag && equal_long(table[slot], term)) return table[slot].id;
      slot = (slot + 1) & mask;
    }
    return kNoTerm;
  }
  // probe() for a padded term of up to 16 bytes (see add_padded). Both comparisons of a slot
  // whose tag matches are computed and one is selected, so that whether the term is short (its
  // key) or long (its bytes in the arena) costs no mispredicted branch: that branch was a fifth
  // of the scikit-learn face's counting. The arena is read only at a long slot's own term
  // (at least 8 bytes, and its first and last 8 when its length equals the term's), else at
  // the term itself.
  [[nodiscard]] TermId probe_padded(std::string_view term, const Lookup& lookup,
                                    std::size_t& slot) const noexcept {
    const std::size_t mask = table_.size() - 1;
    const Slot* table = table_.data();
    const std::size_t n = term.size();
    const char* b = term.data();
    const bool is_short = n <= kInline;
    const std::size_t tail = n >= 8 ? n - 8 : 0;
    const std::uint64_t head_b = detail::load64(b);
    const std::uint64_t tail_b = detail::load64(b + tail);
    while (table[slot].id != kNoTerm) {
      const Slot& s = table[slot];
      if (s.tag == lookup.tag) {
        const auto length = static_cast<std::size_t>(s.key >> 56);
        const bool slot_long = length > kInline;
        const char* a = slot_long ? arena_.data() + (s.key & kOffsetMask) : b;
        const std::size_t tail_a = slot_long ? length - 8 : tail;
        const bool long_equal = slot_long & (length == n) & (detail::load64(a) == head_b) &
                                (detail::load64(a + tail_a) == tail_b);
        const bool short_equal = s.key == lookup.key;
        if (is_short ? short_equal : long_equal) return s.id;
      }
      slot = (slot + 1) & mask;
    }
    return kNoTerm;
  }
  // Byte equality of a long term's slot and `term` (more than kInline bytes); inline and
  // branch-light, as a library memcmp call would cost more than the comparison. Overlapping
  // loads cover every length without reading outside either string.
  [[nodiscard]] bool equal_long(const Slot& s, std::string_view term) const noexcept {
    const std::size_t n = term.size();
    const auto length = static_cast<std::size_t>(s.key >> 56);
    if (length < 255 ? length != n : term_length(s.id) != n) return false;
    const char* a = arena_.data() + (s.key & kOffsetMask);
    const char* b = term.data();
    for (std::size_t k = 0; k + 8 < n; k += 8)
      if (detail::load64(a + k) != detail::load64(b + k)) return false;
    return detail::load64(a + n - 8) == detail::load64(b + n - 8);
  }
  [[nodiscard]] std::size_t term_length(TermId id) const noexcept {
    const auto i = static_cast<std::size_t>(id);
    return offsets_[i + 1] - offsets_[i];
  }
  // The slot key of term `id` (stored in the arena).
  [[nodiscard]] std::uint64_t key_of(TermId id) const noexcept {
    const auto i = static_cast<std::size_t>(id);
    const std::size_t n = term_length(id);
    if (n <= kInline) return inline_key(arena_.data() + offsets_[i], n);
    return offsets_[i] | (static_cast<std::uint64_t>(n < 255 ? n : 255) << 56);
  }
  TermId insert(std::string_view term, std::uint32_t tag, std::size_t slot);
  void grow_table();
  std::string arena_;
  std::vector<std::uint64_t> offsets_{0};  // term i is arena_[offsets_[i], offsets_[i+1])
  std::vector<Slot> table_;                // open addressing by tag
  std::vector<std::uint32_t> tags_;        // hash tag per id (to move terms without rehashing)
};

}  // namespace detail
}  // namespace treatytext
