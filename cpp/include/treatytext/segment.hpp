// Stage 1 — segment: text -> clauses (articles, numbered paragraphs, lettered items, bullets,
// blank-line paragraphs, sentences, lead-ins, and a treaty's preamble, recitals, enacting
// formula and testimonium) with exact byte offsets and a parent hierarchy.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/text.hpp"

namespace treatytext {

/// What a clause is. The codes are stable (new kinds are appended): saved arrays keep meaning.
///  - article: a heading (PART, Chapter, Section, Article) and everything under it;
///  - paragraph, item, bullet: numbered or blank-line paragraphs, lettered/roman items, bullets;
///  - sentence: a sentence of a leaf (SegmentOptions::sentences);
///  - lead_in: the text of a paragraph, item or bullet before its first child ("Such cooperation
///    shall include:" before "(a)"), a leaf child of that clause without a label of its own;
///  - preamble: before the body, a paragraph that is not a recital (the title, the parties);
///  - recital: before the body, a paragraph opened by a recital word ("Considering",
///    "Recognising", "Desiring", "Mindful", "Determined", ...);
///  - enacting: the enacting formula, "Have agreed as follows:";
///  - testimonium: the final block, "In witness whereof ..." and "Done at ..., this ... day of".
enum class ClauseKind : std::uint8_t {
  article,
  paragraph,
  item,
  bullet,
  sentence,
  lead_in,
  preamble,
  recital,
  enacting,
  testimonium
};

/// Every kind in code order.
inline constexpr std::array<ClauseKind, 10> kClauseKinds{
    ClauseKind::article,  ClauseKind::paragraph,  ClauseKind::item,     ClauseKind::bullet,
    ClauseKind::sentence, ClauseKind::lead_in,    ClauseKind::preamble, ClauseKind::recital,
    ClauseKind::enacting, ClauseKind::testimonium};

/// "article", "paragraph", "item", "bullet", "sentence", "lead-in", "preamble", "recital",
/// "enacting", "testimonium".
std::string_view to_string(ClauseKind kind) noexcept;
/// Inverse of to_string; throws invalid_argument for an unknown name.
ClauseKind clause_kind_from_string(std::string_view name);

/// One clause. [start, end) is the clause text in bytes, marker excluded and surrounding white
/// space trimmed; a parent's range contains its children's ranges (markers included).
struct Clause {
  ClauseKind kind = ClauseKind::paragraph;
  std::string label;            ///< marker as written: "Article 4", "2.", "(a)", "–"; empty if none
  std::size_t label_start = 0;  ///< byte offset of the marker (== start when label is empty)
  std::size_t start = 0;        ///< byte offset of the first byte of the text
  std::size_t end = 0;          ///< byte offset one past the last byte of the text
  int level = 0;                ///< depth in the hierarchy, 0 at the top
  std::int64_t parent = -1;     ///< index of the parent clause in the result, -1 at the top
  /// Title of a heading ("Objectives" in "Article 1: Objectives" or on the line below it), as a
  /// byte range inside [start, end); empty (title_start == title_end == start) if none.
  std::size_t title_start = 0;
  std::size_t title_end = 0;

  /// The clause's text in the source it was segmented from: source.substr(start, end - start).
  /// Throws invalid_argument when [start, end) does not fit in source (a different text).
  [[nodiscard]] std::string_view text(std::string_view source) const;
  /// The heading's title in source ("Objectives"); empty when the clause has none. Throws as
  /// text() does.
  [[nodiscard]] std::string_view title(std::string_view source) const;
};

struct SegmentOptions {
  bool headings = true;  ///< "Article 4", "ARTICLE IV", "Art. 4", "Section 2", "Chapter III", "PART I"
  bool numbered = true;  ///< "1.", "1)", "(1)", "1.2"
  bool items = true;     ///< "(a)", "a)", "a.", "(iv)", "(A)", "(IV)"
  bool bullets = true;   ///< lines starting with – — - • * · (and ◦ ▪ ●) followed by a space
  /// Split a leaf clause into sentence children when it has two or more. Off by default, as in
  /// Python (treatytext.segment and Document's default units): sentences are asked for.
  bool sentences = false;
  /// Added to the built-in list (U.N., Art., No., e.g., i.e., Mr., Dr., Inc., ...): words that a
  /// period does not end a sentence after. A trailing period is optional ("Sec." == "Sec").
  std::vector<std::string> abbreviations;
};

/// Segments UTF-8 text (validated by the caller; invalid bytes are never read past the end)
/// into every clause of the hierarchy, in document order (a parent precedes its children).
///
/// Markers count only at the start of a line, after optional indentation; \n, \r\n and \r all
/// end a line. Headings (kind article) nest by rank (PART > Chapter > Section > Article); below a
/// heading, a marker of a style already open (same form: "1.", "(a)", "(i)", "–" at the same
/// indentation, ...) closes the clauses opened after it and becomes their sibling, any other
/// marker opens a child of the clause before it (so "(i)" nests under "(a)", bullets under the
/// clause that introduces them). Unmarked text after a blank line, or after a heading, is a
/// paragraph directly under the innermost heading. A leaf clause with two or more sentences gets
/// them as children (when asked).
///
/// No text is left to a clause that has children, except a heading's title: the text of a
/// paragraph, item or bullet before its first child becomes a child of kind lead_in (no label,
/// its range [start, end) of the parent's first lines), so the leaves and the headings' titles
/// hold every word of the text. Before the body (the first heading, numbered paragraph, item or
/// bullet, or the enacting formula), a paragraph opened by a recital word is a recital, a line
/// holding "agreed as follows" (or "agree as follows", "convenu de ce qui suit", "acuerdan lo
/// siguiente", ...) is the enacting formula, and the other paragraphs are preamble once a recital
/// or the formula is found (a text without either keeps its paragraphs). A line opened by "In
/// witness whereof", "In faith whereof", "Done at" or "Done in" (and their French and Spanish
/// forms) closes every open clause, headings too, and opens a top-level testimonium. Empty or
/// white-space-only text gives an empty result. Runs in time linear in the size of the text.
///
/// Every byte of the text is accounted for (the tiling rule): a clause's range
/// [label_start, end) is its label [label_start, label_start + label.size()), then the
/// separator after the marker [label_start + label.size(), start), which holds only
/// punctuation and white space (": ", "— ", ". ", the line break before a body on the next
/// line), then its text [start, end). The ranges of a clause's children lie inside its text, in
/// order and without overlap; so do the ranges of the top-level clauses, and the gaps between
/// them (and before the first and after the last) are white space only. A heading with nothing
/// after it ("Chapter III— ") has an empty text that starts after its separator.
/// Long texts check for an interrupt (interrupt.hpp) every 64 kB.
std::vector<Clause> segment(std::string_view text, const SegmentOptions& options = {});

/// A segmented document that owns its text, so that every clause's text is at hand (the C++
/// counterpart of Python's Document and its Clause.text). Offsets stay byte offsets into text().
/// Cheap to move; copying copies the text.
class Segmentation {
 public:
  /// Validates text as UTF-8 (validate_utf8: with InvalidUtf8::strict an encoding_error names
  /// the byte offset of the first bad byte; replace repairs it), keeps it and segments it.
  explicit Segmentation(std::string text, const SegmentOptions& options = {},
                        InvalidUtf8 invalid = InvalidUtf8::strict);

  /// The validated text the offsets refer to.
  [[nodiscard]] const std::string& text() const noexcept { return text_; }
  /// Every clause, in document order (as segment() returns them).
  [[nodiscard]] const std::vector<Clause>& clauses() const noexcept { return clauses_; }
  /// Number of clauses; empty() when the text holds none (empty or white space only).
  [[nodiscard]] std::size_t size() const noexcept { return clauses_.size(); }
  [[nodiscard]] bool empty() const noexcept { return clauses_.empty(); }
  /// Clause i; throws invalid_argument when i >= size().
  [[nodiscard]] const Clause& at(std::size_t i) const;
  /// The text of clause i (a view into text(), valid while this Segmentation lives).
  [[nodiscard]] std::string_view text(std::size_t i) const { return at(i).text(text_); }
  /// The texts of every clause in order, ready for Vectorizer::fit_transform.
  [[nodiscard]] std::vector<std::string_view> texts() const;
  /// Indices of the leaf clauses (those without children): the default units of analysis of
  /// Python's Document (units="leaves").
  [[nodiscard]] std::vector<std::size_t> leaves() const;

  /// Iterates the clauses in document order.
  [[nodiscard]] auto begin() const noexcept { return clauses_.begin(); }
  [[nodiscard]] auto end() const noexcept { return clauses_.end(); }

 private:
  std::string text_;
  std::vector<Clause> clauses_;
};

}  // namespace treatytext
