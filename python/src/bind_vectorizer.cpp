// Bindings of the composed Vectorizer. Documents are read under the GIL, then every heavy call
// runs with the GIL released.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "count_convert.hpp"
#include "treatytext/vectorizer.hpp"

namespace treatytext::python {

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

// Runs f(documents) on a batch without the GIL and returns the matrix as CSR parts.
template <typename F>
py::tuple matrix_call(const py::handle& documents, F&& f) {
  const PythonDocuments batch(documents);
  return csr_to_python(batch.run([&] { return f(static_cast<const DocumentSource&>(batch)); }));
}

}  // namespace

void bind_vectorizer(py::module_& m) {
  py::class_<Vectorizer>(m, "Vectorizer", "analyze -> count -> prune -> weight, with a streaming fit.")
      .def(py::init([](const AnalyzerOptions& analyzer, const PruneOptions& prune,
                       const WeightOptions& weighting, int n_threads) {
             return Vectorizer(VectorizerOptions{analyzer, prune, weighting, n_threads});
           }),
           "analyzer"_a, "prune"_a, "weighting"_a, "n_threads"_a = 1)
      .def_static(
          "from_model", [](const Model& model, int n_threads) { return Vectorizer(model, n_threads); },
          "model"_a, "n_threads"_a = 1)
      .def(
          "fit",
          [](Vectorizer& v, const py::handle& documents) {
            const PythonDocuments batch(documents);
            batch.run([&] { v.fit(batch); });
          },
          "documents"_a)
      .def(
          "fit_transform",
          [](Vectorizer& v, const py::handle& documents) {
            return matrix_call(documents, [&](const DocumentSource& d) { return v.fit_transform(d); });
          },
          "documents"_a)
      .def(
          "transform",
          [](const Vectorizer& v, const py::handle& documents) {
            return matrix_call(documents, [&](const DocumentSource& d) { return v.transform(d); });
          },
          "documents"_a)
      .def(
          "count",
          [](const Vectorizer& v, const py::handle& documents) {
            return matrix_call(documents, [&](const DocumentSource& d) { return v.count(d); });
          },
          "documents"_a)
      .def(
          "partial_counts",
          [](const Vectorizer& v, const py::handle& documents) {
            const PythonDocuments batch(documents);
            return batch.run([&] { return v.partial_counts(batch); });
          },
          "documents"_a)
      .def(
          "count_partition",
          [](const Vectorizer& v, const py::handle& documents) {
            const PythonDocuments batch(documents);
            return batch.run([&] { return v.count_partition(batch); });
          },
          "documents"_a)
      .def(
          "transform_partition",
          [](const Vectorizer& v, const PartitionCounts& counts) {
            return csr_to_python(without_gil([&] { return v.transform_partition(counts); }));
          },
          "counts"_a)
      .def(
          "fit_partial_counts",
          [](Vectorizer& v, const PartialCounts& counts) {
            py::gil_scoped_release release;
            v.fit_partial_counts(counts);
          },
          "counts"_a)
      .def(
          "partial_fit",
          [](Vectorizer& v, const py::handle& documents) {
            const PythonDocuments batch(documents);
            batch.run([&] { v.partial_fit(batch); });
          },
          "documents"_a)
      .def("finalize",
           [](Vectorizer& v) {
             py::gil_scoped_release release;
             v.finalize();
           })
      .def_property_readonly("fitted", &Vectorizer::fitted)
      .def_property_readonly("model", [](const Vectorizer& v) { return *v.model_snapshot(); })
      .def_property_readonly("pending_documents", &Vectorizer::pending_documents)
      .def_property_readonly("n_threads", [](const Vectorizer& v) { return v.options().n_threads; })
      .def_property_readonly("analyzer_options", [](const Vectorizer& v) { return v.options().analyzer; })
      .def_property_readonly("prune_options", [](const Vectorizer& v) { return v.options().prune; })
      .def_property_readonly("weight_options", [](const Vectorizer& v) { return v.options().weighting; });
}

}  // namespace treatytext::python
