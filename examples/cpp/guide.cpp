// guide: the walk-through of docs/cpp.md as one program (the guide quotes it section by
// section; tests/python/test_cpp_consumer.py builds it against the installed package, checks
// that the quotes match this file and compares its output with the Python face).
//
//   guide TREATY.txt MODEL.json
//
// Segments the treaty, vectorizes its clauses (tf-idf, English stop words and stemming), finds
// each clause's 3 nearest clauses, saves the model, loads it again and checks that the loaded
// model gives the same vectors. Output, one record a line:
//   units <n>                     then per unit: unit <i> <kind> <start> <end> <text>
//   terms <n>                     size of the fitted vocabulary
//   near <i> <j> <score>          the nearest clauses of unit i, best first
//   reloaded <non-zeros> same     the saved and reloaded model reproduces the matrix
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/treatytext.hpp"  // the whole public API: every stage's header

namespace tt = treatytext;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw tt::io_error("cannot open " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool same_matrix(const tt::CsrMatrix& a, const tt::CsrMatrix& b) {
  return a.rows == b.rows && a.cols == b.cols && a.indptr == b.indptr && a.indices == b.indices &&
         a.data == b.data;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: guide TREATY.txt MODEL.json\n";
    return 2;
  }
  try {
    // [segment]
    // Segmentation validates the UTF-8, keeps the text and segments it with the defaults of
    // Python's Document: headings, numbered paragraphs, items and bullets; no sentence split.
    const tt::Segmentation document(read_file(argv[1]));
    std::vector<std::string_view> units;  // the leaves, as Document.units
    for (std::size_t i : document.leaves()) units.push_back(document.text(i));
    // [/segment]
    std::cout << "units " << units.size() << "\n";
    const std::vector<std::size_t> leaves = document.leaves();
    for (std::size_t u = 0; u < leaves.size(); ++u) {
      const tt::Clause& clause = document.at(leaves[u]);
      std::cout << "unit " << u << ' ' << tt::to_string(clause.kind) << ' ' << clause.start << ' '
                << clause.end << ' ' << units[u].substr(0, units[u].find('\n')) << "\n";
    }

    // [vectorize]
    tt::VectorizerOptions options;  // defaults: tf-idf (raw tf, smooth idf, l2), no stop words
    options.analyzer.stop_words = "english";
    options.analyzer.stem_language = "english";
    tt::Vectorizer vectorizer(options);
    const tt::CsrMatrix weights = vectorizer.fit_transform(units);  // units x terms, CSR
    // [/vectorize]
    std::cout << "terms " << vectorizer.model().vocabulary.size() << "\n";

    // [top-k]
    tt::TopKOptions top;  // exact cosine; a unit is not its own neighbour
    top.k = 3;
    const tt::TopKResult nearest = tt::top_k(weights, nullptr, top);
    for (std::int64_t i = 0; i < nearest.rows; ++i)
      for (std::int64_t slot = 0; slot < nearest.k; ++slot) {
        const std::int64_t j = nearest.indices[i * nearest.k + slot];  // -1: fewer than k found
        if (j >= 0)
          std::printf("near %lld %lld %.9f\n", static_cast<long long>(i), static_cast<long long>(j),
                      nearest.scores[i * nearest.k + slot]);
      }
    // [/top-k]

    // [save-load]
    tt::save_model(vectorizer.model(), argv[2]);  // versioned JSON, loadable by Python too
    const tt::Vectorizer loaded(tt::load_model(argv[2]));
    const tt::CsrMatrix again = loaded.transform(units);
    // [/save-load]
    std::cout << "reloaded " << again.data.size() << (same_matrix(weights, again) ? " same" : " different")
              << "\n";
  } catch (const tt::error& e) {  // every error of the core says what and where
    std::cerr << "guide: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
