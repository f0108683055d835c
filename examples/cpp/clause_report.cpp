// clause_report: segments a UTF-8 file into clauses, weights them with tf-idf and prints the most
// similar clause pairs; with a second argument, loads a model saved by Python
// (treatytext.Vectorizer.save) and prints the weighted vector of every clause under that model.
//
// Output is line-oriented so that tests can compare it with the Python face:
//   clauses <n>            then one line per clause: clause <i> <kind> <start> <end> <label>
//   pair <i> <j> <score>   best neighbour of each clause (self excluded), by clause index
//   model_terms <n>        (with a model) then: weight <clause> <term> <value> per non-zero
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/treatytext.hpp"  // the whole public API; no Eigen needed

namespace tt = treatytext;

namespace {

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw tt::io_error(std::string("cannot open ") + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: clause_report FILE [MODEL.json]\n";
    return 2;
  }
  try {
    const std::string text = tt::validate_utf8(read_file(argv[1]));
    const std::vector<tt::Clause> clauses = tt::segment(text);
    std::cout << "clauses " << clauses.size() << "\n";
    std::vector<std::string_view> clause_texts;
    for (std::size_t i = 0; i < clauses.size(); ++i) {
      const auto& c = clauses[i];
      std::cout << "clause " << i << ' ' << tt::to_string(c.kind) << ' ' << c.start << ' ' << c.end << ' '
                << (c.label.empty() ? "-" : c.label) << "\n";
      clause_texts.push_back(c.text(text));
    }
    if (clause_texts.size() >= 2) {
      tt::VectorizerOptions options;
      options.analyzer.stop_words = "english";
      tt::Vectorizer vectorizer(options);
      const tt::CsrMatrix weights = vectorizer.fit_transform(clause_texts);
      tt::TopKOptions top;
      top.k = 1;
      const tt::TopKResult best = tt::top_k(weights, nullptr, top);
      for (std::int64_t i = 0; i < best.rows; ++i) {
        if (best.indices[i] < 0) continue;
        std::printf("pair %lld %lld %.6f\n", static_cast<long long>(i),
                    static_cast<long long>(best.indices[i]), best.scores[i]);
      }
    }
    if (argc == 3 && !clause_texts.empty()) {
      tt::Vectorizer fitted(tt::load_model(argv[2]));
      const tt::CsrMatrix weights = fitted.transform(clause_texts);
      const auto& vocabulary = fitted.model().vocabulary;
      std::cout << "model_terms " << vocabulary.size() << "\n";
      for (std::int64_t row = 0; row < weights.rows; ++row)
        for (auto p = weights.indptr[row]; p < weights.indptr[row + 1]; ++p)
          std::printf("weight %lld %s %.12f\n", static_cast<long long>(row),
                      std::string(vocabulary.term(weights.indices[p])).c_str(), weights.data[p]);
    }
  } catch (const tt::error& e) {
    std::cerr << "clause_report: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
