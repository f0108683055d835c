// Bindings of the analysis stage.
#include "bindings.hpp"

namespace treatytext::python {

void bind_analysis(pybind11::module_& /*m*/) {}

}  // namespace treatytext::python
