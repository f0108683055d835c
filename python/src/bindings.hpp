// Shared declarations of the pybind11 bindings: one bind_<stage>() per stage file.
#pragma once

#include <pybind11/pybind11.h>

namespace treatytext::python {

void bind_text(pybind11::module_& m);
void bind_segment(pybind11::module_& m);
void bind_analyzer(pybind11::module_& m);
void bind_count(pybind11::module_& m);
void bind_weight(pybind11::module_& m);
void bind_similarity(pybind11::module_& m);
void bind_model(pybind11::module_& m);
void bind_vectorizer(pybind11::module_& m);
void bind_sklearn(pybind11::module_& m);
void bind_analysis(pybind11::module_& m);
void bind_reuse(pybind11::module_& m);
void bind_references(pybind11::module_& m);
void bind_validate(pybind11::module_& m);

}  // namespace treatytext::python
