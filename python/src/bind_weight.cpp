// Bindings of the weight stage: WeightOptions (schemes by name), inverse_document_frequency,
// apply_weights, normalize_rows.
#include "bindings.hpp"
#include "count_convert.hpp"
#include "treatytext/weight.hpp"

namespace treatytext::python {

namespace py = pybind11;
using namespace pybind11::literals;

namespace {

std::string weight_options_repr(const WeightOptions& o) {
  std::string r = "WeightOptions(tf='" + std::string(to_string(o.tf)) + "', idf='" +
                  std::string(to_string(o.idf)) + "', norm='" + std::string(to_string(o.norm)) +
                  "', bm25=" + (o.bm25 ? "True" : "False");
  r += ", k1=" + py::repr(py::float_(o.k1)).cast<std::string>() +
       ", b=" + py::repr(py::float_(o.b)).cast<std::string>() + ")";
  return r;
}

}  // namespace

void bind_weight(py::module_& m) {
  py::class_<WeightOptions>(m, "WeightOptions", "Weighting options; schemes are given by name.")
      .def(py::init([](std::string_view tf, std::string_view idf, std::string_view norm, bool bm25, double k1,
                       double b) {
             WeightOptions o;
             o.tf = parse_tf_scheme(tf);
             o.idf = parse_idf_scheme(idf);
             o.norm = parse_norm_scheme(norm);
             o.bm25 = bm25;
             o.k1 = k1;
             o.b = b;
             o.validate();
             return o;
           }),
           "tf"_a = "raw", "idf"_a = "smooth", "norm"_a = "l2", "bm25"_a = false, "k1"_a = 1.2, "b"_a = 0.75)
      .def_property(
          "tf", [](const WeightOptions& o) { return std::string(to_string(o.tf)); },
          [](WeightOptions& o, std::string_view name) { o.tf = parse_tf_scheme(name); })
      .def_property(
          "idf", [](const WeightOptions& o) { return std::string(to_string(o.idf)); },
          [](WeightOptions& o, std::string_view name) { o.idf = parse_idf_scheme(name); })
      .def_property(
          "norm", [](const WeightOptions& o) { return std::string(to_string(o.norm)); },
          [](WeightOptions& o, std::string_view name) { o.norm = parse_norm_scheme(name); })
      .def_readwrite("bm25", &WeightOptions::bm25)
      .def_readwrite("k1", &WeightOptions::k1)
      .def_readwrite("b", &WeightOptions::b)
      .def("validate", &WeightOptions::validate)
      .def("__repr__", &weight_options_repr);

  m.def(
      "inverse_document_frequency",
      [](const IndexArray& document_frequency, std::int64_t documents, const WeightOptions& options) {
        const std::span<const std::int64_t> df(document_frequency.data(),
                                               static_cast<std::size_t>(document_frequency.size()));
        std::vector<double> idf;
        {
          py::gil_scoped_release release;
          idf = inverse_document_frequency(df, documents, options);
        }
        return to_numpy(std::move(idf));
      },
      "document_frequency"_a, "documents"_a, "options"_a);

  m.def(
      "apply_weights",
      [](const ValueArray& data, const IndexArray& indices, const IndexArray& indptr, std::int64_t rows,
         std::int64_t cols, const ValueArray& idf, const WeightOptions& options, double average_length,
         int n_threads) {
        CsrMatrix matrix = csr_from_python(data, indices, indptr, rows, cols);
        const std::span<const double> idf_view(idf.data(), static_cast<std::size_t>(idf.size()));
        {
          py::gil_scoped_release release;
          apply_weights(matrix, idf_view, options, average_length, n_threads);
        }
        return csr_to_python(std::move(matrix));
      },
      "data"_a, "indices"_a, "indptr"_a, "rows"_a, "cols"_a, "idf"_a, "options"_a, "average_length"_a = 0.0,
      "n_threads"_a = 1, "Weights a copy of a raw count matrix; returns its CSR parts.");

  m.def(
      "normalize_rows",
      [](const ValueArray& data, const IndexArray& indices, const IndexArray& indptr, std::int64_t rows,
         std::int64_t cols, std::string_view norm, int n_threads) {
        CsrMatrix matrix = csr_from_python(data, indices, indptr, rows, cols);
        const NormScheme scheme = parse_norm_scheme(norm);
        {
          py::gil_scoped_release release;
          normalize_rows(matrix, scheme, n_threads);
        }
        return csr_to_python(std::move(matrix));
      },
      "data"_a, "indices"_a, "indptr"_a, "rows"_a, "cols"_a, "norm"_a, "n_threads"_a = 1);
}

}  // namespace treatytext::python
