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

class Vocabulary {
 public:
  Vocabulary() = default;
  /// Builds a vocabulary whose ids are the positions in `terms` (duplicates throw invalid_argument).
  explicit Vocabulary(const std::vector<std::string>& terms);

  /// Returns the id of term, adding it with the next id if absent.
  TermId add(std::string_view term);
  /// Returns the id of term, or kNoTerm.
  [[nodiscard]] TermId find(std::string_view term) const noexcept;
  [[nodiscard]] std::string_view term(TermId id) const;
  [[nodiscard]] std::size_t size() const noexcept { return offsets_.size() - 1; }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  /// Bytes held by the arena, offsets and hash table.
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

  /// Ids ordered by their terms' bytes (= Unicode code point order, as Python sorts str).
  [[nodiscard]] std::vector<TermId> sorted_ids() const;
  /// A new vocabulary holding the terms of `ids`, in that order (new id i = ids[i]).
  [[nodiscard]] Vocabulary select(const std::vector<TermId>& ids) const;
  [[nodiscard]] std::vector<std::string> terms() const;

 private:
  void grow_table();
  std::string arena_;
  std::vector<std::uint64_t> offsets_{0};   // term i is arena_[offsets_[i], offsets_[i+1])
  std::vector<TermId> table_;               // open addressing, kNoTerm = empty slot
  std::vector<std::uint32_t> hash_tags_;    // upper hash bits per id, skips most compares
};

}  // namespace treatytext
