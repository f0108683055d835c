// LineSource: the lines of a UTF-8 buffer as documents (terms.hpp).
#include <algorithm>
#include <cstring>
#include <string>

#include "treatytext/error.hpp"
#include "treatytext/terms.hpp"
#include "treatytext/text.hpp"

namespace treatytext {

LineSource::LineSource(std::string_view buffer) : buffer_(buffer) {
  const char* data = buffer.data();
  const std::size_t n = buffer.size();
  // Most files have no '\r': their lines are found with memchr alone.
  const bool carriage_returns = std::memchr(data, '\r', n) != nullptr;
  std::size_t from = 0;  // the start of the next line
  while (from < n) {
    std::size_t end = n;
    if (const void* newline = std::memchr(data + from, '\n', n - from)) {
      end = static_cast<std::size_t>(static_cast<const char*>(newline) - data);
    }
    std::size_t next = end + 1;  // past the '\n' (or the buffer)
    if (carriage_returns) {
      if (const void* cr = std::memchr(data + from, '\r', end - from)) {
        const auto at = static_cast<std::size_t>(static_cast<const char*>(cr) - data);
        // "\r\n" ends the line at the '\r' and is skipped whole; a lone '\r' ends it too.
        next = at + 1 == end ? end + 1 : at + 1;
        end = at;
      }
    }
    starts_.push_back(from);
    ends_.push_back(end);
    from = next;
  }
  const std::size_t invalid = find_invalid_utf8(buffer);
  if (invalid == std::string_view::npos) return;
  // The line holding the invalid byte (line ends are ASCII, so it lies inside a line).
  const auto after = std::upper_bound(starts_.begin(), starts_.end(), invalid);
  const auto index = static_cast<std::size_t>(after - starts_.begin()) - 1;
  const std::size_t start = starts_[index];
  try {
    (void)validate_utf8(buffer.substr(start, ends_[index] - start));
  } catch (const encoding_error& e) {
    // e.what() gives the byte within the line.
    throw encoding_error("line " + std::to_string(index) + " (byte " + std::to_string(invalid) +
                             " of the buffer): " + e.what(),
                         invalid);
  }
  throw encoding_error("invalid UTF-8 at byte " + std::to_string(invalid), invalid);  // not reached
}

}  // namespace treatytext
