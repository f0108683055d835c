#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "count_corpus.hpp"
#include "dense_csr.hpp"
#include "treatytext/error.hpp"
#include "treatytext/vectorizer.hpp"

using namespace treatytext;
using treatytext::testing::views;

namespace {

using treatytext::testing::expect_same_matrix;

// Lower-case ASCII words separated by single spaces: every analyzer configuration used here
// splits them the same way, so the expected values do not depend on tokenizer details.
std::vector<std::string> word_corpus(std::size_t documents, unsigned seed) {
  std::mt19937 random(seed);
  static const std::vector<std::string> words = {
      "party",  "treaty", "article", "shall",    "state",  "trade",   "goods",  "services", "tariff",
      "origin", "rules",  "dispute", "panel",    "annex",  "measure", "import", "export",   "duty",
      "member", "review", "customs", "investor", "market", "access",  "zone",   "quota",    "safeguard"};
  std::vector<std::string> texts;
  for (std::size_t d = 0; d < documents; ++d) {
    std::string text;
    const auto length = random() % 40;
    for (unsigned t = 0; t < length; ++t) {
      // Skewed choice so document frequencies spread out.
      const auto i = static_cast<std::size_t>(std::pow((random() % 1000) / 1000.0, 2) * words.size());
      text += (t ? " " : "") + words[i] + (random() % 50 == 0 ? std::to_string(random() % 7) : "");
    }
    texts.push_back(text);
  }
  return texts;
}

VectorizerOptions bm25_options(int threads) {
  VectorizerOptions o;
  o.weighting.bm25 = true;
  o.prune.min_df = {false, 2};
  o.prune.max_df = {true, 0.9};
  o.n_threads = threads;
  return o;
}

}  // namespace

TEST(Vectorizer, FitTransformEqualsTheStagesComposedByHand) {
  const auto texts = word_corpus(800, 1);
  VectorizerOptions o;
  o.weighting.tf = TfScheme::log;
  o.prune.min_df = {false, 3};
  Vectorizer v(o);
  const CsrMatrix x = v.fit_transform(views(texts));

  const Analyzer analyzer(o.analyzer);
  Counts counts = prune(count(analyzer, views(texts)), o.prune);
  const auto idf = inverse_document_frequency(counts.document_frequency, counts.documents(), o.weighting);
  double total = 0;
  for (const auto f : counts.term_frequency) total += static_cast<double>(f);
  apply_weights(counts.matrix, idf, o.weighting, total / static_cast<double>(counts.documents()));
  expect_same_matrix(x, counts.matrix);
  EXPECT_EQ(v.model().vocabulary.terms(), counts.vocabulary.terms());
  EXPECT_EQ(v.model().idf, idf);
  EXPECT_EQ(v.model().documents, 800);
}

TEST(Vectorizer, FitThenTransformEqualsFitTransform) {
  const auto texts = word_corpus(600, 2);
  Vectorizer a(bm25_options(1));
  const CsrMatrix x = a.fit_transform(views(texts));
  Vectorizer b(bm25_options(1));
  b.fit(views(texts));
  expect_same_matrix(b.transform(views(texts)), x);
  EXPECT_EQ(model_to_json(a.model()), model_to_json(b.model()));
  // Average length is the mean row sum of the pruned counts.
  const CsrMatrix counts = b.count(views(texts));
  double total = 0;
  for (const double value : counts.data) total += value;
  EXPECT_DOUBLE_EQ(b.model().average_length, total / 600.0);
}

TEST(Vectorizer, IdenticalForEveryThreadCount) {
  const auto texts = word_corpus(3000, 3);
  Vectorizer one(bm25_options(1));
  const CsrMatrix x = one.fit_transform(views(texts));
  for (int threads : {2, 3, 8}) {
    Vectorizer many(bm25_options(threads));
    expect_same_matrix(many.fit_transform(views(texts)), x);
    expect_same_matrix(many.transform(views(texts)), one.transform(views(texts)));
    EXPECT_EQ(model_to_json(many.model()), model_to_json(one.model()));
  }
}

TEST(Vectorizer, StreamingFitEqualsFitOnTheConcatenation) {
  const auto texts = word_corpus(1000, 4);
  for (const bool sort_terms : {true, false}) {
    SCOPED_TRACE(sort_terms);
    auto o = bm25_options(2);
    o.prune.sort_terms = sort_terms;
    o.prune.max_features = 15;
    Vectorizer whole(o);
    whole.fit(views(texts));
    Vectorizer streamed(o);
    for (std::size_t begin = 0; begin < texts.size(); begin += 170) {
      const auto end = std::min(texts.size(), begin + 170);
      const std::vector<std::string> batch(texts.begin() + static_cast<std::ptrdiff_t>(begin),
                                           texts.begin() + static_cast<std::ptrdiff_t>(end));
      streamed.partial_fit(views(batch));
    }
    EXPECT_FALSE(streamed.fitted());
    EXPECT_EQ(streamed.pending_documents(), 1000);
    streamed.finalize();
    EXPECT_EQ(model_to_json(streamed.model()), model_to_json(whole.model()));
    expect_same_matrix(streamed.transform(views(texts)), whole.transform(views(texts)));
  }
}

TEST(Vectorizer, FinalizeCanBeRepeatedAsBatchesArrive) {
  const auto texts = word_corpus(400, 5);
  const std::vector<std::string> first(texts.begin(), texts.begin() + 200);
  Vectorizer v;
  v.partial_fit(views(first)).finalize();
  EXPECT_EQ(v.model().documents, 200);
  const std::vector<std::string> second(texts.begin() + 200, texts.end());
  v.partial_fit(views(second)).finalize();
  Vectorizer whole;
  whole.fit(views(texts));
  EXPECT_EQ(model_to_json(v.model()), model_to_json(whole.model()));
  // fit() starts over: the accumulated state is dropped.
  v.fit(views(first));
  EXPECT_EQ(v.pending_documents(), 0);
  EXPECT_EQ(v.model().documents, 200);
}

TEST(Vectorizer, RestoredFromAModelTransformsAlike) {
  const auto texts = word_corpus(500, 6);
  Vectorizer v(bm25_options(1));
  v.fit(views(texts));
  const Vectorizer restored(model_from_json(model_to_json(v.model())), 2);
  EXPECT_TRUE(restored.fitted());
  expect_same_matrix(restored.transform(views(texts)), v.transform(views(texts)));
  const std::vector<std::string> unseen{"party zebra party", "", "unknown words only"};
  const CsrMatrix x = restored.transform(views(unseen));
  EXPECT_EQ(x.rows, 3);
  EXPECT_EQ(x.indptr[2], x.indptr[1]);  // empty text: empty row
  EXPECT_EQ(x.indptr[3], x.indptr[2]);  // only unknown terms: empty row
}

TEST(Vectorizer, ErrorsAreClear) {
  Vectorizer v;
  EXPECT_FALSE(v.fitted());
  try {
    (void)v.transform(std::vector<std::string_view>{"text"});
    FAIL();
  } catch (const error& e) {
    EXPECT_NE(std::string(e.what()).find("not fitted"), std::string::npos);
  }
  EXPECT_THROW((void)v.model(), error);
  const std::vector<std::string> blank{"", "  "};
  EXPECT_THROW(v.fit(views(blank)), invalid_argument);
  EXPECT_THROW(v.finalize(), invalid_argument);  // nothing accumulated
  // A failed fit keeps the previous model.
  const auto texts = word_corpus(50, 7);
  v.fit(views(texts));
  const std::string before = model_to_json(v.model());
  EXPECT_THROW(v.fit(views(blank)), invalid_argument);
  EXPECT_EQ(model_to_json(v.model()), before);

  VectorizerOptions bad;
  bad.n_threads = 0;
  EXPECT_THROW(Vectorizer{bad}, invalid_argument);
  bad = {};
  bad.weighting.b = 2;
  EXPECT_THROW(Vectorizer{bad}, invalid_argument);
  bad = {};
  bad.prune.max_features = 0;
  EXPECT_THROW(Vectorizer{bad}, invalid_argument);
  Model broken = v.model();
  broken.idf.pop_back();
  EXPECT_THROW(Vectorizer{broken}, invalid_argument);
}

TEST(Vectorizer, ToTAArticlesIdenticalForEveryThreadCount) {
  const auto texts = treatytext::testing::tota_articles(10);
  ASSERT_GT(texts.size(), 300u);
  VectorizerOptions o;
  o.prune.min_df = {false, 2};
  Vectorizer one(o);
  const CsrMatrix x = one.fit_transform(views(texts));
  EXPECT_NO_THROW(x.validate());
  o.n_threads = 2;
  Vectorizer two(o);
  expect_same_matrix(two.fit_transform(views(texts)), x);
}

TEST(Vectorizer, TransformsRunWhileTheModelIsReplaced) {
  // Two corpora give two different models; transforms racing with refits must each return the
  // result of one whole model, never a mixture (and never crash under ThreadSanitizer).
  const auto a = word_corpus(600, 8);
  const auto b = word_corpus(600, 9);
  Vectorizer v(bm25_options(1));
  v.fit(views(a));
  const CsrMatrix with_a = v.transform(views(a));
  Vectorizer other(bm25_options(1));
  other.fit(views(b));
  const CsrMatrix with_b = other.transform(views(a));
  std::vector<CsrMatrix> results(40);
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i) v.fit(views(i % 2 ? a : b));
  });
  std::vector<std::thread> readers;
  for (std::size_t t = 0; t < 4; ++t)
    readers.emplace_back([&, t] {
      for (std::size_t i = t; i < results.size(); i += 4) results[i] = v.transform(views(a));
    });
  writer.join();
  for (auto& reader : readers) reader.join();
  for (const auto& x : results) {
    const bool is_a = x.data == with_a.data && x.indices == with_a.indices;
    const bool is_b = x.data == with_b.data && x.indices == with_b.indices;
    EXPECT_TRUE(is_a || is_b);
  }
}
