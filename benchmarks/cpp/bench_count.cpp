// Micro-benchmarks of the count stage on the ToTA article text (23.5 MB): tokenize + count +
// weight (Vectorizer::fit_transform), counting alone (pre-tokenized input), transform with a
// fitted model; 1 and 2 threads. Reported: MB/s of article text, and for fit_transform the peak
// resident memory added during the call against the size of what it returns.
//
//   ./bench_count --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <fstream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <string>
#include <vector>

#include "../../tests/cpp/count_corpus.hpp"
#include "treatytext/count.hpp"
#include "treatytext/vectorizer.hpp"

namespace {

using treatytext::testing::tota_articles;

const std::vector<std::string>& texts() {
  static const std::vector<std::string> articles = tota_articles(300);
  return articles;
}

const std::vector<std::string_view>& views() {
  static const std::vector<std::string_view> v(texts().begin(), texts().end());
  return v;
}

std::int64_t total_bytes() {
  static const std::int64_t bytes = [] {
    std::int64_t n = 0;
    for (const auto& t : texts()) n += static_cast<std::int64_t>(t.size());
    return n;
  }();
  return bytes;
}

// Linux: VmHWM (peak resident set) can be reset by writing 5 to /proc/self/clear_refs. Freed
// memory is first handed back to the system, so that a previous iteration's pages do not hide
// this one's growth.
bool reset_peak_rss() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  return static_cast<bool>(out);
}

double status_mb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string key = std::string(field) + ":";
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(key.size())) / 1024.0;  // kB -> MB
  return 0.0;
}

double matrix_mb(const treatytext::CsrMatrix& m) {
  return static_cast<double>(m.indptr.size() * 8 + m.indices.size() * 4 + m.data.size() * 8) /
         (1024.0 * 1024.0);
}

void BM_FitTransform(benchmark::State& state) {
  treatytext::VectorizerOptions options;
  options.n_threads = static_cast<int>(state.range(0));
  (void)views();
  for (auto _ : state) {
    state.PauseTiming();
    const bool can_reset = reset_peak_rss();
    const double before = status_mb("VmRSS");
    state.ResumeTiming();
    treatytext::Vectorizer vectorizer(options);
    auto x = vectorizer.fit_transform(views());
    benchmark::DoNotOptimize(x.data.data());
    state.PauseTiming();
    if (can_reset) {
      const double result =
          matrix_mb(x) + static_cast<double>(vectorizer.model().vocabulary.memory_bytes()) / 1048576.0;
      state.counters["peak_added_MB"] = status_mb("VmHWM") - before;
      state.counters["result_MB"] = result;
      state.counters["peak_over_result"] = (status_mb("VmHWM") - before) / result;
    }
    state.counters["nnz"] = static_cast<double>(x.nnz());
    state.counters["terms"] = static_cast<double>(x.cols);
    state.ResumeTiming();
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_FitTransform)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CountPreTokenized(benchmark::State& state) {
  // Counting alone: vocabulary + CSR from terms already split (no analyzer in the loop).
  static const std::vector<std::vector<std::string>> tokenized = [] {
    const treatytext::Analyzer analyzer;
    std::vector<std::vector<std::string>> out;
    treatytext::TermList terms;
    for (const auto& text : texts()) {
      analyzer.analyze(text, terms);
      auto& row = out.emplace_back();
      for (std::size_t i = 0; i < terms.size(); ++i) row.emplace_back(terms[i]);
    }
    return out;
  }();
  for (auto _ : state) {
    auto counts = treatytext::count_terms(tokenized, static_cast<int>(state.range(0)));
    benchmark::DoNotOptimize(counts.matrix.data.data());
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_CountPreTokenized)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Transform(benchmark::State& state) {
  treatytext::VectorizerOptions options;
  options.n_threads = static_cast<int>(state.range(0));
  treatytext::Vectorizer vectorizer(options);
  vectorizer.fit(views());
  for (auto _ : state) {
    auto x = vectorizer.transform(views());
    benchmark::DoNotOptimize(x.data.data());
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_Transform)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AnalyzeOnly(benchmark::State& state) {
  // The analyzer's share of fit_transform: tokenizing every article, nothing counted.
  const treatytext::Analyzer analyzer;
  treatytext::TermList terms;
  for (auto _ : state) {
    std::size_t n = 0;
    for (const auto view : views()) {
      analyzer.analyze(view, terms);
      n += terms.size();
    }
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_AnalyzeOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
