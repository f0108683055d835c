// Compact binary encoding for the byte buffers that carry engine state between processes
// (partial counts and fitted vocabularies pickled for Dask): unsigned LEB128 varints and raw
// bytes, read back with bounds checks that name the buffer and the byte offset of a problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "treatytext/error.hpp"

namespace treatytext::detail {

/// Appends varints and bytes to a string.
class ByteWriter {
 public:
  void bytes(std::string_view data) { out_.append(data); }
  void varint(std::uint64_t value) {
    while (value >= 0x80) {
      out_.push_back(static_cast<char>((value & 0x7F) | 0x80));
      value >>= 7;
    }
    out_.push_back(static_cast<char>(value));
  }
  [[nodiscard]] std::string take() && { return std::move(out_); }

 private:
  std::string out_;
};

/// Reads what ByteWriter wrote; every read past the end or malformed varint throws
/// format_error "<what>: ... at byte N" (a ValueError in Python).
class ByteReader {
 public:
  ByteReader(std::string_view data, const char* what) : data_(data), what_(what) {}
  [[nodiscard]] std::string_view bytes(std::size_t n) {
    if (n > data_.size() - at_) fail("truncated (" + std::to_string(n) + " more bytes expected)");
    const auto view = data_.substr(at_, n);
    at_ += n;
    return view;
  }
  [[nodiscard]] std::uint64_t varint() {
    std::uint64_t value = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (at_ == data_.size()) fail("truncated (a number is cut off)");
      const auto byte = static_cast<unsigned char>(data_[at_++]);
      value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    fail("malformed number (more than 64 bits)");
  }
  /// A varint that must not exceed `limit` (named `field` in the error).
  [[nodiscard]] std::uint64_t varint_at_most(std::uint64_t limit, const char* field) {
    const std::size_t start = at_;
    const std::uint64_t value = varint();
    if (value > limit)
      fail(std::string(field) + " = " + std::to_string(value) + " exceeds " + std::to_string(limit), start);
    return value;
  }
  [[nodiscard]] bool done() const noexcept { return at_ == data_.size(); }
  [[nodiscard]] std::size_t offset() const noexcept { return at_; }
  [[noreturn]] void fail(const std::string& problem) const { fail(problem, at_); }
  [[noreturn]] void fail(const std::string& problem, std::size_t at) const {
    throw format_error(std::string(what_) + ": " + problem + " at byte " + std::to_string(at));
  }

 private:
  std::string_view data_;
  const char* what_;
  std::size_t at_ = 0;
};

}  // namespace treatytext::detail
