// Stage 0 — text: UTF-8 validation and offset mapping. Every later stage works on byte
// offsets into the caller's original text; Python sees code-point offsets through OffsetMap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace treatytext {

/// What to do with bytes that are not valid UTF-8.
enum class InvalidUtf8 : std::uint8_t {
  strict,   ///< throw encoding_error naming the byte offset of the first bad byte
  replace,  ///< replace each maximal invalid subsequence by U+FFFD (as Python's "replace")
};

/// Returns the byte offset of the first invalid UTF-8 sequence (overlongs, surrogates and
/// code points above U+10FFFF are invalid), or std::string_view::npos if the text is valid.
std::size_t find_invalid_utf8(std::string_view text) noexcept;

/// Checks text; returns it unchanged when valid. With InvalidUtf8::strict throws
/// treatytext::encoding_error ("invalid UTF-8 at byte N: ..."); with replace returns a repaired
/// copy. Offsets computed later refer to the returned string.
std::string validate_utf8(std::string_view text, InvalidUtf8 policy = InvalidUtf8::strict);

/// Decodes one code point at text[pos] (pos < text.size()) and advances pos past it. Meant for
/// valid UTF-8; a malformed sequence reads as U+FFFD and advances one byte, so a broken text
/// never makes the caller read past its end.
char32_t decode_utf8(std::string_view text, std::size_t& pos) noexcept;

/// Appends the UTF-8 encoding of a code point (<= U+10FFFF; surrogates as 3 bytes).
void append_utf8(std::string& out, char32_t code_point);

/// Maps byte offsets of a valid UTF-8 text to code-point offsets and back, in O(1) after an
/// O(n) build (a sampled table: one entry every 64 bytes plus a short scan).
class OffsetMap {
 public:
  /// Builds the table over utf8_text (valid UTF-8), which must outlive the map.
  explicit OffsetMap(std::string_view utf8_text);
  /// Code-point offset of a byte offset that lies on a character boundary (or == size).
  [[nodiscard]] std::size_t to_code_point(std::size_t byte_offset) const;
  /// Byte offset of a code-point offset (<= number of code points).
  [[nodiscard]] std::size_t to_byte(std::size_t code_point_offset) const;
  /// Number of code points in the whole text.
  [[nodiscard]] std::size_t code_points() const noexcept { return code_points_; }

 private:
  std::string_view text_;
  std::vector<std::size_t> code_points_at_block_;  // code points before byte 64*i
  std::size_t code_points_ = 0;
};

}  // namespace treatytext
