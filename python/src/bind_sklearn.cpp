// Bindings of the sklearn stage.
#include "bindings.hpp"

namespace treatytext::python {

void bind_sklearn(pybind11::module_& /*m*/) {}

}  // namespace treatytext::python
