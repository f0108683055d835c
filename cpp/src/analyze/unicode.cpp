#include "analyze/unicode.hpp"

#include <utf8proc.h>

#include "treatytext/detail/utf8.hpp"
#include "treatytext/error.hpp"
#include "treatytext/text.hpp"

namespace treatytext::detail {

CharKind char_kind(char32_t cp, bool keep_apostrophes, bool keep_hyphens) noexcept {
  switch (cp) {
    case U'\'':
    case U'\u2019':
      return keep_apostrophes ? CharKind::apostrophe : CharKind::separator;
    case U'-':
    case U'\u2010':
    case U'\u2011':
      return keep_hyphens ? CharKind::hyphen : CharKind::separator;
    case U'\u200C':
    case U'\u200D':
    case U'\u00AD':
    case U'\u2060':
    case U'\uFEFF':
      return CharKind::joiner;
    default:
      break;
  }
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return CharKind::letter;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return CharKind::mark;
    case UTF8PROC_CATEGORY_ND:
      return CharKind::digit;
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return CharKind::number;
    default:
      return CharKind::separator;
  }
}

int utf8proc_options_for(int normalization, bool case_fold, bool strip_accents) noexcept {
  int options = 0;
  if (normalization == 1) options |= UTF8PROC_STABLE | UTF8PROC_COMPOSE;
  if (normalization == 2) options |= UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE;
  if (case_fold) options |= UTF8PROC_CASEFOLD;
  // Stripping marks needs a decomposition; recomposing afterwards keeps Hangul syllables and
  // other canonical compositions intact even when no normalization was asked for.
  if (strip_accents) options |= UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE;
  return options;
}

std::size_t normalize_word(std::string_view word, int utf8proc_options, UnicodeScratch& scratch,
                           std::string& out) {
  // Pass 1: drop joiners, write connectors in ASCII. Every connector inside a word span is an
  // internal one: the splitter never includes a leading or trailing connector.
  std::string& clean = scratch.utf8;
  clean.clear();
  std::size_t code_points = 0;
  for (std::size_t pos = 0; pos < word.size();) {
    const std::size_t begin = pos;
    const char32_t cp = read_utf8(word, pos);
    switch (cp) {
      case U'\u2019':
        clean += '\'';
        break;
      case U'\u2010':
      case U'\u2011':
        clean += '-';
        break;
      case U'\u200C':
      case U'\u200D':
      case U'\u00AD':
      case U'\u2060':
      case U'\uFEFF':
        continue;
      default:
        clean.append(word.substr(begin, pos - begin));
    }
    ++code_points;
  }
  if (utf8proc_options == 0) {
    out += clean;
    return code_points;
  }

  // Pass 2: utf8proc decomposes (with folding, mark stripping) into UTF-32, then composes.
  auto& buffer = scratch.code_points;
  if (buffer.size() < clean.size() + 16) buffer.resize(clean.size() + 16);
  const auto* input = reinterpret_cast<const utf8proc_uint8_t*>(clean.data());
  const auto options = static_cast<utf8proc_option_t>(utf8proc_options);
  utf8proc_ssize_t length = 0;
  for (;;) {
    length = utf8proc_decompose(input, static_cast<utf8proc_ssize_t>(clean.size()), buffer.data(),
                                static_cast<utf8proc_ssize_t>(buffer.size()), options);
    if (length < 0) throw error(std::string("utf8proc failed on a word: ") + utf8proc_errmsg(length));
    if (static_cast<std::size_t>(length) <= buffer.size()) break;
    buffer.resize(static_cast<std::size_t>(length));
  }
  length = utf8proc_normalize_utf32(buffer.data(), length, options);
  if (length < 0) throw error(std::string("utf8proc failed on a word: ") + utf8proc_errmsg(length));
  code_points = 0;
  for (utf8proc_ssize_t i = 0; i < length; ++i) {
    if (buffer[static_cast<std::size_t>(i)] == ' ') continue;
    append_utf8(out, static_cast<char32_t>(buffer[static_cast<std::size_t>(i)]));
    ++code_points;
  }
  return code_points;
}

}  // namespace treatytext::detail
