// Term <-> id table. Terms live back to back in one arena (no string object per term) and are
// found through an open-addressing hash table of ids.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace treatytext {

using TermId = std::int32_t;
inline constexpr TermId kNoTerm = -1;

/// A compact term table: ids are dense (0 .. size()-1) in order of insertion.
///
/// Memory per term: its bytes in the arena, one 8-byte offset, one 4-byte hash tag and about
/// 8 bytes of hash table (load factor <= 1/2). The hash table is indexed by the 32-bit tag, so
/// growing it or moving terms between vocabularies never rehashes a term. Lookups are const and
/// may run concurrently; add() needs exclusive access.
class Vocabulary {
 public:
  Vocabulary() = default;
  /// Builds a vocabulary whose ids are the positions in `terms` (duplicates throw invalid_argument).
  explicit Vocabulary(const std::vector<std::string>& terms);

  /// The 32-bit tag of a term (the upper half of a 64-bit hash of its bytes).
  [[nodiscard]] static std::uint32_t hash(std::string_view term) noexcept;

  /// Returns the id of term, adding it with the next id if absent.
  TermId add(std::string_view term) { return add(term, hash(term)); }
  /// As add(term), with tag == hash(term) already computed (e.g. taken from another vocabulary).
  TermId add(std::string_view term, std::uint32_t tag);
  /// Returns the id of term, or kNoTerm.
  [[nodiscard]] TermId find(std::string_view term) const noexcept { return find(term, hash(term)); }
  [[nodiscard]] TermId find(std::string_view term, std::uint32_t tag) const noexcept;

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
  void grow_table();
  std::string arena_;
  std::vector<std::uint64_t> offsets_{0};  // term i is arena_[offsets_[i], offsets_[i+1])
  std::vector<TermId> table_;              // open addressing by tag, kNoTerm = empty slot
  std::vector<std::uint32_t> tags_;        // hash tag per id: skips most byte compares
};

}  // namespace treatytext
