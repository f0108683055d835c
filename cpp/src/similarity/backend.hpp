// Internal to the similarity stage: the one interface of the pruned search's two backends.
//
// The pruned search bounds the common terms' part of every score and accumulates the rare
// terms' part exactly (accumulate_rare, search.hpp); the rows whose bound reaches a cut are
// scored exactly. A backend is what computes the bounds and searches a query with them:
//  - projection (pruned/projection_backend.cpp, portable): the common part bounded through a
//    projection on its principal directions, groups of rows skipped whole (pruned/bound.hpp,
//    pruned/scan.hpp; AVX2 / AVX-512 kernels with a scalar baseline);
//  - tiles (amx/tile_backend.cpp, CPUs with AMX tiles): the common part rounded to bytes and
//    multiplied for a block of queries and all of Y at once (amx/tile_kernel.hpp).
// Both return every query's exact top k (or decline it, for the exhaustive search), so the
// result never depends on the backend. The driver (topk.cpp) hands each worker blocks of query
// positions; it knows nothing of either backend beyond this interface.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "similarity/pruned/bound.hpp"
#include "similarity/search.hpp"

namespace treatytext::detail::topk {

/// One worker's buffers of a backend.
struct BackendScratch {
  virtual ~BackendScratch() = default;
};

class PrunedBackend {
 public:
  virtual ~PrunedBackend() = default;
  /// How many query positions are searched, and the row of X at each: every row in order, or
  /// (tiles) only the first of each set of identical rows.
  [[nodiscard]] virtual std::int64_t positions() const = 0;
  [[nodiscard]] virtual std::int64_t row(std::int64_t position) const = 0;
  /// Query positions per work item (a worker's block).
  [[nodiscard]] virtual std::int64_t block() const = 0;
  /// A worker's buffers, made on its first block, in its own thread.
  [[nodiscard]] virtual std::unique_ptr<BackendScratch> scratch() const = 0;
  /// Before one worker searches the positions [first, end) of one block.
  virtual void begin_block(std::int64_t first, std::int64_t end, BackendScratch& scratch) const = 0;
  /// Searches the query at `position` (of the current block) into out_idx / out_score (k each).
  /// Returns false, with the buffers clean, when the query needs the exhaustive search: its cut
  /// is not positive (every row, zero scores included, might be needed) or too many rows reach it.
  virtual bool query(const Search& s, std::int64_t position, Scratch& w, BackendScratch& scratch,
                     std::int64_t* out_idx, double* out_score) const = 0;
};

/// The projection backend: the common set of `plan`, its basis built on Y (build_common_basis).
std::unique_ptr<PrunedBackend> projection_backend(const UnitRows& x, const UnitRows& y,
                                                  const std::vector<std::int64_t>& df_y,
                                                  const CommonPlan& plan, const PruneTuning& tuning,
                                                  int n_threads);

/// Whether the tile backend runs on this CPU and system (amx/tile_kernel.hpp: tiles_usable).
bool tile_backend_usable();

/// The tile backend. Only the first of each set of identical rows of X (first_same[i] == i) is
/// searched, hence rounded to bytes. Only call when tile_backend_usable().
std::unique_ptr<PrunedBackend> tile_backend(const UnitRows& x, const UnitRows& y,
                                            const std::vector<std::int64_t>& df_y, bool self_join,
                                            const std::vector<std::int32_t>& first_same, int n_threads);

}  // namespace treatytext::detail::topk
