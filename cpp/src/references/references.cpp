// Cross-references: keyword + number groups, lists, chains and the tail that says whether the
// reference stays in this text, then resolution against the clause tree.
#include <array>
#include <string>

#include "references/clause_index.hpp"
#include "references/scan.hpp"
#include "segment/markers.hpp"
#include "treatytext/references.hpp"

namespace treatytext {

std::string_view to_string(ReferenceLevel level) noexcept {
  switch (level) {
    case ReferenceLevel::part:
      return "part";
    case ReferenceLevel::chapter:
      return "chapter";
    case ReferenceLevel::section:
      return "section";
    case ReferenceLevel::article:
      return "article";
    case ReferenceLevel::paragraph:
      return "paragraph";
    case ReferenceLevel::item:
      return "item";
    case ReferenceLevel::annex:
      return "annex";
    case ReferenceLevel::appendix:
      return "appendix";
    case ReferenceLevel::schedule:
      return "schedule";
  }
  return "article";
}

namespace {

using namespace detail;

constexpr std::size_t kLongestBracket = 6;      // "(viii)", "(aa)"
constexpr std::size_t kLongestInstrument = 16;  // words

// One reference of a group ("Articles 3 and 5": two elements).
struct Element {
  std::size_t start = 0, end = 0;
  std::vector<ReferencePart> path;
};

bool is_digit_at(std::string_view text, std::size_t pos, std::size_t end) {
  return pos < end && is_ascii_digit(byte_at(text, pos));
}

// "(2)", "(a)", "(iv)" at pos: the content's span, or an empty span.
std::pair<std::size_t, std::size_t> bracket_at(std::string_view text, std::size_t pos, std::size_t end) {
  if (pos >= end || byte_at(text, pos) != '(') return {pos, pos};
  std::size_t p = pos + 1;
  while (p < end && p - pos - 1 < kLongestBracket && is_ascii_alnum(byte_at(text, p))) ++p;
  if (p == pos + 1 || p >= end || byte_at(text, p) != ')') return {pos, pos};
  return {pos + 1, p};
}

// Bracketed sub-parts right after a number: "(2)(a)". A digit below an article is a
// paragraph, anything else an item. Returns the position after the last one.
std::size_t parse_brackets(std::string_view text, std::size_t pos, std::size_t end,
                           std::vector<ReferencePart>& path, ReferenceLevel first_level) {
  bool first = true;
  while (true) {
    const auto [begin, stop] = bracket_at(text, pos, end);
    if (begin == stop) return pos;
    ReferenceLevel level = ReferenceLevel::item;
    if (first && path.empty()) {
      level = first_level;
      if (level == ReferenceLevel::paragraph && !is_ascii_digit(byte_at(text, begin)))
        level = ReferenceLevel::item;
    } else if (!path.empty() && path.back().level == ReferenceLevel::article &&
               is_ascii_digit(byte_at(text, begin))) {
      level = ReferenceLevel::paragraph;
    }
    path.push_back({level, std::string(text.substr(begin, stop - begin))});
    pos = stop + 1;
    first = false;
  }
}

// The number after a keyword of `level`, with its bracketed sub-parts. Returns the position
// after it (pos when there is none) and appends its parts to path.
std::size_t parse_number(std::string_view text, std::size_t pos, std::size_t end, ReferenceLevel level,
                         std::vector<ReferencePart>& path) {
  if (pos >= end) return pos;
  const unsigned char b = byte_at(text, pos);
  if (b == '(' && (level == ReferenceLevel::item || level == ReferenceLevel::paragraph)) {
    return parse_brackets(text, pos, end, path, level);
  }
  std::size_t p = pos;
  if (is_ascii_digit(b)) {
    while (is_digit_at(text, p, end)) ++p;
    while (p + 1 < end && byte_at(text, p) == '.' && is_digit_at(text, p + 1, end)) {
      p += 2;
      while (is_digit_at(text, p, end)) ++p;
    }
    for (const std::string_view suffix : {"bis", "ter", "quater"}) {
      const std::size_t after = match_ascii_nocase(text, p, end, suffix);
      if (after != p && word_ends_at(text, after, end)) {
        p = after;
        break;
      }
    }
    if (p < end && is_ascii_alnum(byte_at(text, p)) && !is_ascii_digit(byte_at(text, p)) &&
        word_ends_at(text, p + 1, end)) {
      ++p;  // "1A", "2a"
    }
  } else if (is_ascii_upper(b) && heading_level(level)) {
    while (p < end && is_ascii_upper(byte_at(text, p))) ++p;
    const std::string_view word = text.substr(pos, p - pos);
    const bool roman = roman_value(word) > 0;
    const bool letter = word.size() == 1 && level != ReferenceLevel::article;
    if (!roman && !letter) return pos;
  } else {
    return pos;
  }
  if (!word_ends_at(text, p, end) && byte_at(text, p) != '(') return pos;
  // An item keyword with a number first: "subparagraph 2(b)" is item b of paragraph 2.
  const bool numbered_item = level == ReferenceLevel::item && p < end && byte_at(text, p) == '(';
  path.push_back({numbered_item ? ReferenceLevel::paragraph : level, std::string(text.substr(pos, p - pos))});
  return parse_brackets(text, p, end, path, ReferenceLevel::item);
}

// A list connector at pos (", ", "and", "or", "to", "through", "-", "–"): the position after
// it and whether it was a bare comma; pos when there is none.
std::pair<std::size_t, bool> list_connector(std::string_view text, std::size_t pos, std::size_t end) {
  std::size_t p = skip_space(text, pos, end);
  if (p < end && byte_at(text, p) == ',') {
    const std::size_t q = skip_space(text, p + 1, end);
    for (const std::string_view word : {"and/or", "and", "or"}) {
      const std::size_t after = match_word(text, q, end, word);
      if (after != q) return {skip_blank(text, after, end), false};
    }
    return {skip_blank(text, p + 1, end), true};
  }
  for (const std::string_view word : {"and/or", "and", "or", "to", "through"}) {
    const std::size_t after = match_word(text, p, end, word);
    if (after != p) return {skip_blank(text, after, end), false};
  }
  if (p < end && (byte_at(text, p) == '-')) return {p + 1, false};
  if (p + 2 < end && byte_at(text, p) == 0xE2 && byte_at(text, p + 1) == 0x80 &&
      byte_at(text, p + 2) == 0x93) {
    return {p + 3, false};
  }
  return {pos, false};
}

// After a comma-listed number the list must go on or end: "Article 5, 30 days" is no list.
bool list_may_end_at(std::string_view text, std::size_t pos, std::size_t end) {
  const std::size_t p = skip_space(text, pos, end);
  if (p >= end) return true;
  const unsigned char b = byte_at(text, p);
  if (b == ',' || b == ';' || b == '.' || b == ')' || b == ':' || is_line_break(b)) return true;
  for (const std::string_view word : {"and", "or", "of", "above", "below", "to", "through"}) {
    if (match_word(text, p, end, word) != p) return true;
  }
  return false;
}

bool is_digit_or_upper_at(std::string_view text, std::size_t pos, std::size_t end) {
  return pos < end && (is_ascii_digit(byte_at(text, pos)) || is_ascii_upper(byte_at(text, pos)));
}

bool is_generic_instrument(std::string_view word) {
  for (const std::string_view generic :
       {"agreement", "treaty", "convention", "protocol", "charter", "covenant"}) {
    if (word.size() == generic.size() && match_ascii_nocase(word, 0, word.size(), generic) == word.size())
      return true;
  }
  return false;
}

bool is_connector_word(std::string_view word) {
  static constexpr std::array<std::string_view, 13> kConnectors{
      "of", "on", "the", "and", "for", "in", "to", "between", "de", "des", "du", "la", "sur"};
  for (const std::string_view connector : kConnectors) {
    if (word == connector) return true;
  }
  return false;
}

// A capitalised instrument name at pos ("U.N. Charter", "General Agreement on Tariffs and
// Trade 1994", "GATT 1994"): its end, or pos. Stops at a sentence end, a comma, a blank line.
std::size_t instrument_name(std::string_view text, std::size_t pos, std::size_t end, std::size_t& words) {
  std::size_t last_good = pos;
  std::size_t p = pos;
  words = 0;
  for (std::size_t n = 0; n < kLongestInstrument && p < end; ++n) {
    const std::size_t length = word_length(text, p, end);
    if (length == 0) break;
    std::string_view word = text.substr(p, length);
    bool sentence_end = false;
    if (word.back() == '.' && word.find('.') == word.size() - 1) {
      word.remove_suffix(1);  // "Charter." ends the sentence; "U.N." is an abbreviation
      sentence_end = true;
    }
    const unsigned char first = static_cast<unsigned char>(word.empty() ? ' ' : word.front());
    // "... Trade 1994 and Article V of ...": the next reference starts, the name has ended.
    const KeywordMatch keyword = match_keyword(text, p, end);
    if (words > 0 && keyword.end != p && is_digit_or_upper_at(text, skip_space(text, keyword.end, end), end))
      break;
    if (is_ascii_upper(first) || (is_ascii_digit(first) && words > 0)) {
      last_good = p + word.size();
      ++words;
    } else if (!(words > 0 && is_connector_word(word))) {
      break;
    } else if ((word == "and" || word == "or") && match_word(text, skip_space(text, p + length, end), end,
                                                             "the") != skip_space(text, p + length, end)) {
      break;  // "GATT 1994 and the Understanding on ...": a second name
    }
    if (sentence_end) break;
    const std::size_t after = p + length;
    const std::size_t next = skip_space(text, after, end);
    if (next == after) break;  // punctuation: the name ends here
    p = next;
  }
  return last_good;
}

// The tail of a group: "above", "of this Agreement", "of Article 4", "of the U.N. Charter".
struct Tail {
  std::size_t end = 0;
  std::vector<ReferencePart> prefix;  // outer units named by "of Article 4"
  bool external = false;
  std::size_t instrument_start = 0, instrument_end = 0;
};

Tail parse_tail(std::string_view text, std::size_t pos, std::size_t end, ReferenceLevel innermost_level) {
  Tail tail;
  tail.end = pos;
  ReferenceLevel level = innermost_level;
  while (true) {
    const std::size_t p = skip_space(text, tail.end, end);
    for (const std::string_view word : {"above", "below", "hereof", "hereto"}) {
      const std::size_t after = match_word(text, p, end, word);
      if (after != p) {
        tail.end = after;
        return tail;
      }
    }
    std::size_t q = match_word(text, p, end, "of");
    if (q == p && (level == ReferenceLevel::annex || level == ReferenceLevel::appendix))
      q = match_word(text, p, end, "to");
    if (q == p) return tail;
    q = skip_blank(text, q, end);
    // "of Article 4": an outer unit.
    const KeywordMatch keyword = match_keyword(text, q, end);
    if (keyword.end != q) {
      std::vector<ReferencePart> outer;
      const std::size_t after =
          parse_number(text, skip_space(text, keyword.end, end), end, keyword.level, outer);
      if (after == skip_space(text, keyword.end, end)) return tail;
      outer.insert(outer.end(), tail.prefix.begin(), tail.prefix.end());
      tail.prefix = std::move(outer);
      tail.end = after;
      level = keyword.level;
      continue;
    }
    for (const std::string_view self : {"this", "these", "the present"}) {
      const std::size_t after = match_word(text, q, end, self);
      if (after != q) {
        const std::size_t word = skip_space(text, after, end);
        const std::size_t length = word_length(text, word, end);
        if (length == 0) return tail;
        tail.end = word + length - (byte_at(text, word + length - 1) == '.' ? 1 : 0);
        return tail;
      }
    }
    for (const std::string_view other : {"that", "those"}) {
      const std::size_t after = match_word(text, q, end, other);
      if (after != q) {
        const std::size_t word = skip_space(text, after, end);
        const std::size_t length = word_length(text, word, end);
        if (length == 0 || !is_ascii_upper(byte_at(text, word))) return tail;
        tail.external = true;
        tail.instrument_start = q;
        tail.instrument_end = word + length - (byte_at(text, word + length - 1) == '.' ? 1 : 0);
        tail.end = tail.instrument_end;
        return tail;
      }
    }
    std::size_t name = q;
    const std::size_t after_the = match_word(text, q, end, "the");
    if (after_the != q) name = skip_space(text, after_the, end);
    std::size_t words = 0;
    const std::size_t name_end = instrument_name(text, name, end, words);
    if (name_end == name) return tail;
    if (after_the != q && words == 1 && is_generic_instrument(text.substr(name, name_end - name))) {
      tail.end = name_end;  // "of the Agreement": this one
      return tail;
    }
    tail.external = true;
    tail.instrument_start = name;
    tail.instrument_end = name_end;
    tail.end = name_end;
    return tail;
  }
}

// The group of references that starts with the keyword at pos; empty if no number follows.
std::vector<Element> parse_group(std::string_view text, std::size_t pos, const KeywordMatch& keyword,
                                 Tail& tail) {
  const std::size_t end = text.size();
  std::vector<Element> elements;
  Element first;
  first.start = pos;
  const std::size_t number = skip_blank(text, keyword.end, end);
  first.end = parse_number(text, number, end, keyword.level, first.path);
  if (first.end == number) return elements;
  elements.push_back(std::move(first));
  while (true) {
    const Element& previous = elements.back();
    const auto [next, bare_comma] = list_connector(text, previous.end, end);
    if (next == previous.end) break;
    std::size_t at = next;
    const KeywordMatch again = match_keyword(text, at, end);
    if (again.end != at) {
      // "Article 103, Articles XX and XXI of the GATT 1994": a keyword after a bare comma
      // starts a group of its own.
      if (bare_comma || again.level != keyword.level) break;
      at = skip_blank(text, again.end, end);
    }
    Element element;
    element.start = at;
    if (at < end && byte_at(text, at) == '(' && previous.path.size() > 1) {
      // "subparagraph 1(a) or (b)": (b) replaces the last part of the previous one.
      element.path.assign(previous.path.begin(), previous.path.end() - 1);
      const std::size_t before = element.path.size();
      element.end = parse_brackets(text, at, end, element.path, previous.path.back().level);
      if (element.path.size() > before) element.path[before].level = previous.path.back().level;
    } else {
      element.end = parse_number(text, at, end, keyword.level, element.path);
    }
    if (element.end == at || (bare_comma && !list_may_end_at(text, element.end, end))) break;
    elements.push_back(std::move(element));
  }
  tail = parse_tail(text, elements.back().end, end, elements.back().path.front().level);
  elements.back().end = tail.end;
  return elements;
}

void resolve(Reference& ref, const ClauseIndex& index) {
  if (ref.external || ref.path.empty()) return;
  const ReferenceLevel first = ref.path.front().level;
  std::vector<std::int64_t> anchors;
  if (first == ReferenceLevel::item) anchors.push_back(index.enclosing(ref.start, ReferenceLevel::paragraph));
  if (ref.relative) anchors.push_back(index.enclosing(ref.start, ReferenceLevel::article));
  anchors.push_back(-1);
  for (const std::int64_t anchor : anchors) {
    if (anchor < 0 && ref.relative && anchors.size() > 1 && anchors[anchors.size() - 2] >= 0) break;
    std::int64_t current = anchor;
    std::size_t resolved = 0;
    for (const ReferencePart& part : ref.path) {
      const std::int64_t found = index.find(current, part.level, normalize_number(part.level, part.number));
      if (found < 0) break;
      current = found;
      ++resolved;
    }
    if (resolved > 0) {
      ref.clause = current;
      ref.resolved = resolved;
      return;
    }
  }
}

}  // namespace

std::vector<Reference> find_references(std::string_view text, std::span<const Clause> clauses) {
  const ClauseIndex index(clauses);
  std::vector<Reference> references;
  const std::size_t end = text.size();
  std::size_t pos = 0;
  while (pos < end) {
    const unsigned char b = ascii_lower(byte_at(text, pos));
    if ((b != 'a' && b != 'p' && b != 's' && b != 'c') || !word_starts_at(text, pos)) {
      ++pos;
      continue;
    }
    const std::size_t label_end = index.label_end_at(pos);
    if (label_end > pos) {  // a heading's own marker
      pos = label_end;
      continue;
    }
    const KeywordMatch keyword = match_keyword(text, pos, end);
    if (keyword.end == pos) {
      ++pos;
      continue;
    }
    Tail tail;
    const std::vector<Element> elements = parse_group(text, pos, keyword, tail);
    if (elements.empty()) {
      pos = keyword.end;
      continue;
    }
    for (const Element& element : elements) {
      Reference ref;
      ref.start = element.start;
      ref.end = element.end;
      ref.path = tail.prefix;
      ref.path.insert(ref.path.end(), element.path.begin(), element.path.end());
      ref.external = tail.external;
      ref.instrument_start = tail.external ? tail.instrument_start : element.end;
      ref.instrument_end = tail.external ? tail.instrument_end : element.end;
      const ReferenceLevel first = ref.path.front().level;
      ref.relative = !ref.external && (first == ReferenceLevel::paragraph || first == ReferenceLevel::item);
      resolve(ref, index);
      references.push_back(std::move(ref));
    }
    pos = elements.back().end;
  }
  return references;
}

}  // namespace treatytext
