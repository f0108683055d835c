// Term <-> id table: the engine's one string hash table. Terms live back to back in one arena
// (no string object per term) and are found through an open-addressing hash table of ids, whose
// internals are in detail/term_table.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/detail/term_table.hpp"

namespace treatytext {

/// A compact term table: ids are dense (0 .. size()-1) in order of insertion. Lookups
/// (lookup, add, find, prefetch, term_unchecked, tag, size) come from detail::TermTable; see
/// there for the memory layout. Lookups are const and may run concurrently; add() needs
/// exclusive access.
class Vocabulary : public detail::TermTable {
 public:
  Vocabulary() = default;
  /// Builds a vocabulary whose ids are the positions in `terms` (duplicates throw invalid_argument).
  explicit Vocabulary(const std::vector<std::string>& terms);

  /// The bytes of a term; throws invalid_argument for an id out of range.
  [[nodiscard]] std::string_view term(TermId id) const;
  /// Ids ordered by their terms' bytes (= Unicode code point order, as Python sorts str).
  [[nodiscard]] std::vector<TermId> sorted_ids() const;
  /// A new vocabulary holding the terms of `ids`, in that order (new id i = ids[i]); throws
  /// invalid_argument for an id out of range or repeated.
  [[nodiscard]] Vocabulary select(const std::vector<TermId>& ids) const;
  /// Copies of every term, in id order.
  [[nodiscard]] std::vector<std::string> terms() const;

  /// The terms in id order as one compact byte buffer (a tag, the term count, varint lengths,
  /// the bytes), for pickling or sending to another process; from_bytes() gives back an equal
  /// vocabulary, or throws format_error naming the byte offset of a truncated, foreign or
  /// inconsistent buffer (invalid_argument for a repeated term).
  [[nodiscard]] std::string to_bytes() const;
  [[nodiscard]] static Vocabulary from_bytes(std::string_view bytes);

  friend bool operator==(const Vocabulary& a, const Vocabulary& b) noexcept {
    return a.offsets_ == b.offsets_ && a.arena_ == b.arena_;
  }
};

}  // namespace treatytext
