#include "treatytext/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
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

void parallel_for_dynamic(std::size_t items, int n_threads,
                          const std::function<void(std::size_t, int)>& body) {
  if (items == 0) return;
  const auto workers =
      static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(resolve_threads(n_threads)), items));
  if (workers == 1) {
    for (std::size_t i = 0; i < items; ++i) body(i, 0);
    return;
  }
  std::atomic<std::size_t> next{0};
  // parallel_for with one item per worker: its threads, its error handling. A failing worker
  // moves the counter past the end so that the others stop claiming.
  parallel_for(static_cast<std::size_t>(workers), workers, [&](std::size_t begin, std::size_t end, int) {
    for (std::size_t w = begin; w < end; ++w) {
      try {
        for (std::size_t i = next++; i < items; i = next++) body(i, static_cast<int>(w));
      } catch (...) {
        next = items;
        throw;
      }
    }
  });
}

std::vector<std::size_t> balanced_boundaries(std::span<const std::size_t> weights, int parts) {
  const std::size_t n = weights.size();
  std::vector<std::size_t> bounds{0};
  if (n == 0) return bounds;
  const auto runs =
      static_cast<std::size_t>(std::clamp<std::int64_t>(parts, 1, static_cast<std::int64_t>(n)));
  double total = 0;
  for (const auto w : weights) total += static_cast<double>(w);
  double acc = 0;
  std::size_t next = 1;
  for (std::size_t i = 0; i + 1 < n && next < runs; ++i) {
    acc += static_cast<double>(weights[i]);
    if (acc >= total * static_cast<double>(next) / static_cast<double>(runs)) {
      bounds.push_back(i + 1);
      ++next;
    }
  }
  bounds.push_back(n);
  return bounds;
}

}  // namespace treatytext
