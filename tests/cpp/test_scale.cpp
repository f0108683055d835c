// Scale properties of the pipeline: streaming fit equals a one-shot fit, results do not depend
// on the thread count or on concurrent callers, top-k memory stays bounded, 64-bit paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "count_corpus.hpp"
#include "dense_csr.hpp"
#include "treatytext/count.hpp"
#include "treatytext/csr.hpp"
#include "treatytext/eigen.hpp"
#include "treatytext/similarity.hpp"
#include "treatytext/vectorizer.hpp"

namespace treatytext {
namespace {

using testing::expect_same_matrix;

// --- inputs -------------------------------------------------------------------------------

using testing::tota_articles;  // the <article> texts of the first n ToTA agreements

std::vector<std::string_view> views(const std::vector<std::string>& docs, std::size_t begin = 0,
                                    std::size_t end = SIZE_MAX) {
  end = std::min(end, docs.size());
  return {docs.begin() + static_cast<std::ptrdiff_t>(begin), docs.begin() + static_cast<std::ptrdiff_t>(end)};
}

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> docs = tota_articles(8);
  return docs;
}

// Rows of `parts` one after another.
CsrMatrix vstack(const std::vector<CsrMatrix>& parts) {
  CsrMatrix out;
  out.cols = parts.empty() ? 0 : parts.front().cols;
  for (const auto& p : parts) {
    EXPECT_EQ(p.cols, out.cols);
    const std::int64_t base = out.indptr.back();
    for (std::int64_t r = 1; r <= p.rows; ++r)
      out.indptr.push_back(base + p.indptr[static_cast<std::size_t>(r)]);
    out.indices.insert(out.indices.end(), p.indices.begin(), p.indices.end());
    out.data.insert(out.data.end(), p.data.begin(), p.data.end());
    out.rows += p.rows;
  }
  return out;
}

void expect_same_topk(const TopKResult& a, const TopKResult& b) {
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.k, b.k);
  EXPECT_EQ(a.indices, b.indices);
  ASSERT_EQ(a.scores.size(), b.scores.size());
  for (std::size_t i = 0; i < a.scores.size(); ++i) {
    if (std::isnan(a.scores[i])) {
      EXPECT_TRUE(std::isnan(b.scores[i])) << i;
    } else {
      EXPECT_EQ(a.scores[i], b.scores[i]) << i;
    }
  }
}

// --- streaming ----------------------------------------------------------------------------

struct StreamCase {
  const char* name;
  VectorizerOptions options;
};

std::vector<StreamCase> stream_cases() {
  std::vector<StreamCase> cases;
  cases.push_back({"defaults", {}});
  VectorizerOptions pruned;
  pruned.prune.min_df = {false, 2.0};
  pruned.prune.max_df = {true, 0.5};
  pruned.prune.max_features = 2000;
  pruned.weighting.tf = TfScheme::log;
  cases.push_back({"pruned_sublinear", pruned});
  VectorizerOptions bm25;
  bm25.weighting.bm25 = true;
  bm25.analyzer.stop_words = "english";
  bm25.analyzer.ngram_max = 2;
  cases.push_back({"bm25_bigrams", bm25});
  return cases;
}

TEST(Scale, StreamingFitEqualsOneShotFit) {
  const auto& docs = corpus();
  ASSERT_GT(docs.size(), 300u) << "ToTA articles not found under " << testing::corpora_dir();
  // Uneven batches, one of them a single document.
  const std::vector<std::size_t> cuts = {0, docs.size() / 3, docs.size() / 3 + 1, docs.size() * 3 / 4,
                                         docs.size()};
  for (const auto& c : stream_cases()) {
    SCOPED_TRACE(c.name);
    Vectorizer one_shot(c.options);
    const CsrMatrix expected = one_shot.fit_transform(views(docs));

    Vectorizer streamed(c.options);
    for (std::size_t b = 0; b + 1 < cuts.size(); ++b) streamed.partial_fit(views(docs, cuts[b], cuts[b + 1]));
    streamed.finalize();
    std::vector<CsrMatrix> parts;
    for (std::size_t b = 0; b + 1 < cuts.size(); ++b)
      parts.push_back(streamed.transform(views(docs, cuts[b], cuts[b + 1])));
    expect_same_matrix(vstack(parts), expected);

    const Model& a = one_shot.model();
    const Model& b = streamed.model();
    EXPECT_EQ(a.vocabulary.terms(), b.vocabulary.terms());
    EXPECT_EQ(a.document_frequency, b.document_frequency);
    EXPECT_EQ(a.idf, b.idf);
    EXPECT_EQ(a.documents, b.documents);
    EXPECT_EQ(a.average_length, b.average_length);
  }
}

TEST(Scale, MergedBatchCountsEqualCountsOfTheUnion) {
  const auto& docs = corpus();
  const Analyzer analyzer;
  const std::size_t half = docs.size() / 2;
  const Counts whole = count(analyzer, views(docs), 1);
  const Counts merged =
      merge(count(analyzer, views(docs, 0, half), 1), count(analyzer, views(docs, half), 2));
  EXPECT_EQ(merged.vocabulary.terms(), whole.vocabulary.terms());
  expect_same_matrix(merged.matrix, whole.matrix);
  EXPECT_EQ(merged.document_frequency, whole.document_frequency);
  EXPECT_EQ(merged.term_frequency, whole.term_frequency);
}

// --- thread counts and concurrent callers --------------------------------------------------

TEST(Scale, ResultsDoNotDependOnThreadCount) {
  const auto& docs = corpus();
  const Analyzer analyzer;
  const Counts one = count(analyzer, views(docs), 1);
  for (int threads : {2, 3, 7}) {
    SCOPED_TRACE(threads);
    const Counts many = count(analyzer, views(docs), threads);
    EXPECT_EQ(many.vocabulary.terms(), one.vocabulary.terms());
    expect_same_matrix(many.matrix, one.matrix);
    EXPECT_EQ(many.document_frequency, one.document_frequency);
  }
  VectorizerOptions options;
  options.n_threads = 1;
  const CsrMatrix x1 = Vectorizer(options).fit_transform(views(docs));
  options.n_threads = 2;
  const CsrMatrix x2 = Vectorizer(options).fit_transform(views(docs));
  expect_same_matrix(x1, x2);

  TopKOptions top;
  top.k = 10;
  top.n_threads = 1;
  const TopKResult r1 = top_k(x1, nullptr, top);
  for (int threads : {2, 5}) {
    top.n_threads = threads;
    expect_same_topk(top_k(x1, nullptr, top), r1);
  }
}

TEST(Scale, ConcurrentCallersGetTheSequentialResults) {
  const auto& docs = corpus();
  VectorizerOptions options;
  options.n_threads = 2;
  Vectorizer fitted(options);
  const CsrMatrix expected = fitted.fit_transform(views(docs));
  TopKOptions top;
  top.n_threads = 2;
  const TopKResult expected_top = top_k(expected, nullptr, top);

  // Four threads share one const vectorizer and one matrix, each also fitting its own.
  std::vector<CsrMatrix> transformed(4), refitted(4);
  std::vector<TopKResult> tops(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const Vectorizer& shared = fitted;
      transformed[t] = shared.transform(views(docs));
      tops[t] = top_k(expected, nullptr, top);
      refitted[t] = Vectorizer(options).fit_transform(views(docs));
    });
  }
  for (auto& th : threads) th.join();
  for (std::size_t t = 0; t < 4; ++t) {
    SCOPED_TRACE(t);
    expect_same_matrix(transformed[t], expected);
    expect_same_matrix(refitted[t], expected);
    expect_same_topk(tops[t], expected_top);
  }
}

// --- bounded memory and 64-bit paths -------------------------------------------------------

std::int64_t status_kib(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(key) + ":";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return std::stoll(line.substr(prefix.size()));
  }
  return -1;
}

bool reset_peak_rss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

// n random sparse rows: `per_row` distinct columns of `cols`, random positive weights. With
// n = 50,000, cols = 2,000 and 8 terms a row, each row meets ~1,600 candidates: a general sparse
// product X X^T would hold ~80 million scores (~1 GB); the n x n matrix would take 20 GB.
CsrMatrix random_rows(std::int64_t n, std::int64_t cols, int per_row, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int32_t> term(0, static_cast<std::int32_t>(cols - 1));
  std::uniform_real_distribution<double> weight(0.1, 1.0);
  CsrMatrix m;
  m.rows = n;
  m.cols = cols;
  std::vector<std::int32_t> row;
  for (std::int64_t r = 0; r < n; ++r) {
    row.clear();
    for (int e = 0; e < per_row; ++e) row.push_back(term(rng));
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
    for (auto c : row) {
      m.indices.push_back(c);
      m.data.push_back(weight(rng));
    }
    m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
  }
  return m;
}

// Brute-force top-k of one row: cosines with every other row, best first, ties to lower index.
std::vector<std::pair<double, std::int64_t>> brute_top(const CsrMatrix& m, std::int64_t row, std::size_t k) {
  auto sparse_row = [&](std::int64_t r) {
    std::vector<std::pair<std::int32_t, double>> v;
    for (auto i = m.indptr[static_cast<std::size_t>(r)]; i < m.indptr[static_cast<std::size_t>(r) + 1]; ++i)
      v.emplace_back(m.indices[static_cast<std::size_t>(i)], m.data[static_cast<std::size_t>(i)]);
    return v;
  };
  auto dot = [](const auto& a, const auto& b) {
    double s = 0;
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
      if (a[i].first == b[j].first)
        s += a[i++].second * b[j++].second;
      else if (a[i].first < b[j].first)
        ++i;
      else
        ++j;
    }
    return s;
  };
  const auto q = sparse_row(row);
  const double qn = std::sqrt(dot(q, q));
  std::vector<std::pair<double, std::int64_t>> all;
  for (std::int64_t r = 0; r < m.rows; ++r) {
    if (r == row) continue;
    const auto v = sparse_row(r);
    all.emplace_back(-dot(q, v) / (qn * std::sqrt(dot(v, v))), r);
  }
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(k), all.end());
  all.resize(k);
  for (auto& p : all) p.first = -p.first;
  return all;
}

TEST(Scale, AllPairsTopKMemoryStaysBounded) {
  const std::int64_t n = 50'000;
  const CsrMatrix m = random_rows(n, 2'000, 8, 7);
  TopKOptions options;
  options.k = 10;
  options.n_threads = 2;
  if (!reset_peak_rss()) GTEST_SKIP() << "cannot reset the peak RSS counter on this system";
  const std::int64_t before = status_kib("VmRSS");
  const TopKResult result = top_k(m, nullptr, options);
  const std::int64_t growth = (status_kib("VmHWM") - before) * 1024;
  const double dense_bytes = static_cast<double>(n) * static_cast<double>(n) * 8.0;  // 20 GB
  // The result is n x k x 16 bytes = 8 MB; allow per-thread blocks, nothing near n x n nor a
  // materialized sparse product (~1 GB here).
  EXPECT_LT(static_cast<double>(growth), dense_bytes / 100.0) << "peak RSS growth " << growth << " bytes";
  EXPECT_LT(growth, 256ll << 20) << "peak RSS growth " << growth << " bytes";
  ASSERT_EQ(result.rows, n);
  for (std::int64_t row : std::vector<std::int64_t>{0, 1, 12'345, n - 1}) {
    SCOPED_TRACE(row);
    const auto expected = brute_top(m, row, 10);
    for (std::size_t j = 0; j < 10; ++j) {
      const auto slot = static_cast<std::size_t>(row) * 10 + j;
      EXPECT_EQ(result.indices[slot], expected[j].second);
      EXPECT_NEAR(result.scores[slot], expected[j].first, 1e-12);
    }
  }
}

// Three rows in a space 2^31 - 1 columns wide (the largest column id): (3, 4)/5 on columns 0
// and max, e_max, and (1, 1)/sqrt2 on columns 7 and max.
CsrMatrix widest_matrix() {
  CsrMatrix wide;
  wide.rows = 3;
  wide.cols = INT32_MAX;
  wide.indptr = {0, 2, 3, 5};
  wide.indices = {0, INT32_MAX - 1, INT32_MAX - 1, 7, INT32_MAX - 1};
  wide.data = {3.0, 4.0, 2.0, 1.0, 1.0};
  return wide;
}

TEST(Scale, IndexTypesAre64BitWherePositionsCanPass2To31) {
  // nnz > 2^31 is not built: its CSR arrays alone take 2^31 x 12 bytes = 24 GiB, more than the
  // machines these tests run on. The types that hold positions are checked instead.
  static_assert(std::is_same_v<decltype(CsrMatrix{}.indptr)::value_type, std::int64_t>);
  static_assert(std::is_same_v<decltype(CsrMatrix{}.nnz()), std::int64_t>);
  static_assert(std::is_same_v<EigenCsr::StorageIndex, std::int64_t>);
  static_assert(std::is_same_v<decltype(TopKResult{}.indices)::value_type, std::int64_t>);
  static_assert(std::is_same_v<decltype(Counts{}.term_frequency)::value_type, std::int64_t>);
  const CsrMatrix wide = widest_matrix();
  wide.validate();
  const EigenCsr eigen = to_eigen(wide);
  EXPECT_EQ(eigen.cols(), INT32_MAX);
  EXPECT_EQ(eigen.nonZeros(), 5);
  expect_same_matrix(from_eigen(eigen), wide);
}

// top_k on the widest matrix, in a forked child whose address space is capped (so that a
// per-column allocation fails there with bad_alloc instead of exhausting the machine).
// top_k renumbers the columns that occur, so its buffers do not grow with the column count.
TEST(Scale, TopKMemoryDoesNotGrowWithTheColumnCount) {
  const CsrMatrix wide = widest_matrix();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    rlimit limit{};
    const auto vm = static_cast<rlim_t>(status_kib("VmSize")) * 1024;
    limit.rlim_cur = limit.rlim_max = vm + (1ull << 30);
    setrlimit(RLIMIT_AS, &limit);
    int code = 0;
    try {
      TopKOptions options;
      options.k = 2;
      const TopKResult r = top_k(wide, nullptr, options);
      const double s = 1.0 / std::sqrt(2.0);
      const std::vector<double> scores = {0.8, 0.8 * s, 0.8, s, s, 0.8 * s};
      if (r.indices != std::vector<std::int64_t>{1, 2, 0, 2, 1, 0}) code = 3;
      for (std::size_t i = 0; i < scores.size(); ++i)
        if (std::abs(r.scores[i] - scores[i]) > 1e-15) code = 3;
    } catch (const std::bad_alloc&) {
      code = 2;
    } catch (...) {
      code = 4;
    }
    _exit(code);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "2 = bad_alloc under a 1 GiB address-space margin, 3 = wrong result";
}

}  // namespace
}  // namespace treatytext
