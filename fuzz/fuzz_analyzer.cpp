// The analyzer on arbitrary text with options from the input's head: never crashes; every
// token's offsets lie on UTF-8 boundaries of the text, in order; no term is empty; each unigram
// holds a letter (or, with keep_numbers, at least a digit or number) and is not a lone mark.
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "treatytext/analyzer.hpp"
#include "treatytext/error.hpp"
#include "treatytext/text.hpp"

using namespace treatytext;

namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  AnalyzerOptions options;
  const std::uint8_t a = in.byte();
  const std::uint8_t b = in.byte();
  options.normalization = static_cast<Normalization>(a % 3);
  options.case_fold = (a & 4) == 0;
  options.strip_accents = (a & 8) != 0;
  options.keep_apostrophes = (a & 16) == 0;
  options.keep_hyphens = (a & 32) == 0;
  options.keep_numbers = (a & 64) == 0;
  if ((a & 128) != 0) options.stop_words = "english";
  // No stemmer, porter (the finding), or any language this libstemmer has.
  static const std::vector<std::string> kStemmers = [] {
    std::vector<std::string> names{"", "", "porter"};
    for (const auto& language : stemmer_languages()) names.push_back(language);
    return names;
  }();
  options.stem_language = kStemmers[b % kStemmers.size()];
  options.min_length = (b >> 3) % 4;
  options.ngram_min = 1;
  options.ngram_max = 1 + ((b >> 5) % 3);
  const std::string text = validate_utf8(in.rest(), InvalidUtf8::replace);
  const Analyzer analyzer(options);
  const std::vector<Token> tokens = analyzer.tokenize(text);
  std::size_t previous_start = 0;
  bool unigrams = true;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    TREATYTEXT_FUZZ_CHECK(!t.term.empty());
    TREATYTEXT_FUZZ_CHECK(t.start < t.end && t.end <= text.size());
    TREATYTEXT_FUZZ_CHECK(!continuation(text[t.start]));
    TREATYTEXT_FUZZ_CHECK(t.end == text.size() || !continuation(text[t.end]));
    TREATYTEXT_FUZZ_CHECK(find_invalid_utf8(t.term) == std::string_view::npos);
    if (t.term.find(' ') != std::string::npos) unigrams = false;  // n-grams follow the unigrams
    if (!unigrams) continue;
    TREATYTEXT_FUZZ_CHECK(i == 0 || t.start >= previous_start);
    previous_start = t.start;
    // The term analyzed again is itself a word (a letter, or a number with keep_numbers):
    // never a lone combining mark nor, without keep_numbers, a number.
    AnalyzerOptions plain;
    plain.normalization = Normalization::none;
    plain.case_fold = false;
    plain.keep_numbers = options.keep_numbers;
    plain.keep_apostrophes = options.keep_apostrophes;
    plain.keep_hyphens = options.keep_hyphens;
    TREATYTEXT_FUZZ_CHECK(!Analyzer(plain).tokenize(t.term).empty());
  }
  // analyze() gives the same terms as tokenize().
  TermList terms;
  analyzer.analyze(text, terms);
  TREATYTEXT_FUZZ_CHECK(terms.size() == tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) TREATYTEXT_FUZZ_CHECK(terms[i] == tokens[i].term);
  return 0;
}
