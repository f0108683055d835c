// Internal to the segment stage: abbreviation-aware sentence splitting of one clause's text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace treatytext::detail {

/// Words after which a period does not end a sentence: a built-in English list (titles such as
/// Mr. and Dr., Art., No., para., e.g., i.e., Inc., months, ...) plus the caller's words.
class Abbreviations {
 public:
  explicit Abbreviations(const std::vector<std::string>& extra);
  /// True if a period after word (given without its final period) does not end a sentence.
  [[nodiscard]] bool contains(std::string_view word) const noexcept;

 private:
  std::vector<std::string> extra_;  // owns the caller's words that words_ views
  std::unordered_set<std::string_view> words_;
};

/// Appends the trimmed byte ranges of the sentences of text[begin, end) to out, in order. A
/// sentence ends at . ! ? or … (with any closing quotes and brackets after it) followed by white
/// space and a word that can open a sentence (a capital, a digit, an opening quote or bracket),
/// unless the period follows an abbreviation, an initial ("J.") or a dotted acronym ("U.S.").
/// Linear in end - begin.
void split_sentences(std::string_view text, std::size_t begin, std::size_t end,
                     const Abbreviations& abbreviations,
                     std::vector<std::pair<std::size_t, std::size_t>>& out);

}  // namespace treatytext::detail
