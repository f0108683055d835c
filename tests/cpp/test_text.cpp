// Tests of the text stage: UTF-8 validation (byte offsets of errors), U+FFFD repair as Python's
// bytes.decode("utf-8", "replace") does it, code point decoding, the OffsetMap and the lines of a buffer
// (LineSource).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "treatytext/error.hpp"
#include "treatytext/terms.hpp"
#include "treatytext/text.hpp"

namespace tt = treatytext;

namespace {

const std::string kReplacement = "\xEF\xBF\xBD";

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST(FindInvalidUtf8, ValidTextHasNoOffset) {
  EXPECT_EQ(tt::find_invalid_utf8(""), std::string_view::npos);
  EXPECT_EQ(tt::find_invalid_utf8("plain ASCII, long enough for the eight-byte path"),
            std::string_view::npos);
  EXPECT_EQ(
      tt::find_invalid_utf8("Vertrag \xC3\xBC \xE2\x80\x93 \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF"),
      std::string_view::npos);
  EXPECT_EQ(tt::find_invalid_utf8(std::string("a\0b", 3)), std::string_view::npos);  // NUL is valid
}

TEST(FindInvalidUtf8, NamesTheFirstBadByte) {
  EXPECT_EQ(tt::find_invalid_utf8("\x80"), 0u);                      // lone continuation
  EXPECT_EQ(tt::find_invalid_utf8("abc\xC0\xAF"), 3u);               // overlong "/"
  EXPECT_EQ(tt::find_invalid_utf8("abcdefghij\xE0\x80\x80"), 10u);   // overlong, after the fast path
  EXPECT_EQ(tt::find_invalid_utf8("ok \xED\xA0\x80"), 3u);           // surrogate U+D800
  EXPECT_EQ(tt::find_invalid_utf8("\xC3\xBC\xF4\x90\x80\x80"), 2u);  // above U+10FFFF
  EXPECT_EQ(tt::find_invalid_utf8("12345678\xE2\x82"), 8u);          // truncated at the end
  EXPECT_EQ(tt::find_invalid_utf8("\xE2\x82\xAC\xF5\x80"), 3u);      // F5 never starts a sequence
  EXPECT_EQ(tt::find_invalid_utf8("x\xE2\x82"
                                  "A"),
            1u);  // continuation missing
}

TEST(ValidateUtf8, StrictThrowsWithTheByteOffset) {
  const std::string text = "Article 5 \xE2\x80\x93 text \xFF more";
  try {
    tt::validate_utf8(text);
    FAIL() << "expected encoding_error";
  } catch (const tt::encoding_error& e) {
    EXPECT_EQ(e.byte_offset(), 19u);  // 10 + 3 (the dash) + 6
    EXPECT_NE(std::string(e.what()).find("byte 19"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("0xff"), std::string::npos) << e.what();
  }
  EXPECT_THROW(tt::validate_utf8("\xC0\xAF", tt::InvalidUtf8::strict), tt::error);  // a treatytext::error
}

TEST(ValidateUtf8, ValidTextComesBackUnchanged) {
  const std::string text = "Se\xC3\xB1or \xE2\x80\x9Cquoted\xE2\x80\x9D \xF0\x9F\x98\x80";
  EXPECT_EQ(tt::validate_utf8(text), text);
  EXPECT_EQ(tt::validate_utf8(text, tt::InvalidUtf8::replace), text);
  EXPECT_EQ(tt::validate_utf8(""), "");
}

// Expected values are the output of Python's bytes.decode("utf-8", "replace"): one U+FFFD per
// maximal subpart of an ill-formed sequence.
TEST(ValidateUtf8, ReplaceMatchesPython) {
  const auto fix = [](const std::string& s) { return tt::validate_utf8(s, tt::InvalidUtf8::replace); };
  const std::string r = kReplacement;
  EXPECT_EQ(fix("\xC0\xAF"), r + r);
  EXPECT_EQ(fix("\xE0\x80\x80"), r + r + r);
  EXPECT_EQ(fix("\xED\xA0\x80"), r + r + r);
  EXPECT_EQ(fix("\xF4\x90\x80\x80"), r + r + r + r);
  EXPECT_EQ(fix("\xE2\x82"), r);
  EXPECT_EQ(fix("\xE2\x82"
                "A"),
            r + "A");
  EXPECT_EQ(fix("\xF0\x9F\x98"
                "A"),
            r + "A");
  EXPECT_EQ(fix("\x80"), r);
  EXPECT_EQ(fix("\xF5\x80"), r + r);
  EXPECT_EQ(fix("a\xE2\x82\xAC"
                "b\xFF"),
            "a\xE2\x82\xAC"
            "b" +
                r);
}

TEST(DecodeUtf8, RoundTripsBoundaryCodePoints) {
  const std::vector<char32_t> code_points = {0x0,    0x41,   0x7F,   0x80,   0x7FF,   0x800,
                                             0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF};
  std::string text;
  for (const char32_t cp : code_points) tt::append_utf8(text, cp);
  EXPECT_EQ(text.size(), 1 + 1 + 1 + 2 + 2 + 3 + 3 + 3 + 3 + 3 + 4 + 4u);
  EXPECT_EQ(tt::find_invalid_utf8(text), std::string_view::npos);
  std::size_t pos = 0;
  for (const char32_t cp : code_points) EXPECT_EQ(tt::decode_utf8(text, pos), cp);
  EXPECT_EQ(pos, text.size());
}

TEST(OffsetMap, EmptyText) {
  const tt::OffsetMap map("");
  EXPECT_EQ(map.code_points(), 0u);
  EXPECT_EQ(map.to_code_point(0), 0u);
  EXPECT_EQ(map.to_byte(0), 0u);
  EXPECT_THROW((void)map.to_code_point(1), tt::invalid_argument);
  EXPECT_THROW((void)map.to_byte(1), tt::invalid_argument);
}

TEST(OffsetMap, MatchesANaiveCountAcrossBlocks) {
  // Mixed 1-, 2-, 3- and 4-byte characters over several 64-byte blocks.
  const std::string unit = "a\xC3\xA9\xE2\x80\x93\xF0\x9F\x98\x80 ";  // a é – 😀 space
  const std::string text = repeat(unit, 40);
  const tt::OffsetMap map(text);
  std::vector<std::size_t> starts;  // byte offset of each code point
  for (std::size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  ASSERT_EQ(map.code_points(), starts.size());
  EXPECT_EQ(map.code_points(), 5u * 40);
  for (std::size_t cp = 0; cp < starts.size(); ++cp) {
    EXPECT_EQ(map.to_code_point(starts[cp]), cp);
    EXPECT_EQ(map.to_byte(cp), starts[cp]);
  }
  EXPECT_EQ(map.to_code_point(text.size()), starts.size());
  EXPECT_EQ(map.to_byte(starts.size()), text.size());
  EXPECT_THROW((void)map.to_code_point(text.size() + 1), tt::invalid_argument);
  EXPECT_THROW((void)map.to_byte(starts.size() + 1), tt::invalid_argument);
}

TEST(OffsetMap, RandomTextsAgreeWithNaiveCount) {
  std::mt19937 rng(7);
  const std::vector<char32_t> alphabet = {U'a', U' ', U'\n', U'\u00FC', U'\u2013', U'\u4E2D', U'\U0001F600'};
  for (int round = 0; round < 50; ++round) {
    std::string text;
    const int length = static_cast<int>(rng() % 400);
    for (int i = 0; i < length; ++i) tt::append_utf8(text, alphabet[rng() % alphabet.size()]);
    const tt::OffsetMap map(text);
    std::size_t cp = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
      const bool boundary = i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
      if (!boundary) continue;
      ASSERT_EQ(map.to_code_point(i), cp);
      ASSERT_EQ(map.to_byte(cp), i);
      ++cp;
    }
    EXPECT_EQ(map.code_points(), static_cast<std::size_t>(length));
  }
}

TEST(LineSource, LinesAsPythonIteratesThemWithoutTheirLineEnd) {
  const auto lines_of = [](std::string_view buffer) {
    const treatytext::LineSource source(buffer);
    std::vector<std::string> lines;
    std::string scratch;
    for (std::size_t i = 0; i < source.size(); ++i) {
      lines.emplace_back(source.text(i, scratch));
      EXPECT_EQ(source.weight(i), lines.back().size());
    }
    return lines;
  };
  using Lines = std::vector<std::string>;
  EXPECT_EQ(lines_of(""), Lines{});
  EXPECT_EQ(lines_of("a"), (Lines{"a"}));
  EXPECT_EQ(lines_of("a\n"), (Lines{"a"}));
  EXPECT_EQ(lines_of("\n"), (Lines{""}));
  EXPECT_EQ(lines_of("a\n\nb"), (Lines{"a", "", "b"}));
  // Universal newlines, as Python's text files: "\r\n" and a lone "\r" end lines too.
  EXPECT_EQ(lines_of("a\r\nb\n\n"), (Lines{"a", "b", ""}));
  EXPECT_EQ(lines_of("lone\rcr\r\n\r\nend\r"), (Lines{"lone", "cr", "", "end"}));
  EXPECT_EQ(lines_of("\r"), (Lines{""}));
  EXPECT_EQ(lines_of("a\r\r\nb"), (Lines{"a", "", "b"}));
  EXPECT_EQ(lines_of("Article 1\xc3\xa9\nx"), (Lines{"Article 1\xc3\xa9", "x"}));
}

TEST(LineSource, InvalidUtf8NamesTheLineAndBothOffsets) {
  const std::string buffer =
      "ok\nfine\nab\xff"
      "cd\n";
  try {
    const treatytext::LineSource source(buffer);
    FAIL() << "no error";
  } catch (const treatytext::encoding_error& e) {
    EXPECT_EQ(e.byte_offset(), 10u);
    const std::string message = e.what();
    EXPECT_NE(message.find("line 2 (byte 10 of the buffer): invalid UTF-8 at byte 2 (0xff"),
              std::string::npos)
        << message;
  }
  // A sequence cut by the end of the buffer, on a last line without a newline.
  EXPECT_THROW(treatytext::LineSource("a\n\xc3"), treatytext::encoding_error);
}
