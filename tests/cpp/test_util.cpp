// The shared primitives of cpp/src/util and treatytext/detail: radix sort, float rounding,
// number formatting, the TREATYTEXT_SIMD parser and the UTF-8 codec, each against a naive
// reference or hand-computed values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "treatytext/detail/utf8.hpp"
#include "treatytext/error.hpp"
#include "treatytext/text.hpp"
#include "util/float_rounding.hpp"
#include "util/format.hpp"
#include "util/hash_set.hpp"
#include "util/radix_sort.hpp"
#include "util/simd.hpp"

namespace tt = treatytext;
namespace util = treatytext::util;

namespace {

using Item = std::pair<std::uint32_t, int>;  // (key, original position)

}  // namespace

TEST(RadixSort, MatchesStableSortForEverySizeAndKeyWidth) {
  std::mt19937_64 rng(7);
  std::vector<Item> scratch;
  // Sizes on both sides of the insertion-sort threshold; key ranges of one to four bytes, with
  // many duplicates (small ranges) so that stability is tested too.
  for (const std::size_t n : {0u, 1u, 2u, 5u, 31u, 32u, 33u, 100u, 1000u, 5000u}) {
    for (const std::uint32_t max_key : {0u, 1u, 9u, 255u, 256u, 70000u, 1u << 24, 0xFFFFFFFFu}) {
      std::vector<Item> items(n);
      for (std::size_t i = 0; i < n; ++i)
        items[i] = {static_cast<std::uint32_t>(rng() % (std::uint64_t{max_key} + 1)), static_cast<int>(i)};
      std::vector<Item> expected = items;
      std::stable_sort(expected.begin(), expected.end(),
                       [](const Item& a, const Item& b) { return a.first < b.first; });
      util::radix_sort_by_key(
          items, scratch, [](const Item& item) { return item.first; }, max_key);
      EXPECT_EQ(items, expected) << "n = " << n << ", max_key = " << max_key;
    }
  }
}

TEST(RadixSort, HighWordsSortByKeyKeepingTheLowWordsOrder) {
  // (column << 32 | position): sorted by column, equal columns in position order.
  std::vector<std::uint64_t> items, scratch;
  const std::uint32_t columns[] = {5, 3, 5, 0, 3, 3, 9, 0};
  for (std::uint32_t i = 0; i < 8; ++i) items.push_back(std::uint64_t{columns[i]} << 32 | i);
  for (std::uint32_t i = 8; i < 40; ++i) items.push_back(std::uint64_t{(i * 7) % 10} << 32 | i);
  std::vector<std::uint64_t> expected = items;
  std::sort(expected.begin(), expected.end());  // the positions are distinct: plain sort = stable
  util::radix_sort_high_words(items, scratch, 9);
  EXPECT_EQ(items, expected);
  std::vector<std::uint64_t> few(items.begin(), items.begin() + 8);
  std::reverse(few.begin(), few.end());
  std::vector<std::uint64_t> few_expected = few;
  std::stable_sort(few_expected.begin(), few_expected.end(),
                   [](std::uint64_t a, std::uint64_t b) { return a >> 32 < b >> 32; });
  util::radix_sort_high_words(few, scratch, 9);
  EXPECT_EQ(few, few_expected);
}

TEST(HashSet64, InsertsEachKeyOnceThroughGrowthAndResets) {
  treatytext::util::HashSet64 seen;
  std::mt19937_64 rng(7);
  for (const std::size_t expected : {0u, 10u, 100000u}) {
    seen.reset(expected);
    std::set<std::uint64_t> reference;
    // Keys that collide in the low bits (where probing starts) and the empty-slot marker 0.
    std::vector<std::uint64_t> keys = {0, 0, 1u << 20, 2u << 20, 3u << 20, 1u << 20};
    for (int i = 0; i < 60000; ++i) keys.push_back(rng() % 20000 * 0x9E3779B97F4A7C15ull);
    for (const std::uint64_t key : keys) {
      EXPECT_EQ(seen.insert(key), reference.insert(key).second) << key;
      ASSERT_EQ(seen.size(), reference.size());
    }
    for (const std::uint64_t key : keys) EXPECT_FALSE(seen.insert(key));
  }
  seen.reset(4);
  EXPECT_EQ(seen.size(), 0u);
  EXPECT_TRUE(seen.insert(0));
  EXPECT_TRUE(seen.insert(42));
}

TEST(FloatRounding, NeverBelowTheDoubleAndTheClosestSuchFloat) {
  EXPECT_EQ(util::round_up_to_float(0.5), 0.5f);  // exact: unchanged
  EXPECT_EQ(util::round_up_to_float(0.0), 0.0f);
  const double third = 1.0 / 3.0;
  const float up = util::round_up_to_float(third);
  EXPECT_GE(static_cast<double>(up), third);
  EXPECT_LT(static_cast<double>(std::nextafter(up, 0.0f)), third);
  const double minus_third = -1.0 / 3.0;
  const float up_negative = util::round_up_to_float(minus_third);
  EXPECT_GE(static_cast<double>(up_negative), minus_third);
  EXPECT_LT(static_cast<double>(std::nextafter(up_negative, -1.0f)), minus_third);
  EXPECT_EQ(util::round_up_to_float(std::numeric_limits<double>::infinity()),
            std::numeric_limits<float>::infinity());
  // Above the largest float: infinity, still not below.
  EXPECT_EQ(util::round_up_to_float(1e300), std::numeric_limits<float>::infinity());
}

TEST(FormatNumber, WritesNumbersAsMessagesShowThem) {
  EXPECT_EQ(util::format_number(1.5), "1.5");
  EXPECT_EQ(util::format_number(2.0), "2");
  EXPECT_EQ(util::format_number(-0.25), "-0.25");
  EXPECT_EQ(util::format_number(1e6), "1e+06");
  EXPECT_EQ(util::format_number(1.0 / 3.0), "0.333333");
  EXPECT_EQ(util::format_number(std::numeric_limits<double>::infinity()), "inf");
}

TEST(SimdLevel, ParsesTheFourNamesAndRefusesOthers) {
  EXPECT_EQ(util::parse_simd_level(""), util::SimdLevel::amx);
  EXPECT_EQ(util::parse_simd_level("amx"), util::SimdLevel::amx);
  EXPECT_EQ(util::parse_simd_level("avx512"), util::SimdLevel::avx512);
  EXPECT_EQ(util::parse_simd_level("avx2"), util::SimdLevel::avx2);
  EXPECT_EQ(util::parse_simd_level("baseline"), util::SimdLevel::baseline);
  EXPECT_LT(util::SimdLevel::baseline, util::SimdLevel::avx2);
  EXPECT_LT(util::SimdLevel::avx512, util::SimdLevel::amx);
  try {
    (void)util::parse_simd_level("AVX512");
    FAIL() << "expected invalid_argument";
  } catch (const tt::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "TREATYTEXT_SIMD = 'AVX512' is invalid: use baseline, avx2, avx512 or amx (or leave it unset)");
  }
}

TEST(Utf8, WritesAndReadsEveryLengthAndTheLimits) {
  const std::pair<char32_t, std::string> cases[] = {
      {U'A', "A"},
      {0x7F, "\x7F"},
      {0x80, "\xC2\x80"},
      {U'é', "\xC3\xA9"},
      {0x7FF, "\xDF\xBF"},
      {0x800, "\xE0\xA0\x80"},
      {U'€', "\xE2\x82\xAC"},
      {0xD800, "\xED\xA0\x80"},  // a surrogate, as "surrogatepass" writes it
      {0xFFFF, "\xEF\xBF\xBF"},
      {0x10000, "\xF0\x90\x80\x80"},
      {0x10FFFF, "\xF4\x8F\xBF\xBF"},
  };
  for (const auto& [cp, bytes] : cases) {
    char out[4];
    const char* end = tt::detail::write_utf8(out, cp);
    EXPECT_EQ(std::string(static_cast<const char*>(out), end), bytes) << static_cast<std::uint32_t>(cp);
    EXPECT_EQ(tt::detail::utf8_length(cp), bytes.size());
    std::size_t pos = 0;
    EXPECT_EQ(tt::detail::read_utf8(bytes, pos), cp);
    EXPECT_EQ(pos, bytes.size());
    std::string appended = "x";
    tt::append_utf8(appended, cp);
    EXPECT_EQ(appended, "x" + bytes);
  }
}

TEST(Utf8, MalformedBytesReadAsReplacementOneByteAtATime) {
  // Each case: bytes, then the code points read and the position after each.
  const std::string broken[] = {
      "\x80",              // stray continuation
      "\xC3",              // truncated 2-byte
      "\xE2\x82",          // truncated 3-byte
      "\xC0\xAF",          // overlong '/'
      "\xE0\x80\xAF",      // overlong 3-byte
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xF5\x80\x80\x80",  // lead byte never valid
      "\xE2\x41\x41",      // lead followed by ASCII
  };
  for (const std::string& bytes : broken) {
    std::size_t pos = 0;
    EXPECT_EQ(tt::detail::read_utf8(bytes, pos), char32_t{0xFFFD}) << bytes;
    EXPECT_EQ(pos, 1u) << bytes;
  }
  // Reading a whole broken text never passes its end and resynchronises on the next lead.
  const std::string text = "a\xE2\x82z\xF0\x9F\x98\x80";
  std::vector<char32_t> read;
  for (std::size_t pos = 0; pos < text.size();) read.push_back(tt::decode_utf8(text, pos));
  EXPECT_EQ(read, (std::vector<char32_t>{U'a', 0xFFFD, 0xFFFD, U'z', 0x1F600}));
}
