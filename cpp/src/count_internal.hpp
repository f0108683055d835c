// Internal pieces of the count stage shared by count.cpp, count_prune.cpp and the tests: the
// per-thread chunk buffers and the routine that writes them into the final CSR matrix.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "treatytext/count.hpp"
#include "treatytext/terms.hpp"
#include "treatytext/vocabulary.hpp"

namespace treatytext::detail {

/// What one thread counted over a contiguous run of documents: a compact CSR-like buffer of
/// (local id, count) pairs, 8 bytes per non-zero, plus per-id df and tf. When counting against a
/// fixed vocabulary the ids are already global and `vocabulary` stays empty.
struct ChunkCounts {
  Vocabulary vocabulary;
  std::vector<std::int64_t> row_ends;  ///< per row: end of its entries in ids/counts
  std::vector<TermId> ids;
  std::vector<std::uint32_t> counts;
  std::vector<std::int64_t> document_frequency;  ///< per local id
  std::vector<std::int64_t> term_frequency;      ///< per local id

  [[nodiscard]] std::int64_t rows() const noexcept { return static_cast<std::int64_t>(row_ends.size()); }
  [[nodiscard]] std::int64_t nnz() const noexcept { return static_cast<std::int64_t>(ids.size()); }
};

/// Sorts items by key(item), a uint32 no greater than max_key. Rows of a document-term matrix
/// hold tens to hundreds of entries with random keys, where comparison sorts mispredict about
/// every other branch; from 64 items on, a least-significant-digit radix sort on 8-bit digits
/// (as many passes as max_key has bytes) is several times faster. Stable; scratch is reused.
template <typename T, typename KeyOf>
void sort_by_key(std::vector<T>& items, std::vector<T>& scratch, KeyOf&& key, std::uint32_t max_key) {
  const std::size_t n = items.size();
  if (n < 64) {
    std::sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
    return;
  }
  scratch.resize(n);
  for (unsigned shift = 0; shift < 32 && (max_key >> shift) != 0; shift += 8) {
    std::array<std::uint32_t, 257> start{};
    for (const T& item : items) ++start[((key(item) >> shift) & 0xFF) + 1];
    for (std::size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
    for (const T& item : items) scratch[start[(key(item) >> shift) & 0xFF]++] = item;
    items.swap(scratch);
  }
}

/// Splits items [0, weights.size()) into at most `parts` contiguous runs of about equal total
/// weight; returns the run boundaries (first = 0, last = size). Never returns an empty run.
std::vector<std::size_t> balanced_boundaries(std::span<const std::size_t> weights, int parts);

/// Remaps the columns of each row of `chunk` through `map` (nullptr = identity; entries mapped
/// to kNoTerm are dropped) and sorts each row by column, in place in the chunk's buffers.
void sort_chunk_rows(ChunkCounts& chunk, const TermId* map);

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

/// Vocabulary, df and tf of a batch without its matrix (the streaming fit's first pass).
struct Statistics {
  Vocabulary vocabulary;
  std::vector<std::int64_t> document_frequency;
  std::vector<std::int64_t> term_frequency;
  std::int64_t documents = 0;
};

/// As count(), keeping only the statistics: same ids, no matrix, no per-row buffers.
Statistics count_statistics(const TermProducer& producer, std::span<const std::string_view> documents,
                            int n_threads);

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

}  // namespace treatytext::detail
