// Stage 2 — analyze: text -> tokens (normalize, split into Unicode words, case-fold, strip
// accents, drop stop words and short words, stem, join n-grams), each with source offsets.
//
// Word boundaries (decided on the source text; normalization then applies word by word):
//  - A word is a maximal run of letters (L*), numbers (Nd, Nl, No) and combining marks (M*);
//    a mark continues a word but never starts one.
//  - An apostrophe (' U+0027, ’ U+2019) or hyphen (- U+002D, ‐ U+2010, ‑ U+2011) between two
//    word characters stays inside the word when keep_apostrophes / keep_hyphens is set
//    ("self-defence", "party’s", "l’accord"); in the term it is written as ASCII ' or -, so
//    "party’s" and "party's" are one term. At a word's edge, or when the option is off, it
//    separates words.
//  - '.' and ',' between two decimal digits stay inside the word, as in Unicode word breaking
//    (UAX #29): "1.5", "2,000", "1,000.50" are single tokens; "5." or "a.b" split.
//  - Invisible joiners (ZWJ U+200D, ZWNJ U+200C, soft hyphen U+00AD, word joiner U+2060,
//    U+FEFF) between word characters keep the word together and are dropped from the term.
//  - Everything else separates words: spaces, punctuation, symbols and emoji, controls
//    (NUL, \r, \n), unassigned code points.
// A "number" (dropped when keep_numbers is off) is a token without any letter: "2024",
// "1.5", "1-2", "½". Tokens mixing letters and digits ("covid-19", "3a") are words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/terms.hpp"

namespace treatytext {

enum class Normalization : std::uint8_t { none, nfc, nfkc };

/// "none", "nfc" or "nfkc".
std::string normalization_name(Normalization normalization);
/// Parses "none"/"nfc"/"nfkc" (case-insensitive); throws invalid_argument otherwise.
Normalization normalization_from_name(std::string_view name);

/// Options of the analyzer. The pipeline per word is: normalize (NFC/NFKC) with case folding
/// and accent stripping -> drop stop words, words shorter than min_length and (unless
/// keep_numbers) numbers -> stem -> join word n-grams. N-grams are formed after the drops, as
/// scikit-learn does: in "rights of the parties" with English stop words the bigram is
/// "rights parties".
struct AnalyzerOptions {
  Normalization normalization = Normalization::nfkc;
  bool case_fold = true;         ///< full Unicode case folding ("Straße" -> "strasse")
  bool strip_accents = false;    ///< drop combining marks after canonical decomposition
  bool keep_apostrophes = true;  ///< keep internal apostrophes: "party's", "l'accord" as one word
  bool keep_hyphens = true;      ///< keep internal hyphens: "self-defence" as one word
  bool keep_numbers = true;      ///< keep tokens without letters ("2024", "1.5")
  std::string stop_words;        ///< "" (none) or a built-in list: "english", "treaty", "treaty+modals"
  std::vector<std::string> extra_stop_words;  ///< user list, normalized like the text's words
  std::size_t min_length = 1;  ///< minimum word length in code points (after folding, before stemming)
  std::string stem_language;   ///< "" (no stemming) or a Snowball language: "english", ...
  int ngram_min = 1;           ///< word n-grams from ngram_min to ngram_max, joined by ' '
  int ngram_max = 1;           ///< at most kMaxNgram

  static constexpr int kMaxNgram = 32;  ///< bounds the output of a long text

  /// Throws invalid_argument naming the offending field: an unknown normalization, built-in
  /// stop list or stemmer language (the message lists the valid ones), an n-gram range outside
  /// 1 <= ngram_min <= ngram_max <= kMaxNgram, a stop word that is not valid UTF-8.
  void validate() const;

  friend bool operator==(const AnalyzerOptions&, const AnalyzerOptions&) = default;
};

/// A token with its place in the source text. For an n-gram, [start, end) spans its words.
struct Token {
  std::string term;       ///< the normalized (folded, stemmed) term
  std::size_t start = 0;  ///< byte offset in the analyzed text
  std::size_t end = 0;

  friend bool operator==(const Token&, const Token&) = default;
};

/// The analyzer. Construction validates options and builds the stop-word set; calls are
/// const and thread-safe (Snowball stemmers, which are not, live in a pool of per-call
/// contexts, each with its own word -> stem cache, so each distinct word is stemmed about
/// once). Copies share nothing; a moved-from analyzer throws invalid_argument when used.
class Analyzer final : public TermProducer {
 public:
  /// Validates the options (invalid_argument names the offending field) and loads the stop
  /// list and stemmer they name.
  explicit Analyzer(AnalyzerOptions options = {});
  ~Analyzer() override;
  /// Copies get their own stemmer pool; moves leave the source unusable (see the class comment).
  Analyzer(const Analyzer&);
  Analyzer& operator=(const Analyzer&);
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  /// The options as given to the constructor (validated).
  [[nodiscard]] const AnalyzerOptions& options() const;

  /// Terms only (fast path used by counting). `text` must be valid UTF-8. Unigrams come in
  /// text order, then bigrams in text order, and so on (scikit-learn's order).
  void analyze(std::string_view text, TermList& out) const override;

  /// Tokens with byte offsets into `text`, in the order of analyze(); for every token,
  /// text.substr(start, end - start) is the source it was made from (for an n-gram, from the
  /// start of its first word to the end of its last).
  [[nodiscard]] std::vector<Token> tokenize(std::string_view text) const;

  /// Analyzes many texts on up to n_threads threads (resolve_threads convention); out[i]
  /// receives the terms of texts[i], identical whatever the thread count.
  void analyze_many(std::span<const std::string_view> texts, std::vector<TermList>& out,
                    int n_threads = 1) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  const Impl& impl() const;
};

/// The built-in English stop-word list (written for this project), sorted. It holds function
/// words (articles, pronouns, prepositions, conjunctions, auxiliaries, legal function words
/// such as "hereby", "thereof") but deliberately no negations ("not", "no", "nor"), modals
/// ("shall", "may", "must") or exceptions ("unless", "except"), which carry legal meaning.
const std::vector<std::string>& english_stop_words();

/// Words that name a treaty's instrument, parts and parties ("party", "parties", "agreement",
/// "article", "paragraph", "annex", "pursuant", ...), sorted: in a corpus of treaties they are
/// in nearly every clause and tell no clause from another.
const std::vector<std::string>& treaty_boilerplate_words();

/// The English modal verbs ("shall", "may", "must", "should", "will", ...), sorted. They carry
/// a clause's obligation, permission or prohibition, so no list drops them unless its name says
/// so ("treaty+modals"): drop them to see topics, keep them to see obligations.
const std::vector<std::string>& modal_verbs();

/// Names of the built-in stop-word lists: "english" (function words), "treaty" (english and
/// treaty_boilerplate_words; modals kept) and "treaty+modals" (treaty and modal_verbs).
const std::vector<std::string>& stop_word_list_names();

/// The words of a built-in stop-word list, sorted; invalid_argument naming the known lists for
/// any other name.
const std::vector<std::string>& built_in_stop_words(std::string_view name);

/// Snowball languages available for stemming (canonical names, sorted). The stemmer also
/// accepts libstemmer's aliases such as "en" or "fr".
std::vector<std::string> stemmer_languages();

}  // namespace treatytext
