// Clause text access and Segmentation, the segmented document that owns its text.
#include <string>
#include <utility>

#include "treatytext/error.hpp"
#include "treatytext/segment.hpp"

namespace treatytext {
namespace {

std::string_view slice(std::string_view source, std::size_t start, std::size_t end, const char* what) {
  if (start > end || end > source.size())
    throw invalid_argument(std::string("clause ") + what + " [" + std::to_string(start) + ", " +
                           std::to_string(end) + ") does not fit in a source of " +
                           std::to_string(source.size()) + " bytes (not the text it was segmented from?)");
  return source.substr(start, end - start);
}

}  // namespace

std::string_view Clause::text(std::string_view source) const { return slice(source, start, end, "text"); }

std::string_view Clause::title(std::string_view source) const {
  return slice(source, title_start, title_end, "title");
}

Segmentation::Segmentation(std::string text, const SegmentOptions& options, InvalidUtf8 invalid)
    : text_(find_invalid_utf8(text) == std::string_view::npos ? std::move(text)
                                                              : validate_utf8(text, invalid)),
      clauses_(segment(text_, options)) {}

const Clause& Segmentation::at(std::size_t i) const {
  if (i >= clauses_.size())
    throw invalid_argument("clause index " + std::to_string(i) + " out of range (" +
                           std::to_string(clauses_.size()) + " clauses)");
  return clauses_[i];
}

std::vector<std::string_view> Segmentation::texts() const {
  std::vector<std::string_view> result;
  result.reserve(clauses_.size());
  for (const Clause& clause : clauses_) result.push_back(clause.text(text_));
  return result;
}

std::vector<std::size_t> Segmentation::leaves() const {
  std::vector<bool> has_children(clauses_.size(), false);
  for (const Clause& clause : clauses_)
    if (clause.parent >= 0) has_children[static_cast<std::size_t>(clause.parent)] = true;
  std::vector<std::size_t> result;
  for (std::size_t i = 0; i < clauses_.size(); ++i)
    if (!has_children[i]) result.push_back(i);
  return result;
}

}  // namespace treatytext
