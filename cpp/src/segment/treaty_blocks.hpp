// Internal to the segment stage: the set phrases that open a treaty's blocks outside its
// articles (recitals, the enacting formula, the testimonium). Each test reads a bounded number
// of bytes of one line, so it costs O(1) whatever the line's length.
#pragma once

#include <cstddef>
#include <string_view>

namespace treatytext::detail {

/// The line [first, last) opens a recital: its first word is a recital word ("Considering",
/// "Recognising", "Desiring", "Mindful", ..., French and Spanish forms), any case.
bool opens_recital(std::string_view text, std::size_t first, std::size_t last) noexcept;

/// The line [first, last) holds an enacting formula ("Have agreed as follows:", "HAVE AGREED AS
/// FOLLOWS", "sont convenus de ce qui suit", "han acordado lo siguiente") in its first 400 bytes.
bool is_enacting_formula(std::string_view text, std::size_t first, std::size_t last) noexcept;

/// The line [first, last) opens the testimonium: "In witness whereof", "In faith whereof", "In
/// testimony whereof", "Done at", "Done in" ("En foi de quoi", "Fait à", "En fe de lo cual",
/// "Hecho en"), the first letter a capital, the rest in any case.
bool opens_testimonium(std::string_view text, std::size_t first, std::size_t last) noexcept;

}  // namespace treatytext::detail
