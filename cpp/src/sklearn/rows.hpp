// Internal: the run splitting of the scikit-learn face and the writer that turns the engine's
// counted runs (ChunkCounts) into a scikit-learn CSR matrix (columns ascending per row, values counted or
// tf-idf weighted and normalized).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "count/internal.hpp"
#include "sklearn/sklearn.hpp"

namespace treatytext::sk {

/// Boundaries of contiguous runs of documents of about equal weight for `threads` threads: one
/// run for one thread, else up to four per thread (fewer for small inputs, where threads cost
/// more than they save). First 0, last size().
std::vector<std::size_t> balanced_runs(const DocumentSource& documents, int threads);

/// Writes the rows of all chunks (in order) as one matrix. (*maps[c])[id] is the column of id
/// in chunk c (-1 drops it); no maps means ids are columns. Chunks are written in parallel.
/// With release, each chunk is emptied (its memory freed) once its rows are written.
SklearnMatrix write_matrix(const std::vector<detail::ChunkCounts*>& chunks,
                           const std::vector<const std::vector<std::int32_t>*>& maps, std::int64_t columns,
                           const SklearnOutput& output, int n_threads, bool release);

}  // namespace treatytext::sk
