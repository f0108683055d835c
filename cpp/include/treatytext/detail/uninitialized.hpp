// Vectors whose resize() leaves trivial elements uninitialized, and a way to hand freed memory
// back to the system.
//
// Why: a large output array (a matrix's indices and values) that std::vector zero-fills on
// resize() becomes resident all at once, before a single entry is written; left uninitialized,
// its pages become resident only as they are written, so that the input it is written from can
// be freed piece by piece meanwhile and the peak stays near the larger of the two, not their sum.
#pragma once

#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace treatytext::detail {

/// std::allocator, except that value-initialization (resize(n), vector(n)) default-initializes:
/// trivial elements are left unwritten. Every other construction is std::allocator's.
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };

  DefaultInitAllocator() noexcept = default;
  template <typename U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}  // NOLINT: implicit like std::allocator

  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  template <typename U>
  friend bool operator==(const DefaultInitAllocator&, const DefaultInitAllocator<U>&) noexcept {
    return true;
  }
};

/// A std::vector whose resize() does not write the new trivial elements.
template <typename T>
using UninitializedVector = std::vector<T, DefaultInitAllocator<T>>;

/// Hands memory freed by this process back to the operating system where the allocator keeps it
/// (glibc keeps freed pages of its per-thread arenas resident); elsewhere nothing.
void return_free_memory() noexcept;

}  // namespace treatytext::detail
