// Implementation detail (not API): the one UTF-8 encoder and decoder of the core and the
// bindings, inline because tokenizers call them once per character. Public only because the
// bindings (which see cpp/include alone) encode Python strings with them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace treatytext::detail {

/// The largest Unicode code point.
inline constexpr char32_t kMaxCodePoint = 0x10FFFF;

/// Bytes of the UTF-8 form of a code point (1 to 4; surrogates take 3).
constexpr std::size_t utf8_length(char32_t code_point) noexcept {
  return code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
}

/// Writes the UTF-8 form of a code point (<= U+10FFFF) at out, which needs room for
/// utf8_length(code_point) bytes, and returns the end. Surrogates are written as 3 bytes (as
/// Python's "surrogatepass"); callers that must refuse them check before (the destination comes
/// first, as in std::string's append).
inline char* write_utf8(char* out, char32_t code_point) noexcept {
  const auto cp = static_cast<std::uint32_t>(code_point);
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

/// Decodes the code point at p (p < end) and advances p past it. Surrogates encoded as 3 bytes
/// are decoded; an overlong, truncated or otherwise malformed sequence, a stray continuation
/// byte or a code point above U+10FFFF yields U+FFFD and consumes one byte, so that no input,
/// however broken, makes a reader go past end. On valid UTF-8 this is plain decoding.
inline char32_t read_utf8(const unsigned char*& p, const unsigned char* end) noexcept {
  const unsigned lead = p[0];
  if (lead < 0x80) {  // most characters of most texts: checked first
    ++p;
    return static_cast<char32_t>(lead);
  }
  const std::ptrdiff_t left = end - p;
  if (lead >= 0xC2 && lead < 0xE0 && left >= 2 && (p[1] & 0xC0) == 0x80) {
    p += 2;
    return ((lead & 0x1Fu) << 6) | (p[-1] & 0x3Fu);
  }
  if (lead >= 0xE0 && lead < 0xF0 && left >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
    const char32_t cp = ((lead & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    if (cp >= 0x800) {
      p += 3;
      return cp;
    }
  }
  if (lead >= 0xF0 && lead < 0xF5 && left >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
      (p[3] & 0xC0) == 0x80) {
    const char32_t cp =
        ((lead & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
    if (cp >= 0x10000 && cp <= kMaxCodePoint) {
      p += 4;
      return cp;
    }
  }
  ++p;
  return 0xFFFD;
}

/// read_utf8 at text[pos] (pos < text.size()), advancing pos: the form for string views.
inline char32_t read_utf8(std::string_view text, std::size_t& pos) noexcept {
  const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* p = begin + pos;
  const char32_t cp = read_utf8(p, begin + text.size());
  pos = static_cast<std::size_t>(p - begin);
  return cp;
}

}  // namespace treatytext::detail
