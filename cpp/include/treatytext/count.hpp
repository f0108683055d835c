// Stage 3 — count: terms -> vocabulary and a document-term count matrix (CSR), document and
// corpus frequencies; merging of partial counts; pruning by df and max_features.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/csr.hpp"
#include "treatytext/terms.hpp"
#include "treatytext/vocabulary.hpp"

namespace treatytext {

/// Counts of a batch of documents. Columns are vocabulary ids; within a row columns ascend.
struct Counts {
  Vocabulary vocabulary;
  CsrMatrix matrix;                              ///< documents x terms, raw counts
  std::vector<std::int64_t> document_frequency;  ///< per term: documents containing it
  std::vector<std::int64_t> term_frequency;      ///< per term: occurrences in the whole batch

  [[nodiscard]] std::int64_t documents() const noexcept { return matrix.rows; }
};

/// Counts documents with a term producer, on n_threads threads. The result (vocabulary ids
/// included) is identical for every thread count: ids are assigned in order of first
/// occurrence in document order.
Counts count(const TermProducer& producer, std::span<const std::string_view> documents, int n_threads = 1);

/// Counts pre-tokenized documents (terms produced elsewhere, e.g. by a Python callable).
Counts count_terms(std::span<const std::vector<std::string>> documents);

/// Counts documents against a fixed vocabulary; unknown terms are ignored.
CsrMatrix count_with_vocabulary(const TermProducer& producer, const Vocabulary& vocabulary,
                                std::span<const std::string_view> documents, int n_threads = 1);

/// Counts of the union: rows of `second` follow rows of `first`; vocabularies are united
/// (ids of `first` kept, new terms of `second` appended in their id order).
Counts merge(Counts first, const Counts& second);

/// A document-frequency bound: an absolute count, or a proportion of documents in [0, 1].
struct DfBound {
  bool proportion = true;
  double value = 1.0;
  [[nodiscard]] std::int64_t resolve(std::int64_t documents) const;  ///< as an absolute count
};

struct PruneOptions {
  DfBound min_df{false, 1.0};
  DfBound max_df{true, 1.0};
  std::int64_t max_features = -1;  ///< keep the most frequent terms (ties: lower term first), -1 = all
  bool sort_terms = true;          ///< reorder the kept columns alphabetically
};

/// Keeps the terms whose df lies in [min_df, max_df] and at most max_features of them (by
/// corpus frequency), then optionally sorts columns by term. Throws invalid_argument when
/// max_df < min_df, and when no term is left ("empty vocabulary after pruning: ...").
Counts prune(const Counts& counts, const PruneOptions& options);

/// Column sums (corpus term frequencies) and row sums (document lengths) of a count matrix.
std::vector<double> column_sums(const CsrMatrix& matrix);
std::vector<double> row_sums(const CsrMatrix& matrix);

/// The n most frequent (term id, count) pairs of one row, or of the corpus if row < 0;
/// ties broken by the lower term id.
std::vector<std::pair<TermId, double>> top_terms(const CsrMatrix& matrix, std::int64_t row, std::size_t n);

}  // namespace treatytext
