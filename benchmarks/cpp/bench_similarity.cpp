// Micro-benchmarks of the similarity kernels on a synthetic tf-idf-like matrix: Zipf-distributed
// terms (a few very common ones, as in text), geometric row lengths, idf-weighted values.
// The all-pairs figure on real ToTA articles comes from benchmarks/topk_vs_sklearn.py.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "treatytext/similarity.hpp"

namespace {

using treatytext::CsrMatrix;

CsrMatrix synthetic_tfidf(std::int64_t rows, std::int64_t cols, int mean_length, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> weights(static_cast<std::size_t>(cols));
  for (std::size_t c = 0; c < weights.size(); ++c) weights[c] = 1.0 / static_cast<double>(c + 1);
  std::discrete_distribution<std::int32_t> term(weights.begin(), weights.end());
  std::geometric_distribution<int> length(1.0 / mean_length);
  std::geometric_distribution<int> count(0.6);
  CsrMatrix m;
  m.rows = rows;
  m.cols = cols;
  std::vector<std::int32_t> terms;
  for (std::int64_t r = 0; r < rows; ++r) {
    terms.clear();
    const int n = 1 + length(rng);
    for (int i = 0; i < n; ++i) terms.push_back(term(rng));
    std::sort(terms.begin(), terms.end());
    terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
    for (const auto t : terms) {
      m.indices.push_back(t);
      // tf x idf, with idf growing with the Zipf rank (rarer terms weigh more).
      m.data.push_back((1.0 + count(rng)) * (1.0 + std::log(1.0 + static_cast<double>(t))));
    }
    m.indptr.push_back(static_cast<std::int64_t>(m.indices.size()));
  }
  return m;
}

const CsrMatrix& matrix(std::int64_t rows) {
  static std::vector<std::pair<std::int64_t, CsrMatrix>> cache;
  for (const auto& [n, m] : cache)
    if (n == rows) return m;
  cache.emplace_back(rows, synthetic_tfidf(rows, 30000, 70, 42));
  return cache.back().second;
}

void all_pairs(benchmark::State& state, treatytext::TopKMethod method) {
  const auto& x = matrix(state.range(0));
  treatytext::TopKOptions options;
  options.k = 10;
  options.method = method;
  options.n_threads = static_cast<int>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(treatytext::top_k(x, nullptr, options));
  state.SetItemsProcessed(state.iterations() * x.rows);  // queries per second
  state.counters["nnz"] = static_cast<double>(x.nnz());
}

void BM_TopKPruned(benchmark::State& state) { all_pairs(state, treatytext::TopKMethod::pruned); }
void BM_TopKExhaustive(benchmark::State& state) { all_pairs(state, treatytext::TopKMethod::exhaustive); }

void BM_CosineMatrix(benchmark::State& state) {
  const auto& x = matrix(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(treatytext::cosine_matrix(x));
  state.SetItemsProcessed(state.iterations() * x.rows * x.rows);  // cells per second
}

BENCHMARK(BM_TopKPruned)
    ->Args({4000, 1})
    ->Args({16000, 1})
    ->Args({16000, 2})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TopKExhaustive)->Args({4000, 1})->Args({16000, 1})->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CosineMatrix)->Arg(2000)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
