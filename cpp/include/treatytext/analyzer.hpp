// Stage 2 — analyze: text -> tokens (normalize, split into Unicode words, case-fold, strip
// accents, drop stop words and short words, stem, join n-grams), each with source offsets.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/terms.hpp"

namespace treatytext {

enum class Normalization : std::uint8_t { none, nfc, nfkc };

struct AnalyzerOptions {
  Normalization normalization = Normalization::nfkc;
  bool case_fold = true;            ///< full Unicode case folding ("Straße" -> "strasse")
  bool strip_accents = false;       ///< drop combining marks after canonical decomposition
  bool keep_apostrophes = true;     ///< keep internal apostrophes: "party's", "l'accord" as one word
  bool keep_hyphens = true;         ///< keep internal hyphens: "self-defence" as one word
  bool keep_numbers = true;         ///< keep tokens made only of digits
  std::string stop_words;           ///< "" (none) or a built-in list: "english"
  std::vector<std::string> extra_stop_words;  ///< user list, compared after normalization
  std::size_t min_length = 1;       ///< minimum token length in code points (before stemming)
  std::string stem_language;        ///< "" (no stemming) or a Snowball language: "english", ...
  int ngram_min = 1;                ///< word n-grams from ngram_min to ngram_max, joined by ' '
  int ngram_max = 1;

  /// Throws invalid_argument naming the offending field (unknown language, bad range, ...).
  void validate() const;
};

/// A token with its place in the source text. For an n-gram, [start, end) spans its words.
struct Token {
  std::string term;        ///< the normalized (folded, stemmed) term
  std::size_t start = 0;   ///< byte offset in the analyzed text
  std::size_t end = 0;
};

/// The analyzer. Construction validates options and loads stop words and stemmers; calls are
/// const and thread-safe.
class Analyzer final : public TermProducer {
 public:
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer() override;
  Analyzer(const Analyzer&);
  Analyzer& operator=(const Analyzer&);
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  [[nodiscard]] const AnalyzerOptions& options() const noexcept;

  /// Terms only (fast path used by counting).
  void analyze(std::string_view text, TermList& out) const override;

  /// Tokens with byte offsets into `text`; source.substr(start, end - start) is what the token
  /// was made from.
  [[nodiscard]] std::vector<Token> tokenize(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The built-in English stop-word list (written for this project), sorted.
const std::vector<std::string>& english_stop_words();

/// Snowball languages available for stemming.
std::vector<std::string> stemmer_languages();

}  // namespace treatytext
