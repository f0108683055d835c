// Internal to the reuse stage: shingle hashes by position, shared by the shingle sets and the
// passage seeds, and the words of a normalized text as the aligner sees them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "treatytext/detail/term_table.hpp"
#include "treatytext/reuse.hpp"
#include "util/hash_set.hpp"
#include "util/radix_sort.hpp"

namespace treatytext::detail {

/// Calls emit(hash) for every shingle of a normalized text, in text order (a shingle that
/// occurs twice is emitted twice): shingle i starts at code point i (unit character) or at word
/// i (unit word).
template <typename Emit>
void for_each_shingle_hash(const NormalizedText& text, ShingleUnit unit, int size, Emit&& emit) {
  const auto q = static_cast<std::size_t>(size);
  const auto bytes = [&](std::size_t first_char, std::size_t end_char) {
    const std::uint32_t begin = text.char_bytes[first_char];
    return std::string_view(text.text).substr(begin, text.char_bytes[end_char] - begin);
  };
  if (unit == ShingleUnit::character) {
    const std::size_t n = text.code_points();
    for (std::size_t i = 0; i + q <= n; ++i) emit(TermTable::hash64(bytes(i, i + q)));
  } else {
    const std::size_t n = text.word_begin.size();
    for (std::size_t i = 0; i + q <= n; ++i)
      emit(TermTable::hash64(bytes(text.word_begin[i], text.word_end[i + q - 1])));
  }
}

/// Hash of every shingle of a normalized text, in text order (see for_each_shingle_hash).
std::vector<std::uint64_t> shingle_hashes(const NormalizedText& text, ShingleUnit unit, int size);

/// Working memory of shingle_set_into that a run over many texts keeps from text to text, so
/// that it does not fault in fresh pages for each.
struct ShingleSetBuffers {
  util::HashSet64 seen;
  std::vector<std::uint64_t> scratch;
};

/// shingle_set (options validated by the caller) into `set`.
void shingle_set_into(const NormalizedText& text, const ShingleOptions& options, ShingleSetBuffers& buffers,
                      std::vector<std::uint64_t>& set);

/// Below this many items sort_by_hash sorts in one piece: the items and the radix sort's
/// scratch fit in the core's L2 cache.
inline constexpr std::size_t kHashPartitionFrom = std::size_t{1} << 15;

/// Sorts items by a 64-bit hash(item) (then by `less` among equal hashes) whose bits above
/// `32 + shift` are all equal, with the core's radix sort: by the 32 bits from `shift` up, then
/// std::sort of the runs that agree on those bits, which random hashes make rare and short
/// (runs already in order are left as they are). Random keys are where comparison sorts
/// mispredict most. Many items are first split by the top 8 of the 32 bits (one pass), then
/// each part, a few hundred items that stay in L1, is sorted by the next 16 (two passes): the
/// same order as four passes over all of them, whose scatters miss the cache when the items
/// do not fit it.
template <typename T, typename HashOf, typename Less>
void sort_by_hash(std::vector<T>& items, std::vector<T>& scratch, HashOf&& hash, Less&& less,
                  unsigned shift = 32) {
  const auto bits = [&](const T& item, unsigned from, std::uint32_t mask) {
    return static_cast<std::uint32_t>(hash(item) >> (shift + from)) & mask;
  };
  // Sorts the runs of items that agree on bits [from, 32) by `less`.
  const auto sort_runs = [&](unsigned from) {
    const std::uint32_t mask = 0xFFFFFFFFu >> from;
    for (std::size_t r = 0; r < items.size();) {
      const std::uint32_t run = bits(items[r], from, mask);
      std::size_t s = r + 1;
      while (s < items.size() && bits(items[s], from, mask) == run) ++s;
      // The radix sort is stable, so a run often arrives in order already: equal hashes of
      // items pushed in order (a shingle's texts in find_reuse, repeats of a shingle in a text).
      const auto first = items.begin() + static_cast<std::ptrdiff_t>(r);
      const auto last = items.begin() + static_cast<std::ptrdiff_t>(s);
      if (s - r > 1 && !std::is_sorted(first, last, less)) std::sort(first, last, less);
      r = s;
    }
  };
  if (items.size() < kHashPartitionFrom) {
    util::radix_sort_by_key(
        items, scratch, [&](const T& item) { return bits(item, 0, 0xFFFFFFFFu); }, 0xFFFFFFFFu);
    sort_runs(0);
    return;
  }
  util::radix_sort_by_key(
      items, scratch, [&](const T& item) { return bits(item, 24, 0xFFu); }, 0xFFu);
  std::vector<T> part, part_scratch;
  for (std::size_t r = 0; r < items.size();) {
    const std::uint32_t top = bits(items[r], 24, 0xFFu);
    std::size_t s = r + 1;
    while (s < items.size() && bits(items[s], 24, 0xFFu) == top) ++s;
    const auto first = items.begin() + static_cast<std::ptrdiff_t>(r);
    const auto last = items.begin() + static_cast<std::ptrdiff_t>(s);
    part.assign(first, last);
    util::radix_sort_by_key(
        part, part_scratch, [&](const T& item) { return bits(item, 8, 0xFFFFu); }, 0xFFFFu);
    std::copy(part.begin(), part.end(), first);
    r = s;
  }
  sort_runs(8);
}

/// The words of a text for alignment: a hash per word, the seed n-gram hash starting at each
/// word, and the original code-point span of each word.
struct AlignedWords {
  std::vector<std::uint64_t> word;   ///< hash of each word
  std::vector<std::uint64_t> ngram;  ///< hash of the seed n-gram starting at each word (size - n + 1)
  /// (n-gram hash, word) sorted, n-grams that occur more than max_repeat times left out
  std::vector<std::pair<std::uint64_t, std::int64_t>> seeds;
  std::vector<std::uint32_t> begin, end;
};

AlignedWords aligned_words(const NormalizedText& text, int seed_words, int max_repeat);

/// Passages between two texts given as AlignedWords (options validated by the caller).
Passages passages_between(const AlignedWords& a, const AlignedWords& b, const PassageOptions& options);

}  // namespace treatytext::detail
