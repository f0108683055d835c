// The composed pipeline for C++ users: analyze -> count -> prune -> weight, with streaming fit.
#pragma once

#include <span>
#include <string_view>

#include "treatytext/model.hpp"

namespace treatytext {

struct VectorizerOptions {
  AnalyzerOptions analyzer;
  PruneOptions prune;
  WeightOptions weighting;
  int n_threads = 1;
};

class Vectorizer {
 public:
  explicit Vectorizer(VectorizerOptions options = {});
  /// Restores a fitted vectorizer from a saved model.
  explicit Vectorizer(Model model, int n_threads = 1);

  /// Learns vocabulary, df and idf from documents (replacing any previous fit).
  Vectorizer& fit(std::span<const std::string_view> documents);
  /// Fits and returns the weighted matrix of the same documents (one pass over the text).
  CsrMatrix fit_transform(std::span<const std::string_view> documents);
  /// Streaming fit, first pass: accumulates vocabulary and df batch by batch; finish with
  /// finalize() before transform().
  Vectorizer& partial_fit(std::span<const std::string_view> documents);
  Vectorizer& finalize();
  /// Weighted vectors of documents against the fitted vocabulary.
  [[nodiscard]] CsrMatrix transform(std::span<const std::string_view> documents) const;
  /// Raw counts against the fitted vocabulary.
  [[nodiscard]] CsrMatrix count(std::span<const std::string_view> documents) const;

  [[nodiscard]] bool fitted() const noexcept;
  [[nodiscard]] const Model& model() const;  ///< throws error when not fitted
  [[nodiscard]] const Analyzer& analyzer() const noexcept;

 private:
  VectorizerOptions options_;
  Analyzer analyzer_;
  Model model_;
  bool fitted_ = false;
  // Streaming state between partial_fit() and finalize().
  Vocabulary pending_vocabulary_;
  std::vector<std::int64_t> pending_df_;
  std::vector<std::int64_t> pending_tf_;
  std::int64_t pending_documents_ = 0;
  double pending_total_length_ = 0.0;
};

}  // namespace treatytext
