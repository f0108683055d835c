// Internal: per-thread rows of (id, count) and the writer that turns them into a scikit-learn
// CSR matrix (columns ascending per row, values counted or tf-idf weighted and normalized).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "treatytext/sklearn_analyzer.hpp"

namespace treatytext::sk {

/// Rows counted by one thread: entries (id, count) of row r are [row_ends[r-1], row_ends[r]).
struct Rows {
  std::vector<std::int32_t> ids;
  std::vector<std::uint32_t> counts;
  std::vector<std::int64_t> row_ends;

  /// Room for the entries of documents [begin, end), estimated from their size (prose has
  /// about one distinct term per 15 bytes), so that the buffers rarely move while counting.
  void reserve_for(const DocumentSource& documents, std::size_t begin, std::size_t end) {
    std::size_t bytes = 0;
    for (std::size_t i = begin; i < end; ++i) bytes += documents.weight(i);
    row_ends.reserve(end - begin);
    ids.reserve(bytes / 15);
    counts.reserve(bytes / 15);
  }
};

/// Boundaries of contiguous runs of documents of about equal weight for `threads` threads: one
/// run for one thread, else up to four per thread (fewer for small inputs, where threads cost
/// more than they save). First 0, last size().
std::vector<std::size_t> balanced_runs(const DocumentSource& documents, int threads);

/// Writes the rows of all chunks (in order) as one matrix. (*maps[c])[id] is the column of id
/// in chunk c (-1 drops it); no maps means ids are columns. Chunks are written in parallel.
/// With release, each chunk is emptied (its memory freed) once its rows are written.
SklearnMatrix write_matrix(const std::vector<Rows*>& chunks,
                           const std::vector<const std::vector<std::int32_t>*>& maps, std::int64_t columns,
                           const SklearnOutput& output, int n_threads, bool release);

}  // namespace treatytext::sk
