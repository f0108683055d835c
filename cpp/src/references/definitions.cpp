// Definitions: a quoted term followed by "means" (or a like verb), or a quoted term in a
// "(hereinafter ...)" parenthesis; then every later use of each term.
#include <algorithm>
#include <array>
#include <string>

#include "references/clause_index.hpp"
#include "references/scan.hpp"
#include "treatytext/references.hpp"

namespace treatytext {

std::string_view to_string(DefinitionForm form) noexcept {
  return form == DefinitionForm::means ? "means" : "hereinafter";
}

namespace {

using namespace detail;

constexpr std::size_t kLongestTerm = 120;  // bytes between the quotes
constexpr std::size_t kLongestTermWords = 10;
constexpr std::size_t kLongestLeadIn = 80;  // "(hereinafter referred to in this Article as "
constexpr std::size_t kLongestAside = 100;  // "X", in respect of a Party, means

struct QuotedTerm {
  std::size_t open = 0;            // the opening mark
  std::size_t start = 0, end = 0;  // the term, trimmed
  std::size_t after = 0;           // after the closing mark
};

// A quoted term whose opening mark is at pos; after == 0 when there is none.
QuotedTerm quoted_term(std::string_view text, std::size_t pos, std::size_t end) {
  const Quote quote = quote_at(text, pos, end);
  if (quote.length == 0) return {};
  const std::size_t begin = pos + quote.length;
  const std::size_t limit = std::min(end, begin + kLongestTerm);
  std::size_t close = begin;
  std::size_t words = 1;
  while (close < limit) {
    const unsigned char b = byte_at(text, close);
    if (is_line_break(b)) return {};
    if (text.compare(close, quote.close.size(), quote.close) == 0 ||
        text.compare(close, quote.alternate_close.size(), quote.alternate_close) == 0) {
      break;
    }
    if (b == ' ') ++words;
    ++close;
  }
  if (close >= limit || words > kLongestTermWords) return {};
  const std::size_t closing_length = text.compare(close, quote.close.size(), quote.close) == 0
                                         ? quote.close.size()
                                         : quote.alternate_close.size();
  std::size_t term_end = trim_back(text, begin, close);
  while (term_end > begin && (byte_at(text, term_end - 1) == ',' || byte_at(text, term_end - 1) == '.'))
    --term_end;
  const std::size_t term_start = skip_space(text, begin, term_end);
  if (term_start >= term_end || !is_word_byte_at(text, term_start, term_end)) return {};
  // An apostrophe after a letter is an elision ("Party's"), not a quotation mark.
  if (quote.close == "'" && pos > 0 && is_ascii_alnum(byte_at(text, pos - 1))) return {};
  return {pos, term_start, term_end, close + closing_length};
}

// The quoted terms joined by "or", "and", "," starting at pos (a term at pos is required).
std::vector<QuotedTerm> quoted_terms(std::string_view text, std::size_t pos, std::size_t end) {
  std::vector<QuotedTerm> terms;
  QuotedTerm term = quoted_term(text, pos, end);
  while (term.after != 0) {
    terms.push_back(term);
    std::size_t p = skip_space(text, term.after, end);
    if (p < end && byte_at(text, p) == ',') p = skip_space(text, p + 1, end);
    for (const std::string_view joiner : {"and/or", "and", "or"}) {
      const std::size_t after = match_word(text, p, end, joiner);
      if (after != p) {
        p = skip_space(text, after, end);
        break;
      }
    }
    term = p < end ? quoted_term(text, p, end) : QuotedTerm{};
  }
  return terms;
}

// The defining verb at pos ("means", "shall mean", ...): the position after it, or pos.
std::size_t defining_verb(std::string_view text, std::size_t pos, std::size_t end) {
  static constexpr std::array<std::string_view, 16> kVerbs{"means",
                                                           "mean",
                                                           "shall mean",
                                                           "shall have the meaning",
                                                           "has the meaning",
                                                           "have the meaning",
                                                           "shall be understood",
                                                           "is understood",
                                                           "refers to",
                                                           "refer to",
                                                           "shall refer to",
                                                           "is defined as",
                                                           "are defined as",
                                                           "includes",
                                                           "include",
                                                           "shall include"};
  for (const std::string_view verb : kVerbs) {
    std::size_t p = pos;
    bool matched = true;
    std::size_t i = 0;
    while (i < verb.size()) {  // words separated by any blank in the text
      const std::size_t space = verb.find(' ', i);
      const std::string_view word =
          verb.substr(i, space == std::string_view::npos ? verb.size() - i : space - i);
      const std::size_t after = match_word(text, p, end, word);
      if (after == p) {
        matched = false;
        break;
      }
      p = after;
      if (space == std::string_view::npos) break;
      p = skip_blank(text, p, end);
      i = space + 1;
    }
    if (matched) return p;
  }
  return pos;
}

// The position of the verb after the terms: directly, or after an aside between commas.
std::size_t verb_after_terms(std::string_view text, std::size_t pos, std::size_t end) {
  std::size_t p = skip_blank(text, pos, end);
  if (p < end && byte_at(text, p) == ':') return pos;
  if (defining_verb(text, p, end) != p) return p;
  if (p < end && byte_at(text, p) == ',') {
    const std::size_t limit = std::min(end, p + kLongestAside);
    for (std::size_t q = p + 1; q < limit; ++q) {
      const unsigned char b = byte_at(text, q);
      if (is_line_break(b) || quote_at(text, q, end).length != 0) break;
      if (b == ',') {
        const std::size_t verb = skip_blank(text, q + 1, end);
        if (defining_verb(text, verb, end) != verb) return verb;
      }
    }
  }
  return pos;
}

// A "(hereinafter ..." parenthesis that the quoted term at pos stands in: its '(' or npos.
std::size_t hereinafter_open(std::string_view text, std::size_t pos) {
  const std::size_t floor = pos > kLongestLeadIn ? pos - kLongestLeadIn : 0;
  std::size_t open = pos;
  while (open > floor) {
    --open;
    const unsigned char b = byte_at(text, open);
    if (b == ')' || is_line_break(b) || quote_at(text, open, pos).length != 0) return std::string_view::npos;
    if (b == '(') break;
  }
  if (byte_at(text, open) != '(') return std::string_view::npos;
  const std::size_t lead = skip_space(text, open + 1, pos);
  if (lead == pos) return open;  // ("X")
  for (const std::string_view word : {"hereinafter", "hereafter", "referred to", "called", "the",
                                      "collectively", "individually", "jointly", "each", "also"}) {
    if (match_ascii_nocase(text, lead, pos, word) != lead) return open;
  }
  return std::string_view::npos;
}

// The parenthesis closes soon after the terms.
std::size_t hereinafter_close(std::string_view text, std::size_t pos, std::size_t end) {
  const std::size_t p = skip_space(text, pos, end);
  return p < end && byte_at(text, p) == ')' ? p + 1 : std::string_view::npos;
}

// Where the text defined by a hereinafter form begins: the clause start or the last line
// break or sentence end before the parenthesis.
std::size_t phrase_start(std::string_view text, std::size_t open, std::size_t floor) {
  std::size_t p = open;
  while (p > floor) {
    const unsigned char b = byte_at(text, p - 1);
    if (is_line_break(b)) break;
    if ((b == '.' || b == ';' || b == ':') && p < open && space_at(text, p, open) != 0) break;
    --p;
  }
  return skip_space(text, p, open);
}

// Moves end back over what leads into the next definition: "; and the term", ",", blanks.
std::size_t trim_lead_in(std::string_view text, std::size_t begin, std::size_t end) {
  static constexpr std::array<std::string_view, 7> kLeadIns{
      "the terms", "the term", "the expressions", "the expression", "the word", "and", "or"};
  while (true) {
    end = trim_back(text, begin, end);
    if (end > begin && (byte_at(text, end - 1) == ';' || byte_at(text, end - 1) == ',')) {
      --end;
      continue;
    }
    bool trimmed = false;
    // The marker of the next item in running text: "...; (b)" or "...; and (d)".
    if (end > begin && byte_at(text, end - 1) == ')') {
      std::size_t open = end - 1;
      while (open > begin && end - open <= 7 && is_ascii_alnum(byte_at(text, open - 1))) --open;
      if (open > begin && open < end - 1 && byte_at(text, open - 1) == '(' &&
          (open - 1 == begin || space_at(text, open - 2, end) != 0)) {
        end = open - 1;
        continue;
      }
    }
    for (const std::string_view lead_in : kLeadIns) {
      if (end - begin > lead_in.size() && match_word(text, end - lead_in.size(), end, lead_in) == end) {
        end -= lead_in.size();
        trimmed = true;
        break;
      }
    }
    if (!trimmed) return end;
  }
}

// The comparable form of a term: ASCII lower case, without a leading article.
std::string term_key(std::string_view term) {
  std::string key;
  for (const char c : term) key.push_back(static_cast<char>(ascii_lower(static_cast<unsigned char>(c))));
  for (const std::string_view article : {"the ", "a ", "an "}) {
    if (key.size() > article.size() && key.compare(0, article.size(), article) == 0) {
      key.erase(0, article.size());
      break;
    }
  }
  return key;
}

// If the term key matches at pos (blanks in the key match any blanks, ASCII case ignored),
// the position after it; else pos.
std::size_t match_term(std::string_view text, std::size_t pos, std::size_t end, std::string_view key) {
  std::size_t p = pos;
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (p >= end) return pos;
    if (key[i] == ' ') {
      const std::size_t after = skip_blank(text, p, end);
      if (after == p) return pos;
      p = after;
      continue;
    }
    if (ascii_lower(byte_at(text, p)) != static_cast<unsigned char>(key[i])) return pos;
    ++p;
  }
  return p;
}

// A use of the term at pos: its end (a plural suffix included), or pos.
std::size_t use_at(std::string_view text, std::size_t pos, std::size_t end, std::string_view key) {
  if (!word_starts_at(text, pos)) return pos;
  std::size_t after = match_term(text, pos, end, key);
  if (after == pos && key.size() > 1 && key.back() == 'y') {
    const std::size_t stem = match_term(text, pos, end, key.substr(0, key.size() - 1));
    if (stem != pos && match_ascii_nocase(text, stem, end, "ies") != stem) after = stem + 3;
  }
  if (after == pos) return pos;
  if (word_ends_at(text, after, end)) return after;
  for (const std::string_view plural : {"es", "s"}) {
    const std::size_t with = match_ascii_nocase(text, after, end, plural);
    if (with != after && word_ends_at(text, with, end)) return with;
  }
  return pos;
}

}  // namespace

std::vector<Definition> find_definitions(std::string_view text, std::span<const Clause> clauses) {
  const ClauseIndex index(clauses);
  const std::size_t end = text.size();
  std::vector<Definition> definitions;
  std::size_t pos = 0;
  while (pos < end) {
    if (quote_at(text, pos, end).length == 0) {
      ++pos;
      continue;
    }
    const std::vector<QuotedTerm> terms = quoted_terms(text, pos, end);
    if (terms.empty()) {
      ++pos;
      continue;
    }
    const std::size_t open = hereinafter_open(text, terms.front().open);
    const std::size_t close =
        open == std::string_view::npos ? open : hereinafter_close(text, terms.back().after, end);
    const std::size_t verb = close == std::string_view::npos ? verb_after_terms(text, terms.back().after, end)
                                                             : terms.back().after;
    const bool hereinafter = close != std::string_view::npos;
    if (!hereinafter && verb == terms.back().after) {
      pos = terms.front().after;
      continue;
    }
    for (const QuotedTerm& term : terms) {
      Definition d;
      d.term = std::string(text.substr(term.start, term.end - term.start));
      d.term_start = term.start;
      d.term_end = term.end;
      d.clause = index.innermost(term.start);
      d.form = hereinafter ? DefinitionForm::hereinafter : DefinitionForm::means;
      const std::size_t clause_begin =
          d.clause < 0 ? 0 : std::min(clauses[static_cast<std::size_t>(d.clause)].start, term.open);
      if (hereinafter) {
        d.start = phrase_start(text, open, clause_begin);
        d.end = close;
      } else {
        d.start = terms.front().open;
        std::size_t stop =
            d.clause < 0 ? end : std::max(clauses[static_cast<std::size_t>(d.clause)].end, verb);
        if (d.clause < 0) {
          stop = verb;
          while (stop < end && !is_line_break(byte_at(text, stop))) ++stop;
        }
        d.end = stop;
      }
      definitions.push_back(std::move(d));
    }
    pos = terms.back().after;
  }
  // A definition's text ends where the next one in the same clause begins.
  for (std::size_t i = 0; i < definitions.size(); ++i) {
    Definition& d = definitions[i];
    if (d.form != DefinitionForm::means) continue;
    for (std::size_t j = i + 1; j < definitions.size(); ++j) {
      if (definitions[j].start > d.start) {
        if (definitions[j].start < d.end) d.end = trim_lead_in(text, d.start, definitions[j].start);
        break;
      }
    }
    d.end = trim_lead_in(text, d.start, d.end);
  }

  // Uses: each definition's term from its end to the next definition of the same term.
  struct Use {
    std::size_t start, end, definition;
  };
  std::vector<Use> uses;
  std::vector<std::string> keys;
  keys.reserve(definitions.size());
  for (const Definition& d : definitions) keys.push_back(term_key(d.term));
  const auto inside_a_term = [&](std::size_t p) {
    return std::any_of(definitions.begin(), definitions.end(),
                       [&](const Definition& d) { return d.term_start <= p && p < d.term_end; });
  };
  for (std::size_t i = 0; i < definitions.size(); ++i) {
    const std::string& key = keys[i];
    if (key.empty()) continue;
    std::size_t limit = end;
    for (std::size_t j = i + 1; j < definitions.size(); ++j) {
      if (keys[j] == key) {
        limit = definitions[j].term_start;
        break;
      }
    }
    const unsigned char first = static_cast<unsigned char>(key.front());
    for (std::size_t p = definitions[i].term_end; p < limit; ++p) {
      if (ascii_lower(byte_at(text, p)) != first) continue;
      const std::size_t after = use_at(text, p, limit, key);
      if (after == p || inside_a_term(p)) continue;
      uses.push_back({p, after, i});
      p = after - 1;
    }
  }
  // A use inside a use of a longer term ("investor" in "investor of a Party") is the longer one's.
  std::sort(uses.begin(), uses.end(), [](const Use& a, const Use& b) {
    return a.start != b.start ? a.start < b.start : a.end > b.end;
  });
  std::size_t covered_start = 0, covered_end = 0;
  for (const Use& use : uses) {
    if (use.end <= covered_end && !(use.start == covered_start && use.end == covered_end)) continue;
    if (use.end > covered_end) {
      covered_start = use.start;
      covered_end = use.end;
    }
    definitions[use.definition].uses.emplace_back(use.start, use.end);
  }
  return definitions;
}

}  // namespace treatytext
