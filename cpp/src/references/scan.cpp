#include "references/scan.hpp"

namespace treatytext::detail {
namespace {

// Lead byte of the character that ends just before pos (pos > 0).
std::size_t previous_lead(std::string_view text, std::size_t pos) noexcept {
  std::size_t lead = pos - 1;
  while (lead > 0 && (byte_at(text, lead) & 0xC0) == 0x80 && pos - lead < 4) --lead;
  return lead;
}

// Typographic punctuation that separates words: quotes, dashes, guillemets, spaces.
bool is_separator_character(std::string_view text, std::size_t lead, std::size_t end) noexcept {
  if (space_at(text, lead, end) != 0) return true;
  const unsigned char b = byte_at(text, lead);
  if (b == 0xC2 && lead + 1 < end) {
    const unsigned char b1 = byte_at(text, lead + 1);
    return b1 == 0xAB || b1 == 0xBB || b1 == 0xA7 || b1 == 0xB6;  // « » § ¶
  }
  if (b == 0xE2 && lead + 2 < end && byte_at(text, lead + 1) == 0x80) {
    const unsigned char b2 = byte_at(text, lead + 2);
    return (b2 >= 0x90 && b2 <= 0x9F) || b2 == 0xA6;  // dashes, curly quotes, ellipsis
  }
  return false;
}

}  // namespace

bool is_word_byte_at(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  const unsigned char b = byte_at(text, pos);
  if (b < 0x80) return is_ascii_alnum(b);
  std::size_t lead = pos;
  while (lead > 0 && (byte_at(text, lead) & 0xC0) == 0x80 && pos - lead < 3) --lead;
  return !is_separator_character(text, lead, end);
}

bool word_starts_at(std::string_view text, std::size_t pos) noexcept {
  if (pos == 0) return true;
  const std::size_t lead = previous_lead(text, pos);
  const unsigned char b = byte_at(text, lead);
  if (b < 0x80) return !is_ascii_alnum(b);
  return is_separator_character(text, lead, pos);
}

bool word_ends_at(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  return pos >= end || !is_word_byte_at(text, pos, end);
}

std::size_t match_ascii_nocase(std::string_view text, std::size_t pos, std::size_t end,
                               std::string_view lower_word) noexcept {
  if (end - pos < lower_word.size()) return pos;
  for (std::size_t i = 0; i < lower_word.size(); ++i) {
    if (ascii_lower(byte_at(text, pos + i)) != static_cast<unsigned char>(lower_word[i])) return pos;
  }
  return pos + lower_word.size();
}

std::size_t match_word(std::string_view text, std::size_t pos, std::size_t end,
                       std::string_view lower_word) noexcept {
  if (pos >= end || !word_starts_at(text, pos)) return pos;
  const std::size_t after = match_ascii_nocase(text, pos, end, lower_word);
  if (after == pos) return pos;
  // A keyword ending in '.' ("art.") is complete by itself.
  if (lower_word.back() != '.' && !word_ends_at(text, after, end)) return pos;
  return after;
}

Quote quote_at(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  const unsigned char b = byte_at(text, pos);
  if (b == '"') return {1, "\"", "\""};
  if (b == '\'') return {1, "'", "'"};
  if (b == 0xC2 && pos + 1 < end && byte_at(text, pos + 1) == 0xAB) return {2, "\xC2\xBB", "\xC2\xBB"};
  if (b == 0xE2 && pos + 2 < end && byte_at(text, pos + 1) == 0x80) {
    switch (byte_at(text, pos + 2)) {
      case 0x9C:  // “
      case 0x9D:  // ” used as an opening mark
        return {3, "\xE2\x80\x9D", "\""};
      case 0x98:  // ‘
        return {3, "\xE2\x80\x99", "'"};
      default:
        break;
    }
  }
  return {};
}

std::size_t word_length(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  std::size_t p = pos;
  while (p < end) {
    const unsigned char b = byte_at(text, p);
    if (b < 0x80) {
      if (is_ascii_alnum(b) || b == '.' || b == '-' || b == '\'') {
        ++p;
        continue;
      }
      break;
    }
    // ’ inside a word ("Parties’"), any other non-separator character.
    if (b == 0xE2 && p + 2 < end && byte_at(text, p + 1) == 0x80 && byte_at(text, p + 2) == 0x99) {
      p += 3;
      continue;
    }
    if (!is_word_byte_at(text, p, end)) break;
    ++p;
    while (p < end && (byte_at(text, p) & 0xC0) == 0x80) ++p;
  }
  return p - pos;
}

}  // namespace treatytext::detail
