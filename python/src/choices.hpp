// Option names passed from Python, turned into the core's enum values. No domain logic: the
// names and their values are the caller's; this only matches them and words the error.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

#include "treatytext/error.hpp"

namespace treatytext::python {

/// A name accepted from Python and the core value it stands for.
template <typename Enum>
struct Choice {
  std::string_view name;
  Enum value;
};

/// The value of the choice called `name`. Otherwise throws invalid_argument (ValueError)
/// "<lead> 'a', 'b' or 'c', got '<name>'", where `lead` names the option, e.g. "measure must
/// be" or "norm: expected", so that each binding keeps the wording of its module.
template <typename Enum>
Enum choose(const std::string& name, std::string_view lead, std::initializer_list<Choice<Enum>> choices) {
  for (const auto& choice : choices)
    if (choice.name == name) return choice.value;
  std::string message(lead);
  std::size_t i = 0;
  for (const auto& choice : choices) {
    message += i == 0 ? " '" : i + 1 == choices.size() ? " or '" : ", '";
    message += choice.name;
    message += '\'';
    ++i;
  }
  throw invalid_argument(message + ", got '" + name + "'");
}

}  // namespace treatytext::python
