// The core's one set of 64-bit keys that are hashes already (their bits uniform, such as
// detail::TermTable::hash64): open addressing with linear probing on the key's low bits, grown
// at half load. Text reuse drops repeated shingles with it: a treaty's character q-grams repeat
// about eight times each, so one probe per occurrence into a table that stays in L2 costs a
// fraction of sorting every occurrence.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace treatytext::util {

class HashSet64 {
 public:
  /// Empties the set. `expected` (a guess of the keys to come, an upper bound is fine) sizes
  /// the table, up to kMaxInitialSlots: beyond that, growing as keys arrive costs less than
  /// clearing a table too large for the cache that many distinct keys never fill.
  void reset(std::size_t expected) {
    std::size_t slots = std::bit_ceil(std::max<std::size_t>(16, 2 * expected));
    slots = std::min(slots, kMaxInitialSlots);
    slots_.assign(slots, 0);
    mask_ = slots - 1;
    size_ = 0;
    has_zero_ = false;
  }

  /// Adds key; true if it was not in the set.
  bool insert(std::uint64_t key) {
    if (key == 0) {  // 0 marks an empty slot, so the key 0 is kept aside
      const bool added = !has_zero_;
      has_zero_ = true;
      size_ += added;
      return added;
    }
    for (std::size_t i = key & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == key) return false;
      if (slots_[i] == 0) {
        slots_[i] = key;
        if (2 * ++size_ > slots_.size()) grow();
        return true;
      }
    }
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }

 private:
  static constexpr std::size_t kMaxInitialSlots = std::size_t{1} << 14;  // 128 KiB

  void grow() {
    std::vector<std::uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (const std::uint64_t key : old) {
      if (key == 0) continue;
      std::size_t i = key & mask_;
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = key;
    }
  }

  std::vector<std::uint64_t> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
  bool has_zero_ = false;
};

}  // namespace treatytext::util
