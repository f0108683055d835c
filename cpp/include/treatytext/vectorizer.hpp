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
  int n_threads = 1;  ///< resolve_threads convention: n >= 1, or -1 for every hardware thread
};

/// Text in, weighted document-term matrix out. Const member functions (transform, count, model)
/// may be called concurrently from several threads; fit, partial_fit and finalize need
/// exclusive access. Every result is identical for every n_threads.
class Vectorizer {
 public:
  /// Validates every option (invalid_argument names the offending one).
  explicit Vectorizer(VectorizerOptions options = {});
  /// Restores a fitted vectorizer from a saved model (validated with Model::validate()).
  explicit Vectorizer(Model model, int n_threads = 1);

  /// Learns vocabulary, df and idf from documents (replacing any previous fit and discarding any
  /// partial_fit state). Throws invalid_argument when no term survives pruning.
  Vectorizer& fit(std::span<const std::string_view> documents);
  /// Fits and returns the weighted matrix of the same documents (one pass over the text: the
  /// counts of the fit are pruned and weighted in place).
  CsrMatrix fit_transform(std::span<const std::string_view> documents);
  /// Streaming fit, first pass: accumulates vocabulary, df and corpus tf batch by batch (the
  /// batch's matrix is not kept, so memory holds only the vocabulary). Finish with finalize();
  /// the second pass is transform() over the same batches. fit() and finalize() on the
  /// concatenation of the batches give the same model.
  Vectorizer& partial_fit(std::span<const std::string_view> documents);
  /// Builds the model from everything partial_fit() accumulated since construction or the last
  /// fit(); partial_fit() may continue afterwards and finalize() be called again.
  Vectorizer& finalize();
  /// Weighted vectors of documents against the fitted vocabulary (unknown terms ignored).
  [[nodiscard]] CsrMatrix transform(std::span<const std::string_view> documents) const;
  /// Raw counts against the fitted vocabulary.
  [[nodiscard]] CsrMatrix count(std::span<const std::string_view> documents) const;

  [[nodiscard]] bool fitted() const noexcept { return fitted_; }
  [[nodiscard]] const Model& model() const;  ///< throws error when not fitted
  [[nodiscard]] const Analyzer& analyzer() const noexcept { return analyzer_; }
  [[nodiscard]] const VectorizerOptions& options() const noexcept { return options_; }
  /// Documents accumulated by partial_fit() since the last fit().
  [[nodiscard]] std::int64_t pending_documents() const noexcept { return pending_documents_; }

 private:
  void require_fitted() const;
  VectorizerOptions options_;
  Analyzer analyzer_;
  Model model_;
  bool fitted_ = false;
  // Streaming state between partial_fit() and finalize().
  Vocabulary pending_vocabulary_;
  std::vector<std::int64_t> pending_df_;
  std::vector<std::int64_t> pending_tf_;
  std::int64_t pending_documents_ = 0;
};

}  // namespace treatytext
