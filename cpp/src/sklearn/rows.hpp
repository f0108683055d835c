// Internal: the run splitting of the scikit-learn face and the writer that turns the engine's
// counted runs (ChunkCounts) into a scikit-learn CSR matrix (columns ascending per row, values counted or
// tf-idf weighted and normalized).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "count/internal.hpp"
#include "sklearn/sklearn.hpp"

namespace treatytext::sk {

/// Boundaries of contiguous runs of documents of about equal weight for `threads` threads: one
/// run for one thread, else up to four per thread (fewer for small inputs, where threads cost
/// more than they save). First 0, last size().
std::vector<std::size_t> balanced_runs(const DocumentSource& documents, int threads);

/// Rows to write, read in place: rows r of the view hold entries [start, row_ends[0]),
/// [row_ends[0], row_ends[1]), … of ids/counts (positions into the whole arrays, so a view of
/// some rows of a larger set needs no copy).
struct RowsView {
  std::span<const std::int64_t> row_ends;
  std::int64_t start = 0;
  const TermId* ids = nullptr;
  const std::uint32_t* counts = nullptr;
};

/// The rows of a partition's counts as views of about equal entries, enough for `threads`
/// threads to share the writing.
std::vector<RowsView> partition_views(const PartitionCounts& counts, int threads);

/// Writes the rows of all views (in order) as one matrix. (*maps[v])[id] is the column of id
/// in view v (-1 drops it); no maps means ids are columns. Views are written in parallel;
/// written(v), when given, is called once view v's rows are in the matrix (to free them).
SklearnMatrix write_rows(const std::vector<RowsView>& views,
                         const std::vector<const std::vector<std::int32_t>*>& maps, std::int64_t columns,
                         const SklearnOutput& output, int n_threads,
                         const std::function<void(std::size_t)>& written = {});

/// Writes the rows of all chunks (in order) as one matrix, as write_rows. (*maps[c])[id] is the column of id
/// in chunk c (-1 drops it); no maps means ids are columns. Chunks are written in parallel.
/// With release, each chunk is emptied (its memory freed) once its rows are written.
SklearnMatrix write_matrix(const std::vector<detail::ChunkCounts*>& chunks,
                           const std::vector<const std::vector<std::int32_t>*>& maps, std::int64_t columns,
                           const SklearnOutput& output, int n_threads, bool release);

}  // namespace treatytext::sk
