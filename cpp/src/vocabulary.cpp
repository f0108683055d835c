#include "treatytext/vocabulary.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "treatytext/error.hpp"

namespace treatytext {

namespace {

__extension__ using uint128 = unsigned __int128;

constexpr std::uint64_t kP0 = 0xa0761d6478bd642fULL;
constexpr std::uint64_t kP1 = 0xe7037ed1a0b428dbULL;
constexpr std::uint64_t kP2 = 0x8ebc6af09c88c6e3ULL;

// 64x64 -> 128 multiply folded to 64 bits: the mixing step of wyhash, strong and cheap.
inline std::uint64_t mum(std::uint64_t a, std::uint64_t b) noexcept {
  const uint128 r = static_cast<uint128>(a) * b;
  return static_cast<std::uint64_t>(r) ^ static_cast<std::uint64_t>(r >> 64);
}

inline std::uint64_t load64(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline std::uint64_t load32(const char* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

constexpr std::size_t kMaxTerms = static_cast<std::size_t>(std::numeric_limits<TermId>::max());

}  // namespace

std::uint32_t Vocabulary::hash(std::string_view term) noexcept {
  const char* p = term.data();
  std::size_t n = term.size();
  std::uint64_t h = kP0 ^ (static_cast<std::uint64_t>(n) * kP2);
  while (n > 16) {
    h = mum(load64(p) ^ kP1, load64(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  if (n >= 8) {
    a = load64(p);
    b = load64(p + n - 8);  // overlapping read covers 8..16 bytes without a loop
  } else if (n >= 4) {
    a = load32(p);
    b = load32(p + n - 4);
  } else if (n > 0) {
    a = (static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
        (static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
        static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1]));
  }
  h = mum(a ^ kP1, b ^ h);
  h = mum(h ^ kP0, static_cast<std::uint64_t>(term.size()) ^ kP2);
  return static_cast<std::uint32_t>(h >> 32);
}

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

void Vocabulary::reserve(std::size_t terms, std::size_t bytes) {
  arena_.reserve(bytes);
  offsets_.reserve(terms + 1);
  tags_.reserve(terms);
  while (table_.size() < 2 * terms) grow_table();
}

TermId Vocabulary::add(std::string_view term, std::uint32_t tag) {
  if (2 * (size() + 1) > table_.size()) grow_table();
  const std::size_t mask = table_.size() - 1;
  std::size_t slot = tag & mask;
  while (true) {
    const TermId id = table_[slot];
    if (id == kNoTerm) break;
    if (tags_[static_cast<std::size_t>(id)] == tag && term_unchecked(id) == term) return id;
    slot = (slot + 1) & mask;
  }
  if (size() >= kMaxTerms) throw invalid_argument("vocabulary is full: 2^31 - 1 terms");
  const auto id = static_cast<TermId>(size());
  arena_.append(term);
  offsets_.push_back(arena_.size());
  tags_.push_back(tag);
  table_[slot] = id;
  return id;
}

TermId Vocabulary::find(std::string_view term, std::uint32_t tag) const noexcept {
  if (table_.empty()) return kNoTerm;
  const std::size_t mask = table_.size() - 1;
  std::size_t slot = tag & mask;
  while (true) {
    const TermId id = table_[slot];
    if (id == kNoTerm) return kNoTerm;
    if (tags_[static_cast<std::size_t>(id)] == tag && term_unchecked(id) == term) return id;
    slot = (slot + 1) & mask;
  }
}

void Vocabulary::grow_table() {
  // Slots are addressed by the stored tag, so growing re-places ids without touching term bytes.
  const std::size_t new_size = table_.empty() ? 16 : 2 * table_.size();
  table_.assign(new_size, kNoTerm);
  const std::size_t mask = new_size - 1;
  for (std::size_t id = 0; id < tags_.size(); ++id) {
    std::size_t slot = tags_[id] & mask;
    while (table_[slot] != kNoTerm) slot = (slot + 1) & mask;
    table_[slot] = static_cast<TermId>(id);
  }
}

std::string_view Vocabulary::term(TermId id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= size())
    throw invalid_argument("term id " + std::to_string(id) + " out of range [0, " + std::to_string(size()) +
                           ")");
  return term_unchecked(id);
}

std::size_t Vocabulary::memory_bytes() const noexcept {
  return arena_.capacity() + offsets_.capacity() * sizeof(std::uint64_t) +
         table_.capacity() * sizeof(TermId) + tags_.capacity() * sizeof(std::uint32_t);
}

std::vector<TermId> Vocabulary::sorted_ids() const {
  std::vector<TermId> ids(size());
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = static_cast<TermId>(i);
  // char_traits<char>::compare orders bytes as unsigned char, so this is code point order.
  std::sort(ids.begin(), ids.end(),
            [this](TermId a, TermId b) { return term_unchecked(a) < term_unchecked(b); });
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

}  // namespace treatytext
