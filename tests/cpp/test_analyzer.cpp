// Tests of the analyzer stage: exact tokens and byte offsets in four languages and on hard
// Unicode cases, options, stop words, stemming, n-grams, validation, threads, bad input.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "corpora.hpp"
#include "treatytext/analyzer.hpp"
#include "treatytext/error.hpp"

namespace {

using treatytext::Analyzer;
using treatytext::AnalyzerOptions;
using treatytext::Normalization;
using treatytext::TermList;
using treatytext::Token;
using namespace std::string_literals;

std::vector<std::string> terms_of(const Analyzer& analyzer, std::string_view text) {
  TermList list;
  analyzer.analyze(text, list);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < list.size(); ++i) out.emplace_back(list[i]);
  return out;
}

std::vector<std::string> terms(std::string_view text, const AnalyzerOptions& options = {}) {
  return terms_of(Analyzer(options), text);
}

std::vector<Token> tokens(std::string_view text, const AnalyzerOptions& options = {}) {
  return Analyzer(options).tokenize(text);
}

using Strings = std::vector<std::string>;

TEST(Analyzer, EnglishWordsApostrophesHyphensAndOffsets) {
  const std::string text = "Self-defence of the Party’s l’accord, Straße.";
  const std::vector<Token> expected = {{"self-defence", 0, 12}, {"of", 13, 15},       {"the", 16, 19},
                                       {"party's", 20, 29},     {"l'accord", 30, 40}, {"strasse", 42, 49}};
  EXPECT_EQ(tokens(text), expected);
  EXPECT_EQ(text.substr(20, 9), "Party’s");
  EXPECT_EQ(terms(text), (Strings{"self-defence", "of", "the", "party's", "l'accord", "strasse"}));
}

TEST(Analyzer, SpanishFrenchRussian) {
  const std::string spanish = "¿Las Partes están de acuerdo? Sí, año 2024.";
  const std::vector<Token> expected_es = {{"las", 2, 5},   {"partes", 6, 12},   {"están", 13, 19},
                                          {"de", 20, 22},  {"acuerdo", 23, 30}, {"sí", 32, 35},
                                          {"año", 37, 41}, {"2024", 42, 46}};
  EXPECT_EQ(tokens(spanish), expected_es);

  const std::string french = "L’Union européenne et l'État-membre s’engagent « à coopérer ».";
  const std::vector<Token> expected_fr = {{"l'union", 0, 9},         {"européenne", 10, 21}, {"et", 22, 24},
                                          {"l'état-membre", 25, 39}, {"s'engagent", 40, 52}, {"à", 56, 58},
                                          {"coopérer", 59, 68}};
  EXPECT_EQ(tokens(french), expected_fr);

  const std::string russian = "Статья 5. Договаривающиеся Стороны обязуются сотрудничать.";
  const std::vector<Token> expected_ru = {
      {"статья", 0, 12},   {"5", 13, 14},         {"договаривающиеся", 16, 48},
      {"стороны", 49, 63}, {"обязуются", 64, 82}, {"сотрудничать", 83, 107}};
  EXPECT_EQ(tokens(russian), expected_ru);
}

TEST(Analyzer, CaseFoldingTurkishGermanGreek) {
  // Default (not Turkish-specific) folding: İ -> i + U+0307, I -> i, ı stays.
  EXPECT_EQ(terms("İstanbul ISPARTA ılık"), (Strings{"i\u0307stanbul", "isparta", "ılık"}));
  EXPECT_EQ(terms("Straße STRASSE strasse"), (Strings{"strasse", "strasse", "strasse"}));
  // Capital and final sigma both fold to σ.
  EXPECT_EQ(terms("ΟΔΟΣ ὁδός"), (Strings{"οδοσ", "ὁδόσ"}));
  AnalyzerOptions no_fold;
  no_fold.case_fold = false;
  EXPECT_EQ(terms("Straße ΟΔΟΣ", no_fold), (Strings{"Straße", "ΟΔΟΣ"}));
}

TEST(Analyzer, NormalizationForms) {
  AnalyzerOptions raw;
  raw.normalization = Normalization::none;
  raw.case_fold = false;
  AnalyzerOptions nfc = raw;
  nfc.normalization = Normalization::nfc;
  AnalyzerOptions nfkc = raw;
  nfkc.normalization = Normalization::nfkc;
  const std::string text = "ﬁnance １２３ e\u0301te\u0301";
  EXPECT_EQ(terms(text, raw), (Strings{"ﬁnance", "１２３", "e\u0301te\u0301"}));
  EXPECT_EQ(terms(text, nfc), (Strings{"ﬁnance", "１２３", "été"}));
  EXPECT_EQ(terms(text, nfkc), (Strings{"finance", "123", "été"}));
  // Offsets always point into the source, whatever the term became.
  const std::vector<Token> expected = {{"finance", 0, 8}, {"123", 9, 18}, {"été", 19, 26}};
  EXPECT_EQ(tokens(text), expected);
}

TEST(Analyzer, StripAccents) {
  AnalyzerOptions options;
  options.strip_accents = true;
  EXPECT_EQ(terms("Crème brûlée, Ångström, e\u0301te\u0301, 한국어", options),
            (Strings{"creme", "brulee", "angstrom", "ete", "한국어"}));
}

TEST(Analyzer, HangulEmojiJoinersControls) {
  EXPECT_EQ(tokens("한국어 조약"), (std::vector<Token>{{"한국어", 0, 9}, {"조약", 10, 16}}));
  // Emoji are not word characters, also when joined by ZWJ; a ZWJ inside a word is dropped.
  EXPECT_EQ(tokens("peace👍treaty 👨\u200D👩 a\u200Db"),
            (std::vector<Token>{{"peace", 0, 5}, {"treaty", 9, 15}, {"ab", 28, 33}}));
  EXPECT_EQ(tokens("self\u00ADdefence"), (std::vector<Token>{{"selfdefence", 0, 13}}));
  // A joiner at a word's edge is not part of it.
  EXPECT_EQ(tokens("ab\u200D cd"), (std::vector<Token>{{"ab", 0, 2}, {"cd", 6, 8}}));
  EXPECT_EQ(tokens("a\0b\0"s), (std::vector<Token>{{"a", 0, 1}, {"b", 2, 3}}));
  EXPECT_EQ(tokens("one\r\ntwo\rthree\n"),
            (std::vector<Token>{{"one", 0, 3}, {"two", 5, 8}, {"three", 9, 14}}));
  // A combining mark continues a word but does not start one.
  EXPECT_EQ(tokens(" \u0301x"), (std::vector<Token>{{"x", 3, 4}}));
}

TEST(Analyzer, NumbersAndConnectors) {
  const std::string text = "1.5 2,000 1,000.50 5. v1.2 3a -x- x- 'a' b'c co--op covid-19";
  EXPECT_EQ(terms(text), (Strings{"1.5", "2,000", "1,000.50", "5", "v1.2", "3a", "x", "x", "a", "b'c", "co",
                                  "op", "covid-19"}));
  AnalyzerOptions no_numbers;
  no_numbers.keep_numbers = false;
  EXPECT_EQ(terms("In 2024, 1.5 % of ½ and 1-2 were covid-19 3a", no_numbers),
            (Strings{"in", "of", "and", "were", "covid-19", "3a"}));
  AnalyzerOptions split;
  split.keep_hyphens = false;
  split.keep_apostrophes = false;
  EXPECT_EQ(tokens("self-defence party’s", split),
            (std::vector<Token>{{"self", 0, 4}, {"defence", 5, 12}, {"party", 13, 18}, {"s", 21, 22}}));
}

TEST(Analyzer, StopWords) {
  AnalyzerOptions options;
  options.stop_words = "english";
  EXPECT_EQ(terms("The rights of the Parties shall not be affected by it", options),
            (Strings{"rights", "parties", "shall", "not", "affected"}));
  // User words go through the same normalization: case, ’ and accents.
  AnalyzerOptions extra;
  extra.extra_stop_words = {"PARTIES", "party’s", "Über"};
  EXPECT_EQ(terms("über die Parties, the party's", extra), (Strings{"die", "the"}));

  const auto& list = treatytext::english_stop_words();
  EXPECT_TRUE(std::is_sorted(list.begin(), list.end()));
  EXPECT_GE(list.size(), 150u);
  EXPECT_LE(list.size(), 200u);
  for (const char* kept : {"not", "no", "nor", "shall", "may", "must", "unless", "except"})
    EXPECT_FALSE(std::binary_search(list.begin(), list.end(), std::string(kept))) << kept;
  for (const char* dropped : {"the", "of", "and", "thereof", "it's"})
    EXPECT_TRUE(std::binary_search(list.begin(), list.end(), std::string(dropped))) << dropped;
}

TEST(Analyzer, TreatyStopWordListsKeepModalsUnlessNamed) {
  using treatytext::built_in_stop_words;
  const auto& english = built_in_stop_words("english");
  const auto& treaty = built_in_stop_words("treaty");
  const auto& modals = built_in_stop_words("treaty+modals");
  EXPECT_EQ(&english, &treatytext::english_stop_words());
  for (const auto* list : {&treaty, &modals}) EXPECT_TRUE(std::is_sorted(list->begin(), list->end()));
  // treaty = english + boilerplate; treaty+modals = treaty + the modal verbs, nothing else.
  EXPECT_TRUE(std::includes(treaty.begin(), treaty.end(), english.begin(), english.end()));
  const auto& boilerplate = treatytext::treaty_boilerplate_words();
  EXPECT_TRUE(std::includes(treaty.begin(), treaty.end(), boilerplate.begin(), boilerplate.end()));
  EXPECT_EQ(modals.size(), treaty.size() + treatytext::modal_verbs().size());
  for (const char* word : {"party", "parties", "agreement", "article", "paragraph", "annex"})
    EXPECT_TRUE(std::binary_search(treaty.begin(), treaty.end(), std::string(word))) << word;
  for (const char* word : {"shall", "may", "must", "not", "unless", "state", "goods", "territory"})
    EXPECT_FALSE(std::binary_search(treaty.begin(), treaty.end(), std::string(word))) << word;
  for (const char* word : {"shall", "may", "must", "should", "will"})
    EXPECT_TRUE(std::binary_search(modals.begin(), modals.end(), std::string(word))) << word;
  for (const char* word : {"not", "no", "nor", "unless", "except"})
    EXPECT_FALSE(std::binary_search(modals.begin(), modals.end(), std::string(word))) << word;

  AnalyzerOptions options;
  const std::string text = "The Parties shall not apply the measures of Article 4 of this Agreement.";
  options.stop_words = "treaty";
  EXPECT_EQ(terms(text, options), (Strings{"shall", "not", "apply", "measures", "4"}));
  options.stop_words = "treaty+modals";
  EXPECT_EQ(terms(text, options), (Strings{"not", "apply", "measures", "4"}));
  EXPECT_THROW(built_in_stop_words("legal"), treatytext::invalid_argument);
}

TEST(Analyzer, MinLengthCountsCodePointsAfterFolding) {
  AnalyzerOptions options;
  options.min_length = 3;
  // "ßa" folds to "ssa" (3); "été" is 3 code points in 6 bytes; "ab" and "ñ" are short.
  EXPECT_EQ(terms("ab ßa été ñ tres", options), (Strings{"ssa", "été", "tres"}));
}

TEST(Analyzer, SnowballStemming) {
  const auto stem = [](const std::string& language, std::string_view text) {
    AnalyzerOptions options;
    options.stem_language = language;
    return terms(text, options);
  };
  EXPECT_EQ(stem("english", "Agreements negotiations running"), (Strings{"agreement", "negoti", "run"}));
  EXPECT_EQ(stem("russian", "договоров соглашения"), (Strings{"договор", "соглашен"}));
  EXPECT_EQ(stem("french", "accords négociations"), (Strings{"accord", "négoci"}));
  EXPECT_EQ(stem("spanish", "acuerdos negociaciones"), (Strings{"acuerd", "negoci"}));
  EXPECT_EQ(stem("german", "Verträge"), (Strings{"vertrag"}));
  // Stop words are matched before stemming, from the cache as well as on first sight.
  AnalyzerOptions both;
  both.stem_language = "english";
  both.stop_words = "english";
  EXPECT_EQ(terms("being agreements being agreements", both), (Strings{"agreement", "agreement"}));
  const auto languages = treatytext::stemmer_languages();
  for (const char* language : {"english", "russian", "french", "spanish", "german"})
    EXPECT_NE(std::find(languages.begin(), languages.end(), language), languages.end()) << language;
}

TEST(Analyzer, StemCacheStaysCorrectWhenItOverflows) {
  // More distinct words than the cache holds, then the first ones again.
  std::string text;
  for (int i = 0; i < 140000; ++i) text += "agreement" + std::to_string(i) + "s ";
  text += "agreements agreement0s";
  AnalyzerOptions options;
  options.stem_language = "english";
  const Strings result = terms(text, options);
  ASSERT_EQ(result.size(), 140002u);
  EXPECT_EQ(result[0], "agreement0");
  EXPECT_EQ(result[139999], "agreement139999");
  EXPECT_EQ(result[140000], "agreement");
  EXPECT_EQ(result[140001], "agreement0");
}

TEST(Analyzer, NgramsAfterStopWordRemoval) {
  AnalyzerOptions options;
  options.stop_words = "english";
  options.ngram_max = 2;
  const std::string text = "rights of the parties and obligations";
  const std::vector<Token> expected = {{"rights", 0, 6},
                                       {"parties", 14, 21},
                                       {"obligations", 26, 37},
                                       {"rights parties", 0, 21},
                                       {"parties obligations", 14, 37}};
  EXPECT_EQ(tokens(text, options), expected);
  options.ngram_min = 2;
  options.ngram_max = 3;
  EXPECT_EQ(terms(text, options),
            (Strings{"rights parties", "parties obligations", "rights parties obligations"}));
  options.ngram_min = 4;
  options.ngram_max = 5;
  EXPECT_TRUE(terms(text, options).empty());
}

TEST(Analyzer, ValidationMessages) {
  const auto message = [](const AnalyzerOptions& options) -> std::string {
    try {
      Analyzer analyzer(options);
    } catch (const treatytext::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  AnalyzerOptions options;
  options.stem_language = "klingon";
  const std::string stem_error = message(options);
  EXPECT_NE(stem_error.find("stem_language"), std::string::npos);
  EXPECT_NE(stem_error.find("klingon"), std::string::npos);
  EXPECT_NE(stem_error.find("russian"), std::string::npos);
  options = {};
  options.ngram_min = 0;
  EXPECT_NE(message(options).find("invalid n-gram range (0, 1)"), std::string::npos);
  options.ngram_min = 3;
  options.ngram_max = 2;
  EXPECT_NE(message(options).find("(3, 2)"), std::string::npos);
  options.ngram_min = 1;
  options.ngram_max = 33;
  EXPECT_NE(message(options).find("<= 32"), std::string::npos);
  options = {};
  options.stop_words = "french";
  EXPECT_NE(message(options).find("stop_words: unknown built-in list 'french'; known: 'english', 'treaty', "
                                  "'treaty+modals'"),
            std::string::npos);
  options = {};
  options.extra_stop_words = {"fine", "bad\xff"};
  EXPECT_NE(message(options).find("extra_stop_words[1]: invalid UTF-8 at byte 3"), std::string::npos);
  options = {};
  options.normalization = static_cast<Normalization>(7);
  EXPECT_NE(message(options).find("normalization"), std::string::npos);
  EXPECT_EQ(message(AnalyzerOptions{}), "");

  EXPECT_EQ(treatytext::normalization_from_name("NFKC"), Normalization::nfkc);
  EXPECT_EQ(treatytext::normalization_name(Normalization::nfc), "nfc");
  EXPECT_THROW(treatytext::normalization_from_name("nfd"), treatytext::invalid_argument);
}

TEST(Analyzer, BadInput) {
  EXPECT_TRUE(tokens("").empty());
  EXPECT_TRUE(tokens(" \t\r\n\u3000 ").empty());
  EXPECT_TRUE(tokens("\0\0\0"s).empty());
  EXPECT_TRUE(tokens("… — « » 👍").empty());
  // A 100 kB token: one term, also through the stemmer (bypassing its cache) and utf8proc.
  const std::string big(100000, 'x');
  const auto big_tokens = tokens("a " + big + " b");
  ASSERT_EQ(big_tokens.size(), 3u);
  EXPECT_TRUE(big_tokens[1] == (Token{big, 2, 100002}));
  AnalyzerOptions stem;
  stem.stem_language = "english";
  std::string abab;
  for (int i = 0; i < 50000; ++i) abab += "ab";
  EXPECT_TRUE(terms(abab + "ing", stem) == Strings{abab});  // EXPECT_EQ would print 100 kB
  std::string accented;
  for (int i = 0; i < 50000; ++i) accented += "É";
  std::string folded;
  for (int i = 0; i < 50000; ++i) folded += "é";
  EXPECT_TRUE(terms(accented) == Strings{folded});
}

TEST(Analyzer, TruncatedUtf8IsReadSafely) {
  // Callers must pass valid UTF-8 (the bindings validate); a broken text still never makes the
  // splitter read past its end: stray and truncated bytes separate words.
  EXPECT_EQ(terms("abc\xC3"), (Strings{"abc"}));
  EXPECT_EQ(terms("abc \xE2\x80"), (Strings{"abc"}));
  EXPECT_EQ(terms("ab\x80"
                  "cd"),
            (Strings{"ab", "cd"}));
}

TEST(Analyzer, OffsetsReproduceTermsOnTheSeed) {
  // Re-analyzing each token's source span alone gives the token's term back.
  const std::string text = treatytext::testing::seed_text();
  AnalyzerOptions options;
  options.stop_words = "english";
  options.stem_language = "english";
  const Analyzer analyzer(options);
  const auto result = analyzer.tokenize(text);
  ASSERT_GT(result.size(), 300u);
  EXPECT_EQ(terms_of(analyzer, text).size(), result.size());
  for (const Token& token : result)
    EXPECT_EQ(terms_of(analyzer, std::string_view(text).substr(token.start, token.end - token.start)),
              (Strings{token.term}));
}

TEST(Analyzer, ConcurrentCallsGiveIdenticalResults) {
  const std::string text = treatytext::testing::seed_text();
  AnalyzerOptions options;
  options.stem_language = "english";
  options.stop_words = "english";
  options.ngram_max = 2;
  const Analyzer analyzer(options);
  const Strings expected = terms_of(analyzer, text);
  std::vector<Strings> seen(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) seen[t] = terms_of(analyzer, text);
    });
  for (auto& thread : threads) thread.join();
  for (const Strings& result : seen) EXPECT_EQ(result, expected);

  std::vector<std::string> docs;
  const auto boundary = [&](std::size_t pos) {  // cut on character boundaries only
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
    return std::min(pos, text.size());
  };
  for (std::size_t i = 0; i < 50; ++i) {
    const std::size_t begin = boundary(i * 50), end = boundary(i * 50 + 700);
    docs.push_back(text.substr(begin, end - begin));
  }
  const std::vector<std::string_view> views(docs.begin(), docs.end());
  std::vector<TermList> one, three;
  analyzer.analyze_many(views, one, 1);
  analyzer.analyze_many(views, three, 3);
  ASSERT_EQ(one.size(), docs.size());
  for (std::size_t i = 0; i < docs.size(); ++i) {
    EXPECT_EQ(one[i].arena(), three[i].arena());
    ASSERT_EQ(one[i].size(), three[i].size());
    for (std::size_t k = 0; k < one[i].size(); ++k) EXPECT_EQ(one[i][k], three[i][k]);
    EXPECT_EQ(terms_of(analyzer, docs[i]).size(), one[i].size());
  }
}

TEST(Analyzer, CopyAndMove) {
  AnalyzerOptions options;
  options.stem_language = "english";
  Analyzer original(options);
  const Analyzer copy(original);
  EXPECT_EQ(copy.options(), options);
  EXPECT_EQ(terms_of(copy, "agreements"), (Strings{"agreement"}));
  Analyzer moved(std::move(original));
  EXPECT_EQ(terms_of(moved, "agreements"), (Strings{"agreement"}));
  EXPECT_THROW(terms_of(original, "x"), treatytext::invalid_argument);  // NOLINT(bugprone-use-after-move)
  original = copy;
  EXPECT_EQ(terms_of(original, "agreements"), (Strings{"agreement"}));
}

TEST(Analyzer, AnalyzeReplacesPreviousTerms) {
  const Analyzer analyzer;
  TermList list;
  analyzer.analyze("first text here", list);
  analyzer.analyze("second", list);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0], "second");
  EXPECT_EQ(list.arena(), "second");
}

}  // namespace
