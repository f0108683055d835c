// Shared declarations of the pybind11 bindings: one bind_<stage>() per stage file.
//
// Results: a single value is itself (a CSR matrix is the value (data, indices, indptr, (rows,
// cols)) of csr_to_python); several parts are a dict made by named_parts (results.hpp), keyed by
// the core result struct's fields (a Vocabulary as "terms", a matrix as a CSR value; a vector of
// records as columns named by the record's fields: "start"). Tuples only for pickling state, the
// (level, number) / (start, end) pairs that Reference.path and Definition.uses hold verbatim, and
// _core.Analyzer.tokenize's (term, start, end) Token records. Classes only for stateful objects.
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
