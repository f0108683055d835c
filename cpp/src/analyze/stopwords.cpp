// The built-in English stop-word list, written for treatytext. It removes function words
// that carry no topic, and deliberately keeps negations (not, no, nor, neither, never),
// modals (shall, may, must, will, should, can) and exceptions (unless, except, without):
// in a treaty "shall not" and "may" are the substance of a clause. Contractions are written
// with the ASCII apostrophe, as the analyzer writes ’ in terms.
#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "treatytext/analyzer.hpp"
#include "treatytext/error.hpp"

namespace treatytext {

const std::vector<std::string>& english_stop_words() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> list = {
        // articles and determiners
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "each",
        "every",
        "some",
        "any",
        "all",
        "both",
        "such",
        "other",
        "another",
        "same",
        "own",
        "few",
        "more",
        "most",
        "many",
        "much",
        "several",
        // personal pronouns
        "i",
        "me",
        "my",
        "mine",
        "myself",
        "we",
        "us",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        // relative and interrogative words
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "where",
        "when",
        "why",
        "how",
        "whereby",
        "wherein",
        "whereof",
        "whereas",
        // prepositions
        "about",
        "above",
        "across",
        "after",
        "against",
        "along",
        "among",
        "amongst",
        "around",
        "at",
        "before",
        "below",
        "between",
        "beyond",
        "by",
        "down",
        "during",
        "for",
        "from",
        "in",
        "inside",
        "into",
        "near",
        "of",
        "off",
        "on",
        "onto",
        "out",
        "outside",
        "over",
        "per",
        "since",
        "than",
        "through",
        "throughout",
        "to",
        "toward",
        "towards",
        "under",
        "until",
        "unto",
        "up",
        "upon",
        "via",
        "with",
        "within",
        // conjunctions and connectives
        "and",
        "but",
        "or",
        "if",
        "because",
        "as",
        "while",
        "although",
        "though",
        "whether",
        "so",
        "yet",
        "then",
        "also",
        "therefore",
        "thus",
        "hence",
        "however",
        "moreover",
        "furthermore",
        // auxiliaries and copulas (not the modals)
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        // adverbs and particles
        "here",
        "there",
        "now",
        "again",
        "further",
        "once",
        "only",
        "very",
        "too",
        "just",
        "even",
        "still",
        "already",
        "rather",
        "quite",
        "almost",
        "ever",
        "either",
        // legal function words
        "hereby",
        "herein",
        "hereof",
        "hereto",
        "hereunder",
        "hereafter",
        "thereby",
        "therein",
        "thereof",
        "thereto",
        "thereunder",
        "thereafter",
        // contractions of pronouns with be/have (those with 'd and 'll stand for modals)
        "i'm",
        "i've",
        "you're",
        "you've",
        "he's",
        "she's",
        "it's",
        "we're",
        "we've",
        "they're",
        "they've",
        "that's",
        "there's",
        "here's",
        "what's",
        "who's",
        "let's",
    };
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
  }();
  return words;
}

// Words that name the instrument, its parts and its parties: in a corpus of treaties they occur
// in nearly every clause and crowd the top terms and theme labels ("party", "parties",
// "agreement", "article") without telling one clause from another. Nouns of substance (state,
// territory, goods, measures) stay, and so do the modals, negations and exceptions.
const std::vector<std::string>& treaty_boilerplate_words() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> list = {
        "party",      "parties",      "party's",      "parties'",      "contracting", "agreement",
        "agreements", "treaty",       "convention",   "protocol",      "article",     "articles",
        "paragraph",  "paragraphs",   "subparagraph", "subparagraphs", "chapter",     "chapters",
        "section",    "sections",     "annex",        "annexes",       "appendix",    "provision",
        "provisions", "present",      "pursuant",     "accordance",    "referred",    "hereinafter",
        "respective", "respectively", "concerned",    "including",     "thereunder",  "aforementioned",
    };
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
  }();
  return words;
}

const std::vector<std::string>& modal_verbs() {
  static const std::vector<std::string> words = {"can",   "could", "may",    "might", "must",
                                                 "ought", "shall", "should", "will",  "would"};
  return words;
}

const std::vector<std::string>& stop_word_list_names() {
  static const std::vector<std::string> names = {"english", "treaty", "treaty+modals"};
  return names;
}

namespace {

std::vector<std::string> sorted_union(std::initializer_list<const std::vector<std::string>*> lists) {
  std::vector<std::string> words;
  for (const auto* list : lists) words.insert(words.end(), list->begin(), list->end());
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

}  // namespace

const std::vector<std::string>& built_in_stop_words(std::string_view name) {
  if (name == "english") return english_stop_words();
  if (name == "treaty") {
    static const std::vector<std::string> words =
        sorted_union({&english_stop_words(), &treaty_boilerplate_words()});
    return words;
  }
  if (name == "treaty+modals") {
    static const std::vector<std::string> words =
        sorted_union({&english_stop_words(), &treaty_boilerplate_words(), &modal_verbs()});
    return words;
  }
  std::string known;
  for (const std::string& list : stop_word_list_names()) known += (known.empty() ? "'" : ", '") + list + "'";
  throw invalid_argument("unknown built-in list '" + std::string(name) + "'; known: " + known +
                         " (give your own words in extra_stop_words)");
}

}  // namespace treatytext
