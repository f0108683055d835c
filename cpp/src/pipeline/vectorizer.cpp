#include "treatytext/vectorizer.hpp"

#include <cmath>
#include <numeric>
#include <string>
#include <utility>

#include "count/internal.hpp"
#include "treatytext/error.hpp"
#include "treatytext/parallel.hpp"

namespace treatytext {

namespace {

// The model of a fit from the kept terms' statistics. average_length is the mean row sum of the
// pruned counts, i.e. the kept terms' corpus frequencies over the documents.
Model make_model(const VectorizerOptions& options, Vocabulary vocabulary, std::vector<std::int64_t> df,
                 std::span<const std::int64_t> tf, std::int64_t documents) {
  Model model;
  model.analyzer = options.analyzer;
  model.prune = options.prune;
  model.weighting = options.weighting;
  model.idf = inverse_document_frequency(df, documents, options.weighting);
  // Every scheme is finite for 1 <= df <= documents, which counting guarantees and
  // PartialCounts::validate checks; this keeps any weight that is not out of a model.
  for (std::size_t i = 0; i < model.idf.size(); ++i)
    if (!std::isfinite(model.idf[i]))
      throw invalid_argument("fit: the idf of term '" +
                             std::string(vocabulary.term_unchecked(static_cast<TermId>(i))) +
                             "' (document frequency " + std::to_string(df[i]) + " of " +
                             std::to_string(documents) + " documents) is not finite");
  model.vocabulary = std::move(vocabulary);
  model.document_frequency = std::move(df);
  model.documents = documents;
  const double total = static_cast<double>(std::accumulate(tf.begin(), tf.end(), std::int64_t{0}));
  model.average_length = documents > 0 ? total / static_cast<double>(documents) : 0.0;
  return model;
}

// The model of unpruned counts: pruned once here.
Model build_model(const VectorizerOptions& options, const PartialCounts& counts) {
  const auto kept = select_terms(counts, options.prune);
  std::vector<std::int64_t> df;
  std::vector<std::int64_t> tf;
  df.reserve(kept.size());
  tf.reserve(kept.size());
  for (const TermId id : kept) {
    df.push_back(counts.document_frequency[static_cast<std::size_t>(id)]);
    tf.push_back(counts.term_frequency[static_cast<std::size_t>(id)]);
  }
  return make_model(options, counts.vocabulary.select(kept), std::move(df), tf, counts.documents);
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
  return pending_.documents;
}

Vectorizer& Vectorizer::fit(std::span<const std::string_view> documents) {
  return fit(ViewSource(documents));
}

Vectorizer& Vectorizer::fit(const DocumentSource& documents) {
  const std::lock_guard<std::mutex> lock(sync_->update);
  // Only the statistics are needed, so the matrix is never built.
  publish(build_model(options_, count_partial(analyzer_, documents, options_.n_threads)));
  pending_ = PartialCounts{};
  return *this;
}

PartialCounts Vectorizer::partial_counts(std::span<const std::string_view> documents) const {
  return partial_counts(ViewSource(documents));
}

PartialCounts Vectorizer::partial_counts(const DocumentSource& documents) const {
  return count_partial(analyzer_, documents, options_.n_threads);
}

Vectorizer& Vectorizer::fit_partial_counts(const PartialCounts& counts) {
  counts.validate();
  const std::lock_guard<std::mutex> lock(sync_->update);
  publish(build_model(options_, counts));
  pending_ = PartialCounts{};
  return *this;
}

CsrMatrix Vectorizer::fit_transform(std::span<const std::string_view> documents) {
  return fit_transform(ViewSource(documents));
}

CsrMatrix Vectorizer::fit_transform(const DocumentSource& documents) {
  const std::lock_guard<std::mutex> lock(sync_->update);
  Counts counts = count_and_prune(analyzer_, documents, options_.prune, options_.n_threads);
  Model model = make_model(options_, std::move(counts.vocabulary), std::move(counts.document_frequency),
                           counts.term_frequency, counts.documents());
  apply_weights(counts.matrix, model.idf, model.weighting, model.average_length, options_.n_threads);
  publish(std::move(model));
  pending_ = PartialCounts{};
  return std::move(counts.matrix);
}

Vectorizer& Vectorizer::partial_fit(std::span<const std::string_view> documents) {
  return partial_fit(ViewSource(documents));
}

Vectorizer& Vectorizer::partial_fit(const DocumentSource& documents) {
  const std::lock_guard<std::mutex> lock(sync_->update);
  // Batches merge in order, so the accumulated ids are those of a count over their concatenation.
  pending_ =
      merge_partial_counts(std::move(pending_), count_partial(analyzer_, documents, options_.n_threads));
  return *this;
}

Vectorizer& Vectorizer::finalize() {
  const std::lock_guard<std::mutex> lock(sync_->update);
  publish(build_model(options_, pending_));
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

PartitionCounts Vectorizer::count_partition(const DocumentSource& documents) const {
  return treatytext::count_partition(analyzer_, documents, options_.n_threads);
}

CsrMatrix Vectorizer::transform_partition(const PartitionCounts& counts) const {
  const auto model = model_snapshot();
  CsrMatrix matrix = partition_matrix(counts, model->vocabulary);
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
