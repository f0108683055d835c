#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "treatytext/error.hpp"
#include "treatytext/vocabulary.hpp"

using treatytext::kNoTerm;
using treatytext::TermId;
using treatytext::Vocabulary;

TEST(Vocabulary, AddAssignsDenseIdsInInsertionOrder) {
  Vocabulary v;
  EXPECT_TRUE(v.empty());
  EXPECT_EQ(v.add("party"), 0);
  EXPECT_EQ(v.add("treaty"), 1);
  EXPECT_EQ(v.add("party"), 0);
  EXPECT_EQ(v.add(""), 2);  // the empty term is a term like any other
  EXPECT_EQ(v.size(), 3u);
  EXPECT_EQ(v.find("treaty"), 1);
  EXPECT_EQ(v.find(""), 2);
  EXPECT_EQ(v.find("article"), kNoTerm);
  EXPECT_EQ(v.term(1), "treaty");
  EXPECT_THROW((void)v.term(3), treatytext::invalid_argument);
  EXPECT_THROW((void)v.term(-1), treatytext::invalid_argument);
}

TEST(Vocabulary, FindOnEmptyVocabulary) {
  const Vocabulary v;
  EXPECT_EQ(v.find("x"), kNoTerm);
  EXPECT_TRUE(v.sorted_ids().empty());
  EXPECT_TRUE(v.terms().empty());
}

TEST(Vocabulary, ConstructorKeepsPositionsAndRejectsDuplicates) {
  const Vocabulary v(std::vector<std::string>{"b", "a", "c"});
  EXPECT_EQ(v.find("b"), 0);
  EXPECT_EQ(v.find("c"), 2);
  EXPECT_EQ(v.terms(), (std::vector<std::string>{"b", "a", "c"}));
  try {
    Vocabulary(std::vector<std::string>{"x", "y", "x"});
    FAIL() << "duplicate accepted";
  } catch (const treatytext::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("duplicate term 'x' at positions 0 and 2"), std::string::npos)
        << e.what();
  }
}

// 400,000 random terms make about 19 pairs of equal 32-bit tags (birthday bound), so
// this also checks that lookups fall back to comparing bytes when tags collide.
TEST(Vocabulary, ManyTermsWithTagCollisionsStayExact) {
  std::mt19937_64 random(7);
  std::vector<std::string> terms;
  std::unordered_map<std::string, TermId> reference;
  Vocabulary v;
  while (terms.size() < 400'000) {
    std::string term(1 + random() % 12, 'a');
    for (auto& c : term) c = static_cast<char>('a' + random() % 26);
    const auto [it, inserted] = reference.emplace(term, static_cast<TermId>(reference.size()));
    ASSERT_EQ(v.add(term), it->second);
    if (inserted) terms.push_back(term);
  }
  ASSERT_EQ(v.size(), terms.size());
  for (std::size_t i = 0; i < terms.size(); ++i) ASSERT_EQ(v.find(terms[i]), static_cast<TermId>(i));
  EXPECT_EQ(v.find("not-a-generated-term"), kNoTerm);
  std::vector<std::uint32_t> tags;
  for (std::size_t i = 0; i < v.size(); ++i) tags.push_back(v.tag(static_cast<TermId>(i)));
  std::sort(tags.begin(), tags.end());
  EXPECT_NE(std::adjacent_find(tags.begin(), tags.end()), tags.end()) << "no tag collision was exercised";
  // Compact: arena bytes plus at most ~64 bytes of bookkeeping per term (16-byte hash slots at a
  // load factor of 1/4 to 1/2, an 8-byte offset and a 4-byte tag, vectors up to twice full).
  std::size_t bytes = 0;
  for (const auto& t : terms) bytes += t.size();
  EXPECT_LT(v.memory_bytes(), bytes * 2 + 64 * terms.size());
}

TEST(Vocabulary, SortedIdsFollowCodePointOrderLikePython) {
  // Python: sorted(["zebra", "Äpfel", "apple", "éclair", "Zoo", "a", "日本"])
  //   == ['Zoo', 'a', 'apple', 'zebra', 'Äpfel', 'éclair', '日本']
  const Vocabulary v(std::vector<std::string>{"zebra", "Äpfel", "apple", "éclair", "Zoo", "a", "日本"});
  std::vector<std::string> sorted;
  for (const TermId id : v.sorted_ids()) sorted.emplace_back(v.term(id));
  EXPECT_EQ(sorted, (std::vector<std::string>{"Zoo", "a", "apple", "zebra", "Äpfel", "éclair", "日本"}));
}

TEST(Vocabulary, SortedIdsEqualByteOrderAcrossSharedPrefixesAndNulBytes) {
  // sorted_ids compares 8-byte prefixes first: terms that share them, are prefixes of each
  // other, hold NUL bytes (which equal the padding) or bytes >= 0x80 must still sort as bytes.
  using namespace std::string_literals;
  std::vector<std::string> terms{
      "ab"s,           "ab\0"s, "ab\0x"s, "abcdefgh"s, "abcdefghi"s,     "abcdefgh\xff"s, "abcdefgh\0"s,
      "abcdefgg\xff"s, ""s,     "\0"s,    "\xff\xff"s, "abcdefgh\x01z"s, "\xc3\xa9"s,     "e"s};
  std::mt19937 random(7);
  for (int i = 0; i < 2000; ++i) {  // random terms over a small alphabet: many shared prefixes
    std::string t(static_cast<std::size_t>(random() % 14), 'a');
    for (auto& c : t) c = "ab\0\xff"[random() % 4];
    terms.push_back(t);
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  std::vector<std::string> shuffled = terms;
  std::shuffle(shuffled.begin(), shuffled.end(), random);
  const Vocabulary v(shuffled);
  std::vector<std::string> sorted;
  for (const TermId id : v.sorted_ids()) sorted.emplace_back(v.term(id));
  EXPECT_EQ(sorted, terms);
}

TEST(Vocabulary, SelectBuildsANewVocabularyInTheGivenOrder) {
  const Vocabulary v(std::vector<std::string>{"a", "b", "c", "d"});
  const Vocabulary s = v.select({3, 0});
  EXPECT_EQ(s.terms(), (std::vector<std::string>{"d", "a"}));
  EXPECT_EQ(s.find("a"), 1);
  EXPECT_EQ(s.find("b"), kNoTerm);
  EXPECT_TRUE(v.select({}).empty());
  EXPECT_THROW((void)v.select({0, 4}), treatytext::invalid_argument);
  EXPECT_THROW((void)v.select({1, 1}), treatytext::invalid_argument);
}

TEST(Vocabulary, EqualityComparesTermsInOrder) {
  const Vocabulary a(std::vector<std::string>{"x", "y"});
  const Vocabulary b(std::vector<std::string>{"x", "y"});
  const Vocabulary c(std::vector<std::string>{"y", "x"});
  const Vocabulary d(std::vector<std::string>{"xy"});
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  EXPECT_FALSE(a == d);  // same bytes, different split
}

TEST(Vocabulary, LongAndBinaryTerms) {
  Vocabulary v;
  const std::string long_term(100'000, 'q');
  const std::string with_nul("a\0b", 3);
  EXPECT_EQ(v.add(long_term), 0);
  EXPECT_EQ(v.add(with_nul), 1);
  EXPECT_EQ(v.add(std::string("a\0c", 3)), 2);
  EXPECT_EQ(v.find(long_term), 0);
  EXPECT_EQ(v.find(with_nul), 1);
  EXPECT_EQ(v.term(1).size(), 3u);
}

TEST(Vocabulary, HashDependsOnEveryByte) {
  // Lengths around the 4/8/16-byte boundaries of the hash's loads.
  for (std::size_t length : {1u, 3u, 4u, 7u, 8u, 9u, 15u, 16u, 17u, 31u, 33u}) {
    std::string base(length, 'k');
    const auto h = Vocabulary::hash(base);
    for (std::size_t i = 0; i < length; ++i) {
      std::string changed = base;
      changed[i] = 'm';
      EXPECT_NE(Vocabulary::hash(changed), h) << "length " << length << " byte " << i;
    }
  }
}

TEST(Vocabulary, PaddedLookupEqualsLookupAtEveryLength) {
  // lookup_padded reads 16 bytes from a term's start whatever its length: the term sits in a
  // buffer followed by other bytes (random, so that the masking of short terms is exercised).
  std::mt19937 random(7);
  std::string buffer(64, '\0');
  for (char& c : buffer) c = static_cast<char>(random());
  for (std::size_t length = 0; length <= 40; ++length) {
    for (int trial = 0; trial < 20; ++trial) {
      for (std::size_t i = 0; i < length; ++i) buffer[i] = static_cast<char>(random());
      buffer[length] = static_cast<char>(random());  // the byte after the term changes too
      const std::string_view term(buffer.data(), length);
      const auto expected = Vocabulary::lookup(term);
      const auto padded = Vocabulary::lookup_padded(term);
      ASSERT_EQ(padded.tag, expected.tag) << "length " << length;
      ASSERT_EQ(padded.key, expected.key) << "length " << length;
    }
  }
}

TEST(Vocabulary, TermsDifferingInOneByteAreDistinctAtEveryLength) {
  // Exercises each branch of the inline comparison (1-3, 4-7, 8-16 and longer terms).
  Vocabulary v;
  std::vector<std::string> added;
  for (std::size_t length = 0; length <= 40; ++length) {
    const std::string base(length, 'k');
    added.push_back(base);
    for (std::size_t i = 0; i < length; ++i) {
      std::string changed = base;
      changed[i] = 'm';
      added.push_back(changed);
    }
  }
  for (std::size_t i = 0; i < added.size(); ++i)
    ASSERT_EQ(v.add(added[i]), static_cast<TermId>(i)) << added[i];
  for (std::size_t i = 0; i < added.size(); ++i) ASSERT_EQ(v.find(added[i]), static_cast<TermId>(i));
  EXPECT_EQ(v.find(std::string(41, 'k')), kNoTerm);
}

TEST(Vocabulary, TermsAroundTheInlineLengthStayDistinct) {
  // Terms of up to 7 bytes are compared within their hash slot, longer ones in the arena (with
  // their length in the slot up to 254 bytes, looked up beyond): neighbours in length, NUL
  // bytes and shared prefixes must never meet.
  std::vector<std::string> terms{"",         std::string(1, '\0'),        std::string(2, '\0'),
                                 "a",        std::string("a\0", 2),       "abcdefg",
                                 "abcdefgh", std::string("abcdefg\0", 8), "abcdefgi"};
  for (std::size_t n : {15u, 16u, 17u, 254u, 255u, 256u, 300u}) {
    terms.emplace_back(n, 'x');
    terms.emplace_back(std::string(n - 1, 'x') + "y");
  }
  Vocabulary v;
  for (std::size_t i = 0; i < terms.size(); ++i) ASSERT_EQ(v.add(terms[i]), static_cast<TermId>(i)) << i;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    EXPECT_EQ(v.find(terms[i]), static_cast<TermId>(i)) << i;
    EXPECT_EQ(v.term(static_cast<TermId>(i)), terms[i]);
    EXPECT_EQ(Vocabulary::lookup(terms[i]).tag, Vocabulary::hash(terms[i]));
  }
  EXPECT_EQ(v.find(std::string(255, 'y')), kNoTerm);
  EXPECT_EQ(v.find("abcdefgj"), kNoTerm);
  // The table grows and terms move between vocabularies by tag, keeping their ids.
  const Vocabulary copy = v.select(v.sorted_ids());
  for (const auto& t : terms) EXPECT_EQ(copy.term(copy.find(t)), t);
}
