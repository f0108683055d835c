// Bindings of the count stage.
#include "bindings.hpp"

namespace treatytext::python {

void bind_count(pybind11::module_& /*m*/) {}

}  // namespace treatytext::python
