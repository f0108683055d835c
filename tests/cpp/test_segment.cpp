// Tests of the segment stage: every marker type, nesting, line endings, sentences and
// abbreviations, the seed factbox, the bundled sample treaty, and bad input.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "corpora.hpp"
#include "treatytext/error.hpp"
#include "treatytext/segment.hpp"

namespace tt = treatytext;

namespace {

std::string text_of(std::string_view text, const tt::Clause& c) {
  return std::string(text.substr(c.start, c.end - c.start));
}

// Checks what must hold for every result: offsets in range and trimmed, labels as written,
// parents before children with their ranges inside, levels consistent, document order.
void expect_invariants(std::string_view text, const std::vector<tt::Clause>& clauses) {
  std::size_t previous_label = 0;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    const tt::Clause& c = clauses[i];
    SCOPED_TRACE("clause " + std::to_string(i));
    ASSERT_LE(c.label_start, c.start);
    ASSERT_LE(c.start, c.end);
    ASSERT_LE(c.end, text.size());
    ASSERT_EQ(text.substr(c.label_start, c.label.size()), c.label);
    ASSERT_GE(c.label_start, previous_label);  // document order
    previous_label = c.label_start;
    ASSERT_LE(c.start, c.title_start);
    ASSERT_LE(c.title_start, c.title_end);
    ASSERT_LE(c.title_end, c.end);
    if (c.end > c.start) {
      const char first = text[c.start], last = text[c.end - 1];
      ASSERT_TRUE(first != ' ' && first != '\n' && first != '\r' && first != '\t');
      ASSERT_TRUE(last != ' ' && last != '\n' && last != '\r' && last != '\t');
    }
    if (c.parent < 0) {
      ASSERT_EQ(c.level, 0);
      continue;
    }
    ASSERT_LT(c.parent, static_cast<std::int64_t>(i));
    const tt::Clause& p = clauses[static_cast<std::size_t>(c.parent)];
    ASSERT_EQ(c.level, p.level + 1);
    ASSERT_LE(p.start, c.label_start);
    ASSERT_LE(c.end, p.end);
    ASSERT_NE(p.kind, tt::ClauseKind::sentence);
    if (p.kind == tt::ClauseKind::lead_in) ASSERT_EQ(c.kind, tt::ClauseKind::sentence);  // a leaf
  }
}

// The rule of docs/segmentation.md: every ASCII letter or digit lies in a leaf's text, in a
// clause's marker or in a heading's title. Returns the bytes left out (empty when it holds).
std::string words_left_out(std::string_view text, const std::vector<tt::Clause>& clauses) {
  std::vector<bool> held(text.size(), false), parent(clauses.size(), false);
  for (const auto& c : clauses)
    if (c.parent >= 0) parent[static_cast<std::size_t>(c.parent)] = true;
  const auto hold = [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) held[i] = true;
  };
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    const tt::Clause& c = clauses[i];
    hold(c.label_start, c.label_start + c.label.size());
    if (!parent[i]) hold(c.start, c.end);
    if (c.kind == tt::ClauseKind::article) hold(c.title_start, c.title_end);
  }
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    const bool word = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    if (word && !held[i]) out += text[i];
  }
  return out;
}

// One line per clause: indentation by level, kind, [label], text.
std::string outline(std::string_view text, const tt::SegmentOptions& options = {}) {
  const auto clauses = tt::segment(text, options);
  expect_invariants(text, clauses);
  std::string out;
  for (const auto& c : clauses) {
    out += std::string(2 * static_cast<std::size_t>(c.level), ' ');
    out += std::string(tt::to_string(c.kind));
    if (!c.label.empty()) out += " [" + c.label + "]";
    out += " " + text_of(text, c) + "\n";
  }
  return out;
}

tt::SegmentOptions without_sentences() {
  tt::SegmentOptions options;
  options.sentences = false;
  return options;
}

tt::SegmentOptions with_sentences() {
  tt::SegmentOptions options;
  options.sentences = true;
  return options;
}

// The repository root, given by CMake (not __FILE__, which compiler caches may make relative).
std::string source_dir() { return TREATYTEXT_SOURCE_DIR; }

std::vector<std::string> sentences_of(std::string_view text,
                                      const tt::SegmentOptions& options = with_sentences()) {
  std::vector<std::string> out;
  for (const auto& c : tt::segment(text, options))
    if (c.kind == tt::ClauseKind::sentence) out.push_back(text_of(text, c));
  return out;
}

}  // namespace

TEST(ClauseKind, NamesRoundTrip) {
  for (const auto kind : tt::kClauseKinds) EXPECT_EQ(tt::clause_kind_from_string(tt::to_string(kind)), kind);
  EXPECT_EQ(tt::to_string(tt::ClauseKind::bullet), "bullet");
  EXPECT_EQ(tt::to_string(tt::ClauseKind::lead_in), "lead-in");
  EXPECT_EQ(tt::to_string(tt::ClauseKind::testimonium), "testimonium");
  // The codes are stable: the first five kept their values, the new ones follow.
  EXPECT_EQ(static_cast<int>(tt::ClauseKind::sentence), 4);
  EXPECT_EQ(static_cast<int>(tt::ClauseKind::testimonium), 9);
  EXPECT_THROW(tt::clause_kind_from_string("chapter"), tt::invalid_argument);
}

TEST(Segment, EmptyAndBlankTextGiveNothing) {
  EXPECT_TRUE(tt::segment("").empty());
  EXPECT_TRUE(tt::segment("   \t \n\r\n\r  \n").empty());
  EXPECT_TRUE(tt::segment("\xC2\xA0\xE2\x80\x83\n\xE3\x80\x80\xEF\xBB\xBF").empty());  // NBSP, em space, ...
}

TEST(Segment, TextWithoutMarkersIsParagraphs) {
  EXPECT_EQ(outline("  The Parties agree.  "), "paragraph The Parties agree.\n");
  EXPECT_EQ(outline("First paragraph,\nwrapped.\n\n\nSecond one"),
            "paragraph First paragraph,\nwrapped.\n"
            "paragraph Second one\n");
}

TEST(Segment, SeedHasTwentyBulletsAndParagraphs) {
  const std::string text = tt::testing::seed_text();
  const auto clauses = tt::segment(text);
  expect_invariants(text, clauses);
  // The expected bullets: every line that starts with "– ", without that marker.
  std::vector<std::string> expected;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(pos, end - pos);
    if (line.rfind("\xE2\x80\x93 ", 0) == 0) expected.push_back(line.substr(4));
    pos = end + 1;
  }
  ASSERT_EQ(expected.size(), 20u);
  std::vector<std::string> bullets;
  std::size_t paragraphs = 0, intro = 0, lead_ins = 0;
  for (const auto& c : clauses) {
    if (c.kind == tt::ClauseKind::bullet) {
      EXPECT_EQ(c.label, "\xE2\x80\x93");
      EXPECT_EQ(c.level, 1);
      bullets.push_back(text_of(text, c));
      intro = static_cast<std::size_t>(c.parent);
    } else if (c.kind == tt::ClauseKind::paragraph) {
      ++paragraphs;
      EXPECT_TRUE(c.label.empty());
    } else if (c.kind == tt::ClauseKind::lead_in) {
      EXPECT_EQ(text_of(text, c), "Here are some key points of the agreement:");
      EXPECT_EQ(c.level, 1);
      ++lead_ins;
    } else {
      EXPECT_EQ(c.kind, tt::ClauseKind::sentence);
    }
  }
  EXPECT_EQ(bullets, expected);
  EXPECT_EQ(lead_ins, 1u);  // the paragraph that introduces the bullets, now a leaf of its own
  EXPECT_EQ(words_left_out(text, clauses), "");
  EXPECT_EQ(text_of(text, clauses[intro]).substr(0, 42), "Here are some key points of the agreement:");
  EXPECT_EQ(clauses[intro + 1].kind, tt::ClauseKind::lead_in);
  EXPECT_EQ(clauses[intro + 1].parent, static_cast<std::int64_t>(intro));
  EXPECT_EQ(paragraphs, 8u);  // ×, title, two bylines, two lead paragraphs, the lead-in, the credit
  // The "SEOUL (Reuters) – ..." dash is not a bullet: that paragraph stays whole.
  bool seoul = false;
  for (const auto& c : clauses)
    if (text_of(text, c).rfind("SEOUL (Reuters) \xE2\x80\x93 North Korea", 0) == 0) {
      seoul = true;
      EXPECT_EQ(c.kind, tt::ClauseKind::paragraph);
      EXPECT_EQ(c.parent, -1);
    }
  EXPECT_TRUE(seoul);
  // "U.N. Charter" does not end a sentence; the credit line has two sentences.
  EXPECT_EQ(sentences_of(text),
            (std::vector<std::string>{"(Reporting by Hyonhee Shin.", "Editing by Gerry Doyle)"}));
}

TEST(Segment, HeadingVariantsAndTitles) {
  EXPECT_EQ(outline("Article 4\nScope\n\nThis Agreement applies to goods."),
            "article [Article 4] Scope\n\nThis Agreement applies to goods.\n"
            "  paragraph This Agreement applies to goods.\n");
  EXPECT_EQ(outline("ARTICLE IV: DEFINITIONS\nFor this Agreement."),
            "article [ARTICLE IV] DEFINITIONS\nFor this Agreement.\n"
            "  paragraph For this Agreement.\n");
  EXPECT_EQ(outline("Art. 4 \xE2\x80\x93 Scope\n\nArt.5\nText."),
            "article [Art. 4] Scope\n"
            "article [Art.5] Text.\n"
            "  paragraph Text.\n");
  const std::string text = "Article 1: Objectives\nThe aims.\n\nArticle 2\n\nDEFINITIONS\n\nTerms.";
  const auto clauses = tt::segment(text);
  ASSERT_EQ(clauses.size(), 4u);
  EXPECT_EQ(text.substr(clauses[0].title_start, clauses[0].title_end - clauses[0].title_start), "Objectives");
  EXPECT_EQ(text.substr(clauses[2].title_start, clauses[2].title_end - clauses[2].title_start),
            "DEFINITIONS");
  EXPECT_EQ(clauses[1].title_start, clauses[1].title_end);  // no title
  // A long line after the number is the body, not a title.
  const std::string body = "The " + std::string(200, 'x');
  EXPECT_EQ(outline("Article 9 " + body), "article [Article 9] " + body + "\n  paragraph " + body + "\n");
}

TEST(Segment, HeadingsNestByRank) {
  const std::string text =
      "PART I\nGENERAL\n\nChapter III\n\nSection 2\n\nArticle 1\nText one.\n\nArticle 2\nText two.\n\n"
      "Section 3\n\nArticle 3\nText three.\n\nPART II\n\nArticle 4\nText four.";
  EXPECT_EQ(outline(text),
            "article [PART I] GENERAL\n\nChapter III\n\nSection 2\n\nArticle 1\nText one.\n\nArticle 2\nText "
            "two.\n\n"
            "Section 3\n\nArticle 3\nText three.\n"
            "  article [Chapter III] Section 2\n\nArticle 1\nText one.\n\nArticle 2\nText two.\n\n"
            "Section 3\n\nArticle 3\nText three.\n"
            "    article [Section 2] Article 1\nText one.\n\nArticle 2\nText two.\n"
            "      article [Article 1] Text one.\n"
            "        paragraph Text one.\n"
            "      article [Article 2] Text two.\n"
            "        paragraph Text two.\n"
            "    article [Section 3] Article 3\nText three.\n"
            "      article [Article 3] Text three.\n"
            "        paragraph Text three.\n"
            "article [PART II] Article 4\nText four.\n"
            "  article [Article 4] Text four.\n"
            "    paragraph Text four.\n");
}

TEST(Segment, HeadingWordsInRunningTextAreNotHeadings) {
  // Mid-line references never count; at a line start, running text after the number does not.
  EXPECT_EQ(outline("Assistance in line with Article 51 of the U.N. Charter.", without_sentences()),
            "paragraph Assistance in line with Article 51 of the U.N. Charter.\n");
  EXPECT_EQ(outline("Article 51 of the Charter applies.\n\nArticle 5, paragraph 2, applies.\n\n"
                    "Article 3 (1) shall apply.\n\nChapter 20 (Dispute Settlement) shall not apply.\n\n"
                    "Articles 4 and 5.\n\nPartie 1 de l'accord."),
            "paragraph Article 51 of the Charter applies.\n"
            "paragraph Article 5, paragraph 2, applies.\n"
            "paragraph Article 3 (1) shall apply.\n"
            "paragraph Chapter 20 (Dispute Settlement) shall not apply.\n"
            "paragraph Articles 4 and 5.\n"
            "paragraph Partie 1 de l'accord.\n");
  // A heading right after a line that stops mid-sentence continues that sentence.
  EXPECT_EQ(outline("as laid down in\nArticle 22 (Safeguards).\n\nArticle 23\nText."),
            "paragraph as laid down in\nArticle 22 (Safeguards).\n"
            "article [Article 23] Text.\n"
            "  paragraph Text.\n");
}

TEST(Segment, NumberedParagraphForms) {
  EXPECT_EQ(outline("1. One.\n2. Two."), "paragraph [1.] One.\nparagraph [2.] Two.\n");
  EXPECT_EQ(outline("1) One.\n2) Two."), "paragraph [1)] One.\nparagraph [2)] Two.\n");
  EXPECT_EQ(outline("(1) One.\n\n(2) Two."), "paragraph [(1)] One.\nparagraph [(2)] Two.\n");
  // Another style below a numbered paragraph opens its children, blank lines or not.
  EXPECT_EQ(outline("1. One.\n\n(1) Sub.\n\n(2) Sub.\n\n2. Two."),
            "paragraph [1.] One.\n\n(1) Sub.\n\n(2) Sub.\n"
            "  lead-in One.\n"
            "  paragraph [(1)] Sub.\n"
            "  paragraph [(2)] Sub.\n"
            "paragraph [2.] Two.\n");
  EXPECT_EQ(outline("1. Scope\n1.1 Goods.\n1.2 Services.\n2. Rules\n2.1. First rule."),
            "paragraph [1.] Scope\n1.1 Goods.\n1.2 Services.\n"
            "  lead-in Scope\n"
            "  paragraph [1.1] Goods.\n"
            "  paragraph [1.2] Services.\n"
            "paragraph [2.] Rules\n2.1. First rule.\n"
            "  lead-in Rules\n"
            "  paragraph [2.1.] First rule.\n");
  // Numbers that are not markers: a decimal before lowercase text, a year, no space after.
  EXPECT_EQ(outline("1.5 million tonnes were traded.\n\n2024. A year.\n\n3.Text", without_sentences()),
            "paragraph 1.5 million tonnes were traded.\n"
            "paragraph 2024. A year.\n"
            "paragraph 3.Text\n");
}

TEST(Segment, ItemForms) {
  EXPECT_EQ(outline("(a) one;\n(b) two;"), "item [(a)] one;\nitem [(b)] two;\n");
  EXPECT_EQ(outline("a) one;\nb) two;"), "item [a)] one;\nitem [b)] two;\n");
  EXPECT_EQ(outline("a. one;\nb. two;"), "item [a.] one;\nitem [b.] two;\n");
  EXPECT_EQ(outline("(A) one;\n(B) two;"), "item [(A)] one;\nitem [(B)] two;\n");
  EXPECT_EQ(outline("(iv) four;\n(v) five;"), "item [(iv)] four;\nitem [(v)] five;\n");
  EXPECT_EQ(outline("ii) two;\niii) three;"), "item [ii)] two;\nitem [iii)] three;\n");
  EXPECT_EQ(outline("(aa) one;\n(bb) two;"), "item [(aa)] one;\nitem [(bb)] two;\n");
  // Not items: no space after the marker, words, abbreviations.
  EXPECT_EQ(
      outline("(abc) x\n\na)b\n\ne.g. this\n\n(a)", without_sentences()),
      "paragraph (abc) x\nparagraph a)b\nparagraph e.g. this\n\n(a)\n  lead-in e.g. this\n  item [(a)] \n");
}

TEST(Segment, ArticleParagraphItemSubItemNesting) {
  const std::string text =
      "Article 2\n"
      "1. The Parties shall:\n"
      "   (a) exchange information;\n"
      "   (b) cooperate on:\n"
      "       (i) customs;\n"
      "       (ii) standards; and\n"
      "   (c) meet yearly.\n"
      "2. Nothing else.\n";
  EXPECT_EQ(outline(text),
            "article [Article 2] 1. The Parties shall:\n   (a) exchange information;\n   (b) cooperate on:\n"
            "       (i) customs;\n       (ii) standards; and\n   (c) meet yearly.\n2. Nothing else.\n"
            "  paragraph [1.] The Parties shall:\n   (a) exchange information;\n   (b) cooperate on:\n"
            "       (i) customs;\n       (ii) standards; and\n   (c) meet yearly.\n"
            "    lead-in The Parties shall:\n"
            "    item [(a)] exchange information;\n"
            "    item [(b)] cooperate on:\n       (i) customs;\n       (ii) standards; and\n"
            "      lead-in cooperate on:\n"
            "      item [(i)] customs;\n"
            "      item [(ii)] standards; and\n"
            "    item [(c)] meet yearly.\n"
            "  paragraph [2.] Nothing else.\n");
  const auto clauses = tt::segment(text);
  ASSERT_EQ(clauses.size(), 10u);   // 8 marked clauses and the lead-ins of 1. and (b)
  EXPECT_EQ(clauses[6].parent, 4);  // (i) under (b)
  EXPECT_EQ(clauses[6].level, 3);
  EXPECT_EQ(clauses[9].parent, 0);  // 2. under the article
}

TEST(Segment, LetterOrRomanAmbiguity) {
  const auto labels_and_levels = [](std::string_view text) {
    std::string out;
    for (const auto& c : tt::segment(text, without_sentences()))  // the markers: no lead-ins
      if (c.kind != tt::ClauseKind::lead_in) out += c.label + "@" + std::to_string(c.level) + " ";
    return out;
  };
  // (i) after (h) is the ninth letter ...
  EXPECT_EQ(labels_and_levels("(g) g\n(h) h\n(i) i\n(j) j"), "(g)@0 (h)@0 (i)@0 (j)@0 ");
  EXPECT_EQ(labels_and_levels("(h) h\n(i) i"), "(h)@0 (i)@0 ");
  // ... unless (ii) follows: then (h) has roman sub-items.
  EXPECT_EQ(labels_and_levels("(h) h\n(i) i\n(ii) ii\n(j) j"), "(h)@0 (i)@1 (ii)@1 (j)@0 ");
  // After any other letter (i) starts a roman list.
  EXPECT_EQ(labels_and_levels("(a) a\n(i) i\n(ii) ii\n(b) b"), "(a)@0 (i)@1 (ii)@1 (b)@0 ");
  EXPECT_EQ(labels_and_levels("(a) a\n(i) i\n(b) b"), "(a)@0 (i)@1 (b)@0 ");
  // (v) after (u) is a letter, after (iv) a numeral; (x) likewise.
  EXPECT_EQ(labels_and_levels("(u) u\n(v) v\n(w) w"), "(u)@0 (v)@0 (w)@0 ");
  EXPECT_EQ(labels_and_levels("(a) a\n(iv) iv\n(v) v\n(b) b"), "(a)@0 (iv)@1 (v)@1 (b)@0 ");
  EXPECT_EQ(labels_and_levels("(a) a\n(ix) ix\n(x) x\n(xi) xi"), "(a)@0 (ix)@1 (x)@1 (xi)@1 ");
  EXPECT_EQ(labels_and_levels("(b) b\n(c) c\n(d) d"), "(b)@0 (c)@0 (d)@0 ");
  EXPECT_EQ(labels_and_levels("(c) c\n(d) d"), "(c)@0 (d)@0 ");  // (c) then (d): letters
}

TEST(Segment, Bullets) {
  for (const std::string glyph : {"\xE2\x80\x93", "\xE2\x80\x94", "-", "\xE2\x80\xA2", "*", "\xC2\xB7"}) {
    SCOPED_TRACE(glyph);
    EXPECT_EQ(outline("Points:\n" + glyph + " one\n" + glyph + "\ttwo"),
              "paragraph Points:\n" + glyph + " one\n" + glyph + "\ttwo\n" + "  lead-in Points:\n" +
                  "  bullet [" + glyph + "] one\n" + "  bullet [" + glyph + "] two\n");
  }
  // Nesting by glyph and indentation; a blank-line paragraph ends the list.
  EXPECT_EQ(outline("- a\n  * a1\n  * a2\n- b\n    - b1\n- c\n\nAfter."),
            "bullet [-] a\n  * a1\n  * a2\n"
            "  lead-in a\n"
            "  bullet [*] a1\n"
            "  bullet [*] a2\n"
            "bullet [-] b\n    - b1\n"
            "  lead-in b\n"
            "  bullet [-] b1\n"
            "bullet [-] c\n"
            "paragraph After.\n");
  // Not bullets: a dash inside a line, no space after the glyph, a rule.
  EXPECT_EQ(outline("SEOUL (Reuters) \xE2\x80\x93 North Korea said.\n\n-5 degrees\n\n-----\n\n*emphasis*"),
            "paragraph SEOUL (Reuters) \xE2\x80\x93 North Korea said.\n"
            "paragraph -5 degrees\n"
            "paragraph -----\n"
            "paragraph *emphasis*\n");
  // Bullets under the item that introduces them; the next item closes the list.
  EXPECT_EQ(outline("1. Tasks:\n(a) report:\n\xE2\x80\xA2 yearly;\n\xE2\x80\xA2 in writing;\n(b) meet."),
            "paragraph [1.] Tasks:\n(a) report:\n\xE2\x80\xA2 yearly;\n\xE2\x80\xA2 in writing;\n(b) meet.\n"
            "  lead-in Tasks:\n"
            "  item [(a)] report:\n\xE2\x80\xA2 yearly;\n\xE2\x80\xA2 in writing;\n"
            "    lead-in report:\n"
            "    bullet [\xE2\x80\xA2] yearly;\n"
            "    bullet [\xE2\x80\xA2] in writing;\n"
            "  item [(b)] meet.\n");
}

TEST(Segment, LineEndingsAllBehaveAlike) {
  const std::string lf = "Article 1\nTitle\n\n1. First line\ncontinued.\n2. Second.\n\n- a\n- b\n";
  const auto shape = [](std::string_view text) {
    std::string out;
    for (const auto& c : tt::segment(text)) {
      std::string body(text.substr(c.start, c.end - c.start));
      std::erase(body, '\r');
      std::erase(body, '\n');
      out += std::string(tt::to_string(c.kind)) + "|" + c.label + "|" + std::to_string(c.level) + "|" + body +
             "\n";
    }
    return out;
  };
  std::string crlf, cr, mixed;
  int n = 0;
  for (const char ch : lf) {
    crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
    cr += ch == '\n' ? '\r' : ch;
    mixed += ch == '\n' ? (n++ % 3 == 0 ? std::string("\r\n")
                           : n % 3 == 1 ? "\r"
                                        : "\n")
                        : std::string(1, ch);
  }
  const std::string expected = shape(lf);
  EXPECT_EQ(expected,
            "article|Article 1|0|Title1. First linecontinued.2. Second.- a- b\n"
            "paragraph|1.|1|First linecontinued.\n"
            "paragraph|2.|1|Second.- a- b\n"
            "lead-in||2|Second.\n"
            "bullet|-|2|a\n"
            "bullet|-|2|b\n");
  EXPECT_EQ(shape(crlf), expected);
  EXPECT_EQ(shape(cr), expected);
  EXPECT_EQ(shape(mixed), expected);
  expect_invariants(mixed, tt::segment(mixed));
}

TEST(Segment, SentencesAreAbbreviationAware) {
  EXPECT_EQ(
      sentences_of("The U.N. Charter applies. See Art. 5 and No. 3 of the list. Mr. Kim and Dr. Lee met "
                   "J. Smith, e.g. at noon. It rose 3.5 per cent! Why? \xE2\x80\x9CYes.\xE2\x80\x9D Done"),
      (std::vector<std::string>{"The U.N. Charter applies.", "See Art. 5 and No. 3 of the list.",
                                "Mr. Kim and Dr. Lee met J. Smith, e.g. at noon.", "It rose 3.5 per cent!",
                                "Why?", "\xE2\x80\x9CYes.\xE2\x80\x9D", "Done"}));
  // A lowercase word after a period does not start a sentence; "etc." ends one before a capital.
  EXPECT_EQ(sentences_of("Goods, services etc. are covered. Fees, taxes etc. The end."),
            (std::vector<std::string>{"Goods, services etc. are covered.", "Fees, taxes etc.", "The end."}));
  // A single sentence gives no sentence children.
  EXPECT_TRUE(sentences_of("Only one sentence here, i.e. this one.").empty());
  // User abbreviations, with or without their period.
  tt::SegmentOptions options = with_sentences();
  options.abbreviations = {"Sched.", "Annex"};
  EXPECT_TRUE(sentences_of("See Sched. B. Then Annex. C applies.", options).empty());  // one sentence
  EXPECT_EQ(sentences_of("See Sched. B. Then Annex. C applies."),
            (std::vector<std::string>{"See Sched.", "B. Then Annex.", "C applies."}));
}

TEST(Segment, SentencesAreChildrenOfLeavesOnly) {
  const std::string text = "1. First. Second.\n(a) Third. Fourth.\n2. Fifth.";
  EXPECT_EQ(outline(text, with_sentences()),
            "paragraph [1.] First. Second.\n(a) Third. Fourth.\n"
            "  lead-in First. Second.\n"
            "    sentence First.\n"
            "    sentence Second.\n"
            "  item [(a)] Third. Fourth.\n"
            "    sentence Third.\n"
            "    sentence Fourth.\n"
            "paragraph [2.] Fifth.\n");
}

TEST(Segment, OptionsSwitchRecognitionOff) {
  const std::string text = "Article 1\n1. A.\n(a) B.\n- Cat. Dog.";
  tt::SegmentOptions options;
  options.headings = options.numbered = options.items = options.bullets = options.sentences = false;
  EXPECT_EQ(outline(text, options), "paragraph Article 1\n1. A.\n(a) B.\n- Cat. Dog.\n");
  options.bullets = true;
  EXPECT_EQ(outline(text, options),
            "paragraph Article 1\n1. A.\n(a) B.\n- Cat. Dog.\n  lead-in Article 1\n1. A.\n(a) B.\n"
            "  bullet [-] Cat. Dog.\n");
  options = with_sentences();
  options.headings = false;
  options.items = false;
  EXPECT_EQ(outline(text, options),
            "paragraph Article 1\n"
            "paragraph [1.] A.\n(a) B.\n- Cat. Dog.\n"
            "  lead-in A.\n(a) B.\n"
            "  bullet [-] Cat. Dog.\n"
            "    sentence Cat.\n"
            "    sentence Dog.\n");
}

TEST(Segment, OffsetsAreExactWithNonAsciiText) {
  const std::string text =
      "Art\xC3\xAD"
      "culo 3\n\xC2\xA0\xC2\xA0(a) \xC3\xA9l\xC3\xA8ve \xE2\x80\x93 s\xC3\xBBr.\xE2\x80\x83\n"
      "\xE2\x80\xA2 \xF0\x9F\x98\x80 emoji";
  const auto clauses = tt::segment(text);
  expect_invariants(text, clauses);
  ASSERT_EQ(clauses.size(), 4u);  // the heading, (a), the lead-in of (a), the bullet
  EXPECT_EQ(clauses[0].label,
            "Art\xC3\xAD"
            "culo 3");
  EXPECT_EQ(clauses[1].label, "(a)");
  EXPECT_EQ(clauses[1].label_start, 16u);  // 11 bytes of heading, the break, two NBSPs
  EXPECT_EQ(text_of(text, clauses[1]),
            "\xC3\xA9l\xC3\xA8ve \xE2\x80\x93 s\xC3\xBBr.\xE2\x80\x83\n\xE2\x80\xA2 \xF0\x9F\x98\x80 emoji");
  EXPECT_EQ(clauses[2].kind, tt::ClauseKind::lead_in);
  EXPECT_EQ(clauses[2].label_start, 20u);                                                // after "(a) "
  EXPECT_EQ(text_of(text, clauses[2]), "\xC3\xA9l\xC3\xA8ve \xE2\x80\x93 s\xC3\xBBr.");  // em space trimmed
  EXPECT_EQ(text_of(text, clauses[3]), "\xF0\x9F\x98\x80 emoji");
  EXPECT_EQ(clauses[3].parent, 1);
}

TEST(Segment, SampleTreatySegmentsAsIntended) {
  const std::string text = tt::testing::read_file(source_dir() + "/samples/sample-treaty.txt");
  const auto clauses = tt::segment(text);
  expect_invariants(text, clauses);
  std::vector<std::string> headings, titles;
  std::size_t bullets = 0, items = 0;
  for (const auto& c : clauses) {
    if (c.kind == tt::ClauseKind::article) {
      headings.push_back(c.label);
      titles.push_back(text.substr(c.title_start, c.title_end - c.title_start));
    }
    bullets += c.kind == tt::ClauseKind::bullet;
    items += c.kind == tt::ClauseKind::item;
  }
  EXPECT_EQ(headings, (std::vector<std::string>{"PART I", "Article 1", "Article 2", "PART II", "Article 3",
                                                "Article 4", "ARTICLE V", "Art. 6", "PART III", "Article 7",
                                                "Article 8", "Article 9", "Article 10", "Article 11"}));
  EXPECT_EQ(titles[1], "Objectives");
  EXPECT_EQ(titles[6], "TECHNICAL REGULATIONS");
  EXPECT_EQ(titles[7], "Trade Facilitation");
  EXPECT_EQ(bullets, 4u);
  EXPECT_EQ(items,
            4u + 5u + 3u);  // (a)-(d) in Article 1, (a)(b)(i)(ii)(c) in Article 2, (a)-(c) in Article 3
  // The preamble: the title and the parties, three recitals ("Mindful", "Determined" with the
  // wrapped "under\nArticle XXIV of the ...", "Convinced ... Wishing" as one paragraph), then
  // the enacting formula.
  const std::vector<tt::ClauseKind> opening{tt::ClauseKind::preamble, tt::ClauseKind::preamble,
                                            tt::ClauseKind::recital,  tt::ClauseKind::recital,
                                            tt::ClauseKind::recital,  tt::ClauseKind::enacting};
  for (std::size_t i = 0; i < opening.size(); ++i) {
    EXPECT_EQ(clauses[i].kind, opening[i]) << i;
    EXPECT_EQ(clauses[i].parent, -1) << i;
  }
  EXPECT_NE(text_of(text, clauses[3]).find("Article XXIV"), std::string::npos);
  EXPECT_EQ(text_of(text, clauses[5]), "Have agreed as follows:");
  // The final clauses close Article 11 and stand at the top.
  const tt::Clause& witness = clauses[clauses.size() - 2];
  const tt::Clause& done = clauses.back();
  EXPECT_EQ(witness.kind, tt::ClauseKind::testimonium);
  EXPECT_EQ(done.kind, tt::ClauseKind::testimonium);
  EXPECT_EQ(witness.parent, -1);
  EXPECT_EQ(done.parent, -1);
  EXPECT_EQ(text_of(text, witness).substr(0, 17), "In witness whereo");
  EXPECT_EQ(text_of(text, done).substr(0, 12), "Done at Vell");
  EXPECT_EQ(text_of(text, clauses[clauses.size() - 3]).substr(0, 29), "Either Party may terminate th");
  // The lead-ins of Articles 1 and 2, of (b) in Article 2, of 3.2 and of 10.2.
  std::vector<std::string> lead_ins;
  for (const auto& c : clauses)
    if (c.kind == tt::ClauseKind::lead_in) lead_ins.push_back(text_of(text, c));
  EXPECT_EQ(lead_ins,
            (std::vector<std::string>{
                "The objectives of this Agreement are to:", "For the purposes of this Agreement:",
                "\"measure\" means any law, regulation, procedure, requirement or practice, including:",
                "Such cooperation shall include:", "The Joint Committee shall in particular:"}));
  EXPECT_EQ(words_left_out(text, clauses), "");
}

TEST(Segment, LeadInsBecomeLeaves) {
  EXPECT_EQ(outline("1. Such cooperation shall include:\n(a) customs; and\n(b) ports.\n2. Other."),
            "paragraph [1.] Such cooperation shall include:\n(a) customs; and\n(b) ports.\n"
            "  lead-in Such cooperation shall include:\n"
            "  item [(a)] customs; and\n"
            "  item [(b)] ports.\n"
            "paragraph [2.] Other.\n");
  // A lead-in over two lines; none for a marker that stands alone or for a heading's title.
  EXPECT_EQ(outline("Article 1\nObjectives\n1. One:\n(a) two\n(b) wrapped\nlead:\n- x\n2.\n(a) three"),
            "article [Article 1] Objectives\n1. One:\n(a) two\n(b) wrapped\nlead:\n- x\n2.\n(a) three\n"
            "  paragraph [1.] One:\n(a) two\n(b) wrapped\nlead:\n- x\n"
            "    lead-in One:\n"
            "    item [(a)] two\n"
            "    item [(b)] wrapped\nlead:\n- x\n"
            "      lead-in wrapped\nlead:\n"
            "      bullet [-] x\n"
            "  paragraph [2.] (a) three\n"
            "    item [(a)] three\n");
}

TEST(Segment, TreatyBlocksHaveTheirOwnKinds) {
  const std::string text =
      "TREATY OF AMITY\n\nThe High Contracting Parties,\n\nCONSIDERING the ties;\nRecognizing the need;\n"
      "HAVE AGREED AS FOLLOWS:\n\nArticle 1\nThe Parties shall meet.\n\nIN WITNESS WHEREOF the "
      "undersigned have signed.\nDONE at Geneva, this first day of June.\n\nFor the Republic:";
  EXPECT_EQ(outline(text),
            "preamble TREATY OF AMITY\n"
            "preamble The High Contracting Parties,\n"
            "recital CONSIDERING the ties;\n"
            "recital Recognizing the need;\n"
            "enacting HAVE AGREED AS FOLLOWS:\n"
            "article [Article 1] The Parties shall meet.\n"
            "  paragraph The Parties shall meet.\n"
            "testimonium IN WITNESS WHEREOF the undersigned have signed.\n"
            "testimonium DONE at Geneva, this first day of June.\n"
            "paragraph For the Republic:\n");
  // Without recitals or formula the opening paragraphs stay paragraphs; recital words after the
  // body starts are text; "done at" in running text is not a testimonium.
  EXPECT_EQ(outline("A news story.\n\n1. Considering this, the Parties\ndone at once."),
            "paragraph A news story.\n"
            "paragraph [1.] Considering this, the Parties\ndone at once.\n");
  EXPECT_EQ(outline("Les Parties,\n\nConsid\xC3\xA9rant les liens;\n\nSont convenues de ce qui suit :\n\n"
                    "Fait \xC3\xA0 Paris."),
            "preamble Les Parties,\n"
            "recital Consid\xC3\xA9rant les liens;\n"
            "enacting Sont convenues de ce qui suit :\n"
            "testimonium Fait \xC3\xA0 Paris.\n");
}

TEST(Segment, NulBytesAndInvalidBytesDoNotBreakIt) {
  const std::string nul("1. a\0b.\n2. c\0\n\n\0\0", 17);
  const auto clauses = tt::segment(nul);
  expect_invariants(nul, clauses);
  ASSERT_EQ(clauses.size(), 3u);
  EXPECT_EQ(text_of(nul, clauses[0]), std::string("a\0b.", 4));
  EXPECT_EQ(text_of(nul, clauses[2]), std::string("\0\0", 2));
  // Truncated sequences at the very end must not be read past (the caller should validate).
  for (const std::string tail : {"\xE2", "\xE2\x80", "\xC2", "\xEF\xBB", "\xF0\x9F\x98", "\xE3\x80"}) {
    for (const std::string head : {"", "- ", "x. ", "Hi. ", "1. A. "}) {
      const std::string text = head + tail;
      expect_invariants(text, tt::segment(text));
    }
  }
}

TEST(Segment, HugeSingleLineAndHugeToken) {
  std::string line;
  line.reserve(200'000'000);
  const std::string words = "the parties shall cooperate on customs matters ";
  while (line.size() + words.size() <= 200'000'000) line += words;
  auto clauses = tt::segment(line);
  ASSERT_EQ(clauses.size(), 1u);
  EXPECT_EQ(clauses[0].start, 0u);
  EXPECT_EQ(clauses[0].end, line.size() - 1);  // trailing space trimmed
  line = {};
  clauses = {};

  const std::string token(100'000, 'x');
  const std::string text = "1. " + token + ". " + token + ".\n- " + token;
  clauses = tt::segment(text);
  expect_invariants(text, clauses);
  ASSERT_EQ(clauses.size(), 3u);  // lowercase after the period: one sentence; the bullet nests
  EXPECT_EQ(clauses[1].kind, tt::ClauseKind::lead_in);  // the paragraph's text before the bullet
  EXPECT_EQ(clauses[1].end - clauses[1].start, 200'003u);
  EXPECT_EQ(clauses[2].kind, tt::ClauseKind::bullet);
  EXPECT_EQ(clauses[2].end - clauses[2].start, 100'000u);
}

// Inputs shaped to trigger the lookahead and nesting logic on every line: they must finish (a
// quadratic algorithm would not, in any reasonable time) and keep the invariants.
TEST(Segment, PathologicalInputsStayLinear) {
  std::string ambiguous, indents, markers;
  for (int i = 0; i < 100'000; ++i) ambiguous += "(h) h\n(i) i\n";
  for (int i = 0; i < 50'000; ++i) indents += std::string(static_cast<std::size_t>(i % 200), ' ') + "- x\n";
  for (int i = 0; i < 50'000; ++i)
    markers += "(a) x\na) x\na. x\n1. x\n1) x\n(1) x\n1.1 X\n(A) x\n- x\n* x\n";
  for (const std::string* text : {&ambiguous, &indents, &markers}) {
    const auto clauses = tt::segment(*text);
    EXPECT_GE(clauses.size(), 50'000u);
    expect_invariants(*text, clauses);
  }
}

TEST(Segment, RandomTextsKeepTheInvariants) {
  const std::vector<std::string> pieces = {"Article 1",
                                           "ARTICLE IV",
                                           "Art. 4",
                                           "Section 2",
                                           "PART I",
                                           "Chapter III",
                                           "1.",
                                           "2)",
                                           "(3)",
                                           "1.2",
                                           "(a)",
                                           "b)",
                                           "c.",
                                           "(i)",
                                           "(ii)",
                                           "(h)",
                                           "(v)",
                                           "- ",
                                           "\xE2\x80\x93 ",
                                           "\xE2\x80\xA2 ",
                                           "* ",
                                           "Title",
                                           "text",
                                           "U.N.",
                                           "e.g.",
                                           "Mr.",
                                           "3.5",
                                           ". ",
                                           "! ",
                                           "? ",
                                           " ",
                                           "  ",
                                           "\t",
                                           "\n",
                                           "\n",
                                           "\r\n",
                                           "\r",
                                           "\n\n",
                                           "\xC3\xA9",
                                           "\xE2\x80\x9C",
                                           "\xE2\x80\x9D",
                                           "\xC2\xA0",
                                           std::string(1, '\0'),
                                           "The",
                                           "of",
                                           ":",
                                           "Considering",
                                           "Have agreed as follows:",
                                           "In witness whereof",
                                           "Done at"};
  std::mt19937 rng(2024);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = static_cast<int>(rng() % 40);
    for (int i = 0; i < length; ++i) text += pieces[rng() % pieces.size()];
    SCOPED_TRACE(text);
    const auto clauses = tt::segment(text);
    expect_invariants(text, clauses);
    ASSERT_EQ(words_left_out(text, clauses), "");
    ASSERT_EQ(words_left_out(text, tt::segment(text, with_sentences())), "");
  }
}
