// Tests of the segmented document (Segmentation) and Clause::text: a clause's text at hand
// without keeping the source separately, and the defaults shared with the Python face.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "corpora.hpp"
#include "treatytext/error.hpp"
#include "treatytext/segment.hpp"
#include "treatytext/similarity.hpp"
#include "treatytext/vectorizer.hpp"

namespace tt = treatytext;

namespace {

std::string sample_treaty() {
  return tt::testing::read_file(std::string(TREATYTEXT_SOURCE_DIR) + "/samples/sample-treaty.txt");
}

}  // namespace

TEST(Segmentation, DefaultsAreThoseOfPython) {
  // Python: len(tt.segment(text)) == 67 and len(tt.Document(text).units) == 48 (leaves, no
  // sentences); with sentences the same text has 79 clauses and 54 leaves. (Before the
  // lead-ins became clauses of their own: 62 and 43, 74 and 49; the sample has five lead-ins.)
  const std::string text = sample_treaty();
  EXPECT_FALSE(tt::SegmentOptions{}.sentences);
  EXPECT_EQ(tt::segment(text).size(), 67u);
  const tt::Segmentation document(text);
  EXPECT_EQ(document.size(), 67u);
  EXPECT_EQ(document.leaves().size(), 48u);
  tt::SegmentOptions sentences;
  sentences.sentences = true;
  const tt::Segmentation split(text, sentences);
  EXPECT_EQ(split.size(), 79u);
  EXPECT_EQ(split.leaves().size(), 54u);
}

TEST(Segmentation, OwnsTheTextOfEveryClause) {
  const std::string source = "Article 1: Objectives\n1. Peace.\n2. Trade and friendship.";
  tt::Segmentation document(std::string{source});
  ASSERT_EQ(document.size(), 3u);
  EXPECT_EQ(document.at(0).label, "Article 1");
  EXPECT_EQ(document.at(0).title(document.text()), "Objectives");
  EXPECT_EQ(document.text(1), "Peace.");
  EXPECT_EQ(document.text(2), "Trade and friendship.");
  EXPECT_EQ(document.texts(),
            (std::vector<std::string_view>{document.text(0), "Peace.", "Trade and friendship."}));
  EXPECT_EQ(document.leaves(), (std::vector<std::size_t>{1, 2}));
  // A moved Segmentation still answers: clauses hold offsets, not pointers.
  const tt::Segmentation moved = std::move(document);
  EXPECT_EQ(moved.text(2), "Trade and friendship.");
  std::size_t count = 0;
  for (const tt::Clause& clause : moved) count += clause.text(moved.text()).size() > 0;
  EXPECT_EQ(count, 3u);
}

TEST(Segmentation, BadInputIsAClearError) {
  try {
    tt::Segmentation bad(std::string("Article 1\nok \xFF then"));
    FAIL() << "invalid UTF-8 accepted";
  } catch (const tt::encoding_error& e) {
    EXPECT_EQ(e.byte_offset(), 13u);
  }
  const tt::Segmentation repaired(std::string("ok \xFF then"), {}, tt::InvalidUtf8::replace);
  EXPECT_EQ(repaired.text(0), "ok \xEF\xBF\xBD then");

  const tt::Segmentation document(std::string("1. One.\n2. Two."));
  EXPECT_THROW((void)document.at(2), tt::invalid_argument);
  // A clause asked for its text in a shorter, different source says so.
  EXPECT_THROW((void)document.at(1).text("short"), tt::invalid_argument);
  EXPECT_EQ(tt::Segmentation(std::string(" \n\t ")).size(), 0u);
}

TEST(Segmentation, OtherDefaultsOfTheGuideAndPython) {
  // docs/cpp.md "Same defaults as Python": tt.Vectorizer() and tt.top_k(X) in Python.
  const tt::TopKOptions top;
  EXPECT_EQ(top.k, 10);
  EXPECT_TRUE(top.exclude_self);
  EXPECT_EQ(top.method, tt::TopKMethod::automatic);
  const tt::VectorizerOptions vectorizer;
  EXPECT_TRUE(vectorizer.analyzer.stop_words.empty());
  EXPECT_EQ(vectorizer.analyzer.min_length, 1u);
  EXPECT_TRUE(vectorizer.analyzer.stem_language.empty());
  EXPECT_EQ(vectorizer.weighting.tf, tt::TfScheme::raw);
  EXPECT_EQ(vectorizer.weighting.idf, tt::IdfScheme::smooth);
  EXPECT_EQ(vectorizer.weighting.norm, tt::NormScheme::l2);
  EXPECT_FALSE(vectorizer.weighting.bm25);
}
