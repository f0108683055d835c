#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "treatytext/error.hpp"
#include "treatytext/weight.hpp"

using namespace treatytext;

namespace {

// Three documents over terms a=0, b=1, c=2:
//   d0 = {a: 2, b: 1}   (length 3)
//   d1 = {a: 1, c: 1}   (length 2)
//   d2 = {c: 3}         (length 3)
// N = 3; df(a) = 2, df(b) = 1, df(c) = 2; average length = 8 / 3.
CsrMatrix tiny_counts() {
  CsrMatrix m;
  m.rows = 3;
  m.cols = 3;
  m.indptr = {0, 2, 4, 5};
  m.indices = {0, 1, 0, 2, 2};
  m.data = {2, 1, 1, 1, 3};
  return m;
}
const std::vector<std::int64_t> kDf{2, 1, 2};
constexpr double kAverageLength = 8.0 / 3.0;

WeightOptions options(TfScheme tf, IdfScheme idf, NormScheme norm) {
  WeightOptions o;
  o.tf = tf;
  o.idf = idf;
  o.norm = norm;
  return o;
}

CsrMatrix weighted(const WeightOptions& o, int threads = 1) {
  CsrMatrix m = tiny_counts();
  const auto idf = inverse_document_frequency(kDf, 3, o);
  apply_weights(m, idf, o, kAverageLength, threads);
  return m;
}

}  // namespace

TEST(Idf, EachSchemeByHand) {
  // smooth: ln((1 + 3) / (1 + df)) + 1 -> a: ln(4/3) + 1, b: ln(2) + 1
  auto idf = inverse_document_frequency(kDf, 3, options(TfScheme::raw, IdfScheme::smooth, NormScheme::l2));
  EXPECT_NEAR(idf[0], 1.2876820724517808, 1e-15);
  EXPECT_NEAR(idf[1], 1.6931471805599454, 1e-15);
  EXPECT_EQ(idf[0], idf[2]);
  // plain: ln(3 / df) + 1 -> a: ln(1.5) + 1, b: ln(3) + 1
  idf = inverse_document_frequency(kDf, 3, options(TfScheme::raw, IdfScheme::plain, NormScheme::l2));
  EXPECT_NEAR(idf[0], 1.4054651081081644, 1e-15);
  EXPECT_NEAR(idf[1], 2.09861228866811, 1e-15);
  // probabilistic: max(0, ln((3 - df) / df)) -> a: max(0, ln(1/2)) = 0, b: ln(2)
  idf = inverse_document_frequency(kDf, 3, options(TfScheme::raw, IdfScheme::probabilistic, NormScheme::l2));
  EXPECT_EQ(idf[0], 0.0);
  EXPECT_NEAR(idf[1], 0.6931471805599453, 1e-15);
  // none: 1
  idf = inverse_document_frequency(kDf, 3, options(TfScheme::raw, IdfScheme::none, NormScheme::l2));
  EXPECT_EQ(idf, (std::vector<double>{1, 1, 1}));
  // BM25: ln(1 + (3 - df + 0.5) / (df + 0.5)) -> a: ln(1 + 1.5/2.5) = ln(1.6), b: ln(1 + 2.5/1.5) = ln(8/3)
  WeightOptions bm25;
  bm25.bm25 = true;
  idf = inverse_document_frequency(kDf, 3, bm25);
  EXPECT_NEAR(idf[0], std::log(1.6), 1e-15);
  EXPECT_NEAR(idf[1], std::log(8.0 / 3.0), 1e-15);
}

TEST(Idf, RejectsImpossibleFrequencies) {
  const WeightOptions plain = options(TfScheme::raw, IdfScheme::plain, NormScheme::l2);
  EXPECT_THROW(inverse_document_frequency(std::vector<std::int64_t>{0}, 3, plain), invalid_argument);
  EXPECT_THROW(inverse_document_frequency(std::vector<std::int64_t>{4}, 3, plain), invalid_argument);
  EXPECT_THROW(inverse_document_frequency(std::vector<std::int64_t>{1}, -1, plain), invalid_argument);
  // smooth handles df = 0: ln(4 / 1) + 1
  const auto smooth = inverse_document_frequency(std::vector<std::int64_t>{0}, 3,
                                                 options(TfScheme::raw, IdfScheme::smooth, NormScheme::l2));
  EXPECT_NEAR(smooth[0], std::log(4.0) + 1.0, 1e-15);
}

TEST(Weight, SmoothTfIdfL2ByHand) {
  // d0: (2 * 1.28768, 1 * 1.69315) = (2.57536, 1.69315); norm sqrt(6.63250 + 2.86674) = 3.08209
  //     -> (0.835592, 0.549351)
  // d1: (1.28768, 1.28768) -> (1/sqrt 2, 1/sqrt 2)
  // d2: (3 * 1.28768) -> (1)
  const CsrMatrix m = weighted(options(TfScheme::raw, IdfScheme::smooth, NormScheme::l2));
  ASSERT_EQ(m.data.size(), 5u);
  EXPECT_NEAR(m.data[0], 0.8355915419449176, 1e-15);
  EXPECT_NEAR(m.data[1], 0.5493512310263033, 1e-15);
  EXPECT_NEAR(m.data[2], 0.7071067811865476, 1e-15);
  EXPECT_NEAR(m.data[3], 0.7071067811865476, 1e-15);
  EXPECT_EQ(m.data[4], 1.0);
  EXPECT_EQ(m.indptr, tiny_counts().indptr);
  EXPECT_EQ(m.indices, tiny_counts().indices);
}

TEST(Weight, SublinearPlainL1ByHand) {
  // d0: tf = (1 + ln 2, 1) = (1.693147, 1); times plain idf (1.405465, 2.098612)
  //     = (2.379659, 2.098612); l1 norm 4.478272 -> (0.531379, 0.468621)
  const CsrMatrix m = weighted(options(TfScheme::log, IdfScheme::plain, NormScheme::l1));
  EXPECT_NEAR(m.data[0], 0.5313789585855572, 1e-15);
  EXPECT_NEAR(m.data[1], 0.46862104141444283, 1e-15);
  EXPECT_NEAR(m.data[2] + m.data[3], 1.0, 1e-15);
}

TEST(Weight, BinaryAugmentedAndRawWithoutNorm) {
  CsrMatrix m = weighted(options(TfScheme::binary, IdfScheme::none, NormScheme::none));
  EXPECT_EQ(m.data, (std::vector<double>{1, 1, 1, 1, 1}));
  // augmented: 0.5 + 0.5 * x / max(row): d0 (0.5 + 0.5 * 2/2, 0.5 + 0.5 * 1/2) = (1, 0.75)
  m = weighted(options(TfScheme::augmented, IdfScheme::none, NormScheme::none));
  EXPECT_EQ(m.data, (std::vector<double>{1, 0.75, 1, 1, 1}));
  m = weighted(options(TfScheme::raw, IdfScheme::none, NormScheme::none));
  EXPECT_EQ(m.data, tiny_counts().data);
}

TEST(Weight, Bm25ByHand) {
  // k1 = 1.2, b = 0.75, avglen = 8/3. d0 has len 3: K = 1.2 * (0.25 + 0.75 * 3 / (8/3)) = 1.3125
  //   a: ln(1.6) * 2 * 2.2 / (2 + 1.3125) = 0.470004 * 4.4 / 3.3125 = 0.624307
  //   b: ln(8/3) * 1 * 2.2 / (1 + 1.3125) = 0.980829 * 2.2 / 2.3125 = 0.933113
  // d1 has len 2: K = 1.2 * (0.25 + 0.75 * 2 / (8/3)) = 0.975; a, c: 0.470004 * 2.2 / 1.975 = 0.523548
  // d2 has len 3: c: 0.470004 * 3 * 2.2 / (3 + 1.3125) = 0.719310
  WeightOptions o;
  o.bm25 = true;
  o.norm = NormScheme::none;
  const CsrMatrix m = weighted(o);
  EXPECT_NEAR(m.data[0], 0.6243067075264112, 1e-15);
  EXPECT_NEAR(m.data[1], 0.9331132352976423, 1e-15);
  EXPECT_NEAR(m.data[2], 0.523548346501579, 1e-15);
  EXPECT_NEAR(m.data[3], 0.523548346501579, 1e-15);
  EXPECT_NEAR(m.data[4], 0.7193099021499954, 1e-15);
  // b = 0 ignores length: w = idf * x * (k1 + 1) / (x + k1)
  o.b = 0.0;
  const CsrMatrix flat = weighted(o);
  EXPECT_NEAR(flat.data[4], std::log(1.6) * 3 * 2.2 / 4.2, 1e-15);
}

TEST(Weight, ProbabilisticZerosAreRemoved) {
  // a and c get idf 0, so only b in d0 survives; d1 and d2 become empty rows.
  const CsrMatrix m = weighted(options(TfScheme::raw, IdfScheme::probabilistic, NormScheme::l2));
  EXPECT_EQ(m.indptr, (std::vector<std::int64_t>{0, 1, 1, 1}));
  EXPECT_EQ(m.indices, (std::vector<std::int32_t>{1}));
  EXPECT_EQ(m.data, (std::vector<double>{1.0}));
  EXPECT_NO_THROW(m.validate());
}

TEST(Weight, IdenticalForEveryThreadCount) {
  std::mt19937 random(3);
  CsrMatrix m;
  m.rows = 5000;
  m.cols = 300;
  std::vector<std::int64_t> df(300, 0);
  for (std::int64_t r = 0; r < m.rows; ++r) {
    for (std::int32_t c = 0; c < 300; ++c) {
      if (random() % 23 != 0) continue;
      m.indices.push_back(c);
      m.data.push_back(1 + random() % 5);
      df[static_cast<std::size_t>(c)] += 1;
    }
    m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
  }
  for (const bool bm25 : {false, true}) {
    WeightOptions o = options(TfScheme::log, IdfScheme::smooth, NormScheme::l2);
    o.bm25 = bm25;
    const auto idf = inverse_document_frequency(df, m.rows, o);
    CsrMatrix one = m;
    apply_weights(one, idf, o, 13.0, 1);
    for (int threads : {2, 3, 8}) {
      CsrMatrix many = m;
      apply_weights(many, idf, o, 13.0, threads);
      EXPECT_EQ(many.data, one.data);
    }
  }
}

TEST(Weight, NormalizeRowsLeavesZeroRows) {
  CsrMatrix m;
  m.rows = 2;
  m.cols = 2;
  m.indptr = {0, 2, 2};
  m.indices = {0, 1};
  m.data = {3, -4};
  normalize_rows(m, NormScheme::l2);
  EXPECT_EQ(m.data, (std::vector<double>{0.6, -0.8}));
  m.data = {3, -4};
  normalize_rows(m, NormScheme::l1, 2);
  EXPECT_EQ(m.data, (std::vector<double>{3.0 / 7.0, -4.0 / 7.0}));
}

TEST(Weight, OptionAndInputErrors) {
  WeightOptions o;
  o.k1 = -1;
  EXPECT_THROW(o.validate(), invalid_argument);
  o = {};
  o.b = 1.5;
  EXPECT_THROW(o.validate(), invalid_argument);
  CsrMatrix m = tiny_counts();
  EXPECT_THROW(apply_weights(m, std::vector<double>{1, 2}, WeightOptions{}, 1.0), invalid_argument);
  m.data[1] = -1;
  EXPECT_THROW(apply_weights(m, std::vector<double>{1, 1, 1}, WeightOptions{}, 1.0), invalid_argument);
  EXPECT_EQ(m.data[0], 2.0);  // untouched on error
  EXPECT_EQ(parse_tf_scheme("augmented"), TfScheme::augmented);
  EXPECT_EQ(parse_idf_scheme("probabilistic"), IdfScheme::probabilistic);
  EXPECT_EQ(parse_norm_scheme("none"), NormScheme::none);
  EXPECT_THROW(parse_norm_scheme("l3"), invalid_argument);
  EXPECT_EQ(to_string(IdfScheme::smooth), "smooth");
}
