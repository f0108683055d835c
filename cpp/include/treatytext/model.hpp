// Persistence: a fitted model (options, vocabulary, idf) as versioned JSON, readable from
// Python and C++ alike.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/analyzer.hpp"
#include "treatytext/count.hpp"
#include "treatytext/vocabulary.hpp"
#include "treatytext/weight.hpp"

namespace treatytext {

inline constexpr int kModelFormatVersion = 1;

struct Model {
  AnalyzerOptions analyzer;
  PruneOptions prune;
  WeightOptions weighting;
  Vocabulary vocabulary;
  std::vector<double> idf;
  std::vector<std::int64_t> document_frequency;
  std::int64_t documents = 0;
  double average_length = 0.0;
};

/// {"format": "treatytext.model", "version": 1, "analyzer": {...}, ...}
std::string model_to_json(const Model& model);
/// Throws format_error naming the field that is missing, of the wrong type or out of range,
/// or the version that is not supported.
Model model_from_json(std::string_view json);
void save_model(const Model& model, const std::string& path);  ///< io_error on failure
Model load_model(const std::string& path);                      ///< io_error / format_error

}  // namespace treatytext
