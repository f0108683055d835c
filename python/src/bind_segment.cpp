// Bindings of the segment stage.
#include "bindings.hpp"

namespace treatytext::python {

void bind_segment(pybind11::module_& /*m*/) {}

}  // namespace treatytext::python
