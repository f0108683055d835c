#include "references/clause_index.hpp"

#include <algorithm>
#include <array>

#include "references/scan.hpp"
#include "segment/markers.hpp"

namespace treatytext::detail {
namespace {

struct Keyword {
  std::string_view word;  // lower case; longer forms before their prefixes
  ReferenceLevel level;
  bool plural;
};

constexpr std::array<Keyword, 24> kKeywords{{
    {"articles", ReferenceLevel::article, true},     {"article", ReferenceLevel::article, false},
    {"arts.", ReferenceLevel::article, true},        {"art.", ReferenceLevel::article, false},
    {"subparagraphs", ReferenceLevel::item, true},   {"subparagraph", ReferenceLevel::item, false},
    {"sub-paragraphs", ReferenceLevel::item, true},  {"sub-paragraph", ReferenceLevel::item, false},
    {"paragraphs", ReferenceLevel::paragraph, true}, {"paragraph", ReferenceLevel::paragraph, false},
    {"paras.", ReferenceLevel::paragraph, true},     {"para.", ReferenceLevel::paragraph, false},
    {"annexes", ReferenceLevel::annex, true},        {"annex", ReferenceLevel::annex, false},
    {"appendices", ReferenceLevel::appendix, true},  {"appendix", ReferenceLevel::appendix, false},
    {"schedules", ReferenceLevel::schedule, true},   {"schedule", ReferenceLevel::schedule, false},
    {"parts", ReferenceLevel::part, true},           {"part", ReferenceLevel::part, false},
    {"chapters", ReferenceLevel::chapter, true},     {"chapter", ReferenceLevel::chapter, false},
    {"sections", ReferenceLevel::section, true},     {"section", ReferenceLevel::section, false},
}};

bool all_roman(std::string_view s) noexcept {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    switch (c) {
      case 'i':
      case 'v':
      case 'x':
      case 'l':
      case 'c':
      case 'd':
      case 'm':
        return true;
      default:
        return false;
    }
  });
}

}  // namespace

KeywordMatch match_keyword(std::string_view text, std::size_t pos, std::size_t end) noexcept {
  if (pos >= end || !is_ascii_alnum(byte_at(text, pos))) return {pos};
  for (const Keyword& keyword : kKeywords) {
    const std::size_t after = match_word(text, pos, end, keyword.word);
    if (after != pos) return {after, keyword.level, keyword.plural};
  }
  return {pos};
}

bool heading_level(ReferenceLevel level) noexcept {
  return level != ReferenceLevel::paragraph && level != ReferenceLevel::item;
}

std::string normalize_number(ReferenceLevel level, std::string_view number) {
  std::string out;
  out.reserve(number.size());
  for (const char c : number) {
    if (c == '(' || c == ')' || c == ' ') continue;
    out.push_back(static_cast<char>(ascii_lower(static_cast<unsigned char>(c))));
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ':')) out.pop_back();
  if (heading_level(level) && all_roman(out)) {
    const int value = roman_value(out);
    if (value > 0) return std::to_string(value);
  }
  return out;
}

ClauseIndex::ClauseIndex(std::span<const Clause> clauses) {
  const std::size_t n = clauses.size();
  entries_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Clause& c = clauses[i];
    Entry& e = entries_[i];
    e.begin = std::min(c.label_start, c.start);
    e.end = std::max(c.end, e.begin);
    // A lead-in is the opening of the clause it introduces ("(b) "measure" means ...,
    // including:"): what is found in it belongs to that clause, which the text names.
    if (c.kind == ClauseKind::lead_in) e.end = e.begin;
    e.level = c.level;
    e.subtree_end = static_cast<std::int64_t>(i + 1);
    e.label_start = c.label_start;
    e.label_end = c.label.empty() ? c.label_start : c.label_start + c.label.size();
    const std::string_view label = c.label;
    const KeywordMatch keyword = match_keyword(label, 0, label.size());
    std::string_view number;
    if (keyword.end != 0) {
      e.unit = keyword.level;
      number = label.substr(skip_space(label, keyword.end, label.size()));
    } else if (c.kind == ClauseKind::paragraph || c.kind == ClauseKind::item ||
               c.kind == ClauseKind::article) {
      e.unit = c.kind == ClauseKind::paragraph ? ReferenceLevel::paragraph
               : c.kind == ClauseKind::item    ? ReferenceLevel::item
                                               : ReferenceLevel::article;
      number = label;
    }
    e.number = normalize_number(e.unit, number);
    e.keyed = !e.number.empty() && std::any_of(e.number.begin(), e.number.end(), [](char ch) {
      return is_ascii_alnum(static_cast<unsigned char>(ch));
    });
  }
  for (std::size_t i = n; i-- > 0;) {
    const std::int64_t parent = clauses[i].parent;
    if (parent >= 0 && static_cast<std::size_t>(parent) < i) {
      Entry& p = entries_[static_cast<std::size_t>(parent)];
      p.subtree_end = std::max(p.subtree_end, entries_[i].subtree_end);
    }
  }
  by_label_start_.resize(n);
  for (std::size_t i = 0; i < n; ++i) by_label_start_[i] = i;
  std::sort(by_label_start_.begin(), by_label_start_.end(),
            [&](std::size_t a, std::size_t b) { return entries_[a].label_start < entries_[b].label_start; });
}

std::int64_t ClauseIndex::innermost(std::size_t pos) const {
  std::int64_t best = -1;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (e.begin <= pos && pos < e.end &&
        (best < 0 || e.level >= entries_[static_cast<std::size_t>(best)].level)) {
      best = static_cast<std::int64_t>(i);
    }
  }
  return best;
}

std::int64_t ClauseIndex::enclosing(std::size_t pos, ReferenceLevel level) const {
  std::int64_t best = -1;
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const Entry& e = entries_[i];
    if (e.keyed && e.unit == level && e.begin <= pos && pos < e.end &&
        (best < 0 || e.level >= entries_[static_cast<std::size_t>(best)].level)) {
      best = static_cast<std::int64_t>(i);
    }
  }
  return best;
}

std::int64_t ClauseIndex::find(std::int64_t anchor, ReferenceLevel level,
                               std::string_view normalized_number) const {
  const std::size_t first = anchor < 0 ? 0 : static_cast<std::size_t>(anchor) + 1;
  const std::size_t last =
      anchor < 0 ? entries_.size()
                 : static_cast<std::size_t>(entries_[static_cast<std::size_t>(anchor)].subtree_end);
  for (std::size_t i = first; i < last; ++i) {
    const Entry& e = entries_[i];
    if (e.keyed && e.unit == level && e.number == normalized_number) return static_cast<std::int64_t>(i);
  }
  return -1;
}

std::size_t ClauseIndex::label_end_at(std::size_t pos) const {
  const auto it = std::lower_bound(by_label_start_.begin(), by_label_start_.end(), pos,
                                   [&](std::size_t i, std::size_t p) { return entries_[i].label_start < p; });
  for (auto at = it; at != by_label_start_.end() && entries_[*at].label_start == pos; ++at) {
    if (entries_[*at].label_end > pos) return entries_[*at].label_end;
  }
  return pos;
}

}  // namespace treatytext::detail
