// Bindings of persistence: Model (read-only view of a fitted model), JSON and file round trips.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "count_convert.hpp"
#include "treatytext/model.hpp"

namespace treatytext::python {

namespace py = pybind11;
using namespace pybind11::literals;

void bind_model(py::module_& m) {
  m.attr("MODEL_FORMAT_VERSION") = kModelFormatVersion;
  py::class_<Model>(m, "Model",
                    "A fitted model: options of each stage, vocabulary, idf and corpus statistics.")
      .def_property_readonly("terms", [](const Model& model) { return terms_to_python(model.vocabulary); })
      .def_property_readonly("idf",
                             [](const Model& model) { return to_numpy(std::vector<double>(model.idf)); })
      .def_property_readonly(
          "document_frequency",
          [](const Model& model) { return to_numpy(std::vector<std::int64_t>(model.document_frequency)); })
      .def_readonly("documents", &Model::documents)
      .def_readonly("average_length", &Model::average_length)
      .def_property_readonly("analyzer", [](const Model& model) { return model.analyzer; })
      .def_property_readonly("prune", [](const Model& model) { return model.prune; })
      .def_property_readonly("weighting", [](const Model& model) { return model.weighting; })
      .def_property_readonly(
          "vocabulary_memory_bytes", [](const Model& model) { return model.vocabulary.memory_bytes(); },
          "Bytes held by the vocabulary: its one arena of term bytes, an 8-byte offset and a 4-byte hash "
          "tag per term, and the hash table (16-byte slots, load factor 1/4 to 1/2).")
      .def("__len__", [](const Model& model) { return model.vocabulary.size(); })
      .def("validate", &Model::validate)
      .def(
          "to_json",
          [](const Model& model, int indent) {
            std::string text;
            {
              py::gil_scoped_release release;
              text = model_to_json(model, indent);
            }
            return text;
          },
          "indent"_a = -1)
      .def_static(
          "from_json",
          [](std::string_view text) {
            py::gil_scoped_release release;
            return model_from_json(text);
          },
          "text"_a, "Parses a model; ValueError names the field that is wrong.")
      .def(
          "save",
          [](const Model& model, const std::string& path) {
            py::gil_scoped_release release;
            save_model(model, path);
          },
          "path"_a, "Writes the model as JSON (OSError on file problems).")
      .def_static(
          "load",
          [](const std::string& path) {
            py::gil_scoped_release release;
            return load_model(path);
          },
          "path"_a, "Reads a model file (OSError when unreadable, ValueError when malformed).");
}

}  // namespace treatytext::python
