// Threading used by every heavy stage: one way to split work, one meaning of n_threads.
#pragma once

#include <cstddef>
#include <functional>

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

}  // namespace treatytext
