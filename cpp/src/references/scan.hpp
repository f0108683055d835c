// Internal to the references stage: small byte-level scanners over UTF-8 text (words, quotes,
// ASCII case-insensitive keywords). Each takes an explicit end and never reads past it.
#pragma once

#include <cstddef>
#include <string_view>

#include "segment/chars.hpp"

namespace treatytext::detail {

/// A byte that continues a word: ASCII letters and digits, and every byte of a non-ASCII
/// character except the typographic quotes, dashes and spaces that separate words in treaties.
bool is_word_byte_at(std::string_view text, std::size_t pos, std::size_t end) noexcept;

/// True when no word character touches pos from the left.
bool word_starts_at(std::string_view text, std::size_t pos) noexcept;

/// True when no word character starts at pos.
bool word_ends_at(std::string_view text, std::size_t pos, std::size_t end) noexcept;

/// If text[pos, ...) equals `lower_word` (given in lower case) ignoring ASCII case, returns the
/// position after it; else returns pos.
std::size_t match_ascii_nocase(std::string_view text, std::size_t pos, std::size_t end,
                               std::string_view lower_word) noexcept;

/// As match_ascii_nocase, but only as a whole word (word boundaries on both sides).
std::size_t match_word(std::string_view text, std::size_t pos, std::size_t end,
                       std::string_view lower_word) noexcept;

/// Skips spaces and line breaks.
inline std::size_t skip_blank(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  return skip_space_and_breaks(text, pos, end);
}

/// The quotation mark at pos: its byte length and the closing mark it expects. Straight " and
/// ', curly “ ” ‘ ’ (a closing curly quote also opens, as some texts use ” ... ”), « ».
struct Quote {
  std::size_t length = 0;            ///< 0 when there is no quotation mark at pos
  std::string_view close;            ///< the expected closing mark
  std::string_view alternate_close;  ///< also accepted (straight quotes close curly ones badly typed)
};
Quote quote_at(std::string_view text, std::size_t pos, std::size_t end) noexcept;

/// Length of an ASCII or typographic word (letters, digits, '.', '-', apostrophes) at pos.
std::size_t word_length(std::string_view text, std::size_t pos, std::size_t end) noexcept;

}  // namespace treatytext::detail
