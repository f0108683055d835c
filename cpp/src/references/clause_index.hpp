// Internal to the references stage: the keywords that name a unit ("Article", "paragraph",
// "Annex" ...), the normal form of a unit number, and an index of the clause tree that answers
// "which clause contains this offset" and "which clause below this one is paragraph 2".
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/references.hpp"
#include "treatytext/segment.hpp"

namespace treatytext::detail {

/// A unit keyword found in the text.
struct KeywordMatch {
  std::size_t end = 0;  ///< position after the keyword; == the start position when none
  ReferenceLevel level = ReferenceLevel::article;
  bool plural = false;  ///< "Articles", "paragraphs": a list may follow
};

/// Matches a unit keyword as a whole word at pos (ASCII case ignored).
KeywordMatch match_keyword(std::string_view text, std::size_t pos, std::size_t end) noexcept;

/// True for the levels numbered like headings (roman numerals mean numbers there).
bool heading_level(ReferenceLevel level) noexcept;

/// The comparable form of a unit number: brackets and a trailing '.' removed, ASCII lower case,
/// and for heading levels a roman numeral as its decimal value ("XXIV" -> "24"), so that a
/// reference to "Article V" finds the heading "ARTICLE 5" and "ARTICLE V" alike.
std::string normalize_number(ReferenceLevel level, std::string_view number);

/// The clauses of one text, indexed for resolving references.
class ClauseIndex {
 public:
  explicit ClauseIndex(std::span<const Clause> clauses);

  /// Innermost clause whose span (marker included) contains pos; -1 if none.
  [[nodiscard]] std::int64_t innermost(std::size_t pos) const;
  /// Innermost clause containing pos that is a unit of this level; -1 if none.
  [[nodiscard]] std::int64_t enclosing(std::size_t pos, ReferenceLevel level) const;
  /// First clause below `anchor` (-1: the whole text) that is unit `level` numbered
  /// `normalized_number`; -1 if none.
  [[nodiscard]] std::int64_t find(std::int64_t anchor, ReferenceLevel level,
                                  std::string_view normalized_number) const;
  /// End of the label of a clause whose marker starts at pos, or pos if none does.
  [[nodiscard]] std::size_t label_end_at(std::size_t pos) const;

 private:
  struct Entry {
    std::size_t begin = 0, end = 0;  // marker included
    int level = 0;
    std::int64_t subtree_end = 0;  // one past the last descendant
    bool keyed = false;
    ReferenceLevel unit = ReferenceLevel::article;
    std::string number;  // normalized
    std::size_t label_start = 0, label_end = 0;
  };
  std::vector<Entry> entries_;
  std::vector<std::size_t> by_label_start_;  // entry indices sorted by marker position
};

}  // namespace treatytext::detail
