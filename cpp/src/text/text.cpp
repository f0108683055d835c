#include "treatytext/text.hpp"

#include <string>

#include "treatytext/detail/utf8.hpp"
#include "treatytext/error.hpp"

namespace treatytext {
namespace {

constexpr std::size_t kBlock = 64;  // OffsetMap samples one entry per 64 bytes

// Length of the valid UTF-8 sequence at text[pos], or 0 if it is invalid (RFC 3629:
// no overlongs, no surrogates, nothing above U+10FFFF). Also reports how many bytes form the
// maximal invalid prefix, for U+FFFD replacement as Python and WHATWG do it.
std::size_t valid_sequence_length(std::string_view text, std::size_t pos,
                                  std::size_t& invalid_length) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  invalid_length = 1;
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if (pos + i >= text.size()) return 0;
    const unsigned char b = byte(pos + i);
    const bool ok = i == 1 ? (b >= low && b <= high) : (b >= 0x80 && b <= 0xBF);
    if (!ok) return 0;
    invalid_length = i + 1;
  }
  return length;
}

std::string describe_bytes(std::string_view text, std::size_t pos) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = pos; i < text.size() && i < pos + 4; ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (!out.empty()) out += ' ';
    out += "0x";
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view text) noexcept {
  std::size_t pos = 0;
  const std::size_t n = text.size();
  while (pos < n) {
    // ASCII fast path: eight bytes at a time.
    while (pos + 8 <= n) {
      std::uint64_t word;
      __builtin_memcpy(&word, text.data() + pos, 8);
      if (word & 0x8080808080808080ULL) break;
      pos += 8;
    }
    if (pos >= n) break;
    std::size_t invalid_length = 0;
    const std::size_t length = valid_sequence_length(text, pos, invalid_length);
    if (length == 0) return pos;
    pos += length;
  }
  return std::string_view::npos;
}

std::string validate_utf8(std::string_view text, InvalidUtf8 policy) {
  std::size_t bad = find_invalid_utf8(text);
  if (bad == std::string_view::npos) return std::string(text);
  if (policy == InvalidUtf8::strict)
    throw encoding_error("invalid UTF-8 at byte " + std::to_string(bad) + " (" + describe_bytes(text, bad) +
                             "); decode with errors='replace' to substitute U+FFFD",
                         bad);
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t invalid_length = 0;
    const std::size_t length = valid_sequence_length(text, pos, invalid_length);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      pos += invalid_length;
    } else {
      out.append(text.substr(pos, length));
      pos += length;
    }
  }
  return out;
}

char32_t decode_utf8(std::string_view text, std::size_t& pos) noexcept {
  return detail::read_utf8(text, pos);
}

void append_utf8(std::string& out, char32_t cp) {
  char bytes[4];
  out.append(bytes, detail::write_utf8(bytes, cp));
}

OffsetMap::OffsetMap(std::string_view utf8_text) : text_(utf8_text) {
  code_points_at_block_.reserve(text_.size() / kBlock + 2);
  std::size_t count = 0;
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (i % kBlock == 0) code_points_at_block_.push_back(count);
    // Every byte that is not a continuation byte starts a code point.
    count += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
  }
  code_points_at_block_.push_back(count);
  code_points_ = count;
}

std::size_t OffsetMap::to_code_point(std::size_t byte_offset) const {
  if (byte_offset > text_.size())
    throw invalid_argument("byte offset " + std::to_string(byte_offset) + " is past the end of a " +
                           std::to_string(text_.size()) + "-byte text");
  const std::size_t block = byte_offset / kBlock;
  std::size_t count = code_points_at_block_[block];
  for (std::size_t i = block * kBlock; i < byte_offset; ++i)
    count += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
  return count;
}

std::size_t OffsetMap::to_byte(std::size_t code_point_offset) const {
  if (code_point_offset > code_points_)
    throw invalid_argument("code point offset " + std::to_string(code_point_offset) +
                           " is past the end of a " + std::to_string(code_points_) + "-character text");
  // Binary search for the last block starting at or before the code point, then scan.
  std::size_t lo = 0, hi = code_points_at_block_.size() - 1;
  while (lo + 1 < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (code_points_at_block_[mid] <= code_point_offset)
      lo = mid;
    else
      hi = mid;
  }
  std::size_t byte = lo * kBlock;
  std::size_t count = code_points_at_block_[lo];
  while (byte < text_.size()) {
    const bool starts = (static_cast<unsigned char>(text_[byte]) & 0xC0) != 0x80;
    if (starts) {
      if (count == code_point_offset) return byte;
      ++count;
    }
    ++byte;
  }
  return text_.size();
}

}  // namespace treatytext
