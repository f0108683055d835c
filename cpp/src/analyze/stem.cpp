#include "analyze/stem.hpp"

#include <libstemmer.h>

#include <algorithm>

#include "treatytext/analyzer.hpp"
#include "treatytext/error.hpp"

namespace treatytext {
namespace detail {

namespace {
std::string known_languages() {
  std::string list;
  for (const std::string& language : stemmer_languages()) {
    if (!list.empty()) list += ", ";
    list += language;
  }
  return list;
}
}  // namespace

Stemmer::Stemmer(const std::string& language) : stemmer_(sb_stemmer_new(language.c_str(), "UTF_8")) {
  if (!stemmer_)
    throw invalid_argument("AnalyzerOptions.stem_language: unknown Snowball language '" + language +
                           "'; known: " + known_languages());
}

Stemmer::~Stemmer() {
  if (stemmer_) sb_stemmer_delete(stemmer_);
}

Stemmer& Stemmer::operator=(Stemmer&& other) noexcept {
  if (this != &other) {
    if (stemmer_) sb_stemmer_delete(stemmer_);
    stemmer_ = other.stemmer_;
    other.stemmer_ = nullptr;
  }
  return *this;
}

std::string_view Stemmer::stem(std::string_view word) {
  const sb_symbol* result = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                            static_cast<int>(word.size()));
  if (!result)
    throw error("Snowball stemmer ran out of memory on a " + std::to_string(word.size()) + "-byte word");
  return {reinterpret_cast<const char*>(result), static_cast<std::size_t>(sb_stemmer_length(stemmer_))};
}

bool stemmer_language_known(const std::string& language) {
  sb_stemmer* stemmer = sb_stemmer_new(language.c_str(), "UTF_8");
  if (!stemmer) return false;
  sb_stemmer_delete(stemmer);
  return true;
}

}  // namespace detail

std::vector<std::string> stemmer_languages() {
  std::vector<std::string> languages;
  for (const char** name = sb_stemmer_list(); *name; ++name) languages.emplace_back(*name);
  std::sort(languages.begin(), languages.end());
  return languages;
}

}  // namespace treatytext
