// The one form of a binding's result of more than one part: a dict of named parts (see the
// convention at the top of bindings.hpp).
#pragma once

#include <pybind11/pybind11.h>

#include <initializer_list>
#include <utility>

namespace treatytext::python {

namespace py = pybind11;

/// One named part of a result: {"key", value}, the value a numpy array (to_numpy), a list of
/// str, a nested dict of named parts, a CSR value (csr_to_python) or py::cast(scalar).
using Part = std::pair<const char*, py::object>;

/// The dict {key: value, ...} of a result's parts, in the order given; keys are the field names
/// of the core's result struct. A trailing comma after the last part keeps one part a line.
inline py::dict named_parts(std::initializer_list<Part> parts) {
  py::dict out;
  for (const auto& [key, value] : parts) out[key] = value;
  return out;
}

}  // namespace treatytext::python
