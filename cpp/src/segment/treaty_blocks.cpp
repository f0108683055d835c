#include "segment/treaty_blocks.hpp"

#include <algorithm>

#include "segment/chars.hpp"

namespace treatytext::detail {
namespace {

// ASCII case-insensitive: does text at pos (before last) start with phrase? Non-ASCII bytes of
// the phrase must match exactly (write both cases into the lists where needed).
bool starts_with_folded(std::string_view text, std::size_t pos, std::size_t last,
                        std::string_view phrase) noexcept {
  if (last - pos < phrase.size()) return false;
  for (std::size_t i = 0; i < phrase.size(); ++i)
    if (ascii_lower(byte_at(text, pos + i)) != ascii_lower(static_cast<unsigned char>(phrase[i])))
      return false;
  return true;
}

// The phrase at pos ends a word: no ASCII letter (or a UTF-8 lead/continuation byte) follows.
bool word_ends(std::string_view text, std::size_t pos, std::size_t last) noexcept {
  if (pos >= last) return true;
  const unsigned char b = byte_at(text, pos);
  return !(is_ascii_alnum(b) || b >= 0x80);
}

bool starts_with_word(std::string_view text, std::size_t first, std::size_t last,
                      std::string_view word) noexcept {
  return starts_with_folded(text, first, last, word) && word_ends(text, first + word.size(), last);
}

// Participles and adjectives that open the recitals of treaties in English, French and Spanish
// (the ToTA languages). Read only before the body, so a word used elsewhere is harmless.
constexpr std::string_view kRecitalWords[] = {
    "Acknowledging", "Affirming",    "Anxious",      "Aspiring",      "Aware",       "Bearing",
    "Believing",     "Building",     "Committed",    "Confirming",    "Conscious",   "Considering",
    "Convinced",     "Desiring",     "Desirous",     "Determined",    "Emphasising", "Emphasizing",
    "Encouraged",    "Encouraging",  "Guided",       "Having",        "Inspired",    "Intending",
    "Mindful",       "Noting",       "Reaffirming",  "Realising",     "Realizing",   "Recalling",
    "Recognising",   "Recognizing",  "Reiterating",  "Resolved",      "Resolving",   "Seeking",
    "Sharing",       "Stressing",    "Taking",       "Underlining",   "Welcoming",   "Whereas",
    "Wishing",       "Considérant",  "CONSIDÉRANT",  "Reconnaissant", "Désireux",    "DÉSIREUX",
    "Désireuses",    "DÉSIREUSES",   "Résolus",      "RÉSOLUS",       "Convaincus",  "Conscients",
    "Rappelant",     "Soulignant",   "Prenant",      "Réaffirmant",   "RÉAFFIRMANT", "Notant",
    "Tenant",        "Considerando", "Reconociendo", "Deseosos",      "Deseando",    "Resueltos",
    "Convencidos",   "Conscientes",  "Recordando",   "Reafirmando",   "Tomando",     "Teniendo",
    "Destacando",    "Decididos",    "Animados",     "Reconocimiento"};

constexpr std::string_view kEnactingPhrases[] = {
    "agreed as follows",          "agree as follows",        "agreed upon the following",
    "convenu de ce qui suit",     "convenus de ce qui suit", "convenues de ce qui suit",
    "conviennent de ce qui suit", "convenido lo siguiente",  "acordado lo siguiente",
    "acuerdan lo siguiente",      "convienen lo siguiente",  "convenido en lo siguiente"};

constexpr std::string_view kTestimoniumPhrases[] = {"In witness whereof",
                                                    "In faith whereof",
                                                    "In testimony whereof",
                                                    "Done at",
                                                    "Done in",
                                                    "En foi de quoi",
                                                    "Fait à",
                                                    "FAIT À",
                                                    "En fe de lo cual",
                                                    "Hecho en"};

constexpr std::size_t kEnactingSearchBytes = 400;

}  // namespace

bool opens_recital(std::string_view text, std::size_t first, std::size_t last) noexcept {
  for (const std::string_view word : kRecitalWords)
    if (starts_with_word(text, first, last, word)) return true;
  return false;
}

bool is_enacting_formula(std::string_view text, std::size_t first, std::size_t last) noexcept {
  const std::size_t limit = std::min(last, first + kEnactingSearchBytes);
  for (std::size_t pos = first; pos < limit; ++pos) {
    const unsigned char b = ascii_lower(byte_at(text, pos));
    if (b != 'a' && b != 'c') continue;  // every phrase starts with "a" or "c"
    if (pos > first && is_ascii_alnum(byte_at(text, pos - 1))) continue;
    for (const std::string_view phrase : kEnactingPhrases)
      if (starts_with_folded(text, pos, last, phrase) && word_ends(text, pos + phrase.size(), last))
        return true;
  }
  return false;
}

bool opens_testimonium(std::string_view text, std::size_t first, std::size_t last) noexcept {
  if (!is_ascii_upper(byte_at(text, first))) return false;
  for (const std::string_view phrase : kTestimoniumPhrases)
    if (starts_with_word(text, first, last, phrase)) return true;
  return false;
}

}  // namespace treatytext::detail
