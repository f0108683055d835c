// Internal to the analyzer: a fast hash of short strings and an open-addressing table from
// short strings to short strings, both stored in one arena (no allocation per entry). Used
// for the stop-word set and for the per-context word -> stem cache.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/detail/hash.hpp"

namespace treatytext::detail {

/// A wyhash-style hash for short keys: words are mostly under 16 bytes, so the tail is read
/// with overlapping loads instead of a byte loop. Never returns 0 (0 marks an empty slot).
inline std::uint64_t hash_bytes(std::string_view key) noexcept {
  constexpr std::uint64_t k0 = kHashP0, k1 = kHashP1;
  const char* p = key.data();
  std::size_t n = key.size();
  std::uint64_t seed = k0 ^ n;
  while (n > 16) {
    seed = mix(load64(p) ^ k1, load64(p + 8) ^ seed);
    p += 16;
    n -= 16;
  }
  std::uint64_t a = 0, b = 0;
  if (n >= 8) {
    a = load64(p);
    b = load64(p + n - 8);
  } else if (n >= 4) {
    a = load32(p);
    b = load32(p + n - 4);
  } else if (n > 0) {
    const auto byte = [&](std::size_t i) {
      return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i]));
    };
    a = (byte(0) << 16) | (byte(n >> 1) << 8) | byte(n - 1);
  }
  const std::uint64_t h = mix(a ^ k1, b ^ seed);
  return h | 1;
}

/// Open-addressing (linear probing) map from strings to strings, or a set when the value is
/// left empty. Values may also be the `dropped` marker (a stop word in the stem cache).
class StringTable {
 public:
  /// What find() reports.
  enum class Found : std::uint8_t { absent, value, dropped };

  [[nodiscard]] Found find(std::string_view key, std::uint64_t hash,
                           std::string_view* value = nullptr) const noexcept {
    if (slots_.empty()) return Found::absent;
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      const Slot& slot = slots_[i];
      if (slot.hash == 0) return Found::absent;
      if (slot.hash == hash && slot.key_length == key.size() &&
          std::memcmp(arena_.data() + slot.key_offset, key.data(), key.size()) == 0) {
        if (slot.value_length == kDropped) return Found::dropped;
        if (value) *value = std::string_view(arena_.data() + slot.value_offset, slot.value_length);
        return Found::value;
      }
    }
  }

  /// Inserts key (which must be absent) with a value, or as dropped when `dropped` is true.
  void insert(std::string_view key, std::uint64_t hash, std::string_view value, bool dropped = false) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    Slot slot{hash, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(key.size()), 0, 0};
    arena_.append(key);
    if (dropped) {
      slot.value_length = kDropped;
    } else if (value == key) {
      slot.value_offset = slot.key_offset;  // a word that is its own stem is stored once
      slot.value_length = slot.key_length;
    } else {
      slot.value_offset = static_cast<std::uint32_t>(arena_.size());
      slot.value_length = static_cast<std::uint32_t>(value.size());
      arena_.append(value);
    }
    place(slot);
    ++size_;
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] std::size_t arena_bytes() const noexcept { return arena_.size(); }
  void clear() noexcept {
    slots_.assign(slots_.size(), Slot{});
    arena_.clear();
    size_ = 0;
  }

 private:
  static constexpr std::uint32_t kDropped = 0xFFFFFFFFu;
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t key_offset = 0, key_length = 0, value_offset = 0, value_length = 0;
  };

  void place(const Slot& slot) noexcept {
    std::size_t i = slot.hash & mask_;
    while (slots_[i].hash != 0) i = (i + 1) & mask_;
    slots_[i] = slot;
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old)
      if (slot.hash != 0) place(slot);
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
  std::string arena_;
};

}  // namespace treatytext::detail
