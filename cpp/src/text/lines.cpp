// LineSource: the lines of a UTF-8 buffer as documents (terms.hpp).
#include <algorithm>
#include <cstring>
#include <string>

#include "treatytext/error.hpp"
#include "treatytext/terms.hpp"
#include "treatytext/text.hpp"

namespace treatytext {

LineSource::LineSource(std::string_view buffer) : buffer_(buffer) {
  // starts_[i + 1] is one past line i's '\n'; a last line without one ends at a virtual '\n'
  // one past the buffer, which line() never reads.
  starts_.push_back(0);
  const char* data = buffer.data();
  std::size_t at = 0;
  while (at < buffer.size()) {
    const void* newline = std::memchr(data + at, '\n', buffer.size() - at);
    if (newline == nullptr) {
      starts_.push_back(buffer.size() + 1);
      break;
    }
    at = static_cast<std::size_t>(static_cast<const char*>(newline) - data) + 1;
    starts_.push_back(at);
  }
  const std::size_t invalid = find_invalid_utf8(buffer);
  if (invalid == std::string_view::npos) return;
  const auto after = std::upper_bound(starts_.begin(), starts_.end(), invalid);
  const auto index = static_cast<std::size_t>(after - starts_.begin()) - 1;
  const std::size_t start = starts_[index];
  try {
    (void)validate_utf8(buffer.substr(start, std::min(buffer.size(), starts_[index + 1]) - start));
  } catch (const encoding_error& e) {
    // e.what() gives the byte within the line.
    throw encoding_error("line " + std::to_string(index) + " (byte " + std::to_string(invalid) +
                             " of the buffer): " + e.what(),
                         invalid);
  }
  throw encoding_error("invalid UTF-8 at byte " + std::to_string(invalid), invalid);  // not reached
}

}  // namespace treatytext
