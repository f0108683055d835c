// Bindings of the weight stage.
#include "bindings.hpp"

namespace treatytext::python {

void bind_weight(pybind11::module_& /*m*/) {}

}  // namespace treatytext::python
