#include "segment/sentences.hpp"

#include <utf8proc.h>

#include <cstdint>
#include <cstring>
#include <iterator>

#include "segment/chars.hpp"

namespace treatytext::detail {
namespace {

// Words a period does not end a sentence after (case as written; the period is implied).
// Dotted acronyms (U.N., e.g.) and single capitals (initials) are recognised by shape.
constexpr std::string_view kAbbreviations[] = {
    "Mr",   "Mrs",  "Ms",  "Dr",   "Prof",  "Sr",   "Jr",     "St",   "Mt",   "Gen",  "Col",  "Lt",   "Sgt",
    "Capt", "Gov",  "Sen", "Rep",  "Hon",   "Rev",  "Amb",    "Pres", "Art",  "Arts", "art",  "arts", "No",
    "Nos",  "no",   "nos", "Para", "Paras", "para", "paras",  "Sec",  "Secs", "sec",  "Ch",   "Chap", "ch",
    "Vol",  "Vols", "vol", "p",    "pp",    "ed",   "eds",    "Fig",  "fig",  "cf",   "Cf",   "vs",   "v",
    "Inc",  "Ltd",  "Co",  "Corp", "Bros",  "Dept", "approx", "ca",   "viz",  "ibid", "Ibid", "Jan",  "Feb",
    "Apr",  "Jun",  "Jul", "Aug",  "Sep",   "Sept", "Oct",    "Nov",  "Dec",
};

// "etc." ends a sentence before a capital but not before anything else ("etc. (see below)").
constexpr std::string_view kEtc = "etc";

// Decodes the code point at pos without reading past end; 0 for an invalid sequence.
char32_t code_point_at(std::string_view text, std::size_t pos, std::size_t end,
                       std::size_t& length) noexcept {
  const unsigned char b0 = byte_at(text, pos);
  length = 1;
  if (b0 < 0x80) return b0;
  std::size_t n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  if (n == 0 || pos + n > end) return 0;
  char32_t cp = b0 & (0x7F >> n);
  for (std::size_t i = 1; i < n; ++i) {
    const unsigned char b = byte_at(text, pos + i);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  length = n;
  return cp;
}

utf8proc_category_t category(char32_t cp) noexcept {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp));
}

// Length of a closing quote or bracket at pos (" ' ) ] ’ ” » ...), or 0.
std::size_t closer_at(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  const unsigned char b = byte_at(text, pos);
  if (b == '"' || b == '\'' || b == ')' || b == ']') return 1;
  if (b < 0x80) return 0;
  std::size_t length = 0;
  const char32_t cp = code_point_at(text, pos, end, length);
  const auto c = category(cp);
  return c == UTF8PROC_CATEGORY_PE || c == UTF8PROC_CATEGORY_PF ? length : 0;
}

// Whether the character at pos can open a sentence; capital_only asks for a capital letter.
bool opens_sentence(std::string_view text, std::size_t pos, std::size_t end, bool capital_only) noexcept {
  const unsigned char b = byte_at(text, pos);
  if (b < 0x80) {
    if (is_ascii_upper(b)) return true;
    if (capital_only) return false;
    return is_ascii_digit(b) || b == '"' || b == '\'' || b == '(' || b == '[';
  }
  std::size_t length = 0;
  const char32_t cp = code_point_at(text, pos, end, length);
  if (cp == 0) return false;
  const auto c = category(cp);
  if (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT) return true;
  if (capital_only) return false;
  return c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_PS ||
         c == UTF8PROC_CATEGORY_PI || cp == U'\u00BF' || cp == U'\u00A1';  // ¿ ¡
}

// The word before a period at pos: back to white space or an opening bracket or quote.
std::string_view word_before(std::string_view text, std::size_t begin, std::size_t pos) noexcept {
  constexpr std::size_t kLongest = 32;  // longer words are never abbreviations
  std::size_t start = pos;
  while (start > begin && pos - start <= kLongest) {
    const unsigned char b = byte_at(text, start - 1);
    if (is_ascii_space(b) || is_line_break(b) || b == '(' || b == '[' || b == '"' || b == '\'') break;
    if (b >= 0x80) {  // stop at non-ASCII spaces and quotes (“ ‘ «), keep letters
      std::size_t lead = start - 1;
      while (lead > begin && (byte_at(text, lead) & 0xC0) == 0x80 && start - lead < 4) --lead;
      if (space_at(text, lead, start) == start - lead) break;
      std::size_t length = 0;
      const auto c = category(code_point_at(text, lead, start, length));
      if (c == UTF8PROC_CATEGORY_PI || c == UTF8PROC_CATEGORY_PS) break;
      start = lead;
      continue;
    }
    --start;
  }
  if (pos - start > kLongest) return {};
  return text.substr(start, pos - start);
}

// "U.S", "e.g", "i.e", "U.S.A", "Ph.D": letters in groups of one to three separated by periods.
bool is_dotted_acronym(std::string_view word) noexcept {
  if (word.find('.') == std::string_view::npos) return false;
  std::size_t group = 0;
  for (const char ch : word) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '.') {
      if (group == 0) return false;
      group = 0;
    } else if (is_ascii_upper(c) || is_ascii_lower(c)) {
      if (++group > 3) return false;
    } else {
      return false;
    }
  }
  return group > 0;
}

// First position in [pos, end) that may start a terminator (. ! ? or the lead byte of …),
// eight bytes at a time: most of a text is words and spaces.
std::size_t find_terminator(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  while (pos + 8 <= end) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + pos, 8);
    if (has_zero(word ^ (ones * '.')) | has_zero(word ^ (ones * '!')) | has_zero(word ^ (ones * '?')) |
        has_zero(word ^ (ones * 0xE2)))
      break;
    pos += 8;
  }
  while (pos < end) {
    const unsigned char b = byte_at(text, pos);
    if (b == '.' || b == '!' || b == '?' || b == 0xE2) break;
    ++pos;
  }
  return pos;
}

}  // namespace

Abbreviations::Abbreviations(const std::vector<std::string>& extra) : extra_(extra) {
  words_.reserve(std::size(kAbbreviations) + extra_.size());
  words_.insert(std::begin(kAbbreviations), std::end(kAbbreviations));
  for (const auto& word : extra_) {
    std::string_view view = word;
    while (!view.empty() && view.back() == '.') view.remove_suffix(1);  // "Sec." == "Sec"
    if (!view.empty()) words_.insert(view);
  }
}

bool Abbreviations::contains(std::string_view word) const noexcept { return words_.count(word) > 0; }

void split_sentences(std::string_view text, std::size_t begin, std::size_t end,
                     const Abbreviations& abbreviations,
                     std::vector<std::pair<std::size_t, std::size_t>>& out) {
  begin = skip_space_and_breaks(text, begin, end);
  end = trim_back(text, begin, end);
  if (begin >= end) return;
  std::size_t sentence = begin;
  std::size_t i = begin;
  while ((i = find_terminator(text, i, end)) < end) {
    const unsigned char b = byte_at(text, i);
    std::size_t stop = 0;  // length of the terminator at i
    if (b == '.' || b == '!' || b == '?') {
      stop = 1;
    } else if (b == 0xE2 && i + 2 < end && byte_at(text, i + 1) == 0x80 && byte_at(text, i + 2) == 0xA6) {
      stop = 3;  // …
    } else {
      ++i;
      continue;
    }
    std::size_t j = i + stop;
    while (j < end && (byte_at(text, j) == '.' || byte_at(text, j) == '!' || byte_at(text, j) == '?')) ++j;
    while (j < end) {
      const std::size_t length = closer_at(text, j, end);
      if (length == 0) break;
      j += length;
    }
    if (j >= end) break;
    if (space_at(text, j, end) == 0 && !is_line_break(byte_at(text, j))) {
      i = j;  // "3.5", "U.N.", "e.g.": no white space after the period
      continue;
    }
    const std::size_t next = skip_space_and_breaks(text, j, end);
    if (next >= end) break;
    bool capital_only = false;
    if (b == '.' && j == i + 1) {
      const std::string_view word = word_before(text, sentence, i);
      if (word == kEtc) {
        capital_only = true;
      } else if (abbreviations.contains(word) || is_dotted_acronym(word) ||
                 (word.size() == 1 && is_ascii_upper(static_cast<unsigned char>(word[0])))) {
        i = next;
        continue;
      }
    }
    if (opens_sentence(text, next, end, capital_only)) {
      out.emplace_back(sentence, j);
      sentence = next;
    }
    i = next;
  }
  out.emplace_back(sentence, end);
}

}  // namespace treatytext::detail
