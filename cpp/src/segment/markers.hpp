// Internal to the segment stage: recognising the marker at the start of a line (headings,
// numbered paragraphs, lettered and roman items, bullets). Each test looks at a bounded number
// of bytes, so classifying a line costs O(1) whatever its length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "treatytext/segment.hpp"

namespace treatytext::detail {

enum class MarkerType : std::uint8_t { none, heading, number, letter, roman, letter_or_roman, bullet };

/// How the marker is punctuated: "1." / "a." (dot), "1)" / "a)" (close), "(1)" / "(a)" (parens).
enum class MarkerForm : std::uint8_t { none, dot, close, parens };

/// Heading ranks: a heading closes every open heading of the same or a lower rank.
enum HeadingRank : std::uint8_t { rank_part = 0, rank_chapter = 1, rank_section = 2, rank_article = 3 };

struct Marker {
  MarkerType type = MarkerType::none;
  MarkerForm form = MarkerForm::none;
  bool upper = false;           ///< letters or roman numerals in upper case
  std::uint8_t depth = 0;       ///< number: dot-separated components ("1.2" -> 2)
  std::uint8_t rank = 0;        ///< heading: HeadingRank
  int letter = 0;               ///< as a letter: a=1 .. z=26, aa=27 .. zz=52; 0 if not a letter
  int roman = 0;                ///< as a roman numeral: its value; 0 if not one
  char32_t glyph = 0;           ///< bullet: its character
  std::size_t indent = 0;       ///< bytes of indentation before the marker
  std::size_t label_begin = 0;  ///< the marker as written: [label_begin, label_end)
  std::size_t label_end = 0;
  std::size_t rest = 0;  ///< first non-blank byte after the marker (and a heading's separator)
};

/// Classifies the line [line_begin, line_end) whose first non-blank byte is at first. Only the
/// marker families enabled in options are recognised; returns type none otherwise.
Marker match_marker(std::string_view text, std::size_t line_begin, std::size_t first, std::size_t line_end,
                    const SegmentOptions& options) noexcept;

/// Value of a roman numeral in canonical form (i, iv, xiv, ...; all one case), or 0.
int roman_value(std::string_view numeral) noexcept;

}  // namespace treatytext::detail
