#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "count/internal.hpp"
#include "count_corpus.hpp"
#include "treatytext/count.hpp"
#include "treatytext/error.hpp"
#include "treatytext/parallel.hpp"
#include "treatytext/terms.hpp"

using namespace treatytext;
using treatytext::testing::views;
using treatytext::testing::WhitespaceProducer;

namespace {

const WhitespaceProducer kWords;

std::vector<std::string> synthetic_corpus(std::size_t documents, unsigned seed) {
  // Zipf-like: a few frequent words and a long tail, as in real text.
  std::mt19937 random(seed);
  std::vector<std::string> texts;
  for (std::size_t d = 0; d < documents; ++d) {
    std::string text;
    const auto length = random() % 60;  // some documents are empty
    for (unsigned t = 0; t < length; ++t) {
      const auto rank =
          static_cast<unsigned>(std::pow(static_cast<double>(random() % 100000 + 1) / 100000.0, 4) * 5000);
      text += "w" + std::to_string(rank) + " ";
    }
    texts.push_back(text);
  }
  return texts;
}

void expect_same_counts(const Counts& a, const Counts& b) {
  EXPECT_EQ(a.vocabulary.terms(), b.vocabulary.terms());
  EXPECT_EQ(a.matrix.rows, b.matrix.rows);
  EXPECT_EQ(a.matrix.cols, b.matrix.cols);
  EXPECT_EQ(a.matrix.indptr, b.matrix.indptr);
  EXPECT_EQ(a.matrix.indices, b.matrix.indices);
  EXPECT_EQ(a.matrix.data, b.matrix.data);
  EXPECT_EQ(a.document_frequency, b.document_frequency);
  EXPECT_EQ(a.term_frequency, b.term_frequency);
}

}  // namespace

TEST(Count, TinyCorpusByHand) {
  const std::vector<std::string> texts{"The cat sat", "the cat the DOG", "", "dog"};
  const Counts c = count(kWords, views(texts));
  // Ids by first occurrence: the=0 cat=1 sat=2 dog=3.
  EXPECT_EQ(c.vocabulary.terms(), (std::vector<std::string>{"the", "cat", "sat", "dog"}));
  EXPECT_EQ(c.documents(), 4);
  EXPECT_EQ(c.matrix.cols, 4);
  EXPECT_EQ(c.matrix.indptr, (std::vector<std::int64_t>{0, 3, 6, 6, 7}));
  EXPECT_EQ(c.matrix.indices, (std::vector<std::int32_t>{0, 1, 2, 0, 1, 3, 3}));
  EXPECT_EQ(c.matrix.data, (std::vector<double>{1, 1, 1, 2, 1, 1, 1}));
  EXPECT_EQ(c.document_frequency, (std::vector<std::int64_t>{2, 2, 1, 2}));
  EXPECT_EQ(c.term_frequency, (std::vector<std::int64_t>{3, 2, 1, 2}));
  EXPECT_NO_THROW(c.validate());
}

TEST(Count, NoDocumentsAndOnlyEmptyDocuments) {
  const Counts none = count(kWords, std::span<const std::string_view>{});  // {} alone is ambiguous to clang
  EXPECT_EQ(none.documents(), 0);
  EXPECT_TRUE(none.vocabulary.empty());
  EXPECT_EQ(none.matrix.indptr, (std::vector<std::int64_t>{0}));
  const std::vector<std::string> blanks{"", "   ", "\n"};
  const Counts empty = count(kWords, views(blanks), 3);
  EXPECT_EQ(empty.documents(), 3);
  EXPECT_EQ(empty.matrix.indptr, (std::vector<std::int64_t>{0, 0, 0, 0}));
  EXPECT_NO_THROW(empty.validate());
}

TEST(Count, IdenticalForEveryThreadCount) {
  const auto texts = synthetic_corpus(3000, 1);
  const Counts reference = count(kWords, views(texts), 1);
  EXPECT_NO_THROW(reference.validate());  // includes strictly ascending columns per row
  for (int threads : {2, 3, 4, 7, 64}) {
    SCOPED_TRACE(threads);
    expect_same_counts(count(kWords, views(texts), threads), reference);
  }
}

TEST(Count, IdenticalForEveryThreadCountOnToTA) {
  const auto texts = treatytext::testing::tota_articles(12);
  ASSERT_GT(texts.size(), 500u);
  const Counts reference = count(kWords, views(texts), 1);
  expect_same_counts(count(kWords, views(texts), 2), reference);
  expect_same_counts(count(kWords, views(texts), 5), reference);
}

TEST(Count, ColumnsMatchANaiveCount) {
  const auto texts = synthetic_corpus(400, 2);
  const Counts c = count(kWords, views(texts), 3);
  // Naive: a std::map per document, ids looked up by term.
  std::vector<std::int64_t> df(c.vocabulary.size(), 0);
  for (std::size_t d = 0; d < texts.size(); ++d) {
    std::map<TermId, double> row;
    TermList terms;
    kWords.analyze(texts[d], terms);
    for (std::size_t t = 0; t < terms.size(); ++t) row[c.vocabulary.find(terms[t])] += 1;
    std::vector<std::int32_t> indices;
    std::vector<double> data;
    for (const auto& [id, n] : row) {
      indices.push_back(id);
      data.push_back(n);
      df[static_cast<std::size_t>(id)] += 1;
    }
    const auto b = c.matrix.indptr[d];
    const auto e = c.matrix.indptr[d + 1];
    ASSERT_EQ(std::vector<std::int32_t>(c.matrix.indices.begin() + b, c.matrix.indices.begin() + e), indices);
    ASSERT_EQ(std::vector<double>(c.matrix.data.begin() + b, c.matrix.data.begin() + e), data);
  }
  EXPECT_EQ(c.document_frequency, df);
}

TEST(Count, CountTermsMatchesCountWithAProducer) {
  const auto texts = synthetic_corpus(500, 3);
  std::vector<std::vector<std::string>> tokenized;
  for (const auto& text : texts) {
    TermList terms;
    kWords.analyze(text, terms);
    std::vector<std::string> row;
    for (std::size_t t = 0; t < terms.size(); ++t) row.emplace_back(terms[t]);
    tokenized.push_back(row);
  }
  const Counts reference = count(kWords, views(texts));
  expect_same_counts(count_terms(tokenized), reference);
  expect_same_counts(count_terms(tokenized, 3), reference);
}

TEST(Count, CountWithVocabularyIgnoresUnknownTermsAndUsesItsIds) {
  const Vocabulary vocabulary(std::vector<std::string>{"dog", "cat"});
  const std::vector<std::string> texts{"cat bird dog cat", "bird", "dog"};
  const CsrMatrix m = count_with_vocabulary(kWords, vocabulary, views(texts));
  EXPECT_EQ(m.rows, 3);
  EXPECT_EQ(m.cols, 2);
  EXPECT_EQ(m.indptr, (std::vector<std::int64_t>{0, 2, 2, 3}));
  EXPECT_EQ(m.indices, (std::vector<std::int32_t>{0, 1, 0}));
  EXPECT_EQ(m.data, (std::vector<double>{1, 2, 1}));
}

TEST(Count, CountWithVocabularyEqualsTheCountOfTheFittedCorpus) {
  const auto texts = synthetic_corpus(2000, 4);
  const Counts fitted = count(kWords, views(texts));
  for (int threads : {1, 2, 5}) {
    const CsrMatrix m = count_with_vocabulary(kWords, fitted.vocabulary, views(texts), threads);
    EXPECT_EQ(m.indptr, fitted.matrix.indptr);
    EXPECT_EQ(m.indices, fitted.matrix.indices);
    EXPECT_EQ(m.data, fitted.matrix.data);
  }
}

TEST(Count, MergeOfTwoBatchesEqualsTheCountOfTheUnion) {
  const auto texts = synthetic_corpus(1500, 5);
  const Counts whole = count(kWords, views(texts), 2);
  for (std::size_t split : {0u, 1u, 700u, 1499u, 1500u}) {
    SCOPED_TRACE(split);
    const std::vector<std::string> a(texts.begin(), texts.begin() + static_cast<std::ptrdiff_t>(split));
    const std::vector<std::string> b(texts.begin() + static_cast<std::ptrdiff_t>(split), texts.end());
    expect_same_counts(merge(count(kWords, views(a), 3), count(kWords, views(b), 2)), whole);
  }
}

TEST(Count, MergeAppendsNewTermsInTheSecondsIdOrder) {
  const std::vector<std::string> a{"x y"};
  const std::vector<std::string> b{"z y w"};
  const Counts m = merge(count(kWords, views(a)), count(kWords, views(b)));
  EXPECT_EQ(m.vocabulary.terms(), (std::vector<std::string>{"x", "y", "z", "w"}));
  // Row 1 was (z=0, y=1, w=2) in b; remapped to (2, 1, 3) then sorted.
  EXPECT_EQ(m.matrix.indices, (std::vector<std::int32_t>{0, 1, 1, 2, 3}));
  EXPECT_EQ(m.document_frequency, (std::vector<std::int64_t>{1, 2, 1, 1}));
  Counts broken = count(kWords, views(b));
  broken.document_frequency.pop_back();
  EXPECT_THROW(merge(count(kWords, views(a)), broken), treatytext::invalid_argument);
}

namespace {

// df: a=4 b=3 c=2 d=1 e=1 (5 documents); tf: a=6 b=3 c=5 d=1 e=1.
Counts pruning_corpus() {
  const std::vector<std::string> texts{"a a b c c c", "a b", "a b c c", "a a d", "e"};
  return count(kWords, views(texts));
}

std::vector<std::string> kept_terms(const PruneOptions& options) {
  return prune(pruning_corpus(), options).vocabulary.terms();
}

}  // namespace

TEST(Prune, DocumentFrequencyBoundsWithScikitLearnSemantics) {
  PruneOptions o;
  o.min_df = {false, 2};  // absolute: df >= 2
  EXPECT_EQ(kept_terms(o), (std::vector<std::string>{"a", "b", "c"}));
  o.min_df = {true, 0.5};  // proportion: df >= 0.5 * 5 = 2.5
  EXPECT_EQ(kept_terms(o), (std::vector<std::string>{"a", "b"}));
  o.min_df = {false, 1};
  o.max_df = {true, 0.6};  // df <= 3
  EXPECT_EQ(kept_terms(o), (std::vector<std::string>{"b", "c", "d", "e"}));
  o.max_df = {false, 1};  // the integer 1 means one document, not 100 %
  EXPECT_EQ(kept_terms(o), (std::vector<std::string>{"d", "e"}));
  o.max_df = {true, 1.0};
  o.min_df = {true, 1.0};  // every document
  EXPECT_THROW(kept_terms(o), treatytext::invalid_argument);
}

TEST(Prune, MaxFeaturesKeepsTheMostFrequentAndBreaksTiesByTerm) {
  PruneOptions o;
  o.max_features = 2;  // tf: a=6 c=5
  EXPECT_EQ(kept_terms(o), (std::vector<std::string>{"a", "c"}));
  o.max_features = 4;  // then b=3, then the tie d=1 / e=1 goes to "d"
  EXPECT_EQ(kept_terms(o), (std::vector<std::string>{"a", "b", "c", "d"}));
  o.max_features = 100;
  EXPECT_EQ(kept_terms(o).size(), 5u);
}

TEST(Prune, MatrixFollowsTheKeptColumns) {
  const std::vector<std::string> texts{"zulu alpha alpha mike", "mike zulu", "alpha"};
  const Counts c = count(kWords, views(texts));  // ids: zulu=0 alpha=1 mike=2
  PruneOptions o;
  o.min_df = {false, 2};  // all three have df 2
  const Counts sorted = prune(c, o);
  EXPECT_EQ(sorted.vocabulary.terms(), (std::vector<std::string>{"alpha", "mike", "zulu"}));
  EXPECT_EQ(sorted.matrix.indptr, (std::vector<std::int64_t>{0, 3, 5, 6}));
  EXPECT_EQ(sorted.matrix.indices, (std::vector<std::int32_t>{0, 1, 2, 1, 2, 0}));
  EXPECT_EQ(sorted.matrix.data, (std::vector<double>{2, 1, 1, 1, 1, 1}));
  EXPECT_EQ(sorted.document_frequency, (std::vector<std::int64_t>{2, 2, 2}));
  EXPECT_EQ(sorted.term_frequency, (std::vector<std::int64_t>{3, 2, 2}));
  EXPECT_NO_THROW(sorted.validate());

  o.sort_terms = false;
  o.max_features = 2;  // alpha (3) and then the tie mike/zulu (2) -> mike
  const Counts unsorted = prune(c, o);
  EXPECT_EQ(unsorted.vocabulary.terms(), (std::vector<std::string>{"alpha", "mike"}));
  EXPECT_EQ(unsorted.matrix.indptr, (std::vector<std::int64_t>{0, 2, 3, 4}));
  EXPECT_EQ(unsorted.matrix.indices, (std::vector<std::int32_t>{0, 1, 1, 0}));
}

TEST(Prune, MovedAndCopiedCountsGiveTheSameResult) {
  const auto texts = synthetic_corpus(2000, 6);
  const Counts c = count(kWords, views(texts), 2);
  PruneOptions o;
  o.min_df = {false, 3};
  o.max_df = {true, 0.5};
  const Counts copied = prune(c, o, 1);
  expect_same_counts(prune(Counts(c), o, 3), copied);
  EXPECT_NO_THROW(copied.validate());
  // Every kept term keeps its counts: compare against count_with_vocabulary of the kept terms.
  const CsrMatrix recount = count_with_vocabulary(kWords, copied.vocabulary, views(texts));
  EXPECT_EQ(recount.indptr, copied.matrix.indptr);
  EXPECT_EQ(recount.indices, copied.matrix.indices);
  EXPECT_EQ(recount.data, copied.matrix.data);
}

TEST(Prune, CountAndPruneEqualsPruneOfCount) {
  const auto texts = synthetic_corpus(2500, 8);
  std::vector<PruneOptions> settings(4);
  settings[1].min_df = {false, 2};
  settings[1].max_df = {true, 0.3};
  settings[2].max_features = 40;
  settings[2].sort_terms = false;
  settings[3].min_df = {true, 0.01};
  settings[3].max_features = 300;
  for (const auto& options : settings) {
    const Counts expected = prune(count(kWords, views(texts)), options);
    for (int threads : {1, 2, 5}) {
      SCOPED_TRACE(threads);
      expect_same_counts(count_and_prune(kWords, views(texts), options, threads), expected);
    }
  }
  PruneOptions impossible;
  impossible.min_df = {false, 100000};
  EXPECT_THROW(count_and_prune(kWords, views(texts), impossible, 2), treatytext::invalid_argument);
}

TEST(Prune, ErrorsSayWhatWentWrong) {
  PruneOptions o;
  o.min_df = {false, 3};
  o.max_df = {false, 2};
  try {
    kept_terms(o);
    FAIL();
  } catch (const treatytext::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "max_df corresponds to < documents than min_df");
  }
  o.min_df = {false, 5};
  o.max_df = {true, 1.0};
  try {
    kept_terms(o);
    FAIL();
  } catch (const treatytext::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("empty vocabulary after pruning"), std::string::npos) << e.what();
  }
  const std::vector<std::string> blank{"", " "};
  try {
    prune(count(kWords, views(blank)), PruneOptions{});
    FAIL();
  } catch (const treatytext::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("empty vocabulary: the documents contain no terms"),
              std::string::npos);
  }
  PruneOptions bad;
  bad.min_df = {true, 1.5};
  EXPECT_THROW(kept_terms(bad), treatytext::invalid_argument);
  bad = {};
  bad.min_df = {false, 2.5};
  EXPECT_THROW(kept_terms(bad), treatytext::invalid_argument);
  bad = {};
  bad.max_features = 0;
  EXPECT_THROW(kept_terms(bad), treatytext::invalid_argument);
}

TEST(Summaries, SumsAndTopTerms) {
  const Counts c = pruning_corpus();  // ids: a=0 b=1 c=2 d=3 e=4
  EXPECT_EQ(column_sums(c.matrix), (std::vector<double>{6, 3, 5, 1, 1}));
  EXPECT_EQ(row_sums(c.matrix), (std::vector<double>{6, 2, 4, 3, 1}));
  using Pairs = std::vector<std::pair<TermId, double>>;
  EXPECT_EQ(top_terms(c.matrix, -1, 3), (Pairs{{0, 6}, {2, 5}, {1, 3}}));
  EXPECT_EQ(top_terms(c.matrix, -1, 5).back(), (std::pair<TermId, double>{4, 1}));  // d/e tie: lower id first
  EXPECT_EQ(top_terms(c.matrix, 0, 10), (Pairs{{2, 3}, {0, 2}, {1, 1}}));
  EXPECT_EQ(top_terms(c.matrix, 4, 0), Pairs{});
  EXPECT_THROW(top_terms(c.matrix, 5, 1), treatytext::invalid_argument);
}

// A matrix with more than 2^31 non-zeros needs about 26 GB here (12 bytes per non-zero), more
// than a test may take. What is tested instead is the arithmetic that would break: the routines
// that place each thread's rows in the final matrix, given a base offset beyond 2^32 (they write
// through pointers already placed at the offset, so no large allocation is needed), and counts
// above 2^31 in one cell.
TEST(Count, RowOffsetsAreComputedIn64Bits) {
  detail::ChunkCounts chunk;
  chunk.row_ends = {2, 2, 4};
  chunk.ids = {5, 1, 0, 3};
  chunk.counts = {7, 9, 4'000'000'000u, 1};
  const std::vector<TermId> map{0, 1, 2, kNoTerm, 4, 5};  // term 3 is pruned
  detail::sort_chunk_rows(chunk, map);
  EXPECT_EQ(chunk.row_ends, (std::vector<std::int64_t>{2, 2, 3}));
  EXPECT_EQ(chunk.ids, (std::vector<TermId>{1, 5, 0}));
  std::vector<std::int64_t> indptr(3);
  std::vector<double> data(3);
  const std::int64_t base = 5'000'000'000;  // > 2^32
  detail::write_counts(chunk, base, indptr.data(), data.data());
  EXPECT_EQ(indptr, (std::vector<std::int64_t>{base + 2, base + 2, base + 3}));
  EXPECT_EQ(data, (std::vector<double>{9, 7, 4'000'000'000.0}));  // counts above 2^31 survive
  static_assert(std::is_same_v<decltype(CsrMatrix::indptr)::value_type, std::int64_t>);
  static_assert(std::is_same_v<decltype(Counts::document_frequency)::value_type, std::int64_t>);
}

TEST(Count, BalancedBoundariesSplitByWeight) {
  const std::vector<std::size_t> weights{10, 10, 10, 10, 100, 10};
  EXPECT_EQ(balanced_boundaries(weights, 2), (std::vector<std::size_t>{0, 5, 6}));
  EXPECT_EQ(balanced_boundaries(weights, 1), (std::vector<std::size_t>{0, 6}));
  const auto many = balanced_boundaries(weights, 100);
  EXPECT_EQ(many.back(), 6u);
  for (std::size_t i = 1; i < many.size(); ++i) EXPECT_LT(many[i - 1], many[i]);  // never an empty run
  EXPECT_EQ(balanced_boundaries({}, 4), (std::vector<std::size_t>{0}));
}

TEST(Count, LongTokensAndNulBytes) {
  const std::string long_token(100'000, 'x');
  const std::vector<std::string> texts{long_token + " y " + long_token, std::string("a\0b a", 5)};
  const Counts c = count(kWords, views(texts), 2);
  EXPECT_EQ(c.vocabulary.terms(), (std::vector<std::string>{long_token, "y", std::string("a\0b", 3), "a"}));
  EXPECT_EQ(c.term_frequency, (std::vector<std::int64_t>{2, 1, 1, 1}));
}

TEST(Count, ProducerErrorsReachTheCaller) {
  struct Failing final : TermProducer {
    void analyze(std::string_view document, TermList& out) const override {
      out.clear();
      if (document == "bad") throw treatytext::invalid_argument("cannot analyze 'bad'");
      out.push_back(document);
    }
  };
  const std::vector<std::string> texts{"ok", "ok", "bad", "ok"};
  EXPECT_THROW(count(Failing{}, views(texts), 2), treatytext::invalid_argument);
}

TEST(KeyOrder, EmitsTheMarkedKeysInOrderRowAfterRow) {
  // Rows of keys from a small universe (the bitmap is scanned) and spread over a large one
  // (too thin to scan: radix-sorted instead); the marks must be left clear after every row.
  std::mt19937 random(11);
  detail::KeyOrder order;
  order.reserve(1u << 24);
  for (int row = 0; row < 400; ++row) {
    const std::uint32_t universe = row % 3 == 0 ? (1u << 24) : row % 3 == 1 ? 5000u : 64u;
    std::vector<std::uint32_t> keys;
    const std::size_t wanted = random() % 150;
    std::vector<bool> seen(universe);
    while (keys.size() < std::min<std::size_t>(wanted, universe)) {
      const std::uint32_t key = random() % universe;
      if (seen[key]) continue;
      seen[key] = true;
      keys.push_back(key);
      order.mark(key);
    }
    std::vector<std::uint32_t> expected = keys;
    std::sort(expected.begin(), expected.end());
    std::vector<std::uint32_t> emitted;
    order.drain(keys, [&](std::uint32_t key) { emitted.push_back(key); });
    ASSERT_EQ(emitted, expected) << "row " << row;
  }
}

namespace {

// Documents given on demand in another form (here reversed word order, as a caller converting
// each document would), so that a test sees text() called per document with thread buffers.
class ReversedSource final : public DocumentSource {
 public:
  explicit ReversedSource(const std::vector<std::string>& texts) : texts_(texts) {}
  [[nodiscard]] std::size_t size() const override { return texts_.size(); }
  [[nodiscard]] std::size_t weight(std::size_t i) const override { return texts_[i].size(); }
  [[nodiscard]] std::string_view text(std::size_t i, std::string& buffer) const override {
    buffer.assign(texts_[i].rbegin(), texts_[i].rend());
    return buffer;
  }

 private:
  const std::vector<std::string>& texts_;
};

}  // namespace

TEST(Count, DocumentSourceEqualsTheConvertedViews) {
  auto texts = synthetic_corpus(1500, 5);
  std::vector<std::string> reversed;
  for (const auto& t : texts) reversed.emplace_back(t.rbegin(), t.rend());
  const ReversedSource source(texts);
  for (int threads : {1, 2, 3}) {
    SCOPED_TRACE(threads);
    expect_same_counts(count(kWords, source, threads), count(kWords, views(reversed), threads));
    PruneOptions prune;
    prune.min_df = DfBound{false, 2.0};
    expect_same_counts(count_and_prune(kWords, source, prune, threads),
                       count_and_prune(kWords, views(reversed), prune, threads));
    const Counts fitted = count(kWords, views(reversed), 1);
    const CsrMatrix a = count_with_vocabulary(kWords, fitted.vocabulary, source, threads);
    const CsrMatrix b = count_with_vocabulary(kWords, fitted.vocabulary, views(reversed), threads);
    EXPECT_EQ(a.indptr, b.indptr);
    EXPECT_EQ(a.indices, b.indices);
    EXPECT_EQ(a.data, b.data);
  }
}
