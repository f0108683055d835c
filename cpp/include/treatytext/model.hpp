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

/// Everything a fitted vectorizer needs to transform new text: the options of each stage, the
/// kept vocabulary (column i = term i) and the statistics of the fitted corpus.
struct Model {
  AnalyzerOptions analyzer;
  PruneOptions prune;
  WeightOptions weighting;
  Vocabulary vocabulary;
  std::vector<double> idf;                       ///< per term, for the weighting scheme
  std::vector<std::int64_t> document_frequency;  ///< per term, in the fitted corpus
  std::int64_t documents = 0;                    ///< documents in the fitted corpus
  double average_length = 0.0;                   ///< mean row sum of the pruned counts (BM25)

  /// Throws invalid_argument when the parts disagree (lengths of idf and document_frequency vs
  /// the vocabulary, a negative count, a non-finite idf or length).
  void validate() const;
};

/// The model as JSON text (compact, or indented by `indent` spaces when indent >= 0):
/// {"format": "treatytext.model", "version": 1,
///  "analyzer": {"normalization": "nfkc", "case_fold": true, ..., "ngram_max": 1},
///  "prune": {"min_df": {"proportion": false, "value": 1}, "max_df": {...},
///            "max_features": -1, "sort_terms": true},
///  "weighting": {"tf": "raw", "idf": "smooth", "norm": "l2", "bm25": false, "k1": 1.2, "b": 0.75},
///  "documents": N, "average_length": L,
///  "vocabulary": [terms], "document_frequency": [ints], "idf": [numbers]}
/// Numbers are written with round-trip precision, so a loaded model transforms bit for bit like
/// the saved one.
std::string model_to_json(const Model& model, int indent = -1);
/// Parses and validates a model. Throws format_error naming the field that is missing, of the
/// wrong type, of the wrong length or out of range ("model field 'weighting.k1' ..."), a
/// version that is not supported, a foreign "format", or malformed JSON. Untrusted files are
/// safe to read: nesting deeper than 64 levels, a key twice in one object, a number beyond the
/// range of a double (1e400), and empty or NUL-bearing vocabulary terms are format_errors
/// naming the field, and no message quotes the file's raw bytes (they appear as \xNN). Unknown
/// fields are ignored, so that later minor additions stay readable.
Model model_from_json(std::string_view json);
/// Writes the JSON to `path` (through a temporary file renamed into place, so an interrupted
/// save never leaves a truncated model). Throws io_error naming the path on failure.
void save_model(const Model& model, const std::string& path);
/// Reads a model file: io_error when it cannot be read, format_error (prefixed with the path)
/// when its content is not a valid model or the file is larger than 4 GiB (checked before
/// reading; the read is bounded by the size found).
Model load_model(const std::string& path);

}  // namespace treatytext
