#include "segment/markers.hpp"

#include <array>

#include "segment/chars.hpp"

namespace treatytext::detail {
namespace {

struct HeadingKeyword {
  std::string_view word;
  std::uint8_t rank;
  bool abbreviated;  // "Art." may touch its number ("Art.5")
};

// English first (the contract), then the French and Spanish forms found in ToTA.
constexpr std::array<HeadingKeyword, 22> kHeadingKeywords{{
    {"Article", rank_article, false},  {"ARTICLE", rank_article, false},  {"Art.", rank_article, true},
    {"ART.", rank_article, true},      {"Artículo", rank_article, false}, {"ARTÍCULO", rank_article, false},
    {"Section", rank_section, false},  {"SECTION", rank_section, false},  {"Sección", rank_section, false},
    {"SECCIÓN", rank_section, false},  {"Chapter", rank_chapter, false},  {"CHAPTER", rank_chapter, false},
    {"Chapitre", rank_chapter, false}, {"CHAPITRE", rank_chapter, false}, {"Capítulo", rank_chapter, false},
    {"CAPÍTULO", rank_chapter, false}, {"Part", rank_part, false},        {"PART", rank_part, false},
    {"Partie", rank_part, false},      {"PARTIE", rank_part, false},      {"Parte", rank_part, false},
    {"PARTE", rank_part, false},
}};

constexpr std::size_t kMaxRomanLength = 15;

bool ends_word(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  return pos >= end || !is_ascii_alnum(byte_at(text, pos));
}

// Length of a dash or colon separator at pos ("." ":" "-" "–" "—"), or 0.
std::size_t separator_at(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  const unsigned char b = byte_at(text, pos);
  if (b == '.' || b == ':' || b == '-') return 1;
  if (b == 0xE2 && pos + 2 < end && byte_at(text, pos + 1) == 0x80) {
    const unsigned char b2 = byte_at(text, pos + 2);
    if (b2 == 0x93 || b2 == 0x94) return 3;  // – —
  }
  return 0;
}

// "(Objectives)" after a heading number is a title unless it is a cross-reference: a lowercase
// or numbered parenthesis ("(1)", "(a)"), or running text after it ("(Scope) shall apply").
bool parenthesised_title(std::string_view text, std::size_t open, std::size_t end) noexcept {
  constexpr std::size_t kLongest = 200;
  if (open + 1 >= end || !is_ascii_upper(byte_at(text, open + 1))) return false;
  std::size_t close = open + 1;
  while (close < end && close - open < kLongest && byte_at(text, close) != ')') ++close;
  if (close >= end || byte_at(text, close) != ')') return true;  // unclosed: leave it to the title
  const std::size_t after = skip_space(text, close + 1, end);
  if (after >= end) return true;
  const unsigned char c = byte_at(text, after);
  return !(is_ascii_lower(c) || is_ascii_digit(c) || c == ',' || c == ';' || c == '(');
}

// End of a heading number at pos (arabic "12", "1.2", "5bis", "2A"; roman "IV"; a letter "A"),
// or pos if there is none.
std::size_t heading_number_end(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  std::size_t p = pos;
  if (p < end && is_ascii_digit(byte_at(text, p))) {
    std::size_t digits = 0;
    while (p < end && is_ascii_digit(byte_at(text, p)) && digits < 4) ++p, ++digits;
    if (p < end && is_ascii_digit(byte_at(text, p))) return pos;  // a year or an amount
    for (int parts = 0; parts < 4; ++parts) {                     // "1.2.3"
      if (p + 1 < end && byte_at(text, p) == '.' && is_ascii_digit(byte_at(text, p + 1))) {
        p += 1;
        while (p < end && is_ascii_digit(byte_at(text, p))) ++p;
      } else {
        break;
      }
    }
    if (ends_word(text, p, end)) return p;
    for (std::string_view suffix : {"bis", "ter", "quater"})
      if (text.substr(p, suffix.size()) == suffix && ends_word(text, p + suffix.size(), end))
        return p + suffix.size();
    if (is_ascii_upper(byte_at(text, p)) && ends_word(text, p + 1, end)) return p + 1;  // "2A"
    return pos;
  }
  while (p < end && is_ascii_upper(byte_at(text, p)) && p - pos <= kMaxRomanLength) ++p;
  if (p == pos || !ends_word(text, p, end)) return pos;
  if (p - pos == 1 || roman_value(text.substr(pos, p - pos)) > 0) return p;  // "A", "IV"
  return pos;
}

Marker match_heading(std::string_view text, std::size_t first, std::size_t end) noexcept {
  Marker marker;
  const unsigned char head = byte_at(text, first);
  if (head != 'A' && head != 'S' && head != 'C' && head != 'P') return marker;
  for (const auto& keyword : kHeadingKeywords) {
    if (text.substr(first, keyword.word.size()) != keyword.word) continue;
    std::size_t p = first + keyword.word.size();
    const std::size_t number = skip_space(text, p, end);
    if (number == p && !keyword.abbreviated) continue;  // "Articles", "Partie" read as "Part"
    const std::size_t number_end = heading_number_end(text, number, end);
    if (number_end == number) continue;
    // What follows the number decides: a title or nothing makes a heading, running text
    // ("Article 5 of the Charter", "Article 5, paragraph 2") does not.
    std::size_t rest = skip_space(text, number_end, end);
    if (rest < end) {
      const unsigned char c = byte_at(text, rest);
      if (const std::size_t sep = separator_at(text, rest, end)) {
        if (rest + sep < end && space_at(text, rest + sep, end) == 0) continue;  // "5.5", "5-year"
        rest = skip_space(text, rest + sep, end);
      } else if (rest == number_end || is_ascii_lower(c) || is_ascii_digit(c) ||
                 (c < 0x80 && !is_ascii_upper(c) && c != '(' && c != '[' && c != '"' && c != '\'')) {
        continue;
      } else if (c == '(' && !parenthesised_title(text, rest, end)) {
        continue;  // "Article 3 (1) shall apply", "Article 5.6 (Confidentiality) shall apply"
      }
    }
    marker.type = MarkerType::heading;
    marker.rank = keyword.rank;
    marker.label_begin = first;
    marker.label_end = number_end;
    marker.rest = rest;
    return marker;
  }
  return marker;
}

// "1." "1)" "(1)" "1.2" "1.2." and "(a)" "a)" "a." "(iv)" "(A)" "IV)".
Marker match_enumerator(std::string_view text, std::size_t first, std::size_t end,
                        const SegmentOptions& options) noexcept {
  Marker marker;
  std::size_t p = first;
  const bool open = byte_at(text, p) == '(';
  if (open) ++p;
  const std::size_t body = p;
  if (p >= end) return marker;
  const unsigned char c0 = byte_at(text, p);
  if (is_ascii_digit(c0)) {
    if (!options.numbered) return marker;
    int depth = 0;
    while (true) {
      const std::size_t digits_begin = p;
      while (p < end && is_ascii_digit(byte_at(text, p)) && p - digits_begin < 4) ++p;
      if (p - digits_begin > 3 || (p < end && is_ascii_digit(byte_at(text, p)))) return marker;
      ++depth;
      if (!open && depth < 6 && p + 1 < end && byte_at(text, p) == '.' &&
          is_ascii_digit(byte_at(text, p + 1))) {
        ++p;
        continue;
      }
      break;
    }
    marker.type = MarkerType::number;
    marker.depth = static_cast<std::uint8_t>(depth);
  } else if (is_ascii_lower(c0) || is_ascii_upper(c0)) {
    if (!options.items) return marker;
    const bool upper = is_ascii_upper(c0);
    while (p < end && p - body <= kMaxRomanLength &&
           (upper ? is_ascii_upper(byte_at(text, p)) : is_ascii_lower(byte_at(text, p))))
      ++p;
    const std::size_t length = p - body;
    if (length > kMaxRomanLength) return marker;
    marker.upper = upper;
    const auto first_letter = byte_at(text, body);
    if (length == 1 || (length == 2 && byte_at(text, body + 1) == first_letter))
      marker.letter = (first_letter - (upper ? 'A' : 'a') + 1) + (length == 2 ? 26 : 0);
    marker.roman = roman_value(text.substr(body, length));
    if (marker.letter == 0 && marker.roman == 0) return marker;
    marker.type = marker.letter == 0  ? MarkerType::roman
                  : marker.roman == 0 ? MarkerType::letter
                                      : MarkerType::letter_or_roman;
  } else {
    return marker;
  }
  if (p >= end) return Marker{};
  const unsigned char close = byte_at(text, p);
  if (open) {
    if (close != ')') return Marker{};
    marker.form = MarkerForm::parens;
    ++p;
  } else if (close == ')') {
    marker.form = MarkerForm::close;
    ++p;
  } else if (close == '.' && !marker.upper) {
    marker.form = MarkerForm::dot;
    ++p;
  } else if (marker.type == MarkerType::number && marker.depth > 1) {
    marker.form = MarkerForm::dot;  // "1.2" without a final period
  } else {
    return Marker{};
  }
  // A marker stands alone: "1.5 million", "e.g." and "a)b" are text.
  if (p < end && space_at(text, p, end) == 0) return Marker{};
  marker.label_begin = first;
  marker.label_end = p;
  marker.rest = skip_space(text, p, end);
  if (marker.type == MarkerType::number && marker.depth > 1 && byte_at(text, p - 1) != '.' &&
      marker.rest < end && is_ascii_lower(byte_at(text, marker.rest)))
    return Marker{};
  return marker;
}

// Bullet glyph at pos: its code point and byte length, or {0, 0}.
std::pair<char32_t, std::size_t> bullet_glyph(std::string_view text, std::size_t pos,
                                              std::size_t end) noexcept {
  const unsigned char b = byte_at(text, pos);
  if (b == '-' || b == '*') return {b, 1};
  if (b == 0xC2 && pos + 1 < end && byte_at(text, pos + 1) == 0xB7) return {U'\u00B7', 2};
  if (b != 0xE2 || pos + 2 >= end) return {0, 0};
  const char32_t cp = (char32_t{0x2} << 12) | (char32_t{byte_at(text, pos + 1) & 0x3Fu} << 6) |
                      char32_t{byte_at(text, pos + 2) & 0x3Fu};
  switch (cp) {
    case U'\u2013':  // – en dash
    case U'\u2014':  // — em dash
    case U'\u2022':  // • bullet
    case U'\u2023':  // ‣ triangular bullet
    case U'\u25AA':  // ▪ small square
    case U'\u25CF':  // ● black circle
    case U'\u25E6':  // ◦ white bullet
      return {cp, 3};
    default:
      return {0, 0};
  }
}

}  // namespace

int roman_value(std::string_view numeral) noexcept {
  if (numeral.empty() || numeral.size() > kMaxRomanLength) return 0;
  const auto digit = [](char c) {
    switch (c | 0x20) {
      case 'i':
        return 1;
      case 'v':
        return 5;
      case 'x':
        return 10;
      case 'l':
        return 50;
      case 'c':
        return 100;
      case 'd':
        return 500;
      case 'm':
        return 1000;
      default:
        return 0;
    }
  };
  const bool upper = is_ascii_upper(static_cast<unsigned char>(numeral[0]));
  int value = 0;
  for (std::size_t i = 0; i < numeral.size(); ++i) {
    const auto c = static_cast<unsigned char>(numeral[i]);
    if (is_ascii_upper(c) != upper) return 0;
    const int d = digit(numeral[i]);
    if (d == 0) return 0;
    const int next = i + 1 < numeral.size() ? digit(numeral[i + 1]) : 0;
    value += next > d ? -d : d;
  }
  if (value <= 0 || value >= 4000) return 0;
  // Canonical form only ("iv", not "iiii" or "vx"): re-encode and compare.
  static constexpr std::array<std::pair<int, std::string_view>, 13> kParts{{{1000, "m"},
                                                                            {900, "cm"},
                                                                            {500, "d"},
                                                                            {400, "cd"},
                                                                            {100, "c"},
                                                                            {90, "xc"},
                                                                            {50, "l"},
                                                                            {40, "xl"},
                                                                            {10, "x"},
                                                                            {9, "ix"},
                                                                            {5, "v"},
                                                                            {4, "iv"},
                                                                            {1, "i"}}};
  int rest = value;
  std::size_t pos = 0;
  for (const auto& [part_value, part] : kParts) {
    while (rest >= part_value) {
      for (const char c : part) {
        if (pos >= numeral.size() || (numeral[pos] | 0x20) != c) return 0;
        ++pos;
      }
      rest -= part_value;
    }
  }
  return pos == numeral.size() ? value : 0;
}

Marker match_marker(std::string_view text, std::size_t line_begin, std::size_t first, std::size_t line_end,
                    const SegmentOptions& options) noexcept {
  if (first >= line_end) return {};
  Marker marker;
  if (options.headings) marker = match_heading(text, first, line_end);
  if (marker.type == MarkerType::none && (options.numbered || options.items))
    marker = match_enumerator(text, first, line_end, options);
  if (marker.type == MarkerType::none && options.bullets) {
    const auto [glyph, length] = bullet_glyph(text, first, line_end);
    if (length > 0 && first + length < line_end && space_at(text, first + length, line_end) > 0) {
      marker.type = MarkerType::bullet;
      marker.glyph = glyph;
      marker.label_begin = first;
      marker.label_end = first + length;
      marker.rest = skip_space(text, first + length, line_end);
    }
  }
  marker.indent = first - line_begin;
  return marker;
}

}  // namespace treatytext::detail
