// Micro-benchmarks of the analyzer on the ToTA article text (bytes/s). Run:
//   build/dev/benchmarks/cpp/bench_analyzer --benchmark_min_time=1
// The corpus is found at $TREATYTEXT_CORPORA/tota/xml (default: ../shared/corpora).
// "AnalyzeCount" is the figure compared with `LC_ALL=C wc -w` (issue 5: a single-thread
// tokenize + count within 2x of wc -w); "WhitespaceWords" is an in-process wc -w loop.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "../../tests/cpp/count_corpus.hpp"
#include "treatytext/analyzer.hpp"

namespace {

using treatytext::Analyzer;
using treatytext::AnalyzerOptions;
using treatytext::TermList;

using treatytext::testing::corpora_dir;

// The text of every <article> of the ToTA agreements.
const std::vector<std::string>& articles() {
  static const std::vector<std::string> texts = treatytext::testing::tota_articles();
  return texts;
}

std::int64_t total_bytes() {
  std::int64_t total = 0;
  for (const auto& text : articles()) total += static_cast<std::int64_t>(text.size());
  return total;
}

bool require_corpus(benchmark::State& state) {
  if (!articles().empty()) return true;
  state.SkipWithError(("no ToTA articles under " + corpora_dir() + "/tota/xml").c_str());
  return false;
}

// A simple term counter of the kind the counting stage uses: open addressing over compact
// slots (hash tag + id), terms copied into one arena, counts indexed by id.
inline std::uint64_t hash_term(std::string_view s) noexcept {
  // Multiply-mix over 8-byte words; the tail is read with overlapping loads (no byte loop).
  const auto load = [](const char* p, std::size_t n) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, n);
    return v;
  };
  const char* p = s.data();
  std::size_t n = s.size();
  std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
  for (; n > 8; p += 8, n -= 8) h = ((h ^ load(p, 8)) * 0xff51afd7ed558ccdULL) ^ (h >> 29);
  std::uint64_t tail = 0;
  if (n >= 4)
    tail = load(p, 4) | (load(p + n - 4, 4) << 32);
  else if (n > 0)
    tail = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
           (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
           static_cast<unsigned char>(p[n - 1]);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 31);
}

class Counter {
 public:
  void add(std::string_view term) {
    if ((counts_.size() + 1) * 2 > slots_.size()) grow();
    const std::uint64_t hash = hash_term(term);
    const auto tag = static_cast<std::uint32_t>(hash >> 32) | 1u;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.tag == 0) {
        slot = {tag, static_cast<std::uint32_t>(counts_.size())};
        ends_.push_back(arena_.size() + term.size());
        arena_.append(term);
        counts_.push_back(1);
        return;
      }
      if (slot.tag == tag && term_of(slot.id) == term) {
        ++counts_[slot.id];
        return;
      }
    }
  }
  [[nodiscard]] std::size_t size() const { return counts_.size(); }

 private:
  struct Slot {
    std::uint32_t tag = 0, id = 0;
  };
  [[nodiscard]] std::string_view term_of(std::uint32_t id) const {
    const std::size_t begin = id == 0 ? 0 : ends_[id - 1];
    return std::string_view(arena_).substr(begin, ends_[id] - begin);
  }
  void grow() {
    slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, Slot{});
    const std::size_t mask = slots_.size() - 1;
    for (std::uint32_t id = 0; id < counts_.size(); ++id) {
      const std::uint64_t hash = hash_term(term_of(id));
      std::size_t i = hash & mask;
      while (slots_[i].tag != 0) i = (i + 1) & mask;
      slots_[i] = {static_cast<std::uint32_t>(hash >> 32) | 1u, id};
    }
  }
  std::vector<Slot> slots_;
  std::vector<std::uint64_t> counts_;
  std::vector<std::size_t> ends_;
  std::string arena_;
};

AnalyzerOptions options_for(int variant) {
  AnalyzerOptions options;
  if (variant == 1) {
    options.stop_words = "english";
    options.stem_language = "english";
  } else if (variant == 2) {
    options.ngram_max = 2;
  } else if (variant == 3) {
    options.strip_accents = true;
  }
  return options;
}

void BM_Analyze(benchmark::State& state) {
  if (!require_corpus(state)) return;
  const Analyzer analyzer(options_for(static_cast<int>(state.range(0))));
  TermList terms;
  std::size_t tokens = 0;
  for (auto _ : state) {
    for (const auto& text : articles()) {
      analyzer.analyze(text, terms);
      tokens += terms.size();
    }
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}
// 0: default options, 1: English stop words + stemming, 2: unigrams + bigrams, 3: strip accents
BENCHMARK(BM_Analyze)->Arg(0)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_AnalyzeCount(benchmark::State& state) {
  if (!require_corpus(state)) return;
  const Analyzer analyzer(options_for(static_cast<int>(state.range(0))));
  TermList terms;
  for (auto _ : state) {
    Counter counter;
    for (const auto& text : articles()) {
      analyzer.analyze(text, terms);
      for (std::size_t i = 0; i < terms.size(); ++i) counter.add(terms[i]);
    }
    benchmark::DoNotOptimize(counter.size());
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_AnalyzeCount)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_Tokenize(benchmark::State& state) {
  if (!require_corpus(state)) return;
  const Analyzer analyzer;
  for (auto _ : state)
    for (const auto& text : articles()) benchmark::DoNotOptimize(analyzer.tokenize(text));
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

void BM_AnalyzeMany(benchmark::State& state) {
  if (!require_corpus(state)) return;
  const Analyzer analyzer;
  const std::vector<std::string_view> views(articles().begin(), articles().end());
  std::vector<TermList> out;
  for (auto _ : state) analyzer.analyze_many(views, out, static_cast<int>(state.range(0)));
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_AnalyzeMany)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The floor: what `LC_ALL=C wc -w` does (count runs of non-space bytes), in process.
void BM_WhitespaceWords(benchmark::State& state) {
  if (!require_corpus(state)) return;
  for (auto _ : state) {
    std::size_t words = 0;
    for (const auto& text : articles()) {
      bool in_word = false;
      for (const char c : text) {
        const bool space = c == ' ' || (c >= '\t' && c <= '\r');
        words += !space && !in_word;
        in_word = !space;
      }
    }
    benchmark::DoNotOptimize(words);
  }
  state.SetBytesProcessed(state.iterations() * total_bytes());
}
BENCHMARK(BM_WhitespaceWords)->Unit(benchmark::kMillisecond);

}  // namespace
