// Hostile input at the core's boundaries (issue 16): CSR structure, numbers at the edges of
// double, output bounded by what can exist, hostile model JSON, the analyzer's fuzz findings,
// and interrupts between chunks of work.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "treatytext/analyzer.hpp"
#include "treatytext/csr.hpp"
#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"
#include "treatytext/model.hpp"
#include "treatytext/parallel.hpp"
#include "treatytext/segment.hpp"
#include "treatytext/similarity.hpp"
#include "treatytext/vectorizer.hpp"

using namespace treatytext;

namespace {

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const error& e) {
    return e.what();
  }
  return "(no error)";
}

CsrMatrix dense_to_csr(const std::vector<std::vector<double>>& rows) {
  CsrMatrix m;
  m.rows = static_cast<std::int64_t>(rows.size());
  m.cols = rows.empty() ? 0 : static_cast<std::int64_t>(rows[0].size());
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c)
      if (row[c] != 0.0) {
        m.indices.push_back(static_cast<std::int32_t>(c));
        m.data.push_back(row[c]);
      }
    m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
  }
  return m;
}

}  // namespace

// -- CSR structure -----------------------------------------------------------------------------

TEST(CsrStructure, PointerPastTheEntriesIsReportedBeforeAnyRowIsRead) {
  const std::vector<std::int64_t> indptr{0, 5, 3};
  const std::vector<std::int32_t> indices{0, 1, 2};
  EXPECT_EQ(message_of([&] { check_csr_structure("X", 2, 3, indptr, indices, 3, false); }),
            "X: CsrMatrix: indptr[1] = 5 points past the 3 stored entries (row 0)");
  // top_k over a view of the same arrays: it used to read indices[3] and [4].
  const std::vector<double> data(3, 1.0);
  const CsrView view{2, 3, indptr.data(), indices.data(), data.data()};
  TopKOptions options;
  EXPECT_NE(message_of([&] { (void)top_k(view, nullptr, options); }).find("points past the 3 stored"),
            std::string::npos);
}

TEST(CsrStructure, EachFaultNamesArrayValueAndRow) {
  const std::vector<std::int32_t> indices{0, 1, 2};
  const auto check = [&](std::vector<std::int64_t> indptr, std::vector<std::int32_t> columns) {
    return message_of([&] { check_csr_structure("Y", 2, 3, indptr, columns, columns.size(), true); });
  };
  EXPECT_EQ(check({1, 2, 3}, indices), "Y: CsrMatrix: indptr[0] must be 0, got 1");
  EXPECT_EQ(check({0, 2, 1}, indices),
            "Y: CsrMatrix: indptr decreases at row 1 (indptr[1] = 2, indptr[2] = 1)");
  EXPECT_EQ(check({0, 1, 2}, indices), "Y: CsrMatrix: indptr[rows] = 2 but there are 3 non-zeros");
  EXPECT_EQ(check({0, 1, 3}, {0, 7, 2}),
            "Y: CsrMatrix: column 7 out of range in row 1 (indices[1], 3 columns)");
  EXPECT_EQ(check({0, 1, 3}, {0, 2, 1}),
            "Y: CsrMatrix: columns not strictly increasing in row 1 (indices[2])");
  EXPECT_EQ(check({0, 1}, indices), "Y: CsrMatrix: indptr has 2 entries, expected rows + 1 = 3");
  const std::vector<std::int64_t> wide{0, 1, 3};
  const std::vector<std::int64_t> wide_columns{0, std::int64_t{1} << 40, 2};
  EXPECT_NE(message_of([&] {
              check_csr_structure("X", 2, 3, wide, wide_columns, 3, false);
            }).find("column 1099511627776 out of range in row 1"),
            std::string::npos);
  // Unsorted rows pass unless sorted ones are required, and the answer says so.
  EXPECT_FALSE(check_csr_structure("X", 2, 3, std::vector<std::int64_t>{0, 1, 3},
                                   std::vector<std::int32_t>{0, 2, 1}, 3, false));
  EXPECT_TRUE(check_csr_structure("X", 2, 3, std::vector<std::int64_t>{0, 1, 3}, indices, 3, false));
}

// -- numbers at the edges ----------------------------------------------------------------------

TEST(EdgeNumbers, SubnormalAndHugeRowsGiveExactCosines) {
  const double tiny = std::numeric_limits<double>::denorm_min();
  const CsrMatrix m = dense_to_csr({{tiny, tiny, 0}, {1, 1, 0}, {1e-310, 3e-310, 0}, {1e308, 1e308, 1e308}});
  const std::vector<double> cos = cosine_matrix(m);
  // Reference: the same directions at ordinary scale.
  const CsrMatrix plain = dense_to_csr({{1, 1, 0}, {1, 1, 0}, {1, 3, 0}, {1, 1, 1}});
  const std::vector<double> expected = cosine_matrix(plain);
  for (std::size_t i = 0; i < cos.size(); ++i) EXPECT_NEAR(cos[i], expected[i], 1e-15) << i;
  EXPECT_DOUBLE_EQ(cos[0], 1.0);  // was 2.0: the norm of the smallest subnormal row underflowed
}

TEST(EdgeNumbers, TopKGivesNoMoreColumnsThanRowsSearched) {
  const CsrMatrix x = dense_to_csr({{1, 1, 1}, {1, 1, 1}});
  TopKOptions options;
  options.k = std::int64_t{1} << 29;  // used to allocate 16 GiB of padding
  const TopKResult result = top_k(x, &x, options);
  EXPECT_EQ(result.k, 2);
  EXPECT_EQ(result.indices, (std::vector<std::int64_t>{0, 1, 0, 1}));
  options.k = 5;
  const TopKResult self = top_k(x, nullptr, options);
  EXPECT_EQ(self.k, 2);
  EXPECT_EQ(self.indices, (std::vector<std::int64_t>{1, -1, 0, -1}));
}

// -- hostile model JSON -----------------------------------------------------------------------

namespace {

std::string saved_model() {
  Vectorizer v;
  const std::vector<std::string_view> docs{"the party shall", "a party may"};
  v.fit(docs);
  return model_to_json(v.model());
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST(HostileModel, DeepNestingIsAFormatErrorNotAStackOverflow) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  const std::string model = saved_model();
  EXPECT_NE(message_of([&] {
              (void)model_from_json(replaced(model, "\"version\":1", "\"version\":" + deep));
            }).find("model field 'version[0][0]"),
            std::string::npos);
  const std::string unknown = model.substr(0, model.size() - 1) + ",\"extra\":" + deep + "}";
  EXPECT_NE(message_of([&] { (void)model_from_json(unknown); }).find("nested deeper than 64 levels"),
            std::string::npos);
}

TEST(HostileModel, NumberOutOfRangeDuplicateKeyAndBadBytesNameTheField) {
  const std::string model = saved_model();
  EXPECT_NE(message_of([&] {
              (void)model_from_json(replaced(model, "\"idf\":[", "\"idf\":[1e400,"));
            }).find("model field 'idf[0]' = 1e400 is out of the range of a double"),
            std::string::npos);
  EXPECT_NE(message_of([&] {
              (void)model_from_json(replaced(model, "\"tf\":", "\"tf\":\"raw\",\"tf\":"));
            }).find("model field 'weighting.tf' appears twice"),
            std::string::npos);
  const std::string bad = message_of([&] { (void)model_from_json("\xff" + model); });
  EXPECT_NE(bad.find("\\xFF"), std::string::npos) << bad;
  for (const char c : bad) EXPECT_LT(static_cast<unsigned char>(c), 0x80) << bad;
  EXPECT_NE(message_of([&] {
              (void)model_from_json(replaced(model, "\"a\"", "\"\""));
            }).find("model field 'vocabulary[0]' is an empty term"),
            std::string::npos);
  EXPECT_NE(message_of([&] {
              (void)model_from_json(replaced(model, "\"a\"", "\"a\\u0000b\""));
            }).find("contains a NUL character"),
            std::string::npos);
  // Everything thrown is a format_error.
  EXPECT_THROW((void)model_from_json(replaced(model, "\"idf\":[", "\"idf\":[1e400,")), format_error);
}

// -- analyzer fuzz findings --------------------------------------------------------------------

TEST(HostileText, AnalyzerTermsAreAlwaysWords) {
  AnalyzerOptions porter;
  porter.stem_language = "porter";
  TermList terms;
  Analyzer(porter).analyze("s is a word", terms);
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms[0], "i");
  const std::vector<Token> marks = Analyzer().tokenize("\xe1\x85\x9f\xd9\x8e");  // U+115F U+064E
  EXPECT_TRUE(marks.empty());
  AnalyzerOptions no_numbers;
  no_numbers.keep_numbers = false;
  EXPECT_TRUE(Analyzer(no_numbers)
                  .tokenize("\xe1\x85\x9f"
                            "12")
                  .empty());
}

// -- interrupts --------------------------------------------------------------------------------

TEST(Interrupt, ARaisedFlagStopsEachLongStageAtItsFirstCheck) {
  InterruptFlag flag;
  flag.request();
  const InterruptScope scope(&flag);
  std::string text;
  for (int i = 0; i < 20'000; ++i) text += "Article " + std::to_string(i) + "\nThe Parties shall notify.\n";
  EXPECT_THROW((void)segment(text), interrupted);
  const CsrMatrix x = dense_to_csr({{1, 0}, {1, 1}});
  EXPECT_THROW((void)top_k(x, nullptr, TopKOptions{}), interrupted);
  EXPECT_THROW((void)cosine_matrix(x), interrupted);
  Vectorizer v;
  const std::vector<std::string_view> docs{"the party shall", "a party may"};
  EXPECT_THROW(v.fit(docs), interrupted);
  EXPECT_THROW(parallel_for(100, 4, [](std::size_t, std::size_t, int) {}), interrupted);
}

TEST(Interrupt, WorkersSeeTheCallersFlagAndStopPromptly) {
  InterruptFlag flag;
  const InterruptScope scope(&flag);
  std::atomic<int> started{0};
  const auto begin = std::chrono::steady_clock::now();
  std::thread raise([&] {
    while (started.load() < 4) std::this_thread::yield();
    flag.request();
  });
  EXPECT_THROW(parallel_for(4, 4,
                            [&](std::size_t, std::size_t, int) {
                              ++started;
                              for (;;) {  // endless work, checked between chunks
                                check_interrupt();
                                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                              }
                            }),
               interrupted);
  raise.join();
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(10));
  // Without a flag nothing is interrupted; the outer scope's flag comes back after an inner one.
  {
    const InterruptScope none(nullptr);
    EXPECT_NO_THROW(check_interrupt());
  }
  EXPECT_THROW(check_interrupt(), interrupted);
}

TEST(Interrupt, AnInterruptedFitLeavesTheVectorizerAsItWas) {
  Vectorizer v;
  const std::vector<std::string_view> docs{"the party shall", "a party may"};
  v.fit(docs);
  const std::string before = model_to_json(v.model());
  {
    InterruptFlag flag;
    flag.request();
    const InterruptScope scope(&flag);
    const std::vector<std::string_view> other{"completely different words"};
    EXPECT_THROW(v.fit(other), interrupted);
  }
  EXPECT_EQ(model_to_json(v.model()), before);
  EXPECT_EQ(v.transform(docs).nnz(), 6);
}
