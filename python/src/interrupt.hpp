// Ctrl-C during a long core call. Python runs signal handlers only in the main thread, between
// bytecodes; a core call holds that thread for its whole length. So a heavy call made from the
// main thread runs on a helper thread while the main thread, every 20 ms, takes the GIL and runs
// PyErr_CheckSignals: when a handler raises (KeyboardInterrupt for SIGINT), the call's
// InterruptFlag is raised, the core stops at its next check (treatytext/interrupt.hpp) and the
// handler's exception is re-raised here. From any other thread (which receives no signals) the
// call runs in place, as without_gil does.
#pragma once

#include <pybind11/pybind11.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>

#include "treatytext/interrupt.hpp"

namespace treatytext::python {

namespace detail {

/// Whether the calling thread is the interpreter's main thread (the one signals reach).
inline bool in_main_thread() {
  static const unsigned long main_ident = [] {
    return pybind11::module_::import("threading").attr("main_thread")().attr("ident").cast<unsigned long>();
  }();
  return PyThread_get_thread_ident() == main_ident;
}

}  // namespace detail

/// Runs `work` (a heavy core call that touches no Python object) with the GIL released and
/// returns its result; Ctrl-C stops it within ~20 ms plus one chunk of work, raising
/// KeyboardInterrupt (or whatever the SIGINT handler raises). Call with the GIL held.
template <typename Work>
auto interruptible(Work&& work) -> std::invoke_result_t<Work&> {
  using Result = std::invoke_result_t<Work&>;
  if (!detail::in_main_thread()) {
    pybind11::gil_scoped_release release;
    return work();
  }
  InterruptFlag flag;
  std::mutex mutex;
  std::condition_variable finished;
  bool done = false;
  std::exception_ptr failure;
  std::optional<std::conditional_t<std::is_void_v<Result>, bool, Result>> result;
  std::optional<pybind11::error_already_set> raised;  // by a signal handler
  {
    pybind11::gil_scoped_release release;
    std::thread helper([&] {
      const InterruptScope scope(&flag);
      try {
        if constexpr (std::is_void_v<Result>) {
          work();
          result.emplace(true);
        } else {
          result.emplace(work());
        }
      } catch (...) {
        failure = std::current_exception();
      }
      const std::lock_guard<std::mutex> lock(mutex);
      done = true;
      finished.notify_one();
    });
    std::unique_lock<std::mutex> lock(mutex);
    while (!finished.wait_for(lock, std::chrono::milliseconds(20), [&] { return done; })) {
      if (raised) continue;  // stopping: wait for the helper to reach its next check
      lock.unlock();
      {
        pybind11::gil_scoped_acquire acquire;
        if (PyErr_CheckSignals() != 0) {
          raised.emplace();  // fetches the handler's exception
          flag.request();
        }
      }
      lock.lock();
    }
    lock.unlock();
    helper.join();
  }
  if (raised) throw std::move(*raised);
  if (failure) std::rethrow_exception(failure);
  if constexpr (!std::is_void_v<Result>) return std::move(*result);
}

}  // namespace treatytext::python
