// The reuse normalization (see ReuseNormalization) with its map back to the original text, and
// the shingles and set measures built on it.
#include <utf8proc.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <string>

#include "analyze/unicode.hpp"
#include "reuse/internal.hpp"
#include "treatytext/detail/term_table.hpp"
#include "treatytext/error.hpp"
#include "treatytext/reuse.hpp"
#include "treatytext/text.hpp"

namespace treatytext {
namespace {

enum class Role : std::uint8_t { keep, separate, drop };

// The analyzer's character classes (analyze/unicode.hpp) decide letters, marks, numbers and
// joiners; punctuation is asked of utf8proc only when it is kept.
Role role_of(char32_t cp, const ReuseNormalization& options) noexcept {
  if (cp < 0x80) {  // ASCII: no table lookup
    if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return Role::keep;
    if (cp >= '0' && cp <= '9') return options.keep_digits ? Role::keep : Role::separate;
    if (options.keep_punctuation && cp > ' ' && cp < 0x7F &&
        utf8proc_category(static_cast<utf8proc_int32_t>(cp)) >= UTF8PROC_CATEGORY_PC &&
        utf8proc_category(static_cast<utf8proc_int32_t>(cp)) <= UTF8PROC_CATEGORY_PO)
      return Role::keep;
    return Role::separate;
  }
  switch (detail::char_kind(cp, false, false)) {
    case detail::CharKind::letter:
    case detail::CharKind::mark:
      return Role::keep;
    case detail::CharKind::digit:
    case detail::CharKind::number:
      return options.keep_digits ? Role::keep : Role::separate;
    case detail::CharKind::joiner:
      return Role::drop;
    default:
      break;
  }
  if (options.keep_punctuation) {
    const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
    if (category >= UTF8PROC_CATEGORY_PC && category <= UTF8PROC_CATEGORY_PO) return Role::keep;
  }
  return Role::separate;
}

}  // namespace

NormalizedText normalize_for_reuse(std::string_view text, const ReuseNormalization& options) {
  NormalizedText out;
  normalize_for_reuse_into(text, options, out);
  return out;
}

void normalize_for_reuse_into(std::string_view text, const ReuseNormalization& options, NormalizedText& out) {
  if (text.size() >= std::numeric_limits<std::uint32_t>::max())
    throw invalid_argument("reuse: a text of " + std::to_string(text.size()) +
                           " bytes is too long (the limit is 4 GiB)");
  if (const std::size_t bad = find_invalid_utf8(text); bad != std::string_view::npos)
    throw encoding_error("reuse: invalid UTF-8 at byte " + std::to_string(bad), bad);
  out.text.clear();
  out.char_bytes.clear();
  out.origin.clear();
  out.word_begin.clear();
  out.word_end.clear();
  out.text.reserve(text.size());
  out.char_bytes.reserve(text.size() + 1);
  out.origin.reserve(text.size());
  const auto emit = [&](char32_t cp, std::uint32_t origin) {
    out.char_bytes.push_back(static_cast<std::uint32_t>(out.text.size()));
    out.origin.push_back(origin);
    if (cp < 0x80) {
      out.text.push_back(static_cast<char>(cp));
    } else {
      append_utf8(out.text, cp);
    }
  };
  std::uint32_t index = 0;  // code point of the original
  bool in_word = false;
  bool pending_space = false;
  std::uint32_t space_origin = 0;
  utf8proc_int32_t folded[8];
  for (std::size_t pos = 0; pos < text.size(); ++index) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    const char32_t cp = byte < 0x80 ? (++pos, byte) : decode_utf8(text, pos);
    const Role role = role_of(cp, options);
    if (role == Role::drop) continue;
    if (role == Role::separate) {
      if (in_word) {
        out.word_end.push_back(static_cast<std::uint32_t>(out.origin.size()));
        in_word = false;
        pending_space = true;
        space_origin = index;
      }
      continue;
    }
    if (!in_word) {
      if (pending_space) emit(U' ', space_origin);
      pending_space = false;
      in_word = true;
      out.word_begin.push_back(static_cast<std::uint32_t>(out.origin.size()));
    }
    if (cp < 0x80) {
      emit(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp, index);
      continue;
    }
    // Full case folding of one code point; no decomposition is asked for, so only folding maps
    // it (to at most three code points).
    const utf8proc_ssize_t n =
        utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), folded, 8, UTF8PROC_CASEFOLD, nullptr);
    if (n <= 0 || n > 8) {
      emit(cp, index);
      continue;
    }
    for (utf8proc_ssize_t k = 0; k < n; ++k) emit(static_cast<char32_t>(folded[k]), index);
  }
  if (in_word) out.word_end.push_back(static_cast<std::uint32_t>(out.origin.size()));
  out.char_bytes.push_back(static_cast<std::uint32_t>(out.text.size()));
  out.original_code_points = index;
}

void ShingleOptions::validate() const {
  if (size < 1) throw invalid_argument("reuse: shingle size q must be >= 1, got " + std::to_string(size));
}

namespace detail {

std::vector<std::uint64_t> shingle_hashes(const NormalizedText& text, ShingleUnit unit, int size) {
  std::vector<std::uint64_t> hashes;
  const std::size_t units = unit == ShingleUnit::character ? text.code_points() : text.word_begin.size();
  hashes.reserve(units >= static_cast<std::size_t>(size) ? units - static_cast<std::size_t>(size) + 1 : 0);
  for_each_shingle_hash(text, unit, size, [&](std::uint64_t h) { hashes.push_back(h); });
  return hashes;
}

void shingle_set_into(const NormalizedText& text, const ShingleOptions& options, ShingleSetBuffers& buffers,
                      std::vector<std::uint64_t>& set) {
  // Distinct shingles first, then sort only those: a text's shingles repeat many times.
  set.clear();
  const std::size_t units =
      options.unit == ShingleUnit::character ? text.code_points() : text.word_begin.size();
  buffers.seen.reset(units);
  for_each_shingle_hash(text, options.unit, options.size, [&](std::uint64_t h) {
    if (buffers.seen.insert(h)) set.push_back(h);
  });
  sort_by_hash(
      set, buffers.scratch, [](std::uint64_t h) { return h; }, std::less<>());
}

}  // namespace detail

std::vector<std::uint64_t> shingle_set(const NormalizedText& text, const ShingleOptions& options) {
  options.validate();
  detail::ShingleSetBuffers buffers;
  std::vector<std::uint64_t> set;
  detail::shingle_set_into(text, options, buffers, set);
  return set;
}

std::vector<std::uint64_t> shingle_set(std::string_view text, const ShingleOptions& options) {
  options.validate();
  return shingle_set(normalize_for_reuse(text, options.normalization), options);
}

SetSimilarity set_similarity(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) noexcept {
  SetSimilarity s;
  s.size_a = static_cast<std::int64_t>(a.size());
  s.size_b = static_cast<std::int64_t>(b.size());
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++s.intersection;
      ++i;
      ++j;
    }
  }
  const auto ratio = [](std::int64_t num, std::int64_t den) {
    return den == 0 ? 0.0 : static_cast<double>(num) / static_cast<double>(den);
  };
  s.jaccard = ratio(s.intersection, s.size_a + s.size_b - s.intersection);
  s.containment_a = ratio(s.intersection, s.size_a);
  s.containment_b = ratio(s.intersection, s.size_b);
  return s;
}

SetSimilarity shingle_similarity(std::string_view a, std::string_view b, const ShingleOptions& options) {
  const auto set_a = shingle_set(a, options);
  const auto set_b = shingle_set(b, options);
  return set_similarity(set_a, set_b);
}

}  // namespace treatytext
