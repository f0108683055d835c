// Bindings of the analyzer stage.
#include "bindings.hpp"

namespace treatytext::python {

void bind_analyzer(pybind11::module_& /*m*/) {}

}  // namespace treatytext::python
