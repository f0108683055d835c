// Stage — references: what a legal text points at and what it defines. Cross-references
// ("Article 51 of the U.N. Charter", "paragraph 2 of Article 4", "subparagraph 3(a) above",
// "Annex I") and definitions ("\"investment\" means ...", "the term “X” shall mean ...",
// "(hereinafter \"the Parties\")"), found with exact byte offsets and tied to the clauses the
// segment stage produced: a reference to the clause it resolves to, a definition to the clause
// that defines it and to every later use of the term.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/segment.hpp"

namespace treatytext {

/// The unit a reference names, outermost first in a path.
enum class ReferenceLevel : std::uint8_t {
  part,
  chapter,
  section,
  article,
  paragraph,
  item,  ///< "subparagraph (a)", the "(a)" of "Article 4(2)(a)"
  annex,
  appendix,
  schedule,
};

/// "part", "chapter", "section", "article", "paragraph", "item", "annex", "appendix", "schedule".
std::string_view to_string(ReferenceLevel level) noexcept;

/// One step of a reference path: "Article 4" is {article, "4"}, the "(a)" of "4(2)(a)" is
/// {item, "a"}. `number` is the number as written, without brackets.
struct ReferencePart {
  ReferenceLevel level = ReferenceLevel::article;
  std::string number;
};

/// One cross-reference. "Articles 3 and 5 of the GATT 1994" gives two, each with its own span.
struct Reference {
  std::size_t start = 0;  ///< byte span of the reference as written
  std::size_t end = 0;
  std::vector<ReferencePart> path;  ///< outermost first: "paragraph 2 of Article 4" -> article 4, paragraph 2
  /// Names another instrument ("of the U.N. Charter", "of GATT 1994", "of that Agreement").
  bool external = false;
  /// Byte span of the instrument named ("U.N. Charter"); empty (== end) when internal.
  std::size_t instrument_start = 0;
  std::size_t instrument_end = 0;
  /// The path starts below the article and names none ("paragraph 3 above", "subparagraph
  /// (b)"): it is read inside the clause the reference stands in.
  bool relative = false;
  /// Innermost clause the path resolved to (index into the clauses given), -1 if none: always
  /// -1 when external. When only a prefix of the path resolved (the text has no numbered
  /// paragraphs under that article), the clause of that prefix.
  std::int64_t clause = -1;
  /// How many parts of the path resolved (== path.size() when fully resolved).
  std::size_t resolved = 0;
};

/// How a definition is worded.
enum class DefinitionForm : std::uint8_t {
  means,        ///< "X" means / shall mean / has the meaning / refers to / includes ...
  hereinafter,  ///< (hereinafter "X"), (hereinafter referred to as "X"), (the "X"), ("X")
};

/// "means" or "hereinafter".
std::string_view to_string(DefinitionForm form) noexcept;

/// One defined term and where it is used.
struct Definition {
  std::string term;            ///< as written between the quotes ("the Parties")
  std::size_t term_start = 0;  ///< byte span of the term, quotes excluded
  std::size_t term_end = 0;
  std::size_t start = 0;  ///< byte span of the defining text, shown as the definition
  std::size_t end = 0;
  DefinitionForm form = DefinitionForm::means;
  std::int64_t clause = -1;  ///< innermost clause containing the term, -1 if none
  /// Byte spans of the later uses of the term (a leading "the"/"a"/"an" of the term is not
  /// required; ASCII case ignored; a plural in -s, -es or -y/-ies counts), up to the next
  /// definition of the same term. A use inside a use of a longer defined term is not counted.
  std::vector<std::pair<std::size_t, std::size_t>> uses;
};

/// Finds the cross-references in UTF-8 `text` (validated by the caller) and resolves the
/// internal ones against `clauses` (the segment stage's result for this text, or any clauses
/// with byte offsets into it and parents preceding children; may be empty).
///
/// Recognised: the keywords Article(s)/Art., paragraph(s)/para., subparagraph(s), Annex(es),
/// Appendix, Schedule, Part, Chapter, Section in any ASCII case, followed by a number (arabic
/// "4", "2.1", "5bis"; roman "XXIV"; a capital letter for annexes; "(a)" for subparagraphs) and
/// bracketed sub-parts ("4(2)(a)"); lists ("Articles 3, 5 and 7", "paragraphs 3 through 5",
/// "subparagraph 1(a) or (b)"); chains ("paragraph 2 of Article 4"); a tail "above", "below",
/// "of this Agreement", "of the present Convention" (internal) or "of [the] <Capitalised
/// Instrument>", "of that Agreement", for an annex "to the WTO Agreement" (external). A marker
/// that is a clause's own label (the heading "Article 4") is not a reference. Linear in the
/// size of the text plus the references times the clauses.
std::vector<Reference> find_references(std::string_view text, std::span<const Clause> clauses = {});

/// Finds the definitions in UTF-8 `text` (see DefinitionForm; straight, curly ‘’ “” and «»
/// quotes) with their defining clause among `clauses` (may be empty) and the later uses of
/// each term. Time: the text's size times the number of distinct terms.
std::vector<Definition> find_definitions(std::string_view text, std::span<const Clause> clauses = {});

}  // namespace treatytext
