#include "treatytext/vectorizer.hpp"

#include <numeric>
#include <utility>

#include "count/internal.hpp"
#include "treatytext/error.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {

namespace {

// The model of a fit from the kept terms' statistics. average_length is the mean row sum of the
// pruned counts, i.e. the kept terms' corpus frequencies over the documents.
Model build_model(const VectorizerOptions& options, Vocabulary vocabulary, std::vector<std::int64_t> df,
                  const std::vector<std::int64_t>& tf, std::int64_t documents) {
  Model model;
  model.analyzer = options.analyzer;
  model.prune = options.prune;
  model.weighting = options.weighting;
  model.idf = inverse_document_frequency(df, documents, options.weighting);
  model.vocabulary = std::move(vocabulary);
  model.document_frequency = std::move(df);
  model.documents = documents;
  const double total = static_cast<double>(std::accumulate(tf.begin(), tf.end(), std::int64_t{0}));
  model.average_length = documents > 0 ? total / static_cast<double>(documents) : 0.0;
  return model;
}

}  // namespace

Vectorizer::Vectorizer(VectorizerOptions options)
    : options_(std::move(options)), analyzer_(options_.analyzer) {
  options_.prune.validate();
  options_.weighting.validate();
  resolve_threads(options_.n_threads);
}

Vectorizer::Vectorizer(Model model, int n_threads)
    : options_{model.analyzer, model.prune, model.weighting, n_threads}, analyzer_(model.analyzer) {
  model.validate();
  options_.prune.validate();
  options_.weighting.validate();
  resolve_threads(n_threads);
  publish(std::move(model));
}

void Vectorizer::publish(Model&& model) {
  auto fitted = std::make_shared<const Model>(std::move(model));
  const std::lock_guard<std::mutex> lock(sync_->model);
  model_ = std::move(fitted);
}

std::shared_ptr<const Model> Vectorizer::model_snapshot() const {
  std::shared_ptr<const Model> current;
  {
    const std::lock_guard<std::mutex> lock(sync_->model);
    current = model_;
  }
  if (!current)
    throw error(
        "this Vectorizer is not fitted yet: call fit() or fit_transform(), or partial_fit() then finalize()");
  return current;
}

bool Vectorizer::fitted() const {
  const std::lock_guard<std::mutex> lock(sync_->model);
  return model_ != nullptr;
}

const Model& Vectorizer::model() const { return *model_snapshot(); }

std::int64_t Vectorizer::pending_documents() const {
  const std::lock_guard<std::mutex> lock(sync_->update);
  return pending_documents_;
}

Vectorizer& Vectorizer::fit(std::span<const std::string_view> documents) {
  return fit(ViewSource(documents));
}

Vectorizer& Vectorizer::fit(const DocumentSource& documents) {
  const std::lock_guard<std::mutex> lock(sync_->update);
  // Only the statistics are needed, so the matrix is never built.
  auto stats = detail::count_statistics(analyzer_, documents, options_.n_threads);
  const auto kept = detail::select_terms(stats.vocabulary, stats.document_frequency, stats.term_frequency,
                                         stats.documents, options_.prune);
  std::vector<std::int64_t> df;
  std::vector<std::int64_t> tf;
  df.reserve(kept.size());
  tf.reserve(kept.size());
  for (const TermId id : kept) {
    df.push_back(stats.document_frequency[static_cast<std::size_t>(id)]);
    tf.push_back(stats.term_frequency[static_cast<std::size_t>(id)]);
  }
  publish(build_model(options_, stats.vocabulary.select(kept), std::move(df), tf, stats.documents));
  pending_vocabulary_ = Vocabulary{};
  pending_df_.clear();
  pending_tf_.clear();
  pending_documents_ = 0;
  return *this;
}

CsrMatrix Vectorizer::fit_transform(std::span<const std::string_view> documents) {
  return fit_transform(ViewSource(documents));
}

CsrMatrix Vectorizer::fit_transform(const DocumentSource& documents) {
  const std::lock_guard<std::mutex> lock(sync_->update);
  Counts counts = count_and_prune(analyzer_, documents, options_.prune, options_.n_threads);
  Model model = build_model(options_, std::move(counts.vocabulary), std::move(counts.document_frequency),
                            counts.term_frequency, counts.documents());
  apply_weights(counts.matrix, model.idf, model.weighting, model.average_length, options_.n_threads);
  publish(std::move(model));
  pending_vocabulary_ = Vocabulary{};
  pending_df_.clear();
  pending_tf_.clear();
  pending_documents_ = 0;
  return std::move(counts.matrix);
}

Vectorizer& Vectorizer::partial_fit(std::span<const std::string_view> documents) {
  return partial_fit(ViewSource(documents));
}

Vectorizer& Vectorizer::partial_fit(const DocumentSource& documents) {
  const std::lock_guard<std::mutex> lock(sync_->update);
  auto stats = detail::count_statistics(analyzer_, documents, options_.n_threads);
  // Batch terms enter in their id order (first occurrence), so the accumulated ids are those of a
  // count over the concatenated batches.
  for (std::size_t local = 0; local < stats.vocabulary.size(); ++local) {
    const auto id = static_cast<TermId>(local);
    const auto global = static_cast<std::size_t>(
        pending_vocabulary_.add(stats.vocabulary.term_unchecked(id), stats.vocabulary.tag(id)));
    if (global == pending_df_.size()) {
      pending_df_.push_back(0);
      pending_tf_.push_back(0);
    }
    pending_df_[global] += stats.document_frequency[local];
    pending_tf_[global] += stats.term_frequency[local];
  }
  pending_documents_ += stats.documents;
  return *this;
}

Vectorizer& Vectorizer::finalize() {
  const std::lock_guard<std::mutex> lock(sync_->update);
  const auto kept =
      detail::select_terms(pending_vocabulary_, pending_df_, pending_tf_, pending_documents_, options_.prune);
  std::vector<std::int64_t> df;
  std::vector<std::int64_t> tf;
  df.reserve(kept.size());
  tf.reserve(kept.size());
  for (const TermId id : kept) {
    df.push_back(pending_df_[static_cast<std::size_t>(id)]);
    tf.push_back(pending_tf_[static_cast<std::size_t>(id)]);
  }
  publish(build_model(options_, pending_vocabulary_.select(kept), std::move(df), tf, pending_documents_));
  return *this;
}

CsrMatrix Vectorizer::transform(std::span<const std::string_view> documents) const {
  return transform(ViewSource(documents));
}

CsrMatrix Vectorizer::transform(const DocumentSource& documents) const {
  const auto model = model_snapshot();  // one model for the whole call, even if refitted meanwhile
  CsrMatrix matrix = count_with_vocabulary(analyzer_, model->vocabulary, documents, options_.n_threads);
  apply_weights(matrix, model->idf, model->weighting, model->average_length, options_.n_threads);
  return matrix;
}

CsrMatrix Vectorizer::count(std::span<const std::string_view> documents) const {
  return count(ViewSource(documents));
}

CsrMatrix Vectorizer::count(const DocumentSource& documents) const {
  const auto model = model_snapshot();
  return count_with_vocabulary(analyzer_, model->vocabulary, documents, options_.n_threads);
}

}  // namespace treatytext
