#include "treatytext/parallel.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "treatytext/error.hpp"
#include "treatytext/interrupt.hpp"

namespace treatytext {

int resolve_threads(int n_threads) {
  const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  if (n_threads >= 1) return n_threads;
  if (n_threads < 0 && hardware + 1 + n_threads >= 1) return hardware + 1 + n_threads;
  throw invalid_argument("n_threads = " + std::to_string(n_threads) +
                         " is invalid: use a positive count, or -1 for all " + std::to_string(hardware) +
                         " hardware threads");
}

void parallel_for(std::size_t n, int n_threads,
                  const std::function<void(std::size_t, std::size_t, int)>& body, std::size_t min_chunk) {
  if (n == 0) return;
  min_chunk = std::max<std::size_t>(1, min_chunk);
  const auto max_useful = static_cast<int>(std::min<std::size_t>((n + min_chunk - 1) / min_chunk, 1u << 16));
  const int threads = std::min(resolve_threads(n_threads), std::max(1, max_useful));
  check_interrupt();
  if (threads == 1) {
    body(0, n, 0);
    return;
  }
  // Workers work for the caller's call: its interrupt flag is theirs.
  const InterruptFlag* interrupt_flag = current_interrupt_flag();
  // Contiguous equal chunks, one per worker: deterministic and cache-friendly.
  std::vector<std::thread> workers;
  workers.reserve(static_cast<std::size_t>(threads));
  std::exception_ptr first_error;
  std::mutex error_mutex;
  const std::size_t chunk = (n + static_cast<std::size_t>(threads) - 1) / static_cast<std::size_t>(threads);
  for (int w = 0; w < threads; ++w) {
    const std::size_t begin = std::min(n, static_cast<std::size_t>(w) * chunk);
    const std::size_t end = std::min(n, begin + chunk);
    if (begin >= end) break;
    workers.emplace_back([&, begin, end, w] {
      const InterruptScope interrupt_scope(interrupt_flag);
      try {
        body(begin, end, w);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
      }
    });
  }
  for (auto& worker : workers) worker.join();
  if (first_error) std::rethrow_exception(first_error);
}

}  // namespace treatytext
