// Stage 1 — segment: text -> clauses (articles, numbered paragraphs, lettered items, bullets,
// blank-line paragraphs, sentences) with exact byte offsets and a parent hierarchy.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace treatytext {

enum class ClauseKind : std::uint8_t { article, paragraph, item, bullet, sentence };

/// "article", "paragraph", "item", "bullet", "sentence".
std::string_view to_string(ClauseKind kind) noexcept;
/// Inverse of to_string; throws invalid_argument for an unknown name.
ClauseKind clause_kind_from_string(std::string_view name);

/// One clause. [start, end) is the clause text in bytes, marker excluded and surrounding white
/// space trimmed; a parent's range contains its children's ranges.
struct Clause {
  ClauseKind kind = ClauseKind::paragraph;
  std::string label;             ///< marker as written: "Article 4", "2.", "(a)", "–"; empty if none
  std::size_t label_start = 0;   ///< byte offset of the marker (== start when label is empty)
  std::size_t start = 0;         ///< byte offset of the first byte of the text
  std::size_t end = 0;           ///< byte offset one past the last byte of the text
  int level = 0;                 ///< depth in the hierarchy, 0 at the top
  std::int64_t parent = -1;      ///< index of the parent clause in the result, -1 at the top
};

struct SegmentOptions {
  bool headings = true;   ///< "Article 4", "ARTICLE IV", "Art. 4", "Section 2", "Chapter III", "PART I"
  bool numbered = true;   ///< "1.", "1)", "(1)", "1.2"
  bool items = true;      ///< "(a)", "a)", "a.", "(iv)"
  bool bullets = true;    ///< lines starting with – — - • * ·
  bool sentences = true;  ///< split a leaf clause into sentence children when it has two or more
  std::vector<std::string> abbreviations;  ///< added to the built-in list (U.N., Art., No., e.g., Mr., ...)
};

/// Segments UTF-8 text (validated by the caller) into every clause of the hierarchy, in
/// document order (a parent precedes its children). Markers count only at the start of a line;
/// \n, \r\n and \r all end a line. Empty or white-space-only text gives an empty result.
std::vector<Clause> segment(std::string_view text, const SegmentOptions& options = {});

}  // namespace treatytext
