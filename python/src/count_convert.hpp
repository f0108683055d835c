// Conversion of the count stage's types (vocabulary terms, Counts) to and from Python objects.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "convert.hpp"
#include "documents.hpp"
#include "results.hpp"
#include "treatytext/count.hpp"
#include "treatytext/vocabulary.hpp"

namespace treatytext::python {

namespace py = pybind11;

using IndexArray = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using ValueArray = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// The terms of a vocabulary as a list of str, in id order.
inline py::list terms_to_python(const Vocabulary& vocabulary) {
  py::list terms(vocabulary.size());
  for (std::size_t i = 0; i < vocabulary.size(); ++i)
    terms[i] = to_python_str(vocabulary.term_unchecked(static_cast<TermId>(i)));
  return terms;
}

/// A sequence of str as a vector of UTF-8 strings; TypeError names the first item that is not a
/// str, ValueError one that holds a lone surrogate.
/// A str argument's UTF-8 form, read in place (no copy cached in the caller's str, see
/// documents.hpp); ValueError naming `name` for a lone surrogate.
inline std::string utf8_of(const py::str& text, const char* name) {
  std::string out;
  append_str_utf8(text.ptr(), name, out);
  return out;
}

inline std::vector<std::string> strings_from_python(const py::handle& sequence, const char* name) {
  if (PyUnicode_Check(sequence.ptr()))
    throw py::type_error(std::string(name) + " must be a sequence of str, not a str");
  std::vector<std::string> result;
  const auto items = py::reinterpret_steal<py::object>(PySequence_Fast(sequence.ptr(), name));
  if (!items) throw py::error_already_set();
  const auto n = PySequence_Fast_GET_SIZE(items.ptr());
  PyObject** data = PySequence_Fast_ITEMS(items.ptr());
  result.reserve(static_cast<std::size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    if (!PyUnicode_Check(data[i]))
      throw py::type_error(std::string(name) + "[" + std::to_string(i) + "] must be str, got " +
                           Py_TYPE(data[i])->tp_name);
    // Read in place (no UTF-8 copy cached in the caller's str, see documents.hpp).
    append_str_utf8(data[i], std::string(name) + "[" + std::to_string(i) + "]", result.emplace_back());
  }
  return result;
}

/// The fields of Counts: terms (the vocabulary's terms, a list of str in id order), matrix (the
/// CSR value of csr_to_python), document_frequency and term_frequency (int64 arrays).
inline py::dict counts_to_python(Counts&& counts) {
  py::list terms = terms_to_python(counts.vocabulary);
  counts.vocabulary = Vocabulary{};
  return named_parts({
      {"terms", terms},
      {"matrix", csr_to_python(std::move(counts.matrix))},
      {"document_frequency", to_numpy(std::move(counts.document_frequency))},
      {"term_frequency", to_numpy(std::move(counts.term_frequency))},
  });
}

/// Copies the parts of a Python Counts into the core's Counts and validates them (ValueError
/// names the inconsistency).
inline Counts counts_from_python(const py::handle& terms, const ValueArray& data, const IndexArray& indices,
                                 const IndexArray& indptr, std::int64_t rows, std::int64_t cols,
                                 const IndexArray& document_frequency, const IndexArray& term_frequency) {
  Counts counts;
  counts.vocabulary = Vocabulary(strings_from_python(terms, "terms"));
  counts.matrix = csr_from_python(data, indices, indptr, rows, cols);
  counts.document_frequency.assign(document_frequency.data(),
                                   document_frequency.data() + document_frequency.size());
  counts.term_frequency.assign(term_frequency.data(), term_frequency.data() + term_frequency.size());
  counts.validate();
  return counts;
}

}  // namespace treatytext::python
