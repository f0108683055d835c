// Segmentation throughput on the ToTA article texts (all 300 agreements), rebuilt with an
// "Article N" heading before each article body, and on a 200 MB single line.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "treatytext/segment.hpp"

namespace {

std::string corpora_dir() {
  if (const char* dir = std::getenv("TREATYTEXT_CORPORA")) return dir;
  return TREATYTEXT_CORPORA_DIR;
}

std::string unescape_xml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    static constexpr std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    bool done = false;
    for (const auto& [entity, c] : kEntities) {
      if (s.substr(i, entity.size()) == entity) {
        out += c;
        i += entity.size() - 1;
        done = true;
        break;
      }
    }
    if (!done) out += '&';
  }
  return out;
}

// Every <article> body of every ToTA file, each under an "Article N" heading.
const std::string& tota_text() {
  static const std::string text = [] {
    std::string all;
    const std::filesystem::path dir = corpora_dir() + "/tota/xml";
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream buffer;
      buffer << in.rdbuf();
      const std::string xml = buffer.str();
      std::size_t pos = 0, number = 0;
      while ((pos = xml.find("<article", pos)) != std::string::npos) {
        const std::size_t open_end = xml.find('>', pos);
        if (open_end == std::string::npos) break;
        if (xml[open_end - 1] == '/') {  // <article/>
          pos = open_end;
          continue;
        }
        const std::size_t close = xml.find("</article>", open_end);
        if (close == std::string::npos) break;
        all += "Article " + std::to_string(++number) + "\n\n";
        all += unescape_xml(std::string_view(xml).substr(open_end + 1, close - open_end - 1));
        all += "\n\n";
        pos = close;
      }
    }
    return all;
  }();
  return text;
}

void BM_segment_tota(benchmark::State& state) {
  const std::string& text = tota_text();
  std::size_t clauses = 0;
  for (auto _ : state) {
    auto result = treatytext::segment(text);
    clauses = result.size();
    benchmark::DoNotOptimize(result.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
  state.counters["clauses"] = static_cast<double>(clauses);
}
BENCHMARK(BM_segment_tota)->Unit(benchmark::kMillisecond)->MinTime(1.0);

void BM_segment_single_line(benchmark::State& state) {
  std::string text;
  const std::string_view words = "the parties shall cooperate on customs matters ";
  while (text.size() < 200'000'000) text += words;
  for (auto _ : state) {
    auto result = treatytext::segment(text);
    benchmark::DoNotOptimize(result.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_segment_single_line)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
