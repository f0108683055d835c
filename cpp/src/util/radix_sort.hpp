// The one radix sort of the core: rows of a term matrix (tens to hundreds of entries with random
// columns) are sorted by column in counting, weighting and top-k's input canonicalisation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace treatytext::util {

/// Below this many items an insertion sort takes fewer steps than the counting passes.
inline constexpr std::size_t kInsertionSortBelow = 32;

/// Sorts `items` stably by key(item), a uint32 no greater than `max_key`; `scratch` is reused
/// between calls (its contents are overwritten).
///
/// Comparison sorts mispredict about every other branch on the short rows with random keys that
/// a document-term matrix holds; a least-significant-digit radix sort on 8-bit digits, as many
/// passes as `max_key` has bytes, runs several times faster from a few dozen items on. Shorter
/// runs use an insertion sort. Both are stable, so items with equal keys keep their order: one
/// sort by (key, position) is what summing duplicates in their order of appearance needs.
template <typename T, typename KeyOf>
void radix_sort_by_key(std::vector<T>& items, std::vector<T>& scratch, KeyOf&& key, std::uint32_t max_key) {
  const std::size_t n = items.size();
  if (n < kInsertionSortBelow) {
    for (std::size_t i = 1; i < n; ++i) {
      const T item = items[i];
      const std::uint32_t item_key = key(item);
      std::size_t j = i;
      for (; j > 0 && key(items[j - 1]) > item_key; --j) items[j] = items[j - 1];
      items[j] = item;
    }
    return;
  }
  scratch.resize(n);
  for (unsigned shift = 0; shift < 32 && (max_key >> shift) != 0; shift += 8) {
    std::array<std::uint32_t, 257> start{};
    for (const T& item : items) ++start[((key(item) >> shift) & 0xFFu) + 1];
    for (std::size_t digit = 1; digit < start.size(); ++digit) start[digit] += start[digit - 1];
    for (const T& item : items) scratch[start[(key(item) >> shift) & 0xFFu]++] = item;
    items.swap(scratch);
  }
}

/// radix_sort_by_key over packed 64-bit items whose high 32 bits are the key (a column, say,
/// beside a count or a position in the low bits): ascending by key, stable.
inline void radix_sort_high_words(std::vector<std::uint64_t>& items, std::vector<std::uint64_t>& scratch,
                                  std::uint32_t max_key) {
  radix_sort_by_key(
      items, scratch, [](std::uint64_t item) { return static_cast<std::uint32_t>(item >> 32); }, max_key);
}

}  // namespace treatytext::util
