// PythonText: validation of the interpreter's character data and the composed per-option
// tables (lowercase, then strip accents, then the class of every resulting code point).
#include <algorithm>
#include <array>
#include <map>
#include <mutex>
#include <string>

#include "sklearn/internal.hpp"
#include "treatytext/error.hpp"

namespace treatytext {

namespace {

constexpr std::size_t kCodePoints = 0x110000;
constexpr std::size_t kBlocks = kCodePoints >> 8;

void check_map(const CodePointMap& map, const char* name) {
  const std::string field = std::string("PythonTextData.") + name;
  if (map.offsets.size() != map.keys.size() + 1 || map.offsets.front() != 0)
    throw invalid_argument(field + ": offsets must have one entry more than keys and start at 0");
  if (map.offsets.back() != map.values.size())
    throw invalid_argument(field + ": the last offset must equal the number of values");
  for (std::size_t i = 0; i < map.keys.size(); ++i) {
    if (map.keys[i] > sk::kMaxCodePoint)
      throw invalid_argument(field + ": key " + std::to_string(i) + " is not a code point");
    if (i > 0 && map.keys[i] <= map.keys[i - 1])
      throw invalid_argument(field + ": keys must be strictly ascending (at " + std::to_string(i) + ")");
    if (map.offsets[i + 1] < map.offsets[i])
      throw invalid_argument(field + ": offsets must not decrease (at " + std::to_string(i) + ")");
  }
  for (std::size_t i = 0; i < map.values.size(); ++i)
    if (map.values[i] > sk::kMaxCodePoint)
      throw invalid_argument(field + ": value " + std::to_string(i) + " is not a code point");
}

// The map holding cp (its index in `index`), or nullptr when cp is not a key.
const CodePointMap* find_in(const CodePointMap& map, char32_t cp, std::size_t& index) {
  const auto it = std::lower_bound(map.keys.begin(), map.keys.end(), cp);
  if (it == map.keys.end() || *it != cp) return nullptr;
  index = static_cast<std::size_t>(it - map.keys.begin());
  return &map;
}

bool has_key(const CodePointMap& map, char32_t first, char32_t last) {
  const auto it = std::lower_bound(map.keys.begin(), map.keys.end(), first);
  return it != map.keys.end() && *it < last;
}

}  // namespace

struct PythonText::Impl {
  PythonTextData data;
  std::vector<std::uint16_t> flag_stage1;
  std::vector<std::uint8_t> flag_stage2;
  std::array<std::once_flag, 6> once;
  std::array<Tables, 6> tables;

  [[nodiscard]] std::uint8_t flags(char32_t cp) const noexcept {
    return flag_stage2[(static_cast<std::size_t>(flag_stage1[cp >> 8]) << 8) | (cp & 0xFF)];
  }
  [[nodiscard]] std::uint32_t class_of(char32_t cp) const noexcept {
    const auto f = flags(cp);
    return (f & PythonTextData::kWord)    ? sk::kWordClass
           : (f & PythonTextData::kSpace) ? sk::kSpaceClass
                                          : sk::kOther;
  }

  // Appends strip(cp) to out.
  void strip(char32_t cp, StripAccents mode, std::vector<char32_t>& out) const {
    std::size_t i = 0;
    if (mode == StripAccents::none || (cp < 0x80)) {
      out.push_back(cp);
    } else if (mode == StripAccents::unicode) {
      if (find_in(data.strip_unicode, cp, i) == nullptr) {
        out.push_back(cp);
      } else {
        out.insert(out.end(), data.strip_unicode.values.begin() + data.strip_unicode.offsets[i],
                   data.strip_unicode.values.begin() + data.strip_unicode.offsets[i + 1]);
      }
    } else if (find_in(data.strip_ascii, cp, i) != nullptr) {
      out.insert(out.end(), data.strip_ascii.values.begin() + data.strip_ascii.offsets[i],
                 data.strip_ascii.values.begin() + data.strip_ascii.offsets[i + 1]);
    }
  }

  // The code points that cp becomes: lower (per character) then strip.
  void compose(char32_t cp, bool lowercase, StripAccents mode, std::vector<char32_t>& out) const {
    out.clear();
    std::size_t i = 0;
    if (lowercase && find_in(data.lower, cp, i) != nullptr) {
      for (auto k = data.lower.offsets[i]; k < data.lower.offsets[i + 1]; ++k)
        strip(data.lower.values[k], mode, out);
    } else {
      strip(cp, mode, out);
    }
  }

  void append_expansion(const std::vector<char32_t>& cps, std::vector<std::uint32_t>& pool) const {
    std::uint32_t bytes = 0;
    for (const char32_t c : cps) bytes += static_cast<std::uint32_t>(treatytext::detail::utf8_length(c));
    pool.push_back(static_cast<std::uint32_t>(cps.size()));
    pool.push_back(bytes);
    for (const char32_t c : cps) pool.push_back((static_cast<std::uint32_t>(c) << 2) | class_of(c));
  }

  void build(Tables& t, bool lowercase, StripAccents mode) const {
    std::vector<char32_t> out;
    for (char32_t c = 0; c < 0x80; ++c) {
      compose(c, lowercase, mode, out);
      // ASCII lowercases to one ASCII character and strips to itself in every Python.
      if (out.size() != 1 || out[0] >= 0x80)
        throw invalid_argument("PythonTextData: ASCII character " + std::to_string(c) +
                               " does not map to one ASCII character");
      t.ascii_byte[c] = static_cast<char>(out[0]);
      t.ascii_class[c] = static_cast<std::uint8_t>(class_of(out[0]));
      t.word_byte[c] = t.ascii_class[c] == sk::kWordClass ? static_cast<char>(out[0]) : 0;
      if (t.ascii_class[c] == sk::kWordClass && out[0] == 0)
        throw invalid_argument("PythonTextData: NUL cannot be a word character");
    }
    // The SIMD path of the word tokenizer hard-codes ASCII's rules; it is used only if this
    // interpreter agrees with them.
    t.ascii_lowercase = lowercase;
    t.ascii_standard = true;
    for (char32_t c = 0; c < 0x80; ++c) {
      const bool word =
          (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      const char32_t mapped = lowercase && c >= 'A' && c <= 'Z' ? c + 0x20 : c;
      if (word != (t.ascii_class[c] == sk::kWordClass) ||
          (word && static_cast<char32_t>(t.ascii_byte[c]) != mapped))
        t.ascii_standard = false;
    }
    std::map<std::vector<std::uint32_t>, std::uint16_t> unique_blocks;
    std::map<std::vector<char32_t>, std::uint32_t> unique_expansions;
    std::vector<std::uint32_t> block(256);
    t.stage1.assign(kBlocks, 0);
    t.pool.clear();
    std::uint32_t empty_offset = 0;
    if (mode == StripAccents::ascii) {
      empty_offset = static_cast<std::uint32_t>(t.pool.size());
      unique_expansions.try_emplace(std::vector<char32_t>{}, empty_offset);
      append_expansion({}, t.pool);
    }
    for (std::size_t b = 0; b < kBlocks; ++b) {
      const auto first = static_cast<char32_t>(b << 8);
      const auto last = static_cast<char32_t>((b + 1) << 8);
      const bool mapped = (lowercase && has_key(data.lower, first, last)) ||
                          (mode == StripAccents::unicode && has_key(data.strip_unicode, first, last)) ||
                          (mode == StripAccents::ascii && (b == 0 || has_key(data.strip_ascii, first, last)));
      // Most blocks hold no mapped character: each is itself (or, for ASCII stripping, nothing).
      for (std::size_t low = 0; low < 256 && !mapped; ++low)
        block[low] = mode == StripAccents::ascii ? (sk::kExpansion | empty_offset) : class_of(first + low);
      for (std::size_t low = 0; low < 256 && mapped; ++low) {
        const auto cp = static_cast<char32_t>((b << 8) | low);
        compose(cp, lowercase, mode, out);
        if (out.size() == 1 && out[0] == cp) {
          block[low] = class_of(cp);
          continue;
        }
        if (lowercase && cp == 0x3A3) {
          // Not final (lower gives U+03C3), then final (U+03C2), each stripped.
          const auto offset = static_cast<std::uint32_t>(t.pool.size());
          append_expansion(out, t.pool);
          std::vector<char32_t> final_form;
          strip(0x3C2, mode, final_form);
          append_expansion(final_form, t.pool);
          block[low] = sk::kExpansion | sk::kSigma | offset;
          continue;
        }
        const auto [it, fresh] =
            unique_expansions.try_emplace(out, static_cast<std::uint32_t>(t.pool.size()));
        if (fresh) append_expansion(out, t.pool);
        block[low] = sk::kExpansion | it->second;
      }
      auto [it, fresh] = unique_blocks.try_emplace(block, static_cast<std::uint16_t>(unique_blocks.size()));
      if (fresh) t.stage2.insert(t.stage2.end(), block.begin(), block.end());
      t.stage1[b] = it->second;
    }
    if (t.pool.size() > sk::kOffsetMask) throw invalid_argument("PythonTextData: expansion tables too large");
  }
};

PythonText::PythonText(PythonTextData data) : impl_(std::make_unique<Impl>()) {
  if (data.flags.size() != kCodePoints)
    throw invalid_argument("PythonTextData.flags: expected " + std::to_string(kCodePoints) +
                           " entries, got " + std::to_string(data.flags.size()));
  check_map(data.lower, "lower");
  check_map(data.strip_unicode, "strip_unicode");
  check_map(data.strip_ascii, "strip_ascii");
  auto& d = *impl_;
  d.data = std::move(data);
  std::map<std::string, std::uint16_t> unique_blocks;
  d.flag_stage1.assign(kBlocks, 0);
  for (std::size_t b = 0; b < kBlocks; ++b) {
    const std::string block(reinterpret_cast<const char*>(d.data.flags.data()) + (b << 8), 256);
    auto [it, fresh] = unique_blocks.try_emplace(block, static_cast<std::uint16_t>(unique_blocks.size()));
    if (fresh) d.flag_stage2.insert(d.flag_stage2.end(), block.begin(), block.end());
    d.flag_stage1[b] = it->second;
  }
  d.data.flags.clear();
  d.data.flags.shrink_to_fit();
}

PythonText::~PythonText() = default;

std::uint8_t PythonText::flags(char32_t code_point) const noexcept {
  return code_point > sk::kMaxCodePoint ? 0 : impl_->flags(code_point);
}

const PythonText::Tables& PythonText::tables(bool lowercase, StripAccents strip) const {
  const std::size_t k = (lowercase ? 3 : 0) + static_cast<std::size_t>(strip);
  std::call_once(impl_->once[k], [&] { impl_->build(impl_->tables[k], lowercase, strip); });
  return impl_->tables[k];
}

}  // namespace treatytext
