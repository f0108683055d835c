// Segmentation of arbitrary text: never crashes, offsets exact, and the clauses' labels and
// texts with the gaps between them tile the text (the rule stated in segment.hpp).
#include <utf8proc.h>

#include <string>

#include "fuzz_common.hpp"
#include "segment/chars.hpp"
#include "treatytext/segment.hpp"
#include "treatytext/text.hpp"

using namespace treatytext;

namespace {

// Whether [begin, end) holds only white space and line breaks (the segmenter's own set).
bool blank(std::string_view text, std::size_t begin, std::size_t end) {
  for (std::size_t pos = begin; pos < end;) {
    if (detail::is_line_break(detail::byte_at(text, pos))) {
      ++pos;
      continue;
    }
    const std::size_t length = detail::space_at(text, pos, end);
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

// Whether [begin, end) holds no letter and no number (a separator: punctuation, white space).
bool no_word_characters(std::string_view text, std::size_t begin, std::size_t end) {
  auto pos = static_cast<utf8proc_ssize_t>(begin);
  while (pos < static_cast<utf8proc_ssize_t>(end)) {
    utf8proc_int32_t cp = 0;
    const auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()) + pos,
                                         static_cast<utf8proc_ssize_t>(end) - pos, &cp);
    if (length <= 0) return false;
    const auto category = utf8proc_category(cp);
    if (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) return false;
    if (category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO) return false;
    pos += length;
  }
  return true;
}

// The tiling rule of segment.hpp: label, separator, text per clause; children inside their
// parent's text, in order, disjoint; top-level clauses in order with blank gaps.
bool tiles(std::string_view text, const std::vector<Clause>& clauses) {
  std::vector<std::size_t> next(clauses.size() + 1, 0);  // per parent (+1: the top), the next free byte
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    const Clause& c = clauses[i];
    const std::size_t label_end = c.label_start + c.label.size();
    if (label_end > c.start || !no_word_characters(text, label_end, c.start)) return false;
    const std::size_t slot = c.parent < 0 ? clauses.size() : static_cast<std::size_t>(c.parent);
    std::size_t& position = next[slot];
    if (c.parent >= 0) {
      const Clause& p = clauses[static_cast<std::size_t>(c.parent)];
      position = std::max(position, p.start);
      if (c.end > p.end) return false;
    } else if (!blank(text, position, c.label_start)) {
      return false;
    }
    if (c.label_start < position) return false;
    position = c.end;
  }
  return blank(text, next[clauses.size()], text.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  SegmentOptions options;
  const std::uint8_t switches = in.byte();
  options.headings = (switches & 1) == 0;
  options.numbered = (switches & 2) == 0;
  options.items = (switches & 4) == 0;
  options.bullets = (switches & 8) == 0;
  options.sentences = (switches & 16) == 0;
  if ((switches & 32) != 0) options.abbreviations = {"Sec.", "Para", "U.S."};
  const std::string text = validate_utf8(in.rest(), InvalidUtf8::replace);
  const std::vector<Clause> clauses = segment(text, options);
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    const Clause& c = clauses[i];
    TREATYTEXT_FUZZ_CHECK(c.start <= c.end && c.end <= text.size());
    TREATYTEXT_FUZZ_CHECK(c.label_start <= c.start);
    TREATYTEXT_FUZZ_CHECK(text.compare(c.label_start, c.label.size(), c.label) == 0);
    TREATYTEXT_FUZZ_CHECK(c.title_start <= c.title_end && c.title_start >= c.start && c.title_end <= c.end);
    TREATYTEXT_FUZZ_CHECK(c.parent < static_cast<std::int64_t>(i));
    if (c.parent >= 0) {
      const Clause& p = clauses[static_cast<std::size_t>(c.parent)];
      TREATYTEXT_FUZZ_CHECK(p.label_start <= c.label_start && c.end <= p.end);
      TREATYTEXT_FUZZ_CHECK(c.level == p.level + 1);
    }
  }
  TREATYTEXT_FUZZ_CHECK(tiles(text, clauses));
  return 0;
}
