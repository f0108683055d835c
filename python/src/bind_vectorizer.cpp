// Bindings of the vectorizer stage.
#include "bindings.hpp"

namespace treatytext::python {

void bind_vectorizer(pybind11::module_& /*m*/) {}

}  // namespace treatytext::python
