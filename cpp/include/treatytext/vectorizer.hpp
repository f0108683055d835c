// The composed pipeline for C++ users: analyze -> count -> prune -> weight, with streaming fit.
#pragma once

#include <memory>
#include <mutex>
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

/// Text in, weighted document-term matrix out. Every member function may be called concurrently
/// from several threads: updates (fit, fit_transform, partial_fit, finalize) are serialized, and
/// the fitted model is replaced as a whole, so a transform running meanwhile finishes with the
/// model it started with. Every result is identical for every n_threads.
class Vectorizer {
 public:
  /// Validates every option (invalid_argument names the offending one).
  explicit Vectorizer(VectorizerOptions options = {});
  /// Restores a fitted vectorizer from a saved model (validated with Model::validate()).
  explicit Vectorizer(Model model, int n_threads = 1);

  /// Learns vocabulary, df and idf from documents (replacing any previous fit and discarding any
  /// partial_fit state). Throws invalid_argument when no term survives pruning.
  Vectorizer& fit(std::span<const std::string_view> documents);
  Vectorizer& fit(const DocumentSource& documents);
  /// Fits and returns the weighted matrix of the same documents (one pass over the text: the
  /// counts of the fit are pruned and weighted in place).
  CsrMatrix fit_transform(std::span<const std::string_view> documents);
  /// As fit_transform(views), reading documents on demand (see count(producer, DocumentSource)).
  CsrMatrix fit_transform(const DocumentSource& documents);
  /// Streaming fit, first pass: accumulates vocabulary, df and corpus tf batch by batch (the
  /// batch's matrix is not kept, so memory holds only the vocabulary). Finish with finalize();
  /// the second pass is transform() over the same batches. fit() and finalize() on the
  /// concatenation of the batches give the same model.
  Vectorizer& partial_fit(std::span<const std::string_view> documents);
  Vectorizer& partial_fit(const DocumentSource& documents);
  /// Builds the model from everything partial_fit() accumulated since construction or the last
  /// fit(); partial_fit() may continue afterwards and finalize() be called again.
  Vectorizer& finalize();
  /// The partial counts of documents with this vectorizer's analyzer (no state changes): the
  /// first step of a partitioned fit, e.g. one call per Dask partition.
  [[nodiscard]] PartialCounts partial_counts(std::span<const std::string_view> documents) const;
  [[nodiscard]] PartialCounts partial_counts(const DocumentSource& documents) const;
  /// The partition counts of documents (statistics and rows, see PartitionCounts): the first
  /// step of a partitioned fit_transform, whose rows transform_partition() later weights
  /// without analyzing the text again.
  [[nodiscard]] PartitionCounts count_partition(const DocumentSource& documents) const;
  /// Weighted vectors of a partition counted by count_partition() (by this analyzer): equals
  /// transform() of its documents bit for bit.
  [[nodiscard]] CsrMatrix transform_partition(const PartitionCounts& counts) const;
  /// Fits from partial counts (merge_partial_counts of every partition, in order): prunes and
  /// orders once, exactly as fit() on the concatenated partitions, and discards any
  /// partial_fit() state. Throws as fit() does, or invalid_argument for inconsistent counts.
  Vectorizer& fit_partial_counts(const PartialCounts& counts);
  /// Weighted vectors of documents against the fitted vocabulary (unknown terms ignored).
  [[nodiscard]] CsrMatrix transform(std::span<const std::string_view> documents) const;
  [[nodiscard]] CsrMatrix transform(const DocumentSource& documents) const;
  /// Raw counts against the fitted vocabulary.
  [[nodiscard]] CsrMatrix count(std::span<const std::string_view> documents) const;
  [[nodiscard]] CsrMatrix count(const DocumentSource& documents) const;

  /// Whether a model is fitted (by fit, fit_transform, finalize or the model constructor).
  [[nodiscard]] bool fitted() const;
  /// The fitted model; throws error when not fitted. The reference stays valid until the next
  /// fit or finalize (use model_snapshot() when those may run concurrently).
  [[nodiscard]] const Model& model() const;
  /// The fitted model, kept alive by the pointer whatever happens to the vectorizer; throws
  /// error when not fitted.
  [[nodiscard]] std::shared_ptr<const Model> model_snapshot() const;
  /// The analyzer built from options().analyzer (text -> terms), and the options as given.
  [[nodiscard]] const Analyzer& analyzer() const noexcept { return analyzer_; }
  [[nodiscard]] const VectorizerOptions& options() const noexcept { return options_; }
  /// Documents accumulated by partial_fit() since the last fit().
  [[nodiscard]] std::int64_t pending_documents() const;

 private:
  struct Sync {
    std::mutex update;  // serializes fit / partial_fit / finalize
    std::mutex model;   // guards the model_ pointer itself (held only to copy or swap it)
  };
  void publish(Model&& model);
  VectorizerOptions options_;
  Analyzer analyzer_;
  std::unique_ptr<Sync> sync_ = std::make_unique<Sync>();
  std::shared_ptr<const Model> model_;  // null until fitted
  // Streaming state between partial_fit() and finalize() (guarded by sync_->update).
  PartialCounts pending_;
};

}  // namespace treatytext
