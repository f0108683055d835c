// Internal to the analyzer: character classes for word splitting and the Unicode (utf8proc)
// normalization of one word. The ASCII fast path lives in analyzer.cpp; everything here is
// used only for bytes >= 0x80.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace treatytext::detail {

/// What a code point is to the word splitter.
enum class CharKind : std::uint8_t {
  separator,
  letter,      ///< L*
  digit,       ///< Nd: may be joined by '.' or ','
  number,      ///< Nl, No
  mark,        ///< M*: continues a word, never starts one
  apostrophe,  ///< ' ’ (a connector when keep_apostrophes)
  hyphen,      ///< - ‐ ‑ (a connector when keep_hyphens)
  joiner,      ///< ZWJ, ZWNJ, soft hyphen, word joiner, U+FEFF: invisible, dropped from terms
};

/// Kind of a code point, with connectors turned into separators when their option is off.
CharKind char_kind(char32_t cp, bool keep_apostrophes, bool keep_hyphens) noexcept;

inline bool starts_word(CharKind kind) noexcept {
  return kind == CharKind::letter || kind == CharKind::digit || kind == CharKind::number;
}

/// Scratch buffers reused across words (one set per analyzer context).
struct UnicodeScratch {
  std::string utf8;
  std::vector<std::int32_t> code_points;
  std::string out;  ///< a normalized word before it is copied into a term arena
};

/// Appends the normalized form of one source word to `out` and returns its length in code
/// points. `word` is a whole word span as found by the splitter: joiners are dropped,
/// connectors written as ASCII ' and -, then utf8proc applies `utf8proc_options` (0 = none).
/// Spaces produced by compatibility decomposition (U+FDFA) are dropped so that a term never
/// contains the n-gram separator.
std::size_t normalize_word(std::string_view word, int utf8proc_options, UnicodeScratch& scratch,
                           std::string& out);

/// The utf8proc option set for an analyzer's normalization, folding and accent stripping.
int utf8proc_options_for(int normalization, bool case_fold, bool strip_accents) noexcept;

}  // namespace treatytext::detail
