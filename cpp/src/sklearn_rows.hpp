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
};

/// Counts of the current document by id: a dense tally plus the ids it touched, so that a
/// document costs O(its terms) and nothing is allocated per token.
class Tally {
 public:
  void reserve(std::size_t ids) {
    if (n_.size() < ids) n_.resize(ids, 0);
  }
  void hit(std::int32_t id) {
    const auto i = static_cast<std::size_t>(id);
    if (i >= n_.size()) n_.resize(2 * i + 64, 0);
    if (n_[i]++ == 0) touched_.push_back(id);
  }
  template <typename Emit>
  void flush(Emit&& emit) {
    for (const auto id : touched_) {
      auto& n = n_[static_cast<std::size_t>(id)];
      emit(id, n);
      n = 0;
    }
    touched_.clear();
  }

 private:
  std::vector<std::uint32_t> n_;
  std::vector<std::int32_t> touched_;
};

/// Boundaries of at most `parts` contiguous runs of documents of about equal weight (fewer for
/// small inputs, where threads cost more than they save). First 0, last size().
std::vector<std::size_t> balanced_runs(const DocumentSource& documents, int parts);

/// Writes the rows of all chunks (in order) as one matrix. maps[c][id] is the column of id in
/// chunk c (-1 drops it); no maps means ids are columns. Chunks are written in parallel.
SklearnMatrix write_matrix(const std::vector<const Rows*>& chunks,
                           const std::vector<std::vector<std::int32_t>>& maps, std::int64_t columns,
                           const SklearnOutput& output, int n_threads);

}  // namespace treatytext::sk
