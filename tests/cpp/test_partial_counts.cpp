// Partial counts: count per partition, merge in order, prune once == one fit of the whole.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "count_corpus.hpp"
#include "treatytext/count.hpp"
#include "treatytext/error.hpp"
#include "treatytext/vectorizer.hpp"

using namespace treatytext;
using treatytext::testing::views;
using treatytext::testing::WhitespaceProducer;

namespace {

const WhitespaceProducer kWords;

std::vector<std::string> corpus(std::size_t documents, unsigned seed) {
  std::mt19937 random(seed);
  std::vector<std::string> texts;
  for (std::size_t d = 0; d < documents; ++d) {
    std::string text;
    const auto length = random() % 30;  // some documents are empty
    for (unsigned t = 0; t < length; ++t) text += "w" + std::to_string(random() % 50 * (random() % 7)) + " ";
    texts.push_back(text);
  }
  return texts;
}

void expect_equal(const PartialCounts& a, const PartialCounts& b) {
  EXPECT_EQ(a.vocabulary.terms(), b.vocabulary.terms());
  EXPECT_EQ(a.document_frequency, b.document_frequency);
  EXPECT_EQ(a.term_frequency, b.term_frequency);
  EXPECT_EQ(a.documents, b.documents);
}

void expect_equal(const CsrMatrix& a, const CsrMatrix& b) {
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.cols, b.cols);
  EXPECT_EQ(a.indptr, b.indptr);
  EXPECT_EQ(a.indices, b.indices);
  EXPECT_EQ(a.data, b.data);  // bit for bit: the same doubles
}

}  // namespace

TEST(PartialCounts, ByHand) {
  const std::vector<std::string> texts{"b a b", "", "c a"};
  const PartialCounts c = count_partial(kWords, views(texts));
  EXPECT_EQ(c.vocabulary.terms(), (std::vector<std::string>{"b", "a", "c"}));
  EXPECT_EQ(c.document_frequency, (std::vector<std::int64_t>{1, 2, 1}));
  EXPECT_EQ(c.term_frequency, (std::vector<std::int64_t>{2, 2, 1}));
  EXPECT_EQ(c.documents, 3);
  EXPECT_EQ(c.total_length(), 5);
  PartialCounts by_terms;
  for (const auto* terms : {"b a b", "", "c a"}) {
    TermList list;
    kWords.analyze(terms, list);
    std::vector<std::string_view> views_of;
    for (std::size_t i = 0; i < list.size(); ++i) views_of.push_back(list[i]);
    add_document(by_terms, views_of);
  }
  expect_equal(by_terms, c);
}

TEST(PartialCounts, MergedSplitsEqualTheWholeForEveryThreadCount) {
  const auto texts = corpus(300, 7);
  const auto all = views(texts);
  const PartialCounts whole = count_partial(kWords, all);
  std::mt19937 random(11);
  for (int trial = 0; trial < 20; ++trial) {
    // Random cut points, empty partitions included.
    std::vector<std::size_t> cuts{0, texts.size()};
    for (int k = 0; k < trial % 6; ++k) cuts.push_back(random() % (texts.size() + 1));
    std::sort(cuts.begin(), cuts.end());
    std::vector<PartialCounts> parts;
    for (std::size_t i = 0; i + 1 < cuts.size(); ++i)
      parts.push_back(
          count_partial(kWords, std::span(all).subspan(cuts[i], cuts[i + 1] - cuts[i]), 1 + trial % 3));
    // A tree of pairwise merges (associativity) against the flat merge.
    std::vector<PartialCounts> level = parts;
    while (level.size() > 1) {
      std::vector<PartialCounts> next;
      for (std::size_t i = 0; i < level.size(); i += 2)
        next.push_back(i + 1 < level.size() ? merge_partial_counts(level[i], level[i + 1]) : level[i]);
      level = std::move(next);
    }
    expect_equal(level[0], whole);
    expect_equal(merge_partial_counts(parts), whole);
  }
}

TEST(PartialCounts, FitFromPartialsGivesTheSameModelAndMatrices) {
  const auto texts = corpus(400, 3);
  const auto all = views(texts);
  for (const bool bm25 : {false, true}) {
    VectorizerOptions options;
    options.prune.min_df = DfBound{false, 2.0};
    options.prune.max_df = DfBound{true, 0.6};
    options.prune.max_features = 40;
    options.weighting.bm25 = bm25;
    options.n_threads = 2;
    Vectorizer reference(options);
    const CsrMatrix expected = reference.fit_transform(all);
    Vectorizer partitioned(options);
    std::vector<PartialCounts> parts;
    for (std::size_t begin = 0; begin < texts.size(); begin += 70)
      parts.push_back(PartialCounts::from_bytes(
          partitioned
              .partial_counts(std::span(all).subspan(begin, std::min<std::size_t>(70, texts.size() - begin)))
              .to_bytes()));
    partitioned.fit_partial_counts(merge_partial_counts(parts));
    EXPECT_EQ(partitioned.model().vocabulary.terms(), reference.model().vocabulary.terms());
    EXPECT_EQ(partitioned.model().idf, reference.model().idf);
    EXPECT_EQ(partitioned.model().average_length, reference.model().average_length);
    expect_equal(partitioned.transform(all), expected);
  }
}

TEST(PartialCounts, BytesRoundTripAndErrors) {
  const std::vector<std::string> texts{"alpha beta beta", "gamma alpha", std::string("nul\0byte", 8)};
  const PartialCounts c = count_partial(kWords, views(texts));
  const std::string bytes = c.to_bytes();
  expect_equal(PartialCounts::from_bytes(bytes), c);
  EXPECT_EQ(Vocabulary::from_bytes(c.vocabulary.to_bytes()), c.vocabulary);
  expect_equal(PartialCounts::from_bytes(PartialCounts{}.to_bytes()), PartialCounts{});
  // Every truncation is reported, never read past the end.
  for (std::size_t n = 0; n < bytes.size(); ++n)
    EXPECT_THROW((void)PartialCounts::from_bytes(bytes.substr(0, n)), format_error) << n;
  EXPECT_THROW((void)PartialCounts::from_bytes(bytes + "x"), format_error);
  EXPECT_THROW((void)PartialCounts::from_bytes("something else entirely"), format_error);
  EXPECT_THROW((void)Vocabulary::from_bytes(bytes), format_error);
  try {
    (void)PartialCounts::from_bytes(bytes.substr(0, bytes.size() - 1));
    FAIL();
  } catch (const format_error& e) {
    EXPECT_NE(std::string(e.what()).find("at byte"), std::string::npos) << e.what();
  }
}

TEST(PartialCounts, InconsistentCountsAreRejected) {
  PartialCounts c = count_partial(kWords, views(std::vector<std::string>{"a b", "b"}));
  PartialCounts bad = c;
  bad.document_frequency[1] = 3;  // more than the 2 documents
  EXPECT_THROW(bad.validate(), invalid_argument);
  EXPECT_THROW((void)merge_partial_counts(c, bad), invalid_argument);
  EXPECT_THROW((void)bad.to_bytes(), invalid_argument);
  bad = c;
  bad.term_frequency.pop_back();
  EXPECT_THROW(bad.validate(), invalid_argument);
  Vectorizer v;
  EXPECT_THROW(v.fit_partial_counts(bad), invalid_argument);
  EXPECT_THROW(v.fit_partial_counts(PartialCounts{}), invalid_argument);  // no term: as fit()
}

TEST(PartitionCounts, ByHandTheRowsAreAgainstThePartitionsOwnIds) {
  const std::vector<std::string> texts{"b a b", "", "c a"};
  const auto all = views(texts);
  const PartitionCounts c = count_partition(kWords, ViewSource(all));
  expect_equal(c.statistics, count_partial(kWords, all));
  EXPECT_EQ(c.row_ends, (std::vector<std::int64_t>{2, 2, 4}));
  EXPECT_EQ(c.ids, (std::vector<TermId>{0, 1, 2, 1}));  // b a | | c a
  EXPECT_EQ(c.counts, (std::vector<std::uint32_t>{2, 1, 1, 1}));
  // Against columns {a, c, z}: b is dropped, rows sorted by column.
  const CsrMatrix m = partition_matrix(c, Vocabulary(std::vector<std::string>{"a", "c", "z"}));
  EXPECT_EQ(m.cols, 3);
  EXPECT_EQ(m.indptr, (std::vector<std::int64_t>{0, 1, 1, 3}));
  EXPECT_EQ(m.indices, (std::vector<std::int32_t>{0, 0, 1}));
  EXPECT_EQ(m.data, (std::vector<double>{1, 1, 1}));
}

TEST(PartitionCounts, RemappedRowsEqualTheTransformOfEveryPartitionForEveryThreadCount) {
  const auto texts = corpus(400, 5);
  const auto all = views(texts);
  for (const bool bm25 : {false, true}) {
    VectorizerOptions options;
    options.prune.min_df = DfBound{false, 2.0};
    options.prune.max_df = DfBound{true, 0.6};
    options.weighting.bm25 = bm25;
    Vectorizer reference(options);
    reference.fit(all);
    Vectorizer partitioned(options);
    std::vector<PartitionCounts> parts;
    std::vector<PartialCounts> statistics;
    for (std::size_t begin = 0; begin < texts.size(); begin += 90) {
      const auto part = std::span(all).subspan(begin, std::min<std::size_t>(90, texts.size() - begin));
      parts.push_back(PartitionCounts::from_bytes(partitioned.count_partition(ViewSource(part)).to_bytes()));
      statistics.push_back(parts.back().statistics);
      for (int threads : {2, 3}) {  // rows and statistics identical for every thread count
        const PartitionCounts other = count_partition(kWords, ViewSource(part), threads);
        EXPECT_EQ(other.row_ends, count_partition(kWords, ViewSource(part)).row_ends);
        expect_equal(other.statistics, parts.back().statistics);
        expect_equal(partition_matrix(other, reference.model().vocabulary),
                     count_with_vocabulary(kWords, reference.model().vocabulary, part));
      }
    }
    partitioned.fit_partial_counts(merge_partial_counts(statistics));
    std::size_t begin = 0;
    for (const auto& part : parts) {
      const auto docs = std::span(all).subspan(begin, static_cast<std::size_t>(part.statistics.documents));
      expect_equal(partitioned.transform_partition(part), reference.transform(docs));
      begin += docs.size();
    }
  }
}

TEST(PartitionCounts, BytesRoundTripAndErrors) {
  const std::vector<std::string> texts{"alpha beta beta", "", "gamma alpha"};
  const PartitionCounts c = count_partition(kWords, ViewSource(views(texts)));
  const std::string bytes = c.to_bytes();
  const PartitionCounts back = PartitionCounts::from_bytes(bytes);
  expect_equal(back.statistics, c.statistics);
  EXPECT_EQ(back.row_ends, c.row_ends);
  EXPECT_EQ(back.ids, c.ids);
  EXPECT_EQ(back.counts, c.counts);
  for (std::size_t n = 0; n < bytes.size(); ++n)
    EXPECT_THROW((void)PartitionCounts::from_bytes(bytes.substr(0, n)), format_error) << n;
  EXPECT_THROW((void)PartitionCounts::from_bytes(bytes + "x"), format_error);
  PartitionCounts bad = c;
  bad.ids[0] = 7;  // beyond the 3 terms
  EXPECT_THROW(bad.validate(), invalid_argument);
  EXPECT_THROW((void)bad.to_bytes(), invalid_argument);
  bad = c;
  bad.row_ends.pop_back();  // 2 rows for 3 documents
  EXPECT_THROW(bad.validate(), invalid_argument);
  bad = c;
  bad.counts[1] = 0;
  EXPECT_THROW(bad.validate(), invalid_argument);
}
