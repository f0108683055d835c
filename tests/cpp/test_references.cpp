// Tests of the references stage: cross-references and definitions with exact offsets, on
// small texts whose answers are worked out by hand, on the seed factbox and on the sample treaty.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "corpora.hpp"
#include "treatytext/references.hpp"
#include "treatytext/segment.hpp"

namespace {

using treatytext::Clause;
using treatytext::Definition;
using treatytext::DefinitionForm;
using treatytext::find_definitions;
using treatytext::find_references;
using treatytext::Reference;
using treatytext::ReferenceLevel;

std::string span(std::string_view text, std::size_t start, std::size_t end) {
  return std::string(text.substr(start, end - start));
}

// "article 4 paragraph 2" for a reference's path.
std::string path_of(const Reference& ref) {
  std::string out;
  for (const auto& part : ref.path) {
    if (!out.empty()) out += ' ';
    out += std::string(to_string(part.level)) + ' ' + part.number;
  }
  return out;
}

std::vector<Clause> clauses_of(std::string_view text) {
  treatytext::SegmentOptions options;
  options.sentences = false;
  return treatytext::segment(text, options);
}

const std::string kSmallTreaty =
    "Article 1\n"
    "1. This Agreement applies to goods.\n"
    "2. It does not apply to services.\n"
    "Article 2\n"
    "1. Each Party shall notify the other.\n"
    "2. The notice under paragraph 1 above shall be in writing, as provided in paragraph 2 of Article 1.\n"
    "(a) in English; and\n"
    "(b) within ten days.\n"
    "ARTICLE V\n"
    "Disputes under Article 2(2)(b) or subparagraph (a) of paragraph 2 of Article 2 shall be settled "
    "under Article 5 of this Agreement.\n";

TEST(References, LevelNames) {
  EXPECT_EQ(to_string(ReferenceLevel::article), "article");
  EXPECT_EQ(to_string(ReferenceLevel::item), "item");
  EXPECT_EQ(to_string(ReferenceLevel::annex), "annex");
  EXPECT_EQ(to_string(DefinitionForm::hereinafter), "hereinafter");
}

TEST(References, EmptyTextHasNone) {
  EXPECT_TRUE(find_references("").empty());
  EXPECT_TRUE(find_definitions("").empty());
  EXPECT_TRUE(find_references("The Parties shall cooperate in every article of trade.").empty());
}

TEST(References, ResolveAgainstTheClauseTree) {
  const std::string& text = kSmallTreaty;
  const auto clauses = clauses_of(text);
  const auto refs = find_references(text, clauses);
  ASSERT_EQ(refs.size(), 5U);
  // Headings ("Article 1", "ARTICLE V") are not references.
  EXPECT_EQ(span(text, refs[0].start, refs[0].end), "paragraph 1 above");
  EXPECT_TRUE(refs[0].relative);
  ASSERT_GE(refs[0].clause, 0);
  const Clause& p21 = clauses[static_cast<std::size_t>(refs[0].clause)];
  EXPECT_EQ(p21.label, "1.");
  EXPECT_EQ(span(text, p21.start, p21.end), "Each Party shall notify the other.");  // Article 2's, not 1's

  EXPECT_EQ(span(text, refs[1].start, refs[1].end), "paragraph 2 of Article 1");
  EXPECT_EQ(path_of(refs[1]), "article 1 paragraph 2");
  EXPECT_FALSE(refs[1].relative);
  ASSERT_GE(refs[1].clause, 0);
  EXPECT_EQ(span(text, clauses[refs[1].clause].start, clauses[refs[1].clause].end),
            "It does not apply to services.");
  EXPECT_EQ(refs[1].resolved, 2U);

  EXPECT_EQ(span(text, refs[2].start, refs[2].end), "Article 2(2)(b)");
  EXPECT_EQ(path_of(refs[2]), "article 2 paragraph 2 item b");
  ASSERT_GE(refs[2].clause, 0);
  EXPECT_EQ(span(text, clauses[refs[2].clause].start, clauses[refs[2].clause].end), "within ten days.");

  EXPECT_EQ(span(text, refs[3].start, refs[3].end), "subparagraph (a) of paragraph 2 of Article 2");
  EXPECT_EQ(path_of(refs[3]), "article 2 paragraph 2 item a");
  ASSERT_GE(refs[3].clause, 0);
  EXPECT_EQ(span(text, clauses[refs[3].clause].start, clauses[refs[3].clause].end), "in English; and");

  // "Article 5" finds the heading "ARTICLE V"; "of this Agreement" keeps it internal.
  EXPECT_EQ(span(text, refs[4].start, refs[4].end), "Article 5 of this Agreement");
  EXPECT_FALSE(refs[4].external);
  ASSERT_GE(refs[4].clause, 0);
  EXPECT_EQ(clauses[refs[4].clause].label, "ARTICLE V");
}

TEST(References, ExternalInstruments) {
  const std::string text =
      "consistent with Article 51 of the U.N. Charter, and with paragraph 2 of Article III of the GATT 1994. "
      "See Article VI of the General Agreement on Tariffs and Trade 1994 and Article 3 of that Agreement, "
      "Annex 1A to the WTO Agreement and Article 7 of the Agreement.";
  const auto refs = find_references(text);
  ASSERT_EQ(refs.size(), 6U);
  EXPECT_EQ(span(text, refs[0].start, refs[0].end), "Article 51 of the U.N. Charter");
  EXPECT_TRUE(refs[0].external);
  EXPECT_EQ(span(text, refs[0].instrument_start, refs[0].instrument_end), "U.N. Charter");
  EXPECT_EQ(refs[0].clause, -1);
  EXPECT_EQ(path_of(refs[1]), "article III paragraph 2");
  EXPECT_EQ(span(text, refs[1].instrument_start, refs[1].instrument_end), "GATT 1994");
  EXPECT_EQ(span(text, refs[2].instrument_start, refs[2].instrument_end),
            "General Agreement on Tariffs and Trade 1994");
  EXPECT_EQ(span(text, refs[3].instrument_start, refs[3].instrument_end), "that Agreement");
  EXPECT_TRUE(refs[3].external);
  EXPECT_EQ(path_of(refs[4]), "annex 1A");
  EXPECT_EQ(span(text, refs[4].instrument_start, refs[4].instrument_end), "WTO Agreement");
  EXPECT_FALSE(refs[5].external);  // "the Agreement" alone: this one
  EXPECT_EQ(span(text, refs[5].start, refs[5].end), "Article 7 of the Agreement");
}

TEST(References, ListsGiveOneReferenceEach) {
  const std::string text =
      "Articles 3, 5 and 7 of the GATT 1994 apply. Paragraphs 3 through 5 of Article 12 apply. "
      "Subparagraph 1(a) or (b) above applies. Within Article 5, 30 days.";
  const auto refs = find_references(text);
  ASSERT_EQ(refs.size(), 8U);
  EXPECT_EQ(span(text, refs[0].start, refs[0].end), "Articles 3");
  EXPECT_EQ(span(text, refs[1].start, refs[1].end), "5");
  EXPECT_EQ(span(text, refs[2].start, refs[2].end), "7 of the GATT 1994");
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(refs[i].external) << i;
  EXPECT_EQ(path_of(refs[2]), "article 7");
  EXPECT_EQ(path_of(refs[3]), "article 12 paragraph 3");
  EXPECT_EQ(path_of(refs[4]), "article 12 paragraph 5");
  EXPECT_EQ(path_of(refs[5]), "paragraph 1 item a");
  EXPECT_EQ(path_of(refs[6]), "paragraph 1 item b");
  EXPECT_TRUE(refs[6].relative);
  EXPECT_EQ(span(text, refs[6].start, refs[6].end), "(b) above");
  // "Article 5, 30 days": no list.
  EXPECT_EQ(span(text, refs[7].start, refs[7].end), "Article 5");
  EXPECT_EQ(path_of(refs[7]), "article 5");
}

TEST(References, SeedNamesTheUnCharterOnly) {
  const std::string text = treatytext::testing::seed_text();
  const auto clauses = clauses_of(text);
  const auto refs = find_references(text, clauses);
  ASSERT_EQ(refs.size(), 1U);
  EXPECT_EQ(span(text, refs[0].start, refs[0].end), "Article 51 of the U.N. Charter");
  EXPECT_TRUE(refs[0].external);
  EXPECT_EQ(span(text, refs[0].instrument_start, refs[0].instrument_end), "U.N. Charter");
  EXPECT_EQ(refs[0].clause, -1);
  EXPECT_TRUE(find_definitions(text, clauses).empty());  // “alliance” is quoted, not defined
}

TEST(References, SampleTreaty) {
  const std::string text =
      treatytext::testing::read_file(std::string(TREATYTEXT_SOURCE_DIR) + "/samples/sample-treaty.txt");
  const auto clauses = clauses_of(text);
  const auto refs = find_references(text, clauses);
  ASSERT_EQ(refs.size(), 3U);
  EXPECT_EQ(span(text, refs[0].start, refs[0].end),
            "Article XXIV of the General Agreement on Tariffs and Trade 1994");
  EXPECT_TRUE(refs[0].external);
  EXPECT_EQ(span(text, refs[1].start, refs[1].end), "Art. 10");
  ASSERT_GE(refs[1].clause, 0);
  EXPECT_EQ(clauses[refs[1].clause].label, "Article 10");
  EXPECT_EQ(span(text, refs[2].start, refs[2].end), "Article 4");
  ASSERT_GE(refs[2].clause, 0);
  EXPECT_EQ(clauses[refs[2].clause].label, "Article 4");

  const auto defs = find_definitions(text, clauses);
  ASSERT_EQ(defs.size(), 4U);
  EXPECT_EQ(defs[0].term, "the Parties");
  EXPECT_EQ(defs[0].form, DefinitionForm::hereinafter);
  EXPECT_EQ(span(text, defs[0].start, defs[0].end),
            "The Republic of Aldoria and the Kingdom of Norvania (hereinafter \"the Parties\")");
  EXPECT_EQ(defs[1].term, "customs authority");
  EXPECT_EQ(defs[1].form, DefinitionForm::means);
  ASSERT_GE(defs[1].clause, 0);
  EXPECT_EQ(clauses[defs[1].clause].label, "(a)");
  // Later uses only: Article 1's "customs authorities" comes before the definition.
  ASSERT_EQ(defs[1].uses.size(), 2U);
  EXPECT_EQ(span(text, defs[1].uses[0].first, defs[1].uses[0].second), "customs authorities");
  EXPECT_GT(defs[1].uses[0].first, defs[1].term_end);
  EXPECT_EQ(defs[2].term, "measure");
  EXPECT_EQ(span(text, defs[2].start, defs[2].end).substr(0, 26), "\"measure\" means any law, r");
  EXPECT_EQ(defs[3].term, "investor of a Party");
  EXPECT_EQ(defs[3].uses.size(), 1U);  // Article 7 3.
}

TEST(Definitions, FormsAndQuotes) {
  const std::string text =
      "\u201cinvestment\u201d means every asset; "
      "the term \"goods\" shall mean products; "
      "\u2018Party\u2019 or \u2018Parties\u2019 means a State; "
      "\"measure\", in relation to a Party, means a law; "
      "the Charter of the Organisation (the \"Charter\"). "
      "A Party's investments and goods under the Charter; each measure.";
  const auto defs = find_definitions(text);
  ASSERT_EQ(defs.size(), 6U);
  EXPECT_EQ(defs[0].term, "investment");
  EXPECT_EQ(span(text, defs[0].start, defs[0].end), "\u201cinvestment\u201d means every asset");
  EXPECT_EQ(defs[1].term, "goods");
  EXPECT_EQ(defs[2].term, "Party");
  EXPECT_EQ(defs[3].term, "Parties");
  EXPECT_EQ(defs[2].start, defs[3].start);  // one definition text for both terms
  EXPECT_EQ(defs[4].term, "measure");
  EXPECT_EQ(defs[5].term, "Charter");
  EXPECT_EQ(defs[5].form, DefinitionForm::hereinafter);
  EXPECT_EQ(span(text, defs[5].start, defs[5].end), "the Charter of the Organisation (the \"Charter\")");
  // Uses: "investments" (plural), "goods", "Party" in "Party's" and "a Party"; the apostrophe
  // of "Party's" opens no quote.
  ASSERT_EQ(defs[0].uses.size(), 1U);
  EXPECT_EQ(span(text, defs[0].uses[0].first, defs[0].uses[0].second), "investments");
  ASSERT_EQ(defs[1].uses.size(), 1U);
  EXPECT_EQ(defs[2].uses.size(), 2U);
  EXPECT_EQ(defs[4].uses.size(), 1U);
  EXPECT_EQ(defs[5].uses.size(), 1U);
}

TEST(Definitions, LongerTermTakesTheUse) {
  const std::string text =
      "\"investor\" means a person; \"investor of a Party\" means a national. "
      "An investor of a Party and an investor.";
  const auto defs = find_definitions(text);
  ASSERT_EQ(defs.size(), 2U);
  // Not uses of "investor": the one inside the second term's quotes, the one inside the use
  // of "investor of a Party".
  ASSERT_EQ(defs[0].uses.size(), 1U);
  EXPECT_EQ(span(text, defs[0].uses[0].first, defs[0].uses[0].second), "investor");
  EXPECT_EQ(defs[0].uses[0].second, text.size() - 1);
  ASSERT_EQ(defs[1].uses.size(), 1U);
  EXPECT_EQ(span(text, defs[1].uses[0].first, defs[1].uses[0].second), "investor of a Party");
}

TEST(Definitions, QuotedWordsWithoutAVerbDefineNothing) {
  EXPECT_TRUE(find_definitions("the so-called \"alliance\" of two States; \"goods\": products").empty());
  EXPECT_TRUE(find_definitions("an unclosed \"quote means nothing").empty());
}

}  // namespace
