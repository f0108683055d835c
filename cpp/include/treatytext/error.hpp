// Error types thrown by the treatytext core. Every message says what went wrong and where
// (byte offset, file, field), so that a user can act on it without a debugger.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace treatytext {

/// Base of every exception the core throws.
class error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An argument or option value is out of its domain (maps to Python ValueError).
class invalid_argument : public error {
 public:
  using error::error;
};

/// Input text is not valid UTF-8; byte_offset() names the first offending byte.
class encoding_error : public error {
 public:
  /// message says what is wrong and where; byte_offset is the first offending byte.
  encoding_error(const std::string& message, std::size_t byte_offset)
      : error(message), byte_offset_(byte_offset) {}
  /// Byte offset of the first invalid byte in the text that was checked.
  [[nodiscard]] std::size_t byte_offset() const noexcept { return byte_offset_; }

 private:
  std::size_t byte_offset_;
};

/// A saved model or other structured input is malformed or foreign (maps to ValueError).
class format_error : public error {
 public:
  using error::error;
};

/// A long call was stopped at the caller's request (an InterruptFlag raised, Ctrl-C in Python;
/// maps to KeyboardInterrupt). Objects the call worked on stay as they were before it.
class interrupted : public error {
 public:
  using error::error;
};

/// A file could not be opened, read or written (maps to Python OSError).
class io_error : public error {
 public:
  using error::error;
};

}  // namespace treatytext
