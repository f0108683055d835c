// Bindings of the similarity stage.
#include "bindings.hpp"

namespace treatytext::python {

void bind_similarity(pybind11::module_& /*m*/) {}

}  // namespace treatytext::python
