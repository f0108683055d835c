// Internal to the analyzer: an owning handle on a Snowball stemmer. A stemmer keeps state
// between calls and is not thread-safe, so each analyzer context owns its own.
#pragma once

#include <string>
#include <string_view>

struct sb_stemmer;

namespace treatytext::detail {

class Stemmer {
 public:
  Stemmer() = default;
  /// Opens the UTF-8 stemmer of a language; throws invalid_argument listing the known ones.
  explicit Stemmer(const std::string& language);
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;
  Stemmer(Stemmer&& other) noexcept : stemmer_(other.stemmer_) { other.stemmer_ = nullptr; }
  Stemmer& operator=(Stemmer&& other) noexcept;

  [[nodiscard]] bool valid() const noexcept { return stemmer_ != nullptr; }
  /// The stem of a lower-case UTF-8 word; the view lives until the next call.
  std::string_view stem(std::string_view word);

 private:
  sb_stemmer* stemmer_ = nullptr;
};

/// True when libstemmer knows the language (a canonical name or an alias such as "en").
bool stemmer_language_known(const std::string& language);

}  // namespace treatytext::detail
