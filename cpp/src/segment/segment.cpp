#include "treatytext/segment.hpp"

#include <algorithm>
#include <cstring>

#include "segment/chars.hpp"
#include "segment/markers.hpp"
#include "segment/sentences.hpp"
#include "segment/treaty_blocks.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"

namespace treatytext {
namespace {

using detail::Marker;
using detail::MarkerForm;
using detail::MarkerType;

constexpr std::size_t kMaxTitle = 160;        // a longer line after a heading is body text
constexpr std::size_t kMaxIndentStyle = 16;   // bullets deeper than this share one style
constexpr std::size_t kLookaheadLines = 256;  // bounds on the (i)-letter-or-roman lookahead
constexpr std::size_t kLookaheadBytes = 64 * 1024;

// End of the line starting at pos: the next \n or \r (or limit), eight bytes at a time.
std::size_t find_line_end(std::string_view text, std::size_t pos, std::size_t limit) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
  while (pos + 8 <= limit) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + pos, 8);
    if (has_zero(word ^ (ones * '\n')) | has_zero(word ^ (ones * '\r'))) break;
    pos += 8;
  }
  while (pos < limit && !detail::is_line_break(detail::byte_at(text, pos))) ++pos;
  return pos;
}

// Start of the line after a line that ends at line_end (\r\n is one break).
std::size_t after_line(std::string_view text, std::size_t line_end) noexcept {
  if (line_end >= text.size()) return text.size();
  if (text[line_end] == '\r' && line_end + 1 < text.size() && text[line_end + 1] == '\n') return line_end + 2;
  return line_end + 1;
}

enum class Family : std::uint8_t { heading, plain, number, letter, roman, bullet };

// Two markers with equal styles are siblings ("(a)" and "(b)", "1." and "2.", "–" and "–").
struct Style {
  Family family = Family::plain;
  MarkerForm form = MarkerForm::none;
  bool upper = false;
  std::uint8_t depth = 0;
  char32_t glyph = 0;
  std::size_t indent = 0;
  bool operator==(const Style&) const = default;
};

// A clause whose end is not known yet (an entry of the nesting stack).
struct Open {
  std::size_t index = 0;  // into the result
  Style style;
  std::uint8_t rank = 0;  // headings
  int letter = 0;         // value of a letter or roman item, for the (i) ambiguity
  int roman = 0;
  std::size_t label_end = 0;
  bool has_content = false;
  bool has_children = false;
  bool has_title = false;
};

ClauseKind kind_of(Family family) noexcept {
  switch (family) {
    case Family::heading:
      return ClauseKind::article;
    case Family::letter:
    case Family::roman:
      return ClauseKind::item;
    case Family::bullet:
      return ClauseKind::bullet;
    default:
      return ClauseKind::paragraph;
  }
}

// Text read between two looks at the interrupt flag: well under a millisecond of work.
constexpr std::size_t kInterruptCheckBytes = std::size_t{1} << 16;

class Segmenter {
 public:
  Segmenter(std::string_view text, const SegmentOptions& options)
      : text_(text), options_(options), abbreviations_(options.abbreviations) {}

  std::vector<Clause> run() {
    std::size_t pos = 0;
    const std::size_t n = text_.size();
    std::size_t checked = 0;  // where the interrupt flag was last looked at
    while (pos < n) {
      if (pos - checked >= kInterruptCheckBytes) {
        check_interrupt();
        checked = pos;
      }
      const std::size_t line_end = find_line_end(text_, pos, n);
      std::size_t next = after_line(text_, line_end);
      const std::size_t first = detail::skip_space(text_, pos, line_end);
      if (first == line_end) {
        previous_blank_ = true;
        pos = next;
        continue;
      }
      const std::size_t last = detail::trim_back(text_, first, line_end);
      Marker marker = detail::match_marker(text_, pos, first, line_end, options_);
      // "...laid down in\nArticle 22 (Safeguards)." continues a wrapped sentence: a heading
      // right below a line that ends in a lowercase letter or a comma is text.
      if (marker.type == MarkerType::heading && !previous_blank_ && !previous_heading_ &&
          (detail::is_ascii_lower(previous_last_) || previous_last_ == ','))
        marker = Marker{};
      const bool after_blank = previous_blank_;
      previous_blank_ = false;
      previous_heading_ = marker.type == MarkerType::heading;
      previous_last_ = detail::byte_at(text_, last - 1);
      if (marker.type != MarkerType::none) body_started_ = true;
      switch (marker.type) {
        case MarkerType::none:
          text_line(first, last, after_blank);
          break;
        case MarkerType::heading:
          next = heading(marker, last, next);
          break;
        default:
          enumerated(marker, last, next);
          break;
      }
      pos = next;
    }
    while (!stack_.empty()) close_top();
    return std::move(out_);
  }

 private:
  // Unmarked text: a new paragraph after a blank line or a heading, else more of the open clause;
  // the set phrases of a treaty's blocks open their own clause on any line.
  void text_line(std::size_t first, std::size_t last, bool after_blank) {
    if (detail::opens_testimonium(text_, first, last)) {
      while (!stack_.empty()) close_top();
      open_paragraph(first, last);
      out_[stack_.back().index].kind = ClauseKind::testimonium;
      return;
    }
    if (!body_started_) {
      if (detail::is_enacting_formula(text_, first, last)) {
        open_paragraph(first, last);
        out_[stack_.back().index].kind = ClauseKind::enacting;
        in_preamble();
        body_started_ = true;
        return;
      }
      if (detail::opens_recital(text_, first, last)) {
        open_paragraph(first, last);
        out_[stack_.back().index].kind = ClauseKind::recital;
        in_preamble();
        return;
      }
    }
    if (after_blank || stack_.empty() || stack_.back().style.family == Family::heading) {
      open_paragraph(first, last);
      if (!body_started_) {
        if (preamble_found_) {
          out_[stack_.back().index].kind = ClauseKind::preamble;
        } else {
          before_preamble_.push_back(stack_.back().index);
        }
      }
    } else {
      add_content(first, last);
    }
  }

  // A recital or the enacting formula shows that the paragraphs before the body are a preamble.
  void in_preamble() {
    if (preamble_found_) return;
    preamble_found_ = true;
    for (const std::size_t index : before_preamble_)
      if (out_[index].kind == ClauseKind::paragraph) out_[index].kind = ClauseKind::preamble;
    before_preamble_.clear();
  }

  void open_paragraph(std::size_t first, std::size_t last) {
    while (!stack_.empty() && stack_.back().style.family != Family::heading) close_top();
    open(Style{}, first, first);
    add_content(first, last);
  }

  // Opens an article-kind clause; returns where the main loop continues (after a title line).
  std::size_t heading(const Marker& marker, std::size_t last, std::size_t next) {
    while (!stack_.empty() &&
           (stack_.back().style.family != Family::heading || stack_.back().rank >= marker.rank))
      close_top();
    open(Style{Family::heading}, marker.label_begin, marker.label_end);
    stack_.back().rank = marker.rank;
    // Nothing after the marker on its line ("Chapter III— "): the (still empty) text starts
    // after the separator, which thus stays between label and text, as in "Article 1: Title".
    Clause& clause = out_[stack_.back().index];
    clause.start = clause.end = std::max(clause.start, std::min(last, marker.rest));
    if (marker.rest < last) {
      if (last - marker.rest <= kMaxTitle) {
        set_title(marker.rest, last);  // "Article 1: Objectives"
      } else {
        open_paragraph(marker.rest, last);  // the body starts on the heading line
      }
      return next;
    }
    // A title on a line of its own below the heading (blank lines allowed in between).
    std::size_t pos = next;
    while (pos < text_.size()) {
      const std::size_t line_end = find_line_end(text_, pos, std::min(text_.size(), pos + kMaxTitle * 4));
      const std::size_t first = detail::skip_space(text_, pos, line_end);
      if (first < line_end) {
        const std::size_t title_last = detail::trim_back(text_, first, line_end);
        if (is_title(pos, first, title_last, line_end)) {
          set_title(first, title_last);
          previous_blank_ = false;
          previous_heading_ = true;
          previous_last_ = detail::byte_at(text_, title_last - 1);
          return after_line(text_, line_end);
        }
        break;
      }
      if (line_end >= text_.size() || line_end == pos + kMaxTitle * 4) break;
      pos = after_line(text_, line_end);
    }
    return next;
  }

  // A title is short, unmarked, and does not end like a sentence or a lead-in. The line after it
  // is blank, marked, the end of the text, or starts with a capital while the title does not end
  // in a word that a sentence wrapped mid-way would ("of", "the", "shall", ...).
  bool is_title(std::size_t line_begin, std::size_t first, std::size_t last, std::size_t line_end) const {
    if (last - first > kMaxTitle) return false;
    if (line_end < text_.size() && !detail::is_line_break(detail::byte_at(text_, line_end))) return false;
    const unsigned char head = detail::byte_at(text_, first), tail = detail::byte_at(text_, last - 1);
    if (detail::is_ascii_lower(head) || tail == '.' || tail == ';' || tail == ':' || tail == ',')
      return false;
    if (detail::match_marker(text_, line_begin, first, line_end, options_).type != MarkerType::none)
      return false;
    const std::size_t after = after_line(text_, line_end);
    if (after >= text_.size()) return true;
    const std::size_t after_end = find_line_end(text_, after, std::min(text_.size(), after + 256));
    const std::size_t after_first = detail::skip_space(text_, after, after_end);
    if (after_first == after_end) return true;
    if (detail::match_marker(text_, after, after_first, after_end, options_).type != MarkerType::none)
      return true;
    if (detail::is_ascii_lower(detail::byte_at(text_, after_first))) return false;
    return !ends_with_connective(first, last);
  }

  bool ends_with_connective(std::size_t first, std::size_t last) const {
    static constexpr std::string_view kConnectives[] = {
        "a",    "an",   "and", "any",   "are", "as",    "at",    "be",  "by", "for",
        "from", "in",   "is",  "its",   "may", "not",   "of",    "on",  "or", "shall",
        "such", "that", "the", "their", "to",  "under", "which", "with"};
    std::size_t word = last;
    while (word > first && detail::is_ascii_lower(detail::byte_at(text_, word - 1))) --word;
    if (word > first && detail::is_ascii_alnum(detail::byte_at(text_, word - 1))) return false;  // "Tariffs"
    const std::string_view tail = text_.substr(word, last - word);
    for (const std::string_view connective : kConnectives)
      if (tail == connective) return true;
    return false;
  }

  // Numbered paragraphs, items and bullets.
  void enumerated(const Marker& marker, std::size_t last, std::size_t next) {
    Style style{Family::bullet};
    switch (marker.type) {
      case MarkerType::number:
        style.family = Family::number;
        break;
      case MarkerType::letter:
        style.family = Family::letter;
        break;
      case MarkerType::roman:
        style.family = Family::roman;
        break;
      case MarkerType::letter_or_roman:
        style.family = resolve_letter_or_roman(marker, next);
        break;
      default:
        break;
    }
    if (style.family == Family::bullet) {
      style.glyph = marker.glyph;
      style.indent = std::min(marker.indent, kMaxIndentStyle);
    } else {
      style.form = marker.form;
      style.upper = marker.upper;
      style.depth = marker.depth;
    }
    // A marker of an open style closes everything opened after that clause: they are siblings.
    bool sibling = false;
    for (std::size_t i = stack_.size(); i-- > 0 && stack_[i].style.family != Family::heading;) {
      if (stack_[i].style == style) {
        while (stack_.size() > i) close_top();
        sibling = true;
        break;
      }
    }
    if (!sibling) {
      if (style.family == Family::number) {
        // Numbered paragraphs are paragraphs: siblings of a blank-line paragraph, not children.
        while (!stack_.empty() && stack_.back().style.family == Family::plain) close_top();
      } else if (style.family == Family::bullet) {
        while (!stack_.empty() && stack_.back().style.family == Family::bullet &&
               stack_.back().style.indent > style.indent)
          close_top();
      }
    }
    open(style, marker.label_begin, marker.label_end);
    stack_.back().letter = style.family == Family::letter ? marker.letter : 0;
    stack_.back().roman = style.family == Family::roman ? marker.roman : 0;
    if (marker.rest < last) add_content(marker.rest, last);
  }

  // "(i)" is the ninth letter after "(h)" and the first roman numeral elsewhere; likewise (v),
  // (x), (c), ... Decided by the open sibling it would continue, then by the next marker of the
  // same form ("(ii)" or "(j)"), then by default (roman for i, a letter otherwise).
  Family resolve_letter_or_roman(const Marker& marker, std::size_t next) const {
    Family before = Family::plain;
    for (std::size_t i = stack_.size(); i-- > 0 && stack_[i].style.family != Family::heading;) {
      const Open& open = stack_[i];
      if (open.style.form != marker.form || open.style.upper != marker.upper) continue;
      if (open.style.family == Family::letter && open.letter + 1 == marker.letter) {
        before = Family::letter;
        break;
      }
      if (open.style.family == Family::roman && open.roman + 1 == marker.roman) {
        before = Family::roman;
        break;
      }
    }
    if (before == Family::roman) return Family::roman;
    const Marker after = next_item_marker(marker, next);
    const bool letter_next = after.letter != 0 && after.letter == marker.letter + 1;
    const bool roman_next = after.roman != 0 && after.roman == marker.roman + 1;
    if (before == Family::letter) return roman_next && !letter_next ? Family::roman : Family::letter;
    if (letter_next != roman_next) return letter_next ? Family::letter : Family::roman;
    return marker.roman == 1 || marker.letter > 26 ? Family::roman : Family::letter;
  }

  // The next letter or roman marker of the same form and case, before the next heading.
  Marker next_item_marker(const Marker& marker, std::size_t pos) const {
    const std::size_t limit = std::min(text_.size(), pos + kLookaheadBytes);
    for (std::size_t lines = 0; pos < limit && lines < kLookaheadLines; ++lines) {
      const std::size_t line_end = find_line_end(text_, pos, limit);
      const std::size_t first = detail::skip_space(text_, pos, line_end);
      const Marker found = detail::match_marker(text_, pos, first, line_end, options_);
      if (found.type == MarkerType::heading) break;
      if ((found.type == MarkerType::letter || found.type == MarkerType::roman ||
           found.type == MarkerType::letter_or_roman) &&
          found.form == marker.form && found.upper == marker.upper)
        return found;
      pos = after_line(text_, line_end);
    }
    return {};
  }

  void open(const Style& style, std::size_t label_begin, std::size_t label_end) {
    Clause clause;
    clause.kind = kind_of(style.family);
    clause.label.assign(text_.substr(label_begin, label_end - label_begin));
    clause.label_start = label_begin;
    clause.start = clause.end = label_end;
    if (!stack_.empty()) {
      add_lead_in();
      clause.parent = static_cast<std::int64_t>(stack_.back().index);
      clause.level = out_[stack_.back().index].level + 1;
      stack_.back().has_children = true;
      // A parent whose marker stood alone starts where its first child does.
      for (auto it = stack_.rbegin(); it != stack_.rend() && !it->has_content; ++it) {
        out_[it->index].start = label_begin;
        it->has_content = true;
      }
    }
    Open entry;
    entry.index = out_.size();
    entry.style = style;
    entry.label_end = label_end;
    out_.push_back(std::move(clause));
    stack_.push_back(entry);
  }

  // The text of a paragraph, item or bullet before its first child becomes a child of its own
  // (a heading's text before its children is its title), so that no words are left to a
  // clause that has children. Pushed before that first child: document order holds.
  void add_lead_in() {
    const Open& parent = stack_.back();
    if (parent.has_children || !parent.has_content || parent.style.family == Family::heading) return;
    const Clause& owner = out_[parent.index];
    if (owner.end <= owner.start) return;
    Clause lead_in;
    lead_in.kind = ClauseKind::lead_in;
    lead_in.label_start = lead_in.start = lead_in.title_start = lead_in.title_end = owner.start;
    lead_in.end = owner.end;
    lead_in.level = owner.level + 1;
    lead_in.parent = static_cast<std::int64_t>(parent.index);
    out_.push_back(std::move(lead_in));
    // A leaf like any other: its sentences follow it, still before the parent's first child.
    if (options_.sentences) add_sentences(out_.size() - 1);
  }

  void add_content(std::size_t first, std::size_t last) {
    Open& top = stack_.back();
    Clause& clause = out_[top.index];
    if (!top.has_content) {
      clause.start = first;
      top.has_content = true;
    }
    clause.end = last;
  }

  void set_title(std::size_t first, std::size_t last) {
    add_content(first, last);
    Clause& clause = out_[stack_.back().index];
    clause.title_start = first;
    clause.title_end = last;
    stack_.back().has_title = true;
  }

  void close_top() {
    const Open top = stack_.back();
    stack_.pop_back();
    Clause& clause = out_[top.index];
    if (!top.has_title) clause.title_start = clause.title_end = clause.start;
    const std::size_t end = clause.end;
    if (!top.has_children && options_.sentences && clause.end > clause.start) add_sentences(top.index);
    if (!stack_.empty()) {
      Clause& parent = out_[stack_.back().index];
      parent.end = std::max(parent.end, end);
    }
  }

  // Sentences become children of a leaf with two or more of them; the leaf (or the lead-in just
  // added) is the last clause in the result, so appending keeps document order.
  void add_sentences(std::size_t index) {
    sentences_.clear();
    detail::split_sentences(text_, out_[index].start, out_[index].end, abbreviations_, sentences_);
    if (sentences_.size() < 2) return;
    const int level = out_[index].level + 1;
    for (const auto& [first, last] : sentences_) {
      Clause sentence;
      sentence.kind = ClauseKind::sentence;
      sentence.label_start = sentence.start = sentence.title_start = sentence.title_end = first;
      sentence.end = last;
      sentence.level = level;
      sentence.parent = static_cast<std::int64_t>(index);
      out_.push_back(std::move(sentence));
    }
  }

  std::string_view text_;
  const SegmentOptions& options_;
  detail::Abbreviations abbreviations_;
  std::vector<Clause> out_;
  std::vector<Open> stack_;
  std::vector<std::pair<std::size_t, std::size_t>> sentences_;
  bool body_started_ = false;                 // a heading, a marker or the enacting formula was seen
  bool preamble_found_ = false;               // a recital or the enacting formula was seen before the body
  std::vector<std::size_t> before_preamble_;  // paragraphs before the body, until it is found
  bool previous_blank_ = true;                // the line before was blank (or there was none)
  bool previous_heading_ = false;             // the line before was a heading or its title
  unsigned char previous_last_ = 0;           // last byte of the line before, if not blank
};

}  // namespace

std::string_view to_string(ClauseKind kind) noexcept {
  switch (kind) {
    case ClauseKind::article:
      return "article";
    case ClauseKind::paragraph:
      return "paragraph";
    case ClauseKind::item:
      return "item";
    case ClauseKind::bullet:
      return "bullet";
    case ClauseKind::sentence:
      return "sentence";
    case ClauseKind::lead_in:
      return "lead-in";
    case ClauseKind::preamble:
      return "preamble";
    case ClauseKind::recital:
      return "recital";
    case ClauseKind::enacting:
      return "enacting";
    case ClauseKind::testimonium:
      return "testimonium";
  }
  return "paragraph";
}

ClauseKind clause_kind_from_string(std::string_view name) {
  for (const auto kind : kClauseKinds)
    if (to_string(kind) == name) return kind;
  throw invalid_argument("unknown clause kind '" + std::string(name) +
                         "'; expected article, paragraph, item, bullet, sentence, lead-in, preamble, "
                         "recital, enacting or testimonium");
}

std::vector<Clause> segment(std::string_view text, const SegmentOptions& options) {
  return Segmenter(text, options).run();
}

}  // namespace treatytext
