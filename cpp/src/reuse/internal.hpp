// Internal to the reuse stage: shingle hashes by position, shared by the shingle sets and the
// passage seeds, and the words of a normalized text as the aligner sees them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "treatytext/reuse.hpp"
#include "util/radix_sort.hpp"

namespace treatytext::detail {

/// Hash of every shingle of a normalized text, in text order (a shingle that occurs twice is
/// there twice): shingle i starts at code point i (unit character) or at word i (unit word).
std::vector<std::uint64_t> shingle_hashes(const NormalizedText& text, ShingleUnit unit, int size);

/// Sorts items by a 64-bit hash(item) (then by `less` among equal hashes) whose bits above
/// `32 + shift` are all equal: the core's radix sort by the 32 bits from `shift` up (four
/// passes), then std::sort of the runs that agree on those bits, which random hashes make rare
/// and short. Random keys are where comparison sorts mispredict most.
template <typename T, typename HashOf, typename Less>
void sort_by_hash(std::vector<T>& items, std::vector<T>& scratch, HashOf&& hash, Less&& less,
                  unsigned shift = 32) {
  const auto high = [&](const T& item) { return static_cast<std::uint32_t>(hash(item) >> shift); };
  util::radix_sort_by_key(items, scratch, high, 0xFFFFFFFFu);
  for (std::size_t r = 0; r < items.size();) {
    std::size_t s = r + 1;
    while (s < items.size() && high(items[s]) == high(items[r])) ++s;
    if (s - r > 1)
      std::sort(items.begin() + static_cast<std::ptrdiff_t>(r),
                items.begin() + static_cast<std::ptrdiff_t>(s), less);
    r = s;
  }
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
