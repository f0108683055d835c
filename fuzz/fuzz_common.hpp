// Shared by the fuzz targets: the oracle's failure (an abort that libFuzzer records as a crash,
// with the broken invariant printed) and a reader of option bytes from the input's head.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace treatytext::fuzz {

/// Reports a broken invariant and aborts: libFuzzer saves the input as a crash.
[[noreturn]] inline void broken(const char* what) {
  std::fprintf(stderr, "fuzz oracle: %s\n", what);
  std::abort();
}

#define TREATYTEXT_FUZZ_CHECK(condition)                      \
  do {                                                        \
    if (!(condition)) ::treatytext::fuzz::broken(#condition); \
  } while (0)

/// Takes option bytes from the front of the input (zeros once it is used up).
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t byte() { return size_ > 0 ? (--size_, *data_++) : 0; }
  bool flag() { return (byte() & 1) != 0; }
  [[nodiscard]] std::string_view rest() const { return {reinterpret_cast<const char*>(data_), size_}; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
};

}  // namespace treatytext::fuzz
