// Bindings of the model stage.
#include "bindings.hpp"

namespace treatytext::python {

void bind_model(pybind11::module_& /*m*/) {}

}  // namespace treatytext::python
