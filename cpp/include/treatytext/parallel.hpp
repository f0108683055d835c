// Threading used by every heavy stage: one way to split work, one meaning of n_threads.
//
// Two schedules: parallel_for gives worker w the w-th of equal contiguous chunks (deterministic,
// for uniform work); parallel_for_dynamic lets workers claim items one by one from a shared
// counter (for items of uneven cost, or on a machine where other load slows some threads).
// balanced_boundaries cuts weighted items (documents by bytes) into contiguous runs for either.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace treatytext {

/// Resolves a user's thread request: n >= 1 is taken as is, -1 means every hardware thread,
/// -2 all but one, and so on (the scikit-learn n_jobs convention). 0 or below -hardware
/// throws treatytext::invalid_argument.
int resolve_threads(int n_threads);

/// Calls body(begin, end, worker) on contiguous chunks covering [0, n), one chunk per worker,
/// on up to resolve_threads(n_threads) threads (fewer when n / min_chunk is small). Worker w
/// always gets the w-th chunk, so results merged in worker order do not depend on scheduling. The first
/// exception thrown by any chunk is rethrown in the caller after all threads have joined. With one thread the
/// body runs in the calling thread. The caller's interrupt flag (interrupt.hpp) is installed in
/// every worker, so check_interrupt() in a body stops the whole call; it is also checked once
/// before any chunk starts.
void parallel_for(std::size_t n, int n_threads,
                  const std::function<void(std::size_t begin, std::size_t end, int worker)>& body,
                  std::size_t min_chunk = 1);

/// Calls body(item, worker) for every item in [0, items) on min(resolve_threads(n_threads),
/// items) workers, each claiming the next unclaimed item when it is free: a thread slowed down
/// by other load delays only the item it holds. Worker ids are dense from 0 (size per-worker
/// scratch by that minimum), and each worker takes its items in increasing order. After the
/// first exception no new item is claimed; it is rethrown in the caller once all threads have
/// joined. With one worker the items run in order in the calling thread.
void parallel_for_dynamic(std::size_t items, int n_threads,
                          const std::function<void(std::size_t item, int worker)>& body);

/// Splits items [0, weights.size()) into at most `parts` contiguous runs of about equal total
/// weight (a run ends at the first item where the running total reaches its share); returns
/// the boundaries, first 0 and last weights.size(), without empty runs. No items give {0}.
std::vector<std::size_t> balanced_boundaries(std::span<const std::size_t> weights, int parts);

}  // namespace treatytext
