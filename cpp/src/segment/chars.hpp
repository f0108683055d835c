// Internal to the segment stage: byte-level character tests on UTF-8 text. Every function takes
// an explicit end so that it never reads past it, even on invalid UTF-8.
#pragma once

#include <cstddef>
#include <string_view>

namespace treatytext::detail {

inline unsigned char byte_at(std::string_view text, std::size_t pos) noexcept {
  return static_cast<unsigned char>(text[pos]);
}

inline bool is_line_break(unsigned char b) noexcept { return b == '\n' || b == '\r'; }
inline bool is_ascii_upper(unsigned char b) noexcept { return b >= 'A' && b <= 'Z'; }
inline bool is_ascii_lower(unsigned char b) noexcept { return b >= 'a' && b <= 'z'; }
inline bool is_ascii_digit(unsigned char b) noexcept { return b >= '0' && b <= '9'; }
inline bool is_ascii_alnum(unsigned char b) noexcept {
  return is_ascii_upper(b) || is_ascii_lower(b) || is_ascii_digit(b);
}
inline unsigned char ascii_lower(unsigned char b) noexcept {
  return is_ascii_upper(b) ? static_cast<unsigned char>(b + ('a' - 'A')) : b;
}

inline bool is_ascii_space(unsigned char b) noexcept {
  return b == ' ' || b == '\t' || b == '\v' || b == '\f' || (b >= 0x1C && b <= 0x1F);
}

/// Byte length of the white-space character at pos (0 if there is none). Line breaks are not
/// white space here. The set is Python's str.isspace() (so that a clause text equals its
/// strip()) plus U+200B and the BOM, which PDFs and web pages leave in texts.
inline std::size_t space_at(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  const unsigned char b = byte_at(text, pos);
  if (b < 0x80) return is_ascii_space(b) ? 1 : 0;
  if (b == 0xC2) {
    if (pos + 1 >= end) return 0;
    const unsigned char b1 = byte_at(text, pos + 1);
    return b1 == 0xA0 || b1 == 0x85 ? 2 : 0;  // NBSP, NEL
  }
  if (pos + 2 >= end) return 0;
  const unsigned char b1 = byte_at(text, pos + 1), b2 = byte_at(text, pos + 2);
  if (b == 0xE2) {
    if (b1 == 0x80 && (b2 <= 0x8B || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF)) return b2 >= 0x80 ? 3 : 0;
    if (b1 == 0x81 && b2 == 0x9F) return 3;
    return 0;
  }
  if (b == 0xE1) return b1 == 0x9A && b2 == 0x80 ? 3 : 0;  // U+1680 ogham space
  if (b == 0xE3) return b1 == 0x80 && b2 == 0x80 ? 3 : 0;
  if (b == 0xEF) return b1 == 0xBB && b2 == 0xBF ? 3 : 0;
  return 0;
}

/// First position at or after pos that is not white space (line breaks stop the skip).
inline std::size_t skip_space(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  while (pos < end) {
    const std::size_t length = space_at(text, pos, end);
    if (length == 0) break;
    pos += length;
  }
  return pos;
}

/// As skip_space, but line breaks count as white space too.
inline std::size_t skip_space_and_breaks(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  while (pos < end) {
    if (is_line_break(byte_at(text, pos))) {
      ++pos;
      continue;
    }
    const std::size_t length = space_at(text, pos, end);
    if (length == 0) break;
    pos += length;
  }
  return pos;
}

/// Moves end back over trailing white space and line breaks, not before begin.
inline std::size_t trim_back(std::string_view text, std::size_t begin, std::size_t end) noexcept {
  while (end > begin) {
    const unsigned char last = byte_at(text, end - 1);
    if (last < 0x80) {
      if (is_ascii_space(last) || is_line_break(last)) {
        --end;
        continue;
      }
      break;
    }
    // Find the lead byte of the last character (at most 3 continuation bytes back).
    std::size_t lead = end - 1;
    while (lead > begin && (byte_at(text, lead) & 0xC0) == 0x80 && end - lead < 4) --lead;
    if (space_at(text, lead, end) != end - lead) break;
    end = lead;
  }
  return end;
}

}  // namespace treatytext::detail
