// Tests of the scikit-learn stage on synthetic character tables (the real ones come from the
// Python interpreter and are compared with scikit-learn itself in tests/python).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "corpora.hpp"
#include "sklearn/sklearn.hpp"
#include "treatytext/error.hpp"

namespace treatytext {
namespace {

using Terms = std::vector<std::string>;

void put(CodePointMap& map, char32_t key, const std::u32string& value) {
  map.keys.push_back(key);
  map.values.insert(map.values.end(), value.begin(), value.end());
  map.offsets.push_back(static_cast<std::uint32_t>(map.values.size()));
}

// ASCII as CPython has it, plus a few characters that exercise every mechanism: é (word,
// cased, strips to e), É (lowercases to é), İ (lowercases to i + U+0307, a non-word mark),
// Σ σ ς (final sigma), U+0307 (case-ignorable), ﬁ (strips to "fi"), U+00A0 (space).
std::shared_ptr<const PythonText> tables() {
  PythonTextData d;
  d.flags.assign(0x110000, 0);
  for (char32_t c = 0; c < 0x80; ++c) {
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = c >= 'a' && c <= 'z';
    if (upper || lower || (c >= '0' && c <= '9') || c == '_') d.flags[c] |= PythonTextData::kWord;
    if (upper || lower) d.flags[c] |= PythonTextData::kCased;
    if ((c >= 9 && c <= 13) || (c >= 0x1C && c <= 0x20)) d.flags[c] |= PythonTextData::kSpace;
  }
  d.flags['\''] |= PythonTextData::kCaseIgnorable;
  d.flags['.'] |= PythonTextData::kCaseIgnorable;
  for (const char32_t c : {U'é', U'É', U'İ', U'Σ', U'σ', U'ς', U'ﬁ'})
    d.flags[c] |= PythonTextData::kWord | PythonTextData::kCased;
  d.flags[0x307] |= PythonTextData::kCaseIgnorable;
  d.flags[0xA0] |= PythonTextData::kSpace;
  for (char32_t c = 'A'; c <= 'Z'; ++c) put(d.lower, c, std::u32string(1, c + 32));
  put(d.lower, U'É', U"é");
  put(d.lower, U'İ', U"i\u0307");
  put(d.lower, U'Σ', U"σ");
  // Keys ascend, as the tables from Python do.
  put(d.strip_unicode, 0xA0, U" ");
  put(d.strip_unicode, U'É', U"E");
  put(d.strip_unicode, U'é', U"e");
  put(d.strip_unicode, 0x307, U"");
  put(d.strip_unicode, U'ﬁ', U"fi");
  put(d.strip_ascii, 0xA0, U" ");
  put(d.strip_ascii, U'É', U"E");
  put(d.strip_ascii, U'é', U"e");
  put(d.strip_ascii, U'ﬁ', U"fi");
  static const auto shared = std::make_shared<const PythonText>(std::move(d));
  return shared;
}

SklearnAnalyzer analyzer(SklearnAnalyzerOptions o = {}) { return SklearnAnalyzer(tables(), std::move(o)); }

TEST(SklearnAnalyzer, WordsAreRunsOfTwoOrMoreWordCharactersLowercased) {
  EXPECT_EQ(analyzer().terms("Hello, World! a bb_c 123 x9 _"),
            (Terms{"hello", "world", "bb_c", "123", "x9"}));
  EXPECT_EQ(analyzer().terms(""), Terms{});
  EXPECT_EQ(analyzer().terms(" . , "), Terms{});
}

TEST(SklearnAnalyzer, MinimumTokenLengthOne) {
  SklearnAnalyzerOptions o;
  o.min_token_length = 1;
  EXPECT_EQ(analyzer(o).terms("a bb _ 7"), (Terms{"a", "bb", "_", "7"}));
}

TEST(SklearnAnalyzer, LowercaseOffKeepsCase) {
  SklearnAnalyzerOptions o;
  o.lowercase = false;
  EXPECT_EQ(analyzer(o).terms("Hello ÉTÉ"), (Terms{"Hello", "ÉTÉ"}));
  EXPECT_EQ(analyzer().terms("Hello ÉTÉ"), (Terms{"hello", "été"}));
}

TEST(SklearnAnalyzer, DottedCapitalIBreaksAWordWhenLowercased) {
  // "İstanbul".lower() == "i\u0307stanbul"; U+0307 is not a word character.
  EXPECT_EQ(analyzer().terms("İstanbul"), (Terms{"stanbul"}));
  SklearnAnalyzerOptions o;
  o.strip_accents = StripAccents::unicode;  // the mark is stripped after lowercasing
  EXPECT_EQ(analyzer(o).terms("İstanbul"), (Terms{"istanbul"}));
}

TEST(SklearnAnalyzer, FinalSigmaFollowsCPythonsRule) {
  EXPECT_EQ(analyzer().terms("ΣΣ"), (Terms{"σς"}));
  EXPECT_EQ(analyzer().terms("aΣ.b"), (Terms{"aσ"}));   // a cased letter follows ('.' ignorable)
  EXPECT_EQ(analyzer().terms("aΣ. 1"), (Terms{"aς"}));  // nothing cased follows
  EXPECT_EQ(analyzer().terms("1Σ"), (Terms{"1σ"}));     // nothing cased precedes
  EXPECT_EQ(analyzer().terms("a'Σ"), Terms{});          // "a", "'" and a final sigma
  SklearnAnalyzerOptions o;
  o.min_token_length = 1;
  EXPECT_EQ(analyzer(o).terms("a'Σ"), (Terms{"a", "ς"}));
}

TEST(SklearnAnalyzer, StripAccents) {
  SklearnAnalyzerOptions o;
  o.strip_accents = StripAccents::ascii;
  EXPECT_EQ(analyzer(o).terms("été ﬁne Σx"), (Terms{"ete", "fine"}));  // σ has no ASCII form
  o.strip_accents = StripAccents::unicode;
  EXPECT_EQ(analyzer(o).terms("été ﬁne Σx"), (Terms{"ete", "fine", "σx"}));
  o.lowercase = false;
  EXPECT_EQ(analyzer(o).terms("ÉTÉ"), (Terms{"ETE"}));
}

TEST(SklearnAnalyzer, StopWordsDropBeforeNgrams) {
  SklearnAnalyzerOptions o;
  o.stop_words = {"the", "of"};
  o.ngram_min = 1;
  o.ngram_max = 2;
  EXPECT_EQ(analyzer(o).terms("the law of the sea"), (Terms{"law", "sea", "law sea"}));
  o.ngram_min = 2;
  o.ngram_max = 3;
  EXPECT_EQ(analyzer(o).terms("aa bb cc"), (Terms{"aa bb", "bb cc", "aa bb cc"}));
  EXPECT_EQ(analyzer(o).terms("aa"), Terms{});
}

TEST(SklearnAnalyzer, CharNgramsCollapseRunsOfWhitespace) {
  SklearnAnalyzerOptions o;
  o.analyzer = SklearnAnalyzerKind::chars;
  o.ngram_min = 1;
  o.ngram_max = 2;
  // "a\tb" keeps its single tab; "b  C" becomes "b c".
  EXPECT_EQ(analyzer(o).terms("a\tb  C"), (Terms{"a", "\t", "b", " ", "c", "a\t", "\tb", "b ", " c"}));
  o.ngram_min = 3;
  o.ngram_max = 5;
  EXPECT_EQ(analyzer(o).terms("abc"), (Terms{"abc"}));
  EXPECT_EQ(analyzer(o).terms("ab"), Terms{});
}

TEST(SklearnAnalyzer, CharWbNgramsPadWordsAndStopAtShortWords) {
  SklearnAnalyzerOptions o;
  o.analyzer = SklearnAnalyzerKind::chars_wb;
  o.ngram_min = 2;
  o.ngram_max = 3;
  EXPECT_EQ(analyzer(o).terms("ab"), (Terms{" a", "ab", "b ", " ab", "ab "}));
  // " a " has 3 code points: n = 3 yields it once, n = 4 is not reached.
  o.ngram_max = 4;
  EXPECT_EQ(analyzer(o).terms("a\u00a0"), (Terms{" a", "a ", " a "}));
}

TEST(SklearnAnalyzer, TermListInterfaceMatchesTerms) {
  SklearnAnalyzerOptions o;
  o.ngram_max = 2;
  const auto a = analyzer(o);
  TermList list;
  a.analyze("One two THREE", list);
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(list[4], "two three");
}

// A naive reference of the word analyzer for ASCII text with é (a word character that
// lowercases to itself), to check the SSE2 block path on long inputs: runs crossing 16-byte
// blocks, tokens at block edges, blocks interrupted by a 2-byte character.
Terms naive_words(const std::string& text, std::size_t min_length) {
  Terms out;
  std::string run;
  std::size_t run_cps = 0;
  auto flush = [&] {
    if (run_cps >= min_length) out.push_back(run);
    run.clear();
    run_cps = 0;
  };
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '_' || c >= 0x80) {
      run.push_back(static_cast<char>(c < 0x80 ? std::tolower(c) : c));
      if (c < 0x80 || c >= 0xC0) ++run_cps;  // continuation bytes are not code points
    } else {
      flush();
    }
  }
  flush();
  return out;
}

TEST(SklearnAnalyzer, BlockPathAgreesWithNaiveReference) {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces{"a", "a", "a", "B", "z", "_",  "9",
                                        " ", " ", ",", ".", "-", "\n", "é"};
  for (const std::size_t min_length : {1u, 2u, 3u}) {
    SklearnAnalyzerOptions o;
    o.min_token_length = static_cast<int>(min_length);
    const auto a = analyzer(o);
    for (int trial = 0; trial < 300; ++trial) {
      std::string text;
      const std::size_t n = rng() % 200;
      const bool accents = trial % 2 == 0;
      for (std::size_t i = 0; i < n; ++i) text += pieces[rng() % (pieces.size() - (accents ? 0 : 1))];
      EXPECT_EQ(a.terms(text), naive_words(text, min_length)) << text;
    }
  }
}

TEST(SklearnAnalyzer, MalformedUtf8NeverReadsOutOfBounds) {
  std::mt19937 rng(11);
  SklearnAnalyzerOptions word;
  SklearnAnalyzerOptions chars;
  chars.analyzer = SklearnAnalyzerKind::chars_wb;
  chars.ngram_max = 3;
  for (int trial = 0; trial < 500; ++trial) {
    std::string bytes(rng() % 40, '\0');
    for (auto& b : bytes) b = static_cast<char>(rng() % 256);
    EXPECT_NO_THROW((void)analyzer(word).terms(bytes));
    EXPECT_NO_THROW((void)analyzer(chars).terms(bytes));
  }
}

TEST(SklearnAnalyzer, RejectsBadOptionsAndTables) {
  SklearnAnalyzerOptions o;
  o.ngram_min = 0;
  EXPECT_THROW(analyzer(o), invalid_argument);
  o.ngram_min = 3;
  o.ngram_max = 2;
  EXPECT_THROW(analyzer(o), invalid_argument);
  EXPECT_THROW(SklearnAnalyzer(nullptr, {}), invalid_argument);
  PythonTextData bad;
  bad.flags.assign(10, 0);
  EXPECT_THROW(PythonText{bad}, invalid_argument);
  PythonTextData unsorted;
  unsorted.flags.assign(0x110000, 0);
  put(unsorted.lower, 'b', U"x");
  put(unsorted.lower, 'a', U"y");
  EXPECT_THROW(PythonText{unsorted}, invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// Counting and weighting

SklearnCounts count(const std::vector<std::string_view>& docs, int threads, SklearnAnalyzerOptions o = {}) {
  ViewSource source(docs);
  return SklearnCounts::count(analyzer(o), source, threads);
}

/// The entries of a matrix array as a plain std::vector, to compare with literals.
template <typename T>
std::vector<T> plain(const detail::UninitializedVector<T>& values) {
  return {values.begin(), values.end()};
}

std::vector<std::int32_t> all_columns(const SklearnCounts& c) {
  std::vector<std::int32_t> columns(c.terms());
  for (std::size_t i = 0; i < columns.size(); ++i) columns[i] = static_cast<std::int32_t>(i);
  return columns;
}

TEST(SklearnCounts, SortedTermsFrequenciesAndMatrix) {
  const std::vector<std::string_view> docs{"the cat sat", "The cat the hat", ""};
  const auto c = count(docs, 1);
  ASSERT_EQ(c.terms(), 4u);
  EXPECT_EQ(c.term(0), "cat");
  EXPECT_EQ(c.term(3), "the");
  EXPECT_EQ(c.document_frequency(), (std::vector<std::int64_t>{2, 1, 1, 2}));
  EXPECT_EQ(c.term_frequency(), (std::vector<std::int64_t>{2, 1, 1, 3}));
  // First occurrence: the, cat, sat, hat -> sorted indices 3, 0, 2, 1.
  EXPECT_EQ(c.first_seen(), (std::vector<std::int64_t>{3, 0, 2, 1}));
  const auto m = c.matrix(all_columns(c), 4, {}, 1);
  EXPECT_EQ(m.indptr, (std::vector<std::int64_t>{0, 3, 6, 6}));
  EXPECT_EQ(plain(m.indices), (std::vector<std::int32_t>{0, 2, 3, 0, 1, 3}));
  EXPECT_EQ(plain(m.values_int64), (std::vector<std::int64_t>{1, 1, 1, 1, 1, 2}));
}

TEST(SklearnCounts, WithoutRowsKeepsTheSameTermsAndFrequencies) {
  // Enough documents for several runs per thread, with terms repeated within and across them.
  std::vector<std::string> texts;
  for (int d = 0; d < 3000; ++d) {
    std::string text;
    for (int w = 0; w < 40; ++w) text += "term" + std::to_string((d * 7 + w * w) % 997) + " ";
    texts.push_back(text + "the the Alphabetical ordering");
  }
  const std::vector<std::string_view> docs(texts.begin(), texts.end());
  for (const int threads : {1, 2, 3}) {
    const auto with_rows = count(docs, threads);
    ViewSource source(docs);
    SklearnCounts without_rows(false);
    without_rows.add(analyzer({}), source, threads);
    without_rows.finish(threads);
    ASSERT_EQ(without_rows.terms(), with_rows.terms());
    for (std::size_t i = 0; i < with_rows.terms(); ++i) ASSERT_EQ(without_rows.term(i), with_rows.term(i));
    EXPECT_EQ(without_rows.document_frequency(), with_rows.document_frequency());
    EXPECT_EQ(without_rows.term_frequency(), with_rows.term_frequency());
    EXPECT_EQ(without_rows.first_seen(), with_rows.first_seen());
    EXPECT_EQ(without_rows.document_frequency()[with_rows.terms() - 1], 3000);  // "the"
    EXPECT_EQ(without_rows.term_frequency()[with_rows.terms() - 1], 6000);
    EXPECT_THROW((void)without_rows.matrix(all_columns(without_rows),
                                           static_cast<std::int64_t>(with_rows.terms()), {}, 1),
                 invalid_argument);
  }
}

TEST(SklearnCounts, ColumnSelectionDropsTerms) {
  const std::vector<std::string_view> docs{"the cat sat", "the cat the hat"};
  const auto c = count(docs, 1);
  const std::vector<std::int32_t> keep_cat_the{0, -1, -1, 1};
  const auto m = c.matrix(keep_cat_the, 2, {}, 1);
  EXPECT_EQ(m.indptr, (std::vector<std::int64_t>{0, 2, 4}));
  EXPECT_EQ(plain(m.indices), (std::vector<std::int32_t>{0, 1, 0, 1}));
  EXPECT_EQ(plain(m.values_int64), (std::vector<std::int64_t>{1, 1, 1, 2}));
  EXPECT_THROW((void)c.matrix(std::vector<std::int32_t>{0, 1}, 2, {}, 1), invalid_argument);
  EXPECT_THROW((void)c.matrix(std::vector<std::int32_t>{0, 1, 2, 9}, 4, {}, 1), invalid_argument);
}

TEST(SklearnCounts, TfidfWeightingMatchesHandComputation) {
  const std::vector<std::string_view> docs{"aa aa bb", "bb"};
  const auto c = count(docs, 1);
  SklearnOutput out;
  out.values = SklearnOutput::Values::float64;
  // smooth idf: ln((1 + 2) / (1 + df)) + 1
  const double idf_aa = std::log(3.0 / 2.0) + 1.0;
  const double idf_bb = 1.0;
  out.idf = {idf_aa, idf_bb};
  out.norm = NormScheme::l2;
  const auto m = c.matrix(all_columns(c), 2, out, 1);
  const double a = 2 * idf_aa;
  const double b = idf_bb;
  const double norm = std::sqrt(a * a + b * b);
  ASSERT_EQ(m.values_float64.size(), 3u);
  EXPECT_NEAR(m.values_float64[0], a / norm, 1e-15);
  EXPECT_NEAR(m.values_float64[1], b / norm, 1e-15);
  EXPECT_NEAR(m.values_float64[2], 1.0, 1e-15);
  out.sublinear_tf = true;
  out.norm = NormScheme::l1;
  out.values = SklearnOutput::Values::float32;
  const auto s = c.matrix(all_columns(c), 2, out, 1);
  const double la = (1.0 + std::log(2.0)) * idf_aa;
  EXPECT_NEAR(s.values_float32[0], la / (la + b), 1e-6);
  SklearnOutput bad;
  bad.norm = NormScheme::l2;  // integer values cannot be normalized
  EXPECT_THROW((void)c.matrix(all_columns(c), 2, bad, 1), invalid_argument);
}

TEST(SklearnCounts, IdenticalForEveryThreadCount) {
  const std::string text = testing::seed_text();
  std::vector<std::string> pieces;
  for (std::size_t i = 0; i < 4000; ++i) pieces.push_back(text.substr((i * 97) % 3000, 50 + (i * 31) % 900));
  const std::vector<std::string_view> docs(pieces.begin(), pieces.end());
  SklearnAnalyzerOptions o;
  o.ngram_max = 2;
  const auto one = count(docs, 1, o);
  SklearnOutput out;
  out.values = SklearnOutput::Values::float64;
  out.norm = NormScheme::l2;
  const auto m1 = one.matrix(all_columns(one), static_cast<std::int64_t>(one.terms()), out, 1);
  for (const int threads : {2, 3, 8}) {
    const auto many = count(docs, threads, o);
    ASSERT_EQ(many.terms(), one.terms());
    for (std::size_t i = 0; i < one.terms(); ++i) ASSERT_EQ(many.term(i), one.term(i));
    EXPECT_EQ(many.document_frequency(), one.document_frequency());
    EXPECT_EQ(many.term_frequency(), one.term_frequency());
    EXPECT_EQ(many.first_seen(), one.first_seen());
    const auto m = many.matrix(all_columns(many), static_cast<std::int64_t>(many.terms()), out, threads);
    EXPECT_EQ(m.indptr, m1.indptr);
    EXPECT_EQ(m.indices, m1.indices);
    EXPECT_EQ(m.values_float64, m1.values_float64);
  }
}

TEST(SklearnCounts, RunsSharingAThreadsVocabularyEqualADocumentAtATime) {
  // The reference: every document's terms given one at a time (one run, its own vocabulary).
  // The batches are cut into several runs per thread, which share each thread's vocabulary; a
  // second batch and single documents between batches mix shared and own vocabularies.
  const std::string text = testing::seed_text();
  std::vector<std::string> pieces;
  for (std::size_t i = 0; i < 6000; ++i) pieces.push_back(text.substr((i * 89) % 3000, 40 + (i * 37) % 800));
  const std::vector<std::string_view> docs(pieces.begin(), pieces.end());
  const auto a = analyzer({});
  SklearnCounts reference;
  for (const auto doc : docs) {
    const auto terms = a.terms(doc);
    const std::vector<std::string_view> views(terms.begin(), terms.end());
    reference.add_document(views);
  }
  reference.finish(1);
  const std::span<const std::string_view> all(docs);
  for (const int threads : {1, 2, 3}) {
    SklearnCounts batches;
    ViewSource first(all.subspan(0, 3000));
    batches.add(a, first, threads);
    for (std::size_t d = 3000; d < 3010; ++d) {
      const auto terms = a.terms(docs[d]);
      const std::vector<std::string_view> views(terms.begin(), terms.end());
      batches.add_document(views);
    }
    ViewSource second(all.subspan(3010));
    batches.add(a, second, threads);
    batches.finish(threads);
    ASSERT_EQ(batches.terms(), reference.terms()) << threads << " threads";
    for (std::size_t i = 0; i < reference.terms(); ++i) ASSERT_EQ(batches.term(i), reference.term(i));
    EXPECT_EQ(batches.document_frequency(), reference.document_frequency());
    EXPECT_EQ(batches.term_frequency(), reference.term_frequency());
    EXPECT_EQ(batches.first_seen(), reference.first_seen());
    const auto columns = static_cast<std::int64_t>(reference.terms());
    const auto m = batches.matrix(all_columns(batches), columns, {}, threads);
    const auto expected = reference.matrix(all_columns(reference), columns, {}, 1);
    EXPECT_EQ(m.indptr, expected.indptr);
    EXPECT_EQ(m.indices, expected.indices);
    EXPECT_EQ(m.values_int64, expected.values_int64);
  }
}

TEST(SklearnCounts, PartitionAndPartialCountsEqualTheGenericOnesByteForByte) {
  // The face's own counting of a partition (padded views, shared runs) against the engine's
  // count_partition / count_partial with the same analyzer as a TermProducer.
  const std::string text = testing::seed_text();
  std::vector<std::string> pieces;
  for (std::size_t i = 0; i < 5000; ++i) pieces.push_back(text.substr((i * 71) % 3000, 30 + (i * 43) % 700));
  pieces[17].clear();  // an empty document
  const std::vector<std::string_view> docs(pieces.begin(), pieces.end());
  const ViewSource source(docs);
  SklearnAnalyzerOptions o;
  o.ngram_max = 2;
  const auto a = analyzer(o);
  for (const int threads : {1, 2, 3}) {
    EXPECT_EQ(sklearn_count_partition(a, source, threads).to_bytes(),
              count_partition(a, source, threads).to_bytes())
        << threads << " threads";
    EXPECT_EQ(sklearn_count_partial(a, source, threads).to_bytes(),
              count_partial(a, source, threads).to_bytes())
        << threads << " threads";
  }
}

TEST(SklearnCounts, TakeMatrixEqualsMatrixAndSpendsTheCounts) {
  const std::string text = testing::seed_text();
  std::vector<std::string> pieces;
  for (std::size_t i = 0; i < 2000; ++i) pieces.push_back(text.substr((i * 89) % 3000, 40 + (i * 37) % 700));
  const std::vector<std::string_view> docs(pieces.begin(), pieces.end());
  auto c = count(docs, 3);  // several chunks, each released once written
  SklearnOutput out;
  out.values = SklearnOutput::Values::float64;
  out.norm = NormScheme::l2;
  const auto columns = static_cast<std::int64_t>(c.terms());
  const auto kept = c.matrix(all_columns(c), columns, out, 2);
  const auto taken = c.take_matrix(all_columns(c), columns, out, 2);
  EXPECT_EQ(taken.indptr, kept.indptr);
  EXPECT_EQ(taken.indices, kept.indices);
  EXPECT_EQ(taken.values_float64, kept.values_float64);
  EXPECT_THROW((void)c.matrix(all_columns(c), columns, out, 1), invalid_argument);
  EXPECT_THROW((void)c.take_matrix(all_columns(c), columns, out, 1), invalid_argument);
  EXPECT_EQ(c.term(0), count(docs, 1).term(0));  // terms and frequencies stay readable
  EXPECT_EQ(c.document_frequency(), count(docs, 1).document_frequency());
}

TEST(SklearnCounts, TermsFromElsewhereAndFixedVocabulary) {
  SklearnCounts c;
  const std::vector<std::string_view> d1{"x", "y", "x"};
  const std::vector<std::string_view> d2{"z"};
  c.add_document(d1);
  c.add_document(d2);
  c.finish();
  EXPECT_EQ(c.documents(), 2);
  EXPECT_EQ(c.term_frequency(), (std::vector<std::int64_t>{2, 1, 1}));
  EXPECT_THROW(c.add_document(d1), invalid_argument);

  const SklearnVocabulary vocabulary(std::vector<std::string>{"sat", "cat"});
  EXPECT_EQ(vocabulary.find("cat"), 1);
  EXPECT_EQ(vocabulary.find("dog"), -1);
  EXPECT_THROW(SklearnVocabulary(std::vector<std::string>{"a", "a"}), invalid_argument);
  const std::vector<std::string_view> docs{"the cat sat on the cat", "dog"};
  ViewSource source(docs);
  const auto m = sklearn_transform(analyzer(), vocabulary, source, {}, 2);
  EXPECT_EQ(m.indptr, (std::vector<std::int64_t>{0, 2, 2}));
  EXPECT_EQ(plain(m.indices), (std::vector<std::int32_t>{0, 1}));
  EXPECT_EQ(plain(m.values_int64), (std::vector<std::int64_t>{1, 2}));

  SklearnFixedCounter counter(vocabulary);
  const std::vector<std::string_view> terms{"cat", "cat", "bird"};
  counter.add_document(terms);
  const auto f = counter.finish({}, 1);
  EXPECT_EQ(plain(f.indices), (std::vector<std::int32_t>{1}));
  EXPECT_EQ(plain(f.values_int64), (std::vector<std::int64_t>{2}));
  // finish() freed the counts: the counter is spent.
  EXPECT_THROW((void)counter.finish({}, 1), invalid_argument);
  EXPECT_THROW(counter.add_document(terms), invalid_argument);
}

// The rows of a partition written in place, split among threads into views of about equal
// entries: the same matrix as transforming the documents, for every thread count, with empty
// documents first, last and between the views, columns dropped, and no documents at all.
TEST(SklearnPartitionMatrix, EqualsTheTransformForEveryThreadCountAndColumnSubset) {
  std::mt19937 random(7);
  std::vector<std::string> texts(2500);
  for (std::size_t d = 0; d < texts.size(); ++d) {
    if (d % 211 == 0 || d + 1 == texts.size()) continue;  // empty rows
    const std::size_t words = 40 + random() % 160;
    for (std::size_t w = 0; w < words; ++w) texts[d] += "w" + std::to_string(random() % 20000) + " ";
  }
  const std::vector<std::string_view> docs(texts.begin(), texts.end());
  const ViewSource source(docs);
  const PartitionCounts counts = count_partition(analyzer(), source, 2);
  ASSERT_GT(counts.nnz(), 3 * 65536);  // several views per thread
  std::vector<std::string> kept;       // every third term of the partition is not a column
  for (std::size_t id = 0; id < counts.statistics.vocabulary.size(); ++id)
    if (id % 3 != 0) kept.emplace_back(counts.statistics.vocabulary.term_unchecked(static_cast<TermId>(id)));
  std::shuffle(kept.begin(), kept.end(), random);
  const SklearnVocabulary some(kept);
  const SklearnVocabulary every(counts.statistics.vocabulary);
  ASSERT_EQ(every.size(), counts.statistics.vocabulary.size());
  EXPECT_EQ(every.find(counts.statistics.vocabulary.term_unchecked(5)), 5);
  for (const auto* vocabulary : {&some, &every}) {
    SklearnOutput tfidf{SklearnOutput::Values::float64, false, true, {}, NormScheme::l2};
    for (std::size_t c = 0; c < vocabulary->size(); ++c)
      tfidf.idf.push_back(1.0 + static_cast<double>(c % 17) / 8);
    for (const auto& output : {SklearnOutput{}, tfidf}) {
      const auto expected = sklearn_transform(analyzer(), *vocabulary, source, output, 1);
      for (const int threads : {1, 2, 3}) {
        const auto m = sklearn_partition_matrix(counts, *vocabulary, output, threads);
        EXPECT_EQ(m.indptr, expected.indptr) << threads;
        EXPECT_EQ(plain(m.indices), plain(expected.indices)) << threads;
        EXPECT_EQ(plain(m.values_int64), plain(expected.values_int64)) << threads;
        EXPECT_EQ(plain(m.values_float64), plain(expected.values_float64)) << threads;
      }
    }
  }
  const std::vector<std::string_view> none;
  const auto empty = sklearn_partition_matrix(count_partition(analyzer(), ViewSource(none)), some, {}, 2);
  EXPECT_EQ(empty.rows, 0);
  EXPECT_EQ(empty.indptr, (std::vector<std::int64_t>{0}));
}

TEST(SklearnTfidf, InPlaceTransformOnForeignArrays) {
  std::vector<double> data{1, 3, 4};
  const std::vector<std::int32_t> indices{0, 1, 1};
  const std::vector<std::int32_t> indptr{0, 2, 2, 3};
  const std::vector<double> idf{2.0, 1.0};
  sklearn_tfidf_inplace<double, std::int32_t, std::int32_t>(data, indices, indptr, idf, false, NormScheme::l2,
                                                            2);
  EXPECT_NEAR(data[0], 2.0 / std::sqrt(13.0), 1e-15);
  EXPECT_NEAR(data[1], 3.0 / std::sqrt(13.0), 1e-15);
  EXPECT_NEAR(data[2], 1.0, 1e-15);
  std::vector<double> broken{1.0};
  const std::vector<std::int32_t> bad_indices{5};
  const std::vector<std::int32_t> bad_indptr{0, 1};
  EXPECT_THROW((sklearn_tfidf_inplace<double, std::int32_t, std::int32_t>(broken, bad_indices, bad_indptr,
                                                                          idf, false, NormScheme::l2, 1)),
               invalid_argument);
}

}  // namespace
}  // namespace treatytext
