// Internal to the analyzer: a map from short strings to short strings (or a set, when values
// are left empty), for the stop-word set and the per-context word -> stem cache. Its keys live
// in the engine's one string hash table (Vocabulary, one hash function for every table); the
// values in one arena beside it, so that nothing is allocated per entry.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/vocabulary.hpp"

namespace treatytext::detail {

/// Strings to strings, or to the `dropped` marker (a stop word in the stem cache).
class StringTable {
 public:
  /// What find() reports.
  enum class Found : std::uint8_t { absent, value, dropped };
  /// What a lookup computes from a key's bytes, once per key (see Vocabulary::lookup).
  using Key = Vocabulary::Lookup;
  [[nodiscard]] static Key key(std::string_view text) noexcept { return Vocabulary::lookup(text); }

  [[nodiscard]] Found find(std::string_view text, const Key& key,
                           std::string_view* value = nullptr) const noexcept {
    const TermId id = keys_.find(text, key);
    if (id == kNoTerm) return Found::absent;
    const Value& v = values_[static_cast<std::size_t>(id)];
    if (v.length == kDropped) return Found::dropped;
    if (value != nullptr)
      *value = v.length == kSameAsKey ? keys_.term_unchecked(id)
                                      : std::string_view(arena_).substr(v.offset, v.length);
    return Found::value;
  }
  /// Inserts `text` (which must be absent) with a value, or as dropped when `dropped` is true.
  void insert(std::string_view text, const Key& key, std::string_view value, bool dropped = false) {
    keys_.add(text, key);
    bytes_ += text.size();
    if (dropped) {
      values_.push_back({0, kDropped});
    } else if (value == text) {
      values_.push_back({0, kSameAsKey});  // a word that is its own stem is stored once
    } else {
      values_.push_back(
          {static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(value.size())});
      arena_.append(value);
      bytes_ += value.size();
    }
  }
  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }
  /// Bytes of keys and values stored.
  [[nodiscard]] std::size_t arena_bytes() const noexcept { return bytes_; }
  void clear() noexcept {
    keys_ = Vocabulary{};
    values_.clear();
    arena_.clear();
    bytes_ = 0;
  }

 private:
  static constexpr std::uint32_t kDropped = 0xFFFFFFFFu;
  static constexpr std::uint32_t kSameAsKey = 0xFFFFFFFEu;
  struct Value {
    std::uint32_t offset;
    std::uint32_t length;
  };
  Vocabulary keys_;
  std::vector<Value> values_;  // by key id
  std::string arena_;
  std::size_t bytes_ = 0;
};

}  // namespace treatytext::detail
