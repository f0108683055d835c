// Stopping a long call from outside (Ctrl-C in a notebook): a flag the caller can raise while
// the call runs, polled by the core between chunks of work (parallel_for's workers, the long
// serial loops), which then throws treatytext::interrupted. No signal handling and no Python
// here: whoever watches for the user's request (the bindings) raises the flag.
#pragma once

#include <atomic>

#include "treatytext/error.hpp"

namespace treatytext {

/// A request to stop, shared by every thread of one call. request() may be called from any
/// thread at any time; the call it belongs to throws interrupted at its next check.
class InterruptFlag {
 public:
  void request() noexcept { requested_.store(true, std::memory_order_relaxed); }
  [[nodiscard]] bool requested() const noexcept { return requested_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> requested_{false};
};

namespace detail {
/// The flag of the call the current thread works for (nullptr: none, never interrupted).
inline thread_local const InterruptFlag* current_interrupt_flag = nullptr;
}  // namespace detail

/// Makes `flag` the current thread's interrupt flag while it lives (restoring the previous one
/// after). parallel_for hands the caller's flag to its workers, so one scope in the thread that
/// starts a call covers all the threads the call uses.
class InterruptScope {
 public:
  explicit InterruptScope(const InterruptFlag* flag) noexcept : previous_(detail::current_interrupt_flag) {
    detail::current_interrupt_flag = flag;
  }
  ~InterruptScope() { detail::current_interrupt_flag = previous_; }
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  const InterruptFlag* previous_;
};

/// The current thread's interrupt flag (nullptr when none is installed).
inline const InterruptFlag* current_interrupt_flag() noexcept { return detail::current_interrupt_flag; }

/// Throws interrupted when the current thread's flag has been raised. Costs a thread-local load
/// and a relaxed atomic load: call it between chunks of work of at most ~0.1 s (a document, a
/// block of queries, a few thousand lines of text), never inside an inner loop over bytes.
inline void check_interrupt() {
  const InterruptFlag* flag = detail::current_interrupt_flag;
  if (flag != nullptr && flag->requested()) [[unlikely]]
    throw interrupted("interrupted: the call was stopped at the caller's request");
}

}  // namespace treatytext
