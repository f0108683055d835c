// Bindings of the text stage.
#include "bindings.hpp"

namespace treatytext::python {

void bind_text(pybind11::module_& /*m*/) {}

}  // namespace treatytext::python
