// Stage 3 — count: terms -> vocabulary and a document-term count matrix (CSR), document and
// corpus frequencies; merging of partial counts; pruning by df and max_features.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
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

  /// Number of documents counted (rows of the matrix).
  [[nodiscard]] std::int64_t documents() const noexcept { return matrix.rows; }
  /// Throws invalid_argument when the parts disagree (matrix width vs vocabulary size, lengths
  /// of the frequency vectors, a malformed matrix).
  void validate() const;
};

/// Counts documents with a term producer, on n_threads threads (resolve_threads convention).
///
/// The result (vocabulary ids included) is identical for every thread count: ids are assigned in
/// order of first occurrence in document order. Each thread counts a contiguous run of
/// documents (balanced by bytes) into its own vocabulary and a compact buffer (4-byte local id,
/// 4-byte count per non-zero); the vocabularies are then merged in run order, which reproduces
/// the sequential ids, and the runs are remapped into one CSR matrix in parallel. Peak memory is
/// therefore about the final matrix (12 bytes per non-zero) plus 8 bytes per non-zero of buffers;
/// on one thread the run counts straight into the matrix's arrays (rows put in column order as
/// they are finished), so the peak is about the matrix itself. Documents must be valid UTF-8 (see
/// validate_utf8).
Counts count(const TermProducer& producer, std::span<const std::string_view> documents, int n_threads = 1);
/// As count(), reading the documents on demand (each thread converts the ones it counts, into
/// a buffer it reuses), so that no converted copy of the whole batch is held.
Counts count(const TermProducer& producer, const DocumentSource& documents, int n_threads = 1);

/// Counts pre-tokenized documents (terms produced elsewhere, e.g. by a Python callable), with the
/// same ids and threading guarantees as count().
Counts count_terms(std::span<const std::vector<std::string>> documents, int n_threads = 1);

/// Counts documents against a fixed vocabulary; unknown terms are ignored. Columns are the
/// vocabulary's ids; the result is identical for every thread count.
CsrMatrix count_with_vocabulary(const TermProducer& producer, const Vocabulary& vocabulary,
                                std::span<const std::string_view> documents, int n_threads = 1);
CsrMatrix count_with_vocabulary(const TermProducer& producer, const Vocabulary& vocabulary,
                                const DocumentSource& documents, int n_threads = 1);

/// Counts of the union: rows of `second` follow rows of `first`; vocabularies are united
/// (ids of `first` kept, new terms of `second` appended in their id order); document and term
/// frequencies add up. merge(count(A), count(B)) == count(A + B).
Counts merge(Counts first, const Counts& second);

/// Merges batches in order, as repeated merge() but in time linear in the total size (each
/// batch is validated and appended once). No batches give empty Counts.
Counts merge_all(std::vector<Counts> batches);

/// What a fit needs from one partition of a corpus, without its matrix: the terms in order of
/// first occurrence, their document and corpus frequencies and the number of documents. A fit
/// can then run as count_partial(partition) for each partition (anywhere, e.g. on Dask workers,
/// shipped back with to_bytes()), merge_partial_counts() in partition order (associative, so a
/// tree of merges gives the same result as one merge), and pruning and ordering once, globally,
/// on the merged counts (Vectorizer::fit_partial_counts, or the scikit-learn face); merged
/// partials of any split of the documents equal the partial counts of the whole.
struct PartialCounts {
  Vocabulary vocabulary;                         ///< ids in order of first occurrence
  std::vector<std::int64_t> document_frequency;  ///< per term: documents containing it
  std::vector<std::int64_t> term_frequency;      ///< per term: occurrences in the documents
  std::int64_t documents = 0;

  /// The sum of the documents' lengths (terms counted), i.e. of term_frequency: what BM25's
  /// average length is made of (the fitted model sums the kept terms only).
  [[nodiscard]] std::int64_t total_length() const noexcept;
  /// Throws invalid_argument when the parts disagree (vector lengths, a df outside
  /// [1, documents], a df above its tf).
  void validate() const;
  /// One compact byte buffer (a tag, documents, the vocabulary's bytes, varint df and tf) and
  /// back; from_bytes() validates and throws format_error naming the byte offset of a problem.
  [[nodiscard]] std::string to_bytes() const;
  [[nodiscard]] static PartialCounts from_bytes(std::string_view bytes);
};

/// The partial counts of documents: the statistics of count(producer, documents, n_threads),
/// same ids, identical for every thread count, but no matrix is ever built.
PartialCounts count_partial(const TermProducer& producer, const DocumentSource& documents, int n_threads = 1);
PartialCounts count_partial(const TermProducer& producer, std::span<const std::string_view> documents,
                            int n_threads = 1);
/// Adds one document given as its terms (e.g. from a Python callable) after those counted.
void add_document(PartialCounts& counts, std::span<const std::string_view> terms);

/// The partial counts of `first`'s documents followed by `second`'s: ids of `first` kept, new
/// terms of `second` appended in its id order, frequencies and documents summed.
PartialCounts merge_partial_counts(PartialCounts first, const PartialCounts& second);
/// Merges partitions in order (none give empty counts), each validated and appended once.
PartialCounts merge_partial_counts(std::vector<PartialCounts> parts);

/// One partition counted once for a partitioned fit_transform: its partial counts (what the
/// global fit needs) and its rows against the partition's own term ids (those of
/// statistics.vocabulary), 8 bytes per non-zero (a 4-byte id and a 4-byte count) plus 8 per
/// document. After the global fit, partition_matrix() remaps the rows to the fitted columns (no
/// second analysis of the text); the result equals count_with_vocabulary() on the documents.
struct PartitionCounts {
  PartialCounts statistics;
  std::vector<std::int64_t> row_ends;  ///< per document: end of its entries in ids / counts
  std::vector<TermId> ids;             ///< statistics.vocabulary ids (unordered within a row)
  std::vector<std::uint32_t> counts;   ///< occurrences of ids[p] in its document (>= 1)

  [[nodiscard]] std::int64_t nnz() const noexcept { return static_cast<std::int64_t>(ids.size()); }
  /// Bytes held (vocabulary, frequencies, rows).
  [[nodiscard]] std::size_t memory_bytes() const noexcept;
  /// Throws invalid_argument when the parts disagree (rows vs statistics.documents, row ends not
  /// ascending to nnz, an id outside the vocabulary, a zero count).
  void validate() const;
  /// One byte buffer (a tag, the statistics' bytes, then the rows as raw little-endian arrays,
  /// so that shipping a partition between workers costs a copy, not an encoding) and back;
  /// from_bytes() validates and throws format_error naming the problem.
  [[nodiscard]] std::string to_bytes() const;
  [[nodiscard]] static PartitionCounts from_bytes(std::string_view bytes);
};

/// The partition counts of documents: statistics equal to count_partial(), rows equal to the
/// rows of count() (same ids), identical for every thread count.
PartitionCounts count_partition(const TermProducer& producer, const DocumentSource& documents,
                                int n_threads = 1);

/// The column of each of the partition's terms in `columns` (kNoTerm when absent): one lookup
/// per distinct term of the partition.
std::vector<TermId> partition_columns(const PartitionCounts& counts, const Vocabulary& columns);

/// The partition's count matrix against the fitted columns: ids remapped through
/// partition_columns() (absent terms dropped), each row sorted by column (the shared row
/// sort). Equals count_with_vocabulary(producer, columns, documents) on the partition's
/// documents, bit for bit. Memory: the result plus one copy of the rows (8 bytes per non-zero).
CsrMatrix partition_matrix(const PartitionCounts& counts, const Vocabulary& columns);

/// A document-frequency bound with scikit-learn's meaning: an absolute number of documents, or
/// a proportion of the documents in [0, 1].
struct DfBound {
  bool proportion = true;
  double value = 1.0;
  /// The bound as a number of documents: value, or value x documents for a proportion (not
  /// rounded, as scikit-learn compares df with the product itself).
  [[nodiscard]] double resolve(std::int64_t documents) const;
  /// Throws invalid_argument naming `name` when a proportion lies outside [0, 1] or an absolute
  /// bound is negative or not a whole number.
  void validate(const char* name) const;
};

struct PruneOptions {
  DfBound min_df{false, 1.0};
  DfBound max_df{true, 1.0};
  std::int64_t max_features = -1;  ///< keep the most frequent terms (ties: lower term first), -1 = all
  bool sort_terms = true;          ///< reorder the kept columns by term (byte = code point order)

  /// Throws invalid_argument for a bound out of range or max_features that is 0 or below -1.
  void validate() const;
};

/// Keeps the terms whose df lies in [min_df, max_df] and at most max_features of them (by
/// corpus frequency, ties broken by the lower term in code point order), then optionally sorts
/// columns by term. Throws invalid_argument when max_df < min_df ("max_df corresponds to <
/// documents than min_df", as scikit-learn), when the counts hold no term at all, and when no
/// term is left ("empty vocabulary after pruning: ...").
Counts prune(const Counts& counts, const PruneOptions& options, int n_threads = 1);
/// As prune(const Counts&), reusing the storage of `counts` (no second copy of the matrix).
Counts prune(Counts&& counts, const PruneOptions& options, int n_threads = 1);

/// The ids of the terms prune() keeps, in their new column order (see prune(); throws as it
/// does), chosen from statistics alone: how the streaming and partitioned fits prune once.
std::vector<TermId> select_terms(const PartialCounts& counts, const PruneOptions& options);

/// prune(count(producer, documents, n_threads), options) in one pass: the kept columns and their
/// order are chosen from the merged statistics before the matrix is written, so the matrix is
/// written once, never remapped or compacted. Throws as prune() does.
Counts count_and_prune(const TermProducer& producer, std::span<const std::string_view> documents,
                       const PruneOptions& options, int n_threads = 1);
Counts count_and_prune(const TermProducer& producer, const DocumentSource& documents,
                       const PruneOptions& options, int n_threads = 1);

/// Column sums (corpus term frequencies) and row sums (document lengths) of a count matrix.
std::vector<double> column_sums(const CsrMatrix& matrix);
std::vector<double> row_sums(const CsrMatrix& matrix);

/// The n most frequent (term id, count) pairs of one row, or of the corpus if row < 0;
/// ties broken by the lower term id. Throws invalid_argument for a row out of range.
std::vector<std::pair<TermId, double>> top_terms(const CsrMatrix& matrix, std::int64_t row, std::size_t n);

}  // namespace treatytext
