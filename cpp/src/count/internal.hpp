// Internal pieces of the count stage shared by count*.cpp, vectorizer.cpp and the tests: the
// per-thread chunk buffers and the routine that writes them into the final CSR matrix.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "treatytext/count.hpp"
#include "treatytext/parallel.hpp"
#include "treatytext/terms.hpp"
#include "treatytext/vocabulary.hpp"
#include "util/radix_sort.hpp"

namespace treatytext::detail {

/// What one thread counted over a contiguous run of documents: a compact CSR-like buffer of
/// (local id, count) pairs, 8 bytes per non-zero (12 when wide), plus per-id df and tf. When counting against
/// a fixed vocabulary the ids are already global and `vocabulary` stays empty.
struct ChunkCounts {
  Vocabulary vocabulary;
  std::vector<std::int64_t> row_ends;  ///< per row: end of its entries in ids/counts
  std::vector<TermId> ids;
  std::vector<std::uint32_t> counts;
  /// With `wide`, the counts as the matrix's values instead of `counts`: a lone run's buffers
  /// become the matrix itself, with no conversion pass and no second allocation.
  std::vector<double> values;
  bool wide = false;
  std::vector<std::int64_t> document_frequency;  ///< per local id
  std::vector<std::int64_t> term_frequency;      ///< per local id
  bool rows_sorted = false;                      ///< each row already ascends by local id
  /// Runs that one thread counts one after another may share one vocabulary (the scikit-learn
  /// face's runs, several per thread), so that a term met in several of them is added and
  /// merged once: `shared` is then the index of the chunk holding it (the thread's first run,
  /// possibly this one), which also holds the df and tf of all those runs, and this run's ids
  /// are that vocabulary's; the terms this run added to it are ids [shared_begin, shared_end).
  /// -1: the chunk's vocabulary is its own.
  std::int64_t shared = -1;
  TermId shared_begin = 0;
  TermId shared_end = 0;

  [[nodiscard]] std::int64_t rows() const noexcept { return static_cast<std::int64_t>(row_ends.size()); }
  [[nodiscard]] std::int64_t nnz() const noexcept { return static_cast<std::int64_t>(ids.size()); }
};

/// Puts the distinct keys of one row (a subset of [0, universe)) in ascending order, row after
/// row. Keys are marked in a two-level bitmap as they are met (one bit per key, one summary bit
/// per 64-bit word) and read back in order by scanning the summary words between the smallest
/// and the largest key: a few operations per key and no mispredicted comparisons, where sorting
/// a row cost about 30 cycles per entry (rows hold tens to hundreds of entries). Rows spread too
/// thinly over a large universe for that scan are radix-sorted instead. The bitmap is left clear
/// after each row, so it is never reset as a whole.
class KeyOrder {
 public:
  /// Makes room for keys below `universe` (grows only).
  void reserve(std::size_t universe) {
    const std::size_t words = universe / 64 + 1;
    if (words_.size() < words) words_.resize(std::max(words, 2 * words_.size()), 0);
    if (summary_.size() < words_.size() / 64 + 1) summary_.resize(words_.size() / 64 + 1, 0);
  }
  /// Marks a key of the current row (below the reserved universe; each key at most once a row).
  void mark(std::uint32_t key) noexcept {
    const std::size_t word = key >> 6;
    words_[word] |= std::uint64_t{1} << (key & 63);
    summary_[word >> 6] |= std::uint64_t{1} << (word & 63);
    low_ = std::min(low_, word >> 6);
    high_ = std::max(high_, word >> 6);
  }
  /// Calls emit(key) for the marked keys in ascending order and clears the marks. `keys` lists
  /// the marked keys in any order (it may be reordered).
  template <typename Emit>
  void drain(std::vector<std::uint32_t>& keys, Emit&& emit) {
    if (keys.empty()) return;
    if (high_ - low_ < 2 * keys.size() + 8) {
      for (std::size_t s = low_; s <= high_; ++s) {
        std::uint64_t summary = summary_[s];
        summary_[s] = 0;
        while (summary != 0) {
          const std::size_t word = s * 64 + static_cast<std::size_t>(std::countr_zero(summary));
          summary &= summary - 1;
          std::uint64_t bits = words_[word];
          words_[word] = 0;
          while (bits != 0) {
            emit(static_cast<std::uint32_t>(word * 64 + static_cast<std::size_t>(std::countr_zero(bits))));
            bits &= bits - 1;
          }
        }
      }
    } else {
      std::uint32_t max_key = 0;
      for (const std::uint32_t key : keys) {
        words_[key >> 6] = 0;
        summary_[key >> 12] = 0;
        max_key = std::max(max_key, key);
      }
      util::radix_sort_by_key(
          keys, scratch_, [](std::uint32_t key) { return key; }, max_key);
      for (const std::uint32_t key : keys) emit(key);
    }
    low_ = std::numeric_limits<std::size_t>::max();
    high_ = 0;
  }

 private:
  std::vector<std::uint64_t> words_;
  std::vector<std::uint64_t> summary_;
  std::vector<std::uint32_t> scratch_;
  std::size_t low_ = std::numeric_limits<std::size_t>::max();
  std::size_t high_ = 0;
};

/// Boundaries of at most `parts` contiguous runs of documents of about equal size (weight + 16
/// bytes each, so that runs of empty documents still spread over threads); see
/// balanced_boundaries. No documents give {0}.
std::vector<std::size_t> document_runs(const DocumentSource& documents, int parts);

/// Counts documents on n_threads threads, one contiguous run of documents (balanced by weight)
/// per thread, each into its own chunk. Without keep_rows only vocabulary, df and tf are kept.
/// With sort_first_run the first run's rows are sorted as they are counted: its local ids are
/// also the ids of the merged vocabulary (runs are merged in order).
std::vector<ChunkCounts> count_runs(const TermProducer& producer, const DocumentSource& documents,
                                    int n_threads, bool keep_rows, bool sort_first_run);

/// Remaps the columns of each row of `chunk` through `map` (empty = identity; entries mapped to
/// kNoTerm are dropped) and sorts each row by column, in place in the chunk's buffers. Nothing
/// to do for an identity map over rows already sorted.
void sort_chunk_rows(ChunkCounts& chunk, std::span<const TermId> map);

/// Writes a chunk's row ends and values into the final matrix: `indptr_out[r]` receives
/// base_nnz + the end of row r and `data_out` (the final values at position base_nnz) the counts.
/// Offsets are computed in 64 bits, so base_nnz may exceed 2^31.
void write_counts(const ChunkCounts& chunk, std::int64_t base_nnz, std::int64_t* indptr_out,
                  double* data_out);

/// Assembles chunks counted in document order into Counts: merges the local vocabularies in
/// chunk order (reproducing the ids of a sequential count), sums df and tf, and writes the
/// matrix in parallel. With prune options the kept columns are chosen first and the matrix is
/// written pruned, in its final column order. Chunk buffers are released as they are consumed.
Counts assemble(std::vector<ChunkCounts>& chunks, const PruneOptions* prune_options);

/// Appends the terms of `vocabulary` (with their df and tf) to `into` and its frequencies, in
/// id order: a known term adds to its frequencies, a new one gets the next id. Returns the
/// new id of each appended term. The one merge step of counts, chunks and partial counts.
std::vector<TermId> append_terms(Vocabulary& into, std::vector<std::int64_t>& into_df,
                                 std::vector<std::int64_t>& into_tf, const Vocabulary& vocabulary,
                                 std::span<const std::int64_t> df, std::span<const std::int64_t> tf);

/// append_terms for the terms [first, last) of `vocabulary`: map[local] receives the new id of
/// each (map covers the whole vocabulary; entries outside the range are left as they are).
void append_term_range(Vocabulary& into, std::vector<std::int64_t>& into_df,
                       std::vector<std::int64_t>& into_tf, const Vocabulary& vocabulary,
                       std::span<const std::int64_t> df, std::span<const std::int64_t> tf, std::size_t first,
                       std::size_t last, std::span<TermId> map);

/// Merges the chunks' vocabularies, df and tf into result (chunks in document order, so ids are
/// those of a sequential count); returns the local -> global id map of each chunk (empty: the
/// identity; chunks sharing a vocabulary get equal maps). The chunks' vocabularies are released.
std::vector<std::vector<TermId>> merge_vocabularies(std::vector<ChunkCounts>& chunks, Counts& result);

/// The PartialCounts of chunks counted in document order over `documents` documents (their
/// vocabularies merged; rows, if any, ignored): count_partial() of any way of counting them.
PartialCounts assemble_partial(std::vector<ChunkCounts>& chunks, std::size_t documents);

/// The PartitionCounts of chunks counted in document order with their rows: count_partition()
/// of any way of counting them. Each chunk's buffers are freed once copied.
PartitionCounts assemble_partition(std::vector<ChunkCounts>& chunks, std::size_t documents);

/// Assembles chunks whose ids are already global into a matrix with `columns` columns.
CsrMatrix assemble_matrix(std::vector<ChunkCounts>& chunks, std::int64_t columns);

/// The ids kept by pruning (see prune()), in their new column order. Shared by prune() and the
/// streaming fit, which prunes a vocabulary without a matrix.
std::vector<TermId> select_terms(const Vocabulary& vocabulary,
                                 std::span<const std::int64_t> document_frequency,
                                 std::span<const std::int64_t> term_frequency, std::int64_t documents,
                                 const PruneOptions& options);

/// Sorts each row of matrix rows [begin, end) by column (data follows its column).
void sort_rows(CsrMatrix& matrix, std::int64_t begin, std::int64_t end);
/// Sorts the entries [first, last) of matrix (one row's) by column; `row` is scratch.
void sort_entries(CsrMatrix& matrix, std::size_t first, std::size_t last,
                  std::vector<std::pair<std::int32_t, double>>& row);

}  // namespace treatytext::detail
