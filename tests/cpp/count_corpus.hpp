// Test and benchmark helpers of the count stage: the article texts of the ToTA corpus, and a
// whitespace term producer that stands in for the analyzer where its details do not matter.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "corpora.hpp"
#include "treatytext/terms.hpp"

namespace treatytext::testing {

/// Lower-cases ASCII letters and splits on ASCII whitespace; other bytes are kept as they are.
class WhitespaceProducer final : public TermProducer {
 public:
  void analyze(std::string_view document, TermList& out) const override {
    out.clear();
    std::string& arena = out.arena();
    for (const char raw : document) {
      if (raw == ' ' || raw == '\n' || raw == '\t' || raw == '\r') {
        if (out.open_length() > 0) out.seal();
        continue;
      }
      arena.push_back(raw >= 'A' && raw <= 'Z' ? static_cast<char>(raw + ('a' - 'A')) : raw);
    }
    if (out.open_length() > 0) out.seal();
  }
};

/// Replaces the five predefined XML entities (the only ones ToTA uses).
inline std::string xml_unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '&') {
      static constexpr std::pair<std::string_view, char> entities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
      bool replaced = false;
      for (const auto& [entity, character] : entities) {
        if (text.substr(i, entity.size()) == entity) {
          out.push_back(character);
          i += entity.size() - 1;
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
    }
    out.push_back(text[i]);
  }
  return out;
}

/// The texts of the <article> elements of pta_1.xml .. pta_<files>.xml, in file order.
inline std::vector<std::string> tota_articles(int files = 300) {
  std::vector<std::string> articles;
  const std::string directory = corpora_dir() + "/tota/xml";
  for (int i = 1; i <= files; ++i) {
    const std::string path = directory + "/pta_" + std::to_string(i) + ".xml";
    if (!std::filesystem::exists(path)) continue;
    const std::string xml = read_file(path);
    std::size_t pos = 0;
    while ((pos = xml.find("<article", pos)) != std::string::npos) {
      const std::size_t open_end = xml.find('>', pos);
      if (open_end == std::string::npos) break;
      if (xml[open_end - 1] == '/') {  // <article .../>: an empty article
        articles.emplace_back();
        pos = open_end;
        continue;
      }
      const std::size_t close = xml.find("</article>", open_end);
      if (close == std::string::npos) break;
      articles.push_back(xml_unescape(std::string_view(xml).substr(open_end + 1, close - open_end - 1)));
      pos = close;
    }
  }
  return articles;
}

inline std::vector<std::string_view> views(const std::vector<std::string>& texts) {
  return {texts.begin(), texts.end()};
}

}  // namespace treatytext::testing
