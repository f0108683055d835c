#include "treatytext/vocabulary.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>

#include "treatytext/error.hpp"
#include "util/bytes.hpp"

namespace treatytext {

namespace {

constexpr std::size_t kMaxTerms = static_cast<std::size_t>(std::numeric_limits<TermId>::max());
constexpr std::string_view kVocabularyTag = "treatytext.Vocabulary/1";

}  // namespace

Vocabulary::Vocabulary(const std::vector<std::string>& terms) {
  std::size_t bytes = 0;
  for (const auto& t : terms) bytes += t.size();
  reserve(terms.size(), bytes);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const TermId id = add(terms[i]);
    if (static_cast<std::size_t>(id) != i)
      throw invalid_argument("duplicate term '" + terms[i] + "' at positions " + std::to_string(id) +
                             " and " + std::to_string(i));
  }
}

void detail::TermTable::reserve(std::size_t terms, std::size_t bytes) {
  arena_.reserve(bytes);
  offsets_.reserve(terms + 1);
  tags_.reserve(terms);
  while (table_.size() < 2 * terms) grow_table();
}

TermId detail::TermTable::insert(std::string_view term, std::uint32_t tag, std::size_t slot) {
  if (size() >= kMaxTerms) throw invalid_argument("vocabulary is full: 2^31 - 1 terms");
  const auto id = static_cast<TermId>(size());
  arena_.append(term);
  offsets_.push_back(arena_.size());
  tags_.push_back(tag);
  table_[slot] = Slot{tag, id, key_of(id)};
  return id;
}

void detail::TermTable::grow_table() {
  // Slots are addressed by the stored tag and carry their key, so growing re-places them without
  // touching term bytes.
  const std::size_t new_size = table_.empty() ? 16 : 2 * table_.size();
  std::vector<Slot> old(new_size, Slot{});
  old.swap(table_);
  const std::size_t mask = new_size - 1;
  for (const Slot& s : old) {
    if (s.id == kNoTerm) continue;
    std::size_t slot = s.tag & mask;
    while (table_[slot].id != kNoTerm) slot = (slot + 1) & mask;
    table_[slot] = s;
  }
}

std::string_view Vocabulary::term(TermId id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= size())
    throw invalid_argument("term id " + std::to_string(id) + " out of range [0, " + std::to_string(size()) +
                           ")");
  return term_unchecked(id);
}

std::size_t detail::TermTable::memory_bytes() const noexcept {
  return arena_.capacity() + offsets_.capacity() * sizeof(std::uint64_t) + table_.capacity() * sizeof(Slot) +
         tags_.capacity() * sizeof(std::uint32_t);
}

std::vector<TermId> Vocabulary::sorted_ids() const {
  // Sorted by (the first 8 bytes as a big-endian number, zero-padded; then all the bytes): most
  // comparisons are then one integer comparison instead of a call to compare strings. Padding
  // keeps the order, as equal prefixes fall back to the bytes. char_traits<char>::compare
  // orders bytes as unsigned char, so this is code point order.
  std::vector<std::pair<std::uint64_t, TermId>> keys(size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string_view term = term_unchecked(static_cast<TermId>(i));
    std::uint64_t prefix = 0;
    for (std::size_t k = 0; k < 8; ++k)
      prefix = (prefix << 8) | (k < term.size() ? static_cast<unsigned char>(term[k]) : 0u);
    keys[i] = {prefix, static_cast<TermId>(i)};
  }
  std::sort(keys.begin(), keys.end(), [this](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return term_unchecked(a.second) < term_unchecked(b.second);
  });
  std::vector<TermId> ids(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) ids[i] = keys[i].second;
  return ids;
}

Vocabulary Vocabulary::select(const std::vector<TermId>& ids) const {
  Vocabulary result;
  std::size_t bytes = 0;
  for (const TermId id : ids) {
    if (id < 0 || static_cast<std::size_t>(id) >= size())
      throw invalid_argument("select: term id " + std::to_string(id) + " out of range [0, " +
                             std::to_string(size()) + ")");
    bytes += offsets_[static_cast<std::size_t>(id) + 1] - offsets_[static_cast<std::size_t>(id)];
  }
  result.reserve(ids.size(), bytes);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (static_cast<std::size_t>(result.add(term_unchecked(ids[i]), tag(ids[i]))) != i)
      throw invalid_argument("select: term id " + std::to_string(ids[i]) + " is repeated");
  }
  return result;
}

std::vector<std::string> Vocabulary::terms() const {
  std::vector<std::string> result;
  result.reserve(size());
  for (std::size_t i = 0; i < size(); ++i) result.emplace_back(term_unchecked(static_cast<TermId>(i)));
  return result;
}

std::string Vocabulary::to_bytes() const {
  detail::ByteWriter out;
  out.bytes(kVocabularyTag);
  out.varint(size());
  for (std::size_t i = 0; i < size(); ++i) out.varint(offsets_[i + 1] - offsets_[i]);
  out.bytes(arena_);
  return std::move(out).take();
}

Vocabulary Vocabulary::from_bytes(std::string_view bytes) {
  detail::ByteReader in(bytes, "vocabulary bytes");
  if (in.bytes(std::min(bytes.size(), kVocabularyTag.size())) != kVocabularyTag)
    in.fail("not a treatytext vocabulary (tag '" + std::string(kVocabularyTag) + "' expected)", 0);
  // Every term needs at least one byte of length, which bounds the count before allocating.
  const auto terms = static_cast<std::size_t>(in.varint_at_most(bytes.size(), "term count"));
  std::vector<std::size_t> lengths(terms);
  std::size_t total = 0;
  for (auto& length : lengths) {
    length = static_cast<std::size_t>(in.varint_at_most(bytes.size(), "term length"));
    total += length;
  }
  const std::string_view arena = in.bytes(total);
  if (!in.done()) in.fail("trailing bytes after the terms");
  Vocabulary result;
  result.reserve(terms, total);
  std::size_t at = 0;
  for (std::size_t i = 0; i < terms; ++i) {
    const auto term = arena.substr(at, lengths[i]);
    if (static_cast<std::size_t>(result.add(term)) != i)
      throw invalid_argument("vocabulary bytes: term " + std::to_string(i) + " repeats term " +
                             std::to_string(result.find(term)));
    at += lengths[i];
  }
  return result;
}

}  // namespace treatytext
