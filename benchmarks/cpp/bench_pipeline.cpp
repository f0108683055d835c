// The whole pipeline on the ToTA articles, from C++ (no Python in the way): tokenize + count,
// fit_transform, all-pairs top-10, each on 1 and 2 threads, with throughput and peak memory.
//
//   build/dev/benchmarks/cpp/bench_pipeline --benchmark_min_time=1
//
// Counters: MB/s = article bytes / second; growth_MB = peak RSS growth over the RSS before the
// benchmark (VmHWM reset through /proc/self/clear_refs; -1 if the kernel refuses). Memory the
// allocator kept from an earlier benchmark hides growth: for memory figures run one benchmark
// per process (--benchmark_filter=BM_FitTransform/1). For
// fit_transform also final_MB = matrix (12 bytes per non-zero + 8 per row) + vocabulary bytes
// and growth_x = growth_MB / final_MB (the target: <= 2).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <string>
#include <string_view>
#include <vector>

#include "../../tests/cpp/count_corpus.hpp"
#include "treatytext/analyzer.hpp"
#include "treatytext/count.hpp"
#include "treatytext/similarity.hpp"
#include "treatytext/vectorizer.hpp"

namespace {

using namespace treatytext;

// Every <article> of tota/xml/pta_*.xml in file-number order, as benchmarks/corpus.py reads them
// (blank articles left out).
const std::vector<std::string>& articles() {
  static const std::vector<std::string> docs = [] {
    std::vector<std::string> out = testing::tota_articles();
    std::erase_if(
        out, [](const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; });
    return out;
  }();
  return docs;
}

std::vector<std::string_view> views() {
  const auto& docs = articles();
  return {docs.begin(), docs.end()};
}

std::int64_t total_bytes() {
  std::int64_t n = 0;
  for (const auto& d : articles()) n += static_cast<std::int64_t>(d.size());
  return n;
}

std::int64_t status_kib(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(key) + ":";
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) return std::stoll(line.substr(prefix.size()));
  return -1;
}

// Starts a peak-RSS measurement: returns the RSS now (KiB), or -1 if the peak cannot be reset.
std::int64_t start_peak() {
#if defined(__GLIBC__)
  malloc_trim(0);  // return what earlier benchmarks freed, so that the peak below is this one's
#endif
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return out ? status_kib("VmRSS") : -1;
}

double growth_mb(std::int64_t before_kib) {
  return before_kib < 0 ? -1.0 : static_cast<double>(status_kib("VmHWM") - before_kib) / 1024.0;
}

void set_rate(benchmark::State& state) {
  state.SetBytesProcessed(state.iterations() * total_bytes());
  state.counters["documents"] = static_cast<double>(articles().size());
}

void BM_TokenizeCount(benchmark::State& state) {
  const auto docs = views();
  const Analyzer analyzer;
  const auto before = start_peak();
  std::int64_t nnz = 0;
  for (auto _ : state) {
    Counts counts = count(analyzer, docs, static_cast<int>(state.range(0)));
    nnz = counts.matrix.nnz();
    benchmark::DoNotOptimize(counts.matrix.data.data());
  }
  state.counters["growth_MB"] = growth_mb(before);
  state.counters["nnz"] = static_cast<double>(nnz);
  set_rate(state);
}
BENCHMARK(BM_TokenizeCount)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FitTransform(benchmark::State& state) {
  const auto docs = views();
  VectorizerOptions options;
  options.n_threads = static_cast<int>(state.range(0));
  const auto before = start_peak();
  double final_mb = 0;
  for (auto _ : state) {
    Vectorizer vectorizer(options);
    CsrMatrix x = vectorizer.fit_transform(docs);
    const double matrix_bytes = static_cast<double>(x.nnz()) * 12.0 + static_cast<double>(x.rows + 1) * 8.0;
    final_mb = (matrix_bytes + static_cast<double>(vectorizer.model().vocabulary.memory_bytes())) / (1 << 20);
    benchmark::DoNotOptimize(x.data.data());
  }
  const double growth = growth_mb(before);
  state.counters["growth_MB"] = growth;
  state.counters["final_MB"] = final_mb;
  state.counters["growth_x"] = growth < 0 ? -1.0 : growth / final_mb;
  set_rate(state);
}
BENCHMARK(BM_FitTransform)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TopKAllPairs(benchmark::State& state) {
  static const CsrMatrix x = Vectorizer().fit_transform(views());
  TopKOptions options;
  options.k = 10;
  options.n_threads = static_cast<int>(state.range(0));
  const auto before = start_peak();
  for (auto _ : state) {
    TopKResult r = top_k(x, nullptr, options);
    benchmark::DoNotOptimize(r.indices.data());
  }
  state.counters["growth_MB"] = growth_mb(before);
  state.counters["rows"] = static_cast<double>(x.rows);
}
BENCHMARK(BM_TopKAllPairs)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
